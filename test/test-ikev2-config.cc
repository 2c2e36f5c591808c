/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IKEv2 configuration (issue 19, plan §5 and §9.3): the strongSwan settings parser, the
 * swanctl.conf reader and the Ikev2Config model's cross-checks. Accepted forms are compared
 * field by field; every error is compared as the exact `file:line:column: message`.
 */
#include "ns3/ikev2-config.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/names.h"
#include "ns3/simple-net-device.h"
#include "ns3/simulator.h"
#include "ns3/strongswan-settings.h"
#include "ns3/swanctl-reader.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// A minimal valid connection and secret, to which a test appends or in which it substitutes.
const std::string kSecret = "secrets { ike-gw { id-a = ns3.example\n id-b = sw.example\n"
                            " secret = psk } }\n";

/**
 * \param text swanctl.conf text
 * \return the error of reading it ("" when it reads)
 */
std::string
Error(const std::string& text)
{
    Ikev2Config config;
    config.source = "untouched";
    Ikev2ConfigResult r = SwanctlReader::Read(text, "swanctl.conf", config);
    // Atomicity: a refused text leaves the configuration as it was.
    EXPECT_EQ(config.source, r.ok ? "swanctl.conf" : "untouched");
    return r.ok ? "" : r.error;
}

/**
 * \param text swanctl.conf text
 * \return the configuration (the test fails when the text is refused)
 */
Ikev2Config
Read(const std::string& text)
{
    Ikev2Config config;
    Ikev2ConfigResult r = SwanctlReader::Read(text, "swanctl.conf", config);
    EXPECT_TRUE(r.ok) << r.error;
    return config;
}

/**
 * \param body the keys of connection "gw" (after its local and remote sections)
 * \return a file with that connection and a matching secret
 */
std::string
Conn(const std::string& body)
{
    return "connections {\n gw {\n  local { auth = psk\n id = ns3.example }\n"
           "  remote { auth = psk\n id = sw.example }\n"
         + body + "\n }\n}\n" + kSecret;
}

/**
 * \param body the keys of child "net" of connection "gw"
 * \return a file with that child
 */
std::string
Child(const std::string& body)
{
    return Conn("  children {\n   net {\n" + body + "\n   }\n  }");
}

/**
 * \param text settings text
 * \return the parse error as `LINE:COLUMN: message`, "" when it parses
 */
std::string
SettingsError(const std::string& text)
{
    try
    {
        StrongswanSettings::Parse(text);
    }
    catch (const IpsecConfigError& e)
    {
        return e.what();
    }
    return "";
}

/**
 * \param selectors traffic selectors
 * \return their charon notation, space-separated
 */
std::string
Ts(const std::vector<Ikev2TrafficSelector>& selectors)
{
    std::string out;
    for (const auto& ts : selectors)
    {
        out += (out.empty() ? "" : " ") + ts.ToString();
    }
    return out;
}

// ------------------------------------------------------------------------ settings syntax

TEST(Ikev2StrongswanSettings, SectionsKeysValuesAndPositions)
{
    auto root = StrongswanSettings::Parse("a = b\n"
                                          "sec-one {\n"
                                          "  somevalue = asdf qwer  # comment\n"
                                          "\tsub { other = \"x \\\"y\\\" \\\\ \\n\" }\n"
                                          "  empty =\n"
                                          "}\n"
                                          "sec-two\n{ x = 12 }\n");
    ASSERT_EQ(root.values.size(), 1u);
    EXPECT_EQ(root.values[0].key.text, "a");
    EXPECT_EQ(root.values[0].value.text, "b");
    EXPECT_EQ(root.values[0].value.line, 1u);
    EXPECT_EQ(root.values[0].value.column, 5u);
    ASSERT_EQ(root.sections.size(), 2u);
    const auto& one = root.sections[0];
    EXPECT_EQ(one.name.text, "sec-one");
    EXPECT_EQ(one.name.line, 2u);
    EXPECT_EQ(one.name.column, 1u);
    ASSERT_NE(one.Find("somevalue"), nullptr);
    EXPECT_EQ(one.Find("somevalue")->value.text, "asdf qwer");
    EXPECT_EQ(one.Find("somevalue")->key.line, 3u);
    EXPECT_EQ(one.Find("somevalue")->key.column, 3u);
    EXPECT_EQ(one.Find("somevalue")->value.column, 15u);
    ASSERT_NE(one.Find("empty"), nullptr);
    EXPECT_EQ(one.Find("empty")->value.text, "");
    EXPECT_EQ(one.Find("nothing"), nullptr);
    ASSERT_EQ(one.sections.size(), 1u);
    const auto* other = one.sections[0].Find("other");
    ASSERT_NE(other, nullptr);
    EXPECT_EQ(other->value.text, "x \"y\" \\ \n");
    EXPECT_TRUE(other->value.quoted);
    EXPECT_EQ(other->value.line, 4u);
    EXPECT_EQ(other->value.column, 16u); // the opening quote; the tab counts as one column
    EXPECT_EQ(root.sections[1].name.text, "sec-two");
    EXPECT_EQ(root.sections[1].Find("x")->value.text, "12");
}

TEST(Ikev2StrongswanSettings, ValuesEndAtBraceOrCommentAndQuotesSpanLines)
{
    auto root = StrongswanSettings::Parse("s { k = v w }\nq = \"two\nlines\" # c\nh = a#b\n");
    EXPECT_EQ(root.sections[0].Find("k")->value.text, "v w");
    EXPECT_EQ(root.Find("q")->value.text, "two\nlines");
    EXPECT_EQ(root.Find("h")->value.text, "a");
}

