/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings: ns-3's value classes as its own Python API has them. Addresses
 * (Ipv4Address, Ipv4Mask, Ipv6Address, Ipv6Prefix, InetSocketAddress, Inet6SocketAddress,
 * Address, Mac48Address), DataRate, QueueSize, TypeId, and the attribute value classes
 * (StringValue, UintegerValue, TimeValue, ...) that SetAttribute, Config.Set and the helpers'
 * SetAttribute take. An Ipv4Address compares equal to its dotted text and an Ipv6Address to its
 * text, so scripts written when addresses were strings keep working.
 */
#include "bindings.h"

#include "ns3/data-rate.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/mac48-address.h"
#include "ns3/names.h"
#include "ns3/network-module.h"
#include "ns3/pointer.h"
#include "ns3/queue-size.h"

#include <cmath>
#include <regex>
#include <sstream>

using namespace ns3;

namespace pybind11::detail
{
bool
type_caster<ns3ipsec::AddressArg>::load(handle src, bool)
{
    if (!src
        || !(py::isinstance<py::str>(src) || py::isinstance<Ipv4Address>(src)
             || py::isinstance<Ipv6Address>(src) || py::isinstance<InetSocketAddress>(src)
             || py::isinstance<Inet6SocketAddress>(src) || py::isinstance<Address>(src)))
    {
        return false;
    }
    value.value = py::reinterpret_borrow<py::object>(src);
    return true;
}

bool
type_caster<ns3ipsec::NodesArg>::load(handle src, bool)
{
    if (!src
        || !(py::isinstance<NodeContainer>(src) || py::isinstance<Node>(src)
             || py::isinstance<py::str>(src)))
    {
        return false;
    }
    value.value = py::reinterpret_borrow<py::object>(src);
    return true;
}
} // namespace pybind11::detail

