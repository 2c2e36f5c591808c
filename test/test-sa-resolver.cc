/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IpsecSaResolver without a simulation: a policy and an SADB in, an SA bundle and the missing
 * SAs out; ACQUIRE at most once per interval; packets held for a registered key manager, dropped
 * without one or when the hold queue is full, and released in order when their SA arrives.
 */
#include "standalone-state.h"

#include "ns3/ipsec-sa-resolver.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <functional>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecSaResolverTest");

namespace
{

const Ipv4Address A("10.0.0.1");
const Ipv4Address B("10.0.0.2");
const Ipv4Address GW_A("192.168.0.1");
const Ipv4Address GW_B("192.168.0.2");

IpsecProtectionRequest
Request(IpsecProtocol protocol,
        IpsecMode mode = IpsecMode::TRANSPORT,
        IpsecLevel level = IpsecLevel::REQUIRE)
{
    IpsecProtectionRequest r;
    r.protocol = protocol;
    r.mode = mode;
    r.level = level;
    if (mode == IpsecMode::TUNNEL)
    {
        r.tunnelSource = GW_A;
        r.tunnelDestination = GW_B;
    }
    return r;
}

Ptr<SecurityPolicy>
Protect(std::vector<std::vector<IpsecProtectionRequest>> alternatives)
{
    Ptr<SecurityPolicy> p = Create<SecurityPolicy>();
    p->action = SecurityPolicy::Action::IPSEC;
    p->direction = SecurityPolicy::Direction::OUTBOUND;
    p->alternatives = std::move(alternatives);
    return p;
}

IpsecFlow
Udp()
{
    IpsecFlow f;
    f.local = A;
    f.remote = B;
    f.protocol = 17;
    f.localPort = 1000;
    f.remotePort = 2000;
    return f;
}

/// The state a node's IPsec layer shares, without a node.
class SaResolverTest : public ::testing::Test
{
  protected:
    void TearDown() override { Simulator::Destroy(); }

    /// Adds a ready SA and returns it.
    Ptr<SecurityAssociation> AddSa(IpsecProtocol protocol,
                                   uint32_t spi,
                                   Ipv4Address src = A,
                                   Ipv4Address dst = B,
                                   IpsecMode mode = IpsecMode::TRANSPORT)
    {
        Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(protocol, spi, src, dst);
        if (protocol == IpsecProtocol::ESP)
        {
            sa->SetEncryption("aes-gcm-16", IpsecBytes(20, 1));
        }
        else
        {
            sa->SetAuthentication("hmac-sha256", IpsecBytes(32, 2));
        }
        sa->SetMode(mode);
        EXPECT_EQ(state->sadb->Add(sa), "");
        return sa;
    }

    std::vector<uint32_t> Spis(const IpsecSaResolver::Bundle& bundle) const
    {
        std::vector<uint32_t> spis;
        for (const auto& sa : bundle)
        {
            spis.push_back(sa->GetSpi());
        }
        return spis;
    }

    uint64_t PolicyDrops(IpsecDropReason reason) const
    {
        return state->stats.policy.drops[static_cast<size_t>(reason)];
    }

    test::StandaloneState world{g_log};
    Ptr<IpsecState> state = world.state;
    IpsecDropSink::PolicyLogTrace& logTrace = world.policyLog;
    IpsecSaResolver resolver{*state};
    IpsecSaResolver::Bundle bundle;
    IpsecSaResolver::MissingSas missing;
};

} // namespace

