/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_TRACES_H
#define IPSEC_TRACES_H

#include "security-association.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The trace sources of a node's IPsec layer, as the datapath fires them.
 *
 * The sources belong to IpsecL3Protocol (ns-3 registers a trace source as a member of the
 * TypeId's class); the datapath's parts reach them through these references. Drop and PolicyLog
 * are IpsecDropSink's.
 */
struct IpsecTraces
{
    /// A packet and the SA that protected or verified it.
    using SaPacket = TracedCallback<Ptr<const Packet>, Ptr<const SecurityAssociation>>;
    /// A whole datagram (the enc0 view).
    using Datagram = TracedCallback<Ptr<const Packet>>;
    /// A cleartext datagram as header and payload.
    using Clear = TracedCallback<const Ipv4Header&, Ptr<const Packet>>;
    /// A cleartext IPv6 datagram as header and payload.
    using Clear6 = TracedCallback<const Ipv6Header&, Ptr<const Packet>>;

    SaPacket& outboundProtected; //!< OutboundProtected
    SaPacket& inboundVerified;   //!< InboundVerified
    Datagram& cleartextOut;      //!< CleartextOut
    Datagram& cleartextIn;       //!< CleartextIn
    Clear& clearSend;            //!< ClearSend
    Clear& clearDeliver;         //!< ClearDeliver
    Clear6& clearSend6;          //!< ClearSend6
    Clear6& clearDeliver6;       //!< ClearDeliver6
};

} // namespace ns3

#endif /* IPSEC_TRACES_H */
