# SPDX-License-Identifier: GPL-2.0-only
"""The Python bindings in ns-3's own naming (from ns import ns): ns-3 scripts run as written,
FlowMonitor sees IPsec flows, traces hand packets to Python, CommandLine, PCAP/ASCII files, and
every bad input of the new API is a Python exception."""
import ctypes
import gc
import os
import re
import struct
import subprocess
import sys
import textwrap

import pytest

import ns as ns_package
from ns import ns

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(ns_package.__file__)))


def python_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([PYTHON_DIR] + env.get("PYTHONPATH", "").split(os.pathsep))
    return env


def run_script(text, *args, cwd=None, timeout=180):
    return subprocess.run(["/usr/bin/python3", "-c", textwrap.dedent(text), *args], env=python_env(),
                          capture_output=True, text=True, timeout=timeout, cwd=cwd)


@pytest.fixture(autouse=True)
def fresh_simulator():
    ns.core.RngSeedManager.SetSeed(7)
    yield
    ns.core.Simulator.Destroy()


def two_hosts(data_rate="100Mbps", delay="1ms"):
    """ns-3's usual two-node setup, written as ns-3's Python examples write it."""
    nodes = ns.network.NodeContainer()
    nodes.Create(2)
    link = ns.point_to_point.PointToPointHelper()
    link.SetDeviceAttribute("DataRate", ns.core.StringValue(data_rate))
    link.SetChannelAttribute("Delay", ns.core.StringValue(delay))
    devices = link.Install(nodes)
    ns.internet.InternetStackHelper().Install(nodes)
    address = ns.internet.Ipv4AddressHelper()
    address.SetBase(ns.network.Ipv4Address("10.1.1.0"), ns.network.Ipv4Mask("255.255.255.0"))
    interfaces = address.Assign(devices)
    return nodes, link, devices, interfaces


# --------------------------------------------------------------------------------------------
# ns-3's tutorial, as written for ns-3.37's bindings

def test_first_py_runs_unchanged():
    """examples/first.py is ns-3.37's tutorial script, unchanged: the same log lines."""
    result = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE_DIR, "examples", "first.py")],
                            env=python_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "At time +2s client sent 1024 bytes to 10.1.1.2 port 9",
        "At time +2.00369s server received 1024 bytes from 10.1.1.1 port 49153",
        "At time +2.00369s server sent 1024 bytes to 10.1.1.1 port 49153",
        "At time +2.00737s client received 1024 bytes from 10.1.1.2 port 9",
    ]


def test_first_py_port_counts_echoes_through_esp():
    """first.py's topology and calls, three echoes, counted by a trace on the client."""
    nodes, link, devices, interfaces = two_hosts("5Mbps", "2ms")
    ipsec = ns.ipsec.IpsecHelper()
    ipsec.Install(nodes)
    ipsec.ProtectPair(nodes.Get(0), interfaces.GetAddress(0), nodes.Get(1), interfaces.GetAddress(1),
                      ns.ipsec.IpsecHelper.Suite.Parse("esp", "aes-gcm-16", "none"))
    echoServer = ns.applications.UdpEchoServerHelper(9)
    serverApps = echoServer.Install(nodes.Get(1))
    serverApps.Start(ns.core.Seconds(1.0))
    serverApps.Stop(ns.core.Seconds(10.0))
    address = ns.addressFromIpv4Address(interfaces.GetAddress(1))
    echoClient = ns.applications.UdpEchoClientHelper(address, 9)
    echoClient.SetAttribute("MaxPackets", ns.core.UintegerValue(3))
    echoClient.SetAttribute("Interval", ns.core.TimeValue(ns.core.Seconds(1.0)))
    echoClient.SetAttribute("PacketSize", ns.core.UintegerValue(1024))
    clientApps = echoClient.Install(nodes.Get(0))
    clientApps.Start(ns.core.Seconds(2.0))
    clientApps.Stop(ns.core.Seconds(10.0))
    echoes = []
    ns.core.Config.Connect("/NodeList/0/ApplicationList/*/$ns3::UdpEchoClient/Rx",
                           lambda context, packet: echoes.append((context, packet.GetSize(),
                                                                  ns.core.Simulator.Now())))
    ns.core.Simulator.Run()
    assert [size for _, size, _ in echoes] == [1024, 1024, 1024]
    assert echoes[0][0] == "/NodeList/0/ApplicationList/0/$ns3::UdpEchoClient/Rx"
    assert [round(t.GetSeconds()) for _, _, t in echoes] == [2, 3, 4]
    assert ns.core.Seconds(2) < echoes[0][2] < ns.core.Time("2.1s")
    assert ns.ipsec.IpsecHelper.Get(nodes.Get(1)).GetStats()["esp"]["packets_in"] == 3


# --------------------------------------------------------------------------------------------
# FlowMonitor: transport-mode ESP made visible by IpsecFlowProbe (as test/test-flow-monitor.cc)

def flow_study(protect, enable):
    """Two hosts, a UDP flow and a 200 kB TCP transfer, seen by FlowMonitor."""
    ns.core.RngSeedManager.SetSeed(7)
    nodes, link, devices, ifs = two_hosts()
    ipsec = ns.ipsec.IpsecHelper()
    ipsec.Install(nodes)
    if protect:
        ipsec.ProtectPair(nodes.Get(0), ifs.GetAddress(0), nodes.Get(1), ifs.GetAddress(1),
                          ns.ipsec.IpsecHelper.Suite.Parse("esp", "aes-gcm-16", "none"))
    flowmon = ns.flow_monitor.FlowMonitorHelper()
    monitor = flowmon.InstallAll()
    if enable:
        assert ns.ipsec.IpsecFlowProbe.Enable(flowmon) == 2
        assert ns.ipsec.IpsecFlowProbe.Enable(flowmon) == 0  # a second call adds nothing
    sink = ns.applications.PacketSinkHelper(
        "ns3::TcpSocketFactory",
        ns.network.InetSocketAddress(ns.network.Ipv4Address.GetAny(), 80).ConvertTo())
    sink.Install(nodes.Get(1))
    bulk = ns.applications.BulkSendHelper(
        "ns3::TcpSocketFactory", ns.network.InetSocketAddress(ifs.GetAddress(1), 80).ConvertTo())
    bulk.SetAttribute("MaxBytes", ns.core.UintegerValue(200000))
    bulk.Install(nodes.Get(0)).Start(ns.core.Seconds(1))
    server = ns.applications.UdpServerHelper(9)
    server.Install(nodes.Get(1))
    client = ns.applications.UdpClientHelper(ifs.GetAddress(1), 9)
    client.SetAttribute("MaxPackets", ns.core.UintegerValue(100))
    client.SetAttribute("Interval", ns.core.TimeValue(ns.core.MilliSeconds(5)))
    client.SetAttribute("PacketSize", ns.core.UintegerValue(500))
    client.Install(nodes.Get(0)).Start(ns.core.Seconds(1))
    ns.core.Simulator.Stop(ns.core.Seconds(10))
    ns.core.Simulator.Run()
    monitor.CheckForLostPackets()
    classifier = flowmon.GetClassifier()
    flows = {}
    for flow_id, stats in monitor.GetFlowStats():
        t = classifier.FindFlow(flow_id)
        flows[(t.protocol, t.destinationPort)] = (t, stats)
    xml = flowmon.SerializeToXmlString(2, True, True)
    ns.core.Simulator.Destroy()
    return flows, xml


