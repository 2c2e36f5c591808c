/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef STRONGSWAN_SETTINGS_H
#define STRONGSWAN_SETTINGS_H

/**
 * \file
 * \ingroup ipsec
 * A parser for the strongSwan settings syntax (strongswan.conf(5)), which swanctl.conf uses.
 */

#include "ipsec-config-error.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The tree of sections and key/value pairs of a strongSwan settings file, each with its
 * position.
 *
 * Syntax, as strongswan.conf(5) describes it:
 * - `name {` opens a section, `}` closes it; a section may hold sections and key/value pairs.
 * - `key = value`: the value runs to the end of the line, a `#` or a `}`, blanks trimmed at
 *   both ends; or it is a double-quoted string, which may span lines and knows the escapes
 *   `\"`, `\\`, `\n`, `\t` and `\r`. An empty value is allowed.
 * - `#` starts a comment that runs to the end of the line (outside quotes).
 * - Section names and keys are runs of printable characters other than blanks and
 *   `. , : { } = " #`.
 *
 * As in strongSwan, a key given twice in a section keeps the later value (and its position),
 * and a section given twice in the same parent is one section: the second adds to the first.
 *
 * Refused, with the reason: `include` (this model reads one file), section references
 * (`name : other {`), and, against hostile input, texts over MAX_TEXT bytes, names and
 * values over MAX_VALUE bytes, sections nested deeper than MAX_DEPTH, and control characters other
 * than tab, carriage return and newline. Errors are thrown as IpsecConfigError at the offending
 * position (1-based line and column, columns count bytes).
 */
class StrongswanSettings
{
  public:
    static constexpr size_t MAX_TEXT = 1 << 26;  //!< longest text accepted, bytes (64 MiB)
    static constexpr size_t MAX_VALUE = 1 << 14; //!< longest name or value accepted, bytes
    static constexpr size_t MAX_DEPTH = 16;      //!< deepest section nesting accepted

    /// A name or a value with the position of its first character.
    struct Value
    {
        std::string text;   //!< the characters (quotes removed, escapes resolved)
        uint32_t line{0};   //!< 1-based line
        uint32_t column{0}; //!< 1-based column (of the opening quote for a quoted value)
        bool quoted{false}; //!< whether it was written as a quoted string
    };

    /// A `key = value` pair.
    struct KeyValue
    {
        Value key;   //!< the key
        Value value; //!< the value
    };

    /// A section: its name, its pairs and its subsections, in file order.
    struct Section
    {
        Value name;                    //!< the name (empty for the whole file)
        std::vector<KeyValue> values;  //!< the pairs
        std::vector<Section> sections; //!< the subsections

        /**
         * \param key a key
         * \return its pair, or nullptr
         */
        const KeyValue* Find(const std::string& key) const;

        /**
         * \brief Add a pair; one with the same key is replaced (the later value wins). Through
         * an index of the keys, so that a section of many pairs fills in linear time.
         * \param pair the pair
         */
        void Set(KeyValue pair);

        /**
         * \param name a subsection's name
         * \return the subsection of that name, appended when there is none (a section given
         *         twice is one section); through an index, as Set()
         */
        Section& Subsection(const Value& name);

      private:
        /// Rebuild the indexes when values or sections changed other than through Set() and
        /// Subsection() (their sizes then differ from the indexes').
        void Reindex();

        std::unordered_map<std::string, size_t> m_valueIndex;   //!< values by key
        std::unordered_map<std::string, size_t> m_sectionIndex; //!< sections by name
    };

    /**
     * \brief Parse a whole text.
     * \param text the file contents
     * \return the root section (no name), holding the file's top-level sections and pairs;
     *         throws IpsecConfigError on any error
     */
    static Section Parse(const std::string& text);
};

} // namespace ns3

#endif /* STRONGSWAN_SETTINGS_H */
