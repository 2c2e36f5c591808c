/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-traffic-selector.h"

#include <algorithm>
#include <arpa/inet.h>

namespace ns3
{

namespace
{
/// IP protocol names charon prints in selectors.
constexpr struct
{
    uint8_t number;   //!< IP protocol number
    const char* name; //!< its name
} PROTOCOL_NAMES[] = {{1, "icmp"}, {6, "tcp"}, {17, "udp"}, {58, "ipv6-icmp"}};

/**
 * \param type a selector type
 * \return the address size of its family
 */
size_t
AddressSize(Ikev2TsType type)
{
    return type == Ikev2TsType::IPV4_ADDR_RANGE ? 4 : 16;
}

/**
 * \param text an IPv4 or IPv6 address
 * \param type its family
 * \param bytes the address, network order
 * \return false when it is neither
 */
bool
ParseAddress(const std::string& text, Ikev2TsType& type, IpsecBytes& bytes)
{
    uint8_t buffer[16];
    if (inet_pton(AF_INET, text.c_str(), buffer) == 1)
    {
        type = Ikev2TsType::IPV4_ADDR_RANGE;
        bytes.assign(buffer, buffer + 4);
        return true;
    }
    if (inet_pton(AF_INET6, text.c_str(), buffer) == 1)
    {
        type = Ikev2TsType::IPV6_ADDR_RANGE;
        bytes.assign(buffer, buffer + 16);
        return true;
    }
    return false;
}

/**
 * \param bytes an address, 4 or 16 bytes
 * \return its text (RFC 5952 for IPv6)
 */
std::string
AddressText(const IpsecBytes& bytes)
{
    char text[INET6_ADDRSTRLEN];
    inet_ntop(bytes.size() == 4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof(text));
    return text;
}

/**
 * \param address an address
 * \param prefix a prefix length
 * \param ones true to set the bits after the prefix, false to clear them
 * \return the address with the host bits set or cleared
 */
IpsecBytes
WithHostBits(IpsecBytes address, size_t prefix, bool ones)
{
    for (size_t bit = prefix; bit < address.size() * 8; ++bit)
    {
        uint8_t mask = static_cast<uint8_t>(0x80 >> (bit % 8));
        address[bit / 8] = ones ? (address[bit / 8] | mask) : (address[bit / 8] & ~mask);
    }
    return address;
}

/**
 * \param start first address
 * \param end last address
 * \param prefix the prefix length, when the range is a subnet
 * \return true when [start, end] is exactly one subnet
 */
bool
IsSubnet(const IpsecBytes& start, const IpsecBytes& end, size_t& prefix)
{
    for (prefix = 0; prefix <= start.size() * 8; ++prefix)
    {
        if (WithHostBits(start, prefix, false) == start && WithHostBits(start, prefix, true) == end)
        {
            return true;
        }
    }
    return false;
}
} // namespace

Ikev2TrafficSelector::Ikev2TrafficSelector()
    : Ikev2TrafficSelector(Any(Ikev2TsType::IPV4_ADDR_RANGE))
{
}

Ikev2TrafficSelector::Ikev2TrafficSelector(Ikev2TsType type,
                                           uint8_t ipProtocol,
                                           uint16_t startPort,
                                           uint16_t endPort,
                                           const IpsecBytes& startAddress,
                                           const IpsecBytes& endAddress)
    : m_type(type)
    , m_ipProtocol(ipProtocol)
    , m_startPort(startPort)
    , m_endPort(endPort)
    , m_startAddress(startAddress)
    , m_endAddress(endAddress)
{
    NS_ASSERT_MSG(startAddress.size() == AddressSize(type)
                      && endAddress.size() == startAddress.size(),
                  "Ikev2TrafficSelector: address sizes do not match the selector type");
}

Ikev2TrafficSelector
Ikev2TrafficSelector::Any(Ikev2TsType type)
{
    size_t size = AddressSize(type);
    return Ikev2TrafficSelector(type, 0, 0, 65535, IpsecBytes(size, 0x00), IpsecBytes(size, 0xff));
}

bool
Ikev2TrafficSelector::FromText(const std::string& text,
                               uint8_t ipProtocol,
                               uint16_t startPort,
                               uint16_t endPort,
                               Ikev2TrafficSelector& out)
{
    Ikev2TsType type;
    IpsecBytes start;
    size_t dots = text.find("..");
    if (dots != std::string::npos)
    {
        Ikev2TsType endType;
        IpsecBytes end;
        if (!ParseAddress(text.substr(0, dots), type, start)
            || !ParseAddress(text.substr(dots + 2), endType, end) || endType != type || end < start)
        {
            return false;
        }
        out = Ikev2TrafficSelector(type, ipProtocol, startPort, endPort, start, end);
        return true;
    }
    size_t slash = text.find('/');
    if (!ParseAddress(text.substr(0, slash), type, start))
    {
        return false;
    }
    size_t prefix = start.size() * 8;
    if (slash != std::string::npos)
    {
        std::string length = text.substr(slash + 1);
        if (length.empty() || length.size() > 3
            || !std::all_of(length.begin(),
                            length.end(),
                            [](char c) { return c >= '0' && c <= '9'; })
            || std::stoul(length) > prefix)
        {
            return false;
        }
        prefix = std::stoul(length);
    }
    out = Ikev2TrafficSelector(type,
                               ipProtocol,
                               startPort,
                               endPort,
                               WithHostBits(start, prefix, false),
                               WithHostBits(start, prefix, true));
    return true;
}

Ikev2TsType
Ikev2TrafficSelector::GetType() const
{
    return m_type;
}

uint8_t
Ikev2TrafficSelector::GetIpProtocol() const
{
    return m_ipProtocol;
}

uint16_t
Ikev2TrafficSelector::GetStartPort() const
{
    return m_startPort;
}

uint16_t
Ikev2TrafficSelector::GetEndPort() const
{
    return m_endPort;
}

const IpsecBytes&
Ikev2TrafficSelector::GetStartAddress() const
{
    return m_startAddress;
}

const IpsecBytes&
Ikev2TrafficSelector::GetEndAddress() const
{
    return m_endAddress;
}

std::string
Ikev2TrafficSelector::ToString() const
{
    std::string text;
    size_t prefix;
    if (IsSubnet(m_startAddress, m_endAddress, prefix))
    {
        text = AddressText(m_startAddress) + "/" + std::to_string(prefix);
    }
    else
    {
        text = AddressText(m_startAddress) + ".." + AddressText(m_endAddress);
    }
    bool anyPort = m_startPort == 0 && m_endPort == 65535;
    if (m_ipProtocol == 0 && anyPort)
    {
        return text;
    }
    std::string protocol = std::to_string(m_ipProtocol);
    for (const auto& entry : PROTOCOL_NAMES)
    {
        if (entry.number == m_ipProtocol)
        {
            protocol = entry.name;
        }
    }
    text += "[" + protocol;
    if (!anyPort)
    {
        text += "/" + std::to_string(m_startPort);
        if (m_endPort != m_startPort)
        {
            text += "-" + std::to_string(m_endPort);
        }
    }
    return text + "]";
}

bool
Ikev2TrafficSelector::Contains(const Ikev2TrafficSelector& other) const
{
    return m_type == other.m_type && (m_ipProtocol == 0 || m_ipProtocol == other.m_ipProtocol)
        && m_startPort <= other.m_startPort && other.m_endPort <= m_endPort
        && other.m_startPort <= other.m_endPort && m_startAddress <= other.m_startAddress
        && other.m_endAddress <= m_endAddress && other.m_startAddress <= other.m_endAddress;
}

bool
Ikev2TrafficSelector::Intersect(const Ikev2TrafficSelector& a,
                                const Ikev2TrafficSelector& b,
                                Ikev2TrafficSelector& out)
{
    if (a.m_type != b.m_type
        || (a.m_ipProtocol != 0 && b.m_ipProtocol != 0 && a.m_ipProtocol != b.m_ipProtocol))
    {
        return false;
    }
    uint16_t startPort = std::max(a.m_startPort, b.m_startPort);
    uint16_t endPort = std::min(a.m_endPort, b.m_endPort);
    const IpsecBytes& start = std::max(a.m_startAddress, b.m_startAddress);
    const IpsecBytes& end = std::min(a.m_endAddress, b.m_endAddress);
    if (startPort > endPort || start > end)
    {
        return false;
    }
    out = Ikev2TrafficSelector(a.m_type,
                               a.m_ipProtocol != 0 ? a.m_ipProtocol : b.m_ipProtocol,
                               startPort,
                               endPort,
                               start,
                               end);
    return true;
}

std::vector<Ikev2TrafficSelector>
Ikev2TrafficSelector::Narrow(const std::vector<Ikev2TrafficSelector>& proposed,
                             const std::vector<Ikev2TrafficSelector>& allowed)
{
    std::vector<Ikev2TrafficSelector> narrowed;
    for (const Ikev2TrafficSelector& p : proposed)
    {
        for (const Ikev2TrafficSelector& a : allowed)
        {
            Ikev2TrafficSelector both;
            if (Intersect(p, a, both)
                && std::find(narrowed.begin(), narrowed.end(), both) == narrowed.end())
            {
                narrowed.push_back(both);
            }
        }
    }
    return narrowed;
}

void
Ikev2TrafficSelector::Encode(Ikev2Writer& w) const
{
    w.U8(static_cast<uint8_t>(m_type));
    w.U8(m_ipProtocol);
    w.U16(static_cast<uint16_t>(m_type == Ikev2TsType::IPV4_ADDR_RANGE ? IPV4_SIZE : IPV6_SIZE));
    w.U16(m_startPort);
    w.U16(m_endPort);
    w.Bytes(m_startAddress);
    w.Bytes(m_endAddress);
}

Ikev2ParseResult
Ikev2TrafficSelector::Decode(Ikev2Reader& r, Ikev2TrafficSelector& out)
{
    size_t start = r.Position();
    auto type = static_cast<Ikev2TsType>(r.U8());
    uint8_t ipProtocol = r.U8();
    uint16_t length = r.U16();
    if (!r.Ok())
    {
        return {Ikev2ParseError::TRUNCATED, r.Position(), Ikev2PayloadType::NONE};
    }
    bool ipv4 = type == Ikev2TsType::IPV4_ADDR_RANGE && length == IPV4_SIZE;
    bool ipv6 = type == Ikev2TsType::IPV6_ADDR_RANGE && length == IPV6_SIZE;
    if (!ipv4 && !ipv6)
    {
        return {Ikev2ParseError::BAD_TRAFFIC_SELECTOR, start, Ikev2PayloadType::NONE};
    }
    uint16_t startPort = r.U16();
    uint16_t endPort = r.U16();
    IpsecBytes startAddress = r.Bytes(AddressSize(type));
    IpsecBytes endAddress = r.Bytes(AddressSize(type));
    if (!r.Ok())
    {
        return {Ikev2ParseError::TRUNCATED, r.Position(), Ikev2PayloadType::NONE};
    }
    out = Ikev2TrafficSelector(type, ipProtocol, startPort, endPort, startAddress, endAddress);
    return {};
}

bool
Ikev2TrafficSelector::operator==(const Ikev2TrafficSelector& other) const
{
    return m_type == other.m_type && m_ipProtocol == other.m_ipProtocol
        && m_startPort == other.m_startPort && m_endPort == other.m_endPort
        && m_startAddress == other.m_startAddress && m_endAddress == other.m_endAddress;
}

bool
Ikev2TrafficSelector::operator!=(const Ikev2TrafficSelector& other) const
{
    return !(*this == other);
}

} // namespace ns3
