/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Two hosts over a point-to-point link, traffic protected by IPsec in transport mode.
 *
 *   n0 (10.1.1.1) ---- 100 Mb/s, 2 ms ---- n1 (10.1.1.2)
 *
 * UDP (UdpClient -> UdpServer), TCP (BulkSend -> PacketSink) or ping (IcmpEchoClient) from n0 to
 * n1. Prints packets sent and received, bytes on the wire, IPsec overhead per packet and both
 * nodes' IPsec statistics. With --pcap the wire and the cleartext (enc0) view are captured; with
 * --sa-file the keys are exported for Wireshark (esp_sa table) and as setkey statements.
 *
 *   ./build/examples/ipsec-transport --protocol=esp --encr=aes-gcm-16 --traffic=udp \
 *       --pcap=esp --sa-file=esp_sa
 *   tshark -r esp-0-1.pcap -o esp.enable_encryption_decode:TRUE -o "uat:esp_sa:$(head -2 esp_sa |
 * tail -1)"
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecTransportExample");

namespace
{
uint64_t g_wireBytes = 0;
uint64_t g_wirePackets = 0;

void
CountWire(Ptr<const Packet> p)
{
    g_wireBytes += p->GetSize();
    ++g_wirePackets;
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string protocol = "esp";
    std::string encr = "aes-cbc";
    std::string auth = "default";
    std::string traffic = "udp";
    uint32_t packets = 100;
    uint32_t size = 1000;
    std::string pcap;
    std::string saFile;
    bool verbose = false;
    bool ipv6 = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("ipv6", "carry the traffic over IPv6 (udp or tcp)", ipv6);
    cmd.AddValue("protocol", "none, esp, ah or esp+ah", protocol);
    cmd.AddValue("encr",
                 "ESP encryption algorithm (e.g. aes-cbc, aes-gcm-16, 3des-cbc, null)",
                 encr);
    cmd.AddValue("auth",
                 "authentication algorithm (e.g. hmac-sha256-128, hmac-sha1-96; none with an "
                 "AEAD such as aes-gcm-16; default: none for AEADs and ESP, else hmac-sha256-128)",
                 auth);
    cmd.AddValue("traffic", "udp, tcp or ping", traffic);
    cmd.AddValue("packets", "UDP/ping packets (TCP: bytes = packets * size)", packets);
    cmd.AddValue("size", "payload bytes per packet", size);
    cmd.AddValue("pcap", "PCAP file prefix (wire and cleartext enc0 view)", pcap);
    cmd.AddValue("sa-file", "write the Wireshark esp_sa table here (and PATH.setkey)", saFile);
    cmd.AddValue("verbose", "log IPsec drops and policy messages", verbose);
    cmd.Parse(argc, argv);

    if (verbose)
    {
        LogComponentEnable("IpsecL3Protocol", LOG_LEVEL_WARN);
    }
    if (traffic != "udp" && traffic != "tcp" && traffic != "ping")
    {
        std::cerr << "--traffic must be udp, tcp or ping\n";
        return 1;
    }

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    link.SetChannelAttribute("Delay", StringValue("2ms"));
    NetDeviceContainer devices = link.Install(nodes);
    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    Ipv6AddressHelper addresses6;
    addresses6.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer interfaces6 = addresses6.Assign(devices);
    if (ipv6 && traffic == "ping")
    {
        std::cerr << "error: over IPv6 the traffic is udp or tcp\n";
        return 1;
    }
    // The endpoints of the traffic and of its SAs: IPv4, or the global IPv6 addresses.
    IpsecAddress a = interfaces.GetAddress(0);
    IpsecAddress b = interfaces.GetAddress(1);
    Address serverAddress = InetSocketAddress(interfaces.GetAddress(1), 9);
    Address anyAddress = InetSocketAddress(Ipv4Address::GetAny(), 9);
    if (ipv6)
    {
        a = interfaces6.GetAddress(0, 1);
        b = interfaces6.GetAddress(1, 1);
        serverAddress = Inet6SocketAddress(interfaces6.GetAddress(1, 1), 9);
        anyAddress = Inet6SocketAddress(Ipv6Address::GetAny(), 9);
    }

    IpsecHelper ipsec;
    ipsec.Install(nodes);
    std::string suiteName = "none";
    if (protocol != "none")
    {
        IpsecHelper::Suite suite;
        try
        {
            if (auth == "default")
            {
                const IpsecAlgorithm* e = IpsecAlgorithmRegistry::FindEncryption(encr);
                bool aead = e && e->IsCombined() && protocol == "esp";
                auth = aead ? "none" : "hmac-sha256-128";
            }
            suite = IpsecHelper::Suite::Parse(protocol, encr, auth);
        }
        catch (const std::invalid_argument& e)
        {
            std::cerr << "error: " << e.what() << "\n";
            return 1;
        }
        ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, suite);
        suiteName = "";
        if (suite.esp)
        {
            suiteName = "esp " + suite.encryption
                      + (suite.authentication != "none" ? "/" + suite.authentication : "");
        }
        if (suite.ah)
        {
            suiteName += (suite.esp ? " + " : "") + std::string("ah ") + suite.ahAuthentication;
        }
    }
    ipsec.AssignStreams(nodes, 100);

