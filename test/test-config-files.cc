/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Configuration files (issue 4): ipsecconf / ipsecinit.conf, ipseckey and setkey readers, their
 * errors with exact positions, all-or-nothing loading, writers and round trips, and a run
 * configured only by files and attributes.
 */
#include "test-util.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <cctype>
#include <gtest/gtest.h>
#include <random>
#include <sstream>

using namespace ns3;

namespace
{

const std::string kAes = "000102030405060708090a0b0c0d0e0f";
const std::string kSha256 = "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f";
const std::string kMd5 = "bde359723576fdea08e56cbe876e24ad";

/// Every field of a policy, for comparisons.
std::string
Full(const SecurityPolicy& p)
{
    std::ostringstream o;
    o << p.localAddress << "/" << p.localMask.GetPrefixLength() << " " << p.remoteAddress << "/"
      << p.remoteMask.GetPrefixLength() << " " << p.localPortMin << "-" << p.localPortMax << " "
      << p.remotePortMin << "-" << p.remotePortMax << " p" << p.protocol << " t" << p.icmpTypeMin
      << "-" << p.icmpTypeMax << " c" << p.icmpCodeMin << "-" << p.icmpCodeMax << " d"
      << int(p.direction) << " a" << int(p.action) << " u" << p.uniqueSa;
    for (const auto& bundle : p.alternatives)
    {
        o << " |";
        for (const auto& r : bundle)
        {
            o << " " << r.ToString() << "[";
            for (auto* a : r.encryption)
            {
                o << a->name << ",";
            }
            o << "/";
            for (auto* a : r.authentication)
            {
                o << a->name << ",";
            }
            o << "] " << r.encryptionKeyBitsMin << ".." << r.encryptionKeyBitsMax << " "
              << r.authenticationKeyBitsMin << ".." << r.authenticationKeyBitsMax << " ra"
              << r.requireAuthentication << " id" << r.policyId;
        }
    }
    return o.str();
}

std::vector<std::string>
FullSpd(Ptr<SecurityPolicyDatabase> spd)
{
    std::vector<std::string> out;
    for (const auto& p : spd->Dump())
    {
        out.push_back(Full(*p));
    }
    return out;
}

class ConfigFiles : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        // One LAN, 10.1.1.1 upwards; ns3::Names gives each node one name.
        const char* names[] = {"me.example.com",
                               "you.example.com",
                               "spiderweb",
                               "arachnid",
                               "that_system",
                               "host-B",
                               "network-B",
                               "network-b",
                               "network-c"};
        nodes.Create(std::size(names));
        CsmaHelper lan;
        NetDeviceContainer devices = lan.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
        addresses.Assign(devices);
        IpsecHelper().Install(nodes);
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
        size_t sas = ipsec->GetSadb()->GetN();
        size_t policies = ipsec->GetSpd()->GetN();
        IpsecConfigResult r = Load(format, text);
        EXPECT_FALSE(r.ok) << text;
        EXPECT_EQ(ipsec->GetSadb()->GetN(), sas) << "partial state after: " << r.error;
        EXPECT_EQ(ipsec->GetSpd()->GetN(), policies) << "partial state after: " << r.error;
        return r.error;
    }

    void Ok(IpsecConfigFormat format, const std::string& text)
    {
        IpsecConfigResult r = Load(format, text);
        ASSERT_TRUE(r.ok) << r.error << "\n" << text;
    }

    IpsecFlow Flow(Ipv4Address remote, uint8_t protocol, uint16_t lport, uint16_t rport)
    {
        IpsecFlow f;
        f.local = Ipv4Address("10.1.1.1");
        f.remote = remote;
        f.protocol = protocol;
        f.localPort = lport;
        f.remotePort = rport;
        return f;
    }

    NodeContainer nodes;
    Ptr<IpsecL3Protocol> ipsec;
};

const auto IPSECCONF = IpsecConfigFormat::IPSECCONF;
const auto IPSECKEY = IpsecConfigFormat::IPSECKEY;
const auto SETKEY = IpsecConfigFormat::SETKEY;

// ------------------------------------------------------------------------------- ipsecconf

TEST_F(ConfigFiles, IpsecconfSeed004SampleWithAddresses)
{
    Ok(IPSECCONF,
       "{laddr 10.1.1.1 raddr 10.1.1.2} ipsec\n"
       "\t{encr_algs aes encr_auth_algs sha256 sa shared}\n"
       "\n"
       "{lport 22 dir both} bypass {}\n"
       "\n"
       "# {laddr 10.1.1.1 dir in} drop {}\n");
    auto spd = FullSpd(ipsec->GetSpd());
    ASSERT_EQ(spd.size(), 2u);
    // bypass first (illumos precedence), then the ESP entry
    EXPECT_EQ(spd[0], "0.0.0.0/0 0.0.0.0/0 22-22 0-65535 p-1 t-1--1 c-1--1 d3 a0 u0");
    EXPECT_EQ(spd[1],
              "10.1.1.1/32 10.1.1.2/32 0-65535 0-65535 p-1 t-1--1 c-1--1 d3 a2 u0 | "
              "esp/transport//require[aes-cbc,/hmac-sha256-128,] 0..0 0..0 ra1 id0");
    Ptr<SecurityPolicy> ssh = ipsec->GetSpd()->Lookup(Flow("10.1.1.2", 6, 22, 40000),
                                                      SecurityPolicy::Direction::OUTBOUND);
    EXPECT_EQ(ssh->action, SecurityPolicy::Action::BYPASS);
    // Policy logs name where an entry came from.
    EXPECT_EQ(ssh->ToString().substr(ssh->ToString().size() - 14), " (test.conf:4)");
    Ptr<SecurityPolicy> web = ipsec->GetSpd()->Lookup(Flow("10.1.1.2", 6, 40000, 80),
                                                      SecurityPolicy::Direction::INBOUND);
    EXPECT_EQ(web->action, SecurityPolicy::Action::IPSEC);
}

TEST_F(ConfigFiles, IpsecconfSpecExamples)
{
    Ok(IPSECCONF,
       "{laddr 10.0.0.1 raddr 10.0.0.2} ipsec {encr_algs aes encr_auth_algs sha256 sa shared}\n"
       "{lport 22 dir both} bypass {}\n"
       "{laddr 10.0.0.1 dir in} drop {}\n"
       "{raddr 10.2.0.0/16 rport 23} ipsec {encr_algs 3des encr_auth_algs sha1} or ipsec "
       "{encr_algs aes encr_auth_algs sha1}\n");
    auto spd = FullSpd(ipsec->GetSpd());
    ASSERT_EQ(spd.size(), 4u);
    EXPECT_EQ(spd[1].substr(0, 61),
              "10.0.0.1/32 10.0.0.2/32 0-65535 0-65535 p-1 t-1--1 c-1--1 d3 ");
    EXPECT_NE(spd[2].find("10.2.0.0/16 0-65535 23-23"), std::string::npos);
    EXPECT_NE(spd[2].find(
                  "[3des-cbc,/hmac-sha1-96,] 0..0 0..0 ra1 id0 | esp/transport//require[aes-cbc,"),
              std::string::npos);
    EXPECT_EQ(spd[3], "10.0.0.1/32 0.0.0.0/0 0-65535 0-65535 p-1 t-1--1 c-1--1 d1 a1 u0");
}

