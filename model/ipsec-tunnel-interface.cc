/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-tunnel-interface.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/names.h"
#include "ns3/node.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecTunnelInterface");
NS_OBJECT_ENSURE_REGISTERED(IpsecTunnelInterface);

TypeId
IpsecTunnelInterface::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecTunnelInterface")
                            .SetParent<Object>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecTunnelInterface>();
    return tid;
}

IpsecTunnelInterface::IpsecTunnelInterface()
    : m_spd(CreateObject<SecurityPolicyDatabase>())
{
}

void
IpsecTunnelInterface::DoDispose()
{
    m_send = SendCallback();
    m_device = nullptr;
    m_spd = nullptr;
    Object::DoDispose();
}

void
IpsecTunnelInterface::Setup(Ptr<Node> node,
                            Ipv4Address local,
                            Ipv4Address remote,
                            Ipv4InterfaceAddress address,
                            SendCallback send)
{
    NS_LOG_FUNCTION(this << local << remote << address);
    m_send = send;
    m_local = local;
    m_remote = remote;
    m_device = CreateObject<VirtualNetDevice>();
    m_device->SetAddress(Mac48Address::Allocate());
    m_device->SetNeedsArp(false);
    m_device->SetIsPointToPoint(true);
    m_device->SetMtu(65535);
    m_device->SetSendCallback(MakeCallback(&IpsecTunnelInterface::Send, this));
    node->AddDevice(m_device);
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    m_interface = ipv4->AddInterface(m_device);
    ipv4->AddAddress(m_interface, address);
    ipv4->SetMetric(m_interface, 1);
    ipv4->SetUp(m_interface);
}

bool
IpsecTunnelInterface::Send(Ptr<Packet> packet,
                           const Address& source,
                           const Address& destination,
                           uint16_t protocol)
{
    return !m_send.IsNull() && m_send(this, packet);
}

Ipv4Address
IpsecTunnelInterface::GetLocal() const
{
    return m_local;
}

Ipv4Address
IpsecTunnelInterface::GetRemote() const
{
    return m_remote;
}

Ptr<SecurityPolicyDatabase>
IpsecTunnelInterface::GetSpd() const
{
    return m_spd;
}

uint32_t
IpsecTunnelInterface::GetInterface() const
{
    return m_interface;
}

Ptr<VirtualNetDevice>
IpsecTunnelInterface::GetDevice() const
{
    return m_device;
}

std::string
IpsecTunnelInterface::GetName() const
{
    std::string name = m_device ? Names::FindName(m_device) : "";
    return name.empty() ? m_defaultName : name;
}

void
IpsecTunnelInterface::SetDefaultName(const std::string& name)
{
    m_defaultName = name;
}

} // namespace ns3
