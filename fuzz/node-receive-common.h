/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief What the `node-receive` (IPv4) and `node-receive6` (IPv6) harnesses share: their
 * failure messages and ns-3 bug statistics, the gates that keep ns-3's transport bugs away,
 * setkey text for transport-mode protection classes, the world (A ==== B ---- H, reused for
 * many inputs), the parts of a datagram builder that do not depend on the IP version (layers,
 * upper-layer headers, sealing with sender-side SA copies) and the run of an input's records.
 *
 * Where the two differ, the harness gives what is its own: the address type of its stacks
 * (Ipv4Address, or IpsecAddress for either family), its setkey text, gates, routes, sinks and
 * stacks, its address picks and IP headers, its raw and protected records, and how it delivers
 * a datagram to B. A harness that includes this header defines ipsecfuzz::kHarnessName.
 */
#ifndef IPSEC_FUZZ_NODE_RECEIVE_COMMON_H
#define IPSEC_FUZZ_NODE_RECEIVE_COMMON_H

#include "fuzz-input.h"
#include "inspectable-scheduler.h"
#include "sa-copy.h"
#include "world-cache.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace ipsecfuzz
{

// ------------------------------------------------------------------------ messages

/// The harness's name, which its messages start with ("node-receive"): the harness defines it.
extern const char* const kHarnessName;

/**
 * \brief Stop the run (libFuzzer saves the input as a crash).
 * \param what what went wrong
 */
[[noreturn]] inline void
Fail(const std::string& what)
{
    std::fprintf(stderr, "%s: %s\n", kHarnessName, what.c_str());
    std::abort();
}

/// Inputs kept away from ns-3 bugs, by kind (printed at exit with IPSEC_FUZZ_STATS=1).
inline std::map<std::string, uint64_t> g_filtered;

/// Print how often each ns-3 bug was kept away (g_filtered), for IPSEC_FUZZ_STATS.
inline void
PrintFiltered()
{
    for (const auto& [bug, n] : g_filtered)
    {
        std::fprintf(stderr,
                     "%s: %llu kept from ns-3 (%s)\n",
                     kHarnessName,
                     (unsigned long long) n,
                     bug.c_str());
    }
}

// ------------------------------------------------------------------------ ns-3 bug filters

/// Why ns-3.37 would misbehave on a transport payload (IP protocol number, bytes), or "".
using Ns3BugCheck = std::string (*)(uint8_t protocol, const std::vector<uint8_t>& payload);

/**
 * \brief Sits between IP and one of ns-3's transports of a node, below the IPsec layer's inbound
 * guards, and keeps from the transport the payloads \p Bug4 (IPv4) and \p Bug6 (IPv6) name,
 * and IPv4 datagrams from a link-local multicast source (224.0.0.0/24: whatever answers them
 * dereferences a null pointer in ns-3.37's Ipv4StaticRouting, see node_receive.cc's
 * Ns3BugRouting). One class per protocol number, so that the ICMP and ICMPv6 gates can both
 * join the node's aggregate (as Ipv4L3Protocol::GetIcmp and Ipv6L3Protocol::GetIcmpv6 want).
 *
 * \tparam Number the transport's protocol number
 * \tparam Bug4 what to keep from the transport over IPv4
 * \tparam Bug6 the same over IPv6, or nullptr for none (IPv6 straight through)
 */
template <int Number, Ns3BugCheck Bug4, Ns3BugCheck Bug6>
class Ns3BugGate : public ns3::DelegatingL4Protocol
{
  public:
    /// \return the TypeId
    static ns3::TypeId GetTypeId()
    {
        static ns3::TypeId tid = ns3::TypeId("ns3::IpsecFuzzNs3BugGate" + std::to_string(Number))
                                     .SetParent<ns3::DelegatingL4Protocol>();
        return tid;
    }

    /// \param inner the transport
    explicit Ns3BugGate(ns3::Ptr<ns3::IpL4Protocol> inner)
        : ns3::DelegatingL4Protocol(inner)
    {
    }

    RxStatus Receive(ns3::Ptr<ns3::Packet> p,
                     const ns3::Ipv4Header& header,
                     ns3::Ptr<ns3::Ipv4Interface> incoming) override
    {
        if (header.GetSource().IsLocalMulticast())
        {
            ++g_filtered["multicast-source"]; // see node_receive.cc's Ns3BugRouting
            return RX_OK;
        }
        if (header.GetSerializedSize() < 20)
        {
            ++g_filtered["ipv4-ihl-below-5"]; // see node_receive.cc's Ns3BugRouting
            return RX_OK;
        }
        return Pass(p, Bug4) ? DelegatingL4Protocol::Receive(p, header, incoming) : RX_OK;
    }

    RxStatus Receive(ns3::Ptr<ns3::Packet> p,
                     const ns3::Ipv6Header& header,
                     ns3::Ptr<ns3::Ipv6Interface> incoming) override
    {
        return Pass(p, Bug6) ? DelegatingL4Protocol::Receive(p, header, incoming) : RX_OK;
    }

  private:
    /**
     * \param p a transport payload
     * \param bug what to keep from the transport, or nullptr
     * \return true when \p p may go on to ns-3's transport
     */
    bool Pass(ns3::Ptr<ns3::Packet> p, Ns3BugCheck bug)
    {
        if (!bug)
        {
            return true;
        }
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        std::string reason = bug(static_cast<uint8_t>(GetProtocolNumber()), bytes);
        if (!reason.empty())
        {
            ++g_filtered[reason];
            return false;
        }
        return true;
    }
};

// ------------------------------------------------------------------------ configuration

/// A transport-mode protection class between A and B: one policy pair and its SAs.
struct TransportClass
{
    const char* protocol;  //!< setkey upper layer ("udp", "tcp", "icmp")
    uint16_t port;         //!< B's port (0 = any)
    const char* esp;       //!< ESP cipher/AEAD, or nullptr
    const char* espAuth;   //!< ESP integrity, or nullptr
    const char* ah;        //!< AH algorithm, or nullptr
    const char* options;   //!< extra setkey SA options
    uint32_t policyId = 0; //!< setkey -u / unique:N, 0 = none
};

/**
 * \brief Key material for an SA: the algorithm's default size, bytes derived from the SPI.
 * \param algorithm the algorithm's name
 * \param spi the SA's SPI
 * \return the key in setkey's hexadecimal form
 */
inline std::string
KeyHex(const std::string& algorithm, uint32_t spi)
{
    const ns3::IpsecAlgorithm* a = ns3::IpsecAlgorithmRegistry::Find(algorithm);
    ns3::IpsecBytes key(a->DefaultKeyMaterialBytes());
    for (size_t i = 0; i < key.size(); ++i)
    {
        key[i] = static_cast<uint8_t>(spi * 7 + i * 29 + (spi >> 8));
    }
    return "0x" + ns3::ipsec_crypto::ToHex(key);
}

/**
 * \brief A setkey `add` of one SA, with keys from KeyHex().
 * \param src its source
 * \param dst its destination
 * \param esp ESP (true) or AH
 * \param spi its SPI (the ESP key's seed; the integrity key's is spi ^ 0x55)
 * \param mode "transport" or "tunnel"
 * \param encr ESP cipher (not used for AH)
 * \param auth integrity algorithm, or nullptr
 * \param options extra options
 * \param policyId setkey -u, 0 = none
 * \return the statement
 */
template <typename A>
std::string
SetkeySa(A src,
         A dst,
         bool esp,
         uint32_t spi,
         const char* mode,
         const char* encr,
         const char* auth,
         const std::string& options,
         uint32_t policyId = 0)
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
 * \brief The setkey text of transport-mode protection classes between A and B: SAs of both
 * directions (A -> B from SPI 0x1000 up, 0x10 a class, the AH SA of a class at its ESP SPI +
 * 1; B -> A at + 0x1000) and the policies of one node.
 * \param classes the classes (TransportClass)
 * \param a A's address
 * \param b B's address
 * \param forB B's policies (true) or A's
 * \return the text
 */
template <typename A, typename Classes>
std::string
TransportSetkey(const Classes& classes, A a, A b, bool forB)
{
    std::ostringstream o;
    const char* in = forB ? "in" : "out";  // traffic A -> B
    const char* out = forB ? "out" : "in"; // traffic B -> A
    uint32_t spi = 0x1000;
    for (const TransportClass& c : classes)
    {
        for (int direction = 0; direction < 2; ++direction)
        {
            A src = direction == 0 ? a : b;
            A dst = direction == 0 ? b : a;
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
                o << SetkeySa(src, dst, false, base + 1, "transport", nullptr, c.ah, c.options);
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
        o << "spdadd " << a << "[any] " << b << "[" << port << "] " << c.protocol << " -P " << in
          << " ipsec" << rule.str() << ";\n";
        o << "spdadd " << b << "[" << port << "] " << a << "[any] " << c.protocol << " -P " << out
          << " ipsec" << rule.str() << ";\n";
        spi += 0x10;
    }
    return o.str();
}

/**
 * \brief Setkey policies that let UDP echo (7) and TCP 22 pass in clear, both ways.
 * \param any the family's whole address space ("0.0.0.0/0", "::/0")
 * \return the text
 */
inline std::string
BypassSetkey(const std::string& any)
{
    std::ostringstream o;
    for (const char* p : {"udp", "tcp"})
    {
        std::string port = p[0] == 'u' ? "7" : "22";
        o << "spdadd " << any << "[any] " << any << "[" << port << "] " << p << " -P in none;\n";
        o << "spdadd " << any << "[" << port << "] " << any << "[any] " << p << " -P out none;\n";
        o << "spdadd " << any << "[" << port << "] " << any << "[any] " << p << " -P in none;\n";
        o << "spdadd " << any << "[any] " << any << "[" << port << "] " << p << " -P out none;\n";
    }
    return o.str();
}

// ------------------------------------------------------------------------ the world

/// A layer the harness can build: an SA of B's SADB and its mode.
struct Layer
{
    ns3::Ptr<ns3::SecurityAssociation> sa; //!< B's inbound SA (the harness seals with a copy)
    bool tunnel;                           //!< wrap in an outer IP header first
};

/**
 * \brief A configured combination: layers inner to outer, and the default addressing.
 * \tparam Ip the address type of the innermost datagram's header
 */
template <typename Ip>
struct Stack
{
    std::vector<uint32_t> spis; //!< inner to outer
    Ip innerSource;             //!< source of the innermost datagram
    Ip innerDestination;        //!< its destination
    uint8_t protocol;           //!< default upper layer
    uint16_t port;              //!< default destination port
    uint32_t device;            //!< B's device the datagram arrives on
};

/**
 * \brief A fresh SA equal to \p sa (same keys and parameters), through the public setters.
 * \param sa the SA to copy
 * \return the copy, initialized
 */
inline ns3::Ptr<ns3::SecurityAssociation>
CopySa(const ns3::SecurityAssociation& sa)
{
    ns3::Ptr<ns3::SecurityAssociation> c = CopySaParameters(sa);
    std::string error = c->Initialize();
    if (!error.empty())
    {
        Fail("harness: cannot copy " + sa.Describe() + ": " + error);
    }
    return c;
}

/**
 * \brief The nodes, built once and reused for many inputs; the harness's World adds Build() and
 * Reset() from the pieces here.
 *
 * Topology: A ==== link 1, link 2 ==== B ---- LAN ---- H (IPv4 10.1.1.0/24, 10.1.2.0/24,
 * 10.2.1.0/24, .1 on the left end of each link); B, the node under test, and A run IPsec.
 *
 * Before each input, Reset() gives A and B fresh copies of their SAs (new sequence counters and
 * replay windows), B the attributes the input asks for, zero statistics and restarted random
 * streams. After it, IsClean() tells whether the input left state behind that Reset() cannot
 * undo (pending events, an open TCP connection, a connection latch, packets held for an
 * ACQUIRE); the world is then rebuilt, so that no input sees what an earlier one did.
 *
 * \tparam Ip the address type of the harness's Stack
 */
template <typename Ip>
struct NodeWorld
{
    ns3::Ptr<ns3::Node> a;                                   //!< A, B's peer
    ns3::Ptr<ns3::Node> b;                                   //!< B, the node under test
    ns3::Ptr<ns3::Node> h;                                   //!< H, on B's LAN, without IPsec
    ns3::NetDeviceContainer link1;                           //!< A - B
    ns3::NetDeviceContainer link2;                           //!< A - B
    ns3::NetDeviceContainer lan;                             //!< B - H
    std::vector<ns3::Ptr<ns3::NetDevice>> bDevices;          //!< link 1, link 2, LAN
    ns3::Ptr<ns3::IpsecL3Protocol> ipsecA;                   //!< A's IPsec
    ns3::Ptr<ns3::IpsecL3Protocol> ipsecB;                   //!< B's IPsec
    ns3::IpsecHelper ipsec;                                  //!< installs IPsec
    ns3::InternetStackHelper internet;                       //!< installs the stacks
    std::vector<ns3::Ptr<ns3::SecurityAssociation>> sasA;    //!< A's SAs as configured
    std::vector<ns3::Ptr<ns3::SecurityAssociation>> sasB;    //!< B's SAs as configured
    std::vector<ns3::Ptr<ns3::SecurityAssociation>> inbound; //!< B's SAs with destination B
    std::vector<Stack<Ip>> stacks;                           //!< the configured combinations
    std::vector<ns3::Ptr<ns3::PacketSink>> tcpSinks;         //!< TCP listeners
    size_t idleEvents = 0; //!< live events of a world at rest (IPv6's own timers)

    /// Seeds, the TCP persist timer, the three nodes and their point-to-point links.
    void CreateNodes()
    {
        ns3::RngSeedManager::SetSeed(1);
        ns3::RngSeedManager::SetRun(1);
        // ns-3.37's TcpSocketBase enters the zero-window persist state on any segment that
        // leaves the peer's window at 0 (a LISTEN socket on any segment without SYN, as its
        // window starts at 0), and TcpSocketBase::PersistTimeout then dereferences a null item
        // of its empty send buffer (TcpTxItem::GetPacketCopy): our sinks never send data. The
        // persist timer is therefore set beyond the end of every run.
        ns3::Config::SetDefault("ns3::TcpSocket::PersistTimeout",
                                ns3::TimeValue(ns3::Seconds(1e6)));
        a = ns3::CreateObject<ns3::Node>();
        b = ns3::CreateObject<ns3::Node>();
        h = ns3::CreateObject<ns3::Node>();
        ns3::PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", ns3::StringValue("1Gbps"));
        link.SetChannelAttribute("Delay", ns3::StringValue("1ms"));
        link1 = link.Install(a, b);
        link2 = link.Install(a, b);
        lan = link.Install(b, h);
    }

    /// The internet stacks (with \ref internet as the harness set it up) and IPv4 addresses.
    void InstallInternet()
    {
        internet.Install(ns3::NodeContainer(a, b, h));
        ns3::Ipv4AddressHelper ip;
        ip.SetBase("10.1.1.0", "255.255.255.0");
        ip.Assign(link1);
        ip.SetBase("10.1.2.0", "255.255.255.0");
        ip.Assign(link2);
        ip.SetBase("10.2.1.0", "255.255.255.0");
        ip.Assign(lan);
    }

    /**
     * \brief B's devices, no queue discs, and the harness's gates on every node.
     * \param installGates puts gates in front of a node's transports (before IPsec wraps them)
     */
    void PrepareDevices(void (*installGates)(ns3::Ptr<ns3::Node>))
    {
        bDevices = {link1.Get(1), link2.Get(1), lan.Get(0)};
        // No queue discs: the default FqCoDelQueueDisc hashes forwarded TCP segments through
        // TcpHeader::Deserialize (Ipv4QueueDiscItem::Hash), with the endless loop of Ns3TcpBug().
        // Traffic control is no part of what these harnesses test.
        ns3::TrafficControlHelper traffic;
        for (const auto& devices : {link1, link2, lan})
        {
            traffic.Uninstall(devices);
        }
        for (ns3::Ptr<ns3::Node> n : {a, b, h})
        {
            installGates(n);
        }
    }

    /**
     * \brief IPsec on A and B, configured with the harness's setkey text: the first world of a
     * process loads the text, later ones copy what it made (faster).
     * \param setkeyText the text of B's configuration (true) or A's
     */
    void InstallIpsec(std::string (*setkeyText)(bool forB))
    {
        /// The SAs and policies of A and B as the setkey text makes them.
        struct Configuration
        {
            std::vector<ns3::Ptr<ns3::SecurityAssociation>> sas;
            std::vector<ns3::Ptr<ns3::SecurityPolicy>> policies;
        };

        static Configuration configurations[2]; // A's, B's
        ipsecA = ipsec.Install(a);
        ipsecB = ipsec.Install(b);
        ipsec.AssignStreams(ns3::NodeContainer(a, b), 100);
        int side = 0;
        for (auto [node, forB] : {std::make_pair(ipsecA, false), std::make_pair(ipsecB, true)})
        {
            Configuration& c = configurations[side++];
            if (c.sas.empty())
            {
                ns3::IpsecConfigResult r = ns3::IpsecConfig::Load(node,
                                                                  ns3::IpsecConfigFormat::SETKEY,
                                                                  setkeyText(forB),
                                                                  "setkey");
                if (!r.ok)
                {
                    Fail("harness: the configuration does not load: " + r.error + "\n"
                         + setkeyText(forB));
                }
                for (const auto& sa : node->GetSadb()->Dump())
                {
                    c.sas.push_back(CopySa(*sa));
                }
                for (const auto& p : node->GetSpd()->Dump())
                {
                    c.policies.push_back(ns3::Create<ns3::SecurityPolicy>(*p));
                }
                continue;
            }
            for (const auto& sa : c.sas)
            {
                node->GetSadb()->Add(CopySa(*sa));
            }
            for (const auto& p : c.policies)
            {
                node->GetSpd()->Add(ns3::Create<ns3::SecurityPolicy>(*p));
            }
        }
    }

    /// Keep copies of A's and B's SAs as configured, for Reset() (which assumes no lifetimes).
    void KeepSas()
    {
        for (auto [node, copies] : {std::make_pair(ipsecA, &sasA), std::make_pair(ipsecB, &sasB)})
        {
            for (const auto& sa : node->GetSadb()->Dump())
            {
                const auto& soft = sa->GetSoftLifetime();
                const auto& hard = sa->GetHardLifetime();
                if (soft.bytes || soft.addTime || soft.useTime || soft.allocations || hard.bytes
                    || hard.addTime || hard.useTime || hard.allocations)
                {
                    Fail("harness: Reset() assumes SAs without lifetimes: " + sa->Describe());
                }
                copies->push_back(CopySa(*sa));
            }
        }
    }

    /**
     * \brief A UDP sink. Sinks only: an echo server answers a forged source, which can be
     * another echo server or itself, and the two then talk for ever.
     * \param node where
     * \param local its address and port
     */
    void UdpSink(ns3::Ptr<ns3::Node> node, const ns3::Address& local)
    {
        ns3::PacketSinkHelper("ns3::UdpSocketFactory", local).Install(node);
    }

    /**
     * \brief A TCP sink, one of \ref tcpSinks.
     * \param node where
     * \param local its address and port
     */
    void TcpSink(ns3::Ptr<ns3::Node> node, const ns3::Address& local)
    {
        ns3::ApplicationContainer app
            = ns3::PacketSinkHelper("ns3::TcpSocketFactory", local).Install(node);
        tcpSinks.push_back(ns3::DynamicCast<ns3::PacketSink>(app.Get(0)));
    }

    /// B's SAs whose destination is one of \p own.
    void FindInbound(std::initializer_list<ns3::IpsecAddress> own)
    {
        for (const auto& sa : sasB)
        {
            for (const ns3::IpsecAddress& address : own)
            {
                if (sa->GetDestination() == address)
                {
                    inbound.push_back(sa);
                    break;
                }
            }
        }
    }

    /**
     * \brief A stack per transport-mode protection class (TransportSetkey()'s SPIs), from A to
     * B on device 0.
     * \param classes the classes (TransportClass)
     * \param source A's address
     * \param destination B's address
     */
    template <typename Classes>
    void AddClassStacks(const Classes& classes, Ip source, Ip destination)
    {
        uint32_t spi = 0x1000;
        for (const TransportClass& c : classes)
        {
            Stack<Ip> s;
            if (c.esp)
            {
                s.spis.push_back(spi);
            }
            if (c.ah)
            {
                s.spis.push_back(spi + 1);
            }
            s.innerSource = source;
            s.innerDestination = destination;
            std::string protocol = c.protocol;
            s.protocol = protocol == "udp" ? 17 : protocol == "tcp" ? 6 : 1;
            s.port = c.port;
            s.device = 0;
            stacks.push_back(s);
            spi += 0x10;
        }
    }

    /**
     * \brief A's and B's SAs back to the state after Build(), zero statistics.
     *
     * What a packet changes in an SA is its anti-replay window, its sequence counter and its
     * use counters. The first two are reset in place (a new object would change the SADB's
     * order, which decides the outbound SA); the counters only matter for lifetimes, and these
     * SAs have none (KeepSas() checks). An SA set that changed otherwise is added again whole.
     */
    void ResetSas()
    {
        for (auto [ipsecNode, sas] : {std::make_pair(ipsecA, &sasA), std::make_pair(ipsecB, &sasB)})
        {
            ns3::Ptr<ns3::SecurityAssociationDatabase> sadb = ipsecNode->GetSadb();
            bool intact = sadb->GetN() == sas->size();
            for (size_t i = 0; intact && i < sas->size(); ++i)
            {
                const ns3::SecurityAssociation& t = *(*sas)[i];
                ns3::Ptr<ns3::SecurityAssociation> sa
                    = sadb->Get(t.GetProtocol(), t.GetDestination(), t.GetSpi());
                intact = sa && sa->GetState() == t.GetState();
                if (intact)
                {
                    sa->GetReplayWindow() = ns3::ReplayWindow(sa->GetReplayWindowSize(),
                                                              sa->HasExtendedSequenceNumbers());
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
    }

    /**
     * \brief B's attributes from the input's attribute byte: bit 0 AhClearTos off, bit 1
     * CheckPadding off, bit 2 Ecn on, bit 3 IcmpAcceptClear off, bits 5-6 DfBit (Clear, Set,
     * Copy, Clear).
     * \param attributes the byte
     */
    void SetAttributes(uint8_t attributes)
    {
        ipsecB->SetAttribute("AhClearTos", ns3::BooleanValue((attributes & 0x01) == 0));
        ipsecB->SetAttribute("CheckPadding", ns3::BooleanValue((attributes & 0x02) == 0));
        ipsecB->SetAttribute("Ecn", ns3::BooleanValue((attributes & 0x04) != 0));
        ipsecB->SetAttribute("IcmpAcceptClear", ns3::BooleanValue((attributes & 0x08) == 0));
        const char* df[] = {"Clear", "Set", "Copy", "Clear"};
        ipsecB->SetAttribute("DfBit", ns3::StringValue(df[(attributes >> 5) & 3]));
    }

    /// Restart the random streams of IPsec and of the internet stacks.
    void RestartStreams()
    {
        ipsec.AssignStreams(ns3::NodeContainer(a, b), 100);
        internet.AssignStreams(ns3::NodeContainer(a, b, h), 200);
    }

    /// \return true when nothing of the last input is left that Reset() would not undo
    bool IsClean() const
    {
        if (!InspectableScheduler::Current()
            || InspectableScheduler::Current()->Live() > idleEvents)
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

    /// \return B's inbound SA of SPI \p spi (fails the run when there is none)
    ns3::Ptr<ns3::SecurityAssociation> Inbound(uint32_t spi) const
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

/// Append \p v to \p b, most significant byte first.
inline void
PutU16(ns3::IpsecBytes& b, uint16_t v)
{
    b.push_back(v >> 8);
    b.push_back(v & 0xff);
}

/// Append \p v to \p b, most significant byte first.
inline void
PutU32(ns3::IpsecBytes& b, uint32_t v)
{
    PutU16(b, v >> 16);
    PutU16(b, v & 0xffff);
}

/**
 * \brief What the datagram builders of both harnesses share: the choice of layers, upper-layer
 * headers with fuzzed fields, and sealing with sender-side copies of B's inbound SAs (same keys,
 * sequence numbers of their own or the input's).
 *
 * \tparam Ip the address type of the harness's Stack
 */
template <typename Ip>
class DatagramBuilder
{
  public:
    /**
     * \param in the input
     * \param world the world
     * \param ports ports a header may take instead of its default
     * \param protocols upper-layer protocols a datagram may carry instead of its default
     */
    DatagramBuilder(FuzzInput& in,
                    NodeWorld<Ip>& world,
                    std::vector<uint16_t> ports,
                    std::vector<uint8_t> protocols)
        : m_in(in)
        , m_world(world)
        , m_ports(std::move(ports))
        , m_protocols(std::move(protocols))
    {
        ns3::BooleanValue clearTos;
        world.ipsecB->GetAttribute("AhClearTos", clearTos);
        m_clearTos = clearTos.Get();
    }

    virtual ~DatagramBuilder() = default;

  protected:
    /**
     * \brief The layers of a protected datagram: one of the world's stacks, or one to three of
     * B's inbound SAs in any order, each in its SA's mode.
     * \param shape set to the stack chosen (left as it is otherwise)
     * \param layers set to the layers, inner to outer
     * \return true for a stack of the world's, false for inbound SAs picked one by one
     */
    bool ChooseLayers(Stack<Ip>& shape, std::vector<Layer>& layers)
    {
        const auto& stacks = m_world.stacks;
        uint32_t choice = m_in.Index(stacks.size() + 1);
        if (choice < stacks.size())
        {
            shape = stacks[choice];
            for (uint32_t spi : shape.spis)
            {
                ns3::Ptr<ns3::SecurityAssociation> sa = m_world.Inbound(spi);
                layers.push_back({sa, sa->GetMode() == ns3::IpsecMode::TUNNEL});
            }
            return true;
        }
        uint32_t n = 1 + m_in.Index(3);
        for (uint32_t i = 0; i < n; ++i)
        {
            ns3::Ptr<ns3::SecurityAssociation> sa
                = m_world.inbound[m_in.Index(m_world.inbound.size())];
            layers.push_back({sa, sa->GetMode() == ns3::IpsecMode::TUNNEL});
        }
        return false;
    }

    /**
     * \brief Flip the mode of layers as the input says (tunnel in a transport SA and back), and
     * maybe the device.
     * \param layers the layers
     * \param device the default device
     * \return B's device that receives the datagram
     */
    uint32_t FlipModes(std::vector<Layer>& layers, uint32_t device)
    {
        uint8_t flips = m_in.U8();
        for (size_t i = 0; i < layers.size(); ++i)
        {
            if (flips & (1 << i))
            {
                layers[i].tunnel = !layers[i].tunnel;
            }
        }
        return (flips & 0x80) ? m_in.Index(3) : device;
    }

    /// \return \p fallback, one of the protocols, or any byte
    uint8_t Protocol(uint8_t fallback)
    {
        uint32_t i = m_in.Index(m_protocols.size() + 2);
        if (i == 0)
        {
            return fallback;
        }
        return i <= m_protocols.size() ? m_protocols[i - 1] : m_in.U8();
    }

    /// \return \p fallback, one of the ports, or any number
    uint16_t Port(uint16_t fallback)
    {
        uint32_t i = m_in.Index(m_ports.size() + 2);
        if (i == 0)
        {
            return fallback;
        }
        return i <= m_ports.size() ? m_ports[i - 1] : m_in.U16();
    }

    /**
     * \brief The upper layer: a UDP or TCP header with fuzzed fields, what OtherUpper() makes
     * for another protocol, or raw bytes.
     * \param protocol the protocol
     * \param port the default destination port
     * \return the bytes
     */
    ns3::IpsecBytes Upper(uint8_t protocol, uint16_t port)
    {
        uint8_t shape = m_in.U8();
        ns3::IpsecBytes b;
        if (shape & 1)
        {
            return m_in.Blob(1500); // whatever the fuzzer likes
        }
        if (protocol == 17)
        {
            PutU16(b, Port(49153));
            PutU16(b, Port(port));
            ns3::IpsecBytes payload = m_in.Blob(1400);
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
            ns3::IpsecBytes options = m_in.Blob(40);
            options.resize((options.size() + 3) / 4 * 4, 0);
            uint8_t offset
                = (shape & 2) ? (m_in.U8() & 0x0f) : static_cast<uint8_t>(5 + options.size() / 4);
            b.push_back(static_cast<uint8_t>(offset << 4));
            b.push_back(m_in.U8()); // flags
            PutU16(b, m_in.U16());  // window
            PutU16(b, 0);           // checksum
            PutU16(b, m_in.U16());  // urgent pointer
            b.insert(b.end(), options.begin(), options.end());
            ns3::IpsecBytes payload = m_in.Blob(1400);
            b.insert(b.end(), payload.begin(), payload.end());
        }
        else if (!OtherUpper(protocol, port, shape, b))
        {
            return m_in.Blob(1500);
        }
        return b;
    }

    /**
     * \brief The upper layer of a protocol other than UDP and TCP.
     * \param protocol the protocol
     * \param port the default destination port
     * \param shape Upper()'s shape byte (bit 1: fields that are right otherwise are fuzzed)
     * \param b where to append it
     * \return false for raw bytes instead
     */
    virtual bool OtherUpper(uint8_t protocol, uint16_t port, uint8_t shape, ns3::IpsecBytes& b) = 0;

    /**
     * \brief Append an ICMP or ICMPv6 message: type, code, a zero checksum, fuzzed bytes.
     * \param b where
     * \param shape Upper()'s shape byte (bit 1: any type, not one of \p types)
     * \param types the types to pick from
     */
    template <size_t N>
    void AppendIcmp(ns3::IpsecBytes& b, uint8_t shape, const uint8_t (&types)[N])
    {
        b.push_back((shape & 2) ? m_in.U8() : types[m_in.Index(N)]);
        b.push_back(m_in.U8()); // code
        PutU16(b, 0);           // checksum
        ns3::IpsecBytes rest = m_in.Blob(1400);
        b.insert(b.end(), rest.begin(), rest.end());
    }

    /**
     * \brief Seal one layer with a sender-side copy of \p sa: ESP (protocol 50), or AH (51)
     * computed over the header \p fields makes.
     * \param sa B's inbound SA
     * \param fields the harness's header fields (Make(protocol, payload) gives the IP header)
     * \param bytes what to seal; replaced by the sealed bytes
     * \param protocol what \p bytes are; replaced by 50 or 51
     * \param offsetMask AH's fragment offset mask
     */
    template <typename Fields>
    void Seal(const ns3::SecurityAssociation& sa,
              const Fields& fields,
              ns3::IpsecBytes& bytes,
              uint8_t& protocol,
              uint16_t offsetMask)
    {
        ns3::Ptr<ns3::SecurityAssociation> out = Sender(sa);
        uint64_t seq = Sequence(sa);
        if (sa.GetProtocol() == ns3::IpsecProtocol::ESP)
        {
            ns3::IpsecBytes iv = m_in.BytesPadded(16);
            bytes = ns3::EspTransform::Encapsulate(*out,
                                                   seq,
                                                   iv.data(),
                                                   bytes.data(),
                                                   bytes.size(),
                                                   protocol);
            protocol = 50;
            return;
        }
        auto h = fields.Make(51, ns3::AhTransform::Overhead(*out) + bytes.size());
        ns3::IpsecBytes ah = ns3::AhTransform::Encapsulate(*out,
                                                           seq,
                                                           h,
                                                           bytes.data(),
                                                           bytes.size(),
                                                           protocol,
                                                           m_clearTos,
                                                           offsetMask);
        ah.insert(ah.end(), bytes.begin(), bytes.end());
        bytes.swap(ah);
        protocol = 51;
    }

    FuzzInput& m_in;        //!< the input
    NodeWorld<Ip>& m_world; //!< the world
    bool m_clearTos = true; //!< B's AhClearTos

  private:
    /// A sender-side copy of an inbound SA: same keys, its own sequence counter.
    ns3::Ptr<ns3::SecurityAssociation> Sender(const ns3::SecurityAssociation& sa)
    {
        auto it = m_senders.find(&sa);
        if (it != m_senders.end())
        {
            return it->second;
        }
        ns3::Ptr<ns3::SecurityAssociation> c = CopySaKeys(sa);
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
    uint64_t Sequence(const ns3::SecurityAssociation& sa)
    {
        uint64_t& next = m_sequence[&sa];
        if (m_in.U8() & 1)
        {
            uint64_t seq = sa.HasExtendedSequenceNumbers() ? m_in.U64() : m_in.U32();
            next = std::max(next, seq);
            return seq;
        }
        return ++next;
    }

    std::vector<uint16_t> m_ports;    //!< Port()'s choice
    std::vector<uint8_t> m_protocols; //!< Protocol()'s choice
    std::map<const ns3::SecurityAssociation*, ns3::Ptr<ns3::SecurityAssociation>>
        m_senders;                                                  //!< sender-side SA copies
    std::map<const ns3::SecurityAssociation*, uint64_t> m_sequence; //!< their last sequence numbers
};

// ------------------------------------------------------------------------ running an input

/**
 * \brief Hand a datagram to a node's IP layer as if it came off \p device.
 * \tparam L3 Ipv4L3Protocol or Ipv6L3Protocol
 * \param node the node
 * \param device its device
 * \param bytes the datagram
 */
template <typename L3>
void
Receive(ns3::Ptr<ns3::Node> node, ns3::Ptr<ns3::NetDevice> device, const ns3::IpsecBytes& bytes)
{
    ns3::Ptr<ns3::Packet> p = ns3::Create<ns3::Packet>(bytes.data(), bytes.size());
    node->GetObject<L3>()->Receive(device,
                                   p,
                                   L3::PROT_NUMBER,
                                   device->GetAddress(),
                                   device->GetAddress(),
                                   ns3::NetDevice::PACKET_HOST);
}

/// Delivers a datagram to B (the node, its device, the bytes), as the harness does.
using DeliverFunction = void (*)(ns3::Ptr<ns3::Node>, ns3::Ptr<ns3::NetDevice>, ns3::IpsecBytes);

/**
 * \brief One input: the world reset for it, its records, then Simulator::Run; the world is
 * dropped when the input left it unclean.
 *
 * World::Reset() reads the input's header. Each record is then kind(1) (mod 4) delay(1, ms
 * after the previous record) and: kind 0 a raw datagram (device(1) and what Builder::Raw()
 * reads); 1 the datagrams of a protected one (what Builder::Protected() reads, which sets the
 * device; none when the harness keeps it away from ns-3); 2 an earlier datagram again (index),
 * on its device; 3 the same with a byte changed (index, position(2), mask(1); 0 flips bit 0).
 * Each datagram is delivered to B by \p deliver at its record's time. The run lasts 200
 * simulated seconds past the last record: long enough for reassembly (30 s in IPv4, 60 s in
 * IPv6), TCP's SYN-ACK retries and TIME_WAIT (2 MSL, 120 s). With IPSEC_FUZZ_VERBOSE set, the
 * IPsec statistics of A and B are printed (what the input did, for whoever studies a
 * reproducer).
 *
 * \tparam Builder the harness's datagram builder, made of the input and the world
 * \param worlds the harness's worlds
 * \param in the input
 * \param records records at most
 * \param deliver delivers a datagram to B
 */
template <typename Builder, typename World>
void
RunRecords(WorldCache<World>& worlds, FuzzInput& in, int records, DeliverFunction deliver)
{
    World& world = worlds.Next();
    world.Reset(in);
    Builder builder(in, world);
    std::vector<std::pair<uint32_t, ns3::IpsecBytes>> sent;
    ns3::Time at = ns3::MilliSeconds(1);
    for (int record = 0; record < records && !in.Empty(); ++record)
    {
        uint8_t kind = in.U8() % 4;
        at += ns3::MilliSeconds(in.U8());
        uint32_t device = 0;
        std::vector<ns3::IpsecBytes> datagrams;
        if (kind == 0)
        {
            device = in.Index(3);
            datagrams.push_back(builder.Raw());
        }
        else if (kind == 1)
        {
            datagrams = builder.Protected(device);
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
            ns3::Simulator::Schedule(at, deliver, world.b, world.bDevices[device], d);
        }
    }
    ns3::Simulator::Stop(at + ns3::Seconds(200));
    ns3::Simulator::Run();
    if (std::getenv("IPSEC_FUZZ_VERBOSE"))
    {
        ns3::IpsecHelper::PrintStats(std::cerr, ns3::NodeContainer(world.a, world.b));
    }
    if (!world.IsClean())
    {
        worlds.Drop(); // the next input gets a new world
    }
}

} // namespace ipsecfuzz

#endif /* IPSEC_FUZZ_NODE_RECEIVE_COMMON_H */
