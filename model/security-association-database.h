/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SECURITY_ASSOCIATION_DATABASE_H
#define SECURITY_ASSOCIATION_DATABASE_H

#include "security-association.h"

#include "ns3/object.h"
#include "ns3/traced-callback.h"

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
 * `<protocol, source, destination>` and prefers the newest MATURE SA over DYING ones.
 */
class SecurityAssociationDatabase : public Object
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    SecurityAssociationDatabase();

    /**
     * \brief ADD: insert an SA (initializing it if needed).
     * \param sa the SA
     * \return empty on success, else the error (e.g. "SPI in use", a bad key)
     */
    std::string Add(Ptr<SecurityAssociation> sa);
    /**
     * \brief UPDATE: replace the SA with the same identity.
     * \param sa the new SA
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
    bool Delete(IpsecProtocol protocol, Ipv4Address destination, uint32_t spi);
    /**
     * \brief GET (and inbound lookup).
     * \param protocol AH or ESP
     * \param destination destination address
     * \param spi SPI
     * \return the SA or nullptr
     */
    Ptr<SecurityAssociation> Get(IpsecProtocol protocol,
                                 Ipv4Address destination,
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
     * \brief Choose the outbound SA for a protection request.
     * \param protocol AH or ESP
     * \param source local address (tunnel: outer source)
     * \param destination remote address (tunnel: outer destination)
     * \param mode transport or tunnel
     * \param policyId setkey `unique:N` binding: only SAs added with `-u N`; 0 = any SA
     * \return the newest usable SA (MATURE preferred over DYING) or nullptr. An SA keyed
     * without a source (ipseckey without `src`) serves any source.
     */
    Ptr<SecurityAssociation> FindOutbound(IpsecProtocol protocol,
                                          Ipv4Address source,
                                          Ipv4Address destination,
                                          IpsecMode mode,
                                          uint32_t policyId = 0) const;
    /// \return true when an SA with this identity exists
    bool Contains(IpsecProtocol protocol, Ipv4Address destination, uint32_t spi) const;

    /// Signature of the SA added/removed traces.
    typedef void (*SaTracedCallback)(Ptr<const SecurityAssociation> sa);

  protected:
    void DoDispose() override;

  private:
    /// Exact identity: protocol plus two 32-bit values (address and SPI, or source and
    /// destination).
    struct Key
    {
        uint8_t protocol;
        uint32_t first;
        uint32_t second;

        bool operator==(const Key& o) const
        {
            return protocol == o.protocol && first == o.first && second == o.second;
        }
    };

    /// Hash of a Key.
    struct KeyHash
    {
        size_t operator()(const Key& k) const
        {
            return std::hash<uint64_t>()((uint64_t(k.first) << 32 | k.second)
                                         ^ (uint64_t(k.protocol) << 56));
        }
    };

    static Key IdentityKey(IpsecProtocol protocol, Ipv4Address address, uint32_t spi);
    static Key PairKey(IpsecProtocol protocol, Ipv4Address source, Ipv4Address destination);
    void Index(Ptr<SecurityAssociation> sa);
    void Unindex(Ptr<SecurityAssociation> sa);

    std::unordered_map<Key, Ptr<SecurityAssociation>, KeyHash> m_byIdentity;
    std::unordered_map<Key, std::vector<Ptr<SecurityAssociation>>, KeyHash> m_byPair;
    std::vector<Ptr<SecurityAssociation>> m_order;
    TracedCallback<Ptr<const SecurityAssociation>> m_addedTrace;
    TracedCallback<Ptr<const SecurityAssociation>> m_removedTrace;
};

} // namespace ns3

#endif /* SECURITY_ASSOCIATION_DATABASE_H */
