/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-stack-hooks.h"

#include "ipsec-icmpv6-guard.h"
#include "ipsec-ipv6-extension-recorder.h"
#include "ipsec-types.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv6-extension-demux.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-list-routing.h"
#include "ns3/log.h"
#include "ns3/node.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecStackHooks");

using namespace ipsec_proto;

namespace
{
/// \return the id of the node an IP layer belongs to, for messages
uint32_t
NodeIdOf(Ptr<Object> ip)
{
    Ptr<Node> node = ip->GetObject<Node>();
    return node ? node->GetId() : 0;
}
} // namespace

Ptr<IpsecInboundGuard>
IpsecStackHooks::GuardOf(uint8_t protocol) const
{
    for (const auto& [number, guard] : m_guards)
    {
        if (number == protocol)
        {
            return guard;
        }
    }
    return nullptr;
}

void
IpsecStackHooks::AttachIpv4(Ptr<Ipv4L3Protocol> ipv4,
                            IpsecIpv4Adapter& adapter,
                            const Entries4& entries)
{
    NS_LOG_FUNCTION(this << ipv4);
    for (uint8_t number : {ICMP, IGMP, TCP, UDP, PIM})
    {
        Ptr<IpL4Protocol> l4 = ipv4->GetProtocol(number);
        if (!l4)
        {
            continue;
        }
        if (number == ICMP || number == TCP || number == UDP)
        {
            adapter.SaveDownTarget(number, l4->GetDownTarget());
            l4->SetDownTarget(entries.send);
        }
        Ptr<IpsecInboundGuard> guard = CreateObject<IpsecInboundGuard>(l4, entries.accept);
        ipv4->Insert(guard); // replaces the protocol in the local delivery table
        m_guards.emplace_back(number, guard);
        if (number == ICMP)
        {
            // Ipv4L3Protocol::GetIcmp() looks up protocol 1 and asks it for the
            // Icmpv4L4Protocol aggregated to it: join the guard to the node's aggregate so that
            // lookup still finds the real ICMP (used for unreachable and TTL messages).
            l4->AggregateObject(guard);
        }
    }
    for (IpsecProtocol protocol : {IpsecProtocol::ESP, IpsecProtocol::AH})
    {
        ipv4->Insert(CreateObject<IpsecL4Handler>(static_cast<uint8_t>(protocol), entries.receive));
    }
    if (Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol()))
    {
        list->AddRoutingProtocol(
            CreateObject<IpsecForwardingShim>(entries.forward, entries.addressesChanged),
            INT16_MAX);
        // The shim reports address changes from now on: the adapter may keep a set of them.
        adapter.WatchAddresses(list);
    }
    else
    {
        NS_LOG_WARN("node " << NodeIdOf(ipv4)
                            << " has no Ipv4ListRouting: tunnel policy will "
                               "not apply to forwarded packets");
    }
}

void
IpsecStackHooks::AttachIpv6(Ptr<Ipv6L3Protocol> ipv6,
                            IpsecIpv6Adapter& adapter,
                            const Entries6& entries)
{
    NS_LOG_FUNCTION(this << ipv6);
    for (IpsecProtocol protocol : {IpsecProtocol::ESP, IpsecProtocol::AH})
    {
        Ptr<IpsecL4Handler> handler
            = CreateObject<IpsecL4Handler>(static_cast<uint8_t>(protocol),
                                           IpsecL4Handler::ReceiveCallback());
        handler->SetReceive6(entries.receive);
        ipv6->Insert(handler);
    }
    // AH's ICV covers the extension headers in front of it, which ns-3 consumes on the way.
    if (Ptr<Ipv6ExtensionDemux> demux = ipv6->GetObject<Ipv6ExtensionDemux>())
    {
        for (uint8_t number : {Ipv6Header::IPV6_EXT_HOP_BY_HOP,
                               Ipv6Header::IPV6_EXT_ROUTING,
                               Ipv6Header::IPV6_EXT_DESTINATION})
        {
            IpsecIpv6ExtensionRecorder::Wrap(demux, number);
        }
    }
    if (Ptr<Ipv6ListRouting> list = DynamicCast<Ipv6ListRouting>(ipv6->GetRoutingProtocol()))
    {
        list->AddRoutingProtocol(CreateObject<IpsecIpv6ForwardingShim>(entries.forward), INT16_MAX);
    }
    else
    {
        NS_LOG_WARN("node " << NodeIdOf(ipv6)
                            << " has no Ipv6ListRouting: policy will not apply to forwarded "
                               "IPv6 packets");
    }
    for (uint8_t number : {TCP, UDP, ICMPV6})
    {
        Ptr<IpL4Protocol> l4 = ipv6->GetProtocol(number);
        if (!l4)
        {
            continue;
        }
        adapter.SaveDownTarget(number, l4->GetDownTarget6());
        l4->SetDownTarget6(entries.send);
        if (number == ICMPV6)
        {
            Ptr<IpsecIcmpv6Guard> guard = CreateObject<IpsecIcmpv6Guard>(l4, entries.accept);
            ipv6->Insert(guard);
            // Ipv6L3Protocol::GetIcmpv6() asks protocol 58 for the Icmpv6L4Protocol aggregated
            // to it: join the guard to the node's aggregate.
            l4->AggregateObject(guard);
            continue;
        }
        Ptr<IpsecInboundGuard> guard = GuardOf(number);
        if (!guard)
        {
            guard = CreateObject<IpsecInboundGuard>(l4, IpsecInboundGuard::Check());
            m_guards.emplace_back(number, guard);
        }
        guard->SetCheck6(entries.accept);
        ipv6->Insert(guard);
    }
}

void
IpsecStackHooks::Clear()
{
    m_guards.clear();
}

} // namespace ns3
