/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_SOCKET_POLICY_INDEX_H
#define IPSEC_SOCKET_POLICY_INDEX_H

#include "ipsec-flow.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

class IpsecSocketPolicy;

/**
 * \ingroup ipsec
 * \brief A node's per-socket policies, indexed like the transport demultiplexer: by protocol and
 * bound local port, so finding a packet's socket costs the same however many sockets there are.
 *
 * The index does not own the policies (each is aggregated to its socket and removes itself
 * when disposed). A policy attached before its socket is bound waits aside until the socket
 * has a port. One whose socket has closed (no port any more) is dropped when a packet meets it,
 * by Prune(), and by the prune Add() runs each time the index has doubled since the last one
 * (ns-3.37's UDP keeps closed sockets alive, so their disposal cannot be waited for).
 */
class IpsecSocketPolicyIndex
{
  public:
    /// \param policy a policy to index (its socket bound or not)
    void Add(IpsecSocketPolicy* policy);
    /// \param policy a policy to forget (nothing happens if it is not indexed)
    void Remove(IpsecSocketPolicy* policy);
    /**
     * \param flow a TCP or UDP flow seen from this node
     * \return the policy whose socket matches it best (IpsecSocketPolicy::Match), or null
     */
    IpsecSocketPolicy* Find(const IpsecFlow& flow);
    /// \return the policies indexed (sockets not yet bound included)
    std::vector<IpsecSocketPolicy*> GetAll() const;
    /// \return number of policies indexed
    size_t GetN() const;
    /// Drop the policies whose sockets have closed.
    void Prune();
    /// Forget every policy.
    void Clear();

  private:
    static constexpr uint32_t UNBOUND = 0xffffffff; //!< the key of a socket without a port

    static uint32_t KeyOf(uint8_t protocol, uint16_t port);
    void Place(IpsecSocketPolicy* policy);
    void Unplace(IpsecSocketPolicy* policy, uint32_t key);
    void SettleUnbound();
    void Recheck(const std::vector<IpsecSocketPolicy*>& moved);

    std::unordered_map<uint32_t, std::vector<IpsecSocketPolicy*>> m_byPort; //!< by KeyOf()
    std::vector<IpsecSocketPolicy*> m_unbound;                              //!< not bound yet
    std::unordered_map<IpsecSocketPolicy*, uint32_t> m_keys;                //!< where each one is
    size_t m_prunedAt{0}; //!< entries after the last prune
};

} // namespace ns3

#endif /* IPSEC_SOCKET_POLICY_INDEX_H */
