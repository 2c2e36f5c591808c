/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-config-names.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace ns3
{

namespace
{
struct NamedValue
{
    const char* name;
    uint16_t value;
};

// /etc/protocols (the names IPsec configurations use).
const NamedValue g_protocols[] = {
    {"ip", 0},       {"icmp", 1},        {"igmp", 2},       {"ggp", 3},       {"ipip", 4},
    {"ipencap", 4},  {"ip4", 4},         {"st", 5},         {"tcp", 6},       {"egp", 8},
    {"pup", 12},     {"udp", 17},        {"hmp", 20},       {"xns-idp", 22},  {"rdp", 27},
    {"ipv6", 41},    {"ipv6-route", 43}, {"ipv6-frag", 44}, {"rsvp", 46},     {"gre", 47},
    {"esp", 50},     {"ipsec-esp", 50},  {"ah", 51},        {"ipsec-ah", 51}, {"ipv6-icmp", 58},
    {"icmp6", 58},   {"ipv6-nonxt", 59}, {"ipv6-opts", 60}, {"eigrp", 88},    {"ospf", 89},
    {"ospfigp", 89}, {"etherip", 97},    {"encap", 98},     {"pim", 103},     {"ipcomp", 108},
    {"vrrp", 112},   {"l2tp", 115},      {"sctp", 132},     {"udplite", 136}, {"mpls-in-ip", 137},
};

// /etc/services (TCP/UDP names seen in IPsec policies).
const NamedValue g_services[] = {
    {"echo", 7},           {"discard", 9},       {"daytime", 13},  {"ftp-data", 20},
    {"ftp", 21},           {"ssh", 22},          {"telnet", 23},   {"smtp", 25},
    {"time", 37},          {"domain", 53},       {"dns", 53},      {"bootps", 67},
    {"bootpc", 68},        {"tftp", 69},         {"gopher", 70},   {"finger", 79},
    {"http", 80},          {"www", 80},          {"kerberos", 88}, {"pop3", 110},
    {"sunrpc", 111},       {"nntp", 119},        {"ntp", 123},     {"netbios-ns", 137},
    {"netbios-dgm", 138},  {"netbios-ssn", 139}, {"imap", 143},    {"snmp", 161},
    {"snmp-trap", 162},    {"bgp", 179},         {"ldap", 389},    {"https", 443},
    {"microsoft-ds", 445}, {"isakmp", 500},      {"ike", 500},     {"syslog", 514},
    {"submission", 587},   {"ldaps", 636},       {"imaps", 993},   {"pop3s", 995},
    {"l2tp", 1701},        {"radius", 1812},     {"nfs", 2049},    {"ipsec-nat-t", 4500},
    {"nat-t-ike", 4500},   {"sip", 5060},        {"iperf", 5001},
};

// ipsecconf's ICMP type keywords (IPv4).
const NamedValue g_icmpTypes[] = {
    {"echorep", 0},
    {"unreach", 3},
    {"squench", 4},
    {"redir", 5},
    {"echo", 8},
    {"timex", 11},
    {"paramprob", 12},
    {"timest", 13},
    {"timestrep", 14},
    {"inforeq", 15},
    {"inforep", 16},
    {"maskreq", 17},
    {"maskrep", 18},
};

// ipsecconf's ICMP code keywords (IPv4, destination unreachable).
const NamedValue g_icmpCodes[] = {
    {"net-unr", 0},
    {"host-unr", 1},
    {"proto-unr", 2},
    {"port-unr", 3},
    {"needfrag", 4},
    {"srcfail", 5},
    {"net-unk", 6},
    {"host-unk", 7},
    {"isolate", 8},
    {"net-prohib", 9},
    {"host-prohib", 10},
    {"net-tos", 11},
    {"host-tos", 12},
    {"filter-prohib", 13},
    {"host-preced", 14},
    {"cutoff-preced", 15},
};

// ipsecconf's ICMPv6 type keywords (RFC 4443, RFC 4861).
const NamedValue g_icmpv6Types[] = {
    {"unreach6", 1},
    {"pkttoobig6", 2},
    {"timex6", 3},
    {"paramprob6", 4},
    {"echo6", 128},
    {"echorep6", 129},
    {"router-sol6", 133},
    {"router-ad6", 134},
    {"neigh-sol6", 135},
    {"neigh-ad6", 136},
    {"redir6", 137},
};

// ipsecconf's ICMPv6 code keywords (of destination unreachable, time exceeded and parameter
// problem).
const NamedValue g_icmpv6Codes[] = {
    {"no-route6", 0},
    {"adm-prohib6", 1},
    {"addr-unr6", 3},
    {"port-unr6", 4},
    {"hop-limex6", 0},
    {"frag-re-timex6", 1},
    {"err-head6", 0},
    {"unrec-head6", 1},
    {"unreq-opt6", 2},
};

template <size_t N>
std::optional<uint16_t>
Lookup(const NamedValue (&table)[N], const std::string& name)
{
    std::string lower = IpsecConfigNames::Lower(name);
    for (const auto& entry : table)
    {
        if (lower == entry.name)
        {
            return entry.value;
        }
    }
    return std::nullopt;
}

std::optional<uint64_t>
Bounded(const std::string& text, uint64_t max)
{
    std::optional<uint64_t> n = IpsecConfigNames::Number(text);
    if (n && *n <= max)
    {
        return n;
    }
    return std::nullopt;
}
} // namespace

std::string
IpsecConfigNames::Lower(const std::string& text)
{
    std::string r(text);
    std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return std::tolower(c); });
    return r;
}

