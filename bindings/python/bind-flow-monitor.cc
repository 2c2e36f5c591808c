/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings: FlowMonitor as ns-3's Python examples use it (FlowMonitorHelper, InstallAll,
 * GetMonitor, GetClassifier, CheckForLostPackets, GetFlowStats, FindFlow, SerializeToXmlFile),
 * and IpsecFlowProbe.Enable(helper), which makes flows IPsec protects visible to it.
 *
 * What ns-3 leaves unchecked is checked here: FindFlow of an unknown flow (fatal in ns-3), a
 * node installed twice (its packets would count twice), monitor attributes set after the monitor
 * exists (silently ignored by ns-3), histogram bins out of range. The helper is kept alive until
 * Simulator.Destroy(): its destruction disposes the monitor, whose probes would then crash on the
 * next packet.
 */
#include "bindings.h"

#include "ns3/flow-monitor-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-flow-probe.h"

#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <sys/stat.h>

using namespace ns3;

namespace ns3ipsec
{
namespace
{
/// FlowMonitorHelper with what the bindings check: nodes installed, monitor created.
struct FlowMonitorHelper_
{
    std::shared_ptr<FlowMonitorHelper> helper = std::make_shared<FlowMonitorHelper>();
    std::set<uint32_t> nodes; //!< ids of the nodes with a probe of this helper
    bool created = false;     //!< the monitor exists (attributes no longer apply)
    uint64_t generation = Generation();
};

/// The flow ids a classifier knows (ns-3's FindFlow aborts on any other).
std::set<FlowId>
KnownFlows(const FlowClassifier& classifier)
{
    std::ostringstream oss;
    classifier.SerializeToXmlStream(oss, 0);
    std::string xml = oss.str();
    std::set<FlowId> ids;
    static const std::regex flow("flowId=\"([0-9]+)\"");
    for (std::sregex_iterator it(xml.begin(), xml.end(), flow), end; it != end; ++it)
    {
        ids.insert(static_cast<FlowId>(std::stoul((*it)[1].str())));
    }
    return ids;
}

/// The statistics of every flow, as FlowMonitor::GetFlowStats' map.
struct FlowStatsMap
{
    std::map<FlowId, FlowMonitor::FlowStats> stats;
};

uint32_t
Bin(Histogram& h, int64_t i, const std::string& what)
{
    if (i < 0 || i >= h.GetNBins())
    {
        throw py::index_error("Histogram." + what + ": bin " + std::to_string(i) + " out of range ("
                              + std::to_string(h.GetNBins()) + " bins)");
    }
    return static_cast<uint32_t>(i);
}

void
CheckXmlFile(const std::string& fileName)
{
    CheckOutputPrefix(fileName);
    struct stat st;
    if (stat(fileName.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    {
        errno = EISDIR;
        PyErr_SetFromErrnoWithFilename(PyExc_OSError, fileName.c_str());
        throw py::error_already_set();
    }
}

/// Install probes on nodes that have none of this helper's; the monitor is now created.
Ptr<FlowMonitor>
InstallOn(FlowMonitorHelper_& h, const NodeContainer& nodes, bool skipInstalled)
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<Node> node = nodes.Get(i);
        if (!skipInstalled && h.nodes.count(node->GetId()))
        {
            throw py::value_error("FlowMonitorHelper.Install: node " + std::to_string(node->GetId())
                                  + " is already monitored by this helper (its packets would "
                                    "count twice)");
        }
        if (!skipInstalled && !node->GetObject<Ipv4L3Protocol>()
            && !node->GetObject<Ipv6L3Protocol>())
        {
            throw py::value_error("FlowMonitorHelper.Install: node " + std::to_string(node->GetId())
                                  + " has no internet stack (call InternetStackHelper.Install "
                                    "first)");
        }
    }
    h.created = true;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<Node> node = nodes.Get(i);
        if (h.nodes.count(node->GetId())
            || (!node->GetObject<Ipv4L3Protocol>() && !node->GetObject<Ipv6L3Protocol>()))
        {
            continue;
        }
        h.helper->Install(node);
        h.nodes.insert(node->GetId());
    }
    return Handed(h.helper->GetMonitor());
}

void
CheckCurrent(const FlowMonitorHelper_& h)
{
    if (h.generation != Generation())
    {
        throw py::value_error("the FlowMonitorHelper belongs to a simulation that "
                              "Simulator.Destroy() ended; make a new one");
    }
}
} // namespace

