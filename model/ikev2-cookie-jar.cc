/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-cookie-jar.h"

#include "ns3/abort.h"

#include <cryptopp/misc.h>
#include <cryptopp/sha.h>
#include <utility>

namespace ns3
{

Ikev2CookieJar::Ikev2CookieJar(RandomSource random, Time previousSecretGrace, uint32_t threshold)
    : m_random(std::move(random))
    , m_grace(previousSecretGrace)
    , m_threshold(threshold)
    , m_version(1)
{
    NS_ABORT_MSG_UNLESS(m_random, "Ikev2CookieJar needs a random source");
    m_secret = DrawSecret();
}

void
Ikev2CookieJar::Rotate(Time now)
{
    m_previousSecret = std::move(m_secret);
    m_previousValidUntil = now + m_grace;
    m_secret = DrawSecret();
    ++m_version;
}

uint32_t
Ikev2CookieJar::GetSecretVersion() const
{
    return m_version;
}

bool
Ikev2CookieJar::IsCookieRequired(uint32_t halfOpenCount) const
{
    return m_threshold == 0 || halfOpenCount >= m_threshold;
}

IpsecBytes
Ikev2CookieJar::Make(const IpsecBytes& ni, const IpsecAddress& ipI, uint64_t spiI) const
{
    return Compute(m_version, m_secret, ni, ipI, spiI);
}

bool
Ikev2CookieJar::Verify(const IpsecBytes& cookie,
                       const IpsecBytes& ni,
                       const IpsecAddress& ipI,
                       uint64_t spiI,
                       Time now) const
{
    if (cookie.size() != COOKIE_BYTES)
    {
        return false;
    }
    const uint32_t version = (uint32_t(cookie[0]) << 24) | (uint32_t(cookie[1]) << 16)
                           | (uint32_t(cookie[2]) << 8) | uint32_t(cookie[3]);
    const IpsecBytes* secret = nullptr;
    if (version == m_version)
    {
        secret = &m_secret;
    }
    else if (version == m_version - 1 && !m_previousSecret.empty() && now < m_previousValidUntil)
    {
        secret = &m_previousSecret;
    }
    else
    {
        return false;
    }
    const IpsecBytes expected = Compute(version, *secret, ni, ipI, spiI);
    return CryptoPP::VerifyBufsEqual(cookie.data(), expected.data(), COOKIE_BYTES);
}

bool
Ikev2CookieJar::IsValidLength(size_t bytes)
{
    return bytes >= MIN_COOKIE_BYTES && bytes <= MAX_COOKIE_BYTES;
}

IpsecBytes
Ikev2CookieJar::Compute(uint32_t version,
                        const IpsecBytes& secret,
                        const IpsecBytes& ni,
                        const IpsecAddress& ipI,
                        uint64_t spiI)
{
    NS_ABORT_MSG_IF(ipI.IsNone(), "Ikev2CookieJar needs an IPv4 or IPv6 initiator address");
    uint8_t spi[8];
    for (size_t i = 0; i < 8; ++i)
    {
        spi[i] = static_cast<uint8_t>(spiI >> (8 * (7 - i)));
    }
    CryptoPP::SHA256 sha256;
    sha256.Update(ni.data(), ni.size());
    sha256.Update(ipI.GetBytes(), ipI.GetLength());
    sha256.Update(spi, sizeof(spi));
    sha256.Update(secret.data(), secret.size());

    IpsecBytes cookie(COOKIE_BYTES);
    for (size_t i = 0; i < 4; ++i)
    {
        cookie[i] = static_cast<uint8_t>(version >> (8 * (3 - i)));
    }
    sha256.Final(cookie.data() + 4);
    return cookie;
}

IpsecBytes
Ikev2CookieJar::DrawSecret()
{
    IpsecBytes secret(SECRET_BYTES);
    for (auto& byte : secret)
    {
        byte = m_random();
    }
    return secret;
}

} // namespace ns3
