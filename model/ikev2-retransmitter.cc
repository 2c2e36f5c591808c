/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-retransmitter.h"

#include "ns3/abort.h"

#include <cmath>

namespace ns3
{

Ikev2Retransmitter::Ikev2Retransmitter(Time timeout, double base, uint32_t tries, Time limit)
    : m_timeout(timeout)
    , m_base(base)
    , m_tries(tries)
    , m_limit(limit)
    , m_active(false)
    , m_retransmissions(0)
{
    NS_ABORT_MSG_UNLESS(timeout.IsStrictlyPositive(), "retransmit timeout must be positive");
    NS_ABORT_MSG_UNLESS(base >= 1.0, "retransmit base must be at least 1");
    NS_ABORT_MSG_IF(limit.IsStrictlyNegative(), "retransmit limit must not be negative");
}

Time
Ikev2Retransmitter::Start()
{
    m_active = true;
    m_retransmissions = 0;
    return GetDelay(0);
}

Ikev2Retransmitter::Step
Ikev2Retransmitter::OnTimeout()
{
    NS_ABORT_MSG_UNLESS(m_active, "Ikev2Retransmitter::OnTimeout without an outstanding request");
    if (m_retransmissions >= m_tries)
    {
        m_active = false;
        return {Action::GIVE_UP, Time(0)};
    }
    ++m_retransmissions;
    return {Action::RESEND, GetDelay(m_retransmissions)};
}

void
Ikev2Retransmitter::Stop()
{
    m_active = false;
}

bool
Ikev2Retransmitter::IsActive() const
{
    return m_active;
}

uint32_t
Ikev2Retransmitter::GetRetransmissions() const
{
    return m_retransmissions;
}

Time
Ikev2Retransmitter::GetDelay(uint32_t transmission) const
{
    const double nanoseconds
        = static_cast<double>(m_timeout.GetNanoSeconds()) * std::pow(m_base, transmission);
    if (!m_limit.IsZero() && nanoseconds >= static_cast<double>(m_limit.GetNanoSeconds()))
    {
        return m_limit;
    }
    if (nanoseconds >= static_cast<double>(Time::Max().GetNanoSeconds()))
    {
        return Time::Max();
    }
    return NanoSeconds(std::llround(nanoseconds));
}

} // namespace ns3
