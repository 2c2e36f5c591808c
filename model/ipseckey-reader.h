/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSECKEY_READER_H
#define IPSECKEY_READER_H

#include "ipsec-config-operation.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Reads Solaris/illumos ipseckey(8) command files (`ipseckey -f`,
 * /etc/inet/secret/ipseckeys).
 *
 * One command per line (a trailing backslash continues it), `#` comments:
 * `add`, `update`, `update-pair`, `delete`, `delete-pair`, `get`, `flush`, `dump`, `save`
 * with SA type `esp`, `ah` or `all`, and the extensions `spi`, `pair-spi`, `inbound`,
 * `outbound`, `replay`, `replay_value`, `state`, `auth_alg|authalg`, `encr_alg|encralg`,
 * `authkey`, `encrkey` (hex with an optional `/bits`), `soft_|hard_` `bytes|addtime|usetime`,
 * `src|srcaddr|saddr`, `dst|dstaddr|daddr`, `sport`, `dport`, `proto|ulp`, and the inner
 * selectors of tunnel-mode SAs `isrc|innersrc|proxy|proxyaddr`, `idst|innerdst`,
 * `isport|innersport`, `idport|innerdport`, `iproto|iulp` (an SA is tunnel mode when `proto`
 * is 4, IPv4 in IP, or 41, IPv6 in IP; the inner addresses are of that family). Addresses are
 * IPv4 or IPv6; the IPv6 forms `src6|srcaddr6|saddr6`, `dst6|dstaddr6|daddr6`,
 * `isrc6|innersrc6|proxy6|proxyaddr6`, `idst6|innerdst6` resolve names to IPv6 addresses only.
 * Numbers are decimal, 0x hex or 0 octal.
 * Extensions for features the model lacks (NAT-T `encap`/`nat_*`, `idle_*` lifetimes,
 * certificate identities, labels) are refused by name.
 */
class IpseckeyReader
{
  public:
    /**
     * \param text the file's contents
     * \return the operations (throws IpsecConfigError on the first error)
     */
    static IpsecConfigParse Parse(const std::string& text);
    /**
     * \param text hex digits with an optional `/bits` suffix (`0x` tolerated)
     * \param token where, for errors
     * \return the key bytes (throws IpsecConfigError)
     */
    static IpsecBytes ParseKey(const std::string& text, const struct IpsecConfigToken& token);
};

} // namespace ns3

#endif /* IPSECKEY_READER_H */
