/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_CONFIG_LEXER_H
#define IPSEC_CONFIG_LEXER_H

#include "ipsec-config-error.h"

#include <cstdint>
#include <string>
#include <deque>
#include <vector>

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
        STRING,    //!< a double-quoted string (setkey keys), quotes removed
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
 * \brief Splits ipsecconf, ipseckey and setkey text into tokens and walks through them.
 *
 * `#` starts a comment that runs to the end of the line. The punctuation recognised depends
 * on the format: braces for ipsecconf, `;` and quoted strings for setkey, backslash-newline
 * continuation for ipseckey. Errors are thrown as IpsecConfigError at the offending position.
 */
class IpsecConfigLexer
{
  public:
    /// Which punctuation the format has.
    struct Syntax
    {
        bool braces = false;             //!< `{` and `}` are tokens (ipsecconf)
        bool semicolons = false;         //!< `;` is a token (setkey)
        bool quotes = false;             //!< "..." is a STRING token (setkey)
        bool backslashContinues = false; //!< `\` + newline joins lines (ipseckey)
    };

    /**
     * \brief Tokenize a whole text.
     * \param text the file contents
     * \param syntax the format's punctuation
     */
    IpsecConfigLexer(const std::string& text, const Syntax& syntax);

    /// \return the next token without consuming it (END at the end)
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
    std::deque<IpsecConfigToken> m_tokens; // a deque: growing never moves the tokens
    size_t m_next{0};
};

} // namespace ns3

#endif /* IPSEC_CONFIG_LEXER_H */
