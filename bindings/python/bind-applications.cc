/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings: applications. ns-3's helpers with their C++ call shapes
 * (PacketSinkHelper("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address.GetAny(), 9)),
 * UdpEchoClientHelper(address, 9), OnOffHelper, Install(node) or Install(container)), the
 * shorter forms the bindings always took (PacketSinkHelper("tcp", 9), keyword attributes), and
 * the applications' counters as methods (apps.Get(0).GetReceived()). Remotes and local
 * addresses are of either family (Ipv6Address, Inet6SocketAddress); UDP servers listen on both.
 */
#include "bindings.h"

#include "ns3/applications-module.h"
#include "ns3/icmp-echo-client-helper.h"
#include "ns3/icmp-echo-client.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"

using namespace ns3;

namespace ns3ipsec
{

namespace
{
/// The one application of a container, checked.
template <class T>
Ptr<T>
Only(const ApplicationContainer& apps)
{
    if (apps.GetN() == 0)
    {
        throw py::value_error("empty application container");
    }
    Ptr<T> app = DynamicCast<T>(apps.Get(0));
    if (!app)
    {
        throw py::type_error("the container does not hold this kind of application");
    }
    return app;
}

/// Nodes to install applications on: live, with the socket factory the applications use.
NodeContainer
InstallTargets(const NodesArg& arg, TypeId factory, const std::string& who)
{
    NodeContainer nodes = NodesOf(arg);
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        RequireSocketFactory(nodes.Get(i), factory, who);
    }
    return nodes;
}

/// A socket factory named in ns-3's way ("ns3::TcpSocketFactory") or the short way ("tcp").
TypeId
FactoryOf(const std::string& protocol, const std::string& who, bool tcpOnly = false)
{
    std::string name = protocol == "tcp" ? "ns3::TcpSocketFactory"
                     : protocol == "udp" ? "ns3::UdpSocketFactory"
                                         : protocol;
    if (name == "ns3::TcpSocketFactory" || (!tcpOnly && name == "ns3::UdpSocketFactory"))
    {
        return TypeId::LookupByName(name);
    }
    throw py::value_error(who + ": the protocol must be "
                          + (tcpOnly ? std::string("'ns3::TcpSocketFactory' (or 'tcp')")
                                     : std::string("'ns3::TcpSocketFactory' or "
                                                   "'ns3::UdpSocketFactory' (or 'tcp', 'udp')"))
                          + ", not '" + protocol + "'");
}

std::string
ProtocolName(TypeId factory)
{
    return factory == TcpSocketFactory::GetTypeId() ? "tcp" : "udp";
}

/// \return true for an InetSocketAddress or Inet6SocketAddress
bool
IsSocketAddress(const Address& a)
{
    return InetSocketAddress::IsMatchingType(a) || Inet6SocketAddress::IsMatchingType(a);
}

/// \return the port of a socket address (IsSocketAddress)
uint16_t
PortOf(const Address& a)
{
    return InetSocketAddress::IsMatchingType(a) ? InetSocketAddress::ConvertFrom(a).GetPort()
                                                : Inet6SocketAddress::ConvertFrom(a).GetPort();
}

/// \return the family a socket bound to this socket address listens on
PortFamilies
FamilyOf(const Address& a)
{
    return Inet6SocketAddress::IsMatchingType(a) ? PortFamilies::IPV6 : PortFamilies::IPV4;
}

/**
 * A socket address with a port (the remote of a client, the local address of a sink): an
 * InetSocketAddress or Inet6SocketAddress; a port number alone is IPv4's any address.
 */
Address
SocketAddressOf(const py::object& v, const std::string& who)
{
    if (py::isinstance<py::int_>(v) && !py::isinstance<py::bool_>(v))
    {
        int port = v.cast<int>();
        if (port < 0 || port > 65535)
        {
            throw py::value_error(who + ": port " + std::to_string(port) + " is out of range");
        }
        return InetSocketAddress(Ipv4Address::GetAny(), static_cast<uint16_t>(port));
    }
    if (!(py::isinstance<py::str>(v) || py::isinstance<Ipv4Address>(v)
          || py::isinstance<Ipv6Address>(v) || py::isinstance<InetSocketAddress>(v)
          || py::isinstance<Inet6SocketAddress>(v) || py::isinstance<Address>(v)))
    {
        throw py::type_error(who
                             + ": the address must be an InetSocketAddress, an "
                               "Inet6SocketAddress, an Address holding one, 'a.b.c.d:port', "
                               "'[2001:db8::1]:port' or a port number, not "
                             + std::string(py::str(v.get_type().attr("__name__"))));
    }
    Address a = AddressOf(AddressArg{v}, who);
    if (!IsSocketAddress(a))
    {
        throw py::value_error(who
                              + ": the address needs a port: use "
                                "InetSocketAddress(address, port) or "
                                "Inet6SocketAddress(address, port) (ConvertTo() for an "
                                "Address), 'a.b.c.d:port', '[2001:db8::1]:port', or a port "
                                "number");
    }
    return a;
}

/// A client's remote: an IP address of either family, or a socket address (with the port).
Address
RemoteOf(const AddressArg& a, const std::string& who)
{
    Address address = AddressOf(a, who + " remote");
    if (!Ipv4Address::IsMatchingType(address) && !Ipv6Address::IsMatchingType(address)
        && !IsSocketAddress(address))
    {
        throw py::value_error(who
                              + ": the remote must be an IPv4 or IPv6 address or a socket "
                                "address");
    }
    return address;
}

/// A helper's SetAttribute: checked against the application's TypeId.
template <class Helper>
void
SetChecked(Helper& helper, TypeId tid, const std::string& name, const py::handle& value)
{
    helper.SetAttribute(name, *CheckAttribute(tid, name, value, AttributeUse::CONSTRUCT));
}

/// Keyword attributes of a helper's constructor.
template <class Helper>
void
SetKeywords(Helper& helper, TypeId tid, const py::kwargs& attributes)
{
    SetAttributes(tid, attributes, [&helper](const std::string& n, const AttributeValue& v) {
        helper.SetAttribute(n, v);
    });
}

/**
 * \brief A client helper's (remote, port) constructor, the application's attributes as keywords.
 * \tparam Helper the helper (UdpClientHelper, UdpEchoClientHelper)
 * \tparam App its application
 * \param name the helper's name, for messages
 * \return the py::init
 */
template <class Helper, class App>
auto
ClientWithPort(const char* name)
{
    return py::init([name](const AddressArg& remote, uint16_t port, const py::kwargs& attributes) {
        auto helper = std::make_unique<Helper>(RemoteOf(remote, name), port);
        SetKeywords(*helper, App::GetTypeId(), attributes);
        return helper;
    });
}

/**
 * \brief A client helper's (socket address) constructor, the application's attributes as
 * keywords.
 * \tparam Helper the helper (UdpClientHelper, UdpEchoClientHelper)
 * \tparam App its application
 * \param name the helper's name, for messages
 * \return the py::init
 */
template <class Helper, class App>
auto
ClientToSocket(const char* name)
{
    return py::init([name](const AddressArg& remote, const py::kwargs& attributes) {
        Address a = AddressOf(remote, std::string(name) + " remote");
        if (!IsSocketAddress(a))
        {
            throw py::value_error(std::string(name)
                                  + "(remote): without a port the remote must be a socket "
                                    "address (InetSocketAddress or Inet6SocketAddress)");
        }
        auto helper = std::make_unique<Helper>(a);
        SetKeywords(*helper, App::GetTypeId(), attributes);
        return helper;
    });
}

/// A helper's SetAttribute for Python: checked against App's TypeId.
template <class Helper, class App>
void
SetCheckedOf(Helper& helper, const std::string& name, const py::object& value)
{
    SetChecked(helper, App::GetTypeId(), name, value);
}

/// UdpServerHelper with its port, so that two servers on one node and port are refused.
struct UdpServer_
{
    UdpServerHelper helper;
    uint16_t port;
};

/// UdpEchoServerHelper with its port.
struct UdpEchoServer_
{
    UdpEchoServerHelper helper;
    uint16_t port;
};

/// PacketSinkHelper with its protocol, port and the family of its local address.
struct PacketSink_
{
    PacketSinkHelper helper;
    TypeId factory;
    uint16_t port;
    PortFamilies family;
};

/// OnOffHelper with its protocol.
struct OnOff_
{
    OnOffHelper helper;
    TypeId factory;
};

uint16_t
PortAttribute(const Ptr<AttributeValue>& v)
{
    return static_cast<uint16_t>(DynamicCast<UintegerValue>(v)->Get());
}
} // namespace

void
BindApplications(py::module_& m)
{
    py::class_<Application, Object, Ptr<Application>>(m, "Application")
        .def(
            "SetStartTime",
            [](Application& a, const py::object& t) {
                a.SetStartTime(ToTime(t, "Application.SetStartTime time"));
            },
            py::arg("start"))
        .def(
            "SetStopTime",
            [](Application& a, const py::object& t) {
                a.SetStopTime(ToTime(t, "Application.SetStopTime time"));
            },
            py::arg("stop"))
        .def("GetNode", &Application::GetNode);
    SetTypeIdName(m.attr("Application"), "ns3::Application");

    py::class_<UdpServer, Application, Ptr<UdpServer>>(m, "UdpServer")
        .def("GetReceived", &UdpServer::GetReceived)
        .def("GetLost", &UdpServer::GetLost)
        .def("GetPacketWindowSize", &UdpServer::GetPacketWindowSize);
    py::class_<UdpClient, Application, Ptr<UdpClient>>(m, "UdpClient")
        .def("GetTotalTx", &UdpClient::GetTotalTx);
    py::class_<UdpEchoServer, Application, Ptr<UdpEchoServer>>(m, "UdpEchoServer");
    py::class_<UdpEchoClient, Application, Ptr<UdpEchoClient>>(m, "UdpEchoClient")
        .def("GetDataSize", &UdpEchoClient::GetDataSize)
        .def(
            "SetFill",
            [](UdpEchoClient& c, const std::string& fill) { c.SetFill(fill); },
            py::arg("fill"));
    py::class_<PacketSink, Application, Ptr<PacketSink>>(m, "PacketSink")
        .def("GetTotalRx", &PacketSink::GetTotalRx);
    py::class_<OnOffApplication, Application, Ptr<OnOffApplication>>(m, "OnOffApplication");
    py::class_<BulkSendApplication, Application, Ptr<BulkSendApplication>>(m,
                                                                           "BulkSendApplication");
    py::class_<V4Ping, Application, Ptr<V4Ping>>(m, "V4Ping");
    py::class_<IcmpEchoClient, Application, Ptr<IcmpEchoClient>>(m, "IcmpEchoClient")
        .def("GetSent", &IcmpEchoClient::GetSent)
        .def("GetReceived", &IcmpEchoClient::GetReceived);
    for (const char* tid : {"ns3::UdpServer",
                            "ns3::UdpClient",
                            "ns3::UdpEchoServer",
                            "ns3::UdpEchoClient",
                            "ns3::PacketSink",
                            "ns3::OnOffApplication",
                            "ns3::BulkSendApplication",
                            "ns3::V4Ping",
                            "ns3::IcmpEchoClient"})
    {
        SetTypeIdName(m.attr(py::str(std::string(tid).substr(5))), tid);
    }

    py::class_<ApplicationContainer>(m, "ApplicationContainer")
        .def(py::init<>())
        .def(py::init([](Ptr<Application> a) {
                 return ApplicationContainer(NotNone(a, "the application"));
             }),
             py::arg("application"))
        .def(
            "Start",
            [](ApplicationContainer& c, const py::object& t) {
                c.Start(ToTime(t, "ApplicationContainer.Start time"));
            },
            py::arg("time"))
        .def(
            "Stop",
            [](ApplicationContainer& c, const py::object& t) {
                c.Stop(ToTime(t, "ApplicationContainer.Stop time"));
            },
            py::arg("time"))
        .def("GetN", &ApplicationContainer::GetN)
        .def(
            "Get",
            [](const ApplicationContainer& c, int64_t i) {
                int64_t j = i < 0 ? i + c.GetN() : i;
                if (j < 0 || j >= c.GetN())
                {
                    throw py::index_error("application index " + std::to_string(i)
                                          + " out of range (the container holds "
                                          + std::to_string(c.GetN()) + ")");
                }
                return c.Get(static_cast<uint32_t>(j));
            },
            py::arg("i"))
        .def("Add",
             [](ApplicationContainer& c, const py::object& other) {
                 if (py::isinstance<ApplicationContainer>(other))
                 {
                     c.Add(other.cast<ApplicationContainer>());
                 }
                 else if (py::isinstance<Application>(other))
                 {
                     c.Add(other.cast<Ptr<Application>>());
                 }
                 else
                 {
                     throw py::type_error("ApplicationContainer.Add takes an Application or an "
                                          "ApplicationContainer");
                 }
             })
        .def("__iter__",
             [](const ApplicationContainer& c) {
                 py::list apps;
                 for (uint32_t i = 0; i < c.GetN(); ++i)
                 {
                     apps.append(c.Get(i));
                 }
                 return py::iter(apps);
             })
        .def("__len__", &ApplicationContainer::GetN);

    // --- UDP server and client (sequence numbers, loss)
    py::class_<UdpServer_>(m, "UdpServerHelper", "A UDP sink that counts packets and loss.")
        .def(py::init([]() {
            UdpServer_ h{UdpServerHelper(), 100};
            return h;
        }))
        .def(py::init([](uint16_t port, const py::kwargs& attributes) {
                 UdpServer_ h{UdpServerHelper(port), port};
                 SetKeywords(h.helper, UdpServer::GetTypeId(), attributes);
                 if (attributes.contains("Port"))
                 {
                     h.port = attributes["Port"].cast<uint16_t>();
                 }
                 return h;
             }),
             py::arg("port"))
        .def(
            "SetAttribute",
            [](UdpServer_& h, const std::string& n, const py::object& v) {
                Ptr<AttributeValue> checked
                    = CheckAttribute(UdpServer::GetTypeId(), n, v, AttributeUse::CONSTRUCT);
                h.helper.SetAttribute(n, *checked);
                if (n == "Port")
                {
                    h.port = PortAttribute(checked);
                }
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](UdpServer_& h, const NodesArg& arg) {
                NodeContainer nodes
                    = InstallTargets(arg, UdpSocketFactory::GetTypeId(), "UdpServerHelper.Install");
                ClaimPorts(nodes, "udp", h.port, "a UdpServer");
                return h.helper.Install(nodes);
            },
            py::arg("nodes"),
            "Install on a node or a container.")
        .def(
            "GetServer",
            [](UdpServer_& h) -> py::object {
                Ptr<UdpServer> server = h.helper.GetServer();
                return server ? py::cast(server) : py::none();
            },
            "The last UdpServer installed.");
    m.def(
        "UdpServerReceived",
        [](const ApplicationContainer& apps) { return Only<UdpServer>(apps)->GetReceived(); },
        "Packets received by the UdpServer of a container (apps.Get(0).GetReceived()).");
    m.def(
        "UdpServerLost",
        [](const ApplicationContainer& apps) { return Only<UdpServer>(apps)->GetLost(); },
        "Packets the UdpServer counts as lost (apps.Get(0).GetLost()).");

    py::class_<UdpClientHelper>(m, "UdpClientHelper", "Sends numbered UDP packets.")
        .def(ClientWithPort<UdpClientHelper, UdpClient>("UdpClientHelper"),
             py::arg("remote"),
             py::arg("port"))
        .def(ClientToSocket<UdpClientHelper, UdpClient>("UdpClientHelper"), py::arg("remote"))
        .def("SetAttribute",
             SetCheckedOf<UdpClientHelper, UdpClient>,
             py::arg("name"),
             py::arg("value"))
        .def(
            "Install",
            [](UdpClientHelper& h, const NodesArg& nodes) {
                return h.Install(InstallTargets(nodes,
                                                UdpSocketFactory::GetTypeId(),
                                                "UdpClientHelper.Install"));
            },
            py::arg("nodes"));

    // --- UDP echo
    py::class_<UdpEchoServer_>(m, "UdpEchoServerHelper", "Echoes UDP packets back.")
        .def(py::init([](uint16_t port, const py::kwargs& attributes) {
                 UdpEchoServer_ h{UdpEchoServerHelper(port), port};
                 SetKeywords(h.helper, UdpEchoServer::GetTypeId(), attributes);
                 if (attributes.contains("Port"))
                 {
                     h.port = attributes["Port"].cast<uint16_t>();
                 }
                 return h;
             }),
             py::arg("port"))
        .def(
            "SetAttribute",
            [](UdpEchoServer_& h, const std::string& n, const py::object& v) {
                Ptr<AttributeValue> checked
                    = CheckAttribute(UdpEchoServer::GetTypeId(), n, v, AttributeUse::CONSTRUCT);
                h.helper.SetAttribute(n, *checked);
                if (n == "Port")
                {
                    h.port = PortAttribute(checked);
                }
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](UdpEchoServer_& h, const NodesArg& arg) {
                NodeContainer nodes = InstallTargets(arg,
                                                     UdpSocketFactory::GetTypeId(),
                                                     "UdpEchoServerHelper.Install");
                ClaimPorts(nodes, "udp", h.port, "a UdpEchoServer");
                return h.helper.Install(nodes);
            },
            py::arg("nodes"));

    py::class_<UdpEchoClientHelper>(m,
                                    "UdpEchoClientHelper",
                                    "Sends UDP packets to an echo server.")
        .def(ClientWithPort<UdpEchoClientHelper, UdpEchoClient>("UdpEchoClientHelper"),
             py::arg("remote"),
             py::arg("port"))
        .def(ClientToSocket<UdpEchoClientHelper, UdpEchoClient>("UdpEchoClientHelper"),
             py::arg("remote"))
        .def("SetAttribute",
             SetCheckedOf<UdpEchoClientHelper, UdpEchoClient>,
             py::arg("name"),
             py::arg("value"))
        .def(
            "SetFill",
            [](UdpEchoClientHelper& h, Ptr<Application> app, const std::string& fill) {
                Ptr<UdpEchoClient> client = DynamicCast<UdpEchoClient>(NotNone(app, "app"));
                if (!client)
                {
                    throw py::type_error("SetFill: the application is not a UdpEchoClient");
                }
                h.SetFill(client, fill);
            },
            py::arg("app"),
            py::arg("fill"))
        .def(
            "Install",
            [](UdpEchoClientHelper& h, const NodesArg& nodes) {
                return h.Install(InstallTargets(nodes,
                                                UdpSocketFactory::GetTypeId(),
                                                "UdpEchoClientHelper.Install"));
            },
            py::arg("nodes"));

    // --- TCP/UDP sink
    py::class_<PacketSink_>(m, "PacketSinkHelper", "A TCP or UDP sink.")
        .def(py::init([](const std::string& protocol,
                         const py::object& local,
                         const py::kwargs& attributes) {
                 TypeId factory = FactoryOf(protocol, "PacketSinkHelper");
                 Address address = SocketAddressOf(local, "PacketSinkHelper");
                 PacketSink_ h{PacketSinkHelper(factory.GetName(), address),
                               factory,
                               PortOf(address),
                               FamilyOf(address)};
                 SetKeywords(h.helper, PacketSink::GetTypeId(), attributes);
                 return h;
             }),
             py::arg("protocol"),
             py::arg("local"),
             "PacketSinkHelper('ns3::TcpSocketFactory', InetSocketAddress(Ipv4Address.GetAny(), "
             "9)); the local address may also be a port number (IPv4), the protocol 'tcp' or "
             "'udp'. A sink listens on its address' family: Inet6SocketAddress(Ipv6Address."
             "GetAny(), 9) for IPv6.")
        .def(
            "SetAttribute",
            [](PacketSink_& h, const std::string& n, const py::object& v) {
                Ptr<AttributeValue> checked
                    = CheckAttribute(PacketSink::GetTypeId(), n, v, AttributeUse::CONSTRUCT);
                if (n == "Local")
                {
                    Address a = DynamicCast<AddressValue>(checked)->Get();
                    if (!IsSocketAddress(a))
                    {
                        throw py::value_error("PacketSinkHelper.SetAttribute('Local'): the "
                                              "address needs a port (an InetSocketAddress or "
                                              "Inet6SocketAddress)");
                    }
                    h.port = PortOf(a);
                    h.family = FamilyOf(a);
                }
                if (n == "Protocol")
                {
                    h.factory = FactoryOf(DynamicCast<TypeIdValue>(checked)->Get().GetName(),
                                          "PacketSinkHelper");
                }
                h.helper.SetAttribute(n, *checked);
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](PacketSink_& h, const NodesArg& arg) {
                NodeContainer nodes = InstallTargets(arg, h.factory, "PacketSinkHelper.Install");
                ClaimPorts(nodes, ProtocolName(h.factory), h.port, "a PacketSink", h.family);
                return h.helper.Install(nodes);
            },
            py::arg("nodes"));
    m.def(
        "PacketSinkTotalRx",
        [](const ApplicationContainer& apps) { return Only<PacketSink>(apps)->GetTotalRx(); },
        "Bytes received by the PacketSink of a container (apps.Get(0).GetTotalRx()).");

    // --- On/off traffic
    py::class_<OnOff_>(m, "OnOffHelper", "On/off traffic to a socket address (UDP or TCP).")
        .def(py::init([](const std::string& protocol,
                         const AddressArg& remote,
                         const py::kwargs& attributes) {
                 TypeId factory = FactoryOf(protocol, "OnOffHelper");
                 Address address = SocketAddressOf(remote.value, "OnOffHelper");
                 OnOff_ h{OnOffHelper(factory.GetName(), address), factory};
                 SetKeywords(h.helper, OnOffApplication::GetTypeId(), attributes);
                 return h;
             }),
             py::arg("protocol"),
             py::arg("remote"))
        .def(
            "SetAttribute",
            [](OnOff_& h, const std::string& n, const py::object& v) {
                Ptr<AttributeValue> checked
                    = CheckAttribute(OnOffApplication::GetTypeId(), n, v, AttributeUse::CONSTRUCT);
                if (n == "Remote" && !IsSocketAddress(DynamicCast<AddressValue>(checked)->Get()))
                {
                    throw py::value_error("OnOffHelper.SetAttribute('Remote'): the address needs "
                                          "a port (an InetSocketAddress or Inet6SocketAddress)");
                }
                if (n == "Protocol")
                {
                    h.factory = FactoryOf(DynamicCast<TypeIdValue>(checked)->Get().GetName(),
                                          "OnOffHelper");
                }
                h.helper.SetAttribute(n, *checked);
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "SetConstantRate",
            [](OnOff_& h, const py::object& rate, uint32_t packetSize) {
                TypeId tid = OnOffApplication::GetTypeId();
                Ptr<AttributeValue> r
                    = CheckAttribute(tid, "DataRate", rate, AttributeUse::CONSTRUCT);
                Ptr<AttributeValue> size = CheckAttribute(tid,
                                                          "PacketSize",
                                                          py::int_(packetSize),
                                                          AttributeUse::CONSTRUCT);
                h.helper.SetConstantRate(DynamicCast<DataRateValue>(r)->Get(), packetSize);
            },
            py::arg("dataRate"),
            py::arg("packetSize") = 512,
            "Always on, at this rate (DataRate or text such as '500kb/s').")
        .def(
            "Install",
            [](OnOff_& h, const NodesArg& nodes) {
                return h.helper.Install(InstallTargets(nodes, h.factory, "OnOffHelper.Install"));
            },
            py::arg("nodes"))
        .def(
            "AssignStreams",
            [](OnOff_& h, const NodesArg& nodes, int64_t stream) {
                if (stream < 0)
                {
                    throw py::value_error("OnOffHelper.AssignStreams: the stream cannot be "
                                          "negative");
                }
                return h.helper.AssignStreams(NodesOf(nodes), stream);
            },
            py::arg("nodes"),
            py::arg("stream"));

    // --- TCP bulk transfer
    py::class_<BulkSendHelper>(m, "BulkSendHelper", "Sends bytes over TCP as fast as it can.")
        .def(py::init([](const py::object& first,
                         const py::object& second,
                         const py::kwargs& attributes) {
                 std::unique_ptr<BulkSendHelper> helper;
                 if (py::isinstance<py::int_>(second) && !py::isinstance<py::bool_>(second))
                 {
                     // BulkSendHelper(remote, port): the bindings' short form.
                     IpsecAddress remote = IpOf(AddressArg{first}, "BulkSendHelper remote");
                     uint16_t port = second.cast<uint16_t>();
                     helper = std::make_unique<BulkSendHelper>(
                         "ns3::TcpSocketFactory",
                         remote.IsIpv6() ? Address(Inet6SocketAddress(remote.GetIpv6(), port))
                                         : Address(InetSocketAddress(remote.GetIpv4(), port)));
                 }
                 else
                 {
                     if (!py::isinstance<py::str>(first))
                     {
                         throw py::type_error("BulkSendHelper(protocol, address) or "
                                              "BulkSendHelper(remote, port)");
                     }
                     TypeId factory = FactoryOf(first.cast<std::string>(), "BulkSendHelper", true);
                     helper = std::make_unique<BulkSendHelper>(
                         factory.GetName(),
                         SocketAddressOf(second, "BulkSendHelper"));
                 }
                 SetKeywords(*helper, BulkSendApplication::GetTypeId(), attributes);
                 return helper;
             }),
             py::arg("protocol"),
             py::arg("address"),
             "BulkSendHelper('ns3::TcpSocketFactory', InetSocketAddress(remote, port)), or "
             "BulkSendHelper(remote, port).")
        .def(
            "SetAttribute",
            [](BulkSendHelper& h, const std::string& n, const py::object& v) {
                if (n == "Protocol")
                {
                    Ptr<AttributeValue> checked = CheckAttribute(BulkSendApplication::GetTypeId(),
                                                                 n,
                                                                 v,
                                                                 AttributeUse::CONSTRUCT);
                    FactoryOf(DynamicCast<TypeIdValue>(checked)->Get().GetName(),
                              "BulkSendHelper",
                              true);
                }
                SetChecked(h, BulkSendApplication::GetTypeId(), n, v);
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](const BulkSendHelper& h, const NodesArg& nodes) {
                return h.Install(
                    InstallTargets(nodes, TcpSocketFactory::GetTypeId(), "BulkSendHelper.Install"));
            },
            py::arg("nodes"));

    // --- ping
    py::class_<V4PingHelper>(m, "V4PingHelper", "ns-3.37's ping (ICMP echo): the Rtt trace.")
        .def(py::init([](const AddressArg& remote, const py::kwargs& attributes) {
                 auto helper
                     = std::make_unique<V4PingHelper>(Ipv4Of(remote, "V4PingHelper remote"));
                 SetKeywords(*helper, V4Ping::GetTypeId(), attributes);
                 return helper;
             }),
             py::arg("remote"))
        .def(
            "SetAttribute",
            [](V4PingHelper& h, const std::string& n, const py::object& v) {
                SetChecked(h, V4Ping::GetTypeId(), n, v);
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](const V4PingHelper& h, const NodesArg& nodes) {
                return h.Install(InstallTargets(nodes,
                                                Ipv4RawSocketFactory::GetTypeId(),
                                                "V4PingHelper.Install"));
            },
            py::arg("nodes"));

    py::class_<IcmpEchoClientHelper>(m,
                                     "IcmpEchoClientHelper",
                                     "Ping (ICMP echo) that counts its replies.")
        .def(py::init([](const AddressArg& remote, const py::kwargs& attributes) {
                 auto helper = std::make_unique<IcmpEchoClientHelper>(
                     Ipv4Of(remote, "IcmpEchoClientHelper"));
                 SetKeywords(*helper, IcmpEchoClient::GetTypeId(), attributes);
                 return helper;
             }),
             py::arg("remote"))
        .def(
            "SetAttribute",
            [](IcmpEchoClientHelper& h, const std::string& n, const py::object& v) {
                SetChecked(h, IcmpEchoClient::GetTypeId(), n, v);
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](const IcmpEchoClientHelper& h, const NodesArg& nodes) {
                return h.Install(InstallTargets(nodes,
                                                Ipv4RawSocketFactory::GetTypeId(),
                                                "IcmpEchoClientHelper.Install"));
            },
            py::arg("nodes"));
    m.def(
        "PingReplies",
        [](const ApplicationContainer& apps) { return Only<IcmpEchoClient>(apps)->GetReceived(); },
        "Echo replies received by the IcmpEchoClient of a container (apps.Get(0).GetReceived()).");
}

} // namespace ns3ipsec
