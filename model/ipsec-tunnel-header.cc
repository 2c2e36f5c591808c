/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-tunnel-header.h"

#include "ns3/node.h"

namespace ns3
{

Ipv4Header
IpsecTunnelHeader::Outer(const Ipv4Header& inner,
                         Ipv4Address source,
                         Ipv4Address destination,
                         uint8_t ttl,
                         uint16_t identification,
                         DfBit dfBit,
                         bool ecn)
{
    Ipv4Header outer;
    outer.SetSource(source);
    outer.SetDestination(destination);
    outer.SetProtocol(4); // IP in IP
    outer.SetPayloadSize(inner.GetSerializedSize() + inner.GetPayloadSize());
    outer.SetTtl(ttl);
    outer.SetIdentification(identification);
    uint8_t dscp = inner.GetTos() & 0xfc;
    uint8_t innerEcn = inner.GetTos() & 0x03;
    outer.SetTos(dscp | (ecn ? innerEcn : NOT_ECT));
    bool df = dfBit == DF_SET || (dfBit == DF_COPY && inner.IsDontFragment());
    if (df)
    {
        outer.SetDontFragment();
    }
    else
    {
        outer.SetMayFragment();
    }
    if (Node::ChecksumEnabled())
    {
        outer.EnableChecksum();
    }
    return outer;
}

bool
IpsecTunnelHeader::DecapsulateEcn(uint8_t outerTos, Ipv4Header& inner)
{
    uint8_t outer = outerTos & 0x03;
    uint8_t in = inner.GetTos() & 0x03;
    uint8_t result = in;
    if (outer == CE)
    {
        if (in == NOT_ECT)
        {
            return false; // RFC 6040 §4.2: the congestion mark cannot be passed on
        }
        result = CE;
    }
    else if (outer == ECT1 && in == ECT0)
    {
        result = ECT1;
    }
    if (result != in)
    {
        inner.SetTos((inner.GetTos() & 0xfc) | result);
    }
    return true;
}

} // namespace ns3
