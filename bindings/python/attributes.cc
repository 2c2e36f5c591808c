/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings: checking ns-3 attributes before ns-3 sees them.
 *
 * ns-3 reports a bad attribute with NS_FATAL_ERROR or NS_ABORT (ObjectFactory::Set, an unknown
 * Time unit, trailing text after a number), and with its assertions compiled out (Debian's
 * build) an unknown enum name or TypeId is undefined behaviour. Every attribute the bindings set
 * therefore goes through here first: the name is looked up in the TypeId and its parents, the
 * text is checked against the grammar of the attribute's value type, and the attribute's checker
 * then decides (range, enum members). Only a value that passed all three reaches ns-3.
 */
#include "bindings.h"

#include "ns3/address.h"
#include "ns3/data-rate.h"
#include "ns3/enum.h"
#include "ns3/global-value.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/pointer.h"
#include "ns3/queue-size.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cmath>
#include <regex>
#include <set>

using namespace ns3;

namespace ns3ipsec
{
namespace
{
/// The ns-3 number grammar the value types share (what istream >> double reads whole).
const char* const kDecimal = R"(([0-9]+\.?[0-9]*|\.[0-9]+))";
const char* const kExponent = R"(([eE][+-]?[0-9]+)?)";

bool
Matches(const std::string& text, const std::string& pattern)
{
    return std::regex_match(text, std::regex(pattern));
}

/// `name`'s attribute in `tid` or a parent, or nullopt; an obsolete one is an error.
std::optional<TypeId::AttributeInformation>
Lookup(TypeId tid, const std::string& name, TypeId* owner)
{
    TypeId t = tid;
    while (true)
    {
        for (std::size_t i = 0; i < t.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = t.GetAttribute(i);
            if (info.name != name)
            {
                continue;
            }
            if (info.supportLevel == TypeId::OBSOLETE)
            {
                throw py::value_error("attribute " + name + " of " + tid.GetName()
                                      + " is obsolete: " + info.supportMsg);
            }
            if (owner)
            {
                *owner = t;
            }
            return info;
        }
        TypeId parent = t.GetParent();
        if (parent == t)
        {
            return std::nullopt;
        }
        t = parent;
    }
}

bool
Allows(const TypeId::AttributeInformation& info, AttributeUse use)
{
    if (info.supportLevel == TypeId::OBSOLETE)
    {
        return false;
    }
    switch (use)
    {
        case AttributeUse::SET:
            return (info.flags & TypeId::ATTR_SET) && info.accessor->HasSetter();
        case AttributeUse::CONSTRUCT:
            return (info.flags & TypeId::ATTR_CONSTRUCT) != 0;
        case AttributeUse::GET:
            return (info.flags & TypeId::ATTR_GET) && info.accessor->HasGetter();
    }
    return false;
}

} // namespace

std::vector<std::string>
AttributeNames(TypeId tid, AttributeUse use)
{
    std::set<std::string> names;
    TypeId t = tid;
    while (true)
    {
        for (std::size_t i = 0; i < t.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = t.GetAttribute(i);
            if (Allows(info, use))
            {
                names.insert(info.name);
            }
        }
        TypeId parent = t.GetParent();
        if (parent == t)
        {
            break;
        }
        t = parent;
    }
    return {names.begin(), names.end()};
}

std::string
Join(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items)
    {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

std::string
Suggestion(const std::string& name, const std::vector<std::string>& names)
{
    py::list close = py::module_::import("difflib").attr("get_close_matches")(name, names, 1, 0.6);
    if (close.empty())
    {
        return "";
    }
    return "; did you mean '" + close[0].cast<std::string>() + "'?";
}

bool
HasAttribute(TypeId tid, const std::string& name)
{
    return Lookup(tid, name, nullptr).has_value();
}

namespace
{

/// Set while a global value (not an attribute of a type) is checked.
bool g_checkingGlobal = false;

std::string
Where(TypeId tid, const TypeId::AttributeInformation& info)
{
    if (g_checkingGlobal)
    {
        return "global value " + info.name;
    }
    return "attribute " + info.name + " of " + tid.GetName();
}

/// ns-3's value type name without "ns3::".
std::string
ValueType(const TypeId::AttributeInformation& info)
{
    std::string type = info.checker->GetValueTypeName();
    return type.rfind("ns3::", 0) == 0 ? type.substr(5) : type;
}

std::string
PyTypeName(const py::handle& value)
{
    return py::str(value.get_type().attr("__name__")).cast<std::string>();
}

[[noreturn]] void
BadValue(TypeId tid,
         const TypeId::AttributeInformation& info,
         const std::string& text,
         const std::string& expected)
{
    throw py::value_error("invalid value '" + text + "' for " + Where(tid, info) + ": expected "
                          + expected);
}

/// Enum member names of a checker.
std::vector<std::string>
EnumNames(const TypeId::AttributeInformation& info)
{
    std::vector<std::string> names;
    std::string detail = info.checker->GetUnderlyingTypeInformation();
    std::string::size_type start = 0;
    while (true)
    {
        std::string::size_type bar = detail.find('|', start);
        names.push_back(
            detail.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (bar == std::string::npos)
        {
            return names;
        }
        start = bar + 1;
    }
}

/// What the checker accepts, for messages: enum members, numeric ranges, value types.
std::string
Expected(const TypeId::AttributeInformation& info)
{
    std::string type = info.checker->GetValueTypeName();
    std::string detail = info.checker->HasUnderlyingTypeInformation()
                           ? info.checker->GetUnderlyingTypeInformation()
                           : "";
    if (type == "ns3::EnumValue")
    {
        return "one of " + Join(EnumNames(info));
    }
    if (type == "ns3::UintegerValue" || type == "ns3::IntegerValue" || type == "ns3::DoubleValue")
    {
        std::string::size_type space = detail.find(' ');
        return "a number (" + detail.substr(0, space) + ") in the range "
             + (space == std::string::npos ? detail : detail.substr(space + 1));
    }
    if (type == "ns3::TimeValue")
    {
        return "a non-negative time such as '10ms', '1.5s' or a number of seconds"
             + (detail.empty() ? "" : " (allowed: " + detail + ")");
    }
    if (type == "DataRateValue")
    {
        return "a data rate above 0 such as '5Mbps', '100kb/s' or '1Gbps' (bits per second)";
    }
    if (type == "QueueSizeValue")
    {
        return "a queue size such as '100p' (packets) or '64KB' (bytes)";
    }
    if (type == "BooleanValue")
    {
        return "True or False";
    }
    if (type == "ns3::PointerValue")
    {
        return "an object of type " + detail + " or its description 'ns3::Type[Attr=value|...]'";
    }
    return detail.empty() ? type : detail;
}

/// Seconds in a time text (ns-3's grammar, one token), or nullopt.
std::optional<double>
TimeTextSeconds(const std::string& text)
{
    std::smatch m;
    static const std::regex grammar(std::string("^[+-]?") + kDecimal + kExponent
                                    + "(s|ms|us|ns|ps|fs|min|h|d|y)?$");
    if (!std::regex_match(text, m, grammar))
    {
        return std::nullopt;
    }
    std::string unit = m[3].str();
    double number = std::strtod(text.substr(0, text.size() - unit.size()).c_str(), nullptr);
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
    return number * factor.at(unit);
}

/// The ns-3 data rate text's bits per second (DataRate::DoParse's units), or nullopt.
std::optional<double>
DataRateTextBps(const std::string& text)
{
    static const std::map<std::string, double> factor = {{"bps", 1},
                                                         {"b/s", 1},
                                                         {"Bps", 8},
                                                         {"B/s", 8},
                                                         {"kbps", 1e3},
                                                         {"kb/s", 1e3},
                                                         {"Kbps", 1e3},
                                                         {"Kb/s", 1e3},
                                                         {"kBps", 8e3},
                                                         {"kB/s", 8e3},
                                                         {"KBps", 8e3},
                                                         {"KB/s", 8e3},
                                                         {"Kib/s", 1024},
                                                         {"KiB/s", 8192},
                                                         {"Mbps", 1e6},
                                                         {"Mb/s", 1e6},
                                                         {"MBps", 8e6},
                                                         {"MB/s", 8e6},
                                                         {"Mib/s", 1048576},
                                                         {"MiB/s", 8388608},
                                                         {"Gbps", 1e9},
                                                         {"Gb/s", 1e9},
                                                         {"GBps", 8e9},
                                                         {"GB/s", 8e9},
                                                         {"Gib/s", 1073741824.0},
                                                         {"GiB/s", 8589934592.0}};
    std::smatch m;
    static const std::regex grammar(std::string("^") + kDecimal + "([A-Za-z/]*)$");
    if (!std::regex_match(text, m, grammar))
    {
        return std::nullopt;
    }
    std::string unit = m[2].str();
    if (unit.empty())
    {
        // ns-3 reads a bare number as whole bits per second.
        if (!Matches(text, "^[0-9]+$"))
        {
            return std::nullopt;
        }
        return std::strtod(text.c_str(), nullptr);
    }
    auto f = factor.find(unit);
    if (f == factor.end())
    {
        return std::nullopt;
    }
    return std::strtod(m[1].str().c_str(), nullptr) * f->second;
}

/// A queue size text's count (QueueSize::DoParse's units), or nullopt.
std::optional<double>
QueueSizeTextCount(const std::string& text)
{
    static const std::map<std::string, double> factor = {{"B", 1},
                                                         {"kB", 1e3},
                                                         {"KB", 1e3},
                                                         {"KiB", 1024},
                                                         {"MB", 1e6},
                                                         {"MiB", 1048576},
                                                         {"p", 1},
                                                         {"kp", 1e3},
                                                         {"Kp", 1e3},
                                                         {"Kip", 1024},
                                                         {"Mp", 1e6},
                                                         {"Mip", 1048576}};
    std::smatch m;
    static const std::regex grammar(std::string("^") + kDecimal + "([A-Za-z]+)$");
    if (!std::regex_match(text, m, grammar))
    {
        return std::nullopt;
    }
    auto f = factor.find(m[2].str());
    if (f == factor.end())
    {
        return std::nullopt;
    }
    return std::strtod(m[1].str().c_str(), nullptr) * f->second;
}

std::optional<Ipv4Mask>
MaskText(const std::string& text)
{
    if (Matches(text, "^/[0-9]{1,2}$"))
    {
        int length = std::stoi(text.substr(1));
        if (length > 32)
        {
            return std::nullopt;
        }
        return Ipv4Mask(length == 0 ? 0u : 0xffffffffu << (32 - length));
    }
    try
    {
        uint32_t bits = ParseAddress(text).Get();
        uint32_t inverted = ~bits;
        if ((inverted & (inverted + 1)) != 0) // not ones followed by zeros
        {
            return std::nullopt;
        }
        return Ipv4Mask(bits);
    }
    catch (const py::value_error&)
    {
        return std::nullopt;
    }
}

/**
 * Check an object description (PointerValue text: "ns3::Type" or "ns3::Type[A=v|B=w]") the way
 * ObjectFactory's operator>> will read it, so that it cannot reach TypeId::LookupByName or
 * ObjectFactory::Create with a name that does not exist.
 */
void CheckObjectText(TypeId tid,
                     const TypeId::AttributeInformation& info,
                     const std::string& text,
                     TypeId pointee);

/**
 * Check `text` for an attribute and return the checked value. `inner`: the text sits inside
 * an object description, so ns-3 itself will parse it (only ns-3's grammar is allowed there).
 */
Ptr<AttributeValue>
ValueFromText(TypeId tid,
              const TypeId::AttributeInformation& info,
              const std::string& text,
              bool inner)
{
    std::string type = info.checker->GetValueTypeName();
    Ptr<AttributeValue> typed; // set when the bindings build the value themselves
    bool nsText = true;        // ns-3's own parser may read `text`
    if (type == "StringValue")
    {
        // anything
    }
    else if (type == "BooleanValue")
    {
        nsText = text == "true" || text == "false" || text == "1" || text == "0" || text == "t"
              || text == "f";
    }
    else if (type == "ns3::EnumValue")
    {
        std::vector<std::string> names = EnumNames(info);
        nsText = std::find(names.begin(), names.end(), text) != names.end();
    }
    else if (type == "ns3::UintegerValue")
    {
        nsText = Matches(text, "^\\+?[0-9]{1,20}$");
    }
    else if (type == "ns3::IntegerValue")
    {
        nsText = Matches(text, "^[+-]?[0-9]{1,19}$");
    }
    else if (type == "ns3::DoubleValue")
    {
        nsText = Matches(text, std::string("^[+-]?") + kDecimal + kExponent + "$")
              && std::isfinite(std::strtod(text.c_str(), nullptr));
    }
    else if (type == "ns3::TimeValue")
    {
        std::optional<double> seconds = TimeTextSeconds(text);
        nsText = seconds && std::isfinite(*seconds) && *seconds >= 0
              && *seconds <= Time::Max().GetSeconds();
    }
    else if (type == "DataRateValue")
    {
        // A zero rate divides by zero when the device sends (SIGFPE).
        std::optional<double> bps = DataRateTextBps(text);
        nsText = bps && *bps >= 1 && *bps < 1.8e19;
    }
    else if (type == "QueueSizeValue")
    {
        std::optional<double> count = QueueSizeTextCount(text);
        nsText = count && *count <= 4294967295.0;
    }
    else if (type == "Ipv4AddressValue")
    {
        try
        {
            ParseAddress(text);
        }
        catch (const py::value_error&)
        {
            nsText = false;
        }
    }
    else if (type == "Ipv4MaskValue")
    {
        nsText = MaskText(text).has_value();
    }
    else if (type == "Mac48AddressValue")
    {
        nsText = Matches(text, "^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$");
    }
    else if (type == "TypeIdValue")
    {
        TypeId found;
        nsText = Matches(text, "^\\S+$") && TypeId::LookupByNameFailSafe(text, &found);
    }
    else if (type == "ns3::PointerValue")
    {
        const auto* checker = dynamic_cast<const PointerChecker*>(PeekPointer(info.checker));
        if (!checker)
        {
            BadValue(tid, info, text, Expected(info));
        }
        CheckObjectText(tid, info, text, checker->GetPointeeTypeId());
    }
    else if (type == "AddressValue" && !inner)
    {
        // Not ns-3's serialized form: "a.b.c.d", "a.b.c.d:port", IPv6 text or "[IPv6]:port".
        nsText = false;
        try
        {
            typed = Create<AddressValue>(AddressOf(AddressArg{py::str(text)}));
        }
        catch (const py::value_error&)
        {
            BadValue(tid,
                     info,
                     text,
                     "an IPv4 address 'a.b.c.d' or 'a.b.c.d:port', or an IPv6 address "
                     "'2001:db8::1' or '[2001:db8::1]:port'");
        }
    }
    else if (type == "Ipv6AddressValue" && !inner)
    {
        nsText = false;
        try
        {
            typed = Create<Ipv6AddressValue>(ParseIpv6Address(text));
        }
        catch (const py::value_error&)
        {
            BadValue(tid, info, text, "an IPv6 address");
        }
    }
    else if (type == "Ipv6PrefixValue" && !inner)
    {
        nsText = false;
        try
        {
            typed = Create<Ipv6PrefixValue>(PrefixOf(py::str(text)));
        }
        catch (const py::value_error&)
        {
            BadValue(tid, info, text, "an IPv6 prefix such as '/64'");
        }
    }
    else
    {
        throw py::value_error(Where(tid, info) + " has the value type " + type
                              + (inner ? ", which cannot be given inside an object description"
                                       : ", which the Python bindings cannot set"));
    }
    if (!typed && !nsText)
    {
        BadValue(tid, info, text, Expected(info));
    }
    Ptr<AttributeValue> checked = typed ? info.checker->CreateValidValue(*typed)
                                        : info.checker->CreateValidValue(StringValue(text));
    if (!checked)
    {
        BadValue(tid, info, text, Expected(info));
    }
    // A device MTU below IPv4's minimum (RFC 791: 68) makes fragmentation loop forever.
    const auto* mtu = dynamic_cast<const UintegerValue*>(PeekPointer(checked));
    if (mtu && info.name == "Mtu" && tid.IsChildOf(NetDevice::GetTypeId()) && mtu->Get() < 68)
    {
        BadValue(tid, info, text, "an MTU of at least 68 bytes (the IPv4 minimum)");
    }
    return checked;
}

void
CheckObjectText(TypeId tid,
                const TypeId::AttributeInformation& info,
                const std::string& text,
                TypeId pointee)
{
    std::string expected = "an object description such as '" + pointee.GetName()
                         + "' or 'ns3::Type[Attribute=value|...]' naming a " + pointee.GetName();
    std::smatch m;
    if (!std::regex_match(text, m, std::regex(R"(^([^\s\[\]|=]+)(\[([^\s\[\]]*)\])?$)")))
    {
        BadValue(tid, info, text, expected);
    }
    TypeId object;
    if (!TypeId::LookupByNameFailSafe(m[1].str(), &object))
    {
        BadValue(tid, info, text, expected + " (there is no type " + m[1].str() + ")");
    }
    if (object != pointee && !object.IsChildOf(pointee))
    {
        BadValue(tid, info, text, expected + " (" + object.GetName() + " is not one)");
    }
    if (!object.HasConstructor())
    {
        BadValue(tid, info, text, expected + " (" + object.GetName() + " cannot be created)");
    }
    std::string parameters = m[3].str();
    std::string::size_type cur = 0;
    while (cur < parameters.size())
    {
        std::string::size_type next = parameters.find('|', cur);
        std::string item = parameters.substr(cur, next == std::string::npos ? next : next - cur);
        cur = next == std::string::npos ? parameters.size() : next + 1;
        std::string::size_type equal = item.find('=');
        if (equal == std::string::npos)
        {
            BadValue(tid, info, text, expected + " ('" + item + "' is not Attribute=value)");
        }
        std::string name = item.substr(0, equal);
        TypeId::AttributeInformation inner = FindAttribute(object, name, AttributeUse::CONSTRUCT);
        ValueFromText(object, inner, item.substr(equal + 1), true);
    }
}
} // namespace

TypeId::AttributeInformation
FindAttribute(TypeId tid, const std::string& name, AttributeUse use)
{
    std::optional<TypeId::AttributeInformation> info = Lookup(tid, name, nullptr);
    if (!info)
    {
        std::vector<std::string> names = AttributeNames(tid, use);
        throw py::value_error(tid.GetName() + " has no attribute '" + name + "'"
                              + Suggestion(name, names) + " (attributes: " + Join(names) + ")");
    }
    if (!Allows(*info, use))
    {
        throw py::value_error("attribute " + name + " of " + tid.GetName()
                              + (use == AttributeUse::SET ? " cannot be set on an existing object"
                                 : use == AttributeUse::GET
                                     ? " cannot be read"
                                     : " cannot be set when the object is created"));
    }
    return *info;
}

Ptr<AttributeValue>
AttributeValueOf(TypeId tid, const TypeId::AttributeInformation& info, const py::handle& value)
{
    std::string type = info.checker->GetValueTypeName();
    if (value.is_none())
    {
        throw py::type_error(Where(tid, info) + " needs a value, not None");
    }
    if (py::isinstance<Time>(value))
    {
        if (type != "ns3::TimeValue")
        {
            throw py::type_error(Where(tid, info) + " is not a time; got a Time");
        }
        Time t = value.cast<Time>();
        if (t.IsStrictlyNegative())
        {
            throw py::value_error("invalid value " + py::repr(value).cast<std::string>() + " for "
                                  + Where(tid, info) + ": a time cannot be negative");
        }
        Ptr<AttributeValue> checked = info.checker->CreateValidValue(TimeValue(t));
        if (!checked)
        {
            BadValue(tid, info, py::str(value).cast<std::string>(), Expected(info));
        }
        return checked;
    }
    if (py::isinstance<AttributeValueBox>(value))
    {
        const auto& box = value.cast<const AttributeValueBox&>();
        if (box.type != "StringValue" && box.type != ValueType(info))
        {
            throw py::type_error(Where(tid, info) + " takes a " + ValueType(info)
                                 + " (or a StringValue), not a " + box.type);
        }
        if (box.type == "EnumValue")
        {
            int v = box.value.cast<int>();
            Ptr<AttributeValue> checked = info.checker->CreateValidValue(EnumValue(v));
            if (!checked)
            {
                BadValue(tid, info, std::to_string(v), Expected(info));
            }
            return checked;
        }
        if (box.type == "PointerValue" && box.value.is_none())
        {
            return info.checker->CreateValidValue(PointerValue());
        }
        return AttributeValueOf(tid, info, box.value);
    }
    // ns-3's own value objects: Ipv4Address, InetSocketAddress, DataRate, ...
    auto typed = [&](const std::string& want, const AttributeValue& v) {
        if (ValueType(info) != want)
        {
            throw py::type_error(Where(tid, info) + " is not a " + want + "; got a "
                                 + PyTypeName(value));
        }
        Ptr<AttributeValue> checked = info.checker->CreateValidValue(v);
        if (!checked)
        {
            BadValue(tid, info, py::str(value).cast<std::string>(), Expected(info));
        }
        return checked;
    };
    if (py::isinstance<Ipv4Address>(value))
    {
        if (ValueType(info) == "AddressValue")
        {
            return typed("AddressValue", AddressValue(Address(value.cast<Ipv4Address>())));
        }
        return typed("Ipv4AddressValue", Ipv4AddressValue(value.cast<Ipv4Address>()));
    }
    if (py::isinstance<Ipv6Address>(value))
    {
        if (ValueType(info) == "AddressValue")
        {
            return typed("AddressValue", AddressValue(Address(value.cast<Ipv6Address>())));
        }
        return typed("Ipv6AddressValue", Ipv6AddressValue(value.cast<Ipv6Address>()));
    }
    if (py::isinstance<InetSocketAddress>(value))
    {
        return typed("AddressValue", AddressValue(Address(value.cast<InetSocketAddress>())));
    }
    if (py::isinstance<Inet6SocketAddress>(value))
    {
        return typed("AddressValue", AddressValue(Address(value.cast<Inet6SocketAddress>())));
    }
    if (py::isinstance<Ipv6Prefix>(value))
    {
        return typed("Ipv6PrefixValue", Ipv6PrefixValue(value.cast<Ipv6Prefix>()));
    }
    if (py::isinstance<Address>(value))
    {
        return typed("AddressValue", AddressValue(value.cast<Address>()));
    }
    if (py::isinstance<Ipv4Mask>(value))
    {
        return typed("Ipv4MaskValue", Ipv4MaskValue(value.cast<Ipv4Mask>()));
    }
    if (py::isinstance<DataRate>(value))
    {
        if (value.cast<DataRate>().GetBitRate() == 0)
        {
            BadValue(tid, info, "0bps", Expected(info));
        }
        return typed("DataRateValue", DataRateValue(value.cast<DataRate>()));
    }
    if (py::isinstance<QueueSize>(value))
    {
        return typed("QueueSizeValue", QueueSizeValue(value.cast<QueueSize>()));
    }
    if (py::isinstance<TypeId>(value))
    {
        return typed("TypeIdValue", TypeIdValue(value.cast<TypeId>()));
    }
    if (py::isinstance<Object>(value))
    {
        if (type != "ns3::PointerValue")
        {
            throw py::type_error(Where(tid, info) + " does not take an object");
        }
        Ptr<AttributeValue> checked
            = info.checker->CreateValidValue(PointerValue(value.cast<Ptr<Object>>()));
        if (!checked)
        {
            BadValue(tid, info, py::str(value).cast<std::string>(), Expected(info));
        }
        return checked;
    }
    std::string text;
    if (py::isinstance<py::bool_>(value))
    {
        text = value.cast<bool>() ? "true" : "false";
    }
    else if (py::isinstance<py::int_>(value))
    {
        text = py::str(value).cast<std::string>();
    }
    else if (py::isinstance<py::float_>(value))
    {
        double d = value.cast<double>();
        if (!std::isfinite(d))
        {
            BadValue(tid, info, py::str(value).cast<std::string>(), Expected(info));
        }
        if (type == "ns3::TimeValue")
        {
            text = py::str(value).cast<std::string>() + "s";
        }
        else
        {
            text = py::repr(value).cast<std::string>();
        }
    }
    else if (py::isinstance<py::str>(value))
    {
        text = value.cast<std::string>();
    }
    else
    {
        throw py::type_error(Where(tid, info) + " takes a str, int, float or bool, not "
                             + std::string(py::str(value.get_type().attr("__name__"))));
    }
    return ValueFromText(tid, info, text, false);
}

Ptr<AttributeValue>
CheckAttribute(TypeId tid, const std::string& name, const py::handle& value, AttributeUse use)
{
    return AttributeValueOf(tid, FindAttribute(tid, name, use), value);
}

void
SetObjectAttribute(ObjectBase& object, const std::string& name, const py::handle& value)
{
    TypeId tid = object.GetInstanceTypeId();
    Ptr<AttributeValue> checked = CheckAttribute(tid, name, value, AttributeUse::SET);
    if (!object.SetAttributeFailSafe(name, *checked))
    {
        throw py::value_error("cannot set attribute " + name + " of " + tid.GetName());
    }
}

void
SetDefaultAttribute(const std::string& fullName, const py::handle& value)
{
    std::string::size_type pos = fullName.rfind("::");
    if (pos == std::string::npos || pos == 0)
    {
        throw py::value_error("Config.SetDefault needs 'ns3::Type::Attribute', not '" + fullName
                              + "'");
    }
    std::string typeName = fullName.substr(0, pos);
    std::string name = fullName.substr(pos + 2);
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(typeName, &tid))
    {
        throw py::value_error("Config.SetDefault('" + fullName + "'): there is no type "
                              + typeName);
    }
    TypeId owner;
    std::optional<TypeId::AttributeInformation> info = Lookup(tid, name, &owner);
    if (info && owner != tid)
    {
        // ns-3 keeps defaults per declaring type: a parent's default is set on the parent.
        throw py::value_error("Config.SetDefault('" + fullName + "'): " + name + " is declared by "
                              + owner.GetName() + "; use '" + owner.GetName() + "::" + name + "'");
    }
    TypeId::AttributeInformation found = FindAttribute(tid, name, AttributeUse::CONSTRUCT);
    Ptr<AttributeValue> checked = AttributeValueOf(tid, found, value);
    if (!Config::SetDefaultFailSafe(fullName, *checked))
    {
        throw py::value_error("cannot set the default of " + fullName);
    }
}

void
CheckConfigPathTypes(const std::string& path, const std::string& who)
{
    // ns-3 looks up "$ns3::Type" segments with TypeId::LookupByName (fatal when unknown).
    std::string::size_type start = 1;
    while (start <= path.size())
    {
        std::string::size_type next = path.find('/', start);
        std::string item
            = path.substr(start, next == std::string::npos ? std::string::npos : next - start);
        if (item.empty())
        {
            throw py::value_error(who + ": empty segment in path '" + path + "'");
        }
        TypeId tid;
        if (item[0] == '$' && !TypeId::LookupByNameFailSafe(item.substr(1), &tid))
        {
            throw py::value_error(who + ": there is no type " + item.substr(1) + " (in path '"
                                  + path + "')");
        }
        if (next == std::string::npos)
        {
            break;
        }
        start = next + 1;
    }
}

void
SetConfigPath(const std::string& path, const py::handle& value)
{
    std::string::size_type slash = path.rfind('/');
    if (path.empty() || path[0] != '/' || slash == 0 || slash + 1 >= path.size())
    {
        throw py::value_error("Config.Set needs a path '/Root/.../Attribute', not '" + path + "'");
    }
    std::string objects = path.substr(0, slash);
    std::string name = path.substr(slash + 1);
    CheckConfigPathTypes(objects, "Config.Set");
    Config::MatchContainer matches = Config::LookupMatches(objects);
    if (matches.GetN() == 0)
    {
        throw py::value_error("Config.Set: no object matches '" + objects + "'");
    }
    // All or nothing: every matched object's attribute and value are checked first.
    std::vector<Ptr<AttributeValue>> values;
    for (std::size_t i = 0; i < matches.GetN(); ++i)
    {
        TypeId tid = matches.Get(i)->GetInstanceTypeId();
        values.push_back(CheckAttribute(tid, name, value, AttributeUse::SET));
    }
    for (std::size_t i = 0; i < matches.GetN(); ++i)
    {
        if (!matches.Get(i)->SetAttributeFailSafe(name, *values[i]))
        {
            throw py::value_error("Config.Set: cannot set " + name + " on "
                                  + matches.GetMatchedPath(i));
        }
    }
}

void
SetGlobalValue(const std::string& name, const py::handle& value)
{
    for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
    {
        if ((*it)->GetName() != name)
        {
            continue;
        }
        TypeId::AttributeInformation info;
        info.name = name;
        info.help = (*it)->GetHelp();
        info.checker = (*it)->GetChecker();
        info.flags = TypeId::ATTR_SET;
        info.supportLevel = TypeId::SUPPORTED;
        Ptr<AttributeValue> checked;
        g_checkingGlobal = true;
        try
        {
            checked = AttributeValueOf(Object::GetTypeId(), info, value);
        }
        catch (...)
        {
            g_checkingGlobal = false;
            throw;
        }
        g_checkingGlobal = false;
        if (name == "SimulatorImplementationType" || name == "SchedulerType")
        {
            // Read by an ObjectFactory when the simulator starts: an unknown type is fatal then.
            std::string text = checked->SerializeToString(info.checker);
            TypeId tid;
            TypeId base = TypeId::LookupByName(name == "SchedulerType" ? "ns3::Scheduler"
                                                                       : "ns3::SimulatorImpl");
            if (!TypeId::LookupByNameFailSafe(text, &tid) || !tid.IsChildOf(base)
                || !tid.HasConstructor())
            {
                throw py::value_error("invalid value '" + text + "' for global value " + name
                                      + ": expected the name of a " + base.GetName() + " type");
            }
        }
        if (name == "RngSeed" && checked->SerializeToString(info.checker) == "0")
        {
            throw py::value_error("invalid value '0' for global value RngSeed: the seed must be "
                                  "at least 1");
        }
        if (!(*it)->SetValue(*checked))
        {
            throw py::value_error("cannot set global value " + name);
        }
        return;
    }
    std::vector<std::string> names;
    for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
    {
        names.push_back((*it)->GetName());
    }
    throw py::value_error("there is no global value '" + name + "'" + Suggestion(name, names)
                          + " (globals: " + Join(names) + ")");
}

void
GetAttributeInto(ObjectBase& object, const std::string& name, AttributeValueBox& box)
{
    TypeId tid = object.GetInstanceTypeId();
    TypeId::AttributeInformation info = FindAttribute(tid, name, AttributeUse::GET);
    if (box.type != "StringValue" && box.type != ValueType(info))
    {
        throw py::type_error(Where(tid, info) + " is a " + ValueType(info) + ", not a " + box.type);
    }
    auto get = [&](AttributeValue& v) {
        if (!object.GetAttributeFailSafe(name, v))
        {
            throw py::value_error(Where(tid, info) + " cannot be read");
        }
    };
    if (box.type == "StringValue")
    {
        StringValue v;
        get(v);
        box.value = py::str(v.Get());
    }
    else if (box.type == "UintegerValue")
    {
        UintegerValue v;
        get(v);
        box.value = py::int_(v.Get());
    }
    else if (box.type == "IntegerValue")
    {
        IntegerValue v;
        get(v);
        box.value = py::int_(v.Get());
    }
    else if (box.type == "DoubleValue")
    {
        DoubleValue v;
        get(v);
        box.value = py::float_(v.Get());
    }
    else if (box.type == "BooleanValue")
    {
        BooleanValue v;
        get(v);
        box.value = py::bool_(v.Get());
    }
    else if (box.type == "TimeValue")
    {
        TimeValue v;
        get(v);
        box.value = py::cast(v.Get());
    }
    else if (box.type == "DataRateValue")
    {
        DataRateValue v;
        get(v);
        box.value = py::cast(v.Get());
    }
    else if (box.type == "AddressValue")
    {
        AddressValue v;
        get(v);
        box.value = py::cast(v.Get());
    }
    else if (box.type == "Ipv4AddressValue")
    {
        Ipv4AddressValue v;
        get(v);
        box.value = py::cast(v.Get());
    }
    else if (box.type == "Ipv4MaskValue")
    {
        Ipv4MaskValue v;
        get(v);
        box.value = py::cast(v.Get());
    }
    else if (box.type == "Ipv6AddressValue")
    {
        Ipv6AddressValue v;
        get(v);
        box.value = py::cast(v.Get());
    }
    else if (box.type == "Ipv6PrefixValue")
    {
        Ipv6PrefixValue v;
        get(v);
        box.value = py::cast(v.Get());
    }
    else if (box.type == "EnumValue")
    {
        EnumValue v;
        get(v);
        box.value = py::int_(v.Get());
    }
    else if (box.type == "PointerValue")
    {
        PointerValue v;
        get(v);
        Ptr<Object> o = v.GetObject();
        box.value = o ? py::cast(o) : py::none();
    }
    else if (box.type == "QueueSizeValue")
    {
        QueueSizeValue v;
        get(v);
        box.value = py::cast(v.Get());
    }
    else if (box.type == "TypeIdValue")
    {
        TypeIdValue v;
        get(v);
        box.value = py::cast(v.Get());
    }
    else
    {
        throw py::type_error("cannot read an attribute into a " + box.type);
    }
}

} // namespace ns3ipsec
