/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * End to end: real ns-3 topologies, real traffic, assertions on delivered bytes, counters and
 * traces; hostile packets injected as if they arrived on the wire.
 */
#include "test-util.h"
#include "two-hosts.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <cctype>
#include <gtest/gtest.h>
#include <map>
#include <random>

using namespace ns3;

namespace
{
using ns3::test::TwoHosts;

struct SuiteCase
{
    const char* protocol;
    const char* encr;
    const char* auth;
};

/// Shown by GoogleTest instead of the struct's bytes.
void
PrintTo(const SuiteCase& c, std::ostream* os)
{
    *os << c.protocol << " " << c.encr << " " << c.auth;
}

class SuiteTraffic
    : public TwoHosts
    , public ::testing::WithParamInterface<SuiteCase>
{
  protected:
    void Protect()
    {
        ipsec.ProtectPair(
            nodes.Get(0),
            a,
            nodes.Get(1),
            b,
            IpsecHelper::Suite::Parse(GetParam().protocol, GetParam().encr, GetParam().auth));
    }
};
} // namespace

TEST_P(SuiteTraffic, UdpDeliveredAndProtectedOnTheWire)
{
    Protect();
    EXPECT_EQ(Udp(200, 700), 200u);
    EXPECT_EQ(Stats(1).TotalDrops(), 0u);
    bool esp = std::string(GetParam().protocol).find("esp") != std::string::npos;
    bool ah = std::string(GetParam().protocol).find("ah") != std::string::npos;
    uint64_t protectedOut = Stats(0).Of(esp ? IpsecProtocol::ESP : IpsecProtocol::AH).packetsOut;
    EXPECT_EQ(protectedOut, 200u);
    // On the wire every datagram is ESP (or AH outermost); no cleartext UDP leaks.
    for (const auto& p : wire)
    {
        Ipv4Header h;
        p->PeekHeader(h);
        EXPECT_EQ(h.GetProtocol(), ah ? 51 : 50);
    }
}

TEST_P(SuiteTraffic, TcpMegabyteByteExact)
{
    Protect();
    EXPECT_EQ(Tcp(1000000), 1000000u);
    EXPECT_EQ(Stats(0).TotalDrops() + Stats(1).TotalDrops(), 0u);
}

TEST_P(SuiteTraffic, PingRepliesProtectedLikeRequests)
{
    Protect();
    EXPECT_EQ(Ping(10), 10u);
    bool esp = std::string(GetParam().protocol).find("esp") != std::string::npos;
    IpsecProtocol p = esp ? IpsecProtocol::ESP : IpsecProtocol::AH;
    EXPECT_EQ(Stats(0).Of(p).packetsOut, 10u);
    EXPECT_EQ(Stats(1).Of(p).packetsOut, 10u); // the replies
    EXPECT_EQ(Stats(0).policy.clearAcceptedIn, 0u);
}

