/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IpsecPolicyEngine without a simulation: databases, settings and a flow in, one verdict out,
 * table-driven; then the decisions that depend on history (latched TCP connections, echo
 * replies mirroring their request).
 */
#include "standalone-state.h"

#include "ns3/ipsec-policy-engine.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecPolicyEngineTest");

namespace
{

using Origin = IpsecPolicyEngine::Origin;
using Action = IpsecVerdict::Action;

const Ipv4Address ME("10.0.0.1");
const Ipv4Address PEER("10.0.0.2");
const Ipv4Address GW_ME("192.168.0.1");
const Ipv4Address GW_PEER("192.168.0.2");
constexpr uint32_t ESP_SPI = 0x1000;     // PEER -> ME
constexpr uint32_t ESP_OUT_SPI = 0x1001; // ME -> PEER
constexpr uint32_t TUNNEL_SPI = 0x2000;  // GW_PEER -> ME (tunnel mode)

IpsecProtectionRequest
Esp(IpsecLevel level = IpsecLevel::REQUIRE, IpsecMode mode = IpsecMode::TRANSPORT)
{
    IpsecProtectionRequest r;
    r.protocol = IpsecProtocol::ESP;
    r.mode = mode;
    r.level = level;
    return r;
}

Ptr<SecurityPolicy>
Policy(SecurityPolicy::Action action,
       std::vector<IpsecProtectionRequest> requests = {},
       int16_t protocol = -1)
{
    Ptr<SecurityPolicy> p = Create<SecurityPolicy>();
    p->action = action;
    p->protocol = protocol;
    if (!requests.empty())
    {
        p->alternatives.push_back(requests);
    }
    return p;
}

/// A flow seen from this node (local = ME), whichever way the packet goes.
IpsecFlow
Flow(uint8_t protocol = 17, int16_t icmpType = -1, int16_t icmpCode = -1)
{
    IpsecFlow f;
    f.local = ME;
    f.remote = PEER;
    f.protocol = protocol;
    f.localPort = protocol == 1 ? 0 : 1000;
    f.remotePort = protocol == 1 ? 0 : 2000;
    f.icmpType = icmpType;
    f.icmpCode = icmpCode;
    return f;
}

/// One row: the world, the packet, the verdict expected.
struct Row
{
    const char* name;
    std::function<void(IpsecState&)> world; //!< SPD, SADB and settings
    IpsecFlow flow;
    bool outbound;
    Origin origin;
    std::vector<IpsecInboundTag::Layer> layers; //!< inbound: what was verified
    Action action;
    uint8_t counts;               //!< PASS: Count flags
    IpsecDropReason reason;       //!< DROP
    uint32_t spi;                 //!< DROP
    std::vector<uint32_t> bundle; //!< PROTECT
    size_t missing;               //!< ACQUIRE
    std::string detail;           //!< DROP/ACQUIRE text; "" = none
};

Ptr<SecurityAssociation>
AddEsp(IpsecState& s,
       uint32_t spi,
       Ipv4Address src,
       Ipv4Address dst,
       IpsecMode mode = IpsecMode::TRANSPORT)
{
    Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(IpsecProtocol::ESP, spi, src, dst);
    sa->SetEncryption("aes-gcm-16", IpsecBytes(20, 1));
    sa->SetMode(mode);
    EXPECT_EQ(s.sadb->Add(sa), "");
    return sa;
}

void
Sas(IpsecState& s)
{
    AddEsp(s, ESP_SPI, PEER, ME);
    AddEsp(s, ESP_OUT_SPI, ME, PEER);
    AddEsp(s, TUNNEL_SPI, GW_PEER, ME, IpsecMode::TUNNEL);
}

const IpsecInboundTag::Layer ESP_LAYER{IpsecProtocol::ESP, IpsecMode::TRANSPORT, ESP_SPI, ME};
const IpsecInboundTag::Layer TUNNEL_LAYER{IpsecProtocol::ESP, IpsecMode::TUNNEL, TUNNEL_SPI, ME};

/// The engine and what it needs, without a node.
class PolicyEngineTest : public ::testing::Test
{
  protected:
    void TearDown() override { Simulator::Destroy(); }

