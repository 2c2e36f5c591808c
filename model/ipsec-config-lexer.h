/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_CONFIG_LEXER_H
#define IPSEC_CONFIG_LEXER_H

#include "ipsec-config-error.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief One token of a configuration file, with its position.
 */
struct IpsecConfigToken
{
    /// What the token is.
    enum Kind
    {
        WORD,      //!< a run of characters without blanks or punctuation
        STRING,    //!< a double-quoted string (setkey keys, Solaris labels), quotes removed
        OPEN,      //!< `{`
        CLOSE,     //!< `}`
        SEMICOLON, //!< `;`
        END        //!< end of the text
    };

    Kind kind{END};         //!< the kind
    std::string text;       //!< the characters (for WORD and STRING)
    uint32_t line{1};       //!< 1-based line
    uint32_t column{1};     //!< 1-based column
    bool startsLine{false}; //!< first token of a (logical) line
};

/**
 * \ingroup ipsec
 * \brief Splits configuration text into tokens and walks through them: ipsecconf, ipseckey and
 * setkey, and the Solaris IKEv2 daemon's ikev2.config and ikev2.preshared.
 *
 * `#` starts a comment that runs to the end of the line. The rest depends on the format, as
 * given by Syntax: braces for ipsecconf and the Solaris files, `;` for setkey, quoted strings
 * for setkey and the Solaris files, backslash-newline continuation for ipseckey; `//` comments,
 * comments that end a word, backslash escapes in strings, the refusal of control characters and
 * size limits for the Solaris files. Columns count bytes, a tab being one column.
 *
 * The constructor reads the whole text once and throws its first lexical error (an
 * unterminated string, a refused control character, a word or string over the limit) as an
 * IpsecConfigError at the offending position, so a lexical error comes before any grammar
 * error, wherever it is. The tokens are then made one at a time as they are consumed, so a
 * lexer holds nothing but a copy of its text and the next token.
 */
class IpsecConfigLexer
{
  public:
    /// The longest text accepted when Syntax::limits is set, bytes.
    static constexpr size_t MAX_TEXT = size_t(1) << 20;
    /// The longest word or string accepted when Syntax::limits is set, bytes.
    static constexpr size_t MAX_TOKEN = size_t(1) << 14;

    /// Which punctuation and lexical rules the format has.
    struct Syntax
    {
        bool braces = false;             //!< `{` and `}` are tokens (ipsecconf, Solaris)
        bool semicolons = false;         //!< `;` is a token (setkey)
        bool quotes = false;             //!< "..." on one line is a STRING token (setkey, Solaris)
        bool backslashContinues = false; //!< `\` + newline joins lines (ipseckey)
        bool slashComments = false;      //!< `//` starts a comment too (ikev2.config)
        /// a comment may start in the middle of a word, ending it (Solaris); otherwise `#`
        /// (and `//`) inside a word belong to the word
        bool commentsEndWords = false;
        /// in a quoted string, a backslash before a double quote or itself escapes it; before
        /// anything else it is taken literally (Solaris); otherwise backslashes are plain
        bool escapes = false;
        /// control characters (below 0x20, and 0x7f) other than tab, carriage return and
        /// newline are refused outside comments, NUL included (Solaris); otherwise vertical tab
        /// and form feed are blanks and the others belong to words
        bool refuseControls = false;
        /// refuse texts longer than MAX_TEXT and words or strings longer than MAX_TOKEN bytes
        /// (Solaris)
        bool limits = false;
    };

    /**
     * \brief Check a whole text and prepare to tokenize it (throws IpsecConfigError at the
     * first lexical error).
     * \param text the file contents
     * \param syntax the format's punctuation and lexical rules
     */
    IpsecConfigLexer(const std::string& text, const Syntax& syntax);

    /**
     * \return the next token without consuming it (END at the end); the reference is valid
     *         until the next call of a consuming method
     */
    const IpsecConfigToken& Peek() const;
    /// \return the next token, consumed
    IpsecConfigToken Next();
    /// \return true when only END is left
    bool AtEnd() const;
    /**
     * \brief Consume a WORD or fail with "expected WHAT".
     * \param what what the grammar wants here, for the message
     * \return the word token
     */
    IpsecConfigToken ExpectWord(const std::string& what);
    /**
     * \brief Consume a token of a kind or fail with "expected WHAT".
     * \param kind the kind wanted
     * \param what what the grammar wants here, for the message
     * \return the token
     */
    IpsecConfigToken Expect(IpsecConfigToken::Kind kind, const std::string& what);
    /**
     * \brief Consume a WORD or a STRING or fail with "expected WHAT".
     * \param what what the grammar wants here, for the message
     * \return the token
     */
    IpsecConfigToken ExpectValue(const std::string& what);
    /**
     * \brief Throw an error at a token.
     * \param token where
     * \param message what is wrong
     */
    [[noreturn]] static void Fail(const IpsecConfigToken& token, const std::string& message);
    /**
     * \param token a token
     * \return how to name it in a message: `"word"`, `'{'`, `end of file`
     */
    static std::string Describe(const IpsecConfigToken& token);

  private:
    /**
     * \brief Skip blanks and comments, then consume the token that follows.
     * \return the token (END at the end; throws IpsecConfigError at a lexical error)
     */
    IpsecConfigToken Scan();
    /**
     * \brief Consume a quoted string, its opening quote being the current byte.
     * \param token the token, with its position set; receives the text
     */
    void ScanString(IpsecConfigToken& token);
    /// \brief Move one byte on, keeping the line and column.
    void Advance();
    /// \return true when a comment starts at the current byte
    bool AtComment() const;
    /**
     * \param c a byte
     * \return true when it ends a word: a one-byte token or a quote of the format
     */
    bool IsPunctuation(char c) const;
    /**
     * \brief Refuse a word or string that has grown over MAX_TOKEN (with Syntax::limits).
     * \param token the token
     * \param what "word" or "string"
     */
    void CheckLength(const IpsecConfigToken& token, const char* what) const;

    std::string m_text;        //!< the text
    Syntax m_syntax;           //!< the format's rules
    size_t m_at{0};            //!< the current byte
    uint32_t m_line{1};        //!< its 1-based line
    uint32_t m_column{1};      //!< its 1-based column
    bool m_lineStart{true};    //!< no token yet on the current (logical) line
    IpsecConfigToken m_peeked; //!< the next token
};

} // namespace ns3

#endif /* IPSEC_CONFIG_LEXER_H */
