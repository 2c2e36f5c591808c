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
#include <sstream>
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
    std::string network;        //!< the current network, for messages ("" before SetBase)
    uint32_t prefix = 0;        //!< prefix length
    uint32_t next = 1;          //!< host part of the next address
    uint32_t base = 1;          //!< host part of a new network's first address
    uint32_t networkNumber = 0; //!< the network part, shifted down
};

void
SetBase(AddressHelper& h, const AddressArg& network, const py::object& mask, const AddressArg& base)
{
    Ipv4Address net = Ipv4Of(network, "Ipv4AddressHelper network");
    std::string maskText = py::str(mask).cast<std::string>();
    uint32_t bits;
    try
    {
        bits = MaskOf(mask, "Ipv4AddressHelper mask").Get();
    }
    catch (const py::value_error&)
    {
        throw py::value_error("Ipv4AddressHelper: " + maskText
                              + " is not a network mask (ones, then zeros)");
    }
    uint32_t inverted = ~bits;
    uint32_t prefix = Ipv4Mask(bits).GetPrefixLength();
    if (prefix < 1 || prefix > 30)
    {
        throw py::value_error("Ipv4AddressHelper: a /" + std::to_string(prefix)
                              + " network has no room for hosts to number "
                                "(prefix lengths 1 to 30)");
    }
    if ((net.Get() & inverted) != 0)
    {
        throw py::value_error("Ipv4AddressHelper: " + AddressText(net)
                              + " has host bits set for mask " + maskText);
    }
    Ipv4Address first = Ipv4Of(base, "Ipv4AddressHelper base");
    if ((first.Get() & bits) != 0 || first.Get() == 0 || first.Get() >= inverted)
    {
        throw py::value_error("Ipv4AddressHelper: base " + AddressText(first)
                              + " is not a host part of a /" + std::to_string(prefix)
                              + " network (from 0.0.0.1 on)");
    }
    h.helper.SetBase(net, Ipv4Mask(bits), first);
    h.network = AddressText(net);
    h.prefix = prefix;
    h.base = first.Get();
    h.next = h.base;
    h.networkNumber = net.Get() >> (32 - prefix);
}

void
RequireBase(const AddressHelper& h, const std::string& what)
{
    if (h.network.empty())
    {
        throw py::value_error("Ipv4AddressHelper." + what
                              + ": no network to number from (call SetBase first)");
    }
}

