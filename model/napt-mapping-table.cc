/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "napt-mapping-table.h"

#include <iterator>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{
constexpr uint8_t kIcmp = 1; //!< ICMP's protocol number
constexpr uint8_t kTcp = 6;  //!< TCP's protocol number
constexpr uint8_t kUdp = 17; //!< UDP's protocol number

/**
 * \param address an address
 * \param port a port
 * \return both in one number, for the sets of remote endpoints
 */
uint64_t
EndpointKey(Ipv4Address address, uint16_t port)
{
    return (static_cast<uint64_t>(address.Get()) << 16) | port;
}

/**
 * \param behavior a behaviour
 * \return its RFC 4787 name
 */
const char*
BehaviorName(NaptMappingTable::Behavior behavior)
{
    switch (behavior)
    {
        case NaptMappingTable::ENDPOINT_INDEPENDENT:
            return "endpoint-independent";
        case NaptMappingTable::ADDRESS_DEPENDENT:
            return "address-dependent";
        case NaptMappingTable::ADDRESS_AND_PORT_DEPENDENT:
            return "address-and-port-dependent";
    }
    return "?";
}

/**
 * \param timer a timer class
 * \return its name
 */
const char*
TimerName(NaptMappingTable::TimerClass timer)
{
    switch (timer)
    {
        case NaptMappingTable::UDP_TIMER:
            return "udp";
        case NaptMappingTable::ICMP_TIMER:
            return "icmp";
        case NaptMappingTable::TCP_TRANSITORY_TIMER:
            return "tcp-transitory";
        case NaptMappingTable::TCP_ESTABLISHED_TIMER:
            return "tcp-established";
        case NaptMappingTable::STATIC_TIMER:
            return "static";
    }
    return "?";
}
} // namespace

size_t
NaptMappingTable::ForwardKeyHash::operator()(const ForwardKey& k) const
{
    uint64_t a = (static_cast<uint64_t>(k.inside) << 32)
               | (static_cast<uint64_t>(k.insidePort) << 8) | k.protocol;
    uint64_t b = (static_cast<uint64_t>(k.remote) << 16) | k.remotePort;
    // A 64-bit mix (splitmix64's finalizer) of both halves.
    uint64_t h = a ^ (b * 0x9e3779b97f4a7c15ULL);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return static_cast<size_t>(h);
}

NaptMappingTable::NaptMappingTable()
{
    for (auto& space : m_ports)
    {
        space.used.assign(65536 / 64, 0);
        space.cursor = m_config.portMin;
    }
}

void
NaptMappingTable::Configure(const Config& config)
{
    if (GetSize() != 0)
    {
        throw std::invalid_argument("NaptMappingTable::Configure: the table already holds "
                                    "mappings; configure it before traffic and static mappings");
    }
    if (config.portMin == 0)
    {
        throw std::invalid_argument(
            "NaptMappingTable::Configure: the port range cannot start at 0");
    }
    if (config.portMin > config.portMax)
    {
        throw std::invalid_argument("NaptMappingTable::Configure: the port range is empty (minimum "
                                    + std::to_string(config.portMin) + " > maximum "
                                    + std::to_string(config.portMax) + ")");
    }
    for (const Time& t : {config.udpTimeout,
                          config.icmpTimeout,
                          config.tcpTransitoryTimeout,
                          config.tcpEstablishedTimeout})
    {
        if (!t.IsStrictlyPositive())
        {
            throw std::invalid_argument("NaptMappingTable::Configure: every timeout must be "
                                        "positive");
        }
    }
    m_config = config;
    for (auto& space : m_ports)
    {
        space.used.assign(65536 / 64, 0);
        space.usedInRange = 0;
        space.cursor = m_config.portMin;
    }
}

const NaptMappingTable::Config&
NaptMappingTable::GetConfig() const
{
    return m_config;
}

void
NaptMappingTable::SetExpiredCallback(ExpiredCallback callback)
{
    m_expired = std::move(callback);
}

bool
NaptMappingTable::IsSupported(uint8_t protocol)
{
    return protocol == kTcp || protocol == kUdp || protocol == kIcmp;
}

std::string
NaptMappingTable::ProtocolName(uint8_t protocol)
{
    switch (protocol)
    {
        case kTcp:
            return "tcp";
        case kUdp:
            return "udp";
        case kIcmp:
            return "icmp";
        default:
            return "protocol-" + std::to_string(protocol);
    }
}

NaptMappingTable::PortSpace&
NaptMappingTable::SpaceOf(uint8_t protocol)
{
    return m_ports[protocol == kTcp ? 0 : (protocol == kUdp ? 1 : 2)];
}

