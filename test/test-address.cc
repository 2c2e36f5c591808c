/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IpsecAddress and IpsecMask: the family-neutral values every policy, SA and flow holds.
 */
#include "ns3/ipsec-address.h"

#include <cstring>
#include <gtest/gtest.h>
#include <unordered_set>
#include <vector>

using namespace ns3;

TEST(IpsecAddress, DefaultIsNoAddressOfNoFamily)
{
    IpsecAddress none;
    EXPECT_TRUE(none.IsNone());
    EXPECT_FALSE(none.IsIpv4());
    EXPECT_TRUE(none.IsAny());
    EXPECT_EQ(none.GetLength(), 0U);
    EXPECT_EQ(none.ToString(), "any");
    EXPECT_NE(none, IpsecAddress(Ipv4Address::GetAny())); // a family is part of the value
    EXPECT_EQ(IpsecAddress::GetAny(IpsecAddress::Family::IPV4), Ipv4Address::GetAny());
    EXPECT_EQ(IpsecAddress::GetAny(IpsecAddress::Family::IPV6), Ipv6Address::GetAny());
    EXPECT_EQ(IpsecAddress::GetAny(IpsecAddress::Family::NONE), none);
}

TEST(IpsecAddress, Ipv4RoundTripsAndComparesWithIpv4Address)
{
    IpsecAddress a = Ipv4Address("10.1.2.3");
    EXPECT_TRUE(a.IsIpv4());
    EXPECT_EQ(a.GetLength(), 4U);
    EXPECT_EQ(a.GetIpv4(), Ipv4Address("10.1.2.3"));
    EXPECT_EQ(a, Ipv4Address("10.1.2.3"));
    EXPECT_NE(a, Ipv4Address("10.1.2.4"));
    EXPECT_EQ(a.ToString(), "10.1.2.3");
    const uint8_t bytes[4] = {10, 1, 2, 3};
    EXPECT_EQ(std::memcmp(a.GetBytes(), bytes, 4), 0);
    EXPECT_TRUE(IpsecAddress(Ipv4Address::GetAny()).IsAny());
    EXPECT_FALSE(a.IsAny());
    EXPECT_TRUE(IpsecAddress(Ipv4Address("224.0.0.5")).IsMulticast());
    EXPECT_FALSE(a.IsMulticast());
}

TEST(IpsecAddress, Ipv6RoundTripsAndDiffersFromIpv4)
{
    IpsecAddress a = Ipv6Address("2001:db8::1");
    EXPECT_TRUE(a.IsIpv6());
    EXPECT_EQ(a.GetLength(), 16U);
    EXPECT_EQ(a.GetIpv6(), Ipv6Address("2001:db8::1"));
    EXPECT_EQ(a.ToString(), "2001:db8::1");
    EXPECT_TRUE(IpsecAddress(Ipv6Address::GetAny()).IsAny());
    EXPECT_TRUE(IpsecAddress(Ipv6Address("ff02::1")).IsMulticast());
    // ::a01:203 holds the same last four bytes as 10.1.2.3: still a different address
    EXPECT_NE(IpsecAddress(Ipv6Address("::a01:203")), IpsecAddress(Ipv4Address("10.1.2.3")));
}

TEST(IpsecAddress, OrderAndHashSeparateFamiliesAndBytes)
{
    IpsecAddress v4a = Ipv4Address("10.0.0.1");
    IpsecAddress v4b = Ipv4Address("10.0.0.2");
    IpsecAddress v6 = Ipv6Address("::1");
    EXPECT_TRUE(v4a < v4b);
    EXPECT_FALSE(v4b < v4a);
    EXPECT_TRUE(v4b < v6); // by family first
    EXPECT_TRUE(IpsecAddress() < v4a);
    std::unordered_set<IpsecAddress, IpsecAddressHash> set{v4a, v4b, v6, IpsecAddress()};
    EXPECT_EQ(set.size(), 4U);
    EXPECT_EQ(set.count(Ipv4Address("10.0.0.2")), 1U);
    EXPECT_EQ(v4a.Hash(), IpsecAddress(Ipv4Address("10.0.0.1")).Hash());
    EXPECT_NE(v4a.Hash(), v4b.Hash());
}

