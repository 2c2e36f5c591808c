/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_IPV6_ADAPTER_H
#define IPSEC_IPV6_ADAPTER_H

#include "ipsec-address.h"
#include "ipsec-down-targets.h"

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
 * The IPv6 counterpart of IpsecIpv4Adapter. Today IPv6 traffic is subject to the node's policy
 * (pass, drop, or "needs IPsec", which is refused until ESP and AH for IPv6 exist); the
 * adapter grows with the IPv6 transforms.
 */
class IpsecIpv6Adapter : public SimpleRefCount<IpsecIpv6Adapter>
{
  public:
    /// \param ipv6 the node's IPv6 layer
    explicit IpsecIpv6Adapter(Ptr<Ipv6L3Protocol> ipv6);

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
    void SendClear(Ptr<Packet> packet,
                   const IpsecAddress& source,
                   const IpsecAddress& destination,
                   uint8_t protocol,
                   Ptr<Ipv6Route> route);

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

  private:
    Ptr<Ipv6L3Protocol> m_ipv6; //!< the IPv6 layer
    /// The transports' original IPv6 down targets, by protocol number.
    IpsecDownTargets<IpL4Protocol::DownTargetCallback6> m_clear;
};

} // namespace ns3

#endif /* IPSEC_IPV6_ADAPTER_H */
