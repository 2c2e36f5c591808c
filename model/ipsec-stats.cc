/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-stats.h"

#include <iomanip>
#include <utility>

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
    wire = Wire();
    natt = Natt();
}

namespace
{
/// IP packets and bytes a datagram takes on a link (RFC 791 fragmentation, 20-byte headers).
std::pair<uint64_t, uint64_t>
Fragmented(uint32_t size, uint32_t mtu)
{
    constexpr uint32_t HEADER = 20;
    if (size <= mtu || mtu <= HEADER + 8)
    {
        return {1, size};
    }
    uint32_t perFragment = (mtu - HEADER) & ~7u;
    uint64_t fragments = (size - HEADER + perFragment - 1) / perFragment;
    return {fragments, size + (fragments - 1) * HEADER};
}
} // namespace

void
IpsecStats::CountWire(uint32_t clearSize, uint32_t protectedSize, uint32_t mtu)
{
    auto [fragments, bytes] = Fragmented(protectedSize, mtu);
    auto [clearFragments, clearBytes] = Fragmented(clearSize, mtu);
    ++wire.datagramsOut;
    wire.fragmentsOut += fragments;
    wire.addedFragmentsOut += fragments > clearFragments ? fragments - clearFragments : 0;
    wire.ipBytesOut += bytes;
    wire.clearIpBytesOut += clearBytes;
}

double
IpsecStats::OverheadPerDatagram() const
{
    return wire.datagramsOut == 0
             ? 0.0
             : double(wire.ipBytesOut - wire.clearIpBytesOut) / double(wire.datagramsOut);
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
    if (wire.datagramsOut > 0)
    {
        os << "wire:\n";
        line(wire.datagramsOut, "protected datagrams out");
        line(wire.fragmentsOut, "IP packets they took (fragments counted)");
        line(wire.addedFragmentsOut, "fragments protection added");
        line(wire.ipBytesOut - wire.clearIpBytesOut,
             "IP bytes protection added (headers of added "
             "fragments included)");
    }
    if (natt.encapsulatedOut || natt.encapsulatedIn || natt.keepalivesIn)
    {
        os << "nat-t:\n";
        line(natt.encapsulatedOut, "ESP packets out in UDP");
        line(natt.encapsulatedIn, "ESP-in-UDP packets in");
        line(natt.keepalivesIn, "NAT keepalives in");
        line(natt.checksumsAdjusted, "transport checksums adjusted (NAT-T addresses)");
        line(natt.checksumsRecomputed, "transport checksums recomputed");
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
