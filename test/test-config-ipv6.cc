/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IPv6 in the configuration files (issue 18): every RFC 4291 text form, prefixes to /128, host
 * names resolving to IPv6, setkey inet6 SAs and policies (-4/-6/-46, icmp6, `any`, 6-in-6 and
 * mixed tunnels), ipseckey's IPv6 forms (src6 ..., proto 41), ipsecconf IPv6 patterns and ICMPv6
 * keywords, address-less rules that apply to both families, errors with file:line:column,
 * byte-identical round trips, and an IPv6 ESP run configured only by setkey text.
 */
#include "checksums-from-environment.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-address-resolver.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

namespace
{

const std::string kAes = "000102030405060708090a0b0c0d0e0f";
const std::string kSha256 = "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f";

const auto IPSECCONF = IpsecConfigFormat::IPSECCONF;
const auto IPSECKEY = IpsecConfigFormat::IPSECKEY;
const auto SETKEY = IpsecConfigFormat::SETKEY;

/// A selector side: "address/length", or "*" for the any-family mask (both families).
std::string
Side(const IpsecAddress& address, const IpsecMask& mask)
{
    if (mask.GetFamily() == IpsecAddress::Family::NONE)
    {
        return "*";
    }
    std::ostringstream o;
    o << mask.Combine(address) << "/" << mask.GetPrefixLength();
    return o.str();
}

/// The selectors, direction, action and requests of a policy.
std::string
Describe(const SecurityPolicy& p)
{
    std::ostringstream o;
    o << Side(p.localAddress, p.localMask) << " " << Side(p.remoteAddress, p.remoteMask) << " "
      << p.localPortMin << "-" << p.localPortMax << " " << p.remotePortMin << "-" << p.remotePortMax
      << " p" << p.protocol << " t" << p.icmpTypeMin << "-" << p.icmpTypeMax << " c"
      << p.icmpCodeMin << "-" << p.icmpCodeMax << " d" << int(p.direction) << " a" << int(p.action);
    for (const auto& bundle : p.alternatives)
    {
        o << " |";
        for (const auto& r : bundle)
        {
            o << " " << r.ToString();
        }
    }
    return o.str();
}

std::vector<std::string>
DescribeSpd(Ptr<SecurityPolicyDatabase> spd)
{
    std::vector<std::string> out;
    for (const auto& p : spd->Dump())
    {
        out.push_back(Describe(*p));
    }
    return out;
}

Ipv6Address
V6(const char* text)
{
    return Ipv6Address(text);
}

/**
 * Four nodes on one LAN. alpha and beta are dual stack (10.1.1.1, 10.1.1.2 and 2001:db8:1::
 * addresses), v4only has IPv4 only (10.1.1.3), v6only has IPv6 only. Each has its name in
 * ns3::Names. IPsec is installed on all.
 */
class ConfigIpv6 : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        nodes.Create(4);
        CsmaHelper lan;
        devices = lan.Install(nodes);
        InternetStackHelper().Install(nodes);
        NetDeviceContainer v4Devices(devices.Get(0), devices.Get(1));
        v4Devices.Add(devices.Get(2));
        Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(v4Devices);
        NetDeviceContainer v6Devices(devices.Get(0), devices.Get(1));
        v6Devices.Add(devices.Get(3));
        Ipv6AddressHelper v6;
        v6.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer i6 = v6.Assign(v6Devices);
        alpha6 = i6.GetAddress(0, 1);
        beta6 = i6.GetAddress(1, 1);
        only6 = i6.GetAddress(2, 1);
        IpsecHelper().Install(nodes);
        const char* names[] = {"alpha", "beta", "v4only", "v6only"};
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            Names::Add(names[i], nodes.Get(i));
        }
        ipsec = IpsecHelper::Get(nodes.Get(0));
    }

    void TearDown() override
    {
        Simulator::Destroy();
        Names::Clear();
    }

    IpsecConfigResult Load(IpsecConfigFormat format, const std::string& text)
    {
        return IpsecConfig::Load(ipsec, format, text, "test.conf");
    }

    /// Load text that must fail; check nothing was applied and return the error.
    std::string Error(IpsecConfigFormat format, const std::string& text)
    {
        std::string before
            = IpsecConfig::Write(ipsec, SETKEY) + IpsecConfig::Write(ipsec, IPSECKEY);
        IpsecConfigResult r = Load(format, text);
        EXPECT_FALSE(r.ok) << text;
        EXPECT_EQ(IpsecConfig::Write(ipsec, SETKEY) + IpsecConfig::Write(ipsec, IPSECKEY), before)
            << "partial state after: " << r.error;
        return r.error;
    }

    void Ok(IpsecConfigFormat format, const std::string& text)
    {
        IpsecConfigResult r = Load(format, text);
        ASSERT_TRUE(r.ok) << r.error << "\n" << text;
    }

    void Clear()
    {
        ipsec->GetSpd()->Flush();
        ipsec->GetSadb()->Flush();
    }

    Ptr<SecurityAssociation> Sa(IpsecProtocol protocol, const IpsecAddress& dst, uint32_t spi)
    {
        return ipsec->GetSadb()->Get(protocol, dst, spi);
    }

    /// The entry deciding an outbound flow, or nullptr.
    Ptr<SecurityPolicy> Out(const IpsecAddress& local,
                            const IpsecAddress& remote,
                            uint8_t protocol,
                            uint16_t localPort,
                            uint16_t remotePort,
                            int16_t icmpType = -1)
    {
        IpsecFlow f;
        f.local = local;
        f.remote = remote;
        f.protocol = protocol;
        f.localPort = localPort;
        f.remotePort = remotePort;
        f.icmpType = icmpType;
        return ipsec->GetSpd()->Lookup(f, SecurityPolicy::Direction::OUTBOUND);
    }

    NodeContainer nodes;
    NetDeviceContainer devices;
    Ipv6Address alpha6;
    Ipv6Address beta6;
    Ipv6Address only6;
    Ptr<IpsecL3Protocol> ipsec;
};

// ------------------------------------------------------------------------------- addresses

