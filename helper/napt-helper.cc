/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "napt-helper.h"

#include "ns3/ipv4-l3-protocol.h"

#include <stdexcept>

namespace ns3
{

NaptHelper::NaptHelper()
{
    m_factory.SetTypeId(NaptBox::GetTypeId());
}

void
NaptHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    // ObjectFactory::Set would end the program (NS_FATAL_ERROR): say what is wrong instead.
    TypeId::AttributeInformation info;
    if (!NaptBox::GetTypeId().LookupAttributeByName(name, &info))
    {
        throw std::invalid_argument("NaptHelper::SetAttribute: ns3::NaptBox has no attribute \""
                                    + name + "\"");
    }
    if (!info.checker->CreateValidValue(value))
    {
        throw std::invalid_argument("NaptHelper::SetAttribute: invalid value for " + name
                                    + " (expected " + info.checker->GetUnderlyingTypeInformation()
                                    + ")");
    }
    m_factory.Set(name, value);
}

Ptr<NaptBox>
NaptHelper::Install(Ptr<Node> nat, uint32_t insideIf, uint32_t outsideIf) const
{
    const std::string where = "NaptHelper::Install: ";
    if (!nat)
    {
        throw std::invalid_argument(where + "no node");
    }
    const std::string node = "node " + std::to_string(nat->GetId());
    Ptr<Ipv4L3Protocol> ipv4 = nat->GetObject<Ipv4L3Protocol>();
    if (!ipv4)
    {
        throw std::invalid_argument(where + node
                                    + " has no IPv4 stack (install the Internet stack first)");
    }
    const uint32_t n = ipv4->GetNInterfaces();
    for (auto [index, role] :
         {std::make_pair(insideIf, "inside"), std::make_pair(outsideIf, "outside")})
    {
        if (index >= n)
        {
            throw std::invalid_argument(where + role + " interface " + std::to_string(index)
                                        + " out of range: " + node + " has " + std::to_string(n)
                                        + " IPv4 interfaces (0 is the loopback)");
        }
    }
    if (insideIf == outsideIf)
    {
        throw std::invalid_argument(where + "the inside and outside interfaces are both "
                                    + std::to_string(insideIf));
    }
    if (Get(nat))
    {
        throw std::invalid_argument(where + node + " already has a NAT");
    }
    if (ipv4->GetNAddresses(outsideIf) == 0)
    {
        throw std::invalid_argument(where + "outside interface " + std::to_string(outsideIf)
                                    + " of " + node + " has no IPv4 address (the public address)");
    }
    Ptr<NaptBox> box = m_factory.Create<NaptBox>();
    box->SetOutside(outsideIf);
    box->SetInside(insideIf);
    box->Install(nat); // the remaining checks (port range, list routing); changes nothing on error
    return box;
}

Ptr<NaptBox>
NaptHelper::Get(Ptr<Node> node)
{
    return node ? node->GetObject<NaptBox>() : nullptr;
}

} // namespace ns3
