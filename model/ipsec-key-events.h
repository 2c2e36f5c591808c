/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_KEY_EVENTS_H
#define IPSEC_KEY_EVENTS_H

#include "ipsec-flow.h"
#include "security-association.h"
#include "security-policy.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief SADB_ACQUIRE (RFC 2367 §3.1.6): outbound traffic needs an SA that does not exist.
 *
 * A key manager answers with GETSPI (echoing `sequence`), negotiates with the peer, then
 * UPDATEs the larval SA and ADDs its reverse.
 */
struct IpsecAcquire
{
    uint32_t sequence = 0;                            //!< sadb_msg_seq, echoed in replies
    IpsecProtocol protocol = IpsecProtocol::ESP;      //!< the SA type needed
    IpsecMode mode = IpsecMode::TRANSPORT;            //!< its mode
    IpsecAddress source = Ipv4Address::GetAny();      //!< its source (tunnel: outer)
    IpsecAddress destination = Ipv4Address::GetAny(); //!< its destination (tunnel: outer)
    IpsecProtectionRequest proposal;                  //!< acceptable algorithms and key sizes
    uint32_t policyId = 0;                            //!< the SPD entry that asked (sadb_x_policy)
    IpsecFlow flow;                                   //!< selectors of the packet that triggered it
    /// ipsecconf `sa unique`: the SA must be bound to the triggering flow (its protocol and
    /// ports as SA selectors); a shared SA does not serve it.
    bool perFlow = false;
    Time time; //!< when it was raised
};

/**
 * \ingroup ipsec
 * \brief SADB_EXPIRE (RFC 2367 §3.1.7): an SA reached a soft or a hard lifetime limit.
 */
struct IpsecExpire
{
    Ptr<const SecurityAssociation> sa; //!< the SA, with its counters as at expiry
    bool hard = false;                 //!< hard (SA deleted) or soft (SA now DYING)
    SecurityAssociation::Limit limit = SecurityAssociation::Limit::ADD_TIME; //!< which limit
    Time time;                                                               //!< when
};

} // namespace ns3

#endif /* IPSEC_KEY_EVENTS_H */
