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
