/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_RESPONDER_CACHE_H
#define IKEV2_RESPONDER_CACHE_H

/**
 * \file
 * \ingroup ipsec
 * The responder's message ID check and last-response cache of one IKE SA (RFC 7296 §2.2).
 */

#include "ipsec-crypto.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Sorts the peer's requests by message ID and keeps the last response, so that a
 * retransmitted request is answered with the same bytes and never processed twice (RFC 7296
 * §2.1, §2.2; window size 1).
 *
 * A request with the expected message ID is new: the daemon processes it and hands the
 * encoded response to Store(), which expects the next ID. A request with the ID of the last
 * response is a retransmission: the daemon resends GetCachedResponse(). Any other ID is
 * refused (an old or a future request).
 */
class Ikev2ResponderCache
{
  public:
    /// How to treat a received request.
    enum class Verdict : uint8_t
    {
        NEW,            //!< the expected message ID: process it
        RETRANSMISSION, //!< the ID of the cached response: resend it, do not process
        INVALID         //!< any other ID: drop it
    };

    /**
     * \brief An empty cache.
     * \param firstExpectedId the message ID of the peer's first request (0 for a new IKE SA)
     */
    explicit Ikev2ResponderCache(uint32_t firstExpectedId = 0);

    /**
     * \param messageId the message ID of a received request
     * \return what to do with it
     */
    Verdict Classify(uint32_t messageId) const;

    /**
     * \brief Keep the response to the expected request and expect the next ID.
     *
     * Aborts when messageId is not the expected ID (a programming error).
     * \param messageId the request's message ID
     * \param response the encoded response as sent
     */
    void Store(uint32_t messageId, IpsecBytes response);

    /// \return the bytes of the last response (empty before the first Store())
    const IpsecBytes& GetCachedResponse() const;

    /// \return the message ID the next new request must carry
    uint32_t GetExpectedId() const;

  private:
    uint32_t m_expectedId;     //!< the next new request's message ID
    bool m_hasResponse;        //!< Store() was called at least once
    IpsecBytes m_lastResponse; //!< the response to request m_expectedId - 1
};

} // namespace ns3

#endif /* IKEV2_RESPONDER_CACHE_H */
