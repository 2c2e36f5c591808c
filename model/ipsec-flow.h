/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_FLOW_H
#define IPSEC_FLOW_H

#include "ipsec-address.h"

#include "ns3/packet.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The selector fields of one packet, seen from this node: local and remote address,
 * upper-layer protocol, ports (TCP/UDP) or ICMP type and code.
 */
struct IpsecFlow
{
    IpsecAddress local = Ipv4Address::GetAny();  //!< this node's address (source when sending)
    IpsecAddress remote = Ipv4Address::GetAny(); //!< the peer's address
    uint8_t protocol = 0;                        //!< upper-layer protocol number
    uint16_t localPort = 0;                      //!< TCP/UDP local port
    uint16_t remotePort = 0;                     //!< TCP/UDP remote port
    int16_t icmpType = -1;                       //!< ICMP/ICMPv6 type, -1 when neither or unknown
    int16_t icmpCode = -1;                       //!< ICMP code
    uint16_t icmpId = 0;                         //!< ICMP echo identifier
    uint16_t icmpSeq = 0;                        //!< ICMP echo sequence number
    uint8_t tcpFlags = 0; //!< TCP flags (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10)

    /// \return true for a TCP SYN without ACK: the segment that opens a connection
    bool IsTcpOpen() const { return protocol == 6 && (tcpFlags & 0x12) == 0x02; }

    /**
     * \return true for IPv6 Neighbour Discovery (RFC 4861: router solicitation and
     * advertisement, neighbour solicitation and advertisement, redirect) and Multicast Listener
     * Discovery (RFC 2710 query, report and done; RFC 3810 version 2 report)
     */
    bool IsIpv6LinkControl() const
    {
        return protocol == 58 && ((icmpType >= 130 && icmpType <= 137) || icmpType == 143);
    }

    /**
     * \brief Read the selector fields from an upper-layer segment (no IP header).
     * \param segment the TCP/UDP/ICMP bytes
     * \param local local address
     * \param remote remote address
     * \param protocol upper-layer protocol
     * \param outbound true when local is the segment's source
     * \return the flow (ports left 0 when the segment is too short)
     */
    static IpsecFlow Parse(Ptr<const Packet> segment,
                           const IpsecAddress& local,
                           const IpsecAddress& remote,
                           uint8_t protocol,
                           bool outbound);
};

} // namespace ns3

#endif /* IPSEC_FLOW_H */
