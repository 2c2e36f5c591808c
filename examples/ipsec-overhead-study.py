#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""IPsec overhead study: suites x payload sizes x transport/tunnel mode.

For every suite (no IPsec as the baseline, ESP AES-GCM-16, ESP AES-CBC + HMAC-SHA-256, ESP NULL +
HMAC-SHA-256, AH HMAC-SHA-256, ESP AES-CBC + AH) it runs the simulations with PCAPs and the SA
export, reads them with tools/ipsec-overhead.py (imported as a module) and writes

  * a CSV, one row per run: bytes per packet on the wire and in the clear, the overhead split
    (outer IPv4, ESP/AH headers, IV, padding, trailer, ICV, fragment headers), fragments, goodput;
  * a figure: (a) overhead per packet vs payload size per suite, transport and tunnel mode;
    (b) TCP goodput per suite, with segments that fit the MTU and full-size ones that IPsec pushes
    over it.

The simulations are the module's C++ examples, run as subprocesses: transport mode is
ipsec-transport (two hosts, 100 Mb/s point-to-point; UDP packets of each size; TCP bulk for
goodput), tunnel mode ipsec-vpn-gateway (gateways across a 10 Mb/s routed "Internet"; its TCP
flow a0 -> b0 with ns-3's TcpSocket::SegmentSize set to each size, so the payload sweep is TCP
segments there; the captures are gw1's Internet side and both gateways' enc views).

  make build
  apt-get install python3-matplotlib      # the figure (Debian's package; --no-figure skips it)
  /usr/bin/python3 examples/ipsec-overhead-study.py \\
      --csv results/ipsec-overhead-study.csv --figure doc/figures/ipsec-overhead.png

