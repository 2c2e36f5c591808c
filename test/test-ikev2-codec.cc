/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The IKEv2 message codec (RFC 7296 §3): the bounded reader and writer, the header, golden
 * messages and payloads written out field by field, a table of malformed messages each refused
 * with its error and offset, charon-style summaries, identities from configuration text and
 * traffic selector narrowing.
 */
#include "test-util.h"

#include "ns3/ikev2-bytes.h"
#include "ns3/ikev2-constants.h"
#include "ns3/ikev2-header.h"
#include "ns3/ikev2-identity.h"
#include "ns3/ikev2-message.h"
#include "ns3/ikev2-parse-result.h"
#include "ns3/ikev2-payload.h"
#include "ns3/ikev2-traffic-selector.h"

#include <gtest/gtest.h>
#include <initializer_list>
#include <string>
#include <vector>

using namespace ns3;
using ns3::test::Hex;

namespace
{
/// \return the pieces, one after the other
IpsecBytes
Concat(std::initializer_list<IpsecBytes> pieces)
{
    IpsecBytes out;
    for (const IpsecBytes& piece : pieces)
    {
        out.insert(out.end(), piece.begin(), piece.end());
    }
    return out;
}

/// \return n bytes counting up from first (wrapping)
IpsecBytes
Counting(size_t n, uint8_t first)
{
    IpsecBytes out(n);
    for (size_t i = 0; i < n; ++i)
    {
        out[i] = static_cast<uint8_t>(first + i);
    }
    return out;
}

/// \return hex text with spaces as plain lower-case hex, as Hex(IpsecBytes) prints
std::string
HexText(const std::string& spaced)
{
    return Hex(Hex(spaced));
}

/// \return text as bytes
IpsecBytes
Text(const std::string& text)
{
    return IpsecBytes(text.begin(), text.end());
}

/// The KE data, nonce and NAT-D hashes of the golden IKE_SA_INIT request.
const IpsecBytes KE_DATA = Counting(256, 0x00);
const IpsecBytes NONCE = Counting(32, 0x40);
const IpsecBytes NATD_SOURCE = Counting(20, 0x80);
const IpsecBytes NATD_DESTINATION = Counting(20, 0xa0);

/// The golden IKE_SA_INIT request, written out from RFC 7296 §3 (432 bytes).
IpsecBytes
GoldenSaInit()
{
    return Concat({
        // IKE header (§3.1), offset 0
        Hex("0102030405060708"), //  0: IKE SA Initiator's SPI
        Hex("0000000000000000"), //  8: IKE SA Responder's SPI (0 in the first request)
        Hex("21"),               // 16: Next Payload = SA (33)
        Hex("20"),               // 17: MjVer 2, MnVer 0
        Hex("22"),               // 18: Exchange Type = IKE_SA_INIT (34)
        Hex("08"),               // 19: Flags = Initiator
        Hex("00000000"),         // 20: Message ID 0
        Hex("000001b0"),         // 24: Length 432
        // SA payload (§3.3), offset 28
        Hex("22"),   // 28: Next Payload = KE (34)
        Hex("00"),   // 29: C = 0, RESERVED
        Hex("0030"), // 30: Payload Length 48
        //   Proposal substructure (§3.3.1), offset 32
        Hex("00"),   // 32: Last Substruc = 0 (last proposal)
        Hex("00"),   // 33: RESERVED
        Hex("002c"), // 34: Proposal Length 44
        Hex("01"),   // 36: Proposal Num 1
        Hex("01"),   // 37: Protocol ID = IKE
        Hex("00"),   // 38: SPI Size 0 (IKE_SA_INIT)
        Hex("04"),   // 39: Num Transforms 4
        //     Transform ENCR_AES_CBC, 128-bit key (§3.3.2, §3.3.5), offset 40
        Hex("03"),       // 40: Last Substruc = 3 (more transforms)
        Hex("00"),       // 41: RESERVED
        Hex("000c"),     // 42: Transform Length 12
        Hex("01"),       // 44: Transform Type = ENCR
        Hex("00"),       // 45: RESERVED
        Hex("000c"),     // 46: Transform ID = ENCR_AES_CBC (12)
        Hex("800e0080"), // 48: attribute AF=1 type 14 (Key Length) = 128
        //     Transform PRF_HMAC_SHA2_256, offset 52
        Hex("03"),   // 52: more transforms
        Hex("00"),   // 53: RESERVED
        Hex("0008"), // 54: Transform Length 8
        Hex("02"),   // 56: Transform Type = PRF
        Hex("00"),   // 57: RESERVED
        Hex("0005"), // 58: PRF_HMAC_SHA2_256 (5)
        //     Transform AUTH_HMAC_SHA2_256_128, offset 60
        Hex("03"),   // 60: more transforms
        Hex("00"),   // 61: RESERVED
        Hex("0008"), // 62: Transform Length 8
        Hex("03"),   // 64: Transform Type = INTEG
        Hex("00"),   // 65: RESERVED
        Hex("000c"), // 66: AUTH_HMAC_SHA2_256_128 (12)
        //     Transform D-H group 14, offset 68
        Hex("00"),   // 68: Last Substruc = 0 (last transform)
        Hex("00"),   // 69: RESERVED
        Hex("0008"), // 70: Transform Length 8
        Hex("04"),   // 72: Transform Type = D-H
        Hex("00"),   // 73: RESERVED
        Hex("000e"), // 74: 2048-bit MODP group (14)
        // KE payload (§3.4), offset 76
        Hex("28"),   // 76: Next Payload = Nonce (40)
        Hex("00"),   // 77: C = 0
        Hex("0108"), // 78: Payload Length 264
        Hex("000e"), // 80: DH Group Num 14
        Hex("0000"), // 82: RESERVED
        KE_DATA,     // 84: Key Exchange Data, 256 bytes
        // Nonce payload (§3.9), offset 340
        Hex("29"),   // 340: Next Payload = Notify (41)
        Hex("00"),   // 341: C = 0
        Hex("0024"), // 342: Payload Length 36
        NONCE,       // 344: Nonce Data, 32 bytes
        // Notify NAT_DETECTION_SOURCE_IP (§3.10, §2.23), offset 376
        Hex("29"),   // 376: Next Payload = Notify (41)
        Hex("00"),   // 377: C = 0
        Hex("001c"), // 378: Payload Length 28
        Hex("00"),   // 380: Protocol ID 0
        Hex("00"),   // 381: SPI Size 0
        Hex("4004"), // 382: Notify Message Type 16388
        NATD_SOURCE, // 384: SHA-1 hash, 20 bytes
        // Notify NAT_DETECTION_DESTINATION_IP, offset 404
        Hex("00"),        // 404: Next Payload = none
        Hex("00"),        // 405: C = 0
        Hex("001c"),      // 406: Payload Length 28
        Hex("00"),        // 408: Protocol ID 0
        Hex("00"),        // 409: SPI Size 0
        Hex("4005"),      // 410: Notify Message Type 16389
        NATD_DESTINATION, // 412: SHA-1 hash, 20 bytes
    });
}

/// \return a Notify payload without SPI
Ikev2Payload
Notify(uint16_t type, const IpsecBytes& data = {})
{
    return Ikev2Payload{Ikev2PayloadType::NOTIFY,
                        false,
                        Ikev2NotifyBody{Ikev2ProtocolId::NONE, {}, type, data}};
}

/// The structure of the golden IKE_SA_INIT request.
Ikev2Message
SaInitRequest()
{
    Ikev2Message m;
    m.header.spiI = 0x0102030405060708;
    m.header.exchange = Ikev2ExchangeType::IKE_SA_INIT;
    m.header.flags = Ikev2Header::FLAG_INITIATOR;
    Ikev2Proposal proposal;
    proposal.number = 1;
    proposal.protocol = Ikev2ProtocolId::IKE;
    proposal.transforms = {{Ikev2TransformType::ENCR, 12, 128},
                           {Ikev2TransformType::PRF, 5, 0},
                           {Ikev2TransformType::INTEG, 12, 0},
                           {Ikev2TransformType::DH, 14, 0}};
    m.payloads.push_back({Ikev2PayloadType::SA, false, Ikev2SaBody{{proposal}}});
    m.payloads.push_back({Ikev2PayloadType::KE, false, Ikev2KeBody{14, KE_DATA}});
    m.payloads.push_back({Ikev2PayloadType::NONCE, false, Ikev2NonceBody{NONCE}});
    m.payloads.push_back(Notify(Ikev2NotifyType::NAT_DETECTION_SOURCE_IP, NATD_SOURCE));
    m.payloads.push_back(Notify(Ikev2NotifyType::NAT_DETECTION_DESTINATION_IP, NATD_DESTINATION));
    return m;
}

/// \return a message of the header and the payloads, encoded
IpsecBytes
Encode(Ikev2ExchangeType exchange, const std::vector<Ikev2Payload>& payloads)
{
    Ikev2Message m;
    m.header.spiI = 1;
    m.header.exchange = exchange;
    m.payloads = payloads;
    return m.Encode();
}

/// \return a message holding one payload of the type with the body bytes, encoded
IpsecBytes
OnePayload(Ikev2PayloadType type, const std::string& bodyHex)
{
    return Encode(Ikev2ExchangeType::INFORMATIONAL,
                  {Ikev2Payload{type, false, Ikev2RawBody{Hex(bodyHex)}}});
}

/// \return the bytes with one byte replaced
IpsecBytes
Set8(IpsecBytes bytes, size_t at, uint8_t value)
{
    bytes.at(at) = value;
    return bytes;
}

/// \return the bytes with a 16-bit field replaced
IpsecBytes
Set16(IpsecBytes bytes, size_t at, uint16_t value)
{
    bytes.at(at) = static_cast<uint8_t>(value >> 8);
    bytes.at(at + 1) = static_cast<uint8_t>(value);
    return bytes;
}

/// \return the bytes with the header's Length set to their size
IpsecBytes
FixLength(IpsecBytes bytes)
{
    uint32_t n = static_cast<uint32_t>(bytes.size());
    bytes = Set16(bytes, 24, static_cast<uint16_t>(n >> 16));
    return Set16(bytes, 26, static_cast<uint16_t>(n));
}

/// \return the result of decoding the bytes
Ikev2ParseResult
DecodeBytes(const IpsecBytes& bytes, Ikev2Message& out)
{
    return Ikev2Message::Decode(bytes.data(), bytes.size(), out);
}

/// \return the summary of decoding the bytes, or the error
std::string
SummaryOf(const IpsecBytes& bytes)
{
    Ikev2Message m;
    Ikev2ParseResult r = DecodeBytes(bytes, m);
    return r.Ok() ? m.Summary() : r.ToString();
}

/// \return the identity the text gives (fails the test when refused)
Ikev2Identity
Id(const std::string& text)
{
    Ikev2Identity id;
    std::string error;
    EXPECT_TRUE(Ikev2Identity::FromText(text, id, error)) << text << ": " << error;
    return id;
}

/// \return the selector the text gives (fails the test when refused)
Ikev2TrafficSelector
Ts(const std::string& text, uint8_t protocol = 0, uint16_t startPort = 0, uint16_t endPort = 65535)
{
    Ikev2TrafficSelector ts;
    EXPECT_TRUE(Ikev2TrafficSelector::FromText(text, protocol, startPort, endPort, ts)) << text;
    return ts;
}
} // namespace