const NaptMappingTable::PortSpace&
NaptMappingTable::SpaceOf(uint8_t protocol) const
{
    return m_ports[protocol == kTcp ? 0 : (protocol == kUdp ? 1 : 2)];
}

bool
NaptMappingTable::IsUsed(const PortSpace& space, uint16_t port)
{
    return (space.used[port >> 6] >> (port & 63)) & 1;
}

void
NaptMappingTable::Take(PortSpace& space, uint16_t port)
{
    space.used[port >> 6] |= uint64_t{1} << (port & 63);
    if (port >= m_config.portMin && port <= m_config.portMax)
    {
        ++space.usedInRange;
    }
}

void
NaptMappingTable::Release(PortSpace& space, uint16_t port)
{
    space.used[port >> 6] &= ~(uint64_t{1} << (port & 63));
    if (port >= m_config.portMin && port <= m_config.portMax)
    {
        --space.usedInRange;
    }
}

bool
NaptMappingTable::Allocate(uint8_t protocol, uint16_t insidePort, uint16_t& port)
{
    PortSpace& space = SpaceOf(protocol);
    const uint32_t lo = m_config.portMin;
    const uint32_t hi = m_config.portMax;
    if (m_config.portPreservation && insidePort >= lo && insidePort <= hi
        && !IsUsed(space, insidePort))
    {
        port = insidePort;
        Take(space, port);
        return true;
    }
    if (space.usedInRange >= hi - lo + 1)
    {
        return false;
    }
    // The next free port from the cursor, wrapping once; whole words of used ports are skipped.
    // A free port exists (usedInRange says so), so the search ends.
    uint32_t p = (space.cursor >= lo && space.cursor <= hi) ? space.cursor : lo;
    while (true)
    {
        uint64_t word = space.used[p >> 6];
        if ((p & 63) == 0 && word == ~uint64_t{0} && p + 63 <= hi)
        {
            p += 64;
        }
        else if (!((word >> (p & 63)) & 1))
        {
            break;
        }
        else
        {
            ++p;
        }
        if (p > hi)
        {
            p = lo;
        }
    }
    port = static_cast<uint16_t>(p);
    space.cursor = static_cast<uint16_t>(p == hi ? lo : p + 1);
    Take(space, port);
    return true;
}

Time
NaptMappingTable::TimeoutOf(TimerClass timer) const
{
    switch (timer)
    {
        case UDP_TIMER:
            return m_config.udpTimeout;
        case ICMP_TIMER:
            return m_config.icmpTimeout;
        case TCP_TRANSITORY_TIMER:
            return m_config.tcpTransitoryTimeout;
        case TCP_ESTABLISHED_TIMER:
            return m_config.tcpEstablishedTimeout;
        case STATIC_TIMER:
            break;
    }
    return Time::Max();
}

bool
NaptMappingTable::IsExpired(const Mapping& mapping, Time now) const
{
    return !mapping.isStatic && now - mapping.lastUsed >= TimeoutOf(mapping.timer);
}

NaptMappingTable::ForwardKey
NaptMappingTable::KeyOf(const Mapping& mapping)
{
    return ForwardKey{mapping.protocol,
                      mapping.insideAddress.Get(),
                      mapping.insidePort,
                      mapping.remoteAddress.Get(),
                      mapping.remotePort};
}

uint32_t
NaptMappingTable::ReverseKey(uint8_t protocol, uint16_t publicPort)
{
    return (static_cast<uint32_t>(protocol) << 16) | publicPort;
}

void
NaptMappingTable::Touch(Handle handle, TimerClass timer, Time now)
{
    handle->lastUsed = now;
    if (handle->isStatic)
    {
        return;
    }
    // To the back of its (new) list: each list stays ordered by last use.
    m_lists[timer].splice(m_lists[timer].end(), m_lists[handle->timer], handle);
    handle->timer = timer;
}

void
NaptMappingTable::RemoveExpired(Handle handle)
{
    if (m_expired)
    {
        m_expired(*handle);
    }
    m_forward.erase(KeyOf(*handle));
    m_reverse.erase(ReverseKey(handle->protocol, handle->publicPort));
    Release(SpaceOf(handle->protocol), handle->publicPort);
    m_lists[handle->timer].erase(handle);
}

NaptMappingTable::Handle
NaptMappingTable::Insert(TimerClass timer, const ForwardKey& key, uint16_t publicPort, Time now)
{
    std::list<Mapping>& list = m_lists[timer];
    list.emplace_back();
    Handle handle = std::prev(list.end());
    handle->protocol = key.protocol;
    handle->insideAddress = Ipv4Address(key.inside);
    handle->insidePort = key.insidePort;
    handle->publicPort = publicPort;
    handle->timer = timer;
    handle->created = now;
    handle->lastUsed = now;
    m_forward.emplace(key, handle);
    m_reverse.emplace(ReverseKey(key.protocol, publicPort), handle);
    return handle;
}

