/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A drop's text (IpsecDropDetail) and the one place drops go (IpsecDropSink): every text prints
 * the exact line the datapath always wrote; a drop counts, traces and rate-limits PolicyLog as
 * before, and formats nothing when nobody reads the line.
 */
#include "ns3/ipsec-drop-detail.h"
#include "ns3/ipsec-drop-sink.h"
#include "ns3/log.h"
#include "ns3/security-association.h"
#include "ns3/security-policy.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>
#include <set>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecDropSinkTest");

namespace
{

using Text = IpsecDropDetail::Text;

Ptr<SecurityPolicy>
DropPolicy()
{
    Ptr<SecurityPolicy> policy = Create<SecurityPolicy>();
    policy->action = SecurityPolicy::Action::DROP;
    policy->protocol = 17;
    return policy;
}

Ptr<SecurityAssociation>
GcmSa()
{
    Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(IpsecProtocol::ESP,
                                                              0x1234,
                                                              Ipv4Address("10.0.0.1"),
                                                              Ipv4Address("10.0.0.2"));
    sa->SetEncryption("aes-gcm-16", IpsecBytes(20, 1));
    return sa;
}

} // namespace

TEST(DropDetail, EveryTextPrintsItsLine)
{
    Ptr<SecurityPolicy> policy = DropPolicy();
    Ptr<SecurityAssociation> sa = GcmSa();
    std::string p = policy->ToString();
    std::string s = sa->Describe();
    Ipv4Address a("10.1.1.1");
    Ipv4Address b("10.2.2.2");
    struct Row
    {
        Text text;
        std::string expected;
    };
    // The lines the datapath wrote before drops became data, literally (and those added since).
    const std::vector<Row> rows{
        {Text::NONE, ""},
        {Text::NO_POLICY_OUT, "no policy for outbound 10.1.1.1->10.2.2.2"},
        {Text::POLICY_OUT, "outbound packet dropped by policy " + p},
        {Text::NO_POLICY_INTRA, "no policy for intra-machine 10.1.1.1->10.2.2.2"},
        {Text::POLICY_INTRA, "intra-machine packet 10.1.1.1->10.2.2.2 dropped by policy " + p},
        {Text::NO_SA, "no SA for 10.1.1.1->10.2.2.2 required by " + p},
        {Text::NO_TUNNEL_SA, "no tunnel SA for 10.1.1.1->10.2.2.2 required by " + p},
        {Text::HELD_TIMEOUT, "held packet: no SA arrived within AcquireHoldTime"},
        {Text::HELD_NO_LONGER, "held transit packet: its policy no longer asks for protection"},
        {Text::QUEUE_FULL, "acquire hold queue full (AcquireHoldLimit 7)"},
        {Text::SEQUENCE_EXHAUSTED, "sequence number exhausted: " + s},
        {Text::NO_ROUTE, "no route to 10.2.2.2"},
        {Text::NO_ROUTE_TO_PEER, "no route to tunnel peer 10.2.2.2"},
        {Text::DF_TOO_BIG, "DF datagram of 7 bytes exceeds the tunnel MTU 1400"},
        {Text::FORWARD_POLICY, "forwarded packet dropped by policy " + p},
        {Text::TUNNEL_NO_POLICY, "tunnel interface 7: no policy for 10.1.1.1->10.2.2.2"},
        {Text::TUNNEL_POLICY, "tunnel interface 7: dropped by policy " + p},
        {Text::TUNNEL_NO_SA, "tunnel interface 7: no SA to 10.2.2.2"},
        {Text::TUNNEL_INNER_DROPPED,
         "tunnel interface 7: inner packet 10.1.1.1->10.2.2.2 dropped by its policy"},
        {Text::TUNNEL_INNER_UNMATCHED,
         "tunnel interface 7: inner packet 10.1.1.1->10.2.2.2 matches none of its policies"},
        {Text::NESTED_TOO_DEEPLY, "nested too deeply"},
        {Text::NOT_IP_INSIDE,
         "no IPv4 or IPv6 datagram (the one its next header names) inside the tunnel"},
        {Text::ECN_CE_ON_NOT_ECT, "outer CE mark on a Not-ECT inner packet (RFC 6040)"},
        {Text::OUTSIDE_SA_SELECTORS, "packet does not match the selectors of " + s},
        {Text::TUNNELLED_UNCOVERED, "tunnelled packet 10.1.1.1->10.2.2.2 matches no tunnel policy"},
        {Text::NO_POLICY_IN, "no policy for inbound 10.1.1.1->10.2.2.2"},
        {Text::POLICY_IN, "inbound packet dropped by policy " + p},
        {Text::CLEARTEXT_REFUSED, "cleartext packet 10.1.1.1->10.2.2.2 refused by policy " + p},
        {Text::WRONGLY_PROTECTED,
         "wrongly protected packet 10.1.1.1->10.2.2.2 refused by policy " + p},
        {Text::IPV6_AH_AFTER_EXTENSIONS,
         "AH behind IPv6 extension headers that cannot be verified (not all kept, or too "
         "long)"},
        {Text::NO_STACK_FOR_TUNNEL,
         "a tunnel with endpoints of a family the node has no IP stack for"},
        {Text::PACKET_TOO_BIG,
         "IPv6 datagram of 7 bytes exceeds the tunnel MTU 1400: packet too big"},
        {Text::TUNNEL_FAMILY_NOT_CARRIED,
         "IPv7 datagram from 10.1.1.1 on a tunnel interface to 10.2.2.2 that carries no IPv7"},
        {Text::DEVICE_FAMILY_NOT_CARRIED,
         "decapsulated IPv7 datagram arrived on a device without IPv7"},
        {Text::ENCAP_NOT_OUTERMOST,
         "UDP-encapsulated " + s + " must be the outermost SA of its bundle (RFC 3948)"},
        {Text::ESP_IN_UDP_FOR_PLAIN_SA, "ESP in UDP for " + s + ", which has no UDP encapsulation"},
        {Text::PLAIN_ESP_FOR_UDP_SA, "ESP without UDP for " + s + ", which is UDP-encapsulated"},
        {Text::IPV4_HEADER_TOO_SHORT,
         "IPv4 header length 7 bytes, below the 20 of a header without options"},
    };
    ASSERT_EQ(rows.size(), static_cast<size_t>(Text::COUNT)) << "a text without its row";
    std::set<std::string> templates;
    for (const auto& row : rows)
    {
        IpsecDropDetail detail(row.text);
        detail.Between(a, b).Policy(policy).Sa(sa).Numbers(7, 1400);
        EXPECT_EQ(detail.ToString(), row.expected) << IpsecDropDetail::TemplateOf(row.text);
        EXPECT_EQ(detail.IsEmpty(), row.text == Text::NONE);
        EXPECT_TRUE(templates.insert(IpsecDropDetail::TemplateOf(row.text)).second)
            << "two texts share a template";
    }
    EXPECT_EQ(IpsecDropDetail().ToString(), "");
    EXPECT_EQ(IpsecDropDetail::TemplateOf(Text::COUNT), std::string());
}

