/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_INBOUND_GUARD_H
#define IPSEC_INBOUND_GUARD_H

#include "ns3/ip-l4-protocol.h"

namespace ns3
{

class IpsecL3Protocol;

/**
 * \ingroup ipsec
 * \brief A delegating IpL4Protocol put in front of UDP, TCP or ICMPv4: every packet Ipv4L3Protocol
 * delivers locally (cleartext, or the result of decryption) passes the node's inbound policy check
 * before it reaches the real protocol. Everything else is forwarded to the wrapped protocol.
 */
class IpsecInboundGuard : public IpL4Protocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecInboundGuard();
    /**
     * \param inner the wrapped protocol
     * \param ipsec the node's IPsec layer
     */
    IpsecInboundGuard(Ptr<IpL4Protocol> inner, Ptr<IpsecL3Protocol> ipsec);

    /// \return the wrapped protocol
    Ptr<IpL4Protocol> GetInner() const;

    int GetProtocolNumber() const override;
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming) override;
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incoming) override;
    void ReceiveIcmp(Ipv4Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv4Address payloadSource,
                     Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    void SetDownTarget(DownTargetCallback cb) override;
    void SetDownTarget6(DownTargetCallback6 cb) override;
    DownTargetCallback GetDownTarget() const override;
    DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<IpL4Protocol> m_inner;
    Ptr<IpsecL3Protocol> m_ipsec;
};

} // namespace ns3

#endif /* IPSEC_INBOUND_GUARD_H */
