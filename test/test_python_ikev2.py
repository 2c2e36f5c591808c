# SPDX-License-Identifier: GPL-2.0-only
"""The IKEv2 daemon (Ikev2Helper, Ikev2Daemon, Ikev2KeyExport) from Python: two hosts negotiate
IKE and Child SAs over a point-to-point link and protect UDP with them; statistics, SA views,
traces, key export, configuration, and the bad inputs.

    a 10.1.1.1 --- b 10.1.1.2     (IPsec on both; a initiates, start_action = start)
"""
import pytest

import ns3ipsec as ns

A = "10.1.1.1"
B = "10.1.1.2"
SECRET = "0x000102030405060708090a0b0c0d0e0f"
INITIATOR = "    mode = transport\n    start_action = start\n    esp_proposals = aes128gcm16"
RESPONDER = "    mode = transport\n    esp_proposals = aes128gcm16"


def swanctl(self, peer, self_id, peer_id, child_body, connection_extra="", secret=SECRET):
    """A swanctl.conf for host `self` talking to `peer`, with one child "net" (as the Swanctl()
    of test-ikev2-daemon.cc)."""
    return ("connections {\n host {\n  local_addrs = " + self + "\n  remote_addrs = " + peer
            + "\n" + connection_extra + "\n  local { auth = psk\n id = " + self_id
            + " }\n  remote { auth = psk\n id = " + peer_id + " }\n  children {\n   net {\n"
            + child_body + "\n   }\n  }\n }\n}\nsecrets { ike-1 { id-a = " + self_id
            + "\n id-b = " + peer_id + "\n secret = " + secret + " } }\n")


A_CONF = swanctl(A, B, "a.example", "b.example", INITIATOR)
B_CONF = swanctl(B, A, "b.example", "a.example", RESPONDER)


@pytest.fixture(autouse=True)
def fresh_simulator():
    ns.RngSeedManager.SetSeed(7)
    yield
    ns.Simulator.Destroy()


def two_hosts():
    nodes = ns.NodeContainer(2)
    devices = ns.PointToPointHelper(DataRate="100Mbps", Delay="1ms").Install(nodes)
    ns.InternetStackHelper().Install(nodes)
    ifs = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices)
    assert (ifs.GetAddress(0), ifs.GetAddress(1)) == (A, B)
    helper = ns.IpsecHelper()
    helper.Install(nodes)
    helper.AssignStreams(nodes, 10)
    return nodes


def daemons(nodes, a_conf=A_CONF, b_conf=B_CONF, **attributes):
    """Both daemons, started at 0.1 s, with traces recorded; returns (a, b, events)."""
    helper = ns.Ikev2Helper(**attributes)
    a = helper.Install(nodes.Get(0), a_conf).Get(0)
    b = helper.Install(nodes.Get(1), b_conf, "b.conf").Get(0)
    assert ns.Ikev2Helper.AssignStreams(nodes, 100) == 2
    events = {"message": [], "state": [], "error": []}  # (who, text) for every trace event
    for daemon, who in ((a, "a"), (b, "b")):
        daemon.SetStartTime(0.1)
        for source, kept in events.items():
            daemon.TraceConnectWithoutContext(
                source.capitalize(), lambda text, kept=kept, who=who: kept.append((who, text)))
    return a, b, events


def udp(nodes, packets=50, size=500, stop=None):
    server = ns.UdpServerHelper(9).Install(nodes.Get(1))
    client = ns.UdpClientHelper(B, 9, MaxPackets=packets, Interval="1ms", PacketSize=size)
    client.Install(nodes.Get(0)).Start(1.0)
    ns.Simulator.Stop(stop if stop is not None else 6.0 + packets * 0.001)
    ns.Simulator.Run()
    return ns.UdpServerReceived(server)


