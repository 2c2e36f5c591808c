/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_FORWARDING_SHIM_H
#define IPSEC_FORWARDING_SHIM_H

#include "ns3/ipv4-routing-protocol.h"

namespace ns3
{

class IpsecL3Protocol;

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
    /// \param ipsec the node's IPsec layer
    explicit IpsecForwardingShim(Ptr<IpsecL3Protocol> ipsec);

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<IpsecL3Protocol> m_ipsec;
};

} // namespace ns3

#endif /* IPSEC_FORWARDING_SHIM_H */
