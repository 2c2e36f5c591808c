/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-payload.h"

namespace ns3
{

namespace
{
/// Public value sizes of the Diffie-Hellman groups (IANA "Transform Type 4" registry;
/// RFC 3526, RFC 5114, RFC 5903, RFC 6954, RFC 8031).
constexpr struct
{
    uint16_t group; //!< group number
    uint16_t size;  //!< public value bytes
} KE_SIZES[] = {
    {1, 96},  {2, 128}, {5, 192},  {14, 256}, {15, 384}, {16, 512}, {17, 768}, {18, 1024},
    {19, 64}, {20, 96}, {21, 132}, {22, 128}, {23, 256}, {24, 256}, {25, 48},  {26, 56},
    {27, 56}, {28, 64}, {29, 96},  {30, 128}, {31, 32},  {32, 56},
};

/// Last Substruc values (RFC 7296 §3.3.1, §3.3.2).
constexpr uint8_t LAST_PROPOSAL = 0;   //!< no proposal follows
constexpr uint8_t MORE_PROPOSALS = 2;  //!< another proposal follows
constexpr uint8_t LAST_TRANSFORM = 0;  //!< no transform follows in the proposal
constexpr uint8_t MORE_TRANSFORMS = 3; //!< another transform follows
constexpr size_t PROPOSAL_HEADER = 8;  //!< proposal substructure without SPI and transforms
constexpr size_t TRANSFORM_HEADER = 8; //!< transform substructure without attributes

/**
 * \param error the error
 * \param offset where, from the body's first byte
 * \return the result
 */
Ikev2ParseResult
Error(Ikev2ParseError error, size_t offset)
{
    return {error, offset, Ikev2PayloadType::NONE};
}

/**
 * \param r a failed reader
 * \return TRUNCATED at the failed read
 */
Ikev2ParseResult
Truncated(const Ikev2Reader& r)
{
    return Error(Ikev2ParseError::TRUNCATED, r.Position());
}

/**
 * \param protocol a security protocol
 * \param spiSize an SPI size in a proposal
 * \return true when RFC 7296 §3.3.1 allows it: 0 or 8 for IKE, 4 for AH and ESP
 */
bool
ProposalSpiSizeAllowed(Ikev2ProtocolId protocol, uint8_t spiSize)
{
    if (protocol == Ikev2ProtocolId::IKE)
    {
        return spiSize == 0 || spiSize == 8;
    }
    return spiSize == 4;
}

/**
 * \brief Read one transform whose header the caller checked.
 * \param body the SA body
 * \param start the transform's first byte
 * \param end one past its last byte
 * \param out the transform
 * \return OK or the error
 */
Ikev2ParseResult
DecodeTransform(const uint8_t* body, size_t start, size_t end, Ikev2Transform& out)
{
    Ikev2Reader r(body, end);
    r.Skip(start + 4);
    out.type = static_cast<Ikev2TransformType>(r.U8());
    r.Skip(1);
    out.id = r.U16();
    out.keyLength = 0;
    while (r.Ok() && !r.AtEnd())
    {
        size_t attribute = r.Position();
        uint16_t type = r.U16();
        uint16_t value = r.U16();
        if (r.Ok()
            && (type != Ikev2Transform::KEY_LENGTH_ATTRIBUTE || value == 0 || out.keyLength != 0))
        {
            return Error(Ikev2ParseError::BAD_TRANSFORM, attribute);
        }
        out.keyLength = value;
    }
    return r.Ok() ? Ikev2ParseResult{} : Truncated(r);
}

/**
 * \brief Read one proposal whose header the caller checked.
 * \param body the SA body
 * \param start the proposal's first byte
 * \param end one past its last byte
 * \param out the proposal
 * \return OK or the error
 */
Ikev2ParseResult
DecodeProposal(const uint8_t* body, size_t start, size_t end, Ikev2Proposal& out)
{
    Ikev2Reader r(body, end);
    r.Skip(start + 4);
    out.number = r.U8();
    out.protocol = static_cast<Ikev2ProtocolId>(r.U8());
    uint8_t spiSize = r.U8();
    uint8_t count = r.U8();
    if (out.protocol != Ikev2ProtocolId::IKE && out.protocol != Ikev2ProtocolId::AH
        && out.protocol != Ikev2ProtocolId::ESP)
    {
        return Error(Ikev2ParseError::BAD_PROPOSAL, start + 5);
    }
    if (!ProposalSpiSizeAllowed(out.protocol, spiSize))
    {
        return Error(Ikev2ParseError::BAD_SPI_SIZE, start + 6);
    }
    out.spi = r.Bytes(spiSize);
    if (!r.Ok())
    {
        return Truncated(r);
    }
    out.transforms.clear();
    while (!r.AtEnd())
    {
        size_t transform = r.Position();
        uint8_t last = r.U8();
        r.Skip(1);
        uint16_t length = r.U16();
        if (!r.Ok())
        {
            return Truncated(r);
        }
        if (last != LAST_TRANSFORM && last != MORE_TRANSFORMS)
        {
            return Error(Ikev2ParseError::BAD_TRANSFORM, transform);
        }
        if (length < TRANSFORM_HEADER || length > end - transform)
        {
            return Error(Ikev2ParseError::BAD_TRANSFORM, transform + 2);
        }
        bool lastInProposal = transform + length == end;
        if ((last == LAST_TRANSFORM) != lastInProposal)
        {
            return Error(Ikev2ParseError::BAD_TRANSFORM, transform);
        }
        Ikev2Transform t;
        Ikev2ParseResult result = DecodeTransform(body, transform, transform + length, t);
        if (!result.Ok())
        {
            return result;
        }
        out.transforms.push_back(t);
        r.Skip(length - 4);
    }
    if (out.transforms.size() != count)
    {
        return Error(Ikev2ParseError::BAD_PROPOSAL, start + 7);
    }
    return {};
}

/**
 * \param body SA body bytes
 * \param n their number
 * \param out the body
 * \return OK or the error
 */
Ikev2ParseResult
DecodeSa(const uint8_t* body, size_t n, Ikev2SaBody& out)
{
    Ikev2Reader r(body, n);
    do
    {
        size_t proposal = r.Position();
        uint8_t last = r.U8();
        r.Skip(1);
        uint16_t length = r.U16();
        if (!r.Ok())
        {
            return Truncated(r);
        }
        if (last != LAST_PROPOSAL && last != MORE_PROPOSALS)
        {
            return Error(Ikev2ParseError::BAD_PROPOSAL, proposal);
        }
        if (length < PROPOSAL_HEADER || length > n - proposal)
        {
            return Error(Ikev2ParseError::BAD_PROPOSAL, proposal + 2);
        }
        if ((last == LAST_PROPOSAL) != (proposal + length == n))
        {
            return Error(Ikev2ParseError::BAD_PROPOSAL, proposal);
        }
        Ikev2Proposal p;
        Ikev2ParseResult result = DecodeProposal(body, proposal, proposal + length, p);
        if (!result.Ok())
        {
            return result;
        }
        out.proposals.push_back(std::move(p));
        r.Skip(length - 4);
    } while (!r.AtEnd());
    return {};
}

/**
 * \param r reader over a KE body
 * \param out the body
 * \return OK or the error
 */
Ikev2ParseResult
DecodeKe(Ikev2Reader& r, Ikev2KeBody& out)
{
    out.group = r.U16();
    r.Skip(2);
    if (!r.Ok())
    {
        return Truncated(r);
    }
    size_t dataOffset = r.Position();
    out.data = r.Bytes(r.Remaining());
    size_t expected = Ikev2KeBody::PublicValueSize(out.group);
    if (expected != 0 && out.data.size() != expected)
    {
        return Error(Ikev2ParseError::BAD_KE_LENGTH, dataOffset);
    }
    return {};
}

/**
 * \param r reader over an AUTH body
 * \param out the body
 * \return OK or the error
 */
Ikev2ParseResult
DecodeAuth(Ikev2Reader& r, Ikev2AuthBody& out)
{
    out.method = static_cast<Ikev2AuthMethod>(r.U8());
    r.Skip(3);
    if (!r.Ok())
    {
        return Truncated(r);
    }
    out.data = r.Bytes(r.Remaining());
    return {};
}

/**
 * \param r reader over a Nonce body
 * \param out the body
 * \return OK or the error
 */
Ikev2ParseResult
DecodeNonce(Ikev2Reader& r, Ikev2NonceBody& out)
{
    if (r.Remaining() < Ikev2NonceBody::MIN_SIZE || r.Remaining() > Ikev2NonceBody::MAX_SIZE)
    {
        return Error(Ikev2ParseError::BAD_NONCE_LENGTH, 0);
    }
    out.nonce = r.Bytes(r.Remaining());
    return {};
}

/**
 * \param r reader over a Notify body
 * \param out the body
 * \return OK or the error
 */
Ikev2ParseResult
DecodeNotify(Ikev2Reader& r, Ikev2NotifyBody& out)
{
    out.protocol = static_cast<Ikev2ProtocolId>(r.U8());
    uint8_t spiSize = r.U8();
    out.type = r.U16();
    if (!r.Ok())
    {
        return Truncated(r);
    }
    bool childSa = out.protocol == Ikev2ProtocolId::AH || out.protocol == Ikev2ProtocolId::ESP;
    bool allowed = spiSize == 0 || (childSa ? spiSize == 4 : (spiSize == 8 || spiSize == 16));
    if (!allowed)
    {
        return Error(Ikev2ParseError::BAD_SPI_SIZE, 1);
    }
    out.spi = r.Bytes(spiSize);
    if (!r.Ok())
    {
        return Truncated(r);
    }
    out.data = r.Bytes(r.Remaining());
    return {};
}

/**
 * \param r reader over a Delete body
 * \param out the body
 * \return OK or the error
 */
Ikev2ParseResult
DecodeDelete(Ikev2Reader& r, Ikev2DeleteBody& out)
{
    out.protocol = static_cast<Ikev2ProtocolId>(r.U8());
    out.spiSize = r.U8();
    uint16_t count = r.U16();
    if (!r.Ok())
    {
        return Truncated(r);
    }
    switch (out.protocol)
    {
        case Ikev2ProtocolId::IKE:
            if (out.spiSize != 0)
            {
                return Error(Ikev2ParseError::BAD_SPI_SIZE, 1);
            }
            break;
        case Ikev2ProtocolId::AH:
        case Ikev2ProtocolId::ESP:
            if (out.spiSize != 4)
            {
                return Error(Ikev2ParseError::BAD_SPI_SIZE, 1);
            }
            break;
        default:
            return Error(Ikev2ParseError::BAD_DELETE, 0);
    }
    if (size_t(count) * out.spiSize != r.Remaining() || (out.spiSize == 0 && count != 0))
    {
        return Error(Ikev2ParseError::BAD_DELETE, 2);
    }
    for (uint16_t i = 0; i < count; ++i)
    {
        out.spis.push_back(r.Bytes(out.spiSize));
    }
    return {};
}

/**
 * \param r reader over a TSi/TSr body
 * \param out the body
 * \return OK or the error
 */
Ikev2ParseResult
DecodeTs(Ikev2Reader& r, Ikev2TsBody& out)
{
    uint8_t count = r.U8();
    r.Skip(3);
    if (!r.Ok())
    {
        return Truncated(r);
    }
    if (count == 0)
    {
        return Error(Ikev2ParseError::BAD_TRAFFIC_SELECTOR, 0);
    }
    for (uint8_t i = 0; i < count; ++i)
    {
        Ikev2TrafficSelector ts;
        Ikev2ParseResult result = Ikev2TrafficSelector::Decode(r, ts);
        if (!result.Ok())
        {
            return result;
        }
        out.selectors.push_back(ts);
    }
    if (!r.AtEnd())
    {
        return Error(Ikev2ParseError::BAD_TRAFFIC_SELECTOR, r.Position());
    }
    return {};
}

/// Writes a body after the generic header.
struct BodyWriter
{
    Ikev2Writer& w; //!< where

