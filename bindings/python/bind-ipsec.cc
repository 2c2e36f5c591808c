/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bindings.h"

#include "ns3/application.h"
#include "ns3/ipsec-module.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-l3-protocol.h"

#include <cerrno>
#include <fstream>
#include <optional>
#include <pybind11/eval.h>
#include <set>
#include <sstream>

using namespace ns3;

namespace ns3ipsec
{

namespace
{
IpsecProtocol
ProtocolOf(const std::string& text)
{
    if (text == "esp")
    {
        return IpsecProtocol::ESP;
    }
    if (text == "ah")
    {
        return IpsecProtocol::AH;
    }
    throw py::value_error("protocol must be 'esp' or 'ah', not '" + text + "'");
}

IpsecMode
ModeOf(const std::string& text)
{
    if (text == "transport")
    {
        return IpsecMode::TRANSPORT;
    }
    if (text == "tunnel")
    {
        return IpsecMode::TUNNEL;
    }
    throw py::value_error("mode must be 'transport' or 'tunnel', not '" + text + "'");
}

IpsecLevel
LevelOf(const std::string& text)
{
    for (IpsecLevel l :
         {IpsecLevel::DEFAULT, IpsecLevel::USE, IpsecLevel::REQUIRE, IpsecLevel::UNIQUE})
    {
        if (ToString(l) == text)
        {
            return l;
        }
    }
    throw py::value_error("level must be default, use, require or unique, not '" + text + "'");
}

IpsecBytes
KeyOf(const std::string& hex)
{
    IpsecBytes key;
    if (!ipsec_crypto::ParseHex(hex, key))
    {
        throw py::value_error("not a hexadecimal key: '" + hex + "'");
    }
    return key;
}

/// The node's IPsec layer; a Python error (not an ns-3 abort) when there is none.
Ptr<IpsecL3Protocol>
IpsecOf(Ptr<Node> node)
{
    LiveNode(node);
    Ptr<IpsecL3Protocol> ipsec = node->GetObject<IpsecL3Protocol>();
    if (!ipsec)
    {
        throw py::value_error("node " + std::to_string(node->GetId())
                              + " has no IPsec: call IpsecHelper.Install first");
    }
    return ipsec;
}

/// Two ends of an SA pair: IPsec on both, and two different nodes.
void
CheckPair(Ptr<Node> a, Ptr<Node> b, const std::string& who)
{
    IpsecOf(a);
    IpsecOf(b);
    if (a == b)
    {
        throw py::value_error(who + ": both ends are node " + std::to_string(a->GetId())
                              + "; an SA pair joins two different nodes");
    }
}

/// \return an SA's or policy's address of either family, the two of one family
std::pair<IpsecAddress, IpsecAddress>
AddressPair(const AddressArg& a,
            const std::string& aName,
            const AddressArg& b,
            const std::string& bName)
{
    IpsecAddress first = IpOf(a, aName);
    IpsecAddress second = IpOf(b, bName);
    CheckOneFamily(first, aName, second, bName);
    return {first, second};
}

/**
 * \brief A selector's address and mask from Python: the address of either family, the mask of
 * its family (None: a host)
 */
std::pair<IpsecAddress, IpsecMask>
SelectorOf(const AddressArg& address, const py::object& mask, const std::string& what)
{
    IpsecAddress a = IpOf(address, what);
    return {a,
            mask.is_none() ? IpsecMask::Host(a.GetFamily())
                           : IpsecMaskOf(mask, a.GetFamily(), what + " mask")};
}

/// Two gateways and the networks behind them, from Python (ProtectNetworks, route-based VPNs).
struct GatewayNetworks
{
    IpsecAddress aAddress; //!< a's end of the tunnel
    IpsecAddress aNetwork; //!< the network behind a
    IpsecMask aMask;       //!< its mask
    IpsecAddress bAddress; //!< b's end of the tunnel
    IpsecAddress bNetwork; //!< the network behind b
    IpsecMask bMask;       //!< its mask
};

/// \return the checked arguments of \p who: endpoints of one family, networks of one family
GatewayNetworks
GatewayNetworksOf(Ptr<Node> a,
                  const AddressArg& aAddress,
                  const AddressArg& aNetwork,
                  const py::object& aMask,
                  Ptr<Node> b,
                  const AddressArg& bAddress,
                  const AddressArg& bNetwork,
                  const py::object& bMask,
                  const std::string& who)
{
    CheckPair(a, b, who);
    GatewayNetworks g;
    std::tie(g.aAddress, g.bAddress) = AddressPair(aAddress, "a_address", bAddress, "b_address");
    std::tie(g.aNetwork, g.aMask) = SelectorOf(aNetwork, aMask, "a_network");
    std::tie(g.bNetwork, g.bMask) = SelectorOf(bNetwork, bMask, "b_network");
    CheckOneFamily(g.aNetwork, "a_network", g.bNetwork, "b_network");
    return g;
}

/// A selector's address set from Python; a mask of another family becomes the new one's host.
void
SetSelectorAddress(IpsecAddress& address,
                   IpsecMask& mask,
                   const AddressArg& value,
                   const std::string& what)
{
    IpsecAddress a = IpOf(value, what);
    if (mask.GetFamily() != a.GetFamily())
    {
        mask = IpsecMask::Host(a.GetFamily());
    }
    address = a;
}

/// A selector's mask set from Python, of its address' family ("any": both families).
void
SetSelectorMask(const IpsecAddress& address,
                IpsecMask& mask,
                const py::object& value,
                const std::string& what)
{
    bool any = py::isinstance<py::str>(value) && value.cast<std::string>() == "any";
    mask = any ? IpsecMask::AnyFamily() : IpsecMaskOf(value, address.GetFamily(), what);
}

/// An algorithm name for a Suite field, checked against the registry.
std::string
AlgorithmOf(const std::string& name, bool encryption, bool allowNone, const std::string& field)
{
    if (allowNone && name == "none")
    {
        return name;
    }
    const IpsecAlgorithm* a = encryption ? IpsecAlgorithmRegistry::FindEncryption(name)
                                         : IpsecAlgorithmRegistry::FindIntegrity(name);
    if (!a || (!encryption && a->kind != IpsecAlgorithmKind::INTEGRITY))
    {
        throw py::value_error("Suite." + field + ": unknown "
                              + (encryption ? "encryption" : "authentication") + " algorithm '"
                              + name + "' (known: " + IpsecAlgorithmRegistry::NamesOf(encryption)
                              + (allowNone ? ", none" : "") + ")");
    }
    return a->name;
}

void
Check(const std::string& error)
{
    if (!error.empty())
    {
        throw py::value_error(error);
    }
}

/// One protocol's counters as a dict; drops by reason name, non-zero only.
py::dict
CountersOf(const IpsecStats::Protocol& p)
{
    py::dict d;
    d["packets_out"] = p.packetsOut;
    d["bytes_out"] = p.bytesOut;
    d["overhead_out"] = p.overheadOut;
    d["packets_in"] = p.packetsIn;
    d["bytes_in"] = p.bytesIn;
    d["dummy_in"] = p.dummyIn;
    py::dict drops;
    for (size_t r = 0; r < p.drops.size(); ++r)
    {
        if (p.drops[r] > 0)
        {
            drops[py::str(ToString(static_cast<IpsecDropReason>(r)))] = p.drops[r];
        }
    }
    d["drops"] = drops;
    return d;
}

py::dict
StatsOf(const IpsecStats& s)
{
    py::dict d;
    d["esp"] = CountersOf(s.Of(IpsecProtocol::ESP));
    d["ah"] = CountersOf(s.Of(IpsecProtocol::AH));
    py::dict policy;
    policy["bypass_out"] = s.policy.bypassOut;
    policy["clear_accepted_in"] = s.policy.clearAcceptedIn;
    policy["acquires"] = s.policy.acquires;
    policy["held"] = s.policy.held;
    policy["released"] = s.policy.released;
    policy["latched"] = s.policy.latched;
    policy["intra_machine_out"] = s.policy.intraMachineOut;
    policy["intra_machine_in"] = s.policy.intraMachineIn;
    py::dict drops;
    for (size_t r = 0; r < s.policy.drops.size(); ++r)
    {
        if (s.policy.drops[r] > 0)
        {
            drops[py::str(ToString(static_cast<IpsecDropReason>(r)))] = s.policy.drops[r];
        }
    }
    policy["drops"] = drops;
    d["policy"] = policy;
    py::dict wire;
    wire["datagrams_out"] = s.wire.datagramsOut;
    wire["fragments_out"] = s.wire.fragmentsOut;
    wire["added_fragments_out"] = s.wire.addedFragmentsOut;
    wire["ip_bytes_out"] = s.wire.ipBytesOut;
    wire["clear_ip_bytes_out"] = s.wire.clearIpBytesOut;
    wire["overhead_per_datagram"] = s.OverheadPerDatagram();
    d["wire"] = wire;
    py::dict natt;
    natt["encapsulated_out"] = s.natt.encapsulatedOut;
    natt["encapsulated_in"] = s.natt.encapsulatedIn;
    natt["keepalives_in"] = s.natt.keepalivesIn;
    natt["checksums_adjusted"] = s.natt.checksumsAdjusted;
    natt["checksums_recomputed"] = s.natt.checksumsRecomputed;
    d["natt"] = natt;
    d["total_drops"] = s.TotalDrops();
    return d;
}

/// Connect a Python callable to one of IpsecL3Protocol's trace sources.
void
ConnectTrace(IpsecL3Protocol& ipsec, const std::string& source, py::function function)
{
    CheckAlive(ipsec, "the IPsec layer");
    PyCallable f(std::move(function));
    bool ok;
    if (source == "Drop")
    {
        ok = ipsec.TraceConnectWithoutContext(
            source,
            Callback<void, Ptr<const Packet>, IpsecDropReason, IpsecDirection, uint32_t>(
                [f](Ptr<const Packet> p, IpsecDropReason r, IpsecDirection d, uint32_t spi) {
                    f(p->GetSize(), ToString(r), ToString(d), spi);
                }));
    }
    else if (source == "OutboundProtected" || source == "InboundVerified")
    {
        ok = ipsec.TraceConnectWithoutContext(
            source,
            Callback<void, Ptr<const Packet>, Ptr<const SecurityAssociation>>(
                [f](Ptr<const Packet> p, Ptr<const SecurityAssociation> sa) {
                    f(p->GetSize(), sa->GetSpi());
                }));
    }
    else if (source == "CleartextOut" || source == "CleartextIn")
    {
        ok = ipsec.TraceConnectWithoutContext(
            source,
            Callback<void, Ptr<const Packet>>([f](Ptr<const Packet> p) { f(p->GetSize()); }));
    }
    else if (source == "PolicyLog")
    {
        ok = ipsec.TraceConnectWithoutContext(
            source,
            Callback<void, const std::string&>([f](const std::string& message) { f(message); }));
    }
    else
    {
        ok = false;
    }
    if (!ok)
    {
        throw py::value_error("no trace source '" + source
                              + "' (Drop, OutboundProtected, InboundVerified, CleartextOut, "
                                "CleartextIn, PolicyLog)");
    }
}
/// A lifetime from keyword arguments bytes=, addtime=, usetime=, allocations=.
SecurityAssociation::Lifetime
LifetimeOf(const py::kwargs& limits)
{
    SecurityAssociation::Lifetime l;
    for (const auto& item : limits)
    {
        std::string name = item.first.cast<std::string>();
        if (!py::isinstance<py::int_>(item.second) || py::isinstance<py::bool_>(item.second)
            || item.second.cast<py::int_>() < py::int_(0)
            || item.second.cast<py::int_>() > py::int_(py::int_(UINT64_MAX)))
        {
            throw py::value_error("lifetime " + name
                                  + " must be a whole number from 0 to 2**64-1, not "
                                  + py::repr(item.second).cast<std::string>());
        }
        uint64_t value = item.second.cast<uint64_t>();
        if (name == "bytes")
        {
            l.bytes = value;
        }
        else if (name == "addtime")
        {
            l.addTime = value;
        }
        else if (name == "usetime")
        {
            l.useTime = value;
        }
        else if (name == "allocations")
        {
            l.allocations = value;
        }
        else
        {
            throw py::value_error("unknown lifetime '" + name
                                  + "' (bytes, addtime, usetime, allocations)");
        }
    }
    return l;
}

py::dict
AcquireOf(const IpsecAcquire& a)
{
    py::dict d;
    d["sequence"] = a.sequence;
    d["protocol"] = ToString(a.protocol);
    d["mode"] = ToString(a.mode);
    d["source"] = AddressText(a.source);
    d["destination"] = AddressText(a.destination);
    d["policy_id"] = a.policyId;
    d["level"] = ToString(a.proposal.level);
    d["per_flow"] = a.perFlow;
    d["flow"] = py::make_tuple(a.flow.protocol, a.flow.localPort, a.flow.remotePort);
    d["time"] = a.time.GetSeconds();
    return d;
}

py::dict
ExpireOf(const IpsecExpire& e)
{
    py::dict d;
    d["spi"] = e.sa->GetSpi();
    d["protocol"] = ToString(e.sa->GetProtocol());
    d["source"] = AddressText(e.sa->GetSource());
    d["destination"] = AddressText(e.sa->GetDestination());
    d["hard"] = e.hard;
    d["limit"] = ToString(e.limit);
    d["bytes"] = e.sa->GetBytes();
    d["packets"] = e.sa->GetPackets();
    d["time"] = e.time.GetSeconds();
    return d;
}

std::string
ErrorName(IpsecKeyError e)
{
    switch (e)
    {
        case IpsecKeyError::NONE:
            return "";
        case IpsecKeyError::NO_SUCH_SA:
            return "ESRCH";
        case IpsecKeyError::SPI_IN_USE:
            return "EEXIST";
        case IpsecKeyError::INVALID_ARGUMENT:
            return "EINVAL";
        case IpsecKeyError::NO_SUCH_POLICY:
            return "ENOENT";
        case IpsecKeyError::PERMISSION_DENIED:
            return "EACCES";
        case IpsecKeyError::POLICY_EXISTS:
            return "EEXIST";
    }
    return "EINVAL";
}

/// Connect a Python callable to one of the SADB's trace sources.
void
ConnectSadbTrace(SecurityAssociationDatabase& db, const std::string& source, py::function function)
{
    CheckAlive(db, "the SADB");
    PyCallable f(std::move(function));
    bool ok = false;
    if (source == "SaAdded" || source == "SaRemoved")
    {
        ok = db.TraceConnectWithoutContext(
            source,
            Callback<void, Ptr<const SecurityAssociation>>(
                [f](Ptr<const SecurityAssociation> sa) { f(sa->Describe()); }));
    }
    else if (source == "SaExpired")
    {
        ok = db.TraceConnectWithoutContext(
            source,
            Callback<void, Ptr<const SecurityAssociation>, bool, SecurityAssociation::Limit>(
                [f](Ptr<const SecurityAssociation> sa, bool hard, SecurityAssociation::Limit l) {
                    IpsecExpire e;
                    e.sa = sa;
                    e.hard = hard;
                    e.limit = l;
                    e.time = Simulator::Now();
                    f(ExpireOf(e));
                }));
    }
    if (!ok)
    {
        throw py::value_error("no trace source '" + source + "' (SaAdded, SaRemoved, SaExpired)");
    }
}
/// IpsecL3Protocol.GetStats()'s dict, as an IpsecStats (a dict that reads as the C++ struct).
py::object&
StatsWrapper()
{
    static auto* wrap = new py::object();
    return *wrap;
}

const char* const kStatsClasses = R"PY(
import re as _re


def _snake(name):
    return _re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class IpsecStatsPart(dict):
    """A part of IpsecStats (esp, ah, policy, wire): a dict whose keys also read as the C++
    fields, e.g. part["packets_out"] or part.packetsOut; drops is a dict by reason name."""

