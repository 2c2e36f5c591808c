/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-acquire-table.h"

#include "ns3/simulator.h"

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
    auto [it, isNew] = m_records.try_emplace(key);
    if (!isNew && now - it->second.raised < interval)
    {
        return false;
    }
    it->second.raised = now;
    return true;
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
    if (!record.timer.IsRunning())
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
    while (!record.held.empty() && record.held.front().deadline <= now)
    {
        Ptr<const Packet> packet = record.held.front().packet;
        record.held.pop_front();
        if (m_drop)
        {
            m_drop(packet, IpsecDropReason::ACQUIRE_TIMEOUT);
        }
    }
    ArmTimer(key, record);
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
        && (sa.GetSource() == key.source || sa.GetSource() == Ipv4Address::GetAny())
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
    for (auto it = m_records.begin(); it != m_records.end();)
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
}

} // namespace ns3