    /// \param body an SA body
    void operator()(const Ikev2SaBody& body) const
    {
        for (size_t i = 0; i < body.proposals.size(); ++i)
        {
            const Ikev2Proposal& p = body.proposals[i];
            NS_ASSERT_MSG(p.transforms.size() <= 255, "Ikev2Proposal: too many transforms");
            size_t start = w.Size();
            w.U8(i + 1 < body.proposals.size() ? MORE_PROPOSALS : LAST_PROPOSAL);
            w.Zeros(1);
            w.U16(0);
            w.U8(p.number);
            w.U8(static_cast<uint8_t>(p.protocol));
            w.U8(static_cast<uint8_t>(p.spi.size()));
            w.U8(static_cast<uint8_t>(p.transforms.size()));
            w.Bytes(p.spi);
            for (size_t j = 0; j < p.transforms.size(); ++j)
            {
                const Ikev2Transform& t = p.transforms[j];
                size_t transform = w.Size();
                w.U8(j + 1 < p.transforms.size() ? MORE_TRANSFORMS : LAST_TRANSFORM);
                w.Zeros(1);
                w.U16(0);
                w.U8(static_cast<uint8_t>(t.type));
                w.Zeros(1);
                w.U16(t.id);
                if (t.keyLength != 0)
                {
                    w.U16(Ikev2Transform::KEY_LENGTH_ATTRIBUTE);
                    w.U16(t.keyLength);
                }
                w.Patch16(transform + 2, static_cast<uint16_t>(w.Size() - transform));
            }
            w.Patch16(start + 2, static_cast<uint16_t>(w.Size() - start));
        }
    }

