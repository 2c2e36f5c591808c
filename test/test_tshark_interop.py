"""Interop: the example's PCAP and exported keys let Wireshark (tshark) decrypt the ESP traffic."""
import hashlib
import hmac
import os
import re
import shutil
import struct
import subprocess

import pytest

BUILD = os.environ.get("IPSEC_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "build"))
EXAMPLE = os.path.join(BUILD, "examples", "ipsec-transport")


def run_example(tmp_path, encr, auth, family="IPv4"):
    subprocess.run(
        [EXAMPLE, "--protocol=esp", f"--encr={encr}", f"--auth={auth}", "--traffic=udp",
         "--packets=5", "--size=300", "--pcap=wire", "--sa-file=esp_sa",
         f"--ipv6={int(family == 'IPv6')}", "--ChecksumEnabled=1"],
        cwd=tmp_path, check=True, stdout=subprocess.DEVNULL)
    entries = [l for l in (tmp_path / "esp_sa").read_text().splitlines()
               if l.startswith(f'"{family}"')]
    assert len(entries) == 2, "one esp_sa entry per direction"
    return entries


def tshark(tmp_path, entries, fields, options=()):
    args = ["tshark", "-r", str(tmp_path / "wire-0-0.pcap"), "-o", "esp.enable_encryption_decode:TRUE",
            "-o", "esp.enable_authentication_check:TRUE"] + sum((["-o", o] for o in options), [])
    for e in entries:
        args += ["-o", f"uat:esp_sa:{e}"]
    args += ["-T", "fields"] + sum((["-e", f] for f in fields), [])
    out = subprocess.run(args, cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    return [l.split("\t") for l in out.splitlines() if l.strip()]


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is installed by make test")
@pytest.mark.parametrize("encr,auth", [("aes-cbc", "hmac-sha256-128"), ("aes-gcm-16", "none"),
                                       ("3des-cbc", "hmac-sha1-96"), ("aes-ctr", "hmac-sha512-256")])
def test_tshark_decrypts_esp(tmp_path, encr, auth):
    entries = run_example(tmp_path, encr, auth)
    rows = tshark(tmp_path, entries, ["esp.spi", "udp.dstport", "udp.length", "data.len"])
    assert len(rows) == 5
    for spi, dport, udplen, datalen in rows:
        assert spi, "ESP on the wire"
        assert dport == "9"
        assert udplen == str(300 + 8)
        assert datalen == "300", "the inner UDP payload is intact after Wireshark decrypts it"


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is installed by make test")
@pytest.mark.parametrize("encr,auth", [("aes-cbc", "hmac-sha256-128"), ("aes-gcm-16", "none")])
def test_tshark_decrypts_esp_over_ipv6(tmp_path, encr, auth):
    entries = run_example(tmp_path, encr, auth, family="IPv6")
    rows = tshark(tmp_path, entries,
                  ["ipv6.nxt", "esp.spi", "udp.dstport", "udp.length", "data.len",
                   "udp.checksum.status"], options=["udp.check_checksum:TRUE"])
    rows = [r for r in rows if r[1]]  # ESP only (the rest is Neighbour Discovery)
    assert len(rows) == 5
    for nxt, spi, dport, udplen, datalen, checksum in rows:
        assert nxt == "50", "ESP right after the IPv6 header"
        assert dport == "9" and udplen == str(300 + 8) and datalen == "300"
        assert checksum == "1", "the inner UDP checksum (over the IPv6 pseudo-header) is right"


def ipv6_datagrams(pcap):
    """The IPv6 datagrams of a PPP capture (ns-3's point-to-point links, DLT_PPP)."""
    data = pcap.read_bytes()
    magic, linktype = struct.unpack_from("<I", data, 0)[0], struct.unpack_from("<I", data, 20)[0]
    assert magic == 0xA1B2C3D4 and linktype == 9, "a little-endian DLT_PPP capture"
    offset, datagrams = 24, []
    while offset < len(data):
        caplen = struct.unpack_from("<I", data, offset + 8)[0]
        frame = data[offset + 16:offset + 16 + caplen]
        offset += 16 + caplen
        if frame[:2] == b"\x00\x57":
            datagrams.append(frame[2:])
    return datagrams


def test_ah_over_ipv6_icv_checks_out_independently(tmp_path):
    """Recompute AH's ICV over IPv6 (RFC 4302 §3.3.3) with Python's own HMAC from the exported
    setkey keys: IPv6 header with traffic class, flow label and hop limit zero, AH with its ICV
    zero and its alignment padding as sent, then the payload."""
    subprocess.run(
        [EXAMPLE, "--protocol=ah", "--auth=hmac-sha256-128", "--traffic=udp", "--packets=5",
         "--size=300", "--pcap=wire", "--sa-file=esp_sa", "--ipv6=1", "--ChecksumEnabled=1"],
        cwd=tmp_path, check=True, stdout=subprocess.DEVNULL)
    keys = {}
    for line in (tmp_path / "esp_sa.setkey").read_text().splitlines():
        m = re.match(r"add \S+ \S+ ah (0x[0-9a-f]+) .*-A hmac-sha2-256 0x([0-9a-f]+);", line)
        if m:
            keys[int(m.group(1), 16)] = bytes.fromhex(m.group(2))
    assert len(keys) == 2
    checked = 0
    for d in ipv6_datagrams(tmp_path / "wire-0-0.pcap"):
        if d[6] != 51:
            continue
        ah_len = (d[41] + 2) * 4
        assert ah_len == 32, "12 + 16 bytes of ICV, padded to a multiple of 8"
        spi = struct.unpack_from(">I", d, 44)[0]
        covered = (bytes([0x60, 0, 0, 0]) + d[4:7] + b"\x00" + d[8:40] + d[40:52] + bytes(16)
                   + d[68:40 + ah_len] + d[40 + ah_len:])
        icv = hmac.new(keys[spi], covered, hashlib.sha256).digest()[:16]
        assert icv == d[52:68]
        assert d[40] == 17 and len(d) == 40 + ah_len + 308
        checked += 1
    assert checked == 5


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is installed by make test")
def test_tshark_dissects_ah_over_ipv6(tmp_path):
    subprocess.run(
        [EXAMPLE, "--protocol=ah", "--auth=hmac-sha512-256", "--traffic=udp", "--packets=5",
         "--size=300", "--pcap=wire", "--ipv6=1", "--ChecksumEnabled=1"],
        cwd=tmp_path, check=True, stdout=subprocess.DEVNULL)
    rows = tshark(tmp_path, [], ["ipv6.nxt", "ah.spi", "ah.length", "udp.dstport", "data.len",
                                 "udp.checksum.status"], options=["udp.check_checksum:TRUE"])
    rows = [r for r in rows if r[1]]
    assert len(rows) == 5
    for nxt, spi, length, dport, datalen, checksum in rows:
        assert nxt == "51" and length == "10", "12 + 32 bytes padded to 48: 48 / 4 - 2"
        assert dport == "9" and datalen == "300" and checksum == "1"


VPN6 = os.path.join(BUILD, "examples", "ipsec-vpn-ipv6")


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is installed by make test")
@pytest.mark.parametrize("lan,core", [("ipv4", "ipv4"), ("ipv6", "ipv4"), ("ipv4", "ipv6"),
                                      ("ipv6", "ipv6")])
def test_tshark_decrypts_each_tunnel_family_combination(tmp_path, lan, core):
    """The router between the gateways sees ESP in the core's family; with the exported keys,
    tshark finds inside it the LANs' datagrams, of the other family or the same, intact."""
    subprocess.run([VPN6, f"--lan={lan}", f"--core={core}", "--packets=4", "--tcp-bytes=0",
                    "--pcap=vpn", "--sa-file=sa", "--ChecksumEnabled=1"],
                   cwd=tmp_path, check=True, stdout=subprocess.DEVNULL)
    family = "IPv6" if core == "ipv6" else "IPv4"
    entries = [l for l in (tmp_path / "sa").read_text().splitlines() if l.startswith(f'"{family}"')]
    assert len(entries) == 2, "one esp_sa entry per direction, in the core's family"
    args = ["tshark", "-r", str(tmp_path / "vpn-2-1.pcap"), "-o", "esp.enable_encryption_decode:TRUE",
            "-o", "esp.enable_authentication_check:TRUE", "-o", "udp.check_checksum:TRUE",
            "-o", "ip.check_checksum:TRUE"]
    for e in entries:
        args += ["-o", f"uat:esp_sa:{e}"]
    args += ["-T", "fields", "-e", "ip.src", "-e", "ipv6.src", "-e", "esp.spi", "-e",
             "udp.dstport", "-e", "udp.srcport", "-e", "udp.checksum.status", "-e",
             "esp.sequence"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    rows = [l.split("\t") for l in out.splitlines() if l.strip()]
    rows = [r for r in rows if r[2]]  # ESP (the rest is Neighbour Discovery)
    assert len(rows) == 8, "4 requests and 4 replies, all protected"
    lan_a = "2001:a::" if lan == "ipv6" else "10.1.1."
    lan_b = "2001:b::" if lan == "ipv6" else "10.2.1."
    for ip4, ip6, spi, dport, sport, checksum, seq in rows:
        if lan == core:  # one field, both layers: "outer,inner"
            outer, inner = (ip6 if core == "ipv6" else ip4).split(",")
        else:
            outer, inner = (ip6, ip4) if core == "ipv6" else (ip4, ip6)
        assert outer.startswith("2001:c" if core == "ipv6" else "10.0."), "the gateways outside"
        assert inner.startswith(lan_a) or inner.startswith(lan_b), "a LAN host inside"
        assert "7" in (dport, sport), "the echo datagram, decrypted"
        assert checksum == "1", "the inner UDP checksum is right"


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is installed by make test")
def test_wrong_key_does_not_decrypt(tmp_path):
    entries = run_example(tmp_path, "aes-cbc", "hmac-sha256-128")
    def corrupt(entry):
        fields = entry.split('","')
        key = fields[5]  # "0x..." encryption key
        fields[5] = key[:2] + ("0" if key[2] != "0" else "1") + key[3:]
        return '","'.join(fields)

    broken = [corrupt(e) for e in entries]
    rows = tshark(tmp_path, broken, ["esp.spi", "udp.dstport", "udp.length"])
    # Decrypting with a wrong key gives noise; by chance its trailer may still name a next
    # header Wireshark dissects, but never the real datagram (port 9, 308 bytes).
    assert len(rows) == 5 and all(r[0] for r in rows)
    assert not any(r[1:] == ["9", "308"] for r in rows)


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is installed by make test")
def test_cleartext_view_shows_inner_packets(tmp_path):
    run_example(tmp_path, "aes-gcm-16", "none")
    out = subprocess.run(["tshark", "-r", str(tmp_path / "wire-0-enc.pcap"), "-T", "fields",
                          "-e", "ip.proto", "-e", "udp.dstport"],
                         check=True, capture_output=True, text=True).stdout.split("\n")
    rows = [l.split("\t") for l in out if l.strip()]
    assert rows and all(r == ["17", "9"] for r in rows)


VPN = os.path.join(BUILD, "examples", "ipsec-vpn-gateway")


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is installed by make test")
@pytest.mark.parametrize("protocol,encr,auth", [("esp", "aes-gcm-16", "none"),
                                                ("esp", "aes-cbc", "hmac-sha256-128")])
def test_tshark_decrypts_the_tunnel_and_sees_inner_addresses(tmp_path, protocol, encr, auth):
    subprocess.run([VPN, f"--protocol={protocol}", f"--encr={encr}", f"--auth={auth}", "--hosts=1",
                    "--duration=0.2", "--pcap=vpn", "--sa-file=vpn_sa"],
                   cwd=tmp_path, check=True, stdout=subprocess.DEVNULL)
    entries = [l for l in (tmp_path / "vpn_sa").read_text().splitlines() if l.startswith('"IPv4"')]
    assert len(entries) == 2
    args = ["tshark", "-r", str(tmp_path / "vpn-gw1-2.pcap"), "-o", "esp.enable_encryption_decode:TRUE",
            "-o", "esp.enable_authentication_check:TRUE"]
    for e in entries:
        args += ["-o", f"uat:esp_sa:{e}"]
    args += ["-T", "fields", "-e", "esp.spi", "-e", "ip.src", "-e", "ip.dst", "-e", "ip.proto"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    rows = [l.split("\t") for l in out.splitlines() if l.strip()]
    tunnelled = [r for r in rows if r[0]]
    clear = [r for r in rows if not r[0]]
    assert len(tunnelled) > 100
    for spi, src, dst, proto in tunnelled:
        outer_src, inner_src = src.split(",")
        outer_dst, inner_dst = dst.split(",")
        assert {outer_src, outer_dst} == {"172.16.1.1", "172.16.2.2"}, "only the gateways outside"
        assert {inner_src, inner_dst} == {"10.1.1.2", "10.2.1.2"}, "decrypted: the LAN hosts inside"
        assert proto.split(",")[0] == "50"
    # The flow to the unprotected Internet server crosses in the clear, and the gateways' IKEv2
    # (the flagship keys the tunnel with IKEv2), whose messages the exported keys decrypt.
    ike = [r for r in clear if {r[1], r[2]} == {"172.16.1.1", "172.16.2.2"}]
    assert [r[3] for r in ike] == ["17"] * 4, "IKE_SA_INIT and IKE_AUTH, in UDP"
    assert clear and all(r[1] == "10.1.1.2" and r[2] == "172.16.3.2"
                         for r in clear if r not in ike)
    table = [l for l in (tmp_path / "vpn_sa.ikev2").read_text().splitlines()
             if not l.startswith("#")]
    out = subprocess.run(["tshark", "-r", str(tmp_path / "vpn-gw1-2.pcap"), "-o",
                          f"uat:ikev2_decryption_table:{table[0]}", "-Y", "isakmp", "-T", "fields",
                          "-e", "isakmp.exchangetype", "-e", "isakmp.id.data.fqdn"],
                         check=True, capture_output=True, text=True).stdout
    assert [l.split("\t") for l in out.splitlines()] == [
        ["34", ""], ["34", ""], ["35", "gw1.example,gw2.example"], ["35", "gw2.example"]]
    enc = subprocess.run(["tshark", "-r", str(tmp_path / "vpn-gw1-enc.pcap"), "-T", "fields",
                          "-e", "ip.src"], check=True, capture_output=True, text=True).stdout.split()
    assert enc and set(enc) <= {"10.1.1.2", "10.2.1.2"}, "the enc0 view holds inner packets only"


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is installed by make test")
def test_tshark_decrypts_across_rekeys(tmp_path):
    """Every SA of a run with rekeys is exported once, so every ESP packet of the capture decrypts
    and the setkey export loads."""
    subprocess.run([os.path.join(BUILD, "examples", "ipsec-rekey"), "--duration=12", "--soft=4",
                    "--hard=6", "--timeline=false", "--pcap=rekey"],
                   cwd=tmp_path, check=True, stdout=subprocess.DEVNULL)
    entries = [l for l in (tmp_path / "rekey.esp_sa").read_text().splitlines()
               if l.startswith('"IPv4"')]
    # Each SA once (both hosts hold every SA): a setkey file that adds an SA twice does not load.
    identities = [tuple(e.split('","')[2:4]) for e in entries]
    assert len(identities) == len(set(identities)), entries
    adds = [tuple(l.split()[2:5]) for l in (tmp_path / "rekey.setkey").read_text().splitlines()
            if l.startswith("add ")]
    assert len(adds) == len(set(adds)) == len(entries), adds
    args = ["tshark", "-r", str(tmp_path / "rekey-0-0.pcap"), "-Y", "esp",
            "-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE"]
    for e in entries:
        args += ["-o", f"uat:esp_sa:{e}"]
    args += ["-T", "fields", "-e", "esp.spi", "-e", "udp.dstport", "-e", "tcp.srcport"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    rows = [l.split("\t") for l in out.splitlines() if l.strip()]
    spis = {r[0] for r in rows}
    assert len(spis) >= 2 * 3, "ACQUIRE and at least two rekeys, each direction"
    assert all(r[1] or r[2] for r in rows), "every ESP packet decrypts to UDP or TCP"
    assert sum(1 for r in rows if r[1] == "9") == 1200, "every UDP packet of the stream"



@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is installed by make test")
def test_tshark_decrypts_esp_in_udp_on_both_sides_of_the_nat(tmp_path):
    """RFC 3948: the road warrior's ESP crosses the NAT in UDP 4500; tshark finds ESP in the
    UDP datagrams and decrypts them with the exported keys ("*" addresses) on either side,
    where the outer addresses differ (private inside, the NAT's public address outside)."""
    subprocess.run([os.path.join(BUILD, "examples", "ipsec-nat-traversal"), "--packets=5",
                    "--tcpBytes=0", "--pcap=natt", "--sa-file=esp_sa", "--ChecksumEnabled=1"],
                   cwd=tmp_path, check=True, stdout=subprocess.DEVNULL)
    entries = [l for l in (tmp_path / "esp_sa").read_text().splitlines() if l.startswith('"IPv4"')]
    assert len(entries) == 2 and all('"*","*"' in e for e in entries)
    sources = {}
    for pcap in ("natt-1-1.pcap", "natt-1-2.pcap"):  # the NAT's inside and outside devices
        args = ["tshark", "-r", str(tmp_path / pcap), "-o", "esp.enable_encryption_decode:TRUE",
                "-o", "esp.enable_authentication_check:TRUE", "-o", "udp.check_checksum:TRUE"]
        for e in entries:
            args += ["-o", f"uat:esp_sa:{e}"]
        args += ["-T", "fields", "-e", "ip.src", "-e", "udp.srcport", "-e", "udp.dstport",
                 "-e", "esp.spi", "-e", "ip.dst", "-e", "esp.icv_good", "-e", "udp.length",
                 "-e", "udp.checksum.status", "-Y", "esp"]
        out = subprocess.run(args, cwd=tmp_path, check=True, capture_output=True, text=True).stdout
        rows = [l.split("\t") for l in out.splitlines() if l.strip()]
        assert len(rows) == 10, f"{pcap}: 5 requests and 5 replies, each ESP in UDP"
        for src, sport, dport, spi, dst, icv, lengths, checksums in rows:
            ports = sport.split(",")[0], dport.split(",")[0]
            assert "4500" in ports, "the outer UDP header is port 4500"
            assert spi in ("0x00001001", "0x00002001")
            inner = src.split(",")[-1], dst.split(",")[-1]
            assert "10.2.0.2" in inner and "192.168.1.10" in inner, \
                "decrypted: the inner datagram is between the laptop and the server"
            assert icv == "1", "the ICV checks out"
            assert lengths.split(",")[-1] == "520", "the inner UDP echo datagram is whole"
            assert checksums.split(",")[-1] == "1", "its checksum is right (tunnel: no fix needed)"
            assert checksums.split(",")[0] == "3", \
                "no outer UDP checksum (RFC 3948 §2.1), on either side: the NAT leaves it 0"
        sources[pcap] = {r[0].split(",")[0] for r in rows}
    assert "192.168.1.10" in sources["natt-1-1.pcap"], "inside: the laptop's private address"
    assert "203.0.113.1" in sources["natt-1-2.pcap"], "outside: the NAT's public address"
    assert "192.168.1.10" not in sources["natt-1-2.pcap"]


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is installed by make test")
def test_tshark_decrypts_ikev2_and_every_child_sa_of_the_ikev2_vpn(tmp_path):
    """IKEv2: with the daemons' exported keys (ikev2_decryption_table and esp_sa), tshark
    decrypts every IKE message after IKE_SA_INIT (ICV correct, the identities and traffic
    selectors readable) and every ESP packet, across a Child SA rekey, on both sides of the
    NAT, where IKE and ESP travel in UDP 4500."""
    subprocess.run([os.path.join(BUILD, "examples", "ipsec-ikev2-vpn"), "--duration=45",
                    "--rekey=20", "--ikeRekey=15", "--outageStart=0", "--tcpBytes=0",
                    "--pcap=ikev2", "--keys=keys", "--ChecksumEnabled=1"],
                   cwd=tmp_path, check=True, stdout=subprocess.DEVNULL)
    ike = [l for l in (tmp_path / "keys.ikev2").read_text().splitlines()
           if not l.startswith("#")]
    esp = [l for l in (tmp_path / "keys.esp").read_text().splitlines() if l.startswith('"IPv4"')]
    assert len(ike) >= 3, "the first IKE SA and the ones its rekeys made"
    assert len(esp) >= 4 and len(esp) % 2 == 0, "the first Child SA and its rekeys, two SAs each"
    options = ["-o", "esp.enable_encryption_decode:TRUE", "-o",
               "esp.enable_authentication_check:TRUE"]
    for i in ike:
        options += ["-o", f"uat:ikev2_decryption_table:{i}"]
    for e in esp:
        options += ["-o", f"uat:esp_sa:{e}"]
    # The NAT's inside (home) and outside (Internet) devices.
    for pcap, outer in (("ikev2-nat-1.pcap", "192.168.1.2"), ("ikev2-nat-2.pcap", "203.0.113.1")):
        path = tmp_path / pcap
        out = subprocess.run(["tshark", "-r", str(path)] + options +
                             ["-T", "fields", "-e", "isakmp.exchangetype", "-e", "isakmp.id.data.fqdn",
                              "-e", "isakmp.ts.start_ipv4", "-Y", "isakmp"],
                             cwd=tmp_path, check=True, capture_output=True, text=True).stdout
        rows = [l.split("\t") for l in out.splitlines() if l.strip()]
        exchanges = [r[0] for r in rows]
        assert exchanges[:4] == ["34", "34", "35", "35"], f"{path.name}: IKE_SA_INIT, IKE_AUTH"
        assert exchanges.count("36") >= 2 * (len(ike) - 1 + len(esp) // 2 - 1), \
            "the CREATE_CHILD_SA requests and responses of every IKE and Child SA rekey"
        assert "gwa.example" in rows[2][1] and "gwb.example" in rows[3][1], \
            "IKE_AUTH decrypted: the identities"
        assert "10.1.0.0" in rows[2][2] and "10.2.0.0" in rows[2][2], "and the selectors"
        verbose = subprocess.run(["tshark", "-r", str(path)] + options + ["-V", "-Y", "isakmp"],
                                 cwd=tmp_path, check=True, capture_output=True, text=True).stdout
        icvs = re.findall(r"Integrity Checksum Data: \w+ \(16 bytes\)\s*\[(\w+)\]", verbose)
        assert len(icvs) == len(rows) - 2 and set(icvs) == {"correct"}, \
            "every protected IKE message authenticates"
        out = subprocess.run(["tshark", "-r", str(path)] + options +
                             ["-T", "fields", "-e", "esp.spi", "-e", "esp.icv_good", "-e", "ip.src",
                              "-e", "udp.port", "-Y", "esp"],
                             cwd=tmp_path, check=True, capture_output=True, text=True).stdout
        rows = [l.split("\t") for l in out.splitlines() if l.strip()]
        assert len(rows) >= 800, f"{path.name}: the echo traffic, ESP"
        assert {r[1] for r in rows} == {"1"}, "every ESP packet decrypts and authenticates"
        assert len({r[0] for r in rows}) == len(esp), "on every Child SA"
        assert all(r[3].split(",")[:2] == ["4500", "4500"] and "7" in r[3].split(",")[2:]
                   for r in rows), "ESP in UDP 4500, around the UDP echoes (port 7)"
        assert {r[2].split(",")[0] for r in rows} == {outer, "203.0.113.2"}, \
            "outer addresses: the gateway's private one inside the NAT, the NAT's outside"
