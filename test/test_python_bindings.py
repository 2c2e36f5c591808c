# SPDX-License-Identifier: GPL-2.0-only
"""The ns3ipsec Python bindings, end to end: real topologies, real traffic, real counters."""
import os
import subprocess
import sys

import pytest

import ns3ipsec as ns

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(autouse=True)
def fresh_simulator():
    ns.RngSeedManager.SetSeed(3)
    yield
    ns.Simulator.Destroy()


def two_hosts():
    nodes = ns.NodeContainer(2)
    devices = ns.PointToPointHelper(DataRate="100Mbps", Delay="1ms").Install(nodes)
    ns.InternetStackHelper().Install(nodes)
    ifs = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices)
    helper = ns.IpsecHelper()
    helper.Install(nodes)
    helper.AssignStreams(nodes, 5)
    return nodes, helper, ifs.GetAddress(0), ifs.GetAddress(1)


def only(node):
    return ns.NodeContainer([node])


def udp(nodes, server_address, packets=50, size=600):
    server = ns.UdpServerHelper(9).Install(only(nodes.Get(1)))
    client = ns.UdpClientHelper(server_address, 9, MaxPackets=packets, Interval="1ms",
                                PacketSize=size)
    client.Install(only(nodes.Get(0))).Start(1.0)
    ns.Simulator.Stop(3.0 + packets * 0.001)
    ns.Simulator.Run()
    return ns.UdpServerReceived(server)


@pytest.mark.parametrize("protocol,encr,auth", [
    ("esp", "aes-gcm-16", "none"),
    ("esp", "aes-cbc", "hmac-sha256-128"),
    ("ah", "null", "hmac-sha1-96"),
    ("esp+ah", "chacha20-poly1305", "hmac-sha256-128"),
])
def test_udp_protected_and_counted(protocol, encr, auth):
    nodes, helper, a, b = two_hosts()
    helper.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, ns.Suite.Parse(protocol, encr, auth))
    assert udp(nodes, b) == 50
    sender = ns.IpsecHelper.Get(nodes.Get(0)).GetStats()
    receiver = ns.IpsecHelper.Get(nodes.Get(1)).GetStats()
    outer = "ah" if "ah" in protocol else "esp"
    assert sender[outer]["packets_out"] == 50
    assert receiver[outer]["packets_in"] == 50
    assert sender[outer]["bytes_out"] > 50 * 600
    assert receiver["total_drops"] == 0


def test_tcp_bulk_byte_exact():
    nodes, helper, a, b = two_hosts()
    helper.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, ns.Suite.Parse("esp", "aes-gcm-16", "none"))
    sink = ns.PacketSinkHelper("tcp", 5000).Install(only(nodes.Get(1)))
    sender = ns.BulkSendHelper(b, 5000, MaxBytes=300000)
    sender.Install(only(nodes.Get(0))).Start(1.0)
    ns.Simulator.Stop(20.0)
    ns.Simulator.Run()
    assert ns.PacketSinkTotalRx(sink) == 300000
    assert ns.IpsecHelper.Get(nodes.Get(1)).GetStats()["esp"]["packets_in"] > 200


def test_ping_through_esp():
    nodes, helper, a, b = two_hosts()
    helper.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, ns.Suite.Parse("esp"))
    ping = ns.IcmpEchoClientHelper(b, Count=5, Interval="100ms").Install(only(nodes.Get(0)))
    ping.Start(1.0)
    ns.Simulator.Stop(3.0)
    ns.Simulator.Run()
    assert ns.PingReplies(ping) == 5
    assert ns.IpsecHelper.Get(nodes.Get(1)).GetStats()["esp"]["packets_out"] == 5  # replies


def test_drop_trace_reports_reasons_to_python():
    nodes, helper, a, b = two_hosts()
    helper.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, ns.Suite.Parse("esp"))
    # Replace the receiver's SA with the same identity but another key: every packet fails.
    sadb = ns.IpsecHelper.Get(nodes.Get(1)).GetSadb()
    inbound = [sa for sa in sadb.Dump() if sa.GetDestination() == b][0]
    forged = ns.SecurityAssociation("esp", inbound.GetSpi(), a, b)
    forged.SetEncryption("aes-cbc", "00" * 16)
    forged.SetAuthentication("hmac-sha256-128", "11" * 32)
    assert sadb.Delete("esp", b, inbound.GetSpi())
    sadb.Add(forged)
    seen = []
    ns.IpsecHelper.Get(nodes.Get(1)).TraceConnect(
        "Drop", lambda size, reason, direction, spi: seen.append((reason, direction, spi)))
    assert udp(nodes, b, packets=10) == 0
    assert len(seen) == 10
    assert {r for r, _, _ in seen} == {"auth-failed"}
    assert {d for _, d, _ in seen} == {"in"}
    assert {s for _, _, s in seen} == {inbound.GetSpi()}
    assert ns.IpsecHelper.Get(nodes.Get(1)).GetStats()["esp"]["drops"] == {"auth-failed": 10}


