/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "delegating-l4-protocol.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(DelegatingL4Protocol);

TypeId
DelegatingL4Protocol::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::DelegatingL4Protocol").SetParent<IpL4Protocol>().SetGroupName("Ipsec");
    return tid;
}

DelegatingL4Protocol::DelegatingL4Protocol() = default;

DelegatingL4Protocol::DelegatingL4Protocol(Ptr<IpL4Protocol> inner)
    : m_inner(inner)
{
}

void
DelegatingL4Protocol::DoDispose()
{
    m_inner = nullptr;
    IpL4Protocol::DoDispose();
}

int
DelegatingL4Protocol::GetProtocolNumber() const
{
    return m_inner->GetProtocolNumber();
}

IpL4Protocol::RxStatus
DelegatingL4Protocol::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming)
{
    return m_inner->Receive(p, header, incoming);
}

IpL4Protocol::RxStatus
DelegatingL4Protocol::Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incoming)
{
    return m_inner->Receive(p, header, incoming);
}

void
DelegatingL4Protocol::ReceiveIcmp(Ipv4Address icmpSource,
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
DelegatingL4Protocol::ReceiveIcmp(Ipv6Address icmpSource,
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
DelegatingL4Protocol::SetDownTarget(DownTargetCallback cb)
{
    m_inner->SetDownTarget(cb);
}

void
DelegatingL4Protocol::SetDownTarget6(DownTargetCallback6 cb)
{
    m_inner->SetDownTarget6(cb);
}

IpL4Protocol::DownTargetCallback
DelegatingL4Protocol::GetDownTarget() const
{
    return m_inner->GetDownTarget();
}

IpL4Protocol::DownTargetCallback6
DelegatingL4Protocol::GetDownTarget6() const
{
    return m_inner->GetDownTarget6();
}

} // namespace ns3