def test_flow_monitor_without_the_probe_sees_no_transport_mode_flow():
    flows, _ = flow_study(protect=True, enable=False)
    assert flows == {}


def test_flow_monitor_study_of_transport_mode_esp():
    plain, _ = flow_study(protect=False, enable=True)
    esp, xml = flow_study(protect=True, enable=True)
    assert len(esp) == len(plain) == 3  # UDP, TCP data, TCP acks
    for key in ((17, 9), (6, 80)):
        (pt, p), (et, e) = plain[key], esp[key]
        assert et.sourceAddress == ns.network.Ipv4Address("10.1.1.1") == "10.1.1.1"
        assert et.destinationAddress == pt.destinationAddress
        assert (e.txPackets, e.rxPackets) == (p.txPackets, p.rxPackets)
        assert (e.txBytes, e.rxBytes) == (p.txBytes, p.rxBytes)  # the inner datagrams
        assert e.lostPackets == 0
        plain_delay = p.delaySum.GetSeconds() / p.rxPackets
        esp_delay = e.delaySum.GetSeconds() / e.rxPackets
        assert plain_delay <= esp_delay < plain_delay * 1.05
        assert e.timeFirstTxPacket >= ns.core.Seconds(1) and e.timeLastRxPacket < ns.core.Seconds(10)
        assert e.delayHistogram.GetNBins() > 0
        assert sum(e.delayHistogram.GetBinCount(i) for i in range(e.delayHistogram.GetNBins())) == e.rxPackets
    udp = esp[(17, 9)][1]
    assert (udp.txPackets, udp.rxPackets, udp.txBytes) == (100, 100, 100 * (500 + 28))
    assert esp[(6, 80)][1].rxBytes > 200000
    assert xml.count("<Flow flowId=") >= 6  # stats and classifier


def test_flow_monitor_counts_ipsec_drops_with_their_reason(tmp_path):
    nodes, link, devices, ifs = two_hosts()
    ipsec = ns.ipsec.IpsecHelper()
    ipsec.Install(nodes)
    a, b = ifs.GetAddress(0), ifs.GetAddress(1)
    # ESP is required but there is no SA: every datagram is sent, then dropped (no-sa).
    ns.ipsec.IpsecHelper.AddPolicy(nodes.Get(0), ns.ipsec.SecurityPolicy.HostPair(
        a, b, [ns.ipsec.IpsecProtectionRequest("esp")]))
    flowmon = ns.flow_monitor.FlowMonitorHelper()
    flowmon.SetMonitorAttribute("DelayBinWidth", ns.core.DoubleValue(0.001))
    flowmon.Install(nodes)
    ns.ipsec.IpsecFlowProbe.Enable(flowmon)
    ns.applications.UdpServerHelper(9).Install(nodes.Get(1))
    client = ns.applications.UdpClientHelper(b, 9, MaxPackets=20, Interval="10ms")
    client.Install(nodes.Get(0)).Start(ns.core.Seconds(1))
    ns.core.Simulator.Stop(ns.core.Seconds(3))
    ns.core.Simulator.Run()
    monitor = flowmon.GetMonitor()
    monitor.CheckForLostPackets()
    stats = monitor.GetFlowStats()
    assert len(stats) == 1
    (flow_id, udp), = stats.items()
    assert stats[flow_id].txPackets == udp.txPackets == 20
    assert udp.rxPackets == 0
    base = ns.ipsec.IpsecFlowProbe.DROP_REASON_BASE
    assert sum(udp.packetsDropped[base:]) == 20 and sum(udp.packetsDropped[:base]) == 0
    drops = ns.ipsec.IpsecHelper.Get(nodes.Get(0)).GetStats()
    assert drops.TotalDrops() == drops["total_drops"] == 20
    path = tmp_path / "flows.xml"
    monitor.SerializeToXmlFile(str(path), True, True)
    assert "<FlowMonitor>" in path.read_text() and 'txPackets="20"' in path.read_text()


# --------------------------------------------------------------------------------------------
# Trace sources with ns-3's arguments: packets with their bytes

def test_config_connect_gives_packet_bytes_of_esp():
    nodes, link, devices, ifs = two_hosts()
    ipsec = ns.ipsec.IpsecHelper()
    ipsec.Install(nodes)
    a, b = ifs.GetAddress(0), ifs.GetAddress(1)
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b,
                      ns.ipsec.IpsecHelper.Suite.Parse("esp", "aes-cbc", "hmac-sha256-128"))
    outbound = [sa for sa in ns.ipsec.IpsecHelper.Get(nodes.Get(0)).GetSadb().Dump()
                if sa.GetDestination() == b][0]
    sent = []
    ns.core.Config.Connect("/NodeList/0/DeviceList/0/$ns3::PointToPointNetDevice/MacTx",
                           lambda context, packet: sent.append((context, packet.CopyData(), len(packet))))
    protected = []
    ns.ipsec.IpsecHelper.Get(nodes.Get(0)).TraceConnectWithoutContext(
        "OutboundProtected", lambda packet, sa: protected.append((bytes(packet), sa.GetSpi())))
    ns.applications.UdpServerHelper(9).Install(nodes.Get(1))
    ns.applications.UdpClientHelper(b, 9, MaxPackets=5, Interval="10ms", PacketSize=200).Install(
        nodes.Get(0)).Start(ns.core.Seconds(1))
    ns.core.Simulator.Stop(ns.core.Seconds(2))
    ns.core.Simulator.Run()
    esp = [data for _, data, _ in sent if len(data) > 100]
    assert len(esp) == 5
    for data in esp:
        assert data[:2] == b"\x00\x21"  # PPP: IPv4
        ip = data[2:]
        header_length = (ip[0] & 0x0f) * 4
        assert ip[9] == 50  # ESP
        assert ip[12:16] == bytes(map(int, str(a).split(".")))
        spi, sequence = struct.unpack("!II", ip[header_length:header_length + 8])
        assert spi == outbound.GetSpi()
    assert sent[0][0] == "/NodeList/0/DeviceList/0/$ns3::PointToPointNetDevice/MacTx"
    assert all(len(data) == size for _, data, size in sent)
    assert [spi for _, spi in protected] == [outbound.GetSpi()] * 5
    assert all(struct.unpack("!I", data[:4])[0] == outbound.GetSpi() for data, _ in protected)


def test_net_device_traces_and_error_model():
    nodes, link, devices, ifs = two_hosts()
    assert nodes.Get(1).GetNDevices() == 2  # the link and the loopback the stack added
    device = nodes.Get(1).GetDevice(0)
    assert isinstance(device, ns.point_to_point.PointToPointNetDevice)
    assert device.GetIfIndex() == 0 and device.GetMtu() == 1500
    assert ns.network.Mac48Address.IsMatchingType(device.GetAddress())
    em = ns.CreateObject("RateErrorModel")
    em.SetAttribute("ErrorRate", ns.core.DoubleValue(1.0))
    em.SetAttribute("ErrorUnit", ns.core.StringValue("ERROR_UNIT_PACKET"))
    device.SetAttribute("ReceiveErrorModel", ns.core.PointerValue(em))
    value = ns.core.PointerValue()
    device.GetAttribute("ReceiveErrorModel", value)
    assert value.Get() == em
    dropped, received = [], []
    device.TraceConnectWithoutContext("PhyRxDrop", lambda packet: dropped.append(packet.GetSize()))
    device.TraceConnectWithoutContext("MacRx", lambda packet: received.append(packet))
    server = ns.applications.UdpServerHelper(9).Install(nodes.Get(1))
    ns.applications.UdpClientHelper(ifs.GetAddress(1), 9, MaxPackets=4, Interval="1ms",
                                    PacketSize=100).Install(nodes.Get(0)).Start(ns.core.Seconds(1))
    ns.core.Simulator.Stop(ns.core.Seconds(2))
    ns.core.Simulator.Run()
    assert dropped == [2 + 20 + 8 + 100] * 4
    assert received == [] and server.Get(0).GetReceived() == 0


