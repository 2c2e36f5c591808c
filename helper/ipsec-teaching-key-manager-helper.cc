/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-teaching-key-manager-helper.h"

#include "ns3/ipsec-helper.h"
#include "ns3/ipsec-teaching-key-manager.h"
#include "ns3/uinteger.h"

namespace ns3
{

IpsecTeachingKeyManagerHelper::IpsecTeachingKeyManagerHelper()
{
    m_factory.SetTypeId(IpsecTeachingKeyManager::GetTypeId());
}

void
IpsecTeachingKeyManagerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
IpsecTeachingKeyManagerHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<IpsecTeachingKeyManager> app = m_factory.Create<IpsecTeachingKeyManager>();
        UintegerValue port;
        app->GetAttribute("Port", port);
        Ptr<SecurityPolicy> bypass = Create<SecurityPolicy>();
        bypass->protocol = 17;
        bypass->localPortMin = bypass->localPortMax = port.Get();
        bypass->remotePortMin = bypass->remotePortMax = port.Get();
        bypass->direction = SecurityPolicy::Direction::BOTH;
        bypass->action = SecurityPolicy::Action::BYPASS;
        bypass->comment = "teaching key manager control channel";
        IpsecHelper::AddPolicy(*it, bypass);
        (*it)->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

int64_t
IpsecTeachingKeyManagerHelper::AssignStreams(ApplicationContainer apps, int64_t stream)
{
    int64_t used = 0;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        Ptr<IpsecTeachingKeyManager> app = DynamicCast<IpsecTeachingKeyManager>(*it);
        if (app)
        {
            used += app->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace ns3
