/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_INPUT_STAGE_H
#define IPSEC_INPUT_STAGE_H

#include "ipsec-ip-header.h"
#include "ipsec-ipv4-adapter.h"
#include "ipsec-ipv6-adapter.h"
#include "ipsec-policy-engine.h"
#include "ipsec-state.h"
#include "ipsec-tunnel-table.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The inbound half of the datapath: ESP and AH packets (IpsecL4Handler), and the
 * inbound policy check of every packet a transport is about to receive (IpsecInboundGuard) or
 * the gateway is about to forward.
 *
 * ReceiveProtected() does what every protocol shares, as OpenBSD's `ipsec_common_input()` and
 * Linux' `xfrm_input()` do: size, SPI, SA lookup and state, then the SA's IpsecTransform::Input()
 * (anti-replay around the ICV), accounting, the decapsulation history (IpsecInboundTag), and the
 * mode step: a tunnel-mode datagram re-enters IP (or its route-based tunnel interface), a
 * transport-mode payload goes straight to its transport.
 */
class IpsecInputStage
{
  public:
    /**
     * \param state the shared state
     * \param l3 the IPv4 layer
     * \param engine the policy engine
     * \param tunnels the tunnel interfaces
     */
    IpsecInputStage(Ptr<IpsecState> state,
                    Ptr<IpsecIpv4Adapter> l3,
                    IpsecPolicyEngine& engine,
                    IpsecTunnelTable& tunnels);

    /**
     * \brief Verify and decapsulate an ESP or AH packet delivered to this node.
     * \param protocol ESP or AH
     * \param packet the ESP/AH bytes
     * \param header the IP header it came with
     * \param incoming the interface it came in on
     * \param udpEncapsulated whether it came in UDP (RFC 3948; the UDP header removed)
     */
    void ReceiveProtected(IpsecProtocol protocol,
                          Ptr<Packet> packet,
                          const Ipv4Header& header,
                          Ptr<Ipv4Interface> incoming,
                          bool udpEncapsulated = false);

    /**
     * \brief A UDP datagram for this node, before its inbound policy check: when it goes to an
     * encapsulation endpoint (SecurityAssociationDatabase::IsEncapsulationEndpoint), ESP in it
     * is verified as ESP and a NAT keepalive is consumed (RFC 3948 §2.2-§2.3); anything else,
     * IKE behind the non-ESP marker included, goes on to the UDP socket.
     * \param packet the UDP datagram
     * \param header its IPv4 header
     * \param incoming the interface it came in on
     * \return true when the IPsec layer took it (verified, dropped or consumed)
     */
    bool ReceiveUdpEncapsulated(Ptr<Packet> packet,
                                const Ipv4Header& header,
                                Ptr<Ipv4Interface> incoming);

    /**
     * \brief The inbound policy check of a packet about to reach its transport; the history tag
     * is removed when it passes.
     * \param packet the payload
     * \param header its header
     * \param incoming the interface it came in on
     * \return true to deliver it (false: dropped and counted)
     */
    bool AcceptForDelivery(const Ptr<Packet>& packet,
                           const Ipv4Header& header,
                           const Ptr<Ipv4Interface>& incoming);

    /**
     * \brief The inbound policy check of an IPv6 packet about to reach its transport: its
     * verified layers (the history tag) against the inbound policy; cleartext that policy
     * protects is refused, ND and MLD always pass, ICMPv6 errors as IcmpAcceptClear says.
     * \param packet the payload
     * \param header its IPv6 header
     * \param protocol its transport protocol (after any extension headers)
     * \param incoming the interface it arrived on (null: unknown)
     * \return true to deliver it (false: dropped and counted)
     */
    bool AcceptForDelivery6(Ptr<Packet> packet,
                            const Ipv6Header& header,
                            uint8_t protocol,
                            Ptr<Ipv6Interface> incoming);

    /**
     * \brief The inbound policy check of a transit packet.
     * \param packet the payload
     * \param header its header
     * \param viaTunnelInterface whether it came in on a route-based tunnel interface
     * \return true to go on forwarding it (false: dropped and counted)
     */
    bool AcceptTransit(Ptr<Packet> packet, const Ipv4Header& header, bool viaTunnelInterface);

    /**
     * \brief The inbound policy check of an IPv6 transit packet.
     * \param packet the payload
     * \param header its IPv6 header
     * \param viaTunnelInterface whether it arrived on a route-based tunnel interface
     * \return true to go on forwarding it (false: dropped and counted)
     */
    bool AcceptTransit6(Ptr<Packet> packet, const Ipv6Header& header, bool viaTunnelInterface);

    /**
     * \brief An ESP packet that came over IPv6: verify it and hand a transport-mode payload to
     * UDP, TCP or ICMPv6 (through the inbound guard, with its history as a tag). Tunnel mode
     * and AH over IPv6 do not exist yet: such packets are dropped and counted.
     * \param protocol ESP
     * \param packet the ESP bytes
     * \param header the IPv6 header as received
     * \param incoming the interface it arrived on
     */
    void ReceiveProtected6(IpsecProtocol protocol,
                           Ptr<Packet> packet,
                           const Ipv6Header& header,
                           Ptr<Ipv6Interface> incoming);

    /// \param l3 the node's IPv6 layer, for ReceiveProtected6()
    void SetIpv6(Ptr<IpsecIpv6Adapter> l3);

