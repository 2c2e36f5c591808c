/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_L3_PROTOCOL_H
#define IPSEC_L3_PROTOCOL_H

#include "ipsec-acquire-table.h"
#include "ipsec-config-generation.h"
#include "ipsec-config.h"
#include "ipsec-connection-latches.h"
#include "ipsec-drop-reason.h"
#include "ipsec-flow.h"
#include "ipsec-gateway-stage.h"
#include "ipsec-inbound-guard.h"
#include "ipsec-inbound-tag.h"
#include "ipsec-input-stage.h"
#include "ipsec-ipv4-adapter.h"
#include "ipsec-ipv6-adapter.h"
#include "ipsec-key-management.h"
#include "ipsec-output-stage.h"
#include "ipsec-policy-engine.h"
#include "ipsec-sa-resolver.h"
#include "ipsec-settings.h"
#include "ipsec-socket-policy-index.h"
#include "ipsec-socket-policy.h"
#include "ipsec-stack-hooks.h"
#include "ipsec-state.h"
#include "ipsec-stats.h"
#include "ipsec-tunnel-header.h"
#include "ipsec-tunnel-interface.h"
#include "ipsec-tunnel-table.h"
#include "security-association-database.h"
#include "security-policy-database.h"

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <memory>
#include <unordered_map>

namespace ns3
{

class Ipv4L3Protocol;
class Ipv4Interface;
class Node;

/**
 * \ingroup ipsec
 * \brief The IPsec layer of one node, between Ipv4L3Protocol and the transports (IPv4).
 *
 * Aggregate it to a node after the internet stack (IpsecHelper::Install does). It then
 *  - takes over the down targets of UDP, TCP and ICMPv4, so every segment they send passes the
 *    outbound SPD lookup and, when policy says so, ESP and/or AH before Ipv4L3Protocol sends it;
 *  - registers handlers for IP protocols 50 and 51 and verifies ESP/AH (anti-replay before the
 *    ICV, window update after). A transport-mode payload for UDP or TCP then goes straight to
 *    that transport (through its inbound guard), without a second pass through IP input, as in
 *    BSD's ipsec4_common_input_cb; ICMP, protocols without a handler and the inner datagram of
 *    tunnel mode re-enter Ipv4L3Protocol's input on the interface they arrived on (raw sockets
 *    and forwarding included), or on their route-based tunnel interface;
 *  - wraps UDP, TCP and ICMPv4 with IpsecInboundGuard, so every packet about to be delivered to
 *    them passes the inbound policy check (cleartext refused by `require`, wrong SA, SA
 *    selectors);
 *  - adds IpsecForwardingShim to the node's Ipv4ListRouting, so transit packets meet tunnel
 *    policy (security gateways).
 * Raw sockets send directly through Ipv4L3Protocol and bypass outbound policy.
 *
 * Policy for a UDP or TCP packet comes from, in order: the latch of its TCP connection (the
 * decisions taken when the connection opened; SPD changes affect new connections only), the
 * per-socket policy of the socket it belongs to (IpsecSocketPolicy), then the SPD.
 * Intra-machine traffic (loopback, or to one of the node's own addresses) gets the same policy
 * decisions but no transform: the mechanisms the outbound policy asks for are credited to the
 * packet, and the inbound check accepts the credit as if they had been applied (illumos).
 */
class IpsecL3Protocol : public Object
{
  public:
    /// Default policy when no SPD entry matches (BSD `def_policy`).
    using DefaultPolicy = IpsecSettings::DefaultPolicy;
    static constexpr DefaultPolicy DISCARD = IpsecSettings::DISCARD; //!< drop
    static constexpr DefaultPolicy PASS = IpsecSettings::PASS;       //!< send/accept in the clear

    /// Configuration file formats of the KeyFile/PolicyFile attributes.
    enum ConfigFormat
    {
        IPSECCONF_FORMAT, //!< ipsecconf / ipsecinit.conf (policy)
        IPSECKEY_FORMAT,  //!< ipseckey (SAs)
        SETKEY_FORMAT     //!< setkey (SAs and policy)
    };

    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecL3Protocol();
    ~IpsecL3Protocol() override;

    /// \return this node's SPD
    Ptr<SecurityPolicyDatabase> GetSpd() const;
    /// \return this node's SADB
    Ptr<SecurityAssociationDatabase> GetSadb() const;
    /// \return this node's PF_KEY-style key management interface
    Ptr<IpsecKeyManagement> GetKeyManagement() const;
    /// \return packets currently held while their SAs are being acquired
    size_t GetHeldPackets() const;
    /// \return this node's counters
    const IpsecStats& GetStats() const;
    /// Reset the counters.
    void ResetStats();
    /// \return the node
    Ptr<Node> GetNode() const;

