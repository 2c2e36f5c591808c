/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-address-resolver.h"

#include "ipsec-config-names.h"

#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/names.h"
#include "ns3/node.h"

#include <cctype>
#include <sstream>

namespace ns3
{

namespace
{

using Family = IpsecAddress::Family;

uint8_t
HostLength(Family family)
{
    return family == Family::IPV6 ? 128 : 32;
}

/// Parse `h16 *(":" h16)` with an optional dotted-quad last part into 16-bit groups.
bool
ParseGroups(const std::string& text, bool allowIpv4Tail, std::vector<uint16_t>& groups)
{
    if (text.empty())
    {
        return true;
    }
    size_t start = 0;
    while (true)
    {
        size_t colon = text.find(':', start);
        std::string part = text.substr(start, colon == std::string::npos ? colon : colon - start);
        bool last = colon == std::string::npos;
        if (last && allowIpv4Tail && part.find('.') != std::string::npos)
        {
            Ipv4Address v4;
            if (!IpsecAddressResolver::ParseDottedQuad(part, v4))
            {
                return false;
            }
            groups.push_back(static_cast<uint16_t>(v4.Get() >> 16));
            groups.push_back(static_cast<uint16_t>(v4.Get() & 0xffff));
            return true;
        }
        if (part.empty() || part.size() > 4)
        {
            return false;
        }
        uint16_t value = 0;
        for (char c : part)
        {
            if (!std::isxdigit(static_cast<unsigned char>(c)))
            {
                return false;
            }
            value = static_cast<uint16_t>(
                value << 4
                | (std::isdigit(static_cast<unsigned char>(c))
                       ? c - '0'
                       : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10));
        }
        groups.push_back(value);
        if (last)
        {
            return true;
        }
        start = colon + 1;
    }
}

/// The addresses of a node registered in Names, of the family asked for (NONE: both).
std::vector<IpsecAddress>
NodeAddresses(Ptr<Node> node, Family family)
{
    std::vector<IpsecAddress> result;
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    for (uint32_t i = 0; family != Family::IPV6 && ipv4 && i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address a = ipv4->GetAddress(i, j).GetLocal();
            if (!a.IsLocalhost() && a != Ipv4Address::GetAny())
            {
                result.emplace_back(a);
            }
        }
    }
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    for (uint32_t i = 0; family != Family::IPV4 && ipv6 && i < ipv6->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv6->GetNAddresses(i); ++j)
        {
            // Link-local addresses are left out: without their interface (a zone) they name no
            // one host, and every interface has one.
            Ipv6Address a = ipv6->GetAddress(i, j).GetAddress();
            if (!a.IsLocalhost() && !a.IsLinkLocal() && a != Ipv6Address::GetAny())
            {
                result.emplace_back(a);
            }
        }
    }
    return result;
}

} // namespace

IpsecAddressPrefix
IpsecAddressPrefix::Host(const IpsecAddress& address)
{
    return IpsecAddressPrefix{address, HostLength(address.GetFamily())};
}

IpsecAddressPrefix
IpsecAddressPrefix::Any(Family family)
{
    return IpsecAddressPrefix{IpsecAddress::GetAny(family), 0};
}

IpsecMask
IpsecAddressPrefix::Mask() const
{
    return IpsecMask::FromPrefixLength(address.GetFamily(), prefix);
}

bool
IpsecAddressPrefix::IsHost() const
{
    return !address.IsNone() && prefix == HostLength(address.GetFamily());
}

std::string
IpsecAddressPrefix::ToString() const
{
    std::ostringstream oss;
    oss << address;
    if (!address.IsNone() && !IsHost())
    {
        oss << "/" << unsigned(prefix);
    }
    return oss.str();
}

std::string
IpsecAddressResolver::FamilyName(Family family)
{
    return family == Family::IPV4 ? "IPv4" : family == Family::IPV6 ? "IPv6" : "IPv4 or IPv6";
}

bool
IpsecAddressResolver::ParseDottedQuad(const std::string& text, Ipv4Address& address)
{
    uint32_t value = 0;
    int parts = 0;
    size_t i = 0;
    while (parts < 4)
    {
        size_t start = i;
        uint32_t part = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))
               && i - start < 3)
        {
            part = part * 10 + (text[i] - '0');
            ++i;
        }
        if (i == start || part > 255)
        {
            return false;
        }
        value = value << 8 | part;
        ++parts;
        if (parts < 4)
        {
            if (i >= text.size() || text[i] != '.')
            {
                return false;
            }
            ++i;
        }
    }
    if (i != text.size())
    {
        return false;
    }
    address = Ipv4Address(value);
    return true;
}

bool
IpsecAddressResolver::ParseIpv6(const std::string& text, Ipv6Address& address)
{
    size_t gap = text.find("::");
    if (gap != std::string::npos && text.find("::", gap + 1) != std::string::npos)
    {
        return false; // at most one "::" (this also refuses ":::")
    }
    std::vector<uint16_t> head;
    std::vector<uint16_t> tail;
    if (gap == std::string::npos)
    {
        if (!ParseGroups(text, true, head) || head.size() != 8)
        {
            return false;
        }
    }
    else if (!ParseGroups(text.substr(0, gap), false, head)
             || !ParseGroups(text.substr(gap + 2), true, tail) || head.size() + tail.size() > 7)
    {
        return false; // "::" stands for one or more groups of zeros
    }
    uint8_t bytes[16] = {};
    for (size_t i = 0; i < head.size(); ++i)
    {
        bytes[2 * i] = head[i] >> 8;
        bytes[2 * i + 1] = head[i] & 0xff;
    }
    for (size_t i = 0; i < tail.size(); ++i)
    {
        size_t at = 8 - tail.size() + i;
        bytes[2 * at] = tail[i] >> 8;
        bytes[2 * at + 1] = tail[i] & 0xff;
    }
    address = Ipv6Address(bytes);
    return true;
}

