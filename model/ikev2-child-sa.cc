/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ikev2-child-sa.h"

#include <iomanip>
#include <sstream>

namespace ns3
{

namespace
{

std::string
Selectors(const std::vector<Ikev2TrafficSelector>& selectors)
{
    std::string out;
    for (const auto& ts : selectors)
    {
        out += (out.empty() ? "" : " ") + ts.ToString();
    }
    return out;
}

} // namespace

std::string
Ikev2ChildSa::ToString() const
{
    std::ostringstream out;
    out << name << " " << ns3::ToString(mode) << " " << ns3::ToString(state) << " "
        << Selectors(local) << " === " << Selectors(remote) << " " << std::hex << std::setfill('0')
        << std::setw(8) << inboundSpi << "_i " << std::setw(8) << outboundSpi << "_o" << std::dec;
    if (suite.encr)
    {
        out << " " << suite.ToString();
    }
    return out.str();
}

std::string
ToString(Ikev2ChildSa::State state)
{
    switch (state)
    {
        case Ikev2ChildSa::State::CREATING:
            return "CREATING";
        case Ikev2ChildSa::State::INSTALLED:
            return "INSTALLED";
        case Ikev2ChildSa::State::REKEYING:
            return "REKEYING";
        case Ikev2ChildSa::State::REKEYED:
            return "REKEYED";
        case Ikev2ChildSa::State::DELETING:
            return "DELETING";
        case Ikev2ChildSa::State::DELETED:
            return "DELETED";
    }
    return "?";
}

} // namespace ns3