TEST(Ikev2StrongswanSettings, LaterKeyWinsAndRepeatedSectionsMerge)
{
    auto root = StrongswanSettings::Parse("s {\n a = 1\n b = 2\n}\ns {\n a = 3\n c = 4\n}\n");
    ASSERT_EQ(root.sections.size(), 1u);
    const auto& s = root.sections[0];
    ASSERT_EQ(s.values.size(), 3u);
    EXPECT_EQ(s.values[0].key.text, "a");
    EXPECT_EQ(s.values[0].value.text, "3");
    EXPECT_EQ(s.values[0].value.line, 6u);
    EXPECT_EQ(s.values[1].value.text, "2");
    EXPECT_EQ(s.values[2].value.text, "4");
}

TEST(Ikev2StrongswanSettings, ErrorsWithPositions)
{
    struct Case
    {
        std::string text;
        std::string error;
    };
    const std::vector<Case> cases = {
        {"a {\n b = c\n", "3:1: missing '}': section \"a\" opened at 1:1 is not closed"},
        {"a = b\n}\n", "2:1: '}' without a matching '{'"},
        {"a {\n b = \"abc\n def\n}\n", "2:6: unterminated quoted value (no closing '\"')"},
        {"k = \"a\\qb\"\n",
         "1:7: unknown escape \"\\q\" in a quoted value (known: \\\" \\\\ \\n \\t \\r)"},
        {"k = \"ab\" cd\n", "1:10: unexpected 'c' after the closing quote of \"k\""},
        {"include /etc/swanctl/conf.d/*.conf\n", "1:1: include is not supported: pass one file"},
        {"  include other.conf\n", "1:3: include is not supported: pass one file"},
        {"a : b {\n}\n",
         "1:3: section references (\"a : other\") are not supported: write the settings out"},
        {"a\nb = c\n", "1:2: expected '=' or '{' after \"a\""},
        {"a.b = c\n", "1:2: expected '=' or '{' after \"a\""},
        {"= c\n", "1:1: unexpected '=': expected a section name, a key or '}'"},
        {"a = b\x01\n", "1:6: control character 0x01 in a value"},
        {"k = \"a\x7f\"\n", "1:7: control character 0x7f in a quoted value"},
        {"\"a\" = b\n", "1:1: unexpected '\"': expected a section name, a key or '}'"},
        {"k = \"a\\", "1:7: backslash without an escape in a quoted value"},
    };
    for (const auto& c : cases)
    {
        EXPECT_EQ(SettingsError(c.text), c.error) << c.text;
    }
    EXPECT_EQ(SettingsError("include = 1\ninclude { }\n"), ""); // a key or section so named
}

TEST(Ikev2StrongswanSettings, HostileInputIsRefusedNotCrashed)
{
    const size_t depth = StrongswanSettings::MAX_DEPTH;
    std::string nested;
    for (size_t i = 0; i < depth; ++i)
    {
        nested += "s{";
    }
    EXPECT_EQ(SettingsError(nested + std::string(depth, '}')), "");
    EXPECT_EQ(SettingsError(nested + "s{" + std::string(depth + 1, '}')),
              "1:" + std::to_string(2 * depth + 1) + ": sections nested deeper than "
                  + std::to_string(depth));
    // Far deeper than any stack would take, and never closed.
    std::string deep;
    for (int i = 0; i < 200000; ++i)
    {
        deep += "a{";
    }
    EXPECT_EQ(SettingsError(deep), "1:33: sections nested deeper than 16");
    EXPECT_EQ(SettingsError("k = " + std::string(StrongswanSettings::MAX_VALUE + 1, 'x')),
              "1:5: value longer than 16384 bytes");
    EXPECT_EQ(SettingsError("k = \"" + std::string(StrongswanSettings::MAX_VALUE + 1, 'x') + "\""),
              "1:5: value longer than 16384 bytes");
    EXPECT_EQ(SettingsError(std::string(StrongswanSettings::MAX_TEXT + 1, '#')),
              "1:1: text of 67108865 bytes is too long (at most 67108864)");
    EXPECT_EQ(SettingsError(std::string(StrongswanSettings::MAX_VALUE + 1, 'n') + " = 1"),
              "1:1: name longer than 16384 bytes");
    EXPECT_EQ(SettingsError(std::string("a = b\0c\n", 8)),
              "1:6: control character 0x00 in a value");
    EXPECT_EQ(SettingsError(""), "");
    EXPECT_EQ(SettingsError("\"\"\""),
              "1:1: unexpected '\"': expected a section name, a key or '}'");
    EXPECT_EQ(SettingsError("}}}}"), "1:1: '}' without a matching '{'");
    EXPECT_EQ(SettingsError("k = \""), "1:5: unterminated quoted value (no closing '\"')");
}

// ------------------------------------------------------------------------ swanctl.conf

/// The ns-3 gateway's file of the live interop test (plan §5.2), with a few more keys.
const std::string kGateway = R"(# ns-3 gateway
connections {
  gw { version = 2
       local_addrs = 192.0.2.1
       remote_addrs = 192.0.2.2
       proposals = aes256gcm16-prfsha256-curve25519, aes128-sha256-modp2048
       dpd_delay = 5s
       rekey_time = 2h
       encap = yes
       local { auth = psk
               id = ns3.example }
       remote { auth = psk
                id = sw.example }
       children { net { local_ts = 198.51.100.0/24
                        remote_ts = 203.0.113.0/24
                        esp_proposals = aes256gcm16
                        start_action = trap
                        dpd_action = restart
                        close_action = start
                        rekey_time = 30m
                        life_time = 3600 } } }
}
secrets { ike-gw { id-a = ns3.example
                   id-b = sw.example
                   secret = "interop-psk-0123456789" } }
)";