TEST_F(ConfigFiles, IpsecconfManPageExamples)
{
    // Examples 1-8, 11, 12 (correct forms) and 14 of ipsecconf(8), names resolved through Names.
    Ok(IPSECCONF,
       "#\n# Protect the outbound TCP traffic between hosts spiderweb\n#\n{\n     laddr spiderweb\n"
       "     raddr arachnid\n     ulp tcp\n     dir out\n} ipsec {\n\t     encr_algs AES\n}\n");
    Ok(IPSECCONF,
       "{\n\t    laddr spiderweb\n\t    raddr arachnid\n\t    ulp tcp\n\t    dir in\n} ipsec {\n\t "
       "   encr_algs AES\n}\n");
    ipsec->GetSpd()->Flush();
    Ok(IPSECCONF,
       "{\n\t    laddr spiderweb\n\t    raddr arachnid\n\t    ulp tcp\n} ipsec {\n\t    encr_algs "
       "AES\n}\n");
    Ok(IPSECCONF, "{\n\t   lport telnet\n\t   dir in\n} ipsec {\n\t   auth_algs sha1\n}\n");
    Ok(IPSECCONF,
       "{\nraddr host-B\n\tdir in\n} bypass {}\n\n# Now add for network-B.\n{\n\traddr "
       "network-B/16\n"
       "\tdir in\n} ipsec {\nencr_algs NULL\nencr_auth_algs md5\n}\n");
    Ok(IPSECCONF,
       "#\n# Bypass traffic for port no 53\n     #\n{lport 53} bypass {}\n{rport 53} bypass {}\n"
       "{raddr spiderweb } ipsec {encr_algs any sa unique}\n");
    Ok(IPSECCONF,
       " #\n     # Protect the outbound traffic from all interfaces.\n     #\n"
       "{raddr spiderweb dir out} ipsec {auth_algs any sa unique}\n");
    ipsec->GetSpd()->Flush();
    Ok(IPSECCONF,
       "{raddr network-b/16 dir out} ipsec {auth_algs any}\n{dir out} ipsec {encr_algs any}\n"
       "{raddr network-c/24 dir out} bypass {} # NULL properties\n");
    ipsec->GetSpd()->Flush();
    Ok(IPSECCONF,
       "{raddr spiderweb} ipsec {encr_algs aes}\n{raddr arachnid} ipsec {encr_algs aes(192)}\n"
       "{raddr 10.1.1.21} ipsec {encr_algs aes(..192)}\n{raddr 10.1.1.22} ipsec {encr_algs "
       "aes(192..)}\n"
       "{raddr 10.1.1.23} ipsec {encr_algs aes(192..256)}\n{raddr 10.1.1.24} ipsec {encr_algs "
       "any(192..)}\n");
    auto spd = FullSpd(ipsec->GetSpd());
    ASSERT_EQ(spd.size(), 6u);
    EXPECT_NE(spd[1].find("[aes-cbc,/] 192..192"), std::string::npos) << spd[1];
    EXPECT_NE(spd[2].find("[aes-cbc,/] 0..192"), std::string::npos) << spd[2];
    EXPECT_NE(spd[3].find("[aes-cbc,/] 192..0"), std::string::npos) << spd[3];
    EXPECT_NE(spd[4].find("[aes-cbc,/] 192..256"), std::string::npos) << spd[4];
    EXPECT_NE(spd[5].find("[/] 192..0"), std::string::npos) << spd[5];
    ipsec->GetSpd()->Flush();
    Ok(IPSECCONF,
       "{ raddr that_system rport telnet } ipsec { encr_algs 3des encr_auth_algs\nsha1 sa "
       "shared}\n\n"
       "{\n        raddr that_system\n        rport 24\n} ipsec {\n        encr_algs 3des\n"
       "        encr_auth_algs sha1\n        sa shared\n}\n\n"
       "{ raddr that_system rport 25 } ipsec\n        { encr_algs 3des encr_auth_algs sha1 sa "
       "shared}\n\n"
       "{ raddr that_system rport 26 } ipsec\n        { encr_algs 3des encr_auth_algs sha1 sa "
       "shared} or ipsec\n"
       "        { encr_algs aes encr_auth_algs sha1 sa shared}\n");
    EXPECT_EQ(ipsec->GetSpd()->GetN(), 4u);
    ipsec->GetSpd()->Flush();
    Ok(IPSECCONF, "{raddr spiderweb} ipsec {encr_algs aes} or ipsec {encr_algs blowfish}\n");
    EXPECT_EQ(ipsec->GetSpd()->Dump()[0]->alternatives.size(), 2u);
    ipsec->GetSpd()->Flush();

    // Example 12's incorrect entry: "or" begins a line.
    EXPECT_EQ(Error(IPSECCONF,
                    "{ raddr that_system rport telnet } ipsec\n"
                    "        { encr_algs 3des encr_auth_algs sha1 sa shared}\n"
                    "        or ipsec { encr_algs aes encr_auth_algs sha1 sa shared}\n"),
              "test.conf:3:9: \"or\" must not begin a line: put it after the '}' of the previous "
              "properties");
    // IPv6 examples 9, 10, 13 (issue 18: accepted). Example 9 as printed has a typo, "felf".
    EXPECT_EQ(Error(IPSECCONF,
                    "{\n    laddr fe80::a00:20ff:fe21:4483\n    raddr fe80::a00:20ff:felf:e346\n"
                    "    dir out\n} ipsec {\n    encr_algs 3DES\n    encr_auth_algs MD5\n}\n"),
              "test.conf:3:11: bad IPv6 address \"fe80::a00:20ff:felf:e346\"");
    ipsec->GetSpd()->Flush();
    Ok(IPSECCONF,
       "{\n    laddr fe80::a00:20ff:fe21:4483\n    raddr fe80::a00:20ff:fe1f:e346\n"
       "    dir out\n} ipsec {\n    encr_algs 3DES\n    encr_auth_algs MD5\n}\n"
       "{raddr fec0:abcd::0/32} ipsec { auth_algs SHA1 }\n"
       "{raddr 10.9.0.0/16 ulp ipv6-icmp type 133-137  dir both }\n    pass { }\n");
    EXPECT_EQ(ipsec->GetSpd()->GetN(), 3u);
    ipsec->GetSpd()->Flush();
    // Example 15: Solaris 9 transport-mode tunnels.
    EXPECT_NE(Error(IPSECCONF,
                    "{tunnel ip.tun0 negotiate transport} ipsec {encr_algs aes\n"
                    "                                                   encr_auth_algs md5}\n")
                  .find("test.conf:1:17: \"negotiate transport\""),
              std::string::npos);
}

TEST_F(ConfigFiles, IpsecconfPerTunnelPolicyManPageExamples16And17)
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
    EXPECT_EQ(tunnel->GetName(), "ip.tun0");
    size_t before = tunnel->GetSpd()->GetN();
    Ok(IPSECCONF,
       "# Unlike route(8), the default route has to be spelled-out.\n"
       "{tunnel ip.tun0 negotiate tunnel raddr 10.9.0.7/32\n"
       "laddr 0.0.0.0/0} ipsec {encr_algs aes encr_auth_algs sha1}\n"
       "{tunnel ip.tun0 negotiate tunnel raddr 10.9.0.0/24 laddr\n"
       "10.8.0.0/24} ipsec {encr_algs 3des encr_auth_algs md5}\n");
    EXPECT_EQ(tunnel->GetSpd()->GetN(), before + 2);
    EXPECT_EQ(ipsec->GetSpd()->GetN(), 0u);
    Names::Add("vpn0", tunnel->GetDevice());
    Ok(IPSECCONF,
       "{tunnel vpn0 negotiate tunnel raddr 10.9.0.9/32} ipsec {encr_algs aes encr_auth_algs "
       "sha1}\n");
    EXPECT_EQ(Error(IPSECCONF,
                    "{tunnel ip.tun1 negotiate tunnel raddr 10.9.0.0/24} ipsec {encr_algs aes "
                    "encr_auth_algs md5}\n"),
              "test.conf:1:1: no tunnel interface \"ip.tun1\" on this node (route-based tunnels "
              "are named ip.tunN, or by their device's name in ns3::Names)");
    std::vector<std::string> notes;
    std::string written = IpsecConfig::Write(ipsec, IPSECCONF, &notes);
    EXPECT_NE(written.find("{tunnel vpn0 negotiate tunnel raddr 10.9.0.7} ipsec "
                           "{encr_algs aes-cbc encr_auth_algs hmac-sha1-96}"),
              std::string::npos)
        << written;
}

