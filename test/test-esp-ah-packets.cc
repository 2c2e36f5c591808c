/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Complete ESP packets from RFC 3602 §4 and draft-mcgrew-gcm-test-01, AH ICV with mutable fields,
 * headers, and the anti-replay window.
 */
#include "test-util.h"

#include "ns3/ah-header.h"
#include "ns3/ah-transform.h"
#include "ns3/esp-header.h"
#include "ns3/esp-transform.h"
#include "ns3/packet.h"
#include "ns3/replay-window.h"

#include <gtest/gtest.h>

using namespace ns3;
using ns3::test::Hex;

namespace
{
Ptr<SecurityAssociation>
EspSa(uint32_t spi, const std::string& encr, const std::string& key, const std::string& auth = "")
{
    Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(IpsecProtocol::ESP,
                                                              spi,
                                                              Ipv4Address("10.0.0.1"),
                                                              Ipv4Address("10.0.0.2"));
    sa->SetEncryption(encr, Hex(key));
    if (!auth.empty())
    {
        sa->SetAuthentication(
            auth,
            IpsecBytes(IpsecAlgorithmRegistry::Find(auth)->DefaultKeyMaterialBytes(), 0x11));
    }
    return sa;
}

struct Rfc3602Case
{
    const char* key;
    uint32_t spi;
    uint32_t seq;
    const char* iv;
    const char* payload;
    uint8_t next;
    const char* packet;
};

// RFC 3602 §4, cases 5-8: complete ESP packets, AES-128-CBC without authentication.
const Rfc3602Case kRfc3602[] = {
    {"90d382b410eeba7ad938c46cec1a82bf",
     0x4321,
     1,
     "e96e8c08ab465763fd098d45dd3ff893",
     "08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
     "202122232425262728292a2b2c2d2e2f3031323334353637",
     1,
     "0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849"
     "a4870b66cc6b9965330013b4898dc856a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c"
     "538ab50c551b874aa269add047ad2d5913ac19b7cfbad4a6"},
    {"90d382b410eeba7ad938c46cec1a82bf",
     0x4321,
     8,
     "69d08df7d203329db093fc4924e5bd80",
     "0800b5e8a80a0500a69c083d0b660e00777777777777777777777777",
     1,
     "000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109"
     "689bb379d2d750c0d915dca346a89f75"},
    {"0123456789abcdef0123456789abcdef",
     0x8765,
     2,
     "f4e765244f6407adf13dc1380f673f37",
     "45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b"
     "0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233"
     "34353637",
     4,
     "0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c"
     "237ca96cf74a93013c1b0ea1a0cf70f8e4ecaec78ac53aad7a0f022b859243c647752e94a859352b"
     "8a4d4d2decd136e5c177f132ad3fbfb2201ac9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d"},
    {"0123456789abcdef0123456789abcdef",
     0x8765,
     5,
     "85d47224b5f3dd5d2101d4ea8dffab22",
     "45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffff"
     "ffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
     4,
     "000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048f"
     "e45318e11f8a0f62ede3c3fc61203bb50f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de"
     "435e7207ed971ef3d2726d9b5ef6affc6d17a0decbb13892"},
};
} // namespace

TEST(EspPackets, Rfc3602CompletePacketsBothWays)
{
    for (const auto& c : kRfc3602)
    {
        Ptr<SecurityAssociation> out = EspSa(c.spi, "aes-cbc", c.key);
        ASSERT_EQ(out->Initialize(), "");
        IpsecBytes payload = Hex(c.payload);
        IpsecBytes iv = Hex(c.iv);
        IpsecBytes packet = EspTransform::Encapsulate(*out,
                                                      c.seq,
                                                      iv.data(),
                                                      payload.data(),
                                                      payload.size(),
                                                      c.next);
        EXPECT_EQ(Hex(packet), c.packet) << "case spi " << c.spi << " seq " << c.seq;

        Ptr<SecurityAssociation> in = EspSa(c.spi, "aes-cbc", c.key);
        ASSERT_EQ(in->Initialize(), "");
        IpsecBytes wire = Hex(c.packet);
        EspTransform::Result r = EspTransform::Decapsulate(*in, wire, true);
        ASSERT_TRUE(r.ok);
        EXPECT_EQ(r.nextHeader, c.next);
        EXPECT_EQ(r.sequence, c.seq);
        EXPECT_EQ(Hex(IpsecBytes(wire.begin() + r.payloadOffset,
                                 wire.begin() + r.payloadOffset + r.payloadLength)),
                  c.payload);
    }
}

