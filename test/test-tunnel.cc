/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Tunnel mode and security gateways, end to end:
 *
 *   a1 --- gw1 ===== r ===== gw2 --- b1        LAN A 10.1.1.0/24, LAN B 10.2.1.0/24
 *                   |                          "Internet" 172.16.0.0/16
 *                  inet                        (not protected)
 *
 * The hosts have no IPsec unless a test adds it; the gateways protect LAN A <-> LAN B.
 */
#include "checksums-from-environment.h"
#include "test-util.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/flow-monitor-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>
#include <map>

using namespace ns3;

namespace
{
class Vpn : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        RngSeedManager::SetSeed(11);
        a1 = CreateObject<Node>();
        gw1 = CreateObject<Node>();
        r = CreateObject<Node>();
        gw2 = CreateObject<Node>();
        b1 = CreateObject<Node>();
        inet = CreateObject<Node>();
        a2 = CreateObject<Node>();
        NodeContainer all(NodeContainer(a1, gw1, r, gw2), NodeContainer(b1, inet, a2));
        InternetStackHelper().Install(all);
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        link.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer lanA = link.Install(a1, gw1);
        NetDeviceContainer wan1 = link.Install(gw1, r);
        NetDeviceContainer wan2 = link.Install(r, gw2);
        NetDeviceContainer lanB = link.Install(gw2, b1);
        NetDeviceContainer edge = link.Install(r, inet);
        NetDeviceContainer lanA2 = link.Install(a2, gw1);
        Ipv4AddressHelper ip;
        ip.SetBase("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifA = ip.Assign(lanA);
        ip.SetBase("172.16.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifW1 = ip.Assign(wan1);
        ip.SetBase("172.16.2.0", "255.255.255.0");
        Ipv4InterfaceContainer ifW2 = ip.Assign(wan2);
        ip.SetBase("10.2.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifB = ip.Assign(lanB);
        ip.SetBase("172.16.3.0", "255.255.255.0");
        Ipv4InterfaceContainer ifE = ip.Assign(edge);
        ip.SetBase("10.1.2.0", "255.255.255.0");
        a2Address = ip.Assign(lanA2).GetAddress(0);
        a1Address = ifA.GetAddress(0);
        gw1Address = ifW1.GetAddress(0);
        gw2Address = ifW2.GetAddress(1);
        b1Address = ifB.GetAddress(1);
        inetAddress = ifE.GetAddress(1);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();

        gateways = NodeContainer(gw1, gw2);
        ipsec.Install(gateways);
        ipsec.AssignStreams(gateways, 3);
        for (Ptr<Node> gw : {gw1, gw2})
        {
            IpsecHelper::Get(gw)->TraceConnectWithoutContext("Drop",
                                                             MakeCallback(&Vpn::OnDrop, this));
        }
        // What crosses the Internet leaving gw1, and what a1 receives.
        wan1.Get(0)->TraceConnectWithoutContext("MacTx", MakeCallback(&Vpn::OnWan, this));
        lanA.Get(0)->TraceConnectWithoutContext("MacRx", MakeCallback(&Vpn::OnA1Rx, this));
        lanB.Get(1)->TraceConnectWithoutContext("MacRx", MakeCallback(&Vpn::OnB1Rx, this));
        wanMtu = wan1.Get(0)->GetMtu();
        gw1LanDevice = lanA.Get(1);
        gw1WanDevice = wan1.Get(0);
    }

    void TearDown() override { Simulator::Destroy(); }

    void Tunnel(const std::string& protocol = "esp",
                const std::string& encr = "aes-gcm-16",
                const std::string& auth = "none")
    {
        Tunnel(IpsecHelper::Suite::Parse(protocol, encr, auth));
    }

    /// Policy-based VPN between LAN A and LAN B.
    void Tunnel(const IpsecHelper::Suite& suite)
    {
        ipsec.ProtectNetworks(gw1,
                              gw1Address,
                              Ipv4Address("10.1.1.0"),
                              Ipv4Mask("255.255.255.0"),
                              gw2,
                              gw2Address,
                              Ipv4Address("10.2.1.0"),
                              Ipv4Mask("255.255.255.0"),
                              suite);
    }

    void OnDrop(Ptr<const Packet>, IpsecDropReason reason, IpsecDirection, uint32_t)
    {
        ++drops[reason];
    }

    static Ptr<Packet> WithoutPpp(Ptr<const Packet> p)
    {
        Ptr<Packet> copy = p->Copy();
        copy->RemoveAtStart(2);
        return copy;
    }

    void OnWan(Ptr<const Packet> p) { wan.push_back(WithoutPpp(p)); }

    void OnA1Rx(Ptr<const Packet> p) { atA1.push_back(WithoutPpp(p)); }

    void OnB1Rx(Ptr<const Packet> p) { atB1.push_back(WithoutPpp(p)); }

    uint32_t Udp(Ptr<Node> from, Ipv4Address to, Ptr<Node> server, uint32_t packets, uint32_t size)
    {
        UdpServerHelper sink(9);
        ApplicationContainer s = sink.Install(server);
        UdpClientHelper client(to, 9);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(2)));
        client.SetAttribute("PacketSize", UintegerValue(size));
        client.Install(from).Start(Seconds(1));
        Simulator::Stop(Seconds(3 + packets * 0.002));
        Simulator::Run();
        return DynamicCast<UdpServer>(s.Get(0))->GetReceived();
    }

