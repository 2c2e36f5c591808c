/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "setkey-reader.h"

#include "ipsec-address-resolver.h"
#include "ipsec-config-lexer.h"
#include "ipsec-config-names.h"
#include "ipsec-udp-encapsulation.h"
#include "ipseckey-reader.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace ns3
{

namespace
{

using Kind = IpsecConfigOperation::Kind;
using Family = IpsecAddress::Family;

/// An address range `addr[/plen][[port]]` of spdadd.
struct Range
{
    std::vector<IpsecAddressPrefix> addresses;
    int32_t port = -1; //!< -1 = any
};

bool
AtStatementEnd(IpsecConfigLexer& lex)
{
    return lex.Peek().kind == IpsecConfigToken::SEMICOLON;
}

void
ExpectEnd(IpsecConfigLexer& lex, const std::string& statement)
{
    if (!AtStatementEnd(lex))
    {
        IpsecConfigLexer::Fail(lex.Peek(),
                               "expected ';' ending " + statement + ", found "
                                   + IpsecConfigLexer::Describe(lex.Peek()));
    }
    lex.Next();
}

/// The address options of a statement: -4, -6, -46 and -n, as KAME's setkey has them.
struct AddressOptions
{
    bool numeric = false;                       //!< -n: no host names
    IpsecAddress::Family family = Family::NONE; //!< -4 or -6; NONE = both (-46, default)
    std::string flag;                           //!< the -4/-6 given, for errors
};

/// -4, -6, -46, -n before the addresses: -4 and -6 keep a statement to one family (names
/// resolve to that family's addresses only, an address of the other is an error), -n refuses
/// host names.
AddressOptions
ParseAddressOptions(IpsecConfigLexer& lex)
{
    AddressOptions options;
    while (lex.Peek().kind == IpsecConfigToken::WORD
           && (lex.Peek().text == "-4" || lex.Peek().text == "-6" || lex.Peek().text == "-46"
               || lex.Peek().text == "-n"))
    {
        IpsecConfigToken t = lex.Next();
        if (t.text == "-n")
        {
            options.numeric = true;
            continue;
        }
        options.family = t.text == "-4" ? Family::IPV4
                       : t.text == "-6" ? Family::IPV6
                                        : Family::NONE;
        options.flag = t.text;
    }
    return options;
}

std::vector<IpsecAddressPrefix>
Addresses(const IpsecConfigToken& token,
          const std::string& text,
          const AddressOptions& options,
          bool prefix)
{
    Ipv4Address ignored;
    std::string bare = text.substr(0, text.find('/'));
    if (options.numeric && !IpsecAddressResolver::ParseDottedQuad(bare, ignored)
        && !IpsecConfigNames::LooksLikeIpv6(bare))
    {
        IpsecConfigLexer::Fail(token, "-n: \"" + bare + "\" is not a numeric address");
    }
    return IpsecAddressResolver::Resolve(token, text, prefix, options.family, options.flag);
}

Range
ParseRange(IpsecConfigLexer& lex, const AddressOptions& options, const std::string& what)
{
    IpsecConfigToken t = lex.ExpectWord(what);
    Range r;
    std::string text = t.text;
    size_t bracket = text.find('[');
    if (bracket != std::string::npos)
    {
        if (text.back() != ']')
        {
            IpsecConfigLexer::Fail(t, "missing ']' after the port in \"" + text + "\"");
        }
        std::string port = text.substr(bracket + 1, text.size() - bracket - 2);
        if (port != "any")
        {
            auto n = IpsecConfigNames::Number(port);
            if (!n || *n > 65535)
            {
                IpsecConfigLexer::Fail(t, "bad port \"" + port + "\" (a number or any)");
            }
            r.port = static_cast<int32_t>(*n);
        }
        text = text.substr(0, bracket);
    }
    if (IpsecConfigNames::Lower(text) == "any")
    {
        // This model's addition: every address of the statement's family (-4: 0.0.0.0/0, -6:
        // ::/0), or of both families without -4 or -6.
        r.addresses = {IpsecAddressPrefix::Any(options.family)};
        return r;
    }
    r.addresses = Addresses(t, text, options, true);
    return r;
}

const IpsecAlgorithm*
Algorithm(const IpsecConfigToken& t, bool encryption)
{
    std::string name = IpsecConfigNames::Lower(t.text);
    const IpsecAlgorithm* a = encryption ? IpsecAlgorithmRegistry::FindEncryption(name)
                                         : IpsecAlgorithmRegistry::FindIntegrity(name);
    if (!a || (!encryption && a->kind != IpsecAlgorithmKind::INTEGRITY && !a->usableInAh))
    {
        IpsecConfigLexer::Fail(t,
                               std::string("unknown ")
                                   + (encryption ? "encryption" : "authentication")
                                   + " algorithm \"" + t.text + "\" (known: "
                                   + IpsecAlgorithmRegistry::NamesOf(encryption) + ")");
    }
    return a;
}

IpsecBytes
Key(IpsecConfigLexer& lex, const IpsecAlgorithm* algorithm, const std::string& option)
{
    const IpsecConfigToken& next = lex.Peek();
    if (next.kind == IpsecConfigToken::STRING)
    {
        IpsecConfigToken t = lex.Next();
        return IpsecBytes(t.text.begin(), t.text.end());
    }
    if (next.kind == IpsecConfigToken::WORD && next.text.size() > 2 && next.text[0] == '0'
        && (next.text[1] == 'x' || next.text[1] == 'X'))
    {
        IpsecConfigToken t = lex.Next();
        if (t.text.find('/') != std::string::npos)
        {
            IpsecConfigLexer::Fail(t, t.text + " is not a hex key");
        }
        return IpseckeyReader::ParseKey(t.text, t);
    }
    if (algorithm->keyBitsMax == 0)
    {
        return {}; // null: no key
    }
    IpsecConfigLexer::Fail(next,
                           "expected the key of " + option + " " + algorithm->name
                               + " (0x hex or \"text\"), found "
                               + IpsecConfigLexer::Describe(next));
}

uint64_t
NumberAfter(IpsecConfigLexer& lex, const IpsecConfigToken& option, uint64_t max)
{
    IpsecConfigToken t = lex.ExpectWord("a number after " + option.text);
    auto n = IpsecConfigNames::Number(t.text);
    if (!n)
    {
        IpsecConfigLexer::Fail(t, "bad number \"" + t.text + "\" after " + option.text);
    }
    if (*n > max)
    {
        IpsecConfigLexer::Fail(t,
                               "number \"" + t.text + "\" after " + option.text
                                   + " is too large (at most " + std::to_string(max) + ")");
    }
    return *n;
}

/**
 * \brief The protocol of an SA statement.
 * \param t the word
 * \param udp set to whether it is `esp-udp` (ESP in UDP, RFC 3948), when not null
 * \return ESP or AH
 */
IpsecProtocol
SaProtocol(const IpsecConfigToken& t, bool* udp = nullptr)
{
    std::string p = IpsecConfigNames::Lower(t.text);
    if (p == "esp")
    {
        return IpsecProtocol::ESP;
    }
    if (p == "esp-udp")
    {
        if (!udp)
        {
            IpsecConfigLexer::Fail(t,
                                   "esp-udp is for add, get and delete (flush and dump take esp)");
        }
        *udp = true;
        return IpsecProtocol::ESP;
    }
    if (p == "ah")
    {
        return IpsecProtocol::AH;
    }
    if (p == "esp-old" || p == "ah-old")
    {
        IpsecConfigLexer::Fail(t, p + " (RFC 1826/1827 IPsec) is not supported by this model");
    }
    if (p == "ipcomp")
    {
        IpsecConfigLexer::Fail(t, "ipcomp (IP payload compression) is not supported by this model");
    }
    if (p == "tcp")
    {
        IpsecConfigLexer::Fail(t, "tcp (TCP-MD5 signatures) is not supported by this model");
    }
    IpsecConfigLexer::Fail(t, "expected a protocol (esp, esp-udp or ah), found \"" + t.text + "\"");
}

/**
 * \brief The `address[port]` of an SA statement (esp-udp's form): the address text, and the
 * port when one is given.
 * \param t the word
 * \param port set to the port, if any
 * \return the address text
 */
std::string
SaEndpoint(const IpsecConfigToken& t, std::optional<uint16_t>& port)
{
    size_t bracket = t.text.find('[');
    if (bracket == std::string::npos)
    {
        return t.text;
    }
    if (t.text.back() != ']')
    {
        IpsecConfigLexer::Fail(t, "missing ']' after the port in \"" + t.text + "\"");
    }
    std::string number = t.text.substr(bracket + 1, t.text.size() - bracket - 2);
    auto n = IpsecConfigNames::Number(number);
    if (!n || *n == 0 || *n > 65535)
    {
        IpsecConfigLexer::Fail(t, "bad port \"" + number + "\" (1-65535)");
    }
    port = static_cast<uint16_t>(*n);
    return t.text.substr(0, bracket);
}

/**
 * \brief Ports in an SA statement belong to esp-udp (its UDP ports); without it they are an
 * error.
 * \param udp whether the protocol is esp-udp
 * \param ports the ports given with the source and the destination
 * \param tokens where they were
 */
void
CheckSaPorts(bool udp,
             const std::optional<uint16_t> (&ports)[2],
             const IpsecConfigToken (&tokens)[2])
{
    for (int i = 0; i < 2; ++i)
    {
        if (ports[i] && !udp)
        {
            IpsecConfigLexer::Fail(tokens[i],
                                   "a port in \"" + tokens[i].text
                                       + "\" is for esp-udp SAs (UDP-encapsulated ESP) only");
        }
    }
}

/// A pending `add`, completed once the file's policies are known (mode `any`).
struct PendingSa
{
    std::optional<SecurityAssociation::Encapsulation> encap; //!< esp-udp
    size_t operation;
    IpsecConfigToken statement;
    bool modeGiven = false;
    IpsecMode mode = IpsecMode::TRANSPORT;
    std::string encr;
    IpsecBytes encrKey;
    std::string auth;
    IpsecBytes authKey;
    uint32_t replay = 0;
    uint32_t policyId = 0;
    std::optional<bool> cyclic;
    bool esn = false;
    SecurityAssociation::Lifetime soft;
    SecurityAssociation::Lifetime hard;
};

/// What add, get, delete and deleteall begin with: `[-4|-6|-n] src dst protocol`.
struct SaHead
{
    /// the (source, destination) pairs, each of one family
    std::vector<std::pair<IpsecAddressPrefix, IpsecAddressPrefix>> pairs;
    IpsecProtocol protocol;             //!< esp or ah
    bool udp{false};                    //!< esp-udp
    std::optional<uint16_t> ports[2]{}; //!< esp-udp's source and destination ports, if given
};

/// \return the statement's head, read from \p lex
SaHead
ParseSaHead(IpsecConfigLexer& lex)
{
    SaHead head;
    AddressOptions options = ParseAddressOptions(lex);
    IpsecConfigToken srcToken = lex.ExpectWord("the source address");
    auto sources = Addresses(srcToken, SaEndpoint(srcToken, head.ports[0]), options, false);
    IpsecConfigToken dstToken = lex.ExpectWord("the destination address");
    auto destinations = Addresses(dstToken, SaEndpoint(dstToken, head.ports[1]), options, false);
    head.pairs = IpsecAddressResolver::SameFamilyPairs(sources,
                                                       destinations,
                                                       dstToken,
                                                       srcToken.text,
                                                       dstToken.text);
    head.protocol = SaProtocol(lex.ExpectWord("a protocol (esp, esp-udp or ah)"), &head.udp);
    CheckSaPorts(head.udp, head.ports, {srcToken, dstToken});
    return head;
}

/// \return the SPI \p t gives (fails on anything but a 32-bit number)
uint32_t
ParseSpi(const IpsecConfigToken& t)
{
    auto n = IpsecConfigNames::Number(t.text);
    if (!n || *n > 0xffffffffULL)
    {
        IpsecConfigLexer::Fail(t, "bad SPI \"" + t.text + "\"");
    }
    return static_cast<uint32_t>(*n);
}

void
ParseAdd(IpsecConfigLexer& lex,
         const IpsecConfigToken& statement,
         IpsecConfigParse& result,
         std::vector<PendingSa>& pending)
{
    SaHead head = ParseSaHead(lex);
    auto& [pairs, protocol, udp, ports] = head;
    IpsecConfigToken spiToken = lex.ExpectWord("the SPI");
    uint32_t spi = ParseSpi(spiToken);
    if (spi < 256)
    {
        IpsecConfigLexer::Fail(spiToken,
                               "SPI " + spiToken.text + " is reserved (0-255 belong to IANA)");
    }
    PendingSa p;
    if (udp)
    {
        SecurityAssociation::Encapsulation e;
        e.udp = true;
        e.sourcePort = ports[0].value_or(IpsecUdpEncapsulation::PORT);
        e.destinationPort = ports[1].value_or(IpsecUdpEncapsulation::PORT);
        p.encap = e;
    }
    p.statement = statement;
    bool hasE = false;
    bool hasA = false;
    std::map<std::string, IpsecConfigToken> seen;
    while (!AtStatementEnd(lex))
    {
        IpsecConfigToken option
            = lex.ExpectWord("an option (-m -r -u -f -lh -ls -bh -bs -E -A) or ';'");
        const std::string& o = option.text;
        if (seen.count(o) && o != "-f")
        {
            IpsecConfigLexer::Fail(option, "duplicate " + o);
        }
        seen.emplace(o, option);
        if (o == "-m")
        {
            IpsecConfigToken m = lex.ExpectWord("a mode (transport, tunnel or any)");
            std::string mode = IpsecConfigNames::Lower(m.text);
            if (mode == "transport" || mode == "tunnel")
            {
                p.modeGiven = true;
                p.mode = mode == "tunnel" ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT;
            }
            else if (mode != "any")
            {
                IpsecConfigLexer::Fail(m, "bad mode \"" + m.text + "\" (transport, tunnel or any)");
            }
        }
        else if (o == "-r")
        {
            // In octets (8 packets each), as KAME's setkey has it.
            const uint64_t maxOctets = ReplayWindow::MAX_SIZE / 8;
            IpsecConfigToken t = lex.ExpectWord("a number after " + option.text);
            auto octets = IpsecConfigNames::Number(t.text);
            if (!octets || *octets > maxOctets)
            {
                IpsecConfigLexer::Fail(t,
                                       "bad replay window \"" + t.text + "\" after -r: octets "
                                           + "up to " + std::to_string(maxOctets) + " ("
                                           + std::to_string(ReplayWindow::MAX_SIZE)
                                           + " packets, Linux's limit)");
            }
            p.replay = static_cast<uint32_t>(*octets * 8);
        }
        else if (o == "-u")
        {
            p.policyId = static_cast<uint32_t>(NumberAfter(lex, option, 32767));
            if (p.policyId == 0)
            {
                IpsecConfigLexer::Fail(option, "-u needs an id from 1 to 32767");
            }
        }
        else if (o == "-f")
        {
            IpsecConfigToken f = lex.ExpectWord("a flag after -f");
            std::string flag = IpsecConfigNames::Lower(f.text);
            if (flag == "nocyclic-seq")
            {
                p.cyclic = false;
            }
            else if (flag == "cyclic-seq")
            {
                p.cyclic = true;
            }
            else if (flag == "esn")
            {
                p.esn = true;
            }
            else if (flag == "zero-pad" || flag == "random-pad" || flag == "seq-pad")
            {
                if (flag != "seq-pad")
                {
                    result.warnings.emplace_back(f.line,
                                                 f.column,
                                                 "-f " + flag
                                                     + " is not supported: this model always pads "
                                                       "with 1, 2, 3, ... (RFC 4303); ignored");
                }
            }
            else
            {
                IpsecConfigLexer::Fail(f,
                                       "bad -f flag \"" + f.text
                                           + "\" (zero-pad, random-pad, seq-pad, nocyclic-seq, "
                                             "cyclic-seq or esn)");
            }
        }
        else if (o == "-lh" || o == "-ls" || o == "-bh" || o == "-bs")
        {
            bool seconds = o[1] == 'l';
            uint64_t v
                = NumberAfter(lex,
                              option,
                              seconds ? SecurityAssociation::MaxLifetimeSeconds() : UINT64_MAX);
            SecurityAssociation::Lifetime& l = o[2] == 'h' ? p.hard : p.soft;
            (o[1] == 'l' ? l.addTime : l.bytes) = v;
        }
        else if (o == "-E")
        {
            if (protocol != IpsecProtocol::ESP)
            {
                IpsecConfigLexer::Fail(option, "-E is for esp only");
            }
            const IpsecAlgorithm* a = Algorithm(lex.ExpectWord("an encryption algorithm"), true);
            p.encr = a->name;
            p.encrKey = Key(lex, a, "-E");
            hasE = true;
        }
        else if (o == "-A")
        {
            const IpsecAlgorithm* a
                = Algorithm(lex.ExpectWord("an authentication algorithm"), false);
            p.auth = a->name;
            p.authKey = Key(lex, a, "-A");
            hasA = true;
        }
        else if (o == "-C")
        {
            IpsecConfigLexer::Fail(option,
                                   "-C (IPComp compression) is not supported by this model");
        }
        else
        {
            IpsecConfigLexer::Fail(option, "unknown option \"" + o + "\" in add");
        }
    }
    lex.Next();
    if (protocol == IpsecProtocol::ESP && !hasE)
    {
        IpsecConfigLexer::Fail(statement,
                               "add esp needs -E (use -E null with -A for integrity only)");
    }
    if (protocol == IpsecProtocol::AH && !hasA)
    {
        IpsecConfigLexer::Fail(statement, "add ah needs -A");
    }
    for (const auto& [s, d] : pairs)
    {
        IpsecConfigOperation op;
        op.kind = Kind::ADD_SA;
        op.line = statement.line;
        op.column = statement.column;
        op.protocol = protocol;
        op.source = s.address;
        op.destination = d.address;
        op.spi = spi;
        p.operation = result.operations.size();
        result.operations.push_back(op);
        pending.push_back(p);
    }
}

/// Parse the SA identity of get/delete/deleteall.
void
ParseIdentity(IpsecConfigLexer& lex,
              const IpsecConfigToken& statement,
              Kind kind,
              IpsecConfigParse& result)
{
    // esp-udp's ports are checked but not kept: an SA is found by address and SPI alone.
    SaHead head = ParseSaHead(lex);
    uint32_t spi = kind == Kind::DELETE_ALL_SA ? 0 : ParseSpi(lex.ExpectWord("the SPI"));
    ExpectEnd(lex, statement.text);
    for (const auto& [s, d] : head.pairs)
    {
        IpsecConfigOperation op;
        op.kind = kind;
        op.line = statement.line;
        op.column = statement.column;
        op.protocol = head.protocol;
        op.source = s.address;
        op.destination = d.address;
        op.spi = spi;
        result.operations.push_back(op);
    }
}

/// `proto/mode/src-dst/level`. The endpoints may be of either family (the same for both), which
/// need not be the selectors' (IPv6 in IPv4 tunnels and the reverse): as in libipsec, which
/// parses the policy apart from the statement, -4 and -6 do not apply to them.
IpsecProtectionRequest
ParseRule(const IpsecConfigToken& t)
{
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t slash; (slash = t.text.find('/', start)) != std::string::npos; start = slash + 1)
    {
        parts.push_back(t.text.substr(start, slash - start));
    }
    parts.push_back(t.text.substr(start));
    if (parts.size() < 3 || parts.size() > 4)
    {
        IpsecConfigLexer::Fail(t, "bad rule \"" + t.text + "\" (protocol/mode/src-dst/level)");
    }
    IpsecProtectionRequest r;
    std::string proto = IpsecConfigNames::Lower(parts[0]);
    if (proto == "ipcomp")
    {
        IpsecConfigLexer::Fail(t, "ipcomp (IP payload compression) is not supported by this model");
    }
    if (proto != "esp" && proto != "ah")
    {
        IpsecConfigLexer::Fail(t,
                               "bad protocol \"" + parts[0] + "\" in \"" + t.text
                                   + "\" (esp or ah)");
    }
    r.protocol = proto == "esp" ? IpsecProtocol::ESP : IpsecProtocol::AH;
    std::string mode = IpsecConfigNames::Lower(parts[1]);
    if (mode != "transport" && mode != "tunnel")
    {
        IpsecConfigLexer::Fail(t,
                               "bad mode \"" + parts[1] + "\" in \"" + t.text
                                   + "\" (transport or tunnel)");
    }
    r.mode = mode == "tunnel" ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT;
    const std::string& ends = parts[2];
    if (!ends.empty())
    {
        size_t dash = ends.find('-');
        if (dash == std::string::npos)
        {
            IpsecConfigLexer::Fail(t,
                                   "bad endpoints \"" + ends + "\" in \"" + t.text
                                       + "\" (src-dst)");
        }
        std::string srcText = ends.substr(0, dash);
        std::string dstText = ends.substr(dash + 1);
        auto pairs = IpsecAddressResolver::SameFamilyPairs(
            IpsecAddressResolver::Resolve(t, srcText, false),
            IpsecAddressResolver::Resolve(t, dstText, false),
            t,
            srcText,
            dstText);
        // Names of dual-stack nodes: their IPv4 addresses, as before names resolved to IPv6
        // (give IPv6 endpoints as addresses).
        std::vector<std::pair<IpsecAddressPrefix, IpsecAddressPrefix>> v4;
        std::copy_if(pairs.begin(), pairs.end(), std::back_inserter(v4), [](const auto& p) {
            return p.first.address.IsIpv4();
        });
        if (pairs.size() > 1 && v4.size() == 1)
        {
            pairs = v4;
        }
        if (pairs.size() != 1)
        {
            IpsecConfigLexer::Fail(t,
                                   "the endpoints \"" + ends + "\" name "
                                       + std::to_string(pairs.size())
                                       + " address pairs of one family; give the addresses");
        }
        if (r.mode == IpsecMode::TUNNEL)
        {
            r.tunnelSource = pairs[0].first.address;
            r.tunnelDestination = pairs[0].second.address;
        }
    }
    else if (r.mode == IpsecMode::TUNNEL)
    {
        IpsecConfigLexer::Fail(t,
                               "tunnel mode needs its endpoints: \"" + parts[0] + "/tunnel/SRC-DST/"
                                   + (parts.size() > 3 ? parts[3] : "") + "\"");
    }
    std::string level = parts.size() > 3 ? IpsecConfigNames::Lower(parts[3]) : "default";
    if (level.empty() || level == "default")
    {
        r.level = IpsecLevel::DEFAULT;
    }
    else if (level == "use")
    {
        r.level = IpsecLevel::USE;
    }
    else if (level == "require")
    {
        r.level = IpsecLevel::REQUIRE;
    }
    else if (level.compare(0, 6, "unique") == 0)
    {
        r.level = IpsecLevel::UNIQUE;
        if (level.size() > 6)
        {
            auto id = level[6] == ':' ? IpsecConfigNames::Number(level.substr(7)) : std::nullopt;
            if (!id || *id == 0 || *id > 32767)
            {
                IpsecConfigLexer::Fail(t, "bad level \"" + parts[3] + "\" (unique:1..32767)");
            }
            r.policyId = static_cast<uint32_t>(*id);
        }
    }
    else
    {
        IpsecConfigLexer::Fail(t,
                               "bad level \"" + parts[3] + "\" in \"" + t.text
                                   + "\" (default, use, require or unique[:id])");
    }
    return r;
}

void
ParsePolicy(IpsecConfigLexer& lex,
            const IpsecConfigToken& statement,
            bool deleting,
            IpsecConfigParse& result)
{
    AddressOptions options = ParseAddressOptions(lex);
    IpsecConfigToken srcToken = lex.Peek();
    Range src = ParseRange(lex, options, "the source range");
    IpsecConfigToken dstToken = lex.Peek();
    Range dst = ParseRange(lex, options, "the destination range");
    auto pairs = IpsecAddressResolver::SameFamilyPairs(src.addresses,
                                                       dst.addresses,
                                                       dstToken,
                                                       srcToken.text,
                                                       dstToken.text);
    IpsecConfigToken upper
        = lex.ExpectWord("an upper-layer protocol (any, tcp, udp, icmp, number)");
    int16_t protocol = -1;
    int16_t icmpType = -1;
    int16_t icmpCode = -1;
    std::string u = IpsecConfigNames::Lower(upper.text);
    if (u != "any")
    {
        auto p = IpsecConfigNames::Protocol(u);
        if (!p)
        {
            IpsecConfigLexer::Fail(upper, "unknown upper-layer protocol \"" + upper.text + "\"");
        }
        protocol = *p;
    }
    if ((protocol == 1 || protocol == 58) && lex.Peek().kind == IpsecConfigToken::WORD
        && std::isdigit(static_cast<unsigned char>(lex.Peek().text[0])))
    {
        IpsecConfigToken tc = lex.Next();
        size_t comma = tc.text.find(',');
        auto type = IpsecConfigNames::Number(tc.text.substr(0, comma));
        auto code = comma == std::string::npos
                      ? std::optional<uint64_t>()
                      : IpsecConfigNames::Number(tc.text.substr(comma + 1));
        if (!type || *type > 255 || (comma != std::string::npos && (!code || *code > 255)))
        {
            IpsecConfigLexer::Fail(tc,
                                   std::string("bad ") + (protocol == 58 ? "ICMPv6" : "ICMP")
                                       + " type,code \"" + tc.text + "\"");
        }
        icmpType = static_cast<int16_t>(*type);
        icmpCode = code ? static_cast<int16_t>(*code) : -1;
    }
    while (lex.Peek().kind == IpsecConfigToken::WORD
           && (lex.Peek().text == "-lh" || lex.Peek().text == "-ls"))
    {
        IpsecConfigToken o = lex.Next();
        NumberAfter(lex, o, UINT64_MAX);
        result.warnings.emplace_back(o.line,
                                     o.column,
                                     o.text
                                         + ": policy lifetimes are not supported by this model; "
                                           "ignored");
    }
    IpsecConfigToken dash = lex.ExpectWord("-P");
    if (dash.text != "-P")
    {
        IpsecConfigLexer::Fail(dash, "expected -P, found \"" + dash.text + "\"");
    }
    IpsecConfigToken dirToken = lex.ExpectWord("a direction (in, out or fwd)");
    std::string dir = IpsecConfigNames::Lower(dirToken.text);
    if (dir != "in" && dir != "out" && dir != "fwd")
    {
        IpsecConfigLexer::Fail(dirToken,
                               "bad direction \"" + dirToken.text + "\" (in, out or fwd)");
    }
    Ptr<SecurityPolicy> policy = Create<SecurityPolicy>();
    policy->direction
        = dir == "in" ? SecurityPolicy::Direction::INBOUND : SecurityPolicy::Direction::OUTBOUND;
    policy->protocol = protocol;
    policy->icmpTypeMin = policy->icmpTypeMax = icmpType;
    policy->icmpCodeMin = policy->icmpCodeMax = icmpCode;
    if (!deleting || !AtStatementEnd(lex))
    {
        IpsecConfigToken action = lex.ExpectWord("discard, none or ipsec");
        std::string a = IpsecConfigNames::Lower(action.text);
        if (a == "prio" || a == "priority")
        {
            IpsecConfigLexer::Fail(action,
                                   "policy priorities are not supported by this model "
                                   "(the SPD's Precedence attribute orders entries)");
        }
        if (a == "entrust")
        {
            IpsecConfigLexer::Fail(action, "entrust is not supported by this model");
        }
        if (a == "discard")
        {
            policy->action = SecurityPolicy::Action::DROP;
        }
        else if (a == "none" || a == "bypass")
        {
            policy->action = SecurityPolicy::Action::BYPASS;
        }
        else if (a == "ipsec")
        {
            policy->action = SecurityPolicy::Action::IPSEC;
            std::vector<IpsecProtectionRequest> bundle;
            while (!AtStatementEnd(lex))
            {
                bundle.push_back(ParseRule(lex.ExpectWord("a rule protocol/mode/src-dst/level")));
            }
            if (bundle.empty())
            {
                IpsecConfigLexer::Fail(action, "ipsec needs at least one rule");
            }
            policy->alternatives.push_back(bundle);
        }
        else
        {
            IpsecConfigLexer::Fail(action,
                                   "bad policy \"" + action.text
                                       + "\" (discard, none, bypass or ipsec)");
        }
    }
    ExpectEnd(lex, statement.text);
    if (dir == "fwd")
    {
        result.warnings.emplace_back(dirToken.line,
                                     dirToken.column,
                                     "-P fwd: this model checks forwarded packets against the "
                                     "\"in\" policy; the fwd policy is not added");
        return;
    }
    bool inbound = dir == "in";
    for (const auto& [s, d] : pairs)
    {
        Ptr<SecurityPolicy> p = Create<SecurityPolicy>(*policy);
        const IpsecAddressPrefix& local = inbound ? d : s;
        const IpsecAddressPrefix& remote = inbound ? s : d;
        int32_t localPort = inbound ? dst.port : src.port;
        int32_t remotePort = inbound ? src.port : dst.port;
        p->localMask = local.Mask();
        p->remoteMask = remote.Mask();
        // `any` (both families) keeps the policy's default address: the mask ignores it.
        if (!local.address.IsNone())
        {
            p->localAddress = local.address;
        }
        if (!remote.address.IsNone())
        {
            p->remoteAddress = remote.address;
        }
        if (localPort >= 0)
        {
            p->localPortMin = p->localPortMax = static_cast<uint16_t>(localPort);
        }
        if (remotePort >= 0)
        {
            p->remotePortMin = p->remotePortMax = static_cast<uint16_t>(remotePort);
        }
        IpsecConfigOperation op;
        op.kind = deleting ? Kind::DELETE_POLICY : Kind::ADD_POLICY;
        op.line = statement.line;
        op.column = statement.column;
        op.policy = p;
        result.operations.push_back(op);
    }
}

/// Build the SAs of `add` now that the policies are known.
void
CompleteSas(IpsecConfigParse& result, const std::vector<PendingSa>& pending)
{
    // An SA without -m is a tunnel SA when a policy of the file names its endpoints as a tunnel
    // of its protocol (either way round): collect those endpoint pairs once.
    std::set<std::tuple<IpsecProtocol, IpsecAddress, IpsecAddress>> tunnels;
    for (const auto& other : result.operations)
    {
        if (other.kind != Kind::ADD_POLICY || other.policy->action != SecurityPolicy::Action::IPSEC)
        {
            continue;
        }
        for (const auto& r : other.policy->alternatives[0])
        {
            if (r.mode == IpsecMode::TUNNEL)
            {
                tunnels.emplace(r.protocol, r.tunnelSource, r.tunnelDestination);
                tunnels.emplace(r.protocol, r.tunnelDestination, r.tunnelSource);
            }
        }
    }
    for (const auto& p : pending)
    {
        IpsecConfigOperation& op = result.operations[p.operation];
        IpsecMode mode = p.mode;
        if (!p.modeGiven)
        {
            mode = tunnels.count({*op.protocol, op.source, op.destination}) ? IpsecMode::TUNNEL
                                                                            : IpsecMode::TRANSPORT;
        }
        Ptr<SecurityAssociation> sa
            = Create<SecurityAssociation>(*op.protocol, op.spi, op.source, op.destination);
        if (!p.encr.empty())
        {
            sa->SetEncryption(p.encr, p.encrKey);
        }
        if (!p.auth.empty() && p.auth != "null")
        {
            sa->SetAuthentication(p.auth, p.authKey);
        }
        sa->SetMode(mode);
        sa->SetReplayWindow(p.replay);
        sa->SetExtendedSequenceNumbers(p.esn);
        // setkey's default: manual SAs without a replay window may wrap their sequence numbers.
        sa->SetCyclic(p.cyclic.value_or(p.replay == 0 && !p.esn));
        sa->SetPolicyId(p.policyId);
        sa->SetSoftLifetime(p.soft);
        sa->SetHardLifetime(p.hard);
        if (p.encap)
        {
            sa->SetEncapsulation(*p.encap);
        }
        std::string error = sa->Initialize();
        if (!error.empty())
        {
            IpsecConfigLexer::Fail(p.statement, "add failed: " + error);
        }
        op.sa = sa;
    }
}

} // namespace

