/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IKEv2 suites and proposals: strongSwan proposal strings and Solaris ikesa_xform blocks
 * (accepted, refused with the position of the bad token), wire round trips, the responder's
 * choice (NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD) and the initiator's check of the reply, key
 * sizes and Wireshark names.
 */
#include "test-util.h"

#include "ns3/ikev2-child-suite.h"
#include "ns3/ikev2-ike-suite.h"
#include "ns3/ikev2-proposal-selector.h"
#include "ns3/ikev2-proposal-spec.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{
using T = Ikev2TransformType;
using ReplyError = Ikev2ProposalSelector::ReplyError;
const Ikev2ProtocolId IKE = Ikev2ProtocolId::IKE;
const Ikev2ProtocolId ESP = Ikev2ProtocolId::ESP;

std::vector<Ikev2ProposalSpec>
Parse(const std::string& text, Ikev2ProtocolId protocol)
{
    std::vector<Ikev2ProposalSpec> specs;
    Ikev2ProposalSpec::Error error = Ikev2ProposalSpec::ParseStrongswan(text, protocol, specs);
    EXPECT_TRUE(error.Ok()) << text << ": " << error.message;
    return specs;
}

Ikev2ProposalSpec::Error
Refuse(const std::string& text, Ikev2ProtocolId protocol)
{
    std::vector<Ikev2ProposalSpec> specs;
    Ikev2ProposalSpec::Error error = Ikev2ProposalSpec::ParseStrongswan(text, protocol, specs);
    EXPECT_FALSE(error.Ok()) << text;
    EXPECT_TRUE(specs.empty()) << text;
    return error;
}

std::vector<Ikev2Proposal>
Wire(const std::vector<Ikev2ProposalSpec>& specs, const IpsecBytes& spi = {})
{
    std::vector<Ikev2Proposal> proposals;
    for (size_t i = 0; i < specs.size(); ++i)
    {
        proposals.push_back(specs[i].ToProposal(static_cast<uint8_t>(i + 1), spi));
    }
    return proposals;
}
} // namespace

// ------------------------------------------------------------------------- strongSwan strings

TEST(Ikev2ProposalSpec, ClassicIkeProposalImpliesThePrf)
{
    auto specs = Parse("aes128-sha256-modp2048", IKE);
    ASSERT_EQ(specs.size(), 1u);
    EXPECT_EQ(specs[0].protocol, IKE);
    std::vector<Ikev2Transform> expected{{T::ENCR, 12, 128},
                                         {T::PRF, 5, 0},
                                         {T::INTEG, 12, 0},
                                         {T::DH, 14, 0}};
    EXPECT_EQ(specs[0].transforms, expected);
    EXPECT_EQ(specs[0].ToString(), "aes128-prfsha256-sha256-modp2048");
}

TEST(Ikev2ProposalSpec, AeadIkeProposals)
{
    auto specs = Parse("aes256gcm16-prfsha384-ecp256", IKE);
    ASSERT_EQ(specs.size(), 1u);
    std::vector<Ikev2Transform> expected{{T::ENCR, 20, 256}, {T::PRF, 6, 0}, {T::DH, 19, 0}};
    EXPECT_EQ(specs[0].transforms, expected);

    // No PRF with an AEAD: PRF_HMAC_SHA2_256. x25519 is curve25519.
    specs = Parse("aes128gcm16-x25519", IKE);
    ASSERT_EQ(specs.size(), 1u);
    expected = {{T::ENCR, 20, 128}, {T::PRF, 5, 0}, {T::DH, 31, 0}};
    EXPECT_EQ(specs[0].transforms, expected);
    EXPECT_EQ(specs[0].ToString(), "aes128gcm16-prfsha256-curve25519");

    // An integrity keyword with an AEAD only names the PRF.
    specs = Parse("aes256gcm16-sha384-curve25519", IKE);
    expected = {{T::ENCR, 20, 256}, {T::PRF, 6, 0}, {T::DH, 31, 0}};
    EXPECT_EQ(specs[0].transforms, expected);
}

