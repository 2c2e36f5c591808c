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
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecInboundGuard>();
    return tid;
}

IpsecInboundGuard::IpsecInboundGuard() = default;

IpsecInboundGuard::IpsecInboundGuard(Ptr<IpL4Protocol> inner, Check check)
    : m_inner(inner)
    , m_check(check)
{
}

void
IpsecInboundGuard::DoDispose()
{
    m_inner = nullptr;
    m_check = Check();
    m_check6 = Check6();
    IpL4Protocol::DoDispose();
}

int
IpsecInboundGuard::GetProtocolNumber() const
{
    return m_inner->GetProtocolNumber();
}

IpL4Protocol::RxStatus
IpsecInboundGuard::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming)
{
    if (!m_check.IsNull() && !m_check(p, header, incoming))
    {
        return RX_OK; // dropped and counted by the IPsec layer; no ICMP unreachable
    }
    return m_inner->Receive(p, header, incoming);
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
        && !m_check6(p, header, static_cast<uint8_t>(m_inner->GetProtocolNumber()), incoming))
    {
        return RX_OK; // dropped and counted by the IPsec layer
    }
    return m_inner->Receive(p, header, incoming);
}

void
IpsecInboundGuard::ReceiveIcmp(Ipv6Address icmpSource,
                               uint8_t icmpTtl,
                               uint8_t icmpType,
                               uint8_t icmpCode,
                               uint32_t icmpInfo,
                               Ipv6Address payloadSource,
                               Ipv6Address payloadDestination,
                               const uint8_t payload[8])
{
    m_inner->ReceiveIcmp(icmpSource,
                         icmpTtl,
                         icmpType,
                         icmpCode,
                         icmpInfo,
                         payloadSource,
                         payloadDestination,
                         payload);
}

void
IpsecInboundGuard::ReceiveIcmp(Ipv4Address icmpSource,
                               uint8_t icmpTtl,
                               uint8_t icmpType,
                               uint8_t icmpCode,
                               uint32_t icmpInfo,
                               Ipv4Address payloadSource,
                               Ipv4Address payloadDestination,
                               const uint8_t payload[8])
{
    m_inner->ReceiveIcmp(icmpSource,
                         icmpTtl,
                         icmpType,
                         icmpCode,
                         icmpInfo,
                         payloadSource,
                         payloadDestination,
                         payload);
}

void
IpsecInboundGuard::SetDownTarget(DownTargetCallback cb)
{
    m_inner->SetDownTarget(cb);
}

void
IpsecInboundGuard::SetDownTarget6(DownTargetCallback6 cb)
{
    m_inner->SetDownTarget6(cb);
}

IpL4Protocol::DownTargetCallback
IpsecInboundGuard::GetDownTarget() const
{
    return m_inner->GetDownTarget();
}

IpL4Protocol::DownTargetCallback6
IpsecInboundGuard::GetDownTarget6() const
{
    return m_inner->GetDownTarget6();
}

} // namespace ns3
