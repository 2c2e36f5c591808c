/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_PACKET_BYTES_H
#define IPSEC_PACKET_BYTES_H

#include "ipsec-crypto.h"

#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Moves a packet's payload to and from a contiguous byte buffer, the form the transforms
 * work on, with as few copies and allocations as ns-3's Packet allows.
 *
 * Write() keeps the packet object, so its packet tags (socket priority, the IPsec decapsulation
 * history) survive, and carries byte tags (FlowMonitor's) over to the new bytes; the new bytes
 * are one opaque chunk in the packet's metadata. While a datagram is protected, the byte tags
 * that would mistake the protected datagram for the inner one are hidden in a tag of the IPsec
 * layer's, and they reappear on the verified bytes: ns-3's Ipv6FlowProbe counts any local
 * delivery carrying its tag as the flow's reception, so the tunnel's far end would count the ESP
 * datagram (Ipv4FlowProbe checks the addresses and needs no hiding).
 */
class IpsecPacketBytes
{
  public:
    /**
     * \brief Copy a packet's bytes.
     * \param packet the packet
     * \param bytes receives the bytes (its capacity is reused)
     */
    static void Read(Ptr<const Packet> packet, IpsecBytes& bytes);
    /// What the new bytes of Write() are.
    enum class Bytes : uint8_t
    {
        PROTECTED, //!< a protected datagram (byte tags of the inner one hidden)
        CLEAR      //!< a verified payload (hidden byte tags shown again)
    };

    /**
     * \brief Replace a packet's bytes.
     * \param packet the packet
     * \param data the new bytes
     * \param length their number
     * \param what what they are
     */
    static void Write(Ptr<Packet> packet, const uint8_t* data, size_t length, Bytes what);
};

} // namespace ns3

#endif /* IPSEC_PACKET_BYTES_H */
