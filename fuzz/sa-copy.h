/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief Fresh SAs equal to others, built through the public setters, shared by the config and
 * node-receive harnesses (a baseline copied again for every input, sender-side twins of a
 * node's inbound SAs).
 *
 * The copies are not initialized: each harness adds what it copies beyond these (a sequence
 * counter, a state) and calls SecurityAssociation::Initialize() itself, reporting a refusal its
 * own way. What no setter here reaches (UDP encapsulation, creation time, use counters, the
 * replay window's contents) is the new SA's own.
 */
#ifndef IPSEC_FUZZ_SA_COPY_H
#define IPSEC_FUZZ_SA_COPY_H

#include "ns3/ptr.h"
#include "ns3/security-association.h"

namespace ipsecfuzz
{

/**
 * \brief A new SA with the protocol, SPI, addresses, algorithms, keys and mode of \p sa.
 * \param sa the SA to copy
 * \return the copy, not initialized
 */
inline ns3::Ptr<ns3::SecurityAssociation>
CopySaKeys(const ns3::SecurityAssociation& sa)
{
    auto c = ns3::Create<ns3::SecurityAssociation>(sa.GetProtocol(),
                                                   sa.GetSpi(),
                                                   sa.GetSource(),
                                                   sa.GetDestination());
    if (sa.GetEncryptionAlgorithm())
    {
        c->SetEncryption(sa.GetEncryptionAlgorithm()->name, sa.GetEncryptionKey());
    }
    if (sa.GetAuthenticationAlgorithm())
    {
        c->SetAuthentication(sa.GetAuthenticationAlgorithm()->name, sa.GetAuthenticationKey());
    }
    c->SetMode(sa.GetMode());
    return c;
}

/**
 * \brief A new SA with every parameter of \p sa: those of CopySaKeys(), and the replay window
 * size, ESN, cyclic sequence numbers, soft and hard lifetimes, selectors, policy id and pair
 * SPI.
 * \param sa the SA to copy
 * \return the copy, not initialized (a fresh sequence counter and state)
 */
inline ns3::Ptr<ns3::SecurityAssociation>
CopySaParameters(const ns3::SecurityAssociation& sa)
{
    ns3::Ptr<ns3::SecurityAssociation> c = CopySaKeys(sa);
    c->SetReplayWindow(sa.GetReplayWindowSize());
    c->SetExtendedSequenceNumbers(sa.HasExtendedSequenceNumbers());
    c->SetCyclic(sa.IsCyclic());
    c->SetSoftLifetime(sa.GetSoftLifetime());
    c->SetHardLifetime(sa.GetHardLifetime());
    c->SetSelectors(sa.GetSelectors());
    c->SetPolicyId(sa.GetPolicyId());
    c->SetPairSpi(sa.GetPairSpi());
    return c;
}

} // namespace ipsecfuzz

#endif /* IPSEC_FUZZ_SA_COPY_H */