def test_ipv4_traces_traced_values_and_scheduled_connections():
    nodes, link, devices, ifs = two_hosts("10Mbps", "5ms")
    ipv4 = nodes.Get(0).GetObject(ns.internet.Ipv4)
    assert isinstance(ipv4, ns.internet.Ipv4L3Protocol)
    assert ipv4.GetAddress(1, 0).GetLocal() == ifs.GetAddress(0)
    tx, cwnd, states = [], [], []
    ns.core.Config.ConnectWithoutContext(
        "/NodeList/0/$ns3::Ipv4L3Protocol/Tx",
        lambda packet, ipv4, interface: tx.append((packet.GetSize(), interface)))
    sink = ns.applications.PacketSinkHelper("tcp", 5000).Install(nodes.Get(1))
    bulk = ns.applications.BulkSendHelper("ns3::TcpSocketFactory",
                                          ns.network.InetSocketAddress(ifs.GetAddress(1), 5000))
    bulk.SetAttribute("MaxBytes", ns.core.UintegerValue(100000))
    bulk.Install(nodes.Get(0)).Start(ns.core.Seconds(1))

    def connect(path):  # the socket exists once the application started
        ns.core.Config.ConnectWithoutContext(path + "CongestionWindow",
                                             lambda old, new: cwnd.append(new))
        ns.core.Config.ConnectWithoutContext(path + "State",
                                             lambda old, new: states.append(new))
    ns.core.Simulator.Schedule(ns.core.Seconds(1.0001), connect,
                               "/NodeList/0/$ns3::TcpL4Protocol/SocketList/0/")
    ns.core.Simulator.Stop(ns.core.Seconds(5))
    ns.core.Simulator.Run()
    assert sink.Get(0).GetTotalRx() == 100000
    assert len(tx) > 70 and {interface for _, interface in tx} == {1}
    assert len(cwnd) > 5 and max(cwnd) > cwnd[0]
    assert "ESTABLISHED" in states[:2]


def test_trace_sources_are_checked_against_their_real_type():
    """Queues' sources (a class template: spaces and '::*' inside the type name) connect; a
    source whose declared signature is not its real type (CobaltQueueDisc's DropNext is declared
    Uint32 but is a TracedValue<int64_t>) raises instead of ns-3 aborting the process."""
    nodes, link, devices, ifs = two_hosts()
    enqueued = []
    ns.core.Config.ConnectWithoutContext(
        "/NodeList/0/DeviceList/0/$ns3::PointToPointNetDevice/TxQueue/Enqueue",
        lambda packet: enqueued.append(packet.GetSize()))
    ns.applications.UdpClientHelper(ifs.GetAddress(1), 9, MaxPackets=3, Interval="1ms",
                                    PacketSize=100).Install(nodes.Get(0)).Start(ns.core.Seconds(1))
    ns.core.Simulator.Stop(ns.core.Seconds(2))
    ns.core.Simulator.Run()
    assert enqueued.count(2 + 20 + 8 + 100) == 3
    cobalt = ns.CreateObject("CobaltQueueDisc")
    with pytest.raises(ValueError, match=r"DropNext of ns3::CobaltQueueDisc is declared as "
                                         r"ns3::TracedValueCallback::Uint32 but is a "
                                         r"ns3::TracedValue<long>"):
        cobalt.TraceConnectWithoutContext("DropNext", lambda old, new: None)
    cobalt.TraceConnectWithoutContext("Count", lambda old, new: None)


def test_ping_rtt_trace():
    nodes, link, devices, ifs = two_hosts("100Mbps", "5ms")
    ping = ns.internet_apps.V4PingHelper(ifs.GetAddress(1))
    ping.SetAttribute("Interval", ns.core.TimeValue(ns.core.MilliSeconds(200)))
    apps = ping.Install(nodes.Get(0))
    apps.Start(ns.core.Seconds(1))
    apps.Stop(ns.core.Seconds(2))
    rtts = []
    apps.Get(0).TraceConnectWithoutContext("Rtt", rtts.append)
    ns.core.Simulator.Run()
    assert len(rtts) == 5
    assert all(ns.core.MilliSeconds(10) < rtt < ns.core.MilliSeconds(11) for rtt in rtts)


# --------------------------------------------------------------------------------------------
# Applications: ns-3's shapes and the counters as methods

def test_onoff_and_packet_sink_over_tcp_with_esp():
    nodes, link, devices, ifs = two_hosts()
    ipsec = ns.ipsec.IpsecHelper()
    ipsec.Install(nodes)
    ipsec.ProtectPair(nodes.Get(0), ifs.GetAddress(0), nodes.Get(1), ifs.GetAddress(1),
                      ns.ipsec.IpsecHelper.Suite.Parse("esp", "aes-gcm-16", "none"))
    sink = ns.applications.PacketSinkHelper(
        "ns3::TcpSocketFactory",
        ns.network.InetSocketAddress(ns.network.Ipv4Address.GetAny(), 9).ConvertTo())
    sinkApps = sink.Install(nodes.Get(1))
    onoff = ns.applications.OnOffHelper(
        "ns3::TcpSocketFactory", ns.network.InetSocketAddress(ifs.GetAddress(1), 9).ConvertTo())
    onoff.SetAttribute("OnTime", ns.core.StringValue("ns3::ConstantRandomVariable[Constant=1]"))
    onoff.SetAttribute("OffTime", ns.core.StringValue("ns3::ConstantRandomVariable[Constant=0]"))
    onoff.SetConstantRate(ns.network.DataRate("2Mbps"), 1000)
    onoff.SetAttribute("MaxBytes", ns.core.UintegerValue(150000))
    apps = onoff.Install(ns.network.NodeContainer(nodes.Get(0)))
    apps.Start(ns.core.Seconds(1.0))
    received = []
    sinkApps.Get(0).TraceConnectWithoutContext(
        "Rx", lambda packet, address: received.append(
            ns.network.InetSocketAddress.ConvertFrom(address).GetIpv4()))
    ns.core.Simulator.Stop(ns.core.Seconds(5))
    ns.core.Simulator.Run()
    assert type(sinkApps.Get(0)) is ns.applications.PacketSink
    assert sinkApps.Get(0).GetTotalRx() == 150000
    assert set(received) == {ifs.GetAddress(0)}
    stats = ns.ipsec.IpsecHelper.Get(nodes.Get(0)).GetStats()
    assert stats.Of("esp").packetsOut == stats["esp"]["packets_out"] > 100
    assert stats.wire.datagramsOut == stats["wire"]["datagrams_out"] == stats.esp.packetsOut
    assert 34 <= stats.OverheadPerDatagram() <= 37  # SPI, sequence, IV, 2-5 B trailer, ICV
    assert isinstance(stats, dict) and dict(stats)["total_drops"] == 0