    uint64_t Tcp(uint64_t bytes)
    {
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer s = sinkHelper.Install(b1);
        BulkSendHelper client("ns3::TcpSocketFactory", InetSocketAddress(b1Address, 9));
        client.SetAttribute("MaxBytes", UintegerValue(bytes));
        client.Install(a1).Start(Seconds(1));
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        return DynamicCast<PacketSink>(s.Get(0))->GetTotalRx();
    }

    uint32_t Ping(uint32_t count)
    {
        IcmpEchoClientHelper ping(b1Address);
        ping.SetAttribute("Count", UintegerValue(count));
        ping.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        ApplicationContainer apps = ping.Install(a1);
        apps.Start(Seconds(1));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        return DynamicCast<IcmpEchoClient>(apps.Get(0))->GetReceived();
    }

    /// A hand-made UDP datagram arrives at a device at time t, as if sent by the node on the
    /// other end of the link (spoofed sources, DF, TOS: anything a host could send).
    void Arrive(Ptr<NetDevice> device, Ipv4Header header, uint32_t payload, double t)
    {
        UdpHeader udp;
        udp.SetSourcePort(4000);
        udp.SetDestinationPort(9);
        Ptr<Packet> p = Create<Packet>(payload);
        p->AddHeader(udp);
        header.SetProtocol(17);
        header.SetPayloadSize(p->GetSize());
        header.SetTtl(64);
        header.EnableChecksum();
        p->AddHeader(header);
        test::DeliverOffLink(device, p, t);
    }

    /// \return the MTU of the last ICMP fragmentation-needed a1 received, 0 if none
    uint16_t FragmentationNeededMtu() const
    {
        uint16_t mtu = 0;
        for (const auto& p : atA1)
        {
            Ptr<Packet> copy = p->Copy();
            Ipv4Header ip;
            copy->RemoveHeader(ip);
            Icmpv4Header icmp;
            if (ip.GetProtocol() == 1 && copy->RemoveHeader(icmp) && icmp.GetType() == 3
                && icmp.GetCode() == 4)
            {
                Icmpv4DestinationUnreachable unreach;
                copy->RemoveHeader(unreach);
                mtu = unreach.GetNextHopMtu();
            }
        }
        return mtu;
    }

    /// A datagram from a1 arriving at gw1.
    void FromA1(Ipv4Header header, uint32_t payload, double t = 1.0)
    {
        Arrive(gw1LanDevice, header, payload, t);
    }

    /// Outer headers seen leaving gw1 towards the Internet.
    std::vector<Ipv4Header> WanHeaders() const
    {
        std::vector<Ipv4Header> out;
        for (const auto& p : wan)
        {
            Ipv4Header h;
            p->PeekHeader(h);
            out.push_back(h);
        }
        return out;
    }

    const IpsecStats& Stats(Ptr<Node> n) { return IpsecHelper::Get(n)->GetStats(); }

    Ptr<Node> a1, gw1, r, gw2, b1, inet, a2;
    NodeContainer gateways;
    Ipv4Address a1Address, gw1Address, gw2Address, b1Address, inetAddress, a2Address;
    uint32_t wanMtu{0};
    Ptr<NetDevice> gw1LanDevice;
    Ptr<NetDevice> gw1WanDevice;
    IpsecHelper ipsec;
    std::map<IpsecDropReason, uint32_t> drops;
    std::vector<Ptr<Packet>> wan;
    std::vector<Ptr<Packet>> atA1;
    std::vector<Ptr<Packet>> atB1;
};

struct TunnelSuite
{
    const char* protocol;
    const char* encr;
    const char* auth;
};

void
PrintTo(const TunnelSuite& s, std::ostream* os)
{
    *os << s.protocol << " " << s.encr << " " << s.auth;
}

class TunnelTraffic
    : public Vpn
    , public ::testing::WithParamInterface<TunnelSuite>
{
};
} // namespace

TEST_P(TunnelTraffic, UdpBetweenLansOnlyEspOrAhBetweenGateways)
{
    Tunnel(GetParam().protocol, GetParam().encr, GetParam().auth);
    EXPECT_EQ(Udp(a1, b1Address, b1, 100, 800), 100u);
    bool ah = std::string(GetParam().protocol).find("ah") != std::string::npos;
    ASSERT_FALSE(wan.empty());
    for (const auto& h : WanHeaders())
    {
        EXPECT_EQ(h.GetSource(), gw1Address);
        EXPECT_EQ(h.GetDestination(), gw2Address);
        EXPECT_EQ(h.GetProtocol(), ah ? 51 : 50);
    }
    IpsecProtocol tunnel
        = std::string(GetParam().protocol) == "ah" ? IpsecProtocol::AH : IpsecProtocol::ESP;
    EXPECT_EQ(Stats(gw1).Of(tunnel).packetsOut, 100u);
    EXPECT_EQ(Stats(gw2).Of(tunnel).packetsIn, 100u);
    EXPECT_EQ(Stats(gw2).TotalDrops(), 0u);
}

TEST_P(TunnelTraffic, TcpMegabyteByteExact)
{
    Tunnel(GetParam().protocol, GetParam().encr, GetParam().auth);
    EXPECT_EQ(Tcp(1000000), 1000000u);
    EXPECT_EQ(Stats(gw1).TotalDrops() + Stats(gw2).TotalDrops(), 0u);
}

