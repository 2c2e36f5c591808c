/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_ADDRESS_H
#define IPSEC_ADDRESS_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief An IP address of either family, or none: what every policy, SA, flow and database
 * signature of the module holds.
 *
 * One value type rather than a template over the address type: an SPD must be able to hold
 * rules of both families side by side, and a datapath templated on the family would be two
 * datapaths. An IpsecAddress is 17 bytes; comparing or hashing one is a branch on the family and
 * a few word operations.
 *
 * It converts implicitly from Ipv4Address and Ipv6Address, so `sa->GetDestination() ==
 * Ipv4Address("10.1.1.2")` and `flow.local = Ipv4Address(...)` read as before. There is no
 * implicit conversion back: GetIpv4() and GetIpv6() say which family the caller expects.
 */
class IpsecAddress
{
  public:
    /// The address family. The numbers are the IP version.
    enum class Family : uint8_t
    {
        NONE = 0, //!< no address: "unspecified"
        IPV4 = 4, //!< an IPv4 address
        IPV6 = 6, //!< an IPv6 address
    };

    /// No address (family NONE); prints "any"
    IpsecAddress() = default;
    /// \param address an IPv4 address
    IpsecAddress(Ipv4Address address) // NOLINT(google-explicit-constructor): by design
        : m_family(Family::IPV4)
    {
        // Per packet: written here rather than through the out-of-line Ipv4Address::Serialize.
        uint32_t bits = address.Get();
        m_bytes[0] = static_cast<uint8_t>(bits >> 24);
        m_bytes[1] = static_cast<uint8_t>(bits >> 16);
        m_bytes[2] = static_cast<uint8_t>(bits >> 8);
        m_bytes[3] = static_cast<uint8_t>(bits);
    }
    /// \param address an IPv6 address
    IpsecAddress(Ipv6Address address); // NOLINT(google-explicit-constructor): by design

    /**
     * \param family a family
     * \return the unspecified address of that family (0.0.0.0 or ::), or no address for NONE
     */
    static IpsecAddress GetAny(Family family);

    /// \return the family
    Family GetFamily() const { return m_family; }

    /// \return true for an IPv4 address
    bool IsIpv4() const { return m_family == Family::IPV4; }

    /// \return true for an IPv6 address
    bool IsIpv6() const { return m_family == Family::IPV6; }

    /// \return true for no address (family NONE)
    bool IsNone() const { return m_family == Family::NONE; }

    /// \return the IPv4 address; aborts with a message unless IsIpv4()
    Ipv4Address GetIpv4() const
    {
        if (!IsIpv4())
        {
            AbortNotIpv4();
        }
        return Ipv4Address((uint32_t(m_bytes[0]) << 24) | (uint32_t(m_bytes[1]) << 16)
                           | (uint32_t(m_bytes[2]) << 8) | m_bytes[3]);
    }
    /// \return the IPv6 address; aborts with a message unless IsIpv6()
    Ipv6Address GetIpv6() const;

    /// \return true for no address and for the unspecified address of either family (0.0.0.0, ::)
    bool IsAny() const;
    /// \return true for an IPv4 multicast (224/4) or IPv6 multicast (ff00::/8) address
    bool IsMulticast() const;

    /// \return the number of address bytes: 0, 4 or 16
    uint32_t GetLength() const
    {
        return m_family == Family::IPV4 ? 4 : m_family == Family::IPV6 ? 16 : 0;
    }

    /// \return the address bytes in network order (GetLength() of them)
    const uint8_t* GetBytes() const { return m_bytes; }

    /// \return a hash of the family and the bytes, for hashed containers
    size_t Hash() const { return MixBytes(static_cast<uint8_t>(m_family), m_bytes); }

    /**
     * \param family a family number
     * \param bytes 16 bytes
     * \return a 64-bit mix of them (two multiply-xorshift rounds): IpsecAddress and IpsecMask
     * hashes
     */
    static size_t MixBytes(uint8_t family, const uint8_t* bytes)
    {
        uint64_t high;
        uint64_t low;
        std::memcpy(&high, bytes, 8);
        std::memcpy(&low, bytes + 8, 8);
        uint64_t h = (high ^ (uint64_t(family) << 56)) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 29;
        h = (h ^ low) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 32;
        return static_cast<size_t>(h);
    }

    /// \return the text: dotted quad, RFC 5952 IPv6 text, or "any" for no address
    std::string ToString() const;

    /**
     * \param a an address
     * \param b another
     * \return true when both have the same family and the same bytes
     */
    friend bool operator==(const IpsecAddress& a, const IpsecAddress& b)
    {
        return a.m_family == b.m_family && std::memcmp(a.m_bytes, b.m_bytes, 16) == 0;
    }
    /**
     * \param a an address
     * \param b another
     * \return true unless a == b
     */
    friend bool operator!=(const IpsecAddress& a, const IpsecAddress& b) { return !(a == b); }
    /**
     * \param a an address
     * \param b another
     * \return a total order: by family, then by the bytes
     */
    friend bool operator<(const IpsecAddress& a, const IpsecAddress& b);

  private:
    friend class IpsecMask;

