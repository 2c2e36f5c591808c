/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-algorithms.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace ns3
{

namespace
{
using K = IpsecAlgorithmKind;
using namespace ipsec_crypto;

std::vector<IpsecAlgorithm>
BuildTable()
{
    // clang-format off
    // name, kind, aliases, ikev2, sadb, keyMin, keyMax, keyDefault, keyStep, salt, iv, block, icv,
    // confidentiality, usableInAh, Wireshark esp_sa name, setkey name, rfc, engines
    return {
        {"hmac-md5-96", K::INTEGRITY, {"md5", "hmac-md5", "hmac_md5"}, 1, 2,
         128, 128, 128, 8, 0, 0, 1, 12, false, true, "HMAC-MD5-96 [RFC2403]", "hmac-md5", "RFC 2403",
         MakeHmacMd5, nullptr, nullptr},
        {"hmac-sha1-96", K::INTEGRITY, {"sha1", "sha", "hmac-sha1", "hmac-sha", "hmac_sha1"}, 2, 3,
         160, 160, 160, 8, 0, 0, 1, 12, false, true, "HMAC-SHA-1-96 [RFC2404]", "hmac-sha1", "RFC 2404",
         MakeHmacSha1, nullptr, nullptr},
        {"hmac-sha256-128", K::INTEGRITY,
         {"sha256", "sha-256", "sha2-256", "hmac-sha256", "hmac-sha-256", "hmac-sha2-256", "hmac_sha256"},
         12, 5, 256, 256, 256, 8, 0, 0, 1, 16, false, true, "HMAC-SHA-256-128 [RFC4868]", "hmac-sha2-256", "RFC 4868",
         MakeHmacSha256, nullptr, nullptr},
        {"hmac-sha384-192", K::INTEGRITY,
         {"sha384", "sha-384", "sha2-384", "hmac-sha384", "hmac-sha-384", "hmac-sha2-384", "hmac_sha384"},
         13, 6, 384, 384, 384, 8, 0, 0, 1, 24, false, true, "HMAC-SHA-384-192 [RFC4868]", "hmac-sha2-384", "RFC 4868",
         MakeHmacSha384, nullptr, nullptr},
        {"hmac-sha512-256", K::INTEGRITY,
         {"sha512", "sha-512", "sha2-512", "hmac-sha512", "hmac-sha-512", "hmac-sha2-512", "hmac_sha512"},
         14, 7, 512, 512, 512, 8, 0, 0, 1, 32, false, true, "HMAC-SHA-512-256 [RFC4868]", "hmac-sha2-512", "RFC 4868",
         MakeHmacSha512, nullptr, nullptr},
        {"aes-xcbc-mac-96", K::INTEGRITY, {"aes-xcbc-mac", "aes-xcbc", "xcbc", "aesxcbc"}, 5, 9,
         128, 128, 128, 8, 0, 0, 1, 12, false, true, "ANY 96 bit authentication [no checking]",
         "aes-xcbc-mac", "RFC 3566", MakeAesXcbcMac, nullptr, nullptr},
        {"aes-gmac", K::AEAD, {"gmac", "null-aes-gmac", "aes-128-gmac", "aesgmac"}, 21, 21,
         128, 256, 128, 64, 4, 8, 1, 16, false, true, "", "aes-gmac", "RFC 4543",
         nullptr, nullptr, MakeAesGmac},
        {"null", K::CIPHER, {"null-enc", "enc-null", "none"}, 11, 11,
         0, 0, 0, 8, 0, 0, 1, 0, false, false, "NULL", "null", "RFC 2410",
         nullptr, MakeNullCipher, nullptr},
        {"des-cbc", K::CIPHER, {"des"}, 2, 2,
         64, 64, 64, 8, 0, 8, 8, 0, true, false, "DES-CBC [RFC2405]", "des-cbc", "RFC 2405",
         nullptr, MakeDesCbc, nullptr},
        {"3des-cbc", K::CIPHER, {"3des", "des3", "des3-cbc", "3des-ede-cbc", "des-ede3-cbc"}, 3, 3,
         192, 192, 192, 8, 0, 8, 8, 0, true, false, "TripleDES-CBC [RFC2451]", "3des-cbc", "RFC 2451",
         nullptr, MakeTripleDesCbc, nullptr},
        {"blowfish-cbc", K::CIPHER, {"blowfish", "bf-cbc", "bf"}, 7, 7,
         40, 448, 128, 8, 0, 8, 8, 0, true, false, "BLOWFISH-CBC [RFC2451]", "blowfish-cbc", "RFC 2451",
         nullptr, MakeBlowfishCbc, nullptr},
        {"aes-cbc", K::CIPHER, {"aes", "rijndael-cbc", "rijndael", "aescbc"}, 12, 12,
         128, 256, 128, 64, 0, 16, 16, 0, true, false, "AES-CBC [RFC3602]", "aes-cbc", "RFC 3602",
         nullptr, MakeAesCbc, nullptr},
        {"aes-ctr", K::CIPHER, {"aesctr"}, 13, 13,
         128, 256, 128, 64, 4, 8, 1, 0, true, false, "AES-CTR [RFC3686]", "aes-ctr", "RFC 3686",
         nullptr, MakeAesCtr, nullptr},
        {"camellia-cbc", K::CIPHER, {"camellia"}, 23, 22,
         128, 256, 128, 64, 0, 16, 16, 0, true, false, "", "camellia-cbc", "RFC 4312",
         nullptr, MakeCamelliaCbc, nullptr},
        {"aes-gcm-8", K::AEAD, {"aes-gcm8", "aes-gcm-64", "aesgcm8"}, 18, 18,
         128, 256, 128, 64, 4, 8, 1, 8, true, false, "AES-GCM with 8 octet ICV [RFC4106]", "aes-gcm-8", "RFC 4106",
         nullptr, nullptr, MakeAesGcm},
        {"aes-gcm-12", K::AEAD, {"aes-gcm12", "aes-gcm-96", "aesgcm12"}, 19, 19,
         128, 256, 128, 64, 4, 8, 1, 12, true, false, "AES-GCM with 12 octet ICV [RFC4106]", "aes-gcm-12", "RFC 4106",
         nullptr, nullptr, MakeAesGcm},
        {"aes-gcm-16", K::AEAD, {"aes-gcm", "aes-gcm16", "aes-gcm-128", "aesgcm16", "aesgcm"}, 20, 20,
         128, 256, 128, 64, 4, 8, 1, 16, true, false, "AES-GCM with 16 octet ICV [RFC4106]", "aes-gcm-16", "RFC 4106",
         nullptr, nullptr, MakeAesGcm},
        {"aes-ccm-8", K::AEAD, {"aes-ccm8", "aes-ccm-64", "aesccm8"}, 14, 14,
         128, 256, 128, 64, 3, 8, 1, 8, true, false, "", "aes-ccm-8", "RFC 4309",
         nullptr, nullptr, MakeAesCcm},
        {"aes-ccm-12", K::AEAD, {"aes-ccm12", "aes-ccm-96", "aesccm12"}, 15, 15,
         128, 256, 128, 64, 3, 8, 1, 12, true, false, "", "aes-ccm-12", "RFC 4309",
         nullptr, nullptr, MakeAesCcm},
        {"aes-ccm-16", K::AEAD, {"aes-ccm", "aes-ccm16", "aes-ccm-128", "aesccm16", "aesccm"}, 16, 16,
         128, 256, 128, 64, 3, 8, 1, 16, true, false, "", "aes-ccm-16", "RFC 4309",
         nullptr, nullptr, MakeAesCcm},
        {"chacha20-poly1305", K::AEAD, {"chacha20poly1305", "chacha"}, 28, 28,
         256, 256, 256, 8, 4, 8, 1, 16, true, false, "", "chacha20-poly1305", "RFC 7634",
         nullptr, nullptr, MakeChaCha20Poly1305},
    };
    // clang-format on
}

std::string
Lower(const std::string& s)
{
    std::string r(s);
    std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return std::tolower(c); });
    return r;
}

