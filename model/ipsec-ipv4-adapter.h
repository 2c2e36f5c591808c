/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_IPV4_ADAPTER_H
#define IPSEC_IPV4_ADAPTER_H

#include "ipsec-down-targets.h"
#include "ipsec-ip-header.h"
#include "ipsec-settings.h"
#include "ipsec-tunnel-interface.h"
#include "security-association.h"

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-route.h"
#include "ns3/node.h"
#include "ns3/simple-ref-count.h"

#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Everything the IPsec datapath asks of ns-3's IPv4 layer, in one place: sending in the
 * clear (through the transport's original down target) and with a built header, routing, IPv4
 * headers and identifications, local addresses, handing a verified payload to its transport,
 * re-entering IP input, and ICMP fragmentation-needed.
 *
 * The policy and SA logic never touches Ipv4L3Protocol; IPv6 gets its own adapter.
 */
class IpsecIpv4Adapter : public SimpleRefCount<IpsecIpv4Adapter>
{
  public:
    /**
     * \param node the node
     * \param ipv4 its IPv4 layer
     * \param settings the IPsec layer's settings (checksums, DF bit, ECN); they outlive the
     *        adapter
     */
    IpsecIpv4Adapter(Ptr<Node> node, Ptr<Ipv4L3Protocol> ipv4, const IpsecSettings& settings);

    /**
     * \brief Remember a transport's original down target, where cleartext packets go.
     * \param protocol the transport's protocol number
     * \param target its down target before IPsec took it over
     */
    void SaveDownTarget(uint8_t protocol, IpL4Protocol::DownTargetCallback target);

    /**
     * \brief Send a datagram in the clear, as the transport would have without IPsec.
     * \param packet the payload
     * \param source source address
     * \param destination destination address
     * \param protocol transport protocol
     * \param route the transport's route, or null
     */
    void SendClear(const Ptr<Packet>& packet,
                   Ipv4Address source,
                   Ipv4Address destination,
                   uint8_t protocol,
                   const Ptr<Ipv4Route>& route);

    /**
     * \brief SendClear() for addresses held family-neutrally (they must be IPv4).
     * \param packet the payload
     * \param source source address
     * \param destination destination address
     * \param protocol transport protocol
     * \param route the transport's route, or null
     */
    void SendClear(const Ptr<Packet>& packet,
                   const IpsecAddress& source,
                   const IpsecAddress& destination,
                   uint8_t protocol,
                   const Ptr<Ipv4Route>& route)
    {
        SendClear(packet, source.GetIpv4(), destination.GetIpv4(), protocol, route);
    }

    /**
     * \param packet the payload
     * \param header its header
     * \param route the route
     */
    void SendWithHeader(Ptr<Packet> packet, const Ipv4Header& header, Ptr<Ipv4Route> route);

    /**
     * \param packet the payload
     * \param header the header to route
     * \return the route, or null
     */
    Ptr<Ipv4Route> RouteTo(Ptr<const Packet> packet, const Ipv4Header& header) const;

    /**
     * \brief An IPv4 header for a local datagram the IPsec layer sends (it takes over from
     * Ipv4L3Protocol::Send).
     * \param source source address (IPv4)
     * \param destination destination address (IPv4)
     * \param protocol protocol
     * \param payloadSize payload bytes
     * \param ttl TTL
     * \param tos TOS
     * \return the header (identification allocated, checksum when enabled)
     */
    Ipv4Header BuildHeader(const IpsecAddress& source,
                           const IpsecAddress& destination,
                           uint8_t protocol,
                           uint32_t payloadSize,
                           uint8_t ttl,
                           uint8_t tos);

    /**
     * \brief The outer header of a tunnel-mode SA over a datagram (RFC 4301 §5.1.2.1: DF per
     * DfBit, ECN per RFC 6040 when Ecn, the node's default TTL).
     * \param inner the inner header (IPv4 or IPv6)
     * \param innerSize the inner datagram's size, header included
     * \param sa the tunnel-mode SA (IPv4 endpoints)
     * \return the outer header
     */
    Ipv4Header OuterHeader(const IpsecIpHeader& inner,
                           uint32_t innerSize,
                           const SecurityAssociation& sa);

    /**
     * \param address an address
     * \return true when it is the loopback or one of the node's IPv4 addresses
     *
     * While WatchAddresses() holds, a sorted copy of the node's addresses answers (a binary
     * search per packet instead of a scan of every interface and address, with copies of each);
     * it is rebuilt after each AddressesChanged(). Otherwise the interfaces are scanned.
     */
    bool IsLocalAddress(Ipv4Address address) const;

    /**
     * \brief Trust AddressesChanged() to report every address added or removed, for as long as
     * \p routing is the IPv4 layer's routing protocol (it carries the reporter: the IPsec
     * layer's routing shim, told by Ipv4L3Protocol::AddAddress/RemoveAddress).
     *
     * Addresses added to an Ipv4Interface directly, not through Ipv4L3Protocol, are not
     * reported (ns-3's routing protocols do not see them either).
     * \param routing the routing protocol whose notifications reach AddressesChanged() (null:
     *        stop watching, and release it)
     */
    void WatchAddresses(Ptr<Ipv4RoutingProtocol> routing);

    /// \brief An address was added or removed: rebuild the set before its next use.
    void AddressesChanged();

    /**
     * \param address an address of either family
     * \return true when it is IPv4 and IsLocalAddress(Ipv4Address) says so
     */
    bool IsLocalAddress(const IpsecAddress& address) const
    {
        return address.IsIpv4() && IsLocalAddress(address.GetIpv4());
    }

    /**
     * \param protocol a transport protocol number
     * \param incoming the interface a datagram came in on, or null
     * \return the transport that receives it (the inbound guard), or null
     */
    Ptr<IpL4Protocol> TransportFor(uint8_t protocol, Ptr<Ipv4Interface> incoming) const;

    /**
     * \brief A decapsulated datagram re-enters IP input on the interface it arrived on, as the
     * kernels do, so local delivery, raw sockets and forwarding all apply.
     * \param datagram the datagram, header included
     * \param device the device it arrived on
     */
    void Reinject(Ptr<Packet> datagram, Ptr<NetDevice> device);

    /**
     * \param device a device of the node
     * \return whether IPv4 has an interface on it (a datagram can re-enter IPv4 there)
     */
    bool Carries(Ptr<NetDevice> device) const;

    /**
     * \brief ICMP destination unreachable, fragmentation needed (RFC 1191), to a sender.
     * \param received the header of the datagram too big
     * \param payload its payload
     * \param mtu the next-hop MTU to announce
     */
    void SendFragmentationNeeded(const Ipv4Header& received,
                                 Ptr<const Packet> payload,
                                 uint32_t mtu);

    /// \return the IPv4 layer's DefaultTtl
    uint8_t GetDefaultTtl() const;

  private:
    /**
     * \param source source address
     * \param destination destination address
     * \param protocol protocol
     * \return the next identification for the triple (RFC 6864)
     */
    uint16_t NextIdentification(Ipv4Address source, Ipv4Address destination, uint8_t protocol);

    Ptr<Node> m_node;                //!< the node
    Ptr<Ipv4L3Protocol> m_ipv4;      //!< its IPv4 layer
    const IpsecSettings& m_settings; //!< checksums, DF bit, ECN
    /// The transports' original down targets (ICMP, TCP, UDP).
    IpsecDownTargets<IpL4Protocol::DownTargetCallback> m_clear;
    std::unordered_map<uint64_t, uint16_t> m_identification; //!< by (source, destination, protocol)
    uint8_t m_defaultTtl{64};                                //!< Ipv4L3Protocol's DefaultTtl
    /// The routing protocol whose notifications keep m_localAddresses true (null: not watched).
    /// Held, so that no later protocol can take its place in memory unnoticed.
    Ptr<Ipv4RoutingProtocol> m_watchedRouting;
    mutable std::vector<uint32_t> m_localAddresses; //!< the node's addresses, sorted, when valid
    mutable bool m_localAddressesValid{false};      //!< m_localAddresses is up to date
};

} // namespace ns3

#endif /* IPSEC_IPV4_ADAPTER_H */
