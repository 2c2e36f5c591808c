# SPDX-License-Identifier: GPL-2.0-only
"""IPv6 from Python, end to end: ESP and AH in transport mode between dual-stack hosts, 6-in-4 and
4-in-6 VPNs through gateways, addresses of both families through the IPsec API, and every bad
IPv6 input ending in a Python exception."""
import os
import re
import subprocess
import sys

import pytest

import ns3ipsec as ns

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PPP_IPV4, PPP_IPV6 = 0x0021, 0x0057
UDP, ESP, AH = 17, 50, 51


@pytest.fixture(autouse=True)
def fresh_simulator():
    ns.RngSeedManager.SetSeed(3)
    yield
    ns.Simulator.Destroy()


def wire_protocols(device):
    """(PPP family, IP protocol / next header) of every frame the device sends."""
    seen = []

    def on_tx(packet):
        frame = bytes(packet)
        family = int.from_bytes(frame[0:2], "big")
        if family == PPP_IPV6:
            seen.append((family, frame[2 + 6]))  # the IPv6 header's next header
        elif family == PPP_IPV4:
            seen.append((family, frame[2 + 9]))  # the IPv4 header's protocol
    device.TraceConnectWithoutContext("MacTx", on_tx)
    return seen


def dual_stack_hosts():
    """Two dual-stack hosts on a link with IPsec: (nodes, devices, helper, a6, b6, a4, b4)."""
    nodes = ns.NodeContainer(2)
    devices = ns.PointToPointHelper(DataRate="100Mbps", Delay="1ms").Install(nodes)
    ns.InternetStackHelper().Install(nodes)
    i4 = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices)
    v6 = ns.Ipv6AddressHelper()
    v6.SetBase(ns.Ipv6Address("2001:db8:1::"), ns.Ipv6Prefix(64))
    i6 = v6.Assign(devices)
    i6.SetForwarding(0, False)
    helper = ns.IpsecHelper()
    helper.Install(nodes)
    helper.AssignStreams(nodes, 5)
    # Address 0 of an IPv6 interface is its link-local address, 1 the global one.
    return nodes, devices, helper, i6.GetAddress(0, 1), i6.GetAddress(1, 1), i4.GetAddress(0), \
        i4.GetAddress(1)


def udp(nodes, server_address, packets=50, size=600):
    server = ns.UdpServerHelper(9).Install(nodes.Get(1))
    ns.UdpClientHelper(server_address, 9, MaxPackets=packets, Interval="10ms",
                       PacketSize=size).Install(nodes.Get(0)).Start(1.0)  # after DAD
    ns.Simulator.Stop(2.0 + packets * 0.01)
    ns.Simulator.Run()
    return server.Get(0).GetReceived()


def stats(node):
    return ns.IpsecHelper.Get(node).GetStats()


def test_esp_transport_protects_udp_over_ipv6():
    nodes, devices, helper, a6, b6, a4, b4 = dual_stack_hosts()
    helper.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6,
                       ns.Suite.Parse("esp", "aes-gcm-16", "none"))
    wire = wire_protocols(devices.Get(0))
    assert udp(nodes, b6) == 50
    assert stats(nodes.Get(0))["esp"]["packets_out"] == 50
    assert stats(nodes.Get(1))["esp"]["packets_in"] == 50
    assert stats(nodes.Get(1))["esp"]["bytes_in"] > 50 * 600
    assert stats(nodes.Get(0)).OverheadPerDatagram() == 36  # 8 header, 8 IV, 4 trailer, 16 ICV
    assert wire.count((PPP_IPV6, ESP)) == 50
    assert (PPP_IPV6, UDP) not in wire  # nothing left in the clear
    assert stats(nodes.Get(0))["total_drops"] == stats(nodes.Get(1))["total_drops"] == 0


def test_ipv6_layer_traces_reach_python():
    nodes, devices, helper, a6, b6, a4, b4 = dual_stack_hosts()
    helper.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, ns.Suite.Parse("esp"))
    sent = []
    ns.Config.ConnectWithoutContext(
        "/NodeList/0/$ns3::Ipv6L3Protocol/Tx",
        lambda packet, ipv6, interface: sent.append((bytes(packet)[6], interface)))
    assert udp(nodes, b6, packets=5) == 5
    assert sent.count((ESP, 1)) == 5  # the IPv6 datagrams carry ESP, out of interface 1


def test_flow_monitor_classifies_ipv6_flows():
    nodes, devices, helper, a6, b6, a4, b4 = dual_stack_hosts()
    flowmon = ns.FlowMonitorHelper()
    monitor = flowmon.InstallAll()
    assert udp(nodes, b6, packets=10) == 10
    classifier = flowmon.GetClassifier6()
    flows = [(classifier.FindFlow(flow_id), st) for flow_id, st in monitor.GetFlowStats()
             if st.rxPackets == 10]
    assert len(flows) == 1
    five, st = flows[0]
    assert (five.sourceAddress, five.destinationAddress, five.protocol, five.destinationPort) == \
        (a6, b6, UDP, 9)
    assert st.txPackets == 10


def test_flow_probe_classifies_esp_protected_ipv6_flows():
    nodes, devices, helper, a6, b6, a4, b4 = dual_stack_hosts()
    helper.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6,
                       ns.Suite.Parse("esp", "aes-gcm-16", "none"))
    flowmon = ns.FlowMonitorHelper()
    monitor = flowmon.InstallAll()
    assert ns.IpsecFlowProbe.Enable(flowmon) == 2
    assert udp(nodes, b6, packets=10, size=300) == 10
    monitor.CheckForLostPackets()
    classifier = flowmon.GetClassifier6()
    flows = [(classifier.FindFlow(flow_id), st) for flow_id, st in monitor.GetFlowStats()]
    assert len(flows) == 1  # the inner UDP flow, seen through ESP
    five, st = flows[0]
    assert (five.sourceAddress, five.destinationAddress, five.protocol, five.destinationPort) == \
        (a6, b6, UDP, 9)
    # The inner datagrams' sizes: IPv6 header, UDP header, payload.
    assert (st.txPackets, st.rxPackets, st.txBytes, st.rxBytes) == (10, 10, 3480, 3480)


