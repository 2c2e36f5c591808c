/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ikev2-helper.h"

#include "ns3/ipsec-l3-protocol.h"
#include "ns3/string.h"
#include "ns3/swanctl-reader.h"

#include <stdexcept>

namespace ns3
{

Ikev2Helper::Ikev2Helper()
{
    m_factory.SetTypeId(Ikev2Daemon::GetTypeId());
}

void
Ikev2Helper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    // ObjectFactory::Set would end the program (NS_FATAL_ERROR): say what is wrong instead.
    TypeId::AttributeInformation info;
    if (!Ikev2Daemon::GetTypeId().LookupAttributeByName(name, &info))
    {
        throw std::invalid_argument(
            "Ikev2Helper::SetAttribute: ns3::Ikev2Daemon has no attribute \"" + name + "\"");
    }
    if (!info.checker->CreateValidValue(value))
    {
        throw std::invalid_argument("Ikev2Helper::SetAttribute: invalid value for " + name
                                    + " (expected " + info.checker->GetUnderlyingTypeInformation()
                                    + ")");
    }
    m_factory.Set(name, value);
}

void
Ikev2Helper::CheckNode(Ptr<Node> node, const std::string& what)
{
    if (!node)
    {
        throw std::invalid_argument(what + ": no node");
    }
    if (!node->GetObject<IpsecL3Protocol>())
    {
        throw std::invalid_argument(what + ": node " + std::to_string(node->GetId())
                                    + " has no IPsec (IpsecHelper::Install first)");
    }
    if (Get(node))
    {
        throw std::invalid_argument(what + ": node " + std::to_string(node->GetId())
                                    + " already runs an IKEv2 daemon (ports 500 and 4500)");
    }
}

ApplicationContainer
Ikev2Helper::Add(Ptr<Node> node, Ptr<Ikev2Daemon> daemon, const std::string& what) const
{
    Ikev2ConfigResult r = daemon->LoadConfiguration();
    if (!r.ok)
    {
        throw std::invalid_argument(what + ": " + r.error);
    }
    node->AddApplication(daemon);
    return ApplicationContainer(daemon);
}

ApplicationContainer
Ikev2Helper::Install(Ptr<Node> node, const std::string& swanctl, const std::string& source) const
{
    CheckNode(node, "Ikev2Helper::Install");
    Ptr<Ikev2Daemon> daemon = m_factory.Create<Ikev2Daemon>();
    Ikev2Config config;
    Ikev2ConfigResult r = SwanctlReader::Read(swanctl, source, config);
    if (!r.ok)
    {
        throw std::invalid_argument("Ikev2Helper::Install: " + r.error);
    }
    r = daemon->SetConfig(config);
    if (!r.ok)
    {
        throw std::invalid_argument("Ikev2Helper::Install: " + r.error);
    }
    node->AddApplication(daemon);
    return ApplicationContainer(daemon);
}

ApplicationContainer
Ikev2Helper::InstallFile(Ptr<Node> node, const std::string& path) const
{
    CheckNode(node, "Ikev2Helper::InstallFile");
    Ptr<Ikev2Daemon> daemon = m_factory.Create<Ikev2Daemon>();
    daemon->SetAttribute("ConfigFormat", StringValue("swanctl"));
    daemon->SetAttribute("ConfigText", StringValue(""));
    daemon->SetAttribute("ConfigFile", StringValue(path));
    return Add(node, daemon, "Ikev2Helper::InstallFile");
}

ApplicationContainer
Ikev2Helper::InstallSolaris(Ptr<Node> node,
                            const std::string& config,
                            const std::string& preshared) const
{
    CheckNode(node, "Ikev2Helper::InstallSolaris");
    Ptr<Ikev2Daemon> daemon = m_factory.Create<Ikev2Daemon>();
    daemon->SetAttribute("ConfigFormat", StringValue("solaris"));
    daemon->SetAttribute("ConfigText", StringValue(config));
    daemon->SetAttribute("SecretsText", StringValue(preshared));
    return Add(node, daemon, "Ikev2Helper::InstallSolaris");
}

ApplicationContainer
Ikev2Helper::Install(Ptr<Node> node, const Ikev2Config& config) const
{
    CheckNode(node, "Ikev2Helper::Install");
    Ptr<Ikev2Daemon> daemon = m_factory.Create<Ikev2Daemon>();
    Ikev2ConfigResult r = daemon->SetConfig(config);
    if (!r.ok)
    {
        throw std::invalid_argument("Ikev2Helper::Install: " + r.error);
    }
    node->AddApplication(daemon);
    return ApplicationContainer(daemon);
}

Ptr<Ikev2Daemon>
Ikev2Helper::Get(Ptr<Node> node)
{
    if (!node)
    {
        return nullptr;
    }
    for (uint32_t i = 0; i < node->GetNApplications(); ++i)
    {
        if (Ptr<Ikev2Daemon> d = DynamicCast<Ikev2Daemon>(node->GetApplication(i)))
        {
            return d;
        }
    }
    return nullptr;
}

int64_t
Ikev2Helper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    int64_t current = stream;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<Ikev2Daemon> d = Get(*it))
        {
            current += d->AssignStreams(current);
        }
    }
    return current - stream;
}

} // namespace ns3