TEST_P(TunnelTraffic, PingBetweenLans)
{
    Tunnel(GetParam().protocol, GetParam().encr, GetParam().auth);
    EXPECT_EQ(Ping(5), 5u);
}

INSTANTIATE_TEST_SUITE_P(Tunnels,
                         TunnelTraffic,
                         ::testing::Values(TunnelSuite{"esp", "aes-gcm-16", "none"},
                                           TunnelSuite{"esp", "aes-cbc", "hmac-sha256-128"},
                                           TunnelSuite{"ah", "null", "hmac-sha256-128"},
                                           TunnelSuite{"esp+ah", "aes-ctr", "hmac-sha1-96"}),
                         [](const ::testing::TestParamInfo<TunnelSuite>& info) {
                             std::string n = std::string(info.param.protocol) + "_"
                                           + info.param.encr + "_" + info.param.auth;
                             for (char& c : n)
                             {
                                 c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                             }
                             return n;
                         });

TEST_F(Vpn, EspTunnelWithAhOutsideOnTheWire)
{
    Tunnel("esp+ah", "aes-cbc", "hmac-sha256-128");
    EXPECT_EQ(Udp(a1, b1Address, b1, 10, 300), 10u);
    // [outer IP][AH next=ESP][ESP ... [inner IP]]: the KAME case ours accepts on inbound.
    Ptr<Packet> p = wan.front()->Copy();
    Ipv4Header outer;
    p->RemoveHeader(outer);
    AhHeader ah;
    p->PeekHeader(ah);
    EXPECT_EQ(outer.GetProtocol(), 51);
    EXPECT_EQ(ah.GetNextHeader(), 50);
    EXPECT_EQ(Stats(gw2).Of(IpsecProtocol::AH).packetsIn, 10u);
    EXPECT_EQ(Stats(gw2).Of(IpsecProtocol::ESP).packetsIn, 10u);
}

TEST_F(Vpn, AhTransportBetweenHostsInsideEspTunnel)
{
    NodeContainer hosts(a1, b1);
    ipsec.Install(hosts);
    ipsec.ProtectPair(a1,
                      a1Address,
                      b1,
                      b1Address,
                      IpsecHelper::Suite::Parse("ah", "null", "hmac-sha256-128"));
    Tunnel("esp", "aes-gcm-16", "none");
    EXPECT_EQ(Udp(a1, b1Address, b1, 20, 500), 20u);
    EXPECT_EQ(Stats(b1).Of(IpsecProtocol::AH).packetsIn, 20u);
    EXPECT_EQ(Stats(gw2).Of(IpsecProtocol::ESP).packetsIn, 20u);
    EXPECT_EQ(Stats(b1).TotalDrops() + Stats(gw2).TotalDrops(), 0u);
}

TEST_F(Vpn, SeveralSubnetsPerGatewayPair)
{
    Tunnel(); // 10.1.1.0/24 <-> 10.2.1.0/24
    ipsec.ProtectNetworks(gw1,
                          gw1Address,
                          Ipv4Address("10.1.2.0"),
                          Ipv4Mask("255.255.255.0"),
                          gw2,
                          gw2Address,
                          Ipv4Address("10.2.1.0"),
                          Ipv4Mask("255.255.255.0"),
                          IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
    UdpServerHelper sink(9);
    ApplicationContainer s = sink.Install(b1);
    for (Ptr<Node> host : {a1, a2})
    {
        UdpClientHelper client(b1Address, 9);
        client.SetAttribute("MaxPackets", UintegerValue(20));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(2)));
        client.Install(host).Start(Seconds(1));
    }
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(DynamicCast<UdpServer>(s.Get(0))->GetReceived(), 40u);
    EXPECT_EQ(Stats(gw1).Of(IpsecProtocol::ESP).packetsOut, 40u);
    for (const auto& h : WanHeaders())
    {
        EXPECT_EQ(h.GetProtocol(), 50);
    }
    EXPECT_EQ(Stats(gw2).TotalDrops(), 0u);
}

TEST_F(Vpn, UnprotectedInternetHostStillReachable)
{
    Tunnel();
    EXPECT_EQ(Udp(a1, inetAddress, inet, 30, 400), 30u);
    for (const auto& h : WanHeaders())
    {
        EXPECT_EQ(h.GetProtocol(), 17); // in the clear: no policy covers the Internet host
    }
    EXPECT_EQ(Stats(gw1).Of(IpsecProtocol::ESP).packetsOut, 0u);
}

TEST_F(Vpn, RemoteAccessHostToGateway)
{
    // a1 is its own tunnel endpoint (a /32 "network"); gw2 protects LAN B.
    ipsec.Install(NodeContainer(a1));
    ipsec.ProtectNetworks(a1,
                          a1Address,
                          a1Address,
                          Ipv4Mask("255.255.255.255"),
                          gw2,
                          gw2Address,
                          Ipv4Address("10.2.1.0"),
                          Ipv4Mask("255.255.255.0"),
                          IpsecHelper::Suite::Parse("esp", "aes-cbc", "hmac-sha256-128"));
    EXPECT_EQ(Ping(5), 5u);
    EXPECT_EQ(Stats(a1).Of(IpsecProtocol::ESP).packetsOut, 5u);
    EXPECT_EQ(Stats(a1).Of(IpsecProtocol::ESP).packetsIn, 5u); // replies tunnelled back
    for (const auto& h : WanHeaders())
    {
        EXPECT_EQ(h.GetProtocol(), 50);
        EXPECT_EQ(h.GetSource(), a1Address);
    }
}

