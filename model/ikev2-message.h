/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_MESSAGE_H
#define IKEV2_MESSAGE_H

/**
 * \file
 * \ingroup ipsec
 * An IKEv2 message: the header and its chain of payloads (RFC 7296 §3), with charon's one-line
 * summary.
 */

#include "ikev2-header.h"
#include "ikev2-parse-result.h"
#include "ikev2-payload.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief An IKEv2 message: header, cleartext payloads and, for protected messages, the SK
 * payload as received.
 *
 * Decode checks (each violation is an Ikev2ParseError with the offset from the header's first
 * byte, never an exception): at least 28 bytes; major version 2; the header's Length equal to
 * the datagram size; every Payload Length at least 4 and within the message; the chain ends
 * exactly at the end of the message; at most MAX_PAYLOADS payloads; an unknown payload with the
 * critical bit set is UNSUPPORTED_CRITICAL_PAYLOAD (with its type), one without it is kept as an
 * Ikev2RawBody; an SK payload must be the last one.
 *
 * The SK payload (RFC 7296 §3.14) is not opened here: Decode leaves it in `encrypted` (offset,
 * first inner payload type, raw body `IV | ciphertext | ICV`) for Ikev2SkCipher to verify and
 * decrypt; the inner payloads it yields decode with DecodePayloads().
 */
class Ikev2Message
{
  public:
    static constexpr size_t MAX_PAYLOADS = 64; //!< most payloads accepted in one chain

    /// An SK payload as received: what verifying and decrypting it needs.
    struct Encrypted
    {
        size_t offset = 0; //!< where its generic header starts, from the IKE header's first byte
        Ikev2PayloadType firstInner = Ikev2PayloadType::NONE; //!< its Next Payload field
        bool critical = false;                                //!< its C bit
        IpsecBytes body; //!< IV, ciphertext (inner payloads, padding, Pad Length), ICV

        /**
         * \param other another SK payload
         * \return true when every field is equal
         */
        bool operator==(const Encrypted& other) const;
    };

    Ikev2Header header;                 //!< the header (Next Payload and Length set by Encode)
    std::vector<Ikev2Payload> payloads; //!< the cleartext payloads, in order
    std::optional<Encrypted> encrypted; //!< the SK payload, last on the wire, when there is one

    /**
     * \return the message bytes: header (with Next Payload and Length computed), payloads,
     *         then the SK payload as it is when `encrypted` is set
     */
    IpsecBytes Encode() const;

    /**
     * \brief Decode a datagram (after any non-ESP marker).
     * \param data the bytes
     * \param n their number
     * \param out the message (valid up to where decoding stopped)
     * \return OK or the first error, with its offset and payload type
     */
    static Ikev2ParseResult Decode(const uint8_t* data, size_t n, Ikev2Message& out);

    /**
     * \brief Decode a payload chain without header (the plaintext of an SK payload).
     * \param first the type of the first payload (NONE for an empty chain)
     * \param data the chain
     * \param n its size
     * \param base the chain's offset in the message, added to error offsets
     * \param out the payloads decoded
     * \param encrypted where an SK payload is stored when one ends the chain (nullptr: an SK
     *        payload is refused as SK_NOT_LAST)
     * \return OK or the first error
     */
    static Ikev2ParseResult DecodePayloads(Ikev2PayloadType first,
                                           const uint8_t* data,
                                           size_t n,
                                           size_t base,
                                           std::vector<Ikev2Payload>& out,
                                           std::optional<Encrypted>* encrypted);

    /**
     * \param type a payload type
     * \return the first payload of the type, or nullptr
     */
    const Ikev2Payload* Find(Ikev2PayloadType type) const;

    /**
     * \param type a notify message type (Ikev2NotifyType)
     * \return the body of the first Notify payload of the type, or nullptr
     */
    const Ikev2NotifyBody* FindNotify(uint16_t type) const;

    /// \return the Notify bodies whose types are errors (below 16384), in order
    std::vector<const Ikev2NotifyBody*> ErrorNotifies() const;

    /**
     * \return the message as charon logs it:
     *         `IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]`, with `E` for an
     *         SK payload not yet opened
     */
    std::string Summary() const;

    /**
     * \param other another message
     * \return true when header, payloads and SK payload are equal
     */
    bool operator==(const Ikev2Message& other) const;
};

} // namespace ns3

#endif /* IKEV2_MESSAGE_H */
