/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bindings.h"

#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <set>
#include <unistd.h>

using namespace ns3;

namespace ns3ipsec
{

namespace
{
/// Python's index (negative counts from the end) into a container of n, or IndexError.
uint32_t
Index(int64_t i, uint32_t n, const std::string& what)
{
    int64_t j = i < 0 ? i + n : i;
    if (j < 0 || j >= n)
    {
        throw py::index_error(what + " index " + std::to_string(i) + " out of range (it holds "
                              + std::to_string(n) + ")");
    }
    return static_cast<uint32_t>(j);
}

/**
 * Link helper keyword arguments: each goes to the device or the channel, whichever type has
 * the attribute; all are checked before any is set.
 */
template <class Helper>
void
LinkAttributes(Helper& helper,
               const std::string& who,
               TypeId device,
               TypeId channel,
               const py::kwargs& attributes)
{
    std::vector<std::tuple<bool, std::string, Ptr<AttributeValue>>> checked;
    for (const auto& item : attributes)
    {
        std::string name = item.first.cast<std::string>();
        bool onDevice = HasAttribute(device, name);
        if (!onDevice && !HasAttribute(channel, name))
        {
            std::vector<std::string> names = AttributeNames(device, AttributeUse::CONSTRUCT);
            std::vector<std::string> more = AttributeNames(channel, AttributeUse::CONSTRUCT);
            names.insert(names.end(), more.begin(), more.end());
            throw py::value_error(who + ": neither " + device.GetName() + " nor "
                                  + channel.GetName() + " has attribute '" + name + "'"
                                  + Suggestion(name, names) + " (device: "
                                  + Join(AttributeNames(device, AttributeUse::CONSTRUCT))
                                  + "; channel: " + Join(more) + ")");
        }
        checked.emplace_back(onDevice,
                             name,
                             CheckAttribute(onDevice ? device : channel,
                                            name,
                                            item.second,
                                            AttributeUse::CONSTRUCT));
    }
    for (const auto& [onDevice, name, value] : checked)
    {
        if (onDevice)
        {
            helper.SetDeviceAttribute(name, *value);
        }
        else
        {
            helper.SetChannelAttribute(name, *value);
        }
    }
}

/// PCAP files are opened at once, and ns-3 aborts when it cannot: check the folder first.
void
CheckPcapPrefix(const std::string& prefix)
{
    std::string::size_type slash = prefix.rfind('/');
    std::string folder = slash == std::string::npos ? "." : prefix.substr(0, slash + 1);
    if (access(folder.c_str(), W_OK | X_OK) != 0)
    {
        PyErr_SetFromErrnoWithFilename(PyExc_OSError, folder.c_str());
        throw py::error_already_set();
    }
}

/**
 * Ipv4AddressHelper with the checks ns-3 leaves to assertions (compiled out in Debian's build)
 * or to a fatal error: a mask that is not a prefix, a network with host bits, running out of
 * addresses, and an address another helper already handed out.
 */
struct AddressHelper
{
    Ipv4AddressHelper helper;
    std::string network; //!< the current network, for messages
    uint32_t prefix;     //!< prefix length
    uint32_t next = 1;   //!< host part of the next address
    uint32_t networkNumber;
};

Ptr<Node>
DeviceNode(Ptr<NetDevice> device, uint32_t i)
{
    Ptr<Node> node = device->GetNode();
    if (!node)
    {
        throw py::value_error("device " + std::to_string(i) + " belongs to no node");
    }
    return LiveNode(node, "the node of device " + std::to_string(i));
}
} // namespace

void
CheckOutputPrefix(const std::string& prefix)
{
    CheckPcapPrefix(prefix);
}

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
                         c.Add(LiveNodes(p.cast<NodeContainer>()));
                     }
                     else if (py::isinstance<Node>(p))
                     {
                         c.Add(LiveNode(p.cast<Ptr<Node>>()));
                     }
                     else
                     {
                         throw py::type_error(
                             "NodeContainer takes Nodes and NodeContainers, not "
                             + std::string(py::str(p.get_type().attr("__name__"))));
                     }
                 }
                 return c;
             }),
             py::arg("parts"),
             "Join nodes and containers.")
        .def("Create", py::overload_cast<uint32_t>(&NodeContainer::Create), py::arg("n"))
        .def(
            "Get",
            [](const NodeContainer& c, int64_t i) { return c.Get(Index(i, c.GetN(), "node")); },
            py::arg("i"))
        .def("GetN", &NodeContainer::GetN)
        .def("__len__", &NodeContainer::GetN)
        .def("__getitem__",
             [](const NodeContainer& c, int64_t i) { return c.Get(Index(i, c.GetN(), "node")); })
        .def("Add", [](NodeContainer& c, const py::object& part) {
            if (py::isinstance<NodeContainer>(part))
            {
                c.Add(LiveNodes(part.cast<NodeContainer>()));
            }
            else if (py::isinstance<Node>(part))
            {
                c.Add(LiveNode(part.cast<Ptr<Node>>()));
            }
            else
            {
                throw py::type_error("NodeContainer.Add takes a Node or a NodeContainer, not "
                                     + std::string(py::str(part.get_type().attr("__name__"))));
            }
        });

    m.def_submodule("Names", "Object names (configuration files may refer to nodes by name).")
        .def(
            "Add",
            [](const std::string& name, Ptr<Node> node) {
                LiveNode(node);
                if (name.empty() || name.find_first_of("/ \t\n") != std::string::npos)
                {
                    throw py::value_error("Names.Add: '" + name
                                          + "' is not a name (non-empty, no '/' or spaces)");
                }
                if (Names::Find<Object>(name))
                {
                    throw py::value_error("Names.Add: the name '" + name + "' is already taken");
                }
                std::string old = Names::FindName(node);
                if (!old.empty())
                {
                    throw py::value_error("Names.Add: node " + std::to_string(node->GetId())
                                          + " is already named '" + old + "'");
                }
                Names::Add(name, node);
            },
            py::arg("name"),
            py::arg("node"),
            "Name a node (configuration files may then refer to it). Simulator.Destroy() clears "
            "the names.");

    py::class_<NetDevice, Object, Ptr<NetDevice>>(m, "NetDevice")
        .def("GetIfIndex", &NetDevice::GetIfIndex)
        .def("GetMtu", &NetDevice::GetMtu)
        .def("GetNode", &NetDevice::GetNode);

    py::class_<NetDeviceContainer>(m, "NetDeviceContainer")
        .def(py::init<>())
        .def(
            "Get",
            [](const NetDeviceContainer& c, int64_t i) {
                return c.Get(Index(i, c.GetN(), "device"));
            },
            py::arg("i"))
        .def("GetN", &NetDeviceContainer::GetN)
        .def("__len__", &NetDeviceContainer::GetN)
        .def("__getitem__",
             [](const NetDeviceContainer& c, int64_t i) {
                 return c.Get(Index(i, c.GetN(), "device"));
             })
        .def("Add", [](NetDeviceContainer& c, const NetDeviceContainer& other) { c.Add(other); });

    py::class_<PointToPointHelper>(m, "PointToPointHelper", "Builds point-to-point links.")
        .def(py::init([](const py::kwargs& attributes) {
            auto helper = std::make_unique<PointToPointHelper>();
            LinkAttributes(*helper,
                           "PointToPointHelper",
                           PointToPointNetDevice::GetTypeId(),
                           PointToPointChannel::GetTypeId(),
                           attributes);
            return helper;
        }))
        .def(
            "SetDeviceAttribute",
            [](PointToPointHelper& h, const std::string& n, const py::object& v) {
                h.SetDeviceAttribute(n,
                                     *CheckAttribute(PointToPointNetDevice::GetTypeId(),
                                                     n,
                                                     v,
                                                     AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "SetChannelAttribute",
            [](PointToPointHelper& h, const std::string& n, const py::object& v) {
                h.SetChannelAttribute(n,
                                      *CheckAttribute(PointToPointChannel::GetTypeId(),
                                                      n,
                                                      v,
                                                      AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](PointToPointHelper& h, const NodeContainer& nodes) {
                if (nodes.GetN() != 2)
                {
                    throw py::value_error("PointToPointHelper.Install: a link joins exactly 2 "
                                          "nodes, the container holds "
                                          + std::to_string(nodes.GetN()));
                }
                LiveNodes(nodes);
                return h.Install(nodes);
            },
            py::arg("nodes"))
        .def(
            "Install",
            [](PointToPointHelper& h, Ptr<Node> a, Ptr<Node> b) {
                return h.Install(LiveNode(a, "the first node"), LiveNode(b, "the second node"));
            },
            py::arg("a"),
            py::arg("b"))
        .def(
            "EnablePcapAll",
            [](PointToPointHelper& h, const std::string& prefix) {
                CheckPcapPrefix(prefix);
                h.EnablePcapAll(prefix, false);
            },
            py::arg("prefix"),
            "Wire PCAP of every point-to-point device: <prefix>-<node>-<device>.pcap");

    py::class_<CsmaHelper>(m, "CsmaHelper", "Builds CSMA (Ethernet-like) LANs.")
        .def(py::init([](const py::kwargs& attributes) {
            auto helper = std::make_unique<CsmaHelper>();
            LinkAttributes(*helper,
                           "CsmaHelper",
                           CsmaNetDevice::GetTypeId(),
                           CsmaChannel::GetTypeId(),
                           attributes);
            return helper;
        }))
        .def(
            "SetDeviceAttribute",
            [](CsmaHelper& h, const std::string& n, const py::object& v) {
                h.SetDeviceAttribute(
                    n,
                    *CheckAttribute(CsmaNetDevice::GetTypeId(), n, v, AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "SetChannelAttribute",
            [](CsmaHelper& h, const std::string& n, const py::object& v) {
                h.SetChannelAttribute(
                    n,
                    *CheckAttribute(CsmaChannel::GetTypeId(), n, v, AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](const CsmaHelper& h, const NodeContainer& nodes) {
                return h.Install(LiveNodes(nodes));
            },
            py::arg("nodes"))
        .def(
            "EnablePcapAll",
            [](CsmaHelper& h, const std::string& prefix) {
                CheckPcapPrefix(prefix);
                h.EnablePcapAll(prefix, false);
            },
            py::arg("prefix"));

    py::class_<InternetStackHelper>(m, "InternetStackHelper", "Installs IPv4, UDP, TCP, ICMP.")
        .def(py::init<>())
        .def(
            "Install",
            [](const InternetStackHelper& h, const NodeContainer& nodes) {
                std::set<uint32_t> seen;
                for (uint32_t i = 0; i < nodes.GetN(); ++i)
                {
                    Ptr<Node> node = LiveNode(nodes.Get(i));
                    if (node->GetObject<Ipv4>() || !seen.insert(node->GetId()).second)
                    {
                        throw py::value_error("InternetStackHelper.Install: node "
                                              + std::to_string(node->GetId())
                                              + " already has an internet stack");
                    }
                }
                h.Install(nodes);
            },
            py::arg("nodes"));

    py::class_<Ipv4InterfaceContainer>(m, "Ipv4InterfaceContainer")
        .def(
            "GetAddress",
            [](const Ipv4InterfaceContainer& c, int64_t i) {
                return AddressText(c.GetAddress(Index(i, c.GetN(), "interface")));
            },
            py::arg("i"))
        .def("GetN", &Ipv4InterfaceContainer::GetN)
        .def("__len__", &Ipv4InterfaceContainer::GetN);

    py::class_<AddressHelper>(m, "Ipv4AddressHelper", "Assigns addresses from a network.")
        .def(py::init([](const std::string& network, const std::string& mask) {
                 Ipv4Address net = ParseAddress(network);
                 uint32_t bits = ParseAddress(mask).Get();
                 uint32_t inverted = ~bits;
                 if ((inverted & (inverted + 1)) != 0)
                 {
                     throw py::value_error("Ipv4AddressHelper: " + mask
                                           + " is not a network mask (ones, then zeros)");
                 }
                 uint32_t prefix = Ipv4Mask(bits).GetPrefixLength();
                 if (prefix < 1 || prefix > 30)
                 {
                     throw py::value_error("Ipv4AddressHelper: a /" + std::to_string(prefix)
                                           + " network has no room for hosts to number "
                                             "(prefix lengths 1 to 30)");
                 }
                 if ((net.Get() & inverted) != 0)
                 {
                     throw py::value_error("Ipv4AddressHelper: " + network
                                           + " has host bits set for mask " + mask);
                 }
                 AddressHelper h{Ipv4AddressHelper(net, Ipv4Mask(bits)), network, prefix};
                 h.networkNumber = net.Get() >> (32 - prefix);
                 return h;
             }),
             py::arg("network"),
             py::arg("mask"))
        .def(
            "Assign",
            [](AddressHelper& h, const NetDeviceContainer& devices) {
                uint32_t shift = 32 - h.prefix;
                uint32_t room = (uint32_t{1} << shift) - 2; // host parts 1 .. 2^shift - 2
                for (uint32_t i = 0; i < devices.GetN(); ++i)
                {
                    Ptr<Node> node = DeviceNode(devices.Get(i), i);
                    if (!node->GetObject<Ipv4>())
                    {
                        throw py::value_error(
                            "Ipv4AddressHelper.Assign: node " + std::to_string(node->GetId())
                            + " has no internet stack (call InternetStackHelper.Install first)");
                    }
                    uint64_t host = uint64_t{h.next} + i;
                    if (host > room)
                    {
                        throw py::value_error("Ipv4AddressHelper.Assign: network " + h.network + "/"
                                              + std::to_string(h.prefix) + " has room for "
                                              + std::to_string(room + 1 - h.next)
                                              + " more addresses, " + std::to_string(devices.GetN())
                                              + " asked for (call NewNetwork())");
                    }
                    Ipv4Address address((h.networkNumber << shift) | static_cast<uint32_t>(host));
                    // ns-3.37's IsAddressAllocated answers false for an allocated address.
                    if (!Ipv4AddressGenerator::IsAddressAllocated(address))
                    {
                        throw py::value_error("Ipv4AddressHelper.Assign: " + AddressText(address)
                                              + " is already assigned (another helper numbered "
                                                "this network: use another one or NewNetwork())");
                    }
                }
                Ipv4InterfaceContainer assigned = h.helper.Assign(devices);
                h.next += devices.GetN();
                return assigned;
            },
            py::arg("devices"))
        .def("NewNetwork", [](AddressHelper& h) {
            uint32_t shift = 32 - h.prefix;
            if (uint64_t{h.networkNumber} + 1 >= (uint64_t{1} << h.prefix))
            {
                throw py::value_error("Ipv4AddressHelper.NewNetwork: " + h.network + "/"
                                      + std::to_string(h.prefix) + " is the last such network");
            }
            Ipv4Address next = h.helper.NewNetwork();
            h.networkNumber++;
            h.next = 1;
            h.network = AddressText(next);
            (void) shift;
            return h.network;
        });

    py::class_<Ipv4GlobalRoutingHelper>(m, "Ipv4GlobalRoutingHelper")
        .def_static("PopulateRoutingTables", &Ipv4GlobalRoutingHelper::PopulateRoutingTables);
}

} // namespace ns3ipsec
