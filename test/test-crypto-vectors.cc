/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Every algorithm engine against published test vectors (the RFCs each algorithm cites), and the
 * registry.
 */
#include "test-util.h"

#include "ns3/ipsec-algorithms.h"

#include <gtest/gtest.h>

using namespace ns3;
using ns3::test::Hex;

namespace
{
std::string
Mac(const std::string& alg, const IpsecBytes& key, const std::string& message, size_t length = 0)
{
    const IpsecAlgorithm* a = IpsecAlgorithmRegistry::Find(alg);
    EXPECT_NE(a, nullptr);
    auto mac = a->makeIntegrity(key);
    mac->Update(reinterpret_cast<const uint8_t*>(message.data()), message.size());
    IpsecBytes out(length ? length : 64);
    mac->Final(out.data(), out.size());
    return Hex(out);
}

std::string
MacBytes(const std::string& alg, const IpsecBytes& key, const IpsecBytes& message, size_t length)
{
    auto mac = IpsecAlgorithmRegistry::Find(alg)->makeIntegrity(key);
    mac->Update(message.data(), message.size());
    IpsecBytes out(length);
    mac->Final(out.data(), out.size());
    return Hex(out);
}
} // namespace

// RFC 2202 test case 2 ("Jefe"), full-length output.
TEST(HmacVectors, Rfc2202Md5AndSha1)
{
    IpsecBytes jefe{'J', 'e', 'f', 'e'};
    EXPECT_EQ(Mac("hmac-md5-96", jefe, "what do ya want for nothing?", 16),
              "750c783e6ab0b503eaa86e310a5db738");
    EXPECT_EQ(Mac("hmac-sha1-96", jefe, "what do ya want for nothing?", 20),
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

// RFC 4231 test case 2, and the truncation RFC 4868 uses.
TEST(HmacVectors, Rfc4231Sha2)
{
    IpsecBytes jefe{'J', 'e', 'f', 'e'};
    const std::string msg = "what do ya want for nothing?";
    EXPECT_EQ(Mac("hmac-sha256-128", jefe, msg, 32),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_EQ(Mac("hmac-sha384-192", jefe, msg, 48),
              "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
              "8e2240ca5e69e2c78b3239ecfab21649");
    EXPECT_EQ(Mac("hmac-sha512-256", jefe, msg, 64),
              "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
              "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    // RFC 4868 §2.7.2.1 (HMAC-SHA-256, 32-byte key 0x0b): truncated to 128 bits for IPsec.
    EXPECT_EQ(Mac("hmac-sha256-128", IpsecBytes(32, 0x0b), "Hi There", 16),
              "198a607eb44bfbc69903a0f1cf2bbdc5");
}

// RFC 3566 §4.6 test vectors, AES-XCBC-MAC-96 (full 128-bit MAC shown there).
TEST(XcbcVectors, Rfc3566)
{
    IpsecBytes key = Hex("000102030405060708090a0b0c0d0e0f");
    auto upto = [](size_t n) {
        IpsecBytes m(n);
        for (size_t i = 0; i < n; ++i)
        {
            m[i] = static_cast<uint8_t>(i);
        }
        return m;
    };
    EXPECT_EQ(MacBytes("aes-xcbc-mac-96", key, upto(0), 16), "75f0251d528ac01c4573dfd584d79f29");
    EXPECT_EQ(MacBytes("aes-xcbc-mac-96", key, upto(3), 16), "5b376580ae2f19afe7219ceef172756f");
    EXPECT_EQ(MacBytes("aes-xcbc-mac-96", key, upto(16), 16), "d2a246fa349b68a79998a4394ff7a263");
    EXPECT_EQ(MacBytes("aes-xcbc-mac-96", key, upto(20), 16), "47f51b4564966215b8985c63055ed308");
    EXPECT_EQ(MacBytes("aes-xcbc-mac-96", key, upto(32), 16), "f54f0ec8d2b9f3d36807734bd5283fd4");
    EXPECT_EQ(MacBytes("aes-xcbc-mac-96", key, upto(34), 16), "becbb3bccdb518a30677d5481fb6b4d8");
    EXPECT_EQ(MacBytes("aes-xcbc-mac-96", key, IpsecBytes(1000, 0), 12),
              "f0dafee895db30253761103b");
}

// RFC 3686 §6 test vectors #1 and #2 (AES-CTR, key material = key || nonce).
TEST(CtrVectors, Rfc3686)
{
    auto ctr = IpsecAlgorithmRegistry::Find("aes-ctr")->makeCipher(
        Hex("ae6852f8121067cc4bf7a5765577f39e 00000030"));
    IpsecBytes data = Hex("53696e676c6520626c6f636b206d7367");
    ctr->Encrypt(Hex("0000000000000000").data(), data.data(), data.size());
    EXPECT_EQ(Hex(data), "e4095d4fb7a7b3792d6175a3261311b8");

    auto ctr2 = IpsecAlgorithmRegistry::Find("aes-ctr")->makeCipher(
        Hex("7e24067817fae0d743d6ce1f32539163 006cb6db"));
    IpsecBytes data2 = Hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    IpsecBytes iv = Hex("c0543b59da48d90b");
    ctr2->Encrypt(iv.data(), data2.data(), data2.size());
    EXPECT_EQ(Hex(data2), "5104a106168a72d9790d41ee8edad388eb2e1efc46da57c8fce630df9141be28");
    ctr2->Decrypt(iv.data(), data2.data(), data2.size());
    EXPECT_EQ(Hex(data2), "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
}

// RFC 8439 §2.8.2: the nonce 07000000 || 4041424344454647 is exactly salt || IV of RFC 7634.
TEST(AeadVectors, ChaCha20Poly1305Rfc8439)
{
    IpsecBytes key = Hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    auto aead = ns3::ipsec_crypto::MakeChaCha20Poly1305(key, Hex("07000000"), 16);
    std::string text = "Ladies and Gentlemen of the class of '99: If I could offer you only one "
                       "tip for the future, sunscreen would be it.";
    IpsecBytes data(text.begin(), text.end());
    IpsecBytes aad = Hex("50515253c0c1c2c3c4c5c6c7");
    IpsecBytes iv = Hex("4041424344454647");
    IpsecBytes tag(16);
    aead->Seal(iv.data(), aad.data(), aad.size(), data.data(), data.size(), tag.data());
    EXPECT_EQ(Hex(data),
              "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
              "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
              "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
              "3ff4def08e4b7a9de576d26586cec64b6116");
    EXPECT_EQ(Hex(tag), "1ae10b594f09e26a7e902ecbd0600691");
    ASSERT_TRUE(
        aead->Open(iv.data(), aad.data(), aad.size(), data.data(), data.size(), tag.data()));
    EXPECT_EQ(std::string(data.begin(), data.end()), text);
    tag[0] ^= 1;
    EXPECT_FALSE(
        aead->Open(iv.data(), aad.data(), aad.size(), data.data(), data.size(), tag.data()));
}

// Every combined mode: seal/open round trip, and a flipped bit anywhere is refused.
TEST(AeadVectors, RoundTripAndTamperForEveryCombinedMode)
{
    for (const auto& alg : IpsecAlgorithmRegistry::All())
    {
        if (alg.kind != IpsecAlgorithmKind::AEAD)
        {
            continue;
        }
        IpsecBytes key(alg.keyBitsDefault / 8, 0x42);
        IpsecBytes salt(alg.saltBytes, 0x17);
        auto aead = alg.makeAead(key, salt, alg.icvBytes);
        IpsecBytes data(100, 0x33);
        IpsecBytes aad = Hex("0000100000000001");
        IpsecBytes iv = Hex("0000000000000001");
        IpsecBytes tag(alg.icvBytes);
        aead->Seal(iv.data(), aad.data(), aad.size(), data.data(), data.size(), tag.data());
        if (alg.confidentiality)
        {
            EXPECT_NE(data, IpsecBytes(100, 0x33)) << alg.name;
        }
        IpsecBytes copy = data;
        EXPECT_TRUE(
            aead->Open(iv.data(), aad.data(), aad.size(), copy.data(), copy.size(), tag.data()))
            << alg.name;
        EXPECT_EQ(copy, IpsecBytes(100, 0x33)) << alg.name;
        aad[7] ^= 1;
        copy = data;
        EXPECT_FALSE(
            aead->Open(iv.data(), aad.data(), aad.size(), copy.data(), copy.size(), tag.data()))
            << alg.name;
    }
}

TEST(Registry, NamesAliasesAndIds)
{
    EXPECT_EQ(IpsecAlgorithmRegistry::Find("AES")->name, "aes-cbc");          // illumos
    EXPECT_EQ(IpsecAlgorithmRegistry::Find("rijndael-cbc")->name, "aes-cbc"); // setkey
    EXPECT_EQ(IpsecAlgorithmRegistry::Find("hmac-sha2-256")->name, "hmac-sha256-128");
    EXPECT_EQ(IpsecAlgorithmRegistry::Find("sha")->name, "hmac-sha1-96");
    EXPECT_EQ(IpsecAlgorithmRegistry::Find("3des")->name, "3des-cbc");
    EXPECT_EQ(IpsecAlgorithmRegistry::FindByIkev2Id(true, 20)->name, "aes-gcm-16");
    EXPECT_EQ(IpsecAlgorithmRegistry::FindByIkev2Id(false, 12)->name, "hmac-sha256-128");
    EXPECT_EQ(IpsecAlgorithmRegistry::Find("rot13"), nullptr);
    EXPECT_EQ(IpsecAlgorithmRegistry::FindEncryption("hmac-md5"), nullptr);
    EXPECT_EQ(IpsecAlgorithmRegistry::Find("aes-cbc")->wiresharkName, "AES-CBC [RFC3602]");
    EXPECT_EQ(IpsecAlgorithmRegistry::All().size(), 21u);
}

TEST(Registry, KeyLengthChecks)
{
    const IpsecAlgorithm* aes = IpsecAlgorithmRegistry::Find("aes-cbc");
    EXPECT_EQ(aes->CheckKeyLength(16), "");
    EXPECT_EQ(aes->CheckKeyLength(24), "");
    EXPECT_EQ(aes->CheckKeyLength(32), "");
    EXPECT_NE(aes->CheckKeyLength(20), "");
    const IpsecAlgorithm* gcm = IpsecAlgorithmRegistry::Find("aes-gcm-16");
    EXPECT_EQ(gcm->CheckKeyLength(20), ""); // 128-bit key + 32-bit salt
    EXPECT_NE(gcm->CheckKeyLength(16), "");
    EXPECT_EQ(gcm->DefaultKeyMaterialBytes(), 20u);
    const IpsecAlgorithm* bf = IpsecAlgorithmRegistry::Find("blowfish");
    EXPECT_EQ(bf->CheckKeyLength(5), "");
    EXPECT_EQ(bf->CheckKeyLength(56), "");
    EXPECT_NE(bf->CheckKeyLength(57), "");
    EXPECT_NE(IpsecAlgorithmRegistry::Find("sha1")->CheckKeyLength(16).find("160"),
              std::string::npos);
}
