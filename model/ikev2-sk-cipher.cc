/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-sk-cipher.h"

#include "ipsec-byte-order.h"

#include "ns3/abort.h"

#include <algorithm>
#include <array>

namespace ns3
{

namespace
{
/// Encryption transforms the SK payload supports (IANA "Transform Type 1" ids).
constexpr std::array<uint16_t, 2> SK_ENCRYPTION{
    12, // ENCR_AES_CBC (RFC 3602)
    20, // ENCR_AES_GCM_16 (RFC 5282)
};
/// Integrity transforms the SK payload supports with a cipher (IANA "Transform Type 3" ids).
constexpr std::array<uint16_t, 4> SK_INTEGRITY{
    2,  // AUTH_HMAC_SHA1_96 (RFC 2404)
    12, // AUTH_HMAC_SHA2_256_128 (RFC 4868)
    13, // AUTH_HMAC_SHA2_384_192
    14, // AUTH_HMAC_SHA2_512_256
};
/// "No integrity transform", as an AEAD is negotiated.
constexpr uint16_t AUTH_NONE = 0;

template <size_t N>
bool
Contains(const std::array<uint16_t, N>& ids, uint16_t id)
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

/// \return the 16-bit big-endian value at p
uint16_t
GetU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

/// Write a 16-bit big-endian value at p.
void
PutU16(uint8_t* p, uint16_t v)
{
    p[0] = static_cast<uint8_t>(v >> 8);
    p[1] = static_cast<uint8_t>(v);
}
} // namespace

std::string
Ikev2SkCipher::ToString(OpenResult result)
{
    switch (result)
    {
        case OpenResult::OK:
            return "OK";
        case OpenResult::MALFORMED:
            return "MALFORMED";
        case OpenResult::INTEGRITY_FAILED:
            return "INTEGRITY_FAILED";
        case OpenResult::DECRYPT_FAILED:
            return "DECRYPT_FAILED";
    }
    return "UNKNOWN";
}

std::unique_ptr<Ikev2SkCipher>
Ikev2SkCipher::Create(uint16_t encrId,
                      uint16_t integId,
                      const IpsecBytes& encrKey,
                      const IpsecBytes& integKey)
{
    if (!Contains(SK_ENCRYPTION, encrId))
    {
        return nullptr;
    }
    const IpsecAlgorithm* encr = IpsecAlgorithmRegistry::FindByIkev2Id(true, encrId);
    if (encr == nullptr || !encr->CheckKeyLength(encrKey.size()).empty())
    {
        return nullptr;
    }
    if (encr->IsCombined())
    {
        if (integId != AUTH_NONE || !integKey.empty())
        {
            return nullptr;
        }
        return std::unique_ptr<Ikev2SkCipher>(new Ikev2SkCipher(*encr, nullptr, encrKey, integKey));
    }
    if (!Contains(SK_INTEGRITY, integId))
    {
        return nullptr;
    }
    const IpsecAlgorithm* integ = IpsecAlgorithmRegistry::FindByIkev2Id(false, integId);
    if (integ == nullptr || !integ->CheckKeyLength(integKey.size()).empty())
    {
        return nullptr;
    }
    return std::unique_ptr<Ikev2SkCipher>(new Ikev2SkCipher(*encr, integ, encrKey, integKey));
}

Ikev2SkCipher::Ikev2SkCipher(const IpsecAlgorithm& encr,
                             const IpsecAlgorithm* integ,
                             const IpsecBytes& encrKey,
                             const IpsecBytes& integKey)
    : m_encr(encr)
    , m_integ(integ)
{
    if (encr.IsCombined())
    {
        const size_t keyBytes = encrKey.size() - encr.saltBytes;
        m_aead = encr.makeAead(IpsecBytes(encrKey.begin(), encrKey.begin() + keyBytes),
                               IpsecBytes(encrKey.begin() + keyBytes, encrKey.end()),
                               encr.icvBytes);
    }
    else
    {
        m_cipher = encr.makeCipher(encrKey);
        m_mac = integ->makeIntegrity(integKey);
    }
}

size_t
Ikev2SkCipher::IvBytes() const
{
    return m_encr.ivBytes;
}

size_t
Ikev2SkCipher::IcvBytes() const
{
    return m_integ != nullptr ? m_integ->icvBytes : m_encr.icvBytes;
}

size_t
Ikev2SkCipher::BlockBytes() const
{
    return m_encr.blockBytes;
}

size_t
Ikev2SkCipher::Overhead(size_t innerBytes) const
{
    const size_t block = BlockBytes();
    const size_t padding = (block - (innerBytes + 1) % block) % block;
    return IvBytes() + padding + 1 + IcvBytes();
}

void
Ikev2SkCipher::Seal(IpsecBytes& message, const IpsecBytes& innerPayloads, const IpsecBytes& iv)
{
    const size_t bodyOffset = message.size();
    NS_ABORT_MSG_IF(bodyOffset < IKE_HEADER_BYTES + GENERIC_HEADER_BYTES,
                    "Ikev2SkCipher::Seal: " << bodyOffset
                                            << " bytes cannot hold the IKE and SK headers");
    NS_ABORT_MSG_IF(iv.size() != IvBytes(),
                    "Ikev2SkCipher::Seal: IV of " << iv.size() << " bytes, " << IvBytes()
                                                  << " needed");
    const size_t overhead = Overhead(innerPayloads.size());
    const size_t skPayloadLength = GENERIC_HEADER_BYTES + innerPayloads.size() + overhead;
    NS_ABORT_MSG_IF(skPayloadLength > UINT16_MAX,
                    "Ikev2SkCipher::Seal: " << innerPayloads.size()
                                            << " bytes of payloads do not fit an SK payload");
    const size_t padLength = overhead - IvBytes() - 1 - IcvBytes();

    IpsecBytes text(innerPayloads);
    text.resize(innerPayloads.size() + padLength, 0);
    text.push_back(static_cast<uint8_t>(padLength));

    const size_t total = bodyOffset + innerPayloads.size() + overhead;
    ipsec_bytes::PutU32(&message[IKE_LENGTH_OFFSET], static_cast<uint32_t>(total));
    PutU16(&message[bodyOffset - 2], static_cast<uint16_t>(skPayloadLength));

    IpsecBytes icv(IcvBytes());
    if (m_aead)
    {
        m_aead->Seal(iv.data(), message.data(), bodyOffset, text.data(), text.size(), icv.data());
    }
    message.reserve(total);
    message.insert(message.end(), iv.begin(), iv.end());
    if (m_cipher)
    {
        m_cipher->Encrypt(iv.data(), text.data(), text.size());
        message.insert(message.end(), text.begin(), text.end());
        m_mac->Update(message.data(), message.size());
        m_mac->Final(icv.data(), icv.size());
    }
    else
    {
        message.insert(message.end(), text.begin(), text.end());
    }
    message.insert(message.end(), icv.begin(), icv.end());
}

Ikev2SkCipher::OpenResult
Ikev2SkCipher::Open(const uint8_t* message,
                    size_t length,
                    size_t bodyOffset,
                    IpsecBytes& innerPayloads)
{
    innerPayloads.clear();
    const size_t ivBytes = IvBytes();
    const size_t icvBytes = IcvBytes();
    // The shortest plaintext is the Pad Length byte alone.
    if (bodyOffset < IKE_HEADER_BYTES + GENERIC_HEADER_BYTES
        || length < bodyOffset + ivBytes + 1 + icvBytes)
    {
        return OpenResult::MALFORMED;
    }
    const uint8_t* iv = message + bodyOffset;
    const size_t textBytes = length - bodyOffset - ivBytes - icvBytes;
    if (textBytes % BlockBytes() != 0)
    {
        return OpenResult::MALFORMED;
    }
    const uint8_t* icv = message + length - icvBytes;
    IpsecBytes text(iv + ivBytes, iv + ivBytes + textBytes);
    if (m_aead)
    {
        if (!m_aead->Open(iv, message, bodyOffset, text.data(), text.size(), icv))
        {
            return OpenResult::INTEGRITY_FAILED;
        }
    }
    else
    {
        IpsecBytes expected(icvBytes);
        m_mac->Update(message, length - icvBytes);
        m_mac->Final(expected.data(), expected.size());
        if (!ipsec_crypto::ConstantTimeEqual(expected.data(), icv, icvBytes))
        {
            return OpenResult::INTEGRITY_FAILED;
        }
        m_cipher->Decrypt(iv, text.data(), text.size());
    }
    if (!LengthsMatch(message, length, bodyOffset))
    {
        return OpenResult::MALFORMED;
    }
    const size_t padLength = text.back();
    if (padLength + 1 > text.size())
    {
        return OpenResult::DECRYPT_FAILED;
    }
    innerPayloads.assign(text.begin(), text.end() - padLength - 1);
    return OpenResult::OK;
}

bool
Ikev2SkCipher::LengthsMatch(const uint8_t* message, size_t length, size_t bodyOffset)
{
    const size_t skPayloadOffset = bodyOffset - GENERIC_HEADER_BYTES;
    return ipsec_bytes::GetU32(message + IKE_LENGTH_OFFSET) == length
        && GetU16(message + skPayloadOffset + 2) == length - skPayloadOffset;
}

} // namespace ns3
