/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-identity.h"

#include <arpa/inet.h>

namespace ns3
{

namespace
{
/// strongSwan's type prefixes and the ID type each one forces.
constexpr struct
{
    const char* prefix; //!< the prefix, colon included
    Ikev2IdType type;   //!< the type it gives
} TYPE_PREFIXES[] = {
    {"ipv4:", Ikev2IdType::IPV4_ADDR},
    {"ipv6:", Ikev2IdType::IPV6_ADDR},
    {"fqdn:", Ikev2IdType::FQDN},
    {"email:", Ikev2IdType::RFC822_ADDR},
    {"userfqdn:", Ikev2IdType::RFC822_ADDR},
    {"keyid:", Ikev2IdType::KEY_ID},
};

/// What a distinguished name is refused with.
constexpr const char* DN_REFUSED
    = "DN identities need a DER encoding and certificates; not modelled";

/**
 * \param text an address
 * \param family AF_INET or AF_INET6
 * \param out the address bytes
 * \return false when the text is not an address of the family
 */
bool
ParseAddress(const std::string& text, int family, IpsecBytes& out)
{
    uint8_t buffer[16];
    if (inet_pton(family, text.c_str(), buffer) != 1)
    {
        return false;
    }
    out.assign(buffer, buffer + (family == AF_INET ? 4 : 16));
    return true;
}

/**
 * \param text text
 * \return its bytes
 */
IpsecBytes
TextBytes(const std::string& text)
{
    return IpsecBytes(text.begin(), text.end());
}

/**
 * \param text hex digits (`0x`, spaces and colons allowed)
 * \param out the identity (ID_KEY_ID)
 * \param error why the text was refused
 * \return false on bad or no hex
 */
bool
KeyIdFromHex(const std::string& text, Ikev2Identity& out, std::string& error)
{
    IpsecBytes bytes;
    if (!ipsec_crypto::ParseHex(text, bytes) || bytes.empty())
    {
        error = "bad hex in key identity \"" + text + "\"";
        return false;
    }
    out = Ikev2Identity(Ikev2IdType::KEY_ID, bytes);
    return true;
}

/**
 * \param type the type a prefix forces
 * \param value the text after the prefix
 * \param out the identity
 * \param error why the text was refused
 * \return false when the value does not suit the type
 */
bool
FromTypedText(Ikev2IdType type, const std::string& value, Ikev2Identity& out, std::string& error)
{
    IpsecBytes bytes;
    switch (type)
    {
        case Ikev2IdType::IPV4_ADDR:
        case Ikev2IdType::IPV6_ADDR:
            if (!ParseAddress(value, type == Ikev2IdType::IPV4_ADDR ? AF_INET : AF_INET6, bytes))
            {
                error = "\"" + value + "\" is not an "
                      + (type == Ikev2IdType::IPV4_ADDR ? "IPv4" : "IPv6") + " address";
                return false;
            }
            out = Ikev2Identity(type, bytes);
            return true;
        case Ikev2IdType::KEY_ID:
            if (!value.empty() && value[0] == '#')
            {
                return KeyIdFromHex(value.substr(1), out, error);
            }
            break;
        default:
            break;
    }
    if (value.empty())
    {
        error = "empty identity after its type prefix";
        return false;
    }
    out = Ikev2Identity(type, TextBytes(value));
    return true;
}
} // namespace

Ikev2Identity::Ikev2Identity()
    : m_any(true)
    , m_type(Ikev2IdType::FQDN)
{
}

Ikev2Identity::Ikev2Identity(Ikev2IdType type, const IpsecBytes& data)
    : m_any(false)
    , m_type(type)
    , m_data(data)
{
}

bool
Ikev2Identity::FromText(const std::string& text, Ikev2Identity& out, std::string& error)
{
    if (text.empty())
    {
        error = "empty identity";
        return false;
    }
    if (text == "%any")
    {
        out = Ikev2Identity();
        return true;
    }
    if (text.rfind("asn1dn:", 0) == 0)
    {
        error = "\"" + text + "\": " + DN_REFUSED;
        return false;
    }
    for (const auto& entry : TYPE_PREFIXES)
    {
        std::string prefix = entry.prefix;
        if (text.rfind(prefix, 0) == 0)
        {
            return FromTypedText(entry.type, text.substr(prefix.size()), out, error);
        }
    }
    if (text.rfind("@#", 0) == 0)
    {
        return KeyIdFromHex(text.substr(2), out, error);
    }
    if (text.rfind("@@", 0) == 0)
    {
        return FromTypedText(Ikev2IdType::RFC822_ADDR, text.substr(2), out, error);
    }
    if (text[0] == '@')
    {
        return FromTypedText(Ikev2IdType::FQDN, text.substr(1), out, error);
    }
    if (text.find('=') != std::string::npos)
    {
        error = "\"" + text + "\": " + DN_REFUSED;
        return false;
    }
    IpsecBytes address;
    if (ParseAddress(text, AF_INET, address))
    {
        out = Ikev2Identity(Ikev2IdType::IPV4_ADDR, address);
        return true;
    }
    if (ParseAddress(text, AF_INET6, address))
    {
        out = Ikev2Identity(Ikev2IdType::IPV6_ADDR, address);
        return true;
    }
    Ikev2IdType type
        = text.find('@') != std::string::npos ? Ikev2IdType::RFC822_ADDR : Ikev2IdType::FQDN;
    out = Ikev2Identity(type, TextBytes(text));
    return true;
}

std::string
Ikev2Identity::ToText() const
{
    if (m_any)
    {
        return "%any";
    }
    char address[INET6_ADDRSTRLEN];
    switch (m_type)
    {
        case Ikev2IdType::IPV4_ADDR:
        case Ikev2IdType::IPV6_ADDR:
            if (m_data.size() == (m_type == Ikev2IdType::IPV4_ADDR ? 4u : 16u))
            {
                inet_ntop(m_type == Ikev2IdType::IPV4_ADDR ? AF_INET : AF_INET6,
                          m_data.data(),
                          address,
                          sizeof(address));
                return address;
            }
            break;
        case Ikev2IdType::FQDN:
        case Ikev2IdType::RFC822_ADDR: {
            std::string bare(m_data.begin(), m_data.end());
            Ikev2Identity readBack;
            std::string ignored;
            if (FromText(bare, readBack, ignored) && readBack == *this)
            {
                return bare;
            }
            return (m_type == Ikev2IdType::FQDN ? "fqdn:" : "email:") + bare;
        }
        case Ikev2IdType::KEY_ID:
            return "@#" + ipsec_crypto::ToHex(m_data);
        default:
            break;
    }
    return ToString(m_type) + ":#" + ipsec_crypto::ToHex(m_data);
}

bool
Ikev2Identity::IsAny() const
{
    return m_any;
}

Ikev2IdType
Ikev2Identity::GetType() const
{
    return m_type;
}

const IpsecBytes&
Ikev2Identity::GetData() const
{
    return m_data;
}

bool
Ikev2Identity::Matches(const Ikev2Identity& other) const
{
    return m_any || *this == other;
}

IpsecBytes
Ikev2Identity::AuthInput() const
{
    Ikev2Writer w;
    Encode(w);
    return w.Data();
}

void
Ikev2Identity::Encode(Ikev2Writer& w) const
{
    NS_ASSERT_MSG(!m_any, "Ikev2Identity: %any has no wire form");
    w.U8(static_cast<uint8_t>(m_type));
    w.Zeros(3);
    w.Bytes(m_data);
}

Ikev2ParseResult
Ikev2Identity::Decode(Ikev2Reader& r, Ikev2Identity& out)
{
    auto type = static_cast<Ikev2IdType>(r.U8());
    r.Skip(3);
    if (!r.Ok())
    {
        return {Ikev2ParseError::TRUNCATED, r.Position(), Ikev2PayloadType::NONE};
    }
    size_t dataOffset = r.Position();
    IpsecBytes data = r.Bytes(r.Remaining());
    bool badSize = (type == Ikev2IdType::IPV4_ADDR && data.size() != 4)
                || (type == Ikev2IdType::IPV6_ADDR && data.size() != 16) || data.empty();
    if (badSize)
    {
        return {Ikev2ParseError::BAD_IDENTITY, dataOffset, Ikev2PayloadType::NONE};
    }
    out = Ikev2Identity(type, data);
    return {};
}

bool
Ikev2Identity::operator==(const Ikev2Identity& other) const
{
    if (m_any || other.m_any)
    {
        return m_any == other.m_any;
    }
    return m_type == other.m_type && m_data == other.m_data;
}

bool
Ikev2Identity::operator!=(const Ikev2Identity& other) const
{
    return !(*this == other);
}

} // namespace ns3
