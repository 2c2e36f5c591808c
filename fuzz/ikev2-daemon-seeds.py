#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes the seed corpus of the ikev2-daemon harness (fuzz/corpus/ikev2-daemon/), one file per
seed, in the input layout described at the top of fuzz/ikev2_daemon.cc.

    python3 fuzz/ikev2-daemon-seeds.py [DIRECTORY]
"""
import os
import struct
import sys

SA, KE, IDI, AUTH, NONCE, NOTIFY, DELETE, TSI, TSR = 33, 34, 35, 39, 40, 41, 42, 44, 45


def payload(next_type, body, critical=False):
    return struct.pack(">BBH", next_type, 0x80 if critical else 0, 4 + len(body)) + body


def chain(*payloads):
    """(type, body) pairs -> (first type, bytes)."""
    out = b""
    for i, (_, body) in enumerate(payloads):
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        out += payload(nxt, body)
    return (payloads[0][0] if payloads else 0), out


def transform(last, ttype, tid, keylen=None):
    attrs = struct.pack(">HH", 0x800E, keylen) if keylen else b""
    return struct.pack(">BBHBBH", 0 if last else 3, 0, 8 + len(attrs), ttype, 0, tid) + attrs


def proposal(last, number, protocol, spi, transforms):
    body = b"".join(transform(i == len(transforms) - 1, *t) for i, t in enumerate(transforms))
    head = struct.pack(">BBHBBBB", 0 if last else 2, 0, 8 + len(spi) + len(body), number,
                       protocol, len(spi), len(transforms))
    return head + spi + body


def ts_ipv4(start, end):
    return struct.pack(">BBH", 7, 0, 16) + struct.pack(">HH", 0, 65535) + bytes(start) + bytes(end)


def ts_body(*selectors):
    return struct.pack(">B3x", len(selectors)) + b"".join(selectors)


def notify(ntype, data=b"", protocol=0, spi=b""):
    return struct.pack(">BBH", protocol, len(spi), ntype) + spi + data


A = [10, 1, 1, 1]
B = [10, 1, 1, 2]
ESP_GCM128 = [(1, 20, 128), (5, 0)]  # ENCR_AES_GCM_16 128, ESN none

SEEDS = {}

# (c) requests on the established IKE SA, B's expected message ID.
SEEDS["informational-empty"] = bytes([2, 0x02, 0x00, 0])
SEEDS["informational-delete-ike"] = bytes([2, 0x02, 0x00]) + bytes([DELETE]) + payload(
    0, bytes([1, 0, 0, 0]))
SEEDS["informational-delete-child-template"] = bytes([2, 0x02, 0x80, 0])
SEEDS["informational-delete-unknown-esp"] = bytes([2, 0x02, 0x00, DELETE]) + payload(
    0, bytes([3, 4, 0, 1, 0xDE, 0xAD, 0xBE, 0xEF]))
SEEDS["informational-retransmission"] = bytes([2, 0x0A, 0x00, 0])
first, body = chain((NOTIFY, notify(16391)),
                    (SA, proposal(True, 1, 3, b"\xc0\x00\x00\x01", ESP_GCM128)),
                    (NONCE, bytes(range(32))),
                    (TSI, ts_body(ts_ipv4(A, A))),
                    (TSR, ts_body(ts_ipv4(B, B))))
SEEDS["create-child-raw-chain"] = bytes([2, 0x01, 0x00, first]) + body
SEEDS["create-child-template"] = bytes([2, 0x01, 0x16, 0xC0, 0x02, 0])
SEEDS["create-child-pfs-template"] = bytes([2, 0x01, 0x36, 0xC0, 0x03, 0])
SEEDS["create-child-tunnel-template"] = bytes([2, 0x01, 0x1E, 0xC0, 0x04, 0])
SEEDS["create-child-rekey-template"] = bytes([2, 0x01, 0x56, 0xC0, 0x05, 0])
SEEDS["ike-auth-on-established"] = bytes([2, 0x00, 0x00, 0])
SEEDS["create-child-ike-rekey-template"] = bytes([2, 0x41, 0x32, 0xD0, 0x01, 0])

# (c) answers to B's own requests (action, sel, tmpl, [spi], first).
SEEDS["response-to-rekey"] = bytes([4, 0, 0x00, 0x36, 0xC0, 0x06, 0])
SEEDS["response-to-new-child"] = bytes([4, 1, 0x00, 0x36, 0xC0, 0x07, 0])
SEEDS["response-to-terminate"] = bytes([4, 3, 0x00, 0x00, 0])
SEEDS["response-to-ike-rekey"] = bytes([4, 6, 0x00, 0x32, 0xC0, 0x0A, 0])

# (d) IKE_SA_INIT requests: template suite, NAT-D, the cookie round trip; then IKE_AUTH.
spi_i = bytes([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88])
SEEDS["sa-init-template-cookie"] = bytes([5]) + spi_i + bytes([0x51, 0])
SEEDS["sa-init-modp-no-cookie"] = bytes([5]) + spi_i + bytes([0x13, 0])
SEEDS["sa-init-then-auth"] = bytes([0x45]) + spi_i + bytes([0x51, 0, 0, 0]) + bytes(
    [0x07, 0xC0, 0x08, NOTIFY]) + payload(0, notify(16384))
raw_init_first, raw_init = chain(
    (SA, proposal(True, 1, 1, b"", [(1, 12, 128), (2, 5), (3, 12), (4, 31)])),
    (KE, struct.pack(">HH", 31, 0) + bytes(32)),
    (NONCE, bytes(range(32))))
SEEDS["sa-init-raw-zero-ke"] = bytes([5]) + spi_i + bytes([0x40, raw_init_first]) + raw_init

# (e) B initiates `ghost`: its IKE_SA_INIT answered, then IKE_AUTH answered with a valid AUTH.
spi_r = bytes([0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22])
SEEDS["ghost-sa-init-response"] = bytes([6]) + spi_r + bytes([0x11, 0])
SEEDS["ghost-cookie-response"] = bytes([6]) + spi_r + bytes([0x00, NOTIFY]) + payload(
    0, notify(16390, bytes(range(16))))
SEEDS["ghost-established"] = bytes([0x46]) + spi_r + bytes([0x01, 0, 0, 0]) + bytes(
    [0x07, 0xC0, 0x09, 0])

# (a), (b) raw datagrams.
header = spi_i + bytes(8) + bytes([SA, 0x20, 34, 0x08]) + bytes(4) + bytes(4)
SEEDS["raw-500-sa-init"] = bytes([0x08, 0]) + header + chain(
    (SA, proposal(True, 1, 1, b"", [(1, 12, 128), (2, 5), (3, 12), (4, 31)])))[1]
SEEDS["raw-4500-marker"] = bytes([0x09, 0]) + header
SEEDS["raw-4500-keepalive"] = bytes([0x11, 1, 0xFF])

# Several records: an IKE_SA_INIT, then requests on the half-open SA it made (index 1).
SEEDS["records-init-then-request"] = (bytes([0x85]) + spi_i + bytes([0x51, 0, 0, 0])
                                      + bytes([0x83, 1, 0x00, 0x01, 0, 0, 0]) + bytes([3, 1, 0x02, 0x00, 0]))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus", "ikev2-daemon")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print(f"{len(SEEDS)} seeds in {out}")


if __name__ == "__main__":
    main()
