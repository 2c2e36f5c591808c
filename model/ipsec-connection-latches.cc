/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-connection-latches.h"

namespace ns3
{

namespace
{
constexpr uint8_t FIN = 0x01;
constexpr uint8_t RST = 0x04;
} // namespace

IpsecConnectionLatches::Key
IpsecConnectionLatches::KeyOf(const IpsecFlow& flow)
{
    return Key{(uint64_t(flow.local.Get()) << 16) | flow.localPort,
               (uint64_t(flow.remote.Get()) << 16) | flow.remotePort};
}

const IpsecConnectionLatches::Latch*
IpsecConnectionLatches::Find(const IpsecFlow& flow) const
{
    auto it = m_latches.find(KeyOf(flow));
    return it == m_latches.end() ? nullptr : &it->second;
}

void
IpsecConnectionLatches::Set(const IpsecFlow& flow, const Latch& latch, Time now)
{
    Retire(now);
    m_latches[KeyOf(flow)] = latch;
}

void
IpsecConnectionLatches::Observe(const IpsecFlow& flow, bool outbound, Time now)
{
    if (!(flow.tcpFlags & (FIN | RST)))
    {
        return;
    }
    auto it = m_latches.find(KeyOf(flow));
    if (it == m_latches.end())
    {
        return;
    }
    if (flow.tcpFlags & RST)
    {
        m_latches.erase(it);
        return;
    }
    Latch& latch = it->second;
    bool wasOpen = !(latch.finOut && latch.finIn);
    (outbound ? latch.finOut : latch.finIn) = true;
    if (wasOpen && latch.finOut && latch.finIn)
    {
        m_closed.emplace_back(now, it->first);
    }
}

void
IpsecConnectionLatches::Retire(Time now)
{
    while (!m_closed.empty() && m_closed.front().first + Seconds(TIME_WAIT_SECONDS) <= now)
    {
        auto it = m_latches.find(m_closed.front().second);
        if (it != m_latches.end() && it->second.finOut && it->second.finIn)
        {
            m_latches.erase(it); // unless a new connection reused the four-tuple
        }
        m_closed.pop_front();
    }
}

size_t
IpsecConnectionLatches::GetN() const
{
    return m_latches.size();
}

void
IpsecConnectionLatches::Clear()
{
    m_latches.clear();
    m_closed.clear();
}

} // namespace ns3
