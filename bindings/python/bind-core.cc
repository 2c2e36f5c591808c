/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bindings.h"

#include <sstream>

using namespace ns3;

namespace ns3ipsec
{

Ipv4Address
ParseAddress(const std::string& text)
{
    unsigned a, b, c, d;
    char extra;
    if (std::sscanf(text.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &extra) != 4 || a > 255
        || b > 255 || c > 255 || d > 255)
    {
        throw py::value_error("not an IPv4 address: '" + text + "'");
    }
    return Ipv4Address(text.c_str());
}

std::string
AddressText(Ipv4Address address)
{
    std::ostringstream oss;
    oss << address;
    return oss.str();
}

Time
ToTime(const py::object& value)
{
    if (py::isinstance<Time>(value))
    {
        return value.cast<Time>();
    }
    return Seconds(value.cast<double>());
}

void
SetAttributeFromText(ObjectBase& object, const std::string& name, const std::string& value)
{
    if (!object.SetAttributeFailSafe(name, StringValue(value)))
    {
        throw py::value_error("cannot set attribute " + name + " of "
                              + object.GetInstanceTypeId().GetName() + " to '" + value + "'");
    }
}

void
BindCore(py::module_& m)
{
    py::class_<Time>(m, "Time", "An ns-3 simulation time.")
        .def("GetSeconds", &Time::GetSeconds)
        .def("GetMilliSeconds", &Time::GetMilliSeconds)
        .def("GetMicroSeconds", &Time::GetMicroSeconds)
        .def("__float__", &Time::GetSeconds)
        .def("__repr__", [](const Time& t) {
            std::ostringstream oss;
            oss << "Time(" << t.As(Time::S) << ")";
            return oss.str();
        });
    m.def("Seconds", [](double s) { return Seconds(s); });
    m.def("MilliSeconds", [](double ms) { return MicroSeconds(static_cast<int64_t>(ms * 1000)); });
    m.def("MicroSeconds", [](double us) { return NanoSeconds(static_cast<int64_t>(us * 1000)); });

    py::module_ simulator = m.def_submodule("Simulator", "The ns-3 event scheduler.");
    simulator.def("Run", &Simulator::Run, "Run until no events are left or the Stop() time.");
    simulator
        .def(
            "Stop",
            [](const py::object& delay) { Simulator::Stop(ToTime(delay)); },
            py::arg("delay"),
            "Stop the simulation after a delay (seconds or Time).")
        .def("Destroy", &Simulator::Destroy, "Release every simulation object.")
        .def(
            "Now",
            []() { return Simulator::Now().GetSeconds(); },
            "Current time, seconds.")
        .def(
            "Schedule",
            [](const py::object& delay, py::function f) {
                Simulator::Schedule(ToTime(delay), [f]() { f(); });
            },
            py::arg("delay"),
            py::arg("function"),
            "Call a Python function after a delay.");

    py::module_ config = m.def_submodule("Config", "Attribute defaults and paths.");
    config
        .def(
            "SetDefault",
            [](const std::string& name, const std::string& value) {
                if (!Config::SetDefaultFailSafe(name, StringValue(value)))
                {
                    throw py::value_error("cannot set default " + name + " to '" + value + "'");
                }
            },
            py::arg("name"),
            py::arg("value"),
            "Config::SetDefault with a text value, e.g. "
            "('ns3::IpsecL3Protocol::DefaultPolicy', 'Discard').")
        .def(
            "Set",
            [](const std::string& path, const std::string& value) {
                if (!Config::SetFailSafe(path, StringValue(value)))
                {
                    throw py::value_error("no attribute matched " + path + " for '" + value + "'");
                }
            },
            py::arg("path"),
            py::arg("value"));

    py::module_ rng = m.def_submodule("RngSeedManager", "Seeds of the random streams.");
    rng.def("SetSeed", &RngSeedManager::SetSeed).def("SetRun", &RngSeedManager::SetRun);

    py::class_<Object, Ptr<Object>>(m, "Object", "An ns-3 Object.")
        .def(
            "SetAttribute",
            [](Object& o, const std::string& name, const std::string& value) {
                SetAttributeFromText(o, name, value);
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "GetAttribute",
            [](Object& o, const std::string& name) {
                StringValue v;
                if (!o.GetAttributeFailSafe(name, v))
                {
                    throw py::value_error("no attribute " + name + " in "
                                          + o.GetInstanceTypeId().GetName());
                }
                return v.Get();
            },
            py::arg("name"))
        .def("GetTypeName", [](Object& o) { return o.GetInstanceTypeId().GetName(); });
}

} // namespace ns3ipsec
