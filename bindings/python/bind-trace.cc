/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings: packets, trace sources and logging.
 *
 * A trace source is connected to a Python function through the signature its TypeId declares
 * (TraceSourceInformation::callback, e.g. "ns3::Packet::TracedCallback"): each known signature
 * makes the ns-3 callback of exactly that type, whose arguments reach Python as Packet, Address,
 * Ipv4Header, Time, ... objects. ns-3 aborts when a callback of the wrong type is connected, so a
 * source of a signature the bindings do not know is a ValueError instead.
 */
#include "bindings.h"

#include "ns3/data-rate.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/network-module.h"
#include "ns3/packet.h"
#include "ns3/sequence-number.h"
#include "ns3/tcp-socket-state.h"
#include "ns3/tcp-socket.h"

#include <algorithm>
#include <cstdlib>
#include <cxxabi.h>
#include <map>
#include <optional>
#include <set>
#include <sstream>

using namespace ns3;

namespace ns3ipsec
{

template <>
struct ToPython<SequenceNumber32>
{
    static py::object Convert(const SequenceNumber32& v) { return py::int_(v.GetValue()); }
};

template <>
struct ToPython<TcpSocket::TcpStates_t>
{
    static py::object Convert(const TcpSocket::TcpStates_t& v)
    {
        return py::str(v < TcpSocket::LAST_STATE ? TcpSocket::TcpStateName[v] : "?");
    }
};

template <>
struct ToPython<TcpSocketState::TcpCongState_t>
{
    static py::object Convert(const TcpSocketState::TcpCongState_t& v)
    {
        return py::str(v < TcpSocketState::CA_LAST_STATE ? TcpSocketState::TcpCongStateName[v]
                                                         : "?");
    }
};

namespace
{
std::map<std::string, TraceSignature>&
Signatures()
{
    static std::map<std::string, TraceSignature> signatures;
    return signatures;
}

/// The type of the trace source an accessor made by MakeTraceSourceAccessor(&T::m_member)
/// reaches, from the accessor's type name, or "" when it was made another way. The name reads
/// "ns3::DoMakeTraceSourceAccessor<T, SOURCE>(SOURCE T::*)::Accessor"; T and SOURCE may contain
/// spaces and "::*" only inside template brackets, so the member pointer's parenthesis and the
/// space after SOURCE are found at bracket depth 0.
std::string
SourceType(const TraceSourceAccessor& accessor)
{
    const std::string name = Demangle(typeid(accessor).name());
    const std::string prefix = "DoMakeTraceSourceAccessor<";
    std::string::size_type at = name.find(prefix);
    if (at == std::string::npos)
    {
        return "";
    }
    int depth = 1;
    std::string::size_type i = at + prefix.size();
    for (; i < name.size() && depth > 0; ++i)
    {
        depth += name[i] == '<' ? 1 : name[i] == '>' ? -1 : 0;
    }
    if (i >= name.size() || name[i] != '(')
    {
        return "";
    }
    const std::string::size_type begin = i + 1;
    for (i = begin; i < name.size(); ++i)
    {
        if (name[i] == '<')
        {
            ++depth;
        }
        else if (name[i] == '>')
        {
            --depth;
        }
        else if (name[i] == ' ' && depth == 0)
        {
            return name.substr(begin, i - begin);
        }
    }
    return "";
}

/// Every trace source name of a type and its parents.
std::vector<std::string>
TraceSourceNames(TypeId tid)
{
    std::set<std::string> names;
    while (true)
    {
        for (std::size_t i = 0; i < tid.GetTraceSourceN(); ++i)
        {
            names.insert(tid.GetTraceSource(i).name);
        }
        TypeId parent = tid.GetParent();
        if (parent == tid)
        {
            break;
        }
        tid = parent;
    }
    return {names.begin(), names.end()};
}

/// The callback for `name` on an object of type `tid`, or ValueError.
CallbackBase
CallbackFor(TypeId tid,
            const std::string& name,
            const PyCallable& f,
            bool withContext,
            const std::string& who)
{
    TypeId::TraceSourceInformation info;
    if (!tid.LookupTraceSourceByName(name, &info))
    {
        std::vector<std::string> names = TraceSourceNames(tid);
        throw py::value_error(who + ": " + tid.GetName() + " has no trace source '" + name + "'"
                              + Suggestion(name, names) + " (trace sources: "
                              + (names.empty() ? std::string("none") : Join(names)) + ")");
    }
    if (info.supportLevel == TypeId::OBSOLETE)
    {
        throw py::value_error(who + ": trace source " + name + " of " + tid.GetName()
                              + " is obsolete: " + info.supportMsg);
    }
    auto signature = Signatures().find(info.callback);
    if (signature == Signatures().end())
    {
        throw py::value_error(who + ": trace source " + name + " of " + tid.GetName()
                              + " has the signature " + info.callback
                              + ", which the Python bindings cannot connect yet");
    }
    // ns-3 aborts when the callback does not fit the source: check the source's real type.
    std::string source = SourceType(*info.accessor);
    std::vector<std::string> fits = signature->second.sources();
    if (std::find(fits.begin(), fits.end(), source) == fits.end())
    {
        throw py::value_error(
            who + ": trace source " + name + " of " + tid.GetName() + " is declared as "
            + info.callback + " but is "
            + (source.empty() ? std::string("of a type the bindings cannot see") : "a " + source)
            + " (an ns-3 declaration error): the Python bindings cannot connect "
              "it");
    }
    return signature->second.make(f, withContext);
}

/// Config.Connect / ConnectWithoutContext: every matched object checked, then all connected.
void
ConnectPath(const std::string& path, py::function f, bool withContext, const std::string& who)
{
    std::string::size_type slash = path.rfind('/');
    if (path.empty() || path[0] != '/' || slash == 0 || slash + 1 >= path.size())
    {
        throw py::value_error(who + " needs a path '/Root/.../TraceSource', not '" + path + "'");
    }
    std::string objects = path.substr(0, slash);
    std::string name = path.substr(slash + 1);
    CheckConfigPathTypes(objects, who);
    Config::MatchContainer matches = Config::LookupMatches(objects);
    if (matches.GetN() == 0)
    {
        throw py::value_error(who + ": no object matches '" + objects + "'");
    }
    PyCallable call(std::move(f));
    std::vector<CallbackBase> callbacks;
    for (std::size_t i = 0; i < matches.GetN(); ++i)
    {
        callbacks.push_back(
            CallbackFor(matches.Get(i)->GetInstanceTypeId(), name, call, withContext, who));
    }
    for (std::size_t i = 0; i < matches.GetN(); ++i)
    {
        bool ok
            = withContext
                ? matches.Get(i)->TraceConnect(name, matches.GetMatchedPath(i) + name, callbacks[i])
                : matches.Get(i)->TraceConnectWithoutContext(name, callbacks[i]);
        if (!ok)
        {
            throw py::value_error(who + ": cannot connect " + matches.GetMatchedPath(i) + name);
        }
    }
}

/// Config.ConnectFailSafe / ConnectWithoutContextFailSafe: ConnectPath, false instead of raising.
bool
ConnectPathFailSafe(const std::string& path,
                    py::function f,
                    bool withContext,
                    const std::string& who)
{
    try
    {
        ConnectPath(path, std::move(f), withContext, who);
        return true;
    }
    catch (const py::value_error&)
    {
        return false;
    }
}

void
RegisterCommonSignatures()
{
    auto& s = Signatures();
    using PacketPtr = Ptr<const Packet>;
    s["ns3::Packet::TracedCallback"] = MakeTraceSignature<PacketPtr>();
    s["ns3::Packet::AddressTracedCallback"] = MakeTraceSignature<PacketPtr, const Address&>();
    s["ns3::Packet::TwoAddressTracedCallback"]
        = MakeTraceSignature<PacketPtr, const Address&, const Address&>();
    s["ns3::Packet::SizeTracedCallback"] = MakeTraceSignature<uint32_t, uint32_t>();
    s["ns3::Ipv4L3Protocol::SentTracedCallback"]
        = MakeTraceSignature<const Ipv4Header&, PacketPtr, uint32_t>();
    s["ns3::Ipv4L3Protocol::TxRxTracedCallback"]
        = MakeTraceSignature<PacketPtr, Ptr<Ipv4>, uint32_t>();
    s["ns3::Ipv4L3Protocol::DropTracedCallback"] = MakeTraceSignature<const Ipv4Header&,
                                                                      PacketPtr,
                                                                      Ipv4L3Protocol::DropReason,
                                                                      Ptr<Ipv4>,
                                                                      uint32_t>();
    s["ns3::Ipv6L3Protocol::TxRxTracedCallback"]
        = MakeTraceSignature<PacketPtr, Ptr<Ipv6>, uint32_t>();
    s["ns3::Ipv6L3Protocol::SentTracedCallback"]
        = MakeTraceSignature<const Ipv6Header&, PacketPtr, uint32_t>();
    s["ns3::Time::TracedCallback"] = MakeTraceSignature<Time>();
    s["ns3::Application::DelayAddressCallback"] = MakeTraceSignature<const Time&, const Address&>();
    s["ns3::Application::StateTransitionCallback"]
        = MakeTraceSignature<const std::string&, const std::string&>();
    s["ns3::TracedValueCallback::Bool"] = MakeTraceSignature<bool, bool>();
    s["ns3::TracedValueCallback::Int8"] = MakeTraceSignature<int8_t, int8_t>();
    s["ns3::TracedValueCallback::Uint8"] = MakeTraceSignature<uint8_t, uint8_t>();
    s["ns3::TracedValueCallback::Int16"] = MakeTraceSignature<int16_t, int16_t>();
    s["ns3::TracedValueCallback::Uint16"] = MakeTraceSignature<uint16_t, uint16_t>();
    s["ns3::TracedValueCallback::Int32"] = MakeTraceSignature<int32_t, int32_t>();
    s["ns3::TracedValueCallback::Uint32"] = MakeTraceSignature<uint32_t, uint32_t>();
    s["ns3::TracedValueCallback::Int64"] = MakeTraceSignature<int64_t, int64_t>();
    s["ns3::TracedValueCallback::Uint64"] = MakeTraceSignature<uint64_t, uint64_t>();
    s["ns3::TracedValueCallback::Double"] = MakeTraceSignature<double, double>();
    s["ns3::TracedValueCallback::Time"] = MakeTraceSignature<Time, Time>();
    s["ns3::TracedValueCallback::DataRate"] = MakeTraceSignature<DataRate, DataRate>();
    s["ns3::TracedValueCallback::SequenceNumber32"]
        = MakeTraceSignature<SequenceNumber32, SequenceNumber32>();
    s["ns3::SequenceNumber32TracedValueCallback"]
        = MakeTraceSignature<SequenceNumber32, SequenceNumber32>();
    s["ns3::TcpStatesTracedValueCallback"]
        = MakeTraceSignature<TcpSocket::TcpStates_t, TcpSocket::TcpStates_t>();
    s["ns3::TracedValueCallback::TcpCongState"]
        = MakeTraceSignature<TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t>();
    s["ns3::TcpSocketState::TcpCongStatesTracedValueCallback"]
        = MakeTraceSignature<TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t>();
}

/// A log component name ns-3 knows, or ValueError (ns-3 aborts on an unknown one).
void
CheckLogComponent(const std::string& name, const std::string& who)
{
    LogComponent::ComponentList* components = LogComponent::GetComponentList();
    if (components->find(name) != components->end())
    {
        return;
    }
    std::vector<std::string> names;
    for (const auto& [n, c] : *components)
    {
        names.push_back(n);
    }
    throw py::value_error(who + ": there is no log component '" + name + "'"
                          + Suggestion(name, names) + " (LogComponentPrintList() lists them)");
}

LogLevel
LevelOf(int64_t level, const std::string& who)
{
    if (level < 0 || level > 0xffffffffLL)
    {
        throw py::value_error(who + ": " + std::to_string(level)
                              + " is not a log level (LOG_LEVEL_INFO, LOG_PREFIX_TIME, ... or'ed)");
    }
    return static_cast<LogLevel>(static_cast<uint32_t>(level));
}
} // namespace

void
RegisterTraceSignature(const std::string& callbackName, TraceSignature signature)
{
    Signatures()[callbackName] = signature;
}

std::string
Demangle(const char* mangled)
{
    int status = 0;
    char* name = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
    if (status != 0 || !name)
    {
        return mangled;
    }
    std::string out(name);
    std::free(name);
    return out;
}

bool
ConnectObjectTrace(Object& object,
                   const std::string& name,
                   const std::string* context,
                   py::function callback)
{
    std::string who = context ? "TraceConnect" : "TraceConnectWithoutContext";
    CheckAlive(object, "the object");
    PyCallable call(std::move(callback));
    CallbackBase cb = CallbackFor(object.GetInstanceTypeId(), name, call, context != nullptr, who);
    bool ok = context ? object.TraceConnect(name, *context, cb)
                      : object.TraceConnectWithoutContext(name, cb);
    if (!ok)
    {
        throw py::value_error(who + ": cannot connect " + name + " of "
                              + object.GetInstanceTypeId().GetName());
    }
    return true;
}

void
BindTrace(py::module_& m)
{
    RegisterCommonSignatures();

    py::class_<Packet, Ptr<Packet>>(m, "Packet", "A packet: its size, uid and bytes.")
        .def(py::init([](uint32_t size) { return Create<Packet>(size); }), py::arg("size") = 0)
        .def(py::init([](const py::bytes& data) {
                 std::string bytes = data;
                 return Create<Packet>(reinterpret_cast<const uint8_t*>(bytes.data()),
                                       static_cast<uint32_t>(bytes.size()));
             }),
             py::arg("data"))
        .def("GetSize", &Packet::GetSize)
        .def("GetUid", &Packet::GetUid)
        .def("GetSerializedSize", &Packet::GetSerializedSize)
        .def("Copy", [](const Packet& p) { return p.Copy(); })
        .def(
            "CopyData",
            [](const Packet& p, std::optional<uint32_t> size) {
                uint32_t n = size ? std::min(*size, p.GetSize()) : p.GetSize();
                std::string buffer(n, '\0');
                p.CopyData(reinterpret_cast<uint8_t*>(buffer.data()), n);
                return py::bytes(buffer);
            },
            py::arg("size") = py::none(),
            "The packet's bytes (headers included), or its first `size` bytes.")
        .def("__bytes__",
             [](const Packet& p) {
                 std::string buffer(p.GetSize(), '\0');
                 p.CopyData(reinterpret_cast<uint8_t*>(buffer.data()), p.GetSize());
                 return py::bytes(buffer);
             })
        .def("__len__", &Packet::GetSize)
        .def("ToString", &Packet::ToString, "The headers, once Packet.EnablePrinting() was called.")
        .def("__repr__",
             [](const Packet& p) {
                 return "<Packet uid " + std::to_string(p.GetUid()) + ", "
                      + std::to_string(p.GetSize()) + " bytes>";
             })
        .def_static("EnablePrinting", &Packet::EnablePrinting)
        .def_static("EnableChecking", &Packet::EnableChecking);

    py::class_<Ipv4Header>(m, "Ipv4Header", "An IPv4 header (trace sources pass it).")
        .def("GetSource", &Ipv4Header::GetSource)
        .def("GetDestination", &Ipv4Header::GetDestination)
        .def("GetProtocol", &Ipv4Header::GetProtocol)
        .def("GetTtl", &Ipv4Header::GetTtl)
        .def("GetTos", &Ipv4Header::GetTos)
        .def("GetPayloadSize", &Ipv4Header::GetPayloadSize)
        .def("GetIdentification", &Ipv4Header::GetIdentification)
        .def("GetFragmentOffset", &Ipv4Header::GetFragmentOffset)
        .def("IsLastFragment", &Ipv4Header::IsLastFragment)
        .def("IsDontFragment", &Ipv4Header::IsDontFragment)
        .def("GetSerializedSize", &Ipv4Header::GetSerializedSize)
        .def("__repr__", [](const Ipv4Header& h) {
            std::ostringstream oss;
            h.Print(oss);
            return "<Ipv4Header " + oss.str() + ">";
        });

    py::class_<Ipv6Header>(m, "Ipv6Header", "An IPv6 header (trace sources pass it).")
        .def("GetSource", &Ipv6Header::GetSource)
        .def("GetDestination", &Ipv6Header::GetDestination)
        .def("GetNextHeader", &Ipv6Header::GetNextHeader)
        .def("GetHopLimit", &Ipv6Header::GetHopLimit)
        .def("GetTrafficClass", &Ipv6Header::GetTrafficClass)
        .def("GetFlowLabel", &Ipv6Header::GetFlowLabel)
        .def("GetPayloadLength", &Ipv6Header::GetPayloadLength)
        .def("GetSerializedSize", &Ipv6Header::GetSerializedSize)
        .def("__repr__", [](const Ipv6Header& h) {
            std::ostringstream oss;
            h.Print(oss);
            return "<Ipv6Header " + oss.str() + ">";
        });

    auto object = py::reinterpret_borrow<py::class_<Object, Ptr<Object>>>(m.attr("Object"));
    object
        .def(
            "TraceConnectWithoutContext",
            [](Object& o, const std::string& name, py::function f) {
                return ConnectObjectTrace(o, name, nullptr, std::move(f));
            },
            py::arg("name"),
            py::arg("callback"),
            "Call a Python function with the trace source's arguments (packets as Packet, ...).")
        .def(
            "TraceConnect",
            [](Object& o, const std::string& name, const std::string& context, py::function f) {
                return ConnectObjectTrace(o, name, &context, std::move(f));
            },
            py::arg("name"),
            py::arg("context"),
            py::arg("callback"),
            "As TraceConnectWithoutContext, the context string first.");

    auto config = py::reinterpret_borrow<py::module_>(m.attr("Config"));
    config
        .def(
            "Connect",
            [](const std::string& path, py::function f) {
                ConnectPath(path, std::move(f), true, "Config.Connect");
            },
            py::arg("path"),
            py::arg("callback"),
            "Connect a Python function to every trace source the path matches; it gets the "
            "matched path (the context) first.")
        .def(
            "ConnectWithoutContext",
            [](const std::string& path, py::function f) {
                ConnectPath(path, std::move(f), false, "Config.ConnectWithoutContext");
            },
            py::arg("path"),
            py::arg("callback"))
        .def(
            "ConnectFailSafe",
            [](const std::string& path, py::function f) {
                return ConnectPathFailSafe(path, std::move(f), true, "Config.Connect");
            },
            py::arg("path"),
            py::arg("callback"))
        .def(
            "ConnectWithoutContextFailSafe",
            [](const std::string& path, py::function f) {
                return ConnectPathFailSafe(path,
                                           std::move(f),
                                           false,
                                           "Config.ConnectWithoutContext");
            },
            py::arg("path"),
            py::arg("callback"))
        .def(
            "LookupMatches",
            [](const std::string& path) {
                CheckConfigPathTypes(path, "Config.LookupMatches");
                Config::MatchContainer matches = Config::LookupMatches(path);
                py::list out;
                for (std::size_t i = 0; i < matches.GetN(); ++i)
                {
                    out.append(py::make_tuple(matches.GetMatchedPath(i), matches.Get(i)));
                }
                return out;
            },
            py::arg("path"),
            "(matched path, object) of every object the path matches.");

    // Logging: ns-3 aborts on an unknown component; the names are checked here.
    m.def(
        "LogComponentEnable",
        [](const std::string& name, int64_t level) {
            CheckLogComponent(name, "LogComponentEnable");
            LogComponentEnable(name.c_str(), LevelOf(level, "LogComponentEnable"));
        },
        py::arg("name"),
        py::arg("level"));
    m.def(
        "LogComponentDisable",
        [](const std::string& name, int64_t level) {
            CheckLogComponent(name, "LogComponentDisable");
            LogComponentDisable(name.c_str(), LevelOf(level, "LogComponentDisable"));
        },
        py::arg("name"),
        py::arg("level"));
    m.def(
        "LogComponentEnableAll",
        [](int64_t level) { LogComponentEnableAll(LevelOf(level, "LogComponentEnableAll")); },
        py::arg("level"));
    m.def(
        "LogComponentDisableAll",
        [](int64_t level) { LogComponentDisableAll(LevelOf(level, "LogComponentDisableAll")); },
        py::arg("level"));
    m.def("LogComponentPrintList", []() {
        py::module_::import("sys").attr("stdout").attr("flush")();
        LogComponentPrintList();
    });
    m.def(
        "LogComponentGetNames",
        []() {
            std::vector<std::string> names;
            for (const auto& [n, c] : *LogComponent::GetComponentList())
            {
                names.push_back(n);
            }
            return names;
        },
        "The log component names.");
    for (auto [name, value] : {std::make_pair("LOG_NONE", LOG_NONE),
                               std::make_pair("LOG_ERROR", LOG_ERROR),
                               std::make_pair("LOG_LEVEL_ERROR", LOG_LEVEL_ERROR),
                               std::make_pair("LOG_WARN", LOG_WARN),
                               std::make_pair("LOG_LEVEL_WARN", LOG_LEVEL_WARN),
                               std::make_pair("LOG_DEBUG", LOG_DEBUG),
                               std::make_pair("LOG_LEVEL_DEBUG", LOG_LEVEL_DEBUG),
                               std::make_pair("LOG_INFO", LOG_INFO),
                               std::make_pair("LOG_LEVEL_INFO", LOG_LEVEL_INFO),
                               std::make_pair("LOG_FUNCTION", LOG_FUNCTION),
                               std::make_pair("LOG_LEVEL_FUNCTION", LOG_LEVEL_FUNCTION),
                               std::make_pair("LOG_LOGIC", LOG_LOGIC),
                               std::make_pair("LOG_LEVEL_LOGIC", LOG_LEVEL_LOGIC),
                               std::make_pair("LOG_ALL", LOG_ALL),
                               std::make_pair("LOG_LEVEL_ALL", LOG_LEVEL_ALL),
                               std::make_pair("LOG_PREFIX_FUNC", LOG_PREFIX_FUNC),
                               std::make_pair("LOG_PREFIX_TIME", LOG_PREFIX_TIME),
                               std::make_pair("LOG_PREFIX_NODE", LOG_PREFIX_NODE),
                               std::make_pair("LOG_PREFIX_LEVEL", LOG_PREFIX_LEVEL),
                               std::make_pair("LOG_PREFIX_ALL", LOG_PREFIX_ALL)})
    {
        m.attr(name) = static_cast<int64_t>(static_cast<uint32_t>(value));
    }
}

} // namespace ns3ipsec