namespace ns3ipsec
{

namespace
{
std::string
Text(const py::handle& value)
{
    return py::str(value).cast<std::string>();
}

std::string
TypeName(const py::handle& value)
{
    return py::str(value.get_type().attr("__name__")).cast<std::string>();
}

template <class T>
std::string
Printed(const T& value)
{
    std::ostringstream oss;
    oss << value;
    return oss.str();
}

/// \return the port of "...:port" text, or ValueError when it is above 65535
uint16_t
PortText(const std::string& port, const std::string& what)
{
    unsigned long value = std::stoul(port);
    if (value > 65535)
    {
        throw py::value_error(what + ": port " + port + " is out of range (0-65535)");
    }
    return static_cast<uint16_t>(value);
}

/// "a.b.c.d", "a.b.c.d:port", IPv6 text or "[IPv6]:port" as an Address (a socket address when
/// there is a port).
Address
AddressFromText(const std::string& text, const std::string& what)
{
    std::smatch m;
    if (std::regex_match(text, m, std::regex("^([0-9.]+):([0-9]{1,5})$")))
    {
        return InetSocketAddress(ParseAddress(m[1].str()), PortText(m[2].str(), what));
    }
    if (std::regex_match(text, m, std::regex(R"(^\[([^\]]*)\]:([0-9]{1,5})$)")))
    {
        return Inet6SocketAddress(ParseIpv6Address(m[1].str()), PortText(m[2].str(), what));
    }
    if (text.find(':') != std::string::npos)
    {
        return ParseIpv6Address(text);
    }
    return ParseAddress(text);
}

/// Address as Python: the address class it holds (Ipv4Address, InetSocketAddress, ...).
std::string
AddressRepr(const Address& a)
{
    if (InetSocketAddress::IsMatchingType(a))
    {
        InetSocketAddress s = InetSocketAddress::ConvertFrom(a);
        return "Address(InetSocketAddress('" + AddressText(s.GetIpv4()) + "', "
             + std::to_string(s.GetPort()) + "))";
    }
    if (Inet6SocketAddress::IsMatchingType(a))
    {
        Inet6SocketAddress s = Inet6SocketAddress::ConvertFrom(a);
        return "Address(Inet6SocketAddress('" + AddressText(s.GetIpv6()) + "', "
             + std::to_string(s.GetPort()) + "))";
    }
    if (Ipv4Address::IsMatchingType(a))
    {
        return "Address(Ipv4Address('" + AddressText(Ipv4Address::ConvertFrom(a)) + "'))";
    }
    if (Ipv6Address::IsMatchingType(a))
    {
        return "Address(Ipv6Address('" + AddressText(Ipv6Address::ConvertFrom(a)) + "'))";
    }
    if (Mac48Address::IsMatchingType(a))
    {
        return "Address(Mac48Address('" + Printed(Mac48Address::ConvertFrom(a)) + "'))";
    }
    return a.IsInvalid() ? "Address()" : "Address('" + Printed(a) + "')";
}

/// The data rate text's bits per second, ns-3's grammar; ValueError otherwise.
DataRate
DataRateOf(const std::string& text)
{
    // The attribute grammar check lives in attributes.cc: go through DataRateValue's checker.
    TypeId tid = TypeId::LookupByName("ns3::PointToPointNetDevice");
    TypeId::AttributeInformation info = FindAttribute(tid, "DataRate", AttributeUse::CONSTRUCT);
    try
    {
        Ptr<AttributeValue> v = AttributeValueOf(tid, info, py::str(text));
        return DynamicCast<DataRateValue>(v)->Get();
    }
    catch (const py::value_error&)
    {
        throw py::value_error("DataRate('" + text
                              + "'): expected a data rate above 0 such as '5Mbps', '100kb/s' or "
                                "'1Gbps'");
    }
}

QueueSize
QueueSizeOf(const std::string& text)
{
    static const std::regex grammar(
        R"(^([0-9]+\.?[0-9]*|\.[0-9]+)(B|kB|KB|KiB|MB|MiB|p|kp|Kp|Kip|Mp|Mip)$)");
    std::smatch m;
    if (!std::regex_match(text, m, grammar)
        || std::strtod(m[1].str().c_str(), nullptr) > 4294967295.0)
    {
        throw py::value_error("QueueSize('" + text
                              + "'): expected a queue size such as '100p' (packets) or '64KB' "
                                "(bytes)");
    }
    return QueueSize(text);
}

TypeId
TypeIdOf(const std::string& name)
{
    TypeId tid;
    if (name.find_first_of(" \t\n") != std::string::npos
        || !TypeId::LookupByNameFailSafe(name, &tid))
    {
        throw py::value_error("there is no TypeId '" + name + "'");
    }
    return tid;
}

/// One attribute value class: ns-3's name, how Python values are checked and stored.
struct ValueKind
{
    const char* name;     //!< e.g. "UintegerValue"
    const char* accepted; //!< what the constructor takes, for messages
};

/// Check a Python value for a value class and return what the box keeps.
py::object
BoxValue(const std::string& type, const py::object& v)
{
    auto refuse = [&type, &v](const std::string& expected) -> py::object {
        throw py::type_error(type + " takes " + expected + ", not " + TypeName(v));
    };
    if (type == "StringValue")
    {
        return py::isinstance<py::str>(v) ? v : refuse("a str");
    }
    if (type == "UintegerValue" || type == "IntegerValue" || type == "EnumValue")
    {
        if (!py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v))
        {
            return refuse("an int");
        }
        if (type == "UintegerValue" && v.cast<py::int_>() < py::int_(0))
        {
            throw py::value_error("UintegerValue(" + Text(v) + "): cannot be negative");
        }
        return v;
    }
    if (type == "DoubleValue")
    {
        if ((!py::isinstance<py::int_>(v) && !py::isinstance<py::float_>(v))
            || py::isinstance<py::bool_>(v))
        {
            return refuse("a float");
        }
        if (!std::isfinite(v.cast<double>()))
        {
            throw py::value_error("DoubleValue(" + Text(v) + "): not a finite number");
        }
        return py::float_(v.cast<double>());
    }
    if (type == "BooleanValue")
    {
        return py::isinstance<py::bool_>(v) ? v : refuse("a bool");
    }
    if (type == "TimeValue")
    {
        if (py::isinstance<Time>(v))
        {
            return v;
        }
        return py::cast(ToTime(v, "TimeValue"));
    }
    if (type == "DataRateValue")
    {
        if (py::isinstance<DataRate>(v))
        {
            return v;
        }
        return py::isinstance<py::str>(v) ? py::cast(DataRateOf(v.cast<std::string>()))
                                          : refuse("a DataRate or data rate text");
    }
    if (type == "QueueSizeValue")
    {
        if (py::isinstance<QueueSize>(v))
        {
            return v;
        }
        return py::isinstance<py::str>(v) ? py::cast(QueueSizeOf(v.cast<std::string>()))
                                          : refuse("a QueueSize or queue size text");
    }
    if (type == "AddressValue")
    {
        if (py::isinstance<Address>(v))
        {
            return v;
        }
        if (py::isinstance<py::str>(v) || py::isinstance<Ipv4Address>(v)
            || py::isinstance<Ipv6Address>(v) || py::isinstance<InetSocketAddress>(v)
            || py::isinstance<Inet6SocketAddress>(v))
        {
            return py::cast(AddressOf(AddressArg{v}, "AddressValue"));
        }
        return refuse("an Address, Ipv4Address, Ipv6Address, InetSocketAddress, "
                      "Inet6SocketAddress or address text");
    }
    if (type == "Ipv6AddressValue")
    {
        if (py::isinstance<Ipv6Address>(v) || py::isinstance<py::str>(v))
        {
            return py::cast(Ipv6Of(AddressArg{v}, "Ipv6AddressValue"));
        }
        return refuse("an Ipv6Address or address text");
    }
    if (type == "Ipv6PrefixValue")
    {
        if (py::isinstance<Ipv6Prefix>(v) || py::isinstance<py::str>(v))
        {
            return py::cast(PrefixOf(v, "Ipv6PrefixValue"));
        }
        return refuse("an Ipv6Prefix or prefix text");
    }
    if (type == "Ipv4AddressValue")
    {
        if (py::isinstance<Ipv4Address>(v) || py::isinstance<py::str>(v))
        {
            return py::cast(Ipv4Of(AddressArg{v}, "Ipv4AddressValue"));
        }
        return refuse("an Ipv4Address or address text");
    }
    if (type == "Ipv4MaskValue")
    {
        if (py::isinstance<Ipv4Mask>(v))
        {
            return v;
        }
        return py::isinstance<py::str>(v) ? py::cast(MaskOf(v, "Ipv4MaskValue"))
                                          : refuse("an Ipv4Mask or mask text");
    }
    if (type == "PointerValue")
    {
        return v.is_none() || py::isinstance<Object>(v) ? v : refuse("an ns-3 Object or None");
    }
    if (type == "TypeIdValue")
    {
        if (py::isinstance<TypeId>(v))
        {
            return v;
        }
        return py::isinstance<py::str>(v) ? py::cast(TypeIdOf(v.cast<std::string>()))
                                          : refuse("a TypeId or a type name");
    }
    return refuse("a value");
}

/// The value a default-constructed value class holds.
py::object
DefaultValue(const std::string& type)
{
    if (type == "StringValue")
    {
        return py::str("");
    }
    if (type == "UintegerValue" || type == "IntegerValue" || type == "EnumValue")
    {
        return py::int_(0);
    }
    if (type == "DoubleValue")
    {
        return py::float_(0.0);
    }
    if (type == "BooleanValue")
    {
        return py::bool_(false);
    }
    if (type == "TimeValue")
    {
        return py::cast(Time());
    }
    if (type == "DataRateValue")
    {
        return py::cast(DataRate());
    }
    if (type == "QueueSizeValue")
    {
        return py::cast(QueueSize());
    }
    if (type == "AddressValue")
    {
        return py::cast(Address());
    }
    if (type == "Ipv4AddressValue")
    {
        return py::cast(Ipv4Address());
    }
    if (type == "Ipv4MaskValue")
    {
        return py::cast(Ipv4Mask());
    }
    if (type == "Ipv6AddressValue")
    {
        return py::cast(Ipv6Address());
    }
    if (type == "Ipv6PrefixValue")
    {
        return py::cast(Ipv6Prefix(static_cast<uint8_t>(0)));
    }
    if (type == "TypeIdValue")
    {
        return py::cast(TypeId::LookupByName("ns3::Object"));
    }
    return py::none();
}

/// A distinct C++ type per value class, so that each is a Python class of its own.
template <int K>
struct BoxOf : AttributeValueBox
{
};

template <int K>
void
BindBox(py::module_& m, const char* name, const char* doc)
{
    std::string type = name;
    py::class_<BoxOf<K>, AttributeValueBox>(m, name, doc)
        .def(py::init([type]() {
            BoxOf<K> b;
            b.type = type;
            b.value = DefaultValue(type);
            return b;
        }))
        .def(py::init([type](const py::object& v) {
                 BoxOf<K> b;
                 b.type = type;
                 b.value = BoxValue(type, v);
                 return b;
             }),
             py::arg("value"));
}
} // namespace

