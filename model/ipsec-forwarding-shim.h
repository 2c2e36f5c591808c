/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_FORWARDING_SHIM_H
#define IPSEC_FORWARDING_SHIM_H

#include "ipsec-ns3-compat.h"

#include "ns3/ipv4-routing-protocol.h"

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
class IpsecForwardingShim : public Ipv4RoutingProtocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecForwardingShim();
    /// Where transit packets go (IpsecGatewayStage::RouteForwarded): true when IPsec took one.
    using Forward = Callback<bool, Ptr<const Packet>, const Ipv4Header&, Ptr<const NetDevice>>;

    /// \param forward where transit packets go (null: plain forwarding)
    explicit IpsecForwardingShim(Forward forward);

    /**
     * \brief Never routes: locally generated packets are the transport hook's business.
     * \param p the packet
     * \param header its IPv4 header
     * \param oif the requested output interface
     * \param sockerr set to ERROR_NOROUTETOHOST, so the next routing protocol is asked
     * \return nullptr
     */
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
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
    /// \param interface ignored: the shim keeps no routes
    void NotifyInterfaceUp(uint32_t interface) override;
    /// \param interface ignored: the shim keeps no routes
    void NotifyInterfaceDown(uint32_t interface) override;
    /**
     * \brief Ignored: the shim keeps no routes.
     * \param interface the interface
     * \param address the address added
     */
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    /**
     * \brief Ignored: the shim keeps no routes.
     * \param interface the interface
     * \param address the address removed
     */
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    /// \param ipv4 ignored: the shim reaches IPv4 through its IPsec layer
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    /**
     * \brief Print a line saying that transit packets meet tunnel policy before the routes of
     * the other routing protocols.
     * \param stream output stream
     * \param unit time unit (unused: the shim has no routes to age)
     */
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const override;

  protected:
    /// Forget the IPsec layer.
    void DoDispose() override;

  private:
    Forward m_forward; //!< where transit packets go
};

} // namespace ns3

#endif /* IPSEC_FORWARDING_SHIM_H */
