/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-stats.h"

#include <iomanip>

namespace ns3
{

IpsecStats::Protocol&
IpsecStats::Of(IpsecProtocol p)
{
    return p == IpsecProtocol::ESP ? m_esp : m_ah;
}

const IpsecStats::Protocol&
IpsecStats::Of(IpsecProtocol p) const
{
    return p == IpsecProtocol::ESP ? m_esp : m_ah;
}

uint64_t
IpsecStats::Drops(IpsecDropReason reason) const
{
    size_t i = static_cast<size_t>(reason);
    return m_esp.drops[i] + m_ah.drops[i] + policy.drops[i];
}

uint64_t
IpsecStats::TotalDrops() const
{
    uint64_t total = 0;
    for (size_t i = 0; i < static_cast<size_t>(IpsecDropReason::COUNT); ++i)
    {
        total += Drops(static_cast<IpsecDropReason>(i));
    }
    return total;
}

void
IpsecStats::Reset()
{
    m_esp = Protocol();
    m_ah = Protocol();
    policy = Policy();
}

void
IpsecStats::Print(std::ostream& os) const
{
    auto line = [&os](uint64_t value, const std::string& what) {
        os << "        " << std::setw(10) << value << " " << what << "\n";
    };
    auto drops = [&](const std::array<uint64_t, static_cast<size_t>(IpsecDropReason::COUNT)>& d) {
        for (size_t i = 0; i < d.size(); ++i)
        {
            if (d[i] > 0)
            {
                line(d[i], "dropped: " + ToString(static_cast<IpsecDropReason>(i)));
            }
        }
    };
    for (IpsecProtocol p : {IpsecProtocol::ESP, IpsecProtocol::AH})
    {
        const Protocol& s = Of(p);
        os << ToString(p) << ":\n";
        line(s.packetsOut, "packets out");
        line(s.bytesOut, "bytes out (payload)");
        line(s.overheadOut, "bytes of " + ToString(p) + " overhead out");
        line(s.packetsIn, "packets in");
        line(s.bytesIn, "bytes in (payload)");
        if (p == IpsecProtocol::ESP)
        {
            line(s.dummyIn, "dummy packets discarded");
        }
        drops(s.drops);
    }
    os << "policy:\n";
    line(policy.bypassOut, "packets out in the clear");
    line(policy.clearAcceptedIn, "cleartext packets accepted in");
    if (policy.acquires || policy.held)
    {
        line(policy.acquires, "ACQUIREs raised");
        line(policy.held, "packets held for an SA");
        line(policy.released, "held packets released");
    }
    if (policy.latched)
    {
        line(policy.latched, "TCP connections latched");
    }
    if (policy.intraMachineOut || policy.intraMachineIn)
    {
        line(policy.intraMachineOut, "intra-machine packets out");
        line(policy.intraMachineIn, "intra-machine packets accepted in");
    }
    drops(policy.drops);
}

} // namespace ns3
