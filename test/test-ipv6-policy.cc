/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IPv6 under the node's IPsec policy, end to end on a dual-stack link: nothing the policy does
 * not let through leaves or enters in the clear, Neighbour Discovery keeps working, ESP and AH
 * protect IPv6 in transport mode, and what IPv6 cannot have yet (tunnel mode) is refused,
 * counted and traced.
 */
#include "checksums-from-environment.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <tuple>
#include <vector>

using namespace ns3;

namespace
{

/// Two dual-stack hosts on one point-to-point link, IPsec installed on both.
class DualStack : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        nodes.Create(2);
        InternetStackHelper().Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        devices = p2p.Install(nodes);
        Ipv4AddressHelper v4("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer i4 = v4.Assign(devices);
        a4 = i4.GetAddress(0);
        b4 = i4.GetAddress(1);
        Ipv6AddressHelper v6;
        v6.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer i6 = v6.Assign(devices);
        i6.SetForwarding(0, false);
        a6 = i6.GetAddress(0, 1); // global (index 0 is link-local)
        b6 = i6.GetAddress(1, 1);
        ipsec.Install(nodes);
        for (uint32_t i = 0; i < 2; ++i)
        {
            Layer(i)->TraceConnectWithoutContext(
                "Drop",
                Callback<void, Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t>(
                    std::function<
                        void(Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t)>(
                        [this,
                         i](Ptr<const Packet>, IpsecDropReason reason, IpsecDirection d, uint32_t) {
                            ++drops[{i, reason, d}];
                        })));
        }
        devices.Get(0)->TraceConnectWithoutContext("MacTx", MakeCallback(&DualStack::OnWire, this));
    }

    void TearDown() override { Simulator::Destroy(); }

    Ptr<IpsecL3Protocol> Layer(uint32_t i) const
    {
        return nodes.Get(i)->GetObject<IpsecL3Protocol>();
    }

    /// Count the UDP datagrams node 0 put on the wire in the clear, per family.
    void OnWire(Ptr<const Packet> frame)
    {
        Ptr<Packet> p = frame->Copy();
        PppHeader ppp;
        p->RemoveHeader(ppp);
        if (ppp.GetProtocol() == 0x0057) // IPv6
        {
            Ipv6Header h;
            p->RemoveHeader(h);
            clearUdp6 += h.GetNextHeader() == 17 ? 1 : 0;
            if (h.GetNextHeader() == 50)
            {
                p->AddHeader(h);
                esp6.push_back(p); // the IPv6 datagram, as it left
            }
            else if (h.GetNextHeader() == 51)
            {
                p->AddHeader(h);
                ah6.push_back(p);
            }
            fragments6 += h.GetNextHeader() == Ipv6Header::IPV6_EXT_FRAGMENTATION ? 1 : 0;
        }
    }

    /// Send \p n UDP datagrams from node 0 to node 1 over IPv6; \return how many arrived.
    uint32_t Udp6(uint32_t n, uint16_t port = 9000, uint32_t size = 200)
    {
        UdpServerHelper server(port);
        ApplicationContainer s = server.Install(nodes.Get(1));
        UdpClientHelper client(b6, port);
        client.SetAttribute("MaxPackets", UintegerValue(n));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        client.SetAttribute("PacketSize", UintegerValue(size));
        ApplicationContainer c = client.Install(nodes.Get(0));
        s.Start(Seconds(0));
        c.Start(Seconds(1)); // after duplicate address detection
        Simulator::Stop(Seconds(4));
        Simulator::Run();
        return DynamicCast<UdpServer>(s.Get(0))->GetReceived();
    }

    /// Send \p n UDP datagrams from node 0 to node 1 over IPv4; \return how many arrived.
    uint32_t Udp4(uint32_t n, uint16_t port = 9001)
    {
        UdpServerHelper server(port);
        ApplicationContainer s = server.Install(nodes.Get(1));
        UdpClientHelper client(b4, port);
        client.SetAttribute("MaxPackets", UintegerValue(n));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        client.SetAttribute("PacketSize", UintegerValue(200));
        ApplicationContainer c = client.Install(nodes.Get(0));
        s.Start(Seconds(0));
        c.Start(Seconds(1));
        s.Stop(Seconds(4));
        received4.push_back(DynamicCast<UdpServer>(s.Get(0)));
        return n;
    }

    uint64_t Drops(uint32_t node, IpsecDropReason reason, IpsecDirection direction) const
    {
        auto it = drops.find({node, reason, direction});
        return it == drops.end() ? 0 : it->second;
    }

    NodeContainer nodes;
    NetDeviceContainer devices;
    Ipv4Address a4;
    Ipv4Address b4;
    Ipv6Address a6;
    Ipv6Address b6;
    IpsecHelper ipsec;
    std::map<std::tuple<uint32_t, IpsecDropReason, IpsecDirection>, uint64_t> drops;
    uint32_t clearUdp6 = 0;
    std::vector<Ptr<Packet>> esp6;         //!< IPv6 ESP datagrams node 0 sent
    std::vector<Ptr<Packet>> ah6;          //!< IPv6 AH datagrams node 0 sent
    uint32_t fragments6 = 0;               //!< IPv6 fragments node 0 sent
    std::vector<Ptr<UdpServer>> received4; //!< the IPv4 servers Udp4() started

    /// Hand an IPv6 datagram to node 1 as if its device had received it.
    void Inject(Ptr<Packet> datagram)
    {
        Ptr<NetDevice> dev = devices.Get(1);
        nodes.Get(1)->GetObject<Ipv6L3Protocol>()->Receive(dev,
                                                           datagram,
                                                           Ipv6L3Protocol::PROT_NUMBER,
                                                           dev->GetAddress(),
                                                           dev->GetAddress(),
                                                           NetDevice::PACKET_HOST);
    }
};

/// A policy protecting everything between two IPv6 hosts with ESP.
Ptr<SecurityPolicy>
Ipv6EspPair(Ipv6Address local, Ipv6Address remote)
{
    IpsecProtectionRequest esp;
    esp.protocol = IpsecProtocol::ESP;
    return SecurityPolicy::HostPair(local, remote, {esp});
}

} // namespace

TEST_F(DualStack, Ipv6PassesWhereNothingIsConfigured)
{
    EXPECT_EQ(Udp6(10), 10u); // ND and UDP through the IPsec layer's IPv6 hooks
    EXPECT_EQ(Layer(0)->GetStats().TotalDrops() + Layer(1)->GetStats().TotalDrops(), 0u);
    EXPECT_EQ(clearUdp6, 10u);
}

TEST_F(DualStack, DefaultDiscardDropsIpv6ThatNoPolicyCovers)
{
    // The leak this closes: an IPv4 pair protected, DefaultPolicy Discard, and IPv6 datagrams
    // used to be delivered in the clear.
    ipsec.ProtectPair(nodes.Get(0), a4, nodes.Get(1), b4, IpsecHelper::Suite());
    for (uint32_t i = 0; i < 2; ++i)
    {
        Layer(i)->SetAttribute("DefaultPolicy", StringValue("Discard"));
    }
    EXPECT_EQ(Udp6(10), 0u);
    EXPECT_EQ(clearUdp6, 0u); // not one left the node
    EXPECT_EQ(Drops(0, IpsecDropReason::NO_POLICY_MATCH, IpsecDirection::OUTBOUND), 10u);
}

TEST_F(DualStack, NeighbourDiscoveryPassesUnderDiscardAndABypassRuleLetsIpv6Through)
{
    for (uint32_t i = 0; i < 2; ++i)
    {
        Layer(i)->SetAttribute("DefaultPolicy", StringValue("Discard"));
        Ptr<SecurityPolicy> bypass = Create<SecurityPolicy>();
        bypass->localAddress = i == 0 ? a6 : b6;
        bypass->localMask = Ipv6Prefix(128);
        bypass->remoteAddress = i == 0 ? b6 : a6;
        bypass->remoteMask = Ipv6Prefix(128);
        bypass->protocol = 17;
        bypass->action = SecurityPolicy::Action::BYPASS;
        Layer(i)->GetSpd()->Add(bypass);
    }
    // Delivery needs the neighbour solicitation and advertisement, which no rule covers.
    EXPECT_EQ(Udp6(10), 10u);
    EXPECT_EQ(Layer(0)->GetStats().TotalDrops() + Layer(1)->GetStats().TotalDrops(), 0u);
}