    /**
     * \brief Give a socket its per-socket policy object (IpsecSocketPolicy::Attach calls this).
     * \param socket a UDP or TCP socket of this node (anything else aborts with a message)
     * \param privileged whether its owner may bypass IPsec
     * \return the new policy object, aggregated to the socket
     */
    Ptr<IpsecSocketPolicy> AttachSocket(Ptr<Socket> socket, bool privileged);
    /**
     * \brief Forget a per-socket policy (IpsecSocketPolicy calls this when it is disposed with
     * its socket).
     * \param policy the policy
     */
    void DetachSocket(IpsecSocketPolicy* policy);
    /// \return number of per-socket policies of live sockets this node knows
    size_t GetSocketPolicyCount() const;
    /**
     * \brief Is a TCP connection's policy latched?
     * \param local this node's address
     * \param localPort this node's port
     * \param remote the peer's address
     * \param remotePort the peer's port
     * \return true when the connection has a latch
     */
    bool IsLatched(const IpsecAddress& local,
                   uint16_t localPort,
                   const IpsecAddress& remote,
                   uint16_t remotePort) const;
    /// \return number of latched TCP connections (closed ones in TIME_WAIT included)
    size_t GetLatchedConnections() const;
    /// \return the PersockRequirePriv attribute
    bool GetPersockRequirePriv() const;
    /**
     * \param request a protection request
     * \param family the family of the traffic it protects
     * \return its level, with `default` resolved through EspTransDefLev and friends (for IPv6,
     *         Ipv6EspTransDefLev and friends where set)
     */
    IpsecLevel EffectiveLevel(const IpsecProtectionRequest& request,
                              IpsecAddress::Family family = IpsecAddress::Family::IPV4) const;

    /**
     * \brief Load what the KeyFile, KeyText, PolicyFile and PolicyText attributes name, in that
     * order and as one transaction: all of it or, on an error, nothing. Initialization does this
     * (a bad file then stops the simulation with its message); call it earlier to get the
     * error as a value instead (the Python bindings do, before Simulator.Run()). Once loaded,
     * later calls do nothing.
     * \return the result; its error names the file (or KeyText/PolicyText), line and column
     */
    IpsecConfigResult LoadConfiguredFiles();

    /**
     * \brief Use fixed random streams for IVs and GETSPI.
     * \param stream first stream index
     * \return number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Is an address one of this node's own?
     * \param address the address
     * \return true for a local address or loopback
     */
    bool IsLocalAddress(const IpsecAddress& address) const;

    /// Signature of the Drop trace.
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet,
                                       IpsecDropReason reason,
                                       IpsecDirection direction,
                                       uint32_t spi);
    /// Signature of the OutboundProtected and InboundVerified traces.
    typedef void (*SaPacketTracedCallback)(Ptr<const Packet> packet,
                                           Ptr<const SecurityAssociation> sa);
    /// Signature of the CleartextOut/CleartextIn traces: a whole IPv4 datagram.
    typedef void (*DatagramTracedCallback)(Ptr<const Packet> datagram);
    /**
     * Signature of ClearSend and ClearDeliver: a datagram's header and its payload, the packet
     * itself (not a copy), as Ipv4L3Protocol's SendOutgoing and LocalDeliver pass them.
     */
    typedef void (*ClearTracedCallback)(const Ipv4Header& header, Ptr<const Packet> payload);
    /// Signature of ClearSend6 and ClearDeliver6: ClearSend and ClearDeliver for IPv6.
    typedef void (*Clear6TracedCallback)(const Ipv6Header& header, Ptr<const Packet> payload);
    /// Signature of the PolicyLog trace.
    typedef void (*PolicyLogTracedCallback)(const std::string& message);

    /**
     * \brief Add a route-based tunnel interface (see IpsecTunnelInterface) with no address
     * yet: give it addresses of the families it is to carry (IpsecTunnelInterface::AddAddress,
     * EnableIpv6). Tunnel-mode SAs between \p local and \p remote belong to it from then on.
     * \param local this end's tunnel endpoint (IPv4 or IPv6; the node must have that family)
     * \param remote the peer's tunnel endpoint, of the same family
     * \return the interface
     */
    Ptr<IpsecTunnelInterface> AddTunnelInterface(const IpsecAddress& local,
                                                 const IpsecAddress& remote);
    /**
     * \brief Add an IPv4 route-based tunnel interface between IPv4 endpoints.
     * \param local this end's tunnel address
     * \param remote the peer's tunnel address
     * \param address the interface's own address
     * \return the interface
     */
    Ptr<IpsecTunnelInterface> AddTunnelInterface(Ipv4Address local,
                                                 Ipv4Address remote,
                                                 Ipv4InterfaceAddress address);
    /// \return the route-based tunnel interfaces
    const std::vector<Ptr<IpsecTunnelInterface>>& GetTunnelInterfaces() const;

