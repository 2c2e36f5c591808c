# SPDX-License-Identifier: GPL-2.0-only
"""Live interoperability with strongSwan: the module's IKEv2 daemon, on a gateway simulated in real
time (examples/ipsec-ikev2-live.cc), negotiates with charon, a real and independent IKEv2
implementation, running in a network namespace with userspace ESP (kernel-libipsec).

    netns SIM:  ns-3 process [host 10.1.0.2 -- gw 192.0.2.2] on veth-ns3 (PF_PACKET, no kernel IP)
                                         | veth |
    netns PEER: veth-sw 192.0.2.1, charon; lo 10.2.0.1 (a UDP echo server on port 7)

In each role (ns-3 initiates, charon initiates) the test checks: the IKE SA and the tunnel-mode
Child SA come up (charon: ESTABLISHED / INSTALLED, UDP-encapsulated, the configured algorithms);
data crosses the tunnel both ways (the simulated host's echo requests answered by the real echo
server; the real side's datagrams answered by the simulated host); the ns-3 side rekeys its Child
SA and its IKE SA, then charon rekeys both, while traffic flows; one side deletes the IKE SA and
the other follows; the keys the module exports are the ones charon derived (charon's log); and
tshark, given only the exported keys, decrypts every IKE message and the ESP in the capture.

Needs root, network namespaces and Debian's strongSwan (make setup installs it); skips with one
line where these are missing. Also a tool: `sudo /usr/bin/python3 test/test_strongswan_interop.py
[initiator|responder]` runs one role and leaves its files (configs, charon.log, pcap, keys) in a
directory it prints.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import pytest

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD_DIR = os.environ.get("IPSEC_BUILD_DIR", os.path.join(SOURCE_DIR, "build"))
EXAMPLE = os.path.join(BUILD_DIR, "examples", "ipsec-ikev2-live")
CHARON = "/usr/lib/ipsec/charon"

PEER_ADDRESS = "192.0.2.1"
SIM_ADDRESS = "192.0.2.2"
PEER_INNER = "10.2.0.1"
SIM_HOST = "10.1.0.2"
PSK = "ns-3 meets strongSwan"

# The two roles, each with its own suite so that both SK cipher families (AEAD and
# encrypt-then-MAC) and two DH groups meet a real peer.
SUITES = {
    "initiator": dict(ike="aes128gcm16-prfsha256-curve25519", esp="aes128gcm16",
                      charon_ike={"encr-alg": "AES_GCM_16", "encr-keysize": "128",
                                  "prf-alg": "PRF_HMAC_SHA2_256", "dh-group": "CURVE_25519"},
                      charon_esp={"encr-alg": "AES_GCM_16", "encr-keysize": "128"}),
    "responder": dict(ike="aes256-sha256-modp2048", esp="aes128-sha256",
                      charon_ike={"encr-alg": "AES_CBC", "encr-keysize": "256",
                                  "integ-alg": "HMAC_SHA2_256_128",
                                  "prf-alg": "PRF_HMAC_SHA2_256", "dh-group": "MODP_2048"},
                      charon_esp={"encr-alg": "AES_CBC", "encr-keysize": "128",
                                  "integ-alg": "HMAC_SHA2_256_128"}),
}

# The timeline of a run, in seconds after the simulation starts (real time).
DURATION = 17
NS3_REKEY_CHILD = 4
NS3_REKEY_IKE = 6
CHARON_REKEY_CHILD = 8
CHARON_REKEY_IKE = 10
DELETE = 13
ECHO_START = 2
ECHO_STOP = 12.5


def missing_requirement():
    """Why this machine cannot run the test, or None."""
    if os.geteuid() != 0:
        return "strongSwan interop needs root (network namespaces, PF_PACKET)"
    for tool in ("ip", "swanctl", "ethtool"):
        if shutil.which(tool) is None:
            return "strongSwan interop needs %s (make setup installs it)" % tool
    if not os.access(CHARON, os.X_OK):
        return "strongSwan interop needs charon (make setup installs strongswan-charon)"
    probe = "ipsec-probe-%d" % os.getpid()
    if subprocess.run(["ip", "netns", "add", probe], capture_output=True).returncode != 0:
        return "strongSwan interop needs network namespaces (ip netns add failed)"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    return None


def run(*argv, check=True, timeout=30, netns=None):
    if netns:
        argv = ("ip", "netns", "exec", netns) + argv
    p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s%s" % (" ".join(argv), p.returncode, p.stdout, p.stderr))
    return p


def swanctl_conf(local, remote, local_id, remote_id, local_ts, remote_ts, ike, esp, start_action):
    """One swanctl.conf grammar for both sides: charon reads it, and so does the ns-3 daemon."""
    return """connections {
  live {
    local_addrs = %s
    remote_addrs = %s
    proposals = %s
    rekey_time = 0
    local {
      auth = psk
      id = %s
    }
    remote {
      auth = psk
      id = %s
    }
    children {
      net {
        mode = tunnel
        local_ts = %s
        remote_ts = %s
        esp_proposals = %s
        rekey_time = 0
        start_action = %s
      }
    }
  }
}
secrets {
  ike-live {
    id-a = %s
    id-b = %s
    secret = "%s"
  }
}
""" % (local, remote, ike, local_id, remote_id, local_ts, remote_ts, esp, start_action,
       local_id, remote_id, PSK)


STRONGSWAN_CONF = """charon {
  load = random nonce aes sha1 sha2 hmac gmp openssl gcm kdf pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici updown
  install_routes = yes
  install_virtual_ip = no
  retransmit_tries = 3
  plugins {
    vici {
      socket = unix://%(dir)s/charon.vici
    }
  }
  filelog {
    log {
      path = %(dir)s/charon.log
      time_format = %%s
      default = 1
      ike = 2
      chd = 4
      knl = 2
      esp = 2
      flush_line = yes
    }
  }
}
swanctl {
  socket = unix://%(dir)s/charon.vici
}
"""

ECHO_SERVER = r"""
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 7))
while True:
    data, peer = s.recvfrom(65535)
    s.sendto(data, peer)
