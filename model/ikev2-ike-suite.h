/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_IKE_SUITE_H
#define IKEV2_IKE_SUITE_H

/**
 * \file
 * \ingroup ipsec
 * The transforms negotiated for an IKE SA (RFC 7296 §3.3): what its keys, its SK payloads and
 * the Wireshark decryption table need.
 */

#include "ikev2-key-derivation.h"
#include "ikev2-payload.h"
#include "ikev2-sk-cipher.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief One IKE SA transform set: one encryption algorithm (with its key size), one PRF, one
 * integrity algorithm (none for an AEAD) and one Diffie-Hellman group.
 *
 * What this module implements (IANA ids): ENCR_AES_CBC (12) and ENCR_AES_GCM_16 (20) with
 * 128, 192 or 256-bit keys; PRF_HMAC_SHA1 (2), PRF_AES128_XCBC (4), PRF_HMAC_SHA2_256/384/512
 * (5, 6, 7); AUTH_HMAC_SHA1_96 (2), AUTH_HMAC_SHA2_256_128/384_192/512_256 (12, 13, 14); groups
 * MODP-2048 (14), ECP-256 (19) and Curve25519 (31). Validate() says what is wrong with any
 * other combination.
 */
struct Ikev2IkeSuite
{
    uint16_t encr = 0;        //!< ENCR_* transform id
    uint16_t encrKeyBits = 0; //!< the Key Length attribute (128, 192 or 256)
    uint16_t prf = 0;         //!< PRF_* transform id
    uint16_t integ = 0;       //!< AUTH_* transform id, 0 (none) with an AEAD
    uint16_t dh = 0;          //!< Diffie-Hellman group

    /**
     * \brief Whether this module implements one transform for an IKE SA.
     * \param type the transform type (ENCR, PRF, INTEG or DH; ESN never belongs to IKE)
     * \param id the transform id
     * \param keyBits the Key Length attribute (ENCR only; 0 = none)
     * \return true when the transform may be negotiated for an IKE SA
     */
    static bool IsSupported(Ikev2TransformType type, uint16_t id, uint16_t keyBits);

    /**
     * \brief Read the suite of a chosen proposal: one transform of each of ENCR, PRF and DH,
     * and one INTEG unless the encryption is an AEAD (an INTEG of id 0, NONE, is allowed then).
     * \param proposal a proposal with protocol IKE
     * \param error receives why the proposal is not a suite (may be nullptr)
     * \return the suite, or nothing when the proposal is not exactly one valid suite
     */
    static std::optional<Ikev2IkeSuite> FromProposal(const Ikev2Proposal& proposal,
                                                     std::string* error);

    /**
     * \return an empty string when the combination is implemented, else what is wrong
     *         ("AES-GCM is an AEAD and takes no integrity algorithm (got 12)")
     */
    std::string Validate() const;

    /// \return true when the encryption algorithm is an AEAD (AES-GCM)
    bool IsAead() const;
    /// \return the size of SK_ei and SK_er: the key plus the salt of an AEAD (4 for AES-GCM)
    size_t EncrKeyBytes() const;
    /// \return the size of SK_ai and SK_ar (0 for an AEAD)
    size_t IntegKeyBytes() const;
    /// \return the size of SK_d, SK_pi and SK_pr: the PRF's preferred key size
    size_t PrfKeyBytes() const;
    /// \return the encryption and integrity key sizes as Ikev2KeyDerivation::IkeKeys wants them
    Ikev2KeyLengths KeyLengths() const;
    /// \return the ICV size of the SK payload
    size_t IcvBytes() const;
    /// \return the IV size of the SK payload (16 for AES-CBC, 8 for AES-GCM)
    size_t IvBytes() const;
    /// \return the block size the SK plaintext is padded to (16 for AES-CBC, 1 for AES-GCM)
    size_t BlockBytes() const;

    /**
     * \return the suite in strongSwan's proposal notation: encryption, integrity (when not an
     *         AEAD), the PRF (for an AEAD, or when it is not the PRF of the integrity
     *         algorithm), the group: "aes128-sha256-modp2048", "aes256gcm16-prfsha256-curve25519"
     */
    std::string ToString() const;

    /**
     * \return the encryption algorithm as Wireshark's ikev2_decryption_table names it
     *         ("AES-CBC-128 [RFC3602]", "AES-GCM-256 with 16 octet ICV [RFC5282]"), empty for
     *         an invalid suite
     */
    std::string WiresharkEncr() const;

    /**
     * \return the integrity algorithm as Wireshark's ikev2_decryption_table names it
     *         ("HMAC_SHA2_256_128 [RFC4868]", "NONE [RFC4306]" for an AEAD), empty for an
     *         invalid suite
     */
    std::string WiresharkInteg() const;

    /**
     * \brief The suite as the single proposal of a reply, or of a request offering only it.
     * \param number the proposal number
     * \param spi the SPI (empty in IKE_SA_INIT, 8 bytes when rekeying the IKE SA)
     * \return the proposal: ENCR (with Key Length), PRF, INTEG (unless AEAD), DH
     */
    Ikev2Proposal ToProposal(uint8_t number, const IpsecBytes& spi) const;

    /**
     * \brief Build the SK payload protection of one direction.
     * \param encrKey SK_ei or SK_er
     * \param integKey SK_ai or SK_ar (empty for an AEAD)
     * \return the cipher, or nullptr for an invalid suite or keys of the wrong size
     */
    std::unique_ptr<Ikev2SkCipher> CreateCipher(const IpsecBytes& encrKey,
                                                const IpsecBytes& integKey) const;

    /**
     * \param other another suite
     * \return true when every field is equal
     */
    bool operator==(const Ikev2IkeSuite& other) const;
};

} // namespace ns3

#endif /* IKEV2_IKE_SUITE_H */