TEST(Ikev2Swanctl, GatewayToGatewayWithPskAndATunnelChild)
{
    Ikev2Config config = Read(kGateway);
    EXPECT_EQ(config.source, "swanctl.conf");
    ASSERT_EQ(config.peers.size(), 1u);
    const auto& gw = config.peers[0];
    EXPECT_EQ(gw.name, "gw");
    EXPECT_EQ(gw.where.line, 3u);
    EXPECT_EQ(gw.where.column, 3u);
    ASSERT_EQ(gw.localAddrs.size(), 1u);
    EXPECT_EQ(gw.localAddrs[0].ToString(), "192.0.2.1");
    ASSERT_EQ(gw.remoteAddrs.size(), 1u);
    EXPECT_EQ(gw.remoteAddrs[0].ToString(), "192.0.2.2");
    ASSERT_EQ(gw.ikeProposals.size(), 2u);
    EXPECT_EQ(gw.ikeProposals[0].text, "aes256gcm16-prfsha256-curve25519");
    EXPECT_EQ(gw.ikeProposals[0].where.line, 6u);
    EXPECT_EQ(gw.ikeProposals[0].where.column, 20u);
    EXPECT_EQ(gw.ikeProposals[1].text, "aes128-sha256-modp2048");
    EXPECT_EQ(gw.ikeProposals[1].where.column, 54u);
    EXPECT_EQ(gw.dpdDelay, Seconds(5));
    EXPECT_EQ(gw.rekeyTime, Hours(2));
    EXPECT_TRUE(gw.forceEncap);
    EXPECT_EQ(gw.localPort, 500);
    EXPECT_EQ(gw.localId.ToText(), "ns3.example");
    EXPECT_EQ(gw.remoteId.ToText(), "sw.example");
    ASSERT_EQ(gw.children.size(), 1u);
    const auto& net = gw.children[0];
    EXPECT_EQ(net.name, "net");
    EXPECT_EQ(net.mode, IpsecMode::TUNNEL);
    EXPECT_EQ(Ts(net.localTs), "198.51.100.0/24");
    EXPECT_EQ(Ts(net.remoteTs), "203.0.113.0/24");
    ASSERT_EQ(net.espProposals.size(), 1u);
    EXPECT_EQ(net.espProposals[0].text, "aes256gcm16");
    EXPECT_EQ(net.startAction, Ikev2Config::StartAction::TRAP);
    EXPECT_EQ(net.dpdAction, Ikev2Config::DpdAction::RESTART);
    EXPECT_EQ(net.closeAction, Ikev2Config::CloseAction::START);
    EXPECT_EQ(net.rekeyTime, Minutes(30));
    EXPECT_EQ(net.EffectiveLifeTime(), Hours(1));
    ASSERT_EQ(config.secrets.size(), 1u);
    const auto& secret = config.secrets[0];
    EXPECT_EQ(secret.name, "ike-gw");
    ASSERT_EQ(secret.ids.size(), 2u);
    EXPECT_EQ(secret.ids[1].ToText(), "sw.example");
    EXPECT_EQ(std::string(secret.key.begin(), secret.key.end()), "interop-psk-0123456789");
    EXPECT_EQ(config.PskFor(gw), &secret);
}

TEST(Ikev2Swanctl, DefaultsAreStrongswans)
{
    Ikev2Config config = Read(Conn("  children { c { } }"));
    const auto& gw = config.peers[0];
    EXPECT_TRUE(gw.localAddrs.empty());
    EXPECT_TRUE(gw.remoteAddrs.empty());
    EXPECT_TRUE(gw.ikeProposals.empty());
    EXPECT_EQ(gw.rekeyTime, Hours(4));
    EXPECT_EQ(gw.dpdDelay, Seconds(0));
    EXPECT_FALSE(gw.forceEncap);
    EXPECT_EQ(gw.remotePort, 500);
    const auto& c = gw.children[0];
    EXPECT_EQ(c.mode, IpsecMode::TUNNEL);
    EXPECT_TRUE(c.localTs.empty()); // dynamic
    EXPECT_TRUE(c.remoteTs.empty());
    EXPECT_EQ(c.rekeyTime, Hours(1));
    EXPECT_EQ(c.EffectiveLifeTime(), Seconds(3960));
    EXPECT_EQ(c.startAction, Ikev2Config::StartAction::NONE);
    EXPECT_EQ(c.dpdAction, Ikev2Config::DpdAction::CLEAR);
    EXPECT_EQ(c.closeAction, Ikev2Config::CloseAction::NONE);
    EXPECT_EQ(c.replayWindow, 32u);
}

