/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-policy-database.h"

#include "ns3/enum.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SecurityPolicyDatabase");
NS_OBJECT_ENSURE_REGISTERED(SecurityPolicyDatabase);

TypeId
SecurityPolicyDatabase::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::SecurityPolicyDatabase")
              .SetParent<Object>()
              .SetGroupName("Ipsec")
              .AddConstructor<SecurityPolicyDatabase>()
              .AddAttribute("Precedence",
                            "Order in which entries are matched: Illumos (bypass entries first, "
                            "then AH+ESP, ESP, AH, the rest; file order within each) or FirstMatch "
                            "(file order, KAME/setkey).",
                            EnumValue(Precedence::ILLUMOS),
                            MakeEnumAccessor(&SecurityPolicyDatabase::SetPrecedence,
                                             &SecurityPolicyDatabase::GetPrecedence),
                            MakeEnumChecker(Precedence::ILLUMOS,
                                            "Illumos",
                                            Precedence::FIRST_MATCH,
                                            "FirstMatch"));
    return tid;
}

SecurityPolicyDatabase::SecurityPolicyDatabase() = default;

void
SecurityPolicyDatabase::DoDispose()
{
    Flush();
    Object::DoDispose();
}

uint64_t
SecurityPolicyDatabase::PairKey(Ipv4Address local, Ipv4Address remote)
{
    return (uint64_t(local.Get()) << 32) | remote.Get();
}

uint64_t
SecurityPolicyDatabase::Rank(const SecurityPolicy& p) const
{
    uint64_t cls = m_precedence == Precedence::ILLUMOS ? p.PrecedenceClass() : 0;
    return (cls << 56) | p.m_index;
}

void
SecurityPolicyDatabase::InsertSorted(std::vector<Ptr<SecurityPolicy>>& list, Ptr<SecurityPolicy> p)
{
    auto pos = std::upper_bound(
        list.begin(),
        list.end(),
        p->m_rank,
        [](uint64_t rank, const Ptr<SecurityPolicy>& e) { return rank < e->m_rank; });
    list.insert(pos, p);
}

void
SecurityPolicyDatabase::Insert(Ptr<SecurityPolicy> p)
{
    p->m_rank = Rank(*p);
    InsertSorted(m_all, p);
    if (p->IsHostPair())
    {
        m_hostPairs.Insert(PairKey(p->localAddress, p->remoteAddress), {p->m_rank, PeekPointer(p)});
    }
    else
    {
        InsertSorted(m_wildcard, p);
    }
}

uint32_t
SecurityPolicyDatabase::Add(Ptr<SecurityPolicy> policy)
{
    policy->m_id = m_nextId++;
    policy->m_index = m_nextIndex++;
    NS_LOG_FUNCTION(this << policy->ToString());
    Insert(policy);
    return policy->m_id;
}

bool
SecurityPolicyDatabase::Remove(uint32_t id)
{
    auto it = std::find_if(m_all.begin(), m_all.end(), [id](const Ptr<SecurityPolicy>& p) {
        return p->m_id == id;
    });
    if (it == m_all.end())
    {
        return false;
    }
    Ptr<SecurityPolicy> p = *it;
    m_all.erase(it);
    auto drop = [&p](std::vector<Ptr<SecurityPolicy>>& v) {
        v.erase(std::remove(v.begin(), v.end(), p), v.end());
    };
    if (p->IsHostPair())
    {
        m_hostPairs.Remove(PairKey(p->localAddress, p->remoteAddress), PeekPointer(p));
    }
    else
    {
        drop(m_wildcard);
    }
    return true;
}

void
SecurityPolicyDatabase::Flush()
{
    m_all.clear();
    m_wildcard.clear();
    m_hostPairs.Clear();
}

std::vector<Ptr<SecurityPolicy>>
SecurityPolicyDatabase::Dump() const
{
    return m_all;
}

size_t
SecurityPolicyDatabase::GetN() const
{
    return m_all.size();
}

Ptr<SecurityPolicy>
SecurityPolicyDatabase::Lookup(const IpsecFlow& flow,
                               SecurityPolicy::Direction direction,
                               bool forwarded) const
{
    SecurityPolicy* best = nullptr;
    uint64_t bestRank = UINT64_MAX;
    uint32_t count;
    const SecurityPolicyPairIndex::Ranked* pair
        = m_hostPairs.Find(PairKey(flow.local, flow.remote), count);
    for (uint32_t i = 0; i < count; ++i)
    {
        // The index key is both addresses, so only the other selectors are left to check.
        if (pair[i].policy->MatchesBesidesAddresses(flow, direction)
            && (!forwarded || pair[i].policy->AppliesToForwarded()))
        {
            best = pair[i].policy;
            bestRank = pair[i].rank;
            break;
        }
    }
    for (const auto& p : m_wildcard)
    {
        if (p->m_rank >= bestRank)
        {
            break; // sorted by rank: nothing further can win
        }
        if (p->Matches(flow, direction) && (!forwarded || p->AppliesToForwarded()))
        {
            return p;
        }
    }
    return Ptr<SecurityPolicy>(best);
}

void
SecurityPolicyDatabase::SetPrecedence(Precedence precedence)
{
    m_precedence = precedence;
    Rebuild();
}

SecurityPolicyDatabase::Precedence
SecurityPolicyDatabase::GetPrecedence() const
{
    return m_precedence;
}

void
SecurityPolicyDatabase::Rebuild()
{
    std::vector<Ptr<SecurityPolicy>> all = m_all;
    std::sort(all.begin(),
              all.end(),
              [](const Ptr<SecurityPolicy>& a, const Ptr<SecurityPolicy>& b) {
                  return a->m_index < b->m_index;
              });
    Flush();
    for (const auto& p : all)
    {
        Insert(p);
    }
}

} // namespace ns3
