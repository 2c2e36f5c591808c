/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-icmpv6-guard.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecIcmpv6Guard);

TypeId
IpsecIcmpv6Guard::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecIcmpv6Guard")
                            .SetParent<IpsecInboundGuard>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecIcmpv6Guard>();
    return tid;
}

IpsecIcmpv6Guard::IpsecIcmpv6Guard() = default;

IpsecIcmpv6Guard::IpsecIcmpv6Guard(Ptr<IpL4Protocol> icmpv6, Check6 check)
    : IpsecInboundGuard(icmpv6, Check())
{
    SetCheck6(check);
}

} // namespace ns3
