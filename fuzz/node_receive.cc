/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief Fuzz harness `node-receive`: fuzzed IPv4 datagrams delivered into a node with the
 * internet stack and IPsec, through Ipv4L3Protocol::Receive of one of its devices, then
 * Simulator::Run for the delivery and whatever it sets off (replies, ICMP errors, TCP
 * handshakes, forwarding, protected replies verified by the peer).
 *
 * Topology (addresses .1 on the left end of each link):
 *
 *     A ==== link 1 10.1.1.0/24 ==== B ---- 10.2.1.0/24 ---- H
 *       ==== link 2 10.1.2.0/24 ====
 *
 * B, the node under test, and A run IPsec, configured with setkey text generated below:
 * transport-mode SAs and policies between A and B per upper-layer protocol and port, with every
 * algorithm family (AES-GCM/CCM/GMAC, ChaCha20-Poly1305, the CBC ciphers, AES-CTR without
 * integrity, NULL, the HMACs, AES-XCBC, AH with HMACs and GMAC, ESN, replay windows of several
 * sizes, a policy id), nested ESP inside AH, cleartext bypass ports; policy-based tunnels
 * (B is the security gateway of 10.2.1.0/24 for 10.3.0.0/16, ESP tunnel + AH, and 10.4.0.0/16);
 * UDP-encapsulated ESP (RFC 3948: transport for UDP port 5020, a tunnel for 10.6.0.0/16, port
 * 4500 an encapsulation endpoint of B's) and a route-based tunnel
 * (IpsecHelper::AddRouteBasedTunnel) on link 2 for 10.5.0.0/16. H has
 * no IPsec. UDP and TCP sinks listen on B and H.
 *
 * An input is a header (IpsecL3Protocol attributes of B: AhClearTos, AhOffsetMask,
 * CheckPadding, Ecn, IcmpAcceptClear, DfBit, SPD precedence) and up to 12 records, each a
 * datagram delivered at a fuzzed time on a fuzzed device of B:
 *  - raw: the bytes as they are (a valid IPv4 header at the front is the fuzzer's business);
 *  - protected: built here with the module's own EspTransform / AhTransform and the SAs' keys:
 *    a stack of up to three layers (one of the configured combinations, or any inbound SAs in
 *    any order, with the mode of each layer flipped at will), fuzzed sequence numbers, inner
 *    and outer headers, and a UDP, TCP, ICMP or raw upper layer, optionally fragmented; so that
 *    verification succeeds and everything behind it (policy checks, nesting, tunnel
 *    decapsulation, re-injection, forwarding, delivery) is reached;
 *  - the same datagram as an earlier record again (replay), or one of them with a byte changed.
 *
 * One world (nodes, stacks, SAs, applications) serves many inputs, as building one costs ten
 * times what an input does: World::Reset() gives every input fresh replay windows and sequence
 * counters, zero statistics, restarted random streams and its own attributes, and a world that
 * an input leaves with state Reset() cannot undo (World::IsClean(): pending events, an open TCP
 * connection, a connection latch, a held packet) is replaced before the next input, so a crash
 * reproduces from its input alone. IPSEC_FUZZ_FRESH_WORLD=1 builds a world for every input.
 *
 * ns-3 bugs that are not this module's (ns-3.37 as Debian ships it, without asserts) are kept
 * out of the way: by gates between IP and the transports (Ns3BugGate), a routing protocol that
 * drops what ns-3 would answer to a multicast source (Ns3BugRouting), by raw datagrams padded to
 * the length of their header, by the TCP persist timer set beyond the end of a run and by
 * removing the queue discs; each says which ns-3 bug it avoids. IPSEC_FUZZ_STATS=1 counts them.
 */
#include "node-receive-common.h"
#include "ns3-transport-bugs.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

using namespace ns3;
using ipsecfuzz::FuzzInput;
using ipsecfuzz::g_filtered;

const char* const ipsecfuzz::kHarnessName = "node-receive";

namespace
{
// ------------------------------------------------------------------------ ns-3 bug filters

/// A gate in front of one of a node's transports: ipsecfuzz::Ns3TransportBug() over IPv4.
template <int Number>
using Ns3BugGate = ipsecfuzz::Ns3BugGate<Number, &ipsecfuzz::Ns3TransportBug, nullptr>;

/**
 * \brief A routing protocol that only drops: forwarded datagrams whose source is a link-local
 * multicast address (224.0.0.0/24), which RFC 1122 §3.2.1.3 says to discard.
 *
 * ns-3.37 accepts them and answers with an ICMP error (TTL exceeded, reassembly timeout, port
 * unreachable) or a TCP reset to that source; Ipv4StaticRouting::LookupStatic routes a
 * link-local multicast destination through the requested output device without checking there
 * is one (an NS_ASSERT_MSG, compiled out) and dereferences interface -1
 * (Ipv4Interface::GetAddress on a null pointer). This protocol covers forwarding (registered
 * below the IPsec layer's forwarding shim and above static routing, so the IPsec layer sees the
 * datagrams first); Ns3BugGate covers local delivery to the transports (Ipv4ListRouting
 * delivers locally before it asks any protocol); and datagrams arriving with such a source are
 * not delivered at all (Deliver()), as their fragments would time out into an ICMP error.
 *
 * The same for a header length field below 5 (RFC 1812 §5.2.2 says to discard it): ns-3.37's
 * IPv4 input takes it, and Ipv4Header::Serialize then writes 20 bytes where GetSerializedSize()
 * made room for fewer (forwarding, ICMP errors quoting it): a heap overflow in ns-3. The IPsec
 * layer sees such datagrams first and drops them; what it lets by is kept from ns-3 here, and
 * fragments with one are not delivered.
 */
class Ns3BugRouting : public Ipv4RoutingProtocol
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::IpsecFuzzNs3BugRouting").SetParent<Ipv4RoutingProtocol>();
        return tid;
    }

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet>,
                               const Ipv4Header&,
                               Ptr<NetDevice>,
                               Socket::SocketErrno& error) override
    {
        error = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }

    bool RouteInput(Ptr<const Packet>,
                    const Ipv4Header& header,
                    Ptr<const NetDevice>,
                    UnicastForwardCallback,
                    MulticastForwardCallback,
                    LocalDeliverCallback,
                    ErrorCallback) override
    {
        if (header.GetSource().IsLocalMulticast())
        {
            ++g_filtered["multicast-source"];
            return true; // taken care of: dropped
        }
        if (header.GetSerializedSize() < 20)
        {
            ++g_filtered["ipv4-ihl-below-5"];
            return true;
        }
        return false;
    }

    void NotifyInterfaceUp(uint32_t) override {}

    void NotifyInterfaceDown(uint32_t) override {}

    void NotifyAddAddress(uint32_t, Ipv4InterfaceAddress) override {}

    void NotifyRemoveAddress(uint32_t, Ipv4InterfaceAddress) override {}

    void SetIpv4(Ptr<Ipv4>) override {}

    void PrintRoutingTable(Ptr<OutputStreamWrapper>, Time::Unit) const override {}
};