def test_ipv4_traffic_of_the_same_hosts_stays_clear():
    nodes, devices, helper, a6, b6, a4, b4 = dual_stack_hosts()
    helper.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, ns.Suite())
    wire = wire_protocols(devices.Get(0))
    assert udp(nodes, b4, packets=10) == 10
    assert wire.count((PPP_IPV4, UDP)) == 10
    assert stats(nodes.Get(0))["esp"]["packets_out"] == 0


def ipv6_only_hosts():
    """Two hosts with IPv6 and no IPv4 at all, IPsec on both: (nodes, devices, a6, b6)."""
    nodes = ns.NodeContainer(2)
    devices = ns.PointToPointHelper(DataRate="100Mbps", Delay="1ms").Install(nodes)
    stack = ns.InternetStackHelper()
    stack.SetIpv4StackInstall(False)
    stack.Install(nodes)
    v6 = ns.Ipv6AddressHelper()
    v6.SetBase(ns.Ipv6Address("2001:db8:6::"), ns.Ipv6Prefix(64))
    i6 = v6.Assign(devices)
    helper = ns.IpsecHelper()
    helper.Install(nodes)
    helper.AssignStreams(nodes, 5)
    helper.ProtectPair(nodes.Get(0), i6.GetAddress(0, 1), nodes.Get(1), i6.GetAddress(1, 1),
                       ns.Suite.Parse("esp", "aes-gcm-16", "none"))
    return nodes, devices, i6.GetAddress(0, 1), i6.GetAddress(1, 1)


def test_ipv6_only_nodes_protect_udp_with_esp():
    nodes, devices, a6, b6 = ipv6_only_hosts()
    for node in nodes:
        assert node.GetObject(ns.Ipv4) is None
        assert node.GetObject(ns.Ipv6) is not None
    wire = wire_protocols(devices.Get(0))
    assert udp(nodes, b6, packets=20) == 20
    assert stats(nodes.Get(0))["esp"]["packets_out"] == 20
    assert stats(nodes.Get(1))["esp"]["packets_in"] == 20
    assert stats(nodes.Get(1))["esp"]["bytes_in"] > 20 * 600
    assert wire.count((PPP_IPV6, ESP)) == 20
    assert (PPP_IPV6, UDP) not in wire and not any(f == PPP_IPV4 for f, p in wire)
    assert stats(nodes.Get(0))["total_drops"] == stats(nodes.Get(1))["total_drops"] == 0


def test_ipv6_only_nodes_refuse_unprotected_traffic_when_discarding():
    nodes, devices, a6, b6 = ipv6_only_hosts()
    for node in nodes:
        ns.IpsecHelper.Get(node).SetAttribute("DefaultPolicy", "Discard")
    link_local = nodes.Get(1).GetObject(ns.Ipv6).GetAddress(1, 0).GetAddress()
    assert udp(nodes, link_local, packets=10) == 0  # no policy, no SA for it: refused
    assert stats(nodes.Get(0))["total_drops"] == 10


def test_ipsec_needs_an_internet_stack_of_either_family():
    bare = ns.NodeContainer(1)
    with pytest.raises(ValueError, match="node 0 has no internet stack"):
        ns.IpsecHelper().Install(bare)
    stack = ns.InternetStackHelper()
    stack.SetIpv4StackInstall(False)
    stack.SetIpv6StackInstall(False)
    with pytest.raises(ValueError, match="installed nothing"):
        stack.Install(bare)
    with pytest.raises(ValueError, match="no internet stack"):
        ns.IpsecHelper().Install(bare)
    v4 = ns.InternetStackHelper()
    v4.SetIpv6StackInstall(False)
    v4.Install(bare)
    assert bare.Get(0).GetObject(ns.Ipv6) is None
    with pytest.raises(ValueError, match="already has an internet stack"):
        ns.InternetStackHelper().Install(bare)
    ns.IpsecHelper().Install(bare)  # IPv4 alone will do too
    with pytest.raises(ValueError, match="already has IPsec"):
        ns.IpsecHelper().Install(bare)


def test_clear6_traces_reach_python_with_the_ipv6_header():
    nodes, devices, a6, b6 = ipv6_only_hosts()
    delivered, sent = [], []
    ns.IpsecHelper.Get(nodes.Get(1)).TraceConnectWithoutContext(
        "ClearDeliver6",
        lambda header, payload: delivered.append(
            (header.GetSource(), header.GetDestination(), header.GetNextHeader(), len(payload))))
    ns.Config.ConnectWithoutContext(
        "/NodeList/0/$ns3::IpsecL3Protocol/ClearSend6",
        lambda header, payload: sent.append((header.GetSource(), header.GetDestination())))
    ip_deliveries = []  # what IPv6 input handed up: the ESP datagrams, not their UDP
    ns.Config.ConnectWithoutContext(
        "/NodeList/1/$ns3::Ipv6L3Protocol/LocalDeliver",
        lambda header, packet, interface: ip_deliveries.append((header.GetNextHeader(), interface)))
    ipv4_deliveries = []
    ns.IpsecHelper.Get(nodes.Get(1)).TraceConnectWithoutContext(
        "ClearDeliver", lambda header, payload: ipv4_deliveries.append(header))
    assert udp(nodes, b6, packets=7, size=300) == 7
    assert delivered == [(a6, b6, UDP, 8 + 300)] * 7  # the UDP header and its payload
    assert isinstance(delivered[0][0], ns.Ipv6Address)
    assert sent == [(a6, b6)] * 7
    assert ip_deliveries.count((ESP, 1)) == 7 and (UDP, 1) not in ip_deliveries
    assert ipv4_deliveries == []