// ---------------------------------------------------------------------------------- reader/writer

TEST(Ikev2CodecBytes, ReaderNeverReadsPastTheEnd)
{
    IpsecBytes data = Hex("0102030405060708090a");
    Ikev2Reader r(data.data(), data.size());
    EXPECT_EQ(r.U8(), 0x01);
    EXPECT_EQ(r.U16(), 0x0203);
    EXPECT_EQ(r.U32(), 0x04050607u);
    EXPECT_TRUE(r.Ok());
    EXPECT_EQ(r.Position(), 7u);
    EXPECT_EQ(r.Remaining(), 3u);
    EXPECT_EQ(r.U32(), 0u); // 3 bytes left
    EXPECT_FALSE(r.Ok());
    EXPECT_EQ(r.Position(), 7u); // where the failed read started
    EXPECT_EQ(r.U8(), 0);        // a failed reader stays failed
    EXPECT_FALSE(r.Ok());

    Ikev2Reader big(data.data(), data.size());
    EXPECT_EQ(big.U64(), 0x0102030405060708ull);
    EXPECT_TRUE(big.Bytes(3).empty()); // no allocation beyond the input
    EXPECT_FALSE(big.Ok());
    Ikev2Reader span(data.data(), data.size());
    span.Skip(9);
    EXPECT_EQ(span.Span(2), nullptr);
    Ikev2Reader huge(data.data(), data.size());
    huge.Skip(size_t(-1));
    EXPECT_FALSE(huge.Ok());
    Ikev2Reader exact(data.data(), data.size());
    EXPECT_EQ(Hex(exact.Bytes(10)), "0102030405060708090a");
    EXPECT_TRUE(exact.AtEnd());
}

TEST(Ikev2CodecBytes, WriterAppendsAndPatches)
{
    Ikev2Writer w;
    w.U8(0xaa);
    w.U16(0);
    w.U32(0x01020304);
    w.U64(0x1122334455667788ull);
    w.Zeros(2);
    w.Bytes(Hex("ff"));
    w.Patch16(1, 0xbeef);
    w.Patch32(3, 0xcafef00d);
    EXPECT_EQ(Hex(w.Data()), HexText("aa beef cafef00d 1122334455667788 0000 ff"));
    EXPECT_EQ(w.Size(), 18u);
}

// ------------------------------------------------------------------------------ parse result

TEST(Ikev2CodecParseResult, ToString)
{
    EXPECT_EQ(Ikev2ParseResult{}.ToString(), "OK");
    Ikev2ParseResult r{Ikev2ParseError::BAD_NONCE_LENGTH, 312, Ikev2PayloadType::NONCE};
    EXPECT_EQ(r.ToString(), "BAD_NONCE_LENGTH at 312 in Nonce");
    EXPECT_EQ((Ikev2ParseResult{Ikev2ParseError::MALFORMED, 24}.ToString()), "MALFORMED at 24");
    for (size_t e = 0; e < static_cast<size_t>(Ikev2ParseError::COUNT); ++e)
    {
        EXPECT_NE(ToString(static_cast<Ikev2ParseError>(e)), "UNKNOWN") << e;
    }
}

// ---------------------------------------------------------------------------------- constants