TEST_F(Vpn, FlowMonitorSeesAHostsOwnTunnelAndGatewayTunnelsOnce)
{
    // a1 tunnels to gw2 itself (remote access), a2 goes through gw1's tunnel: FlowMonitor with
    // IpsecFlowProbe counts both flows once, from sender to receiver.
    ipsec.Install(NodeContainer(a1));
    ipsec.ProtectNetworks(a1,
                          a1Address,
                          a1Address,
                          Ipv4Mask("255.255.255.255"),
                          gw2,
                          gw2Address,
                          Ipv4Address("10.2.1.0"),
                          Ipv4Mask("255.255.255.0"),
                          IpsecHelper::Suite::Parse("esp", "aes-cbc", "hmac-sha256-128"));
    ipsec.ProtectNetworks(gw1,
                          gw1Address,
                          Ipv4Address("10.1.2.0"),
                          Ipv4Mask("255.255.255.0"),
                          gw2,
                          gw2Address,
                          Ipv4Address("10.2.1.0"),
                          Ipv4Mask("255.255.255.0"),
                          IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
    FlowMonitorHelper helper;
    helper.InstallAll();
    EXPECT_EQ(IpsecFlowProbe::Enable(helper), 7u); // every node with IPv4
    UdpServerHelper sink(9);
    ApplicationContainer s = sink.Install(b1);
    for (Ptr<Node> from : {a1, a2})
    {
        UdpClientHelper client(b1Address, 9);
        client.SetAttribute("MaxPackets", UintegerValue(40));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(2)));
        client.SetAttribute("PacketSize", UintegerValue(300));
        client.Install(from).Start(Seconds(1));
    }
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    helper.GetMonitor()->CheckForLostPackets();
    EXPECT_EQ(DynamicCast<UdpServer>(s.Get(0))->GetReceived(), 80u);
    Ptr<Ipv4FlowClassifier> classifier = DynamicCast<Ipv4FlowClassifier>(helper.GetClassifier());
    uint32_t flows = 0;
    for (const auto& [id, stats] : helper.GetMonitor()->GetFlowStats())
    {
        Ipv4FlowClassifier::FiveTuple t = classifier->FindFlow(id);
        if (t.destinationPort != 9)
        {
            continue;
        }
        ++flows;
        EXPECT_TRUE(t.sourceAddress == a1Address || t.sourceAddress == a2Address);
        EXPECT_EQ(stats.txPackets, 40u) << t.sourceAddress;
        EXPECT_EQ(stats.rxPackets, 40u) << t.sourceAddress;
        EXPECT_EQ(stats.txBytes, 40u * (300 + 8 + 20)) << "inner datagrams";
        EXPECT_EQ(stats.lostPackets, 0u);
    }
    EXPECT_EQ(flows, 2u);
}

TEST_F(Vpn, InnerPacketOutsideTheTunnelPolicyIsDropped)
{
    Tunnel();
    // gw1 is misconfigured (or malicious): it also tunnels a network gw2 never agreed to.
    IpsecProtectionRequest request;
    request.mode = IpsecMode::TUNNEL;
    request.tunnelSource = gw1Address;
    request.tunnelDestination = gw2Address;
    IpsecHelper::AddPolicy(gw1,
                           SecurityPolicy::Networks(Ipv4Address("10.1.7.0"),
                                                    Ipv4Mask("255.255.255.0"),
                                                    Ipv4Address("10.2.1.0"),
                                                    Ipv4Mask("255.255.255.0"),
                                                    {request}));
    Ipv4Header spoofed;
    spoofed.SetSource(Ipv4Address("10.1.7.7"));
    spoofed.SetDestination(b1Address);
    FromA1(spoofed, 100);
    EXPECT_EQ(Udp(a1, b1Address, b1, 5, 100), 5u); // legitimate traffic still flows
    EXPECT_EQ(Stats(gw1).Of(IpsecProtocol::ESP).packetsOut, 6u);
    EXPECT_EQ(drops[IpsecDropReason::POLICY_MISMATCH], 1u);
}

TEST_F(Vpn, CleartextFromTheOtherLanIsRefusedByTheGateway)
{
    Tunnel();
    // Someone on the Internet forges LAN B's source: gw1's inbound tunnel policy requires ESP.
    Ipv4Header forged;
    forged.SetSource(Ipv4Address("10.2.1.99"));
    forged.SetDestination(a1Address);
    Arrive(gw1WanDevice, forged, 100, 1.0);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(drops[IpsecDropReason::POLICY_VIOLATION], 1u);
}

TEST_F(Vpn, TransitHeaderLengthBelowFiveWordsIsAMalformedDropNotEncapsulated)
{
    // RFC 1812 §5.2.2: a router discards a header length below 5 words; ns-3's IPv4 input takes
    // it, and the gateway would copy a 20-byte header into the room of fewer.
    Tunnel();
    for (uint8_t words = 0; words < 5; ++words)
    {
        Ipv4Header h;
        h.SetSource(a1Address);
        h.SetDestination(b1Address);
        h.SetProtocol(17);
        h.SetTtl(64);
        h.SetPayloadSize(108);
        h.SetIdentification(words);
        h.EnableChecksum();
        Ptr<Packet> p = Create<Packet>(108);
        p->AddHeader(h);
        test::DeliverOffLink(gw1LanDevice, test::WithIpv4HeaderLength(p, words), 1.0);
    }
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    // With checksums on, ns-3 refuses 0 and 1 words (no field there can make the sum good).
    uint32_t expected = test::g_checksumsFromEnvironment ? 3 : 5;
    EXPECT_EQ(drops[IpsecDropReason::MALFORMED], expected);
    EXPECT_EQ(drops.size(), 1u);
    EXPECT_EQ(Stats(gw1).policy.drops[size_t(IpsecDropReason::MALFORMED)], expected);
    EXPECT_TRUE(wan.empty());
    EXPECT_EQ(Udp(a1, b1Address, b1, 5, 100), 5u); // and the tunnel still works
}

