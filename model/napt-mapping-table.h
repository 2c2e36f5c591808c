/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAPT_MAPPING_TABLE_H
#define NAPT_MAPPING_TABLE_H

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <array>
#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The translation state of a NAPT (NaptBox): mappings from an inside endpoint (protocol,
 * address, port) to a port of the public address, in the vocabulary of RFC 4787 (UDP), RFC 5382
 * (TCP) and RFC 5508 (ICMP). For ICMP echo, the identifier plays the port.
 *
 * A plain C++ class (no ns-3 Object), so that it can be used and tested on its own. Lookups are
 * hash-map lookups in both directions: the forward index (protocol, inside address, inside port,
 * and the remote endpoint when the mapping behaviour depends on it) and the reverse index
 * (protocol, public port). Expiry costs no per-packet scan either: the dynamic mappings of each
 * timer class (UDP, ICMP, TCP transitory, TCP established) sit in a list ordered by last use
 * (a refreshed mapping moves to the back), so the expired ones are always at the front.
 *
 * Expiry is lazy: a lookup that meets an expired mapping removes it, and Expire() removes every
 * expired mapping (oldest first, stopping at the first live one of each list). The callback of
 * SetExpiredCallback() hears of each removal.
 *
 * Public ports are allocated per protocol: with port preservation the inside port when it is in
 * the configured range and free, otherwise the next free port of the range after the last one
 * allocated (a rotating cursor; deterministic, no random numbers). Static mappings (port
 * forwarding) never expire, and their public port may lie outside the range.
 */
class NaptMappingTable
{
  public:
    /// Mapping and filtering behaviour (RFC 4787 sections 4.1 and 5).
    enum Behavior : uint8_t
    {
        ENDPOINT_INDEPENDENT,      //!< any remote endpoint
        ADDRESS_DEPENDENT,         //!< per remote address
        ADDRESS_AND_PORT_DEPENDENT //!< per remote address and port ("symmetric" as a mapping)
    };

    /// The idle timer that applies to a mapping.
    enum TimerClass : uint8_t
    {
        UDP_TIMER,             //!< UDP (RFC 4787 REQ-5)
        ICMP_TIMER,            //!< ICMP query (RFC 5508 REQ-1)
        TCP_TRANSITORY_TIMER,  //!< TCP, partially open or closing (RFC 5382 REQ-5)
        TCP_ESTABLISHED_TIMER, //!< TCP, packets seen both ways and no FIN or RST yet
        STATIC_TIMER           //!< a static mapping: never expires
    };

    /// TCP flag bits the timers look at (byte 13 of the TCP header).
    enum TcpFlag : uint8_t
    {
        TCP_FIN = 0x01, //!< FIN
        TCP_SYN = 0x02, //!< SYN
        TCP_RST = 0x04, //!< RST
        TCP_ACK = 0x10  //!< ACK
    };

    /// What the table is configured with.
    struct Config
    {
        Behavior mapping = ENDPOINT_INDEPENDENT;         //!< mapping behaviour
        Behavior filtering = ADDRESS_AND_PORT_DEPENDENT; //!< filtering behaviour
        bool portPreservation = true;                    //!< keep the inside port when free
        uint16_t portMin = 1024;                         //!< lowest dynamic public port
        uint16_t portMax = 65535;                        //!< highest dynamic public port
        Time udpTimeout = Seconds(300);                  //!< UDP idle timeout
        Time icmpTimeout = Seconds(60);                  //!< ICMP query idle timeout
        Time tcpTransitoryTimeout = Seconds(240);        //!< TCP transitory idle timeout
        Time tcpEstablishedTimeout = Seconds(7440);      //!< TCP established idle timeout
    };

    /// One mapping.
    struct Mapping
    {
        uint8_t protocol{0};         //!< IP protocol number (6, 17 or 1)
        Ipv4Address insideAddress;   //!< the inside host
        uint16_t insidePort{0};      //!< its port (ICMP: echo identifier)
        uint16_t publicPort{0};      //!< the port on the public address
        Ipv4Address remoteAddress;   //!< the remote the mapping is bound to (0.0.0.0: any)
        uint16_t remotePort{0};      //!< the remote port it is bound to (0: any)
        bool isStatic{false};        //!< a static mapping (port forwarding)
        TimerClass timer{UDP_TIMER}; //!< which idle timer applies
        Time created;                //!< when it was made
        Time lastUsed;               //!< when a packet last used it
        bool tcpOutbound{false};     //!< TCP: a packet was seen from the inside
        bool tcpInbound{false};      //!< TCP: a packet was seen from the outside
        bool tcpClosing{false};      //!< TCP: a FIN or RST was seen
        std::unordered_set<uint64_t> remoteEndpoints; //!< remotes it sent to (address, port)
        std::unordered_set<uint32_t> remoteAddresses; //!< remote addresses it sent to
    };