def test_default_discard_from_config():
    ns.Config.SetDefault("ns3::IpsecL3Protocol::DefaultPolicy", "Discard")
    try:
        nodes, helper, a, b = two_hosts()
        assert udp(nodes, b, packets=5) == 0
        stats = ns.IpsecHelper.Get(nodes.Get(0)).GetStats()
        assert stats["policy"]["drops"].get("no-policy-match") == 5
    finally:
        ns.Config.SetDefault("ns3::IpsecL3Protocol::DefaultPolicy", "Pass")


def test_bypass_policy_and_manual_sas():
    nodes, helper, a, b = two_hosts()
    for node, local, remote in ((nodes.Get(0), a, b), (nodes.Get(1), b, a)):
        ns.IpsecHelper.AddPolicy(
            node, ns.SecurityPolicy.HostPair(local, remote, [ns.ProtectionRequest("esp")]))
    for node in (nodes.Get(0), nodes.Get(1)):
        for spi, src, dst in ((0x1000, a, b), (0x2000, b, a)):
            sa = ns.SecurityAssociation("esp", spi, src, dst)
            sa.SetEncryption("aes-ctr", "ab" * 20)
            sa.SetAuthentication("hmac-sha512-256", "cd" * 64)
            ns.IpsecHelper.AddSa(node, sa)
    assert udp(nodes, b, packets=20) == 20
    assert ns.IpsecHelper.Get(nodes.Get(1)).GetStats()["esp"]["packets_in"] == 20
    export = ns.IpsecKeyExport.WiresharkEspSa(nodes)
    assert "0x00001000" in export and "0x00002000" in export
    assert "add 10.1.1.1 10.1.1.2 esp 0x00001000 -m transport -f nocyclic-seq -E aes-ctr" in ns.IpsecKeyExport.Setkey(nodes)


def test_algorithm_registry():
    names = {a.name: a for a in ns.Algorithms()}
    assert names["aes-gcm-16"].kind == "aead"
    assert names["aes-gcm-16"].icv_bytes == 16
    assert names["hmac-sha256-128"].kind == "integrity"
    assert len(names) >= 20


def test_bad_input_raises_clear_errors():
    with pytest.raises(ValueError, match="unknown encryption algorithm 'rot13'"):
        ns.Suite.Parse("esp", "rot13", "none")
    with pytest.raises(ValueError, match="not an IPv4 address"):
        ns.UdpClientHelper("10.1.1.300", 9)
    with pytest.raises(ValueError, match="cannot set default"):
        ns.Config.SetDefault("ns3::IpsecL3Protocol::DefaultPolicy", "Sometimes")
    nodes, helper, a, b = two_hosts()
    with pytest.raises(ValueError, match="already has IPsec"):
        helper.Install(nodes)
    with pytest.raises(ValueError, match="cannot set attribute"):
        ns.IpsecHelper.Get(nodes.Get(0)).SetAttribute("ReplayWindow", "x")
    bare = ns.NodeContainer(1)
    with pytest.raises(ValueError, match="has no IPsec"):
        ns.IpsecHelper.Get(bare.Get(0))
    sa = ns.SecurityAssociation("esp", 0x4200, a, b)
    sa.SetEncryption("aes-cbc", "00" * 5)  # 40-bit key: refused when added, nothing stored
    sa.SetAuthentication("hmac-sha256-128", "11" * 32)
    with pytest.raises(ValueError, match="key"):
        ns.IpsecHelper.AddSa(nodes.Get(0), sa)
    assert len(ns.IpsecHelper.Get(nodes.Get(0)).GetSadb()) == 0
    with pytest.raises(ValueError, match="no trace source"):
        ns.IpsecHelper.Get(nodes.Get(0)).TraceConnect("Nope", print)


def test_python_example_runs():
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, os.path.join(SOURCE_DIR, "examples", "ipsec-transport.py"),
         "--encr", "aes-gcm-16", "--auth", "none", "--packets", "10"],
        env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "received 10" in result.stdout
    assert "IPsec overhead per packet: 36 B" in result.stdout