"""

ECHO_PROBE = r"""
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 0))
s.settimeout(0.5)
answered = 0
for i in range(int(sys.argv[3])):
    payload = b"from strongSwan %d" % i
    s.sendto(payload, (sys.argv[2], 9))
    try:
        while s.recvfrom(65535)[0] != payload:
            pass
        answered += 1
    except socket.timeout:
        pass
print(answered)
"""


class Namespaces:
    """Two network namespaces joined by a veth pair: PEER (the kernel's IP stack, charon) and SIM
    (the ns-3 process's PF_PACKET socket; no kernel address)."""

    def __init__(self):
        tag = "%d" % os.getpid()
        self.peer = "ipsec-sw-" + tag
        self.sim = "ipsec-n3-" + tag
        for ns in (self.peer, self.sim):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
            run("ip", "netns", "add", ns)
        a, b = "isw%s" % tag[-8:], "in3%s" % tag[-8:]
        run("ip", "link", "add", a, "type", "veth", "peer", "name", b)
        run("ip", "link", "set", a, "netns", self.peer)
        run("ip", "link", "set", b, "netns", self.sim)
        run("ip", "link", "set", a, "name", "veth-sw", netns=self.peer)
        run("ip", "link", "set", b, "name", "veth-ns3", netns=self.sim)
        # IPv4 only: no IPv6 chatter on either side.
        for ns in (self.peer, self.sim):
            run("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", netns=ns)
            run("sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1", netns=ns)
        # PEER: the outer address on the veth, the protected network's address on lo.
        run("ip", "link", "set", "lo", "up", netns=self.peer)
        run("ip", "addr", "add", PEER_ADDRESS + "/24", "dev", "veth-sw", netns=self.peer)
        run("ip", "addr", "add", PEER_INNER + "/32", "dev", "lo", netns=self.peer)
        run("ip", "link", "set", "veth-sw", "up", netns=self.peer)
        # Full checksums on what the kernel sends: ns-3 drops partial ones as corrupt.
        run("ethtool", "-K", "veth-sw", "tx", "off", netns=self.peer)
        # SIM: the device up and promiscuous, no kernel address.
        run("ip", "link", "set", "veth-ns3", "up", "promisc", "on", netns=self.sim)

    def close(self):
        for ns in (self.peer, self.sim):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)


class Charon:
    """charon in the PEER namespace with its own /run, vici socket and log."""

    def __init__(self, directory, netns, conf_text):
        self.dir = directory
        self.netns = netns
        self.log = os.path.join(directory, "charon.log")
        self.uri = "unix://%s/charon.vici" % directory
        os.makedirs(os.path.join(directory, "run"), exist_ok=True)
        with open(os.path.join(directory, "strongswan.conf"), "w") as f:
            f.write(STRONGSWAN_CONF % {"dir": directory})
        self.swanctl_file = os.path.join(directory, "charon-swanctl.conf")
        with open(self.swanctl_file, "w") as f:
            f.write(conf_text)
        self.process = subprocess.Popen(
            ["ip", "netns", "exec", netns, "sh", "-c",
             "mount --bind %s/run /run && exec env STRONGSWAN_CONF=%s/strongswan.conf %s"
             % (directory, directory, CHARON)],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(directory, "charon.stderr"), "w"))
        deadline = time.time() + 15
        while self.swanctl("--stats", check=False).returncode != 0:
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError("charon did not start: " + open(self.log).read()
                                   if os.path.exists(self.log) else "charon did not start")
            time.sleep(0.1)
        self.swanctl("--load-all", "--file", self.swanctl_file)

    def swanctl(self, *args, check=True, timeout=20):
        env = dict(os.environ, STRONGSWAN_CONF=os.path.join(self.dir, "strongswan.conf"))
        p = subprocess.run(["swanctl"] + list(args) + ["--uri", self.uri], capture_output=True,
                           text=True, timeout=timeout, env=env)
        if check and p.returncode != 0:
            raise RuntimeError("swanctl %s failed: %s%s" % (" ".join(args), p.stdout, p.stderr))
        return p

    def sas(self):
        """`swanctl --list-sas --raw` as a list of (IKE SA name, its fields) with child SAs."""
        out = self.swanctl("--list-sas", "--raw").stdout
        return [line for line in out.splitlines() if line.startswith("list-sa event")]

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def raw_field(text, name):
    """The values of `name=value` in swanctl's raw output."""
    return re.findall(r"\b%s=([^ }]+)" % re.escape(name), text)


