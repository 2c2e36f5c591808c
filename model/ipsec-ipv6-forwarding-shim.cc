/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-ipv6-forwarding-shim.h"

#include "ns3/ipv6-route.h"
#include "ns3/output-stream-wrapper.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecIpv6ForwardingShim);

TypeId
IpsecIpv6ForwardingShim::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecIpv6ForwardingShim")
                            .SetParent<Ipv6RoutingProtocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecIpv6ForwardingShim>();
    return tid;
}

IpsecIpv6ForwardingShim::IpsecIpv6ForwardingShim() = default;

IpsecIpv6ForwardingShim::IpsecIpv6ForwardingShim(Forward forward)
    : m_forward(forward)
{
}

void
IpsecIpv6ForwardingShim::DoDispose()
{
    m_forward = Forward();
    Ipv6RoutingProtocol::DoDispose();
}

Ptr<Ipv6Route>
IpsecIpv6ForwardingShim::RouteOutput(Ptr<Packet> p,
                                     const Ipv6Header& header,
                                     Ptr<NetDevice> oif,
                                     Socket::SocketErrno& sockerr)
{
    sockerr = Socket::ERROR_NOROUTETOHOST; // local traffic: the transport hook decides
    return nullptr;
}

bool
IpsecIpv6ForwardingShim::RouteInput(Ptr<const Packet> p,
                                    const Ipv6Header& header,
                                    Ptr<const NetDevice> idev,
                                    IPSEC_ROUTE_INPUT_CALLBACK(UnicastForwardCallback) ucb,
                                    IPSEC_ROUTE_INPUT_CALLBACK(MulticastForwardCallback) mcb,
                                    IPSEC_ROUTE_INPUT_CALLBACK(LocalDeliverCallback) lcb,
                                    IPSEC_ROUTE_INPUT_CALLBACK(ErrorCallback) ecb)
{
    if (m_forward.IsNull() || header.GetDestination().IsMulticast())
    {
        return false;
    }
    return m_forward(p, header, idev);
}

void
IpsecIpv6ForwardingShim::NotifyInterfaceUp(uint32_t interface)
{
}

void
IpsecIpv6ForwardingShim::NotifyInterfaceDown(uint32_t interface)
{
}

void
IpsecIpv6ForwardingShim::NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
}

void
IpsecIpv6ForwardingShim::NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
}

void
IpsecIpv6ForwardingShim::NotifyAddRoute(Ipv6Address dst,
                                        Ipv6Prefix mask,
                                        Ipv6Address nextHop,
                                        uint32_t interface,
                                        Ipv6Address prefixToUse)
{
}

void
IpsecIpv6ForwardingShim::NotifyRemoveRoute(Ipv6Address dst,
                                           Ipv6Prefix mask,
                                           Ipv6Address nextHop,
                                           uint32_t interface,
                                           Ipv6Address prefixToUse)
{
}

void
IpsecIpv6ForwardingShim::SetIpv6(Ptr<Ipv6> ipv6)
{
}

void
IpsecIpv6ForwardingShim::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    *stream->GetStream() << "IPsec IPv6 forwarding shim: no routes (sees transit packets first)\n";
}

} // namespace ns3
