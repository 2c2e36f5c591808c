/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_IPV6_FORWARDING_SHIM_H
#define IPSEC_IPV6_FORWARDING_SHIM_H

#include "ipsec-ns3-compat.h"

#include "ns3/ipv6-routing-protocol.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The IPv6 counterpart of IpsecForwardingShim: a routing protocol put first in a
 * gateway's Ipv6ListRouting, so that IPv6 transit packets meet the node's policy before they
 * are forwarded. It keeps no routes.
 */
class IpsecIpv6ForwardingShim : public Ipv6RoutingProtocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecIpv6ForwardingShim();
    /// Where transit packets go (IpsecGatewayStage::RouteForwarded6): true when IPsec took one.
    using Forward = Callback<bool, Ptr<const Packet>, const Ipv6Header&, Ptr<const NetDevice>>;

    /// \param forward where transit packets go (null: plain forwarding)
    explicit IpsecIpv6ForwardingShim(Forward forward);

    /**
     * \brief Never routes: locally generated packets are the transport hook's business.
     * \param p the packet
     * \param header its IPv6 header
     * \param oif the requested output interface
     * \param sockerr set to ERROR_NOROUTETOHOST, so the next routing protocol is asked
     * \return nullptr
     */
    Ptr<Ipv6Route> RouteOutput(Ptr<Packet> p,
                               const Ipv6Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    /**
     * \brief Hand a unicast transit packet to IpsecL3Protocol::RouteForwarded6().
     * \param p the packet (without its IPv6 header)
     * \param header its IPv6 header
     * \param idev the device it arrived on
     * \param ucb unused
     * \param mcb unused (multicast is not IPsec's)
     * \param lcb unused (Ipv6ListRouting delivers local packets itself)
     * \param ecb unused
     * \return true when the IPsec layer consumed the packet (dropped); false for multicast and
     *         packets policy leaves to ordinary forwarding
     */
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv6Header& header,
                    Ptr<const NetDevice> idev,
                    IPSEC_ROUTE_INPUT_CALLBACK(UnicastForwardCallback) ucb,
                    IPSEC_ROUTE_INPUT_CALLBACK(MulticastForwardCallback) mcb,
                    IPSEC_ROUTE_INPUT_CALLBACK(LocalDeliverCallback) lcb,
                    IPSEC_ROUTE_INPUT_CALLBACK(ErrorCallback) ecb) override;
    /// \param interface ignored: the shim keeps no routes
    void NotifyInterfaceUp(uint32_t interface) override;
    /// \param interface ignored: the shim keeps no routes
    void NotifyInterfaceDown(uint32_t interface) override;
    /**
     * \brief Ignored: the shim keeps no routes.
     * \param interface the interface
     * \param address the address added
     */
    void NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    /**
     * \brief Ignored: the shim keeps no routes.
     * \param interface the interface
     * \param address the address removed
     */
    void NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    /**
     * \brief Ignored: the shim keeps no routes.
     * \param dst destination
     * \param mask its prefix
     * \param nextHop next hop
     * \param interface interface
     * \param prefixToUse prefix to use
     */
    void NotifyAddRoute(Ipv6Address dst,
                        Ipv6Prefix mask,
                        Ipv6Address nextHop,
                        uint32_t interface,
                        Ipv6Address prefixToUse) override;
    /**
     * \brief Ignored: the shim keeps no routes.
     * \param dst destination
     * \param mask its prefix
     * \param nextHop next hop
     * \param interface interface
     * \param prefixToUse prefix to use
     */
    void NotifyRemoveRoute(Ipv6Address dst,
                           Ipv6Prefix mask,
                           Ipv6Address nextHop,
                           uint32_t interface,
                           Ipv6Address prefixToUse) override;
    /// \param ipv6 ignored
    void SetIpv6(Ptr<Ipv6> ipv6) override;
    /**
     * \brief Print that the shim has no routes.
     * \param stream where to print
     * \param unit time unit
     */
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    /// Release the callback.
    void DoDispose() override;

  private:
    Forward m_forward; //!< where transit packets go
};

} // namespace ns3

#endif /* IPSEC_IPV6_FORWARDING_SHIM_H */
