/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-policy.h"

#include "security-association.h"

#include <algorithm>
#include <functional>
#include <sstream>

namespace ns3
{

namespace
{
bool
KeyBitsWithin(const IpsecAlgorithm* alg, const IpsecBytes& key, uint16_t min, uint16_t max)
{
    if (!alg)
    {
        return true;
    }
    uint32_t bits = (key.size() - std::min<size_t>(key.size(), alg->saltBytes)) * 8;
    return (min == 0 || bits >= min) && (max == 0 || bits <= max);
}

bool
Listed(const std::vector<const IpsecAlgorithm*>& list, const IpsecAlgorithm* alg)
{
    return list.empty() || std::find(list.begin(), list.end(), alg) != list.end();
}
} // namespace

bool
IpsecProtectionRequest::Accepts(const SecurityAssociation& sa) const
{
    if (sa.GetProtocol() != protocol || sa.GetMode() != mode)
    {
        return false;
    }
    if (protocol == IpsecProtocol::ESP)
    {
        if (!Listed(encryption, sa.GetEncryptionAlgorithm())
            || !KeyBitsWithin(sa.GetEncryptionAlgorithm(),
                              sa.GetEncryptionKey(),
                              encryptionKeyBitsMin,
                              encryptionKeyBitsMax))
        {
            return false;
        }
        if (requireAuthentication && !sa.GetAuthenticationAlgorithm()
            && !sa.GetEncryptionAlgorithm()->IsCombined())
        {
            return false; // `encr_auth_algs any`: some integrity, a MAC or an AEAD
        }
        if (!authentication.empty() && !sa.GetAuthenticationAlgorithm())
        {
            return false;
        }
    }
    if (policyId != 0 && sa.GetPolicyId() != policyId)
    {
        return false;
    }
    if (sa.GetAuthenticationAlgorithm() && !Listed(authentication, sa.GetAuthenticationAlgorithm()))
    {
        return false;
    }
    return KeyBitsWithin(sa.GetAuthenticationAlgorithm(),
                         sa.GetAuthenticationKey(),
                         authenticationKeyBitsMin,
                         authenticationKeyBitsMax);
}

std::string
IpsecProtectionRequest::ToString() const
{
    std::ostringstream oss;
    oss << ns3::ToString(protocol) << "/" << ns3::ToString(mode) << "/";
    if (mode == IpsecMode::TUNNEL)
    {
        oss << tunnelSource << "-" << tunnelDestination;
    }
    oss << "/" << ns3::ToString(level);
    return oss.str();
}

SecurityPolicy::SecurityPolicy() = default;

bool
SecurityPolicy::Matches(const IpsecFlow& flow, Direction dir) const
{
    return localMask.IsMatch(localAddress, flow.local)
        && remoteMask.IsMatch(remoteAddress, flow.remote) && MatchesBesidesAddresses(flow, dir);
}

bool
SecurityPolicy::MatchesBesidesAddresses(const IpsecFlow& flow, Direction dir) const
{
    if ((static_cast<uint8_t>(direction) & static_cast<uint8_t>(dir)) == 0)
    {
        return false;
    }
    if (protocol >= 0 && protocol != flow.protocol)
    {
        return false;
    }
    if (flow.protocol == 6 || flow.protocol == 17)
    {
        if (flow.localPort < localPortMin || flow.localPort > localPortMax
            || flow.remotePort < remotePortMin || flow.remotePort > remotePortMax)
        {
            return false;
        }
    }
    else if (localPortMin != 0 || localPortMax != 65535 || remotePortMin != 0
             || remotePortMax != 65535)
    {
        return false; // a port selector never matches portless protocols
    }
    if (icmpTypeMin >= 0)
    {
        if ((flow.protocol != 1 && flow.protocol != 58) || flow.icmpType < icmpTypeMin
            || flow.icmpType > icmpTypeMax)
        {
            return false;
        }
        if (icmpCodeMin >= 0 && (flow.icmpCode < icmpCodeMin || flow.icmpCode > icmpCodeMax))
        {
            return false;
        }
    }
    return true;
}

bool
SecurityPolicy::AppliesToForwarded() const
{
    if (action != Action::IPSEC)
    {
        return true;
    }
    for (const auto& alternative : alternatives)
    {
        if (alternative.empty() || alternative.front().mode != IpsecMode::TUNNEL)
        {
            return false;
        }
    }
    return !alternatives.empty();
}

bool
SecurityPolicy::IsHostPair() const
{
    return localMask.IsHost() && remoteMask.IsHost()
        && localMask.GetFamily() == remoteMask.GetFamily();
}

uint8_t
SecurityPolicy::PrecedenceClass() const
{
    if (action == Action::BYPASS)
    {
        return 0;
    }
    if (action != Action::IPSEC || alternatives.empty())
    {
        return 4;
    }
    bool ah = false;
    bool esp = false;
    for (const auto& r : alternatives.front())
    {
        ah |= r.protocol == IpsecProtocol::AH;
        esp |= r.protocol == IpsecProtocol::ESP;
    }
    return (ah && esp) ? 1 : esp ? 2 : 3;
}

bool
SecurityPolicy::HasSameSelectors(const SecurityPolicy& o) const
{
    return localMask.Combine(localAddress) == o.localMask.Combine(o.localAddress)
        && localMask == o.localMask
        && remoteMask.Combine(remoteAddress) == o.remoteMask.Combine(o.remoteAddress)
        && remoteMask == o.remoteMask && localPortMin == o.localPortMin
        && localPortMax == o.localPortMax && remotePortMin == o.remotePortMin
        && remotePortMax == o.remotePortMax && protocol == o.protocol
        && icmpTypeMin == o.icmpTypeMin && icmpTypeMax == o.icmpTypeMax
        && icmpCodeMin == o.icmpCodeMin && icmpCodeMax == o.icmpCodeMax && direction == o.direction;
}

size_t
SecurityPolicy::SelectorHash() const
{
    uint64_t words[] = {
        localMask.Combine(localAddress).Hash() ^ (localMask.Hash() << 1),
        remoteMask.Combine(remoteAddress).Hash() ^ (remoteMask.Hash() << 1),
        (uint64_t(localPortMin) << 48) | (uint64_t(localPortMax) << 32)
            | (uint64_t(remotePortMin) << 16) | remotePortMax,
        (uint64_t(uint16_t(protocol)) << 48) | (uint64_t(uint8_t(icmpTypeMin)) << 40)
            | (uint64_t(uint8_t(icmpTypeMax)) << 32) | (uint64_t(uint8_t(icmpCodeMin)) << 24)
            | (uint64_t(uint8_t(icmpCodeMax)) << 16) | static_cast<uint64_t>(direction),
    };
    size_t h = 0;
    for (uint64_t w : words)
    {
        h = (h ^ std::hash<uint64_t>()(w)) * 0x100000001b3ULL;
    }
    return h;
}

uint32_t
SecurityPolicy::GetId() const
{
    return m_id;
}

std::string
SecurityPolicy::ToString() const
{
    std::ostringstream oss;
    oss << "#" << m_id << " {";
    if (!localMask.IsZero())
    {
        oss << "laddr " << localAddress << "/" << localMask.GetPrefixLength() << " ";
    }
    if (!remoteMask.IsZero())
    {
        oss << "raddr " << remoteAddress << "/" << remoteMask.GetPrefixLength() << " ";
    }
    if (protocol >= 0)
    {
        oss << "ulp " << protocol << " ";
    }
    if (localPortMin != 0 || localPortMax != 65535)
    {
        oss << "lport " << localPortMin;
        if (localPortMax != localPortMin)
        {
            oss << "-" << localPortMax;
        }
        oss << " ";
    }
    if (remotePortMin != 0 || remotePortMax != 65535)
    {
        oss << "rport " << remotePortMin;
        if (remotePortMax != remotePortMin)
        {
            oss << "-" << remotePortMax;
        }
        oss << " ";
    }
    oss << "dir "
        << (direction == Direction::BOTH      ? "both"
            : direction == Direction::INBOUND ? "in"
                                              : "out")
        << "} ";
    switch (action)
    {
        case Action::BYPASS:
            oss << "bypass";
            break;
        case Action::DROP:
            oss << "drop";
            break;
        case Action::IPSEC:
            oss << "ipsec";
            for (size_t i = 0; i < alternatives.size(); ++i)
            {
                oss << (i ? " or" : "");
                for (const auto& r : alternatives[i])
                {
                    oss << " " << r.ToString();
                }
            }
            break;
    }
    if (!comment.empty())
    {
        oss << " (" << comment << ")"; // where the entry came from
    }
    return oss.str();
}

Ptr<SecurityPolicy>
SecurityPolicy::HostPair(const IpsecAddress& local,
                         const IpsecAddress& remote,
                         const std::vector<IpsecProtectionRequest>& bundle)
{
    return Networks(local,
                    IpsecMask::Host(local.GetFamily()),
                    remote,
                    IpsecMask::Host(remote.GetFamily()),
                    bundle);
}

Ptr<SecurityPolicy>
SecurityPolicy::Networks(const IpsecAddress& localNetwork,
                         const IpsecMask& localMask,
                         const IpsecAddress& remoteNetwork,
                         const IpsecMask& remoteMask,
                         const std::vector<IpsecProtectionRequest>& bundle)
{
    Ptr<SecurityPolicy> p = Create<SecurityPolicy>();
    p->localAddress = localMask.Combine(localNetwork);
    p->localMask = localMask;
    p->remoteAddress = remoteMask.Combine(remoteNetwork);
    p->remoteMask = remoteMask;
    p->direction = Direction::BOTH;
    p->action = bundle.empty() ? Action::BYPASS : Action::IPSEC;
    if (!bundle.empty())
    {
        p->alternatives.push_back(bundle);
    }
    return p;
}

} // namespace ns3