    __slots__ = ()

    def __getattr__(self, name):
        key = _snake(name)
        if key in self:
            return self[key]
        raise AttributeError(
            f"{type(self).__name__} has no field {name!r} (fields: {', '.join(self)})")


class IpsecStats(IpsecStatsPart):
    """IpsecL3Protocol.GetStats(): a dict (esp, ah, policy, wire, total_drops) that also reads
    as ns-3's IpsecStats: stats.Of("esp").packetsOut, stats.policy.bypassOut,
    stats.wire.datagramsOut, stats.OverheadPerDatagram(), stats.TotalDrops(),
    stats.Drops("auth-failed")."""

    __slots__ = ()

    def Of(self, protocol):
        key = str(protocol).lower()
        if key not in ("esp", "ah"):
            raise ValueError(f"IpsecStats.Of: 'esp' or 'ah', not {protocol!r}")
        return self[key]

    def TotalDrops(self):
        return self["total_drops"]

    def OverheadPerDatagram(self):
        return self["wire"]["overhead_per_datagram"]

    def Drops(self, reason):
        return sum(self[part]["drops"].get(reason, 0) for part in ("esp", "ah", "policy"))


def wrap(stats):
    return IpsecStats({key: IpsecStatsPart(value) if isinstance(value, dict) else value
                       for key, value in stats.items()})
)PY";
} // namespace

