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
    return 1 + 1 + 2 + static_cast<uint32_t>(m_bytes.size());
}

void
IpsecIpv6ExtensionTag::Serialize(TagBuffer i) const
{
    i.WriteU8(m_firstType);
    i.WriteU8(m_overflow ? 1 : 0);
    i.WriteU16(static_cast<uint16_t>(m_bytes.size()));
    i.Write(m_bytes.data(), static_cast<uint32_t>(m_bytes.size()));
}

void
IpsecIpv6ExtensionTag::Deserialize(TagBuffer i)
{
    m_firstType = i.ReadU8();
    m_overflow = i.ReadU8() != 0;
    m_bytes.resize(i.ReadU16());
    i.Read(m_bytes.data(), static_cast<uint32_t>(m_bytes.size()));
}

void
IpsecIpv6ExtensionTag::Print(std::ostream& os) const
{
    os << "IPv6 extension headers: first " << unsigned(m_firstType) << ", " << m_bytes.size()
       << " bytes" << (m_overflow ? " (overflow)" : "");
}

void
IpsecIpv6ExtensionTag::Append(uint8_t type, const uint8_t* bytes, uint32_t length)
{
    if (IsEmpty())
    {
        m_firstType = type;
    }
    if (m_overflow || m_bytes.size() + length > MAX_BYTES)
    {
        m_overflow = true;
        m_bytes.clear();
        return;
    }
    m_bytes.insert(m_bytes.end(), bytes, bytes + length);
}

} // namespace ns3
