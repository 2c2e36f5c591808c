/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings (pybind11) for the ipsec module and the slice of ns-3 a simulation script
 * needs around it: Debian's ns-3.37 ships no Python bindings, so this module carries its own.
 * Names and call shapes follow ns-3's own Python API (ns-3.37, cppyy): the package `ns` next to
 * this module maps ns-3's namespaces onto it, so that scripts read as ns-3's do:
 *
 *   from ns import ns
 *   nodes = ns.network.NodeContainer()
 *   nodes.Create(2)
 *   ...
 *   ns.ipsec.IpsecHelper().ProtectPair(nodes.Get(0), a, nodes.Get(1), b,
 *                                      ns.ipsec.IpsecHelper.Suite.Parse("esp", "aes-gcm-16",
 * "none"))
 *
 * `import ns3ipsec` gives the same classes in one flat module (the bindings' first API, kept).
 * Times are Time objects, seconds or time text; addresses Ipv4Address objects or text.
 */
#include "bindings.h"

PYBIND11_MODULE(ns3ipsec, m)
{
    m.doc() = "IPsec for ns-3 (AH, ESP, SPD, SADB) with the ns-3 core, topology and application "
              "classes a simulation script needs.";
    ns3ipsec::BindCore(m);
    ns3ipsec::BindValues(m);
    ns3ipsec::BindTrace(m);
    ns3ipsec::BindTopology(m);
    ns3ipsec::BindPcap(m);
    ns3ipsec::BindApplications(m);
    ns3ipsec::BindFlowMonitor(m);
    ns3ipsec::BindIpsec(m);
    ns3ipsec::BindSockets(m);
    ns3ipsec::BindNapt(m);
    ns3ipsec::BindIkev2(m);
}
