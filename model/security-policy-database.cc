/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-policy-database.h"

#include "ipsec-config-generation.h"
#include "ipsec-enum-checker.h"

#include "ns3/enum.h"
#include "ns3/log.h"

#include <algorithm>
#include <cstring>

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
              .AddAttribute(
                  "Precedence",
                  "Order in which entries are matched: Illumos (bypass entries first, "
                  "then AH+ESP, ESP, AH, the rest; file order within each) or FirstMatch "
                  "(file order, KAME/setkey).",
                  EnumValue(Precedence::ILLUMOS),
                  IPSEC_ENUM_ACCESSOR(Precedence,
                                      &SecurityPolicyDatabase::SetPrecedence,
                                      &SecurityPolicyDatabase::GetPrecedence),
                  MakeIpsecEnumChecker<Precedence>(
                      {{Precedence::ILLUMOS, "Illumos"}, {Precedence::FIRST_MATCH, "FirstMatch"}}));
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
SecurityPolicyDatabase::PairKey(const IpsecAddress& local, const IpsecAddress& remote)
{
    if (local.IsIpv4() && remote.IsIpv4())
    {
        uint32_t l;
        uint32_t r;
        std::memcpy(&l, local.GetBytes(), 4);
        std::memcpy(&r, remote.GetBytes(), 4);
        return (uint64_t(l) << 32) | r; // exact for IPv4 pairs
    }
    return local.Hash() * 0x9e3779b97f4a7c15ULL ^ remote.Hash(); // may collide: Lookup checks
}

uint8_t
SecurityPolicyDatabase::ClassOf(const SecurityPolicy& p) const
{
    return m_precedence == Precedence::ILLUMOS ? p.PrecedenceClass() : 0;
}

void
SecurityPolicyDatabase::Insert(Ptr<SecurityPolicy> p)
{
    IpsecConfigGeneration::Bump();
    uint8_t cls = ClassOf(*p);
    p->m_rank = (uint64_t(cls) << 56) | p->m_index;
    m_all[cls].push_back(p); // indices only grow: appending keeps each class sorted
    if (p->IsHostPair())
    {
        m_hostPairs.Insert(PairKey(p->localAddress, p->remoteAddress), {p->m_rank, PeekPointer(p)});
    }
    else
    {
        m_wildcard[cls].push_back(p);
    }
    m_bySelectors.emplace(p->SelectorHash(), PeekPointer(p));
    ++m_n;
}

uint32_t
SecurityPolicyDatabase::Add(Ptr<SecurityPolicy> policy)
{
    NS_LOG_FUNCTION(this << policy->ToString());
    if (FindSameSelectors(*policy))
    {
        return 0;
    }
    policy->m_id = m_nextId++;
    policy->m_index = m_nextIndex++;
    Insert(policy);
    return policy->m_id;
}

Ptr<SecurityPolicy>
SecurityPolicyDatabase::FindSameSelectors(const SecurityPolicy& policy) const
{
    auto [first, last] = m_bySelectors.equal_range(policy.SelectorHash());
    for (auto it = first; it != last; ++it)
    {
        if (it->second->HasSameSelectors(policy))
        {
            return Ptr<SecurityPolicy>(it->second);
        }
    }
    return nullptr;
}

Ptr<SecurityPolicyDatabase>
SecurityPolicyDatabase::Snapshot() const
{
    Ptr<SecurityPolicyDatabase> copy = CreateObject<SecurityPolicyDatabase>();
    copy->m_precedence = m_precedence;
    copy->m_nextId = m_nextId;
    copy->m_nextIndex = m_nextIndex;
    copy->m_n = m_n;
    copy->m_all = m_all;
    copy->m_wildcard = m_wildcard;
    copy->m_hostPairs = m_hostPairs;
    copy->m_bySelectors = m_bySelectors;
    return copy;
}

bool
SecurityPolicyDatabase::Remove(uint32_t id)
{
    IpsecConfigGeneration::Bump();
    for (auto& list : m_all)
    {
        auto it = std::find_if(list.begin(), list.end(), [id](const Ptr<SecurityPolicy>& p) {
            return p->m_id == id;
        });
        if (it == list.end())
        {
            continue;
        }
        Ptr<SecurityPolicy> p = *it;
        list.erase(it);
        if (p->IsHostPair())
        {
            m_hostPairs.Remove(PairKey(p->localAddress, p->remoteAddress), PeekPointer(p));
        }
        else
        {
            auto& wildcard = m_wildcard[ClassOf(*p)];
            wildcard.erase(std::remove(wildcard.begin(), wildcard.end(), p), wildcard.end());
        }
        auto [first, last] = m_bySelectors.equal_range(p->SelectorHash());
        for (auto e = first; e != last; ++e)
        {
            if (e->second == PeekPointer(p))
            {
                m_bySelectors.erase(e);
                break;
            }
        }
        --m_n;
        return true;
    }
    return false;
}

void
SecurityPolicyDatabase::Flush()
{
    IpsecConfigGeneration::Bump();
    for (auto& list : m_all)
    {
        list.clear();
    }
    for (auto& list : m_wildcard)
    {
        list.clear();
    }
    m_hostPairs.Clear();
    m_bySelectors.clear();
    m_n = 0;
}

std::vector<Ptr<SecurityPolicy>>
SecurityPolicyDatabase::Dump() const
{
    std::vector<Ptr<SecurityPolicy>> all;
    all.reserve(m_n);
    for (const auto& list : m_all)
    {
        all.insert(all.end(), list.begin(), list.end());
    }
    return all;
}

size_t
SecurityPolicyDatabase::GetN() const
{
    return m_n;
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
        // The key of a pair with an IPv6 side is a hash, which may collide: check everything.
        if (pair[i].policy->Matches(flow, direction)
            && (!forwarded || pair[i].policy->AppliesToForwarded()))
        {
            best = pair[i].policy;
            bestRank = pair[i].rank;
            break;
        }
    }
    for (const auto& list : m_wildcard)
    {
        for (const auto& p : list)
        {
            if (p->m_rank >= bestRank)
            {
                return Ptr<SecurityPolicy>(best); // by rank: nothing further can win
            }
            if (p->Matches(flow, direction) && (!forwarded || p->AppliesToForwarded()))
            {
                return p;
            }
        }
    }
    return Ptr<SecurityPolicy>(best);
}

void
SecurityPolicyDatabase::SetPrecedence(Precedence precedence)
{
    IpsecConfigGeneration::Bump();
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
    std::vector<Ptr<SecurityPolicy>> all = Dump();
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
