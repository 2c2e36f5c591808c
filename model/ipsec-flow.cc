/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-flow.h"

namespace ns3
{

IpsecFlow
IpsecFlow::Parse(Ptr<const Packet> segment,
                 const IpsecAddress& local,
                 const IpsecAddress& remote,
                 uint8_t protocol,
                 bool outbound)
{
    IpsecFlow flow;
    flow.local = local;
    flow.remote = remote;
    flow.protocol = protocol;
    uint8_t head[14];
    uint32_t n = segment->CopyData(head, protocol == 6 ? 14 : 8);
    if ((protocol == 6 || protocol == 17) && n >= 4)
    {
        uint16_t src = (head[0] << 8) | head[1];
        uint16_t dst = (head[2] << 8) | head[3];
        flow.localPort = outbound ? src : dst;
        flow.remotePort = outbound ? dst : src;
        if (protocol == 6 && n >= 14)
        {
            flow.tcpFlags = head[13];
        }
    }
    else if ((protocol == 1 || protocol == 58) && n >= 2) // ICMP, ICMPv6: the same layout
    {
        flow.icmpType = head[0];
        flow.icmpCode = head[1];
        if (n >= 8)
        {
            flow.icmpId = (head[4] << 8) | head[5];
            flow.icmpSeq = (head[6] << 8) | head[7];
        }
    }
    return flow;
}

} // namespace ns3
