/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Cost of IPsec, as ratios against a baseline measured in the same run (the machine is noisy):
 *  1. the same UDP scenario (--packets x 1400 B) with IPsec installed and no policy (the plain
 *     run, the baseline), with no IPsec layer at all, with ESP AES-GCM-128 and with ESP
 *     AES-CBC + HMAC-SHA-256: wall time of each run / wall time of the plain run. Beside it, the
 *     ESP transform alone (Crypto++ and ESP framing, no simulator) on as many datagrams, so the
 *     ratio splits into the cryptographic floor and the rest of the IPsec layer. The packet
 *     rewrites alone (bytes out of and back into ns-3 Packets, both ends) show how much of that
 *     rest no IPsec layer over ns-3.37's Packet can avoid. The lean ESP prototype
 *     (lean-esp-prototype.h: ESP with AES-GCM-128 between UDP and IPv4 and nothing else, no SPD,
 *     SADB, policy check, trace or statistic) is the yardstick for what the module's features
 *     cost beyond that;
 *  2. SPD lookup cost with 10, 1,000 and 10,000 host-pair policies: time per lookup / time with 10;
 *  3. configuration loading of 1,000, 10,000 and 100,000-line files in each format: time per line
 *     / time per line at 1,000 lines (1.0x everywhere is linear growth);
 *  4. an IKEv2 responder configured for 10, 1,000, 10,000 and 100,000 peers (a connection and a
 *     secret each): loading its swanctl.conf, time per connection / time per connection at
 *     1,000; 8 peers (the last ones of the file) setting up an IKE SA and a Child SA with it,
 *     time / time with 10 connections (1.0x: the lookups do not grow with the connections).
 */

#include "lean-esp-prototype.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{
double
RunScenario(const std::string& protocol,
            const std::string& encr,
            const std::string& auth,
            uint32_t packets)
{
    auto start = std::chrono::steady_clock::now();
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    link.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer devices = link.Install(nodes);
    InternetStackHelper().Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addresses.Assign(devices);
    IpsecHelper ipsec;
    // "absent": nodes without an IPsec layer at all; "lean": the lean ESP prototype instead.
    if (protocol != "absent" && protocol != "lean")
    {
        ipsec.Install(nodes);
    }
    if (protocol == "lean")
    {
        auto makeSa = [&](uint32_t spi, uint32_t from, uint32_t to) {
            Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(IpsecProtocol::ESP,
                                                                      spi,
                                                                      ifs.GetAddress(from),
                                                                      ifs.GetAddress(to));
            sa->SetEncryption(
                encr,
                IpsecBytes(IpsecAlgorithmRegistry::Find(encr)->DefaultKeyMaterialBytes(), 0x5a));
            NS_ABORT_MSG_UNLESS(sa->Initialize().empty(), "benchmark SA");
            return sa;
        };
        LeanEspPrototype::Install(nodes.Get(0), makeSa(0x1000, 0, 1), makeSa(0x1001, 1, 0));
        LeanEspPrototype::Install(nodes.Get(1), makeSa(0x1001, 1, 0), makeSa(0x1000, 0, 1));
    }
    else if (protocol != "none" && protocol != "absent")
    {
        ipsec.ProtectPair(nodes.Get(0),
                          ifs.GetAddress(0),
                          nodes.Get(1),
                          ifs.GetAddress(1),
                          IpsecHelper::Suite::Parse(protocol, encr, auth));
    }
    UdpServerHelper server(9);
    Ptr<UdpServer> sink = DynamicCast<UdpServer>(server.Install(nodes.Get(1)).Get(0));
    UdpClientHelper client(ifs.GetAddress(1), 9);
    client.SetAttribute("MaxPackets", UintegerValue(packets));
    client.SetAttribute("Interval", TimeValue(MicroSeconds(2)));
    client.SetAttribute("PacketSize", UintegerValue(1400));
    client.Install(nodes.Get(0)).Start(Seconds(1));
    Simulator::Run();
    uint32_t received = sink->GetReceived();
    Simulator::Destroy();
    double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (received != packets)
    {
        std::cerr << "warning: " << protocol << " " << encr << " delivered " << received << "/"
                  << packets << "\n";
    }
    return seconds;
}