// draft-mcgrew-gcm-test-01 §4: AES-GCM ESP packets; the first uses ESN (AAD SPI||ESN).
TEST(EspPackets, GcmTestDocumentPackets)
{
    struct Case
    {
        const char* keyAndSalt;
        uint32_t spi;
        uint64_t seq;
        bool esn;
        const char* iv;
        const char* plain; // payload || padding || pad length || next header
        const char* cipherAndTag;
    } cases[] = {
        {"4c80cdefbb5d10da906ac73c3613a634 2e443b68",
         0x4321,
         0x8765432100000000ULL,
         true,
         "4956ed7e3b244cfe",
         "45000048699a000080114db7c0a80102c0a801010a9bf15638d3010000010000"
         "00000000045f736970045f756470037369700963796265726369747902646b00"
         "0021000101020201",
         "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34"
         "cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce"
         "61bc17d768fd9732459018148f6cbe722fd04796562dfdb4"},
        {"abbccddef00112233445566778899aababbccddef00112233445566778899aab 11223344",
         0x4a2cbfe3,
         2,
         false,
         "0102030405060708",
         "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee000000000"
         "7002400020bf0000020405b40101040201020201",
         "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763"
         "748a637985771d347f0545659f14e99def842d8eb335f4eecfdbf831824b4c49"
         "15956c96"},
    };
    for (const auto& c : cases)
    {
        IpsecBytes plain = Hex(c.plain);
        // The trailer of the vector: 01 02 | pad length 2 | next header.
        uint8_t next = plain.back();
        size_t payloadLength = plain.size() - 2 - plain[plain.size() - 2];
        Ptr<SecurityAssociation> out = EspSa(c.spi, "aes-gcm-16", c.keyAndSalt);
        out->SetExtendedSequenceNumbers(c.esn);
        ASSERT_EQ(out->Initialize(), "");
        IpsecBytes iv = Hex(c.iv);
        IpsecBytes packet
            = EspTransform::Encapsulate(*out, c.seq, iv.data(), plain.data(), payloadLength, next);
        std::string header = Hex(IpsecBytes(packet.begin(), packet.begin() + 16));
        EXPECT_EQ(Hex(IpsecBytes(packet.begin() + 16, packet.end())), c.cipherAndTag);

        Ptr<SecurityAssociation> in = EspSa(c.spi, "aes-gcm-16", c.keyAndSalt);
        in->SetExtendedSequenceNumbers(c.esn);
        in->SetReplayWindow(64);
        ASSERT_EQ(in->Initialize(), "");
        if (c.esn)
        {
            in->GetReplayWindow().Accept(c.seq - 1); // receiver already in the ESN subspace
        }
        EspTransform::Result r = EspTransform::Decapsulate(*in, packet, true);
        ASSERT_TRUE(r.ok) << ToString(r.reason);
        EXPECT_EQ(r.sequence, c.seq);
        EXPECT_EQ(r.payloadLength, payloadLength);
    }
}

