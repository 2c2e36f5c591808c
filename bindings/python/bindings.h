/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NS3IPSEC_BINDINGS_H
#define NS3IPSEC_BINDINGS_H

#include "ns3/address.h"
#include "ns3/core-module.h"
#include "ns3/ipsec-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/ptr.h"

#include <memory>
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

namespace py = pybind11;

/// ns-3's intrusive pointer is a pybind11 holder.
PYBIND11_DECLARE_HOLDER_TYPE(T, ns3::Ptr<T>, true);

namespace pybind11::detail
{
/// How pybind11 reads the raw pointer of a Ptr (it has no get()).
template <typename T>
struct holder_helper<ns3::Ptr<T>>
{
    static T* get(const ns3::Ptr<T>& p) { return ns3::PeekPointer(p); }
};
} // namespace pybind11::detail

namespace ns3ipsec
{
/**
 * \brief An address argument from Python, converted where it is used: text ("a.b.c.d",
 * "a.b.c.d:port", IPv6 text or "[IPv6]:port"), an Ipv4Address, an Ipv6Address, an
 * InetSocketAddress, an Inet6SocketAddress or an Address.
 */
struct AddressArg
{
    py::object value; //!< what Python passed
};

/// A node set argument from Python: a NodeContainer, one Node, or a node's Names name.
struct NodesArg
{
    py::object value; //!< what Python passed
};

/// An attribute value object from Python (StringValue, UintegerValue, ... as in ns-3).
struct AttributeValueBox
{
    std::string type; //!< ns-3's value type name without "ns3::", e.g. "UintegerValue"
    py::object value; //!< the Python value it holds
};
} // namespace ns3ipsec

namespace pybind11::detail
{
/// AddressArg accepts str and the address classes; the conversion happens where it is used.
template <>
struct type_caster<ns3ipsec::AddressArg>
{
    PYBIND11_TYPE_CASTER(ns3ipsec::AddressArg,
                         const_name("Ipv4Address | Ipv6Address | InetSocketAddress | "
                                    "Inet6SocketAddress | Address | str"));
    bool load(handle src, bool);
    static handle cast(const ns3ipsec::AddressArg& a, return_value_policy, handle)
    {
        return a.value.inc_ref();
    }
};

/// NodesArg accepts a NodeContainer, a Node or a name.
template <>
struct type_caster<ns3ipsec::NodesArg>
{
    PYBIND11_TYPE_CASTER(ns3ipsec::NodesArg, const_name("NodeContainer | Node | str"));
    bool load(handle src, bool);
    static handle cast(const ns3ipsec::NodesArg& a, return_value_policy, handle)
    {
        return a.value.inc_ref();
    }
};
} // namespace pybind11::detail

