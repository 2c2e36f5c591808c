/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_PRF_H
#define IKEV2_PRF_H

/**
 * \file
 * \ingroup ipsec
 * The IKEv2 pseudorandom functions (RFC 7296 §2.13, transform type 2) and prf+.
 */

#include "ipsec-crypto.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief One negotiated IKEv2 PRF: prf(K, S) and prf+(K, S) of RFC 7296 §2.13.
 *
 * Supported (IANA "Transform Type 2" ids): PRF_HMAC_SHA1 (2, RFC 2104), PRF_AES128_XCBC (4,
 * RFC 4434), PRF_HMAC_SHA2_256 (5), PRF_HMAC_SHA2_384 (6) and PRF_HMAC_SHA2_512 (7) (RFC 4868).
 * The HMAC PRFs take keys of any length; their preferred key size is their output size.
 * AES-XCBC-PRF-128 turns any key into a 16-byte one (RFC 4434 §2), and IKEv2 treats it as a PRF
 * with a fixed 16-byte key (see FixedKeyBytes()). Every computation goes through Crypto++.
 */
class Ikev2Prf
{
  public:
    /// prf+ stops after this many iterations: its counter is one octet (RFC 7296 §2.13).
    static constexpr size_t MAX_PLUS_ITERATIONS = 255;

    /**
     * \brief Build a PRF from its IANA transform id.
     * \param prfId the PRF_* id
     * \return the PRF, or nullptr for an id this module does not implement
     */
    static std::unique_ptr<Ikev2Prf> Create(uint16_t prfId);

    /// \return the IANA transform id
    uint16_t GetId() const;
    /// \return the IANA name, e.g. "PRF_HMAC_SHA2_256"
    std::string GetName() const;
    /// \return the output size in bytes (20, 16, 32, 48 or 64); also the size of SK_d, SK_pi, SK_pr
    size_t OutputBytes() const;
    /// \return the preferred key size in bytes (RFC 7296 §2.13): the output size for HMAC, 16
    ///         for AES-XCBC-PRF-128
    size_t PreferredKeyBytes() const;
    /**
     * \return the key size in bytes when the PRF takes a fixed-length key (16 for
     *         AES-XCBC-PRF-128), 0 when it takes keys of any length (HMAC). SKEYSEED then takes
     *         half of its key from each nonce (RFC 7296 §2.14).
     */
    size_t FixedKeyBytes() const;

    /**
     * \brief prf(key, data).
     * \param key the key, any length
     * \param data the data
     * \return OutputBytes() bytes
     */
    IpsecBytes Compute(const IpsecBytes& key, const IpsecBytes& data) const;

    /**
     * \brief prf+(key, seed) = T1 | T2 | ..., T1 = prf(K, S | 0x01), Tn = prf(K, T(n-1) | S | n).
     *
     * Asking for more than MAX_PLUS_ITERATIONS × OutputBytes() bytes stops the program: no
     * negotiable suite needs that many, so it can only be a programming error.
     * \param key K
     * \param seed S
     * \param bytes how many bytes to produce
     * \return the first `bytes` bytes of the stream
     */
    IpsecBytes Plus(const IpsecBytes& key, const IpsecBytes& seed, size_t bytes) const;

  private:
    /// One row of the table of supported PRFs (defined in the .cc).
    struct Definition;

    /**
     * \brief Look a PRF up in the table.
     * \param prfId the PRF_* id
     * \return its row, or nullptr
     */
    static const Definition* FindDefinition(uint16_t prfId);

    /// \param definition the table row
    explicit Ikev2Prf(const Definition& definition);

    const Definition& m_definition; //!< the table row of this PRF
};

} // namespace ns3

#endif /* IKEV2_PRF_H */