TEST(EspPackets, TamperWrongKeyAndTruncation)
{
    for (std::string encr :
         {"aes-cbc", "aes-gcm-16", "chacha20-poly1305", "aes-ccm-12", "aes-gmac"})
    {
        const IpsecAlgorithm* alg = IpsecAlgorithmRegistry::Find(encr);
        std::string key = Hex(IpsecBytes(alg->DefaultKeyMaterialBytes(), 0x5a));
        std::string auth = alg->IsCombined() ? "" : "hmac-sha256-128";
        Ptr<SecurityAssociation> out = EspSa(0x1000, encr, key, auth);
        ASSERT_EQ(out->Initialize(), "");
        IpsecBytes payload(100, 0xab);
        IpsecBytes iv(16, 0x01);
        IpsecBytes packet
            = EspTransform::Encapsulate(*out, 7, iv.data(), payload.data(), payload.size(), 17);

        for (size_t where : {size_t(4), size_t(20), packet.size() - 1})
        {
            Ptr<SecurityAssociation> in = EspSa(0x1000, encr, key, auth);
            ASSERT_EQ(in->Initialize(), "");
            IpsecBytes bad = packet;
            bad[where] ^= 0x80;
            EXPECT_EQ(EspTransform::Decapsulate(*in, bad, true).reason,
                      IpsecDropReason::AUTH_FAILED)
                << encr << " byte " << where;
        }
        Ptr<SecurityAssociation> wrongKey
            = EspSa(0x1000, encr, Hex(IpsecBytes(alg->DefaultKeyMaterialBytes(), 0x5b)), auth);
        ASSERT_EQ(wrongKey->Initialize(), "");
        IpsecBytes copy = packet;
        // Wrong encryption key: AEAD tags fail; with a separate (right) MAC key the ICV passes and
        // the garbage plaintext fails the padding check.
        EXPECT_EQ(EspTransform::Decapsulate(*wrongKey, copy, true).reason,
                  alg->IsCombined() ? IpsecDropReason::AUTH_FAILED
                                    : IpsecDropReason::DECRYPT_FAILED)
            << encr;
        Ptr<SecurityAssociation> in = EspSa(0x1000, encr, key, auth);
        ASSERT_EQ(in->Initialize(), "");
        IpsecBytes shortPacket(packet.begin(), packet.begin() + 10);
        EXPECT_EQ(EspTransform::Decapsulate(*in, shortPacket, true).reason,
                  IpsecDropReason::MALFORMED);
    }
}

TEST(EspPackets, PaddingAlignmentAndChecks)
{
    Ptr<SecurityAssociation> sa = EspSa(0x1000, "null", "", "hmac-sha1-96");
    ASSERT_EQ(sa->Initialize(), "");
    for (size_t n = 0; n < 12; ++n)
    {
        IpsecBytes payload(n, 0xee);
        IpsecBytes p = EspTransform::Encapsulate(*sa, n + 1, nullptr, payload.data(), n, 17);
        EXPECT_EQ((p.size() - 8 - 12) % 4, 0u); // NULL: 4-byte alignment, no IV
        EXPECT_EQ(p.size(), 8 + n + EspTransform::Overhead(*sa, n) - 8);
    }
    // Bad pad bytes with a valid ICV: refused when CheckPadding is on, accepted when off.
    Ptr<SecurityAssociation> enc = EspSa(0x1000, "null", "", "");
    EXPECT_NE(enc->Initialize(), ""); // NULL without authentication is refused
    Ptr<SecurityAssociation> noAuth = EspSa(0x2000, "aes-cbc", Hex(IpsecBytes(16, 1)));
    ASSERT_EQ(noAuth->Initialize(), "");
    IpsecBytes payload(5, 0xee);
    IpsecBytes iv(16, 0);
    IpsecBytes p = EspTransform::Encapsulate(*noAuth, 1, iv.data(), payload.data(), 5, 17);
    // decrypt, corrupt a pad byte, re-encrypt: only the padding check can notice
    noAuth->GetCipher()->Decrypt(iv.data(), &p[24], p.size() - 24);
    p[24 + 5] = 9;
    noAuth->GetCipher()->Encrypt(iv.data(), &p[24], p.size() - 24);
    IpsecBytes q = p;
    EXPECT_EQ(EspTransform::Decapsulate(*noAuth, q, true).reason, IpsecDropReason::DECRYPT_FAILED);
    Ptr<SecurityAssociation> lenient = EspSa(0x2000, "aes-cbc", Hex(IpsecBytes(16, 1)));
    ASSERT_EQ(lenient->Initialize(), "");
    q = p;
    EXPECT_TRUE(EspTransform::Decapsulate(*lenient, q, false).ok);
}