def test_short_forms_and_single_node_installs():
    nodes, link, devices, ifs = two_hosts()
    b = ifs.GetAddress(1)
    server = ns.applications.UdpServerHelper(9).Install(nodes.Get(1))
    echo = ns.applications.UdpEchoServerHelper(7).Install(ns.network.NodeContainer(nodes.Get(1)))
    sink = ns.applications.PacketSinkHelper("ns3::TcpSocketFactory", 80).Install(nodes.Get(1))
    ns.applications.UdpClientHelper(b, 9, MaxPackets=10, Interval="10ms").Install(
        nodes.Get(0)).Start("1s")
    echo_client = ns.applications.UdpEchoClientHelper(ns.network.InetSocketAddress(b, 7))
    echo_client.SetAttribute("MaxPackets", ns.core.UintegerValue(2))
    echo_apps = echo_client.Install(nodes.Get(0))
    echo_apps.Start(ns.core.Seconds(1))
    ns.applications.BulkSendHelper(b, 80, MaxBytes=5000).Install(nodes.Get(0)).Start(1.0)
    ns.core.Simulator.Stop(ns.core.Time("3s"))
    ns.core.Simulator.Run()
    assert server.Get(0).GetReceived() == 10 and server.Get(0).GetLost() == 0
    assert ns.UdpServerReceived(server) == 10  # the flat API's counters still work
    assert sink.Get(0).GetTotalRx() == 5000
    assert [type(app).__name__ for app in echo] == ["UdpEchoServer"]
    assert nodes.Get(1).GetNApplications() == 3
    assert isinstance(nodes.Get(1).GetApplication(0), ns.applications.UdpServer)


# --------------------------------------------------------------------------------------------
# CommandLine, values, logging

def test_command_line_like_ns3():
    nCsma = ctypes.c_int(3)
    verbose = ctypes.c_bool(True)
    rate = ctypes.c_double(1.5)
    buffer = ctypes.create_string_buffer(b"output.xml", 64)
    cmd = ns.CommandLine(__file__)
    cmd.AddValue("nCsma", "Number of extra CSMA nodes/devices", nCsma)
    cmd.AddValue("verbose", "Tell echo applications to log if true", verbose)
    cmd.AddValue("rate", "a rate", rate)
    cmd.AddValue("Results", "Write XML results to file", buffer, 64)
    cmd.AddValue("packets", "plain Python values work too", 10)
    cmd.AddValue("name", "and text", "x")
    cmd.AddValue("interval", "ns3::UdpClient::Interval")
    seen = []
    cmd.AddValue("hook", "a callable gets the text", lambda text: seen.append(text))
    try:
        cmd.Parse(["prog", "--nCsma=5", "--verbose", "--rate=2.5", "--Results=flows.xml",
                   "--packets", "42", "-name=abc", "--interval=20ms", "--hook=hi",
                   "--ns3::UdpClient::PacketSize=64", "--RngRun=4", "extra"])
        assert (nCsma.value, verbose.value, rate.value, buffer.value) == (5, False, 2.5, b"flows.xml")
        assert (cmd.packets, cmd.name, seen) == (42, "abc", ["hi"])
        assert cmd.GetNExtraNonOptions() == 1 and cmd.GetExtraNonOption(0) == "extra"
        assert ns.core.GlobalValue.GetValueByName("RngRun") == "4"
        nodes, link, devices, ifs = two_hosts()
        app = ns.applications.UdpClientHelper(ifs.GetAddress(1), 9).Install(nodes.Get(0)).Get(0)
        size, interval = ns.core.UintegerValue(), ns.core.TimeValue()
        app.GetAttribute("PacketSize", size)
        app.GetAttribute("Interval", interval)
        assert size.Get() == 64 and interval.Get() == ns.core.MilliSeconds(20)
    finally:
        ns.core.Config.Reset()
        ns.core.Config.SetGlobal("RngRun", 1)


def test_command_line_help_and_errors():
    result = run_script("""
        import sys
        from ctypes import c_int
        from ns import ns
        n = c_int(3)
        cmd = ns.CommandLine("study.py")
        cmd.Usage("A study.")
        cmd.AddValue("nCsma", "Number of extra CSMA nodes/devices", n)
        cmd.Parse(sys.argv)
        """, "--PrintHelp")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("study.py [Program Options] [General Arguments]\n\nA study.\n")
    assert "    --nCsma:  Number of extra CSMA nodes/devices [3]" in result.stdout
    assert "    --PrintAttributes=[typeid]:  Print all attributes of typeid." in result.stdout
    attrs = run_script("from ns import ns\nns.CommandLine().Parse(['x', '--PrintAttributes=ns3::UdpClient'])")
    assert attrs.returncode == 0 and "--ns3::UdpClient::MaxPackets=[100]" in attrs.stdout
    cmd = ns.core.CommandLine()
    n = ctypes.c_uint(3)
    cmd.AddValue("n", "a count", n)
    with pytest.raises(ValueError, match=r"--n=-1: expected a whole number from 0 to 4294967295"):
        cmd.Parse(["prog", "--n=-1"])
    with pytest.raises(ValueError, match=r"--nn=2: not an option of this program \(did you mean --n\?\)"):
        cmd.Parse(["prog", "--nn=2"])
    assert n.value == 3


def test_values_times_and_addresses():
    assert ns.core.Seconds(1.5) == ns.core.MilliSeconds(1500) == 1.5
    assert ns.core.Time("2ms") + ns.core.MicroSeconds(500) == ns.core.Time("2.5ms")
    assert ns.core.Seconds(3) / ns.core.Seconds(2) == 1.5 and ns.core.Seconds(1) * 2 == ns.core.Seconds(2)
    assert ns.core.Time("-1s").IsStrictlyNegative() and ns.core.NanoSeconds(6560).GetNanoSeconds() == 6560
    assert sorted([ns.core.Seconds(2), ns.core.Seconds(1)]) == [1, 2]
    a = ns.network.Ipv4Address("10.1.1.1")
    assert a == "10.1.1.1" and "10.1.1.1" == a and {a: 1}["10.1.1.1"] == 1
    assert str(a.CombineMask(ns.network.Ipv4Mask("/24"))) == "10.1.1.0"
    s = ns.network.InetSocketAddress(a, 9)
    generic = s.ConvertTo()
    assert ns.network.InetSocketAddress.IsMatchingType(generic)
    assert ns.network.InetSocketAddress.ConvertFrom(generic).GetPort() == 9
    assert ns.network.Ipv4Address.ConvertFrom(ns.addressFromIpv4Address(a)) == a
    assert ns.network.DataRate("5Mbps").GetBitRate() == 5000000
    assert ns.core.UintegerValue(5).Get() == 5 and ns.core.StringValue("x").Get() == "x"
    assert ns.core.TypeId.LookupByName("ns3::UdpClient").GetParent().GetName() == "ns3::Application"
    ns.core.Config.SetDefault("ns3::UdpClient::MaxPackets", ns.core.UintegerValue(7))
    try:
        assert ns.core.Config.SetDefaultFailSafe("ns3::UdpClient::MaxPacket", 7) is False
        nodes, link, devices, ifs = two_hosts()
        app = ns.applications.UdpClientHelper(ifs.GetAddress(1), 9).Install(nodes.Get(0)).Get(0)
        assert app.GetAttribute("MaxPackets") == "7"
        rate = ns.network.DataRateValue()
        devices.Get(0).GetAttribute("DataRate", rate)
        assert rate.Get() == ns.network.DataRate("100Mbps")
        devices.Get(0).SetAttribute("DataRate", ns.network.DataRateValue(ns.network.DataRate("5Mbps")))
        ns.core.Config.Set("/NodeList/*/DeviceList/0/$ns3::PointToPointNetDevice/Mtu", ns.core.UintegerValue(1400))
        assert devices.Get(1).GetMtu() == 1400
    finally:
        ns.core.Config.Reset()


