/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_CONFIG_NAMES_H
#define IPSEC_CONFIG_NAMES_H

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The symbolic names configuration files may use, as data: protocols (getprotobyname),
 * services (getservbyname), ICMP types and codes (ipsecconf's keywords), and numbers in the
 * C notations the tools accept.
 */
class IpsecConfigNames
{
  public:
    /**
     * \param text decimal, `0x` hexadecimal or `0` octal
     * \return the value, or nothing if the text is not entirely a number
     */
    static std::optional<uint64_t> Number(const std::string& text);
    /**
     * \param text a protocol number (0-255) or an /etc/protocols name (case-insensitive)
     * \return the protocol number
     */
    static std::optional<uint8_t> Protocol(const std::string& text);
    /**
     * \param protocol a protocol number
     * \return its /etc/protocols name, or the number as text
     */
    static std::string ProtocolName(uint8_t protocol);
    /**
     * \param text a port number (0-65535) or an /etc/services name
     * \return the port
     */
    static std::optional<uint16_t> Service(const std::string& text);
    /**
     * \param text an ICMP type number (0-255) or an ipsecconf type keyword: `echo`, `unreach`
     *        ... for ICMP, `echo6`, `neigh-sol6` ... for ICMPv6
     * \param icmpv6 whether the keywords are those of ICMPv6
     * \return the type
     */
    static std::optional<uint8_t> IcmpType(const std::string& text, bool icmpv6 = false);
    /**
     * \param text an ICMP code number (0-254) or an ipsecconf code keyword: `needfrag` ... for
     *        ICMP, `no-route6` ... for ICMPv6
     * \param icmpv6 whether the keywords are those of ICMPv6
     * \return the code
     */
    static std::optional<uint8_t> IcmpCode(const std::string& text, bool icmpv6 = false);
    /**
     * \param text a word
     * \return true for the ICMPv6 type and code keywords of ipsecconf (`echo6`, `no-route6`, ...)
     */
    static bool IsIcmpv6Keyword(const std::string& text);
    /**
     * \param text a word
     * \return true for the ICMP (IPv4) type and code keywords of ipsecconf (`echo`, `needfrag`)
     */
    static bool IsIcmpKeyword(const std::string& text);
    /**
     * \param text a word
     * \return true when it looks like an IPv6 address (contains ':')
     */
    static bool LooksLikeIpv6(const std::string& text);
    /**
     * \param text a word
     * \return the word in lower case
     */
    static std::string Lower(const std::string& text);
};

} // namespace ns3

#endif /* IPSEC_CONFIG_NAMES_H */