TEST(ConfigIpv6Resolver, EveryRfc4291TextFormParses)
{
    struct Case
    {
        const char* text;
        const char* canonical;
    };
    for (const Case& c : {Case{"::", "::"},
                          Case{"::1", "::1"},
                          Case{"2001:db8::1", "2001:db8::1"},
                          Case{"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
                          Case{"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
                          Case{"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
                          Case{"1::", "1::"},
                          Case{"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
                          Case{"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
                          Case{"fe80::a00:20ff:fe21:4483", "fe80::a00:20ff:fe21:4483"},
                          Case{"::ffff:192.0.2.1", "::ffff:c000:201"},
                          Case{"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
                          Case{"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"}})
    {
        SCOPED_TRACE(c.text);
        Ipv6Address a;
        ASSERT_TRUE(IpsecAddressResolver::ParseIpv6(c.text, a));
        EXPECT_EQ(a, Ipv6Address(c.canonical));
    }
    for (const char* bad : {":",
                            ":::",
                            "1:::2",
                            "1::2::3",
                            "1:2:3:4:5:6:7",
                            "1:2:3:4:5:6:7:8:9",
                            "1:2:3:4:5:6:7:8::",
                            "12345::",
                            "g::1",
                            ":1::2",
                            "1::2:",
                            "::ffff:1.2.3",
                            "::ffff:1.2.3.256",
                            "1.2.3.4::",
                            "::1.2.3.4:5",
                            "1:2:3:4:5:6:7:1.2.3.4",
                            ""})
    {
        Ipv6Address a;
        EXPECT_FALSE(IpsecAddressResolver::ParseIpv6(bad, a)) << bad;
    }
}

TEST_F(ConfigIpv6, PrefixesUpTo128AndBadTextFailWithTheirPosition)
{
    IpsecConfigToken token;
    token.line = 3;
    token.column = 7;
    auto one = [&](const std::string& text) {
        auto all = IpsecAddressResolver::Resolve(token, text, true);
        EXPECT_EQ(all.size(), 1u) << text;
        return all.at(0);
    };
    EXPECT_EQ(one("2001:db8::/32").Mask(), IpsecMask(Ipv6Prefix(32)));
    EXPECT_EQ(one("2001:db8::1/128").Mask(), IpsecMask(Ipv6Prefix(128)));
    EXPECT_TRUE(one("2001:db8::1").IsHost());
    EXPECT_EQ(one("::/0").Mask().GetPrefixLength(), 0);
    EXPECT_EQ(one("::/0").Mask().GetFamily(), IpsecAddress::Family::IPV6);
    EXPECT_EQ(one("10.0.0.0/8").Mask(), IpsecMask(Ipv4Mask("255.0.0.0")));

    EXPECT_EQ(Error(SETKEY, "spdadd 2001:db8::/129 2001:db8::2 any -P out none;\n"),
              "test.conf:1:8: bad prefix length \"129\" (0-128 for IPv6)");
    EXPECT_EQ(Error(SETKEY, "spdadd 10.0.0.0/33 10.0.0.2 any -P out none;\n"),
              "test.conf:1:8: bad prefix length \"33\" (0-32 for IPv4)");
    EXPECT_EQ(Error(SETKEY, "spdadd 2001:db8::1 2001:db8::g any -P out none;\n"),
              "test.conf:1:20: bad IPv6 address \"2001:db8::g\"");
    EXPECT_EQ(Error(SETKEY, "\nspdadd fe80::1%eth0 fe80::2 any -P out none;\n"),
              "test.conf:2:8: zone id in \"fe80::1%eth0\": scoped addresses are not supported "
              "(selectors and SAs carry no interface); give the address without %zone");
    EXPECT_EQ(Error(IPSECKEY,
                    "add esp spi 0x100 dst 1:2:3:4:5:6:7:8:9 encr_alg aes encrkey " + kAes + "\n"),
              "test.conf:1:23: bad IPv6 address \"1:2:3:4:5:6:7:8:9\"");
    // The man page's example 9 has a typo ("felf"): not hex, so not an address.
    EXPECT_EQ(Error(IPSECCONF,
                    "{\n    laddr fe80::a00:20ff:fe21:4483\n    raddr fe80::a00:20ff:felf:e346\n"
                    "    dir out\n} ipsec {\n    encr_algs 3DES\n    encr_auth_algs MD5\n}\n"),
              "test.conf:3:11: bad IPv6 address \"fe80::a00:20ff:felf:e346\"");
}

TEST_F(ConfigIpv6, NamesResolveToEveryIpv4AndIpv6AddressButLinkLocal)
{
    IpsecConfigToken token;
    auto names = [&](const std::string& name, IpsecAddress::Family family) {
        std::string out;
        for (const auto& a : IpsecAddressResolver::Resolve(token, name, true, family))
        {
            out += (out.empty() ? "" : " ") + a.ToString();
        }
        return out;
    };
    std::ostringstream alpha;
    alpha << "10.1.1.1 " << alpha6;
    EXPECT_EQ(names("alpha", IpsecAddress::Family::NONE), alpha.str());
    EXPECT_EQ(names("alpha", IpsecAddress::Family::IPV4), "10.1.1.1");
    EXPECT_EQ(names("alpha", IpsecAddress::Family::IPV6), IpsecAddress(alpha6).ToString());
    EXPECT_EQ(names("v4only", IpsecAddress::Family::NONE), "10.1.1.3");
    EXPECT_EQ(names("v6only", IpsecAddress::Family::NONE), IpsecAddress(only6).ToString());
    EXPECT_EQ(names("alpha/64", IpsecAddress::Family::IPV6),
              IpsecAddress(alpha6).ToString() + "/64");
    EXPECT_FALSE(alpha6.IsLinkLocal());

    // ipsecconf: one entry per address pair of one family.
    Ok(IPSECCONF, "{laddr alpha raddr beta} bypass {}\n");
    std::ostringstream pair6;
    pair6 << alpha6 << "/128 " << beta6 << "/128";
    auto spd = DescribeSpd(ipsec->GetSpd());
    ASSERT_EQ(spd.size(), 2u);
    EXPECT_EQ(spd[0].substr(0, 24), "10.1.1.1/32 10.1.1.2/32 ");
    EXPECT_EQ(spd[1].substr(0, pair6.str().size()), pair6.str());
    Clear();
    Ok(IPSECCONF, "{laddr alpha raddr v4only} bypass {}\n{laddr alpha raddr v6only} drop {}\n");
    spd = DescribeSpd(ipsec->GetSpd());
    ASSERT_EQ(spd.size(), 2u);
    EXPECT_EQ(spd[0].substr(0, 24), "10.1.1.1/32 10.1.1.3/32 ");
    std::ostringstream toOnly6;
    toOnly6 << alpha6 << "/128 " << only6 << "/128 ";
    EXPECT_EQ(spd[1].substr(0, toOnly6.str().size()), toOnly6.str());
    EXPECT_EQ(Error(IPSECCONF, "{laddr v4only raddr v6only} bypass {}\n"),
              "test.conf:1:21: address families differ: \"v4only\" is IPv4, \"v6only\" is IPv6");
    Clear();

    // setkey: -6 and -4 keep a statement to one family; without them both pairs are added.
    std::string esp = " -E aes-cbc 0x" + kAes + " -A hmac-sha256 0x" + kSha256 + ";\n";
    Ok(SETKEY,
       "add -6 alpha beta esp 0x1000" + esp + "add -4 alpha beta esp 0x1001" + esp
           + "add alpha beta esp 0x1002" + esp);
    EXPECT_EQ(ipsec->GetSadb()->GetN(), 4u);
    EXPECT_TRUE(Sa(IpsecProtocol::ESP, beta6, 0x1000));
    EXPECT_FALSE(Sa(IpsecProtocol::ESP, Ipv4Address("10.1.1.2"), 0x1000));
    EXPECT_TRUE(Sa(IpsecProtocol::ESP, Ipv4Address("10.1.1.2"), 0x1001));
    EXPECT_TRUE(Sa(IpsecProtocol::ESP, Ipv4Address("10.1.1.2"), 0x1002));
    EXPECT_TRUE(Sa(IpsecProtocol::ESP, beta6, 0x1002));
    EXPECT_EQ(Sa(IpsecProtocol::ESP, beta6, 0x1000)->GetSource(), IpsecAddress(alpha6));
    EXPECT_EQ(Error(SETKEY, "add -6 alpha v4only esp 0x1003" + esp),
              "test.conf:1:14: host \"v4only\" has no IPv6 address (-6)");
    EXPECT_EQ(Error(SETKEY, "add -4 10.1.1.1 2001:db8::1 esp 0x1003" + esp),
              "test.conf:1:17: IPv6 address 2001:db8::1 where -4 asks for IPv4 only");
    EXPECT_EQ(Error(SETKEY, "add -n alpha beta esp 0x1003" + esp),
              "test.conf:1:8: -n: \"alpha\" is not a numeric address");
    Clear();
    // Tunnel endpoints named by dual-stack names are their IPv4 addresses, as before; a name of
    // one family gives that family.
    Ok(SETKEY,
       "spdadd 10.5.0.0/16 10.6.0.0/16 any -P out ipsec esp/tunnel/alpha-beta/require;\n"
       "spdadd 10.7.0.0/16 10.8.0.0/16 any -P out ipsec esp/tunnel/v6only-alpha/require;\n");
    spd = DescribeSpd(ipsec->GetSpd());
    ASSERT_EQ(spd.size(), 2u);
    EXPECT_NE(spd[0].find("esp/tunnel/10.1.1.1-10.1.1.2/require"), std::string::npos) << spd[0];
    std::ostringstream ends6;
    ends6 << "esp/tunnel/" << only6 << "-" << alpha6 << "/require";
    EXPECT_NE(spd[1].find(ends6.str()), std::string::npos) << spd[1];
    EXPECT_EQ(
        Error(SETKEY, "spdadd ::/0 ::/0 any -P out ipsec esp/tunnel/v4only-v6only/require;\n"),
        "test.conf:1:35: address families differ: \"v4only\" is IPv4, \"v6only\" is IPv6");
    Clear();

    // ipseckey: the 6 forms resolve names to IPv6 only.
    std::string keys = " encr_alg aes encrkey " + kAes + " auth_alg sha256 authkey " + kSha256;
    Ok(IPSECKEY,
       "add esp spi 0x2000 src6 alpha dst6 beta" + keys + "\nadd esp spi 0x2001 src alpha dst beta"
           + keys + "\n");
    EXPECT_EQ(ipsec->GetSadb()->GetN(), 3u);
    EXPECT_TRUE(Sa(IpsecProtocol::ESP, beta6, 0x2000));
    EXPECT_TRUE(Sa(IpsecProtocol::ESP, beta6, 0x2001));
    EXPECT_TRUE(Sa(IpsecProtocol::ESP, Ipv4Address("10.1.1.2"), 0x2001));
    EXPECT_EQ(Error(IPSECKEY, "add esp spi 0x2002 dst6 v4only" + keys + "\n"),
              "test.conf:1:25: host \"v4only\" has no IPv6 address (dst6)");
    EXPECT_EQ(Error(IPSECKEY, "add esp spi 0x2002 src6 10.1.1.1 dst6 beta" + keys + "\n"),
              "test.conf:1:25: IPv4 address 10.1.1.1 where src6 asks for IPv6 only");
}

// ------------------------------------------------------------------------------- setkey

TEST_F(ConfigIpv6, SetkeyInet6SasAndPoliciesLoadWithTheirSelectors)
{
    std::string esp = " -E aes-cbc 0x" + kAes + " -A hmac-sha256 0x" + kSha256 + ";\n";
    Ok(SETKEY,
       "add 2001:db8:1::1 2001:db8:1::2 esp 0x1000 -m transport -r 8" + esp
           + "add -6 2001:db8:1::2 2001:db8:1::1 esp 0x1001" + esp
           + "add 2001:db8:1::1 2001:db8:1::2 esp 0x1002" + esp // mode any: a tunnel's endpoints
           + "add 10.1.1.1 10.1.1.2 esp 0x1003" + esp           // mode any: a 6-in-4 tunnel's
           + "add -46 ::ffff:10.0.0.1 ::ffff:10.0.0.2 ah 0x1004 -A hmac-sha256 0x" + kSha256
           + ";\n"
             "spdadd 2001:db8:1::1[any] 2001:db8:1::2/128[80] tcp -P out ipsec "
             "esp/transport//require;\n"
             "spdadd -6 2001:db8:1::2/128[80] 2001:db8:1::1 tcp -P in ipsec esp/transport//use;\n"
             "spdadd 2001:db8:2::/48 2001:db8:3::/48 any -P out ipsec "
             "esp/tunnel/2001:db8:1::1-2001:db8:1::2/require;\n"
             "spdadd 10.5.0.0/16 10.6.0.0/16 any -P out ipsec "
             "esp/tunnel/2001:db8:1::1-2001:db8:1::2/require;\n"
             "spdadd 2001:db8:4::/48 2001:db8:5::/48 any -P out ipsec "
             "esp/tunnel/10.1.1.1-10.1.1.2/require;\n"
             "spdadd ::/0 ::/0 icmp6 135,0 -P in none;\n"
             "spdadd ::/0 ::/0 ipv6-icmp 128 -P out none;\n"
             "spdadd any any[53] udp -P out none;\n"
             "spdadd -6 any any tcp -P out discard;\n"
             "spdadd -4 any[any] any[25] tcp -P out discard;\n"
             "spdadd any 2001:db8:6::/64 any -P out discard;\n");
    Ptr<SecurityAssociation> sa = Sa(IpsecProtocol::ESP, V6("2001:db8:1::2"), 0x1000);
    ASSERT_TRUE(sa);
    EXPECT_EQ(sa->GetSource(), IpsecAddress(V6("2001:db8:1::1")));
    EXPECT_EQ(sa->GetMode(), IpsecMode::TRANSPORT);
    EXPECT_EQ(sa->GetReplayWindowSize(), 64u);
    ASSERT_TRUE(Sa(IpsecProtocol::ESP, V6("2001:db8:1::1"), 0x1001));
    EXPECT_EQ(Sa(IpsecProtocol::ESP, V6("2001:db8:1::2"), 0x1002)->GetMode(), IpsecMode::TUNNEL);
    EXPECT_EQ(Sa(IpsecProtocol::ESP, Ipv4Address("10.1.1.2"), 0x1003)->GetMode(),
              IpsecMode::TUNNEL);
    EXPECT_TRUE(Sa(IpsecProtocol::AH, V6("::ffff:a00:2"), 0x1004)); // ::ffff:10.0.0.2

    auto spd = DescribeSpd(ipsec->GetSpd());
    std::vector<std::string> expected = {
        "2001:db8:1::1/128 2001:db8:1::2/128 0-65535 80-80 p6 t-1--1 c-1--1 d2 a2 | "
        "esp/transport//require",
        "2001:db8:1::1/128 2001:db8:1::2/128 0-65535 80-80 p6 t-1--1 c-1--1 d1 a2 | "
        "esp/transport//use",
        "2001:db8:2::/48 2001:db8:3::/48 0-65535 0-65535 p-1 t-1--1 c-1--1 d2 a2 | "
        "esp/tunnel/2001:db8:1::1-2001:db8:1::2/require",
        "10.5.0.0/16 10.6.0.0/16 0-65535 0-65535 p-1 t-1--1 c-1--1 d2 a2 | "
        "esp/tunnel/2001:db8:1::1-2001:db8:1::2/require",
        "2001:db8:4::/48 2001:db8:5::/48 0-65535 0-65535 p-1 t-1--1 c-1--1 d2 a2 | "
        "esp/tunnel/10.1.1.1-10.1.1.2/require",
        "::/0 ::/0 0-65535 0-65535 p58 t135-135 c0-0 d1 a0",
        "::/0 ::/0 0-65535 0-65535 p58 t128-128 c-1--1 d2 a0",
        "* * 0-65535 53-53 p17 t-1--1 c-1--1 d2 a0",
        "::/0 ::/0 0-65535 0-65535 p6 t-1--1 c-1--1 d2 a1",
        "0.0.0.0/0 0.0.0.0/0 0-65535 25-25 p6 t-1--1 c-1--1 d2 a1",
        "* 2001:db8:6::/64 0-65535 0-65535 p-1 t-1--1 c-1--1 d2 a1",
    };
    // The SPD lists bypass entries first (illumos precedence), then the rest in file order.
    std::vector<std::string> ordered = {expected[5], expected[6], expected[7]};
    for (size_t i : {0, 1, 2, 3, 4, 8, 9, 10})
    {
        ordered.push_back(expected[i]);
    }
    EXPECT_EQ(spd, ordered);

    // spddelete finds the entries by the same selectors.
    Ok(SETKEY,
       "spddelete any any[53] udp -P out;\nspddelete 2001:db8:2::/48 2001:db8:3::/48 any -P "
       "out;\n");
    EXPECT_EQ(ipsec->GetSpd()->GetN(), ordered.size() - 2);
    EXPECT_NE(Error(SETKEY, "spddelete ::/0 ::/0 udp -P out;\n").find("test.conf:1:1: "),
              std::string::npos);
}

TEST_F(ConfigIpv6, SetkeyIpv6ErrorsHaveTheirPosition)
{
    std::string esp = " -E aes-cbc 0x" + kAes + ";\n";
    EXPECT_EQ(Error(SETKEY, "add 10.1.1.1 2001:db8::1 esp 0x1000" + esp),
              "test.conf:1:14: address families differ: \"10.1.1.1\" is IPv4, \"2001:db8::1\" is "
              "IPv6");
    EXPECT_EQ(Error(SETKEY, "spdadd 2001:db8::/32[any] 10.0.0.0/8[any] any -P out none;\n"),
              "test.conf:1:27: address families differ: \"2001:db8::/32[any]\" is IPv6, "
              "\"10.0.0.0/8[any]\" is IPv4");
    EXPECT_EQ(Error(SETKEY, "delete 2001:db8::1 10.0.0.1 esp 0x1000;\n"),
              "test.conf:1:20: address families differ: \"2001:db8::1\" is IPv6, \"10.0.0.1\" is "
              "IPv4");
    EXPECT_EQ(Error(SETKEY,
                    "spdadd ::/0 ::/0 any -P out ipsec esp/tunnel/10.1.1.1-2001:db8::2/require;\n"),
              "test.conf:1:35: address families differ: \"10.1.1.1\" is IPv4, \"2001:db8::2\" is "
              "IPv6");
    EXPECT_EQ(Error(SETKEY, "spdadd -6 10.0.0.1 10.0.0.2 any -P out none;\n"),
              "test.conf:1:11: IPv4 address 10.0.0.1 where -6 asks for IPv6 only");
    EXPECT_EQ(Error(SETKEY, "spdadd ::/0 ::/0 icmp6 135,300 -P in none;\n"),
              "test.conf:1:24: bad ICMPv6 type,code \"135,300\"");
    EXPECT_EQ(Error(SETKEY, "spdadd any/0 ::/0 any -P in none;\n"),
              "test.conf:1:8: unknown host \"any\": neither an IPv4 address nor a node name in "
              "ns3::Names");
    // A bad statement at the end of a good file leaves the databases as they were.
    EXPECT_NE(Error(SETKEY,
                    "add 2001:db8::1 2001:db8::2 esp 0x1000" + esp
                        + "spdadd 2001:db8::1 2001:db8::2 any -P out none;\n"
                          "spdadd 2001:db8::1 2001:db8::2/200 any -P in none;\n")
                  .find("test.conf:3:20: bad prefix length \"200\""),
              std::string::npos);
}

// ------------------------------------------------------------------------------- ipseckey

TEST_F(ConfigIpv6, IpseckeyIpv6FormsAndTunnelSasLoad)
{
    std::string keys = " encr_alg aes encrkey " + kAes + " auth_alg sha256 authkey " + kSha256;
    Ok(IPSECKEY,
       "add esp spi 0x2000 src6 2001:db8:1::1 dstaddr6 2001:db8:1::2" + keys
           + " replay 32\n"
             "add esp spi 0x2001 dst 2001:db8:1::1"
           + keys
           + "\n"
             "add esp spi 0x2002 src 2001:db8:1::1 dst 2001:db8:1::2"
           + keys
           + " proto 41 isrc6 2001:db8:2::/48 innerdst6 2001:db8:3::/48 iproto tcp idport 80\n"
             "add esp spi 0x2003 src 10.1.1.1 dst 10.1.1.2"
           + keys
           + " proto ipv6 isrc 2001:db8:4::/48 idst 2001:db8:5::/48\n"
             "add esp spi 0x2004 src 2001:db8:1::1 dst 2001:db8:1::2"
           + keys
           + " proto 4 isrc 10.5.0.0/16 idst 10.6.0.0/16\n"
             "add ah spi 0x2005 src 2001:db8:1::1 dst 2001:db8:1::2 auth_alg sha256 authkey "
           + kSha256
           + " proto udp dport 53\n"
             "add esp spi 0x2006 src 2001:db8:1::1 dst 2001:db8:1::2"
           + keys + " proto 41\n");
    ASSERT_EQ(ipsec->GetSadb()->GetN(), 7u);
    Ptr<SecurityAssociation> sa = Sa(IpsecProtocol::ESP, V6("2001:db8:1::2"), 0x2000);
    ASSERT_TRUE(sa);
    EXPECT_EQ(sa->GetSource(), IpsecAddress(V6("2001:db8:1::1")));
    EXPECT_EQ(sa->GetMode(), IpsecMode::TRANSPORT);
    EXPECT_EQ(sa->GetReplayWindowSize(), 32u);
    // Without src: the unspecified address of the destination's family.
    EXPECT_EQ(Sa(IpsecProtocol::ESP, V6("2001:db8:1::1"), 0x2001)->GetSource(),
              IpsecAddress(Ipv6Address::GetAny()));

    auto tunnel = [&](uint32_t spi, const IpsecAddress& dst) {
        Ptr<SecurityAssociation> t = Sa(IpsecProtocol::ESP, dst, spi);
        EXPECT_TRUE(t) << spi;
        EXPECT_EQ(t->GetMode(), IpsecMode::TUNNEL);
        const auto& s = t->GetSelectors();
        return Side(s.source, s.sourceMask) + " " + Side(s.destination, s.destinationMask) + " p"
             + std::to_string(s.protocol) + " " + std::to_string(s.destinationPort);
    };
    EXPECT_EQ(tunnel(0x2002, V6("2001:db8:1::2")), "2001:db8:2::/48 2001:db8:3::/48 p6 80");
    EXPECT_EQ(tunnel(0x2003, Ipv4Address("10.1.1.2")), "2001:db8:4::/48 2001:db8:5::/48 p-1 0");
    EXPECT_EQ(tunnel(0x2004, V6("2001:db8:1::2")), "10.5.0.0/16 10.6.0.0/16 p-1 0");
    EXPECT_EQ(tunnel(0x2006, V6("2001:db8:1::2")), "::/0 ::/0 p-1 0");

    // A transport SA's selectors apply to IPv6 packets.
    Ptr<SecurityAssociation> ah = Sa(IpsecProtocol::AH, V6("2001:db8:1::2"), 0x2005);
    ASSERT_TRUE(ah);
    EXPECT_TRUE(ah->HasSelectors());
    EXPECT_TRUE(ah->SelectorsMatch(V6("2001:db8:1::1"), V6("2001:db8:1::2"), 17, 4000, 53));
    EXPECT_FALSE(ah->SelectorsMatch(V6("2001:db8:1::1"), V6("2001:db8:1::2"), 17, 4000, 54));

    // update and delete find IPv6 SAs.
    Ok(IPSECKEY,
       "update esp spi 0x2000 dst 2001:db8:1::2 soft_bytes 1000\n"
       "delete esp spi 0x2001 dst 2001:db8:1::1\n");
    EXPECT_EQ(sa->GetSoftLifetime().bytes, 1000u);
    EXPECT_FALSE(Sa(IpsecProtocol::ESP, V6("2001:db8:1::1"), 0x2001));
}

TEST_F(ConfigIpv6, IpseckeyIpv6ErrorsHaveTheirPosition)
{
    std::string keys = " encr_alg aes encrkey " + kAes;
    EXPECT_EQ(Error(IPSECKEY, "add esp spi 0x100 src 10.1.1.1 dst 2001:db8::2" + keys + "\n"),
              "test.conf:1:36: address families differ: \"10.1.1.1\" is IPv4, \"2001:db8::2\" is "
              "IPv6");
    EXPECT_EQ(
        Error(IPSECKEY, "add esp spi 0x100 dst 10.1.1.2" + keys + " proto 4 isrc 2001:db8::/48\n"),
        "test.conf:1:94: \"isrc\" 2001:db8::/48 is IPv6, but \"proto 4\" tunnels IPv4 "
        "(proto 4 for IPv4 in IP, 41 for IPv6 in IP)");
    EXPECT_EQ(
        Error(IPSECKEY, "add esp spi 0x100 dst 10.1.1.2" + keys + " proto 41 idst 10.0.0.0/8\n"),
        "test.conf:1:95: \"idst\" 10.0.0.0/8 is IPv4, but \"proto 41\" tunnels IPv6 "
        "(proto 4 for IPv4 in IP, 41 for IPv6 in IP)");
    EXPECT_EQ(Error(IPSECKEY, "add esp spi 0x100 dst6 fe80::1%lo0" + keys + "\n")
                  .find("test.conf:1:24: zone id in \"fe80::1%lo0\": scoped addresses"),
              0u);
    EXPECT_EQ(Error(IPSECKEY, "add esp spi 0x100 dst 2001:db8::2" + keys + " isrc6 ::/0\n"),
              "test.conf:1:89: inner selectors (\"isrc6\") make a tunnel-mode SA and need "
              "\"proto 41\" (ipv6)");
    EXPECT_EQ(Error(IPSECKEY, "add esp spi 0x100 dst 2001:db8::2 dst6 2001:db8::3" + keys + "\n"),
              "test.conf:1:35: Can only specify single \"dst\"");
}

// ------------------------------------------------------------------------------- ipsecconf

TEST_F(ConfigIpv6, IpsecconfIpv6PatternsAndIcmpv6Keywords)
{
    Ok(IPSECCONF,
       "{laddr 2001:db8:1::1 raddr 2001:db8:1::2} ipsec {encr_algs aes encr_auth_algs sha256}\n"
       "{raddr 2001:db8:2::/48 rport 443 ulp tcp} bypass {}\n"
       "{saddr 2001:db8:3::/64 daddr 2001:db8:1::1/128 dir in} drop {}\n"
       "{ulp ipv6-icmp type echo6 dir out} ipsec {encr_auth_algs sha1}\n"
       "{ulp icmp6 type unreach6 code addr-unr6} bypass {}\n"
       "{ulp 58 type 133-137} pass {}\n"
       "{ulp ipv6-icmp type timex6 code frag-re-timex6 dir in} drop {}\n"
       "{laddr ::ffff:10.0.0.1 raddr ::/0 lport 22} bypass {}\n");
    auto spd = DescribeSpd(ipsec->GetSpd());
    std::vector<std::string> expected = {
        "::/0 2001:db8:2::/48 0-65535 443-443 p6 t-1--1 c-1--1 d3 a0",
        "* * 0-65535 0-65535 p58 t1-1 c3-3 d3 a0",
        "* * 0-65535 0-65535 p58 t133-137 c-1--1 d3 a0",
        "::ffff:10.0.0.1/128 ::/0 22-22 0-65535 p-1 t-1--1 c-1--1 d3 a0",
        "2001:db8:1::1/128 2001:db8:1::2/128 0-65535 0-65535 p-1 t-1--1 c-1--1 d3 a2 | "
        "esp/transport//require",
        "* * 0-65535 0-65535 p58 t128-128 c-1--1 d2 a2 | esp/transport//require",
        "2001:db8:1::1/128 2001:db8:3::/64 0-65535 0-65535 p-1 t-1--1 c-1--1 d1 a1",
        "* * 0-65535 0-65535 p58 t3-3 c1-1 d1 a1",
    };
    EXPECT_EQ(spd, expected);
}

TEST_F(ConfigIpv6, IpsecconfIpv6ErrorsHaveTheirPosition)
{
    EXPECT_EQ(Error(IPSECCONF, "{laddr 2001:db8::1 raddr 10.1.1.2} bypass {}\n"),
              "test.conf:1:26: address families differ: \"2001:db8::1\" is IPv6, \"10.1.1.2\" is "
              "IPv4");
    EXPECT_EQ(Error(IPSECCONF, "{ulp icmp type echo6} bypass {}\n"),
              "test.conf:1:16: ICMPv6 type \"echo6\" needs \"ulp ipv6-icmp\"");
    EXPECT_EQ(Error(IPSECCONF, "{type echo6} bypass {}\n"),
              "test.conf:1:2: ICMPv6 type \"echo6\" needs \"ulp ipv6-icmp\"");
    EXPECT_EQ(Error(IPSECCONF, "{ulp ipv6-icmp type echo} bypass {}\n"),
              "test.conf:1:21: ICMP type \"echo\" is an IPv4 keyword; \"ulp ipv6-icmp\" takes the "
              "ICMPv6 ones (echo6, neigh-sol6, no-route6, ...)");
    EXPECT_EQ(Error(IPSECCONF, "{ulp ipv6-icmp type echo6 code needfrag} bypass {}\n"),
              "test.conf:1:32: ICMP code \"needfrag\" is an IPv4 keyword; \"ulp ipv6-icmp\" takes "
              "the ICMPv6 ones (echo6, neigh-sol6, no-route6, ...)");
    EXPECT_EQ(Error(IPSECCONF, "{saddr 2001:db8::1 smask 255.255.0.0} bypass {}\n"),
              "test.conf:1:20: \"smask\" is an IPv4 mask; give an IPv6 saddr its prefix as "
              "ADDR/LEN");
    EXPECT_EQ(Error(IPSECCONF, "{raddr 2001:db8::/129} bypass {}\n"),
              "test.conf:1:8: bad prefix length \"129\" (0-128 for IPv6)");
    EXPECT_EQ(
        Error(IPSECCONF, "\n\n{laddr 10.1.1.1\n raddr fe80::2%net0} bypass {}\n").substr(0, 39),
        "test.conf:4:8: zone id in \"fe80::2%net0");
}

TEST_F(ConfigIpv6, IpsecconfPerTunnelEntriesTakeIpv6InnerSelectors)
{
    IpsecHelper helper;
    helper.AddRouteBasedTunnel(nodes.Get(0),
                               Ipv4Address("10.1.1.1"),
                               Ipv4Address("10.8.0.0"),
                               Ipv4Mask("255.255.255.0"),
                               nodes.Get(1),
                               Ipv4Address("10.1.1.2"),
                               Ipv4Address("10.9.0.0"),
                               Ipv4Mask("255.255.255.0"),
                               IpsecHelper::Suite());
    Ptr<IpsecTunnelInterface> tunnel = ipsec->GetTunnelInterfaces().at(0);
    tunnel->GetSpd()->Flush();
    Ok(IPSECCONF,
       "{tunnel ip.tun0 negotiate tunnel laddr 2001:db8:8::/64 raddr 2001:db8:9::/64} ipsec "
       "{encr_algs aes encr_auth_algs sha1}\n");
    auto spd = DescribeSpd(tunnel->GetSpd());
    ASSERT_EQ(spd.size(), 1u);
    EXPECT_EQ(spd[0],
              "2001:db8:8::/64 2001:db8:9::/64 0-65535 0-65535 p-1 t-1--1 c-1--1 d3 a2 | "
              "esp/tunnel/0.0.0.0-0.0.0.0/require");
    std::string written = IpsecConfig::Write(ipsec, IPSECCONF);
    EXPECT_NE(written.find("{tunnel ip.tun0 negotiate tunnel laddr 2001:db8:8::/64 raddr "
                           "2001:db8:9::/64} ipsec {encr_algs aes-cbc encr_auth_algs "
                           "hmac-sha1-96}\n"),
              std::string::npos)
        << written;
}

// --------------------------------------------------------------- address-less rules, SPD

TEST_F(ConfigIpv6, AddressLessRulesMatchBothFamiliesAndAddressedRulesTheirOwn)
{
    Ok(IPSECCONF,
       "{lport 22} bypass {}\n"
       "{laddr 10.1.1.1 lport 23} bypass {}\n"
       "{raddr 2001:db8:1::/64 lport 24} bypass {}\n"
       "{} drop {}\n");
    Ok(SETKEY,
       "spdadd any[25] any any -P out none;\n"
       "spdadd 0.0.0.0/0[26] 0.0.0.0/0 any -P out none;\n"
       "spdadd -6 any[27] any any -P out none;\n"
       "spdadd 2001:db8:1::1[any] 2001:db8:1::2[any] any -P out ipsec esp/transport//require;\n"
       "spdadd 10.1.1.1[any] 10.1.1.2[any] any -P out ipsec esp/transport//require;\n");
    for (const auto& p : ipsec->GetSpd()->Dump())
    {
        bool addressed = !p->localMask.IsZero() && !p->remoteMask.IsZero();
        EXPECT_EQ(p->IsHostPair(), addressed) << Describe(*p);
    }
    const IpsecAddress a4 = Ipv4Address("10.1.1.1");
    const IpsecAddress b4 = Ipv4Address("10.1.1.2");
    const IpsecAddress r4 = Ipv4Address("10.1.1.9");
    const IpsecAddress a6 = V6("2001:db8:1::1");
    const IpsecAddress b6 = V6("2001:db8:1::2");
    const IpsecAddress r6 = V6("2001:db8:1::9");
    using A = SecurityPolicy::Action;
    auto action = [&](const IpsecAddress& l, const IpsecAddress& r, uint16_t lport) {
        Ptr<SecurityPolicy> p = Out(l, r, 6, lport, 1000);
        EXPECT_TRUE(p); // every flow meets `{} drop {}` at least
        return p ? p->action : A::BYPASS;
    };
    for (uint16_t port : {22, 25})
    {
        EXPECT_EQ(action(a4, r4, port), A::BYPASS) << port;
        EXPECT_EQ(action(a6, r6, port), A::BYPASS) << port;
    }
    EXPECT_EQ(action(a4, r4, 23), A::BYPASS);
    EXPECT_EQ(action(a6, r6, 23), A::DROP);
    EXPECT_EQ(action(a6, r6, 24), A::BYPASS);
    EXPECT_EQ(action(a4, r4, 24), A::DROP);
    EXPECT_EQ(action(a6, V6("2001:db8:2::2"), 24), A::DROP);
    EXPECT_EQ(action(a4, r4, 26), A::BYPASS);
    EXPECT_EQ(action(a6, r6, 26), A::DROP);
    EXPECT_EQ(action(a6, r6, 27), A::BYPASS);
    EXPECT_EQ(action(a4, r4, 27), A::DROP);
    // The host pairs (in the SPD's pair index) come before the address-less drop (a wildcard
    // entry), for both families; the address-less bypass comes before them.
    EXPECT_EQ(action(a4, b4, 1), A::IPSEC);
    EXPECT_EQ(action(a6, b6, 1), A::IPSEC);
    EXPECT_EQ(action(a6, b6, 22), A::BYPASS);
    EXPECT_EQ(action(b4, a4, 1), A::DROP);
    EXPECT_EQ(action(b6, a6, 1), A::DROP);
    // Inbound, `{lport 22}` (both directions) matches both families too.
    IpsecFlow in6;
    in6.local = a6;
    in6.remote = b6;
    in6.protocol = 17;
    in6.localPort = 22;
    EXPECT_EQ(ipsec->GetSpd()->Lookup(in6, SecurityPolicy::Direction::INBOUND)->action, A::BYPASS);
    // First match (KAME) gives the same answers for these flows.
    ipsec->GetSpd()->SetPrecedence(SecurityPolicyDatabase::FIRST_MATCH);
    EXPECT_EQ(action(a6, r6, 22), A::BYPASS);
    EXPECT_EQ(action(a4, r4, 24), A::DROP);
    EXPECT_EQ(action(a6, b6, 1), A::DROP); // `{} drop {}` comes first in file order
    // An address-less entry is a duplicate only of another address-less one.
    EXPECT_NE(Error(IPSECCONF, "{lport 22} bypass {}\n").find("duplicate policy"),
              std::string::npos);
    Ok(IPSECCONF, "{laddr 0.0.0.0/0 lport 22} bypass {}\n{laddr ::/0 lport 22} bypass {}\n");
}

TEST(ConfigIpv6Mask, TheAnyFamilyMaskMatchesBothFamiliesAndDefaultsStayIpv4)
{
    IpsecMask any = IpsecMask::AnyFamily();
    EXPECT_EQ(any.GetFamily(), IpsecAddress::Family::NONE);
    EXPECT_TRUE(any.IsZero());
    EXPECT_FALSE(any.IsHost());
    EXPECT_EQ(any.GetPrefixLength(), 0);
    EXPECT_TRUE(any.IsMatch(Ipv4Address("10.0.0.1"), Ipv4Address("192.0.2.1")));
    EXPECT_TRUE(any.IsMatch(Ipv4Address::GetAny(), Ipv6Address("2001:db8::1")));
    EXPECT_EQ(any.Combine(Ipv4Address("10.0.0.1")), IpsecAddress());
    EXPECT_NE(any, IpsecMask());
    EXPECT_EQ(IpsecMask::FromPrefixLength(IpsecAddress::Family::IPV4, 24),
              IpsecMask(Ipv4Mask("255.255.255.0")));
    EXPECT_EQ(IpsecMask::FromPrefixLength(IpsecAddress::Family::IPV6, 57),
              IpsecMask(Ipv6Prefix(57)));
    EXPECT_EQ(IpsecMask::FromPrefixLength(IpsecAddress::Family::NONE, 9), any);
    // What an entry made by hand or by the helper holds is unchanged: IPv4 zero masks.
    SecurityPolicy p;
    EXPECT_EQ(p.localMask, IpsecMask(Ipv4Mask::GetZero()));
    EXPECT_EQ(p.remoteMask.GetFamily(), IpsecAddress::Family::IPV4);
    IpsecFlow f6;
    f6.local = Ipv6Address("2001:db8::1");
    f6.remote = Ipv6Address("2001:db8::2");
    EXPECT_FALSE(p.Matches(f6, SecurityPolicy::Direction::OUTBOUND));
    p.localMask = p.remoteMask = any;
    EXPECT_TRUE(p.Matches(f6, SecurityPolicy::Direction::OUTBOUND));
    EXPECT_FALSE(p.IsHostPair());
}

// ------------------------------------------------------------------------------- round trips

TEST_F(ConfigIpv6, RoundTripsAreByteIdentical)
{
    std::string keys = " encr_alg aes encrkey " + kAes + " auth_alg sha256 authkey " + kSha256;
    std::string esp = " -E aes-cbc 0x" + kAes + " -A hmac-sha256 0x" + kSha256 + ";\n";
    struct Case
    {
        IpsecConfigFormat format;
        std::string text;
        std::vector<std::string> lines; //!< lines the written text must hold
    };
    std::vector<Case> cases = {
        {IPSECCONF,
         "{laddr 2001:db8:1::1 raddr 2001:db8:1::2 ulp tcp rport 80} ipsec {encr_algs aes "
         "encr_auth_algs sha256 sa unique}\n"
         "{raddr 2001:db8:2::/48} ipsec {encr_algs aes encr_auth_algs sha1} or ipsec {encr_algs "
         "3des encr_auth_algs sha1}\n"
         "{ulp ipv6-icmp type neigh-sol6 dir in} bypass {}\n"
         "{ulp ipv6-icmp type unreach6 code 0-4 dir in} bypass {}\n"
         "{lport 22 dir out} bypass {}\n"
         "{laddr ::/0 lport 23} bypass {}\n"
         "{laddr 0.0.0.0/0 lport 23} bypass {}\n"
         "{laddr 2001:db8:1::1 dir in} drop {}\n"
         "{laddr 10.1.1.1 raddr 10.1.1.2} ipsec {encr_algs aes-gcm}\n",
         {"{ulp ipv6-icmp type 135 dir in} bypass {}",
          "{lport 22 dir out} bypass {}",
          "{laddr ::/0 lport 23} bypass {}",
          "{laddr 0.0.0.0/0 lport 23} bypass {}",
          "{laddr 2001:db8:1::1 dir in} drop {}",
          "{raddr 2001:db8:2::/48} ipsec {encr_algs aes-cbc encr_auth_algs hmac-sha1-96} or "
          "ipsec {encr_algs 3des-cbc encr_auth_algs hmac-sha1-96}"}},
        {IPSECKEY,
         "add esp spi 0x2000 src6 2001:db8:1::1 dst6 2001:db8:1::2" + keys
             + " replay 64 soft_bytes 100\n"
               "add esp spi 0x2001 src 2001:db8:1::2 dst 2001:db8:1::1"
             + keys
             + " pair-spi 0x2000\n"
               "add esp spi 0x2006 dst 2001:db8:1::1"
             + keys
             + "\n"
               "add esp spi 0x2002 src 2001:db8:1::1 dst 2001:db8:1::2"
             + keys
             + " proto 41 isrc 2001:db8:2::/48 idst 2001:db8:3::/48 iproto 6\n"
               "add esp spi 0x2003 src 10.1.1.1 dst 10.1.1.2"
             + keys
             + " proto 41 isrc ::/0 idst 2001:db8:5::1\n"
               "add esp spi 0x2004 src ::ffff:192.0.2.1 dst 2001:db8:1::2"
             + keys
             + " proto 4 isrc 10.5.0.0/16 idst 10.6.0.0/16\n"
               "add ah spi 0x2005 src 2001:db8:1::1 dst 2001:db8:1::2 auth_alg sha256 authkey "
             + kSha256 + " proto udp sport 53\n",
         {"add esp spi 0x00002002 src 2001:db8:1::1 dst 2001:db8:1::2 encr_alg aes-cbc encrkey "
              + kAes + " auth_alg hmac-sha256-128 authkey " + kSha256
              + " proto 41 isrc 2001:db8:2::/48 idst 2001:db8:3::/48 iproto 6",
          "add esp spi 0x00002004 src ::ffff:192.0.2.1 dst 2001:db8:1::2 encr_alg aes-cbc "
          "encrkey "
              + kAes + " auth_alg hmac-sha256-128 authkey " + kSha256
              + " proto 4 isrc 10.5.0.0/16 idst 10.6.0.0/16"}},
        {SETKEY,
         "add 2001:db8:1::1 2001:db8:1::2 esp 0x3000 -m transport -r 4" + esp
             + "add :: 2001:db8:1::1 esp 0x3001 -m tunnel" + esp
             + "spdadd 2001:db8:1::1[any] 2001:db8:1::2/128[80] tcp -P out ipsec "
               "esp/transport//unique:7 ah/transport//require;\n"
               "spdadd 2001:db8:2::/48[any] 2001:db8:3::/48[any] any -P out ipsec "
               "esp/tunnel/2001:db8:1::1-2001:db8:1::2/require;\n"
               "spdadd 10.5.0.0/16 10.6.0.0/16 any -P in ipsec "
               "esp/tunnel/2001:db8:1::2-2001:db8:1::1/use;\n"
               "spdadd 2001:db8:4::/48 2001:db8:5::/48 any -P out ipsec "
               "ah/tunnel/10.1.1.1-10.1.1.2/require;\n"
               "spdadd ::/0 ::/0 icmp6 135,0 -P in none;\n"
               "spdadd any any[53] udp -P out none;\n"
               "spdadd any 2001:db8:6::/64 any -P out discard;\n",
         {"add 2001:db8:1::1 2001:db8:1::2 esp 0x00003000 -m transport -r 4 -E aes-cbc 0x" + kAes
              + " -A hmac-sha2-256 0x" + kSha256 + ";",
          "spdadd ::/0[any] ::/0[any] ipv6-icmp 135,0 -P in none;",
          "spdadd any[any] any[53] udp -P out none;",
          "spdadd any[any] 2001:db8:6::/64[any] any -P out discard;",
          "spdadd 2001:db8:1::1/128[any] 2001:db8:1::2/128[80] tcp -P out ipsec "
          "esp/transport//unique:7 ah/transport//require;",
          "spdadd 10.5.0.0/16[any] 10.6.0.0/16[any] any -P in ipsec "
          "esp/tunnel/2001:db8:1::2-2001:db8:1::1/use;"}},
    };
    Ptr<IpsecL3Protocol> other = IpsecHelper::Get(nodes.Get(1));
    for (const Case& c : cases)
    {
        SCOPED_TRACE(ToString(c.format));
        Clear();
        other->GetSpd()->Flush();
        other->GetSadb()->Flush();
        Ok(c.format, c.text);
        std::vector<std::string> notes;
        std::string written = IpsecConfig::Write(ipsec, c.format, &notes);
        EXPECT_TRUE(notes.empty()) << notes[0];
        for (const std::string& line : c.lines)
        {
            EXPECT_NE(written.find(line + "\n"), std::string::npos) << line << "\n" << written;
        }
        IpsecConfigResult r = IpsecConfig::Load(other, c.format, written, "written");
        ASSERT_TRUE(r.ok) << r.error << "\n" << written;
        EXPECT_EQ(DescribeSpd(other->GetSpd()), DescribeSpd(ipsec->GetSpd())) << written;
        ASSERT_EQ(other->GetSadb()->GetN(), ipsec->GetSadb()->GetN());
        for (const auto& sa : ipsec->GetSadb()->Dump())
        {
            Ptr<SecurityAssociation> copy
                = other->GetSadb()->Get(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi());
            ASSERT_TRUE(copy) << sa->Describe();
            EXPECT_EQ(copy->Describe(), sa->Describe());
            EXPECT_EQ(copy->GetSource(), sa->GetSource());
            EXPECT_EQ(copy->GetMode(), sa->GetMode());
            EXPECT_EQ(copy->GetSelectors().source, sa->GetSelectors().source);
            EXPECT_EQ(copy->GetSelectors().sourceMask, sa->GetSelectors().sourceMask);
            EXPECT_EQ(copy->GetSelectors().destination, sa->GetSelectors().destination);
            EXPECT_EQ(copy->GetSelectors().destinationMask, sa->GetSelectors().destinationMask);
            EXPECT_EQ(copy->GetSelectors().protocol, sa->GetSelectors().protocol);
        }
        EXPECT_EQ(IpsecConfig::Write(other, c.format), written);
        // Every other format's dump reads back and writes the same text again (what a format
        // cannot say is in the notes).
        for (IpsecConfigFormat f : {IPSECCONF, IPSECKEY, SETKEY})
        {
            std::string dump = IpsecConfig::Write(ipsec, f);
            other->GetSpd()->Flush();
            other->GetSadb()->Flush();
            IpsecConfigResult again = IpsecConfig::Load(other, f, dump, "dump");
            ASSERT_TRUE(again.ok) << ToString(f) << ": " << again.error << "\n" << dump;
            EXPECT_EQ(IpsecConfig::Write(other, f), dump) << ToString(f);
        }
    }
}

TEST_F(ConfigIpv6, EntriesOnlyTheSpdTellsApartAreWrittenOnceToIpsecconf)
{
    // `any` facing 0.0.0.0/0 is IPv4 only, like 0.0.0.0/0 facing 0.0.0.0/0: one ipsecconf
    // pattern, so the second (shadowed by the first) is noted, not written twice.
    Ok(SETKEY,
       "spdadd any 0.0.0.0/0 udp -P out none;\nspdadd 0.0.0.0/0 0.0.0.0/0 udp -P out none;\n");
    EXPECT_EQ(ipsec->GetSpd()->GetN(), 2u);
    std::vector<std::string> notes;
    std::string written = IpsecConfig::Write(ipsec, IPSECCONF, &notes);
    EXPECT_EQ(written, "{laddr 0.0.0.0/0 ulp udp dir out} bypass {}\n");
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("shadowed by an earlier entry"), std::string::npos) << notes[0];
    Clear();
    Ok(IPSECCONF, written);
    EXPECT_EQ(IpsecConfig::Write(ipsec, IPSECCONF), written);
}

// ------------------------------------------------------------------------------- end to end

TEST(ConfigIpv6EndToEnd, EspTransportOverIpv6ConfiguredOnlyBySetkeyText)
{
    NodeContainer hosts;
    hosts.Create(2);
    InternetStackHelper().Install(hosts);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer devices = p2p.Install(hosts);
    Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices);
    Ipv6AddressHelper v6;
    v6.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer i6 = v6.Assign(devices);
    i6.SetForwarding(0, false);
    std::ostringstream a;
    std::ostringstream b;
    a << i6.GetAddress(0, 1);
    b << i6.GetAddress(1, 1);
    std::string sas = "add " + a.str() + " " + b.str() + " esp 0x1000 -m transport -E aes-cbc 0x"
                    + kAes + " -A hmac-sha256 0x" + kSha256 + ";\nadd " + b.str() + " " + a.str()
                    + " esp 0x1001 -m transport -E aes-cbc 0x" + kAes + " -A hmac-sha256 0x"
                    + kSha256 + ";\n";
    auto spd = [](const std::string& l, const std::string& r) {
        return "spdadd " + l + " " + r + " udp -P out ipsec esp/transport//require;\nspdadd " + r
             + " " + l + " udp -P in ipsec esp/transport//require;\n";
    };
    Config::SetDefault("ns3::IpsecL3Protocol::KeyText", StringValue(sas));
    Config::SetDefault("ns3::IpsecL3Protocol::KeyFileFormat", StringValue("setkey"));
    Config::SetDefault("ns3::IpsecL3Protocol::PolicyFileFormat", StringValue("setkey"));
    IpsecHelper().Install(hosts);
    for (uint32_t i = 0; i < 2; ++i)
    {
        Config::Set("/NodeList/" + std::to_string(hosts.Get(i)->GetId())
                        + "/$ns3::IpsecL3Protocol/PolicyText",
                    StringValue(i == 0 ? spd(a.str(), b.str()) : spd(b.str(), a.str())));
    }
    uint32_t esp6 = 0;
    uint32_t clearUdp6 = 0;
    devices.Get(0)->TraceConnectWithoutContext(
        "MacTx",
        Callback<void, Ptr<const Packet>>(
            std::function<void(Ptr<const Packet>)>([&](Ptr<const Packet> frame) {
                Ptr<Packet> p = frame->Copy();
                PppHeader ppp;
                p->RemoveHeader(ppp);
                if (ppp.GetProtocol() == 0x0057)
                {
                    Ipv6Header h;
                    p->RemoveHeader(h);
                    esp6 += h.GetNextHeader() == 50 ? 1 : 0;
                    clearUdp6 += h.GetNextHeader() == 17 ? 1 : 0;
                }
            })));
    UdpServerHelper server(9000);
    ApplicationContainer s = server.Install(hosts.Get(1));
    UdpClientHelper client(i6.GetAddress(1, 1), 9000);
    client.SetAttribute("MaxPackets", UintegerValue(10));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
    client.SetAttribute("PacketSize", UintegerValue(200));
    ApplicationContainer c = client.Install(hosts.Get(0));
    s.Start(Seconds(0));
    c.Start(Seconds(1)); // after duplicate address detection
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(DynamicCast<UdpServer>(s.Get(0))->GetReceived(), 10u);
    EXPECT_EQ(esp6, 10u);
    EXPECT_EQ(clearUdp6, 0u);
    Ptr<IpsecL3Protocol> sender = hosts.Get(0)->GetObject<IpsecL3Protocol>();
    EXPECT_EQ(sender->GetStats().Of(IpsecProtocol::ESP).packetsOut, 10u);
    EXPECT_EQ(sender->GetSpd()->GetN(), 2u);
    EXPECT_EQ(sender->GetSadb()->GetN(), 2u);
    Simulator::Destroy();
    Config::Reset();
}

} // namespace