  private:
    /// What Verify() found.
    struct Verified
    {
        Ptr<SecurityAssociation> sa; //!< the SA
        uint32_t spi = 0;            //!< its SPI
        uint8_t next = 0;            //!< the payload's protocol
        size_t length = 0;           //!< the payload's length
        size_t payloadOffset = 0;    //!< where the payload starts in the state's payload buffer
        IpsecInboundTag history;     //!< the decapsulation history, this layer added
        bool outerOptions = false;   //!< the outer IPv4 header had options (ns-3 kept none)
    };

    /**
     * \brief The fast path of a node with nothing configured: a packet without history whose
     * protocol PassesThrough() is accepted and counted as policy would.
     * \param packet the payload
     * \param protocol its transport protocol
     * \param family its family
     * \return true when accepted unchecked
     */
    bool PassesUnchecked(const Packet& packet, uint8_t protocol, IpsecAddress::Family family);

    /**
     * \brief The inbound check of a packet about to reach its transport whose history, if any,
     * is a packet tag; the tag is removed when the packet passes.
     * \param packet the payload
     * \param source its source address
     * \param destination its destination address
     * \param protocol its transport protocol
     * \param viaTunnelInterface whether it came in on a route-based tunnel interface
     * \return true to deliver it (false: dropped and counted)
     */
    bool AcceptWithTag(Ptr<Packet> packet,
                       const IpsecAddress& source,
                       const IpsecAddress& destination,
                       uint8_t protocol,
                       bool viaTunnelInterface);

    /**
     * \brief The steps every protected packet takes, whatever its family: SPI, SA, the
     * transform's input with anti-replay around it, accounting, the payload written back into
     * the packet and the layer added to its history.
     * \param protocol ESP or AH
     * \param packet the protocol's bytes; on success, the payload
     * \param outer the IP header it came with
     * \param out what was found
     * \param udpEncapsulated whether it came in UDP: the SA must say the same (RFC 3948), and
     * a transport-mode TCP or UDP segment gets its checksum fixed (§3.1.2)
     * \return false when the packet was dropped (counted) or was a dummy packet
     */
    bool Verify(IpsecProtocol protocol,
                Ptr<Packet> packet,
                const IpsecIpHeader& outer,
                Verified& out,
                bool udpEncapsulated = false);

    /**
     * \param packet the payload
     * \param source its source address
     * \param destination its destination address
     * \param protocol its transport protocol
     * \param forwarded whether it is a transit packet
     * \param viaTunnelInterface whether it came in on a tunnel interface (its tunnel layers
     *        were checked there)
     * \param carriesHistory set to whether the packet has a history tag
     * \param delivered the history handed over by ReceiveProtected, or null (then the tag's)
     * \return true when the verdict passes it
     */
    bool CheckInbound(Ptr<Packet> packet,
                      const IpsecAddress& source,
                      const IpsecAddress& destination,
                      uint8_t protocol,
                      bool forwarded,
                      bool viaTunnelInterface,
                      bool* carriesHistory = nullptr,
                      const IpsecInboundTag* delivered = nullptr);

    /**
     * \param tunnel a route-based tunnel interface
     * \param datagram the inner datagram
     * \param family its family
     * \param spi the SPI it came with
     * \param protocol ESP or AH
     * \return true when the interface's own policy accepts it
     */
    bool CheckTunnelInbound(Ptr<IpsecTunnelInterface> tunnel,
                            Ptr<Packet> datagram,
                            IpsecAddress::Family family,
                            uint32_t spi,
                            IpsecProtocol protocol);

    /**
     * \brief A decapsulated IPv4 datagram re-enters IP input (CleartextIn fired).
     * \param datagram the datagram
     * \param device the device it came in on
     */
    void Reinject(Ptr<Packet> datagram, Ptr<NetDevice> device);

    /**
     * \brief The tunnel-mode step of input, for either family outside and inside: check that
     * the payload is the IPv4 or IPv6 datagram its next header names, strip TFC padding,
     * combine ECN (RFC 6040), and let the datagram re-enter its IP layer on the device it came
     * in on (or its route-based tunnel interface). The history travels as a packet tag.
     * \param protocol ESP or AH
     * \param packet the decrypted payload
     * \param outerTrafficClass the outer header's TOS or traffic class
     * \param v what Verify() found
     * \param device the device the outer datagram arrived on
     */
    void Decapsulate(IpsecProtocol protocol,
                     Ptr<Packet> packet,
                     uint8_t outerTrafficClass,
                     const Verified& v,
                     Ptr<NetDevice> device);

    /// A payload ReceiveProtected is handing to its transport right now, with its history.
    struct Delivery
    {
        const Packet* packet = nullptr;           //!< the payload
        const IpsecInboundTag* history = nullptr; //!< what this node verified
        bool tagged = false;                      //!< whether it carries the history as a tag too
    };

    Delivery m_delivering;        //!< the payload being delivered, if any
    Ptr<IpsecState> m_state;      //!< shared state
    Ptr<IpsecIpv4Adapter> m_l3;   //!< the IPv4 layer
    Ptr<IpsecIpv6Adapter> m_l3v6; //!< the IPv6 layer, if the node has one
    IpsecPolicyEngine& m_engine;  //!< verdicts
    IpsecTunnelTable& m_tunnels;  //!< tunnel interfaces
};

} // namespace ns3

#endif /* IPSEC_INPUT_STAGE_H */