IpsecAddress
IpOf(const AddressArg& a, const std::string& what)
{
    const py::object& v = a.value;
    if (py::isinstance<Ipv4Address>(v))
    {
        return v.cast<Ipv4Address>();
    }
    if (py::isinstance<Ipv6Address>(v))
    {
        return v.cast<Ipv6Address>();
    }
    if (py::isinstance<py::str>(v))
    {
        std::string text = v.cast<std::string>();
        if (text.find(':') != std::string::npos)
        {
            return ParseIpv6Address(text);
        }
        return ParseAddress(text);
    }
    if (py::isinstance<Address>(v))
    {
        Address address = v.cast<Address>();
        if (Ipv4Address::IsMatchingType(address))
        {
            return Ipv4Address::ConvertFrom(address);
        }
        if (Ipv6Address::IsMatchingType(address))
        {
            return Ipv6Address::ConvertFrom(address);
        }
        throw py::value_error(what + " must be an IP address, not " + AddressRepr(address));
    }
    if (py::isinstance<InetSocketAddress>(v) || py::isinstance<Inet6SocketAddress>(v))
    {
        throw py::value_error(what + " must be an IP address without a port, not " + Text(v));
    }
    throw py::type_error(what + " must be an Ipv4Address, an Ipv6Address or address text, not "
                         + TypeName(v));
}

Ipv4Address
Ipv4Of(const AddressArg& a, const std::string& what)
{
    const py::object& v = a.value;
    if (py::isinstance<Ipv4Address>(v))
    {
        return v.cast<Ipv4Address>();
    }
    if (py::isinstance<py::str>(v))
    {
        std::string text = v.cast<std::string>();
        if (text.find(':') != std::string::npos)
        {
            ParseIpv6Address(text); // bad text is named as such
            throw py::value_error(what + " must be an IPv4 address, not the IPv6 address '" + text
                                  + "'");
        }
        return ParseAddress(text);
    }
    if (py::isinstance<Address>(v))
    {
        Address address = v.cast<Address>();
        if (Ipv4Address::IsMatchingType(address))
        {
            return Ipv4Address::ConvertFrom(address);
        }
        throw py::value_error(what + " must be an IPv4 address, not " + AddressRepr(address));
    }
    if (py::isinstance<Ipv6Address>(v))
    {
        throw py::value_error(what + " must be an IPv4 address, not the IPv6 address " + Text(v));
    }
    if (py::isinstance<InetSocketAddress>(v) || py::isinstance<Inet6SocketAddress>(v))
    {
        throw py::value_error(what + " must be an IPv4 address without a port, not " + Text(v));
    }
    throw py::type_error(what + " must be an Ipv4Address or address text, not " + TypeName(v));
}

Ipv6Address
Ipv6Of(const AddressArg& a, const std::string& what)
{
    IpsecAddress address = IpOf(a, what);
    if (!address.IsIpv6())
    {
        throw py::value_error(what + " must be an IPv6 address, not the IPv4 address "
                              + AddressText(address));
    }
    return address.GetIpv6();
}

void
CheckOneFamily(const IpsecAddress& a,
               const std::string& aName,
               const IpsecAddress& b,
               const std::string& bName)
{
    if (a.GetFamily() != b.GetFamily())
    {
        throw py::value_error(aName + " " + AddressText(a) + " and " + bName + " " + AddressText(b)
                              + " are not of one family (both IPv4 or both IPv6)");
    }
}

Address
AddressOf(const AddressArg& a, const std::string& what)
{
    const py::object& v = a.value;
    if (py::isinstance<Address>(v))
    {
        return v.cast<Address>();
    }
    if (py::isinstance<InetSocketAddress>(v))
    {
        return v.cast<InetSocketAddress>();
    }
    if (py::isinstance<Inet6SocketAddress>(v))
    {
        return v.cast<Inet6SocketAddress>();
    }
    if (py::isinstance<Ipv4Address>(v))
    {
        return v.cast<Ipv4Address>();
    }
    if (py::isinstance<Ipv6Address>(v))
    {
        return v.cast<Ipv6Address>();
    }
    if (py::isinstance<py::str>(v))
    {
        return AddressFromText(v.cast<std::string>(), what);
    }
    throw py::type_error(what + " must be an address, not " + TypeName(v));
}

Ipv4Mask
MaskOf(const py::handle& value, const std::string& what)
{
    uint32_t bits;
    std::string text;
    if (py::isinstance<Ipv4Mask>(value))
    {
        bits = value.cast<Ipv4Mask>().Get();
        text = Printed(value.cast<Ipv4Mask>());
    }
    else if (py::isinstance<py::str>(value))
    {
        text = value.cast<std::string>();
        std::smatch m;
        if (std::regex_match(text, m, std::regex("^/([0-9]{1,2})$")))
        {
            int length = std::stoi(m[1].str());
            if (length > 32)
            {
                throw py::value_error(what + ": '" + text + "' is not a prefix length (0-32)");
            }
            return Ipv4Mask(length == 0 ? 0u : 0xffffffffu << (32 - length));
        }
        try
        {
            bits = ParseAddress(text).Get();
        }
        catch (const py::value_error&)
        {
            throw py::value_error(what + ": not a network mask: '" + text + "'");
        }
    }
    else
    {
        throw py::type_error(what + " must be an Ipv4Mask or mask text, not " + TypeName(value));
    }
    uint32_t inverted = ~bits;
    if ((inverted & (inverted + 1)) != 0)
    {
        throw py::value_error("not a network mask (ones, then zeros): '" + text + "'");
    }
    return Ipv4Mask(bits);
}

