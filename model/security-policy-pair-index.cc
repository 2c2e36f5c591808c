/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-policy-pair-index.h"

#include <algorithm>

namespace ns3
{

namespace
{
uint64_t
Mix(uint64_t key)
{
    // splitmix64 finalizer: addresses of one subnet differ in few bits.
    key ^= key >> 30;
    key *= 0xbf58476d1ce4e5b9ULL;
    key ^= key >> 27;
    key *= 0x94d049bb133111ebULL;
    return key ^ (key >> 31);
}
} // namespace

size_t
SecurityPolicyPairIndex::SlotOf(uint64_t key) const
{
    size_t mask = m_slots.size() - 1;
    size_t i = Mix(key) & mask;
    while (m_slots[i].used && m_slots[i].key != key)
    {
        i = (i + 1) & mask;
    }
    return i;
}

void
SecurityPolicyPairIndex::Grow()
{
    std::vector<Slot> old;
    old.swap(m_slots);
    m_slots.assign(std::max<size_t>(16, old.size() * 2), Slot{0, {0, nullptr}, 0, false});
    for (const Slot& s : old)
    {
        if (s.used)
        {
            m_slots[SlotOf(s.key)] = s;
        }
    }
}

void
SecurityPolicyPairIndex::Insert(uint64_t key, Ranked entry)
{
    if ((m_used + 1) * 2 > m_slots.size())
    {
        Grow();
    }
    Slot& slot = m_slots[SlotOf(key)];
    if (!slot.used)
    {
        slot = Slot{key, entry, 0, true};
        ++m_used;
        return;
    }
    if (slot.overflow == 0)
    {
        uint32_t index;
        if (!m_freeOverflow.empty())
        {
            index = m_freeOverflow.back();
            m_freeOverflow.pop_back();
        }
        else
        {
            index = static_cast<uint32_t>(m_overflow.size());
            m_overflow.emplace_back();
        }
        m_overflow[index] = {slot.first};
        slot.overflow = index + 1;
    }
    std::vector<Ranked>& all = m_overflow[slot.overflow - 1];
    auto pos
        = std::upper_bound(all.begin(), all.end(), entry.rank, [](uint64_t rank, const Ranked& e) {
              return rank < e.rank;
          });
    all.insert(pos, entry);
    slot.first = all.front();
}

void
SecurityPolicyPairIndex::Remove(uint64_t key, const SecurityPolicy* policy)
{
    if (m_slots.empty())
    {
        return;
    }
    size_t i = SlotOf(key);
    Slot& slot = m_slots[i];
    if (!slot.used)
    {
        return;
    }
    if (slot.overflow != 0)
    {
        std::vector<Ranked>& all = m_overflow[slot.overflow - 1];
        all.erase(std::remove_if(all.begin(),
                                 all.end(),
                                 [policy](const Ranked& e) { return e.policy == policy; }),
                  all.end());
        if (!all.empty())
        {
            slot.first = all.front();
            if (all.size() == 1)
            {
                m_freeOverflow.push_back(slot.overflow - 1);
                slot.overflow = 0;
            }
            return;
        }
        m_freeOverflow.push_back(slot.overflow - 1);
        slot.overflow = 0;
    }
    else if (slot.first.policy != policy)
    {
        return;
    }
    // Backward-shift deletion keeps every probe sequence unbroken.
    size_t mask = m_slots.size() - 1;
    size_t hole = i;
    for (size_t j = (i + 1) & mask; m_slots[j].used; j = (j + 1) & mask)
    {
        size_t home = Mix(m_slots[j].key) & mask;
        if (((j - home) & mask) >= ((j - hole) & mask))
        {
            m_slots[hole] = m_slots[j];
            hole = j;
        }
    }
    m_slots[hole].used = false;
    --m_used;
}

void
SecurityPolicyPairIndex::Clear()
{
    m_slots.clear();
    m_overflow.clear();
    m_freeOverflow.clear();
    m_used = 0;
}

const SecurityPolicyPairIndex::Ranked*
SecurityPolicyPairIndex::Find(uint64_t key, uint32_t& count) const
{
    count = 0;
    if (m_slots.empty())
    {
        return nullptr;
    }
    const Slot& slot = m_slots[SlotOf(key)];
    if (!slot.used)
    {
        return nullptr;
    }
    if (slot.overflow == 0)
    {
        count = 1;
        return &slot.first;
    }
    const std::vector<Ranked>& all = m_overflow[slot.overflow - 1];
    count = static_cast<uint32_t>(all.size());
    return all.data();
}

} // namespace ns3
