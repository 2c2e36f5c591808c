/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-sa-resolver.h"

#include <array>

namespace ns3
{

IpsecSaResolver::IpsecSaResolver(IpsecState& state)
    : m_state(state)
{
    m_acquires.SetDropCallback([this](Ptr<const Packet> packet, IpsecDropReason reason) {
        m_state.drops.Drop(packet,
                           reason,
                           IpsecDirection::OUTBOUND,
                           0,
                           nullptr,
                           IpsecDropDetail(IpsecDropDetail::Text::HELD_TIMEOUT));
    });
}

bool
IpsecSaResolver::Resolve(const SecurityPolicy& policy,
                         const IpsecFlow& flow,
                         Bundle& bundle,
                         MissingSas* missing) const
{
    MissingSas firstMissing; // what the preferred alternative lacks
    for (size_t a = 0; a < policy.alternatives.size(); ++a)
    {
        const auto& alternative = policy.alternatives[a];
        // Transport mode applies ESP before AH, so AH ends up outside: [IP][AH][ESP][payload].
        // A stable insertion sort of pointers: alternatives are short, and this runs per packet.
        std::array<const IpsecProtectionRequest*, IpsecInboundTag::MAX_LAYERS> requests;
        if (alternative.size() > requests.size())
        {
            continue; // deeper than any receiver accepts
        }
        size_t n = 0;
        for (const auto& request : alternative)
        {
            size_t k = n++;
            while (k > 0 && request.mode == IpsecMode::TRANSPORT
                   && request.protocol == IpsecProtocol::ESP
                   && requests[k - 1]->mode == IpsecMode::TRANSPORT
                   && requests[k - 1]->protocol == IpsecProtocol::AH)
            {
                requests[k] = requests[k - 1];
                --k;
            }
            requests[k] = &request;
        }
        bundle.clear();
        bool complete = true;
        MissingSas lacking;
        // The endpoints of the datagram being protected: a tunnel request changes them for
        // the requests applied after it (e.g. AH transport over an ESP tunnel).
        IpsecAddress src = flow.local;
        IpsecAddress dst = flow.remote;
        for (size_t i = 0; i < n; ++i)
        {
            const IpsecProtectionRequest& request = *requests[i];
            if (request.mode == IpsecMode::TUNNEL)
            {
                src = request.tunnelSource;
                dst = request.tunnelDestination;
            }
            Ptr<SecurityAssociation> sa = m_state.sadb->FindOutbound(request.protocol,
                                                                     src,
                                                                     dst,
                                                                     request.mode,
                                                                     request.policyId,
                                                                     &flow,
                                                                     policy.uniqueSa);
            if (sa && request.Accepts(*sa))
            {
                bundle.push_back(sa);
                continue;
            }
            if (missing)
            {
                lacking.push_back(MissingSa{&request, src, dst, policy.uniqueSa});
            }
            if (m_state.settings.EffectiveLevel(request, flow.local.GetFamily()) != IpsecLevel::USE)
            {
                complete = false;
            }
        }
        if (complete)
        {
            if (missing)
            {
                *missing = lacking;
            }
            return true;
        }
        if (a == 0)
        {
            firstMissing = lacking;
        }
    }
    bundle.clear();
    if (missing)
    {
        *missing = firstMissing;
    }
    return false;
}

IpsecSaResolver::Outcome
IpsecSaResolver::Obtain(const SecurityPolicy& policy,
                        const IpsecFlow& flow,
                        bool emptyIsMissing,
                        Bundle& bundle,
                        MissingSas& missing)
{
    bool complete = Resolve(policy, flow, bundle, &missing);
    if (!complete || (emptyIsMissing && bundle.empty()))
    {
        return Outcome::MISSING;
    }
    RaiseAcquires(missing, flow, policy); // 'use' requests without their SA
    return bundle.empty() ? Outcome::CLEAR : Outcome::PROTECT;
}

bool
IpsecSaResolver::ResolveMirror(const IpsecInboundTag& request,
                               const IpsecFlow& flow,
                               Bundle& bundle) const
{
    bundle.clear();
    // Same protocols and modes as the request, outermost last in application order.
    for (auto layer = request.end(); layer-- != request.begin();)
    {
        Ptr<SecurityAssociation> sa = m_state.sadb->FindOutbound(layer->protocol,
                                                                 flow.local,
                                                                 flow.remote,
                                                                 layer->mode,
                                                                 0,
                                                                 &flow);
        if (!sa)
        {
            bundle.clear();
            return false;
        }
        bundle.push_back(sa);
    }
    return true;
}

bool
IpsecSaResolver::RaiseAcquires(const MissingSas& missing,
                               const IpsecFlow& flow,
                               const SecurityPolicy& policy)
{
    for (const auto& m : missing)
    {
        if (m_acquires.ShouldRaise(KeyOf(m, flow), m_state.settings.acquireInterval))
        {
            IpsecAcquire acquire;
            acquire.protocol = m.request->protocol;
            acquire.mode = m.request->mode;
            acquire.source = m.source;
            acquire.destination = m.destination;
            acquire.proposal = *m.request;
            acquire.policyId = policy.GetId();
            acquire.flow = flow;
            acquire.perFlow = m.perFlow;
            ++m_state.stats.policy.acquires;
            m_state.keyManagement->Acquire(acquire);
        }
    }
    return !missing.empty()
        && m_state.keyManagement->IsRegistered(missing.front().request->protocol);
}

IpsecAcquireTable::Key
IpsecSaResolver::KeyOf(const MissingSa& missing, const IpsecFlow& flow)
{
    IpsecAcquireTable::Key key{missing.request->protocol,
                               missing.request->mode,
                               missing.source,
                               missing.destination,
                               missing.request->policyId};
    if (missing.perFlow)
    {
        key.perFlow = true;
        key.flowProtocol = flow.protocol;
        key.localPort = flow.localPort;
        key.remotePort = flow.remotePort;
    }
    return key;
}

void
IpsecSaResolver::HoldOrDrop(const MissingSas& missing,
                            const IpsecFlow& flow,
                            const SecurityPolicy& policy,
                            Ptr<Packet> packet,
                            IpsecAcquireTable::Retry retry,
                            const IpsecDropDetail& detail)
{
    if (RaiseAcquires(missing, flow, policy))
    {
        switch (m_acquires.Hold(KeyOf(missing.front(), flow),
                                packet,
                                std::move(retry),
                                m_state.settings.acquireHoldLimit,
                                m_state.settings.acquireHoldTime))
        {
            case IpsecAcquireTable::HoldResult::HELD:
                ++m_state.stats.policy.held;
                return;
            case IpsecAcquireTable::HoldResult::FULL:
                m_state.drops.Drop(packet,
                                   IpsecDropReason::ACQUIRE_QUEUE_FULL,
                                   IpsecDirection::OUTBOUND,
                                   0,
                                   nullptr,
                                   IpsecDropDetail(IpsecDropDetail::Text::QUEUE_FULL)
                                       .Numbers(m_state.settings.acquireHoldLimit));
                return;
            case IpsecAcquireTable::HoldResult::DISABLED:
                break;
        }
    }
    m_state.drops
        .Drop(packet, IpsecDropReason::NO_SA, IpsecDirection::OUTBOUND, 0, nullptr, detail);
}

void
IpsecSaResolver::ReleaseHeld(Ptr<const SecurityAssociation> sa)
{
    m_state.stats.policy.released += m_acquires.Release(*sa);
}

size_t
IpsecSaResolver::GetHeld() const
{
    return m_acquires.GetHeld();
}

void
IpsecSaResolver::Clear()
{
    m_acquires.Clear();
}

} // namespace ns3