def test_transport_mode_negotiates_and_protects():
    nodes = two_hosts()
    a, b, events = daemons(nodes)
    assert isinstance(a, ns.Ikev2Daemon) and isinstance(b, ns.Ikev2Daemon)
    assert ns.Ikev2Helper.Get(nodes.Get(0)) == a
    assert ns.Ikev2Helper.Get(nodes.Get(1)) == b
    assert udp(nodes) == 50
    assert events["error"] == []

    for daemon in (a, b):
        stats = daemon.GetStats()
        assert isinstance(stats, ns.Ikev2Stats) and isinstance(stats, dict)
        assert stats["ike_sas_established"] == 1 == stats.ikeSasEstablished
        assert stats["child_sas_installed"] == 1
        assert stats["ike_sas_failed"] == 0 and stats["child_failures"] == 0
        assert stats["total_drops"] == 0 == stats.TotalDrops()
        assert set(stats["drops"]) >= {"MALFORMED", "INTEGRITY_FAILED", "NO_CONFIG"}
        assert all(count == 0 for count in stats["drops"].values())
        assert stats.Drops("integrity_failed") == 0
        assert set(stats["exchanges"]) == {"IKE_SA_INIT", "IKE_AUTH", "CREATE_CHILD_SA",
                                           "INFORMATIONAL"}
        assert stats["notifies_sent"] == {} and stats["notifies_received"] == {}
        assert stats.TotalBytesOut() > 0 and stats.TotalBytesIn() > 0
        assert stats.TotalMessagesOut() == 2
    sa = a.GetStats()
    assert sa.Of("IKE_SA_INIT")["requests_out"] == 1
    assert sa.Of("ike_sa_init").requestsOut == 1
    assert sa.Of(35).responsesIn == 1  # IKE_AUTH by number
    assert sa.Of("IKE_AUTH").bytesIn == b.GetStats().Of("IKE_AUTH").bytesOut > 0
    assert b.GetStats().Of("IKE_AUTH")["responses_out"] == 1
    assert b.GetStats().Of("IKE_SA_INIT")["requests_in"] == 1
    # Latencies, in seconds: the initiator measured its setup; the link's delay is 1 ms.
    assert sa["setup"]["count"] == 1 and sa.setup.count == 1
    assert 0.002 <= sa["setup"]["mean"] == sa.setup.Mean() == sa["setup"]["samples"][0] < 0.1
    assert sa["ike_sa_init"]["count"] == 1 and sa["ike_auth"]["count"] == 1
    assert sa["ike_sa_init"]["min"] == sa["ike_sa_init"]["max"] > 0
    assert b.GetStats()["setup"]["count"] == 0

    # The ESP SAs the daemons installed carried the traffic.
    assert ns.IpsecHelper.Get(nodes.Get(1)).GetStats()["esp"]["packets_in"] == 50
    assert ns.IpsecHelper.Get(nodes.Get(0)).GetStats()["esp"]["packets_out"] == 50

    # The messages charon would log, in order, as str.
    messages = [text for who, text in events["message"] if who == "a"]
    assert len(messages) == 4 and all(isinstance(m, str) for m in messages)
    assert [text[:1] for who, text in events["message"] if who == "b"] == ["<", ">", "<", ">"]
    assert messages[0].startswith("> IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]")
    assert any("IKE_AUTH request 1 [ IDi IDr AUTH N(INIT_CONTACT) N(USE_TRANSP) SA TSi TSr ]" in m
               for m in messages)
    assert any(w == "a" and "ESTABLISHED" in text for w, text in events["state"])

    # The IKE SA and its Child SA, as read-only views.
    (ike,) = a.GetIkeSas()
    assert isinstance(ike, ns.Ikev2IkeSa)
    assert (ike.name, ike.state, ike.initiator, ike.id) == ("host", "ESTABLISHED", True, 1)
    assert ike.local == A and ike.remote == B
    assert (ike.local_port, ike.remote_port) == (500, 500)
    assert not ike.encap and not ike.self_behind_nat and not ike.peer_behind_nat
    assert ike.spi_i != 0 and ike.spi_r != 0
    assert ike.suite != "" and 0.1 <= ike.created <= ike.established < 1.0
    (peer_ike,) = b.GetIkeSas()
    assert (peer_ike.spi_i, peer_ike.spi_r) == (ike.spi_i, ike.spi_r)
    assert not peer_ike.initiator and peer_ike.suite == ike.suite
    (child,) = ike.children
    assert isinstance(child, ns.Ikev2ChildSa)
    assert (child.name, child.state, child.mode) == ("net", "INSTALLED", "transport")
    assert child.suite.startswith("aes128gcm16")
    assert child.initiator and child.local_ts and child.remote_ts
    (peer_child,) = peer_ike.children
    assert (child.inbound_spi, child.outbound_spi) == (peer_child.outbound_spi,
                                                       peer_child.inbound_spi)
    assert child.inbound.GetSpi() == child.inbound_spi
    assert child.outbound.GetSpi() == child.outbound_spi
    assert "ESTABLISHED" in ike.ToString() and "net" in child.ToString()
    assert "ESTABLISHED" in repr(ike)
    with pytest.raises(AttributeError):
        ike.state = "DEAD"  # read-only

    dump = a.Dump()
    assert dump.startswith(ike.ToString()) and "ESTABLISHED" in dump
    assert "net" in dump and "bytes_o" in dump
    assert len(a.GetKeyLog()) == 1
    record = a.GetKeyLog()[0]
    assert (record.spi_i, record.spi_r) == (ike.spi_i, ike.spi_r)
    assert record.sk_ei and record.suite == ike.suite
    log = a.GetChildSaLog()
    assert len(log) == 2 and {sa.GetSpi() for sa in log} == {child.inbound_spi, child.outbound_spi}
    assert "1 IKE SAs" in repr(a) and "node 0" in repr(a)

    a.ResetStats()
    assert a.GetStats()["ike_sas_established"] == 0


