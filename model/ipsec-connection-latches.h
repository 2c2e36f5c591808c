/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_CONNECTION_LATCHES_H
#define IPSEC_CONNECTION_LATCHES_H

#include "ipsec-flow.h"
#include "security-policy.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <deque>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief What policy decided for a packet: the SPD entry (or a socket's merged entry) to
 * enforce, or a privileged socket's bypass.
 */
struct IpsecPolicyDecision
{
    Ptr<SecurityPolicy> policy; //!< the entry to enforce; null when none matched (DefaultPolicy)
    bool socketBypass = false;  //!< a privileged socket bypasses IPsec altogether
};

/**
 * \ingroup ipsec
 * \brief Latched TCP connections (illumos `ipsec_latch_t`): the policy decisions a connection
 * got when it opened, kept for its lifetime so that later SPD changes affect new connections
 * only.
 *
 * A connection is keyed by its four-tuple seen from this node. Each SYN (without ACK) that
 * passes policy sets the latch again, so the decision that stands is the one of the handshake
 * that established the connection. RST ends a latch at once; after FINs both ways the latch
 * lingers for TIME_WAIT (240 s) so late retransmissions keep their policy, then goes. A
 * connection that never gets past its handshake (no segment without SYN, e.g. spoofed SYNs)
 * loses its latch after the connection-establishment timeout (75 s, BSD's tcp_keepinit), as
 * the stacks drop embryonic connections. Latches expire on a timer, whether traffic flows or
 * not.
 */
class IpsecConnectionLatches
{
  public:
    /// A connection's decisions.
    struct Latch
    {
        IpsecPolicyDecision outbound; //!< for segments this node sends
        IpsecPolicyDecision inbound;  //!< for segments this node receives
        bool finOut = false;          //!< this node sent a FIN
        bool finIn = false;           //!< the peer sent a FIN
        bool established = false;     //!< a segment without SYN was seen: past the handshake
        Time opened;                  //!< when the SYN latched it
    };

    IpsecConnectionLatches() = default;
    ~IpsecConnectionLatches();

    /**
     * \param flow a TCP flow seen from this node
     * \return its latch, or null
     */
    const Latch* Find(const IpsecFlow& flow) const;
    /**
     * \brief Latch a connection (replacing an older latch of the same four-tuple).
     * \param flow the connection's flow seen from this node
     * \param latch the decisions
     * \param now the current time (to retire closed connections)
     */
    void Set(const IpsecFlow& flow, const Latch& latch, Time now);
    /**
     * \brief Follow a segment's SYN, FIN and RST flags.
     * \param flow the segment's flow
     * \param outbound true when this node sends it
     * \param now the current time
     */
    void Observe(const IpsecFlow& flow, bool outbound, Time now);
    /// \return latched connections (closed ones in TIME_WAIT included)
    size_t GetN() const;
    /// Forget every latch.
    void Clear();

    /// How long a closed connection keeps its latch (twice ns-3's 120 s MSL would be longer;
    /// 240 s is the usual BSD TIME_WAIT).
    static constexpr double TIME_WAIT_SECONDS = 240;
    /// How long a connection may stay in its handshake (BSD's TCPTV_KEEP_INIT).
    static constexpr double HANDSHAKE_SECONDS = 75;

  private:
    /// The four-tuple: local address and port, remote address and port.
    struct Key
    {
        IpsecAddress local;  //!< local address
        IpsecAddress remote; //!< remote address
        uint32_t ports;      //!< local port << 16 | remote port

        bool operator==(const Key& o) const
        {
            return ports == o.ports && local == o.local && remote == o.remote;
        }
    };

    /// Hash of a Key.
    struct KeyHash
    {
        size_t operator()(const Key& k) const
        {
            return (k.local.Hash() * 0x9e3779b97f4a7c15ULL) ^ k.remote.Hash()
                 ^ std::hash<uint32_t>()(k.ports);
        }
    };

    static Key KeyOf(const IpsecFlow& flow);
    void Retire();
    void ArmTimer();

    std::unordered_map<Key, Latch, KeyHash> m_latches;
    std::deque<std::pair<Time, Key>> m_closed;    //!< closed connections by closing time
    std::deque<std::pair<Time, Key>> m_handshake; //!< latches by opening time, until established
    size_t m_embryonic{0};                        //!< latches not yet established
    EventId m_timer;                              //!< the next expiry
};

} // namespace ns3

#endif /* IPSEC_CONNECTION_LATCHES_H */
