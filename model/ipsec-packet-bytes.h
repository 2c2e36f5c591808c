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
 * are one opaque chunk in the packet's metadata.
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
    /**
     * \brief Replace a packet's bytes.
     * \param packet the packet
     * \param data the new bytes
     * \param length their number
     */
    static void Write(Ptr<Packet> packet, const uint8_t* data, size_t length);
};

} // namespace ns3

#endif /* IPSEC_PACKET_BYTES_H */
