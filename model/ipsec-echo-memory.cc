/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-echo-memory.h"

namespace ns3
{

void
IpsecEchoMemory::Remember(const IpsecFlow& request, const IpsecInboundTag& layers)
{
    Key key{request.remote, request.icmpId, request.icmpSeq};
    auto [it, added] = m_layers.emplace(key, layers);
    if (!added)
    {
        it->second = layers;
        return;
    }
    m_order.push_back(key);
    if (m_order.size() > CAPACITY)
    {
        m_layers.erase(m_order.front());
        m_order.pop_front();
    }
}

const IpsecInboundTag*
IpsecEchoMemory::Find(const IpsecFlow& reply) const
{
    auto it = m_layers.find(Key{reply.remote, reply.icmpId, reply.icmpSeq});
    return it == m_layers.end() ? nullptr : &it->second;
}

void
IpsecEchoMemory::Clear()
{
    m_layers.clear();
    m_order.clear();
}

} // namespace ns3
