/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "replay-window.h"

#include "ns3/abort.h"

#include <algorithm>

namespace ns3
{

ReplayWindow::ReplayWindow(uint32_t size, bool esn)
    : m_size(size)
    , m_esn(esn)
    , m_top(0)
    , m_bits((uint64_t{size} + 63) / 64 + 1, 0)
{
    NS_ABORT_MSG_IF(size > MAX_SIZE,
                    "replay window of " << size << " packets (at most " << MAX_SIZE << ")");
}

uint64_t
ReplayWindow::InferSequence(uint32_t low) const
{
    if (!m_esn)
    {
        return low;
    }
    uint32_t w = m_size == 0 ? 1 : m_size;
    uint32_t tl = static_cast<uint32_t>(m_top);
    uint32_t th = static_cast<uint32_t>(m_top >> 32);
    uint32_t bl = tl - w + 1; // wraps as unsigned 32-bit arithmetic, as in RFC 4303 A2.2
    uint32_t sh;
    if (tl >= w - 1)
    {
        sh = (low >= bl) ? th : th + 1; // case A: window within one subspace
    }
    else
    {
        sh = (low >= bl) ? th - 1 : th; // case B: window spans two subspaces
        if (th == 0 && low >= bl)
        {
            sh = 0; // nothing below subspace 0
        }
    }
    return (static_cast<uint64_t>(sh) << 32) | low;
}

ReplayWindow::Verdict
ReplayWindow::Check(uint64_t seq) const
{
    if (m_size == 0)
    {
        return Verdict::OK;
    }
    if (seq == 0)
    {
        return Verdict::ZERO;
    }
    if (seq > m_top)
    {
        return Verdict::OK;
    }
    if (m_top - seq >= m_size)
    {
        return Verdict::TOO_OLD;
    }
    return IsSet(seq) ? Verdict::DUPLICATE : Verdict::OK;
}

void
ReplayWindow::Accept(uint64_t seq)
{
    if (m_size == 0)
    {
        if (seq > m_top)
        {
            m_top = seq; // still tracked for ESN inference
        }
        return;
    }
    if (seq > m_top)
    {
        uint64_t ringBits = m_bits.size() * 64;
        uint64_t advance = seq - m_top;
        if (advance >= ringBits)
        {
            std::fill(m_bits.begin(), m_bits.end(), 0);
        }
        else
        {
            // Clear the bits of m_top+1 .. seq, a word at a time.
            uint64_t bit = (m_top + 1) % ringBits;
            for (uint64_t left = advance; left > 0;)
            {
                uint64_t offset = bit % 64;
                uint64_t n = std::min<uint64_t>(64 - offset, left);
                uint64_t mask = n == 64 ? ~uint64_t{0} : ((uint64_t{1} << n) - 1) << offset;
                m_bits[bit / 64] &= ~mask;
                bit = (bit + n) % ringBits;
                left -= n;
            }
        }
        m_top = seq;
    }
    Set(seq);
}

bool
ReplayWindow::IsSet(uint64_t seq) const
{
    uint64_t bit = seq % (m_bits.size() * 64);
    return (m_bits[bit / 64] >> (bit % 64)) & 1;
}

void
ReplayWindow::Set(uint64_t seq)
{
    uint64_t bit = seq % (m_bits.size() * 64);
    m_bits[bit / 64] |= (uint64_t{1} << (bit % 64));
}

} // namespace ns3
