/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_DROP_DETAIL_H
#define IPSEC_DROP_DETAIL_H

#include "security-association.h"
#include "security-policy.h"

#include "ns3/ipv4-address.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief What a drop's log line says after its reason, kept as data and formatted on demand.
 *
 * The datapath drops packets on paths where nobody reads the text: building a string per drop
 * (with a policy's `ToString()`) would cost more than the drop itself. A detail names one of
 * the fixed texts and carries the values the text refers to; IpsecDropSink prints it only when a
 * log level or a PolicyLog listener wants it (like ns-3's `QueueDisc::DropBeforeEnqueue`, which
 * takes a `const char*`).
 *
 * Each text is a template with placeholders: `{from}` and `{to}` (the two addresses of
 * Between()), `{policy}` (Policy()'s `ToString()`), `{sa}` (Sa()'s `Describe()`), `{n}` and
 * `{m}` (Numbers()).
 */
class IpsecDropDetail
{
  public:
    /// The texts a drop can carry; TemplateOf() gives each one's template.
    enum class Text : uint8_t
    {
        NONE = 0,               //!< no detail
        NO_POLICY_OUT,          //!< no outbound policy, DefaultPolicy Discard
        POLICY_OUT,             //!< an outbound drop policy
        NO_POLICY_INTRA,        //!< no policy for a packet to one of the node's own addresses
        POLICY_INTRA,           //!< a drop policy for a packet to the node itself
        NO_SA,                  //!< the policy requires an SA that does not exist
        NO_TUNNEL_SA,           //!< a transit packet's policy requires a missing tunnel SA
        HELD_TIMEOUT,           //!< a held packet's SA never came
        HELD_NO_LONGER,         //!< a held transit packet's policy changed meanwhile
        QUEUE_FULL,             //!< the ACQUIRE hold queue is full ({n}: the limit)
        SEQUENCE_EXHAUSTED,     //!< the SA's outbound sequence number would wrap
        NO_ROUTE,               //!< no route to the protected datagram's destination
        NO_ROUTE_TO_PEER,       //!< no route to the tunnel peer
        DF_TOO_BIG,             //!< DF datagram of {n} bytes, tunnel MTU {m}
        FORWARD_POLICY,         //!< a forwarding drop policy
        TUNNEL_NO_POLICY,       //!< tunnel interface {n}: no policy matches the inner packet
        TUNNEL_POLICY,          //!< tunnel interface {n}: the policy does not protect
        TUNNEL_NO_SA,           //!< tunnel interface {n}: no SA to the peer {to}
        TUNNEL_INNER_DROPPED,   //!< tunnel interface {n}: inbound inner packet dropped by policy
        TUNNEL_INNER_UNMATCHED, //!< tunnel interface {n}: inbound inner packet matches nothing
        NESTED_TOO_DEEPLY,      //!< more protection layers than IpsecInboundTag holds
        NOT_IP_INSIDE,     //!< a tunnel SA carried no IPv4 or IPv6 datagram (or not the one named)
        ECN_CE_ON_NOT_ECT, //!< RFC 6040: outer CE over a Not-ECT inner packet
        OUTSIDE_SA_SELECTORS,      //!< the decrypted packet is outside its SA's selectors
        TUNNELLED_UNCOVERED,       //!< a tunnelled packet matches no tunnel policy
        NO_POLICY_IN,              //!< no inbound policy, DefaultPolicy Discard
        POLICY_IN,                 //!< an inbound drop policy
        CLEARTEXT_REFUSED,         //!< cleartext where the policy requires protection
        WRONGLY_PROTECTED,         //!< protected, but not as the policy requires
        IPV6_AH_AFTER_EXTENSIONS,  //!< AH behind IPv6 extension headers the ICV cannot see
        NO_STACK_FOR_TUNNEL,       //!< a tunnel whose endpoints are of a family the node lacks
        PACKET_TOO_BIG,            //!< IPv6 datagram of {n} bytes, tunnel MTU {m}
        TUNNEL_FAMILY_NOT_CARRIED, //!< a tunnel interface without IPv{n} got an IPv{n} datagram
        DEVICE_FAMILY_NOT_CARRIED, //!< a decapsulated IPv{n} datagram, its device without IPv{n}
        ENCAP_NOT_OUTERMOST,       //!< a UDP-encapsulated SA {sa} inside another SA
        ESP_IN_UDP_FOR_PLAIN_SA,   //!< ESP in UDP for {sa}, which has no UDP encapsulation
        PLAIN_ESP_FOR_UDP_SA,      //!< plain ESP for {sa}, which is UDP-encapsulated
        IPV4_HEADER_TOO_SHORT,     //!< an IPv4 header length field below 5 words ({n} bytes)
        COUNT                      //!< number of texts (not a text)
    };

    /// No detail: the drop's line ends after its reason and SPI.
    IpsecDropDetail() = default;

    /**
     * \param text which text
     */
    explicit IpsecDropDetail(Text text);

    /**
     * \param from the `{from}` address (a flow's or a datagram's source)
     * \param to the `{to}` address
     * \return this detail
     */
    IpsecDropDetail& Between(const IpsecAddress& from, const IpsecAddress& to);

    /**
     * \param policy the `{policy}`
     * \return this detail
     */
    IpsecDropDetail& Policy(Ptr<const SecurityPolicy> policy);

    /**
     * \param sa the `{sa}`
     * \return this detail
     */
    IpsecDropDetail& Sa(Ptr<const SecurityAssociation> sa);

    /**
     * \param n the `{n}`
     * \param m the `{m}`
     * \return this detail
     */
    IpsecDropDetail& Numbers(uint64_t n, uint64_t m = 0);

    /// \return true for Text::NONE
    bool IsEmpty() const;

    /**
     * Writes the text with its placeholders filled in.
     * \param os where to write
     */
    void Print(std::ostream& os) const;

    /// \return what Print() writes
    std::string ToString() const;

    /**
     * \param text a text
     * \return its template
     */
    static const char* TemplateOf(Text text);

  private:
    Text m_text{Text::NONE};             //!< which text
    IpsecAddress m_from;                 //!< `{from}`
    IpsecAddress m_to;                   //!< `{to}`
    Ptr<const SecurityPolicy> m_policy;  //!< `{policy}`
    Ptr<const SecurityAssociation> m_sa; //!< `{sa}`
    uint64_t m_n{0};                     //!< `{n}`
    uint64_t m_m{0};                     //!< `{m}`
};

/**
 * \param os where to write
 * \param detail a drop detail
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const IpsecDropDetail& detail);

} // namespace ns3

#endif /* IPSEC_DROP_DETAIL_H */
