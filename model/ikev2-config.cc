/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-config.h"

#include "ikev2-child-suite.h"
#include "ipsec-config-error.h"

#include <algorithm>
#include <map>
#include <set>

namespace ns3
{

namespace
{

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
 * \param time a duration
 * \return it in seconds, with an `s`
 */
std::string
SecondsText(Time time)
{
    return std::to_string(time.ToInteger(Time::S)) + "s";
}

/**
 * \param selectors traffic selectors
 * \return the families among them (IPV4_ADDR_RANGE, IPV6_ADDR_RANGE)
 */
std::set<Ikev2TsType>
Families(const std::vector<Ikev2TrafficSelector>& selectors)
{
    std::set<Ikev2TsType> out;
    for (const auto& ts : selectors)
    {
        out.insert(ts.GetType());
    }
    return out;
}

/**
 * \param addresses configured IKE addresses
 * \return their families; empty when one of them (or the empty list) is any address of both
 */
std::set<IpsecAddress::Family>
Families(const std::vector<IpsecAddressPrefix>& addresses)
{
    std::set<IpsecAddress::Family> out;
    for (const auto& a : addresses)
    {
        if (a.address.IsNone())
        {
            return {};
        }
        out.insert(a.address.GetFamily());
    }
    return out;
}

/**
 * \param a a set
 * \param b another
 * \return true when either is empty (no restriction) or they share an element
 */
template <typename T>
bool
Compatible(const std::set<T>& a, const std::set<T>& b)
{
    if (a.empty() || b.empty())
    {
        return true;
    }
    for (const auto& x : a)
    {
        if (b.count(x) != 0)
        {
            return true;
        }
    }
    return false;
}

/**
 * \param peer a connection
 * \param secret a secret
 * \return how many of the connection's identities the secret names (0, 1 or 2)
 */
int
Score(const Ikev2Config::Peer& peer, const Ikev2Config::Secret& secret)
{
    Ikev2Identity local = peer.EffectiveLocalId();
    bool localMatch = false;
    bool remoteMatch = false;
    for (const auto& id : secret.ids)
    {
        localMatch = localMatch || (!local.IsAny() && id == local);
        remoteMatch = remoteMatch || (!peer.remoteId.IsAny() && id == peer.remoteId);
    }
    return int(localMatch) + int(remoteMatch);
}

/**
 * \param peer a connection
 * \return how messages name it: `connection "gw"`, or `rule "label"` for a Solaris rule
 */
std::string
Named(const Ikev2Config::Peer& peer)
{
    return std::string(peer.solaris ? "rule" : "connection") + " \"" + peer.name + "\"";
}

/**
 * \param config the configuration
 * \throw IpsecConfigError at the first problem with a secret
 */
void
CheckSecrets(const Ikev2Config& config)
{
    std::set<std::string> secretNames;
    std::map<std::string, const Ikev2Config::Secret*> labelled;
    for (const auto& secret : config.secrets)
    {
        const std::string what = "secret \"" + secret.name + "\"";
        if (!secretNames.insert(secret.name).second)
        {
            throw ErrorAt(secret.where, what + " defined twice");
        }
        if (secret.ids.empty() && secret.labels.empty())
        {
            throw ErrorAt(secret.where,
                          what + " has no id: name the identities that share it (id = ...)");
        }
        if (secret.key.empty() && secret.localKey.empty() && secret.remoteKey.empty())
        {
            throw ErrorAt(secret.where, what + " has no key");
        }
        for (const auto& label : secret.labels)
        {
            if (label.empty())
            {
                throw ErrorAt(secret.where, what + " has an empty label");
            }
            auto first = labelled.emplace(label, &secret);
            if (!first.second)
            {
                throw ErrorAt(secret.where,
                              what + ": label \"" + label + "\" is already the label of secret \""
                                  + first.first->second->name + "\"");
            }
        }
    }
}

/**
 * \param config the configuration
 * \throw IpsecConfigError at the first problem
 */
void
Check(const Ikev2Config& config)
{
    CheckSecrets(config);
    std::set<std::string> peerNames;
    for (const auto& peer : config.peers)
    {
        if (!peerNames.insert(peer.name).second)
        {
            throw ErrorAt(peer.where, Named(peer) + " defined twice");
        }
        if (!Compatible(Families(peer.localAddrs), Families(peer.remoteAddrs)))
        {
            throw ErrorAt(peer.where,
                          Named(peer)
                              + (peer.solaris ? ": local_addr and remote_addr"
                                              : ": local_addrs and remote_addrs")
                              + " have no address family in common");
        }
        if (peer.overTime.IsStrictlyNegative() || peer.rekeyTime.IsStrictlyNegative()
            || peer.childLifeTime.IsStrictlyNegative())
        {
            throw ErrorAt(peer.where, Named(peer) + ": negative time");
        }
        if (peer.childPfs != 0
            && !Ikev2ChildSuite::IsSupported(Ikev2TransformType::DH, peer.childPfs, 0))
        {
            throw ErrorAt(peer.where,
                          Named(peer) + ": child PFS group " + std::to_string(peer.childPfs)
                              + " is not implemented by this model (14, 19, 31 are)");
        }
        std::set<std::string> childNames;
        for (const auto& child : peer.children)
        {
            const std::string what = "child \"" + peer.name + "." + child.name + "\"";
            if (!childNames.insert(child.name).second)
            {
                throw ErrorAt(child.where, what + " defined twice");
            }
            if (!Compatible(Families(child.localTs), Families(child.remoteTs)))
            {
                throw ErrorAt(child.where,
                              what + ": local_ts and remote_ts have no address family in common");
            }
            if (!child.lifeTime.IsZero() && !child.rekeyTime.IsZero()
                && child.lifeTime <= child.rekeyTime)
            {
                throw ErrorAt(child.where,
                              what + ": life_time (" + SecondsText(child.lifeTime)
                                  + ") must be longer than rekey_time ("
                                  + SecondsText(child.rekeyTime) + ")");
            }
            if ((child.lifeBytes != 0 && child.lifeBytes <= child.rekeyBytes)
                || (child.lifePackets != 0 && child.lifePackets <= child.rekeyPackets))
            {
                throw ErrorAt(child.where,
                              what
                                  + ": life_bytes and life_packets must be above rekey_bytes "
                                    "and rekey_packets");
            }
        }
        const Ikev2Config::Secret* secret = config.PskFor(peer);
        if (secret == nullptr && peer.solaris)
        {
            throw ErrorAt(peer.where,
                          Named(peer) + " has auth_method preshared but no secret has its label");
        }
        if (secret == nullptr)
        {
            Ikev2Identity local = peer.EffectiveLocalId();
            throw ErrorAt(peer.where,
                          Named(peer) + " has auth = psk but no secret matches its identities ("
                              + local.ToText() + ", " + peer.remoteId.ToText() + ")");
        }
        if (secret->KeyFor(Ikev2Config::KeyUse::LOCAL_AUTH).empty())
        {
            throw ErrorAt(peer.where,
                          Named(peer) + ": secret \"" + secret->name
                              + "\" has no key for the AUTH payload this node computes");
        }
        if (secret->KeyFor(Ikev2Config::KeyUse::REMOTE_AUTH).empty())
        {
            throw ErrorAt(peer.where,
                          Named(peer) + ": secret \"" + secret->name
                              + "\" has no key to check the peer's AUTH payload");
        }
    }
}

} // namespace

Time
Ikev2Config::Child::EffectiveLifeTime() const
{
    if (!lifeTime.IsZero())
    {
        return lifeTime;
    }
    return rekeyTime + rekeyTime / 10;
}

Ikev2Identity
Ikev2Config::Peer::EffectiveLocalId() const
{
    if (!localId.IsAny())
    {
        return localId;
    }
    for (const auto& a : localAddrs)
    {
        if (!a.address.IsNone() && a.IsHost())
        {
            return Ikev2Identity(
                a.address.IsIpv4() ? Ikev2IdType::IPV4_ADDR : Ikev2IdType::IPV6_ADDR,
                IpsecBytes(a.address.GetBytes(), a.address.GetBytes() + a.address.GetLength()));
        }
    }
    return localId;
}

const IpsecBytes&
Ikev2Config::Secret::KeyFor(KeyUse use) const
{
    const IpsecBytes& own = use == KeyUse::LOCAL_AUTH ? localKey : remoteKey;
    return own.empty() ? key : own;
}

const Ikev2Config::Secret*
Ikev2Config::PskFor(const Peer& peer) const
{
    if (peer.solaris)
    {
        for (const auto& secret : secrets)
        {
            if (std::find(secret.labels.begin(), secret.labels.end(), peer.name)
                != secret.labels.end())
            {
                return &secret;
            }
        }
        return nullptr;
    }
    const Secret* best = nullptr;
    int bestScore = 0;
    for (const auto& secret : secrets)
    {
        int score = Score(peer, secret);
        if (score > bestScore)
        {
            best = &secret;
            bestScore = score;
        }
    }
    return best;
}

const IpsecBytes*
Ikev2Config::PskFor(const Peer& peer, KeyUse use) const
{
    const Secret* secret = PskFor(peer);
    if (secret == nullptr || secret->KeyFor(use).empty())
    {
        return nullptr;
    }
    return &secret->KeyFor(use);
}

Ikev2ConfigResult
Ikev2Config::Validate() const
{
    try
    {
        Check(*this);
    }
    catch (const IpsecConfigError& e)
    {
        return {false, e.Format(source)};
    }
    return {};
}

} // namespace ns3