@pytest.mark.parametrize("protocol,encr,auth", [
    ("ah", "null", "hmac-sha256-128"),
    ("esp+ah", "aes-cbc", "hmac-sha1-96"),
])
def test_ah_over_ipv6(protocol, encr, auth):
    nodes, devices, helper, a6, b6, a4, b4 = dual_stack_hosts()
    helper.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, ns.Suite.Parse(protocol, encr, auth))
    wire = wire_protocols(devices.Get(0))
    assert udp(nodes, b6, packets=20, size=300) == 20
    assert wire.count((PPP_IPV6, AH)) == 20  # AH outermost
    assert stats(nodes.Get(0))["ah"]["packets_out"] == 20
    assert stats(nodes.Get(1))["ah"]["packets_in"] == 20
    assert stats(nodes.Get(1))["esp"]["packets_in"] == (20 if "esp" in protocol else 0)
    assert stats(nodes.Get(1))["total_drops"] == 0


def test_tcp_over_ipv6_esp_is_byte_exact():
    nodes, devices, helper, a6, b6, a4, b4 = dual_stack_hosts()
    helper.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, ns.Suite.Parse("esp"))
    sink = ns.PacketSinkHelper("ns3::TcpSocketFactory",
                               ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), 5000))
    sinks = sink.Install(nodes.Get(1))
    ns.BulkSendHelper("ns3::TcpSocketFactory", ns.Inet6SocketAddress(b6, 5000),
                      MaxBytes=200000).Install(nodes.Get(0)).Start(1.0)
    ns.Simulator.Stop(10.0)
    ns.Simulator.Run()
    assert sinks.Get(0).GetTotalRx() == 200000
    assert stats(nodes.Get(1))["esp"]["packets_in"] > 130
    assert stats(nodes.Get(1))["total_drops"] == 0


def test_python_sockets_echo_over_ipv6_esp():
    nodes, devices, helper, a6, b6, a4, b4 = dual_stack_hosts()
    helper.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, ns.Suite())
    server = ns.Socket.udp(nodes.Get(1))
    server.Bind(ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), 7))
    server.SetEcho()
    client = ns.Socket.udp(nodes.Get(0))
    client.ConnectAt(1.0, b6, 7)
    for i in range(5):
        client.SendAt(1.1 + 0.01 * i, 100)
    ns.Simulator.Stop(2.0)
    ns.Simulator.Run()
    assert (server.received_packets, client.received_packets) == (5, 5)
    assert stats(nodes.Get(1))["esp"]["packets_out"] == 5


def gateways(lan6, core6):
    """h0 - g0 = core = g1 - h1, dual-stack, IPv6 list routing with static routes (as the C++
    TunnelFamilies fixture): (nodes, core devices, h1's LAN address, the gateways' core
    addresses, the LANs with their masks) in the families asked for."""
    nodes = ns.NodeContainer(4)
    h0, g0, g1, h1 = (nodes.Get(i) for i in range(4))
    routing = ns.Ipv6ListRoutingHelper()
    routing.Add(ns.Ipv6StaticRoutingHelper(), 0)
    stack = ns.InternetStackHelper()
    stack.SetRoutingHelper(routing)
    stack.Install(nodes)
    link = ns.PointToPointHelper(DataRate="100Mbps", Delay="1ms")
    left, core, right = link.Install(h0, g0), link.Install(g0, g1), link.Install(g1, h1)
    v4 = ns.Ipv4AddressHelper()
    ip4 = []
    for network, devices in (("10.1.1.0", left), ("10.0.0.0", core), ("10.2.2.0", right)):
        v4.SetBase(network, "255.255.255.0")
        ip4.append(v4.Assign(devices))
    ns.Ipv4GlobalRoutingHelper.PopulateRoutingTables()
    v6 = ns.Ipv6AddressHelper()
    ip6 = []
    for network, devices in (("2001:a::", left), ("2001:c::", core), ("2001:b::", right)):
        v6.SetBase(ns.Ipv6Address(network), ns.Ipv6Prefix(64))
        ip6.append(v6.Assign(devices))
    l6, c6, r6 = ip6
    l6.SetForwarding(1, True)
    l6.SetDefaultRouteInAllNodes(1)
    c6.SetForwarding(0, True)
    c6.SetForwarding(1, True)
    r6.SetForwarding(0, True)
    r6.SetDefaultRouteInAllNodes(0)
    routes = ns.Ipv6StaticRoutingHelper()
    routes.GetStaticRouting(g0.GetObject(ns.Ipv6)).AddNetworkRouteTo(
        "2001:b::", ns.Ipv6Prefix(64), c6.GetAddress(1, 1), c6.Get(0)[1])
    routes.GetStaticRouting(g1.GetObject(ns.Ipv6)).AddNetworkRouteTo(
        "2001:a::", "/64", c6.GetAddress(0, 1), c6.Get(1)[1])
    ends = (c6.GetAddress(0, 1), c6.GetAddress(1, 1)) if core6 else \
        (ip4[1].GetAddress(0), ip4[1].GetAddress(1))
    if lan6:
        target, lans = r6.GetAddress(1, 1), ("2001:a::", ns.Ipv6Prefix(64), "2001:b::", "/64")
    else:
        target, lans = ip4[2].GetAddress(1), ("10.1.1.0", "255.255.255.0", "10.2.2.0", "/24")
    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)
    return nodes, core, target, ends, lans, ipsec


