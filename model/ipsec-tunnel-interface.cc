/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-tunnel-interface.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/names.h"
#include "ns3/node.h"

#include <algorithm>

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
    m_node = nullptr;
    m_device = nullptr;
    m_spd = nullptr;
    Object::DoDispose();
}

void
IpsecTunnelInterface::Setup(Ptr<Node> node,
                            const IpsecAddress& local,
                            const IpsecAddress& remote,
                            SendCallback send)
{
    NS_LOG_FUNCTION(this << local << remote);
    m_node = node;
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
}

void
IpsecTunnelInterface::AddAddress(const Ipv4InterfaceAddress& address)
{
    NS_LOG_FUNCTION(this << address);
    Ptr<Ipv4L3Protocol> ipv4 = m_node->GetObject<Ipv4L3Protocol>();
    NS_ABORT_MSG_IF(!ipv4,
                    "IpsecTunnelInterface: node " << m_node->GetId() << " has no IPv4 for "
                                                  << address.GetLocal());
    if (m_interface < 0)
    {
        m_interface = static_cast<int32_t>(ipv4->AddInterface(m_device));
        ipv4->SetMetric(m_interface, 1);
        ipv4->SetUp(m_interface);
    }
    ipv4->AddAddress(m_interface, address);
}

void
IpsecTunnelInterface::EnableIpv6()
{
    NS_LOG_FUNCTION(this);
    if (m_interface6 >= 0)
    {
        return;
    }
    Ptr<Ipv6L3Protocol> ipv6 = m_node->GetObject<Ipv6L3Protocol>();
    NS_ABORT_MSG_IF(!ipv6, "IpsecTunnelInterface: node " << m_node->GetId() << " has no IPv6");
    bool forwarding = false;
    for (uint32_t i = 0; i < ipv6->GetNInterfaces(); ++i)
    {
        forwarding = forwarding || ipv6->IsForwarding(i);
    }
    m_interface6 = static_cast<int32_t>(ipv6->AddInterface(m_device));
    ipv6->SetMetric(m_interface6, 1);
    ipv6->SetForwarding(m_interface6, forwarding);
    ipv6->SetUp(m_interface6);
}

void
IpsecTunnelInterface::AddAddress(const Ipv6InterfaceAddress& address)
{
    NS_LOG_FUNCTION(this << address);
    EnableIpv6();
    m_node->GetObject<Ipv6L3Protocol>()->AddAddress(m_interface6, address);
}

bool
IpsecTunnelInterface::Send(Ptr<Packet> packet,
                           const Address& source,
                           const Address& destination,
                           uint16_t protocol)
{
    return !m_send.IsNull() && m_send(this, packet, protocol);
}

void
IpsecTunnelInterface::Receive(Ptr<Packet> datagram, IpsecAddress::Family family)
{
    m_device->Receive(datagram,
                      family == IpsecAddress::Family::IPV6 ? Ipv6L3Protocol::PROT_NUMBER
                                                           : Ipv4L3Protocol::PROT_NUMBER,
                      m_device->GetAddress(),
                      m_device->GetAddress(),
                      NetDevice::PACKET_HOST);
}

IpsecAddress
IpsecTunnelInterface::GetLocal() const
{
    return m_local;
}

IpsecAddress
IpsecTunnelInterface::GetRemote() const
{
    return m_remote;
}

Ptr<SecurityPolicyDatabase>
IpsecTunnelInterface::GetSpd() const
{
    return m_spd;
}

bool
IpsecTunnelInterface::HasIpv4() const
{
    return m_interface >= 0;
}

bool
IpsecTunnelInterface::HasIpv6() const
{
    return m_interface6 >= 0;
}

uint32_t
IpsecTunnelInterface::GetInterface() const
{
    NS_ABORT_MSG_IF(m_interface < 0, "tunnel interface " << GetName() << " carries no IPv4");
    return static_cast<uint32_t>(m_interface);
}

uint32_t
IpsecTunnelInterface::GetInterface6() const
{
    NS_ABORT_MSG_IF(m_interface6 < 0, "tunnel interface " << GetName() << " carries no IPv6");
    return static_cast<uint32_t>(m_interface6);
}

uint32_t
IpsecTunnelInterface::GetInterfaceFor(IpsecAddress::Family family) const
{
    bool six = family == IpsecAddress::Family::IPV6 ? m_interface6 >= 0 : m_interface < 0;
    return static_cast<uint32_t>(std::max(six ? m_interface6 : m_interface, 0));
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