    /// What an outbound lookup did.
    enum class Outcome : uint8_t
    {
        FOUND,    //!< an existing mapping
        CREATED,  //!< a new mapping
        EXHAUSTED //!< no mapping and no free public port
    };

    /// Called with each mapping removed by expiry, just before it is forgotten.
    using ExpiredCallback = std::function<void(const Mapping&)>;

    NaptMappingTable();

    /**
     * \brief Set the behaviours, port range and timeouts.
     *
     * Only while the table is empty (before traffic and static mappings): the mapping behaviour
     * shapes the forward index and the range the port bookkeeping.
     * \param config the configuration
     * \throws std::invalid_argument when portMin is 0 or greater than portMax, a timeout is not
     *         positive, or the table is not empty
     */
    void Configure(const Config& config);

    /// \return the configuration
    const Config& GetConfig() const;

    /// \param callback told of each mapping expiry removes (may be empty)
    void SetExpiredCallback(ExpiredCallback callback);

    /**
     * \brief Find the mapping an outbound packet uses, or make one.
     * \param protocol 6, 17 or 1
     * \param inside the inside (source) address
     * \param insidePort the inside (source) port, or the ICMP echo identifier
     * \param remote the remote (destination) address
     * \param remotePort the remote (destination) port (ICMP: 0)
     * \param now the current time (expired mappings met on the way are removed)
     * \param[out] outcome what happened
     * \return the mapping, or nullptr when the public ports are exhausted
     */
    Mapping* Outbound(uint8_t protocol,
                      Ipv4Address inside,
                      uint16_t insidePort,
                      Ipv4Address remote,
                      uint16_t remotePort,
                      Time now,
                      Outcome& outcome);

    /**
     * \brief Find the mapping of a public port (removing it if it has expired).
     * \param protocol 6, 17 or 1
     * \param publicPort the public port (ICMP: echo identifier)
     * \param now the current time
     * \return the live mapping, or nullptr
     */
    Mapping* Inbound(uint8_t protocol, uint16_t publicPort, Time now);

    /**
     * \brief The filtering decision for an inbound packet (RFC 4787 section 5).
     * \param mapping the mapping its destination port selected
     * \param remote its source address
     * \param remotePort its source port (ICMP: 0)
     * \return true when the filtering behaviour lets it in (static mappings let anything in)
     */
    bool Permits(const Mapping& mapping, Ipv4Address remote, uint16_t remotePort) const;

    /**
     * \brief Record an outbound packet: its destination joins the mapping's remotes, the mapping
     * is refreshed, and the TCP timer follows the flags.
     * \param mapping the mapping
     * \param remote the destination address
     * \param remotePort the destination port (ICMP: 0)
     * \param tcpFlags the TCP flags (0 for other protocols)
     * \param now the current time
     */
    void NoteOutbound(Mapping& mapping,
                      Ipv4Address remote,
                      uint16_t remotePort,
                      uint8_t tcpFlags,
                      Time now);

    /**
     * \brief Record an inbound packet the filter let in: refresh the mapping (RFC 4787 REQ-6
     * lets inbound packets refresh) and let the TCP timer follow the flags.
     * \param mapping the mapping
     * \param tcpFlags the TCP flags (0 for other protocols)
     * \param now the current time
     */
    void NoteInbound(Mapping& mapping, uint8_t tcpFlags, Time now);

    /**
     * \brief Add a static mapping (port forwarding): never expires, lets any remote in.
     * \param protocol 6, 17 or 1
     * \param publicPort the public port (any but 0; may lie outside the dynamic range)
     * \param inside the inside address
     * \param insidePort the inside port (ICMP: echo identifier)
     * \param now the current time
     * \throws std::invalid_argument for another protocol, port 0, a public port already mapped,
     *         or an inside endpoint that already has a mapping
     */
    void AddStatic(uint8_t protocol,
                   uint16_t publicPort,
                   Ipv4Address inside,
                   uint16_t insidePort,
                   Time now);

    /**
     * \brief Remove every expired mapping.
     * \param now the current time
     * \return how many were removed
     */
    size_t Expire(Time now);

    /**
     * \param now the current time
     * \return the number of live mappings (static ones included)
     */
    size_t GetLiveCount(Time now) const;

    /// \return the number of mappings held, expired ones not yet removed included
    size_t GetSize() const;

    /**
     * \param now the current time
     * \param publicAddress the public address, to print
     * \return one line per live mapping (static ones first, then by timer class, oldest use
     *         first)
     */
    std::string Dump(Time now, Ipv4Address publicAddress) const;

    /**
     * \param protocol an IP protocol number
     * \return true for the protocols the table maps (TCP, UDP and ICMP)
     */
    static bool IsSupported(uint8_t protocol);

    /**
     * \param protocol 6, 17 or 1
     * \return its name ("tcp", "udp", "icmp")
     */
    static std::string ProtocolName(uint8_t protocol);

