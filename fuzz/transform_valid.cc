/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief Fuzz harness `transform-valid`: packets with a correct ICV over fuzzed contents, so
 * that decryption, the padding checks, the next-header logic and the anti-replay window are
 * really reached, on every algorithm combination of sa-configs.h.
 *
 * One SA pair (outbound copy and inbound SA with the same keys) per input; then a sequence of
 * operations, each one packet into the inbound SA:
 *  - encapsulate: EspTransform::Encapsulate / AhTransform::Encapsulate of fuzzed payload, next
 *    header, IV, sequence number and (AH) IPv4 header, received with the AH mutable fields
 *    (TTL; TOS when cleared; fragment bits outside the offset mask) changed by the input;
 *  - trailer (ESP): a fuzzed "decrypted body" (payload, padding, pad length, next header, any
 *    length) sealed here with the SA's own engines, ICV recomputed, so bad padding and odd
 *    lengths arrive authenticated;
 *  - tamper: the previous packet with a byte flipped, cut short or extended;
 *  - replay: the previous packet again.
 *
 * Every outcome is checked against what RFC 4303/4302 say it must be, with a reference
 * anti-replay window kept here (a set of received numbers; RFC 4303 §3.4.3 and Appendix A2.2
 * for ESN): valid packets verify and give back exactly the payload and next header; bad padding
 * is refused; a tampered packet never verifies when the SA has integrity; nothing the window
 * forbids is accepted, and the module's window top follows the reference.
 *
 * The sealing here is checked once at start-up against EspTransform::Encapsulate for every
 * configuration, so a disagreement is the module's, not the harness's.
 */
#include "fuzz-input.h"
#include "sa-configs.h"

#include "ns3/ah-transform.h"
#include "ns3/esp-transform.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>

using namespace ns3;
using ipsecfuzz::FuzzInput;

