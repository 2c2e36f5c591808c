/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "esp-transform.h"

#include "ipsec-byte-order.h"
#include "ipsec-settings.h"

#include "ns3/random-variable-stream.h"

#include <algorithm>

namespace ns3
{

namespace
{
using ipsec_bytes::GetU32;
using ipsec_bytes::PutU32;

/// AAD of RFC 4106 §5: SPI || Seq, or SPI || Seq-high || Seq-low with ESN.
size_t
BuildAad(const SecurityAssociation& sa, uint64_t seq, uint8_t* aad)
{
    PutU32(aad, sa.GetSpi());
    if (sa.HasExtendedSequenceNumbers())
    {
        PutU32(aad + 4, static_cast<uint32_t>(seq >> 32));
        PutU32(aad + 8, static_cast<uint32_t>(seq));
        return 12;
    }
    PutU32(aad + 4, static_cast<uint32_t>(seq));
    return 8;
}

/// GMAC (RFC 4543): AAD = SPI || Seq (|| ESN) || IV || payload..., nothing encrypted.
IpsecBytes
GmacAad(const SecurityAssociation& sa, uint64_t seq, const uint8_t* ivAndRest, size_t length)
{
    uint8_t head[12];
    size_t n = BuildAad(sa, seq, head);
    IpsecBytes aad(head, head + n);
    aad.insert(aad.end(), ivAndRest, ivAndRest + length);
    return aad;
}

/// Next Header of an ESP dummy packet (RFC 4303 §2.6).
constexpr uint8_t DUMMY_NEXT_HEADER = 59;

bool
IsGmac(const SecurityAssociation& sa)
{
    return sa.GetEncryptionAlgorithm()->IsCombined()
        && !sa.GetEncryptionAlgorithm()->confidentiality;
}
} // namespace

uint32_t
EspTransform::IvSize(const SecurityAssociation& sa)
{
    return sa.GetEncryptionAlgorithm()->ivBytes;
}

uint32_t
EspTransform::Alignment(const SecurityAssociation& sa)
{
    return std::max<uint32_t>(4, sa.GetEncryptionAlgorithm()->blockBytes);
}

uint32_t
EspTransform::Overhead(const SecurityAssociation& sa, uint32_t length)
{
    uint32_t align = Alignment(sa);
    uint32_t padded = ((length + 2 + align - 1) / align) * align;
    return 8 + IvSize(sa) + (padded - length) + sa.GetIcvSize();
}

IpsecBytes
EspTransform::Encapsulate(SecurityAssociation& sa,
                          uint64_t sequence,
                          const uint8_t* iv,
                          const uint8_t* payload,
                          size_t length,
                          uint8_t nextHeader)
{
    IpsecBytes out;
    Encapsulate(sa, sequence, iv, payload, length, nextHeader, out);
    return out;
}

void
EspTransform::Encapsulate(SecurityAssociation& sa,
                          uint64_t sequence,
                          const uint8_t* iv,
                          const uint8_t* payload,
                          size_t length,
                          uint8_t nextHeader,
                          IpsecBytes& out)
{
    uint32_t ivSize = IvSize(sa);
    uint32_t align = Alignment(sa);
    size_t plainLength = ((length + 2 + align - 1) / align) * align;
    uint8_t padLength = static_cast<uint8_t>(plainLength - length - 2);
    uint32_t icvSize = sa.GetIcvSize();

    out.resize(8 + ivSize + plainLength + icvSize);
    PutU32(&out[0], sa.GetSpi());
    PutU32(&out[4], static_cast<uint32_t>(sequence));
    if (ivSize > 0)
    {
        std::copy_n(iv, ivSize, &out[8]);
    }
    uint8_t* plain = &out[8 + ivSize];
    std::copy_n(payload, length, plain);
    for (uint8_t i = 0; i < padLength; ++i)
    {
        plain[length + i] = i + 1; // RFC 4303 §2.4: 1, 2, 3, ...
    }
    plain[plainLength - 2] = padLength;
    plain[plainLength - 1] = nextHeader;
    uint8_t* icv = plain + plainLength;

    if (IpsecAead* aead = sa.GetAead())
    {
        if (IsGmac(sa))
        {
            IpsecBytes aad = GmacAad(sa, sequence, &out[8], ivSize + plainLength);
            aead->Seal(&out[8], aad.data(), aad.size(), nullptr, 0, icv);
        }
        else
        {
            uint8_t aad[12];
            size_t aadLength = BuildAad(sa, sequence, aad);
            aead->Seal(&out[8], aad, aadLength, plain, plainLength, icv);
        }
        return;
    }
    sa.GetCipher()->Encrypt(&out[8], plain, plainLength);
    if (IpsecIntegrity* mac = sa.GetIntegrity())
    {
        mac->Update(out.data(), 8 + ivSize + plainLength);
        if (sa.HasExtendedSequenceNumbers())
        {
            uint8_t high[4]; // RFC 4303 §2.2.1: ESN high bits appended for the ICV only
            PutU32(high, static_cast<uint32_t>(sequence >> 32));
            mac->Update(high, 4);
        }
        mac->Final(icv, icvSize);
    }
}

EspTransform::Result
EspTransform::Decapsulate(SecurityAssociation& sa, IpsecBytes& packet, bool checkPadBytes)
{
    IpsecSettings settings;
    settings.checkPadding = checkPadBytes;
    // ESP covers nothing of the IP header: any header of either family will do.
    return IpsecTransform::Of(IpsecProtocol::ESP).Input(sa, Ipv4Header(), settings, packet);
}

void
EspTransform::FillIv(const SecurityAssociation& sa,
                     uint64_t sequence,
                     UniformRandomVariable& random,
                     uint8_t* iv)
{
    const IpsecAlgorithm* encr = sa.GetEncryptionAlgorithm();
    uint32_t size = encr ? encr->ivBytes : 0;
    if (size == 0)
    {
        return;
    }
    if (encr->blockBytes > 1)
    {
        // CBC needs unpredictable IVs (RFC 3602 §3): draw them from the node's random stream.
        for (uint32_t i = 0; i < size; i += 4)
        {
            uint32_t r = random.GetInteger(0, 0xffffffff);
            for (uint32_t k = 0; k < 4 && i + k < size; ++k)
            {
                iv[i + k] = static_cast<uint8_t>(r >> (8 * k));
            }
        }
        return;
    }
    // Counter and combined modes need unique IVs: the 64-bit sequence number (RFC 4106 §3.1).
    for (uint32_t i = 0; i < 8; ++i)
    {
        iv[i] = static_cast<uint8_t>(sequence >> (56 - 8 * i));
    }
}

uint32_t
EspTransform::GetHeaderMinimum() const
{
    return 8; // SPI, sequence number
}

uint32_t
EspTransform::ReadSpi(const uint8_t* bytes) const
{
    return GetU32(bytes);
}

uint32_t
EspTransform::ReadSequence(const uint8_t* bytes) const
{
    return GetU32(bytes + 4);
}

bool
EspTransform::CheckShape(const SecurityAssociation& sa, const IpsecBytes& packet) const
{
    uint32_t ivSize = IvSize(sa);
    uint32_t icvSize = sa.GetIcvSize();
    if (packet.size() < 8 + ivSize + 2 + icvSize)
    {
        return false;
    }
    size_t cipherLength = packet.size() - 8 - ivSize - icvSize;
    uint32_t block = sa.GetEncryptionAlgorithm()->blockBytes;
    return cipherLength % std::max<uint32_t>(block, 1) == 0 && cipherLength % 4 == 0;
}

EspTransform::Result
EspTransform::Open(SecurityAssociation& sa,
                   const IpsecIpHeader& /* outer */,
                   const IpsecSettings& settings,
                   IpsecBytes& packet,
                   uint64_t seq) const
{
    Result r;
    uint32_t ivSize = IvSize(sa);
    uint32_t icvSize = sa.GetIcvSize();
    size_t cipherLength = packet.size() - 8 - ivSize - icvSize;
    uint8_t* iv = &packet[8];
    uint8_t* cipher = iv + ivSize;
    uint8_t* icv = cipher + cipherLength;
    if (IpsecAead* aead = sa.GetAead())
    {
        bool ok;
        if (IsGmac(sa))
        {
            IpsecBytes aad = GmacAad(sa, seq, iv, ivSize + cipherLength);
            ok = aead->Open(iv, aad.data(), aad.size(), nullptr, 0, icv);
        }
        else
        {
            uint8_t aad[12];
            size_t aadLength = BuildAad(sa, seq, aad);
            ok = aead->Open(iv, aad, aadLength, cipher, cipherLength, icv);
        }
        if (!ok)
        {
            r.reason = IpsecDropReason::AUTH_FAILED;
            return r;
        }
    }
    else
    {
        if (IpsecIntegrity* mac = sa.GetIntegrity())
        {
            uint8_t expected[64];
            mac->Update(packet.data(), 8 + ivSize + cipherLength);
            if (sa.HasExtendedSequenceNumbers())
            {
                uint8_t high[4];
                PutU32(high, static_cast<uint32_t>(seq >> 32));
                mac->Update(high, 4);
            }
            mac->Final(expected, icvSize);
            if (!ipsec_crypto::ConstantTimeEqual(expected, icv, icvSize))
            {
                r.reason = IpsecDropReason::AUTH_FAILED;
                return r;
            }
        }
        sa.GetCipher()->Decrypt(iv, cipher, cipherLength);
    }

    uint8_t padLength = cipher[cipherLength - 2];
    if (size_t(padLength) + 2 > cipherLength)
    {
        r.reason = IpsecDropReason::DECRYPT_FAILED;
        return r;
    }
    size_t payloadLength = cipherLength - 2 - padLength;
    if (settings.checkPadding)
    {
        for (uint8_t i = 0; i < padLength; ++i)
        {
            if (cipher[payloadLength + i] != i + 1)
            {
                r.reason = IpsecDropReason::DECRYPT_FAILED;
                return r;
            }
        }
    }
    r.ok = true;
    r.nextHeader = cipher[cipherLength - 1];
    r.payloadOffset = 8 + ivSize;
    r.payloadLength = payloadLength;
    r.dummy = r.nextHeader == DUMMY_NEXT_HEADER;
    return r;
}

void
EspTransform::Output(SecurityAssociation& sa,
                     uint64_t sequence,
                     IpsecIpHeader& header,
                     IpsecBytes& data,
                     IpsecBytes& spare,
                     const IpsecSettings& /* settings */,
                     UniformRandomVariable& random) const
{
    uint8_t iv[16];
    FillIv(sa, sequence, random, iv);
    Encapsulate(sa, sequence, iv, data.data(), data.size(), header.GetProtocol(), spare);
    std::swap(data, spare);
    header.SetProtocol(static_cast<uint8_t>(IpsecProtocol::ESP));
    header.SetPayloadSize(data.size());
}

uint32_t
EspTransform::GetOverhead(const SecurityAssociation& sa, uint32_t payload) const
{
    return Overhead(sa, payload);
}

} // namespace ns3
