/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_IPV6_EXTENSION_TAG_H
#define IPSEC_IPV6_EXTENSION_TAG_H

/**
 * \file
 * \ingroup ipsec
 * The IPv6 extension headers a received datagram had in front of its upper-layer header.
 */

#include "ipsec-crypto.h"

#include "ns3/tag.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Packet tag with the bytes of the IPv6 extension headers (hop-by-hop, routing,
 * destination options) a received datagram carried in front of its upper-layer header, in wire
 * order, as they arrived.
 *
 * Ipv6L3Protocol processes those headers and hands the upper layer what follows them; AH's ICV
 * covers them (RFC 4302 §3.3.3.1.2), so IpsecIpv6ExtensionRecorder writes them here on the way
 * and the IPsec input stage reads (and removes) the tag when ESP or AH comes next. Chains longer
 * than MAX_BYTES are marked as such rather than kept.
 */
class IpsecIpv6ExtensionTag : public Tag
{
  public:
    /// The longest chain kept, bytes (more than any sane datagram carries before AH).
    static constexpr uint32_t MAX_BYTES = 512;

    /// \return the TypeId
    static TypeId GetTypeId();
    /// \return the TypeId of this object
    TypeId GetInstanceTypeId() const override;
    /// \return 1 (type of the first header) + 1 (overflow) + 2 (length) + the bytes
    uint32_t GetSerializedSize() const override;
    /**
     * \brief Write the chain.
     * \param i the tag buffer
     */
    void Serialize(TagBuffer i) const override;
    /**
     * \brief Read what Serialize() wrote.
     * \param i the tag buffer
     */
    void Deserialize(TagBuffer i) override;
    /**
     * \brief Print the chain's first header type and length.
     * \param os the stream
     */
    void Print(std::ostream& os) const override;

    /**
     * \brief Append one extension header as received.
     * \param type its type (0 hop-by-hop, 43 routing, 60 destination options)
     * \param bytes its bytes, next header and length fields included
     * \param length how many
     */
    void Append(uint8_t type, const uint8_t* bytes, uint32_t length);

    /// \return the type of the first header (the IPv6 header's next header); meaningless if empty
    uint8_t GetFirstType() const { return m_firstType; }
    /// \return the headers' bytes, in wire order
    const IpsecBytes& GetBytes() const { return m_bytes; }
    /// \return true when no header was recorded
    bool IsEmpty() const { return m_bytes.empty() && !m_overflow; }
    /// \return true when the chain exceeded MAX_BYTES (its bytes were not kept)
    bool IsOverflow() const { return m_overflow; }

  private:
    uint8_t m_firstType{0}; //!< the first header's type
    bool m_overflow{false}; //!< the chain was longer than MAX_BYTES
    IpsecBytes m_bytes;     //!< the headers
};

} // namespace ns3

#endif /* IPSEC_IPV6_EXTENSION_TAG_H */
