/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Two hosts (host1 10.1.1.1 -- host2 10.1.1.2, point-to-point) configured only by real
 * configuration files, through IpsecL3Protocol attributes:
 *
 *  --format=ipsecconf  each host's PolicyFile is the Solaris sample ipsecinit.conf
 *                      (examples/config/hostN.ipsecinit.conf) and its KeyFile the ipseckey file
 *                      examples/config/ipseckeys;
 *  --format=setkey     the same SAs and policy as setkey files (examples/config/hostN.setkey.conf).
 *
 * Both runs print the same report: UDP to port 9 goes through ESP (AES-CBC + HMAC-SHA-256),
 * UDP to port 22 ("ssh") bypasses IPsec both ways. --dump prints each node's databases
 * back in the three formats.
 *
 *   ./build/examples/ipsec-config-files --format=setkey --dump
 *
 * The same attributes work from any example's command line, e.g.
 *   --ns3::IpsecL3Protocol::PolicyFile=my.conf (every node) or, per node, with Config::Set on
 *   /NodeList/N/$ns3::IpsecL3Protocol/PolicyFile.
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
std::string
ConfigDirectory()
{
    std::string here = __FILE__;
    return here.substr(0, here.find_last_of('/')) + "/config";
}

uint32_t g_wireEsp = 0;
uint32_t g_wireClear = 0;

void
CountWire(Ptr<const Packet> p)
{
    Ptr<Packet> copy = p->Copy();
    PppHeader ppp;
    copy->RemoveHeader(ppp);
    Ipv4Header ip;
    copy->PeekHeader(ip);
    (ip.GetProtocol() == 50 ? g_wireEsp : g_wireClear)++;
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string format = "ipsecconf";
    std::string directory = ConfigDirectory();
    uint32_t packets = 20;
    bool dump = false;
    CommandLine cmd(__FILE__);
    cmd.AddValue("format", "ipsecconf (ipsecinit.conf + ipseckeys) or setkey", format);
    cmd.AddValue("config-dir", "where the configuration files are", directory);
    cmd.AddValue("packets", "UDP packets per flow", packets);
    cmd.AddValue("dump", "print the databases in the three formats", dump);
    cmd.Parse(argc, argv);
    if (format != "ipsecconf" && format != "setkey")
    {
        std::cerr << "--format must be ipsecconf or setkey\n";
        return 1;
    }

    NodeContainer hosts;
    hosts.Create(2);
    Names::Add("host1", hosts.Get(0));
    Names::Add("host2", hosts.Get(1));
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer devices = link.Install(hosts);
    InternetStackHelper().Install(hosts);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    IpsecHelper().Install(hosts);

    // Configuration by attributes only: the files load when the simulation starts.
    for (uint32_t i = 0; i < 2; ++i)
    {
        std::string node
            = "/NodeList/" + std::to_string(hosts.Get(i)->GetId()) + "/$ns3::IpsecL3Protocol/";
        std::string host = "host" + std::to_string(i + 1);
        if (format == "ipsecconf")
        {
            Config::Set(node + "KeyFile", StringValue(directory + "/ipseckeys"));
            Config::Set(node + "KeyFileFormat", StringValue("ipseckey"));
            Config::Set(node + "PolicyFile",
                        StringValue(directory + "/" + host + ".ipsecinit.conf"));
            Config::Set(node + "PolicyFileFormat", StringValue("ipsecconf"));
        }
        else
        {
            Config::Set(node + "KeyFile", StringValue(directory + "/" + host + ".setkey.conf"));
            Config::Set(node + "KeyFileFormat", StringValue("setkey"));
        }
    }

    struct Flow
    {
        uint16_t port;
        Ptr<UdpEchoServer> server;
        Ptr<UdpEchoClient> client;
    };
    std::vector<Flow> flows;
    uint32_t replies[2] = {0, 0};
    for (uint16_t port : {9, 22})
    {
        UdpEchoServerHelper server(port);
        ApplicationContainer s = server.Install(hosts.Get(1));
        UdpEchoClientHelper client(interfaces.GetAddress(1), port);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        client.SetAttribute("PacketSize", UintegerValue(256));
        ApplicationContainer c = client.Install(hosts.Get(0));
        c.Start(Seconds(0.1));
        flows.push_back(
            Flow{port, DynamicCast<UdpEchoServer>(s.Get(0)), DynamicCast<UdpEchoClient>(c.Get(0))});
        uint32_t* counter = &replies[flows.size() - 1];
        c.Get(0)->TraceConnectWithoutContext(
            "RxWithAddresses",
            MakeBoundCallback(
                +[](uint32_t* n, Ptr<const Packet>, const Address&, const Address&) { ++*n; },
                counter));
    }
    devices.Get(0)->TraceConnectWithoutContext("PhyTxBegin", MakeCallback(&CountWire));
    devices.Get(1)->TraceConnectWithoutContext("PhyTxBegin", MakeCallback(&CountWire));

    Simulator::Stop(Seconds(2));
    Simulator::Run();

    std::cout << "IPsec configured from " << format << " files in " << directory << "\n";
    for (size_t i = 0; i < flows.size(); ++i)
    {
        std::cout << "  UDP echo to port " << flows[i].port << ": " << replies[i] << "/" << packets
                  << " replies\n";
    }
    std::cout << "  on the wire: " << g_wireEsp << " ESP packets, " << g_wireClear
              << " cleartext packets\n";
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<IpsecL3Protocol> ipsec = IpsecHelper::Get(hosts.Get(i));
        std::cout << "  host" << i + 1 << ": " << ipsec->GetSadb()->GetN() << " SAs, ESP out/in "
                  << ipsec->GetStats().Of(IpsecProtocol::ESP).packetsOut << "/"
                  << ipsec->GetStats().Of(IpsecProtocol::ESP).packetsIn << ", cleartext out/in "
                  << ipsec->GetStats().policy.bypassOut << "/"
                  << ipsec->GetStats().policy.clearAcceptedIn << ", drops "
                  << ipsec->GetStats().TotalDrops() << "\n";
    }
    if (dump)
    {
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<IpsecL3Protocol> ipsec = IpsecHelper::Get(hosts.Get(i));
            for (auto f : {IpsecConfigFormat::IPSECCONF,
                           IpsecConfigFormat::IPSECKEY,
                           IpsecConfigFormat::SETKEY})
            {
                std::cout << "# host" << i + 1 << " as " << ToString(f) << "\n"
                          << IpsecConfig::Write(ipsec, f);
            }
        }
    }
    Simulator::Destroy();
    return 0;
}
