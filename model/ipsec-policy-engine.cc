/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-policy-engine.h"

#include "ns3/simulator.h"

namespace ns3
{

using namespace ipsec_proto;

IpsecPolicyEngine::IpsecPolicyEngine(IpsecState& state,
                                     IpsecSaResolver& resolver,
                                     IpsecTunnelTable& tunnels,
                                     IpsecL3Protocol* layer)
    : m_state(state)
    , m_resolver(resolver)
    , m_tunnels(tunnels)
    , m_sockets(layer, state.settings)
{
}

// ------------------------------------------------------------------------- policy decisions

IpsecPolicyDecision
IpsecPolicyEngine::DecideUnlatched(const IpsecFlow& flow, SecurityPolicy::Direction direction)
{
    Ptr<SecurityPolicy> system = m_state.spd->Lookup(flow, direction);
    IpsecSocketPolicy* socket = m_sockets.PolicyFor(flow);
    if (!socket || !socket->Overrides())
    {
        return IpsecPolicyDecision{system, false};
    }
    if (socket->BypassesAll())
    {
        return IpsecPolicyDecision{nullptr, true};
    }
    return IpsecPolicyDecision{socket->Apply(system, flow, direction), false};
}

IpsecPolicyDecision
IpsecPolicyEngine::Decide(const IpsecFlow& flow, SecurityPolicy::Direction direction)
{
    if (flow.protocol == TCP && !flow.IsTcpOpen())
    {
        if (const IpsecConnectionLatches::Latch* latch = m_latches.Find(flow))
        {
            return direction == SecurityPolicy::Direction::OUTBOUND ? latch->outbound
                                                                    : latch->inbound;
        }
    }
    return DecideUnlatched(flow, direction);
}

void
IpsecPolicyEngine::FollowConnection(const IpsecFlow& flow, bool outbound)
{
    if (flow.protocol != TCP)
    {
        return;
    }
    Time now = Simulator::Now();
    if (flow.IsTcpOpen())
    {
        IpsecConnectionLatches::Latch latch;
        latch.outbound = DecideUnlatched(flow, SecurityPolicy::Direction::OUTBOUND);
        latch.inbound = DecideUnlatched(flow, SecurityPolicy::Direction::INBOUND);
        if (!m_latches.Find(flow))
        {
            ++m_state.stats.policy.latched;
        }
        m_latches.Set(flow, latch, now);
        return;
    }
    m_latches.Observe(flow, outbound, now);
}

bool
IpsecPolicyEngine::IsLatched(const IpsecAddress& local,
                             uint16_t localPort,
                             const IpsecAddress& remote,
                             uint16_t remotePort) const
{
    IpsecFlow flow;
    flow.local = local;
    flow.remote = remote;
    flow.protocol = TCP;
    flow.localPort = localPort;
    flow.remotePort = remotePort;
    return m_latches.Find(flow) != nullptr;
}

size_t
IpsecPolicyEngine::GetLatchedConnections() const
{
    return m_latches.GetN();
}

IpsecSocketRegistry&
IpsecPolicyEngine::GetSockets()
{
    return m_sockets;
}

const IpsecSocketRegistry&
IpsecPolicyEngine::GetSockets() const
{
    return m_sockets;
}

void
IpsecPolicyEngine::Clear()
{
    m_sockets.Clear();
    m_latches.Clear();
    m_echo.Clear();
    m_cache.Clear();
}

bool
IpsecPolicyEngine::PassesThrough(uint8_t protocol, IpsecAddress::Family family) const
{
    return protocol != TCP && protocol != ICMP && m_state.spd->GetN() == 0
        && m_state.sadb->GetN() == 0
        && m_state.settings.DefaultPolicyFor(family) == IpsecSettings::PASS && m_sockets.IsEmpty()
        && !m_state.settings.SocketDefaultsRaised();
}

size_t
IpsecPolicyEngine::GetCachedFlows() const
{
    return m_cache.GetN();
}

bool
IpsecPolicyEngine::Cacheable(const IpsecFlow& flow, bool sockets) const
{
    if (!m_state.settings.flowCache || flow.protocol == ICMP)
    {
        return false;
    }
    if (sockets && (!m_sockets.IsEmpty() || m_state.settings.SocketDefaultsRaised()))
    {
        return false;
    }
    return flow.protocol != TCP || flow.IsTcpOpen() || !m_latches.Find(flow);
}

// ---------------------------------------------------------------------------------- outbound

IpsecVerdict
IpsecPolicyEngine::DecideOutbound(const IpsecFlow& flow,
                                  Origin origin,
                                  const IpsecTunnelInterface* tunnel)
{
    switch (origin)
    {
        case Origin::LOCAL:
            return DecideLocal(flow);
        case Origin::INTRA_MACHINE:
            return DecideIntraMachine(flow);
        case Origin::FORWARDED: {
            Ptr<SecurityPolicy> policy
                = m_state.spd->Lookup(flow, SecurityPolicy::Direction::OUTBOUND, true);
            if (!policy || policy->action == SecurityPolicy::Action::BYPASS)
            {
                return IpsecVerdict::Pass(); // ordinary forwarding
            }
            if (policy->action == SecurityPolicy::Action::DROP)
            {
                return IpsecVerdict::Drop(
                    IpsecDropReason::POLICY_DROP,
                    0,
                    IpsecDropDetail(IpsecDropDetail::Text::FORWARD_POLICY).Policy(policy));
            }
            return Resolve(policy,
                           flow,
                           origin,
                           IpsecDropDetail(IpsecDropDetail::Text::NO_TUNNEL_SA)
                               .Between(flow.local, flow.remote)
                               .Policy(policy));
        }
        case Origin::TUNNEL_INTERFACE: {
            NS_ASSERT(tunnel);
            Ptr<SecurityPolicyDatabase> spd = tunnel->GetSpd();
            Ptr<SecurityPolicy> policy = spd->Lookup(flow, SecurityPolicy::Direction::OUTBOUND);
            if (!policy && spd->GetN() > 0)
            {
                return IpsecVerdict::Drop(
                    IpsecDropReason::NO_POLICY_MATCH,
                    0,
                    IpsecDropDetail(IpsecDropDetail::Text::TUNNEL_NO_POLICY)
                        .Between(flow.local, flow.remote)
                        .Numbers(tunnel->GetInterfaceFor(flow.local.GetFamily())));
            }
            if (policy && policy->action != SecurityPolicy::Action::IPSEC)
            {
                // A tunnel interface carries protected traffic only: bypass has nowhere to go.
                return IpsecVerdict::Drop(
                    IpsecDropReason::POLICY_DROP,
                    0,
                    IpsecDropDetail(IpsecDropDetail::Text::TUNNEL_POLICY)
                        .Policy(policy)
                        .Numbers(tunnel->GetInterfaceFor(flow.local.GetFamily())));
            }
            return Resolve(m_tunnels.EffectivePolicy(*tunnel, policy),
                           flow,
                           origin,
                           IpsecDropDetail(IpsecDropDetail::Text::TUNNEL_NO_SA)
                               .Between(tunnel->GetLocal(), tunnel->GetRemote())
                               .Numbers(tunnel->GetInterfaceFor(flow.local.GetFamily())));
        }
    }
    return IpsecVerdict::Pass();
}

IpsecVerdict
IpsecPolicyEngine::Resolve(Ptr<SecurityPolicy> policy,
                           const IpsecFlow& flow,
                           Origin origin,
                           const IpsecDropDetail& detail)
{
    IpsecSaResolver::Bundle bundle;
    IpsecSaResolver::MissingSas missing;
    switch (m_resolver.Obtain(*policy, flow, origin == Origin::TUNNEL_INTERFACE, bundle, missing))
    {
        case IpsecSaResolver::Outcome::MISSING:
            return IpsecVerdict::Acquire(policy, missing, detail);
        case IpsecSaResolver::Outcome::CLEAR: {
            // 'use' level and no SA: in the clear (transit packets are simply routed).
            IpsecVerdict clear
                = IpsecVerdict::Pass(origin == Origin::LOCAL ? IpsecVerdict::COUNT_BYPASS_OUT
                                                             : IpsecVerdict::COUNT_NONE);
            clear.SetMissing(missing);
            return clear;
        }
        case IpsecSaResolver::Outcome::PROTECT:
            break;
    }
    IpsecVerdict protect = IpsecVerdict::Protect(policy, bundle);
    protect.SetMissing(missing);
    return protect;
}

IpsecVerdict
IpsecPolicyEngine::DecideLocal(const IpsecFlow& flow)
{
    // IPv6 cannot work without Neighbour Discovery, which runs before any SA could exist.
    if (flow.IsIpv6LinkControl())
    {
        return IpsecVerdict::Pass(IpsecVerdict::COUNT_BYPASS_OUT);
    }
    // An echo reply is protected like its request was (and goes clear after a clear one).
    if (flow.protocol == ICMP && flow.icmpType == 0 && m_state.settings.icmpAcceptClear)
    {
        IpsecSaResolver::Bundle bundle;
        const IpsecInboundTag* request = m_echo.Find(flow);
        if (request && m_resolver.ResolveMirror(*request, flow, bundle))
        {
            return bundle.empty() ? IpsecVerdict::Pass(IpsecVerdict::COUNT_BYPASS_OUT)
                                  : IpsecVerdict::Protect(nullptr, bundle);
        }
    }
    if (!Cacheable(flow, true))
    {
        return DecideLocalByPolicy(flow);
    }
    if (const IpsecVerdict* cached
        = m_cache.Find(IpsecFlowCache::Lane::OUTBOUND_LOCAL, flow, IpsecInboundTag()))
    {
        FollowConnection(flow, true);
        return *cached;
    }
    IpsecVerdict verdict = DecideLocalByPolicy(flow);
    // Only what depends on nothing but the flow and the configuration: a drop or an ACQUIRE is
    // decided again for each packet, and so is a verdict that ACQUIREs 'use' SAs.
    if ((verdict.GetAction() == IpsecVerdict::Action::PASS
         || verdict.GetAction() == IpsecVerdict::Action::PROTECT)
        && verdict.GetMissing().empty())
    {
        m_cache.Insert(IpsecFlowCache::Lane::OUTBOUND_LOCAL, flow, IpsecInboundTag(), verdict);
    }
    return verdict;
}

IpsecVerdict
IpsecPolicyEngine::DecideLocalByPolicy(const IpsecFlow& flow)
{
    IpsecPolicyDecision decision = Decide(flow, SecurityPolicy::Direction::OUTBOUND);
    FollowConnection(flow, true);
    if (decision.socketBypass)
    {
        return IpsecVerdict::Pass(IpsecVerdict::COUNT_BYPASS_OUT);
    }
    Ptr<SecurityPolicy> policy = decision.policy;
    if (!policy)
    {
        if (m_state.settings.DefaultPolicyFor(flow.local.GetFamily()) == IpsecSettings::DISCARD)
        {
            return IpsecVerdict::Drop(IpsecDropReason::NO_POLICY_MATCH,
                                      0,
                                      IpsecDropDetail(IpsecDropDetail::Text::NO_POLICY_OUT)
                                          .Between(flow.local, flow.remote));
        }
        return IpsecVerdict::Pass(IpsecVerdict::COUNT_BYPASS_OUT);
    }
    switch (policy->action)
    {
        case SecurityPolicy::Action::BYPASS:
            return IpsecVerdict::Pass(IpsecVerdict::COUNT_BYPASS_OUT);
        case SecurityPolicy::Action::DROP:
            return IpsecVerdict::Drop(
                IpsecDropReason::POLICY_DROP,
                0,
                IpsecDropDetail(IpsecDropDetail::Text::POLICY_OUT).Policy(policy));
        case SecurityPolicy::Action::IPSEC:
            break;
    }
    return Resolve(policy,
                   flow,
                   Origin::LOCAL,
                   IpsecDropDetail(IpsecDropDetail::Text::NO_SA)
                       .Between(flow.local, flow.remote)
                       .Policy(policy));
}

IpsecVerdict
IpsecPolicyEngine::DecideIntraMachine(const IpsecFlow& flow)
{
    IpsecPolicyDecision decision = Decide(flow, SecurityPolicy::Direction::OUTBOUND);
    FollowConnection(flow, true);
    // Policy is enforced, no mechanism applied: what the outbound policy asks for is credited
    // to the packet, and the inbound check takes the credit as if it had been applied.
    Ptr<SecurityPolicy> policy = decision.socketBypass ? nullptr : decision.policy;
    if (!policy && !decision.socketBypass
        && m_state.settings.DefaultPolicyFor(flow.local.GetFamily()) == IpsecSettings::DISCARD)
    {
        return IpsecVerdict::Drop(IpsecDropReason::NO_POLICY_MATCH,
                                  0,
                                  IpsecDropDetail(IpsecDropDetail::Text::NO_POLICY_INTRA)
                                      .Between(flow.local, flow.remote));
    }
    if (policy && policy->action == SecurityPolicy::Action::DROP)
    {
        return IpsecVerdict::Drop(IpsecDropReason::POLICY_DROP,
                                  0,
                                  IpsecDropDetail(IpsecDropDetail::Text::POLICY_INTRA)
                                      .Between(flow.local, flow.remote)
                                      .Policy(policy));
    }
    return IpsecVerdict::Pass(IpsecVerdict::COUNT_INTRA_MACHINE, policy);
}

IpsecInboundTag
IpsecPolicyEngine::CreditOf(Ptr<const SecurityPolicy> policy, const IpsecAddress& remote)
{
    IpsecInboundTag credit;
    if (policy && policy->action == SecurityPolicy::Action::IPSEC)
    {
        for (const auto& request : policy->alternatives.front())
        {
            IpsecInboundTag::Layer layer{request.protocol, request.mode, 0, remote};
            layer.encryption = request.encryption.empty() ? 0 : request.encryption.front()->sadbId;
            layer.authentication
                = request.authentication.empty() ? 0 : request.authentication.front()->sadbId;
            credit.Add(layer);
        }
    }
    return credit;
}

// ----------------------------------------------------------------------------------- inbound

IpsecVerdict
IpsecPolicyEngine::DecideInbound(const IpsecFlow& flow,
                                 const IpsecInboundTag& layers,
                                 bool intraMachine,
                                 Origin origin)
{
    bool forwarded = origin == Origin::FORWARDED;
    IpsecFlowCache::Lane lane
        = forwarded ? IpsecFlowCache::Lane::INBOUND_TRANSIT : IpsecFlowCache::Lane::INBOUND_LOCAL;
    bool cacheable = Cacheable(flow, !forwarded);
    const IpsecVerdict* cached = cacheable ? m_cache.Find(lane, flow, layers) : nullptr;
    IpsecVerdict verdict;
    if (cached)
    {
        verdict = *cached;
    }
    else
    {
        IpsecPolicyDecision decision
            = forwarded
                ? IpsecPolicyDecision{m_state.spd->Lookup(flow,
                                                          SecurityPolicy::Direction::INBOUND,
                                                          true)}
                : Decide(flow, SecurityPolicy::Direction::INBOUND);
        verdict = CheckInbound(flow, layers, decision, forwarded);
        if (cacheable && verdict.GetAction() == IpsecVerdict::Action::PASS)
        {
            m_cache.Insert(lane, flow, layers, verdict);
        }
    }
    if (forwarded)
    {
        return verdict;
    }
    if (verdict.GetAction() == IpsecVerdict::Action::PASS)
    {
        FollowConnection(flow, false);
        if (intraMachine)
        {
            verdict.AddCount(IpsecVerdict::COUNT_INTRA_MACHINE);
        }
    }
    return verdict;
}

IpsecVerdict
IpsecPolicyEngine::CheckInbound(const IpsecFlow& flow,
                                const IpsecInboundTag& layers,
                                const IpsecPolicyDecision& decision,
                                bool forwarded)
{
    // The SA of each verified layer, looked up once (credits have none).
    IpsecInboundMatcher::LayerSas sas;
    for (uint32_t i = 0; i < layers.GetN(); ++i)
    {
        const IpsecInboundTag::Layer& layer = layers.begin()[i];
        sas[i] = layer.IsCredit() ? nullptr
                                  : m_state.sadb->Get(layer.protocol, layer.destination, layer.spi);
    }
    // The packet must match the selectors of every SA that protected it.
    for (uint32_t i = 0; i < layers.GetN(); ++i)
    {
        const Ptr<SecurityAssociation>& sa = sas[i];
        if (sa && sa->HasSelectors()
            && !sa->SelectorsMatch(flow.remote,
                                   flow.local,
                                   flow.protocol,
                                   flow.remotePort,
                                   flow.localPort))
        {
            return IpsecVerdict::Drop(
                IpsecDropReason::POLICY_MISMATCH,
                layers.begin()[i].spi,
                IpsecDropDetail(IpsecDropDetail::Text::OUTSIDE_SA_SELECTORS).Sa(sa));
        }
    }

    // Self-encapsulation (an outer header between the same two hosts as the inner one) cannot
    // smuggle foreign packets in, so only real tunnels count here.
    bool tunnelled = false;
    for (uint32_t i = 0; i < layers.GetN(); ++i)
    {
        const IpsecInboundTag::Layer& l = layers.begin()[i];
        tunnelled = tunnelled
                 || (l.mode == IpsecMode::TUNNEL && !l.IsCredit()
                     && !(sas[i] && sas[i]->GetSource() == flow.remote
                          && sas[i]->GetDestination() == flow.local));
    }
    if (!forwarded && flow.protocol == ICMP && flow.icmpType == 8)
    {
        m_echo.Remember(flow, layers); // even if the request is then refused
    }
    uint8_t clear = layers.IsEmpty() ? IpsecVerdict::COUNT_CLEAR_IN : IpsecVerdict::COUNT_NONE;
    if (layers.IsEmpty() && ClearAcceptable(flow))
    {
        return IpsecVerdict::Pass(clear);
    }
    if (decision.socketBypass)
    {
        return IpsecVerdict::Pass(clear); // a privileged socket bypasses all policy
    }
    Ptr<SecurityPolicy> policy = decision.policy;
    uint32_t lastSpi = layers.IsEmpty() ? 0 : (layers.end() - 1)->spi;
    if (tunnelled && (!policy || policy->action != SecurityPolicy::Action::IPSEC))
    {
        // Like Linux' xfrm policy check: what comes out of a tunnel must be covered by a
        // tunnel policy, or a peer could inject any inner packet through its SA.
        return IpsecVerdict::Drop(IpsecDropReason::POLICY_MISMATCH,
                                  lastSpi,
                                  IpsecDropDetail(IpsecDropDetail::Text::TUNNELLED_UNCOVERED)
                                      .Between(flow.remote, flow.local));
    }
    if (!policy)
    {
        if (m_state.settings.DefaultPolicyFor(flow.local.GetFamily()) == IpsecSettings::DISCARD
            && !forwarded)
        {
            return IpsecVerdict::Drop(IpsecDropReason::NO_POLICY_MATCH,
                                      0,
                                      IpsecDropDetail(IpsecDropDetail::Text::NO_POLICY_IN)
                                          .Between(flow.remote, flow.local));
        }
        return IpsecVerdict::Pass(clear);
    }
    switch (policy->action)
    {
        case SecurityPolicy::Action::BYPASS:
            return IpsecVerdict::Pass(clear);
        case SecurityPolicy::Action::DROP:
            return IpsecVerdict::Drop(
                IpsecDropReason::POLICY_DROP,
                0,
                IpsecDropDetail(IpsecDropDetail::Text::POLICY_IN).Policy(policy));
        case SecurityPolicy::Action::IPSEC:
            break;
    }
    if (!IpsecInboundMatcher::Satisfies(*policy,
                                        layers,
                                        sas,
                                        m_state.settings,
                                        flow.local.GetFamily()))
    {
        return IpsecVerdict::Drop(IpsecDropReason::POLICY_VIOLATION,
                                  lastSpi,
                                  IpsecDropDetail(layers.IsEmpty()
                                                      ? IpsecDropDetail::Text::CLEARTEXT_REFUSED
                                                      : IpsecDropDetail::Text::WRONGLY_PROTECTED)
                                      .Between(flow.remote, flow.local)
                                      .Policy(policy));
    }
    return IpsecVerdict::Pass(clear); // cleartext satisfied by 'use' only
}

IpsecVerdict
IpsecPolicyEngine::DecideTunnelInbound(const IpsecTunnelInterface& tunnel,
                                       const IpsecFlow& inner,
                                       uint32_t spi) const
{
    Ptr<SecurityPolicyDatabase> spd = tunnel.GetSpd();
    if (spd->GetN() == 0)
    {
        return IpsecVerdict::Pass();
    }
    Ptr<SecurityPolicy> policy = spd->Lookup(inner, SecurityPolicy::Direction::INBOUND);
    if (policy && policy->action == SecurityPolicy::Action::IPSEC)
    {
        return IpsecVerdict::Pass();
    }
    return IpsecVerdict::Drop(
        policy ? IpsecDropReason::POLICY_DROP : IpsecDropReason::NO_POLICY_MATCH,
        spi,
        IpsecDropDetail(policy ? IpsecDropDetail::Text::TUNNEL_INNER_DROPPED
                               : IpsecDropDetail::Text::TUNNEL_INNER_UNMATCHED)
            .Between(inner.remote, inner.local)
            .Numbers(tunnel.GetInterfaceFor(inner.local.GetFamily())));
}

bool
IpsecPolicyEngine::ClearAcceptable(const IpsecFlow& flow) const
{
    if (flow.protocol == IGMP)
    {
        return m_state.settings.igmpAcceptClear;
    }
    if (flow.protocol == PIM)
    {
        return m_state.settings.pimAcceptClear;
    }
    if (flow.IsIpv6LinkControl())
    {
        return true; // as outbound: ND and MLD are never protected
    }
    if (flow.protocol == ICMPV6)
    {
        return m_state.settings.icmpAcceptClear && Icmpv6AcceptableClear(flow);
    }
    if (flow.protocol != ICMP || !m_state.settings.icmpAcceptClear)
    {
        return false;
    }
    // illumos ipsec_inbound_accept_clear(): replies and some errors may come in the clear;
    // requests may not (a cleartext request must not elicit a protected reply).
    switch (flow.icmpType)
    {
        case 0:  // echo reply
        case 14: // timestamp reply
        case 16: // information reply
        case 9:  // router advertisement
        case 4:  // source quench
        case 11: // time exceeded
            return true;
        case 3: // destination unreachable
            return flow.icmpCode == 4 /* fragmentation needed */ || flow.icmpCode == 0 /* net */
                || flow.icmpCode == 1 /* host */;
        default:
            return false;
    }
}

bool
IpsecPolicyEngine::Icmpv6AcceptableClear(const IpsecFlow& flow)
{
    // As for IPv4: replies and the errors path MTU and reachability need, generated by routers
    // that share no SA with this node; never requests, nor errors that only a peer's own stack
    // sends (parameter problem, port unreachable), which would let cleartext probe the node.
    switch (flow.icmpType)
    {
        case 129: // echo reply
        case 2:   // packet too big (RFC 8201 path MTU discovery)
        case 3:   // time exceeded
            return true;
        case 1: // destination unreachable
            return flow.icmpCode == 0 /* no route */ || flow.icmpCode == 2 /* beyond scope */
                || flow.icmpCode == 3 /* address unreachable */;
        default:
            return false;
    }
}

} // namespace ns3
