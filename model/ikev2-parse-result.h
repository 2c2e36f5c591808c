/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_PARSE_RESULT_H
#define IKEV2_PARSE_RESULT_H

/**
 * \file
 * \ingroup ipsec
 * The outcome of decoding IKEv2 bytes: a typed error, where it was found and in which payload,
 * for the daemon's counters and traces (it never throws on hostile input).
 */

#include "ikev2-constants.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Why IKEv2 bytes did not decode (RFC 7296 §3, and the module's limits).
 */
enum class Ikev2ParseError : uint8_t
{
    OK = 0,                       //!< decoded
    TRUNCATED,                    //!< a fixed-size field runs past the end of its structure
    MALFORMED,                    //!< lengths disagree: message length, payload length or chain
    BAD_MAJOR_VERSION,            //!< the header's major version is not 2
    UNSUPPORTED_CRITICAL_PAYLOAD, //!< an unknown payload type with the critical bit set
    TOO_MANY_PAYLOADS,            //!< more payloads than Ikev2Message::MAX_PAYLOADS
    SK_NOT_LAST,                  //!< an SK payload is followed by another payload
    BAD_PROPOSAL,                 //!< proposal: length, Last Substruc, protocol or transform count
    BAD_TRANSFORM,                //!< transform: length, Last Substruc or attribute
    BAD_SPI_SIZE,                 //!< an SPI size the protocol does not allow
    BAD_KE_LENGTH,                //!< key exchange data of the wrong size for its group
    BAD_NONCE_LENGTH,             //!< a nonce outside 16..256 bytes
    BAD_IDENTITY,                 //!< identification data of the wrong size for its type
    BAD_TRAFFIC_SELECTOR,         //!< traffic selector: count, type or length
    BAD_DELETE,                   //!< delete: protocol, SPI size or SPI count
    COUNT                         //!< number of values (not an error)
};

/**
 * \ingroup ipsec
 * \param error a parse error
 * \return its name ("BAD_NONCE_LENGTH")
 */
inline std::string
ToString(Ikev2ParseError error)
{
    static const std::array<const char*, static_cast<size_t>(Ikev2ParseError::COUNT)> names{
        "OK",
        "TRUNCATED",
        "MALFORMED",
        "BAD_MAJOR_VERSION",
        "UNSUPPORTED_CRITICAL_PAYLOAD",
        "TOO_MANY_PAYLOADS",
        "SK_NOT_LAST",
        "BAD_PROPOSAL",
        "BAD_TRANSFORM",
        "BAD_SPI_SIZE",
        "BAD_KE_LENGTH",
        "BAD_NONCE_LENGTH",
        "BAD_IDENTITY",
        "BAD_TRAFFIC_SELECTOR",
        "BAD_DELETE",
    };
    size_t index = static_cast<size_t>(error);
    return index < names.size() ? names[index] : "UNKNOWN";
}

/**
 * \ingroup ipsec
 * \brief The result of a decode: OK, or an error with the offset of the structure or field
 * found wrong and the type of the payload it was in.
 *
 * Ikev2Message::Decode reports offsets from the first byte of the IKE header; the body decoders
 * report them from the first byte of the body they were given. For UNSUPPORTED_CRITICAL_PAYLOAD,
 * `payloadType` is the unknown type (what N(UNSUPPORTED_CRITICAL_PAYLOAD) carries).
 */
struct Ikev2ParseResult
{
    Ikev2ParseError error = Ikev2ParseError::OK;           //!< what went wrong
    size_t offset = 0;                                     //!< where
    Ikev2PayloadType payloadType = Ikev2PayloadType::NONE; //!< in which payload (NONE: header)

    /// \return true when decoding succeeded
    bool Ok() const { return error == Ikev2ParseError::OK; }

    /// \return "OK", or "BAD_NONCE_LENGTH at 312 in Nonce"
    std::string ToString() const
    {
        if (Ok())
        {
            return "OK";
        }
        std::string text = ns3::ToString(error) + " at " + std::to_string(offset);
        if (payloadType != Ikev2PayloadType::NONE)
        {
            text += " in " + ns3::ToString(payloadType);
        }
        return text;
    }
};

} // namespace ns3

#endif /* IKEV2_PARSE_RESULT_H */
