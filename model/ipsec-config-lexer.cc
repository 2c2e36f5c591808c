/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-config-lexer.h"

#include <cctype>
#include <cstdio>

namespace ns3
{

namespace
{

/**
 * \param c a byte
 * \return true for a control character that Syntax::refuseControls refuses (NUL included);
 *         tab, carriage return and newline are blanks
 */
bool
IsControl(char c)
{
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\r' && c != '\n') || u == 0x7f;
}

/**
 * \param c a byte
 * \return true for a blank: space, tab, newline, vertical tab, form feed, carriage return
 */
bool
IsBlank(char c)
{
    return std::isspace(static_cast<unsigned char>(c)) != 0;
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

IpsecConfigLexer::IpsecConfigLexer(const std::string& text, const Syntax& syntax)
    : m_syntax(syntax)
{
    if (syntax.limits && text.size() > MAX_TEXT)
    {
        throw IpsecConfigError(1,
                               1,
                               "text of " + std::to_string(text.size())
                                   + " bytes is too long (at most " + std::to_string(MAX_TEXT)
                                   + ")");
    }
    m_text = text;
    // Read everything once, so that the first lexical error is thrown here, then start over.
    while (Scan().kind != IpsecConfigToken::END)
    {
    }
    m_at = 0;
    m_line = 1;
    m_column = 1;
    m_lineStart = true;
    m_peeked = Scan();
}

const IpsecConfigToken&
IpsecConfigLexer::Peek() const
{
    return m_peeked;
}

IpsecConfigToken
IpsecConfigLexer::Next()
{
    IpsecConfigToken token = m_peeked;
    if (token.kind != IpsecConfigToken::END)
    {
        m_peeked = Scan();
    }
    return token;
}

bool
IpsecConfigLexer::AtEnd() const
{
    return m_peeked.kind == IpsecConfigToken::END;
}

IpsecConfigToken
IpsecConfigLexer::ExpectWord(const std::string& what)
{
    return Expect(IpsecConfigToken::WORD, what);
}

IpsecConfigToken
IpsecConfigLexer::Expect(IpsecConfigToken::Kind kind, const std::string& what)
{
    if (Peek().kind != kind)
    {
        Fail(Peek(), "expected " + what + ", found " + Describe(Peek()));
    }
    return Next();
}

IpsecConfigToken
IpsecConfigLexer::ExpectValue(const std::string& what)
{
    if (Peek().kind != IpsecConfigToken::WORD && Peek().kind != IpsecConfigToken::STRING)
    {
        Fail(Peek(), "expected " + what + ", found " + Describe(Peek()));
    }
    return Next();
}

void
IpsecConfigLexer::Fail(const IpsecConfigToken& token, const std::string& message)
{
    throw IpsecConfigError(token.line, token.column, message);
}

std::string
IpsecConfigLexer::Describe(const IpsecConfigToken& token)
{
    switch (token.kind)
    {
        case IpsecConfigToken::END:
            return "end of file";
        case IpsecConfigToken::STRING:
            return "string \"" + token.text + "\"";
        case IpsecConfigToken::WORD:
            return "\"" + token.text + "\"";
        default:
            return "'" + token.text + "'";
    }
}

void
IpsecConfigLexer::Advance()
{
    if (m_text[m_at] == '\n')
    {
        ++m_line;
        m_column = 1;
    }
    else
    {
        ++m_column;
    }
    ++m_at;
}

bool
IpsecConfigLexer::AtComment() const
{
    return m_text[m_at] == '#'
        || (m_syntax.slashComments && m_text[m_at] == '/' && m_at + 1 < m_text.size()
            && m_text[m_at + 1] == '/');
}

bool
IpsecConfigLexer::IsPunctuation(char c) const
{
    return (m_syntax.braces && (c == '{' || c == '}')) || (m_syntax.semicolons && c == ';')
        || (m_syntax.quotes && c == '"');
}

void
IpsecConfigLexer::CheckLength(const IpsecConfigToken& token, const char* what) const
{
    if (m_syntax.limits && token.text.size() > MAX_TOKEN)
    {
        throw IpsecConfigError(token.line,
                               token.column,
                               std::string(what) + " longer than " + std::to_string(MAX_TOKEN)
                                   + " bytes");
    }
}

IpsecConfigToken
IpsecConfigLexer::Scan()
{
    const size_t size = m_text.size();
    while (m_at < size)
    {
        char c = m_text[m_at];
        if (m_syntax.refuseControls && IsControl(c))
        {
            break; // refused below, at its position
        }
        if (c == '\n')
        {
            m_lineStart = true;
            Advance();
            continue;
        }
        if (IsBlank(c))
        {
            Advance();
            continue;
        }
        if (m_syntax.backslashContinues && c == '\\')
        {
            size_t j = m_at + 1;
            while (j < size && m_text[j] != '\n' && IsBlank(m_text[j]))
            {
                ++j;
            }
            if (j >= size || m_text[j] == '\n')
            {
                // The line continues: the newline does not end the command.
                while (m_at < size && m_at <= j)
                {
                    Advance();
                }
                continue;
            }
        }
        if (AtComment())
        {
            while (m_at < size && m_text[m_at] != '\n')
            {
                Advance();
            }
            continue;
        }
        break;
    }
    IpsecConfigToken token;
    token.line = m_line;
    token.column = m_column;
    token.startsLine = m_lineStart;
    if (m_at >= size)
    {
        token.kind = IpsecConfigToken::END;
        token.startsLine = true;
        return token;
    }
    m_lineStart = false;
    char c = m_text[m_at];
    if (m_syntax.refuseControls && IsControl(c))
    {
        throw IpsecConfigError(m_line, m_column, ControlMessage(c, ""));
    }
    if (m_syntax.braces && (c == '{' || c == '}'))
    {
        token.kind = c == '{' ? IpsecConfigToken::OPEN : IpsecConfigToken::CLOSE;
        token.text = std::string(1, c);
        Advance();
    }
    else if (m_syntax.semicolons && c == ';')
    {
        token.kind = IpsecConfigToken::SEMICOLON;
        token.text = ";";
        Advance();
    }
    else if (m_syntax.quotes && c == '"')
    {
        ScanString(token);
    }
    else
    {
        token.kind = IpsecConfigToken::WORD;
        while (m_at < size)
        {
            char w = m_text[m_at];
            if (m_syntax.refuseControls && IsControl(w))
            {
                throw IpsecConfigError(m_line, m_column, ControlMessage(w, ""));
            }
            if (IsBlank(w) || IsPunctuation(w) || (m_syntax.commentsEndWords && AtComment()))
            {
                break;
            }
            token.text += w;
            Advance();
            CheckLength(token, "word");
        }
    }
    return token;
}

void
IpsecConfigLexer::ScanString(IpsecConfigToken& token)
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
            return;
        }
        if (m_syntax.refuseControls && IsControl(s))
        {
            throw IpsecConfigError(m_line, m_column, ControlMessage(s, " in a string"));
        }
        if (m_syntax.escapes && s == '\\' && m_at + 1 < m_text.size()
            && (m_text[m_at + 1] == '"' || m_text[m_at + 1] == '\\'))
        {
            Advance();
            s = m_text[m_at];
        }
        token.text += s;
        Advance();
        CheckLength(token, "string");
    }
}

} // namespace ns3
