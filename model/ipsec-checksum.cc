/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-checksum.h"

#include "ipsec-byte-order.h"

namespace ns3
{

size_t
IpsecChecksum::FieldOffset(uint8_t protocol)
{
    switch (protocol)
    {
        case 6:
            return 16;
        case 17:
            return 6;
        case 1:
            return 2;
        default:
            return 0;
    }
}

uint64_t
IpsecChecksum::Sum(const uint8_t* data, size_t length)
{
    uint64_t sum = 0;
    size_t i = 0;
    for (; i + 1 < length; i += 2)
    {
        sum += (uint32_t(data[i]) << 8) | data[i + 1];
    }
    if (i < length)
    {
        sum += uint32_t(data[i]) << 8;
    }
    return sum;
}

uint16_t
IpsecChecksum::Fold(uint64_t sum)
{
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(sum);
}

void
IpsecChecksum::Recompute(const IpsecAddress& source,
                         const IpsecAddress& destination,
                         uint8_t protocol,
                         uint8_t* segment,
                         size_t length)
{
    size_t at = FieldOffset(protocol);
    segment[at] = 0;
    segment[at + 1] = 0;
    uint8_t pseudo[12];
    ipsec_bytes::PutU32(pseudo, source.GetIpv4().Get());
    ipsec_bytes::PutU32(pseudo + 4, destination.GetIpv4().Get());
    pseudo[8] = 0;
    pseudo[9] = protocol;
    pseudo[10] = static_cast<uint8_t>(length >> 8);
    pseudo[11] = static_cast<uint8_t>(length);
    uint16_t checksum = ~Fold(Sum(pseudo, sizeof(pseudo)) + Sum(segment, length));
    if (checksum == 0 && protocol == 17)
    {
        checksum = 0xffff; // 0 means "no checksum" in UDP
    }
    segment[at] = static_cast<uint8_t>(checksum >> 8);
    segment[at + 1] = static_cast<uint8_t>(checksum);
}

void
IpsecChecksum::Adjust(uint8_t* field, uint32_t before, uint32_t after)
{
    Adjust16(field, static_cast<uint16_t>(before >> 16), static_cast<uint16_t>(after >> 16));
    Adjust16(field, static_cast<uint16_t>(before), static_cast<uint16_t>(after));
}

void
IpsecChecksum::Adjust16(uint8_t* field, uint16_t before, uint16_t after)
{
    uint16_t checksum = (uint16_t(field[0]) << 8) | field[1];
    uint64_t sum = static_cast<uint16_t>(~checksum);
    sum += static_cast<uint16_t>(~before);
    sum += after;
    checksum = ~Fold(sum);
    field[0] = static_cast<uint8_t>(checksum >> 8);
    field[1] = static_cast<uint8_t>(checksum);
}

} // namespace ns3
