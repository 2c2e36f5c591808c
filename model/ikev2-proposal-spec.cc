/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-proposal-spec.h"

#include "ikev2-child-suite.h"
#include "ikev2-ike-suite.h"
#include "ipsec-algorithms.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace ns3
{

namespace
{
using T = Ikev2TransformType;

/// One strongSwan proposal keyword (swanctl.conf(5); IANA ids).
struct KeywordRow
{
    const char* word; //!< the keyword
    T type;           //!< transform type
    uint16_t id;      //!< transform id
    uint16_t keyBits; //!< Key Length attribute (0: none)
    uint16_t samePrf; //!< INTEG only: the PRF of the same hash, which an IKE proposal implies
};

// The first keyword of a (type, id, keyBits) is its canonical spelling.
// clang-format off
const KeywordRow KEYWORDS[] = {
    {"aes128", T::ENCR, 12, 128, 0}, {"aes192", T::ENCR, 12, 192, 0}, {"aes256", T::ENCR, 12, 256, 0},
    {"aes", T::ENCR, 12, 128, 0},
    {"aes128ctr", T::ENCR, 13, 128, 0}, {"aes192ctr", T::ENCR, 13, 192, 0}, {"aes256ctr", T::ENCR, 13, 256, 0},
    {"aes128gcm16", T::ENCR, 20, 128, 0}, {"aes192gcm16", T::ENCR, 20, 192, 0}, {"aes256gcm16", T::ENCR, 20, 256, 0},
    {"aes128gcm128", T::ENCR, 20, 128, 0}, {"aes192gcm128", T::ENCR, 20, 192, 0}, {"aes256gcm128", T::ENCR, 20, 256, 0},
    {"aes128gcm", T::ENCR, 20, 128, 0}, {"aes192gcm", T::ENCR, 20, 192, 0}, {"aes256gcm", T::ENCR, 20, 256, 0},
    {"aes128gcm12", T::ENCR, 19, 128, 0}, {"aes192gcm12", T::ENCR, 19, 192, 0}, {"aes256gcm12", T::ENCR, 19, 256, 0},
    {"aes128gcm96", T::ENCR, 19, 128, 0}, {"aes192gcm96", T::ENCR, 19, 192, 0}, {"aes256gcm96", T::ENCR, 19, 256, 0},
    {"aes128gcm8", T::ENCR, 18, 128, 0}, {"aes192gcm8", T::ENCR, 18, 192, 0}, {"aes256gcm8", T::ENCR, 18, 256, 0},
    {"aes128gcm64", T::ENCR, 18, 128, 0}, {"aes192gcm64", T::ENCR, 18, 192, 0}, {"aes256gcm64", T::ENCR, 18, 256, 0},
    {"aes128ccm16", T::ENCR, 16, 128, 0}, {"aes192ccm16", T::ENCR, 16, 192, 0}, {"aes256ccm16", T::ENCR, 16, 256, 0},
    {"aes128ccm12", T::ENCR, 15, 128, 0}, {"aes192ccm12", T::ENCR, 15, 192, 0}, {"aes256ccm12", T::ENCR, 15, 256, 0},
    {"aes128ccm8", T::ENCR, 14, 128, 0}, {"aes192ccm8", T::ENCR, 14, 192, 0}, {"aes256ccm8", T::ENCR, 14, 256, 0},
    {"aes128gmac", T::ENCR, 21, 128, 0}, {"aes192gmac", T::ENCR, 21, 192, 0}, {"aes256gmac", T::ENCR, 21, 256, 0},
    {"camellia128", T::ENCR, 23, 128, 0}, {"camellia192", T::ENCR, 23, 192, 0}, {"camellia256", T::ENCR, 23, 256, 0},
    {"3des", T::ENCR, 3, 0, 0}, {"null", T::ENCR, 11, 0, 0}, {"chacha20poly1305", T::ENCR, 28, 0, 0},
    {"md5", T::INTEG, 1, 0, 1}, {"sha1", T::INTEG, 2, 0, 2}, {"sha", T::INTEG, 2, 0, 2},
    {"aesxcbc", T::INTEG, 5, 0, 4}, {"aescmac", T::INTEG, 8, 0, 8},
    {"sha256", T::INTEG, 12, 0, 5}, {"sha2_256", T::INTEG, 12, 0, 5},
    {"sha384", T::INTEG, 13, 0, 6}, {"sha2_384", T::INTEG, 13, 0, 6},
    {"sha512", T::INTEG, 14, 0, 7}, {"sha2_512", T::INTEG, 14, 0, 7},
    {"prfmd5", T::PRF, 1, 0, 0}, {"prfsha1", T::PRF, 2, 0, 0}, {"prfaesxcbc", T::PRF, 4, 0, 0},
    {"prfsha256", T::PRF, 5, 0, 0}, {"prfsha384", T::PRF, 6, 0, 0}, {"prfsha512", T::PRF, 7, 0, 0},
    {"prfaescmac", T::PRF, 8, 0, 0},
    {"modp768", T::DH, 1, 0, 0}, {"modp1024", T::DH, 2, 0, 0}, {"modp1536", T::DH, 5, 0, 0},
    {"modp2048", T::DH, 14, 0, 0}, {"modp3072", T::DH, 15, 0, 0}, {"modp4096", T::DH, 16, 0, 0},
    {"modp6144", T::DH, 17, 0, 0}, {"modp8192", T::DH, 18, 0, 0},
    {"ecp256", T::DH, 19, 0, 0}, {"ecp384", T::DH, 20, 0, 0}, {"ecp521", T::DH, 21, 0, 0},
    {"ecp192", T::DH, 25, 0, 0}, {"ecp224", T::DH, 26, 0, 0},
    {"curve25519", T::DH, 31, 0, 0}, {"x25519", T::DH, 31, 0, 0},
    {"curve448", T::DH, 32, 0, 0}, {"x448", T::DH, 32, 0, 0},
    {"noesn", T::ESN, 0, 0, 0}, {"esn", T::ESN, 1, 0, 0},
};
// clang-format on

/// Order of the transform types in a proposal (RFC 7296 §3.3.2 numbering).
const std::array<T, 5> TYPE_ORDER{T::ENCR, T::PRF, T::INTEG, T::DH, T::ESN};

/// PRF_HMAC_SHA2_256: the PRF of an AEAD-only IKE proposal that names none.
constexpr uint16_t AEAD_DEFAULT_PRF = 5;

/// The strings Default() parses.
const char* const DEFAULT_IKE = "aes128-aes192-aes256-sha256-sha384-sha512-curve25519-ecp256-"
                                "modp2048,aes128gcm16-aes192gcm16-aes256gcm16-prfsha256-"
                                "prfsha384-prfsha512-curve25519-ecp256-modp2048";
const char* const DEFAULT_ESP = "aes128gcm16-aes256gcm16,aes128-aes256-sha256-sha384-sha512";

/// A Solaris ikesa_xform encryption algorithm.
struct SolarisEncr
{
    const char* name; //!< encr_alg value
    uint16_t id;      //!< ENCR id; 0: known but not implemented for IKE here
};

/// A Solaris ikesa_xform authentication algorithm.
struct SolarisAuth
{
    const char* name; //!< auth_alg value
    uint16_t integ;   //!< AUTH id; 0: known but not implemented for IKE here
    uint16_t prf;     //!< PRF id of the same hash
};

const std::array<SolarisEncr, 4> SOLARIS_ENCRS{
    {{"aes", 12}, {"aes-cbc", 12}, {"aes-gcm", 20}, {"3des", 0}}};
const std::array<SolarisAuth, 5> SOLARIS_AUTHS{
    {{"sha1", 2, 2}, {"sha256", 12, 5}, {"sha384", 13, 6}, {"sha512", 14, 7}, {"md5", 0, 0}}};
/// AES key sizes offered when encr_alg names no range.
const std::array<uint16_t, 3> AES_KEY_BITS{128, 192, 256};

const KeywordRow*
FindWord(const std::string& word)
{
    for (const KeywordRow& k : KEYWORDS)
    {
        if (word == k.word)
        {
            return &k;
        }
    }
    return nullptr;
}

bool
IsAeadEncr(uint16_t id)
{
    const IpsecAlgorithm* a = IpsecAlgorithmRegistry::FindByIkev2Id(true, id);
    return a && a->IsCombined();
}

bool
Implemented(Ikev2ProtocolId protocol, const Ikev2Transform& t)
{
    return protocol == Ikev2ProtocolId::IKE
             ? Ikev2IkeSuite::IsSupported(t.type, t.id, t.keyLength)
             : Ikev2ChildSuite::IsSupported(t.type, t.id, t.keyLength);
}

void
AddOnce(std::vector<Ikev2Transform>& list, const Ikev2Transform& t)
{
    if (std::find(list.begin(), list.end(), t) == list.end())
    {
        list.push_back(t);
    }
}

/// Whitespace as the configuration lexers see it.
bool
IsSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/**
 * Read one proposal (`text[begin, end)`, already trimmed).
 * \return the error, positions relative to `text`
 */
Ikev2ProposalSpec::Error
ParseOne(const std::string& text,
         size_t begin,
         size_t end,
         Ikev2ProtocolId protocol,
         std::vector<Ikev2ProposalSpec>& out)
{
    const std::string proposal = text.substr(begin, end - begin);
    const std::string quoted = "\"" + proposal + "\"";
    const bool ike = protocol == Ikev2ProtocolId::IKE;
    if (proposal == "default")
    {
        std::vector<Ikev2ProposalSpec> defaults = Ikev2ProposalSpec::Default(protocol);
        out.insert(out.end(), defaults.begin(), defaults.end());
        return {};
    }
    std::array<std::vector<Ikev2Transform>, 6> byType;
    std::vector<uint16_t> samePrfs;
    std::string badInteg; // an integrity keyword not implemented: an error unless AEAD-only
    size_t badIntegAt = 0;
    size_t start = begin;
    while (start <= end)
    {
        size_t dash = text.find('-', start);
        size_t stop = (dash == std::string::npos || dash > end) ? end : dash;
        std::string word = text.substr(start, stop - start);
        if (word.empty())
        {
            return {start, "empty algorithm in proposal " + quoted};
        }
        if (word == "default")
        {
            return {start, "\"default\" must be a proposal of its own, not part of " + quoted};
        }
        const KeywordRow* k = FindWord(word);
        if (!k)
        {
            return {start, "unknown algorithm \"" + word + "\" in proposal " + quoted};
        }
        if (k->type == T::PRF && !ike)
        {
            return {start, "\"" + word + "\" in ESP proposal " + quoted + ": ESP takes no PRF"};
        }
        if (k->type == T::ESN && ike)
        {
            return {start,
                    "\"" + word + "\" in IKE proposal " + quoted
                        + ": ESN belongs to ESP proposals"};
        }
        Ikev2Transform t{k->type, k->id, k->keyBits};
        // Integrity is checked once the encryption is known (an AEAD drops it).
        if (k->type != T::INTEG && !Implemented(protocol, t))
        {
            return {start,
                    "algorithm \"" + word + "\" in proposal " + quoted
                        + " is not implemented by this model for " + (ike ? "IKE" : "ESP")};
        }
        std::vector<Ikev2Transform>& list = byType[static_cast<size_t>(k->type)];
        if (std::find(list.begin(), list.end(), t) != list.end())
        {
            return {start, "\"" + word + "\" is listed twice in proposal " + quoted};
        }
        list.push_back(t);
        if (k->type == T::INTEG)
        {
            samePrfs.push_back(k->samePrf);
            if (badInteg.empty() && !Implemented(protocol, t))
            {
                badInteg = word;
                badIntegAt = start;
            }
        }
        start = stop + 1;
    }

    std::vector<Ikev2Transform>& encrs = byType[static_cast<size_t>(T::ENCR)];
    std::vector<Ikev2Transform>& prfs = byType[static_cast<size_t>(T::PRF)];
    std::vector<Ikev2Transform>& integs = byType[static_cast<size_t>(T::INTEG)];
    if (encrs.empty())
    {
        return {begin, "proposal " + quoted + " has no encryption algorithm"};
    }
    size_t aeads = std::count_if(encrs.begin(), encrs.end(), [](const Ikev2Transform& t) {
        return IsAeadEncr(t.id);
    });
    if (aeads != 0 && aeads != encrs.size())
    {
        return {begin,
                "proposal " + quoted
                    + " mixes AEAD and non-AEAD encryption (RFC 7296 §3.3): use two proposals"};
    }
    bool aead = aeads != 0;
    if (!aead)
    {
        if (!badInteg.empty())
        {
            return {badIntegAt,
                    "algorithm \"" + badInteg + "\" in proposal " + quoted
                        + " is not implemented by this model for " + (ike ? "IKE" : "ESP")};
        }
        if (integs.empty())
        {
            return {begin, "proposal " + quoted + " has no integrity algorithm"};
        }
    }
    if (ike && prfs.empty())
    {
        for (uint16_t prf : samePrfs)
        {
            Ikev2Transform t{T::PRF, prf, 0};
            if (Implemented(protocol, t))
            {
                AddOnce(prfs, t);
            }
        }
        if (prfs.empty())
        {
            if (!aead)
            {
                return {begin,
                        "proposal " + quoted
                            + " has no PRF this model implements: add prfsha256 or another"};
            }
            prfs.push_back({T::PRF, AEAD_DEFAULT_PRF, 0});
        }
    }
    if (aead)
    {
        integs.clear();
    }
    if (ike && byType[static_cast<size_t>(T::DH)].empty())
    {
        return {begin, "IKE proposal " + quoted + " has no DH group"};
    }
    if (!ike && byType[static_cast<size_t>(T::ESN)].empty())
    {
        byType[static_cast<size_t>(T::ESN)].push_back({T::ESN, 0, 0});
    }
    Ikev2ProposalSpec spec;
    spec.protocol = protocol;
    for (T type : TYPE_ORDER)
    {
        const std::vector<Ikev2Transform>& list = byType[static_cast<size_t>(type)];
        spec.transforms.insert(spec.transforms.end(), list.begin(), list.end());
    }
    out.push_back(std::move(spec));
    return {};
}

/// A cursor over a Solaris xform block.
class SolarisCursor
{
  public:
    /// \param text the block
    explicit SolarisCursor(const std::string& text)
        : m_text(text)
    {
    }

    /// Skip white space. \return the position of the next character
    size_t Skip()
    {
        while (m_at < m_text.size() && IsSpace(m_text[m_at]))
        {
            ++m_at;
        }
        return m_at;
    }

    /// \param c a character \return true (and consume it) when it comes next
    bool Take(char c)
    {
        Skip();
        if (m_at < m_text.size() && m_text[m_at] == c)
        {
            ++m_at;
            return true;
        }
        return false;
    }

    /// \param s a string \return true (and consume it) when it comes next
    bool Take(const std::string& s)
    {
        Skip();
        if (m_text.compare(m_at, s.size(), s) == 0)
        {
            m_at += s.size();
            return true;
        }
        return false;
    }

    /// \return the next word (letters, digits, '-', '_'), possibly empty
    std::string Word()
    {
        Skip();
        size_t from = m_at;
        while (m_at < m_text.size()
               && (std::isalnum(static_cast<unsigned char>(m_text[m_at])) || m_text[m_at] == '-'
                   || m_text[m_at] == '_'))
        {
            ++m_at;
        }
        return m_text.substr(from, m_at - from);
    }

    /// \return true at the end of the text
    bool AtEnd() { return Skip() == m_text.size(); }

  private:
    const std::string& m_text; //!< the block
    size_t m_at = 0;           //!< the position
};

/// \return the number a word stands for, or -1 when it is not a decimal number below 65536
long
Number(const std::string& word)
{
    if (word.empty() || word.size() > 5
        || !std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); }))
    {
        return -1;
    }
    long n = std::stol(word);
    return n < 65536 ? n : -1;
}
} // namespace

