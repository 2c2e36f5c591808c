/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_SOLARIS_LEXER_H
#define IKEV2_SOLARIS_LEXER_H

/**
 * \file
 * \ingroup ipsec
 * The tokenizer of the Solaris IKEv2 daemon's files, ikev2.config(4) and ikev2.preshared(4).
 */

#include "ipsec-config-lexer.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Splits Solaris ikev2.config and ikev2.preshared text into IpsecConfigToken tokens.
 *
 * The lexical rules of the Solaris man pages: an unquoted `#` starts a comment that runs to the
 * end of the line, and in ikev2.config so does an unquoted `//`; `{` and `}` are tokens; a
 * quoted string ("ASCII-string") runs to the next unescaped double quote on the same line, a
 * backslash escaping a double quote or itself and being taken literally before anything else.
 * Everything else between blanks, braces, quotes and comments is a WORD.
 *
 * IpsecConfigLexer has neither `//` comments nor backslash escapes, hence this class; it makes
 * the same tokens and throws the same IpsecConfigError. It scans on demand (one token ahead),
 * so that a hostile text never costs more than its own size. Refused, at their position:
 * control characters other than tab, carriage return and newline (NUL included) outside
 * comments, words and strings longer than MAX_TOKEN bytes, and texts longer than MAX_TEXT
 * bytes. Columns count bytes, a tab being one column, as in IpsecConfigLexer.
 */
class Ikev2SolarisLexer
{
  public:
    static constexpr size_t MAX_TEXT = 1 << 20;  //!< longest text accepted, bytes
    static constexpr size_t MAX_TOKEN = 1 << 14; //!< longest word or string accepted, bytes

    /**
     * \brief Prepare to tokenize a text (throws IpsecConfigError when it is too long, or when
     * its first token is bad).
     * \param text the file contents
     * \param slashComments whether `//` starts a comment too (ikev2.config, not ikev2.preshared)
     */
    Ikev2SolarisLexer(const std::string& text, bool slashComments);

    /// \return the next token without consuming it (END at the end)
    const IpsecConfigToken& Peek() const;

    /**
     * \brief Consume the next token (throws IpsecConfigError when the one after it is bad).
     * \return the token
     */
    IpsecConfigToken Next();

    /// \return true when only END is left
    bool AtEnd() const;

    /**
     * \brief Consume a token of a kind or fail with "expected WHAT, found ...".
     * \param kind the kind wanted
     * \param what what the grammar wants here, for the message
     * \return the token
     */
    IpsecConfigToken Expect(IpsecConfigToken::Kind kind, const std::string& what);

    /**
     * \brief Consume a WORD or a STRING or fail with "expected WHAT, found ...".
     * \param what what the grammar wants here, for the message
     * \return the token
     */
    IpsecConfigToken ExpectValue(const std::string& what);

  private:
    /// \return the token that starts at the current position (throws IpsecConfigError)
    IpsecConfigToken Scan();
    /// \brief Move one byte on, keeping the line and column.
    void Advance();
    /// \return true when an unquoted comment starts at the current position
    bool AtComment() const;

    std::string m_text;        //!< the text
    bool m_slashComments;      //!< whether `//` starts a comment
    size_t m_at{0};            //!< the current byte
    uint32_t m_line{1};        //!< its 1-based line
    uint32_t m_column{1};      //!< its 1-based column
    bool m_lineStart{true};    //!< no token yet on the current line
    IpsecConfigToken m_peeked; //!< the next token
};

} // namespace ns3

#endif /* IKEV2_SOLARIS_LEXER_H */
