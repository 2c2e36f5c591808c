/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_COOKIE_JAR_H
#define IKEV2_COOKIE_JAR_H

/**
 * \file
 * \ingroup ipsec
 * IKEv2 stateless cookies of the responder (RFC 7296 §2.6).
 */

#include "ipsec-address.h"
#include "ipsec-crypto.h"

#include "ns3/nstime.h"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Makes and checks the COOKIE notify data a responder under load asks for (RFC 7296
 * §2.6), without keeping state per initiator.
 *
 * Cookie = VersionIDofSecret | SHA-256(Ni | IPi | SPIi | secret): a 4-byte secret version in
 * network order, then 32 bytes, 36 in all. IPi is 4 or 16 bytes, SPIi 8 bytes in network
 * order. The secret is 32 bytes drawn from the caller's random source (an ns-3
 * RandomVariableStream can drive it, so runs are reproducible). Rotate() replaces it; the
 * previous secret stays valid for a grace period, so that a cookie sent just before a rotation
 * is still accepted, and is forgotten at the next rotation. SHA-256 comes from Crypto++ and
 * cookies are compared in constant time.
 *
 * Cookies are required when the number of half-open IKE SAs reaches the threshold (0: always);
 * below it a valid cookie is accepted but none is asked for. The daemon owns the timers: it
 * calls Rotate() every secret lifetime and passes the current time to Verify().
 */
class Ikev2CookieJar
{
  public:
    /// A source of random bytes for the secrets.
    using RandomSource = std::function<uint8_t()>;

    /// Secret size in bytes.
    static constexpr size_t SECRET_BYTES = 32;
    /// Size of the cookies this class makes: version (4) and SHA-256 (32).
    static constexpr size_t COOKIE_BYTES = 36;
    /// Smallest COOKIE notify data RFC 7296 §2.6 allows.
    static constexpr size_t MIN_COOKIE_BYTES = 1;
    /// Largest COOKIE notify data RFC 7296 §2.6 allows.
    static constexpr size_t MAX_COOKIE_BYTES = 64;

    /**
     * \brief Draw the first secret (version 1).
     * \param random the random byte source, called SECRET_BYTES times per secret; must be set
     * \param previousSecretGrace how long after a rotation the previous secret is still
     *        accepted (the daemon's attribute, e.g. 5 s)
     * \param threshold the number of half-open IKE SAs from which cookies are required; 0
     *        requires them always
     */
    Ikev2CookieJar(RandomSource random, Time previousSecretGrace, uint32_t threshold);

    /**
     * \brief Draw a new secret; the current one becomes the previous one until now +
     * the grace period, and the one before it is forgotten.
     * \param now the current simulation time
     */
    void Rotate(Time now);

    /// \return the version of the current secret (1 for the first, +1 per rotation)
    uint32_t GetSecretVersion() const;

    /**
     * \brief Whether an IKE_SA_INIT request must carry a valid cookie.
     * \param halfOpenCount the number of half-open IKE SAs now
     * \return true when the threshold is 0 or halfOpenCount is at least the threshold
     */
    bool IsCookieRequired(uint32_t halfOpenCount) const;

    /**
     * \brief The cookie for one initiator, under the current secret.
     * \param ni the initiator's nonce Ni
     * \param ipI the initiator's address as seen by the responder
     * \param spiI the initiator's IKE SPI
     * \return COOKIE_BYTES bytes
     */
    IpsecBytes Make(const IpsecBytes& ni, const IpsecAddress& ipI, uint64_t spiI) const;

    /**
     * \brief Check a received cookie.
     * \param cookie the COOKIE notify data received
     * \param ni the nonce Ni of the request that carried it
     * \param ipI the source address of that request
     * \param spiI the initiator's IKE SPI of that request
     * \param now the current simulation time
     * \return true when the cookie was made by Make() for the same Ni, address and SPI under
     *         the current secret, or under the previous one before its grace period ended
     */
    bool Verify(const IpsecBytes& cookie,
                const IpsecBytes& ni,
                const IpsecAddress& ipI,
                uint64_t spiI,
                Time now) const;

    /**
     * \param bytes the size of received COOKIE notify data
     * \return true when RFC 7296 §2.6 allows it (MIN_COOKIE_BYTES to MAX_COOKIE_BYTES)
     */
    static bool IsValidLength(size_t bytes);

  private:
    /**
     * \brief Compute a cookie.
     * \param version the secret version written in front
     * \param secret the secret
     * \param ni the nonce Ni
     * \param ipI the initiator's address
     * \param spiI the initiator's IKE SPI
     * \return COOKIE_BYTES bytes
     */
    static IpsecBytes Compute(uint32_t version,
                              const IpsecBytes& secret,
                              const IpsecBytes& ni,
                              const IpsecAddress& ipI,
                              uint64_t spiI);

    /// \return SECRET_BYTES bytes from the random source
    IpsecBytes DrawSecret();

    RandomSource m_random;       //!< the random byte source
    Time m_grace;                //!< how long the previous secret stays valid
    uint32_t m_threshold;        //!< half-open count from which cookies are required
    uint32_t m_version;          //!< version of the current secret
    IpsecBytes m_secret;         //!< the current secret
    IpsecBytes m_previousSecret; //!< the previous secret (empty before the first rotation)
    Time m_previousValidUntil;   //!< the previous secret is refused from this time on
};

} // namespace ns3

#endif /* IKEV2_COOKIE_JAR_H */
