/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-inbound-tag.h"

#include "ns3/packet.h"

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

bool
IpsecInboundTag::IsOn(const Packet& packet)
{
    TypeId type = GetTypeId();
    for (PacketTagIterator it = packet.GetPacketTagIterator(); it.HasNext();)
    {
        if (it.Next().GetTypeId() == type)
        {
            return true;
        }
    }
    return false;
}

TypeId
IpsecInboundTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IpsecInboundTag::GetSerializedSize() const
{
    uint32_t size = 1 + 4 + 1;
    for (const auto& l : *this)
    {
        size += 1 + 1 + 4 + 1 + l.destination.GetLength() + 1 + 1;
    }
    return size;
}

void
IpsecInboundTag::Serialize(TagBuffer i) const
{
    i.WriteU8(m_count);
    i.WriteU32(m_node);
    i.WriteU8(m_intraMachine ? 1 : 0);
    for (const auto& l : *this)
    {
        i.WriteU8(static_cast<uint8_t>(l.protocol));
        i.WriteU8(static_cast<uint8_t>(l.mode));
        i.WriteU32(l.spi);
        i.WriteU8(static_cast<uint8_t>(l.destination.GetFamily()));
        i.Write(l.destination.GetBytes(), l.destination.GetLength());
        i.WriteU8(l.encryption);
        i.WriteU8(l.authentication);
    }
}

void
IpsecInboundTag::Deserialize(TagBuffer i)
{
    uint8_t n = i.ReadU8();
    m_node = i.ReadU32();
    m_intraMachine = i.ReadU8() != 0;
    m_count = 0;
    for (uint8_t k = 0; k < n; ++k)
    {
        Layer l;
        l.protocol = static_cast<IpsecProtocol>(i.ReadU8());
        l.mode = static_cast<IpsecMode>(i.ReadU8());
        l.spi = i.ReadU32();
        uint8_t bytes[16];
        switch (static_cast<IpsecAddress::Family>(i.ReadU8()))
        {
            case IpsecAddress::Family::IPV4:
                i.Read(bytes, 4);
                l.destination = Ipv4Address::Deserialize(bytes);
                break;
            case IpsecAddress::Family::IPV6:
                i.Read(bytes, 16);
                l.destination = Ipv6Address(bytes);
                break;
            case IpsecAddress::Family::NONE:
                l.destination = IpsecAddress();
                break;
        }
        l.encryption = i.ReadU8();
        l.authentication = i.ReadU8();
        Add(l);
    }
}

void
IpsecInboundTag::Print(std::ostream& os) const
{
    os << "node " << m_node << (m_intraMachine ? " intra-machine " : " ");
    for (const auto& l : *this)
    {
        os << ToString(l.protocol) << "/" << ToString(l.mode) << " spi=0x" << std::hex << l.spi
           << std::dec << " ";
    }
}

bool
IpsecInboundTag::Add(const Layer& layer)
{
    if (m_count == MAX_LAYERS)
    {
        return false;
    }
    m_layers[m_count++] = layer;
    return true;
}

void
IpsecInboundTag::SetNode(uint32_t node)
{
    m_node = node;
}

uint32_t
IpsecInboundTag::GetNode() const
{
    return m_node;
}

void
IpsecInboundTag::SetIntraMachine(bool intraMachine)
{
    m_intraMachine = intraMachine;
}

bool
IpsecInboundTag::IsIntraMachine() const
{
    return m_intraMachine;
}

uint32_t
IpsecInboundTag::GetN() const
{
    return m_count;
}

bool
IpsecInboundTag::IsEmpty() const
{
    return m_count == 0;
}

const IpsecInboundTag::Layer*
IpsecInboundTag::begin() const
{
    return m_layers.data();
}

const IpsecInboundTag::Layer*
IpsecInboundTag::end() const
{
    return m_layers.data() + m_count;
}

} // namespace ns3
