/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-udp-encapsulation.h"

#include "ipsec-byte-order.h"
#include "ipsec-checksum.h"

#include <algorithm>

namespace ns3
{

IpsecUdpEncapsulation::Content
IpsecUdpEncapsulation::Classify(const uint8_t* payload, size_t length)
{
    if (length == 1 && payload[0] == 0xff)
    {
        return Content::KEEPALIVE;
    }
    // An ESP packet has at least its SPI and sequence number; SPI 0 is the non-ESP marker.
    if (length >= 8 && ipsec_bytes::GetU32(payload) != 0)
    {
        return Content::ESP;
    }
    return Content::OTHER;
}

IpsecUdpEncapsulation::Content
IpsecUdpEncapsulation::Inspect(const SecurityAssociationDatabase& sadb,
                               const IpsecAddress& destination,
                               Ptr<const Packet> udp,
                               uint32_t& udpLength)
{
    const uint32_t size = udp->GetSize();
    if (size < HEADER || !sadb.HasEncapsulatedSas())
    {
        return Content::OTHER;
    }
    uint8_t head[HEADER + 8] = {};
    udp->CopyData(head, std::min<uint32_t>(size, sizeof(head)));
    uint16_t port = (uint16_t(head[2]) << 8) | head[3];
    if (!sadb.IsEncapsulationEndpoint(destination, port))
    {
        return Content::OTHER;
    }
    udpLength = (uint32_t(head[4]) << 8) | head[5];
    if (udpLength < HEADER || udpLength > size)
    {
        return Content::OTHER; // UDP's to refuse, as for any port
    }
    return Classify(head + HEADER, udpLength - HEADER);
}

void
IpsecUdpEncapsulation::Encapsulate(const SecurityAssociation& sa,
                                   IpsecIpHeader& ip,
                                   IpsecBytes& data)
{
    const SecurityAssociation::Encapsulation& e = sa.GetEncapsulation();
    size_t length = HEADER + data.size();
    uint8_t udp[HEADER] = {static_cast<uint8_t>(e.sourcePort >> 8),
                           static_cast<uint8_t>(e.sourcePort),
                           static_cast<uint8_t>(e.destinationPort >> 8),
                           static_cast<uint8_t>(e.destinationPort),
                           static_cast<uint8_t>(length >> 8),
                           static_cast<uint8_t>(length),
                           0,
                           0};
    data.insert(data.begin(), udp, udp + HEADER);
    ip.SetProtocol(17);
    ip.SetPayloadSize(data.size());
}

IpsecUdpEncapsulation::Fix
IpsecUdpEncapsulation::FixTransportChecksum(const SecurityAssociation& sa,
                                            const IpsecAddress& source,
                                            const IpsecAddress& destination,
                                            uint8_t protocol,
                                            uint8_t* segment,
                                            size_t length)
{
    size_t at = IpsecChecksum::FieldOffset(protocol);
    if ((protocol != 6 && protocol != 17) || length < at + 2 || !source.IsIpv4()
        || !destination.IsIpv4())
    {
        return Fix::NONE;
    }
    uint8_t* field = segment + at;
    if (protocol == 17 && field[0] == 0 && field[1] == 0)
    {
        return Fix::NONE; // the sender computed no checksum
    }
    const SecurityAssociation::Encapsulation& e = sa.GetEncapsulation();
    if (e.natRemote.IsAny() && e.natLocal.IsAny())
    {
        IpsecChecksum::Recompute(source, destination, protocol, segment, length);
        return Fix::RECOMPUTED;
    }
    if (!e.natRemote.IsAny())
    {
        IpsecChecksum::Adjust(field, e.natRemote.GetIpv4().Get(), source.GetIpv4().Get());
    }
    if (!e.natLocal.IsAny())
    {
        IpsecChecksum::Adjust(field, e.natLocal.GetIpv4().Get(), destination.GetIpv4().Get());
    }
    if (protocol == 17 && field[0] == 0 && field[1] == 0)
    {
        field[0] = field[1] = 0xff; // a computed 0 is sent as all ones (RFC 768)
    }
    return Fix::ADJUSTED;
}

} // namespace ns3
