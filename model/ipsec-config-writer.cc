/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-config-writer.h"

#include "ipsec-address-resolver.h"
#include "ipsec-config-names.h"
#include "ipsec-udp-encapsulation.h"

#include <iomanip>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

/// `address[/len]`, `len` left out for a host; a zero mask of a family shows that family's
/// unspecified address (0.0.0.0/0, ::/0) whatever address the selector holds.
std::string
Prefix(const IpsecAddress& address, const IpsecMask& mask)
{
    std::ostringstream oss;
    oss << (address.GetFamily() == mask.GetFamily() ? address
                                                    : IpsecAddress::GetAny(mask.GetFamily()));
    if (!mask.IsHost())
    {
        oss << "/" << mask.GetPrefixLength();
    }
    return oss.str();
}

/// Whether a policy's two sides can both match a packet: an IPv4 side and an IPv6 side cannot
/// (no reader makes such an entry; the API can), and no format can write one.
bool
FamiliesAgree(const SecurityPolicy& p)
{
    auto f = p.localMask.GetFamily();
    auto g = p.remoteMask.GetFamily();
    return f == IpsecAddress::Family::NONE || g == IpsecAddress::Family::NONE || f == g;
}

/// Has a side of a policy no address (a zero mask, any address)?
bool
IsOpen(const IpsecAddress& address, const IpsecMask& mask)
{
    return mask.IsZero() && address.IsAny();
}

/// The address patterns of an ipsecconf entry. The reader gives a side without an address the
/// other side's family, and an entry without addresses both families; so an entry of one
/// family whose sides are both open says its family with `laddr 0.0.0.0/0` (or `::/0`).
std::string
IpsecconfAddresses(const SecurityPolicy& p)
{
    bool localOpen = IsOpen(p.localAddress, p.localMask);
    bool remoteOpen = IsOpen(p.remoteAddress, p.remoteMask);
    std::string out;
    if (!localOpen)
    {
        out += " laddr " + Prefix(p.localAddress, p.localMask);
    }
    if (!remoteOpen)
    {
        out += " raddr " + Prefix(p.remoteAddress, p.remoteMask);
    }
    if (localOpen && remoteOpen)
    {
        IpsecAddress::Family family = p.localMask.GetFamily() != IpsecAddress::Family::NONE
                                        ? p.localMask.GetFamily()
                                        : p.remoteMask.GetFamily();
        if (family != IpsecAddress::Family::NONE)
        {
            out += " laddr "
                 + Prefix(IpsecAddress::GetAny(family), IpsecMask::FromPrefixLength(family, 0));
        }
    }
    return out;
}

std::string
Spi(uint32_t spi)
{
    std::ostringstream oss;
    oss << "0x" << std::hex << std::setw(8) << std::setfill('0') << spi;
    return oss.str();
}

std::string
KeyBits(uint16_t min, uint16_t max)
{
    if (min == 0 && max == 0)
    {
        return "";
    }
    if (min == max)
    {
        return "(" + std::to_string(min) + ")";
    }
    return "(" + (min ? std::to_string(min) : "") + ".." + (max ? std::to_string(max) : "") + ")";
}

std::string
Where(const SecurityPolicy& p)
{
    return "policy " + std::to_string(p.GetId()) + " (" + p.ToString() + ")";
}

std::string
Where(const SecurityAssociation& sa)
{
    return "SA " + sa.Describe();
}

/// A larval SA (GETSPI, no keys yet) has nothing to write: note it and skip it.
bool
SkipLarval(const SecurityAssociation& sa, std::vector<std::string>& notes)
{
    if (sa.GetState() != SecurityAssociation::State::LARVAL)
    {
        return false;
    }
    notes.push_back(Where(sa) + ": larval (SPI reserved, no keys yet), not written");
    return true;
}

/// One algorithm of a request list, or "any"; notes lists of several.
std::string
AlgorithmName(const std::vector<const IpsecAlgorithm*>& list,
              const SecurityPolicy& p,
              std::vector<std::string>& notes)
{
    if (list.empty())
    {
        return "any";
    }
    if (list.size() > 1)
    {
        notes.push_back(Where(p) + ": only the first of several acceptable algorithms is written");
    }
    return list[0]->name;
}

bool
PortRangeWritable(uint16_t min, uint16_t max)
{
    return min == max || (min == 0 && max == 65535);
}

} // namespace