// The IANA numbers against their names (checked once against the IKEv2 Parameters registry).
TEST(Ikev2CodecConstants, NamesOfTheRegistry)
{
    EXPECT_EQ(ToString(Ikev2ExchangeType::IKE_SA_INIT), "IKE_SA_INIT");
    EXPECT_EQ(ToString(Ikev2ExchangeType::INFORMATIONAL), "INFORMATIONAL");
    EXPECT_EQ(ToString(static_cast<Ikev2ExchangeType>(40)), "40");
    EXPECT_EQ(ToString(Ikev2PayloadType::NONCE), "Nonce");
    EXPECT_EQ(ToString(Ikev2TransformType::DH), "D-H");
    EXPECT_EQ(ToString(Ikev2ProtocolId::ESP), "ESP");
    EXPECT_EQ(ToString(Ikev2IdType::RFC822_ADDR), "ID_RFC822_ADDR");
    EXPECT_EQ(ToString(Ikev2AuthMethod::SHARED_KEY_MIC), "SHARED_KEY_MIC");
    EXPECT_EQ(ToString(Ikev2TsType::IPV6_ADDR_RANGE), "TS_IPV6_ADDR_RANGE");

    struct
    {
        uint16_t type;
        const char* name;
        const char* shortName;
    } notifies[] = {
        {1, "UNSUPPORTED_CRITICAL_PAYLOAD", "CRIT"},
        {4, "INVALID_IKE_SPI", "INVAL_IKE_SPI"},
        {5, "INVALID_MAJOR_VERSION", "INVAL_MAJOR"},
        {7, "INVALID_SYNTAX", "INVAL_SYN"},
        {9, "INVALID_MESSAGE_ID", "INVAL_MID"},
        {11, "INVALID_SPI", "INVAL_SPI"},
        {14, "NO_PROPOSAL_CHOSEN", "NO_PROP"},
        {17, "INVALID_KE_PAYLOAD", "INVAL_KE"},
        {24, "AUTHENTICATION_FAILED", "AUTH_FAILED"},
        {34, "SINGLE_PAIR_REQUIRED", "SINGLE_PAIR"},
        {35, "NO_ADDITIONAL_SAS", "NO_ADD_SAS"},
        {36, "INTERNAL_ADDRESS_FAILURE", "INT_ADDR_FAIL"},
        {37, "FAILED_CP_REQUIRED", "FAIL_CP_REQ"},
        {38, "TS_UNACCEPTABLE", "TS_UNACCEPT"},
        {39, "INVALID_SELECTORS", "INVAL_SEL"},
        {43, "TEMPORARY_FAILURE", "TEMP_FAIL"},
        {44, "CHILD_SA_NOT_FOUND", "NO_CHILD_SA"},
        {16384, "INITIAL_CONTACT", "INIT_CONTACT"},
        {16385, "SET_WINDOW_SIZE", "SET_WINSIZE"},
        {16386, "ADDITIONAL_TS_POSSIBLE", "ADD_TS_POSS"},
        {16387, "IPCOMP_SUPPORTED", "IPCOMP_SUP"},
        {16388, "NAT_DETECTION_SOURCE_IP", "NATD_S_IP"},
        {16389, "NAT_DETECTION_DESTINATION_IP", "NATD_D_IP"},
        {16390, "COOKIE", "COOKIE"},
        {16391, "USE_TRANSPORT_MODE", "USE_TRANSP"},
        {16393, "REKEY_SA", "REKEY_SA"},
        {16394, "ESP_TFC_PADDING_NOT_SUPPORTED", "ESP_TFC_PAD_N"},
        {16395, "NON_FIRST_FRAGMENTS_ALSO", "NON_FIRST_FRAG"},
        {16396, "MOBIKE_SUPPORTED", "MOBIKE_SUP"},
        {16430, "IKEV2_FRAGMENTATION_SUPPORTED", "FRAG_SUP"},
        {16431, "SIGNATURE_HASH_ALGORITHMS", "HASH_ALG"},
    };
    for (const auto& n : notifies)
    {
        EXPECT_EQ(Ikev2NotifyTypeName(n.type), n.name) << n.type;
        EXPECT_EQ(Ikev2NotifyShortName(n.type), n.shortName) << n.type;
        EXPECT_EQ(Ikev2NotifyType::IsError(n.type), n.type < 16384) << n.type;
    }
    EXPECT_EQ(Ikev2NotifyType::COOKIE, 16390);
    EXPECT_EQ(Ikev2NotifyType::REKEY_SA, 16393);
    EXPECT_EQ(Ikev2NotifyShortName(12345), "12345");

    EXPECT_EQ(Ikev2PayloadShortName(Ikev2PayloadType::NONCE), "No");
    EXPECT_EQ(Ikev2PayloadShortName(Ikev2PayloadType::IDI), "IDi");
    EXPECT_EQ(Ikev2PayloadShortName(Ikev2PayloadType::SK), "E");
    EXPECT_EQ(Ikev2PayloadShortName(static_cast<Ikev2PayloadType>(99)), "99");
    EXPECT_TRUE(Ikev2IsKnownPayload(Ikev2PayloadType::SKF));
    EXPECT_FALSE(Ikev2IsKnownPayload(Ikev2PayloadType::NONE));
    EXPECT_FALSE(Ikev2IsKnownPayload(static_cast<Ikev2PayloadType>(49)));
}

// ------------------------------------------------------------------------------------- header

TEST(Ikev2CodecHeader, RoundTripFlagsAndVersion)
{
    Ikev2Header h;
    EXPECT_EQ(h.version, 0x20);
    EXPECT_EQ(h.GetMajorVersion(), 2);
    h.spiI = 0x8877665544332211ull;
    h.spiR = 0x0102030405060708ull;
    h.next = Ikev2PayloadType::SK;
    h.exchange = Ikev2ExchangeType::CREATE_CHILD_SA;
    h.messageId = 0xdeadbeef;
    h.length = 28;
    for (uint8_t flags : {0x00, 0x08, 0x20, 0x28})
    {
        h.flags = flags;
        Ikev2Writer w;
        h.Write(w);
        ASSERT_EQ(w.Size(), Ikev2Header::SIZE);
        EXPECT_EQ(w.Data()[19], flags);
        Ikev2Header back;
        ASSERT_TRUE(Ikev2Header::Read(w.Data().data(), w.Size(), back).Ok());
        EXPECT_EQ(back, h);
        EXPECT_EQ(back.IsInitiator(), (flags & 0x08) != 0);
        EXPECT_EQ(back.IsResponse(), (flags & 0x20) != 0);
    }
    Ikev2Writer w;
    h.Write(w);
    EXPECT_EQ(Hex(w.Data()),
              HexText("8877665544332211 0102030405060708 2e 20 24 28 deadbeef 0000001c"));
}

TEST(Ikev2CodecHeader, Errors)
{
    IpsecBytes bytes = GoldenSaInit();
    Ikev2Header h;
    EXPECT_EQ(Ikev2Header::Read(bytes.data(), 27, h).error, Ikev2ParseError::TRUNCATED);
    Ikev2ParseResult major3 = Ikev2Header::Read(Set8(bytes, 17, 0x30).data(), bytes.size(), h);
    EXPECT_EQ(major3.error, Ikev2ParseError::BAD_MAJOR_VERSION);
    EXPECT_EQ(major3.offset, 17u);
    EXPECT_EQ(h.version, 0x30); // read, for the INVALID_MAJOR_VERSION answer
    EXPECT_TRUE(Ikev2Header::Read(Set8(bytes, 17, 0x21).data(), bytes.size(), h).Ok()); // minor
    Ikev2Message m;
    IpsecBytes longer = bytes;
    longer.push_back(0);
    Ikev2ParseResult r = DecodeBytes(longer, m);
    EXPECT_EQ(r.error, Ikev2ParseError::MALFORMED);
    EXPECT_EQ(r.offset, 24u);
}

// ----------------------------------------------------------------------------- golden messages

TEST(Ikev2CodecGolden, SaInitRequest)
{
    IpsecBytes golden = GoldenSaInit();
    ASSERT_EQ(golden.size(), 432u);
    EXPECT_EQ(Hex(SaInitRequest().Encode()), Hex(golden));

    Ikev2Message m;
    Ikev2ParseResult r = DecodeBytes(golden, m);
    ASSERT_TRUE(r.Ok()) << r.ToString();
    EXPECT_EQ(m.header.spiI, 0x0102030405060708ull);
    EXPECT_EQ(m.header.spiR, 0u);
    EXPECT_EQ(m.header.next, Ikev2PayloadType::SA);
    EXPECT_EQ(m.header.length, 432u);
    EXPECT_TRUE(m.header.IsInitiator());
    EXPECT_FALSE(m.header.IsResponse());
    EXPECT_EQ(m.payloads, SaInitRequest().payloads);
    EXPECT_FALSE(m.encrypted.has_value());
    const auto& sa = std::get<Ikev2SaBody>(m.Find(Ikev2PayloadType::SA)->body);
    ASSERT_EQ(sa.proposals.size(), 1u);
    EXPECT_EQ(sa.proposals[0].transforms[0].keyLength, 128);
    EXPECT_EQ(std::get<Ikev2KeBody>(m.Find(Ikev2PayloadType::KE)->body).group, 14);
    ASSERT_NE(m.FindNotify(Ikev2NotifyType::NAT_DETECTION_DESTINATION_IP), nullptr);
    EXPECT_EQ(m.FindNotify(Ikev2NotifyType::NAT_DETECTION_DESTINATION_IP)->data, NATD_DESTINATION);
    EXPECT_EQ(m.FindNotify(Ikev2NotifyType::COOKIE), nullptr);
    EXPECT_TRUE(m.ErrorNotifies().empty());
    EXPECT_EQ(m.Summary(), "IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]");
    EXPECT_EQ(Hex(m.Encode()), Hex(golden));
}

