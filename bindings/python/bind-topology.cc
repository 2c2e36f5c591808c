/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bindings.h"

#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/ipv6-address-generator.h"
#include "ns3/mac16-address.h"
#include "ns3/mac64-address.h"
#include "ns3/mac8-address.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <optional>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace ns3;

namespace ns3ipsec
{

namespace
{
/// Python's index (negative counts from the end) into a container of n, or IndexError.
uint32_t
Index(int64_t i, uint32_t n, const std::string& what)
{
    int64_t j = i < 0 ? i + n : i;
    if (j < 0 || j >= n)
    {
        throw py::index_error(what + " index " + std::to_string(i) + " out of range (it holds "
                              + std::to_string(n) + ")");
    }
    return static_cast<uint32_t>(j);
}

/**
 * Link helper keyword arguments: each goes to the device or the channel, whichever type has
 * the attribute; all are checked before any is set.
 */
template <class Helper>
void
LinkAttributes(Helper& helper,
               const std::string& who,
               TypeId device,
               TypeId channel,
               const py::kwargs& attributes)
{
    std::vector<std::tuple<bool, std::string, Ptr<AttributeValue>>> checked;
    for (const auto& item : attributes)
    {
        std::string name = item.first.cast<std::string>();
        bool onDevice = HasAttribute(device, name);
        if (!onDevice && !HasAttribute(channel, name))
        {
            std::vector<std::string> names = AttributeNames(device, AttributeUse::CONSTRUCT);
            std::vector<std::string> more = AttributeNames(channel, AttributeUse::CONSTRUCT);
            names.insert(names.end(), more.begin(), more.end());
            throw py::value_error(who + ": neither " + device.GetName() + " nor "
                                  + channel.GetName() + " has attribute '" + name + "'"
                                  + Suggestion(name, names) + " (device: "
                                  + Join(AttributeNames(device, AttributeUse::CONSTRUCT))
                                  + "; channel: " + Join(more) + ")");
        }
        checked.emplace_back(onDevice,
                             name,
                             CheckAttribute(onDevice ? device : channel,
                                            name,
                                            item.second,
                                            AttributeUse::CONSTRUCT));
    }
    for (const auto& [onDevice, name, value] : checked)
    {
        if (onDevice)
        {
            helper.SetDeviceAttribute(name, *value);
        }
        else
        {
            helper.SetChannelAttribute(name, *value);
        }
    }
}

/// PCAP files are opened at once, and ns-3 aborts when it cannot: check the folder first.
void
CheckPcapPrefix(const std::string& prefix)
{
    std::string::size_type slash = prefix.rfind('/');
    std::string folder = slash == std::string::npos ? "." : prefix.substr(0, slash + 1);
    if (access(folder.c_str(), W_OK | X_OK) != 0)
    {
        PyErr_SetFromErrnoWithFilename(PyExc_OSError, folder.c_str());
        throw py::error_already_set();
    }
}

/**
 * Ipv4AddressHelper with the checks ns-3 leaves to assertions (compiled out in Debian's build)
 * or to a fatal error: a mask that is not a prefix, a network with host bits, running out of
 * addresses, and an address another helper already handed out.
 */
struct AddressHelper
{
    Ipv4AddressHelper helper;
    std::string network;        //!< the current network, for messages ("" before SetBase)
    uint32_t prefix = 0;        //!< prefix length
    uint32_t next = 1;          //!< host part of the next address
    uint32_t base = 1;          //!< host part of a new network's first address
    uint32_t networkNumber = 0; //!< the network part, shifted down
};

void
SetBase(AddressHelper& h, const AddressArg& network, const py::object& mask, const AddressArg& base)
{
    Ipv4Address net = Ipv4Of(network, "Ipv4AddressHelper network");
    std::string maskText = py::str(mask).cast<std::string>();
    uint32_t bits;
    try
    {
        bits = MaskOf(mask, "Ipv4AddressHelper mask").Get();
    }
    catch (const py::value_error&)
    {
        throw py::value_error("Ipv4AddressHelper: " + maskText
                              + " is not a network mask (ones, then zeros)");
    }
    uint32_t inverted = ~bits;
    uint32_t prefix = Ipv4Mask(bits).GetPrefixLength();
    if (prefix < 1 || prefix > 30)
    {
        throw py::value_error("Ipv4AddressHelper: a /" + std::to_string(prefix)
                              + " network has no room for hosts to number "
                                "(prefix lengths 1 to 30)");
    }
    if ((net.Get() & inverted) != 0)
    {
        throw py::value_error("Ipv4AddressHelper: " + AddressText(net)
                              + " has host bits set for mask " + maskText);
    }
    Ipv4Address first = Ipv4Of(base, "Ipv4AddressHelper base");
    if ((first.Get() & bits) != 0 || first.Get() == 0 || first.Get() >= inverted)
    {
        throw py::value_error("Ipv4AddressHelper: base " + AddressText(first)
                              + " is not a host part of a /" + std::to_string(prefix)
                              + " network (from 0.0.0.1 on)");
    }
    h.helper.SetBase(net, Ipv4Mask(bits), first);
    h.network = AddressText(net);
    h.prefix = prefix;
    h.base = first.Get();
    h.next = h.base;
    h.networkNumber = net.Get() >> (32 - prefix);
}

void
RequireBase(const AddressHelper& h, const std::string& what)
{
    if (h.network.empty())
    {
        throw py::value_error("Ipv4AddressHelper." + what
                              + ": no network to number from (call SetBase first)");
    }
}

/// The i-th of `count` addresses from the next one, checked: room left, not assigned yet.
Ipv4Address
NextAddress(const AddressHelper& h, uint32_t i, uint32_t count, const std::string& who)
{
    uint32_t shift = 32 - h.prefix;
    uint32_t room = (uint32_t{1} << shift) - 2; // host parts 1 .. 2^shift - 2
    uint64_t host = uint64_t{h.next} + i;
    if (host > room)
    {
        throw py::value_error(
            who + ": network " + h.network + "/" + std::to_string(h.prefix) + " has room for "
            + std::to_string(h.next > room ? 0 : room + 1 - h.next) + " more addresses, "
            + std::to_string(count) + " asked for (call NewNetwork())");
    }
    Ipv4Address address((h.networkNumber << shift) | static_cast<uint32_t>(host));
    // ns-3.37's IsAddressAllocated answers false for an allocated address.
    if (!Ipv4AddressGenerator::IsAddressAllocated(address))
    {
        throw py::value_error(who + ": " + AddressText(address)
                              + " is already assigned (another helper numbered "
                                "this network: use another one or NewNetwork())");
    }
    return address;
}

Ptr<Node>
DeviceNode(Ptr<NetDevice> device, uint32_t i)
{
    Ptr<Node> node = device->GetNode();
    if (!node)
    {
        throw py::value_error("device " + std::to_string(i) + " belongs to no node");
    }
    return LiveNode(node, "the node of device " + std::to_string(i));
}

/**
 * Ipv6AddressHelper with the checks ns-3 leaves to assertions or to a fatal error: a network
 * with host bits, a base outside the host part, an address another helper already handed out,
 * a device without a MAC address to derive the interface identifier from.
 */
struct Address6Helper
{
    Ipv6AddressHelper helper;
    Ipv6Address network{"2001:db8::"}; //!< the current network (ns-3's default)
    uint8_t prefix = 64;               //!< its prefix length
    Ipv6Address base{"::1"};           //!< host part of a network's first NewAddress()
    Ipv6Address next{"::1"};           //!< host part of the next NewAddress()
};

/// \return the 128-bit sum of two addresses' bytes, or nullopt when it overflows
std::optional<Ipv6Address>
Add6(const Ipv6Address& a, const Ipv6Address& b)
{
    uint8_t x[16];
    uint8_t y[16];
    a.GetBytes(x);
    b.GetBytes(y);
    unsigned carry = 0;
    for (int i = 15; i >= 0; --i)
    {
        unsigned sum = x[i] + y[i] + carry;
        x[i] = static_cast<uint8_t>(sum);
        carry = sum >> 8;
    }
    if (carry)
    {
        return std::nullopt;
    }
    return Ipv6Address(x);
}

/// The address with only bit `bit` (0 = most significant) set.
Ipv6Address
Bit6(uint32_t bit)
{
    uint8_t x[16] = {};
    x[bit / 8] = static_cast<uint8_t>(0x80 >> (bit % 8));
    return Ipv6Address(x);
}

void
SetBase6(Address6Helper& h,
         const AddressArg& network,
         const py::object& prefix,
         const AddressArg& base)
{
    Ipv6Address net = Ipv6Of(network, "Ipv6AddressHelper network");
    Ipv6Prefix p = PrefixOf(prefix, "Ipv6AddressHelper prefix");
    uint8_t length = p.GetPrefixLength();
    if (length < 1 || length > 64)
    {
        throw py::value_error("Ipv6AddressHelper: Assign gives each device a /64 address made "
                              "from its MAC address (EUI-64), so the network prefix is 1 to 64 "
                              "bits long, not /"
                              + std::to_string(length));
    }
    if (!(net.CombinePrefix(p) == net))
    {
        throw py::value_error("Ipv6AddressHelper: " + AddressText(net)
                              + " has host bits set for prefix /" + std::to_string(length));
    }
    Ipv6Address first = Ipv6Of(base, "Ipv6AddressHelper base");
    if (!(first.CombinePrefix(p) == Ipv6Address::GetZero()) || first.IsAny())
    {
        throw py::value_error("Ipv6AddressHelper: base " + AddressText(first)
                              + " is not a host part of a /" + std::to_string(length)
                              + " network (from ::1 on)");
    }
    h.helper.SetBase(net, p, first);
    h.network = net;
    h.prefix = length;
    h.base = first;
    h.next = first;
}

/// \return the address ns-3's Assign derives for a device (EUI-64 from its MAC), checked
Ipv6Address
AutoconfiguredAddress(const Address6Helper& h, Ptr<NetDevice> device, uint32_t i)
{
    Address mac = device->GetAddress();
    if (!Mac48Address::IsMatchingType(mac) && !Mac64Address::IsMatchingType(mac)
        && !Mac16Address::IsMatchingType(mac) && !Mac8Address::IsMatchingType(mac))
    {
        throw py::value_error("Ipv6AddressHelper.Assign: device " + std::to_string(i)
                              + " has no MAC address to make an IPv6 address from");
    }
    return Ipv6Address::MakeAutoconfiguredAddress(mac, h.network);
}

/// \return ValueError unless the node has IPv6 (the internet stack installed with it)
Ptr<Ipv6>
Ipv6OfNode(Ptr<Node> node, const std::string& who)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    if (!ipv6)
    {
        throw py::value_error(who + ": node " + std::to_string(node->GetId())
                              + " has no IPv6 (call InternetStackHelper.Install first)");
    }
    return ipv6;
}

/// \return the id of the node an Ipv6 belongs to, for messages
std::string
NodeIdOf(Ptr<Ipv6> ipv6)
{
    Ptr<Node> node = ipv6->GetObject<Node>();
    return node ? std::to_string(node->GetId()) : "?";
}

/// \return the node's Ipv6StaticRouting (on its own or in an Ipv6ListRouting), or ValueError
Ptr<Ipv6StaticRouting>
StaticRouting6(Ptr<Ipv6> ipv6, const std::string& who)
{
    NotNone(ipv6, "the Ipv6");
    Ptr<Ipv6StaticRouting> routing
        = ipv6->GetRoutingProtocol() ? Ipv6StaticRoutingHelper().GetStaticRouting(ipv6) : nullptr;
    if (!routing)
    {
        throw py::value_error(who + ": the IPv6 routing of node " + NodeIdOf(ipv6)
                              + " has no Ipv6StaticRouting (give InternetStackHelper."
                                "SetRoutingHelper an Ipv6ListRoutingHelper holding an "
                                "Ipv6StaticRoutingHelper, or an Ipv6StaticRoutingHelper)");
    }
    return routing;
}

/// A node's Ipv6StaticRouting with the Ipv6 it routes for (to check interface indices).
struct StaticRoutes6
{
    Ptr<Ipv6StaticRouting> routing;
    Ptr<Ipv6> ipv6;

