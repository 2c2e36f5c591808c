/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_IDENTITY_H
#define IKEV2_IDENTITY_H

/**
 * \file
 * \ingroup ipsec
 * An IKEv2 identity (the body of an IDi or IDr payload, RFC 7296 §3.5) and its configuration
 * text as strongSwan writes it.
 */

#include "ikev2-bytes.h"
#include "ikev2-constants.h"
#include "ikev2-parse-result.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief An identity: an ID type and its data, or "any" (`%any`, configuration only).
 *
 * Wire form (the body of IDi/IDr): `ID Type(1) | RESERVED(3) | Identification Data`.
 * Configuration text, as strongSwan reads it: an IPv4 or IPv6 literal gives ID_IPV4_ADDR or
 * ID_IPV6_ADDR; `@host` or `fqdn:host` ID_FQDN; `user@host`, `@@user@host` or `email:user@host`
 * ID_RFC822_ADDR; `@#hex`, `keyid:#hex` (bytes) or `keyid:text` ID_KEY_ID; `%any` any identity;
 * other text ID_FQDN. Distinguished names (`C=..., CN=...`, `asn1dn:`) are refused.
 */
class Ikev2Identity
{
  public:
    /// The "any" identity (`%any`): matches every identity, has no wire form
    Ikev2Identity();

    /**
     * \param type the ID type
     * \param data the identification data (4 bytes for ID_IPV4_ADDR, 16 for ID_IPV6_ADDR)
     */
    Ikev2Identity(Ikev2IdType type, const IpsecBytes& data);

    /**
     * \brief Parse configuration text.
     * \param text the text
     * \param out the identity
     * \param error why the text was refused (when it is)
     * \return false for empty text, a distinguished name, bad hex or a bad address after
     *         `ipv4:`/`ipv6:`
     */
    static bool FromText(const std::string& text, Ikev2Identity& out, std::string& error);

    /**
     * \return the configuration text: the address, `host`, `user@host`, `@#hex` or `%any`
     *         (`fqdn:` or `email:` in front when the bare text would read back as another type)
     */
    std::string ToText() const;

    /// \return true for the "any" identity
    bool IsAny() const;
    /// \return the ID type (meaningless for the "any" identity)
    Ikev2IdType GetType() const;
    /// \return the identification data
    const IpsecBytes& GetData() const;

    /**
     * \param other an identity received from a peer
     * \return true when this (configured) identity accepts it: equal, or this is "any"
     */
    bool Matches(const Ikev2Identity& other) const;

    /**
     * \return the bytes the AUTH payload's MAC covers for this identity (RFC 7296 §2.15,
     *         RestOfInitIDPayload / RestOfRespIDPayload): `ID Type | 000000 | data`, which is
     *         also the payload body
     */
    IpsecBytes AuthInput() const;

    /**
     * \brief Append the IDi/IDr body (never for the "any" identity).
     * \param w where
     */
    void Encode(Ikev2Writer& w) const;

    /**
     * \brief Read an IDi/IDr body.
     * \param r the reader, over exactly the body
     * \param out the identity
     * \return OK; TRUNCATED when the body is shorter than 4 bytes; BAD_IDENTITY (at the data)
     *         when an address has the wrong size or the data is empty
     */
    static Ikev2ParseResult Decode(Ikev2Reader& r, Ikev2Identity& out);

    /**
     * \param other another identity
     * \return true when both are "any" or type and data are equal
     */
    bool operator==(const Ikev2Identity& other) const;
    /**
     * \param other another identity
     * \return the opposite of operator==
     */
    bool operator!=(const Ikev2Identity& other) const;

  private:
    bool m_any;         //!< "any" (configuration only)
    Ikev2IdType m_type; //!< ID type
    IpsecBytes m_data;  //!< identification data
};

} // namespace ns3

#endif /* IKEV2_IDENTITY_H */