// Several proposals: Last Substruc 2 on all but the last; SPIs of ESP and IKE rekey proposals.
TEST(Ikev2CodecGolden, SaWithEspAndRekeyProposals)
{
    Ikev2Proposal esp{1,
                      Ikev2ProtocolId::ESP,
                      Hex("c0ffee01"),
                      {{Ikev2TransformType::ENCR, 20, 256}, {Ikev2TransformType::ESN, 0, 0}}};
    Ikev2Proposal ike{2,
                      Ikev2ProtocolId::IKE,
                      Hex("1122334455667788"),
                      {{Ikev2TransformType::DH, 31, 0}}};
    Ikev2Payload sa{Ikev2PayloadType::SA, false, Ikev2SaBody{{esp, ike}}};
    Ikev2Writer w;
    sa.Encode(Ikev2PayloadType::NONE, w);
    EXPECT_EQ(Hex(w.Data()),
              HexText("00 00 003c"                      // generic header, length 60
                      " 02 00 0020 01 03 04 02"         // proposal 1 (more), 32 bytes, ESP, SPI 4
                      " c0ffee01"                       // SPI
                      " 03 00 000c 01 00 0014 800e0100" // ENCR_AES_GCM_16, 256 bits
                      " 00 00 0008 05 00 0000"          // ESN none (last transform)
                      " 00 00 0018 02 01 08 01"         // proposal 2 (last), 24 bytes, IKE, SPI 8
                      " 1122334455667788"               // SPI
                      " 00 00 0008 04 00 001f"));       // D-H curve25519
    Ikev2Payload back;
    ASSERT_TRUE(
        Ikev2Payload::Decode(Ikev2PayloadType::SA, false, w.Data().data() + 4, w.Size() - 4, back)
            .Ok());
    EXPECT_EQ(back, sa);
}

TEST(Ikev2CodecGolden, TrafficSelectorsDeleteNotifyIdAuth)
{
    struct Case
    {
        const char* name;
        Ikev2Payload payload;
        std::string bytes;
    } cases[] = {
        {"TSi with two selectors",
         {Ikev2PayloadType::TSI,
          false,
          Ikev2TsBody{{Ts("192.0.2.0/24"), Ts("198.51.100.1", 6, 80, 80)}}},
         "00 00 0028"           // generic header: last payload, length 40
         " 02 000000"           // Number of TSs 2, RESERVED
         " 07 00 0010"          // TS_IPV4_ADDR_RANGE, any protocol, Selector Length 16
         " 0000 ffff"           // ports 0-65535
         " c0000200 c00002ff"   // 192.0.2.0 - 192.0.2.255
         " 07 06 0010"          // TS_IPV4_ADDR_RANGE, TCP, 16
         " 0050 0050"           // port 80
         " c6336401 c6336401"}, // 198.51.100.1
        {"Delete ESP with two SPIs",
         {Ikev2PayloadType::DELETE,
          false,
          Ikev2DeleteBody{Ikev2ProtocolId::ESP, 4, {Hex("11223344"), Hex("55667788")}}},
         "00 00 0010"           // generic header, length 16
         " 03 04 0002"          // Protocol ID ESP, SPI Size 4, Num of SPIs 2
         " 11223344 55667788"}, // the SPIs
        {"Delete IKE SA",
         {Ikev2PayloadType::DELETE, false, Ikev2DeleteBody{Ikev2ProtocolId::IKE, 0, {}}},
         "00 00 0008"    // generic header, length 8
         " 01 00 0000"}, // Protocol ID IKE, SPI Size 0, no SPIs
        {"Notify REKEY_SA with an SPI",
         {Ikev2PayloadType::NOTIFY,
          false,
          Ikev2NotifyBody{Ikev2ProtocolId::ESP, Hex("c0ffee01"), Ikev2NotifyType::REKEY_SA, {}}},
         "00 00 000c"  // generic header, length 12
         " 03 04 4009" // Protocol ID ESP, SPI Size 4, REKEY_SA (16393)
         " c0ffee01"}, // SPI
        {"Notify INVALID_KE_PAYLOAD with the group",
         Notify(Ikev2NotifyType::INVALID_KE_PAYLOAD, Hex("0013")),
         "00 00 000a"  // generic header, length 10
         " 00 00 0011" // no protocol, no SPI, INVALID_KE_PAYLOAD (17)
         " 0013"},     // the group wanted: 19
        {"IDi FQDN",
         {Ikev2PayloadType::IDI, false, Id("ns3.example")},
         "00 00 0013"                // generic header, length 19
         " 02 000000"                // ID_FQDN, RESERVED
         " 6e73332e6578616d706c65"}, // "ns3.example"
        {"IDr IPv4",
         {Ikev2PayloadType::IDR, false, Id("192.0.2.1")},
         "00 00 000c"  // generic header, length 12
         " 01 000000"  // ID_IPV4_ADDR, RESERVED
         " c0000201"}, // 192.0.2.1
        {"AUTH shared key MIC",
         {Ikev2PayloadType::AUTH,
          false,
          Ikev2AuthBody{Ikev2AuthMethod::SHARED_KEY_MIC, Counting(32, 0x01)}},
         "00 00 0028" // generic header, length 40
         " 02 000000" // Shared Key Message Integrity Code, RESERVED
         " 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"}, // the MIC
        {"Vendor ID kept as bytes",
         {Ikev2PayloadType::VENDOR_ID, false, Ikev2RawBody{Text("ns-3")}},
         "00 00 0008"  // generic header, length 8
         " 6e732d33"}, // "ns-3"
    };
    for (const Case& c : cases)
    {
        Ikev2Writer w;
        c.payload.Encode(Ikev2PayloadType::NONE, w);
        EXPECT_EQ(Hex(w.Data()), HexText(c.bytes)) << c.name;
        Ikev2Payload back;
        IpsecBytes bytes = Hex(c.bytes);
        Ikev2ParseResult r
            = Ikev2Payload::Decode(c.payload.type, false, bytes.data() + 4, bytes.size() - 4, back);
        EXPECT_TRUE(r.Ok()) << c.name << ": " << r.ToString();
        EXPECT_EQ(back, c.payload) << c.name;
    }
}