    std::unique_ptr<test::StandaloneState> world = std::make_unique<test::StandaloneState>(g_log);
    Ptr<IpsecState> state = world->state;
    IpsecSaResolver resolver{*state};
    IpsecTunnelTable tunnels;
    IpsecPolicyEngine engine{*state, resolver, tunnels, nullptr};
};

Ptr<SecurityPolicy> g_require; // the require policy of the rows that name it in their detail

void
RequireEsp(IpsecState& s)
{
    g_require = Policy(SecurityPolicy::Action::IPSEC, {Esp()});
    s.spd->Add(g_require);
}

} // namespace

TEST_F(PolicyEngineTest, Table)
{
    using IV = IpsecVerdict;
    auto discard = [](IpsecState& s) {
        s.settings.defaultPolicy = IpsecSettings::DISCARD;
    };
    auto add = [](Ptr<SecurityPolicy> p) {
        return [p](IpsecState& s) {
            s.spd->Add(p);
        };
    };
    auto both = [](std::function<void(IpsecState&)> a, std::function<void(IpsecState&)> b) {
        return [a, b](IpsecState& s) {
            a(s);
            b(s);
        };
    };
    auto none = [](IpsecState&) {
    };
    Ptr<SecurityPolicy> dropAll = Policy(SecurityPolicy::Action::DROP);
    Ptr<SecurityPolicy> transportOnly = Policy(SecurityPolicy::Action::IPSEC, {Esp()});
    IpsecProtectionRequest tunnel = Esp(IpsecLevel::REQUIRE, IpsecMode::TUNNEL);
    tunnel.tunnelSource = GW_ME;
    tunnel.tunnelDestination = GW_PEER;
    Ptr<SecurityPolicy> viaTunnel = Policy(SecurityPolicy::Action::IPSEC, {tunnel});

    const std::vector<Row> rows{
        // outbound, local
        {"no policy, Pass",
         none,
         Flow(),
         true,
         Origin::LOCAL,
         {},
         Action::PASS,
         IV::COUNT_BYPASS_OUT},
        {"no policy, Discard",
         discard,
         Flow(),
         true,
         Origin::LOCAL,
         {},
         Action::DROP,
         0,
         IpsecDropReason::NO_POLICY_MATCH,
         0,
         {},
         0,
         "no policy for outbound 10.0.0.1->10.0.0.2"},
        {"bypass entry",
         add(Policy(SecurityPolicy::Action::BYPASS)),
         Flow(),
         true,
         Origin::LOCAL,
         {},
         Action::PASS,
         IV::COUNT_BYPASS_OUT},
        {"drop entry",
         add(dropAll),
         Flow(),
         true,
         Origin::LOCAL,
         {},
         Action::DROP,
         0,
         IpsecDropReason::POLICY_DROP,
         0,
         {},
         0,
         "outbound packet dropped by policy #"},
        {"require with its SA",
         both(RequireEsp, Sas),
         Flow(),
         true,
         Origin::LOCAL,
         {},
         Action::PROTECT,
         0,
         {},
         0,
         {ESP_OUT_SPI}},
        {"require without its SA",
         RequireEsp,
         Flow(),
         true,
         Origin::LOCAL,
         {},
         Action::ACQUIRE,
         0,
         {},
         0,
         {},
         1,
         "no SA for 10.0.0.1->10.0.0.2 required by "},
        {"use without its SA",
         add(Policy(SecurityPolicy::Action::IPSEC, {Esp(IpsecLevel::USE)})),
         Flow(),
         true,
         Origin::LOCAL,
         {},
         Action::PASS,
         IV::COUNT_BYPASS_OUT},
        {"require for TCP only, UDP packet",
         add(Policy(SecurityPolicy::Action::IPSEC, {Esp()}, 6)),
         Flow(),
         true,
         Origin::LOCAL,
         {},
         Action::PASS,
         IV::COUNT_BYPASS_OUT},
        // outbound, to the node itself
        {"intra-machine, require",
         RequireEsp,
         Flow(),
         true,
         Origin::INTRA_MACHINE,
         {},
         Action::PASS,
         IV::COUNT_INTRA_MACHINE},
        {"intra-machine, Discard",
         discard,
         Flow(),
         true,
         Origin::INTRA_MACHINE,
         {},
         Action::DROP,
         0,
         IpsecDropReason::NO_POLICY_MATCH,
         0,
         {},
         0,
         "no policy for intra-machine 10.0.0.1->10.0.0.2"},
        // transit
        {"transit, Discard does not apply",
         discard,
         Flow(),
         true,
         Origin::FORWARDED,
         {},
         Action::PASS,
         IV::COUNT_NONE},
        {"transit ignores transport policy",
         add(transportOnly),
         Flow(),
         true,
         Origin::FORWARDED,
         {},
         Action::PASS,
         IV::COUNT_NONE},
        {"transit drop entry",
         add(dropAll),
         Flow(),
         true,
         Origin::FORWARDED,
         {},
         Action::DROP,
         0,
         IpsecDropReason::POLICY_DROP,
         0,
         {},
         0,
         "forwarded packet dropped by policy #"},
        {"transit tunnel without its SA",
         add(viaTunnel),
         Flow(),
         true,
         Origin::FORWARDED,
         {},
         Action::ACQUIRE,
         0,
         {},
         0,
         {},
         1,
         "no tunnel SA for 10.0.0.1->10.0.0.2 required by #"},
        // inbound
        {"cleartext against require",
         RequireEsp,
         Flow(),
         false,
         Origin::LOCAL,
         {},
         Action::DROP,
         0,
         IpsecDropReason::POLICY_VIOLATION,
         0,
         {},
         0,
         "cleartext packet 10.0.0.2->10.0.0.1 refused by policy "},
        {"ESP satisfies require",
         both(RequireEsp, Sas),
         Flow(),
         false,
         Origin::LOCAL,
         {ESP_LAYER},
         Action::PASS,
         IV::COUNT_NONE},
        {"cleartext, no policy",
         none,
         Flow(),
         false,
         Origin::LOCAL,
         {},
         Action::PASS,
         IV::COUNT_CLEAR_IN},
        {"inbound Discard",
         discard,
         Flow(),
         false,
         Origin::LOCAL,
         {},
         Action::DROP,
         0,
         IpsecDropReason::NO_POLICY_MATCH,
         0,
         {},
         0,
         "no policy for inbound 10.0.0.2->10.0.0.1"},
        {"transit inbound, Discard does not apply",
         discard,
         Flow(),
         false,
         Origin::FORWARDED,
         {},
         Action::PASS,
         IV::COUNT_CLEAR_IN},
        {"tunnel layer without tunnel policy",
         Sas,
         Flow(),
         false,
         Origin::LOCAL,
         {TUNNEL_LAYER},
         Action::DROP,
         0,
         IpsecDropReason::POLICY_MISMATCH,
         TUNNEL_SPI,
         {},
         0,
         "tunnelled packet 10.0.0.2->10.0.0.1 matches no tunnel policy"},
        {"ICMP time exceeded in the clear",
         RequireEsp,
         Flow(1, 11, 0),
         false,
         Origin::LOCAL,
         {},
         Action::PASS,
         IV::COUNT_CLEAR_IN},
        {"ICMP frag needed in the clear",
         RequireEsp,
         Flow(1, 3, 4),
         false,
         Origin::LOCAL,
         {},
         Action::PASS,
         IV::COUNT_CLEAR_IN},
        {"ICMP port unreachable refused",
         RequireEsp,
         Flow(1, 3, 3),
         false,
         Origin::LOCAL,
         {},
         Action::DROP,
         0,
         IpsecDropReason::POLICY_VIOLATION,
         0,
         {},
         0,
         "cleartext packet 10.0.0.2->10.0.0.1 refused by policy "},
        {"ICMP echo request refused",
         RequireEsp,
         Flow(1, 8, 0),
         false,
         Origin::LOCAL,
         {},
         Action::DROP,
         0,
         IpsecDropReason::POLICY_VIOLATION,
         0,
         {},
         0,
         "cleartext packet 10.0.0.2->10.0.0.1 refused by policy "},
        {"IcmpAcceptClear off",
         both(RequireEsp, [](IpsecState& s) { s.settings.icmpAcceptClear = false; }),
         Flow(1, 11, 0),
         false,
         Origin::LOCAL,
         {},
         Action::DROP,
         0,
         IpsecDropReason::POLICY_VIOLATION,
         0,
         {},
         0,
         "cleartext packet 10.0.0.2->10.0.0.1 refused by policy "},
        {"IGMP in the clear",
         RequireEsp,
         Flow(2),
         false,
         Origin::LOCAL,
         {},
         Action::PASS,
         IV::COUNT_CLEAR_IN},
        {"EspTransDefLev 2 refuses cleartext on default",
         both(add(Policy(SecurityPolicy::Action::IPSEC, {Esp(IpsecLevel::DEFAULT)})),
              [](IpsecState& s) { s.settings.espTransDefLev = 2; }),
         Flow(),
         false,
         Origin::LOCAL,
         {},
         Action::DROP,
         0,
         IpsecDropReason::POLICY_VIOLATION,
         0,
         {},
         0,
         "cleartext packet 10.0.0.2->10.0.0.1 refused by policy "},
        {"default level 1 accepts cleartext",
         add(Policy(SecurityPolicy::Action::IPSEC, {Esp(IpsecLevel::DEFAULT)})),
         Flow(),
         false,
         Origin::LOCAL,
         {},
         Action::PASS,
         IV::COUNT_CLEAR_IN},
        {"SA selectors exclude the packet",
         both(RequireEsp,
              [](IpsecState& s) {
                  Ptr<SecurityAssociation> sa = AddEsp(s, ESP_SPI, PEER, ME);
                  SecurityAssociation::Selectors sel;
                  sel.protocol = 6;
                  sa->SetSelectors(sel);
              }),
         Flow(),
         false,
         Origin::LOCAL,
         {ESP_LAYER},
         Action::DROP,
         0,
         IpsecDropReason::POLICY_MISMATCH,
         ESP_SPI,
         {},
         0,
         "packet does not match the selectors of "},
    };

    for (const auto& row : rows)
    {
        SCOPED_TRACE(row.name);
        // A fresh world per row.
        Simulator::Destroy();
        world = std::make_unique<test::StandaloneState>(g_log);
        state = world->state;
        IpsecSaResolver r{*state};
        IpsecTunnelTable t;
        IpsecPolicyEngine e{*state, r, t, nullptr};
        row.world(*state);
        IpsecVerdict v;
        if (row.outbound)
        {
            v = e.DecideOutbound(row.flow, row.origin);
        }
        else
        {
            IpsecInboundTag history;
            for (const auto& l : row.layers)
            {
                history.Add(l);
            }
            v = e.DecideInbound(row.flow, history, false, row.origin);
        }
        ASSERT_EQ(v.GetAction(), row.action);
        switch (row.action)
        {
            case Action::PASS:
                for (auto c : {IV::COUNT_BYPASS_OUT, IV::COUNT_CLEAR_IN, IV::COUNT_INTRA_MACHINE})
                {
                    EXPECT_EQ(v.Counts(c), (row.counts & c) != 0) << "count " << int(c);
                }
                break;
            case Action::DROP:
                EXPECT_EQ(v.GetReason(), row.reason) << ToString(v.GetReason());
                EXPECT_EQ(v.GetSpi(), row.spi);
                break;
            case Action::PROTECT: {
                std::vector<uint32_t> spis;
                for (const auto& sa : v.GetBundle())
                {
                    spis.push_back(sa->GetSpi());
                }
                EXPECT_EQ(spis, row.bundle);
                break;
            }
            case Action::ACQUIRE:
                EXPECT_EQ(v.GetMissing().size(), row.missing);
                EXPECT_TRUE(v.GetPolicy());
                break;
        }
        // The detail's text starts with what the row says (a policy's text may follow).
        EXPECT_EQ(v.GetDetail().ToString().substr(0, row.detail.size()), row.detail);
        EXPECT_EQ(v.GetDetail().IsEmpty(), row.detail.empty());
    }
}