TEST_F(Vpn, TransitOptionsAreNotKeptAndTheTunnelCarriesA20ByteHeader)
{
    // ns-3's Ipv4Header skips options on input, and written back it puts 20 bytes into the room
    // of header and options: the gateway encapsulates the datagram with a 20-byte header, its
    // payload intact.
    Tunnel();
    std::vector<uint8_t> payload(108);
    for (size_t i = 0; i < payload.size(); ++i)
    {
        payload[i] = static_cast<uint8_t>(i * 7 + 1);
    }
    Ipv4Header h;
    h.SetSource(a1Address);
    h.SetDestination(b1Address);
    h.SetProtocol(17);
    h.SetTtl(64);
    h.SetPayloadSize(payload.size());
    h.SetIdentification(77);
    h.EnableChecksum();
    Ptr<Packet> p = Create<Packet>(payload.data(), payload.size());
    p->AddHeader(h);
    test::DeliverOffLink(gw1LanDevice, test::WithIpv4Options(p, 2), 1.0);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_TRUE(drops.empty());
    EXPECT_EQ(wan.size(), 1u);
    ASSERT_EQ(atB1.size(), 1u);
    std::vector<uint8_t> got(atB1[0]->GetSize());
    atB1[0]->CopyData(got.data(), got.size());
    ASSERT_EQ(got.size(), 20 + payload.size());
    EXPECT_EQ(got[0], 0x45);
    EXPECT_EQ(uint32_t(got[2]) << 8 | got[3], got.size());
    EXPECT_EQ(std::vector<uint8_t>(got.begin() + 20, got.end()), payload);
}

TEST_F(Vpn, OuterHeaderRules)
{
    IpsecHelper::Get(gw1)->SetAttribute("Ecn", BooleanValue(true));
    Tunnel();
    Ipv4Header h;
    h.SetSource(a1Address);
    h.SetDestination(b1Address);
    h.SetTos(0xb8 | IpsecTunnelHeader::ECT0); // DSCP EF, ECT(0)
    h.SetDontFragment();
    FromA1(h, 200);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(wan.size(), 1u);
    Ipv4Header outer = WanHeaders().front();
    EXPECT_EQ(outer.GetTos(), 0xb8 | IpsecTunnelHeader::ECT0); // DSCP copied, ECN copied
    EXPECT_EQ(outer.GetTtl(), 64);                             // the node default, not inner's
    EXPECT_FALSE(outer.IsDontFragment());                      // DfBit Clear (default)
    EXPECT_EQ(Stats(gw2).Of(IpsecProtocol::ESP).packetsIn, 1u);
    // The inner datagram reaches b1 as sent, forwarded twice (TTL 64 - 2), DSCP and ECN intact.
    ASSERT_EQ(atB1.size(), 1u);
    Ipv4Header inner;
    atB1.front()->PeekHeader(inner);
    EXPECT_EQ(inner.GetSource(), a1Address);
    EXPECT_EQ(inner.GetTtl(), 62);
    EXPECT_EQ(inner.GetTos(), 0xb8 | IpsecTunnelHeader::ECT0);
    EXPECT_TRUE(inner.IsDontFragment());
}

TEST_F(Vpn, EcnOffMeansNotEctOutside)
{
    Tunnel();
    Ipv4Header h;
    h.SetSource(a1Address);
    h.SetDestination(b1Address);
    h.SetTos(0x28 | IpsecTunnelHeader::CE);
    FromA1(h, 200);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(wan.size(), 1u);
    EXPECT_EQ(WanHeaders().front().GetTos(), 0x28); // compatibility mode: Not-ECT
}

class DfBitCases
    : public Vpn
    , public ::testing::WithParamInterface<std::tuple<IpsecTunnelHeader::DfBit, bool, bool>>
{
};

TEST_P(DfBitCases, OuterDfFollowsTheAttribute)
{
    auto [dfBit, innerDf, expected] = GetParam();
    IpsecHelper::Get(gw1)->SetAttribute("DfBit", EnumValue(dfBit));
    Tunnel();
    Ipv4Header h;
    h.SetSource(a1Address);
    h.SetDestination(b1Address);
    if (innerDf)
    {
        h.SetDontFragment();
    }
    FromA1(h, 200);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(wan.size(), 1u);
    EXPECT_EQ(WanHeaders().front().IsDontFragment(), expected);
}

INSTANTIATE_TEST_SUITE_P(
    DfBit,
    DfBitCases,
    ::testing::Values(std::make_tuple(IpsecTunnelHeader::DF_CLEAR, false, false),
                      std::make_tuple(IpsecTunnelHeader::DF_CLEAR, true, false),
                      std::make_tuple(IpsecTunnelHeader::DF_SET, false, true),
                      std::make_tuple(IpsecTunnelHeader::DF_SET, true, true),
                      std::make_tuple(IpsecTunnelHeader::DF_COPY, false, false),
                      std::make_tuple(IpsecTunnelHeader::DF_COPY, true, true)));

