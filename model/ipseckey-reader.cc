/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipseckey-reader.h"

#include "ipsec-address-resolver.h"
#include "ipsec-config-lexer.h"
#include "ipsec-config-names.h"
#include "ipsec-udp-encapsulation.h"

#include <map>
#include <set>

namespace ns3
{

namespace
{

/// Synonyms of the extensions, to their canonical names.
const std::map<std::string, std::string> g_synonyms = {
    {"spi", "spi"},
    {"pair-spi", "pair-spi"},
    {"inbound", "inbound"},
    {"outbound", "outbound"},
    {"replay", "replay"},
    {"replay_value", "replay_value"},
    {"state", "state"},
    {"auth_alg", "auth_alg"},
    {"authalg", "auth_alg"},
    {"encr_alg", "encr_alg"},
    {"encralg", "encr_alg"},
    {"authkey", "authkey"},
    {"encrkey", "encrkey"},
    {"soft_bytes", "soft_bytes"},
    {"hard_bytes", "hard_bytes"},
    {"soft_addtime", "soft_addtime"},
    {"hard_addtime", "hard_addtime"},
    {"soft_usetime", "soft_usetime"},
    {"hard_usetime", "hard_usetime"},
    {"src", "src"},
    {"srcaddr", "src"},
    {"saddr", "src"},
    {"dst", "dst"},
    {"dstaddr", "dst"},
    {"daddr", "dst"},
    {"sport", "sport"},
    {"dport", "dport"},
    {"proto", "proto"},
    {"ulp", "proto"},
    {"isrc", "isrc"},
    {"innersrc", "isrc"},
    {"proxy", "isrc"},
    {"proxyaddr", "isrc"},
    {"idst", "idst"},
    {"innerdst", "idst"},
    {"isport", "isport"},
    {"innersport", "isport"},
    {"idport", "idport"},
    {"innerdport", "idport"},
    {"iproto", "iproto"},
    {"encap", "encap"},
    {"nat_loc", "nat_loc"},
    {"nat_rem", "nat_rem"},
    {"nat_lport", "nat_lport"},
    {"nat_rport", "nat_rport"},
    {"iulp", "iproto"},
    // The IPv6 forms: the same extensions, but a host name resolves to its IPv6 addresses only
    // (ipseckey's getipnodebyname(AF_INET6) without AI_V4MAPPED), and an IPv4 address is refused.
    {"src6", "src"},
    {"srcaddr6", "src"},
    {"saddr6", "src"},
    {"dst6", "dst"},
    {"dstaddr6", "dst"},
    {"daddr6", "dst"},
    {"isrc6", "isrc"},
    {"innersrc6", "isrc"},
    {"proxy6", "isrc"},
    {"proxyaddr6", "isrc"},
    {"idst6", "idst"},
    {"innerdst6", "idst"},
};

/// Extensions of ipseckey(8) for features this model does not have, with the reason.
const std::map<std::string, std::string> g_unsupported = {
    {"idle_addtime", "idle lifetimes"},
    {"idle_usetime", "idle lifetimes"},
    {"srcidtype", "certificate identities"},
    {"dstidtype", "certificate identities"},
    {"label", "Trusted Extensions labels"},
    {"outer-label", "Trusted Extensions labels"},
    {"implicit-label", "Trusted Extensions labels"},
};

/// The extensions given in one command.
struct Fields
{
    std::map<std::string, IpsecConfigToken> seen;   //!< the extension keywords, by canonical name
    std::map<std::string, IpsecConfigToken> values; //!< their values, by canonical name
    uint32_t spi = 0;
    uint32_t pairSpi = 0;
    uint32_t replay = 0;
    uint64_t replayValue = 0;
    SecurityAssociation::State state = SecurityAssociation::State::MATURE;
    IpsecConfigToken stateToken; //!< where `state` was given
    std::string authAlg;
    std::string encrAlg;
    IpsecBytes authKey;
    IpsecBytes encrKey;
    std::map<std::string, uint64_t> lifetimes;
    std::vector<IpsecAddressPrefix> src; //!< empty: any source (of the destination's family)
    std::vector<IpsecAddressPrefix> dst;
    uint16_t sport = 0;
    uint16_t dport = 0;
    int16_t proto = -1;
    std::optional<IpsecAddressPrefix> isrc; //!< none: every inner source of the inner family
    std::optional<IpsecAddressPrefix> idst; //!< none: every inner destination
    uint16_t isport = 0;
    uint16_t idport = 0;
    int16_t iproto = -1;
    IpsecAddress natLoc = Ipv4Address::GetAny(); //!< nat_loc, any = not given
    IpsecAddress natRem = Ipv4Address::GetAny(); //!< nat_rem
    uint16_t natLport = IpsecUdpEncapsulation::PORT;
    uint16_t natRport = IpsecUdpEncapsulation::PORT;

