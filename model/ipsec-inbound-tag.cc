/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-inbound-tag.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecInboundTag);

TypeId
IpsecInboundTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecInboundTag")
                            .SetParent<Tag>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecInboundTag>();
    return tid;
}

TypeId
IpsecInboundTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IpsecInboundTag::GetSerializedSize() const
{
    return 1 + m_layers.size() * 10;
}

void
IpsecInboundTag::Serialize(TagBuffer i) const
{
    i.WriteU8(static_cast<uint8_t>(m_layers.size()));
    for (const auto& l : m_layers)
    {
        i.WriteU8(static_cast<uint8_t>(l.protocol));
        i.WriteU8(static_cast<uint8_t>(l.mode));
        i.WriteU32(l.spi);
        i.WriteU32(l.destination.Get());
    }
}

void
IpsecInboundTag::Deserialize(TagBuffer i)
{
    uint8_t n = i.ReadU8();
    m_layers.clear();
    for (uint8_t k = 0; k < n; ++k)
    {
        Layer l;
        l.protocol = static_cast<IpsecProtocol>(i.ReadU8());
        l.mode = static_cast<IpsecMode>(i.ReadU8());
        l.spi = i.ReadU32();
        l.destination = Ipv4Address(i.ReadU32());
        m_layers.push_back(l);
    }
}

void
IpsecInboundTag::Print(std::ostream& os) const
{
    for (const auto& l : m_layers)
    {
        os << ToString(l.protocol) << "/" << ToString(l.mode) << " spi=0x" << std::hex << l.spi
           << std::dec << " ";
    }
}

void
IpsecInboundTag::Add(const Layer& layer)
{
    m_layers.push_back(layer);
}

const std::vector<IpsecInboundTag::Layer>&
IpsecInboundTag::GetLayers() const
{
    return m_layers;
}

} // namespace ns3
