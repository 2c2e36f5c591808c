/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPV4_TRANSIT_HOOK_H
#define IPV4_TRANSIT_HOOK_H

#include "ipsec-ns3-compat.h"

#include "ns3/ipv4-routing-protocol.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A routing protocol that keeps no routes, put in a node's Ipv4ListRouting ahead of its
 * other protocols to see the transit packets.
 *
 * Ipv4ListRouting delivers local packets itself before asking its protocols, so RouteInput()
 * sees exactly the transit packets: a subclass takes those it wants (IpsecForwardingShim: tunnel
 * policy; NaptRoutingShim: source NAT) and leaves the rest to the routing protocols below it.
 * It never routes locally generated packets: RouteOutput() returns no route.
 */
class Ipv4TransitHook : public Ipv4RoutingProtocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    /**
     * \brief Never routes: the hook is for transit packets only.
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
    /// \param interface ignored: the hook keeps no routes
    void NotifyInterfaceUp(uint32_t interface) override;
    /// \param interface ignored: the hook keeps no routes
    void NotifyInterfaceDown(uint32_t interface) override;
    /**
     * \brief Ignored: the hook keeps no routes.
     * \param interface the interface
     * \param address the address added
     */
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    /**
     * \brief Ignored: the hook keeps no routes.
     * \param interface the interface
     * \param address the address removed
     */
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    /// \param ipv4 ignored: the hook reaches IPv4 through what it feeds
    void SetIpv4(Ptr<Ipv4> ipv4) override;
};

} // namespace ns3

#endif /* IPV4_TRANSIT_HOOK_H */