@pytest.mark.parametrize("route_based", [False, True])
def test_vpn_between_two_lans(route_based):
    # a1 -- gw1 -- gw2 -- b1: the hosts run no IPsec, the gateways tunnel LAN A <-> LAN B.
    nodes = ns.NodeContainer(4)
    a1, gw1, gw2, b1 = (nodes.Get(i) for i in range(4))
    ns.InternetStackHelper().Install(nodes)
    link = ns.PointToPointHelper(DataRate="100Mbps", Delay="1ms")
    ip = [ns.Ipv4AddressHelper(net, "255.255.255.0").Assign(link.Install(x, y))
          for net, x, y in (("10.1.1.0", a1, gw1), ("172.16.0.0", gw1, gw2), ("10.2.1.0", gw2, b1))]
    ns.Ipv4GlobalRoutingHelper.PopulateRoutingTables()
    gateways = ns.NodeContainer([gw1, gw2])
    helper = ns.IpsecHelper()
    helper.Install(gateways)
    setup = helper.AddRouteBasedTunnel if route_based else helper.ProtectNetworks
    result = setup(gw1, ip[1].GetAddress(0), "10.1.1.0", "255.255.255.0",
                   gw2, ip[1].GetAddress(1), "10.2.1.0", "255.255.255.0",
                   ns.Suite.Parse("esp", "aes-gcm-16", "none"))
    if route_based:
        assert result == (3, 3)  # loopback, two links, then the tunnel interface
    server = ns.UdpServerHelper(9).Install(only(b1))
    ns.UdpClientHelper(ip[2].GetAddress(1), 9, MaxPackets=30, Interval="1ms",
                       PacketSize=500).Install(only(a1)).Start(1.0)
    ns.Simulator.Stop(3.0)
    ns.Simulator.Run()
    assert ns.UdpServerReceived(server) == 30
    assert ns.IpsecHelper.Get(gw1).GetStats()["esp"]["packets_out"] == 30
    assert ns.IpsecHelper.Get(gw2).GetStats()["esp"]["packets_in"] == 30
    assert "-m tunnel" in ns.IpsecKeyExport.Setkey(gateways)


def test_configuration_files_from_python():
    nodes, helper, a, b = two_hosts()
    key = "000102030405060708090a0b0c0d0e0f"
    mac = key * 2
    for i, (src, dst) in enumerate(((a, b), (b, a))):
        node = nodes.Get(i)
        result = ns.IpsecConfig.Load(
            node, "setkey",
            f"add {a} {b} esp 0x1000 -m transport -E aes-cbc 0x{key} -A hmac-sha2-256 0x{mac};\n"
            f"add {b} {a} esp 0x2000 -m transport -E aes-cbc 0x{key} -A hmac-sha2-256 0x{mac};\n"
            f"spdadd {src} {dst} any -P out ipsec esp/transport//require;\n"
            f"spdadd {dst} {src} any -P in ipsec esp/transport//require;\n", "keys.conf")
        assert result["ok"], result["error"]
        assert result["operations"] == 4
    assert udp(nodes, b, packets=20) == 20
    assert ns.IpsecHelper.Get(nodes.Get(1)).GetStats()["esp"]["packets_in"] == 20
    assert "encr_alg aes-cbc" in ns.IpsecConfig.Write(nodes.Get(0), "ipseckey")
    bad = ns.IpsecConfig.Load(nodes.Get(0), "ipsecconf", "{lport 22}\n  bypas {}\n", "p.conf")
    assert not bad["ok"]
    assert bad["error"].startswith('p.conf:2:3: Bad action "bypas"')
    with pytest.raises(ValueError):
        ns.IpsecConfig.Write(nodes.Get(0), "racoon")


def test_key_management_errors_are_values():
    nodes, helper, a, b = two_hosts()
    keys = ns.IpsecHelper.Get(nodes.Get(1)).GetKeyManagement()
    spi = keys.GetSpi("esp", a, b, min=0x4000, max=0x4000)
    assert spi.ok and spi.spi == 0x4000 and spi.sa.GetState() == "larval"
    taken = keys.GetSpi("esp", a, b, min=0x4000, max=0x4000)
    assert not taken and taken.error == "EEXIST" and taken.errno == 17
    missing = keys.Delete("esp", b, 0x1234)
    assert missing.error == "ESRCH" and "no such SA" in missing.message
    sa = ns.SecurityAssociation("esp", 0x4000, a, b)
    sa.SetEncryption("aes-gcm-16", "ab" * 20)
    sa.SetHardLifetime(addtime=5)
    assert keys.Update(sa).ok
    assert keys.Get("esp", b, 0x4000).sa.GetState() == "mature"
    with pytest.raises(ValueError, match="unknown lifetime"):
        sa.SetSoftLifetime(minutes=3)


