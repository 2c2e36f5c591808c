/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_CONFIG_GENERATION_H
#define IPSEC_CONFIG_GENERATION_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A counter of IPsec configuration changes, process-wide: every change that can alter a
 * policy decision or an SA choice bumps it (an SPD or SADB operation, an SA changed in place, an
 * SA expiring, an IPsec attribute set).
 *
 * The per-flow caches of the policy engines (IpsecFlowCache) remember the generation they were
 * filled at and trust an entry only while it has not moved, like Linux' bundle genids
 * (`xfrm_bundle_ok()`). One counter for all nodes: configuration changes are rare next to
 * packets, and a change anywhere simply empties every cache.
 */
class IpsecConfigGeneration
{
  public:
    /// \return the current generation
    static uint64_t Get() { return s_generation; }

    /// Record a change.
    static void Bump() { ++s_generation; }

  private:
    static uint64_t s_generation; //!< the counter
};

} // namespace ns3

#endif /* IPSEC_CONFIG_GENERATION_H */
