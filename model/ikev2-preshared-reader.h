/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_PRESHARED_READER_H
#define IKEV2_PRESHARED_READER_H

/**
 * \file
 * \ingroup ipsec
 * Reads the Solaris IKEv2 daemon's pre-shared keys, ikev2.preshared(4), into an Ikev2Config.
 */

#include "ikev2-config-result.h"
#include "ikev2-config.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Reads ikev2.preshared, the pre-shared keys of Solaris' in.ikev2d, and gives them to
 * the rules (Ikev2Config peers with Ikev2Config::Peer::solaris set) of an ikev2.config read by
 * Ikev2ConfigReader.
 *
 * The format, as ikev2.preshared(4) (Solaris 11.2 to 11.4) describes it: a list of entries
 * delimited by `{` and `}`, each with one or more `label` attributes (quoted ASCII strings
 * naming ikev2.config rules; an unquoted word is taken too) and key information: either one `key`,
 * or `local_key` and/or `remote_key` (the key for the AUTH payload we compute, and the one for the
 * peer's). A key is a hex string, with or without `0x`, or a quoted ASCII string, in which a
 * backslash escapes a double quote or itself. `#` starts a comment (the man page documents it in
 * the first column; this reader takes it anywhere outside a string). IpsecConfigLexer tokenizes
 * the text, refusing control characters and over-long texts, words and strings.
 *
 * Each entry that names at least one rule becomes one Ikev2Config::Secret: its labels are the
 * entry's labels that name a rule (a label that matches no rule is ignored, as in.ikev2d does),
 * its name and position those of the first of them, and key, localKey and remoteKey are the
 * entry's. Ikev2Config::PskFor() gives a rule the secret that carries its label.
 *
 * Refused, each with its reason:
 * - key together with local_key or remote_key in one entry, and a key attribute given twice;
 * - an entry without a label or without a key;
 * - local_key without remote_key, or remote_key without local_key, in an entry that keys a
 *   rule: this model authenticates both sides with pre-shared keys only, so nothing would
 *   compute or check the other AUTH payload;
 * - a rule without a key (this model authenticates with pre-shared keys only);
 * - a label keyed by two entries (the man page does not say which would win), and a label that
 *   a Secret of the configuration carries already (keys are added, not replaced);
 * - IKEv1's ike.preshared attributes (localid, remoteid, localidtype, remoteidtype), by name.
 *
 * Reading is atomic: on any error the configuration passed in is left as it was.
 */
class Ikev2PresharedReader
{
  public:
    /// A label of an entry, and where it is.
    struct Label
    {
        std::string text;            //!< the rule label
        Ikev2Config::Position where; //!< the position of its value
    };

    /// One pre-shared key entry, as written.
    struct Entry
    {
        Ikev2Config::Position where;          //!< the position of its `{`
        std::vector<Label> labels;            //!< its labels, in order
        IpsecBytes key;                       //!< `key`; empty when not given
        IpsecBytes localKey;                  //!< `local_key`; empty when not given
        IpsecBytes remoteKey;                 //!< `remote_key`; empty when not given
        Ikev2Config::Position keyWhere;       //!< the position of the `key` keyword
        Ikev2Config::Position localKeyWhere;  //!< the position of the `local_key` keyword
        Ikev2Config::Position remoteKeyWhere; //!< the position of the `remote_key` keyword
    };

    /**
     * \brief Parse ikev2.preshared text into its entries, checking each entry on its own.
     * \param text the contents
     * \param source the name errors carry (the file name)
     * \param entries set to the entries when the text is valid, untouched otherwise
     * \return ok, or the first error as `source:line:column: message`
     */
    static Ikev2ConfigResult Parse(const std::string& text,
                                   const std::string& source,
                                   std::vector<Entry>& entries);

    /**
     * \brief Give parsed keys to the rules of a configuration: append one Secret per entry that
     * names a rule, then check that every rule has a key. Does not run Ikev2Config::Validate().
     * \param entries parsed entries
     * \param source the name of the file they came from, for errors at their positions
     * \param config the configuration (its peers are the rules); changed only on success
     * \return ok, or the first error as `file:line:column: message` (the ikev2.preshared file
     *         for errors in an entry, config.source for a rule without a usable key)
     */
    static Ikev2ConfigResult Apply(const std::vector<Entry>& entries,
                                   const std::string& source,
                                   Ikev2Config& config);

    /**
     * \brief Read ikev2.preshared text into a configuration that holds the rules already:
     * Parse(), Apply(), then Ikev2Config::Validate().
     * \param text the contents
     * \param source the name errors carry (the file name)
     * \param config the configuration; changed only when everything succeeds
     * \return ok, or the first error
     */
    static Ikev2ConfigResult Read(const std::string& text,
                                  const std::string& source,
                                  Ikev2Config& config);
};

} // namespace ns3

#endif /* IKEV2_PRESHARED_READER_H */