def test_key_export_writes_both_tables(tmp_path):
    nodes = two_hosts()
    daemons(nodes)
    assert udp(nodes, packets=5) == 5
    prefix = str(tmp_path / "keys")
    ns.Ikev2KeyExport.Write(prefix, nodes)

    def lines(path):
        return [line for line in open(path).read().splitlines() if not line.startswith("#")]

    ike_lines = lines(prefix + ".ikev2")
    assert len(ike_lines) == 1  # one IKE SA, logged by both daemons, written once
    (ike,) = ns.Ikev2Helper.Get(nodes.Get(0)).GetIkeSas()
    assert ike_lines[0].startswith("%016x,%016x," % (ike.spi_i, ike.spi_r))
    # esp_sa: one line per ESP SA (each direction of the Child SA), both ends logged them once.
    esp_lines = lines(prefix + ".esp")
    assert len(esp_lines) == 2
    assert all(line.startswith('"IPv4","') for line in esp_lines)
    assert open(prefix + ".ikev2").read() == ns.Ikev2KeyExport.DecryptionTable(nodes)
    assert open(prefix + ".esp").read() == ns.Ikev2KeyExport.WiresharkEspSa(nodes)
    records = ns.Ikev2KeyExport.CollectIke(nodes)
    assert len(records) == 1
    assert ns.Ikev2KeyExport.DecryptionTable(records) == ns.Ikev2KeyExport.DecryptionTable(nodes)
    assert ns.Ikev2KeyExport.DecryptionTable([]).startswith("#")
    assert len(ns.Ikev2KeyExport.CollectChild(nodes)) == 2
    with pytest.raises(OSError):
        ns.Ikev2KeyExport.Write(str(tmp_path / "no" / "such" / "folder" / "keys"), nodes)
    (tmp_path / "taken.esp").mkdir()  # the second file cannot be written
    with pytest.raises(OSError, match="cannot write .*taken.esp"):
        ns.Ikev2KeyExport.Write(str(tmp_path / "taken"), nodes)


