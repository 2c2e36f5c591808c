/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-socket-policy-index.h"

#include "ipsec-socket-policy.h"

#include <algorithm>

namespace ns3
{

uint32_t
IpsecSocketPolicyIndex::KeyOf(uint8_t protocol, uint16_t port)
{
    return (uint32_t(protocol) << 16) | port;
}

void
IpsecSocketPolicyIndex::Add(IpsecSocketPolicy* policy)
{
    if (m_keys.count(policy) > 0)
    {
        return;
    }
    Place(policy);
    if (m_keys.size() >= 64 && m_keys.size() >= 2 * m_prunedAt)
    {
        Prune(); // amortized: closed sockets cannot pile up
    }
}

void
IpsecSocketPolicyIndex::Recheck(const std::vector<IpsecSocketPolicy*>& moved)
{
    for (IpsecSocketPolicy* policy : moved)
    {
        Remove(policy);
        if (policy->GetBoundPort() != 0)
        {
            Add(policy); // bound elsewhere since: index it there
        }
    }
}

void
IpsecSocketPolicyIndex::Prune()
{
    std::vector<IpsecSocketPolicy*> moved;
    for (const auto& [policy, key] : m_keys)
    {
        if (key != UNBOUND && policy->GetBoundPort() != (key & 0xffff))
        {
            moved.push_back(policy);
        }
    }
    Recheck(moved);
    m_prunedAt = m_keys.size();
}

void
IpsecSocketPolicyIndex::Place(IpsecSocketPolicy* policy)
{
    uint16_t port = policy->GetBoundPort();
    uint32_t key = port == 0 ? UNBOUND : KeyOf(policy->GetProtocol(), port);
    (key == UNBOUND ? m_unbound : m_byPort[key]).push_back(policy);
    m_keys[policy] = key;
}

void
IpsecSocketPolicyIndex::Unplace(IpsecSocketPolicy* policy, uint32_t key)
{
    auto drop = [policy](std::vector<IpsecSocketPolicy*>& list) {
        list.erase(std::remove(list.begin(), list.end(), policy), list.end());
    };
    if (key == UNBOUND)
    {
        drop(m_unbound);
        return;
    }
    auto it = m_byPort.find(key);
    if (it != m_byPort.end())
    {
        drop(it->second);
        if (it->second.empty())
        {
            m_byPort.erase(it);
        }
    }
}

void
IpsecSocketPolicyIndex::Remove(IpsecSocketPolicy* policy)
{
    auto it = m_keys.find(policy);
    if (it != m_keys.end())
    {
        Unplace(policy, it->second);
        m_keys.erase(it);
    }
}

void
IpsecSocketPolicyIndex::SettleUnbound()
{
    for (size_t i = 0; i < m_unbound.size();)
    {
        IpsecSocketPolicy* policy = m_unbound[i];
        if (policy->GetBoundPort() == 0)
        {
            ++i;
            continue;
        }
        m_unbound.erase(m_unbound.begin() + i); // bound since it was attached
        Place(policy);
    }
}

IpsecSocketPolicy*
IpsecSocketPolicyIndex::Find(const IpsecFlow& flow)
{
    if (!m_unbound.empty())
    {
        SettleUnbound();
    }
    auto it = m_byPort.find(KeyOf(flow.protocol, flow.localPort));
    if (it == m_byPort.end())
    {
        return nullptr;
    }
    IpsecSocketPolicy* best = nullptr;
    int bestScore = -1;
    std::vector<IpsecSocketPolicy*> closed; // or moved
    for (IpsecSocketPolicy* policy : it->second)
    {
        if (policy->GetBoundPort() != flow.localPort)
        {
            closed.push_back(policy); // its socket let the port go: closed (or moved)
            continue;
        }
        int score = policy->Match(flow);
        if (score > bestScore)
        {
            best = policy;
            bestScore = score;
        }
    }
    Recheck(closed);
    return best;
}

std::vector<IpsecSocketPolicy*>
IpsecSocketPolicyIndex::GetAll() const
{
    std::vector<IpsecSocketPolicy*> all;
    all.reserve(m_keys.size());
    for (const auto& [policy, key] : m_keys)
    {
        all.push_back(policy);
    }
    return all;
}

size_t
IpsecSocketPolicyIndex::GetN() const
{
    return m_keys.size();
}

void
IpsecSocketPolicyIndex::Clear()
{
    m_byPort.clear();
    m_unbound.clear();
    m_keys.clear();
}

} // namespace ns3
