# SPDX-License-Identifier: GPL-2.0-only
"""The ns3ipsec Python bindings, end to end: real topologies, real traffic, real counters."""
import os
import re
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


def test_esp_in_udp_manual_sas():
    """NAT traversal's datapath (RFC 3948) from Python: UDP-encapsulated SAs, counters, errors."""
    nodes, helper, a, b = two_hosts()
    for node, local, remote in ((nodes.Get(0), a, b), (nodes.Get(1), b, a)):
        ns.IpsecHelper.AddPolicy(
            node, ns.SecurityPolicy.HostPair(local, remote, [ns.ProtectionRequest("esp")]))
    for node in (nodes.Get(0), nodes.Get(1)):
        for spi, src, dst in ((0x1000, a, b), (0x2000, b, a)):
            sa = ns.SecurityAssociation("esp", spi, src, dst)
            sa.SetEncryption("aes-gcm-16", "ab" * 20)
            sa.SetUdpEncapsulation(nat_remote=src)
            assert sa.GetUdpEncapsulation() == {"source_port": 4500, "destination_port": 4500,
                                                "nat_local": None,
                                                "nat_remote": ns.Ipv4Address(str(src))}
            ns.IpsecHelper.AddSa(node, sa)
    assert udp(nodes, b, packets=20) == 20
    sender = ns.IpsecHelper.Get(nodes.Get(0)).GetStats()
    receiver = ns.IpsecHelper.Get(nodes.Get(1)).GetStats()
    assert sender["natt"]["encapsulated_out"] == 20
    assert receiver["natt"]["encapsulated_in"] == 20
    assert receiver["esp"]["packets_in"] == 20
    assert '"IPv4","*","*","0x00001000"' in ns.IpsecKeyExport.WiresharkEspSa(nodes)
    assert "add 10.1.1.1[4500] 10.1.1.2[4500] esp-udp 0x00001000" in ns.IpsecKeyExport.Setkey(nodes)
    ah = ns.SecurityAssociation("ah", 0x3000, a, b)
    ah.SetAuthentication("hmac-sha256-128", "cd" * 32)
    ah.SetUdpEncapsulation()
    with pytest.raises(ValueError, match="UDP encapsulation applies to ESP only"):
        ns.IpsecHelper.AddSa(nodes.Get(0), ah)
    with pytest.raises(TypeError):
        ns.SecurityAssociation("esp", 0x3001, a, b).SetUdpEncapsulation(source_port=70000)


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
    with pytest.raises(ValueError, match="invalid value 'Sometimes' for attribute DefaultPolicy"):
        ns.Config.SetDefault("ns3::IpsecL3Protocol::DefaultPolicy", "Sometimes")
    nodes, helper, a, b = two_hosts()
    with pytest.raises(ValueError, match="already has IPsec"):
        helper.Install(nodes)
    with pytest.raises(ValueError, match="has no attribute 'ReplayWindow'"):
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


# --------------------------------------------------------------------------------------------
# Bad input from Python must be a Python exception, never a dead interpreter (NS_FATAL_ERROR,
# NS_ABORT, an assertion compiled out into a null dereference, std::terminate). Each case runs
# in a subprocess of its own, so that a crash shows as a failing case rather than taking pytest
# down: (id, setup, statement, exception type, regex its message must match).

BAD_INPUT_PRELUDE = """
import sys
import ns3ipsec as ns

def two_hosts(ipsec=True):
    nodes = ns.NodeContainer(2)
    devices = ns.PointToPointHelper(DataRate="100Mbps", Delay="1ms").Install(nodes)
    ns.InternetStackHelper().Install(nodes)
    ifs = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices)
    helper = ns.IpsecHelper()
    if ipsec:
        helper.Install(nodes)
    return nodes, helper, ifs.GetAddress(0), ifs.GetAddress(1)

def only(node):
    return ns.NodeContainer([node])

def udp_traffic(nodes, server_address, packets=5):
    ns.UdpServerHelper(9).Install(only(nodes.Get(1)))
    ns.UdpClientHelper(server_address, 9, MaxPackets=packets, Interval="1ms").Install(
        only(nodes.Get(0))).Start(1.0)
    ns.Simulator.Stop(2.0)
"""

DEVICES = "devices = ns.PointToPointHelper().Install(ns.NodeContainer(2))"
BARE = "bare = ns.NodeContainer(2)"
HOSTS = "nodes, helper, a, b = two_hosts()"
PLAIN_HOSTS = "nodes, helper, a, b = two_hosts(ipsec=False)"

