/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief The world (nodes, stacks, applications) a harness reuses for many inputs, and the
 * harness's start, shared by node-receive, node-receive6 and ikev2-daemon.
 */
#ifndef IPSEC_FUZZ_WORLD_CACHE_H
#define IPSEC_FUZZ_WORLD_CACHE_H

#include "fuzz-input.h"

#include "ns3/global-value.h"
#include "ns3/simulator.h"
#include "ns3/type-id.h"

#include <cstdint>
#include <cstdlib>

namespace ipsecfuzz
{

/**
 * \brief Holds the current world of a harness that builds one for many inputs (building one
 * costs what several inputs do).
 *
 * Next() builds a world on first use, after a number of inputs, and for every input when
 * IPSEC_FUZZ_FRESH_WORLD is set (for a crash that does not reproduce alone); the harness
 * calls Drop() when an input left the world with state the next input must not see. The world
 * in use at exit is left as it is.
 *
 * \tparam World default-constructible, with a void Build(); it runs in ns-3's simulator, which
 * Drop() destroys with it
 */
template <typename World>
class WorldCache
{
  public:
    /// \param inputsPerWorld inputs one world serves at most
    explicit constexpr WorldCache(uint64_t inputsPerWorld)
        : m_inputsPerWorld(inputsPerWorld)
    {
    }

    /// \return the world for the next input, built first when needed
    World& Next()
    {
        static bool fresh = std::getenv("IPSEC_FUZZ_FRESH_WORLD") != nullptr;
        if (!m_world || fresh || m_inputs >= m_inputsPerWorld)
        {
            if (m_world)
            {
                Drop();
            }
            m_world = new World;
            m_world->Build();
            m_inputs = 0;
            ++m_built;
        }
        ++m_inputs;
        return *m_world;
    }

    /// Destroy the world and the simulator: the next input gets a new world.
    void Drop()
    {
        delete m_world;
        m_world = nullptr;
        ns3::Simulator::Destroy();
    }

    /// \return the current world, or nullptr
    World* Current() const { return m_world; }

    /// \return how many worlds were built
    uint64_t Built() const { return m_built; }

  private:
    uint64_t m_inputsPerWorld; //!< inputs one world serves at most
    World* m_world = nullptr;  //!< the current world
    uint64_t m_inputs = 0;     //!< inputs the current world served
    uint64_t m_built = 0;      //!< worlds built
};

/**
 * \brief What LLVMFuzzerInitialize does: select the simulator's event queue, run the empty input
 * (so that a world that cannot be built fails at once, not in the first input), and have
 * \p printStats run at exit when IPSEC_FUZZ_STATS is set.
 * \tparam Scheduler the event queue (an InspectableScheduler)
 * \param runInput the harness's input
 * \param printStats prints the harness's statistics (worlds built, ...)
 * \return 0, for LLVMFuzzerInitialize to return
 */
template <typename Scheduler>
int
InitializeHarness(void (*runInput)(FuzzInput&), void (*printStats)())
{
    static void (*print)() = nullptr;
    print = printStats;
    ns3::GlobalValue::Bind("SchedulerType", ns3::TypeIdValue(Scheduler::GetTypeId()));
    FuzzInput empty(nullptr, 0);
    runInput(empty);
    std::atexit([] {
        if (std::getenv("IPSEC_FUZZ_STATS"))
        {
            print();
        }
    });
    return 0;
}

} // namespace ipsecfuzz

#endif /* IPSEC_FUZZ_WORLD_CACHE_H */
