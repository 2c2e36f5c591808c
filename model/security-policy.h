/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SECURITY_POLICY_H
#define SECURITY_POLICY_H

#include "ipsec-algorithms.h"
#include "ipsec-flow.h"
#include "ipsec-types.h"

#include "ns3/simple-ref-count.h"

#include <string>
#include <vector>

namespace ns3
{

class SecurityAssociation;

/**
 * \ingroup ipsec
 * \brief One protection a policy asks for: AH or ESP, mode, level and acceptable algorithms.
 *
 * Mirrors a setkey policy string element `esp/transport//require` and the ipsecconf properties
 * `encr_algs`, `encr_auth_algs`, `auth_algs` with key-size ranges.
 */
struct IpsecProtectionRequest
{
    IpsecProtocol protocol = IpsecProtocol::ESP;            //!< AH or ESP
    IpsecMode mode = IpsecMode::TRANSPORT;                  //!< transport or tunnel
    IpsecAddress tunnelSource = Ipv4Address::GetAny();      //!< tunnel mode: outer source
    IpsecAddress tunnelDestination = Ipv4Address::GetAny(); //!< tunnel mode: outer destination
    IpsecLevel level = IpsecLevel::REQUIRE;                 //!< use, require, unique, default
    std::vector<const IpsecAlgorithm*> encryption;          //!< acceptable ciphers, empty = any
    std::vector<const IpsecAlgorithm*> authentication;      //!< acceptable MACs, empty = any
    bool requireAuthentication = false; //!< ESP: integrity required (any MAC or an AEAD)
    uint32_t policyId = 0; //!< setkey `unique:N`: only SAs added with `-u N` serve it, 0 = any
    uint16_t encryptionKeyBitsMin = 0;     //!< 0 = no lower bound
    uint16_t encryptionKeyBitsMax = 0;     //!< 0 = no upper bound
    uint16_t authenticationKeyBitsMin = 0; //!< 0 = no lower bound
    uint16_t authenticationKeyBitsMax = 0; //!< 0 = no upper bound

    /**
     * \brief Does an SA satisfy this request (protocol, mode, algorithms, key sizes)?
     * \param sa the SA
     * \return true when acceptable
     */
    bool Accepts(const SecurityAssociation& sa) const;
    /// \return e.g. "esp/transport//require"
    std::string ToString() const;
};

/**
 * \ingroup ipsec
 * \brief One SPD entry: a selector, a direction and an action (RFC 4301 §4.4.1; an ipsecconf(8)
 * entry, a setkey(8) `spdadd`).
 *
 * An `ipsec` action carries one or more alternatives (ipsecconf `or`); each alternative is a
 * bundle of requests applied inner to outer (in transport mode ESP before AH).
 */
class SecurityPolicy : public SimpleRefCount<SecurityPolicy>
{
  public:
    /// Which traffic the entry applies to.
    enum class Direction : uint8_t
    {
        INBOUND = 1,  //!< `dir in`, illumos `permit`
        OUTBOUND = 2, //!< `dir out`, illumos `apply`
        BOTH = 3      //!< both (selectors mirrored for inbound)
    };

    /// What to do with matching traffic.
    enum class Action : uint8_t
    {
        BYPASS, //!< no IPsec (`bypass`, `pass`, `none`, `permit-clear`)
        DROP,   //!< discard
        IPSEC   //!< protect (outbound) / require protection (inbound)
    };

    SecurityPolicy();

    // A zero mask matches every address of its family; IpsecMask::AnyFamily() matches IPv4 and
    // IPv6 alike (an address-less rule; the address is then ignored). The defaults are IPv4.
    IpsecAddress localAddress = Ipv4Address::GetAny();             //!< laddr
    IpsecMask localMask = Ipv4Mask::GetZero();                     //!< its mask (0 = any IPv4)
    IpsecAddress remoteAddress = Ipv4Address::GetAny();            //!< raddr
    IpsecMask remoteMask = Ipv4Mask::GetZero();                    //!< its mask (0 = any IPv4)
    uint16_t localPortMin = 0;                                     //!< lport range start
    uint16_t localPortMax = 65535;                                 //!< lport range end
    uint16_t remotePortMin = 0;                                    //!< rport range start
    uint16_t remotePortMax = 65535;                                //!< rport range end
    int16_t protocol = -1;                                         //!< ulp, -1 = any
    int16_t icmpTypeMin = -1;                                      //!< ICMP type range, -1 = any
    int16_t icmpTypeMax = -1;                                      //!< ICMP type range end
    int16_t icmpCodeMin = -1;                                      //!< ICMP code range, -1 = any
    int16_t icmpCodeMax = -1;                                      //!< ICMP code range end
    Direction direction = Direction::BOTH;                         //!< in, out or both
    Action action = Action::BYPASS;                                //!< bypass, drop or ipsec
    std::vector<std::vector<IpsecProtectionRequest>> alternatives; //!< for IPSEC: bundles
    bool uniqueSa = false;                                         //!< `sa unique`
    std::string comment;                                           //!< where it came from, for logs