class Simulation:
    """The ns-3 example in the SIM namespace; its output read line by line with arrival times."""

    def __init__(self, directory, netns, role, swanctl_file):
        self.lines = []
        self.started = None
        self.ready = threading.Event()
        argv = ["ip", "netns", "exec", netns, EXAMPLE, "--device=veth-ns3",
                "--local=" + SIM_ADDRESS, "--remote=" + PEER_ADDRESS, "--role=" + role,
                "--swanctl=" + swanctl_file, "--echoTarget=" + PEER_INNER,
                "--duration=%g" % DURATION, "--echoStart=%g" % ECHO_START,
                "--echoStop=%g" % ECHO_STOP, "--rekeyChildAt=%g" % NS3_REKEY_CHILD,
                "--rekeyIkeAt=%g" % NS3_REKEY_IKE,
                "--pcap=" + os.path.join(directory, "ns3"),
                "--keys=" + os.path.join(directory, "keys")]
        if role == "initiator":
            argv.append("--terminateAt=%g" % DELETE)
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, bufsize=1)
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()
        if not self.ready.wait(20):
            self.process.kill()
            raise RuntimeError("the simulation did not start:\n" + "".join(self.lines))

    def read(self):
        for line in self.process.stdout:
            self.lines.append(line)
            if line.split(" ")[1:2] == ["ready"] and self.started is None:
                self.started = time.time()
                self.ready.set()

    def at(self, t):
        """Sleeps until simulation time t (real time since the start)."""
        time.sleep(max(0.0, self.started + t - time.time()))

    def finish(self):
        self.process.wait(timeout=DURATION + 30)
        self.reader.join(10)
        text = "".join(self.lines)
        summary = [l for l in self.lines if l.startswith("SUMMARY ")]
        assert self.process.returncode == 0 and summary, text
        return json.loads(summary[-1][len("SUMMARY "):]), text