std::string
IpsecConfigWriter::Ipsecconf(const std::vector<Ptr<SecurityPolicy>>& policies,
                             const std::string& tunnel,
                             std::vector<std::string>& notes)
{
    std::ostringstream out;
    std::set<std::string> written; // the pattern of each entry written
    for (const auto& p : policies)
    {
        std::ostringstream pattern;
        if (!tunnel.empty())
        {
            pattern << " tunnel " << tunnel << " negotiate tunnel";
        }
        if (!FamiliesAgree(*p))
        {
            notes.push_back(Where(*p) + ": an IPv4 and an IPv6 side never match; entry skipped");
            continue;
        }
        pattern << IpsecconfAddresses(*p);
        if (!PortRangeWritable(p->localPortMin, p->localPortMax)
            || !PortRangeWritable(p->remotePortMin, p->remotePortMax))
        {
            notes.push_back(Where(*p) + ": ipsecconf has no port ranges; entry skipped");
            continue;
        }
        if (p->localPortMin == p->localPortMax)
        {
            pattern << " lport " << p->localPortMin;
        }
        if (p->remotePortMin == p->remotePortMax)
        {
            pattern << " rport " << p->remotePortMin;
        }
        if (p->protocol >= 0)
        {
            pattern << " ulp " << IpsecConfigNames::ProtocolName(static_cast<uint8_t>(p->protocol));
        }
        auto range = [](int16_t lo, int16_t hi) {
            return lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi);
        };
        if (p->icmpTypeMin >= 0)
        {
            pattern << " type " << range(p->icmpTypeMin, p->icmpTypeMax);
        }
        if (p->icmpCodeMin >= 0)
        {
            pattern << " code " << range(p->icmpCodeMin, p->icmpCodeMax);
        }
        if (p->direction != SecurityPolicy::Direction::BOTH)
        {
            pattern << " dir "
                    << (p->direction == SecurityPolicy::Direction::INBOUND ? "in" : "out");
        }
        std::string patternText = pattern.str();
        std::string head = "{" + (patternText.empty() ? "" : patternText.substr(1)) + "} ";
        // Entries the SPD tells apart can have one pattern (an any-family side facing an IPv4
        // side is written as the IPv4 side's family): the first, in precedence order, decides.
        if (written.count(head))
        {
            notes.push_back(Where(*p)
                            + ": shadowed by an earlier entry with the same ipsecconf pattern; "
                              "not written");
            continue;
        }
        if (p->action == SecurityPolicy::Action::BYPASS)
        {
            written.insert(head);
            out << head << "bypass {}\n";
            continue;
        }
        if (p->action == SecurityPolicy::Action::DROP)
        {
            written.insert(head);
            out << head << "drop {}\n";
            continue;
        }
        std::vector<std::string> alternatives;
        for (const auto& bundle : p->alternatives)
        {
            std::ostringstream props;
            bool writable = true;
            for (const auto& r : bundle)
            {
                bool modeOk = tunnel.empty()
                                ? r.mode == IpsecMode::TRANSPORT
                                : (r.mode == IpsecMode::TUNNEL && r.tunnelSource.IsAny()
                                   && r.tunnelDestination.IsAny());
                if (!modeOk || r.level != IpsecLevel::REQUIRE || r.policyId != 0)
                {
                    notes.push_back(Where(*p) + ": ipsecconf cannot express " + r.ToString()
                                    + (r.policyId ? " with a unique id" : "")
                                    + "; entry skipped (use setkey)");
                    writable = false;
                    break;
                }
                if (r.protocol == IpsecProtocol::AH)
                {
                    props << " auth_algs " << AlgorithmName(r.authentication, *p, notes)
                          << KeyBits(r.authenticationKeyBitsMin, r.authenticationKeyBitsMax);
                    continue;
                }
                bool nullOnly = r.encryption.size() == 1 && r.encryption[0]->name == "null";
                if (!nullOnly || !r.requireAuthentication)
                {
                    props << " encr_algs " << AlgorithmName(r.encryption, *p, notes)
                          << KeyBits(r.encryptionKeyBitsMin, r.encryptionKeyBitsMax);
                }
                if (r.requireAuthentication || !r.authentication.empty())
                {
                    props << " encr_auth_algs " << AlgorithmName(r.authentication, *p, notes)
                          << KeyBits(r.authenticationKeyBitsMin, r.authenticationKeyBitsMax);
                }
            }
            if (!writable)
            {
                alternatives.clear();
                break;
            }
            if (p->uniqueSa)
            {
                props << " sa unique";
            }
            alternatives.push_back("ipsec {" + props.str().substr(1) + "}");
        }
        if (alternatives.empty())
        {
            continue;
        }
        written.insert(head);
        out << head;
        for (size_t i = 0; i < alternatives.size(); ++i)
        {
            out << (i ? " or " : "") << alternatives[i];
        }
        out << "\n";
    }
    return out.str();
}

