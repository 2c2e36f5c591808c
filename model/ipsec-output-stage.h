/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_OUTPUT_STAGE_H
#define IPSEC_OUTPUT_STAGE_H

#include "ipsec-flow.h"
#include "ipsec-inbound-tag.h"
#include "ipsec-ip-header.h"
#include "ipsec-ipv4-adapter.h"
#include "ipsec-ipv6-adapter.h"
#include "ipsec-policy-engine.h"
#include "ipsec-sa-resolver.h"
#include "ipsec-state.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The outbound half of the datapath: local packets from the transports (the down
 * target of UDP, TCP and ICMP), and the protection of a datagram with an SA bundle, which the
 * gateway stage uses for transit packets too (like OpenBSD's `ipsp_process_packet()`).
 *
 * Send() asks IpsecPolicyEngine for a verdict and acts on it; Protect() applies each SA of the
 * bundle: usability, sequence number (overflow expires the SA), the mode step (tunnel mode wraps
 * the datagram in an outer header), then the SA's IpsecTransform, then accounting.
 */
class IpsecOutputStage
{
  public:
    /**
     * \param state the shared state
     * \param l3 the IPv4 layer
     * \param engine the policy engine
     * \param resolver the SA resolver
     */
    IpsecOutputStage(Ptr<IpsecState> state,
                     Ptr<IpsecIpv4Adapter> l3,
                     IpsecPolicyEngine& engine,
                     IpsecSaResolver& resolver);

    /**
     * \brief A transport's down target: protect, bypass or drop an outbound packet.
     * \param packet the payload
     * \param source source address
     * \param destination destination address
     * \param protocol transport protocol
     * \param route the transport's route, or null
     */
    void Send(const Ptr<Packet>& packet,
              Ipv4Address source,
              Ipv4Address destination,
              uint8_t protocol,
              const Ptr<Ipv4Route>& route);

    /**
     * \param l3 the node's IPv6 layer: from now on Send6() is its transports' down target
     */
    void SetIpv6(Ptr<IpsecIpv6Adapter> l3);

    /**
     * \brief A transport's IPv6 down target: protect, bypass or drop an outbound IPv6 packet.
     * Neighbour Discovery and MLD, and multicast, go in the clear; everything else as policy
     * says; a missing SA is acquired (the packet held or dropped) as for IPv4.
     * \param packet the payload
     * \param source source address
     * \param destination destination address
     * \param protocol transport protocol
     * \param route the transport's route, or null
     */
    void Send6(const Ptr<Packet>& packet,
               Ipv6Address source,
               Ipv6Address destination,
               uint8_t protocol,
               const Ptr<Ipv6Route>& route);

    /**
     * \brief The route a datagram's sender chose, if any: kept when the protected datagram
     * still goes where it leads (transport mode), looked up again otherwise.
     */
    struct Route
    {
        Ptr<Ipv4Route> v4; //!< an IPv4 route, or null
        Ptr<Ipv6Route> v6; //!< an IPv6 route, or null
        IpsecAddress to;   //!< where it leads
    };

    /**
     * \brief Protect a datagram (IPv4 or IPv6) with a bundle and send it, over the family of
     * its outermost header: the datagram's own in transport mode, the tunnel's in tunnel mode.
     * \param packet the datagram's payload
     * \param header its header
     * \param bundle the SAs, innermost first
     * \param route the sender's route
     */
    void Protect(Ptr<Packet> packet,
                 const IpsecIpHeader& header,
                 const IpsecSaResolver::Bundle& bundle,
                 const Route& route);

    /**
     * \param bundle the SAs
     * \param headerSize the size of the datagram's header (20 or more for IPv4, 40 for IPv6)
     * \param datagram the size of the datagram, header included
     * \return its size once protected with the bundle (a tunnel adds a header of its family)
     */
    uint32_t ProtectedSize(const IpsecSaResolver::Bundle& bundle,
                           uint32_t headerSize,
                           uint32_t datagram) const;

  private:
    /**
     * \brief Apply a bundle to a datagram, innermost SA first: usability, sequence number, the
     * mode step, the transform, accounting.
     * \param packet the datagram's payload packet (for drops)
     * \param ip in: the datagram's header; out: the protected datagram's
     * \param data in: the payload; out: the protected payload
     * \param bundle the SAs
     * \return false when an SA could not be applied (dropped and counted)
     */
    bool ApplyBundle(Ptr<Packet> packet,
                     IpsecIpHeader& ip,
                     IpsecBytes& data,
                     const IpsecSaResolver::Bundle& bundle);

    /**
     * \brief Send a protected datagram over the family of its header.
     * \param packet the protected payload
     * \param out the protected datagram's header
     * \param bundle the SAs applied
     * \param clearSize the datagram's size before protection
     * \param route the sender's route
     */
    void Emit(Ptr<Packet> packet,
              const IpsecIpHeader& out,
              const IpsecSaResolver::Bundle& bundle,
              uint32_t clearSize,
              const Route& route);

    /**
     * \brief Build the IPv6 header of a local datagram (hop limit and traffic class from the
     * socket's tags, which stay on the packet for transport mode) and protect it.
     * \param packet the payload
     * \param source source address
     * \param destination destination address
     * \param protocol its transport protocol
     * \param route the transport's route
     * \param bundle the SAs
     */
    void ProtectLocal(Ptr<Packet> packet,
                      Ipv6Address source,
                      Ipv6Address destination,
                      uint8_t protocol,
                      Ptr<Ipv6Route> route,
                      const IpsecSaResolver::Bundle& bundle);

    /**
     * \brief Tag a packet to one of the node's own addresses with the credit of its outbound
     * policy (the inbound check takes the credit as if it had been applied), and count it.
     * \param packet the payload
     * \param credit the layers it is credited with
     */
    void CreditIntraMachine(Ptr<Packet> packet, const IpsecInboundTag& credit);

    /**
     * \brief The accounting of a local packet a PASS verdict sends in the clear, either family:
     * an intra-machine packet is credited (CreditIntraMachine()), a bypass counted.
     * \param packet the payload
     * \param verdict its PASS verdict
     * \param flow its flow
     */
    void CountPass(Ptr<Packet> packet, const IpsecVerdict& verdict, const IpsecFlow& flow);

    /**
     * \brief Fire ClearSend for a local datagram held or dropped before protection.
     * \param packet the payload
     * \param source source address
     * \param destination destination address
     * \param protocol protocol
     */
    void AnnounceLocal(Ptr<Packet> packet,
                       Ipv4Address source,
                       Ipv4Address destination,
                       uint8_t protocol);
    /**
     * \brief Fire ClearSend6 for a local IPv6 datagram held or dropped before protection.
     * \param packet the payload
     * \param source source address
     * \param destination destination address
     * \param protocol protocol
     */
    void AnnounceLocal(Ptr<Packet> packet,
                       Ipv6Address source,
                       Ipv6Address destination,
                       uint8_t protocol);

    /**
     * \brief What Send() and Send6() do, for either family: a verdict for the local datagram,
     * then bypass, drop, hold for an SA, or protect.
     * \param packet the payload
     * \param source source address
     * \param destination destination address
     * \param protocol transport protocol
     * \param route the transport's route, or null
     */
    template <class Address, class IpRoute>
    void SendLocal(const Ptr<Packet>& packet,
                   Address source,
                   Address destination,
                   uint8_t protocol,
                   const Ptr<IpRoute>& route);

    /// \return true for IPv4 broadcast and multicast, which never meet policy
    static bool InTheClearAlways(Ipv4Address destination);
    /// \return true for IPv6 multicast, which never meets policy
    static bool InTheClearAlways(Ipv6Address destination);
    /// Send in the clear through the IPv4 layer
    void SendClear(const Ptr<Packet>& packet,
                   Ipv4Address source,
                   Ipv4Address destination,
                   uint8_t protocol,
                   const Ptr<Ipv4Route>& route);
    /// Send in the clear through the IPv6 layer
    void SendClear(const Ptr<Packet>& packet,
                   Ipv6Address source,
                   Ipv6Address destination,
                   uint8_t protocol,
                   const Ptr<Ipv6Route>& route);
    /// \return the family of an IPv4 address
    static IpsecAddress::Family FamilyOf(Ipv4Address);
    /// \return the family of an IPv6 address
    static IpsecAddress::Family FamilyOf(Ipv6Address);
    /// \return true when the IPv4 address is one of the node's
    bool IsLocalAddress(Ipv4Address address) const;
    /// \return true when the IPv6 address is one of the node's
    bool IsLocalAddress(Ipv6Address address) const;

    /**
     * \brief Build the header of a local datagram (TTL and TOS from the socket's tags) and
     * protect it.
     * \param packet the payload
     * \param source source address
     * \param destination destination address
     * \param protocol protocol
     * \param route the transport's route
     * \param bundle the SAs
     */
    void ProtectLocal(Ptr<Packet> packet,
                      Ipv4Address source,
                      Ipv4Address destination,
                      uint8_t protocol,
                      Ptr<Ipv4Route> route,
                      const IpsecSaResolver::Bundle& bundle);

    Ptr<IpsecState> m_state;      //!< shared state
    Ptr<IpsecIpv4Adapter> m_l3;   //!< the IPv4 layer
    Ptr<IpsecIpv6Adapter> m_l3v6; //!< the IPv6 layer, if the node has one
    IpsecPolicyEngine& m_engine;  //!< verdicts
    IpsecSaResolver& m_resolver;  //!< missing SAs
};

} // namespace ns3

#endif /* IPSEC_OUTPUT_STAGE_H */