TEST_F(ConfigFiles, IpsecconfKeywords)
{
    // Old style: apply is outbound (saddr local), permit inbound (saddr remote).
    Ok(IPSECCONF,
       "{saddr 10.1.1.1 daddr 10.1.2.0 dmask 255.255.255.0 sport 1000 dport 2000 ulp udp} apply "
       "{encr_algs aes encr_auth_algs sha1 dir out}\n"
       "{src 10.1.2.0 smask 0xffffff00 dstaddr 10.1.1.1 sport 2000 proto 17} permit {encr_algs aes "
       "encr_auth_algs sha1}\n");
    auto spd = FullSpd(ipsec->GetSpd());
    ASSERT_EQ(spd.size(), 2u);
    EXPECT_EQ(spd[0].substr(0, 67),
              "10.1.1.1/32 10.1.2.0/24 1000-1000 2000-2000 p17 t-1--1 c-1--1 d2 a2");
    EXPECT_EQ(spd[1].substr(0, 65),
              "10.1.1.1/32 10.1.2.0/24 0-65535 2000-2000 p17 t-1--1 c-1--1 d1 a2");
    ipsec->GetSpd()->Flush();
    // ICMP types and codes, keywords and ranges.
    Ok(IPSECCONF,
       "{ulp icmp type echo code 0} bypass {}\n{ulp icmp type unreach code needfrag} bypass {}\n"
       "{ulp 1 type 13-18 code 2-3} drop {}\n{ulp icmp type timex} ipsec {auth_algs md5}\n");
    spd = FullSpd(ipsec->GetSpd());
    EXPECT_NE(spd[0].find("p1 t8-8 c0-0"), std::string::npos);
    EXPECT_NE(spd[1].find("p1 t3-3 c4-4"), std::string::npos);
    EXPECT_NE(spd[3].find("p1 t13-18 c2-3 d3 a1"), std::string::npos) << spd[3];
    ipsec->GetSpd()->Flush();
    // Algorithms by number (ipsecalgs), encr_auth_algs alone is NULL encryption.
    Ok(IPSECCONF,
       "{lport 1} ipsec {encr_algs 12 encr_auth_algs 5}\n{lport 2} ipsec {encr_auth_algs sha1}\n");
    spd = FullSpd(ipsec->GetSpd());
    EXPECT_NE(spd[0].find("[aes-cbc,/hmac-sha256-128,]"), std::string::npos) << spd[0];
    EXPECT_NE(spd[1].find("[null,/hmac-sha1-96,]"), std::string::npos) << spd[1];
    // The warning of the real tool, with its position.
    IpsecConfigResult r = Load(IPSECCONF, "\n{lport 3} ipsec {sa shared encr_algs blowfish}\n");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0].substr(0, 58),
              "test.conf:2:28: warning: encryption without authentication");
    EXPECT_TRUE(Load(IPSECCONF, "{lport 4} ipsec {encr_algs aes-gcm}\n").warnings.empty());
}

TEST_F(ConfigFiles, IpsecconfPrecedenceBypassThenAhEspThenEspThenAh)
{
    Ok(IPSECCONF,
       "{raddr 10.1.1.2} ipsec {auth_algs sha1}\n"
       "{raddr 10.1.1.2} ipsec {encr_algs aes encr_auth_algs sha1 dir out}\n"
       "{raddr 10.1.1.2 ulp udp} ipsec {auth_algs sha1 encr_algs aes encr_auth_algs sha1}\n"
       "{rport 7 dir out} bypass {}\n");
    auto out = [&](uint8_t proto, uint16_t port) {
        return ipsec->GetSpd()->Lookup(Flow("10.1.1.2", proto, 5000, port),
                                       SecurityPolicy::Direction::OUTBOUND);
    };
    EXPECT_EQ(out(17, 7)->action, SecurityPolicy::Action::BYPASS);
    EXPECT_EQ(out(17, 9)->alternatives[0].size(), 2u);                     // AH+ESP before ESP
    EXPECT_EQ(out(6, 9)->alternatives[0][0].protocol, IpsecProtocol::ESP); // ESP before AH
}

TEST_F(ConfigFiles, IpsecconfErrorsWithPositions)
{
    EXPECT_EQ(Error(IPSECCONF, "{laddr 10.1.1.1}\n  ipsec {encr_algs aes\n  bogus 1}\n"),
              "test.conf:3:3: Bad \"bogus\": not a property keyword");
    EXPECT_EQ(Error(IPSECCONF, "{laddr 10.1.1.1"),
              "test.conf:1:16: expected a pattern keyword or '}', found end of file");
    EXPECT_EQ(Error(IPSECCONF, "{lport 1} bypass {} {lport 2} bypass {}\n"),
              "test.conf:1:21: a policy entry must begin on a new line");
    EXPECT_EQ(Error(IPSECCONF, "{laddr 10.1.1.1 daddr 10.1.1.2} ipsec {encr_algs aes}\n"),
              "test.conf:1:17: \"daddr\" mixes old-style (saddr daddr sport dport smask dmask) and "
              "new-style (laddr raddr lport rport) patterns; \"laddr\" came first");
    EXPECT_EQ(Error(IPSECCONF, "{laddr 10.1.1.1 local 10.1.1.3} bypass {}\n"),
              "test.conf:1:17: Duplicate \"local\" (already given as \"laddr\" at line 1)");
    EXPECT_EQ(Error(IPSECCONF, "{raddr nosuchhost} bypass {}\n"),
              "test.conf:1:8: unknown host \"nosuchhost\": neither an IPv4 address nor a node name "
              "in ns3::Names");
    EXPECT_EQ(Error(IPSECCONF, "{lport 1} ipsec {encr_algs aes(100)}\n"),
              "test.conf:1:28: no key size of aes-cbc (128..256 bits) fits \"aes(100)\"");
    EXPECT_EQ(Error(IPSECCONF, "{lport 1} ipsec {encr_algs rot13}\n").substr(0, 60),
              "test.conf:1:28: unknown encr_algs algorithm \"rot13\" (known: ");
    EXPECT_EQ(Error(IPSECCONF, "{lport 1} ipsec {}\n"),
              "test.conf:1:11: \"ipsec\" needs auth_algs, encr_algs or encr_auth_algs");
    EXPECT_EQ(Error(IPSECCONF, "{type echo} bypass {}\n"),
              "test.conf:1:2: ICMP type and code need \"ulp icmp\"");
    EXPECT_EQ(Error(IPSECCONF, "{ulp icmp type echo6} bypass {}\n"),
              "test.conf:1:16: ICMPv6 type \"echo6\" needs \"ulp ipv6-icmp\"");
    EXPECT_EQ(Error(IPSECCONF, "{lport 1 dir in} apply {encr_algs aes}\n"),
              "test.conf:1:18: \"apply\" is outbound only, but dir says otherwise");
    EXPECT_EQ(Error(IPSECCONF, "{lport 1} bypass {sa shared}\n"),
              "test.conf:1:19: \"sa\" is not allowed with \"bypass\" (only dir is)");
    EXPECT_EQ(Error(IPSECCONF, "{lport nosuchservice} bypass {}\n"),
              "test.conf:1:8: Bad \"lport\" value \"nosuchservice\": not a port number or service "
              "name");
    // A valid file with one bad entry at its end applies nothing (checked by Error()).
    EXPECT_NE(
        Error(IPSECCONF, "{lport 1} bypass {}\n{lport 2} bypass {}\n{lport 3} frobnicate {}\n")
            .find("test.conf:3:11: Bad action \"frobnicate\""),
        std::string::npos);
    // A duplicate of an existing entry is refused (ipsecconf's duplicate rule).
    Ok(IPSECCONF, "{lport 5} bypass {}\n");
    EXPECT_EQ(Error(IPSECCONF, "{lport 6} bypass {}\n{lport 5} bypass {}\n").substr(0, 71),
              "test.conf:2:1: duplicate policy: an entry with the same selectors and d");
}

// ------------------------------------------------------------------------------- ipseckey

