/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings: PCAP and ASCII tracing as ns-3's helpers offer it (EnablePcapAll, EnablePcap,
 * EnableAsciiAll, EnableAscii on the link helpers; EnablePcapIpv4*, EnableAsciiIpv4* on
 * InternetStackHelper; AsciiTraceHelper().CreateFileStream). ns-3 aborts when a file cannot be
 * created and indexes nodes and devices unchecked: both are checked here first. A single device
 * of another link type, which ns-3 skips silently, is a ValueError.
 */
#include "bindings.h"

#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/trace-helper.h"

#include <sys/stat.h>

using namespace ns3;

namespace ns3ipsec
{
namespace
{
Ptr<Node>
NodeById(uint32_t nodeid, const std::string& who)
{
    if (nodeid >= NodeList::GetNNodes())
    {
        throw py::index_error(who + ": there is no node " + std::to_string(nodeid) + " ("
                              + std::to_string(NodeList::GetNNodes()) + " nodes)");
    }
    return NodeList::GetNode(nodeid);
}

/// A file named exactly `path` can be created: its folder exists and it is not a folder.
void
CheckFile(const std::string& path)
{
    CheckOutputPrefix(path);
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    {
        errno = EISDIR;
        PyErr_SetFromErrnoWithFilename(PyExc_OSError, path.c_str());
        throw py::error_already_set();
    }
}

/// The device, checked to be of the helper's link type.
template <class Device>
Ptr<NetDevice>
DeviceOfType(Ptr<NetDevice> nd, const std::string& who, const std::string& type)
{
    NotNone(nd, who + ": the device");
    if (!DynamicCast<Device>(nd))
    {
        throw py::value_error(who + ": the device is a " + nd->GetInstanceTypeId().GetName()
                              + ", not a " + type);
    }
    return nd;
}

template <class Device>
Ptr<NetDevice>
DeviceById(uint32_t nodeid, uint32_t deviceid, const std::string& who, const std::string& type)
{
    Ptr<Node> node = NodeById(nodeid, who);
    if (deviceid >= node->GetNDevices())
    {
        throw py::index_error(who + ": node " + std::to_string(nodeid) + " has no device "
                              + std::to_string(deviceid) + " ("
                              + std::to_string(node->GetNDevices()) + " devices)");
    }
    return DeviceOfType<Device>(node->GetDevice(deviceid), who, type);
}

Ptr<OutputStreamWrapper>
Stream(Ptr<OutputStreamWrapper> stream, const std::string& who)
{
    return NotNone(stream, who + ": the stream");
}

/// EnablePcap*/EnableAscii* of a link helper (PcapHelperForDevice, AsciiTraceHelperForDevice).
template <class Helper, class Device>
void
BindDeviceTracing(py::module_& m, const char* name, const char* type)
{
    std::string helperName = name;
    std::string deviceType = type;
    std::string pcap = helperName + ".EnablePcap";
    std::string ascii = helperName + ".EnableAscii";
    auto cls = py::reinterpret_borrow<py::class_<Helper>>(m.attr(name));
    cls.def(
           "EnablePcapAll",
           [](Helper& h, const std::string& prefix, bool promiscuous) {
               CheckOutputPrefix(prefix);
               h.EnablePcapAll(prefix, promiscuous);
           },
           py::arg("prefix"),
           py::arg("promiscuous") = false,
           "PCAP of every device of this type: <prefix>-<node>-<device>.pcap")
        .def(
            "EnablePcap",
            [pcap, deviceType](Helper& h,
                               const std::string& prefix,
                               Ptr<NetDevice> nd,
                               bool promiscuous,
                               bool explicitFilename) {
                DeviceOfType<Device>(nd, pcap, deviceType);
                CheckOutputPrefix(prefix);
                h.EnablePcap(prefix, nd, promiscuous, explicitFilename);
            },
            py::arg("prefix"),
            py::arg("device"),
            py::arg("promiscuous") = false,
            py::arg("explicitFilename") = false)
        .def(
            "EnablePcap",
            [](Helper& h,
               const std::string& prefix,
               const NetDeviceContainer& devices,
               bool promiscuous) {
                CheckOutputPrefix(prefix);
                h.EnablePcap(prefix, devices, promiscuous);
            },
            py::arg("prefix"),
            py::arg("devices"),
            py::arg("promiscuous") = false)
        .def(
            "EnablePcap",
            [](Helper& h, const std::string& prefix, const NodesArg& nodes, bool promiscuous) {
                NodeContainer n = NodesOf(nodes);
                CheckOutputPrefix(prefix);
                h.EnablePcap(prefix, n, promiscuous);
            },
            py::arg("prefix"),
            py::arg("nodes"),
            py::arg("promiscuous") = false)
        .def(
            "EnablePcap",
            [pcap, deviceType](Helper& h,
                               const std::string& prefix,
                               uint32_t nodeid,
                               uint32_t deviceid,
                               bool promiscuous) {
                DeviceById<Device>(nodeid, deviceid, pcap, deviceType);
                CheckOutputPrefix(prefix);
                h.EnablePcap(prefix, nodeid, deviceid, promiscuous);
            },
            py::arg("prefix"),
            py::arg("nodeid"),
            py::arg("deviceid"),
            py::arg("promiscuous") = false)
        .def(
            "EnableAsciiAll",
            [](Helper& h, const std::string& prefix) {
                CheckOutputPrefix(prefix);
                h.EnableAsciiAll(prefix);
            },
            py::arg("prefix"),
            "ASCII traces of every device of this type: <prefix>-<node>-<device>.tr")
        .def(
            "EnableAsciiAll",
            [helperName](Helper& h, Ptr<OutputStreamWrapper> stream) {
                h.EnableAsciiAll(Stream(stream, helperName + ".EnableAsciiAll"));
            },
            py::arg("stream"),
            "ASCII traces of every device of this type into one stream.")
        .def(
            "EnableAscii",
            [ascii, deviceType](Helper& h,
                                const std::string& prefix,
                                Ptr<NetDevice> nd,
                                bool explicitFilename) {
                DeviceOfType<Device>(nd, ascii, deviceType);
                CheckOutputPrefix(prefix);
                h.EnableAscii(prefix, nd, explicitFilename);
            },
            py::arg("prefix"),
            py::arg("device"),
            py::arg("explicitFilename") = false)
        .def(
            "EnableAscii",
            [ascii, deviceType](Helper& h, Ptr<OutputStreamWrapper> stream, Ptr<NetDevice> nd) {
                DeviceOfType<Device>(nd, ascii, deviceType);
                h.EnableAscii(Stream(stream, ascii), nd);
            },
            py::arg("stream"),
            py::arg("device"))
        .def(
            "EnableAscii",
            [](Helper& h, const std::string& prefix, const NetDeviceContainer& devices) {
                CheckOutputPrefix(prefix);
                h.EnableAscii(prefix, devices);
            },
            py::arg("prefix"),
            py::arg("devices"))
        .def(
            "EnableAscii",
            [ascii](Helper& h, Ptr<OutputStreamWrapper> stream, const NetDeviceContainer& devices) {
                h.EnableAscii(Stream(stream, ascii), devices);
            },
            py::arg("stream"),
            py::arg("devices"))
        .def(
            "EnableAscii",
            [](Helper& h, const std::string& prefix, const NodesArg& nodes) {
                NodeContainer n = NodesOf(nodes);
                CheckOutputPrefix(prefix);
                h.EnableAscii(prefix, n);
            },
            py::arg("prefix"),
            py::arg("nodes"))
        .def(
            "EnableAscii",
            [ascii](Helper& h, Ptr<OutputStreamWrapper> stream, const NodesArg& nodes) {
                h.EnableAscii(Stream(stream, ascii), NodesOf(nodes));
            },
            py::arg("stream"),
            py::arg("nodes"))
        .def(
            "EnableAscii",
            [ascii, deviceType](Helper& h,
                                const std::string& prefix,
                                uint32_t nodeid,
                                uint32_t deviceid,
                                bool explicitFilename) {
                DeviceById<Device>(nodeid, deviceid, ascii, deviceType);
                CheckOutputPrefix(prefix);
                h.EnableAscii(prefix, nodeid, deviceid, explicitFilename);
            },
            py::arg("prefix"),
            py::arg("nodeid"),
            py::arg("deviceid"),
            py::arg("explicitFilename") = false)
        .def(
            "EnableAscii",
            [ascii, deviceType](Helper& h,
                                Ptr<OutputStreamWrapper> stream,
                                uint32_t nodeid,
                                uint32_t deviceid) {
                DeviceById<Device>(nodeid, deviceid, ascii, deviceType);
                h.EnableAscii(Stream(stream, ascii), nodeid, deviceid);
            },
            py::arg("stream"),
            py::arg("nodeid"),
            py::arg("deviceid"));
}

Ptr<Ipv4>
Ipv4Checked(Ptr<Ipv4> ipv4, uint32_t interface, const std::string& who)
{
    NotNone(ipv4, who + ": the Ipv4");
    if (interface >= ipv4->GetNInterfaces())
    {
        throw py::index_error(who + ": there is no interface " + std::to_string(interface) + " ("
                              + std::to_string(ipv4->GetNInterfaces()) + " interfaces)");
    }
    return ipv4;
}

Ptr<Ipv4>
Ipv4ById(uint32_t nodeid, uint32_t interface, const std::string& who)
{
    Ptr<Ipv4> ipv4 = NodeById(nodeid, who)->GetObject<Ipv4>();
    if (!ipv4)
    {
        throw py::value_error(who + ": node " + std::to_string(nodeid) + " has no internet stack");
    }
    return Ipv4Checked(ipv4, interface, who);
}

/// Nodes for IPv4 tracing: each with the internet stack.
NodeContainer
Ipv4Nodes(const NodesArg& arg, const std::string& who)
{
    NodeContainer nodes = NodesOf(arg);
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        if (!nodes.Get(i)->GetObject<Ipv4>())
        {
            throw py::value_error(who + ": node " + std::to_string(nodes.Get(i)->GetId())
                                  + " has no internet stack");
        }
    }
    return nodes;
}
} // namespace

