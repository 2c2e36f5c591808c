/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings: the IKEv2 daemon (Ikev2Helper, Ikev2Daemon), its statistics, read-only views
 * of its IKE and Child SAs, its configuration, and the key export for Wireshark.
 *
 *   apps = ns.Ikev2Helper(RetransmitTimeout="2s").Install(node, swanctl_text)
 *   daemon = apps.Get(0)                       # or ns.Ikev2Helper.Get(node)
 *   daemon.TraceConnectWithoutContext("Message", lambda text: ...)
 *   ns.Simulator.Run()
 *   daemon.GetStats()["ike_sas_established"], daemon.GetStats().Of("IKE_AUTH").requestsOut
 *   daemon.GetIkeSas()[0].children[0].state    # "INSTALLED"
 *   ns.Ikev2KeyExport.Write("keys", nodes)      # keys.ikev2 and keys.esp
 *
 * Misuse is a ValueError carrying the C++ message (`file:line:column: message` for a bad
 * configuration): std::invalid_argument from the helper, a refused configuration from the
 * daemon, a node without IPsec, a second daemon on a node, IKE ports another server holds
 * (ns-3 would abort when the daemon starts). Key files that cannot be written are an OSError.
 */
#include "bindings.h"

#include "ns3/application-container.h"
#include "ns3/ikev2-config-reader.h"
#include "ns3/ikev2-config.h"
#include "ns3/ikev2-constants.h"
#include "ns3/ikev2-daemon.h"
#include "ns3/ikev2-helper.h"
#include "ns3/ikev2-ike-sa.h"
#include "ns3/ikev2-key-export.h"
#include "ns3/ikev2-key-record.h"
#include "ns3/ikev2-stats.h"
#include "ns3/ipsec-key-export.h"
#include "ns3/ipsec-l3-protocol.h"
#include "ns3/node.h"
#include "ns3/swanctl-reader.h"
#include "ns3/uinteger.h"

#include <optional>
#include <pybind11/eval.h>
#include <stdexcept>

using namespace ns3;