/// Put gates in front of a node's TCP, UDP and ICMP (before IPsec wraps them in its guards).
void
InstallGates(Ptr<Node> node)
{
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    ipv4->Insert(CreateObject<Ns3BugGate<6>>(ipv4->GetProtocol(6))); // replaces the real one
    ipv4->Insert(CreateObject<Ns3BugGate<17>>(ipv4->GetProtocol(17)));
    Ptr<IpL4Protocol> icmp = CreateObject<Ns3BugGate<1>>(ipv4->GetProtocol(1));
    ipv4->Insert(icmp);
    // Ipv4L3Protocol::GetIcmp() asks the protocol registered for 1 for the Icmpv4L4Protocol
    // aggregated to it: aggregate the gate to the node.
    node->AggregateObject(icmp);
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
    list->AddRoutingProtocol(CreateObject<Ns3BugRouting>(), 1);
}

// ------------------------------------------------------------------------ configuration

const Ipv4Address kA("10.1.1.1");
const Ipv4Address kB("10.1.1.2");
const Ipv4Address kA2("10.1.2.1");
const Ipv4Address kB2("10.1.2.2");
const Ipv4Address kBLan("10.2.1.1");
const Ipv4Address kH("10.2.1.2");

// clang-format off
const ipsecfuzz::TransportClass kClasses[] = {
    {"udp", 9, "aes-gcm-16", nullptr, nullptr, "-r 8", 0},
    {"tcp", 9, "aes-cbc", "hmac-sha1", "hmac-sha2-256", "-r 8", 0},
    {"icmp", 0, nullptr, nullptr, "hmac-md5", "-r 4", 0},
    {"udp", 5000, "camellia-cbc", "hmac-sha2-384", nullptr, "-r 16 -f esn", 0},
    {"udp", 5001, "3des-cbc", "aes-xcbc-mac", nullptr, "-r 1", 0},
    {"udp", 5002, "des-cbc", "hmac-md5", nullptr, "-r 8", 0},
    {"udp", 5003, "blowfish-cbc", "hmac-sha2-512", nullptr, "-r 128", 0},
    {"udp", 5004, "null", "hmac-sha1", nullptr, "-r 8", 0},
    {"udp", 5005, "aes-ccm-8", nullptr, nullptr, "-r 8", 0},
    {"udp", 5006, "aes-gmac", nullptr, nullptr, "-r 8", 0},
    {"udp", 5007, nullptr, nullptr, "aes-gmac", "-r 8", 0},
    {"udp", 5008, "aes-gcm-12", nullptr, "hmac-sha1", "-r 8 -f esn", 0},
    {"tcp", 5009, "chacha20-poly1305", nullptr, nullptr, "-r 8", 9},
    {"udp", 5010, "aes-ctr", nullptr, nullptr, "-r 8", 0},
    {"udp", 5011, "aes-ccm-16", nullptr, nullptr, "", 0},
};
// clang-format on

