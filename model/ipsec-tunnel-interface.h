/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_TUNNEL_INTERFACE_H
#define IPSEC_TUNNEL_INTERFACE_H

#include "ipsec-address.h"
#include "security-policy-database.h"

#include "ns3/ipv4-interface-address.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/virtual-net-device.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A route-based IPsec tunnel: an interface (like Solaris' ip.tun and ip6.tun, Linux' vti
 * and vti6) whose traffic leaves through tunnel-mode SAs between two fixed endpoints.
 *
 * The endpoints are of one family, IPv4 or IPv6; the interface itself carries IPv4, IPv6 or
 * both, whatever the endpoints' family (4-in-4, 6-in-4, 4-in-6, 6-in-6). It joins a family's
 * IP layer when it gets an address of that family (AddAddress) or, for IPv6, when asked
 * (EnableIpv6: the link-local address only, like an unnumbered vti6).
 *
 * Routes decide what enters the tunnel (a static route to the far network via this interface).
 * The interface has its own SPD: with no entries everything routed into it is protected with
 * ESP in tunnel mode; with entries, a packet that matches none is dropped (RFC 4301 §5), drop
 * entries drop, and protection entries choose the protection (tunnel endpoints left as "any"
 * are the interface's). Decapsulated packets of the tunnel's SAs re-enter IP on this interface,
 * after the per-tunnel inbound policy.
 *
 * The interface reports the largest MTU (65535) so that IP never fragments a datagram before
 * IPsec has seen it: the gateway's path MTU rules (fragmentation-needed for DF datagrams, IPv6
 * Packet Too Big, DfBit) apply as in policy-based tunnels, against the real path to the peer.
 * Its IPv6 interface forwards when the node's other IPv6 interfaces do.
 */
class IpsecTunnelInterface : public Object
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecTunnelInterface();

    /**
     * Where datagrams routed into the interface go (IpsecGatewayStage::SendThroughTunnel),
     * with the datagram's protocol number (0x0800 IPv4, 0x86DD IPv6).
     */
    using SendCallback = Callback<bool, Ptr<IpsecTunnelInterface>, Ptr<Packet>, uint16_t>;

    /**
     * \brief Create the virtual device on \p node; it joins no IP layer yet.
     * \param node the gateway
     * \param local this end's tunnel endpoint
     * \param remote the peer's tunnel endpoint (same family)
     * \param send where datagrams routed into the interface go
     */
    void Setup(Ptr<Node> node,
               const IpsecAddress& local,
               const IpsecAddress& remote,
               SendCallback send);

    /**
     * \brief Give the interface an IPv4 address, joining the node's IPv4 layer on first use.
     * \param address the address and mask
     */
    void AddAddress(const Ipv4InterfaceAddress& address);
    /**
     * \brief Give the interface an IPv6 address, joining the node's IPv6 layer on first use.
     * \param address the address and prefix
     */
    void AddAddress(const Ipv6InterfaceAddress& address);
    /**
     * \brief Join the node's IPv6 layer with the link-local address only (no-op if joined).
     * ns-3's static routing gives a route a source address of the route's scope from its
     * interface (and asserts without one in debug builds): add a global or unique local address
     * (AddAddress) before routing global prefixes into the interface.
     */
    void EnableIpv6();

    IpsecAddress GetLocal() const;  //!< \return this end's tunnel endpoint
    IpsecAddress GetRemote() const; //!< \return the peer's tunnel endpoint
    /// \return the per-tunnel SPD
    Ptr<SecurityPolicyDatabase> GetSpd() const;
    /// \return whether the interface carries IPv4 (has joined the IPv4 layer)
    bool HasIpv4() const;
    /// \return whether the interface carries IPv6 (has joined the IPv6 layer)
    bool HasIpv6() const;
    /// \return the IPv4 interface index (for routes); aborts unless HasIpv4()
    uint32_t GetInterface() const;
    /// \return the IPv6 interface index (for routes); aborts unless HasIpv6()
    uint32_t GetInterface6() const;
    /**
     * \param family a family the interface carries
     * \return the interface index in that family's IP layer (the first family it joined if it
     * does not carry \p family)
     */
    uint32_t GetInterfaceFor(IpsecAddress::Family family) const;
    /// \return the virtual device
    Ptr<VirtualNetDevice> GetDevice() const;
    /**
     * \brief Hand a decapsulated datagram to IP as received on this interface.
     * \param datagram the inner datagram, header included
     * \param family its family
     */
    void Receive(Ptr<Packet> datagram, IpsecAddress::Family family);
    /// \return the name: the device's name (Names) or the default one
    std::string GetName() const;
    /// \param name the default name (`ip.tunN`), set by IpsecL3Protocol::AddTunnelInterface
    void SetDefaultName(const std::string& name);

  protected:
    /// Release the IPsec layer, the device and the per-tunnel SPD.
    void DoDispose() override;

  private:
    /// The device's send callback: hand the datagram to the IPsec layer.
    bool Send(Ptr<Packet> packet,
              const Address& source,
              const Address& destination,
              uint16_t protocol);

    SendCallback m_send; //!< where datagrams go
    Ptr<Node> m_node;    //!< the gateway
    Ptr<VirtualNetDevice> m_device;
    Ptr<SecurityPolicyDatabase> m_spd;
    IpsecAddress m_local;
    IpsecAddress m_remote;
    std::string m_defaultName;
    int32_t m_interface{-1};  //!< IPv4 interface index, -1 before joining
    int32_t m_interface6{-1}; //!< IPv6 interface index, -1 before joining
};

} // namespace ns3

#endif /* IPSEC_TUNNEL_INTERFACE_H */
