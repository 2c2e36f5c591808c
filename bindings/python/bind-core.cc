/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bindings.h"

#include "ns3/ipsec-l3-protocol.h"
#include "ns3/network-module.h"

#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <tuple>
#include <unordered_map>

using namespace ns3;

namespace ns3ipsec
{

Ipv4Address
ParseAddress(const std::string& text)
{
    static const std::regex grammar(R"(^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$)");
    std::smatch m;
    if (!std::regex_match(text, m, grammar) || std::stoi(m[1]) > 255 || std::stoi(m[2]) > 255
        || std::stoi(m[3]) > 255 || std::stoi(m[4]) > 255)
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

namespace
{
bool g_inSimulation = false; //!< inside Simulator::Run() or Simulator::Destroy()

/// The first error a Python callback raised during the simulation, for Run() to raise.
std::optional<py::error_already_set>&
Pending()
{
    // Never destroyed: it must not release a Python object after the interpreter is gone.
    static auto* pending = new std::optional<py::error_already_set>();
    return *pending;
}

/// Ports servers claimed, by node id, protocol and port (cleared by Simulator.Destroy()).
std::map<std::tuple<uint32_t, std::string, uint16_t>, std::string>&
Ports()
{
    static std::map<std::tuple<uint32_t, std::string, uint16_t>, std::string> ports;
    return ports;
}

/// The current simulation: Simulator.Destroy() starts the next one.
uint64_t g_generation = 0;

/// Objects handed to Python, with the simulation they belong to (never destroyed: no Python).
std::unordered_map<const Object*, uint64_t>&
HandedOut()
{
    static auto* handed = new std::unordered_map<const Object*, uint64_t>();
    return *handed;
}

/// Run ns-3's Run or Destroy with Python callbacks' errors kept, then raise the first one.
template <class F>
void
Simulate(const std::string& what, F run)
{
    if (g_inSimulation)
    {
        throw std::runtime_error("Simulator." + what
                                 + "() cannot be called from a callback inside the simulation");
    }
    g_inSimulation = true;
    try
    {
        run();
    }
    catch (...)
    {
        g_inSimulation = false;
        throw;
    }
    g_inSimulation = false;
    if (Pending())
    {
        py::error_already_set error = *Pending();
        Pending().reset();
        throw error;
    }
}

/// The largest time, in seconds, that the simulator's clock holds.
double
MaxSeconds()
{
    return Time::Max().GetSeconds();
}

/// A time from a number of seconds, checked.
Time
FromSeconds(double seconds, const std::string& what, const std::string& text)
{
    if (!std::isfinite(seconds) || std::fabs(seconds) > MaxSeconds())
    {
        throw py::value_error(what + ": " + text + " is not a time the simulator can represent");
    }
    if (seconds < 0)
    {
        throw py::value_error(what + " cannot be negative (" + text + ")");
    }
    return Seconds(seconds);
}
} // namespace

Time
ToTime(const py::handle& value, const std::string& what)
{
    if (py::isinstance<Time>(value))
    {
        Time t = value.cast<Time>();
        if (t.IsStrictlyNegative())
        {
            throw py::value_error(what + " cannot be negative ("
                                  + py::repr(value).cast<std::string>() + ")");
        }
        return t;
    }
    if (py::isinstance<py::str>(value))
    {
        // ns-3's time text, checked here: Time(std::string) aborts on an unknown unit.
        std::string text = value.cast<std::string>();
        std::smatch m;
        static const std::regex grammar(
            R"(^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?(s|ms|us|ns|ps|fs|min|h|d|y)?$)");
        if (!std::regex_match(text, m, grammar))
        {
            throw py::value_error(what + ": '" + text
                                  + "' is not a time (a number of seconds, or ns-3 time text "
                                    "such as '2s', '10ms', '1.5min')");
        }
        static const std::map<std::string, double> factor = {{"", 1},
                                                             {"s", 1},
                                                             {"ms", 1e-3},
                                                             {"us", 1e-6},
                                                             {"ns", 1e-9},
                                                             {"ps", 1e-12},
                                                             {"fs", 1e-15},
                                                             {"min", 60},
                                                             {"h", 3600},
                                                             {"d", 86400},
                                                             {"y", 365 * 86400.0}};
        std::string unit = m[3].str();
        double number = std::strtod(text.substr(0, text.size() - unit.size()).c_str(), nullptr);
        FromSeconds(number * factor.at(unit), what, "'" + text + "'");
        return Time(text);
    }
    if (py::isinstance<py::bool_>(value)
        || !(py::isinstance<py::int_>(value) || py::isinstance<py::float_>(value)))
    {
        throw py::type_error(what
                             + " must be seconds (int or float), a Time or time text such "
                               "as '2s', not "
                             + std::string(py::str(value.get_type().attr("__name__"))));
    }
    double seconds;
    try
    {
        seconds = value.cast<double>();
    }
    catch (const py::cast_error&)
    {
        throw py::value_error(what + ": " + py::repr(value).cast<std::string>()
                              + " is not a time the simulator can represent");
    }
    return FromSeconds(seconds, what, py::repr(value).cast<std::string>());
}

Ptr<Node>
LiveNode(Ptr<Node> node, const std::string& what)
{
    if (!node)
    {
        throw py::type_error(what + " must be a Node, not None");
    }
    uint32_t id = node->GetId();
    if (id >= NodeList::GetNNodes() || NodeList::GetNode(id) != node)
    {
        throw py::value_error(what + " (node " + std::to_string(id)
                              + ") belongs to a simulation that Simulator.Destroy() ended");
    }
    return node;
}

const NodeContainer&
LiveNodes(const NodeContainer& nodes)
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        LiveNode(nodes.Get(i), "node " + std::to_string(i) + " of the container");
    }
    return nodes;
}