BAD_INPUTS = [
    # --- attributes: helper keyword arguments (the reported crashes first)
    ("udp-client-unknown-attribute", "", "ns.UdpClientHelper('10.1.1.2', 9, MaxPacket=3)",
     ValueError, r"ns3::UdpClient has no attribute 'MaxPacket'; did you mean 'MaxPackets'\?.*"
                 r"attributes: .*Interval"),
    ("bulk-send-unknown-attribute", "", "ns.BulkSendHelper('10.1.1.2', 9, MaxByte=3)",
     ValueError, r"no attribute 'MaxByte'; did you mean 'MaxBytes'"),
    ("p2p-bad-data-rate", "", "ns.PointToPointHelper(DataRate='fast')",
     ValueError, r"invalid value 'fast' for attribute DataRate of ns3::PointToPointNetDevice: "
                 r"expected a data rate"),
    ("udp-client-time-with-space", "", "ns.UdpClientHelper('10.1.1.2', 9, Interval='10 ms')",
     ValueError, r"invalid value '10 ms' for attribute Interval of ns3::UdpClient: "
                 r"expected a non-negative time"),
    ("time-unknown-unit", "", "ns.UdpClientHelper('10.1.1.2', 9, Interval='10parsecs')",
     ValueError, r"'10parsecs' for attribute Interval"),
    ("time-negative", "", "ns.UdpClientHelper('10.1.1.2', 9, Interval=-1)",
     ValueError, r"'-1' for attribute Interval"),
    ("time-beyond-clock", "", "ns.UdpClientHelper('10.1.1.2', 9, Interval='1e12s')",
     ValueError, r"'1e12s' for attribute Interval"),
    ("uint-trailing-text", "", "ns.UdpClientHelper('10.1.1.2', 9, MaxPackets='3.5')",
     ValueError, r"'3.5' for attribute MaxPackets of ns3::UdpClient: expected a number "
                 r"\(uint32_t\) in the range 0:4294967295"),
    ("uint-negative", "", "ns.UdpClientHelper('10.1.1.2', 9, MaxPackets=-1)",
     ValueError, r"'-1' for attribute MaxPackets"),
    ("uint-overflow", "", "ns.UdpClientHelper('10.1.1.2', 9, MaxPackets=2**40)",
     ValueError, r"'1099511627776' for attribute MaxPackets.*0:4294967295"),
    ("uint-below-checker-minimum", "", "ns.UdpClientHelper('10.1.1.2', 9, PacketSize=5)",
     ValueError, r"'5' for attribute PacketSize.*12:65507"),
    ("address-attribute", "", "ns.UdpClientHelper('10.1.1.2', 9, RemoteAddress='nowhere')",
     ValueError, r"'nowhere' for attribute RemoteAddress.*IPv4 address"),
    ("attribute-value-none", "", "ns.UdpClientHelper('10.1.1.2', 9, MaxPackets=None)",
     TypeError, r"attribute MaxPackets of ns3::UdpClient needs a value, not None"),
    ("attribute-value-list", "", "ns.UdpClientHelper('10.1.1.2', 9, MaxPackets=[3])",
     TypeError, r"MaxPackets.*not list"),
    ("helper-set-attribute", "h = ns.UdpClientHelper('10.1.1.2', 9)", "h.SetAttribute('Nope', 1)",
     ValueError, r"ns3::UdpClient has no attribute 'Nope'"),
    ("bulk-send-set-attribute", "h = ns.BulkSendHelper('10.1.1.2', 9)",
     "h.SetAttribute('MaxBytes', 'lots')", ValueError, r"'lots' for attribute MaxBytes"),
    ("p2p-device-attribute", "h = ns.PointToPointHelper()", "h.SetDeviceAttribute('Mtu', 'big')",
     ValueError, r"'big' for attribute Mtu of ns3::PointToPointNetDevice"),
    ("p2p-channel-attribute", "h = ns.PointToPointHelper()",
     "h.SetChannelAttribute('Delay', '1 ms')", ValueError, r"'1 ms' for attribute Delay"),
    ("p2p-unknown-keyword", "", "ns.PointToPointHelper(Dalay='1ms')",
     ValueError, r"PointToPointHelper: neither .* has attribute 'Dalay'; did you mean 'Delay'"),
    ("csma-bad-data-rate", "", "ns.CsmaHelper(DataRate='fast')",
     ValueError, r"'fast' for attribute DataRate of ns3::CsmaChannel"),
    ("ping-bad-count", "", "ns.IcmpEchoClientHelper('10.1.1.2', Count='many')",
     ValueError, r"'many' for attribute Count"),
    ("teaching-bad-lifetime", "", "ns.IpsecTeachingKeyManagerHelper(SoftLifetime='2 s')",
     ValueError, r"'2 s' for attribute SoftLifetime"),
    ("teaching-replay-window", "", "ns.IpsecTeachingKeyManagerHelper(ReplayWindow=5000)",
     ValueError, r"'5000' for attribute ReplayWindow.*0:4096"),
    ("teaching-unknown", "", "ns.IpsecTeachingKeyManagerHelper(Prot=5)",
     ValueError, r"no attribute 'Prot'; did you mean 'Port'"),
    ("ipsec-helper-enum", "", "ns.IpsecHelper().SetAttribute('DefaultPolicy', 'Sometimes')",
     ValueError, r"'Sometimes' for attribute DefaultPolicy of ns3::IpsecL3Protocol: "
                 r"expected one of Pass, Discard"),
    ("ipsec-helper-unknown", "", "ns.IpsecHelper().SetAttribute('DefaultPolicyy', 'Pass')",
     ValueError, r"no attribute 'DefaultPolicyy'; did you mean 'DefaultPolicy'"),
    ("ipsec-helper-time", "", "ns.IpsecHelper().SetAttribute('AcquireInterval', '1 s')",
     ValueError, r"'1 s' for attribute AcquireInterval"),
    # --- attributes: Config
    ("set-default-time", "", "ns.Config.SetDefault('ns3::UdpClient::Interval', '10 ms')",
     ValueError, r"'10 ms' for attribute Interval"),
    ("set-default-unknown-type", "", "ns.Config.SetDefault('ns3::Nope::Interval', '1s')",
     ValueError, r"there is no type ns3::Nope"),
    ("set-default-unknown-attribute", "", "ns.Config.SetDefault('ns3::UdpClient::Intervall', 1)",
     ValueError, r"no attribute 'Intervall'; did you mean 'Interval'"),
    ("set-default-no-type", "", "ns.Config.SetDefault('Interval', '1s')",
     ValueError, r"ns3::Type::Attribute"),
    ("set-default-parent-attribute", "", "ns.Config.SetDefault('ns3::UdpClient::StartTime', 1)",
     ValueError, r"StartTime is declared by ns3::Application; use 'ns3::Application::StartTime'"),
    ("set-default-enum", "",
     "ns.Config.SetDefault('ns3::IpsecL3Protocol::DefaultPolicy', 'Sometimes')",
     ValueError, r"expected one of Pass, Discard"),
    ("config-set-bad-value", HOSTS,
     "ns.Config.Set('/NodeList/0/DeviceList/0/$ns3::PointToPointNetDevice/DataRate', 'fast')",
     ValueError, r"'fast' for attribute DataRate"),
    ("config-set-unknown-type", HOSTS, "ns.Config.Set('/NodeList/*/$ns3::Nope/X', '1')",
     ValueError, r"there is no type ns3::Nope"),
    ("config-set-unknown-attribute", HOSTS, "ns.Config.Set('/NodeList/0/Nope', '1')",
     ValueError, r"ns3::Node has no attribute 'Nope'"),
    ("config-set-relative-path", HOSTS, "ns.Config.Set('NodeList/0/Id', '1')",
     ValueError, r"needs a path"),
    ("config-set-no-match", HOSTS, "ns.Config.Set('/NodeList/99/DeviceList/0/Mtu', 1000)",
     ValueError, r"no object matches '/NodeList/99/DeviceList/0'"),
    ("config-set-queue-size", HOSTS,
     "ns.Config.Set('/NodeList/0/DeviceList/0/TxQueue/MaxSize', '100 packets')",
     ValueError, r"'100 packets' for attribute MaxSize.*queue size"),
    ("config-set-read-only", HOSTS, "ns.Config.Set('/NodeList/0/Id', 3)",
     ValueError, r"attribute Id of ns3::Node cannot be set on an existing object"),
    # --- attributes: Object.SetAttribute / GetAttribute
    ("object-set-data-rate", DEVICES, "devices.Get(0).SetAttribute('DataRate', '5 Mbps')",
     ValueError, r"'5 Mbps' for attribute DataRate"),
    ("object-set-pointer-unknown-type", DEVICES,
     "devices.Get(0).SetAttribute('ReceiveErrorModel', 'ns3::Nope')",
     ValueError, r"ReceiveErrorModel.*there is no type ns3::Nope"),
    ("object-set-pointer-bad-inner-value", DEVICES,
     "devices.Get(0).SetAttribute('ReceiveErrorModel', 'ns3::RateErrorModel[ErrorRate=lots]')",
     ValueError, r"'lots' for attribute ErrorRate of ns3::RateErrorModel"),
    ("object-set-pointer-wrong-type", DEVICES,
     "devices.Get(0).SetAttribute('ReceiveErrorModel', 'ns3::UdpClient')",
     ValueError, r"ns3::UdpClient is not one"),
    ("object-get-unknown", DEVICES, "devices.Get(0).GetAttribute('Nope')",
     ValueError, r"ns3::PointToPointNetDevice has no attribute 'Nope'"),
    ("sadb-set-attribute", HOSTS,
     "ns.IpsecHelper.Get(nodes.Get(0)).GetSadb().SetAttribute('LarvalLifetime', '30 s')",
     ValueError, r"'30 s' for attribute LarvalLifetime"),
    ("ipsec-set-attribute", HOSTS,
     "ns.IpsecHelper.Get(nodes.Get(0)).SetAttribute('AcquireHoldLimit', '5 packets')",
     ValueError, r"'5 packets' for attribute AcquireHoldLimit"),
    # --- simulator and times
    ("stop-bad-text", "", "ns.Simulator.Stop('2 parsecs')", ValueError, r"'2 parsecs' is not a time"),
    ("stop-negative", "", "ns.Simulator.Stop(-1)", ValueError, r"Stop delay cannot be negative"),
    ("stop-none", "", "ns.Simulator.Stop(None)", TypeError, r"Stop delay must be seconds.*NoneType"),
    ("stop-nan", "", "ns.Simulator.Stop(float('nan'))", ValueError, r"cannot represent|represent"),
    ("stop-huge", "", "ns.Simulator.Stop(10**30)", ValueError, r"represent"),
    ("schedule-negative", "", "ns.Simulator.Schedule(-1, print)", ValueError, r"negative"),
    ("schedule-text", "", "ns.Simulator.Schedule('soon', print)", ValueError, r"'soon' is not a time"),
    ("schedule-not-callable", "", "ns.Simulator.Schedule(1, 5)", TypeError, r"Schedule"),
    ("seconds-nan", "", "ns.Seconds(float('nan'))", ValueError, r"Seconds\(nan\)"),
    ("milliseconds-huge", "", "ns.MilliSeconds(1e30)", ValueError, r"MilliSeconds\(1e\+30\)"),
    ("callback-raises", "ns.Simulator.Schedule(1, lambda: 1 / 0)", "ns.Simulator.Run()",
     ZeroDivisionError, r"division by zero"),
    ("callback-destroys", "ns.Simulator.Schedule(1, ns.Simulator.Destroy)", "ns.Simulator.Run()",
     RuntimeError, r"Simulator.Destroy\(\) cannot be called from a callback"),
    ("callback-runs", "ns.Simulator.Schedule(1, ns.Simulator.Run)", "ns.Simulator.Run()",
     RuntimeError, r"Simulator.Run\(\) cannot be called from a callback"),
    ("trace-callback-raises",
     HOSTS + "\nhelper.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, ns.Suite())"
             "\nns.IpsecHelper.Get(nodes.Get(0)).TraceConnect('OutboundProtected', "
             "lambda size, spi: {}[size])\nudp_traffic(nodes, b)",
     "ns.Simulator.Run()", KeyError, r"\d+"),
    ("callback-wrong-arity", "ns.Simulator.Schedule(1, lambda x: None)", "ns.Simulator.Run()",
     TypeError, r"argument"),
    ("trace-callback-wrong-arity",
     HOSTS + "\nns.IpsecHelper.Get(nodes.Get(0)).TraceConnect('PolicyLog', lambda: None)"
             "\nns.IpsecHelper.Get(nodes.Get(0)).SetAttribute('DefaultPolicy', 'Discard')"
             "\nudp_traffic(nodes, b)",
     "ns.Simulator.Run()", TypeError, r"argument"),
    ("acquire-callback-raises",
     HOSTS + "\nns.IpsecHelper.AddPolicy(nodes.Get(0), "
             "ns.SecurityPolicy.HostPair(a, b, [ns.ProtectionRequest('esp')]))"
             "\nns.IpsecHelper.Get(nodes.Get(0)).GetKeyManagement().Register("
             "'esp', acquire=lambda q: q['nope'])\nudp_traffic(nodes, b)",
     "ns.Simulator.Run()", KeyError, r"nope"),
    ("seed-zero", "", "ns.RngSeedManager.SetSeed(0)", ValueError, r"at least 1"),
    # --- topology
    ("node-index", BARE, "bare.Get(5)", IndexError, r"node index 5 out of range \(it holds 2\)"),
    ("node-getitem", BARE, "bare[-3]", IndexError, r"node index -3 out of range"),
    ("node-container-none", "", "ns.NodeContainer([None])", TypeError, r"not NoneType"),
    ("node-container-int", "", "ns.NodeContainer([1])", TypeError, r"not int"),
    ("node-container-negative", "", "ns.NodeContainer(-1)", TypeError, r"NodeContainer"),
    ("node-container-add-none", BARE, "bare.Add(None)", TypeError, r"not NoneType"),
    ("device-index", DEVICES, "devices.Get(9)", IndexError, r"device index 9 out of range"),
    ("application-index", HOSTS + "\napps = ns.UdpServerHelper(9).Install(nodes)", "apps.Get(9)",
     IndexError, r"application index 9 out of range"),
    ("application-start-negative", HOSTS + "\napps = ns.UdpServerHelper(9).Install(nodes)",
     "apps.Start(-1)", ValueError, r"Start time cannot be negative"),
    ("application-start-text", HOSTS + "\napps = ns.UdpServerHelper(9).Install(nodes)",
     "apps.Start('soon')", ValueError, r"'soon' is not a time"),
    ("p2p-three-nodes", "", "ns.PointToPointHelper().Install(ns.NodeContainer(3))",
     ValueError, r"exactly 2 nodes, the container holds 3"),
    ("p2p-none-node", BARE, "ns.PointToPointHelper().Install(bare.Get(0), None)",
     TypeError, r"the second node must be a Node, not None"),
    ("internet-twice", BARE + "\nns.InternetStackHelper().Install(bare)",
     "ns.InternetStackHelper().Install(bare)", ValueError, r"node 0 already has an internet stack"),
    ("internet-same-node-twice", BARE,
     "ns.InternetStackHelper().Install(ns.NodeContainer([bare, bare]))",
     ValueError, r"already has an internet stack"),
    ("assign-without-stack", DEVICES,
     "ns.Ipv4AddressHelper('10.1.1.0', '255.255.255.0').Assign(devices)",
     ValueError, r"node 0 has no internet stack"),
    ("address-host-bits", "", "ns.Ipv4AddressHelper('10.1.1.5', '255.255.255.0')",
     ValueError, r"10.1.1.5 has host bits set"),
    ("address-bad-mask", "", "ns.Ipv4AddressHelper('10.0.0.0', '255.0.255.0')",
     ValueError, r"not a network mask"),
    ("address-no-room", "", "ns.Ipv4AddressHelper('10.1.1.0', '255.255.255.254')",
     ValueError, r"no room for hosts"),
    ("address-exhausted",
     "nodes = ns.NodeContainer(3)\ndevices = ns.CsmaHelper().Install(nodes)"
     "\nns.InternetStackHelper().Install(nodes)",
     "ns.Ipv4AddressHelper('10.1.1.0', '255.255.255.252').Assign(devices)",
     ValueError, r"10.1.1.0/30 has room for 2 more addresses, 3 asked for"),
    ("address-collision", HOSTS + "\nmore = ns.PointToPointHelper().Install(nodes)",
     "ns.Ipv4AddressHelper('10.1.1.0', '255.255.255.0').Assign(more)",
     ValueError, r"10.1.1.1 is already assigned"),
    ("address-last-network", "h = ns.Ipv4AddressHelper('255.255.255.0', '255.255.255.0')",
     "h.NewNetwork()", ValueError, r"last such network"),
    ("pcap-missing-folder", DEVICES, "ns.PointToPointHelper().EnablePcapAll('/nonexistent/dir/x')",
     OSError, r"No such file or directory: '/nonexistent/dir/'"),
    ("names-none", "", "ns.Names.Add('a', None)", TypeError, r"must be a Node, not None"),
    ("names-slash", BARE, "ns.Names.Add('a/b', bare.Get(0))", ValueError, r"'a/b' is not a name"),
    ("names-duplicate", BARE + "\nns.Names.Add('a', bare.Get(0))", "ns.Names.Add('a', bare.Get(1))",
     ValueError, r"the name 'a' is already taken"),
    ("names-renamed", BARE + "\nns.Names.Add('a', bare.Get(0))", "ns.Names.Add('b', bare.Get(0))",
     ValueError, r"node 0 is already named 'a'"),
    # --- applications and sockets
    ("server-without-stack", BARE, "ns.UdpServerHelper(9).Install(bare)",
     ValueError, r"UdpServerHelper.Install: node 0 has no internet stack"),
    ("client-without-stack", BARE, "ns.UdpClientHelper('10.1.1.2', 9).Install(bare)",
     ValueError, r"UdpClientHelper.Install: node 0 has no internet stack"),
    ("bulk-send-without-stack", BARE, "ns.BulkSendHelper('10.1.1.2', 9).Install(bare)",
     ValueError, r"has no internet stack"),
    ("sink-without-stack", BARE, "ns.PacketSinkHelper('tcp', 9).Install(bare)",
     ValueError, r"has no internet stack"),
    ("ping-without-stack", BARE, "ns.IcmpEchoClientHelper('10.1.1.2').Install(bare)",
     ValueError, r"has no internet stack"),
    ("udp-server-port-taken", HOSTS + "\nns.UdpServerHelper(9).Install(nodes)",
     "ns.UdpServerHelper(9).Install(nodes)",
     ValueError, r"udp port 9 on node 0 is already taken by a UdpServer"),
    ("tcp-sink-port-taken", HOSTS + "\nns.PacketSinkHelper('tcp', 80).Install(nodes)",
     "ns.PacketSinkHelper('tcp', 80).Install(nodes)",
     ValueError, r"tcp port 80 on node 0 is already taken by a PacketSink"),
    ("socket-port-taken", HOSTS + "\nns.UdpServerHelper(9).Install(nodes)\n"
                                  "s = ns.Socket.udp(nodes.Get(1))", "s.Bind(9)",
     ValueError, r"udp port 9 on node 1 is already taken by a UdpServer"),
    ("socket-without-stack", BARE, "ns.Socket.udp(bare.Get(0))",
     ValueError, r"Socket.udp: node 0 has no internet stack"),
    ("socket-none-node", "", "ns.Socket.tcp(None)", TypeError, r"must be a Node, not None"),
    ("socket-send-negative", HOSTS + "\ns = ns.Socket.udp(nodes.Get(0))", "s.SendAt(-1, 10)",
     ValueError, r"SendAt time cannot be negative"),
    ("teaching-counts-index",
     HOSTS + "\nm = ns.IpsecTeachingKeyManagerHelper().Install(nodes)",
     "ns.TeachingKeyManagerCounts(m, 5)", IndexError, r"index 5 out of range"),
    ("teaching-port-taken",
     HOSTS + "\nns.IpsecTeachingKeyManagerHelper(Port=500).Install(nodes)",
     "ns.UdpServerHelper(500).Install(nodes)",
     ValueError, r"udp port 500 on node 0 is already taken by a teaching key manager"),
    ("teaching-without-ipsec", PLAIN_HOSTS, "ns.IpsecTeachingKeyManagerHelper().Install(nodes)",
     ValueError, r"node 0 has no IPsec"),
    # --- IPsec
    ("ipsec-get-none", "", "ns.IpsecHelper.Get(None)", TypeError, r"must be a Node, not None"),
    ("protect-pair-same-node", HOSTS,
     "helper.ProtectPair(nodes.Get(0), a, nodes.Get(0), b, ns.Suite())",
     ValueError, r"both ends are node 0"),
    ("protect-pair-none", HOSTS, "helper.ProtectPair(None, a, nodes.Get(1), b, ns.Suite())",
     TypeError, r"must be a Node, not None"),
    ("key-pair-same-node", HOSTS, "helper.KeyPair(nodes.Get(1), a, nodes.Get(1), b, ns.Suite())",
     ValueError, r"both ends are node 1"),
    ("protect-networks-bad-mask", HOSTS,
     "helper.ProtectNetworks(nodes.Get(0), a, '10.0.0.0', '255.0.255.0', nodes.Get(1), b, "
     "'10.2.0.0', '255.255.0.0', ns.Suite())", ValueError, r"not a network mask"),
    ("route-tunnel-same-node", HOSTS,
     "helper.AddRouteBasedTunnel(nodes.Get(0), a, '10.0.0.0', '255.0.0.0', nodes.Get(0), b, "
     "'10.2.0.0', '255.255.0.0', ns.Suite())", ValueError, r"both ends are node 0"),
    ("add-policy-none", HOSTS, "ns.IpsecHelper.AddPolicy(nodes.Get(0), None)",
     TypeError, r"the policy must not be None"),
    ("add-sa-none", HOSTS, "ns.IpsecHelper.AddSa(nodes.Get(0), None)",
     TypeError, r"the SA must not be None"),
    ("sadb-add-none", HOSTS, "ns.IpsecHelper.Get(nodes.Get(0)).GetSadb().Add(None)",
     TypeError, r"the SA must not be None"),
    ("spd-add-none", HOSTS, "ns.IpsecHelper.Get(nodes.Get(0)).GetSpd().Add(None)",
     TypeError, r"the policy must not be None"),
    ("keys-add-none", HOSTS, "ns.IpsecHelper.Get(nodes.Get(0)).GetKeyManagement().Add(None)",
     TypeError, r"the SA must not be None"),
    ("keys-update-none", HOSTS,
     "ns.IpsecHelper.Get(nodes.Get(0)).GetKeyManagement().Update(None)",
     TypeError, r"the SA must not be None"),
    ("socket-policy-none", "", "ns.SocketPolicy.Attach(None)",
     TypeError, r"socket must not be None"),
    ("socket-policy-without-ipsec", PLAIN_HOSTS + "\ns = ns.Socket.udp(nodes.Get(0))",
     "ns.SocketPolicy.Attach(s)", ValueError, r"node 0 has no IPsec"),
    ("config-load-without-ipsec", PLAIN_HOSTS,
     "ns.IpsecConfig.Load(nodes.Get(0), 'setkey', 'flush;')", ValueError, r"node 0 has no IPsec"),
    ("key-export-missing-folder", HOSTS, "ns.IpsecKeyExport.Write('/nonexistent/keys', nodes)",
     OSError, r"No such file or directory: '/nonexistent/keys'"),
    ("cleartext-pcap-missing-folder", HOSTS,
     "ns.IpsecHelper.EnableCleartextPcap('/nonexistent/x', nodes)", OSError, r"No such file"),
    ("cleartext-pcap-without-ipsec", PLAIN_HOSTS,
     "ns.IpsecHelper.EnableCleartextPcap('x', nodes)", ValueError, r"node 0 has no IPsec"),
    ("ipsec-install-same-node-twice", PLAIN_HOSTS,
     "helper.Install(ns.NodeContainer([nodes, nodes]))", ValueError, r"already has IPsec"),
    ("policy-protocol-range", "p = ns.SecurityPolicy.HostPair('10.1.1.1', '10.1.1.2', [])",
     "p.protocol = 300", ValueError, r"IP protocol number 0-255"),
    ("suite-unknown-encryption", "s = ns.Suite()", "s.encryption = 'rot13'",
     ValueError, r"unknown encryption algorithm 'rot13'"),
    ("suite-unknown-authentication", "s = ns.Suite()", "s.ah_authentication = 'crc32'",
     ValueError, r"unknown authentication algorithm 'crc32'"),
    ("suite-replay-window", "s = ns.Suite()", "s.replay_window = 5000",
     ValueError, r"at most 4096 packets"),
    ("sa-negative-lifetime", "sa = ns.SecurityAssociation('esp', 0x1000, '10.1.1.1', '10.1.1.2')",
     "sa.SetHardLifetime(bytes=-1)", ValueError, r"lifetime bytes must be a whole number"),
    ("key-file-unreadable-at-run", HOSTS + "\nns.Config.Set("
     "'/NodeList/*/$ns3::IpsecL3Protocol/KeyFile', '/nonexistent/keys')", "ns.Simulator.Run()",
     ValueError, r"IpsecL3Protocol on node 0: /nonexistent/keys:0:0: cannot open the file"),
    ("policy-text-bad-at-run", HOSTS + "\nns.Config.Set("
     "'/NodeList/1/$ns3::IpsecL3Protocol/PolicyText', '{lport 22} bypas {}')", "ns.Simulator.Run()",
     ValueError, r"IpsecL3Protocol on node 1: PolicyText:1:12: Bad action"),
    ("enum-attribute-typo", HOSTS, "ns.Config.Set("
     "'/NodeList/0/$ns3::IpsecL3Protocol/KeyFileFormat', 'setkeyy')", ValueError, r"KeyFileFormat"),
    ("suite-parse-null-without-mac", "", "ns.Suite.Parse('esp', 'null', 'none')",
     ValueError, r"NULL encryption needs an authentication algorithm"),
    ("suite-parse-aead-with-mac", "", "ns.Suite.Parse('esp', 'aes-gcm-16', 'hmac-sha1-96')",
     ValueError, r"combined-mode algorithm"),
    ("protect-pair-swapped", HOSTS,
     "helper.ProtectPair(nodes.Get(1), a, nodes.Get(0), b, ns.Suite())",
     ValueError, r"10.1.1.1 is not an address of node 1 \(it is the other node's: swapped\?\)"),
    ("protect-pair-twice", HOSTS + "\nhelper.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, ns.Suite())",
     "helper.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, ns.Suite())",
     ValueError, r"already has a policy for this pair"),
    # --- after Simulator.Destroy()
    ("destroyed-node-internet", BARE + "\nns.Simulator.Destroy()",
     "ns.InternetStackHelper().Install(bare)", ValueError,
     r"node 0\) belongs to a simulation that Simulator.Destroy\(\) ended"),
    ("destroyed-node-ipsec", HOSTS + "\nns.Simulator.Destroy()", "ns.IpsecHelper.Get(nodes.Get(0))",
     ValueError, r"Simulator.Destroy\(\) ended"),
    ("destroyed-node-link", BARE + "\nns.Simulator.Destroy()",
     "ns.PointToPointHelper().Install(bare)", ValueError, r"Simulator.Destroy\(\) ended"),
    ("destroyed-socket", HOSTS + "\ns = ns.Socket.udp(nodes.Get(0))\nns.Simulator.Destroy()",
     "s.SendAt(1, 10)", ValueError, r"Simulator.Destroy\(\) ended"),
    ("destroyed-node-joined", BARE + "\nns.Simulator.Destroy()", "ns.NodeContainer([bare])",
     ValueError, r"Simulator.Destroy\(\) ended"),
    ("destroyed-key-management", HOSTS + "\nkeys = ns.IpsecHelper.Get(nodes.Get(0)).GetKeyManagement()"
                                         "\nns.Simulator.Destroy()", "keys.GetSpi('esp', a, b)",
     ValueError, r"the key management interface belongs to a simulation that Simulator.Destroy"),
    ("destroyed-sadb", HOSTS + "\nsadb = ns.IpsecHelper.Get(nodes.Get(0)).GetSadb()"
                               "\nns.Simulator.Destroy()", "sadb.Dump()",
     ValueError, r"the SADB belongs to a simulation that Simulator.Destroy"),
    ("destroyed-spd", HOSTS + "\nspd = ns.IpsecHelper.Get(nodes.Get(0)).GetSpd()"
                              "\nns.Simulator.Destroy()", "len(spd)",
     ValueError, r"the SPD belongs"),
    ("destroyed-ipsec-layer", HOSTS + "\nipsec = ns.IpsecHelper.Get(nodes.Get(0))\nns.Simulator.Destroy()", "ipsec.GetStats()",
     ValueError, r"the IPsec layer belongs"),
    ("destroyed-socket-policy", HOSTS + "\np = ns.SocketPolicy.Attach(ns.Socket.udp(nodes.Get(0)))"
                                        "\nns.Simulator.Destroy()", "p.SetLevel(1, 3)",
     ValueError, r"the socket policy belongs"),
    # --- values ns-3 accepts but cannot run with
    ("zero-data-rate", HOSTS,
     "ns.Config.Set('/NodeList/0/DeviceList/0/$ns3::PointToPointNetDevice/DataRate', '0bps')",
     ValueError, r"'0bps' for attribute DataRate.*above 0"),
    ("tiny-mtu", HOSTS, "ns.Config.Set('/NodeList/0/DeviceList/0/Mtu', 0)",
     ValueError, r"'0' for attribute Mtu.*at least 68"),
    ("tiny-mtu-helper", "", "ns.CsmaHelper(Mtu=20)", ValueError, r"'20' for attribute Mtu"),
]