def probe_from_peer(netns, count):
    """Datagrams from the real side's protected address to the simulated host's echo server,
    through the tunnel; returns how many were echoed."""
    out = run(sys.executable, "-c", ECHO_PROBE, PEER_INNER, SIM_HOST, str(count), netns=netns,
              timeout=count + 10).stdout
    return int(out.strip())


def charon_keys(log):
    """The ESP keys charon derived (logged at chd level 4), as lowercase hex."""
    keys = []
    lines = open(log).read().splitlines()
    for i, line in enumerate(lines):
        m = re.search(r"(encryption|integrity) (initiator|responder) key => (\d+) bytes", line)
        if not m:
            continue
        digits = ""
        for follow in lines[i + 1:]:
            d = re.search(r"\[CHD\]\s+\d+: ((?:[0-9A-F]{2} )+)", follow)
            if not d:
                break
            digits += d.group(1).replace(" ", "")
        keys.append(digits.lower()[: 2 * int(m.group(3))])
    return keys


def esp_keys(path):
    """The encryption and authentication keys of the module's esp_sa export, as lowercase hex."""
    found = set()
    for line in open(path):
        if line.startswith('"IPv4"'):
            fields = next(csv.reader([line]))
            found |= {f[2:].lower() for f in (fields[5], fields[7]) if f.startswith("0x")}
    return found


def run_role(role, directory):
    """One whole scenario; returns what it observed, asserting as it goes."""
    suite = SUITES[role]
    nets = Namespaces()
    charon = simulation = None
    echo = None
    try:
        sim_conf = os.path.join(directory, "ns3-swanctl.conf")
        with open(sim_conf, "w") as f:
            f.write(swanctl_conf(SIM_ADDRESS, PEER_ADDRESS, "ns3.example", "strongswan.example",
                                 "10.1.0.0/24", "10.2.0.0/24", suite["ike"], suite["esp"],
                                 "start" if role == "initiator" else "none"))
        charon = Charon(directory, nets.peer,
                        swanctl_conf(PEER_ADDRESS, SIM_ADDRESS, "strongswan.example",
                                     "ns3.example", "10.2.0.0/24", "10.1.0.0/24", suite["ike"],
                                     suite["esp"], "none"))
        echo = subprocess.Popen(["ip", "netns", "exec", nets.peer, sys.executable, "-c",
                                 ECHO_SERVER, PEER_INNER])
        simulation = Simulation(directory, nets.sim, role, sim_conf)
        observed = {}
        if role == "responder":
            simulation.at(0.5)
            started = time.time()
            charon.swanctl("--initiate", "--child", "net", timeout=20)
            observed["charon_initiate_s"] = time.time() - started
        deadline = time.time() + 10
        while "state=INSTALLED" not in " ".join(charon.sas()):
            assert time.time() < deadline, "no Child SA at charon:\n" + "".join(simulation.lines)
            time.sleep(0.05)
        first = " ".join(charon.sas())
        observed["established"] = first
        simulation.at(ECHO_START)
        observed["probe_before"] = probe_from_peer(nets.peer, 10)
        simulation.at(CHARON_REKEY_CHILD)
        charon.swanctl("--rekey", "--child", "net")
        simulation.at(CHARON_REKEY_IKE)
        charon.swanctl("--rekey", "--ike", "live")
        simulation.at(CHARON_REKEY_IKE + 0.5)
        observed["probe_after"] = probe_from_peer(nets.peer, 10)
        observed["before_delete"] = " ".join(charon.sas())
        if role == "responder":
            simulation.at(DELETE)
            charon.swanctl("--terminate", "--ike", "live")
        simulation.at(DELETE + 1.5)
        observed["after_delete"] = charon.sas()
        observed["summary"], observed["output"] = simulation.finish()
        return observed
    finally:
        if simulation and simulation.process.poll() is None:
            simulation.process.kill()
        if echo:
            echo.kill()
        if charon:
            charon.close()
        nets.close()


