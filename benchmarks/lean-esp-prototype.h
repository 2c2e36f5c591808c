/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LEAN_ESP_PROTOTYPE_H
#define LEAN_ESP_PROTOTYPE_H

#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The least an ESP layer over ns-3.37 must do per UDP datagram, as a yardstick for the
 * benchmark: no SPD, no SADB, no policy check, no traces, no statistics.
 *
 * The sender's UDP hands its datagrams to Send() instead of IPv4: the datagram's bytes are read
 * out, ESP-encapsulated with the one outbound SA (the module's own EspTransform, so framing and
 * Crypto++ cost what they cost in the module) and written back, and IPv4 sends them as protocol
 * 50. The receiver's IPv4 delivers protocol 50 to Receive(): the bytes are verified and decrypted
 * in place with the one inbound SA (anti-replay included), written back, and handed straight to
 * UDP. What the module's datapath costs beyond this prototype is what its features cost.
 */
class LeanEspPrototype : public IpL4Protocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    /**
     * \brief Put the prototype between UDP and IPv4 on a node without an IPsec layer.
     * \param node the node (with the Internet stack)
     * \param outbound the SA its datagrams are protected with
     * \param inbound the SA the datagrams it receives are verified with
     * \return the prototype
     */
    static Ptr<LeanEspPrototype> Install(Ptr<Node> node,
                                         Ptr<SecurityAssociation> outbound,
                                         Ptr<SecurityAssociation> inbound);

    /// \return 50 (ESP)
    int GetProtocolNumber() const override;
    /**
     * \brief UDP's down target: protect the datagram and send it as ESP.
     * \param packet the UDP datagram
     * \param source its source address
     * \param destination its destination address
     * \param protocol 17
     * \param route the socket's route
     */
    void Send(Ptr<Packet> packet,
              Ipv4Address source,
              Ipv4Address destination,
              uint8_t protocol,
              Ptr<Ipv4Route> route);
    /**
     * \brief Verify and decrypt an ESP packet and deliver its datagram to UDP.
     * \param packet the ESP packet
     * \param header its IPv4 header
     * \param incoming the interface it arrived on
     * \return RX_OK, or RX_CSUM_FAILED when it did not verify
     */
    RxStatus Receive(Ptr<Packet> packet,
                     const Ipv4Header& header,
                     Ptr<Ipv4Interface> incoming) override;
    /**
     * \brief Not used (IPv4 only).
     * \return RX_ENDPOINT_UNREACH
     */
    RxStatus Receive(Ptr<Packet>, const Ipv6Header&, Ptr<Ipv6Interface>) override;
    /// \param target IPv4's send function
    void SetDownTarget(IpL4Protocol::DownTargetCallback target) override;
    /// \param target unused (IPv4 only)
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 target) override;
    /// \return IPv4's send function
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    /// \return an empty callback (IPv4 only)
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

    /// \return the datagrams that did not verify
    uint64_t GetFailures() const;

  protected:
    void DoDispose() override;

  private:
    Ptr<SecurityAssociation> m_outbound;   //!< protects what UDP sends
    Ptr<SecurityAssociation> m_inbound;    //!< verifies what arrives
    Ptr<UdpL4Protocol> m_udp;              //!< where verified datagrams go
    IpL4Protocol::DownTargetCallback m_ip; //!< IPv4's send function
    Ptr<UniformRandomVariable> m_ivRandom; //!< CBC IVs (GCM's IV is the sequence number)
    IpsecBytes m_clear;                    //!< the datagram's bytes (capacity reused)
    IpsecBytes m_wire;                     //!< the ESP bytes (capacity reused)
    uint64_t m_sequence = 0;               //!< last sequence number sent
    uint64_t m_failures = 0;               //!< packets that did not verify
};

} // namespace ns3

#endif /* LEAN_ESP_PROTOTYPE_H */