NaptMappingTable::Mapping*
NaptMappingTable::FindForward(const ForwardKey& key, Time now)
{
    auto it = m_forward.find(key);
    if (it == m_forward.end())
    {
        return nullptr;
    }
    if (IsExpired(*it->second, now))
    {
        RemoveExpired(it->second);
        return nullptr;
    }
    return &*it->second;
}

NaptMappingTable::Mapping*
NaptMappingTable::Outbound(uint8_t protocol,
                           Ipv4Address inside,
                           uint16_t insidePort,
                           Ipv4Address remote,
                           uint16_t remotePort,
                           Time now,
                           Outcome& outcome)
{
    outcome = Outcome::FOUND;
    // The mapping behaviour decides how much of the remote endpoint the key holds.
    Ipv4Address boundAddress
        = m_config.mapping == ENDPOINT_INDEPENDENT ? Ipv4Address(uint32_t{0}) : remote;
    uint16_t boundPort = m_config.mapping == ADDRESS_AND_PORT_DEPENDENT ? remotePort : 0;
    ForwardKey key{protocol, inside.Get(), insidePort, boundAddress.Get(), boundPort};
    if (Mapping* m = FindForward(key, now))
    {
        return m;
    }
    if (key.remote != 0 || key.remotePort != 0)
    {
        // A static mapping serves its inside endpoint whatever the remote.
        ForwardKey any{protocol, inside.Get(), insidePort, 0, 0};
        if (Mapping* m = FindForward(any, now))
        {
            return m;
        }
    }
    uint16_t publicPort = 0;
    if (!Allocate(protocol, insidePort, publicPort))
    {
        outcome = Outcome::EXHAUSTED;
        return nullptr;
    }
    TimerClass timer = protocol == kUdp  ? UDP_TIMER
                     : protocol == kIcmp ? ICMP_TIMER
                                         : TCP_TRANSITORY_TIMER;
    Handle handle = Insert(timer, key, publicPort, now);
    handle->remoteAddress = boundAddress;
    handle->remotePort = boundPort;
    outcome = Outcome::CREATED;
    return &*handle;
}

NaptMappingTable::Mapping*
NaptMappingTable::Inbound(uint8_t protocol, uint16_t publicPort, Time now)
{
    auto it = m_reverse.find(ReverseKey(protocol, publicPort));
    if (it == m_reverse.end())
    {
        return nullptr;
    }
    if (IsExpired(*it->second, now))
    {
        RemoveExpired(it->second);
        return nullptr;
    }
    return &*it->second;
}

bool
NaptMappingTable::Permits(const Mapping& mapping, Ipv4Address remote, uint16_t remotePort) const
{
    if (mapping.isStatic)
    {
        return true;
    }
    switch (m_config.filtering)
    {
        case ENDPOINT_INDEPENDENT:
            return true;
        case ADDRESS_DEPENDENT:
            return mapping.remoteAddresses.count(remote.Get()) != 0;
        case ADDRESS_AND_PORT_DEPENDENT:
            return mapping.remoteEndpoints.count(EndpointKey(remote, remotePort)) != 0;
    }
    return false;
}

NaptMappingTable::TimerClass
NaptMappingTable::TcpTimer(const Mapping& mapping)
{
    return mapping.tcpOutbound && mapping.tcpInbound && !mapping.tcpClosing ? TCP_ESTABLISHED_TIMER
                                                                            : TCP_TRANSITORY_TIMER;
}

void
NaptMappingTable::FollowTcp(Mapping& mapping, uint8_t tcpFlags, bool outbound)
{
    if (tcpFlags & (TCP_FIN | TCP_RST))
    {
        mapping.tcpClosing = true;
    }
    else if (outbound && mapping.tcpClosing && (tcpFlags & TCP_SYN) && !(tcpFlags & TCP_ACK))
    {
        // A new connection from the same inside endpoint reuses the mapping: partially open.
        mapping.tcpClosing = false;
        mapping.tcpInbound = false;
    }
    (outbound ? mapping.tcpOutbound : mapping.tcpInbound) = true;
}

