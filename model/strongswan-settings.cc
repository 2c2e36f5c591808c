/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "strongswan-settings.h"

#include <cstdio>

namespace ns3
{

namespace
{

/// Characters that end a name or key besides blanks and control characters (strongswan.conf(5)).
constexpr const char* NAME_STOPS = ".,:{}=\"#";

/// The escapes of a quoted value: the character after the backslash and what it stands for.
constexpr struct
{
    char written; //!< the character after the backslash
    char meaning; //!< the character it gives
} ESCAPES[] = {{'"', '"'}, {'\\', '\\'}, {'n', '\n'}, {'t', '\t'}, {'r', '\r'}};

/**
 * \param c a byte
 * \return true for a control character other than tab, carriage return and newline
 */
bool
IsForbiddenControl(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f;
}

/**
 * \param c a byte
 * \return true when it may be part of a section name or a key
 */
bool
IsNameChar(unsigned char c)
{
    return c > 0x20 && c != 0x7f && std::string(NAME_STOPS).find(char(c)) == std::string::npos;
}

/**
 * \param c a byte
 * \return how to name it in a message: `'='`, or `control character 0x01`
 */
std::string
DescribeChar(unsigned char c)
{
    if (c < 0x20 || c >= 0x7f)
    {
        char buffer[8];
        std::snprintf(buffer, sizeof(buffer), "0x%02x", c);
        return std::string(c < 0x20 || c == 0x7f ? "control character " : "byte ") + buffer;
    }
    return std::string("'") + char(c) + "'";
}

/// A position in the text that counts lines and columns as it moves.
class Cursor
{
  public:
    /// \param text the text to walk through
    explicit Cursor(const std::string& text)
        : m_text(text)
    {
    }

    /// \return true at the end of the text
    bool AtEnd() const { return m_pos >= m_text.size(); }

    /// \return the current byte (0 at the end)
    unsigned char Peek() const { return AtEnd() ? 0 : static_cast<unsigned char>(m_text[m_pos]); }

    /// \return the current byte, consumed
    unsigned char Advance()
    {
        unsigned char c = Peek();
        ++m_pos;
        if (c == '\n')
        {
            ++m_line;
            m_column = 1;
        }
        else
        {
            ++m_column;
        }
        return c;
    }

    /// Skip spaces, tabs and carriage returns.
    void SkipBlanks()
    {
        while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\r'))
        {
            Advance();
        }
    }

    /// Skip blanks, newlines and comments.
    void SkipSpace()
    {
        while (!AtEnd())
        {
            unsigned char c = Peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            {
                Advance();
            }
            else if (c == '#')
            {
                while (!AtEnd() && Peek() != '\n')
                {
                    Advance();
                }
            }
            else
            {
                return;
            }
        }
    }

    /**
     * \param message what is wrong
     * \return an error at the current position
     */
    IpsecConfigError Error(const std::string& message) const
    {
        return IpsecConfigError(m_line, m_column, message);
    }

    /// \return an empty value at the current position
    StrongswanSettings::Value Here() const
    {
        StrongswanSettings::Value v;
        v.line = m_line;
        v.column = m_column;
        return v;
    }

    /// A saved position, to go back to.
    struct Mark
    {
        size_t pos;      //!< byte offset
        uint32_t line;   //!< line
        uint32_t column; //!< column
    };

    /// \return the current position
    Mark Save() const { return {m_pos, m_line, m_column}; }

    /// \param mark a position saved earlier
    void Restore(const Mark& mark)
    {
        m_pos = mark.pos;
        m_line = mark.line;
        m_column = mark.column;
    }

