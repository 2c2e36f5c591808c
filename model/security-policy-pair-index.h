/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SECURITY_POLICY_PAIR_INDEX_H
#define SECURITY_POLICY_PAIR_INDEX_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ns3
{

class SecurityPolicy;

/**
 * \ingroup ipsec
 * \brief The SPD's index of host-pair entries: an open-addressing hash table from
 * (local, remote) to the entries for that pair in precedence order.
 *
 * A lookup touches one slot (the key and the best-ranked entry are stored inline) and then the
 * entry itself, so its cost stays flat as the SPD grows to tens of thousands of entries.
 * The index does not own entries; the SPD does.
 */
class SecurityPolicyPairIndex
{
  public:
    /// An entry and its precedence rank (lower wins).
    struct Ranked
    {
        uint64_t rank;          //!< precedence rank
        SecurityPolicy* policy; //!< the entry
    };

    /**
     * \param key the address pair
     * \param entry the entry to add (kept in rank order)
     */
    void Insert(uint64_t key, Ranked entry);
    /**
     * \param key the address pair
     * \param policy the entry to remove
     */
    void Remove(uint64_t key, const SecurityPolicy* policy);
    /// Remove everything.
    void Clear();
    /**
     * \param key the address pair
     * \param count receives the number of entries
     * \return the entries of the pair in rank order, or nullptr
     */
    const Ranked* Find(uint64_t key, uint32_t& count) const;

  private:
    struct Slot
    {
        uint64_t key;
        Ranked first;      //!< the best-ranked entry, inline (the common single-entry case)
        uint32_t overflow; //!< 0, or 1 + index in m_overflow of all the pair's entries
        bool used;
    };

    size_t SlotOf(uint64_t key) const;
    void Grow();

    std::vector<Slot> m_slots;
    std::vector<std::vector<Ranked>> m_overflow;
    std::vector<uint32_t> m_freeOverflow;
    size_t m_used{0};
};

} // namespace ns3

#endif /* SECURITY_POLICY_PAIR_INDEX_H */
