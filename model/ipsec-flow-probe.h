/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_FLOW_PROBE_H
#define IPSEC_FLOW_PROBE_H

#include "ipsec-drop-reason.h"

#include "ns3/flow-probe.h"
#include "ns3/ipv4-flow-classifier.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv6-flow-classifier.h"
#include "ns3/ipv6-header.h"
#include "ns3/node.h"

#include <functional>

namespace ns3
{

class IpsecL3Protocol;

class FlowMonitorHelper;

/**
 * \ingroup ipsec
 * \brief A FlowMonitor probe that sees flows IPsec protects, by their inner 5-tuple, IPv4 and
 * IPv6 alike.
 *
 * FlowMonitor's own Ipv4FlowProbe and Ipv6FlowProbe classify the packets they see in IP: for a
 * transport-mode flow those are ESP or AH packets, which carry no ports, so the flow is invisible
 * on its endpoints (tunnel mode between gateways is seen, after decapsulation). This probe
 * watches the IPsec layer instead: a datagram about to be protected on the node that sent it is
 * the flow's first transmission (IpsecL3Protocol's `ClearSend`, `ClearSend6`), and it is
 * received where it is delivered after verification (`ClearDeliver`, `ClearDeliver6` for
 * transport mode, the IP layer's `LocalDeliver` for a datagram that left a tunnel), with the same
 * classifiers, flow ids and sizes (the inner datagram) as Ipv4FlowProbe and Ipv6FlowProbe, so
 * delay, loss and goodput read as for unprotected traffic. A protected datagram sent on by a
 * gateway is a forwarding; one the IPsec layer drops is a drop with reason code
 * DROP_REASON_BASE + its IpsecDropReason. Packets are matched through a byte tag of this
 * probe's, which travels inside the protected bytes.
 *
 * Install with IpsecFlowProbe::Enable (one call after FlowMonitorHelper's Install).
 */
class IpsecFlowProbe : public FlowProbe
{
  public:
    /// FlowMonitor reason codes of IPsec drops start here (Ipv4FlowProbe's are below).
    static constexpr uint32_t DROP_REASON_BASE = 100;

    /// \return the TypeId
    static TypeId GetTypeId();
    /**
     * \param monitor the FlowMonitor
     * \param classifier the IPv4 classifier Ipv4FlowProbe uses (FlowMonitorHelper's)
     * \param classifier6 the IPv6 classifier Ipv6FlowProbe uses (null: IPv6 flows unseen)
     * \param node the node to watch (its IPsec layer when it has one, and its IP delivery)
     */
    IpsecFlowProbe(Ptr<FlowMonitor> monitor,
                   Ptr<Ipv4FlowClassifier> classifier,
                   Ptr<Ipv6FlowClassifier> classifier6,
                   Ptr<Node> node);
    ~IpsecFlowProbe() override;

    /**
     * \brief Let a FlowMonitor see IPsec flows: install an IpsecFlowProbe on every node with
     * IPv4 or IPv6 (nodes already given one are skipped). Call it after FlowMonitorHelper's
     * Install.
     * \param helper the FlowMonitorHelper that installed the monitor
     * \return the number of probes installed
     */
    static uint32_t Enable(FlowMonitorHelper& helper);

    /// \return the node the probe watches
    Ptr<Node> GetNode() const;

  protected:
    /// Release the classifiers and the node.
    void DoDispose() override;

  private:
    /// IpsecL3Protocol's ClearSend: an IPv4 datagram about to be protected.
    void ClearSend(const Ipv4Header& header, Ptr<const Packet> payload);
    /// IpsecL3Protocol's ClearSend6: an IPv6 datagram about to be protected.
    void ClearSend6(const Ipv6Header& header, Ptr<const Packet> payload);
    /// IpsecL3Protocol's ClearDeliver and ClearDeliver6: a verified datagram delivered.
    void ClearDeliver(Ptr<const Packet> payload);
    /// Ipv4L3Protocol's LocalDeliver: delivered in IP (out of a tunnel, or never protected).
    void LocalDeliver(const Ipv4Header& header, Ptr<const Packet> payload, uint32_t interface);
    /// Ipv6L3Protocol's LocalDeliver.
    void LocalDeliver6(const Ipv6Header& header, Ptr<const Packet> payload, uint32_t interface);
    /// The IP layers' UnicastForward: a protected datagram forwarded on.
    void Forward(Ptr<const Packet> payload);
    /// IpsecL3Protocol's Drop.
    void Drop(Ptr<const Packet> packet,
              IpsecDropReason reason,
              IpsecDirection direction,
              uint32_t spi);
    /**
     * \brief The first transmission of a datagram about to be protected, either family.
     * \param local whether its source is this node's
     * \param payload the datagram's payload (marked with the probe's tag)
     * \param size the datagram's size, header included
     * \param classify the family's classifier, called for a datagram this node sends
     */
    void Sent(bool local,
              Ptr<const Packet> payload,
              uint32_t size,
              const std::function<bool(FlowId*, FlowPacketId*)>& classify);

    Ptr<Ipv4FlowClassifier> m_classifier;  //!< IPv4 flows
    Ptr<Ipv6FlowClassifier> m_classifier6; //!< IPv6 flows (may be null)
    Ptr<Node> m_node;                      //!< the node watched
    Ptr<IpsecL3Protocol> m_ipsec;          //!< its IPsec layer (null: none)
};

} // namespace ns3

#endif /* IPSEC_FLOW_PROBE_H */