TEST(Ikev2Swanctl, AcceptedForms)
{
    auto gw = [](const std::string& body) {
        return Read(Conn(body)).peers.at(0);
    };
    auto child = [](const std::string& body) {
        return Read(Child(body)).peers.at(0).children.at(0);
    };
    EXPECT_EQ(gw("version = 0").name, "gw");
    EXPECT_EQ(gw("local_addrs = 10.0.0.0/8, 2001:db8::1").localAddrs[1].ToString(), "2001:db8::1");
    EXPECT_EQ(gw("local_addrs = 10.0.0.0/8").localAddrs[0].ToString(), "10.0.0.0/8");
    EXPECT_TRUE(gw("remote_addrs = %any").remoteAddrs[0].address.IsNone());
    EXPECT_EQ(gw("remote_addrs = %any6").remoteAddrs[0].ToString(), "::/0");
    EXPECT_EQ(gw("local_port = 4500\nremote_port = 0x1194").remotePort, 4500);
    EXPECT_TRUE(gw("local_addrs =\nproposals = ").ikeProposals.empty()); // empty: the default
    EXPECT_EQ(gw("rekey_time = 90").rekeyTime, Seconds(90));
    EXPECT_EQ(gw("rekey_time = 1d").rekeyTime, Hours(24));
    EXPECT_EQ(gw("over_time = 10m\nrand_time = 0").overTime, Minutes(10));
    EXPECT_FALSE(gw("encap = no").forceEncap);
    EXPECT_TRUE(gw("encap = true").forceEncap);
    EXPECT_EQ(gw("keyingtries = 0").keyingTries, 0u);
    EXPECT_EQ(gw("reauth_time = 0s\nmobike = no\nfragmentation = yes\nunique = never\n"
                 "send_cert = never\nsend_certreq = no")
                  .name,
              "gw");
    EXPECT_EQ(gw("proposals = \"aes128-sha256-x25519\"").ikeProposals[0].where.column, 14u);
    EXPECT_EQ(child("mode = transport").mode, IpsecMode::TRANSPORT);
    EXPECT_EQ(child("start_action = start").startAction, Ikev2Config::StartAction::START);
    EXPECT_EQ(child("dpd_action = none").dpdAction, Ikev2Config::DpdAction::CLEAR);
    EXPECT_EQ(child("dpd_action = trap").dpdAction, Ikev2Config::DpdAction::TRAP);
    EXPECT_EQ(Ts(child("local_ts = 10.0.0.1-10.0.0.9, 10.1.0.0/16[tcp/80]").localTs),
              "10.0.0.1..10.0.0.9 10.1.0.0/16[tcp/80]");
    EXPECT_EQ(Ts(child("local_ts = 10.0.0.0/24[udp/53]").localTs), "10.0.0.0/24[udp/53]");
    EXPECT_EQ(Ts(child("local_ts = 0.0.0.0/0[udp]").localTs), "0.0.0.0/0[udp]");
    EXPECT_EQ(Ts(child("local_ts = 10.0.0.0/24[6/1000-2000]").localTs),
              "10.0.0.0/24[tcp/1000-2000]");
    EXPECT_EQ(Ts(child("local_ts = 10.1.2.3/16").localTs), "10.1.0.0/16");
    EXPECT_EQ(Ts(child("local_ts = dynamic").localTs), "");
    EXPECT_EQ(Ts(child("local_ts = %any[tcp/22]").localTs), "0.0.0.0/0[tcp/22] ::/0[tcp/22]");
    EXPECT_EQ(Ts(child("local_ts = %any6").localTs), "::/0");
    EXPECT_EQ(Ts(child("local_ts = %any4[udp]").localTs), "0.0.0.0/0[udp]");
    auto c = child("rekey_bytes = 1000\nlife_bytes = 2000\nrekey_packets = 10\nlife_packets = 20\n"
                   "replay_window = 128\nrand_time = 1m\nipcomp = no\nhw_offload = no\n"
                   "policies = yes");
    EXPECT_EQ(c.rekeyBytes, 1000u);
    EXPECT_EQ(c.lifeBytes, 2000u);
    EXPECT_EQ(c.rekeyPackets, 10u);
    EXPECT_EQ(c.lifePackets, 20u);
    EXPECT_EQ(c.replayWindow, 128u);
    EXPECT_EQ(c.randTime, Minutes(1));
}

TEST(Ikev2Swanctl, Ipv6AddressesAndSelectors)
{
    Ikev2Config config = Read(R"(connections {
  v6 {
    local_addrs = 2001:db8:1::1
    remote_addrs = 2001:db8:2::1
    local { auth = psk }
    remote { auth = psk
             id = 2001:db8:2::1 }
    children {
      net {
        local_ts = 2001:db8:a::/48, 2001:db8:c::1-2001:db8:c::9
        remote_ts = 2001:db8:b::/48[ipv6-icmp/128]
      }
    }
  }
}
secrets { ike-1 { id = 2001:db8:1::1
                  id-peer = 2001:db8:2::1
                  secret = 0x0123456789abcdef } }
)");
    const auto& v6 = config.peers.at(0);
    EXPECT_EQ(v6.localAddrs.at(0).ToString(), "2001:db8:1::1");
    EXPECT_EQ(v6.EffectiveLocalId().ToText(), "2001:db8:1::1"); // no id: the IKE address
    EXPECT_EQ(v6.remoteId.GetType(), Ikev2IdType::IPV6_ADDR);
    const auto& net = v6.children.at(0);
    EXPECT_EQ(Ts(net.localTs), "2001:db8:a::/48 2001:db8:c::1..2001:db8:c::9");
    ASSERT_EQ(net.remoteTs.size(), 1u);
    EXPECT_EQ(net.remoteTs[0].GetType(), Ikev2TsType::IPV6_ADDR_RANGE);
    EXPECT_EQ(net.remoteTs[0].GetIpProtocol(), 58);
    EXPECT_EQ(net.remoteTs[0].GetStartPort(), 128 << 8);
    EXPECT_EQ(net.remoteTs[0].GetEndPort(), (128 << 8) | 0xff);
    EXPECT_EQ(config.secrets.at(0).key,
              (IpsecBytes{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}));
}