TEST_F(Vpn, DfDatagramTooBigGetsFragmentationNeededWithTunnelMtu)
{
    Tunnel("esp", "aes-cbc", "hmac-sha256-128");
    Ipv4Header h;
    h.SetSource(a1Address);
    h.SetDestination(b1Address);
    h.SetDontFragment();
    FromA1(h, 1472 - 8); // a full 1500-byte datagram
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(drops[IpsecDropReason::TOO_BIG], 1u);
    EXPECT_TRUE(wan.empty());
    // a1 got ICMP destination unreachable / fragmentation needed with MTU minus the overhead.
    // ESP AES-CBC + HMAC-SHA-256 tunnel: 20 outer + 8 ESP + 16 IV + 2..17 trailer + 16 ICV.
    uint16_t mtu = FragmentationNeededMtu();
    EXPECT_LT(mtu, wanMtu - 60);
    EXPECT_GT(mtu, wanMtu - 80);
}

TEST_F(Vpn, LargeDatagramWithoutDfIsFragmentedOutside)
{
    Tunnel();
    EXPECT_EQ(Udp(a1, b1Address, b1, 5, 1472), 5u); // 1500-byte inner datagrams
    uint32_t fragments = 0;
    for (const auto& h : WanHeaders())
    {
        EXPECT_LE(h.GetPayloadSize() + 20, wanMtu);
        fragments += !h.IsLastFragment() || h.GetFragmentOffset() > 0;
    }
    EXPECT_EQ(fragments, 10u); // each outer datagram in two fragments
}

TEST_F(Vpn, OuterDfSetFragmentsTheInnerDatagramInstead)
{
    IpsecHelper::Get(gw1)->SetAttribute("DfBit", EnumValue(IpsecTunnelHeader::DF_SET));
    Tunnel();
    EXPECT_EQ(Udp(a1, b1Address, b1, 5, 1472), 5u); // reassembled by b1
    ASSERT_EQ(wan.size(), 10u);
    for (const auto& h : WanHeaders())
    {
        EXPECT_TRUE(h.IsDontFragment());
        EXPECT_TRUE(h.IsLastFragment());
        EXPECT_LE(h.GetPayloadSize() + 20, wanMtu);
    }
}

TEST(TunnelHeader, Rfc6040Decapsulation)
{
    using T = IpsecTunnelHeader;
    struct Case
    {
        uint8_t inner, outer, result;
        bool ok;
    } cases[] = {
        {T::NOT_ECT, T::NOT_ECT, T::NOT_ECT, true},
        {T::NOT_ECT, T::ECT0, T::NOT_ECT, true},
        {T::NOT_ECT, T::ECT1, T::NOT_ECT, true},
        {T::NOT_ECT, T::CE, 0, false},
        {T::ECT0, T::NOT_ECT, T::ECT0, true},
        {T::ECT0, T::ECT0, T::ECT0, true},
        {T::ECT0, T::ECT1, T::ECT1, true},
        {T::ECT0, T::CE, T::CE, true},
        {T::ECT1, T::NOT_ECT, T::ECT1, true},
        {T::ECT1, T::ECT0, T::ECT1, true},
        {T::ECT1, T::ECT1, T::ECT1, true},
        {T::ECT1, T::CE, T::CE, true},
        {T::CE, T::NOT_ECT, T::CE, true},
        {T::CE, T::ECT0, T::CE, true},
        {T::CE, T::ECT1, T::CE, true},
        {T::CE, T::CE, T::CE, true},
    };
    for (const auto& c : cases)
    {
        Ipv4Header inner;
        inner.SetTos(0xa0 | c.inner);
        EXPECT_EQ(T::DecapsulateEcn(0x00 | c.outer, inner), c.ok) << int(c.inner) << int(c.outer);
        if (c.ok)
        {
            EXPECT_EQ(inner.GetTos(), 0xa0 | c.result) << int(c.inner) << int(c.outer);
        }
    }
}

TEST(TunnelHeader, OuterFields)
{
    Ipv4Header inner;
    inner.SetSource(Ipv4Address("10.1.1.2"));
    inner.SetDestination(Ipv4Address("10.2.1.2"));
    inner.SetTos(0x2a);
    inner.SetTtl(7);
    inner.SetPayloadSize(100);
    inner.SetDontFragment();
    Ipv4Header outer = IpsecTunnelHeader::Outer(inner,
                                                Ipv4Address("192.0.2.1"),
                                                Ipv4Address("198.51.100.1"),
                                                64,
                                                4242,
                                                IpsecTunnelHeader::DF_COPY,
                                                false);
    EXPECT_EQ(outer.GetProtocol(), 4);
    EXPECT_EQ(outer.GetPayloadSize(), 120u);
    EXPECT_EQ(outer.GetTtl(), 64);
    EXPECT_EQ(outer.GetIdentification(), 4242);
    EXPECT_EQ(outer.GetTos(), 0x28); // DSCP kept, ECN Not-ECT
    EXPECT_TRUE(outer.IsDontFragment());
}

