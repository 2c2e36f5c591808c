/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-socket-registry.h"

#include "ipsec-l3-protocol.h"
#include "ipsec-types.h"

#include "ns3/abort.h"
#include "ns3/tcp-socket.h"
#include "ns3/udp-socket.h"

namespace ns3
{

IpsecSocketRegistry::IpsecSocketRegistry(IpsecL3Protocol* layer, const IpsecSettings& settings)
    : m_layer(layer)
    , m_settings(settings)
{
}

Ptr<IpsecSocketPolicy>
IpsecSocketRegistry::Attach(Ptr<Socket> socket, bool privileged)
{
    NS_ABORT_MSG_IF(!socket || !m_layer || socket->GetNode() != m_layer->GetNode(),
                    "IpsecL3Protocol::AttachSocket: the socket belongs to another node");
    if (Ptr<IpsecSocketPolicy> existing = IpsecSocketPolicy::Find(socket))
    {
        return existing;
    }
    uint8_t protocol = DynamicCast<UdpSocket>(socket) ? ipsec_proto::UDP
                     : DynamicCast<TcpSocket>(socket) ? ipsec_proto::TCP
                                                      : 0;
    NS_ABORT_MSG_IF(protocol == 0,
                    "per-socket IPsec policy applies to UDP and TCP sockets only (raw sockets "
                    "bypass the IPsec layer); got a "
                        << socket->GetInstanceTypeId().GetName());
    Ptr<IpsecSocketPolicy> policy = CreateObject<IpsecSocketPolicy>();
    policy->Setup(m_layer, protocol, privileged, m_settings.SocketDefaults(), m_nextUniqueId++);
    socket->AggregateObject(policy);
    m_index.Add(PeekPointer(policy));
    return policy;
}

void
IpsecSocketRegistry::Detach(IpsecSocketPolicy* policy)
{
    m_index.Remove(policy);
}

size_t
IpsecSocketRegistry::GetCount() const
{
    m_index.Prune();
    return m_index.GetN();
}

IpsecSocketPolicy*
IpsecSocketRegistry::PolicyFor(const IpsecFlow& flow)
{
    if (flow.protocol != ipsec_proto::TCP && flow.protocol != ipsec_proto::UDP)
    {
        return nullptr;
    }
    if (IpsecSocketPolicy* own = m_index.Find(flow))
    {
        return own;
    }
    if (!m_settings.SocketDefaultsRaised())
    {
        return nullptr;
    }
    auto defaults = m_settings.SocketDefaults();
    // Sockets without a policy object of their own have the default levels.
    if (!m_defaults || m_defaults->m_defaults != defaults)
    {
        m_defaults = CreateObject<IpsecSocketPolicy>();
        m_defaults->Setup(m_layer,
                          flow.protocol,
                          false,
                          defaults,
                          IpsecSocketPolicy::UNIQUE_ID_BASE - 1);
    }
    return PeekPointer(m_defaults);
}

bool
IpsecSocketRegistry::IsEmpty() const
{
    return m_index.GetN() == 0;
}

void
IpsecSocketRegistry::Clear()
{
    for (IpsecSocketPolicy* policy : m_index.GetAll())
    {
        policy->m_ipsec = nullptr; // the sockets may outlive the node's IPsec layer
    }
    m_index.Clear();
    m_defaults = nullptr;
}

} // namespace ns3