/// Wall time of the ESP transform alone (encapsulate + decapsulate, no simulator) for \p packets
/// UDP datagrams of \p payload bytes: the cryptographic floor under the IPsec run.
double
TransformSeconds(const std::string& encr,
                 const std::string& auth,
                 uint32_t packets,
                 uint32_t payload)
{
    auto makeSa = [&]() {
        Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(IpsecProtocol::ESP,
                                                                  0x1000,
                                                                  Ipv4Address("10.1.1.1"),
                                                                  Ipv4Address("10.1.1.2"));
        sa->SetEncryption(
            encr,
            IpsecBytes(IpsecAlgorithmRegistry::Find(encr)->DefaultKeyMaterialBytes(), 0x5a));
        if (auth != "none")
        {
            sa->SetAuthentication(
                auth,
                IpsecBytes(IpsecAlgorithmRegistry::Find(auth)->DefaultKeyMaterialBytes(), 0xa5));
        }
        NS_ABORT_MSG_UNLESS(sa->Initialize().empty(), "benchmark SA");
        return sa;
    };
    Ptr<SecurityAssociation> out = makeSa();
    Ptr<SecurityAssociation> in = makeSa();
    IpsecBytes datagram(payload, 0x42);
    IpsecBytes wire;
    uint8_t iv[16] = {};
    uint32_t delivered = 0;
    auto start = std::chrono::steady_clock::now();
    for (uint32_t seq = 1; seq <= packets; ++seq)
    {
        iv[0] = static_cast<uint8_t>(seq); // the IV's value does not change the work
        EspTransform::Encapsulate(*out, seq, iv, datagram.data(), datagram.size(), 17, wire);
        delivered += EspTransform::Decapsulate(*in, wire, true).ok;
    }
    double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    NS_ABORT_MSG_UNLESS(delivered == packets, "benchmark transform failed");
    return seconds;
}

