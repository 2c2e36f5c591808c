/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-flow-probe.h"

#include "ipsec-l3-protocol.h"
#include "ipsec-udp-encapsulation.h"

#include "ns3/flow-monitor-helper.h"
#include "ns3/flow-monitor.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
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
                               Ptr<Ipv6FlowClassifier> classifier6,
                               Ptr<Node> node)
    : FlowProbe(monitor)
    , m_classifier(classifier)
    , m_classifier6(classifier6)
    , m_node(node)
    , m_ipsec(node->GetObject<IpsecL3Protocol>())
{
    NS_LOG_FUNCTION(this << node->GetId());
    if (Ptr<IpsecL3Protocol> ipsec = m_ipsec)
    {
        ipsec->TraceConnectWithoutContext("ClearSend",
                                          MakeCallback(&IpsecFlowProbe::ClearSend, this));
        ipsec->TraceConnectWithoutContext("ClearSend6",
                                          MakeCallback(&IpsecFlowProbe::ClearSend6, this));
        auto deliver = [this](auto&, Ptr<const Packet> payload) {
            ClearDeliver(payload);
        };
        ipsec->TraceConnectWithoutContext(
            "ClearDeliver",
            Callback<void, const Ipv4Header&, Ptr<const Packet>>(
                std::function<void(const Ipv4Header&, Ptr<const Packet>)>(deliver)));
        ipsec->TraceConnectWithoutContext(
            "ClearDeliver6",
            Callback<void, const Ipv6Header&, Ptr<const Packet>>(
                std::function<void(const Ipv6Header&, Ptr<const Packet>)>(deliver)));
        ipsec->TraceConnectWithoutContext("Drop", MakeCallback(&IpsecFlowProbe::Drop, this));
    }
    auto forward = [this](auto&, Ptr<const Packet> payload, uint32_t) {
        Forward(payload);
    };
    if (Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>())
    {
        ipv4->TraceConnectWithoutContext("LocalDeliver",
                                         MakeCallback(&IpsecFlowProbe::LocalDeliver, this));
        ipv4->TraceConnectWithoutContext(
            "UnicastForward",
            Callback<void, const Ipv4Header&, Ptr<const Packet>, uint32_t>(
                std::function<void(const Ipv4Header&, Ptr<const Packet>, uint32_t)>(forward)));
    }
    if (Ptr<Ipv6L3Protocol> ipv6 = node->GetObject<Ipv6L3Protocol>(); ipv6 && m_classifier6)
    {
        ipv6->TraceConnectWithoutContext("LocalDeliver",
                                         MakeCallback(&IpsecFlowProbe::LocalDeliver6, this));
        ipv6->TraceConnectWithoutContext(
            "UnicastForward",
            Callback<void, const Ipv6Header&, Ptr<const Packet>, uint32_t>(
                std::function<void(const Ipv6Header&, Ptr<const Packet>, uint32_t)>(forward)));
    }
}

IpsecFlowProbe::~IpsecFlowProbe() = default;

void
IpsecFlowProbe::DoDispose()
{
    m_classifier = nullptr;
    m_classifier6 = nullptr;
    m_node = nullptr;
    m_ipsec = nullptr;
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
    Ptr<Ipv6FlowClassifier> classifier6 = DynamicCast<Ipv6FlowClassifier>(helper.GetClassifier6());
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
        bool ip = (*it)->GetObject<Ipv4L3Protocol>() || (*it)->GetObject<Ipv6L3Protocol>();
        if (ip && covered.insert((*it)->GetId()).second)
        {
            // The monitor keeps its probes (FlowProbe's constructor adds it).
            CreateObject<IpsecFlowProbe>(monitor, classifier, classifier6, *it);
            ++installed;
        }
    }
    return installed;
}

void
IpsecFlowProbe::ClearSend(const Ipv4Header& header, Ptr<const Packet> payload)
{
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    Sent(ipv4 && ipv4->GetInterfaceForAddress(header.GetSource()) >= 0,
         payload,
         header.GetSerializedSize() + payload->GetSize(),
         [this, &header, payload](FlowId* flow, FlowPacketId* packet) {
             return m_classifier->Classify(header, payload, flow, packet);
         });
}

void
IpsecFlowProbe::ClearSend6(const Ipv6Header& header, Ptr<const Packet> payload)
{
    if (!m_classifier6)
    {
        return;
    }
    Ptr<Ipv6> ipv6 = m_node->GetObject<Ipv6>();
    Sent(ipv6 && ipv6->GetInterfaceForAddress(header.GetSource()) >= 0,
         payload,
         header.GetSerializedSize() + payload->GetSize(),
         [this, &header, payload](FlowId* flow, FlowPacketId* packet) {
             return m_classifier6->Classify(header, payload, flow, packet);
         });
}

void
IpsecFlowProbe::Sent(bool local,
                     Ptr<const Packet> payload,
                     uint32_t size,
                     const std::function<bool(FlowId*, FlowPacketId*)>& classify)
{
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
        return; // forwarded into a tunnel: its sender's IP flow probe has it
    }
    FlowId flow;
    FlowPacketId packet;
    if (classify(&flow, &packet))
    {
        m_flowMonitor->ReportFirstTx(this, flow, packet, size);
        // Like Ipv4FlowProbe, mark the payload itself: the mark rides inside the ESP/AH bytes.
        ConstCast<Packet>(payload)->AddByteTag(IpsecFlowProbeTag(flow, packet, size));
    }
}

void
IpsecFlowProbe::ClearDeliver(Ptr<const Packet> payload)
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
    uint32_t udpLength;
    if (protocol == 17 && m_ipsec
        && IpsecUdpEncapsulation::Inspect(*m_ipsec->GetSadb(),
                                          header.GetDestination(),
                                          payload,
                                          udpLength)
               == IpsecUdpEncapsulation::Content::ESP)
    {
        return; // ESP in UDP: protected as well
    }
    ClearDeliver(payload);
}

void
IpsecFlowProbe::LocalDeliver6(const Ipv6Header& header, Ptr<const Packet> payload, uint32_t)
{
    // The protocol behind the extension headers IPv6 has not processed yet (hop-by-hop,
    // routing, destination options; a fragment header names the whole datagram's).
    uint8_t next = header.GetNextHeader();
    uint8_t bytes[256];
    uint32_t size = payload->CopyData(bytes, sizeof(bytes));
    for (uint32_t offset = 0, hops = 0; hops < 8 && offset + 2 <= size; ++hops)
    {
        if (next == 44)
        {
            next = bytes[offset];
            break;
        }
        if (next != 0 && next != 43 && next != 60)
        {
            break;
        }
        next = bytes[offset];
        offset += (bytes[offset + 1] + 1u) * 8;
    }
    if (next == static_cast<uint8_t>(IpsecProtocol::ESP)
        || next == static_cast<uint8_t>(IpsecProtocol::AH))
    {
        return; // still protected: received once verified (ClearDeliver6, or out of a tunnel)
    }
    ClearDeliver(payload);
}

void
IpsecFlowProbe::Forward(Ptr<const Packet> payload)
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