TEST_F(ConfigFiles, IpseckeySpecAndManPageExamples)
{
    Ok(IPSECKEY,
       "add esp spi 0x2112 src 10.0.0.1 dst 10.0.0.2 encr_alg aes auth_alg sha256 encrkey " + kAes
           + " authkey " + kSha256 + "\n");
    Ptr<SecurityAssociation> sa
        = ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x2112);
    ASSERT_TRUE(sa);
    EXPECT_EQ(sa->GetEncryptionAlgorithm()->name, "aes-cbc");
    EXPECT_EQ(sa->GetAuthenticationAlgorithm()->name, "hmac-sha256-128");
    EXPECT_EQ(test::Hex(sa->GetEncryptionKey()), kAes);
    EXPECT_EQ(sa->GetReplayWindowSize(), 0u); // ipseckey's default

    // Example 7: add then update the hard byte lifetime.
    Ok(IPSECKEY,
       "add ah spi 0x90125 src me.example.com dst you.example.com \\\n          authalg md5 "
       "authkey "
           + kMd5
           + "\nupdate ah spi 0x90125 dst you.example.com hard_bytes \\\n          16000000\n");
    sa = ipsec->GetSadb()->Get(IpsecProtocol::AH, Ipv4Address("10.1.1.2"), 0x90125);
    ASSERT_TRUE(sa);
    EXPECT_EQ(sa->GetHardLifetime().bytes, 16000000u);
    EXPECT_EQ(sa->GetSource(), Ipv4Address("10.1.1.1"));
    // Example 8: the opposite direction.
    Ok(IPSECKEY,
       "add ah spi 0x2112 src you.example.com dst me.example.com \\\n authalg md5 authkey " + kMd5
           + " \\\n hard_bytes 16000000\n");
    // Example 6: get prints the SA.
    IpsecConfigResult r = Load(IPSECKEY, "get ah spi 0x90125 dst you.example.com\n");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.output.substr(0, 62),
              "add ah spi 0x00090125 src 10.1.1.1 dst 10.1.1.2 auth_alg hmac-");
    // Example 10: a command file.
    Ok(IPSECKEY,
       "# This is a sample file for flushing out the ESP table and\n# adding a pair of "
       "SAs.\n\nflush esp\n\n"
       "### Watch out!  I have keying material in this file.\n\n"
       "add esp spi 0x2112 src me.example.com dst you.example.com \\\n"
       "    authalg md5 authkey bde359723576fdea08e56cbe876e24ad \\\n"
       "    encralg des encrkey be02938e7def2839 hard_usetime 28800\n"
       "add esp spi 0x5150 src you.example.com dst me.example.com \\\n"
       "    authalg md5 authkey 930987dbe09743ade09d92b4097d9e93 \\\n"
       "    encralg des encrkey 8bd4a52e10127deb hard_usetime 28800\n\n"
       "## End of file  -  This is a gratuitous comment\n");
    EXPECT_EQ(ipsec->GetSadb()->GetN(), 4u); // 2 ESP + 2 AH: "flush esp" kept the AH SAs
    sa = ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv4Address("10.1.1.1"), 0x5150);
    ASSERT_TRUE(sa);
    EXPECT_EQ(sa->GetHardLifetime().useTime, 28800u);
    EXPECT_EQ(sa->GetEncryptionAlgorithm()->name, "des-cbc");
    // Examples 1-4: flush, flush ah, save.
    r = Load(IPSECKEY, "save all\nflush ah\ndump\n");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 4 + 2);
    Ok(IPSECKEY, "flush\n");
    EXPECT_EQ(ipsec->GetSadb()->GetN(), 0u);
    // Example 5: delete needs only SPI and destination.
    EXPECT_EQ(Error(IPSECKEY, "delete esp spi 0x2112 dst 224.0.0.1\n"),
              "test.conf:1:1: no such SA: esp SA dst 224.0.0.1 spi 0x2112");
    Ok(IPSECKEY,
       "add esp spi 0x2112 dst 224.0.0.1 encr_alg aes encrkey " + kAes + " auth_alg sha1 authkey "
           + kMd5 + "01020304\ndelete esp spi 0x2112 dst 224.0.0.1\n");
    EXPECT_EQ(ipsec->GetSadb()->GetN(), 0u);
    // Example 11: IPv6 (issue 18: accepted).
    Ok(IPSECKEY,
       "add esp spi 0x6789 src6 fec0:bbbb::4483 dst6 fec0:bbbb::7843 encr_alg aes encrkey " + kAes
           + "\n");
    EXPECT_TRUE(ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv6Address("fec0:bbbb::7843"), 0x6789));
    Ok(IPSECKEY, "flush\n");
    // Examples 7b and 12: pairs (opposite directions), update and delete-pair.
    Ok(IPSECKEY,
       "add esp spi 0x123456 src 192.168.99.1 dst 192.168.99.2 encr_alg aes encrkey " + kAes
           + "\nadd esp spi 0x654321 src 192.168.99.2 dst 192.168.99.1 encr_alg aes encrkey " + kAes
           + "\nupdate esp spi 0x123456 dst 192.168.99.2 \\\npair-spi 0x654321\n");
    EXPECT_EQ(ipsec->GetSadb()
                  ->Get(IpsecProtocol::ESP, Ipv4Address("192.168.99.1"), 0x654321)
                  ->GetPairSpi(),
              0x123456u);
    Ok(IPSECKEY, "update-pair esp spi 0x123456 dst 192.168.99.2 soft_addtime 100\n");
    EXPECT_EQ(ipsec->GetSadb()
                  ->Get(IpsecProtocol::ESP, Ipv4Address("192.168.99.1"), 0x654321)
                  ->GetSoftLifetime()
                  .addTime,
              100u);
    Ok(IPSECKEY, "delete-pair esp spi 0x123456 dst 192.168.99.2\n");
    EXPECT_EQ(ipsec->GetSadb()->GetN(), 0u);
    // The man page's own paired add names the same direction twice: refused with the reason.
    EXPECT_EQ(
        Error(IPSECKEY,
              "add esp spi 0x2345 src me.example.com dst you.example.com authalg md5 authkey "
                  + kMd5
                  + " encralg des encrkey be02938e7def2839\n"
                    "add esp spi 0x5432 src me.example.com dst you.example.com authalg md5 authkey "
                  + kMd5 + " encralg des encrkey be02938e7def2839 pair-spi 0x2345\n"),
        "test.conf:2:1: pair-spi: no esp SA dst 10.1.1.1 spi 0x2345 to pair with (pairs are "
        "opposite directions)");
}

TEST_F(ConfigFiles, IpseckeyKeywords)
{
    Ok(IPSECKEY,
       "add esp spi 300 src 10.1.1.1 dst 10.1.1.2 inbound encr_alg aes-gcm-16 encrkey " + kAes
           + "01020304 replay 128 replay_value 0x100 state dying proto udp sport 5000 dport 53 "
             "soft_bytes 1000 hard_bytes 2000 soft_addtime 10 hard_addtime 12 soft_usetime 5 "
             "hard_usetime 6\n"
             "add esp spi 0401 src 10.1.1.2 dst 10.1.1.1 outbound encralg 12 encrkey "
           + kAes + "/128 authalg 3 authkey " + kMd5
           + "01020304 proto 4 isrc 10.9.0.0/24 idst 10.8.0.0/16 iproto tcp isport 1 idport 2\n");
    Ptr<SecurityAssociation> a
        = ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv4Address("10.1.1.2"), 300);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->GetReplayWindowSize(), 128u);
    EXPECT_EQ(a->GetLastSequence(), 0x100u);
    EXPECT_EQ(a->GetState(), SecurityAssociation::State::DYING);
    EXPECT_EQ(a->GetSelectors().protocol, 17);
    EXPECT_EQ(a->GetSelectors().sourcePort, 5000);
    EXPECT_EQ(a->GetSelectors().destinationPort, 53);
    EXPECT_EQ(a->GetSoftLifetime().bytes, 1000u);
    EXPECT_EQ(a->GetHardLifetime().addTime, 12u);
    EXPECT_EQ(a->GetHardLifetime().useTime, 6u);
    Ptr<SecurityAssociation> t
        = ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv4Address("10.1.1.1"), 0401);
    ASSERT_TRUE(t); // octal 0401 = 257
    EXPECT_EQ(t->GetMode(), IpsecMode::TUNNEL);
    EXPECT_EQ(t->GetSelectors().source, Ipv4Address("10.9.0.0"));
    EXPECT_EQ(t->GetSelectors().destinationMask.GetPrefixLength(), 16u);
    EXPECT_EQ(t->GetSelectors().protocol, 6);
    EXPECT_EQ(t->GetAuthenticationAlgorithm()->name, "hmac-sha1-96");
}

