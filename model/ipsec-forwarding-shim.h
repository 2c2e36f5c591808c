/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_FORWARDING_SHIM_H
#define IPSEC_FORWARDING_SHIM_H

#include "ipv4-transit-hook.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The security-gateway hook: a routing protocol added to the node's Ipv4ListRouting
 * with the highest priority.
 *
 * Ipv4ListRouting delivers local packets itself, so RouteInput() sees exactly the transit
 * packets. It hands them to IpsecL3Protocol::RouteForwarded(): inbound tunnel policy is checked,
 * outbound tunnel policy may protect the packet (it then leaves through the tunnel and the shim
 * reports it routed), and everything else falls through to the node's other routing protocols.
 * The shim never routes locally generated packets (RouteOutput returns no route).
 */
class IpsecForwardingShim : public Ipv4TransitHook
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecForwardingShim();
    /// Where transit packets go (IpsecGatewayStage::RouteForwarded): true when IPsec took one.
    using Forward = Callback<bool, Ptr<const Packet>, const Ipv4Header&, Ptr<const NetDevice>>;

    /// Told when an address of the node is added or removed (IpsecIpv4Adapter::AddressesChanged).
    using AddressesChanged = Callback<void>;

    /**
     * \param forward where transit packets go (null: plain forwarding)
     * \param changed told of every address Ipv4L3Protocol adds or removes (may be null)
     */
    explicit IpsecForwardingShim(Forward forward, AddressesChanged changed = AddressesChanged());

    /**
     * \brief Hand a unicast transit packet to IpsecL3Protocol::RouteForwarded().
     * \param p the packet (without its IPv4 header)
     * \param header its IPv4 header
     * \param idev the device it arrived on
     * \param ucb unused: a protected packet leaves through the IPsec layer
     * \param mcb unused (multicast is not IPsec's)
     * \param lcb unused (Ipv4ListRouting delivers local packets itself)
     * \param ecb unused
     * \return true when the IPsec layer consumed the packet (protected and sent, or dropped);
     *         false for multicast, broadcast and packets policy leaves to ordinary forwarding
     */
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    IPSEC_ROUTE_INPUT_CALLBACK(UnicastForwardCallback) ucb,
                    IPSEC_ROUTE_INPUT_CALLBACK(MulticastForwardCallback) mcb,
                    IPSEC_ROUTE_INPUT_CALLBACK(LocalDeliverCallback) lcb,
                    IPSEC_ROUTE_INPUT_CALLBACK(ErrorCallback) ecb) override;
    /**
     * \brief Print a line saying that transit packets meet tunnel policy before the routes of
     * the other routing protocols.
     * \param stream output stream
     * \param unit time unit (unused: the shim has no routes to age)
     */
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const override;
    /**
     * \brief Report the new address.
     * \param interface its interface
     * \param address the address
     */
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    /**
     * \brief Report the removed address.
     * \param interface its interface
     * \param address the address
     */
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;

  protected:
    /// Forget the IPsec layer.
    void DoDispose() override;

  private:
    Forward m_forward;          //!< where transit packets go
    AddressesChanged m_changed; //!< told of added and removed addresses
};

} // namespace ns3

#endif /* IPSEC_FORWARDING_SHIM_H */
