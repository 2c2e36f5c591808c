/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_ECHO_MEMORY_H
#define IPSEC_ECHO_MEMORY_H

#include "ipsec-flow.h"
#include "ipsec-inbound-tag.h"

#include <deque>
#include <map>
#include <tuple>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief How recent ICMP echo requests were protected, so that the reply is protected the same
 * way (illumos `icmp_accept_clear_messages`: a reply mirrors its request).
 *
 * Bounded: the oldest of CAPACITY requests is forgotten first; seeing a request again updates
 * its layers without making it younger.
 */
class IpsecEchoMemory
{
  public:
    /// Requests remembered at most.
    static constexpr size_t CAPACITY = 4096;

    /**
     * \param request an inbound echo request's flow (remote = its sender)
     * \param layers what protected it
     */
    void Remember(const IpsecFlow& request, const IpsecInboundTag& layers);

    /**
     * \param reply an outbound echo reply's flow (remote = the request's sender)
     * \return the layers of its request, or null if unknown
     */
    const IpsecInboundTag* Find(const IpsecFlow& reply) const;

    /// Forget every request.
    void Clear();

  private:
    /// A request: its sender, identifier and sequence number.
    struct Key
    {
        IpsecAddress peer; //!< the sender
        uint16_t id;       //!< ICMP identifier
        uint16_t seq;      //!< ICMP sequence number

        /**
         * \param o another key
         * \return the order of keys
         */
        bool operator<(const Key& o) const
        {
            return std::tie(peer, id, seq) < std::tie(o.peer, o.id, o.seq);
        }
    };

    std::map<Key, IpsecInboundTag> m_layers; //!< by request
    std::deque<Key> m_order;                 //!< oldest first
};

} // namespace ns3

#endif /* IPSEC_ECHO_MEMORY_H */
