# SPDX-License-Identifier: GPL-2.0-only
"""ns-3's Python namespaces over the ns3ipsec bindings.

    from ns import ns

    nodes = ns.network.NodeContainer()
    nodes.Create(2)
    link = ns.point_to_point.PointToPointHelper()
    link.SetDeviceAttribute("DataRate", ns.core.StringValue("5Mbps"))
    ...
    ns.core.Simulator.Run()

As in ns-3.37's own (cppyy) bindings, every module namespace (ns.core, ns.network, ns.internet,
ns.point_to_point, ns.csma, ns.applications, ns.internet_apps, ns.flow_monitor, ns.ipsec, ...)
is the same object, so a class is found under any of them, and also as ns.ClassName. Debian's
ns-3.37 has no Python bindings: these are pybind11 bindings of the classes a study around the
ipsec module needs; names outside them raise AttributeError saying so. ns.cppyy does not exist
(there is no C++ interpreter): Python functions are scheduled and connected to trace sources
directly.
"""
import types as _types

import ns3ipsec as _ext

from ns._command_line import CommandLine as _CommandLine

__all__ = ["ns"]

# ns-3.37's module namespaces the bindings cover (all the same object, as in ns-3.37).
MODULES = ("core", "network", "internet", "point_to_point", "csma", "applications",
           "internet_apps", "flow_monitor", "stats", "ipsec")

# ns-3 modules the bindings do not cover, for a clearer error.
_UNBOUND_MODULES = ("antenna", "aodv", "bridge", "brite", "buildings", "click", "config_store",
                    "csma_layout", "dsdv", "dsr", "energy", "fd_net_device", "lr_wpan", "lte",
                    "mesh", "mobility", "mpi", "netanim", "nix_vector_routing", "olsr", "openflow",
                    "point_to_point_layout", "propagation", "sixlowpan", "spectrum", "tap_bridge",
                    "topology_read", "traffic_control", "uan", "virtual_net_device", "wave",
                    "wifi", "wimax", "visualizer")


class _Namespace(_types.ModuleType):
    """The `ns` object: every bound class and function, and the module namespaces."""

    def __getattr__(self, name):
        if name in _UNBOUND_MODULES:
            raise AttributeError(
                f"ns.{name}: ns-3's {name} module has no Python bindings here (Debian's ns-3.37 "
                f"ships none; ns3ipsec binds {', '.join(MODULES)}; see bindings/README.md)")
        raise AttributeError(
            f"ns.{name}: not bound by the ns3ipsec Python bindings (see bindings/README.md for "
            f"what is)")

    def __dir__(self):
        return sorted(set(super().__dir__()))


class _NoCppyy:
    """ns.cppyy of ns-3's bindings: not available (pybind11, no C++ interpreter)."""

    def __getattr__(self, name):
        raise AttributeError(
            "ns.cppyy is not available: the ns3ipsec bindings are pybind11, not cppyy, so there "
            "is no cppyy.cppdef or cppyy.gbl. Schedule Python functions directly "
            "(ns.core.Simulator.Schedule(ns.core.Seconds(1), function, arg)) and connect them "
            "to trace sources (ns.core.Config.Connect(path, function), "
            "obj.TraceConnectWithoutContext(name, function)).")

    def __repr__(self):
        return "<ns.cppyy: not available in the ns3ipsec bindings>"


def _make():
    ns = _Namespace("ns", __doc__)
    for name in dir(_ext):
        if not name.startswith("_"):
            setattr(ns, name, getattr(_ext, name))
    ns.CommandLine = _CommandLine
    ns.cppyy = _NoCppyy()
    for module in MODULES:
        setattr(ns, module, ns)
    return ns


ns = _make()
