/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What policy does to traffic, three scenarios on one link (n0 10.1.1.1 -- n1 10.1.1.2):
 *
 *  --scenario=require  n1 requires ESP from n0, but n0 has no policy: n0's cleartext UDP is
 *                      refused (policy-violation drops on n1), then n0 gets the SAs and policy
 *                      and the same flow goes through.
 *  --scenario=bypass   ESP protects everything between the hosts except port 7 (echo), which a
 *                      bypass entry exempts; bypass wins even though it was added last (illumos
 *                      precedence).
 *  --scenario=discard  DefaultPolicy=Discard on n1: only the flow an explicit entry allows passes.
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>

using namespace ns3;

namespace
{
struct Flow
{
    Ptr<UdpServer> server;
    uint32_t sent;
};

Flow
StartUdp(Ptr<Node> from,
         Ptr<Node> to,
         Ipv4Address toAddress,
         uint16_t port,
         double start,
         uint32_t n)
{
    UdpServerHelper server(port);
    ApplicationContainer s = server.Install(to);
    s.Start(Seconds(0));
    UdpClientHelper client(toAddress, port);
    client.SetAttribute("MaxPackets", UintegerValue(n));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
    client.SetAttribute("PacketSize", UintegerValue(200));
    ApplicationContainer c = client.Install(from);
    c.Start(Seconds(start));
    return Flow{DynamicCast<UdpServer>(s.Get(0)), n};
}

void
Report(const std::string& what, const Flow& f)
{
    std::cout << "  " << what << ": " << f.server->GetReceived() << "/" << f.sent << " delivered\n";
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string scenario = "require";
    CommandLine cmd(__FILE__);
    cmd.AddValue("scenario", "require, bypass or discard", scenario);
    cmd.Parse(argc, argv);

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    NetDeviceContainer devices = link.Install(nodes);
    InternetStackHelper().Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addresses.Assign(devices);
    Ipv4Address a = ifs.GetAddress(0);
    Ipv4Address b = ifs.GetAddress(1);
    Ptr<Node> n0 = nodes.Get(0);
    Ptr<Node> n1 = nodes.Get(1);

    IpsecHelper ipsec;
    ipsec.Install(nodes);
    ipsec.AssignStreams(nodes, 1);
    IpsecHelper::Suite suite; // ESP aes-cbc + hmac-sha256-128, require

    std::cout << "ipsec-policy-effects: " << scenario << "\n";
    if (scenario == "require")
    {
        IpsecProtectionRequest esp;
        esp.protocol = IpsecProtocol::ESP;
        esp.level = IpsecLevel::REQUIRE;
        IpsecHelper::AddPolicy(n1, SecurityPolicy::HostPair(b, a, {esp}));
        Flow clear = StartUdp(n0, n1, b, 9, 1.0, 20);
        // At t=2 s the administrator of n0 sets up the matching SAs and policy.
        Simulator::Schedule(Seconds(2), [&]() {
            IpsecHelper::Get(n1)->GetSpd()->Flush();
            ipsec.ProtectPair(n0, a, n1, b, suite);
        });
        Flow protectedFlow = StartUdp(n0, n1, b, 10, 3.0, 20);
        Simulator::Run();
        Report("cleartext UDP before n0 had IPsec", clear);
        Report("same flow once n0 protects it  ", protectedFlow);
    }
    else if (scenario == "bypass")
    {
        ipsec.ProtectPair(n0, a, n1, b, suite);
        // UDP port 7 in the clear, both ways: n0 talks to remote port 7, n1 serves local port 7.
        Ptr<SecurityPolicy> clientSide = Create<SecurityPolicy>();
        clientSide->protocol = 17;
        clientSide->remotePortMin = clientSide->remotePortMax = 7;
        clientSide->action = SecurityPolicy::Action::BYPASS;
        IpsecHelper::AddPolicy(n0, clientSide);
        Ptr<SecurityPolicy> serverSide = Create<SecurityPolicy>();
        serverSide->protocol = 17;
        serverSide->localPortMin = serverSide->localPortMax = 7;
        serverSide->action = SecurityPolicy::Action::BYPASS;
        IpsecHelper::AddPolicy(n1, serverSide);
        Flow protectedFlow = StartUdp(n0, n1, b, 9, 1.0, 20);
        Flow bypassed = StartUdp(n0, n1, b, 7, 1.0, 20);
        Simulator::Run();
        Report("port 9, protected by ESP", protectedFlow);
        Report("port 7, bypassed        ", bypassed);
    }
    else if (scenario == "discard")
    {
        IpsecHelper::Get(n1)->SetAttribute("DefaultPolicy", EnumValue(IpsecL3Protocol::DISCARD));
        Ptr<SecurityPolicy> allow = Create<SecurityPolicy>();
        allow->protocol = 17;
        allow->localPortMin = allow->localPortMax = 9;
        allow->action = SecurityPolicy::Action::BYPASS;
        IpsecHelper::AddPolicy(n1, allow);
        Flow allowed = StartUdp(n0, n1, b, 9, 1.0, 20);
        Flow other = StartUdp(n0, n1, b, 10, 1.0, 20);
        Simulator::Run();
        Report("port 9, allowed by an entry", allowed);
        Report("port 10, no entry (discard)", other);
    }
    else
    {
        std::cerr << "--scenario must be require, bypass or discard\n";
        return 1;
    }
    IpsecHelper::PrintStats(std::cout, nodes);
    Simulator::Destroy();
    return 0;
}