@pytest.mark.parametrize("route_based", [False, True], ids=["policy", "route"])
@pytest.mark.parametrize("lan6,core6", [(True, False), (False, True), (True, True)],
                         ids=["6in4", "4in6", "6in6"])
def test_vpn_tunnels_one_family_over_the_other(lan6, core6, route_based):
    nodes, core, target, (ga, gb), (lan_a, mask_a, lan_b, mask_b), ipsec = gateways(lan6, core6)
    h0, g0, g1, h1 = (nodes.Get(i) for i in range(4))
    suite = ns.Suite.Parse("esp", "aes-gcm-16", "none")
    if route_based:
        interfaces = ipsec.AddRouteBasedTunnel(g0, ga, lan_a, mask_a, g1, gb, lan_b, mask_b, suite)
        family = ns.Ipv6 if lan6 else ns.Ipv4
        assert all(g.GetObject(family).GetNetDevice(i).GetMtu() == 65535
                   for g, i in zip((g0, g1), interfaces))
    else:
        ipsec.ProtectNetworks(g0, ga, lan_a, mask_a, g1, gb, lan_b, mask_b, suite)
    forward, back = wire_protocols(core.Get(0)), wire_protocols(core.Get(1))
    ns.UdpEchoServerHelper(7).Install(h1)
    client = ns.UdpEchoClientHelper(target, 7, MaxPackets=10, Interval="50ms", PacketSize=200)
    apps = client.Install(h0)
    replies = []
    apps.Get(0).TraceConnectWithoutContext("Rx", lambda packet: replies.append(packet.GetSize()))
    apps.Start(2.0)
    ns.Simulator.Stop(4.0)
    ns.Simulator.Run()
    assert replies == [200] * 10
    outer = PPP_IPV6 if core6 else PPP_IPV4
    other = PPP_IPV4 if core6 else PPP_IPV6
    assert forward.count((outer, ESP)) == 10 and back.count((outer, ESP)) == 10
    assert not [p for p in forward + back if p[1] == UDP]  # no LAN datagram crossed in the clear
    assert not [p for p in forward + back if p == (other, ESP)]
    for gateway in (g0, g1):  # requests one way, replies the other
        assert stats(gateway)["esp"]["packets_out"] == 10
        assert stats(gateway)["esp"]["packets_in"] == 10
    assert all(stats(n)["total_drops"] == 0 for n in nodes)
    sa = ns.IpsecHelper.Get(g0).GetSadb().Dump()[0]
    assert (sa.GetMode(), type(sa.GetSource())) == \
        ("tunnel", ns.Ipv6Address if core6 else ns.Ipv4Address)
    if not route_based:
        policy = ns.IpsecHelper.Get(g0).GetSpd().Dump()[0]
        assert "esp/tunnel/" + str(ga) + "-" + str(gb) in repr(policy)


@pytest.mark.parametrize("route_based", [False, True], ids=["policy", "route"])
def test_flow_monitor_measures_lan_flows_across_an_ipv6_tunnel(route_based):
    # FlowMonitor's own probes see the hosts' cleartext; the far gateway's delivery of the ESP
    # datagram must not count as the flow's reception (ns-3's Ipv6FlowProbe has no address check).
    nodes, core, target, (ga, gb), (lan_a, mask_a, lan_b, mask_b), ipsec = gateways(True, True)
    h0, g0, g1, h1 = (nodes.Get(i) for i in range(4))
    suite = ns.Suite.Parse("esp", "aes-gcm-16", "none")
    protect = ipsec.AddRouteBasedTunnel if route_based else ipsec.ProtectNetworks
    protect(g0, ga, lan_a, mask_a, g1, gb, lan_b, mask_b, suite)
    flowmon = ns.FlowMonitorHelper()
    monitor = flowmon.InstallAll()
    ns.UdpEchoServerHelper(7).Install(h1)
    client = ns.UdpEchoClientHelper(target, 7, MaxPackets=10, Interval="50ms", PacketSize=200)
    client.Install(h0).Start(2.0)
    ns.Simulator.Stop(4.0)
    ns.Simulator.Run()
    monitor.CheckForLostPackets()
    classifier = flowmon.GetClassifier6()
    flows = {classifier.FindFlow(i).destinationPort: st for i, st in monitor.GetFlowStats()}
    request = flows[7]
    assert (request.txPackets, request.rxPackets, request.lostPackets) == (10, 10, 0)
    assert request.rxBytes == request.txBytes == 10 * (40 + 8 + 200)  # the inner datagrams
    # Delivered at h1, three 1 ms links away (h0-g0, core, g1-h1), not at g1.
    assert request.delaySum.GetSeconds() / 10 > 0.003
    assert stats(g1)["esp"]["packets_in"] == 10