TEST(Ikev2ProposalSpec, SeveralAlgorithmsPerTypeKeepTheirOrder)
{
    auto specs = Parse("aes128-aes256-sha256-sha1-modp2048-ecp256", IKE);
    ASSERT_EQ(specs.size(), 1u);
    std::vector<Ikev2Transform> expected{{T::ENCR, 12, 128},
                                         {T::ENCR, 12, 256},
                                         {T::PRF, 5, 0},
                                         {T::PRF, 2, 0},
                                         {T::INTEG, 12, 0},
                                         {T::INTEG, 2, 0},
                                         {T::DH, 14, 0},
                                         {T::DH, 19, 0}};
    EXPECT_EQ(specs[0].transforms, expected);
    EXPECT_EQ(specs[0].Of(T::DH).size(), 2u);
    EXPECT_TRUE(specs[0].Contains({T::INTEG, 2, 0}));
    EXPECT_FALSE(specs[0].Contains({T::INTEG, 13, 0}));
    // The order of different kinds does not matter.
    EXPECT_EQ(Parse("modp2048-aes128-sha256-ecp256-aes256-sha1", IKE), specs);
}

TEST(Ikev2ProposalSpec, ListsAndSpaces)
{
    auto specs = Parse(" aes128-sha256-modp2048 , aes256gcm16-prfsha384-ecp256", IKE);
    ASSERT_EQ(specs.size(), 2u);
    EXPECT_EQ(specs[1].Of(T::ENCR).front(), (Ikev2Transform{T::ENCR, 20, 256}));
}

TEST(Ikev2ProposalSpec, EspProposals)
{
    auto specs = Parse("aes128gcm16", ESP);
    ASSERT_EQ(specs.size(), 1u);
    std::vector<Ikev2Transform> expected{{T::ENCR, 20, 128}, {T::ESN, 0, 0}};
    EXPECT_EQ(specs[0].transforms, expected);

    specs = Parse("aes256-sha512-ecp256-esn-noesn", ESP);
    expected
        = {{T::ENCR, 12, 256}, {T::INTEG, 14, 0}, {T::DH, 19, 0}, {T::ESN, 1, 0}, {T::ESN, 0, 0}};
    EXPECT_EQ(specs[0].transforms, expected);

    // IKE_AUTH carries no DH (RFC 7296 §1.2).
    EXPECT_EQ(specs[0].WithoutDh().ToString(), "aes256-sha512-esn-noesn");

    // ESP may use what the algorithm registry has, IKE may not.
    specs = Parse("3des-md5,chacha20poly1305,aes128ctr-aesxcbc", ESP);
    ASSERT_EQ(specs.size(), 3u);
    EXPECT_EQ(specs[1].Of(T::ENCR).front(), (Ikev2Transform{T::ENCR, 28, 0}));
    EXPECT_EQ(Refuse("3des-sha256-modp2048", IKE).position, 0u);
}

TEST(Ikev2ProposalSpec, DefaultKeyword)
{
    auto ike = Parse("default", IKE);
    ASSERT_EQ(ike.size(), 2u);
    EXPECT_EQ(ike, Ikev2ProposalSpec::Default(IKE));
    EXPECT_EQ(ike[0].ToString(),
              "aes128-aes192-aes256-prfsha256-prfsha384-prfsha512-sha256-sha384-sha512-"
              "curve25519-ecp256-modp2048");
    EXPECT_EQ(ike[1].Of(T::INTEG).size(), 0u);
    auto esp = Parse("aes256gcm16,default", ESP);
    ASSERT_EQ(esp.size(), 3u);
    EXPECT_EQ(esp[1].ToString(), "aes128gcm16-aes256gcm16-noesn");
    EXPECT_EQ(esp[2].ToString(), "aes128-aes256-sha256-sha384-sha512-noesn");
}

