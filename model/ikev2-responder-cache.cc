/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-responder-cache.h"

#include "ns3/abort.h"

#include <utility>

namespace ns3
{

Ikev2ResponderCache::Ikev2ResponderCache(uint32_t firstExpectedId)
    : m_expectedId(firstExpectedId)
    , m_hasResponse(false)
{
}

Ikev2ResponderCache::Verdict
Ikev2ResponderCache::Classify(uint32_t messageId) const
{
    if (messageId == m_expectedId)
    {
        return Verdict::NEW;
    }
    if (m_hasResponse && messageId == m_expectedId - 1)
    {
        return Verdict::RETRANSMISSION;
    }
    return Verdict::INVALID;
}

void
Ikev2ResponderCache::Store(uint32_t messageId, IpsecBytes response)
{
    NS_ABORT_MSG_UNLESS(messageId == m_expectedId,
                        "Ikev2ResponderCache::Store: message ID " << messageId << ", expected "
                                                                  << m_expectedId);
    m_lastResponse = std::move(response);
    m_hasResponse = true;
    ++m_expectedId;
}

const IpsecBytes&
Ikev2ResponderCache::GetCachedResponse() const
{
    return m_lastResponse;
}

uint32_t
Ikev2ResponderCache::GetExpectedId() const
{
    return m_expectedId;
}

} // namespace ns3