bool
IsEncryptionSide(const IpsecAlgorithm& a)
{
    return a.kind != IpsecAlgorithmKind::INTEGRITY;
}

bool
IsIntegritySide(const IpsecAlgorithm& a)
{
    return a.kind == IpsecAlgorithmKind::INTEGRITY || a.usableInAh;
}
} // namespace

std::string
IpsecAlgorithm::CheckKeyLength(size_t keyMaterialBytes) const
{
    if (keyMaterialBytes < saltBytes)
    {
        std::ostringstream oss;
        oss << name << " key material needs at least " << int(saltBytes) << " salt bytes";
        return oss.str();
    }
    size_t keyBits = (keyMaterialBytes - saltBytes) * 8;
    if (keyBits < keyBitsMin || keyBits > keyBitsMax || (keyBits - keyBitsMin) % keyBitsStep != 0)
    {
        std::ostringstream oss;
        oss << name << " takes a key of ";
        if (keyBitsMin == keyBitsMax)
        {
            oss << keyBitsMin;
        }
        else
        {
            oss << keyBitsMin << ".." << keyBitsMax << " (step " << keyBitsStep << ")";
        }
        oss << " bits";
        if (saltBytes > 0)
        {
            oss << " plus " << saltBytes * 8 << " bits of salt";
        }
        oss << ", not " << keyMaterialBytes * 8 << " bits of key material";
        return oss.str();
    }
    return "";
}

