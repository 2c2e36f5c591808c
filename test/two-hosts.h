/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The test topology most end-to-end suites share: two hosts on a point-to-point link.
 */
#ifndef IPSEC_TEST_TWO_HOSTS_H
#define IPSEC_TEST_TWO_HOSTS_H

#include "checksums-from-environment.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>
#include <map>
#include <vector>

namespace ns3
{
namespace test
{

/// Two hosts on a point-to-point link with IPsec installed on both.
class TwoHosts : public ::testing::Test
{
  protected:
    /**
     * \param seed the RNG seed
     * \param rate the link's data rate
     * \param delay the link's delay
     */
    explicit TwoHosts(uint32_t seed = 7, std::string rate = "100Mbps", std::string delay = "1ms")
        : m_seed(seed)
        , m_rate(std::move(rate))
        , m_delay(std::move(delay))
    {
    }

    void SetUp() override
    {
        RngSeedManager::SetSeed(m_seed);
        nodes.Create(2);
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue(m_rate));
        link.SetChannelAttribute("Delay", StringValue(m_delay));
        devices = link.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = addresses.Assign(devices);
        a = ifs.GetAddress(0);
        b = ifs.GetAddress(1);
        ipsec.Install(nodes);
        ipsec.AssignStreams(nodes, 10);
        for (uint32_t i = 0; i < 2; ++i)
        {
            IpsecHelper::Get(nodes.Get(i))
                ->TraceConnectWithoutContext("Drop", MakeCallback(&TwoHosts::OnDrop, this));
        }
        devices.Get(0)->TraceConnectWithoutContext("MacTx", MakeCallback(&TwoHosts::OnWire, this));
    }

    void TearDown() override { Simulator::Destroy(); }

    void OnDrop(Ptr<const Packet>, IpsecDropReason reason, IpsecDirection, uint32_t)
    {
        ++drops[reason];
    }

    void OnWire(Ptr<const Packet> p)
    {
        Ptr<Packet> datagram = p->Copy();
        datagram->RemoveAtStart(2); // the point-to-point (PPP) header
        wire.push_back(datagram);
    }

    uint32_t Udp(uint32_t packets, uint32_t size, uint16_t port = 9, double start = 1.0)
    {
        UdpServerHelper server(port);
        ApplicationContainer s = server.Install(nodes.Get(1));
        UdpClientHelper client(b, port);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(1)));
        client.SetAttribute("PacketSize", UintegerValue(size));
        client.Install(nodes.Get(0)).Start(Seconds(start));
        Simulator::Stop(Seconds(start + 5 + packets * 0.001));
        Simulator::Run();
        return DynamicCast<UdpServer>(s.Get(0))->GetReceived();
    }

    uint64_t Tcp(uint64_t bytes)
    {
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer s = sinkHelper.Install(nodes.Get(1));
        BulkSendHelper client("ns3::TcpSocketFactory", InetSocketAddress(b, 9));
        client.SetAttribute("MaxBytes", UintegerValue(bytes));
        client.Install(nodes.Get(0)).Start(Seconds(1));
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        return DynamicCast<PacketSink>(s.Get(0))->GetTotalRx();
    }

    uint32_t Ping(uint32_t count)
    {
        IcmpEchoClientHelper ping(b);
        ping.SetAttribute("Count", UintegerValue(count));
        ping.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        ApplicationContainer apps = ping.Install(nodes.Get(0));
        apps.Start(Seconds(1));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        return DynamicCast<IcmpEchoClient>(apps.Get(0))->GetReceived();
    }

    /**
     * \brief A datagram as a peer's stack would build it, with real checksums (the suites also
     * run with ns-3's checksums on).
     * \param source IPv4 source
     * \param destination IPv4 destination
     * \param protocol UdpL4Protocol or TcpL4Protocol::PROT_NUMBER
     * \param transport the UDP or TCP header (ports, flags)
     * \param size payload bytes
     * \return the datagram
     */
    template <class Header>
    static Ptr<Packet> Datagram(Ipv4Address source,
                                Ipv4Address destination,
                                uint8_t protocol,
                                Header transport,
                                uint32_t size)
    {
        Ptr<Packet> p = Create<Packet>(size);
        transport.EnableChecksums();
        transport.InitializeChecksum(source, destination, protocol);
        p->AddHeader(transport);
        Ipv4Header ip;
        ip.SetSource(source);
        ip.SetDestination(destination);
        ip.SetProtocol(protocol);
        ip.SetPayloadSize(p->GetSize());
        ip.SetTtl(64);
        ip.EnableChecksum();
        p->AddHeader(ip);
        return p;
    }

    /// \return a UDP header with these ports
    static UdpHeader UdpPorts(uint16_t sourcePort, uint16_t destinationPort)
    {
        UdpHeader udp;
        udp.SetSourcePort(sourcePort);
        udp.SetDestinationPort(destinationPort);
        return udp;
    }

    /// Deliver a datagram to host b as if it came off the link.
    void Inject(Ptr<Packet> datagram)
    {
        Ptr<NetDevice> dev = devices.Get(1);
        nodes.Get(1)->GetObject<Ipv4L3Protocol>()->Receive(dev,
                                                           datagram,
                                                           Ipv4L3Protocol::PROT_NUMBER,
                                                           dev->GetAddress(),
                                                           dev->GetAddress(),
                                                           NetDevice::PACKET_HOST);
    }

    /// A captured datagram with its payload bytes changed by `edit`.
    template <class F>
    Ptr<Packet> Edited(Ptr<const Packet> original, F edit)
    {
        Ptr<Packet> p = original->Copy();
        Ipv4Header h;
        p->RemoveHeader(h);
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        edit(bytes);
        Ptr<Packet> q = Create<Packet>(bytes.data(), bytes.size());
        h.SetPayloadSize(bytes.size());
        h.EnableChecksum();
        q->AddHeader(h);
        return q;
    }

    const IpsecStats& Stats(uint32_t node) { return IpsecHelper::Get(nodes.Get(node))->GetStats(); }

    NodeContainer nodes;
    NetDeviceContainer devices;
    Ipv4Address a;
    Ipv4Address b;
    IpsecHelper ipsec;
    std::map<IpsecDropReason, uint32_t> drops;
    std::vector<Ptr<Packet>> wire;

  private:
    uint32_t m_seed;
    std::string m_rate;
    std::string m_delay;
};

} // namespace test
} // namespace ns3

#endif /* IPSEC_TEST_TWO_HOSTS_H */
