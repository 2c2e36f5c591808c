/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FlowMonitor sees flows IPsec protects (IpsecFlowProbe): transport mode between two hosts (IPv4
 * and IPv6), a
 * host's tunnel to a gateway, a gateway-to-gateway tunnel and the IPsec layer's drops, with the
 * numbers of the same run unprotected.
 */
#include "test-util.h"
#include "two-hosts.h"

#include "ns3/flow-monitor-module.h"

using namespace ns3;
using namespace ns3::test;

namespace
{

/// What FlowMonitor says about one flow, IPv4 or IPv6.
struct FlowSummary
{
    uint8_t protocol;    //!< of the 5-tuple
    uint16_t port;       //!< destination port
    IpsecAddress source; //!< source address
    FlowMonitor::FlowStats stats;
};

/// \return the flows of one family's classifier (the two number their flows independently)
std::vector<FlowSummary>
Flows(FlowMonitorHelper& helper, bool ipv6 = false)
{
    Ptr<FlowMonitor> monitor = helper.GetMonitor();
    monitor->CheckForLostPackets();
    std::vector<FlowSummary> flows;
    for (const auto& [id, stats] : monitor->GetFlowStats())
    {
        if (ipv6)
        {
            Ipv6FlowClassifier::FiveTuple t
                = DynamicCast<Ipv6FlowClassifier>(helper.GetClassifier6())->FindFlow(id);
            flows.push_back({t.protocol, t.destinationPort, t.sourceAddress, stats});
        }
        else
        {
            Ipv4FlowClassifier::FiveTuple t
                = DynamicCast<Ipv4FlowClassifier>(helper.GetClassifier())->FindFlow(id);
            flows.push_back({t.protocol, t.destinationPort, t.sourceAddress, stats});
        }
    }
    return flows;
}

const FlowSummary*
Find(const std::vector<FlowSummary>& flows, uint8_t protocol, uint16_t port)
{
    for (const auto& f : flows)
    {
        if (f.protocol == protocol && f.port == port)
        {
            return &f;
        }
    }
    return nullptr;
}

/// Two hosts, a UDP flow and a 200 kB TCP transfer over IPv4 or IPv6, seen by FlowMonitor.
std::vector<FlowSummary>
TwoHostFlows(bool protect, bool enable, bool ipv6 = false, bool udpEncapsulated = false)
{
    RngSeedManager::SetSeed(7);
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    link.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer devices = link.Install(nodes);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ifs = Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices);
    Ipv6InterfaceContainer ifs6
        = Ipv6AddressHelper(Ipv6Address("2001:db8::"), Ipv6Prefix(64)).Assign(devices);
    IpsecAddress a = ipv6 ? IpsecAddress(ifs6.GetAddress(0, 1)) : IpsecAddress(ifs.GetAddress(0));
    IpsecAddress b = ipv6 ? IpsecAddress(ifs6.GetAddress(1, 1)) : IpsecAddress(ifs.GetAddress(1));
    auto to = [&b](uint16_t port) {
        return b.IsIpv6() ? Address(Inet6SocketAddress(b.GetIpv6(), port))
                          : Address(InetSocketAddress(b.GetIpv4(), port));
    };
    IpsecHelper ipsec;
    ipsec.Install(nodes);
    if (protect)
    {
        ipsec.ProtectPair(nodes.Get(0),
                          a,
                          nodes.Get(1),
                          b,
                          IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
    }
    if (udpEncapsulated)
    {
        // The same SAs, ESP in UDP (RFC 3948).
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<SecurityAssociationDatabase> sadb = IpsecHelper::Get(nodes.Get(i))->GetSadb();
            for (const auto& sa : sadb->Dump())
            {
                SecurityAssociation::Encapsulation e;
                e.udp = true;
                sa->SetEncapsulation(e);
                EXPECT_EQ(sadb->Update(sa), "");
            }
        }
    }
    FlowMonitorHelper helper;
    helper.InstallAll();
    if (enable)
    {
        EXPECT_EQ(IpsecFlowProbe::Enable(helper), 2u);
        EXPECT_EQ(IpsecFlowProbe::Enable(helper), 0u) << "a second call adds nothing";
    }
    PacketSinkHelper sink("ns3::TcpSocketFactory",
                          ipv6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), 80))
                               : Address(InetSocketAddress(Ipv4Address::GetAny(), 80)));
    sink.Install(nodes.Get(1));
    BulkSendHelper bulk("ns3::TcpSocketFactory", to(80));
    bulk.SetAttribute("MaxBytes", UintegerValue(200000));
    bulk.Install(nodes.Get(0)).Start(Seconds(2)); // after duplicate address detection
    UdpServerHelper server(9);
    server.Install(nodes.Get(1));
    UdpClientHelper client(to(9));
    client.SetAttribute("MaxPackets", UintegerValue(100));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(5)));
    client.SetAttribute("PacketSize", UintegerValue(500));
    client.Install(nodes.Get(0)).Start(Seconds(2));
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    std::vector<FlowSummary> flows = Flows(helper, ipv6);
    Simulator::Destroy();
    return flows;
}

