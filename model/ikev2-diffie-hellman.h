/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_DIFFIE_HELLMAN_H
#define IKEV2_DIFFIE_HELLMAN_H

/**
 * \file
 * \ingroup ipsec
 * The IKEv2 key exchange groups (transform type 4): MODP-2048, ECP-256 and Curve25519.
 */

#include "ipsec-crypto.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief One side of a Diffie-Hellman exchange in an IKEv2 group.
 *
 * Groups (IANA "Transform Type 4" ids): 14 = 2048-bit MODP (RFC 3526 §3, g = 2), 19 = 256-bit
 * random ECP (RFC 5903; the KE data is x | y, 64 bytes, and the shared secret is x only, 32
 * bytes), 31 = Curve25519 (RFC 8031, X25519 of RFC 7748). Every computation goes through
 * Crypto++.
 *
 * The private key is drawn, when the object is created, from a caller-supplied source of random
 * bytes, so that a simulation can make it deterministic. From an ns-3 stream:
 * \code
 *   Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
 *   rng->SetStream(stream);
 *   auto dh = Ikev2DiffieHellman::Create(19, [rng]() {
 *       return static_cast<uint8_t>(rng->GetInteger(0, 255));
 *   });
 * \endcode
 * MODP-2048 draws 32 bytes (a 256-bit exponent: twice the group's 112-bit strength, RFC 3526
 * §8), ECP-256 draws 40 bytes reduced into [1, n-1], Curve25519 draws 32 bytes and clamps them
 * (RFC 7748 §5).
 */
class Ikev2DiffieHellman
{
  public:
    /// A source of random bytes, called once per byte.
    using RandomByteSource = std::function<uint8_t()>;

    /// Why a peer's KE data was refused by ComputeShared().
    enum class PeerValueError
    {
        NONE,         //!< accepted: the shared secret was computed
        WRONG_LENGTH, //!< not the group's KE data length
        OUT_OF_RANGE, //!< MODP: y is 0, 1, p-1 or not below p (RFC 6989 §2.2)
        NOT_IN_GROUP, //!< ECP: not a point of the curve; MODP: not in the prime-order subgroup
        WEAK_RESULT   //!< Curve25519: a small-order point, or an all-zero result (RFC 8031 §2)
    };

    /**
     * \brief Name an error for logs and traces.
     * \param error the error
     * \return a short explanation, e.g. "not a point of the curve"
     */
    static std::string ToString(PeerValueError error);

    /**
     * \brief Start an exchange: draw a private key and compute the public value.
     * \param group the IANA group id (14, 19 or 31)
     * \param randomByte the source of the private key's bytes
     * \return the exchange, or nullptr for a group this module does not implement
     */
    static std::unique_ptr<Ikev2DiffieHellman> Create(uint16_t group,
                                                      const RandomByteSource& randomByte);

    virtual ~Ikev2DiffieHellman() = default;

    /// \return the IANA group id
    virtual uint16_t GetGroup() const = 0;
    /// \return the length in bytes of the KE data of this group (256, 64 or 32)
    virtual size_t PublicValueBytes() const = 0;
    /// \return the length in bytes of the shared secret g^ir (256, 32 or 32)
    virtual size_t SharedSecretBytes() const = 0;
    /// \return this side's public value, as carried in the KE payload's data
    const IpsecBytes& GetPublicValue() const;

    /**
     * \brief Compute the shared secret g^ir from the peer's KE data, after checking it.
     * \param peerValue the peer's KE data
     * \param shared receives the shared secret (SharedSecretBytes() bytes, big-endian and zero
     *        padded for MODP, as RFC 7296 §2.14 wants); left empty when refused
     * \return PeerValueError::NONE, or why the peer's value was refused
     */
    virtual PeerValueError ComputeShared(const IpsecBytes& peerValue, IpsecBytes& shared) const = 0;

    /**
     * \brief Test hook: replace the private key and recompute the public value.
     *
     * For known-answer tests only (RFC 5903, RFC 7748): a simulation draws its keys in Create().
     * MODP: a big-endian exponent (at most 256 bytes) in [1, q-1]; ECP: a big-endian scalar (at
     * most 32 bytes) in [1, n-1]; Curve25519: 32 bytes as in RFC 7748 (clamped here).
     * \param privateKey the private key
     * \return false (nothing changed) when the key has the wrong length or is out of range
     */
    virtual bool SetPrivateKeyForTest(const IpsecBytes& privateKey) = 0;

  protected:
    Ikev2DiffieHellman() = default;

    IpsecBytes m_publicValue; //!< the KE data
};

} // namespace ns3

#endif /* IKEV2_DIFFIE_HELLMAN_H */