void
ClaimPorts(const NodeContainer& nodes,
           const std::string& protocol,
           uint16_t port,
           const std::string& who)
{
    if (port == 0)
    {
        return;
    }
    std::map<std::tuple<uint32_t, std::string, uint16_t>, std::string> claims;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        uint32_t id = nodes.Get(i)->GetId();
        auto key = std::make_tuple(id, protocol, port);
        auto taken = Ports().find(key);
        std::string holder = taken != Ports().end() ? taken->second
                           : claims.count(key)      ? who + " (the node is twice in the container)"
                                                    : "";
        if (!holder.empty())
        {
            throw py::value_error(who + ": " + protocol + " port " + std::to_string(port)
                                  + " on node " + std::to_string(id) + " is already taken by "
                                  + holder);
        }
        claims[key] = who;
    }
    Ports().insert(claims.begin(), claims.end());
}

void
RequireSocketFactory(Ptr<Node> node, TypeId factory, const std::string& who)
{
    if (!node->GetObject<SocketFactory>(factory))
    {
        throw py::value_error(who + ": node " + std::to_string(node->GetId())
                              + " has no internet stack (call InternetStackHelper.Install first)");
    }
}

void
HandOut(const Object* object)
{
    HandedOut()[object] = g_generation;
}

void
CheckAlive(const Object& object, const std::string& what)
{
    auto handed = HandedOut().find(&object);
    if (handed != HandedOut().end() && handed->second != g_generation)
    {
        throw py::value_error(what + " belongs to a simulation that Simulator.Destroy() ended");
    }
}