// A whole unprotected message with every body kind: encode, decode, equal, summary.
TEST(Ikev2CodecGolden, EveryBodyRoundTrips)
{
    Ikev2Message m;
    m.header.spiI = 7;
    m.header.spiR = 9;
    m.header.exchange = Ikev2ExchangeType::IKE_AUTH;
    m.header.flags = Ikev2Header::FLAG_INITIATOR;
    m.header.messageId = 1;
    m.payloads = {
        {Ikev2PayloadType::IDI, false, Id("user@ns3.example")},
        {Ikev2PayloadType::IDR, false, Id("2001:db8::1")},
        {Ikev2PayloadType::AUTH,
         false,
         Ikev2AuthBody{Ikev2AuthMethod::SHARED_KEY_MIC, Counting(32, 0)}},
        Notify(Ikev2NotifyType::INITIAL_CONTACT),
        {Ikev2PayloadType::SA,
         false,
         Ikev2SaBody{
             {{1, Ikev2ProtocolId::ESP, Hex("01020304"), {{Ikev2TransformType::ENCR, 20, 128}}}}}},
        {Ikev2PayloadType::TSI, false, Ikev2TsBody{{Ts("2001:db8:1::/48", 17, 500, 4500)}}},
        {Ikev2PayloadType::TSR,
         false,
         Ikev2TsBody{{Ikev2TrafficSelector::Any(Ikev2TsType::IPV6_ADDR_RANGE)}}},
        {Ikev2PayloadType::DELETE,
         false,
         Ikev2DeleteBody{Ikev2ProtocolId::AH, 4, {Hex("0000abcd")}}},
        {Ikev2PayloadType::CERTREQ, false, Ikev2RawBody{Hex("04")}},
        {Ikev2PayloadType::CP, false, Ikev2RawBody{}},
        {Ikev2PayloadType::EAP, true, Ikev2RawBody{Hex("01020003")}},
    };
    IpsecBytes bytes = m.Encode();
    Ikev2Message back;
    Ikev2ParseResult r = DecodeBytes(bytes, back);
    ASSERT_TRUE(r.Ok()) << r.ToString();
    EXPECT_EQ(back.payloads, m.payloads);
    EXPECT_EQ(back.Encode(), bytes);
    EXPECT_EQ(back.Summary(),
              "IKE_AUTH request 1 [ IDi IDr AUTH N(INIT_CONTACT) SA TSi TSr D CERTREQ CP EAP ]");
}

// An SK payload is left as received for Ikev2SkCipher: offset, first inner type, raw body.
TEST(Ikev2CodecGolden, SkPayloadKeptForTheCipher)
{
    IpsecBytes bytes = Concat({
        Hex("0000000000000007 0000000000000009"), // SPIs
        Hex("29 20 23 08 00000001 0000003c"),     // N, version, IKE_AUTH, I, MID 1, Length 60
        Hex("2e 00 0008 00 00 4000"),             // 28: N(INITIAL_CONTACT), next SK
        Hex("23 00 0018"),                        // 36: SK, first inner IDi, 24 bytes
        Counting(20, 0xe0),                       // IV, ciphertext, ICV
    });
    Ikev2Message m;
    Ikev2ParseResult r = DecodeBytes(bytes, m);
    ASSERT_TRUE(r.Ok()) << r.ToString();
    ASSERT_TRUE(m.encrypted.has_value());
    EXPECT_EQ(m.encrypted->offset, 36u);
    EXPECT_EQ(m.encrypted->firstInner, Ikev2PayloadType::IDI);
    EXPECT_EQ(m.encrypted->body, Counting(20, 0xe0));
    EXPECT_EQ(m.payloads.size(), 1u);
    EXPECT_EQ(m.Summary(), "IKE_AUTH request 1 [ N(INIT_CONTACT) E ]");
    EXPECT_EQ(m.Encode(), bytes);

    // The inner payloads decode the same way once decrypted, with offsets in the message.
    IpsecBytes inner = Hex("24 00 000c 01 000000 c0000201" // IDi 192.0.2.1, next IDr
                           " 00 00 0005 01");              // IDr, 1-byte body
    std::vector<Ikev2Payload> payloads;
    Ikev2ParseResult innerResult = Ikev2Message::DecodePayloads(Ikev2PayloadType::IDI,
                                                                inner.data(),
                                                                inner.size(),
                                                                100,
                                                                payloads,
                                                                nullptr);
    EXPECT_EQ(innerResult.error, Ikev2ParseError::TRUNCATED);
    EXPECT_EQ(innerResult.offset, 100u + 12 + 4 + 1);
    EXPECT_EQ(innerResult.payloadType, Ikev2PayloadType::IDR);
    EXPECT_EQ(payloads.size(), 1u);
}

// An unknown payload without the critical bit is kept as bytes and the chain goes on.
TEST(Ikev2CodecGolden, UnknownNonCriticalPayloadIsKept)
{
    IpsecBytes bytes = Set8(GoldenSaInit(), 340, 99); // the Nonce's Next Payload: 99
    Ikev2Message m;
    Ikev2ParseResult r = DecodeBytes(bytes, m);
    ASSERT_TRUE(r.Ok()) << r.ToString();
    ASSERT_EQ(m.payloads.size(), 5u);
    EXPECT_EQ(m.payloads[3].type, static_cast<Ikev2PayloadType>(99));
    EXPECT_EQ(std::get<Ikev2RawBody>(m.payloads[3].body).data,
              Concat({Hex("00004004"), NATD_SOURCE}));
    EXPECT_EQ(m.Summary(), "IKE_SA_INIT request 0 [ SA KE No 99 N(NATD_D_IP) ]");
    EXPECT_EQ(m.Encode(), bytes);
}

TEST(Ikev2CodecGolden, PayloadCountLimit)
{
    std::vector<Ikev2Payload> notifies(Ikev2Message::MAX_PAYLOADS,
                                       Notify(Ikev2NotifyType::SET_WINDOW_SIZE));
    Ikev2Message m;
    EXPECT_TRUE(DecodeBytes(Encode(Ikev2ExchangeType::INFORMATIONAL, notifies), m).Ok());
    notifies.push_back(Notify(Ikev2NotifyType::SET_WINDOW_SIZE));
    Ikev2ParseResult r = DecodeBytes(Encode(Ikev2ExchangeType::INFORMATIONAL, notifies), m);
    EXPECT_EQ(r.error, Ikev2ParseError::TOO_MANY_PAYLOADS);
    EXPECT_EQ(r.offset, 28u + 64 * 8);
    EXPECT_EQ(r.payloadType, Ikev2PayloadType::NOTIFY);
}

// ------------------------------------------------------------------------------ malformed table

