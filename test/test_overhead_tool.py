"""tools/ipsec-overhead.py: its numbers agree with the module's IpsecStats and with RFC arithmetic.

Each case runs an example with --pcap and --sa-file, reads the PCAPs with the tool (imported as a
module) and compares per SA what the protecting node counted (netstat -p esp / -p ah, the wire
counters and the example's "IPsec overhead" line) with what the tool attributed byte by byte.
"""
import importlib.util
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = os.environ.get("IPSEC_BUILD_DIR", str(ROOT / "build"))
TRANSPORT = os.path.join(BUILD, "examples", "ipsec-transport")
VPN = os.path.join(BUILD, "examples", "ipsec-vpn-gateway")


def load_tool():
    spec = importlib.util.spec_from_file_location("ipsec_overhead", ROOT / "tools" / "ipsec-overhead.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = load_tool()


def run(tmp_path, binary, *args):
    out = subprocess.run([binary, *args, "--pcap=run", "--sa-file=sa"], cwd=tmp_path, check=True,
                         capture_output=True, text=True, timeout=120).stdout
    return out


def node_stats(output):
    """{node id: {(section, counter): value}} of IpsecHelper::PrintStats."""
    nodes = {}
    for block in output.split("--- node ")[1:]:
        node = int(block.split()[0])
        section, counters = None, {}
        for line in block.splitlines()[1:]:
            if re.fullmatch(r"[a-z]+:", line.strip()):
                section = line.strip()[:-1]
            m = re.match(r"\s+(\d+) (.+)$", line)
            if m and section:
                counters[(section, m.group(2))] = int(m.group(1))
        nodes[node] = counters
    return nodes


def overhead_line(output):
    m = re.search(r"IPsec overhead: +([\d.]+) IP bytes per protected packet \((\d+) protected\): ([\d.]+) of "
                  r"ESP/AH, the rest headers of (\d+) fragments", output)
    return float(m.group(1)), int(m.group(2)), float(m.group(3)), int(m.group(4))


def analyse(tmp_path):
    files = sorted(str(p) for p in tmp_path.glob("run-*.pcap"))
    wire, clear = tool.classify(files)
    return tool.analyse(wire, clear, [str(tmp_path / "sa")])


def esp_rfc(inner, iv, align, icv):
    """RFC 4303: header 8, IV, payload + pad + 2 to the alignment (4 at least), ICV."""
    pad = -(inner + 2) % max(4, align)
    return {"esp_hdr": 8, "esp_iv": iv, "esp_pad": pad, "esp_trailer": 2, "esp_icv": icv}


def ah_rfc(icv):
    """RFC 4302: 12 octets + ICV padded to 4 octets (IPv4)."""
    return {"ah_hdr": 12, "ah_icv": icv, "ah_pad": -icv % 4}


def check_against_module(result, stats, sa_src, n):
    """The protecting node's counters equal the tool's sums over that node's SA chain."""
    rows = [r for r in result.sas if r["src"] == sa_src]
    assert len(rows) == 1, result.sas
    row = rows[0]
    assert row["protected"] == row["matched"] == row["wire_datagrams"] == n
    assert row["inconsistent"] == 0
    assert stats[("wire", "protected datagrams out")] == row["protected"]
    for proto in ("esp", "ah"):
        assert stats[(proto, f"bytes of {proto} overhead out")] == row[f"{proto}_overhead_bytes"]
        if row[f"{proto}_overhead_bytes"]:
            assert stats[(proto, "packets out")] == n
    assert stats[("wire", "IP packets they took (fragments counted)")] == row["ip_packets"]
    assert stats[("wire", "fragments protection added")] == row["added_fragments"]
    assert stats[("wire", "IP bytes protection added (headers of added fragments included)")] == row["ip_bytes_added"]
    return row


TRANSPORT_CASES = [
    # protocol, encr, auth, size, expected parts per packet (RFC arithmetic, UDP: inner = size + 8)
    ("esp", "aes-gcm-16", "none", 1000, esp_rfc(1008, 8, 1, 16)),
    ("esp", "aes-gcm-16", "none", 1001, esp_rfc(1009, 8, 1, 16)),
    ("esp", "aes-cbc", "hmac-sha256-128", 1000, esp_rfc(1008, 16, 16, 16)),
    ("esp", "aes-cbc", "hmac-sha256-128", 333, esp_rfc(341, 16, 16, 16)),
    ("ah", "aes-cbc", "hmac-sha256-128", 1000, ah_rfc(16)),
    ("ah", "aes-cbc", "hmac-sha1-96", 500, ah_rfc(12)),
    ("esp+ah", "aes-cbc", "hmac-sha256-128", 700, {**esp_rfc(708, 16, 16, 16), **ah_rfc(16)}),
    ("esp", "null", "hmac-sha256-128", 1000, esp_rfc(1008, 0, 1, 16)),
    ("esp", "3des-cbc", "hmac-sha1-96", 77, esp_rfc(85, 8, 8, 12)),
]


@pytest.mark.parametrize("protocol,encr,auth,size,parts", TRANSPORT_CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}-{c[3]}" for c in TRANSPORT_CASES])
def test_transport_matches_module_and_rfc(tmp_path, protocol, encr, auth, size, parts):
    n = 20
    out = run(tmp_path, TRANSPORT, f"--protocol={protocol}", f"--encr={encr}", f"--auth={auth}",
              f"--size={size}", f"--packets={n}")
    result = analyse(tmp_path)
    assert not result.notes, result.notes
    row = check_against_module(result, node_stats(out)[0], "10.1.1.1", n)
    per_packet, protected, esp_ah, added = overhead_line(out)
    assert protected == n and added == 0
    expected = sum(parts.values())
    assert per_packet == pytest.approx(expected, abs=0.05) and esp_ah == pytest.approx(expected, abs=0.05)
    assert row["ip_bytes_added"] == n * expected
    (flow,) = result.flows
    assert flow["suite"] != "none" and flow["mode"] == "transport" and flow["packets"] == n
    assert flow["payload_per_packet"] == size and flow["clear_bytes_per_packet"] == size + 28
    assert flow["wire_bytes_per_packet"] == size + 28 + expected
    for part in tool.PARTS:
        assert flow[part] == parts.get(part, 0), part
    assert flow["delivered"] == n and flow["payload_delivered"] == n * size


def test_fragmenting_size(tmp_path):
    """1472 bytes of UDP fill a 1500-byte MTU: ESP makes every datagram two fragments."""
    n = 10
    out = run(tmp_path, TRANSPORT, "--protocol=esp", "--encr=aes-cbc", "--auth=hmac-sha256-128", "--size=1472",
              f"--packets={n}")
    result = analyse(tmp_path)
    row = check_against_module(result, node_stats(out)[0], "10.1.1.1", n)
    per_packet, _, esp_ah, added = overhead_line(out)
    esp = sum(esp_rfc(1480, 16, 16, 16).values())  # 8 + 16 + 6 + 2 + 16 = 48
    assert esp == 48 and esp_ah == esp and added == n == row["added_fragments"]
    assert per_packet == esp + 20  # the second fragment's IP header
    (flow,) = result.flows
    assert flow["fragments_per_datagram"] == 2 and flow["frag_hdr"] == 20
    assert flow["overhead_per_packet"] == per_packet
    assert flow["wire_bytes_per_packet"] == 1500 + 48 + 20


def test_tcp_both_directions(tmp_path):
    """TCP: data one way, acknowledgements the other, each node's SA against its own counters."""
    out = run(tmp_path, TRANSPORT, "--protocol=esp", "--encr=chacha20-poly1305", "--auth=none", "--traffic=tcp",
              "--packets=100", "--size=1000")
    result = analyse(tmp_path)
    stats = node_stats(out)
    for node, src in ((0, "10.1.1.1"), (1, "10.1.1.2")):
        n = stats[node][("esp", "packets out")]
        check_against_module(result, stats[node], src, n)
    data = next(f for f in result.flows if f["sport"] != 9)
    assert data["payload_delivered"] == 100 * 1000 and data["goodput_bps"] > 0


def test_baseline_and_goodput(tmp_path):
    """--protocol=none: no SA, an empty enc PCAP; the wire is the cleartext and the overhead 0.
    Goodput = payload delivered / (last delivery - first send), like FlowMonitor's."""
    n, size = 50, 1000
    base = tmp_path / "none"
    esp = tmp_path / "esp"
    base.mkdir()
    esp.mkdir()
    out = run(base, TRANSPORT, "--protocol=none", f"--packets={n}", f"--size={size}")
    assert overhead_line(out)[1] == 0
    run(esp, TRANSPORT, "--protocol=esp", "--encr=aes-gcm-16", f"--packets={n}", f"--size={size}")
    none_result, esp_result = analyse(base), analyse(esp)
    assert none_result.sas == [] and not none_result.notes
    (flow,) = none_result.flows
    assert flow["suite"] == "none" and flow["packets"] == n and flow["overhead_per_packet"] == 0
    assert flow["wire_bytes_per_packet"] == flow["clear_bytes_per_packet"] == size + 28
    (suite,) = none_result.suites
    assert suite["suite"] == "none"
    (protected,) = esp_result.flows
    for f in (flow, protected):
        # 200 us between sends, then 2 ms of propagation and the last frame's transmission.
        assert f["payload_delivered"] == n * size
        assert (n - 1) * 200e-6 + 2e-3 < f["duration_s"] < (n - 1) * 200e-6 + 2.2e-3
        assert f["goodput_bps"] == pytest.approx(n * size * 8 / f["duration_s"])
    # The same traffic, 36 bytes longer on the wire: a later last delivery, a lower goodput.
    assert protected["duration_s"] - flow["duration_s"] == pytest.approx(36 * 8 / 100e6, abs=1.5e-6)
    assert protected["goodput_bps"] < flow["goodput_bps"]


def test_tunnel_mode_vpn_gateway(tmp_path):
    """Tunnel mode through ipsec-vpn-gateway (gw1's Internet side and both gateways' enc views):
    sequence-order matching finds every SA's cleartext; packets the queue dropped after
    protection are counted by the module and by the tool's 'protected' and 'all' columns."""
    out = run(tmp_path, VPN, "--protocol=esp", "--encr=aes-gcm-16", "--auth=none", "--duration=1")
    files = [str(tmp_path / f) for f in ("run-gw1-2.pcap", "run-gw1-enc.pcap", "run-gw2-enc.pcap")]
    wire, clear = tool.classify(files)
    assert wire == files[:1]
    result = tool.analyse(wire, clear, [str(tmp_path / "sa")])
    stats = node_stats(out)
    gateways = {4: "172.16.1.1", 5: "172.16.2.2"}
    for node, src in gateways.items():
        (row,) = [r for r in result.sas if r["src"] == src]
        s = stats[node]
        assert row["mode"] == "tunnel" and row["inconsistent"] == 0
        assert row["matched"] == row["wire_datagrams"] > 0
        assert row["protected"] == s[("esp", "packets out")] == s[("wire", "protected datagrams out")]
        assert row["esp_overhead_bytes_all"] == s[("esp", "bytes of esp overhead out")]
        # AES-GCM-16 in tunnel mode: 20 outer + 8 + 8 IV + pad + 2 + 16; every inner size here pads 2.
        added = s[("wire", "IP bytes protection added (headers of added fragments included)")]
        assert added / s[("wire", "protected datagrams out")] == 56
        assert row["ip_bytes_added"] == 56 * row["matched"]
    tunnelled = [f for f in result.flows if f["mode"] == "tunnel"]
    assert {f["flow"] for f in tunnelled} >= {"10.1.1.2:49153 -> 10.2.1.2:5000 udp",
                                              "10.1.1.3:49153 -> 10.2.1.3:5001 udp"}
    for f in tunnelled:
        assert f["outer_ip"] == 20 and f["esp_iv"] == 8 and f["esp_icv"] == 16 and f["overhead_per_packet"] == 56
    # The Internet flow is not protected: its own baseline.
    (internet,) = [f for f in result.flows if f["dst"] == "172.16.3.2"]
    assert internet["suite"] == "none" and internet["overhead_per_packet"] == 0
    assert internet["wire_bytes_per_packet"] == 528


def test_tunnel_bundle_and_lan_capture(tmp_path):
    """ESP + AH through the tunnel, every capture of the run given (--prefix): the LAN side's
    cleartext copies of tunnelled datagrams and the enc views between a bundle's layers are not
    counted as flows of their own."""
    out = run(tmp_path, VPN, "--protocol=esp+ah", "--encr=aes-cbc", "--auth=hmac-sha256-128", "--duration=0.5")
    result = analyse(tmp_path)
    stats = node_stats(out)
    for node, src in {4: "172.16.1.1", 5: "172.16.2.2"}.items():
        (row,) = [r for r in result.sas if r["src"] == src]
        assert row["inconsistent"] == 0 and row["matched"] == row["wire_datagrams"]
        assert row["protected"] == stats[node][("esp", "packets out")] == stats[node][("ah", "packets out")]
        assert row["esp_overhead_bytes_all"] == stats[node][("esp", "bytes of esp overhead out")]
        assert row["ah_overhead_bytes_all"] == stats[node][("ah", "bytes of ah overhead out")]
    assert {f["suite"] for f in result.flows} == {"esp aes-cbc/hmac-sha256-128 + ah hmac-sha256-128", "none"}
    (internet,) = [f for f in result.flows if f["suite"] == "none"]
    assert internet["dst"] == "172.16.3.2"
    assert any("outside the tunnel" in n for n in result.notes)


def test_algorithm_table_is_the_registry():
    """The tool's IV / block / ICV sizes and names are model/ipsec-algorithms.cc's."""
    source = (ROOT / "model" / "ipsec-algorithms.cc").read_text()
    entry = re.compile(r'\{"([a-z0-9-]+)", K::(\w+),\s*\{([^}]*)\},\s*\d+,\s*\d+,\s*'
                       r'\d+,\s*\d+,\s*\d+,\s*\d+,\s*\d+,\s*(\d+),\s*(\d+),\s*(\d+),\s*(?:true|false),\s*'
                       r'(?:true|false),\s*"([^"]*)",\s*"([^"]*)"')
    found = entry.findall(source)
    assert len(found) == len(tool.ALGORITHMS) == 21
    for name, kind, aliases, iv, block, icv, wireshark, setkey in found:
        assert name in tool.ALGORITHMS
        tkind, tiv, tblock, ticv, tsetkey, twireshark, taliases = tool.ALGORITHMS[name]
        assert (tkind.upper(), tiv, tblock, ticv, tsetkey, twireshark) == \
            (kind, int(iv), int(block), int(icv), setkey, wireshark), name
        assert set(taliases) == set(re.findall(r'"([^"]+)"', aliases)), name


def test_command_line_and_csv(tmp_path):
    run(tmp_path, TRANSPORT, "--protocol=esp", "--encr=aes-gcm-16", "--packets=5")
    out = subprocess.run(["/usr/bin/python3", str(ROOT / "tools" / "ipsec-overhead.py"), "--prefix", "run",
                          "--sa-file", "sa", "--csv", "flows.csv", "--suite-csv", "suites.csv"],
                         cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert "esp aes-gcm-16" in out and "Per suite" in out and "Per SA" in out
    import csv
    (row,) = list(csv.DictReader(open(tmp_path / "flows.csv")))
    assert row["suite"] == "esp aes-gcm-16" and float(row["overhead_per_packet"]) == 36
    assert float(row["esp_pad"]) == 2 and row["packets"] == "5"
    (suite,) = list(csv.DictReader(open(tmp_path / "suites.csv")))
    assert suite["mode"] == "transport"


def test_overhead_study_quick(tmp_path):
    """examples/ipsec-overhead-study.py (an ns-3 Python script on build/python): a coarse sweep runs,
    its numbers agree with every run's IpsecStats (it exits 1 otherwise) and with RFC arithmetic."""
    python = os.path.join(BUILD, "python")
    if not os.path.isdir(os.path.join(python, "ns")):
        pytest.skip("the Python bindings are not built in " + python)
    cache = Path(BUILD) / "CMakeCache.txt"
    if cache.exists() and "-fsanitize" in cache.read_text():
        # An instrumented ns3ipsec needs the ASan runtime preloaded into Python, which
        # fuzz/sanitize/run-tests.sh does for the python-bindings test only.
        pytest.skip("sanitizer build: the bindings are exercised by python-bindings")
    env = dict(os.environ, PYTHONPATH=python)
    out = tmp_path / "study.csv"
    subprocess.run(["/usr/bin/python3", str(ROOT / "examples" / "ipsec-overhead-study.py"), "--quick", "--noFigure",
                    f"--csv={out}"], check=True, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    import csv
    rows = list(csv.DictReader(open(out)))
    overhead = {(r["suite"], r["mode"], int(float(r["payload"]))): float(r["overhead"]) for r in rows
                if r["experiment"] == "overhead"}
    # 16 bytes of UDP: 24 to protect in transport mode, 44 (with the inner header) in tunnel mode.
    gcm = lambda inner: sum(esp_rfc(inner, 8, 1, 16).values())  # noqa: E731
    cbc = lambda inner: sum(esp_rfc(inner, 16, 16, 16).values())  # noqa: E731
    assert overhead[("none", "transport", 16)] == overhead[("none", "tunnel", 16)] == 0
    assert overhead[("esp-gcm", "transport", 16)] == gcm(24) == 36
    assert overhead[("esp-gcm", "tunnel", 16)] == 20 + gcm(44) == 56
    assert overhead[("esp-cbc", "transport", 16)] == cbc(24) == 48
    assert overhead[("esp-cbc", "tunnel", 16)] == 20 + cbc(44) == 64
    assert overhead[("ah", "transport", 16)] == overhead[("esp-null", "transport", 16)] == 28
    # 1472 bytes: a 1500-byte datagram, which protection makes two fragments (one more header).
    assert overhead[("esp-gcm", "transport", 1472)] == gcm(1480) + 20
    for r in rows:
        assert float(r["module_overhead"]) == pytest.approx(float(r["overhead"])) or r["experiment"] == "goodput"
    goodput = {(r["suite"], r["mode"], r["payload"]): float(r["goodput_bps"]) for r in rows
               if r["experiment"] == "goodput"}
    for (suite, mode, mss), bps in goodput.items():
        assert 50e6 < bps < 100e6
        if suite != "none":
            assert bps < goodput[("none", mode, mss)]


def test_pcap_reader_link_types_and_reassembly(tmp_path):
    """Big-endian nanosecond PCAP, Ethernet with a VLAN tag: out-of-order fragments of one UDP
    datagram come back whole, with their count and IP bytes; ARP is skipped."""
    import struct

    def ipv4(ident, offset, more, body, proto=17):
        flags = (0x2000 if more else 0) | (offset // 8)
        return struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(body), ident, flags, 64, proto, 0,
                           bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) + body

    udp = struct.pack(">HHHH", 1234, 9, 8 + 2000, 0) + bytes(range(256)) * 7 + bytes(2000 - 1792)
    pieces = [(0, True, udp[:1480]), (1480, False, udp[1480:])]
    frames = [b"\xff" * 12 + b"\x08\x06" + bytes(28)]  # ARP
    for offset, more, body in reversed(pieces):
        frames.append(b"\x00" * 12 + b"\x81\x00\x00\x05\x08\x00" + ipv4(7, offset, more, body))
    path = tmp_path / "eth.pcap"
    with open(path, "wb") as f:
        f.write(struct.pack(">IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1))
        for i, frame in enumerate(frames):
            f.write(struct.pack(">IIII", 1, 500 + i, len(frame), len(frame)) + frame)
    linktype, dgrams, incomplete = tool.datagrams_of(str(path))
    assert linktype == 1 and incomplete == 0
    (d,) = dgrams
    assert (d.src, d.dst, d.proto, d.ident, d.length) == ("10.0.0.1", "10.0.0.2", 17, 7, 20 + 2008)
    assert d.payload == udp and d.fragments == 2 and d.fragment_bytes == 2008 + 40
    assert d.time == 1_000_000_501 and d.time_last == 1_000_000_502
    assert tool.transport_of(d.proto, d.payload)[:3] == (1234, 9, 2000)
    assert tool.fragments_needed(2028, 1500) == (2, 2048)