TEST_P(SuiteTraffic, MutatedPacketsAreEachOneCountedDrop)
{
    // 240 corruptions of captured packets (flipped bytes, truncations, extensions, garbage),
    // half with a fresh sequence number so the ICV, not the replay window, has to catch them:
    // every one is dropped exactly once with a reason, nothing gets through, nothing crashes.
    Protect();
    UdpServerHelper serverHelper(9);
    ApplicationContainer server = serverHelper.Install(nodes.Get(1));
    UdpClientHelper client(b, 9);
    client.SetAttribute("MaxPackets", UintegerValue(20));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(1)));
    client.SetAttribute("PacketSize", UintegerValue(300));
    client.Install(nodes.Get(0)).Start(Seconds(1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    ASSERT_EQ(wire.size(), 20u);
    uint32_t received = DynamicCast<UdpServer>(server.Get(0))->GetReceived();
    ASSERT_EQ(received, 20u);
    const IpsecStats before = Stats(1);

    bool ahOutside = std::string(GetParam().protocol).find("ah") != std::string::npos;
    size_t seqOffset = ahOutside ? 8 : 4; // AH: next, length, reserved, SPI; ESP: SPI
    std::mt19937 random(12345);
    const uint32_t injected = 240;
    for (uint32_t i = 0; i < injected; ++i)
    {
        Ptr<Packet> original = wire[random() % wire.size()];
        Ptr<Packet> mutated = Edited(original, [&](std::vector<uint8_t>& x) {
            switch (i % 4)
            {
                case 0: { // one to three bytes changed
                    uint32_t flips = 1 + random() % 3;
                    for (uint32_t f = 0; f < flips; ++f)
                    {
                        x[(f * x.size() / flips) + random() % (x.size() / flips)]
                            ^= static_cast<uint8_t>(1 + random() % 255);
                    }
                    break;
                }
                case 1: // truncated anywhere, down to nothing
                    x.resize(random() % x.size());
                    break;
                case 2: // trailing bytes added
                    for (uint32_t n = 1 + random() % 32; n > 0; --n)
                    {
                        x.push_back(static_cast<uint8_t>(random()));
                    }
                    break;
                default: // garbage after the SPI
                    for (size_t k = seqOffset; k < x.size(); ++k)
                    {
                        x[k] = static_cast<uint8_t>(random());
                    }
                    break;
            }
            if (i % 8 < 4 && x.size() >= seqOffset + 4)
            {
                uint32_t fresh = 1000 + i; // beyond everything seen: the window lets it pass
                x[seqOffset] = static_cast<uint8_t>(fresh >> 24);
                x[seqOffset + 1] = static_cast<uint8_t>(fresh >> 16);
                x[seqOffset + 2] = static_cast<uint8_t>(fresh >> 8);
                x[seqOffset + 3] = static_cast<uint8_t>(fresh);
            }
        });
        Simulator::Schedule(MilliSeconds(i), [this, mutated]() { Inject(mutated); });
    }
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    EXPECT_EQ(DynamicCast<UdpServer>(server.Get(0))->GetReceived(), received);
    EXPECT_EQ(Stats(1).TotalDrops() - before.TotalDrops(), injected);
    for (IpsecProtocol p : {IpsecProtocol::ESP, IpsecProtocol::AH})
    {
        EXPECT_EQ(Stats(1).Of(p).packetsIn, before.Of(p).packetsIn);
    }
    uint32_t traced = 0;
    for (const auto& [reason, count] : drops)
    {
        traced += count;
    }
    EXPECT_EQ(traced, injected); // each drop also went through the Drop trace
    // All three defences took part: the replay window, the ICV and the format checks.
    EXPECT_GT(drops[IpsecDropReason::REPLAY], 0u);
    EXPECT_GT(drops[IpsecDropReason::AUTH_FAILED], 0u);
    EXPECT_GT(drops[IpsecDropReason::MALFORMED], 0u);
}

std::string
SuiteName(const ::testing::TestParamInfo<SuiteCase>& info)
{
    std::string name
        = std::string(info.param.protocol) + "_" + info.param.encr + "_" + info.param.auth;
    for (char& c : name)
    {
        if (!std::isalnum(static_cast<unsigned char>(c)))
        {
            c = '_';
        }
    }
    return name;
}

TEST_P(SuiteTraffic, IpHeaderLengthBelowFiveWordsIsAMalformedDrop)
{
    // ns-3's IPv4 input takes a header length field of 0-4 words and strips that many: what
    // the IPsec layer then reads as ESP or AH starts inside the IP header, and AH's ICV would
    // serialize a 20-byte header into the room of fewer. Each is one counted malformed drop.
    Protect();
    ASSERT_EQ(Udp(10, 100), 10u);
    ASSERT_EQ(wire.size(), 10u);
    IpsecProtocol outermost = std::string(GetParam().protocol).find("ah") != std::string::npos
                                ? IpsecProtocol::AH
                                : IpsecProtocol::ESP;
    uint64_t before = Stats(1).Of(outermost).packetsIn;
    for (uint8_t words = 0; words < 5; ++words)
    {
        Inject(test::WithIpv4HeaderLength(wire[words], words));
    }
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    // With checksums on, ns-3 refuses 0 and 1 words (no field there can make the sum good).
    uint32_t expected = test::g_checksumsFromEnvironment ? 3 : 5;
    EXPECT_EQ(drops[IpsecDropReason::MALFORMED], expected);
    EXPECT_EQ(drops.size(), 1u);
    EXPECT_EQ(Stats(1).Of(outermost).drops[size_t(IpsecDropReason::MALFORMED)], expected);
    EXPECT_EQ(Stats(1).Of(outermost).packetsIn, before);
}

TEST_P(SuiteTraffic, OuterOptionsAreNotKeptAndTheClearViewHasA20ByteHeader)
{
    // ns-3's Ipv4Header skips options on input and would write its 20 bytes into the room of
    // header and options: the datagram written back after verification has a 20-byte header,
    // its length fields agree and the payload follows it.
    Protect();
    Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
    loss->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
    loss->SetAttribute("ErrorRate", DoubleValue(1.0));
    devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
    ASSERT_EQ(Udp(1, 100), 0u); // captured on the wire, never received
    ASSERT_EQ(wire.size(), 1u);
    std::vector<Ptr<const Packet>> views;
    IpsecHelper::Get(nodes.Get(1))
        ->TraceConnectWithoutContext("CleartextIn",
                                     MakeBoundCallback(
                                         +[](std::vector<Ptr<const Packet>>* out,
                                             Ptr<const Packet> p) { out->push_back(p); },
                                         &views));
    Inject(test::WithIpv4Options(wire[0], 1));
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_TRUE(drops.empty());
    IpsecProtocol outermost = std::string(GetParam().protocol).find("ah") != std::string::npos
                                ? IpsecProtocol::AH
                                : IpsecProtocol::ESP;
    EXPECT_EQ(Stats(1).Of(outermost).packetsIn, 1u);
    ASSERT_FALSE(views.empty());
    for (const auto& view : views)
    {
        std::vector<uint8_t> bytes(view->GetSize());
        view->CopyData(bytes.data(), bytes.size());
        ASSERT_GE(bytes.size(), 28u);
        EXPECT_EQ(bytes[0], 0x45);
        EXPECT_EQ(uint32_t(bytes[2]) << 8 | bytes[3], bytes.size());
    }
    Ptr<Packet> last = views.back()->Copy();
    Ipv4Header ip;
    last->RemoveHeader(ip);
    UdpHeader udp;
    last->RemoveHeader(udp);
    EXPECT_EQ(udp.GetDestinationPort(), 9);
    EXPECT_EQ(last->GetSize(), 100u);
}

INSTANTIATE_TEST_SUITE_P(Families,
                         SuiteTraffic,
                         ::testing::Values(SuiteCase{"esp", "aes-cbc", "hmac-sha256-128"},
                                           SuiteCase{"esp", "aes-gcm-16", "none"},
                                           SuiteCase{"esp", "chacha20-poly1305", "none"},
                                           SuiteCase{"esp", "aes-ctr", "aes-xcbc-mac-96"},
                                           SuiteCase{"esp", "3des-cbc", "hmac-sha1-96"},
                                           SuiteCase{"esp", "null", "hmac-sha512-256"},
                                           SuiteCase{"ah", "null", "hmac-sha256-128"},
                                           SuiteCase{"ah", "null", "aes-gmac"},
                                           SuiteCase{"esp+ah", "aes-cbc", "hmac-sha1-96"}),
                         SuiteName);

/// The SA n0 -> n1 of a protocol.
Ptr<SecurityAssociation>
OutboundSa(Ptr<Node> node, Ipv4Address destination)
{
    for (const auto& sa : IpsecHelper::Get(node)->GetSadb()->Dump())
    {
        if (sa->GetDestination() == destination)
        {
            return sa;
        }
    }
    return nullptr;
}

TEST_F(TwoHosts, SequenceExhaustionKillsTheSa)
{
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, IpsecHelper::Suite());
    Ptr<SecurityAssociation> sa = OutboundSa(nodes.Get(0), b);
    ASSERT_TRUE(sa);
    sa->SetLastSequence(0xffffffffULL - 3);
    EXPECT_EQ(Udp(10, 200), 3u); // 0xfffffffd, 0xfffffffe, 0xffffffff; never a wrap to 0
    // The 4th packet exhausts the counter and kills the SA; the rest find no usable SA.
    EXPECT_EQ(drops[IpsecDropReason::SEQUENCE_OVERFLOW], 1u);
    EXPECT_EQ(drops[IpsecDropReason::NO_SA], 6u);
    EXPECT_EQ(sa->GetState(), SecurityAssociation::State::DEAD);
    EXPECT_EQ(Stats(0).Of(IpsecProtocol::ESP).drops[size_t(IpsecDropReason::SEQUENCE_OVERFLOW)],
              1u);
}

