/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DELEGATING_L4_PROTOCOL_H
#define DELEGATING_L4_PROTOCOL_H

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief An IpL4Protocol that stands in for another one (UDP, TCP, ICMP) in an IP layer's
 * protocol table and hands it everything: packets, ICMP errors, down targets.
 *
 * The base of the module's delivery hooks (IpsecInboundGuard, NaptInboundHook): each overrides
 * the Receive() of the family it looks at and calls DelegatingL4Protocol::Receive() for the
 * packets it lets through. Nothing of ns-3 is changed: the hook is inserted with
 * Ipv4L3Protocol::Insert() / Ipv6L3Protocol::Insert() in place of the protocol it wraps.
 */
class DelegatingL4Protocol : public IpL4Protocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    DelegatingL4Protocol();
    /// \param inner the wrapped protocol
    explicit DelegatingL4Protocol(Ptr<IpL4Protocol> inner);

    /// \return the wrapped protocol's number
    int GetProtocolNumber() const override;
    /**
     * \brief Deliver to the wrapped protocol.
     * \param p the transport segment
     * \param header its IPv4 header
     * \param incoming the interface it arrived on
     * \return the wrapped protocol's status
     */
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming) override;
    /**
     * \brief Deliver to the wrapped protocol.
     * \param p the transport segment
     * \param header its IPv6 header
     * \param incoming the interface it arrived on
     * \return the wrapped protocol's status
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
    /// Release the wrapped protocol.
    void DoDispose() override;

  private:
    Ptr<IpL4Protocol> m_inner; //!< the wrapped protocol
};

} // namespace ns3

#endif /* DELEGATING_L4_PROTOCOL_H */
