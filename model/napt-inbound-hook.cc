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
                            .SetParent<DelegatingL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<NaptInboundHook>();
    return tid;
}

NaptInboundHook::NaptInboundHook() = default;

NaptInboundHook::NaptInboundHook(Ptr<IpL4Protocol> inner, Ptr<NaptBox> box)
    : DelegatingL4Protocol(inner)
    , m_box(box)
{
}

void
NaptInboundHook::DoDispose()
{
    m_box = nullptr;
    DelegatingL4Protocol::DoDispose();
}

IpL4Protocol::RxStatus
NaptInboundHook::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming)
{
    if (m_box && m_box->TranslateInbound(p, header, incoming))
    {
        return RX_OK; // translated and re-injected, or filtered (silently, RFC 4787 section 5)
    }
    return DelegatingL4Protocol::Receive(p, header, incoming);
}

} // namespace ns3
