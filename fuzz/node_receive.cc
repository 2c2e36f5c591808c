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
#include "fuzz-input.h"
#include "inspectable-scheduler.h"
#include "ns3-transport-bugs.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

using namespace ns3;
using ipsecfuzz::FuzzInput;

namespace
{
[[noreturn]] void
Fail(const std::string& what)
{
    std::fprintf(stderr, "node-receive: %s\n", what.c_str());
    std::abort();
}

// ------------------------------------------------------------------------ ns-3 bug filters

/// Inputs kept away from ns-3 bugs, by kind (printed at exit with IPSEC_FUZZ_STATS=1).
std::map<std::string, uint64_t> g_filtered;

/**
 * \brief Sits between IP and one of ns-3's transports (TCP, UDP, ICMP) of a node, below the
 * IPsec layer's inbound guard, and keeps the payloads of Ns3TransportBug() (ns3-transport-bugs.h)
 * from the transport.
 */
class Ns3BugGate : public DelegatingL4Protocol
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::IpsecFuzzNs3BugGate").SetParent<DelegatingL4Protocol>();
        return tid;
    }

    explicit Ns3BugGate(Ptr<IpL4Protocol> inner)
        : DelegatingL4Protocol(inner)
    {
    }

    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming) override
    {
        if (header.GetSource().IsLocalMulticast())
        {
            ++g_filtered["multicast-source"]; // see Ns3BugRouting
            return RX_OK;
        }
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        std::string bug
            = ipsecfuzz::Ns3TransportBug(static_cast<uint8_t>(GetProtocolNumber()), bytes);
        if (!bug.empty())
        {
            ++g_filtered[bug];
            return RX_OK;
        }
        return DelegatingL4Protocol::Receive(p, header, incoming);
    }

    using DelegatingL4Protocol::Receive; // IPv6: straight through
};

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
    for (int number : {6, 17, 1})
    {
        Ptr<IpL4Protocol> real = ipv4->GetProtocol(number);
        Ptr<Ns3BugGate> gate = CreateObject<Ns3BugGate>(real);
        ipv4->Insert(gate); // replaces the real one in the delivery table
        if (number == 1)
        {
            // Ipv4L3Protocol::GetIcmp() asks the protocol registered for 1 for the
            // Icmpv4L4Protocol aggregated to it: aggregate the gate to the node.
            node->AggregateObject(gate);
        }
    }
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

/// A transport-mode protection class between A and B: one policy pair and its SAs.
struct TransportClass
{
    const char* protocol; //!< setkey upper layer
    uint16_t port;        //!< B's port (0 = any)
    const char* esp;      //!< ESP cipher/AEAD, or nullptr
    const char* espAuth;  //!< ESP integrity, or nullptr
    const char* ah;       //!< AH algorithm, or nullptr
    const char* options;  //!< extra setkey SA options
    uint32_t policyId;    //!< setkey -u / unique:N, 0 = none
};