/// Wall time of the packet rewrites any IPsec layer over ns-3 Packets needs, for \p packets
/// datagrams of \p payload bytes: the sender reads the datagram out and writes the protected
/// bytes back, the receiver reads those and writes the cleartext back (no cryptography).
double
RewriteSeconds(uint32_t packets, uint32_t payload, uint32_t overhead)
{
    IpsecBytes bytes;
    IpsecBytes protectedBytes(payload + overhead, 0x5a);
    uint64_t total = 0;
    // Packets are made as UdpClient makes them and die after use, as in a simulation with few
    // packets in flight; making them is timed on its own and taken out.
    auto timed = [&](bool rewrite) {
        auto start = std::chrono::steady_clock::now();
        for (uint32_t i = 0; i < packets; ++i)
        {
            Ptr<Packet> packet = Create<Packet>(payload - 8);
            UdpHeader udp;
            packet->AddHeader(udp);
            if (rewrite)
            {
                IpsecPacketBytes::Read(packet, bytes);
                IpsecPacketBytes::Write(packet,
                                        protectedBytes.data(),
                                        protectedBytes.size(),
                                        IpsecPacketBytes::Bytes::PROTECTED);
                Ptr<Packet> received = packet->Copy(); // the wire hands the receiver a copy
                IpsecPacketBytes::Read(received, bytes);
                IpsecPacketBytes::Write(received,
                                        bytes.data() + 16,
                                        payload,
                                        IpsecPacketBytes::Bytes::CLEAR);
                total += received->GetSize();
            }
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    double making = timed(false);
    double seconds = timed(true) - making;
    NS_ABORT_MSG_UNLESS(total == uint64_t(packets) * payload, "benchmark rewrite failed");
    // In a short run on a busy machine the difference can come out below zero: that is noise.
    return std::max(seconds, 0.0);
}

/// Mean time of one outbound SPD lookup. The peers looked up cycle through \p activePeers of the
/// policies (spread over the whole SPD); activePeers == policies makes every lookup cache-cold.
double
LookupNanoseconds(uint32_t policies, uint32_t lookups, uint32_t activePeers)
{
    Ptr<SecurityPolicyDatabase> spd = CreateObject<SecurityPolicyDatabase>();
    IpsecProtectionRequest esp;
    for (uint32_t i = 0; i < policies; ++i)
    {
        spd->Add(
            SecurityPolicy::HostPair(Ipv4Address("10.0.0.1"), Ipv4Address(0x0b000000 + i), {esp}));
    }
    IpsecFlow flow;
    flow.local = Ipv4Address("10.0.0.1");
    flow.protocol = 17;
    uint64_t found = 0;
    auto start = std::chrono::steady_clock::now();
    for (uint32_t k = 0; k < lookups; ++k)
    {
        uint32_t peer = (k * 7919) % activePeers;
        flow.remote = Ipv4Address(0x0b000000 + (uint64_t(peer) * policies / activePeers));
        found += spd->Lookup(flow, SecurityPolicy::Direction::OUTBOUND) != nullptr;
    }
    double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start)
                    .count();
    if (found != lookups)
    {
        std::cerr << "warning: lookups missed\n";
    }
    return ns / lookups;
}
/// A configuration file of \p lines statements in \p format, every one a distinct host pair.
std::string
ConfigText(IpsecConfigFormat format, uint32_t lines)
{
    std::ostringstream text;
    const std::string aes = "000102030405060708090a0b0c0d0e0f";
    const std::string sha = aes + aes;
    for (uint32_t i = 0; i < lines; ++i)
    {
        Ipv4Address remote(0x0b000000 + i / 2);
        std::ostringstream peer;
        peer << remote;
        switch (format)
        {
            case IpsecConfigFormat::IPSECCONF:
                text << "{laddr 10.0.0.1 raddr " << peer.str() << (i % 2 ? " ulp tcp" : "")
                     << "} ipsec {encr_algs aes encr_auth_algs sha256}\n";
                break;
            case IpsecConfigFormat::IPSECKEY:
                text << "add esp spi " << 0x1000 + i << " src 10.0.0.1 dst " << peer.str()
                     << " encr_alg aes encrkey " << aes << " auth_alg sha256 authkey " << sha
                     << "\n";
                break;
            case IpsecConfigFormat::SETKEY:
                if (i % 2 == 0)
                {
                    text << "spdadd 10.0.0.1 " << peer.str()
                         << " any -P out ipsec esp/transport//require;\n";
                }
                else
                {
                    text << "add 10.0.0.1 " << peer.str() << " esp " << 0x1000 + i
                         << " -E aes-cbc 0x" << aes << " -A hmac-sha256 0x" << sha << ";\n";
                }
                break;
        }
    }
    return text.str();
}

/// Seconds to load a file of \p lines statements into a fresh node.
double
LoadSeconds(IpsecConfigFormat format, uint32_t lines)
{
    std::string text = ConfigText(format, lines);
    NodeContainer node;
    node.Create(1);
    InternetStackHelper().Install(node);
    IpsecHelper().Install(node);
    auto start = std::chrono::steady_clock::now();
    IpsecConfigResult r = IpsecConfig::Load(IpsecHelper::Get(node.Get(0)), format, text, "bench");
    double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    NS_ABORT_MSG_UNLESS(r.ok, "benchmark configuration: " << r.error);
    Simulator::Destroy();
    return seconds;
}

/// \return 10.1.0.0 + i, as text
std::string
PeerAddress(uint32_t i)
{
    std::ostringstream text;
    text << Ipv4Address(0x0a010000 + i);
    return text.str();
}

/// A responder's swanctl.conf with one connection and one secret per peer 10.1.x.y (i = 0..n-1),
/// every secret also naming the responder (as site-to-site configurations do).
std::string
ResponderSwanctl(uint32_t connections)
{
    std::ostringstream text;
    text << "connections {\n";
    for (uint32_t i = 0; i < connections; ++i)
    {
        text << " p" << i << " {\n  local_addrs = 10.0.0.1\n  remote_addrs = " << PeerAddress(i)
             << "\n  proposals = aes128gcm16-prfsha256-curve25519\n"
             << "  local { auth = psk\n id = gw.example }\n"
             << "  remote { auth = psk\n id = p" << i << ".example }\n"
             << "  children { c { mode = transport\n esp_proposals = aes128gcm16 } }\n }\n";
    }
    text << "}\nsecrets {\n";
    for (uint32_t i = 0; i < connections; ++i)
    {
        text << " ike-p" << i << " { id-a = gw.example\n id-b = p" << i << ".example\n secret = 0x"
             << std::hex << 0x10000000 + i << std::dec << " }\n";
    }
    text << "}\n";
    return text.str();
}

/**
 * One responder configured for \p connections peers; \p initiators of them, the last ones in
 * its file, set up an IKE SA and a Child SA with it. \p loadSeconds gets the time to read and
 * install the responder's configuration; returns the time of the negotiations (wall clock).
 */
double
Ikev2SetupSeconds(uint32_t connections, uint32_t initiators, double& loadSeconds)
{
    NodeContainer responder;
    responder.Create(1);
    NodeContainer peers;
    peers.Create(initiators);
    NodeContainer all(responder, peers);
    CsmaHelper lan;
    NetDeviceContainer devices = lan.Install(all);
    InternetStackHelper().Install(all);
    Ptr<Ipv4> ip = responder.Get(0)->GetObject<Ipv4>();
    uint32_t ifIndex = ip->AddInterface(devices.Get(0));
    ip->AddAddress(ifIndex, Ipv4InterfaceAddress(Ipv4Address("10.0.0.1"), Ipv4Mask("/8")));
    ip->SetUp(ifIndex);
    IpsecHelper ipsec;
    ipsec.Install(all);
    Ikev2Helper ikev2;
    std::string text = ResponderSwanctl(connections);
    auto start = std::chrono::steady_clock::now();
    Ptr<Ikev2Daemon> gw
        = DynamicCast<Ikev2Daemon>(ikev2.Install(responder.Get(0), text, "gw").Get(0));
    loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (uint32_t k = 0; k < initiators; ++k)
    {
        uint32_t i = connections - initiators + k;
        Ptr<Ipv4> pip = peers.Get(k)->GetObject<Ipv4>();
        uint32_t pif = pip->AddInterface(devices.Get(k + 1));
        std::ostringstream address;
        address << PeerAddress(i);
        pip->AddAddress(pif,
                        Ipv4InterfaceAddress(Ipv4Address(address.str().c_str()), Ipv4Mask("/8")));
        pip->SetUp(pif);
        std::ostringstream conf;
        conf << "connections { gw { local_addrs = " << PeerAddress(i)
             << "\n remote_addrs = 10.0.0.1\n proposals = aes128gcm16-prfsha256-curve25519\n"
             << " local { auth = psk\n id = p" << i << ".example }\n"
             << " remote { auth = psk\n id = gw.example }\n"
             << " children { c { mode = transport\n esp_proposals = aes128gcm16\n"
             << " start_action = start } } } }\nsecrets { ike { id-a = gw.example\n id-b = p" << i
             << ".example\n secret = 0x" << std::hex << 0x10000000 + i << std::dec << " } }\n";
        ikev2.Install(peers.Get(k), conf.str(), "peer");
    }
    Ikev2Helper::AssignStreams(all, 1);
    Simulator::Stop(Seconds(5));
    start = std::chrono::steady_clock::now();
    Simulator::Run();
    double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    NS_ABORT_MSG_UNLESS(gw->GetStats().ikeSasEstablished == initiators
                            && gw->GetStats().childSasInstalled == initiators,
                        "benchmark: " << gw->GetStats().ikeSasEstablished << " of " << initiators
                                      << " IKE SAs established");
    Simulator::Destroy();
    return seconds;
}
} // namespace

