/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-message.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ikev2Message");

bool
Ikev2Message::Encrypted::operator==(const Encrypted& other) const
{
    return offset == other.offset && firstInner == other.firstInner && critical == other.critical
        && body == other.body;
}

IpsecBytes
Ikev2Message::Encode() const
{
    Ikev2Writer w;
    Ikev2Header h = header;
    h.next = payloads.empty() ? (encrypted ? Ikev2PayloadType::SK : Ikev2PayloadType::NONE)
                              : payloads.front().type;
    h.Write(w);
    for (size_t i = 0; i < payloads.size(); ++i)
    {
        Ikev2PayloadType next = Ikev2PayloadType::NONE;
        if (i + 1 < payloads.size())
        {
            next = payloads[i + 1].type;
        }
        else if (encrypted)
        {
            next = Ikev2PayloadType::SK;
        }
        payloads[i].Encode(next, w);
    }
    if (encrypted)
    {
        Ikev2Payload{Ikev2PayloadType::SK, encrypted->critical, Ikev2RawBody{encrypted->body}}
            .Encode(encrypted->firstInner, w);
    }
    w.Patch32(Ikev2Header::LENGTH_OFFSET, static_cast<uint32_t>(w.Size()));
    return w.Data();
}

IpsecBytes
Ikev2Message::EncodeProtected(Ikev2SkCipher& cipher, const IpsecBytes& iv) const
{
    Ikev2Writer inner;
    for (size_t i = 0; i < payloads.size(); ++i)
    {
        payloads[i].Encode(i + 1 < payloads.size() ? payloads[i + 1].type : Ikev2PayloadType::NONE,
                           inner);
    }
    Ikev2Writer w;
    Ikev2Header h = header;
    h.next = Ikev2PayloadType::SK;
    h.Write(w);
    w.U8(static_cast<uint8_t>(payloads.empty() ? Ikev2PayloadType::NONE : payloads.front().type));
    w.U8(0);
    w.U16(0); // Seal writes the SK Payload Length and the header's Length
    IpsecBytes message = w.Data();
    cipher.Seal(message, inner.Data(), iv);
    return message;
}

std::string
Ikev2Message::ErrorName(ProtectedError error)
{
    switch (error)
    {
        case ProtectedError::NONE:
            return "OK";
        case ProtectedError::PARSE:
            return "PARSE";
        case ProtectedError::NOT_PROTECTED:
            return "NOT_PROTECTED";
        case ProtectedError::SK_MALFORMED:
            return "SK_MALFORMED";
        case ProtectedError::INTEGRITY_FAILED:
            return "INTEGRITY_FAILED";
        case ProtectedError::DECRYPT_FAILED:
            return "DECRYPT_FAILED";
        case ProtectedError::INNER_MALFORMED:
            return "INNER_MALFORMED";
    }
    return "UNKNOWN";
}

std::string
Ikev2Message::ProtectedResult::ToString() const
{
    std::string text = ErrorName(error);
    if (error == ProtectedError::PARSE || error == ProtectedError::INNER_MALFORMED)
    {
        text += ": " + parse.ToString();
    }
    return text;
}

Ikev2Message::ProtectedResult
Ikev2Message::DecodeProtected(const uint8_t* data,
                              size_t n,
                              Ikev2SkCipher& cipher,
                              Ikev2Message& out)
{
    ProtectedResult result;
    result.parse = Decode(data, n, out);
    if (!result.parse.Ok())
    {
        result.error = ProtectedError::PARSE;
        return result;
    }
    if (!out.encrypted)
    {
        result.error = ProtectedError::NOT_PROTECTED;
        return result;
    }
    size_t bodyOffset = out.encrypted->offset + Ikev2Payload::HEADER_SIZE;
    IpsecBytes inner;
    switch (cipher.Open(data, n, bodyOffset, inner))
    {
        case Ikev2SkCipher::OpenResult::OK:
            break;
        case Ikev2SkCipher::OpenResult::INTEGRITY_FAILED:
            result.error = ProtectedError::INTEGRITY_FAILED;
            break;
        case Ikev2SkCipher::OpenResult::DECRYPT_FAILED:
            result.error = ProtectedError::DECRYPT_FAILED;
            break;
        default:
            result.error = ProtectedError::SK_MALFORMED;
            break;
    }
    if (!result.Ok())
    {
        NS_LOG_LOGIC("protected IKEv2 message of " << n << " bytes dropped: " << result.ToString());
        return result;
    }
    Ikev2PayloadType first = out.encrypted->firstInner;
    out.encrypted.reset();
    result.parse = DecodePayloads(first,
                                  inner.data(),
                                  inner.size(),
                                  bodyOffset + cipher.IvBytes(),
                                  out.payloads,
                                  nullptr);
    if (!result.parse.Ok())
    {
        result.error = ProtectedError::INNER_MALFORMED;
        NS_LOG_LOGIC("protected IKEv2 message of " << n << " bytes dropped: " << result.ToString());
    }
    return result;
}

