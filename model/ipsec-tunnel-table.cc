/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-tunnel-table.h"

namespace ns3
{

size_t
IpsecTunnelTable::EndpointsHash::operator()(const Endpoints& e) const
{
    return (e.first.Hash() * 0x9e3779b97f4a7c15ULL) ^ e.second.Hash();
}

void
IpsecTunnelTable::Add(Ptr<IpsecTunnelInterface> tunnel)
{
    m_tunnels.push_back(tunnel);
    m_byEndpoints.emplace(Endpoints(tunnel->GetRemote(), tunnel->GetLocal()), PeekPointer(tunnel));
    m_byDevice.emplace(PeekPointer(tunnel->GetDevice()), PeekPointer(tunnel));
}

const std::vector<Ptr<IpsecTunnelInterface>>&
IpsecTunnelTable::GetAll() const
{
    return m_tunnels;
}

Ptr<IpsecTunnelInterface>
IpsecTunnelTable::FindForInboundSa(const SecurityAssociation& sa) const
{
    if (m_tunnels.empty())
    {
        return nullptr;
    }
    auto it = m_byEndpoints.find(Endpoints(sa.GetSource(), sa.GetDestination()));
    return it == m_byEndpoints.end() ? nullptr : Ptr<IpsecTunnelInterface>(it->second);
}

Ptr<IpsecTunnelInterface>
IpsecTunnelTable::FindByDevice(const NetDevice* device) const
{
    if (m_tunnels.empty())
    {
        return nullptr;
    }
    auto it = m_byDevice.find(device);
    return it == m_byDevice.end() ? nullptr : Ptr<IpsecTunnelInterface>(it->second);
}

Ptr<SecurityPolicy>
IpsecTunnelTable::EffectivePolicy(const IpsecTunnelInterface& tunnel, Ptr<SecurityPolicy> policy)
{
    Ptr<SecurityPolicy>& effective = m_policies[{&tunnel, policy}];
    if (effective)
    {
        return effective;
    }
    effective = Create<SecurityPolicy>();
    effective->action = SecurityPolicy::Action::IPSEC;
    if (policy)
    {
        effective->alternatives = policy->alternatives;
        effective->uniqueSa = policy->uniqueSa;
    }
    else
    {
        IpsecProtectionRequest esp;
        esp.mode = IpsecMode::TUNNEL;
        effective->alternatives.push_back({esp});
    }
    // The interface's endpoints stand in for tunnel endpoints the policy leaves unspecified.
    for (auto& alternative : effective->alternatives)
    {
        for (auto& request : alternative)
        {
            if (request.mode == IpsecMode::TUNNEL && request.tunnelDestination.IsAny())
            {
                request.tunnelSource = tunnel.GetLocal();
                request.tunnelDestination = tunnel.GetRemote();
            }
        }
    }
    return effective;
}

void
IpsecTunnelTable::Clear()
{
    m_policies.clear();
    m_byEndpoints.clear();
    m_byDevice.clear();
    for (auto& tunnel : m_tunnels)
    {
        tunnel->Dispose();
    }
    m_tunnels.clear();
}

} // namespace ns3
