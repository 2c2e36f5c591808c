/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bindings.h"

#include "ns3/ipsec-l3-protocol.h"
#include "ns3/network-module.h"

#include <arpa/inet.h>
#include <cmath>
#include <cstdint>
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

Ipv6Address
ParseIpv6Address(const std::string& text)
{
    uint8_t bytes[16];
    if (text.find_first_of(" \t\n") != std::string::npos
        || inet_pton(AF_INET6, text.c_str(), bytes) != 1)
    {
        throw py::value_error("not an IPv6 address: '" + text + "'");
    }
    return Ipv6Address(bytes);
}

std::string
AddressText(Ipv4Address address)
{
    std::ostringstream oss;
    oss << address;
    return oss.str();
}

std::string
AddressText(const IpsecAddress& address)
{
    return address.ToString();
}

py::object
AddressObject(const IpsecAddress& address)
{
    if (address.IsIpv4())
    {
        return py::cast(address.GetIpv4());
    }
    if (address.IsIpv6())
    {
        return py::cast(address.GetIpv6());
    }
    return py::cast(address.ToString());
}

py::object
MaskObject(const IpsecMask& mask)
{
    switch (mask.GetFamily())
    {
        case IpsecAddress::Family::IPV4:
            // The bits as they are (a mask from C++ need not be a prefix).
            return py::cast(Ipv4Mask(mask.Combine(Ipv4Address(0xffffffff)).GetIpv4().Get()));
        case IpsecAddress::Family::IPV6:
            return py::cast(Ipv6Prefix(static_cast<uint8_t>(mask.GetPrefixLength())));
        case IpsecAddress::Family::NONE:
            break;
    }
    return py::str("any");
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

/// An object handed to Python: held, so that no new object can take its address while the
/// entry exists, and the simulation it belongs to.
struct Handout
{
    Ptr<const Object> object; //!< the object
    uint64_t generation;      //!< its simulation
};

/// Objects handed to Python (the table is never destroyed: it outlives the interpreter).
std::unordered_map<const Object*, Handout>&
HandedOut()
{
    static auto* handed = new std::unordered_map<const Object*, Handout>();
    return *handed;
}

/// Drop the entries that only the table still holds: nothing can ask about those objects any
/// more, and their memory is released (run when a simulation ends).
void
PruneHandedOut()
{
    for (auto it = HandedOut().begin(); it != HandedOut().end();)
    {
        it = it->second.object->GetReferenceCount() == 1 ? HandedOut().erase(it) : std::next(it);
    }
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

/// The function with its arguments bound (Simulator.Schedule(delay, f, a, b)).
py::function
Bound(py::function f, const py::args& args)
{
    if (args.empty())
    {
        return f;
    }
    py::tuple all(args.size() + 1);
    all[0] = f;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        all[i + 1] = args[i];
    }
    return py::module_::import("functools").attr("partial")(*all);
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
           const std::string& who,
           PortFamilies families,
           bool checkOnly)
{
    if (port == 0)
    {
        return;
    }
    std::map<std::tuple<uint32_t, std::string, uint16_t>, std::string> claims;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        uint32_t id = nodes.Get(i)->GetId();
        for (PortFamilies family : {PortFamilies::IPV4, PortFamilies::IPV6})
        {
            if ((static_cast<int>(families) & static_cast<int>(family)) == 0)
            {
                continue;
            }
            // IPv6 ports are a table of their own: "udp6", "tcp6".
            std::string table = protocol + (family == PortFamilies::IPV6 ? "6" : "");
            auto key = std::make_tuple(id, table, port);
            auto taken = Ports().find(key);
            std::string holder = taken != Ports().end() ? taken->second
                               : claims.count(key) ? who + " (the node is twice in the container)"
                                                   : "";
            if (!holder.empty())
            {
                throw py::value_error(who + ": " + protocol + " port " + std::to_string(port)
                                      + " on node " + std::to_string(id) + " is already taken by "
                                      + holder
                                      + (families == PortFamilies::BOTH ? ""
                                         : family == PortFamilies::IPV6 ? " (IPv6)"
                                                                        : " (IPv4)"));
            }
            claims[key] = who;
        }
    }
    if (!checkOnly)
    {
        Ports().insert(claims.begin(), claims.end());
    }
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

uint64_t
Generation()
{
    return g_generation;
}

namespace
{
/// Python objects kept until Simulator.Destroy() (never destroyed: no Python at exit).
py::list&
Kept()
{
    static auto* kept = new py::list();
    return *kept;
}

/// Python class -> ns-3 TypeId name, for Object.GetObject(cls).
const char* const kTypeIdAttr = "_ns3_type_id";

/// The TypeId a Python class or name stands for; ValueError/TypeError otherwise.
TypeId
TypeIdArg(const py::handle& what)
{
    std::string name;
    if (py::isinstance<py::str>(what))
    {
        name = what.cast<std::string>();
    }
    else if (py::isinstance<TypeId>(what))
    {
        return what.cast<TypeId>();
    }
    else if (py::isinstance<py::type>(what) && py::hasattr(what, kTypeIdAttr))
    {
        name = what.attr(kTypeIdAttr).cast<std::string>();
    }
    else
    {
        throw py::type_error("GetObject takes a bound ns-3 Object class, a TypeId or a type name, "
                             "not "
                             + py::repr(what).cast<std::string>());
    }
    if (name.rfind("ns3::", 0) != 0)
    {
        name = "ns3::" + name;
    }
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(name, &tid))
    {
        throw py::value_error("there is no type " + name);
    }
    if (!tid.IsChildOf(Object::GetTypeId()) && tid != Object::GetTypeId())
    {
        throw py::value_error(name + " is not an Object type");
    }
    return tid;
}
} // namespace