def test_addresses_round_trip_as_ipv6():
    nodes, devices, helper, a6, b6, a4, b4 = dual_stack_hosts()
    assert isinstance(a6, ns.Ipv6Address)
    assert a6 == str(a6) and str(a6).startswith("2001:db8:1:")
    assert ns.Ipv6Address("2001:DB8:0:0::1") == "2001:db8::1" == ns.Ipv6Address("2001:db8::1")
    assert len({ns.Ipv6Address("2001:db8::1"), ns.Ipv6Address("2001:0db8::1")}) == 1
    assert ns.Ipv6Prefix(64) == "/64" == ns.Ipv6Prefix("ffff:ffff:ffff:ffff::")
    assert ns.Ipv6Address("2001:db8::1:2").CombinePrefix("/64") == "2001:db8::"
    assert repr(ns.Address(ns.Inet6SocketAddress(a6, 9))) == f"Address(Inet6SocketAddress('{a6}', 9))"
    assert str(ns.Inet6SocketAddress("2001:db8::1", 9)) == "[2001:db8::1]:9"
    assert ns.Address("[2001:db8::1]:9") == ns.Inet6SocketAddress("2001:db8::1", 9)

    helper.ProtectPair(nodes.Get(0), a6, nodes.Get(1), b6, ns.Suite.Parse("esp"))
    sas = ns.IpsecHelper.Get(nodes.Get(0)).GetSadb().Dump()
    assert sorted((str(sa.GetSource()), str(sa.GetDestination())) for sa in sas) == \
        sorted([(str(a6), str(b6)), (str(b6), str(a6))])
    assert all(isinstance(sa.GetDestination(), ns.Ipv6Address) for sa in sas)
    inbound = [sa for sa in sas if sa.GetDestination() == a6][0]
    sadb = ns.IpsecHelper.Get(nodes.Get(0)).GetSadb()
    assert sadb.Get("esp", a6, inbound.GetSpi()).GetSpi() == inbound.GetSpi()
    assert str(a6) in ns.IpsecKeyExport.WiresharkEspSa(nodes)
    assert f"add {a6} {b6} esp" in ns.IpsecKeyExport.Setkey(nodes)
    assert f"laddr {a6}" in ns.IpsecConfig.Write(nodes.Get(0), "ipsecconf")

    # Policies: selectors and tunnel endpoints of either family.
    policy = ns.SecurityPolicy.Networks("2001:db8:a::", "/48", "2001:db8:b::", ns.Ipv6Prefix(48), [
        ns.ProtectionRequest("esp", "tunnel", tunnel_source="10.0.0.1",
                             tunnel_destination=ns.Ipv4Address("10.0.0.2"))])
    assert (policy.local_address, policy.local_mask) == ("2001:db8:a::", ns.Ipv6Prefix(48))
    assert isinstance(policy.remote_address, ns.Ipv6Address)
    request = policy.bundles[0][0]
    assert (request.mode, request.tunnel_source, request.tunnel_destination) == \
        ("tunnel", "10.0.0.1", "10.0.0.2")
    policy.remote_address = "10.9.0.0"  # another family: the mask becomes its host mask
    assert policy.remote_mask == ns.Ipv4Mask("255.255.255.255")
    policy.remote_mask = "/16"
    assert policy.remote_mask == "255.255.0.0"
    host = ns.SecurityPolicy.HostPair(a6, b6, [ns.ProtectionRequest("ah")])
    assert (host.local_address, host.remote_address, host.local_mask) == (a6, b6, "/128")

    # SAs and their own selectors.
    sa = ns.SecurityAssociation("esp", 0x5000, b6, a6)
    sa.SetSelectors(source="2001:db8:1::", source_mask="/64", destination=a6, protocol=17,
                    destination_port=9)
    selectors = sa.GetSelectors()
    assert (selectors["source"], selectors["source_mask"]) == ("2001:db8:1::", ns.Ipv6Prefix(64))
    assert (selectors["destination"], selectors["destination_mask"]) == (a6, "/128")
    assert (selectors["protocol"], selectors["destination_port"]) == (17, 9)

    # Key management: GetSpi, Update, Get, Delete with IPv6 addresses.
    keys = ns.IpsecHelper.Get(nodes.Get(0)).GetKeyManagement()
    larval = keys.GetSpi("esp", b6, a6, min=0x6000, max=0x6000)
    assert larval.ok and larval.sa.GetDestination() == a6 and larval.sa.GetState() == "larval"
    mature = ns.SecurityAssociation("esp", 0x6000, b6, a6)
    mature.SetEncryption("aes-gcm-16", "ab" * 20)
    assert keys.Update(mature).ok
    assert keys.Get("esp", a6, 0x6000).sa.GetSource() == b6
    assert keys.Delete("esp", a6, 0x6000).ok
    assert keys.Get("esp", a6, 0x6000).error == "ESRCH"


def test_ipv6_configuration_files_protect_traffic():
    nodes, devices, helper, a6, b6, a4, b4 = dual_stack_hosts()
    key = "000102030405060708090a0b0c0d0e0f"
    for i, (src, dst) in enumerate(((a6, b6), (b6, a6))):
        result = ns.IpsecConfig.Load(
            nodes.Get(i), "setkey",
            f"add {a6} {b6} esp 0x1000 -m transport -E aes-cbc 0x{key} -A hmac-sha2-256 0x{key * 2};\n"
            f"add {b6} {a6} esp 0x2000 -m transport -E aes-cbc 0x{key} -A hmac-sha2-256 0x{key * 2};\n"
            f"spdadd {src} {dst} any -P out ipsec esp/transport//require;\n"
            f"spdadd {dst} {src} any -P in ipsec esp/transport//require;\n", "keys6.conf")
        assert result["ok"], result["error"]
    assert udp(nodes, b6, packets=20) == 20
    assert stats(nodes.Get(1))["esp"]["packets_in"] == 20
    assert f"{a6}" in ns.IpsecConfig.Write(nodes.Get(1), "ipseckey")


