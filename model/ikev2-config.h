/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_CONFIG_H
#define IKEV2_CONFIG_H

/**
 * \file
 * \ingroup ipsec
 * The IKEv2 daemon's configuration model: connections (peers) with their Child SAs, and the
 * pre-shared keys. The swanctl.conf reader (and later the Solaris readers) fill it in.
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
 * its peer with a key of `secrets`.
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

    /// One connection (swanctl `connections.NAME`): an IKE SA configuration with its children.
    struct Peer
    {
        std::string name; //!< the connection's name
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

        /**
         * \return the identity this peer authenticates with: localId, or, when that is
         *         "any", the first local address that is a single host as an address
         *         identity ("any" when there is none)
         */
        Ikev2Identity EffectiveLocalId() const;
    };

    /// One IKE pre-shared key (swanctl `secrets.ike*`).
    struct Secret
    {
        std::string name;               //!< the section's name (`ike-gw`)
        Position where;                 //!< the position of its name
        std::vector<Ikev2Identity> ids; //!< the identities the key is shared by
        IpsecBytes key;                 //!< the key
    };

    std::string source;          //!< the file (or text) name positions refer to
    std::vector<Peer> peers;     //!< the connections, in file order
    std::vector<Secret> secrets; //!< the pre-shared keys, in file order

    /**
     * \brief The key that authenticates a peer: the secret that shares the most identities
     * with (EffectiveLocalId(), remoteId); a secret must match at least one of them.
     * \param peer a connection
     * \return the secret, or nullptr when none matches (the first of equal candidates wins)
     */
    const Secret* PskFor(const Peer& peer) const;

    /**
     * \brief Cross-check the whole configuration: unique connection and child names, IKEv2
     * addresses of one family per connection, traffic selector families that agree, lifetimes
     * longer than the rekey times, secrets with identities and a key, and a secret for every
     * connection.
     * \return ok, or the first problem as `source:line:column: message`
     */
    Ikev2ConfigResult Validate() const;
};

} // namespace ns3

#endif /* IKEV2_CONFIG_H */