def test_logging_and_schedule_with_arguments():
    result = run_script("""
        from ns import ns
        ns.core.LogComponentEnable("UdpEchoClientApplication", ns.core.LOG_LEVEL_INFO | ns.core.LOG_PREFIX_TIME | ns.core.LOG_PREFIX_NODE)
        nodes = ns.network.NodeContainer(2)
        devices = ns.csma.CsmaHelper().Install(nodes)
        ns.internet.InternetStackHelper().Install(nodes)
        ifs = ns.internet.Ipv4AddressHelper("10.2.0.0", "255.255.0.0").Assign(devices)
        ns.applications.UdpEchoServerHelper(9).Install(nodes.Get(1)).Start(ns.core.Seconds(0))
        c = ns.applications.UdpEchoClientHelper(ifs.GetAddress(1), 9, MaxPackets=1)
        c.Install(nodes.Get(0)).Start(ns.core.Seconds(1))
        def tick(label, n):
            print(label, n, ns.core.Simulator.Now().GetSeconds())
        ns.core.Simulator.Schedule(ns.core.Seconds(0.5), tick, "tick", 1)
        event = ns.core.Simulator.Schedule(ns.core.Seconds(0.7), tick, "never", 2)
        ns.core.Simulator.Cancel(event)
        ns.core.Simulator.Run()
        ns.core.Simulator.Destroy()
        """)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "tick 1 0.5\n"
    assert result.stderr.splitlines() == [  # time and node prefixes
        "+1.000000000s 0 At time +1s client sent 100 bytes to 10.2.0.2 port 9",
        "+1.016005020s 0 At time +1.01601s client received 100 bytes from 10.2.0.2 port 9"]


# --------------------------------------------------------------------------------------------
# PCAP and ASCII

def test_pcap_and_ascii_files_are_written(tmp_path):
    result = run_script("""
        from ns import ns
        nodes = ns.network.NodeContainer()
        nodes.Create(3)
        p2p = ns.point_to_point.PointToPointHelper()
        p2pDevices = p2p.Install(nodes.Get(0), nodes.Get(1))
        csma = ns.csma.CsmaHelper()
        csmaDevices = csma.Install(ns.network.NodeContainer(nodes.Get(1), nodes.Get(2)))
        stack = ns.internet.InternetStackHelper()
        stack.Install(nodes)
        address = ns.internet.Ipv4AddressHelper()
        address.SetBase(ns.network.Ipv4Address("10.1.1.0"), ns.network.Ipv4Mask("255.255.255.0"))
        address.Assign(p2pDevices)
        address.SetBase(ns.network.Ipv4Address("10.1.2.0"), ns.network.Ipv4Mask("255.255.255.0"))
        lan = address.Assign(csmaDevices)
        ns.internet.Ipv4GlobalRoutingHelper.PopulateRoutingTables()
        ns.applications.UdpEchoServerHelper(9).Install(nodes.Get(2))
        client = ns.applications.UdpEchoClientHelper(ns.addressFromIpv4Address(lan.GetAddress(1)), 9)
        client.SetAttribute("MaxPackets", ns.core.UintegerValue(3))
        client.Install(nodes.Get(0)).Start(ns.core.Seconds(1))
        p2p.EnablePcapAll("second")
        csma.EnablePcap("lan", csmaDevices.Get(1), True)
        csma.EnablePcap("explicit.pcap", csmaDevices.Get(0), False, True)
        stack.EnablePcapIpv4("ip", nodes.Get(0))
        ascii = ns.network.AsciiTraceHelper()
        p2p.EnableAsciiAll(ascii.CreateFileStream("all.tr"))
        stack.EnableAsciiIpv4All("ipv4")
        ns.core.Simulator.Stop(ns.core.Seconds(5))
        ns.core.Simulator.Run()
        ns.core.Simulator.Destroy()
        """, cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    files = {p.name: p.stat().st_size for p in tmp_path.iterdir()}
    for name in ("second-0-0.pcap", "second-1-0.pcap", "lan-2-0.pcap", "explicit.pcap",
                 "ip-n0-i1.pcap"):
        assert files.get(name, 0) > 24 + 3 * 16, (name, files)  # header, 3 packets at least
    with open(tmp_path / "second-0-0.pcap", "rb") as f:
        magic, major, minor, _, _, snaplen, linktype = struct.unpack("<IHHiIII", f.read(24))
    assert (magic, major, linktype) == (0xa1b2c3d4, 2, 9)  # PPP
    trace = (tmp_path / "all.tr").read_text()
    assert re.search(r"^\+ 1 /NodeList/0/DeviceList/0/\$ns3::PointToPointNetDevice/TxQueue/Enqueue ",
                     trace, re.M)
    assert re.search(r"^r [0-9.]+ /NodeList/1/DeviceList/0/", trace, re.M)
    assert "ns3::UdpHeader" in trace
    assert any(name.startswith("ipv4-n2-i1") and name.endswith(".tr") for name in files)


# --------------------------------------------------------------------------------------------
# Names: ns-3's, the flat module's, the C++ classes of the ipsec module

def test_namespaces_and_flat_module_are_one_api():
    import ns3ipsec
    assert ns.core is ns and ns.flow_monitor is ns and ns.ipsec is ns
    assert ns.network.NodeContainer is ns3ipsec.NodeContainer is ns.NodeContainer
    assert ns.ipsec.IpsecHelper.Suite is ns3ipsec.Suite
    assert ns.ipsec.IpsecSocketPolicy is ns3ipsec.SocketPolicy
    with pytest.raises(AttributeError, match=r"ns.wifi: ns-3's wifi module has no Python bindings"):
        ns.wifi.WifiHelper()
    with pytest.raises(AttributeError, match=r"ns.cppyy is not available"):
        ns.cppyy.cppdef("int x;")
    nodes = ns.network.NodeContainer(2)
    assert nodes.Get(0).GetObject(ns.internet.Ipv4) is None
    assert [n.GetId() for n in ns.network.NodeContainer.GetGlobal()] == [0, 1]


def test_python_example_ported_to_ns3_naming(tmp_path):
    result = subprocess.run(
        ["/usr/bin/python3", os.path.join(SOURCE_DIR, "examples", "ipsec-transport.py"),
         "--encr=aes-gcm-16", "--auth=none", "--packets=10", "--sa-file=" + str(tmp_path / "sa"),
         "--ns3::IpsecL3Protocol::DefaultPolicy=Pass"],
        env=python_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "sent 10 UDP packets of 1000 B, received 10" in result.stdout
    assert "IPsec overhead per packet: 36 B (esp aes-gcm-16 none, 0 fragments added)" in result.stdout
    assert (tmp_path / "sa").exists()
    help_ = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE_DIR, "examples", "ipsec-transport.py"),
                            "--help"], env=python_env(), capture_output=True, text=True, timeout=60)
    assert help_.returncode == 0 and "--sa-file:   write the Wireshark esp_sa table here []" in help_.stdout