TEST(IpsecAddress, WrongFamilyAccessAbortsWithAMessage)
{
    EXPECT_DEATH(IpsecAddress(Ipv6Address("::1")).GetIpv4(), "is not an IPv4 address");
    EXPECT_DEATH(IpsecAddress(Ipv4Address("10.0.0.1")).GetIpv6(), "is not an IPv6 address");
    EXPECT_DEATH(IpsecAddress().GetIpv4(), "any is not an IPv4 address");
}

TEST(IpsecAddress, InlineIpv4ClassesAgreeWithNs3)
{
    // The datapath's inline classification must mean what ns-3's accessors mean: every top
    // byte, and the edges of each class.
    std::vector<uint32_t> bits = {0x00000000U,
                                  0x7f000000U,
                                  0x7f000001U,
                                  0x7f000002U,
                                  0xdfffffffU,
                                  0xe0000000U,
                                  0xe0000001U,
                                  0xefffffffU,
                                  0xf0000000U,
                                  0xfffffffeU,
                                  0xffffffffU};
    for (uint32_t top = 0; top < 256; ++top)
    {
        bits.push_back(top << 24 | 0x00a5a501U);
    }
    for (uint32_t b : bits)
    {
        Ipv4Address a(b);
        EXPECT_EQ(IsIpv4BroadcastOrMulticast(a), a.IsBroadcast() || a.IsMulticast()) << a;
        EXPECT_EQ(IsIpv4Localhost(a), a.IsLocalhost()) << a;
    }
}

TEST(IpsecMask, Ipv4MasksMatchAsIpv4MaskDoes)
{
    IpsecMask net = Ipv4Mask("255.255.0.0");
    EXPECT_EQ(net.GetPrefixLength(), 16);
    EXPECT_FALSE(net.IsHost());
    EXPECT_FALSE(net.IsZero());
    EXPECT_TRUE(net.IsMatch(Ipv4Address("10.1.0.0"), Ipv4Address("10.1.200.7")));
    EXPECT_FALSE(net.IsMatch(Ipv4Address("10.1.0.0"), Ipv4Address("10.2.0.7")));
    EXPECT_EQ(net.Combine(Ipv4Address("10.1.200.7")), Ipv4Address("10.1.0.0"));
    // the default mask is the zero IPv4 mask: every IPv4 address, no IPv6 address
    IpsecMask zero;
    EXPECT_TRUE(zero.IsZero());
    EXPECT_EQ(zero, IpsecMask(Ipv4Mask::GetZero()));
    EXPECT_TRUE(zero.IsMatch(Ipv4Address::GetAny(), Ipv4Address("192.0.2.9")));
    EXPECT_FALSE(zero.IsMatch(Ipv4Address::GetAny(), Ipv6Address("2001:db8::9")));
    EXPECT_TRUE(IpsecMask::Host(IpsecAddress::Family::IPV4).IsHost());
    EXPECT_EQ(IpsecMask::Host(IpsecAddress::Family::IPV4).GetPrefixLength(), 32);
}

TEST(IpsecMask, Ipv6PrefixesMatchOnlyIpv6)
{
    IpsecMask p = Ipv6Prefix(32);
    EXPECT_EQ(p.GetFamily(), IpsecAddress::Family::IPV6);
    EXPECT_EQ(p.GetPrefixLength(), 32);
    EXPECT_TRUE(p.IsMatch(Ipv6Address("2001:db8::"), Ipv6Address("2001:db8:7::1")));
    EXPECT_FALSE(p.IsMatch(Ipv6Address("2001:db8::"), Ipv6Address("2001:db9::1")));
    EXPECT_FALSE(p.IsMatch(Ipv6Address("2001:db8::"), Ipv4Address("10.0.0.1")));
    EXPECT_EQ(p.Combine(Ipv6Address("2001:db8:7::1")), Ipv6Address("2001:db8::"));
    EXPECT_TRUE(IpsecMask::Host(IpsecAddress::Family::IPV6).IsHost());
    EXPECT_NE(IpsecMask(Ipv6Prefix(uint8_t(0))), IpsecMask(Ipv4Mask::GetZero()));
    EXPECT_NE(IpsecMask(Ipv6Prefix(uint8_t(0))).Hash(), IpsecMask(Ipv4Mask::GetZero()).Hash());
}