TEST_F(DualStack, Ipv6ThePolicyProtectsWithoutAnSaIsDroppedNotSentInTheClear)
{
    Layer(0)->GetSpd()->Add(Ipv6EspPair(a6, b6));
    // ClearSend6, as ClearSend for IPv4, shows the datagrams taken over and dropped for want of
    // an SA (what IpsecFlowProbe marks for FlowMonitor).
    uint32_t announced = 0;
    Layer(0)->TraceConnectWithoutContext(
        "ClearSend6",
        Callback<void, const Ipv6Header&, Ptr<const Packet>>(
            std::function<void(const Ipv6Header&, Ptr<const Packet>)>(
                [&announced, this](const Ipv6Header& h, Ptr<const Packet> p) {
                    EXPECT_EQ(h.GetSource(), a6);
                    EXPECT_EQ(h.GetDestination(), b6);
                    EXPECT_EQ(h.GetNextHeader(), 17);
                    EXPECT_EQ(h.GetPayloadLength(), p->GetSize());
                    ++announced;
                })));
    EXPECT_EQ(Udp6(10), 0u);
    EXPECT_EQ(announced, 10u);
    EXPECT_EQ(clearUdp6, 0u);
    EXPECT_EQ(Drops(0, IpsecDropReason::NO_SA, IpsecDirection::OUTBOUND), 10u);
    EXPECT_EQ(Layer(0)->GetHeldPackets(), 0u); // no key manager registered: nothing held
}

TEST_F(DualStack, CleartextIpv6InboundIsRefusedWherePolicyRequiresProtection)
{
    Layer(1)->GetSpd()->Add(Ipv6EspPair(b6, a6)); // only the receiver requires ESP
    EXPECT_EQ(Udp6(10), 0u);
    EXPECT_EQ(clearUdp6, 10u); // the sender has no policy: it sends in the clear
    EXPECT_EQ(Drops(1, IpsecDropReason::POLICY_VIOLATION, IpsecDirection::INBOUND), 10u);
}

TEST_F(DualStack, Ipv4RulesDoNotMatchIpv6AndIpv6RulesDoNotMatchIpv4)
{
    // A zero IPv4 prefix is "every IPv4 address", not every address: the IPv6 traffic falls
    // to the default policy.
    Ptr<SecurityPolicy> drop4 = Create<SecurityPolicy>();
    drop4->action = SecurityPolicy::Action::DROP;
    Layer(0)->GetSpd()->Add(drop4);
    EXPECT_EQ(Udp6(10), 10u);
    EXPECT_EQ(Layer(0)->GetStats().TotalDrops(), 0u);
}

/// ESP in transport mode over IPv6, for every family of ESP algorithm.
class Ipv6Esp
    : public DualStack
    , public ::testing::WithParamInterface<std::pair<const char*, const char*>>
{
};

TEST_P(Ipv6Esp, UdpIsProtectedOnTheWireAndDelivered)
{
    ipsec.ProtectPair(nodes.Get(0),
                      a6,
                      nodes.Get(1),
                      b6,
                      IpsecHelper::Suite::Parse("esp", GetParam().first, GetParam().second));
    EXPECT_EQ(Udp6(10), 10u);
    EXPECT_EQ(clearUdp6, 0u);
    EXPECT_EQ(esp6.size(), 10u);
    EXPECT_EQ(Layer(0)->GetStats().Of(IpsecProtocol::ESP).packetsOut, 10u);
    EXPECT_EQ(Layer(1)->GetStats().Of(IpsecProtocol::ESP).packetsIn, 10u);
    EXPECT_EQ(Layer(0)->GetStats().TotalDrops() + Layer(1)->GetStats().TotalDrops(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Algorithms,
                         Ipv6Esp,
                         ::testing::Values(std::make_pair("aes-gcm-16", "none"),
                                           std::make_pair("aes-cbc", "hmac-sha256-128"),
                                           std::make_pair("chacha20-poly1305", "none"),
                                           std::make_pair("null", "hmac-sha1-96")));

TEST_F(DualStack, TcpOverIpv6EspIsByteExact)
{
    ipsec.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, IpsecHelper::Suite());
    PacketSinkHelper sink("ns3::TcpSocketFactory", Inet6SocketAddress(Ipv6Address::GetAny(), 5000));
    ApplicationContainer s = sink.Install(nodes.Get(1));
    BulkSendHelper bulk("ns3::TcpSocketFactory", Inet6SocketAddress(b6, 5000));
    bulk.SetAttribute("MaxBytes", UintegerValue(200000));
    ApplicationContainer c = bulk.Install(nodes.Get(0));
    s.Start(Seconds(0));
    c.Start(Seconds(1));
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(DynamicCast<PacketSink>(s.Get(0))->GetTotalRx(), 200000u);
    EXPECT_EQ(clearUdp6, 0u);
    EXPECT_GT(esp6.size(), 100u);
    EXPECT_EQ(Layer(0)->GetStats().TotalDrops() + Layer(1)->GetStats().TotalDrops(), 0u);
}

TEST_F(DualStack, Ipv6EspReplaysTamperingAndUnknownSpisAreDropped)
{
    ipsec.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, IpsecHelper::Suite());
    EXPECT_EQ(Udp6(5), 5u);
    ASSERT_EQ(esp6.size(), 5u);
    std::vector<Ptr<Packet>> sent = esp6;
    auto edited = [](Ptr<Packet> datagram, size_t offset) {
        std::vector<uint8_t> bytes(datagram->GetSize());
        datagram->CopyData(bytes.data(), bytes.size());
        bytes[offset] ^= 0x10;
        return Create<Packet>(bytes.data(), bytes.size());
    };
    Simulator::Schedule(Seconds(0.1), [this, sent]() { Inject(sent[0]->Copy()); }); // replay
    Simulator::Schedule(Seconds(0.2), [this, sent, edited]() {
        Inject(edited(sent[4], 40 + 4 + 3)); // a sequence number not seen yet: the ICV fails
    });
    Simulator::Schedule(Seconds(0.3), [this, sent, edited]() {
        Inject(edited(sent[4], 40)); // the SPI
    });
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(Drops(1, IpsecDropReason::REPLAY, IpsecDirection::INBOUND), 1u);
    EXPECT_EQ(Drops(1, IpsecDropReason::AUTH_FAILED, IpsecDirection::INBOUND), 1u);
    EXPECT_EQ(Drops(1, IpsecDropReason::UNKNOWN_SPI, IpsecDirection::INBOUND), 1u);
    EXPECT_EQ(Layer(1)->GetStats().Of(IpsecProtocol::ESP).packetsIn, 5u);
}

TEST_F(DualStack, CleartextIpv6IsRefusedWhereTheReceiverExpectsEsp)
{
    ipsec.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, IpsecHelper::Suite());
    // The sender forgets its policy: its datagrams go out in the clear and must not get in.
    Layer(0)->GetSpd()->Flush();
    EXPECT_EQ(Udp6(10), 0u);
    EXPECT_EQ(clearUdp6, 10u);
    EXPECT_EQ(Drops(1, IpsecDropReason::POLICY_VIOLATION, IpsecDirection::INBOUND), 10u);
}

TEST_F(DualStack, ProtectPairRefusesMixedFamilies)
{
    EXPECT_THROW(ipsec.ProtectPair(nodes.Get(0), a4, nodes.Get(1), b6, IpsecHelper::Suite()),
                 std::invalid_argument);
    EXPECT_EQ(Layer(0)->GetSpd()->GetN() + Layer(0)->GetSadb()->GetN(), 0u); // nothing half-made
}

/// AH (alone, or outside ESP) in transport mode over IPv6, for every AH algorithm.
class Ipv6Ah
    : public DualStack
    , public ::testing::WithParamInterface<std::tuple<const char*, const char*, const char*>>
{
};

