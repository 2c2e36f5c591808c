/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_INBOUND_GUARD_H
#define IPSEC_INBOUND_GUARD_H

#include "delegating-l4-protocol.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A delegating IpL4Protocol put in front of UDP, TCP or ICMPv4 (and IGMP and PIM, should a
 * node have them): every packet about to be delivered to the real protocol (cleartext from IP, or
 * a transport-mode payload the IPsec layer verified) passes the node's inbound policy check
 * first. Everything else is forwarded to the wrapped protocol.
 *
 * The guard of UDP and TCP stands in both IPv4's and IPv6's protocol tables (the transports
 * serve both families), with one check per family.
 */
class IpsecInboundGuard : public DelegatingL4Protocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecInboundGuard();
    /// The inbound policy check: true to deliver the packet (IpsecInputStage::AcceptForDelivery).
    using Check = Callback<bool, Ptr<Packet>, const Ipv4Header&, Ptr<Ipv4Interface>>;

    /**
     * \param inner the wrapped protocol
     * \param check the inbound policy check (null: deliver unchecked)
     */
    IpsecInboundGuard(Ptr<IpL4Protocol> inner, Check check);

    /// The IPv6 inbound policy check: true to deliver (IpsecInputStage::AcceptForDelivery6).
    using Check6 = Callback<bool, Ptr<Packet>, const Ipv6Header&, uint8_t, Ptr<Ipv6Interface>>;

    /// \param check the IPv6 inbound policy check (null: deliver IPv6 unchecked)
    void SetCheck6(Check6 check);

    /**
     * \brief Check inbound policy (IpsecL3Protocol::AcceptInbound), then deliver to the wrapped
     * protocol.
     * \param p the transport segment
     * \param header its IPv4 header
     * \param incoming the interface it arrived on
     * \return the wrapped protocol's status; RX_OK for a packet policy refused (counted and
     *         traced by the IPsec layer, and no ICMP unreachable is sent for it)
     */
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming) override;
    /**
     * \brief Check IPv6 inbound policy, then deliver to the wrapped protocol.
     * \param p the transport segment
     * \param header its IPv6 header
     * \param incoming the interface it arrived on
     * \return the wrapped protocol's status; RX_OK for a packet policy refused
     */
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incoming) override;

  protected:
    /// Release the checks and the wrapped protocol.
    void DoDispose() override;

  private:
    Check m_check;   //!< the inbound policy check
    Check6 m_check6; //!< the IPv6 inbound policy check
};

} // namespace ns3

#endif /* IPSEC_INBOUND_GUARD_H */