    devices.Get(0)->TraceConnectWithoutContext("MacTx", MakeCallback(&CountWire));

    uint64_t delivered = 0;
    uint32_t sent = 0;
    uint32_t received = 0;
    ApplicationContainer serverApps;
    ApplicationContainer clientApps;
    Ptr<UdpServer> udpServer;
    Ptr<PacketSink> sink;
    Ptr<IcmpEchoClient> pinger;
    if (traffic == "udp")
    {
        UdpServerHelper server(9);
        serverApps = server.Install(nodes.Get(1));
        udpServer = DynamicCast<UdpServer>(serverApps.Get(0));
        UdpClientHelper client(serverAddress);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(MicroSeconds(200)));
        client.SetAttribute("PacketSize", UintegerValue(size));
        clientApps = client.Install(nodes.Get(0));
    }
    else if (traffic == "tcp")
    {
        PacketSinkHelper server("ns3::TcpSocketFactory", anyAddress);
        serverApps = server.Install(nodes.Get(1));
        sink = DynamicCast<PacketSink>(serverApps.Get(0));
        BulkSendHelper client("ns3::TcpSocketFactory", serverAddress);
        client.SetAttribute("MaxBytes", UintegerValue(uint64_t(packets) * size));
        client.SetAttribute("SendSize", UintegerValue(size));
        clientApps = client.Install(nodes.Get(0));
    }
    else
    {
        IcmpEchoClientHelper ping(b.GetIpv4());
        ping.SetAttribute("Count", UintegerValue(packets));
        ping.SetAttribute("Size", UintegerValue(size));
        ping.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        clientApps = ping.Install(nodes.Get(0));
        pinger = DynamicCast<IcmpEchoClient>(clientApps.Get(0));
    }
    serverApps.Start(Seconds(0.5));
    clientApps.Start(Seconds(1.0));

    if (!pcap.empty())
    {
        link.EnablePcapAll(pcap);
        IpsecHelper::EnableCleartextPcap(pcap, nodes);
    }

    Simulator::Stop(Seconds(60));
    Simulator::Run();

    if (udpServer)
    {
        sent = packets;
        received = udpServer->GetReceived();
        delivered = uint64_t(received) * size;
    }
    else if (sink)
    {
        delivered = sink->GetTotalRx();
        sent = packets;
        received = static_cast<uint32_t>(delivered / size);
    }
    else
    {
        sent = pinger->GetSent();
        received = pinger->GetReceived();
        delivered = uint64_t(received) * size;
    }

    const IpsecStats& stats = IpsecHelper::Get(nodes.Get(0))->GetStats();
    uint64_t protectedPackets = stats.wire.datagramsOut;
    uint64_t headers
        = stats.Of(IpsecProtocol::ESP).overheadOut + stats.Of(IpsecProtocol::AH).overheadOut;

    std::cout << "ipsec-transport: " << suiteName << ", " << traffic << " " << packets << " x "
              << size << " B\n";
    std::cout << "  sent:             " << sent
              << (traffic == "tcp" ? " segments' worth" : " packets") << "\n";
    std::cout << "  received:         " << received << " (" << delivered << " bytes delivered)\n";
    std::cout << "  wire (n0 -> n1):  " << g_wirePackets << " frames, " << g_wireBytes
              << " bytes\n";
    std::cout << "  IPsec overhead:   " << std::fixed << std::setprecision(1)
              << stats.OverheadPerDatagram() << " IP bytes per protected packet ("
              << protectedPackets
              << " protected): " << (protectedPackets ? double(headers) / protectedPackets : 0.0)
              << " of ESP/AH, the rest headers of " << stats.wire.addedFragmentsOut
              << " fragments protection added\n";
    IpsecHelper::PrintStats(std::cout, nodes);

    if (!saFile.empty())
    {
        IpsecKeyExport::Write(saFile, nodes);
        std::cout << "keys: " << saFile << " (Wireshark esp_sa), " << saFile << ".setkey\n";
    }
    Simulator::Destroy();
    return 0;
}
