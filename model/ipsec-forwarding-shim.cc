/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-forwarding-shim.h"

#include "ipsec-address.h"

#include "ns3/log.h"
#include "ns3/output-stream-wrapper.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecForwardingShim");
NS_OBJECT_ENSURE_REGISTERED(IpsecForwardingShim);

TypeId
IpsecForwardingShim::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecForwardingShim")
                            .SetParent<Ipv4TransitHook>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecForwardingShim>();
    return tid;
}

IpsecForwardingShim::IpsecForwardingShim() = default;

IpsecForwardingShim::IpsecForwardingShim(Forward forward, AddressesChanged changed)
    : m_forward(forward)
    , m_changed(changed)
{
}

void
IpsecForwardingShim::DoDispose()
{
    m_forward = Forward();
    m_changed = AddressesChanged();
    Ipv4TransitHook::DoDispose();
}

void
IpsecForwardingShim::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (!m_changed.IsNull())
    {
        m_changed();
    }
}

void
IpsecForwardingShim::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (!m_changed.IsNull())
    {
        m_changed();
    }
}

bool
IpsecForwardingShim::RouteInput(Ptr<const Packet> p,
                                const Ipv4Header& header,
                                Ptr<const NetDevice> idev,
                                IPSEC_ROUTE_INPUT_CALLBACK(UnicastForwardCallback) ucb,
                                IPSEC_ROUTE_INPUT_CALLBACK(MulticastForwardCallback) mcb,
                                IPSEC_ROUTE_INPUT_CALLBACK(LocalDeliverCallback) lcb,
                                IPSEC_ROUTE_INPUT_CALLBACK(ErrorCallback) ecb)
{
    if (m_forward.IsNull() || IsIpv4BroadcastOrMulticast(header.GetDestination()))
    {
        return false;
    }
    return m_forward(p, header, idev);
}

void
IpsecForwardingShim::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    *stream->GetStream() << "IPsec forwarding shim: transit packets are checked against tunnel "
                            "policy before the routes below\n";
}

} // namespace ns3
