/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-peer-index.h"

#include <algorithm>

namespace ns3
{

namespace
{

/**
 * \param list a connection's IKE addresses (empty: any)
 * \param address an address
 * \return true when the list covers the address
 */
bool
Covers(const std::vector<IpsecAddressPrefix>& list, const IpsecAddress& address)
{
    if (list.empty())
    {
        return true;
    }
    return std::any_of(list.begin(), list.end(), [&address](const IpsecAddressPrefix& p) {
        return p.address.IsNone()
            || (p.address.GetFamily() == address.GetFamily()
                && p.Mask().IsMatch(p.address, address));
    });
}

} // namespace

bool
Ikev2PeerIndex::Matches(const Ikev2Config::Peer& peer,
                        const IpsecAddress& local,
                        const IpsecAddress& remote,
                        const Ikev2Identity* remoteId)
{
    return Covers(peer.localAddrs, local) && Covers(peer.remoteAddrs, remote)
        && (remoteId == nullptr || peer.remoteId.IsAny() || peer.remoteId.Matches(*remoteId));
}

void
Ikev2PeerIndex::Build(const Ikev2Config& config)
{
    m_byRemoteHost.clear();
    m_others.clear();
    m_othersById.clear();
    m_othersAnyId.clear();
    for (uint32_t i = 0; i < config.peers.size(); ++i)
    {
        const Ikev2Config::Peer& peer = config.peers[i];
        bool hosts = !peer.remoteAddrs.empty()
                  && std::all_of(peer.remoteAddrs.begin(),
                                 peer.remoteAddrs.end(),
                                 [](const IpsecAddressPrefix& p) {
                                     return !p.address.IsNone() && p.IsHost();
                                 });
        if (hosts)
        {
            for (const IpsecAddressPrefix& p : peer.remoteAddrs)
            {
                PeerList& list = m_byRemoteHost[p.address];
                if (list.empty() || list.back() != i)
                {
                    list.push_back(i);
                }
            }
            continue;
        }
        m_others.push_back(i);
        if (peer.remoteId.IsAny())
        {
            m_othersAnyId.push_back(i);
        }
        else
        {
            m_othersById[{uint8_t(peer.remoteId.GetType()), peer.remoteId.GetData()}].push_back(i);
        }
    }
}

int32_t
Ikev2PeerIndex::FirstMatch(const Ikev2Config& config,
                           const PeerList& list,
                           const IpsecAddress& local,
                           const IpsecAddress& remote,
                           const Ikev2Identity* remoteId)
{
    for (uint32_t i : list)
    {
        if (Matches(config.peers[i], local, remote, remoteId))
        {
            return int32_t(i);
        }
    }
    return -1;
}

int32_t
Ikev2PeerIndex::Find(const Ikev2Config& config,
                     const IpsecAddress& local,
                     const IpsecAddress& remote,
                     const Ikev2Identity* remoteId) const
{
    // The first match of each candidate list (each in file order); the earliest of them wins.
    int32_t best = -1;
    auto consider = [&](const PeerList& list) {
        int32_t found = FirstMatch(config, list, local, remote, remoteId);
        if (found >= 0 && (best < 0 || found < best))
        {
            best = found;
        }
    };
    auto host = m_byRemoteHost.find(remote);
    if (host != m_byRemoteHost.end())
    {
        consider(host->second);
    }
    if (remoteId == nullptr)
    {
        consider(m_others);
        return best;
    }
    // A connection naming an identity accepts only that identity (never %any).
    if (!remoteId->IsAny())
    {
        auto byId = m_othersById.find({uint8_t(remoteId->GetType()), remoteId->GetData()});
        if (byId != m_othersById.end())
        {
            consider(byId->second);
        }
    }
    consider(m_othersAnyId);
    return best;
}

} // namespace ns3