  private:
    /// Number of timer classes (one list each).
    static constexpr size_t kTimerClasses = 5;
    /// Number of port spaces (TCP, UDP, ICMP).
    static constexpr size_t kPortSpaces = 3;
    /// Where a mapping lives.
    using Handle = std::list<Mapping>::iterator;

    /// The forward index's key.
    struct ForwardKey
    {
        uint8_t protocol;    //!< protocol
        uint32_t inside;     //!< inside address
        uint16_t insidePort; //!< inside port
        uint32_t remote;     //!< remote address (0: any)
        uint16_t remotePort; //!< remote port (0: any)

        /**
         * \param o another key
         * \return true when equal
         */
        bool operator==(const ForwardKey& o) const
        {
            return protocol == o.protocol && inside == o.inside && insidePort == o.insidePort
                && remote == o.remote && remotePort == o.remotePort;
        }
    };

    /// Hash of a ForwardKey.
    struct ForwardKeyHash
    {
        /**
         * \param k the key
         * \return its hash
         */
        size_t operator()(const ForwardKey& k) const;
    };

    /// Public ports in use of one protocol.
    struct PortSpace
    {
        std::vector<uint64_t> used; //!< one bit per port
        uint32_t usedInRange{0};    //!< ports in use within [portMin, portMax]
        uint16_t cursor{0};         //!< where the next search starts
    };

    /**
     * \param protocol 6, 17 or 1
     * \return its port space
     */
    PortSpace& SpaceOf(uint8_t protocol);
    /**
     * \param protocol 6, 17 or 1
     * \return its port space
     */
    const PortSpace& SpaceOf(uint8_t protocol) const;
    /**
     * \param space a port space
     * \param port a port
     * \return true when in use
     */
    static bool IsUsed(const PortSpace& space, uint16_t port);
    /**
     * \param space a port space
     * \param port the port to take
     */
    void Take(PortSpace& space, uint16_t port);
    /**
     * \param space a port space
     * \param port the port to give back
     */
    void Release(PortSpace& space, uint16_t port);
    /**
     * \param protocol 6, 17 or 1
     * \param insidePort the inside port (preserved when possible)
     * \param[out] port the allocated port
     * \return false when the range is exhausted
     */
    bool Allocate(uint8_t protocol, uint16_t insidePort, uint16_t& port);
    /**
     * \param mapping a mapping
     * \param now the current time
     * \return true when its idle timer has run out
     */
    bool IsExpired(const Mapping& mapping, Time now) const;
    /**
     * \param timer a timer class
     * \return its timeout
     */
    Time TimeoutOf(TimerClass timer) const;
    /**
     * \param mapping a mapping
     * \return its forward key
     */
    static ForwardKey KeyOf(const Mapping& mapping);
    /**
     * \param protocol protocol
     * \param publicPort public port
     * \return the reverse index's key
     */
    static uint32_t ReverseKey(uint8_t protocol, uint16_t publicPort);
    /**
     * \brief Refresh a mapping and put it under a timer class (to the back of its list).
     * \param handle the mapping
     * \param timer its timer class from now on
     * \param now the current time
     */
    void Touch(Handle handle, TimerClass timer, Time now);
    /**
     * \brief Forget a mapping, telling the expiry callback first.
     * \param handle the mapping
     */
    void RemoveExpired(Handle handle);
    /**
     * \brief Look a forward key up, removing an expired mapping met there.
     * \param key the key
     * \param now the current time
     * \return the live mapping, or nullptr
     */
    Mapping* FindForward(const ForwardKey& key, Time now);
    /**
     * \brief Add a mapping to a timer class's list and to both indexes.
     * \param timer its timer class
     * \param key its forward key (protocol, inside endpoint, remote part)
     * \param publicPort its public port
     * \param now the current time (creation and last use)
     * \return the new mapping (its remote endpoint and static flag are the caller's)
     */
    Handle Insert(TimerClass timer, const ForwardKey& key, uint16_t publicPort, Time now);
    /**
     * \param mapping a TCP mapping
     * \return the timer class its TCP state calls for
     */
    static TimerClass TcpTimer(const Mapping& mapping);
    /**
     * \param mapping a TCP mapping
     * \param tcpFlags the flags of a packet it carried
     * \param outbound whether that packet left from the inside
     */
    static void FollowTcp(Mapping& mapping, uint8_t tcpFlags, bool outbound);

    Config m_config;                                       //!< behaviours, range and timeouts
    std::array<std::list<Mapping>, kTimerClasses> m_lists; //!< mappings per timer class, by use
    std::unordered_map<ForwardKey, Handle, ForwardKeyHash> m_forward; //!< inside -> mapping
    std::unordered_map<uint32_t, Handle> m_reverse; //!< (protocol, public port) -> mapping
    std::array<PortSpace, kPortSpaces> m_ports;     //!< public ports in use, per protocol
    ExpiredCallback m_expired;                      //!< told of expiries
};

} // namespace ns3

#endif /* NAPT_MAPPING_TABLE_H */
