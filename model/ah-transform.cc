/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ah-transform.h"

#include "ah-header.h"
#include "ipsec-byte-order.h"
#include "ipsec-ipv6-extension-tag.h"
#include "ipsec-settings.h"

#include "ns3/buffer.h"

#include <algorithm>

namespace ns3
{

namespace
{
using ipsec_bytes::GetU32;
using ipsec_bytes::PutU32;

/// Longest IP header the ICV covers: IPv6 with the longest extension chain kept.
constexpr uint32_t MAX_IP_HEADER = 40 + IpsecIpv6ExtensionTag::MAX_BYTES;

/**
 * \brief Copy an IPv6 extension header chain as AH's ICV sees it (RFC 4302 §3.3.3.1.2):
 * hop-by-hop and destination options with the data of the options that may change en route
 * (the third-highest bit of the option type) as zeros; a routing header as it is at the
 * destination, which is as it arrived there.
 * \param first the first header's type
 * \param chain the headers
 * \param out where the canonical form goes (chain.size() bytes)
 * \return false when the chain does not parse (the headers' lengths or options overrun it)
 */
bool
CanonicalExtensions(uint8_t first, const IpsecBytes& chain, uint8_t* out)
{
    std::copy(chain.begin(), chain.end(), out);
    uint8_t type = first;
    size_t at = 0;
    while (at < chain.size())
    {
        if (at + 2 > chain.size())
        {
            return false;
        }
        size_t length = (size_t(chain[at + 1]) + 1) * 8;
        if (at + length > chain.size())
        {
            return false;
        }
        if (type == Ipv6Header::IPV6_EXT_HOP_BY_HOP || type == Ipv6Header::IPV6_EXT_DESTINATION)
        {
            size_t option = at + 2;
            while (option < at + length)
            {
                uint8_t optionType = chain[option];
                if (optionType == 0)
                {
                    ++option; // Pad1
                    continue;
                }
                if (option + 2 > at + length || option + 2 + chain[option + 1] > at + length)
                {
                    return false;
                }
                if (optionType & 0x20)
                {
                    std::fill_n(out + option + 2, chain[option + 1], 0);
                }
                option += 2 + chain[option + 1];
            }
        }
        type = chain[at];
        at += length;
    }
    return true;
}

/**
 * The IP header as the ICV sees it, mutable fields zeroed or masked, with the IPv6 extension
 * headers in front of AH (IpsecIpHeader::SetIpv6Extensions) after it.
 * \return its length: 20 (IPv4, no options), 40 (IPv6) plus the extensions; 0 when the
 *         extension chain does not parse
 */
uint32_t
ImmutableHeader(const IpsecIpHeader& header,
                bool clearTos,
                uint16_t offsetMask,
                uint8_t out[MAX_IP_HEADER])
{
    Buffer buffer;
    if (!header.IsIpv4())
    {
        // RFC 4302 §3.3.3.1.2.1: version, payload length, next header and the addresses are
        // covered; traffic class, flow label and hop limit are mutable and count as zero.
        const Ipv6Header& h = header.GetIpv6();
        buffer.AddAtStart(h.GetSerializedSize());
        h.Serialize(buffer.Begin());
        buffer.CopyData(out, 40);
        out[0] = 0x60;
        std::fill_n(out + 1, 3, 0);
        out[7] = 0; // hop limit
        const IpsecBytes* chain = header.GetIpv6Extensions();
        if (!chain || chain->empty())
        {
            return 40;
        }
        if (chain->size() > MAX_IP_HEADER - 40
            || !CanonicalExtensions(h.GetNextHeader(), *chain, out + 40))
        {
            return 0;
        }
        return 40 + static_cast<uint32_t>(chain->size());
    }
    const Ipv4Header& h = header.GetIpv4();
    // Serialize writes 20 bytes even when the header length field says less.
    buffer.AddAtStart(std::max(h.GetSerializedSize(), IPV4_HEADER_MINIMUM));
    h.Serialize(buffer.Begin());
    buffer.CopyData(out, 20);
    if (clearTos)
    {
        out[1] = 0;
    }
    uint16_t flagsOffset = (uint16_t(out[6]) << 8 | out[7]) & offsetMask;
    out[6] = flagsOffset >> 8;
    out[7] = flagsOffset & 0xff;
    out[8] = 0;  // TTL
    out[10] = 0; // checksum
    out[11] = 0;
    return 20;
}

/// Fixed AH fields (next header, length, reserved, SPI, seq) into 12 bytes.
void
FixedPart(uint8_t nextHeader, uint32_t totalLength, uint32_t spi, uint32_t seqLow, uint8_t out[12])
{
    out[0] = nextHeader;
    out[1] = static_cast<uint8_t>(totalLength / 4 - 2);
    out[2] = 0;
    out[3] = 0;
    PutU32(out + 4, spi);
    PutU32(out + 8, seqLow);
}

/**
 * Computes the ICV field content (GMAC: IV || tag) into `icv`. The ICV (and GMAC IV) count as
 * zero; the padding that aligns the header (IPv6) counts as it is in `ah`, as Linux has it.
 */
void
ComputeIcv(SecurityAssociation& sa,
           uint64_t sequence,
           const uint8_t* ipHeader,
           uint32_t ipHeaderLength,
           const uint8_t* ah,
           uint32_t icvFieldLength,
           const uint8_t* payload,
           size_t length,
           uint8_t* icv)
{
    const IpsecAlgorithm* alg = sa.GetAuthenticationAlgorithm();
    uint32_t icvLength = std::min(sa.GetIcvSize(), icvFieldLength);
    const uint8_t* padding = ah + AhHeader::FIXED_SIZE + icvLength;
    uint32_t paddingLength = icvFieldLength - icvLength;
    if (IpsecAead* gmac = sa.GetAead())
    {
        // RFC 4543 §3.5: the ICV field carries IV || tag; the AAD has that field zeroed.
        IpsecBytes aad(ipHeader, ipHeader + ipHeaderLength);
        aad.insert(aad.end(), ah, ah + AhHeader::FIXED_SIZE);
        aad.insert(aad.end(), icvLength, 0);
        aad.insert(aad.end(), padding, padding + paddingLength);
        aad.insert(aad.end(), payload, payload + length);
        if (sa.HasExtendedSequenceNumbers())
        {
            uint8_t high[4];
            PutU32(high, static_cast<uint32_t>(sequence >> 32));
            aad.insert(aad.end(), high, high + 4);
        }
        gmac->Seal(icv, aad.data(), aad.size(), nullptr, 0, icv + alg->ivBytes);
        return;
    }
    IpsecIntegrity* mac = sa.GetIntegrity();
    static const uint8_t zeros[64] = {0};
    mac->Update(ipHeader, ipHeaderLength);
    mac->Update(ah, AhHeader::FIXED_SIZE);
    mac->Update(zeros, icvLength);
    mac->Update(padding, paddingLength);
    mac->Update(payload, length);
    if (sa.HasExtendedSequenceNumbers())
    {
        uint8_t high[4]; // RFC 4302 §3.3.3.2: ESN high bits appended implicitly
        PutU32(high, static_cast<uint32_t>(sequence >> 32));
        mac->Update(high, 4);
    }
    mac->Final(icv, alg->icvBytes);
}
} // namespace

uint32_t
AhTransform::Overhead(const SecurityAssociation& sa)
{
    // The header's alignment follows the family of the header in front of it: the SA's.
    return AhHeader::SizeFor(sa.GetIcvSize(), sa.GetDestination().IsIpv6() ? 8 : 4);
}

IpsecBytes
AhTransform::Encapsulate(SecurityAssociation& sa,
                         uint64_t sequence,
                         const IpsecIpHeader& ipHeader,
                         const uint8_t* payload,
                         size_t length,
                         uint8_t nextHeader,
                         bool clearTos,
                         uint16_t offsetMask)
{
    IpsecBytes out(Overhead(sa), 0);
    WriteHeader(sa,
                sequence,
                ipHeader,
                payload,
                length,
                nextHeader,
                clearTos,
                offsetMask,
                out.data());
    return out;
}

void
AhTransform::WriteHeader(SecurityAssociation& sa,
                         uint64_t sequence,
                         const IpsecIpHeader& ipHeader,
                         const uint8_t* payload,
                         size_t length,
                         uint8_t nextHeader,
                         bool clearTos,
                         uint16_t offsetMask,
                         uint8_t* out)
{
    uint32_t total = Overhead(sa);
    uint32_t icvField = total - AhHeader::FIXED_SIZE;
    FixedPart(nextHeader, total, sa.GetSpi(), static_cast<uint32_t>(sequence), out);
    uint8_t header[MAX_IP_HEADER];
    uint32_t headerLength = ImmutableHeader(ipHeader, clearTos, offsetMask, header);
    uint8_t* icv = out + AhHeader::FIXED_SIZE;
    std::fill_n(icv, icvField, 0);
    if (sa.GetAead())
    {
        // GMAC IV: the 64-bit sequence number, unique per SA as RFC 4543 §3.1 requires.
        for (int i = 0; i < 8; ++i)
        {
            icv[i] = static_cast<uint8_t>(sequence >> (56 - 8 * i));
        }
    }
    ComputeIcv(sa, sequence, header, headerLength, out, icvField, payload, length, icv);
}

AhTransform::Result
AhTransform::Decapsulate(SecurityAssociation& sa,
                         const IpsecIpHeader& ipHeader,
                         const IpsecBytes& packet,
                         bool clearTos,
                         uint16_t offsetMask)
{
    IpsecSettings settings;
    settings.ahClearTos = clearTos;
    settings.ahOffsetMask = offsetMask;
    IpsecBytes bytes = packet; // AH verifies without writing; Input() takes the datapath's buffer
    return IpsecTransform::Of(IpsecProtocol::AH).Input(sa, ipHeader, settings, bytes);
}

uint32_t
AhTransform::GetHeaderMinimum() const
{
    return AhHeader::FIXED_SIZE; // next header, length, reserved, SPI, sequence number
}

uint32_t
AhTransform::ReadSpi(const uint8_t* bytes) const
{
    return GetU32(bytes + 4);
}

uint32_t
AhTransform::ReadSequence(const uint8_t* bytes) const
{
    return GetU32(bytes + 8);
}

bool
AhTransform::CheckShape(const SecurityAssociation& sa, const IpsecBytes& packet) const
{
    uint32_t expected = Overhead(sa);
    return packet.size() >= AhHeader::FIXED_SIZE && (uint32_t(packet[1]) + 2) * 4 == expected
        && packet.size() >= expected;
}

AhTransform::Result
AhTransform::Open(SecurityAssociation& sa,
                  const IpsecIpHeader& outer,
                  const IpsecSettings& settings,
                  IpsecBytes& packet,
                  uint64_t seq) const
{
    Result r;
    uint32_t expected = Overhead(sa);
    uint32_t icvField = expected - AhHeader::FIXED_SIZE;
    uint8_t header[MAX_IP_HEADER];
    uint32_t headerLength
        = ImmutableHeader(outer, settings.ahClearTos, settings.ahOffsetMask, header);
    if (headerLength == 0)
    {
        r.reason = IpsecDropReason::MALFORMED; // extension headers in front that do not parse
        return r;
    }
    uint8_t computed[64] = {0};
    const uint8_t* received = &packet[AhHeader::FIXED_SIZE];
    if (sa.GetAead())
    {
        std::copy_n(received, sa.GetAuthenticationAlgorithm()->ivBytes, computed); // the IV
    }
    ComputeIcv(sa,
               seq,
               header,
               headerLength,
               packet.data(),
               icvField,
               packet.data() + expected,
               packet.size() - expected,
               computed);
    if (!ipsec_crypto::ConstantTimeEqual(computed, received, sa.GetIcvSize()))
    {
        r.reason = IpsecDropReason::AUTH_FAILED;
        return r;
    }
    r.ok = true;
    r.nextHeader = packet[0];
    r.payloadOffset = expected;
    r.payloadLength = packet.size() - expected;
    return r;
}

void
AhTransform::Output(SecurityAssociation& sa,
                    uint64_t sequence,
                    IpsecIpHeader& header,
                    IpsecBytes& data,
                    IpsecBytes& spare,
                    const IpsecSettings& settings,
                    UniformRandomVariable& /* random */) const
{
    // The ICV covers the header that goes on the wire: set its final protocol and length.
    uint8_t next = header.GetProtocol();
    uint32_t total = Overhead(sa);
    header.SetProtocol(static_cast<uint8_t>(IpsecProtocol::AH));
    header.SetPayloadSize(total + data.size());
    spare.resize(total + data.size());
    std::copy(data.begin(), data.end(), spare.begin() + total);
    WriteHeader(sa,
                sequence,
                header,
                data.data(),
                data.size(),
                next,
                settings.ahClearTos,
                settings.ahOffsetMask,
                spare.data());
    std::swap(data, spare);
}

uint32_t
AhTransform::GetOverhead(const SecurityAssociation& sa, uint32_t /* payload */) const
{
    return Overhead(sa);
}

} // namespace ns3