def test_rekey_terminate_and_initiate_from_python():
    nodes = two_hosts()
    a, b, events = daemons(nodes)
    results = {}
    ns.Simulator.Schedule(0.05, lambda: results.setdefault("before_start", a.Initiate("host")))
    ns.Simulator.Schedule(2.0, lambda: results.setdefault("rekey", a.RekeyChild("net")))
    ns.Simulator.Schedule(2.0, lambda: results.setdefault("no_child", a.RekeyChild("nope")))
    ns.Simulator.Schedule(2.5, lambda: results.setdefault("rekey_ike", b.RekeyIke("host")))
    ns.Simulator.Schedule(2.5, lambda: results.setdefault("no_ike", b.RekeyIke("nope")))
    ns.Simulator.Schedule(3.0, lambda: results.setdefault("terminate", a.Terminate("host")))
    ns.Simulator.Schedule(3.5, lambda: results.setdefault("again", a.Terminate("host")))
    ns.Simulator.Schedule(4.0, lambda: results.setdefault("initiate", a.Initiate("host", "net")))
    ns.Simulator.Schedule(4.0, lambda: results.setdefault("unknown", a.Initiate("nope")))
    ns.Simulator.Stop(6.0)
    ns.Simulator.Run()
    assert results == {"before_start": False, "rekey": True, "no_child": False,
                       "rekey_ike": True, "no_ike": False,
                       "terminate": True, "again": False, "initiate": True, "unknown": False}
    stats = a.GetStats()
    assert stats["child_rekeys"] == 1
    assert stats["ike_rekeys"] == 1 and b.GetStats()["ike_rekeys"] == 1
    assert stats["ike_sas_deleted"] == 1
    assert stats["ike_sas_established"] == 2  # the first, then the one initiated at 4 s
    assert stats.Of("CREATE_CHILD_SA")["requests_out"] == 1
    assert stats["setup"]["count"] == 2
    assert b.GetStats()["deletes_received"] >= 1
    assert events["error"] == []
    (ike,) = a.GetIkeSas()
    assert ike.state == "ESTABLISHED" and ike.id == 3  # 1, its rekey 2, then 3 at 4 s


def test_wrong_key_fails_on_both_sides():
    nodes = two_hosts()
    b_conf = swanctl(B, A, "b.example", "a.example", RESPONDER,
                     secret="0xffeeddccbbaa99887766554433221100")
    a, b, events = daemons(nodes, b_conf=b_conf)
    # Nothing was installed, not even policies (start_action = start, no trap): UDP goes clear.
    assert udp(nodes, packets=5) == 5
    assert ns.IpsecHelper.Get(nodes.Get(1)).GetStats()["esp"]["packets_in"] == 0
    assert a.GetStats()["ike_sas_failed"] == 1 and b.GetStats()["ike_sas_failed"] == 1
    assert b.GetStats()["notifies_sent"] == {"AUTHENTICATION_FAILED": 1}
    assert a.GetStats()["notifies_received"] == {"AUTHENTICATION_FAILED": 1}
    assert a.GetStats()["child_failures"] == 1
    assert a.GetIkeSas() == [] and b.GetIkeSas() == []
    assert a.Dump() == ""
    assert events["error"] and all(isinstance(text, str) for _, text in events["error"])


def test_configuration_objects():
    config = ns.Ikev2Config.ReadSwanctl(A_CONF, "a.conf")
    assert config.source == "a.conf"
    (connection,) = config.connections
    assert connection["name"] == "host"
    assert connection["local_addrs"] == [A] and connection["remote_addrs"] == [B]
    assert connection["local_id"] == "a.example" and connection["remote_id"] == "b.example"
    (child,) = connection["children"]
    assert child["name"] == "net" and child["mode"] == "transport"
    assert child["start_action"] == "start" and child["esp_proposals"] == ["aes128gcm16"]
    config.Validate()
    assert "host" in repr(config)
    with pytest.raises(ValueError, match=r"^b\.conf:\d+:\d+: "):
        ns.Ikev2Config.ReadSwanctl("connections {\n host {\n  bogus = 1\n }\n}\n", "b.conf")
    with pytest.raises(ValueError, match="/nonexistent/swanctl.conf: cannot open the file"):
        ns.Ikev2Config.ReadSwanctlFile("/nonexistent/swanctl.conf")

    # A configuration object installs and runs like text; GetConfig gives it back.
    nodes = two_hosts()
    helper = ns.Ikev2Helper()
    a = helper.Install(nodes.Get(0), config).Get(0)
    b = helper.Install(nodes.Get(1), ns.Ikev2Config.ReadSwanctl(B_CONF)).Get(0)
    assert a.GetConfig().connections == config.connections
    assert b.GetConfig().source == "swanctl.conf"
    a.SetConfig(config)  # not started yet: allowed
    assert udp(nodes, packets=5) == 5
    with pytest.raises(ValueError, match="cannot change once the daemon runs"):
        a.SetConfig(config)
    assert a.GetStats()["ike_sas_established"] == 1


