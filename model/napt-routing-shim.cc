/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "napt-routing-shim.h"

#include "napt-box.h"

#include "ns3/output-stream-wrapper.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NaptRoutingShim);

TypeId
NaptRoutingShim::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NaptRoutingShim")
                            .SetParent<Ipv4TransitHook>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<NaptRoutingShim>();
    return tid;
}

NaptRoutingShim::NaptRoutingShim() = default;

NaptRoutingShim::NaptRoutingShim(Ptr<NaptBox> box)
    : m_box(box)
{
}

void
NaptRoutingShim::DoDispose()
{
    m_box = nullptr;
    Ipv4TransitHook::DoDispose();
}

bool
NaptRoutingShim::RouteInput(Ptr<const Packet> p,
                            const Ipv4Header& header,
                            Ptr<const NetDevice> idev,
                            IPSEC_ROUTE_INPUT_CALLBACK(UnicastForwardCallback) ucb,
                            IPSEC_ROUTE_INPUT_CALLBACK(MulticastForwardCallback) mcb,
                            IPSEC_ROUTE_INPUT_CALLBACK(LocalDeliverCallback) lcb,
                            IPSEC_ROUTE_INPUT_CALLBACK(ErrorCallback) ecb)
{
    return m_box && m_box->TranslateOutbound(p, header, idev, ucb);
}

void
NaptRoutingShim::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "NAPT: transit packets from the inside interfaces routed out of the outside one leave "
          "from "
       << (m_box ? m_box->GetPublicAddress() : Ipv4Address()) << "; mappings:\n";
    if (m_box)
    {
        os << m_box->Dump();
    }
}

} // namespace ns3