std::vector<IpsecAddressPrefix>
IpsecAddressResolver::Resolve(const IpsecConfigToken& token,
                              const std::string& text,
                              bool allowPrefix,
                              Family family,
                              const std::string& restriction)
{
    std::string name = text;
    std::string prefixText;
    size_t slash = text.find('/');
    if (slash != std::string::npos)
    {
        if (!allowPrefix)
        {
            IpsecConfigLexer::Fail(token, "a prefix is not allowed here: \"" + text + "\"");
        }
        name = text.substr(0, slash);
        prefixText = text.substr(slash + 1);
    }
    if (name.empty())
    {
        IpsecConfigLexer::Fail(token, "missing address");
    }
    if (name.find('%') != std::string::npos)
    {
        IpsecConfigLexer::Fail(token,
                               "zone id in \"" + name
                                   + "\": scoped addresses are not supported (selectors and SAs "
                                     "carry no interface); give the address without %zone");
    }
    std::vector<IpsecAddress> addresses;
    Ipv4Address v4;
    Ipv6Address v6;
    if (IpsecConfigNames::LooksLikeIpv6(name))
    {
        if (!ParseIpv6(name, v6))
        {
            IpsecConfigLexer::Fail(token, "bad IPv6 address \"" + name + "\"");
        }
        addresses.emplace_back(v6);
    }
    else if (ParseDottedQuad(name, v4))
    {
        addresses.emplace_back(v4);
    }
    else if (std::isdigit(static_cast<unsigned char>(name[0]))
             && name.find('.') != std::string::npos)
    {
        IpsecConfigLexer::Fail(token, "bad IPv4 address \"" + name + "\"");
    }
    if (!addresses.empty() && family != Family::NONE && addresses[0].GetFamily() != family)
    {
        IpsecConfigLexer::Fail(token,
                               FamilyName(addresses[0].GetFamily()) + " address " + name + " where "
                                   + (restriction.empty() ? "" : restriction + " asks for ")
                                   + FamilyName(family) + " only");
    }
    if (addresses.empty())
    {
        Ptr<Node> node = Names::Find<Node>(name);
        if (!node)
        {
            IpsecConfigLexer::Fail(token,
                                   "unknown host \"" + name
                                       + "\": neither an IPv4 address nor a node name in "
                                         "ns3::Names");
        }
        addresses = NodeAddresses(node, family);
        if (addresses.empty())
        {
            IpsecConfigLexer::Fail(token,
                                   "host \"" + name + "\" has no " + FamilyName(family) + " address"
                                       + (restriction.empty() ? "" : " (" + restriction + ")"));
        }
    }
    std::vector<IpsecAddressPrefix> result;
    for (const IpsecAddress& address : addresses)
    {
        uint8_t longest = HostLength(address.GetFamily());
        uint8_t prefix = longest;
        if (slash != std::string::npos)
        {
            std::optional<uint64_t> n = IpsecConfigNames::Number(prefixText);
            if (!n || *n > longest || (prefixText[0] == '0' && prefixText.size() > 1))
            {
                IpsecConfigLexer::Fail(token,
                                       "bad prefix length \"" + prefixText + "\" (0-"
                                           + std::to_string(longest) + " for "
                                           + FamilyName(address.GetFamily()) + ")");
            }
            prefix = static_cast<uint8_t>(*n);
        }
        result.push_back(IpsecAddressPrefix{address, prefix});
    }
    return result;
}

std::vector<std::pair<IpsecAddressPrefix, IpsecAddressPrefix>>
IpsecAddressResolver::SameFamilyPairs(const std::vector<IpsecAddressPrefix>& first,
                                      const std::vector<IpsecAddressPrefix>& second,
                                      const IpsecConfigToken& where,
                                      const std::string& firstText,
                                      const std::string& secondText)
{
    std::vector<std::pair<IpsecAddressPrefix, IpsecAddressPrefix>> pairs;
    for (const auto& a : first)
    {
        for (const auto& b : second)
        {
            if (a.address.IsNone() || b.address.IsNone()
                || a.address.GetFamily() == b.address.GetFamily())
            {
                pairs.emplace_back(a, b);
            }
        }
    }
    if (pairs.empty())
    {
        auto families = [](const std::vector<IpsecAddressPrefix>& list) {
            bool v4 = false;
            bool v6 = false;
            for (const auto& a : list)
            {
                v4 = v4 || a.address.IsIpv4();
                v6 = v6 || a.address.IsIpv6();
            }
            return FamilyName(v4 && v6 ? Family::NONE : v4 ? Family::IPV4 : Family::IPV6);
        };
        IpsecConfigLexer::Fail(where,
                               "address families differ: \"" + firstText + "\" is "
                                   + families(first) + ", \"" + secondText + "\" is "
                                   + families(second));
    }
    return pairs;
}

bool
IpsecAddressResolver::IsAddressRange(const std::string& text)
{
    size_t dash = text.find('-');
    if (dash == std::string::npos)
    {
        return false;
    }
    auto isAddress = [](const std::string& part) {
        Ipv4Address v4;
        Ipv6Address v6;
        return ParseDottedQuad(part, v4) || ParseIpv6(part, v6);
    };
    return isAddress(text.substr(0, dash)) && isAddress(text.substr(dash + 1));
}

} // namespace ns3
