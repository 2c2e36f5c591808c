/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-inbound-guard.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecInboundGuard);

TypeId
IpsecInboundGuard::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecInboundGuard")
                            .SetParent<DelegatingL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecInboundGuard>();
    return tid;
}

IpsecInboundGuard::IpsecInboundGuard() = default;

IpsecInboundGuard::IpsecInboundGuard(Ptr<IpL4Protocol> inner, Check check)
    : DelegatingL4Protocol(inner)
    , m_check(check)
{
}

void
IpsecInboundGuard::DoDispose()
{
    m_check = Check();
    m_check6 = Check6();
    DelegatingL4Protocol::DoDispose();
}

IpL4Protocol::RxStatus
IpsecInboundGuard::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming)
{
    if (!m_check.IsNull() && !m_check(p, header, incoming))
    {
        return RX_OK; // dropped and counted by the IPsec layer; no ICMP unreachable
    }
    return DelegatingL4Protocol::Receive(p, header, incoming);
}

void
IpsecInboundGuard::SetCheck6(Check6 check)
{
    m_check6 = check;
}

IpL4Protocol::RxStatus
IpsecInboundGuard::Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incoming)
{
    if (!m_check6.IsNull()
        && !m_check6(p, header, static_cast<uint8_t>(GetProtocolNumber()), incoming))
    {
        return RX_OK; // dropped and counted by the IPsec layer
    }
    return DelegatingL4Protocol::Receive(p, header, incoming);
}

} // namespace ns3