TEST_F(TwoHosts, ExtendedSequenceNumbersRollOverTheLowHalf)
{
    IpsecHelper::Suite suite;
    suite.extendedSequenceNumbers = true;
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, suite);
    Ptr<SecurityAssociation> sa = OutboundSa(nodes.Get(0), b);
    ASSERT_TRUE(sa);
    sa->SetLastSequence(0xffffffffULL - 3);
    EXPECT_EQ(Udp(10, 200), 10u); // the receiver infers the high half across the roll-over
    EXPECT_EQ(sa->GetLastSequence(), 0x100000006ULL);
    EXPECT_EQ(Stats(1).TotalDrops(), 0u);
    // On the wire only the low 32 bits travel: the last packet says 6.
    uint32_t lastLow = 0;
    for (const auto& p : wire)
    {
        Ipv4Header h;
        Ptr<Packet> copy = p->Copy();
        copy->RemoveHeader(h);
        EspHeader esp;
        copy->PeekHeader(esp);
        lastLow = esp.GetSequence();
    }
    EXPECT_EQ(lastLow, 6u);
}

TEST_F(TwoHosts, HostilePacketsAreCountedDropsNeverCrashes)
{
    IpsecHelper::Suite suite = IpsecHelper::Suite::Parse("esp", "aes-cbc", "hmac-sha256-128");
    suite.replayWindow = 64;
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, suite);
    ASSERT_EQ(Udp(100, 300), 100u);
    ASSERT_EQ(wire.size(), 100u);
    uint32_t before = Stats(1).Of(IpsecProtocol::ESP).packetsIn;

    Inject(wire[99]->Copy()); // duplicate
    Inject(wire[0]->Copy());  // left of the window
    // Tampered packets carry fresh sequence numbers: the replay check runs before the ICV, so
    // with their original (already seen) number they would be replays, not auth failures.
    auto fresh = [](std::vector<uint8_t>& x, uint8_t seq) {
        x[4] = x[5] = x[6] = 0;
        x[7] = seq;
    };
    Inject(Edited(wire[50], [&](std::vector<uint8_t>& x) {
        fresh(x, 150);
        x[40] ^= 1;
    }));
    Inject(Edited(wire[50], [&](std::vector<uint8_t>& x) {
        fresh(x, 151);
        x.back() ^= 1;
    }));
    Inject(Edited(wire[50], [](std::vector<uint8_t>& x) { x[0] ^= 0xff; })); // unknown SPI
    Inject(Edited(wire[50], [](std::vector<uint8_t>& x) { x.resize(30); })); // truncated (SPI ok)
    Inject(Edited(wire[50], [](std::vector<uint8_t>& x) { x.resize(5); })); // shorter than a header
    Inject(Edited(wire[50], [&](std::vector<uint8_t>& x) {                  // garbage, real SPI
        fresh(x, 152);
        for (size_t i = 8; i < x.size(); ++i)
        {
            x[i] = static_cast<uint8_t>(i * 37);
        }
    }));
    Simulator::Stop(Seconds(1));
    Simulator::Run();

    EXPECT_EQ(drops[IpsecDropReason::REPLAY], 1u);
    EXPECT_EQ(drops[IpsecDropReason::REPLAY_TOO_OLD], 1u);
    EXPECT_EQ(drops[IpsecDropReason::AUTH_FAILED], 3u); // flipped ciphertext, flipped ICV, garbage
    EXPECT_EQ(drops[IpsecDropReason::UNKNOWN_SPI], 1u);
    EXPECT_EQ(drops[IpsecDropReason::MALFORMED], 2u);
    EXPECT_EQ(Stats(1).Of(IpsecProtocol::ESP).drops[size_t(IpsecDropReason::AUTH_FAILED)], 3u);
    EXPECT_EQ(Stats(1).Of(IpsecProtocol::ESP).packetsIn, before); // nothing else got through
}