std::string
IpsecConfigWriter::Ipseckey(const std::vector<Ptr<SecurityAssociation>>& sas,
                            std::vector<std::string>& notes)
{
    std::ostringstream out;
    std::set<std::pair<IpsecAddress, uint32_t>> written; // (destination, SPI)
    for (const auto& sa : sas)
    {
        if (SkipLarval(*sa, notes))
        {
            continue;
        }
        written.emplace(sa->GetDestination(), sa->GetSpi());
        out << "add " << ToString(sa->GetProtocol()) << " spi " << Spi(sa->GetSpi());
        if (!sa->GetSource().IsAny())
        {
            out << " src " << sa->GetSource();
        }
        out << " dst " << sa->GetDestination();
        if (const IpsecAlgorithm* e = sa->GetEncryptionAlgorithm())
        {
            out << " encr_alg " << e->name;
            if (!sa->GetEncryptionKey().empty())
            {
                out << " encrkey " << ipsec_crypto::ToHex(sa->GetEncryptionKey());
            }
        }
        if (const IpsecAlgorithm* a = sa->GetAuthenticationAlgorithm())
        {
            out << " auth_alg " << a->name << " authkey "
                << ipsec_crypto::ToHex(sa->GetAuthenticationKey());
        }
        if (sa->GetReplayWindowSize())
        {
            out << " replay " << sa->GetReplayWindowSize();
        }
        if (sa->GetLastSequence())
        {
            out << " replay_value " << sa->GetLastSequence();
        }
        const auto& s = sa->GetSelectors();
        if (sa->GetMode() == IpsecMode::TUNNEL)
        {
            // proto 4 tunnels IPv4 (IP in IP), proto 41 IPv6 (RFC 2473).
            bool inner6 = s.sourceMask.GetFamily() == IpsecAddress::Family::IPV6
                       || s.destinationMask.GetFamily() == IpsecAddress::Family::IPV6;
            out << " proto " << (inner6 ? 41 : 4) << " isrc " << Prefix(s.source, s.sourceMask)
                << " idst " << Prefix(s.destination, s.destinationMask);
            if (s.protocol >= 0)
            {
                out << " iproto " << s.protocol;
            }
            if (s.sourcePort)
            {
                out << " isport " << s.sourcePort;
            }
            if (s.destinationPort)
            {
                out << " idport " << s.destinationPort;
            }
        }
        else
        {
            if (s.protocol >= 0)
            {
                out << " proto " << s.protocol;
            }
            if (s.sourcePort)
            {
                out << " sport " << s.sourcePort;
            }
            if (s.destinationPort)
            {
                out << " dport " << s.destinationPort;
            }
        }
        for (const auto& [prefix, l] : {std::make_pair("soft_", sa->GetSoftLifetime()),
                                        std::make_pair("hard_", sa->GetHardLifetime())})
        {
            if (l.bytes)
            {
                out << " " << prefix << "bytes " << l.bytes;
            }
            if (l.addTime)
            {
                out << " " << prefix << "addtime " << l.addTime;
            }
            if (l.useTime)
            {
                out << " " << prefix << "usetime " << l.useTime;
            }
            if (l.allocations)
            {
                notes.push_back(Where(*sa) + ": ipseckey has no allocation lifetimes");
            }
        }
        // pair-spi names an SA that exists: the second SA of a pair carries it.
        if (sa->GetPairSpi() && written.count({sa->GetSource(), sa->GetPairSpi()}))
        {
            out << " pair-spi " << Spi(sa->GetPairSpi());
        }
        if (sa->GetState() != SecurityAssociation::State::MATURE)
        {
            out << " state " << ToString(sa->GetState());
        }
        if (sa->IsUdpEncapsulated())
        {
            // The node's ports (local, remote) of an SA this node sends on.
            const SecurityAssociation::Encapsulation& e = sa->GetEncapsulation();
            out << " encap udp";
            if (e.sourcePort != e.destinationPort)
            {
                out << " outbound";
            }
            if (e.sourcePort != IpsecUdpEncapsulation::PORT)
            {
                out << " nat_lport " << e.sourcePort;
            }
            if (e.destinationPort != IpsecUdpEncapsulation::PORT)
            {
                out << " nat_rport " << e.destinationPort;
            }
            if (!e.natLocal.IsAny())
            {
                out << " nat_loc " << e.natLocal;
            }
            if (!e.natRemote.IsAny())
            {
                out << " nat_rem " << e.natRemote;
            }
        }
        if (sa->HasExtendedSequenceNumbers())
        {
            notes.push_back(Where(*sa) + ": ipseckey has no ESN flag (use setkey -f esn)");
        }
        if (sa->GetPolicyId())
        {
            notes.push_back(Where(*sa) + ": ipseckey has no policy id (setkey -u)");
        }
        out << "\n";
    }
    return out.str();
}