Ipv6Prefix
PrefixOf(const py::handle& value, const std::string& what)
{
    if (py::isinstance<Ipv6Prefix>(value))
    {
        return value.cast<Ipv6Prefix>();
    }
    if (!py::isinstance<py::str>(value))
    {
        throw py::type_error(what + " must be an Ipv6Prefix or prefix text ('/64'), not "
                             + TypeName(value));
    }
    std::string text = value.cast<std::string>();
    std::smatch m;
    if (std::regex_match(text, m, std::regex("^/([0-9]{1,3})$")))
    {
        int length = std::stoi(m[1].str());
        if (length > 128)
        {
            throw py::value_error(what + ": '" + text + "' is not an IPv6 prefix length (0-128)");
        }
        return Ipv6Prefix(static_cast<uint8_t>(length));
    }
    Ipv6Address bits;
    try
    {
        bits = ParseIpv6Address(text);
    }
    catch (const py::value_error&)
    {
        throw py::value_error(what + ": not an IPv6 prefix: '" + text
                              + "' (a length such as '/64', or a mask such as 'ffff:ffff::')");
    }
    uint8_t bytes[16];
    bits.GetBytes(bytes);
    // Ones, then zeros: the length is the count of leading ones, every later bit is zero.
    int length = 0;
    while (length < 128 && (bytes[length / 8] & (0x80 >> (length % 8))))
    {
        ++length;
    }
    if (!(Ipv6Prefix(static_cast<uint8_t>(length)) == Ipv6Prefix(bytes)))
    {
        throw py::value_error(what + ": not a prefix (ones, then zeros): '" + text + "'");
    }
    return Ipv6Prefix(static_cast<uint8_t>(length));
}

IpsecMask
IpsecMaskOf(const py::handle& value, IpsecAddress::Family family, const std::string& what)
{
    bool ipv6 = family == IpsecAddress::Family::IPV6;
    std::string addressFamily = ipv6 ? "IPv6" : "IPv4";
    auto otherFamily = [&]() -> IpsecMask {
        throw py::value_error(what + ": " + py::repr(value).cast<std::string>() + " is a mask of "
                              + (ipv6 ? "IPv4" : "IPv6") + ", the address is " + addressFamily);
    };
    if (py::isinstance<Ipv4Mask>(value))
    {
        return ipv6 ? otherFamily() : IpsecMask(value.cast<Ipv4Mask>());
    }
    if (py::isinstance<Ipv6Prefix>(value))
    {
        return ipv6 ? IpsecMask(value.cast<Ipv6Prefix>()) : otherFamily();
    }
    if (!py::isinstance<py::str>(value))
    {
        throw py::type_error(what
                             + " must be an Ipv4Mask, an Ipv6Prefix or mask text ('/24', "
                               "'255.255.255.0', '/64'), not "
                             + TypeName(value));
    }
    std::string text = value.cast<std::string>();
    bool prefixLength = !text.empty() && text[0] == '/';
    bool ipv6Text = text.find(':') != std::string::npos;
    if (!prefixLength && ipv6Text != ipv6)
    {
        return otherFamily();
    }
    return ipv6 ? IpsecMask(PrefixOf(value, what)) : IpsecMask(MaskOf(value, what));
}

NodeContainer
NodesOf(const NodesArg& nodes)
{
    const py::object& v = nodes.value;
    if (py::isinstance<NodeContainer>(v))
    {
        return LiveNodes(v.cast<NodeContainer>());
    }
    if (py::isinstance<Node>(v))
    {
        return NodeContainer(LiveNode(v.cast<Ptr<Node>>()));
    }
    std::string name = v.cast<std::string>();
    if (name.empty() || name.find_first_of(" \t\n") != std::string::npos)
    {
        throw py::value_error("'" + name + "' is not a node name");
    }
    Ptr<Node> node = Names::Find<Node>(name);
    if (!node)
    {
        throw py::value_error("no node is named '" + name + "' (Names.Add names one)");
    }
    return NodeContainer(LiveNode(node));
}

