/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IKEV2_CHILD_SA_H
#define IKEV2_CHILD_SA_H

/**
 * \file
 * \ingroup ipsec
 * One Child SA negotiated by the IKEv2 daemon: the pair of ESP SAs and what they were made of.
 */

#include "ikev2-child-suite.h"
#include "ikev2-diffie-hellman.h"
#include "ikev2-payload.h"
#include "ikev2-traffic-selector.h"
#include "ipsec-types.h"
#include "security-association.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class Ikev2IkeSa;

/**
 * \ingroup ipsec
 * \brief A Child SA of an IKE SA (RFC 7296 §1.3): an inbound and an outbound ESP SA with the
 * traffic selectors they were negotiated for.
 *
 * The IKE SA that made it owns it; the daemon installs its SAs through the PF_KEY-style
 * interface and keeps the SA objects here for the statistics and the key export.
 */
struct Ikev2ChildSa : public SimpleRefCount<Ikev2ChildSa>
{
    /// Where a Child SA is in its life.
    enum class State : uint8_t
    {
        CREATING,  //!< proposed in IKE_AUTH or CREATE_CHILD_SA, no answer yet
        INSTALLED, //!< both SAs installed and in use
        REKEYING,  //!< a CREATE_CHILD_SA rekeying it is under way
        REKEYED,   //!< replaced by a newer Child SA, kept until the old SAs are deleted
        DELETING,  //!< an INFORMATIONAL Delete for it is under way
        DELETED    //!< its SAs are gone
    };

    std::string name;                         //!< the child's configured name
    uint32_t peerIndex{0};                    //!< the connection (Ikev2Config::peers index)
    int32_t childIndex{-1};                   //!< the child (Peer::children index), -1 = Solaris
    uint32_t reqid{0};                        //!< the policy id its SAs serve (unique:N)
    uint32_t spdEntry{0};                     //!< Solaris: the SPD entry whose ACQUIRE made it
    State state{State::CREATING};             //!< where it is
    IpsecMode mode{IpsecMode::TUNNEL};        //!< tunnel or transport
    Ikev2ChildSuite suite;                    //!< the negotiated ESP transforms
    uint32_t inboundSpi{0};                   //!< our SPI (the peer sends with it)
    uint32_t outboundSpi{0};                  //!< the peer's SPI (we send with it)
    std::vector<Ikev2TrafficSelector> local;  //!< our traffic selectors (narrowed)
    std::vector<Ikev2TrafficSelector> remote; //!< the peer's traffic selectors (narrowed)
    Ptr<SecurityAssociation> inbound;         //!< the inbound SA, once installed
    Ptr<SecurityAssociation> outbound;        //!< the outbound SA, once installed
    Ptr<SecurityAssociation> pendingOutbound; //!< rekey responder: the outbound SA added on D
    uint32_t rekeyedSpi{0};                   //!< the inbound SPI of the Child SA it replaces
    bool initiator{false};                    //!< this node proposed it (and rekeys it first)
    std::vector<Ikev2Proposal> offered;       //!< initiator: the ESP proposals sent
    IpsecBytes nonce;                         //!< initiator: the CREATE_CHILD_SA nonce sent
    std::unique_ptr<Ikev2DiffieHellman> dh;   //!< initiator: the PFS key pair, until answered
    bool measureSetup{false};                 //!< its installation counts as a setup latency
    /// the IKE SA that holds it (not owning: set while it is installed, cleared when deleted)
    Ikev2IkeSa* owner{nullptr};
    Time requested; //!< when it was asked for (ACQUIRE, start, rekey)
    Time installed; //!< when its SAs were installed

    /// \return "net{3}: 10.1.0.0/24 === 10.2.0.0/24 c0a80001_i c0a80002_o" (swanctl style)
    std::string ToString() const;
};

/**
 * \param state a Child SA state
 * \return its name ("INSTALLED")
 */
std::string ToString(Ikev2ChildSa::State state);

} // namespace ns3

#endif /* IKEV2_CHILD_SA_H */
