/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The policy engine's flow cache never changes a verdict: two engines on the same databases, one
 * caching and one deciding every packet from scratch, go through random configuration changes
 * (SPD entries added and removed, SAs added, deleted, expiring, changed in place, levels set)
 * interleaved with random flows in both directions, and must agree on every verdict.
 */
#include "standalone-state.h"

#include "ns3/ipsec-config-generation.h"
#include "ns3/ipsec-policy-engine.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <array>
#include <gtest/gtest.h>
#include <random>
#include <sstream>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecFlowCacheTest");

namespace
{

using Origin = IpsecPolicyEngine::Origin;

const Ipv4Address ME("10.0.0.1");
const std::vector<Ipv4Address> PEERS{Ipv4Address("10.0.0.2"), Ipv4Address("10.0.0.3")};

/// One engine and what it needs; the databases are shared with the other one.
struct World
{
    World(bool cache, Ptr<SecurityPolicyDatabase> spd, Ptr<SecurityAssociationDatabase> sadb)
        : base(g_log)
    {
        base.state->settings.flowCache = cache;
        if (spd)
        {
            base.state->spd = spd;
            base.state->sadb = sadb;
        }
    }

    test::StandaloneState base;
    IpsecSaResolver resolver{*base.state};
    IpsecTunnelTable tunnels;
    IpsecPolicyEngine engine{*base.state, resolver, tunnels, nullptr};
};

/// Everything a verdict says, as text.
std::string
Describe(const IpsecVerdict& v)
{
    std::ostringstream os;
    os << int(v.GetAction()) << " counts";
    for (auto c : {IpsecVerdict::COUNT_BYPASS_OUT,
                   IpsecVerdict::COUNT_CLEAR_IN,
                   IpsecVerdict::COUNT_INTRA_MACHINE})
    {
        os << " " << v.Counts(c);
    }
    os << " reason " << int(v.GetReason()) << " spi " << v.GetSpi() << " policy "
       << (v.GetPolicy() ? int(v.GetPolicy()->GetId()) : -1) << " bundle";
    for (const auto& sa : v.GetBundle())
    {
        os << " " << sa->GetSpi();
    }
    os << " missing " << v.GetMissing().size() << " detail " << v.GetDetail().ToString();
    return os.str();
}

} // namespace