TEST_F(ConfigFiles, IpseckeyErrorsWithPositions)
{
    const std::string add = "add esp spi 0x1000 dst 10.1.1.2 encr_alg aes encrkey " + kAes;
    EXPECT_EQ(Error(IPSECKEY, add + " spi 0x1001\n"),
              "test.conf:1:87: Can only specify single \"spi\"");
    EXPECT_EQ(Error(IPSECKEY, "delete esp spi 0x1000 dst 10.1.1.2 authkey 00\n"),
              "test.conf:1:36: Don't use extension for \"authkey\" for delete.");
    EXPECT_EQ(Error(IPSECKEY, "add esp spi 0x1000 dst 10.1.1.2 encr_alg aes encrkey zz\n"),
              "test.conf:1:54: zz is not a hex string");
    EXPECT_EQ(Error(IPSECKEY, "add esp spi 0x1000 dst 10.1.1.2 encr_alg aes encrkey abcd/200\n"),
              "test.conf:1:54: bit length 200 is too big for abcd/200");
    EXPECT_EQ(Error(IPSECKEY, add + " frob 1\n"), "test.conf:1:87: Unknown extension \"frob\"");
    EXPECT_EQ(Error(IPSECKEY, add + " encap esp\n"),
              "test.conf:1:93: Unknown encapsulation \"esp\": the only one is \"udp\" (NAT "
              "traversal, RFC 3948)");
    EXPECT_EQ(Error(IPSECKEY, add + " idle_addtime 5\n"),
              "test.conf:1:87: \"idle_addtime\": idle lifetimes are not supported by this model");
    EXPECT_EQ(Error(IPSECKEY, "add esp spi 0x1000 encr_alg aes encrkey " + kAes + "\n"),
              "test.conf:1:1: add needs \"dst\"");
    EXPECT_EQ(
        Error(IPSECKEY, "add esp spi 0x1000 dst 10.1.1.2 encr_alg aes encrkey 0001\n"),
        "test.conf:1:1: One of the entered values is incorrect: aes-cbc takes a key of 128..256 "
        "(step 64) bits, not 16 bits of key material");
    EXPECT_EQ(Error(IPSECKEY, add + " isrc 10.9.0.0/24\n"),
              "test.conf:1:87: inner selectors (\"isrc\") make a tunnel-mode SA and need \"proto "
              "4\" (ipip)");
    EXPECT_EQ(
        Error(IPSECKEY, "monitor\n"),
        "test.conf:1:1: monitor is interactive; in a simulation connect to the SaAdded/SaRemoved "
        "trace sources instead");
    EXPECT_EQ(Error(IPSECKEY, "add spi 1\n"), "test.conf:1:5: add needs an SA type: esp or ah");
    Ok(IPSECKEY, add + "\n");
    EXPECT_EQ(Error(IPSECKEY, "flush ah\n" + add + "\n"),
              "test.conf:2:1: SPI in use: esp SA dst 10.1.1.2 spi 0x1000 already exists (delete it "
              "first)");
    EXPECT_EQ(
        Error(IPSECKEY, "update esp spi 0x1000 dst 10.1.1.2 encr_alg aes encrkey " + kAes + "\n"),
        "test.conf:1:1: invalid argument: the keys and algorithms of a mature SA cannot be "
        "updated (only a larval SA's)");
}

// ------------------------------------------------------------------------------- setkey

TEST_F(ConfigFiles, SetkeySpecExamples)
{
    Ok(SETKEY,
       "add 10.0.0.1 10.0.0.2 esp 0x1000 -m transport -r 8 -E aes-cbc 0x" + kAes
           + " -A hmac-sha256 0x" + kSha256
           + ";\n"
             "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require;\n"
             "spdadd 10.1.0.0/16 10.2.0.0/16 any -P out ipsec "
             "esp/tunnel/192.0.2.1-198.51.100.1/require;\n");
    Ptr<SecurityAssociation> sa
        = ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x1000);
    ASSERT_TRUE(sa);
    EXPECT_EQ(sa->GetReplayWindowSize(), 64u); // -r counts octets
    EXPECT_FALSE(sa->IsCyclic());
    auto spd = FullSpd(ipsec->GetSpd());
    ASSERT_EQ(spd.size(), 2u);
    EXPECT_EQ(spd[0],
              "10.0.0.1/32 10.0.0.2/32 0-65535 0-65535 p-1 t-1--1 c-1--1 d2 a2 u0 | "
              "esp/transport//require[/] 0..0 0..0 ra0 id0");
    EXPECT_EQ(spd[1],
              "10.1.0.0/16 10.2.0.0/16 0-65535 0-65535 p-1 t-1--1 c-1--1 d2 a2 u0 | "
              "esp/tunnel/192.0.2.1-198.51.100.1/require[/] 0..0 0..0 ra0 id0");
}

TEST_F(ConfigFiles, SetkeyManPageExamples)
{
    // IPv6 (issue 18: accepted); -6 keeps names to their IPv6 addresses, which these have not.
    Ok(SETKEY,
       "add 3ffe:501:4819::1 3ffe:501:481d::1 esp 123457\n\t-E aes-gcm-16 "
       "0x3ffe050148193ffe050148193ffe050148193ffe ;\n");
    EXPECT_TRUE(ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv6Address("3ffe:501:481d::1"), 123457));
    ipsec->GetSadb()->Flush();
    EXPECT_EQ(Error(SETKEY,
                    "add -6 me.example.com you.example.com ah 123456\n"
                    "\t-A hmac-sha2-256 \"AH SA configuration!\" ;\n"),
              "test.conf:1:8: host \"me.example.com\" has no IPv6 address (-6)");
    // The same with IPv4 and names: a quoted 32-octet key for HMAC-SHA-256.
    Ok(SETKEY,
       "add me.example.com you.example.com ah 123456\n\t-A hmac-sha2-256 \"AH SA "
       "configuration!012345678901\" ;\n"
       "add 10.1.1.1 10.1.1.2 esp 123457\n\t-E aes-gcm-16 "
       "0x3ffe050148193ffe050148193ffe050148193ffe ;\n");
    Ptr<SecurityAssociation> ah
        = ipsec->GetSadb()->Get(IpsecProtocol::AH, Ipv4Address("10.1.1.2"), 123456);
    ASSERT_TRUE(ah);
    EXPECT_EQ(std::string(ah->GetAuthenticationKey().begin(), ah->GetAuthenticationKey().end()),
              "AH SA configuration!012345678901");
    EXPECT_TRUE(ah->IsCyclic()); // manual SA without a replay window
    IpsecConfigResult r = Load(SETKEY, "get 10.1.1.1 10.1.1.2 ah 123456 ;\ndump esp ;\n");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.output.substr(0, 40), "add 10.1.1.1 10.1.1.2 ah 0x0001e240 -m t");
    EXPECT_NE(r.output.find("-E aes-gcm-16 0x3ffe050148193ffe050148193ffe050148193ffe;"),
              std::string::npos);
    Ok(SETKEY, "flush ;\n");
    EXPECT_EQ(ipsec->GetSadb()->GetN(), 0u);
    Ok(SETKEY,
       "spdadd 10.0.11.41/32[21] 10.0.11.33/32[any] any\n\t-P out ipsec "
       "esp/tunnel/192.168.0.1-192.168.1.2/require ;\n");
    auto spd = FullSpd(ipsec->GetSpd());
    EXPECT_EQ(spd[0].substr(0, 43), "10.0.11.41/32 10.0.11.33/32 21-21 0-65535 p");
    EXPECT_EQ(
        Error(SETKEY, "add 10.1.10.34 10.1.10.36 tcp 0x1000 -A tcp-md5 \"TCP-MD5 BGP secret\" ;\n"),
        "test.conf:1:27: tcp (TCP-MD5 signatures) is not supported by this model");
}

