# SPDX-License-Identifier: GPL-2.0-only
"""The NAPT (NaptBox, NaptHelper) from Python: what crosses it, what does not, and bad input.

    inside 10.0.1.1 --- nat 10.0.1.2 | 203.0.113.1 --- outside 203.0.113.2
                        (interface 1)  (interface 2, the public address)
"""
import pytest

import ns3ipsec as ns

INSIDE = ns.Ipv4Address("10.0.1.1")
PUBLIC = ns.Ipv4Address("203.0.113.1")
OUTSIDE = ns.Ipv4Address("203.0.113.2")
KEY_OUT = "0102030405060708090a0b0c0d0e0f1011121314"  # aes-gcm-16: 16-byte key, 4-byte salt
KEY_IN = "a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4"


@pytest.fixture(autouse=True)
def fresh_simulator():
    ns.RngSeedManager.SetSeed(3)
    yield
    ns.Simulator.Destroy()


def nat_topology(**attributes):
    """The three nodes above, routed, the middle one a NAT made with these NaptBox attributes."""
    nodes = ns.NodeContainer(3)
    inside, nat, outside = (nodes.Get(i) for i in range(3))
    ns.InternetStackHelper().Install(nodes)
    link = ns.PointToPointHelper(DataRate="100Mbps", Delay="1ms")
    home = ns.Ipv4AddressHelper("10.0.1.0", "255.255.255.0").Assign(link.Install(inside, nat))
    wan = ns.Ipv4AddressHelper("203.0.113.0", "255.255.255.0").Assign(link.Install(nat, outside))
    assert (home.GetAddress(0), wan.GetAddress(0), wan.GetAddress(1)) == (INSIDE, PUBLIC, OUTSIDE)
    ns.Ipv4GlobalRoutingHelper.PopulateRoutingTables()
    box = ns.NaptHelper(**attributes).Install(nat, 1, 2)
    return inside, nat, outside, box


def echo(inside, outside, packets=10, size=200):
    """UDP echo from inside to outside:7; returns (replies, the sources the server saw)."""
    server = ns.UdpEchoServerHelper(7).Install(outside)
    sources = []
    server.Get(0).TraceConnectWithoutContext(
        "RxWithAddresses",
        lambda packet, source, local: sources.append(ns.InetSocketAddress.ConvertFrom(source)))
    client = ns.UdpEchoClientHelper(OUTSIDE, 7, MaxPackets=packets, Interval="100ms",
                                    PacketSize=size).Install(inside)
    replies = []
    client.Get(0).TraceConnectWithoutContext("Rx", lambda packet: replies.append(packet.GetSize()))
    client.Start(1.0)
    ns.Simulator.Stop(1.0 + packets * 0.1 + 2.0)
    ns.Simulator.Run()
    return replies, sources


def test_udp_echo_crosses_the_nat():
    inside, nat, outside, box = nat_topology()
    assert ns.NaptHelper.Get(nat) is not None
    assert ns.NaptHelper.Get(inside) is None
    assert nat.GetObject(ns.NaptBox).GetPublicAddress() == PUBLIC
    assert box.GetPublicAddress() == PUBLIC
    created, drops = [], []
    box.TraceConnectWithoutContext(
        "MappingCreated", lambda *mapping: created.append(mapping))
    box.TraceConnectWithoutContext("Drop", lambda packet, reason: drops.append(reason))
    replies, sources = echo(inside, outside)
    assert replies == [200] * 10
    # The server saw the NAT's public address, from one public port (one mapping).
    assert {s.GetIpv4() for s in sources} == {PUBLIC}
    assert len({s.GetPort() for s in sources}) == 1
    stats = box.GetStats()
    assert set(stats) == {"mappings_created", "mappings_expired", "translated_out",
                          "translated_in", "dropped_no_mapping", "dropped_filtered",
                          "dropped_fragment", "dropped_header_length", "dropped_protocol",
                          "dropped_ports_exhausted"}
    assert stats["translated_out"] == 10
    assert stats["translated_in"] == 10
    assert stats["mappings_created"] == 1
    assert stats["dropped_protocol"] == 0 and stats["dropped_filtered"] == 0
    assert box.GetMappingCount() == 1
    protocol, address, inside_port, public_port = created[0]
    assert (len(created), protocol, address) == (1, 17, INSIDE)
    assert public_port == sources[0].GetPort() == inside_port  # port preservation
    assert str(public_port) in box.Dump()
    assert drops == []
    assert "203.0.113.1" in repr(box)


def test_idle_mapping_expires():
    inside, nat, outside, box = nat_topology(UdpTimeout="1s")
    expired = []
    box.TraceConnectWithoutContext("MappingExpired", lambda *mapping: expired.append(mapping))
    replies, _ = echo(inside, outside, packets=1)
    assert replies == [200]
    assert box.GetStats()["mappings_expired"] == 0  # expiry is lazy: nothing has run since
    box.Expire()  # the simulation stopped 2 s after the last packet
    assert box.GetMappingCount() == 0
    assert box.GetStats()["mappings_expired"] == 1
    assert len(expired) == 1 and expired[0][:2] == (17, INSIDE)


