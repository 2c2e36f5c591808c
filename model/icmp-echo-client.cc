/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "icmp-echo-client.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-raw-socket-factory.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IcmpEchoClient");
NS_OBJECT_ENSURE_REGISTERED(IcmpEchoClient);

TypeId
IcmpEchoClient::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IcmpEchoClient")
                            .SetParent<Application>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IcmpEchoClient>()
                            .AddAttribute("Remote",
                                          "Address to ping.",
                                          Ipv4AddressValue(),
                                          MakeIpv4AddressAccessor(&IcmpEchoClient::m_remote),
                                          MakeIpv4AddressChecker())
                            .AddAttribute("Interval",
                                          "Time between echo requests.",
                                          TimeValue(Seconds(1)),
                                          MakeTimeAccessor(&IcmpEchoClient::m_interval),
                                          MakeTimeChecker())
                            .AddAttribute("Size",
                                          "Echo data bytes (after the 8-byte ICMP header).",
                                          UintegerValue(56),
                                          MakeUintegerAccessor(&IcmpEchoClient::m_size),
                                          MakeUintegerChecker<uint32_t>(0, 65000))
                            .AddAttribute("Count",
                                          "Number of echo requests (0 = until stopped).",
                                          UintegerValue(0),
                                          MakeUintegerAccessor(&IcmpEchoClient::m_count),
                                          MakeUintegerChecker<uint32_t>())
                            .AddAttribute("Identifier",
                                          "ICMP echo identifier.",
                                          UintegerValue(0x4242),
                                          MakeUintegerAccessor(&IcmpEchoClient::m_identifier),
                                          MakeUintegerChecker<uint16_t>())
                            .AddTraceSource("Rtt",
                                            "Round-trip time of each reply.",
                                            MakeTraceSourceAccessor(&IcmpEchoClient::m_rttTrace),
                                            "ns3::IcmpEchoClient::RttTracedCallback");
    return tid;
}

IcmpEchoClient::IcmpEchoClient() = default;
IcmpEchoClient::~IcmpEchoClient() = default;

void
IcmpEchoClient::DoDispose()
{
    m_socket = nullptr;
    Application::DoDispose();
}

uint32_t
IcmpEchoClient::GetSent() const
{
    return m_sent;
}

uint32_t
IcmpEchoClient::GetReceived() const
{
    return m_received;
}

void
IcmpEchoClient::StartApplication()
{
    m_socket = Socket::CreateSocket(GetNode(), Ipv4RawSocketFactory::GetTypeId());
    m_socket->SetAttribute("Protocol", UintegerValue(Icmpv4L4Protocol::PROT_NUMBER));
    m_socket->SetRecvCallback(MakeCallback(&IcmpEchoClient::HandleRead, this));
    SendEcho();
}

void
IcmpEchoClient::StopApplication()
{
    Simulator::Cancel(m_next);
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
IcmpEchoClient::SendEcho()
{
    Ptr<Ipv4L3Protocol> ipv4 = GetNode()->GetObject<Ipv4L3Protocol>();
    Ptr<IpL4Protocol> icmp = ipv4->GetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
    std::vector<uint8_t> data(m_size);
    for (uint32_t i = 0; i < m_size; ++i)
    {
        data[i] = static_cast<uint8_t>(i);
    }
    Icmpv4Echo echo;
    echo.SetIdentifier(m_identifier);
    echo.SetSequenceNumber(m_sequence);
    echo.SetData(Create<Packet>(data.data(), data.size()));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(echo);
    Icmpv4Header header;
    header.SetType(Icmpv4Header::ICMPV4_ECHO);
    header.SetCode(0);
    if (Node::ChecksumEnabled())
    {
        header.EnableChecksum();
    }
    p->AddHeader(header);

    Ipv4Header route4;
    route4.SetDestination(m_remote);
    route4.SetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, route4, nullptr, err);
    if (route)
    {
        m_outstanding[m_sequence] = Simulator::Now();
        // Through the protocol's down target: exactly the path the node's own ICMP output takes.
        icmp->GetDownTarget()(p,
                              route->GetSource(),
                              m_remote,
                              Icmpv4L4Protocol::PROT_NUMBER,
                              route);
        ++m_sent;
    }
    else
    {
        NS_LOG_WARN("no route to " << m_remote);
    }
    ++m_sequence;
    if (m_count == 0 || m_sequence < m_count)
    {
        m_next = Simulator::Schedule(m_interval, &IcmpEchoClient::SendEcho, this);
    }
}

void
IcmpEchoClient::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> p;
    Address from;
    while ((p = socket->RecvFrom(from)))
    {
        Ipv4Header ip;
        p->RemoveHeader(ip);
        if (ip.GetSource() != m_remote || ip.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER)
        {
            continue;
        }
        Icmpv4Header icmp;
        p->RemoveHeader(icmp);
        if (icmp.GetType() != Icmpv4Header::ICMPV4_ECHO_REPLY)
        {
            continue;
        }
        Icmpv4Echo echo;
        p->RemoveHeader(echo);
        auto it = m_outstanding.find(echo.GetSequenceNumber());
        if (echo.GetIdentifier() != m_identifier || it == m_outstanding.end())
        {
            continue;
        }
        Time rtt = Simulator::Now() - it->second;
        m_outstanding.erase(it);
        ++m_received;
        NS_LOG_INFO("reply seq " << echo.GetSequenceNumber() << " rtt " << rtt.As(Time::MS));
        m_rttTrace(echo.GetSequenceNumber(), rtt);
    }
}

} // namespace ns3
