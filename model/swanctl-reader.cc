/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "swanctl-reader.h"

#include "ipsec-config-error.h"
#include "ipsec-config-names.h"
#include "ipsec-crypto.h"
#include "strongswan-settings.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

namespace ns3
{

namespace
{

using Value = StrongswanSettings::Value;
using KeyValue = StrongswanSettings::KeyValue;
using Section = StrongswanSettings::Section;

/// A keyword refused by name, with the reason.
struct Refusal
{
    const char* name;   //!< the keyword (or, for sections, its prefix)
    const char* reason; //!< why this model does not take it
};

/// What a value of an enumerated keyword means, or why it is refused.
template <typename T>
struct Choice
{
    const char* text;   //!< the value as written
    T value;            //!< what it means
    const char* reason; //!< nullptr when accepted, else why it is refused
};

/// A keyword of a section and the function that applies its value.
template <typename Target>
struct Keyword
{
    const char* name;                        //!< the keyword
    void (*apply)(const KeyValue&, Target&); //!< checks the value and stores it
};

/// The largest time accepted (2^31 seconds, about 68 years).
constexpr int64_t MAX_SECONDS = int64_t(1) << 31;

/// Time units: suffix and seconds.
constexpr struct
{
    char suffix;     //!< the suffix
    int64_t seconds; //!< seconds per unit
} TIME_UNITS[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};

/// Boolean spellings of the strongSwan settings (strongswan.conf(5)).
const Choice<bool> BOOLEANS[] = {
    {"yes", true, nullptr},
    {"true", true, nullptr},
    {"enabled", true, nullptr},
    {"1", true, nullptr},
    {"no", false, nullptr},
    {"false", false, nullptr},
    {"disabled", false, nullptr},
    {"0", false, nullptr},
};

/// `mode` of a child.
const Choice<IpsecMode> MODES[] = {
    {"tunnel", IpsecMode::TUNNEL, nullptr},
    {"transport", IpsecMode::TRANSPORT, nullptr},
    {"beet", IpsecMode::TUNNEL, "BEET mode is not supported"},
    {"transport_proxy", IpsecMode::TUNNEL, "Mobile IPv6 transport proxy mode is not supported"},
    {"pass", IpsecMode::TUNNEL, "shunt policies (pass, drop) are not supported: use the SPD"},
    {"drop", IpsecMode::TUNNEL, "shunt policies (pass, drop) are not supported: use the SPD"},
};

/// `start_action` of a child.
const Choice<Ikev2Config::StartAction> START_ACTIONS[] = {
    {"none", Ikev2Config::StartAction::NONE, nullptr},
    {"trap", Ikev2Config::StartAction::TRAP, nullptr},
    {"start", Ikev2Config::StartAction::START, nullptr},
    {"trap|start",
     Ikev2Config::StartAction::START,
     "trap|start is not supported: choose trap or start"},
};

/// `dpd_action` of a child (`none` is `clear`, `start` is `restart`, as in strongSwan 6).
const Choice<Ikev2Config::DpdAction> DPD_ACTIONS[] = {
    {"clear", Ikev2Config::DpdAction::CLEAR, nullptr},
    {"none", Ikev2Config::DpdAction::CLEAR, nullptr},
    {"trap", Ikev2Config::DpdAction::TRAP, nullptr},
    {"restart", Ikev2Config::DpdAction::RESTART, nullptr},
    {"start", Ikev2Config::DpdAction::RESTART, nullptr},
};

/// `close_action` of a child.
const Choice<Ikev2Config::CloseAction> CLOSE_ACTIONS[] = {
    {"none", Ikev2Config::CloseAction::NONE, nullptr},
    {"trap", Ikev2Config::CloseAction::TRAP, nullptr},
    {"start", Ikev2Config::CloseAction::START, nullptr},
};

/// Connection keywords this model does not take.
const Refusal CONNECTION_REFUSED[] = {
    {"aggressive", "Aggressive Mode is IKEv1 only"},
    {"pull", "virtual IPs (configuration payloads) are not supported by this model"},
    {"vips", "virtual IPs (configuration payloads) are not supported by this model"},
    {"pools", "virtual IPs (configuration payloads) are not supported by this model"},
    {"dscp", "DSCP values for IKE packets are not modelled"},
    {"if_id_in", "XFRM interface ids are not modelled"},
    {"if_id_out", "XFRM interface ids are not modelled"},
    {"mediation", "IKEv2 mediation is not supported"},
    {"mediated_by", "IKEv2 mediation is not supported"},
    {"mediation_peer", "IKEv2 mediation is not supported"},
    {"childless", "childless IKE SAs (RFC 6023) are not supported"},
    {"ppk_id", "post-quantum preshared keys (RFC 8784) are not supported"},
    {"ppk_required", "post-quantum preshared keys (RFC 8784) are not supported"},
    {"dpd_timeout", "dpd_timeout is IKEv1 only"},
    {"ocsp", "certificates are not supported (auth = psk only)"},
};

/// Keywords of a local or remote authentication round this model does not take.
const Refusal AUTH_REFUSED[] = {
    {"certs", "certificates are not supported (auth = psk only)"},
    {"cacerts", "certificates are not supported (auth = psk only)"},
    {"pubkeys", "raw public keys are not supported (auth = psk only)"},
    {"cert_policy", "certificates are not supported (auth = psk only)"},
    {"ca_id", "certificates are not supported (auth = psk only)"},
    {"revocation", "certificates are not supported (auth = psk only)"},
    {"groups", "group membership needs EAP or certificates (auth = psk only)"},
    {"eap_id", "EAP is not supported (auth = psk only)"},
    {"aaa_id", "EAP is not supported (auth = psk only)"},
    {"xauth_id", "XAuth is IKEv1 only"},
    {"round", "multiple authentication rounds (RFC 4739) are not supported"},
};

/// Sections (by prefix) of a local or remote authentication round this model does not take.
const Refusal AUTH_SECTIONS_REFUSED[] = {
    {"cert", "certificates are not supported (auth = psk only)"},
    {"cacert", "certificates are not supported (auth = psk only)"},
};

/// Child keywords this model does not take.
const Refusal CHILD_REFUSED[] = {
    {"ah_proposals", "AH Child SAs are not negotiated by this model yet: use esp_proposals"},
    {"updown", "scripts are not run"},
    {"hostaccess", "scripts are not run"},
    {"inactivity", "inactivity timeouts are not modelled"},
    {"reqid", "fixed reqids are not modelled"},
    {"priority", "explicit policy priorities are not modelled"},
    {"interface", "interface-bound policies are not modelled"},
    {"mark_in", "XFRM marks are not modelled"},
    {"mark_out", "XFRM marks are not modelled"},
    {"set_mark_in", "XFRM marks are not modelled"},
    {"set_mark_out", "XFRM marks are not modelled"},
    {"if_id_in", "XFRM interface ids are not modelled"},
    {"if_id_out", "XFRM interface ids are not modelled"},
    {"label", "security labels are not modelled"},
    {"label_mode", "security labels are not modelled"},
    {"tfc_padding", "TFC padding is not modelled"},
    {"copy_df", "copying DF, ECN or DSCP is not modelled"},
    {"copy_ecn", "copying DF, ECN or DSCP is not modelled"},
    {"copy_dscp", "copying DF, ECN or DSCP is not modelled"},
    {"sha256_96", "truncated HMAC-SHA-256 is not modelled"},
    {"policies_fwd_out", "forward policies are not modelled"},
    {"per_cpu_sas", "per-CPU SAs are not modelled"},
    {"rand_bytes", "byte limit jitter is not modelled"},
    {"rand_packets", "packet limit jitter is not modelled"},
};

/// Top-level sections this model does not take.
const Refusal TOP_REFUSED[] = {
    {"authorities", "certification authorities are not supported (auth = psk only)"},
    {"pools", "virtual IP pools (configuration payloads) are not supported by this model"},
};

/// Secret sections (by prefix) this model does not take.
const Refusal SECRETS_REFUSED[] = {
    {"eap", "only ike secrets (pre-shared keys) are supported"},
    {"xauth", "only ike secrets (pre-shared keys) are supported"},
    {"ntlm", "only ike secrets (pre-shared keys) are supported"},
    {"private", "private keys are not supported: only ike secrets (pre-shared keys) are"},
    {"rsa", "private keys are not supported: only ike secrets (pre-shared keys) are"},
    {"ecdsa", "private keys are not supported: only ike secrets (pre-shared keys) are"},
    {"pkcs", "private keys are not supported: only ike secrets (pre-shared keys) are"},
    {"token", "private keys are not supported: only ike secrets (pre-shared keys) are"},
    {"ppk", "post-quantum preshared keys (RFC 8784) are not supported"},
};

/**
 * \param value a name or value
 * \param message what is wrong
 * \return an error at its position
 */
IpsecConfigError
ErrorAt(const Value& value, const std::string& message)
{
    return IpsecConfigError(value.line, value.column, message);
}

/**
 * \param text a text
 * \param prefix a prefix
 * \return true when text starts with prefix
 */
bool
StartsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

/**
 * \param table a refusal table (an array or a container of Refusal)
 * \param name a keyword
 * \param prefix whether table names are prefixes
 * \return the reason the keyword is refused, or nullptr
 */
template <typename Table>
const char*
RefusalOf(const Table& table, const std::string& name, bool prefix)
{
    for (const Refusal& r : table)
    {
        if (prefix ? StartsWith(name, r.name) : name == r.name)
        {
            return r.reason;
        }
    }
    return nullptr;
}

/**
 * \param table a choice table
 * \param value the configured value
 * \param keyword the key, for the message
 * \return what the value means (throws IpsecConfigError for a refused or unknown value)
 */
template <typename T, size_t N>
T
Choose(const Choice<T> (&table)[N], const KeyValue& pair)
{
    std::string expected;
    for (const auto& c : table)
    {
        if (pair.value.text == c.text)
        {
            if (c.reason != nullptr)
            {
                throw ErrorAt(pair.value,
                              pair.key.text + " = " + pair.value.text + ": " + c.reason);
            }
            return c.value;
        }
        if (c.reason == nullptr)
        {
            expected += std::string(expected.empty() ? "" : ", ") + c.text;
        }
    }
    throw ErrorAt(pair.value,
                  "bad " + pair.key.text + " \"" + pair.value.text + "\" (expected " + expected
                      + ")");
}

/**
 * \param pair a key and a yes/no value
 * \return the boolean
 */
bool
Bool(const KeyValue& pair)
{
    return Choose(BOOLEANS, pair);
}

/**
 * \param pair a key and a time value: seconds, or a number with s, m, h or d
 * \return the time
 */
Time
Duration(const KeyValue& pair)
{
    const std::string& text = pair.value.text;
    int64_t unit = 1;
    std::string digits = text;
    for (const auto& u : TIME_UNITS)
    {
        if (!text.empty() && text.back() == u.suffix)
        {
            unit = u.seconds;
            digits = text.substr(0, text.size() - 1);
        }
    }
    bool numeric = !digits.empty() && digits.size() <= 10
                && digits.find_first_not_of("0123456789") == std::string::npos;
    if (!numeric)
    {
        throw ErrorAt(pair.value,
                      "bad " + pair.key.text + " \"" + text
                          + "\": expected seconds, or a number with s, m, h or d");
    }
    int64_t seconds = std::stoll(digits) * unit;
    if (seconds > MAX_SECONDS)
    {
        throw ErrorAt(pair.value,
                      pair.key.text + " \"" + text + "\" is too long (at most "
                          + std::to_string(MAX_SECONDS) + "s)");
    }
    return Seconds(seconds);
}

/**
 * \param pair a key and a number (decimal or 0x hexadecimal)
 * \param max the largest value accepted
 * \return the number
 */
uint64_t
Number(const KeyValue& pair, uint64_t max)
{
    auto n = IpsecConfigNames::Number(pair.value.text);
    if (!n || *n > max)
    {
        throw ErrorAt(pair.value,
                      "bad " + pair.key.text + " \"" + pair.value.text + "\": expected a number "
                          + "from 0 to " + std::to_string(max));
    }
    return *n;
}

/**
 * \brief Split a comma-separated list, with the position of each item (exact for unquoted
 * values and for quoted values on one line without escapes; else counted from the quote).
 * \param pair the key and the list
 * \return the items, blanks trimmed; none for an empty value (the default); throws
 *         IpsecConfigError for an empty item
 */
std::vector<Value>
Items(const KeyValue& pair)
{
    std::vector<Value> items;
    const std::string& text = pair.value.text;
    if (text.find_first_not_of(" \t") == std::string::npos)
    {
        return items;
    }
    uint32_t base = pair.value.column + (pair.value.quoted ? 1 : 0);
    size_t start = 0;
    while (true)
    {
        size_t comma = text.find(',', start);
        size_t end = comma == std::string::npos ? text.size() : comma;
        size_t first = text.find_first_not_of(" \t", start);
        Value item;
        item.line = pair.value.line;
        if (first == std::string::npos || first >= end)
        {
            item.column = base + uint32_t(start);
            throw ErrorAt(item, "empty item in the " + pair.key.text + " list");
        }
        size_t last = text.find_last_not_of(" \t", end - 1);
        item.text = text.substr(first, last + 1 - first);
        item.column = base + uint32_t(first);
        items.push_back(item);
        if (comma == std::string::npos)
        {
            return items;
        }
        start = comma + 1;
    }
}

/**
 * \param pair the key and a list of IKE addresses
 * \return the addresses
 */
std::vector<IpsecAddressPrefix>
Addresses(const KeyValue& pair)
{
    std::vector<IpsecAddressPrefix> out;
    for (const auto& item : Items(pair))
    {
        if (item.text == "%any")
        {
            out.push_back(IpsecAddressPrefix::Any(IpsecAddress::Family::NONE));
            continue;
        }
        if (item.text == "%any4" || item.text == "%any6")
        {
            out.push_back(IpsecAddressPrefix::Any(
                item.text == "%any4" ? IpsecAddress::Family::IPV4 : IpsecAddress::Family::IPV6));
            continue;
        }
        if (IpsecAddressResolver::IsAddressRange(item.text))
        {
            throw ErrorAt(item,
                          "address range \"" + item.text + "\" is not supported in " + pair.key.text
                              + ": use a subnet");
        }
        IpsecConfigToken token;
        token.kind = IpsecConfigToken::WORD;
        token.text = item.text;
        token.line = item.line;
        token.column = item.column;
        for (const auto& a : IpsecAddressResolver::Resolve(token, item.text, true))
        {
            out.push_back(a);
        }
    }
    return out;
}

/**
 * \param item a traffic selector item (`10.1.0.0/16[tcp/80]`)
 * \param text the protocol/port part, without the brackets
 * \param protocol set to the protocol
 * \param startPort set to the first port
 * \param endPort set to the last port
 */
void
ProtocolPort(const Value& item,
             const std::string& text,
             uint8_t& protocol,
             uint16_t& startPort,
             uint16_t& endPort)
{
    size_t slash = text.find('/');
    std::string proto = text.substr(0, slash);
    std::string port = slash == std::string::npos ? "" : text.substr(slash + 1);
    protocol = 0;
    if (!proto.empty() && proto != "%any")
    {
        auto p = IpsecConfigNames::Protocol(proto);
        if (!p)
        {
            throw ErrorAt(item,
                          "unknown protocol \"" + proto + "\" in traffic selector \"" + item.text
                              + "\"");
        }
        protocol = *p;
    }
    startPort = 0;
    endPort = 0xffff;
    if (port.empty() || port == "%any")
    {
        return;
    }
    if (port == "opaque" || port == "%opaque")
    {
        throw ErrorAt(item,
                      "OPAQUE ports (RFC 4301) are not supported in traffic selector \"" + item.text
                          + "\"");
    }
    if (protocol == 0)
    {
        throw ErrorAt(item, "a port needs a protocol in traffic selector \"" + item.text + "\"");
    }
    bool icmp = protocol == 1 || protocol == 58;
    size_t dash = port.find('-');
    std::optional<uint64_t> first = icmp ? IpsecConfigNames::Number(port)
                                         : std::optional<uint64_t>(IpsecConfigNames::Service(port));
    if (dash != std::string::npos && !icmp)
    {
        auto low = IpsecConfigNames::Service(port.substr(0, dash));
        auto high = IpsecConfigNames::Service(port.substr(dash + 1));
        if (!low || !high || *high < *low)
        {
            throw ErrorAt(item,
                          "bad port range \"" + port + "\" in traffic selector \"" + item.text
                              + "\"");
        }
        startPort = *low;
        endPort = *high;
        return;
    }
    if (!first || (icmp && *first > 255))
    {
        throw ErrorAt(item,
                      std::string(icmp ? "bad ICMP type \"" : "bad port \"") + port
                          + "\" in traffic selector \"" + item.text + "\"");
    }
    // RFC 4301 §4.4.1.1: ICMP type in the high byte of the port, any code in the low byte.
    startPort = icmp ? uint16_t(*first << 8) : uint16_t(*first);
    endPort = icmp ? uint16_t((*first << 8) | 0xff) : uint16_t(*first);
}

/**
 * \param pair the key and a list of traffic selectors
 * \return the selectors; empty for `dynamic`; `%any` gives 0.0.0.0/0 and ::/0, `%any4` and
 *         `%any6` one of them
 */
std::vector<Ikev2TrafficSelector>
Selectors(const KeyValue& pair)
{
    std::vector<Ikev2TrafficSelector> out;
    std::vector<Value> items = Items(pair);
    for (const auto& item : items)
    {
        if (item.text == "dynamic")
        {
            if (items.size() > 1)
            {
                throw ErrorAt(item,
                              "dynamic cannot be combined with other selectors in "
                                  + pair.key.text);
            }
            return out;
        }
        std::string addresses = item.text;
        uint8_t protocol = 0;
        uint16_t startPort = 0;
        uint16_t endPort = 0xffff;
        size_t open = item.text.find('[');
        if (open != std::string::npos)
        {
            if (item.text.back() != ']')
            {
                throw ErrorAt(item, "missing ']' in traffic selector \"" + item.text + "\"");
            }
            ProtocolPort(item,
                         item.text.substr(open + 1, item.text.size() - open - 2),
                         protocol,
                         startPort,
                         endPort);
            addresses = item.text.substr(0, open);
        }
        size_t dash = addresses.find('-');
        if (dash != std::string::npos)
        {
            addresses.replace(dash, 1, "..");
        }
        Ikev2TrafficSelector ts;
        if (addresses == "%any" || addresses == "%any4" || addresses == "%any6")
        {
            for (auto type : {Ikev2TsType::IPV4_ADDR_RANGE, Ikev2TsType::IPV6_ADDR_RANGE})
            {
                if (addresses == (type == Ikev2TsType::IPV4_ADDR_RANGE ? "%any6" : "%any4"))
                {
                    continue;
                }
                Ikev2TrafficSelector any = Ikev2TrafficSelector::Any(type);
                out.push_back(Ikev2TrafficSelector(type,
                                                   protocol,
                                                   startPort,
                                                   endPort,
                                                   any.GetStartAddress(),
                                                   any.GetEndAddress()));
            }
            continue;
        }
        if (!Ikev2TrafficSelector::FromText(addresses, protocol, startPort, endPort, ts))
        {
            throw ErrorAt(item,
                          "bad traffic selector \"" + item.text
                              + "\" (expected a subnet, an address or a range a-b, with an "
                                "optional [protocol/port])");
        }
        out.push_back(ts);
    }
    return out;
}

/**
 * \param pair the key and a list of proposals
 * \return the proposals as written, with their positions
 */
std::vector<Ikev2Config::Proposal>
Proposals(const KeyValue& pair)
{
    std::vector<Ikev2Config::Proposal> out;
    for (const auto& item : Items(pair))
    {
        Ikev2Config::Proposal p;
        p.text = item.text;
        p.where = {item.line, item.column};
        out.push_back(p);
    }
    return out;
}

/**
 * \param pair the key and an identity
 * \return the identity
 */
Ikev2Identity
Identity(const KeyValue& pair)
{
    Ikev2Identity id;
    std::string error;
    if (!Ikev2Identity::FromText(pair.value.text, id, error))
    {
        throw ErrorAt(pair.value, "bad " + pair.key.text + ": " + error);
    }
    return id;
}

/**
 * \param c a character
 * \return its value as a base64 digit, or -1
 */
int
Base64Digit(char c)
{
    static const std::string ALPHABET
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t at = ALPHABET.find(c);
    return at == std::string::npos ? -1 : int(at);
}

/**
 * \param pair the key and a secret: text, `0x` hex or `0s` base64
 * \return the key bytes
 */
IpsecBytes
SecretBytes(const KeyValue& pair)
{
    const std::string& text = pair.value.text;
    IpsecBytes out;
    if (StartsWith(text, "0x"))
    {
        if (!ipsec_crypto::ParseHex(text, out))
        {
            throw ErrorAt(pair.value,
                          "bad hex secret: an odd number of digits or a non-hex character");
        }
        return out;
    }
    if (StartsWith(text, "0s"))
    {
        std::string b64 = text.substr(2);
        size_t padding = b64.size() - std::min(b64.size(), b64.find_last_not_of('=') + 1);
        b64.erase(b64.size() - padding);
        uint32_t bits = 0;
        int count = 0;
        for (char c : b64)
        {
            int d = Base64Digit(c);
            if (d < 0 || padding > 2)
            {
                throw ErrorAt(pair.value, "bad base64 in secret");
            }
            bits = (bits << 6) | uint32_t(d);
            count += 6;
            if (count >= 8)
            {
                count -= 8;
                out.push_back(uint8_t(bits >> count));
            }
        }
        return out;
    }
    return IpsecBytes(text.begin(), text.end());
}

/**
 * \param pair a key that names a section
 * \throw IpsecConfigError: the key should be a section
 */
[[noreturn]] void
NotASection(const KeyValue& pair)
{
    throw ErrorAt(pair.key,
                  "\"" + pair.key.text + "\" is a section: " + pair.key.text + " { ... }");
}

/**
 * \param table the keywords of a section
 * \param extra section names also valid there
 * \return the names, comma-separated
 */
template <typename T, size_t N>
std::string
Expected(const Keyword<T> (&table)[N], const std::string& extra)
{
    std::string out;
    for (const auto& k : table)
    {
        out += std::string(out.empty() ? "" : ", ") + k.name;
    }
    return out + (extra.empty() ? "" : ", " + extra);
}

/**
 * \brief Apply every pair of a section through its keyword table.
 * \param section the section
 * \param table its keywords
 * \param refused the keywords refused there
 * \param sections the section names valid there, for messages
 * \param where how to name the section in messages (`connection "gw"`)
 * \param target what the values go to
 */
template <typename T, size_t N, typename Refusals>
void
ApplyKeys(const Section& section,
          const Keyword<T> (&table)[N],
          const Refusals& refused,
          const std::string& sections,
          const std::string& where,
          T& target)
{
    for (const auto& pair : section.values)
    {
        const char* reason = RefusalOf(refused, pair.key.text, false);
        if (reason != nullptr)
        {
            throw ErrorAt(pair.key, "\"" + pair.key.text + "\" is not supported: " + reason);
        }
        bool known = false;
        for (const auto& k : table)
        {
            if (pair.key.text == k.name)
            {
                k.apply(pair, target);
                known = true;
                break;
            }
        }
        if (!known)
        {
            if (!sections.empty()
                && (", " + sections + ",").find(", " + pair.key.text + ",") != std::string::npos)
            {
                NotASection(pair);
            }
            throw ErrorAt(pair.key,
                          "unknown keyword \"" + pair.key.text + "\" in " + where
                              + " (expected one of: " + Expected(table, sections) + ")");
        }
    }
}

/**
 * \param pair a key and a value that must be one of two
 * \param wanted the only value this model accepts
 * \param reason why
 */
void
Only(const KeyValue& pair, bool wanted, const std::string& reason)
{
    if (Bool(pair) != wanted)
    {
        throw ErrorAt(pair.value, pair.key.text + " = " + pair.value.text + ": " + reason);
    }
}

/// The keywords of a connection.
const Keyword<Ikev2Config::Peer> PEER_KEYS[] = {
    {"version",
     [](const KeyValue& kv, Ikev2Config::Peer&) {
         if (kv.value.text == "1")
         {
             throw ErrorAt(kv.value, "version = 1: IKEv1 is not modelled (use 2)");
         }
         if (kv.value.text != "0" && kv.value.text != "2")
         {
             throw ErrorAt(kv.value, "bad version \"" + kv.value.text + "\" (expected 0 or 2)");
         }
     }},
    {"local_addrs",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.localAddrs = Addresses(kv);
     }},
    {"remote_addrs",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.remoteAddrs = Addresses(kv);
     }},
    {"local_port",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.localPort = uint16_t(Number(kv, 65535));
     }},
    {"remote_port",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.remotePort = uint16_t(Number(kv, 65535));
     }},
    {"proposals",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.ikeProposals = Proposals(kv);
     }},
    {"encap",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.forceEncap = Bool(kv);
     }},
    {"dpd_delay",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.dpdDelay = Duration(kv);
     }},
    {"rekey_time",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.rekeyTime = Duration(kv);
     }},
    {"over_time",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.overTime = Duration(kv);
     }},
    {"rand_time",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.randTime = Duration(kv);
     }},
    {"keyingtries",
     [](const KeyValue& kv, Ikev2Config::Peer& p) {
         p.keyingTries = uint32_t(Number(kv, 0xffffffff));
     }},
    {"reauth_time",
     [](const KeyValue& kv, Ikev2Config::Peer&) {
         if (!Duration(kv).IsZero())
         {
             throw ErrorAt(kv.value,
                           "reauth_time = " + kv.value.text
                               + ": reauthentication is not implemented; use rekey_time");
         }
     }},
    {"mobike",
     [](const KeyValue& kv, Ikev2Config::Peer&) {
         Only(kv, false, "MOBIKE (RFC 4555) is not implemented; set mobike = no");
     }},
    {"fragmentation",
     [](const KeyValue& kv, Ikev2Config::Peer&) {
         if (kv.value.text != "accept" && kv.value.text != "force")
         {
             Bool(kv);
         }
     }},
    {"unique",
     [](const KeyValue& kv, Ikev2Config::Peer&) {
         if (kv.value.text != "no" && kv.value.text != "never")
         {
             throw ErrorAt(kv.value,
                           "unique = " + kv.value.text
                               + ": uniqueness policies are not modelled (no or never only)");
         }
     }},
    {"send_cert",
     [](const KeyValue&, Ikev2Config::Peer&) {
     }},
    {"send_certreq",
     [](const KeyValue&, Ikev2Config::Peer&) {
     }},
};

