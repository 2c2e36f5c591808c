/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SECURITY_ASSOCIATION_DATABASE_H
#define SECURITY_ASSOCIATION_DATABASE_H

#include "ipsec-flow.h"
#include "security-association.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The SADB of one node: SAs keyed by `<protocol, destination, SPI>`, with the PF_KEY-style
 * operations ADD, UPDATE, DELETE, GET, FLUSH and DUMP.
 *
 * Inbound lookup is a hash lookup (constant time); outbound selection uses an index by
 * `<protocol, source, destination>` and prefers the newest MATURE SA over DYING ones (or, with
 * `PreferOldSa`, the BSD choice: the oldest, DYING first).
 *
 * The SADB enforces lifetimes in simulated time (RFC 2367 §2.3.3). Add-time counts
 * from the moment the SA gets its keys (ADD, or UPDATE of a larval SA), use-time from its first
 * packet; both fire at exactly that many seconds. Byte and allocation (packet) limits are
 * checked after each packet is counted, so the packet that reaches a limit is still processed.
 * A soft limit makes a MATURE SA DYING and fires `SaExpired` (soft); a hard limit, or an
 * exhausted sequence counter, fires `SaExpired` (hard) and then deletes the SA. A larval SA
 * (GETSPI) that is not updated within `LarvalLifetime` is deleted.
 */
