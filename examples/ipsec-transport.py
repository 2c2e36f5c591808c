#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Two hosts over point-to-point; UDP between them protected by IPsec in transport mode.

The Python twin of examples/ipsec-transport.cc, written with the ns3ipsec bindings:

    PYTHONPATH=build/python /usr/bin/python3 examples/ipsec-transport.py --encr aes-gcm-16 --auth none
"""
import argparse
import sys

import ns3ipsec as ns


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocol", default="esp", help="none, esp, ah or esp+ah")
    parser.add_argument("--encr", default="aes-cbc", help="ESP encryption algorithm")
    parser.add_argument("--auth", default="hmac-sha256-128", help="ESP/AH authentication")
    parser.add_argument("--packets", type=int, default=100, help="UDP packets to send")
    parser.add_argument("--size", type=int, default=1000, help="UDP payload bytes")
    parser.add_argument("--pcap", default="", help="PCAP prefix (wire and cleartext views)")
    parser.add_argument("--sa-file", default="", help="write the Wireshark esp_sa table here")
    args = parser.parse_args(argv)

    ns.RngSeedManager.SetSeed(1)
    nodes = ns.NodeContainer(2)
    link = ns.PointToPointHelper(DataRate="100Mbps", Delay="2ms")
    devices = link.Install(nodes)
    ns.InternetStackHelper().Install(nodes)
    interfaces = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices)
    client_address, server_address = interfaces.GetAddress(0), interfaces.GetAddress(1)

    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)
    ipsec.AssignStreams(nodes, 1)
    if args.protocol != "none":
        suite = ns.Suite.Parse(args.protocol, args.encr, args.auth)
        ipsec.ProtectPair(nodes.Get(0), client_address, nodes.Get(1), server_address, suite)

    server = ns.UdpServerHelper(9).Install(ns.NodeContainer([nodes.Get(1)]))
    client = ns.UdpClientHelper(server_address, 9, MaxPackets=args.packets,
                                Interval="10ms", PacketSize=args.size)
    client.Install(ns.NodeContainer([nodes.Get(0)])).Start(1.0)

    if args.pcap:
        link.EnablePcapAll(args.pcap)
        ns.IpsecHelper.EnableCleartextPcap(args.pcap, nodes)

    ns.Simulator.Stop(2.0 + args.packets * 0.01)
    ns.Simulator.Run()
    received = ns.UdpServerReceived(server)
    if args.sa_file:
        ns.IpsecKeyExport.Write(args.sa_file, nodes)
    print(f"sent {args.packets} UDP packets of {args.size} B, received {received}")
    wire = ns.IpsecHelper.Get(nodes.Get(0)).GetStats()["wire"]
    if wire["datagrams_out"]:
        # What the wire carried: IP bytes protection added, fragment headers included.
        overhead = wire["overhead_per_datagram"]
        print(f"IPsec overhead per packet: {overhead:g} B ({args.protocol} {args.encr} {args.auth}"
              f", {wire['added_fragments_out']} fragments added)")
    print(ns.IpsecHelper.StatsTable(nodes), end="")
    ns.Simulator.Destroy()
    return 0 if received == args.packets else 1


if __name__ == "__main__":
    sys.exit(main())