namespace
{
/// The same topology with a route-based tunnel (tunnel interfaces + routes) instead of policy.
class RouteBasedVpn : public Vpn
{
  protected:
    void RouteTunnel(const std::string& protocol = "esp",
                     const std::string& encr = "aes-gcm-16",
                     const std::string& auth = "none")
    {
        auto tunnels = ipsec.AddRouteBasedTunnel(gw1,
                                                 gw1Address,
                                                 Ipv4Address("10.1.1.0"),
                                                 Ipv4Mask("255.255.255.0"),
                                                 gw2,
                                                 gw2Address,
                                                 Ipv4Address("10.2.1.0"),
                                                 Ipv4Mask("255.255.255.0"),
                                                 IpsecHelper::Suite::Parse(protocol, encr, auth));
        tunnel1 = tunnels.first;
        tunnel2 = tunnels.second;
    }

    Ptr<IpsecTunnelInterface> tunnel1;
    Ptr<IpsecTunnelInterface> tunnel2;
};
} // namespace

TEST_F(RouteBasedVpn, RoutesSendLanTrafficThroughTheTunnelInterface)
{
    RouteTunnel();
    EXPECT_EQ(Udp(a1, b1Address, b1, 50, 700), 50u);
    EXPECT_EQ(Ping(5), 5u);
    for (const auto& h : WanHeaders())
    {
        EXPECT_EQ(h.GetProtocol(), 50);
        EXPECT_EQ(h.GetSource(), gw1Address);
    }
    EXPECT_EQ(Stats(gw1).Of(IpsecProtocol::ESP).packetsOut, 55u);
    EXPECT_EQ(Stats(gw2).Of(IpsecProtocol::ESP).packetsIn, 55u);
    EXPECT_EQ(Stats(gw1).TotalDrops() + Stats(gw2).TotalDrops(), 0u);
    // The inner packets reach b1 after two hops of forwarding, the tunnel being one of them.
    ASSERT_FALSE(atB1.empty());
    Ipv4Header inner;
    atB1.front()->PeekHeader(inner);
    EXPECT_EQ(inner.GetSource(), a1Address);
}

TEST_F(RouteBasedVpn, InnerHeadersInTheTunnelCarryTheirChecksum)
{
    // With ns-3's checksums on, every header on the wire must carry a valid checksum, the
    // inner one inside ESP included (ESP-NULL leaves it readable), with and without RFC 6040.
    if (!test::g_checksumsFromEnvironment)
    {
        GTEST_SKIP() << "runs in the with-checksums pass (IPSEC_TEST_CHECKSUMS=1)";
    }
    for (Ptr<Node> gw : {gw1, gw2})
    {
        IpsecHelper::Get(gw)->SetAttribute("Ecn", BooleanValue(true));
    }
    RouteTunnel("esp", "null", "hmac-sha256-128");
    EXPECT_EQ(Udp(a1, b1Address, b1, 20, 300), 20u);
    ASSERT_EQ(wan.size(), 20u);
    for (const auto& p : wan)
    {
        Ptr<Packet> copy = p->Copy();
        Ipv4Header outer;
        outer.EnableChecksum();
        copy->RemoveHeader(outer);
        EXPECT_TRUE(outer.IsChecksumOk());
        copy->RemoveAtStart(8); // SPI and sequence number
        Ipv4Header inner;
        inner.EnableChecksum();
        copy->RemoveHeader(inner);
        EXPECT_EQ(inner.GetSource(), a1Address);
        EXPECT_TRUE(inner.IsChecksumOk()) << "inner header checksum on the wire";
    }
}

TEST_F(RouteBasedVpn, TcpMegabyteByteExactWithEspAndAh)
{
    RouteTunnel("esp+ah", "aes-cbc", "hmac-sha256-128");
    EXPECT_EQ(Tcp(1000000), 1000000u);
    EXPECT_GT(Stats(gw2).Of(IpsecProtocol::AH).packetsIn, 600u);
    EXPECT_EQ(Stats(gw1).TotalDrops() + Stats(gw2).TotalDrops(), 0u);
}

TEST_F(RouteBasedVpn, PerTunnelPolicyWithEntriesAndNoMatchDrops)
{
    RouteTunnel();
    // Replace the catch-all: only UDP may use this tunnel.
    tunnel1->GetSpd()->Flush();
    Ptr<SecurityPolicy> udpOnly = SecurityPolicy::Networks(Ipv4Address::GetAny(),
                                                           Ipv4Mask::GetZero(),
                                                           Ipv4Address::GetAny(),
                                                           Ipv4Mask::GetZero(),
                                                           {});
    IpsecProtectionRequest esp;
    esp.mode = IpsecMode::TUNNEL; // endpoints left "any": the interface's
    udpOnly->action = SecurityPolicy::Action::IPSEC;
    udpOnly->alternatives = {{esp}};
    udpOnly->protocol = 17;
    tunnel1->GetSpd()->Add(udpOnly);
    EXPECT_EQ(Udp(a1, b1Address, b1, 10, 300), 10u);
    EXPECT_EQ(Ping(3), 0u);
    EXPECT_EQ(drops[IpsecDropReason::NO_POLICY_MATCH], 3u);
}

TEST_F(RouteBasedVpn, TunnelMtuAnswersDfPacketsWithFragmentationNeeded)
{
    RouteTunnel();
    Ipv4Header h;
    h.SetSource(a1Address);
    h.SetDestination(b1Address);
    h.SetDontFragment();
    FromA1(h, 1450);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_TRUE(wan.empty());
    uint16_t mtu = FragmentationNeededMtu();
    // The path MTU minus the overhead, as in policy-based tunnels (AES-GCM: 54..57 bytes).
    EXPECT_LE(mtu, wanMtu - 54);
    EXPECT_GE(mtu, wanMtu - 57);
    EXPECT_EQ(drops[IpsecDropReason::TOO_BIG], 1u);
}