Ikev2ProposalSpec::Error
Ikev2ProposalSpec::ParseStrongswan(const std::string& text,
                                   Ikev2ProtocolId protocol,
                                   std::vector<Ikev2ProposalSpec>& out)
{
    if (protocol != Ikev2ProtocolId::IKE && protocol != Ikev2ProtocolId::ESP)
    {
        return {0, "proposals are for IKE or ESP, not " + ns3::ToString(protocol)};
    }
    std::vector<Ikev2ProposalSpec> parsed;
    size_t start = 0;
    while (true)
    {
        size_t comma = text.find(',', start);
        size_t stop = comma == std::string::npos ? text.size() : comma;
        size_t begin = start;
        size_t end = stop;
        while (begin < end && IsSpace(text[begin]))
        {
            ++begin;
        }
        while (end > begin && IsSpace(text[end - 1]))
        {
            --end;
        }
        if (begin == end)
        {
            return {begin, "empty proposal in \"" + text + "\""};
        }
        Error error = ParseOne(text, begin, end, protocol, parsed);
        if (!error.Ok())
        {
            return error;
        }
        if (comma == std::string::npos)
        {
            break;
        }
        start = comma + 1;
    }
    out.insert(out.end(), parsed.begin(), parsed.end());
    return {};
}

Ikev2ProposalSpec::Error
Ikev2ProposalSpec::ParseSolarisXform(const std::string& text, Ikev2ProposalSpec& out)
{
    SolarisCursor c(text);
    bool braced = c.Take('{');
    std::vector<Ikev2Transform> encrs;
    std::vector<Ikev2Transform> prfs;
    std::vector<Ikev2Transform> integs;
    std::vector<Ikev2Transform> groups;
    bool seenEncr = false;
    bool seenAuth = false;
    bool seenGroup = false;
    while (!c.AtEnd())
    {
        if (braced && c.Take('}'))
        {
            if (!c.AtEnd())
            {
                return {c.Skip(), "text after the closing \"}\" of ikesa_xform"};
            }
            braced = false;
            break;
        }
        size_t keywordAt = c.Skip();
        std::string keyword = c.Word();
        size_t valueAt = c.Skip();
        std::string value = c.Word();
        bool* seen = keyword == "encr_alg" ? &seenEncr
                   : keyword == "auth_alg" ? &seenAuth
                   : keyword == "dh_group" ? &seenGroup
                                           : nullptr;
        if (!seen)
        {
            return {keywordAt,
                    "unknown ikesa_xform keyword \""
                        + (keyword.empty() ? text.substr(keywordAt, 1) : keyword)
                        + "\" (expected one of: auth_alg, dh_group, encr_alg)"};
        }
        if (*seen)
        {
            return {keywordAt, keyword + " given twice in ikesa_xform"};
        }
        *seen = true;
        if (value.empty())
        {
            return {valueAt, keyword + " without a value"};
        }
        if (keyword == "encr_alg")
        {
            auto e = std::find_if(SOLARIS_ENCRS.begin(),
                                  SOLARIS_ENCRS.end(),
                                  [&](const SolarisEncr& s) { return value == s.name; });
            if (e == SOLARIS_ENCRS.end())
            {
                return {valueAt,
                        "unknown encryption algorithm \"" + value
                            + "\" (expected aes, aes-cbc, aes-gcm, 3des)"};
            }
            if (e->id == 0)
            {
                return {valueAt,
                        "encryption algorithm \"" + value
                            + "\" is not implemented by this model for IKE (aes, aes-cbc, aes-gcm "
                              "are)"};
            }
            long low = 0;
            long high = 0;
            size_t rangeAt = c.Skip();
            if (c.Take('('))
            {
                low = Number(c.Word());
                high = c.Take("..") ? Number(c.Word()) : low;
                if (low < 0 || high < 0 || !c.Take(')'))
                {
                    return {rangeAt,
                            "bad key size range for \"" + value
                                + "\" (expected (256) or (128..256))"};
                }
            }
            for (uint16_t bits : AES_KEY_BITS)
            {
                if (low == 0 || (bits >= low && bits <= high))
                {
                    encrs.push_back({T::ENCR, e->id, bits});
                }
            }
            if (encrs.empty())
            {
                return {rangeAt,
                        "no AES key size (128, 192, 256) in the range given for \"" + value + "\""};
            }
        }
        else if (keyword == "auth_alg")
        {
            auto a = std::find_if(SOLARIS_AUTHS.begin(),
                                  SOLARIS_AUTHS.end(),
                                  [&](const SolarisAuth& s) { return value == s.name; });
            if (a == SOLARIS_AUTHS.end())
            {
                return {valueAt,
                        "unknown authentication algorithm \"" + value
                            + "\" (expected md5, sha1, sha256, sha384, sha512)"};
            }
            if (a->integ == 0)
            {
                return {valueAt,
                        "authentication algorithm \"" + value
                            + "\" is not implemented by this model for IKE (sha1, sha256, sha384, "
                              "sha512 are)"};
            }
            integs.push_back({T::INTEG, a->integ, 0});
            prfs.push_back({T::PRF, a->prf, 0});
        }
        else
        {
            long group = Number(value);
            if (group < 0)
            {
                return {valueAt, "dh_group takes a number, not \"" + value + "\""};
            }
            if (!Ikev2IkeSuite::IsSupported(T::DH, static_cast<uint16_t>(group), 0))
            {
                return {valueAt,
                        "DH group " + value + " is not implemented by this model (14, 19, 31 are)"};
            }
            groups.push_back({T::DH, static_cast<uint16_t>(group), 0});
        }
    }
    if (braced)
    {
        return {text.size(), "ikesa_xform without its closing \"}\""};
    }
    for (auto [seen, keyword] : {std::pair{seenEncr, "encr_alg"},
                                 std::pair{seenAuth, "auth_alg"},
                                 std::pair{seenGroup, "dh_group"}})
    {
        if (!seen)
        {
            return {0, std::string("ikesa_xform without ") + keyword};
        }
    }
    if (IsAeadEncr(encrs.front().id))
    {
        integs.clear();
    }
    Ikev2ProposalSpec spec;
    spec.protocol = Ikev2ProtocolId::IKE;
    for (const auto* list : {&encrs, &prfs, &integs, &groups})
    {
        spec.transforms.insert(spec.transforms.end(), list->begin(), list->end());
    }
    out = std::move(spec);
    return {};
}