# --------------------------------------------------------------------------------------------
# Bad input to the new API: a Python exception, never a dead interpreter (as BAD_INPUTS in
# test_python_bindings.py: each case in an interpreter of its own).

NS3_PRELUDE = """
import sys
from ctypes import c_int, c_char_p
from ns import ns

def two_hosts(ipsec=True):
    nodes = ns.network.NodeContainer()
    nodes.Create(2)
    link = ns.point_to_point.PointToPointHelper()
    devices = link.Install(nodes)
    ns.internet.InternetStackHelper().Install(nodes)
    address = ns.internet.Ipv4AddressHelper()
    address.SetBase(ns.network.Ipv4Address("10.1.1.0"), ns.network.Ipv4Mask("255.255.255.0"))
    ifs = address.Assign(devices)
    if ipsec:
        ns.ipsec.IpsecHelper().Install(nodes)
    return nodes, link, devices, ifs

def traffic(nodes, ifs, packets=3):
    ns.applications.UdpServerHelper(9).Install(nodes.Get(1))
    ns.applications.UdpClientHelper(ifs.GetAddress(1), 9, MaxPackets=packets, Interval="1ms").Install(
        nodes.Get(0)).Start(ns.core.Seconds(1))
    ns.core.Simulator.Stop(ns.core.Seconds(2))

def remote(port=9):
    return ns.network.InetSocketAddress(ns.network.Ipv4Address("10.1.1.2"), port).ConvertTo()
"""

HOSTS = "nodes, link, devices, ifs = two_hosts()"
BARE = "bare = ns.network.NodeContainer(2)"
FLOWMON = HOSTS + "\nflowmon = ns.flow_monitor.FlowMonitorHelper()"
CMD = "cmd = ns.core.CommandLine()\nn = c_int(3)\ncmd.AddValue('n', 'a count', n)"

