/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAPT_ROUTING_SHIM_H
#define NAPT_ROUTING_SHIM_H

#include "ipsec-ns3-compat.h"

#include "ns3/ipv4-routing-protocol.h"

namespace ns3
{

class NaptBox;

/**
 * \ingroup ipsec
 * \brief The outbound hook of a NaptBox: a routing protocol in the NAT node's Ipv4ListRouting.
 *
 * Ipv4ListRouting delivers local packets itself before asking its protocols, so RouteInput()
 * sees exactly the transit packets; it hands them to NaptBox::TranslateOutbound(), which
 * translates and forwards those going from an inside interface out of the outside one, and
 * leaves everything else to the node's other routing protocols. The shim never routes locally
 * generated packets (RouteOutput() returns no route).
 */
class NaptRoutingShim : public Ipv4RoutingProtocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    NaptRoutingShim();

    /// \param box the NAT whose outbound datapath transit packets go to
    explicit NaptRoutingShim(Ptr<NaptBox> box);

    /**
     * \brief Never routes: the NAT translates transit packets only.
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
     * \brief Hand a transit packet to NaptBox::TranslateOutbound().
     * \param p the packet (without its IPv4 header)
     * \param header its IPv4 header
     * \param idev the device it arrived on
     * \param ucb where a translated packet is forwarded
     * \param mcb unused (multicast is not translated)
     * \param lcb unused (Ipv4ListRouting delivers local packets itself)
     * \param ecb unused
     * \return true when the NAT took the packet (translated and forwarded, or dropped)
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
    /// \param ipv4 ignored: the shim reaches IPv4 through its NAT
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    /**
     * \brief Print the NAT's mappings, after a line saying what the shim does.
     * \param stream output stream
     * \param unit time unit (unused)
     */
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const override;

  protected:
    /// Forget the NAT.
    void DoDispose() override;

  private:
    Ptr<NaptBox> m_box; //!< the NAT
};

} // namespace ns3

#endif /* NAPT_ROUTING_SHIM_H */