  protected:
    /// Load the configured files (LoadConfiguredFiles()); a bad file stops the simulation.
    void DoInitialize() override;
    /// Hook into the node's IPv4 stack once the node and its Ipv4L3Protocol are aggregated.
    void NotifyNewAggregate() override;
    /// Release the databases, the key management interface, held packets, socket policies,
    /// latches and tunnel interfaces.
    void DoDispose() override;

  private:
    /**
     * \brief Outbound entry point: the down target of UDP, TCP and ICMPv4.
     * \param packet upper-layer segment
     * \param source source address
     * \param destination destination address
     * \param protocol upper-layer protocol
     * \param route route chosen by the transport (may be null)
     */
    void Send(Ptr<Packet> packet,
              Ipv4Address source,
              Ipv4Address destination,
              uint8_t protocol,
              Ptr<Ipv4Route> route);
    /**
     * \brief Inbound ESP/AH (called by IpsecL4Handler): find the SA, verify and decrypt, then
     * hand the cleartext on (see the class description).
     * \param protocol ESP or AH
     * \param packet the ESP/AH bytes
     * \param header the IPv4 header as received (after reassembly)
     * \param incoming the interface it arrived on
     */
    void ReceiveProtected(IpsecProtocol protocol,
                          Ptr<Packet> packet,
                          const Ipv4Header& header,
                          Ptr<Ipv4Interface> incoming);
    /**
     * \brief Inbound policy check for a packet about to reach a transport (called by the guards).
     * \param packet the upper-layer segment
     * \param header its IPv4 header
     * \param incoming the interface
     * \return true to deliver, false when dropped (counted and traced). A delivered packet
     * loses its decapsulation history, as a kernel's packet tags end where the data reaches the
     * socket: an application that sends it on does not carry this node's verdict with it.
     */
    bool AcceptInbound(Ptr<Packet> packet, const Ipv4Header& header, Ptr<Ipv4Interface> incoming);