TEST(SaConfiguration, ClearErrors)
{
    auto make = [](IpsecProtocol p, uint32_t spi) {
        return Create<SecurityAssociation>(p,
                                           spi,
                                           Ipv4Address("10.0.0.1"),
                                           Ipv4Address("10.0.0.2"));
    };
    auto sa = make(IpsecProtocol::ESP, 0);
    EXPECT_EQ(sa->Initialize(), "SPI 0 is invalid");
    sa = make(IpsecProtocol::ESP, 200);
    EXPECT_NE(sa->Initialize().find("reserved"), std::string::npos);
    sa = make(IpsecProtocol::ESP, 0x1000);
    sa->SetEncryption("rot13", {});
    EXPECT_NE(sa->Initialize().find("unknown encryption algorithm 'rot13'"), std::string::npos);
    sa = make(IpsecProtocol::ESP, 0x1000);
    sa->SetEncryption("aes-gcm-16", IpsecBytes(20));
    sa->SetAuthentication("hmac-sha1-96", IpsecBytes(20));
    EXPECT_NE(sa->Initialize().find("combined-mode"), std::string::npos);
    sa = make(IpsecProtocol::ESP, 0x1000);
    sa->SetEncryption("aes-cbc", IpsecBytes(15));
    EXPECT_NE(sa->Initialize().find("aes-cbc takes a key of 128..256"), std::string::npos);
    sa = make(IpsecProtocol::AH, 0x1000);
    sa->SetAuthentication("aes-cbc", IpsecBytes(16));
    EXPECT_NE(sa->Initialize().find("unknown AH authentication"), std::string::npos);
}

TEST(AhPackets, IcvCoversImmutableHeaderFieldsOnly)
{
    auto make = [](const std::string& auth, size_t keyBytes) {
        Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(IpsecProtocol::AH,
                                                                  0x3000,
                                                                  Ipv4Address("10.0.0.1"),
                                                                  Ipv4Address("10.0.0.2"));
        sa->SetAuthentication(auth, IpsecBytes(keyBytes, 0x33));
        sa->SetReplayWindow(32);
        EXPECT_EQ(sa->Initialize(), "");
        return sa;
    };
    for (auto [auth, keyBytes] : {std::make_pair("hmac-sha1-96", 20),
                                  std::make_pair("hmac-sha256-128", 32),
                                  std::make_pair("aes-xcbc-mac-96", 16),
                                  std::make_pair("aes-gmac", 20)})
    {
        Ptr<SecurityAssociation> out = make(auth, keyBytes);
        IpsecBytes payload(64, 0x77);
        Ipv4Header h;
        h.SetSource(Ipv4Address("10.0.0.1"));
        h.SetDestination(Ipv4Address("10.0.0.2"));
        h.SetProtocol(51);
        h.SetTtl(64);
        h.SetTos(0x10);
        h.SetIdentification(99);
        h.SetPayloadSize(AhTransform::Overhead(*out) + payload.size());
        IpsecBytes ah
            = AhTransform::Encapsulate(*out, 1, h, payload.data(), payload.size(), 17, true, 0);
        EXPECT_EQ(ah.size() % 4, 0u) << auth;
        EXPECT_EQ((ah[1] + 2) * 4, int(ah.size())) << auth; // payload length field
        IpsecBytes packet = ah;
        packet.insert(packet.end(), payload.begin(), payload.end());

        // Mutable fields change in transit: TTL, TOS (cleared), flags/offset (masked), checksum.
        Ipv4Header transit = h;
        transit.SetTtl(3);
        transit.SetTos(0x20);
        transit.SetDontFragment();
        Ptr<SecurityAssociation> in = make(auth, keyBytes);
        AhTransform::Result r = AhTransform::Decapsulate(*in, transit, packet, true, 0);
        ASSERT_TRUE(r.ok) << auth << " " << ToString(r.reason);
        EXPECT_EQ(r.nextHeader, 17);
        EXPECT_EQ(r.payloadOffset, ah.size());

        // An immutable field changes: the source address. AH authenticates it (ESP does not).
        Ipv4Header spoofed = h;
        spoofed.SetSource(Ipv4Address("10.0.0.66"));
        in = make(auth, keyBytes);
        EXPECT_EQ(AhTransform::Decapsulate(*in, spoofed, packet, true, 0).reason,
                  IpsecDropReason::AUTH_FAILED)
            << auth;
        // TOS counts when AhClearTos is off (RFC 1826 interoperability).
        in = make(auth, keyBytes);
        EXPECT_EQ(AhTransform::Decapsulate(*in, transit, packet, false, 0).reason,
                  IpsecDropReason::AUTH_FAILED)
            << auth;
        // Payload tampering.
        in = make(auth, keyBytes);
        IpsecBytes tampered = packet;
        tampered.back() ^= 1;
        EXPECT_EQ(AhTransform::Decapsulate(*in, h, tampered, true, 0).reason,
                  IpsecDropReason::AUTH_FAILED);
        // Replay of the accepted packet.
        in = make(auth, keyBytes);
        ASSERT_TRUE(AhTransform::Decapsulate(*in, h, packet, true, 0).ok);
        EXPECT_EQ(AhTransform::Decapsulate(*in, h, packet, true, 0).reason,
                  IpsecDropReason::REPLAY);
    }
}

