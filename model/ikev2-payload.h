/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_PAYLOAD_H
#define IKEV2_PAYLOAD_H

/**
 * \file
 * \ingroup ipsec
 * IKEv2 payloads (RFC 7296 §3.2-3.16): the generic payload header and the bodies the module
 * reads and writes.
 */

#include "ikev2-bytes.h"
#include "ikev2-constants.h"
#include "ikev2-identity.h"
#include "ikev2-parse-result.h"
#include "ikev2-traffic-selector.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A transform substructure (RFC 7296 §3.3.2): type, ID and the Key Length attribute.
 */
struct Ikev2Transform
{
    static constexpr uint16_t KEY_LENGTH_ATTRIBUTE = 0x800e; //!< AF=1 (TV), attribute type 14

    Ikev2TransformType type = Ikev2TransformType::ENCR; //!< transform type
    uint16_t id = 0;                                    //!< transform ID
    uint16_t keyLength = 0; //!< Key Length attribute in bits; 0 = no attribute

    /**
     * \param other another transform
     * \return true when every field is equal
     */
    bool operator==(const Ikev2Transform& other) const;
};

/**
 * \ingroup ipsec
 * \brief A proposal substructure (RFC 7296 §3.3.1).
 */
struct Ikev2Proposal
{
    uint8_t number = 1;                              //!< proposal number, from 1
    Ikev2ProtocolId protocol = Ikev2ProtocolId::IKE; //!< IKE, AH or ESP
    IpsecBytes spi; //!< none in IKE_SA_INIT, 8 bytes for an IKE rekey, 4 for AH/ESP
    std::vector<Ikev2Transform> transforms; //!< the transforms

    /**
     * \param other another proposal
     * \return true when every field is equal
     */
    bool operator==(const Ikev2Proposal& other) const;
};

/**
 * \ingroup ipsec
 * \brief SA payload body: proposals (RFC 7296 §3.3).
 */
struct Ikev2SaBody
{
    std::vector<Ikev2Proposal> proposals; //!< in order of preference

    /**
     * \param other another body
     * \return true when equal
     */
    bool operator==(const Ikev2SaBody& other) const;
};

/**
 * \ingroup ipsec
 * \brief KE payload body: `DH Group Num(2) | RESERVED(2) | Key Exchange Data` (RFC 7296 §3.4).
 */
struct Ikev2KeBody
{
    uint16_t group = 0; //!< Diffie-Hellman group number
    IpsecBytes data;    //!< the public value (its size fixed by the group)

    /**
     * \param other another body
     * \return true when equal
     */
    bool operator==(const Ikev2KeBody& other) const;

    /**
     * \param group a Diffie-Hellman group number
     * \return the size of its public value in bytes, 0 for a group this table does not know
     */
    static size_t PublicValueSize(uint16_t group);
};

/**
 * \ingroup ipsec
 * \brief AUTH payload body: `Auth Method(1) | RESERVED(3) | Authentication Data` (§3.8).
 */
struct Ikev2AuthBody
{
    Ikev2AuthMethod method = Ikev2AuthMethod::SHARED_KEY_MIC; //!< authentication method
    IpsecBytes data;                                          //!< the MIC or signature

    /**
     * \param other another body
     * \return true when equal
     */
    bool operator==(const Ikev2AuthBody& other) const;
};

/**
 * \ingroup ipsec
 * \brief Nonce payload body: 16 to 256 bytes (RFC 7296 §3.9).
 */
struct Ikev2NonceBody
{
    static constexpr size_t MIN_SIZE = 16;  //!< shortest nonce accepted
    static constexpr size_t MAX_SIZE = 256; //!< longest nonce accepted

    IpsecBytes nonce; //!< the nonce

    /**
     * \param other another body
     * \return true when equal
     */
    bool operator==(const Ikev2NonceBody& other) const;
};

/**
 * \ingroup ipsec
 * \brief Notify payload body: `Protocol ID(1) | SPI Size(1) | Notify Message Type(2) | SPI |
 * Notification Data` (RFC 7296 §3.10).
 */
struct Ikev2NotifyBody
{
    Ikev2ProtocolId protocol = Ikev2ProtocolId::NONE; //!< the SA the notify is about
    IpsecBytes spi;                                   //!< its SPI (often none)
    uint16_t type = 0;                                //!< an Ikev2NotifyType value
    IpsecBytes data;                                  //!< notification data

    /**
     * \param other another body
     * \return true when equal
     */
    bool operator==(const Ikev2NotifyBody& other) const;
};