size_t
IpsecAlgorithm::DefaultKeyMaterialBytes() const
{
    return keyBitsDefault / 8 + saltBytes;
}

const std::vector<IpsecAlgorithm>&
IpsecAlgorithmRegistry::All()
{
    static const std::vector<IpsecAlgorithm> table = BuildTable();
    return table;
}

const IpsecAlgorithm*
IpsecAlgorithmRegistry::Find(const std::string& name)
{
    std::string n = Lower(name);
    for (const auto& a : All())
    {
        if (a.name == n || std::find(a.aliases.begin(), a.aliases.end(), n) != a.aliases.end())
        {
            return &a;
        }
    }
    return nullptr;
}

const IpsecAlgorithm*
IpsecAlgorithmRegistry::FindEncryption(const std::string& name)
{
    const IpsecAlgorithm* a = Find(name);
    return (a && IsEncryptionSide(*a)) ? a : nullptr;
}

const IpsecAlgorithm*
IpsecAlgorithmRegistry::FindIntegrity(const std::string& name)
{
    const IpsecAlgorithm* a = Find(name);
    return (a && IsIntegritySide(*a)) ? a : nullptr;
}

const IpsecAlgorithm*
IpsecAlgorithmRegistry::FindByIkev2Id(bool encryption, uint16_t id)
{
    for (const auto& a : All())
    {
        bool side = encryption ? IsEncryptionSide(a) : a.kind == IpsecAlgorithmKind::INTEGRITY;
        if (side && a.ikev2Id == id)
        {
            return &a;
        }
    }
    return nullptr;
}

const IpsecAlgorithm*
IpsecAlgorithmRegistry::FindBySadbId(bool encryption, uint64_t id)
{
    for (const auto& a : All())
    {
        bool side = encryption ? IsEncryptionSide(a) : a.kind == IpsecAlgorithmKind::INTEGRITY;
        if (side && a.sadbId == id)
        {
            return &a;
        }
    }
    return nullptr;
}

std::string
IpsecAlgorithmRegistry::NamesOf(bool encryption)
{
    std::string names;
    for (const auto& a : All())
    {
        if (encryption ? IsEncryptionSide(a) : IsIntegritySide(a))
        {
            names += (names.empty() ? "" : ", ") + a.name;
        }
    }
    return names;
}

} // namespace ns3
