/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-drop-sink.h"

#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{

IpsecDropSink::IpsecDropSink(IpsecStats& stats,
                             DropTrace& dropTrace,
                             PolicyLogTrace& policyLogTrace,
                             const Time& interval,
                             const LogComponent& log,
                             const uint32_t& node)
    : m_stats(stats)
    , m_dropTrace(dropTrace)
    , m_policyLogTrace(policyLogTrace)
    , m_interval(interval)
    , m_log(log)
    , m_node(node)
{
}

void
IpsecDropSink::PrintLine(std::ostream& os,
                         IpsecDropReason reason,
                         IpsecDirection direction,
                         uint32_t spi,
                         const IpsecDropDetail& detail) const
{
    os << "node " << m_node << " ipsec " << ToString(direction) << " drop (" << ToString(reason)
       << ")";
    if (spi != 0)
    {
        os << " spi 0x" << std::hex << spi << std::dec;
    }
    if (!detail.IsEmpty())
    {
        os << ": " << detail;
    }
}

void
IpsecDropSink::Drop(Ptr<const Packet> packet,
                    IpsecDropReason reason,
                    IpsecDirection direction,
                    uint32_t spi,
                    const IpsecProtocol* protocol,
                    const IpsecDropDetail& detail)
{
    size_t index = static_cast<size_t>(reason);
    if (protocol)
    {
        ++m_stats.Of(*protocol).drops[index];
    }
    else
    {
        ++m_stats.policy.drops[index];
    }
    // The NS_LOG macros name their component g_log: here, the layer's.
    const LogComponent& g_log = m_log;
    NS_LOG_INFO([&] {
        std::ostringstream oss;
        PrintLine(oss, reason, direction, spi, detail);
        return oss.str();
    }());
    m_dropTrace(packet, reason, direction, spi);

    Time now = Simulator::Now();
    if (m_policyLogged && now - m_lastPolicyLog < m_interval)
    {
        ++m_policyLogSuppressed;
        return;
    }
    uint64_t suppressed = m_policyLogSuppressed;
    m_policyLogSuppressed = 0;
    m_policyLogged = true;
    m_lastPolicyLog = now;
    if (m_policyLogTrace.IsEmpty() && !g_log.IsEnabled(LOG_WARN))
    {
        return;
    }
    std::ostringstream oss;
    PrintLine(oss, reason, direction, spi, detail);
    if (suppressed > 0)
    {
        oss << " (" << suppressed << " similar messages suppressed)";
    }
    std::string text = oss.str();
    NS_LOG_WARN(text);
    m_policyLogTrace(text);
}

} // namespace ns3