def test_ipv6_topology_helpers():
    nodes = ns.NodeContainer(3)
    ns.InternetStackHelper().Install(nodes)
    link = ns.PointToPointHelper()
    helper = ns.Ipv6AddressHelper("2001:db8:9::", ns.Ipv6Prefix(64))
    first = helper.Assign(link.Install(nodes.Get(0), nodes.Get(1)))
    assert helper.NewNetwork() == "2001:db8:9:1::"
    second = helper.Assign(link.Install(nodes.Get(1), nodes.Get(2)))
    assert second.GetAddress(-1, 1).CombinePrefix(ns.Ipv6Prefix(64)) == "2001:db8:9:1::"
    assert first.GetAddress(0, 0).IsLinkLocal() and first.GetLinkLocalAddress(0) == first.GetAddress(0, 0)
    assert helper.NewAddress() == "2001:db8:9:1::1"
    ipv6 = nodes.Get(1).GetObject(ns.Ipv6)
    assert isinstance(ipv6, ns.Ipv6L3Protocol)
    assert ipv6.GetNInterfaces() == 3  # loopback and two links
    assert ipv6.GetAddress(1, 1).GetAddress() == first.GetAddress(1, 1)
    assert ipv6.GetAddress(1, 1).GetScope() == ns.Ipv6InterfaceAddress.GLOBAL
    assert not ipv6.IsForwarding(1)
    first.SetForwarding(1, True)
    assert ipv6.IsForwarding(1)
    routes = ns.Ipv6StaticRoutingHelper().GetStaticRouting(nodes.Get(0).GetObject(ns.Ipv6))
    before = routes.GetNRoutes()
    routes.SetDefaultRoute(first.GetLinkLocalAddress(1), first.GetInterfaceIndex(0))
    routes.AddHostRouteTo("2001:db8:9:1::99", first.Get(0)[1])
    assert routes.GetNRoutes() == before + 2


# --------------------------------------------------------------------------------------------
# Bad IPv6 input: a Python exception, never a dead interpreter. Each case runs in an interpreter
# of its own (as BAD_INPUTS in test_python_bindings.py): (id, setup, statement, exception, regex).

PRELUDE = """
import sys
import ns3ipsec as ns

def hosts():
    nodes = ns.NodeContainer(2)
    devices = ns.PointToPointHelper().Install(nodes)
    ns.InternetStackHelper().Install(nodes)
    i4 = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices)
    i6 = ns.Ipv6AddressHelper("2001:db8:1::", "/64").Assign(devices)
    helper = ns.IpsecHelper()
    helper.Install(nodes)
    return nodes, devices, helper, i6.GetAddress(0, 1), i6.GetAddress(1, 1), i4.GetAddress(0), \\
        i4.GetAddress(1)
"""

HOSTS = "nodes, devices, helper, a6, b6, a4, b4 = hosts()"
ROUTES = HOSTS + "\nr = ns.Ipv6StaticRoutingHelper().GetStaticRouting(nodes.Get(0).GetObject(ns.Ipv6))"

