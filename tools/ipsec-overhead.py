#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""IPsec overhead from the PCAPs and key export of an ns-3 ipsec run.

Reads the wire captures (PPP, Ethernet, Linux cooked or raw IPv4), the cleartext "enc0" captures
(IpsecHelper::EnableCleartextPcap: raw IPv4, the datagrams before protection and after
verification) and the SA export (--sa-file of the examples: PATH.setkey names each SA's protocol,
SPI, mode and algorithms; the Wireshark esp_sa table at PATH is a fallback for ESP). Every wire
datagram of an SA is matched to the cleartext datagram it carries, and every byte it added is
attributed without decrypting anything:

  outer IPv4 header (tunnel mode), ESP header (SPI + sequence, 8), IV, padding, the 2-byte
  pad-length/next-header trailer, ICV, AH header (12 + ICV field padded to 4 octets, RFC 4302),
  and the IP headers of fragments protection added.

The IV and ICV sizes come from the algorithm table below (the same numbers as the module's
registry, model/ipsec-algorithms.cc); the padding is what is left:
pad = ESP payload length - 8 - IV - protected bytes - 2 - ICV.

How wire datagrams meet their cleartext:
  * the same cleartext datagram seen by two nodes (sender's CleartextOut, receiver's CleartextIn)
    is one datagram: the earlier view is the protecting node's;
  * transport mode keeps the IP header, so a wire datagram matches the cleartext datagram with its
    addresses and IP identification (and the size the SA's arithmetic predicts);
  * tunnel mode hides the inner header: the k-th datagram a node protected with an SA carries
    sequence number k, so each SA's wire datagrams are matched in sequence order to the cleartext
    datagrams of the node and peer that fit them (the arithmetic checks every match).
Datagrams without IPsec on the wire are their own cleartext (overhead 0): a --protocol=none run
gives the baseline rows. Cleartext copies of tunnelled datagrams captured outside the tunnel (the
LAN side of a gateway) are recognised and not counted twice.

Usage (Python 3 and its standard library only):
  build/examples/ipsec-transport --encr=aes-gcm-16 --pcap=esp --sa-file=esp_sa
  tools/ipsec-overhead.py --sa-file esp_sa esp-0-0.pcap esp-0-enc.pcap esp-1-enc.pcap
  build/examples/ipsec-vpn-gateway --pcap=vpn --sa-file=vpn_sa
  tools/ipsec-overhead.py --sa-file vpn_sa vpn-gw1-2.pcap vpn-gw1-enc.pcap vpn-gw2-enc.pcap
  tools/ipsec-overhead.py --prefix vpn --sa-file vpn_sa --csv flows.csv --suite-csv suites.csv
Prints three tables: per flow (inner 5-tuple; ICMP: echo identifier and type) and suite, per
suite, and per SA chain with the sums the protecting node's IpsecStats counts ("protected" and
"all" include the datagrams it protected that the captures missed, e.g. queue drops). Goodput is
payload delivered / (last delivery - first send): sent when the cleartext view saw it protected,
delivered when the receiver's view saw it verified; datagrams without IPsec count from their
first to their last sighting in the captures (give the receiver's capture too: --prefix does),
and wire_goodput_bps in the CSV is the payload through the wire capture per second.
Files given without --wire/--clear are sorted by link type: raw IPv4 captures are cleartext views,
the others wire captures. Import it as a module (importlib, see examples/ipsec-overhead-study.py)
for analyse(), which returns the per-packet matches and the flow, suite and SA summaries.
"""

import argparse
import collections
import csv
import dataclasses
import glob
import os
import struct
import sys

# ---------------------------------------------------------------------------------- algorithms
# name: (kind, iv bytes, block bytes, icv bytes, setkey name, Wireshark esp_sa name, aliases)
# Kinds: "integrity", "cipher", "aead". Copied from model/ipsec-algorithms.cc (the test checks it).
ALGORITHMS = {
    "hmac-md5-96": ("integrity", 0, 1, 12, "hmac-md5", "HMAC-MD5-96 [RFC2403]", ("md5", "hmac-md5", "hmac_md5")),
    "hmac-sha1-96": ("integrity", 0, 1, 12, "hmac-sha1", "HMAC-SHA-1-96 [RFC2404]",
                     ("sha1", "sha", "hmac-sha1", "hmac-sha", "hmac_sha1")),
    "hmac-sha256-128": ("integrity", 0, 1, 16, "hmac-sha2-256", "HMAC-SHA-256-128 [RFC4868]",
                        ("sha256", "sha-256", "sha2-256", "hmac-sha256", "hmac-sha-256", "hmac-sha2-256",
                         "hmac_sha256")),
    "hmac-sha384-192": ("integrity", 0, 1, 24, "hmac-sha2-384", "HMAC-SHA-384-192 [RFC4868]",
                        ("sha384", "sha-384", "sha2-384", "hmac-sha384", "hmac-sha-384", "hmac-sha2-384",
                         "hmac_sha384")),
    "hmac-sha512-256": ("integrity", 0, 1, 32, "hmac-sha2-512", "HMAC-SHA-512-256 [RFC4868]",
                        ("sha512", "sha-512", "sha2-512", "hmac-sha512", "hmac-sha-512", "hmac-sha2-512",
                         "hmac_sha512")),
    "aes-xcbc-mac-96": ("integrity", 0, 1, 12, "aes-xcbc-mac", "ANY 96 bit authentication [no checking]",
                        ("aes-xcbc-mac", "aes-xcbc", "xcbc", "aesxcbc")),
    "aes-gmac": ("aead", 8, 1, 16, "aes-gmac", "", ("gmac", "null-aes-gmac", "aes-128-gmac", "aesgmac")),
    "null": ("cipher", 0, 1, 0, "null", "NULL", ("null-enc", "enc-null", "none")),
    "des-cbc": ("cipher", 8, 8, 0, "des-cbc", "DES-CBC [RFC2405]", ("des",)),
    "3des-cbc": ("cipher", 8, 8, 0, "3des-cbc", "TripleDES-CBC [RFC2451]",
                 ("3des", "des3", "des3-cbc", "3des-ede-cbc", "des-ede3-cbc")),
    "blowfish-cbc": ("cipher", 8, 8, 0, "blowfish-cbc", "BLOWFISH-CBC [RFC2451]", ("blowfish", "bf-cbc", "bf")),
    "aes-cbc": ("cipher", 16, 16, 0, "aes-cbc", "AES-CBC [RFC3602]", ("aes", "rijndael-cbc", "rijndael", "aescbc")),
    "aes-ctr": ("cipher", 8, 1, 0, "aes-ctr", "AES-CTR [RFC3686]", ("aesctr",)),
    "camellia-cbc": ("cipher", 16, 16, 0, "camellia-cbc", "", ("camellia",)),
    "aes-gcm-8": ("aead", 8, 1, 8, "aes-gcm-8", "AES-GCM with 8 octet ICV [RFC4106]",
                  ("aes-gcm8", "aes-gcm-64", "aesgcm8")),
    "aes-gcm-12": ("aead", 8, 1, 12, "aes-gcm-12", "AES-GCM with 12 octet ICV [RFC4106]",
                   ("aes-gcm12", "aes-gcm-96", "aesgcm12")),
    "aes-gcm-16": ("aead", 8, 1, 16, "aes-gcm-16", "AES-GCM with 16 octet ICV [RFC4106]",
                   ("aes-gcm", "aes-gcm16", "aes-gcm-128", "aesgcm16", "aesgcm")),
    "aes-ccm-8": ("aead", 8, 1, 8, "aes-ccm-8", "", ("aes-ccm8", "aes-ccm-64", "aesccm8")),
    "aes-ccm-12": ("aead", 8, 1, 12, "aes-ccm-12", "", ("aes-ccm12", "aes-ccm-96", "aesccm12")),
    "aes-ccm-16": ("aead", 8, 1, 16, "aes-ccm-16", "", ("aes-ccm", "aes-ccm16", "aes-ccm-128", "aesccm16", "aesccm")),
    "chacha20-poly1305": ("aead", 8, 1, 16, "chacha20-poly1305", "", ("chacha20poly1305", "chacha")),
}


@dataclasses.dataclass(frozen=True)
class Algorithm:
    name: str
    kind: str
    iv: int
    block: int
    icv: int


def find_algorithm(name):
    """The algorithm called `name` (canonical, alias, setkey or Wireshark name), else None."""
    if name is None:
        return None
    n = name.strip().strip('"').lower()
    for canonical, (kind, iv, block, icv, setkey, wireshark, aliases) in ALGORITHMS.items():
        if n in (canonical, setkey.lower(), wireshark.lower()) or n in aliases:
            return Algorithm(canonical, kind, iv, block, icv)
    return None


# ------------------------------------------------------------------------------------------ SAs
@dataclasses.dataclass
class Sa:
    src: str
    dst: str
    proto: str  # "esp" or "ah"
    spi: int
    mode: str  # "transport", "tunnel" or "" (unknown: guessed from the cleartext)
    encryption: Algorithm = None  # ESP only
    authentication: Algorithm = None

    @property
    def icv(self):
        """ICV bytes the SA appends (ESP) or carries in the AH ICV field before padding."""
        if self.proto == "esp" and self.encryption and self.encryption.kind == "aead":
            return self.encryption.icv
        if not self.authentication:
            return 0
        a = self.authentication
        return a.icv + (a.iv if a.kind == "aead" else 0)  # GMAC in AH: IV || tag

    def describe(self):
        if self.proto == "esp":
            e = self.encryption.name if self.encryption else "?"
            a = "/" + self.authentication.name if self.authentication else ""
            return "esp " + e + a
        return "ah " + (self.authentication.name if self.authentication else "?")


def _setkey_statements(text):
    body = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    for statement in body.split(";"):
        tokens = statement.split()
        if tokens:
            yield tokens


def parse_setkey(text):
    """SAs of `add` statements (setkey -f syntax as IpsecKeyExport writes it)."""
    sas = []
    for t in _setkey_statements(text):
        if t[0] != "add" or len(t) < 5:
            continue
        sa = Sa(src=t[1], dst=t[2], proto=t[3].lower(), spi=int(t[4], 0), mode="transport")
        if sa.proto not in ("esp", "ah"):
            continue
        i = 5
        while i < len(t):
            opt = t[i]
            if opt == "-m" and i + 1 < len(t):
                sa.mode = "tunnel" if t[i + 1] == "tunnel" else "transport"
                i += 2
            elif opt in ("-E", "-A") and i + 1 < len(t):
                alg = find_algorithm(t[i + 1])
                if alg is None:
                    raise ValueError("unknown algorithm %r in SA %s 0x%08x" % (t[i + 1], sa.proto, sa.spi))
                if opt == "-E":
                    sa.encryption = alg
                else:
                    sa.authentication = alg
                i += 2
                if i < len(t) and (t[i].startswith("0x") or t[i].startswith('"')):
                    i += 1  # the key
            else:
                i += 1
        sas.append(sa)
    return sas


def parse_esp_sa(text):
    """SAs of a Wireshark esp_sa table (ESP only; the mode is unknown)."""
    sas = []
    for row in csv.reader(line for line in text.splitlines() if line and not line.startswith("#")):
        if len(row) < 7 or row[0] != "IPv4":
            continue
        encryption = find_algorithm(row[4])
        authentication = None if row[6] == "NULL" else find_algorithm(row[6])
        sas.append(Sa(row[1], row[2], "esp", int(row[3], 16), "", encryption, authentication))
    return sas


def load_sa_file(path):
    """SAs of `path`: PATH.setkey when it exists (what the examples write), else PATH itself as a
    setkey file or a Wireshark esp_sa table."""
    if os.path.exists(path + ".setkey"):
        path = path + ".setkey"
    with open(path) as f:
        text = f.read()
    if any(t[0] == "add" for t in _setkey_statements(text)) or "setkey" in text.split("\n", 1)[0]:
        return parse_setkey(text)
    return parse_esp_sa(text)


# ----------------------------------------------------------------------------------------- PCAP
LINKTYPE_NULL, LINKTYPE_ETHERNET, LINKTYPE_PPP, LINKTYPE_RAW = 0, 1, 9, 101
RAW_LINKTYPES = (12, 14, 101, 228)  # DLT_RAW (BSD, OpenBSD), LINKTYPE_RAW, LINKTYPE_IPV4


def read_pcap(path):
    """(link type, [(time in ns, frame bytes)]) of a classic PCAP file (either byte order, micro-
    or nanosecond timestamps). An empty or header-only file has no records."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return None, []
    magic = data[:4]
    formats = {b"\xd4\xc3\xb2\xa1": ("<", 1000), b"\xa1\xb2\xc3\xd4": (">", 1000),
               b"\x4d\x3c\xb2\xa1": ("<", 1), b"\xa1\xb2\x3c\x4d": (">", 1)}
    if magic not in formats:
        raise ValueError("%s: not a PCAP file (pcapng is not read: convert with editcap -F pcap)" % path)
    endian, unit = formats[magic]
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
    records = []
    header = struct.Struct(endian + "IIII")
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = header.unpack_from(data, off)
        off += 16
        records.append((sec * 1000000000 + frac * unit, data[off:off + incl]))
        off += incl
    return linktype, records


def ipv4_of_frame(linktype, frame):
    """The IPv4 packet in a link-layer frame, or None (ARP, IPv6, other protocols)."""
    if linktype in RAW_LINKTYPES:
        return frame if frame[:1] and frame[0] >> 4 == 4 else None
    if linktype == LINKTYPE_PPP or linktype == 50:
        if frame[:2] == b"\xff\x03":
            frame = frame[2:]
        if frame[:1] and frame[0] & 1:  # protocol field compression
            return frame[1:] if frame[0] == 0x21 else None
        return frame[2:] if frame[:2] == b"\x00\x21" else None
    if linktype == LINKTYPE_ETHERNET:
        off, ethertype = 14, frame[12:14]
        while ethertype in (b"\x81\x00", b"\x88\xa8"):
            ethertype, off = frame[off + 2:off + 4], off + 4
        return frame[off:] if ethertype == b"\x08\x00" else None
    if linktype == 113:  # Linux cooked
        return frame[16:] if frame[14:16] == b"\x08\x00" else None
    if linktype == 276:  # Linux cooked v2
        return frame[20:] if frame[0:2] == b"\x08\x00" else None
    if linktype in (LINKTYPE_NULL, 108):
        family = frame[:4]
        return frame[4:] if family in (b"\x02\x00\x00\x00", b"\x00\x00\x00\x02") else None
    return None


def addr(b):
    return "%d.%d.%d.%d" % (b[0], b[1], b[2], b[3])


@dataclasses.dataclass
class Datagram:
    """An IPv4 datagram (reassembled when it came in fragments) seen in one capture."""
    time: int  # ns, first fragment
    time_last: int  # ns, last fragment
    src: str
    dst: str
    proto: int
    ident: int
    ttl: int
    ihl: int  # header bytes
    length: int  # total length of the (reassembled) datagram
    payload: bytes  # bytes after the IP header (as captured)
    fragments: int = 1
    fragment_bytes: int = 0  # IP bytes of all its fragments, headers included
    first_fragment: int = 0  # total length of the first fragment (MTU evidence)
    capture: str = ""

    def identity(self):
        """What stays the same for one datagram wherever it is seen (TTL and checksum change)."""
        return (self.src, self.dst, self.proto, self.ident, self.length, hash(self.payload))


def datagrams_of(path):
    """The IPv4 datagrams of a capture, fragments reassembled, in time order of completion.
    Returns (link type, datagrams, incomplete fragment sets)."""
    linktype, records = read_pcap(path)
    out, pending = [], {}
    for t, frame in records:
        ip = ipv4_of_frame(linktype, frame)
        if ip is None or len(ip) < 20:
            continue
        ihl = (ip[0] & 15) * 4
        total, ident, flags_off = struct.unpack_from(">HHH", ip, 2)
        ttl, proto = ip[8], ip[9]
        src, dst = addr(ip[12:16]), addr(ip[16:20])
        offset, more = (flags_off & 0x1FFF) * 8, bool(flags_off & 0x2000)
        body = ip[ihl:total]
        if offset == 0 and not more:
            out.append(Datagram(t, t, src, dst, proto, ident, ttl, ihl, total, bytes(body), 1, total, total,
                                os.path.basename(path)))
            continue
        key = (src, dst, proto, ident)
        entry = pending.setdefault(key, {"parts": {}, "end": None, "t0": t, "hdr": None, "bytes": 0})
        entry["parts"][offset] = body
        entry["bytes"] += total
        if offset == 0:
            entry["hdr"] = (ihl, ttl, total)
        if not more:
            entry["end"] = offset + (total - ihl)
        if entry["end"] is not None and entry["hdr"] is not None:
            data, pos = bytearray(), 0
            for o in sorted(entry["parts"]):
                if o > pos:
                    break
                data += entry["parts"][o][pos - o:]
                pos = max(pos, o + len(entry["parts"][o]))
            if pos >= entry["end"]:
                hihl, httl, first = entry["hdr"]
                del pending[key]
                out.append(Datagram(entry["t0"], t, src, dst, proto, ident, httl, hihl, hihl + entry["end"],
                                    bytes(data[:entry["end"]]), len(entry["parts"]), entry["bytes"], first,
                                    os.path.basename(path)))
    return linktype, out, len(pending)


def fragments_needed(size, mtu, header=20):
    """IP packets and IP bytes a datagram of `size` bytes takes on a link (RFC 791, like the
    module's IpsecStats::CountWire)."""
    if mtu is None or size <= mtu or mtu <= header + 8:
        return 1, size
    per = (mtu - header) & ~7
    n = (size - header + per - 1) // per
    return n, size + (n - 1) * header


def transport_of(proto, payload):
    """(source port, destination port, payload bytes, TCP sequence) of a transport header."""
    if proto == 17 and len(payload) >= 8:
        sport, dport, length = struct.unpack_from(">HHH", payload)
        return sport, dport, max(0, length - 8), None
    if proto == 6 and len(payload) >= 20:
        sport, dport, seq = struct.unpack_from(">HHI", payload)
        return sport, dport, len(payload) - (payload[12] >> 4) * 4, seq
    if proto == 1 and len(payload) >= 8:
        kind = payload[0]
        ident = struct.unpack_from(">H", payload, 4)[0] if kind in (0, 8) else 0
        return ident, kind, len(payload) - 8, None
    return 0, 0, len(payload), None


# ------------------------------------------------------------------------------------ arithmetic
PARTS = ("outer_ip", "esp_hdr", "esp_iv", "esp_pad", "esp_trailer", "esp_icv", "ah_hdr", "ah_iv", "ah_icv",
         "ah_pad", "frag_hdr")


def protect(clear_ihl, clear_length, sas):
    """Bytes each part adds when `sas` (in the order they are applied: innermost first) protect a
    cleartext datagram; returns (protected IP length, parts, protected bytes per ESP SA)."""
    header, data = clear_ihl, clear_length - clear_ihl
    parts = dict.fromkeys(PARTS, 0)
    inner = []
    for sa in sas:
        if sa.mode == "tunnel":
            data += header
            header = 20
            parts["outer_ip"] += 20
        if sa.proto == "esp":
            enc = sa.encryption
            align = max(4, enc.block)
            pad = -(data + 2) % align
            inner.append(data)
            parts["esp_hdr"] += 8
            parts["esp_iv"] += enc.iv
            parts["esp_pad"] += pad
            parts["esp_trailer"] += 2
            parts["esp_icv"] += sa.icv
            data += 8 + enc.iv + pad + 2 + sa.icv
        else:
            auth = sa.authentication
            field = (sa.icv + 3) // 4 * 4
            gmac_iv = auth.iv if auth.kind == "aead" else 0
            parts["ah_hdr"] += 12
            parts["ah_iv"] += gmac_iv
            parts["ah_icv"] += sa.icv - gmac_iv
            parts["ah_pad"] += field - sa.icv
            data += 12 + field
    return header + data, parts, inner


def esp_part(parts):
    return sum(parts[k] for k in ("esp_hdr", "esp_iv", "esp_pad", "esp_trailer", "esp_icv"))


def ah_part(parts):
    return sum(parts[k] for k in ("ah_hdr", "ah_iv", "ah_icv", "ah_pad"))


# ------------------------------------------------------------------------------------- analysis
@dataclasses.dataclass
class View:
    """One sighting of a cleartext datagram in an enc0 capture."""
    node: str
    time: int
    datagram: Datagram


@dataclasses.dataclass
class Clear:
    """A cleartext datagram: its protecting node's view (out) and its receivers' views (in)."""
    datagram: Datagram
    out: View = None
    ins: list = dataclasses.field(default_factory=list)
    matched: bool = False
    suite: tuple = None  # (suite, mode) of the SA chain that carried it

    @property
    def sent(self):
        return self.out.time if self.out else min(v.time for v in self.ins)


@dataclasses.dataclass
class Packet:
    """A datagram on the wire with what it carries: the per-packet result."""
    flow: tuple  # (src, dst, proto, sport, dport) of the cleartext
    suite: str  # "none" for datagrams without IPsec
    mode: str  # "transport", "tunnel" or "-"
    sa: str  # the SA chain on the wire ("esp 0x..." / "ah 0x... + esp 0x..."), "" in the clear
    seq: int
    time: int  # ns, when the wire capture saw it
    clear_length: int  # cleartext datagram (IP header included)
    wire_length: int  # protected datagram as IP sends it (before fragmentation)
    wire_ip_bytes: int  # IP bytes of its fragments on the wire
    clear_ip_bytes: int  # IP bytes the cleartext would take on the same link
    fragments: int  # IP packets on the wire
    clear_fragments: int  # IP packets the cleartext would need
    payload: int  # transport payload bytes
    parts: dict  # bytes per overhead part (PARTS)
    consistent: bool  # the sizes agree with the SA arithmetic (minimal padding)
    tcp_seq: int = None  # TCP sequence number (retransmissions carry nothing new)

    @property
    def overhead(self):
        return self.wire_ip_bytes - self.clear_ip_bytes


@dataclasses.dataclass
class Result:
    packets: list  # Packet, one per wire datagram
    flows: list  # dict rows, per (flow, suite)
    suites: list  # dict rows, per suite
    sas: list  # dict rows, per SA chain: the numbers IpsecStats counts
    notes: list  # warnings


def _suite_of(chain_sas):
    applied = list(reversed(chain_sas))
    text = " + ".join(sa.describe() for sa in applied)
    mode = "tunnel" if any(sa.mode == "tunnel" for sa in applied) else "transport"
    return text, mode


def _ipsec_chain(d):
    """[(proto, spi, seq)] of the IPsec headers of a wire datagram, outermost first, and the
    offset and length of the last ESP header's part (or None)."""
    chain, proto, off, body = [], d.proto, 0, d.payload
    length = d.length - d.ihl
    while proto in (50, 51) and off + 8 <= len(body):
        if proto == 51:
            if off + 12 > len(body):
                break
            nxt, plen = body[off], body[off + 1]
            spi, seq = struct.unpack_from(">II", body, off + 4)
            chain.append(("ah", spi, seq))
            off += (plen + 2) * 4
            proto = nxt
        else:
            spi, seq = struct.unpack_from(">II", body, off)
            chain.append(("esp", spi, seq))
            return chain, (off, length - off)
    return chain, None


def analyse(wire_files, clear_files, sa_files, mtu=None):
    """Match the wire datagrams of the captures to their cleartext and attribute every byte."""
    notes = []
    sas = []
    for path in sa_files:
        sas += load_sa_file(path)
    sa_index = {}
    for sa in sas:
        sa_index[(sa.proto, sa.spi, sa.dst)] = sa
        sa_index.setdefault((sa.proto, sa.spi), sa)

    # Wire datagrams: IPsec ones by SA chain and sequence number, the others by identity.
    chains = collections.defaultdict(dict)  # chain key -> seq -> (Datagram, esp extent)
    wire_plain = []
    unknown_spi = collections.Counter()
    for path in wire_files:
        linktype, dgrams, incomplete = datagrams_of(path)
        if incomplete:
            notes.append("%s: %d datagrams whose fragments never completed" % (os.path.basename(path), incomplete))
        for d in dgrams:
            if d.proto not in (50, 51):
                wire_plain.append(d)
                continue
            hdrs, esp = _ipsec_chain(d)
            if not hdrs:
                continue
            key = tuple((p, spi, d.dst) for p, spi, _ in hdrs)
            if any((p, spi, dst) not in sa_index and (p, spi) not in sa_index for p, spi, dst in key):
                unknown_spi[" + ".join("%s 0x%08x" % (p, s) for p, s, _ in key)] += 1
                continue
            chains[key].setdefault(hdrs[0][2], (d, esp))  # seen twice: the first capture counts
    for spis, n in unknown_spi.items():
        notes.append("%d wire datagrams of %s: no such SA in the SA file" % (n, spis))
    # What a receiver's enc view shows between the layers of a bundle (the ESP datagram once AH
    # is verified) is no cleartext of its own.
    inner_layers = {key[i:] for key in chains for i in range(1, len(key))}

    # Cleartext views: one Clear per datagram, the earliest view being the protecting node's.
    views = []
    for path in clear_files:
        node = os.path.basename(path)
        if node.endswith("-enc.pcap"):
            node = node[:-len("-enc.pcap")].rsplit("-", 1)[-1]
        _, dgrams, _ = datagrams_of(path)
        for d in dgrams:
            if d.proto in (50, 51):
                hdrs, _ = _ipsec_chain(d)
                if tuple((p, spi, d.dst) for p, spi, _ in hdrs) in inner_layers:
                    continue
            views.append(View(node, d.time, d))
    views.sort(key=lambda v: v.time)
    clears, waiting = [], collections.defaultdict(collections.deque)
    for v in views:
        key = v.datagram.identity()
        queue = waiting[key]
        # A later view elsewhere of a datagram not yet received there is its delivery.
        twin = next((c for c in queue if c.out.node != v.node and all(i.node != v.node for i in c.ins)), None)
        if twin is not None:
            twin.ins.append(v)
            continue
        c = Clear(v.datagram, out=v)
        clears.append(c)
        queue.append(c)
        while len(queue) > 4:
            queue.popleft()
    # Views never seen twice: protected or received here? As most of their address pair at this node.
    votes = collections.defaultdict(collections.Counter)
    for c in clears:
        if c.ins:
            votes[(c.out.node, c.datagram.src, c.datagram.dst)]["out"] += 1
            for i in c.ins:
                votes[(i.node, c.datagram.src, c.datagram.dst)]["in"] += 1
    for c in clears:
        if not c.ins:
            v = votes.get((c.out.node, c.datagram.src, c.datagram.dst))
            if v and v["in"] > v["out"]:
                c.ins.append(c.out)
                c.out = None
    clear_keys = {c.datagram.identity() for c in clears}

    # Datagrams without IPsec: once each, unless they are tunnelled ones seen outside the tunnel.
    plain = {}
    outside = 0
    for d in wire_plain:
        ident = d.identity()
        if ident in clear_keys:
            outside += 1
        elif ident in plain:
            plain[ident].time_last = max(plain[ident].time_last, d.time_last)
        else:
            plain[ident] = d
    if outside:
        notes.append("%d cleartext datagrams on the wire are tunnelled ones seen outside the tunnel: "
                     "not counted again" % outside)

    def chain_sas(key):
        return [sa_index.get((p, spi, dst)) or sa_index[(p, spi)] for p, spi, dst in key]

    # SAs of unknown mode (esp_sa table only): transport when cleartext with their addresses exists.
    pairs = {(c.datagram.src, c.datagram.dst) for c in clears}
    for sa in sas:
        if not sa.mode:
            sa.mode = "transport" if (sa.src, sa.dst) in pairs else "tunnel"

    packets = []

    def record(key, seq, d, esp, clear):
        sas_applied = list(reversed(chain_sas(key)))
        suite, mode = _suite_of(chain_sas(key))
        cd = clear.datagram
        expected, parts, inner = protect(cd.ihl, cd.length, sas_applied)
        consistent = expected == d.length
        if not consistent and inner and 0 <= parts["esp_pad"] + d.length - expected <= 255 * len(inner):
            # Padding other than the minimum: the measured ESP length decides it.
            parts["esp_pad"] += d.length - expected
        esp_sas = [sa for sa in sas_applied if sa.proto == "esp"]
        if len(esp_sas) == 1 and esp_sas[0].encryption.name == "null" and esp is not None:
            # ESP NULL: the trailer is in the clear, so the pad length on the wire is checked too.
            off, length = esp
            at = off + length - esp_sas[0].icv - 2
            if 0 <= at < len(d.payload) and d.payload[at] != parts["esp_pad"]:
                consistent = False
        if mode == "tunnel" and d.ihl != 20:
            parts["outer_ip"] += d.ihl - 20
        link_mtu = mtu if mtu else (d.first_fragment if d.fragments > 1 else None)
        clear_frags, clear_ip = fragments_needed(cd.length, link_mtu, cd.ihl)
        parts["frag_hdr"] = (d.fragment_bytes - d.length) - (clear_ip - cd.length)
        sport, dport, payload, tcp_seq = transport_of(cd.proto, cd.payload)
        p = Packet((cd.src, cd.dst, cd.proto, sport, dport), suite, mode,
                   " + ".join("%s 0x%08x" % (pr, spi) for pr, spi, _ in key), seq, d.time, cd.length, d.length,
                   d.fragment_bytes, clear_ip, d.fragments, clear_frags, payload, parts, consistent, tcp_seq)
        packets.append(p)
        clear.matched = True
        clear.suite = (suite, mode)
        return p

    # Transport mode: the IP header stays, so addresses + identification + arithmetic match.
    by_ident = collections.defaultdict(list)
    for c in clears:
        d = c.datagram
        by_ident[(d.src, d.dst, d.ident)].append(c)
    transport_pairs = set()
    tunnel_keys = []
    for key, seqs in chains.items():
        csas = chain_sas(key)
        if any(sa.mode == "tunnel" for sa in csas):
            tunnel_keys.append(key)
            continue
        transport_pairs.add((csas[0].src, csas[0].dst))
        applied = list(reversed(csas))
        for seq in sorted(seqs):
            d, esp = seqs[seq]
            candidates = [c for c in by_ident.get((d.src, d.dst, d.ident), ()) if not c.matched]
            fits = [c for c in candidates
                    if protect(c.datagram.ihl, c.datagram.length, applied)[0] == d.length]
            pool = fits or candidates
            if not pool:
                continue
            before = [c for c in pool if c.sent <= d.time]
            best = max(before, key=lambda c: c.sent) if before else min(pool, key=lambda c: c.sent)
            record(key, seq, d, esp, best)

    # Tunnel mode: the k-th datagram a node protects with an SA has sequence number k. Streams of
    # cleartext per (protecting node, receiving node), matched to the SA chain they fit best.
    pair_peer = collections.defaultdict(collections.Counter)
    for c in clears:
        if c.out and c.ins:
            pair_peer[(c.out.node, c.datagram.src, c.datagram.dst)][c.ins[0].node] += 1
    streams = collections.defaultdict(list)
    for c in clears:
        if c.out is None or c.matched or (c.datagram.src, c.datagram.dst) in transport_pairs:
            continue
        peers = pair_peer.get((c.out.node, c.datagram.src, c.datagram.dst))
        peer = peers.most_common(1)[0][0] if peers else None
        streams[(c.out.node, peer)].append(c)
    for s in streams.values():
        s.sort(key=lambda c: c.out.time)

    def fit(stream, key):
        applied = list(reversed(chain_sas(key)))
        seqs = sorted(chains[key])
        step = max(1, len(seqs) // 400)
        hits = checked = 0
        for seq in seqs[::step]:
            if seq - 1 < len(stream):
                checked += 1
                c = stream[seq - 1].datagram
                hits += protect(c.ihl, c.length, applied)[0] == chains[key][seq][0].length
            else:
                checked += 1
        return hits / checked if checked else 0.0

    scores = sorted(((fit(s, key), skey, key) for skey, s in streams.items() for key in tunnel_keys),
                    key=lambda x: -x[0])
    stream_of = {}
    used_streams = set()
    for score, skey, key in scores:
        if score < 0.5 or key in stream_of or skey in used_streams:
            continue
        stream_of[key] = skey
        used_streams.add(skey)
    for key in tunnel_keys:
        if key not in stream_of:
            notes.append("tunnel SA %s: no cleartext view of its node fits its datagrams (is that node's "
                         "enc PCAP given?)" % " + ".join("%s 0x%08x" % (p, s) for p, s, _ in key))
            continue
        stream = streams[stream_of[key]]
        for seq in sorted(chains[key]):
            if 0 < seq <= len(stream):
                d, esp = chains[key][seq]
                record(key, seq, d, esp, stream[seq - 1])

    # Per SA chain: what IpsecStats counts at the protecting node.
    sa_rows = []
    for key in chains:
        csas = chain_sas(key)
        suite, mode = _suite_of(csas)
        mine = [p for p in packets if p.sa == " + ".join("%s 0x%08x" % (pr, s) for pr, s, _ in key)]
        protected = None
        if key in stream_of:
            protected = len(streams[stream_of[key]])
        elif mode == "transport":
            protected = sum(1 for c in clears if c.out and (c.datagram.src, c.datagram.dst) == (csas[0].src, csas[0].dst))
        predicted_esp = predicted_ah = None
        if protected is not None:
            applied = list(reversed(csas))
            if key in stream_of:
                pool = streams[stream_of[key]]
            else:
                pool = [c for c in clears if c.out and (c.datagram.src, c.datagram.dst) == (csas[0].src, csas[0].dst)]
            predicted_esp = predicted_ah = 0
            for c in pool:
                _, parts, _ = protect(c.datagram.ihl, c.datagram.length, applied)
                predicted_esp += esp_part(parts)
                predicted_ah += ah_part(parts)
        sa_rows.append({
            "sa": " + ".join("%s 0x%08x" % (p, s) for p, s, _ in key),
            "src": csas[0].src, "dst": csas[0].dst, "suite": suite, "mode": mode,
            "wire_datagrams": len(chains[key]), "matched": len(mine),
            "protected": protected,
            "esp_overhead_bytes": sum(esp_part(p.parts) for p in mine),
            "ah_overhead_bytes": sum(ah_part(p.parts) for p in mine),
            "esp_overhead_bytes_all": predicted_esp, "ah_overhead_bytes_all": predicted_ah,
            "ip_packets": sum(p.fragments for p in mine),
            "added_fragments": sum(max(0, p.fragments - p.clear_fragments) for p in mine),
            "ip_bytes_added": sum(p.overhead for p in mine),
            "inconsistent": sum(1 for p in mine if not p.consistent),
        })
        if len(mine) < len(chains[key]):
            notes.append("%s: %d of %d wire datagrams without their cleartext" %
                         (sa_rows[-1]["sa"], len(chains[key]) - len(mine), len(chains[key])))
        if sa_rows[-1]["inconsistent"]:
            notes.append("%s: %d datagrams whose size is not the minimal-padding arithmetic's" %
                         (sa_rows[-1]["sa"], sa_rows[-1]["inconsistent"]))

    # Datagrams without IPsec: their own cleartext.
    for d in plain.values():
        sport, dport, payload, tcp_seq = transport_of(d.proto, d.payload)
        packets.append(Packet((d.src, d.dst, d.proto, sport, dport), "none", "-", "", 0, d.time, d.length,
                              d.length, d.fragment_bytes, d.fragment_bytes, d.fragments, d.fragments, payload,
                              dict.fromkeys(PARTS, 0), True, tcp_seq))

    flows = _flow_rows(packets, clears, plain)
    suites = _suite_rows(flows, packets)
    return Result(packets, flows, suites, sa_rows, notes)


def _goodput(sent, delivered):
    """(payload bytes delivered, seconds from the first send to the last delivery)."""
    if not delivered:
        return 0, 0.0
    seen, total = set(), 0
    for key, payload, _ in delivered:
        if key is not None:
            if key in seen:
                continue  # a TCP retransmission delivers nothing new
            seen.add(key)
        total += payload
    end = max(t for _, _, t in delivered)
    return total, (end - min(sent)) / 1e9


def _flow_rows(packets, clears, plain):
    by_flow = collections.defaultdict(list)
    for p in packets:
        by_flow[(p.flow, p.suite, p.mode)].append(p)
    # Goodput of protected flows from the cleartext views: sent when protected, delivered when the
    # receiver verified it (its enc view), else when the wire capture saw it.
    timing = collections.defaultdict(lambda: ([], []))
    suite_of_flow = {}
    for p in packets:
        suite_of_flow.setdefault(p.flow, (p.suite, p.mode))
    wire_time = collections.defaultdict(list)
    for p in packets:
        if p.suite != "none":
            wire_time[p.flow].append(p.time)
    for c in clears:
        d = c.datagram
        sport, dport, payload, tcp_seq = transport_of(d.proto, d.payload)
        flow = (d.src, d.dst, d.proto, sport, dport)
        suite = getattr(c, "suite", None) or suite_of_flow.get(flow, ("?", "?"))
        sent, delivered = timing[(flow,) + tuple(suite)]
        sent.append(c.sent)
        key = (tcp_seq, payload) if tcp_seq is not None else None
        if c.ins:
            delivered.append((key, payload, max(v.time for v in c.ins)))
    for d in plain.values():
        sport, dport, payload, tcp_seq = transport_of(d.proto, d.payload)
        flow = (d.src, d.dst, d.proto, sport, dport)
        sent, delivered = timing[(flow, "none", "-")]
        sent.append(d.time)
        delivered.append(((tcp_seq, payload) if tcp_seq is not None else None, payload, d.time_last))
    rows = []
    for fkey in sorted(set(by_flow) | set(timing), key=lambda k: (k[0], k[1])):
        flow, suite, mode = fkey
        ps = by_flow.get(fkey, [])
        sent, delivered = timing.get(fkey, ([], []))
        if not delivered and ps:  # no receiver view: the wire capture's sightings
            delivered = [(None, p.payload, p.time) for p in ps]
            sent = sent or [p.time for p in ps]
        good_bytes, seconds = _goodput(sent, delivered)
        # At the wire capture: payload through it per second, first to last datagram seen there.
        wire_bytes, _ = _goodput([0], [(None if p.tcp_seq is None else (p.tcp_seq, p.payload), p.payload, 0)
                                       for p in ps])
        span = (max(p.time for p in ps) - min(p.time for p in ps)) / 1e9 if ps else 0.0
        rows.append(_summary(ps, {
            "flow": "%s:%d -> %s:%d %s" % (flow[0], flow[3], flow[1], flow[4],
                                           {6: "tcp", 17: "udp", 1: "icmp"}.get(flow[2], str(flow[2]))),
            "src": flow[0], "dst": flow[1], "proto": flow[2], "sport": flow[3], "dport": flow[4],
            "suite": suite, "mode": mode,
            "sent": len(sent), "delivered": len(delivered), "payload_delivered": good_bytes,
            "duration_s": seconds, "goodput_bps": good_bytes * 8 / seconds if seconds > 0 else 0.0,
            "wire_duration_s": span, "wire_goodput_bps": wire_bytes * 8 / span if span > 0 else 0.0,
        }))
    return rows


def _summary(ps, row):
    n = len(ps)
    row["packets"] = n
    avg = (lambda v: v / n) if n else (lambda v: 0.0)
    row["payload_per_packet"] = avg(sum(p.payload for p in ps))
    row["clear_bytes_per_packet"] = avg(sum(p.clear_length for p in ps))
    row["wire_bytes_per_packet"] = avg(sum(p.wire_ip_bytes for p in ps))
    row["overhead_per_packet"] = avg(sum(p.overhead for p in ps))
    for part in PARTS:
        row[part] = avg(sum(p.parts[part] for p in ps))
    row["fragments_per_datagram"] = avg(sum(p.fragments for p in ps))
    row["added_fragments"] = sum(max(0, p.fragments - p.clear_fragments) for p in ps)
    row["overhead_fraction"] = (sum(p.overhead for p in ps) / sum(p.wire_ip_bytes for p in ps)) if n else 0.0
    row["inconsistent"] = sum(1 for p in ps if not p.consistent)
    return row


def _suite_rows(flows, packets):
    rows = []
    for suite, mode in sorted({(f["suite"], f["mode"]) for f in flows}):
        ps = [p for p in packets if (p.suite, p.mode) == (suite, mode)]
        fl = [f for f in flows if (f["suite"], f["mode"]) == (suite, mode)]
        good = sum(f["payload_delivered"] for f in fl)
        row = {"suite": suite, "mode": mode, "flows": len(fl), "payload_delivered": good,
               "goodput_bps": sum(f["goodput_bps"] for f in fl)}
        row["wire_goodput_bps"] = sum(f["wire_goodput_bps"] for f in fl)
        rows.append(_summary(ps, row))
    return rows


# --------------------------------------------------------------------------------------- output
FLOW_COLUMNS = ["flow", "suite", "mode", "src", "dst", "proto", "sport", "dport", "packets", "payload_per_packet",
                "clear_bytes_per_packet", "wire_bytes_per_packet", "overhead_per_packet", "overhead_fraction"] + \
               list(PARTS) + ["fragments_per_datagram", "added_fragments", "sent", "delivered",
                              "payload_delivered", "duration_s", "goodput_bps", "wire_duration_s",
                              "wire_goodput_bps", "inconsistent"]


def write_csv(path, rows, columns=FLOW_COLUMNS, extra=None):
    """Rows (flow rows by default) as CSV; `extra` adds constant columns first (a run's label)."""
    extra = extra or {}
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(extra) + columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({**extra, **{k: (round(v, 6) if isinstance(v, float) else v) for k, v in r.items()}})


def _table(rows, columns, out):
    text = [[str(h) for h, _ in columns]] + [[fmt(r) for _, fmt in columns] for r in rows]
    widths = [max(len(line[i]) for line in text) for i in range(len(columns))]
    for n, line in enumerate(text):
        out.write("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths)))
                  .rstrip() + "\n")


def print_report(result, out=sys.stdout):
    f1 = lambda k: (lambda r: "%.1f" % r[k])
    split = [
        ("outer", f1("outer_ip")),
        ("esp hdr", f1("esp_hdr")),
        ("ah hdr", lambda r: "%.1f" % (r["ah_hdr"] + r["ah_pad"])),
        ("iv", lambda r: "%.1f" % (r["esp_iv"] + r["ah_iv"])),
        ("pad", f1("esp_pad")),
        ("trl", f1("esp_trailer")),
        ("icv", lambda r: "%.1f" % (r["esp_icv"] + r["ah_icv"])),
        ("frag hdr", f1("frag_hdr")),
    ]
    common = [
        ("pkts", lambda r: str(r["packets"])),
        ("payload", f1("payload_per_packet")),
        ("clear B", f1("clear_bytes_per_packet")),
        ("wire B", f1("wire_bytes_per_packet")),
        ("ovh B", f1("overhead_per_packet")),
        ("ovh %", lambda r: "%.1f" % (100 * r["overhead_fraction"])),
    ] + split + [
        ("frags", lambda r: "%.2f" % r["fragments_per_datagram"]),
        ("goodput Mb/s", lambda r: "%.3f" % (r["goodput_bps"] / 1e6)),
    ]
    out.write("Per flow (bytes per wire datagram, IP level; ovh = wire - cleartext, fragment headers "
              "included):\n")
    _table(result.flows, [("flow", lambda r: r["flow"]), ("suite", lambda r: r["suite"] +
                                                           ("" if r["mode"] in ("-", "transport") else " " + r["mode"]))]
           + common, out)
    out.write("\nPer suite:\n")
    _table(result.suites, [("suite", lambda r: r["suite"]), ("mode", lambda r: r["mode"])] + common, out)
    if result.sas:
        out.write("\nPer SA (at the protecting node, as IpsecStats counts them; 'all' includes datagrams "
                  "protected but not captured):\n")
        _table(result.sas, [
            ("sa", lambda r: r["sa"]), ("suite", lambda r: r["suite"] + " " + r["mode"]),
            ("src -> dst", lambda r: r["src"] + " -> " + r["dst"]),
            ("protected", lambda r: "?" if r["protected"] is None else str(r["protected"])),
            ("on wire", lambda r: str(r["wire_datagrams"])), ("matched", lambda r: str(r["matched"])),
            ("esp ovh B", lambda r: str(r["esp_overhead_bytes"])), ("ah ovh B", lambda r: str(r["ah_overhead_bytes"])),
            ("esp ovh all", lambda r: "?" if r["esp_overhead_bytes_all"] is None else str(r["esp_overhead_bytes_all"])),
            ("ah ovh all", lambda r: "?" if r["ah_overhead_bytes_all"] is None else str(r["ah_overhead_bytes_all"])),
            ("IP pkts", lambda r: str(r["ip_packets"])), ("frags added", lambda r: str(r["added_fragments"])),
            ("IP B added", lambda r: str(r["ip_bytes_added"])),
        ], out)
    for n in result.notes:
        out.write("note: " + n + "\n")


def classify(files):
    """Split files into (wire, cleartext) by link type: raw IPv4 captures are enc0 views."""
    wire, clear = [], []
    for path in files:
        linktype, _ = read_pcap(path)
        (clear if linktype in RAW_LINKTYPES or path.endswith("-enc.pcap") else wire).append(path)
    return wire, clear


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Per-flow and per-suite IPsec overhead from an ns-3 ipsec run's PCAPs and SA export.",
        epilog="example: %(prog)s --sa-file esp_sa esp-0-0.pcap esp-0-enc.pcap esp-1-enc.pcap --csv esp.csv")
    ap.add_argument("files", nargs="*", help="PCAP files: raw-IPv4 ones are cleartext (enc) views, others wire")
    ap.add_argument("--wire", action="append", default=[], help="a wire capture (repeatable)")
    ap.add_argument("--clear", "--enc", action="append", default=[], help="a cleartext enc0 capture (repeatable)")
    ap.add_argument("--prefix", action="append", default=[],
                    help="every PREFIX-*.pcap: *-enc.pcap are cleartext views, the rest wire captures")
    ap.add_argument("--sa-file", action="append", default=[],
                    help="the examples' --sa-file PATH (reads PATH.setkey; a setkey file or esp_sa table too)")
    ap.add_argument("--mtu", type=int, help="link MTU for the cleartext's own fragmentation (default: from "
                                            "the fragments on the wire)")
    ap.add_argument("--csv", help="write the per-flow rows here")
    ap.add_argument("--suite-csv", help="write the per-suite rows here")
    ap.add_argument("--sa-csv", help="write the per-SA rows here")
    args = ap.parse_args(argv)
    files = list(args.files)
    for prefix in args.prefix:
        files += sorted(glob.glob(glob.escape(prefix) + "-*.pcap"))
    wire, clear = classify(files)
    wire += args.wire
    clear += args.clear
    if not wire:
        ap.error("no wire capture given")
    result = analyse(wire, clear, args.sa_file, args.mtu)
    print_report(result)
    if args.csv:
        write_csv(args.csv, result.flows)
    if args.suite_csv:
        write_csv(args.suite_csv, result.suites, ["suite", "mode", "flows"] +
                  [c for c in FLOW_COLUMNS if c not in ("flow", "suite", "mode", "src", "dst", "proto", "sport",
                                                        "dport", "sent", "delivered", "duration_s")])
    if args.sa_csv and result.sas:
        write_csv(args.sa_csv, result.sas, list(result.sas[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
