#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""IPsec overhead study: suites x payload sizes x transport/tunnel mode, as an ns-3 Python script.

One topology for both modes (from ns import ns, on the ns3ipsec bindings):

    h0 ------ gw0 ============ gw1 ------ h1
    10.1.1.0/24     100 Mb/s, 2 ms      10.2.1.0/24
    (1 Gb/s)        172.16.1.0/24       (1 Gb/s)

Transport mode: h0 and h1 protect their traffic end to end (IpsecHelper.ProtectPair). Tunnel
mode: gw0 and gw1 protect 10.1.1.0/24 <-> 10.2.1.0/24 (IpsecHelper.ProtectNetworks); the hosts
know nothing of IPsec. Each run captures gw0's side of the 100 Mb/s link (the wire), the
protecting nodes' cleartext enc0 views (IpsecHelper.EnableCleartextPcap) and the SA export
(IpsecKeyExport.Write), and reads them with tools/ipsec-overhead.py, imported as a module: every
number below is the tool's, from the PCAPs.

  * overhead: UDP h0 -> h1, --packets datagrams of every payload size from 16 to 1472 bytes
    (a 1500-byte datagram) in steps of --step bytes;
  * goodput: a TCP bulk transfer h0 -> h1 (--megabytes), ns-3 segments of 1000 bytes (they fit
    the MTU under any suite) and of 1448 (full-size segments: IPsec makes them two fragments),
    measured at the wire as payload bytes per second.

Suites: no IPsec (the baseline), ESP AES-GCM-16, ESP AES-CBC + HMAC-SHA-256-128, ESP NULL +
HMAC-SHA-256-128, AH HMAC-SHA-256-128, ESP AES-CBC + AH (both HMAC-SHA-256-128). Each run's
numbers are checked against the protecting node's own IpsecStats (overhead per datagram).

Writes a CSV (one row per run) and a figure: (a) overhead per packet vs payload size per suite
and mode; (b) TCP goodput per suite and mode.

  make build
  apt-get install python3-matplotlib          # the figure only (Debian's package)
  PYTHONPATH=build/python /usr/bin/python3 examples/ipsec-overhead-study.py \\
      --csv=results/ipsec-overhead-study.csv --figure=doc/figures/ipsec-overhead.png

