/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef AH_HEADER_H
#define AH_HEADER_H

#include "ns3/header.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The Authentication Header (RFC 4302 §2):
 * `NextHdr(1) | PayloadLen(1) | Reserved(2) | SPI(4) | Seq(4) | ICV(variable, padded)`.
 *
 * PayloadLen is the header length in 32-bit words minus 2. The ICV field includes any padding
 * needed to keep the header a multiple of 4 bytes (IPv4).
 */
class AhHeader : public Header
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    /// \return the TypeId of this object (AhHeader)
    TypeId GetInstanceTypeId() const override;
    AhHeader();

    /// \return the header's size on the wire: 12 bytes plus the ICV field
    uint32_t GetSerializedSize() const override;
    /**
     * \brief Write the header in network byte order.
     * \param start where to write GetSerializedSize() bytes
     */
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the header; the payload length field gives the ICV field's size.
     * \param start where to read
     * \return bytes read: 0 (nothing read) when the length field is impossible; check IsValid()
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    /**
     * \brief Print the fields (next header, SPI, sequence number, ICV length).
     * \param os output stream
     */
    void Print(std::ostream& os) const override;

    void SetNextHeader(uint8_t next); //!< \param next protocol after AH
    uint8_t GetNextHeader() const;    //!< \return protocol after AH
    void SetSpi(uint32_t spi);        //!< \param spi SPI
    uint32_t GetSpi() const;          //!< \return SPI
    void SetSequence(uint32_t seq);   //!< \param seq sequence number, low 32 bits
    uint32_t GetSequence() const;     //!< \return sequence number, low 32 bits
    /**
     * \brief Set the ICV field (padded to a multiple of 4 bytes with zeros).
     * \param icv the ICV
     */
    void SetIcv(const std::vector<uint8_t>& icv);
    /// \return the ICV field, padding included
    const std::vector<uint8_t>& GetIcv() const;
    /// \return false when the last Deserialize() met an impossible length
    bool IsValid() const;

    /**
     * \brief AH length on the wire for an ICV size: the ICV field is padded so that the header
     * is a multiple of 4 octets over IPv4 and of 8 octets over IPv6 (RFC 4302 §2.6).
     * \param icvLength ICV bytes
     * \param alignment 4 (IPv4) or 8 (IPv6)
     * \return header bytes
     */
    static uint32_t SizeFor(uint32_t icvLength, uint32_t alignment = 4);

    static constexpr uint32_t FIXED_SIZE = 12; //!< bytes before the ICV

  private:
    uint8_t m_nextHeader;
    uint32_t m_spi;
    uint32_t m_sequence;
    std::vector<uint8_t> m_icv;
    bool m_valid;
};

} // namespace ns3

#endif /* AH_HEADER_H */