TEST(AhPackets, OverIpv6TheIcvCoversTheImmutableIpv6HeaderAndTheHeaderIsEightOctetAligned)
{
    Ipv6Address src("2001:db8:1::1");
    Ipv6Address dst("2001:db8:1::2");
    auto make = [src, dst](const std::string& auth, size_t keyBytes) {
        Ptr<SecurityAssociation> sa
            = Create<SecurityAssociation>(IpsecProtocol::AH, 0x3000, src, dst);
        sa->SetAuthentication(auth, IpsecBytes(keyBytes, 0x33));
        sa->SetReplayWindow(32);
        EXPECT_EQ(sa->Initialize(), "");
        return sa;
    };
    // ICV field without padding: 12, 16, 24, 32 and GMAC's 8 + 16 bytes; over IPv6 the header
    // (12 + ICV) is padded to a multiple of 8 (RFC 4302 §2.6), over IPv4 to a multiple of 4.
    for (auto [auth, keyBytes, size] : {std::make_tuple("hmac-sha1-96", 20, 24u),
                                        std::make_tuple("hmac-sha256-128", 32, 32u),
                                        std::make_tuple("hmac-sha384-192", 48, 40u),
                                        std::make_tuple("hmac-sha512-256", 64, 48u),
                                        std::make_tuple("aes-xcbc-mac-96", 16, 24u),
                                        std::make_tuple("aes-gmac", 20, 40u)})
    {
        Ptr<SecurityAssociation> out = make(auth, keyBytes);
        ASSERT_EQ(AhTransform::Overhead(*out), size) << auth;
        IpsecBytes payload(64, 0x77);
        Ipv6Header h;
        h.SetSource(src);
        h.SetDestination(dst);
        h.SetNextHeader(51);
        h.SetHopLimit(64);
        h.SetTrafficClass(0x10);
        h.SetFlowLabel(0x12345);
        h.SetPayloadLength(AhTransform::Overhead(*out) + payload.size());
        IpsecBytes ah
            = AhTransform::Encapsulate(*out, 1, h, payload.data(), payload.size(), 17, true, 0);
        ASSERT_EQ(ah.size(), size) << auth;
        EXPECT_EQ((ah[1] + 2) * 4, int(ah.size())) << auth; // in 32-bit words minus 2, as IPv4
        IpsecBytes packet = ah;
        packet.insert(packet.end(), payload.begin(), payload.end());

        // Mutable in transit: traffic class, flow label, hop limit.
        Ipv6Header transit = h;
        transit.SetHopLimit(3);
        transit.SetTrafficClass(0x22);
        transit.SetFlowLabel(0x54321);
        Ptr<SecurityAssociation> in = make(auth, keyBytes);
        AhTransform::Result r = AhTransform::Decapsulate(*in, transit, packet, true, 0);
        ASSERT_TRUE(r.ok) << auth << " " << ToString(r.reason);
        EXPECT_EQ(r.nextHeader, 17);
        EXPECT_EQ(r.payloadOffset, ah.size());
        EXPECT_EQ(r.payloadLength, payload.size());

        // Immutable: the addresses and the payload length.
        for (int field = 0; field < 2; ++field)
        {
            Ipv6Header changed = h;
            if (field == 0)
            {
                changed.SetSource(Ipv6Address("2001:db8:1::66"));
            }
            else
            {
                changed.SetPayloadLength(h.GetPayloadLength() + 8);
            }
            in = make(auth, keyBytes);
            EXPECT_EQ(AhTransform::Decapsulate(*in, changed, packet, true, 0).reason,
                      IpsecDropReason::AUTH_FAILED)
                << auth << " field " << field;
        }
    }
}