std::string
IpsecConfigWriter::SetkeySas(const std::vector<Ptr<SecurityAssociation>>& sas,
                             std::vector<std::string>& notes)
{
    std::ostringstream out;
    for (const auto& sa : sas)
    {
        if (SkipLarval(*sa, notes))
        {
            continue;
        }
        if (sa->IsUdpEncapsulated())
        {
            // The NetBSD/ipsec-tools form: the SA's ports in brackets, protocol esp-udp.
            const SecurityAssociation::Encapsulation& e = sa->GetEncapsulation();
            out << "add " << sa->GetSource() << "[" << e.sourcePort << "] " << sa->GetDestination()
                << "[" << e.destinationPort << "] esp-udp ";
            if (!e.natLocal.IsAny() || !e.natRemote.IsAny())
            {
                notes.push_back(Where(*sa)
                                + ": setkey has no NAT-T addresses (use ipseckey's "
                                  "nat_loc and nat_rem)");
            }
        }
        else
        {
            out << "add " << sa->GetSource() << " " << sa->GetDestination() << " "
                << ToString(sa->GetProtocol()) << " ";
        }
        out << Spi(sa->GetSpi()) << " -m " << ToString(sa->GetMode());
        uint32_t window = sa->GetReplayWindowSize();
        if (window)
        {
            out << " -r " << (window + 7) / 8; // setkey -r counts octets
            if (window % 8)
            {
                notes.push_back(Where(*sa) + ": setkey's -r counts octets; the window of "
                                + std::to_string(window) + " packets is rounded up");
            }
        }
        if (sa->GetPolicyId())
        {
            out << " -u " << sa->GetPolicyId();
        }
        bool defaultCyclic = window == 0 && !sa->HasExtendedSequenceNumbers();
        if (sa->IsCyclic() != defaultCyclic)
        {
            out << " -f " << (sa->IsCyclic() ? "cyclic-seq" : "nocyclic-seq");
        }
        if (sa->HasExtendedSequenceNumbers())
        {
            out << " -f esn";
        }
        const auto& soft = sa->GetSoftLifetime();
        const auto& hard = sa->GetHardLifetime();
        for (const auto& [option, value] : {std::make_pair("-ls", soft.addTime),
                                            std::make_pair("-lh", hard.addTime),
                                            std::make_pair("-bs", soft.bytes),
                                            std::make_pair("-bh", hard.bytes)})
        {
            if (value)
            {
                out << " " << option << " " << value;
            }
        }
        if (soft.useTime || hard.useTime || soft.allocations || hard.allocations)
        {
            notes.push_back(Where(*sa) + ": setkey has no use-time or allocation lifetimes");
        }
        const auto& s = sa->GetSelectors();
        if (s.protocol >= 0 || s.sourcePort || s.destinationPort || s.sourceMask.GetPrefixLength()
            || s.destinationMask.GetPrefixLength())
        {
            notes.push_back(Where(*sa) + ": setkey SAs have no selectors (use ipseckey)");
        }
        if (sa->GetProtocol() == IpsecProtocol::ESP)
        {
            const IpsecAlgorithm* encr = sa->GetEncryptionAlgorithm();
            out << " -E " << encr->setkeyName;
            if (!sa->GetEncryptionKey().empty())
            {
                out << " 0x" << ipsec_crypto::ToHex(sa->GetEncryptionKey());
            }
        }
        if (const IpsecAlgorithm* auth = sa->GetAuthenticationAlgorithm())
        {
            out << " -A " << auth->setkeyName << " 0x"
                << ipsec_crypto::ToHex(sa->GetAuthenticationKey());
        }
        out << ";\n";
    }
    return out.str();
}