def test_static_mapping_lets_outside_in():
    inside, nat, outside, box = nat_topology()
    box.AddStaticMapping("udp", 8000, INSIDE, 9)
    box.AddStaticMapping(6, 8080, "10.0.1.1", 80)  # protocol numbers and address text work too
    assert box.GetMappingCount() == 2
    server = ns.Socket.udp(inside)
    server.Bind(9)
    server.SetEcho()
    client = ns.Socket.udp(outside)
    client.Bind()
    client.ConnectAt(0.5, PUBLIC, 8000)
    for i in range(5):
        client.SendAt(1.0 + 0.01 * i, 100)
    ns.Simulator.Stop(2.0)
    ns.Simulator.Run()
    assert server.received_packets == 5
    assert client.received_packets == 5
    stats = box.GetStats()
    assert stats["translated_in"] == 5 and stats["translated_out"] == 5
    assert stats["mappings_created"] == 0  # static mappings are not counted as created


def test_plain_esp_cannot_cross_the_nat():
    inside, nat, outside, box = nat_topology()
    ipsec = ns.IpsecHelper()
    ipsec.Install(ns.NodeContainer([inside, outside]))
    ipsec.ProtectPair(inside, INSIDE, outside, OUTSIDE, ns.Suite.Parse("esp", "aes-gcm-16", "none"))
    drops = []
    box.TraceConnectWithoutContext(
        "Drop", lambda packet, reason: drops.append((packet.GetSize(), reason)))
    replies, sources = echo(inside, outside)
    assert replies == [] and sources == []  # nothing delivered
    stats = box.GetStats()
    assert stats["dropped_protocol"] == 10
    assert stats["translated_out"] == 0 and stats["mappings_created"] == 0
    assert box.GetMappingCount() == 0
    assert [reason for _, reason in drops] == ["protocol"] * 10
    assert all(size > 200 for size, _ in drops)  # the whole datagram: IPv4 + ESP + payload
    assert ns.IpsecHelper.Get(inside).GetStats()["esp"]["packets_out"] == 10
    assert ns.IpsecHelper.Get(outside).GetStats()["esp"]["packets_in"] == 0


def manual_sas(node, mode, local, remote, spi_out, spi_in, key_out, key_in, own, peer):
    """A node's two UDP-encapsulated ESP SAs (outer addresses local <-> remote) and its policy
    protecting own <-> peer (tunnel mode: from local to remote; transport: own == local)."""
    for spi, source, destination, key in ((spi_out, local, remote, key_out),
                                          (spi_in, remote, local, key_in)):
        sa = ns.SecurityAssociation("esp", spi, source, destination)
        sa.SetEncryption("aes-gcm-16", key)
        sa.SetMode(mode)
        sa.SetUdpEncapsulation(source_port=4500, destination_port=4500, nat_local=None,
                               nat_remote=None)
        ns.IpsecHelper.AddSa(node, sa)
    if mode == "tunnel":
        request = ns.ProtectionRequest("esp", "tunnel", "require", tunnel_source=local,
                                       tunnel_destination=remote)
    else:
        request = ns.ProtectionRequest("esp")
    ns.IpsecHelper.AddPolicy(node, ns.SecurityPolicy.HostPair(own, peer, [request]))


@pytest.mark.parametrize("mode", ["transport", "tunnel"])
def test_udp_encapsulated_esp_crosses_the_nat(mode):
    """NAT traversal (RFC 3948): ESP in UDP on port 4500 is mapped like any UDP. Behind the NAT
    the inside host names the outside host's real address; the outside host names the NAT's
    public address as its peer (tunnel mode: only as the tunnel's far end, the road warrior of
    examples/ipsec-nat-traversal.cc, its policy still naming the inside host's own address)."""
    inside, nat, outside, box = nat_topology()
    ipsec = ns.IpsecHelper()
    ipsec.Install(ns.NodeContainer([inside, outside]))
    ipsec.AssignStreams(ns.NodeContainer([inside, outside]), 1)
    manual_sas(inside, mode, INSIDE, OUTSIDE, 0x1001, 0x2001, KEY_OUT, KEY_IN,
               own=INSIDE, peer=OUTSIDE)
    manual_sas(outside, mode, OUTSIDE, PUBLIC, 0x2001, 0x1001, KEY_IN, KEY_OUT,
               own=OUTSIDE, peer=PUBLIC if mode == "transport" else INSIDE)
    created = []
    box.TraceConnectWithoutContext("MappingCreated", lambda *mapping: created.append(mapping))
    replies, sources = echo(inside, outside)
    assert replies == [200] * 10
    # Transport mode: the server sees the NAT's public address; tunnel mode: the inner packet's.
    assert {s.GetIpv4() for s in sources} == {PUBLIC if mode == "transport" else INSIDE}
    stats = box.GetStats()
    assert stats["translated_out"] == 10 and stats["translated_in"] == 10
    assert stats["dropped_protocol"] == 0
    assert box.GetMappingCount() == 1
    assert created == [(17, INSIDE, 4500, 4500)]  # ESP's UDP port, preserved
    for node in (inside, outside):
        ipsec_stats = ns.IpsecHelper.Get(node).GetStats()
        assert ipsec_stats["natt"]["encapsulated_out"] == 10
        assert ipsec_stats["natt"]["encapsulated_in"] == 10
        assert ipsec_stats["esp"]["packets_in"] == 10
        assert ipsec_stats["total_drops"] == 0