void
NaptMappingTable::NoteOutbound(Mapping& mapping,
                               Ipv4Address remote,
                               uint16_t remotePort,
                               uint8_t tcpFlags,
                               Time now)
{
    mapping.remoteEndpoints.insert(EndpointKey(remote, remotePort));
    mapping.remoteAddresses.insert(remote.Get());
    TimerClass timer = mapping.timer;
    if (mapping.protocol == kTcp && !mapping.isStatic)
    {
        FollowTcp(mapping, tcpFlags, true);
        timer = TcpTimer(mapping);
    }
    // The handle of a mapping: both indexes hold it; the reverse one is the cheaper lookup.
    Touch(m_reverse.find(ReverseKey(mapping.protocol, mapping.publicPort))->second, timer, now);
}

void
NaptMappingTable::NoteInbound(Mapping& mapping, uint8_t tcpFlags, Time now)
{
    TimerClass timer = mapping.timer;
    if (mapping.protocol == kTcp && !mapping.isStatic)
    {
        FollowTcp(mapping, tcpFlags, false);
        timer = TcpTimer(mapping);
    }
    Touch(m_reverse.find(ReverseKey(mapping.protocol, mapping.publicPort))->second, timer, now);
}

void
NaptMappingTable::AddStatic(uint8_t protocol,
                            uint16_t publicPort,
                            Ipv4Address inside,
                            uint16_t insidePort,
                            Time now)
{
    if (!IsSupported(protocol))
    {
        throw std::invalid_argument("NAPT static mapping: protocol " + std::to_string(protocol)
                                    + " is not mapped (only TCP 6, UDP 17 and ICMP echo 1)");
    }
    if (publicPort == 0)
    {
        throw std::invalid_argument("NAPT static mapping: the public port cannot be 0");
    }
    if (Inbound(protocol, publicPort, now))
    {
        throw std::invalid_argument("NAPT static mapping: public " + ProtocolName(protocol)
                                    + " port " + std::to_string(publicPort) + " is already mapped");
    }
    ForwardKey key{protocol, inside.Get(), insidePort, 0, 0};
    if (FindForward(key, now))
    {
        std::ostringstream os;
        os << "NAPT static mapping: " << ProtocolName(protocol) << " " << inside << ":"
           << insidePort << " already has a mapping";
        throw std::invalid_argument(os.str());
    }
    Insert(STATIC_TIMER, key, publicPort, now)->isStatic = true;
    Take(SpaceOf(protocol), publicPort);
}

size_t
NaptMappingTable::Expire(Time now)
{
    size_t removed = 0;
    for (size_t c = 0; c < kTimerClasses; ++c)
    {
        if (c == STATIC_TIMER)
        {
            continue;
        }
        std::list<Mapping>& list = m_lists[c];
        while (!list.empty() && IsExpired(list.front(), now))
        {
            RemoveExpired(list.begin());
            ++removed;
        }
    }
    return removed;
}

size_t
NaptMappingTable::GetLiveCount(Time now) const
{
    size_t live = 0;
    for (size_t c = 0; c < kTimerClasses; ++c)
    {
        const std::list<Mapping>& list = m_lists[c];
        live += list.size();
        for (auto it = list.begin(); it != list.end() && IsExpired(*it, now); ++it)
        {
            --live; // expired ones sit at the front, oldest first
        }
    }
    return live;
}

size_t
NaptMappingTable::GetSize() const
{
    return m_reverse.size();
}

std::string
NaptMappingTable::Dump(Time now, Ipv4Address publicAddress) const
{
    std::ostringstream os;
    for (size_t c : {size_t{STATIC_TIMER},
                     size_t{UDP_TIMER},
                     size_t{ICMP_TIMER},
                     size_t{TCP_TRANSITORY_TIMER},
                     size_t{TCP_ESTABLISHED_TIMER}})
    {
        for (const Mapping& m : m_lists[c])
        {
            if (IsExpired(m, now))
            {
                continue;
            }
            os << ProtocolName(m.protocol) << " " << m.insideAddress << ":" << m.insidePort
               << " <-> " << publicAddress << ":" << m.publicPort;
            if (m.isStatic)
            {
                os << " static";
            }
            else
            {
                os << " remote ";
                if (m.remoteAddress == Ipv4Address(uint32_t{0}))
                {
                    os << "any";
                }
                else if (m.remotePort == 0)
                {
                    os << m.remoteAddress << ":any";
                }
                else
                {
                    os << m.remoteAddress << ":" << m.remotePort;
                }
                os << " (" << BehaviorName(m_config.mapping) << " mapping, "
                   << BehaviorName(m_config.filtering) << " filtering), " << TimerName(m.timer)
                   << " timer, idle " << (now - m.lastUsed).GetSeconds() << " s of "
                   << TimeoutOf(m.timer).GetSeconds() << " s, " << m.remoteEndpoints.size()
                   << " remote endpoint(s)";
            }
            os << "\n";
        }
    }
    return os.str();
}

} // namespace ns3