About two minutes on one core (4404 runs); --quick for a coarse sweep, --no-figure without
matplotlib. Also ns-3's --ns3::Type::Attribute=value options and --PrintHelp.
"""

import csv
import glob
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

from ns import ns

ROOT = Path(__file__).resolve().parent.parent


def load_tool():
    """tools/ipsec-overhead.py as a module (its file name has a dash)."""
    spec = importlib.util.spec_from_file_location("ipsec_overhead", ROOT / "tools" / "ipsec-overhead.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = load_tool()

# key, label, protocol, encryption, authentication (IpsecHelper.Suite.Parse)
SUITES = [
    ("none", "no IPsec", "none", "", ""),
    ("esp-gcm", "ESP AES-GCM-16", "esp", "aes-gcm-16", "none"),
    ("esp-cbc", "ESP AES-CBC + HMAC-SHA-256", "esp", "aes-cbc", "hmac-sha256-128"),
    ("esp-null", "ESP NULL + HMAC-SHA-256", "esp", "null", "hmac-sha256-128"),
    ("ah", "AH HMAC-SHA-256", "ah", "aes-cbc", "hmac-sha256-128"),
    ("esp-ah", "ESP AES-CBC + AH, HMAC-SHA-256", "esp+ah", "aes-cbc", "hmac-sha256-128"),
]
SHORT = {"none": "no IPsec", "esp-gcm": "ESP\nAES-GCM-16", "esp-cbc": "ESP AES-CBC\n+ SHA-256",
         "esp-null": "ESP NULL\n+ SHA-256", "ah": "AH\nSHA-256", "esp-ah": "ESP AES-CBC\n+ AH SHA-256"}
MODES = ("transport", "tunnel")
MSS = (1000, 1448)
PORT = 9

CSV_COLUMNS = ["experiment", "mode", "suite", "label", "protocol", "encr", "auth", "traffic", "payload",
               "packets", "clear_bytes", "wire_bytes", "overhead", "outer_ip", "esp_hdr", "ah_hdr", "iv", "pad",
               "trailer", "icv", "frag_hdr", "fragments_per_datagram", "goodput_bps", "duration_s",
               "module_overhead", "inconsistent"]


def simulate(mode, suite, traffic, size, prefix, packets=20, megabytes=10):
    """One run: builds the topology, protects it in `mode` with `suite`, sends UDP datagrams or a
    TCP bulk transfer of `size`-byte payloads h0 -> h1, and writes PREFIX-gw0-1.pcap (the wire),
    PREFIX-<node>-enc.pcap (cleartext views) and PREFIX.sa (+ .setkey). Returns the files for the
    tool and the overhead per datagram the sending side's IpsecStats counted."""
    _, _, protocol, encr, auth = suite
    ns.core.RngSeedManager.SetSeed(1)
    ns.core.Config.SetDefault("ns3::TcpSocket::SegmentSize", ns.core.UintegerValue(size if traffic == "tcp" else 536))

    hosts = ns.network.NodeContainer()
    hosts.Create(2)
    gateways = ns.network.NodeContainer()
    gateways.Create(2)
    for name, node in (("h0", hosts.Get(0)), ("h1", hosts.Get(1)), ("gw0", gateways.Get(0)),
                       ("gw1", gateways.Get(1))):
        ns.core.Names.Add(name, node)
    lan = ns.point_to_point.PointToPointHelper()
    lan.SetDeviceAttribute("DataRate", ns.core.StringValue("1Gbps"))
    lan.SetChannelAttribute("Delay", ns.core.StringValue("50us"))
    wan = ns.point_to_point.PointToPointHelper()
    wan.SetDeviceAttribute("DataRate", ns.core.StringValue("100Mbps"))
    wan.SetChannelAttribute("Delay", ns.core.StringValue("2ms"))
    lan_a = lan.Install(hosts.Get(0), gateways.Get(0))
    link = wan.Install(gateways.Get(0), gateways.Get(1))
    lan_b = lan.Install(gateways.Get(1), hosts.Get(1))
    ns.internet.InternetStackHelper().Install(ns.network.NodeContainer(hosts, gateways))
    address = ns.internet.Ipv4AddressHelper()
    mask = ns.network.Ipv4Mask("255.255.255.0")
    address.SetBase(ns.network.Ipv4Address("10.1.1.0"), mask)
    if_a = address.Assign(lan_a)
    address.SetBase(ns.network.Ipv4Address("172.16.1.0"), mask)
    if_wan = address.Assign(link)
    address.SetBase(ns.network.Ipv4Address("10.2.1.0"), mask)
    if_b = address.Assign(lan_b)
    ns.internet.Ipv4GlobalRoutingHelper.PopulateRoutingTables()

    # IPsec on the nodes that protect in this mode (with no suite: installed, no policy).
    ends = hosts if mode == "transport" else gateways
    ipsec = ns.ipsec.IpsecHelper()
    ipsec.Install(ends)
    ipsec.AssignStreams(ends, 1)
    if protocol != "none":
        s = ns.ipsec.IpsecHelper.Suite.Parse(protocol, encr or "aes-cbc", auth)
        if mode == "transport":
            ipsec.ProtectPair(hosts.Get(0), if_a.GetAddress(0), hosts.Get(1), if_b.GetAddress(1), s)
        else:
            ipsec.ProtectNetworks(gateways.Get(0), if_wan.GetAddress(0), ns.network.Ipv4Address("10.1.1.0"), mask,
                                  gateways.Get(1), if_wan.GetAddress(1), ns.network.Ipv4Address("10.2.1.0"), mask,
                                  s)

    server = if_b.GetAddress(1)
    if traffic == "udp":
        ns.applications.UdpServerHelper(PORT).Install(hosts.Get(1))
        client = ns.applications.UdpClientHelper(server, PORT)
        client.SetAttribute("MaxPackets", ns.core.UintegerValue(packets))
        client.SetAttribute("Interval", ns.core.TimeValue(ns.core.MicroSeconds(200)))
        client.SetAttribute("PacketSize", ns.core.UintegerValue(size))
        client.Install(hosts.Get(0)).Start(ns.core.Seconds(1.0))
    else:
        any_address = ns.network.InetSocketAddress(ns.network.Ipv4Address.GetAny(), PORT)
        ns.applications.PacketSinkHelper("ns3::TcpSocketFactory", any_address).Install(hosts.Get(1))
        bulk = ns.applications.BulkSendHelper("ns3::TcpSocketFactory", ns.network.InetSocketAddress(server, PORT))
        bulk.SetAttribute("MaxBytes", ns.core.UintegerValue(int(megabytes * 1e6)))
        bulk.SetAttribute("SendSize", ns.core.UintegerValue(size))
        bulk.Install(hosts.Get(0)).Start(ns.core.Seconds(1.0))

    wan.EnablePcap(prefix, link.Get(0))
    ns.ipsec.IpsecHelper.EnableCleartextPcap(prefix, ends)
    ns.core.Simulator.Stop(ns.core.Seconds(60))
    ns.core.Simulator.Run()
    ns.ipsec.IpsecKeyExport.Write(prefix + ".sa", ends)
    stats = ns.ipsec.IpsecHelper.Get(ends.Get(0)).GetStats()
    module_overhead = stats.OverheadPerDatagram() if stats.wire.datagramsOut else 0.0
    ns.core.Simulator.Destroy()
    files = ([prefix + "-gw0-1.pcap"], sorted(glob.glob(glob.escape(prefix) + "-*-enc.pcap")), [prefix + ".sa"])
    return files, module_overhead