void
KeepUntilDestroy(const py::object& object)
{
    Kept().append(object);
}

void
SetTypeIdName(const py::handle& cls, const std::string& name)
{
    cls.attr(kTypeIdAttr) = name;
}

void
HandOut(const Object* object)
{
    HandedOut()[object] = Handout{Ptr<const Object>(object), g_generation};
}

void
CheckAlive(const Object& object, const std::string& what)
{
    auto handed = HandedOut().find(&object);
    if (handed != HandedOut().end() && handed->second.generation != g_generation)
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

/// The FailSafe form of a checked setter: false instead of the ValueError or TypeError.
template <void (*Set)(const std::string&, const py::handle&)>
bool
FailSafe(const std::string& what, const py::object& value)
{
    try
    {
        Set(what, value);
        return true;
    }
    catch (const py::value_error&)
    {
        return false;
    }
    catch (const py::type_error&)
    {
        return false;
    }
}

void
BindCore(py::module_& m)
{
    py::class_<Time> time(m,
                          "Time",
                          "An ns-3 simulation time: Seconds(1.5), MilliSeconds(10), Time('2ms'). "
                          "It compares with numbers as seconds.");
    time.def(py::init<>())
        .def(py::init([](const py::object& v) {
                 if (py::isinstance<Time>(v))
                 {
                     return v.cast<Time>();
                 }
                 if (!py::isinstance<py::str>(v))
                 {
                     throw py::type_error("Time() takes time text such as '2s' or '10ms' (or a "
                                          "Time); for a number use Seconds(x), MilliSeconds(x) "
                                          "or NanoSeconds(x), not "
                                          + std::string(py::str(v.get_type().attr("__name__"))));
                 }
                 std::string text = v.cast<std::string>();
                 bool negative = !text.empty() && text[0] == '-';
                 Time t = ToTime(py::str(negative ? text.substr(1) : text), "Time");
                 return negative ? Seconds(0) - t : t;
             }),
             py::arg("value"))
        .def("GetSeconds", &Time::GetSeconds)
        .def("GetMilliSeconds", &Time::GetMilliSeconds)
        .def("GetMicroSeconds", &Time::GetMicroSeconds)
        .def("GetNanoSeconds", &Time::GetNanoSeconds)
        .def("GetPicoSeconds", &Time::GetPicoSeconds)
        .def("GetMinutes", &Time::GetMinutes)
        .def("GetHours", &Time::GetHours)
        .def("GetDays", &Time::GetDays)
        .def("GetTimeStep", &Time::GetTimeStep)
        .def("GetDouble", &Time::GetDouble)
        .def("GetInteger", &Time::GetInteger)
        .def("IsZero", &Time::IsZero)
        .def("IsPositive", &Time::IsPositive)
        .def("IsNegative", &Time::IsNegative)
        .def("IsStrictlyPositive", &Time::IsStrictlyPositive)
        .def("IsStrictlyNegative", &Time::IsStrictlyNegative)
        .def(
            "As",
            [](const Time& t, int unit) {
                if (unit < Time::Y || unit > Time::FS)
                {
                    throw py::value_error("Time.As: unknown unit " + std::to_string(unit));
                }
                std::ostringstream oss;
                oss << t.As(static_cast<Time::Unit>(unit));
                return oss.str();
            },
            py::arg("unit") = int(Time::S),
            "The time as text in a unit (Time.S, Time.MS, ...).")
        .def_static("Max", &Time::Max)
        .def_static("Min", &Time::Min)
        .def("__float__", &Time::GetSeconds)
        .def("__bool__", [](const Time& t) { return !t.IsZero(); })
        .def("__hash__", [](const Time& t) { return py::hash(py::float_(t.GetSeconds())); })
        .def("__neg__", [](const Time& t) { return Seconds(0) - t; })
        .def("__abs__", [](const Time& t) { return Abs(t); })
        .def("__add__", [](const Time& a, const Time& b) { return a + b; })
        .def("__sub__", [](const Time& a, const Time& b) { return a - b; })
        .def("__mul__",
             [](const Time& a, const py::object& k) {
                 if (py::isinstance<py::int_>(k))
                 {
                     return a * k.cast<int64_t>();
                 }
                 return Time::From(a.GetDouble() * k.cast<double>());
             })
        .def("__rmul__",
             [](const Time& a, const py::object& k) {
                 if (py::isinstance<py::int_>(k))
                 {
                     return a * k.cast<int64_t>();
                 }
                 return Time::From(a.GetDouble() * k.cast<double>());
             })
        .def("__truediv__",
             [](const Time& a, const py::object& k) -> py::object {
                 if (py::isinstance<Time>(k))
                 {
                     if (k.cast<Time>().IsZero())
                     {
                         throw py::value_error("Time division by a zero Time");
                     }
                     return py::float_(a.GetDouble() / k.cast<Time>().GetDouble());
                 }
                 double d = k.cast<double>();
                 if (d == 0)
                 {
                     throw py::value_error("Time division by zero");
                 }
                 return py::cast(Time::From(a.GetDouble() / d));
             })
        .def("__repr__",
             [](const Time& t) {
                 std::ostringstream oss;
                 oss << "Time(" << t.As(Time::S) << ")";
                 return oss.str();
             })
        .def("__str__", [](const Time& t) {
            std::ostringstream oss;
            oss << t;
            return oss.str();
        });
    // Comparisons with Times and with numbers (seconds).
    auto compare = [](const Time& a, const py::object& b, int op) -> py::object {
        int c;
        if (py::isinstance<Time>(b))
        {
            Time tb = b.cast<Time>();
            c = a < tb ? -1 : (a > tb ? 1 : 0);
        }
        else if ((py::isinstance<py::int_>(b) || py::isinstance<py::float_>(b))
                 && !py::isinstance<py::bool_>(b))
        {
            double x = a.GetSeconds();
            double y = b.cast<double>();
            c = x < y ? -1 : (x > y ? 1 : 0);
        }
        else
        {
            return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        }
        switch (op)
        {
            case 0:
                return py::bool_(c < 0);
            case 1:
                return py::bool_(c <= 0);
            case 2:
                return py::bool_(c == 0);
            case 3:
                return py::bool_(c != 0);
            case 4:
                return py::bool_(c > 0);
            default:
                return py::bool_(c >= 0);
        }
    };
    const char* ops[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};
    for (int op = 0; op < 6; ++op)
    {
        time.def(ops[op],
                 [compare, op](const Time& a, const py::object& b) { return compare(a, b, op); });
    }
    for (auto [name, unit] : {std::make_pair("Y", Time::Y),
                              std::make_pair("D", Time::D),
                              std::make_pair("H", Time::H),
                              std::make_pair("MIN", Time::MIN),
                              std::make_pair("S", Time::S),
                              std::make_pair("MS", Time::MS),
                              std::make_pair("US", Time::US),
                              std::make_pair("NS", Time::NS),
                              std::make_pair("PS", Time::PS),
                              std::make_pair("FS", Time::FS)})
    {
        time.attr(name) = int(unit);
    }
    // Seconds(), MilliSeconds(), ...: NaN, infinities and times beyond the clock's range (int64
    // nanoseconds) are ValueErrors rather than undefined conversions.
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
            return MicroSeconds(static_cast<int64_t>(std::llround(ms * 1000)));
        },
        py::arg("milliseconds"));
    m.def(
        "MicroSeconds",
        [checked](double us) {
            checked(us, 1e-6, "MicroSeconds");
            return NanoSeconds(static_cast<int64_t>(std::llround(us * 1000)));
        },
        py::arg("microseconds"));
    m.def(
        "NanoSeconds",
        [checked](double ns) {
            checked(ns, 1e-9, "NanoSeconds");
            return NanoSeconds(static_cast<int64_t>(std::llround(ns)));
        },
        py::arg("nanoseconds"));
    m.def(
        "PicoSeconds",
        [checked](double ps) {
            checked(ps, 1e-12, "PicoSeconds");
            return PicoSeconds(static_cast<int64_t>(std::llround(ps)));
        },
        py::arg("picoseconds"));
    m.def(
        "Minutes",
        [checked](double v) {
            checked(v, 60, "Minutes");
            return Minutes(v);
        },
        py::arg("minutes"));
    m.def(
        "Hours",
        [checked](double v) {
            checked(v, 3600, "Hours");
            return Hours(v);
        },
        py::arg("hours"));
    m.def(
        "Days",
        [checked](double v) {
            checked(v, 86400, "Days");
            return Days(v);
        },
        py::arg("days"));

    py::class_<EventId>(m, "EventId", "A scheduled event.")
        .def(py::init<>())
        .def("Cancel", &EventId::Cancel)
        .def("IsExpired", &EventId::IsExpired)
        .def("IsRunning", &EventId::IsRunning)
        .def("GetUid", &EventId::GetUid)
        .def("GetTs", &EventId::GetTs)
        .def("GetContext", &EventId::GetContext)
        .def("__eq__", [](const EventId& a, const EventId& b) { return a == b; });

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
                Kept().attr("clear")();
                PruneHandedOut();
            },
            "Release every simulation object.")
        .def(
            "Stop",
            []() { Simulator::Stop(); },
            "Stop the simulation after the current event.")
        .def("Now", &Simulator::Now, "The current simulation time (a Time).")
        .def(
            "Schedule",
            [](const py::object& delay, py::function f, const py::args& args) {
                PyCallable call(Bound(std::move(f), args));
                return Simulator::Schedule(ToTime(delay, "Simulator.Schedule delay"),
                                           [call]() { call(); });
            },
            py::arg("delay"),
            py::arg("function"),
            "Call a Python function (with the arguments that follow) after a delay (seconds, "
            "Time or time text); returns the EventId.")
        .def(
            "ScheduleNow",
            [](py::function f, const py::args& args) {
                PyCallable call(Bound(std::move(f), args));
                return Simulator::ScheduleNow([call]() { call(); });
            },
            py::arg("function"))
        .def(
            "ScheduleWithContext",
            [](uint32_t context, const py::object& delay, py::function f, const py::args& args) {
                PyCallable call(Bound(std::move(f), args));
                Simulator::ScheduleWithContext(context,
                                               ToTime(delay, "Simulator.ScheduleWithContext delay"),
                                               [call]() { call(); });
            },
            py::arg("context"),
            py::arg("delay"),
            py::arg("function"))
        .def(
            "ScheduleDestroy",
            [](py::function f, const py::args& args) {
                PyCallable call(Bound(std::move(f), args));
                return Simulator::ScheduleDestroy([call]() { call(); });
            },
            py::arg("function"))
        .def("Cancel", &Simulator::Cancel, py::arg("id"))
        .def("Remove", &Simulator::Remove, py::arg("id"))
        .def("IsExpired", &Simulator::IsExpired, py::arg("id"))
        .def("GetDelayLeft", &Simulator::GetDelayLeft, py::arg("id"))
        .def("IsFinished", &Simulator::IsFinished)
        .def("GetContext", &Simulator::GetContext)
        .def("GetEventCount", &Simulator::GetEventCount)
        .def("GetMaximumSimulationTime", &Simulator::GetMaximumSimulationTime);

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
             "Config::Set on every object the path matches; checked for all of them first.")
        .def("SetDefaultFailSafe",
             FailSafe<SetDefaultAttribute>,
             py::arg("name"),
             py::arg("value"),
             "Config::SetDefaultFailSafe: False instead of an exception.")
        .def("SetFailSafe", FailSafe<SetConfigPath>, py::arg("path"), py::arg("value"))
        .def("SetGlobal",
             &SetGlobalValue,
             py::arg("name"),
             py::arg("value"),
             "Config::SetGlobal, e.g. ('RngRun', 3); checked.")
        .def("SetGlobalFailSafe", FailSafe<SetGlobalValue>, py::arg("name"), py::arg("value"))
        .def("Reset", &Config::Reset, "Config::Reset: every attribute default back to ns-3's.");

    py::module_ globals = m.def_submodule("GlobalValue", "ns-3's global values (RngRun, ...).");
    globals
        .def("Bind",
             &SetGlobalValue,
             py::arg("name"),
             py::arg("value"),
             "GlobalValue::Bind: set a global value (checked).")
        .def(
            "GetValueByName",
            [](const std::string& name) {
                for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
                {
                    if ((*it)->GetName() == name)
                    {
                        StringValue v;
                        (*it)->GetValue(v);
                        return v.Get();
                    }
                }
                throw py::value_error("there is no global value '" + name + "'");
            },
            py::arg("name"),
            "The value as text.")
        .def(
            "GetAll",
            []() {
                py::list out;
                for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
                {
                    StringValue v;
                    (*it)->GetValue(v);
                    out.append(py::make_tuple((*it)->GetName(), (*it)->GetHelp(), v.Get()));
                }
                return out;
            },
            "(name, help, value) of every global value.");

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
        .def(
            "GetAttribute",
            [](Object& o, const std::string& name, AttributeValueBox& value) {
                GetAttributeInto(o, name, value);
            },
            py::arg("name"),
            py::arg("value"),
            "As in ns-3: fill an attribute value object (UintegerValue(), ...).")
        .def(
            "GetAttributeFailSafe",
            [](Object& o, const std::string& name, AttributeValueBox& value) {
                try
                {
                    GetAttributeInto(o, name, value);
                    return true;
                }
                catch (const py::value_error&)
                {
                    return false;
                }
                catch (const py::type_error&)
                {
                    return false;
                }
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "SetAttributeFailSafe",
            [](Object& o, const std::string& name, const py::object& value) {
                try
                {
                    SetObjectAttribute(o, name, value);
                    return true;
                }
                catch (const py::value_error&)
                {
                    return false;
                }
                catch (const py::type_error&)
                {
                    return false;
                }
            },
            py::arg("name"),
            py::arg("value"))
        .def("GetTypeName", [](Object& o) { return o.GetInstanceTypeId().GetName(); })
        .def("GetInstanceTypeId", &Object::GetInstanceTypeId)
        .def(
            "GetObject",
            [](Object& o, const py::object& type) -> py::object {
                Ptr<Object> found = o.GetObject<Object>(TypeIdArg(type));
                return found ? py::cast(found) : py::none();
            },
            py::arg("type"),
            "The aggregated object of a type (a bound class such as Ipv4, a TypeId or a name), "
            "or None.")
        .def("__eq__", [](const Object& a, const Object& b) { return &a == &b; })
        .def("__hash__", [](const Object& o) { return reinterpret_cast<std::uintptr_t>(&o); });
    SetTypeIdName(m.attr("Object"), "ns3::Object");
    m.def(
        "GetObject",
        [](Ptr<Object> o, const py::object& type) -> py::object {
            Ptr<Object> found
                = NotNone(o, "GetObject's object")->GetObject<Object>(TypeIdArg(type));
            return found ? py::cast(found) : py::none();
        },
        py::arg("object"),
        py::arg("type"),
        "ns-3.37's ns.GetObject(parent, cls).");
    m.def(
        "CreateObject",
        [](const std::string& typeName) {
            std::string name = typeName.rfind("ns3::", 0) == 0 ? typeName : "ns3::" + typeName;
            TypeId tid;
            if (!TypeId::LookupByNameFailSafe(name, &tid))
            {
                throw py::value_error("CreateObject: there is no type " + name);
            }
            if (!tid.IsChildOf(Object::GetTypeId()) || !tid.HasConstructor())
            {
                throw py::value_error("CreateObject: " + name
                                      + " is not an Object type with a "
                                        "constructor");
            }
            ObjectFactory factory;
            factory.SetTypeId(tid);
            return factory.Create<Object>();
        },
        py::arg("type"),
        "ns-3.37's ns.CreateObject('RateErrorModel'): an object of a registered type, with its "
        "default attributes (set them with SetAttribute).");
}

} // namespace ns3ipsec