TEST(Ikev2ProposalSpec, RefusalsNameTheTokenAndItsPosition)
{
    struct Case
    {
        std::string text;
        Ikev2ProtocolId protocol;
        size_t position;
        std::string message;
    };
    const std::vector<Case> cases{
        {"aes129-sha256-modp2048",
         IKE,
         0,
         "unknown algorithm \"aes129\" in proposal \"aes129-sha256-modp2048\""},
        {"aes128-sha257-modp2048",
         IKE,
         7,
         "unknown algorithm \"sha257\" in proposal \"aes128-sha257-modp2048\""},
        {"aes128-sha256-modp2048, aes256-sha256-blowfish",
         IKE,
         38,
         "unknown algorithm \"blowfish\" in proposal \"aes256-sha256-blowfish\""},
        {"aes128-sha256-ecp384",
         IKE,
         14,
         "algorithm \"ecp384\" in proposal \"aes128-sha256-ecp384\" is not implemented by this "
         "model for IKE"},
        {"aes128-md5-modp2048",
         IKE,
         7,
         "algorithm \"md5\" in proposal \"aes128-md5-modp2048\" is not implemented by this model "
         "for IKE"},
        {"aes128--modp2048", IKE, 7, "empty algorithm in proposal \"aes128--modp2048\""},
        {"aes128-sha256-", IKE, 14, "empty algorithm in proposal \"aes128-sha256-\""},
        {"aes128-sha256-modp2048,,aes256-sha256-modp2048",
         IKE,
         23,
         "empty proposal in \"aes128-sha256-modp2048,,aes256-sha256-modp2048\""},
        {"", IKE, 0, "empty proposal in \"\""},
        {"aes128-sha256-aes128-modp2048",
         IKE,
         14,
         "\"aes128\" is listed twice in proposal \"aes128-sha256-aes128-modp2048\""},
        {"sha256-modp2048", IKE, 0, "proposal \"sha256-modp2048\" has no encryption algorithm"},
        {"aes128-modp2048", IKE, 0, "proposal \"aes128-modp2048\" has no integrity algorithm"},
        {"aes128-sha256", IKE, 0, "IKE proposal \"aes128-sha256\" has no DH group"},
        {"aes128-aes128gcm16-sha256-modp2048",
         IKE,
         0,
         "proposal \"aes128-aes128gcm16-sha256-modp2048\" mixes AEAD and non-AEAD encryption "
         "(RFC 7296 §3.3): use two proposals"},
        {"aes128-sha256-modp2048-esn",
         IKE,
         23,
         "\"esn\" in IKE proposal \"aes128-sha256-modp2048-esn\": ESN belongs to ESP proposals"},
        {"aes128-sha256-prfsha256",
         ESP,
         14,
         "\"prfsha256\" in ESP proposal \"aes128-sha256-prfsha256\": ESP takes no PRF"},
        {"aes128-default",
         ESP,
         7,
         "\"default\" must be a proposal of its own, not part of \"aes128-default\""},
        {"aes128gcm16-ecp384",
         ESP,
         12,
         "algorithm \"ecp384\" in proposal \"aes128gcm16-ecp384\" is not implemented by this "
         "model for ESP"},
    };
    for (const Case& c : cases)
    {
        Ikev2ProposalSpec::Error error = Refuse(c.text, c.protocol);
        EXPECT_EQ(error.position, c.position) << c.text;
        EXPECT_EQ(error.message, c.message) << c.text;
    }
}

TEST(Ikev2ProposalSpec, WireRoundTrip)
{
    for (const char* text : {"aes128-aes256-sha256-sha1-modp2048-ecp256",
                             "aes256gcm16-prfsha384-ecp256",
                             "aes192-sha512-prfsha1-curve25519"})
    {
        auto specs = Parse(text, IKE);
        ASSERT_EQ(specs.size(), 1u);
        Ikev2Proposal p = specs[0].ToProposal(3, {});
        EXPECT_EQ(p.number, 3);
        EXPECT_EQ(p.protocol, IKE);
        EXPECT_EQ(Ikev2ProposalSpec::FromProposal(p), specs[0]) << text;
    }
    // FromProposal sorts a peer's transforms into wire order.
    Ikev2Proposal p;
    p.protocol = ESP;
    p.spi = {1, 2, 3, 4};
    p.transforms = {{T::ESN, 0, 0}, {T::INTEG, 12, 0}, {T::ENCR, 12, 128}};
    Ikev2ProposalSpec spec = Ikev2ProposalSpec::FromProposal(p);
    EXPECT_EQ(spec.ToString(), "aes128-sha256-noesn");
    EXPECT_EQ(spec.ToProposal(1, p.spi).spi, p.spi);
    EXPECT_EQ(Ikev2ProposalSpec::Keyword({T::ENCR, 99, 0}), "encr99");
}

// ------------------------------------------------------------------------------ Solaris xform

