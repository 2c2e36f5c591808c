/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A site-to-site VPN: two LANs behind security gateways, joined across an "Internet" by an
 * IPsec tunnel. The hosts run no IPsec and need no configuration.
 *
 *   LAN A 10.1.1.0/24 (CSMA)                                     LAN B 10.2.1.0/24 (CSMA)
 *   a0 a1 ... --- gw1 ==== 10 Mb/s ==== router ==== 10 Mb/s ==== gw2 --- b0 b1 ...
 *                 172.16.1.1           |                172.16.2.2
 *                                      +---- server 172.16.3.2 (Internet, not protected)
 *
 * Flows: UDP CBR a_i -> b_i for every host pair, a TCP bulk transfer a0 -> b0 (through the
 * tunnel), and UDP a0 -> the Internet server (in the clear). FlowMonitor on the hosts prints
 * per-flow throughput, delay and loss; the gateways print their IPsec statistics.
 *
 * --mode=policy (default) makes the gateways apply tunnel policy to forwarded traffic;
 * --mode=route gives each gateway a tunnel interface and a route to the far LAN through it.
 *
 * The gateways key the tunnel with IKEv2 (an Ikev2Daemon each, swanctl.conf made from the
 * options): gw1's first packet to LAN B raises an ACQUIRE and gw1 negotiates. --keying=manual
 * installs the SAs by hand instead, which AH and --mode=route need (the daemon negotiates ESP
 * for policy-based tunnels).
 *
 *   ./build/examples/ipsec-vpn-gateway --protocol=esp --encr=aes-gcm-16 --auth=none --hosts=3 \
 *       --pcap=vpn --sa-file=vpn_sa          (IKEv2: vpn_sa.ikev2 decrypts the IKE messages)
 *   tshark -r vpn-1-2.pcap -o esp.enable_encryption_decode:TRUE \
 *       -o "uat:esp_sa:$(sed -n 2p vpn_sa)" -o "uat:esp_sa:$(sed -n 3p vpn_sa)"
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/flow-monitor-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <fstream>
#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecVpnGatewayExample");

