/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_TUNNEL_HEADER_H
#define IPSEC_TUNNEL_HEADER_H

#include "ipsec-ip-header.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The outer-header rules of tunnel mode (RFC 4301 §5.1.2.1) and the ECN rules of
 * RFC 6040 for IPv4-in-IPv4.
 */
class IpsecTunnelHeader
{
  public:
    /// What the outer header's DF bit becomes (BSD `net.inet.ipsec.dfbit`).
    enum DfBit
    {
        DF_CLEAR = 0, //!< always clear
        DF_SET = 1,   //!< always set
        DF_COPY = 2   //!< copied from the inner header
    };

    /**
     * \brief Build the outer header of a tunnel-mode packet.
     *
     * Fresh identification (the caller's), TTL = the node's default, DSCP copied from the inner
     * header, options never copied, DF per \p dfBit, ECN copied (RFC 6040 normal mode) when
     * \p ecn is true and Not-ECT otherwise (compatibility mode).
     *
     * \param inner the inner header
     * \param source tunnel source
     * \param destination tunnel destination
     * \param ttl the node's default TTL
     * \param identification a fresh identification
     * \param dfBit DF rule
     * \param ecn RFC 6040 normal mode (else compatibility mode)
     * \return the outer header (protocol 4, payload size = the inner datagram)
     */
    static Ipv4Header Outer(const Ipv4Header& inner,
                            Ipv4Address source,
                            Ipv4Address destination,
                            uint8_t ttl,
                            uint16_t identification,
                            DfBit dfBit,
                            bool ecn);

    /**
     * \brief Build the IPv4 outer header over an IPv4 or IPv6 datagram (protocol 4 or 41); as
     * the other Outer(), with DF copied from an IPv6 datagram as set, since IPv6 is never
     * fragmented on its way.
     * \param inner the inner header
     * \param innerSize the inner datagram's size, header included
     * \param source tunnel source
     * \param destination tunnel destination
     * \param ttl the node's default TTL
     * \param identification a fresh identification
     * \param dfBit DF rule
     * \param ecn RFC 6040 normal mode (else compatibility mode)
     * \return the outer header
     */
    static Ipv4Header Outer(const IpsecIpHeader& inner,
                            uint32_t innerSize,
                            Ipv4Address source,
                            Ipv4Address destination,
                            uint8_t ttl,
                            uint16_t identification,
                            DfBit dfBit,
                            bool ecn);

    /**
     * \brief Build the IPv6 outer header over an IPv4 or IPv6 datagram (next header 4 or 41):
     * hop limit = the node's default, DSCP copied from the inner header, ECN copied (RFC 6040
     * normal mode) or Not-ECT (compatibility mode), flow label 0 (RFC 6437 lets a tunnel entry
     * point leave it unset), no extension headers.
     * \param inner the inner header
     * \param innerSize the inner datagram's size, header included
     * \param source tunnel source
     * \param destination tunnel destination
     * \param hopLimit the node's default hop limit
     * \param ecn RFC 6040 normal mode (else compatibility mode)
     * \return the outer header
     */
    static Ipv6Header Outer6(const IpsecIpHeader& inner,
                             uint32_t innerSize,
                             Ipv6Address source,
                             Ipv6Address destination,
                             uint8_t hopLimit,
                             bool ecn);

    /**
     * \brief RFC 6040 §4.2 decapsulation on traffic-class bytes (IPv4 TOS or IPv6 traffic
     * class, of either family outside and inside).
     * \param outerTc the outer header's TOS or traffic class
     * \param innerTc the inner one, updated (CE propagated, ECT(1) kept)
     * \return false when the combination is invalid and the packet must be dropped
     *         (outer CE on a Not-ECT inner packet)
     */
    static bool DecapsulateEcn(uint8_t outerTc, uint8_t& innerTc);

    /**
     * \brief RFC 6040 §4.2 decapsulation: combine the outer ECN into the inner header.
     * \param outerTos the outer header's TOS byte
     * \param inner the inner header, updated (CE propagated, ECT(1) kept)
     * \return false when the combination is invalid and the packet must be dropped
     *         (outer CE on a Not-ECT inner packet)
     */
    static bool DecapsulateEcn(uint8_t outerTos, Ipv4Header& inner);

    /// ECN codepoints (RFC 3168).
    static constexpr uint8_t NOT_ECT = 0;
    static constexpr uint8_t ECT1 = 1; //!< ECT(1)
    static constexpr uint8_t ECT0 = 2; //!< ECT(0)
    static constexpr uint8_t CE = 3;   //!< congestion experienced
};

} // namespace ns3

#endif /* IPSEC_TUNNEL_HEADER_H */