using ipsecfuzz::KeyHex;
using ipsecfuzz::SetkeySa;

/**
 * \brief The setkey text of one node: every SA (both directions) and that node's policies.
 * \param forB true for B (the gateway of 10.2.1.0/24), false for A
 */
std::string
SetkeyText(bool forB)
{
    std::ostringstream o;
    const char* in = forB ? "in" : "out";  // traffic A -> B
    const char* out = forB ? "out" : "in"; // traffic B -> A
    o << ipsecfuzz::TransportSetkey(kClasses, kA, kB, forB);
    // UDP-encapsulated ESP (RFC 3948): transport for UDP port 5020, a tunnel for 10.6.0.0/16.
    for (const auto& [spi, mode] :
         {std::make_pair(0x4000u, "transport"), std::make_pair(0x4010u, "tunnel")})
    {
        for (int direction = 0; direction < 2; ++direction)
        {
            Ipv4Address src = direction == 0 ? kA : kB;
            Ipv4Address dst = direction == 0 ? kB : kA;
            o << "add " << src << "[4500] " << dst << "[4500] esp-udp "
              << spi + (direction == 0 ? 0 : 0x1000) << " -m " << mode << " -r 8 -E aes-gcm-16 "
              << KeyHex("aes-gcm-16", spi) << ";\n";
        }
    }
    o << "spdadd " << kA << "[any] " << kB << "[5020] udp -P " << in
      << " ipsec esp/transport//require;\n";
    o << "spdadd " << kB << "[5020] " << kA << "[any] udp -P " << out
      << " ipsec esp/transport//require;\n";
    // Cleartext: UDP echo and TCP 22 both ways.
    o << ipsecfuzz::BypassSetkey("0.0.0.0/0");
    // Policy-based tunnels: B is the gateway of 10.2.1.0/24, A of 10.3/16 and 10.4/16.
    o << SetkeySa(kA, kB, true, 0x3000, "tunnel", "chacha20-poly1305", nullptr, "-r 8", 0)
      << SetkeySa(kB, kA, true, 0x3100, "tunnel", "chacha20-poly1305", nullptr, "-r 8", 0)
      << SetkeySa(kA, kB, false, 0x3001, "transport", nullptr, "hmac-sha2-512", "-r 8", 0)
      << SetkeySa(kB, kA, false, 0x3101, "transport", nullptr, "hmac-sha2-512", "-r 8", 0)
      << SetkeySa(kA, kB, true, 0x3010, "tunnel", "aes-ctr", "hmac-sha2-512", "-r 32 -f esn", 0)
      << SetkeySa(kB, kA, true, 0x3110, "tunnel", "aes-ctr", "hmac-sha2-512", "-r 32 -f esn", 0);
    const char* lan = "10.2.1.0/24";
    std::string ab = "10.1.1.1-10.1.1.2";
    std::string ba = "10.1.1.2-10.1.1.1";
    o << "spdadd 10.3.0.0/16 " << lan << " any -P " << in << " ipsec esp/tunnel/" << ab
      << "/require ah/transport/" << ab << "/require;\n";
    o << "spdadd " << lan << " 10.3.0.0/16 any -P " << out << " ipsec esp/tunnel/" << ba
      << "/require ah/transport/" << ba << "/require;\n";
    o << "spdadd 10.4.0.0/16 " << lan << " any -P " << in << " ipsec esp/tunnel/" << ab
      << "/require;\n";
    o << "spdadd 10.6.0.0/16 " << lan << " any -P " << in << " ipsec esp/tunnel/" << ab
      << "/require;\n";
    o << "spdadd " << lan << " 10.6.0.0/16 any -P " << out << " ipsec esp/tunnel/" << ba
      << "/require;\n";
    o << "spdadd " << lan << " 10.4.0.0/16 any -P " << out << " ipsec esp/tunnel/" << ba
      << "/require;\n";
    return o.str();
}

