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
 * \return how messages name it: `connection "gw"`, or `rule "label"` for a Solaris rule
 */
std::string
Named(const Ikev2Config::Peer& peer)
{
    return std::string(peer.solaris ? "rule" : "connection") + " \"" + peer.name + "\"";
}

/**
 * The secrets of a configuration indexed by the identities (and Solaris labels) they name, in
 * file order, so that a connection finds its secret by looking up its two identities instead of
 * scoring every secret.
 */
class SecretIndex
{
  public:
    /// \param secrets the secrets (kept by reference)
    explicit SecretIndex(const std::vector<Ikev2Config::Secret>& secrets)
        : m_secrets(secrets)
    {
        for (size_t s = 0; s < secrets.size(); ++s)
        {
            for (const Ikev2Identity& id : secrets[s].ids)
            {
                if (id.IsAny())
                {
                    continue; // names no connection: a connection's %any identity matches none
                }
                std::vector<size_t>& list = m_byId[Key(id)];
                if (list.empty() || list.back() != s)
                {
                    list.push_back(s);
                }
            }
            for (const std::string& label : secrets[s].labels)
            {
                m_byLabel.emplace(label, s);
            }
        }
    }

    /**
     * \param peer a connection
     * \return what Ikev2Config::PskFor() documents: for a Solaris rule the first secret with its
     *         label; otherwise the first secret naming both identities, else the first naming one
     */
    const Ikev2Config::Secret* Find(const Ikev2Config::Peer& peer) const
    {
        if (peer.solaris)
        {
            auto it = m_byLabel.find(peer.name);
            return it == m_byLabel.end() ? nullptr : &m_secrets[it->second];
        }
        const std::vector<size_t>* local = Naming(peer.EffectiveLocalId());
        const std::vector<size_t>* remote = Naming(peer.remoteId);
        if (local == nullptr || remote == nullptr || local == remote)
        {
            const std::vector<size_t>* one = local ? local : remote;
            return one ? &m_secrets[one->front()] : nullptr;
        }
        // The first secret in both lists: walk the shorter, binary-search the longer.
        const std::vector<size_t>& shorter = local->size() <= remote->size() ? *local : *remote;
        const std::vector<size_t>& longer = local->size() <= remote->size() ? *remote : *local;
        auto both = std::find_if(shorter.begin(), shorter.end(), [&longer](size_t s) {
            return std::binary_search(longer.begin(), longer.end(), s);
        });
        return &m_secrets[both != shorter.end() ? *both
                                                : std::min(local->front(), remote->front())];
    }

  private:
    /// An identity as a key: its type and its data.
    using IdKey = std::pair<uint8_t, IpsecBytes>;

    /// \param id an identity \return its key
    static IdKey Key(const Ikev2Identity& id) { return {uint8_t(id.GetType()), id.GetData()}; }

    /// \param id a connection's identity \return the secrets naming it, ascending, or nullptr
    const std::vector<size_t>* Naming(const Ikev2Identity& id) const
    {
        if (id.IsAny())
        {
            return nullptr;
        }
        auto it = m_byId.find(Key(id));
        return it == m_byId.end() ? nullptr : &it->second;
    }

    const std::vector<Ikev2Config::Secret>& m_secrets; //!< the secrets
    std::map<IdKey, std::vector<size_t>> m_byId;       //!< secrets by identity named
    std::map<std::string, size_t> m_byLabel;           //!< first secret by Solaris label
};

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
    std::vector<const Ikev2Config::Secret*> secrets = config.PskOfEachPeer();
    std::set<std::string> peerNames;
    for (size_t p = 0; p < config.peers.size(); ++p)
    {
        const Ikev2Config::Peer& peer = config.peers[p];
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
        const Ikev2Config::Secret* secret = secrets[p];
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

std::vector<const Ikev2Config::Secret*>
Ikev2Config::PskOfEachPeer() const
{
    SecretIndex index(secrets);
    std::vector<const Secret*> result;
    result.reserve(peers.size());
    for (const Peer& peer : peers)
    {
        result.push_back(index.Find(peer));
    }
    return result;
}

const Ikev2Config::Secret*
Ikev2Config::PskFor(const Peer& peer) const
{
    return SecretIndex(secrets).Find(peer);
}

const IpsecBytes*
Ikev2Config::PskFor(const Peer& peer, KeyUse use) const
{
    return KeyOf(PskFor(peer), use);
}

const IpsecBytes*
Ikev2Config::KeyOf(const Secret* secret, KeyUse use)
{
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
