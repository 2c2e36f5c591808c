/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "napt-inbound-hook.h"

#include "napt-box.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NaptInboundHook);

TypeId
NaptInboundHook::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NaptInboundHook")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<NaptInboundHook>();
    return tid;
}

NaptInboundHook::NaptInboundHook() = default;

NaptInboundHook::NaptInboundHook(Ptr<IpL4Protocol> inner, Ptr<NaptBox> box)
    : m_inner(inner)
    , m_box(box)
{
}

void
NaptInboundHook::DoDispose()
{
    m_inner = nullptr;
    m_box = nullptr;
    IpL4Protocol::DoDispose();
}

Ptr<IpL4Protocol>
NaptInboundHook::GetInner() const
{
    return m_inner;
}

int
NaptInboundHook::GetProtocolNumber() const
{
    return m_inner->GetProtocolNumber();
}

IpL4Protocol::RxStatus
NaptInboundHook::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming)
{
    if (m_box && m_box->TranslateInbound(p, header, incoming))
    {
        return RX_OK; // translated and re-injected, or filtered (silently, RFC 4787 section 5)
    }
    return m_inner->Receive(p, header, incoming);
}

IpL4Protocol::RxStatus
NaptInboundHook::Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incoming)
{
    return m_inner->Receive(p, header, incoming);
}

void
NaptInboundHook::ReceiveIcmp(Ipv4Address icmpSource,
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
NaptInboundHook::ReceiveIcmp(Ipv6Address icmpSource,
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
NaptInboundHook::SetDownTarget(DownTargetCallback cb)
{
    m_inner->SetDownTarget(cb);
}

void
NaptInboundHook::SetDownTarget6(DownTargetCallback6 cb)
{
    m_inner->SetDownTarget6(cb);
}

IpL4Protocol::DownTargetCallback
NaptInboundHook::GetDownTarget() const
{
    return m_inner->GetDownTarget();
}

IpL4Protocol::DownTargetCallback6
NaptInboundHook::GetDownTarget6() const
{
    return m_inner->GetDownTarget6();
}

} // namespace ns3
