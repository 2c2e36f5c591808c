/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_PEER_INDEX_H
#define IKEV2_PEER_INDEX_H

/**
 * \file
 * \ingroup ipsec
 * The IKEv2 daemon's index of its configured connections.
 */

#include "ikev2-config.h"
#include "ipsec-address.h"

#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Which connection of a configuration an IKE SA belongs to: the first, in file order,
 * whose local and remote IKE addresses cover the SA's and whose remote identity accepts the
 * peer's (when known), found without scanning every connection.
 *
 * A responder with a connection per peer (a remote_addrs host each) finds the one of an
 * IKE_SA_INIT in one hash lookup, whatever the number of connections. Connections whose remote
 * addresses are not all hosts (none, a subnet, %any) are kept apart, further split by their
 * remote identity for the IKE_AUTH lookup; they are scanned in file order, which is what
 * swanctl's road-warrior connections (one for many peers) cost anyway.
 */
class Ikev2PeerIndex
{
  public:
    /**
     * \brief Index a configuration's connections (replacing what was indexed).
     * \param config the configuration; Find() must be given the same one
     */
    void Build(const Ikev2Config& config);

    /**
     * \param config the configuration Build() indexed
     * \param local our IKE address
     * \param remote the peer's IKE address
     * \param remoteId the peer's identity (IKE_AUTH), or nullptr when not known yet
     * \return the index of the first matching connection in config.peers, or -1
     */
    int32_t Find(const Ikev2Config& config,
                 const IpsecAddress& local,
                 const IpsecAddress& remote,
                 const Ikev2Identity* remoteId) const;

    /**
     * \param peer a connection
     * \param local our IKE address
     * \param remote the peer's IKE address
     * \param remoteId the peer's identity, or nullptr
     * \return true when the connection is one for this IKE SA (what Find() looks for)
     */
    static bool Matches(const Ikev2Config::Peer& peer,
                        const IpsecAddress& local,
                        const IpsecAddress& remote,
                        const Ikev2Identity* remoteId);

  private:
    /// An identity as a key: its type and its data.
    using IdKey = std::pair<uint8_t, IpsecBytes>;
    /// Connection indices, ascending (file order).
    using PeerList = std::vector<uint32_t>;

    /**
     * \param config the configuration
     * \param list connections, ascending
     * \param local our IKE address
     * \param remote the peer's IKE address
     * \param remoteId the peer's identity, or nullptr
     * \return the first of the list that Matches(), or -1
     */
    static int32_t FirstMatch(const Ikev2Config& config,
                              const PeerList& list,
                              const IpsecAddress& local,
                              const IpsecAddress& remote,
                              const Ikev2Identity* remoteId);

    /// Connections whose remote addresses are all hosts, by each of those addresses.
    std::unordered_map<IpsecAddress, PeerList, IpsecAddressHash> m_byRemoteHost;
    PeerList m_others;                      //!< the other connections
    std::map<IdKey, PeerList> m_othersById; //!< of those, the ones with a remote identity
    PeerList m_othersAnyId;                 //!< of those, the ones accepting any identity
};

} // namespace ns3

#endif /* IKEV2_PEER_INDEX_H */