@pytest.fixture(scope="module")
def requirement():
    why = missing_requirement()
    if why:
        pytest.skip(why)
    if not os.access(EXAMPLE, os.X_OK):
        pytest.skip("no %s (ns-3 without fd-net-device)" % EXAMPLE)


@pytest.mark.parametrize("role", ["initiator", "responder"])
def test_live_with_strongswan(role, requirement, tmp_path):
    o = run_role(role, str(tmp_path))
    log = open(os.path.join(tmp_path, "charon.log")).read()
    s = o["summary"]
    suite = SUITES[role]
    detail = o["output"] + "\n--- charon.log (tail)\n" + log[-6000:]

    # Established with the configured algorithms, the ESP in UDP (libipsec's NAT-D is faked).
    est = o["established"]
    assert "state=ESTABLISHED" in est and "state=INSTALLED" in est, est
    assert "mode=TUNNEL" in est and "encap=yes" in est, est
    assert raw_field(est, "local-host")[0] == PEER_ADDRESS
    assert raw_field(est, "remote-id")[0] == "ns3.example"
    assert raw_field(est, "initiator")[:1] == (["yes"] if role == "responder" else [])
    ike_sa, child_sa = est.split("child-sas", 1)
    for name, value in suite["charon_ike"].items():
        assert raw_field(ike_sa, name) == [value], (name, est)
    for name, value in suite["charon_esp"].items():
        assert raw_field(child_sa, name) == [value], (name, est)
    assert raw_field(child_sa, "local-ts") == ["[10.2.0.0/24]"], est
    assert raw_field(child_sa, "remote-ts") == ["[10.1.0.0/24]"], est

    # Data both ways, before and after four rekeys (two on each side).
    assert o["probe_before"] == 10 and o["probe_after"] == 10, detail
    assert s["echoRequests"] >= 90 and s["echoReplies"] >= s["echoRequests"] - 1, detail
    assert s["echoServed"] == 20, detail
    assert s["espInUdpOut"] >= s["echoRequests"] and s["espInUdpIn"] >= s["echoReplies"], s
    assert s["natDetected"] >= 1, s
    # Rekeys: each side's two, counted by the ns-3 daemon and seen by charon.
    assert s["childRekeys"] == 2 and s["ikeRekeys"] == 2, detail
    assert s["childSasInstalled"] == 3 and s["ikeSasEstablished"] == 1, detail
    before = o["before_delete"]
    assert "state=INSTALLED" in before and "state=ESTABLISHED" in before, before
    assert raw_field(before, "spi-in")[0] != raw_field(est, "spi-in")[0], (est, before)
    assert raw_field(before, "initiator-spi")[0] != raw_field(est, "initiator-spi")[0], (est, before)

    # Deleted by one side, followed by the other.
    assert o["after_delete"] == [], o["after_delete"]
    assert s["ikeSasDeleted"] >= 1 and s["ikeSasNow"] == 0, detail
    assert s["ikeDrops"] == 0 and s["ipsecDrops"] == 0 and s["ikeSasFailed"] == 0, detail
    assert not re.search(r"^[\d.]+ error ", o["output"], re.M), detail

    # The exported keys are charon's: every Child SA key charon derived is in esp_sa.
    derived = charon_keys(os.path.join(tmp_path, "charon.log"))
    exported = esp_keys(os.path.join(tmp_path, "keys.esp"))
    per_sa = 1 if "gcm" in suite["esp"] else 2  # AEAD: one key; else encryption + integrity
    assert len(derived) == 3 * 2 * per_sa, "three Child SAs, two directions: %s" % derived
    assert set(derived) == exported, (derived, exported)

    # tshark, with only the exported keys, decrypts every IKE message and all the ESP.
    if shutil.which("tshark"):
        check_capture(str(tmp_path), s)