def test_rekeys_by_the_teaching_key_manager():
    nodes, helper, a, b = two_hosts()
    managers = ns.IpsecTeachingKeyManagerHelper(SoftLifetime="2s", HardLifetime="3s").Install(nodes)
    ns.IpsecTeachingKeyManagerHelper.AssignStreams(managers, 40)
    managers.Start(0.0)
    expires = []
    for i, (local, remote) in enumerate(((a, b), (b, a))):
        node = nodes.Get(i)
        ns.IpsecHelper.Get(node).SetAttribute("AcquireHoldLimit", "50")
        ns.IpsecHelper.Get(node).GetSadb().TraceConnect("SaExpired", expires.append)
        ns.IpsecHelper.AddPolicy(
            node, ns.SecurityPolicy.HostPair(local, remote, [ns.ProtectionRequest("esp")]))
    acquires = []
    ns.IpsecHelper.Get(nodes.Get(0)).GetKeyManagement().Register("esp", acquire=acquires.append)
    server = ns.UdpServerHelper(9).Install(only(nodes.Get(1)))
    ns.UdpClientHelper(b, 9, MaxPackets=800, Interval="10ms", PacketSize=300).Install(
        only(nodes.Get(0))).Start(1.0)
    ns.Simulator.Stop(11.0)
    ns.Simulator.Run()
    assert ns.UdpServerReceived(server) == 800
    assert len(acquires) == 1 and acquires[0]["destination"] == b
    assert not acquires[0]["per_flow"] and acquires[0]["flow"][0] == 17  # a shared SA for UDP
    exchanges = sum(ns.TeachingKeyManagerCounts(managers, i)["initiated"] for i in (0, 1))
    assert exchanges == 5  # ACQUIRE at 1 s, rekeys at about 3, 5, 7 and 9 s
    assert any(e["hard"] and e["limit"] == "addtime" for e in expires)
    assert ns.IpsecHelper.Get(nodes.Get(0)).GetStats()["total_drops"] == 0
    assert ns.IpsecHelper.Get(nodes.Get(0)).GetStats()["policy"]["released"] == 1


def test_per_socket_policy():
    nodes, helper, a, b = two_hosts()
    helper.KeyPair(nodes.Get(0), a, nodes.Get(1), b, ns.Suite())
    R, P = ns.SocketRequest, ns.SocketPolicy
    # A server socket that requires ESP, answering whoever reaches it.
    server = ns.Socket.udp(nodes.Get(1))
    server.Bind(9)
    server.SetEcho()
    assert P.Attach(server).SetRequest(R(esp=R.PREF_REQUIRED)).ok
    # A plain client: cleartext, refused. A client asking for ESP through its levels: answered.
    plain = ns.Socket.udp(nodes.Get(0))
    plain.Bind()
    plain.ConnectAt(0.5, b, 9)
    asking = ns.Socket.udp(nodes.Get(0))
    asking.Bind()
    asking.ConnectAt(0.5, b, 9)
    policy = P.Attach(asking)
    assert policy.SetLevel(P.ESP_TRANS_LEVEL, P.LEVEL_REQUIRE).ok
    assert policy.GetLevel(P.ESP_TRANS_LEVEL) == P.LEVEL_REQUIRE
    assert policy.GetRequest() == R(esp=R.PREF_REQUIRED)
    denied = policy.SetLevel(P.AUTH_LEVEL, P.LEVEL_BYPASS)
    assert (denied.ok, denied.error) == (False, "EACCES")
    bad = policy.SetRequest(R(ah=R.PREF_NEVER | R.PREF_REQUIRED))
    assert (bad.ok, bad.error) == (False, "EINVAL")
    for i in range(10):
        plain.SendAt(1.0 + 0.01 * i, 100)
        asking.SendAt(1.0 + 0.01 * i, 100)
    ns.Simulator.Stop(3.0)
    ns.Simulator.Run()
    assert server.received_packets == 10
    assert asking.received_packets == 10
    assert plain.received_packets == 0
    stats = ns.IpsecHelper.Get(nodes.Get(1)).GetStats()
    assert stats["policy"]["drops"]["policy-violation"] == 10
    assert stats["esp"]["packets_in"] == 10 and stats["esp"]["packets_out"] == 10


def test_tcp_connections_latch_their_policy():
    nodes, helper, a, b = two_hosts()
    sink = ns.Socket.tcp(nodes.Get(1))
    sink.Bind(9)
    sink.Listen()
    client = ns.Socket.tcp(nodes.Get(0))
    client.ConnectAt(0.5, b, 9)
    for i in range(20):
        client.SendAt(1.0 + 0.1 * i, 500)
    # Policy requiring ESP arrives after the connection opened: it keeps running in the clear.
    ns.Simulator.Schedule(1.5, lambda: helper.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, ns.Suite()))
    ns.Simulator.Stop(5.0)
    ns.Simulator.Run()
    assert sink.received_bytes == 10000  # the latched connection ran on in the clear
    stats = ns.IpsecHelper.Get(nodes.Get(0)).GetStats()
    assert stats["policy"]["latched"] == 1
    assert stats["esp"]["packets_out"] == 0
    assert ns.IpsecHelper.Get(nodes.Get(1)).GetStats()["policy"]["latched"] == 1
