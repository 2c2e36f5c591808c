/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SAs that are born, age and die: a long UDP and TCP transfer between two hosts whose policy
 * requires ESP, with no SA configured. The first packet raises ACQUIRE; a teaching key manager
 * (IpsecTeachingKeyManager, not IKE) on each host agrees an SA pair over a UDP control channel;
 * short lifetimes then force a rekey at every soft expiry while the old SAs live on until their
 * hard expiry.
 *
 *   n0 (10.1.1.1) ---- 10 Mb/s, 5 ms ---- n1 (10.1.1.2)
 *
 * Prints the SA timeline (larval, mature, soft, hard, deleted) of both hosts, the UDP packets
 * lost around each rekey, the TCP bytes delivered and the IPsec drops. With soft and hard limits
 * that leave room for the exchange, nothing is lost.
 *
 *   ./build/examples/ipsec-rekey --soft=10 --hard=12 --duration=60
 *   ./build/examples/ipsec-rekey --soft=0 --hard=0 --soft-bytes=2000000 --hard-bytes=2500000
 *   ./build/examples/ipsec-rekey --pcap=rekey   # wire capture + esp_sa keys of every SA
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecRekeyExample");

namespace
{

bool g_timeline = true;
std::vector<Ptr<SecurityAssociation>> g_allSas; // every SA that got keys, for the key export
std::set<std::string> g_exported;               // their identities (both hosts hold each SA)
std::set<uint32_t> g_received;                  // UDP sequence numbers that arrived
std::vector<double> g_rekeys;                   // when each exchange completed (initiator side)
std::vector<double> g_hardExpiries;             // when outbound SAs of n0 hard-expired

std::string
Direction(Ptr<const SecurityAssociation> sa)
{
    std::ostringstream oss;
    oss << ToString(sa->GetProtocol()) << " 0x" << std::hex << std::setw(8) << std::setfill('0')
        << sa->GetSpi() << std::dec << " " << sa->GetSource() << "->" << sa->GetDestination();
    return oss.str();
}

void
Row(const std::string& node, const std::string& event, const std::string& what)
{
    if (g_timeline)
    {
        std::cout << "  " << std::fixed << std::setprecision(4) << std::setw(9)
                  << Simulator::Now().GetSeconds() << "  " << node << "  " << std::left
                  << std::setw(13) << event << std::right << what << "\n";
    }
}

void
SaAdded(std::string node, Ptr<const SecurityAssociation> sa)
{
    bool larval = sa->GetState() == SecurityAssociation::State::LARVAL;
    Row(node, larval ? "getspi" : "mature", Direction(sa));
    if (!larval && g_exported.insert(Direction(sa)).second)
    {
        g_allSas.push_back(ConstCast<SecurityAssociation>(sa));
    }
}

void
SaExpired(std::string node,
          Ptr<const SecurityAssociation> sa,
          bool hard,
          SecurityAssociation::Limit limit)
{
    std::ostringstream what;
    what << Direction(sa) << " (" << ToString(limit) << ", " << sa->GetBytes() << " bytes, "
         << sa->GetPackets() << " packets)";
    Row(node, hard ? "hard expire" : "soft expire", what.str());
    if (hard && node == "n0" && sa->GetSource() == Ipv4Address("10.1.1.1"))
    {
        g_hardExpiries.push_back(Simulator::Now().GetSeconds());
    }
}

void
SaRemoved(std::string node, Ptr<const SecurityAssociation> sa)
{
    Row(node, "deleted", Direction(sa));
}

void
Installed(std::string node,
          Ptr<const SecurityAssociation>,
          Ptr<const SecurityAssociation> out,
          bool initiator)
{
    if (initiator)
    {
        g_rekeys.push_back(Simulator::Now().GetSeconds());
    }
    Row(node, initiator ? "initiated" : "responded", "pair ready, out " + Direction(out));
}

void
UdpReceived(Ptr<const Packet> packet)
{
    SeqTsHeader seqTs;
    packet->Copy()->RemoveHeader(seqTs);
    g_received.insert(seqTs.GetSeq());
}

void
Acquire(std::string node, const IpsecAcquire& acquire)
{
    Row(
        node,
        "acquire",
        ToString(acquire.protocol) + " " + std::to_string(acquire.sequence) + " for " + [&] {
            std::ostringstream o;
            o << acquire.source << "->" << acquire.destination;
            return o.str();
        }());
}

} // namespace

