/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_TUNNEL_TABLE_H
#define IPSEC_TUNNEL_TABLE_H

#include "ipsec-tunnel-interface.h"
#include "security-association.h"
#include "security-policy.h"

#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A node's route-based tunnel interfaces, found in constant time by the SA a packet
 * arrived with and by the device a packet came in on.
 *
 * Each inbound packet asks whether it came through a tunnel (FindByDevice()) and each verified
 * tunnel-mode packet which interface it belongs to (FindForInboundSa()): both are hash lookups,
 * so the per-packet cost does not grow with the number of tunnels. The table also keeps each
 * interface's effective policies (EffectivePolicy()), built once, not per packet.
 */
class IpsecTunnelTable
{
  public:
    /**
     * \param tunnel a new interface (set up); the first one added for a pair of endpoints is the
     *        one FindForInboundSa() returns for it
     */
    void Add(Ptr<IpsecTunnelInterface> tunnel);

    /// \return the interfaces, in the order they were added
    const std::vector<Ptr<IpsecTunnelInterface>>& GetAll() const;

    /**
     * \param sa an inbound SA
     * \return the interface whose peer and local end are the SA's source and destination, or
     *         null
     */
    Ptr<IpsecTunnelInterface> FindForInboundSa(const SecurityAssociation& sa) const;

    /**
     * \param device a net device of the node
     * \return the interface whose device it is, or null
     */
    Ptr<IpsecTunnelInterface> FindByDevice(const NetDevice* device) const;

    /**
     * \brief An interface's \p policy (null: its default ESP tunnel) with the interface's
     * endpoints standing in for tunnel endpoints the policy leaves unspecified; built once per
     * (interface, policy).
     * \param tunnel the interface
     * \param policy a policy of its SPD, or null
     * \return the policy to resolve SAs with
     */
    Ptr<SecurityPolicy> EffectivePolicy(const IpsecTunnelInterface& tunnel,
                                        Ptr<SecurityPolicy> policy);

    /// Dispose of the interfaces and forget them.
    void Clear();

  private:
    /**
     * \param remote the peer's address
     * \param local this end's address
     * \return the key of the endpoint index
     */
    /// A tunnel's (remote, local) endpoints.
    using Endpoints = std::pair<IpsecAddress, IpsecAddress>;

    /// Hash of Endpoints.
    struct EndpointsHash
    {
        /**
         * \param e endpoints
         * \return their hash
         */
        size_t operator()(const Endpoints& e) const;
    };

    std::vector<Ptr<IpsecTunnelInterface>> m_tunnels; //!< all, in order
    std::unordered_map<Endpoints, IpsecTunnelInterface*, EndpointsHash>
        m_byEndpoints;                                                      //!< by (remote, local)
    std::unordered_map<const NetDevice*, IpsecTunnelInterface*> m_byDevice; //!< by device
    /// Effective policies per (interface, policy of its SPD; null for the default ESP tunnel).
    std::map<std::pair<const IpsecTunnelInterface*, Ptr<SecurityPolicy>>, Ptr<SecurityPolicy>>
        m_policies;
};

} // namespace ns3

#endif /* IPSEC_TUNNEL_TABLE_H */