TEST_F(SaResolverTest, RequireWithAndWithoutItsSa)
{
    Ptr<SecurityPolicy> p = Protect({{Request(IpsecProtocol::ESP)}});
    EXPECT_FALSE(resolver.Resolve(*p, Udp(), bundle, &missing));
    EXPECT_TRUE(bundle.empty());
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].request, &p->alternatives[0][0]);
    EXPECT_EQ(missing[0].source, A);
    EXPECT_EQ(missing[0].destination, B);
    EXPECT_EQ(resolver.Obtain(*p, Udp(), false, bundle, missing),
              IpsecSaResolver::Outcome::MISSING);

    AddSa(IpsecProtocol::ESP, 0x100);
    EXPECT_TRUE(resolver.Resolve(*p, Udp(), bundle, &missing));
    EXPECT_EQ(Spis(bundle), std::vector<uint32_t>{0x100});
    EXPECT_TRUE(missing.empty());
    EXPECT_EQ(resolver.Obtain(*p, Udp(), false, bundle, missing),
              IpsecSaResolver::Outcome::PROTECT);
    EXPECT_EQ(state->stats.policy.acquires, 0u);
}

TEST_F(SaResolverTest, UseWithoutItsSaGoesClearAndAcquires)
{
    Ptr<SecurityPolicy> p
        = Protect({{Request(IpsecProtocol::ESP, IpsecMode::TRANSPORT, IpsecLevel::USE)}});
    EXPECT_TRUE(resolver.Resolve(*p, Udp(), bundle, &missing));
    EXPECT_TRUE(bundle.empty());
    EXPECT_EQ(missing.size(), 1u);
    EXPECT_EQ(resolver.Obtain(*p, Udp(), false, bundle, missing), IpsecSaResolver::Outcome::CLEAR);
    EXPECT_EQ(state->stats.policy.acquires, 1u);
    // A tunnel interface cannot send in the clear: the same resolution is a missing SA there.
    EXPECT_EQ(resolver.Obtain(*p, Udp(), true, bundle, missing), IpsecSaResolver::Outcome::MISSING);
}

TEST_F(SaResolverTest, DefaultLevelFollowsTheSettings)
{
    Ptr<SecurityPolicy> p
        = Protect({{Request(IpsecProtocol::ESP, IpsecMode::TRANSPORT, IpsecLevel::DEFAULT)}});
    EXPECT_TRUE(resolver.Resolve(*p, Udp(), bundle, &missing)); // EspTransDefLev 1: use
    state->settings.espTransDefLev = 2;                         // require
    EXPECT_FALSE(resolver.Resolve(*p, Udp(), bundle, &missing));
    state->settings.espNetDefLev = 2; // another setting: no effect on transport requests
    state->settings.espTransDefLev = 1;
    EXPECT_TRUE(resolver.Resolve(*p, Udp(), bundle, &missing));
}

TEST_F(SaResolverTest, TransportEspIsAppliedBeforeAh)
{
    AddSa(IpsecProtocol::AH, 0x1a1);
    AddSa(IpsecProtocol::ESP, 0x1e1);
    Ptr<SecurityPolicy> p = Protect({{Request(IpsecProtocol::AH), Request(IpsecProtocol::ESP)}});
    ASSERT_TRUE(resolver.Resolve(*p, Udp(), bundle, &missing));
    EXPECT_EQ(Spis(bundle), (std::vector<uint32_t>{0x1e1, 0x1a1})); // [IP][AH][ESP][payload]
}

TEST_F(SaResolverTest, AFirstAlternativeWithoutItsSaGivesWayToTheNext)
{
    AddSa(IpsecProtocol::AH, 0x1a1);
    Ptr<SecurityPolicy> p = Protect({{Request(IpsecProtocol::ESP)}, {Request(IpsecProtocol::AH)}});
    ASSERT_TRUE(resolver.Resolve(*p, Udp(), bundle, &missing));
    EXPECT_EQ(Spis(bundle), std::vector<uint32_t>{0x1a1});
    EXPECT_TRUE(missing.empty());
    // Neither: what the *first* alternative lacks is what gets acquired.
    Ptr<SecurityPolicy> q
        = Protect({{Request(IpsecProtocol::ESP)}, {Request(IpsecProtocol::AH, IpsecMode::TUNNEL)}});
    EXPECT_FALSE(resolver.Resolve(*q, Udp(), bundle, &missing));
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].request->protocol, IpsecProtocol::ESP);
}