namespace
{
const ipsecfuzz::SaConfig* g_config = nullptr; //!< for messages

[[noreturn]] void
Fail(const std::string& what)
{
    std::fprintf(stderr,
                 "transform-valid invariant violated (%s): %s\n",
                 g_config ? g_config->Name().c_str() : "start-up",
                 what.c_str());
    std::abort();
}

void
PutU32(uint8_t* p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

/// The reference anti-replay window: RFC 4303 §3.4.3 on a set of received sequence numbers.
struct ReferenceWindow
{
    uint32_t size = 0;       //!< W (0 = off)
    bool esn = false;        //!< extended sequence numbers
    uint64_t top = 0;        //!< highest accepted
    std::set<uint64_t> seen; //!< accepted so far

    /// RFC 4303 A2.2: the full number is the one with these low bits in [Bottom, Bottom + 2^32).
    uint64_t Infer(uint32_t low) const
    {
        if (!esn)
        {
            return low;
        }
        uint64_t w = size == 0 ? 1 : size;
        uint64_t bottom = top >= w - 1 ? top - (w - 1) : 0;
        uint64_t candidate = (bottom & ~uint64_t{0xffffffff}) | low;
        return candidate < bottom ? candidate + (uint64_t{1} << 32) : candidate;
    }

    /// \return the reason a packet with this number must be dropped, or NONE
    enum class Verdict
    {
        OK,
        ZERO,
        TOO_OLD,
        DUPLICATE
    };

    Verdict Check(uint64_t seq) const
    {
        if (size == 0)
        {
            return Verdict::OK;
        }
        if (seq == 0)
        {
            return Verdict::ZERO;
        }
        if (seq > top)
        {
            return Verdict::OK;
        }
        if (top - seq >= size)
        {
            return Verdict::TOO_OLD;
        }
        return seen.count(seq) ? Verdict::DUPLICATE : Verdict::OK;
    }

    void Accept(uint64_t seq)
    {
        seen.insert(seq);
        top = std::max(top, seq);
    }
};

IpsecDropReason
ReasonOf(ReferenceWindow::Verdict v)
{
    switch (v)
    {
        case ReferenceWindow::Verdict::ZERO:
            return IpsecDropReason::SEQUENCE_ZERO;
        case ReferenceWindow::Verdict::TOO_OLD:
            return IpsecDropReason::REPLAY_TOO_OLD;
        default:
            return IpsecDropReason::REPLAY;
    }
}

bool
IsGmac(const SecurityAssociation& sa)
{
    const IpsecAlgorithm* e = sa.GetEncryptionAlgorithm();
    return e && e->IsCombined() && !e->confidentiality;
}

/**
 * \brief RFC 4303 sealing of an arbitrary "decrypted body" (payload, padding, pad length and
 * next header as the caller wrote them) with the SA's engines.
 * \param sa outbound SA
 * \param seq full sequence number
 * \param iv the IV (the algorithm's size)
 * \param body the body; a length the cipher cannot take is sent unencrypted (the receiver must
 *        refuse it before decrypting)
 * \return the ESP bytes
 */
IpsecBytes
SealBody(SecurityAssociation& sa, uint64_t seq, const IpsecBytes& iv, const IpsecBytes& body)
{
    const IpsecAlgorithm* encr = sa.GetEncryptionAlgorithm();
    size_t ivSize = encr->ivBytes;
    size_t icvSize = sa.GetIcvSize();
    size_t n = body.size();
    IpsecBytes out(8 + ivSize + n + icvSize, 0);
    PutU32(&out[0], sa.GetSpi());
    PutU32(&out[4], static_cast<uint32_t>(seq));
    std::copy_n(iv.begin(), ivSize, out.begin() + 8);
    std::copy(body.begin(), body.end(), out.begin() + 8 + ivSize);
    uint8_t* ivp = &out[8];
    uint8_t* plain = ivp + ivSize;
    uint8_t* icv = plain + n;
    uint8_t aad[12];
    PutU32(aad, sa.GetSpi());
    size_t aadLength = 8;
    if (sa.HasExtendedSequenceNumbers())
    {
        PutU32(aad + 4, static_cast<uint32_t>(seq >> 32));
        PutU32(aad + 8, static_cast<uint32_t>(seq));
        aadLength = 12;
    }
    else
    {
        PutU32(aad + 4, static_cast<uint32_t>(seq));
    }
    bool aligned = n % std::max<uint32_t>(encr->blockBytes, 1) == 0;
    if (IpsecAead* aead = sa.GetAead())
    {
        if (IsGmac(sa))
        {
            IpsecBytes all(aad, aad + aadLength);
            all.insert(all.end(), ivp, ivp + ivSize + n);
            aead->Seal(ivp, all.data(), all.size(), nullptr, 0, icv);
        }
        else
        {
            aead->Seal(ivp, aad, aadLength, plain, n, icv);
        }
        return out;
    }
    if (aligned)
    {
        sa.GetCipher()->Encrypt(ivp, plain, n);
    }
    if (IpsecIntegrity* mac = sa.GetIntegrity())
    {
        mac->Update(out.data(), 8 + ivSize + n);
        if (sa.HasExtendedSequenceNumbers())
        {
            mac->Update(aad + 4, 4);
        }
        mac->Final(icv, icvSize);
    }
    return out;
}

/// The body Encapsulate() builds: payload, padding 1, 2, 3, ..., pad length, next header.
IpsecBytes
StandardBody(const SecurityAssociation& sa, const IpsecBytes& payload, uint8_t next)
{
    uint32_t align = EspTransform::Alignment(sa);
    size_t total = ((payload.size() + 2 + align - 1) / align) * align;
    IpsecBytes body(payload);
    uint8_t pad = static_cast<uint8_t>(total - payload.size() - 2);
    for (uint8_t i = 1; i <= pad; ++i)
    {
        body.push_back(i);
    }
    body.push_back(pad);
    body.push_back(next);
    return body;
}

/// Start-up check: SealBody() agrees with EspTransform::Encapsulate() on every configuration.
void
CheckSealerAgainstModule()
{
    for (const auto& config : ipsecfuzz::AllSaConfigs())
    {
        if (config.protocol != IpsecProtocol::ESP)
        {
            continue;
        }
        g_config = &config;
        for (bool esn : {false, true})
        {
            ipsecfuzz::SaParameters p;
            p.esn = esn;
            Ptr<SecurityAssociation> a = ipsecfuzz::MakeSa(config, p);
            Ptr<SecurityAssociation> b = ipsecfuzz::MakeSa(config, p);
            IpsecBytes payload(37);
            for (size_t i = 0; i < payload.size(); ++i)
            {
                payload[i] = static_cast<uint8_t>(i * 13);
            }
            IpsecBytes iv(16, 0xa5);
            uint64_t seq = esn ? 0x300000005ULL : 5;
            IpsecBytes module
                = EspTransform::Encapsulate(*a, seq, iv.data(), payload.data(), payload.size(), 17);
            IpsecBytes here = SealBody(*b, seq, iv, StandardBody(*b, payload, 17));
            if (module != here)
            {
                Fail(std::string("the harness's sealing differs from EspTransform::Encapsulate")
                     + (esn ? " (ESN)" : ""));
            }
        }
    }
    g_config = nullptr;
}

/// What a valid packet must give back.
struct ExpectedBody
{
    IpsecBytes data; //!< payload (or, for a trailer, the whole body)
    uint8_t next;    //!< next header (not for a trailer)
    bool trailer;    //!< data is a whole fuzzed body
};

/// One built packet, kept for tamper and replay.
struct Built
{
    ExpectedBody expected{{}, 0, false}; //!< what it must give back when valid
    IpsecBytes bytes;                    //!< ESP bytes, or AH header + payload
    Ipv4Header header;                   //!< AH: the header as received
    uint64_t seq = 0;                    //!< the sender's full sequence number
    bool valid = false;                  //!< built correctly (its ICV matches)
    bool present = false;                //!< something was built
};

class Run
{
  public:
    Run(FuzzInput& in, const ipsecfuzz::SaConfig& config)
        : m_in(in)
        , m_config(config)
    {
    }

    void Execute()
    {
        uint8_t flags = m_in.U8();
        ipsecfuzz::SaParameters p;
        p.window = ipsecfuzz::WindowSizes()[m_in.Index(ipsecfuzz::WindowSizes().size())];
        p.keyVariant = m_in.U8();
        p.keySeed = m_in.U8();
        p.esn = (flags & 0x01) != 0;
        m_checkPad = (flags & 0x02) != 0;
        m_clearTos = (flags & 0x04) != 0;
        m_out = ipsecfuzz::MakeSa(m_config, p);
        m_in_sa = ipsecfuzz::MakeSa(m_config, p);
        if (!m_out || !m_in_sa)
        {
            return;
        }
        m_ref.size = p.window;
        m_ref.esn = p.esn;
        if (flags & 0x08)
        {
            uint64_t top = p.esn ? m_in.U64() : m_in.U32();
            m_in_sa->GetReplayWindow().Accept(top); // a receiver that has seen traffic already
            m_ref.Accept(top);
        }
        if (flags & 0x10)
        {
            m_offsetMask = m_in.U16() & 0x7fff;
        }
        m_integrity
            = m_config.integrity || (m_config.encryption && m_config.encryption->IsCombined());
        for (int op = 0; op < 16 && !m_in.Empty(); ++op)
        {
            switch (m_in.U8() % 4)
            {
                case 0:
                    Encapsulate();
                    break;
                case 1:
                    if (m_config.protocol == IpsecProtocol::ESP)
                    {
                        Trailer();
                    }
                    else
                    {
                        Encapsulate();
                    }
                    break;
                case 2:
                    Tamper();
                    break;
                default:
                    Replay();
                    break;
            }
        }
    }

  private:
    uint64_t NextSequence()
    {
        uint8_t mode = m_in.U8();
        uint64_t seq;
        if (mode & 1)
        {
            seq = m_ref.esn ? m_in.U64() : m_in.U32();
        }
        else
        {
            auto delta = static_cast<int16_t>(m_in.U16());
            seq = delta < 0 && uint64_t(-delta) > m_ref.top ? 0 : m_ref.top + delta;
        }
        return m_ref.esn ? seq : static_cast<uint32_t>(seq);
    }

    /// The AH header a packet goes out with (protocol 51, final length).
    Ipv4Header HeaderFor(size_t length)
    {
        Ipv4Header h;
        h.SetSource(Ipv4Address(m_in.U32()));
        h.SetDestination(Ipv4Address(m_in.U32()));
        h.SetTos(m_in.U8());
        h.SetTtl(m_in.U8());
        h.SetIdentification(m_in.U16());
        SetFragmentField(h, m_in.U16() & 0x7fff);
        h.SetProtocol(51);
        h.SetPayloadSize(static_cast<uint16_t>(length));
        return h;
    }

    static void SetFragmentField(Ipv4Header& h, uint16_t field)
    {
        if (field & 0x4000)
        {
            h.SetDontFragment();
        }
        else
        {
            h.SetMayFragment();
        }
        if (field & 0x2000)
        {
            h.SetMoreFragments();
        }
        else
        {
            h.SetLastFragment();
        }
        h.SetFragmentOffset((field & 0x1fff) * 8);
    }

    static uint16_t FragmentField(const Ipv4Header& h)
    {
        return (h.IsDontFragment() ? 0x4000 : 0) | (h.IsLastFragment() ? 0 : 0x2000)
             | (h.GetFragmentOffset() / 8);
    }

    /// The header as the receiver sees it: mutable fields changed as the input says.
    Ipv4Header Received(const Ipv4Header& sent)
    {
        Ipv4Header h = sent;
        uint8_t changes = m_in.U8();
        if (changes & 1)
        {
            h.SetTtl(m_in.U8());
        }
        if ((changes & 2) && m_clearTos)
        {
            h.SetTos(m_in.U8());
        }
        if (changes & 4)
        {
            uint16_t mask = m_offsetMask;
            uint16_t field = (FragmentField(sent) & mask) | (m_in.U16() & 0x7fff & ~mask);
            SetFragmentField(h, field);
        }
        return h;
    }

    void Encapsulate()
    {
        uint64_t seq = NextSequence();
        uint8_t next = m_in.U8();
        IpsecBytes payload = m_in.Blob(2048);
        Built b;
        b.seq = seq;
        b.valid = true;
        b.present = true;
        if (m_config.protocol == IpsecProtocol::ESP)
        {
            IpsecBytes iv = m_in.BytesPadded(16);
            b.bytes = EspTransform::Encapsulate(*m_out,
                                                seq,
                                                iv.data(),
                                                payload.data(),
                                                payload.size(),
                                                next);
            b.expected = ExpectedBody{payload, next, false};
            Deliver(b);
        }
        else
        {
            Ipv4Header sent = HeaderFor(AhTransform::Overhead(*m_out) + payload.size());
            b.bytes = AhTransform::Encapsulate(*m_out,
                                               seq,
                                               sent,
                                               payload.data(),
                                               payload.size(),
                                               next,
                                               m_clearTos,
                                               m_offsetMask);
            b.bytes.insert(b.bytes.end(), payload.begin(), payload.end());
            b.header = Received(sent);
            b.expected = ExpectedBody{payload, next, false};
            Deliver(b);
        }
    }

    /// ESP: a fuzzed decrypted body, sealed with a correct ICV.
    void Trailer()
    {
        uint64_t seq = NextSequence();
        uint8_t shape = m_in.U8();
        IpsecBytes body = m_in.Blob(2048);
        if (shape & 1)
        {
            // Round the length to what the cipher takes, so that the padding checks are reached.
            uint32_t align = EspTransform::Alignment(*m_out);
            size_t total = std::max<size_t>(((body.size() + align - 1) / align) * align, align);
            body.resize(total, static_cast<uint8_t>(m_in.U8()));
        }
        IpsecBytes iv = m_in.BytesPadded(16);
        Built b;
        b.seq = seq;
        b.valid = true;
        b.present = true;
        b.bytes = SealBody(*m_out, seq, iv, body);
        b.expected = ExpectedBody{body, 0, true};
        Deliver(b);
    }

    void Tamper()
    {
        if (!m_last.present)
        {
            return;
        }
        Built b = m_last;
        b.valid = false;
        uint8_t how = m_in.U8() % 4;
        bool changed = false;
        if (how == 0 && !b.bytes.empty())
        {
            size_t at = m_in.U16() % b.bytes.size();
            uint8_t mask = m_in.U8();
            // The SPI of an AEAD packet is taken from the SA (the receiver found the SA by it),
            // not from these bytes, and a cipher without integrity authenticates nothing.
            bool authenticated
                = m_integrity
               && !(m_config.encryption && m_config.encryption->IsCombined() && at < 4);
            b.bytes[at] ^= mask;
            changed = mask != 0 && authenticated;
        }
        else if (how == 1 && !b.bytes.empty())
        {
            size_t keep = m_in.U16() % b.bytes.size();
            b.bytes.resize(keep);
            changed = m_integrity;
        }
        else if (how == 2)
        {
            IpsecBytes more = m_in.Blob(64);
            changed = !more.empty() && m_integrity;
            b.bytes.insert(b.bytes.end(), more.begin(), more.end());
        }
        else if (m_config.protocol == IpsecProtocol::AH)
        {
            // An immutable header field: addresses, identification, protocol, length.
            uint8_t field = m_in.U8() % 4;
            if (field == 0)
            {
                b.header.SetSource(Ipv4Address(b.header.GetSource().Get() ^ (m_in.U32() | 1)));
            }
            else if (field == 1)
            {
                b.header.SetDestination(
                    Ipv4Address(b.header.GetDestination().Get() ^ (m_in.U32() | 1)));
            }
            else if (field == 2)
            {
                b.header.SetIdentification(b.header.GetIdentification() ^ (m_in.U16() | 1));
            }
            else
            {
                b.header.SetPayloadSize(b.header.GetPayloadSize() ^ (m_in.U16() | 1));
            }
            changed = true;
        }
        Deliver(b, changed);
    }

    void Replay()
    {
        if (m_last.present)
        {
            Built b = m_last;
            Deliver(b);
        }
    }

    /**
     * \brief Decapsulate and check the outcome.
     * \param b the packet (with what it must give back, when valid)
     * \param mustFail a tampered packet that integrity protection has to catch
     */
    void Deliver(const Built& b, bool mustFail = false)
    {
        bool esp = m_config.protocol == IpsecProtocol::ESP;
        size_t seqOffset = esp ? 4 : 8;
        uint32_t low = b.bytes.size() >= seqOffset + 4
                         ? (uint32_t(b.bytes[seqOffset]) << 24)
                               | (uint32_t(b.bytes[seqOffset + 1]) << 16)
                               | (uint32_t(b.bytes[seqOffset + 2]) << 8) | b.bytes[seqOffset + 3]
                         : 0;
        uint64_t inferred = m_ref.Infer(low);
        ReferenceWindow::Verdict verdict = m_ref.Check(inferred);
        bool ok;
        uint64_t sequence;
        IpsecDropReason reason;
        IpsecBytes payload;
        uint8_t next = 0;
        if (esp)
        {
            IpsecBytes packet = b.bytes;
            EspTransform::Result r = EspTransform::Decapsulate(*m_in_sa, packet, m_checkPad);
            ok = r.ok;
            sequence = r.sequence;
            reason = r.reason;
            if (ok)
            {
                if (r.payloadOffset + r.payloadLength > packet.size())
                {
                    Fail("ESP payload beyond the packet");
                }
                payload.assign(packet.begin() + r.payloadOffset,
                               packet.begin() + r.payloadOffset + r.payloadLength);
                next = r.nextHeader;
            }
        }
        else
        {
            AhTransform::Result r
                = AhTransform::Decapsulate(*m_in_sa, b.header, b.bytes, m_clearTos, m_offsetMask);
            ok = r.ok;
            sequence = r.sequence;
            reason = r.reason;
            if (ok)
            {
                if (r.payloadOffset > b.bytes.size())
                {
                    Fail("AH payload offset beyond the packet");
                }
                payload.assign(b.bytes.begin() + r.payloadOffset, b.bytes.end());
                next = r.nextHeader;
            }
        }

        std::ostringstream ctx;
        ctx << " [sender seq " << b.seq << ", wire low " << low << ", reference top " << m_ref.top
            << ", window " << m_ref.size << (m_ref.esn ? " esn" : "") << ", " << b.bytes.size()
            << " bytes]";
        // Universal: nothing the window forbids is accepted, at the number the RFC infers.
        if (ok && sequence != inferred)
        {
            Fail("accepted with sequence " + std::to_string(sequence) + ", RFC 4303 A2.2 infers "
                 + std::to_string(inferred) + ctx.str());
        }
        if (ok && verdict != ReferenceWindow::Verdict::OK)
        {
            Fail("the anti-replay window let a replayed or too old packet through" + ctx.str());
        }
        bool replayReason = reason == IpsecDropReason::SEQUENCE_ZERO
                         || reason == IpsecDropReason::REPLAY
                         || reason == IpsecDropReason::REPLAY_TOO_OLD;
        if (!ok && replayReason
            && (verdict == ReferenceWindow::Verdict::OK || ReasonOf(verdict) != reason))
        {
            Fail("dropped as " + ToString(reason) + " but the reference window says otherwise"
                 + ctx.str());
        }
        if (ok && mustFail)
        {
            Fail("a tampered packet verified" + ctx.str());
        }

        if (b.valid && !mustFail)
        {
            ExpectValid(b, b.expected, ok, reason, payload, next, inferred, verdict, ctx.str());
        }
        if (ok)
        {
            m_ref.Accept(sequence);
        }
        if (b.valid)
        {
            m_last = b;
        }
        if (m_in_sa->GetReplayWindow().GetTop() != m_ref.top)
        {
            Fail("window top " + std::to_string(m_in_sa->GetReplayWindow().GetTop())
                 + ", reference " + std::to_string(m_ref.top) + ctx.str());
        }
    }

    void ExpectValid(const Built& b,
                     const ExpectedBody& expected,
                     bool ok,
                     IpsecDropReason reason,
                     const IpsecBytes& payload,
                     uint8_t next,
                     uint64_t inferred,
                     ReferenceWindow::Verdict verdict,
                     const std::string& ctx)
    {
        bool esp = m_config.protocol == IpsecProtocol::ESP;
        if (expected.trailer)
        {
            const IpsecBytes& body = expected.data;
            size_t n = body.size();
            uint32_t block = std::max<uint32_t>(m_out->GetEncryptionAlgorithm()->blockBytes, 1);
            if (n < 2 || n % block != 0 || n % 4 != 0)
            {
                if (ok || reason != IpsecDropReason::MALFORMED)
                {
                    Fail("a body of " + std::to_string(n) + " bytes (block " + std::to_string(block)
                         + ") was not refused as malformed" + ctx);
                }
                return;
            }
        }
        if (inferred != b.seq && m_integrity)
        {
            // The high half of an ESN is only in the ICV: the receiver's guess is wrong, so the
            // ICV must fail. (Without integrity nothing notices, and the packet counts as
            // inferred.)
            if (ok)
            {
                Fail("accepted a packet whose sequence number is outside what the window infers"
                     + ctx);
            }
            return;
        }
        if (verdict != ReferenceWindow::Verdict::OK)
        {
            if (ok || reason != ReasonOf(verdict))
            {
                Fail("expected a drop as " + ToString(ReasonOf(verdict)) + ", got "
                     + (ok ? "ok" : ToString(reason)) + ctx);
            }
            return;
        }
        IpsecBytes want = expected.data;
        uint8_t wantNext = expected.next;
        if (expected.trailer)
        {
            size_t n = want.size();
            uint8_t pad = want[n - 2];
            wantNext = want[n - 1];
            bool padOk = size_t(pad) + 2 <= n;
            for (size_t i = 0; padOk && m_checkPad && i < pad; ++i)
            {
                padOk = want[n - 2 - pad + i] == i + 1;
            }
            if (!padOk)
            {
                if (ok || reason != IpsecDropReason::DECRYPT_FAILED)
                {
                    Fail(std::string("bad padding (pad length ") + std::to_string(pad)
                         + ") not refused: " + (ok ? "ok" : ToString(reason)) + ctx);
                }
                return;
            }
            want.resize(n - 2 - pad);
        }
        if (!ok)
        {
            Fail(std::string("a valid ") + (esp ? "ESP" : "AH") + " packet was dropped as "
                 + ToString(reason) + ctx);
        }
        if (payload != want)
        {
            Fail("the payload came back different (" + std::to_string(payload.size())
                 + " bytes, sent " + std::to_string(want.size()) + ")" + ctx);
        }
        if (next != wantNext)
        {
            Fail("next header " + std::to_string(next) + ", sent " + std::to_string(wantNext)
                 + ctx);
        }
    }

    FuzzInput& m_in;
    const ipsecfuzz::SaConfig& m_config;
    Ptr<SecurityAssociation> m_out;
    Ptr<SecurityAssociation> m_in_sa;
    ReferenceWindow m_ref;
    bool m_checkPad = false;
    bool m_clearTos = false;
    uint16_t m_offsetMask = 0;
    bool m_integrity = false;
    Built m_last;
};
} // namespace

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    CheckSealerAgainstModule();
    return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzInput in(data, size);
    const auto& configs = ipsecfuzz::AllSaConfigs();
    const ipsecfuzz::SaConfig& config = configs[in.Index(configs.size())];
    g_config = &config;
    Run(in, config).Execute();
    return 0;
}
