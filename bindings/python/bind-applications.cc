/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bindings.h"

#include "ns3/applications-module.h"
#include "ns3/icmp-echo-client-helper.h"
#include "ns3/icmp-echo-client.h"
#include "ns3/inet-socket-address.h"

using namespace ns3;

namespace ns3ipsec
{

namespace
{
/// Set keyword-argument attributes through a helper's SetAttribute.
template <class Helper>
void
SetAll(Helper& helper, const py::kwargs& attributes)
{
    for (const auto& item : attributes)
    {
        helper.SetAttribute(item.first.cast<std::string>(),
                            StringValue(py::str(item.second).cast<std::string>()));
    }
}

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
} // namespace

void
BindApplications(py::module_& m)
{
    py::class_<Application, Object, Ptr<Application>>(m, "Application");

    py::class_<ApplicationContainer>(m, "ApplicationContainer")
        .def("Start", [](ApplicationContainer& c, const py::object& t) { c.Start(ToTime(t)); })
        .def("Stop", [](ApplicationContainer& c, const py::object& t) { c.Stop(ToTime(t)); })
        .def("GetN", &ApplicationContainer::GetN)
        .def("Get", &ApplicationContainer::Get)
        .def("__len__", &ApplicationContainer::GetN);

    py::class_<UdpServerHelper>(m, "UdpServerHelper", "A UDP sink that counts packets and loss.")
        .def(py::init<uint16_t>(), py::arg("port"))
        .def("Install", py::overload_cast<NodeContainer>(&UdpServerHelper::Install));
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
                 SetAll(*helper, attributes);
                 return helper;
             }),
             py::arg("remote"),
             py::arg("port"))
        .def("SetAttribute",
             [](UdpClientHelper& h, const std::string& n, const std::string& v) {
                 h.SetAttribute(n, StringValue(v));
             })
        .def("Install", py::overload_cast<NodeContainer>(&UdpClientHelper::Install));

    py::class_<PacketSinkHelper>(m, "PacketSinkHelper", "A TCP or UDP sink.")
        .def(py::init([](const std::string& protocol, uint16_t port) {
                 std::string factory = protocol == "tcp" ? "ns3::TcpSocketFactory"
                                     : protocol == "udp" ? "ns3::UdpSocketFactory"
                                                         : "";
                 if (factory.empty())
                 {
                     throw py::value_error("protocol must be 'tcp' or 'udp'");
                 }
                 return PacketSinkHelper(factory, InetSocketAddress(Ipv4Address::GetAny(), port));
             }),
             py::arg("protocol"),
             py::arg("port"))
        .def("Install", py::overload_cast<NodeContainer>(&PacketSinkHelper::Install, py::const_));
    m.def(
        "PacketSinkTotalRx",
        [](const ApplicationContainer& apps) { return Only<PacketSink>(apps)->GetTotalRx(); },
        "Bytes received by the PacketSink of a container.");

    py::class_<BulkSendHelper>(m, "BulkSendHelper", "Sends bytes over TCP as fast as it can.")
        .def(py::init([](const std::string& remote, uint16_t port, const py::kwargs& attributes) {
                 auto helper = std::make_unique<BulkSendHelper>(
                     "ns3::TcpSocketFactory",
                     InetSocketAddress(ParseAddress(remote), port));
                 SetAll(*helper, attributes);
                 return helper;
             }),
             py::arg("remote"),
             py::arg("port"))
        .def("Install", py::overload_cast<NodeContainer>(&BulkSendHelper::Install, py::const_));

    py::class_<IcmpEchoClientHelper>(m, "IcmpEchoClientHelper", "Ping (ICMP echo).")
        .def(py::init([](const std::string& remote, const py::kwargs& attributes) {
                 auto helper = std::make_unique<IcmpEchoClientHelper>(ParseAddress(remote));
                 SetAll(*helper, attributes);
                 return helper;
             }),
             py::arg("remote"))
        .def("Install", &IcmpEchoClientHelper::Install);
    m.def(
        "PingReplies",
        [](const ApplicationContainer& apps) { return Only<IcmpEchoClient>(apps)->GetReceived(); },
        "Echo replies received by the IcmpEchoClient of a container.");
}

} // namespace ns3ipsec