    /// \param body a KE body
    void operator()(const Ikev2KeBody& body) const
    {
        w.U16(body.group);
        w.Zeros(2);
        w.Bytes(body.data);
    }

    /// \param identity an IDi/IDr body
    void operator()(const Ikev2Identity& identity) const { identity.Encode(w); }

    /// \param body an AUTH body
    void operator()(const Ikev2AuthBody& body) const
    {
        w.U8(static_cast<uint8_t>(body.method));
        w.Zeros(3);
        w.Bytes(body.data);
    }

    /// \param body a Nonce body
    void operator()(const Ikev2NonceBody& body) const { w.Bytes(body.nonce); }

    /// \param body a Notify body
    void operator()(const Ikev2NotifyBody& body) const
    {
        w.U8(static_cast<uint8_t>(body.protocol));
        w.U8(static_cast<uint8_t>(body.spi.size()));
        w.U16(body.type);
        w.Bytes(body.spi);
        w.Bytes(body.data);
    }

    /// \param body a Delete body
    void operator()(const Ikev2DeleteBody& body) const
    {
        w.U8(static_cast<uint8_t>(body.protocol));
        w.U8(body.spiSize);
        w.U16(static_cast<uint16_t>(body.spis.size()));
        for (const IpsecBytes& spi : body.spis)
        {
            NS_ASSERT_MSG(spi.size() == body.spiSize, "Ikev2DeleteBody: SPI of another size");
            w.Bytes(spi);
        }
    }