def measure(files, proto, payload=None):
    """The tool's numbers for the h0 -> h1 flow (the packets carrying `payload` bytes when given)."""
    wire, clear, sa = files
    result = tool.analyse(wire, clear, sa)
    ps = [p for p in result.packets if p.flow[2] == proto and p.flow[4] == PORT
          and (payload is None or p.payload == payload)]
    flow = next(f for f in result.flows if f["proto"] == proto and f["dport"] == PORT)
    n = len(ps)
    if n == 0:
        raise RuntimeError("no packets of the flow on the wire (%s)" % wire)

    def avg(f):
        return sum(f(p) for p in ps) / n

    def part(*keys):
        return avg(lambda p: sum(p.parts[k] for k in keys))

    return {
        "packets": n, "payload": avg(lambda p: p.payload), "clear_bytes": avg(lambda p: p.clear_ip_bytes),
        "wire_bytes": avg(lambda p: p.wire_ip_bytes), "overhead": avg(lambda p: p.overhead),
        "outer_ip": part("outer_ip"), "esp_hdr": part("esp_hdr"), "ah_hdr": part("ah_hdr", "ah_pad"),
        "iv": part("esp_iv", "ah_iv"), "pad": part("esp_pad"), "trailer": part("esp_trailer"),
        "icv": part("esp_icv", "ah_icv"), "frag_hdr": part("frag_hdr"),
        "fragments_per_datagram": avg(lambda p: p.fragments),
        "goodput_bps": flow["wire_goodput_bps"], "duration_s": flow["wire_duration_s"],
        "inconsistent": sum(1 for p in ps if not p.consistent),
    }


