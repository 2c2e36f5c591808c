/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_CHECKSUM_H
#define IPSEC_CHECKSUM_H

#include "ipsec-address.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The Internet checksum (RFC 1071) of TCP, UDP and ICMP over IPv4, computed whole or
 * updated incrementally (RFC 1624): the NAT-traversal fix of RFC 3948 §3.1.2, and NaptBox's
 * address and port translation.
 *
 * Checksums are read and written in network byte order at the segment's checksum field.
 */
class IpsecChecksum
{
  public:
    /**
     * \brief Offset of the checksum field in a transport header.
     * \param protocol 6 (TCP), 17 (UDP) or 1 (ICMP)
     * \return 16 for TCP, 6 for UDP, 2 for ICMP, 0 for anything else (no known field)
     */
    static size_t FieldOffset(uint8_t protocol);

    /**
     * \brief Compute a TCP or UDP checksum over the IPv4 pseudo-header and the segment, and
     * write it into the segment (UDP: 0 becomes 0xffff, RFC 768).
     * \param source IPv4 source of the pseudo-header
     * \param destination IPv4 destination of the pseudo-header
     * \param protocol 6 or 17
     * \param segment the transport header and payload
     * \param length its length (at least FieldOffset(protocol) + 2)
     */
    static void Recompute(const IpsecAddress& source,
                          const IpsecAddress& destination,
                          uint8_t protocol,
                          uint8_t* segment,
                          size_t length);

    /**
     * \brief Update a checksum field for one 32-bit word of what it covers changing (RFC 1624
     * eqn. 3: HC' = ~(~HC + ~m + m')), as when a NAT rewrites an IPv4 address of the
     * pseudo-header.
     * \param field the checksum field (2 bytes, network order)
     * \param before the word's old value (an IPv4 address)
     * \param after its new value
     */
    static void Adjust(uint8_t* field, uint32_t before, uint32_t after);

    /**
     * \brief Update a checksum field for one 16-bit word changing (RFC 1624 eqn. 3), as when a
     * NAT rewrites a port or an ICMP identifier.
     * \param field the checksum field (2 bytes, network order)
     * \param before the word's old value
     * \param after its new value
     */
    static void Adjust16(uint8_t* field, uint16_t before, uint16_t after);

  private:
    /**
     * \brief The one's complement sum of 16-bit words, not folded.
     * \param data bytes (an odd last byte is padded with zero)
     * \param length their number
     * \return the sum
     */
    static uint64_t Sum(const uint8_t* data, size_t length);

    /// \return \p sum folded into 16 bits
    static uint16_t Fold(uint64_t sum);
};

} // namespace ns3

#endif /* IPSEC_CHECKSUM_H */