std::string
IpsecConfigWriter::SetkeyPolicies(const std::vector<Ptr<SecurityPolicy>>& policies,
                                  std::vector<std::string>& notes)
{
    std::ostringstream out;
    std::set<std::string> written; // selectors and direction of each spdadd
    for (const auto& p : policies)
    {
        if (!PortRangeWritable(p->localPortMin, p->localPortMax)
            || !PortRangeWritable(p->remotePortMin, p->remotePortMax)
            || p->icmpTypeMin != p->icmpTypeMax || p->icmpCodeMin != p->icmpCodeMax)
        {
            notes.push_back(Where(*p) + ": setkey has no port or ICMP ranges; entry skipped");
            continue;
        }
        if (!FamiliesAgree(*p))
        {
            notes.push_back(Where(*p) + ": an IPv4 and an IPv6 side never match; entry skipped");
            continue;
        }
        if (p->alternatives.size() > 1)
        {
            notes.push_back(Where(*p)
                            + ": setkey has no \"or\" alternatives; only the first is written");
        }
        if (p->uniqueSa)
        {
            notes.push_back(Where(*p) + ": setkey has no \"sa unique\" (use level unique)");
        }
        std::string action;
        if (p->action == SecurityPolicy::Action::BYPASS)
        {
            action = "none";
        }
        else if (p->action == SecurityPolicy::Action::DROP)
        {
            action = "discard";
        }
        else
        {
            action = "ipsec";
            for (const auto& r : p->alternatives[0])
            {
                if (!r.encryption.empty() || !r.authentication.empty() || r.requireAuthentication
                    || r.encryptionKeyBitsMin || r.encryptionKeyBitsMax)
                {
                    notes.push_back(
                        Where(*p)
                        + ": setkey policy cannot restrict algorithms; restriction dropped");
                }
                action += " " + r.ToString();
                if (r.policyId)
                {
                    action += ":" + std::to_string(r.policyId);
                }
            }
        }
        // `any` is this model's word for both families (an address-less rule).
        auto range = [](const IpsecAddress& a, const IpsecMask& m, uint16_t lo, uint16_t hi) {
            std::string port = lo == hi ? std::to_string(lo) : "any";
            if (m.GetFamily() == IpsecAddress::Family::NONE)
            {
                return "any[" + port + "]";
            }
            std::string host = m.IsHost() ? "/" + std::to_string(m.GetPrefixLength()) : "";
            return Prefix(a, m) + host + "[" + port + "]";
        };
        std::string upper = p->protocol < 0
                              ? "any"
                              : IpsecConfigNames::ProtocolName(static_cast<uint8_t>(p->protocol));
        if ((p->protocol == 1 || p->protocol == 58) && p->icmpTypeMin >= 0)
        {
            upper += " " + std::to_string(p->icmpTypeMin);
            if (p->icmpCodeMin >= 0)
            {
                upper += "," + std::to_string(p->icmpCodeMin);
            }
        }
        std::string local = range(p->localAddress, p->localMask, p->localPortMin, p->localPortMax);
        std::string remote
            = range(p->remoteAddress, p->remoteMask, p->remotePortMin, p->remotePortMax);
        // setkey has a policy per direction: `dir both` becomes an out and an in entry, and an
        // entry of one direction with the same selectors as an earlier one is shadowed by it
        // (and a second SPDADD of it would be refused).
        for (auto [direction, from, to] :
             {std::make_tuple(SecurityPolicy::Direction::OUTBOUND, local, remote),
              std::make_tuple(SecurityPolicy::Direction::INBOUND, remote, local)})
        {
            if (p->direction != direction && p->direction != SecurityPolicy::Direction::BOTH)
            {
                continue;
            }
            std::string dir = direction == SecurityPolicy::Direction::OUTBOUND ? "out" : "in";
            std::string selectors = from + " " + to + " " + upper + " -P " + dir;
            if (!written.insert(selectors).second)
            {
                notes.push_back(Where(*p) + ": its " + dir
                                + " half is shadowed by an earlier entry with the same selectors; "
                                  "not written");
                continue;
            }
            out << "spdadd " << selectors << " " << action << ";\n";
        }
    }
    return out.str();
}

} // namespace ns3