/// A drop sink with its traces, counters and a log component of its own.
class DropSinkTest : public ::testing::Test
{
  protected:
    void TearDown() override { Simulator::Destroy(); }

    IpsecStats stats;
    IpsecDropSink::DropTrace dropTrace;
    IpsecDropSink::PolicyLogTrace policyLogTrace;
    Time interval{Seconds(1)};
    uint32_t node{0};
    IpsecDropSink sink{stats, dropTrace, policyLogTrace, interval, g_log, node};
};

TEST_F(DropSinkTest, CountsTracesAndRateLimitsPolicyLog)
{
    std::vector<std::string> lines;
    std::vector<uint32_t> spis;
    policyLogTrace.ConnectWithoutContext(
        Callback<void, const std::string&>([&lines](const std::string& l) { lines.push_back(l); }));
    dropTrace.ConnectWithoutContext(
        Callback<void, Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t>(
            [&spis](Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t spi) {
                spis.push_back(spi);
            }));
    node = 3;
    Ptr<Packet> packet = Create<Packet>(10);
    IpsecProtocol esp = IpsecProtocol::ESP;
    sink.Drop(packet, IpsecDropReason::REPLAY, IpsecDirection::INBOUND, 0x1001, &esp);
    sink.Drop(packet,
              IpsecDropReason::NO_POLICY_MATCH,
              IpsecDirection::OUTBOUND,
              0,
              nullptr,
              IpsecDropDetail(Text::NO_POLICY_OUT)
                  .Between(Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.2")));
    Simulator::Schedule(Seconds(2), [&] {
        sink.Drop(packet, IpsecDropReason::TOO_BIG, IpsecDirection::OUTBOUND);
    });
    Simulator::Run();

    EXPECT_EQ(stats.Of(IpsecProtocol::ESP).drops[size_t(IpsecDropReason::REPLAY)], 1u);
    EXPECT_EQ(stats.policy.drops[size_t(IpsecDropReason::REPLAY)], 0u);
    EXPECT_EQ(stats.policy.drops[size_t(IpsecDropReason::NO_POLICY_MATCH)], 1u);
    EXPECT_EQ(stats.policy.drops[size_t(IpsecDropReason::TOO_BIG)], 1u);
    EXPECT_EQ(spis, (std::vector<uint32_t>{0x1001, 0, 0}));
    // The second drop falls within PolicyLogInterval of the first: suppressed, then announced.
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "node 3 ipsec in drop (replay) spi 0x1001");
    EXPECT_EQ(lines[1], "node 3 ipsec out drop (too-big) (1 similar messages suppressed)");
}

TEST_F(DropSinkTest, SuppressionCountsDropsNobodyListenedTo)
{
    sink.Drop(Create<Packet>(1),
              IpsecDropReason::POLICY_DROP,
              IpsecDirection::OUTBOUND,
              0,
              nullptr,
              IpsecDropDetail(Text::POLICY_OUT).Policy(DropPolicy()));
    EXPECT_EQ(stats.policy.drops[size_t(IpsecDropReason::POLICY_DROP)], 1u);
    // Later drops within the interval are suppressed even without a listener, and the count
    // reaches the next line that is written.
    std::vector<std::string> lines;
    policyLogTrace.ConnectWithoutContext(
        Callback<void, const std::string&>([&lines](const std::string& l) { lines.push_back(l); }));
    sink.Drop(Create<Packet>(1), IpsecDropReason::NO_SA, IpsecDirection::OUTBOUND);
    EXPECT_TRUE(lines.empty());
    Simulator::Schedule(Seconds(1), [&] {
        sink.Drop(Create<Packet>(1), IpsecDropReason::NO_SA, IpsecDirection::OUTBOUND);
    });
    Simulator::Run();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0], "node 0 ipsec out drop (no-sa) (1 similar messages suppressed)");
}
