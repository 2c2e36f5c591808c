/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bindings.h"

#include "ns3/applications-module.h"
#include "ns3/icmp-echo-client-helper.h"
#include "ns3/icmp-echo-client.h"
#include "ns3/inet-socket-address.h"
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
const NodeContainer&
InstallTargets(const NodeContainer& nodes, TypeId factory, const std::string& who)
{
    LiveNodes(nodes);
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        RequireSocketFactory(nodes.Get(i), factory, who);
    }
    return nodes;
}

/// UdpServerHelper with its port, so that two servers on one node and port are refused.
struct UdpServer_
{
    UdpServerHelper helper;
    uint16_t port;
};

/// PacketSinkHelper with its protocol and port.
struct PacketSink_
{
    PacketSinkHelper helper;
    std::string protocol;
    uint16_t port;
};
} // namespace

void
BindApplications(py::module_& m)
{
    py::class_<Application, Object, Ptr<Application>>(m, "Application");

    py::class_<ApplicationContainer>(m, "ApplicationContainer")
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
        .def("__len__", &ApplicationContainer::GetN);

    py::class_<UdpServer_>(m, "UdpServerHelper", "A UDP sink that counts packets and loss.")
        .def(py::init([](uint16_t port) {
                 return UdpServer_{UdpServerHelper(port), port};
             }),
             py::arg("port"))
        .def(
            "Install",
            [](UdpServer_& h, const NodeContainer& nodes) {
                InstallTargets(nodes, UdpSocketFactory::GetTypeId(), "UdpServerHelper.Install");
                ClaimPorts(nodes, "udp", h.port, "a UdpServer");
                return h.helper.Install(nodes);
            },
            py::arg("nodes"));
    m.def(
        "UdpServerReceived",
        [](const ApplicationContainer& apps) { return Only<UdpServer>(apps)->GetReceived(); },
        "Packets received by the UdpServer of a container.");
    m.def(
        "UdpServerLost",
        [](const ApplicationContainer& apps) { return Only<UdpServer>(apps)->GetLost(); },
        "Packets the UdpServer counts as lost (sequence gaps).");

    py::class_<UdpClientHelper>(m, "UdpClientHelper", "Sends numbered UDP packets.")
        .def(py::init([](const std::string& remote, uint16_t port, const py::kwargs& attributes) {
                 auto helper = std::make_unique<UdpClientHelper>(ParseAddress(remote), port);
                 SetAttributes(UdpClient::GetTypeId(),
                               attributes,
                               [&helper](const std::string& n, const AttributeValue& v) {
                                   helper->SetAttribute(n, v);
                               });
                 return helper;
             }),
             py::arg("remote"),
             py::arg("port"))
        .def(
            "SetAttribute",
            [](UdpClientHelper& h, const std::string& n, const py::object& v) {
                h.SetAttribute(
                    n,
                    *CheckAttribute(UdpClient::GetTypeId(), n, v, AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](UdpClientHelper& h, const NodeContainer& nodes) {
                return h.Install(InstallTargets(nodes,
                                                UdpSocketFactory::GetTypeId(),
                                                "UdpClientHelper.Install"));
            },
            py::arg("nodes"));

    py::class_<PacketSink_>(m, "PacketSinkHelper", "A TCP or UDP sink.")
        .def(py::init([](const std::string& protocol, uint16_t port) {
                 std::string factory = protocol == "tcp" ? "ns3::TcpSocketFactory"
                                     : protocol == "udp" ? "ns3::UdpSocketFactory"
                                                         : "";
                 if (factory.empty())
                 {
                     throw py::value_error("protocol must be 'tcp' or 'udp', not '" + protocol
                                           + "'");
                 }
                 return PacketSink_{
                     PacketSinkHelper(factory, InetSocketAddress(Ipv4Address::GetAny(), port)),
                     protocol,
                     port};
             }),
             py::arg("protocol"),
             py::arg("port"))
        .def(
            "Install",
            [](PacketSink_& h, const NodeContainer& nodes) {
                InstallTargets(nodes,
                               h.protocol == "tcp" ? TcpSocketFactory::GetTypeId()
                                                   : UdpSocketFactory::GetTypeId(),
                               "PacketSinkHelper.Install");
                ClaimPorts(nodes, h.protocol, h.port, "a PacketSink");
                return h.helper.Install(nodes);
            },
            py::arg("nodes"));
    m.def(
        "PacketSinkTotalRx",
        [](const ApplicationContainer& apps) { return Only<PacketSink>(apps)->GetTotalRx(); },
        "Bytes received by the PacketSink of a container.");

    py::class_<BulkSendHelper>(m, "BulkSendHelper", "Sends bytes over TCP as fast as it can.")
        .def(py::init([](const std::string& remote, uint16_t port, const py::kwargs& attributes) {
                 auto helper = std::make_unique<BulkSendHelper>(
                     "ns3::TcpSocketFactory",
                     InetSocketAddress(ParseAddress(remote), port));
                 SetAttributes(BulkSendApplication::GetTypeId(),
                               attributes,
                               [&helper](const std::string& n, const AttributeValue& v) {
                                   helper->SetAttribute(n, v);
                               });
                 return helper;
             }),
             py::arg("remote"),
             py::arg("port"))
        .def(
            "SetAttribute",
            [](BulkSendHelper& h, const std::string& n, const py::object& v) {
                h.SetAttribute(n,
                               *CheckAttribute(BulkSendApplication::GetTypeId(),
                                               n,
                                               v,
                                               AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](const BulkSendHelper& h, const NodeContainer& nodes) {
                return h.Install(
                    InstallTargets(nodes, TcpSocketFactory::GetTypeId(), "BulkSendHelper.Install"));
            },
            py::arg("nodes"));

    py::class_<IcmpEchoClientHelper>(m, "IcmpEchoClientHelper", "Ping (ICMP echo).")
        .def(py::init([](const std::string& remote, const py::kwargs& attributes) {
                 auto helper = std::make_unique<IcmpEchoClientHelper>(ParseAddress(remote));
                 SetAttributes(IcmpEchoClient::GetTypeId(),
                               attributes,
                               [&helper](const std::string& n, const AttributeValue& v) {
                                   helper->SetAttribute(n, v);
                               });
                 return helper;
             }),
             py::arg("remote"))
        .def(
            "Install",
            [](const IcmpEchoClientHelper& h, const NodeContainer& nodes) {
                return h.Install(InstallTargets(nodes,
                                                Ipv4RawSocketFactory::GetTypeId(),
                                                "IcmpEchoClientHelper.Install"));
            },
            py::arg("nodes"));
    m.def(
        "PingReplies",
        [](const ApplicationContainer& apps) { return Only<IcmpEchoClient>(apps)->GetReceived(); },
        "Echo replies received by the IcmpEchoClient of a container.");
}

} // namespace ns3ipsec