TEST(Ikev2Swanctl, NodeNamesResolveToTheNodesAddresses)
{
    Ptr<Node> node = CreateObject<Node>();
    InternetStackHelper().Install(node);
    Ptr<SimpleNetDevice> device = CreateObject<SimpleNetDevice>();
    device->SetAddress(Mac48Address::Allocate());
    node->AddDevice(device);
    Ipv4AddressHelper addresses("192.0.2.0", "255.255.255.0");
    addresses.Assign(NetDeviceContainer(device));
    Names::Add("gw-a", node);
    Ikev2Config config = Read(Conn("remote_addrs = gw-a"));
    ASSERT_EQ(config.peers.at(0).remoteAddrs.size(), 1u);
    EXPECT_EQ(config.peers.at(0).remoteAddrs[0].ToString(), "192.0.2.1");
    Names::Clear();
    Simulator::Destroy();
}

TEST(Ikev2Swanctl, SecretEncodings)
{
    auto key = [](const std::string& secret) {
        Ikev2Config c
            = Read(Conn("") + "secrets { ike-x { id = ns3.example\n secret = " + secret + " } }\n");
        return c.secrets.at(1).key;
    };
    EXPECT_EQ(key("0sAQID"), (IpsecBytes{1, 2, 3}));
    EXPECT_EQ(key("0sAQIDBA=="), (IpsecBytes{1, 2, 3, 4}));
    EXPECT_EQ(key("0xA0b1"), (IpsecBytes{0xa0, 0xb1}));
    EXPECT_EQ(key("\"a b\\\"\""), (IpsecBytes{'a', ' ', 'b', '"'}));
    EXPECT_EQ(key("plain text"), (IpsecBytes{'p', 'l', 'a', 'i', 'n', ' ', 't', 'e', 'x', 't'}));
}

