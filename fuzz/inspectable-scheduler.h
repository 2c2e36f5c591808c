/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief A simulator event queue the harnesses can look into, shared by node-receive and the
 * config harnesses.
 */
#ifndef IPSEC_FUZZ_INSPECTABLE_SCHEDULER_H
#define IPSEC_FUZZ_INSPECTABLE_SCHEDULER_H

#include "ns3/event-impl.h"
#include "ns3/scheduler.h"

#include <map>

namespace ipsecfuzz
{

/**
 * \brief The simulator's event queue (ordered like ns-3's MapScheduler) with a look inside:
 * after a run stops, Live() tells whether events that would still run are left; and
 * PurgeCancelled() frees cancelled events at once.
 *
 * ns-3 leaves a cancelled event in the queue until its time comes. A harness that never runs
 * the simulator (the config harnesses: SA lifetimes are timers) would otherwise accumulate them,
 * and libFuzzer, seeing more allocations than frees in every input, would scan the heap for
 * leaks after each one.
 *
 * Select it with GlobalValue::Bind("SchedulerType", TypeIdValue(GetTypeId())) before the
 * simulator is first used.
 */
class InspectableScheduler : public ns3::Scheduler
{
  public:
    /// \return the TypeId
    static ns3::TypeId GetTypeId()
    {
        static ns3::TypeId tid = ns3::TypeId("ns3::IpsecFuzzInspectableScheduler")
                                     .SetParent<ns3::Scheduler>()
                                     .AddConstructor<InspectableScheduler>();
        return tid;
    }

    InspectableScheduler() { Current() = this; }

    ~InspectableScheduler() override
    {
        if (Current() == this)
        {
            Current() = nullptr;
        }
    }

    void Insert(const Event& ev) override { m_events.emplace(ev.key, ev.impl); }

    bool IsEmpty() const override { return m_events.empty(); }

    Event PeekNext() const override
    {
        auto it = m_events.begin();
        return Event{it->second, it->first};
    }

    Event RemoveNext() override
    {
        auto it = m_events.begin();
        Event e{it->second, it->first};
        m_events.erase(it);
        return e;
    }

    void Remove(const Event& ev) override { m_events.erase(ev.key); }

    /// \return events queued and not cancelled
    size_t Live() const
    {
        size_t n = 0;
        for (const auto& [key, impl] : m_events)
        {
            n += impl->IsCancelled() ? 0 : 1;
        }
        return n;
    }

    /// Drop cancelled events now, releasing the queue's reference as Simulator::Remove does.
    void PurgeCancelled()
    {
        for (auto it = m_events.begin(); it != m_events.end();)
        {
            if (it->second->IsCancelled())
            {
                it->second->Unref();
                it = m_events.erase(it);
            }
            else
            {
                ++it;
            }
        }
    }

    /// \return the simulator's queue, if it is one of these
    static InspectableScheduler*& Current()
    {
        static InspectableScheduler* current = nullptr;
        return current;
    }

  private:
    std::map<EventKey, ns3::EventImpl*> m_events;
};

} // namespace ipsecfuzz

#endif /* IPSEC_FUZZ_INSPECTABLE_SCHEDULER_H */