namespace ns3ipsec
{

namespace
{
/// ValueError with the error of a refused configuration.
void
CheckResult(const Ikev2ConfigResult& r)
{
    if (!r.ok)
    {
        throw py::value_error(r.error);
    }
}

/// \return seconds
double
SecondsOf(Time t)
{
    return t.GetSeconds();
}

/// \return the hexadecimal text of bytes
std::string
Hex(const IpsecBytes& bytes)
{
    return ipsec_crypto::ToHex(bytes);
}

/// A Child SA as it was when Ikev2Daemon.GetIkeSas() was called.
struct ChildSaView
{
    std::string name;                  //!< the child's configured name
    std::string state;                 //!< "INSTALLED", ...
    std::string mode;                  //!< "transport" or "tunnel"
    std::string suite;                 //!< "aes128gcm16-noesn"; "" before it is chosen
    uint32_t reqid{0};                 //!< its policy id
    uint32_t inboundSpi{0};            //!< our SPI
    uint32_t outboundSpi{0};           //!< the peer's SPI
    bool initiator{false};             //!< this node proposed it
    std::vector<std::string> localTs;  //!< our traffic selectors
    std::vector<std::string> remoteTs; //!< the peer's traffic selectors
    Ptr<SecurityAssociation> inbound;  //!< the inbound SA, once installed
    Ptr<SecurityAssociation> outbound; //!< the outbound SA, once installed
    double installed{0};               //!< when its SAs were installed, seconds
    std::string text;                  //!< Ikev2ChildSa::ToString()
};

/// An IKE SA as it was when Ikev2Daemon.GetIkeSas() was called.
struct IkeSaView
{
    uint32_t id{0};                    //!< swanctl's "#n"
    std::string name;                  //!< the connection's name
    std::string state;                 //!< "ESTABLISHED", ...
    bool initiator{false};             //!< the original initiator
    uint64_t spiI{0};                  //!< initiator's SPI
    uint64_t spiR{0};                  //!< responder's SPI
    IpsecAddress local;                //!< our address
    uint16_t localPort{0};             //!< our port
    IpsecAddress remote;               //!< the peer's address as we see it
    uint16_t remotePort{0};            //!< the peer's port as we see it
    bool encap{false};                 //!< UDP encapsulation (port 4500)
    bool selfBehindNat{false};         //!< our address is translated
    bool peerBehindNat{false};         //!< the peer's address is translated
    std::string suite;                 //!< "aes128gcm16-prfsha256-curve25519"; "" before keys
    std::vector<ChildSaView> children; //!< its Child SAs
    double created{0};                 //!< when it was created, seconds
    double established{0};             //!< when it became ESTABLISHED, seconds (0: not yet)
    std::string text;                  //!< Ikev2IkeSa::ToString()
};

ChildSaView
ViewOf(const Ikev2ChildSa& c)
{
    ChildSaView v;
    v.name = c.name;
    v.state = ToString(c.state);
    v.mode = ToString(c.mode);
    v.suite = c.suite.encr ? c.suite.ToString() : "";
    v.reqid = c.reqid;
    v.inboundSpi = c.inboundSpi;
    v.outboundSpi = c.outboundSpi;
    v.initiator = c.initiator;
    for (const auto& ts : c.local)
    {
        v.localTs.push_back(ts.ToString());
    }
    for (const auto& ts : c.remote)
    {
        v.remoteTs.push_back(ts.ToString());
    }
    v.inbound = c.inbound;
    v.outbound = c.outbound;
    v.installed = SecondsOf(c.installed);
    v.text = c.ToString();
    return v;
}

IkeSaView
ViewOf(const Ikev2IkeSa& sa)
{
    IkeSaView v;
    v.id = sa.id;
    v.name = sa.name;
    v.state = ToString(sa.state);
    v.initiator = sa.initiator;
    v.spiI = sa.spiI;
    v.spiR = sa.spiR;
    v.local = sa.local;
    v.localPort = sa.localPort;
    v.remote = sa.remote;
    v.remotePort = sa.remotePort;
    v.encap = sa.encap;
    v.selfBehindNat = sa.selfBehindNat;
    v.peerBehindNat = sa.peerBehindNat;
    v.suite = sa.sendCipher ? sa.suite.ToString() : "";
    for (const Ptr<Ikev2ChildSa>& c : sa.children)
    {
        v.children.push_back(ViewOf(*c));
    }
    v.created = SecondsOf(sa.created);
    v.established = SecondsOf(sa.established);
    v.text = sa.ToString();
    return v;
}

py::dict
ExchangeOf(const Ikev2Stats::Exchange& e)
{
    py::dict d;
    d["requests_out"] = e.requestsOut;
    d["requests_in"] = e.requestsIn;
    d["responses_out"] = e.responsesOut;
    d["responses_in"] = e.responsesIn;
    d["retransmissions"] = e.retransmissions;
    d["duplicate_requests_in"] = e.duplicateRequestsIn;
    d["bytes_out"] = e.bytesOut;
    d["bytes_in"] = e.bytesIn;
    return d;
}

py::dict
LatencyOf(const Ikev2Stats::Latency& l)
{
    py::dict d;
    d["count"] = l.count;
    d["min"] = SecondsOf(l.min);
    d["max"] = SecondsOf(l.max);
    d["sum"] = SecondsOf(l.sum);
    d["mean"] = SecondsOf(l.Mean());
    py::list samples;
    for (const Time& t : l.samples)
    {
        samples.append(SecondsOf(t));
    }
    d["samples"] = samples;
    return d;
}

py::dict
NotifiesOf(const std::map<uint16_t, uint64_t>& counts)
{
    py::dict d;
    for (const auto& [type, n] : counts)
    {
        d[py::str(Ikev2NotifyTypeName(type))] = n;
    }
    return d;
}

const Ikev2ExchangeType kExchanges[] = {Ikev2ExchangeType::IKE_SA_INIT,
                                        Ikev2ExchangeType::IKE_AUTH,
                                        Ikev2ExchangeType::CREATE_CHILD_SA,
                                        Ikev2ExchangeType::INFORMATIONAL};

/// Ikev2Daemon.GetStats()'s dict (wrapped as an Ikev2Stats by StatsWrapper).
py::dict
StatsOf(const Ikev2Stats& s)
{
    py::dict d;
    py::dict exchanges;
    for (Ikev2ExchangeType e : kExchanges)
    {
        exchanges[py::str(ToString(e))] = ExchangeOf(s.Of(e));
    }
    d["exchanges"] = exchanges;
    d["notifies_sent"] = NotifiesOf(s.notifiesSent);
    d["notifies_received"] = NotifiesOf(s.notifiesReceived);
    py::dict drops;
    for (size_t r = 0; r < s.drops.size(); ++r)
    {
        drops[py::str(ToString(static_cast<Ikev2DropReason>(r)))] = s.drops[r];
    }
    d["drops"] = drops;
    d["ike_sas_established"] = s.ikeSasEstablished;
    d["ike_sas_failed"] = s.ikeSasFailed;
    d["ike_sas_deleted"] = s.ikeSasDeleted;
    d["ike_rekeys"] = s.ikeRekeys;
    d["ike_sas_expired"] = s.ikeSasExpired;
    d["child_sas_installed"] = s.childSasInstalled;
    d["child_rekeys"] = s.childRekeys;
    d["child_failures"] = s.childFailures;
    d["child_sas_deleted"] = s.childSasDeleted;
    d["deletes_sent"] = s.deletesSent;
    d["deletes_received"] = s.deletesReceived;
    d["dpd_probes"] = s.dpdProbes;
    d["dpd_failures"] = s.dpdFailures;
    d["dpd_restarts"] = s.dpdRestarts;
    d["cookies_sent"] = s.cookiesSent;
    d["cookie_retries"] = s.cookieRetries;
    d["invalid_ke_retries"] = s.invalidKeRetries;
    d["keepalives_sent"] = s.keepalivesSent;
    d["nat_detected"] = s.natDetected;
    d["acquires"] = s.acquires;
    d["acquires_coalesced"] = s.acquiresCoalesced;
    d["expires"] = s.expires;
    d["setup"] = LatencyOf(s.setup);
    d["ike_sa_init"] = LatencyOf(s.ikeSaInit);
    d["ike_auth"] = LatencyOf(s.ikeAuth);
    d["child_create"] = LatencyOf(s.childCreate);
    d["total_bytes_out"] = s.TotalBytesOut();
    d["total_bytes_in"] = s.TotalBytesIn();
    d["total_messages_out"] = s.TotalMessagesOut();
    d["total_drops"] = s.TotalDrops();
    return d;
}

/// The Python function that wraps StatsOf's dict as an Ikev2Stats.
py::object&
StatsWrapper()
{
    static auto* wrap = new py::object(); // never destroyed: no Python at exit
    return *wrap;
}

const char* const kStatsClasses = R"PY(
import re as _re


def _snake(name):
    return _re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Ikev2StatsPart(dict):
    """A part of Ikev2Stats (an exchange's counters, a latency): a dict whose keys also read as
    the C++ fields, e.g. part["requests_out"] or part.requestsOut."""