int
main(int argc, char* argv[])
{
    uint32_t packets = 100000;
    uint32_t rounds = 3;
    std::string only;
    bool spd = true;
    CommandLine cmd(__FILE__);
    cmd.AddValue(
        "only",
        "run only the UDP scenarios of this protocol (none, absent, lean) or the ESP scenarios "
        "whose encryption contains this (profiling)",
        only);
    cmd.AddValue("spd", "run the SPD lookup benchmark", spd);
    cmd.AddValue("packets", "UDP packets of 1400 B per run", packets);
    cmd.AddValue("rounds", "interleaved rounds (the minimum of each is kept)", rounds);
    uint32_t configLines = 100000;
    cmd.AddValue("config-lines", "largest configuration file to load (0: skip)", configLines);
    uint32_t ikev2Connections = 100000;
    cmd.AddValue("ikev2-connections",
                 "largest number of connections of the IKEv2 responder (0: skip)",
                 ikev2Connections);
    cmd.Parse(argc, argv);

    struct Config
    {
        const char* label;
        const char* protocol;
        const char* encr;
        const char* auth;
        double best;
        double transform;
        std::vector<double> runs; //!< each round's wall time, in round order
    } configs[]
        = {{"plain (IPsec, no policy)", "none", "", "", 1e9, 1e9, {}},
           {"no IPsec layer installed", "absent", "", "", 1e9, 1e9, {}},
           {"ESP AES-GCM-128", "esp", "aes-gcm-16", "none", 1e9, 1e9, {}},
           {"lean ESP prototype, GCM", "lean", "aes-gcm-16", "none", 1e9, 1e9, {}},
           {"ESP AES-CBC + HMAC-SHA-256", "esp", "aes-cbc", "hmac-sha256-128", 1e9, 1e9, {}}};
    double rewrite = 1e9;
    const size_t scenarios = sizeof(configs) / sizeof(configs[0]);
    for (uint32_t r = 0; r < rounds; ++r)
    {
        // Each round starts with another scenario: whatever the first run after a Destroy pays
        // (the allocator, the caches) falls on each in turn.
        for (size_t k = 0; k < scenarios; ++k)
        {
            auto& c = configs[(k + r) % scenarios];
            const bool esp = std::string(c.protocol) == "esp";
            if (!only.empty() && c.protocol != only
                && !(esp && std::string(c.encr).find(only) != std::string::npos))
            {
                continue;
            }
            c.runs.push_back(RunScenario(c.protocol, c.encr, c.auth, packets));
            c.best = std::min(c.best, c.runs.back());
            if (std::string(c.protocol) == "none")
            {
                // ESP with AES-GCM adds 36 bytes to a 1408-byte datagram (8 + 8 IV + 4 + 16).
                rewrite = std::min(rewrite, RewriteSeconds(packets, 1408, 36));
            }
            if (esp)
            {
                // The UDP datagram (1400 B of data, 8 B of header) is ESP's payload.
                c.transform
                    = std::min(c.transform, TransformSeconds(c.encr, c.auth, packets, 1408));
            }
        }
    }
    std::cout << "UDP " << packets << " x 1400 B, best of " << rounds
              << " rounds (and the median of the rounds' ratios to the plain run of the same "
                 "round)\n";
    for (const auto& c : configs)
    {
        if (c.best == 1e9)
        {
            continue;
        }
        std::cout << "  " << std::left << std::setw(28) << c.label << std::right << std::fixed
                  << std::setprecision(3) << std::setw(8) << c.best << " s   ratio "
                  << std::setprecision(2) << c.best / configs[0].best << "x";
        if (configs[0].runs.size() == c.runs.size() && &c != &configs[0])
        {
            std::vector<double> ratios;
            for (size_t r = 0; r < c.runs.size(); ++r)
            {
                ratios.push_back(c.runs[r] / configs[0].runs[r]);
            }
            std::sort(ratios.begin(), ratios.end());
            size_t n = ratios.size();
            double median = n % 2 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
            std::cout << " (median " << median << "x)";
        }
        if (c.transform != 1e9)
        {
            // What the rest of the run costs once the ESP transform itself is taken out.
            std::cout << "   (ESP transform alone " << std::setprecision(2)
                      << c.transform / configs[0].best << "x, rest of the IPsec layer "
                      << (c.best - c.transform) / configs[0].best - 1 << "x)";
        }
        std::cout << "\n";
    }
    if (rewrite != 1e9)
    {
        std::cout << "  packet rewrites alone (read out and write back, sender and receiver) "
                  << std::setprecision(2) << rewrite / configs[0].best << "x\n";
    }
    if (configLines > 0)
    {
        std::cout << "Configuration loading (per line; growth against 1,000 lines)\n";
        for (auto format :
             {IpsecConfigFormat::IPSECCONF, IpsecConfigFormat::IPSECKEY, IpsecConfigFormat::SETKEY})
        {
            std::cout << "  " << std::left << std::setw(10) << ToString(format) << std::right;
            double base = 0;
            for (uint32_t lines : {1000u, 10000u, 100000u})
            {
                if (lines > configLines)
                {
                    break;
                }
                double perLine = LoadSeconds(format, lines) / lines * 1e6;
                base = base == 0 ? perLine : base;
                std::cout << "  " << std::setw(6) << lines << " lines " << std::setprecision(1)
                          << std::setw(6) << perLine << " us " << std::setprecision(2)
                          << perLine / base << "x";
            }
            std::cout << "\n";
        }
    }
    if (ikev2Connections > 0)
    {
        std::cout << "IKEv2 responder with N connections: loading (per connection, against 1,000)"
                     " and 8 setups (against N = 10)\n";
        double baseLoad = 0;
        double baseSetup = 0;
        for (uint32_t n : {10u, 1000u, 10000u, 100000u})
        {
            if (n > ikev2Connections)
            {
                break;
            }
            double load = 0;
            double setup = 1e9;
            for (uint32_t r = 0; r < rounds; ++r)
            {
                double l = 0;
                setup = std::min(setup, Ikev2SetupSeconds(n, 8, l));
                load = r == 0 ? l : std::min(load, l);
            }
            double perConnection = load / n * 1e6;
            baseLoad = n == 1000 ? perConnection : baseLoad;
            baseSetup = n == 10 ? setup : baseSetup;
            std::cout << "  " << std::setw(6) << n << " connections: load " << std::setprecision(1)
                      << std::setw(7) << perConnection << " us each";
            if (baseLoad > 0)
            {
                std::cout << " " << std::setprecision(2) << perConnection / baseLoad << "x";
            }
            else
            {
                std::cout << "      ";
            }
            std::cout << "   8 setups " << std::setprecision(1) << setup * 1000 << " ms "
                      << std::setprecision(2) << setup / baseSetup << "x\n";
        }
    }
    if (!spd)
    {
        return 0;
    }
    std::cout << "SPD lookup, host-pair policies (per lookup)\n"
              << "                     16 active peers      every peer (cache-cold)\n";
    double baseActive = 0;
    double baseCold = 0;
    for (uint32_t n : {10u, 1000u, 10000u})
    {
        double active = LookupNanoseconds(n, 2000000, std::min(n, 16u));
        double cold = LookupNanoseconds(n, 2000000, n);
        if (n == 10)
        {
            baseActive = active;
            baseCold = cold;
        }
        std::cout << "  " << std::setw(6) << n << " policies " << std::setprecision(1)
                  << std::setw(7) << active << " ns " << std::setprecision(2) << std::setw(5)
                  << active / baseActive << "x   " << std::setprecision(1) << std::setw(7) << cold
                  << " ns " << std::setprecision(2) << std::setw(5) << cold / baseCold << "x\n";
    }
    return 0;
}
