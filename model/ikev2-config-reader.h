/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_CONFIG_READER_H
#define IKEV2_CONFIG_READER_H

/**
 * \file
 * \ingroup ipsec
 * Reads the Solaris IKEv2 daemon's configuration, ikev2.config(4) with its ikev2.preshared(4),
 * into an Ikev2Config.
 */

#include "ikev2-config-result.h"
#include "ikev2-config.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Reads the rules of a Solaris ikev2.config file (the IKEv2 part of the peer
 * authentication database of in.ikev2d) into the peers of an Ikev2Config, and with
 * Ikev2PresharedReader their keys from ikev2.preshared.
 *
 * Lexical rules (ikev2.config(4)): an unquoted `#` or `//` starts a comment that runs to the
 * end of the line, even inside a word; strings are double-quoted, on one line, a backslash
 * escaping a double quote or itself. IpsecConfigLexer tokenizes the text with these rules, and
 * refuses control characters, texts over IpsecConfigLexer::MAX_TEXT bytes and words or strings
 * over IpsecConfigLexer::MAX_TOKEN bytes. Global parameters come first and
 * apply to every rule; rules are `{ ... }` blocks that may override them; every rule has a
 * unique `label`. A rule becomes one Ikev2Config::Peer named after its label, with
 * Ikev2Config::Peer::solaris set and without children: as with in.ikev2d, the Child SAs come
 * from the IPsec policy.
 *
 * Accepted:
 * - Global and in a rule: `ikesa_xform { encr_alg ALG[(BITS[..BITS])] auth_alg ALG
 *   dh_group N }` (any number; a rule's own transforms replace the global ones; read by
 *   Ikev2ProposalSpec::ParseSolarisXform, `oakley_group` taken for `dh_group` as Oracle's own
 *   VPNaaS template writes it), `ikesa_lifetime_secs N`, and the Child SA parameters
 *   `childsa_lifetime_secs N`, `childsa_lifetime_kb N`, `childsa_pfs GROUP` (0: no PFS).
 * - In a rule: `label "text"` (an unquoted word is taken too), `auth_method preshared`,
 * `local_addr` and `remote_addr` (any number each: an IPv4 or IPv6 address, a prefix `a/n`, a range
 * `a-b`, or an ns-3 node name), `local_id TYPE = "value"` and `remote_id TYPE = "value"` (one each;
 * TYPE IP, IPv4, IPv6, FQDN, DNS, USER_FQDN, MBOX, EMAIL or KEYID, case-insensitive; `=` optional).
 *
 * How they map: each ikesa_xform becomes one IKE proposal, kept as strongSwan notation text
 * (Ikev2ProposalSpec::ToString(), e.g. `aes256-prfsha384-sha384-ecp256`) at the position of its
 * `ikesa_xform` keyword; no transforms at all leaves ikeProposals empty (the model's default).
 * ikesa_lifetime_secs N is the IKE SA's lifetime: rekeyTime is 90 % of it and overTime the
 * last 10 %; without it the Ikev2Config defaults stay. An address range becomes the prefixes
 * that cover exactly that range. No local_id means the local address identity
 * (Peer::EffectiveLocalId()), no remote_id any identity, as in.ikev2d does. The childsa_*
 * parameters in force for a rule (its own, else the global ones) go to Peer::childLifeTime,
 * Peer::childLifeKilobytes and Peer::childPfs, for the Child SAs made from the IPsec policy.
 *
 * Refused, with the reason: auth_method values other than preshared (certificates are not
 * modelled), DN identities and wildcards, several local_id or remote_id, 3DES, MD5 and DH
 * groups other than 14, 19 and 31 (Ikev2ProposalSpec), IKEv1 ike.config(4) keywords (p1_xform,
 * p2_pfs, localid, ...), certificate keywords of ike.config (cert_root, ...), a global
 * parameter after the first rule, a rule without label or auth_method, a label used twice.
 * Misspellings get the list of valid keywords.
 *
 * Where the spellings come from. Oracle's ikev2.config(4) could be read only in part: its
 * lexical rules (`#` and `//` comments, quoted strings) and that rules need unique labels (also
 * in "Securing the Network in Oracle Solaris 11.2", with rules for IPv4 and IPv6 address
 * prefixes and PSK). Oracle's VPNaaS templates for in.ikev2d (OpenStack neutron, shipped with
 * Solaris) write `label`, `local_addr`, `remote_addr`, `local_id IP = "..."`,
 * `remote_id IP = "..."`, `childsa_pfs N`, `auth_method preshared` and
 * `ikesa_xform { oakley_group N auth_alg sha1 encr_alg aes(128..128) }`. The documented example
 * of the issue 19 plan gives `ikesa_lifetime_secs` and `dh_group`. Not verified, taken from the
 * plan's grammar: the identity types other than IP, `childsa_lifetime_secs`,
 * `childsa_lifetime_kb`, `childsa_pfs 0` for no PFS, and address ranges.
 */
class Ikev2ConfigReader
{
  public:
    /**
     * \brief Parse ikev2.config text alone: the peers, without keys, not validated (without
     * keys, Ikev2Config::Validate() would refuse every rule).
     * \param text the contents
     * \param source the name errors carry (the file name)
     * \param config set to the peers (source included) when the text is valid, untouched
     *        otherwise
     * \return ok, or the first error as `source:line:column: message`
     */
    static Ikev2ConfigResult Parse(const std::string& text,
                                   const std::string& source,
                                   Ikev2Config& config);

    /**
     * \brief Read ikev2.config and ikev2.preshared as one transaction: parse both, give the
     * keys to the rules (Ikev2PresharedReader::Apply()), then Ikev2Config::Validate().
     * \param configText the ikev2.config contents
     * \param configSource its name, for errors
     * \param presharedText the ikev2.preshared contents
     * \param presharedSource its name, for errors
     * \param config set to the configuration (source: configSource) when both are valid,
     *        untouched otherwise
     * \return ok, or the first error as `file:line:column: message`
     */
    static Ikev2ConfigResult Read(const std::string& configText,
                                  const std::string& configSource,
                                  const std::string& presharedText,
                                  const std::string& presharedSource,
                                  Ikev2Config& config);

    /**
     * \brief Read an ikev2.config file and its ikev2.preshared file, as Read().
     * \param configPath the ikev2.config file
     * \param presharedPath the ikev2.preshared file
     * \param config as for Read()
     * \return as Read(), with the paths as sources; an unreadable file is an error
     */
    static Ikev2ConfigResult ReadFiles(const std::string& configPath,
                                       const std::string& presharedPath,
                                       Ikev2Config& config);
};

} // namespace ns3

#endif /* IKEV2_CONFIG_READER_H */