TEST_F(TwoHosts, WrongKeysFailAuthentication)
{
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, IpsecHelper::Suite());
    // Replace n1's inbound SA with one of the same identity but another key.
    Ptr<SecurityAssociationDatabase> sadb = IpsecHelper::Get(nodes.Get(1))->GetSadb();
    for (const auto& sa : sadb->Dump())
    {
        if (sa->GetDestination() == b)
        {
            Ptr<SecurityAssociation> other
                = Create<SecurityAssociation>(IpsecProtocol::ESP, sa->GetSpi(), a, b);
            other->SetEncryption("aes-cbc", IpsecBytes(16, 9));
            other->SetAuthentication("hmac-sha256-128", IpsecBytes(32, 9));
            ASSERT_EQ(sadb->Update(other), "");
        }
    }
    EXPECT_EQ(Udp(20, 100), 0u);
    EXPECT_EQ(drops[IpsecDropReason::AUTH_FAILED], 20u);
}

TEST_F(TwoHosts, TheSocketsTtlAndTosGoIntoTheProtectedDatagramsHeader)
{
    // IP_TTL and IP_TOS travel as socket tags; the IPsec layer builds the transport-mode
    // header itself and must take them from the tags (and leave none behind on the packet).
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, IpsecHelper::Suite());
    uint32_t delivered = 0;
    Ptr<Socket> sink = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
    sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 4000));
    sink->SetRecvCallback(
        Callback<void, Ptr<Socket>>(std::function<void(Ptr<Socket>)>([&delivered](Ptr<Socket> s) {
            while (Ptr<Packet> p = s->Recv())
            {
                SocketIpTtlTag ttl;
                SocketIpTosTag tos;
                // What arrives carries the receive side's tags only (RecvTtl/RecvTos are off).
                EXPECT_FALSE(p->PeekPacketTag(ttl));
                EXPECT_FALSE(p->PeekPacketTag(tos));
                ++delivered;
            }
        })));
    Ptr<Socket> tuned = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    tuned->SetIpTtl(17); // UDP tags the datagram with it
    Ptr<Socket> plain = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    Simulator::Schedule(Seconds(1), [tuned, plain, this]() {
        // ns-3.37's UDP does not turn SetIpTos into a tag; the tag itself is what Ipv4L3Protocol
        // honours, so the test puts it on as an application could.
        Ptr<Packet> p = Create<Packet>(100);
        SocketIpTosTag tos;
        tos.SetTos(0x28);
        p->AddPacketTag(tos);
        tuned->SendTo(p, 0, InetSocketAddress(b, 4000));
        plain->SendTo(Create<Packet>(100), 0, InetSocketAddress(b, 4000));
    });
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(delivered, 2u);
    std::vector<Ipv4Header> esp;
    for (const auto& datagram : wire)
    {
        Ipv4Header h;
        datagram->PeekHeader(h);
        if (h.GetProtocol() == 50)
        {
            esp.push_back(h);
        }
    }
    ASSERT_EQ(esp.size(), 2u);
    EXPECT_EQ(esp[0].GetTtl(), 17);
    EXPECT_EQ(esp[0].GetTos(), 0x28);
    EXPECT_EQ(esp[1].GetTtl(), 64); // the node's default
    EXPECT_EQ(esp[1].GetTos(), 0);
}

