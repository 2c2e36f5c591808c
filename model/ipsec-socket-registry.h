/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_SOCKET_REGISTRY_H
#define IPSEC_SOCKET_REGISTRY_H

#include "ipsec-flow.h"
#include "ipsec-settings.h"
#include "ipsec-socket-policy-index.h"
#include "ipsec-socket-policy.h"

#include "ns3/socket.h"

namespace ns3
{

class IpsecL3Protocol;

/**
 * \ingroup ipsec
 * \brief The per-socket policies of a node (OpenBSD `IP_*_LEVEL`, Solaris `IP_SEC_OPT`): which
 * socket a packet belongs to, found by protocol and port (IpsecSocketPolicyIndex), and the
 * node's default socket levels for sockets without a policy of their own.
 */
class IpsecSocketRegistry
{
  public:
    /**
     * \param layer the node's IPsec layer, which socket policies ask about latches and the SPD
     *        (null without a node, in unit tests)
     * \param settings the node's settings (default socket levels)
     */
    IpsecSocketRegistry(IpsecL3Protocol* layer, const IpsecSettings& settings);

    /**
     * \brief Give a UDP or TCP socket of the node its policy object.
     * \param socket the socket
     * \param privileged whether its owner may bypass or lower the node's levels
     * \return the socket's policy (the existing one if it has one)
     */
    Ptr<IpsecSocketPolicy> Attach(Ptr<Socket> socket, bool privileged);

    /**
     * \param policy a policy whose socket is gone
     */
    void Detach(IpsecSocketPolicy* policy);

    /// \return the policies of live sockets
    size_t GetCount() const;

    /**
     * \param flow a TCP or UDP packet's flow (local = this node)
     * \return the policy of the socket it belongs to, the node's default-levels policy when
     *         those are raised, or null
     */
    IpsecSocketPolicy* PolicyFor(const IpsecFlow& flow);

    /// Forget every policy (the sockets may outlive the node's IPsec layer).
    void Clear();

    /// \return true when no socket of the node has a policy object
    bool IsEmpty() const;

  private:
    IpsecL3Protocol* m_layer;                                   //!< the node's IPsec layer
    const IpsecSettings& m_settings;                            //!< default levels
    mutable IpsecSocketPolicyIndex m_index;                     //!< by protocol and port
    Ptr<IpsecSocketPolicy> m_defaults;                          //!< sockets without a policy
    uint32_t m_nextUniqueId{IpsecSocketPolicy::UNIQUE_ID_BASE}; //!< next socket's unique SA id
};

} // namespace ns3

#endif /* IPSEC_SOCKET_REGISTRY_H */