TEST(Ikev2ProposalSpec, SolarisXforms)
{
    Ikev2ProposalSpec spec;
    auto error = Ikev2ProposalSpec::ParseSolarisXform(
        "{ encr_alg aes(128..128) auth_alg sha256 dh_group 19 }",
        spec);
    ASSERT_TRUE(error.Ok()) << error.message;
    EXPECT_EQ(spec.ToString(), "aes128-prfsha256-sha256-ecp256");

    error = Ikev2ProposalSpec::ParseSolarisXform("encr_alg aes-cbc ( 192 .. 256 ) auth_alg sha1 "
                                                 "dh_group 14",
                                                 spec);
    ASSERT_TRUE(error.Ok()) << error.message;
    EXPECT_EQ(spec.ToString(), "aes192-aes256-prfsha1-sha1-modp2048");

    error = Ikev2ProposalSpec::ParseSolarisXform("{ dh_group 31 encr_alg aes auth_alg sha512 }",
                                                 spec);
    ASSERT_TRUE(error.Ok()) << error.message;
    EXPECT_EQ(spec.ToString(), "aes128-aes192-aes256-prfsha512-sha512-curve25519");

    error = Ikev2ProposalSpec::ParseSolarisXform(
        "{ encr_alg aes-gcm(256) auth_alg sha384 dh_group 19 }",
        spec);
    ASSERT_TRUE(error.Ok()) << error.message;
    EXPECT_EQ(spec.ToString(), "aes256gcm16-prfsha384-ecp256");
}

TEST(Ikev2ProposalSpec, SolarisRefusals)
{
    struct Case
    {
        std::string text;
        size_t position;
        std::string message;
    };
    const std::vector<Case> cases{
        {"{ encr_alg blowfish auth_alg sha256 dh_group 14 }",
         11,
         "unknown encryption algorithm \"blowfish\" (expected aes, aes-cbc, aes-gcm, 3des)"},
        {"{ encr_alg 3des auth_alg sha256 dh_group 14 }",
         11,
         "encryption algorithm \"3des\" is not implemented by this model for IKE (aes, aes-cbc, "
         "aes-gcm are)"},
        {"{ encr_alg aes auth_alg sha256 dh_group 20 }",
         40,
         "DH group 20 is not implemented by this model (14, 19, 31 are)"},
        {"{ encr_alg aes auth_alg sha256 dh_grop 14 }",
         31,
         "unknown ikesa_xform keyword \"dh_grop\" (expected one of: auth_alg, dh_group, "
         "encr_alg)"},
        {"{ encr_alg aes auth_alg md5 dh_group 14 }",
         24,
         "authentication algorithm \"md5\" is not implemented by this model for IKE (sha1, "
         "sha256, sha384, sha512 are)"},
        {"{ encr_alg aes(64) auth_alg sha1 dh_group 14 }",
         14,
         "no AES key size (128, 192, 256) in the range given for \"aes\""},
        {"{ encr_alg aes(128.. auth_alg sha1 dh_group 14 }",
         14,
         "bad key size range for \"aes\" (expected (256) or (128..256))"},
        {"{ encr_alg aes auth_alg sha1 }", 0, "ikesa_xform without dh_group"},
        {"{ encr_alg aes auth_alg sha1 dh_group 14", 40, "ikesa_xform without its closing \"}\""},
        {"{ encr_alg aes auth_alg sha1 auth_alg sha1 dh_group 14 }",
         29,
         "auth_alg given twice in ikesa_xform"},
        {"{ encr_alg aes auth_alg sha1 dh_group 14 } x",
         43,
         "text after the closing \"}\" of ikesa_xform"},
        {"{ encr_alg aes auth_alg sha1 dh_group }", 38, "dh_group without a value"},
    };
    for (const Case& c : cases)
    {
        Ikev2ProposalSpec spec;
        auto error = Ikev2ProposalSpec::ParseSolarisXform(c.text, spec);
        EXPECT_EQ(error.message, c.message) << c.text;
        EXPECT_EQ(error.position, c.position) << c.text;
    }
}

// ------------------------------------------------------------------------------------ suites