// ------------------------------------------------------------------------ the world

using Stack = ipsecfuzz::Stack<Ipv4Address>;

/// The nodes, built once and reused for many inputs (ipsecfuzz::NodeWorld).
struct World : ipsecfuzz::NodeWorld<Ipv4Address>
{
    void Build()
    {
        CreateNodes();
        InstallInternet();
        PrepareDevices(&InstallGates);
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(b->GetObject<Ipv4>())
            ->AddNetworkRouteTo(Ipv4Address("10.3.0.0"), Ipv4Mask("255.255.0.0"), kA, 1);
        routing.GetStaticRouting(b->GetObject<Ipv4>())
            ->AddNetworkRouteTo(Ipv4Address("10.4.0.0"), Ipv4Mask("255.255.0.0"), kA, 1);
        routing.GetStaticRouting(b->GetObject<Ipv4>())
            ->AddNetworkRouteTo(Ipv4Address("10.6.0.0"), Ipv4Mask("255.255.0.0"), kA, 1);
        routing.GetStaticRouting(a->GetObject<Ipv4>())
            ->AddNetworkRouteTo(Ipv4Address("10.2.1.0"), Ipv4Mask("255.255.255.0"), kB, 1);
        routing.GetStaticRouting(h->GetObject<Ipv4>())->SetDefaultRoute(kBLan, 1);

        InstallIpsec(&SetkeyText);
        ipsec.AddRouteBasedTunnel(b,
                                  kB2,
                                  Ipv4Address("10.2.1.0"),
                                  Ipv4Mask("255.255.255.0"),
                                  a,
                                  kA2,
                                  Ipv4Address("10.5.0.0"),
                                  Ipv4Mask("255.255.0.0"),
                                  IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
        KeepSas();

        // Listeners on B and H.
        std::vector<uint16_t> udpPorts{7, 9};
        for (uint16_t p = 5000; p <= 5011; ++p)
        {
            udpPorts.push_back(p);
        }
        for (uint16_t port : udpPorts)
        {
            UdpSink(b, InetSocketAddress(Ipv4Address::GetAny(), port));
        }
        for (uint16_t port : {7, 9})
        {
            UdpSink(h, InetSocketAddress(Ipv4Address::GetAny(), port));
        }
        for (auto [node, port] : {std::make_pair(b, 9),
                                  std::make_pair(b, 22),
                                  std::make_pair(b, 5009),
                                  std::make_pair(h, 9)})
        {
            TcpSink(node, InetSocketAddress(Ipv4Address::GetAny(), port));
        }
        // Start the applications and the stacks (everything scheduled at time 0).
        Simulator::Stop(MilliSeconds(1));
        Simulator::Run();

        // What the harness can build: B's inbound SAs, and the configured combinations.
        FindInbound({kB, kB2});
        AddClassStacks(kClasses, kA, kB);
        stacks.push_back({{0x3000, 0x3001}, Ipv4Address("10.3.0.5"), kH, 17, 7, 0});
        stacks.push_back({{0x3000, 0x3001}, Ipv4Address("10.3.0.5"), kBLan, 6, 9, 0});
        stacks.push_back({{0x3010}, Ipv4Address("10.4.0.5"), kH, 6, 9, 0});
        stacks.push_back({{0x3010}, Ipv4Address("10.4.0.5"), kBLan, 1, 0, 0});
        stacks.push_back({{0x4000}, kA, kB, 17, 5020, 0});
        stacks.push_back({{0x4010}, Ipv4Address("10.6.0.5"), kH, 17, 9, 0});
        stacks.push_back({{0x4010}, Ipv4Address("10.6.0.5"), kBLan, 6, 9, 0});
        for (const auto& sa : inbound)
        {
            if (sa->GetDestination() == kB2) // the route-based tunnel's
            {
                stacks.push_back({{sa->GetSpi()}, Ipv4Address("10.5.0.5"), kH, 17, 9, 1});
                stacks.push_back({{sa->GetSpi()}, Ipv4Address("10.5.0.5"), kBLan, 1, 0, 1});
            }
        }
    }

    /// Back to the state after Build(): B's attributes from the input, SAs as new, zero
    /// statistics, restarted random streams.
    void Reset(FuzzInput& in)
    {
        ResetSas();
        uint8_t attributes = in.U8();
        uint16_t offsetMask = in.U16();
        SetAttributes(attributes);
        ipsecB->SetAttribute("AhOffsetMask", UintegerValue((attributes & 0x10) ? offsetMask : 0));
        ipsecB->GetSpd()->SetAttribute("Precedence",
                                       StringValue((attributes & 0x80) ? "FirstMatch" : "Illumos"));
        RestartStreams();
    }
};

// ------------------------------------------------------------------------ building datagrams

const Ipv4Address kAddresses[] = {kA,
                                  kB,
                                  kA2,
                                  kB2,
                                  kBLan,
                                  kH,
                                  Ipv4Address("10.3.0.5"),
                                  Ipv4Address("10.4.0.5"),
                                  Ipv4Address("10.5.0.5"),
                                  Ipv4Address("10.9.9.9"),
                                  Ipv4Address("10.1.1.255"),
                                  Ipv4Address("255.255.255.255"),
                                  Ipv4Address("224.0.0.1"),
                                  Ipv4Address("0.0.0.0"),
                                  Ipv4Address("127.0.0.1")};
const uint16_t kPorts[] = {7, 9, 22, 53, 4500, 5000, 5003, 5007, 5009, 5010, 5011, 5020};
const uint8_t kProtocols[] = {17, 6, 1, 4, 50, 51, 59, 47, 2};

IpsecBytes
Serialize(const Ipv4Header& header)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(header);
    IpsecBytes out(p->GetSize());
    p->CopyData(out.data(), out.size());
    return out;
}