/// The keywords of a child.
const Keyword<Ikev2Config::Child> CHILD_KEYS[] = {
    {"local_ts",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.localTs = Selectors(kv);
     }},
    {"remote_ts",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.remoteTs = Selectors(kv);
     }},
    {"esp_proposals",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.espProposals = Proposals(kv);
     }},
    {"mode",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.mode = Choose(MODES, kv);
     }},
    {"start_action",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.startAction = Choose(START_ACTIONS, kv);
     }},
    {"dpd_action",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.dpdAction = Choose(DPD_ACTIONS, kv);
     }},
    {"close_action",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.closeAction = Choose(CLOSE_ACTIONS, kv);
     }},
    {"rekey_time",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.rekeyTime = Duration(kv);
     }},
    {"life_time",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.lifeTime = Duration(kv);
     }},
    {"rand_time",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.randTime = Duration(kv);
     }},
    {"rekey_bytes",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.rekeyBytes = Number(kv, UINT64_MAX);
     }},
    {"life_bytes",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.lifeBytes = Number(kv, UINT64_MAX);
     }},
    {"rekey_packets",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.rekeyPackets = Number(kv, UINT64_MAX);
     }},
    {"life_packets",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.lifePackets = Number(kv, UINT64_MAX);
     }},
    {"replay_window",
     [](const KeyValue& kv, Ikev2Config::Child& c) {
         c.replayWindow = uint32_t(Number(kv, 4096));
     }},
    {"ipcomp",
     [](const KeyValue& kv, Ikev2Config::Child&) {
         Only(kv, false, "IPComp is not implemented; set ipcomp = no");
     }},
    {"hw_offload",
     [](const KeyValue& kv, Ikev2Config::Child&) {
         if (kv.value.text != "auto")
         {
             Only(kv, false, "there is no hardware to offload to; set hw_offload = no");
         }
     }},
    {"policies",
     [](const KeyValue& kv, Ikev2Config::Child&) {
         Only(kv, true, "children always install their policies; set policies = yes");
     }},
};