TEST_F(SaResolverTest, ATunnelRequestMovesTheEndpointsOfTheRequestsAfterIt)
{
    AddSa(IpsecProtocol::ESP, 0x1e2, GW_A, GW_B, IpsecMode::TUNNEL);
    AddSa(IpsecProtocol::AH, 0x1a2, GW_A, GW_B);
    Ptr<SecurityPolicy> p
        = Protect({{Request(IpsecProtocol::ESP, IpsecMode::TUNNEL), Request(IpsecProtocol::AH)}});
    ASSERT_TRUE(resolver.Resolve(*p, Udp(), bundle, &missing));
    EXPECT_EQ(Spis(bundle), (std::vector<uint32_t>{0x1e2, 0x1a2}));
}

TEST_F(SaResolverTest, AnSaTheRequestDoesNotAcceptIsMissing)
{
    AddSa(IpsecProtocol::ESP, 0x100);
    IpsecProtectionRequest r = Request(IpsecProtocol::ESP);
    r.encryption.push_back(IpsecAlgorithmRegistry::FindEncryption("aes-cbc"));
    Ptr<SecurityPolicy> p = Protect({{r}});
    EXPECT_FALSE(resolver.Resolve(*p, Udp(), bundle, &missing)); // the SA is AES-GCM
}

TEST_F(SaResolverTest, DeeperThanAnyReceiverAcceptsIsNeverComplete)
{
    std::vector<IpsecProtectionRequest> deep(
        IpsecInboundTag::MAX_LAYERS + 1,
        Request(IpsecProtocol::ESP, IpsecMode::TRANSPORT, IpsecLevel::USE));
    Ptr<SecurityPolicy> p = Protect({deep});
    EXPECT_FALSE(resolver.Resolve(*p, Udp(), bundle, &missing));
    EXPECT_TRUE(missing.empty());
}

TEST_F(SaResolverTest, AcquireOncePerInterval)
{
    std::vector<IpsecAcquire> acquires;
    state->keyManagement->Register(
        IpsecProtocol::ESP,
        Callback<void, const IpsecAcquire&>([&](const IpsecAcquire& a) { acquires.push_back(a); }),
        IpsecKeyManagement::ExpireCallback());
    state->settings.acquireInterval = Seconds(10);
    Ptr<SecurityPolicy> p = Protect({{Request(IpsecProtocol::ESP)}});
    ASSERT_EQ(resolver.Obtain(*p, Udp(), false, bundle, missing),
              IpsecSaResolver::Outcome::MISSING);
    EXPECT_TRUE(resolver.RaiseAcquires(missing, Udp(), *p)); // registered
    EXPECT_TRUE(resolver.RaiseAcquires(missing, Udp(), *p));
    ASSERT_EQ(acquires.size(), 1u);
    EXPECT_EQ(acquires[0].source, A);
    EXPECT_EQ(acquires[0].destination, B);
    EXPECT_EQ(acquires[0].policyId, p->GetId());
    EXPECT_EQ(state->stats.policy.acquires, 1u);
    Simulator::Schedule(Seconds(11), [&] { resolver.RaiseAcquires(missing, Udp(), *p); });
    Simulator::Run();
    EXPECT_EQ(acquires.size(), 2u);
}

TEST_F(SaResolverTest, WithoutAKeyManagerTheMissingSaDropsThePacket)
{
    state->settings.acquireHoldLimit = 5;
    Ptr<SecurityPolicy> p = Protect({{Request(IpsecProtocol::ESP)}});
    ASSERT_EQ(resolver.Obtain(*p, Udp(), false, bundle, missing),
              IpsecSaResolver::Outcome::MISSING);
    bool retried = false;
    resolver.HoldOrDrop(
        missing,
        Udp(),
        *p,
        Create<Packet>(10),
        [&] { retried = true; },
        IpsecDropDetail(IpsecDropDetail::Text::NO_SA).Between(A, B).Policy(p));
    EXPECT_EQ(PolicyDrops(IpsecDropReason::NO_SA), 1u);
    EXPECT_EQ(resolver.GetHeld(), 0u);
    EXPECT_EQ(state->stats.policy.acquires, 1u); // raised all the same
    EXPECT_FALSE(retried);
}

