/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_TYPES_H
#define IPSEC_TYPES_H

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The two IPsec protocols, valued as their IP protocol numbers.
 */
enum class IpsecProtocol : uint8_t
{
    ESP = 50, //!< Encapsulating Security Payload, RFC 4303
    AH = 51   //!< Authentication Header, RFC 4302
};

/**
 * \ingroup ipsec
 * \brief IPsec mode.
 */
enum class IpsecMode : uint8_t
{
    TRANSPORT = 0, //!< protects the payload of the original IP packet
    TUNNEL = 1     //!< protects a whole inner IP packet behind a new outer header
};

/**
 * \ingroup ipsec
 * \brief Protection level of a request (BSD `ipsec_set_policy(3)` levels).
 */
enum class IpsecLevel : uint8_t
{
    DEFAULT = 0, //!< take the system default (EspTransDefLev and friends)
    USE = 1,     //!< protect when an SA exists; accept cleartext inbound
    REQUIRE = 2, //!< protect or drop; refuse cleartext inbound
    UNIQUE = 3   //!< like require, with an SA used by this policy only
};

/// \return "esp" or "ah"
inline std::string
ToString(IpsecProtocol p)
{
    return p == IpsecProtocol::ESP ? "esp" : "ah";
}

/// \return "transport" or "tunnel"
inline std::string
ToString(IpsecMode m)
{
    return m == IpsecMode::TRANSPORT ? "transport" : "tunnel";
}

/// \return "default", "use", "require" or "unique"
inline std::string
ToString(IpsecLevel l)
{
    switch (l)
    {
        case IpsecLevel::USE:
            return "use";
        case IpsecLevel::REQUIRE:
            return "require";
        case IpsecLevel::UNIQUE:
            return "unique";
        default:
            return "default";
    }
}

/// Bytes of an IPv4 header without options: the least a header length field may say (RFC 791),
/// and what ns-3's Ipv4Header::Serialize writes whatever that field says.
constexpr uint32_t IPV4_HEADER_MINIMUM = 20;

/// SA policy ids from this one up are reserved for sockets' unique SAs (IpsecSocketPolicy): an SA
/// with such an id serves its socket only.
constexpr uint32_t IPSEC_SOCKET_UNIQUE_ID_BASE = 0x40000000;

/// IP protocol numbers the datapath tells apart (IANA "Assigned Internet Protocol Numbers").
namespace ipsec_proto
{
constexpr uint8_t ICMP = 1;    //!< ICMP
constexpr uint8_t IGMP = 2;    //!< IGMP
constexpr uint8_t IPIP = 4;    //!< IPv4 in IP (a tunnel-mode payload)
constexpr uint8_t TCP = 6;     //!< TCP
constexpr uint8_t UDP = 17;    //!< UDP
constexpr uint8_t IPV6 = 41;   //!< IPv6 in IP (a tunnel-mode payload)
constexpr uint8_t ICMPV6 = 58; //!< ICMPv6
constexpr uint8_t PIM = 103;   //!< PIM
} // namespace ipsec_proto

} // namespace ns3

#endif /* IPSEC_TYPES_H */