TEST(Ikev2Swanctl, ErrorsWithPositions)
{
    struct Case
    {
        std::string text;
        std::string error;
    };
    // Lines of Conn(): 1 connections, 2 gw, 3 local, 4 id, 5 remote, 6 id, 7 the body.
    // Lines of Child(): 7 children, 8 net, 9 the body.
    const std::vector<Case> cases = {
        {Conn("version = 1"), "swanctl.conf:7:11: version = 1: IKEv1 is not modelled (use 2)"},
        {Conn("version = 3"), "swanctl.conf:7:11: bad version \"3\" (expected 0 or 2)"},
        {Conn("verison = 2"),
         "swanctl.conf:7:1: unknown keyword \"verison\" in connection \"gw\" (expected one of: "
         "version, local_addrs, remote_addrs, local_port, remote_port, proposals, encap, "
         "dpd_delay, rekey_time, over_time, rand_time, keyingtries, reauth_time, mobike, "
         "fragmentation, unique, send_cert, send_certreq, local, remote, children)"},
        {Conn("  aggressive = yes"),
         "swanctl.conf:7:3: \"aggressive\" is not supported: Aggressive Mode is IKEv1 only"},
        {Conn("  pools = p1"),
         "swanctl.conf:7:3: \"pools\" is not supported: virtual IPs (configuration payloads) are "
         "not supported by this model"},
        {Conn("  vips = 0.0.0.0"),
         "swanctl.conf:7:3: \"vips\" is not supported: virtual IPs (configuration payloads) are "
         "not supported by this model"},
        {Conn("reauth_time = 1h"),
         "swanctl.conf:7:15: reauth_time = 1h: reauthentication is not implemented; use "
         "rekey_time"},
        {Conn("mobike = yes"),
         "swanctl.conf:7:10: mobike = yes: MOBIKE (RFC 4555) is not implemented; set mobike = no"},
        {Conn("unique = replace"),
         "swanctl.conf:7:10: unique = replace: uniqueness policies are not modelled (no or never "
         "only)"},
        {Conn("encap = maybe"),
         "swanctl.conf:7:9: bad encap \"maybe\" (expected yes, true, enabled, 1, no, false, "
         "disabled, 0)"},
        {Conn("dpd_delay = 1w"),
         "swanctl.conf:7:13: bad dpd_delay \"1w\": expected seconds, or a number with s, m, h or "
         "d"},
        {Conn("dpd_delay = -5"),
         "swanctl.conf:7:13: bad dpd_delay \"-5\": expected seconds, or a number with s, m, h or "
         "d"},
        {Conn("rekey_time = 99999999999"),
         "swanctl.conf:7:14: bad rekey_time \"99999999999\": expected seconds, or a number with "
         "s, m, h or d"},
        {Conn("rekey_time = 9999999999d"),
         "swanctl.conf:7:14: rekey_time \"9999999999d\" is too long (at most 2147483648s)"},
        {Conn("local_port = 65536"),
         "swanctl.conf:7:14: bad local_port \"65536\": expected a number from 0 to 65535"},
        {Conn("local_addrs = 192.0.2.300"), "swanctl.conf:7:15: bad IPv4 address \"192.0.2.300\""},
        {Conn("local_addrs = nosuchnode"),
         "swanctl.conf:7:15: unknown host \"nosuchnode\": neither an IPv4 address nor a node "
         "name in ns3::Names"},
        {Conn("local_addrs = 192.0.2.1, 10.0.0.0/33"),
         "swanctl.conf:7:26: bad prefix length \"33\" (0-32 for IPv4)"},
        {Conn("local_addrs = 192.0.2.1,,192.0.2.2"),
         "swanctl.conf:7:25: empty item in the local_addrs list"},
        {Conn("local_addrs = 10.0.0.1-10.0.0.5"),
         "swanctl.conf:7:15: address range \"10.0.0.1-10.0.0.5\" is not supported in local_addrs: "
         "use a subnet"},
        {Conn("local_addrs = 2001:db8::1-2001:db8::9"),
         "swanctl.conf:7:15: address range \"2001:db8::1-2001:db8::9\" is not supported in "
         "local_addrs: use a subnet"},
        {Conn("local_addrs = 10.0.0.1-2001:db8::9"),
         "swanctl.conf:7:15: address range \"10.0.0.1-2001:db8::9\" is not supported in "
         "local_addrs: use a subnet"},
        {Conn("remote_addrs = gw-b"),
         "swanctl.conf:7:16: unknown host \"gw-b\": neither an IPv4 address nor a node name in "
         "ns3::Names"},
        {Conn("proposals = aes128-sha256-modp2048,"),
         "swanctl.conf:7:36: empty item in the proposals list"},
        {Conn("  children = net"), "swanctl.conf:7:3: \"children\" is a section: children { ... }"},
        {Conn("  frobnicate { }"),
         "swanctl.conf:7:3: unknown section \"frobnicate\" in connection \"gw\" (expected local, "
         "remote or children)"},
        {Conn("  local-2 { auth = psk }"),
         "swanctl.conf:7:3: \"local-2\": multiple authentication rounds (RFC 4739) are not "
         "supported"},
        {Conn("  children { mode = tunnel }"),
         "swanctl.conf:7:14: \"mode\" directly in children: put it in a child section (children { "
         "NAME { ... } })"},
        {"connections {\n gw {\n  local { auth = pubkey }\n remote { auth = psk }\n }\n}\n",
         "swanctl.conf:3:18: auth \"pubkey\" is not supported: only psk is supported"},
        {"connections {\n gw {\n  local { auth = eap-mschapv2 }\n }\n}\n",
         "swanctl.conf:3:18: auth \"eap-mschapv2\" is not supported: only psk is supported"},
        {"connections {\n gw {\n  local { id = a }\n  remote { auth = psk }\n }\n}\n",
         "swanctl.conf:3:3: local: auth defaults to pubkey, which is not supported: set auth = "
         "psk"},
        {"connections {\n gw {\n  local { auth = psk\n certs = a.pem }\n }\n}\n",
         "swanctl.conf:4:2: \"certs\" is not supported: certificates are not supported (auth = psk "
         "only)"},
        {"connections {\n gw {\n  local { auth = psk\n cert-1 { file = a.pem } }\n }\n}\n",
         "swanctl.conf:4:2: \"cert-1\" is not supported in local: certificates are not supported "
         "(auth = psk only)"},
        {"connections {\n gw {\n  local { auth = psk\n idd = x }\n }\n}\n",
         "swanctl.conf:4:2: unknown keyword \"idd\" in local of connection \"gw\" (expected one "
         "of: auth, id)"},
        {"connections {\n gw {\n  local { auth = psk\n id = \"C=CH, CN=x\" }\n }\n}\n",
         "swanctl.conf:4:7: bad id: \"C=CH, CN=x\": DN identities need a DER encoding and "
         "certificates; not modelled"},
        {"connections {\n gw {\n  local { auth = psk\n id = }\n }\n}\n",
         "swanctl.conf:4:7: bad id: empty identity"},
        {"connections {\n gw {\n  local { auth = psk }\n }\n}\n",
         "swanctl.conf:2:2: connection \"gw\" has no remote section: add one with auth = psk"},
        {Child("mode = beet"), "swanctl.conf:9:8: mode = beet: BEET mode is not supported"},
        {Child("mode = pass"),
         "swanctl.conf:9:8: mode = pass: shunt policies (pass, drop) are not supported: use the "
         "SPD"},
        {Child("mode = tunel"),
         "swanctl.conf:9:8: bad mode \"tunel\" (expected tunnel, transport)"},
        {Child("start_action = route"),
         "swanctl.conf:9:16: bad start_action \"route\" (expected none, trap, start)"},
        {Child("start_action = trap|start"),
         "swanctl.conf:9:16: start_action = trap|start: trap|start is not supported: choose trap "
         "or start"},
        {Child("dpd_action = hold"),
         "swanctl.conf:9:14: bad dpd_action \"hold\" (expected clear, none, trap, restart, start)"},
        {Child("close_action = clear"),
         "swanctl.conf:9:16: bad close_action \"clear\" (expected none, trap, start)"},
        {Child("ah_proposals = sha256"),
         "swanctl.conf:9:1: \"ah_proposals\" is not supported: AH Child SAs are not negotiated "
         "by this model yet: use esp_proposals"},
        {Child("updown = /usr/lib/ipsec/_updown iptables"),
         "swanctl.conf:9:1: \"updown\" is not supported: scripts are not run"},
        {Child("ipcomp = yes"),
         "swanctl.conf:9:10: ipcomp = yes: IPComp is not implemented; set ipcomp = no"},
        {Child("policies = no"),
         "swanctl.conf:9:12: policies = no: children always install their policies; set "
         "policies = yes"},
        {Child("local_tss = 10.0.0.0/8"),
         "swanctl.conf:9:1: unknown keyword \"local_tss\" in child \"gw.net\" (expected one of: "
         "local_ts, remote_ts, esp_proposals, mode, start_action, dpd_action, close_action, "
         "rekey_time, life_time, rand_time, rekey_bytes, life_bytes, rekey_packets, "
         "life_packets, replay_window, ipcomp, hw_offload, policies)"},
        {Child("local_ts = 10.1.0.0/33"),
         "swanctl.conf:9:12: bad traffic selector \"10.1.0.0/33\" (expected a subnet, an address "
         "or a range a-b, with an optional [protocol/port])"},
        {Child("local_ts = 10.0.0.0/8, 10.0.0.9-10.0.0.1"),
         "swanctl.conf:9:24: bad traffic selector \"10.0.0.9-10.0.0.1\" (expected a subnet, an "
         "address or a range a-b, with an optional [protocol/port])"},
        {Child("remote_ts = 10.0.0.0/8[tcp/80"),
         "swanctl.conf:9:13: missing ']' in traffic selector \"10.0.0.0/8[tcp/80\""},
        {Child("remote_ts = 10.0.0.0/8[tpc/80]"),
         "swanctl.conf:9:13: unknown protocol \"tpc\" in traffic selector \"10.0.0.0/8[tpc/80]\""},
        {Child("remote_ts = 10.0.0.0/8[tcp/nosuch]"),
         "swanctl.conf:9:13: bad port \"nosuch\" in traffic selector \"10.0.0.0/8[tcp/nosuch]\""},
        {Child("remote_ts = 10.0.0.0/8[tcp/90-80]"),
         "swanctl.conf:9:13: bad port range \"90-80\" in traffic selector "
         "\"10.0.0.0/8[tcp/90-80]\""},
        {Child("remote_ts = 10.0.0.0/8[icmp/256]"),
         "swanctl.conf:9:13: bad ICMP type \"256\" in traffic selector \"10.0.0.0/8[icmp/256]\""},
        {Child("mode = transport_proxy"),
         "swanctl.conf:9:8: mode = transport_proxy: Mobile IPv6 transport proxy mode is not "
         "supported"},
        {Child("remote_ts = 10.0.0.0/8[udp/opaque]"),
         "swanctl.conf:9:13: OPAQUE ports (RFC 4301) are not supported in traffic selector "
         "\"10.0.0.0/8[udp/opaque]\""},
        {Child("remote_ts = 10.0.0.0/8[/80]"),
         "swanctl.conf:9:13: a port needs a protocol in traffic selector \"10.0.0.0/8[/80]\""},
        {Child("remote_ts = dynamic, 10.0.0.0/8"),
         "swanctl.conf:9:13: dynamic cannot be combined with other selectors in remote_ts"},
        {Child("replay_window = 5000"),
         "swanctl.conf:9:17: bad replay_window \"5000\": expected a number from 0 to 4096"},
        {Child("   sub { }"), "swanctl.conf:9:4: unknown section \"sub\" in child \"gw.net\""},
        {"pools { p { addrs = 10.3.0.0/16 } }\n",
         "swanctl.conf:1:1: \"pools\" is not supported: virtual IP pools (configuration "
         "payloads) are not supported by this model"},
        {"authorities { }\n",
         "swanctl.conf:1:1: \"authorities\" is not supported: certification authorities are not "
         "supported (auth = psk only)"},
        {"connection { }\n",
         "swanctl.conf:1:1: unknown section \"connection\" (expected one of: connections, "
         "secrets)"},
        {"version = 2\n",
         "swanctl.conf:1:1: unexpected key \"version\" at the top level (expected connections { } "
         "or secrets { })"},
        {"connections = x\n",
         "swanctl.conf:1:1: \"connections\" is a section: connections { ... }"},
        {"connections { version = 2 }\n",
         "swanctl.conf:1:15: \"version\" directly in connections: put it in a connection section "
         "(connections { NAME { ... } })"},
        {"secrets { eap-a { secret = x } }\n",
         "swanctl.conf:1:11: secret \"eap-a\" is not supported: only ike secrets (pre-shared "
         "keys) are supported"},
        {"secrets { rsa-a { file = k.pem } }\n",
         "swanctl.conf:1:11: secret \"rsa-a\" is not supported: private keys are not supported: "
         "only ike secrets (pre-shared keys) are"},
        {"secrets { foo { } }\n",
         "swanctl.conf:1:11: secret \"foo\" is not supported: unknown secret type (only ike "
         "secrets are supported)"},
        {"secrets { ike-a { id = a\n secret = 0x123 } }\n",
         "swanctl.conf:2:11: bad hex secret: an odd number of digits or a non-hex character"},
        {"secrets { ike-a { id = a\n secret = 0xzz } }\n",
         "swanctl.conf:2:11: bad hex secret: an odd number of digits or a non-hex character"},
        {"secrets { ike-a { id = a\n secret = 0s*** } }\n",
         "swanctl.conf:2:11: bad base64 in secret"},
        {"secrets { ike-a { id = a\n sercet = x } }\n",
         "swanctl.conf:2:2: unknown keyword \"sercet\" in secret \"ike-a\" (expected one of: "
         "secret, id*)"},
        {"secrets { ike-a { secret = x } }\n",
         "swanctl.conf:1:11: secret \"ike-a\" has no id: name the identities that share it (id = "
         "...)"},
        {"secrets { ike-a { id = a } }\n", "swanctl.conf:1:11: secret \"ike-a\" has no key"},
        {"connections {\n gw {\n  local { auth = psk\n id = a.example }\n"
         "  remote { auth = psk\n id = b.example }\n }\n}\nsecrets { ike { id = c.example\n"
         "secret = x } }\n",
         "swanctl.conf:2:2: connection \"gw\" has auth = psk but no secret matches its identities "
         "(a.example, b.example)"},
        {Child("life_time = 30m"),
         "swanctl.conf:8:4: child \"gw.net\": life_time (1800s) must be longer than rekey_time "
         "(3600s)"},
        {Child("local_ts = 10.0.0.0/8\nremote_ts = 2001:db8::/32"),
         "swanctl.conf:8:4: child \"gw.net\": local_ts and remote_ts have no address family in "
         "common"},
        {Conn("local_addrs = 192.0.2.1\nremote_addrs = 2001:db8::2"),
         "swanctl.conf:2:2: connection \"gw\": local_addrs and remote_addrs have no address "
         "family in common"},
        // The settings parser's errors come through with the file name.
        {"connections {\n gw {\n",
         "swanctl.conf:3:1: missing '}': section \"gw\" opened at 2:2 is "
         "not closed"},
        {"include conf.d/*.conf\n", "swanctl.conf:1:1: include is not supported: pass one file"},
    };
    for (const auto& c : cases)
    {
        EXPECT_EQ(Error(c.text), c.error) << c.text;
    }
}