BAD_IPV6_INPUTS = [
    # --- mixed families
    ("protect-pair-mixed", HOSTS, "helper.ProtectPair(nodes.Get(0), a4, nodes.Get(1), b6, ns.Suite())",
     ValueError, r"a_address 10.1.1.1 and b_address 2001:db8:1:.* are not of one family"),
    ("key-pair-mixed", HOSTS, "helper.KeyPair(nodes.Get(0), a6, nodes.Get(1), '10.1.1.2', ns.Suite())",
     ValueError, r"not of one family"),
    ("protect-networks-mixed-networks", HOSTS,
     "helper.ProtectNetworks(nodes.Get(0), a4, '10.1.0.0', '/16', nodes.Get(1), b4, '2001:db8:b::', "
     "'/48', ns.Suite())", ValueError, r"a_network 10.1.0.0 and b_network 2001:db8:b:: are not of one family"),
    ("protect-networks-mixed-gateways", HOSTS,
     "helper.ProtectNetworks(nodes.Get(0), a4, '10.1.0.0', '/16', nodes.Get(1), b6, '10.2.0.0', "
     "'/16', ns.Suite())", ValueError, r"not of one family"),
    ("protect-networks-mask-of-the-other-family", HOSTS,
     "helper.ProtectNetworks(nodes.Get(0), a6, '2001:db8:a::', '255.255.0.0', nodes.Get(1), b6, "
     "'2001:db8:b::', '/48', ns.Suite())", ValueError, r"a_network mask: '255.255.0.0' is a mask of IPv4, "
                                                       r"the address is IPv6"),
    ("protect-networks-prefix-for-ipv4", HOSTS,
     "helper.ProtectNetworks(nodes.Get(0), a4, '10.1.0.0', ns.Ipv6Prefix(16), nodes.Get(1), b4, "
     "'10.2.0.0', '/16', ns.Suite())", ValueError, r"Ipv6Prefix\(16\) is a mask of IPv6, the address is IPv4"),
    ("sa-mixed", "", "ns.SecurityAssociation('esp', 0x1000, '10.1.1.1', '2001:db8::2')",
     ValueError, r"source 10.1.1.1 and destination 2001:db8::2 are not of one family"),
    ("host-pair-mixed", "", "ns.SecurityPolicy.HostPair('2001:db8::1', '10.1.1.2', [])",
     ValueError, r"not of one family"),
    ("tunnel-endpoints-mixed", "",
     "ns.ProtectionRequest('esp', 'tunnel', tunnel_source='10.0.0.1', tunnel_destination='2001:db8::2')",
     ValueError, r"tunnel_source 10.0.0.1 and tunnel_destination 2001:db8::2 are not of one family"),
    ("tunnel-endpoint-alone", "", "ns.ProtectionRequest('esp', 'tunnel', tunnel_source='2001:db8::1')",
     ValueError, r"takes both tunnel_source and tunnel_destination"),
    ("get-spi-mixed", HOSTS, "ns.IpsecHelper.Get(nodes.Get(0)).GetKeyManagement().GetSpi('esp', b4, a6)",
     ValueError, r"not of one family"),
    ("sa-selectors-mixed", "sa = ns.SecurityAssociation('esp', 0x1000, '2001:db8::1', '2001:db8::2')",
     "sa.SetSelectors(source='10.1.1.0', source_mask='/24', destination='2001:db8::2')",
     ValueError, r"not of one family"),
    ("policy-mask-of-the-other-family", "p = ns.SecurityPolicy.HostPair('2001:db8::1', '2001:db8::2', [])",
     "p.local_mask = ns.Ipv4Mask('255.255.255.0')", ValueError, r"is a mask of IPv4, the address is IPv6"),
    ("route-based-tunnel-networks-mixed", HOSTS,
     "helper.AddRouteBasedTunnel(nodes.Get(0), a6, '2001:db8:a::', '/48', nodes.Get(1), b6, "
     "'10.9.0.0', '/16', ns.Suite())", ValueError, r"not of one family"),
    ("route-based-tunnel-twice", HOSTS + "; helper.AddRouteBasedTunnel(nodes.Get(0), a4, '10.8.0.0', "
     "'/16', nodes.Get(1), b4, '10.9.0.0', '/16', ns.Suite())",
     "helper.AddRouteBasedTunnel(nodes.Get(0), a4, '2001:db8:a::', '/48', nodes.Get(1), b4, "
     "'2001:db8:b::', '/48', ns.Suite())", ValueError, r"already has tunnel interface ip.tun0"),
    ("route-based-tunnel-mask-not-a-prefix", HOSTS,
     "helper.AddRouteBasedTunnel(nodes.Get(0), a4, '10.8.0.0', '255.0.255.0', nodes.Get(1), b4, "
     "'10.9.0.0', '/16', ns.Suite())", ValueError, r"not a network mask"),
    ("route-based-tunnel-ends-mixed", HOSTS,
     "helper.AddRouteBasedTunnel(nodes.Get(0), a6, '2001:db8:a::', '/48', nodes.Get(1), b4, "
     "'2001:db8:b::', '/48', ns.Suite())", ValueError, r"not of one family"),
    ("ipv6-to-ping", "", "ns.IcmpEchoClientHelper('2001:db8::1')",
     ValueError, r"must be an IPv4 address, not the IPv6 address '2001:db8::1'"),
    ("ipv4-in-inet6-socket-address", "", "ns.Inet6SocketAddress('10.1.1.1', 9)",
     ValueError, r"Inet6SocketAddress must be an IPv6 address, not the IPv4 address 10.1.1.1"),
    ("ipv6-in-inet-socket-address", "", "ns.InetSocketAddress(ns.Ipv6Address('2001:db8::1'), 9)",
     ValueError, r"must be an IPv4 address, not the IPv6 address 2001:db8::1"),
    ("ipv4-next-hop", ROUTES, "r.SetDefaultRoute('10.1.1.2', 1)",
     ValueError, r"nextHop must be an IPv6 address, not the IPv4 address 10.1.1.2"),
    # --- bad IPv6 text
    ("bad-ipv6-text", "", "ns.Ipv6Address('2001:db8::g')", ValueError, r"not an IPv6 address: '2001:db8::g'"),
    ("two-double-colons", "", "ns.Ipv6Address('2001::db8::1')", ValueError, r"not an IPv6 address"),
    ("zone-id", "", "ns.Ipv6Address('fe80::1%eth0')", ValueError, r"not an IPv6 address"),
    ("bad-ipv6-client", "", "ns.UdpClientHelper('2001:::1', 9)", ValueError, r"not an IPv6 address: '2001:::1'"),
    ("bad-ipv6-socket-text", "", "ns.UdpEchoClientHelper('[2001:db8::1]:70000')",
     ValueError, r"port 70000 is out of range"),
    ("bad-ipv6-protect-pair", HOSTS, "helper.ProtectPair(nodes.Get(0), a6, nodes.Get(1), '2001:db8:1::zz', "
                                     "ns.Suite())", ValueError, r"not an IPv6 address: '2001:db8:1::zz'"),
    ("bad-ipv6-attribute", "", "ns.UdpClientHelper('2001:db8::1', 9, RemoteAddress='2001:db8::x')",
     ValueError, r"'2001:db8::x' for attribute RemoteAddress.*IPv6 address"),
    ("ipv6-not-a-prefix", "", "ns.Ipv6Prefix('ffff:0:ffff::')", ValueError, r"not a prefix \(ones, then zeros\)"),
    # --- prefix lengths
    ("prefix-129", "", "ns.Ipv6Prefix(129)", ValueError, r"129 is not a prefix length \(0-128\)"),
    ("prefix-text-129", "", "ns.Ipv6Prefix('/129')", ValueError, r"'/129' is not an IPv6 prefix length \(0-128\)"),
    ("protect-networks-prefix-200", HOSTS,
     "helper.ProtectNetworks(nodes.Get(0), a6, '2001:db8:a::', '/200', nodes.Get(1), b6, "
     "'2001:db8:b::', '/48', ns.Suite())", ValueError, r"not an IPv6 prefix length"),
    ("route-prefix-129", ROUTES, "r.AddNetworkRouteTo('2001:db8::', '/129', 1)",
     ValueError, r"'/129' is not an IPv6 prefix length"),
    ("address-helper-long-prefix", "", "ns.Ipv6AddressHelper('2001:db8::', ns.Ipv6Prefix(96))",
     ValueError, r"prefix is 1 to 64 bits long, not /96"),
    # --- topology
    ("address-helper-host-bits", "", "ns.Ipv6AddressHelper('2001:db8::1', '/64')",
     ValueError, r"2001:db8::1 has host bits set for prefix /64"),
    ("address-helper-base-outside", "", "ns.Ipv6AddressHelper('2001:db8::', '/64', '2001::1')",
     ValueError, r"base 2001::1 is not a host part"),
    ("assign-without-stack", "devices = ns.PointToPointHelper().Install(ns.NodeContainer(2))",
     "ns.Ipv6AddressHelper().Assign(devices)", ValueError, r"node 0 has no IPv6"),
    ("assign-twice", HOSTS, "ns.Ipv6AddressHelper('2001:db8:1::', '/64').Assign(devices)",
     ValueError, r"2001:db8:1:.* \(device 0\) is already assigned"),
    ("new-address-taken", HOSTS + "\nh = ns.Ipv6AddressHelper('2001:db8:7::', '/64')\nh.NewAddress()",
     "ns.Ipv6AddressHelper('2001:db8:7::', '/64').NewAddress()", ValueError, r"2001:db8:7::1 is already assigned"),
    ("last-network", "h = ns.Ipv6AddressHelper('ffff:ffff:ffff:ffff::', '/64')", "h.NewNetwork()",
     ValueError, r"is the last such network"),
    ("container-address-index", HOSTS + "\nc = ns.Ipv6AddressHelper('2001:db8:2::', '/64').Assign(devices)",
     "c.GetAddress(0, 5)", IndexError, r"address index 5 out of range"),
    ("route-interface-index", ROUTES, "r.AddNetworkRouteTo('2001:db8:9::', '/64', 'fe80::1', 7)",
     IndexError, r"interface index 7 out of range"),
    ("no-static-routing",
     "nodes = ns.NodeContainer(1)\ns = ns.InternetStackHelper()\ns.SetRoutingHelper(ns.Ipv6ListRoutingHelper())\n"
     "s.Install(nodes)", "ns.Ipv6StaticRoutingHelper().GetStaticRouting(nodes.Get(0).GetObject(ns.Ipv6))",
     ValueError, r"the IPv6 routing of node 0 has no Ipv6StaticRouting"),
    ("default-route-without-static-routing",
     "nodes = ns.NodeContainer(2)\ns = ns.InternetStackHelper()\ns.SetRoutingHelper(ns.Ipv6ListRoutingHelper())\n"
     "s.Install(nodes)\nc = ns.Ipv6AddressHelper().Assign(ns.PointToPointHelper().Install(nodes))",
     "c.SetDefaultRouteInAllNodes(0)", ValueError, r"node 1 has no Ipv6StaticRouting"),
    ("default-route-unknown-router", HOSTS + "\nc = ns.Ipv6AddressHelper('2001:db8:2::', '/64').Assign(devices)",
     "c.SetDefaultRouteInAllNodes('2001:db8:99::1')", ValueError, r"no interface of the container has the address"),
    ("default-route-to-itself", HOSTS + "\nc = ns.Ipv6AddressHelper('2001:db8:2::', '/64').Assign(devices)",
     "c.SetDefaultRoute(1, 1)", ValueError, r"cannot be its own default router"),
    ("ipv6-sink-port-taken",
     HOSTS + "\nns.PacketSinkHelper('tcp', ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), 80)).Install(nodes)",
     "ns.PacketSinkHelper('tcp', ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), 80)).Install(nodes)",
     ValueError, r"tcp port 80 on node 0 is already taken by a PacketSink \(IPv6\)"),
    ("udp-server-holds-both-families", HOSTS + "\nns.UdpServerHelper(9).Install(nodes)",
     "ns.PacketSinkHelper('udp', ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), 9)).Install(nodes)",
     ValueError, r"udp port 9 on node 0 is already taken by a UdpServer"),
]


