/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_GATEWAY_STAGE_H
#define IPSEC_GATEWAY_STAGE_H

#include "ipsec-input-stage.h"
#include "ipsec-ipv4-adapter.h"
#include "ipsec-output-stage.h"
#include "ipsec-policy-engine.h"
#include "ipsec-sa-resolver.h"
#include "ipsec-state.h"
#include "ipsec-tunnel-table.h"

#include "ns3/net-device.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief What a security gateway does: transit packets (IpsecForwardingShim, ahead of the
 * routing protocols) and packets routed into a route-based tunnel interface, with the path-MTU
 * rules of RFC 4301 §8 (DF datagrams too big get ICMP fragmentation-needed with the MTU left
 * after IPsec; an outer DF fragments the inner datagram instead).
 */
class IpsecGatewayStage
{
  public:
    /**
     * \param state the shared state
     * \param l3 the IPv4 layer
     * \param engine the policy engine
     * \param resolver the SA resolver
     * \param tunnels the tunnel interfaces
     * \param output the output stage (protection)
     * \param input the input stage (inbound check of transit packets)
     */
    IpsecGatewayStage(Ptr<IpsecState> state,
                      Ptr<IpsecIpv4Adapter> l3,
                      IpsecPolicyEngine& engine,
                      IpsecSaResolver& resolver,
                      IpsecTunnelTable& tunnels,
                      IpsecOutputStage& output,
                      IpsecInputStage& input);

    /**
     * \brief A transit packet, before the routing protocols see it.
     * \param p the packet
     * \param header its header
     * \param idev the device it came in on
     * \return true when IPsec took it (protected, held or dropped)
     */
    bool RouteForwarded(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev);

    /**
     * \brief An IPv6 transit packet (IpsecIpv6ForwardingShim): inbound transit check, then the
     * forwarding policy, then, as for IPv4, protection into its tunnel (over IPv6 or IPv4),
     * holding or dropping it while a missing SA is acquired; never forwarded in the clear.
     * \param p the packet (without its IPv6 header)
     * \param header its IPv6 header
     * \param idev the device it arrived on
     * \return true when consumed (protected or dropped); false for ordinary forwarding
     */
    bool RouteForwarded6(Ptr<const Packet> p, const Ipv6Header& header, Ptr<const NetDevice> idev);

    /// \param l3 the node's IPv6 layer: tunnels may then have IPv6 endpoints
    void SetIpv6(Ptr<IpsecIpv6Adapter> l3);

    /**
     * \brief A datagram routed into a tunnel interface: per-tunnel policy, then protection.
     * \param tunnel the interface
     * \param datagram the datagram, its IP header included
     * \param protocol its protocol number (0x0800 IPv4, 0x86DD IPv6)
     * \return true when it was sent or dropped (counted)
     */
    bool SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel,
                           Ptr<Packet> datagram,
                           uint16_t protocol);

  private:
    /**
     * \brief Act on a transit packet's verdict: forward it protected, hold it for its SA, drop
     * it, or leave it to the routing protocols.
     * \param packet the datagram's payload
     * \param header its header as received
     * \param flow its flow
     * \param verdict the verdict
     * \return false when ordinary forwarding should handle it
     */
    bool ForwardProtected(Ptr<Packet> packet,
                          const IpsecIpHeader& header,
                          const IpsecFlow& flow,
                          const IpsecVerdict& verdict);

    /**
     * \brief Route a datagram (IPv4 or IPv6) to its tunnel peer (IPv4 or IPv6), apply the path
     * MTU rules, protect it. An IPv4 datagram follows DF and DfBit; an IPv6 datagram is never
     * fragmented on its way, so one that does not fit is answered with ICMPv6 Packet Too Big
     * carrying the MTU left after IPsec's overhead, unless that would be below the IPv6
     * minimum of 1280 bytes: then the outer datagram is fragmented (RFC 2473 §7.1).
     * \param packet the datagram's payload
     * \param received the header as received (for ICMP)
     * \param inner the header it is protected with
     * \param bundle the SAs
     */
    void SendForwarded(Ptr<Packet> packet,
                       const IpsecIpHeader& received,
                       const IpsecIpHeader& inner,
                       const IpsecSaResolver::Bundle& bundle);

    Ptr<IpsecState> m_state;      //!< shared state
    Ptr<IpsecIpv4Adapter> m_l3;   //!< the IPv4 layer
    Ptr<IpsecIpv6Adapter> m_l3v6; //!< the IPv6 layer, if the node has one
    IpsecPolicyEngine& m_engine;  //!< verdicts
    IpsecSaResolver& m_resolver;  //!< missing SAs
    IpsecTunnelTable& m_tunnels;  //!< tunnel interfaces
    IpsecOutputStage& m_output;   //!< protection
    IpsecInputStage& m_input;     //!< inbound check of transit packets
};

} // namespace ns3

#endif /* IPSEC_GATEWAY_STAGE_H */
