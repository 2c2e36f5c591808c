/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_RETRANSMITTER_H
#define IKEV2_RETRANSMITTER_H

/**
 * \file
 * \ingroup ipsec
 * The retransmission schedule of the one outstanding IKEv2 request (RFC 7296 §2.1).
 */

#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief When to resend the outstanding IKEv2 request, and when to give up on the peer
 * (RFC 7296 §2.1: only the requester retransmits, with exponential back-off).
 *
 * After transmission n (n = 0 for the first send) the request waits
 * timeout × base^n, capped at the limit when one is set. After `tries` retransmissions the last
 * wait ends the exchange. The defaults are strongSwan's (charon.retransmit_timeout = 4 s,
 * retransmit_base = 1.8, retransmit_tries = 5, no retransmit_limit): sends at 0, 4, 11.2,
 * 24.16, 47.488 and 89.4784 s, give-up at 165.06112 s. They become the daemon's attributes
 * RetransmitTimeout, RetransmitBase, RetransmitTries and RetransmitLimit.
 *
 * The class holds no timer: the daemon schedules an event for the Time that Start() and
 * OnTimeout() return, calls OnTimeout() when it fires, and Stop() (cancelling its event) when
 * the response arrives.
 */
class Ikev2Retransmitter
{
  public:
    /// What the daemon does when the timer fires.
    enum class Action : uint8_t
    {
        RESEND, //!< send the same request bytes again and wait for the returned delay
        GIVE_UP //!< the peer is unreachable: stop the exchange (and the IKE SA)
    };

    /// The outcome of one timeout.
    struct Step
    {
        Action action;  //!< resend or give up
        Time nextDelay; //!< after RESEND, when the next timeout fires; zero after GIVE_UP
    };

    /**
     * \brief A schedule.
     * \param timeout the wait after the first send (strongSwan: 4 s); must be positive
     * \param base the factor between successive waits (strongSwan: 1.8); at least 1
     * \param tries the number of retransmissions before giving up (strongSwan: 5)
     * \param limit the largest single wait; zero for none (strongSwan: none)
     */
    explicit Ikev2Retransmitter(Time timeout = Seconds(4),
                                double base = 1.8,
                                uint32_t tries = 5,
                                Time limit = Time(0));

    /**
     * \brief The request was sent for the first time.
     * \return the delay until the first timeout
     */
    Time Start();

    /**
     * \brief The timer fired without a response.
     *
     * Aborts when no request is outstanding (a programming error).
     * \return the step: RESEND with the next delay, or GIVE_UP, after which nothing is
     *         outstanding
     */
    Step OnTimeout();

    /// The response arrived (or the exchange was abandoned): nothing is outstanding.
    void Stop();

    /// \return true between Start() and Stop() or GIVE_UP
    bool IsActive() const;

    /// \return the number of retransmissions of the current (or last) request
    uint32_t GetRetransmissions() const;

    /**
     * \param transmission the transmission index (0 for the first send)
     * \return how long to wait after it: timeout × base^transmission, capped at the limit
     */
    Time GetDelay(uint32_t transmission) const;

  private:
    Time m_timeout;             //!< the first wait
    double m_base;              //!< the back-off factor
    uint32_t m_tries;           //!< retransmissions before giving up
    Time m_limit;               //!< the largest wait, zero for none
    bool m_active;              //!< a request is outstanding
    uint32_t m_retransmissions; //!< retransmissions so far
};

} // namespace ns3

#endif /* IKEV2_RETRANSMITTER_H */