TEST_P(Ipv6Ah, UdpIsAuthenticatedOnTheWireAndDelivered)
{
    auto [protocol, encryption, authentication] = GetParam();
    ipsec.ProtectPair(nodes.Get(0),
                      a6,
                      nodes.Get(1),
                      b6,
                      IpsecHelper::Suite::Parse(protocol, encryption, authentication));
    EXPECT_EQ(Udp6(10), 10u);
    EXPECT_EQ(clearUdp6, 0u);
    ASSERT_EQ(ah6.size(), 10u);
    bool withEsp = std::string(protocol) == "esp+ah";
    for (Ptr<Packet> datagram : ah6)
    {
        std::vector<uint8_t> bytes(datagram->GetSize());
        datagram->CopyData(bytes.data(), bytes.size());
        uint32_t ahLength = (bytes[41] + 2u) * 4u;
        EXPECT_EQ(ahLength % 8, 0u) << "AH over IPv6 is a multiple of 8 octets";
        EXPECT_EQ(bytes[40], withEsp ? 50 : 17) << "AH's next header";
        EXPECT_EQ(bytes.size(), 40 + ahLength + (withEsp ? bytes.size() - 40 - ahLength : 208));
    }
    EXPECT_EQ(Layer(0)->GetStats().Of(IpsecProtocol::AH).packetsOut, 10u);
    EXPECT_EQ(Layer(1)->GetStats().Of(IpsecProtocol::AH).packetsIn, 10u);
    EXPECT_EQ(Layer(1)->GetStats().Of(IpsecProtocol::ESP).packetsIn, withEsp ? 10u : 0u);
    EXPECT_EQ(Layer(0)->GetStats().TotalDrops() + Layer(1)->GetStats().TotalDrops(), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Algorithms,
    Ipv6Ah,
    ::testing::Values(std::make_tuple("ah", "none", "hmac-sha1-96"),
                      std::make_tuple("ah", "none", "hmac-sha256-128"),
                      std::make_tuple("ah", "none", "hmac-sha384-192"),
                      std::make_tuple("ah", "none", "hmac-sha512-256"),
                      std::make_tuple("ah", "none", "aes-xcbc-mac-96"),
                      std::make_tuple("ah", "none", "aes-gmac"),
                      std::make_tuple("esp+ah", "aes-gcm-16", "hmac-sha256-128")));

TEST_F(DualStack, Ipv6AhCoversDatagramsThatIpv6FragmentsAndReassembles)
{
    ipsec.ProtectPair(nodes.Get(0),
                      a6,
                      nodes.Get(1),
                      b6,
                      IpsecHelper::Suite::Parse("ah", "none", "hmac-sha256-128"));
    // 4000 bytes over a 1500-byte link: IPv6 fragments the AH datagram at the source, and the
    // ICV is checked over the reassembled datagram, as RFC 4302 §3.4.1 has it.
    EXPECT_EQ(Udp6(5, 9000, 4000), 5u);
    EXPECT_EQ(fragments6, 15u); // 4000 + 8 + 32 bytes in three fragments each
    EXPECT_EQ(clearUdp6, 0u);
    EXPECT_EQ(Layer(1)->GetStats().Of(IpsecProtocol::AH).packetsIn, 5u);
    EXPECT_EQ(Layer(0)->GetStats().TotalDrops() + Layer(1)->GetStats().TotalDrops(), 0u);
}

TEST_F(DualStack, Ipv6AhTamperingReplaysAndExtensionHeadersInsertedInTransitAreDropped)
{
    ipsec.ProtectPair(nodes.Get(0),
                      a6,
                      nodes.Get(1),
                      b6,
                      IpsecHelper::Suite::Parse("ah", "none", "hmac-sha256-128"));
    // The datagrams leave at 1.00, 1.01, ... 1.05 s: node 1's link loses the last two, so
    // their sequence numbers are still fresh for the injections below.
    Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
    loss->SetRate(1.0);
    loss->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
    Ptr<NetDevice> receiver = devices.Get(1);
    Simulator::Schedule(Seconds(1.035), [receiver, loss]() {
        receiver->SetAttribute("ReceiveErrorModel", PointerValue(loss));
    });
    EXPECT_EQ(Udp6(6), 4u);
    ASSERT_EQ(ah6.size(), 6u);
    loss->Disable();
    std::vector<Ptr<Packet>> sent = ah6;
    auto edited = [](Ptr<Packet> datagram, size_t offset, uint8_t mask) {
        std::vector<uint8_t> bytes(datagram->GetSize());
        datagram->CopyData(bytes.data(), bytes.size());
        bytes[offset] ^= mask;
        return Create<Packet>(bytes.data(), bytes.size());
    };
    std::vector<Ptr<Packet>> injected{
        sent[0]->Copy(),                               // a replay
        edited(sent[4], sent[4]->GetSize() - 1, 0x01), // the payload: the ICV fails
        edited(sent[4], 23, 0x01),                     // the source address: AH covers it
        edited(sent[4], 40 + 4, 0x10),                 // the SPI: no such SA
        edited(edited(edited(sent[5], 1, 0x3f), 2, 0x12), 7, 0x0f), // mutable fields: accepted
    };
    // A destination options header inserted in front of AH on the way: the ICV covers the
    // headers in front of AH (RFC 4302 §3.3.3.1.2), and the sender's did not have it.
    Ptr<Packet> behindOptions = sent[4]->Copy();
    Ipv6Header h;
    behindOptions->RemoveHeader(h);
    Ipv6ExtensionDestinationHeader options;
    options.SetNextHeader(51);
    options.AddOption(Ipv6OptionPadnHeader(6));
    behindOptions->AddHeader(options);
    h.SetNextHeader(Ipv6Header::IPV6_EXT_DESTINATION);
    h.SetPayloadLength(behindOptions->GetSize());
    behindOptions->AddHeader(h);
    injected.push_back(behindOptions);
    injected.push_back(sent[4]->Copy()); // untouched: its sequence number is still fresh
    for (size_t i = 0; i < injected.size(); ++i)
    {
        Simulator::Schedule(MilliSeconds(100 * (i + 1)), [this, p = injected[i]]() { Inject(p); });
    }
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(Drops(1, IpsecDropReason::UNKNOWN_SPI, IpsecDirection::INBOUND), 1u);
    EXPECT_EQ(Drops(1, IpsecDropReason::AUTH_FAILED, IpsecDirection::INBOUND), 3u)
        << "the payload, the source address, the inserted options";
    EXPECT_EQ(Drops(1, IpsecDropReason::REPLAY, IpsecDirection::INBOUND), 1u);
    EXPECT_EQ(Drops(1, IpsecDropReason::MALFORMED, IpsecDirection::INBOUND), 0u);
    EXPECT_EQ(Layer(1)->GetStats().Of(IpsecProtocol::AH).packetsIn, 6u); // 4, then 2 injected
}

/// One IPv6 datagram with AH behind extension headers, its ICV computed here from RFC 4302
/// §3.3.3.1.2 (not by the model): the IPv6 header with traffic class, flow label and hop limit
/// zero, the extension headers with the data of options that may change en route zero, AH with
/// its ICV zero, the payload.
struct AhBehindExtensions
{
    Ipv6Address source;
    Ipv6Address destination;
    uint8_t firstType;                 //!< the IPv6 header's next header
    std::vector<uint8_t> chain;        //!< the extension headers, as on the wire
    std::vector<uint8_t> mutableInIcv; //!< the chain as the ICV sees it
    uint32_t spi;
    uint32_t sequence;
    IpsecBytes key;
    std::vector<uint8_t> udp; //!< the UDP datagram AH protects

    /// \return the datagram as it arrives: hop limit 60, traffic class 0x2e, flow label 0x12345
    Ptr<Packet> Build() const
    {
        const uint32_t ahLength = 32; // 12 + ICV 16 + 4 octets of padding (IPv6: 8-aligned)
        std::vector<uint8_t> ah(ahLength, 0);
        ah[0] = 17;
        ah[1] = ahLength / 4 - 2;
        for (int i = 0; i < 4; ++i)
        {
            ah[4 + i] = uint8_t(spi >> (24 - 8 * i));
            ah[8 + i] = uint8_t(sequence >> (24 - 8 * i));
        }
        uint16_t payload = uint16_t(chain.size() + ahLength + udp.size());
        auto header = [&](uint8_t tc, uint32_t flow, uint8_t hops) {
            std::vector<uint8_t> h(40, 0);
            h[0] = uint8_t(0x60 | tc >> 4);
            h[1] = uint8_t((tc & 0x0f) << 4 | (flow >> 16 & 0x0f));
            h[2] = uint8_t(flow >> 8);
            h[3] = uint8_t(flow);
            h[4] = uint8_t(payload >> 8);
            h[5] = uint8_t(payload);
            h[6] = firstType;
            h[7] = hops;
            source.Serialize(&h[8]);
            destination.Serialize(&h[24]);
            return h;
        };
        std::vector<uint8_t> covered = header(0, 0, 0);
        covered.insert(covered.end(), mutableInIcv.begin(), mutableInIcv.end());
        covered.insert(covered.end(), ah.begin(), ah.end());
        covered.insert(covered.end(), udp.begin(), udp.end());
        auto mac = IpsecAlgorithmRegistry::Find("hmac-sha256-128")->makeIntegrity(key);
        mac->Update(covered.data(), covered.size());
        mac->Final(&ah[12], 16);
        std::vector<uint8_t> wire = header(0x2e, 0x12345, 60);
        wire.insert(wire.end(), chain.begin(), chain.end());
        wire.insert(wire.end(), ah.begin(), ah.end());
        wire.insert(wire.end(), udp.begin(), udp.end());
        return Create<Packet>(wire.data(), wire.size());
    }
};

TEST_F(DualStack, Ipv6AhIsVerifiedBehindEachKindOfExtensionHeader)
{
    ipsec.ProtectPair(nodes.Get(0),
                      a6,
                      nodes.Get(1),
                      b6,
                      IpsecHelper::Suite::Parse("ah", "none", "hmac-sha256-128"));
    UdpServerHelper server(9000);
    ApplicationContainer s = server.Install(nodes.Get(1));
    Ptr<SecurityAssociation> in;
    for (const auto& sa : Layer(1)->GetSadb()->Dump())
    {
        if (sa->GetProtocol() == IpsecProtocol::AH && sa->GetDestination() == IpsecAddress(b6))
        {
            in = sa;
        }
    }
    ASSERT_TRUE(in);
    // The UDP datagram (UdpServer's payload: a sequence number and a time stamp, and more).
    Ptr<Packet> payload = Create<Packet>(60);
    SeqTsHeader seqTs;
    payload->AddHeader(seqTs);
    UdpHeader udpHeader;
    udpHeader.SetSourcePort(5000);
    udpHeader.SetDestinationPort(9000);
    udpHeader.EnableChecksums(); // IPv6 requires it; checked when ns-3's checksums are on
    udpHeader.InitializeChecksum(a6, b6, 17);
    payload->AddHeader(udpHeader);
    std::vector<uint8_t> udp(payload->GetSize());
    payload->CopyData(udp.data(), udp.size());

    // Destination options: PadN, an option whose data may change en route (type 0x3e: skip if
    // unknown, change bit 0x20) and one whose data may not (0x1e).
    std::vector<uint8_t>
        options{51, 1, 0x3e, 4, 0xaa, 0xbb, 0xcc, 0xdd, 0x1e, 4, 1, 2, 3, 4, 1, 0}; // the last two:
                                                                                    // a PadN of 0
    std::vector<uint8_t> optionsInIcv = options;
    std::fill_n(optionsInIcv.begin() + 4, 4, 0);
    std::vector<uint8_t> hopByHop{60, 0, 1, 4, 0, 0, 0, 0}; // then the options above
    std::vector<uint8_t> routing{51, 2, 0, 0, 0, 0, 0, 0};  // type 0, segments left 0, one hop
    uint8_t hop[16];
    a6.Serialize(hop);
    routing.insert(routing.end(), hop, hop + 16);

    auto datagram = [&](uint8_t first,
                        std::vector<uint8_t> chain,
                        std::vector<uint8_t> inIcv,
                        uint32_t sequence) {
        AhBehindExtensions
            d{a6, b6, first, chain, inIcv, in->GetSpi(), sequence, in->GetAuthenticationKey(), udp};
        return d.Build();
    };
    std::vector<uint8_t> both = hopByHop;
    both.insert(both.end(), options.begin(), options.end());
    std::vector<uint8_t> bothInIcv = hopByHop;
    bothInIcv.insert(bothInIcv.end(), optionsInIcv.begin(), optionsInIcv.end());
    std::vector<uint8_t> otherMutable = options;
    otherMutable[4] = 0x11; // the mutable option's data, changed en route: still verifies
    std::vector<uint8_t> hopByHopToAh = hopByHop;
    hopByHopToAh[0] = 51;
    std::vector<Ptr<Packet>> injected{
        datagram(Ipv6Header::IPV6_EXT_DESTINATION, options, optionsInIcv, 1),
        datagram(Ipv6Header::IPV6_EXT_HOP_BY_HOP, hopByHopToAh, hopByHopToAh, 2),
        datagram(Ipv6Header::IPV6_EXT_HOP_BY_HOP, both, bothInIcv, 4),
        datagram(Ipv6Header::IPV6_EXT_DESTINATION, otherMutable, optionsInIcv, 5),
    };
#if IPSEC_NS3_VERSION <= 337
    // ns-3.48 cannot receive a routing header at all: its Ipv6ExtensionLooseRoutingHeader
    // fills its address list with Ipv6Address(""), which a debug build refuses (NS_FATAL).
    injected.push_back(datagram(Ipv6Header::IPV6_EXT_ROUTING, routing, routing, 3));
#endif
    const uint32_t verifying = static_cast<uint32_t>(injected.size());
    // A datagram whose immutable option's data (0x1e) changed after the ICV was computed.
    AhBehindExtensions tampered{a6,
                                b6,
                                Ipv6Header::IPV6_EXT_DESTINATION,
                                options,
                                optionsInIcv,
                                in->GetSpi(),
                                6,
                                in->GetAuthenticationKey(),
                                udp};
    Ptr<Packet> good = tampered.Build();
    std::vector<uint8_t> bytes(good->GetSize());
    good->CopyData(bytes.data(), bytes.size());
    bytes[40 + 10] = 9;
    injected.push_back(Create<Packet>(bytes.data(), bytes.size()));
    for (size_t i = 0; i < injected.size(); ++i)
    {
        Simulator::Schedule(Seconds(2) + MilliSeconds(10 * i),
                            [this, p = injected[i]]() { Inject(p); });
    }
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(DynamicCast<UdpServer>(s.Get(0))->GetReceived(), verifying)
        << "destination options, hop-by-hop, both options headers, a mutable option changed en "
           "route, routing (ns-3.37)";
    EXPECT_EQ(Layer(1)->GetStats().Of(IpsecProtocol::AH).packetsIn, verifying);
    EXPECT_EQ(Drops(1, IpsecDropReason::AUTH_FAILED, IpsecDirection::INBOUND), 1u)
        << "the immutable option changed";
    EXPECT_EQ(Drops(1, IpsecDropReason::MALFORMED, IpsecDirection::INBOUND), 0u);
}

TEST_F(DualStack, KeyExportWritesIpv6EspSaLines)
{
    ipsec.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, IpsecHelper::Suite());
    std::string table = IpsecKeyExport::WiresharkEspSa(Layer(0)->GetSadb()->Dump());
    EXPECT_NE(table.find("\"IPv6\",\"2001:db8:1:0:"), std::string::npos) << table;
    EXPECT_EQ(table.find("\"IPv4\""), std::string::npos) << table;
}

