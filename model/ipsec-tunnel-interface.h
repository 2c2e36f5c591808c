/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_TUNNEL_INTERFACE_H
#define IPSEC_TUNNEL_INTERFACE_H

#include "security-policy-database.h"

#include "ns3/ipv4-interface-address.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/virtual-net-device.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A route-based IPsec tunnel: an IPv4 interface (like Solaris' ip.tun, Linux' vti) whose
 * traffic leaves through tunnel-mode SAs between two fixed endpoints.
 *
 * Routes decide what enters the tunnel (a static route to the far network via this interface).
 * The interface has its own SPD: with no entries everything routed into it is protected with
 * ESP in tunnel mode; with entries, a packet that matches none is dropped (RFC 4301 §5), drop
 * entries drop, and protection entries choose the protection (tunnel endpoints left as "any"
 * are the interface's). Decapsulated packets of the tunnel's SAs re-enter IP on this interface,
 * after the per-tunnel inbound policy.
 *
 * The interface reports the largest MTU (65535) so that IP never fragments a datagram before
 * IPsec has seen it: the gateway's path MTU rules (fragmentation-needed for DF datagrams, DfBit)
 * apply as in policy-based tunnels, against the real path to the peer.
 */
class IpsecTunnelInterface : public Object
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecTunnelInterface();

    /// Where datagrams routed into the interface go (IpsecGatewayStage::SendThroughTunnel).
    using SendCallback = Callback<bool, Ptr<IpsecTunnelInterface>, Ptr<Packet>>;

    /**
     * \brief Create the virtual device and its IPv4 interface on a node.
     * \param node the node
     * \param local this end's tunnel address (an address of the node)
     * \param remote the peer's tunnel address
     * \param address the interface's own address (e.g. from 169.254.0.0/16)
     * \param send where datagrams routed into it go
     */
    void Setup(Ptr<Node> node,
               Ipv4Address local,
               Ipv4Address remote,
               Ipv4InterfaceAddress address,
               SendCallback send);

    Ipv4Address GetLocal() const;  //!< \return this end's tunnel address
    Ipv4Address GetRemote() const; //!< \return the peer's tunnel address
    /// \return the per-tunnel SPD
    Ptr<SecurityPolicyDatabase> GetSpd() const;
    /// \return the IPv4 interface index (for routes)
    uint32_t GetInterface() const;
    /// \return the virtual device
    Ptr<VirtualNetDevice> GetDevice() const;
    /**
     * \return the name configuration files use for the tunnel (ipsecconf `tunnel NAME`): the
     * device's name in ns3::Names if it has one, else `ip.tunN` (N counts the node's tunnels)
     */
    std::string GetName() const;
    /// \param name the default name (`ip.tunN`), set by IpsecL3Protocol::AddTunnelInterface
    void SetDefaultName(const std::string& name);

  protected:
    /// Release the IPsec layer, the device and the per-tunnel SPD.
    void DoDispose() override;

  private:
    bool Send(Ptr<Packet> packet,
              const Address& source,
              const Address& destination,
              uint16_t protocol);

    SendCallback m_send; //!< where datagrams go
    Ptr<VirtualNetDevice> m_device;
    Ptr<SecurityPolicyDatabase> m_spd;
    Ipv4Address m_local;
    Ipv4Address m_remote;
    std::string m_defaultName;
    uint32_t m_interface{0};
};

} // namespace ns3

#endif /* IPSEC_TUNNEL_INTERFACE_H */