def study(sizes, packets, megabytes, log):
    rows, mismatches = [], []
    with tempfile.TemporaryDirectory(prefix="ipsec-overhead-study-") as tmp:
        for n, suite in enumerate(SUITES):
            key, label, protocol, encr, auth = suite
            common = {"suite": key, "label": label, "protocol": protocol, "encr": encr, "auth": auth}
            for mode in MODES:
                for size in sizes:
                    prefix = os.path.join(tmp, "%s-%s-udp-%d" % (key, mode, size))
                    files, module = simulate(mode, suite, "udp", size, prefix, packets=packets)
                    m = measure(files, 17)
                    rows.append({"experiment": "overhead", "mode": mode, "traffic": "udp", **common, **m,
                                 "module_overhead": module})
                    # Every datagram of a size is alike: the tool's mean is the module's.
                    if abs(m["overhead"] - module) > 1e-9:
                        mismatches.append((key, mode, size, m["overhead"], module))
                    for f in glob.glob(glob.escape(prefix) + "*"):
                        os.remove(f)
                shown = [r for r in rows[-len(sizes):] if r["payload"] in (sizes[0], sizes[-1])]
                log("%-31s %-9s overhead per packet: %s" % (
                    label, mode, ", ".join("%d B at %d" % (r["overhead"], r["payload"]) for r in shown)))
                for mss in MSS:
                    prefix = os.path.join(tmp, "%s-%s-tcp-%d" % (key, mode, mss))
                    files, module = simulate(mode, suite, "tcp", mss, prefix, megabytes=megabytes)
                    m = measure(files, 6)
                    m["payload"] = mss
                    rows.append({"experiment": "goodput", "mode": mode, "traffic": "tcp", **common, **m,
                                 "module_overhead": module})
                    for f in glob.glob(glob.escape(prefix) + "*"):
                        os.remove(f)
                    log("%-31s %-9s TCP, %d-byte segments: %.2f Mb/s" %
                        (label, mode, mss, m["goodput_bps"] / 1e6))
    return rows, mismatches


