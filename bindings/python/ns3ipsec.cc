/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings (pybind11) for the ipsec module and the slice of ns-3 a simulation script
 * needs around it: Debian's ns-3.37 ships no Python bindings, so this module carries its own.
 * Names follow the C++ API so that scripts read like the C++ examples:
 *
 *   import ns3ipsec as ns
 *   nodes = ns.NodeContainer(2)
 *   ...
 *   ns.IpsecHelper().ProtectPair(nodes.Get(0), a, nodes.Get(1), b, ns.Suite.Parse("esp",
 * "aes-gcm-16", "none"))
 *
 * Addresses are Python strings; times are seconds (float) or ns.Seconds(...) values.
 */
#include "bindings.h"

PYBIND11_MODULE(ns3ipsec, m)
{
    m.doc() = "IPsec for ns-3 (AH, ESP, SPD, SADB) with the ns-3 core, topology and application "
              "classes a simulation script needs.";
    ns3ipsec::BindCore(m);
    ns3ipsec::BindTopology(m);
    ns3ipsec::BindApplications(m);
    ns3ipsec::BindIpsec(m);
    ns3ipsec::BindSockets(m);
}
