/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSECCONF_READER_H
#define IPSECCONF_READER_H

#include "ipsec-config-operation.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Reads Solaris/illumos ipsecconf(8) policy, the format of /etc/inet/ipsecinit.conf.
 *
 * `{pattern} action {properties} [or action {properties}]*`, one entry per line start:
 *
 * - patterns, new style: `laddr|local`, `raddr|remote` (address, host name or prefix),
 *   `lport`, `rport` (number or service), `ulp|proto`, `type`, `code` (number, keyword or
 *   range), `dir in|out|both`, `tunnel NAME`, `negotiate tunnel|transport`;
 *   old style: `saddr|src|srcaddr`, `daddr|dst|dstaddr|dest`, `smask`, `dmask`, `sport`,
 *   `dport`. The two styles may not be mixed;
 * - actions `ipsec`, `apply` (outbound only), `permit` (inbound only), `bypass|pass`, `drop`;
 * - properties `auth_algs` (AH), `encr_algs`, `encr_auth_algs` (ESP), each an algorithm name,
 *   number or `any` with an optional key size `(n)`, `(n..)`, `(..m)`, `(n..m)`;
 *   `sa shared|unique`; `dir in|out`.
 *
 * Addresses are IPv4 or IPv6 with prefixes (`smask`/`dmask` are IPv4 only); `type` and `code`
 * take the ICMP keywords with `ulp icmp` and the ICMPv6 ones (`echo6`, `no-route6`, ...) with
 * `ulp ipv6-icmp`. An entry without addresses applies to both families (IpsecMask::AnyFamily());
 * with an address on one side, the other side is every address of that family.
 * A name with several addresses gives one entry per address pair of one family, as the real
 * tool does.
 * Each entry becomes one ADD_POLICY operation (per address pair); precedence is the SPD's
 * (illumos: bypass first, then AH+ESP, ESP, AH, then file order).
 */
class IpsecconfReader
{
  public:
    /**
     * \param text the file's contents
     * \return the operations and warnings (throws IpsecConfigError on the first error)
     */
    static IpsecConfigParse Parse(const std::string& text);
};

} // namespace ns3

#endif /* IPSECCONF_READER_H */
