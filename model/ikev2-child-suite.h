/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_CHILD_SUITE_H
#define IKEV2_CHILD_SUITE_H

/**
 * \file
 * \ingroup ipsec
 * The ESP transforms negotiated for a Child SA (RFC 7296 §3.3), as rows of the module's
 * algorithm registry.
 */

#include "ikev2-key-derivation.h"
#include "ikev2-payload.h"
#include "ipsec-algorithms.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief One ESP transform set: encryption (a cipher with an integrity algorithm, or an AEAD
 * alone), extended sequence numbers, and the Diffie-Hellman group of PFS when there is one.
 *
 * The algorithms are rows of IpsecAlgorithmRegistry, found by their IKEv2 transform ids, so
 * that whatever ESP can install, IKE can negotiate. A Key Length attribute is carried for the
 * algorithms with several key sizes (AES) and never for those with one (3DES,
 * ChaCha20-Poly1305, NULL).
 */
struct Ikev2ChildSuite
{
    const IpsecAlgorithm* encr = nullptr;  //!< cipher or AEAD
    uint16_t encrKeyBits = 0;              //!< key size without salt
    const IpsecAlgorithm* integ = nullptr; //!< integrity algorithm, null with an AEAD
    bool esn = false;                      //!< extended sequence numbers
    uint16_t dh = 0;                       //!< PFS group, 0 = no PFS

    /**
     * \brief Whether ESP in this module can use one transform.
     * \param type the transform type
     * \param id the transform id (INTEG and DH: 0 is NONE, which is allowed)
     * \param keyBits the Key Length attribute (ENCR only; 0 = none)
     * \return true when the transform may be negotiated for an ESP Child SA
     */
    static bool IsSupported(Ikev2TransformType type, uint16_t id, uint16_t keyBits);

    /**
     * \brief Read the suite of a chosen ESP proposal: one ENCR, at most one INTEG (none, or
     * NONE, with an AEAD), at most one DH (absent or NONE: no PFS), at most one ESN (absent:
     * no ESN).
     * \param proposal a proposal with protocol ESP
     * \param error receives why the proposal is not a suite (may be nullptr)
     * \return the suite, or nothing
     */
    static std::optional<Ikev2ChildSuite> FromProposal(const Ikev2Proposal& proposal,
                                                       std::string* error);

    /// \return an empty string when ESP can use the suite, else what is wrong
    std::string Validate() const;
    /// \return true when the encryption algorithm is an AEAD
    bool IsAead() const;
    /// \return the key sizes of one SA: encryption key plus salt, integrity key
    Ikev2KeyLengths KeyLengths() const;
    /// \return the KEYMAT an SA pair takes: twice the encryption key, salt and integrity key
    size_t KeymatBytes() const;

    /**
     * \return the suite in strongSwan's esp_proposals notation, with the ESN mode:
     *         "aes128gcm16-modp2048-noesn", "aes256-sha256-esn"
     */
    std::string ToString() const;

    /**
     * \brief The suite as the single proposal of a reply.
     * \param number the proposal number
     * \param spi the 4-byte SPI of the SA the sender receives on
     * \return the proposal: ENCR, INTEG (unless AEAD), DH (with PFS), ESN
     */
    Ikev2Proposal ToProposal(uint8_t number, const IpsecBytes& spi) const;

    /**
     * \param other another suite
     * \return true when every field is equal
     */
    bool operator==(const Ikev2ChildSuite& other) const;
};

} // namespace ns3

#endif /* IKEV2_CHILD_SUITE_H */
