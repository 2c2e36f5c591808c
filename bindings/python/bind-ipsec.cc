/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bindings.h"

#include "ns3/ipsec-module.h"
#include "ns3/ipv4-l3-protocol.h"

#include <optional>
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
    Ptr<IpsecL3Protocol> ipsec = node->GetObject<IpsecL3Protocol>();
    if (!ipsec)
    {
        throw py::value_error("node " + std::to_string(node->GetId())
                              + " has no IPsec: call IpsecHelper.Install first");
    }
    return ipsec;
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
    d["total_drops"] = s.TotalDrops();
    return d;
}

/// Connect a Python callable to one of IpsecL3Protocol's trace sources.
void
ConnectTrace(IpsecL3Protocol& ipsec, const std::string& source, py::function f)
{
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
} // namespace

void
BindIpsec(py::module_& m)
{
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
        .def_readwrite("encryption", &IpsecHelper::Suite::encryption)
        .def_readwrite("authentication", &IpsecHelper::Suite::authentication)
        .def_readwrite("ah_authentication", &IpsecHelper::Suite::ahAuthentication)
        .def_readwrite("replay_window", &IpsecHelper::Suite::replayWindow)
        .def_readwrite("extended_sequence_numbers", &IpsecHelper::Suite::extendedSequenceNumbers)
        .def_property(
            "level",
            [](const IpsecHelper::Suite& s) { return ToString(s.level); },
            [](IpsecHelper::Suite& s, const std::string& l) { s.level = LevelOf(l); });

    py::class_<SecurityAssociation, Ptr<SecurityAssociation>>(m, "SecurityAssociation")
        .def(py::init([](const std::string& protocol,
                         uint32_t spi,
                         const std::string& source,
                         const std::string& destination) {
                 return Create<SecurityAssociation>(ProtocolOf(protocol),
                                                    spi,
                                                    ParseAddress(source),
                                                    ParseAddress(destination));
             }),
             py::arg("protocol"),
             py::arg("spi"),
             py::arg("source"),
             py::arg("destination"))
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
        .def("GetSpi", &SecurityAssociation::GetSpi)
        .def("GetSource", [](const SecurityAssociation& sa) { return AddressText(sa.GetSource()); })
        .def("GetDestination",
             [](const SecurityAssociation& sa) { return AddressText(sa.GetDestination()); })
        .def("GetProtocol",
             [](const SecurityAssociation& sa) { return ToString(sa.GetProtocol()); })
        .def("GetState", [](const SecurityAssociation& sa) { return ToString(sa.GetState()); })
        .def("GetLastSequence", &SecurityAssociation::GetLastSequence)
        .def("Describe", &SecurityAssociation::Describe)
        .def("__repr__", &SecurityAssociation::Describe);

    py::class_<IpsecProtectionRequest>(m, "ProtectionRequest", "One AH or ESP request of a policy.")
        .def(
            py::init(
                [](const std::string& protocol, const std::string& mode, const std::string& level) {
                    IpsecProtectionRequest r;
                    r.protocol = ProtocolOf(protocol);
                    r.mode = ModeOf(mode);
                    r.level = LevelOf(level);
                    return r;
                }),
            py::arg("protocol") = "esp",
            py::arg("mode") = "transport",
            py::arg("level") = "require")
        .def("__repr__", &IpsecProtectionRequest::ToString);

    py::class_<SecurityPolicy, Ptr<SecurityPolicy>>(m, "SecurityPolicy")
        .def_static(
            "HostPair",
            [](const std::string& local,
               const std::string& remote,
               const std::vector<IpsecProtectionRequest>& bundle) {
                return SecurityPolicy::HostPair(ParseAddress(local), ParseAddress(remote), bundle);
            },
            py::arg("local"),
            py::arg("remote"),
            py::arg("bundle"),
            "Protect traffic between two addresses in both directions.")
        .def_static(
            "Bypass",
            [](const std::string& local, const std::string& remote) {
                Ptr<SecurityPolicy> p
                    = SecurityPolicy::HostPair(ParseAddress(local), ParseAddress(remote), {});
                p->action = SecurityPolicy::Action::BYPASS;
                p->alternatives.clear();
                return p;
            },
            py::arg("local"),
            py::arg("remote"))
        .def_property(
            "protocol",
            [](const SecurityPolicy& p) { return p.protocol; },
            [](SecurityPolicy& p, int v) { p.protocol = static_cast<int16_t>(v); })
        .def_property(
            "remote_port",
            [](const SecurityPolicy& p) { return p.remotePortMin; },
            [](SecurityPolicy& p, uint16_t port) { p.remotePortMin = p.remotePortMax = port; })
        .def_property(
            "local_port",
            [](const SecurityPolicy& p) { return p.localPortMin; },
            [](SecurityPolicy& p, uint16_t port) { p.localPortMin = p.localPortMax = port; })
        .def("GetId", &SecurityPolicy::GetId)
        .def("__repr__", &SecurityPolicy::ToString);

    py::class_<SecurityAssociationDatabase, Object, Ptr<SecurityAssociationDatabase>>(
        m,
        "SecurityAssociationDatabase")
        .def(
            "Add",
            [](SecurityAssociationDatabase& db, Ptr<SecurityAssociation> sa) { Check(db.Add(sa)); })
        .def("Delete",
             [](SecurityAssociationDatabase& db,
                const std::string& protocol,
                const std::string& destination,
                uint32_t spi) {
                 return db.Delete(ProtocolOf(protocol), ParseAddress(destination), spi);
             })
        .def("Get",
             [](SecurityAssociationDatabase& db,
                const std::string& protocol,
                const std::string& destination,
                uint32_t spi) {
                 return db.Get(ProtocolOf(protocol), ParseAddress(destination), spi);
             })
        .def("Flush", [](SecurityAssociationDatabase& db) { db.Flush(); })
        .def("Dump", &SecurityAssociationDatabase::Dump)
        .def("GetN", &SecurityAssociationDatabase::GetN)
        .def("__len__", &SecurityAssociationDatabase::GetN);

    py::class_<SecurityPolicyDatabase, Object, Ptr<SecurityPolicyDatabase>>(
        m,
        "SecurityPolicyDatabase")
        .def("Add", &SecurityPolicyDatabase::Add)
        .def("Remove", &SecurityPolicyDatabase::Remove)
        .def("Flush", &SecurityPolicyDatabase::Flush)
        .def("Dump", &SecurityPolicyDatabase::Dump)
        .def("GetN", &SecurityPolicyDatabase::GetN)
        .def("__len__", &SecurityPolicyDatabase::GetN);

    py::class_<IpsecL3Protocol, Object, Ptr<IpsecL3Protocol>>(m,
                                                              "IpsecL3Protocol",
                                                              "A node's IPsec layer.")
        .def("GetSpd", &IpsecL3Protocol::GetSpd)
        .def("GetSadb", &IpsecL3Protocol::GetSadb)
        .def(
            "GetStats",
            [](const IpsecL3Protocol& i) { return StatsOf(i.GetStats()); },
            "Counters as a dict: esp, ah, policy (drops by reason name), total_drops.")
        .def("ResetStats", &IpsecL3Protocol::ResetStats)
        .def("StatsTable",
             [](const IpsecL3Protocol& i) {
                 std::ostringstream oss;
                 i.GetStats().Print(oss);
                 return oss.str();
             })
        .def("TraceConnect",
             &ConnectTrace,
             py::arg("source"),
             py::arg("callback"),
             "Call a Python function on a trace source: Drop(size, reason, direction, spi), "
             "OutboundProtected/InboundVerified(size, spi), CleartextOut/CleartextIn(size), "
             "PolicyLog(message).");

    py::class_<IpsecHelper>(m, "IpsecHelper", "Installs and configures IPsec on nodes.")
        .def(py::init<>())
        .def(
            "SetAttribute",
            [](IpsecHelper& h, const std::string& n, const std::string& v) {
                // Validate against the TypeId now rather than at Install time.
                Ptr<IpsecL3Protocol> probe = CreateObject<IpsecL3Protocol>();
                SetAttributeFromText(*probe, n, v);
                h.SetAttribute(n, StringValue(v));
            },
            py::arg("name"),
            py::arg("value"))
        .def("Install",
             [](const IpsecHelper& h, NodeContainer nodes) {
                 for (uint32_t i = 0; i < nodes.GetN(); ++i)
                 {
                     Ptr<Node> node = nodes.Get(i);
                     if (!node->GetObject<Ipv4L3Protocol>())
                     {
                         throw py::value_error("install the internet stack on node "
                                               + std::to_string(node->GetId()) + " first");
                     }
                     if (node->GetObject<IpsecL3Protocol>())
                     {
                         throw py::value_error("node " + std::to_string(node->GetId())
                                               + " already has IPsec");
                     }
                 }
                 h.Install(nodes);
             })
        .def_static("Get", &IpsecOf, py::arg("node"))
        .def_static("AddPolicy",
                    [](Ptr<Node> node, Ptr<SecurityPolicy> policy) {
                        return IpsecOf(node)->GetSpd()->Add(policy);
                    })
        .def_static("AddSa",
                    [](Ptr<Node> node, Ptr<SecurityAssociation> sa) {
                        Check(IpsecOf(node)->GetSadb()->Add(sa));
                    })
        .def(
            "ProtectPair",
            [](IpsecHelper& h,
               Ptr<Node> a,
               const std::string& aAddress,
               Ptr<Node> b,
               const std::string& bAddress,
               const IpsecHelper::Suite& suite) {
                IpsecOf(a);
                IpsecOf(b);
                try
                {
                    h.ProtectPair(a, ParseAddress(aAddress), b, ParseAddress(bAddress), suite);
                }
                catch (const std::exception& e)
                {
                    throw py::value_error(e.what());
                }
            },
            py::arg("a"),
            py::arg("a_address"),
            py::arg("b"),
            py::arg("b_address"),
            py::arg("suite"))
        .def(
            "ProtectNetworks",
            [](IpsecHelper& h,
               Ptr<Node> a,
               const std::string& aAddress,
               const std::string& aNetwork,
               const std::string& aMask,
               Ptr<Node> b,
               const std::string& bAddress,
               const std::string& bNetwork,
               const std::string& bMask,
               const IpsecHelper::Suite& suite) {
                IpsecOf(a);
                IpsecOf(b);
                h.ProtectNetworks(a,
                                  ParseAddress(aAddress),
                                  ParseAddress(aNetwork),
                                  Ipv4Mask(ParseAddress(aMask).Get()),
                                  b,
                                  ParseAddress(bAddress),
                                  ParseAddress(bNetwork),
                                  Ipv4Mask(ParseAddress(bMask).Get()),
                                  suite);
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
            "A VPN: tunnel-mode SAs between two gateways protecting the networks behind them.")
        .def(
            "AddRouteBasedTunnel",
            [](IpsecHelper& h,
               Ptr<Node> a,
               const std::string& aAddress,
               const std::string& aNetwork,
               const std::string& aMask,
               Ptr<Node> b,
               const std::string& bAddress,
               const std::string& bNetwork,
               const std::string& bMask,
               const IpsecHelper::Suite& suite) {
                IpsecOf(a);
                IpsecOf(b);
                auto tunnels = h.AddRouteBasedTunnel(a,
                                                     ParseAddress(aAddress),
                                                     ParseAddress(aNetwork),
                                                     Ipv4Mask(ParseAddress(aMask).Get()),
                                                     b,
                                                     ParseAddress(bAddress),
                                                     ParseAddress(bNetwork),
                                                     Ipv4Mask(ParseAddress(bMask).Get()),
                                                     suite);
                return std::make_pair(tunnels.first->GetInterface(),
                                      tunnels.second->GetInterface());
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
            "A route-based VPN: tunnel interfaces, SAs and routes. Returns both interface "
            "indices.")
        .def("AssignStreams", &IpsecHelper::AssignStreams)
        .def_static("EnableCleartextPcap", &IpsecHelper::EnableCleartextPcap)
        .def_static("StatsTable", [](NodeContainer nodes) {
            std::ostringstream oss;
            IpsecHelper::PrintStats(oss, nodes);
            return oss.str();
        });

    py::class_<IpsecKeyExport>(m, "IpsecKeyExport", "Exports SAs for Wireshark and setkey.")
        .def_static("Write",
                    &IpsecKeyExport::Write,
                    py::arg("path"),
                    py::arg("nodes"),
                    "Write the Wireshark esp_sa table at path and a setkey dump at path.setkey.")
        .def_static("WiresharkEspSa",
                    [](NodeContainer nodes) {
                        return IpsecKeyExport::WiresharkEspSa(IpsecKeyExport::Collect(nodes));
                    })
        .def_static("Setkey", [](NodeContainer nodes) {
            return IpsecKeyExport::Setkey(IpsecKeyExport::Collect(nodes));
        });

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
                return result(IpsecConfig::Load(IpsecHelper::Get(node), format(fmt), text, source));
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
                return result(IpsecConfig::LoadFile(IpsecHelper::Get(node), format(fmt), path));
            },
            py::arg("node"),
            py::arg("format"),
            py::arg("path"))
        .def_static(
            "Write",
            [format](Ptr<Node> node, const std::string& fmt) {
                return IpsecConfig::Write(IpsecHelper::Get(node), format(fmt));
            },
            py::arg("node"),
            py::arg("format"),
            "A node's databases in a format (ipsecconf: SPD, ipseckey: SADB, setkey: both).");
}

} // namespace ns3ipsec
