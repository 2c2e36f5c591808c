#! /usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# The module's examples that ns-3's test.py runs (inside an ns-3 source tree).
#
# A list of C++ examples to run in order to ensure that they remain buildable and runnable over
# time: (example name and arguments, condition to run, condition to run under valgrind).
cpp_examples = [
    ("ipsec-vpn-gateway --duration=2", "True", "True"),
    ("ipsec-vpn-gateway --mode=route --duration=2", "True", "True"),
    ("ipsec-vpn-ipv6 --lan=ipv6 --core=ipv4", "True", "True"),
    ("ipsec-vpn-ipv6 --lan=ipv4 --core=ipv6 --protocol=esp+ah --encr=aes-cbc "
     "--auth=hmac-sha256-128", "True", "True"),
    ("ipsec-transport --packets=20", "True", "True"),
    ("ipsec-transport --protocol=esp+ah --traffic=tcp --packets=20", "True", "True"),
    ("ipsec-policy-effects --scenario=require", "True", "True"),
    ("ipsec-config-files --format=ipsecconf", "True", "True"),
    ("ipsec-config-files --format=setkey", "True", "True"),
    ("ipsec-rekey --duration=12 --soft=4 --hard=6", "True", "True"),
    ("ipsec-socket-policy", "True", "True"),
    ("ipsec-nat-traversal --packets=5 --tcpBytes=20000", "True", "True"),
    ("ipsec-ikev2-vpn --duration=90 --tcpBytes=50000", "True", "True"),
    # Built only with ns-3's mpi module (--enable-mpi); test.py runs it on one rank, and
    # test/test_mpi.py (make test-in-tree) on two.
    ("ipsec-vpn-mpi --duration=1", "'ns3-mpi' in NS3_ENABLED_MODULES", "False"),
]

# Python examples need the module's pybind11 bindings, which an ns-3 tree does not build.
python_examples = []