    /// Aborts with a message: the address is not IPv4 (out of line: GetIpv4 stays small)
    [[noreturn]] void AbortNotIpv4() const;

    Family m_family{Family::NONE}; //!< the family
    uint8_t m_bytes[16]{};         //!< the bytes, network order; unused bytes are zero
};

/**
 * \param os a stream
 * \param address an address
 * \return os, with address.ToString() written to it
 */
std::ostream& operator<<(std::ostream& os, const IpsecAddress& address);

// The datapath classifies a destination for every datagram. ns-3's Ipv4Address::IsBroadcast,
// IsMulticast, IsLocalhost and even Get are out of line and log their call (about 25
// instructions each); these compare with ns-3's inline operators instead, with the same meaning.

/**
 * \ingroup ipsec
 * \param address an IPv4 address
 * \return whether it is the limited broadcast address or a multicast address (224.0.0.0/4): the
 *         same as address.IsBroadcast() || address.IsMulticast()
 */
inline bool
IsIpv4BroadcastOrMulticast(Ipv4Address address)
{
    static const Ipv4Address broadcast(0xffffffffU);
    static const Ipv4Address firstMulticast(0xe0000000U);
    static const Ipv4Address lastMulticast(0xefffffffU);
    return address == broadcast || (!(address < firstMulticast) && !(lastMulticast < address));
}

/**
 * \ingroup ipsec
 * \param address an IPv4 address
 * \return whether it is 127.0.0.1: the same as address.IsLocalhost()
 */
inline bool
IsIpv4Localhost(Ipv4Address address)
{
    static const Ipv4Address localhost(0x7f000001U);
    return address == localhost;
}

/// Hash functor for unordered containers keyed by IpsecAddress.
struct IpsecAddressHash
{
    /**
     * \param address an address
     * \return its hash
     */
    size_t operator()(const IpsecAddress& address) const { return address.Hash(); }
};

/**
 * \ingroup ipsec
 * \brief A mask of one address family: which bits of an address a selector compares.
 *
 * Converts implicitly from Ipv4Mask (bit for bit) and from Ipv6Prefix. A mask only matches
 * addresses of its own family: a zero IPv4 mask matches every IPv4 address and no IPv6 address, as
 * a KAME setkey entry always names its family. The default mask is the zero IPv4 mask, what an
 * IPv4-only selector without an address held before.
 *
 * The one exception is the any-family mask (AnyFamily(), family NONE): it compares no bit and
 * matches addresses of both families. It is what an address-less rule holds (RFC 4301 §4.4.1;
 * an ipsecconf entry without laddr or raddr applies to IPv4 and IPv6), and it is never a default.
 */
class IpsecMask
{
  public:
    /// The zero IPv4 mask (matches every IPv4 address)
    IpsecMask();
    /// \param mask an IPv4 mask
    IpsecMask(Ipv4Mask mask); // NOLINT(google-explicit-constructor): by design
    /// \param prefix an IPv6 prefix
    IpsecMask(Ipv6Prefix prefix); // NOLINT(google-explicit-constructor): by design

    /**
     * \param family IPV4 or IPV6
     * \return the all-ones mask of that family (a host)
     */
    static IpsecMask Host(IpsecAddress::Family family);

    /// \return the any-family mask (family NONE): compares nothing, matches both families
    static IpsecMask AnyFamily();

    /**
     * \param family IPV4, IPV6, or NONE for AnyFamily()
     * \param length the number of leading one bits (at most 32 for IPv4, 128 for IPv6; ignored
     *        for NONE)
     * \return the mask
     */
    static IpsecMask FromPrefixLength(IpsecAddress::Family family, uint8_t length);

    /// \return the family (NONE for the any-family mask)
    IpsecAddress::Family GetFamily() const { return m_family; }

    /// \return the number of leading one bits (as Ipv4Mask::GetPrefixLength; 0 for AnyFamily())
    uint16_t GetPrefixLength() const;
    /// \return true when no bit is compared (a zero mask)
    bool IsZero() const;
    /// \return true when every bit is compared (a host mask)
    bool IsHost() const;

    /**
     * \param a an address
     * \param b another
     * \return true when both are of this mask's family and equal in every bit the mask sets;
     *         always true for the any-family mask
     */
    bool IsMatch(const IpsecAddress& a, const IpsecAddress& b) const;

    /**
     * \param address an address of this mask's family
     * \return the address with the bits outside the mask cleared (address unchanged when the
     *         family differs; no address, family NONE, for the any-family mask)
     */
    IpsecAddress Combine(const IpsecAddress& address) const;

    /// \return a hash of the family and the bits
    size_t Hash() const;

    /**
     * \param a a mask
     * \param b another
     * \return true when both have the same family and bits
     */
    friend bool operator==(const IpsecMask& a, const IpsecMask& b);
    /**
     * \param a a mask
     * \param b another
     * \return true unless a == b
     */
    friend bool operator!=(const IpsecMask& a, const IpsecMask& b);

  private:
    IpsecAddress::Family m_family; //!< the family
    uint8_t m_bits[16]{};          //!< the mask bits, network order
};

} // namespace ns3

#endif /* IPSEC_ADDRESS_H */