std::optional<uint64_t>
IpsecConfigNames::Number(const std::string& text)
{
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])))
    {
        return std::nullopt;
    }
    int base = 10;
    size_t start = 0;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    {
        base = 16;
        start = 2;
    }
    else if (text.size() > 1 && text[0] == '0')
    {
        base = 8;
        start = 1;
    }
    uint64_t value = 0;
    for (size_t i = start; i < text.size(); ++i)
    {
        char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
        int digit;
        if (c >= '0' && c <= '9')
        {
            digit = c - '0';
        }
        else if (c >= 'a' && c <= 'f')
        {
            digit = 10 + c - 'a';
        }
        else
        {
            return std::nullopt;
        }
        if (digit >= base || value > (UINT64_MAX - digit) / base)
        {
            return std::nullopt;
        }
        value = value * base + digit;
    }
    return value;
}

std::optional<uint8_t>
IpsecConfigNames::Protocol(const std::string& text)
{
    if (auto n = Bounded(text, 255))
    {
        return static_cast<uint8_t>(*n);
    }
    if (auto v = Lookup(g_protocols, text))
    {
        return static_cast<uint8_t>(*v);
    }
    return std::nullopt;
}

std::string
IpsecConfigNames::ProtocolName(uint8_t protocol)
{
    for (const auto& entry : g_protocols)
    {
        if (entry.value == protocol)
        {
            return entry.name;
        }
    }
    return std::to_string(protocol);
}

std::optional<uint16_t>
IpsecConfigNames::Service(const std::string& text)
{
    if (auto n = Bounded(text, 65535))
    {
        return static_cast<uint16_t>(*n);
    }
    return Lookup(g_services, text);
}

std::optional<uint8_t>
IpsecConfigNames::IcmpType(const std::string& text, bool icmpv6)
{
    if (auto n = Bounded(text, 255))
    {
        return static_cast<uint8_t>(*n);
    }
    if (auto v = icmpv6 ? Lookup(g_icmpv6Types, text) : Lookup(g_icmpTypes, text))
    {
        return static_cast<uint8_t>(*v);
    }
    return std::nullopt;
}

std::optional<uint8_t>
IpsecConfigNames::IcmpCode(const std::string& text, bool icmpv6)
{
    if (auto n = Bounded(text, 254))
    {
        return static_cast<uint8_t>(*n);
    }
    if (auto v = icmpv6 ? Lookup(g_icmpv6Codes, text) : Lookup(g_icmpCodes, text))
    {
        return static_cast<uint8_t>(*v);
    }
    return std::nullopt;
}

bool
IpsecConfigNames::IsIcmpv6Keyword(const std::string& text)
{
    return Lookup(g_icmpv6Types, text) || Lookup(g_icmpv6Codes, text);
}

bool
IpsecConfigNames::IsIcmpKeyword(const std::string& text)
{
    return Lookup(g_icmpTypes, text) || Lookup(g_icmpCodes, text);
}

bool
IpsecConfigNames::LooksLikeIpv6(const std::string& text)
{
    return text.find(':') != std::string::npos;
}

} // namespace ns3