/// The fields of an IPv4 header the builder carries from layer to layer.
struct HeaderFields
{
    Ipv4Address source;
    Ipv4Address destination;
    uint8_t tos = 0;
    uint8_t ttl = 64;
    uint16_t id = 0;
    bool df = false;

    Ipv4Header Make(uint8_t protocol, size_t payload) const
    {
        Ipv4Header h;
        h.SetSource(source);
        h.SetDestination(destination);
        h.SetTos(tos);
        h.SetTtl(ttl);
        h.SetIdentification(id);
        if (df)
        {
            h.SetDontFragment();
        }
        h.SetProtocol(protocol);
        h.SetPayloadSize(static_cast<uint16_t>(payload));
        return h;
    }
};

/// IPv4 fragments of a datagram (header without options), in 8-byte units of \p unit.
std::vector<IpsecBytes>
Fragment(const IpsecBytes& datagram, size_t unit)
{
    std::vector<IpsecBytes> out;
    if (datagram.size() <= 20)
    {
        out.push_back(datagram);
        return out;
    }
    size_t payload = datagram.size() - 20;
    for (size_t offset = 0; offset < payload; offset += unit)
    {
        size_t n = std::min(unit, payload - offset);
        IpsecBytes f(datagram.begin(), datagram.begin() + 20);
        uint16_t total = static_cast<uint16_t>(20 + n);
        f[2] = total >> 8;
        f[3] = total & 0xff;
        uint16_t flags
            = (uint16_t(datagram[6] & 0x40) << 8) | ((offset + n < payload) ? 0x2000 : 0);
        uint16_t field = flags | static_cast<uint16_t>(offset / 8);
        f[6] = field >> 8;
        f[7] = field & 0xff;
        f.insert(f.end(), datagram.begin() + 20 + offset, datagram.begin() + 20 + offset + n);
        out.push_back(f);
    }
    return out;
}

