/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SETKEY_READER_H
#define SETKEY_READER_H

#include "ipsec-config-operation.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Reads KAME/BSD/macOS setkey(8) files (`setkey -f`): SAs and policy.
 *
 * Statements end with `;`, `#` starts a comment:
 * `add [-4|-6|-46] [-n] src dst proto spi [-m mode] [-r octets] [-u id]
 * [-f pad|nocyclic-seq|cyclic-seq|esn] [-lh s] [-ls s] [-bh bytes] [-bs bytes]
 * -E ealgo key [-A aalgo key] | -A aalgo key;`,
 * `get`, `delete`, `deleteall`, `flush [proto]`, `dump [proto]`,
 * `spdadd [-4|-6|-46] [-n] src[/plen][[port]] dst[/plen][[port]] upperspec [-lh s] [-ls s]
 * -P in|out|fwd discard|none|bypass|ipsec proto/mode/src-dst/level ...;`,
 * `spddelete ... -P dir;`, `spdflush;`, `spddump;`. Keys are `0x` hex or "quoted text".
 *
 * Addresses are IPv4 or IPv6 (inet6, prefixes to /128), the two of a statement of one family;
 * `-4`/`-6` keep names to that family's addresses and refuse the other family, `-n` refuses
 * names. The upper-layer spec may be `icmp6 TYPE[,CODE]` (or `ipv6-icmp`, 58). Tunnel endpoints
 * may be of either family whatever the selectors' (6-in-4, 4-in-6, 6-in-6). In a range, `any`
 * (this model's addition) is every address of both families, or of the `-4`/`-6` family.
 *
 * An SA added without `-m` (mode `any`) takes the mode the file's policies give its endpoints:
 * tunnel when a tunnel rule names them, transport otherwise. `-P fwd` policies are accepted with
 * a warning and not added: this model applies `in` policies to forwarded packets. IPComp,
 * TCP-MD5, RFC 1826/1827 AH/ESP, policy priorities and `entrust` are refused by name.
 */
class SetkeyReader
{
  public:
    /**
     * \param text the file's contents
     * \return the operations and warnings (throws IpsecConfigError on the first error)
     */
    static IpsecConfigParse Parse(const std::string& text);
};

} // namespace ns3

#endif /* SETKEY_READER_H */
