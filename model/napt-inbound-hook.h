/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAPT_INBOUND_HOOK_H
#define NAPT_INBOUND_HOOK_H

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/packet.h"

namespace ns3
{

class NaptBox;

/**
 * \ingroup ipsec
 * \brief The inbound hook of a NaptBox: a delegating IpL4Protocol that stands in for UDP, TCP
 * or ICMP in the NAT node's IPv4 delivery table (Ipv4L3Protocol::Insert).
 *
 * Packets addressed to the public address are delivered locally by ns-3; each one first goes
 * to NaptBox::TranslateInbound(), which translates and re-injects those a mapping claims (or
 * drops those its filtering refuses). Everything else, and all IPv6, ICMP errors and down
 * targets, is the wrapped protocol's.
 */
class NaptInboundHook : public IpL4Protocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    NaptInboundHook();

    /**
     * \param inner the wrapped protocol
     * \param box the NAT whose inbound datapath packets go to first
     */
    NaptInboundHook(Ptr<IpL4Protocol> inner, Ptr<NaptBox> box);

    /// \return the wrapped protocol
    Ptr<IpL4Protocol> GetInner() const;

    /// \return the wrapped protocol's number
    int GetProtocolNumber() const override;
    /**
     * \brief Offer the packet to the NAT, then (when it does not take it) deliver it to the
     * wrapped protocol.
     * \param p the transport segment
     * \param header its IPv4 header
     * \param incoming the interface it arrived on
     * \return RX_OK when the NAT took the packet; otherwise the wrapped protocol's status
     */
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming) override;
    /**
     * \brief Deliver to the wrapped protocol (the NAT is IPv4 only).
     * \param p the transport segment
     * \param header its IPv6 header
     * \param incoming the interface it arrived on
     * \return the wrapped protocol's status
     */
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incoming) override;
    /**
     * \brief Pass an ICMP error on to the wrapped protocol (not translated).
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
    /// Release the wrapped protocol and the NAT.
    void DoDispose() override;

  private:
    Ptr<IpL4Protocol> m_inner; //!< the wrapped protocol
    Ptr<NaptBox> m_box;        //!< the NAT
};

} // namespace ns3

#endif /* NAPT_INBOUND_HOOK_H */
