/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A site-to-site VPN in each of the four IP family combinations: IPv4 or IPv6 LANs, joined
 * by an IPsec tunnel over an IPv4 or IPv6 core (4-in-4, 6-in-4, 4-in-6, 6-in-6). Every node
 * is dual-stack; the hosts run no IPsec.
 *
 *   LAN A                                                          LAN B
 *   a0 ----- gw1 ===== router ===== gw2 ----- b0
 *     10.1.1.0/24      10.0.1.0/24   10.0.2.0/24      10.2.1.0/24
 *     2001:a::/64      2001:c1::/64  2001:c2::/64     2001:b::/64
 *
 * a0 sends UDP echo requests to b0, which answers them, and a TCP bulk transfer; the router
 * in the core sees only ESP between the gateways. The example prints what arrived, the
 * gateways' IPsec statistics and the bytes IPsec added per packet.
 *
 *   ./build/examples/ipsec-vpn-ipv6 --lan=ipv6 --core=ipv4 --pcap=vpn6 --sa-file=vpn6_sa
 *   tshark -r vpn6-2-1.pcap -o esp.enable_encryption_decode:TRUE \
 *       -o "uat:esp_sa:$(sed -n 2p vpn6_sa)" -o "uat:esp_sa:$(sed -n 3p vpn6_sa)"
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecVpnIpv6Example");

