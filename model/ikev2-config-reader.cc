/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-config-reader.h"

#include "ikev2-child-suite.h"
#include "ikev2-preshared-reader.h"
#include "ikev2-proposal-spec.h"
#include "ipsec-address-resolver.h"
#include "ipsec-config-error.h"
#include "ipsec-config-lexer.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace ns3
{

namespace
{

/// A keyword refused by name, with the rest of the sentence saying why.
struct Refusal
{
    const char* name;   //!< the keyword
    const char* reason; //!< what follows `"name" ` in the message
};

/// Keywords refused by name: IKEv1's ike.config(4) parameters, and its certificate keywords.
const Refusal REFUSED[] = {
    {"p1_xform", "is ike.config (IKEv1) syntax: use ikesa_xform"},
    {"p1_lifetime_secs", "is ike.config (IKEv1) syntax: use ikesa_lifetime_secs"},
    {"p2_pfs", "is ike.config (IKEv1) syntax: use childsa_pfs"},
    {"p2_lifetime_secs", "is ike.config (IKEv1) syntax: use childsa_lifetime_secs"},
    {"p2_lifetime_kb", "is ike.config (IKEv1) syntax: use childsa_lifetime_kb"},
    {"p2_softlife_secs", "is ike.config (IKEv1) syntax, not an ikev2.config parameter"},
    {"p2_softlife_kb", "is ike.config (IKEv1) syntax, not an ikev2.config parameter"},
    {"p2_idletime_secs", "is ike.config (IKEv1) syntax, not an ikev2.config parameter"},
    {"p1_nonce_len", "is ike.config (IKEv1) syntax, not an ikev2.config parameter"},
    {"p2_nonce_len", "is ike.config (IKEv1) syntax, not an ikev2.config parameter"},
    {"localid", "is ike.config (IKEv1) syntax: use local_id TYPE = \"value\""},
    {"remoteid", "is ike.config (IKEv1) syntax: use remote_id TYPE = \"value\""},
    {"localidtype", "is ike.config (IKEv1) syntax: use local_id TYPE = \"value\""},
    {"remoteidtype", "is ike.config (IKEv1) syntax: use remote_id TYPE = \"value\""},
    {"local_id_type", "is ike.config (IKEv1) syntax: use local_id TYPE = \"value\""},
    {"oakley_group", "belongs in an ikesa_xform block (as dh_group)"},
    {"encr_alg", "belongs in an ikesa_xform block"},
    {"auth_alg", "belongs in an ikesa_xform block"},
    {"dh_group", "belongs in an ikesa_xform block"},
    {"cert_root", "is not supported: certificates are not modelled (auth_method preshared only)"},
    {"cert_trust", "is not supported: certificates are not modelled (auth_method preshared only)"},
    {"ignore_crls", "is not supported: certificates are not modelled (auth_method preshared only)"},
    {"ldap_server", "is not supported: certificates are not modelled (auth_method preshared only)"},
    {"pkcs11_path", "is not supported: certificates are not modelled (auth_method preshared only)"},
    {"use_http", "is not supported: certificates are not modelled (auth_method preshared only)"},
    {"proxy", "is not supported: certificates are not modelled (auth_method preshared only)"},
    {"socks", "is not supported: certificates are not modelled (auth_method preshared only)"},
};

/// The parameters allowed before the rules (ikev2.config(4) global parameters).
const char* const GLOBAL_KEYWORDS = "childsa_lifetime_kb, childsa_lifetime_secs, childsa_pfs, "
                                    "ikesa_lifetime_secs, ikesa_xform";

/// The parameters of a rule.
const char* const RULE_KEYWORDS
    = "auth_method, childsa_lifetime_kb, childsa_lifetime_secs, childsa_pfs, ikesa_lifetime_secs, "
      "ikesa_xform, label, local_addr, local_id, remote_addr, remote_id";

/// The longest lifetime accepted, seconds (2^31, about 68 years).
constexpr uint64_t MAX_SECONDS = uint64_t(1) << 31;
/// The largest childsa_lifetime_kb accepted (so that it fits in bytes).
constexpr uint64_t MAX_KILOBYTES = uint64_t(1) << 54;

/// A number parameter and where it was given.
struct Setting
{
    uint64_t value{0};           //!< the number
    Ikev2Config::Position where; //!< the position of its keyword
    bool given{false};           //!< whether it was given
};

/// The parameters that are global and may be overridden by a rule.
struct Scope
{
    std::vector<Ikev2Config::Proposal> xforms; //!< ikesa_xform blocks, in order
    Setting ikeLifetime;                       //!< ikesa_lifetime_secs
    Setting childLifetime;                     //!< childsa_lifetime_secs
    Setting childKilobytes;                    //!< childsa_lifetime_kb
    Setting childPfs;                          //!< childsa_pfs
};

/// An identity type of local_id and remote_id.
struct IdType
{
    const char* name;   //!< upper case
    const char* prefix; //!< the Ikev2Identity::FromText prefix; "" for IP; nullptr: refused
};

/// Identity types (case-insensitive). IP takes either family.
const IdType ID_TYPES[] = {
    {"IP", ""},
    {"IPV4", "ipv4:"},
    {"IPV4_ADDR", "ipv4:"},
    {"IPV6", "ipv6:"},
    {"IPV6_ADDR", "ipv6:"},
    {"FQDN", "fqdn:"},
    {"DNS", "fqdn:"},
    {"USER_FQDN", "email:"},
    {"MBOX", "email:"},
    {"EMAIL", "email:"},
    {"RFC822", "email:"},
    {"RFC822_ADDR", "email:"},
    {"KEYID", "keyid:#"},
    {"KEY_ID", "keyid:#"},
    {"DN", nullptr},
    {"ASN1DN", nullptr},
    {"DER_ASN1_DN", nullptr},
    {"GN", nullptr},
    {"DER_ASN1_GN", nullptr},
};

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
 * \return it as `line:column`
 */
std::string
Text(const Ikev2Config::Position& where)
{
    return std::to_string(where.line) + ":" + std::to_string(where.column);
}

/**
 * \param lexer the lexer, before the value
 * \param keyword the parameter's keyword
 * \param min the smallest value accepted
 * \param max the largest value accepted
 * \param what what the number counts, for the message
 * \return the number (throws IpsecConfigError)
 */
uint64_t
ReadNumber(IpsecConfigLexer& lexer,
           const IpsecConfigToken& keyword,
           uint64_t min,
           uint64_t max,
           const std::string& what)
{
    IpsecConfigToken value = lexer.Expect(IpsecConfigToken::WORD, "a number after " + keyword.text);
    uint64_t n = 0;
    bool ok = !value.text.empty();
    for (char c : value.text)
    {
        if (!std::isdigit(static_cast<unsigned char>(c)) || n > (UINT64_MAX - 9) / 10)
        {
            ok = false;
            break;
        }
        n = n * 10 + uint64_t(c - '0');
    }
    if (!ok || n < min || n > max)
    {
        IpsecConfigLexer::Fail(value,
                               "bad " + keyword.text + " \"" + value.text + "\": expected " + what
                                   + " from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return n;
}

/**
 * \param setting where to keep the value
 * \param keyword the keyword
 * \param value the value
 */
void
Set(Setting& setting, const IpsecConfigToken& keyword, uint64_t value)
{
    setting.value = value;
    setting.where = PositionOf(keyword);
    setting.given = true;
}

/**
 * \param setting a setting
 * \param keyword its keyword, given again
 * \param scope "in the rule" or "globally"
 */
void
Once(const Setting& setting, const IpsecConfigToken& keyword, const std::string& scope)
{
    if (setting.given)
    {
        IpsecConfigLexer::Fail(keyword,
                               keyword.text + " given twice " + scope + " (first at "
                                   + Text(setting.where) + ")");
    }
}

/**
 * \param lexer the lexer, after the ikesa_xform keyword
 * \param keyword the ikesa_xform keyword
 * \return the IKE proposal, in strongSwan notation (throws IpsecConfigError)
 */
Ikev2Config::Proposal
ReadXform(IpsecConfigLexer& lexer, const IpsecConfigToken& keyword)
{
    IpsecConfigToken open = lexer.Expect(IpsecConfigToken::OPEN, "'{' after ikesa_xform");
    // Rebuild the block with its geometry (comments blanked) for ParseSolarisXform, so that
    // the offsets of its errors map back to lines and columns.
    std::string block = "{";
    uint32_t line = open.line;
    uint32_t column = open.column + 1;
    bool oakley = false;
    bool dhGroup = false;
    while (true)
    {
        IpsecConfigToken token = lexer.Next();
        if (token.kind == IpsecConfigToken::END)
        {
            IpsecConfigLexer::Fail(token,
                                   "missing '}': the ikesa_xform block opened at "
                                       + std::to_string(open.line) + ":"
                                       + std::to_string(open.column) + " is not closed");
        }
        if (token.kind == IpsecConfigToken::OPEN)
        {
            IpsecConfigLexer::Fail(token, "unexpected '{' in ikesa_xform (blocks do not nest)");
        }
        if (token.kind == IpsecConfigToken::STRING)
        {
            IpsecConfigLexer::Fail(token,
                                   "unexpected " + IpsecConfigLexer::Describe(token)
                                       + " in ikesa_xform");
        }
        if (token.line > line)
        {
            block.append(token.line - line, '\n');
            line = token.line;
            column = 1;
        }
        if (token.column > column)
        {
            block.append(token.column - column, ' ');
        }
        std::string text = token.text;
        if (text == "oakley_group")
        {
            text = "dh_group    "; // the same length keeps the columns
            oakley = true;
        }
        dhGroup = dhGroup || text == "dh_group";
        block += text;
        column = token.column + uint32_t(text.size());
        if (token.kind == IpsecConfigToken::CLOSE)
        {
            break;
        }
    }
    Ikev2ProposalSpec spec;
    Ikev2ProposalSpec::Error error = Ikev2ProposalSpec::ParseSolarisXform(block, spec);
    if (!error.Ok())
    {
        uint32_t errorLine = open.line;
        uint32_t errorColumn = open.column;
        for (size_t i = 0; i < error.position && i < block.size(); ++i)
        {
            if (block[i] == '\n')
            {
                ++errorLine;
                errorColumn = 1;
            }
            else
            {
                ++errorColumn;
            }
        }
        std::string message = error.message;
        size_t at = message.find("dh_group");
        if (oakley && !dhGroup && at != std::string::npos)
        {
            message.replace(at, 8, "oakley_group");
        }
        throw IpsecConfigError(errorLine, errorColumn, message);
    }
    return {spec.ToString(), PositionOf(keyword)};
}

/// A 128-bit unsigned number (an address), as two halves.
struct U128
{
    uint64_t hi{0}; //!< the upper 64 bits
    uint64_t lo{0}; //!< the lower 64 bits
};

/**
 * \param a an address of either family
 * \return its value
 */
U128
ValueOf(const IpsecAddress& a)
{
    U128 v;
    const uint8_t* b = a.GetBytes();
    uint32_t n = a.GetLength();
    for (uint32_t i = 0; i < n; ++i)
    {
        v.hi = (v.hi << 8) | (v.lo >> 56);
        v.lo = (v.lo << 8) | b[i];
    }
    return v;
}

/**
 * \param v a value
 * \param family the family of the address wanted
 * \return the address
 */
IpsecAddress
AddressOf(const U128& v, IpsecAddress::Family family)
{
    if (family == IpsecAddress::Family::IPV4)
    {
        return Ipv4Address(static_cast<uint32_t>(v.lo));
    }
    uint8_t bytes[16];
    for (int i = 0; i < 8; ++i)
    {
        bytes[i] = static_cast<uint8_t>(v.hi >> (56 - 8 * i));
        bytes[8 + i] = static_cast<uint8_t>(v.lo >> (56 - 8 * i));
    }
    return Ipv6Address(bytes);
}

/**
 * \param a a value
 * \param b another
 * \return true when a is at most b
 */
bool
AtMost(const U128& a, const U128& b)
{
    return a.hi < b.hi || (a.hi == b.hi && a.lo <= b.lo);
}

/**
 * \param k a number of bits, at most 128
 * \return the value with the lowest k bits set
 */
U128
LowBits(uint32_t k)
{
    U128 m;
    m.lo = k >= 64 ? ~uint64_t(0) : (uint64_t(1) << k) - 1;
    m.hi = k <= 64 ? 0 : k >= 128 ? ~uint64_t(0) : (uint64_t(1) << (k - 64)) - 1;
    return m;
}

/**
 * \param first the first address of a range
 * \param last the last, of the same family and not below first
 * \return the prefixes that cover exactly the range, in address order
 */
std::vector<IpsecAddressPrefix>
RangePrefixes(const IpsecAddress& first, const IpsecAddress& last)
{
    const uint32_t width = first.GetLength() * 8;
    std::vector<IpsecAddressPrefix> out;
    U128 cur = ValueOf(first);
    const U128 end = ValueOf(last);
    while (true)
    {
        uint32_t k = width;
        // The largest block aligned at cur that ends within the range.
        while (k > 0)
        {
            U128 mask = LowBits(k);
            bool aligned = (cur.hi & mask.hi) == 0 && (cur.lo & mask.lo) == 0;
            U128 blockEnd{cur.hi | mask.hi, cur.lo | mask.lo};
            if (aligned && AtMost(blockEnd, end))
            {
                break;
            }
            --k;
        }
        U128 mask = LowBits(k);
        U128 blockEnd{cur.hi | mask.hi, cur.lo | mask.lo};
        out.push_back({AddressOf(cur, first.GetFamily()), static_cast<uint8_t>(width - k)});
        if (blockEnd.hi == end.hi && blockEnd.lo == end.lo)
        {
            return out;
        }
        cur = blockEnd;
        cur.lo += 1;
        if (cur.lo == 0)
        {
            cur.hi += 1;
        }
    }
}

/**
 * \param lexer the lexer, before the value of local_addr or remote_addr
 * \param keyword the keyword
 * \return the addresses (throws IpsecConfigError)
 */
std::vector<IpsecAddressPrefix>
ReadAddresses(IpsecConfigLexer& lexer, const IpsecConfigToken& keyword)
{
    IpsecConfigToken value
        = lexer.Expect(IpsecConfigToken::WORD, "an address, prefix or range after " + keyword.text);
    if (!IpsecAddressResolver::IsAddressRange(value.text))
    {
        return IpsecAddressResolver::Resolve(value, value.text, true);
    }
    size_t dash = value.text.find('-');
    IpsecAddress first
        = IpsecAddressResolver::Resolve(value, value.text.substr(0, dash), false)[0].address;
    IpsecAddress last
        = IpsecAddressResolver::Resolve(value, value.text.substr(dash + 1), false)[0].address;
    if (first.GetFamily() != last.GetFamily())
    {
        IpsecConfigLexer::Fail(value, "address range \"" + value.text + "\" mixes IPv4 and IPv6");
    }
    if (!AtMost(ValueOf(first), ValueOf(last)))
    {
        IpsecConfigLexer::Fail(value,
                               "address range \"" + value.text
                                   + "\" is empty: its first address is above its last");
    }
    return RangePrefixes(first, last);
}

/**
 * \param lexer the lexer, after local_id or remote_id
 * \param keyword the keyword
 * \return the identity (throws IpsecConfigError)
 */
Ikev2Identity
ReadIdentity(IpsecConfigLexer& lexer, const IpsecConfigToken& keyword)
{
    const std::string types = "IP, IPv4, IPv6, FQDN, DNS, USER_FQDN, MBOX, EMAIL, KEYID";
    IpsecConfigToken type = lexer.Expect(IpsecConfigToken::WORD,
                                         "an identity type (" + types + ") after " + keyword.text);
    std::string typeText = type.text;
    std::optional<IpsecConfigToken> value;
    size_t eq = typeText.find('=');
    if (eq != std::string::npos)
    {
        // TYPE=value or TYPE= "value"
        if (eq + 1 < typeText.size())
        {
            IpsecConfigToken inlineValue = type;
            inlineValue.text = typeText.substr(eq + 1);
            inlineValue.column = type.column + uint32_t(eq + 1);
            value = inlineValue;
        }
        typeText.resize(eq);
    }
    else if (lexer.Peek().kind == IpsecConfigToken::WORD && !lexer.Peek().text.empty()
             && lexer.Peek().text[0] == '=')
    {
        IpsecConfigToken equals = lexer.Next(); // = "value", or =value
        if (equals.text.size() > 1)
        {
            equals.text = equals.text.substr(1);
            equals.column += 1;
            value = equals;
        }
    }
    if (!value)
    {
        value = lexer.ExpectValue("the " + keyword.text + " value");
    }
    std::string upper = typeText;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) {
        return static_cast<char>(std::toupper(c));
    });
    const IdType* found = nullptr;
    for (const IdType& t : ID_TYPES)
    {
        if (upper == t.name)
        {
            found = &t;
        }
    }
    if (found == nullptr)
    {
        IpsecConfigLexer::Fail(type,
                               "unknown identity type \"" + typeText + "\" in " + keyword.text
                                   + " (expected one of: " + types + ")");
    }
    if (found->prefix == nullptr)
    {
        IpsecConfigLexer::Fail(type,
                               keyword.text + " " + typeText
                                   + ": DN identities need a DER encoding and certificates; not "
                                     "modelled");
    }
    const std::string& v = value->text;
    if (v.empty())
    {
        IpsecConfigLexer::Fail(*value, "empty " + keyword.text);
    }
    if (v.find('*') != std::string::npos)
    {
        IpsecConfigLexer::Fail(*value,
                               keyword.text + " \"" + v
                                   + "\": wildcard identities are not supported by this model "
                                     "(a rule without remote_id accepts any identity)");
    }
    std::string prefix = found->prefix;
    if (prefix.empty() || prefix == "ipv4:" || prefix == "ipv6:")
    {
        if (v.find('/') != std::string::npos || IpsecAddressResolver::IsAddressRange(v))
        {
            IpsecConfigLexer::Fail(*value,
                                   keyword.text + " \"" + v
                                       + "\": an IKEv2 identity is one address (RFC 7296 §3.5 "
                                         "has no subnet or range type)");
        }
        if (prefix.empty())
        {
            Ipv4Address v4;
            prefix = IpsecAddressResolver::ParseDottedQuad(v, v4) ? "ipv4:" : "ipv6:";
            Ipv6Address v6;
            if (prefix == "ipv6:" && !IpsecAddressResolver::ParseIpv6(v, v6))
            {
                IpsecConfigLexer::Fail(*value,
                                       keyword.text + " IP \"" + v
                                           + "\" is not an IPv4 or IPv6 address");
            }
        }
    }
    Ikev2Identity id;
    std::string error;
    if (!Ikev2Identity::FromText(prefix + v, id, error))
    {
        IpsecConfigLexer::Fail(*value, "bad " + keyword.text + ": " + error);
    }
    return id;
}

/**
 * \brief Read one parameter that may be global or in a rule.
 * \param lexer the lexer, after the keyword
 * \param keyword the keyword
 * \param scope what to set
 * \param where "in the rule" or "globally", for messages
 * \return false when the keyword is not such a parameter (nothing consumed)
 */
bool
ReadScoped(IpsecConfigLexer& lexer,
           const IpsecConfigToken& keyword,
           Scope& scope,
           const std::string& where)
{
    const std::string& name = keyword.text;
    if (name == "ikesa_xform")
    {
        scope.xforms.push_back(ReadXform(lexer, keyword));
    }
    else if (name == "ikesa_lifetime_secs")
    {
        Once(scope.ikeLifetime, keyword, where);
        Set(scope.ikeLifetime, keyword, ReadNumber(lexer, keyword, 1, MAX_SECONDS, "seconds"));
    }
    else if (name == "childsa_lifetime_secs")
    {
        Once(scope.childLifetime, keyword, where);
        Set(scope.childLifetime, keyword, ReadNumber(lexer, keyword, 1, MAX_SECONDS, "seconds"));
    }
    else if (name == "childsa_lifetime_kb")
    {
        Once(scope.childKilobytes, keyword, where);
        Set(scope.childKilobytes,
            keyword,
            ReadNumber(lexer, keyword, 1, MAX_KILOBYTES, "kilobytes"));
    }
    else if (name == "childsa_pfs")
    {
        Once(scope.childPfs, keyword, where);
        IpsecConfigToken value = lexer.Peek();
        uint64_t group = ReadNumber(lexer, keyword, 0, 65535, "a DH group number (0: no PFS)");
        if (group != 0 && !Ikev2ChildSuite::IsSupported(Ikev2TransformType::DH, uint16_t(group), 0))
        {
            IpsecConfigLexer::Fail(value,
                                   "DH group " + value.text
                                       + " is not implemented by this model (14, 19, 31 are)");
        }
        Set(scope.childPfs, keyword, group);
    }
    else
    {
        return false;
    }
    return true;
}

/**
 * \param keyword a keyword that is not valid where it is
 * \param expected the valid keywords there
 * \param extra more to say about what is expected
 */
[[noreturn]] void
Unknown(const IpsecConfigToken& keyword, const std::string& expected, const std::string& extra)
{
    for (const Refusal& r : REFUSED)
    {
        if (keyword.text == r.name)
        {
            IpsecConfigLexer::Fail(keyword, "\"" + keyword.text + "\" " + r.reason);
        }
    }
    IpsecConfigLexer::Fail(keyword,
                           "unknown keyword \"" + keyword.text + "\" (expected one of: " + expected
                               + extra + ")");
}

/**
 * \param a addresses
 * \param b other addresses
 * \return true when either list is empty or they have an address family in common
 */
bool
SharesAFamily(const std::vector<IpsecAddressPrefix>& a, const std::vector<IpsecAddressPrefix>& b)
{
    if (a.empty() || b.empty())
    {
        return true;
    }
    for (const auto& x : a)
    {
        for (const auto& y : b)
        {
            if (x.address.GetFamily() == y.address.GetFamily())
            {
                return true;
            }
        }
    }
    return false;
}

/**
 * \param rule the rule's own setting
 * \param global the global one
 * \return the one in force
 */
const Setting&
Effective(const Setting& rule, const Setting& global)
{
    return rule.given ? rule : global;
}

/**
 * \param lexer the lexer, after the `{` of a rule
 * \param open the `{`
 * \param global the global parameters
 * \param labels the labels seen so far, with their positions
 * \param rules where the rule goes
 */
void
ReadRule(IpsecConfigLexer& lexer,
         const IpsecConfigToken& open,
         const Scope& global,
         std::map<std::string, Ikev2Config::Position>& labels,
         std::vector<Ikev2Config::Peer>& rules)
{
    Ikev2Config::Peer peer;
    Scope scope;
    std::optional<IpsecConfigToken> label;
    std::optional<IpsecConfigToken> authMethod;
    std::optional<IpsecConfigToken> localId;
    std::optional<IpsecConfigToken> remoteId;
    const std::string in = "in the rule";
    while (true)
    {
        IpsecConfigToken token = lexer.Next();
        if (token.kind == IpsecConfigToken::CLOSE)
        {
            break;
        }
        if (token.kind == IpsecConfigToken::END)
        {
            IpsecConfigLexer::Fail(token,
                                   "missing '}': the rule opened at " + std::to_string(open.line)
                                       + ":" + std::to_string(open.column) + " is not closed");
        }
        if (token.kind == IpsecConfigToken::OPEN)
        {
            IpsecConfigLexer::Fail(token,
                                   "unexpected '{' in a rule (rules do not nest; only "
                                   "ikesa_xform takes a block)");
        }
        if (token.kind == IpsecConfigToken::STRING)
        {
            IpsecConfigLexer::Fail(token,
                                   "expected a rule parameter, found "
                                       + IpsecConfigLexer::Describe(token));
        }
        const std::string& name = token.text;
        if (ReadScoped(lexer, token, scope, in))
        {
            continue;
        }
        if (name == "label")
        {
            if (label)
            {
                IpsecConfigLexer::Fail(token,
                                       "label given twice in the rule (first at "
                                           + Text(PositionOf(*label)) + ")");
            }
            label = lexer.ExpectValue("a quoted label after label");
            if (label->text.empty())
            {
                IpsecConfigLexer::Fail(*label, "empty label");
            }
        }
        else if (name == "auth_method")
        {
            if (authMethod)
            {
                IpsecConfigLexer::Fail(token,
                                       "auth_method given twice in the rule (first at "
                                           + Text(PositionOf(*authMethod)) + ")");
            }
            authMethod = token;
            IpsecConfigToken value = lexer.Expect(IpsecConfigToken::WORD,
                                                  "an authentication method after auth_method");
            if (value.text != "preshared")
            {
                IpsecConfigLexer::Fail(value,
                                       "auth_method \"" + value.text
                                           + "\" is not supported: this model authenticates with "
                                             "pre-shared keys only (auth_method preshared)");
            }
        }
        else if (name == "local_addr" || name == "remote_addr")
        {
            auto& list = name == "local_addr" ? peer.localAddrs : peer.remoteAddrs;
            for (const auto& a : ReadAddresses(lexer, token))
            {
                list.push_back(a);
            }
        }
        else if (name == "local_id" || name == "remote_id")
        {
            auto& seen = name == "local_id" ? localId : remoteId;
            if (seen)
            {
                IpsecConfigLexer::Fail(token,
                                       "several " + name
                                           + " are not supported by this model: one identity per "
                                             "side (first at "
                                           + Text(PositionOf(*seen)) + ")");
            }
            seen = token;
            (name == "local_id" ? peer.localId : peer.remoteId) = ReadIdentity(lexer, token);
        }
        else
        {
            Unknown(token, RULE_KEYWORDS, "");
        }
    }
    if (!label)
    {
        IpsecConfigLexer::Fail(open, "rule without a label");
    }
    auto first = labels.find(label->text);
    if (first != labels.end())
    {
        IpsecConfigLexer::Fail(*label,
                               "label \"" + label->text + "\" used twice (first at "
                                   + Text(first->second) + ")");
    }
    labels.emplace(label->text, PositionOf(*label));
    if (!authMethod)
    {
        IpsecConfigLexer::Fail(*label,
                               "rule \"" + label->text
                                   + "\" has no auth_method (this model takes auth_method "
                                     "preshared)");
    }
    if (!SharesAFamily(peer.localAddrs, peer.remoteAddrs))
    {
        IpsecConfigLexer::Fail(*label,
                               "rule \"" + label->text
                                   + "\": local_addr and remote_addr have no address family in "
                                     "common");
    }
    peer.name = label->text;
    peer.where = PositionOf(*label);
    peer.ikeProposals = scope.xforms.empty() ? global.xforms : scope.xforms;
    const Setting& ikeLifetime = Effective(scope.ikeLifetime, global.ikeLifetime);
    if (ikeLifetime.given)
    {
        peer.rekeyTime = MilliSeconds(int64_t(ikeLifetime.value) * 900);
        peer.overTime = MilliSeconds(int64_t(ikeLifetime.value) * 100);
    }
    peer.solaris = true;
    peer.childLifeTime
        = Seconds(static_cast<int64_t>(Effective(scope.childLifetime, global.childLifetime).value));
    peer.childLifeKilobytes = Effective(scope.childKilobytes, global.childKilobytes).value;
    peer.childPfs = static_cast<uint16_t>(Effective(scope.childPfs, global.childPfs).value);
    rules.push_back(std::move(peer));
}

/**
 * \param list comma-separated keywords
 * \param word a word
 * \return true when the word is one of them
 */
bool
Listed(const char* list, const std::string& word)
{
    return (std::string(", ") + list + ",").find(", " + word + ",") != std::string::npos;
}

/**
 * \param text ikev2.config text
 * \return the rules (throws IpsecConfigError)
 */
std::vector<Ikev2Config::Peer>
ReadRules(const std::string& text)
{
    std::vector<Ikev2Config::Peer> rules;
    Scope global;
    std::map<std::string, Ikev2Config::Position> labels;
    std::optional<IpsecConfigToken> firstRule;
    IpsecConfigLexer::Syntax syntax;
    syntax.braces = true;
    syntax.quotes = true;
    syntax.slashComments = true;
    syntax.commentsEndWords = true;
    syntax.escapes = true;
    syntax.refuseControls = true;
    syntax.limits = true;
    IpsecConfigLexer lexer(text, syntax);
    while (!lexer.AtEnd())
    {
        IpsecConfigToken token = lexer.Next();
        switch (token.kind)
        {
            case IpsecConfigToken::OPEN:
                if (!firstRule)
                {
                    firstRule = token;
                }
                ReadRule(lexer, token, global, labels, rules);
                continue;
            case IpsecConfigToken::CLOSE:
                IpsecConfigLexer::Fail(token, "'}' without a matching '{'");
            case IpsecConfigToken::STRING:
                IpsecConfigLexer::Fail(token,
                                       "expected a global parameter or '{' to open a rule, "
                                       "found "
                                           + IpsecConfigLexer::Describe(token));
            default:
                break;
        }
        bool isGlobal = Listed(GLOBAL_KEYWORDS, token.text);
        if (isGlobal && firstRule)
        {
            IpsecConfigLexer::Fail(
                token,
                "global parameter \"" + token.text + "\" after the first rule (opened at "
                    + Text(PositionOf(*firstRule)) + "): global parameters come first");
        }
        if (ReadScoped(lexer, token, global, "globally"))
        {
            continue;
        }
        if (Listed(RULE_KEYWORDS, token.text))
        {
            IpsecConfigLexer::Fail(token,
                                   "\"" + token.text
                                       + "\" outside a rule: rules are { ... } blocks");
        }
        Unknown(token, GLOBAL_KEYWORDS, ", or '{' to open a rule");
    }
    return rules;
}

/**
 * \param path a file
 * \param contents set to its contents
 * \return false when it cannot be read
 */
bool
Slurp(const std::string& path, std::string& contents)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        return false;
    }
    std::ostringstream out;
    out << in.rdbuf();
    contents = out.str();
    return true;
}

} // namespace