std::vector<Ikev2ProposalSpec>
Ikev2ProposalSpec::Default(Ikev2ProtocolId protocol)
{
    std::vector<Ikev2ProposalSpec> specs;
    ParseStrongswan(protocol == Ikev2ProtocolId::IKE ? DEFAULT_IKE : DEFAULT_ESP, protocol, specs);
    return specs;
}

Ikev2ProposalSpec
Ikev2ProposalSpec::FromProposal(const Ikev2Proposal& proposal)
{
    Ikev2ProposalSpec spec;
    spec.protocol = proposal.protocol;
    spec.transforms = proposal.transforms;
    std::stable_sort(spec.transforms.begin(),
                     spec.transforms.end(),
                     [](const Ikev2Transform& a, const Ikev2Transform& b) {
                         auto rank = [](T type) {
                             auto it = std::find(TYPE_ORDER.begin(), TYPE_ORDER.end(), type);
                             return it - TYPE_ORDER.begin();
                         };
                         return rank(a.type) < rank(b.type);
                     });
    return spec;
}

std::string
Ikev2ProposalSpec::Keyword(const Ikev2Transform& t)
{
    for (const auto& k : KEYWORDS)
    {
        if (k.type == t.type && k.id == t.id && k.keyBits == t.keyLength)
        {
            return k.word;
        }
    }
    std::string type = ns3::ToString(t.type);
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char ch) {
        return std::tolower(ch);
    });
    return type + std::to_string(t.id) + (t.keyLength ? "_" + std::to_string(t.keyLength) : "");
}

