/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_TUNNEL_HEADER_H
#define IPSEC_TUNNEL_HEADER_H

#include "ns3/ipv4-header.h"

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