Ikev2ConfigResult
Ikev2ConfigReader::Parse(const std::string& text, const std::string& source, Ikev2Config& config)
{
    std::vector<Ikev2Config::Peer> rules;
    try
    {
        rules = ReadRules(text);
    }
    catch (const IpsecConfigError& e)
    {
        return {false, e.Format(source)};
    }
    Ikev2Config candidate;
    candidate.source = source;
    candidate.peers = std::move(rules);
    config = std::move(candidate);
    return {};
}

Ikev2ConfigResult
Ikev2ConfigReader::Read(const std::string& configText,
                        const std::string& configSource,
                        const std::string& presharedText,
                        const std::string& presharedSource,
                        Ikev2Config& config)
{
    Ikev2Config candidate;
    Ikev2ConfigResult r = Parse(configText, configSource, candidate);
    if (!r.ok)
    {
        return r;
    }
    std::vector<Ikev2PresharedReader::Entry> entries;
    r = Ikev2PresharedReader::Parse(presharedText, presharedSource, entries);
    if (!r.ok)
    {
        return r;
    }
    r = Ikev2PresharedReader::Apply(entries, presharedSource, candidate);
    if (!r.ok)
    {
        return r;
    }
    r = candidate.Validate();
    if (!r.ok)
    {
        return r;
    }
    config = std::move(candidate);
    return r;
}

Ikev2ConfigResult
Ikev2ConfigReader::ReadFiles(const std::string& configPath,
                             const std::string& presharedPath,
                             Ikev2Config& config)
{
    std::string configText;
    std::string presharedText;
    if (!Slurp(configPath, configText))
    {
        return {false, configPath + ": cannot open the file"};
    }
    if (!Slurp(presharedPath, presharedText))
    {
        return {false, presharedPath + ": cannot open the file"};
    }
    return Read(configText, configPath, presharedText, presharedPath, config);
}

} // namespace ns3
