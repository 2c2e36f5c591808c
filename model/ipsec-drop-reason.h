/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_DROP_REASON_H
#define IPSEC_DROP_REASON_H

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Why the IPsec layer dropped a packet (Ipv4L3Protocol::DropReason cannot be extended).
 *
 * The counters of `netstat -p esp` / kstat, one per reason.
 */
enum class IpsecDropReason : uint8_t
{
    NO_SA = 0,          //!< outbound policy requires an SA that does not exist
    UNKNOWN_SPI,        //!< inbound SPI matches no SA (bad SPI)
    REPLAY,             //!< duplicate sequence number (anti-replay)
    REPLAY_TOO_OLD,     //!< sequence number left of the replay window
    SEQUENCE_ZERO,      //!< sequence number 0 is never sent
    AUTH_FAILED,        //!< ICV or AEAD tag does not verify
    DECRYPT_FAILED,     //!< padding or length wrong after decryption
    POLICY_VIOLATION,   //!< inbound cleartext or wrong protection where policy requires IPsec
    POLICY_MISMATCH,    //!< decrypted packet does not match its SA's selectors
    POLICY_DROP,        //!< a policy entry says drop
    NO_POLICY_MATCH,    //!< no policy matched and the default policy discards
    SA_EXPIRED,         //!< SA hard-expired or dead
    SEQUENCE_OVERFLOW,  //!< outbound sequence number would wrap
    MALFORMED,          //!< truncated or garbage ESP/AH
    NO_ROUTE,           //!< protected packet has no route
    TOO_BIG,            //!< DF packet too big for the tunnel (ICMP fragmentation-needed sent)
    ACQUIRE_QUEUE_FULL, //!< held for an SA being acquired, but the hold queue was full
    ACQUIRE_TIMEOUT,    //!< held for an SA being acquired, but none came in time
    ENCAP_MISMATCH,     //!< ESP in UDP for an SA without UDP encapsulation, or the reverse
    COUNT               //!< number of reasons (not a reason)
};

/**
 * \ingroup ipsec
 * \brief Direction of a packet through the IPsec layer.
 */
enum class IpsecDirection : uint8_t
{
    INBOUND = 0,
    OUTBOUND = 1
};

/**
 * \brief Short stable name of a drop reason, e.g. "auth-failed".
 * \param reason the reason
 * \return its name
 */
std::string ToString(IpsecDropReason reason);
/**
 * \brief Name of a direction: "in" or "out".
 * \param direction the direction
 * \return its name
 */
std::string ToString(IpsecDirection direction);

} // namespace ns3

#endif /* IPSEC_DROP_REASON_H */
