#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Two hosts over point-to-point; UDP between them protected by IPsec in transport mode.

The Python twin of examples/ipsec-transport.cc, written as an ns-3 Python script (from ns import
ns, on the ns3ipsec bindings):

    PYTHONPATH=build/python /usr/bin/python3 examples/ipsec-transport.py --encr=aes-gcm-16 --auth=none

Options: --protocol (none, esp, ah, esp+ah), --encr, --auth, --packets, --size, --pcap (prefix of
wire and cleartext PCAP), --sa-file (Wireshark esp_sa table), --ipv6 (the traffic and its SAs over
IPv6: both hosts are dual-stack, 10.1.1.0/24 and 2001:db8:1::/64); also "--encr aes-gcm-16", and
ns-3's --ns3::Type::Attribute=value and --PrintHelp.
"""
import sys

from ns import ns


def main(argv):
    protocol, encr, auth = "esp", "aes-cbc", "hmac-sha256-128"
    cmd = ns.core.CommandLine(__file__)
    cmd.Usage(__doc__.splitlines()[0])
    cmd.AddValue("protocol", "none, esp, ah or esp+ah", protocol)
    cmd.AddValue("encr", "ESP encryption algorithm", encr)
    cmd.AddValue("auth", "ESP/AH authentication", auth)
    cmd.AddValue("packets", "UDP packets to send", 100)
    cmd.AddValue("size", "UDP payload bytes", 1000)
    cmd.AddValue("pcap", "PCAP prefix (wire and cleartext views)", "")
    cmd.AddValue("sa-file", "write the Wireshark esp_sa table here", "")
    cmd.AddValue("ipv6", "carry the traffic over IPv6", False)
    cmd.Parse(argv)
    packets, size = cmd.packets, cmd.size

    ns.core.RngSeedManager.SetSeed(1)
    nodes = ns.network.NodeContainer()
    nodes.Create(2)
    link = ns.point_to_point.PointToPointHelper()
    link.SetDeviceAttribute("DataRate", ns.core.StringValue("100Mbps"))
    link.SetChannelAttribute("Delay", ns.core.StringValue("2ms"))
    devices = link.Install(nodes)
    ns.internet.InternetStackHelper().Install(nodes)
    address = ns.internet.Ipv4AddressHelper()
    address.SetBase(ns.network.Ipv4Address("10.1.1.0"), ns.network.Ipv4Mask("255.255.255.0"))
    interfaces = address.Assign(devices)
    client_address, server_address = interfaces.GetAddress(0), interfaces.GetAddress(1)
    address6 = ns.internet.Ipv6AddressHelper()
    address6.SetBase(ns.network.Ipv6Address("2001:db8:1::"), ns.network.Ipv6Prefix(64))
    interfaces6 = address6.Assign(devices)
    if cmd.ipv6:
        # The global addresses (address 0 of an interface is its link-local one).
        client_address, server_address = interfaces6.GetAddress(0, 1), interfaces6.GetAddress(1, 1)

    ipsec = ns.ipsec.IpsecHelper()
    ipsec.Install(nodes)
    ipsec.AssignStreams(nodes, 1)
    if cmd.protocol != "none":
        suite = ns.ipsec.IpsecHelper.Suite.Parse(cmd.protocol, cmd.encr, cmd.auth)
        ipsec.ProtectPair(nodes.Get(0), client_address, nodes.Get(1), server_address, suite)

    server = ns.applications.UdpServerHelper(9).Install(nodes.Get(1))
    client = ns.applications.UdpClientHelper(server_address, 9)
    client.SetAttribute("MaxPackets", ns.core.UintegerValue(packets))
    client.SetAttribute("Interval", ns.core.TimeValue(ns.core.MilliSeconds(10)))
    client.SetAttribute("PacketSize", ns.core.UintegerValue(size))
    client.Install(nodes.Get(0)).Start(ns.core.Seconds(1.0))

    if cmd.pcap:
        link.EnablePcapAll(cmd.pcap)
        ns.ipsec.IpsecHelper.EnableCleartextPcap(cmd.pcap, nodes)

    ns.core.Simulator.Stop(ns.core.Seconds(2.0 + packets * 0.01))
    ns.core.Simulator.Run()
    received = server.Get(0).GetReceived()
    if getattr(cmd, "sa-file"):
        ns.ipsec.IpsecKeyExport.Write(getattr(cmd, "sa-file"), nodes)
    print(f"{'IPv6' if cmd.ipv6 else 'IPv4'}: {client_address} -> {server_address}")
    print(f"sent {packets} UDP packets of {size} B, received {received}")
    stats = ns.ipsec.IpsecHelper.Get(nodes.Get(0)).GetStats()
    if stats.wire.datagramsOut:
        # What the wire carried: IP bytes protection added, fragment headers included.
        print(f"IPsec overhead per packet: {stats.OverheadPerDatagram():g} B ({cmd.protocol} "
              f"{cmd.encr} {cmd.auth}, {stats.wire.addedFragmentsOut} fragments added)")
    ns.ipsec.IpsecHelper.PrintStats(nodes)
    ns.core.Simulator.Destroy()
    return 0 if received == packets else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
