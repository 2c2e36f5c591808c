/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-acquire-table.h"

#include "ns3/simulator.h"

#include <vector>

namespace ns3
{

IpsecAcquireTable::~IpsecAcquireTable()
{
    Clear();
}

void
IpsecAcquireTable::SetDropCallback(DropHeld drop)
{
    m_drop = drop;
}

bool
IpsecAcquireTable::ShouldRaise(const Key& key, Time interval)
{
    Time now = Simulator::Now();
    Forget(now, interval);
    auto [it, isNew] = m_records.try_emplace(key);
    if (!isNew && now - it->second.raised < interval)
    {
        return false;
    }
    it->second.raised = now;
    it->second.forgetAt = now + interval;
    m_raised.emplace_back(now, key);
    return true;
}

void
IpsecAcquireTable::Forget(Time now, Time interval)
{
    while (!m_raised.empty() && m_raised.front().first + interval <= now)
    {
        auto it = m_records.find(m_raised.front().second);
        // Unless raised again since, or holding packets (their timer reports them).
        if (it != m_records.end() && it->second.raised == m_raised.front().first
            && it->second.held.empty())
        {
            m_records.erase(it);
        }
        m_raised.pop_front();
    }
}

IpsecAcquireTable::HoldResult
IpsecAcquireTable::Hold(const Key& key,
                        Ptr<const Packet> packet,
                        Retry retry,
                        uint32_t limit,
                        Time wait)
{
    if (limit == 0)
    {
        return HoldResult::DISABLED;
    }
    Record& record = m_records[key];
    if (record.held.size() >= limit)
    {
        return HoldResult::FULL;
    }
    record.held.push_back(Held{packet, retry, Simulator::Now() + wait});
    if (record.timer.IsExpired())
    {
        ArmTimer(key, record);
    }
    return HoldResult::HELD;
}

void
IpsecAcquireTable::ArmTimer(const Key& key, Record& record)
{
    if (!record.held.empty())
    {
        record.timer = Simulator::Schedule(record.held.front().deadline - Simulator::Now(),
                                           &IpsecAcquireTable::Timeout,
                                           this,
                                           key);
    }
}

void
IpsecAcquireTable::Timeout(Key key)
{
    auto it = m_records.find(key);
    if (it == m_records.end())
    {
        return;
    }
    Record& record = it->second;
    Time now = Simulator::Now();
    std::vector<Ptr<const Packet>> expired;
    while (!record.held.empty() && record.held.front().deadline <= now)
    {
        expired.push_back(record.held.front().packet);
        record.held.pop_front();
    }
    if (record.held.empty() && now >= record.forgetAt)
    {
        m_records.erase(it); // Forget() passed it by while it held packets
    }
    else
    {
        ArmTimer(key, record);
    }
    // Reported last: a listener may send, and so change the table.
    for (const auto& packet : expired)
    {
        if (m_drop)
        {
            m_drop(packet, IpsecDropReason::ACQUIRE_TIMEOUT);
        }
    }
}

bool
IpsecAcquireTable::Serves(const SecurityAssociation& sa, const Key& key)
{
    if (key.perFlow)
    {
        IpsecFlow flow;
        flow.local = key.source;
        flow.remote = key.destination;
        flow.protocol = key.flowProtocol;
        flow.localPort = key.localPort;
        flow.remotePort = key.remotePort;
        if (!sa.IsBoundTo(flow))
        {
            return false; // another flow's SA
        }
    }
    return sa.GetProtocol() == key.protocol && sa.GetMode() == key.mode
        && sa.GetDestination() == key.destination
        && (sa.GetSource() == key.source || sa.GetSource().IsAny())
        && (key.policyId == 0 || sa.GetPolicyId() == key.policyId);
}

uint32_t
IpsecAcquireTable::Release(const SecurityAssociation& sa)
{
    if (!sa.IsUsable())
    {
        return 0;
    }
    std::deque<Held> released;
    // The records of the SA's protocol and destination are neighbours (Key's order).
    Key first{sa.GetProtocol(), static_cast<IpsecMode>(0), IpsecAddress(), sa.GetDestination(), 0};
    for (auto it = m_records.lower_bound(first); it != m_records.end()
                                                 && it->first.protocol == sa.GetProtocol()
                                                 && it->first.destination == sa.GetDestination();)
    {
        if (!Serves(sa, it->first))
        {
            ++it;
            continue;
        }
        it->second.timer.Cancel();
        for (auto& h : it->second.held)
        {
            released.push_back(std::move(h));
        }
        it = m_records.erase(it);
    }
    uint32_t n = released.size();
    if (n > 0)
    {
        Simulator::ScheduleNow(&IpsecAcquireTable::RunRetries, std::move(released));
    }
    return n;
}

void
IpsecAcquireTable::RunRetries(std::deque<Held> held)
{
    for (auto& h : held)
    {
        h.retry();
    }
}

size_t
IpsecAcquireTable::GetPending() const
{
    return m_records.size();
}

size_t
IpsecAcquireTable::GetHeld() const
{
    size_t n = 0;
    for (const auto& [key, record] : m_records)
    {
        n += record.held.size();
    }
    return n;
}

void
IpsecAcquireTable::Clear()
{
    for (auto& [key, record] : m_records)
    {
        record.timer.Cancel();
    }
    m_records.clear();
    m_raised.clear();
}

} // namespace ns3
