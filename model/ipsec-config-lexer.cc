/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-config-lexer.h"

#include <cctype>

namespace ns3
{

IpsecConfigLexer::IpsecConfigLexer(const std::string& text, const Syntax& syntax)
{
    uint32_t line = 1;
    uint32_t column = 1;
    bool lineStart = true;
    size_t i = 0;
    auto advance = [&](size_t n) {
        for (size_t k = 0; k < n && i < text.size(); ++k, ++i)
        {
            if (text[i] == '\n')
            {
                ++line;
                column = 1;
            }
            else
            {
                ++column;
            }
        }
    };
    auto isPunct = [&](char c) {
        return (syntax.braces && (c == '{' || c == '}')) || (syntax.semicolons && c == ';')
            || (syntax.quotes && c == '"');
    };
    while (i < text.size())
    {
        char c = text[i];
        if (c == '\n')
        {
            lineStart = true;
            advance(1);
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)))
        {
            advance(1);
            continue;
        }
        if (syntax.backslashContinues && c == '\\')
        {
            size_t j = i + 1;
            while (j < text.size() && text[j] != '\n'
                   && std::isspace(static_cast<unsigned char>(text[j])))
            {
                ++j;
            }
            if (j >= text.size() || text[j] == '\n')
            {
                advance(j - i + 1); // the line continues: the newline does not end the command
                continue;
            }
        }
        if (c == '#')
        {
            while (i < text.size() && text[i] != '\n')
            {
                advance(1);
            }
            continue;
        }
        IpsecConfigToken token;
        token.line = line;
        token.column = column;
        token.startsLine = lineStart;
        lineStart = false;
        if (syntax.braces && (c == '{' || c == '}'))
        {
            token.kind = c == '{' ? IpsecConfigToken::OPEN : IpsecConfigToken::CLOSE;
            token.text = std::string(1, c);
            advance(1);
        }
        else if (syntax.semicolons && c == ';')
        {
            token.kind = IpsecConfigToken::SEMICOLON;
            token.text = ";";
            advance(1);
        }
        else if (syntax.quotes && c == '"')
        {
            token.kind = IpsecConfigToken::STRING;
            advance(1);
            while (i < text.size() && text[i] != '"')
            {
                if (text[i] == '\n')
                {
                    throw IpsecConfigError(token.line, token.column, "unterminated string");
                }
                token.text += text[i];
                advance(1);
            }
            if (i >= text.size())
            {
                throw IpsecConfigError(token.line, token.column, "unterminated string");
            }
            advance(1);
        }
        else
        {
            token.kind = IpsecConfigToken::WORD;
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))
                   && !isPunct(text[i]))
            {
                token.text += text[i];
                advance(1);
            }
        }
        m_tokens.push_back(token);
    }
    IpsecConfigToken end;
    end.kind = IpsecConfigToken::END;
    end.line = line;
    end.column = column;
    end.startsLine = true;
    m_tokens.push_back(end);
}

const IpsecConfigToken&
IpsecConfigLexer::Peek() const
{
    return m_tokens[m_next];
}

IpsecConfigToken
IpsecConfigLexer::Next()
{
    const IpsecConfigToken& token = m_tokens[m_next];
    if (token.kind != IpsecConfigToken::END)
    {
        ++m_next;
    }
    return token;
}

bool
IpsecConfigLexer::AtEnd() const
{
    return Peek().kind == IpsecConfigToken::END;
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

} // namespace ns3
