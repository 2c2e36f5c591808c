/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A starting point for your own simulation: copy it to scratch/NAME.cc (or a folder scratch/NAME/
 * of .cc files), then `make scratch NAME=NAME ARGS="--packets=20"` builds build/scratch/NAME and
 * runs it. Two hosts, ESP between them, a UDP flow counted by FlowMonitor.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/flow-monitor-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    uint32_t packets = 10;
    CommandLine cmd(__FILE__);
    cmd.AddValue("packets", "UDP packets to send", packets);
    cmd.Parse(argc, argv);

    NodeContainer nodes;
    nodes.Create(2);
    NetDeviceContainer devices = PointToPointHelper().Install(nodes);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ifs = Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices);

    IpsecHelper ipsec;
    ipsec.Install(nodes);
    ipsec.ProtectPair(nodes.Get(0),
                      ifs.GetAddress(0),
                      nodes.Get(1),
                      ifs.GetAddress(1),
                      IpsecHelper::Suite::Parse("esp", "aes-gcm-16", "none"));

    UdpServerHelper server(9);
    server.Install(nodes.Get(1));
    UdpClientHelper client(ifs.GetAddress(1), 9);
    client.SetAttribute("MaxPackets", UintegerValue(packets));
    client.Install(nodes.Get(0)).Start(Seconds(1));

    FlowMonitorHelper flowmon;
    Ptr<FlowMonitor> monitor = flowmon.InstallAll();
    IpsecFlowProbe::Enable(flowmon); // transport-mode flows are ESP on the wire

    Simulator::Stop(Seconds(10));
    Simulator::Run();
    for (const auto& [id, stats] : monitor->GetFlowStats())
    {
        std::cout << "flow " << id << ": " << stats.txPackets << " sent, " << stats.rxPackets
                  << " received\n";
    }
    Simulator::Destroy();
    return 0;
}