TEST_F(TwoHosts, RequirePolicyRefusesCleartext)
{
    IpsecProtectionRequest esp;
    IpsecHelper::AddPolicy(nodes.Get(1), SecurityPolicy::HostPair(b, a, {esp}));
    std::vector<std::string> logs;
    IpsecHelper::Get(nodes.Get(1))
        ->TraceConnectWithoutContext(
            "PolicyLog",
            MakeCallback(+[](std::vector<std::string>* l, const std::string& m) {
                l->push_back(m);
            }).Bind(&logs));
    EXPECT_EQ(Udp(30, 100), 0u);
    EXPECT_EQ(drops[IpsecDropReason::POLICY_VIOLATION], 30u);
    EXPECT_EQ(Stats(1).policy.drops[size_t(IpsecDropReason::POLICY_VIOLATION)], 30u);
    // 30 drops within 30 ms, PolicyLogInterval 1 s: one message.
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_NE(logs[0].find("cleartext"), std::string::npos);
}

TEST_F(TwoHosts, HistoryWrittenOnAnotherNodeGivesNoCredit)
{
    // ns-3 tags travel with packets between nodes: a decapsulation history claiming ESP, but
    // written on host a, must not satisfy host b's require policy.
    ipsec.ProtectPair(nodes.Get(0),
                      a,
                      nodes.Get(1),
                      b,
                      IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
    uint32_t spi = 0;
    for (const auto& sa : IpsecHelper::Get(nodes.Get(1))->GetSadb()->Dump())
    {
        spi = sa->GetDestination() == b ? sa->GetSpi() : spi;
    }
    ASSERT_NE(spi, 0u);
    UdpServerHelper serverHelper(9);
    ApplicationContainer server = serverHelper.Install(nodes.Get(1));
    auto datagram = [&](uint32_t writer) {
        Ptr<Packet> p = Datagram(a, b, UdpL4Protocol::PROT_NUMBER, UdpPorts(4000, 9), 100);
        IpsecInboundTag history;
        history.SetNode(writer);
        history.Add({IpsecProtocol::ESP, IpsecMode::TRANSPORT, spi, b});
        p->AddPacketTag(history);
        return p;
    };
    Simulator::Schedule(Seconds(1), [&]() { Inject(datagram(nodes.Get(0)->GetId())); });
    // Control: the same history written on b itself is what a real decapsulation leaves.
    Simulator::Schedule(Seconds(1.5), [&]() { Inject(datagram(nodes.Get(1)->GetId())); });
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(DynamicCast<UdpServer>(server.Get(0))->GetReceived(), 1u);
    EXPECT_EQ(drops[IpsecDropReason::POLICY_VIOLATION], 1u);
}

TEST_F(TwoHosts, HistoryEndsWhereThePacketReachesTheSocket)
{
    // The decapsulation history rides on the packet through the inbound check and is gone when
    // the application gets it, so an application that sends the packet on, even from a node
    // without IPsec, passes on no verdict of this node.
    ipsec.ProtectPair(nodes.Get(0),
                      a,
                      nodes.Get(1),
                      b,
                      IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
    uint32_t taggedVerified = 0;
    uint32_t taggedDelivered = 0;
    uint32_t delivered = 0;
    IpsecHelper::Get(nodes.Get(1))
        ->TraceConnectWithoutContext(
            "InboundVerified",
            MakeCallback(+[](uint32_t* n, Ptr<const Packet> p, Ptr<const SecurityAssociation>) {
                IpsecInboundTag history;
                *n += p->PeekPacketTag(history);
            }).Bind(&taggedVerified));
    UdpServerHelper serverHelper(9);
    ApplicationContainer server = serverHelper.Install(nodes.Get(1));
    server.Get(0)->TraceConnectWithoutContext(
        IPSEC_UDP_SERVER_RX_TRACE,
        MakeCallback(+[](uint32_t* tagged, uint32_t* n, Ptr<const Packet> p) {
            IpsecInboundTag history;
            *tagged += p->PeekPacketTag(history);
            ++*n;
        }).Bind(&taggedDelivered, &delivered));
    UdpClientHelper client(b, 9);
    client.SetAttribute("MaxPackets", UintegerValue(20));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(1)));
    client.Install(nodes.Get(0)).Start(Seconds(1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(delivered, 20u);
    EXPECT_EQ(taggedVerified, 20u);
    EXPECT_EQ(taggedDelivered, 0u);
}

TEST_F(TwoHosts, OutboundSaChoiceHonoursTheSasOwnSelectors)
{
    // Two SAs a->b, each with a destination port selector (ipseckey `dport`): each flow must
    // travel on its own SA, or b refuses it as not matching the SA's selectors.
    IpsecProtectionRequest esp;
    IpsecHelper::AddPolicy(nodes.Get(0), SecurityPolicy::HostPair(a, b, {esp}));
    IpsecHelper::AddPolicy(nodes.Get(1), SecurityPolicy::HostPair(b, a, {esp}));
    auto sa = [&](uint32_t spi, uint16_t port) {
        Ptr<SecurityAssociation> s = Create<SecurityAssociation>(IpsecProtocol::ESP, spi, a, b);
        s->SetEncryption("aes-gcm-16", IpsecBytes(20, static_cast<uint8_t>(spi)));
        SecurityAssociation::Selectors selectors;
        selectors.protocol = UdpL4Protocol::PROT_NUMBER;
        selectors.destinationPort = port;
        s->SetSelectors(selectors);
        return s;
    };
    for (uint32_t node : {0u, 1u})
    {
        IpsecHelper::AddSa(nodes.Get(node), sa(0x901, 9));
        IpsecHelper::AddSa(nodes.Get(node), sa(0x1001, 10)); // the newest: the old choice
    }
    std::map<uint16_t, Ptr<UdpServer>> servers;
    for (uint16_t port : {9, 10})
    {
        servers[port] = DynamicCast<UdpServer>(UdpServerHelper(port).Install(nodes.Get(1)).Get(0));
        UdpClientHelper client(b, port);
        client.SetAttribute("MaxPackets", UintegerValue(10));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(1)));
        client.SetAttribute("PacketSize", UintegerValue(200));
        client.Install(nodes.Get(0)).Start(Seconds(1));
    }
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(servers[9]->GetReceived(), 10u);
    EXPECT_EQ(servers[10]->GetReceived(), 10u);
    EXPECT_EQ(drops[IpsecDropReason::POLICY_MISMATCH], 0u);
    std::map<uint32_t, uint32_t> bySpi;
    for (const auto& datagram : wire)
    {
        Ptr<Packet> p = datagram->Copy();
        Ipv4Header ip;
        p->RemoveHeader(ip);
        uint8_t spi[4];
        p->CopyData(spi, 4);
        ++bySpi[(uint32_t(spi[0]) << 24) | (uint32_t(spi[1]) << 16) | (spi[2] << 8) | spi[3]];
    }
    EXPECT_EQ(bySpi[0x901], 10u);
    EXPECT_EQ(bySpi[0x1001], 10u);
}