TEST(Ikev2CodecMalformed, EachRefusedWithItsErrorAndOffset)
{
    using E = Ikev2ParseError;
    using P = Ikev2PayloadType;
    const IpsecBytes g = GoldenSaInit();
    IpsecBytes longer = g;
    longer.push_back(0);
    IpsecBytes shorter(g.begin(), g.end() - 1);
    IpsecBytes twoSk
        = FixLength(Concat({Hex("0000000000000007 0000000000000009 29 20 23 08 00000001 00000000"),
                            Hex("2e 00 0008 00 00 4000"), // 28: N, next SK
                            Hex("29 00 0014"),            // 36: SK
                            Counting(16, 0),
                            Hex("00 00 0014"), // 56: SK
                            Counting(16, 0)}));
    IpsecBytes skThenNotify = twoSk;
    skThenNotify.resize(56);
    skThenNotify = FixLength(Concat({skThenNotify, Hex("00 00 0008 00 00 4000")})); // 56: N
    struct Case
    {
        const char* name;
        IpsecBytes bytes;
        E error;
        size_t offset;
        P payload;
    } cases[] = {
        // header and message length
        {"empty datagram", {}, E::TRUNCATED, 0, P::NONE},
        {"27 bytes", IpsecBytes(g.begin(), g.begin() + 27), E::TRUNCATED, 0, P::NONE},
        {"major version 3", Set8(g, 17, 0x30), E::BAD_MAJOR_VERSION, 17, P::NONE},
        {"major version 1", Set8(g, 17, 0x10), E::BAD_MAJOR_VERSION, 17, P::NONE},
        {"Length one short", Set16(g, 26, 431), E::MALFORMED, 24, P::NONE},
        {"datagram longer than Length", longer, E::MALFORMED, 24, P::NONE},
        {"datagram shorter than Length", shorter, E::MALFORMED, 24, P::NONE},
        // the payload chain
        {"no first payload, bytes follow", Set8(g, 16, 0), E::MALFORMED, 28, P::NONE},
        {"payload length 3", Set16(g, 30, 3), E::MALFORMED, 28, P::SA},
        {"KE payload length 0", Set16(g, 78, 0), E::MALFORMED, 76, P::KE},
        {"payload past the end", Set16(g, 406, 29), E::MALFORMED, 404, P::NOTIFY},
        {"chain announces a payload after the last",
         Set8(g, 404, 41),
         E::MALFORMED,
         432,
         P::NOTIFY},
        {"unknown critical payload",
         Set8(Set8(g, 340, 99), 377, 0x80),
         E::UNSUPPORTED_CRITICAL_PAYLOAD,
         376,
         static_cast<P>(99)},
        {"SK not last", skThenNotify, E::SK_NOT_LAST, 36, P::SK},
        {"two SK payloads", twoSk, E::SK_NOT_LAST, 36, P::SK},
        // SA: proposals
        {"proposal Last Substruc 5", Set8(g, 32, 5), E::BAD_PROPOSAL, 32, P::SA},
        {"proposal says more, none follows", Set8(g, 32, 2), E::BAD_PROPOSAL, 32, P::SA},
        {"proposal length short of the SA", Set16(g, 34, 43), E::BAD_PROPOSAL, 32, P::SA},
        {"proposal length past the SA", Set16(g, 34, 45), E::BAD_PROPOSAL, 34, P::SA},
        {"proposal length 7", Set16(g, 34, 7), E::BAD_PROPOSAL, 34, P::SA},
        {"protocol ID 4", Set8(g, 37, 4), E::BAD_PROPOSAL, 37, P::SA},
        {"transform count 3 for 4", Set8(g, 39, 3), E::BAD_PROPOSAL, 39, P::SA},
        {"transform count 5 for 4", Set8(g, 39, 5), E::BAD_PROPOSAL, 39, P::SA},
        {"SPI size 3 for ESP", Set8(Set8(g, 37, 3), 38, 3), E::BAD_SPI_SIZE, 38, P::SA},
        {"SPI size 4 for IKE", Set8(g, 38, 4), E::BAD_SPI_SIZE, 38, P::SA},
        // SA: transforms
        {"transform Last Substruc 5", Set8(g, 40, 5), E::BAD_TRANSFORM, 40, P::SA},
        {"first transform says last", Set8(g, 40, 0), E::BAD_TRANSFORM, 40, P::SA},
        {"last transform says more", Set8(g, 68, 3), E::BAD_TRANSFORM, 68, P::SA},
        {"transform length 7", Set16(g, 42, 7), E::BAD_TRANSFORM, 42, P::SA},
        {"transform length past the proposal", Set16(g, 70, 9), E::BAD_TRANSFORM, 70, P::SA},
        {"unknown TV attribute", Set16(g, 48, 0x800f), E::BAD_TRANSFORM, 48, P::SA},
        {"key length as TLV", Set16(g, 48, 0x000e), E::BAD_TRANSFORM, 48, P::SA},
        {"key length 0", Set16(g, 50, 0), E::BAD_TRANSFORM, 48, P::SA},
        {"attribute cut short",
         OnePayload(P::SA, "00000012 01010001 0000000a 01000003 800e"),
         E::TRUNCATED,
         28 + 4 + 18,
         P::SA},
        {"SA body of 3 bytes", OnePayload(P::SA, "000000"), E::TRUNCATED, 34, P::SA},
        // KE
        {"KE group 19 with 65 bytes",
         Encode(Ikev2ExchangeType::IKE_SA_INIT, {{P::KE, false, Ikev2KeBody{19, IpsecBytes(65)}}}),
         E::BAD_KE_LENGTH,
         36,
         P::KE},
        {"KE group 14 with 255 bytes",
         Encode(Ikev2ExchangeType::IKE_SA_INIT, {{P::KE, false, Ikev2KeBody{14, IpsecBytes(255)}}}),
         E::BAD_KE_LENGTH,
         36,
         P::KE},
        {"KE body of 3 bytes", OnePayload(P::KE, "000e00"), E::TRUNCATED, 34, P::KE},
        // Nonce
        {"nonce of 15 bytes",
         Encode(Ikev2ExchangeType::IKE_SA_INIT,
                {{P::NONCE, false, Ikev2NonceBody{IpsecBytes(15)}}}),
         E::BAD_NONCE_LENGTH,
         32,
         P::NONCE},
        {"nonce of 257 bytes",
         Encode(Ikev2ExchangeType::IKE_SA_INIT,
                {{P::NONCE, false, Ikev2NonceBody{IpsecBytes(257)}}}),
         E::BAD_NONCE_LENGTH,
         32,
         P::NONCE},
        // Notify
        {"notify body of 3 bytes", OnePayload(P::NOTIFY, "000040"), E::TRUNCATED, 34, P::NOTIFY},
        {"notify ESP SPI size 3",
         OnePayload(P::NOTIFY, "03034009 aabbcc"),
         E::BAD_SPI_SIZE,
         33,
         P::NOTIFY},
        {"notify SPI cut short",
         OnePayload(P::NOTIFY, "03044009 aabb"),
         E::TRUNCATED,
         36,
         P::NOTIFY},
        // Delete
        {"delete 3 SPIs announced, 2 present",
         OnePayload(P::DELETE, "03040003 11223344 55667788"),
         E::BAD_DELETE,
         34,
         P::DELETE},
        {"delete ESP SPI size 8",
         OnePayload(P::DELETE, "03080001 1122334455667788"),
         E::BAD_SPI_SIZE,
         33,
         P::DELETE},
        {"delete IKE with an SPI count",
         OnePayload(P::DELETE, "01000001"),
         E::BAD_DELETE,
         34,
         P::DELETE},
        {"delete protocol 7", OnePayload(P::DELETE, "07040000"), E::BAD_DELETE, 32, P::DELETE},
        // Traffic selectors
        {"TS length 15",
         OnePayload(P::TSI, "01000000 0700000f 0000ffff c0000200 c00002ff"),
         E::BAD_TRAFFIC_SELECTOR,
         36,
         P::TSI},
        {"TS type 9",
         OnePayload(P::TSR, "01000000 09000010 0000ffff c0000200 c00002ff"),
         E::BAD_TRAFFIC_SELECTOR,
         36,
         P::TSR},
        {"IPv6 length with the IPv4 type",
         OnePayload(P::TSI, "01000000 07000028 0000ffff" + std::string(64, '0')),
         E::BAD_TRAFFIC_SELECTOR,
         36,
         P::TSI},
        {"no selectors", OnePayload(P::TSI, "00000000"), E::BAD_TRAFFIC_SELECTOR, 32, P::TSI},
        {"two announced, one present",
         OnePayload(P::TSI, "02000000 07000010 0000ffff c0000200 c00002ff"),
         E::TRUNCATED,
         52,
         P::TSI},
        {"bytes after the selectors",
         OnePayload(P::TSI, "01000000 07000010 0000ffff c0000200 c00002ff 00"),
         E::BAD_TRAFFIC_SELECTOR,
         52,
         P::TSI},
        // Identification
        {"IPv4 identity of 5 bytes",
         OnePayload(P::IDI, "01000000 c000020100"),
         E::BAD_IDENTITY,
         36,
         P::IDI},
        {"IPv6 identity of 4 bytes",
         OnePayload(P::IDR, "05000000 c0000201"),
         E::BAD_IDENTITY,
         36,
         P::IDR},
        {"empty identity", OnePayload(P::IDI, "02000000"), E::BAD_IDENTITY, 36, P::IDI},
        {"ID body of 2 bytes", OnePayload(P::IDI, "0200"), E::TRUNCATED, 33, P::IDI},
        {"AUTH body of 1 byte", OnePayload(P::AUTH, "02"), E::TRUNCATED, 33, P::AUTH},
    };
    EXPECT_GE(sizeof(cases) / sizeof(cases[0]), 40u);
    for (const Case& c : cases)
    {
        Ikev2Message m;
        Ikev2ParseResult r = DecodeBytes(c.bytes, m);
        EXPECT_EQ(ToString(r.error), ToString(c.error)) << c.name << ": " << r.ToString();
        EXPECT_EQ(r.offset, c.offset) << c.name << ": " << r.ToString();
        EXPECT_EQ(r.payloadType, c.payload) << c.name << ": " << r.ToString();
    }
}

