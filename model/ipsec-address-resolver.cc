/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-address-resolver.h"

#include "ipsec-config-names.h"

#include "ns3/ipv4.h"
#include "ns3/names.h"
#include "ns3/node.h"

#include <sstream>

namespace ns3
{

Ipv4Mask
IpsecAddressPrefix::Mask() const
{
    return Ipv4Mask(prefix == 0 ? 0u : ~0u << (32 - prefix));
}

std::string
IpsecAddressPrefix::ToString() const
{
    std::ostringstream oss;
    oss << address;
    if (prefix != 32)
    {
        oss << "/" << unsigned(prefix);
    }
    return oss.str();
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

std::vector<IpsecAddressPrefix>
IpsecAddressResolver::Resolve(const IpsecConfigToken& token,
                              const std::string& text,
                              bool allowPrefix)
{
    std::string name = text;
    uint8_t prefix = 32;
    size_t slash = text.find('/');
    if (slash != std::string::npos)
    {
        if (!allowPrefix)
        {
            IpsecConfigLexer::Fail(token, "a prefix is not allowed here: \"" + text + "\"");
        }
        name = text.substr(0, slash);
        std::optional<uint64_t> n = IpsecConfigNames::Number(text.substr(slash + 1));
        if (!n || *n > 32 || (text[slash + 1] == '0' && text.size() > slash + 2))
        {
            IpsecConfigLexer::Fail(token,
                                   "bad prefix length \"" + text.substr(slash + 1)
                                       + "\" (0-32 for IPv4)");
        }
        prefix = static_cast<uint8_t>(*n);
    }
    if (name.empty())
    {
        IpsecConfigLexer::Fail(token, "missing address");
    }
    if (IpsecConfigNames::LooksLikeIpv6(name))
    {
        IpsecConfigLexer::Fail(token,
                               "IPv6 address " + name
                                   + " is not supported: this model implements IPsec for IPv4");
    }
    Ipv4Address address;
    if (ParseDottedQuad(name, address))
    {
        return {IpsecAddressPrefix{address, prefix}};
    }
    if (std::isdigit(static_cast<unsigned char>(name[0])) && name.find('.') != std::string::npos)
    {
        IpsecConfigLexer::Fail(token, "bad IPv4 address \"" + name + "\"");
    }
    Ptr<Node> node = Names::Find<Node>(name);
    if (!node)
    {
        IpsecConfigLexer::Fail(token,
                               "unknown host \"" + name
                                   + "\": neither an IPv4 address nor a node name in ns3::Names");
    }
    std::vector<IpsecAddressPrefix> result;
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address a = ipv4->GetAddress(i, j).GetLocal();
            if (!a.IsLocalhost() && a != Ipv4Address::GetAny())
            {
                result.push_back(IpsecAddressPrefix{a, prefix});
            }
        }
    }
    if (result.empty())
    {
        IpsecConfigLexer::Fail(token, "host \"" + name + "\" has no IPv4 address");
    }
    return result;
}

Ipv4Address
IpsecAddressResolver::ResolveOne(const IpsecConfigToken& token, const std::string& text)
{
    std::vector<IpsecAddressPrefix> all = Resolve(token, text, false);
    if (all.size() != 1)
    {
        std::ostringstream oss;
        oss << "\"" << text << "\" has " << all.size()
            << " IPv4 addresses; give the address of the SA endpoint";
        IpsecConfigLexer::Fail(token, oss.str());
    }
    return all[0].address;
}

} // namespace ns3