def test_install_from_a_file(tmp_path):
    nodes = two_hosts()
    path = tmp_path / "swanctl.conf"
    path.write_text(A_CONF)
    helper = ns.Ikev2Helper()
    with pytest.raises(ValueError, match="missing.conf: cannot read the file"):
        helper.InstallFile(nodes.Get(0), str(tmp_path / "missing.conf"))
    a = helper.InstallFile(nodes.Get(0), str(path)).Get(0)
    helper.Install(nodes.Get(1), B_CONF)
    assert a.GetConfig().source == str(path)
    assert udp(nodes, packets=5) == 5


def test_bad_input_raises():
    nodes = two_hosts()
    node = nodes.Get(0)
    helper = ns.Ikev2Helper()
    # A bad configuration: the error names the source, line and column; nothing is installed.
    bad = A_CONF.replace("esp_proposals = aes128gcm16", "esp_proposals = aes128gcm99")
    with pytest.raises(ValueError, match=r"Ikev2Helper::Install: swanctl\.conf:\d+:\d+: "):
        helper.Install(node, bad)
    with pytest.raises(ValueError, match=r"mine\.conf:3:\d+: "):
        helper.Install(node, "connections {\n host {\n  bogus_key = 1\n }\n}\n", "mine.conf")
    assert ns.Ikev2Helper.Get(node) is None
    # The failures claimed no port: the good configuration installs.
    daemon = helper.Install(node, A_CONF).Get(0)
    assert ns.Ikev2Helper.Get(node) == daemon
    with pytest.raises(ValueError, match="already runs an IKEv2 daemon"):
        helper.Install(node, A_CONF)
    with pytest.raises(ValueError, match="already runs an IKEv2 daemon"):
        ns.Ikev2Helper(IkePort=600, NattPort=4600).Install(node, A_CONF)
    # The daemon holds its ports: a server on them would make ns-3 abort when it starts.
    with pytest.raises(ValueError, match="udp port 4500 on node 0 is already taken by an IKEv2"):
        ns.UdpServerHelper(4500).Install(node)
    ns.UdpServerHelper(500).Install(nodes.Get(1))
    with pytest.raises(ValueError, match="udp port 500 on node 1 is already taken by a UdpServer"):
        helper.Install(nodes.Get(1), B_CONF)
    assert ns.Ikev2Helper.Get(nodes.Get(1)) is None
    with pytest.raises(ValueError, match="IkePort and NattPort are both 4500"):
        ns.Ikev2Helper(IkePort=4500).Install(nodes.Get(1), B_CONF)
    # The default ports as they are at Install (Config.SetDefault after the helper was made).
    late = ns.Ikev2Helper()
    ns.Config.SetDefault("ns3::Ikev2Daemon::IkePort", 4500)
    try:
        with pytest.raises(ValueError, match="IkePort and NattPort are both 4500"):
            late.Install(nodes.Get(1), B_CONF)
    finally:
        ns.Config.SetDefault("ns3::Ikev2Daemon::IkePort", 500)
    ns.Ikev2Helper(IkePort=501, NattPort=4501).Install(nodes.Get(1), B_CONF)  # other ports: fine

    # Nodes without IPsec, or no node.
    plain = ns.NodeContainer(2)
    ns.InternetStackHelper().Install(plain)
    with pytest.raises(ValueError, match="has no IPsec"):
        helper.Install(plain.Get(0), A_CONF)
    with pytest.raises(ValueError, match="has no IPsec"):
        helper.InstallSolaris(plain.Get(0), "", "")
    with pytest.raises(TypeError, match="must be a Node, not None"):
        helper.Install(None, A_CONF)
    with pytest.raises(TypeError):
        helper.Install(plain.Get(1), 42)

    # Attributes: names and values checked against Ikev2Daemon's TypeId.
    with pytest.raises(ValueError, match="has no attribute 'RetransmitTimout'"):
        ns.Ikev2Helper(RetransmitTimout="2s")
    with pytest.raises(ValueError, match="has no attribute 'Bogus'"):
        helper.SetAttribute("Bogus", 1)
    with pytest.raises(ValueError, match="NonceBytes"):
        ns.Ikev2Helper(NonceBytes=8)
    with pytest.raises(ValueError, match="RetransmitBase"):
        helper.SetAttribute("RetransmitBase", 50.0)
    with pytest.raises(ValueError, match="has no attribute 'Bogus'"):
        daemon.SetAttribute("Bogus", 1)
    helper.SetAttribute("RetransmitTimeout", "2s")
    # Install claimed the daemon's ports: they cannot change on it any more.
    with pytest.raises(ValueError, match="IkePort of an installed daemon cannot change"):
        daemon.SetAttribute("IkePort", 4500)
    assert daemon.SetAttributeFailSafe("NattPort", 500) is False
    daemon.SetAttribute("RetransmitTries", 2)  # other attributes can

    # Daemon methods.
    with pytest.raises(ValueError, match="no trace source 'Messages'|Messages"):
        daemon.TraceConnectWithoutContext("Messages", print)
    loose = ns.CreateObject("ns3::Ikev2Daemon")
    assert isinstance(loose, ns.Ikev2Daemon)
    with pytest.raises(ValueError, match="no configuration"):
        loose.LoadConfiguration()
    loose.SetAttribute("ConfigText", "connections {\n x {\n  unknown = 1\n }\n}\n")
    with pytest.raises(ValueError, match=r"ConfigText:\d+:\d+: "):
        loose.LoadConfiguration()
    loose.SetAttribute("ConfigText", A_CONF)
    loose.LoadConfiguration()
    assert loose.GetConfig().connections[0]["name"] == "host"
    assert loose.Initiate("host") is False  # not started
    assert loose.AssignStreams(3) == 1
    stats = daemon.GetStats()
    with pytest.raises(ValueError, match="not an exchange"):
        stats.Of("IKE_FOO")
    with pytest.raises(ValueError, match="not an exchange"):
        stats.Of(99)
    with pytest.raises(TypeError):
        stats.Of(1.5)
    with pytest.raises(ValueError, match="not a drop reason"):
        stats.Drops("nope")
    with pytest.raises(AttributeError, match="no field"):
        stats.ikeSasEstablishd

    # After Simulator.Destroy() the daemon's methods refuse to run.
    ns.Simulator.Destroy()
    with pytest.raises(ValueError, match="belongs to a simulation that Simulator.Destroy"):
        daemon.GetStats()
    with pytest.raises(ValueError, match="Simulator.Destroy"):
        daemon.AssignStreams(1)
    with pytest.raises(ValueError, match="Simulator.Destroy"):
        ns.Ikev2Helper.Get(node)
    assert "Simulator.Destroy() ended" in repr(daemon)


def test_callback_exception_stops_the_run():
    nodes = two_hosts()
    a, b, _ = daemons(nodes)

    def boom(text):
        raise RuntimeError("boom: " + text[:20])

    b.TraceConnectWithoutContext("Message", boom)
    with pytest.raises(RuntimeError, match="boom: < IKE_SA_INIT"):
        udp(nodes, packets=5)


def test_new_objects_are_never_taken_for_ones_of_an_ended_simulation():
    """A daemon of an ended simulation keeps its address while the check may need it, so a new
    object never inherits its 'ended' mark (the allocator reuses freed addresses at once)."""
    for _ in range(20):
        nodes = two_hosts()
        a, _, _ = daemons(nodes)
        ns.Simulator.Destroy()
        del a, nodes
        loose = ns.CreateObject("ns3::Ikev2Daemon")
        with pytest.raises(ValueError, match="no configuration"):
            loose.LoadConfiguration()
        assert "ended" not in repr(loose)
        ns.Simulator.Destroy()
