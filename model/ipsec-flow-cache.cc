/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-flow-cache.h"

#include "ipsec-config-generation.h"

namespace ns3
{

bool
IpsecFlowCache::Key::operator==(const Key& o) const
{
    if (local != o.local || remote != o.remote || localPort != o.localPort
        || remotePort != o.remotePort || protocol != o.protocol || lane != o.lane
        || layerCount != o.layerCount)
    {
        return false;
    }
    for (uint8_t i = 0; i < layerCount; ++i)
    {
        if (spis[i] != o.spis[i] || kinds[i] != o.kinds[i] || destinations[i] != o.destinations[i])
        {
            return false;
        }
    }
    return true;
}

size_t
IpsecFlowCache::KeyHash::operator()(const Key& k) const
{
    uint64_t h = (k.local.Hash() * 0x9e3779b97f4a7c15ULL) ^ k.remote.Hash();
    h ^= (uint64_t(k.localPort) << 48) ^ (uint64_t(k.remotePort) << 32)
       ^ (uint64_t(k.protocol) << 8) ^ uint64_t(k.lane);
    for (uint8_t i = 0; i < k.layerCount; ++i)
    {
        h = (h * 0x9e3779b97f4a7c15ULL) ^ (uint64_t(k.spis[i]) << 32) ^ k.kinds[i]
          ^ k.destinations[i].Hash();
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return static_cast<size_t>(h);
}

IpsecFlowCache::Key
IpsecFlowCache::KeyOf(Lane lane, const IpsecFlow& flow, const IpsecInboundTag& layers)
{
    Key key;
    key.local = flow.local;
    key.remote = flow.remote;
    key.localPort = flow.localPort;
    key.remotePort = flow.remotePort;
    key.protocol = flow.protocol;
    key.lane = lane;
    key.layerCount = static_cast<uint8_t>(layers.GetN());
    for (uint32_t i = 0; i < layers.GetN(); ++i)
    {
        const IpsecInboundTag::Layer& l = layers.begin()[i];
        // Everything the inbound check reads of a layer, exactly: the SA's identity (protocol,
        // destination, SPI), the mode, and a credit's algorithms.
        key.spis[i] = l.spi;
        key.destinations[i] = l.destination;
        key.kinds[i] = (uint32_t(static_cast<uint8_t>(l.protocol)) << 24)
                     | (uint32_t(static_cast<uint8_t>(l.mode)) << 16)
                     | (uint32_t(l.encryption) << 8) | l.authentication;
    }
    return key;
}

const IpsecVerdict*
IpsecFlowCache::Find(Lane lane, const IpsecFlow& flow, const IpsecInboundTag& layers) const
{
    auto it = m_entries.find(KeyOf(lane, flow, layers));
    if (it == m_entries.end() || it->second.generation != IpsecConfigGeneration::Get())
    {
        return nullptr;
    }
    return &it->second.verdict;
}

void
IpsecFlowCache::Insert(Lane lane,
                       const IpsecFlow& flow,
                       const IpsecInboundTag& layers,
                       const IpsecVerdict& verdict)
{
    if (m_entries.size() >= CAPACITY)
    {
        m_entries.clear();
    }
    m_entries.insert_or_assign(KeyOf(lane, flow, layers),
                               Entry{IpsecConfigGeneration::Get(), verdict});
}

size_t
IpsecFlowCache::GetN() const
{
    return m_entries.size();
}

void
IpsecFlowCache::Clear()
{
    m_entries.clear();
}

} // namespace ns3
