/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief Fuzz harness `ikev2-message`: datagrams into Ikev2Message::Decode, the IKEv2 codec
 * alone (no node, no simulator, no keys).
 *
 * The first input byte picks how the rest is fed: raw (bit 0 clear), or with the header's
 * Length set to the datagram size and the version byte to 0x20 (bit 0 set), so that mutations
 * which change the size still reach the payload decoders behind the header checks. Bit 1 feeds
 * the bytes after the header as a decrypted SK payload chain (Ikev2Message::DecodePayloads,
 * first payload type from the header's Next Payload) instead.
 *
 * Checked beyond the sanitizers: an error's offset lies within the input; what decodes encodes
 * to the same number of bytes and decodes back to the same message (decode(encode(x)) == x);
 * the summary, selectors and identities of a decoded message print; narrowing a decoded TS
 * payload against itself gives selectors that both sides contain.
 *
 * Input: mode(1) datagram(rest).
 */
#include "ns3/ikev2-message.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace ns3;

namespace
{
[[noreturn]] void
Fail(const std::string& what)
{
    std::fprintf(stderr, "ikev2-message invariant violated: %s\n", what.c_str());
    std::abort();
}

/// Prints and narrows what the decoded payloads carry.
void
Exercise(const std::vector<Ikev2Payload>& payloads)
{
    std::string text;
    for (const Ikev2Payload& p : payloads)
    {
        text += p.ShortName();
        if (const auto* id = std::get_if<Ikev2Identity>(&p.body))
        {
            text += id->ToText();
        }
        if (const auto* ts = std::get_if<Ikev2TsBody>(&p.body))
        {
            for (const Ikev2TrafficSelector& s : ts->selectors)
            {
                text += s.ToString();
            }
            for (const Ikev2TrafficSelector& s :
                 Ikev2TrafficSelector::Narrow(ts->selectors, ts->selectors))
            {
                bool inProposal = false;
                for (const Ikev2TrafficSelector& original : ts->selectors)
                {
                    inProposal = inProposal || original.Contains(s);
                }
                if (!inProposal)
                {
                    Fail("narrowed selector " + s.ToString() + " outside the proposal");
                }
            }
        }
    }
}

/// Decodes a payload chain as an SK payload's plaintext and checks it.
void
FuzzChain(const uint8_t* data, size_t size)
{
    if (size < Ikev2Header::SIZE)
    {
        return;
    }
    auto first = static_cast<Ikev2PayloadType>(data[16]);
    std::vector<Ikev2Payload> payloads;
    Ikev2ParseResult r = Ikev2Message::DecodePayloads(first,
                                                      data + Ikev2Header::SIZE,
                                                      size - Ikev2Header::SIZE,
                                                      Ikev2Header::SIZE,
                                                      payloads,
                                                      nullptr);
    if (r.offset > size)
    {
        Fail("chain error offset " + std::to_string(r.offset) + " past " + std::to_string(size));
    }
    if (r.Ok())
    {
        Exercise(payloads);
    }
}
} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
    {
        return 0;
    }
    uint8_t mode = data[0];
    IpsecBytes datagram(data + 1, data + size);
    if ((mode & 0x01) && datagram.size() >= Ikev2Header::SIZE)
    {
        uint32_t n = static_cast<uint32_t>(datagram.size());
        datagram[Ikev2Header::VERSION_OFFSET] = Ikev2Header::VERSION;
        for (int i = 0; i < 4; ++i)
        {
            datagram[Ikev2Header::LENGTH_OFFSET + i] = static_cast<uint8_t>(n >> (24 - 8 * i));
        }
    }
    if (mode & 0x02)
    {
        FuzzChain(datagram.data(), datagram.size());
        return 0;
    }
    Ikev2Message message;
    Ikev2ParseResult r = Ikev2Message::Decode(datagram.data(), datagram.size(), message);
    if (r.offset > datagram.size())
    {
        Fail(r.ToString() + " past the end of " + std::to_string(datagram.size()) + " bytes");
    }
    if (!r.Ok())
    {
        return 0;
    }
    std::string summary = message.Summary();
    Exercise(message.payloads);
    IpsecBytes encoded = message.Encode();
    if (encoded.size() != datagram.size())
    {
        Fail("re-encoded to " + std::to_string(encoded.size()) + " bytes from "
             + std::to_string(datagram.size()) + ": " + summary);
    }
    Ikev2Message again;
    Ikev2ParseResult r2 = Ikev2Message::Decode(encoded.data(), encoded.size(), again);
    if (!r2.Ok())
    {
        Fail("re-encoded message refused: " + r2.ToString() + ": " + summary);
    }
    if (!(again == message))
    {
        Fail("decode(encode(x)) != x: " + summary + " / " + again.Summary());
    }
    return 0;
}
