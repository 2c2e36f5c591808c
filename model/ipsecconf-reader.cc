/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsecconf-reader.h"

#include "ipsec-address-resolver.h"
#include "ipsec-algorithms.h"
#include "ipsec-config-lexer.h"
#include "ipsec-config-names.h"

#include <algorithm>
#include <map>
#include <set>

namespace ns3
{

namespace
{

/// What one pattern keyword sets, whatever its synonym.
enum class Field
{
    LOCAL,
    REMOTE,
    SOURCE,
    DESTINATION,
    SMASK,
    DMASK,
    LPORT,
    RPORT,
    SPORT,
    DPORT,
    ULP,
    TYPE,
    CODE,
    DIR,
    TUNNEL,
    NEGOTIATE
};

const std::map<std::string, Field> g_patternKeywords = {
    {"laddr", Field::LOCAL},      {"local", Field::LOCAL},
    {"raddr", Field::REMOTE},     {"remote", Field::REMOTE},
    {"saddr", Field::SOURCE},     {"src", Field::SOURCE},
    {"srcaddr", Field::SOURCE},   {"daddr", Field::DESTINATION},
    {"dst", Field::DESTINATION},  {"dstaddr", Field::DESTINATION},
    {"dest", Field::DESTINATION}, {"smask", Field::SMASK},
    {"dmask", Field::DMASK},      {"lport", Field::LPORT},
    {"rport", Field::RPORT},      {"sport", Field::SPORT},
    {"dport", Field::DPORT},      {"ulp", Field::ULP},
    {"proto", Field::ULP},        {"type", Field::TYPE},
    {"code", Field::CODE},        {"dir", Field::DIR},
    {"tunnel", Field::TUNNEL},    {"negotiate", Field::NEGOTIATE},
};

bool
IsOldStyle(Field f)
{
    return f == Field::SOURCE || f == Field::DESTINATION || f == Field::SMASK || f == Field::DMASK
        || f == Field::SPORT || f == Field::DPORT;
}

bool
IsNewStyle(Field f)
{
    return f == Field::LOCAL || f == Field::REMOTE || f == Field::LPORT || f == Field::RPORT;
}

/// One parsed `{pattern}`.
struct Pattern
{
    std::map<Field, IpsecConfigToken> seen;   //!< keyword tokens, for positions
    std::map<Field, IpsecConfigToken> values; //!< their values, for positions
    // A side without an address: any address of either family until paired with the other side
    // (see the address pairs in Parse()).
    std::vector<IpsecAddressPrefix> first{IpsecAddressPrefix::Any(IpsecAddress::Family::NONE)};
    std::vector<IpsecAddressPrefix> second{IpsecAddressPrefix::Any(IpsecAddress::Family::NONE)};
    int firstMask = -1;  //!< smask as a prefix length
    int secondMask = -1; //!< dmask as a prefix length
    int32_t firstPort = -1;
    int32_t secondPort = -1;
    int16_t protocol = -1;
    int16_t typeMin = -1, typeMax = -1, codeMin = -1, codeMax = -1;
    std::optional<SecurityPolicy::Direction> dir;
    std::string tunnel;
    std::optional<IpsecMode> negotiate;
    bool oldStyle = false;

    /**
     * \param fallback the token to return when the side has no address
     * \return the value token of the first address (laddr, or old style saddr)
     */
    const IpsecConfigToken& FirstToken(const IpsecConfigToken& fallback) const
    {
        return ValueOf({Field::LOCAL, Field::SOURCE}, fallback);
    }

    /**
     * \param fallback the token to return when the side has no address
     * \return the value token of the second address (raddr, or old style daddr)
     */
    const IpsecConfigToken& SecondToken(const IpsecConfigToken& fallback) const
    {
        return ValueOf({Field::REMOTE, Field::DESTINATION}, fallback);
    }