int
main(int argc, char* argv[])
{
    std::string protocol = "esp";
    std::string encr = "aes-gcm-16";
    std::string auth = "none";
    uint32_t hosts = 2;
    double duration = 10;
    std::string udpRate = "1Mbps";
    std::string pcap;
    std::string saFile;
    std::string dfBit = "Clear";
    std::string mode = "policy";
    bool ecn = false;
    std::string keying;

    CommandLine cmd(__FILE__);
    cmd.AddValue("protocol",
                 "tunnel protection: esp, ah or esp+ah (none: plain routing)",
                 protocol);
    cmd.AddValue("encr", "ESP encryption algorithm", encr);
    cmd.AddValue("auth", "ESP/AH authentication algorithm (none with AEAD)", auth);
    cmd.AddValue("mode",
                 "policy (tunnel policy on forwarded traffic) or route (tunnel interfaces and "
                 "routes, like Solaris ip.tun or Linux vti)",
                 mode);
    cmd.AddValue("keying",
                 "ikev2 (the default for ESP policy tunnels) or manual (the default for AH and "
                 "route mode)",
                 keying);
    cmd.AddValue("hosts", "hosts per LAN", hosts);
    cmd.AddValue("duration", "seconds of traffic", duration);
    cmd.AddValue("udpRate", "rate of each UDP flow", udpRate);
    cmd.AddValue("dfBit", "outer DF: Clear, Set or Copy", dfBit);
    cmd.AddValue("ecn", "RFC 6040 ECN propagation through the tunnel", ecn);
    cmd.AddValue("pcap", "PCAP prefix: wire captures and the gateways' cleartext view", pcap);
    cmd.AddValue("sa-file", "write the Wireshark esp_sa table here (and PATH.setkey)", saFile);
    cmd.Parse(argc, argv);
    if (hosts == 0 || hosts > 200)
    {
        std::cerr << "--hosts must be 1..200\n";
        return 1;
    }
    if (mode != "policy" && mode != "route")
    {
        std::cerr << "--mode must be policy or route\n";
        return 1;
    }
    bool ikev2Possible = protocol == "esp" && mode == "policy";
    if (keying.empty())
    {
        keying = ikev2Possible ? "ikev2" : "manual";
    }
    if (keying != "ikev2" && keying != "manual")
    {
        std::cerr << "--keying must be ikev2 or manual\n";
        return 1;
    }
    if (keying == "ikev2" && !ikev2Possible)
    {
        std::cerr << "--keying=ikev2 negotiates ESP for policy-based tunnels: use --protocol=esp "
                     "--mode=policy, or --keying=manual\n";
        return 1;
    }
    std::string espProposal;
    if (keying == "ikev2")
    {
        // The ESP proposal that names --encr and --auth (strongSwan's spelling).
        Ikev2ChildSuite suite;
        suite.encr = IpsecAlgorithmRegistry::FindEncryption(encr);
        suite.integ = auth == "none" ? nullptr : IpsecAlgorithmRegistry::FindIntegrity(auth);
        if (!suite.encr || suite.encr->ikev2Id == 0 || (auth != "none" && !suite.integ)
            || (suite.integ && suite.integ->ikev2Id == 0)
            || (!suite.integ && !suite.encr->IsCombined()))
        {
            std::cerr << "--encr=" << encr << " --auth=" << auth
                      << " cannot be negotiated by IKEv2: use --keying=manual\n";
            return 1;
        }
        suite.encrKeyBits = suite.encr->keyBitsDefault;
        espProposal = suite.ToString();
    }

    NodeContainer lanA;
    lanA.Create(hosts);
    NodeContainer lanB;
    lanB.Create(hosts);
    Ptr<Node> gw1 = CreateObject<Node>();
    Ptr<Node> gw2 = CreateObject<Node>();
    Ptr<Node> router = CreateObject<Node>();
    Ptr<Node> server = CreateObject<Node>();
    Names::Add("gw1", gw1);
    Names::Add("gw2", gw2);
    Names::Add("router", router);
    Names::Add("server", server);
    NodeContainer all(lanA, lanB, NodeContainer(gw1, gw2, router, server));
    InternetStackHelper().Install(all);

    CsmaHelper lan;
    lan.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    lan.SetChannelAttribute("Delay", TimeValue(MicroSeconds(50)));
    NetDeviceContainer lanADevices = lan.Install(NodeContainer(NodeContainer(gw1), lanA));
    NetDeviceContainer lanBDevices = lan.Install(NodeContainer(NodeContainer(gw2), lanB));
    PointToPointHelper wan;
    wan.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    wan.SetChannelAttribute("Delay", StringValue("10ms"));
    NetDeviceContainer wan1 = wan.Install(gw1, router);
    NetDeviceContainer wan2 = wan.Install(router, gw2);
    NetDeviceContainer edge = wan.Install(router, server);

    Ipv4AddressHelper ip;
    ip.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifA = ip.Assign(lanADevices);
    ip.SetBase("10.2.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifB = ip.Assign(lanBDevices);
    ip.SetBase("172.16.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifW1 = ip.Assign(wan1);
    ip.SetBase("172.16.2.0", "255.255.255.0");
    Ipv4InterfaceContainer ifW2 = ip.Assign(wan2);
    ip.SetBase("172.16.3.0", "255.255.255.0");
    Ipv4InterfaceContainer ifE = ip.Assign(edge);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    NodeContainer gateways(gw1, gw2);
    IpsecHelper ipsec;
    ipsec.SetAttribute("DfBit", StringValue(dfBit));
    ipsec.SetAttribute("Ecn", BooleanValue(ecn));
    ipsec.Install(gateways);
    ipsec.AssignStreams(gateways, 1);
    Ptr<Ikev2Daemon> daemon1;
    Ptr<Ikev2Daemon> daemon2;
    if (protocol != "none" && keying == "ikev2")
    {
        auto swanctl = [&espProposal](const std::string& self,
                                      const std::string& peer,
                                      const std::string& selfId,
                                      const std::string& peerId,
                                      const std::string& localTs,
                                      const std::string& remoteTs,
                                      bool trap) {
            return "connections {\n gw {\n  local_addrs = " + self + "\n  remote_addrs = " + peer
                 + "\n  local { auth = psk\n id = " + selfId + " }\n  remote { auth = psk\n id = "
                 + peerId + " }\n  children {\n   lan {\n    local_ts = " + localTs
                 + "\n    remote_ts = " + remoteTs + "\n    esp_proposals = " + espProposal
                 + (trap ? "\n    start_action = trap" : "")
                 + "\n   }\n  }\n }\n}\nsecrets { ike-gw { id-a = " + selfId + "\n id-b = " + peerId
                 + "\n secret = \"ns-3 ipsec flagship\" } }\n";
        };
        std::ostringstream w1;
        w1 << ifW1.GetAddress(0);
        std::ostringstream w2;
        w2 << ifW2.GetAddress(1);
        // Packets that raise the ACQUIRE wait for the SA instead of being dropped.
        IpsecHelper::Get(gw1)->SetAttribute("AcquireHoldLimit", UintegerValue(64));
        Ikev2Helper ikev2;
        daemon1 = DynamicCast<Ikev2Daemon>(ikev2
                                               .Install(gw1,
                                                        swanctl(w1.str(),
                                                                w2.str(),
                                                                "gw1.example",
                                                                "gw2.example",
                                                                "10.1.1.0/24",
                                                                "10.2.1.0/24",
                                                                true),
                                                        "gw1/swanctl.conf")
                                               .Get(0));
        daemon2 = DynamicCast<Ikev2Daemon>(ikev2
                                               .Install(gw2,
                                                        swanctl(w2.str(),
                                                                w1.str(),
                                                                "gw2.example",
                                                                "gw1.example",
                                                                "10.2.1.0/24",
                                                                "10.1.1.0/24",
                                                                false),
                                                        "gw2/swanctl.conf")
                                               .Get(0));
        Ikev2Helper::AssignStreams(gateways, 20);
    }
    else if (protocol != "none")
    {
        IpsecHelper::Suite suite;
        try
        {
            suite = IpsecHelper::Suite::Parse(protocol, encr, auth);
        }
        catch (const std::exception& e)
        {
            std::cerr << e.what() << "\n";
            return 1;
        }
        Ipv4Address netA("10.1.1.0");
        Ipv4Address netB("10.2.1.0");
        Ipv4Mask mask("255.255.255.0");
        if (mode == "policy")
        {
            ipsec.ProtectNetworks(gw1,
                                  ifW1.GetAddress(0),
                                  netA,
                                  mask,
                                  gw2,
                                  ifW2.GetAddress(1),
                                  netB,
                                  mask,
                                  suite);
        }
        else
        {
            ipsec.AddRouteBasedTunnel(gw1,
                                      ifW1.GetAddress(0),
                                      netA,
                                      mask,
                                      gw2,
                                      ifW2.GetAddress(1),
                                      netB,
                                      mask,
                                      suite);
        }
    }

    // Traffic: UDP CBR per host pair, TCP bulk a0 -> b0, UDP a0 -> the Internet server.
    double start = 1;
    double stop = start + duration;
    uint16_t port = 5000;
    for (uint32_t i = 0; i < hosts; ++i)
    {
        Ipv4Address target = ifB.GetAddress(i + 1);
        OnOffHelper udp("ns3::UdpSocketFactory", InetSocketAddress(target, port + i));
        udp.SetConstantRate(DataRate(udpRate), 1000);
        udp.Install(lanA.Get(i)).Start(Seconds(start));
        PacketSinkHelper sink("ns3::UdpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), port + i));
        sink.Install(lanB.Get(i));
    }
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(ifB.GetAddress(1), 9));
    bulk.Install(lanA.Get(0)).Start(Seconds(start));
    PacketSinkHelper tcpSink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    tcpSink.Install(lanB.Get(0));
    OnOffHelper internet("ns3::UdpSocketFactory", InetSocketAddress(ifE.GetAddress(1), 7000));
    internet.SetConstantRate(DataRate("500kbps"), 500);
    internet.Install(lanA.Get(0)).Start(Seconds(start));
    PacketSinkHelper internetSink("ns3::UdpSocketFactory",
                                  InetSocketAddress(Ipv4Address::GetAny(), 7000));
    internetSink.Install(server);

    FlowMonitorHelper flowHelper;
    Ptr<FlowMonitor> monitor = flowHelper.Install(NodeContainer(lanA, lanB, NodeContainer(server)));
    // Flows IPsec protects end to end (transport mode, a host's own tunnel) are invisible to
    // FlowMonitor's IP probe; this makes them counted by their inner 5-tuple. Here the gateways
    // protect, and it changes nothing: it is the one call a study of such flows needs.
    IpsecFlowProbe::Enable(flowHelper);

    if (!pcap.empty())
    {
        wan.EnablePcap(pcap, wan1.Get(0), true);
        lan.EnablePcap(pcap, lanADevices.Get(0), true);
        IpsecHelper::EnableCleartextPcap(pcap, gateways);
    }

    Simulator::Stop(Seconds(stop + 1));
    Simulator::Run();

    monitor->CheckForLostPackets();
    Ptr<Ipv4FlowClassifier> classifier
        = DynamicCast<Ipv4FlowClassifier>(flowHelper.GetClassifier());
    std::cout << "VPN gateway example: " << hosts << " host(s) per LAN, "
              << (protocol == "none"
                      ? std::string("no tunnel")
                      : mode + "-based tunnel " + protocol + " " + encr + " " + auth + ", keyed "
                            + (keying == "ikev2" ? "by IKEv2" : "by hand"))
              << ", " << duration << " s of traffic\n\n";
    std::cout << std::left << std::setw(5) << "flow" << std::setw(34) << "source -> destination"
              << std::setw(6) << "proto" << std::right << std::setw(9) << "tx pkts" << std::setw(9)
              << "rx pkts" << std::setw(8) << "loss %" << std::setw(13) << "goodput kb/s"
              << std::setw(11) << "delay ms"
              << "\n";
    for (const auto& [id, stats] : monitor->GetFlowStats())
    {
        Ipv4FlowClassifier::FiveTuple t = classifier->FindFlow(id);
        if (t.protocol == 6 && t.sourcePort == 9)
        {
            continue; // TCP acknowledgements: shown with their data flow's delay
        }
        std::ostringstream path;
        path << t.sourceAddress << ":" << t.sourcePort << " -> " << t.destinationAddress << ":"
             << t.destinationPort;
        double seconds = (stats.timeLastRxPacket - stats.timeFirstTxPacket).GetSeconds();
        double goodput = seconds > 0 ? stats.rxBytes * 8.0 / seconds / 1000 : 0;
        double loss
            = stats.txPackets ? 100.0 * (stats.txPackets - stats.rxPackets) / stats.txPackets : 0;
        double delay = stats.rxPackets ? stats.delaySum.GetSeconds() * 1000 / stats.rxPackets : 0;
        std::cout << std::left << std::setw(5) << id << std::setw(34) << path.str() << std::setw(6)
                  << (t.protocol == 6 ? "tcp" : "udp") << std::right << std::setw(9)
                  << stats.txPackets << std::setw(9) << stats.rxPackets << std::fixed
                  << std::setprecision(1) << std::setw(8) << loss << std::setw(13) << goodput
                  << std::setprecision(2) << std::setw(11) << delay << "\n";
    }
    std::cout << "\nIPsec statistics of the gateways (gw1 = node " << gw1->GetId()
              << ", gw2 = node " << gw2->GetId() << "):\n";
    IpsecHelper::PrintStats(std::cout, gateways);
    if (daemon1)
    {
        const Ikev2Stats& s1 = daemon1->GetStats();
        std::cout << "\nIKEv2: gw1 negotiated on ACQUIRE, setup "
                  << (s1.setup.count ? s1.setup.min.GetSeconds() * 1000 : 0.0)
                  << " ms (ACQUIRE to Child SA installed); "
                  << s1.TotalMessagesOut() + daemon2->GetStats().TotalMessagesOut()
                  << " IKE messages, " << s1.TotalBytesOut() + daemon2->GetStats().TotalBytesOut()
                  << " bytes\n"
                  << daemon1->Dump();
    }
    if (!saFile.empty())
    {
        if (daemon1)
        {
            // Every Child SA the daemons installed (rekeyed ones too), and the IKE SA's keys.
            std::ofstream esp(saFile);
            esp << IpsecKeyExport::WiresharkEspSa(Ikev2KeyExport::CollectChild(gateways));
            std::ofstream ike(saFile + ".ikev2");
            ike << Ikev2KeyExport::DecryptionTable(Ikev2KeyExport::CollectIke(gateways));
            if (!esp || !ike)
            {
                std::cerr << "cannot write " << saFile << "\n";
                return 1;
            }
            std::cout << "keys: " << saFile << " (Wireshark esp_sa) and " << saFile
                      << ".ikev2 (ikev2_decryption_table)\n";
        }
        else
        {
            IpsecKeyExport::Write(saFile, gateways);
            std::cout << "keys: " << saFile << " (Wireshark esp_sa) and " << saFile << ".setkey\n";
        }
    }
    Simulator::Destroy();
    return 0;
}