@pytest.mark.parametrize("name,setup,statement,error,message", BAD_IPV6_INPUTS,
                         ids=[case[0] for case in BAD_IPV6_INPUTS])
def test_bad_ipv6_input_raises_instead_of_crashing(name, setup, statement, error, message):
    script = "\n".join([
        PRELUDE,
        setup,
        "try:",
        "    " + statement,
        "except BaseException as e:",
        "    print('RAISED', ' '.join(c.__name__ for c in type(e).__mro__))",
        "    print('MESSAGE', str(e).replace(chr(10), ' '))",
        "    sys.exit(0)",
        "print('RAISED nothing')",
    ])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(os.path.abspath(ns.__file__))] + env.get("PYTHONPATH", "").split(os.pathsep))
    result = subprocess.run(["/usr/bin/python3", "-c", script], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, (
        f"the interpreter died (exit {result.returncode}) on: {statement}\n{result.stderr[-2000:]}")
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines()
                 if line.startswith(("RAISED ", "MESSAGE ")))
    assert error.__name__ in lines.get("RAISED", "").split(), (
        f"{statement} raised {lines.get('RAISED')}: {lines.get('MESSAGE')}\n{result.stderr[-2000:]}")
    assert re.search(message, lines.get("MESSAGE", "")), (
        f"{statement}: message {lines.get('MESSAGE')!r} does not match {message!r}")


def test_python_example_runs_over_ipv6(tmp_path):
    result = subprocess.run(
        [sys.executable, os.path.join(SOURCE_DIR, "examples", "ipsec-transport.py"), "--ipv6",
         "--encr=aes-gcm-16", "--auth=none", "--packets=10", "--sa-file=" + str(tmp_path / "sa")],
        env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^IPv6: 2001:db8:1:\S+ -> 2001:db8:1:\S+$", result.stdout, re.M), result.stdout
    assert "sent 10 UDP packets of 1000 B, received 10" in result.stdout
    assert "IPsec overhead per packet: 36 B (esp aes-gcm-16 none, 0 fragments added)" in result.stdout
    assert "2001:db8:1:" in (tmp_path / "sa.setkey").read_text()