    bool Has(const std::string& name) const { return seen.count(name) > 0; }

    /// A tunnel-mode SA: `proto 4` (IPv4 in IP) or `proto 41` (IPv6 in IP).
    bool Tunnel() const { return proto == 4 || proto == 41; }

    /// The family of a tunnel SA's inner packets, from its `proto`.
    IpsecAddress::Family InnerFamily() const
    {
        return proto == 41 ? IpsecAddress::Family::IPV6 : IpsecAddress::Family::IPV4;
    }
};

/// The family an extension asks for: IPv6 for the `6` forms, NONE (both) otherwise.
IpsecAddress::Family
FamilyOf(const std::string& keyword)
{
    return keyword.back() == '6' ? IpsecAddress::Family::IPV6 : IpsecAddress::Family::NONE;
}

uint64_t
NumberOf(const IpsecConfigToken& token, const std::string& what, uint64_t max)
{
    auto n = IpsecConfigNames::Number(token.text);
    if (n && *n > max)
    {
        IpsecConfigLexer::Fail(token,
                               what + " value " + token.text + " is too large (at most "
                                   + std::to_string(max) + ")");
    }
    if (!n)
    {
        IpsecConfigLexer::Fail(token,
                               "Unknown " + what + " value \"" + token.text
                                   + "\": expected a number"
                                   + (max < UINT64_MAX ? " up to " + std::to_string(max) : ""));
    }
    return *n;
}

void
SetLifetimes(const Fields& f, SecurityAssociation& sa)
{
    SecurityAssociation::Lifetime soft = sa.GetSoftLifetime();
    SecurityAssociation::Lifetime hard = sa.GetHardLifetime();
    for (const auto& [name, value] : f.lifetimes)
    {
        SecurityAssociation::Lifetime& l = name.compare(0, 5, "soft_") == 0 ? soft : hard;
        std::string what = name.substr(5);
        (what == "bytes" ? l.bytes : what == "addtime" ? l.addTime : l.useTime) = value;
    }
    sa.SetSoftLifetime(soft);
    sa.SetHardLifetime(hard);
}

Fields
ParseFields(IpsecConfigLexer& lex)
{
    Fields f;
    while (!lex.AtEnd() && !lex.Peek().startsLine)
    {
        IpsecConfigToken key = lex.Next();
        std::string lower = IpsecConfigNames::Lower(key.text);
        auto unsupported = g_unsupported.find(lower);
        if (unsupported != g_unsupported.end())
        {
            IpsecConfigLexer::Fail(key,
                                   "\"" + key.text + "\": " + unsupported->second
                                       + " are not supported by this model");
        }
        auto it = g_synonyms.find(lower);
        if (it == g_synonyms.end())
        {
            IpsecConfigLexer::Fail(key, "Unknown extension \"" + key.text + "\"");
        }
        const std::string& name = it->second;
        if (f.seen.count(name))
        {
            IpsecConfigLexer::Fail(key, "Can only specify single \"" + name + "\"");
        }
        f.seen.emplace(name, key);
        if (name == "inbound" || name == "outbound")
        {
            continue; // a hash-table hint to the kernel; no effect on the SA
        }
        if (lex.AtEnd() || lex.Peek().startsLine)
        {
            IpsecConfigLexer::Fail(key,
                                   "Unexpected end of command line after \"" + key.text + "\"");
        }
        IpsecConfigToken value = lex.Next();
        f.values.emplace(name, value);
        if (name == "spi" || name == "pair-spi")
        {
            (name == "spi" ? f.spi : f.pairSpi)
                = static_cast<uint32_t>(NumberOf(value, name, 0xffffffffULL));
        }
        else if (name == "replay")
        {
            auto n = IpsecConfigNames::Number(value.text);
            if (!n || *n > ReplayWindow::MAX_SIZE)
            {
                IpsecConfigLexer::Fail(
                    value,
                    "replay window \"" + value.text + "\": expected a number of packets up to "
                        + std::to_string(ReplayWindow::MAX_SIZE) + " (Linux's limit)");
            }
            f.replay = static_cast<uint32_t>(*n);
        }
        else if (name == "replay_value")
        {
            f.replayValue = NumberOf(value, name, 0xffffffffULL);
        }
        else if (name == "state")
        {
            std::string s = IpsecConfigNames::Lower(value.text);
            static const std::map<std::string, SecurityAssociation::State> states = {
                {"larval", SecurityAssociation::State::LARVAL},
                {"0", SecurityAssociation::State::LARVAL},
                {"mature", SecurityAssociation::State::MATURE},
                {"1", SecurityAssociation::State::MATURE},
                {"dying", SecurityAssociation::State::DYING},
                {"2", SecurityAssociation::State::DYING},
                {"dead", SecurityAssociation::State::DEAD},
                {"3", SecurityAssociation::State::DEAD},
            };
            auto st = states.find(s);
            if (st == states.end())
            {
                IpsecConfigLexer::Fail(value,
                                       "Unknown state \"" + value.text
                                           + "\" (larval, mature, dying or dead)");
            }
            f.state = st->second;
            f.stateToken = value;
        }
        else if (name == "auth_alg" || name == "encr_alg")
        {
            std::string alg = value.text;
            bool encryption = name == "encr_alg";
            auto number = IpsecConfigNames::Number(alg);
            const IpsecAlgorithm* a = number
                                        ? IpsecAlgorithmRegistry::FindBySadbId(encryption, *number)
                                    : encryption ? IpsecAlgorithmRegistry::FindEncryption(alg)
                                                 : IpsecAlgorithmRegistry::FindIntegrity(alg);
            if (!a && number)
            {
                IpsecConfigLexer::Fail(value,
                                       "Unknown " + name + " number " + alg
                                           + " (not in this model's algorithm table)");
            }
            if (!a)
            {
                IpsecConfigLexer::Fail(value,
                                       "Unknown " + name + " \"" + alg + "\" (known: "
                                           + IpsecAlgorithmRegistry::NamesOf(encryption) + ")");
            }
            alg = a->name;
            (name == "auth_alg" ? f.authAlg : f.encrAlg) = alg;
        }
        else if (name == "authkey" || name == "encrkey")
        {
            (name == "authkey" ? f.authKey : f.encrKey)
                = IpseckeyReader::ParseKey(value.text, value);
        }
        else if (name.find("_bytes") != std::string::npos || name.find("time") != std::string::npos)
        {
            bool seconds = name.find("time") != std::string::npos;
            f.lifetimes[name]
                = NumberOf(value,
                           name,
                           seconds ? SecurityAssociation::MaxLifetimeSeconds() : UINT64_MAX);
        }
        else if (name == "src" || name == "dst")
        {
            (name == "src" ? f.src : f.dst) = IpsecAddressResolver::Resolve(value,
                                                                            value.text,
                                                                            false,
                                                                            FamilyOf(lower),
                                                                            key.text);
        }
        else if (name == "encap")
        {
            if (IpsecConfigNames::Lower(value.text) != "udp")
            {
                IpsecConfigLexer::Fail(value,
                                       "Unknown encapsulation \"" + value.text
                                           + "\": the only one is \"udp\" (NAT traversal, "
                                             "RFC 3948)");
            }
        }
        else if (name == "nat_loc" || name == "nat_rem")
        {
            std::vector<IpsecAddressPrefix> a
                = IpsecAddressResolver::Resolve(value,
                                                value.text,
                                                false,
                                                IpsecAddress::Family::IPV4,
                                                key.text);
            if (a.size() != 1)
            {
                IpsecConfigLexer::Fail(value,
                                       "NAT-T address " + value.text + " is vague, not using: "
                                           + "it names several addresses");
            }
            (name == "nat_loc" ? f.natLoc : f.natRem) = a[0].address;
        }
        else if (name == "nat_lport" || name == "nat_rport")
        {
            auto port = IpsecConfigNames::Service(value.text);
            if (!port || *port == 0)
            {
                IpsecConfigLexer::Fail(value,
                                       "Unknown NAT-T port \"" + value.text
                                           + "\": expected 1-65535 or a service name");
            }
            (name == "nat_lport" ? f.natLport : f.natRport) = *port;
        }
        else if (name == "sport" || name == "dport" || name == "isport" || name == "idport")
        {
            auto port = IpsecConfigNames::Service(value.text);
            if (!port)
            {
                IpsecConfigLexer::Fail(value, "Unknown port \"" + value.text + "\"");
            }
            (name == "sport"    ? f.sport
             : name == "dport"  ? f.dport
             : name == "isport" ? f.isport
                                : f.idport)
                = *port;
        }
        else if (name == "proto" || name == "iproto")
        {
            auto p = IpsecConfigNames::Protocol(value.text);
            if (!p)
            {
                IpsecConfigLexer::Fail(value, "Unknown protocol \"" + value.text + "\"");
            }
            (name == "proto" ? f.proto : f.iproto) = *p;
        }
        else if (name == "isrc" || name == "idst")
        {
            std::vector<IpsecAddressPrefix> a
                = IpsecAddressResolver::Resolve(value, value.text, true, FamilyOf(lower), key.text);
            if (a.size() != 1)
            {
                IpsecConfigLexer::Fail(value,
                                       "\"" + value.text
                                           + "\" names several addresses; an inner "
                                             "selector takes one address or prefix");
            }
            (name == "isrc" ? f.isrc : f.idst) = a[0];
        }
    }
    if (!f.Has("encap"))
    {
        // ipseckey's own words for these two mistakes.
        for (const char* n : {"nat_lport", "nat_rport", "nat_loc", "nat_rem"})
        {
            if (f.Has(n))
            {
                bool port = std::string(n).find("port") != std::string::npos;
                IpsecConfigLexer::Fail(f.seen.at(n),
                                       std::string("Must specify 'encap udp' with any NAT-T ")
                                           + (port ? "port." : "address."));
            }
        }
    }
    else if (f.natLport != f.natRport && !f.Has("inbound") && !f.Has("outbound"))
    {
        // Ports are the node's (local, remote), an SA's are (source, destination): which is
        // which depends on the SA's direction, which the kernel knows and this reader does not.
        IpsecConfigLexer::Fail(f.seen.at(f.Has("nat_lport") ? "nat_lport" : "nat_rport"),
                               "nat_lport " + std::to_string(f.natLport) + " and nat_rport "
                                   + std::to_string(f.natRport)
                                   + " differ: add \"inbound\" or \"outbound\" to say whether "
                                     "this node receives or sends on the SA");
    }
    bool inner
        = f.Has("isrc") || f.Has("idst") || f.Has("isport") || f.Has("idport") || f.Has("iproto");
    if (inner && !f.Tunnel())
    {
        const std::string first = f.Has("isrc")   ? "isrc"
                                : f.Has("idst")   ? "idst"
                                : f.Has("iproto") ? "iproto"
                                : f.Has("isport") ? "isport"
                                                  : "idport";
        bool inner6 = (f.isrc && f.isrc->address.IsIpv6()) || (f.idst && f.idst->address.IsIpv6());
        IpsecConfigLexer::Fail(f.seen.at(first),
                               "inner selectors (\"" + f.seen.at(first).text
                                   + "\") make a tunnel-mode SA and need "
                                   + (inner6 ? "\"proto 41\" (ipv6)" : "\"proto 4\" (ipip)"));
    }
    for (const auto& [name, inner] :
         {std::make_pair("isrc", &f.isrc), std::make_pair("idst", &f.idst)})
    {
        if (*inner && f.Tunnel() && inner->value().address.GetFamily() != f.InnerFamily())
        {
            const IpsecConfigToken& key = f.seen.at(name);
            IpsecConfigLexer::Fail(
                key,
                "\"" + key.text + "\" " + inner->value().ToString() + " is "
                    + IpsecAddressResolver::FamilyName(inner->value().address.GetFamily())
                    + ", but \"proto " + std::to_string(f.proto) + "\" tunnels "
                    + IpsecAddressResolver::FamilyName(f.InnerFamily())
                    + " (proto 4 for IPv4 in IP, 41 for IPv6 in IP)");
        }
    }
    return f;
}

/// Set everything but the keys on an SA from the fields given.
void
SetSaFields(const Fields& f, SecurityAssociation& sa)
{
    if (f.Has("replay"))
    {
        sa.SetReplayWindow(f.replay);
    }
    if (f.Has("replay_value"))
    {
        sa.SetLastSequence(f.replayValue);
    }
    if (f.Has("pair-spi"))
    {
        sa.SetPairSpi(f.pairSpi);
    }
    SetLifetimes(f, sa);
    if (f.Has("encap"))
    {
        // nat_lport/nat_rport are this node's ports; an SA's are its source's and destination's.
        bool inbound = f.Has("inbound") && !f.Has("outbound");
        SecurityAssociation::Encapsulation e;
        e.udp = true;
        e.sourcePort = inbound ? f.natRport : f.natLport;
        e.destinationPort = inbound ? f.natLport : f.natRport;
        e.natLocal = f.natLoc;
        e.natRemote = f.natRem;
        sa.SetEncapsulation(e);
    }
    SecurityAssociation::Selectors s = sa.GetSelectors();
    if (f.Tunnel())
    {
        sa.SetMode(IpsecMode::TUNNEL);
        IpsecAddressPrefix any = IpsecAddressPrefix::Any(f.InnerFamily());
        IpsecAddressPrefix isrc = f.isrc.value_or(any);
        IpsecAddressPrefix idst = f.idst.value_or(any);
        s.source = isrc.address;
        s.sourceMask = isrc.Mask();
        s.destination = idst.address;
        s.destinationMask = idst.Mask();
        s.protocol = f.iproto;
        s.sourcePort = f.isport;
        s.destinationPort = f.idport;
    }
    else
    {
        if (sa.GetMode() == IpsecMode::TRANSPORT && s.sourceMask.IsZero()
            && s.destinationMask.IsZero())
        {
            // The selectors of a transport SA leave the addresses open: every address of the
            // SA's family (the default, an IPv4 zero mask, would match no IPv6 packet).
            IpsecAddressPrefix any = IpsecAddressPrefix::Any(sa.GetDestination().GetFamily());
            s.source = s.destination = any.address;
            s.sourceMask = s.destinationMask = any.Mask();
        }
        if (f.Has("proto"))
        {
            s.protocol = f.proto;
        }
        if (f.Has("sport"))
        {
            s.sourcePort = f.sport;
        }
        if (f.Has("dport"))
        {
            s.destinationPort = f.dport;
        }
    }
    sa.SetSelectors(s);
}

void
Forbid(const Fields& f, const std::string& command, std::initializer_list<const char*> names)
{
    for (const char* n : names)
    {
        if (f.Has(n))
        {
            IpsecConfigLexer::Fail(f.seen.at(n),
                                   "Don't use extension for \"" + f.seen.at(n).text + "\" for "
                                       + command + ".");
        }
    }
}

void
Require(const Fields& f, const IpsecConfigToken& command, std::initializer_list<const char*> names)
{
    for (const char* n : names)
    {
        if (!f.Has(n))
        {
            IpsecConfigLexer::Fail(command, command.text + " needs \"" + n + "\"");
        }
    }
}

} // namespace

IpsecBytes
IpseckeyReader::ParseKey(const std::string& text, const IpsecConfigToken& token)
{
    std::string hex = text;
    if (hex.size() > 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
    {
        hex = hex.substr(2);
    }
    std::optional<uint64_t> bits;
    size_t slash = hex.find('/');
    if (slash != std::string::npos)
    {
        bits = IpsecConfigNames::Number(hex.substr(slash + 1));
        if (!bits)
        {
            IpsecConfigLexer::Fail(token, hex.substr(slash + 1) + " is not a bit specifier");
        }
        hex = hex.substr(0, slash);
    }
    IpsecBytes key;
    if (hex.size() % 2 == 1)
    {
        IpsecConfigLexer::Fail(token,
                               text + " has an odd number of hex digits ("
                                   + std::to_string(hex.size())
                                   + "): keys are whole octets, give every leading zero");
    }
    if (!ipsec_crypto::ParseHex(hex, key))
    {
        IpsecConfigLexer::Fail(token, text + " is not a hex string");
    }
    if (bits)
    {
        if (*bits > key.size() * 8)
        {
            IpsecConfigLexer::Fail(token,
                                   "bit length " + std::to_string(*bits) + " is too big for "
                                       + text);
        }
        if (*bits % 8 != 0)
        {
            IpsecConfigLexer::Fail(token,
                                   "a key of " + std::to_string(*bits)
                                       + " bits: keys in this model are whole octets");
        }
        key.resize(*bits / 8);
    }
    return key;
}

IpsecConfigParse
IpseckeyReader::Parse(const std::string& text)
{
    IpsecConfigLexer::Syntax syntax;
    syntax.backslashContinues = true;
    IpsecConfigLexer lex(text, syntax);
    IpsecConfigParse result;
    using Kind = IpsecConfigOperation::Kind;
    while (!lex.AtEnd())
    {
        IpsecConfigToken command = lex.Next();
        std::string name = IpsecConfigNames::Lower(command.text);
        static const std::map<std::string, Kind> commands = {
            {"add", Kind::ADD_SA},
            {"update", Kind::UPDATE_SA},
            {"update-pair", Kind::UPDATE_SA},
            {"delete", Kind::DELETE_SA},
            {"delete-pair", Kind::DELETE_SA_PAIR},
            {"get", Kind::GET_SA},
            {"flush", Kind::FLUSH_SA},
            {"dump", Kind::DUMP_SA},
            {"save", Kind::DUMP_SA},
        };
        if (name == "monitor" || name == "passive_monitor" || name == "pmonitor")
        {
            IpsecConfigLexer::Fail(command,
                                   name
                                       + " is interactive; in a simulation connect to the "
                                         "SaAdded/SaRemoved trace sources instead");
        }
        auto it = commands.find(name);
        if (it == commands.end())
        {
            IpsecConfigLexer::Fail(command, "Unknown command \"" + command.text + "\"");
        }
        IpsecConfigOperation op;
        op.kind = it->second;
        op.line = command.line;
        op.column = command.column;

        // SA type.
        std::optional<IpsecProtocol> type;
        bool typeGiven = false;
        if (!lex.AtEnd() && !lex.Peek().startsLine)
        {
            std::string t = IpsecConfigNames::Lower(lex.Peek().text);
            if (t == "esp" || t == "ah" || t == "all")
            {
                typeGiven = true;
                lex.Next();
                if (t != "all")
                {
                    type = t == "esp" ? IpsecProtocol::ESP : IpsecProtocol::AH;
                }
            }
        }
        if (op.kind == Kind::FLUSH_SA || op.kind == Kind::DUMP_SA)
        {
            op.protocol = type;
            if (name == "save" && !typeGiven)
            {
                IpsecConfigLexer::Fail(command, "save needs an SA type (esp, ah or all)");
            }
            if (name == "save" && !lex.AtEnd() && !lex.Peek().startsLine)
            {
                lex.Next(); // the file name: the simulation prints the snapshot instead
            }
            if (!lex.AtEnd() && !lex.Peek().startsLine)
            {
                IpsecConfigLexer::Fail(lex.Peek(),
                                       "unexpected " + IpsecConfigLexer::Describe(lex.Peek())
                                           + " after " + command.text);
            }
            result.operations.push_back(op);
            continue;
        }
        if (!type)
        {
            IpsecConfigLexer::Fail(typeGiven ? command : lex.Peek(),
                                   command.text + " needs an SA type: esp or ah");
        }
        op.protocol = type;
        Fields f = ParseFields(lex);
        Require(f, command, {"spi", "dst"});
        if (op.kind == Kind::DELETE_SA || op.kind == Kind::DELETE_SA_PAIR
            || op.kind == Kind::GET_SA)
        {
            Forbid(f,
                   command.text,
                   {"auth_alg",
                    "encr_alg",
                    "authkey",
                    "encrkey",
                    "replay",
                    "replay_value",
                    "state",
                    "pair-spi",
                    "soft_bytes",
                    "hard_bytes",
                    "soft_addtime",
                    "hard_addtime",
                    "soft_usetime",
                    "hard_usetime",
                    "encap",
                    "nat_loc",
                    "nat_rem",
                    "nat_lport",
                    "nat_rport"});
        }
        if (*type == IpsecProtocol::AH)
        {
            Forbid(
                f,
                command.text + " ah",
                {"encr_alg", "encrkey", "encap", "nat_loc", "nat_rem", "nat_lport", "nat_rport"});
        }
        if (f.Has("auth_alg") != f.Has("authkey") && !(f.Has("auth_alg") && f.authAlg == "null"))
        {
            IpsecConfigLexer::Fail(f.seen.count("auth_alg") ? f.seen.at("auth_alg")
                                                            : f.seen.at("authkey"),
                                   "auth_alg and authkey go together");
        }
        if (f.Has("encrkey") && !f.Has("encr_alg"))
        {
            IpsecConfigLexer::Fail(f.seen.at("encrkey"), "encrkey needs encr_alg");
        }
        if (f.Has("state") && f.state == SecurityAssociation::State::LARVAL)
        {
            IpsecConfigLexer::Fail(f.stateToken,
                                   op.kind == Kind::ADD_SA
                                       ? "an added SA is mature (SADB_ADD); larval SAs are "
                                         "reserved SPIs from GETSPI, without keys"
                                       : "an update cannot make an SA larval again");
        }
        if (op.kind == Kind::ADD_SA && f.Has("state")
            && f.state == SecurityAssociation::State::DEAD)
        {
            IpsecConfigLexer::Fail(f.stateToken, "a dead SA cannot be added");
        }
        if (op.kind == Kind::ADD_SA)
        {
            if (*type == IpsecProtocol::AH)
            {
                Require(f, command, {"auth_alg"});
            }
            else
            {
                Require(f, command, {"encr_alg"});
            }
        }
        // Without src the SA serves any source: the unspecified address of each destination's
        // family.
        std::vector<IpsecAddressPrefix> sources = f.src;
        if (sources.empty())
        {
            sources.push_back(IpsecAddressPrefix::Any(IpsecAddress::Family::NONE));
        }
        const IpsecConfigToken& where = f.values.at("dst");
        for (auto [src, dst] :
             IpsecAddressResolver::SameFamilyPairs(sources,
                                                   f.dst,
                                                   where,
                                                   f.Has("src") ? f.values.at("src").text : "",
                                                   where.text))
        {
            if (src.address.IsNone())
            {
                src = IpsecAddressPrefix::Host(IpsecAddress::GetAny(dst.address.GetFamily()));
            }
            IpsecConfigOperation one = op;
            one.source = src.address;
            one.destination = dst.address;
            one.spi = f.spi;
            one.pairSpi = f.pairSpi;
            if (op.kind == Kind::ADD_SA)
            {
                Ptr<SecurityAssociation> sa
                    = Create<SecurityAssociation>(*type, f.spi, src.address, dst.address);
                if (!f.encrAlg.empty())
                {
                    sa->SetEncryption(f.encrAlg, f.encrKey);
                }
                if (!f.authAlg.empty() && f.authAlg != "null")
                {
                    sa->SetAuthentication(f.authAlg, f.authKey);
                }
                SetSaFields(f, *sa);
                std::string error = sa->Initialize();
                if (!error.empty())
                {
                    IpsecConfigLexer::Fail(command,
                                           "One of the entered values is incorrect: " + error);
                }
                if (f.state != SecurityAssociation::State::MATURE)
                {
                    sa->SetState(f.state);
                }
                one.sa = sa;
            }
            else if (op.kind == Kind::UPDATE_SA)
            {
                bool keys = f.Has("auth_alg") || f.Has("encr_alg") || f.Has("authkey")
                         || f.Has("encrkey");
                bool pair = name == "update-pair";
                one.checkUpdate = [keys, f](const SecurityAssociation& sa) -> std::string {
                    bool larval = sa.GetState() == SecurityAssociation::State::LARVAL;
                    if (keys && !larval)
                    {
                        return "the keys and algorithms of a " + ToString(sa.GetState())
                             + " SA cannot be updated (only a larval SA's)";
                    }
                    if (f.Has("replay") && !larval && f.replay != sa.GetReplayWindowSize())
                    {
                        return "the replay window of a " + ToString(sa.GetState())
                             + " SA cannot be changed (it would forget what it has seen)";
                    }
                    if (f.Tunnel() != (sa.GetMode() == IpsecMode::TUNNEL) && f.Has("proto"))
                    {
                        return "an update cannot change an SA between transport and tunnel "
                               "mode";
                    }
                    return "";
                };
                one.update = [f, keys](SecurityAssociation& sa) {
                    if (keys)
                    {
                        if (f.Has("encr_alg"))
                        {
                            sa.SetEncryption(f.encrAlg, f.encrKey);
                        }
                        if (f.Has("auth_alg"))
                        {
                            sa.SetAuthentication(f.authAlg, f.authKey);
                        }
                    }
                    SetSaFields(f, sa);
                    if (f.Has("state"))
                    {
                        sa.SetState(f.state);
                    }
                    else if (keys)
                    {
                        sa.SetState(SecurityAssociation::State::MATURE); // SADB_UPDATE
                    }
                    // The SADB checks the result (SecurityAssociationDatabase::Update).
                };
                one.alsoPair = pair;
            }
            result.operations.push_back(one);
        }
    }
    return result;
}

} // namespace ns3