IpsecConfigParse
SetkeyReader::Parse(const std::string& text)
{
    IpsecConfigLexer::Syntax syntax;
    syntax.semicolons = true;
    syntax.quotes = true;
    IpsecConfigLexer lex(text, syntax);
    IpsecConfigParse result;
    std::vector<PendingSa> pending;
    while (!lex.AtEnd())
    {
        if (AtStatementEnd(lex))
        {
            lex.Next(); // an empty statement
            continue;
        }
        IpsecConfigToken statement = lex.ExpectWord("a statement");
        std::string s = IpsecConfigNames::Lower(statement.text);
        if (s == "add")
        {
            ParseAdd(lex, statement, result, pending);
        }
        else if (s == "get" || s == "delete" || s == "deleteall")
        {
            ParseIdentity(lex,
                          statement,
                          s == "get"      ? Kind::GET_SA
                          : s == "delete" ? Kind::DELETE_SA
                                          : Kind::DELETE_ALL_SA,
                          result);
        }
        else if (s == "flush" || s == "dump")
        {
            IpsecConfigOperation op;
            op.kind = s == "flush" ? Kind::FLUSH_SA : Kind::DUMP_SA;
            op.line = statement.line;
            op.column = statement.column;
            if (!AtStatementEnd(lex))
            {
                IpsecConfigToken p = lex.ExpectWord("a protocol or ';'");
                if (IpsecConfigNames::Lower(p.text) != "any")
                {
                    op.protocol = SaProtocol(p);
                }
            }
            ExpectEnd(lex, statement.text);
            result.operations.push_back(op);
        }
        else if (s == "spdadd" || s == "spddelete")
        {
            ParsePolicy(lex, statement, s == "spddelete", result);
        }
        else if (s == "spdflush" || s == "spddump")
        {
            IpsecConfigOperation op;
            op.kind = s == "spdflush" ? Kind::FLUSH_POLICY : Kind::DUMP_POLICY;
            op.line = statement.line;
            op.column = statement.column;
            ExpectEnd(lex, statement.text);
            result.operations.push_back(op);
        }
        else if (s == "update" || s == "spdupdate")
        {
            IpsecConfigLexer::Fail(statement,
                                   s
                                       + " (an ipsec-tools extension) is not supported; use delete "
                                         "and add");
        }
        else
        {
            IpsecConfigLexer::Fail(statement, "unknown statement \"" + statement.text + "\"");
        }
    }
    CompleteSas(result, pending);
    return result;
}

} // namespace ns3
