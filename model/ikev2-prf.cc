/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-prf.h"

#include "ns3/abort.h"

#include <algorithm>

namespace ns3
{

namespace
{
/// AES-XCBC-PRF-128's key and output size (RFC 4434).
constexpr size_t XCBC_BYTES = 16;

/// The MAC engine for the key as given (HMAC: any length).
IpsecBytes
KeyAsGiven(const IpsecBytes& key)
{
    return key;
}

/**
 * RFC 4434 §2: a 16-byte key is used as is, a shorter one is padded with zero bits on the right,
 * a longer one is replaced by AES-XCBC-PRF-128 of it under the all-zero key.
 */
IpsecBytes
XcbcPrfKey(const IpsecBytes& key)
{
    IpsecBytes k(key);
    if (k.size() > XCBC_BYTES)
    {
        auto mac = ipsec_crypto::MakeAesXcbcMac(IpsecBytes(XCBC_BYTES, 0));
        mac->Update(key.data(), key.size());
        k.resize(XCBC_BYTES);
        mac->Final(k.data(), k.size());
    }
    k.resize(XCBC_BYTES, 0);
    return k;
}
} // namespace

/// One supported PRF.
struct Ikev2Prf::Definition
{
    uint16_t id;                             //!< IANA PRF_* id
    const char* name;                        //!< IANA name
    size_t outputBytes;                      //!< output size
    size_t fixedKeyBytes;                    //!< fixed key size, 0 for any length
    IpsecBytes (*keyFor)(const IpsecBytes&); //!< the MAC key used for a PRF key
    ipsec_crypto::IntegrityFactory makeMac;  //!< the Crypto++ engine
};

const Ikev2Prf::Definition*
Ikev2Prf::FindDefinition(uint16_t prfId)
{
    // clang-format off
    static const Definition table[] = {
        {2, "PRF_HMAC_SHA1",     20, 0,          KeyAsGiven, ipsec_crypto::MakeHmacSha1},
        {4, "PRF_AES128_XCBC",   16, XCBC_BYTES, XcbcPrfKey, ipsec_crypto::MakeAesXcbcMac},
        {5, "PRF_HMAC_SHA2_256", 32, 0,          KeyAsGiven, ipsec_crypto::MakeHmacSha256},
        {6, "PRF_HMAC_SHA2_384", 48, 0,          KeyAsGiven, ipsec_crypto::MakeHmacSha384},
        {7, "PRF_HMAC_SHA2_512", 64, 0,          KeyAsGiven, ipsec_crypto::MakeHmacSha512},
    };
    // clang-format on
    auto it = std::find_if(std::begin(table), std::end(table), [prfId](const Definition& d) {
        return d.id == prfId;
    });
    return it == std::end(table) ? nullptr : &*it;
}

std::unique_ptr<Ikev2Prf>
Ikev2Prf::Create(uint16_t prfId)
{
    const Definition* definition = FindDefinition(prfId);
    if (definition == nullptr)
    {
        return nullptr;
    }
    return std::unique_ptr<Ikev2Prf>(new Ikev2Prf(*definition));
}

Ikev2Prf::Ikev2Prf(const Definition& definition)
    : m_definition(definition)
{
}

uint16_t
Ikev2Prf::GetId() const
{
    return m_definition.id;
}

std::string
Ikev2Prf::GetName() const
{
    return m_definition.name;
}

size_t
Ikev2Prf::OutputBytes() const
{
    return m_definition.outputBytes;
}

size_t
Ikev2Prf::PreferredKeyBytes() const
{
    return m_definition.fixedKeyBytes != 0 ? m_definition.fixedKeyBytes : m_definition.outputBytes;
}

size_t
Ikev2Prf::FixedKeyBytes() const
{
    return m_definition.fixedKeyBytes;
}

IpsecBytes
Ikev2Prf::Compute(const IpsecBytes& key, const IpsecBytes& data) const
{
    auto mac = m_definition.makeMac(m_definition.keyFor(key));
    mac->Update(data.data(), data.size());
    IpsecBytes out(m_definition.outputBytes);
    mac->Final(out.data(), out.size());
    return out;
}

IpsecBytes
Ikev2Prf::Plus(const IpsecBytes& key, const IpsecBytes& seed, size_t bytes) const
{
    const size_t outputBytes = m_definition.outputBytes;
    NS_ABORT_MSG_IF(bytes > MAX_PLUS_ITERATIONS * outputBytes,
                    "prf+ of " << m_definition.name << " yields at most "
                               << MAX_PLUS_ITERATIONS * outputBytes << " bytes, " << bytes
                               << " asked");
    auto mac = m_definition.makeMac(m_definition.keyFor(key));
    IpsecBytes out;
    out.reserve(bytes + outputBytes);
    IpsecBytes t;
    for (size_t n = 1; out.size() < bytes; ++n)
    {
        const uint8_t counter = static_cast<uint8_t>(n);
        mac->Update(t.data(), t.size());
        mac->Update(seed.data(), seed.size());
        mac->Update(&counter, 1);
        t.resize(outputBytes);
        mac->Final(t.data(), t.size());
        out.insert(out.end(), t.begin(), t.end());
    }
    out.resize(bytes);
    return out;
}

} // namespace ns3