NS3_BAD_INPUTS = [
    # --- applications
    ("onoff-unknown-attribute", "h = ns.applications.OnOffHelper('ns3::UdpSocketFactory', remote())",
     "h.SetAttribute('DataRat', ns.core.StringValue('1Mbps'))",
     ValueError, r"ns3::OnOffApplication has no attribute 'DataRat'; did you mean 'DataRate'"),
    ("onoff-bad-rate", "h = ns.applications.OnOffHelper('ns3::UdpSocketFactory', remote())",
     "h.SetAttribute('DataRate', ns.core.StringValue('fast'))",
     ValueError, r"'fast' for attribute DataRate of ns3::OnOffApplication"),
    ("onoff-value-of-other-type", "h = ns.applications.OnOffHelper('ns3::UdpSocketFactory', remote())",
     "h.SetAttribute('PacketSize', ns.core.TimeValue(ns.core.Seconds(1)))",
     TypeError, r"attribute PacketSize of ns3::OnOffApplication takes a UintegerValue \(or a StringValue\), not a TimeValue"),
    ("onoff-constant-rate-zero", "h = ns.applications.OnOffHelper('ns3::UdpSocketFactory', remote())",
     "h.SetConstantRate(ns.network.DataRate(0))", ValueError, r"'0bps' for attribute DataRate"),
    ("onoff-remote-without-port", "",
     "ns.applications.OnOffHelper('ns3::UdpSocketFactory', ns.addressFromIpv4Address(ns.network.Ipv4Address('10.1.1.2')))",
     ValueError, r"OnOffHelper: the address needs a port"),
    ("onoff-packet-socket", "",
     "ns.applications.OnOffHelper('ns3::PacketSocketFactory', remote())",
     ValueError, r"the protocol must be 'ns3::TcpSocketFactory' or 'ns3::UdpSocketFactory'"),
    ("onoff-without-stack", BARE + "\nh = ns.applications.OnOffHelper('ns3::TcpSocketFactory', remote())",
     "h.Install(bare.Get(0))", ValueError, r"OnOffHelper.Install: node 0 has no internet stack"),
    ("sink-address-without-port", "",
     "ns.applications.PacketSinkHelper('ns3::TcpSocketFactory', ns.network.Ipv4Address.GetAny())",
     ValueError, r"PacketSinkHelper: the address needs a port"),
    ("sink-port-taken-new-form",
     HOSTS + "\nns.applications.PacketSinkHelper('ns3::TcpSocketFactory', ns.network.InetSocketAddress(ns.network.Ipv4Address.GetAny(), 80)).Install(nodes.Get(1))",
     "ns.applications.PacketSinkHelper('tcp', 80).Install(nodes.Get(1))",
     ValueError, r"tcp port 80 on node 1 is already taken by a PacketSink"),
    ("bulk-send-udp", "", "ns.applications.BulkSendHelper('ns3::UdpSocketFactory', remote())",
     ValueError, r"BulkSendHelper: the protocol must be 'ns3::TcpSocketFactory'"),
    ("echo-client-without-port", "",
     "ns.applications.UdpEchoClientHelper(ns.addressFromIpv4Address(ns.network.Ipv4Address('10.1.1.2')))",
     ValueError, r"without a port the remote must be a socket address"),
    ("echo-server-port-taken", HOSTS + "\nns.applications.UdpEchoServerHelper(9).Install(nodes.Get(1))",
     "ns.applications.UdpServerHelper(9).Install(nodes.Get(1))",
     ValueError, r"udp port 9 on node 1 is already taken by a UdpEchoServer"),
    ("udp-server-install-none", "", "ns.applications.UdpServerHelper(9).Install(None)",
     TypeError, r"Install"),
    ("install-unknown-name", HOSTS, "ns.applications.UdpServerHelper(9).Install('server')",
     ValueError, r"no node is named 'server'"),
    ("ping-without-stack", BARE, "ns.internet_apps.V4PingHelper('10.1.1.2').Install(bare)",
     ValueError, r"V4PingHelper.Install: node 0 has no internet stack"),
    # --- FlowMonitor
    ("flowmon-find-unknown-flow", FLOWMON + "\nflowmon.InstallAll()",
     "flowmon.GetClassifier().FindFlow(99)", ValueError, r"FindFlow: no flow 99 \(no flow seen yet\)"),
    ("flowmon-attribute-after-install", FLOWMON + "\nflowmon.InstallAll()",
     "flowmon.SetMonitorAttribute('DelayBinWidth', ns.core.DoubleValue(0.01))",
     ValueError, r"the monitor exists already .*GetMonitor\(\).SetAttribute\('DelayBinWidth'"),
    ("flowmon-unknown-attribute", FLOWMON,
     "flowmon.SetMonitorAttribute('DelayBin', ns.core.DoubleValue(0.01))",
     ValueError, r"ns3::FlowMonitor has no attribute 'DelayBin'"),
    ("flowmon-install-twice", FLOWMON + "\nflowmon.Install(nodes)", "flowmon.Install(nodes.Get(0))",
     ValueError, r"node 0 is already monitored by this helper"),
    ("flowmon-install-without-stack", BARE + "\nflowmon = ns.flow_monitor.FlowMonitorHelper()",
     "flowmon.Install(bare)", ValueError, r"node 0 has no internet stack"),
    ("flowmon-xml-missing-folder", FLOWMON + "\nmonitor = flowmon.InstallAll()",
     "monitor.SerializeToXmlFile('/nonexistent/flows.xml', True, True)",
     OSError, r"No such file or directory: '/nonexistent/'"),
    ("flowmon-stats-unknown-flow", FLOWMON + "\nmonitor = flowmon.InstallAll()",
     "monitor.GetFlowStats()[5]", KeyError, r"no flow 5"),
    ("flowmon-histogram-bin", FLOWMON + "\nmonitor = flowmon.InstallAll()\ntraffic(nodes, ifs)"
                                         "\nns.core.Simulator.Run()\n(_, st), = monitor.GetFlowStats()",
     "st.delayHistogram.GetBinCount(10**6)", IndexError, r"bin 1000000 out of range"),
    ("flowmon-after-destroy", FLOWMON + "\nns.core.Simulator.Destroy()",
     "flowmon.InstallAll()", ValueError, r"Simulator.Destroy\(\) ended; make a new one"),
    ("ipsec-flow-probe-none", "", "ns.ipsec.IpsecFlowProbe.Enable(None)",
     TypeError, r"needs the FlowMonitorHelper, not None"),
    ("ipsec-flow-probe-wrong-type", HOSTS, "ns.ipsec.IpsecFlowProbe.Enable(nodes)",
     TypeError, r"needs a FlowMonitorHelper, not NodeContainer"),
    ("ipsec-flow-probe-before-install", FLOWMON, "ns.ipsec.IpsecFlowProbe.Enable(flowmon)",
     ValueError, r"call the FlowMonitorHelper's Install or InstallAll first"),
    # --- CommandLine
    ("cmd-bad-int", CMD, "cmd.Parse(['prog', '--n=abc'])",
     ValueError, r"invalid command-line argument --n=abc: expected a whole number"),
    ("cmd-unknown-option", CMD, "cmd.Parse(['prog', '--nn=3'])",
     ValueError, r"--nn=3: not an option of this program \(did you mean --n\?\)"),
    ("cmd-bad-attribute-value", CMD, "cmd.Parse(['prog', '--ns3::UdpClient::Interval=10 ms'])",
     ValueError, r"--ns3::UdpClient::Interval=10 ms: invalid value '10 ms' for attribute Interval"),
    ("cmd-unknown-type", CMD, "cmd.Parse(['prog', '--ns3::Nope::X=1'])",
     ValueError, r"there is no type ns3::Nope"),
    ("cmd-bad-global", CMD, "cmd.Parse(['prog', '--RngRun=abc'])",
     ValueError, r"--RngRun=abc: invalid value 'abc' for global value RngRun"),
    ("cmd-buffer-too-long", "cmd = ns.core.CommandLine()\nr = c_char_p(b'x')\ncmd.AddValue('r', 'h', r, 4)",
     "cmd.Parse(['prog', '--r=toolong'])", ValueError, r"longer than the buffer \(3 bytes\)"),
    ("cmd-value-type", "cmd = ns.core.CommandLine()", "cmd.AddValue('x', 'h', [1])",
     TypeError, r"cannot keep a command-line value in list"),
    ("cmd-unknown-attribute-shorthand", "cmd = ns.core.CommandLine()",
     "cmd.AddValue('x', 'ns3::UdpClient::Nope')", ValueError, r"there is no attribute ns3::UdpClient::Nope"),
    ("cmd-print-help", CMD, "cmd.Parse(['prog', '--PrintHelp'])", SystemExit, r"^0$"),
    ("cmd-print-attributes-unknown", CMD, "cmd.Parse(['prog', '--PrintAttributes=ns3::Nope'])",
     ValueError, r"unknown type 'ns3::Nope'"),
    # --- Config paths and trace sources
    ("connect-no-match", HOSTS,
     "ns.core.Config.Connect('/NodeList/99/DeviceList/*/MacTx', print)",
     ValueError, r"Config.Connect: no object matches '/NodeList/99/DeviceList/\*'"),
    ("connect-unknown-source", HOSTS,
     "ns.core.Config.Connect('/NodeList/0/DeviceList/0/MacTxx', print)",
     ValueError, r"ns3::PointToPointNetDevice has no trace source 'MacTxx'; did you mean 'MacTx'"),
    ("connect-unknown-type", HOSTS,
     "ns.core.Config.ConnectWithoutContext('/NodeList/*/$ns3::Nope/Tx', print)",
     ValueError, r"there is no type ns3::Nope"),
    ("connect-relative-path", HOSTS, "ns.core.Config.Connect('NodeList/0/DeviceList/0/MacTx', print)",
     ValueError, r"needs a path"),
    ("connect-unsupported-signature",
     HOSTS + "\nns.applications.PacketSinkHelper('udp', 9).Install(nodes.Get(1))",
     "ns.core.Config.Connect('/NodeList/1/ApplicationList/0/$ns3::PacketSink/RxWithSeqTsSize', print)",
     ValueError, r"has the signature ns3::PacketSink::SeqTsSizeCallback, which the Python bindings cannot connect"),
    ("connect-not-callable", HOSTS, "ns.core.Config.Connect('/NodeList/0/DeviceList/0/MacTx', 5)",
     TypeError, r"Connect"),
    ("trace-unknown-source", HOSTS,
     "nodes.Get(0).GetDevice(0).TraceConnectWithoutContext('Nope', print)",
     ValueError, r"TraceConnectWithoutContext: ns3::PointToPointNetDevice has no trace source 'Nope'"),
    ("trace-callback-raises",
     HOSTS + "\nnodes.Get(0).GetDevice(0).TraceConnectWithoutContext('MacTx', lambda p: p.Nope())"
             "\ntraffic(nodes, ifs)", "ns.core.Simulator.Run()", AttributeError, r"Nope"),
    ("trace-callback-wrong-arity",
     HOSTS + "\nns.core.Config.Connect('/NodeList/0/DeviceList/0/MacTx', lambda p: None)"
             "\ntraffic(nodes, ifs)", "ns.core.Simulator.Run()", TypeError, r"argument"),
    ("ipsec-trace-unknown", HOSTS,
     "ns.ipsec.IpsecHelper.Get(nodes.Get(0)).TraceConnectWithoutContext('Dropp', print)",
     ValueError, r"ns3::IpsecL3Protocol has no trace source 'Dropp'; did you mean 'Drop'"),
    ("schedule-arguments-mismatch", "ns.core.Simulator.Schedule(ns.core.Seconds(1), lambda x: None, 1, 2)",
     "ns.core.Simulator.Run()", TypeError, r"argument"),
    ("global-unknown", "", "ns.core.Config.SetGlobal('RngRunn', 3)",
     ValueError, r"there is no global value 'RngRunn'; did you mean 'RngRun'"),
    ("global-seed-zero", "", "ns.core.Config.SetGlobal('RngSeed', 0)", ValueError, r"at least 1"),
    ("global-simulator-type", "", "ns.core.GlobalValue.Bind('SimulatorImplementationType', 'ns3::Nope')",
     ValueError, r"expected the name of a ns3::SimulatorImpl type"),
    # --- logging
    ("log-unknown-component", "",
     "ns.core.LogComponentEnable('UdpEchoClientApp', ns.core.LOG_LEVEL_INFO)",
     ValueError, r"no log component 'UdpEchoClientApp'; did you mean 'UdpEchoClientApplication'"),
    ("log-bad-level", "", "ns.core.LogComponentEnable('UdpEchoClientApplication', -1)",
     ValueError, r"-1 is not a log level"),
    # --- nodes, devices, pcap and ascii
    ("get-device-index", HOSTS, "nodes.Get(0).GetDevice(7)",
     IndexError, r"device index 7 out of range \(it holds 2\)"),
    ("get-application-index", HOSTS, "nodes.Get(0).GetApplication(0)",
     IndexError, r"application index 0 out of range"),
    ("get-object-not-a-class", HOSTS, "nodes.Get(0).GetObject(5)", TypeError, r"GetObject takes"),
    ("create-object-unknown", "", "ns.CreateObject('Nope')", ValueError, r"there is no type ns3::Nope"),
    ("create-object-abstract", "", "ns.CreateObject('NetDevice')",
     ValueError, r"ns3::NetDevice is not an Object type with a constructor"),
    ("pcap-wrong-device-type", HOSTS, "ns.csma.CsmaHelper().EnablePcap('x', devices.Get(0))",
     ValueError, r"is a ns3::PointToPointNetDevice, not a ns3::CsmaNetDevice"),
    ("pcap-node-id", HOSTS, "link.EnablePcap('x', 99, 0)", IndexError, r"there is no node 99"),
    ("pcap-device-id", HOSTS, "link.EnableAscii('x', 0, 5)", IndexError, r"node 0 has no device 5"),
    ("pcap-ipv4-missing-folder", HOSTS,
     "ns.internet.InternetStackHelper().EnablePcapIpv4All('/nonexistent/x')", OSError, r"No such file"),
    ("pcap-ipv4-without-stack", BARE, "ns.internet.InternetStackHelper().EnablePcapIpv4('x', bare)",
     ValueError, r"node 0 has no internet stack"),
    ("pcap-ipv4-interface", HOSTS,
     "ns.internet.InternetStackHelper().EnablePcapIpv4('x', nodes.Get(0).GetObject(ns.internet.Ipv4), 9)",
     IndexError, r"there is no interface 9"),
    ("ascii-stream-missing-folder", "", "ns.network.AsciiTraceHelper().CreateFileStream('/nonexistent/x.tr')",
     OSError, r"No such file"),
    ("ascii-stream-folder", "", "ns.network.AsciiTraceHelper().CreateFileStream('.')",
     OSError, r"Is a directory"),
    ("ascii-stream-none", HOSTS, "link.EnableAsciiAll(None)", TypeError, r"the stream must not be None"),
    # --- values, times, addresses
    ("time-from-number", "", "ns.core.Time(5)", TypeError, r"for a number use Seconds\(x\)"),
    ("time-bad-text", "", "ns.core.Time('5 parsecs')", ValueError, r"'5 parsecs' is not a time"),
    ("nanoseconds-nan", "", "ns.core.NanoSeconds(float('nan'))", ValueError, r"NanoSeconds\(nan\)"),
    ("string-value-type", "", "ns.core.StringValue(5)", TypeError, r"StringValue takes a str, not int"),
    ("uinteger-value-negative", "", "ns.core.UintegerValue(-1)", ValueError, r"cannot be negative"),
    ("set-default-value-type", "",
     "ns.core.Config.SetDefault('ns3::UdpClient::MaxPackets', ns.core.TimeValue(ns.core.Seconds(1)))",
     TypeError, r"attribute MaxPackets of ns3::UdpClient takes a UintegerValue"),
    ("get-attribute-value-type", HOSTS, "devices.Get(0).GetAttribute('Mtu', ns.core.TimeValue())",
     TypeError, r"attribute Mtu of ns3::PointToPointNetDevice is a UintegerValue, not a TimeValue"),
    ("ipv4-address-bad", "", "ns.network.Ipv4Address('10.1.1.300')", ValueError, r"not an IPv4 address"),
    ("ipv4-mask-bad", "", "ns.network.Ipv4Mask('255.0.255.0')", ValueError, r"not a network mask"),
    ("inet-socket-port-range", "", "ns.network.InetSocketAddress('10.1.1.1', 70000)", TypeError, r"InetSocketAddress"),
    ("convert-from-wrong-type", "",
     "ns.network.InetSocketAddress.ConvertFrom(ns.addressFromIpv4Address(ns.network.Ipv4Address('10.1.1.1')))",
     ValueError, r"does not hold an InetSocketAddress"),
    ("data-rate-bad", "", "ns.network.DataRate('fast')", ValueError, r"DataRate\('fast'\)"),
    ("address-helper-no-base", HOSTS, "ns.internet.Ipv4AddressHelper().Assign(devices)",
     ValueError, r"no network to number from \(call SetBase first\)"),
    ("address-helper-bad-base", "",
     "ns.internet.Ipv4AddressHelper().SetBase(ns.network.Ipv4Address('10.1.1.0'), ns.network.Ipv4Mask('255.255.255.0'), '0.0.1.0')",
     ValueError, r"base 0.0.1.0 is not a host part of a /24 network"),
    ("set-mtu-tiny", HOSTS, "devices.Get(0).SetMtu(20)", ValueError, r"at least 68 bytes"),
    # --- names that do not exist
    ("unbound-module", "", "ns.wifi.WifiHelper()", AttributeError, r"ns-3's wifi module has no Python bindings"),
    ("cppyy", "", "ns.cppyy.cppdef('int x;')", AttributeError, r"ns.cppyy is not available"),
    ("ipsec-stats-of", HOSTS, "ns.ipsec.IpsecHelper.Get(nodes.Get(0)).GetStats().Of('gre')",
     ValueError, r"'esp' or 'ah', not 'gre'"),
]


@pytest.mark.parametrize("name,setup,statement,error,message", NS3_BAD_INPUTS,
                         ids=[case[0] for case in NS3_BAD_INPUTS])
def test_new_api_bad_input_raises_instead_of_crashing(name, setup, statement, error, message):
    script = "\n".join([
        NS3_PRELUDE,
        setup,
        "try:",
        "    " + statement,
        "except BaseException as e:",
        "    print('RAISED', ' '.join(c.__name__ for c in type(e).__mro__))",
        "    print('MESSAGE', str(e).replace(chr(10), ' '))",
        "    sys.exit(0)",
        "print('RAISED nothing')",
    ])
    result = subprocess.run(["/usr/bin/python3", "-c", script], env=python_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (
        f"the interpreter died (exit {result.returncode}) on: {statement}\n{result.stderr[-2000:]}")
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines()
                 if line.startswith(("RAISED ", "MESSAGE ")))
    assert error.__name__ in lines.get("RAISED", "").split(), (
        f"{statement} raised {lines.get('RAISED')}: {lines.get('MESSAGE')}\n{result.stderr[-2000:]}")
    assert re.search(message, lines.get("MESSAGE", "")), (
        f"{statement}: message {lines.get('MESSAGE')!r} does not match {message!r}")
