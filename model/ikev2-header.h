/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_HEADER_H
#define IKEV2_HEADER_H

/**
 * \file
 * \ingroup ipsec
 * The 28-byte IKEv2 header (RFC 7296 §3.1).
 */

#include "ikev2-bytes.h"
#include "ikev2-constants.h"
#include "ikev2-parse-result.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The IKE header, RFC 7296 §3.1 (network order):
 *
 * ```
 *  0  IKE SA Initiator's SPI (8)      8  IKE SA Responder's SPI (8)
 * 16  Next Payload (1)  17  MjVer<<4 | MnVer (1)  18  Exchange Type (1)  19  Flags (1)
 * 20  Message ID (4)   24  Length (4, the whole message)
 * ```
 */
struct Ikev2Header
{
    static constexpr size_t SIZE = 28;              //!< bytes on the wire
    static constexpr uint8_t VERSION = 0x20;        //!< major 2, minor 0
    static constexpr uint8_t FLAG_INITIATOR = 0x08; //!< sent by the original initiator
    static constexpr uint8_t FLAG_VERSION = 0x10;   //!< a higher major version is supported
    static constexpr uint8_t FLAG_RESPONSE = 0x20;  //!< the message is a response
    static constexpr size_t VERSION_OFFSET = 17;    //!< where the version byte is
    static constexpr size_t LENGTH_OFFSET = 24;     //!< where the Length field is

    uint64_t spiI = 0; //!< IKE SA initiator's SPI
    uint64_t spiR = 0; //!< IKE SA responder's SPI (0 in the first request)
    Ikev2PayloadType next = Ikev2PayloadType::NONE; //!< the first payload's type
    uint8_t version = VERSION;                      //!< major (high nibble), minor (low)
    Ikev2ExchangeType exchange = Ikev2ExchangeType::IKE_SA_INIT; //!< exchange type
    uint8_t flags = 0;                                           //!< FLAG_* bits
    uint32_t messageId = 0;                                      //!< message ID
    uint32_t length = 0; //!< the whole message, header included

    /// \return true when the Response flag is set
    bool IsResponse() const;
    /// \return true when the Initiator flag is set
    bool IsInitiator() const;
    /// \return the major version (the version byte's high nibble)
    uint8_t GetMajorVersion() const;

    /**
     * \brief Append the header (exactly SIZE bytes).
     * \param w where
     */
    void Write(Ikev2Writer& w) const;

    /**
     * \brief Read a header from the start of a datagram.
     * \param p the bytes
     * \param n how many (at least SIZE, or TRUNCATED at offset 0)
     * \param h the header read (filled in also when the version is refused)
     * \return OK, TRUNCATED, or BAD_MAJOR_VERSION at VERSION_OFFSET when the major version is
     *         not 2 (the Length is not checked here: Ikev2Message::Decode does)
     */
    static Ikev2ParseResult Read(const uint8_t* p, size_t n, Ikev2Header& h);

    /**
     * \param other another header
     * \return true when every field is equal
     */
    bool operator==(const Ikev2Header& other) const;
};

} // namespace ns3

#endif /* IKEV2_HEADER_H */
