/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-ipv6-adapter.h"

#include "ipsec-tunnel-header.h"

#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/net-device.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"

namespace ns3
{

IpsecIpv6Adapter::IpsecIpv6Adapter(Ptr<Ipv6L3Protocol> ipv6, const IpsecSettings& settings)
    : m_ipv6(ipv6)
    , m_settings(settings)
{
}

uint8_t
IpsecIpv6Adapter::GetDefaultHopLimit() const
{
    UintegerValue hopLimit;
    m_ipv6->GetAttribute("DefaultTtl", hopLimit);
    return static_cast<uint8_t>(hopLimit.Get());
}

uint8_t
IpsecIpv6Adapter::GetDefaultTrafficClass() const
{
    UintegerValue tclass;
    m_ipv6->GetAttribute("DefaultTclass", tclass);
    return static_cast<uint8_t>(tclass.Get());
}

Ipv6Header
IpsecIpv6Adapter::OuterHeader(const IpsecIpHeader& inner,
                              uint32_t innerSize,
                              const SecurityAssociation& sa) const
{
    return IpsecTunnelHeader::Outer6(inner,
                                     innerSize,
                                     sa.GetSource().GetIpv6(),
                                     sa.GetDestination().GetIpv6(),
                                     GetDefaultHopLimit(),
                                     m_settings.ecn);
}

Ptr<Ipv6Route>
IpsecIpv6Adapter::RouteTo(Ptr<const Packet> packet, const Ipv6Header& header) const
{
    Socket::SocketErrno err;
    Ptr<Ipv6RoutingProtocol> routing = m_ipv6->GetRoutingProtocol();
    return routing ? routing->RouteOutput(packet->Copy(), header, nullptr, err) : nullptr;
}

void
IpsecIpv6Adapter::Send(Ptr<Packet> packet,
                       const Ipv6Header& header,
                       Ptr<Ipv6Route> route,
                       bool ownFields)
{
    if (ownFields)
    {
        // Ipv6L3Protocol takes the hop limit and traffic class from these tags.
        SocketIpv6HopLimitTag hopLimit;
        packet->RemovePacketTag(hopLimit);
        hopLimit.SetHopLimit(header.GetHopLimit());
        packet->AddPacketTag(hopLimit);
        SocketIpv6TclassTag tclass;
        packet->RemovePacketTag(tclass);
        tclass.SetTclass(header.GetTrafficClass());
        packet->AddPacketTag(tclass);
    }
    m_ipv6->Send(packet,
                 header.GetSource(),
                 header.GetDestination(),
                 header.GetNextHeader(),
                 route);
}

void
IpsecIpv6Adapter::Reinject(Ptr<Packet> datagram, Ptr<NetDevice> device)
{
    m_ipv6->Receive(device,
                    datagram,
                    Ipv6L3Protocol::PROT_NUMBER,
                    device->GetAddress(),
                    device->GetAddress(),
                    NetDevice::PACKET_HOST);
}

bool
IpsecIpv6Adapter::Carries(Ptr<NetDevice> device) const
{
    return m_ipv6->GetInterfaceForDevice(device) >= 0;
}

void
IpsecIpv6Adapter::SendPacketTooBig(const Ipv6Header& received,
                                   Ptr<const Packet> payload,
                                   uint32_t mtu)
{
    Ptr<Icmpv6L4Protocol> icmp = m_ipv6->GetObject<Icmpv6L4Protocol>();
    if (!icmp)
    {
        return;
    }
    Ptr<Packet> original = payload->Copy();
    original->AddHeader(received);
    icmp->SendErrorTooBig(original, received.GetSource(), mtu);
}

void
IpsecIpv6Adapter::SaveDownTarget(uint8_t protocol, IpL4Protocol::DownTargetCallback6 target)
{
    m_clear.Save(protocol, target);
}

void
IpsecIpv6Adapter::SendClear(const Ptr<Packet>& packet,
                            const IpsecAddress& source,
                            const IpsecAddress& destination,
                            uint8_t protocol,
                            const Ptr<Ipv6Route>& route)
{
    if (const IpL4Protocol::DownTargetCallback6* down = m_clear.Find(protocol))
    {
        (*down)(packet, source.GetIpv6(), destination.GetIpv6(), protocol, route);
        return;
    }
    m_ipv6->Send(packet, source.GetIpv6(), destination.GetIpv6(), protocol, route);
}

Ptr<IpL4Protocol>
IpsecIpv6Adapter::TransportFor(uint8_t protocol) const
{
    return m_ipv6->GetProtocol(protocol);
}

bool
IpsecIpv6Adapter::IsLocalAddress(const IpsecAddress& address) const
{
    if (!address.IsIpv6())
    {
        return false;
    }
    Ipv6Address v6 = address.GetIpv6();
    return v6.IsLocalhost() || m_ipv6->GetInterfaceForAddress(v6) >= 0;
}

} // namespace ns3
