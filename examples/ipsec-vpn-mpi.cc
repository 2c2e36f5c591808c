/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A VPN split across MPI ranks (ns-3's distributed simulator): the same topology and traffic as
 * a sequential run, and the same summary. Needs an ns-3 tree built with --enable-mpi (Debian's
 * libopenmpi-dev openmpi-bin); Debian's packaged ns-3.37 has no MPI module, so this example is
 * built in-tree only.
 *
 *   LAN A hosts --- gw1 ==== router =|= gw2 --- LAN B hosts
 *   (rank 0)      (rank 0)  (rank 0) | (rank 1)  (rank 1)
 *
 * The router-gw2 link crosses ranks. Every rank builds the whole topology and the same SAs (keys
 * and SPIs come from IpsecHelper's fixed stream, so they agree); each rank simulates its own
 * nodes, and rank 0 prints the sums of every rank's counters.
 *
 *   ./ns3 run "ipsec-vpn-mpi --mode=policy"                       # sequential (one rank)
 *   mpirun -np 2 ./build/contrib/ipsec/examples/ns3.48-ipsec-vpn-mpi-debug --mode=policy
 *   mpirun -np 2 ... --nullmsg                                   # null-message synchronization
 *
 * --mode=policy (tunnel policy at the gateways), route (route-based tunnel interfaces) or
 * transport (ESP end to end between each pair of hosts, the gateways plain routers).
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/mpi-interface.h"
#include "ns3/point-to-point-module.h"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <mpi.h>
#include <vector>

using namespace ns3;

namespace
{
/// The counters rank 0 prints: each rank fills those of its own nodes, and they are summed.
struct Counters
{
    std::vector<uint64_t> received; //!< per flow: datagrams delivered
    uint64_t gw1Out = 0;            //!< gw1: packets protected
    uint64_t gw1In = 0;             //!< gw1: packets verified
    uint64_t gw2Out = 0;            //!< gw2: packets protected
    uint64_t gw2In = 0;             //!< gw2: packets verified
    uint64_t hostsOut = 0;          //!< hosts (transport mode): packets protected
    uint64_t hostsIn = 0;           //!< hosts (transport mode): packets verified
    uint64_t drops = 0;             //!< every IPsec drop, all nodes
};

uint64_t
Out(Ptr<Node> n)
{
    Ptr<IpsecL3Protocol> ipsec = n->GetObject<IpsecL3Protocol>();
    return ipsec ? ipsec->GetStats().Of(IpsecProtocol::ESP).packetsOut : 0;
}

uint64_t
In(Ptr<Node> n)
{
    Ptr<IpsecL3Protocol> ipsec = n->GetObject<IpsecL3Protocol>();
    return ipsec ? ipsec->GetStats().Of(IpsecProtocol::ESP).packetsIn : 0;
}

uint64_t
Drops(Ptr<Node> n)
{
    Ptr<IpsecL3Protocol> ipsec = n->GetObject<IpsecL3Protocol>();
    return ipsec ? ipsec->GetStats().TotalDrops() : 0;
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string mode = "policy";
    uint32_t hosts = 2;
    double duration = 5;
    bool nullmsg = false;
    CommandLine cmd(__FILE__);
    cmd.AddValue("mode", "policy, route or transport", mode);
    cmd.AddValue("hosts", "hosts per LAN", hosts);
    cmd.AddValue("duration", "seconds of traffic", duration);
    cmd.AddValue("nullmsg",
                 "null-message synchronization instead of the granted-time window",
                 nullmsg);
    cmd.Parse(argc, argv);
    if (mode != "policy" && mode != "route" && mode != "transport")
    {
        std::cerr << "--mode must be policy, route or transport\n";
        return 2;
    }
    if (hosts < 1 || hosts > 250 || !(duration > 0 && duration <= 3600))
    {
        std::cerr << "--hosts must be 1..250 and --duration in (0, 3600] seconds\n";
        return 2;
    }

    // The simulator implementation must be chosen before MpiInterface::Enable, and it depends on
    // the number of ranks: MPI is initialized here and handed to ns-3.
    MPI_Init(&argc, &argv);
    int worldSize = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &worldSize);
    if (worldSize > 1)
    {
        GlobalValue::Bind("SimulatorImplementationType",
                          StringValue(nullmsg ? "ns3::NullMessageSimulatorImpl"
                                              : "ns3::DistributedSimulatorImpl"));
    }
    MpiInterface::Enable(MPI_COMM_WORLD);
    const uint32_t rank = MpiInterface::GetSystemId();
    const uint32_t ranks = MpiInterface::GetSize();
    const uint32_t sideB = ranks > 1 ? 1 : 0; // the rank that simulates gw2 and LAN B

    // Every rank builds every node; a node belongs to the rank of its system id.
    NodeContainer lanA;
    NodeContainer lanB;
    for (uint32_t i = 0; i < hosts; ++i)
    {
        lanA.Add(CreateObject<Node>(0));
        lanB.Add(CreateObject<Node>(sideB));
    }
    Ptr<Node> gw1 = CreateObject<Node>(0);
    Ptr<Node> router = CreateObject<Node>(0);
    Ptr<Node> gw2 = CreateObject<Node>(sideB);
    NodeContainer all(lanA, lanB, NodeContainer(gw1, router, gw2));
    InternetStackHelper().Install(all);

    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    link.SetChannelAttribute("Delay", StringValue("2ms"));
    Ipv4AddressHelper ip;
    std::vector<Ipv4Address> aAddress;
    std::vector<Ipv4Address> bAddress;
    for (uint32_t i = 0; i < hosts; ++i)
    {
        std::ostringstream a;
        a << "10.1." << i + 1 << ".0";
        ip.SetBase(a.str().c_str(), "255.255.255.0");
        aAddress.push_back(ip.Assign(link.Install(lanA.Get(i), gw1)).GetAddress(0));
        std::ostringstream b;
        b << "10.2." << i + 1 << ".0";
        ip.SetBase(b.str().c_str(), "255.255.255.0");
        bAddress.push_back(ip.Assign(link.Install(lanB.Get(i), gw2)).GetAddress(0));
    }
    ip.SetBase("172.16.1.0", "255.255.255.0");
    Ipv4InterfaceContainer wan1 = ip.Assign(link.Install(gw1, router));
    ip.SetBase("172.16.2.0", "255.255.255.0");
    Ipv4InterfaceContainer wan2 = ip.Assign(link.Install(router, gw2)); // crosses ranks
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // Every rank installs the same IPsec: the same SAs, keys and SPIs on both sides.
    IpsecHelper ipsec;
    IpsecHelper::Suite suite = IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none");
    Ipv4Address gw1Address = wan1.GetAddress(0);
    Ipv4Address gw2Address = wan2.GetAddress(1);
    if (mode == "transport")
    {
        ipsec.Install(NodeContainer(lanA, lanB));
        for (uint32_t i = 0; i < hosts; ++i)
        {
            ipsec.ProtectPair(lanA.Get(i), aAddress[i], lanB.Get(i), bAddress[i], suite);
        }
    }
    else
    {
        ipsec.Install(NodeContainer(gw1, gw2));
        // Tunnel policy at the gateways, or tunnel interfaces and routes: the same arguments.
        auto between = [&](auto tunnel) {
            (ipsec.*tunnel)(gw1,
                            gw1Address,
                            Ipv4Address("10.1.0.0"),
                            Ipv4Mask("255.255.0.0"),
                            gw2,
                            gw2Address,
                            Ipv4Address("10.2.0.0"),
                            Ipv4Mask("255.255.0.0"),
                            suite);
        };
        if (mode == "policy")
        {
            between(&IpsecHelper::ProtectNetworks);
        }
        else
        {
            between(&IpsecHelper::AddRouteBasedTunnel);
        }
    }

    // A UDP flow each way between each host of LAN A and its twin in LAN B; applications go on
    // the nodes of their own rank.
    std::vector<Ptr<UdpServer>> servers(2 * hosts);
    auto flow
        = [&](Ptr<Node> from, Ptr<Node> to, Ipv4Address toAddress, uint16_t port, uint32_t index) {
              if (to->GetSystemId() == rank)
              {
                  servers[index] = DynamicCast<UdpServer>(UdpServerHelper(port).Install(to).Get(0));
              }
              if (from->GetSystemId() == rank)
              {
                  UdpClientHelper client(toAddress, port);
                  // One datagram every 2 ms for the duration (a count: "0 = unlimited" is not
                  // what every ns-3 release's UdpClient does).
                  client.SetAttribute(
                      "MaxPackets",
                      UintegerValue(static_cast<uint32_t>(std::lround(duration * 500))));
                  client.SetAttribute("Interval", TimeValue(MilliSeconds(2)));
                  client.SetAttribute("PacketSize", UintegerValue(1000));
                  ApplicationContainer app = client.Install(from);
                  app.Start(Seconds(1));
                  app.Stop(Seconds(1 + duration));
              }
          };
    for (uint32_t i = 0; i < hosts; ++i)
    {
        flow(lanA.Get(i), lanB.Get(i), bAddress[i], 5000 + i, i);
        flow(lanB.Get(i), lanA.Get(i), aAddress[i], 6000 + i, hosts + i);
    }

    Simulator::Stop(Seconds(duration + 3));
    Simulator::Run();

    // Each rank's counters of its own nodes, summed over the ranks.
    const uint32_t flows = 2 * hosts;
    std::vector<uint64_t> local(flows + 7, 0);
    for (uint32_t i = 0; i < flows; ++i)
    {
        local[i] = servers[i] ? servers[i]->GetReceived() : 0;
    }
    auto mine = [rank](Ptr<Node> n) {
        return n->GetSystemId() == rank;
    };
    local[flows + 0] = mine(gw1) ? Out(gw1) : 0;
    local[flows + 1] = mine(gw1) ? In(gw1) : 0;
    local[flows + 2] = mine(gw2) ? Out(gw2) : 0;
    local[flows + 3] = mine(gw2) ? In(gw2) : 0;
    for (auto it = all.Begin(); it != all.End(); ++it)
    {
        if (!mine(*it))
        {
            continue;
        }
        bool host = *it != gw1 && *it != gw2 && *it != router;
        local[flows + 4] += host ? Out(*it) : 0;
        local[flows + 5] += host ? In(*it) : 0;
        local[flows + 6] += Drops(*it);
    }
    std::vector<uint64_t> sum(local.size(), 0);
    MPI_Reduce(local.data(),
               sum.data(),
               static_cast<int>(local.size()),
               MPI_UINT64_T,
               MPI_SUM,
               0,
               MpiInterface::GetCommunicator());

    if (rank == 0)
    {
        // The summary is the same whatever the number of ranks; only the last line says how it
        // was simulated.
        std::cout << "IPsec VPN, mode " << mode << ", " << hosts << " host(s) per LAN, " << duration
                  << " s of traffic\n";
        for (uint32_t i = 0; i < hosts; ++i)
        {
            std::cout << "  flow " << aAddress[i] << " -> " << bAddress[i] << ":" << 5000 + i
                      << "  received " << sum[i] << "\n";
            std::cout << "  flow " << bAddress[i] << " -> " << aAddress[i] << ":" << 6000 + i
                      << "  received " << sum[hosts + i] << "\n";
        }
        std::cout << "  gw1 ESP out " << sum[flows] << " in " << sum[flows + 1] << "\n"
                  << "  gw2 ESP out " << sum[flows + 2] << " in " << sum[flows + 3] << "\n"
                  << "  hosts ESP out " << sum[flows + 4] << " in " << sum[flows + 5] << "\n"
                  << "  IPsec drops " << sum[flows + 6] << "\n"
                  << "simulated on " << ranks << " rank(s)"
                  << (ranks > 1 ? (nullmsg ? ", null-message synchronization"
                                           : ", granted-time-window synchronization")
                                : ", sequentially")
                  << "\n";
    }
    Simulator::Destroy();
    MpiInterface::Disable(); // leaves MPI to whoever initialized it
    MPI_Finalize();
    return 0;
}
