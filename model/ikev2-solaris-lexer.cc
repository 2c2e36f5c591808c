/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-solaris-lexer.h"

#include <cstdio>

namespace ns3
{

namespace
{

/**
 * \param c a byte
 * \return true for a control character the files may not hold (NUL included); tab, carriage
 *         return and newline are blanks
 */
bool
IsControl(char c)
{
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\r' && c != '\n') || u == 0x7f;
}

/**
 * \param c a byte
 * \return true for a blank: space, tab, carriage return, newline
 */
bool
IsBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/**
 * \param c a byte
 * \param where "" or " in a string"
 * \return the message refusing it: `control character 0x00`
 */
std::string
ControlMessage(char c, const std::string& where)
{
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%02x", static_cast<unsigned char>(c));
    return std::string("control character ") + hex + where;
}

} // namespace

Ikev2SolarisLexer::Ikev2SolarisLexer(const std::string& text, bool slashComments)
    : m_slashComments(slashComments)
{
    if (text.size() > MAX_TEXT)
    {
        throw IpsecConfigError(1,
                               1,
                               "text of " + std::to_string(text.size())
                                   + " bytes is too long (at most " + std::to_string(MAX_TEXT)
                                   + ")");
    }
    m_text = text;
    m_peeked = Scan();
}

const IpsecConfigToken&
Ikev2SolarisLexer::Peek() const
{
    return m_peeked;
}

IpsecConfigToken
Ikev2SolarisLexer::Next()
{
    IpsecConfigToken token = m_peeked;
    if (token.kind != IpsecConfigToken::END)
    {
        m_peeked = Scan();
    }
    return token;
}

bool
Ikev2SolarisLexer::AtEnd() const
{
    return m_peeked.kind == IpsecConfigToken::END;
}

IpsecConfigToken
Ikev2SolarisLexer::Expect(IpsecConfigToken::Kind kind, const std::string& what)
{
    if (m_peeked.kind != kind)
    {
        IpsecConfigLexer::Fail(m_peeked,
                               "expected " + what + ", found "
                                   + IpsecConfigLexer::Describe(m_peeked));
    }
    return Next();
}

IpsecConfigToken
Ikev2SolarisLexer::ExpectValue(const std::string& what)
{
    if (m_peeked.kind != IpsecConfigToken::WORD && m_peeked.kind != IpsecConfigToken::STRING)
    {
        IpsecConfigLexer::Fail(m_peeked,
                               "expected " + what + ", found "
                                   + IpsecConfigLexer::Describe(m_peeked));
    }
    return Next();
}

void
Ikev2SolarisLexer::Advance()
{
    if (m_text[m_at] == '\n')
    {
        ++m_line;
        m_column = 1;
        m_lineStart = true;
    }
    else
    {
        ++m_column;
    }
    ++m_at;
}

bool
Ikev2SolarisLexer::AtComment() const
{
    return m_text[m_at] == '#'
        || (m_slashComments && m_text[m_at] == '/' && m_at + 1 < m_text.size()
            && m_text[m_at + 1] == '/');
}

IpsecConfigToken
Ikev2SolarisLexer::Scan()
{
    while (m_at < m_text.size())
    {
        if (IsBlank(m_text[m_at]))
        {
            Advance();
        }
        else if (AtComment())
        {
            while (m_at < m_text.size() && m_text[m_at] != '\n')
            {
                Advance();
            }
        }
        else
        {
            break;
        }
    }
    IpsecConfigToken token;
    token.line = m_line;
    token.column = m_column;
    token.startsLine = m_lineStart;
    if (m_at >= m_text.size())
    {
        token.kind = IpsecConfigToken::END;
        token.startsLine = true;
        return token;
    }
    m_lineStart = false;
    char c = m_text[m_at];
    if (IsControl(c))
    {
        throw IpsecConfigError(m_line, m_column, ControlMessage(c, ""));
    }
    if (c == '{' || c == '}')
    {
        token.kind = c == '{' ? IpsecConfigToken::OPEN : IpsecConfigToken::CLOSE;
        token.text = std::string(1, c);
        Advance();
        return token;
    }
    if (c == '"')
    {
        token.kind = IpsecConfigToken::STRING;
        Advance();
        while (true)
        {
            if (m_at >= m_text.size() || m_text[m_at] == '\n')
            {
                throw IpsecConfigError(token.line, token.column, "unterminated string");
            }
            char s = m_text[m_at];
            if (s == '"')
            {
                Advance();
                return token;
            }
            if (IsControl(s))
            {
                throw IpsecConfigError(m_line, m_column, ControlMessage(s, " in a string"));
            }
            if (s == '\\' && m_at + 1 < m_text.size()
                && (m_text[m_at + 1] == '"' || m_text[m_at + 1] == '\\'))
            {
                Advance();
                s = m_text[m_at];
            }
            token.text += s;
            Advance();
            if (token.text.size() > MAX_TOKEN)
            {
                throw IpsecConfigError(token.line,
                                       token.column,
                                       "string longer than " + std::to_string(MAX_TOKEN)
                                           + " bytes");
            }
        }
    }
    token.kind = IpsecConfigToken::WORD;
    while (m_at < m_text.size())
    {
        char w = m_text[m_at];
        if (IsBlank(w) || w == '{' || w == '}' || w == '"' || AtComment())
        {
            break;
        }
        if (IsControl(w))
        {
            throw IpsecConfigError(m_line, m_column, ControlMessage(w, ""));
        }
        token.text += w;
        Advance();
        if (token.text.size() > MAX_TOKEN)
        {
            throw IpsecConfigError(token.line,
                                   token.column,
                                   "word longer than " + std::to_string(MAX_TOKEN) + " bytes");
        }
    }
    return token;
}

} // namespace ns3