    /// \return the interface index, or IndexError
    uint32_t Interface(int64_t i) const { return Index(i, ipv6->GetNInterfaces(), "interface"); }
};

/// \return the index in the container of the interface holding `address`, or ValueError
uint32_t
InterfaceHolding(const Ipv6InterfaceContainer& c,
                 const Ipv6Address& address,
                 const std::string& who)
{
    for (uint32_t k = 0; k < c.GetN(); ++k)
    {
        Ptr<Ipv6> ipv6 = c.Get(k).first;
        uint32_t interface = c.Get(k).second;
        for (uint32_t j = 0; j < ipv6->GetNAddresses(interface); ++j)
        {
            if (ipv6->GetAddress(interface, j).GetAddress() == address)
            {
                return k;
            }
        }
    }
    throw py::value_error(who + ": no interface of the container has the address "
                          + AddressText(address));
}

/// Index of a router in the container (given as an index or one of its addresses), with a
/// link-local address to be the next hop.
uint32_t
Router6(Ipv6InterfaceContainer& c, const py::object& router, const std::string& who)
{
    uint32_t r;
    if (py::isinstance<py::int_>(router) && !py::isinstance<py::bool_>(router))
    {
        r = Index(router.cast<int64_t>(), c.GetN(), "interface");
    }
    else if (py::isinstance<py::str>(router) || py::isinstance<Ipv6Address>(router)
             || py::isinstance<Address>(router))
    {
        r = InterfaceHolding(c, Ipv6Of(AddressArg{router}, who + " router"), who);
    }
    else
    {
        throw py::type_error(who
                             + ": the router is an index into the container or an "
                               "Ipv6Address, not "
                             + py::str(router.get_type().attr("__name__")).cast<std::string>());
    }
    if (c.GetLinkLocalAddress(r).IsAny())
    {
        throw py::value_error(who + ": interface " + std::to_string(r)
                              + " has no link-local address to be the next hop");
    }
    return r;
}
} // namespace

