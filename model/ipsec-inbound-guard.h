/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_INBOUND_GUARD_H
#define IPSEC_INBOUND_GUARD_H

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/packet.h"

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
class IpsecInboundGuard : public IpL4Protocol
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

    /// \return the wrapped protocol's number
    int GetProtocolNumber() const override;
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
    /**
     * \brief Pass an ICMP error on to the wrapped protocol.
     * \param icmpSource the source of the ICMP message
     * \param icmpTtl its TTL
     * \param icmpType its type
     * \param icmpCode its code
     * \param icmpInfo its information field
     * \param payloadSource source of the datagram the message is about
     * \param payloadDestination destination of that datagram
     * \param payload the first 8 bytes of that datagram's payload
     */
    void ReceiveIcmp(Ipv4Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv4Address payloadSource,
                     Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    /**
     * \brief Pass an ICMPv6 error on to the wrapped protocol.
     * \param icmpSource the source of the ICMPv6 message
     * \param icmpTtl its hop limit
     * \param icmpType its type
     * \param icmpCode its code
     * \param icmpInfo its information field
     * \param payloadSource source of the datagram the message is about
     * \param payloadDestination destination of that datagram
     * \param payload the first 8 bytes of that datagram's payload
     */
    void ReceiveIcmp(Ipv6Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv6Address payloadSource,
                     Ipv6Address payloadDestination,
                     const uint8_t payload[8]) override;
    /// \param cb the IPv4 down target, set on the wrapped protocol
    void SetDownTarget(DownTargetCallback cb) override;
    /// \param cb the IPv6 down target, set on the wrapped protocol
    void SetDownTarget6(DownTargetCallback6 cb) override;
    /// \return the wrapped protocol's IPv4 down target
    DownTargetCallback GetDownTarget() const override;
    /// \return the wrapped protocol's IPv6 down target
    DownTargetCallback6 GetDownTarget6() const override;

  protected:
    /// Release the wrapped protocol and the IPsec layer.
    void DoDispose() override;

  private:
    Ptr<IpL4Protocol> m_inner;
    Check m_check;   //!< the inbound policy check
    Check6 m_check6; //!< the IPv6 inbound policy check
};

} // namespace ns3

#endif /* IPSEC_INBOUND_GUARD_H */