    __slots__ = ()

    def __getattr__(self, name):
        key = _snake(name)
        if key in self:
            return self[key]
        raise AttributeError(
            f"{type(self).__name__} has no field {name!r} (fields: {', '.join(self)})")


class Ikev2Latency(Ikev2StatsPart):
    """Durations of one kind of event, in seconds: count, min, max, sum, mean, samples."""

    __slots__ = ()

    def Mean(self):
        return self["mean"]


class Ikev2Stats(Ikev2StatsPart):
    """Ikev2Daemon.GetStats(): a dict (a snapshot) that also reads as ns-3's Ikev2Stats:
    stats["ike_sas_established"] or stats.ikeSasEstablished; stats.Of("IKE_AUTH").requestsOut
    (exchanges by name, also stats["exchanges"]); stats["notifies_sent"] and
    stats["notifies_received"] by notify name ("AUTHENTICATION_FAILED"); stats["drops"] by
    reason name ("INTEGRITY_FAILED") and stats.Drops(reason); latencies (setup, ike_sa_init,
    ike_auth, child_create) in seconds; TotalBytesOut(), TotalBytesIn(), TotalMessagesOut(),
    TotalDrops()."""

    __slots__ = ()

    _EXCHANGES = {34: "IKE_SA_INIT", 35: "IKE_AUTH", 36: "CREATE_CHILD_SA", 37: "INFORMATIONAL"}

    def Of(self, exchange):
        if isinstance(exchange, int) and not isinstance(exchange, bool):
            name = self._EXCHANGES.get(exchange)
        elif isinstance(exchange, str):
            name = exchange.upper()
        else:
            raise TypeError(f"Ikev2Stats.Of: an exchange name or number, not {exchange!r}")
        if name not in self["exchanges"]:
            raise ValueError(f"Ikev2Stats.Of: {exchange!r} is not an exchange "
                             f"({', '.join(self['exchanges'])} or 34-37)")
        return self["exchanges"][name]

    def Drops(self, reason):
        key = str(reason).upper()
        if key not in self["drops"]:
            raise ValueError(f"Ikev2Stats.Drops: {reason!r} is not a drop reason "
                             f"({', '.join(self['drops'])})")
        return self["drops"][key]

    def TotalBytesOut(self):
        return self["total_bytes_out"]

    def TotalBytesIn(self):
        return self["total_bytes_in"]

    def TotalMessagesOut(self):
        return self["total_messages_out"]

