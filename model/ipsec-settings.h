/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_SETTINGS_H
#define IPSEC_SETTINGS_H

#include "ipsec-socket-policy.h"
#include "ipsec-tunnel-header.h"
#include "ipsec-types.h"
#include "security-policy.h"

#include "ns3/nstime.h"

#include <array>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The tunables of a node's IPsec layer: the values of IpsecL3Protocol's attributes.
 *
 * Plain data with public members, like ns-3's TcpSocketState: the facade's attributes write
 * them, every stage of the datapath reads them through the shared IpsecState. The defaults are
 * the attributes' defaults.
 */
class IpsecSettings
{
  public:
    /// What happens to traffic no SPD entry matches (BSD `net.inet.ipsec.def_policy`).
    enum DefaultPolicy
    {
        DISCARD = 0, //!< drop
        PASS = 1,    //!< send/accept in the clear ("none")
        INHERIT = 2  //!< IPv6 settings only: as for IPv4
    };

    DefaultPolicy defaultPolicy{PASS}; //!< DefaultPolicy
    uint8_t espTransDefLev{1};         //!< EspTransDefLev: 1 use, 2 require
    uint8_t espNetDefLev{1};           //!< EspNetDefLev
    uint8_t ahTransDefLev{1};          //!< AhTransDefLev
    uint8_t ahNetDefLev{1};            //!< AhNetDefLev
    /// Ipv6DefaultPolicy (BSD `net.inet6.ipsec6.def_policy`); INHERIT follows DefaultPolicy
    DefaultPolicy defaultPolicy6{INHERIT};
    uint8_t espTransDefLev6{0}; //!< Ipv6EspTransDefLev: 0 as for IPv4, 1 use, 2 require
    uint8_t espNetDefLev6{0};   //!< Ipv6EspNetDefLev
    uint8_t ahTransDefLev6{0};  //!< Ipv6AhTransDefLev
    uint8_t ahNetDefLev6{0};    //!< Ipv6AhNetDefLev
    bool ahClearTos{true};      //!< AhClearTos
    uint16_t ahOffsetMask{0};   //!< AhOffsetMask
    bool checkPadding{true};    //!< CheckPadding
    bool checksums{false};      //!< ns-3 checksums on (Node::ChecksumEnabled())
    IpsecTunnelHeader::DfBit dfBit{IpsecTunnelHeader::DF_CLEAR}; //!< DfBit
    bool ecn{false};                                             //!< Ecn (RFC 6040 normal mode)
    bool icmpAcceptClear{true};                                  //!< IcmpAcceptClear
    bool igmpAcceptClear{true};                                  //!< IgmpAcceptClear
    bool pimAcceptClear{true};                                   //!< PimAcceptClear
    bool persockRequirePriv{true};                               //!< PersockRequirePriv
    IpsecSocketPolicy::Level socketAuthLevel{IpsecSocketPolicy::LEVEL_AVAIL}; //!< SocketAuthLevel
    IpsecSocketPolicy::Level socketEspTransLevel{
        IpsecSocketPolicy::LEVEL_AVAIL}; //!< SocketEspTransLevel
    IpsecSocketPolicy::Level socketEspNetworkLevel{
        IpsecSocketPolicy::LEVEL_AVAIL}; //!< SocketEspNetworkLevel
    Time policyLogInterval;              //!< PolicyLogInterval
    Time acquireInterval;                //!< AcquireInterval
    uint32_t acquireHoldLimit{0};        //!< AcquireHoldLimit
    Time acquireHoldTime;                //!< AcquireHoldTime
    bool flowCache{true};                //!< FlowCache: verdicts of recent flows reused

    /**
     * \brief The level a request asks for, `default` resolved through the *DefLev settings of
     * the traffic's family (1 = use, 2 = require), as BSD's `ipsec_get_reqlevel()` does with
     * `net.inet.ipsec` and `net.inet6.ipsec6`.
     * \param request the request
     * \param family the family of the traffic it protects (of its inner datagram)
     * \return use, require or unique
     */
    IpsecLevel EffectiveLevel(const IpsecProtectionRequest& request,
                              IpsecAddress::Family family) const;

    /**
     * \param family the traffic's family
     * \return what happens to its traffic no SPD entry matches (IPv6: Ipv6DefaultPolicy, or
     *         DefaultPolicy when that is INHERIT)
     */
    DefaultPolicy DefaultPolicyFor(IpsecAddress::Family family) const;

    /// \return the default levels of sockets (auth, ESP transport, ESP network)
    std::array<IpsecSocketPolicy::Level, IpsecSocketPolicy::CATEGORIES> SocketDefaults() const;

    /// \return true when a socket default level is above `avail`
    bool SocketDefaultsRaised() const;
};

} // namespace ns3

#endif /* IPSEC_SETTINGS_H */