template <>
struct ToPython<IpsecDropReason>
{
    static py::object Convert(const IpsecDropReason& v) { return py::str(ToString(v)); }
};

template <>
struct ToPython<IpsecDirection>
{
    static py::object Convert(const IpsecDirection& v) { return py::str(ToString(v)); }
};

template <>
struct ToPython<SecurityAssociation::Limit>
{
    static py::object Convert(const SecurityAssociation::Limit& v) { return py::str(ToString(v)); }
};

template <>
struct ToPython<IpsecAcquire>
{
    static py::object Convert(const IpsecAcquire& v) { return AcquireOf(v); }
};

template <>
struct ToPython<IpsecExpire>
{
    static py::object Convert(const IpsecExpire& v) { return ExpireOf(v); }
};

namespace
{
void
RegisterIpsecSignatures()
{
    using PacketPtr = Ptr<const Packet>;
    using SaPtr = Ptr<const SecurityAssociation>;
    RegisterTraceSignature("ns3::IpsecL3Protocol::SaPacketTracedCallback",
                           MakeTraceSignature<PacketPtr, SaPtr>());
    RegisterTraceSignature(
        "ns3::IpsecL3Protocol::DropTracedCallback",
        MakeTraceSignature<PacketPtr, IpsecDropReason, IpsecDirection, uint32_t>());
    RegisterTraceSignature("ns3::IpsecL3Protocol::DatagramTracedCallback",
                           MakeTraceSignature<PacketPtr>());
    RegisterTraceSignature("ns3::IpsecL3Protocol::ClearTracedCallback",
                           MakeTraceSignature<const Ipv4Header&, PacketPtr>());
    RegisterTraceSignature("ns3::IpsecL3Protocol::Clear6TracedCallback",
                           MakeTraceSignature<const Ipv6Header&, PacketPtr>());
    RegisterTraceSignature("ns3::IpsecL3Protocol::PolicyLogTracedCallback",
                           MakeTraceSignature<const std::string&>());
    RegisterTraceSignature("ns3::SecurityAssociationDatabase::SaTracedCallback",
                           MakeTraceSignature<SaPtr>());
    RegisterTraceSignature("ns3::SecurityAssociationDatabase::ExpireTracedCallback",
                           MakeTraceSignature<SaPtr, bool, SecurityAssociation::Limit>());
    RegisterTraceSignature("ns3::IpsecKeyManagement::AcquireTracedCallback",
                           MakeTraceSignature<const IpsecAcquire&>());
    RegisterTraceSignature("ns3::IpsecKeyManagement::ExpireTracedCallback",
                           MakeTraceSignature<const IpsecExpire&>());
    RegisterTraceSignature("ns3::IcmpEchoClient::RttTracedCallback",
                           MakeTraceSignature<uint16_t, Time>());
    RegisterTraceSignature("ns3::IpsecTeachingKeyManager::InstalledTracedCallback",
                           MakeTraceSignature<SaPtr, SaPtr, bool>());
}
} // namespace

