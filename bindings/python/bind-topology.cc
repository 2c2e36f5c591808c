/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bindings.h"

#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

using namespace ns3;

namespace ns3ipsec
{

namespace
{
/// Apply name=value pairs given as Python keyword arguments.
template <class Setter>
void
ApplyAttributes(const py::kwargs& attributes, Setter set)
{
    for (const auto& item : attributes)
    {
        set(item.first.cast<std::string>(), py::str(item.second).cast<std::string>());
    }
}
} // namespace

void
BindTopology(py::module_& m)
{
    py::class_<Node, Object, Ptr<Node>>(m, "Node", "An ns-3 node.")
        .def("GetId", &Node::GetId)
        .def("GetNDevices", &Node::GetNDevices)
        .def(
            "GetAddresses",
            [](Ptr<Node> node) {
                std::vector<std::string> out;
                Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
                for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces(); ++i)
                {
                    for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
                    {
                        out.push_back(AddressText(ipv4->GetAddress(i, j).GetLocal()));
                    }
                }
                return out;
            },
            "The node's IPv4 addresses, loopback first.");

    py::class_<NodeContainer>(m, "NodeContainer", "A list of nodes.")
        .def(py::init<>())
        .def(py::init([](uint32_t n) {
                 NodeContainer c;
                 c.Create(n);
                 return c;
             }),
             py::arg("n"),
             "Create n nodes.")
        .def(py::init([](const std::vector<py::object>& parts) {
                 NodeContainer c;
                 for (const auto& p : parts)
                 {
                     if (py::isinstance<NodeContainer>(p))
                     {
                         c.Add(p.cast<NodeContainer>());
                     }
                     else
                     {
                         c.Add(p.cast<Ptr<Node>>());
                     }
                 }
                 return c;
             }),
             py::arg("parts"),
             "Join nodes and containers.")
        .def("Create", py::overload_cast<uint32_t>(&NodeContainer::Create))
        .def("Get", &NodeContainer::Get)
        .def("GetN", &NodeContainer::GetN)
        .def("__len__", &NodeContainer::GetN)
        .def("__getitem__",
             [](const NodeContainer& c, uint32_t i) {
                 if (i >= c.GetN())
                 {
                     throw py::index_error();
                 }
                 return c.Get(i);
             })
        .def("Add", [](NodeContainer& c, Ptr<Node> node) { c.Add(node); })
        .def("Add", [](NodeContainer& c, const NodeContainer& other) { c.Add(other); });

    m.def_submodule("Names", "Object names (configuration files may refer to nodes by name).")
        .def(
            "Add",
            [](const std::string& name, Ptr<Node> node) { Names::Add(name, node); },
            py::arg("name"),
            py::arg("node"),
            "Name a node (configuration files may then refer to it).");

    py::class_<NetDevice, Object, Ptr<NetDevice>>(m, "NetDevice")
        .def("GetIfIndex", &NetDevice::GetIfIndex)
        .def("GetMtu", &NetDevice::GetMtu)
        .def("GetNode", &NetDevice::GetNode);

    py::class_<NetDeviceContainer>(m, "NetDeviceContainer")
        .def(py::init<>())
        .def("Get", &NetDeviceContainer::Get)
        .def("GetN", &NetDeviceContainer::GetN)
        .def("__len__", &NetDeviceContainer::GetN)
        .def("Add", [](NetDeviceContainer& c, const NetDeviceContainer& other) { c.Add(other); });

