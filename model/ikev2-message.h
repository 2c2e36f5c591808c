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
#include "ikev2-sk-cipher.h"

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
 * The SK payload (RFC 7296 §3.14) is not opened by Decode: it leaves it in `encrypted` (offset,
 * first inner payload type, raw body `IV | ciphertext | ICV`) for Ikev2SkCipher to verify and
 * decrypt; the inner payloads it yields decode with DecodePayloads(). DecodeProtected does all
 * of it, and EncodeProtected is its reverse.
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

    /// Why DecodeProtected refused a message.
    enum class ProtectedError : uint8_t
    {
        NONE,             //!< decoded, verified and decrypted
        PARSE,            //!< the header or the cleartext chain did not decode (see `parse`)
        NOT_PROTECTED,    //!< no SK payload
        SK_MALFORMED,     //!< the SK body is too short or not whole blocks, or lengths disagree
        INTEGRITY_FAILED, //!< the ICV (or AEAD tag) does not verify: nothing was decrypted
        DECRYPT_FAILED,   //!< authentic, but the Pad Length points before the plaintext
        INNER_MALFORMED   //!< the decrypted payload chain did not decode (see `parse`)
    };

    /// The outcome of DecodeProtected.
    struct ProtectedResult
    {
        ProtectedError error = ProtectedError::NONE; //!< what went wrong
        Ikev2ParseResult parse; //!< PARSE, INNER_MALFORMED: the decode error (offsets from the
                                //!< header's first byte; inner ones point into the plaintext
                                //!< as if it were in place of the ciphertext)

        /// \return true when the message was decoded, verified and decrypted
        bool Ok() const { return error == ProtectedError::NONE; }
        /// \return "OK", "INTEGRITY_FAILED", or "INNER_MALFORMED: BAD_NONCE_LENGTH at 44 in Nonce"
        std::string ToString() const;
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
     * \brief Encode a protected message: every payload of `payloads` goes inside one SK
     * payload (RFC 7296 §3.14), sealed with the cipher of the sending direction. `encrypted` is
     * not used.
     * \param cipher the sender's cipher (SK_ei/SK_ai for the original initiator)
     * \param iv the IV (cipher.IvBytes() bytes: random for AES-CBC, a counter for AES-GCM)
     * \return the message bytes, header and SK payload lengths final
     */
    IpsecBytes EncodeProtected(Ikev2SkCipher& cipher, const IpsecBytes& iv) const;

    /**
     * \brief Decode a protected message: the header and any cleartext payloads, then the SK
     * payload, verified before it is decrypted, then its inner payload chain. On success
     * `payloads` holds the cleartext payloads followed by the inner ones, and `encrypted` is
     * empty.
     * \param data the bytes (after any non-ESP marker)
     * \param n their number
     * \param cipher the receiver's cipher (SK_er/SK_ar at the original initiator)
     * \param out the message (valid up to where decoding stopped)
     * \return NONE, or why the message must be dropped
     */
    static ProtectedResult DecodeProtected(const uint8_t* data,
                                           size_t n,
                                           Ikev2SkCipher& cipher,
                                           Ikev2Message& out);

    /**
     * \param error a DecodeProtected error
     * \return its name ("INTEGRITY_FAILED")
     */
    static std::string ErrorName(ProtectedError error);

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
