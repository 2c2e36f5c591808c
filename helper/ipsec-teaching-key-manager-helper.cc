/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-teaching-key-manager-helper.h"

#include "ns3/ipsec-helper.h"
#include "ns3/ipsec-teaching-key-manager.h"

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
