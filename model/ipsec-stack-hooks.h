/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_STACK_HOOKS_H
#define IPSEC_STACK_HOOKS_H

#include "ipsec-forwarding-shim.h"
#include "ipsec-inbound-guard.h"
#include "ipsec-ipv4-adapter.h"
#include "ipsec-ipv6-adapter.h"
#include "ipsec-ipv6-forwarding-shim.h"
#include "ipsec-l4-handler.h"

#include "ns3/ip-l4-protocol.h"

#include <utility>
#include <vector>

namespace ns3
{

class Ipv4L3Protocol;
class Ipv6L3Protocol;

/**
 * \ingroup ipsec
 * \brief How the IPsec layer sits in a node's IP stacks without patching them.
 *
 * For each family it
 *  - takes over the down targets of the transports (UDP, TCP and ICMPv4 or ICMPv6), keeping the
 *    originals in the family's adapter, so every segment they send reaches the output stage;
 *  - puts an inbound guard in front of each transport in the IP protocol table, so every packet
 *    about to be delivered passes the inbound policy check; UDP and TCP serve both families, so
 *    their one guard stands in both tables;
 *  - puts an IpsecL4Handler for ESP and one for AH in the protocol table;
 *  - adds a forwarding shim at the highest priority of the node's list routing, so transit
 *    packets meet the gateway stage before any routing protocol.
 * The hooks only hold callbacks into the IPsec layer's entry points (Entries4, Entries6).
 */
class IpsecStackHooks
{
  public:
    /// Where IPv4 packets enter the IPsec layer.
    struct Entries4
    {
        IpL4Protocol::DownTargetCallback send;   //!< segments from UDP, TCP and ICMPv4
        IpsecInboundGuard::Check accept;         //!< the inbound check before delivery
        IpsecL4Handler::ReceiveCallback receive; //!< ESP and AH datagrams
        IpsecForwardingShim::Forward forward;    //!< transit datagrams
        /// the node's addresses changed (IpsecIpv4Adapter::AddressesChanged)
        IpsecForwardingShim::AddressesChanged addressesChanged;
    };

    /// Where IPv6 packets enter the IPsec layer.
    struct Entries6
    {
        IpL4Protocol::DownTargetCallback6 send;   //!< segments from UDP, TCP and ICMPv6
        IpsecInboundGuard::Check6 accept;         //!< the inbound check before delivery
        IpsecL4Handler::ReceiveCallback6 receive; //!< ESP and AH datagrams
        IpsecIpv6ForwardingShim::Forward forward; //!< transit datagrams
    };

    /**
     * \brief Hook into a node's IPv4 stack.
     * \param ipv4 the node's IPv4 layer
     * \param adapter the IPv4 adapter, which keeps the transports' original down targets
     * \param entries the entry points
     */
    void AttachIpv4(Ptr<Ipv4L3Protocol> ipv4, IpsecIpv4Adapter& adapter, const Entries4& entries);

    /**
     * \brief Hook into a node's IPv6 stack (after AttachIpv4() on a dual-stack node, so that
     * UDP and TCP keep one guard).
     * \param ipv6 the node's IPv6 layer
     * \param adapter the IPv6 adapter, which keeps the transports' original down targets
     * \param entries the entry points
     */
    void AttachIpv6(Ptr<Ipv6L3Protocol> ipv6, IpsecIpv6Adapter& adapter, const Entries6& entries);

    /// Forget the guards (on dispose).
    void Clear();

  private:
    /**
     * \param protocol a transport's protocol number
     * \return its guard, if one exists already
     */
    Ptr<IpsecInboundGuard> GuardOf(uint8_t protocol) const;

    /// The guards, by protocol number.
    std::vector<std::pair<uint8_t, Ptr<IpsecInboundGuard>>> m_guards;
};

} // namespace ns3

#endif /* IPSEC_STACK_HOOKS_H */