    def TotalDrops(self):
        return self["total_drops"]


def wrap(stats):
    stats = dict(stats)
    stats["exchanges"] = {name: Ikev2StatsPart(part) for name, part in stats["exchanges"].items()}
    for latency in ("setup", "ike_sa_init", "ike_auth", "child_create"):
        stats[latency] = Ikev2Latency(stats[latency])
    return Ikev2Stats(stats)
)PY";

/// Ikev2Helper and the IKE ports set on it (claimed at Install).
struct Ikev2HelperBox
{
    Ikev2Helper helper;               //!< the C++ helper
    std::optional<uint16_t> ikePort;  //!< IkePort set on the helper (else the default)
    std::optional<uint16_t> nattPort; //!< NattPort set on the helper (else the default)
};

/// \return the UDP port attribute `name` of Ikev2Daemon as a value gives it
uint16_t
PortOf(const std::string& name, const AttributeValue& value)
{
    auto info = FindAttribute(Ikev2Daemon::GetTypeId(), name, AttributeUse::CONSTRUCT);
    UintegerValue port;
    port.DeserializeFromString(value.SerializeToString(info.checker), info.checker);
    return static_cast<uint16_t>(port.Get());
}

/// \return the port the helper's daemons will bind: set on the helper, or the default now
/// (Config.SetDefault may have changed it since the helper was made)
uint16_t
PortOf(const std::optional<uint16_t>& set, const std::string& name)
{
    if (set)
    {
        return *set;
    }
    auto info = FindAttribute(Ikev2Daemon::GetTypeId(), name, AttributeUse::CONSTRUCT);
    return PortOf(name, *info.initialValue);
}

/// Set a checked attribute on the helper, noting the ports.
void
SetHelperAttribute(Ikev2HelperBox& box, const std::string& name, const AttributeValue& value)
{
    Refusing([&]() { box.helper.SetAttribute(name, value); });
    if (name == "IkePort" || name == "NattPort")
    {
        (name == "IkePort" ? box.ikePort : box.nattPort) = PortOf(name, value);
    }
}

/**
 * \brief Install through the C++ helper: the node checked alive, IkePort and NattPort checked
 * free (another server on them, or both equal, would make ns-3 abort when the daemon starts),
 * the helper's refusal (std::invalid_argument) a ValueError; on success the ports are claimed
 * and the daemon is handed to Python (its methods then refuse to run after Simulator.Destroy()).
 */
template <class F>
ApplicationContainer
InstallWith(const Ikev2HelperBox& box, Ptr<Node> node, const std::string& who, F install)
{
    LiveNode(node);
    const uint16_t ikePort = PortOf(box.ikePort, "IkePort");
    const uint16_t nattPort = PortOf(box.nattPort, "NattPort");
    NodeContainer one(node);
    const std::string holder = "an IKEv2 daemon";
    // The helper's own refusals (no IPsec, a daemon already there) come first, in its words.
    if (node->GetObject<IpsecL3Protocol>() && !Ikev2Helper::Get(node))
    {
        if (ikePort == nattPort)
        {
            throw py::value_error(who + ": IkePort and NattPort are both " + std::to_string(ikePort)
                                  + "; the daemon needs two ports");
        }
        // Checked, not claimed, until the helper has accepted the node and the configuration.
        ClaimPorts(one, "udp", ikePort, holder, PortFamilies::IPV4, true);
        ClaimPorts(one, "udp", nattPort, holder, PortFamilies::IPV4, true);
    }
    ApplicationContainer apps = Refusing(install);
    ClaimPorts(one, "udp", ikePort, holder, PortFamilies::IPV4);
    ClaimPorts(one, "udp", nattPort, holder, PortFamilies::IPV4);
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        HandOut(PeekPointer(apps.Get(i)));
    }
    return apps;
}

/**
 * \brief ValueError for IkePort or NattPort of a daemon on a node: Install claimed them, and a
 * port another server holds (or both ports equal) would make ns-3 abort when the daemon starts.
 */
void
CheckPortChange(const Ikev2Daemon& d, const std::string& name)
{
    if ((name == "IkePort" || name == "NattPort") && d.GetNode())
    {
        throw py::value_error("Ikev2Daemon.SetAttribute: " + name
                              + " of an installed daemon cannot change (Install claimed its "
                                "ports): set it on the Ikev2Helper before Install");
    }
}

/// One connection of a configuration, as a dict.
py::dict
ConnectionOf(const Ikev2Config::Peer& peer)
{
    py::dict d;
    d["name"] = peer.name;
    py::list local;
    for (const auto& a : peer.localAddrs)
    {
        local.append(a.ToString());
    }
    py::list remote;
    for (const auto& a : peer.remoteAddrs)
    {
        remote.append(a.ToString());
    }
    d["local_addrs"] = local;
    d["remote_addrs"] = remote;
    d["local_port"] = peer.localPort;
    d["remote_port"] = peer.remotePort;
    d["local_id"] = peer.localId.ToText();
    d["remote_id"] = peer.remoteId.ToText();
    py::list proposals;
    for (const auto& p : peer.ikeProposals)
    {
        proposals.append(p.text);
    }
    d["proposals"] = proposals;
    d["solaris"] = peer.solaris;
    py::list children;
    for (const Ikev2Config::Child& c : peer.children)
    {
        py::dict child;
        child["name"] = c.name;
        child["mode"] = ToString(c.mode);
        py::list esp;
        for (const auto& p : c.espProposals)
        {
            esp.append(p.text);
        }
        child["esp_proposals"] = esp;
        py::list localTs;
        for (const auto& ts : c.localTs)
        {
            localTs.append(ts.ToString());
        }
        py::list remoteTs;
        for (const auto& ts : c.remoteTs)
        {
            remoteTs.append(ts.ToString());
        }
        child["local_ts"] = localTs;
        child["remote_ts"] = remoteTs;
        child["start_action"] = c.startAction == Ikev2Config::StartAction::START ? "start"
                              : c.startAction == Ikev2Config::StartAction::TRAP  ? "trap"
                                                                                 : "none";
        children.append(child);
    }
    d["children"] = children;
    return d;
}

