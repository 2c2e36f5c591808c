/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-ipv6-extension-tag.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecIpv6ExtensionTag);

TypeId
IpsecIpv6ExtensionTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecIpv6ExtensionTag")
                            .SetParent<Tag>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecIpv6ExtensionTag>();
    return tid;
}

TypeId
IpsecIpv6ExtensionTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IpsecIpv6ExtensionTag::GetSerializedSize() const
{
    return 1 + 1 + 2 + 4 + 2 + static_cast<uint32_t>(m_bytes.size());
}

void
IpsecIpv6ExtensionTag::Serialize(TagBuffer i) const
{
    i.WriteU8(m_firstType);
    i.WriteU8(m_invalid ? 1 : 0);
    i.WriteU16(m_payloadLength);
    i.WriteU32(m_chainLength);
    i.WriteU16(static_cast<uint16_t>(m_bytes.size()));
    i.Write(m_bytes.data(), static_cast<uint32_t>(m_bytes.size()));
}

void
IpsecIpv6ExtensionTag::Deserialize(TagBuffer i)
{
    m_firstType = i.ReadU8();
    m_invalid = i.ReadU8() != 0;
    m_payloadLength = i.ReadU16();
    m_chainLength = i.ReadU32();
    m_bytes.resize(i.ReadU16());
    i.Read(m_bytes.data(), static_cast<uint32_t>(m_bytes.size()));
}

void
IpsecIpv6ExtensionTag::Print(std::ostream& os) const
{
    os << "IPv6 extension headers: first " << unsigned(m_firstType) << ", " << m_chainLength
       << " bytes" << (m_invalid ? " (not kept)" : "");
}

void
IpsecIpv6ExtensionTag::Start(uint16_t payloadLength)
{
    *this = IpsecIpv6ExtensionTag();
    m_payloadLength = payloadLength;
}

void
IpsecIpv6ExtensionTag::Append(uint8_t type, const uint8_t* bytes, uint32_t length)
{
    if (m_chainLength == 0)
    {
        m_firstType = type;
    }
    m_chainLength += length;
    if (m_invalid || m_bytes.size() + length > MAX_BYTES)
    {
        Invalidate(m_chainLength);
        return;
    }
    m_bytes.insert(m_bytes.end(), bytes, bytes + length);
}

void
IpsecIpv6ExtensionTag::Invalidate(uint32_t length)
{
    m_invalid = true;
    m_chainLength = length;
    m_bytes.clear();
}

} // namespace ns3