TEST(Ikev2Swanctl, AtomicOnAnErrorInTheLastLine)
{
    Ikev2Config config = Read(kGateway);
    ASSERT_EQ(config.peers.size(), 1u);
    Ikev2ConfigResult r
        = SwanctlReader::Read(kGateway + "connections { other { mobike = yes } }\n", "x", config);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error,
              "x:26:32: mobike = yes: MOBIKE (RFC 4555) is not implemented; set mobike = no");
    EXPECT_EQ(config.source, "swanctl.conf"); // the earlier configuration, untouched
    EXPECT_EQ(config.peers.size(), 1u);
}

TEST(Ikev2Swanctl, ReadFileNamesTheFile)
{
    Ikev2Config config;
    Ikev2ConfigResult r = SwanctlReader::ReadFile("/nonexistent/swanctl.conf", config);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, "/nonexistent/swanctl.conf: cannot open the file");
}

TEST(Ikev2Swanctl, HostileInputIsRefusedNotCrashed)
{
    std::string deep = "connections {\n";
    for (int i = 0; i < 100; ++i)
    {
        deep += "c {\n";
    }
    EXPECT_EQ(Error(deep), "swanctl.conf:17:1: sections nested deeper than 16");
    EXPECT_EQ(Error(Conn("proposals = " + std::string(20000, 'a'))),
              "swanctl.conf:7:13: value longer than 16384 bytes");
    EXPECT_EQ(Error("connections { gw { local { auth = \"psk\n"),
              "swanctl.conf:1:35: unterminated quoted value (no closing '\"')");
    // Every prefix of a valid file reads or fails with a position; none crashes.
    for (size_t n = 0; n <= kGateway.size(); ++n)
    {
        std::string e = Error(kGateway.substr(0, n));
        EXPECT_TRUE(e.empty() || e.rfind("swanctl.conf:", 0) == 0) << e;
    }
    // Every byte value at every position of a short file.
    const std::string small = Conn("children { c { local_ts = 10.0.0.0/8 } }");
    for (size_t at = 0; at < small.size(); at += 7)
    {
        for (int b = 0; b < 256; b += 5)
        {
            std::string mutated = small;
            mutated[at] = char(b);
            std::string e = Error(mutated);
            EXPECT_TRUE(e.empty() || e.rfind("swanctl.conf:", 0) == 0) << e;
        }
    }
}

