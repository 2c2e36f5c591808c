/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-settings.h"

#include <algorithm>

namespace ns3
{

IpsecLevel
IpsecSettings::EffectiveLevel(const IpsecProtectionRequest& request,
                              IpsecAddress::Family family) const
{
    if (request.level != IpsecLevel::DEFAULT)
    {
        return request.level;
    }
    bool esp = request.protocol == IpsecProtocol::ESP;
    bool transport = request.mode == IpsecMode::TRANSPORT;
    uint8_t level = esp ? (transport ? espTransDefLev : espNetDefLev)
                        : (transport ? ahTransDefLev : ahNetDefLev);
    if (family == IpsecAddress::Family::IPV6)
    {
        uint8_t level6 = esp ? (transport ? espTransDefLev6 : espNetDefLev6)
                             : (transport ? ahTransDefLev6 : ahNetDefLev6);
        level = level6 != 0 ? level6 : level;
    }
    return level >= 2 ? IpsecLevel::REQUIRE : IpsecLevel::USE;
}

IpsecSettings::DefaultPolicy
IpsecSettings::DefaultPolicyFor(IpsecAddress::Family family) const
{
    return family == IpsecAddress::Family::IPV6 && defaultPolicy6 != INHERIT ? defaultPolicy6
                                                                             : defaultPolicy;
}

std::array<IpsecSocketPolicy::Level, IpsecSocketPolicy::CATEGORIES>
IpsecSettings::SocketDefaults() const
{
    return {socketAuthLevel, socketEspTransLevel, socketEspNetworkLevel};
}

bool
IpsecSettings::SocketDefaultsRaised() const
{
    auto defaults = SocketDefaults();
    return std::any_of(defaults.begin(), defaults.end(), [](IpsecSocketPolicy::Level l) {
        return l != IpsecSocketPolicy::LEVEL_AVAIL;
    });
}

} // namespace ns3
