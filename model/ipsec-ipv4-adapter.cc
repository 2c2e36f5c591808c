/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-ipv4-adapter.h"

#include "ipsec-address.h"
#include "ipsec-tunnel-header.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

IpsecIpv4Adapter::IpsecIpv4Adapter(Ptr<Node> node,
                                   Ptr<Ipv4L3Protocol> ipv4,
                                   const IpsecSettings& settings)
    : m_node(node)
    , m_ipv4(ipv4)
    , m_settings(settings)
{
    UintegerValue ttl;
    m_ipv4->GetAttribute("DefaultTtl", ttl);
    m_defaultTtl = static_cast<uint8_t>(ttl.Get());
}

void
IpsecIpv4Adapter::SaveDownTarget(uint8_t protocol, IpL4Protocol::DownTargetCallback target)
{
    m_clear.Save(protocol, target);
}

void
IpsecIpv4Adapter::SendClear(const Ptr<Packet>& packet,
                            Ipv4Address source,
                            Ipv4Address destination,
                            uint8_t protocol,
                            const Ptr<Ipv4Route>& route)
{
    if (const IpL4Protocol::DownTargetCallback* down = m_clear.Find(protocol))
    {
        (*down)(packet, source, destination, protocol, route);
        return;
    }
    m_ipv4->Send(packet, source, destination, protocol, route);
}

void
IpsecIpv4Adapter::SendWithHeader(Ptr<Packet> packet, const Ipv4Header& header, Ptr<Ipv4Route> route)
{
    m_ipv4->SendWithHeader(packet, header, route);
}

Ptr<Ipv4Route>
IpsecIpv4Adapter::RouteTo(Ptr<const Packet> packet, const Ipv4Header& header) const
{
    Socket::SocketErrno err;
    Ptr<Ipv4RoutingProtocol> routing = m_ipv4->GetRoutingProtocol();
    return routing ? routing->RouteOutput(packet->Copy(), header, nullptr, err) : nullptr;
}

uint16_t
IpsecIpv4Adapter::NextIdentification(Ipv4Address source, Ipv4Address destination, uint8_t protocol)
{
    // RFC 6864: unique per (source, destination, protocol) while fragments may be in flight.
    uint64_t key = (uint64_t(source.Get()) << 32) ^ (uint64_t(destination.Get()) << 8) ^ protocol;
    return m_identification[key]++;
}

Ipv4Header
IpsecIpv4Adapter::BuildHeader(const IpsecAddress& sourceAddress,
                              const IpsecAddress& destinationAddress,
                              uint8_t protocol,
                              uint32_t payloadSize,
                              uint8_t ttl,
                              uint8_t tos)
{
    Ipv4Address source = sourceAddress.GetIpv4();
    Ipv4Address destination = destinationAddress.GetIpv4();
    Ipv4Header h;
    h.SetSource(source);
    h.SetDestination(destination);
    h.SetProtocol(protocol);
    h.SetPayloadSize(payloadSize);
    h.SetTtl(ttl);
    h.SetTos(tos);
    h.SetMayFragment();
    h.SetIdentification(NextIdentification(source, destination, protocol));
    if (m_settings.checksums)
    {
        h.EnableChecksum();
    }
    return h;
}

Ipv4Header
IpsecIpv4Adapter::OuterHeader(const IpsecIpHeader& inner,
                              uint32_t innerSize,
                              const SecurityAssociation& sa)
{
    Ipv4Address source = sa.GetSource().GetIpv4();
    Ipv4Address destination = sa.GetDestination().GetIpv4();
    uint8_t protocol = inner.GetTunnelProtocol();
    return IpsecTunnelHeader::Outer(inner,
                                    innerSize,
                                    source,
                                    destination,
                                    m_defaultTtl,
                                    NextIdentification(source, destination, protocol),
                                    m_settings.dfBit,
                                    m_settings.ecn);
}

bool
IpsecIpv4Adapter::IsLocalAddress(Ipv4Address address) const
{
    if (IsIpv4Localhost(address))
    {
        return true;
    }
    if (!m_watchedRouting || m_ipv4->GetRoutingProtocol() != m_watchedRouting)
    {
        return m_ipv4->GetInterfaceForAddress(address) >= 0; // nobody reports changes
    }
    if (!m_localAddressesValid)
    {
        m_localAddresses.clear();
        for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
        {
            Ptr<Ipv4Interface> interface = m_ipv4->GetInterface(i);
            for (uint32_t j = 0; j < interface->GetNAddresses(); ++j)
            {
                m_localAddresses.push_back(interface->GetAddress(j).GetLocal().Get());
            }
        }
        std::sort(m_localAddresses.begin(), m_localAddresses.end());
        m_localAddressesValid = true;
    }
    return std::binary_search(m_localAddresses.begin(), m_localAddresses.end(), address.Get());
}

void
IpsecIpv4Adapter::WatchAddresses(Ptr<Ipv4RoutingProtocol> routing)
{
    m_watchedRouting = routing;
    m_localAddressesValid = false;
}

void
IpsecIpv4Adapter::AddressesChanged()
{
    m_localAddressesValid = false;
}

Ptr<IpL4Protocol>
IpsecIpv4Adapter::TransportFor(uint8_t protocol, Ptr<Ipv4Interface> incoming) const
{
    return m_ipv4->GetProtocol(protocol,
                               incoming ? m_ipv4->GetInterfaceForDevice(incoming->GetDevice())
                                        : -1);
}

void
IpsecIpv4Adapter::Reinject(Ptr<Packet> datagram, Ptr<NetDevice> device)
{
    m_ipv4->Receive(device,
                    datagram,
                    Ipv4L3Protocol::PROT_NUMBER,
                    device->GetAddress(),
                    device->GetAddress(),
                    NetDevice::PACKET_HOST);
}

bool
IpsecIpv4Adapter::Carries(Ptr<NetDevice> device) const
{
    return m_ipv4->GetInterfaceForDevice(device) >= 0;
}

void
IpsecIpv4Adapter::SendFragmentationNeeded(const Ipv4Header& received,
                                          Ptr<const Packet> payload,
                                          uint32_t mtu)
{
    if (Ptr<Icmpv4L4Protocol> icmp = m_node->GetObject<Icmpv4L4Protocol>())
    {
        icmp->SendDestUnreachFragNeeded(received, payload, mtu);
    }
}

uint8_t
IpsecIpv4Adapter::GetDefaultTtl() const
{
    return m_defaultTtl;
}

} // namespace ns3
