/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_SK_CIPHER_H
#define IKEV2_SK_CIPHER_H

/**
 * \file
 * \ingroup ipsec
 * Protection of the IKEv2 Encrypted payload (SK, RFC 7296 §3.14; AES-GCM per RFC 5282).
 */

#include "ipsec-algorithms.h"
#include "ipsec-crypto.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Seals and opens the body of an IKEv2 Encrypted payload for one direction of an IKE SA.
 *
 * Works on message bytes, so that the message codec decides where the SK payload is:
 * everything before the SK payload's body (the IKE header, any payloads before SK, and the SK
 * generic payload header) is authenticated, and the body is IV | ciphertext | ICV, the
 * ciphertext covering inner payloads | padding | Pad Length.
 *
 * - AES-CBC (ENCR_AES_CBC, 12; 128, 192 or 256-bit key) with HMAC-SHA1-96 (AUTH 2),
 *   HMAC-SHA2-256-128 (12), -384-192 (13) or -512-256 (14): a 16-byte IV, padding to 16 bytes,
 *   and an ICV over the whole message up to the end of the ciphertext (RFC 7296 §3.14).
 * - AES-GCM with a 16-byte ICV (ENCR_AES_GCM_16, 20), no integrity transform: an 8-byte
 *   explicit IV, nonce = salt (the last 4 bytes of SK_e) | IV, AAD = everything before the IV,
 *   no padding needed (RFC 5282 §3-§5).
 *
 * The IV is the caller's: from the simulation's random stream for CBC, a per-direction counter
 * for GCM (RFC 5282 §3.1 wants it unique per key). The ciphers and MACs are Crypto++'s, through
 * the module's algorithm registry.
 */
class Ikev2SkCipher
{
  public:
    /// Size of the IKE header (RFC 7296 §3.1).
    static constexpr size_t IKE_HEADER_BYTES = 28;
    /// Size of a generic payload header (RFC 7296 §3.2).
    static constexpr size_t GENERIC_HEADER_BYTES = 4;
    /// Offset of the IKE header's Length field.
    static constexpr size_t IKE_LENGTH_OFFSET = 24;

    /// Outcome of Open().
    enum class OpenResult
    {
        OK,               //!< authentic; the inner payloads were recovered
        MALFORMED,        //!< too short for IV, ICV and Pad Length, a ciphertext that is not a
                          //!< whole number of blocks, or authentic length fields that disagree
                          //!< with the bytes received
        INTEGRITY_FAILED, //!< the ICV (or the AEAD tag) does not verify
        DECRYPT_FAILED    //!< authentic, but the Pad Length points before the plaintext
    };

    /**
     * \param result an Open() outcome
     * \return its name ("INTEGRITY_FAILED")
     */
    static std::string ToString(OpenResult result);

    /**
     * \brief Build the cipher of one direction.
     * \param encrId the IANA encryption transform id (12 or 20)
     * \param integId the IANA integrity transform id (2, 12, 13, 14; 0 = none, for AES-GCM)
     * \param encrKey SK_ei or SK_er (AES-GCM: key | 4-byte salt)
     * \param integKey SK_ai or SK_ar (empty for AES-GCM)
     * \return the cipher, or nullptr for an unsupported combination or a key of the wrong size
     */
    static std::unique_ptr<Ikev2SkCipher> Create(uint16_t encrId,
                                                 uint16_t integId,
                                                 const IpsecBytes& encrKey,
                                                 const IpsecBytes& integKey);

    /// \return the IV size in bytes (16 for CBC, 8 for GCM)
    size_t IvBytes() const;
    /// \return the ICV size in bytes
    size_t IcvBytes() const;
    /// \return the size the plaintext is padded to a multiple of (16 for CBC, 1 for GCM)
    size_t BlockBytes() const;
    /**
     * \param innerBytes the length of the inner payloads
     * \return the SK body's size minus the inner payloads: IV, padding, Pad Length and ICV
     */
    size_t Overhead(size_t innerBytes) const;

    /**
     * \brief Append the SK payload's body (IV | ciphertext | ICV) to a message.
     *
     * Before sealing, sets the IKE header's Length and the SK payload's Payload Length to
     * their final values (which the ICV and the AAD cover). Uses the least padding.
     * \param message the IKE header and every payload header up to and including the SK generic
     *        payload header, which must end the bytes: the body goes right after it
     * \param innerPayloads the inner payloads, already encoded
     * \param iv the IV (IvBytes() bytes)
     */
    void Seal(IpsecBytes& message, const IpsecBytes& innerPayloads, const IpsecBytes& iv);

    /**
     * \brief Verify and decrypt the SK payload's body, which must end the message.
     *
     * The ICV (or tag) is verified before anything is decrypted.
     * \param message the whole IKE message (without the non-ESP marker)
     * \param length its length
     * \param bodyOffset where the SK payload's body starts (after its generic header)
     * \param innerPayloads receives the inner payloads when the result is OK
     * \return OK, or why the message must be dropped
     */
    OpenResult Open(const uint8_t* message,
                    size_t length,
                    size_t bodyOffset,
                    IpsecBytes& innerPayloads);

  private:
    /**
     * \param encr the registry row of the encryption algorithm
     * \param integ the registry row of the integrity algorithm, nullptr for an AEAD
     * \param encrKey the encryption key (| salt)
     * \param integKey the integrity key
     */
    Ikev2SkCipher(const IpsecAlgorithm& encr,
                  const IpsecAlgorithm* integ,
                  const IpsecBytes& encrKey,
                  const IpsecBytes& integKey);

    /**
     * \param message the message
     * \param length its length
     * \param bodyOffset where the SK body starts
     * \return true when the IKE header's Length and the SK Payload Length match `length`
     */
    static bool LengthsMatch(const uint8_t* message, size_t length, size_t bodyOffset);

    const IpsecAlgorithm& m_encr;          //!< encryption algorithm
    const IpsecAlgorithm* m_integ;         //!< integrity algorithm (nullptr for AEAD)
    std::unique_ptr<IpsecCipher> m_cipher; //!< CBC engine
    std::unique_ptr<IpsecIntegrity> m_mac; //!< HMAC engine
    std::unique_ptr<IpsecAead> m_aead;     //!< GCM engine
};

} // namespace ns3

#endif /* IKEV2_SK_CIPHER_H */