About two minutes on one core; --quick runs a smaller sweep.
"""

import argparse
import csv
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_tool():
    """tools/ipsec-overhead.py as a module (its file name has a dash)."""
    spec = importlib.util.spec_from_file_location("ipsec_overhead", ROOT / "tools" / "ipsec-overhead.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = load_tool()

# key, label, --protocol, --encr, --auth
SUITES = [
    ("none", "no IPsec", "none", "aes-cbc", "none"),
    ("esp-gcm", "ESP AES-GCM-16", "esp", "aes-gcm-16", "none"),
    ("esp-cbc", "ESP AES-CBC + HMAC-SHA-256", "esp", "aes-cbc", "hmac-sha256-128"),
    ("esp-null", "ESP NULL + HMAC-SHA-256", "esp", "null", "hmac-sha256-128"),
    ("ah", "AH HMAC-SHA-256", "ah", "aes-cbc", "hmac-sha256-128"),
    ("esp-ah", "ESP AES-CBC + AH, HMAC-SHA-256", "esp+ah", "aes-cbc", "hmac-sha256-128"),
]
# Payload sizes: coarse where only the padding changes, fine where protection starts to fragment
# (transport UDP above 1436 bytes with AES-GCM, tunnel TCP above 1392). Tunnel mode stops at 1448:
# a larger TCP segment would already be fragmented on the LAN, before the gateway.
SIZES = [32, 64, 128, 256, 512, 768, 1024, 1280, 1344, 1376, 1392, 1408, 1424, 1440, 1448, 1456, 1472]
TUNNEL_MAX = 1448
MSS = [1000, 1448]  # TCP segments for goodput: fits the MTU with any suite / a full-size segment
UDP_PORT, TCP_PORT = 9, 9

CSV_COLUMNS = ["experiment", "mode", "suite", "label", "protocol", "encr", "auth", "traffic", "payload",
               "packets", "clear_bytes", "wire_bytes", "overhead", "outer_ip", "esp_hdr", "ah_hdr", "iv", "pad",
               "trailer", "icv", "frag_hdr", "fragments_per_datagram", "goodput_bps", "wire_goodput_bps",
               "duration_s", "inconsistent"]


class ExampleRunner:
    """Runs the module's C++ examples with --pcap and --sa-file and returns what the tool reads."""

    def __init__(self, build_dir):
        self.transport = os.path.join(build_dir, "examples", "ipsec-transport")
        self.vpn = os.path.join(build_dir, "examples", "ipsec-vpn-gateway")
        for binary in (self.transport, self.vpn):
            if not os.access(binary, os.X_OK):
                sys.exit("%s is missing: run `make build` first (or pass --build-dir)" % binary)

    def _run(self, args, workdir):
        subprocess.run(args + ["--pcap=run", "--sa-file=sa"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)

    def transport_udp(self, suite, size, packets, workdir):
        _, _, protocol, encr, auth = suite
        self._run([self.transport, "--protocol=" + protocol, "--encr=" + encr, "--auth=" + auth,
                   "--traffic=udp", "--packets=%d" % packets, "--size=%d" % size], workdir)
        return self._files(workdir, "run-*.pcap")

    def transport_tcp(self, suite, mss, megabytes, workdir):
        _, _, protocol, encr, auth = suite
        self._run([self.transport, "--protocol=" + protocol, "--encr=" + encr, "--auth=" + auth,
                   "--traffic=tcp", "--packets=%d" % (megabytes * 1e6 // mss), "--size=%d" % mss,
                   "--ns3::TcpSocket::SegmentSize=%d" % mss], workdir)
        return self._files(workdir, "run-*.pcap")

    def tunnel_tcp(self, suite, mss, seconds, workdir):
        _, _, protocol, encr, auth = suite
        self._run([self.vpn, "--protocol=" + protocol, "--encr=" + encr, "--auth=" + auth, "--hosts=1",
                   "--duration=%g" % seconds, "--ns3::TcpSocket::SegmentSize=%d" % mss], workdir)
        # gw1's Internet side is the tunnel's wire; its LAN side (run-gw1-1.pcap) is left out.
        return self._files(workdir, "run-gw1-2.pcap", "run-*-enc.pcap")

    @staticmethod
    def _files(workdir, *patterns):
        files = [str(p) for pattern in patterns for p in sorted(Path(workdir).glob(pattern))]
        wire, clear = tool.classify(files)
        return wire, clear, [os.path.join(workdir, "sa")]


def measure(files, proto, dport, payload=None):
    """The tool's numbers for the packets of one flow (by protocol and destination port), only
    those carrying `payload` bytes when given (TCP: full segments, not SYN, FIN or the last)."""
    wire, clear, sa = files
    result = tool.analyse(wire, clear, sa)
    ps = [p for p in result.packets if p.flow[2] == proto and p.flow[4] == dport
          and (payload is None or p.payload == payload)]
    flow = next(f for f in result.flows if f["proto"] == proto and f["dport"] == dport)
    n = len(ps)
    if n == 0:
        raise RuntimeError("no packets of the flow on the wire (%s)" % wire)

    def avg(f):
        return sum(f(p) for p in ps) / n

    part = lambda *keys: avg(lambda p: sum(p.parts[k] for k in keys))  # noqa: E731
    return {
        "packets": n, "payload": avg(lambda p: p.payload), "clear_bytes": avg(lambda p: p.clear_ip_bytes),
        "wire_bytes": avg(lambda p: p.wire_ip_bytes), "overhead": avg(lambda p: p.overhead),
        "outer_ip": part("outer_ip"), "esp_hdr": part("esp_hdr"), "ah_hdr": part("ah_hdr", "ah_pad"),
        "iv": part("esp_iv", "ah_iv"), "pad": part("esp_pad"), "trailer": part("esp_trailer"),
        "icv": part("esp_icv", "ah_icv"), "frag_hdr": part("frag_hdr"),
        "fragments_per_datagram": avg(lambda p: p.fragments),
        "goodput_bps": flow["goodput_bps"], "wire_goodput_bps": flow["wire_goodput_bps"],
        "duration_s": flow["duration_s"], "inconsistent": sum(1 for p in ps if not p.consistent),
    }


def study(runner, sizes, mss_list, quick, log):
    rows = []
    base = {"udp_packets": 20, "tcp_megabytes": 2 if quick else 6, "tunnel_seconds": 0.3,
            "tunnel_goodput_seconds": 1 if quick else 4}
    with tempfile.TemporaryDirectory(prefix="ipsec-overhead-study-") as tmp:
        def workdir():
            d = tempfile.mkdtemp(dir=tmp)
            return d

        for suite in SUITES:
            key, label, protocol, encr, auth = suite
            common = {"suite": key, "label": label, "protocol": protocol, "encr": encr if protocol != "ah" and
                      protocol != "none" else "", "auth": auth if protocol != "none" else ""}
            for size in sizes:
                d = workdir()
                m = measure(runner.transport_udp(suite, size, base["udp_packets"], d), 17, UDP_PORT)
                rows.append({"experiment": "overhead", "mode": "transport", "traffic": "udp", **common, **m})
                shutil.rmtree(d)
                tunnel = None
                if size <= TUNNEL_MAX:
                    d = workdir()
                    m = measure(runner.tunnel_tcp(suite, size, base["tunnel_seconds"], d), 6, TCP_PORT, payload=size)
                    rows.append({"experiment": "overhead", "mode": "tunnel", "traffic": "tcp", **common, **m})
                    tunnel = m["overhead"]
                    shutil.rmtree(d)
                log("%-32s payload %5d: %6.1f B/packet transport, %s tunnel" %
                    (label, size, m["overhead"] if tunnel is None else rows[-2]["overhead"],
                     "-" if tunnel is None else "%.1f" % tunnel))
            for mss in mss_list:
                d = workdir()
                m = measure(runner.transport_tcp(suite, mss, base["tcp_megabytes"], d), 6, TCP_PORT)
                m["payload"] = mss
                rows.append({"experiment": "goodput", "mode": "transport", "traffic": "tcp", **common, **m})
                shutil.rmtree(d)
                d = workdir()
                m = measure(runner.tunnel_tcp(suite, mss, base["tunnel_goodput_seconds"], d), 6, TCP_PORT)
                m["payload"] = mss
                rows.append({"experiment": "goodput", "mode": "tunnel", "traffic": "tcp", **common, **m})
                shutil.rmtree(d)
                log("%-32s TCP MSS %4d: goodput %6.2f Mb/s transport, %5.2f Mb/s tunnel" %
                    (label, mss, rows[-2]["wire_goodput_bps"] / 1e6, rows[-1]["wire_goodput_bps"] / 1e6))
    return rows


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
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [1.15, 1]})

    for key in labels:
        for mode, style, marker in (("transport", "-", "o"), ("tunnel", "--", "s")):
            pts = sorted((r["payload"], r["overhead"]) for r in rows
                         if r["experiment"] == "overhead" and r["suite"] == key and r["mode"] == mode)
            if pts and (key != "none" or mode == "transport"):
                label = "%s, %s" % (labels[key], mode) if key != "none" else labels[key] + " (both modes)"
                # ESP NULL + HMAC-SHA-256 adds what AH HMAC-SHA-256 adds (8 + 2 + 16 = 12 + 16):
                # drawn wider underneath so both stay visible.
                wide = key == "esp-null"
                ax.plot([p[0] for p in pts], [p[1] for p in pts], style, marker=marker,
                        markersize=6 if wide else 3, linewidth=4 if wide else 1.4, alpha=0.45 if wide else 1,
                        color=colors[key], zorder=1 if wide else 2,
                        label=label + (" (= AH)" if wide else ""))
    ax.set_xlabel("payload bytes per packet (transport: UDP; tunnel: TCP segment)")
    ax.set_ylabel("IP bytes added per packet (fragment headers included)")
    ax.set_title("(a) Overhead per packet vs payload size")
    ax.grid(True, alpha=0.3)
    top = max(r["overhead"] for r in rows if r["experiment"] == "overhead")
    ax.set_ylim(-3, top * 1.55)
    ax.legend(fontsize=6.5, ncol=2, loc="upper left")

    groups = [(mode, mss) for mode in ("transport", "tunnel") for mss in sorted({r["payload"] for r in rows
                                                                                   if r["experiment"] == "goodput"})]
    width = 0.8 / len(groups)
    hatches = {"transport": "", "tunnel": "//"}
    shades = [1.0, 0.55]
    keys = list(labels)
    for gi, (mode, mss) in enumerate(groups):
        base = next((r for r in rows if r["experiment"] == "goodput" and r["suite"] == "none"
                     and r["mode"] == mode and r["payload"] == mss), None)
        for si, key in enumerate(keys):
            r = next((r for r in rows if r["experiment"] == "goodput" and r["suite"] == key
                      and r["mode"] == mode and r["payload"] == mss), None)
            if r is None or base is None:
                continue
            value = 100 * r["wire_goodput_bps"] / base["wire_goodput_bps"]
            bx.bar(si + (gi - (len(groups) - 1) / 2) * width, value, width, color=colors[key],
                   alpha=shades[gi % 2], hatch=hatches[mode], edgecolor="black", linewidth=0.4,
                   label="%s, MSS %d (no IPsec: %.1f Mb/s)" % (mode, mss, base["wire_goodput_bps"] / 1e6)
                   if si == 0 else None)
            bx.text(si + (gi - (len(groups) - 1) / 2) * width, value + 0.3, "%.1f" % (r["wire_goodput_bps"] / 1e6),
                    ha="center", va="bottom", fontsize=5.5, rotation=90)
    bx.set_xticks(range(len(keys)))
    bx.set_xticklabels([labels[k].replace(" + ", "\n+ ").replace(", ", ",\n") for k in keys], fontsize=7)
    bx.set_ylabel("TCP goodput, % of no IPsec (bar labels: Mb/s)")
    bx.set_title("(b) Goodput per suite")
    low = min([100 * r["wire_goodput_bps"] / next(b["wire_goodput_bps"] for b in rows if b["experiment"] == "goodput"
               and b["suite"] == "none" and b["mode"] == r["mode"] and b["payload"] == r["payload"])
               for r in rows if r["experiment"] == "goodput"] or [80])
    bx.set_ylim(max(0, low - 10), 106)
    bx.grid(True, axis="y", alpha=0.3)
    bx.legend(fontsize=6.5, loc="lower left")
    fig.suptitle("IPsec overhead (ns-3 ipsec module): transport mode host to host over 100 Mb/s, "
                 "tunnel mode gateway to gateway over 10 Mb/s", fontsize=9)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, dpi=110)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default=str(ROOT / "build"), help="where `make build` put the examples")
    ap.add_argument("--csv", default=str(ROOT / "results" / "ipsec-overhead-study.csv"))
    ap.add_argument("--figure", default=str(ROOT / "results" / "ipsec-overhead.png"))
    ap.add_argument("--no-figure", action="store_true", help="only the CSV (no matplotlib needed)")
    ap.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=SIZES,
                    help="payload sizes, comma-separated (default %s)" % ",".join(map(str, SIZES)))
    ap.add_argument("--quick", action="store_true", help="fewer sizes and shorter TCP transfers")
    args = ap.parse_args(argv)
    sizes = [64, 512, 1024, 1448] if args.quick and args.sizes == SIZES else args.sizes
    runner = ExampleRunner(args.build_dir)
    rows = study(runner, sizes, MSS, args.quick, lambda line: print(line, flush=True))
    bad = sum(r["inconsistent"] for r in rows)
    if bad:
        print("warning: %d packets whose sizes the RFC arithmetic does not explain" % bad)
    write_csv(args.csv, rows)
    print("CSV: " + args.csv)
    if not args.no_figure:
        plot(rows, args.figure)
        print("figure: " + args.figure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
