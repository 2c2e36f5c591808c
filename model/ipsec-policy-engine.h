/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_POLICY_ENGINE_H
#define IPSEC_POLICY_ENGINE_H

#include "ipsec-connection-latches.h"
#include "ipsec-echo-memory.h"
#include "ipsec-flow-cache.h"
#include "ipsec-flow.h"
#include "ipsec-inbound-matcher.h"
#include "ipsec-inbound-tag.h"
#include "ipsec-sa-resolver.h"
#include "ipsec-socket-registry.h"
#include "ipsec-state.h"
#include "ipsec-tunnel-table.h"
#include "ipsec-verdict.h"

namespace ns3
{

class IpsecL3Protocol;

/**
 * \ingroup ipsec
 * \brief Every policy decision of a node's IPsec layer, for both directions and every origin of
 * a packet, as one IpsecVerdict: the SPD, per-socket policy, latched TCP connections, the
 * `default` levels, the cleartext ICMP/IGMP/PIM exceptions, echo replies mirroring their request,
 * the tunnel interfaces' own policies, and (through IpsecSaResolver) the SAs a protecting policy
 * needs.
 *
 * It needs no node: given an IpsecState (SPD, SADB, settings), a flow and what protected it, it
 * decides. The datapath parses packets and acts on the verdicts.
 */
class IpsecPolicyEngine
{
  public:
    /// Where a packet comes from (outbound) or how it arrived (inbound).
    enum class Origin : uint8_t
    {
        LOCAL,            //!< a transport of this node sends it / it is delivered to one
        INTRA_MACHINE,    //!< sent to one of the node's own addresses
        FORWARDED,        //!< a transit packet at a gateway
        TUNNEL_INTERFACE, //!< routed into a route-based tunnel interface
    };

    /**
     * \param state the datapath's shared state (outlives the engine)
     * \param resolver the SA resolver (outlives the engine)
     * \param tunnels the tunnel interfaces (outlive the engine)
     * \param layer the node's IPsec layer, for the socket policies (null in unit tests)
     */
    IpsecPolicyEngine(IpsecState& state,
                      IpsecSaResolver& resolver,
                      IpsecTunnelTable& tunnels,
                      IpsecL3Protocol* layer);

    /**
     * \brief The verdict for an outbound packet. For LOCAL and INTRA_MACHINE packets, TCP
     * connections are latched (or released) here, whatever the verdict.
     * \param flow the packet's flow (local = its source)
     * \param origin LOCAL, INTRA_MACHINE, FORWARDED or TUNNEL_INTERFACE
     * \param tunnel the tunnel interface (TUNNEL_INTERFACE only)
     * \return pass (counting bypass, or crediting an intra-machine packet), drop, protect or
     *         acquire
     */
    IpsecVerdict DecideOutbound(const IpsecFlow& flow,
                                Origin origin,
                                const IpsecTunnelInterface* tunnel = nullptr);

    /**
     * \brief The SAs of a protecting policy, as a verdict: protect, acquire, or pass ('use'
     * without SA; never for a tunnel interface, which cannot send in the clear).
     * \param policy an ipsec policy
     * \param flow the packet's flow
     * \param origin LOCAL, FORWARDED or TUNNEL_INTERFACE
     * \param detail the drop's text if a missing SA cannot be waited for
     * \return the verdict
     */
    IpsecVerdict Resolve(Ptr<SecurityPolicy> policy,
                         const IpsecFlow& flow,
                         Origin origin,
                         const IpsecDropDetail& detail);

    /**
     * \brief The verdict for an inbound packet, after what protected it was verified: the SAs'
     * selectors, echo requests remembered, cleartext exceptions, socket bypass, tunnelled
     * packets needing a tunnel policy, DefaultPolicy, and the policy's requests.
     * \param flow the packet's flow (local = its destination)
     * \param layers the layers this node verified (credits for intra-machine packets)
     * \param intraMachine whether the layers are an intra-machine credit
     * \param origin LOCAL (delivery, latches followed) or FORWARDED (transit: DefaultPolicy does
     *        not apply)
     * \return pass (counting cleartext / intra-machine) or drop
     */
    IpsecVerdict DecideInbound(const IpsecFlow& flow,
                               const IpsecInboundTag& layers,
                               bool intraMachine,
                               Origin origin);

    /**
     * \brief The verdict of a route-based tunnel interface's own policy on a decapsulated inner
     * packet: an empty SPD accepts everything; otherwise an ipsec entry must match.
     * \param tunnel the interface
     * \param inner the inner packet's flow (local = its destination)
     * \param spi the SPI it arrived with
     * \return pass or drop
     */
    IpsecVerdict DecideTunnelInbound(const IpsecTunnelInterface& tunnel,
                                     const IpsecFlow& inner,
                                     uint32_t spi) const;

