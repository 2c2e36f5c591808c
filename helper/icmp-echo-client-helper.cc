/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "icmp-echo-client-helper.h"

#include "ns3/icmp-echo-client.h"
#include "ns3/node.h"

namespace ns3
{

IcmpEchoClientHelper::IcmpEchoClientHelper(Ipv4Address remote)
{
    m_factory.SetTypeId(IcmpEchoClient::GetTypeId());
    m_factory.Set("Remote", Ipv4AddressValue(remote));
}

void
IcmpEchoClientHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
IcmpEchoClientHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Application> app = m_factory.Create<Application>();
        (*it)->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

} // namespace ns3