def test_bad_input_raises():
    nodes = ns.NodeContainer(3)
    ns.InternetStackHelper().Install(nodes)
    link = ns.PointToPointHelper()
    ns.Ipv4AddressHelper("10.9.1.0", "255.255.255.0").Assign(link.Install(nodes.Get(0), nodes.Get(1)))
    ns.Ipv4AddressHelper("10.9.2.0", "255.255.255.0").Assign(link.Install(nodes.Get(1), nodes.Get(2)))
    nat = nodes.Get(1)
    helper = ns.NaptHelper()
    with pytest.raises(ValueError, match="the inside and outside interfaces are both 1"):
        helper.Install(nat, 1, 1)
    with pytest.raises(ValueError, match="outside interface 9 out of range: node 1 has 3 IPv4"):
        helper.Install(nat, 1, 9)
    with pytest.raises(ValueError, match="inside interface 7 out of range"):
        helper.Install(nat, 7, 2)
    with pytest.raises(TypeError):
        helper.Install(nat, -1, 2)
    with pytest.raises(ValueError, match="has no IPv4 stack"):
        helper.Install(ns.Node(), 1, 2)
    with pytest.raises(TypeError, match="must be a Node, not None"):
        helper.Install(None, 1, 2)
    with pytest.raises(ValueError, match=r"PortRangeMin \(5000\) is greater than PortRangeMax \(4000\)"):
        ns.NaptHelper(PortRangeMin=5000, PortRangeMax=4000).Install(nat, 1, 2)
    with pytest.raises(ValueError, match="invalid value 'FullCone' for attribute Mapping"):
        ns.NaptHelper(Mapping="FullCone")
    with pytest.raises(ValueError, match="has no attribute 'UdpTimout'"):
        ns.NaptHelper(UdpTimout="30s")
    with pytest.raises(ValueError, match="PortRangeMax"):
        ns.NaptHelper(PortRangeMax=70000)
    with pytest.raises(ValueError, match="Filtering"):
        helper.SetAttribute("Filtering", "Open")
    assert ns.NaptHelper.Get(nat) is None  # nothing was installed by the failures

    box = ns.NaptHelper(Mapping="AddressAndPortDependent", PortRangeMin=2000).Install(nat, 1, 2)
    assert ns.NaptHelper.Get(nat).GetPublicAddress() == ns.Ipv4Address("10.9.2.1")
    with pytest.raises(ValueError, match="already has a NAT"):
        helper.Install(nat, 1, 2)
    with pytest.raises(ValueError, match="is the outside interface"):
        box.SetInside(2)
    with pytest.raises(ValueError, match="no IPv4 interface 42"):
        box.SetInside(42)
    with pytest.raises(ValueError, match="protocol 50"):
        box.AddStaticMapping(50, 500, "10.9.1.1", 500)
    with pytest.raises(ValueError, match="protocol must be 'udp', 'tcp' or 'icmp'"):
        box.AddStaticMapping("esp", 500, "10.9.1.1", 500)
    with pytest.raises(ValueError, match="0-255"):
        box.AddStaticMapping(300, 500, "10.9.1.1", 500)
    with pytest.raises(TypeError):
        box.AddStaticMapping(17.0, 500, "10.9.1.1", 500)
    with pytest.raises(ValueError, match="not an IPv4 address"):
        box.AddStaticMapping("udp", 500, "10.9.1.300", 500)
    box.AddStaticMapping("udp", 500, "10.9.1.1", 500)
    with pytest.raises(ValueError, match="already mapped"):
        box.AddStaticMapping("udp", 500, "10.9.1.2", 501)
    with pytest.raises(ValueError, match="no trace source 'Dropped'"):
        box.TraceConnectWithoutContext("Dropped", print)
    assert box.AssignStreams(7) == 0
    ns.Simulator.Destroy()
    with pytest.raises(ValueError, match="the NAT belongs to a simulation that Simulator.Destroy"):
        box.GetStats()
    with pytest.raises(ValueError, match="Simulator.Destroy"):
        box.SetInside(3)
    assert "Simulator.Destroy() ended" in repr(box)
