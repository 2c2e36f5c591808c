/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-header.h"

namespace ns3
{

bool
Ikev2Header::IsResponse() const
{
    return (flags & FLAG_RESPONSE) != 0;
}

bool
Ikev2Header::IsInitiator() const
{
    return (flags & FLAG_INITIATOR) != 0;
}

uint8_t
Ikev2Header::GetMajorVersion() const
{
    return version >> 4;
}

void
Ikev2Header::Write(Ikev2Writer& w) const
{
    w.U64(spiI);
    w.U64(spiR);
    w.U8(static_cast<uint8_t>(next));
    w.U8(version);
    w.U8(static_cast<uint8_t>(exchange));
    w.U8(flags);
    w.U32(messageId);
    w.U32(length);
}

Ikev2ParseResult
Ikev2Header::Read(const uint8_t* p, size_t n, Ikev2Header& h)
{
    if (n < SIZE)
    {
        return {Ikev2ParseError::TRUNCATED, 0, Ikev2PayloadType::NONE};
    }
    Ikev2Reader r(p, SIZE);
    h.spiI = r.U64();
    h.spiR = r.U64();
    h.next = static_cast<Ikev2PayloadType>(r.U8());
    h.version = r.U8();
    h.exchange = static_cast<Ikev2ExchangeType>(r.U8());
    h.flags = r.U8();
    h.messageId = r.U32();
    h.length = r.U32();
    if (h.GetMajorVersion() != 2)
    {
        return {Ikev2ParseError::BAD_MAJOR_VERSION, VERSION_OFFSET, Ikev2PayloadType::NONE};
    }
    return {};
}

bool
Ikev2Header::operator==(const Ikev2Header& other) const
{
    return spiI == other.spiI && spiR == other.spiR && next == other.next
        && version == other.version && exchange == other.exchange && flags == other.flags
        && messageId == other.messageId && length == other.length;
}

} // namespace ns3
