/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_L4_HANDLER_H
#define IPSEC_L4_HANDLER_H

#include "ns3/ip-l4-protocol.h"

namespace ns3
{

class IpsecL3Protocol;

/**
 * \ingroup ipsec
 * \brief Receives IP protocol 50 (ESP) or 51 (AH) from Ipv4L3Protocol's local delivery and hands
 * it to the node's IpsecL3Protocol. It sends nothing itself.
 */
class IpsecL4Handler : public IpL4Protocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecL4Handler();
    /**
     * \param protocolNumber 50 or 51
     * \param ipsec the node's IPsec layer
     */
    IpsecL4Handler(uint8_t protocolNumber, Ptr<IpsecL3Protocol> ipsec);

    int GetProtocolNumber() const override;
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming) override;
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incoming) override;
    void SetDownTarget(DownTargetCallback cb) override;
    void SetDownTarget6(DownTargetCallback6 cb) override;
    DownTargetCallback GetDownTarget() const override;
    DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void DoDispose() override;

  private:
    uint8_t m_protocolNumber;
    Ptr<IpsecL3Protocol> m_ipsec;
    DownTargetCallback m_downTarget;
    DownTargetCallback6 m_downTarget6;
};

} // namespace ns3

#endif /* IPSEC_L4_HANDLER_H */