void
CheckOutputPrefix(const std::string& prefix)
{
    CheckPcapPrefix(prefix);
}

namespace
{
/// IPv6: addresses, interfaces, static and list routing.
void
BindTopology6(py::module_& m)
{
    py::class_<Ipv6InterfaceAddress> interfaceAddress(m, "Ipv6InterfaceAddress");
    py::enum_<Ipv6InterfaceAddress::Scope_e>(interfaceAddress, "Scope_e")
        .value("HOST", Ipv6InterfaceAddress::HOST)
        .value("LINKLOCAL", Ipv6InterfaceAddress::LINKLOCAL)
        .value("GLOBAL", Ipv6InterfaceAddress::GLOBAL)
        .export_values();
    interfaceAddress.def("GetAddress", &Ipv6InterfaceAddress::GetAddress)
        .def("GetPrefix", &Ipv6InterfaceAddress::GetPrefix)
        .def("GetScope", &Ipv6InterfaceAddress::GetScope)
        .def("GetOnLink", &Ipv6InterfaceAddress::GetOnLink)
        .def("__repr__", [](const Ipv6InterfaceAddress& a) {
            return "Ipv6InterfaceAddress(" + AddressText(a.GetAddress()) + "/"
                 + std::to_string(a.GetPrefix().GetPrefixLength()) + ")";
        });

    auto interfaceIndex = [](const Ipv6& ipv6, int64_t i) {
        return Index(i, ipv6.GetNInterfaces(), "interface");
    };
    py::class_<Ipv6, Object, Ptr<Ipv6>>(m, "Ipv6", "A node's IPv6 (node.GetObject(Ipv6)).")
        .def("GetNInterfaces", &Ipv6::GetNInterfaces)
        .def(
            "GetNAddresses",
            [interfaceIndex](const Ipv6& ipv6, int64_t i) {
                return ipv6.GetNAddresses(interfaceIndex(ipv6, i));
            },
            py::arg("interface"))
        .def(
            "GetAddress",
            [interfaceIndex](const Ipv6& ipv6, int64_t i, int64_t j) {
                uint32_t interface = interfaceIndex(ipv6, i);
                return ipv6.GetAddress(interface,
                                       Index(j, ipv6.GetNAddresses(interface), "address"));
            },
            py::arg("interface"),
            py::arg("addressIndex"),
            "Address 0 of an interface is its link-local address.")
        .def(
            "GetInterfaceForAddress",
            [](const Ipv6& ipv6, const AddressArg& a) {
                return ipv6.GetInterfaceForAddress(Ipv6Of(a));
            },
            py::arg("address"))
        .def(
            "GetInterfaceForDevice",
            [](const Ipv6& ipv6, Ptr<NetDevice> d) {
                return ipv6.GetInterfaceForDevice(NotNone(d, "the device"));
            },
            py::arg("device"))
        .def(
            "GetNetDevice",
            [interfaceIndex](Ipv6& ipv6, int64_t i) {
                return ipv6.GetNetDevice(interfaceIndex(ipv6, i));
            },
            py::arg("interface"))
        .def(
            "IsUp",
            [interfaceIndex](const Ipv6& ipv6, int64_t i) {
                return ipv6.IsUp(interfaceIndex(ipv6, i));
            },
            py::arg("interface"))
        .def(
            "SetUp",
            [interfaceIndex](Ipv6& ipv6, int64_t i) { ipv6.SetUp(interfaceIndex(ipv6, i)); },
            py::arg("interface"))
        .def(
            "SetDown",
            [interfaceIndex](Ipv6& ipv6, int64_t i) { ipv6.SetDown(interfaceIndex(ipv6, i)); },
            py::arg("interface"))
        .def(
            "IsForwarding",
            [interfaceIndex](const Ipv6& ipv6, int64_t i) {
                return ipv6.IsForwarding(interfaceIndex(ipv6, i));
            },
            py::arg("interface"))
        .def(
            "SetForwarding",
            [interfaceIndex](Ipv6& ipv6, int64_t i, bool on) {
                ipv6.SetForwarding(interfaceIndex(ipv6, i), on);
            },
            py::arg("interface"),
            py::arg("val"))
        .def(
            "GetMtu",
            [interfaceIndex](const Ipv6& ipv6, int64_t i) {
                return ipv6.GetMtu(interfaceIndex(ipv6, i));
            },
            py::arg("interface"));
    SetTypeIdName(m.attr("Ipv6"), "ns3::Ipv6");
    py::class_<Ipv6L3Protocol, Ipv6, Ptr<Ipv6L3Protocol>> l3(m, "Ipv6L3Protocol");
    SetTypeIdName(l3, "ns3::Ipv6L3Protocol");

    py::class_<Ipv6InterfaceContainer>(m, "Ipv6InterfaceContainer")
        .def(py::init<>())
        .def(
            "GetAddress",
            [](const Ipv6InterfaceContainer& c, int64_t i, int64_t j) {
                uint32_t k = Index(i, c.GetN(), "interface");
                std::pair<Ptr<Ipv6>, uint32_t> entry = c.Get(k);
                return c.GetAddress(k,
                                    Index(j, entry.first->GetNAddresses(entry.second), "address"));
            },
            py::arg("i"),
            py::arg("j"),
            "Address j of the i-th interface: 0 is the link-local address, 1 the one Assign "
            "gave.")
        .def(
            "GetLinkLocalAddress",
            [](Ipv6InterfaceContainer& c, int64_t i) {
                return c.GetLinkLocalAddress(Index(i, c.GetN(), "interface"));
            },
            py::arg("i"))
        .def(
            "GetLinkLocalAddress",
            [](Ipv6InterfaceContainer& c, const AddressArg& a) {
                Ipv6Address address = Ipv6Of(a, "GetLinkLocalAddress address");
                InterfaceHolding(c, address, "Ipv6InterfaceContainer.GetLinkLocalAddress");
                return c.GetLinkLocalAddress(address);
            },
            py::arg("address"))
        .def(
            "Get",
            [](const Ipv6InterfaceContainer& c, int64_t i) {
                return c.Get(Index(i, c.GetN(), "interface"));
            },
            py::arg("i"),
            "(Ipv6, interface index)")
        .def(
            "GetInterfaceIndex",
            [](const Ipv6InterfaceContainer& c, int64_t i) {
                return c.GetInterfaceIndex(Index(i, c.GetN(), "interface"));
            },
            py::arg("i"))
        .def("Add",
             [](Ipv6InterfaceContainer& c, const Ipv6InterfaceContainer& other) { c.Add(other); })
        .def(
            "Add",
            [](Ipv6InterfaceContainer& c, Ptr<Ipv6> ipv6, int64_t interface) {
                NotNone(ipv6, "the Ipv6");
                c.Add(ipv6, Index(interface, ipv6->GetNInterfaces(), "interface"));
            },
            py::arg("ipv6"),
            py::arg("interface"))
        .def(
            "SetForwarding",
            [](Ipv6InterfaceContainer& c, int64_t i, bool router) {
                c.SetForwarding(Index(i, c.GetN(), "interface"), router);
            },
            py::arg("i"),
            py::arg("router"),
            "Make the i-th interface forward (a router's) or not.")
        .def(
            "SetDefaultRouteInAllNodes",
            [](Ipv6InterfaceContainer& c, const py::object& router) {
                std::string who = "Ipv6InterfaceContainer.SetDefaultRouteInAllNodes";
                uint32_t r = Router6(c, router, who);
                for (uint32_t k = 0; k < c.GetN(); ++k)
                {
                    if (k != r)
                    {
                        StaticRouting6(c.Get(k).first, who);
                    }
                }
                c.SetDefaultRouteInAllNodes(r);
            },
            py::arg("router"),
            "Every other node of the container routes by default through the router's "
            "link-local address (router: an index into the container, or its address).")
        .def(
            "SetDefaultRoute",
            [](Ipv6InterfaceContainer& c, int64_t i, const py::object& router) {
                std::string who = "Ipv6InterfaceContainer.SetDefaultRoute";
                uint32_t k = Index(i, c.GetN(), "interface");
                uint32_t r = Router6(c, router, who);
                if (r == k)
                {
                    throw py::value_error(who + ": interface " + std::to_string(k)
                                          + " cannot be its own default router");
                }
                StaticRouting6(c.Get(k).first, who);
                c.SetDefaultRoute(k, r);
            },
            py::arg("i"),
            py::arg("router"),
            "The i-th interface's node routes by default through the router (an index into the "
            "container, or one of its addresses), by its link-local address.")
        .def("GetN", &Ipv6InterfaceContainer::GetN)
        .def("__len__", &Ipv6InterfaceContainer::GetN);

    py::class_<Address6Helper>(
        m,
        "Ipv6AddressHelper",
        "Assigns IPv6 addresses from a network: each device gets network + an interface "
        "identifier from its MAC address (EUI-64), as a /64, next to its link-local address.")
        .def(py::init<>(), "The network 2001:db8::/64 until SetBase.")
        .def(py::init(
                 [](const AddressArg& network, const py::object& prefix, const AddressArg& base) {
                     Address6Helper h;
                     SetBase6(h, network, prefix, base);
                     return h;
                 }),
             py::arg("network"),
             py::arg("prefix"),
             py::arg("base") = AddressArg{py::str("::1")})
        .def(
            "SetBase",
            [](Address6Helper& h,
               const AddressArg& network,
               const py::object& prefix,
               const AddressArg& base) { SetBase6(h, network, prefix, base); },
            py::arg("network"),
            py::arg("prefix"),
            py::arg("base") = AddressArg{py::str("::1")},
            "Number from this network (prefix as Ipv6Prefix or '/64'); NewAddress() counts host "
            "parts from base on.")
        .def(
            "NewAddress",
            [](Address6Helper& h) {
                std::string who = "Ipv6AddressHelper.NewAddress";
                Ipv6Prefix prefix(h.prefix);
                if (!(h.next.CombinePrefix(prefix) == Ipv6Address::GetZero()))
                {
                    throw py::value_error(who + ": network " + AddressText(h.network) + "/"
                                          + std::to_string(h.prefix)
                                          + " has no room for more addresses (call NewNetwork())");
                }
                Ipv6Address address = *Add6(h.network, h.next);
                // ns-3.37's IsAddressAllocated answers false for an allocated address.
                if (!Ipv6AddressGenerator::IsAddressAllocated(address))
                {
                    throw py::value_error(who + ": " + AddressText(address)
                                          + " is already assigned");
                }
                h.helper.NewAddress();
                h.next = Add6(h.next, Ipv6Address("::1")).value_or(Ipv6Address::GetOnes());
                return address;
            },
            "The next address of the network from base on (not assigned to any device).")
        .def(
            "Assign",
            [](Address6Helper& h, const NetDeviceContainer& devices) {
                std::set<Ipv6Address> addresses;
                for (uint32_t i = 0; i < devices.GetN(); ++i)
                {
                    Ptr<Node> node = DeviceNode(devices.Get(i), i);
                    Ipv6OfNode(node, "Ipv6AddressHelper.Assign");
                    Ipv6Address address = AutoconfiguredAddress(h, devices.Get(i), i);
                    // ns-3.37's IsAddressAllocated answers false for an allocated address.
                    if (!Ipv6AddressGenerator::IsAddressAllocated(address)
                        || !addresses.insert(address).second)
                    {
                        throw py::value_error("Ipv6AddressHelper.Assign: " + AddressText(address)
                                              + " (device " + std::to_string(i)
                                              + ") is already assigned (a device numbered twice "
                                                "in one network?)");
                    }
                }
                return h.helper.Assign(devices);
            },
            py::arg("devices"),
            "Give each device an address of the network (container.GetAddress(i, 1); address 0 "
            "is the link-local one).")
        .def(
            "NewNetwork",
            [](Address6Helper& h) {
                std::optional<Ipv6Address> next = Add6(h.network, Bit6(h.prefix - 1));
                if (!next)
                {
                    throw py::value_error("Ipv6AddressHelper.NewNetwork: " + AddressText(h.network)
                                          + "/" + std::to_string(h.prefix)
                                          + " is the last such network");
                }
                h.helper.NewNetwork();
                h.network = *next;
                h.next = h.base;
                return *next;
            },
            "Move on to the next network of the same prefix length; returns it.");

    py::class_<Ipv6StaticRoutingHelper>(m,
                                        "Ipv6StaticRoutingHelper",
                                        "IPv6 static routing: its routes per node.")
        .def(py::init<>())
        .def(
            "GetStaticRouting",
            [](const Ipv6StaticRoutingHelper&, Ptr<Ipv6> ipv6) {
                return StaticRoutes6{StaticRouting6(ipv6,
                                                    "Ipv6StaticRoutingHelper."
                                                    "GetStaticRouting"),
                                     Handed(ipv6)};
            },
            py::arg("ipv6"),
            "The node's Ipv6StaticRouting: routes.GetStaticRouting(node.GetObject(Ipv6)).");

    py::class_<Ipv6ListRoutingHelper>(m,
                                      "Ipv6ListRoutingHelper",
                                      "IPv6 routing protocols by priority (what an IPsec gateway "
                                      "needs: the layer joins the list).")
        .def(py::init<>())
        .def(
            "Add",
            [](Ipv6ListRoutingHelper& h, const Ipv6StaticRoutingHelper& routing, int16_t priority) {
                h.Add(routing, priority);
            },
            py::arg("routing"),
            py::arg("priority"));

    py::class_<StaticRoutes6>(m, "Ipv6StaticRouting", "A node's IPv6 static routes.")
        .def(
            "AddNetworkRouteTo",
            [](const StaticRoutes6& r,
               const AddressArg& network,
               const py::object& prefix,
               const AddressArg& nextHop,
               int64_t interface,
               uint32_t metric) {
                CheckAlive(*r.ipv6, "the node's IPv6");
                r.routing->AddNetworkRouteTo(Ipv6Of(network, "network"),
                                             PrefixOf(prefix, "AddNetworkRouteTo prefix"),
                                             Ipv6Of(nextHop, "nextHop"),
                                             r.Interface(interface),
                                             metric);
            },
            py::arg("network"),
            py::arg("networkPrefix"),
            py::arg("nextHop"),
            py::arg("interface"),
            py::arg("metric") = 0,
            "A route to a network through a gateway, out of an interface.")
        .def(
            "AddNetworkRouteTo",
            [](const StaticRoutes6& r,
               const AddressArg& network,
               const py::object& prefix,
               int64_t interface,
               uint32_t metric) {
                CheckAlive(*r.ipv6, "the node's IPv6");
                r.routing->AddNetworkRouteTo(Ipv6Of(network, "network"),
                                             PrefixOf(prefix, "AddNetworkRouteTo prefix"),
                                             r.Interface(interface),
                                             metric);
            },
            py::arg("network"),
            py::arg("networkPrefix"),
            py::arg("interface"),
            py::arg("metric") = 0,
            "A route to a network on the link of an interface.")
        .def(
            "AddHostRouteTo",
            [](const StaticRoutes6& r,
               const AddressArg& destination,
               const AddressArg& nextHop,
               int64_t interface,
               uint32_t metric) {
                CheckAlive(*r.ipv6, "the node's IPv6");
                r.routing->AddHostRouteTo(Ipv6Of(destination, "dest"),
                                          Ipv6Of(nextHop, "nextHop"),
                                          r.Interface(interface),
                                          Ipv6Address("::"),
                                          metric);
            },
            py::arg("dest"),
            py::arg("nextHop"),
            py::arg("interface"),
            py::arg("metric") = 0)
        .def(
            "AddHostRouteTo",
            [](const StaticRoutes6& r,
               const AddressArg& destination,
               int64_t interface,
               uint32_t metric) {
                CheckAlive(*r.ipv6, "the node's IPv6");
                r.routing->AddHostRouteTo(Ipv6Of(destination, "dest"),
                                          r.Interface(interface),
                                          metric);
            },
            py::arg("dest"),
            py::arg("interface"),
            py::arg("metric") = 0)
        .def(
            "SetDefaultRoute",
            [](const StaticRoutes6& r,
               const AddressArg& nextHop,
               int64_t interface,
               const AddressArg& prefixToUse,
               uint32_t metric) {
                CheckAlive(*r.ipv6, "the node's IPv6");
                r.routing->SetDefaultRoute(Ipv6Of(nextHop, "nextHop"),
                                           r.Interface(interface),
                                           Ipv6Of(prefixToUse, "prefixToUse"),
                                           metric);
            },
            py::arg("nextHop"),
            py::arg("interface"),
            py::arg("prefixToUse") = AddressArg{py::str("::")},
            py::arg("metric") = 0)
        .def("GetNRoutes", [](const StaticRoutes6& r) {
            CheckAlive(*r.ipv6, "the node's IPv6");
            return r.routing->GetNRoutes();
        });
}
} // namespace

