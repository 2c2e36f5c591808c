/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_FLOW_PROBE_H
#define IPSEC_FLOW_PROBE_H

#include "ipsec-drop-reason.h"

#include "ns3/flow-probe.h"
#include "ns3/ipv4-flow-classifier.h"
#include "ns3/ipv4-header.h"
#include "ns3/node.h"

namespace ns3
{

class FlowMonitorHelper;

/**
 * \ingroup ipsec
 * \brief A FlowMonitor probe that sees flows IPsec protects, by their inner 5-tuple.
 *
 * FlowMonitor's own Ipv4FlowProbe classifies the packets it sees in IP: for a transport-mode
 * flow those are ESP or AH packets, which carry no ports, so the flow is invisible on its
 * endpoints (tunnel mode between gateways is seen, after decapsulation). This probe watches the
 * IPsec layer instead: a datagram about to be protected on the node that sent it is the flow's
 * first transmission (IpsecL3Protocol's `ClearSend`), and it is received where it is delivered
 * after verification (`ClearDeliver` for transport mode, Ipv4L3Protocol's `LocalDeliver` for a
 * datagram that left a tunnel), with the same classifier, flow ids and sizes (the inner datagram)
 * as Ipv4FlowProbe, so delay, loss and goodput read as for unprotected traffic. A protected
 * datagram sent on by a gateway is a forwarding; one the IPsec layer drops is a drop with
 * reason code DROP_REASON_BASE + its IpsecDropReason. Packets are matched through a byte tag of
 * this probe's, which travels inside the protected bytes.
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
     * \param node the node to watch (its IPsec layer when it has one, and its IPv4 delivery)
     */
    IpsecFlowProbe(Ptr<FlowMonitor> monitor, Ptr<Ipv4FlowClassifier> classifier, Ptr<Node> node);
    ~IpsecFlowProbe() override;

    /**
     * \brief Let a FlowMonitor see IPsec flows: install an IpsecFlowProbe on every node with
     * IPv4 (nodes already given one are skipped). Call it after FlowMonitorHelper's Install.
     * \param helper the FlowMonitorHelper that installed the monitor
     * \return the number of probes installed
     */
    static uint32_t Enable(FlowMonitorHelper& helper);

    /// \return the node the probe watches
    Ptr<Node> GetNode() const;

  protected:
    /// Release the classifier and the node.
    void DoDispose() override;

  private:
    void ClearSend(const Ipv4Header& header, Ptr<const Packet> payload);
    void ClearDeliver(const Ipv4Header& header, Ptr<const Packet> payload);
    void LocalDeliver(const Ipv4Header& header, Ptr<const Packet> payload, uint32_t interface);
    void Forward(const Ipv4Header& header, Ptr<const Packet> payload, uint32_t interface);
    void Drop(Ptr<const Packet> packet,
              IpsecDropReason reason,
              IpsecDirection direction,
              uint32_t spi);
    bool IsLocal(Ipv4Address address) const;

    Ptr<Ipv4FlowClassifier> m_classifier;
    Ptr<Node> m_node;
};

} // namespace ns3

#endif /* IPSEC_FLOW_PROBE_H */
