/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_ADDRESS_RESOLVER_H
#define IPSEC_ADDRESS_RESOLVER_H

#include "ipsec-config-lexer.h"

#include "ns3/ipv4-address.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief An IPv4 address with a prefix length, as written in a configuration file.
 */
struct IpsecAddressPrefix
{
    Ipv4Address address; //!< the address as written (not masked)
    uint8_t prefix{32};  //!< prefix length, 32 for a host

    /// \return the mask of the prefix
    Ipv4Mask Mask() const;
    /// \return "a.b.c.d" for a host, "a.b.c.d/n" otherwise
    std::string ToString() const;
};

/**
 * \ingroup ipsec
 * \brief Turns the addresses of configuration files into IPv4 addresses.
 *
 * A word is a dotted-quad address or a host name. Host names resolve through ns-3's Names
 * registry to every IPv4 address of the named node (loopback excluded), the simulation's
 * gethostbyname(): like the real tools, a name with several addresses makes one entry per
 * address. IPv6 addresses are refused by name, as the model is IPv4 only.
 */
class IpsecAddressResolver
{
  public:
    /**
     * \brief Resolve `address[/prefix]` or `name[/prefix]`.
     * \param token where the word is, for errors
     * \param text the word (may be part of the token, e.g. setkey's `addr[port]`)
     * \param allowPrefix whether `/prefix` may follow
     * \return one or more addresses (throws IpsecConfigError on failure)
     */
    static std::vector<IpsecAddressPrefix> Resolve(const IpsecConfigToken& token,
                                                   const std::string& text,
                                                   bool allowPrefix);
    /**
     * \brief Resolve a word that must denote exactly one host address.
     * \param token where the word is, for errors
     * \param text the word
     * \return the address (throws IpsecConfigError when the name has several)
     */
    static Ipv4Address ResolveOne(const IpsecConfigToken& token, const std::string& text);
    /**
     * \param text a word
     * \param address set to the address when the word is a dotted quad
     * \return true when the word is a valid dotted-quad IPv4 address
     */
    static bool ParseDottedQuad(const std::string& text, Ipv4Address& address);
};

} // namespace ns3

#endif /* IPSEC_ADDRESS_RESOLVER_H */