namespace
{
/// Count the ICMPv6 echo replies a device sends.
void
CountEchoReplies(Ptr<NetDevice> device, uint32_t& replies)
{
    device->TraceConnectWithoutContext(
        "MacTx",
        Callback<void, Ptr<const Packet>>(
            std::function<void(Ptr<const Packet>)>([&replies](Ptr<const Packet> frame) {
                Ptr<Packet> p = frame->Copy();
                PppHeader ppp;
                p->RemoveHeader(ppp);
                Ipv6Header h;
                uint8_t type = 0;
                if (ppp.GetProtocol() == 0x0057 && p->RemoveHeader(h) && h.GetNextHeader() == 58)
                {
                    p->CopyData(&type, 1);
                }
                replies += type == 129 ? 1 : 0;
            })));
}
/// Node \p from sends \p n ICMPv6 echo requests to \p to, 100 ms apart from 1 s on.
void
ScheduleEchoRequests(Ptr<Node> from, Ipv6Address source, Ipv6Address to, uint32_t n)
{
    Ptr<Icmpv6L4Protocol> icmpv6 = from->GetObject<Icmpv6L4Protocol>();
    for (uint32_t i = 0; i < n; ++i)
    {
        Simulator::Schedule(Seconds(1) + MilliSeconds(100 * i), [icmpv6, source, to, i]() {
            Ptr<Packet> p = Create<Packet>(56);
            Icmpv6Echo request(true);
            request.SetId(7);
            request.SetSeq(i);
            request.CalculatePseudoHeaderChecksum(source,
                                                  to,
                                                  p->GetSize() + request.GetSerializedSize(),
                                                  Icmpv6L4Protocol::PROT_NUMBER);
            p->AddHeader(request);
            icmpv6->SendMessage(p, source, to, 64);
        });
    }
}
} // namespace

TEST_F(DualStack, CleartextEchoRequestsAreRefusedWherePolicyRequiresEsp)
{
    Layer(1)->GetSpd()->Add(Ipv6EspPair(b6, a6)); // the responder requires ESP from a6
    uint32_t replies = 0;
    CountEchoReplies(devices.Get(1), replies);
    ScheduleEchoRequests(nodes.Get(0), a6, b6, 5); // node 0 has no policy: sent in the clear
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(Drops(1, IpsecDropReason::POLICY_VIOLATION, IpsecDirection::INBOUND), 5u);
    EXPECT_EQ(replies, 0u);
}

TEST_F(DualStack, EchoRequestsPassWhereNothingIsConfigured)
{
    uint32_t replies = 0;
    CountEchoReplies(devices.Get(1), replies);
    ScheduleEchoRequests(nodes.Get(0), a6, b6, 5);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(replies, 5u); // through the ICMPv6 guard in, and the IPsec layer's ICMPv6 path out
    EXPECT_EQ(Layer(1)->GetStats().TotalDrops(), 0u);
}