// ------------------------------------------------------------------------ model checks

TEST(Ikev2ConfigModel, ValidateCatchesWhatCodeCanBuild)
{
    Ikev2Config config;
    config.source = "built";
    Ikev2Config::Peer peer;
    peer.name = "a";
    peer.where = {3, 4};
    std::string error;
    ASSERT_TRUE(Ikev2Identity::FromText("a.example", peer.localId, error));
    config.peers.push_back(peer);
    EXPECT_EQ(config.Validate().error,
              "built:3:4: connection \"a\" has auth = psk but no secret matches its identities "
              "(a.example, %any)");
    Ikev2Config::Secret secret;
    secret.name = "s";
    secret.ids = {peer.localId};
    secret.key = {1};
    config.secrets.push_back(secret);
    EXPECT_TRUE(config.Validate().ok) << config.Validate().error;
    config.peers.push_back(peer);
    EXPECT_EQ(config.Validate().error, "built:3:4: connection \"a\" defined twice");
    config.peers.pop_back();
    Ikev2Config::Child child;
    child.name = "c";
    child.where = {7, 1};
    config.peers[0].children = {child, child};
    EXPECT_EQ(config.Validate().error, "built:7:1: child \"a.c\" defined twice");
    config.peers[0].children = {child};
    config.peers[0].children[0].rekeyBytes = 100;
    config.peers[0].children[0].lifeBytes = 100;
    EXPECT_EQ(config.Validate().error,
              "built:7:1: child \"a.c\": life_bytes and life_packets must be above rekey_bytes "
              "and rekey_packets");
    config.peers[0].children[0].lifeBytes = 0;
    EXPECT_TRUE(config.Validate().ok);
    config.secrets.push_back(secret);
    EXPECT_EQ(config.Validate().error, "built:0:0: secret \"s\" defined twice");
}

TEST(Ikev2ConfigModel, PskForPrefersTheSecretNamingBothIdentities)
{
    Ikev2Config config = Read(Conn("")
                              + "secrets { ike-both { id-1 = ns3.example\n"
                                "id-2 = sw.example\nsecret = both }\n"
                                "ike-one { id = sw.example\nsecret = one } }\n");
    const auto* psk = config.PskFor(config.peers.at(0));
    ASSERT_NE(psk, nullptr);
    EXPECT_EQ(psk->name, "ike-gw"); // the first of the equally good ones
    config.secrets.erase(config.secrets.begin());
    EXPECT_EQ(config.PskFor(config.peers.at(0))->name, "ike-both");
    config.secrets.erase(config.secrets.begin());
    EXPECT_EQ(config.PskFor(config.peers.at(0))->name, "ike-one");
}

} // namespace
