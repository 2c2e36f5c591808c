/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_TRAFFIC_SELECTOR_H
#define IKEV2_TRAFFIC_SELECTOR_H

/**
 * \file
 * \ingroup ipsec
 * One IKEv2 traffic selector (RFC 7296 §3.13.1): an address range, an IP protocol and a port
 * range, with its wire form and the set operations narrowing needs (§2.9).
 */

#include "ikev2-bytes.h"
#include "ikev2-constants.h"
#include "ikev2-parse-result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A traffic selector: TS_IPV4_ADDR_RANGE or TS_IPV6_ADDR_RANGE.
 *
 * Wire form: `TS Type(1) | IP Protocol ID(1, 0 = any) | Selector Length(2) | Start Port(2) |
 * End Port(2) | Starting Address | Ending Address` (16 bytes for IPv4, 40 for IPv6). For ICMP
 * the port fields carry type and code (RFC 4301 §4.4.1.1). Addresses are kept as bytes in
 * network order, so ranges compare as byte strings.
 */
class Ikev2TrafficSelector
{
  public:
    static constexpr size_t IPV4_SIZE = 16; //!< selector length of a TS_IPV4_ADDR_RANGE
    static constexpr size_t IPV6_SIZE = 40; //!< selector length of a TS_IPV6_ADDR_RANGE

    /// Every IPv4 address, protocol and port (0.0.0.0/0)
    Ikev2TrafficSelector();

    /**
     * \param type the address family
     * \param ipProtocol IP protocol number, 0 for any
     * \param startPort first port (or ICMP type and code)
     * \param endPort last port
     * \param startAddress first address (4 bytes for IPv4, 16 for IPv6)
     * \param endAddress last address (the same size)
     */
    Ikev2TrafficSelector(Ikev2TsType type,
                         uint8_t ipProtocol,
                         uint16_t startPort,
                         uint16_t endPort,
                         const IpsecBytes& startAddress,
                         const IpsecBytes& endAddress);

    /**
     * \param type the address family
     * \return every address of the family, every protocol and port
     */
    static Ikev2TrafficSelector Any(Ikev2TsType type);

    /**
     * \brief Parse addresses as strongSwan writes them in `local_ts`/`remote_ts`: a subnet
     * (`10.1.0.0/16`, `2001:db8::/32`; host bits are cleared), one address (`192.0.2.1`) or a
     * range (`10.0.0.1..10.0.0.9`).
     * \param text the addresses
     * \param ipProtocol IP protocol number, 0 for any
     * \param startPort first port
     * \param endPort last port
     * \param out the selector
     * \return false when the text is not one of these forms
     */
    static bool FromText(const std::string& text,
                         uint8_t ipProtocol,
                         uint16_t startPort,
                         uint16_t endPort,
                         Ikev2TrafficSelector& out);

    /// \return the selector type (address family)
    Ikev2TsType GetType() const;
    /// \return the IP protocol number, 0 for any
    uint8_t GetIpProtocol() const;
    /// \return the first port
    uint16_t GetStartPort() const;
    /// \return the last port
    uint16_t GetEndPort() const;
    /// \return the first address, network order
    const IpsecBytes& GetStartAddress() const;
    /// \return the last address, network order
    const IpsecBytes& GetEndAddress() const;

    /**
     * \return charon's notation: `10.1.0.0/16`, `10.0.0.1..10.0.0.9`, with `[tcp/80]`,
     *         `[udp]` or `[6/1000-2000]` when the protocol or the ports are restricted
     */
    std::string ToString() const;

    /**
     * \param other another selector
     * \return true when every packet `other` matches, this one matches too (same family)
     */
    bool Contains(const Ikev2TrafficSelector& other) const;

    /**
     * \brief The packets both selectors match (RFC 7296 §2.9).
     * \param a a selector
     * \param b another
     * \param out their intersection, when there is one
     * \return false when no packet matches both (other families, protocols, disjoint ranges)
     */
    static bool Intersect(const Ikev2TrafficSelector& a,
                          const Ikev2TrafficSelector& b,
                          Ikev2TrafficSelector& out);

    /**
     * \brief Narrow what a peer proposed to what a policy allows (the responder's side of
     * RFC 7296 §2.9): every non-empty intersection of a proposed and an allowed selector, in
     * the order of the proposal, without duplicates.
     * \param proposed the peer's selectors
     * \param allowed the local policy's selectors
     * \return the narrowed selectors, empty when none intersect (TS_UNACCEPTABLE)
     */
    static std::vector<Ikev2TrafficSelector> Narrow(
        const std::vector<Ikev2TrafficSelector>& proposed,
        const std::vector<Ikev2TrafficSelector>& allowed);

    /**
     * \brief Append the wire form.
     * \param w where
     */
    void Encode(Ikev2Writer& w) const;

    /**
     * \brief Read one selector.
     * \param r the reader, at the selector's first byte
     * \param out the selector
     * \return OK; BAD_TRAFFIC_SELECTOR for an unknown type or a length that is not the type's
     *         (at the selector's first byte); TRUNCATED when the bytes end inside it. Offsets
     *         are the reader's positions.
     */
    static Ikev2ParseResult Decode(Ikev2Reader& r, Ikev2TrafficSelector& out);

    /**
     * \param other another selector
     * \return true when every field is equal
     */
    bool operator==(const Ikev2TrafficSelector& other) const;
    /**
     * \param other another selector
     * \return true when a field differs
     */
    bool operator!=(const Ikev2TrafficSelector& other) const;

  private:
    Ikev2TsType m_type;        //!< address family
    uint8_t m_ipProtocol;      //!< IP protocol, 0 for any
    uint16_t m_startPort;      //!< first port
    uint16_t m_endPort;        //!< last port
    IpsecBytes m_startAddress; //!< first address
    IpsecBytes m_endAddress;   //!< last address
};

} // namespace ns3

#endif /* IKEV2_TRAFFIC_SELECTOR_H */