void
BindFlowMonitor(py::module_& m)
{
    py::class_<Histogram>(m, "Histogram")
        .def("GetNBins", &Histogram::GetNBins)
        .def(
            "GetBinStart",
            [](Histogram& h, int64_t i) { return h.GetBinStart(Bin(h, i, "GetBinStart")); },
            py::arg("index"))
        .def(
            "GetBinEnd",
            [](Histogram& h, int64_t i) { return h.GetBinEnd(Bin(h, i, "GetBinEnd")); },
            py::arg("index"))
        .def(
            "GetBinWidth",
            [](Histogram& h, int64_t i) { return h.GetBinWidth(Bin(h, i, "GetBinWidth")); },
            py::arg("index"))
        .def(
            "GetBinCount",
            [](Histogram& h, int64_t i) { return h.GetBinCount(Bin(h, i, "GetBinCount")); },
            py::arg("index"));

    using Stats = FlowMonitor::FlowStats;
    py::class_<Stats>(m, "FlowStats", "FlowMonitor::FlowStats: one flow's statistics.")
        .def_readonly("timeFirstTxPacket", &Stats::timeFirstTxPacket)
        .def_readonly("timeFirstRxPacket", &Stats::timeFirstRxPacket)
        .def_readonly("timeLastTxPacket", &Stats::timeLastTxPacket)
        .def_readonly("timeLastRxPacket", &Stats::timeLastRxPacket)
        .def_readonly("delaySum", &Stats::delaySum)
        .def_readonly("jitterSum", &Stats::jitterSum)
        .def_readonly("lastDelay", &Stats::lastDelay)
        .def_readonly("txBytes", &Stats::txBytes)
        .def_readonly("rxBytes", &Stats::rxBytes)
        .def_readonly("txPackets", &Stats::txPackets)
        .def_readonly("rxPackets", &Stats::rxPackets)
        .def_readonly("lostPackets", &Stats::lostPackets)
        .def_readonly("timesForwarded", &Stats::timesForwarded)
        .def_readonly("delayHistogram", &Stats::delayHistogram)
        .def_readonly("jitterHistogram", &Stats::jitterHistogram)
        .def_readonly("packetSizeHistogram", &Stats::packetSizeHistogram)
        .def_readonly("flowInterruptionsHistogram", &Stats::flowInterruptionsHistogram)
        .def_readonly("packetsDropped", &Stats::packetsDropped)
        .def_readonly("bytesDropped", &Stats::bytesDropped)
        .def("__repr__", [](const Stats& s) {
            return "<FlowStats tx " + std::to_string(s.txPackets) + " packets/"
                 + std::to_string(s.txBytes) + " B, rx " + std::to_string(s.rxPackets) + " packets/"
                 + std::to_string(s.rxBytes) + " B, lost " + std::to_string(s.lostPackets) + ">";
        });

    py::class_<FlowStatsMap>(m,
                             "FlowStatsContainer",
                             "FlowMonitor::FlowStatsContainer (std::map<FlowId, FlowStats>): "
                             "iterating gives (flowId, stats) pairs as in ns-3's Python; "
                             "stats[flowId], len(), items(), keys(), values() as a dict.")
        .def("__iter__",
             [](const FlowStatsMap& s) {
                 py::list pairs;
                 for (const auto& [id, stats] : s.stats)
                 {
                     pairs.append(py::make_tuple(id, stats));
                 }
                 return py::iter(pairs);
             })
        .def("__len__", [](const FlowStatsMap& s) { return s.stats.size(); })
        .def("size", [](const FlowStatsMap& s) { return s.stats.size(); })
        .def("__contains__", [](const FlowStatsMap& s, FlowId id) { return s.stats.count(id) > 0; })
        .def("__getitem__",
             [](const FlowStatsMap& s, FlowId id) {
                 auto it = s.stats.find(id);
                 if (it == s.stats.end())
                 {
                     throw py::key_error("no flow " + std::to_string(id));
                 }
                 return it->second;
             })
        .def("items",
             [](const FlowStatsMap& s) {
                 py::list pairs;
                 for (const auto& [id, stats] : s.stats)
                 {
                     pairs.append(py::make_tuple(id, stats));
                 }
                 return pairs;
             })
        .def("keys",
             [](const FlowStatsMap& s) {
                 py::list ids;
                 for (const auto& [id, stats] : s.stats)
                 {
                     ids.append(id);
                 }
                 return ids;
             })
        .def("values", [](const FlowStatsMap& s) {
            py::list all;
            for (const auto& [id, stats] : s.stats)
            {
                all.append(stats);
            }
            return all;
        });

    py::class_<FlowMonitor, Object, Ptr<FlowMonitor>>(m, "FlowMonitor")
        .def(
            "CheckForLostPackets",
            [](FlowMonitor& f) { f.CheckForLostPackets(); },
            "Count packets in flight longer than MaxPerHopDelay as lost.")
        .def(
            "CheckForLostPackets",
            [](FlowMonitor& f, const py::object& maxDelay) {
                f.CheckForLostPackets(ToTime(maxDelay, "CheckForLostPackets maxDelay"));
            },
            py::arg("maxDelay"))
        .def(
            "GetFlowStats",
            [](const FlowMonitor& f) { return FlowStatsMap{f.GetFlowStats()}; },
            "Every flow's FlowStats: for flowId, stats in monitor.GetFlowStats(): ...")
        .def(
            "SerializeToXmlFile",
            [](FlowMonitor& f,
               const std::string& fileName,
               bool enableHistograms,
               bool enableProbes) {
                CheckXmlFile(fileName);
                f.SerializeToXmlFile(fileName, enableHistograms, enableProbes);
            },
            py::arg("fileName"),
            py::arg("enableHistograms"),
            py::arg("enableProbes"))
        .def("SerializeToXmlString",
             &FlowMonitor::SerializeToXmlString,
             py::arg("indent"),
             py::arg("enableHistograms"),
             py::arg("enableProbes"))
        .def(
            "Start",
            [](FlowMonitor& f, const py::object& t) { f.Start(ToTime(t, "FlowMonitor.Start")); },
            py::arg("time"))
        .def(
            "Stop",
            [](FlowMonitor& f, const py::object& t) { f.Stop(ToTime(t, "FlowMonitor.Stop")); },
            py::arg("time"))
        .def("StartRightNow", &FlowMonitor::StartRightNow)
        .def("StopRightNow", &FlowMonitor::StopRightNow);
    SetTypeIdName(m.attr("FlowMonitor"), "ns3::FlowMonitor");

    py::class_<FlowClassifier, Ptr<FlowClassifier>>(m, "FlowClassifier");
    using Tuple = Ipv4FlowClassifier::FiveTuple;
    py::class_<Tuple>(m, "FiveTuple", "Ipv4FlowClassifier::FiveTuple.")
        .def_readonly("sourceAddress", &Tuple::sourceAddress)
        .def_readonly("destinationAddress", &Tuple::destinationAddress)
        .def_readonly("protocol", &Tuple::protocol)
        .def_readonly("sourcePort", &Tuple::sourcePort)
        .def_readonly("destinationPort", &Tuple::destinationPort)
        .def("__eq__", [](const Tuple& a, const Tuple& b) { return a == b; })
        .def("__repr__", [](const Tuple& t) {
            std::ostringstream oss;
            oss << "<FiveTuple " << int(t.protocol) << " " << t.sourceAddress << ":" << t.sourcePort
                << " -> " << t.destinationAddress << ":" << t.destinationPort << ">";
            return oss.str();
        });
    using Tuple6 = Ipv6FlowClassifier::FiveTuple;
    py::class_<Tuple6>(m, "FiveTuple6", "Ipv6FlowClassifier::FiveTuple.")
        .def_readonly("sourceAddress", &Tuple6::sourceAddress)
        .def_readonly("destinationAddress", &Tuple6::destinationAddress)
        .def_readonly("protocol", &Tuple6::protocol)
        .def_readonly("sourcePort", &Tuple6::sourcePort)
        .def_readonly("destinationPort", &Tuple6::destinationPort)
        .def("__eq__", [](const Tuple6& a, const Tuple6& b) { return a == b; })
        .def("__repr__", [](const Tuple6& t) {
            return "<FiveTuple " + std::to_string(t.protocol) + " [" + AddressText(t.sourceAddress)
                 + "]:" + std::to_string(t.sourcePort) + " -> [" + AddressText(t.destinationAddress)
                 + "]:" + std::to_string(t.destinationPort) + ">";
        });
    py::class_<Ipv6FlowClassifier, FlowClassifier, Ptr<Ipv6FlowClassifier>> classifier6(
        m,
        "Ipv6FlowClassifier");
    classifier6.attr("FiveTuple") = m.attr("FiveTuple6");
    classifier6.def(
        "FindFlow",
        [](const Ipv6FlowClassifier& c, int64_t flowId) {
            std::set<FlowId> known = KnownFlows(c);
            if (flowId < 0 || !known.count(static_cast<FlowId>(flowId)))
            {
                throw py::value_error("Ipv6FlowClassifier.FindFlow: no IPv6 flow "
                                      + std::to_string(flowId));
            }
            return c.FindFlow(static_cast<FlowId>(flowId));
        },
        py::arg("flowId"));

    py::class_<Ipv4FlowClassifier, FlowClassifier, Ptr<Ipv4FlowClassifier>> classifier(
        m,
        "Ipv4FlowClassifier");
    classifier.attr("FiveTuple") = m.attr("FiveTuple");
    classifier
        .def(
            "FindFlow",
            [](const Ipv4FlowClassifier& c, int64_t flowId) {
                std::set<FlowId> known = KnownFlows(c);
                if (flowId < 0 || !known.count(static_cast<FlowId>(flowId)))
                {
                    throw py::value_error(
                        "Ipv4FlowClassifier.FindFlow: no flow " + std::to_string(flowId)
                        + (known.empty() ? std::string(" (no flow seen yet)")
                                         : " (flows " + std::to_string(*known.begin()) + " to "
                                               + std::to_string(*known.rbegin()) + ")"));
                }
                return c.FindFlow(static_cast<FlowId>(flowId));
            },
            py::arg("flowId"))
        .def(
            "GetDscpCounts",
            [](const Ipv4FlowClassifier& c, int64_t flowId) {
                std::set<FlowId> known = KnownFlows(c);
                if (flowId < 0 || !known.count(static_cast<FlowId>(flowId)))
                {
                    throw py::value_error("Ipv4FlowClassifier.GetDscpCounts: no flow "
                                          + std::to_string(flowId));
                }
                std::vector<std::pair<int, uint32_t>> out;
                for (const auto& [dscp, count] : c.GetDscpCounts(static_cast<FlowId>(flowId)))
                {
                    out.emplace_back(int(dscp), count);
                }
                return out;
            },
            py::arg("flowId"),
            "(DSCP, packets) of a flow.");

    py::class_<FlowMonitorHelper_>(m,
                                   "FlowMonitorHelper",
                                   "Installs FlowMonitor probes; one monitor per helper.")
        .def(py::init<>())
        .def(
            "SetMonitorAttribute",
            [](FlowMonitorHelper_& h, const std::string& name, const py::object& value) {
                Ptr<AttributeValue> checked = CheckAttribute(FlowMonitor::GetTypeId(),
                                                             name,
                                                             value,
                                                             AttributeUse::CONSTRUCT);
                if (h.created)
                {
                    throw py::value_error("FlowMonitorHelper.SetMonitorAttribute: the monitor "
                                          "exists already (Install, InstallAll or GetMonitor "
                                          "made it); set it with GetMonitor().SetAttribute('"
                                          + name + "', ...)");
                }
                h.helper->SetMonitorAttribute(name, *checked);
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "Install",
            [](py::object self, const NodesArg& nodes) {
                auto& h = self.cast<FlowMonitorHelper_&>();
                CheckCurrent(h);
                Ptr<FlowMonitor> monitor = InstallOn(h, NodesOf(nodes), false);
                KeepUntilDestroy(self);
                return monitor;
            },
            py::arg("nodes"),
            "Probes on a node or the nodes of a container; returns the monitor.")
        .def(
            "InstallAll",
            [](py::object self) {
                auto& h = self.cast<FlowMonitorHelper_&>();
                CheckCurrent(h);
                Ptr<FlowMonitor> monitor = InstallOn(h, NodeContainer::GetGlobal(), true);
                KeepUntilDestroy(self);
                return monitor;
            },
            "Probes on every node with an internet stack (not yet monitored by this helper).")
        .def("GetMonitor",
             [](py::object self) {
                 auto& h = self.cast<FlowMonitorHelper_&>();
                 h.created = true;
                 KeepUntilDestroy(self);
                 return Handed(h.helper->GetMonitor());
             })
        .def("GetClassifier",
             [](FlowMonitorHelper_& h) {
                 return DynamicCast<Ipv4FlowClassifier>(h.helper->GetClassifier());
             })
        .def(
            "GetClassifier6",
            [](FlowMonitorHelper_& h) {
                return DynamicCast<Ipv6FlowClassifier>(h.helper->GetClassifier6());
            },
            "The classifier of the IPv6 flows (Ipv6FlowProbe's).")
        .def(
            "SerializeToXmlFile",
            [](FlowMonitorHelper_& h,
               const std::string& fileName,
               bool enableHistograms,
               bool enableProbes) {
                CheckXmlFile(fileName);
                h.helper->SerializeToXmlFile(fileName, enableHistograms, enableProbes);
            },
            py::arg("fileName"),
            py::arg("enableHistograms"),
            py::arg("enableProbes"))
        .def(
            "SerializeToXmlString",
            [](FlowMonitorHelper_& h, uint16_t indent, bool enableHistograms, bool enableProbes) {
                return h.helper->SerializeToXmlString(indent, enableHistograms, enableProbes);
            },
            py::arg("indent"),
            py::arg("enableHistograms"),
            py::arg("enableProbes"));

    py::class_<FlowProbe, Object, Ptr<FlowProbe>>(m, "FlowProbe");
    py::class_<IpsecFlowProbe, FlowProbe, Ptr<IpsecFlowProbe>> probe(
        m,
        "IpsecFlowProbe",
        "A FlowMonitor probe that sees flows IPsec protects by their inner 5-tuple.");
    probe.attr("DROP_REASON_BASE") = IpsecFlowProbe::DROP_REASON_BASE;
    probe.def_static(
        "Enable",
        [](py::object helper) {
            if (helper.is_none())
            {
                throw py::type_error("IpsecFlowProbe.Enable needs the FlowMonitorHelper, not "
                                     "None");
            }
            if (!py::isinstance<FlowMonitorHelper_>(helper))
            {
                throw py::type_error("IpsecFlowProbe.Enable needs a FlowMonitorHelper, not "
                                     + std::string(py::str(helper.get_type().attr("__name__"))));
            }
            auto& h = helper.cast<FlowMonitorHelper_&>();
            CheckCurrent(h);
            if (h.nodes.empty())
            {
                throw py::value_error("IpsecFlowProbe.Enable: call the FlowMonitorHelper's "
                                      "Install or InstallAll first");
            }
            KeepUntilDestroy(helper);
            return IpsecFlowProbe::Enable(*h.helper);
        },
        py::arg("helper"),
        "Install an IpsecFlowProbe on every node with IPv4 (after the helper's Install or "
        "InstallAll): transport-mode and host-tunnel IPsec flows become visible. Returns the "
        "number of probes installed (0 the second time).");
    SetTypeIdName(m.attr("IpsecFlowProbe"), "ns3::IpsecFlowProbe");
}

} // namespace ns3ipsec