void
CallbackFailed(py::error_already_set& error)
{
    if (!g_inSimulation)
    {
        throw error;
    }
    if (!Pending())
    {
        Pending() = error;
    }
    Simulator::Stop();
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
    // Seconds(), MilliSeconds(), MicroSeconds(): NaN, infinities and times beyond the clock's
    // range (int64 nanoseconds) are ValueErrors rather than undefined conversions.
    auto checked = [](double value, double scale, const std::string& name) {
        if (!std::isfinite(value) || std::fabs(value * scale) > MaxSeconds())
        {
            throw py::value_error(name + "(" + py::repr(py::float_(value)).cast<std::string>()
                                  + ") is not a time the simulator can represent");
        }
    };
    m.def(
        "Seconds",
        [checked](double s) {
            checked(s, 1, "Seconds");
            return Seconds(s);
        },
        py::arg("seconds"));
    m.def(
        "MilliSeconds",
        [checked](double ms) {
            checked(ms, 1e-3, "MilliSeconds");
            return MicroSeconds(static_cast<int64_t>(ms * 1000));
        },
        py::arg("milliseconds"));
    m.def(
        "MicroSeconds",
        [checked](double us) {
            checked(us, 1e-6, "MicroSeconds");
            return NanoSeconds(static_cast<int64_t>(us * 1000));
        },
        py::arg("microseconds"));

    py::module_ simulator = m.def_submodule("Simulator", "The ns-3 event scheduler.");
    simulator.def(
        "Run",
        []() {
            // Configuration files load at initialization, where an error would abort the
            // interpreter: load them now, and raise their error.
            for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
            {
                if (Ptr<IpsecL3Protocol> ipsec = (*it)->GetObject<IpsecL3Protocol>())
                {
                    IpsecConfigResult loaded = ipsec->LoadConfiguredFiles();
                    if (!loaded.ok)
                    {
                        throw py::value_error("IpsecL3Protocol on node "
                                              + std::to_string((*it)->GetId()) + ": "
                                              + loaded.error);
                    }
                    py::print(loaded.output, py::arg("end") = "");
                }
            }
            Simulate("Run", []() { Simulator::Run(); });
        },
        "Run until no events are left or the Stop() time. An exception a Python callback raises "
        "stops the simulation after that event and is raised here.");
    simulator
        .def(
            "Stop",
            [](const py::object& delay) { Simulator::Stop(ToTime(delay, "Simulator.Stop delay")); },
            py::arg("delay"),
            "Stop the simulation after a delay (seconds, Time or time text such as '2s').")
        .def(
            "Destroy",
            []() {
                Simulate("Destroy", []() {
                    Simulator::Destroy();
                    ++g_generation;
                    Ports().clear();
                    Names::Clear();
                });
            },
            "Release every simulation object.")
        .def(
            "Now",
            []() { return Simulator::Now().GetSeconds(); },
            "Current time, seconds.")
        .def(
            "Schedule",
            [](const py::object& delay, py::function f) {
                PyCallable call(std::move(f));
                Simulator::Schedule(ToTime(delay, "Simulator.Schedule delay"),
                                    [call]() { call(); });
            },
            py::arg("delay"),
            py::arg("function"),
            "Call a Python function after a delay (seconds, Time or time text).");

    py::module_ config = m.def_submodule("Config", "Attribute defaults and paths.");
    config
        .def("SetDefault",
             &SetDefaultAttribute,
             py::arg("name"),
             py::arg("value"),
             "Config::SetDefault, e.g. ('ns3::IpsecL3Protocol::DefaultPolicy', 'Discard'). An "
             "unknown type or attribute, or a bad value, raises ValueError.")
        .def("Set",
             &SetConfigPath,
             py::arg("path"),
             py::arg("value"),
             "Config::Set on every object the path matches; checked for all of them first.");

    py::module_ rng = m.def_submodule("RngSeedManager", "Seeds of the random streams.");
    rng.def(
           "SetSeed",
           [](uint32_t seed) {
               if (seed == 0)
               {
                   throw py::value_error("RngSeedManager.SetSeed: the seed must be at least 1");
               }
               RngSeedManager::SetSeed(seed);
           },
           py::arg("seed"))
        .def("SetRun", &RngSeedManager::SetRun, py::arg("run"));

    py::class_<Object, Ptr<Object>>(m, "Object", "An ns-3 Object.")
        .def(
            "SetAttribute",
            [](Object& o, const std::string& name, const py::object& value) {
                SetObjectAttribute(o, name, value);
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "GetAttribute",
            [](Object& o, const std::string& name) {
                TypeId tid = o.GetInstanceTypeId();
                FindAttribute(tid, name, AttributeUse::GET);
                StringValue v;
                if (!o.GetAttributeFailSafe(name, v))
                {
                    throw py::value_error("attribute " + name + " of " + tid.GetName()
                                          + " cannot be read");
                }
                return v.Get();
            },
            py::arg("name"))
        .def("GetTypeName", [](Object& o) { return o.GetInstanceTypeId().GetName(); });
}

} // namespace ns3ipsec
