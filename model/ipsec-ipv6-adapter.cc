/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-ipv6-adapter.h"

namespace ns3
{

IpsecIpv6Adapter::IpsecIpv6Adapter(Ptr<Ipv6L3Protocol> ipv6)
    : m_ipv6(ipv6)
{
}

void
IpsecIpv6Adapter::SaveDownTarget(uint8_t protocol, IpL4Protocol::DownTargetCallback6 target)
{
    m_clear.Save(protocol, target);
}

void
IpsecIpv6Adapter::SendClear(Ptr<Packet> packet,
                            const IpsecAddress& source,
                            const IpsecAddress& destination,
                            uint8_t protocol,
                            Ptr<Ipv6Route> route)
{
    if (const IpL4Protocol::DownTargetCallback6* down = m_clear.Find(protocol))
    {
        (*down)(packet, source.GetIpv6(), destination.GetIpv6(), protocol, route);
        return;
    }
    m_ipv6->Send(packet, source.GetIpv6(), destination.GetIpv6(), protocol, route);
}

Ptr<IpL4Protocol>
IpsecIpv6Adapter::TransportFor(uint8_t protocol) const
{
    return m_ipv6->GetProtocol(protocol);
}

bool
IpsecIpv6Adapter::IsLocalAddress(const IpsecAddress& address) const
{
    if (!address.IsIpv6())
    {
        return false;
    }
    Ipv6Address v6 = address.GetIpv6();
    return v6.IsLocalhost() || m_ipv6->GetInterfaceForAddress(v6) >= 0;
}

} // namespace ns3
