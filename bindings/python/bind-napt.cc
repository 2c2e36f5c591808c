/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings: the NAPT (NaptBox, NaptHelper), a NAT to put between IPsec peers.
 *
 *   nat = ns.NaptHelper(Mapping="AddressAndPortDependent").Install(node, 1, 2)
 *   nat.AddStaticMapping("udp", 4500, "10.0.1.1", 4500)
 *   nat.TraceConnectWithoutContext("Drop", lambda packet, reason: ...)
 *   ns.Simulator.Run()
 *   nat.GetStats()["translated_out"]
 *
 * Misuse (std::invalid_argument from the model and the helper) is a ValueError carrying the C++
 * message; attribute names and values are checked against NaptBox's TypeId before any is set.
 */
#include "bindings.h"

#include "ns3/napt-box.h"
#include "ns3/napt-helper.h"
#include "ns3/node.h"

#include <stdexcept>

using namespace ns3;

namespace ns3ipsec
{

namespace
{
/**
 * \brief The IP protocol of a static mapping: "udp", "tcp" or "icmp" (ICMP echo), or an IP
 * protocol number (17, 6, 1; the NAT refuses others with a ValueError naming them).
 */
uint8_t
NaptProtocolOf(const py::handle& value)
{
    if (py::isinstance<py::str>(value))
    {
        std::string text = value.cast<std::string>();
        if (text == "udp")
        {
            return 17;
        }
        if (text == "tcp")
        {
            return 6;
        }
        if (text == "icmp")
        {
            return 1;
        }
        throw py::value_error("protocol must be 'udp', 'tcp' or 'icmp' (or 17, 6, 1), not '" + text
                              + "'");
    }
    if (py::isinstance<py::int_>(value) && !py::isinstance<py::bool_>(value))
    {
        py::int_ number = value.cast<py::int_>();
        if (number < py::int_(0) || number > py::int_(255))
        {
            throw py::value_error("protocol must be an IP protocol number 0-255 (17, 6 or 1), not "
                                  + py::repr(value).cast<std::string>());
        }
        return static_cast<uint8_t>(value.cast<int>());
    }
    throw py::type_error("protocol must be 'udp', 'tcp', 'icmp' or an IP protocol number, not "
                         + py::repr(value).cast<std::string>());
}

/// NaptBox.GetStats()'s dict.
py::dict
NaptStatsOf(const NaptBox::Stats& s)
{
    py::dict d;
    d["mappings_created"] = s.mappingsCreated;
    d["mappings_expired"] = s.mappingsExpired;
    d["translated_out"] = s.translatedOut;
    d["translated_in"] = s.translatedIn;
    d["dropped_no_mapping"] = s.droppedNoMapping;
    d["dropped_filtered"] = s.droppedFiltered;
    d["dropped_fragment"] = s.droppedFragment;
    d["dropped_header_length"] = s.droppedHeaderLength;
    d["dropped_protocol"] = s.droppedProtocol;
    d["dropped_ports_exhausted"] = s.droppedPortsExhausted;
    return d;
}

void
RegisterNaptSignatures()
{
    RegisterTraceSignature("ns3::NaptBox::MappingTracedCallback",
                           MakeTraceSignature<uint8_t, Ipv4Address, uint16_t, uint16_t>());
    RegisterTraceSignature("ns3::NaptBox::DropTracedCallback",
                           MakeTraceSignature<Ptr<const Packet>, const std::string&>());
}
} // namespace

void
BindNapt(py::module_& m)
{
    RegisterNaptSignatures();

    py::class_<NaptBox, Object, Ptr<NaptBox>>(
        m,
        "NaptBox",
        "A NAPT (RFC 3022) on a node: UDP, TCP and ICMP echo from the inside interfaces leave "
        "the outside interface with its public address; ESP and AH cannot cross it (ESP in UDP "
        "can). Trace sources (TraceConnectWithoutContext): MappingCreated and MappingExpired "
        "(protocol, inside address, inside port, public port), Drop (packet, reason).")
        .def(
            "SetInside",
            [](NaptBox& box, uint32_t interface) {
                CheckAlive(box, "the NAT");
                Refusing([&]() { box.SetInside(interface); });
            },
            py::arg("interface"),
            "Make another IPv4 interface of the node an inside one.")
        .def(
            "AddStaticMapping",
            [](NaptBox& box,
               const py::object& protocol,
               uint16_t publicPort,
               const AddressArg& insideAddress,
               uint16_t insidePort) {
                CheckAlive(box, "the NAT");
                uint8_t p = NaptProtocolOf(protocol);
                Ipv4Address inside = Ipv4Of(insideAddress, "inside_address");
                Refusing([&]() { box.AddStaticMapping(p, publicPort, inside, insidePort); });
            },
            py::arg("protocol"),
            py::arg("public_port"),
            py::arg("inside_address"),
            py::arg("inside_port"),
            "Forward a public port to an inside endpoint (any remote may reach it); protocol "
            "'udp', 'tcp', 'icmp' (ICMP echo: the ports are identifiers) or 17, 6, 1.")
        .def(
            "GetStats",
            [](const NaptBox& box) {
                CheckAlive(box, "the NAT");
                return NaptStatsOf(box.GetStats());
            },
            "Counters as a dict: mappings_created, mappings_expired, translated_out, "
            "translated_in, dropped_no_mapping, dropped_filtered, dropped_fragment, "
            "dropped_protocol, dropped_ports_exhausted.")
        .def("GetMappingCount",
             Alive(&NaptBox::GetMappingCount, "the NAT"),
             "Live mappings, static ones included.")
        .def("Dump", Alive(&NaptBox::Dump, "the NAT"), "One line per live mapping.")
        .def("Expire",
             Alive(&NaptBox::Expire, "the NAT"),
             "Remove every expired mapping now (each traced by MappingExpired).")
        .def("GetPublicAddress",
             Alive(&NaptBox::GetPublicAddress, "the NAT"),
             "The outside interface's first address.")
        .def("AssignStreams",
             Alive(&NaptBox::AssignStreams, "the NAT"),
             py::arg("stream"),
             "Port allocation uses no random variables: 0 streams.")
        .def("__repr__", [](const NaptBox& box) -> std::string {
            try
            {
                CheckAlive(box, "the NAT");
            }
            catch (const py::value_error&)
            {
                return "<NaptBox of a simulation that Simulator.Destroy() ended>";
            }
            return "<NaptBox " + AddressText(box.GetPublicAddress()) + ", "
                 + std::to_string(box.GetMappingCount()) + " mappings>";
        });
    SetTypeIdName(m.attr("NaptBox"), "ns3::NaptBox");

    py::class_<NaptHelper>(m,
                           "NaptHelper",
                           "Makes nodes NATs: NaptHelper(**attributes) with NaptBox's attributes "
                           "(UdpTimeout, TcpEstablishedTimeout, TcpTransitoryTimeout, "
                           "IcmpTimeout, PortRangeMin, PortRangeMax, PortPreservation, Mapping, "
                           "Filtering).")
        .def(py::init([](const py::kwargs& attributes) {
            NaptHelper helper;
            SetAttributes(NaptBox::GetTypeId(),
                          attributes,
                          [&helper](const std::string& n, const AttributeValue& v) {
                              Refusing([&]() { helper.SetAttribute(n, v); });
                          });
            return helper;
        }))
        .def(
            "SetAttribute",
            [](NaptHelper& helper, const std::string& n, const py::object& v) {
                // Checked against the TypeId now, with the bindings' messages.
                Ptr<AttributeValue> value
                    = CheckAttribute(NaptBox::GetTypeId(), n, v, AttributeUse::CONSTRUCT);
                Refusing([&]() { helper.SetAttribute(n, *value); });
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](const NaptHelper& helper,
               Ptr<Node> node,
               uint32_t insideInterface,
               uint32_t outsideInterface) {
                LiveNode(node);
                return Handed(Refusing(
                    [&]() { return helper.Install(node, insideInterface, outsideInterface); }));
            },
            py::arg("node"),
            py::arg("inside_interface"),
            py::arg("outside_interface"),
            "Make a node (with IPv4) a NAT between an inside and an outside IPv4 interface (the "
            "outside one's first address is the public address); returns the NaptBox. "
            "ValueError, the node unchanged, for a node without IPv4 or already a NAT, an "
            "interface out of range, inside equal to outside, an outside interface without an "
            "address, or PortRangeMin greater than PortRangeMax.")
        .def_static(
            "Get",
            [](Ptr<Node> node) { return Handed(NaptHelper::Get(LiveNode(node))); },
            py::arg("node"),
            "The node's NaptBox, or None.");
}

} // namespace ns3ipsec