    py::class_<PointToPointHelper>(m, "PointToPointHelper", "Builds point-to-point links.")
        .def(py::init([](const py::kwargs& attributes) {
            auto helper = std::make_unique<PointToPointHelper>();
            ApplyAttributes(attributes, [&helper](const std::string& n, const std::string& v) {
                if (n == "DataRate" || n == "Mtu")
                {
                    helper->SetDeviceAttribute(n, StringValue(v));
                }
                else if (n == "Delay")
                {
                    helper->SetChannelAttribute(n, StringValue(v));
                }
                else
                {
                    throw py::value_error("PointToPointHelper: unknown attribute " + n);
                }
            });
            return helper;
        }))
        .def("SetDeviceAttribute",
             [](PointToPointHelper& h, const std::string& n, const std::string& v) {
                 h.SetDeviceAttribute(n, StringValue(v));
             })
        .def("SetChannelAttribute",
             [](PointToPointHelper& h, const std::string& n, const std::string& v) {
                 h.SetChannelAttribute(n, StringValue(v));
             })
        .def("Install", py::overload_cast<NodeContainer>(&PointToPointHelper::Install))
        .def("Install", py::overload_cast<Ptr<Node>, Ptr<Node>>(&PointToPointHelper::Install))
        .def(
            "EnablePcapAll",
            [](PointToPointHelper& h, const std::string& prefix) {
                h.EnablePcapAll(prefix, false);
            },
            py::arg("prefix"),
            "Wire PCAP of every point-to-point device: <prefix>-<node>-<device>.pcap");

    py::class_<CsmaHelper>(m, "CsmaHelper", "Builds CSMA (Ethernet-like) LANs.")
        .def(py::init([](const py::kwargs& attributes) {
            auto helper = std::make_unique<CsmaHelper>();
            ApplyAttributes(attributes, [&helper](const std::string& n, const std::string& v) {
                if (n == "Mtu")
                {
                    helper->SetDeviceAttribute(n, StringValue(v));
                }
                else if (n == "DataRate" || n == "Delay")
                {
                    helper->SetChannelAttribute(n, StringValue(v));
                }
                else
                {
                    throw py::value_error("CsmaHelper: unknown attribute " + n);
                }
            });
            return helper;
        }))
        .def("SetDeviceAttribute",
             [](CsmaHelper& h, const std::string& n, const std::string& v) {
                 h.SetDeviceAttribute(n, StringValue(v));
             })
        .def("SetChannelAttribute",
             [](CsmaHelper& h, const std::string& n, const std::string& v) {
                 h.SetChannelAttribute(n, StringValue(v));
             })
        .def("Install", py::overload_cast<const NodeContainer&>(&CsmaHelper::Install, py::const_))
        .def(
            "EnablePcapAll",
            [](CsmaHelper& h, const std::string& prefix) { h.EnablePcapAll(prefix, false); },
            py::arg("prefix"));

    py::class_<InternetStackHelper>(m, "InternetStackHelper", "Installs IPv4, UDP, TCP, ICMP.")
        .def(py::init<>())
        .def("Install",
             py::overload_cast<NodeContainer>(&InternetStackHelper::Install, py::const_));

    py::class_<Ipv4InterfaceContainer>(m, "Ipv4InterfaceContainer")
        .def("GetAddress",
             [](const Ipv4InterfaceContainer& c, uint32_t i) {
                 if (i >= c.GetN())
                 {
                     throw py::index_error();
                 }
                 return AddressText(c.GetAddress(i));
             })
        .def("GetN", &Ipv4InterfaceContainer::GetN)
        .def("__len__", &Ipv4InterfaceContainer::GetN);

    py::class_<Ipv4AddressHelper>(m, "Ipv4AddressHelper", "Assigns addresses from a network.")
        .def(py::init([](const std::string& network, const std::string& mask) {
                 ParseAddress(network);
                 ParseAddress(mask);
                 return Ipv4AddressHelper(network.c_str(), mask.c_str());
             }),
             py::arg("network"),
             py::arg("mask"))
        .def("Assign", &Ipv4AddressHelper::Assign)
        .def("NewNetwork", &Ipv4AddressHelper::NewNetwork);

    py::class_<Ipv4GlobalRoutingHelper>(m, "Ipv4GlobalRoutingHelper")
        .def_static("PopulateRoutingTables", &Ipv4GlobalRoutingHelper::PopulateRoutingTables);
}

} // namespace ns3ipsec
