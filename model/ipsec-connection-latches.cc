/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-connection-latches.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

namespace
{
constexpr uint8_t FIN = 0x01;
constexpr uint8_t SYN = 0x02;
constexpr uint8_t RST = 0x04;
} // namespace

IpsecConnectionLatches::Key
IpsecConnectionLatches::KeyOf(const IpsecFlow& flow)
{
    return Key{flow.local, flow.remote, (uint32_t(flow.localPort) << 16) | flow.remotePort};
}

const IpsecConnectionLatches::Latch*
IpsecConnectionLatches::Find(const IpsecFlow& flow) const
{
    auto it = m_latches.find(KeyOf(flow));
    return it == m_latches.end() ? nullptr : &it->second;
}

IpsecConnectionLatches::~IpsecConnectionLatches()
{
    m_timer.Cancel();
}

void
IpsecConnectionLatches::Set(const IpsecFlow& flow, const Latch& latch, Time now)
{
    Key key = KeyOf(flow);
    auto [it, added] = m_latches.try_emplace(key, latch);
    if (!added)
    {
        m_embryonic -= it->second.established ? 0 : 1;
        it->second = latch;
    }
    it->second.established = false;
    it->second.opened = now;
    ++m_embryonic;
    m_handshake.emplace_back(now, key);
    ArmTimer();
}

void
IpsecConnectionLatches::Observe(const IpsecFlow& flow, bool outbound, Time now)
{
    bool closing = flow.tcpFlags & (FIN | RST);
    bool handshaking = m_embryonic > 0 && !(flow.tcpFlags & SYN);
    if (!closing && !handshaking)
    {
        return; // the common case: no lookup
    }
    auto it = m_latches.find(KeyOf(flow));
    if (it == m_latches.end())
    {
        return;
    }
    Latch& latch = it->second;
    if (!latch.established && !(flow.tcpFlags & SYN))
    {
        latch.established = true;
        --m_embryonic;
    }
    if (flow.tcpFlags & RST)
    {
        m_embryonic -= latch.established ? 0 : 1;
        m_latches.erase(it);
        return;
    }
    if (!(flow.tcpFlags & FIN))
    {
        return;
    }
    bool wasOpen = !(latch.finOut && latch.finIn);
    (outbound ? latch.finOut : latch.finIn) = true;
    if (wasOpen && latch.finOut && latch.finIn)
    {
        m_closed.emplace_back(now, it->first);
        ArmTimer();
    }
}

void
IpsecConnectionLatches::Retire()
{
    Time now = Simulator::Now();
    while (!m_closed.empty() && m_closed.front().first + Seconds(TIME_WAIT_SECONDS) <= now)
    {
        auto it = m_latches.find(m_closed.front().second);
        if (it != m_latches.end() && it->second.finOut && it->second.finIn)
        {
            m_latches.erase(it); // unless a new connection reused the four-tuple
        }
        m_closed.pop_front();
    }
    while (!m_handshake.empty() && m_handshake.front().first + Seconds(HANDSHAKE_SECONDS) <= now)
    {
        auto it = m_latches.find(m_handshake.front().second);
        // Unless it got established, or a newer SYN latched the four-tuple again.
        if (it != m_latches.end() && !it->second.established
            && it->second.opened == m_handshake.front().first)
        {
            m_latches.erase(it);
            --m_embryonic;
        }
        m_handshake.pop_front();
    }
    ArmTimer();
}

void
IpsecConnectionLatches::ArmTimer()
{
    if (!m_timer.IsExpired())
    {
        return;
    }
    Time next = Time::Max();
    if (!m_closed.empty())
    {
        next = m_closed.front().first + Seconds(TIME_WAIT_SECONDS);
    }
    if (!m_handshake.empty())
    {
        next = std::min(next, m_handshake.front().first + Seconds(HANDSHAKE_SECONDS));
    }
    if (next != Time::Max())
    {
        m_timer = Simulator::Schedule(std::max(next - Simulator::Now(), Time(0)),
                                      &IpsecConnectionLatches::Retire,
                                      this);
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
    m_timer.Cancel();
    m_latches.clear();
    m_closed.clear();
    m_handshake.clear();
    m_embryonic = 0;
}

} // namespace ns3