std::vector<Ikev2Transform>
Ikev2ProposalSpec::Of(Ikev2TransformType type) const
{
    std::vector<Ikev2Transform> list;
    std::copy_if(transforms.begin(),
                 transforms.end(),
                 std::back_inserter(list),
                 [type](const Ikev2Transform& t) { return t.type == type; });
    return list;
}

Ikev2ProposalSpec
Ikev2ProposalSpec::WithoutDh() const
{
    Ikev2ProposalSpec spec = *this;
    spec.transforms.erase(std::remove_if(spec.transforms.begin(),
                                         spec.transforms.end(),
                                         [](const Ikev2Transform& t) { return t.type == T::DH; }),
                          spec.transforms.end());
    return spec;
}

bool
Ikev2ProposalSpec::Contains(const Ikev2Transform& t) const
{
    return std::find(transforms.begin(), transforms.end(), t) != transforms.end();
}

Ikev2Proposal
Ikev2ProposalSpec::ToProposal(uint8_t number, const IpsecBytes& spi) const
{
    Ikev2Proposal p;
    p.number = number;
    p.protocol = protocol;
    p.spi = spi;
    p.transforms = transforms;
    return p;
}

std::string
Ikev2ProposalSpec::ToString() const
{
    std::string text;
    for (const Ikev2Transform& t : transforms)
    {
        text += (text.empty() ? "" : "-") + Keyword(t);
    }
    return text;
}

bool
Ikev2ProposalSpec::operator==(const Ikev2ProposalSpec& other) const
{
    return protocol == other.protocol && transforms == other.transforms;
}

} // namespace ns3