/**
 * \brief Raw bytes as a datagram. ns-3's Ipv4L3Protocol::Receive deserializes the header
 * (20 bytes, or IHL * 4) without checking the length and reads past the packet's end: the bytes
 * are padded with zeros to that length.
 */
IpsecBytes
RawDatagram(IpsecBytes bytes)
{
    size_t header = bytes.empty() ? 20 : std::max<size_t>(20, (bytes[0] & 0x0f) * 4u);
    if (bytes.size() < header)
    {
        bytes.resize(header, 0);
    }
    return bytes;
}

class Builder : public ipsecfuzz::DatagramBuilder<Ipv4Address>
{
  public:
    Builder(FuzzInput& in, World& world)
        : DatagramBuilder(in,
                          world,
                          std::vector<uint16_t>(std::begin(kPorts), std::end(kPorts)),
                          std::vector<uint8_t>(std::begin(kProtocols), std::end(kProtocols)))
    {
        UintegerValue mask;
        world.ipsecB->GetAttribute("AhOffsetMask", mask);
        m_offsetMask = static_cast<uint16_t>(mask.Get());
    }

    /// A raw record's datagram: the input's bytes (RawDatagram()).
    IpsecBytes Raw() { return RawDatagram(m_in.Blob(4096)); }

    /// A protected record's datagram, maybe fragmented (reversed at will); \p device receives it.
    std::vector<IpsecBytes> Protected(uint32_t& device)
    {
        IpsecBytes datagram = Datagram(device);
        std::vector<IpsecBytes> datagrams;
        uint8_t fragment = m_in.U8();
        if (fragment & 0x80)
        {
            datagrams = Fragment(datagram, 8 * (1 + (fragment & 0x3f)));
            if (fragment & 0x40)
            {
                std::reverse(datagrams.begin(), datagrams.end());
            }
        }
        else
        {
            datagrams.push_back(datagram);
        }
        return datagrams;
    }