/// The keywords of an authentication round (`local`, `remote`).
struct AuthRound
{
    bool psk{false};  //!< auth = psk was given
    Ikev2Identity id; //!< the identity; "any" when not given
};

/// The keywords of a local or remote section.
const Keyword<AuthRound> AUTH_KEYS[] = {
    {"auth",
     [](const KeyValue& kv, AuthRound& r) {
         if (kv.value.text != "psk")
         {
             throw ErrorAt(kv.value,
                           "auth \"" + kv.value.text
                               + "\" is not supported: only psk is supported");
         }
         r.psk = true;
     }},
    {"id",
     [](const KeyValue& kv, AuthRound& r) {
         r.id = Identity(kv);
     }},
};

/// The keywords of an ike secret (ids are matched by prefix before this table).
const Keyword<Ikev2Config::Secret> SECRET_KEYS[] = {
    {"secret",
     [](const KeyValue& kv, Ikev2Config::Secret& s) {
         s.key = SecretBytes(kv);
     }},
};

/**
 * \param section a local or remote section
 * \param side "local" or "remote"
 * \param peer the connection, for messages
 * \return the round
 */
AuthRound
ReadAuthRound(const Section& section, const std::string& side, const Ikev2Config::Peer& peer)
{
    for (const auto& sub : section.sections)
    {
        const char* reason = RefusalOf(AUTH_SECTIONS_REFUSED, sub.name.text, true);
        throw ErrorAt(sub.name,
                      "\"" + sub.name.text + "\" is not supported in " + side + ": "
                          + (reason != nullptr ? reason : "no subsections are known there"));
    }
    AuthRound round;
    ApplyKeys(section,
              AUTH_KEYS,
              AUTH_REFUSED,
              "",
              side + " of connection \"" + peer.name + "\"",
              round);
    if (!round.psk)
    {
        throw ErrorAt(section.name,
                      section.name.text
                          + ": auth defaults to pubkey, which is not supported: set auth = psk");
    }
    return round;
}

