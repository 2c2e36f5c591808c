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
 * and the IPsec input stage reads (and removes) the tag when ESP or AH comes next. The tag also
 * holds the datagram's payload length and the length of the whole chain, so that a reader can
 * tell the tag belongs to the datagram it has (the chain and what follows it make the payload).
 * A chain longer than MAX_BYTES, or one whose headers were not all seen in order, is marked
 * invalid rather than kept.
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
    /// \return first type, validity, payload length, chain length, kept length, the bytes
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
     * \brief Start the chain of a datagram.
     * \param payloadLength the IPv6 header's payload length
     */
    void Start(uint16_t payloadLength);
    /**
     * \brief Append one extension header as received (the chain becomes invalid when it would
     * exceed MAX_BYTES).
     * \param type its type (0 hop-by-hop, 43 routing, 60 destination options)
     * \param bytes its bytes, next header and length fields included
     * \param length how many
     */
    void Append(uint8_t type, const uint8_t* bytes, uint32_t length);
    /**
     * \brief Mark the chain as not verifiable (a header was not seen in order).
     * \param length the chain's length as far as known
     */
    void Invalidate(uint32_t length);

    /// \return the type of the first header (the IPv6 header's next header)
    uint8_t GetFirstType() const { return m_firstType; }
    /// \return the headers' bytes, in wire order (empty when invalid)
    const IpsecBytes& GetBytes() const { return m_bytes; }
    /// \return the length of the whole chain, bytes (kept or not)
    uint32_t GetChainLength() const { return m_chainLength; }
    /// \return the payload length of the datagram the chain came with
    uint16_t GetPayloadLength() const { return m_payloadLength; }
    /// \return true when the chain's bytes were not all kept (too long, or seen out of order)
    bool IsInvalid() const { return m_invalid; }
    /**
     * \param rest the size of what follows the chain in the datagram at hand
     * \return true when the chain belongs to that datagram: it and the rest make its payload
     */
    bool Describes(uint32_t rest) const
    {
        return m_chainLength > 0 && m_chainLength + rest == m_payloadLength;
    }

  private:
    uint8_t m_firstType{0};      //!< the first header's type
    bool m_invalid{false};       //!< the bytes were not all kept
    uint16_t m_payloadLength{0}; //!< the datagram's payload length
    uint32_t m_chainLength{0};   //!< the chain's length
    IpsecBytes m_bytes;          //!< the headers
};

} // namespace ns3

#endif /* IPSEC_IPV6_EXTENSION_TAG_H */