TEST(Headers, EspAndAhRoundTrip)
{
    Ptr<Packet> p = Create<Packet>(10);
    p->AddHeader(EspHeader(0xdeadbeef, 42));
    EspHeader e;
    p->RemoveHeader(e);
    EXPECT_EQ(e.GetSpi(), 0xdeadbeef);
    EXPECT_EQ(e.GetSequence(), 42u);
    EXPECT_EQ(p->GetSize(), 10u);

    AhHeader ah;
    ah.SetNextHeader(6);
    ah.SetSpi(0x1234);
    ah.SetSequence(9);
    ah.SetIcv(IpsecBytes(12, 0xcc));
    EXPECT_EQ(ah.GetSerializedSize(), 24u);
    Ptr<Packet> q = Create<Packet>(5);
    q->AddHeader(ah);
    uint8_t raw[2];
    q->CopyData(raw, 2);
    EXPECT_EQ(raw[1], 4); // (24 / 4) - 2
    AhHeader back;
    q->RemoveHeader(back);
    EXPECT_TRUE(back.IsValid());
    EXPECT_EQ(back.GetNextHeader(), 6);
    EXPECT_EQ(back.GetSpi(), 0x1234u);
    EXPECT_EQ(back.GetIcv(), IpsecBytes(12, 0xcc));
    EXPECT_EQ(AhHeader::SizeFor(24), 36u);
    EXPECT_EQ(AhHeader::SizeFor(13), 28u); // ICV padded to 4 bytes
}

TEST(ReplayWindowTest, WindowSemantics)
{
    ReplayWindow w(64);
    EXPECT_EQ(w.Check(0), ReplayWindow::Verdict::ZERO);
    for (uint64_t s : {1, 2, 5, 3})
    {
        ASSERT_EQ(w.Check(s), ReplayWindow::Verdict::OK);
        w.Accept(s);
    }
    EXPECT_EQ(w.Check(2), ReplayWindow::Verdict::DUPLICATE);
    EXPECT_EQ(w.Check(4), ReplayWindow::Verdict::OK);
    w.Accept(100);
    EXPECT_EQ(w.Check(36), ReplayWindow::Verdict::TOO_OLD);
    EXPECT_EQ(w.Check(37), ReplayWindow::Verdict::OK);
    EXPECT_EQ(w.Check(100), ReplayWindow::Verdict::DUPLICATE);
    // Check() alone never moves the window: only Accept() (after the ICV) does.
    EXPECT_EQ(w.Check(1000), ReplayWindow::Verdict::OK);
    EXPECT_EQ(w.GetTop(), 100u);

    ReplayWindow off(0);
    off.Accept(5);
    EXPECT_EQ(off.Check(5), ReplayWindow::Verdict::OK);

    ReplayWindow big(1024);
    for (uint64_t s = 1; s <= 3000; ++s)
    {
        big.Accept(s);
    }
    EXPECT_EQ(big.Check(3000 - 1023), ReplayWindow::Verdict::DUPLICATE);
    EXPECT_EQ(big.Check(3000 - 1024), ReplayWindow::Verdict::TOO_OLD);
}

TEST(ReplayWindowTest, ExtendedSequenceNumberInference)
{
    ReplayWindow w(32, true);
    w.Accept(0xfffffff0ULL);
    EXPECT_EQ(w.InferSequence(0xfffffff5), 0xfffffff5ULL);
    EXPECT_EQ(w.InferSequence(0x00000003), 0x100000003ULL); // wrapped into the next subspace
    w.Accept(0x100000003ULL);
    EXPECT_EQ(w.InferSequence(0xfffffff8), 0xfffffff8ULL); // still inside the window, old subspace
    EXPECT_EQ(w.InferSequence(0x00000010), 0x100000010ULL);
}
