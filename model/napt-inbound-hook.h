/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAPT_INBOUND_HOOK_H
#define NAPT_INBOUND_HOOK_H

#include "delegating-l4-protocol.h"

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
 * drops those its filtering refuses). Everything else, and all IPv6, ICMP errors (not
 * translated) and down targets, is the wrapped protocol's.
 */
class NaptInboundHook : public DelegatingL4Protocol
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

    /**
     * \brief Offer the packet to the NAT, then (when it does not take it) deliver it to the
     * wrapped protocol.
     * \param p the transport segment
     * \param header its IPv4 header
     * \param incoming the interface it arrived on
     * \return RX_OK when the NAT took the packet; otherwise the wrapped protocol's status
     */
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming) override;
    using DelegatingL4Protocol::Receive; // IPv6: the NAT is IPv4 only

  protected:
    /// Release the NAT and the wrapped protocol.
    void DoDispose() override;

  private:
    Ptr<NaptBox> m_box; //!< the NAT
};

} // namespace ns3

#endif /* NAPT_INBOUND_HOOK_H */
