/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ah-transform.h"

#include "ah-header.h"
#include "ipsec-byte-order.h"
#include "ipsec-settings.h"

#include "ns3/buffer.h"

#include <algorithm>

namespace ns3
{

namespace
{
using ipsec_bytes::GetU32;
using ipsec_bytes::PutU32;

/// The IPv4 header as the ICV sees it (mutable fields zeroed or masked).
void
ImmutableHeader(const Ipv4Header& header, bool clearTos, uint16_t offsetMask, uint8_t out[20])
{
    Ipv4Header h = header;
    Buffer buffer;
    buffer.AddAtStart(h.GetSerializedSize());
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

/// Computes the ICV field content (GMAC: IV || tag) into `icv`.
void
ComputeIcv(SecurityAssociation& sa,
           uint64_t sequence,
           const uint8_t ipHeader[20],
           const uint8_t fixed[12],
           uint32_t icvFieldLength,
           const uint8_t* payload,
           size_t length,
           uint8_t* icv)
{
    const IpsecAlgorithm* alg = sa.GetAuthenticationAlgorithm();
    if (IpsecAead* gmac = sa.GetAead())
    {
        // RFC 4543 §3.5: the ICV field carries IV || tag; the AAD has that field zeroed.
        IpsecBytes aad(ipHeader, ipHeader + 20);
        aad.insert(aad.end(), fixed, fixed + 12);
        aad.insert(aad.end(), icvFieldLength, 0);
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
    mac->Update(ipHeader, 20);
    mac->Update(fixed, 12);
    mac->Update(zeros, icvFieldLength);
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
    return AhHeader::SizeFor(sa.GetIcvSize());
}

IpsecBytes
AhTransform::Encapsulate(SecurityAssociation& sa,
                         uint64_t sequence,
                         const Ipv4Header& ipHeader,
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
                         const Ipv4Header& ipHeader,
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
    uint8_t header[20];
    ImmutableHeader(ipHeader, clearTos, offsetMask, header);
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
    ComputeIcv(sa, sequence, header, out, icvField, payload, length, icv);
}

AhTransform::Result
AhTransform::Decapsulate(SecurityAssociation& sa,
                         const Ipv4Header& ipHeader,
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
    uint8_t header[20];
    ImmutableHeader(outer.GetIpv4(), settings.ahClearTos, settings.ahOffsetMask, header);
    uint8_t computed[64] = {0};
    const uint8_t* received = &packet[AhHeader::FIXED_SIZE];
    if (sa.GetAead())
    {
        std::copy_n(received, sa.GetAuthenticationAlgorithm()->ivBytes, computed); // the IV
    }
    ComputeIcv(sa,
               seq,
               header,
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
                header.GetIpv4(), // AH over IPv6 is not implemented: the stages never ask for it
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