    /// \param body a TSi/TSr body
    void operator()(const Ikev2TsBody& body) const
    {
        w.U8(static_cast<uint8_t>(body.selectors.size()));
        w.Zeros(3);
        for (const Ikev2TrafficSelector& ts : body.selectors)
        {
            ts.Encode(w);
        }
    }

    /// \param body a raw body
    void operator()(const Ikev2RawBody& body) const { w.Bytes(body.data); }
};
} // namespace

bool
Ikev2Transform::operator==(const Ikev2Transform& other) const
{
    return type == other.type && id == other.id && keyLength == other.keyLength;
}

bool
Ikev2Proposal::operator==(const Ikev2Proposal& other) const
{
    return number == other.number && protocol == other.protocol && spi == other.spi
        && transforms == other.transforms;
}

bool
Ikev2SaBody::operator==(const Ikev2SaBody& other) const
{
    return proposals == other.proposals;
}

bool
Ikev2KeBody::operator==(const Ikev2KeBody& other) const
{
    return group == other.group && data == other.data;
}

size_t
Ikev2KeBody::PublicValueSize(uint16_t group)
{
    for (const auto& entry : KE_SIZES)
    {
        if (entry.group == group)
        {
            return entry.size;
        }
    }
    return 0;
}

bool
Ikev2AuthBody::operator==(const Ikev2AuthBody& other) const
{
    return method == other.method && data == other.data;
}

bool
Ikev2NonceBody::operator==(const Ikev2NonceBody& other) const
{
    return nonce == other.nonce;
}

bool
Ikev2NotifyBody::operator==(const Ikev2NotifyBody& other) const
{
    return protocol == other.protocol && spi == other.spi && type == other.type
        && data == other.data;
}

bool
Ikev2DeleteBody::operator==(const Ikev2DeleteBody& other) const
{
    return protocol == other.protocol && spiSize == other.spiSize && spis == other.spis;
}

bool
Ikev2TsBody::operator==(const Ikev2TsBody& other) const
{
    return selectors == other.selectors;
}

bool
Ikev2RawBody::operator==(const Ikev2RawBody& other) const
{
    return data == other.data;
}

Ikev2Payload
Ikev2Payload::Make(Ikev2PayloadType type, Ikev2PayloadBody body)
{
    Ikev2Payload p;
    p.type = type;
    p.body = std::move(body);
    return p;
}

Ikev2Payload
Ikev2Payload::Notify(uint16_t type,
                     const IpsecBytes& data,
                     Ikev2ProtocolId protocol,
                     const IpsecBytes& spi)
{
    Ikev2NotifyBody n;
    n.type = type;
    n.data = data;
    n.protocol = protocol;
    n.spi = spi;
    return Make(Ikev2PayloadType::NOTIFY, n);
}

void
Ikev2Payload::Encode(Ikev2PayloadType next, Ikev2Writer& w) const
{
    size_t start = w.Size();
    w.U8(static_cast<uint8_t>(next));
    w.U8(critical ? CRITICAL : 0);
    w.U16(0);
    std::visit(BodyWriter{w}, body);
    size_t length = w.Size() - start;
    NS_ASSERT_MSG(length <= 0xffff, "Ikev2Payload: body too long for the Payload Length");
    w.Patch16(start + 2, static_cast<uint16_t>(length));
}

Ikev2ParseResult
Ikev2Payload::Decode(Ikev2PayloadType type,
                     bool critical,
                     const uint8_t* body,
                     size_t n,
                     Ikev2Payload& out)
{
    out.type = type;
    out.critical = critical;
    Ikev2Reader r(body, n);
    Ikev2ParseResult result;
    switch (type)
    {
        case Ikev2PayloadType::SA:
            out.body = Ikev2SaBody{};
            result = DecodeSa(body, n, std::get<Ikev2SaBody>(out.body));
            break;
        case Ikev2PayloadType::KE:
            out.body = Ikev2KeBody{};
            result = DecodeKe(r, std::get<Ikev2KeBody>(out.body));
            break;
        case Ikev2PayloadType::IDI:
        case Ikev2PayloadType::IDR:
            out.body = Ikev2Identity{};
            result = Ikev2Identity::Decode(r, std::get<Ikev2Identity>(out.body));
            break;
        case Ikev2PayloadType::AUTH:
            out.body = Ikev2AuthBody{};
            result = DecodeAuth(r, std::get<Ikev2AuthBody>(out.body));
            break;
        case Ikev2PayloadType::NONCE:
            out.body = Ikev2NonceBody{};
            result = DecodeNonce(r, std::get<Ikev2NonceBody>(out.body));
            break;
        case Ikev2PayloadType::NOTIFY:
            out.body = Ikev2NotifyBody{};
            result = DecodeNotify(r, std::get<Ikev2NotifyBody>(out.body));
            break;
        case Ikev2PayloadType::DELETE:
            out.body = Ikev2DeleteBody{};
            result = DecodeDelete(r, std::get<Ikev2DeleteBody>(out.body));
            break;
        case Ikev2PayloadType::TSI:
        case Ikev2PayloadType::TSR:
            out.body = Ikev2TsBody{};
            result = DecodeTs(r, std::get<Ikev2TsBody>(out.body));
            break;
        default:
            out.body = Ikev2RawBody{r.Bytes(n)};
            break;
    }
    result.payloadType = type;
    return result;
}

std::string
Ikev2Payload::ShortName() const
{
    if (const auto* notify = std::get_if<Ikev2NotifyBody>(&body))
    {
        return "N(" + Ikev2NotifyShortName(notify->type) + ")";
    }
    return Ikev2PayloadShortName(type);
}

bool
Ikev2Payload::operator==(const Ikev2Payload& other) const
{
    return type == other.type && critical == other.critical && body == other.body;
}

} // namespace ns3
