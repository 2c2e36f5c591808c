/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_CONFIG_H
#define IKEV2_CONFIG_H

/**
 * \file
 * \ingroup ipsec
 * The IKEv2 daemon's configuration model: connections (peers) with their Child SAs, and the
 * pre-shared keys. The swanctl.conf reader and the Solaris ikev2.config and ikev2.preshared
 * readers fill it in.
 */

#include "ikev2-config-result.h"
#include "ikev2-identity.h"
#include "ikev2-traffic-selector.h"
#include "ipsec-address-resolver.h"
#include "ipsec-crypto.h"
#include "ipsec-types.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The configuration of an IKEv2 daemon, independent of the file format it came from.
 *
 * Every element keeps the position (line and column of the file named by `source`) it was
 * configured at, so that later checks (Validate(), proposal parsing, checks against the node)
 * report `file:line:column: message` like the readers do. Proposals are kept as the configured
 * text; they are parsed where they are used.
 *
 * Only IKEv2 is modelled (there is no version field), and authentication is by pre-shared key
 * only (RFC 7296 §2.15, shared key message integrity code): every peer authenticates itself and
 * its peer with a key of `secrets`. A swanctl connection finds its key by identities; a Solaris
 * rule (Peer::solaris) by its label, and may use different keys for the AUTH payload it
 * computes and for the one it checks (Secret::localKey, Secret::remoteKey).
 */
class Ikev2Config
{
  public:
    /// A 1-based position in the configuration file (0:0 for elements built in code).
    struct Position
    {
        uint32_t line{0};   //!< 1-based line
        uint32_t column{0}; //!< 1-based column
    };

    /// A configured proposal, as written (`aes128-sha256-modp2048`), and where.
    struct Proposal
    {
        std::string text; //!< the proposal text
        Position where;   //!< the position of its first character
    };

    /// What to do with a Child SA once the configuration is loaded (swanctl start_action).
    enum class StartAction : uint8_t
    {
        NONE,  //!< nothing: wait for the peer, or an explicit initiate
        TRAP,  //!< install trap policies: an ACQUIRE starts the negotiation
        START, //!< initiate at once
    };

    /// What to do with a Child SA when its peer is found dead (swanctl dpd_action).
    enum class DpdAction : uint8_t
    {
        CLEAR,   //!< close it, nothing more
        TRAP,    //!< close it and install trap policies
        RESTART, //!< close it and negotiate it again at once
    };

    /// What to do when the peer closes a Child SA (swanctl close_action).
    enum class CloseAction : uint8_t
    {
        NONE,  //!< nothing
        TRAP,  //!< install trap policies
        START, //!< negotiate it again at once
    };

    /// One Child SA configuration (swanctl `children.NAME`).
    struct Child
    {
        std::string name;                  //!< the child's name
        Position where;                    //!< the position of its name
        IpsecMode mode{IpsecMode::TUNNEL}; //!< tunnel or transport
        /// local traffic selectors; empty = `dynamic`, the local IKE address
        std::vector<Ikev2TrafficSelector> localTs;
        /// remote traffic selectors; empty = `dynamic`, the remote IKE address
        std::vector<Ikev2TrafficSelector> remoteTs;
        std::vector<Proposal> espProposals; //!< ESP proposals; empty = the default
        Time rekeyTime{Hours(1)};           //!< time to rekey after; 0 = never
        Time lifeTime{Seconds(0)};          //!< hard lifetime; 0 = rekeyTime plus 10 %
        Time randTime{Seconds(0)};          //!< rekey jitter; 0 = lifeTime minus rekeyTime
        uint64_t rekeyBytes{0};             //!< bytes to rekey after; 0 = no limit
        uint64_t lifeBytes{0};              //!< hard byte limit; 0 = rekeyBytes plus 10 %
        uint64_t rekeyPackets{0};           //!< packets to rekey after; 0 = no limit
        uint64_t lifePackets{0};            //!< hard packet limit; 0 = rekeyPackets plus 10 %
        uint32_t replayWindow{32};          //!< anti-replay window, packets
        StartAction startAction{StartAction::NONE}; //!< start_action
        DpdAction dpdAction{DpdAction::CLEAR};      //!< dpd_action
        CloseAction closeAction{CloseAction::NONE}; //!< close_action

        /// \return lifeTime, or rekeyTime plus 10 % when lifeTime is 0
        Time EffectiveLifeTime() const;
    };

