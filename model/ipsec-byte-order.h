/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_BYTE_ORDER_H
#define IPSEC_BYTE_ORDER_H

/**
 * \file
 * \ingroup ipsec
 * Network byte order (big-endian) reads and writes of the 32-bit fields of ESP and AH headers
 * (SPI, sequence number), the one copy the transforms and the datapath share.
 */

#include <cstdint>

namespace ns3
{
namespace ipsec_bytes
{

/**
 * \brief Write a 32-bit value in network byte order.
 * \param p where (4 bytes)
 * \param v the value
 */
inline void
PutU32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

/**
 * \brief Read a 32-bit value in network byte order.
 * \param p where (4 bytes)
 * \return the value
 */
inline uint32_t
GetU32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

} // namespace ipsec_bytes
} // namespace ns3

#endif /* IPSEC_BYTE_ORDER_H */