/// The flows of a protected run match those of the same run unprotected, packet for packet.
void
ExpectFlowsAsUnprotected(bool ipv6, bool udpEncapsulated = false)
{
    std::vector<FlowSummary> plain = TwoHostFlows(false, true, ipv6);
    std::vector<FlowSummary> esp = TwoHostFlows(true, true, ipv6, udpEncapsulated);
    // ESP in UDP makes no flow of its own: the IPsec layer sends it with its own header, which
    // Ipv4FlowProbe does not see as a first transmission (nor plain ESP, which has no ports).
    EXPECT_EQ(esp.size(), plain.size());
    EXPECT_FALSE(Find(esp, 17, 4500));
    for (auto [protocol, port] : {std::make_pair(17, 9), std::make_pair(6, 80)})
    {
        const FlowSummary* p = Find(plain, protocol, port);
        const FlowSummary* e = Find(esp, protocol, port);
        ASSERT_TRUE(p && e) << "flow to port " << port;
        EXPECT_EQ(e->source,
                  ipv6 ? IpsecAddress(Ipv6Address("2001:db8::200:ff:fe00:1"))
                       : IpsecAddress(Ipv4Address("10.1.1.1")));
        EXPECT_EQ(e->stats.txPackets, p->stats.txPackets) << port;
        EXPECT_EQ(e->stats.rxPackets, p->stats.rxPackets) << port;
        EXPECT_EQ(e->stats.txBytes, p->stats.txBytes) << "the inner datagrams, as unprotected";
        EXPECT_EQ(e->stats.rxBytes, p->stats.rxBytes) << port;
        EXPECT_EQ(e->stats.lostPackets, 0u);
        // ESP's bytes take a little longer on the link; nothing else differs.
        double plainDelay = p->stats.delaySum.GetSeconds() / p->stats.rxPackets;
        double espDelay = e->stats.delaySum.GetSeconds() / e->stats.rxPackets;
        EXPECT_GE(espDelay, plainDelay);
        EXPECT_LT(espDelay, plainDelay * 1.05) << port;
    }
    ASSERT_TRUE(Find(esp, 17, 9));
    EXPECT_EQ(Find(esp, 17, 9)->stats.rxPackets, 100u);
}

TEST(FlowMonitorIpsec, TransportModeFlowsAreInvisibleWithoutTheProbe)
{
    // Without the probe, FlowMonitor sees ESP only: no flow at all.
    EXPECT_TRUE(TwoHostFlows(true, false).empty());
}

TEST(FlowMonitorIpsec, TransportModeNumbersMatchTheUnprotectedRun)
{
    ExpectFlowsAsUnprotected(false);
}

TEST(FlowMonitorIpsec, UdpEncapsulatedTransportModeNumbersMatchTheUnprotectedRun)
{
    ExpectFlowsAsUnprotected(false, true);
}

TEST(FlowMonitorIpsec, Ipv6TransportModeFlowsAreInvisibleWithoutTheProbe)
{
    EXPECT_TRUE(TwoHostFlows(true, false, true).empty());
}

TEST(FlowMonitorIpsec, Ipv6TransportModeNumbersMatchTheUnprotectedRun)
{
    ExpectFlowsAsUnprotected(true);
}

TEST_F(TwoHosts, PacketsTheIpsecLayerDropsAreLostWithTheirReason)
{
    // ESP is required but there is no SA: every datagram is sent and dropped (no-sa).
    IpsecProtectionRequest esp;
    IpsecHelper::AddPolicy(nodes.Get(0), SecurityPolicy::HostPair(a, b, {esp}));
    FlowMonitorHelper helper;
    helper.InstallAll();
    IpsecFlowProbe::Enable(helper);
    EXPECT_EQ(Udp(20, 100), 0u);
    std::vector<FlowSummary> flows = Flows(helper);
    const FlowSummary* udp = Find(flows, 17, 9);
    ASSERT_TRUE(udp);
    EXPECT_EQ(udp->stats.txPackets, 20u);
    EXPECT_EQ(udp->stats.rxPackets, 0u);
    uint32_t code
        = IpsecFlowProbe::DROP_REASON_BASE + static_cast<uint32_t>(IpsecDropReason::NO_SA);
    ASSERT_GT(udp->stats.packetsDropped.size(), code);
    EXPECT_EQ(udp->stats.packetsDropped[code], 20u);
}

} // namespace