// Every truncation and every flipped bit of the golden message decodes to a result, and what
// decodes encodes back to the same structure.
TEST(Ikev2CodecMalformed, TruncationsAndBitFlipsNeverCrash)
{
    const IpsecBytes g = GoldenSaInit();
    for (size_t n = 0; n < g.size(); ++n)
    {
        IpsecBytes cut(g.begin(), g.begin() + n);
        Ikev2Message m;
        EXPECT_FALSE(DecodeBytes(cut, m).Ok()) << n;
        EXPECT_FALSE(DecodeBytes(FixLength(cut.size() >= 28 ? cut : IpsecBytes(28)), m).Ok()) << n;
    }
    size_t decoded = 0;
    for (size_t bit = 0; bit < g.size() * 8; ++bit)
    {
        IpsecBytes flipped = g;
        flipped[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
        Ikev2Message m;
        if (!DecodeBytes(flipped, m).Ok())
        {
            continue;
        }
        ++decoded;
        Ikev2Message again;
        ASSERT_TRUE(DecodeBytes(m.Encode(), again).Ok()) << bit;
        EXPECT_EQ(again, m) << bit;
    }
    EXPECT_GT(decoded, 0u);
}

// ------------------------------------------------------------------------------------ summaries

TEST(Ikev2CodecSummary, CharonNotation)
{
    Ikev2Message m = SaInitRequest();
    EXPECT_EQ(m.Summary(), "IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]");

    Ikev2Message cookie;
    cookie.header.flags = Ikev2Header::FLAG_RESPONSE;
    cookie.payloads = {Notify(Ikev2NotifyType::COOKIE, Counting(16, 0))};
    EXPECT_EQ(SummaryOf(cookie.Encode()), "IKE_SA_INIT response 0 [ N(COOKIE) ]");

    Ikev2Message noProposal;
    noProposal.header.flags = Ikev2Header::FLAG_RESPONSE;
    noProposal.payloads = {Notify(Ikev2NotifyType::NO_PROPOSAL_CHOSEN)};
    EXPECT_EQ(noProposal.Summary(), "IKE_SA_INIT response 0 [ N(NO_PROP) ]");
    ASSERT_EQ(noProposal.ErrorNotifies().size(), 1u);
    EXPECT_EQ(noProposal.ErrorNotifies()[0]->type, Ikev2NotifyType::NO_PROPOSAL_CHOSEN);

    Ikev2Message liveness;
    liveness.header.exchange = Ikev2ExchangeType::INFORMATIONAL;
    liveness.header.messageId = 2;
    EXPECT_EQ(SummaryOf(liveness.Encode()), "INFORMATIONAL request 2 [ ]");

    Ikev2Message rekey;
    rekey.header.exchange = Ikev2ExchangeType::CREATE_CHILD_SA;
    rekey.header.messageId = 5;
    rekey.header.flags = Ikev2Header::FLAG_RESPONSE;
    rekey.payloads = {{Ikev2PayloadType::NOTIFY,
                       false,
                       Ikev2NotifyBody{Ikev2ProtocolId::ESP, Hex("01020304"), 16393, {}}},
                      Notify(40000),
                      Notify(Ikev2NotifyType::TEMPORARY_FAILURE)};
    EXPECT_EQ(rekey.Summary(), "CREATE_CHILD_SA response 5 [ N(REKEY_SA) N(40000) N(TEMP_FAIL) ]");
    Ikev2Message odd;
    odd.header.exchange = static_cast<Ikev2ExchangeType>(99);
    EXPECT_EQ(odd.Summary(), "99 request 0 [ ]");
}

// ------------------------------------------------------------------------------------ identities

TEST(Ikev2CodecIdentity, FromConfigurationText)
{
    struct
    {
        const char* text;
        Ikev2IdType type;
        std::string data;
        const char* back;
    } cases[] = {
        {"192.0.2.1", Ikev2IdType::IPV4_ADDR, "c0000201", "192.0.2.1"},
        {"ipv4:192.0.2.1", Ikev2IdType::IPV4_ADDR, "c0000201", "192.0.2.1"},
        {"2001:db8::1", Ikev2IdType::IPV6_ADDR, "20010db8000000000000000000000001", "2001:db8::1"},
        {"ns3.example", Ikev2IdType::FQDN, Hex(Text("ns3.example")), "ns3.example"},
        {"@ns3.example", Ikev2IdType::FQDN, Hex(Text("ns3.example")), "ns3.example"},
        {"fqdn:ns3.example", Ikev2IdType::FQDN, Hex(Text("ns3.example")), "ns3.example"},
        {"@192.0.2.1", Ikev2IdType::FQDN, Hex(Text("192.0.2.1")), "fqdn:192.0.2.1"},
        {"user@ns3.example",
         Ikev2IdType::RFC822_ADDR,
         Hex(Text("user@ns3.example")),
         "user@ns3.example"},
        {"@@user@ns3.example",
         Ikev2IdType::RFC822_ADDR,
         Hex(Text("user@ns3.example")),
         "user@ns3.example"},
        {"email:gw", Ikev2IdType::RFC822_ADDR, Hex(Text("gw")), "email:gw"},
        {"@#0a0b0c", Ikev2IdType::KEY_ID, "0a0b0c", "@#0a0b0c"},
        {"keyid:#0A:0B", Ikev2IdType::KEY_ID, "0a0b", "@#0a0b"},
        {"keyid:gateway", Ikev2IdType::KEY_ID, Hex(Text("gateway")), "@#67617465776179"},
    };
    for (const auto& c : cases)
    {
        Ikev2Identity id = Id(c.text);
        EXPECT_FALSE(id.IsAny()) << c.text;
        EXPECT_EQ(id.GetType(), c.type) << c.text;
        EXPECT_EQ(Hex(id.GetData()), c.data) << c.text;
        EXPECT_EQ(id.ToText(), c.back) << c.text;
        EXPECT_EQ(Id(id.ToText()), id) << c.text;
    }
    Ikev2Identity any = Id("%any");
    EXPECT_TRUE(any.IsAny());
    EXPECT_EQ(any.ToText(), "%any");
    EXPECT_TRUE(any.Matches(Id("192.0.2.1")));
    EXPECT_TRUE(Id("ns3.example").Matches(Id("@ns3.example")));
    EXPECT_FALSE(Id("ns3.example").Matches(Id("sw.example")));
    EXPECT_FALSE(Id("ns3.example").Matches(any));
    EXPECT_NE(Id("192.0.2.1"), Id("fqdn:192.0.2.1"));
    EXPECT_EQ(Ikev2Identity(static_cast<Ikev2IdType>(9), Hex("3000")).ToText(),
              "ID_DER_ASN1_DN:#3000");
}

TEST(Ikev2CodecIdentity, BadText)
{
    struct
    {
        const char* text;
        const char* error;
    } cases[] = {
        {"", "empty identity"},
        {"@", "empty identity after its type prefix"},
        {"fqdn:", "empty identity after its type prefix"},
        {"@#", "bad hex in key identity \"\""},
        {"@#0g", "bad hex in key identity \"0g\""},
        {"@#abc", "bad hex in key identity \"abc\""},
        {"ipv4:300.1.1.1", "\"300.1.1.1\" is not an IPv4 address"},
        {"ipv6:192.0.2.1", "\"192.0.2.1\" is not an IPv6 address"},
        {"C=CH, O=ns-3, CN=gw",
         "\"C=CH, O=ns-3, CN=gw\": DN identities need a DER encoding and certificates; not "
         "modelled"},
        {"asn1dn:#3000",
         "\"asn1dn:#3000\": DN identities need a DER encoding and certificates; "
         "not modelled"},
    };
    for (const auto& c : cases)
    {
        Ikev2Identity id;
        std::string error;
        EXPECT_FALSE(Ikev2Identity::FromText(c.text, id, error)) << c.text;
        EXPECT_EQ(error, c.error) << c.text;
    }
}

// RFC 7296 §2.15: the AUTH MAC covers the ID payload body, ID Type | RESERVED | data.
TEST(Ikev2CodecIdentity, AuthInputIsThePayloadBody)
{
    EXPECT_EQ(Hex(Id("192.0.2.1").AuthInput()), "01000000c0000201");
    EXPECT_EQ(Hex(Id("ns3.example").AuthInput()), "02000000" + Hex(Text("ns3.example")));
    EXPECT_EQ(Hex(Id("@#0102").AuthInput()), "0b0000000102");
}

// ----------------------------------------------------------------------------- traffic selectors

TEST(Ikev2CodecTrafficSelector, TextAndNotation)
{
    EXPECT_EQ(Ikev2TrafficSelector().ToString(), "0.0.0.0/0");
    EXPECT_EQ(Ikev2TrafficSelector::Any(Ikev2TsType::IPV6_ADDR_RANGE).ToString(), "::/0");
    EXPECT_EQ(Ts("10.1.2.3/16").ToString(), "10.1.0.0/16");
    EXPECT_EQ(Hex(Ts("10.1.2.3/16").GetEndAddress()), "0a01ffff");
    EXPECT_EQ(Ts("192.0.2.1").ToString(), "192.0.2.1/32");
    EXPECT_EQ(Ts("10.0.0.1..10.0.0.9").ToString(), "10.0.0.1..10.0.0.9");
    EXPECT_EQ(Ts("10.0.0.0..10.0.0.255").ToString(), "10.0.0.0/24");
    EXPECT_EQ(Ts("2001:db8::/32", 6, 443, 443).ToString(), "2001:db8::/32[tcp/443]");
    EXPECT_EQ(Ts("10.0.0.0/8", 17).ToString(), "10.0.0.0/8[udp]");
    EXPECT_EQ(Ts("10.0.0.0/8", 0, 1000, 2000).ToString(), "10.0.0.0/8[0/1000-2000]");
    EXPECT_EQ(Ts("10.0.0.0/8", 1, 0x0800, 0x08ff).ToString(), "10.0.0.0/8[icmp/2048-2303]");
    EXPECT_EQ(Ts("10.0.0.0/8", 132).ToString(), "10.0.0.0/8[132]");
    EXPECT_EQ(Ts("2001:db8::1").GetType(), Ikev2TsType::IPV6_ADDR_RANGE);

    Ikev2TrafficSelector ts;
    for (const char* bad : {"",
                            "10.0.0.0/33",
                            "10.0.0.0/",
                            "10.0.0.0/x",
                            "10.0.0.0/0008",
                            "2001:db8::/129",
                            "10.0.0.9..10.0.0.1",
                            "10.0.0.1..2001:db8::1",
                            "10.0.0.1..",
                            "host.example",
                            "10.0.0.256"})
    {
        EXPECT_FALSE(Ikev2TrafficSelector::FromText(bad, 0, 0, 65535, ts)) << bad;
    }
}

TEST(Ikev2CodecTrafficSelector, Ipv6WireForm)
{
    Ikev2TrafficSelector ts = Ts("2001:db8::/32", 58, 128, 129);
    Ikev2Writer w;
    ts.Encode(w);
    EXPECT_EQ(Hex(w.Data()),
              HexText("08 3a 0028 0080 0081"              // IPv6 range, ICMPv6, 40, types 128-129
                      " 20010db8000000000000000000000000" // 2001:db8::
                      " 20010db8ffffffffffffffffffffffff")); // 2001:db8:ffff:...
    Ikev2Reader r(w.Data().data(), w.Size());
    Ikev2TrafficSelector back;
    ASSERT_TRUE(Ikev2TrafficSelector::Decode(r, back).Ok());
    EXPECT_EQ(back, ts);
    EXPECT_TRUE(r.AtEnd());
}

TEST(Ikev2CodecTrafficSelector, ContainsAndIntersect)
{
    Ikev2TrafficSelector any = Ikev2TrafficSelector();
    EXPECT_TRUE(any.Contains(Ts("10.0.0.0/8", 6, 80, 80)));
    EXPECT_TRUE(Ts("10.0.0.0/8").Contains(Ts("10.1.0.0/16")));
    EXPECT_FALSE(Ts("10.1.0.0/16").Contains(Ts("10.0.0.0/8")));
    EXPECT_FALSE(Ts("10.0.0.0/8", 6).Contains(Ts("10.0.0.0/8")));
    EXPECT_FALSE(Ts("10.0.0.0/8", 0, 80, 80).Contains(Ts("10.0.0.0/8")));
    EXPECT_FALSE(any.Contains(Ikev2TrafficSelector::Any(Ikev2TsType::IPV6_ADDR_RANGE)));

    Ikev2TrafficSelector both;
    ASSERT_TRUE(
        Ikev2TrafficSelector::Intersect(Ts("10.0.0.0/16"), Ts("10.0.1.0/24", 6, 22, 22), both));
    EXPECT_EQ(both.ToString(), "10.0.1.0/24[tcp/22]");
    ASSERT_TRUE(Ikev2TrafficSelector::Intersect(Ts("10.0.0.5..10.0.0.20", 0, 100, 200),
                                                Ts("10.0.0.10..10.0.0.40", 0, 150, 300),
                                                both));
    EXPECT_EQ(both.ToString(), "10.0.0.10..10.0.0.20[0/150-200]");
    EXPECT_FALSE(Ikev2TrafficSelector::Intersect(Ts("10.0.0.0/24"), Ts("10.0.1.0/24"), both));
    EXPECT_FALSE(Ikev2TrafficSelector::Intersect(Ts("10.0.0.0/8", 6), Ts("10.0.0.0/8", 17), both));
    EXPECT_FALSE(Ikev2TrafficSelector::Intersect(Ts("10.0.0.0/8", 0, 1, 10),
                                                 Ts("10.0.0.0/8", 0, 11, 20),
                                                 both));
    EXPECT_FALSE(Ikev2TrafficSelector::Intersect(Ts("0.0.0.0/0"), Ts("::/0"), both));
}

// RFC 7296 §2.9: the responder narrows the initiator's selectors to its policy.
TEST(Ikev2CodecTrafficSelector, Narrowing)
{
    // The initiator proposes its whole site and the packet that triggered it (first).
    std::vector<Ikev2TrafficSelector> proposed{Ts("10.1.0.5", 6, 5000, 5000), Ts("10.1.0.0/16")};
    // The responder allows one /24 of it.
    std::vector<Ikev2TrafficSelector> allowed{Ts("10.1.0.0/24")};
    std::vector<Ikev2TrafficSelector> narrowed = Ikev2TrafficSelector::Narrow(proposed, allowed);
    ASSERT_EQ(narrowed.size(), 2u);
    EXPECT_EQ(narrowed[0].ToString(), "10.1.0.5/32[tcp/5000]");
    EXPECT_EQ(narrowed[1].ToString(), "10.1.0.0/24");
    for (const Ikev2TrafficSelector& ts : narrowed)
    {
        EXPECT_TRUE(allowed[0].Contains(ts)) << ts.ToString();
    }
    // Two allowed pieces, duplicates removed.
    narrowed = Ikev2TrafficSelector::Narrow({Ts("10.0.0.0/8"), Ts("10.0.0.0/8")},
                                            {Ts("10.1.0.0/16"), Ts("10.2.0.0/16", 17)});
    ASSERT_EQ(narrowed.size(), 2u);
    EXPECT_EQ(narrowed[1].ToString(), "10.2.0.0/16[udp]");
    // Disjoint: TS_UNACCEPTABLE.
    EXPECT_TRUE(Ikev2TrafficSelector::Narrow({Ts("192.0.2.0/24")}, {Ts("10.0.0.0/8")}).empty());
    EXPECT_TRUE(Ikev2TrafficSelector::Narrow({Ts("2001:db8::/32")}, {Ts("0.0.0.0/0")}).empty());
}