/**
 * \param section a child's section
 * \param peer its connection, for messages
 * \return the child
 */
Ikev2Config::Child
ReadChild(const Section& section, const Ikev2Config::Peer& peer)
{
    Ikev2Config::Child child;
    child.name = section.name.text;
    child.where = {section.name.line, section.name.column};
    for (const auto& sub : section.sections)
    {
        throw ErrorAt(sub.name,
                      "unknown section \"" + sub.name.text + "\" in child \"" + peer.name + "."
                          + child.name + "\"");
    }
    ApplyKeys(section,
              CHILD_KEYS,
              CHILD_REFUSED,
              "",
              "child \"" + peer.name + "." + child.name + "\"",
              child);
    return child;
}

/**
 * \param section a connection's section
 * \return the connection
 */
Ikev2Config::Peer
ReadPeer(const Section& section)
{
    Ikev2Config::Peer peer;
    peer.name = section.name.text;
    peer.where = {section.name.line, section.name.column};
    const std::string where = "connection \"" + peer.name + "\"";
    ApplyKeys(section, PEER_KEYS, CONNECTION_REFUSED, "local, remote, children", where, peer);
    bool haveLocal = false;
    bool haveRemote = false;
    for (const auto& sub : section.sections)
    {
        const std::string& name = sub.name.text;
        if (name == "children")
        {
            if (!sub.values.empty())
            {
                throw ErrorAt(sub.values.front().key,
                              "\"" + sub.values.front().key.text
                                  + "\" directly in children: put it in a child section "
                                    "(children { NAME { ... } })");
            }
            for (const auto& c : sub.sections)
            {
                peer.children.push_back(ReadChild(c, peer));
            }
            continue;
        }
        bool local = StartsWith(name, "local");
        if (local || StartsWith(name, "remote"))
        {
            bool& have = local ? haveLocal : haveRemote;
            if (have)
            {
                throw ErrorAt(sub.name,
                              "\"" + name
                                  + "\": multiple authentication rounds (RFC 4739) are "
                                    "not supported");
            }
            have = true;
            AuthRound round = ReadAuthRound(sub, local ? "local" : "remote", peer);
            (local ? peer.localId : peer.remoteId) = round.id;
            continue;
        }
        const char* reason = RefusalOf(CONNECTION_REFUSED, name, false);
        if (reason != nullptr)
        {
            throw ErrorAt(sub.name, "\"" + name + "\" is not supported: " + reason);
        }
        throw ErrorAt(sub.name,
                      "unknown section \"" + name + "\" in " + where
                          + " (expected local, remote or children)");
    }
    if (!haveLocal || !haveRemote)
    {
        throw ErrorAt(section.name,
                      where + " has no " + (haveLocal ? "remote" : "local")
                          + " section: add one with auth = psk");
    }
    return peer;
}

