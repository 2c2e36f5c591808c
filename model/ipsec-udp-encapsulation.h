/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_UDP_ENCAPSULATION_H
#define IPSEC_UDP_ENCAPSULATION_H

#include "ipsec-address.h"
#include "ipsec-ip-header.h"
#include "ipsec-types.h"
#include "security-association-database.h"
#include "security-association.h"

#include "ns3/packet.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief UDP encapsulation of ESP (RFC 3948): the UDP header outbound, what a UDP datagram to
 * an encapsulation endpoint is inbound, and the transport-mode checksum fix.
 *
 * Wire format: `[IPv4][UDP sport dport length checksum=0][ESP header ...]`. A datagram to the
 * same port that starts with four zero octets (the non-ESP marker) is IKE and goes to its
 * socket; one that is a single 0xFF octet is a NAT keepalive (§2.3) and is consumed.
 */
class IpsecUdpEncapsulation
{
  public:
    static constexpr uint16_t PORT = 4500; //!< IKE's NAT-T port (RFC 3948 §2.1)
    static constexpr size_t HEADER = 8;    //!< UDP header size

    /// What a UDP datagram to an encapsulation endpoint carries (RFC 3948 §2.2, §2.3).
    enum class Content : uint8_t
    {
        ESP,       //!< an ESP packet (the first four octets are its non-zero SPI)
        KEEPALIVE, //!< a NAT keepalive: one 0xFF octet
        OTHER      //!< IKE behind the non-ESP marker, or anything else: for the UDP socket
    };

    /**
     * \brief Classify the payload of a UDP datagram to an encapsulation endpoint.
     * \param payload the UDP payload
     * \param length its length
     * \return what it carries
     */
    static Content Classify(const uint8_t* payload, size_t length);

    /**
     * \brief What a UDP datagram delivered to this node carries: ESP or a keepalive only when
     * it goes to an encapsulation endpoint of the node's SADB and its UDP length is sound;
     * OTHER (UDP's business) in every other case.
     * \param sadb the node's SADB
     * \param destination the datagram's destination address
     * \param udp the UDP header and payload
     * \param udpLength set to the UDP header's length field when the result is not OTHER
     * \return what it carries
     */
    static Content Inspect(const SecurityAssociationDatabase& sadb,
                           const IpsecAddress& destination,
                           Ptr<const Packet> udp,
                           uint32_t& udpLength);

    /**
     * \brief Put ESP output in UDP: prepend the UDP header (the SA's ports, checksum 0 as RFC
     * 3948 §2.1 asks over IPv4) and make the IP header name UDP.
     * \param sa the UDP-encapsulated SA that protected \p data
     * \param ip the header, updated (protocol, payload size)
     * \param data the ESP packet, becomes the UDP datagram
     */
    static void Encapsulate(const SecurityAssociation& sa, IpsecIpHeader& ip, IpsecBytes& data);

    /// Which checksum fix FixTransportChecksum() applied.
    enum class Fix : uint8_t
    {
        NONE,       //!< nothing to fix (not TCP or UDP, too short, or a UDP checksum of 0)
        ADJUSTED,   //!< incrementally, from the SA's NAT-T addresses (RFC 1624)
        RECOMPUTED, //!< computed again over the received addresses
    };

    /**
     * \brief The transport-mode decapsulation step of RFC 3948 §3.1.2: the TCP or UDP segment
     * inside carries a checksum the peer computed over the addresses it knew, which a NAT
     * changed. With the SA's NAT-T addresses (nat_rem: the peer's own address; nat_loc: this
     * node's address as the peer knew it), the checksum is updated for the addresses received;
     * without either, it is computed again (the ICV already vouched for the segment).
     * \param sa the SA that decrypted the segment
     * \param source the received datagram's source
     * \param destination its destination
     * \param protocol the segment's protocol (next header)
     * \param segment the segment
     * \param length its length
     * \return the fix applied
     */
    static Fix FixTransportChecksum(const SecurityAssociation& sa,
                                    const IpsecAddress& source,
                                    const IpsecAddress& destination,
                                    uint8_t protocol,
                                    uint8_t* segment,
                                    size_t length);
};

} // namespace ns3

#endif /* IPSEC_UDP_ENCAPSULATION_H */