int
main(int argc, char* argv[])
{
    double soft = 10;
    double hard = 12;
    uint64_t softBytes = 0;
    uint64_t hardBytes = 0;
    double duration = 60;
    double udpInterval = 0.01;
    uint32_t udpSize = 500;
    std::string encryption = "aes-gcm-16";
    bool preferOld = false;
    std::string pcap;

    CommandLine cmd(__FILE__);
    cmd.AddValue("soft", "soft add-time lifetime of every SA, seconds (0 = none)", soft);
    cmd.AddValue("hard", "hard add-time lifetime of every SA, seconds (0 = none)", hard);
    cmd.AddValue("soft-bytes", "soft byte lifetime (0 = none)", softBytes);
    cmd.AddValue("hard-bytes", "hard byte lifetime (0 = none)", hardBytes);
    cmd.AddValue("duration", "seconds of traffic", duration);
    cmd.AddValue("udp-interval", "seconds between UDP packets", udpInterval);
    cmd.AddValue("udp-size", "UDP payload bytes", udpSize);
    cmd.AddValue("encr", "ESP algorithm the key managers choose", encryption);
    cmd.AddValue("prefer-old",
                 "BSD outbound choice: keep using the old SA until it dies",
                 preferOld);
    cmd.AddValue("timeline", "print every SA event", g_timeline);
    cmd.AddValue("pcap",
                 "write the wire PCAP and the keys of every SA (esp_sa) with this prefix",
                 pcap);
    cmd.Parse(argc, argv);

    Config::SetDefault("ns3::SecurityAssociationDatabase::PreferOldSa", BooleanValue(preferOld));
    // Packets that find no SA yet wait for the key manager instead of being dropped.
    Config::SetDefault("ns3::IpsecL3Protocol::AcquireHoldLimit", UintegerValue(256));
    Config::SetDefault("ns3::IpsecL3Protocol::AcquireHoldTime", TimeValue(Seconds(2)));

    NodeContainer hosts;
    hosts.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer devices = link.Install(hosts);
    InternetStackHelper().Install(hosts);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addresses.Assign(devices);
    Ipv4Address a = ifs.GetAddress(0);
    Ipv4Address b = ifs.GetAddress(1);

    IpsecHelper ipsec;
    ipsec.Install(hosts);
    ipsec.AssignStreams(hosts, 1);

    // Key managers first: their control port is bypassed; everything else requires ESP.
    IpsecTeachingKeyManagerHelper keys;
    keys.SetAttribute("Encryption", StringValue(encryption));
    keys.SetAttribute("SoftLifetime", TimeValue(Seconds(soft)));
    keys.SetAttribute("HardLifetime", TimeValue(Seconds(hard)));
    keys.SetAttribute("SoftBytes", UintegerValue(softBytes));
    keys.SetAttribute("HardBytes", UintegerValue(hardBytes));
    ApplicationContainer managers = keys.Install(hosts);
    IpsecTeachingKeyManagerHelper::AssignStreams(managers, 100);
    managers.Start(Seconds(0));

    IpsecProtectionRequest esp; // ESP transport, require, any algorithm
    IpsecHelper::AddPolicy(hosts.Get(0), SecurityPolicy::HostPair(a, b, {esp}));
    IpsecHelper::AddPolicy(hosts.Get(1), SecurityPolicy::HostPair(b, a, {esp}));

    for (uint32_t i = 0; i < 2; ++i)
    {
        std::string node = "n" + std::to_string(i);
        Ptr<IpsecL3Protocol> l3 = IpsecHelper::Get(hosts.Get(i));
        l3->GetSadb()->TraceConnect("SaAdded", node, MakeCallback(&SaAdded));
        l3->GetSadb()->TraceConnect("SaExpired", node, MakeCallback(&SaExpired));
        l3->GetSadb()->TraceConnect("SaRemoved", node, MakeCallback(&SaRemoved));
        l3->GetKeyManagement()->TraceConnect("Acquire", node, MakeCallback(&Acquire));
        managers.Get(i)->TraceConnect("Installed", node, MakeCallback(&Installed));
    }

    // UDP: a constant stream with sequence numbers, n0 -> n1.
    double start = 1;
    uint32_t udpPackets = static_cast<uint32_t>(duration / udpInterval);
    UdpServerHelper udpServer(9);
    ApplicationContainer udpSink = udpServer.Install(hosts.Get(1));
    udpSink.Get(0)->TraceConnectWithoutContext(IPSEC_UDP_SERVER_RX_TRACE,
                                               MakeCallback(&UdpReceived));
    UdpClientHelper udpClient(b, 9);
    udpClient.SetAttribute("MaxPackets", UintegerValue(udpPackets));
    udpClient.SetAttribute("Interval", TimeValue(Seconds(udpInterval)));
    udpClient.SetAttribute("PacketSize", UintegerValue(udpSize));
    ApplicationContainer udpApp = udpClient.Install(hosts.Get(0));
    udpApp.Start(Seconds(start));

    // TCP: a bulk transfer n1 -> n0 for the whole run (its ACKs use the other SAs).
    PacketSinkHelper tcpSink("ns3::TcpSocketFactory",
                             InetSocketAddress(Ipv4Address::GetAny(), 5001));
    ApplicationContainer tcpSinkApp = tcpSink.Install(hosts.Get(0));
    BulkSendHelper tcpSource("ns3::TcpSocketFactory", InetSocketAddress(a, 5001));
    ApplicationContainer tcpApp = tcpSource.Install(hosts.Get(1));
    tcpApp.Start(Seconds(start));
    tcpApp.Stop(Seconds(start + duration));

    if (!pcap.empty())
    {
        link.EnablePcap(pcap, devices.Get(0), true);
    }

    if (g_timeline)
    {
        std::cout << "SA timeline (soft " << soft << " s / " << softBytes << " B, hard " << hard
                  << " s / " << hardBytes << " B)\n"
                  << "   time (s)  node  event        SA\n";
    }
    Simulator::Stop(Seconds(start + duration + 2));
    Simulator::Run();

    // UDP loss around each rekey: packets sent within a second of it that never arrived.
    auto sentAt = [&](uint32_t seq) {
        return start + seq * udpInterval;
    };
    uint32_t lost = 0;
    std::vector<uint32_t> lostNear(g_rekeys.size(), 0);
    for (uint32_t seq = 0; seq < udpPackets; ++seq)
    {
        if (g_received.count(seq))
        {
            continue;
        }
        ++lost;
        for (size_t k = 0; k < g_rekeys.size(); ++k)
        {
            if (std::abs(sentAt(seq) - g_rekeys[k]) <= 1.0)
            {
                ++lostNear[k];
            }
        }
    }
    std::cout << "\nExchanges (the first answers ACQUIRE, the others rekey):\n";
    for (size_t k = 0; k < g_rekeys.size(); ++k)
    {
        std::cout << "  " << std::setw(2) << k + 1 << "  at " << std::fixed << std::setprecision(4)
                  << g_rekeys[k] << " s   UDP lost within 1 s: " << lostNear[k] << "\n";
    }
    uint64_t tcpBytes = DynamicCast<PacketSink>(tcpSinkApp.Get(0))->GetTotalRx();
    uint64_t drops = 0;
    for (uint32_t i = 0; i < 2; ++i)
    {
        drops += IpsecHelper::Get(hosts.Get(i))->GetStats().TotalDrops();
    }
    const IpsecStats& s0 = IpsecHelper::Get(hosts.Get(0))->GetStats();
    uint32_t collisions = 0;
    for (uint32_t i = 0; i < 2; ++i)
    {
        collisions += DynamicCast<IpsecTeachingKeyManager>(managers.Get(i))->GetCollisions();
    }
    std::cout << "\nSummary\n"
              << "  exchanges        " << g_rekeys.size() << " (" << g_hardExpiries.size()
              << " outbound SAs of n0 hard-expired)\n"
              << "  UDP              " << g_received.size() << " / " << udpPackets << " received, "
              << lost << " lost\n"
              << "  TCP              " << tcpBytes << " bytes delivered (" << std::setprecision(2)
              << tcpBytes * 8.0 / duration / 1e6 << " Mb/s)\n"
              << "  collisions       " << collisions
              << " (both ends started an exchange at once; one gave way)\n"
              << "  held for an SA   " << s0.policy.held << " on n0, " << s0.policy.released
              << " released\n"
              << "  IPsec drops      " << drops << "\n"
              << "  result           "
              << (lost == 0 && drops == 0 ? "no packet lost across rekeys" : "packets lost")
              << "\n";
    if (lost != 0 || drops != 0)
    {
        IpsecHelper::PrintStats(std::cout, hosts);
    }
    if (!pcap.empty())
    {
        std::ofstream(pcap + ".esp_sa") << IpsecKeyExport::WiresharkEspSa(g_allSas);
        std::ofstream(pcap + ".setkey") << IpsecKeyExport::Setkey(g_allSas);
        std::cout << "  wrote            " << pcap << "-0-0.pcap, " << pcap << ".esp_sa ("
                  << g_allSas.size() << " SAs), " << pcap << ".setkey\n";
    }
    Simulator::Destroy();
    return 0;
}
