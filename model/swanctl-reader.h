/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SWANCTL_READER_H
#define SWANCTL_READER_H

/**
 * \file
 * \ingroup ipsec
 * Reads strongSwan's swanctl.conf(5) into an Ikev2Config.
 */

#include "ikev2-config-result.h"
#include "ikev2-config.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Reads the `connections` and `secrets` sections of a swanctl.conf file into an
 * Ikev2Config, the subset this model implements (IKEv2, PSK authentication, ESP children).
 *
 * Accepted, with strongSwan's defaults:
 * - `connections.NAME`: version (0 or 2), local_addrs, remote_addrs (addresses of either
 *   family, subnets, ns-3 node names, `%any`, `%any4`, `%any6`), local_port, remote_port,
 *   proposals (kept as text), encap, dpd_delay, rekey_time, over_time, rand_time, keyingtries;
 *   checked and otherwise ignored: reauth_time (0 only), mobike (no only), fragmentation,
 *   unique (no or never), send_cert, send_certreq.
 * - `local*` and `remote*` sections (one of each): auth (psk only), id.
 * - `children.NAME`: local_ts, remote_ts (`dynamic`, subnets, addresses, ranges `a-b`,
 *   `%any`, `%any4`, `%any6`, each with an optional `[protocol/port]`; for ICMP the "port" is
 *   the type), esp_proposals, mode (tunnel, transport), start_action (none, trap,
 *   start), dpd_action (clear, none, trap, restart), close_action (none, trap, start),
 *   rekey_time, life_time, rand_time, rekey_bytes, life_bytes, rekey_packets, life_packets,
 *   replay_window, and ipcomp (no), hw_offload (no), policies (yes).
 * - `secrets.ike*`: id* (any number), secret (text, `0x` hex or `0s` base64).
 *
 * Everything else is refused by name with the reason, and misspellings get the list of valid
 * keywords. Times are seconds, or a number with s, m, h or d. Booleans are yes, no, true,
 * false, enabled, disabled, 1 or 0. Reading is atomic: on any error (syntax, value, or
 * Ikev2Config::Validate()) the configuration passed in is left as it was.
 */
class SwanctlReader
{
  public:
    /**
     * \brief Read swanctl.conf text.
     * \param text the contents
     * \param source the name errors carry (the file name)
     * \param config set to the configuration (source included) when the text is valid,
     *        untouched otherwise
     * \return ok, or the first error as `source:line:column: message`
     */
    static Ikev2ConfigResult Read(const std::string& text,
                                  const std::string& source,
                                  Ikev2Config& config);

    /**
     * \brief Read a swanctl.conf file.
     * \param path the file
     * \param config as for Read()
     * \return as Read(), with the path as the source; an unreadable file is an error
     */
    static Ikev2ConfigResult ReadFile(const std::string& path, Ikev2Config& config);
};

} // namespace ns3

#endif /* SWANCTL_READER_H */
