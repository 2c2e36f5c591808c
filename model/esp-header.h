/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ESP_HEADER_H
#define ESP_HEADER_H

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The clear part of an ESP packet (RFC 4303 §2): SPI and the low 32 bits of the sequence
 * number. IV, ciphertext, trailer and ICV follow as opaque bytes.
 */
class EspHeader : public Header
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    /// \return the TypeId of this object (EspHeader)
    TypeId GetInstanceTypeId() const override;
    EspHeader();
    /**
     * \param spi SPI
     * \param sequence low 32 bits of the sequence number
     */
    EspHeader(uint32_t spi, uint32_t sequence);

    /// \return SIZE: the SPI and the sequence number, 8 bytes
    uint32_t GetSerializedSize() const override;
    /**
     * \brief Write SPI and sequence number in network byte order.
     * \param start where to write the 8 bytes
     */
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read SPI and sequence number.
     * \param start where to read
     * \return bytes read (8)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    /**
     * \brief Print SPI and sequence number.
     * \param os output stream
     */
    void Print(std::ostream& os) const override;

    void SetSpi(uint32_t spi);           //!< \param spi the SPI
    uint32_t GetSpi() const;             //!< \return the SPI
    void SetSequence(uint32_t sequence); //!< \param sequence the sequence number (low 32 bits)
    uint32_t GetSequence() const;        //!< \return the sequence number (low 32 bits)

    static constexpr uint32_t SIZE = 8; //!< bytes on the wire

  private:
    uint32_t m_spi;
    uint32_t m_sequence;
};

} // namespace ns3

#endif /* ESP_HEADER_H */
