/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_INBOUND_MATCHER_H
#define IPSEC_INBOUND_MATCHER_H

#include "ipsec-inbound-tag.h"
#include "ipsec-settings.h"
#include "security-association.h"
#include "security-policy.h"

#include <array>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Does what protected an inbound packet satisfy a policy? Pure functions over the
 * packet's decapsulation history (the verified layers and their SAs), like Linux'
 * `xfrm_policy_ok()` walking the templates over the `sec_path`.
 *
 * A policy is satisfied when one of its alternatives has every non-`use` request met by some
 * verified layer (protocol, mode, algorithms, and tunnel endpoints in either direction) and every
 * tunnel layer is covered by a request of that alternative: a tunnel nobody asked for could
 * carry any inner packet.
 */
class IpsecInboundMatcher
{
  public:
    /// The SA of each layer of a history, in its order (null for intra-machine credits).
    using LayerSas = std::array<Ptr<SecurityAssociation>, IpsecInboundTag::MAX_LAYERS>;

    /**
     * \param policy an ipsec policy
     * \param layers the verified layers
     * \param sas their SAs
     * \param settings the levels of `default` requests
     * \param family the family of the packet, whose levels apply
     * \return true when an alternative of the policy is satisfied
     */
    static bool Satisfies(const SecurityPolicy& policy,
                          const IpsecInboundTag& layers,
                          const LayerSas& sas,
                          const IpsecSettings& settings,
                          IpsecAddress::Family family);

    /**
     * \param request a protection request
     * \param layer a verified layer
     * \param sa its SA (null for a credit)
     * \return true when the layer is what the request asks for
     */
    static bool LayerSatisfies(const IpsecProtectionRequest& request,
                               const IpsecInboundTag::Layer& layer,
                               const Ptr<SecurityAssociation>& sa);

    /**
     * \param alternative the requests of one alternative
     * \param layers the verified layers
     * \param sas their SAs
     * \return true when every tunnel layer is one the alternative asks for
     */
    static bool TunnelLayersCovered(const std::vector<IpsecProtectionRequest>& alternative,
                                    const IpsecInboundTag& layers,
                                    const LayerSas& sas);

    /**
     * \param request a tunnel-mode request (endpoints as seen outbound)
     * \param sa a tunnel-mode SA of either direction
     * \return true when the SA runs between the request's endpoints
     */
    static bool TunnelEndpointsMatch(const IpsecProtectionRequest& request,
                                     const SecurityAssociation& sa);
};

} // namespace ns3

#endif /* IPSEC_INBOUND_MATCHER_H */