void
RegisterIkev2Signatures()
{
    RegisterTraceSignature("ns3::Ikev2Daemon::TextTracedCallback",
                           MakeTraceSignature<const std::string&>());
}
} // namespace

void
BindIkev2(py::module_& m)
{
    RegisterIkev2Signatures();
    {
        py::dict scope;
        scope["__builtins__"] = py::module_::import("builtins");
        scope["__name__"] = "ns3ipsec";
        py::exec(kStatsClasses, scope);
        m.attr("Ikev2Stats") = scope["Ikev2Stats"];
        m.attr("Ikev2StatsPart") = scope["Ikev2StatsPart"];
        m.attr("Ikev2Latency") = scope["Ikev2Latency"];
        StatsWrapper() = scope["wrap"];
    }

    py::class_<Ikev2Config>(
        m,
        "Ikev2Config",
        "An IKEv2 daemon's configuration (connections, children, secrets), read from swanctl.conf "
        "or Solaris ikev2.config text; Ikev2Daemon.GetConfig() returns a copy, SetConfig and "
        "Ikev2Helper.Install(node, config) take one.")
        .def(py::init<>())
        .def_static(
            "ReadSwanctl",
            [](const std::string& text, const std::string& source) {
                Ikev2Config config;
                CheckResult(SwanctlReader::Read(text, source, config));
                return config;
            },
            py::arg("text"),
            py::arg("source") = "swanctl.conf",
            "Read swanctl.conf text; ValueError with `source:line:column: message`.")
        .def_static(
            "ReadSwanctlFile",
            [](const std::string& path) {
                Ikev2Config config;
                CheckResult(SwanctlReader::ReadFile(path, config));
                return config;
            },
            py::arg("path"))
        .def_static(
            "ReadSolaris",
            [](const std::string& config,
               const std::string& preshared,
               const std::string& configSource,
               const std::string& presharedSource) {
                Ikev2Config c;
                CheckResult(
                    Ikev2ConfigReader::Read(config, configSource, preshared, presharedSource, c));
                return c;
            },
            py::arg("config"),
            py::arg("preshared"),
            py::arg("config_source") = "ikev2.config",
            py::arg("preshared_source") = "ikev2.preshared",
            "Read Solaris ikev2.config and ikev2.preshared text; ValueError as ReadSwanctl.")
        .def(
            "Validate",
            [](const Ikev2Config& c) { CheckResult(c.Validate()); },
            "ValueError with the first problem (`source:line:column: message`), else None.")
        .def_readonly("source", &Ikev2Config::source)
        .def_property_readonly(
            "connections",
            [](const Ikev2Config& c) {
                py::list out;
                for (const auto& peer : c.peers)
                {
                    out.append(ConnectionOf(peer));
                }
                return out;
            },
            "The connections as dicts: name, local_addrs, remote_addrs, local_port, remote_port, "
            "local_id, remote_id, proposals, solaris, children (name, mode, esp_proposals, "
            "local_ts, remote_ts, start_action).")
        .def("__repr__", [](const Ikev2Config& c) {
            std::string names;
            for (const auto& peer : c.peers)
            {
                names += (names.empty() ? "" : ", ") + peer.name;
            }
            return "<Ikev2Config " + c.source + ": " + std::to_string(c.peers.size())
                 + " connections (" + names + "), " + std::to_string(c.secrets.size())
                 + " secrets>";
        });

    py::class_<ChildSaView>(m,
                            "Ikev2ChildSa",
                            "A Child SA as it was when Ikev2Daemon.GetIkeSas() was called.")
        .def_readonly("name", &ChildSaView::name)
        .def_readonly("state", &ChildSaView::state, "CREATING, INSTALLED, REKEYING, REKEYED, ...")
        .def_readonly("mode", &ChildSaView::mode, "'transport' or 'tunnel'")
        .def_readonly("suite", &ChildSaView::suite, "'aes128gcm16-noesn'; '' before it is chosen")
        .def_readonly("reqid", &ChildSaView::reqid)
        .def_readonly("inbound_spi", &ChildSaView::inboundSpi)
        .def_readonly("outbound_spi", &ChildSaView::outboundSpi)
        .def_readonly("initiator", &ChildSaView::initiator)
        .def_readonly("local_ts", &ChildSaView::localTs)
        .def_readonly("remote_ts", &ChildSaView::remoteTs)
        .def_property_readonly(
            "inbound",
            [](const ChildSaView& v) { return v.inbound; },
            "The inbound SecurityAssociation, or None before it is installed.")
        .def_property_readonly(
            "outbound",
            [](const ChildSaView& v) { return v.outbound; },
            "The outbound SecurityAssociation, or None before it is installed.")
        .def_readonly("installed", &ChildSaView::installed, "Seconds.")
        .def("ToString", [](const ChildSaView& v) { return v.text; })
        .def("__repr__", [](const ChildSaView& v) { return "<Ikev2ChildSa " + v.text + ">"; });

    py::class_<IkeSaView>(m,
                          "Ikev2IkeSa",
                          "An IKE SA as it was when Ikev2Daemon.GetIkeSas() was called.")
        .def_readonly("id", &IkeSaView::id)
        .def_readonly("name", &IkeSaView::name)
        .def_readonly("state",
                      &IkeSaView::state,
                      "INIT_SENT, INIT_RECEIVED, AUTH_SENT, ESTABLISHED, REKEYED, DELETING, DEAD")
        .def_readonly("initiator", &IkeSaView::initiator)
        .def_readonly("spi_i", &IkeSaView::spiI)
        .def_readonly("spi_r", &IkeSaView::spiR)
        .def_property_readonly("local", [](const IkeSaView& v) { return AddressObject(v.local); })
        .def_readonly("local_port", &IkeSaView::localPort)
        .def_property_readonly("remote", [](const IkeSaView& v) { return AddressObject(v.remote); })
        .def_readonly("remote_port", &IkeSaView::remotePort)
        .def_readonly("encap", &IkeSaView::encap)
        .def_readonly("self_behind_nat", &IkeSaView::selfBehindNat)
        .def_readonly("peer_behind_nat", &IkeSaView::peerBehindNat)
        .def_readonly("suite", &IkeSaView::suite, "'aes128-sha256-modp2048'; '' before keys")
        .def_readonly("children", &IkeSaView::children)
        .def_readonly("created", &IkeSaView::created, "Seconds.")
        .def_readonly("established", &IkeSaView::established, "Seconds (0: not yet).")
        .def("ToString", [](const IkeSaView& v) { return v.text; })
        .def("__repr__", [](const IkeSaView& v) { return "<Ikev2IkeSa " + v.text + ">"; });

    py::class_<Ikev2KeyRecord>(m,
                               "Ikev2KeyRecord",
                               "The SPIs and SK_e / SK_a keys of one IKE SA (keys as hex text).")
        .def_property_readonly("created",
                               [](const Ikev2KeyRecord& r) { return SecondsOf(r.created); })
        .def_readonly("spi_i", &Ikev2KeyRecord::spiI)
        .def_readonly("spi_r", &Ikev2KeyRecord::spiR)
        .def_property_readonly("sk_ei", [](const Ikev2KeyRecord& r) { return Hex(r.skEi); })
        .def_property_readonly("sk_er", [](const Ikev2KeyRecord& r) { return Hex(r.skEr); })
        .def_property_readonly("sk_ai", [](const Ikev2KeyRecord& r) { return Hex(r.skAi); })
        .def_property_readonly("sk_ar", [](const Ikev2KeyRecord& r) { return Hex(r.skAr); })
        .def_readonly("wireshark_encr", &Ikev2KeyRecord::wiresharkEncr)
        .def_readonly("wireshark_integ", &Ikev2KeyRecord::wiresharkInteg)
        .def_readonly("suite", &Ikev2KeyRecord::suite)
        .def("__repr__",
             [](const Ikev2KeyRecord& r) { return "<Ikev2KeyRecord " + r.suite + ">"; });

    const char* const daemon = "the IKEv2 daemon";
    py::class_<Ikev2Daemon, Application, Ptr<Ikev2Daemon>>(
        m,
        "Ikev2Daemon",
        "An IKEv2 daemon (RFC 7296) on a node, like strongSwan's charon. Trace sources "
        "(TraceConnectWithoutContext): Message, State, Error, each passing one str.")
        .def(
            "SetAttribute",
            [daemon](Ikev2Daemon& d, const std::string& name, const py::object& value) {
                CheckAlive(d, daemon);
                CheckPortChange(d, name);
                SetObjectAttribute(d, name, value);
            },
            py::arg("name"),
            py::arg("value"),
            "Object.SetAttribute; IkePort and NattPort of an installed daemon are refused (the "
            "helper claimed them: set them on the Ikev2Helper).")
        .def(
            "SetAttributeFailSafe",
            [daemon](Ikev2Daemon& d, const std::string& name, const py::object& value) {
                try
                {
                    CheckAlive(d, daemon);
                    CheckPortChange(d, name);
                    SetObjectAttribute(d, name, value);
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
            "LoadConfiguration",
            [daemon](Ikev2Daemon& d) {
                CheckAlive(d, daemon);
                CheckResult(d.LoadConfiguration());
            },
            "Read the configuration its attributes name (ConfigFormat, ConfigText or ConfigFile, "
            "SecretsText or SecretsFile); ValueError (`source:line:column: message`) and nothing "
            "changed on an error.")
        .def(
            "SetConfig",
            [daemon](Ikev2Daemon& d, const Ikev2Config& config) {
                CheckAlive(d, daemon);
                CheckResult(d.SetConfig(config));
            },
            py::arg("config"),
            "Use an Ikev2Config; ValueError on an error, or once the daemon runs.")
        .def(
            "GetConfig",
            [daemon](const Ikev2Daemon& d) {
                CheckAlive(d, daemon);
                return d.GetConfig();
            },
            "A copy of the configuration in use.")
        .def("AssignStreams",
             Alive(&Ikev2Daemon::AssignStreams, daemon),
             py::arg("stream"),
             "Fix its random stream; returns the number of streams used (1).")
        .def("Initiate",
             Alive(&Ikev2Daemon::Initiate, daemon),
             py::arg("connection"),
             py::arg("child") = "",
             "Negotiate a connection now (swanctl --initiate); False when there is no such "
             "connection or child, no single peer address, or the daemon has not started.")
        .def("Terminate",
             Alive(&Ikev2Daemon::Terminate, daemon),
             py::arg("connection"),
             "Delete every IKE SA of a connection; False when it has none.")
        .def("RekeyChild",
             Alive(&Ikev2Daemon::RekeyChild, daemon),
             py::arg("child"),
             "Rekey the installed Child SAs of a name now; False when none is installed.")
        .def("RekeyIke",
             Alive(&Ikev2Daemon::RekeyIke, daemon),
             py::arg("connection"),
             "Rekey the established IKE SAs of a connection now (swanctl --rekey --ike); False "
             "when none is established.")
        .def(
            "GetStats",
            [daemon](const Ikev2Daemon& d) {
                CheckAlive(d, daemon);
                return StatsWrapper()(StatsOf(d.GetStats()));
            },
            "Counters as an Ikev2Stats (a snapshot): a dict that also reads as the C++ struct.")
        .def("ResetStats", Alive(&Ikev2Daemon::ResetStats, daemon))
        .def(
            "GetIkeSas",
            [daemon](const Ikev2Daemon& d) {
                CheckAlive(d, daemon);
                std::vector<IkeSaView> out;
                for (const auto& sa : d.GetIkeSas())
                {
                    out.push_back(ViewOf(*sa));
                }
                return out;
            },
            "The IKE SAs that exist now, as read-only snapshots (Ikev2IkeSa).")
        .def(
            "GetKeyLog",
            [daemon](const Ikev2Daemon& d) {
                CheckAlive(d, daemon);
                return d.GetKeyLog();
            },
            "The keys of every IKE SA established, in order (Ikev2KeyRecord).")
        .def(
            "GetChildSaLog",
            [daemon](const Ikev2Daemon& d) {
                CheckAlive(d, daemon);
                return d.GetChildSaLog();
            },
            "Every ESP SA it installed, rekeyed-away ones included (SecurityAssociation).")
        .def("Dump",
             Alive(&Ikev2Daemon::Dump, daemon),
             "The IKE SAs and their children, like swanctl --list-sas.")
        .def("__repr__", [](const Ikev2Daemon& d) -> std::string {
            try
            {
                CheckAlive(d, "the IKEv2 daemon");
            }
            catch (const py::value_error&)
            {
                return "<Ikev2Daemon of a simulation that Simulator.Destroy() ended>";
            }
            Ptr<Node> node = d.GetNode();
            return "<Ikev2Daemon" + (node ? " on node " + std::to_string(node->GetId()) : "") + ", "
                 + std::to_string(d.GetConfig().peers.size()) + " connections, "
                 + std::to_string(d.GetIkeSas().size()) + " IKE SAs>";
        });
    SetTypeIdName(m.attr("Ikev2Daemon"), "ns3::Ikev2Daemon");

    py::class_<Ikev2HelperBox>(
        m,
        "Ikev2Helper",
        "Installs IKEv2 daemons: Ikev2Helper(**attributes) with Ikev2Daemon's attributes "
        "(RetransmitTimeout, RetransmitTries, IkePort, NattPort, NatKeepalive, ...). The node "
        "needs IPsec (IpsecHelper.Install) first.")
        .def(py::init([](const py::kwargs& attributes) {
            Ikev2HelperBox box;
            SetAttributes(Ikev2Daemon::GetTypeId(),
                          attributes,
                          [&box](const std::string& n, const AttributeValue& v) {
                              SetHelperAttribute(box, n, v);
                          });
            return box;
        }))
        .def(
            "SetAttribute",
            [](Ikev2HelperBox& box, const std::string& n, const py::object& v) {
                // Checked against the TypeId now, with the bindings' messages.
                Ptr<AttributeValue> value
                    = CheckAttribute(Ikev2Daemon::GetTypeId(), n, v, AttributeUse::CONSTRUCT);
                SetHelperAttribute(box, n, *value);
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](const Ikev2HelperBox& box,
               Ptr<Node> node,
               const std::string& swanctl,
               const std::string& source) {
                return InstallWith(box, node, "Ikev2Helper.Install", [&]() {
                    return box.helper.Install(node, swanctl, source);
                });
            },
            py::arg("node"),
            py::arg("swanctl"),
            py::arg("source") = "swanctl.conf",
            "Install a daemon configured by swanctl.conf text (source names it in errors); "
            "returns an ApplicationContainer holding the Ikev2Daemon. ValueError, nothing "
            "installed, for a bad configuration (`source:line:column: message`), a node without "
            "IPsec or already running a daemon, or IKE ports another server holds.")
        .def(
            "Install",
            [](const Ikev2HelperBox& box, Ptr<Node> node, const Ikev2Config& config) {
                return InstallWith(box, node, "Ikev2Helper.Install", [&]() {
                    return box.helper.Install(node, config);
                });
            },
            py::arg("node"),
            py::arg("config"),
            "Install a daemon with an Ikev2Config (checked like a file's).")
        .def(
            "InstallFile",
            [](const Ikev2HelperBox& box, Ptr<Node> node, const std::string& path) {
                return InstallWith(box, node, "Ikev2Helper.InstallFile", [&]() {
                    return box.helper.InstallFile(node, path);
                });
            },
            py::arg("node"),
            py::arg("path"),
            "Install a daemon configured by a swanctl.conf file.")
        .def(
            "InstallSolaris",
            [](const Ikev2HelperBox& box,
               Ptr<Node> node,
               const std::string& config,
               const std::string& preshared) {
                return InstallWith(box, node, "Ikev2Helper.InstallSolaris", [&]() {
                    return box.helper.InstallSolaris(node, config, preshared);
                });
            },
            py::arg("node"),
            py::arg("config"),
            py::arg("preshared"),
            "Install a daemon configured like Solaris's in.ikev2d (ikev2.config and "
            "ikev2.preshared text).")
        .def_static(
            "Get",
            [](Ptr<Node> node) { return Handed(Ikev2Helper::Get(LiveNode(node))); },
            py::arg("node"),
            "The node's IKEv2 daemon, or None.")
        .def_static(
            "AssignStreams",
            [](const NodesArg& nodes, int64_t stream) {
                return Ikev2Helper::AssignStreams(NodesOf(nodes), stream);
            },
            py::arg("nodes"),
            py::arg("stream"),
            "Fix the random streams of the daemons on these nodes; returns the number used.");

    py::class_<Ikev2KeyExport>(m,
                               "Ikev2KeyExport",
                               "The keys the IKEv2 daemons negotiated, in Wireshark's formats.")
        .def_static(
            "CollectIke",
            [](const NodesArg& nodes) { return Ikev2KeyExport::CollectIke(NodesOf(nodes)); },
            py::arg("nodes"),
            "The key records of the daemons' IKE SAs, each pair of SPIs once.")
        .def_static(
            "CollectChild",
            [](const NodesArg& nodes) { return Ikev2KeyExport::CollectChild(NodesOf(nodes)); },
            py::arg("nodes"),
            "Every ESP SA the daemons installed, each (destination, SPI) once.")
        .def_static(
            "DecryptionTable",
            [](const std::vector<Ikev2KeyRecord>& records) {
                return Ikev2KeyExport::DecryptionTable(records);
            },
            py::arg("records"),
            "Wireshark's ikev2_decryption_table for key records: a comment line, then one line "
            "per IKE SA.")
        .def_static(
            "DecryptionTable",
            [](const NodesArg& nodes) {
                return Ikev2KeyExport::DecryptionTable(Ikev2KeyExport::CollectIke(NodesOf(nodes)));
            },
            py::arg("nodes"),
            "Wireshark's ikev2_decryption_table for the daemons of these nodes.")
        .def_static(
            "WiresharkEspSa",
            [](const NodesArg& nodes) {
                return IpsecKeyExport::WiresharkEspSa(Ikev2KeyExport::CollectChild(NodesOf(nodes)));
            },
            py::arg("nodes"),
            "Wireshark's esp_sa table of every ESP SA the daemons installed.")
        .def_static(
            "Write",
            [](const std::string& prefix, const NodesArg& arg) {
                NodeContainer nodes = NodesOf(arg);
                CheckOutputPrefix(prefix);
                try
                {
                    Ikev2KeyExport::Write(prefix, nodes);
                }
                catch (const std::runtime_error& e)
                {
                    PyErr_SetString(PyExc_OSError, e.what());
                    throw py::error_already_set();
                }
            },
            py::arg("prefix"),
            py::arg("nodes"),
            "Write PREFIX.ikev2 (ikev2_decryption_table) and PREFIX.esp (esp_sa); OSError when "
            "a file cannot be written.");
}

} // namespace ns3ipsec
