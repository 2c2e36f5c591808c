/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_STATS_H
#define IPSEC_STATS_H

#include "ipsec-drop-reason.h"
#include "ipsec-types.h"

#include <array>
#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Per-node IPsec counters, the simulated `netstat -p esp` / `netstat -p ah` / kstat.
 */
class IpsecStats
{
  public:
    /// Counters of one protocol.
    struct Protocol
    {
        uint64_t packetsOut = 0;  //!< packets protected
        uint64_t bytesOut = 0;    //!< bytes protected (payload before protection)
        uint64_t overheadOut = 0; //!< bytes added by protection
        uint64_t packetsIn = 0;   //!< packets verified
        uint64_t bytesIn = 0;     //!< bytes verified (payload after removal)
        uint64_t dummyIn = 0;     //!< ESP dummy packets (next header 59) discarded
        std::array<uint64_t, static_cast<size_t>(IpsecDropReason::COUNT)> drops{}; //!< by reason
    };

    IpsecStats() = default;

    /// \param p AH or ESP \return that protocol's counters
    Protocol& Of(IpsecProtocol p);
    /// \param p AH or ESP \return that protocol's counters
    const Protocol& Of(IpsecProtocol p) const;

    /// Policy-level counters (no AH/ESP involved).
    struct Policy
    {
        uint64_t bypassOut = 0;       //!< packets sent in the clear by policy (bypass / no match)
        uint64_t clearAcceptedIn = 0; //!< cleartext packets accepted by inbound policy
        uint64_t acquires = 0;        //!< SADB_ACQUIRE messages raised
        uint64_t held = 0;            //!< packets held while an SA was being acquired
        uint64_t released = 0;        //!< held packets sent on once their SA arrived
        uint64_t latched = 0;         //!< TCP connections whose policy was latched
        uint64_t intraMachineOut = 0; //!< intra-machine packets sent (policy, no mechanism)
        uint64_t intraMachineIn = 0;  //!< intra-machine packets accepted by inbound policy
        std::array<uint64_t, static_cast<size_t>(IpsecDropReason::COUNT)> drops{}; //!< by reason
    };

    Policy policy; //!< policy counters

    /// What protected datagrams took on the wire (IP layer, first hop), fragmentation included.
    struct Wire
    {
        uint64_t datagramsOut = 0;      //!< protected datagrams sent
        uint64_t fragmentsOut = 0;      //!< IP packets they became (1 each when not fragmented)
        uint64_t addedFragmentsOut = 0; //!< fragments beyond those the cleartext would need
        uint64_t ipBytesOut = 0;        //!< IP bytes of those packets, every header included
        uint64_t clearIpBytesOut = 0;   //!< IP bytes the same datagrams would take unprotected
    };

    Wire wire; //!< wire counters

    /// UDP encapsulation of ESP for NAT traversal (RFC 3948).
    struct Natt
    {
        uint64_t encapsulatedOut = 0;     //!< ESP packets sent in UDP
        uint64_t encapsulatedIn = 0;      //!< ESP-in-UDP packets handed to ESP (verified or not)
        uint64_t keepalivesIn = 0;        //!< NAT-keepalive datagrams (one 0xFF byte) consumed
        uint64_t checksumsAdjusted = 0;   //!< transport checksums fixed from the NAT-T addresses
        uint64_t checksumsRecomputed = 0; //!< transport checksums computed again (no addresses)
    };

    Natt natt; //!< NAT-traversal counters

    /**
     * \brief Count a protected datagram leaving on a link.
     * \param clearSize the datagram's size before protection (header included)
     * \param protectedSize its size after protection (header included)
     * \param mtu the outgoing link's MTU
     */
    void CountWire(uint32_t clearSize, uint32_t protectedSize, uint32_t mtu);
    /// \return IP bytes protection added per protected datagram, fragment headers included
    double OverheadPerDatagram() const;

    /**
     * \param reason a drop reason
     * \return total drops of that reason, ESP, AH and policy together
     */
    uint64_t Drops(IpsecDropReason reason) const;
    /// \return all drops
    uint64_t TotalDrops() const;
    /**
     * \brief Print a table like `netstat -p esp` for both protocols and the policy engine.
     * \param os output stream
     */
    void Print(std::ostream& os) const;
    /// Reset all counters.
    void Reset();

  private:
    Protocol m_esp;
    Protocol m_ah;
};

} // namespace ns3

#endif /* IPSEC_STATS_H */
