/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_DOWN_TARGETS_H
#define IPSEC_DOWN_TARGETS_H

#include <cstdint>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The transports' original down targets, by protocol number: where the IPsec layer
 * sends what goes out in the clear. Three entries at most (UDP, TCP, ICMP), so a vector.
 * \tparam Target IpL4Protocol::DownTargetCallback (IPv4) or DownTargetCallback6 (IPv6)
 */
template <typename Target>
class IpsecDownTargets
{
  public:
    /**
     * \param protocol a transport's protocol number
     * \param target its down target before the IPsec layer took it over (replaces an earlier one)
     */
    void Save(uint8_t protocol, Target target)
    {
        for (auto& [number, saved] : m_targets)
        {
            if (number == protocol)
            {
                saved = target;
                return;
            }
        }
        m_targets.emplace_back(protocol, target);
    }

    /**
     * \param protocol a protocol number
     * \return its saved down target, or nullptr when none was saved (or it is null)
     */
    const Target* Find(uint8_t protocol) const
    {
        for (const auto& [number, target] : m_targets)
        {
            if (number == protocol && !target.IsNull())
            {
                return &target;
            }
        }
        return nullptr;
    }

  private:
    std::vector<std::pair<uint8_t, Target>> m_targets; //!< by protocol number
};

} // namespace ns3

#endif /* IPSEC_DOWN_TARGETS_H */