  private:
    const IpsecConfigToken& ValueOf(std::initializer_list<Field> fields,
                                    const IpsecConfigToken& fallback) const
    {
        for (Field f : fields)
        {
            auto it = values.find(f);
            if (it != values.end())
            {
                return it->second;
            }
        }
        return fallback;
    }
};

/// One parsed `action {properties}`.
struct Alternative
{
    IpsecConfigToken action;
    std::string actionName;
    std::map<std::string, IpsecConfigToken> seen;
    std::optional<IpsecProtectionRequest> ah;
    std::optional<IpsecProtectionRequest> esp;
    bool espEncryption = false;
    bool espAuthentication = false;
    bool uniqueSa = false;
    std::optional<SecurityPolicy::Direction> dir;
};

std::optional<SecurityPolicy::Direction>
ParseDirection(const std::string& text, bool allowBoth)
{
    std::string v = IpsecConfigNames::Lower(text);
    if (v == "in")
    {
        return SecurityPolicy::Direction::INBOUND;
    }
    if (v == "out")
    {
        return SecurityPolicy::Direction::OUTBOUND;
    }
    if (v == "both" && allowBoth)
    {
        return SecurityPolicy::Direction::BOTH;
    }
    return std::nullopt;
}

int
MaskToPrefix(const IpsecConfigToken& token, const std::string& text)
{
    uint32_t mask = 0;
    Ipv4Address dotted;
    if (IpsecAddressResolver::ParseDottedQuad(text, dotted))
    {
        mask = dotted.Get();
    }
    else if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    {
        std::optional<uint64_t> n = IpsecConfigNames::Number(text);
        if (!n || *n > 0xffffffffULL)
        {
            IpsecConfigLexer::Fail(token, "Bad mask \"" + text + "\"");
        }
        mask = static_cast<uint32_t>(*n);
    }
    else
    {
        IpsecConfigLexer::Fail(token, "Bad mask \"" + text + "\" (0xffffff00 or 255.255.255.0)");
    }
    int prefix = 0;
    while (prefix < 32 && (mask & (0x80000000u >> prefix)))
    {
        ++prefix;
    }
    if (prefix < 32 && (mask << prefix) != 0)
    {
        IpsecConfigLexer::Fail(token, "Bad mask \"" + text + "\": not contiguous");
    }
    return prefix;
}

/// An ICMP or ICMPv6 `type` or `code` value: `n`, `n-m` or a keyword of the protocol's.
std::pair<int16_t, int16_t>
ParseIcmpRange(const IpsecConfigToken& token, const std::string& keyword, bool icmpv6)
{
    auto parse = [&](const std::string& text) {
        return keyword == "type" ? IpsecConfigNames::IcmpType(text, icmpv6)
                                 : IpsecConfigNames::IcmpCode(text, icmpv6);
    };
    const std::string& text = token.text;
    size_t dash = text.find('-');
    // Keywords such as "net-unr" contain dashes: try the whole word first.
    if (auto whole = parse(text))
    {
        return {*whole, *whole};
    }
    if (dash != std::string::npos)
    {
        auto lo = IpsecConfigNames::Number(text.substr(0, dash));
        auto hi = IpsecConfigNames::Number(text.substr(dash + 1));
        if (lo && hi && *lo <= *hi && parse(text.substr(0, dash)) && parse(text.substr(dash + 1)))
        {
            return {static_cast<int16_t>(*lo), static_cast<int16_t>(*hi)};
        }
    }
    if (!icmpv6 && IpsecConfigNames::IsIcmpv6Keyword(text))
    {
        IpsecConfigLexer::Fail(token,
                               "ICMPv6 " + keyword + " \"" + text + "\" needs \"ulp ipv6-icmp\"");
    }
    if (icmpv6 && IpsecConfigNames::IsIcmpKeyword(text))
    {
        IpsecConfigLexer::Fail(token,
                               "ICMP " + keyword + " \"" + text
                                   + "\" is an IPv4 keyword; \"ulp ipv6-icmp\" takes the ICMPv6 "
                                     "ones (echo6, neigh-sol6, no-route6, ...)");
    }
    IpsecConfigLexer::Fail(token, "Bad \"" + keyword + "\" value \"" + text + "\"");
}

/// Parse `name[(keylen)]` for one algorithm property into a request.
void
ParseAlgorithm(const IpsecConfigToken& token,
               const std::string& property,
               IpsecProtectionRequest& request)
{
    std::string text = token.text;
    std::string name = text;
    uint16_t minBits = 0;
    uint16_t maxBits = 0;
    size_t open = text.find('(');
    bool ranged = false;
    if (open != std::string::npos)
    {
        if (text.back() != ')')
        {
            IpsecConfigLexer::Fail(token,
                                   "Bad \"" + property + "\": missing ')' in \"" + text + "\"");
        }
        name = text.substr(0, open);
        std::string range = text.substr(open + 1, text.size() - open - 2);
        size_t dots = range.find("..");
        auto bits = [&](const std::string& s) -> uint16_t {
            auto n = IpsecConfigNames::Number(s);
            if (!n || *n == 0 || *n > 65535)
            {
                IpsecConfigLexer::Fail(token, "Bad key length \"" + s + "\" in \"" + text + "\"");
            }
            return static_cast<uint16_t>(*n);
        };
        if (dots == std::string::npos)
        {
            minBits = maxBits = bits(range);
        }
        else
        {
            std::string lo = range.substr(0, dots);
            std::string hi = range.substr(dots + 2);
            if (lo.empty() && hi.empty())
            {
                IpsecConfigLexer::Fail(token, "Bad key length range \"(..)\" in \"" + text + "\"");
            }
            minBits = lo.empty() ? 0 : bits(lo);
            maxBits = hi.empty() ? 0 : bits(hi);
            if (minBits && maxBits && minBits > maxBits)
            {
                IpsecConfigLexer::Fail(token,
                                       "Bad key length range in \"" + text + "\": " + lo + " > "
                                           + hi);
            }
        }
        ranged = true;
    }
    bool encryption = property == "encr_algs";
    const IpsecAlgorithm* algorithm = nullptr;
    std::string lower = IpsecConfigNames::Lower(name);
    if (lower != "any")
    {
        if (auto number = IpsecConfigNames::Number(name))
        {
            algorithm = IpsecAlgorithmRegistry::FindBySadbId(encryption, *number);
            if (!algorithm)
            {
                IpsecConfigLexer::Fail(token,
                                       "algorithm number " + name
                                           + " is not known to this model for " + property);
            }
        }
        else
        {
            algorithm = encryption ? IpsecAlgorithmRegistry::FindEncryption(lower)
                                   : IpsecAlgorithmRegistry::FindIntegrity(lower);
            bool fits
                = algorithm
               && (encryption
                   || (property == "auth_algs" ? algorithm->usableInAh
                                               : algorithm->kind == IpsecAlgorithmKind::INTEGRITY));
            if (!fits)
            {
                IpsecConfigLexer::Fail(token,
                                       "unknown " + property + " algorithm \"" + name
                                           + "\" (known: "
                                           + IpsecAlgorithmRegistry::NamesOf(encryption) + ")");
            }
        }
        if (ranged)
        {
            bool any = false;
            for (uint32_t b = algorithm->keyBitsMin; b <= algorithm->keyBitsMax;
                 b += algorithm->keyBitsStep)
            {
                any = any || ((minBits == 0 || b >= minBits) && (maxBits == 0 || b <= maxBits));
                if (algorithm->keyBitsStep == 0)
                {
                    break;
                }
            }
            if (!any)
            {
                IpsecConfigLexer::Fail(token,
                                       "no key size of " + algorithm->name + " ("
                                           + std::to_string(algorithm->keyBitsMin) + ".."
                                           + std::to_string(algorithm->keyBitsMax)
                                           + " bits) fits \"" + text + "\"");
            }
        }
    }
    if (encryption)
    {
        if (algorithm)
        {
            request.encryption = {algorithm};
        }
        request.encryptionKeyBitsMin = minBits;
        request.encryptionKeyBitsMax = maxBits;
    }
    else
    {
        if (algorithm)
        {
            request.authentication = {algorithm};
        }
        request.requireAuthentication = true;
        request.authenticationKeyBitsMin = minBits;
        request.authenticationKeyBitsMax = maxBits;
    }
}

Pattern
ParsePattern(IpsecConfigLexer& lex)
{
    Pattern p;
    bool newStyle = false;
    const IpsecConfigToken* styleToken = nullptr;
    std::vector<IpsecAddressPrefix> local, remote, source, destination;
    int32_t lport = -1, rport = -1, sport = -1, dport = -1;
    while (lex.Peek().kind != IpsecConfigToken::CLOSE)
    {
        IpsecConfigToken key = lex.ExpectWord("a pattern keyword or '}'");
        auto it = g_patternKeywords.find(IpsecConfigNames::Lower(key.text));
        if (it == g_patternKeywords.end())
        {
            IpsecConfigLexer::Fail(key, "Bad \"" + key.text + "\": not a pattern keyword");
        }
        Field field = it->second;
        auto dup = p.seen.find(field);
        if (dup != p.seen.end())
        {
            IpsecConfigLexer::Fail(key,
                                   "Duplicate \"" + key.text + "\" (already given as \""
                                       + dup->second.text + "\" at line "
                                       + std::to_string(dup->second.line) + ")");
        }
        if ((IsOldStyle(field) && newStyle) || (IsNewStyle(field) && p.oldStyle))
        {
            IpsecConfigLexer::Fail(
                key,
                "\"" + key.text
                    + "\" mixes old-style (saddr daddr sport dport "
                      "smask dmask) and new-style (laddr raddr lport rport) patterns; "
                      "\""
                    + styleToken->text + "\" came first");
        }
        if (IsOldStyle(field) || IsNewStyle(field))
        {
            p.oldStyle = p.oldStyle || IsOldStyle(field);
            newStyle = newStyle || IsNewStyle(field);
            styleToken = &p.seen.emplace(field, key).first->second;
        }
        else
        {
            p.seen.emplace(field, key);
        }
        IpsecConfigToken value = lex.ExpectWord("a value for \"" + key.text + "\"");
        p.values.emplace(field, value);
        switch (field)
        {
            case Field::LOCAL:
                local = IpsecAddressResolver::Resolve(value, value.text, true);
                break;
            case Field::REMOTE:
                remote = IpsecAddressResolver::Resolve(value, value.text, true);
                break;
            case Field::SOURCE:
                source = IpsecAddressResolver::Resolve(value, value.text, true);
                break;
            case Field::DESTINATION:
                destination = IpsecAddressResolver::Resolve(value, value.text, true);
                break;
            case Field::SMASK:
                p.firstMask = MaskToPrefix(value, value.text);
                break;
            case Field::DMASK:
                p.secondMask = MaskToPrefix(value, value.text);
                break;
            case Field::LPORT:
            case Field::RPORT:
            case Field::SPORT:
            case Field::DPORT: {
                auto port = IpsecConfigNames::Service(value.text);
                if (!port)
                {
                    IpsecConfigLexer::Fail(value,
                                           "Bad \"" + key.text + "\" value \"" + value.text
                                               + "\": not a port number or service name");
                }
                (field == Field::LPORT   ? lport
                 : field == Field::RPORT ? rport
                 : field == Field::SPORT ? sport
                                         : dport)
                    = *port;
                break;
            }
            case Field::ULP: {
                auto proto = IpsecConfigNames::Protocol(value.text);
                if (!proto)
                {
                    IpsecConfigLexer::Fail(value,
                                           "Bad \"" + key.text + "\" value \"" + value.text
                                               + "\": not a protocol number or name");
                }
                p.protocol = *proto;
                break;
            }
            case Field::TYPE:
            case Field::CODE:
                break; // once the protocol is known: ICMP and ICMPv6 have their own keywords
            case Field::DIR: {
                p.dir = ParseDirection(value.text, true);
                if (!p.dir)
                {
                    IpsecConfigLexer::Fail(value,
                                           "Bad \"dir\" value \"" + value.text
                                               + "\" (in, out or both)");
                }
                break;
            }
            case Field::TUNNEL:
                p.tunnel = value.text;
                break;
            case Field::NEGOTIATE: {
                std::string v = IpsecConfigNames::Lower(value.text);
                if (v != "tunnel" && v != "transport")
                {
                    IpsecConfigLexer::Fail(value,
                                           "Bad \"negotiate\" value \"" + value.text
                                               + "\" (tunnel or transport)");
                }
                p.negotiate = v == "tunnel" ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT;
                break;
            }
        }
    }
    lex.Next(); // '}'
    auto at = [&](Field f) {
        return p.seen.at(f);
    };
    if ((p.seen.count(Field::TYPE) || p.seen.count(Field::CODE)) && p.protocol != 1
        && p.protocol != 58)
    {
        Field f = p.seen.count(Field::TYPE) ? Field::TYPE : Field::CODE;
        if (IpsecConfigNames::IsIcmpv6Keyword(p.values.at(f).text))
        {
            IpsecConfigLexer::Fail(at(f),
                                   "ICMPv6 " + at(f).text + " \"" + p.values.at(f).text
                                       + "\" needs \"ulp ipv6-icmp\"");
        }
        IpsecConfigLexer::Fail(at(f), "ICMP type and code need \"ulp icmp\"");
    }
    for (Field f : {Field::TYPE, Field::CODE})
    {
        if (p.seen.count(f))
        {
            auto r = ParseIcmpRange(p.values.at(f),
                                    f == Field::TYPE ? "type" : "code",
                                    p.protocol == 58);
            (f == Field::TYPE ? p.typeMin : p.codeMin) = r.first;
            (f == Field::TYPE ? p.typeMax : p.codeMax) = r.second;
        }
    }
    if (p.seen.count(Field::CODE) && !p.seen.count(Field::TYPE))
    {
        IpsecConfigLexer::Fail(at(Field::CODE), "\"code\" needs \"type\"");
    }
    if (p.seen.count(Field::NEGOTIATE) && p.tunnel.empty())
    {
        IpsecConfigLexer::Fail(at(Field::NEGOTIATE), "\"negotiate\" needs \"tunnel\"");
    }
    if (p.negotiate == IpsecMode::TRANSPORT)
    {
        IpsecConfigLexer::Fail(at(Field::NEGOTIATE),
                               "\"negotiate transport\" (Solaris 9 style IP-in-IP with "
                               "transport-mode SAs) is not supported by this model; route-based "
                               "tunnels use tunnel-mode SAs (\"negotiate tunnel\")");
    }
    for (Field f : {Field::SMASK, Field::DMASK})
    {
        if (!p.seen.count(f))
        {
            continue;
        }
        Field address = f == Field::SMASK ? Field::SOURCE : Field::DESTINATION;
        const auto& addresses = f == Field::SMASK ? source : destination;
        if (addresses.empty())
        {
            IpsecConfigLexer::Fail(at(f),
                                   "\"" + at(f).text + "\" needs \""
                                       + (f == Field::SMASK ? "saddr" : "daddr") + "\"");
        }
        if (std::any_of(addresses.begin(), addresses.end(), [](const IpsecAddressPrefix& a) {
                return !a.address.IsIpv4();
            }))
        {
            IpsecConfigLexer::Fail(at(f),
                                   "\"" + at(f).text + "\" is an IPv4 mask; give an IPv6 "
                                       + (f == Field::SMASK ? "saddr" : "daddr")
                                       + " its prefix as ADDR/LEN");
        }
        if (addresses[0].prefix != 32 || at(address).text.empty())
        {
            IpsecConfigLexer::Fail(at(f),
                                   "\"" + at(f).text
                                       + "\" given with a prefix length on the address");
        }
    }
    if (p.oldStyle)
    {
        if (!source.empty())
        {
            p.first = source;
        }
        if (!destination.empty())
        {
            p.second = destination;
        }
        p.firstPort = sport;
        p.secondPort = dport;
    }
    else
    {
        if (!local.empty())
        {
            p.first = local;
        }
        if (!remote.empty())
        {
            p.second = remote;
        }
        p.firstPort = lport;
        p.secondPort = rport;
    }
    if (p.firstMask >= 0)
    {
        for (auto& a : p.first)
        {
            a.prefix = static_cast<uint8_t>(p.firstMask);
        }
    }
    if (p.secondMask >= 0)
    {
        for (auto& a : p.second)
        {
            a.prefix = static_cast<uint8_t>(p.secondMask);
        }
    }
    return p;
}

Alternative
ParseAlternative(IpsecConfigLexer& lex, IpsecConfigParse& result)
{
    Alternative alt;
    alt.action = lex.ExpectWord("an action (ipsec, apply, permit, bypass, pass or drop)");
    alt.actionName = IpsecConfigNames::Lower(alt.action.text);
    static const std::set<std::string> actions
        = {"ipsec", "apply", "permit", "bypass", "pass", "drop"};
    if (!actions.count(alt.actionName))
    {
        IpsecConfigLexer::Fail(alt.action,
                               "Bad action \"" + alt.action.text
                                   + "\" (ipsec, apply, permit, bypass, pass or drop)");
    }
    bool protects
        = alt.actionName == "ipsec" || alt.actionName == "apply" || alt.actionName == "permit";
    lex.Expect(IpsecConfigToken::OPEN,
               "'{' starting the properties of \"" + alt.action.text + "\"");
    while (lex.Peek().kind != IpsecConfigToken::CLOSE)
    {
        IpsecConfigToken key = lex.ExpectWord("a property or '}'");
        std::string name = IpsecConfigNames::Lower(key.text);
        static const std::set<std::string> properties
            = {"auth_algs", "encr_algs", "encr_auth_algs", "sa", "dir"};
        if (!properties.count(name))
        {
            IpsecConfigLexer::Fail(key, "Bad \"" + key.text + "\": not a property keyword");
        }
        if (alt.seen.count(name))
        {
            IpsecConfigLexer::Fail(key, "Duplicate \"" + key.text + "\"");
        }
        alt.seen.emplace(name, key);
        if (!protects && name != "dir")
        {
            IpsecConfigLexer::Fail(key,
                                   "\"" + key.text + "\" is not allowed with \"" + alt.action.text
                                       + "\" (only dir is)");
        }
        IpsecConfigToken value = lex.ExpectWord("a value for \"" + key.text + "\"");
        if (name == "dir")
        {
            alt.dir = ParseDirection(value.text, false);
            if (!alt.dir)
            {
                IpsecConfigLexer::Fail(value,
                                       "Bad \"dir\" value \"" + value.text
                                           + "\" (in or out in properties)");
            }
        }
        else if (name == "sa")
        {
            std::string v = IpsecConfigNames::Lower(value.text);
            if (v != "shared" && v != "unique")
            {
                IpsecConfigLexer::Fail(value,
                                       "Bad \"sa\" value \"" + value.text
                                           + "\" (shared or unique)");
            }
            alt.uniqueSa = v == "unique";
        }
        else if (name == "auth_algs")
        {
            alt.ah.emplace();
            alt.ah->protocol = IpsecProtocol::AH;
            ParseAlgorithm(value, name, *alt.ah);
        }
        else
        {
            if (!alt.esp)
            {
                alt.esp.emplace();
                alt.esp->protocol = IpsecProtocol::ESP;
            }
            ParseAlgorithm(value, name, *alt.esp);
            (name == "encr_algs" ? alt.espEncryption : alt.espAuthentication) = true;
        }
    }
    lex.Next();
    if (protects && !alt.ah && !alt.esp)
    {
        IpsecConfigLexer::Fail(alt.action,
                               "\"" + alt.action.text
                                   + "\" needs auth_algs, encr_algs or encr_auth_algs");
    }
    if (alt.esp && !alt.espEncryption)
    {
        // encr_auth_algs alone: ESP with NULL encryption (RFC 2410).
        alt.esp->encryption = {IpsecAlgorithmRegistry::FindEncryption("null")};
    }
    if (alt.esp && alt.espEncryption && !alt.espAuthentication)
    {
        bool aead = !alt.esp->encryption.empty()
                 && alt.esp->encryption[0]->kind == IpsecAlgorithmKind::AEAD;
        if (!aead)
        {
            const IpsecConfigToken& t = alt.seen.at("encr_algs");
            result.warnings.emplace_back(
                t.line,
                t.column,
                "encryption without authentication: ESP without encr_auth_algs is open to "
                "cut-and-paste and replay attacks (add encr_auth_algs, or use a combined-mode "
                "algorithm such as aes-gcm)");
        }
    }
    return alt;
}

} // namespace

IpsecConfigParse
IpsecconfReader::Parse(const std::string& text)
{
    IpsecConfigLexer::Syntax syntax;
    syntax.braces = true;
    IpsecConfigLexer lex(text, syntax);
    IpsecConfigParse result;
    while (!lex.AtEnd())
    {
        IpsecConfigToken open = lex.Expect(IpsecConfigToken::OPEN, "'{' starting a policy entry");
        if (!open.startsLine)
        {
            IpsecConfigLexer::Fail(open, "a policy entry must begin on a new line");
        }
        Pattern pattern = ParsePattern(lex);
        std::vector<Alternative> alternatives;
        alternatives.push_back(ParseAlternative(lex, result));
        while (lex.Peek().kind == IpsecConfigToken::WORD
               && IpsecConfigNames::Lower(lex.Peek().text) == "or")
        {
            IpsecConfigToken orToken = lex.Next();
            if (orToken.startsLine)
            {
                IpsecConfigLexer::Fail(orToken,
                                       "\"or\" must not begin a line: put it after the '}' of "
                                       "the previous properties");
            }
            alternatives.push_back(ParseAlternative(lex, result));
        }
        if (lex.Peek().kind != IpsecConfigToken::OPEN && !lex.AtEnd())
        {
            IpsecConfigLexer::Fail(lex.Peek(),
                                   "expected \"or\" or a new policy entry, found "
                                       + IpsecConfigLexer::Describe(lex.Peek()));
        }

        // Action and direction, the same for all alternatives.
        const Alternative& head = alternatives[0];
        for (const auto& alt : alternatives)
        {
            bool sameFamily = (alt.actionName == "pass" ? "bypass" : alt.actionName)
                           == (head.actionName == "pass" ? "bypass" : head.actionName);
            if (!sameFamily)
            {
                IpsecConfigLexer::Fail(alt.action,
                                       "\"or\" alternatives must all use the same action (\""
                                           + head.action.text + "\" first)");
            }
            if (alternatives.size() > 1 && !alt.ah && !alt.esp)
            {
                IpsecConfigLexer::Fail(alt.action, "\"or\" joins only IPsec actions");
            }
        }
        std::optional<SecurityPolicy::Direction> dir = pattern.dir;
        for (const auto& alt : alternatives)
        {
            if (alt.dir)
            {
                if (dir && *dir != *alt.dir)
                {
                    IpsecConfigLexer::Fail(alt.seen.at("dir"), "Duplicate \"dir\"");
                }
                dir = alt.dir;
            }
        }
        if (head.actionName == "apply" || head.actionName == "permit")
        {
            auto want = head.actionName == "apply" ? SecurityPolicy::Direction::OUTBOUND
                                                   : SecurityPolicy::Direction::INBOUND;
            if (dir && *dir != want)
            {
                IpsecConfigLexer::Fail(head.action,
                                       "\"" + head.action.text + "\" is "
                                           + (head.actionName == "apply" ? "outbound" : "inbound")
                                           + " only, but dir says otherwise");
            }
            dir = want;
        }
        SecurityPolicy::Direction direction = dir.value_or(SecurityPolicy::Direction::BOTH);

        // One entry per address pair of one family. A side without an address takes the
        // family of the other side (a rule with an IPv4 address matches IPv4 only); an entry
        // with no address at all applies to both families (the any-family mask).
        for (auto [first, second] :
             IpsecAddressResolver::SameFamilyPairs(pattern.first,
                                                   pattern.second,
                                                   pattern.SecondToken(open),
                                                   pattern.FirstToken(open).text,
                                                   pattern.SecondToken(open).text))
        {
            if (first.address.IsNone())
            {
                first = IpsecAddressPrefix::Any(second.address.GetFamily());
            }
            if (second.address.IsNone())
            {
                second = IpsecAddressPrefix::Any(first.address.GetFamily());
            }
            Ptr<SecurityPolicy> policy = Create<SecurityPolicy>();
            // Old style names the datagram's source and destination: inbound, the
            // source is the remote end.
            bool swap = pattern.oldStyle && direction == SecurityPolicy::Direction::INBOUND;
            const IpsecAddressPrefix& local = swap ? second : first;
            const IpsecAddressPrefix& remote = swap ? first : second;
            int32_t localPort = swap ? pattern.secondPort : pattern.firstPort;
            int32_t remotePort = swap ? pattern.firstPort : pattern.secondPort;
            // Both families: the mask ignores the address, which keeps its default.
            if (!local.address.IsNone())
            {
                policy->localAddress = local.address;
            }
            policy->localMask = local.Mask();
            if (!remote.address.IsNone())
            {
                policy->remoteAddress = remote.address;
            }
            policy->remoteMask = remote.Mask();
            if (localPort >= 0)
            {
                policy->localPortMin = policy->localPortMax = static_cast<uint16_t>(localPort);
            }
            if (remotePort >= 0)
            {
                policy->remotePortMin = policy->remotePortMax = static_cast<uint16_t>(remotePort);
            }
            policy->protocol = pattern.protocol;
            policy->icmpTypeMin = pattern.typeMin;
            policy->icmpTypeMax = pattern.typeMax;
            policy->icmpCodeMin = pattern.codeMin;
            policy->icmpCodeMax = pattern.codeMax;
            policy->direction = direction;
            if (head.actionName == "drop")
            {
                policy->action = SecurityPolicy::Action::DROP;
            }
            else if (head.actionName == "bypass" || head.actionName == "pass")
            {
                policy->action = SecurityPolicy::Action::BYPASS;
            }
            else
            {
                policy->action = SecurityPolicy::Action::IPSEC;
                for (const auto& alt : alternatives)
                {
                    std::vector<IpsecProtectionRequest> bundle;
                    for (const auto* r : {&alt.esp, &alt.ah})
                    {
                        if (*r)
                        {
                            IpsecProtectionRequest request = **r;
                            request.level = IpsecLevel::REQUIRE;
                            request.mode = pattern.negotiate.value_or(IpsecMode::TRANSPORT);
                            bundle.push_back(request);
                        }
                    }
                    policy->alternatives.push_back(bundle);
                    policy->uniqueSa = policy->uniqueSa || alt.uniqueSa;
                }
            }
            IpsecConfigOperation op;
            op.kind = IpsecConfigOperation::Kind::ADD_POLICY;
            op.line = open.line;
            op.column = open.column;
            op.policy = policy;
            op.tunnel = pattern.tunnel;
            result.operations.push_back(op);
        }
    }
    return result;
}

} // namespace ns3