    /**
     * \brief IPv6 outbound entry point: the IPv6 down target of UDP, TCP and ICMPv6.
     * \param packet upper-layer segment
     * \param source source address
     * \param destination destination address
     * \param protocol upper-layer protocol
     * \param route route chosen by the transport (may be null)
     */
    void Send6(Ptr<Packet> packet,
               Ipv6Address source,
               Ipv6Address destination,
               uint8_t protocol,
               Ptr<Ipv6Route> route);
    /**
     * \brief IPv6 inbound policy check for a packet about to reach UDP or TCP (called by the
     * guards).
     * \param packet the upper-layer segment
     * \param header its IPv6 header
     * \param protocol its upper-layer protocol
     * \param incoming the interface it arrived on
     * \return true to deliver, false when dropped (counted and traced)
     */
    bool AcceptInbound6(Ptr<Packet> packet,
                        const Ipv6Header& header,
                        uint8_t protocol,
                        Ptr<Ipv6Interface> incoming);
    /**
     * \brief IPv6 transit packets (called by the IPv6 forwarding shim).
     * \param p the packet
     * \param header its IPv6 header
     * \param idev the device it arrived on
     * \return true when the IPsec layer consumed it
     */
    bool RouteForwarded6(Ptr<const Packet> p, const Ipv6Header& header, Ptr<const NetDevice> idev);
    /**
     * \brief Inbound ESP over IPv6 (called by an IpsecL4Handler in Ipv6L3Protocol's table).
     * \param protocol ESP
     * \param packet the ESP bytes
     * \param header the IPv6 header as received
     * \param incoming the interface it arrived on
     */
    void ReceiveProtected6(IpsecProtocol protocol,
                           Ptr<Packet> packet,
                           const Ipv6Header& header,
                           Ptr<Ipv6Interface> incoming);
    /**
     * \brief The security-gateway path, called by IpsecForwardingShim for transit packets:
     * inbound tunnel policy, then outbound tunnel policy (TTL, path MTU, DF and ECN rules).
     * \param p the transit packet (without its IPv4 header)
     * \param header its IPv4 header
     * \param idev the device it arrived on
     * \return true when IPsec consumed the packet (protected and sent, or dropped); false to
     *         let the other routing protocols forward it
     */
    bool RouteForwarded(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev);
    /**
     * \brief A datagram routed into a tunnel interface: per-tunnel policy, then protection.
     * \param tunnel the interface
     * \param datagram the datagram, its IP header included
     * \param protocol its protocol number (0x0800 IPv4, 0x86DD IPv6)
     * \return true when it was sent or dropped by IPsec (counted)
     */
    bool SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel,
                           Ptr<Packet> datagram,
                           uint16_t protocol);
    /// Hook into the node's IPv4 stack (down targets, protocol table, routing) and build the
    /// stages.
    void AttachToStack();
    /**
     * \brief Put the IPsec layer between the node's IPv6 layer and its transports: policy for
     * IPv6 traffic (after AttachToStack(), which builds the stages).
     * \param ipv6 the node's IPv6 layer
     */
    void AttachToIpv6(Ptr<Ipv6L3Protocol> ipv6);
    /**
     * The "Spd" attribute's setter.
     * \param spd the new SPD
     */
    void SetSpd(Ptr<SecurityPolicyDatabase> spd);
    /**
     * The "Sadb" attribute's setter.
     * \param sadb the new SADB
     */
    void SetSadb(Ptr<SecurityAssociationDatabase> sadb);

    /**
     * An attribute's setter: writes one of the shared IpsecSettings.
     * \tparam T the setting's type
     * \tparam Field the setting
     * \param value its new value
     */
    template <typename T, T IpsecSettings::*Field>
    void SetSetting(T value)
    {
        m_state->settings.*Field = value;
        IpsecConfigGeneration::Bump(); // cached verdicts may depend on it
    }

    /**
     * An attribute's getter: reads one of the shared IpsecSettings.
     * \tparam T the setting's type
     * \tparam Field the setting
     * \return its value
     */
    template <typename T, T IpsecSettings::*Field>
    T GetSetting() const
    {
        return m_state->settings.*Field;
    }

    Ptr<Node> m_node;
    Ptr<Ipv4L3Protocol> m_ipv4;
    Ptr<IpsecIpv4Adapter> m_l3;   //!< the node's IPv4 layer, as the datapath uses it
    Ptr<IpsecIpv6Adapter> m_l3v6; //!< the node's IPv6 layer, if it has one
    Ptr<IpsecState> m_state;    //!< what the datapath shares: settings, counters, databases, drops
    IpsecTunnelTable m_tunnels; //!< route-based tunnel interfaces
    IpsecSaResolver m_resolver; //!< policy -> SA bundle; ACQUIRE, hold or drop missing SAs
    IpsecPolicyEngine m_engine; //!< every policy decision, as one verdict
    std::unique_ptr<IpsecOutputStage> m_output;   //!< local outbound and protection
    std::unique_ptr<IpsecInputStage> m_input;     //!< ESP/AH input and inbound checks
    std::unique_ptr<IpsecGatewayStage> m_gateway; //!< transit and tunnel interfaces
    bool m_hooked{false};
    bool m_hooked6{false};
    IpsecStackHooks m_hooks; //!< the transports' down targets, guards, handlers and shims

    bool m_filesLoaded{false}; //!< LoadConfiguredFiles() succeeded
    std::string m_keyFile;
    std::string m_keyText;
    ConfigFormat m_keyFormat{IPSECKEY_FORMAT};
    std::string m_policyFile;
    std::string m_policyText;
    ConfigFormat m_policyFormat{IPSECCONF_FORMAT};

    TracedCallback<Ptr<const Packet>, Ptr<const SecurityAssociation>> m_protectedTrace;
    TracedCallback<Ptr<const Packet>, Ptr<const SecurityAssociation>> m_verifiedTrace;
    TracedCallback<Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t> m_dropTrace;
    TracedCallback<Ptr<const Packet>> m_cleartextOutTrace;
    TracedCallback<Ptr<const Packet>> m_cleartextInTrace;
    TracedCallback<const Ipv4Header&, Ptr<const Packet>> m_clearSendTrace;
    TracedCallback<const Ipv4Header&, Ptr<const Packet>> m_clearDeliverTrace;
    TracedCallback<const Ipv6Header&, Ptr<const Packet>> m_clearSend6Trace;
    TracedCallback<const Ipv6Header&, Ptr<const Packet>> m_clearDeliver6Trace;
    TracedCallback<const std::string&> m_policyLogTrace;
};

} // namespace ns3

#endif /* IPSEC_L3_PROTOCOL_H */
