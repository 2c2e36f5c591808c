/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_L4_HANDLER_H
#define IPSEC_L4_HANDLER_H

#include "ipsec-types.h"

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"

namespace ns3
{

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
    /// Where ESP and AH packets go (IpsecInputStage::ReceiveProtected).
    using ReceiveCallback
        = Callback<void, IpsecProtocol, Ptr<Packet>, const Ipv4Header&, Ptr<Ipv4Interface>>;

    /**
     * \param protocolNumber 50 or 51
     * \param receive where the packets go (null: ignored)
     */
    IpsecL4Handler(uint8_t protocolNumber, ReceiveCallback receive);

    /// Where ESP packets that came over IPv6 go (IpsecInputStage::ReceiveProtected6).
    using ReceiveCallback6
        = Callback<void, IpsecProtocol, Ptr<Packet>, const Ipv6Header&, Ptr<Ipv6Interface>>;

    /// \param receive where IPv6 packets go (null: ignored)
    void SetReceive6(ReceiveCallback6 receive);

    /// \return 50 (ESP) or 51 (AH)
    int GetProtocolNumber() const override;
    /**
     * \brief Hand a reassembled ESP or AH packet to IpsecL3Protocol::ReceiveProtected().
     * \param p the ESP or AH bytes
     * \param header the IPv4 header as received
     * \param incoming the interface it arrived on
     * \return RX_OK always: ESP and AH are never answered with an ICMP unreachable
     */
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming) override;
    /**
     * \brief Hand a reassembled packet that came over IPv6 to IpsecL3Protocol::ReceiveProtected6().
     * \param p the ESP bytes
     * \param header its IPv6 header
     * \param incoming the interface it arrived on
     * \return RX_OK always
     */
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incoming) override;
    /// \param cb the IPv4 down target (kept, never used: the handler sends nothing)
    void SetDownTarget(DownTargetCallback cb) override;
    /// \param cb the IPv6 down target (kept, never used)
    void SetDownTarget6(DownTargetCallback6 cb) override;
    /// \return the IPv4 down target given to SetDownTarget()
    DownTargetCallback GetDownTarget() const override;
    /// \return the IPv6 down target given to SetDownTarget6()
    DownTargetCallback6 GetDownTarget6() const override;

  protected:
    /// Release the IPsec layer and the down targets.
    void DoDispose() override;

  private:
    uint8_t m_protocolNumber;
    ReceiveCallback m_receive;   //!< where the packets go
    ReceiveCallback6 m_receive6; //!< where IPv6 packets go
    DownTargetCallback m_downTarget;
    DownTargetCallback6 m_downTarget6;
};

} // namespace ns3

#endif /* IPSEC_L4_HANDLER_H */