def write_csv(path, rows):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()})


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colors = dict(zip([s[0] for s in SUITES], ["#444444", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]))
    labels = {s[0]: s[1] for s in SUITES}
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(13, 5.2), gridspec_kw={"width_ratios": [1.25, 1]})

    for key in labels:
        for mode, style in (("transport", "-"), ("tunnel", "--")):
            pts = sorted((r["payload"], r["overhead"]) for r in rows
                         if r["experiment"] == "overhead" and r["suite"] == key and r["mode"] == mode)
            if not pts or (key == "none" and mode == "tunnel"):
                continue
            label = labels[key] + (" (either mode)" if key == "none" else ", " + mode)
            # ESP NULL + HMAC-SHA-256 adds what AH HMAC-SHA-256 adds (8 + 2 + 16 = 12 + 16): drawn
            # wider underneath so both stay visible.
            wide = key == "esp-null"
            ax.plot([p[0] for p in pts], [p[1] for p in pts], style, color=colors[key],
                    linewidth=4.5 if wide else 0.9, alpha=0.4 if wide else 1, zorder=1 if wide else 2,
                    label=label + (" (= AH)" if wide else ""))
    ax.set_xlabel("UDP payload bytes per packet (AES-CBC's 16-byte blocks: the padding sawtooth; "
                  "right: fragmentation)", fontsize=8)
    ax.set_ylabel("IP bytes added per packet (fragment headers included)")
    ax.set_title("(a) Overhead per packet vs payload size")
    ax.grid(True, alpha=0.3)
    top = max(r["overhead"] for r in rows if r["experiment"] == "overhead")
    ax.set_ylim(-3, top * 1.45)
    ax.set_xlim(0, 1480)
    ax.legend(fontsize=6.5, ncol=2, loc="upper left")

    keys = list(labels)
    groups = [(mode, mss) for mode in MODES for mss in MSS]
    width = 0.8 / len(groups)
    hatches = {"transport": "", "tunnel": "//"}
    values = []
    for gi, (mode, mss) in enumerate(groups):
        good = {r["suite"]: r["goodput_bps"] / 1e6 for r in rows
                if r["experiment"] == "goodput" and r["mode"] == mode and r["payload"] == mss}
        if "none" not in good:
            continue
        for si, key in enumerate(keys):
            if key not in good:
                continue
            x = si + (gi - (len(groups) - 1) / 2) * width
            values.append(good[key])
            bx.bar(x, good[key], width, color=colors[key], alpha=1.0 if mss == MSS[0] else 0.55,
                   hatch=hatches[mode], edgecolor="black", linewidth=0.4,
                   label="%s, %d-byte segments" % (mode, mss) if si == 0 else None)
            if key != "none":
                bx.text(x, good[key] + 0.15, "%.1f%%" % (100 * good[key] / good["none"]), ha="center",
                        va="bottom", fontsize=5.5, rotation=90)
    bx.set_xticks(range(len(keys)))
    bx.set_xticklabels([SHORT[k] for k in keys], fontsize=7)
    bx.set_ylabel("TCP goodput at the wire, Mb/s (axis cut; labels: % of no IPsec)")
    bx.set_title("(b) Goodput per suite (100 Mb/s link)")
    if values:
        bx.set_ylim(max(0, (min(values) - 6) // 10 * 10), max(values) + 7)
    bx.grid(True, axis="y", alpha=0.3)
    bx.legend(fontsize=6.5, loc="upper center", ncol=2)
    fig.suptitle("IPsec overhead on one topology (h0 - gw0 = 100 Mb/s = gw1 - h1): transport mode host to "
                 "host, tunnel mode gateway to gateway; numbers from tools/ipsec-overhead.py", fontsize=9)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    try:  # a 128-colour palette: a quarter of the bytes, no visible change (Pillow comes with matplotlib)
        import io

        from PIL import Image
        buffer = io.BytesIO()
        fig.savefig(buffer, dpi=100, format="png")
        buffer.seek(0)
        Image.open(buffer).convert("RGB").quantize(colors=128).save(path, optimize=True)
    except ImportError:
        fig.savefig(path, dpi=100)


def main(argv):
    cmd = ns.core.CommandLine(__file__)
    cmd.Usage(__doc__.splitlines()[0])
    cmd.AddValue("csv", "CSV output (one row per run)", str(ROOT / "results" / "ipsec-overhead-study.csv"))
    cmd.AddValue("figure", "figure output (PNG)", str(ROOT / "results" / "ipsec-overhead.png"))
    cmd.AddValue("noFigure", "only the CSV (no matplotlib needed)", False)
    cmd.AddValue("step", "payload size step, bytes (16 to 1472)", 4)
    cmd.AddValue("packets", "UDP datagrams per size", 20)
    cmd.AddValue("megabytes", "TCP bulk transfer size, MB", 10)
    cmd.AddValue("quick", "a coarse sweep (step 64, 2 MB transfers)", False)
    cmd.Parse(argv)
    step, megabytes = (64, 2) if cmd.quick else (cmd.step, cmd.megabytes)
    sizes = sorted(set(range(16, 1473, step)) | {1472})
    rows, mismatches = study(sizes, cmd.packets, megabytes, lambda line: print(line, flush=True))
    write_csv(cmd.csv, rows)
    print("CSV: %s (%d runs)" % (cmd.csv, len(rows)))
    bad = sum(r["inconsistent"] for r in rows)
    if bad:
        print("warning: %d packets whose sizes the RFC arithmetic does not explain" % bad)
    for key, mode, size, mine, module in mismatches:
        print("warning: %s %s %d B: the tool counts %.2f B per packet, IpsecStats %.2f" % (key, mode, size, mine, module))
    if not cmd.noFigure:
        plot(rows, cmd.figure)
        print("figure: " + cmd.figure)
    return 1 if mismatches or bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
