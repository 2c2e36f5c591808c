/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-address.h"

#include "ns3/abort.h"

#include <cstring>
#include <sstream>

namespace ns3
{

IpsecAddress::IpsecAddress(Ipv6Address address)
    : m_family(Family::IPV6)
{
    address.GetBytes(m_bytes);
}

IpsecAddress
IpsecAddress::GetAny(Family family)
{
    IpsecAddress any;
    any.m_family = family;
    return any;
}

void
IpsecAddress::AbortNotIpv4() const
{
    NS_FATAL_ERROR("IpsecAddress " << *this << " is not an IPv4 address");
}

Ipv6Address
IpsecAddress::GetIpv6() const
{
    NS_ABORT_MSG_UNLESS(IsIpv6(), "IpsecAddress " << *this << " is not an IPv6 address");
    return Ipv6Address(const_cast<uint8_t*>(m_bytes));
}

bool
IpsecAddress::IsAny() const
{
    static const uint8_t zero[16] = {};
    return std::memcmp(m_bytes, zero, GetLength()) == 0;
}

bool
IpsecAddress::IsMulticast() const
{
    return (IsIpv4() && (m_bytes[0] & 0xf0) == 0xe0) || (IsIpv6() && m_bytes[0] == 0xff);
}

std::string
IpsecAddress::ToString() const
{
    std::ostringstream oss;
    oss << *this;
    return oss.str();
}

bool
operator<(const IpsecAddress& a, const IpsecAddress& b)
{
    if (a.m_family != b.m_family)
    {
        return a.m_family < b.m_family;
    }
    return std::memcmp(a.m_bytes, b.m_bytes, 16) < 0;
}

std::ostream&
operator<<(std::ostream& os, const IpsecAddress& address)
{
    switch (address.GetFamily())
    {
        case IpsecAddress::Family::IPV4:
            return os << address.GetIpv4();
        case IpsecAddress::Family::IPV6:
            return os << address.GetIpv6();
        case IpsecAddress::Family::NONE:
            break;
    }
    return os << "any";
}

IpsecMask::IpsecMask()
    : m_family(IpsecAddress::Family::IPV4)
{
}

IpsecMask::IpsecMask(Ipv4Mask mask)
    : m_family(IpsecAddress::Family::IPV4)
{
    uint32_t bits = mask.Get();
    m_bits[0] = bits >> 24;
    m_bits[1] = bits >> 16;
    m_bits[2] = bits >> 8;
    m_bits[3] = bits;
}

IpsecMask::IpsecMask(Ipv6Prefix prefix)
    : m_family(IpsecAddress::Family::IPV6)
{
    prefix.GetBytes(m_bits);
}

IpsecMask
IpsecMask::Host(IpsecAddress::Family family)
{
    NS_ABORT_MSG_IF(family == IpsecAddress::Family::NONE, "a host mask needs a family");
    if (family == IpsecAddress::Family::IPV4)
    {
        return IpsecMask(Ipv4Mask::GetOnes());
    }
    return IpsecMask(Ipv6Prefix::GetOnes());
}

IpsecMask
IpsecMask::AnyFamily()
{
    IpsecMask any;
    any.m_family = IpsecAddress::Family::NONE;
    return any;
}

IpsecMask
IpsecMask::FromPrefixLength(IpsecAddress::Family family, uint8_t length)
{
    IpsecMask mask = AnyFamily();
    if (family == IpsecAddress::Family::NONE)
    {
        return mask;
    }
    uint8_t bits = family == IpsecAddress::Family::IPV4 ? 32 : 128;
    NS_ABORT_MSG_IF(length > bits,
                    "prefix length " << unsigned(length) << " is too long for the family");
    mask.m_family = family;
    for (uint8_t i = 0; i < length; ++i)
    {
        mask.m_bits[i / 8] |= 0x80 >> (i % 8);
    }
    return mask;
}

uint16_t
IpsecMask::GetPrefixLength() const
{
    uint32_t length = m_family == IpsecAddress::Family::IPV4 ? 4
                    : m_family == IpsecAddress::Family::IPV6 ? 16
                                                             : 0;
    uint16_t ones = 0;
    for (uint32_t i = 0; i < length; ++i)
    {
        for (int bit = 7; bit >= 0; --bit)
        {
            if (!(m_bits[i] & (1U << bit)))
            {
                return ones;
            }
            ++ones;
        }
    }
    return ones;
}

bool
IpsecMask::IsZero() const
{
    static const uint8_t zero[16] = {};
    return std::memcmp(m_bits, zero, 16) == 0;
}

bool
IpsecMask::IsHost() const
{
    return m_family != IpsecAddress::Family::NONE
        && GetPrefixLength() == (m_family == IpsecAddress::Family::IPV4 ? 32 : 128);
}

bool
IpsecMask::IsMatch(const IpsecAddress& a, const IpsecAddress& b) const
{
    if (m_family == IpsecAddress::Family::NONE)
    {
        return true; // the any-family mask: an address-less rule
    }
    if (a.m_family != m_family || b.m_family != m_family)
    {
        return false;
    }
    uint32_t length = a.GetLength();
    for (uint32_t i = 0; i < length; ++i)
    {
        if ((a.m_bytes[i] ^ b.m_bytes[i]) & m_bits[i])
        {
            return false;
        }
    }
    return true;
}

IpsecAddress
IpsecMask::Combine(const IpsecAddress& address) const
{
    if (m_family == IpsecAddress::Family::NONE)
    {
        return IpsecAddress(); // nothing of the address is compared
    }
    IpsecAddress masked = address;
    if (address.m_family == m_family)
    {
        for (uint32_t i = 0; i < 16; ++i)
        {
            masked.m_bytes[i] &= m_bits[i];
        }
    }
    return masked;
}

size_t
IpsecMask::Hash() const
{
    return IpsecAddress::MixBytes(static_cast<uint8_t>(m_family), m_bits);
}

bool
operator==(const IpsecMask& a, const IpsecMask& b)
{
    return a.m_family == b.m_family && std::memcmp(a.m_bits, b.m_bits, 16) == 0;
}

bool
operator!=(const IpsecMask& a, const IpsecMask& b)
{
    return !(a == b);
}

} // namespace ns3
