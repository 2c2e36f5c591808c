/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-preshared-reader.h"

#include "ipsec-config-error.h"
#include "ipsec-config-lexer.h"

#include <map>
#include <set>

namespace ns3
{

namespace
{

/// ike.preshared(4) (IKEv1) attributes, refused by name.
const char* const IKEV1_ATTRIBUTES[] = {"localidtype", "remoteidtype", "localid", "remoteid"};

/**
 * \param token a token
 * \return its position
 */
Ikev2Config::Position
PositionOf(const IpsecConfigToken& token)
{
    return {token.line, token.column};
}

/**
 * \param where a position
 * \param message what is wrong
 * \return the error at that position
 */
IpsecConfigError
ErrorAt(const Ikev2Config::Position& where, const std::string& message)
{
    return IpsecConfigError(where.line, where.column, message);
}

/**
 * \param c a character
 * \return its value as a hex digit, or -1
 */
int
HexDigit(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

/**
 * \param keyword the key keyword (key, local_key, remote_key)
 * \param value a hex string (`0x` optional) or a quoted ASCII string
 * \return the key bytes (throws IpsecConfigError for a bad or empty key)
 */
IpsecBytes
KeyBytes(const IpsecConfigToken& keyword, const IpsecConfigToken& value)
{
    const std::string& text = value.text;
    if (value.kind == IpsecConfigToken::STRING)
    {
        if (text.empty())
        {
            IpsecConfigLexer::Fail(value, "empty " + keyword.text);
        }
        return IpsecBytes(text.begin(), text.end());
    }
    size_t start
        = (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) ? 2 : 0;
    if (start == text.size())
    {
        IpsecConfigLexer::Fail(value, "empty " + keyword.text);
    }
    IpsecBytes out;
    for (size_t i = start; i < text.size(); ++i)
    {
        if (HexDigit(text[i]) < 0)
        {
            IpsecConfigLexer::Fail(value,
                                   "bad " + keyword.text + " \"" + text
                                       + "\": expected hex digits (0x optional) or a quoted "
                                         "ASCII string");
        }
    }
    if ((text.size() - start) % 2 != 0)
    {
        IpsecConfigLexer::Fail(value, "odd number of hex digits in " + keyword.text);
    }
    for (size_t i = start; i < text.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(HexDigit(text[i]) * 16 + HexDigit(text[i + 1])));
    }
    return out;
}

/**
 * \param lexer the lexer, after the `{` of an entry
 * \param open the `{`
 * \return the entry (throws IpsecConfigError)
 */
Ikev2PresharedReader::Entry
ReadEntry(IpsecConfigLexer& lexer, const IpsecConfigToken& open)
{
    Ikev2PresharedReader::Entry entry;
    entry.where = PositionOf(open);
    bool haveKey = false;
    bool haveLocal = false;
    bool haveRemote = false;
    while (true)
    {
        IpsecConfigToken token = lexer.Next();
        switch (token.kind)
        {
            case IpsecConfigToken::CLOSE:
                if (entry.labels.empty())
                {
                    throw ErrorAt(entry.where, "pre-shared key entry without a label");
                }
                if (!haveKey && !haveLocal && !haveRemote)
                {
                    throw ErrorAt(entry.where,
                                  "pre-shared key entry without a key (key, or local_key and "
                                  "remote_key)");
                }
                return entry;
            case IpsecConfigToken::END:
                IpsecConfigLexer::Fail(token,
                                       "missing '}': the pre-shared key entry opened at "
                                           + std::to_string(open.line) + ":"
                                           + std::to_string(open.column) + " is not closed");
            case IpsecConfigToken::OPEN:
                IpsecConfigLexer::Fail(token,
                                       "unexpected '{' in a pre-shared key entry (entries do not "
                                       "nest)");
            case IpsecConfigToken::STRING:
                IpsecConfigLexer::Fail(token,
                                       "expected an attribute (label, key, local_key, "
                                       "remote_key), found "
                                           + IpsecConfigLexer::Describe(token));
            default:
                break;
        }
        const std::string& name = token.text;
        if (name == "label")
        {
            IpsecConfigToken value = lexer.ExpectValue("a label (a quoted rule label)");
            if (value.text.empty())
            {
                IpsecConfigLexer::Fail(value, "empty label");
            }
            for (const auto& l : entry.labels)
            {
                if (l.text == value.text)
                {
                    IpsecConfigLexer::Fail(value,
                                           "label \"" + value.text + "\" given twice in an entry");
                }
            }
            entry.labels.push_back({value.text, PositionOf(value)});
            continue;
        }
        bool isKey = name == "key";
        bool isLocal = name == "local_key";
        bool isRemote = name == "remote_key";
        if (isKey || isLocal || isRemote)
        {
            bool& have = isKey ? haveKey : isLocal ? haveLocal : haveRemote;
            if (have)
            {
                IpsecConfigLexer::Fail(token, name + " given twice in an entry");
            }
            if ((isKey && (haveLocal || haveRemote)) || (!isKey && haveKey))
            {
                IpsecConfigLexer::Fail(token,
                                       "key cannot be combined with local_key or remote_key in "
                                       "one entry");
            }
            have = true;
            IpsecConfigToken value
                = lexer.ExpectValue(name + " (hex digits or a quoted ASCII string)");
            IpsecBytes bytes = KeyBytes(token, value);
            (isKey ? entry.key : isLocal ? entry.localKey : entry.remoteKey) = bytes;
            (isKey     ? entry.keyWhere
             : isLocal ? entry.localKeyWhere
                       : entry.remoteKeyWhere)
                = PositionOf(token);
            continue;
        }
        for (const char* v1 : IKEV1_ATTRIBUTES)
        {
            if (name == v1)
            {
                IpsecConfigLexer::Fail(token,
                                       "\"" + name
                                           + "\" is ike.preshared (IKEv1) syntax: ikev2.preshared "
                                             "entries name their ikev2.config rules with label");
            }
        }
        IpsecConfigLexer::Fail(token,
                               "unknown attribute \"" + name
                                   + "\" in a pre-shared key entry (expected one of: key, label, "
                                     "local_key, remote_key)");
    }
}

/**
 * \param text ikev2.preshared text
 * \return its entries (throws IpsecConfigError)
 */
std::vector<Ikev2PresharedReader::Entry>
ReadEntries(const std::string& text)
{
    std::vector<Ikev2PresharedReader::Entry> entries;
    IpsecConfigLexer::Syntax syntax;
    syntax.braces = true;
    syntax.quotes = true;
    syntax.commentsEndWords = true;
    syntax.escapes = true;
    syntax.refuseControls = true;
    syntax.limits = true;
    IpsecConfigLexer lexer(text, syntax);
    while (!lexer.AtEnd())
    {
        IpsecConfigToken token = lexer.Next();
        if (token.kind == IpsecConfigToken::OPEN)
        {
            entries.push_back(ReadEntry(lexer, token));
            continue;
        }
        if (token.kind == IpsecConfigToken::CLOSE)
        {
            IpsecConfigLexer::Fail(token, "'}' without a matching '{'");
        }
        if (token.kind == IpsecConfigToken::WORD
            && (token.text == "label" || token.text == "key" || token.text == "local_key"
                || token.text == "remote_key"))
        {
            IpsecConfigLexer::Fail(token,
                                   "\"" + token.text
                                       + "\" outside an entry: pre-shared keys are { ... } blocks");
        }
        IpsecConfigLexer::Fail(token,
                               "expected '{' to open a pre-shared key entry, found "
                                   + IpsecConfigLexer::Describe(token));
    }
    return entries;
}

/**
 * \param a a position
 * \return it as `line:column`
 */
std::string
Text(const Ikev2Config::Position& a)
{
    return std::to_string(a.line) + ":" + std::to_string(a.column);
}

/**
 * \param entry an entry with key material
 * \throw IpsecConfigError when it gives a key for one AUTH payload only: this model has no
 *        other way to authenticate the other one
 */
void
CheckBothDirections(const Ikev2PresharedReader::Entry& entry)
{
    if (!entry.key.empty() || (!entry.localKey.empty() && !entry.remoteKey.empty()))
    {
        return;
    }
    if (!entry.localKey.empty())
    {
        throw ErrorAt(entry.localKeyWhere,
                      "local_key without remote_key: nothing would check the peer's AUTH "
                      "payload (this model authenticates with pre-shared keys only)");
    }
    throw ErrorAt(entry.remoteKeyWhere,
                  "remote_key without local_key: nothing would compute our AUTH payload (this "
                  "model authenticates with pre-shared keys only)");
}

/**
 * \param entries parsed entries
 * \param source the ikev2.preshared file name
 * \param config the configuration to give them to (throws IpsecConfigError; the caller
 *        formats it with the source returned in errorSource)
 * \param errorSource set to the file an error refers to
 */
void
ApplyEntries(const std::vector<Ikev2PresharedReader::Entry>& entries,
             const std::string& source,
             Ikev2Config& config,
             std::string& errorSource)
{
    errorSource = source;
    std::set<std::string> rules;
    for (const auto& peer : config.peers)
    {
        if (peer.solaris)
        {
            rules.insert(peer.name);
        }
    }
    std::map<std::string, Ikev2Config::Position> keyed; // label -> where this file keys it
    for (const auto& entry : entries)
    {
        Ikev2Config::Secret secret;
        for (const auto& label : entry.labels)
        {
            if (rules.count(label.text) == 0)
            {
                continue; // ikev2.preshared(4): a label that matches no rule is ignored
            }
            auto earlier = keyed.find(label.text);
            if (earlier != keyed.end())
            {
                throw ErrorAt(label.where,
                              "label \"" + label.text + "\" already has a key (label at "
                                  + Text(earlier->second) + ")");
            }
            for (const auto& existing : config.secrets)
            {
                for (const auto& other : existing.labels)
                {
                    if (other == label.text)
                    {
                        throw ErrorAt(label.where,
                                      "label \"" + label.text
                                          + "\" already has a key in the configuration (secret "
                                            "at "
                                          + Text(existing.where) + ")");
                    }
                }
            }
            keyed.emplace(label.text, label.where);
            if (secret.labels.empty())
            {
                secret.name = label.text;
                secret.where = label.where;
            }
            secret.labels.push_back(label.text);
        }
        if (secret.labels.empty())
        {
            continue; // keys no rule
        }
        CheckBothDirections(entry);
        secret.key = entry.key;
        secret.localKey = entry.localKey;
        secret.remoteKey = entry.remoteKey;
        config.secrets.push_back(secret);
    }
    errorSource = config.source;
    std::vector<const Ikev2Config::Secret*> secrets = config.PskOfEachPeer();
    for (size_t p = 0; p < config.peers.size(); ++p)
    {
        const Ikev2Config::Peer& peer = config.peers[p];
        if (peer.solaris && secrets[p] == nullptr)
        {
            throw ErrorAt(peer.where,
                          "rule \"" + peer.name + "\" has auth_method preshared but " + source
                              + " has no key for its label");
        }
    }
}

} // namespace

Ikev2ConfigResult
Ikev2PresharedReader::Parse(const std::string& text,
                            const std::string& source,
                            std::vector<Entry>& entries)
{
    try
    {
        entries = ReadEntries(text);
    }
    catch (const IpsecConfigError& e)
    {
        return {false, e.Format(source)};
    }
    return {};
}

Ikev2ConfigResult
Ikev2PresharedReader::Apply(const std::vector<Entry>& entries,
                            const std::string& source,
                            Ikev2Config& config)
{
    Ikev2Config candidate = config;
    std::string errorSource = source;
    try
    {
        ApplyEntries(entries, source, candidate, errorSource);
    }
    catch (const IpsecConfigError& e)
    {
        return {false, e.Format(errorSource)};
    }
    config = std::move(candidate);
    return {};
}

Ikev2ConfigResult
Ikev2PresharedReader::Read(const std::string& text, const std::string& source, Ikev2Config& config)
{
    std::vector<Entry> entries;
    Ikev2ConfigResult r = Parse(text, source, entries);
    if (!r.ok)
    {
        return r;
    }
    Ikev2Config candidate = config;
    r = Apply(entries, source, candidate);
    if (!r.ok)
    {
        return r;
    }
    r = candidate.Validate();
    if (r.ok)
    {
        config = std::move(candidate);
    }
    return r;
}

} // namespace ns3