void
BindTopology(py::module_& m)
{
    py::class_<Node, Object, Ptr<Node>>(m, "Node", "An ns-3 node.")
        .def(py::init([]() { return CreateObject<Node>(); }))
        .def("GetId", &Node::GetId)
        .def("GetNDevices", &Node::GetNDevices)
        .def(
            "GetDevice",
            [](Node& node, int64_t i) {
                return node.GetDevice(Index(i, node.GetNDevices(), "device"));
            },
            py::arg("index"))
        .def("GetNApplications", &Node::GetNApplications)
        .def(
            "GetApplication",
            [](Node& node, int64_t i) {
                return node.GetApplication(Index(i, node.GetNApplications(), "application"));
            },
            py::arg("index"))
        .def("GetSystemId", &Node::GetSystemId)
        .def(
            "GetAddresses",
            [](Ptr<Node> node) {
                std::vector<std::string> out;
                Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
                for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces(); ++i)
                {
                    for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
                    {
                        out.push_back(AddressText(ipv4->GetAddress(i, j).GetLocal()));
                    }
                }
                return out;
            },
            "The node's IPv4 addresses, loopback first.");

    py::class_<NodeContainer>(m, "NodeContainer", "A list of nodes.")
        .def(py::init<>())
        .def(py::init([](uint32_t n) {
                 NodeContainer c;
                 c.Create(n);
                 return c;
             }),
             py::arg("n"),
             "Create n nodes.")
        .def(py::init([](const std::vector<py::object>& parts) {
                 NodeContainer c;
                 for (const auto& p : parts)
                 {
                     if (py::isinstance<NodeContainer>(p))
                     {
                         c.Add(LiveNodes(p.cast<NodeContainer>()));
                     }
                     else if (py::isinstance<Node>(p))
                     {
                         c.Add(LiveNode(p.cast<Ptr<Node>>()));
                     }
                     else
                     {
                         throw py::type_error(
                             "NodeContainer takes Nodes and NodeContainers, not "
                             + std::string(py::str(p.get_type().attr("__name__"))));
                     }
                 }
                 return c;
             }),
             py::arg("parts"),
             "Join nodes and containers.")
        .def(py::init([](const py::object& first, const py::args& rest) {
                 NodeContainer c;
                 py::list parts;
                 parts.append(first);
                 for (const auto& p : rest)
                 {
                     parts.append(p);
                 }
                 for (const auto& p : parts)
                 {
                     if (py::isinstance<NodeContainer>(p) || py::isinstance<Node>(p)
                         || py::isinstance<py::str>(p))
                     {
                         c.Add(NodesOf(NodesArg{py::reinterpret_borrow<py::object>(p)}));
                     }
                     else
                     {
                         throw py::type_error(
                             "NodeContainer takes a number of nodes to create, "
                             "or Nodes, NodeContainers and node names, not "
                             + std::string(py::str(p.get_type().attr("__name__"))));
                     }
                 }
                 return c;
             }),
             "NodeContainer(node), NodeContainer(a, b, ...) joining containers and nodes.")
        .def_static("GetGlobal", &NodeContainer::GetGlobal, "Every node of the simulation.")
        .def("Create", py::overload_cast<uint32_t>(&NodeContainer::Create), py::arg("n"))
        .def("Contains", &NodeContainer::Contains, py::arg("id"))
        .def("__iter__",
             [](const NodeContainer& c) {
                 py::list nodes;
                 for (uint32_t i = 0; i < c.GetN(); ++i)
                 {
                     nodes.append(c.Get(i));
                 }
                 return py::iter(nodes);
             })
        .def(
            "Get",
            [](const NodeContainer& c, int64_t i) { return c.Get(Index(i, c.GetN(), "node")); },
            py::arg("i"))
        .def("GetN", &NodeContainer::GetN)
        .def("__len__", &NodeContainer::GetN)
        .def("__getitem__",
             [](const NodeContainer& c, int64_t i) { return c.Get(Index(i, c.GetN(), "node")); })
        .def("Add", [](NodeContainer& c, const py::object& part) {
            if (py::isinstance<NodeContainer>(part) || py::isinstance<Node>(part)
                || py::isinstance<py::str>(part))
            {
                c.Add(NodesOf(NodesArg{part}));
            }
            else
            {
                throw py::type_error("NodeContainer.Add takes a Node, a NodeContainer or a node "
                                     "name, not "
                                     + std::string(py::str(part.get_type().attr("__name__"))));
            }
        });
    SetTypeIdName(m.attr("Node"), "ns3::Node");

    m.def_submodule("Names", "Object names (configuration files may refer to nodes by name).")
        .def(
            "Add",
            [](const std::string& name, Ptr<Node> node) {
                LiveNode(node);
                if (name.empty() || name.find_first_of("/ \t\n") != std::string::npos)
                {
                    throw py::value_error("Names.Add: '" + name
                                          + "' is not a name (non-empty, no '/' or spaces)");
                }
                if (Names::Find<Object>(name))
                {
                    throw py::value_error("Names.Add: the name '" + name + "' is already taken");
                }
                std::string old = Names::FindName(node);
                if (!old.empty())
                {
                    throw py::value_error("Names.Add: node " + std::to_string(node->GetId())
                                          + " is already named '" + old + "'");
                }
                Names::Add(name, node);
            },
            py::arg("name"),
            py::arg("node"),
            "Name a node (configuration files may then refer to it). Simulator.Destroy() clears "
            "the names.");

    py::class_<NetDevice, Object, Ptr<NetDevice>>(m, "NetDevice")
        .def("GetIfIndex", &NetDevice::GetIfIndex)
        .def("GetMtu", &NetDevice::GetMtu)
        .def(
            "SetMtu",
            [](NetDevice& d, uint16_t mtu) {
                if (mtu < 68)
                {
                    throw py::value_error("NetDevice.SetMtu: an MTU of at least 68 bytes (the "
                                          "IPv4 minimum), not "
                                          + std::to_string(mtu));
                }
                return d.SetMtu(mtu);
            },
            py::arg("mtu"))
        .def("GetNode", &NetDevice::GetNode)
        .def("GetAddress", &NetDevice::GetAddress)
        .def("GetChannel", &NetDevice::GetChannel)
        .def("IsLinkUp", &NetDevice::IsLinkUp)
        .def("IsPointToPoint", &NetDevice::IsPointToPoint);
    SetTypeIdName(m.attr("NetDevice"), "ns3::NetDevice");

    py::class_<QueueBase, Object, Ptr<QueueBase>>(m,
                                                  "QueueBase",
                                                  "A device queue (Queue<Packet>): its counters.")
        .def("GetNPackets", &QueueBase::GetNPackets)
        .def("GetNBytes", &QueueBase::GetNBytes)
        .def("GetCurrentSize",
             [](const QueueBase& q) {
                 std::ostringstream oss;
                 oss << q.GetCurrentSize();
                 return oss.str();
             })
        .def("GetMaxSize",
             [](const QueueBase& q) {
                 std::ostringstream oss;
                 oss << q.GetMaxSize();
                 return oss.str();
             })
        .def("IsEmpty", &QueueBase::IsEmpty)
        .def("GetTotalReceivedPackets", &QueueBase::GetTotalReceivedPackets)
        .def("GetTotalReceivedBytes", &QueueBase::GetTotalReceivedBytes)
        .def("GetTotalDroppedPackets", &QueueBase::GetTotalDroppedPackets)
        .def("GetTotalDroppedBytes", &QueueBase::GetTotalDroppedBytes)
        .def("ResetStatistics", &QueueBase::ResetStatistics);

    py::class_<PointToPointNetDevice, NetDevice, Ptr<PointToPointNetDevice>>(
        m,
        "PointToPointNetDevice")
        .def("GetQueue",
             [](const PointToPointNetDevice& d) { return Ptr<QueueBase>(d.GetQueue()); })
        .def(
            "SetDataRate",
            [](PointToPointNetDevice& d, const py::object& rate) {
                SetObjectAttribute(d, "DataRate", rate);
            },
            py::arg("rate"));
    SetTypeIdName(m.attr("PointToPointNetDevice"), "ns3::PointToPointNetDevice");
    py::class_<CsmaNetDevice, NetDevice, Ptr<CsmaNetDevice>>(m, "CsmaNetDevice")
        .def("GetQueue", [](const CsmaNetDevice& d) { return Ptr<QueueBase>(d.GetQueue()); });
    SetTypeIdName(m.attr("CsmaNetDevice"), "ns3::CsmaNetDevice");

    py::class_<Channel, Object, Ptr<Channel>>(m, "Channel")
        .def("GetId", &Channel::GetId)
        .def("GetNDevices", &Channel::GetNDevices)
        .def(
            "GetDevice",
            [](const Channel& c, int64_t i) {
                return c.GetDevice(Index(i, c.GetNDevices(), "device"));
            },
            py::arg("index"));
    SetTypeIdName(m.attr("Channel"), "ns3::Channel");
    py::class_<PointToPointChannel, Channel, Ptr<PointToPointChannel>>(m, "PointToPointChannel");
    SetTypeIdName(m.attr("PointToPointChannel"), "ns3::PointToPointChannel");
    py::class_<CsmaChannel, Channel, Ptr<CsmaChannel>>(m, "CsmaChannel");
    SetTypeIdName(m.attr("CsmaChannel"), "ns3::CsmaChannel");

    py::class_<NetDeviceContainer>(m, "NetDeviceContainer")
        .def(py::init<>())
        .def(
            py::init([](Ptr<NetDevice> d) { return NetDeviceContainer(NotNone(d, "the device")); }),
            py::arg("device"))
        .def(py::init([](const NetDeviceContainer& a, const NetDeviceContainer& b) {
                 return NetDeviceContainer(a, b);
             }),
             py::arg("a"),
             py::arg("b"))
        .def("__iter__",
             [](const NetDeviceContainer& c) {
                 py::list devices;
                 for (uint32_t i = 0; i < c.GetN(); ++i)
                 {
                     devices.append(c.Get(i));
                 }
                 return py::iter(devices);
             })
        .def("Add",
             [](NetDeviceContainer& c, Ptr<NetDevice> d) { c.Add(NotNone(d, "the device")); })
        .def(
            "Get",
            [](const NetDeviceContainer& c, int64_t i) {
                return c.Get(Index(i, c.GetN(), "device"));
            },
            py::arg("i"))
        .def("GetN", &NetDeviceContainer::GetN)
        .def("__len__", &NetDeviceContainer::GetN)
        .def("__getitem__",
             [](const NetDeviceContainer& c, int64_t i) {
                 return c.Get(Index(i, c.GetN(), "device"));
             })
        .def("Add", [](NetDeviceContainer& c, const NetDeviceContainer& other) { c.Add(other); });

    py::class_<PointToPointHelper>(m, "PointToPointHelper", "Builds point-to-point links.")
        .def(py::init([](const py::kwargs& attributes) {
            auto helper = std::make_unique<PointToPointHelper>();
            LinkAttributes(*helper,
                           "PointToPointHelper",
                           PointToPointNetDevice::GetTypeId(),
                           PointToPointChannel::GetTypeId(),
                           attributes);
            return helper;
        }))
        .def(
            "SetDeviceAttribute",
            [](PointToPointHelper& h, const std::string& n, const py::object& v) {
                h.SetDeviceAttribute(n,
                                     *CheckAttribute(PointToPointNetDevice::GetTypeId(),
                                                     n,
                                                     v,
                                                     AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "SetChannelAttribute",
            [](PointToPointHelper& h, const std::string& n, const py::object& v) {
                h.SetChannelAttribute(n,
                                      *CheckAttribute(PointToPointChannel::GetTypeId(),
                                                      n,
                                                      v,
                                                      AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](PointToPointHelper& h, const NodeContainer& nodes) {
                if (nodes.GetN() != 2)
                {
                    throw py::value_error("PointToPointHelper.Install: a link joins exactly 2 "
                                          "nodes, the container holds "
                                          + std::to_string(nodes.GetN()));
                }
                LiveNodes(nodes);
                return h.Install(nodes);
            },
            py::arg("nodes"))
        .def(
            "Install",
            [](PointToPointHelper& h, Ptr<Node> a, Ptr<Node> b) {
                return h.Install(LiveNode(a, "the first node"), LiveNode(b, "the second node"));
            },
            py::arg("a"),
            py::arg("b"));

    py::class_<CsmaHelper>(m, "CsmaHelper", "Builds CSMA (Ethernet-like) LANs.")
        .def(py::init([](const py::kwargs& attributes) {
            auto helper = std::make_unique<CsmaHelper>();
            LinkAttributes(*helper,
                           "CsmaHelper",
                           CsmaNetDevice::GetTypeId(),
                           CsmaChannel::GetTypeId(),
                           attributes);
            return helper;
        }))
        .def(
            "SetDeviceAttribute",
            [](CsmaHelper& h, const std::string& n, const py::object& v) {
                h.SetDeviceAttribute(
                    n,
                    *CheckAttribute(CsmaNetDevice::GetTypeId(), n, v, AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "SetChannelAttribute",
            [](CsmaHelper& h, const std::string& n, const py::object& v) {
                h.SetChannelAttribute(
                    n,
                    *CheckAttribute(CsmaChannel::GetTypeId(), n, v, AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](const CsmaHelper& h, const NodesArg& nodes) { return h.Install(NodesOf(nodes)); },
            py::arg("nodes"));

    // The helper keeps its families private: a helper with both disabled installs nothing,
    // which shows on the first node afterwards (nothing else was aggregated either).
    auto installStack
        = [](const InternetStackHelper& h, const NodeContainer& nodes, const std::string& who) {
              h.Install(nodes);
              if (nodes.GetN() > 0 && !nodes.Get(0)->GetObject<Ipv4>()
                  && !nodes.Get(0)->GetObject<Ipv6>())
              {
                  throw py::value_error(who
                                        + ": installed nothing (SetIpv4StackInstall(False) and "
                                          "SetIpv6StackInstall(False) both)");
              }
          };
    py::class_<InternetStackHelper>(m,
                                    "InternetStackHelper",
                                    "Installs IPv4, IPv6, UDP, TCP, ICMP (dual stack).")
        .def(py::init<>())
        .def(
            "SetRoutingHelper",
            [](InternetStackHelper& h, const Ipv6ListRoutingHelper& routing) {
                h.SetRoutingHelper(routing);
            },
            py::arg("routing"),
            "The IPv6 routing of the nodes installed from now on (an IPv6 gateway running IPsec "
            "needs an Ipv6ListRoutingHelper).")
        .def(
            "SetRoutingHelper",
            [](InternetStackHelper& h, const Ipv6StaticRoutingHelper& routing) {
                h.SetRoutingHelper(routing);
            },
            py::arg("routing"))
        .def("SetIpv4StackInstall",
             &InternetStackHelper::SetIpv4StackInstall,
             py::arg("enable"),
             "Whether Install adds IPv4 (SetIpv4StackInstall(False): IPv6-only nodes).")
        .def("SetIpv6StackInstall",
             &InternetStackHelper::SetIpv6StackInstall,
             py::arg("enable"),
             "Whether Install adds IPv6 (SetIpv6StackInstall(False): IPv4-only nodes).")
        .def(
            "InstallAll",
            [installStack](const InternetStackHelper& h) {
                NodeContainer missing;
                for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
                {
                    if (!(*it)->GetObject<Ipv4>() && !(*it)->GetObject<Ipv6>())
                    {
                        missing.Add(*it);
                    }
                }
                installStack(h, missing, "InternetStackHelper.InstallAll");
            },
            "Install on every node that has no stack yet.")
        .def(
            "Install",
            [installStack](const InternetStackHelper& h, const NodesArg& arg) {
                NodeContainer nodes = NodesOf(arg);
                std::set<uint32_t> seen;
                for (uint32_t i = 0; i < nodes.GetN(); ++i)
                {
                    Ptr<Node> node = LiveNode(nodes.Get(i));
                    if (node->GetObject<Ipv4>() || node->GetObject<Ipv6>()
                        || !seen.insert(node->GetId()).second)
                    {
                        throw py::value_error("InternetStackHelper.Install: node "
                                              + std::to_string(node->GetId())
                                              + " already has an internet stack");
                    }
                }
                installStack(h, nodes, "InternetStackHelper.Install");
            },
            py::arg("nodes"));

    py::class_<Ipv4InterfaceAddress>(m, "Ipv4InterfaceAddress")
        .def("GetLocal", &Ipv4InterfaceAddress::GetLocal)
        .def("GetMask", &Ipv4InterfaceAddress::GetMask)
        .def("GetBroadcast", &Ipv4InterfaceAddress::GetBroadcast)
        .def("__repr__", [](const Ipv4InterfaceAddress& a) {
            std::ostringstream oss;
            oss << "Ipv4InterfaceAddress(" << a.GetLocal() << "/" << a.GetMask().GetPrefixLength()
                << ")";
            return oss.str();
        });

    auto interfaceIndex = [](const Ipv4& ipv4, int64_t i) {
        return Index(i, ipv4.GetNInterfaces(), "interface");
    };
    py::class_<Ipv4, Object, Ptr<Ipv4>>(m, "Ipv4", "A node's IPv4 (node.GetObject(Ipv4)).")
        .def("GetNInterfaces", &Ipv4::GetNInterfaces)
        .def(
            "GetNAddresses",
            [interfaceIndex](const Ipv4& ipv4, int64_t i) {
                return ipv4.GetNAddresses(interfaceIndex(ipv4, i));
            },
            py::arg("interface"))
        .def(
            "GetAddress",
            [interfaceIndex](const Ipv4& ipv4, int64_t i, int64_t j) {
                uint32_t interface = interfaceIndex(ipv4, i);
                return ipv4.GetAddress(interface,
                                       Index(j, ipv4.GetNAddresses(interface), "address"));
            },
            py::arg("interface"),
            py::arg("addressIndex") = 0)
        .def(
            "GetInterfaceForAddress",
            [](const Ipv4& ipv4, const AddressArg& a) {
                return ipv4.GetInterfaceForAddress(Ipv4Of(a));
            },
            py::arg("address"))
        .def(
            "GetInterfaceForDevice",
            [](const Ipv4& ipv4, Ptr<NetDevice> d) {
                return ipv4.GetInterfaceForDevice(NotNone(d, "the device"));
            },
            py::arg("device"))
        .def(
            "GetNetDevice",
            [interfaceIndex](Ipv4& ipv4, int64_t i) {
                return ipv4.GetNetDevice(interfaceIndex(ipv4, i));
            },
            py::arg("interface"))
        .def(
            "IsUp",
            [interfaceIndex](const Ipv4& ipv4, int64_t i) {
                return ipv4.IsUp(interfaceIndex(ipv4, i));
            },
            py::arg("interface"))
        .def(
            "SetUp",
            [interfaceIndex](Ipv4& ipv4, int64_t i) { ipv4.SetUp(interfaceIndex(ipv4, i)); },
            py::arg("interface"))
        .def(
            "SetDown",
            [interfaceIndex](Ipv4& ipv4, int64_t i) { ipv4.SetDown(interfaceIndex(ipv4, i)); },
            py::arg("interface"))
        .def(
            "GetMtu",
            [interfaceIndex](const Ipv4& ipv4, int64_t i) {
                return ipv4.GetMtu(interfaceIndex(ipv4, i));
            },
            py::arg("interface"));
    SetTypeIdName(m.attr("Ipv4"), "ns3::Ipv4");
    py::class_<Ipv4L3Protocol, Ipv4, Ptr<Ipv4L3Protocol>> l3(m, "Ipv4L3Protocol");
    SetTypeIdName(l3, "ns3::Ipv4L3Protocol");
    py::enum_<Ipv4L3Protocol::DropReason>(l3, "DropReason", py::arithmetic())
        .value("DROP_TTL_EXPIRED", Ipv4L3Protocol::DROP_TTL_EXPIRED)
        .value("DROP_NO_ROUTE", Ipv4L3Protocol::DROP_NO_ROUTE)
        .value("DROP_BAD_CHECKSUM", Ipv4L3Protocol::DROP_BAD_CHECKSUM)
        .value("DROP_INTERFACE_DOWN", Ipv4L3Protocol::DROP_INTERFACE_DOWN)
        .value("DROP_ROUTE_ERROR", Ipv4L3Protocol::DROP_ROUTE_ERROR)
        .value("DROP_FRAGMENT_TIMEOUT", Ipv4L3Protocol::DROP_FRAGMENT_TIMEOUT)
        .export_values();

    py::class_<Ipv4InterfaceContainer>(m, "Ipv4InterfaceContainer")
        .def(py::init<>())
        .def(
            "GetAddress",
            [](const Ipv4InterfaceContainer& c, int64_t i, int64_t j) {
                uint32_t k = Index(i, c.GetN(), "interface");
                std::pair<Ptr<Ipv4>, uint32_t> entry = c.Get(k);
                return c.GetAddress(k,
                                    Index(j, entry.first->GetNAddresses(entry.second), "address"));
            },
            py::arg("i"),
            py::arg("j") = 0)
        .def(
            "Get",
            [](const Ipv4InterfaceContainer& c, int64_t i) {
                return c.Get(Index(i, c.GetN(), "interface"));
            },
            py::arg("i"),
            "(Ipv4, interface index)")
        .def("Add",
             [](Ipv4InterfaceContainer& c, const Ipv4InterfaceContainer& other) { c.Add(other); })
        .def("GetN", &Ipv4InterfaceContainer::GetN)
        .def("__len__", &Ipv4InterfaceContainer::GetN);

    py::class_<AddressHelper>(m, "Ipv4AddressHelper", "Assigns addresses from a network.")
        .def(py::init<>(), "Call SetBase before Assign.")
        .def(
            py::init([](const AddressArg& network, const py::object& mask, const AddressArg& base) {
                AddressHelper h;
                SetBase(h, network, mask, base);
                return h;
            }),
            py::arg("network"),
            py::arg("mask"),
            py::arg("base") = AddressArg{py::str("0.0.0.1")})
        .def(
            "SetBase",
            [](AddressHelper& h,
               const AddressArg& network,
               const py::object& mask,
               const AddressArg& base) { SetBase(h, network, mask, base); },
            py::arg("network"),
            py::arg("mask"),
            py::arg("base") = AddressArg{py::str("0.0.0.1")},
            "Number from this network (mask as Ipv4Mask or text), host parts from base on.")
        .def(
            "NewAddress",
            [](AddressHelper& h) {
                RequireBase(h, "NewAddress");
                Ipv4Address address = NextAddress(h, 0, 1, "Ipv4AddressHelper.NewAddress");
                h.helper.NewAddress();
                h.next += 1;
                return address;
            },
            "The next address of the network (not assigned to any device).")
        .def(
            "Assign",
            [](AddressHelper& h, const NetDeviceContainer& devices) {
                RequireBase(h, "Assign");
                for (uint32_t i = 0; i < devices.GetN(); ++i)
                {
                    Ptr<Node> node = DeviceNode(devices.Get(i), i);
                    if (!node->GetObject<Ipv4>())
                    {
                        throw py::value_error(
                            "Ipv4AddressHelper.Assign: node " + std::to_string(node->GetId())
                            + " has no internet stack (call InternetStackHelper.Install first)");
                    }
                    NextAddress(h, i, devices.GetN(), "Ipv4AddressHelper.Assign");
                }
                Ipv4InterfaceContainer assigned = h.helper.Assign(devices);
                h.next += devices.GetN();
                return assigned;
            },
            py::arg("devices"))
        .def("NewNetwork", [](AddressHelper& h) {
            RequireBase(h, "NewNetwork");
            if (uint64_t{h.networkNumber} + 1 >= (uint64_t{1} << h.prefix))
            {
                throw py::value_error("Ipv4AddressHelper.NewNetwork: " + h.network + "/"
                                      + std::to_string(h.prefix) + " is the last such network");
            }
            Ipv4Address next = h.helper.NewNetwork();
            h.networkNumber++;
            h.next = h.base;
            h.network = AddressText(next);
            return next;
        });

    py::class_<Ipv4GlobalRoutingHelper>(m, "Ipv4GlobalRoutingHelper")
        .def(py::init<>())
        .def_static("PopulateRoutingTables", &Ipv4GlobalRoutingHelper::PopulateRoutingTables)
        .def_static("RecomputeRoutingTables", &Ipv4GlobalRoutingHelper::RecomputeRoutingTables);

    BindTopology6(m);
}

} // namespace ns3ipsec
