/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-l4-handler.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecL4Handler);

TypeId
IpsecL4Handler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecL4Handler")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecL4Handler>();
    return tid;
}

IpsecL4Handler::IpsecL4Handler()
    : m_protocolNumber(50)
{
}

IpsecL4Handler::IpsecL4Handler(uint8_t protocolNumber, ReceiveCallback receive)
    : m_protocolNumber(protocolNumber)
    , m_receive(receive)
{
}

void
IpsecL4Handler::DoDispose()
{
    m_receive = ReceiveCallback();
    m_receive6 = ReceiveCallback6();
    m_downTarget = DownTargetCallback();
    m_downTarget6 = DownTargetCallback6();
    IpL4Protocol::DoDispose();
}

int
IpsecL4Handler::GetProtocolNumber() const
{
    return m_protocolNumber;
}

IpL4Protocol::RxStatus
IpsecL4Handler::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming)
{
    if (!m_receive.IsNull())
    {
        m_receive(static_cast<IpsecProtocol>(m_protocolNumber), p, header, incoming);
    }
    return RX_OK; // never answer ESP/AH with an ICMP unreachable
}

void
IpsecL4Handler::SetReceive6(ReceiveCallback6 receive)
{
    m_receive6 = receive;
}

IpL4Protocol::RxStatus
IpsecL4Handler::Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incoming)
{
    if (!m_receive6.IsNull())
    {
        m_receive6(static_cast<IpsecProtocol>(m_protocolNumber), p, header, incoming);
    }
    return RX_OK;
}

void
IpsecL4Handler::SetDownTarget(DownTargetCallback cb)
{
    m_downTarget = cb;
}

void
IpsecL4Handler::SetDownTarget6(DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
IpsecL4Handler::GetDownTarget() const
{
    return m_downTarget;
}

IpL4Protocol::DownTargetCallback6
IpsecL4Handler::GetDownTarget6() const
{
    return m_downTarget6;
}

} // namespace ns3
