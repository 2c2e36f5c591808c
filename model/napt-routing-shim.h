/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAPT_ROUTING_SHIM_H
#define NAPT_ROUTING_SHIM_H

#include "ipv4-transit-hook.h"

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
class NaptRoutingShim : public Ipv4TransitHook
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    NaptRoutingShim();

    /// \param box the NAT whose outbound datapath transit packets go to
    explicit NaptRoutingShim(Ptr<NaptBox> box);

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
