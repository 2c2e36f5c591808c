/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_DROP_SINK_H
#define IPSEC_DROP_SINK_H

#include "ipsec-drop-detail.h"
#include "ipsec-drop-reason.h"
#include "ipsec-stats.h"
#include "ipsec-types.h"

#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The one place the IPsec datapath drops packets: counts, logs, traces, rate-limits.
 *
 * Every stage of IpsecL3Protocol hands its drops here, like ns-3's queue discs do through
 * `QueueDisc::DropBeforeEnqueue`. A drop, in this order:
 *  1. counts the reason, per protocol (ESP/AH verification and sequence overflow) or as a
 *     policy drop (IpsecStats);
 *  2. writes an NS_LOG_INFO line;
 *  3. fires the Drop trace;
 *  4. writes the same line to PolicyLog (and NS_LOG_WARN), at most once per PolicyLogInterval,
 *     the next message saying how many were suppressed (Solaris' `ipsec_policy_log_interval`).
 *
 * The line is formatted only if the log level is on or PolicyLog has a listener and is due: a
 * drop nobody reads costs a counter and a trace call.
 */
class IpsecDropSink
{
  public:
    /// The Drop trace's type (IpsecL3Protocol::DropTracedCallback).
    using DropTrace = TracedCallback<Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t>;
    /// The PolicyLog trace's type (IpsecL3Protocol::PolicyLogTracedCallback).
    using PolicyLogTrace = TracedCallback<const std::string&>;

    /**
     * \param stats the counters drops go to
     * \param dropTrace the Drop trace source
     * \param policyLogTrace the PolicyLog trace source
     * \param interval the PolicyLogInterval attribute's value (read at each message)
     * \param log the log component the lines go to ("IpsecL3Protocol")
     * \param node the node's id, at the start of every line (read at each line)
     */
    IpsecDropSink(IpsecStats& stats,
                  DropTrace& dropTrace,
                  PolicyLogTrace& policyLogTrace,
                  const Time& interval,
                  const LogComponent& log,
                  const uint32_t& node);

    /**
     * Drops a packet.
     * \param packet the packet (as the stage saw it)
     * \param reason why
     * \param direction inbound or outbound
     * \param spi the SPI concerned, 0 if none
     * \param protocol the protocol whose counters count it, or nullptr for the policy counters
     * \param detail the text after the reason
     */
    void Drop(Ptr<const Packet> packet,
              IpsecDropReason reason,
              IpsecDirection direction,
              uint32_t spi = 0,
              const IpsecProtocol* protocol = nullptr,
              const IpsecDropDetail& detail = IpsecDropDetail());

  private:
    /**
     * Writes a drop's line.
     * \param os where
     * \param reason why
     * \param direction inbound or outbound
     * \param spi the SPI, 0 if none
     * \param detail the text after the reason
     */
    void PrintLine(std::ostream& os,
                   IpsecDropReason reason,
                   IpsecDirection direction,
                   uint32_t spi,
                   const IpsecDropDetail& detail) const;

    IpsecStats& m_stats;               //!< counters
    DropTrace& m_dropTrace;            //!< the Drop trace
    PolicyLogTrace& m_policyLogTrace;  //!< the PolicyLog trace
    const Time& m_interval;            //!< PolicyLogInterval
    const LogComponent& m_log;         //!< where the lines go
    const uint32_t& m_node;            //!< the node's id
    Time m_lastPolicyLog;              //!< when PolicyLog last wrote
    bool m_policyLogged{false};        //!< whether PolicyLog ever wrote
    uint64_t m_policyLogSuppressed{0}; //!< messages suppressed since
};

} // namespace ns3

#endif /* IPSEC_DROP_SINK_H */