/**
 * \ingroup ipsec
 * \brief Delete payload body: `Protocol ID(1) | SPI Size(1) | Num of SPIs(2) | SPIs`
 * (RFC 7296 §3.11): the IKE SA (SPI size 0, no SPIs) or AH/ESP SAs (4-byte SPIs).
 */
struct Ikev2DeleteBody
{
    Ikev2ProtocolId protocol = Ikev2ProtocolId::ESP; //!< IKE, AH or ESP
    uint8_t spiSize = 4;                             //!< 0 for IKE, 4 for AH/ESP
    std::vector<IpsecBytes> spis;                    //!< SPIs of spiSize bytes each

    /**
     * \param other another body
     * \return true when equal
     */
    bool operator==(const Ikev2DeleteBody& other) const;
};

/**
 * \ingroup ipsec
 * \brief TSi/TSr payload body: `Number of TSs(1) | RESERVED(3) | selectors` (RFC 7296 §3.13).
 */
struct Ikev2TsBody
{
    std::vector<Ikev2TrafficSelector> selectors; //!< at least one

    /**
     * \param other another body
     * \return true when equal
     */
    bool operator==(const Ikev2TsBody& other) const;
};

/**
 * \ingroup ipsec
 * \brief A body kept as bytes: V, CERT, CERTREQ, CP, EAP, SKF and unknown non-critical
 * payloads, which the module carries without interpreting.
 */
struct Ikev2RawBody
{
    IpsecBytes data; //!< the body

    /**
     * \param other another body
     * \return true when equal
     */
    bool operator==(const Ikev2RawBody& other) const;
};

/// The body of a payload; IDi and IDr carry an Ikev2Identity.
using Ikev2PayloadBody = std::variant<Ikev2SaBody,
                                      Ikev2KeBody,
                                      Ikev2Identity,
                                      Ikev2AuthBody,
                                      Ikev2NonceBody,
                                      Ikev2NotifyBody,
                                      Ikev2DeleteBody,
                                      Ikev2TsBody,
                                      Ikev2RawBody>;

/**
 * \ingroup ipsec
 * \brief One payload: its type, critical bit and body.
 *
 * Generic payload header (RFC 7296 §3.2): `Next Payload(1) | C(1 bit) RESERVED(7 bits) |
 * Payload Length(2, header included)`. Ikev2Message chains payloads and writes the Next Payload
 * fields.
 */
struct Ikev2Payload
{
    static constexpr size_t HEADER_SIZE = 4;  //!< the generic payload header
    static constexpr uint8_t CRITICAL = 0x80; //!< the critical bit in the header's second byte

    Ikev2PayloadType type = Ikev2PayloadType::NONE; //!< payload type
    bool critical = false;                          //!< the C bit as sent or received
    Ikev2PayloadBody body;                          //!< the body

    /**
     * \param type the payload type
     * \param body its body
     * \return the payload (not critical)
     */
    static Ikev2Payload Make(Ikev2PayloadType type, Ikev2PayloadBody body);

    /**
     * \param type a notify message type (Ikev2NotifyType)
     * \param data notification data
     * \param protocol the SA it is about
     * \param spi that SA's SPI
     * \return a Notify payload
     */
    static Ikev2Payload Notify(uint16_t type,
                               const IpsecBytes& data = {},
                               Ikev2ProtocolId protocol = Ikev2ProtocolId::NONE,
                               const IpsecBytes& spi = {});

    /**
     * \brief Append the generic header and the body.
     * \param next the type of the payload that follows (NONE for the last)
     * \param w where
     */
    void Encode(Ikev2PayloadType next, Ikev2Writer& w) const;

    /**
     * \brief Read a body of a known type into its structure (Ikev2RawBody for the types kept
     * as bytes and for unknown types).
     * \param type the payload type
     * \param critical the C bit
     * \param body the body (after the generic header)
     * \param n its size
     * \param out the payload
     * \return OK or the error, with its offset from the body's first byte and `type`
     */
    static Ikev2ParseResult Decode(Ikev2PayloadType type,
                                   bool critical,
                                   const uint8_t* body,
                                   size_t n,
                                   Ikev2Payload& out);

    /**
     * \return charon's name in message summaries: `SA`, `No`, `N(NATD_S_IP)`, `TSi`, or the
     *         number of an unknown type
     */
    std::string ShortName() const;

    /**
     * \param other another payload
     * \return true when type, critical bit and body are equal
     */
    bool operator==(const Ikev2Payload& other) const;
};

} // namespace ns3

#endif /* IKEV2_PAYLOAD_H */