    /**
     * \param local local address
     * \param localPort local port
     * \param remote remote address
     * \param remotePort remote port
     * \return true when this TCP connection is latched
     */
    bool IsLatched(const IpsecAddress& local,
                   uint16_t localPort,
                   const IpsecAddress& remote,
                   uint16_t remotePort) const;

    /// \return latched TCP connections
    size_t GetLatchedConnections() const;

    /// \return the per-socket policies
    IpsecSocketRegistry& GetSockets();
    /// \return the per-socket policies
    const IpsecSocketRegistry& GetSockets() const;

    /// Forget latches, socket policies, remembered echo requests and cached verdicts.
    void Clear();

    /// \return flows whose verdict is cached
    size_t GetCachedFlows() const;

    /**
     * \brief The fast path of a node with nothing configured (no SPD entry, no SA, no socket
     * policy, the family's default policy Pass): every packet of this protocol would pass in
     * the clear, with nothing to remember (TCP latches and ICMP echo requests always take the
     * full path).
     * \param protocol the packet's protocol
     * \param family the packet's family
     * \return true when the packet passes without a decision
     */
    bool PassesThrough(uint8_t protocol, IpsecAddress::Family family) const;

    /**
     * \brief What an intra-machine packet is credited with: the first alternative of its
     * outbound policy, with the first algorithm each request names.
     * \param policy the policy that let it pass (null or not ipsec: nothing)
     * \param remote the packet's destination
     * \return the credited layers
     */
    static IpsecInboundTag CreditOf(Ptr<const SecurityPolicy> policy, const IpsecAddress& remote);

  private:
    /**
     * \param flow a flow
     * \param direction inbound or outbound
     * \return the SPD entry, merged with the socket's policy
     */
    IpsecPolicyDecision DecideUnlatched(const IpsecFlow& flow, SecurityPolicy::Direction direction);

    /**
     * \param flow a flow
     * \param direction inbound or outbound
     * \return the latched decision of an established TCP connection, or DecideUnlatched()
     */
    IpsecPolicyDecision Decide(const IpsecFlow& flow, SecurityPolicy::Direction direction);

    /**
     * \brief Latch a connection on its SYN, follow its FIN and RST.
     * \param flow a TCP segment's flow
     * \param outbound its direction
     */
    void FollowConnection(const IpsecFlow& flow, bool outbound);

    /**
     * \param flow an inbound cleartext packet's flow
     * \return true when IcmpAcceptClear / IgmpAcceptClear / PimAcceptClear let it in
     */
    bool ClearAcceptable(const IpsecFlow& flow) const;
    /**
     * \param flow an inbound ICMPv6 flow (not ND or MLD)
     * \return true when its type and code may arrive in the clear under IcmpAcceptClear
     */
    static bool Icmpv6AcceptableClear(const IpsecFlow& flow);

    /**
     * \param flow an outbound local flow
     * \return the verdict of a local packet
     */
    IpsecVerdict DecideLocal(const IpsecFlow& flow);

    /**
     * \param flow an outbound local flow (not an echo reply)
     * \return the verdict from the SPD and the socket's policy (or the TCP latch)
     */
    IpsecVerdict DecideLocalByPolicy(const IpsecFlow& flow);

    /**
     * \brief Whether a flow's verdict may come from, and go to, the cache: not ICMP (echo
     * memory, type/code selectors), not a latched TCP connection (the latch decides), no
     * per-socket policy on the node (sockets change their policies and bindings unseen).
     * \param flow the flow
     * \param sockets whether per-socket policy applies (local packets)
     * \return true when cacheable
     */
    bool Cacheable(const IpsecFlow& flow, bool sockets) const;

    /**
     * \param flow a flow to one of the node's addresses
     * \return the verdict, with the credit the inbound check will see
     */
    IpsecVerdict DecideIntraMachine(const IpsecFlow& flow);

    /**
     * \param flow an inbound flow
     * \param layers the verified layers
     * \param decision the policy decision
     * \param forwarded whether it is a transit packet
     * \return the verdict
     */
    IpsecVerdict CheckInbound(const IpsecFlow& flow,
                              const IpsecInboundTag& layers,
                              const IpsecPolicyDecision& decision,
                              bool forwarded);

    IpsecState& m_state;              //!< databases, settings
    IpsecSaResolver& m_resolver;      //!< SA bundles
    IpsecTunnelTable& m_tunnels;      //!< tunnel interfaces' policies
    IpsecConnectionLatches m_latches; //!< latched TCP connections
    IpsecSocketRegistry m_sockets;    //!< per-socket policies
    IpsecEchoMemory m_echo;           //!< recent echo requests' protection
    IpsecFlowCache m_cache;           //!< recent flows' verdicts
};

} // namespace ns3

#endif /* IPSEC_POLICY_ENGINE_H */