void
BindIpsec(py::module_& m)
{
    RegisterIpsecSignatures();
    {
        py::dict scope;
        scope["__builtins__"] = py::module_::import("builtins");
        scope["__name__"] = "ns3ipsec";
        py::exec(kStatsClasses, scope);
        m.attr("IpsecStats") = scope["IpsecStats"];
        m.attr("IpsecStatsPart") = scope["IpsecStatsPart"];
        StatsWrapper() = scope["wrap"];
    }
    py::class_<IpsecAlgorithm>(m, "IpsecAlgorithm", "One entry of the algorithm registry.")
        .def_readonly("name", &IpsecAlgorithm::name)
        .def_readonly("aliases", &IpsecAlgorithm::aliases)
        .def_readonly("key_bits_min", &IpsecAlgorithm::keyBitsMin)
        .def_readonly("key_bits_max", &IpsecAlgorithm::keyBitsMax)
        .def_readonly("key_bits_default", &IpsecAlgorithm::keyBitsDefault)
        .def_readonly("icv_bytes", &IpsecAlgorithm::icvBytes)
        .def_readonly("iv_bytes", &IpsecAlgorithm::ivBytes)
        .def_readonly("rfc", &IpsecAlgorithm::rfc)
        .def_property_readonly("kind", [](const IpsecAlgorithm& a) {
            switch (a.kind)
            {
                case IpsecAlgorithmKind::INTEGRITY:
                    return "integrity";
                case IpsecAlgorithmKind::CIPHER:
                    return "cipher";
                case IpsecAlgorithmKind::AEAD:
                    return "aead";
            }
            return "";
        });
    m.def(
        "Algorithms",
        []() {
            std::vector<const IpsecAlgorithm*> out;
            for (const auto& a : IpsecAlgorithmRegistry::All())
            {
                out.push_back(&a);
            }
            return out;
        },
        py::return_value_policy::reference,
        "The algorithm registry.");

    py::class_<IpsecHelper::Suite>(m, "Suite", "A named protection suite for ProtectPair.")
        .def(py::init<>())
        .def_static(
            "Parse",
            [](const std::string& protocol, const std::string& encr, const std::string& auth) {
                try
                {
                    return IpsecHelper::Suite::Parse(protocol, encr, auth);
                }
                catch (const std::exception& e)
                {
                    throw py::value_error(e.what());
                }
            },
            py::arg("protocol"),
            py::arg("encryption") = "aes-cbc",
            py::arg("authentication") = "hmac-sha256-128")
        .def_readwrite("esp", &IpsecHelper::Suite::esp)
        .def_readwrite("ah", &IpsecHelper::Suite::ah)
        .def_property(
            "encryption",
            [](const IpsecHelper::Suite& s) { return s.encryption; },
            [](IpsecHelper::Suite& s, const std::string& name) {
                s.encryption = AlgorithmOf(name, true, false, "encryption");
            })
        .def_property(
            "authentication",
            [](const IpsecHelper::Suite& s) { return s.authentication; },
            [](IpsecHelper::Suite& s, const std::string& name) {
                s.authentication = AlgorithmOf(name, false, true, "authentication");
            })
        .def_property(
            "ah_authentication",
            [](const IpsecHelper::Suite& s) { return s.ahAuthentication; },
            [](IpsecHelper::Suite& s, const std::string& name) {
                s.ahAuthentication = AlgorithmOf(name, false, false, "ah_authentication");
            })
        .def_property(
            "replay_window",
            [](const IpsecHelper::Suite& s) { return s.replayWindow; },
            [](IpsecHelper::Suite& s, uint32_t packets) {
                if (packets > ReplayWindow::MAX_SIZE)
                {
                    throw py::value_error("Suite.replay_window: at most "
                                          + std::to_string(ReplayWindow::MAX_SIZE)
                                          + " packets, not " + std::to_string(packets));
                }
                s.replayWindow = packets;
            })
        .def_readwrite("extended_sequence_numbers", &IpsecHelper::Suite::extendedSequenceNumbers)
        .def_property(
            "level",
            [](const IpsecHelper::Suite& s) { return ToString(s.level); },
            [](IpsecHelper::Suite& s, const std::string& l) { s.level = LevelOf(l); });

    py::class_<SecurityAssociation, Ptr<SecurityAssociation>>(m, "SecurityAssociation")
        .def(py::init([](const std::string& protocol,
                         uint32_t spi,
                         const AddressArg& source,
                         const AddressArg& destination) {
                 auto [from, to] = AddressPair(source, "source", destination, "destination");
                 return Create<SecurityAssociation>(ProtocolOf(protocol), spi, from, to);
             }),
             py::arg("protocol"),
             py::arg("spi"),
             py::arg("source"),
             py::arg("destination"),
             "An SA from source to destination, both IPv4 or both IPv6 (tunnel mode: the outer "
             "addresses).")
        .def(
            "SetEncryption",
            [](SecurityAssociation& sa, const std::string& name, const std::string& hex) {
                sa.SetEncryption(name, KeyOf(hex));
            },
            py::arg("name"),
            py::arg("key_hex"))
        .def(
            "SetAuthentication",
            [](SecurityAssociation& sa, const std::string& name, const std::string& hex) {
                sa.SetAuthentication(name, KeyOf(hex));
            },
            py::arg("name"),
            py::arg("key_hex"))
        .def("SetMode",
             [](SecurityAssociation& sa, const std::string& m) { sa.SetMode(ModeOf(m)); })
        .def("SetReplayWindow", &SecurityAssociation::SetReplayWindow)
        .def("SetExtendedSequenceNumbers", &SecurityAssociation::SetExtendedSequenceNumbers)
        .def("SetLastSequence", &SecurityAssociation::SetLastSequence)
        .def(
            "SetSoftLifetime",
            [](SecurityAssociation& sa, const py::kwargs& limits) {
                sa.SetSoftLifetime(LifetimeOf(limits));
            },
            "Soft limits: bytes=, addtime=, usetime=, allocations= (0 = none).")
        .def(
            "SetHardLifetime",
            [](SecurityAssociation& sa, const py::kwargs& limits) {
                sa.SetHardLifetime(LifetimeOf(limits));
            },
            "Hard limits: bytes=, addtime=, usetime=, allocations= (0 = none).")
        .def(
            "SetUdpEncapsulation",
            [](SecurityAssociation& sa,
               uint16_t sourcePort,
               uint16_t destinationPort,
               const std::optional<AddressArg>& natLocal,
               const std::optional<AddressArg>& natRemote) {
                SecurityAssociation::Encapsulation e;
                e.udp = true;
                e.sourcePort = sourcePort;
                e.destinationPort = destinationPort;
                if (natLocal)
                {
                    e.natLocal = IpOf(*natLocal, "nat_local");
                }
                if (natRemote)
                {
                    e.natRemote = IpOf(*natRemote, "nat_remote");
                }
                sa.SetEncapsulation(e);
            },
            py::arg("source_port") = 4500,
            py::arg("destination_port") = 4500,
            py::arg("nat_local") = py::none(),
            py::arg("nat_remote") = py::none(),
            "ESP in UDP (RFC 3948; ipseckey encap udp, setkey esp-udp): the SA's UDP ports and "
            "its NAT-T addresses (nat_loc, nat_rem). Checked when the SA is added.")
        .def(
            "GetUdpEncapsulation",
            [](const SecurityAssociation& sa) -> py::object {
                if (!sa.IsUdpEncapsulated())
                {
                    return py::none();
                }
                const SecurityAssociation::Encapsulation& e = sa.GetEncapsulation();
                py::dict d;
                d["source_port"] = e.sourcePort;
                d["destination_port"] = e.destinationPort;
                d["nat_local"] = e.natLocal.IsAny() ? py::none() : AddressObject(e.natLocal);
                d["nat_remote"] = e.natRemote.IsAny() ? py::none() : AddressObject(e.natRemote);
                return d;
            },
            "The UDP encapsulation as a dict, or None when the SA is plain ESP or AH.")
        .def("GetBytes", &SecurityAssociation::GetBytes)
        .def("GetPackets", &SecurityAssociation::GetPackets)
        .def("GetSpi", &SecurityAssociation::GetSpi)
        .def(
            "SetSelectors",
            [](SecurityAssociation& sa,
               const std::optional<AddressArg>& source,
               const py::object& sourceMask,
               const std::optional<AddressArg>& destination,
               const py::object& destinationMask,
               int protocol,
               uint16_t sourcePort,
               uint16_t destinationPort) {
                if (protocol < -1 || protocol > 255)
                {
                    throw py::value_error("SetSelectors: protocol is an IP protocol number "
                                          "0-255, or -1 for any; not "
                                          + std::to_string(protocol));
                }
                SecurityAssociation::Selectors s;
                if (source)
                {
                    std::tie(s.source, s.sourceMask) = SelectorOf(*source, sourceMask, "source");
                }
                if (destination)
                {
                    std::tie(s.destination, s.destinationMask)
                        = SelectorOf(*destination, destinationMask, "destination");
                }
                if (source && destination)
                {
                    CheckOneFamily(s.source, "source", s.destination, "destination");
                }
                s.protocol = static_cast<int16_t>(protocol);
                s.sourcePort = sourcePort;
                s.destinationPort = destinationPort;
                sa.SetSelectors(s);
            },
            py::arg("source") = py::none(),
            py::arg("source_mask") = py::none(),
            py::arg("destination") = py::none(),
            py::arg("destination_mask") = py::none(),
            py::arg("protocol") = -1,
            py::arg("source_port") = 0,
            py::arg("destination_port") = 0,
            "The SA's own selectors (ipseckey isrc/idst, proto, sport, dport): addresses of "
            "either family, masks of theirs (None: the host; Ipv4Mask, Ipv6Prefix, '/24', "
            "'/64'); unset: any.")
        .def(
            "GetSelectors",
            [](const SecurityAssociation& sa) {
                const SecurityAssociation::Selectors& s = sa.GetSelectors();
                py::dict d;
                d["source"] = AddressObject(s.source);
                d["source_mask"] = MaskObject(s.sourceMask);
                d["destination"] = AddressObject(s.destination);
                d["destination_mask"] = MaskObject(s.destinationMask);
                d["protocol"] = s.protocol;
                d["source_port"] = s.sourcePort;
                d["destination_port"] = s.destinationPort;
                return d;
            },
            "The SA's own selectors as a dict (addresses as Ipv4Address/Ipv6Address, masks as "
            "Ipv4Mask/Ipv6Prefix).")
        .def("GetMode", [](const SecurityAssociation& sa) { return ToString(sa.GetMode()); })
        .def("GetSource",
             [](const SecurityAssociation& sa) { return AddressObject(sa.GetSource()); })
        .def("GetDestination",
             [](const SecurityAssociation& sa) { return AddressObject(sa.GetDestination()); })
        .def("GetProtocol",
             [](const SecurityAssociation& sa) { return ToString(sa.GetProtocol()); })
        .def("GetState", [](const SecurityAssociation& sa) { return ToString(sa.GetState()); })
        .def("GetLastSequence", &SecurityAssociation::GetLastSequence)
        .def("Describe", &SecurityAssociation::Describe)
        .def("__repr__", &SecurityAssociation::Describe);

    py::class_<IpsecProtectionRequest>(m, "ProtectionRequest", "One AH or ESP request of a policy.")
        .def(py::init([](const std::string& protocol,
                         const std::string& mode,
                         const std::string& level,
                         const std::optional<AddressArg>& tunnelSource,
                         const std::optional<AddressArg>& tunnelDestination) {
                 IpsecProtectionRequest r;
                 r.protocol = ProtocolOf(protocol);
                 r.mode = ModeOf(mode);
                 r.level = LevelOf(level);
                 if (tunnelSource.has_value() != tunnelDestination.has_value()
                     || (tunnelSource && r.mode != IpsecMode::TUNNEL))
                 {
                     throw py::value_error("ProtectionRequest: a tunnel-mode request takes both "
                                           "tunnel_source and tunnel_destination, other requests "
                                           "neither");
                 }
                 if (tunnelSource)
                 {
                     std::tie(r.tunnelSource, r.tunnelDestination)
                         = AddressPair(*tunnelSource,
                                       "tunnel_source",
                                       *tunnelDestination,
                                       "tunnel_destination");
                 }
                 return r;
             }),
             py::arg("protocol") = "esp",
             py::arg("mode") = "transport",
             py::arg("level") = "require",
             py::arg("tunnel_source") = py::none(),
             py::arg("tunnel_destination") = py::none(),
             "A tunnel-mode request names its outer endpoints as seen outbound, both IPv4 or "
             "both IPv6 (of either family whatever the policy's).")
        .def_property_readonly("protocol",
                               [](const IpsecProtectionRequest& r) { return ToString(r.protocol); })
        .def_property_readonly("mode",
                               [](const IpsecProtectionRequest& r) { return ToString(r.mode); })
        .def_property_readonly("level",
                               [](const IpsecProtectionRequest& r) { return ToString(r.level); })
        .def_property_readonly(
            "tunnel_source",
            [](const IpsecProtectionRequest& r) { return AddressObject(r.tunnelSource); })
        .def_property_readonly(
            "tunnel_destination",
            [](const IpsecProtectionRequest& r) { return AddressObject(r.tunnelDestination); })
        .def("__repr__", &IpsecProtectionRequest::ToString);

    py::class_<SecurityPolicy, Ptr<SecurityPolicy>>(m, "SecurityPolicy")
        .def_static(
            "HostPair",
            [](const AddressArg& local,
               const AddressArg& remote,
               const std::vector<IpsecProtectionRequest>& bundle) {
                auto [l, r] = AddressPair(local, "local", remote, "remote");
                return SecurityPolicy::HostPair(l, r, bundle);
            },
            py::arg("local"),
            py::arg("remote"),
            py::arg("bundle"),
            "Protect traffic between two addresses (both IPv4 or both IPv6) in both directions.")
        .def_static(
            "Networks",
            [](const AddressArg& localNetwork,
               const py::object& localMask,
               const AddressArg& remoteNetwork,
               const py::object& remoteMask,
               const std::vector<IpsecProtectionRequest>& bundle) {
                auto [l, lm] = SelectorOf(localNetwork, localMask, "local_network");
                auto [r, rm] = SelectorOf(remoteNetwork, remoteMask, "remote_network");
                CheckOneFamily(l, "local_network", r, "remote_network");
                return SecurityPolicy::Networks(l, lm, r, rm, bundle);
            },
            py::arg("local_network"),
            py::arg("local_mask"),
            py::arg("remote_network"),
            py::arg("remote_mask"),
            py::arg("bundle"),
            "Protect traffic between two networks (both IPv4 or both IPv6; masks Ipv4Mask, "
            "Ipv6Prefix, '/24', '/64') in both directions: a gateway's policy, with tunnel-mode "
            "requests.")
        .def_static(
            "Bypass",
            [](const AddressArg& local, const AddressArg& remote) {
                auto [l, r] = AddressPair(local, "local", remote, "remote");
                Ptr<SecurityPolicy> p = SecurityPolicy::HostPair(l, r, {});
                p->action = SecurityPolicy::Action::BYPASS;
                p->alternatives.clear();
                return p;
            },
            py::arg("local"),
            py::arg("remote"))
        .def_property(
            "protocol",
            [](const SecurityPolicy& p) { return p.protocol; },
            [](SecurityPolicy& p, int v) {
                if (v < -1 || v > 255)
                {
                    throw py::value_error("SecurityPolicy.protocol: an IP protocol number 0-255, "
                                          "or -1 for any; not "
                                          + std::to_string(v));
                }
                p.protocol = static_cast<int16_t>(v);
            })
        .def_property(
            "remote_port",
            [](const SecurityPolicy& p) { return p.remotePortMin; },
            [](SecurityPolicy& p, uint16_t port) { p.remotePortMin = p.remotePortMax = port; })
        .def_property(
            "local_port",
            [](const SecurityPolicy& p) { return p.localPortMin; },
            [](SecurityPolicy& p, uint16_t port) { p.localPortMin = p.localPortMax = port; })
        .def_property(
            "local_address",
            [](const SecurityPolicy& p) { return AddressObject(p.localAddress); },
            [](SecurityPolicy& p, const AddressArg& a) {
                SetSelectorAddress(p.localAddress, p.localMask, a, "local_address");
            },
            "laddr, of either family (setting one of another family makes local_mask its host "
            "mask).")
        .def_property(
            "local_mask",
            [](const SecurityPolicy& p) { return MaskObject(p.localMask); },
            [](SecurityPolicy& p, const py::object& mask) {
                SetSelectorMask(p.localAddress, p.localMask, mask, "local_mask");
            },
            "Ipv4Mask or Ipv6Prefix of local_address' family ('/24', '/64' text too), or 'any' "
            "(both families).")
        .def_property(
            "remote_address",
            [](const SecurityPolicy& p) { return AddressObject(p.remoteAddress); },
            [](SecurityPolicy& p, const AddressArg& a) {
                SetSelectorAddress(p.remoteAddress, p.remoteMask, a, "remote_address");
            },
            "raddr, of either family (setting one of another family makes remote_mask its "
            "host mask).")
        .def_property(
            "remote_mask",
            [](const SecurityPolicy& p) { return MaskObject(p.remoteMask); },
            [](SecurityPolicy& p, const py::object& mask) {
                SetSelectorMask(p.remoteAddress, p.remoteMask, mask, "remote_mask");
            },
            "Ipv4Mask or Ipv6Prefix of remote_address' family, or 'any'.")
        .def_property_readonly(
            "bundles",
            [](const SecurityPolicy& p) { return p.alternatives; },
            "The alternatives of an IPsec policy, each a list of "
            "ProtectionRequest.")
        .def("GetId", &SecurityPolicy::GetId)
        .def("__repr__", &SecurityPolicy::ToString);

    py::class_<SecurityAssociationDatabase, Object, Ptr<SecurityAssociationDatabase>>(
        m,
        "SecurityAssociationDatabase")
        .def(
            "Add",
            [](SecurityAssociationDatabase& db, Ptr<SecurityAssociation> sa) {
                CheckAlive(db, "the SADB");
                Check(db.Add(NotNone(sa, "the SA")));
            },
            py::arg("sa"))
        .def("Delete",
             [](SecurityAssociationDatabase& db,
                const std::string& protocol,
                const AddressArg& destination,
                uint32_t spi) {
                 CheckAlive(db, "the SADB");
                 return db.Delete(ProtocolOf(protocol), IpOf(destination, "destination"), spi);
             })
        .def("Get",
             [](SecurityAssociationDatabase& db,
                const std::string& protocol,
                const AddressArg& destination,
                uint32_t spi) {
                 CheckAlive(db, "the SADB");
                 return db.Get(ProtocolOf(protocol), IpOf(destination, "destination"), spi);
             })
        .def("Flush",
             [](SecurityAssociationDatabase& db) {
                 CheckAlive(db, "the SADB");
                 db.Flush();
             })
        .def("Dump", Alive(&SecurityAssociationDatabase::Dump, "the SADB"))
        .def("GetN", Alive(&SecurityAssociationDatabase::GetN, "the SADB"))
        .def("__len__", Alive(&SecurityAssociationDatabase::GetN, "the SADB"))
        .def(
            "SetAttribute",
            [](SecurityAssociationDatabase& db, const std::string& n, const py::object& v) {
                SetObjectAttribute(db, n, v);
            },
            py::arg("name"),
            py::arg("value"))
        .def("TraceConnect",
             &ConnectSadbTrace,
             py::arg("source"),
             py::arg("callback"),
             "The bindings' short form: SaAdded(description), SaRemoved(description), "
             "SaExpired(dict). TraceConnectWithoutContext passes ns-3's arguments.")
        .def(
            "TraceConnect",
            [](SecurityAssociationDatabase& db,
               const std::string& name,
               const std::string& context,
               py::function f) { return ConnectObjectTrace(db, name, &context, std::move(f)); },
            py::arg("name"),
            py::arg("context"),
            py::arg("callback"));
    SetTypeIdName(m.attr("SecurityAssociationDatabase"), "ns3::SecurityAssociationDatabase");

    py::class_<IpsecKeyResult>(m, "KeyResult", "The reply to a key management message.")
        .def_property_readonly("ok", &IpsecKeyResult::Ok)
        .def_property_readonly("error", [](const IpsecKeyResult& r) { return ErrorName(r.error); })
        .def_property_readonly("errno", &IpsecKeyResult::Errno)
        .def_readonly("message", &IpsecKeyResult::message)
        .def_readonly("spi", &IpsecKeyResult::spi)
        .def_readonly("sa", &IpsecKeyResult::sa)
        .def_readonly("sas", &IpsecKeyResult::sas)
        .def("__bool__", &IpsecKeyResult::Ok);

    py::class_<IpsecKeyManagement, Object, Ptr<IpsecKeyManagement>>(
        m,
        "IpsecKeyManagement",
        "A node's PF_KEY-style key management interface; errors are values (KeyResult).")
        .def(
            "Register",
            [](IpsecKeyManagement& k,
               const std::string& protocol,
               std::optional<py::function> acquire,
               std::optional<py::function> expire) {
                CheckAlive(k, "the key management interface");
                IpsecKeyManagement::AcquireCallback a;
                IpsecKeyManagement::ExpireCallback e;
                if (acquire)
                {
                    PyCallable f(*acquire);
                    a = IpsecKeyManagement::AcquireCallback(
                        [f](const IpsecAcquire& q) { f(AcquireOf(q)); });
                }
                if (expire)
                {
                    PyCallable f(*expire);
                    e = IpsecKeyManagement::ExpireCallback(
                        [f](const IpsecExpire& x) { f(ExpireOf(x)); });
                }
                return k.Register(ProtocolOf(protocol), a, e).id;
            },
            py::arg("protocol"),
            py::arg("acquire") = py::none(),
            py::arg("expire") = py::none(),
            "SADB_REGISTER: acquire(dict) and expire(dict) are called for that SA type.")
        .def("Unregister", Alive(&IpsecKeyManagement::Unregister, "the key management interface"))
        .def(
            "GetSpi",
            [](IpsecKeyManagement& k,
               const std::string& protocol,
               const AddressArg& source,
               const AddressArg& destination,
               uint32_t minSpi,
               uint32_t maxSpi) {
                CheckAlive(k, "the key management interface");
                auto [from, to] = AddressPair(source, "source", destination, "destination");
                return k.GetSpi(ProtocolOf(protocol), from, to, minSpi, maxSpi);
            },
            py::arg("protocol"),
            py::arg("source"),
            py::arg("destination"),
            py::arg("min") = 0x100,
            py::arg("max") = 0xffffffff)
        .def(
            "Add",
            [](IpsecKeyManagement& k, Ptr<SecurityAssociation> sa) {
                CheckAlive(k, "the key management interface");
                return k.Add(NotNone(sa, "the SA"));
            },
            py::arg("sa"))
        .def(
            "Update",
            [](IpsecKeyManagement& k, Ptr<SecurityAssociation> sa) {
                CheckAlive(k, "the key management interface");
                return k.Update(NotNone(sa, "the SA"));
            },
            py::arg("sa"))
        .def("Delete",
             [](IpsecKeyManagement& k,
                const std::string& protocol,
                const AddressArg& destination,
                uint32_t spi) {
                 CheckAlive(k, "the key management interface");
                 return k.Delete(ProtocolOf(protocol), IpOf(destination, "destination"), spi);
             })
        .def("Get",
             [](IpsecKeyManagement& k,
                const std::string& protocol,
                const AddressArg& destination,
                uint32_t spi) {
                 CheckAlive(k, "the key management interface");
                 return k.Get(ProtocolOf(protocol), IpOf(destination, "destination"), spi);
             })
        .def("Flush",
             [](IpsecKeyManagement& k) {
                 CheckAlive(k, "the key management interface");
                 return k.Flush();
             })
        .def("Dump", [](IpsecKeyManagement& k) {
            CheckAlive(k, "the key management interface");
            return k.Dump();
        });

    struct TeachingHelper
    {
        IpsecTeachingKeyManagerHelper helper;
        uint16_t port; //!< the control channel's UDP port
    };
    py::class_<TeachingHelper>(
        m,
        "IpsecTeachingKeyManagerHelper",
        "Installs the teaching key manager (not IKE: keys cross its UDP channel in the clear).")
        .def(py::init([](const py::kwargs& attributes) {
            TypeId tid = IpsecTeachingKeyManager::GetTypeId();
            TeachingHelper h;
            UintegerValue port;
            port.Set(DynamicCast<const UintegerValue>(
                         FindAttribute(tid, "Port", AttributeUse::CONSTRUCT).initialValue)
                         ->Get());
            SetAttributes(tid,
                          attributes,
                          [&h, &port](const std::string& n, const AttributeValue& v) {
                              h.helper.SetAttribute(n, v);
                              if (n == "Port")
                              {
                                  port.Set(dynamic_cast<const UintegerValue&>(v).Get());
                              }
                          });
            h.port = static_cast<uint16_t>(port.Get());
            return h;
        }))
        .def(
            "Install",
            [](TeachingHelper& h, const NodesArg& arg) {
                NodeContainer nodes = NodesOf(arg);
                for (uint32_t i = 0; i < nodes.GetN(); ++i)
                {
                    IpsecOf(nodes.Get(i));
                }
                ClaimPorts(nodes, "udp", h.port, "a teaching key manager");
                return h.helper.Install(nodes);
            },
            py::arg("nodes"))
        .def_static("AssignStreams",
                    &IpsecTeachingKeyManagerHelper::AssignStreams,
                    py::arg("apps"),
                    py::arg("stream"));
    m.def(
        "TeachingKeyManagerCounts",
        [](const ApplicationContainer& apps, int64_t i) {
            int64_t j = i < 0 ? i + apps.GetN() : i;
            if (j < 0 || j >= apps.GetN())
            {
                throw py::index_error("application index " + std::to_string(i)
                                      + " out of range (the container holds "
                                      + std::to_string(apps.GetN()) + ")");
            }
            Ptr<IpsecTeachingKeyManager> k
                = DynamicCast<IpsecTeachingKeyManager>(apps.Get(static_cast<uint32_t>(j)));
            if (!k)
            {
                throw py::value_error("not a teaching key manager");
            }
            py::dict d;
            d["initiated"] = k->GetInitiated();
            d["responded"] = k->GetResponded();
            d["failed"] = k->GetFailed();
            d["collisions"] = k->GetCollisions();
            return d;
        },
        py::arg("apps"),
        py::arg("i"),
        "Exchanges of the i-th teaching key manager of a container.");

    py::class_<SecurityPolicyDatabase, Object, Ptr<SecurityPolicyDatabase>>(
        m,
        "SecurityPolicyDatabase")
        .def(
            "Add",
            [](SecurityPolicyDatabase& spd, Ptr<SecurityPolicy> policy) {
                CheckAlive(spd, "the SPD");
                return spd.Add(NotNone(policy, "the policy"));
            },
            py::arg("policy"))
        .def("Remove", Alive(&SecurityPolicyDatabase::Remove, "the SPD"))
        .def("Flush", Alive(&SecurityPolicyDatabase::Flush, "the SPD"))
        .def("Dump", Alive(&SecurityPolicyDatabase::Dump, "the SPD"))
        .def("GetN", Alive(&SecurityPolicyDatabase::GetN, "the SPD"))
        .def("__len__", Alive(&SecurityPolicyDatabase::GetN, "the SPD"));

    py::class_<IpsecL3Protocol, Object, Ptr<IpsecL3Protocol>>(m,
                                                              "IpsecL3Protocol",
                                                              "A node's IPsec layer.")
        .def("GetSpd",
             [](IpsecL3Protocol& i) {
                 CheckAlive(i, "the IPsec layer");
                 return Handed(i.GetSpd());
             })
        .def("GetSadb",
             [](IpsecL3Protocol& i) {
                 CheckAlive(i, "the IPsec layer");
                 return Handed(i.GetSadb());
             })
        .def("GetKeyManagement",
             [](IpsecL3Protocol& i) {
                 CheckAlive(i, "the IPsec layer");
                 return Handed(i.GetKeyManagement());
             })
        .def("GetHeldPackets", Alive(&IpsecL3Protocol::GetHeldPackets, "the IPsec layer"))
        .def(
            "GetStats",
            [](const IpsecL3Protocol& i) {
                CheckAlive(i, "the IPsec layer");
                return StatsWrapper()(StatsOf(i.GetStats()));
            },
            "Counters as an IpsecStats: a dict (esp, ah, policy with drops by reason name, wire, "
            "total_drops) that also reads as the C++ struct (stats.wire.datagramsOut, "
            "stats.OverheadPerDatagram()).")
        .def("ResetStats", Alive(&IpsecL3Protocol::ResetStats, "the IPsec layer"))
        .def("StatsTable",
             [](const IpsecL3Protocol& i) {
                 CheckAlive(i, "the IPsec layer");
                 std::ostringstream oss;
                 i.GetStats().Print(oss);
                 return oss.str();
             })
        .def("TraceConnect",
             &ConnectTrace,
             py::arg("source"),
             py::arg("callback"),
             "The bindings' short form: Drop(size, reason, direction, spi), "
             "OutboundProtected/InboundVerified(size, spi), CleartextOut/CleartextIn(size), "
             "PolicyLog(message). TraceConnectWithoutContext passes ns-3's arguments (Packet, "
             "SecurityAssociation, ...).")
        .def(
            "TraceConnect",
            [](IpsecL3Protocol& i,
               const std::string& name,
               const std::string& context,
               py::function f) { return ConnectObjectTrace(i, name, &context, std::move(f)); },
            py::arg("name"),
            py::arg("context"),
            py::arg("callback"));
    SetTypeIdName(m.attr("IpsecL3Protocol"), "ns3::IpsecL3Protocol");

    py::class_<IpsecHelper>(m, "IpsecHelper", "Installs and configures IPsec on nodes.")
        .def(py::init<>())
        .def(
            "SetAttribute",
            [](IpsecHelper& h, const std::string& n, const py::object& v) {
                // Checked against the TypeId now rather than at Install time.
                h.SetAttribute(
                    n,
                    *CheckAttribute(IpsecL3Protocol::GetTypeId(), n, v, AttributeUse::CONSTRUCT));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](const IpsecHelper& h, const NodesArg& arg) {
                NodeContainer nodes = NodesOf(arg);
                std::set<uint32_t> seen;
                for (uint32_t i = 0; i < nodes.GetN(); ++i)
                {
                    Ptr<Node> node = LiveNode(nodes.Get(i));
                    // Either family will do: the layer attaches to IPv4, IPv6 or both.
                    if (!node->GetObject<Ipv4L3Protocol>() && !node->GetObject<Ipv6L3Protocol>())
                    {
                        throw py::value_error("node " + std::to_string(node->GetId())
                                              + " has no internet stack (IPv4 or IPv6): call "
                                                "InternetStackHelper.Install first");
                    }
                    if (node->GetObject<IpsecL3Protocol>() || !seen.insert(node->GetId()).second)
                    {
                        throw py::value_error("node " + std::to_string(node->GetId())
                                              + " already has IPsec");
                    }
                }
                h.Install(nodes);
            },
            py::arg("nodes"))
        .def_static(
            "Get",
            [](Ptr<Node> node) { return Handed(IpsecOf(node)); },
            py::arg("node"))
        .def_static(
            "AddPolicy",
            [](Ptr<Node> node, Ptr<SecurityPolicy> policy) {
                return IpsecOf(node)->GetSpd()->Add(NotNone(policy, "the policy"));
            },
            py::arg("node"),
            py::arg("policy"))
        .def_static(
            "AddSa",
            [](Ptr<Node> node, Ptr<SecurityAssociation> sa) {
                Check(IpsecOf(node)->GetSadb()->Add(NotNone(sa, "the SA")));
            },
            py::arg("node"),
            py::arg("sa"))
        .def(
            "ProtectPair",
            [](IpsecHelper& h,
               Ptr<Node> a,
               const AddressArg& aAddress,
               Ptr<Node> b,
               const AddressArg& bAddress,
               const IpsecHelper::Suite& suite) {
                CheckPair(a, b, "IpsecHelper.ProtectPair");
                // Named variables, not structured bindings: the lambdas below capture them.
                IpsecAddress aa;
                IpsecAddress ba;
                std::tie(aa, ba) = AddressPair(aAddress, "a_address", bAddress, "b_address");
                Refusing([&]() { h.ProtectPair(a, aa, b, ba, suite); });
            },
            py::arg("a"),
            py::arg("a_address"),
            py::arg("b"),
            py::arg("b_address"),
            py::arg("suite"),
            "Transport-mode SAs and policy between two hosts' addresses, both IPv4 or both "
            "IPv6.")
        .def(
            "KeyPair",
            [](IpsecHelper& h,
               Ptr<Node> a,
               const AddressArg& aAddress,
               Ptr<Node> b,
               const AddressArg& bAddress,
               const IpsecHelper::Suite& suite,
               bool tunnel,
               uint32_t aPolicyId) {
                CheckPair(a, b, "IpsecHelper.KeyPair");
                // Named variables, not structured bindings: the lambdas below capture them.
                IpsecAddress aa;
                IpsecAddress ba;
                std::tie(aa, ba) = AddressPair(aAddress, "a_address", bAddress, "b_address");
                Refusing([&]() {
                    h.KeyPair(a,
                              aa,
                              b,
                              ba,
                              suite,
                              tunnel ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT,
                              aPolicyId);
                });
            },
            py::arg("a"),
            py::arg("a_address"),
            py::arg("b"),
            py::arg("b_address"),
            py::arg("suite"),
            py::arg("tunnel") = false,
            py::arg("a_policy_id") = 0,
            "SA pairs only, no policy (for per-socket policy); tunnel=True for "
            "self-encapsulation; a_policy_id reserves a's SAs for a UNIQUE socket.")
        .def(
            "ProtectNetworks",
            [](IpsecHelper& h,
               Ptr<Node> a,
               const AddressArg& aAddress,
               const AddressArg& aNetwork,
               const py::object& aMask,
               Ptr<Node> b,
               const AddressArg& bAddress,
               const AddressArg& bNetwork,
               const py::object& bMask,
               const IpsecHelper::Suite& suite) {
                GatewayNetworks g = GatewayNetworksOf(a,
                                                      aAddress,
                                                      aNetwork,
                                                      aMask,
                                                      b,
                                                      bAddress,
                                                      bNetwork,
                                                      bMask,
                                                      "IpsecHelper.ProtectNetworks");
                Refusing([&]() {
                    h.ProtectNetworks(a,
                                      g.aAddress,
                                      g.aNetwork,
                                      g.aMask,
                                      b,
                                      g.bAddress,
                                      g.bNetwork,
                                      g.bMask,
                                      suite);
                });
            },
            py::arg("a"),
            py::arg("a_address"),
            py::arg("a_network"),
            py::arg("a_mask"),
            py::arg("b"),
            py::arg("b_address"),
            py::arg("b_network"),
            py::arg("b_mask"),
            py::arg("suite"),
            "A VPN: tunnel-mode SAs between two gateways protecting the networks behind them. "
            "The gateways' addresses are of one family, the networks of one family, which may "
            "differ (6-in-4, 4-in-6); masks of the networks' family (Ipv4Mask, Ipv6Prefix, "
            "'/24', '/64').")
        .def(
            "AddRouteBasedTunnel",
            [](IpsecHelper& h,
               Ptr<Node> a,
               const AddressArg& aAddress,
               const AddressArg& aNetwork,
               const py::object& aMask,
               Ptr<Node> b,
               const AddressArg& bAddress,
               const AddressArg& bNetwork,
               const py::object& bMask,
               const IpsecHelper::Suite& suite) {
                GatewayNetworks g = GatewayNetworksOf(a,
                                                      aAddress,
                                                      aNetwork,
                                                      aMask,
                                                      b,
                                                      bAddress,
                                                      bNetwork,
                                                      bMask,
                                                      "IpsecHelper.AddRouteBasedTunnel");
                auto tunnels = Refusing([&]() {
                    return h.AddRouteBasedTunnel(a,
                                                 g.aAddress,
                                                 g.aNetwork,
                                                 g.aMask,
                                                 b,
                                                 g.bAddress,
                                                 g.bNetwork,
                                                 g.bMask,
                                                 suite);
                });
                IpsecAddress::Family inner = g.aNetwork.GetFamily();
                return std::make_pair(tunnels.first->GetInterfaceFor(inner),
                                      tunnels.second->GetInterfaceFor(inner));
            },
            py::arg("a"),
            py::arg("a_address"),
            py::arg("a_network"),
            py::arg("a_mask"),
            py::arg("b"),
            py::arg("b_address"),
            py::arg("b_network"),
            py::arg("b_mask"),
            py::arg("suite"),
            "A route-based VPN: tunnel interfaces, SAs and routes. Endpoints of one family, "
            "networks of one family, which may differ (6-in-4, 4-in-6). Returns both interface "
            "indices, in the networks' family's IP layer.")
        .def(
            "AssignStreams",
            [](IpsecHelper& h, const NodesArg& nodes, int64_t stream) {
                return h.AssignStreams(NodesOf(nodes), stream);
            },
            py::arg("nodes"),
            py::arg("stream"))
        .def_static(
            "EnableCleartextPcap",
            [](const std::string& prefix, const NodesArg& arg) {
                NodeContainer nodes = NodesOf(arg);
                for (uint32_t i = 0; i < nodes.GetN(); ++i)
                {
                    IpsecOf(nodes.Get(i));
                }
                CheckOutputPrefix(prefix);
                IpsecHelper::EnableCleartextPcap(prefix, nodes);
            },
            py::arg("prefix"),
            py::arg("nodes"))
        .def_static(
            "StatsTable",
            [](const NodesArg& nodes) {
                std::ostringstream oss;
                IpsecHelper::PrintStats(oss, NodesOf(nodes));
                return oss.str();
            },
            py::arg("nodes"),
            "IpsecHelper::PrintStats' table, as text.")
        .def_static(
            "PrintStats",
            [](const NodesArg& nodes) {
                std::ostringstream oss;
                IpsecHelper::PrintStats(oss, NodesOf(nodes));
                py::print(oss.str(), py::arg("end") = "");
            },
            py::arg("nodes"),
            "Print the statistics table (IpsecHelper::PrintStats to standard output).");

    py::class_<IpsecKeyExport>(m, "IpsecKeyExport", "Exports SAs for Wireshark and setkey.")
        .def_static(
            "Write",
            [](const std::string& path, const NodesArg& nodes) {
                // IpsecKeyExport::Write aborts when it cannot write: open the files here.
                auto sas = IpsecKeyExport::Collect(NodesOf(nodes));
                for (const auto& [file, text] :
                     {std::make_pair(path, IpsecKeyExport::WiresharkEspSa(sas)),
                      std::make_pair(path + ".setkey", IpsecKeyExport::Setkey(sas))})
                {
                    errno = 0;
                    std::ofstream out(file);
                    out << text;
                    out.close();
                    if (!out)
                    {
                        if (errno == 0)
                        {
                            errno = EIO;
                        }
                        PyErr_SetFromErrnoWithFilename(PyExc_OSError, file.c_str());
                        throw py::error_already_set();
                    }
                }
            },
            py::arg("path"),
            py::arg("nodes"),
            "Write the Wireshark esp_sa table at path and a setkey dump at path.setkey; OSError "
            "when a file cannot be written.")
        .def_static(
            "WiresharkEspSa",
            [](const NodesArg& nodes) {
                return IpsecKeyExport::WiresharkEspSa(IpsecKeyExport::Collect(NodesOf(nodes)));
            },
            py::arg("nodes"))
        .def_static(
            "Setkey",
            [](const NodesArg& nodes) {
                return IpsecKeyExport::Setkey(IpsecKeyExport::Collect(NodesOf(nodes)));
            },
            py::arg("nodes"));

    py::class_<IpsecTeachingKeyManager, Application, Ptr<IpsecTeachingKeyManager>>(
        m,
        "IpsecTeachingKeyManager")
        .def("GetInitiated", &IpsecTeachingKeyManager::GetInitiated)
        .def("GetResponded", &IpsecTeachingKeyManager::GetResponded)
        .def("GetFailed", &IpsecTeachingKeyManager::GetFailed)
        .def("GetCollisions", &IpsecTeachingKeyManager::GetCollisions);
    SetTypeIdName(m.attr("IpsecTeachingKeyManager"), "ns3::IpsecTeachingKeyManager");
    SetTypeIdName(m.attr("SecurityPolicyDatabase"), "ns3::SecurityPolicyDatabase");
    SetTypeIdName(m.attr("IpsecKeyManagement"), "ns3::IpsecKeyManagement");

    auto format = [](const std::string& name) {
        std::optional<IpsecConfigFormat> f = IpsecConfig::ParseFormat(name);
        if (!f)
        {
            throw py::value_error("format must be ipsecconf, ipseckey or setkey, not " + name);
        }
        return *f;
    };
    auto result = [](const IpsecConfigResult& r) {
        py::dict d;
        d["ok"] = r.ok;
        d["error"] = r.error;
        d["warnings"] = r.warnings;
        d["output"] = r.output;
        d["operations"] = r.operations;
        return d;
    };
    py::class_<IpsecConfig>(m,
                            "IpsecConfig",
                            "Reads and writes ipsecconf, ipseckey and setkey configuration.")
        .def_static(
            "Load",
            [format, result](Ptr<Node> node,
                             const std::string& fmt,
                             const std::string& text,
                             const std::string& source) {
                return result(IpsecConfig::Load(IpsecOf(node), format(fmt), text, source));
            },
            py::arg("node"),
            py::arg("format"),
            py::arg("text"),
            py::arg("source") = "text",
            "Load configuration text into a node (all or nothing); returns a dict with ok, error "
            "(file:line:column: message), warnings, output, operations.")
        .def_static(
            "LoadFile",
            [format, result](Ptr<Node> node, const std::string& fmt, const std::string& path) {
                return result(IpsecConfig::LoadFile(IpsecOf(node), format(fmt), path));
            },
            py::arg("node"),
            py::arg("format"),
            py::arg("path"))
        .def_static(
            "Write",
            [format](Ptr<Node> node, const std::string& fmt) {
                return IpsecConfig::Write(IpsecOf(node), format(fmt));
            },
            py::arg("node"),
            py::arg("format"),
            "A node's databases in a format (ipsecconf: SPD, ipseckey: SADB, setkey: both).");

    // ns-3's C++ names for the classes the bindings named shorter.
    m.attr("IpsecHelper").attr("Suite") = m.attr("Suite");
    m.attr("IpsecProtectionRequest") = m.attr("ProtectionRequest");
    m.attr("IpsecKeyResult") = m.attr("KeyResult");
}

} // namespace ns3ipsec