Ikev2ParseResult
Ikev2Message::Decode(const uint8_t* data, size_t n, Ikev2Message& out)
{
    out = Ikev2Message{};
    Ikev2ParseResult result = Ikev2Header::Read(data, n, out.header);
    if (result.Ok() && out.header.length != n)
    {
        result = {Ikev2ParseError::MALFORMED, Ikev2Header::LENGTH_OFFSET, Ikev2PayloadType::NONE};
    }
    if (result.Ok())
    {
        result = DecodePayloads(out.header.next,
                                data + Ikev2Header::SIZE,
                                n - Ikev2Header::SIZE,
                                Ikev2Header::SIZE,
                                out.payloads,
                                &out.encrypted);
    }
    if (!result.Ok())
    {
        NS_LOG_LOGIC("IKEv2 message of " << n << " bytes refused: " << result.ToString());
    }
    return result;
}

Ikev2ParseResult
Ikev2Message::DecodePayloads(Ikev2PayloadType first,
                             const uint8_t* data,
                             size_t n,
                             size_t base,
                             std::vector<Ikev2Payload>& out,
                             std::optional<Encrypted>* encrypted)
{
    Ikev2Reader r(data, n);
    Ikev2PayloadType type = first;
    size_t count = 0;
    while (type != Ikev2PayloadType::NONE)
    {
        size_t start = r.Position();
        if (++count > MAX_PAYLOADS)
        {
            return {Ikev2ParseError::TOO_MANY_PAYLOADS, base + start, type};
        }
        auto next = static_cast<Ikev2PayloadType>(r.U8());
        bool critical = (r.U8() & Ikev2Payload::CRITICAL) != 0;
        uint16_t length = r.U16();
        if (!r.Ok() || length < Ikev2Payload::HEADER_SIZE || length > n - start)
        {
            return {Ikev2ParseError::MALFORMED, base + start, type};
        }
        size_t bodySize = length - Ikev2Payload::HEADER_SIZE;
        const uint8_t* body = r.Span(bodySize);
        if (type == Ikev2PayloadType::SK)
        {
            if (encrypted == nullptr || !r.AtEnd())
            {
                return {Ikev2ParseError::SK_NOT_LAST, base + start, type};
            }
            *encrypted = Encrypted{base + start, next, critical, IpsecBytes(body, body + bodySize)};
            return {};
        }
        if (critical && !Ikev2IsKnownPayload(type))
        {
            return {Ikev2ParseError::UNSUPPORTED_CRITICAL_PAYLOAD, base + start, type};
        }
        Ikev2Payload payload;
        Ikev2ParseResult result = Ikev2Payload::Decode(type, critical, body, bodySize, payload);
        if (!result.Ok())
        {
            result.offset += base + start + Ikev2Payload::HEADER_SIZE;
            return result;
        }
        out.push_back(std::move(payload));
        type = next;
    }
    if (!r.AtEnd())
    {
        return {Ikev2ParseError::MALFORMED, base + r.Position(), Ikev2PayloadType::NONE};
    }
    return {};
}

const Ikev2Payload*
Ikev2Message::Find(Ikev2PayloadType type) const
{
    for (const Ikev2Payload& p : payloads)
    {
        if (p.type == type)
        {
            return &p;
        }
    }
    return nullptr;
}

const Ikev2NotifyBody*
Ikev2Message::FindNotify(uint16_t type) const
{
    for (const Ikev2Payload& p : payloads)
    {
        const auto* notify = std::get_if<Ikev2NotifyBody>(&p.body);
        if (notify && notify->type == type)
        {
            return notify;
        }
    }
    return nullptr;
}

std::vector<const Ikev2NotifyBody*>
Ikev2Message::ErrorNotifies() const
{
    std::vector<const Ikev2NotifyBody*> errors;
    for (const Ikev2Payload& p : payloads)
    {
        const auto* notify = std::get_if<Ikev2NotifyBody>(&p.body);
        if (notify && Ikev2NotifyType::IsError(notify->type))
        {
            errors.push_back(notify);
        }
    }
    return errors;
}

std::string
Ikev2Message::Summary() const
{
    std::string text = ToString(header.exchange)
                     + (header.IsResponse() ? " response " : " request ")
                     + std::to_string(header.messageId) + " [ ";
    for (const Ikev2Payload& p : payloads)
    {
        text += p.ShortName() + " ";
    }
    if (encrypted)
    {
        text += Ikev2PayloadShortName(Ikev2PayloadType::SK) + " ";
    }
    return text + "]";
}

bool
Ikev2Message::operator==(const Ikev2Message& other) const
{
    return header == other.header && payloads == other.payloads && encrypted == other.encrypted;
}

} // namespace ns3
