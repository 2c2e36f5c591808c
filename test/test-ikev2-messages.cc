/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Protected IKEv2 messages: Ikev2Message::EncodeProtected and DecodeProtected against the two SK
 * messages of doc/plans/issue19-plan.md §9.1 (decrypted and checked by tshark 4.0.17), round
 * trips with inner payloads, and every refusal (tampering, truncation, bad inner chain).
 */
#include "ikev2-test-vectors.h"
#include "test-util.h"

#include "ns3/ikev2-ike-suite.h"
#include "ns3/ikev2-message.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;
using namespace ns3::test;

namespace
{
using ProtectedError = Ikev2Message::ProtectedError;

const Ikev2IkeSuite GCM_SUITE{20, 256, 5, 0, 14};
const Ikev2IkeSuite CBC_SUITE{12, 128, 5, 12, 14};

std::unique_ptr<Ikev2SkCipher>
GcmCipher(const char* skE = GCM_SK_EI)
{
    auto c = GCM_SUITE.CreateCipher(Hex(skE), {});
    EXPECT_NE(c, nullptr);
    return c;
}

std::unique_ptr<Ikev2SkCipher>
CbcCipher()
{
    auto c = CBC_SUITE.CreateCipher(Hex(CBC_SK_EI), Hex(CBC_SK_AI));
    EXPECT_NE(c, nullptr);
    return c;
}

/// The DPD request's header: INFORMATIONAL, MID 2, from the original initiator.
Ikev2Message
Dpd()
{
    Ikev2Message m;
    m.header.spiI = 0x0123456789abcdefULL;
    m.header.spiR = 0xfedcba9876543210ULL;
    m.header.exchange = Ikev2ExchangeType::INFORMATIONAL;
    m.header.flags = Ikev2Header::FLAG_INITIATOR;
    m.header.messageId = 2;
    return m;
}

/// A Delete of two ESP SPIs and a notify, the inner payloads of a round trip.
Ikev2Message
DeleteRequest()
{
    Ikev2Message m = Dpd();
    Ikev2DeleteBody del;
    del.spis = {{0xc0, 0x01, 0xd0, 0x0d}, {0x12, 0x34, 0x56, 0x78}};
    m.payloads.push_back({Ikev2PayloadType::DELETE, false, del});
    Ikev2NotifyBody notify;
    notify.type = Ikev2NotifyType::INITIAL_CONTACT;
    m.payloads.push_back({Ikev2PayloadType::NOTIFY, false, notify});
    return m;
}

Ikev2Message::ProtectedResult
DecodeProtected(const IpsecBytes& bytes, Ikev2SkCipher& cipher, Ikev2Message& out)
{
    return Ikev2Message::DecodeProtected(bytes.data(), bytes.size(), cipher, out);
}
} // namespace

TEST(Ikev2ProtectedMessage, GcmDpdVector)
{
    auto cipher = GcmCipher();
    EXPECT_EQ(Hex(Dpd().EncodeProtected(*cipher, Hex("0000000000000001"))), GCM_DPD);

    Ikev2Message m;
    auto result = DecodeProtected(Hex(GCM_DPD), *cipher, m);
    ASSERT_TRUE(result.Ok()) << result.ToString();
    EXPECT_EQ(result.ToString(), "OK");
    EXPECT_EQ(m.header.exchange, Ikev2ExchangeType::INFORMATIONAL);
    EXPECT_EQ(m.header.messageId, 2u);
    EXPECT_TRUE(m.payloads.empty());
    EXPECT_FALSE(m.encrypted.has_value());
    EXPECT_EQ(m.Summary(), "INFORMATIONAL request 2 [ ]");
    // The responder's direction has other keys.
    EXPECT_EQ(DecodeProtected(Hex(GCM_DPD), *GcmCipher(GCM_SK_ER), m).error,
              ProtectedError::INTEGRITY_FAILED);
}

TEST(Ikev2ProtectedMessage, CbcDpdVector)
{
    auto cipher = CbcCipher();
    IpsecBytes iv(16);
    for (size_t i = 0; i < iv.size(); ++i)
    {
        iv[i] = static_cast<uint8_t>(i);
    }
    EXPECT_EQ(Hex(Dpd().EncodeProtected(*cipher, iv)), CBC_DPD);

    Ikev2Message m;
    auto result = DecodeProtected(Hex(CBC_DPD), *cipher, m);
    ASSERT_TRUE(result.Ok()) << result.ToString();
    EXPECT_EQ(m.header.spiI, 0x0123456789abcdefULL);
    EXPECT_EQ(m.header.messageId, 2u);
    EXPECT_TRUE(m.payloads.empty());
}

TEST(Ikev2ProtectedMessage, InnerPayloadsRoundTrip)
{
    for (auto& cipher : {GcmCipher(), CbcCipher()})
    {
        const Ikev2Message original = DeleteRequest();
        IpsecBytes bytes = original.EncodeProtected(*cipher, IpsecBytes(cipher->IvBytes(), 0x5a));
        Ikev2Message plain;
        ASSERT_TRUE(Ikev2Message::Decode(bytes.data(), bytes.size(), plain).Ok());
        EXPECT_EQ(plain.Summary(), "INFORMATIONAL request 2 [ E ]");
        ASSERT_TRUE(plain.encrypted.has_value());
        EXPECT_EQ(plain.encrypted->firstInner, Ikev2PayloadType::DELETE);

        Ikev2Message m;
        auto result = DecodeProtected(bytes, *cipher, m);
        ASSERT_TRUE(result.Ok()) << result.ToString();
        EXPECT_EQ(m.payloads, original.payloads);
        EXPECT_EQ(m.Summary(), "INFORMATIONAL request 2 [ D N(INIT_CONTACT) ]");
    }
}