TEST(Ikev2IkeSuite, KeySizesAndWiresharkNames)
{
    Ikev2IkeSuite gcm{20, 256, 5, 0, 31};
    EXPECT_EQ(gcm.Validate(), "");
    EXPECT_TRUE(gcm.IsAead());
    EXPECT_EQ(gcm.EncrKeyBytes(), 36u);
    EXPECT_EQ(gcm.IntegKeyBytes(), 0u);
    EXPECT_EQ(gcm.PrfKeyBytes(), 32u);
    EXPECT_EQ(gcm.IvBytes(), 8u);
    EXPECT_EQ(gcm.IcvBytes(), 16u);
    EXPECT_EQ(gcm.BlockBytes(), 1u);
    EXPECT_EQ(gcm.KeyLengths().encrBytes, 36u);
    EXPECT_EQ(gcm.ToString(), "aes256gcm16-prfsha256-curve25519");
    EXPECT_EQ(gcm.WiresharkEncr(), "AES-GCM-256 with 16 octet ICV [RFC5282]");
    EXPECT_EQ(gcm.WiresharkInteg(), "NONE [RFC4306]");

    Ikev2IkeSuite cbc{12, 128, 5, 12, 14};
    EXPECT_EQ(cbc.Validate(), "");
    EXPECT_FALSE(cbc.IsAead());
    EXPECT_EQ(cbc.EncrKeyBytes(), 16u);
    EXPECT_EQ(cbc.IntegKeyBytes(), 32u);
    EXPECT_EQ(cbc.IvBytes(), 16u);
    EXPECT_EQ(cbc.IcvBytes(), 16u);
    EXPECT_EQ(cbc.BlockBytes(), 16u);
    EXPECT_EQ(cbc.ToString(), "aes128-sha256-modp2048");
    EXPECT_EQ(cbc.WiresharkEncr(), "AES-CBC-128 [RFC3602]");
    EXPECT_EQ(cbc.WiresharkInteg(), "HMAC_SHA2_256_128 [RFC4868]");

    Ikev2IkeSuite sha1{12, 192, 7, 2, 19};
    EXPECT_EQ(sha1.IntegKeyBytes(), 20u);
    EXPECT_EQ(sha1.IcvBytes(), 12u);
    EXPECT_EQ(sha1.PrfKeyBytes(), 64u);
    EXPECT_EQ(sha1.ToString(), "aes192-sha1-prfsha512-ecp256");
    EXPECT_EQ(sha1.WiresharkEncr(), "AES-CBC-192 [RFC3602]");
    EXPECT_EQ(sha1.WiresharkInteg(), "HMAC_SHA1_96 [RFC2404]");
    EXPECT_EQ((Ikev2IkeSuite{12, 256, 6, 13, 14}).WiresharkInteg(), "HMAC_SHA2_384_192 [RFC4868]");
    EXPECT_EQ((Ikev2IkeSuite{12, 256, 7, 14, 14}).IntegKeyBytes(), 64u);
    EXPECT_EQ((Ikev2IkeSuite{12, 256, 4, 12, 14}).PrfKeyBytes(), 16u);
}

TEST(Ikev2IkeSuite, Validation)
{
    EXPECT_EQ((Ikev2IkeSuite{20, 128, 5, 12, 14}).Validate(),
              "AES-GCM is an AEAD and takes no integrity algorithm (got 12)");
    EXPECT_NE((Ikev2IkeSuite{12, 128, 5, 0, 14}).Validate(), "");
    EXPECT_NE((Ikev2IkeSuite{12, 64, 5, 12, 14}).Validate(), "");
    EXPECT_NE((Ikev2IkeSuite{3, 0, 5, 12, 14}).Validate(), "");
    EXPECT_NE((Ikev2IkeSuite{12, 128, 8, 12, 14}).Validate(), "");
    EXPECT_EQ((Ikev2IkeSuite{12, 128, 5, 12, 20}).Validate(),
              "DH group 20 is not implemented (14, 19, 31 are)");
    Ikev2IkeSuite bad{20, 128, 5, 12, 14};
    EXPECT_EQ(bad.WiresharkEncr(), "");
    EXPECT_EQ(bad.WiresharkInteg(), "");
    EXPECT_EQ(bad.CreateCipher(IpsecBytes(20, 1), IpsecBytes(32, 2)), nullptr);
}