// clang-format off
const TransportClass kClasses[] = {
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

/// Key material for an SA: the algorithm's default size, bytes derived from the SPI.
std::string
KeyHex(const std::string& algorithm, uint32_t spi)
{
    const IpsecAlgorithm* a = IpsecAlgorithmRegistry::Find(algorithm);
    IpsecBytes key(a->DefaultKeyMaterialBytes());
    for (size_t i = 0; i < key.size(); ++i)
    {
        key[i] = static_cast<uint8_t>(spi * 7 + i * 29 + (spi >> 8));
    }
    return "0x" + ipsec_crypto::ToHex(key);
}

std::string
SetkeySa(Ipv4Address src,
         Ipv4Address dst,
         bool esp,
         uint32_t spi,
         const char* mode,
         const char* encr,
         const char* auth,
         const std::string& options,
         uint32_t policyId)
{
    std::ostringstream o;
    o << "add " << src << " " << dst << (esp ? " esp " : " ah ") << spi << " -m " << mode << " "
      << options;
    if (policyId)
    {
        o << " -u " << policyId;
    }
    if (esp)
    {
        o << " -E " << encr;
        if (std::string(encr) != "null")
        {
            o << " " << KeyHex(encr, spi);
        }
    }
    if (auth)
    {
        o << " -A " << auth << " " << KeyHex(auth, spi ^ 0x55);
    }
    o << ";\n";
    return o.str();
}

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
    uint32_t spi = 0x1000;
    for (const auto& c : kClasses)
    {
        for (int direction = 0; direction < 2; ++direction)
        {
            Ipv4Address src = direction == 0 ? kA : kB;
            Ipv4Address dst = direction == 0 ? kB : kA;
            uint32_t base = spi + (direction == 0 ? 0 : 0x1000);
            if (c.esp)
            {
                o << SetkeySa(src,
                              dst,
                              true,
                              base,
                              "transport",
                              c.esp,
                              c.espAuth,
                              c.options,
                              c.policyId);
            }
            if (c.ah)
            {
                o << SetkeySa(src, dst, false, base + 1, "transport", nullptr, c.ah, c.options, 0);
            }
        }
        std::string port = c.port ? std::to_string(c.port) : "any";
        std::ostringstream rule;
        if (c.esp)
        {
            rule << " esp/transport//"
                 << (c.policyId ? "unique:" + std::to_string(c.policyId) : "require");
        }
        if (c.ah)
        {
            rule << " ah/transport//require";
        }
        o << "spdadd " << kA << "[any] " << kB << "[" << port << "] " << c.protocol << " -P " << in
          << " ipsec" << rule.str() << ";\n";
        o << "spdadd " << kB << "[" << port << "] " << kA << "[any] " << c.protocol << " -P " << out
          << " ipsec" << rule.str() << ";\n";
        spi += 0x10;
    }
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
    for (const char* p : {"udp", "tcp"})
    {
        std::string port = p[0] == 'u' ? "7" : "22";
        o << "spdadd 0.0.0.0/0[any] 0.0.0.0/0[" << port << "] " << p << " -P in none;\n";
        o << "spdadd 0.0.0.0/0[" << port << "] 0.0.0.0/0[any] " << p << " -P out none;\n";
        o << "spdadd 0.0.0.0/0[" << port << "] 0.0.0.0/0[any] " << p << " -P in none;\n";
        o << "spdadd 0.0.0.0/0[any] 0.0.0.0/0[" << port << "] " << p << " -P out none;\n";
    }
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

/// A layer the harness can build: an SA of B's SADB and its mode.
struct Layer
{
    Ptr<SecurityAssociation> sa; //!< B's inbound SA (the harness encapsulates with a copy)
    bool tunnel;                 //!< wrap in an outer IPv4 header first
};

/// A configured combination: layers inner to outer, and the default addressing.
struct Stack
{
    std::vector<uint32_t> spis; //!< inner to outer
    Ipv4Address innerSource;    //!< source of the innermost datagram
    Ipv4Address innerDestination;
    uint8_t protocol; //!< default upper layer
    uint16_t port;    //!< default destination port
    uint32_t device;  //!< B's device the datagram arrives on
};

/// The SAs and policies of A and B as the setkey text makes them (parsed once per process).
struct Configuration
{
    std::vector<Ptr<SecurityAssociation>> sas;
    std::vector<Ptr<SecurityPolicy>> policies;
};

Configuration g_configuration[2]; //!< A's, B's

/// A fresh SA equal to \p sa (same keys and parameters), through the public setters.
Ptr<SecurityAssociation>
CopySa(const SecurityAssociation& sa)
{
    auto c = Create<SecurityAssociation>(sa.GetProtocol(),
                                         sa.GetSpi(),
                                         sa.GetSource(),
                                         sa.GetDestination());
    if (sa.GetEncryptionAlgorithm())
    {
        c->SetEncryption(sa.GetEncryptionAlgorithm()->name, sa.GetEncryptionKey());
    }
    if (sa.GetAuthenticationAlgorithm())
    {
        c->SetAuthentication(sa.GetAuthenticationAlgorithm()->name, sa.GetAuthenticationKey());
    }
    c->SetMode(sa.GetMode());
    c->SetReplayWindow(sa.GetReplayWindowSize());
    c->SetExtendedSequenceNumbers(sa.HasExtendedSequenceNumbers());
    c->SetCyclic(sa.IsCyclic());
    c->SetSoftLifetime(sa.GetSoftLifetime());
    c->SetHardLifetime(sa.GetHardLifetime());
    c->SetSelectors(sa.GetSelectors());
    c->SetPolicyId(sa.GetPolicyId());
    c->SetPairSpi(sa.GetPairSpi());
    std::string error = c->Initialize();
    if (!error.empty())
    {
        Fail("harness: cannot copy " + sa.Describe() + ": " + error);
    }
    return c;
}

/**
 * \brief The nodes, built once and reused for many inputs.
 *
 * Before each input, Reset() gives A and B fresh copies of their SAs (new sequence counters and
 * replay windows), B the attributes the input asks for, zero statistics and restarted random
 * streams. After it, IsClean() tells whether the input left state behind that Reset() cannot
 * undo (pending events, an open TCP connection, a connection latch, packets held for an
 * ACQUIRE); the world is then rebuilt, so that no input sees what an earlier one did.
 */
struct World
{
    Ptr<Node> a;
    Ptr<Node> b;
    Ptr<Node> h;
    std::vector<Ptr<NetDevice>> bDevices; //!< link 1, link 2, LAN
    Ptr<IpsecL3Protocol> ipsecA;
    Ptr<IpsecL3Protocol> ipsecB;
    IpsecHelper ipsec;
    InternetStackHelper internet;
    std::vector<Ptr<SecurityAssociation>> sasA;    //!< A's SAs as configured
    std::vector<Ptr<SecurityAssociation>> sasB;    //!< B's SAs as configured
    std::vector<Ptr<SecurityAssociation>> inbound; //!< B's SAs with destination B
    std::vector<Stack> stacks;
    std::vector<Ptr<PacketSink>> tcpSinks;

    void Build()
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        // ns-3.37's TcpSocketBase enters the zero-window persist state on any segment that
        // leaves the peer's window at 0 (a LISTEN socket on any segment without SYN, as its
        // window starts at 0), and TcpSocketBase::PersistTimeout then dereferences a null item
        // of its empty send buffer (TcpTxItem::GetPacketCopy): our sinks never send data. The
        // persist timer is therefore set beyond the end of every run.
        Config::SetDefault("ns3::TcpSocket::PersistTimeout", TimeValue(Seconds(1e6)));
        a = CreateObject<Node>();
        b = CreateObject<Node>();
        h = CreateObject<Node>();
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        link.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer l1 = link.Install(a, b);
        NetDeviceContainer l2 = link.Install(a, b);
        NetDeviceContainer lan = link.Install(b, h);
        internet.Install(NodeContainer(a, b, h));
        Ipv4AddressHelper ip;
        ip.SetBase("10.1.1.0", "255.255.255.0");
        ip.Assign(l1);
        ip.SetBase("10.1.2.0", "255.255.255.0");
        ip.Assign(l2);
        ip.SetBase("10.2.1.0", "255.255.255.0");
        ip.Assign(lan);
        bDevices = {l1.Get(1), l2.Get(1), lan.Get(0)};
        // No queue discs: the default FqCoDelQueueDisc hashes forwarded TCP segments through
        // TcpHeader::Deserialize (Ipv4QueueDiscItem::Hash), with the endless loop of Ns3TcpBug().
        // Traffic control is no part of what this harness tests.
        TrafficControlHelper traffic;
        for (const auto& devices : {l1, l2, lan})
        {
            traffic.Uninstall(devices);
        }
        for (Ptr<Node> n : {a, b, h})
        {
            InstallGates(n);
        }
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

        ipsecA = ipsec.Install(a);
        ipsecB = ipsec.Install(b);
        ipsec.AssignStreams(NodeContainer(a, b), 100);
        int side = 0;
        for (auto [node, forB] : {std::make_pair(ipsecA, false), std::make_pair(ipsecB, true)})
        {
            Configuration& c = g_configuration[side++];
            if (c.sas.empty())
            {
                // The first world reads the text; later ones copy what it made (faster).
                IpsecConfigResult r = IpsecConfig::Load(node,
                                                        IpsecConfigFormat::SETKEY,
                                                        SetkeyText(forB),
                                                        "setkey");
                if (!r.ok)
                {
                    Fail("harness: the configuration does not load: " + r.error + "\n"
                         + SetkeyText(forB));
                }
                for (const auto& sa : node->GetSadb()->Dump())
                {
                    c.sas.push_back(CopySa(*sa));
                }
                for (const auto& p : node->GetSpd()->Dump())
                {
                    c.policies.push_back(Create<SecurityPolicy>(*p));
                }
                continue;
            }
            for (const auto& sa : c.sas)
            {
                node->GetSadb()->Add(CopySa(*sa));
            }
            for (const auto& p : c.policies)
            {
                node->GetSpd()->Add(Create<SecurityPolicy>(*p));
            }
        }
        ipsec.AddRouteBasedTunnel(b,
                                  kB2,
                                  Ipv4Address("10.2.1.0"),
                                  Ipv4Mask("255.255.255.0"),
                                  a,
                                  kA2,
                                  Ipv4Address("10.5.0.0"),
                                  Ipv4Mask("255.255.0.0"),
                                  IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));
        for (auto [node, copies] : {std::make_pair(ipsecA, &sasA), std::make_pair(ipsecB, &sasB)})
        {
            for (const auto& sa : node->GetSadb()->Dump())
            {
                const auto& s = sa->GetSoftLifetime();
                const auto& h = sa->GetHardLifetime();
                if (s.bytes || s.addTime || s.useTime || s.allocations || h.bytes || h.addTime
                    || h.useTime || h.allocations)
                {
                    Fail("harness: Reset() assumes SAs without lifetimes: " + sa->Describe());
                }
                copies->push_back(CopySa(*sa));
            }
        }

        // Listeners on B and H. Sinks only: an echo server answers a forged source, which can
        // be another echo server or itself, and the two then talk for ever.
        std::vector<uint16_t> udpPorts{7, 9};
        for (uint16_t p = 5000; p <= 5011; ++p)
        {
            udpPorts.push_back(p);
        }
        for (uint16_t port : udpPorts)
        {
            PacketSinkHelper("ns3::UdpSocketFactory",
                             InetSocketAddress(Ipv4Address::GetAny(), port))
                .Install(b);
        }
        for (uint16_t port : {7, 9})
        {
            PacketSinkHelper("ns3::UdpSocketFactory",
                             InetSocketAddress(Ipv4Address::GetAny(), port))
                .Install(h);
        }
        for (auto [node, port] : {std::make_pair(b, 9),
                                  std::make_pair(b, 22),
                                  std::make_pair(b, 5009),
                                  std::make_pair(h, 9)})
        {
            ApplicationContainer app
                = PacketSinkHelper("ns3::TcpSocketFactory",
                                   InetSocketAddress(Ipv4Address::GetAny(), port))
                      .Install(node);
            tcpSinks.push_back(DynamicCast<PacketSink>(app.Get(0)));
        }
        // Start the applications and the stacks (everything scheduled at time 0).
        Simulator::Stop(MilliSeconds(1));
        Simulator::Run();

        // What the harness can build: B's inbound SAs, and the configured combinations.
        for (const auto& sa : sasB)
        {
            if (sa->GetDestination() == kB || sa->GetDestination() == kB2)
            {
                inbound.push_back(sa);
            }
        }
        uint32_t spi = 0x1000;
        for (const auto& c : kClasses)
        {
            Stack s;
            if (c.esp)
            {
                s.spis.push_back(spi);
            }
            if (c.ah)
            {
                s.spis.push_back(spi + 1);
            }
            s.innerSource = kA;
            s.innerDestination = kB;
            std::string protocol = c.protocol;
            s.protocol = protocol == "udp" ? 17 : protocol == "tcp" ? 6 : 1;
            s.port = c.port;
            s.device = 0;
            stacks.push_back(s);
            spi += 0x10;
        }
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

    /**
     * \brief Back to the state after Build(): B's attributes from the input, SAs as new, zero
     * statistics, restarted random streams.
     *
     * What a packet changes in an SA is its anti-replay window, its sequence counter and its
     * use counters. The first two are reset in place (a new object would change the SADB's
     * order, which decides the outbound SA); the counters only matter for lifetimes, and these
     * SAs have none (Build() checks). An SA set that changed otherwise is added again whole.
     */
    void Reset(FuzzInput& in)
    {
        for (auto [ipsecNode, sas] : {std::make_pair(ipsecA, &sasA), std::make_pair(ipsecB, &sasB)})
        {
            Ptr<SecurityAssociationDatabase> sadb = ipsecNode->GetSadb();
            bool intact = sadb->GetN() == sas->size();
            for (size_t i = 0; intact && i < sas->size(); ++i)
            {
                const SecurityAssociation& t = *(*sas)[i];
                Ptr<SecurityAssociation> sa
                    = sadb->Get(t.GetProtocol(), t.GetDestination(), t.GetSpi());
                intact = sa && sa->GetState() == t.GetState();
                if (intact)
                {
                    sa->GetReplayWindow()
                        = ReplayWindow(sa->GetReplayWindowSize(), sa->HasExtendedSequenceNumbers());
                    sa->SetLastSequence(0);
                }
            }
            if (!intact)
            {
                sadb->Flush();
                for (const auto& sa : *sas)
                {
                    std::string error = sadb->Add(CopySa(*sa));
                    if (!error.empty())
                    {
                        Fail("harness: an SA copy is refused: " + error);
                    }
                }
            }
            ipsecNode->ResetStats();
        }
        uint8_t attributes = in.U8();
        uint16_t offsetMask = in.U16();
        ipsecB->SetAttribute("AhClearTos", BooleanValue((attributes & 0x01) == 0));
        ipsecB->SetAttribute("CheckPadding", BooleanValue((attributes & 0x02) == 0));
        ipsecB->SetAttribute("Ecn", BooleanValue((attributes & 0x04) != 0));
        ipsecB->SetAttribute("IcmpAcceptClear", BooleanValue((attributes & 0x08) == 0));
        ipsecB->SetAttribute("AhOffsetMask", UintegerValue((attributes & 0x10) ? offsetMask : 0));
        const char* df[] = {"Clear", "Set", "Copy", "Clear"};
        ipsecB->SetAttribute("DfBit", StringValue(df[(attributes >> 5) & 3]));
        ipsecB->GetSpd()->SetAttribute("Precedence",
                                       StringValue((attributes & 0x80) ? "FirstMatch" : "Illumos"));
        ipsec.AssignStreams(NodeContainer(a, b), 100);
        internet.AssignStreams(NodeContainer(a, b, h), 200);
    }

    /// \return true when nothing of the last input is left that Reset() would not undo
    bool IsClean() const
    {
        if (!ipsecfuzz::InspectableScheduler::Current()
            || ipsecfuzz::InspectableScheduler::Current()->Live() != 0)
        {
            return false; // events beyond the end of the run (a TCP timer, an echo loop)
        }
        for (const auto& sink : tcpSinks)
        {
            if (!sink->GetAcceptedSockets().empty())
            {
                return false; // a connection was opened
            }
        }
        for (const auto& node : {ipsecA, ipsecB})
        {
            if (node->GetLatchedConnections() != 0 || node->GetHeldPackets() != 0)
            {
                return false;
            }
        }
        return true;
    }

    Ptr<SecurityAssociation> Inbound(uint32_t spi) const
    {
        for (const auto& sa : inbound)
        {
            if (sa->GetSpi() == spi)
            {
                return sa;
            }
        }
        Fail("harness: no inbound SA " + std::to_string(spi));
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

void
PutU16(IpsecBytes& b, uint16_t v)
{
    b.push_back(v >> 8);
    b.push_back(v & 0xff);
}

void
PutU32(IpsecBytes& b, uint32_t v)
{
    PutU16(b, v >> 16);
    PutU16(b, v & 0xffff);
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

class Builder
{
  public:
    Builder(FuzzInput& in, World& world)
        : m_in(in)
        , m_world(world)
    {
        BooleanValue clearTos;
        world.ipsecB->GetAttribute("AhClearTos", clearTos);
        m_clearTos = clearTos.Get();
        UintegerValue mask;
        world.ipsecB->GetAttribute("AhOffsetMask", mask);
        m_offsetMask = static_cast<uint16_t>(mask.Get());
    }

    /// A protected datagram (complete, with its outer IPv4 header); \p device receives it.
    IpsecBytes Protected(uint32_t& device)
    {
        // The layers.
        std::vector<Layer> layers;
        const auto& stacks = m_world.stacks;
        uint32_t choice = m_in.Index(stacks.size() + 1);
        Stack shape{{}, kA, kB, 17, 9, 0};
        if (choice < stacks.size())
        {
            shape = stacks[choice];
            for (uint32_t spi : shape.spis)
            {
                Ptr<SecurityAssociation> sa = m_world.Inbound(spi);
                layers.push_back({sa, sa->GetMode() == IpsecMode::TUNNEL});
            }
        }
        else
        {
            uint32_t n = 1 + m_in.Index(3);
            for (uint32_t i = 0; i < n; ++i)
            {
                Ptr<SecurityAssociation> sa = m_world.inbound[m_in.Index(m_world.inbound.size())];
                layers.push_back({sa, sa->GetMode() == IpsecMode::TUNNEL});
            }
            shape.device = layers.back().sa->GetDestination() == kB2 ? 1 : 0;
        }
        uint8_t flips = m_in.U8(); // flip a layer's mode: tunnel in a transport SA and back
        for (size_t i = 0; i < layers.size(); ++i)
        {
            if (flips & (1 << i))
            {
                layers[i].tunnel = !layers[i].tunnel;
            }
        }
        device = (flips & 0x80) ? m_in.Index(3) : shape.device;

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
            Ptr<SecurityAssociation> out = Sender(sa);
            uint64_t seq = Sequence(sa);
            if (sa.GetProtocol() == IpsecProtocol::ESP)
            {
                IpsecBytes iv = m_in.BytesPadded(16);
                bytes = EspTransform::Encapsulate(*out,
                                                  seq,
                                                  iv.data(),
                                                  bytes.data(),
                                                  bytes.size(),
                                                  protocol);
                protocol = 50;
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
            else
            {
                Ipv4Header h = fields.Make(51, AhTransform::Overhead(*out) + bytes.size());
                IpsecBytes ah = AhTransform::Encapsulate(*out,
                                                         seq,
                                                         h,
                                                         bytes.data(),
                                                         bytes.size(),
                                                         protocol,
                                                         m_clearTos,
                                                         m_offsetMask);
                ah.insert(ah.end(), bytes.begin(), bytes.end());
                bytes.swap(ah);
                protocol = 51;
            }
        }
        fields.ttl = m_in.Bool() ? m_in.U8() : fields.ttl; // mutable in AH
        IpsecBytes datagram = Serialize(fields.Make(protocol, bytes.size()));
        datagram.insert(datagram.end(), bytes.begin(), bytes.end());
        return datagram;
    }

  private:
    Ipv4Address PickAddress(Ipv4Address fallback)
    {
        uint32_t i = m_in.Index(std::size(kAddresses) + 1);
        return i == 0 ? fallback : kAddresses[i - 1];
    }

    uint8_t Protocol(uint8_t fallback)
    {
        uint32_t i = m_in.Index(std::size(kProtocols) + 2);
        if (i == 0)
        {
            return fallback;
        }
        return i <= std::size(kProtocols) ? kProtocols[i - 1] : m_in.U8();
    }

    uint16_t Port(uint16_t fallback)
    {
        uint32_t i = m_in.Index(std::size(kPorts) + 2);
        if (i == 0)
        {
            return fallback;
        }
        return i <= std::size(kPorts) ? kPorts[i - 1] : m_in.U16();
    }

    /// The upper layer: a UDP, TCP or ICMP header with fuzzed fields, or raw bytes.
    IpsecBytes Upper(uint8_t protocol, uint16_t port)
    {
        uint8_t shape = m_in.U8();
        IpsecBytes b;
        if (shape & 1)
        {
            return m_in.Blob(1500); // whatever the fuzzer likes
        }
        if (protocol == 17)
        {
            PutU16(b, Port(49153));
            PutU16(b, Port(port));
            IpsecBytes payload = m_in.Blob(1400);
            PutU16(b, (shape & 2) ? m_in.U16() : static_cast<uint16_t>(8 + payload.size()));
            PutU16(b, 0); // checksum: ns-3 checksums are off
            b.insert(b.end(), payload.begin(), payload.end());
        }
        else if (protocol == 6)
        {
            PutU16(b, Port(49153));
            PutU16(b, Port(port));
            PutU32(b, m_in.U32()); // sequence
            PutU32(b, m_in.U32()); // acknowledgement
            IpsecBytes options = m_in.Blob(40);
            options.resize((options.size() + 3) / 4 * 4, 0);
            uint8_t offset
                = (shape & 2) ? (m_in.U8() & 0x0f) : static_cast<uint8_t>(5 + options.size() / 4);
            b.push_back(static_cast<uint8_t>(offset << 4));
            b.push_back(m_in.U8()); // flags
            PutU16(b, m_in.U16());  // window
            PutU16(b, 0);           // checksum
            PutU16(b, m_in.U16());  // urgent pointer
            b.insert(b.end(), options.begin(), options.end());
            IpsecBytes payload = m_in.Blob(1400);
            b.insert(b.end(), payload.begin(), payload.end());
        }
        else if (protocol == 1)
        {
            const uint8_t types[] = {8, 0, 3, 11, 5, 13, 4};
            b.push_back((shape & 2) ? m_in.U8() : types[m_in.Index(std::size(types))]);
            b.push_back(m_in.U8()); // code
            PutU16(b, 0);           // checksum
            IpsecBytes rest = m_in.Blob(1400);
            b.insert(b.end(), rest.begin(), rest.end());
        }
        else
        {
            return m_in.Blob(1500);
        }
        return b;
    }

    /// A sender-side copy of an inbound SA: same keys, its own sequence counter.
    Ptr<SecurityAssociation> Sender(const SecurityAssociation& sa)
    {
        auto it = m_senders.find(&sa);
        if (it != m_senders.end())
        {
            return it->second;
        }
        auto c = Create<SecurityAssociation>(sa.GetProtocol(),
                                             sa.GetSpi(),
                                             sa.GetSource(),
                                             sa.GetDestination());
        if (sa.GetEncryptionAlgorithm())
        {
            c->SetEncryption(sa.GetEncryptionAlgorithm()->name, sa.GetEncryptionKey());
        }
        if (sa.GetAuthenticationAlgorithm())
        {
            c->SetAuthentication(sa.GetAuthenticationAlgorithm()->name, sa.GetAuthenticationKey());
        }
        c->SetMode(sa.GetMode());
        c->SetExtendedSequenceNumbers(sa.HasExtendedSequenceNumbers());
        std::string error = c->Initialize();
        if (!error.empty())
        {
            Fail("harness: a sender copy of " + sa.Describe() + ": " + error);
        }
        m_senders[&sa] = c;
        return c;
    }

    /// The next sequence number of an SA, or one the input chooses.
    uint64_t Sequence(const SecurityAssociation& sa)
    {
        uint64_t& next = m_sequence[&sa];
        uint8_t mode = m_in.U8();
        if (mode & 1)
        {
            uint64_t seq = sa.HasExtendedSequenceNumbers() ? m_in.U64() : m_in.U32();
            next = std::max(next, seq);
            return seq;
        }
        return ++next;
    }

    FuzzInput& m_in;
    World& m_world;
    bool m_clearTos = true;
    uint16_t m_offsetMask = 0;
    std::map<const SecurityAssociation*, Ptr<SecurityAssociation>> m_senders;
    std::map<const SecurityAssociation*, uint64_t> m_sequence;
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

/// Deliver a datagram to B as if it came off a device.
void
Deliver(Ptr<Node> node, Ptr<NetDevice> device, IpsecBytes bytes)
{
    if (bytes.size() >= 20 && bytes[12] == 224 && bytes[13] == 0 && bytes[14] == 0)
    {
        ++g_filtered["multicast-source"]; // see Ns3BugRouting
        return;
    }
    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    node->GetObject<Ipv4L3Protocol>()->Receive(device,
                                               p,
                                               Ipv4L3Protocol::PROT_NUMBER,
                                               device->GetAddress(),
                                               device->GetAddress(),
                                               NetDevice::PACKET_HOST);
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

/// Inputs one world serves at most (simulated time grows by a few minutes per input).
const uint64_t kInputsPerWorld = 20000;

World* g_world = nullptr;
uint64_t g_worldInputs = 0;
uint64_t g_worlds = 0;

void
DropWorld()
{
    delete g_world;
    g_world = nullptr;
    Simulator::Destroy();
}

void
RunInput(FuzzInput& in)
{
    static bool fresh = std::getenv("IPSEC_FUZZ_FRESH_WORLD") != nullptr;
    if (!g_world || fresh || g_worldInputs >= kInputsPerWorld)
    {
        if (g_world)
        {
            DropWorld();
        }
        g_world = new World;
        g_world->Build();
        g_worldInputs = 0;
        ++g_worlds;
    }
    World& world = *g_world;
    ++g_worldInputs;
    world.Reset(in);
    Builder builder(in, world);
    std::vector<std::pair<uint32_t, IpsecBytes>> sent;
    Time at = MilliSeconds(1);
    for (int record = 0; record < 12 && !in.Empty(); ++record)
    {
        uint8_t kind = in.U8() % 4;
        at += MilliSeconds(in.U8());
        uint32_t device = 0;
        std::vector<IpsecBytes> datagrams;
        if (kind == 0)
        {
            device = in.Index(3);
            datagrams.push_back(RawDatagram(in.Blob(4096)));
        }
        else if (kind == 1)
        {
            IpsecBytes datagram = builder.Protected(device);
            uint8_t fragment = in.U8();
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
        }
        else if (!sent.empty())
        {
            auto [d, bytes] = sent[in.Index(sent.size())];
            device = d;
            if (kind == 3 && !bytes.empty())
            {
                size_t position = in.U16() % bytes.size();
                uint8_t mask = in.U8();
                bytes[position] ^= mask ? mask : 1;
            }
            datagrams.push_back(bytes);
        }
        for (const auto& d : datagrams)
        {
            sent.emplace_back(device, d);
            Simulator::Schedule(at, &Deliver, world.b, world.bDevices[device], d);
        }
    }
    // Long enough for reassembly (30 s), TCP's SYN-ACK retries and TIME_WAIT (2 MSL, 120 s).
    Simulator::Stop(at + Seconds(200));
    Simulator::Run();
    if (std::getenv("IPSEC_FUZZ_VERBOSE"))
    {
        // What the input did, for whoever studies a reproducer.
        IpsecHelper::PrintStats(std::cerr, NodeContainer(world.a, world.b));
    }
    if (!world.IsClean())
    {
        DropWorld(); // the next input gets a new world
    }
}
} // namespace

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    GlobalValue::Bind("SchedulerType", TypeIdValue(ipsecfuzz::InspectableScheduler::GetTypeId()));
    // Fail early if the world cannot be built at all.
    FuzzInput empty(nullptr, 0);
    RunInput(empty);
    std::atexit([] {
        if (std::getenv("IPSEC_FUZZ_STATS"))
        {
            std::fprintf(stderr,
                         "node-receive: %llu worlds built\n",
                         (unsigned long long) g_worlds);
            for (const auto& [bug, n] : g_filtered)
            {
                std::fprintf(stderr,
                             "node-receive: %llu kept from ns-3 (%s)\n",
                             (unsigned long long) n,
                             bug.c_str());
            }
        }
    });
    return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzInput in(data, size);
    RunInput(in);
    return 0;
}