TEST_F(ConfigFiles, SetkeyOptionsBundlesAndPolicyIds)
{
    Ok(SETKEY,
       "add 10.1.1.1 10.1.1.2 esp 0x1001 -u 5 -f nocyclic-seq -lh 120 -ls 100 -bh 2000 -bs 1000\n"
       "    -E 3des-cbc 0x"
           + kAes + "0011223344556677 -A hmac-md5 0x" + kMd5
           + ";\n"
             "add 10.1.1.1 10.1.1.2 ah 0x1002 -A hmac-sha1 0x"
           + kMd5
           + "01020304;\n"
             "add 10.1.1.1 172.16.0.2 esp 0x1003 -E aes-cbc 0x"
           + kAes + " -A hmac-sha1 0x" + kMd5
           + "01020304;\n"
             "spdadd 10.1.1.1 10.1.1.2 udp -P out ipsec esp/transport//unique:5 "
             "ah/transport//require;\n"
             "spdadd 10.5.0.0/16 10.6.0.0/16 any -P out ipsec esp/tunnel/10.1.1.1-172.16.0.2/use;\n"
             "spdadd 10.1.1.1 10.1.1.2 icmp 8,0 -P out none;\n");
    Ptr<SecurityAssociation> esp
        = ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv4Address("10.1.1.2"), 0x1001);
    EXPECT_EQ(esp->GetPolicyId(), 5u);
    EXPECT_FALSE(esp->IsCyclic());
    EXPECT_EQ(esp->GetHardLifetime().addTime, 120u);
    EXPECT_EQ(esp->GetSoftLifetime().bytes, 1000u);
    // -m omitted: the tunnel rule naming the endpoints makes it a tunnel SA.
    EXPECT_EQ(
        ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv4Address("172.16.0.2"), 0x1003)->GetMode(),
        IpsecMode::TUNNEL);
    EXPECT_EQ(ipsec->GetSadb()->Get(IpsecProtocol::AH, Ipv4Address("10.1.1.2"), 0x1002)->GetMode(),
              IpsecMode::TRANSPORT);
    auto spd = FullSpd(ipsec->GetSpd());
    ASSERT_EQ(spd.size(), 3u);
    // illumos precedence: bypass, then AH+ESP, then ESP
    EXPECT_NE(spd[0].find("p1 t8-8 c0-0 d2 a0"), std::string::npos) << spd[0];
    EXPECT_NE(spd[1].find("| esp/transport//unique[/] 0..0 0..0 ra0 id5 ah/transport//require"),
              std::string::npos)
        << spd[1];
    // unique:5 binds the SA with -u 5: the request accepts it, not an SA without the id.
    const IpsecProtectionRequest& unique = ipsec->GetSpd()->Dump()[1]->alternatives[0][0];
    EXPECT_TRUE(unique.Accepts(*esp));
    Ok(SETKEY, "add 10.1.1.1 10.1.1.2 esp 0x1004 -E aes-cbc 0x" + kAes + ";\n");
    EXPECT_FALSE(unique.Accepts(
        *ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv4Address("10.1.1.2"), 0x1004)));

    // The macOS ipsec(4) bundle, with names for A and B; -P fwd is reported, not added.
    IpsecConfigResult r = Load(
        SETKEY,
        "spdadd 10.7.0.0/16 10.8.0.0/16 any -P in ipsec esp/tunnel/arachnid-spiderweb/use "
        "ah/transport/arachnid-spiderweb/require;\n"
        "spdadd 10.7.0.0/16 10.8.0.0/16 any -P fwd ipsec esp/tunnel/arachnid-spiderweb/use;\n");
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0].substr(0, 41), "test.conf:2:39: warning: -P fwd: this mod");
    Ptr<SecurityPolicy> bundle;
    for (const auto& p : ipsec->GetSpd()->Dump())
    {
        bundle = p->direction == SecurityPolicy::Direction::INBOUND ? p : bundle;
    }
    ASSERT_TRUE(bundle);
    ASSERT_EQ(bundle->alternatives[0].size(), 2u);
    EXPECT_EQ(bundle->alternatives[0][0].ToString(), "esp/tunnel/10.1.1.4-10.1.1.3/use");
    EXPECT_EQ(bundle->localAddress, Ipv4Address("10.8.0.0")); // -P in: dst is local

    // deleteall, spddelete, spdflush, spddump
    r = Load(SETKEY,
             "deleteall 10.1.1.1 10.1.1.2 esp;\nspddelete 10.1.1.1 10.1.1.2 icmp 8,0 -P "
             "out;\nspddump;\n");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(ipsec->GetSadb()->GetN(), 2u);
    EXPECT_EQ(ipsec->GetSpd()->GetN(), 3u);
    EXPECT_NE(r.output.find("spdadd 10.5.0.0/16[any] 10.6.0.0/16[any] any -P out ipsec "
                            "esp/tunnel/10.1.1.1-172.16.0.2/use;"),
              std::string::npos)
        << r.output;
    Ok(SETKEY, "spdflush;");
    EXPECT_EQ(ipsec->GetSpd()->GetN(), 0u);
}

TEST_F(ConfigFiles, SetkeyErrorsWithPositions)
{
    EXPECT_EQ(Error(SETKEY, "spdadd 10.0.0.1 10.0.0.2 any -P out none"),
              "test.conf:1:41: expected ';' ending spdadd, found end of file");
    EXPECT_EQ(Error(SETKEY, "flush;\nfrob;\n"), "test.conf:2:1: unknown statement \"frob\"");
    EXPECT_EQ(Error(SETKEY, "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//always;"),
              "test.conf:1:43: bad level \"always\" in \"esp/transport//always\" (default, use, "
              "require or unique[:id])");
    EXPECT_EQ(Error(SETKEY, "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/tunnel//require;"),
              "test.conf:1:43: tunnel mode needs its endpoints: \"esp/tunnel/SRC-DST/require\"");
    EXPECT_EQ(Error(SETKEY, "spdadd -n arachnid 10.0.0.2 any -P out none;"),
              "test.conf:1:11: -n: \"arachnid\" is not a numeric address");
    EXPECT_EQ(Error(SETKEY, "spdadd 10.0.0.1 10.0.0.2 any -P out prio 10 none;"),
              "test.conf:1:37: policy priorities are not supported by this model (the SPD's "
              "Precedence attribute orders entries)");
    EXPECT_EQ(Error(SETKEY, "add 10.0.0.1 10.0.0.2 esp 0x100 -C deflate;"),
              "test.conf:1:33: -C (IPComp compression) is not supported by this model");
    EXPECT_EQ(Error(SETKEY, "add 10.0.0.1 10.0.0.2 esp 0x10 -E null;"),
              "test.conf:1:27: SPI 0x10 is reserved (0-255 belong to IANA)");
    EXPECT_EQ(Error(SETKEY, "add 10.0.0.1 10.0.0.2 esp 0x1000 -E twofish-cbc 0x00;").substr(0, 67),
              "test.conf:1:37: unknown encryption algorithm \"twofish-cbc\" (known: ");
    EXPECT_EQ(
        Error(SETKEY, "spddelete 10.0.0.1 10.0.0.2 any -P out;"),
        "test.conf:1:1: no such policy: #0 {laddr 10.0.0.1/32 raddr 10.0.0.2/32 dir out} bypass");
    EXPECT_EQ(
        Error(SETKEY, "add 10.0.0.1 10.0.0.2 esp 0x1000 -E aes-cbc \"short\";"),
        "test.conf:1:1: add failed: aes-cbc takes a key of 128..256 (step 64) bits, not 40 bits of "
        "key material");
}

// ------------------------------------------------------------------------------- round trips

