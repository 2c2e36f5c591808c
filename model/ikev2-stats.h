/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IKEV2_STATS_H
#define IKEV2_STATS_H

/**
 * \file
 * \ingroup ipsec
 * The IKEv2 daemon's counters: messages and bytes per exchange, error notifies, drops by
 * reason, SA events and setup latencies.
 */

#include "ikev2-constants.h"

#include "ns3/nstime.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/// \ingroup ipsec
/// Why the IKEv2 daemon dropped a datagram or gave up on an exchange.
enum class Ikev2DropReason : uint8_t
{
    MALFORMED,            //!< did not decode (no answer: it may be spoofed)
    BAD_VERSION,          //!< major version not 2
    UNKNOWN_IKE_SPI,      //!< no IKE SA for its SPIs
    BAD_MESSAGE_ID,       //!< a request outside the window
    UNEXPECTED_RESPONSE,  //!< a response to no request of ours
    INTEGRITY_FAILED,     //!< the SK payload's ICV or tag did not verify
    DECRYPT_FAILED,       //!< authentic, but the padding is wrong
    UNSUPPORTED_CRITICAL, //!< an unknown payload marked critical
    BAD_COOKIE,           //!< a cookie that does not verify (treated as none)
    BAD_KE,               //!< an invalid Diffie-Hellman public value
    NO_CONFIG,            //!< no connection for the peer or its identity
    BAD_MARKER,           //!< on port 4500 without the non-ESP marker
    PFKEY_ERROR,          //!< the IPsec layer refused an SA or a policy
    BAD_PROTOCOL,         //!< a message that breaks the exchange's rules
    COUNT                 //!< number of reasons
};

/**
 * \param reason a drop reason
 * \return its name ("INTEGRITY_FAILED")
 */
std::string ToString(Ikev2DropReason reason);

/**
 * \ingroup ipsec
 * \brief What an IKEv2 daemon did: per-exchange message and byte counts, notifies, drops,
 * SA events and latencies.
 */
struct Ikev2Stats
{
    /// The messages of one exchange type.
    struct Exchange
    {
        uint64_t requestsOut{0};         //!< requests sent (first transmissions)
        uint64_t requestsIn{0};          //!< requests received and processed
        uint64_t responsesOut{0};        //!< responses sent (cached resends included)
        uint64_t responsesIn{0};         //!< responses received and processed
        uint64_t retransmissions{0};     //!< requests sent again after a timeout
        uint64_t duplicateRequestsIn{0}; //!< retransmitted requests answered from the cache
        uint64_t bytesOut{0};            //!< UDP payload bytes sent (marker included)
        uint64_t bytesIn{0};             //!< UDP payload bytes received
    };

    /// Durations of one kind of event.
    struct Latency
    {
        uint64_t count{0};         //!< samples
        Time min;                  //!< shortest
        Time max;                  //!< longest
        Time sum;                  //!< total
        std::vector<Time> samples; //!< every sample, in order

        /**
         * \param t a new sample
         */
        void Add(Time t)
        {
            min = count == 0 || t < min ? t : min;
            max = count == 0 || t > max ? t : max;
            sum += t;
            ++count;
            samples.push_back(t);
        }

        /// \return the mean, zero without samples
        Time Mean() const { return count ? sum / static_cast<int64_t>(count) : Time(0); }
    };

    std::array<Exchange, 4> exchanges{};           //!< by exchange type minus 34
    std::map<uint16_t, uint64_t> notifiesSent;     //!< error notifies sent, by type
    std::map<uint16_t, uint64_t> notifiesReceived; //!< error notifies received, by type
    std::array<uint64_t, static_cast<size_t>(Ikev2DropReason::COUNT)> drops{}; //!< by reason
    uint64_t ikeSasEstablished{0}; //!< IKE SAs that reached ESTABLISHED
    uint64_t ikeSasFailed{0};      //!< IKE SAs that died before ESTABLISHED
    uint64_t ikeSasDeleted{0};     //!< established IKE SAs deleted (by either side)
    uint64_t ikeRekeys{0};         //!< IKE SAs replaced by a rekey (§2.18), either side
    uint64_t ikeSasExpired{0};     //!< IKE SAs closed at their hard limit, not rekeyed in time
    uint64_t childSasInstalled{0}; //!< Child SAs installed (rekeys included)
    uint64_t childRekeys{0};       //!< Child SAs replaced by a rekey
    uint64_t childFailures{0};     //!< Child SAs that could not be made
    uint64_t childSasDeleted{0};   //!< Child SAs deleted
    uint64_t deletesSent{0};       //!< Delete payloads sent
    uint64_t deletesReceived{0};   //!< Delete payloads received
    uint64_t dpdProbes{0};         //!< liveness checks sent
    uint64_t dpdFailures{0};       //!< peers found dead
    uint64_t dpdRestarts{0};       //!< Child SAs negotiated again after a dead peer
    uint64_t cookiesSent{0};       //!< COOKIE answers sent
    uint64_t cookieRetries{0};     //!< requests resent with a cookie
    uint64_t invalidKeRetries{0};  //!< requests resent with another DH group
    uint64_t keepalivesSent{0};    //!< NAT keepalives sent
    uint64_t natDetected{0};       //!< IKE SAs that found a NAT (either side)
    uint64_t acquires{0};          //!< ACQUIREs received
    uint64_t acquiresCoalesced{0}; //!< ACQUIREs for a negotiation already under way
    uint64_t expires{0};           //!< EXPIREs received
    Latency setup;       //!< ACQUIRE or initiate to the first Child SA installed (initiator)
    Latency ikeSaInit;   //!< IKE_SA_INIT request first sent to response processed
    Latency ikeAuth;     //!< IKE_AUTH request first sent to response processed
    Latency childCreate; //!< CREATE_CHILD_SA request first sent to response processed

    /**
     * \param type an exchange type
     * \return its counters
     */
    const Exchange& Of(Ikev2ExchangeType type) const
    {
        return exchanges.at(static_cast<size_t>(type) - 34); // throws for other values
    }

    /**
     * \param type an exchange type
     * \return its counters
     */
    Exchange& Of(Ikev2ExchangeType type) { return exchanges.at(static_cast<size_t>(type) - 34); }

    /**
     * \param reason a drop reason
     * \return how many
     */
    uint64_t Drops(Ikev2DropReason reason) const { return drops[static_cast<size_t>(reason)]; }

    /// \return bytes sent over every exchange
    uint64_t TotalBytesOut() const
    {
        uint64_t total = 0;
        for (const auto& e : exchanges)
        {
            total += e.bytesOut;
        }
        return total;
    }

    /// \return bytes received over every exchange
    uint64_t TotalBytesIn() const
    {
        uint64_t total = 0;
        for (const auto& e : exchanges)
        {
            total += e.bytesIn;
        }
        return total;
    }

    /// \return every message sent (requests, retransmissions, responses)
    uint64_t TotalMessagesOut() const
    {
        uint64_t total = 0;
        for (const auto& e : exchanges)
        {
            total += e.requestsOut + e.retransmissions + e.responsesOut;
        }
        return total;
    }

    /// \return drops over every reason
    uint64_t TotalDrops() const
    {
        uint64_t total = 0;
        for (uint64_t d : drops)
        {
            total += d;
        }
        return total;
    }
};

} // namespace ns3

#endif /* IKEV2_STATS_H */