  private:
    const std::string& m_text;
    size_t m_pos{0};
    uint32_t m_line{1};
    uint32_t m_column{1};
};

/**
 * \param value a value or name
 * \param message what is wrong
 * \return an error at its position
 */
IpsecConfigError
ErrorAt(const StrongswanSettings::Value& value, const std::string& message)
{
    return IpsecConfigError(value.line, value.column, message);
}

/**
 * \param value the value (or name) so far
 * \param c a byte to append
 * \param what "value" or "name", for the message
 * \throw IpsecConfigError when the value grows over MAX_VALUE
 */
void
Append(StrongswanSettings::Value& value, char c, const char* what = "value")
{
    if (value.text.size() >= StrongswanSettings::MAX_VALUE)
    {
        throw ErrorAt(value,
                      std::string(what) + " longer than "
                          + std::to_string(StrongswanSettings::MAX_VALUE) + " bytes");
    }
    value.text.push_back(c);
}

/**
 * \param in the cursor, at the opening quote
 * \return the quoted value, the cursor after the closing quote
 */
StrongswanSettings::Value
ReadQuoted(Cursor& in)
{
    StrongswanSettings::Value value = in.Here();
    value.quoted = true;
    in.Advance();
    while (true)
    {
        if (in.AtEnd())
        {
            throw ErrorAt(value, "unterminated quoted value (no closing '\"')");
        }
        unsigned char c = in.Peek();
        if (c == '"')
        {
            in.Advance();
            return value;
        }
        if (IsForbiddenControl(c))
        {
            throw in.Error(DescribeChar(c) + " in a quoted value");
        }
        if (c == '\\')
        {
            Cursor::Mark backslash = in.Save();
            in.Advance();
            unsigned char e = in.Peek();
            bool known = false;
            for (const auto& escape : ESCAPES)
            {
                if (e == static_cast<unsigned char>(escape.written))
                {
                    Append(value, escape.meaning);
                    in.Advance();
                    known = true;
                    break;
                }
            }
            if (!known)
            {
                in.Restore(backslash);
                throw in.Error(in.AtEnd() || e == 0 || IsForbiddenControl(e) || e == '\n'
                                   ? "backslash without an escape in a quoted value"
                                   : std::string("unknown escape \"\\") + char(e)
                                         + "\" in a quoted value (known: \\\" \\\\ \\n \\t \\r)");
            }
            continue;
        }
        Append(value, char(in.Advance()));
    }
}

/**
 * \param in the cursor, at the first character after `=` and blanks
 * \return the value up to the end of the line, a `#` or a `}`, trimmed
 */
StrongswanSettings::Value
ReadUnquoted(Cursor& in)
{
    StrongswanSettings::Value value = in.Here();
    while (!in.AtEnd() && in.Peek() != '\n' && in.Peek() != '#' && in.Peek() != '}')
    {
        if (IsForbiddenControl(in.Peek()))
        {
            throw in.Error(DescribeChar(in.Peek()) + " in a value");
        }
        Append(value, char(in.Advance()));
    }
    size_t end = value.text.find_last_not_of(" \t\r");
    value.text.erase(end == std::string::npos ? 0 : end + 1);
    return value;
}

/**
 * \param in the cursor, at a name character
 * \return the name or key
 */
StrongswanSettings::Value
ReadName(Cursor& in)
{
    StrongswanSettings::Value name = in.Here();
    while (!in.AtEnd() && IsNameChar(in.Peek()))
    {
        Append(name, char(in.Advance()), "name");
    }
    return name;
}

/**
 * \brief Parse the body of a section up to its `}` (or, for the root, the end of the text).
 * \param in the cursor, after the `{` (at the start for the root)
 * \param section where the contents go
 * \param depth the nesting depth of section (0 for the root)
 * \param opener the name of the section (for the message about a missing `}`)
 */
void
ParseBody(Cursor& in,
          StrongswanSettings::Section& section,
          size_t depth,
          const StrongswanSettings::Value& opener)
{
    while (true)
    {
        in.SkipSpace();
        if (in.AtEnd())
        {
            if (depth == 0)
            {
                return;
            }
            throw in.Error("missing '}': section \"" + opener.text + "\" opened at "
                           + std::to_string(opener.line) + ":" + std::to_string(opener.column)
                           + " is not closed");
        }
        unsigned char c = in.Peek();
        if (c == '}')
        {
            if (depth == 0)
            {
                throw in.Error("'}' without a matching '{'");
            }
            in.Advance();
            return;
        }
        if (!IsNameChar(c))
        {
            throw in.Error("unexpected " + DescribeChar(c)
                           + ": expected a section name, a key or '}'");
        }
        StrongswanSettings::Value name = ReadName(in);
        Cursor::Mark afterName = in.Save();
        in.SkipBlanks();
        if (name.text == "include" && in.Peek() != '=' && in.Peek() != '{')
        {
            throw ErrorAt(name, "include is not supported: pass one file");
        }
        if (in.Peek() == '=')
        {
            in.Advance();
            in.SkipBlanks();
            StrongswanSettings::KeyValue pair;
            pair.key = name;
            if (in.Peek() == '"')
            {
                pair.value = ReadQuoted(in);
                in.SkipBlanks();
                if (!in.AtEnd() && in.Peek() != '\n' && in.Peek() != '#' && in.Peek() != '}')
                {
                    throw in.Error("unexpected " + DescribeChar(in.Peek())
                                   + " after the closing quote of \"" + name.text + "\"");
                }
            }
            else
            {
                pair.value = ReadUnquoted(in);
            }
            section.Set(std::move(pair));
            continue;
        }
        if (in.Peek() == ':')
        {
            throw in.Error("section references (\"" + name.text
                           + " : other\") are not supported: write the settings out");
        }
        in.SkipSpace();
        if (in.Peek() != '{')
        {
            in.Restore(afterName);
            throw in.Error("expected '=' or '{' after \"" + name.text + "\"");
        }
        if (depth + 1 > StrongswanSettings::MAX_DEPTH)
        {
            throw ErrorAt(name,
                          "sections nested deeper than "
                              + std::to_string(StrongswanSettings::MAX_DEPTH));
        }
        in.Advance();
        ParseBody(in, section.Subsection(name), depth + 1, name);
    }
}

} // namespace

const StrongswanSettings::KeyValue*
StrongswanSettings::Section::Find(const std::string& key) const
{
    for (const auto& pair : values)
    {
        if (pair.key.text == key)
        {
            return &pair;
        }
    }
    return nullptr;
}

void
StrongswanSettings::Section::Reindex()
{
    if (m_valueIndex.size() != values.size())
    {
        m_valueIndex.clear();
        for (size_t i = 0; i < values.size(); ++i)
        {
            m_valueIndex[values[i].key.text] = i; // of equal keys (pushed directly), the last
        }
    }
    if (m_sectionIndex.size() != sections.size())
    {
        m_sectionIndex.clear();
        for (size_t i = 0; i < sections.size(); ++i)
        {
            m_sectionIndex.emplace(sections[i].name.text, i);
        }
    }
}

void
StrongswanSettings::Section::Set(KeyValue pair)
{
    Reindex();
    auto [at, added] = m_valueIndex.emplace(pair.key.text, values.size());
    if (!added)
    {
        values[at->second] = std::move(pair);
        return;
    }
    values.push_back(std::move(pair));
}

StrongswanSettings::Section&
StrongswanSettings::Section::Subsection(const Value& sectionName)
{
    Reindex();
    auto [at, added] = m_sectionIndex.emplace(sectionName.text, sections.size());
    if (!added)
    {
        return sections[at->second];
    }
    sections.emplace_back();
    sections.back().name = sectionName;
    return sections.back();
}

StrongswanSettings::Section
StrongswanSettings::Parse(const std::string& text)
{
    if (text.size() > MAX_TEXT)
    {
        throw IpsecConfigError(1,
                               1,
                               "text of " + std::to_string(text.size())
                                   + " bytes is too long (at most " + std::to_string(MAX_TEXT)
                                   + ")");
    }
    Section root;
    root.name.line = 1;
    root.name.column = 1;
    Cursor in(text);
    ParseBody(in, root, 0, root.name);
    return root;
}

} // namespace ns3
