/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_ADDRESS_RESOLVER_H
#define IPSEC_ADDRESS_RESOLVER_H

#include "ipsec-address.h"
#include "ipsec-config-lexer.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief An address of either family with a prefix length, as written in a configuration file;
 * or, with family NONE, "any address of either family" (an address-less selector).
 */
struct IpsecAddressPrefix
{
    IpsecAddress address; //!< the address as written (not masked); no address for any family
    uint8_t prefix{32};   //!< prefix length: 32 (IPv4) or 128 (IPv6) for a host

    /**
     * \param address an address
     * \return the address as a host (prefix 32 or 128)
     */
    static IpsecAddressPrefix Host(const IpsecAddress& address);
    /**
     * \param family a family, or NONE
     * \return every address of the family (0.0.0.0/0, ::/0), or of both families for NONE
     */
    static IpsecAddressPrefix Any(IpsecAddress::Family family);

    /// \return the mask of the prefix (IpsecMask::AnyFamily() for family NONE)
    IpsecMask Mask() const;
    /// \return true for a single host (prefix 32 or 128)
    bool IsHost() const;
    /// \return "a.b.c.d" or "2001:db8::1" for a host, "address/n" otherwise, "any" for NONE
    std::string ToString() const;
};

/**
 * \ingroup ipsec
 * \brief Turns the addresses of configuration files into IPv4 and IPv6 addresses.
 *
 * A word is a dotted-quad IPv4 address, an IPv6 address in any RFC 4291 §2.2 text form (the
 * double colon, leading zeros, an embedded IPv4 tail as in `0:0:0:0:0:ffff:192.0.2.1`), or a
 * host name, optionally with
 * `/prefix` (0-32 for IPv4, 0-128 for IPv6). Zone ids (`fe80::1%eth0`) are refused: selectors
 * and SAs in this model carry no scope.
 *
 * Host names resolve through ns-3's Names registry to every address of the named node, the
 * simulation's getaddrinfo(): its IPv4 addresses (loopback excluded), then its IPv6 addresses
 * (loopback, link-local and the unspecified address excluded: a link-local address means nothing
 * without its interface, and every node has one per interface). Like the real tools, a name with
 * several addresses makes one entry per address; a family restriction (setkey `-4`/`-6`,
 * ipseckey's `src6`...) keeps only the addresses of that family.
 */
class IpsecAddressResolver
{
  public:
    /**
     * \brief Resolve `address[/prefix]` or `name[/prefix]`.
     * \param token where the word is, for errors
     * \param text the word (may be part of the token, e.g. setkey's `addr[port]`)
     * \param allowPrefix whether `/prefix` may follow
     * \param family IPV4 or IPV6 to accept only that family, NONE for both
     * \param restriction what restricts the family (`-6`, `src6`), for errors
     * \return one or more addresses (throws IpsecConfigError on failure)
     */
    static std::vector<IpsecAddressPrefix> Resolve(const IpsecConfigToken& token,
                                                   const std::string& text,
                                                   bool allowPrefix,
                                                   IpsecAddress::Family family
                                                   = IpsecAddress::Family::NONE,
                                                   const std::string& restriction = "");
    /**
     * \brief The combinations of two resolved lists whose families agree, as the real tools try
     * every combination of a name's addresses; an any-family entry (family NONE) pairs with
     * every address.
     * \param first the first list (a source, a local side)
     * \param second the second list
     * \param where the token to blame when no combination agrees
     * \param firstText the first word, for the message
     * \param secondText the second word, for the message
     * \return the pairs, in the order of the lists (throws IpsecConfigError when there is none)
     */
    static std::vector<std::pair<IpsecAddressPrefix, IpsecAddressPrefix>> SameFamilyPairs(
        const std::vector<IpsecAddressPrefix>& first,
        const std::vector<IpsecAddressPrefix>& second,
        const IpsecConfigToken& where,
        const std::string& firstText,
        const std::string& secondText);
    /**
     * \param text a word
     * \param address set to the address when the word is a dotted quad
     * \return true when the word is a valid dotted-quad IPv4 address
     */
    static bool ParseDottedQuad(const std::string& text, Ipv4Address& address);
    /**
     * \param text a word
     * \param address set to the address when the word is an IPv6 address
     * \return true when the word is an IPv6 address in an RFC 4291 §2.2 text form (no zone id)
     */
    static bool ParseIpv6(const std::string& text, Ipv6Address& address);
    /**
     * \param text an item of an address parameter
     * \return true for a range of two addresses `a-b`, each IPv4 or IPv6 (a caller refuses mixed
     *         families with a message of its own); node names with a hyphen are not ranges
     */
    static bool IsAddressRange(const std::string& text);
    /**
     * \param family a family
     * \return "IPv4", "IPv6", or "IPv4 or IPv6" for NONE
     */
    static std::string FamilyName(IpsecAddress::Family family);
};

} // namespace ns3

#endif /* IPSEC_ADDRESS_RESOLVER_H */
