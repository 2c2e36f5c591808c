/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_NAT_DETECTION_H
#define IKEV2_NAT_DETECTION_H

/**
 * \file
 * \ingroup ipsec
 * IKEv2 NAT detection (RFC 7296 §2.23): the NAT_DETECTION_*_IP hashes and their check.
 */

#include "ipsec-address.h"
#include "ipsec-crypto.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The NAT_DETECTION_SOURCE_IP and NAT_DETECTION_DESTINATION_IP notify data of RFC 7296
 * §2.23, and what a peer's notifies say about the path.
 *
 * The notify data is SHA-1(SPIi | SPIr | IP address | port): the two SPIs as 8 bytes each in
 * network order (SPIr is zero in the IKE_SA_INIT request), the address as 4 (IPv4) or 16 (IPv6)
 * bytes and the port as 2 bytes, both in network order. SHA-1 comes from Crypto++.
 */
class Ikev2NatDetection
{
  public:
    /// Size of a NAT-D hash in bytes (SHA-1).
    static constexpr size_t HASH_BYTES = 20;

    /// What the notifies of one received message say.
    struct Result
    {
        /// True when the message held at least one NAT_DETECTION_SOURCE_IP and one
        /// NAT_DETECTION_DESTINATION_IP notify; the two other fields are false otherwise.
        bool present = false;
        /// True when no source hash matches the datagram's source address and port: a NAT
        /// between the peer and us rewrote them, the peer is behind it.
        bool peerBehindNat = false;
        /// True when no destination hash matches the datagram's destination address and port:
        /// the peer addressed something else, we are behind a NAT.
        bool selfBehindNat = false;
    };

    /**
     * \brief The NAT-D hash of one address and port.
     * \param spiI the initiator's IKE SPI
     * \param spiR the responder's IKE SPI (0 in the IKE_SA_INIT request)
     * \param address an IPv4 or IPv6 address; aborts for no address
     * \param port the UDP port
     * \return HASH_BYTES bytes
     */
    static IpsecBytes Hash(uint64_t spiI,
                           uint64_t spiR,
                           const IpsecAddress& address,
                           uint16_t port);

    /**
     * \brief Whether received notify data is the hash of an address and port.
     *
     * The comparison takes the same time wherever the first difference is.
     * \param data the received notify data (any length; a wrong length never matches)
     * \param spiI the initiator's IKE SPI
     * \param spiR the responder's IKE SPI as used in the message (0 in the IKE_SA_INIT request)
     * \param address the address to test
     * \param port the port to test
     * \return true when data equals Hash(spiI, spiR, address, port)
     */
    static bool Matches(const IpsecBytes& data,
                        uint64_t spiI,
                        uint64_t spiR,
                        const IpsecAddress& address,
                        uint16_t port);

    /**
     * \brief Check the NAT-D notifies of a received message against the datagram that carried
     * it.
     *
     * A host with several addresses may send several NAT_DETECTION_SOURCE_IP notifies: the
     * peer is behind a NAT when none of them matches (RFC 7296 §2.23). Likewise for the
     * destination notify.
     * \param spiI the initiator's IKE SPI
     * \param spiR the responder's IKE SPI as used in the message (0 in the IKE_SA_INIT request)
     * \param sourceHashes the data of every NAT_DETECTION_SOURCE_IP notify received
     * \param destinationHashes the data of every NAT_DETECTION_DESTINATION_IP notify received
     * \param source the datagram's source address as received
     * \param sourcePort the datagram's source port as received
     * \param destination the datagram's destination address (our address)
     * \param destinationPort the datagram's destination port (our port)
     * \return the verdict
     */
    static Result Check(uint64_t spiI,
                        uint64_t spiR,
                        const std::vector<IpsecBytes>& sourceHashes,
                        const std::vector<IpsecBytes>& destinationHashes,
                        const IpsecAddress& source,
                        uint16_t sourcePort,
                        const IpsecAddress& destination,
                        uint16_t destinationPort);
};

} // namespace ns3

#endif /* IKEV2_NAT_DETECTION_H */
