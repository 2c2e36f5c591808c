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
    return Outer(IpsecIpHeader(inner),
                 inner.GetSerializedSize() + inner.GetPayloadSize(),
                 source,
                 destination,
                 ttl,
                 identification,
                 dfBit,
                 ecn);
}

namespace
{
/// \return the outer traffic class over an inner one: DSCP copied, ECN per RFC 6040
uint8_t
OuterTrafficClass(uint8_t inner, bool ecn)
{
    return (inner & 0xfc) | (ecn ? inner & 0x03 : IpsecTunnelHeader::NOT_ECT);
}
} // namespace

Ipv4Header
IpsecTunnelHeader::Outer(const IpsecIpHeader& inner,
                         uint32_t innerSize,
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
    outer.SetProtocol(inner.GetTunnelProtocol());
    outer.SetPayloadSize(innerSize);
    outer.SetTtl(ttl);
    outer.SetIdentification(identification);
    outer.SetTos(OuterTrafficClass(inner.GetTrafficClass(), ecn));
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

Ipv6Header
IpsecTunnelHeader::Outer6(const IpsecIpHeader& inner,
                          uint32_t innerSize,
                          Ipv6Address source,
                          Ipv6Address destination,
                          uint8_t hopLimit,
                          bool ecn)
{
    Ipv6Header outer;
    outer.SetSource(source);
    outer.SetDestination(destination);
    outer.SetNextHeader(inner.GetTunnelProtocol());
    outer.SetPayloadLength(innerSize);
    outer.SetHopLimit(hopLimit);
    outer.SetTrafficClass(OuterTrafficClass(inner.GetTrafficClass(), ecn));
    outer.SetFlowLabel(0);
    return outer;
}

bool
IpsecTunnelHeader::DecapsulateEcn(uint8_t outerTos, Ipv4Header& inner)
{
    uint8_t tos = inner.GetTos();
    if (!DecapsulateEcn(outerTos, tos))
    {
        return false;
    }
    if (tos != inner.GetTos())
    {
        inner.SetTos(tos);
    }
    return true;
}

bool
IpsecTunnelHeader::DecapsulateEcn(uint8_t outerTc, uint8_t& innerTc)
{
    uint8_t outer = outerTc & 0x03;
    uint8_t in = innerTc & 0x03;
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
    innerTc = (innerTc & 0xfc) | result;
    return true;
}

} // namespace ns3
