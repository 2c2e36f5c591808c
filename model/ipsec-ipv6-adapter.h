/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_IPV6_ADAPTER_H
#define IPSEC_IPV6_ADAPTER_H

#include "ipsec-address.h"
#include "ipsec-down-targets.h"
#include "ipsec-ip-header.h"
#include "ipsec-settings.h"
#include "security-association.h"

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-route.h"
#include "ns3/simple-ref-count.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief What the IPsec layer asks of ns-3's IPv6 layer: sending in the clear through the
 * transports' original IPv6 down targets, and which addresses are the node's own.
 *
 * The IPv6 counterpart of IpsecIpv4Adapter: clear sending, protected sending with a header the
 * IPsec layer chose (tunnel mode), routes, re-entry of decapsulated datagrams, Packet Too Big.
 */
class IpsecIpv6Adapter : public SimpleRefCount<IpsecIpv6Adapter>
{
  public:
    /**
     * \param ipv6 the node's IPv6 layer
     * \param settings the IPsec layer's settings (ECN rule of tunnels)
     */
    IpsecIpv6Adapter(Ptr<Ipv6L3Protocol> ipv6, const IpsecSettings& settings);

    /**
     * \brief Remember a transport's original IPv6 down target, where cleartext packets go.
     * \param protocol the transport's protocol number
     * \param target its IPv6 down target before IPsec took it over
     */
    void SaveDownTarget(uint8_t protocol, IpL4Protocol::DownTargetCallback6 target);

    /**
     * \brief Send a datagram in the clear, as the transport would have without IPsec.
     * \param packet the payload
     * \param source source address (IPv6)
     * \param destination destination address (IPv6)
     * \param protocol transport protocol
     * \param route the transport's route, or null
     */
    void SendClear(const Ptr<Packet>& packet,
                   const IpsecAddress& source,
                   const IpsecAddress& destination,
                   uint8_t protocol,
                   const Ptr<Ipv6Route>& route);

    /**
     * \param address an address
     * \return true when it is the IPv6 loopback or one of the node's IPv6 addresses
     */
    bool IsLocalAddress(const IpsecAddress& address) const;

    /**
     * \param protocol a transport protocol number
     * \return what IPv6 delivers that protocol to (an inbound guard for UDP and TCP), or null
     */
    Ptr<IpL4Protocol> TransportFor(uint8_t protocol) const;

    /**
     * \brief The IPv6 outer header of a tunnel-mode SA over a datagram (RFC 4301 §5.1.2.2:
     * the node's default hop limit, DSCP copied, ECN per RFC 6040 when Ecn).
     * \param inner the inner header
     * \param innerSize the inner datagram's size, header included
     * \param sa the tunnel-mode SA (IPv6 endpoints)
     * \return the outer header
     */
    Ipv6Header OuterHeader(const IpsecIpHeader& inner,
                           uint32_t innerSize,
                           const SecurityAssociation& sa) const;

    /**
     * \param packet the payload (for the routing protocol)
     * \param header the header it will go with
     * \return the route to the header's destination, or null
     */
    Ptr<Ipv6Route> RouteTo(Ptr<const Packet> packet, const Ipv6Header& header) const;

    /**
     * \brief Send a protected datagram.
     * \param packet the payload (ESP/AH and what they protect)
     * \param header its header: addresses and next header; with \p ownFields also hop limit
     *        and traffic class, which otherwise come from the socket's tags on the packet
     * \param route the route
     * \param ownFields whether the header's hop limit and traffic class are the IPsec layer's
     *        (a tunnel's outer header)
     */
    void Send(Ptr<Packet> packet, const Ipv6Header& header, Ptr<Ipv6Route> route, bool ownFields);

    /**
     * \brief A decapsulated IPv6 datagram re-enters IPv6 input on the device it arrived on, so
     * local delivery and forwarding apply.
     * \param datagram the datagram, header included
     * \param device the device
     */
    void Reinject(Ptr<Packet> datagram, Ptr<NetDevice> device);

    /**
     * \param device a device of the node
     * \return whether IPv6 has an interface on it (a datagram can re-enter IPv6 there)
     */
    bool Carries(Ptr<NetDevice> device) const;

    /**
     * \brief Tell a sender that its datagram does not fit the tunnel (ICMPv6 Packet Too Big).
     * \param received the datagram's header as received
     * \param payload what followed it
     * \param mtu the MTU left after IPsec's overhead
     */
    void SendPacketTooBig(const Ipv6Header& received, Ptr<const Packet> payload, uint32_t mtu);

    /// \return the node's default hop limit (Ipv6L3Protocol's DefaultTtl)
    uint8_t GetDefaultHopLimit() const;
    /// \return the node's default traffic class (Ipv6L3Protocol's DefaultTclass)
    uint8_t GetDefaultTrafficClass() const;

  private:
    Ptr<Ipv6L3Protocol> m_ipv6;      //!< the IPv6 layer
    const IpsecSettings& m_settings; //!< the IPsec layer's settings
    /// The transports' original IPv6 down targets, by protocol number.
    IpsecDownTargets<IpL4Protocol::DownTargetCallback6> m_clear;
};

} // namespace ns3

#endif /* IPSEC_IPV6_ADAPTER_H */