TEST_F(TwoHosts, UseLevelSendsClearWithoutSa)
{
    IpsecProtectionRequest esp;
    esp.level = IpsecLevel::USE;
    IpsecHelper::AddPolicy(nodes.Get(0), SecurityPolicy::HostPair(a, b, {esp}));
    IpsecHelper::AddPolicy(nodes.Get(1), SecurityPolicy::HostPair(b, a, {esp}));
    EXPECT_EQ(Udp(10, 100), 10u);
    EXPECT_EQ(Stats(0).policy.bypassOut, 10u);
}

TEST_F(TwoHosts, DefaultLevelFollowsAttribute)
{
    IpsecProtectionRequest esp;
    esp.level = IpsecLevel::DEFAULT;
    IpsecHelper::Get(nodes.Get(0))->SetAttribute("EspTransDefLev", UintegerValue(2));
    IpsecHelper::AddPolicy(nodes.Get(0), SecurityPolicy::HostPair(a, b, {esp}));
    EXPECT_EQ(Udp(10, 100), 0u);
    EXPECT_EQ(drops[IpsecDropReason::NO_SA], 10u);
}

TEST_F(TwoHosts, BypassEntryWinsOverProtection)
{
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, IpsecHelper::Suite());
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<SecurityPolicy> bypass = Create<SecurityPolicy>();
        bypass->protocol = 17;
        (i == 0 ? bypass->remotePortMin : bypass->localPortMin) = 7;
        (i == 0 ? bypass->remotePortMax : bypass->localPortMax) = 7;
        bypass->action = SecurityPolicy::Action::BYPASS;
        IpsecHelper::AddPolicy(nodes.Get(i), bypass); // added after the ESP entry
    }
    EXPECT_EQ(Udp(10, 100, 7), 10u);
    EXPECT_EQ(Stats(0).Of(IpsecProtocol::ESP).packetsOut, 0u);
    EXPECT_EQ(Stats(1).policy.clearAcceptedIn, 10u);
}

