/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-ip-header.h"

#include "ipsec-types.h"

#include "ns3/abort.h"
#include "ns3/buffer.h"
#include "ns3/node.h"

#include <algorithm>

namespace ns3
{

IpsecIpHeader::IpsecIpHeader(const Ipv4Header& header)
    : m_header(header)
{
}

IpsecIpHeader::IpsecIpHeader(const Ipv6Header& header)
    : m_header(header)
{
}

bool
IpsecIpHeader::IsIpv4() const
{
    return std::holds_alternative<Ipv4Header>(m_header);
}

uint8_t
IpsecIpHeader::GetProtocol() const
{
    return IsIpv4() ? std::get<Ipv4Header>(m_header).GetProtocol()
                    : std::get<Ipv6Header>(m_header).GetNextHeader();
}

void
IpsecIpHeader::SetProtocol(uint8_t protocol)
{
    if (IsIpv4())
    {
        std::get<Ipv4Header>(m_header).SetProtocol(protocol);
    }
    else
    {
        std::get<Ipv6Header>(m_header).SetNextHeader(protocol);
    }
}

void
IpsecIpHeader::SetPayloadSize(uint32_t size)
{
    if (IsIpv4())
    {
        std::get<Ipv4Header>(m_header).SetPayloadSize(size);
    }
    else
    {
        std::get<Ipv6Header>(m_header).SetPayloadLength(size);
    }
}

uint32_t
IpsecIpHeader::GetSerializedSize() const
{
    return IsIpv4() ? std::get<Ipv4Header>(m_header).GetSerializedSize()
                    : std::get<Ipv6Header>(m_header).GetSerializedSize();
}

Ipv4Header
IpsecIpHeader::WithoutOptions(const Ipv4Header& header)
{
    Ipv4Header h; // a fresh header's length field is 5 words
    h.SetSource(header.GetSource());
    h.SetDestination(header.GetDestination());
    h.SetProtocol(header.GetProtocol());
    h.SetTtl(header.GetTtl());
    h.SetTos(header.GetTos());
    h.SetIdentification(header.GetIdentification());
    h.SetPayloadSize(header.GetPayloadSize());
    if (header.IsDontFragment())
    {
        h.SetDontFragment();
    }
    if (!header.IsLastFragment())
    {
        h.SetMoreFragments();
    }
    h.SetFragmentOffset(header.GetFragmentOffset());
    if (Node::ChecksumEnabled())
    {
        h.EnableChecksum(); // as ns-3's IPv4 input had it
    }
    return h;
}

void
IpsecIpHeader::Serialize(uint8_t* out) const
{
    Buffer buffer;
    uint32_t size = GetSerializedSize();
    // Ipv4Header::Serialize writes 20 bytes even when its header length field says less.
    buffer.AddAtStart(IsIpv4() ? std::max(size, IPV4_HEADER_MINIMUM) : size);
    if (IsIpv4())
    {
        std::get<Ipv4Header>(m_header).Serialize(buffer.Begin());
    }
    else
    {
        std::get<Ipv6Header>(m_header).Serialize(buffer.Begin());
    }
    buffer.CopyData(out, size);
}

void
IpsecIpHeader::AddTo(Ptr<Packet> packet) const
{
    if (IsIpv4())
    {
        packet->AddHeader(std::get<Ipv4Header>(m_header));
    }
    else
    {
        packet->AddHeader(std::get<Ipv6Header>(m_header));
    }
}

uint8_t
IpsecIpHeader::GetHopLimit() const
{
    return IsIpv4() ? std::get<Ipv4Header>(m_header).GetTtl()
                    : std::get<Ipv6Header>(m_header).GetHopLimit();
}

void
IpsecIpHeader::SetHopLimit(uint8_t hopLimit)
{
    if (IsIpv4())
    {
        std::get<Ipv4Header>(m_header).SetTtl(hopLimit);
    }
    else
    {
        std::get<Ipv6Header>(m_header).SetHopLimit(hopLimit);
    }
}

void
IpsecIpHeader::EnableChecksum()
{
    if (IsIpv4())
    {
        std::get<Ipv4Header>(m_header).EnableChecksum();
    }
}

uint8_t
IpsecIpHeader::GetTrafficClass() const
{
    return IsIpv4() ? std::get<Ipv4Header>(m_header).GetTos()
                    : std::get<Ipv6Header>(m_header).GetTrafficClass();
}

bool
IpsecIpHeader::IsDontFragment() const
{
    return !IsIpv4() || std::get<Ipv4Header>(m_header).IsDontFragment();
}

uint8_t
IpsecIpHeader::GetTunnelProtocol() const
{
    return IsIpv4() ? ipsec_proto::IPIP : ipsec_proto::IPV6;
}

IpsecAddress
IpsecIpHeader::GetSource() const
{
    if (IsIpv4())
    {
        return std::get<Ipv4Header>(m_header).GetSource();
    }
    return std::get<Ipv6Header>(m_header).GetSource();
}

IpsecAddress
IpsecIpHeader::GetDestination() const
{
    if (IsIpv4())
    {
        return std::get<Ipv4Header>(m_header).GetDestination();
    }
    return std::get<Ipv6Header>(m_header).GetDestination();
}

const Ipv4Header&
IpsecIpHeader::GetIpv4() const
{
    NS_ABORT_MSG_UNLESS(IsIpv4(), "IpsecIpHeader: an IPv6 header, not IPv4");
    return std::get<Ipv4Header>(m_header);
}

const Ipv6Header&
IpsecIpHeader::GetIpv6() const
{
    NS_ABORT_MSG_IF(IsIpv4(), "IpsecIpHeader: an IPv4 header, not IPv6");
    return std::get<Ipv6Header>(m_header);
}

void
IpsecIpHeader::SetIpv6Extensions(const IpsecBytes* chain)
{
    m_extensions = chain;
}

} // namespace ns3