TEST(Ikev2IkeSuite, ProposalRoundTripAndCipher)
{
    for (const Ikev2IkeSuite& suite :
         {Ikev2IkeSuite{20, 256, 5, 0, 31}, Ikev2IkeSuite{12, 128, 5, 12, 14}})
    {
        Ikev2Proposal p = suite.ToProposal(2, {});
        std::string error;
        auto back = Ikev2IkeSuite::FromProposal(p, &error);
        ASSERT_TRUE(back.has_value()) << error;
        EXPECT_EQ(*back, suite);
        EXPECT_NE(suite.CreateCipher(IpsecBytes(suite.EncrKeyBytes(), 1),
                                     IpsecBytes(suite.IntegKeyBytes(), 2)),
                  nullptr);
        EXPECT_EQ(suite.CreateCipher(IpsecBytes(suite.EncrKeyBytes() + 1, 1),
                                     IpsecBytes(suite.IntegKeyBytes(), 2)),
                  nullptr);
    }
    // An explicit INTEG NONE with an AEAD is a suite; two DH groups are not.
    Ikev2Proposal p = Ikev2IkeSuite{20, 128, 5, 0, 19}.ToProposal(1, {});
    p.transforms.push_back({T::INTEG, 0, 0});
    EXPECT_TRUE(Ikev2IkeSuite::FromProposal(p, nullptr).has_value());
    p.transforms.push_back({T::DH, 14, 0});
    std::string error;
    EXPECT_FALSE(Ikev2IkeSuite::FromProposal(p, &error).has_value());
    EXPECT_EQ(error, "2 transforms of type D-H (exactly one wanted)");
    p.protocol = ESP;
    EXPECT_FALSE(Ikev2IkeSuite::FromProposal(p, &error).has_value());
}

TEST(Ikev2ChildSuite, RegistryRowsKeymatAndNames)
{
    std::string error;
    Ikev2Proposal p;
    p.protocol = ESP;
    p.spi = {1, 2, 3, 4};
    p.transforms = {{T::ENCR, 20, 128}, {T::ESN, 0, 0}};
    auto gcm = Ikev2ChildSuite::FromProposal(p, &error);
    ASSERT_TRUE(gcm.has_value()) << error;
    EXPECT_EQ(gcm->encr, IpsecAlgorithmRegistry::Find("aes-gcm-16"));
    EXPECT_EQ(gcm->integ, nullptr);
    EXPECT_EQ(gcm->KeyLengths().encrBytes, 20u);
    EXPECT_EQ(gcm->KeymatBytes(), 40u); // the §9.1 child vector: 2 × 20 bytes
    EXPECT_EQ(gcm->ToString(), "aes128gcm16-noesn");
    EXPECT_EQ(gcm->ToProposal(1, p.spi), p);

    p.transforms = {{T::ENCR, 12, 256}, {T::INTEG, 12, 0}, {T::DH, 14, 0}, {T::ESN, 1, 0}};
    auto cbc = Ikev2ChildSuite::FromProposal(p, &error);
    ASSERT_TRUE(cbc.has_value()) << error;
    EXPECT_EQ(cbc->integ, IpsecAlgorithmRegistry::Find("hmac-sha256-128"));
    EXPECT_TRUE(cbc->esn);
    EXPECT_EQ(cbc->dh, 14);
    EXPECT_EQ(cbc->KeymatBytes(), 2u * (32 + 32));
    EXPECT_EQ(cbc->ToString(), "aes256-sha256-modp2048-esn");
    EXPECT_EQ(cbc->ToProposal(1, p.spi), p);

    // Fixed-size algorithms carry no Key Length; absent DH and ESN mean none.
    p.transforms = {{T::ENCR, 28, 0}};
    auto chacha = Ikev2ChildSuite::FromProposal(p, &error);
    ASSERT_TRUE(chacha.has_value()) << error;
    EXPECT_EQ(chacha->KeyLengths().encrBytes, 36u);
    EXPECT_FALSE(chacha->esn);
    EXPECT_EQ(chacha->dh, 0);
}

