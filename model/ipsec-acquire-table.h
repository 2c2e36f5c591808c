/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_ACQUIRE_TABLE_H
#define IPSEC_ACQUIRE_TABLE_H

#include "ipsec-drop-reason.h"
#include "ipsec-types.h"
#include "security-association.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <deque>
#include <functional>
#include <map>
#include <tuple>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The SAs a node is acquiring: the ACQUIRE rate limit and the hold queue.
 *
 * One record per missing SA (protocol, mode, endpoints, `unique:N` id). An ACQUIRE is raised
 * when a record is new or its interval has passed, so a flood of packets needing one SA gives
 * one ACQUIRE per interval, like the kernels' pending-acquire entries (KAME spacq, illumos
 * acquire records, Linux larval states). Packets that must not go out unprotected may wait in
 * the record for a bounded time, as illumos holds them on its acquire record; when a usable SA
 * for the record arrives they are sent again, in order. A record holding no packets is
 * forgotten once its interval has passed (as KAME's spacq entries age out), so the table holds
 * at most the SAs missed within one interval; an SA that arrives looks only at the records of
 * its protocol and destination.
 */
class IpsecAcquireTable
{
  public:
    /// What a missing SA is.
    struct Key
    {
        IpsecProtocol protocol;   //!< AH or ESP
        IpsecMode mode;           //!< transport or tunnel
        IpsecAddress source;      //!< SA source
        IpsecAddress destination; //!< SA destination
        uint32_t policyId;        //!< setkey `unique:N`, 0 = any SA
        bool perFlow = false;     //!< ipsecconf `sa unique`: an SA bound to the flow below
        uint8_t flowProtocol = 0; //!< perFlow: the flow's protocol
        uint16_t localPort = 0;   //!< perFlow: the flow's local port
        uint16_t remotePort = 0;  //!< perFlow: the flow's remote port

        /// \param o other key \return ordering: by protocol and destination first, so the
        /// records an SA may serve are neighbours
        bool operator<(const Key& o) const
        {
            return std::make_tuple(uint8_t(protocol),
                                   destination,
                                   uint8_t(mode),
                                   source,
                                   policyId,
                                   perFlow,
                                   flowProtocol,
                                   localPort,
                                   remotePort)
                 < std::make_tuple(uint8_t(o.protocol),
                                   o.destination,
                                   uint8_t(o.mode),
                                   o.source,
                                   o.policyId,
                                   o.perFlow,
                                   o.flowProtocol,
                                   o.localPort,
                                   o.remotePort);
        }
    };

    /// Send a held packet again (through the whole outbound path).
    using Retry = std::function<void()>;
    /// Report a held packet given up.
    using DropHeld = std::function<void(Ptr<const Packet>, IpsecDropReason)>;

    /// Outcome of Hold().
    enum class HoldResult
    {
        HELD,    //!< queued: it will be retried or reported dropped
        FULL,    //!< the record already holds the maximum: drop it
        DISABLED //!< holding is off (limit 0): drop it
    };

    IpsecAcquireTable() = default;
    ~IpsecAcquireTable();

    /**
     * \brief Set how packets given up are reported.
     * \param drop called from a timer for each held packet whose time ran out
     */
    void SetDropCallback(DropHeld drop);
    /**
     * \brief Note that traffic needs the SA of \p key now.
     * \param key the missing SA
     * \param interval at most one ACQUIRE per record per interval
     * \return true when an ACQUIRE is due (new record, or its interval has passed)
     */
    bool ShouldRaise(const Key& key, Time interval);
    /**
     * \brief Hold a packet until the SA of \p key arrives.
     * \param key the missing SA (ShouldRaise was called for it)
     * \param packet the packet, for reporting
     * \param retry sends it again
     * \param limit packets a record may hold (0: none, the BSD behaviour)
     * \param wait how long the packet may wait
     * \return whether it was held
     */
    HoldResult Hold(const Key& key,
                    Ptr<const Packet> packet,
                    Retry retry,
                    uint32_t limit,
                    Time wait);
    /**
     * \brief A usable SA appeared: forget the records it serves and retry their packets
     * (scheduled now, in arrival order).
     * \param sa the SA
     * \return number of packets released
     */
    uint32_t Release(const SecurityAssociation& sa);
    /// \return records pending (missing SAs)
    size_t GetPending() const;
    /// \return packets held in all records
    size_t GetHeld() const;
    /// Forget everything without reporting (disposal).
    void Clear();

  private:
    /// A held packet.
    struct Held
    {
        Ptr<const Packet> packet;
        Retry retry;
        Time deadline;
    };

    /// One missing SA.
    struct Record
    {
        Time raised;
        Time forgetAt; //!< raised + the interval: no use for the record after that
        std::deque<Held> held;
        EventId timer;
    };

    static bool Serves(const SecurityAssociation& sa, const Key& key);
    void Forget(Time now, Time interval);
    void ArmTimer(const Key& key, Record& record);
    void Timeout(Key key);
    static void RunRetries(std::deque<Held> held);

    DropHeld m_drop;
    std::map<Key, Record> m_records;
    std::deque<std::pair<Time, Key>> m_raised; //!< ACQUIREs by time, to forget old records
};

} // namespace ns3

#endif /* IPSEC_ACQUIRE_TABLE_H */