namespace ns3ipsec
{
/// Core: Simulator, Time, Config, RngSeedManager, Names.
void BindCore(py::module_& m);
/// Addresses, data rates, TypeId and the attribute value classes (StringValue, ...).
void BindValues(py::module_& m);
/// Packets, headers, trace sources (Object.TraceConnect*, Config.Connect), logging, globals.
void BindTrace(py::module_& m);
/// PCAP and ASCII tracing on the link helpers and the internet stack.
void BindPcap(py::module_& m);
/// FlowMonitor, its classifier and statistics, and IpsecFlowProbe.
void BindFlowMonitor(py::module_& m);
/// Nodes, devices, links (point-to-point, CSMA), the internet stack, addresses, routing, PCAP.
void BindTopology(py::module_& m);
/// UDP, TCP and ping applications.
void BindApplications(py::module_& m);
/// IpsecHelper, IpsecL3Protocol, SPD, SADB, SAs, policies, statistics, key export.
void BindIpsec(py::module_& m);
/// UDP/TCP sockets and per-socket IPsec policy.
void BindSockets(py::module_& m);
void BindNapt(py::module_& m); //!< NaptBox (a NAPT) and NaptHelper.
/// Ikev2Helper, Ikev2Daemon, its statistics and SA views, Ikev2Config, Ikev2KeyExport.
void BindIkev2(py::module_& m);

/// \return the address, or a Python ValueError naming the bad text
ns3::Ipv4Address ParseAddress(const std::string& text);
/// \return the IPv6 address of RFC 4291 text, or a Python ValueError naming the bad text
ns3::Ipv6Address ParseIpv6Address(const std::string& text);
/// \return a plain IPv4 address (text, Ipv4Address, or an Address holding one), or ValueError
ns3::Ipv4Address Ipv4Of(const AddressArg& a, const std::string& what = "address");
/// \return a plain IPv6 address (text, Ipv6Address, or an Address holding one), or ValueError
ns3::Ipv6Address Ipv6Of(const AddressArg& a, const std::string& what = "address");
/// \return a plain IP address of either family (text, Ipv4Address, Ipv6Address, or an Address
/// holding one), or ValueError
ns3::IpsecAddress IpOf(const AddressArg& a, const std::string& what = "address");
/// \return any address (text "a.b.c.d[:port]", IPv6 text or "[IPv6]:port", Ipv4Address,
/// Ipv6Address, InetSocketAddress, Inet6SocketAddress, Address)
ns3::Address AddressOf(const AddressArg& a, const std::string& what = "address");
/// \return a network mask from text ("255.255.255.0" or "/24") or an Ipv4Mask; ValueError
/// unless it is ones followed by zeros
ns3::Ipv4Mask MaskOf(const py::handle& value, const std::string& what = "mask");
/// \return an IPv6 prefix from an Ipv6Prefix or text ("/64", or a mask such as "ffff:ffff::");
/// ValueError for a length above 128 or a mask that is not ones followed by zeros
ns3::Ipv6Prefix PrefixOf(const py::handle& value, const std::string& what = "prefix");
/**
 * \brief The mask of a selector or network whose address is of `family`: an Ipv4Mask or IPv4
 * mask text for IPv4, an Ipv6Prefix or IPv6 prefix text for IPv6, "/N" for either; ValueError
 * for a mask of the other family.
 */
ns3::IpsecMask IpsecMaskOf(const py::handle& value,
                           ns3::IpsecAddress::Family family,
                           const std::string& what = "mask");
/// \return ValueError unless both addresses are of one family ("a" and "b" name them)
void CheckOneFamily(const ns3::IpsecAddress& a,
                    const std::string& aName,
                    const ns3::IpsecAddress& b,
                    const std::string& bName);
/// \return the nodes (each checked by LiveNode); ValueError for an unknown name
ns3::NodeContainer NodesOf(const NodesArg& nodes);
/// \return the current simulation's number (Simulator.Destroy() starts the next one)
uint64_t Generation();
/**
 * \brief Keep a Python object alive until Simulator.Destroy() (helpers whose destruction would
 * dispose objects the running simulation still uses, like FlowMonitorHelper's monitor).
 */
void KeepUntilDestroy(const py::object& object);
/// Note the ns-3 TypeId name of a bound class (Object.GetObject(cls) looks it up).
void SetTypeIdName(const py::handle& cls, const std::string& name);
/// \return dotted-quad text
std::string AddressText(ns3::Ipv4Address address);
/// \return the address's text (dotted quad, IPv6 text, or "any")
std::string AddressText(const ns3::IpsecAddress& address);
/// \return an IPv4 address as an Ipv4Address object, an IPv6 one as an Ipv6Address, "any" for
/// none
py::object AddressObject(const ns3::IpsecAddress& address);
/// \return an IPv4 mask as an Ipv4Mask, an IPv6 one as an Ipv6Prefix, "any" for AnyFamily()
py::object MaskObject(const ns3::IpsecMask& mask);
/**
 * \brief A non-negative time from Python: a Time, seconds (int or float) or ns-3 time text
 * ("2s", "10ms"); anything else is a TypeError, a negative or unrepresentable time a ValueError.
 * \param value the Python value
 * \param what what the time is for (named in the error)
 * \return the time
 */
ns3::Time ToTime(const py::handle& value, const std::string& what = "time");

/// \return the node, or TypeError for None / ValueError for a node Simulator.Destroy() ended
ns3::Ptr<ns3::Node> LiveNode(ns3::Ptr<ns3::Node> node, const std::string& what = "node");
/// \return the container, each node checked by LiveNode
const ns3::NodeContainer& LiveNodes(const ns3::NodeContainer& nodes);

/// Note that Python now holds `object`, which belongs to the current simulation.
void HandOut(const ns3::Object* object);
/// ValueError naming `what` when `object` was handed to Python in a simulation that
/// Simulator.Destroy() ended (its methods would reach disposed state).
void CheckAlive(const ns3::Object& object, const std::string& what);

/// \return the object, noted by HandOut
template <class T>
ns3::Ptr<T>
Handed(ns3::Ptr<T> object)
{
    if (object)
    {
        HandOut(ns3::PeekPointer(object));
    }
    return object;
}

/// \return a method binding that first checks its object with CheckAlive
template <class C, class R, class... A>
auto
Alive(R (C::*method)(A...), const char* what)
{
    return [method, what](C& self, A... args) -> R {
        CheckAlive(self, what);
        return (self.*method)(std::forward<A>(args)...);
    };
}

/// \return a const method binding that first checks its object with CheckAlive
template <class C, class R, class... A>
auto
Alive(R (C::*method)(A...) const, const char* what)
{
    return [method, what](const C& self, A... args) -> R {
        CheckAlive(self, what);
        return (self.*method)(std::forward<A>(args)...);
    };
}

/// \return the object, or a Python TypeError naming `what` when it is None
template <class T>
ns3::Ptr<T>
NotNone(ns3::Ptr<T> object, const std::string& what)
{
    if (!object)
    {
        throw py::type_error(what + " must not be None");
    }
    return object;
}

/// The IP families a server's sockets listen on (UDP servers listen on both).
enum class PortFamilies
{
    IPV4 = 1, //!< an IPv4 socket (InetSocketAddress)
    IPV6 = 2, //!< an IPv6 socket (Inet6SocketAddress)
    BOTH = 3, //!< one socket of each family
};

/**
 * \brief Claim a port on nodes for a server the bindings install or bind (UDP/TCP), so that a
 * second server on the same node, port and family is a ValueError now rather than ns-3's fatal
 * "Failed to bind socket" when the simulation starts it. All nodes are checked before any is
 * claimed; claims end with Simulator.Destroy().
 * \param nodes the nodes
 * \param protocol "udp" or "tcp"
 * \param port the port (0 claims nothing)
 * \param who what claims it (named in the error)
 * \param families the families it listens on (IPv4 and IPv6 have ports of their own)
 * \param checkOnly only raise the ValueError, claim nothing (for a server whose installation
 *        may still fail: claim it once installed)
 */
void ClaimPorts(const ns3::NodeContainer& nodes,
                const std::string& protocol,
                uint16_t port,
                const std::string& who,
                PortFamilies families = PortFamilies::BOTH,
                bool checkOnly = false);
/// \return ValueError unless the node has the socket factory (the internet stack installed)
void RequireSocketFactory(ns3::Ptr<ns3::Node> node, ns3::TypeId factory, const std::string& who);

/// Where an attribute is being set: on an existing object, or for objects a factory creates.
enum class AttributeUse
{
    SET,       //!< Object.SetAttribute, Config.Set (needs ATTR_SET)
    CONSTRUCT, //!< helpers' factories and Config.SetDefault (needs ATTR_CONSTRUCT)
    GET,       //!< Object.GetAttribute (needs ATTR_GET)
};

/**
 * \brief The attribute `name` of a TypeId or one of its parents.
 * Unknown names raise ValueError listing the valid ones (and the closest match).
 */
ns3::TypeId::AttributeInformation FindAttribute(ns3::TypeId tid,
                                                const std::string& name,
                                                AttributeUse use);
/**
 * \brief A Python value (str, int, float, bool, Time, Object) as a value the attribute's checker
 * accepted; ValueError naming the attribute, the value and what is expected otherwise.
 */
ns3::Ptr<ns3::AttributeValue> AttributeValueOf(ns3::TypeId tid,
                                               const ns3::TypeId::AttributeInformation& info,
                                               const py::handle& value);
/// \return whether a TypeId or one of its parents has the attribute
bool HasAttribute(ns3::TypeId tid, const std::string& name);
/// \return the sorted attribute names of a TypeId and its parents usable this way
std::vector<std::string> AttributeNames(ns3::TypeId tid, AttributeUse use);
/// \return " ; did you mean 'X'?" when one of `names` is close to `name`, else ""
std::string Suggestion(const std::string& name, const std::vector<std::string>& names);
/// \return the items joined with ", "
std::string Join(const std::vector<std::string>& items);
/// OSError unless files named "<prefix>..." can be created (ns-3 aborts when it cannot).
void CheckOutputPrefix(const std::string& prefix);

/// FindAttribute, then AttributeValueOf.
ns3::Ptr<ns3::AttributeValue> CheckAttribute(ns3::TypeId tid,
                                             const std::string& name,
                                             const py::handle& value,
                                             AttributeUse use);
/// Object.SetAttribute: checked, then set.
void SetObjectAttribute(ns3::ObjectBase& object, const std::string& name, const py::handle& value);
/// Config.SetDefault("ns3::Type::Attribute", value): checked, then set.
void SetDefaultAttribute(const std::string& fullName, const py::handle& value);
/// Config.Set("/path/Attribute", value): every matched object checked, then all set.
void SetConfigPath(const std::string& path, const py::handle& value);
/// Config.SetGlobal / GlobalValue.Bind: the global value checked, then set.
void SetGlobalValue(const std::string& name, const py::handle& value);
/// ValueError unless every "$ns3::Type" segment of a Config path names a type ("who" names the
/// caller in the message).
void CheckConfigPathTypes(const std::string& path, const std::string& who);
/**
 * \brief Object.GetAttribute(name, value): fill an attribute value object with the attribute's
 * value, in the value's type (TypeError when the attribute is of another type).
 */
void GetAttributeInto(ns3::ObjectBase& object, const std::string& name, AttributeValueBox& box);

/**
 * \brief Set keyword-argument attributes through a helper, all checked before any is set.
 * \param tid the type of the objects the helper creates
 * \param attributes name=value pairs
 * \param set the helper's setter, called with the name and the checked value
 */
template <class Setter>
void
SetAttributes(ns3::TypeId tid, const py::kwargs& attributes, Setter set)
{
    std::vector<std::pair<std::string, ns3::Ptr<ns3::AttributeValue>>> checked;
    for (const auto& item : attributes)
    {
        std::string name = item.first.cast<std::string>();
        checked.emplace_back(name, CheckAttribute(tid, name, item.second, AttributeUse::CONSTRUCT));
    }
    for (const auto& [name, value] : checked)
    {
        set(name, *value);
    }
}

/**
 * \brief A Python callback raised: during Simulator.Run() (or Destroy()) the error is kept,
 * the simulation stops after the current event and Run() raises it; otherwise it propagates.
 */
void CallbackFailed(py::error_already_set& error);

/**
 * \brief A Python callable that ns-3 holds (an event, a trace sink, a key management callback).
 * ns-3 objects can outlive the interpreter (static singletons are destroyed after Python's
 * finalization): the last owner then lets the reference go without touching Python, which by
 * then would be a fatal error.
 */
class PyCallable
{
  public:
    /// \param f the callable
    explicit PyCallable(py::function f)
        : m_held(std::make_shared<Held>(Held{std::move(f)}))
    {
    }