TEST(Ikev2ChildSuite, Refusals)
{
    Ikev2Proposal p;
    p.protocol = ESP;
    std::string error;
    p.transforms = {{T::ENCR, 12, 128}};
    EXPECT_FALSE(Ikev2ChildSuite::FromProposal(p, &error));
    EXPECT_EQ(error, "aes-cbc needs an integrity algorithm");
    p.transforms = {{T::ENCR, 20, 128}, {T::INTEG, 12, 0}};
    EXPECT_FALSE(Ikev2ChildSuite::FromProposal(p, &error));
    p.transforms = {{T::ENCR, 12, 100}, {T::INTEG, 12, 0}};
    EXPECT_FALSE(Ikev2ChildSuite::FromProposal(p, &error));
    p.transforms = {{T::ENCR, 12, 0}, {T::INTEG, 12, 0}};
    EXPECT_FALSE(Ikev2ChildSuite::FromProposal(p, &error));
    p.transforms = {{T::ENCR, 28, 256}};
    EXPECT_FALSE(Ikev2ChildSuite::FromProposal(p, &error));
    p.transforms = {{T::ENCR, 20, 128}, {T::DH, 20, 0}};
    EXPECT_FALSE(Ikev2ChildSuite::FromProposal(p, &error));
    p.transforms = {{T::ENCR, 20, 128}, {T::PRF, 5, 0}};
    EXPECT_FALSE(Ikev2ChildSuite::FromProposal(p, &error));
    p.transforms = {{T::ENCR, 20, 128}, {T::ENCR, 20, 256}};
    EXPECT_FALSE(Ikev2ChildSuite::FromProposal(p, &error));
    EXPECT_EQ(error, "more than one transform of type ENCR");
    p.transforms = {{T::INTEG, 12, 0}};
    EXPECT_FALSE(Ikev2ChildSuite::FromProposal(p, &error));
    p.protocol = IKE;
    EXPECT_FALSE(Ikev2ChildSuite::FromProposal(p, &error));
}

// ---------------------------------------------------------------------------------- selector

TEST(Ikev2ProposalSelector, ResponderTakesTheFirstAcceptableOfferedProposal)
{
    auto ours = Parse("aes256gcm16-prfsha256-ecp256, aes128-sha256-modp2048-curve25519", IKE);
    auto offered = Wire(Parse("aes192-sha1-modp2048, aes128-aes256-sha512-sha256-curve25519-"
                              "modp2048, aes256gcm16-prfsha256-ecp256",
                              IKE));
    auto s = Ikev2ProposalSelector::Choose(offered, ours);
    ASSERT_TRUE(s.Ok());
    EXPECT_EQ(s.offeredIndex, 1u);
    EXPECT_EQ(s.configIndex, 1u);
    EXPECT_EQ(s.chosen->number, 2);
    // One transform per type, in the initiator's order of preference.
    auto suite = Ikev2IkeSuite::FromProposal(*s.chosen, nullptr);
    ASSERT_TRUE(suite.has_value());
    EXPECT_EQ(suite->ToString(), "aes128-sha256-curve25519");
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({*s.chosen}, offered), ReplyError::NONE);
}

TEST(Ikev2ProposalSelector, NoProposalChosen)
{
    auto ours = Parse("aes256gcm16-prfsha256-ecp256", IKE);
    EXPECT_FALSE(
        Ikev2ProposalSelector::Choose(Wire(Parse("aes256gcm16-prfsha384-ecp256", IKE)), ours).Ok());
    EXPECT_FALSE(
        Ikev2ProposalSelector::Choose(Wire(Parse("aes128gcm16-prfsha256-ecp256", IKE)), ours).Ok());
    EXPECT_FALSE(Ikev2ProposalSelector::Choose({}, ours).Ok());
    EXPECT_FALSE(Ikev2ProposalSelector::Choose(Wire(Parse("aes256gcm16", ESP)), ours).Ok());
    // ESP: PFS on one side only, ESN on one side only.
    auto espOurs = Parse("aes128gcm16", ESP);
    EXPECT_FALSE(
        Ikev2ProposalSelector::Choose(Wire(Parse("aes128gcm16-modp2048", ESP)), espOurs).Ok());
    EXPECT_FALSE(Ikev2ProposalSelector::Choose(Wire(Parse("aes128gcm16-esn", ESP)), espOurs).Ok());
}

