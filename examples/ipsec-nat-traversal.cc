/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A road warrior behind a NAT reaches its office through an IPsec tunnel: ESP crosses the NAT
 * inside UDP (RFC 3948), which is what NAT traversal is for. The SAs are configured by hand
 * (setkey's esp-udp), as a key manager would install them once IKE has found the NAT.
 *
 *   laptop 192.168.1.10 --- nat 192.168.1.11 | 203.0.113.1 ==== gateway 203.0.113.2 --- server
 *   (home LAN, inside)          NAPT (NaptBox)      (Internet)        10.2.0.1          10.2.0.2
 *
 * The laptop is its own tunnel endpoint: its packets to the office LAN 10.2.0.0/24 go in an ESP
 * tunnel to the gateway, which the NAT maps to its public address. Traffic: UDP echo requests
 * and replies laptop <-> server, and a TCP transfer laptop -> server.
 *
 * --encap=0 sends plain ESP instead: the NAT cannot map it (no ports) and drops it, and nothing
 * arrives; the counters say why. --pcap writes both sides of the NAT (the addresses differ,
 * the ESP does not), --sa-file the keys: the esp_sa lines of UDP-encapsulated SAs match any
 * address, so tshark decrypts both captures:
 *
 *   ./build/examples/ipsec-nat-traversal --pcap=natt --sa-file=natt_sa
 *   tshark -r natt-1-1.pcap -o esp.enable_encryption_decode:TRUE \
 *       -o "uat:esp_sa:$(sed -n 2p natt_sa)" -o "uat:esp_sa:$(sed -n 3p natt_sa)"
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecNatTraversalExample");

namespace
{

/// The setkey text of one end: its two SAs and its tunnel policy.
std::string
TunnelConfig(bool encap,
             const std::string& self,
             const std::string& peer,
             const std::string& selfNet,
             const std::string& peerNet,
             uint32_t outSpi,
             uint32_t inSpi,
             const std::string& outKey,
             const std::string& inKey)
{
    std::string esp = encap ? "esp-udp" : "esp";
    std::string port = encap ? "[4500]" : "";
    auto sa =
        [&](const std::string& from, const std::string& to, uint32_t spi, const std::string& key) {
            return "add " + from + port + " " + to + port + " " + esp + " " + std::to_string(spi)
                 + " -m tunnel -r 8 -E aes-gcm-16 0x" + key + ";\n";
        };
    std::string tunnelOut = "esp/tunnel/" + self + "-" + peer + "/require";
    std::string tunnelIn = "esp/tunnel/" + peer + "-" + self + "/require";
    return sa(self, peer, outSpi, outKey) + sa(peer, self, inSpi, inKey) + "spdadd " + selfNet + " "
         + peerNet + " any -P out ipsec " + tunnelOut + ";\n" + "spdadd " + peerNet + " " + selfNet
         + " any -P in ipsec " + tunnelIn + ";\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    bool encap = true;
    uint32_t packets = 20;
    uint64_t tcpBytes = 200000;
    std::string pcap;
    std::string saFile;

    CommandLine cmd(__FILE__);
    cmd.AddValue("encap",
                 "UDP-encapsulated ESP (RFC 3948); 0: plain ESP, which the NAT drops",
                 encap);
    cmd.AddValue("packets", "UDP echo requests", packets);
    cmd.AddValue("tcpBytes", "bytes of the TCP transfer (0: none)", tcpBytes);
    cmd.AddValue("pcap", "PCAP prefix: both sides of the NAT", pcap);
    cmd.AddValue("sa-file", "write the Wireshark esp_sa table here (and PATH.setkey)", saFile);
    cmd.Parse(argc, argv);
    if (packets == 0 || packets > 100000)
    {
        std::cerr << "--packets must be 1..100000\n";
        return 1;
    }
    if (tcpBytes > 1000000000)
    {
        std::cerr << "--tcpBytes must be at most 1000000000\n";
        return 1;
    }

    Ptr<Node> laptop = CreateObject<Node>();
    Ptr<Node> nat = CreateObject<Node>();
    Ptr<Node> gateway = CreateObject<Node>();
    Ptr<Node> server = CreateObject<Node>();
    InternetStackHelper().Install(NodeContainer(laptop, nat, gateway, server));
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("20Mbps"));
    link.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer home = link.Install(laptop, nat);
    NetDeviceContainer internet = link.Install(nat, gateway);
    NetDeviceContainer office = link.Install(gateway, server);
    Ipv4AddressHelper ip;
    ip.SetBase("192.168.1.0", "255.255.255.0", "0.0.0.10");
    Ipv4InterfaceContainer ifHome = ip.Assign(home); // laptop .10, nat .11
    ip.SetBase("203.0.113.0", "255.255.255.0");
    Ipv4InterfaceContainer ifInternet = ip.Assign(internet); // nat .1, gateway .2
    ip.SetBase("10.2.0.0", "255.255.255.0", "0.0.0.1");
    Ipv4InterfaceContainer ifOffice = ip.Assign(office); // gateway .1, server .2
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(laptop->GetObject<Ipv4>())->SetDefaultRoute(ifHome.GetAddress(1), 1);
    // The gateway knows no private address: everything not in the office goes to the Internet.
    routing.GetStaticRouting(gateway->GetObject<Ipv4>())
        ->SetDefaultRoute(ifInternet.GetAddress(0), 1);
    routing.GetStaticRouting(server->GetObject<Ipv4>())->SetDefaultRoute(ifOffice.GetAddress(0), 1);

    // The NAT keeps the laptop's port 4500 (port preservation, as Linux does when it can): the
    // gateway's SAs name it. Had it picked another, IKE would have learnt which.
    NaptHelper napt;
    Ptr<NaptBox> box = napt.Install(nat, 1, 2);

    NodeContainer ends(laptop, gateway);
    IpsecHelper ipsec;
    ipsec.Install(ends);
    ipsec.AssignStreams(ends, 1);
    std::string laptopAddress = "192.168.1.10";
    std::string natPublic = "203.0.113.1";
    std::string gatewayAddress = "203.0.113.2";
    const std::string k1 = "0102030405060708090a0b0c0d0e0f1011121314";
    const std::string k2 = "a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4";
    // The laptop knows its own private address; the gateway sees the NAT's public one.
    std::string laptopText = TunnelConfig(encap,
                                          laptopAddress,
                                          gatewayAddress,
                                          laptopAddress + "/32",
                                          "10.2.0.0/24",
                                          0x1001,
                                          0x2001,
                                          k1,
                                          k2);
    std::string gatewayText = TunnelConfig(encap,
                                           gatewayAddress,
                                           natPublic,
                                           "10.2.0.0/24",
                                           laptopAddress + "/32",
                                           0x2001,
                                           0x1001,
                                           k2,
                                           k1);
    for (auto [node, text] :
         {std::make_pair(laptop, laptopText), std::make_pair(gateway, gatewayText)})
    {
        IpsecConfigResult r
            = IpsecConfig::Load(IpsecHelper::Get(node), IpsecConfigFormat::SETKEY, text, "example");
        if (!r.ok)
        {
            std::cerr << r.error << "\n";
            return 1;
        }
    }

    UdpEchoServerHelper echoServer(7);
    echoServer.Install(server).Start(Seconds(0.5));
    UdpEchoClientHelper echo(ifOffice.GetAddress(1), 7);
    echo.SetAttribute("MaxPackets", UintegerValue(packets));
    echo.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
    echo.SetAttribute("PacketSize", UintegerValue(512));
    ApplicationContainer client = echo.Install(laptop);
    client.Start(Seconds(1));
    uint32_t replies = 0;
    client.Get(0)->TraceConnectWithoutContext("Rx",
                                              MakeBoundCallback(
                                                  +[](uint32_t* n, Ptr<const Packet>) { ++*n; },
                                                  &replies));
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer sinkApp = sink.Install(server);
    if (tcpBytes > 0)
    {
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(ifOffice.GetAddress(1), 9));
        bulk.SetAttribute("MaxBytes", UintegerValue(tcpBytes));
        bulk.Install(laptop).Start(Seconds(1.5));
    }
    if (!pcap.empty())
    {
        link.EnablePcap(pcap, home.Get(1), true);     // inside the NAT: private addresses
        link.EnablePcap(pcap, internet.Get(0), true); // outside: the NAT's public address
    }

    Simulator::Stop(Seconds(1 + packets * 0.1 + 10));
    Simulator::Run();

    uint64_t tcpReceived = DynamicCast<PacketSink>(sinkApp.Get(0))->GetTotalRx();
    std::cout << "NAT traversal example: " << (encap ? "ESP in UDP (RFC 3948)" : "plain ESP")
              << " through a NAPT\n"
              << "  UDP echo: " << replies << " of " << packets << " replies\n"
              << "  TCP: " << tcpReceived << " of " << tcpBytes << " bytes\n\n";
    const NaptBox::Stats& n = box->GetStats();
    std::cout << "NAT: " << n.mappingsCreated << " mapping(s) created, " << n.translatedOut
              << " packets translated out, " << n.translatedIn << " in, " << n.droppedProtocol
              << " dropped (protocol it cannot map, e.g. ESP), " << n.droppedNoMapping
              << " dropped (no mapping)\n"
              << box->Dump() << "\n";
    std::cout << "IPsec statistics (laptop = node " << laptop->GetId() << ", gateway = node "
              << gateway->GetId() << "):\n";
    IpsecHelper::PrintStats(std::cout, ends);
    if (!saFile.empty())
    {
        IpsecKeyExport::Write(saFile, ends);
        std::cout << "keys: " << saFile << " (Wireshark esp_sa) and " << saFile << ".setkey\n";
    }
    Simulator::Destroy();
    return 0;
}
