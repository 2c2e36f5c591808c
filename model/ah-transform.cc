/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ah-transform.h"

#include "ah-header.h"
#include "ipsec-byte-order.h"

#include "ns3/buffer.h"

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
    uint32_t total = Overhead(sa);
    uint32_t icvField = total - AhHeader::FIXED_SIZE;
    IpsecBytes out(total, 0);
    FixedPart(nextHeader, total, sa.GetSpi(), static_cast<uint32_t>(sequence), out.data());
    uint8_t header[20];
    ImmutableHeader(ipHeader, clearTos, offsetMask, header);
    uint8_t* icv = &out[AhHeader::FIXED_SIZE];
    if (sa.GetAead())
    {
        // GMAC IV: the 64-bit sequence number, unique per SA as RFC 4543 §3.1 requires.
        for (int i = 0; i < 8; ++i)
        {
            icv[i] = static_cast<uint8_t>(sequence >> (56 - 8 * i));
        }
    }
    ComputeIcv(sa, sequence, header, out.data(), icvField, payload, length, icv);
    return out;
}

AhTransform::Result
AhTransform::Decapsulate(SecurityAssociation& sa,
                         const Ipv4Header& ipHeader,
                         const IpsecBytes& packet,
                         bool clearTos,
                         uint16_t offsetMask)
{
    Result r;
    uint32_t expected = Overhead(sa);
    if (packet.size() < AhHeader::FIXED_SIZE || (uint32_t(packet[1]) + 2) * 4 != expected
        || packet.size() < expected)
    {
        r.reason = IpsecDropReason::MALFORMED;
        return r;
    }
    uint32_t seqLow = GetU32(&packet[8]);
    ReplayWindow& window = sa.GetReplayWindow();
    uint64_t seq = window.InferSequence(seqLow);
    switch (window.Check(seq))
    {
        case ReplayWindow::Verdict::ZERO:
            r.reason = IpsecDropReason::SEQUENCE_ZERO;
            return r;
        case ReplayWindow::Verdict::TOO_OLD:
            r.reason = IpsecDropReason::REPLAY_TOO_OLD;
            return r;
        case ReplayWindow::Verdict::DUPLICATE:
            r.reason = IpsecDropReason::REPLAY;
            return r;
        case ReplayWindow::Verdict::OK:
            break;
    }
    uint32_t icvField = expected - AhHeader::FIXED_SIZE;
    uint8_t header[20];
    ImmutableHeader(ipHeader, clearTos, offsetMask, header);
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
    window.Accept(seq);
    r.ok = true;
    r.nextHeader = packet[0];
    r.payloadOffset = expected;
    r.sequence = seq;
    return r;
}

} // namespace ns3
