# SPDX-License-Identifier: GPL-2.0-only
"""A VPN split across MPI ranks (examples/ipsec-vpn-mpi.cc, built in an ns-3 tree configured with
--enable-mpi) gives the counters of the sequential run: on 2 ranks with ns-3's granted-time-window
simulator (DistributedSimulatorImpl) and with its null-message one (NullMessageSimulatorImpl), in
tunnel mode at policy-based and route-based gateways and in transport mode between the hosts.

Run by scripts/in-tree-test.sh (make test-in-tree), which sets IPSEC_MPI_EXAMPLE to the example's
binary; without it the test is skipped."""
import os
import re
import subprocess

import pytest

EXAMPLE = os.environ.get("IPSEC_MPI_EXAMPLE", "")

pytestmark = pytest.mark.skipif(not os.path.isfile(EXAMPLE),
                                reason="IPSEC_MPI_EXAMPLE is not an ipsec-vpn-mpi binary")


def run(ranks, *args):
    command = [EXAMPLE, "--duration=2"] + list(args)
    if ranks > 1:
        command = ["mpirun", "-np", str(ranks), "--oversubscribe"] + \
            (["--allow-run-as-root"] if os.geteuid() == 0 else []) + command
    out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=600).stdout
    lines = out.strip().splitlines()
    assert lines and lines[-1].startswith(f"simulated on {ranks} rank(s)"), out
    return lines[:-1], out


@pytest.mark.parametrize("mode", ["policy", "route", "transport"])
def test_two_ranks_count_what_one_rank_counts(mode):
    sequential, out = run(1, f"--mode={mode}")
    received = [int(n) for n in re.findall(r"received (\d+)", out)]
    assert len(received) == 4 and all(n == received[0] for n in received), out
    # 2 s of one datagram every 2 ms, each way between two pairs of hosts: all delivered.
    assert received[0] == 1000, out
    esp = {name: (int(o), int(i)) for name, o, i in re.findall(r"(\w+) ESP out (\d+) in (\d+)", out)}
    if mode == "transport":
        assert esp["hosts"] == (4000, 4000) and esp["gw1"] == esp["gw2"] == (0, 0), out
    else:
        assert esp["gw1"] == esp["gw2"] == (2000, 2000) and esp["hosts"] == (0, 0), out
    assert "IPsec drops 0" in out
    for synchronization in ([], ["--nullmsg"]):
        distributed, out2 = run(2, f"--mode={mode}", *synchronization)
        assert distributed == sequential, out2