TEST_F(RouteBasedVpn, InternetTrafficStaysOutsideTheTunnel)
{
    RouteTunnel();
    EXPECT_EQ(Udp(a1, inetAddress, inet, 20, 300), 20u);
    for (const auto& h : WanHeaders())
    {
        EXPECT_EQ(h.GetProtocol(), 17);
    }
}

TEST_F(Vpn, InnerPacketOutsideTheSaSelectorsIsDropped)
{
    Tunnel();
    // gw2 keyed its inbound SA for one inner source only (ipseckey `isrc 10.1.1.99/32`).
    for (const auto& sa : IpsecHelper::Get(gw2)->GetSadb()->Dump())
    {
        if (sa->GetDestination() == gw2Address)
        {
            SecurityAssociation::Selectors only;
            only.source = Ipv4Address("10.1.1.99");
            only.sourceMask = Ipv4Mask::GetOnes();
            sa->SetSelectors(only);
        }
    }
    EXPECT_EQ(Udp(a1, b1Address, b1, 10, 200), 0u);
    EXPECT_EQ(drops[IpsecDropReason::POLICY_MISMATCH], 10u);
}

TEST_F(Vpn, OuterCongestionMarkReachesTheInnerPacket)
{
    for (Ptr<Node> gw : {gw1, gw2})
    {
        IpsecHelper::Get(gw)->SetAttribute("Ecn", BooleanValue(true));
    }
    IpsecHelper::Suite suite = IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none");
    suite.replayWindow = 0; // the test replays captured packets with a changed outer header
    Tunnel(suite);
    Ipv4Header ect;
    ect.SetSource(a1Address);
    ect.SetDestination(b1Address);
    ect.SetTos(IpsecTunnelHeader::ECT0);
    FromA1(ect, 100, 1.0);
    Ipv4Header notEct = ect;
    notEct.SetTos(IpsecTunnelHeader::NOT_ECT);
    FromA1(notEct, 100, 1.1);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    ASSERT_EQ(wan.size(), 2u);
    // A congested router marks both outer headers CE; gw2 receives them again.
    Ptr<NetDevice> gw2Wan = gw2->GetDevice(1);
    for (const auto& p : std::vector<Ptr<Packet>>(wan))
    {
        Ptr<Packet> copy = p->Copy();
        Ipv4Header outer;
        copy->RemoveHeader(outer);
        outer.SetTos(outer.GetTos() | IpsecTunnelHeader::CE);
        outer.EnableChecksum();
        copy->AddHeader(outer);
        test::DeliverOffLink(gw2Wan, copy, 0.1);
    }
    atB1.clear();
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    // ECT(0) inside + CE outside -> CE inside; Not-ECT inside + CE outside -> dropped (RFC 6040).
    ASSERT_EQ(atB1.size(), 1u);
    Ipv4Header inner;
    atB1.front()->PeekHeader(inner);
    EXPECT_EQ(inner.GetTos() & 3, IpsecTunnelHeader::CE);
    EXPECT_EQ(drops[IpsecDropReason::MALFORMED], 1u);
}

TEST_F(Vpn, TunnelSasMadeOnDemandByKeyManagers)
{
    // Policy only: the first packet from LAN A raises ACQUIRE at gw1 for a tunnel SA to gw2;
    // the teaching key managers on the gateways make the pair; held packets then go through.
    IpsecTeachingKeyManagerHelper keys;
    ApplicationContainer managers = keys.Install(gateways);
    IpsecTeachingKeyManagerHelper::AssignStreams(managers, 20);
    managers.Start(Seconds(0));
    for (auto [gw, local, remote, net, peerNet] :
         {std::make_tuple(gw1, gw1Address, gw2Address, "10.1.1.0", "10.2.1.0"),
          std::make_tuple(gw2, gw2Address, gw1Address, "10.2.1.0", "10.1.1.0")})
    {
        IpsecProtectionRequest tunnel;
        tunnel.mode = IpsecMode::TUNNEL;
        tunnel.tunnelSource = local;
        tunnel.tunnelDestination = remote;
        IpsecHelper::AddPolicy(gw,
                               SecurityPolicy::Networks(Ipv4Address(net),
                                                        Ipv4Mask("255.255.255.0"),
                                                        Ipv4Address(peerNet),
                                                        Ipv4Mask("255.255.255.0"),
                                                        {tunnel}));
        IpsecHelper::Get(gw)->SetAttribute("AcquireHoldLimit", UintegerValue(20));
    }
    EXPECT_EQ(Udp(a1, b1Address, b1, 30, 200), 30u);
    EXPECT_EQ(Stats(gw1).policy.acquires, 1u);
    EXPECT_GE(Stats(gw1).policy.held, 1u);
    EXPECT_EQ(Stats(gw1).policy.released, Stats(gw1).policy.held);
    EXPECT_EQ(DynamicCast<IpsecTeachingKeyManager>(managers.Get(0))->GetInitiated(), 1u);
    EXPECT_TRUE(drops.empty());
    Ptr<SecurityAssociation> out
        = IpsecHelper::Get(gw1)->GetSadb()->FindOutbound(IpsecProtocol::ESP,
                                                         gw1Address,
                                                         gw2Address,
                                                         IpsecMode::TUNNEL);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->GetPackets(), 30u);
}