TEST_F(TwoHosts, DefaultDiscard)
{
    IpsecHelper::Get(nodes.Get(1))
        ->SetAttribute("DefaultPolicy", EnumValue(IpsecL3Protocol::DISCARD));
    EXPECT_EQ(Udp(10, 100), 0u);
    EXPECT_EQ(drops[IpsecDropReason::NO_POLICY_MATCH], 10u);
}

TEST_F(TwoHosts, TracesAndCleartextView)
{
    ipsec.ProtectPair(nodes.Get(0),
                      a,
                      nodes.Get(1),
                      b,
                      IpsecHelper::Suite::Parse("esp", "aes-gcm-16", ""));
    uint32_t protectedCount = 0;
    uint32_t verified = 0;
    uint32_t clearOut = 0;
    uint32_t clearIn = 0;
    Ptr<IpsecL3Protocol> n0 = IpsecHelper::Get(nodes.Get(0));
    Ptr<IpsecL3Protocol> n1 = IpsecHelper::Get(nodes.Get(1));
    n0->TraceConnectWithoutContext(
        "OutboundProtected",
        MakeCallback(+[](uint32_t* c, Ptr<const Packet>, Ptr<const SecurityAssociation>) {
            ++*c;
        }).Bind(&protectedCount));
    n1->TraceConnectWithoutContext(
        "InboundVerified",
        MakeCallback(+[](uint32_t* c, Ptr<const Packet> p, Ptr<const SecurityAssociation>) {
            EXPECT_EQ(p->GetSize(), 8u + 500u); // UDP header + payload
            ++*c;
        }).Bind(&verified));
    n0->TraceConnectWithoutContext("CleartextOut",
                                   MakeCallback(+[](uint32_t* c, Ptr<const Packet> p) {
                                       Ipv4Header h;
                                       p->PeekHeader(h);
                                       EXPECT_EQ(h.GetProtocol(), 17);
                                       ++*c;
                                   }).Bind(&clearOut));
    n1->TraceConnectWithoutContext("CleartextIn", MakeCallback(+[](uint32_t* c, Ptr<const Packet>) {
                                                      ++*c;
                                                  }).Bind(&clearIn));
    EXPECT_EQ(Udp(25, 500), 25u);
    EXPECT_EQ(protectedCount, 25u);
    EXPECT_EQ(verified, 25u);
    EXPECT_EQ(clearOut, 25u);
    EXPECT_EQ(clearIn, 25u);
}