TEST_F(ConfigFiles, RoundTripsThroughEachFormat)
{
    const std::string policy = "{laddr 10.1.1.1 raddr 10.1.1.2 ulp tcp rport 80} ipsec {encr_algs "
                               "aes(128..256) encr_auth_algs sha256 sa unique}\n"
                               "{raddr 10.2.0.0/16} ipsec {encr_algs 3des encr_auth_algs sha1} or "
                               "ipsec {encr_algs aes encr_auth_algs sha1}\n"
                               "{ulp icmp type 3 code 0-4 dir in} bypass {}\n"
                               "{lport 22 dir out} bypass {}\n"
                               "{laddr 10.1.1.1 dir in} drop {}\n"
                               "{rport 25} ipsec {auth_algs md5 encr_auth_algs sha1}\n"
                               "{rport 26} ipsec {encr_algs aes-gcm}\n";
    const std::string keys
        = "add esp spi 0x1000 src 10.1.1.1 dst 10.1.1.2 encr_alg aes encrkey " + kAes
        + " auth_alg sha256 authkey " + kSha256
        + " replay 64 soft_bytes 100 hard_addtime 60 hard_usetime 30\n"
          "add esp spi 0x1001 src 10.1.1.2 dst 10.1.1.1 encr_alg aes-gcm encrkey "
        + kAes
        + "01020304 pair-spi 0x1000\n"
          "add ah spi 0x1002 dst 10.1.1.2 auth_alg md5 authkey "
        + kMd5
        + " proto udp dport 53\n"
          "add esp spi 0x1003 src 10.1.1.1 dst 172.16.0.2 encr_alg 3des encrkey "
        + kAes + "0011223344556677 auth_alg sha1 authkey " + kMd5
        + "01020304 proto 4 isrc 10.5.0.0/16 idst 10.6.0.0/16\n";
    const std::string setkey
        = "add 10.1.1.1 10.1.1.2 esp 0x2000 -m transport -r 4 -u 7 -lh 60 -bs 1000 -E aes-cbc 0x"
        + kAes + " -A hmac-sha1 0x" + kMd5
        + "01020304;\n"
          "add 10.1.1.1 10.1.1.2 ah 0x2001 -m transport -f nocyclic-seq -A hmac-sha2-512 0x"
        + kSha256 + kSha256
        + ";\n"
          "add 10.1.1.1 172.16.0.2 esp 0x2002 -m tunnel -f esn -E chacha20-poly1305 0x"
        + kSha256
        + "01020304;\n"
          "spdadd 10.1.1.1/32[any] 10.1.1.2/32[80] tcp -P out ipsec esp/transport//unique:7 "
          "ah/transport//require;\n"
          "spdadd 10.1.1.2/32[80] 10.1.1.1/32[any] tcp -P in ipsec esp/transport//use;\n"
          "spdadd 10.5.0.0/16[any] 10.6.0.0/16[any] any -P out ipsec "
          "esp/tunnel/10.1.1.1-172.16.0.2/require;\n"
          "spdadd 0.0.0.0/0[any] 10.1.1.1/32[any] icmp 3,4 -P in none;\n"
          "spdadd 10.1.1.1/32[any] 10.9.0.0/24[any] any -P out discard;\n";
    Ptr<IpsecL3Protocol> other = IpsecHelper::Get(nodes.Get(1));
    struct Case
    {
        IpsecConfigFormat format;
        std::string text;
    };
    for (const Case& c : {Case{IPSECCONF, policy}, Case{IPSECKEY, keys}, Case{SETKEY, setkey}})
    {
        SCOPED_TRACE(ToString(c.format));
        ipsec->GetSpd()->Flush();
        ipsec->GetSadb()->Flush();
        other->GetSpd()->Flush();
        other->GetSadb()->Flush();
        Ok(c.format, c.text);
        std::vector<std::string> notes;
        std::string written = IpsecConfig::Write(ipsec, c.format, &notes);
        EXPECT_TRUE(notes.empty()) << notes[0];
        IpsecConfigResult r = IpsecConfig::Load(other, c.format, written, "written");
        ASSERT_TRUE(r.ok) << r.error << "\n" << written;
        EXPECT_EQ(FullSpd(other->GetSpd()), FullSpd(ipsec->GetSpd())) << written;
        ASSERT_EQ(other->GetSadb()->GetN(), ipsec->GetSadb()->GetN());
        for (const auto& sa : ipsec->GetSadb()->Dump())
        {
            Ptr<SecurityAssociation> copy
                = other->GetSadb()->Get(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi());
            ASSERT_TRUE(copy) << sa->Describe();
            EXPECT_EQ(copy->Describe(), sa->Describe());
            EXPECT_EQ(test::Hex(copy->GetEncryptionKey()), test::Hex(sa->GetEncryptionKey()));
            EXPECT_EQ(test::Hex(copy->GetAuthenticationKey()),
                      test::Hex(sa->GetAuthenticationKey()));
            EXPECT_EQ(copy->GetReplayWindowSize(), sa->GetReplayWindowSize());
            EXPECT_EQ(copy->GetMode(), sa->GetMode());
            EXPECT_EQ(copy->IsCyclic(), sa->IsCyclic());
            EXPECT_EQ(copy->HasExtendedSequenceNumbers(), sa->HasExtendedSequenceNumbers());
            EXPECT_EQ(copy->GetPolicyId(), sa->GetPolicyId());
            EXPECT_EQ(copy->GetPairSpi(), sa->GetPairSpi());
            EXPECT_EQ(copy->GetSoftLifetime().bytes, sa->GetSoftLifetime().bytes);
            EXPECT_EQ(copy->GetHardLifetime().addTime, sa->GetHardLifetime().addTime);
            EXPECT_EQ(copy->GetHardLifetime().useTime, sa->GetHardLifetime().useTime);
            EXPECT_EQ(copy->GetSelectors().protocol, sa->GetSelectors().protocol);
            EXPECT_EQ(copy->GetSelectors().destinationPort, sa->GetSelectors().destinationPort);
            EXPECT_EQ(copy->GetSelectors().source, sa->GetSelectors().source);
            EXPECT_EQ(copy->GetSelectors().destinationMask, sa->GetSelectors().destinationMask);
        }
        EXPECT_EQ(IpsecConfig::Write(other, c.format), written);
    }
    // What a format cannot say is reported, not silently lost.
    std::vector<std::string> notes;
    IpsecConfig::Write(ipsec, IPSECKEY, &notes); // the setkey SAs: ESN and -u have no ipseckey form
    EXPECT_EQ(notes.size(), 2u);
}

// ------------------------------------------------------------------------------- attributes

struct AttributeRun
{
    uint32_t replies9 = 0;
    uint32_t replies22 = 0;
    uint64_t espOut = 0;
    uint64_t clearOut = 0;
};

AttributeRun
RunConfiguredByAttributes(const std::string& keyFormat,
                          const std::string& keys,
                          const std::string& policyFormat,
                          const std::string& policy1,
                          const std::string& policy2)
{
    NodeContainer hosts;
    hosts.Create(2);
    Names::Add("host1", hosts.Get(0));
    Names::Add("host2", hosts.Get(1));
    PointToPointHelper link;
    NetDeviceContainer devices = link.Install(hosts);
    InternetStackHelper().Install(hosts);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    addresses.Assign(devices);
    Config::SetDefault("ns3::IpsecL3Protocol::KeyText", StringValue(keys));
    Config::SetDefault("ns3::IpsecL3Protocol::KeyFileFormat", StringValue(keyFormat));
    Config::SetDefault("ns3::IpsecL3Protocol::PolicyFileFormat", StringValue(policyFormat));
    IpsecHelper().Install(hosts);
    Config::Set("/NodeList/" + std::to_string(hosts.Get(0)->GetId())
                    + "/$ns3::IpsecL3Protocol/PolicyText",
                StringValue(policy1));
    Config::Set("/NodeList/" + std::to_string(hosts.Get(1)->GetId())
                    + "/$ns3::IpsecL3Protocol/PolicyText",
                StringValue(policy2));
    AttributeRun run;
    uint32_t* counters[] = {&run.replies9, &run.replies22};
    int i = 0;
    for (uint16_t port : {9, 22})
    {
        UdpEchoServerHelper server(port);
        server.Install(hosts.Get(1));
        UdpEchoClientHelper client(Ipv4Address("10.1.1.2"), port);
        client.SetAttribute("MaxPackets", UintegerValue(10));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        ApplicationContainer c = client.Install(hosts.Get(0));
        c.Start(Seconds(0.1));
        c.Get(0)->TraceConnectWithoutContext("Rx",
                                             MakeBoundCallback(
                                                 +[](uint32_t* n, Ptr<const Packet>) { ++*n; },
                                                 counters[i++]));
    }
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    const IpsecStats& stats = IpsecHelper::Get(hosts.Get(0))->GetStats();
    run.espOut = stats.Of(IpsecProtocol::ESP).packetsOut;
    run.clearOut = stats.policy.bypassOut;
    Simulator::Destroy();
    Names::Clear();
    Config::Reset();
    return run;
}