class SecurityAssociationDatabase : public Object
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    SecurityAssociationDatabase();

    /**
     * \brief ADD: insert an SA (initializing it if needed). A LARVAL SA becomes MATURE, as
     * SADB_ADD makes it; a DEAD one is refused.
     * \param sa the SA
     * \return empty on success, else the error (e.g. "SPI in use", a bad key)
     */
    std::string Add(Ptr<SecurityAssociation> sa);
    /**
     * \brief Reserve an SPI: add a LARVAL SA (no keys, unusable) for GETSPI. It is deleted
     * after `LarvalLifetime` unless an UPDATE gives it keys first.
     * \param protocol AH or ESP
     * \param source its source address
     * \param destination its destination address (the identity)
     * \param spi the SPI
     * \return empty on success, else the error ("SPI in use", reserved SPI)
     */
    std::string AddLarval(IpsecProtocol protocol,
                          const IpsecAddress& source,
                          const IpsecAddress& destination,
                          uint32_t spi);
    /**
     * \brief UPDATE: replace the SA with the same identity, or take note of changes made to the
     * stored SA object itself. A larval SA that becomes mature starts its life now; a mature
     * SA updated in place keeps its creation time and counters, and its timers follow the new
     * lifetimes (a limit already passed expires it at once). Changes made in place are checked
     * (SecurityAssociation::Check(); an SA whose keys changed is initialized again), and one set
     * DEAD is deleted. An SA that is not LARVAL must have keys: a keyless one is refused.
     * \param sa the new SA, or the stored one after changes
     * \return empty on success, else the error ("no such SA", bad parameters)
     */
    std::string Update(Ptr<SecurityAssociation> sa);
    /**
     * \brief DELETE.
     * \param protocol AH or ESP
     * \param destination destination address
     * \param spi SPI
     * \return false when there is no such SA
     */
    bool Delete(IpsecProtocol protocol, const IpsecAddress& destination, uint32_t spi);
    /**
     * \brief GET (and inbound lookup).
     * \param protocol AH or ESP
     * \param destination destination address
     * \param spi SPI
     * \return the SA or nullptr
     */
    Ptr<SecurityAssociation> Get(IpsecProtocol protocol,
                                 const IpsecAddress& destination,
                                 uint32_t spi) const;
    /**
     * \brief FLUSH all SAs, or those of one protocol.
     * \param protocol restrict to this protocol when given
     */
    void Flush(std::optional<IpsecProtocol> protocol = std::nullopt);
    /// \return DUMP: every SA, in insertion order
    std::vector<Ptr<SecurityAssociation>> Dump() const;
    /// \return number of SAs
    size_t GetN() const;

    /**
     * \brief Whether UDP datagrams to this address and port carry ESP (RFC 3948): some
     * UDP-encapsulated SA has them as its destination and destination port.
     * \param address a datagram's destination
     * \param port its UDP destination port
     * \return true when the datagram is ESP in UDP (unless it starts with the non-ESP marker)
     */
    bool IsEncapsulationEndpoint(const IpsecAddress& address, uint16_t port) const;
    /// \return true when any SA is UDP-encapsulated (a cheap test before the one above)
    bool HasEncapsulatedSas() const;

    /**
     * \brief Choose the outbound SA for a protection request.
     * \param protocol AH or ESP
     * \param source local address (tunnel: outer source)
     * \param destination remote address (tunnel: outer destination)
     * \param mode transport or tunnel
     * \param policyId setkey `unique:N` binding: only SAs added with `-u N`; 0 = any SA
     * \param flow the outbound packet's flow, when known: SAs whose own selectors (ipseckey
     * `proto sport dport isrc idst`) exclude it are skipped, as the peer would refuse the packet
     * \param perFlow ipsecconf `sa unique`: only an SA bound to exactly this flow (selectors with
     * its protocol and both its ports) will do
     * \return the newest usable SA, MATURE preferred over DYING (with `PreferOldSa`: the
     * oldest, DYING preferred), or nullptr. An SA keyed without a source (ipseckey without
     * `src`) serves any source.
     */
    Ptr<SecurityAssociation> FindOutbound(IpsecProtocol protocol,
                                          const IpsecAddress& source,
                                          const IpsecAddress& destination,
                                          IpsecMode mode,
                                          uint32_t policyId = 0,
                                          const IpsecFlow* flow = nullptr,
                                          bool perFlow = false) const;
    /**
     * \brief A copy to try changes on before making them here: the same attributes and a copy
     * of every SA (sharing its crypto engines: a snapshot processes no packets), whose lifetimes
     * do not run (no events are scheduled for it, and its traces have no listeners). SAs given
     * to a snapshot's Add() or Update() are copied too, so changes to a snapshot leave this
     * SADB, and the caller's SAs, untouched.
     * \return the snapshot
     */
    Ptr<SecurityAssociationDatabase> Snapshot() const;
    /**
     * \brief Is an SA identity taken?
     * \param protocol AH or ESP
     * \param destination destination address
     * \param spi SPI
     * \return true when an SA with this identity exists (larval ones included)
     */
    bool Contains(IpsecProtocol protocol, const IpsecAddress& destination, uint32_t spi) const;

    /**
     * \brief Account a packet processed with an SA and enforce its byte and allocation limits
     * (and start its use-time clock on first use).
     * \param sa the SA
     * \param bytes the bytes it protected or verified
     */
    void RecordUse(Ptr<SecurityAssociation> sa, uint32_t bytes);
    /**
     * \brief Expire an SA now: soft makes a MATURE SA DYING; hard kills and deletes it. Each
     * fires `SaExpired` once (a soft expiry of a DYING SA does nothing).
     * \param sa the SA
     * \param hard hard (true) or soft expiry
     * \param limit the limit reached
     */
    void Expire(Ptr<SecurityAssociation> sa, bool hard, SecurityAssociation::Limit limit);

    /// Signature of the SA added/removed traces.
    typedef void (*SaTracedCallback)(Ptr<const SecurityAssociation> sa);
    /// Signature of the SaExpired trace: the SA (counters as at expiry), hard or soft, which limit.
    typedef void (*ExpireTracedCallback)(Ptr<const SecurityAssociation> sa,
                                         bool hard,
                                         SecurityAssociation::Limit limit);

    /**
     * \brief The PreferOldSa attribute's setter.
     * \param preferOld true for the BSD choice (the oldest SA, DYING first)
     */
    void SetPreferOldSa(bool preferOld);
    /// \return the PreferOldSa attribute
    bool GetPreferOldSa() const;

  protected:
    /// Cancel every lifetime timer and forget the SAs (no traces fire).
    void DoDispose() override;

  private:
    /// An SA's identity: protocol, destination and SPI (RFC 4301 section 4.1).
    struct Identity
    {
        uint8_t protocol;         //!< AH or ESP
        IpsecAddress destination; //!< the SA's destination
        uint32_t spi;             //!< its SPI

        bool operator==(const Identity& o) const
        {
            return protocol == o.protocol && spi == o.spi && destination == o.destination;
        }
    };

    /// The endpoints outbound lookups search by: protocol, source and destination.
    struct Pair
    {
        uint8_t protocol;         //!< AH or ESP
        IpsecAddress source;      //!< the SA's source
        IpsecAddress destination; //!< its destination

        bool operator==(const Pair& o) const
        {
            return protocol == o.protocol && source == o.source && destination == o.destination;
        }
    };

    /// Hash of an Identity or a Pair.
    struct KeyHash
    {
        size_t operator()(const Identity& k) const
        {
            return k.destination.Hash()
                 ^ ((uint64_t(k.spi) << 8 | k.protocol) * 0x9e3779b97f4a7c15ULL);
        }

        size_t operator()(const Pair& k) const
        {
            return k.destination.Hash() ^ (k.source.Hash() * 0x9e3779b97f4a7c15ULL) ^ k.protocol;
        }
    };

    /// Count \p sa's encapsulation endpoint (none when it is not UDP-encapsulated).
    void CountEndpoint(Ptr<SecurityAssociation> sa);
    /// Take back what CountEndpoint() counted for \p sa.
    void UncountEndpoint(Ptr<SecurityAssociation> sa);
    static Identity IdentityKey(IpsecProtocol protocol, const IpsecAddress& address, uint32_t spi);
    static Pair PairKey(IpsecProtocol protocol,
                        const IpsecAddress& source,
                        const IpsecAddress& destination);
    /// Pending lifetime events of one SA.
    struct Timers
    {
        EventId softAdd;
        EventId hardAdd;
        EventId softUse;
        EventId hardUse;
        EventId larval;

        void Cancel();
    };

    void Index(Ptr<SecurityAssociation> sa);
    void Unindex(Ptr<SecurityAssociation> sa);
    void Remove(Ptr<SecurityAssociation> sa, bool notify = true);
    void Arm(Ptr<SecurityAssociation> sa);
    void ArmUseTime(Ptr<SecurityAssociation> sa, Timers& timers);
    void CheckVolume(Ptr<SecurityAssociation> sa);
    void Schedule(EventId& event,
                  Time from,
                  uint64_t seconds,
                  Ptr<SecurityAssociation> sa,
                  bool hard,
                  SecurityAssociation::Limit limit);
    void LarvalTimeout(Ptr<SecurityAssociation> sa);

    std::unordered_map<Identity, Ptr<SecurityAssociation>, KeyHash> m_byIdentity;
    /// UDP-encapsulated SAs by (destination, destination port): what arrives there is ESP
    std::map<std::pair<IpsecAddress, uint16_t>, uint32_t> m_encapEndpoints;
    std::unordered_map<Pair, std::vector<Ptr<SecurityAssociation>>, KeyHash> m_byPair;
    std::vector<Ptr<SecurityAssociation>> m_order;
    std::unordered_map<Identity, Timers, KeyHash> m_timers;
    bool m_preferOld{false};
    bool m_inert{false}; //!< a Snapshot(): lifetimes do not run
    Time m_larvalLifetime;
    TracedCallback<Ptr<const SecurityAssociation>> m_addedTrace;
    TracedCallback<Ptr<const SecurityAssociation>> m_removedTrace;
    TracedCallback<Ptr<const SecurityAssociation>, bool, SecurityAssociation::Limit> m_expiredTrace;
};

} // namespace ns3

#endif /* SECURITY_ASSOCIATION_DATABASE_H */