void
BindValues(py::module_& m)
{
    py::class_<Ipv4Address>(m, "Ipv4Address", "An IPv4 address; equal to its dotted text.")
        .def(py::init<>())
        .def(py::init([](const std::string& text) { return ParseAddress(text); }),
             py::arg("address"))
        .def(py::init([](uint32_t bits) { return Ipv4Address(bits); }), py::arg("address"))
        .def("Get", &Ipv4Address::Get)
        .def("Set", [](Ipv4Address& a, uint32_t bits) { a.Set(bits); })
        .def("IsEqual", [](const Ipv4Address& a, const Ipv4Address& b) { return a == b; })
        .def("IsAny", &Ipv4Address::IsAny)
        .def("IsLocalhost", &Ipv4Address::IsLocalhost)
        .def("IsBroadcast", &Ipv4Address::IsBroadcast)
        .def("IsMulticast", &Ipv4Address::IsMulticast)
        .def("IsLocalMulticast", &Ipv4Address::IsLocalMulticast)
        .def("CombineMask",
             [](const Ipv4Address& a, const py::object& mask) {
                 return a.CombineMask(MaskOf(mask));
             })
        .def("GetSubnetDirectedBroadcast",
             [](const Ipv4Address& a, const py::object& mask) {
                 return a.GetSubnetDirectedBroadcast(MaskOf(mask));
             })
        .def("IsSubnetDirectedBroadcast",
             [](const Ipv4Address& a, const py::object& mask) {
                 return a.IsSubnetDirectedBroadcast(MaskOf(mask));
             })
        .def("ConvertTo", [](const Ipv4Address& a) { return Address(a); })
        .def_static("ConvertFrom",
                    [](const Address& a) {
                        if (!Ipv4Address::IsMatchingType(a))
                        {
                            throw py::value_error("Ipv4Address.ConvertFrom: " + AddressRepr(a)
                                                  + " does not hold an Ipv4Address");
                        }
                        return Ipv4Address::ConvertFrom(a);
                    })
        .def_static("IsMatchingType", &Ipv4Address::IsMatchingType)
        .def_static("GetAny", &Ipv4Address::GetAny)
        .def_static("GetZero", &Ipv4Address::GetZero)
        .def_static("GetBroadcast", &Ipv4Address::GetBroadcast)
        .def_static("GetLoopback", &Ipv4Address::GetLoopback)
        .def("__str__", [](const Ipv4Address& a) { return AddressText(a); })
        .def("__format__",
             [](const Ipv4Address& a, const std::string& spec) {
                 return py::str(AddressText(a)).attr("__format__")(spec);
             })
        .def("__repr__",
             [](const Ipv4Address& a) { return "Ipv4Address('" + AddressText(a) + "')"; })
        .def("__hash__", [](const Ipv4Address& a) { return py::hash(py::str(AddressText(a))); })
        .def("__lt__", [](const Ipv4Address& a, const Ipv4Address& b) { return a < b; })
        .def("__eq__",
             [](const Ipv4Address& a, const py::object& other) -> py::object {
                 if (py::isinstance<Ipv4Address>(other))
                 {
                     return py::bool_(a == other.cast<Ipv4Address>());
                 }
                 if (py::isinstance<py::str>(other))
                 {
                     return py::bool_(AddressText(a) == other.cast<std::string>());
                 }
                 return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             })
        .def("__ne__", [](const Ipv4Address& a, const py::object& other) -> py::object {
            py::object eq = py::cast(a).attr("__eq__")(other);
            if (eq.is(py::reinterpret_borrow<py::object>(Py_NotImplemented)))
            {
                return eq;
            }
            return py::bool_(!eq.cast<bool>());
        });

    py::class_<Ipv4Mask>(m, "Ipv4Mask", "An IPv4 network mask: '255.255.255.0' or '/24'.")
        .def(py::init<>())
        .def(py::init([](const py::str& text) { return MaskOf(text); }), py::arg("mask"))
        .def(py::init([](uint32_t bits) { return Ipv4Mask(bits); }), py::arg("mask"))
        .def("Get", &Ipv4Mask::Get)
        .def("GetInverse", &Ipv4Mask::GetInverse)
        .def("GetPrefixLength", &Ipv4Mask::GetPrefixLength)
        .def("IsMatch",
             [](const Ipv4Mask& mask, const AddressArg& a, const AddressArg& b) {
                 return mask.IsMatch(Ipv4Of(a), Ipv4Of(b));
             })
        .def_static("GetLoopback", &Ipv4Mask::GetLoopback)
        .def_static("GetZero", &Ipv4Mask::GetZero)
        .def_static("GetOnes", &Ipv4Mask::GetOnes)
        .def("__str__", [](const Ipv4Mask& mask) { return Printed(mask); })
        .def("__repr__", [](const Ipv4Mask& mask) { return "Ipv4Mask('" + Printed(mask) + "')"; })
        .def("__hash__", [](const Ipv4Mask& mask) { return mask.Get(); })
        .def("__eq__", [](const Ipv4Mask& a, const py::object& other) -> py::object {
            if (py::isinstance<Ipv4Mask>(other))
            {
                return py::bool_(a == other.cast<Ipv4Mask>());
            }
            if (py::isinstance<py::str>(other))
            {
                return py::bool_(Printed(a) == other.cast<std::string>());
            }
            return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        });

    py::class_<Ipv6Address>(m,
                            "Ipv6Address",
                            "An IPv6 address; equal to its text (any spelling of the address).")
        .def(py::init<>())
        .def(py::init([](const std::string& text) { return ParseIpv6Address(text); }),
             py::arg("address"))
        .def("IsEqual", [](const Ipv6Address& a, const Ipv6Address& b) { return a == b; })
        .def("IsAny", &Ipv6Address::IsAny)
        .def("IsLocalhost", &Ipv6Address::IsLocalhost)
        .def("IsMulticast", &Ipv6Address::IsMulticast)
        .def("IsLinkLocal", &Ipv6Address::IsLinkLocal)
        .def("IsLinkLocalMulticast", &Ipv6Address::IsLinkLocalMulticast)
        .def("IsAllNodesMulticast", &Ipv6Address::IsAllNodesMulticast)
        .def("IsAllRoutersMulticast", &Ipv6Address::IsAllRoutersMulticast)
        .def("IsSolicitedMulticast", &Ipv6Address::IsSolicitedMulticast)
        .def("IsDocumentation", &Ipv6Address::IsDocumentation)
        .def("IsIpv4MappedAddress", &Ipv6Address::IsIpv4MappedAddress)
        .def("GetIpv4MappedAddress",
             [](const Ipv6Address& a) {
                 if (!a.IsIpv4MappedAddress())
                 {
                     throw py::value_error("Ipv6Address.GetIpv4MappedAddress: " + AddressText(a)
                                           + " is not an IPv4-mapped address (::ffff:a.b.c.d)");
                 }
                 return a.GetIpv4MappedAddress();
             })
        .def(
            "CombinePrefix",
            [](const Ipv6Address& a, const py::object& prefix) {
                return a.CombinePrefix(PrefixOf(prefix));
            },
            py::arg("prefix"))
        .def(
            "HasPrefix",
            [](const Ipv6Address& a, const py::object& prefix) {
                return a.HasPrefix(PrefixOf(prefix));
            },
            py::arg("prefix"))
        .def("GetBytes",
             [](const Ipv6Address& a) {
                 uint8_t bytes[16];
                 a.GetBytes(bytes);
                 return py::bytes(reinterpret_cast<const char*>(bytes), 16);
             })
        .def("ConvertTo", [](const Ipv6Address& a) { return Address(a); })
        .def_static("ConvertFrom",
                    [](const Address& a) {
                        if (!Ipv6Address::IsMatchingType(a))
                        {
                            throw py::value_error("Ipv6Address.ConvertFrom: " + AddressRepr(a)
                                                  + " does not hold an Ipv6Address");
                        }
                        return Ipv6Address::ConvertFrom(a);
                    })
        .def_static("IsMatchingType", &Ipv6Address::IsMatchingType)
        .def_static(
            "MakeIpv4MappedAddress",
            [](const AddressArg& a) {
                return Ipv6Address::MakeIpv4MappedAddress(
                    Ipv4Of(a, "Ipv6Address.MakeIpv4MappedAddress"));
            },
            py::arg("address"))
        .def_static("GetAny", &Ipv6Address::GetAny)
        .def_static("GetZero", &Ipv6Address::GetZero)
        .def_static("GetLoopback", &Ipv6Address::GetLoopback)
        .def_static("GetOnes", &Ipv6Address::GetOnes)
        .def_static("GetAllNodesMulticast", &Ipv6Address::GetAllNodesMulticast)
        .def_static("GetAllRoutersMulticast", &Ipv6Address::GetAllRoutersMulticast)
        .def_static("GetAllHostsMulticast", &Ipv6Address::GetAllHostsMulticast)
        .def("__str__", [](const Ipv6Address& a) { return AddressText(a); })
        .def("__format__",
             [](const Ipv6Address& a, const std::string& spec) {
                 return py::str(AddressText(a)).attr("__format__")(spec);
             })
        .def("__repr__",
             [](const Ipv6Address& a) { return "Ipv6Address('" + AddressText(a) + "')"; })
        .def("__hash__", [](const Ipv6Address& a) { return py::hash(py::str(AddressText(a))); })
        .def("__lt__", [](const Ipv6Address& a, const Ipv6Address& b) { return a < b; })
        .def("__eq__",
             [](const Ipv6Address& a, const py::object& other) -> py::object {
                 if (py::isinstance<Ipv6Address>(other))
                 {
                     return py::bool_(a == other.cast<Ipv6Address>());
                 }
                 if (py::isinstance<py::str>(other))
                 {
                     // Any spelling of the address: "2001:DB8:0::1" == Ipv6Address("2001:db8::1").
                     try
                     {
                         return py::bool_(a == ParseIpv6Address(other.cast<std::string>()));
                     }
                     catch (const py::value_error&)
                     {
                         return py::bool_(false);
                     }
                 }
                 return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             })
        .def("__ne__", [](const Ipv6Address& a, const py::object& other) -> py::object {
            py::object eq = py::cast(a).attr("__eq__")(other);
            if (eq.is(py::reinterpret_borrow<py::object>(Py_NotImplemented)))
            {
                return eq;
            }
            return py::bool_(!eq.cast<bool>());
        });

    py::class_<Ipv6Prefix>(m,
                           "Ipv6Prefix",
                           "An IPv6 prefix: Ipv6Prefix(64), Ipv6Prefix('/64') or a mask such as "
                           "Ipv6Prefix('ffff:ffff:ffff:ffff::'); equal to its '/64' text.")
        .def(py::init([]() { return Ipv6Prefix(static_cast<uint8_t>(0)); }), "The zero prefix.")
        .def(py::init([](const py::str& text) { return PrefixOf(text, "Ipv6Prefix"); }),
             py::arg("prefix"))
        .def(py::init([](int length) {
                 if (length < 0 || length > 128)
                 {
                     throw py::value_error("Ipv6Prefix: " + std::to_string(length)
                                           + " is not a prefix length (0-128)");
                 }
                 return Ipv6Prefix(static_cast<uint8_t>(length));
             }),
             py::arg("prefix"))
        .def("GetPrefixLength", &Ipv6Prefix::GetPrefixLength)
        .def(
            "IsMatch",
            [](const Ipv6Prefix& prefix, const AddressArg& a, const AddressArg& b) {
                return prefix.IsMatch(Ipv6Of(a), Ipv6Of(b));
            },
            py::arg("a"),
            py::arg("b"))
        .def("ConvertToIpv6Address", &Ipv6Prefix::ConvertToIpv6Address)
        .def_static("GetLoopback", &Ipv6Prefix::GetLoopback)
        .def_static("GetZero", &Ipv6Prefix::GetZero)
        .def_static("GetOnes", &Ipv6Prefix::GetOnes)
        .def("__str__", [](const Ipv6Prefix& p) { return Printed(p); })
        .def("__repr__",
             [](const Ipv6Prefix& p) {
                 return "Ipv6Prefix(" + std::to_string(p.GetPrefixLength()) + ")";
             })
        .def("__hash__", [](const Ipv6Prefix& p) { return p.GetPrefixLength(); })
        .def("__eq__", [](const Ipv6Prefix& a, const py::object& other) -> py::object {
            if (py::isinstance<Ipv6Prefix>(other))
            {
                return py::bool_(a == other.cast<Ipv6Prefix>());
            }
            if (py::isinstance<py::str>(other))
            {
                return py::bool_(Printed(a) == other.cast<std::string>());
            }
            return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        });

    py::class_<Address>(m,
                        "Address",
                        "A polymorphic address (what C++ functions taking Address get); "
                        "Ipv4Address, Ipv6Address, the socket addresses and text convert to it "
                        "where needed.")
        .def(py::init<>())
        .def(py::init([](const AddressArg& a) { return AddressOf(a); }), py::arg("address"))
        .def("IsInvalid", &Address::IsInvalid)
        .def("GetLength", &Address::GetLength)
        .def("__str__", [](const Address& a) { return Printed(a); })
        .def("__repr__", &AddressRepr)
        .def("__eq__", [](const Address& a, const py::object& other) -> py::object {
            if (py::isinstance<Address>(other) || py::isinstance<Ipv4Address>(other)
                || py::isinstance<Ipv6Address>(other) || py::isinstance<InetSocketAddress>(other)
                || py::isinstance<Inet6SocketAddress>(other))
            {
                return py::bool_(a == AddressOf(AddressArg{other}));
            }
            return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        });
    py::implicitly_convertible<Ipv4Address, Address>();
    py::implicitly_convertible<Ipv6Address, Address>();

    py::class_<InetSocketAddress>(m, "InetSocketAddress", "An IPv4 address and a port.")
        .def(py::init([](const AddressArg& a, uint16_t port) {
                 return InetSocketAddress(Ipv4Of(a, "InetSocketAddress"), port);
             }),
             py::arg("ipv4"),
             py::arg("port") = 0)
        .def(py::init([](uint16_t port) { return InetSocketAddress(port); }), py::arg("port"))
        .def("GetIpv4", &InetSocketAddress::GetIpv4)
        .def("GetPort", &InetSocketAddress::GetPort)
        .def("SetIpv4",
             [](InetSocketAddress& s, const AddressArg& a) {
                 s.SetIpv4(Ipv4Of(a, "InetSocketAddress.SetIpv4"));
             })
        .def("SetPort", &InetSocketAddress::SetPort)
        .def("GetTos", &InetSocketAddress::GetTos)
        .def("SetTos", &InetSocketAddress::SetTos)
        .def("ConvertTo", [](const InetSocketAddress& s) { return Address(s); })
        .def_static("ConvertFrom",
                    [](const Address& a) {
                        if (!InetSocketAddress::IsMatchingType(a))
                        {
                            throw py::value_error("InetSocketAddress.ConvertFrom: " + AddressRepr(a)
                                                  + " does not hold an InetSocketAddress");
                        }
                        return InetSocketAddress::ConvertFrom(a);
                    })
        .def_static("IsMatchingType", &InetSocketAddress::IsMatchingType)
        .def("__str__",
             [](const InetSocketAddress& s) {
                 return AddressText(s.GetIpv4()) + ":" + std::to_string(s.GetPort());
             })
        .def("__repr__",
             [](const InetSocketAddress& s) {
                 return "InetSocketAddress('" + AddressText(s.GetIpv4()) + "', "
                      + std::to_string(s.GetPort()) + ")";
             })
        .def("__eq__", [](const InetSocketAddress& a, const py::object& other) -> py::object {
            if (py::isinstance<InetSocketAddress>(other))
            {
                InetSocketAddress b = other.cast<InetSocketAddress>();
                return py::bool_(a.GetIpv4() == b.GetIpv4() && a.GetPort() == b.GetPort());
            }
            return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        });
    py::implicitly_convertible<InetSocketAddress, Address>();

    py::class_<Inet6SocketAddress>(m, "Inet6SocketAddress", "An IPv6 address and a port.")
        .def(py::init([](const AddressArg& a, uint16_t port) {
                 return Inet6SocketAddress(Ipv6Of(a, "Inet6SocketAddress"), port);
             }),
             py::arg("ipv6"),
             py::arg("port") = 0)
        .def(py::init([](uint16_t port) { return Inet6SocketAddress(port); }), py::arg("port"))
        .def("GetIpv6", &Inet6SocketAddress::GetIpv6)
        .def("GetPort", &Inet6SocketAddress::GetPort)
        .def("SetIpv6",
             [](Inet6SocketAddress& s, const AddressArg& a) {
                 s.SetIpv6(Ipv6Of(a, "Inet6SocketAddress.SetIpv6"));
             })
        .def("SetPort", &Inet6SocketAddress::SetPort)
        .def("ConvertTo", [](const Inet6SocketAddress& s) { return Address(s); })
        .def_static("ConvertFrom",
                    [](const Address& a) {
                        if (!Inet6SocketAddress::IsMatchingType(a))
                        {
                            throw py::value_error("Inet6SocketAddress.ConvertFrom: "
                                                  + AddressRepr(a)
                                                  + " does not hold an Inet6SocketAddress");
                        }
                        return Inet6SocketAddress::ConvertFrom(a);
                    })
        .def_static("IsMatchingType", &Inet6SocketAddress::IsMatchingType)
        .def("__str__",
             [](const Inet6SocketAddress& s) {
                 return "[" + AddressText(s.GetIpv6()) + "]:" + std::to_string(s.GetPort());
             })
        .def("__repr__",
             [](const Inet6SocketAddress& s) {
                 return "Inet6SocketAddress('" + AddressText(s.GetIpv6()) + "', "
                      + std::to_string(s.GetPort()) + ")";
             })
        .def("__eq__", [](const Inet6SocketAddress& a, const py::object& other) -> py::object {
            if (py::isinstance<Inet6SocketAddress>(other))
            {
                Inet6SocketAddress b = other.cast<Inet6SocketAddress>();
                return py::bool_(a.GetIpv6() == b.GetIpv6() && a.GetPort() == b.GetPort());
            }
            return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        });
    py::implicitly_convertible<Inet6SocketAddress, Address>();

    py::class_<Mac48Address>(m, "Mac48Address", "An Ethernet (EUI-48) address.")
        .def(py::init([](const std::string& text) {
                 if (!std::regex_match(text, std::regex("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")))
                 {
                     throw py::value_error("not a MAC address: '" + text + "'");
                 }
                 return Mac48Address(text.c_str());
             }),
             py::arg("address"))
        .def_static("ConvertFrom",
                    [](const Address& a) {
                        if (!Mac48Address::IsMatchingType(a))
                        {
                            throw py::value_error("Mac48Address.ConvertFrom: " + AddressRepr(a)
                                                  + " does not hold a Mac48Address");
                        }
                        return Mac48Address::ConvertFrom(a);
                    })
        .def_static("IsMatchingType", &Mac48Address::IsMatchingType)
        .def("ConvertTo", [](const Mac48Address& a) { return Address(a); })
        .def("__str__", [](const Mac48Address& a) { return Printed(a); })
        .def("__repr__", [](const Mac48Address& a) { return "Mac48Address('" + Printed(a) + "')"; })
        .def("__eq__", [](const Mac48Address& a, const Mac48Address& b) { return a == b; });
    py::implicitly_convertible<Mac48Address, Address>();

    // ns-3.37's Python helpers for the conversions C++ does implicitly.
    m.def(
        "addressFromIpv4Address",
        [](const AddressArg& a) { return Address(Ipv4Of(a, "addressFromIpv4Address")); },
        py::arg("ip"));
    m.def(
        "addressFromInetSocketAddress",
        [](const InetSocketAddress& s) { return Address(s); },
        py::arg("address"));
    m.def(
        "addressFromIpv6Address",
        [](const AddressArg& a) { return Address(Ipv6Of(a, "addressFromIpv6Address")); },
        py::arg("ip"));
    m.def(
        "addressFromInet6SocketAddress",
        [](const Inet6SocketAddress& s) { return Address(s); },
        py::arg("address"));

    py::class_<DataRate>(m, "DataRate", "A data rate: DataRate('5Mbps') or bits per second.")
        .def(py::init<>())
        .def(py::init([](const std::string& text) { return DataRateOf(text); }), py::arg("rate"))
        .def(py::init([](uint64_t bps) { return DataRate(bps); }), py::arg("bps"))
        .def("GetBitRate", &DataRate::GetBitRate)
        .def("CalculateBytesTxTime", &DataRate::CalculateBytesTxTime)
        .def("__str__", [](const DataRate& r) { return Printed(r); })
        .def("__repr__", [](const DataRate& r) { return "DataRate('" + Printed(r) + "')"; })
        .def("__eq__", [](const DataRate& a, const DataRate& b) { return a == b; })
        .def("__lt__", [](const DataRate& a, const DataRate& b) { return a < b; });

    py::class_<QueueSize>(m, "QueueSize", "A queue size: QueueSize('100p') or QueueSize('64KB').")
        .def(py::init<>())
        .def(py::init([](const std::string& text) { return QueueSizeOf(text); }), py::arg("size"))
        .def("GetValue", &QueueSize::GetValue)
        .def("GetUnit",
             [](const QueueSize& q) {
                 return q.GetUnit() == QueueSizeUnit::PACKETS ? "PACKETS" : "BYTES";
             })
        .def("__str__", [](const QueueSize& q) { return Printed(q); })
        .def("__repr__", [](const QueueSize& q) { return "QueueSize('" + Printed(q) + "')"; })
        .def("__eq__", [](const QueueSize& a, const QueueSize& b) { return a == b; });

    py::class_<TypeId::AttributeInformation>(m, "AttributeInformation")
        .def_readonly("name", &TypeId::AttributeInformation::name)
        .def_readonly("help", &TypeId::AttributeInformation::help)
        .def_readonly("flags", &TypeId::AttributeInformation::flags)
        .def_property_readonly("valueType",
                               [](const TypeId::AttributeInformation& info) {
                                   return info.checker->GetValueTypeName();
                               })
        .def_property_readonly("initialValue",
                               [](const TypeId::AttributeInformation& info) {
                                   return info.initialValue->SerializeToString(info.checker);
                               })
        .def("__repr__", [](const TypeId::AttributeInformation& info) {
            return "<attribute " + info.name + " = "
                 + info.initialValue->SerializeToString(info.checker) + ">";
        });
    py::class_<TypeId::TraceSourceInformation>(m, "TraceSourceInformation")
        .def_readonly("name", &TypeId::TraceSourceInformation::name)
        .def_readonly("help", &TypeId::TraceSourceInformation::help)
        .def_readonly("callback", &TypeId::TraceSourceInformation::callback)
        .def("__repr__", [](const TypeId::TraceSourceInformation& info) {
            return "<trace source " + info.name + " (" + info.callback + ")>";
        });

    auto index = [](std::size_t i, std::size_t n, const std::string& what) {
        if (i >= n)
        {
            throw py::index_error(what + " index " + std::to_string(i) + " out of range ("
                                  + std::to_string(n) + ")");
        }
    };
    py::class_<TypeId>(m, "TypeId", "An ns-3 type: its name, attributes and trace sources.")
        .def(py::init([](const std::string& name) { return TypeIdOf(name); }), py::arg("name"))
        .def_static("LookupByName", &TypeIdOf, py::arg("name"))
        .def_static(
            "LookupByNameFailSafe",
            [](const std::string& name) {
                TypeId tid;
                bool ok = TypeId::LookupByNameFailSafe(name, &tid);
                return py::make_tuple(ok, ok ? py::cast(tid) : py::none());
            },
            py::arg("name"),
            "(found, TypeId or None)")
        .def_static("GetRegisteredN", &TypeId::GetRegisteredN)
        .def_static(
            "GetRegistered",
            [index](uint16_t i) {
                index(i, TypeId::GetRegisteredN(), "TypeId");
                return TypeId::GetRegistered(i);
            },
            py::arg("i"))
        .def("GetName", &TypeId::GetName)
        .def("GetGroupName", &TypeId::GetGroupName)
        .def("GetParent", &TypeId::GetParent)
        .def("HasParent", &TypeId::HasParent)
        .def("IsChildOf", &TypeId::IsChildOf)
        .def("HasConstructor", &TypeId::HasConstructor)
        .def("GetAttributeN", &TypeId::GetAttributeN)
        .def(
            "GetAttribute",
            [index](const TypeId& tid, std::size_t i) {
                index(i, tid.GetAttributeN(), "attribute");
                return tid.GetAttribute(i);
            },
            py::arg("i"))
        .def("GetTraceSourceN", &TypeId::GetTraceSourceN)
        .def(
            "GetTraceSource",
            [index](const TypeId& tid, std::size_t i) {
                index(i, tid.GetTraceSourceN(), "trace source");
                return tid.GetTraceSource(i);
            },
            py::arg("i"))
        .def("__eq__", [](const TypeId& a, const TypeId& b) { return a == b; })
        .def("__hash__", [](const TypeId& t) { return t.GetUid(); })
        .def("__str__", &TypeId::GetName)
        .def("__repr__", [](const TypeId& t) { return "TypeId('" + t.GetName() + "')"; });
    // AttributeInformation.flags
    m.attr("TypeId").attr("ATTR_GET") = int(TypeId::ATTR_GET);
    m.attr("TypeId").attr("ATTR_SET") = int(TypeId::ATTR_SET);
    m.attr("TypeId").attr("ATTR_CONSTRUCT") = int(TypeId::ATTR_CONSTRUCT);

    py::class_<AttributeValueBox>(m,
                                  "AttributeValue",
                                  "Base of the attribute value classes (StringValue, ...).")
        .def("Get", [](const AttributeValueBox& b) { return b.value; })
        .def("Set",
             [](AttributeValueBox& b, const py::object& v) { b.value = BoxValue(b.type, v); })
        .def("__repr__", [](const AttributeValueBox& b) {
            return b.type + "(" + py::repr(b.value).cast<std::string>() + ")";
        });
    BindBox<0>(m, "StringValue", "Any attribute, as ns-3 text ('5Mbps', '2ms', ...).");
    BindBox<1>(m, "UintegerValue", "An unsigned integer attribute.");
    BindBox<2>(m, "IntegerValue", "A signed integer attribute.");
    BindBox<3>(m, "DoubleValue", "A floating-point attribute.");
    BindBox<4>(m, "BooleanValue", "A boolean attribute.");
    BindBox<5>(m, "TimeValue", "A time attribute: TimeValue(Seconds(1)).");
    BindBox<6>(m, "DataRateValue", "A data rate attribute: DataRateValue(DataRate('5Mbps')).");
    BindBox<7>(m, "AddressValue", "An address attribute (Address, InetSocketAddress, ...).");
    BindBox<8>(m, "Ipv4AddressValue", "An Ipv4Address attribute.");
    BindBox<9>(m, "Ipv4MaskValue", "An Ipv4Mask attribute.");
    BindBox<10>(m, "EnumValue", "An enum attribute, by value (StringValue takes the name).");
    BindBox<11>(m, "PointerValue", "An object attribute: PointerValue(obj).");
    BindBox<12>(m, "QueueSizeValue", "A queue size attribute: QueueSizeValue(QueueSize('100p')).");
    BindBox<13>(m, "TypeIdValue", "A TypeId attribute.");
    BindBox<14>(m, "Ipv6AddressValue", "An Ipv6Address attribute.");
    BindBox<15>(m, "Ipv6PrefixValue", "An Ipv6Prefix attribute.");
}

} // namespace ns3ipsec