TEST(ConfigAttributes, EndToEndDrivenOnlyByFilesAndAttributesBothFormatsAgree)
{
    std::string ipseckeys = "add esp spi 0x2112 src host1 dst host2 encr_alg aes encrkey " + kAes
                          + " auth_alg sha256 authkey " + kSha256
                          + "\nadd esp spi 0x5150 src host2 dst host1 encr_alg aes encrkey " + kAes
                          + " auth_alg sha256 authkey " + kSha256 + "\n";
    auto conf = [](const std::string& l, const std::string& r) {
        return "{laddr " + l + " raddr " + r
             + "} ipsec\n\t{encr_algs aes encr_auth_algs sha256 sa shared}\n"
               "{lport 22 dir both} bypass {}\n{rport 22 dir both} bypass {}\n";
    };
    AttributeRun solaris = RunConfiguredByAttributes("ipseckey",
                                                     ipseckeys,
                                                     "ipsecconf",
                                                     conf("host1", "host2"),
                                                     conf("host2", "host1"));
    EXPECT_EQ(solaris.replies9, 10u);
    EXPECT_EQ(solaris.replies22, 10u);
    EXPECT_EQ(solaris.espOut, 10u);
    EXPECT_EQ(solaris.clearOut, 10u);

    std::string sas = "add host1 host2 esp 0x2112 -m transport -E aes-cbc 0x" + kAes
                    + " -A hmac-sha2-256 0x" + kSha256
                    + ";\nadd host2 host1 esp 0x5150 -m transport -E aes-cbc 0x" + kAes
                    + " -A hmac-sha2-256 0x" + kSha256 + ";\n";
    auto spd = [](const std::string& l, const std::string& r) {
        return "spdadd 0.0.0.0/0[22] 0.0.0.0/0[any] any -P out none;\nspdadd 0.0.0.0/0[any] "
               "0.0.0.0/0[22] any -P in none;\n"
               "spdadd 0.0.0.0/0[any] 0.0.0.0/0[22] any -P out none;\nspdadd 0.0.0.0/0[22] "
               "0.0.0.0/0[any] any -P in none;\n"
               "spdadd "
             + l + " " + r
             + " any -P out ipsec esp/transport//require;\n"
               "spdadd "
             + r + " " + l + " any -P in ipsec esp/transport//require;\n";
    };
    AttributeRun kame = RunConfiguredByAttributes("setkey",
                                                  sas,
                                                  "setkey",
                                                  spd("host1", "host2"),
                                                  spd("host2", "host1"));
    EXPECT_EQ(kame.replies9, solaris.replies9);
    EXPECT_EQ(kame.replies22, solaris.replies22);
    EXPECT_EQ(kame.espOut, solaris.espOut);
    EXPECT_EQ(kame.clearOut, solaris.clearOut);
}

/// Split text into tokens and the separators between them (kept, so the text re-assembles).
std::vector<std::string>
Pieces(const std::string& text)
{
    std::vector<std::string> out;
    for (size_t i = 0; i < text.size();)
    {
        bool space = std::isspace(static_cast<unsigned char>(text[i])) != 0;
        size_t j = i;
        while (j < text.size() && (std::isspace(static_cast<unsigned char>(text[j])) != 0) == space)
        {
            ++j;
        }
        out.push_back(text.substr(i, j - i));
        i = j;
    }
    return out;
}

TEST_F(ConfigFiles, MutatedFilesLoadWhollyOrFailWithAPositionAndChangeNothing)
{
    // 400 mutations of a valid file per format: tokens deleted, repeated, swapped or replaced
    // (by other tokens, punctuation, huge numbers, bytes that are not ASCII), text cut short or
    // a byte inserted. Each load either succeeds or fails with file:line:column and leaves the
    // databases exactly as they were; nothing crashes.
    const std::pair<IpsecConfigFormat, std::string> bases[] = {
        {IPSECCONF,
         "{laddr 10.1.1.1 raddr 10.1.1.2} ipsec {encr_algs aes encr_auth_algs sha256 sa shared}\n"
         "{lport 22 dir both} bypass {}\n"
         "{laddr 10.1.1.1 dir in} drop {}\n"
         "{raddr 10.2.0.0/16 rport 23 ulp tcp} ipsec {encr_algs 3des encr_auth_algs sha1} or "
         "ipsec {encr_algs aes(128..256) encr_auth_algs sha1}\n"},
        {IPSECKEY,
         "flush esp\n"
         "add esp spi 0x2112 src 10.1.1.1 dst 10.1.1.2 \\\n"
         "    encr_alg aes encrkey 000102030405060708090a0b0c0d0e0f \\\n"
         "    auth_alg sha256 authkey "
         "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f\n"
         "add ah spi 0x300 dst 10.1.1.2 auth_alg sha1 authkey "
         "0102030405060708090a0b0c0d0e0f1011121314 replay 64 soft_addtime 30 hard_addtime 60\n"},
        {SETKEY,
         "flush;\nspdflush;\n"
         "add 10.1.1.1 10.1.1.2 esp 0x2112 -m transport -E aes-cbc "
         "0x000102030405060708090a0b0c0d0e0f -A hmac-sha2-256 "
         "0x101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f;\n"
         "spdadd 0.0.0.0/0[22] 0.0.0.0/0[any] any -P out none;\n"
         "spdadd 10.1.1.1 10.1.1.2 any -P out ipsec esp/transport//require "
         "ah/transport//use;\n"}};
    const std::string junk[] = {"{",
                                "}",
                                ";",
                                "/",
                                "[",
                                "]",
                                "\"",
                                "#",
                                "or",
                                "any",
                                "-1",
                                "0x",
                                "0xg",
                                "..",
                                "\xff\xfe",
                                "\\",
                                "()",
                                "(",
                                "256",
                                "1e99",
                                "99999999999999999999999999",
                                std::string(300, 'a')};
    std::mt19937 random(4242);
    for (const auto& [format, base] : bases)
    {
        ASSERT_TRUE(Load(format, base).ok) << base;
        uint32_t loaded = 0;
        for (uint32_t i = 0; i < 400; ++i)
        {
            // A known state to compare against: one SA, one policy, neither in any base text.
            ipsec->GetSadb()->Flush();
            ipsec->GetSpd()->Flush();
            Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(IpsecProtocol::ESP,
                                                                      0x7777,
                                                                      Ipv4Address("10.1.1.9"),
                                                                      Ipv4Address("10.1.1.1"));
            sa->SetEncryption("aes-gcm-16", IpsecBytes(20, 1));
            ASSERT_EQ(ipsec->GetSadb()->Add(sa), "");
            ipsec->GetSpd()->Add(SecurityPolicy::HostPair(Ipv4Address("10.1.1.1"),
                                                          Ipv4Address("10.1.1.9"),
                                                          {IpsecProtectionRequest()}));

            std::vector<std::string> pieces = Pieces(base);
            for (uint32_t m = 1 + random() % 3; m > 0; --m)
            {
                size_t k = random() % pieces.size();
                switch (random() % 6)
                {
                    case 0:
                        pieces.erase(pieces.begin() + k);
                        break;
                    case 1:
                        pieces.insert(pieces.begin() + k, pieces[k]);
                        break;
                    case 2:
                        std::swap(pieces[k], pieces[random() % pieces.size()]);
                        break;
                    case 3:
                        pieces[k] = pieces[random() % pieces.size()];
                        break;
                    case 4:
                        pieces[k] = junk[random() % std::size(junk)];
                        break;
                    default:
                        pieces[k].insert(random() % (pieces[k].size() + 1),
                                         1,
                                         static_cast<char>(random() % 256));
                        break;
                }
                if (pieces.empty())
                {
                    pieces.push_back("");
                }
            }
            std::string text;
            for (const auto& piece : pieces)
            {
                text += piece;
            }
            if (random() % 8 == 0)
            {
                text.resize(random() % (text.size() + 1)); // cut short anywhere
            }

            IpsecConfigResult r = Load(format, text);
            if (r.ok)
            {
                ++loaded;
                continue;
            }
            EXPECT_EQ(r.error.rfind("test.conf:", 0), 0u) << r.error << "\n" << text;
            EXPECT_NE(r.error.find(": ", 10), std::string::npos) << r.error;
            ASSERT_EQ(ipsec->GetSadb()->GetN(), 1u) << "partial state after: " << r.error << "\n"
                                                    << text;
            ASSERT_EQ(ipsec->GetSpd()->GetN(), 1u) << "partial state after: " << r.error << "\n"
                                                   << text;
            EXPECT_TRUE(
                ipsec->GetSadb()->Contains(IpsecProtocol::ESP, Ipv4Address("10.1.1.1"), 0x7777));
        }
        // Mutations must mostly be caught, though some (a repeated comment, say) stay valid.
        EXPECT_LT(loaded, 200u);
    }
}

TEST(ConfigAttributesDeathTest, BadPolicyTextStopsTheSimulationWithItsPosition)
{
    IPSEC_SKIP_IF_RUN_BY_NS3_TEST_RUNNER();
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            NodeContainer n;
            n.Create(1);
            InternetStackHelper().Install(n);
            Config::SetDefault("ns3::IpsecL3Protocol::PolicyText",
                               StringValue("{lport 22}\n  bypas {}\n"));
            IpsecHelper().Install(n);
            Simulator::Stop(Seconds(1));
            Simulator::Run();
        },
        "IpsecL3Protocol on node 0: PolicyText:2:3: Bad action \"bypas\"");
}

} // namespace