TEST_F(PolicyEngineTest, IntraMachineCreditCarriesTheRequestedProtection)
{
    IpsecProtectionRequest esp = Esp();
    esp.encryption.push_back(IpsecAlgorithmRegistry::FindEncryption("aes-cbc"));
    state->spd->Add(Policy(SecurityPolicy::Action::IPSEC, {esp}));
    IpsecVerdict out = engine.DecideOutbound(Flow(), Origin::INTRA_MACHINE);
    ASSERT_EQ(out.GetAction(), Action::PASS);
    IpsecInboundTag credit = IpsecPolicyEngine::CreditOf(out.GetPolicy(), PEER);
    ASSERT_EQ(credit.GetN(), 1u);
    const IpsecInboundTag::Layer& layer = *credit.begin();
    EXPECT_TRUE(layer.IsCredit());
    EXPECT_EQ(layer.protocol, IpsecProtocol::ESP);
    EXPECT_EQ(layer.encryption, esp.encryption.front()->sadbId);
    // The credit satisfies the same policy inbound, and counts as intra-machine.
    IpsecVerdict in = engine.DecideInbound(Flow(), credit, true, Origin::LOCAL);
    EXPECT_EQ(in.GetAction(), Action::PASS);
    EXPECT_TRUE(in.Counts(IpsecVerdict::COUNT_INTRA_MACHINE));
    EXPECT_FALSE(in.Counts(IpsecVerdict::COUNT_CLEAR_IN));
}