@pytest.mark.parametrize("name,setup,statement,error,message", BAD_INPUTS,
                         ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_raises_instead_of_crashing(name, setup, statement, error, message):
    script = "\n".join([
        BAD_INPUT_PRELUDE,
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


def test_times_accept_seconds_time_objects_and_text():
    nodes, helper, a, b = two_hosts()
    fired = []
    ns.Simulator.Schedule("500ms", lambda: fired.append(ns.Simulator.Now()))
    ns.Simulator.Schedule(ns.MilliSeconds(700), lambda: fired.append(ns.Simulator.Now()))
    ns.Simulator.Stop("2s")
    ns.Simulator.Run()
    assert fired == [0.5, 0.7]
    assert ns.Simulator.Now() == 2.0


def test_attributes_accept_python_values():
    ns.UdpClientHelper("10.1.1.2", 9, MaxPackets=3, Interval=0.5, PacketSize=100)
    ns.UdpClientHelper("10.1.1.2", 9, Interval=ns.MilliSeconds(10))
    nodes, helper, a, b = two_hosts()
    ipsec = ns.IpsecHelper.Get(nodes.Get(0))
    ipsec.SetAttribute("AcquireHoldLimit", 7)
    assert ipsec.GetAttribute("AcquireHoldLimit") == "7"
    ns.Config.Set("/NodeList/*/$ns3::IpsecL3Protocol/AcquireHoldLimit", 9)
    assert ns.IpsecHelper.Get(nodes.Get(1)).GetAttribute("AcquireHoldLimit") == "9"
    ns.Config.Set("/NodeList/1/DeviceList/0/ReceiveErrorModel",
                  "ns3::RateErrorModel[ErrorRate=1|ErrorUnit=ERROR_UNIT_PACKET]")
    ns.Config.Set("/NodeList/0/DeviceList/0/$ns3::PointToPointNetDevice/DataRate", "5Mbps")
    assert udp(nodes, b, packets=5) == 0  # the receiving device's error model drops everything


def test_address_helper_numbers_consecutive_networks():
    nodes = ns.NodeContainer(3)
    ns.InternetStackHelper().Install(nodes)
    link = ns.PointToPointHelper()
    helper = ns.Ipv4AddressHelper("10.9.0.0", "255.255.255.252")
    first = helper.Assign(link.Install(nodes.Get(0), nodes.Get(1)))
    assert helper.NewNetwork() == "10.9.0.4"
    second = helper.Assign(link.Install(nodes.Get(1), nodes.Get(2)))
    assert (first.GetAddress(1), second.GetAddress(0), second.GetAddress(-1)) == (
        "10.9.0.2", "10.9.0.5", "10.9.0.6")