    /**
     * \brief Does a packet's flow match this entry in a direction?
     * \param flow the packet's fields (local/remote seen from this node)
     * \param direction INBOUND or OUTBOUND
     * \return true on a match
     */
    bool Matches(const IpsecFlow& flow, Direction direction) const;
    /**
     * \brief Matches() without the address selectors, for entries found through an index on
     * them (the SPD's host-pair index).
     * \param flow the packet's fields (local/remote seen from this node)
     * \param direction INBOUND or OUTBOUND
     * \return true on a match of the direction, protocol, port and ICMP selectors
     */
    bool MatchesBesidesAddresses(const IpsecFlow& flow, Direction direction) const;
    /**
     * \return true when both addresses are single hosts of one family (eligible for the SPD's
     * host-pair index); never for an any-family mask
     */
    bool IsHostPair() const;
    /**
     * \return true when the entry may decide forwarded (transit) packets: bypass and drop
     * entries, and protection whose every alternative starts with a tunnel-mode request.
     * Transport-mode protection is host policy and never applies to forwarded packets.
     */
    bool AppliesToForwarded() const;
    /// Number of illumos precedence classes.
    static constexpr uint8_t PRECEDENCE_CLASSES = 5;
    /// \return illumos precedence class: 0 bypass, 1 AH+ESP, 2 ESP, 3 AH, 4 the rest
    uint8_t PrecedenceClass() const;
    /**
     * \param other another entry
     * \return true when both have the same selectors (addresses under their masks, masks,
     * ports, protocol, ICMP type and code) and direction: what SPDDELETE matches, and what an
     * SPD holds once at most
     */
    bool HasSameSelectors(const SecurityPolicy& other) const;
    /// \return a hash of what HasSameSelectors() compares
    size_t SelectorHash() const;
    /// \return the SPD-assigned id (0 before insertion)
    uint32_t GetId() const;
    /// \return a one-line human-readable form, ending with the comment (its origin) if any
    std::string ToString() const;

    /**
     * \brief Build a policy protecting traffic between two hosts in both directions.
     * \param local this node's address
     * \param remote the peer's address
     * \param bundle the requests (ESP and/or AH)
     * \return the policy
     */
    static Ptr<SecurityPolicy> HostPair(const IpsecAddress& local,
                                        const IpsecAddress& remote,
                                        const std::vector<IpsecProtectionRequest>& bundle);
    /**
     * \brief Build a policy protecting traffic between two networks in both directions (a
     * security gateway's tunnel policy, or a remote-access host's with a /32 local side).
     * \param localNetwork the network on this side
     * \param localMask its mask
     * \param remoteNetwork the network on the far side
     * \param remoteMask its mask
     * \param bundle the requests (tunnel mode, with the tunnel endpoints as seen outbound)
     * \return the policy
     */
    static Ptr<SecurityPolicy> Networks(const IpsecAddress& localNetwork,
                                        const IpsecMask& localMask,
                                        const IpsecAddress& remoteNetwork,
                                        const IpsecMask& remoteMask,
                                        const std::vector<IpsecProtectionRequest>& bundle);

  private:
    friend class SecurityPolicyDatabase;
    uint32_t m_id{0};    //!< set by the SPD
    uint64_t m_index{0}; //!< insertion order, set by the SPD
    uint64_t m_rank{0};  //!< precedence rank under the SPD's rules, set by the SPD
};

} // namespace ns3

#endif /* SECURITY_POLICY_H */
