/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Per-socket IPsec policy, as Solaris IP_SEC_OPT and OpenBSD's socket levels give it.
 *
 *   client n1 10.1.1.2 ---- 10.1.1.1 server n0 10.1.2.1 ---- 10.1.2.2 legacy n2
 *
 * The host policy between server and client is permissive: ESP at `use` level (protect when an
 * SA exists, accept cleartext). The legacy host has no IPsec keys at all. On the server:
 *  - the service socket (UDP 5000, an unprivileged application) requires ESP through
 *    IP_SEC_OPT, so the legacy host's cleartext requests are refused while the client's ESP
 *    requests are answered;
 *  - the management socket (UDP 161, privileged) asks for IPSEC_PREF_NEVER and bypasses IPsec:
 *    its replies leave in the clear even though the host policy would protect them.
 * On the client, an unprivileged application tries to bypass with IP_ESP_TRANS_LEVEL = BYPASS
 * and gets EACCES; its traffic stays protected.
 *
 * Options: --requests=N (per flow), --pcap=PREFIX (wire captures of every link).
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iomanip>
#include <iostream>
#include <map>

using namespace ns3;

namespace
{
/// A UDP flow: requests sent from a client socket, answers counted.
struct Flow
{
    std::string name;
    Ptr<Socket> socket;
    uint32_t sent = 0;
    uint32_t answered = 0;
};

void
Echo(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        socket->SendTo(Create<Packet>(p->GetSize()), 0, from);
    }
}

void
CountAnswers(Flow* flow, Ptr<Socket> socket)
{
    while (socket->Recv())
    {
        ++flow->answered;
    }
}

Ptr<Socket>
EchoServer(Ptr<Node> node, uint16_t port)
{
    Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    s->SetRecvCallback(MakeCallback(&Echo));
    return s;
}

void
StartFlow(Flow& flow, Ptr<Node> node, Ipv4Address to, uint16_t port, double start, uint32_t n)
{
    flow.socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    flow.socket->Bind();
    flow.socket->Connect(InetSocketAddress(to, port));
    flow.socket->SetRecvCallback(MakeBoundCallback(&CountAnswers, &flow));
    for (uint32_t i = 0; i < n; ++i)
    {
        Simulator::Schedule(Seconds(start + 0.02 * i), [&flow]() {
            flow.socket->Send(Create<Packet>(300));
            ++flow.sent;
        });
    }
}

std::string
Outcome(const IpsecKeyResult& r)
{
    if (r.Ok())
    {
        return "ok";
    }
    return std::string(r.Errno() == EACCES ? "EACCES" : "EINVAL") + " (" + r.message + ")";
}

/// What the server sends and receives, by kind.
std::map<std::string, uint32_t> g_wire;

void
OnServerIp(bool out, Ptr<const Packet> datagram, Ptr<Ipv4>, uint32_t)
{
    Ipv4Header h;
    datagram->PeekHeader(h);
    std::string kind;
    if (h.GetProtocol() == 50)
    {
        kind = "ESP";
    }
    else if (h.GetProtocol() == 17)
    {
        Ptr<Packet> p = datagram->Copy();
        p->RemoveHeader(h);
        UdpHeader u;
        p->PeekHeader(u);
        uint16_t port = out ? u.GetSourcePort() : u.GetDestinationPort();
        kind = "clear UDP port " + std::to_string(port);
    }
    else
    {
        return;
    }
    ++g_wire[kind + (out ? " out" : " in")];
}
} // namespace

