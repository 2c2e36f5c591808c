/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lean-esp-prototype.h"

namespace ns3
{

TypeId
LeanEspPrototype::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LeanEspPrototype")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<LeanEspPrototype>();
    return tid;
}

Ptr<LeanEspPrototype>
LeanEspPrototype::Install(Ptr<Node> node,
                          Ptr<SecurityAssociation> outbound,
                          Ptr<SecurityAssociation> inbound)
{
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    Ptr<UdpL4Protocol> udp = node->GetObject<UdpL4Protocol>();
    NS_ABORT_MSG_UNLESS(ipv4 && udp, "LeanEspPrototype needs the Internet stack");
    Ptr<LeanEspPrototype> lean = CreateObject<LeanEspPrototype>();
    lean->m_outbound = outbound;
    lean->m_inbound = inbound;
    lean->m_udp = udp;
    lean->m_ivRandom = CreateObject<UniformRandomVariable>();
    lean->m_ip = udp->GetDownTarget();
    udp->SetDownTarget(MakeCallback(&LeanEspPrototype::Send, lean));
    ipv4->Insert(lean);
    return lean;
}

int
LeanEspPrototype::GetProtocolNumber() const
{
    return 50;
}

void
LeanEspPrototype::Send(Ptr<Packet> packet,
                       Ipv4Address source,
                       Ipv4Address destination,
                       uint8_t protocol,
                       Ptr<Ipv4Route> route)
{
    IpsecPacketBytes::Read(packet, m_clear);
    uint8_t iv[8];
    EspTransform::FillIv(*m_outbound, ++m_sequence, *m_ivRandom, iv);
    EspTransform::Encapsulate(*m_outbound,
                              m_sequence,
                              iv,
                              m_clear.data(),
                              m_clear.size(),
                              protocol,
                              m_wire);
    IpsecPacketBytes::Write(packet,
                            m_wire.data(),
                            m_wire.size(),
                            IpsecPacketBytes::Bytes::PROTECTED);
    m_ip(packet, source, destination, 50, route);
}

IpL4Protocol::RxStatus
LeanEspPrototype::Receive(Ptr<Packet> packet, const Ipv4Header& header, Ptr<Ipv4Interface> incoming)
{
    IpsecPacketBytes::Read(packet, m_wire);
    IpsecTransform::Result r = EspTransform::Decapsulate(*m_inbound, m_wire, true);
    if (!r.ok)
    {
        ++m_failures;
        return IpL4Protocol::RX_CSUM_FAILED;
    }
    IpsecPacketBytes::Write(packet,
                            m_wire.data() + r.payloadOffset,
                            r.payloadLength,
                            IpsecPacketBytes::Bytes::CLEAR);
    Ipv4Header inner = header;
    inner.SetProtocol(r.nextHeader);
    inner.SetPayloadSize(r.payloadLength);
    return m_udp->Receive(packet, inner, incoming);
}

IpL4Protocol::RxStatus
LeanEspPrototype::Receive(Ptr<Packet>, const Ipv6Header&, Ptr<Ipv6Interface>)
{
    return IpL4Protocol::RX_ENDPOINT_UNREACH;
}

void
LeanEspPrototype::SetDownTarget(IpL4Protocol::DownTargetCallback target)
{
    m_ip = target;
}

void
LeanEspPrototype::SetDownTarget6(IpL4Protocol::DownTargetCallback6)
{
}

IpL4Protocol::DownTargetCallback
LeanEspPrototype::GetDownTarget() const
{
    return m_ip;
}

IpL4Protocol::DownTargetCallback6
LeanEspPrototype::GetDownTarget6() const
{
    return IpL4Protocol::DownTargetCallback6();
}

uint64_t
LeanEspPrototype::GetFailures() const
{
    return m_failures;
}

void
LeanEspPrototype::DoDispose()
{
    m_outbound = nullptr;
    m_inbound = nullptr;
    m_udp = nullptr;
    m_ivRandom = nullptr;
    m_ip = IpL4Protocol::DownTargetCallback();
    IpL4Protocol::DoDispose();
}

} // namespace ns3