namespace
{
/// \return the address of a node's interface in a container, of the chosen family
IpsecAddress
AddressOf(bool ipv6, const Ipv4InterfaceContainer& v4, const Ipv6InterfaceContainer& v6, uint32_t i)
{
    return ipv6 ? IpsecAddress(v6.GetAddress(i, 1)) : IpsecAddress(v4.GetAddress(i));
}

/// \return a socket address for an IPsec address and a port
Address
SocketAddressOf(const IpsecAddress& address, uint16_t port)
{
    return address.IsIpv6() ? Address(Inet6SocketAddress(address.GetIpv6(), port))
                            : Address(InetSocketAddress(address.GetIpv4(), port));
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string lan = "ipv6";
    std::string coreFamily = "ipv4";
    std::string tunnel = "policy";
    std::string protocol = "esp";
    std::string encr = "aes-gcm-16";
    std::string auth = "none";
    uint32_t packets = 20;
    uint32_t size = 512;
    uint32_t tcpBytes = 100000;
    std::string pcap;
    std::string saFile;

    CommandLine cmd(__FILE__);
    cmd.AddValue("lan", "family of the LANs: ipv4 or ipv6", lan);
    cmd.AddValue("core", "family of the core between the gateways: ipv4 or ipv6", coreFamily);
    cmd.AddValue("tunnel",
                 "policy (SPD entries for the LANs) or route (tunnel interfaces and routes)",
                 tunnel);
    cmd.AddValue("protocol", "tunnel protection: esp, ah or esp+ah", protocol);
    cmd.AddValue("encr", "ESP encryption algorithm", encr);
    cmd.AddValue("auth", "ESP/AH authentication algorithm (none with AEAD)", auth);
    cmd.AddValue("packets", "UDP echo requests a0 sends to b0", packets);
    cmd.AddValue("size", "UDP payload bytes", size);
    cmd.AddValue("tcp-bytes", "bytes of the TCP transfer a0 -> b0 (0: none)", tcpBytes);
    cmd.AddValue("pcap", "PCAP prefix: wire captures and the gateways' cleartext view", pcap);
    cmd.AddValue("sa-file", "write the Wireshark esp_sa table here (and PATH.setkey)", saFile);
    cmd.Parse(argc, argv);
    for (const std::string* family : {&lan, &coreFamily})
    {
        if (*family != "ipv4" && *family != "ipv6")
        {
            std::cerr << "error: --lan and --core are ipv4 or ipv6, not '" << *family << "'\n";
            return 1;
        }
    }
    if (packets == 0 || size == 0 || size > 65000)
    {
        // UdpEchoClient would take MaxPackets 0 as "no limit".
        std::cerr << "error: --packets must be at least 1 and --size 1..65000\n";
        return 1;
    }
    const bool lan6 = lan == "ipv6";
    const bool core6 = coreFamily == "ipv6";

    // a0, gw1, router, gw2, b0. List routing for IPv6, so the gateways' IPsec layer sees
    // transit IPv6 before static routing forwards it.
    NodeContainer nodes;
    nodes.Create(5);
    Ptr<Node> a0 = nodes.Get(0);
    Ptr<Node> gw1 = nodes.Get(1);
    Ptr<Node> router = nodes.Get(2);
    Ptr<Node> gw2 = nodes.Get(3);
    Ptr<Node> b0 = nodes.Get(4);
    Ipv6ListRoutingHelper list;
    list.Add(Ipv6StaticRoutingHelper(), 0);
    InternetStackHelper stack;
    stack.SetRoutingHelper(list);
    stack.Install(nodes);

    PointToPointHelper lanLink;
    lanLink.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    lanLink.SetChannelAttribute("Delay", StringValue("1ms"));
    PointToPointHelper wanLink;
    wanLink.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    wanLink.SetChannelAttribute("Delay", StringValue("10ms"));
    NetDeviceContainer lanA = lanLink.Install(a0, gw1);
    NetDeviceContainer wan1 = wanLink.Install(gw1, router);
    NetDeviceContainer wan2 = wanLink.Install(router, gw2);
    NetDeviceContainer lanB = lanLink.Install(gw2, b0);

    Ipv4AddressHelper v4;
    v4.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer lanA4 = v4.Assign(lanA);
    v4.SetBase("10.0.1.0", "255.255.255.0");
    Ipv4InterfaceContainer wan14 = v4.Assign(wan1);
    v4.SetBase("10.0.2.0", "255.255.255.0");
    Ipv4InterfaceContainer wan24 = v4.Assign(wan2);
    v4.SetBase("10.2.1.0", "255.255.255.0");
    Ipv4InterfaceContainer lanB4 = v4.Assign(lanB);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    Ipv6AddressHelper v6;
    v6.SetBase("2001:a::", Ipv6Prefix(64));
    Ipv6InterfaceContainer lanA6 = v6.Assign(lanA);
    v6.SetBase("2001:c1::", Ipv6Prefix(64));
    Ipv6InterfaceContainer wan16 = v6.Assign(wan1);
    v6.SetBase("2001:c2::", Ipv6Prefix(64));
    Ipv6InterfaceContainer wan26 = v6.Assign(wan2);
    v6.SetBase("2001:b::", Ipv6Prefix(64));
    Ipv6InterfaceContainer lanB6 = v6.Assign(lanB);
    for (Ipv6InterfaceContainer* c : {&lanA6, &wan16, &wan26, &lanB6})
    {
        c->SetForwarding(0, true);
        c->SetForwarding(1, true);
    }
    lanA6.SetForwarding(0, false); // a0 and b0 are hosts
    lanB6.SetForwarding(1, false);
    lanA6.SetDefaultRouteInAllNodes(1); // a0 -> gw1
    lanB6.SetDefaultRouteInAllNodes(0); // b0 -> gw2
    Ipv6StaticRoutingHelper routes;
    routes.GetStaticRouting(gw1->GetObject<Ipv6>())
        ->SetDefaultRoute(wan16.GetAddress(1, 1), wan16.Get(0).second);
    routes.GetStaticRouting(gw2->GetObject<Ipv6>())
        ->SetDefaultRoute(wan26.GetAddress(0, 1), wan26.Get(1).second);

    // The tunnel between the gateways' core addresses, protecting LAN A <-> LAN B.
    IpsecHelper ipsec;
    NodeContainer gateways(gw1, gw2);
    ipsec.Install(gateways);
    IpsecMask lanMask = lan6 ? IpsecMask(Ipv6Prefix(64)) : IpsecMask(Ipv4Mask("255.255.255.0"));
    if (tunnel != "policy" && tunnel != "route")
    {
        std::cerr << "error: --tunnel must be policy or route, not '" << tunnel << "'\n";
        return 1;
    }
    IpsecAddress gw1Address = AddressOf(core6, wan14, wan16, 0);
    IpsecAddress gw2Address = AddressOf(core6, wan24, wan26, 1);
    IpsecAddress networkA = lan6 ? IpsecAddress(Ipv6Address("2001:a::")) : Ipv4Address("10.1.1.0");
    IpsecAddress networkB = lan6 ? IpsecAddress(Ipv6Address("2001:b::")) : Ipv4Address("10.2.1.0");
    try
    {
        IpsecHelper::Suite suite = IpsecHelper::Suite::Parse(protocol, encr, auth);
        if (tunnel == "route")
        {
            // Tunnel interfaces, with routes to the far LAN through them (these win over the
            // default routes above).
            ipsec.AddRouteBasedTunnel(gw1,
                                      gw1Address,
                                      networkA,
                                      lanMask,
                                      gw2,
                                      gw2Address,
                                      networkB,
                                      lanMask,
                                      suite);
        }
        else
        {
            ipsec.ProtectNetworks(gw1,
                                  gw1Address,
                                  networkA,
                                  lanMask,
                                  gw2,
                                  gw2Address,
                                  networkB,
                                  lanMask,
                                  suite);
        }
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    ipsec.AssignStreams(gateways, 1);

    IpsecAddress a0Address = AddressOf(lan6, lanA4, lanA6, 0);
    IpsecAddress b0Address = AddressOf(lan6, lanB4, lanB6, 1);
    UdpEchoServerHelper echoServer(7);
    ApplicationContainer servers = echoServer.Install(b0);
    UdpEchoClientHelper echoClient(SocketAddressOf(b0Address, 7));
    echoClient.SetAttribute("MaxPackets", UintegerValue(packets));
    echoClient.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
    echoClient.SetAttribute("PacketSize", UintegerValue(size));
    ApplicationContainer clients = echoClient.Install(a0);
    uint32_t replies = 0;
    clients.Get(0)->TraceConnectWithoutContext(
        "Rx",
        Callback<void, Ptr<const Packet>>(
            std::function<void(Ptr<const Packet>)>([&replies](Ptr<const Packet>) { ++replies; })));
    Ptr<PacketSink> sink;
    if (tcpBytes > 0)
    {
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    lan6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), 9))
                                         : Address(InetSocketAddress(Ipv4Address::GetAny(), 9)));
        ApplicationContainer s = sinkHelper.Install(b0);
        sink = DynamicCast<PacketSink>(s.Get(0));
        BulkSendHelper bulk("ns3::TcpSocketFactory", SocketAddressOf(b0Address, 9));
        bulk.SetAttribute("MaxBytes", UintegerValue(tcpBytes));
        ApplicationContainer c = bulk.Install(a0);
        s.Start(Seconds(0.5));
        c.Start(Seconds(2.5));
    }
    servers.Start(Seconds(0.5));
    clients.Start(Seconds(2)); // after IPv6 duplicate address detection

    if (!pcap.empty())
    {
        wanLink.EnablePcap(pcap, wan1.Get(1), true); // the router's side of the first core link
        lanLink.EnablePcap(pcap, lanA.Get(0), true);
        IpsecHelper::EnableCleartextPcap(pcap, gateways);
    }

    Simulator::Stop(Seconds(12));
    Simulator::Run();

    std::cout << "VPN: " << lan << " LANs over an " << coreFamily << " core (" << (lan6 ? "6" : "4")
              << "-in-" << (core6 ? "6" : "4") << "), " << tunnel << "-based, " << protocol << " "
              << encr << (auth != "none" ? "/" + auth : "") << "\n";
    std::cout << "UDP echo a0 " << a0Address << " -> b0 " << b0Address << ": " << replies << " of "
              << packets << " replies\n";
    if (sink)
    {
        std::cout << "TCP: " << sink->GetTotalRx() << " of " << tcpBytes << " bytes\n";
    }
    IpsecHelper::PrintStats(std::cout, gateways);
    if (!saFile.empty())
    {
        IpsecKeyExport::Write(saFile, gateways);
        std::cout << "keys: " << saFile << " (Wireshark esp_sa), " << saFile << ".setkey\n";
    }
    bool complete = replies == packets && (!sink || sink->GetTotalRx() == tcpBytes);
    Simulator::Destroy();
    return complete ? 0 : 2;
}