int
main(int argc, char* argv[])
{
    uint32_t requests = 20;
    std::string pcap;
    CommandLine cmd(__FILE__);
    cmd.AddValue("requests", "requests per flow", requests);
    cmd.AddValue("pcap", "write wire captures with this prefix", pcap);
    cmd.Parse(argc, argv);

    NodeContainer nodes;
    nodes.Create(3);
    Ptr<Node> server = nodes.Get(0);
    Ptr<Node> client = nodes.Get(1);
    Ptr<Node> legacy = nodes.Get(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    link.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer toClient = link.Install(server, client);
    NetDeviceContainer toLegacy = link.Install(server, legacy);
    InternetStackHelper().Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer clientLink = addresses.Assign(toClient);
    addresses.SetBase("10.1.2.0", "255.255.255.0");
    Ipv4InterfaceContainer legacyLink = addresses.Assign(toLegacy);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    Ipv4Address serverAddress = clientLink.GetAddress(0);
    Ipv4Address clientAddress = clientLink.GetAddress(1);
    Ipv4Address serverLegacySide = legacyLink.GetAddress(0);

    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(server, client));
    ipsec.AssignStreams(nodes, 1);
    IpsecHelper::Suite permissive;
    permissive.level = IpsecLevel::USE;
    ipsec.ProtectPair(server, serverAddress, client, clientAddress, permissive);

    // Server sockets.
    Ptr<Socket> service = EchoServer(server, 5000);
    Ptr<Socket> management = EchoServer(server, 161);
    IpsecSocketRequest espRequired;
    espRequired.espRequest = IpsecSocketRequest::PREF_REQUIRED;
    IpsecSocketRequest never;
    never.ahRequest = IpsecSocketRequest::PREF_NEVER;
    never.espRequest = IpsecSocketRequest::PREF_NEVER;
    std::vector<std::pair<std::string, std::string>> calls;
    calls.emplace_back("server :5000  IP_SEC_OPT esp=REQUIRED           unprivileged",
                       Outcome(IpsecSocketPolicy::Attach(service, false)->SetRequest(espRequired)));
    calls.emplace_back("server :161   IP_SEC_OPT ah=NEVER esp=NEVER    privileged  ",
                       Outcome(IpsecSocketPolicy::Attach(management, true)->SetRequest(never)));

    // Flows.
    Flow secure{"client -> server:5000", nullptr};
    Flow refused{"legacy -> server:5000", nullptr};
    Flow admin{"client -> server:161 ", nullptr};
    Flow sneaky{"client -> server:5000 (tried BYPASS)", nullptr};
    StartFlow(secure, client, serverAddress, 5000, 1.0, requests);
    StartFlow(refused, legacy, serverLegacySide, 5000, 1.0, requests);
    StartFlow(admin, client, serverAddress, 161, 2.0, requests);
    StartFlow(sneaky, client, serverAddress, 5000, 3.0, requests);
    calls.emplace_back("client        IP_ESP_TRANS_LEVEL=BYPASS        unprivileged",
                       Outcome(IpsecSocketPolicy::Attach(sneaky.socket, false)
                                   ->SetLevel(IpsecSocketPolicy::ESP_TRANS_LEVEL,
                                              IpsecSocketPolicy::LEVEL_BYPASS)));

    Ptr<Ipv4L3Protocol> serverIp = server->GetObject<Ipv4L3Protocol>();
    serverIp->TraceConnectWithoutContext("Tx", MakeBoundCallback(&OnServerIp, true));
    serverIp->TraceConnectWithoutContext("Rx", MakeBoundCallback(&OnServerIp, false));
    if (!pcap.empty())
    {
        link.EnablePcapAll(pcap);
    }

    Simulator::Stop(Seconds(3.0 + 0.02 * requests + 2.0));
    Simulator::Run();

    std::cout << "Per-socket policy: server n0, client n1 (ESP SAs, host policy 'use'), legacy n2 "
                 "(no IPsec)\n\nsetsockopt calls:\n";
    for (const auto& [call, outcome] : calls)
    {
        std::cout << "  " << call << "  " << outcome << "\n";
    }
    std::cout << "\nflows (requests answered):\n";
    for (const Flow* f : {&secure, &refused, &admin, &sneaky})
    {
        std::cout << "  " << std::left << std::setw(38) << f->name << std::right << std::setw(4)
                  << f->answered << "/" << f->sent << "\n";
    }
    std::cout << "\nserver datagrams by kind:\n";
    for (const auto& [kind, n] : g_wire)
    {
        std::cout << "  " << std::left << std::setw(28) << kind << std::right << std::setw(5) << n
                  << "\n";
    }
    const IpsecStats& stats = IpsecHelper::Get(server)->GetStats();
    std::cout << "\nserver drops: "
              << stats.policy.drops[static_cast<size_t>(IpsecDropReason::POLICY_VIOLATION)]
              << " policy-violation (the legacy host's cleartext, refused by the service "
                 "socket)\n";
    Simulator::Destroy();
    return 0;
}
