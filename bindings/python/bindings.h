/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NS3IPSEC_BINDINGS_H
#define NS3IPSEC_BINDINGS_H

#include "ns3/core-module.h"
#include "ns3/ipv4-address.h"
#include "ns3/ptr.h"

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <string>

namespace py = pybind11;

/// ns-3's intrusive pointer is a pybind11 holder.
PYBIND11_DECLARE_HOLDER_TYPE(T, ns3::Ptr<T>, true);

namespace pybind11::detail
{
/// How pybind11 reads the raw pointer of a Ptr (it has no get()).
template <typename T>
struct holder_helper<ns3::Ptr<T>>
{
    static T* get(const ns3::Ptr<T>& p) { return ns3::PeekPointer(p); }
};
} // namespace pybind11::detail

namespace ns3ipsec
{
/// Core: Simulator, Time, Config, RngSeedManager, Names.
void BindCore(py::module_& m);
/// Nodes, devices, links (point-to-point, CSMA), the internet stack, addresses, routing, PCAP.
void BindTopology(py::module_& m);
/// UDP, TCP and ping applications.
void BindApplications(py::module_& m);
/// IpsecHelper, IpsecL3Protocol, SPD, SADB, SAs, policies, statistics, key export.
void BindIpsec(py::module_& m);
/// UDP/TCP sockets and per-socket IPsec policy.
void BindSockets(py::module_& m);

/// \return the address, or a Python ValueError naming the bad text
ns3::Ipv4Address ParseAddress(const std::string& text);
/// \return dotted-quad text
std::string AddressText(ns3::Ipv4Address address);
/// \return a Time from seconds (float) or a Time object
ns3::Time ToTime(const py::object& value);
/// Set an attribute from text; a bad name or value raises ValueError.
void SetAttributeFromText(ns3::ObjectBase& object,
                          const std::string& name,
                          const std::string& value);
} // namespace ns3ipsec

#endif
