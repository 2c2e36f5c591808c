/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief Fuzz harness `node-receive6`: fuzzed IPv6 datagrams (and IPv4 ones carrying IPv6)
 * delivered into a dual-stack node with IPsec, through Ipv6L3Protocol::Receive (or
 * Ipv4L3Protocol::Receive) of one of its devices, then Simulator::Run for the delivery and what
 * it sets off (replies, ICMPv6 errors, TCP handshakes, forwarding, protected replies verified by
 * the peer). The IPv6 counterpart of `node-receive`.
 *
 * Topology, every link dual-stack (IPv4 .1 on the left end of each link; IPv6 addresses from
 * the devices' MAC addresses, read back after assignment):
 *
 *     A ==== link 1 10.1.1.0/24 2001:1::/64 ==== B ---- LAN 10.2.1.0/24 2001:2::/64 ---- H
 *       ==== link 2 10.1.2.0/24 2001:6::/64 ====
 *
 * B, the node under test, and A run IPsec, configured with setkey text generated below from
 * the addresses the world got: transport-mode SAs and policies between A and B over IPv6 per
 * upper-layer protocol and port (ESP AES-GCM, ESP AES-CBC + HMAC-SHA-256, ESP NULL +
 * HMAC-SHA-256, AH HMAC-SHA-256, AH AES-GMAC, ESP inside AH), cleartext ports (UDP 7, TCP 22),
 * and policy-based tunnels with B the gateway of the LAN: 6-in-6 ESP on link 1 for
 * 2001:3::/64, 6-in-6 AH on link 2 for 2001:5::/64, 4-in-6 ESP on link 2 for 10.3.0.0/16, and
 * 6-in-4 ESP on link 1 for 2001:4::/64. H has no IPsec. UDP and TCP sinks listen on B and H,
 * on both families.
 *
 * An input is a byte of IpsecL3Protocol attributes of B (AhClearTos, CheckPadding, Ecn,
 * IcmpAcceptClear, DfBit) and up to 10 records, each a datagram delivered at a fuzzed time on a
 * fuzzed device of B:
 *  - raw: a mostly valid IPv6 header (addresses from a list, fuzzed traffic class, flow label,
 *    hop limit, payload length right or fuzzed), well-formed extension headers (hop-by-hop,
 *    destination options with fuzzed option types, routing, fragment), then fuzzed bytes
 *    behind a next header the input picks (ESP, AH, UDP, TCP, ICMPv6, 4, 41, ...);
 *  - protected: built here with the module's own EspTransform / AhTransform and the SAs' keys:
 *    one of the configured combinations or up to three inbound SAs in any order, each layer's
 *    mode flippable, the inner datagram of either family with a fuzzed version nibble, length,
 *    next header and TFC padding, UDP, TCP, ICMPv6 or raw upper layers, then the outer header
 *    of the outermost SA's family (IPv6 with extension headers in front of ESP/AH, or IPv4),
 *    so that verification succeeds and decapsulation, inner-datagram validation, re-injection,
 *    forwarding and delivery are reached;
 *  - an earlier record again (replay), or one of them with a byte changed.
 *
 * One world serves many inputs, as in `node-receive`: World::Reset() gives each input fresh
 * replay windows and sequence counters, zero statistics, restarted random streams and its
 * attributes; a world left with state Reset() cannot undo (World::IsClean()) is rebuilt before
 * the next input. IPSEC_FUZZ_FRESH_WORLD=1 builds one per input.
 *
 * ns-3's own bugs (ns-3.37 as Debian ships it) are kept out of the way by gates between IP and
 * its transports (Ns3BugGate6: the TCP/UDP/ICMP filters of `node-receive`, and ICMPv6 other
 * than echo and well-formed errors), by raw datagrams padded to their header's length, and by
 * keeping from IPv6 input the extension header chains ns-3 misparses and the sources it cannot
 * answer (Ns3ChainBug, Ns3DatagramBug), outer or inside a tunnel; each says which bug it
 * avoids. IPSEC_FUZZ_STATS=1 counts them, IPSEC_FUZZ_VERBOSE=1 prints the IPsec statistics of A and
 * B after each input.
 */
#include "node-receive-common.h"
#include "ns3-transport-bugs.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"

#include <cstdio>
#include <sstream>

using namespace ns3;
using ipsecfuzz::FuzzInput;
using ipsecfuzz::g_filtered;
using ipsecfuzz::PutU16;
using ipsecfuzz::PutU32;

const char* const ipsecfuzz::kHarnessName = "node-receive6";

namespace
{
// ------------------------------------------------------------------------ ns-3 bug filters

/**
 * \brief Why ns-3.37 itself would misbehave on this transport payload, or "" when it is fine.
 *
 * The TCP, UDP and ICMP cases are ipsecfuzz::Ns3TransportBug()'s (ns3-transport-bugs.h).
 * ICMPv6: Icmpv6L4Protocol::Receive deserializes every message type (and the Neighbour
 * Discovery options) without checking the length, so only echo messages of at least 8 bytes
 * and errors quoting a whole IPv6 header and 8 bytes pass; Neighbour Discovery is no business
 * of the IPsec layer beyond letting it through, which it decides before this gate.
 *
 * \param protocol IP protocol number
 * \param b the transport header and payload
 * \return the reason to keep it from ns-3, or ""
 */
std::string
Ns3Bug(uint8_t protocol, const std::vector<uint8_t>& b)
{
    if (protocol != 58)
    {
        return ipsecfuzz::Ns3TransportBug(protocol, b);
    }
    if (b.size() < 8)
    {
        return "icmpv6-short";
    }
    if (b[0] == 128 || b[0] == 129)
    {
        return "";
    }
    if (b[0] >= 1 && b[0] <= 4)
    {
        // Icmpv6L4Protocol::Forward removes the quoted Ipv6Header unchecked.
        return b.size() >= 8 + 40 + 8 && (b[8] >> 4) == 6 ? "" : "icmpv6-error-short";
    }
    return "icmpv6-other-type";
}

/// A gate in front of one of a node's transports, either family: Ns3Bug().
template <int Number>
using Ns3BugGate6 = ipsecfuzz::Ns3BugGate<Number, &Ns3Bug, &Ns3Bug>;

/// Put gates in front of a node's TCP, UDP, ICMP and ICMPv6 (before IPsec wraps them).
void
InstallGates(Ptr<Node> node)
{
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    Ptr<Ipv6L3Protocol> ipv6 = node->GetObject<Ipv6L3Protocol>();
    Ptr<IpL4Protocol> tcp = CreateObject<Ns3BugGate6<6>>(ipv4->GetProtocol(6));
    Ptr<IpL4Protocol> udp = CreateObject<Ns3BugGate6<17>>(ipv4->GetProtocol(17));
    for (const auto& gate : {tcp, udp})
    {
        ipv4->Insert(gate); // replaces the real one in the delivery tables
        ipv6->Insert(gate);
    }
    Ptr<IpL4Protocol> icmp = CreateObject<Ns3BugGate6<1>>(ipv4->GetProtocol(1));
    ipv4->Insert(icmp);
    node->AggregateObject(icmp);
    Ptr<IpL4Protocol> icmp6 = CreateObject<Ns3BugGate6<58>>(ipv6->GetProtocol(58));
    ipv6->Insert(icmp6);
    node->AggregateObject(icmp6);
}

// ------------------------------------------------------------------------ configuration

/// Addresses of the world (the same in every world: the helpers assign them in order).
struct Addresses
{
    Ipv6Address a6, b6;   //!< link 1
    Ipv6Address a26, b26; //!< link 2
    Ipv6Address bLan6, h6;
    Ipv4Address a4{"10.1.1.1"}, b4{"10.1.1.2"};
    Ipv4Address a24{"10.1.2.1"}, b24{"10.1.2.2"};
    Ipv4Address bLan4{"10.2.1.1"}, h4{"10.2.1.2"};
};

Addresses g_addr;

// clang-format off
const ipsecfuzz::TransportClass kClasses[] = {
    {"udp", 9, "aes-gcm-16", nullptr, nullptr, "-r 8"},
    {"tcp", 9, "aes-cbc", "hmac-sha2-256", nullptr, "-r 8"},
    {"udp", 5000, "null", "hmac-sha2-256", nullptr, "-r 32 -f esn"},
    {"udp", 5001, nullptr, nullptr, "hmac-sha2-256", "-r 8"},
    {"udp", 5002, nullptr, nullptr, "aes-gmac", "-r 8"},
    {"tcp", 5003, "aes-cbc", "hmac-sha2-256", "hmac-sha2-256", "-r 8"},
};
// clang-format on

using ipsecfuzz::SetkeySa;

/// Both directions of a tunnel SA (A -> B at \p spi, B -> A at spi + 0x100).
template <typename A>
std::string
TunnelSas(A a, A b, bool esp, uint32_t spi, const char* encr, const char* auth)
{
    return SetkeySa(a, b, esp, spi, "tunnel", encr, auth, "-r 16")
         + SetkeySa(b, a, esp, spi + 0x100, "tunnel", encr, auth, "-r 16");
}

/**
 * \brief The setkey text of one node: every SA (both directions) and that node's policies.
 * \param forB true for B (the gateway of the LAN), false for A
 */
std::string
SetkeyText(bool forB)
{
    const Addresses& x = g_addr;
    std::ostringstream o;
    const char* in = forB ? "in" : "out";  // traffic A -> B
    const char* out = forB ? "out" : "in"; // traffic B -> A
    o << ipsecfuzz::TransportSetkey(kClasses, x.a6, x.b6, forB);
    // Cleartext: UDP 7 and TCP 22 both ways.
    o << ipsecfuzz::BypassSetkey("::/0");
    // Tunnels: B is the gateway of the LAN, A of the far networks.
    o << TunnelSas(x.a6, x.b6, true, 0x3000, "aes-gcm-16", nullptr)
      << TunnelSas(x.a26, x.b26, false, 0x3010, nullptr, "hmac-sha2-256")
      << TunnelSas(x.a26, x.b26, true, 0x3020, "aes-cbc", "hmac-sha2-256")
      << TunnelSas(x.a4, x.b4, true, 0x3030, "chacha20-poly1305", nullptr);
    struct Tunnel
    {
        std::string far;
        std::string lan;
        std::string rule;
        std::string ab;
        std::string ba;
    };
    auto ends = [](auto p, auto q) {
        std::ostringstream e;
        e << p << "-" << q;
        return e.str();
    };
    const Tunnel tunnels[] = {
        {"2001:3::/64", "2001:2::/64", "esp", ends(x.a6, x.b6), ends(x.b6, x.a6)},
        {"2001:5::/64", "2001:2::/64", "ah", ends(x.a26, x.b26), ends(x.b26, x.a26)},
        {"10.3.0.0/16", "10.2.1.0/24", "esp", ends(x.a26, x.b26), ends(x.b26, x.a26)},
        {"2001:4::/64", "2001:2::/64", "esp", ends(x.a4, x.b4), ends(x.b4, x.a4)},
    };
    for (const auto& t : tunnels)
    {
        o << "spdadd " << t.far << " " << t.lan << " any -P " << in << " ipsec " << t.rule
          << "/tunnel/" << t.ab << "/require;\n";
        o << "spdadd " << t.lan << " " << t.far << " any -P " << out << " ipsec " << t.rule
          << "/tunnel/" << t.ba << "/require;\n";
    }
    return o.str();
}

// ------------------------------------------------------------------------ the world

using Stack = ipsecfuzz::Stack<IpsecAddress>;

/// The nodes, built once and reused for many inputs (ipsecfuzz::NodeWorld).
struct World : ipsecfuzz::NodeWorld<IpsecAddress>
{
    void Build()
    {
        CreateNodes();
        // The IPsec layer's IPv6 forwarding shim needs list routing.
        Ipv6ListRoutingHelper list;
        list.Add(Ipv6StaticRoutingHelper(), 0);
        internet.SetRoutingHelper(list);
        InstallInternet();
        Ipv6AddressHelper ip6;
        ip6.SetBase(Ipv6Address("2001:1::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer i1 = ip6.Assign(link1);
        ip6.SetBase(Ipv6Address("2001:6::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer i2 = ip6.Assign(link2);
        ip6.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer iLan = ip6.Assign(lan);
        i1.SetForwarding(1, true);
        i2.SetForwarding(1, true);
        iLan.SetForwarding(0, true);
        iLan.SetDefaultRouteInAllNodes(0);
        g_addr.a6 = i1.GetAddress(0, 1);
        g_addr.b6 = i1.GetAddress(1, 1);
        g_addr.a26 = i2.GetAddress(0, 1);
        g_addr.b26 = i2.GetAddress(1, 1);
        g_addr.bLan6 = iLan.GetAddress(0, 1);
        g_addr.h6 = iLan.GetAddress(1, 1);
        PrepareDevices(&InstallGates);
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(b->GetObject<Ipv4>())
            ->AddNetworkRouteTo(Ipv4Address("10.3.0.0"), Ipv4Mask("255.255.0.0"), g_addr.a24, 2);
        routing.GetStaticRouting(a->GetObject<Ipv4>())
            ->AddNetworkRouteTo(Ipv4Address("10.2.1.0"), Ipv4Mask("255.255.255.0"), g_addr.b4, 1);
        routing.GetStaticRouting(h->GetObject<Ipv4>())->SetDefaultRoute(g_addr.bLan4, 1);
        Ipv6StaticRoutingHelper routing6;
        Ptr<Ipv6StaticRouting> rb = routing6.GetStaticRouting(b->GetObject<Ipv6>());
        rb->AddNetworkRouteTo("2001:3::", Ipv6Prefix(64), g_addr.a6, i1.Get(1).second);
        rb->AddNetworkRouteTo("2001:4::", Ipv6Prefix(64), g_addr.a6, i1.Get(1).second);
        rb->AddNetworkRouteTo("2001:5::", Ipv6Prefix(64), g_addr.a26, i2.Get(1).second);
        routing6.GetStaticRouting(a->GetObject<Ipv6>())
            ->AddNetworkRouteTo("2001:2::", Ipv6Prefix(64), g_addr.b6, i1.Get(0).second);

        InstallIpsec(&SetkeyText);
        KeepSas();

        // Sinks only, on both families (an echo server would answer forged sources forever).
        for (Ptr<Node> node : {b, h})
        {
            std::vector<uint16_t> udpPorts{7, 9};
            if (node == b)
            {
                udpPorts.insert(udpPorts.end(), {5000, 5001, 5002});
            }
            for (uint16_t port : udpPorts)
            {
                UdpSink(node, Inet6SocketAddress(Ipv6Address::GetAny(), port));
                UdpSink(node, InetSocketAddress(Ipv4Address::GetAny(), port));
            }
            std::vector<uint16_t> tcpPorts{9};
            if (node == b)
            {
                tcpPorts.insert(tcpPorts.end(), {22, 5003});
            }
            for (uint16_t port : tcpPorts)
            {
                TcpSink(node, Inet6SocketAddress(Ipv6Address::GetAny(), port));
                TcpSink(node, InetSocketAddress(Ipv4Address::GetAny(), port));
            }
        }
        // Start the applications and the stacks (DAD and the like, if any).
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        idleEvents = ipsecfuzz::InspectableScheduler::Current()
                       ? ipsecfuzz::InspectableScheduler::Current()->Live()
                       : 0;

        FindInbound({g_addr.b6, g_addr.b26, g_addr.b4});
        AddClassStacks(kClasses, g_addr.a6, g_addr.b6);
        const Ipv6Address far3("2001:3::5");
        const Ipv6Address far4("2001:4::5");
        const Ipv6Address far5("2001:5::5");
        const Ipv4Address far10("10.3.0.5");
        stacks.push_back({{0x3000}, far3, g_addr.h6, 17, 9, 0});
        stacks.push_back({{0x3000}, far3, g_addr.bLan6, 6, 9, 0});
        stacks.push_back({{0x3000}, far3, g_addr.h6, 58, 0, 0});
        stacks.push_back({{0x3010}, far5, g_addr.h6, 17, 9, 1});
        stacks.push_back({{0x3010}, far5, g_addr.bLan6, 17, 9, 1});
        stacks.push_back({{0x3020}, far10, g_addr.h4, 17, 9, 1});
        stacks.push_back({{0x3020}, far10, g_addr.bLan4, 6, 9, 1});
        stacks.push_back({{0x3030}, far4, g_addr.h6, 17, 9, 0});
        stacks.push_back({{0x3030}, far4, g_addr.bLan6, 58, 0, 0});
        for (const auto& s : stacks)
        {
            for (uint32_t spi : s.spis)
            {
                Inbound(spi);
            }
        }
    }

    /// Back to the state after Build(): SAs as new, zero statistics, B's attributes from the
    /// input's first byte, restarted random streams.
    void Reset(FuzzInput& in)
    {
        ResetSas();
        SetAttributes(in.U8());
        RestartStreams();
    }
};

// ------------------------------------------------------------------------ building datagrams

/// IPv6 addresses the input picks from (raw records and inner datagrams).
std::vector<Ipv6Address>
Addresses6()
{
    const Addresses& x = g_addr;
    return {x.a6,
            x.b6,
            x.a26,
            x.b26,
            x.bLan6,
            x.h6,
            Ipv6Address("2001:3::5"),
            Ipv6Address("2001:4::5"),
            Ipv6Address("2001:5::5"),
            Ipv6Address("2001:9::9"),
            Ipv6Address("::1"),
            // Not Ipv6Address("::ffff:10.1.1.2"): ns-3.37's parser leaves bytes of that
            // form uninitialized (valgrind), which makes runs irreproducible.
            Ipv6Address::MakeIpv4MappedAddress(Ipv4Address("10.1.1.2"))};
}

std::vector<Ipv4Address>
Addresses4()
{
    const Addresses& x = g_addr;
    return {x.a4,
            x.b4,
            x.a24,
            x.b24,
            x.bLan4,
            x.h4,
            Ipv4Address("10.3.0.5"),
            Ipv4Address("10.9.9.9"),
            Ipv4Address("10.2.1.255"),
            Ipv4Address("127.0.0.1")};
}

const uint16_t kPorts[] = {7, 9, 22, 5000, 5001, 5002, 5003};
const uint8_t kNextHeaders[] = {17, 6, 58, 4, 41, 50, 51, 59, 0, 43, 44, 60, 1};

/// The fields of an IP header of either family the builder carries from layer to layer.
struct HeaderFields
{
    IpsecAddress source;
    IpsecAddress destination;
    uint8_t tclass = 0;
    uint8_t hop = 64;
    uint32_t flow = 0;
    uint16_t id = 0;

    bool V6() const { return source.IsIpv6(); }

    IpsecIpHeader Make(uint8_t protocol, size_t payload) const
    {
        if (V6())
        {
            Ipv6Header h;
            h.SetSource(source.GetIpv6());
            h.SetDestination(destination.GetIpv6());
            h.SetTrafficClass(tclass);
            h.SetFlowLabel(flow & 0xfffff);
            h.SetHopLimit(hop);
            h.SetNextHeader(protocol);
            h.SetPayloadLength(static_cast<uint16_t>(payload));
            return h;
        }
        Ipv4Header h;
        h.SetSource(source.GetIpv4());
        h.SetDestination(destination.GetIpv4());
        h.SetTos(tclass);
        h.SetTtl(hop);
        h.SetIdentification(id);
        h.SetProtocol(protocol);
        h.SetPayloadSize(static_cast<uint16_t>(payload));
        return h;
    }

    IpsecBytes Bytes(uint8_t protocol, size_t payload) const
    {
        IpsecIpHeader h = Make(protocol, payload);
        IpsecBytes out(h.GetSerializedSize());
        h.Serialize(out.data());
        return out;
    }
};

/// IPv6 extension header types (hop-by-hop, routing, fragment, destination options).
bool
IsExtension(uint8_t type)
{
    return type == 0 || type == 43 || type == 44 || type == 60;
}

/**
 * \brief Why ns-3.37 would misbehave on this IPv6 extension header chain, or "" when it is
 * well-formed. Ipv6L3Protocol parses the chain (Ipv6ExtensionDemux) before any IPsec code
 * runs, and without checking lengths against the packet: a header or an option running past
 * the end makes it read beyond the packet's buffer; and a routing header of a type it does not
 * know (any but 0) makes Ipv6ExtensionRouting::Process return the header's length field
 * instead of its size in bytes, so that Ipv6L3Protocol::LocalDeliver parses the rest from the
 * wrong offset, and loops for ever when that length is 0; and even a type 0 routing header
 * (Ipv6ExtensionLooseRouting) of a datagram delivered locally makes LocalDeliver loop, as
 * Ipv6ExtensionRouting::Process hands it a null next header pointer, so that LocalDeliver never
 * learns the next header and parses everything behind as routing headers again (the same
 * happens to a forwarded one behind a hop-by-hop header). Every chain
 * ns-3 would parse (outer, or re-injected after decapsulation) must pass here.
 *
 * \param next the next header field of the IPv6 header
 * \param p what follows the IPv6 header
 * \param n its length
 * \param local whether B delivers the datagram locally (rather than forwarding it)
 * \return the reason to keep it from ns-3, or ""
 */
std::string
Ns3ChainBug(uint8_t next, const uint8_t* p, size_t n, bool local)
{
    size_t at = 0;
    bool first = true;
    while (IsExtension(next))
    {
        if (next == 0 && !first)
        {
            return "ipv6-hop-by-hop-not-first";
        }
        if (at + 8 > n)
        {
            return "ipv6-extension-overrun";
        }
        size_t length = next == 44 ? 8 : 8 * (size_t(p[at + 1]) + 1);
        if (at + length > n)
        {
            return "ipv6-extension-overrun";
        }
        if (next == 43 && p[at + 2] != 0)
        {
            return "ipv6-routing-type-unknown";
        }
        if (next == 43 && (local || !first))
        {
            return "ipv6-routing-header-parsed";
        }
        if (next == 0 || next == 60)
        {
            for (size_t o = at + 2; o < at + length;)
            {
                if (p[o] == 0)
                {
                    ++o;
                    continue;
                }
                if (o + 2 > at + length || o + 2 + p[o + 1] > at + length)
                {
                    return "ipv6-option-overrun";
                }
                o += 2 + p[o + 1];
            }
        }
        first = false;
        next = p[at];
        at += length;
    }
    return "";
}

/// \return whether \p node delivers a datagram to \p destination locally (or might)
bool
IsLocal(Ptr<Node> node, Ipv6Address destination)
{
    return node->GetObject<Ipv6>()->GetInterfaceForAddress(destination) >= 0
        || destination.IsMulticast() || destination.IsLocalhost() || destination.IsAny();
}

/// Ns3ChainBug() of a whole IPv6 datagram (within its payload length) into \p node.
std::string
Ns3DatagramBug(Ptr<Node> node, const IpsecBytes& d)
{
    if (d.size() < 40 || (d[0] >> 4) != 6)
    {
        return "";
    }
    size_t n = std::min<size_t>(d.size() - 40, (size_t(d[4]) << 8) | d[5]);
    uint8_t source[16];
    std::copy(d.begin() + 8, d.begin() + 24, source);
    Ipv6Address from(source);
    if (from.IsLinkLocal() || from.IsMulticast() || from.IsAny())
    {
        // Whatever answers it (a TCP reset, ICMPv6 port unreachable, time exceeded, parameter
        // problem) has no output device, and ns-3.37's Ipv6StaticRouting::LookupStatic then
        // selects a source address on a nonexistent interface (Ipv6Interface::GetNAddresses
        // on a null pointer, from Ipv6L3Protocol::SourceAddressSelection).
        return "ipv6-source-unanswerable";
    }
    uint8_t destination[16];
    std::copy(d.begin() + 24, d.begin() + 40, destination);
    return Ns3ChainBug(d[6], d.data() + 40, n, IsLocal(node, Ipv6Address(destination)));
}

class Builder : public ipsecfuzz::DatagramBuilder<IpsecAddress>
{
  public:
    Builder(FuzzInput& in, World& world)
        : DatagramBuilder(in,
                          world,
                          std::vector<uint16_t>(std::begin(kPorts), std::end(kPorts)),
                          std::vector<uint8_t>(std::begin(kNextHeaders), std::end(kNextHeaders)))
        , m_v6(Addresses6())
        , m_v4(Addresses4())
    {
    }

    /**
     * \brief Well-formed IPv6 extension headers, in front of \p last.
     * \param first set to the next header the IPv6 header gives
     * \param last the protocol behind the chain
     * \return the chain's bytes (empty: first = last)
     */
    IpsecBytes Extensions(uint8_t& first, uint8_t last)
    {
        uint8_t shape = m_in.U8();
        uint32_t n = shape & 3; // none most of the time once the fuzzer learns
        std::vector<uint8_t> types;
        for (uint32_t i = 0; i < n; ++i)
        {
            const uint8_t kinds[] = {0, 60, 43, 44};
            uint8_t t = kinds[m_in.Index(4)];
            if ((t == 0 && i != 0) || (t == 43 && std::count(types.begin(), types.end(), 43)))
            {
                t = 60; // hop-by-hop only first, one routing header (see Ns3ChainBug)
            }
            types.push_back(t);
        }
        IpsecBytes out;
        for (size_t i = 0; i < types.size(); ++i)
        {
            AppendExtension(out, types[i], i + 1 < types.size() ? types[i + 1] : last);
        }
        first = types.empty() ? last : types[0];
        return out;
    }

    /// Append a well-formed extension header of type \p t followed by \p next.
    void AppendExtension(IpsecBytes& out, uint8_t t, uint8_t next)
    {
        if (t == 0 || t == 60)
        {
            uint8_t units = m_in.U8() % 3;
            size_t room = 6 + 8 * units;
            out.push_back(next);
            out.push_back(units);
            while (room > 0)
            {
                uint8_t option = m_in.U8();
                if (option % 3 == 0 || room == 1)
                {
                    out.push_back(0); // Pad1
                    --room;
                    continue;
                }
                // PadN, or an option of a fuzzed type, within the room left.
                uint8_t length = static_cast<uint8_t>(std::min<size_t>(m_in.U8() % 8, room - 2));
                out.push_back(option % 3 == 1 ? 1 : m_in.U8());
                out.push_back(length);
                for (uint8_t k = 0; k < length; ++k)
                {
                    out.push_back(option % 3 == 1 ? 0 : m_in.U8());
                }
                room -= 2 + length;
            }
        }
        else if (t == 43)
        {
            out.push_back(next);
            out.push_back(2);             // one address
            out.push_back(0);             // routing type 0 (see Ns3ChainBug)
            out.push_back(m_in.U8() & 1); // segments left
            PutU32(out, 0);
            uint8_t address[16];
            m_v6[m_in.Index(m_v6.size())].GetBytes(address);
            out.insert(out.end(), address, address + 16);
        }
        else
        {
            out.push_back(next);
            out.push_back(0);
            uint8_t f = m_in.U8();
            PutU16(out, f & 1 ? static_cast<uint16_t>(m_in.U16() & 0xfff9) : 0);
            PutU32(out, m_in.U32());
        }
    }

    /// A raw record: IPv6 header, extension headers, fuzzed bytes.
    IpsecBytes Raw()
    {
        HeaderFields f;
        f.source = m_v6[m_in.Index(m_v6.size())];
        f.destination = m_v6[m_in.Index(m_v6.size())];
        f.tclass = m_in.U8();
        f.flow = m_in.U32();
        f.hop = m_in.U8();
        uint8_t last = Protocol(50);
        uint8_t first = last;
        IpsecBytes ext = Extensions(first, last);
        IpsecBytes body = m_in.Blob(2048);
        uint8_t lengthMode = m_in.U8();
        size_t payload = ext.size() + body.size();
        IpsecBytes d = f.Bytes(first, payload);
        if (lengthMode & 1)
        {
            uint16_t length = m_in.U16() % (payload + 1); // shorter: ns-3 trims the rest
            d[4] = length >> 8;
            d[5] = length & 0xff;
        }
        d.insert(d.end(), ext.begin(), ext.end());
        d.insert(d.end(), body.begin(), body.end());
        return d;
    }

    /**
     * \brief A protected record's datagram, unless ns-3 would misbehave on what the IPsec layer
     * hands back to IPv6 input (counted in g_filtered as "(inner)").
     * \param device set to B's device that receives it
     * \return the datagram, or nothing
     */
    std::vector<IpsecBytes> Protected(uint32_t& device)
    {
        std::string bug;
        IpsecBytes datagram = Datagram(device, bug);
        if (!bug.empty())
        {
            ++g_filtered[bug + " (inner)"];
            return {};
        }
        return {datagram};
    }

  private:
    /**
     * \brief A protected datagram (with its outer header).
     * \param device set to B's device that receives it
     * \param bug set to Ns3ChainBug() of what the IPsec layer would hand back to IPv6 input
     * \return the datagram
     */
    IpsecBytes Datagram(uint32_t& device, std::string& bug)
    {
        std::vector<ipsecfuzz::Layer> layers;
        Stack shape{{}, g_addr.a6, g_addr.b6, 17, 9, 0};
        if (!ChooseLayers(shape, layers))
        {
            IpsecAddress d = layers.back().sa->GetDestination();
            shape.device = d == IpsecAddress(g_addr.b26) ? 1 : 0;
            if (!layers.front().tunnel && d.IsIpv4())
            {
                shape.innerSource = g_addr.a4;
                shape.innerDestination = g_addr.b4;
            }
        }
        device = FlipModes(layers, shape.device);

        // The innermost datagram's header and upper layer.
        HeaderFields fields;
        fields.source = Pick(shape.innerSource);
        fields.destination = Pick(shape.innerDestination);
        if (fields.source.GetFamily() != fields.destination.GetFamily())
        {
            fields.destination = shape.innerDestination;
            fields.source = shape.innerSource;
        }
        fields.tclass = m_in.U8();
        fields.hop = m_in.U8();
        fields.flow = m_in.U32();
        fields.id = m_in.U16();
        uint8_t protocol = Protocol(shape.protocol);
        IpsecBytes bytes = Upper(protocol, shape.port);
        if (fields.V6())
        {
            bug = Ns3ChainBug(protocol,
                              bytes.data(),
                              bytes.size(),
                              IsLocal(m_world.b, fields.destination.GetIpv6()));
        }

        for (const auto& layer : layers)
        {
            const SecurityAssociation& sa = *layer.sa;
            if (layer.tunnel)
            {
                IpsecBytes inner = fields.Bytes(protocol, bytes.size());
                uint8_t mangle = m_in.U8();
                if (mangle & 1) // version nibble
                {
                    inner[0] = static_cast<uint8_t>((m_in.U8() << 4) | (inner[0] & 0x0f));
                }
                if (mangle & 2) // length: total (IPv4) or payload (IPv6) length
                {
                    uint16_t v = m_in.U16();
                    size_t at = fields.V6() ? 4 : 2;
                    inner[at] = v >> 8;
                    inner[at + 1] = v & 0xff;
                }
                if (mangle & 4) // next header / protocol
                {
                    uint8_t next = Protocol(protocol);
                    inner[fields.V6() ? 6 : 9] = IsExtension(next) ? 59 : next;
                }
                if (mangle & 8) // IPv4 header length
                {
                    if (!fields.V6())
                    {
                        inner[0] = static_cast<uint8_t>((inner[0] & 0xf0) | (m_in.U8() & 0x0f));
                    }
                }
                inner.insert(inner.end(), bytes.begin(), bytes.end());
                if (mangle & 16) // TFC padding (RFC 4303 §2.7), or trailing junk under AH
                {
                    IpsecBytes pad = m_in.Blob(256);
                    inner.insert(inner.end(), pad.begin(), pad.end());
                }
                if (mangle & 32) // truncated
                {
                    inner.resize(m_in.U16() % (inner.size() + 1));
                }
                std::string innerBug = Ns3DatagramBug(m_world.b, inner);
                bug = innerBug.empty() ? bug : innerBug;
                bytes.swap(inner);
                protocol = fields.V6() ? 41 : 4;
                fields.source = sa.GetSource();
                fields.destination = sa.GetDestination();
            }
            Seal(sa, fields, bytes, protocol, 0);
        }
        fields.hop = m_in.Bool() ? m_in.U8() : fields.hop; // mutable in AH
        if (!fields.V6())
        {
            IpsecBytes datagram = fields.Bytes(protocol, bytes.size());
            datagram.insert(datagram.end(), bytes.begin(), bytes.end());
            return datagram;
        }
        uint8_t first = protocol;
        IpsecBytes ext = Extensions(first, protocol);
        IpsecBytes datagram = fields.Bytes(first, ext.size() + bytes.size());
        datagram.insert(datagram.end(), ext.begin(), ext.end());
        datagram.insert(datagram.end(), bytes.begin(), bytes.end());
        return datagram;
    }

    IpsecAddress Pick(const IpsecAddress& fallback)
    {
        uint32_t i = m_in.Index(16);
        if (fallback.IsIpv6())
        {
            return i < m_v6.size() ? IpsecAddress(m_v6[i]) : fallback;
        }
        return i < m_v4.size() ? IpsecAddress(m_v4[i]) : fallback;
    }

    /// The upper layer of another protocol than UDP and TCP: an ICMP or ICMPv6 header with
    /// fuzzed fields, or a well-formed extension header and UDP.
    bool OtherUpper(uint8_t protocol, uint16_t port, uint8_t shape, IpsecBytes& b) override
    {
        if (protocol == 58 || protocol == 1)
        {
            const uint8_t types6[] = {128, 129, 1, 2, 3, 4, 135, 136};
            const uint8_t types4[] = {8, 0, 3, 11};
            if (protocol == 1)
            {
                AppendIcmp(b, shape, types4);
            }
            else
            {
                AppendIcmp(b, shape, types6);
            }
            return true;
        }
        if (IsExtension(protocol))
        {
            // One well-formed extension header (ns-3 parses it: Ns3ChainBug), then UDP.
            AppendExtension(b, protocol, 17);
            IpsecBytes udp = Upper(17, port);
            b.insert(b.end(), udp.begin(), udp.end());
            return true;
        }
        return false;
    }

    std::vector<Ipv6Address> m_v6;
    std::vector<Ipv4Address> m_v4;
};

/**
 * \brief Deliver a datagram to B as if it came off a device: by its version nibble to IPv4
 * (for 6-in-4) or IPv6. ns-3 deserializes the IP header without checking the length (and
 * reads past the packet's end): the bytes are padded with zeros to the header's length.
 */
void
Deliver(Ptr<Node> node, Ptr<NetDevice> device, IpsecBytes bytes)
{
    bool v4 = !bytes.empty() && (bytes[0] >> 4) == 4;
    size_t header = v4 ? std::max<size_t>(20, (bytes[0] & 0x0f) * 4u) : 40;
    if (bytes.size() < header)
    {
        bytes.resize(header, 0);
    }
    if (v4 && bytes[12] == 224 && bytes[13] == 0 && bytes[14] == 0)
    {
        ++g_filtered["multicast-source"]; // node_receive.cc's Ns3BugRouting
        return;
    }
    std::string bug = Ns3DatagramBug(node, bytes);
    if (!bug.empty())
    {
        ++g_filtered[bug];
        return;
    }
    if (v4)
    {
        ipsecfuzz::Receive<Ipv4L3Protocol>(node, device, bytes);
        return;
    }
    ipsecfuzz::Receive<Ipv6L3Protocol>(node, device, bytes);
}

/**
 * Inputs one world serves at most. Each takes some 200 simulated seconds, and a world must not
 * live to the TCP persist timeout Build() sets (10^6 s): IPv6 keeps a few events of its own
 * pending, so IsClean() can only count events beyond those, and a persist timer left behind
 * while one of them ran out would otherwise fire in a later input (ns-3.37's
 * TcpSocketBase::PersistTimeout bug, see ipsecfuzz::NodeWorld::CreateNodes).
 */
const uint64_t kInputsPerWorld = 4000;

ipsecfuzz::WorldCache<World> g_worlds(kInputsPerWorld);

void
RunInput(FuzzInput& in)
{
    ipsecfuzz::RunRecords<Builder>(g_worlds, in, 10, &Deliver);
}

/// IPSEC_FUZZ_STATS: the worlds built, the events of a world at rest, the inputs kept from ns-3.
void
PrintStats()
{
    std::fprintf(stderr,
                 "node-receive6: %llu worlds built, %zu events pending when idle\n",
                 (unsigned long long) g_worlds.Built(),
                 g_worlds.Current() ? g_worlds.Current()->idleEvents : size_t(0));
    ipsecfuzz::PrintFiltered();
}
} // namespace

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    return ipsecfuzz::InitializeHarness<ipsecfuzz::InspectableScheduler>(&RunInput, &PrintStats);
}

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzInput in(data, size);
    RunInput(in);
    return 0;
}