TEST(FlowCache, VerdictsEqualTheUncachedOnesThroughRandomChanges)
{
    World cached(true, nullptr, nullptr);
    World fresh(false, cached.base.state->spd, cached.base.state->sadb);
    std::mt19937 rng(20261130);
    auto pick = [&rng](uint32_t n) {
        return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng);
    };
    std::vector<uint32_t> policies;
    std::vector<Ptr<SecurityAssociation>> sas;
    uint32_t nextSpi = 0x1000;
    size_t hits = 0;
    std::array<size_t, 4> actions{}; // how often each action came up
    for (int step = 0; step < 4000; ++step)
    {
        switch (pick(13))
        {
            case 0: { // a policy for a port (or all UDP, or everything)
                Ptr<SecurityPolicy> p = Create<SecurityPolicy>();
                p->protocol = pick(3) == 0 ? -1 : 17;
                if (pick(2))
                {
                    p->remotePortMin = p->remotePortMax = 2000 + pick(3);
                }
                uint32_t kind = pick(4); // ipsec twice as often as bypass or drop
                p->action = kind == 0 ? SecurityPolicy::Action::BYPASS
                          : kind == 1 ? SecurityPolicy::Action::DROP
                                      : SecurityPolicy::Action::IPSEC;
                if (p->action == SecurityPolicy::Action::IPSEC)
                {
                    IpsecProtectionRequest r;
                    r.protocol = pick(4) ? IpsecProtocol::ESP : IpsecProtocol::AH;
                    r.level = static_cast<IpsecLevel>(pick(3)); // default, use, require
                    p->alternatives.push_back({r});
                }
                if (uint32_t id = cached.base.state->spd->Add(p))
                {
                    policies.push_back(id);
                }
                break;
            }
            case 1:
            case 8:
                if (!policies.empty())
                {
                    uint32_t i = pick(policies.size());
                    cached.base.state->spd->Remove(policies[i]);
                    policies.erase(policies.begin() + i);
                }
                break;
            case 2:
            case 3: { // an SA, either way
                bool in = pick(2);
                Ipv4Address peer = PEERS[pick(PEERS.size())];
                IpsecProtocol protocol = pick(4) ? IpsecProtocol::ESP : IpsecProtocol::AH;
                Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(protocol,
                                                                          nextSpi++,
                                                                          in ? peer : ME,
                                                                          in ? ME : peer);
                if (protocol == IpsecProtocol::ESP)
                {
                    sa->SetEncryption("aes-gcm-16", IpsecBytes(20, 1));
                }
                else
                {
                    sa->SetAuthentication("hmac-sha256", IpsecBytes(32, 2));
                }
                if (cached.base.state->sadb->Add(sa).empty())
                {
                    sas.push_back(sa);
                }
                break;
            }
            case 4:
                if (!sas.empty())
                {
                    uint32_t i = pick(sas.size());
                    cached.base.state->sadb->Delete(sas[i]->GetProtocol(),
                                                    sas[i]->GetDestination(),
                                                    sas[i]->GetSpi());
                    sas.erase(sas.begin() + i);
                }
                break;
            case 5:
                if (!sas.empty())
                {
                    cached.base.state->sadb->Expire(sas[pick(sas.size())],
                                                    false,
                                                    SecurityAssociation::Limit::BYTES);
                }
                break;
            case 6:
                if (!sas.empty()) // changed in place: a selector on the port
                {
                    SecurityAssociation::Selectors s;
                    s.protocol = 17;
                    s.destinationPort = 2000 + pick(3);
                    sas[pick(sas.size())]->SetSelectors(s);
                }
                break;
            case 7: { // a level, set as the facade's attribute setter does
                uint8_t level = 1 + pick(2);
                cached.base.state->settings.espTransDefLev = level;
                fresh.base.state->settings.espTransDefLev = level;
                IpsecConfigGeneration::Bump();
                break;
            }
            default: { // a packet
                IpsecFlow flow;
                flow.local = ME;
                flow.remote = PEERS[pick(PEERS.size())];
                flow.protocol = pick(4) ? 17 : 6;
                flow.localPort = 1000;
                flow.remotePort = 2000 + pick(3);
                flow.tcpFlags = 0x10;
                bool outbound = pick(2);
                IpsecInboundTag layers;
                if (!outbound && !sas.empty() && pick(2))
                {
                    const Ptr<SecurityAssociation>& sa = sas[pick(sas.size())];
                    layers.Add(
                        {sa->GetProtocol(), sa->GetMode(), sa->GetSpi(), sa->GetDestination()});
                }
                for (int repeat = 0; repeat < 2; ++repeat) // the second one may come from cache
                {
                    size_t before = cached.engine.GetCachedFlows();
                    IpsecVerdict a
                        = outbound
                            ? cached.engine.DecideOutbound(flow, Origin::LOCAL)
                            : cached.engine.DecideInbound(flow, layers, false, Origin::LOCAL);
                    IpsecVerdict b
                        = outbound ? fresh.engine.DecideOutbound(flow, Origin::LOCAL)
                                   : fresh.engine.DecideInbound(flow, layers, false, Origin::LOCAL);
                    ASSERT_EQ(Describe(a), Describe(b)) << "step " << step;
                    ++actions[static_cast<size_t>(a.GetAction())];
                    hits += repeat == 1 && cached.engine.GetCachedFlows() == before;
                }
            }
        }
    }
    EXPECT_GT(hits, 100u) << "the cache was never used";
    for (size_t n : actions)
    {
        EXPECT_GT(n, 5u) << "an action the random walk hardly reaches: " << actions[0] << " "
                         << actions[1] << " " << actions[2] << " " << actions[3];
    }
    EXPECT_EQ(fresh.engine.GetCachedFlows(), 0u);
    Simulator::Destroy();
}

TEST(FlowCache, AnSaChangedInPlaceIsSeenAtOnce)
{
    World world(true, nullptr, nullptr);
    IpsecProtectionRequest esp;
    Ptr<SecurityPolicy> p = Create<SecurityPolicy>();
    p->action = SecurityPolicy::Action::IPSEC;
    p->alternatives.push_back({esp});
    world.base.state->spd->Add(p);
    Ptr<SecurityAssociation> sa
        = Create<SecurityAssociation>(IpsecProtocol::ESP, 0x1000, ME, PEERS[0]);
    sa->SetEncryption("aes-gcm-16", IpsecBytes(20, 1));
    world.base.state->sadb->Add(sa);
    IpsecFlow flow;
    flow.local = ME;
    flow.remote = PEERS[0];
    flow.protocol = 17;
    flow.localPort = 1000;
    flow.remotePort = 2000;
    EXPECT_EQ(world.engine.DecideOutbound(flow, Origin::LOCAL).GetAction(),
              IpsecVerdict::Action::PROTECT);
    EXPECT_EQ(world.engine.GetCachedFlows(), 1u);
    SecurityAssociation::Selectors other;
    other.protocol = 6; // the SA now carries TCP only
    sa->SetSelectors(other);
    EXPECT_EQ(world.engine.DecideOutbound(flow, Origin::LOCAL).GetAction(),
              IpsecVerdict::Action::ACQUIRE);
    Simulator::Destroy();
}
