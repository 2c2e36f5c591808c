/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FlowMonitor sees flows IPsec protects (IpsecFlowProbe): transport mode between two hosts, a
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

/// What FlowMonitor says about one flow.
struct FlowSummary
{
    Ipv4FlowClassifier::FiveTuple tuple;
    FlowMonitor::FlowStats stats;
};

std::vector<FlowSummary>
Flows(FlowMonitorHelper& helper)
{
    Ptr<FlowMonitor> monitor = helper.GetMonitor();
    monitor->CheckForLostPackets();
    Ptr<Ipv4FlowClassifier> classifier = DynamicCast<Ipv4FlowClassifier>(helper.GetClassifier());
    std::vector<FlowSummary> flows;
    for (const auto& [id, stats] : monitor->GetFlowStats())
    {
        flows.push_back({classifier->FindFlow(id), stats});
    }
    return flows;
}

const FlowSummary*
Find(const std::vector<FlowSummary>& flows, uint8_t protocol, uint16_t port)
{
    for (const auto& f : flows)
    {
        if (f.tuple.protocol == protocol && f.tuple.destinationPort == port)
        {
            return &f;
        }
    }
    return nullptr;
}

/// Two hosts, a UDP flow and a 200 kB TCP transfer, seen by FlowMonitor.
std::vector<FlowSummary>
TwoHostFlows(bool protect, bool enable)
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
    IpsecHelper ipsec;
    ipsec.Install(nodes);
    if (protect)
    {
        ipsec.ProtectPair(nodes.Get(0),
                          ifs.GetAddress(0),
                          nodes.Get(1),
                          ifs.GetAddress(1),
                          IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
    }
    FlowMonitorHelper helper;
    helper.InstallAll();
    if (enable)
    {
        EXPECT_EQ(IpsecFlowProbe::Enable(helper), 2u);
        EXPECT_EQ(IpsecFlowProbe::Enable(helper), 0u) << "a second call adds nothing";
    }
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 80));
    sink.Install(nodes.Get(1));
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(ifs.GetAddress(1), 80));
    bulk.SetAttribute("MaxBytes", UintegerValue(200000));
    bulk.Install(nodes.Get(0)).Start(Seconds(1));
    UdpServerHelper server(9);
    server.Install(nodes.Get(1));
    UdpClientHelper client(ifs.GetAddress(1), 9);
    client.SetAttribute("MaxPackets", UintegerValue(100));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(5)));
    client.SetAttribute("PacketSize", UintegerValue(500));
    client.Install(nodes.Get(0)).Start(Seconds(1));
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    std::vector<FlowSummary> flows = Flows(helper);
    Simulator::Destroy();
    return flows;
}

TEST(FlowMonitorIpsec, TransportModeFlowsAreInvisibleWithoutTheProbe)
{
    // Without the probe, FlowMonitor sees ESP only: no flow at all.
    EXPECT_TRUE(TwoHostFlows(true, false).empty());
}

TEST(FlowMonitorIpsec, TransportModeNumbersMatchTheUnprotectedRun)
{
    std::vector<FlowSummary> plain = TwoHostFlows(false, true);
    std::vector<FlowSummary> esp = TwoHostFlows(true, true);
    EXPECT_EQ(esp.size(), plain.size());
    for (auto [protocol, port] : {std::make_pair(17, 9), std::make_pair(6, 80)})
    {
        const FlowSummary* p = Find(plain, protocol, port);
        const FlowSummary* e = Find(esp, protocol, port);
        ASSERT_TRUE(p && e) << "flow to port " << port;
        EXPECT_EQ(e->tuple.sourceAddress, Ipv4Address("10.1.1.1"));
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
    EXPECT_EQ(Find(esp, 17, 9)->stats.rxPackets, 100u);
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