def check_capture(directory, summary):
    """tshark, given only the module's exported keys, decrypts and authenticates every IKE
    message after IKE_SA_INIT and every ESP packet the simulated gateway sent or received."""
    ike = [l for l in open(os.path.join(directory, "keys.ikev2")).read().splitlines()
           if not l.startswith("#")]
    esp = [l for l in open(os.path.join(directory, "keys.esp")).read().splitlines()
           if l.startswith('"IPv4"')]
    assert len(ike) == 3, "the first IKE SA and one per rekey"
    assert len(esp) == 6, "the first Child SA and one per rekey, two SAs each"
    options = ["-o", "esp.enable_encryption_decode:TRUE",
               "-o", "esp.enable_authentication_check:TRUE"]
    for i in ike:
        options += ["-o", "uat:ikev2_decryption_table:" + i]
    for e in esp:
        options += ["-o", "uat:esp_sa:" + e]
    pcap = os.path.join(directory, "ns3-0-1.pcap")  # the gateway's emulated device

    def tshark(*args):
        p = subprocess.run(["tshark", "-n", "-r", pcap] + options + list(args),
                           capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, HOME=directory))
        assert p.returncode == 0, p.stderr
        return p.stdout

    rows = [l.split("\t") for l in tshark("-T", "fields", "-e", "isakmp.exchangetype",
                                           "-e", "isakmp.id.data.fqdn", "-e", "udp.dstport",
                                           "-Y", "isakmp").splitlines() if l.strip()]
    exchanges = [r[0] for r in rows]
    assert exchanges[:4] == ["34", "34", "35", "35"], exchanges
    assert exchanges.count("36") == 8, "four rekeys, a request and a response each"
    assert exchanges.count("37") >= 2, "the Delete and its answer"
    ids = rows[2][1] + rows[3][1]
    assert "ns3.example" in ids and "strongswan.example" in ids, "IKE_AUTH decrypted"
    assert all(r[2] == "4500" for r in rows[2:]), "IKE floated to 4500 after IKE_SA_INIT"
    verbose = tshark("-V", "-Y", "isakmp")
    icvs = re.findall(r"Integrity Checksum Data: \w+ \(\d+ bytes\).*\[(\w+)\]$", verbose, re.M)
    assert len(icvs) == len(rows) - 2 and set(icvs) == {"correct"}, icvs

    rows = [l.split("\t") for l in tshark("-T", "fields", "-e", "esp.spi", "-e", "esp.icv_good",
                                           "-e", "ip.dst", "-Y", "esp").splitlines() if l.strip()]
    assert len(rows) == summary["espPacketsOut"] + summary["espPacketsIn"], len(rows)
    assert {r[1] for r in rows} == {"1"}, "every ESP packet decrypts and authenticates"
    assert len({r[0] for r in rows}) == 6, "on every Child SA"
    inner = {r[2].split(",")[-1] for r in rows}
    assert inner == {PEER_INNER, SIM_HOST}, inner


if __name__ == "__main__":
    why = missing_requirement()
    if why:
        sys.exit(why)
    roles = sys.argv[1:] or ["initiator", "responder"]
    for r in roles:
        d = tempfile.mkdtemp(prefix="ipsec-strongswan-%s-" % r)
        o = run_role(r, d)
        print(o["output"])
        print("probes from strongSwan echoed: %d before the rekeys, %d after"
              % (o["probe_before"], o["probe_after"]))
        print("files in", d)