  private:
    /// A protected datagram (complete, with its outer IPv4 header); \p device receives it.
    IpsecBytes Datagram(uint32_t& device)
    {
        // The layers.
        std::vector<ipsecfuzz::Layer> layers;
        Stack shape{{}, kA, kB, 17, 9, 0};
        if (!ChooseLayers(shape, layers))
        {
            shape.device = layers.back().sa->GetDestination() == kB2 ? 1 : 0;
        }
        device = FlipModes(layers, shape.device);

        // The innermost datagram's header and upper layer.
        HeaderFields fields;
        fields.source = PickAddress(shape.innerSource);
        fields.destination = PickAddress(shape.innerDestination);
        fields.tos = m_in.U8();
        fields.ttl = m_in.U8();
        fields.id = m_in.U16();
        fields.df = (m_in.U8() & 1) != 0;
        uint8_t protocol = Protocol(shape.protocol);
        IpsecBytes bytes = Upper(protocol, shape.port);

        // Layers, inner to outer.
        for (const auto& layer : layers)
        {
            const SecurityAssociation& sa = *layer.sa;
            if (layer.tunnel)
            {
                IpsecBytes inner = Serialize(fields.Make(protocol, bytes.size()));
                inner.insert(inner.end(), bytes.begin(), bytes.end());
                bytes.swap(inner);
                protocol = 4;
                fields.source = sa.GetSource().GetIpv4();
                fields.destination = sa.GetDestination().GetIpv4();
            }
            Seal(sa, fields, bytes, protocol, m_offsetMask);
            if (sa.GetProtocol() == IpsecProtocol::ESP)
            {
                // ESP in UDP as its SA says, mostly; sometimes the other way (a mismatch), with
                // fuzzed ports, or with the UDP length off.
                uint8_t udp = m_in.U8();
                if (sa.IsUdpEncapsulated() != ((udp & 0x0f) == 0))
                {
                    const auto& e = sa.GetEncapsulation();
                    bool fuzzPorts = (udp & 0x30) == 0x30;
                    uint16_t sport = fuzzPorts ? m_in.U16() : e.sourcePort;
                    uint16_t dport = fuzzPorts ? m_in.U16() : e.destinationPort;
                    uint16_t length = static_cast<uint16_t>(bytes.size() + 8);
                    if ((udp & 0xc0) == 0xc0)
                    {
                        length = m_in.U16();
                    }
                    uint16_t checksum = (udp & 0x40) ? m_in.U16() : 0;
                    IpsecBytes header{static_cast<uint8_t>(sport >> 8),
                                      static_cast<uint8_t>(sport),
                                      static_cast<uint8_t>(dport >> 8),
                                      static_cast<uint8_t>(dport),
                                      static_cast<uint8_t>(length >> 8),
                                      static_cast<uint8_t>(length),
                                      static_cast<uint8_t>(checksum >> 8),
                                      static_cast<uint8_t>(checksum)};
                    bytes.insert(bytes.begin(), header.begin(), header.end());
                    protocol = 17;
                }
            }
        }
        fields.ttl = m_in.Bool() ? m_in.U8() : fields.ttl; // mutable in AH
        IpsecBytes datagram = Serialize(fields.Make(protocol, bytes.size()));
        datagram.insert(datagram.end(), bytes.begin(), bytes.end());
        return datagram;
    }

    Ipv4Address PickAddress(Ipv4Address fallback)
    {
        uint32_t i = m_in.Index(std::size(kAddresses) + 1);
        return i == 0 ? fallback : kAddresses[i - 1];
    }

    /// The upper layer of another protocol than UDP and TCP: an ICMP header with fuzzed fields.
    bool OtherUpper(uint8_t protocol, uint16_t, uint8_t shape, IpsecBytes& b) override
    {
        if (protocol != 1)
        {
            return false;
        }
        const uint8_t types[] = {8, 0, 3, 11, 5, 13, 4};
        AppendIcmp(b, shape, types);
        return true;
    }

    uint16_t m_offsetMask = 0;
};

/// Deliver a datagram to B as if it came off a device.
void
Deliver(Ptr<Node> node, Ptr<NetDevice> device, IpsecBytes bytes)
{
    if (bytes.size() >= 20 && bytes[12] == 224 && bytes[13] == 0 && bytes[14] == 0)
    {
        ++g_filtered["multicast-source"]; // see Ns3BugRouting
        return;
    }
    bool fragment = bytes.size() >= 20 && ((bytes[6] & 0x3f) != 0 || bytes[7] != 0);
    if (fragment && (bytes[0] & 0x0f) < 5)
    {
        ++g_filtered["ipv4-ihl-below-5"]; // see Ns3BugRouting
        return;
    }
    ipsecfuzz::Receive<Ipv4L3Protocol>(node, device, bytes);
}

/// Inputs one world serves at most (simulated time grows by a few minutes per input).
const uint64_t kInputsPerWorld = 20000;

ipsecfuzz::WorldCache<World> g_worlds(kInputsPerWorld);

void
RunInput(FuzzInput& in)
{
    ipsecfuzz::RunRecords<Builder>(g_worlds, in, 12, &Deliver);
}

/// IPSEC_FUZZ_STATS: the worlds built, the inputs kept from ns-3 bugs.
void
PrintStats()
{
    std::fprintf(stderr,
                 "node-receive: %llu worlds built\n",
                 (unsigned long long) g_worlds.Built());
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
