/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-inbound-matcher.h"

#include "ipsec-algorithms.h"

#include <algorithm>

namespace ns3
{

bool
IpsecInboundMatcher::Satisfies(const SecurityPolicy& policy,
                               const IpsecInboundTag& layers,
                               const LayerSas& sas,
                               const IpsecSettings& settings,
                               IpsecAddress::Family family)
{
    for (const auto& alternative : policy.alternatives)
    {
        bool satisfied = true;
        for (const auto& request : alternative)
        {
            if (settings.EffectiveLevel(request, family) == IpsecLevel::USE)
            {
                continue;
            }
            bool found = false;
            for (uint32_t i = 0; i < layers.GetN() && !found; ++i)
            {
                found = LayerSatisfies(request, layers.begin()[i], sas[i]);
            }
            if (!found)
            {
                satisfied = false;
                break;
            }
        }
        if (satisfied && TunnelLayersCovered(alternative, layers, sas))
        {
            return true;
        }
    }
    return false;
}

bool
IpsecInboundMatcher::LayerSatisfies(const IpsecProtectionRequest& request,
                                    const IpsecInboundTag::Layer& layer,
                                    const Ptr<SecurityAssociation>& sa)
{
    if (layer.protocol != request.protocol || layer.mode != request.mode)
    {
        return false;
    }
    if (layer.IsCredit())
    {
        // Intra-machine: the outbound request's first algorithm choice stands for the SA.
        auto listed = [](const std::vector<const IpsecAlgorithm*>& list, uint8_t id, bool encr) {
            return id == 0 || list.empty()
                || std::find(list.begin(),
                             list.end(),
                             IpsecAlgorithmRegistry::FindBySadbId(encr, id))
                       != list.end();
        };
        return listed(request.encryption, layer.encryption, true)
            && listed(request.authentication, layer.authentication, false);
    }
    return sa && request.Accepts(*sa)
        && (request.mode != IpsecMode::TUNNEL || TunnelEndpointsMatch(request, *sa));
}

bool
IpsecInboundMatcher::TunnelLayersCovered(const std::vector<IpsecProtectionRequest>& alternative,
                                         const IpsecInboundTag& layers,
                                         const LayerSas& sas)
{
    for (uint32_t i = 0; i < layers.GetN(); ++i)
    {
        const IpsecInboundTag::Layer& layer = layers.begin()[i];
        if (layer.mode != IpsecMode::TUNNEL)
        {
            continue;
        }
        bool covered = std::any_of(alternative.begin(),
                                   alternative.end(),
                                   [&layer, &sas, i](const IpsecProtectionRequest& request) {
                                       return LayerSatisfies(request, layer, sas[i]);
                                   });
        if (!covered)
        {
            return false;
        }
    }
    return true;
}

bool
IpsecInboundMatcher::TunnelEndpointsMatch(const IpsecProtectionRequest& request,
                                          const SecurityAssociation& sa)
{
    // The request names the endpoints as seen outbound; an inbound SA runs the other way.
    const IpsecAddress& from = request.tunnelSource;
    const IpsecAddress& to = request.tunnelDestination;
    bool outbound
        = (from.IsAny() || from == sa.GetSource()) && (to.IsAny() || to == sa.GetDestination());
    bool inbound
        = (from.IsAny() || from == sa.GetDestination()) && (to.IsAny() || to == sa.GetSource());
    return outbound || inbound;
}

} // namespace ns3
