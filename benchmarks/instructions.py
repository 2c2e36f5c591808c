#!/usr/bin/python3
"""Instructions per packet of the benchmark's UDP runs, counted by callgrind (they do not depend
on the machine's load, unlike wall time).

For each scenario the simulation (Simulator::Run) is counted for two packet counts; the
difference divided by the difference in packets is the cost of one packet, sender and receiver,
without the set-up. For the ESP runs the transform's own share (EspTransform::Encapsulate and
IpsecTransform::Input, inclusive: framing and Crypto++) is taken from the same profile, and
what remains beyond the plain run is the IPsec layer's own work. The lean ESP prototype
(benchmarks/lean-esp-prototype.h) replaces the IPsec layer: what it spends beyond the node
without one and beyond the transform is the least any layer over ns-3's Packet spends.

usage: benchmarks/instructions.py BUILD_DIR [N1 N2]
"""
import os
import re
import subprocess
import sys
import tempfile

SCENARIOS = [("no IPsec layer", "absent"), ("plain (IPsec, no policy)", "none"),
             ("ESP AES-GCM-128", "aes-gcm"), ("lean ESP prototype, GCM", "lean"),
             ("ESP AES-CBC + HMAC-SHA-256", "aes-cbc")]
# What ESP itself costs, framing and Crypto++: Encapsulate, and the receiver's side: Input (the
# layer's entry) or Decapsulate (the prototype's; it calls Input, so the larger of the two).
OUTPUT = "ns3::EspTransform::Encapsulate"
INPUTS = ("ns3::IpsecTransform::Input", "ns3::EspTransform::Decapsulate")


def profile(binary, only, packets, out):
    subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                    "--collect-atstart=no", "--toggle-collect=ns3::Simulator::Run()", binary,
                    "--only=" + only, "--packets=%d" % packets, "--rounds=1", "--spd=false",
                    "--config-lines=0", "--ikev2-connections=0"], check=True, capture_output=True)
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                          check=True, capture_output=True, text=True).stdout
    match = re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", text)
    if not match:
        return 0, 0  # the scenario does not exist in this build
    total = int(match.group(1).replace(",", ""))
    output, inputs = 0, [0]
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(.*)$", line)
        if not m or ":" not in m.group(2):
            continue
        function = m.group(2).split(":", 1)[1]  # after the file name ("???" without symbols)
        count = int(m.group(1).replace(",", ""))
        if function.startswith(OUTPUT + "("):
            output += count
        elif any(function.startswith(f + "(") for f in INPUTS):
            inputs.append(count)
    return total, output + max(inputs)


def main():
    build = sys.argv[1]
    n1, n2 = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (2000, 6000)
    binary = os.path.join(build, "benchmarks", "ipsec-benchmark")
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, only in SCENARIOS:
            a = profile(binary, only, n1, os.path.join(tmp, "a"))
            b = profile(binary, only, n2, os.path.join(tmp, "b"))
            rows[label] = ((b[0] - a[0]) / (n2 - n1), (b[1] - a[1]) / (n2 - n1))
    plain = rows["plain (IPsec, no policy)"][0]
    print("Instructions per UDP packet of 1400 B (callgrind, sender + receiver, %d-%d packets)"
          % (n1, n2))
    for label, (per, transform) in rows.items():
        if not per:
            continue
        line = "  %-28s %8.0f   ratio %.3fx" % (label, per, per / plain)
        if transform and label.startswith("lean"):
            # The prototype replaces the IPsec layer: its rest is beyond a node without one.
            line += "   (ESP transform %.0f, rest of the prototype %.0f)" % (
                transform, per - rows["no IPsec layer"][0] - transform)
        elif transform:
            line += "   (ESP transform %.0f, rest of the IPsec layer %.0f)" % (
                transform, per - plain - transform)
        print(line)


if __name__ == "__main__":
    main()
