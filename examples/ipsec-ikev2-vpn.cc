/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A site-to-site VPN keyed by IKEv2, with one gateway behind a NAT: the gateways negotiate the
 * tunnel when the first packet needs it (swanctl start_action = trap), find the NAT and move
 * IKE and ESP into UDP 4500, rekey the Child SA while traffic flows, and survive an outage of
 * the Internet link through dead-peer detection (dpd_action = restart).
 *
 *   LAN A 10.1.0.0/24          home NAT (NaptBox)                      LAN B 10.2.0.0/24
 *   a 10.1.0.2 --- gwA 10.1.0.1 | 192.168.1.2 --- 192.168.1.1 | 203.0.113.1 ====
 *                                                   ==== 203.0.113.2 gwB 10.2.0.1 --- b 10.2.0.2
 *
 * Traffic: UDP echo a -> b every 100 ms, and a TCP transfer a -> b. The Internet link
 * (NAT <-> gwB) is down from --outageStart to --outageEnd. The summary gives the setup latency
 * (ACQUIRE to Child SA installed), the IKE exchanges and bytes, the ESP overhead, the rekeys and
 * what DPD did.
 *
 *   ./build/examples/ipsec-ikev2-vpn --pcap=ikev2 --keys=ikev2-keys
 *   tshark -r ikev2-3-1.pcap -o "uat:ikev2_decryption_table:$(sed -n 2p ikev2-keys.ikev2)" \
 *       -o esp.enable_encryption_decode:TRUE -o "uat:esp_sa:$(sed -n 2p ikev2-keys.esp)" ...
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

NS_LOG_COMPONENT_DEFINE("IpsecIkev2VpnExample");

namespace
{

/// A gateway's swanctl.conf.
std::string
Swanctl(const std::string& local,
        const std::string& remote,
        const std::string& localId,
        const std::string& remoteId,
        const std::string& localTs,
        const std::string& remoteTs,
        const std::string& ike,
        const std::string& esp,
        const std::string& childExtra,
        const std::string& connectionExtra)
{
    return "connections {\n  vpn {\n    local_addrs = " + local + "\n"
         + (remote.empty() ? "" : "    remote_addrs = " + remote + "\n") + "    proposals = " + ike
         + "\n" + connectionExtra + "    local { auth = psk\n id = " + localId
         + " }\n    remote { auth = psk\n id = " + remoteId
         + " }\n    children {\n      lan {\n        local_ts = " + localTs
         + "\n        remote_ts = " + remoteTs + "\n        esp_proposals = " + esp + "\n"
         + childExtra + "      }\n    }\n  }\n}\nsecrets {\n  ike-vpn {\n    id-a = " + localId
         + "\n    id-b = " + remoteId + "\n    secret = \"correct horse battery staple\"\n  }\n}\n";
}

void
PrintLatency(const std::string& what, const Ikev2Stats::Latency& l)
{
    std::cout << "  " << std::left << std::setw(34) << what << std::right;
    if (l.count == 0)
    {
        std::cout << "-\n";
        return;
    }
    std::cout << std::fixed << std::setprecision(2) << l.Mean().GetSeconds() * 1000 << " ms mean, "
              << l.min.GetSeconds() * 1000 << " min, " << l.max.GetSeconds() * 1000 << " max ("
              << l.count << ")\n";
}

void
PrintDaemon(const std::string& name, Ptr<Ikev2Daemon> d)
{
    const Ikev2Stats& s = d->GetStats();
    std::cout << name << ":\n";
    std::cout
        << "  exchange          requests out/in  responses out/in  retransmits  bytes out/in\n";
    for (auto type : {Ikev2ExchangeType::IKE_SA_INIT,
                      Ikev2ExchangeType::IKE_AUTH,
                      Ikev2ExchangeType::CREATE_CHILD_SA,
                      Ikev2ExchangeType::INFORMATIONAL})
    {
        const Ikev2Stats::Exchange& e = s.Of(type);
        std::ostringstream req;
        req << e.requestsOut << "/" << e.requestsIn;
        std::ostringstream res;
        res << e.responsesOut << "/" << e.responsesIn;
        std::ostringstream bytes;
        bytes << e.bytesOut << "/" << e.bytesIn;
        std::cout << "  " << std::left << std::setw(18) << ToString(type) << std::right
                  << std::setw(15) << req.str() << std::setw(18) << res.str() << std::setw(13)
                  << e.retransmissions << std::setw(14) << bytes.str() << "\n";
    }
    std::cout << "  IKE SAs established " << s.ikeSasEstablished << ", rekeyed " << s.ikeRekeys
              << ", failed " << s.ikeSasFailed << ", deleted " << s.ikeSasDeleted
              << "; Child SAs installed " << s.childSasInstalled << ", rekeyed " << s.childRekeys
              << ", deleted " << s.childSasDeleted << "\n";
    std::cout << "  NAT found " << s.natDetected << " time(s), keepalives sent " << s.keepalivesSent
              << "; DPD probes " << s.dpdProbes << ", dead peers " << s.dpdFailures << ", restarts "
              << s.dpdRestarts << "; ACQUIREs " << s.acquires << " (" << s.acquiresCoalesced
              << " coalesced); drops " << s.TotalDrops() << "\n";
    PrintLatency("setup (ACQUIRE -> Child SA)", s.setup);
    PrintLatency("IKE_SA_INIT round trip", s.ikeSaInit);
    PrintLatency("IKE_AUTH round trip", s.ikeAuth);
    PrintLatency("CREATE_CHILD_SA round trip", s.childCreate);
}

} // namespace