/**
 * \param section an ike secret's section
 * \return the secret
 */
Ikev2Config::Secret
ReadSecret(const Section& section)
{
    Ikev2Config::Secret secret;
    secret.name = section.name.text;
    secret.where = {section.name.line, section.name.column};
    for (const auto& sub : section.sections)
    {
        throw ErrorAt(sub.name,
                      "unknown section \"" + sub.name.text + "\" in secret \"" + secret.name
                          + "\"");
    }
    Section rest = section;
    rest.values.clear();
    for (const auto& pair : section.values)
    {
        if (StartsWith(pair.key.text, "id"))
        {
            secret.ids.push_back(Identity(pair));
        }
        else
        {
            rest.values.push_back(pair);
        }
    }
    ApplyKeys(rest,
              SECRET_KEYS,
              std::vector<Refusal>(),
              "id*",
              "secret \"" + secret.name + "\"",
              secret);
    return secret;
}

/**
 * \param root the parsed file
 * \param config the configuration to fill in
 */
void
ReadRoot(const Section& root, Ikev2Config& config)
{
    for (const auto& pair : root.values)
    {
        if (pair.key.text == "connections" || pair.key.text == "secrets")
        {
            NotASection(pair);
        }
        throw ErrorAt(pair.key,
                      "unexpected key \"" + pair.key.text
                          + "\" at the top level (expected connections { } or secrets { })");
    }
    for (const auto& top : root.sections)
    {
        const std::string& name = top.name.text;
        if (name == "connections")
        {
            if (!top.values.empty())
            {
                throw ErrorAt(top.values.front().key,
                              "\"" + top.values.front().key.text
                                  + "\" directly in connections: put it in a connection "
                                    "section (connections { NAME { ... } })");
            }
            for (const auto& c : top.sections)
            {
                config.peers.push_back(ReadPeer(c));
            }
            continue;
        }
        if (name == "secrets")
        {
            if (!top.values.empty())
            {
                throw ErrorAt(top.values.front().key,
                              "\"" + top.values.front().key.text
                                  + "\" directly in secrets: put it in an ike section "
                                    "(secrets { ike-NAME { ... } })");
            }
            for (const auto& s : top.sections)
            {
                if (StartsWith(s.name.text, "ike"))
                {
                    config.secrets.push_back(ReadSecret(s));
                    continue;
                }
                const char* reason = RefusalOf(SECRETS_REFUSED, s.name.text, true);
                throw ErrorAt(s.name,
                              "secret \"" + s.name.text + "\" is not supported: "
                                  + (reason != nullptr
                                         ? std::string(reason)
                                         : "unknown secret type (only ike secrets are "
                                           "supported)"));
            }
            continue;
        }
        const char* reason = RefusalOf(TOP_REFUSED, name, false);
        if (reason != nullptr)
        {
            throw ErrorAt(top.name, "\"" + name + "\" is not supported: " + reason);
        }
        throw ErrorAt(top.name,
                      "unknown section \"" + name + "\" (expected one of: connections, secrets)");
    }
}

} // namespace

Ikev2ConfigResult
SwanctlReader::Read(const std::string& text, const std::string& source, Ikev2Config& config)
{
    Ikev2Config candidate;
    candidate.source = source;
    try
    {
        ReadRoot(StrongswanSettings::Parse(text), candidate);
    }
    catch (const IpsecConfigError& e)
    {
        return {false, e.Format(source)};
    }
    Ikev2ConfigResult checked = candidate.Validate();
    if (checked.ok)
    {
        config = std::move(candidate);
    }
    return checked;
}

Ikev2ConfigResult
SwanctlReader::ReadFile(const std::string& path, Ikev2Config& config)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        return {false, path + ": cannot open the file"};
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    return Read(contents.str(), path, config);
}

} // namespace ns3