TEST_F(PolicyEngineTest, EchoReplyMirrorsItsRequestOrFallsBackToPolicy)
{
    Sas(*state);
    IpsecFlow request = Flow(1, 8, 0);
    request.icmpId = 7;
    request.icmpSeq = 1;
    IpsecInboundTag history;
    history.Add(ESP_LAYER);
    ASSERT_EQ(engine.DecideInbound(request, history, false, Origin::LOCAL).GetAction(),
              Action::PASS); // no policy: accepted, and remembered
    IpsecFlow reply = Flow(1, 0, 0);
    reply.icmpId = 7;
    reply.icmpSeq = 1;
    IpsecVerdict v = engine.DecideOutbound(reply, Origin::LOCAL);
    ASSERT_EQ(v.GetAction(), Action::PROTECT);
    EXPECT_FALSE(v.GetPolicy()); // mirrored, not looked up
    ASSERT_EQ(v.GetBundle().size(), 1u);
    EXPECT_EQ(v.GetBundle()[0]->GetSpi(), ESP_OUT_SPI);
    // Another request's reply: policy decides (none here: in the clear).
    reply.icmpSeq = 2;
    EXPECT_TRUE(engine.DecideOutbound(reply, Origin::LOCAL).Counts(IpsecVerdict::COUNT_BYPASS_OUT));
    // Without the SA back, the remembered request does not force protection.
    state->sadb->Delete(IpsecProtocol::ESP, PEER, ESP_OUT_SPI);
    reply.icmpSeq = 1;
    EXPECT_EQ(engine.DecideOutbound(reply, Origin::LOCAL).GetAction(), Action::PASS);
}