int
main(int argc, char* argv[])
{
    double duration = 100;
    double rekey = 30;
    double ikeRekey = 0;
    double outageStart = 40;
    double outageEnd = 70;
    double dpd = 5;
    std::string ike = "aes128gcm16-prfsha256-curve25519";
    std::string esp = "aes128gcm16";
    uint64_t tcpBytes = 2000000;
    std::string pcap;
    std::string keys;

    CommandLine cmd(__FILE__);
    cmd.AddValue("duration", "seconds of simulation (traffic starts at 1 s)", duration);
    cmd.AddValue("rekey", "Child SA rekey_time in seconds (0: none)", rekey);
    cmd.AddValue("ikeRekey", "IKE SA rekey_time in seconds (0: swanctl's default, 4 h)", ikeRekey);
    cmd.AddValue("outageStart",
                 "the Internet link goes down at this time (s; 0: no outage)",
                 outageStart);
    cmd.AddValue("outageEnd", "and comes back at this time (s)", outageEnd);
    cmd.AddValue("dpd", "dpd_delay in seconds (0: no dead-peer detection)", dpd);
    cmd.AddValue("ike", "IKE proposal (strongSwan syntax)", ike);
    cmd.AddValue("esp", "ESP proposal (strongSwan syntax)", esp);
    cmd.AddValue("tcpBytes", "bytes of the TCP transfer a -> b (0: none)", tcpBytes);
    cmd.AddValue("pcap", "PCAP prefix: the NAT's two links and the gateways' cleartext view", pcap);
    cmd.AddValue("keys", "write PATH.ikev2 (ikev2_decryption_table) and PATH.esp (esp_sa)", keys);
    cmd.Parse(argc, argv);
    if (duration < 5 || duration > 100000)
    {
        std::cerr << "--duration must be 5..100000 seconds\n";
        return 1;
    }
    if (rekey < 0 || (rekey > 0 && rekey < 2) || dpd < 0 || dpd > 3600 || ikeRekey < 0
        || (ikeRekey > 0 && ikeRekey < 2))
    {
        std::cerr << "--rekey and --ikeRekey must be 0 or at least 2 seconds, --dpd 0..3600\n";
        return 1;
    }
    if (outageStart < 0 || (outageStart > 0 && outageEnd <= outageStart))
    {
        std::cerr << "--outageEnd must come after --outageStart\n";
        return 1;
    }
    if (tcpBytes > 1000000000)
    {
        std::cerr << "--tcpBytes must be at most 1000000000\n";
        return 1;
    }

    Ptr<Node> a = CreateObject<Node>();
    Ptr<Node> gwA = CreateObject<Node>();
    Ptr<Node> nat = CreateObject<Node>();
    Ptr<Node> gwB = CreateObject<Node>();
    Ptr<Node> b = CreateObject<Node>();
    Names::Add("gwA", gwA);
    Names::Add("nat", nat);
    Names::Add("gwB", gwB);
    InternetStackHelper().Install(NodeContainer(a, gwA, nat, gwB, b));
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("2ms"));
    PointToPointHelper wan;
    wan.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    wan.SetChannelAttribute("Delay", StringValue("15ms"));
    NetDeviceContainer lanA = link.Install(a, gwA);
    NetDeviceContainer home = link.Install(gwA, nat);
    NetDeviceContainer internet = wan.Install(nat, gwB);
    NetDeviceContainer lanB = link.Install(gwB, b);
    Ipv4AddressHelper ip;
    ip.SetBase("10.1.0.0", "255.255.255.0");
    Ipv4InterfaceContainer ifLanA = ip.Assign(NetDeviceContainer(lanA.Get(1), lanA.Get(0)));
    ip.SetBase("192.168.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifHome = ip.Assign(NetDeviceContainer(home.Get(1), home.Get(0)));
    ip.SetBase("203.0.113.0", "255.255.255.0");
    Ipv4InterfaceContainer ifInternet = ip.Assign(internet);
    ip.SetBase("10.2.0.0", "255.255.255.0");
    Ipv4InterfaceContainer ifLanB = ip.Assign(lanB);
    Ipv4StaticRoutingHelper routing;
    auto route = [&routing](Ptr<Node> n) {
        return routing.GetStaticRouting(n->GetObject<Ipv4>());
    };
    route(a)->SetDefaultRoute(ifLanA.GetAddress(0), 1);
    route(gwA)->SetDefaultRoute(ifHome.GetAddress(0), 2);
    route(b)->SetDefaultRoute(ifLanB.GetAddress(0), 1);
    route(gwB)->SetDefaultRoute(ifInternet.GetAddress(0), 1);

    NaptHelper napt;
    Ptr<NaptBox> box = napt.Install(nat, 1, 2);

    NodeContainer gateways(gwA, gwB);
    IpsecHelper ipsec;
    ipsec.Install(gateways);
    ipsec.AssignStreams(gateways, 1);
    // Packets that raise the ACQUIRE wait for the SA instead of being dropped.
    IpsecHelper::Get(gwA)->SetAttribute("AcquireHoldLimit", UintegerValue(64));

    std::ostringstream rekeyText;
    if (rekey > 0)
    {
        rekeyText << "        rekey_time = " << rekey << "s\n";
    }
    std::ostringstream dpdText;
    if (dpd > 0)
    {
        dpdText << "    dpd_delay = " << dpd << "s\n";
    }
    if (ikeRekey > 0)
    {
        dpdText << "    rekey_time = " << ikeRekey << "s\n";
    }
    std::string confA = Swanctl("192.168.1.2",
                                "203.0.113.2",
                                "gwa.example",
                                "gwb.example",
                                "10.1.0.0/24",
                                "10.2.0.0/24",
                                ike,
                                esp,
                                rekeyText.str() + "        start_action = trap\n"
                                    + "        dpd_action = restart\n",
                                dpdText.str() + "    keyingtries = 0\n");
    std::string confB = Swanctl("203.0.113.2",
                                "",
                                "gwb.example",
                                "gwa.example",
                                "10.2.0.0/24",
                                "10.1.0.0/24",
                                ike,
                                esp,
                                rekeyText.str(),
                                dpdText.str());
    Ikev2Helper ikev2;
    ikev2.SetAttribute("RetransmitTimeout", TimeValue(Seconds(2)));
    ikev2.SetAttribute("RetransmitTries", UintegerValue(3));
    ikev2.SetAttribute("NatKeepalive", TimeValue(Seconds(10)));
    Ptr<Ikev2Daemon> dA;
    Ptr<Ikev2Daemon> dB;
    try
    {
        dA = DynamicCast<Ikev2Daemon>(ikev2.Install(gwA, confA, "gwA/swanctl.conf").Get(0));
        dB = DynamicCast<Ikev2Daemon>(ikev2.Install(gwB, confB, "gwB/swanctl.conf").Get(0));
    }
    catch (const std::exception& e)
    {
        std::cerr << e.what() << "\n";
        return 1;
    }
    Ikev2Helper::AssignStreams(gateways, 10);

    // Traffic through the tunnel.
    UdpEchoServerHelper echoServer(7);
    echoServer.Install(b);
    UdpEchoClientHelper echo(ifLanB.GetAddress(1), 7);
    uint32_t echoes = static_cast<uint32_t>((duration - 2) * 10);
    echo.SetAttribute("MaxPackets", UintegerValue(echoes));
    echo.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
    echo.SetAttribute("PacketSize", UintegerValue(200));
    ApplicationContainer client = echo.Install(a);
    client.Start(Seconds(1));
    uint32_t replies = 0;
    client.Get(0)->TraceConnectWithoutContext(
        "Rx",
        Callback<void, Ptr<const Packet>>([&replies](Ptr<const Packet>) { ++replies; }));
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer sinkApp = sink.Install(b);
    if (tcpBytes > 0)
    {
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(ifLanB.GetAddress(1), 9));
        bulk.SetAttribute("MaxBytes", UintegerValue(tcpBytes));
        bulk.Install(a).Start(Seconds(2));
    }

    if (outageStart > 0 && outageStart < duration)
    {
        Ptr<Ipv4> natIp = nat->GetObject<Ipv4>();
        Simulator::Schedule(Seconds(outageStart), [natIp]() { natIp->SetDown(2); });
        Simulator::Schedule(Seconds(outageEnd), [natIp]() { natIp->SetUp(2); });
    }
    if (!pcap.empty())
    {
        link.EnablePcap(pcap, home.Get(1), true);
        wan.EnablePcap(pcap, internet.Get(0), true);
        IpsecHelper::EnableCleartextPcap(pcap, gateways);
    }

    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    std::cout << "IKEv2 VPN example: gwA behind a NAT, " << duration << " s, rekey_time " << rekey
              << " s, dpd_delay " << dpd << " s";
    if (outageStart > 0)
    {
        std::cout << ", Internet link down " << outageStart << "-" << outageEnd << " s";
    }
    std::cout << "\n  IKE " << ike << ", ESP " << esp << "\n\n";
    std::cout << "UDP echo a -> b: " << replies << " of " << echoes << " replies\n";
    std::cout << "TCP a -> b: " << DynamicCast<PacketSink>(sinkApp.Get(0))->GetTotalRx() << " of "
              << tcpBytes << " bytes\n\n";
    PrintDaemon("gwA (initiator, behind the NAT)", dA);
    PrintDaemon("gwB (responder)", dB);
    const IpsecStats& st = IpsecHelper::Get(gwA)->GetStats();
    const IpsecStats::Protocol& e = st.Of(IpsecProtocol::ESP);
    std::cout << "\nESP at gwA: " << e.packetsOut << " packets out, " << e.bytesOut
              << " payload bytes + " << e.overheadOut << " bytes of overhead ("
              << std::setprecision(1) << std::fixed
              << (e.bytesOut ? 100.0 * e.overheadOut / e.bytesOut : 0.0) << " %), "
              << st.natt.encapsulatedOut << " in UDP\n";
    uint64_t ikeBytes = dA->GetStats().TotalBytesOut() + dB->GetStats().TotalBytesOut();
    std::cout << "IKE: " << dA->GetStats().TotalMessagesOut() + dB->GetStats().TotalMessagesOut()
              << " messages, " << ikeBytes << " bytes (UDP payload, both gateways)\n";
    const NaptBox::Stats& n = box->GetStats();
    std::cout << "NAT: " << n.translatedOut << " datagrams out, " << n.translatedIn << " in, "
              << n.mappingsCreated << " mappings created\n\n";
    std::cout << "IKE SAs now:\n" << dA->Dump();
    int status = 0;
    if (!keys.empty())
    {
        try
        {
            Ikev2KeyExport::Write(keys, gateways);
            std::cout << "keys: " << keys << ".ikev2 (ikev2_decryption_table) and " << keys
                      << ".esp (esp_sa)\n";
        }
        catch (const std::exception& e)
        {
            std::cerr << e.what() << "\n";
            status = 1;
        }
    }
    Simulator::Destroy();
    return status;
}
