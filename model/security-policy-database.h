/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SECURITY_POLICY_DATABASE_H
#define SECURITY_POLICY_DATABASE_H

#include "security-policy-pair-index.h"
#include "security-policy.h"

#include "ns3/object.h"

#include <array>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The SPD of one node: ordered policy entries with first-match lookup.
 *
 * Precedence (attribute `Precedence`): `Illumos` (default) puts bypass entries first, then
 * AH+ESP, ESP, AH and the rest, each in insertion order; `FirstMatch` is plain insertion order
 * (KAME/setkey). Entries whose addresses are both single hosts live in a hash index by address
 * pair (its key is exact for IPv4 pairs, a hash checked on every hit for IPv6 pairs), so lookup
 * cost does not grow with the number of host-pair entries; entries with a prefix, a zero mask or
 * the any-family mask of an address-less rule (both families) are in per-class wildcard lists.
 * Entries are kept per precedence class in insertion order, so adding one costs the same however
 * many there are; a hash of the selectors finds an entry with given selectors (duplicates,
 * SPDDELETE) at once.
 */
class SecurityPolicyDatabase : public Object
{
  public:
    /// Precedence rules.
    enum Precedence
    {
        ILLUMOS,    //!< bypass wins, then AH+ESP, ESP, AH, rest; file order within each
        FIRST_MATCH //!< file order only
    };

    /// \return the TypeId
    static TypeId GetTypeId();
    SecurityPolicyDatabase();

    /**
     * \brief SPDADD. Like KAME's SPDADD (EEXIST), an entry with the same selectors and direction
     * as one already present is refused. Do not change an entry's selectors once it is added.
     * \param policy the entry (appended after the existing ones)
     * \return its id, or 0 when refused as a duplicate (see FindSameSelectors())
     */
    uint32_t Add(Ptr<SecurityPolicy> policy);
    /**
     * \param policy an entry, in the SPD or not
     * \return the entry of this SPD with the same selectors and direction, or nullptr
     */
    Ptr<SecurityPolicy> FindSameSelectors(const SecurityPolicy& policy) const;
    /**
     * \brief A copy to try changes on before making them here (the entries themselves are
     * shared: SPD operations never change an entry already added).
     * \return the copy
     */
    Ptr<SecurityPolicyDatabase> Snapshot() const;
    /**
     * \brief SPDDELETE.
     * \param id the entry's id
     * \return false when there is no such entry
     */
    bool Remove(uint32_t id);
    /// SPDFLUSH.
    void Flush();
    /// \return SPDDUMP: every entry in precedence order
    std::vector<Ptr<SecurityPolicy>> Dump() const;
    /// \return number of entries
    size_t GetN() const;
    /**
     * \brief The entry that decides a packet.
     * \param flow the packet's selector fields
     * \param direction INBOUND or OUTBOUND
     * \param forwarded a transit packet: only entries that AppliesToForwarded() count
     * \return the first matching entry by precedence, or nullptr
     */
    Ptr<SecurityPolicy> Lookup(const IpsecFlow& flow,
                               SecurityPolicy::Direction direction,
                               bool forwarded = false) const;

    /**
     * \brief Set the precedence rules.
     * \param precedence illumos or first-match
     */
    void SetPrecedence(Precedence precedence);
    /// \return the precedence rules
    Precedence GetPrecedence() const;

  protected:
    /// Flush the entries.
    void DoDispose() override;

  private:
    /// Entries of each precedence class, in insertion order (so each list is sorted by rank).
    using ClassLists
        = std::array<std::vector<Ptr<SecurityPolicy>>, SecurityPolicy::PRECEDENCE_CLASSES>;

    uint8_t ClassOf(const SecurityPolicy& p) const;
    void Insert(Ptr<SecurityPolicy> p);
    void Rebuild();
    static uint64_t PairKey(const IpsecAddress& local, const IpsecAddress& remote);

    Precedence m_precedence{Precedence::ILLUMOS};
    uint32_t m_nextId{1};
    uint64_t m_nextIndex{0};
    size_t m_n{0};                       //!< number of entries
    ClassLists m_all;                    //!< every entry
    ClassLists m_wildcard;               //!< entries with a prefix or any address
    SecurityPolicyPairIndex m_hostPairs; //!< host-pair entries, by rank
    std::unordered_multimap<size_t, SecurityPolicy*> m_bySelectors; //!< by SelectorHash()
};

} // namespace ns3

#endif /* SECURITY_POLICY_DATABASE_H */
