/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-flow-probe.h"

#include "ipsec-l3-protocol.h"

#include "ns3/flow-monitor-helper.h"
#include "ns3/flow-monitor.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/tag.h"

#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecFlowProbe");
NS_OBJECT_ENSURE_REGISTERED(IpsecFlowProbe);

namespace
{
/// The flow and packet a protected datagram is, riding on its bytes from sender to receiver.
class IpsecFlowProbeTag : public Tag
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::IpsecFlowProbeTag")
                                .SetParent<Tag>()
                                .SetGroupName("Ipsec")
                                .AddConstructor<IpsecFlowProbeTag>();
        return tid;
    }

    IpsecFlowProbeTag() = default;

    IpsecFlowProbeTag(FlowId flow, FlowPacketId packet, uint32_t size)
        : m_flow(flow)
        , m_packet(packet)
        , m_size(size)
    {
    }

    TypeId GetInstanceTypeId() const override { return GetTypeId(); }

    uint32_t GetSerializedSize() const override { return 12; }

    void Serialize(TagBuffer buffer) const override
    {
        buffer.WriteU32(m_flow);
        buffer.WriteU32(m_packet);
        buffer.WriteU32(m_size);
    }

    void Deserialize(TagBuffer buffer) override
    {
        m_flow = buffer.ReadU32();
        m_packet = buffer.ReadU32();
        m_size = buffer.ReadU32();
    }

    void Print(std::ostream& os) const override
    {
        os << "flow " << m_flow << " packet " << m_packet << " size " << m_size;
    }

    FlowId m_flow{0};         //!< the flow
    FlowPacketId m_packet{0}; //!< the packet within the flow
    uint32_t m_size{0};       //!< the inner datagram's size
};

NS_OBJECT_ENSURE_REGISTERED(IpsecFlowProbeTag);
} // namespace

TypeId
IpsecFlowProbe::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecFlowProbe").SetParent<FlowProbe>().SetGroupName("Ipsec");
    return tid;
}

IpsecFlowProbe::IpsecFlowProbe(Ptr<FlowMonitor> monitor,
                               Ptr<Ipv4FlowClassifier> classifier,
                               Ptr<Node> node)
    : FlowProbe(monitor)
    , m_classifier(classifier)
    , m_node(node)
{
    NS_LOG_FUNCTION(this << node->GetId());
    if (Ptr<IpsecL3Protocol> ipsec = node->GetObject<IpsecL3Protocol>())
    {
        ipsec->TraceConnectWithoutContext("ClearSend",
                                          MakeCallback(&IpsecFlowProbe::ClearSend, this));
        ipsec->TraceConnectWithoutContext("ClearDeliver",
                                          MakeCallback(&IpsecFlowProbe::ClearDeliver, this));
        ipsec->TraceConnectWithoutContext("Drop", MakeCallback(&IpsecFlowProbe::Drop, this));
    }
    if (Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>())
    {
        ipv4->TraceConnectWithoutContext("LocalDeliver",
                                         MakeCallback(&IpsecFlowProbe::LocalDeliver, this));
        ipv4->TraceConnectWithoutContext("UnicastForward",
                                         MakeCallback(&IpsecFlowProbe::Forward, this));
    }
}

IpsecFlowProbe::~IpsecFlowProbe() = default;

void
IpsecFlowProbe::DoDispose()
{
    m_classifier = nullptr;
    m_node = nullptr;
    FlowProbe::DoDispose();
}

Ptr<Node>
IpsecFlowProbe::GetNode() const
{
    return m_node;
}

uint32_t
IpsecFlowProbe::Enable(FlowMonitorHelper& helper)
{
    Ptr<FlowMonitor> monitor = helper.GetMonitor();
    Ptr<Ipv4FlowClassifier> classifier = DynamicCast<Ipv4FlowClassifier>(helper.GetClassifier());
    std::set<uint32_t> covered;
    for (const auto& probe : monitor->GetAllProbes())
    {
        if (Ptr<IpsecFlowProbe> own = DynamicCast<IpsecFlowProbe>(probe))
        {
            covered.insert(own->GetNode()->GetId());
        }
    }
    uint32_t installed = 0;
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        if ((*it)->GetObject<Ipv4L3Protocol>() && covered.insert((*it)->GetId()).second)
        {
            // The monitor keeps its probes (FlowProbe's constructor adds it).
            CreateObject<IpsecFlowProbe>(monitor, classifier, *it);
            ++installed;
        }
    }
    return installed;
}

bool
IpsecFlowProbe::IsLocal(Ipv4Address address) const
{
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    return ipv4 && ipv4->GetInterfaceForAddress(address) >= 0;
}

void
IpsecFlowProbe::ClearSend(const Ipv4Header& header, Ptr<const Packet> payload)
{
    bool local = IsLocal(header.GetSource());
    IpsecFlowProbeTag tag;
    if (payload->FindFirstMatchingByteTag(tag))
    {
        if (!local)
        {
            // Protected again on its way (a gateway's tunnel around a host's transport mode).
            m_flowMonitor->ReportForwarding(this, tag.m_flow, tag.m_packet, tag.m_size);
        }
        return; // local: a held packet protected once its SA came, already counted sent
    }
    if (!local)
    {
        return; // forwarded into a tunnel: its sender's Ipv4FlowProbe has it
    }
    FlowId flow;
    FlowPacketId packet;
    if (m_classifier->Classify(header, payload, &flow, &packet))
    {
        uint32_t size = header.GetSerializedSize() + payload->GetSize();
        m_flowMonitor->ReportFirstTx(this, flow, packet, size);
        // Like Ipv4FlowProbe, mark the payload itself: the mark rides inside the ESP/AH bytes.
        ConstCast<Packet>(payload)->AddByteTag(IpsecFlowProbeTag(flow, packet, size));
    }
}

void
IpsecFlowProbe::ClearDeliver(const Ipv4Header& header, Ptr<const Packet> payload)
{
    IpsecFlowProbeTag tag;
    if (payload->FindFirstMatchingByteTag(tag))
    {
        m_flowMonitor->ReportLastRx(this, tag.m_flow, tag.m_packet, tag.m_size);
    }
}

void
IpsecFlowProbe::LocalDeliver(const Ipv4Header& header, Ptr<const Packet> payload, uint32_t)
{
    uint8_t protocol = header.GetProtocol();
    if (protocol == static_cast<uint8_t>(IpsecProtocol::ESP)
        || protocol == static_cast<uint8_t>(IpsecProtocol::AH))
    {
        return; // still protected: received once verified (ClearDeliver, or out of a tunnel)
    }
    ClearDeliver(header, payload);
}

void
IpsecFlowProbe::Forward(const Ipv4Header&, Ptr<const Packet> payload, uint32_t)
{
    IpsecFlowProbeTag tag;
    if (payload->FindFirstMatchingByteTag(tag))
    {
        m_flowMonitor->ReportForwarding(this, tag.m_flow, tag.m_packet, tag.m_size);
    }
}

void
IpsecFlowProbe::Drop(Ptr<const Packet> packet, IpsecDropReason reason, IpsecDirection, uint32_t)
{
    IpsecFlowProbeTag tag;
    if (packet->FindFirstMatchingByteTag(tag))
    {
        m_flowMonitor->ReportDrop(this,
                                  tag.m_flow,
                                  tag.m_packet,
                                  tag.m_size,
                                  DROP_REASON_BASE + static_cast<uint32_t>(reason));
    }
}

} // namespace ns3