void
BindPcap(py::module_& m)
{
    py::class_<OutputStreamWrapper, Ptr<OutputStreamWrapper>>(
        m,
        "OutputStreamWrapper",
        "A file stream for ASCII traces (AsciiTraceHelper().CreateFileStream).");

    py::class_<AsciiTraceHelper>(m, "AsciiTraceHelper")
        .def(py::init<>())
        .def(
            "CreateFileStream",
            [](AsciiTraceHelper& h, const std::string& filename) {
                CheckFile(filename);
                return h.CreateFileStream(filename);
            },
            py::arg("filename"),
            "Open (truncate) a file for ASCII traces; OSError when it cannot be created.");

    BindDeviceTracing<PointToPointHelper, PointToPointNetDevice>(m,
                                                                 "PointToPointHelper",
                                                                 "ns3::PointToPointNetDevice");
    BindDeviceTracing<CsmaHelper, CsmaNetDevice>(m, "CsmaHelper", "ns3::CsmaNetDevice");

    auto stack
        = py::reinterpret_borrow<py::class_<InternetStackHelper>>(m.attr("InternetStackHelper"));
    stack
        .def(
            "EnablePcapIpv4All",
            [](InternetStackHelper& h, const std::string& prefix) {
                CheckOutputPrefix(prefix);
                h.EnablePcapIpv4All(prefix);
            },
            py::arg("prefix"),
            "PCAP of every IPv4 interface (what IP sends and receives, no link header): "
            "<prefix>-n<node>-i<interface>.pcap")
        .def(
            "EnablePcapIpv4",
            [](InternetStackHelper& h,
               const std::string& prefix,
               Ptr<Ipv4> ipv4,
               uint32_t interface,
               bool explicitFilename) {
                Ipv4Checked(ipv4, interface, "InternetStackHelper.EnablePcapIpv4");
                CheckOutputPrefix(prefix);
                h.EnablePcapIpv4(prefix, ipv4, interface, explicitFilename);
            },
            py::arg("prefix"),
            py::arg("ipv4"),
            py::arg("interface"),
            py::arg("explicitFilename") = false)
        .def(
            "EnablePcapIpv4",
            [](InternetStackHelper& h, const std::string& prefix, const Ipv4InterfaceContainer& c) {
                CheckOutputPrefix(prefix);
                h.EnablePcapIpv4(prefix, c);
            },
            py::arg("prefix"),
            py::arg("interfaces"))
        .def(
            "EnablePcapIpv4",
            [](InternetStackHelper& h, const std::string& prefix, const NodesArg& nodes) {
                NodeContainer n = Ipv4Nodes(nodes, "InternetStackHelper.EnablePcapIpv4");
                CheckOutputPrefix(prefix);
                h.EnablePcapIpv4(prefix, n);
            },
            py::arg("prefix"),
            py::arg("nodes"))
        .def(
            "EnablePcapIpv4",
            [](InternetStackHelper& h,
               const std::string& prefix,
               uint32_t nodeid,
               uint32_t interface,
               bool explicitFilename) {
                Ipv4ById(nodeid, interface, "InternetStackHelper.EnablePcapIpv4");
                CheckOutputPrefix(prefix);
                h.EnablePcapIpv4(prefix, nodeid, interface, explicitFilename);
            },
            py::arg("prefix"),
            py::arg("nodeid"),
            py::arg("interface"),
            py::arg("explicitFilename"))
        .def(
            "EnableAsciiIpv4All",
            [](InternetStackHelper& h, const std::string& prefix) {
                CheckOutputPrefix(prefix);
                h.EnableAsciiIpv4All(prefix);
            },
            py::arg("prefix"))
        .def(
            "EnableAsciiIpv4All",
            [](InternetStackHelper& h, Ptr<OutputStreamWrapper> stream) {
                h.EnableAsciiIpv4All(Stream(stream, "InternetStackHelper.EnableAsciiIpv4All"));
            },
            py::arg("stream"))
        .def(
            "EnableAsciiIpv4",
            [](InternetStackHelper& h,
               const std::string& prefix,
               Ptr<Ipv4> ipv4,
               uint32_t interface,
               bool explicitFilename) {
                Ipv4Checked(ipv4, interface, "InternetStackHelper.EnableAsciiIpv4");
                CheckOutputPrefix(prefix);
                h.EnableAsciiIpv4(prefix, ipv4, interface, explicitFilename);
            },
            py::arg("prefix"),
            py::arg("ipv4"),
            py::arg("interface"),
            py::arg("explicitFilename") = false)
        .def(
            "EnableAsciiIpv4",
            [](InternetStackHelper& h,
               Ptr<OutputStreamWrapper> stream,
               Ptr<Ipv4> ipv4,
               uint32_t interface) {
                Ipv4Checked(ipv4, interface, "InternetStackHelper.EnableAsciiIpv4");
                h.EnableAsciiIpv4(Stream(stream, "InternetStackHelper.EnableAsciiIpv4"),
                                  ipv4,
                                  interface);
            },
            py::arg("stream"),
            py::arg("ipv4"),
            py::arg("interface"))
        .def(
            "EnableAsciiIpv4",
            [](InternetStackHelper& h, const std::string& prefix, const Ipv4InterfaceContainer& c) {
                CheckOutputPrefix(prefix);
                h.EnableAsciiIpv4(prefix, c);
            },
            py::arg("prefix"),
            py::arg("interfaces"))
        .def(
            "EnableAsciiIpv4",
            [](InternetStackHelper& h,
               Ptr<OutputStreamWrapper> stream,
               const Ipv4InterfaceContainer& c) {
                h.EnableAsciiIpv4(Stream(stream, "InternetStackHelper.EnableAsciiIpv4"), c);
            },
            py::arg("stream"),
            py::arg("interfaces"))
        .def(
            "EnableAsciiIpv4",
            [](InternetStackHelper& h, const std::string& prefix, const NodesArg& nodes) {
                NodeContainer n = Ipv4Nodes(nodes, "InternetStackHelper.EnableAsciiIpv4");
                CheckOutputPrefix(prefix);
                h.EnableAsciiIpv4(prefix, n);
            },
            py::arg("prefix"),
            py::arg("nodes"))
        .def(
            "EnableAsciiIpv4",
            [](InternetStackHelper& h, Ptr<OutputStreamWrapper> stream, const NodesArg& nodes) {
                h.EnableAsciiIpv4(Stream(stream, "InternetStackHelper.EnableAsciiIpv4"),
                                  Ipv4Nodes(nodes, "InternetStackHelper.EnableAsciiIpv4"));
            },
            py::arg("stream"),
            py::arg("nodes"));
}

} // namespace ns3ipsec
