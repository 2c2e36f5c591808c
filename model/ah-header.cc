/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ah-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(AhHeader);

TypeId
AhHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::AhHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<AhHeader>();
    return tid;
}

TypeId
AhHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

AhHeader::AhHeader()
    : m_nextHeader(0)
    , m_spi(0)
    , m_sequence(0)
    , m_valid(true)
{
}

uint32_t
AhHeader::SizeFor(uint32_t icvLength, uint32_t alignment)
{
    uint32_t size = FIXED_SIZE + icvLength;
    return (size + alignment - 1) / alignment * alignment;
}

uint32_t
AhHeader::GetSerializedSize() const
{
    return FIXED_SIZE + m_icv.size();
}

void
AhHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(m_nextHeader);
    start.WriteU8(static_cast<uint8_t>(GetSerializedSize() / 4 - 2));
    start.WriteU16(0);
    start.WriteHtonU32(m_spi);
    start.WriteHtonU32(m_sequence);
    if (!m_icv.empty())
    {
        start.Write(m_icv.data(), m_icv.size());
    }
}

uint32_t
AhHeader::Deserialize(Buffer::Iterator start)
{
    uint32_t available = start.GetRemainingSize();
    m_valid = false;
    if (available < FIXED_SIZE)
    {
        return 0;
    }
    m_nextHeader = start.ReadU8();
    uint32_t total = (uint32_t(start.ReadU8()) + 2) * 4;
    start.ReadU16();
    m_spi = start.ReadNtohU32();
    m_sequence = start.ReadNtohU32();
    if (total < FIXED_SIZE || total > available)
    {
        return 0;
    }
    m_icv.resize(total - FIXED_SIZE);
    if (!m_icv.empty())
    {
        start.Read(m_icv.data(), m_icv.size());
    }
    m_valid = true;
    return total;
}

void
AhHeader::Print(std::ostream& os) const
{
    os << "AH next=" << int(m_nextHeader) << " spi=0x" << std::hex << m_spi << std::dec
       << " seq=" << m_sequence << " icv=" << m_icv.size();
}

void
AhHeader::SetNextHeader(uint8_t next)
{
    m_nextHeader = next;
}

uint8_t
AhHeader::GetNextHeader() const
{
    return m_nextHeader;
}

void
AhHeader::SetSpi(uint32_t spi)
{
    m_spi = spi;
}

uint32_t
AhHeader::GetSpi() const
{
    return m_spi;
}

void
AhHeader::SetSequence(uint32_t seq)
{
    m_sequence = seq;
}

uint32_t
AhHeader::GetSequence() const
{
    return m_sequence;
}

void
AhHeader::SetIcv(const std::vector<uint8_t>& icv)
{
    m_icv = icv;
    m_icv.resize(SizeFor(icv.size()) - FIXED_SIZE, 0);
}

const std::vector<uint8_t>&
AhHeader::GetIcv() const
{
    return m_icv;
}

bool
AhHeader::IsValid() const
{
    return m_valid;
}

} // namespace ns3
