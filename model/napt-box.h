/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAPT_BOX_H
#define NAPT_BOX_H

#include "napt-mapping-table.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class Ipv4Interface;
class Ipv4L3Protocol;
class NetDevice;
class Node;

/**
 * \ingroup ipsec
 * \brief A NAPT (network address and port translation, RFC 3022) for an ns-3 IPv4 node, to test
 * what crosses a NAT: IPsec NAT traversal (RFC 3948 UDP-encapsulated ESP on port 4500, IKE on
 * ports 500 and 4500), and anything else over UDP, TCP or ICMP echo.
 *
 * Aggregated to the NAT node (Install(), or NaptHelper). Packets that arrive on an inside
 * interface (SetInside()) and are routed out of the outside interface (SetOutside()) leave with
 * the outside interface's first address (the public address) as their source and a public port
 * (ICMP echo: identifier) from the mapping table (NaptMappingTable); packets from outside to the
 * public address whose destination port a mapping holds, and that the filtering behaviour lets
 * in, go to the inside endpoint. Mapping and filtering behaviours, timeouts and port allocation
 * follow RFC 4787 (UDP), RFC 5382 (TCP) and RFC 5508 (ICMP), chosen with attributes:
 * endpoint-independent mapping with address-and-port-dependent filtering by default (a
 * "port-restricted cone" NAT); "Mapping=AddressAndPortDependent" makes a symmetric NAT.
 *
 * ESP (IP protocol 50) cannot cross it. ESP has no ports: a NAPT has nothing to tell the ESP
 * flows of several inside hosts apart by behind one public address, nor to map an inbound ESP
 * datagram back to one of them (its SPI was chosen by the inside host's peer and never seen on
 * the way out). That is why NAT traversal exists: IKEv2 detects the NAT (NAT_DETECTION
 * payloads, RFC 7296 section 2.23) and both peers then carry ESP inside UDP on port 4500
 * (RFC 3948), which this NAT translates like any UDP. Plain ESP and AH datagrams from inside are
 * dropped (droppedProtocol, Drop reason "protocol"); so is anything but TCP, UDP and ICMP echo.
 *
 * How it hooks into ns-3 (no change to ns-3): outbound, a routing protocol (NaptRoutingShim) at
 * priority INT16_MAX - 1 of the node's Ipv4ListRouting sees transit packets (just below the
 * IPsec layer's forwarding shim, so that, as in Linux, IPsec policy sees a gateway's traffic
 * before source NAT); inbound, a wrapper (NaptInboundHook) replaces UDP, TCP and ICMP in the
 * node's delivery table, translates what a mapping claims and re-injects it into IPv4 on the
 * outside device, so that ordinary forwarding takes it inside. Packets no mapping claims go to
 * the node's own transport, which answers as a host would (ICMP port unreachable, TCP reset, or
 * a socket of the NAT node's own). Transport checksums are updated incrementally (RFC 1624), so
 * a checksum that was wrong stays wrong; a zero UDP checksum (none, RFC 768, as ESP in UDP has
 * it) stays zero, as a real NAT leaves it (IpsecChecksum does the arithmetic).
 *
 * Mappings expire lazily: an idle mapping past its timeout is removed when the NAT next handles
 * a packet, or by Expire(); no event is scheduled, so the NAT never keeps a simulation running.
 * Static mappings (AddStaticMapping(), port forwarding) never expire and let any remote in.
 * Attributes are read when the box is installed.
 *
 * What it does NOT model:
 *  - no hairpinning;
 *  - no ALGs (FTP, SIP);
 *  - no ESP/IKE passthrough;
 *  - no translation of ICMP error payloads (RFC 5508 §4.2);
 *  - no fragment reassembly (non-first fragments dropped);
 *  - one public address, no pooling;
 *  - no TCP state machine beyond SYN/FIN/RST timers;
 *  - no port parity/contiguity;
 *  - no IPv6.
 *
 * Also: the NAT filters only what is addressed to its public address: packets from outside
 * addressed to an inside address are forwarded as by any router (no firewall); and a dynamic
 * mapping may take a port that a socket of the NAT node's own is bound to on the public address.
 */