TEST(Ikev2ProposalSelector, EspChoiceEchoesNumberAndSpi)
{
    auto ours = Parse("aes128-sha256-esn-noesn, aes256gcm16-ecp256", ESP);
    IpsecBytes spi{0xc0, 0x01, 0xd0, 0x0d};
    auto offered = Wire(Parse("aes256gcm16-ecp256-modp2048-noesn", ESP), spi);
    // A peer that omits ESN and sends INTEG NONE and DH NONE.
    Ikev2Proposal bare;
    bare.number = 7;
    bare.protocol = ESP;
    bare.spi = spi;
    bare.transforms = {{T::ENCR, 12, 128}, {T::INTEG, 12, 0}, {T::DH, 0, 0}};
    offered.push_back(bare);
    auto s = Ikev2ProposalSelector::Choose(offered, ours);
    ASSERT_TRUE(s.Ok());
    EXPECT_EQ(s.chosen->number, 1);
    EXPECT_EQ(s.chosen->spi, spi);
    auto suite = Ikev2ChildSuite::FromProposal(*s.chosen, nullptr);
    ASSERT_TRUE(suite.has_value());
    EXPECT_EQ(suite->ToString(), "aes256gcm16-ecp256-noesn");

    s = Ikev2ProposalSelector::Choose({bare}, ours);
    ASSERT_TRUE(s.Ok());
    EXPECT_EQ(s.chosen->number, 7);
    std::vector<Ikev2Transform> expected{{T::ENCR, 12, 128}, {T::INTEG, 12, 0}, {T::ESN, 0, 0}};
    EXPECT_EQ(s.chosen->transforms, expected);
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({*s.chosen}, {bare}), ReplyError::NONE);
}

TEST(Ikev2ProposalSelector, InitiatorChecksTheReply)
{
    auto sent
        = Wire(Parse("aes128-aes256-sha256-modp2048-ecp256, aes128gcm16-prfsha256-ecp256", IKE));
    Ikev2Proposal good = Ikev2IkeSuite{12, 256, 5, 12, 19}.ToProposal(1, {});
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({good}, sent), ReplyError::NONE);
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({}, sent), ReplyError::NOT_ONE_PROPOSAL);
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({good, good}, sent), ReplyError::NOT_ONE_PROPOSAL);

    Ikev2Proposal r = good;
    r.number = 3;
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({r}, sent), ReplyError::UNKNOWN_NUMBER);
    r = Ikev2IkeSuite{20, 128, 5, 0, 19}.ToProposal(1, {}); // proposal 2's suite, number 1
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({r}, sent), ReplyError::TRANSFORM_NOT_OFFERED);
    r.number = 2;
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({r}, sent), ReplyError::NONE);
    r = good;
    r.transforms.push_back({T::DH, 14, 0});
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({r}, sent), ReplyError::DUPLICATE_TYPE);
    r = good;
    r.transforms.pop_back();
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({r}, sent), ReplyError::MISSING_TYPE);
    r = good;
    r.transforms.push_back({T::ESN, 0, 0});
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({r}, sent), ReplyError::TRANSFORM_NOT_OFFERED);
    r = good;
    r.transforms[0].keyLength = 192;
    EXPECT_EQ(Ikev2ProposalSelector::CheckReply({r}, sent), ReplyError::TRANSFORM_NOT_OFFERED);
    EXPECT_EQ(Ikev2ProposalSelector::ToString(ReplyError::MISSING_TYPE), "MISSING_TYPE");
}

TEST(Ikev2ProposalSelector, InvalidKeGroup)
{
    auto ours = Parse("aes128-sha256-ecp256-modp2048", IKE);
    auto offered = Wire(Parse("aes128-sha256-curve25519-modp2048-ecp256", IKE));
    auto s = Ikev2ProposalSelector::Choose(offered, ours);
    ASSERT_TRUE(s.Ok());
    // The initiator's preference: modp2048 before ecp256; its KE was curve25519 (a guess).
    EXPECT_EQ(Ikev2ProposalSelector::InvalidKeGroup(*s.chosen, 31), 14);
    EXPECT_EQ(Ikev2ProposalSelector::InvalidKeGroup(*s.chosen, 14), 0);
    EXPECT_EQ(Ikev2ProposalSelector::InvalidKeGroup(*s.chosen, 0), 14);
    auto esp
        = Ikev2ProposalSelector::Choose(Wire(Parse("aes128gcm16", ESP)), Parse("aes128gcm16", ESP));
    ASSERT_TRUE(esp.Ok());
    EXPECT_EQ(Ikev2ProposalSelector::InvalidKeGroup(*esp.chosen, 0), 0);

    EXPECT_TRUE(Ikev2ProposalSelector::MayRetryWithGroup(14, offered));
    EXPECT_FALSE(Ikev2ProposalSelector::MayRetryWithGroup(20, offered));
    EXPECT_FALSE(Ikev2ProposalSelector::MayRetryWithGroup(0, offered));
}
