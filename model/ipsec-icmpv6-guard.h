/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_ICMPV6_GUARD_H
#define IPSEC_ICMPV6_GUARD_H

#include "ipsec-inbound-guard.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The inbound guard in front of ICMPv6.
 *
 * Ipv6L3Protocol::GetIcmpv6() asks whatever stands for protocol 58 for the Icmpv6L4Protocol
 * aggregated to it, so the guard joins the node's aggregate, where the ICMPv4 guard already is;
 * ns-3 refuses two aggregated objects of one type, hence a type of its own. It behaves as
 * IpsecInboundGuard.
 */
class IpsecIcmpv6Guard : public IpsecInboundGuard
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecIcmpv6Guard();

    /**
     * \param icmpv6 the node's Icmpv6L4Protocol
     * \param check the IPv6 inbound policy check
     */
    IpsecIcmpv6Guard(Ptr<IpL4Protocol> icmpv6, Check6 check);
};

} // namespace ns3

#endif /* IPSEC_ICMPV6_GUARD_H */