class NaptBox : public Object
{
  public:
    /// The behaviours of the Mapping and Filtering attributes (RFC 4787).
    using Behavior = NaptMappingTable::Behavior;
    /// Endpoint-independent (RFC 4787 sections 4.1 and 5).
    static constexpr Behavior ENDPOINT_INDEPENDENT = NaptMappingTable::ENDPOINT_INDEPENDENT;
    /// Address-dependent (RFC 4787 sections 4.1 and 5).
    static constexpr Behavior ADDRESS_DEPENDENT = NaptMappingTable::ADDRESS_DEPENDENT;
    /// Address-and-port-dependent (RFC 4787 sections 4.1 and 5): a symmetric NAT's mapping.
    static constexpr Behavior ADDRESS_AND_PORT_DEPENDENT
        = NaptMappingTable::ADDRESS_AND_PORT_DEPENDENT;

    /// What the NAT has done (counts of packets, except the two mapping counts).
    struct Stats
    {
        uint64_t mappingsCreated{0};       //!< dynamic mappings made
        uint64_t mappingsExpired{0};       //!< dynamic mappings removed after their timeout
        uint64_t translatedOut{0};         //!< inside to outside, translated and forwarded
        uint64_t translatedIn{0};          //!< outside to inside, translated and forwarded
        uint64_t droppedNoMapping{0};      //!< to the public address, no mapping: to the node
        uint64_t droppedFiltered{0};       //!< to a mapping, refused by the filtering behaviour
        uint64_t droppedFragment{0};       //!< outbound non-first fragments
        uint64_t droppedProtocol{0};       //!< outbound, not TCP, UDP or ICMP echo (or truncated)
        uint64_t droppedPortsExhausted{0}; //!< outbound, a mapping was needed and no port free
        uint64_t droppedHeaderLength{0};   //!< to translate, an IPv4 header length below 5 words
    };

    /**
     * \brief Mapping trace signature.
     * \param protocol IP protocol number (6, 17 or 1)
     * \param inside the inside address
     * \param insidePort the inside port (ICMP: echo identifier)
     * \param publicPort the public port (ICMP: echo identifier)
     */
    typedef void (*MappingTracedCallback)(uint8_t protocol,
                                          Ipv4Address inside,
                                          uint16_t insidePort,
                                          uint16_t publicPort);

    /**
     * \brief Drop trace signature.
     * \param datagram the datagram (IPv4 header and payload) as it arrived
     * \param reason why: "fragment", "protocol", "truncated", "ports-exhausted", "filtered",
     *        "header-length" (a length field below 5 words; the datagram is traced with a
     *        20-byte header) or "no-mapping" (that one handed to the NAT node's own transport)
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> datagram, const std::string& reason);

    /// \return the TypeId
    static TypeId GetTypeId();
    NaptBox();
    ~NaptBox() override;

    /**
     * \brief Make an interface an inside one (one or more).
     * \param ifIndex the IPv4 interface index
     * \throws std::invalid_argument once installed, for an index the node does not have or the
     *         outside interface
     */
    void SetInside(uint32_t ifIndex);

    /**
     * \brief Make an interface the outside one (exactly one; its first address is the public
     * address). Before Install() only.
     * \param ifIndex the IPv4 interface index
     * \throws std::invalid_argument after Install()
     */
    void SetOutside(uint32_t ifIndex);

    /**
     * \brief Aggregate the NAT to a node and hook it into the node's IPv4 stack.
     * \param node the NAT node (IPv4 with an Ipv4ListRouting, as InternetStackHelper installs)
     * \throws std::invalid_argument when the node has no IPv4 or no list routing, already has a
     *         NAT, the interfaces are not set or out of range, an inside interface is the outside
     *         one, the outside interface has no address, or PortRangeMin is greater than
     *         PortRangeMax; nothing is changed then
     */
    void Install(Ptr<Node> node);

    /**
     * \brief Forward a public port to an inside endpoint (a static mapping): any remote may
     * reach it, and the inside endpoint's own outbound packets use it. Before or after
     * Install().
     * \param protocol 6 (TCP), 17 (UDP) or 1 (ICMP echo: the ports are identifiers)
     * \param publicPort the public port (may lie outside PortRangeMin..PortRangeMax)
     * \param inside the inside address
     * \param insidePort the inside port
     * \throws std::invalid_argument for another protocol, port 0, a public port already mapped,
     *         or an inside endpoint that already has a mapping
     */
    void AddStaticMapping(uint8_t protocol,
                          uint16_t publicPort,
                          Ipv4Address inside,
                          uint16_t insidePort);