TEST_F(PolicyEngineTest, LatchedConnectionsKeepTheirVerdictUntilReset)
{
    IpsecFlow syn = Flow(6);
    syn.tcpFlags = 0x02;
    ASSERT_EQ(engine.DecideOutbound(syn, Origin::LOCAL).GetAction(), Action::PASS);
    EXPECT_TRUE(engine.IsLatched(ME, 1000, PEER, 2000));
    EXPECT_EQ(state->stats.policy.latched, 1u);
    // The policy changes: the established connection keeps its decision, a new one does not.
    state->spd->Add(Policy(SecurityPolicy::Action::DROP));
    IpsecFlow ack = syn;
    ack.tcpFlags = 0x10;
    EXPECT_EQ(engine.DecideOutbound(ack, Origin::LOCAL).GetAction(), Action::PASS);
    IpsecFlow inbound = Flow(6);
    inbound.tcpFlags = 0x10;
    EXPECT_EQ(engine.DecideInbound(inbound, IpsecInboundTag(), false, Origin::LOCAL).GetAction(),
              Action::PASS);
    IpsecFlow other = syn;
    other.localPort = 1001;
    EXPECT_EQ(engine.DecideOutbound(other, Origin::LOCAL).GetAction(), Action::DROP);
    // A reset ends the latch: the next segment meets the new policy.
    IpsecFlow rst = syn;
    rst.tcpFlags = 0x04;
    engine.DecideOutbound(rst, Origin::LOCAL);
    EXPECT_FALSE(engine.IsLatched(ME, 1000, PEER, 2000));
    EXPECT_EQ(engine.DecideOutbound(ack, Origin::LOCAL).GetAction(), Action::DROP);
}
