/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipv4-transit-hook.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(Ipv4TransitHook);

TypeId
Ipv4TransitHook::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::Ipv4TransitHook").SetParent<Ipv4RoutingProtocol>().SetGroupName("Ipsec");
    return tid;
}

Ptr<Ipv4Route>
Ipv4TransitHook::RouteOutput(Ptr<Packet> p,
                             const Ipv4Header& header,
                             Ptr<NetDevice> oif,
                             Socket::SocketErrno& sockerr)
{
    sockerr = Socket::ERROR_NOROUTETOHOST; // the node's own packets: the next protocol routes
    return nullptr;
}

void
Ipv4TransitHook::NotifyInterfaceUp(uint32_t interface)
{
}

void
Ipv4TransitHook::NotifyInterfaceDown(uint32_t interface)
{
}

void
Ipv4TransitHook::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
Ipv4TransitHook::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
Ipv4TransitHook::SetIpv4(Ptr<Ipv4> ipv4)
{
}

} // namespace ns3