    /// Call it, see CallbackFailed.
    template <typename... Args>
    void operator()(Args&&... args) const
    {
        try
        {
            m_held->f(std::forward<Args>(args)...);
        }
        catch (py::error_already_set& error)
        {
            CallbackFailed(error);
        }
    }

  private:
    /// The reference, released without Python once the interpreter is gone.
    struct Held
    {
        py::function f; //!< the callable

        ~Held()
        {
            if (!Py_IsInitialized())
            {
                f.release();
            }
        }
    };

    std::shared_ptr<Held> m_held; //!< shared by the copies ns-3 makes
};

/**
 * \brief How a trace source's argument reaches Python: py::cast by default; specialized for
 * const packets and SAs (the mutable Python classes), enums shown as names, and so on.
 */
template <class T, class Enable = void>
struct ToPython
{
    /// \return the Python value
    static py::object Convert(const T& v) { return py::cast(v); }
};

/// Ptr<const T>: the Python class of T (methods bound for Python only read).
template <class T>
struct ToPython<ns3::Ptr<const T>>
{
    /// \return the Python object, or None
    static py::object Convert(const ns3::Ptr<const T>& p)
    {
        return p ? py::cast(ns3::Ptr<T>(const_cast<T*>(ns3::PeekPointer(p)))) : py::none();
    }
};

/// \return a trace argument as Python
template <class T>
py::object
ToPy(const T& v)
{
    return ToPython<std::decay_t<T>>::Convert(v);
}

/// \return a C++ type name demangled ("ns3::TracedCallback<ns3::Ptr<ns3::Packet const> >")
std::string Demangle(const char* mangled);

/**
 * \brief A trace signature the bindings can connect: how to make the ns-3 callback that calls
 * Python, and the trace source types it fits (checked against the source's real type before
 * connecting: ns-3 aborts on a mismatch, and some sources declare the wrong signature name).
 */
struct TraceSignature
{
    /// Make the callback; with context, the Python function gets the path first.
    ns3::CallbackBase (*make)(const PyCallable& f, bool withContext);
    /// The demangled TracedCallback / TracedValue types the callback connects to.
    std::vector<std::string> (*sources)();
};

/// The connector of a signature: with context, the Python function gets the path first.
template <class... Args>
ns3::CallbackBase
TraceCallback(const PyCallable& f, bool withContext)
{
    if (withContext)
    {
        return ns3::Callback<void, std::string, Args...>(
            [f](std::string context, Args... args) { f(context, ToPy(args)...); });
    }
    return ns3::Callback<void, Args...>([f](Args... args) { f(ToPy(args)...); });
}

/// The trace source types a callback of these arguments fits.
template <class... Args>
std::vector<std::string>
TraceSources()
{
    std::vector<std::string> sources{Demangle(typeid(ns3::TracedCallback<Args...>).name())};
    if constexpr (sizeof...(Args) == 2)
    {
        using Pair = std::tuple<Args...>;
        using A = std::tuple_element_t<0, Pair>;
        using B = std::tuple_element_t<1, Pair>;
        if constexpr (std::is_same_v<A, B> && !std::is_reference_v<A>)
        {
            sources.push_back(Demangle(typeid(ns3::TracedValue<A>).name()));
        }
    }
    return sources;
}

/// \return the signature of a trace source whose callback takes these arguments
template <class... Args>
TraceSignature
MakeTraceSignature()
{
    return TraceSignature{&TraceCallback<Args...>, &TraceSources<Args...>};
}

/**
 * \brief Register the trace signature named `callbackName` (TypeId::TraceSourceInformation's
 * callback, e.g. "ns3::Packet::TracedCallback") so that trace sources declared with it can be
 * connected to Python.
 */
void RegisterTraceSignature(const std::string& callbackName, TraceSignature signature);

/**
 * \brief Object.TraceConnect / TraceConnectWithoutContext: the trace source looked up on the
 * object's type, its signature on the registered ones; ValueError otherwise.
 * \param context the context string given to the callback, or nullptr for none
 */
bool ConnectObjectTrace(ns3::Object& object,
                        const std::string& name,
                        const std::string* context,
                        py::function callback);

/**
 * \brief Run a call into the module: the std::exceptions it throws for refused input become
 * ValueError (Python's own exceptions pass as they are).
 * \param f the call
 * \return what it returns
 */
template <class F>
auto
Refusing(F f)
{
    try
    {
        return f();
    }
    catch (const py::error_already_set&)
    {
        throw;
    }
    catch (const py::builtin_exception&)
    {
        throw;
    }
    catch (const std::exception& e)
    {
        throw py::value_error(e.what());
    }
}

} // namespace ns3ipsec

#endif