    /**
     * One connection (swanctl `connections.NAME`, or a Solaris ikev2.config rule): an IKE SA
     * configuration with its children.
     */
    struct Peer
    {
        std::string name; //!< the connection's name (a Solaris rule's label)
        Position where;   //!< the position of its name
        /// local IKE addresses; empty = `%any`; an entry of family NONE is `%any`, 0.0.0.0/0
        /// `%any4`, ::/0 `%any6`
        std::vector<IpsecAddressPrefix> localAddrs;
        /// remote IKE addresses, as localAddrs
        std::vector<IpsecAddressPrefix> remoteAddrs;
        uint16_t localPort{500};            //!< local IKE port
        uint16_t remotePort{500};           //!< remote IKE port
        std::vector<Proposal> ikeProposals; //!< IKE proposals; empty = the default
        Ikev2Identity localId;              //!< local identity; "any" = the local IKE address
        Ikev2Identity remoteId;             //!< identity expected of the peer; "any" = any
        Time rekeyTime{Hours(4)};           //!< IKE SA rekey time; 0 = never
        Time overTime{Seconds(0)};          //!< hard limit after rekeyTime; 0 = 10 % of it
        Time randTime{Seconds(0)};          //!< rekey jitter; 0 = overTime
        Time dpdDelay{Seconds(0)};          //!< liveness check interval; 0 = no DPD
        bool forceEncap{false};             //!< UDP-encapsulate ESP even without a NAT
        uint32_t keyingTries{1};            //!< initiation attempts; 0 = forever
        std::vector<Child> children;        //!< the Child SA configurations
        /// a Solaris ikev2.config rule: its key is the Secret that carries its label (not one
        /// picked by identity), and its Child SAs come from the IPsec policy (children is empty;
        /// childPfs, childLifeTime and childLifeKilobytes apply to them)
        bool solaris{false};
        /// the Diffie-Hellman group of the Child SAs' key exchange (perfect forward secrecy,
        /// Solaris childsa_pfs); 0 = none. swanctl gives it in Child::espProposals instead
        uint16_t childPfs{0};
        /// the hard lifetime of the Child SAs made from the IPsec policy (Solaris
        /// childsa_lifetime_secs); 0 = the daemon's default
        Time childLifeTime{Seconds(0)};
        /// the byte limit of the Child SAs made from the IPsec policy, in kilobytes of 1024
        /// bytes (Solaris childsa_lifetime_kb); 0 = no limit
        uint64_t childLifeKilobytes{0};

        /**
         * \return the identity this peer authenticates with: localId, or, when that is
         *         "any", the first local address that is a single host as an address
         *         identity ("any" when there is none)
         */
        Ikev2Identity EffectiveLocalId() const;
    };

    /// Which AUTH payload a pre-shared key serves.
    enum class KeyUse : uint8_t
    {
        LOCAL_AUTH,  //!< the AUTH payload this node computes
        REMOTE_AUTH, //!< the peer's AUTH payload, checked by this node
    };

    /**
     * One IKE pre-shared key (swanctl `secrets.ike*`, or a Solaris ikev2.preshared entry).
     *
     * `key` serves both AUTH payloads unless localKey or remoteKey is given for one of them.
     */
    struct Secret
    {
        /// the section's name (`ike-gw`); for a Solaris entry, its first label
        std::string name;
        Position where;                  //!< the position of its name
        std::vector<Ikev2Identity> ids;  //!< the identities the key is shared by (swanctl)
        IpsecBytes key;                  //!< the key; empty when only localKey or remoteKey
        std::vector<std::string> labels; //!< the Solaris rules (Peer::name) the key is for
        IpsecBytes localKey;             //!< the key of the AUTH payload we compute; empty = key
        IpsecBytes remoteKey;            //!< the key of the peer's AUTH payload; empty = key

        /**
         * \param use which AUTH payload
         * \return localKey or remoteKey when given, key otherwise (empty when there is none)
         */
        const IpsecBytes& KeyFor(KeyUse use) const;
    };

    std::string source;          //!< the file (or text) name positions refer to
    std::vector<Peer> peers;     //!< the connections, in file order
    std::vector<Secret> secrets; //!< the pre-shared keys, in file order

    /**
     * \brief The secret that authenticates each connection. For a Solaris rule, the first secret
     * whose labels include the rule's name. Otherwise the secret that shares the most identities
     * with (EffectiveLocalId(), remoteId), the first in file order of equal ones; a secret must
     * name at least one of them. Time and memory grow linearly with the connections and the
     * secrets' identities (an index, not a scan of every secret per connection).
     * \return one entry per connection, in the order of peers: its secret, or nullptr when no
     *         secret matches (the pointers are into secrets)
     */
    std::vector<const Secret*> PskOfEachPeer() const;

    /**
     * \brief The secret of one connection, as PskOfEachPeer() chooses it (time linear in the
     * secrets: for many connections, PskOfEachPeer()).
     * \param peer a connection
     * \return the secret, or nullptr when none matches
     */
    const Secret* PskFor(const Peer& peer) const;

    /**
     * \brief The pre-shared key of one AUTH payload of a connection: Secret::KeyFor() of the
     * secret PskFor() picks.
     * \param peer a connection
     * \param use the AUTH payload we compute, or the peer's
     * \return the key, or nullptr when the peer has no secret or its secret no key for that use
     */
    const IpsecBytes* PskFor(const Peer& peer, KeyUse use) const;

    /**
     * \param secret a secret, or nullptr
     * \param use which AUTH payload
     * \return its Secret::KeyFor() that use, or nullptr when there is no secret or no such key
     */
    static const IpsecBytes* KeyOf(const Secret* secret, KeyUse use);

    /**
     * \brief Cross-check the whole configuration: unique connection and child names, IKEv2
     * addresses of one family per connection, traffic selector families that agree, lifetimes
     * longer than the rekey times, no negative times, child PFS groups this model implements,
     * secrets with identities or labels and a key, no label in two secrets, and for every
     * connection a secret with a key for both AUTH payloads.
     * \return ok, or the first problem as `source:line:column: message`
     */
    Ikev2ConfigResult Validate() const;
};

} // namespace ns3

#endif /* IKEV2_CONFIG_H */