/// The i-th of `count` addresses from the next one, checked: room left, not assigned yet.
Ipv4Address
NextAddress(const AddressHelper& h, uint32_t i, uint32_t count, const std::string& who)
{
    uint32_t shift = 32 - h.prefix;
    uint32_t room = (uint32_t{1} << shift) - 2; // host parts 1 .. 2^shift - 2
    uint64_t host = uint64_t{h.next} + i;
    if (host > room)
    {
        throw py::value_error(who + ": network " + h.network + "/" + std::to_string(h.prefix)
                              + " has room for "
                              + std::to_string(h.next > room ? 0 : room + 1 - h.next)
                              + " more addresses, " + std::to_string(count)
                              + " asked for (call NewNetwork())");
    }
    Ipv4Address address((h.networkNumber << shift) | static_cast<uint32_t>(host));
    // ns-3.37's IsAddressAllocated answers false for an allocated address.
    if (!Ipv4AddressGenerator::IsAddressAllocated(address))
    {
        throw py::value_error(who + ": " + AddressText(address)
                              + " is already assigned (another helper numbered "
                                "this network: use another one or NewNetwork())");
    }
    return address;
}

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
        .def(py::init([]() { return CreateObject<Node>(); }))
        .def("GetId", &Node::GetId)
        .def("GetNDevices", &Node::GetNDevices)
        .def(
            "GetDevice",
            [](Node& node, int64_t i) {
                return node.GetDevice(Index(i, node.GetNDevices(), "device"));
            },
            py::arg("index"))
        .def("GetNApplications", &Node::GetNApplications)
        .def(
            "GetApplication",
            [](Node& node, int64_t i) {
                return node.GetApplication(Index(i, node.GetNApplications(), "application"));
            },
            py::arg("index"))
        .def("GetSystemId", &Node::GetSystemId)
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
        .def(py::init([](const py::object& first, const py::args& rest) {
                 NodeContainer c;
                 py::list parts;
                 parts.append(first);
                 for (const auto& p : rest)
                 {
                     parts.append(p);
                 }
                 for (const auto& p : parts)
                 {
                     if (py::isinstance<NodeContainer>(p) || py::isinstance<Node>(p) ||
                         py::isinstance<py::str>(p))
                     {
                         c.Add(NodesOf(NodesArg{py::reinterpret_borrow<py::object>(p)}));
                     }
                     else
                     {
                         throw py::type_error("NodeContainer takes a number of nodes to create, "
                                              "or Nodes, NodeContainers and node names, not " +
                                              std::string(py::str(p.get_type().attr("__name__"))));
                     }
                 }
                 return c;
             }),
             "NodeContainer(node), NodeContainer(a, b, ...) joining containers and nodes.")
        .def_static("GetGlobal", &NodeContainer::GetGlobal, "Every node of the simulation.")
        .def("Create", py::overload_cast<uint32_t>(&NodeContainer::Create), py::arg("n"))
        .def("Contains", &NodeContainer::Contains, py::arg("id"))
        .def(
            "__iter__",
            [](const NodeContainer& c) {
                py::list nodes;
                for (uint32_t i = 0; i < c.GetN(); ++i)
                {
                    nodes.append(c.Get(i));
                }
                return py::iter(nodes);
            })
        .def(
            "Get",
            [](const NodeContainer& c, int64_t i) { return c.Get(Index(i, c.GetN(), "node")); },
            py::arg("i"))
        .def("GetN", &NodeContainer::GetN)
        .def("__len__", &NodeContainer::GetN)
        .def("__getitem__",
             [](const NodeContainer& c, int64_t i) { return c.Get(Index(i, c.GetN(), "node")); })
        .def("Add", [](NodeContainer& c, const py::object& part) {
            if (py::isinstance<NodeContainer>(part) || py::isinstance<Node>(part) ||
                py::isinstance<py::str>(part))
            {
                c.Add(NodesOf(NodesArg{part}));
            }
            else
            {
                throw py::type_error("NodeContainer.Add takes a Node, a NodeContainer or a node "
                                     "name, not "
                                     + std::string(py::str(part.get_type().attr("__name__"))));
            }
        });
    SetTypeIdName(m.attr("Node"), "ns3::Node");

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
        .def(
            "SetMtu",
            [](NetDevice& d, uint16_t mtu) {
                if (mtu < 68)
                {
                    throw py::value_error("NetDevice.SetMtu: an MTU of at least 68 bytes (the "
                                          "IPv4 minimum), not " +
                                          std::to_string(mtu));
                }
                return d.SetMtu(mtu);
            },
            py::arg("mtu"))
        .def("GetNode", &NetDevice::GetNode)
        .def("GetAddress", &NetDevice::GetAddress)
        .def("GetChannel", &NetDevice::GetChannel)
        .def("IsLinkUp", &NetDevice::IsLinkUp)
        .def("IsPointToPoint", &NetDevice::IsPointToPoint);
    SetTypeIdName(m.attr("NetDevice"), "ns3::NetDevice");

    py::class_<QueueBase, Object, Ptr<QueueBase>>(m,
                                                   "QueueBase",
                                                   "A device queue (Queue<Packet>): its counters.")
        .def("GetNPackets", &QueueBase::GetNPackets)
        .def("GetNBytes", &QueueBase::GetNBytes)
        .def("GetCurrentSize",
             [](const QueueBase& q) {
                 std::ostringstream oss;
                 oss << q.GetCurrentSize();
                 return oss.str();
             })
        .def("GetMaxSize",
             [](const QueueBase& q) {
                 std::ostringstream oss;
                 oss << q.GetMaxSize();
                 return oss.str();
             })
        .def("IsEmpty", &QueueBase::IsEmpty)
        .def("GetTotalReceivedPackets", &QueueBase::GetTotalReceivedPackets)
        .def("GetTotalReceivedBytes", &QueueBase::GetTotalReceivedBytes)
        .def("GetTotalDroppedPackets", &QueueBase::GetTotalDroppedPackets)
        .def("GetTotalDroppedBytes", &QueueBase::GetTotalDroppedBytes)
        .def("ResetStatistics", &QueueBase::ResetStatistics);

    py::class_<PointToPointNetDevice, NetDevice, Ptr<PointToPointNetDevice>>(m,
                                                                            "PointToPointNetDevice")
        .def("GetQueue",
             [](const PointToPointNetDevice& d) { return Ptr<QueueBase>(d.GetQueue()); })
        .def(
            "SetDataRate",
            [](PointToPointNetDevice& d, const py::object& rate) {
                SetObjectAttribute(d, "DataRate", rate);
            },
            py::arg("rate"));
    SetTypeIdName(m.attr("PointToPointNetDevice"), "ns3::PointToPointNetDevice");
    py::class_<CsmaNetDevice, NetDevice, Ptr<CsmaNetDevice>>(m, "CsmaNetDevice")
        .def("GetQueue", [](const CsmaNetDevice& d) { return Ptr<QueueBase>(d.GetQueue()); });
    SetTypeIdName(m.attr("CsmaNetDevice"), "ns3::CsmaNetDevice");

    py::class_<Channel, Object, Ptr<Channel>>(m, "Channel")
        .def("GetId", &Channel::GetId)
        .def("GetNDevices", &Channel::GetNDevices)
        .def(
            "GetDevice",
            [](const Channel& c, int64_t i) {
                return c.GetDevice(Index(i, c.GetNDevices(), "device"));
            },
            py::arg("index"));
    SetTypeIdName(m.attr("Channel"), "ns3::Channel");
    py::class_<PointToPointChannel, Channel, Ptr<PointToPointChannel>>(m, "PointToPointChannel");
    SetTypeIdName(m.attr("PointToPointChannel"), "ns3::PointToPointChannel");
    py::class_<CsmaChannel, Channel, Ptr<CsmaChannel>>(m, "CsmaChannel");
    SetTypeIdName(m.attr("CsmaChannel"), "ns3::CsmaChannel");

    py::class_<NetDeviceContainer>(m, "NetDeviceContainer")
        .def(py::init<>())
        .def(py::init([](Ptr<NetDevice> d) {
                 return NetDeviceContainer(NotNone(d, "the device"));
             }),
             py::arg("device"))
        .def(py::init([](const NetDeviceContainer& a, const NetDeviceContainer& b) {
                 return NetDeviceContainer(a, b);
             }),
             py::arg("a"),
             py::arg("b"))
        .def(
            "__iter__",
            [](const NetDeviceContainer& c) {
                py::list devices;
                for (uint32_t i = 0; i < c.GetN(); ++i)
                {
                    devices.append(c.Get(i));
                }
                return py::iter(devices);
            })
        .def("Add",
             [](NetDeviceContainer& c, Ptr<NetDevice> d) { c.Add(NotNone(d, "the device")); })
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
            py::arg("b"));

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
            [](const CsmaHelper& h, const NodesArg& nodes) { return h.Install(NodesOf(nodes)); },
            py::arg("nodes"));

    py::class_<InternetStackHelper>(m, "InternetStackHelper", "Installs IPv4, UDP, TCP, ICMP.")
        .def(py::init<>())
        .def("InstallAll",
             [](const InternetStackHelper& h) {
                 NodeContainer missing;
                 for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
                 {
                     if (!(*it)->GetObject<Ipv4>())
                     {
                         missing.Add(*it);
                     }
                 }
                 h.Install(missing);
             },
             "Install on every node that has no stack yet.")
        .def(
            "Install",
            [](const InternetStackHelper& h, const NodesArg& arg) {
                NodeContainer nodes = NodesOf(arg);
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

    py::class_<Ipv4InterfaceAddress>(m, "Ipv4InterfaceAddress")
        .def("GetLocal", &Ipv4InterfaceAddress::GetLocal)
        .def("GetMask", &Ipv4InterfaceAddress::GetMask)
        .def("GetBroadcast", &Ipv4InterfaceAddress::GetBroadcast)
        .def("__repr__", [](const Ipv4InterfaceAddress& a) {
            std::ostringstream oss;
            oss << "Ipv4InterfaceAddress(" << a.GetLocal() << "/" << a.GetMask().GetPrefixLength()
                << ")";
            return oss.str();
        });

    auto interfaceIndex = [](const Ipv4& ipv4, int64_t i) {
        return Index(i, ipv4.GetNInterfaces(), "interface");
    };
    py::class_<Ipv4, Object, Ptr<Ipv4>>(m, "Ipv4", "A node's IPv4 (node.GetObject(Ipv4)).")
        .def("GetNInterfaces", &Ipv4::GetNInterfaces)
        .def(
            "GetNAddresses",
            [interfaceIndex](const Ipv4& ipv4, int64_t i) {
                return ipv4.GetNAddresses(interfaceIndex(ipv4, i));
            },
            py::arg("interface"))
        .def(
            "GetAddress",
            [interfaceIndex](const Ipv4& ipv4, int64_t i, int64_t j) {
                uint32_t interface = interfaceIndex(ipv4, i);
                return ipv4.GetAddress(interface,
                                       Index(j, ipv4.GetNAddresses(interface), "address"));
            },
            py::arg("interface"),
            py::arg("addressIndex") = 0)
        .def(
            "GetInterfaceForAddress",
            [](const Ipv4& ipv4, const AddressArg& a) {
                return ipv4.GetInterfaceForAddress(Ipv4Of(a));
            },
            py::arg("address"))
        .def(
            "GetInterfaceForDevice",
            [](const Ipv4& ipv4, Ptr<NetDevice> d) {
                return ipv4.GetInterfaceForDevice(NotNone(d, "the device"));
            },
            py::arg("device"))
        .def(
            "GetNetDevice",
            [interfaceIndex](Ipv4& ipv4, int64_t i) {
                return ipv4.GetNetDevice(interfaceIndex(ipv4, i));
            },
            py::arg("interface"))
        .def(
            "IsUp",
            [interfaceIndex](const Ipv4& ipv4, int64_t i) {
                return ipv4.IsUp(interfaceIndex(ipv4, i));
            },
            py::arg("interface"))
        .def(
            "SetUp",
            [interfaceIndex](Ipv4& ipv4, int64_t i) { ipv4.SetUp(interfaceIndex(ipv4, i)); },
            py::arg("interface"))
        .def(
            "SetDown",
            [interfaceIndex](Ipv4& ipv4, int64_t i) { ipv4.SetDown(interfaceIndex(ipv4, i)); },
            py::arg("interface"))
        .def(
            "GetMtu",
            [interfaceIndex](const Ipv4& ipv4, int64_t i) {
                return ipv4.GetMtu(interfaceIndex(ipv4, i));
            },
            py::arg("interface"));
    SetTypeIdName(m.attr("Ipv4"), "ns3::Ipv4");
    py::class_<Ipv4L3Protocol, Ipv4, Ptr<Ipv4L3Protocol>> l3(m, "Ipv4L3Protocol");
    SetTypeIdName(l3, "ns3::Ipv4L3Protocol");
    py::enum_<Ipv4L3Protocol::DropReason>(l3, "DropReason", py::arithmetic())
        .value("DROP_TTL_EXPIRED", Ipv4L3Protocol::DROP_TTL_EXPIRED)
        .value("DROP_NO_ROUTE", Ipv4L3Protocol::DROP_NO_ROUTE)
        .value("DROP_BAD_CHECKSUM", Ipv4L3Protocol::DROP_BAD_CHECKSUM)
        .value("DROP_INTERFACE_DOWN", Ipv4L3Protocol::DROP_INTERFACE_DOWN)
        .value("DROP_ROUTE_ERROR", Ipv4L3Protocol::DROP_ROUTE_ERROR)
        .value("DROP_FRAGMENT_TIMEOUT", Ipv4L3Protocol::DROP_FRAGMENT_TIMEOUT)
        .export_values();

    py::class_<Ipv4InterfaceContainer>(m, "Ipv4InterfaceContainer")
        .def(py::init<>())
        .def(
            "GetAddress",
            [](const Ipv4InterfaceContainer& c, int64_t i, int64_t j) {
                uint32_t k = Index(i, c.GetN(), "interface");
                std::pair<Ptr<Ipv4>, uint32_t> entry = c.Get(k);
                return c.GetAddress(
                    k,
                    Index(j, entry.first->GetNAddresses(entry.second), "address"));
            },
            py::arg("i"),
            py::arg("j") = 0)
        .def(
            "Get",
            [](const Ipv4InterfaceContainer& c, int64_t i) {
                return c.Get(Index(i, c.GetN(), "interface"));
            },
            py::arg("i"),
            "(Ipv4, interface index)")
        .def("Add",
             [](Ipv4InterfaceContainer& c, const Ipv4InterfaceContainer& other) { c.Add(other); })
        .def("GetN", &Ipv4InterfaceContainer::GetN)
        .def("__len__", &Ipv4InterfaceContainer::GetN);

    py::class_<AddressHelper>(m, "Ipv4AddressHelper", "Assigns addresses from a network.")
        .def(py::init<>(), "Call SetBase before Assign.")
        .def(py::init([](const AddressArg& network, const py::object& mask, const AddressArg& base) {
                 AddressHelper h;
                 SetBase(h, network, mask, base);
                 return h;
             }),
             py::arg("network"),
             py::arg("mask"),
             py::arg("base") = AddressArg{py::str("0.0.0.1")})
        .def(
            "SetBase",
            [](AddressHelper& h, const AddressArg& network, const py::object& mask,
               const AddressArg& base) { SetBase(h, network, mask, base); },
            py::arg("network"),
            py::arg("mask"),
            py::arg("base") = AddressArg{py::str("0.0.0.1")},
            "Number from this network (mask as Ipv4Mask or text), host parts from base on.")
        .def(
            "NewAddress",
            [](AddressHelper& h) {
                RequireBase(h, "NewAddress");
                Ipv4Address address = NextAddress(h, 0, 1, "Ipv4AddressHelper.NewAddress");
                h.helper.NewAddress();
                h.next += 1;
                return address;
            },
            "The next address of the network (not assigned to any device).")
        .def(
            "Assign",
            [](AddressHelper& h, const NetDeviceContainer& devices) {
                RequireBase(h, "Assign");
                for (uint32_t i = 0; i < devices.GetN(); ++i)
                {
                    Ptr<Node> node = DeviceNode(devices.Get(i), i);
                    if (!node->GetObject<Ipv4>())
                    {
                        throw py::value_error(
                            "Ipv4AddressHelper.Assign: node " + std::to_string(node->GetId())
                            + " has no internet stack (call InternetStackHelper.Install first)");
                    }
                    NextAddress(h, i, devices.GetN(), "Ipv4AddressHelper.Assign");
                }
                Ipv4InterfaceContainer assigned = h.helper.Assign(devices);
                h.next += devices.GetN();
                return assigned;
            },
            py::arg("devices"))
        .def("NewNetwork", [](AddressHelper& h) {
            RequireBase(h, "NewNetwork");
            if (uint64_t{h.networkNumber} + 1 >= (uint64_t{1} << h.prefix))
            {
                throw py::value_error("Ipv4AddressHelper.NewNetwork: " + h.network + "/"
                                      + std::to_string(h.prefix) + " is the last such network");
            }
            Ipv4Address next = h.helper.NewNetwork();
            h.networkNumber++;
            h.next = h.base;
            h.network = AddressText(next);
            return next;
        });

    py::class_<Ipv4GlobalRoutingHelper>(m, "Ipv4GlobalRoutingHelper")
        .def(py::init<>())
        .def_static("PopulateRoutingTables", &Ipv4GlobalRoutingHelper::PopulateRoutingTables)
        .def_static("RecomputeRoutingTables", &Ipv4GlobalRoutingHelper::RecomputeRoutingTables);
}

} // namespace ns3ipsec