TEST(Ikev2ProtectedMessage, TamperingFailsIntegrity)
{
    for (const auto& [hex, gcm] : {std::pair{GCM_DPD, true}, std::pair{CBC_DPD, false}})
    {
        const IpsecBytes good = Hex(hex);
        // Every byte but the header's Next Payload and the two Length fields, which the codec
        // checks first: the ICV or the tag covers the rest.
        for (size_t at = 0; at < good.size(); ++at)
        {
            if (at == 16 || (at >= 24 && at < 28) || at == 30 || at == 31)
            {
                continue;
            }
            IpsecBytes bad = good;
            bad[at] ^= 0x01;
            Ikev2Message m;
            auto cipher = gcm ? GcmCipher() : CbcCipher();
            EXPECT_EQ(DecodeProtected(bad, *cipher, m).error, ProtectedError::INTEGRITY_FAILED)
                << hex << " byte " << at;
        }
        // A request turned into a response.
        IpsecBytes bad = good;
        bad[19] ^= Ikev2Header::FLAG_RESPONSE;
        Ikev2Message m;
        auto cipher = gcm ? GcmCipher() : CbcCipher();
        EXPECT_EQ(DecodeProtected(bad, *cipher, m).error, ProtectedError::INTEGRITY_FAILED);
    }
}

TEST(Ikev2ProtectedMessage, Refusals)
{
    auto cipher = GcmCipher();
    Ikev2Message m;
    // Truncated: the header's Length no longer matches: a parse error.
    IpsecBytes bytes = Hex(GCM_DPD);
    bytes.pop_back();
    auto result = DecodeProtected(bytes, *cipher, m);
    EXPECT_EQ(result.error, ProtectedError::PARSE);
    EXPECT_EQ(result.parse.error, Ikev2ParseError::MALFORMED);
    EXPECT_EQ(result.ToString(), "PARSE: MALFORMED at 24");

    // No SK payload.
    Ikev2Message clear = Dpd();
    bytes = clear.Encode();
    EXPECT_EQ(DecodeProtected(bytes, *cipher, m).error, ProtectedError::NOT_PROTECTED);

    // Consistent lengths, but an SK body too short for IV and ICV.
    clear.encrypted = Ikev2Message::Encrypted{0, Ikev2PayloadType::NONE, false, IpsecBytes(10, 0)};
    bytes = clear.Encode();
    result = DecodeProtected(bytes, *cipher, m);
    EXPECT_EQ(result.error, ProtectedError::SK_MALFORMED);
    EXPECT_EQ(result.ToString(), "SK_MALFORMED");

    // Authentic, but the inner chain is bad: a 15-byte nonce.
    Ikev2Message badInner = Dpd();
    badInner.payloads.push_back(
        {Ikev2PayloadType::NONCE, false, Ikev2NonceBody{IpsecBytes(15, 7)}});
    bytes = badInner.EncodeProtected(*cipher, IpsecBytes(8, 1));
    result = DecodeProtected(bytes, *cipher, m);
    EXPECT_EQ(result.error, ProtectedError::INNER_MALFORMED);
    EXPECT_EQ(result.parse.error, Ikev2ParseError::BAD_NONCE_LENGTH);
    EXPECT_EQ(result.parse.payloadType, Ikev2PayloadType::NONCE);

    // An SK payload inside the SK payload.
    Ikev2Message nested = Dpd();
    nested.payloads.push_back({Ikev2PayloadType::SK, false, Ikev2RawBody{IpsecBytes(30, 0)}});
    bytes = nested.EncodeProtected(*cipher, IpsecBytes(8, 2));
    result = DecodeProtected(bytes, *cipher, m);
    EXPECT_EQ(result.error, ProtectedError::INNER_MALFORMED);
    EXPECT_EQ(result.parse.error, Ikev2ParseError::SK_NOT_LAST);

    // Authentic, but the Pad Length (1) points before the 1-byte plaintext: re-sealed GCM.
    bytes = Hex(GCM_DPD);
    const IpsecBytes skEi = Hex(GCM_SK_EI);
    auto gcm = ipsec_crypto::MakeAesGcm(IpsecBytes(skEi.begin(), skEi.begin() + 32),
                                        IpsecBytes(skEi.begin() + 32, skEi.end()),
                                        16);
    const size_t body = 32; // IKE header and SK generic header
    bytes[body + 8] = 1;
    gcm->Seal(&bytes[body], bytes.data(), body, &bytes[body + 8], 1, &bytes[body + 9]);
    EXPECT_EQ(DecodeProtected(bytes, *cipher, m).error, ProtectedError::DECRYPT_FAILED);

    EXPECT_EQ(Ikev2Message::ErrorName(ProtectedError::DECRYPT_FAILED), "DECRYPT_FAILED");
    EXPECT_EQ(Ikev2Message::ErrorName(ProtectedError::INTEGRITY_FAILED), "INTEGRITY_FAILED");
}