namespace
{
/// h0 -- gw -- h1 over IPv6 only, the gateway forwarding; IPsec on all three. (Not
/// 2001:db8::/32: ns-3 never forwards the documentation prefix.)
class Ipv6Gateway : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        nodes.Create(3);
        // The IPsec layer puts its forwarding shim into an Ipv6ListRouting; ns-3's default IPv6
        // routing is a bare Ipv6StaticRouting, which cannot take one.
        Ipv6ListRoutingHelper list;
        list.Add(Ipv6StaticRoutingHelper(), 0);
        InternetStackHelper stack;
        stack.SetRoutingHelper(list);
        stack.Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer left = p2p.Install(nodes.Get(0), nodes.Get(1));
        NetDeviceContainer right = p2p.Install(nodes.Get(1), nodes.Get(2));
        Ipv6AddressHelper v6;
        v6.SetBase(Ipv6Address("2001:a::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer l = v6.Assign(left);
        v6.SetBase(Ipv6Address("2001:b::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer r = v6.Assign(right);
        l.SetForwarding(1, true);
        l.SetDefaultRouteInAllNodes(1);
        r.SetForwarding(0, true);
        r.SetDefaultRouteInAllNodes(0);
        h1 = r.GetAddress(1, 1);
        ipsec.Install(nodes);
        nodes.Get(1)->GetObject<IpsecL3Protocol>()->TraceConnectWithoutContext(
            "Drop",
            Callback<void, Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t>(
                std::function<void(Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t)>(
                    [this](Ptr<const Packet>, IpsecDropReason reason, IpsecDirection, uint32_t) {
                        ++gatewayDrops[reason];
                    })));
    }

    void TearDown() override { Simulator::Destroy(); }

    /// \return datagrams h1 received of \p n h0 sent
    uint32_t Udp6(uint32_t n)
    {
        UdpServerHelper server(9000);
        ApplicationContainer s = server.Install(nodes.Get(2));
        UdpClientHelper client(h1, 9000);
        client.SetAttribute("MaxPackets", UintegerValue(n));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        ApplicationContainer c = client.Install(nodes.Get(0));
        s.Start(Seconds(0));
        c.Start(Seconds(2));
        Simulator::Stop(Seconds(4));
        Simulator::Run();
        return DynamicCast<UdpServer>(s.Get(0))->GetReceived();
    }

    NodeContainer nodes;
    Ipv6Address h1;
    IpsecHelper ipsec;
    std::map<IpsecDropReason, uint64_t> gatewayDrops;
};

/// The gateway's ESP tunnel policy between the two IPv6 networks.
Ptr<SecurityPolicy>
Ipv6TunnelPolicy()
{
    IpsecProtectionRequest esp;
    esp.mode = IpsecMode::TUNNEL;
    esp.tunnelSource = Ipv6Address("2001:a::1");
    esp.tunnelDestination = Ipv6Address("2001:b::2");
    return SecurityPolicy::Networks(Ipv6Address("2001:a::"),
                                    Ipv6Prefix(64),
                                    Ipv6Address("2001:b::"),
                                    Ipv6Prefix(64),
                                    {esp});
}
} // namespace

TEST_F(Ipv6Gateway, TransitIpv6IsForwardedWhereNoPolicyIsConfigured)
{
    EXPECT_EQ(Udp6(10), 10u);
    EXPECT_TRUE(gatewayDrops.empty());
}

TEST_F(Ipv6Gateway, TransitIpv6ATunnelPolicyCoversWithoutAnSaIsDroppedNotForwardedInTheClear)
{
    nodes.Get(1)->GetObject<IpsecL3Protocol>()->GetSpd()->Add(Ipv6TunnelPolicy());
    EXPECT_EQ(Udp6(10), 0u);
    EXPECT_EQ(gatewayDrops[IpsecDropReason::NO_SA], 10u);
}

TEST_F(Ipv6Gateway, TransitIpv6ADropPolicyCoversIsDropped)
{
    Ptr<SecurityPolicy> drop = Create<SecurityPolicy>();
    drop->localAddress = Ipv6Address::GetAny();
    drop->localMask = Ipv6Prefix(uint8_t(0));
    drop->remoteAddress = Ipv6Address::GetAny();
    drop->remoteMask = Ipv6Prefix(uint8_t(0));
    drop->protocol = 17;
    drop->action = SecurityPolicy::Action::DROP;
    nodes.Get(1)->GetObject<IpsecL3Protocol>()->GetSpd()->Add(drop);
    EXPECT_EQ(Udp6(10), 0u);
    EXPECT_EQ(gatewayDrops[IpsecDropReason::POLICY_DROP], 10u);
}

namespace
{

/**
 * Two hosts behind two security gateways, h0 - g0 - g1 - h1, every node dual-stack with
 * list routing: the hosts talk over their LANs' family, the gateways tunnel over the core's,
 * so each of the four combinations (4-in-4, 6-in-4, 4-in-6, 6-in-6) can be chosen.
 */
class TunnelFamilies : public ::testing::TestWithParam<std::pair<bool, bool>>
{
  protected:
    void SetUp() override
    {
        nodes.Create(4);
        Ipv6ListRoutingHelper list;
        list.Add(Ipv6StaticRoutingHelper(), 0);
        InternetStackHelper stack;
        stack.SetRoutingHelper(list);
        stack.Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer left = p2p.Install(nodes.Get(0), nodes.Get(1));
        core = p2p.Install(nodes.Get(1), nodes.Get(2));
        NetDeviceContainer right = p2p.Install(nodes.Get(2), nodes.Get(3));

        Ipv4AddressHelper v4;
        v4.SetBase("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer l4 = v4.Assign(left);
        v4.SetBase("10.0.0.0", "255.255.255.0");
        Ipv4InterfaceContainer c4 = v4.Assign(core);
        v4.SetBase("10.2.2.0", "255.255.255.0");
        Ipv4InterfaceContainer r4 = v4.Assign(right);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();

        Ipv6AddressHelper v6;
        v6.SetBase(Ipv6Address("2001:a::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer l6 = v6.Assign(left);
        v6.SetBase(Ipv6Address("2001:c::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer c6 = v6.Assign(core);
        v6.SetBase(Ipv6Address("2001:b::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer r6 = v6.Assign(right);
        l6.SetForwarding(1, true);
        l6.SetDefaultRouteInAllNodes(1);
        c6.SetForwarding(0, true);
        c6.SetForwarding(1, true);
        r6.SetForwarding(0, true);
        r6.SetDefaultRouteInAllNodes(0);
        Ipv6StaticRoutingHelper routes;
        routes.GetStaticRouting(nodes.Get(1)->GetObject<Ipv6>())
            ->AddNetworkRouteTo("2001:b::", Ipv6Prefix(64), c6.GetAddress(1, 1), c6.Get(0).second);
        routes.GetStaticRouting(nodes.Get(2)->GetObject<Ipv6>())
            ->AddNetworkRouteTo("2001:a::", Ipv6Prefix(64), c6.GetAddress(0, 1), c6.Get(1).second);

        auto [lan6, core6] = GetParam();
        h0 = lan6 ? IpsecAddress(l6.GetAddress(0, 1)) : IpsecAddress(l4.GetAddress(0));
        h1 = lan6 ? IpsecAddress(r6.GetAddress(1, 1)) : IpsecAddress(r4.GetAddress(1));
        g0 = core6 ? IpsecAddress(c6.GetAddress(0, 1)) : IpsecAddress(c4.GetAddress(0));
        g1 = core6 ? IpsecAddress(c6.GetAddress(1, 1)) : IpsecAddress(c4.GetAddress(1));
        lanA = lan6 ? IpsecAddress(Ipv6Address("2001:a::")) : IpsecAddress(Ipv4Address("10.1.1.0"));
        lanB = lan6 ? IpsecAddress(Ipv6Address("2001:b::")) : IpsecAddress(Ipv4Address("10.2.2.0"));
        mask = lan6 ? IpsecMask(Ipv6Prefix(64)) : IpsecMask(Ipv4Mask("255.255.255.0"));

        ipsec.Install(nodes);
        for (uint32_t i = 0; i < 4; ++i)
        {
            nodes.Get(i)->GetObject<IpsecL3Protocol>()->TraceConnectWithoutContext(
                "Drop",
                Callback<void, Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t>(
                    std::function<
                        void(Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t)>(
                        [this,
                         i](Ptr<const Packet>, IpsecDropReason reason, IpsecDirection, uint32_t) {
                            ++drops[{i, reason}];
                        })));
        }
        core.Get(0)->TraceConnectWithoutContext("MacTx",
                                                MakeCallback(&TunnelFamilies::OnCore, this));
        left.Get(1)->TraceConnectWithoutContext("MacTx",
                                                MakeCallback(&TunnelFamilies::OnLeft, this));
    }

    void TearDown() override { Simulator::Destroy(); }

    /// What g0 sends into the core: count ESP per outer family and cleartext UDP.
    void OnCore(Ptr<const Packet> frame)
    {
        Ptr<Packet> p = frame->Copy();
        PppHeader ppp;
        p->RemoveHeader(ppp);
        uint8_t protocol = 0;
        if (ppp.GetProtocol() == 0x0057)
        {
            Ipv6Header h;
            p->RemoveHeader(h);
            protocol = h.GetNextHeader();
            esp6 += protocol == 50 ? 1 : 0;
        }
        else if (ppp.GetProtocol() == 0x0021)
        {
            Ipv4Header h;
            p->RemoveHeader(h);
            protocol = h.GetProtocol();
            esp4 += protocol == 50 ? 1 : 0;
        }
        clearUdp += protocol == 17 ? 1 : 0;
    }

    /// What g0 sends back to h0: ICMPv6 Packet Too Big, with its MTU.
    void OnLeft(Ptr<const Packet> frame)
    {
        Ptr<Packet> p = frame->Copy();
        PppHeader ppp;
        p->RemoveHeader(ppp);
        if (ppp.GetProtocol() != 0x0057)
        {
            return;
        }
        Ipv6Header h;
        p->RemoveHeader(h);
        uint8_t type = 0;
        if (h.GetNextHeader() == 58 && p->CopyData(&type, 1) == 1 && type == 2)
        {
            Icmpv6TooBig tooBig;
            p->RemoveHeader(tooBig);
            packetTooBigMtu.push_back(tooBig.GetMtu());
        }
    }

    /// \return echo replies h0 got for \p n UDP echo requests of \p size bytes to h1
    uint32_t Echo(uint32_t n, uint32_t size = 200)
    {
        UdpEchoServerHelper server(7);
        ApplicationContainer s = server.Install(nodes.Get(3));
        Address to = h1.IsIpv6() ? Address(h1.GetIpv6()) : Address(h1.GetIpv4());
        UdpEchoClientHelper client(to, 7);
        client.SetAttribute("MaxPackets", UintegerValue(n));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(50)));
        client.SetAttribute("PacketSize", UintegerValue(size));
        ApplicationContainer c = client.Install(nodes.Get(0));
        uint32_t replies = 0;
        c.Get(0)->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>>(std::function<void(Ptr<const Packet>)>(
                [&replies](Ptr<const Packet>) { ++replies; })));
        s.Start(Seconds(0));
        c.Start(Seconds(2)); // after duplicate address detection
        Simulator::Stop(Seconds(3 + n * 0.05));
        Simulator::Run();
        return replies;
    }

    Ptr<IpsecL3Protocol> Layer(uint32_t i) const
    {
        return nodes.Get(i)->GetObject<IpsecL3Protocol>();
    }

    /// Ten echo requests and replies crossed the core as ESP in its family, nothing in the
    /// clear, nothing dropped.
    void ExpectTenRequestsTunnelled() const
    {
        EXPECT_EQ(clearUdp, 0u);
        bool core6 = GetParam().second;
        EXPECT_EQ(core6 ? esp6 : esp4, 10u); // the requests, in the core's family
        EXPECT_EQ(core6 ? esp4 : esp6, 0u);
        for (uint32_t gateway : {1u, 2u})
        {
            EXPECT_EQ(Layer(gateway)->GetStats().Of(IpsecProtocol::ESP).packetsOut, 10u);
            EXPECT_EQ(Layer(gateway)->GetStats().Of(IpsecProtocol::ESP).packetsIn, 10u);
        }
        for (uint32_t i = 0; i < 4; ++i)
        {
            EXPECT_EQ(Layer(i)->GetStats().TotalDrops(), 0u) << "node " << i;
        }
    }

    /// The gateways protect LAN A <-> LAN B over the core with \p suite.
    void Tunnel(const IpsecHelper::Suite& suite)
    {
        ipsec.ProtectNetworks(nodes.Get(1), g0, lanA, mask, nodes.Get(2), g1, lanB, mask, suite);
    }

    uint64_t Drops(uint32_t node, IpsecDropReason reason) const
    {
        auto it = drops.find({node, reason});
        return it == drops.end() ? 0 : it->second;
    }

    NodeContainer nodes;
    NetDeviceContainer core;
    IpsecAddress h0, h1, g0, g1, lanA, lanB;
    IpsecMask mask;
    IpsecHelper ipsec;
    std::map<std::pair<uint32_t, IpsecDropReason>, uint64_t> drops;
    uint32_t esp4 = 0;
    uint32_t esp6 = 0;
    uint32_t clearUdp = 0;
    std::vector<uint32_t> packetTooBigMtu;
};

std::string
FamiliesName(const ::testing::TestParamInfo<std::pair<bool, bool>>& info)
{
    return std::string(info.param.first ? "Ipv6" : "Ipv4") + "In"
         + (info.param.second ? "Ipv6" : "Ipv4");
}

} // namespace

TEST_P(TunnelFamilies, GatewaysTunnelTheLansOverTheCoreBothWays)
{
    Tunnel(IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
    EXPECT_EQ(Echo(10), 10u);
    ExpectTenRequestsTunnelled();
}

TEST_P(TunnelFamilies, AhOutsideEspCoversTheOuterHeader)
{
    Tunnel(IpsecHelper::Suite::Parse("esp+ah", "aes-cbc", "hmac-sha256-128"));
    EXPECT_EQ(Echo(5), 5u);
    EXPECT_EQ(clearUdp, 0u);
    EXPECT_EQ(Layer(2)->GetStats().Of(IpsecProtocol::AH).packetsIn, 5u);
    EXPECT_EQ(Layer(2)->GetStats().Of(IpsecProtocol::ESP).packetsIn, 5u);
}

/// IPv6 LANs over either core (IPv4 senders get fragmentation-needed for DF datagrams only:
/// test-tunnel covers them).
class TunnelPacketTooBig : public TunnelFamilies
{
};

TEST_P(TunnelPacketTooBig, IpsecOverheadIsReportedToIpv6SendersAsPacketTooBig)
{
    Tunnel(IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
    // 1400 + 8 + 40 bytes fit the LAN's 1500 but not with the tunnel's overhead: g0 answers
    // the first request with Packet Too Big, and g1 the first reply that goes back; each host's
    // IPv6 then fragments to fit, and the rest arrive both ways: 2 of 4 round trips.
    EXPECT_EQ(Echo(4, 1400), 2u);
    ASSERT_EQ(packetTooBigMtu.size(), 1u);
    uint32_t overhead = 1500 - packetTooBigMtu[0];
    bool core6 = GetParam().second;
    // Outer header, ESP header and IV (8 + 8), trailer (2, padded to 4), GCM ICV (16).
    EXPECT_GE(overhead, (core6 ? 40u : 20u) + 16 + 2 + 16);
    EXPECT_LE(overhead, (core6 ? 40u : 20u) + 16 + 5 + 16);
    EXPECT_EQ(Drops(1, IpsecDropReason::TOO_BIG), 1u);
    EXPECT_EQ(Drops(2, IpsecDropReason::TOO_BIG), 1u);
    // Three requests got through, each as two fragments, each fragment tunnelled on its own.
    EXPECT_EQ(Layer(2)->GetStats().Of(IpsecProtocol::ESP).packetsIn, 6u);
}

INSTANTIATE_TEST_SUITE_P(Combinations,
                         TunnelFamilies,
                         ::testing::Values(std::make_pair(false, false),
                                           std::make_pair(true, false),
                                           std::make_pair(false, true),
                                           std::make_pair(true, true)),
                         FamiliesName);

INSTANTIATE_TEST_SUITE_P(Ipv6Lans,
                         TunnelPacketTooBig,
                         ::testing::Values(std::make_pair(true, false), std::make_pair(true, true)),
                         FamiliesName);

namespace
{
/// The same gateways with a route-based tunnel (tunnel interfaces and routes) instead of
/// policy, in each combination of families.
class RouteBasedTunnelFamilies : public TunnelFamilies
{
  protected:
    /// Tunnel interfaces on both gateways, SAs with \p suite, routes to the far LANs.
    void RouteTunnel(const IpsecHelper::Suite& suite)
    {
        std::tie(tunnel0, tunnel1) = ipsec.AddRouteBasedTunnel(nodes.Get(1),
                                                               g0,
                                                               lanA,
                                                               mask,
                                                               nodes.Get(2),
                                                               g1,
                                                               lanB,
                                                               mask,
                                                               suite);
    }

    Ptr<IpsecTunnelInterface> tunnel0;
    Ptr<IpsecTunnelInterface> tunnel1;
};
} // namespace

TEST_P(RouteBasedTunnelFamilies, RoutesSendLanTrafficThroughTheTunnelInterface)
{
    RouteTunnel(IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
    bool lan6 = GetParam().first;
    uint32_t throughTunnel = 0; // what g0 routes into its tunnel interface
    for (const auto& tunnel : {tunnel0, tunnel1})
    {
        EXPECT_EQ(tunnel->HasIpv6(), lan6);
        EXPECT_EQ(tunnel->HasIpv4(), !lan6);
        EXPECT_EQ(tunnel->GetLocal().GetFamily(), g0.GetFamily());
    }
    tunnel0->GetDevice()->TraceConnectWithoutContext(
        "MacTx",
        Callback<void, Ptr<const Packet>>(std::function<void(Ptr<const Packet>)>(
            [&throughTunnel](Ptr<const Packet>) { ++throughTunnel; })));
    for (uint32_t gateway : {1u, 2u})
    {
        EXPECT_EQ(Layer(gateway)->GetSpd()->GetN(), 0u) << "routes, not policy";
    }
    EXPECT_EQ(Echo(10), 10u);
    EXPECT_EQ(throughTunnel, 10u);
    ExpectTenRequestsTunnelled();
}

TEST_P(RouteBasedTunnelFamilies, TheTunnelsInboundPolicyDropsWhatItDoesNotCover)
{
    RouteTunnel(IpsecHelper::Suite::Parse("esp", "aes-cbc", "hmac-sha256-128"));
    // g1's tunnel accepts only traffic from a host that is not h0: h0's requests arrive
    // protected through the right SA, and are dropped by the tunnel's own policy.
    Ptr<SecurityPolicy> only = Create<SecurityPolicy>(*tunnel1->GetSpd()->Dump().at(0));
    bool lan6 = GetParam().first;
    only->remoteAddress
        = lan6 ? IpsecAddress(Ipv6Address("2001:a::99")) : IpsecAddress(Ipv4Address("10.1.1.99"));
    only->remoteMask = IpsecMask::Host(only->remoteAddress.GetFamily());
    tunnel1->GetSpd()->Flush();
    tunnel1->GetSpd()->Add(only);
    EXPECT_EQ(Echo(5), 0u);
    EXPECT_GE(Drops(2, IpsecDropReason::NO_POLICY_MATCH), 5u);
    EXPECT_EQ(clearUdp, 0u);
}

/// IPv4 LANs over either core: an IPv6 datagram is the stranger to their tunnel interfaces.
class RouteBasedIpv4Lans : public RouteBasedTunnelFamilies
{
};

TEST_P(RouteBasedIpv4Lans, ADatagramOfAFamilyTheFarInterfaceDoesNotCarryIsDropped)
{
    RouteTunnel(IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
    // g0's interface carries IPv6 too and routes LAN B's IPv6 prefix into the tunnel; g1's does
    // not carry IPv6, so what comes out of the tunnel there has nowhere to enter.
    tunnel0->AddAddress(Ipv6InterfaceAddress(Ipv6Address("fd00:99::1"), Ipv6Prefix(64)));
    Ptr<SecurityPolicy> v6 = Create<SecurityPolicy>(*tunnel0->GetSpd()->Dump().at(0));
    v6->localAddress = v6->remoteAddress = Ipv6Address::GetAny();
    v6->localMask = v6->remoteMask = Ipv6Prefix(uint8_t(0));
    tunnel0->GetSpd()->Add(v6);
    Ipv6StaticRoutingHelper routes;
    routes.GetStaticRouting(nodes.Get(1)->GetObject<Ipv6>())
        ->AddNetworkRouteTo("2001:b::",
                            Ipv6Prefix(64),
                            Ipv6Address("fd00:99::2"),
                            tunnel0->GetInterface6());
    h1 = nodes.Get(3)->GetObject<Ipv6>()->GetAddress(1, 1).GetAddress(); // h1 over IPv6
    EXPECT_EQ(Echo(5), 0u);
    EXPECT_GE(Drops(2, IpsecDropReason::POLICY_VIOLATION), 5u);
    EXPECT_EQ(clearUdp, 0u);
}

INSTANTIATE_TEST_SUITE_P(Ipv4Lans,
                         RouteBasedIpv4Lans,
                         ::testing::Values(std::make_pair(false, false),
                                           std::make_pair(false, true)),
                         FamiliesName);

INSTANTIATE_TEST_SUITE_P(Combinations,
                         RouteBasedTunnelFamilies,
                         ::testing::Values(std::make_pair(false, false),
                                           std::make_pair(true, false),
                                           std::make_pair(false, true),
                                           std::make_pair(true, true)),
                         FamiliesName);

TEST(Ipv6SaSelectors, PortAndProtocolSelectorsOfAnIpv6SaMatchItsPackets)
{
    Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(IpsecProtocol::ESP,
                                                              0x1000,
                                                              Ipv6Address("2001:db8::1"),
                                                              Ipv6Address("2001:db8::2"));
    SecurityAssociation::Selectors selectors; // default (zero) address masks
    selectors.protocol = 17;
    selectors.destinationPort = 53;
    sa->SetSelectors(selectors);
    EXPECT_TRUE(sa->HasSelectors());
    EXPECT_TRUE(
        sa->SelectorsMatch(Ipv6Address("2001:db8::1"), Ipv6Address("2001:db8::2"), 17, 9, 53));
    EXPECT_FALSE(
        sa->SelectorsMatch(Ipv6Address("2001:db8::1"), Ipv6Address("2001:db8::2"), 17, 9, 54));
    EXPECT_FALSE(
        sa->SelectorsMatch(Ipv6Address("2001:db8::1"), Ipv6Address("2001:db8::2"), 6, 9, 53));
    // An address selector keeps its family: an IPv4 prefix does not match IPv6 packets.
    selectors.destination = Ipv4Address("10.0.0.0");
    selectors.destinationMask = Ipv4Mask("255.0.0.0");
    sa->SetSelectors(selectors);
    EXPECT_FALSE(
        sa->SelectorsMatch(Ipv6Address("2001:db8::1"), Ipv6Address("2001:db8::2"), 17, 9, 53));
}

TEST_F(DualStack, Ipv6DefaultPolicyDiscardsIpv6OnlyWhenSetApart)
{
    // net.inet6.ipsec6.def_policy apart from net.inet.ipsec.def_policy: IPv6 discarded,
    // IPv4 passes.
    for (uint32_t i = 0; i < 2; ++i)
    {
        Layer(i)->SetAttribute("Ipv6DefaultPolicy", StringValue("Discard"));
    }
    Udp4(10);
    EXPECT_EQ(Udp6(10), 0u);
    EXPECT_EQ(received4.at(0)->GetReceived(), 10u);
    EXPECT_EQ(Drops(0, IpsecDropReason::NO_POLICY_MATCH, IpsecDirection::OUTBOUND), 10u);
}

TEST_F(DualStack, Ipv6DefaultPolicyPassLetsIpv6ThroughWhereIpv4IsDiscarded)
{
    for (uint32_t i = 0; i < 2; ++i)
    {
        Layer(i)->SetAttribute("DefaultPolicy", StringValue("Discard"));
        Layer(i)->SetAttribute("Ipv6DefaultPolicy", StringValue("Pass"));
    }
    Udp4(10);
    EXPECT_EQ(Udp6(10), 10u);
    EXPECT_EQ(received4.at(0)->GetReceived(), 0u);
    EXPECT_EQ(Drops(0, IpsecDropReason::NO_POLICY_MATCH, IpsecDirection::OUTBOUND), 10u);
}

TEST_F(DualStack, Ipv6DefaultLevelsApplyToIpv6Traffic)
{
    // One address-less rule asks for ESP at the 'default' level for both families, and there
    // is no SA: IPv4's default level is 'use' (sent in the clear), IPv6's is raised to
    // 'require' (dropped: no SA, and no key manager to acquire one).
    Ptr<SecurityPolicy> policy = Create<SecurityPolicy>();
    policy->localMask = IpsecMask::AnyFamily();
    policy->remoteMask = IpsecMask::AnyFamily();
    policy->protocol = 17;
    policy->action = SecurityPolicy::Action::IPSEC;
    IpsecProtectionRequest esp;
    esp.protocol = IpsecProtocol::ESP;
    esp.level = IpsecLevel::DEFAULT;
    policy->alternatives = {{esp}};
    Layer(0)->GetSpd()->Add(policy);
    Layer(0)->SetAttribute("Ipv6EspTransDefLev", UintegerValue(2));
    Udp4(10);
    EXPECT_EQ(Udp6(10), 0u);
    EXPECT_EQ(received4.at(0)->GetReceived(), 10u);
    EXPECT_EQ(Drops(0, IpsecDropReason::NO_SA, IpsecDirection::OUTBOUND), 10u);
    EXPECT_EQ(Layer(0)->EffectiveLevel(esp, IpsecAddress::Family::IPV4), IpsecLevel::USE);
    EXPECT_EQ(Layer(0)->EffectiveLevel(esp, IpsecAddress::Family::IPV6), IpsecLevel::REQUIRE);
}

TEST_F(DualStack, TheTeachingKeyManagerAcquiresIpv6SasOnDemand)
{
    // Policy only, on both hosts: the first IPv6 datagram raises ACQUIRE, the key managers
    // negotiate over their own IPv6 sockets (which bypass the policy they serve), and the held
    // datagrams go out protected once the SAs exist.
    for (uint32_t i = 0; i < 2; ++i)
    {
        Layer(i)->GetSpd()->Add(i == 0 ? Ipv6EspPair(a6, b6) : Ipv6EspPair(b6, a6));
        Layer(i)->SetAttribute("AcquireHoldLimit", UintegerValue(100));
    }
    IpsecTeachingKeyManagerHelper helper;
    ApplicationContainer managers = helper.Install(nodes);
    IpsecTeachingKeyManagerHelper::AssignStreams(managers, 50);
    managers.Start(Seconds(0));
    EXPECT_EQ(Udp6(10), 10u);
    EXPECT_EQ(clearUdp6, 1u); // the PROPOSE: the key managers' own messages bypass IPsec
    EXPECT_EQ(esp6.size(), 10u);
    EXPECT_EQ(DynamicCast<IpsecTeachingKeyManager>(managers.Get(0))->GetInitiated(), 1u);
    EXPECT_EQ(DynamicCast<IpsecTeachingKeyManager>(managers.Get(1))->GetResponded(), 1u);
    Ptr<SecurityAssociation> out = Layer(0)->GetSadb()->Dump().at(0);
    EXPECT_TRUE(out->GetDestination().IsIpv6());
    EXPECT_EQ(Layer(0)->GetStats().TotalDrops() + Layer(1)->GetStats().TotalDrops(), 0u);
}

TEST_F(DualStack, AnIpv6SocketCanBypassThePolicyOfItsTraffic)
{
    // The socket levels of OpenBSD (and Solaris IPV6_SEC_OPT) on an IPv6 socket: a privileged
    // socket bypasses an IPv6 policy that would otherwise drop its datagrams for want of SAs.
    for (uint32_t i = 0; i < 2; ++i)
    {
        Layer(i)->GetSpd()->Add(i == 0 ? Ipv6EspPair(a6, b6) : Ipv6EspPair(b6, a6));
    }
    IpsecSocketRequest bypass;
    bypass.ahRequest = IpsecSocketRequest::PREF_NEVER;
    bypass.espRequest = IpsecSocketRequest::PREF_NEVER;
    Ptr<Socket> receiver = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
    ASSERT_TRUE(IpsecSocketPolicy::Attach(receiver, true)->SetRequest(bypass).Ok());
    receiver->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 4000));
    uint32_t received = 0;
    receiver->SetRecvCallback(
        Callback<void, Ptr<Socket>>(std::function<void(Ptr<Socket>)>([&received](Ptr<Socket> s) {
            while (s->Recv())
            {
                ++received;
            }
        })));
    Ptr<Socket> sender = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    ASSERT_TRUE(IpsecSocketPolicy::Attach(sender, true)->SetRequest(bypass).Ok());
    sender->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 4001));
    Ptr<Socket> unprivileged = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    unprivileged->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 4002));
    for (uint32_t i = 0; i < 5; ++i)
    {
        Simulator::Schedule(Seconds(1 + 0.01 * i), [sender, unprivileged, this]() {
            sender->SendTo(Create<Packet>(100), 0, Inet6SocketAddress(b6, 4000));
            unprivileged->SendTo(Create<Packet>(100), 0, Inet6SocketAddress(b6, 4000));
        });
    }
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(received, 5u); // the bypassing socket's, in the clear
    EXPECT_EQ(clearUdp6, 5u);
    EXPECT_EQ(Drops(0, IpsecDropReason::NO_SA, IpsecDirection::OUTBOUND), 5u); // the other's
}

TEST_F(DualStack, ClearSend6AndClearDeliver6ShowTheCleartextIpv6Datagrams)
{
    ipsec.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, IpsecHelper::Suite());
    std::vector<std::pair<Ipv6Header, uint32_t>> sent;
    std::vector<std::pair<Ipv6Header, uint32_t>> delivered;
    auto recorder = [](std::vector<std::pair<Ipv6Header, uint32_t>>& into) {
        return Callback<void, const Ipv6Header&, Ptr<const Packet>>(
            std::function<void(const Ipv6Header&, Ptr<const Packet>)>(
                [&into](const Ipv6Header& h, Ptr<const Packet> p) {
                    into.emplace_back(h, p->GetSize());
                }));
    };
    Layer(0)->TraceConnectWithoutContext("ClearSend6", recorder(sent));
    Layer(1)->TraceConnectWithoutContext("ClearDeliver6", recorder(delivered));
    EXPECT_EQ(Udp6(5), 5u);
    ASSERT_EQ(sent.size(), 5u);
    ASSERT_EQ(delivered.size(), 5u);
    for (const auto& [h, size] : delivered)
    {
        EXPECT_EQ(h.GetSource(), a6);
        EXPECT_EQ(h.GetDestination(), b6);
        EXPECT_EQ(h.GetNextHeader(), 17);
        EXPECT_EQ(size, 208u); // the UDP datagram, not the ESP packet
    }
    EXPECT_EQ(sent[0].first.GetNextHeader(), 17);
    EXPECT_EQ(sent[0].second, 208u);
}

TEST(Ipv6OnlyNodes, TheLayerAttachesToIpv6AloneAndProtectsIt)
{
    // Nodes without IPv4 at all: the IPsec layer attaches to IPv6, protects it, and refuses
    // what no policy lets through.
    NodeContainer nodes;
    nodes.Create(2);
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    stack.Install(nodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    NetDeviceContainer devices = p2p.Install(nodes);
    Ipv6AddressHelper v6;
    v6.SetBase(Ipv6Address("2001:db8:6::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer i6 = v6.Assign(devices);
    IpsecHelper ipsec;
    ipsec.Install(nodes);
    ASSERT_EQ(nodes.Get(0)->GetObject<Ipv4>(), nullptr);
    ipsec.ProtectPair(nodes.Get(0),
                      i6.GetAddress(0, 1),
                      nodes.Get(1),
                      i6.GetAddress(1, 1),
                      IpsecHelper::Suite::Parse("esp+ah", "aes-cbc", "hmac-sha256-128"));
    for (uint32_t i = 0; i < 2; ++i)
    {
        nodes.Get(i)->GetObject<IpsecL3Protocol>()->SetAttribute("DefaultPolicy",
                                                                 StringValue("Discard"));
    }
    auto run = [&](uint16_t port, Ipv6Address to) {
        UdpServerHelper server(port);
        ApplicationContainer s = server.Install(nodes.Get(1));
        UdpClientHelper client(to, port);
        client.SetAttribute("MaxPackets", UintegerValue(10));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        ApplicationContainer c = client.Install(nodes.Get(0));
        s.Start(Seconds(0));
        c.Start(Seconds(1));
        return DynamicCast<UdpServer>(s.Get(0));
    };
    Ptr<UdpServer> protectedFlow = run(9000, i6.GetAddress(1, 1));
    Ptr<UdpServer> linkLocalFlow = run(9001, i6.GetAddress(1, 0)); // no policy, no SA: refused
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    Ptr<IpsecL3Protocol> receiver = nodes.Get(1)->GetObject<IpsecL3Protocol>();
    EXPECT_EQ(protectedFlow->GetReceived(), 10u);
    EXPECT_EQ(linkLocalFlow->GetReceived(), 0u);
    EXPECT_EQ(receiver->GetStats().Of(IpsecProtocol::ESP).packetsIn, 10u);
    EXPECT_EQ(receiver->GetStats().Of(IpsecProtocol::AH).packetsIn, 10u);
    EXPECT_EQ(nodes.Get(0)->GetObject<IpsecL3Protocol>()->GetStats().TotalDrops(), 10u);
    Simulator::Destroy();
}
