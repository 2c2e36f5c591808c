/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_IP_HEADER_H
#define IPSEC_IP_HEADER_H

#include "ipsec-address.h"
#include "ipsec-crypto.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/packet.h"

#include <cstdint>
#include <variant>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The IP header of a datagram being protected or verified, IPv4 or IPv6: what a
 * transform (IpsecTransform) is given.
 *
 * ESP needs only the protocol of what it protects and sets its own; AH covers the header's
 * immutable fields, so it asks for the header of its family. A value (a copy of the header), so
 * that the same transform code serves both families.
 */
class IpsecIpHeader
{
  public:
    /// \param header an IPv4 header
    IpsecIpHeader(const Ipv4Header& header); // NOLINT(google-explicit-constructor): by design
    /// \param header an IPv6 header
    IpsecIpHeader(const Ipv6Header& header); // NOLINT(google-explicit-constructor): by design

    /// \return true for an IPv4 header
    bool IsIpv4() const;

    /// \return the protocol of the payload (IPv4 protocol, IPv6 next header)
    uint8_t GetProtocol() const;
    /// \param protocol the protocol of the payload
    void SetProtocol(uint8_t protocol);
    /// \param size the payload's size (after the header)
    void SetPayloadSize(uint32_t size);

    /// \return the header's size on the wire (IPv4 with its options, IPv6 without extensions)
    uint32_t GetSerializedSize() const;

    /**
     * \brief The same IPv4 header with a length field of 5 words.
     *
     * ns-3's Ipv4Header keeps no options: Deserialize skips them but remembers their length, and
     * Serialize always writes 20 bytes with a length field of 5 into GetSerializedSize() bytes
     * of room (fewer: an overflow; more: bytes nobody writes between header and payload). A
     * header that is written back goes through this copy.
     * \param header an IPv4 header, as ns-3 read it
     * \return a header of 20 bytes with its addresses, protocol, TTL, TOS, identification,
     *         payload size, flags and fragment offset, whose checksum is computed when it is
     *         written if ns-3's checksums are on (as ns-3's IPv4 input sets it)
     */
    static Ipv4Header WithoutOptions(const Ipv4Header& header);
    /**
     * \brief Write the header.
     * \param out GetSerializedSize() bytes
     */
    void Serialize(uint8_t* out) const;
    /**
     * \brief Put the header in front of a packet.
     * \param packet the payload
     */
    void AddTo(Ptr<Packet> packet) const;
    /// \return the IPv4 TTL or the IPv6 hop limit
    uint8_t GetHopLimit() const;
    /// \param hopLimit the IPv4 TTL or the IPv6 hop limit
    void SetHopLimit(uint8_t hopLimit);
    /// Serialize an IPv4 header's checksum from now on (IPv6 has none)
    void EnableChecksum();
    /// \return the IPv4 TOS or the IPv6 traffic class (DSCP and ECN)
    uint8_t GetTrafficClass() const;
    /**
     * \return whether the datagram may not be fragmented on its way: IPv4's DF bit; always
     * true for IPv6, which routers never fragment
     */
    bool IsDontFragment() const;
    /// \return the protocol number of this datagram inside IP: 4 (IPv4) or 41 (IPv6)
    uint8_t GetTunnelProtocol() const;

    /// \return the source address
    IpsecAddress GetSource() const;
    /// \return the destination address
    IpsecAddress GetDestination() const;

    /// \return the IPv4 header; aborts with a message unless IsIpv4()
    const Ipv4Header& GetIpv4() const;
    /// \return the IPv6 header; aborts with a message if IsIpv4()
    const Ipv6Header& GetIpv6() const;

    /**
     * \brief IPv6: the extension headers between this header and AH as they arrived, which
     * AH's ICV covers (RFC 4302 §3.3.3.1.2); the header's next header and payload length then
     * count them. None by default.
     * \param chain the headers' bytes in wire order (kept by pointer: must outlive the use)
     */
    void SetIpv6Extensions(const IpsecBytes* chain);
    /// \return the chain SetIpv6Extensions() gave, or nullptr
    const IpsecBytes* GetIpv6Extensions() const { return m_extensions; }

  private:
    std::variant<Ipv4Header, Ipv6Header> m_header; //!< the header
    const IpsecBytes* m_extensions{nullptr};       //!< IPv6 extension headers before AH
};

} // namespace ns3

#endif /* IPSEC_IP_HEADER_H */