    /**
     * \brief Port allocation is deterministic: no random variables.
     * \param stream the first stream index
     * \return 0, the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// \return the counters
    const Stats& GetStats() const;

    /// \return the number of live mappings, static ones included
    size_t GetMappingCount() const;

    /// \return one line per live mapping (empty before Install())
    std::string Dump() const;

    /// \brief Remove every expired mapping now (each is traced by MappingExpired).
    void Expire();

    /// \return the public address (0.0.0.0 before Install())
    Ipv4Address GetPublicAddress() const;

    /**
     * \brief The outbound datapath (NaptRoutingShim::RouteInput): translate a transit packet
     * from an inside interface that routing sends out of the outside one, and forward it.
     * \param p the packet (without its IPv4 header)
     * \param header its IPv4 header
     * \param idev the device it arrived on
     * \param ucb the unicast forwarding callback (Ipv4L3Protocol::IpForward)
     * \return true when the NAT took the packet (translated and forwarded, or dropped); false
     *         to leave it to the other routing protocols
     */
    bool TranslateOutbound(Ptr<const Packet> p,
                           const Ipv4Header& header,
                           Ptr<const NetDevice> idev,
                           const Ipv4RoutingProtocol::UnicastForwardCallback& ucb);

    /**
     * \brief The inbound datapath (NaptInboundHook::Receive): translate a packet addressed to
     * the public address that a mapping claims, and re-inject it to be forwarded inside.
     * \param p the transport segment (without its IPv4 header); consumed when true is returned
     * \param header its IPv4 header
     * \param incoming the interface it arrived on
     * \return true when the NAT took the packet (translated and re-injected, or filtered);
     *         false to hand it to the node's own transport
     */
    bool TranslateInbound(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming);

  protected:
    /// Release the IPv4 stack.
    void DoDispose() override;

  private:
    /// A static mapping given before Install().
    struct PendingStatic
    {
        uint8_t protocol;    //!< protocol
        uint16_t publicPort; //!< public port
        Ipv4Address inside;  //!< inside address
        uint16_t insidePort; //!< inside port
    };

    /**
     * \brief Drop (counted, traced "header-length") a datagram to translate whose IPv4 header
     * length field is below 5 words.
     * \param p the packet (without its IPv4 header)
     * \param header its IPv4 header
     * \return true when dropped
     */
    bool DropsHeaderLength(Ptr<const Packet> p, const Ipv4Header& header);

    /**
     * \param header an IPv4 header as ns-3 read it
     * \return the header to write back: 20 bytes, without the options ns-3 did not keep
     */
    static Ipv4Header Writable(const Ipv4Header& header);

    /**
     * \param p the packet (without its IPv4 header)
     * \param header its IPv4 header
     * \param reason why it is dropped
     */
    void TraceDrop(Ptr<const Packet> p, const Ipv4Header& header, const std::string& reason);
    /// \param mapping a mapping the table removed after its timeout
    void OnExpired(const NaptMappingTable::Mapping& mapping);
    /**
     * \param ifIndex an interface index
     * \return true for an inside interface
     */
    bool IsInside(uint32_t ifIndex) const;

    // Attributes.
    Time m_udpTimeout;                                                  //!< UdpTimeout
    Time m_tcpEstablishedTimeout;                                       //!< TcpEstablishedTimeout
    Time m_tcpTransitoryTimeout;                                        //!< TcpTransitoryTimeout
    Time m_icmpTimeout;                                                 //!< IcmpTimeout
    uint16_t m_portMin{1024};                                           //!< PortRangeMin
    uint16_t m_portMax{65535};                                          //!< PortRangeMax
    bool m_portPreservation{true};                                      //!< PortPreservation
    Behavior m_mapping{NaptMappingTable::ENDPOINT_INDEPENDENT};         //!< Mapping
    Behavior m_filtering{NaptMappingTable::ADDRESS_AND_PORT_DEPENDENT}; //!< Filtering

    Ptr<Ipv4L3Protocol> m_ipv4;           //!< the NAT node's IPv4
    Ptr<NetDevice> m_outsideDevice;       //!< the outside interface's device
    std::vector<bool> m_inside;           //!< per interface index: an inside interface
    int64_t m_outside{-1};                //!< the outside interface (-1: not set)
    Ipv4Address m_public;                 //!< the public address
    bool m_installed{false};              //!< Install() done
    std::vector<PendingStatic> m_pending; //!< static mappings given before Install()
    NaptMappingTable m_table;             //!< the mappings
    Stats m_stats;                        //!< the counters

    TracedCallback<uint8_t, Ipv4Address, uint16_t, uint16_t> m_mappingCreatedTrace; //!< created
    TracedCallback<uint8_t, Ipv4Address, uint16_t, uint16_t> m_mappingExpiredTrace; //!< expired
    TracedCallback<Ptr<const Packet>, const std::string&> m_dropTrace;              //!< drops
};

} // namespace ns3

#endif /* NAPT_BOX_H */