TEST_F(SaResolverTest, HeldPacketsWaitForTheirSaThenGoInOrder)
{
    state->keyManagement->Register(IpsecProtocol::ESP,
                                   IpsecKeyManagement::AcquireCallback(),
                                   IpsecKeyManagement::ExpireCallback());
    state->sadb->TraceConnectWithoutContext("SaAdded",
                                            MakeCallback(&IpsecSaResolver::ReleaseHeld, &resolver));
    state->settings.acquireHoldLimit = 2;
    state->settings.acquireHoldTime = Seconds(3);
    Ptr<SecurityPolicy> p = Protect({{Request(IpsecProtocol::ESP)}});
    ASSERT_EQ(resolver.Obtain(*p, Udp(), false, bundle, missing),
              IpsecSaResolver::Outcome::MISSING);
    std::vector<int> sent;
    for (int i = 0; i < 3; ++i)
    {
        resolver.HoldOrDrop(
            missing,
            Udp(),
            *p,
            Create<Packet>(10),
            [&sent, i] { sent.push_back(i); },
            IpsecDropDetail(IpsecDropDetail::Text::NO_SA).Between(A, B).Policy(p));
    }
    EXPECT_EQ(resolver.GetHeld(), 2u);
    EXPECT_EQ(state->stats.policy.held, 2u);
    EXPECT_EQ(PolicyDrops(IpsecDropReason::ACQUIRE_QUEUE_FULL), 1u);
    Simulator::Schedule(Seconds(1), [&] { AddSa(IpsecProtocol::ESP, 0x100); });
    Simulator::Run();
    EXPECT_EQ(sent, (std::vector<int>{0, 1}));
    EXPECT_EQ(state->stats.policy.released, 2u);
    EXPECT_EQ(resolver.GetHeld(), 0u);
    EXPECT_EQ(PolicyDrops(IpsecDropReason::ACQUIRE_TIMEOUT), 0u);
}

TEST_F(SaResolverTest, HeldPacketsTimeOut)
{
    state->keyManagement->Register(IpsecProtocol::ESP,
                                   IpsecKeyManagement::AcquireCallback(),
                                   IpsecKeyManagement::ExpireCallback());
    state->settings.acquireHoldLimit = 4;
    state->settings.acquireHoldTime = Seconds(3);
    Ptr<SecurityPolicy> p = Protect({{Request(IpsecProtocol::ESP)}});
    resolver.Obtain(*p, Udp(), false, bundle, missing);
    std::vector<std::string> lines;
    logTrace.ConnectWithoutContext(
        Callback<void, const std::string&>([&lines](const std::string& l) { lines.push_back(l); }));
    resolver.HoldOrDrop(
        missing,
        Udp(),
        *p,
        Create<Packet>(10),
        [] {},
        IpsecDropDetail());
    Simulator::Run();
    EXPECT_EQ(PolicyDrops(IpsecDropReason::ACQUIRE_TIMEOUT), 1u);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("held packet: no SA arrived within AcquireHoldTime"),
              std::string::npos);
}

TEST_F(SaResolverTest, AnEchoReplyMirrorsItsRequestsLayers)
{
    IpsecInboundTag request;
    request.Add({IpsecProtocol::ESP, IpsecMode::TRANSPORT, 0x200, A});
    request.Add({IpsecProtocol::AH, IpsecMode::TRANSPORT, 0x201, A});
    IpsecFlow reply = Udp();
    reply.protocol = 1;
    EXPECT_FALSE(resolver.ResolveMirror(request, reply, bundle)); // no SA back yet
    EXPECT_TRUE(bundle.empty());
    AddSa(IpsecProtocol::ESP, 0x300);
    AddSa(IpsecProtocol::AH, 0x301);
    ASSERT_TRUE(resolver.ResolveMirror(request, reply, bundle));
    EXPECT_EQ(Spis(bundle), (std::vector<uint32_t>{0x301, 0x300})); // outermost last
}
