/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-helper.h"

#include "ns3/abort.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/simulator.h"
#include "ns3/trace-helper.h"

#include <stdexcept>
#include <tuple>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecHelper");

namespace
{
void
WriteDatagram(Ptr<PcapFileWrapper> file, Ptr<const Packet> datagram)
{
    file->Write(Simulator::Now(), datagram);
}
} // namespace

IpsecHelper::Suite
IpsecHelper::Suite::Parse(const std::string& protocol,
                          const std::string& encryption,
                          const std::string& authentication)
{
    Suite s;
    if (protocol == "esp")
    {
        s.esp = true;
        s.ah = false;
    }
    else if (protocol == "ah")
    {
        s.esp = false;
        s.ah = true;
    }
    else if (protocol == "esp+ah" || protocol == "ah+esp")
    {
        s.esp = true;
        s.ah = true;
    }
    else
    {
        throw std::invalid_argument("protocol must be esp, ah or esp+ah, not '" + protocol + "'");
    }
    if (s.esp)
    {
        const IpsecAlgorithm* e = IpsecAlgorithmRegistry::FindEncryption(encryption);
        if (!e)
        {
            throw std::invalid_argument("unknown encryption algorithm '" + encryption + "' (known: "
                                        + IpsecAlgorithmRegistry::NamesOf(true) + ")");
        }
        s.encryption = e->name;
        s.authentication = e->IsCombined() ? "none" : authentication;
    }
    if (s.esp && s.authentication != "none")
    {
        const IpsecAlgorithm* a = IpsecAlgorithmRegistry::FindIntegrity(s.authentication);
        if (!a || a->kind != IpsecAlgorithmKind::INTEGRITY)
        {
            throw std::invalid_argument("unknown authentication algorithm '" + authentication
                                        + "' (known: " + IpsecAlgorithmRegistry::NamesOf(false)
                                        + ")");
        }
        s.authentication = a->name;
    }
    if (s.ah)
    {
        const IpsecAlgorithm* a = IpsecAlgorithmRegistry::FindIntegrity(authentication);
        if (!a)
        {
            throw std::invalid_argument("unknown AH authentication algorithm '" + authentication
                                        + "' (known: " + IpsecAlgorithmRegistry::NamesOf(false)
                                        + ")");
        }
        s.ahAuthentication = a->name;
    }
    return s;
}

IpsecHelper::IpsecHelper()
    : m_random(CreateObject<UniformRandomVariable>())
{
    m_factory.SetTypeId(IpsecL3Protocol::GetTypeId());
}

void
IpsecHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<IpsecL3Protocol>
IpsecHelper::Install(Ptr<Node> node) const
{
    NS_ABORT_MSG_IF(!node->GetObject<Ipv4L3Protocol>(),
                    "IpsecHelper::Install: install the internet stack on node " << node->GetId()
                                                                                << " first");
    NS_ABORT_MSG_IF(node->GetObject<IpsecL3Protocol>(),
                    "IpsecHelper::Install: node " << node->GetId() << " already has IPsec");
    Ptr<IpsecL3Protocol> ipsec = m_factory.Create<IpsecL3Protocol>();
    node->AggregateObject(ipsec);
    return ipsec;
}

void
IpsecHelper::Install(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

Ptr<IpsecL3Protocol>
IpsecHelper::Get(Ptr<Node> node)
{
    Ptr<IpsecL3Protocol> ipsec = node->GetObject<IpsecL3Protocol>();
    NS_ABORT_MSG_IF(!ipsec, "node " << node->GetId() << " has no IPsec: call IpsecHelper::Install");
    return ipsec;
}

uint32_t
IpsecHelper::AddPolicy(Ptr<Node> node, Ptr<SecurityPolicy> policy)
{
    return Get(node)->GetSpd()->Add(policy);
}

void
IpsecHelper::AddSa(Ptr<Node> node, Ptr<SecurityAssociation> sa)
{
    std::string error = Get(node)->GetSadb()->Add(sa);
    NS_ABORT_MSG_IF(!error.empty(), "cannot add SA on node " << node->GetId() << ": " << error);
}

IpsecBytes
IpsecHelper::GenerateKey(const std::string& algorithm)
{
    const IpsecAlgorithm* alg = IpsecAlgorithmRegistry::Find(algorithm);
    NS_ABORT_MSG_IF(!alg, "unknown algorithm " << algorithm);
    IpsecBytes key(alg->DefaultKeyMaterialBytes());
    for (auto& b : key)
    {
        b = static_cast<uint8_t>(m_random->GetInteger(0, 255));
    }
    return key;
}

uint32_t
IpsecHelper::NewSpi(Ptr<Node> destinationNode, IpsecProtocol protocol, Ipv4Address destination)
{
    Ptr<SecurityAssociationDatabase> sadb = Get(destinationNode)->GetSadb();
    while (true)
    {
        uint32_t spi = m_random->GetInteger(0x100, 0xfffffffe); // OpenBSD's range
        if (!sadb->Contains(protocol, destination, spi))
        {
            return spi;
        }
    }
}

void
IpsecHelper::ProtectPair(Ptr<Node> a,
                         Ipv4Address aAddress,
                         Ptr<Node> b,
                         Ipv4Address bAddress,
                         const Suite& suite)
{
    Side sa{a, aAddress, aAddress, Ipv4Mask::GetOnes()};
    Side sb{b, bAddress, bAddress, Ipv4Mask::GetOnes()};
    auto [aBundle, bBundle] = AddSaPairs(sa, sb, suite, IpsecMode::TRANSPORT);
    AddPolicy(a, SecurityPolicy::HostPair(aAddress, bAddress, aBundle));
    AddPolicy(b, SecurityPolicy::HostPair(bAddress, aAddress, bBundle));
}

void
IpsecHelper::KeyPair(Ptr<Node> a,
                     Ipv4Address aAddress,
                     Ptr<Node> b,
                     Ipv4Address bAddress,
                     const Suite& suite,
                     IpsecMode mode,
                     uint32_t aPolicyId)
{
    AddSaPairs({a, aAddress, aAddress, Ipv4Mask::GetOnes()},
               {b, bAddress, bAddress, Ipv4Mask::GetOnes()},
               suite,
               mode,
               aPolicyId);
}

void
IpsecHelper::ProtectNetworks(Ptr<Node> a,
                             Ipv4Address aAddress,
                             Ipv4Address aNetwork,
                             Ipv4Mask aMask,
                             Ptr<Node> b,
                             Ipv4Address bAddress,
                             Ipv4Address bNetwork,
                             Ipv4Mask bMask,
                             const Suite& suite)
{
    auto [aBundle, bBundle] = AddSaPairs({a, aAddress, aNetwork, aMask},
                                         {b, bAddress, bNetwork, bMask},
                                         suite,
                                         IpsecMode::TUNNEL);
    AddPolicy(a, SecurityPolicy::Networks(aNetwork, aMask, bNetwork, bMask, aBundle));
    AddPolicy(b, SecurityPolicy::Networks(bNetwork, bMask, aNetwork, aMask, bBundle));
}

std::pair<Ptr<IpsecTunnelInterface>, Ptr<IpsecTunnelInterface>>
IpsecHelper::AddRouteBasedTunnel(Ptr<Node> a,
                                 Ipv4Address aAddress,
                                 Ipv4Address aNetwork,
                                 Ipv4Mask aMask,
                                 Ptr<Node> b,
                                 Ipv4Address bAddress,
                                 Ipv4Address bNetwork,
                                 Ipv4Mask bMask,
                                 const Suite& suite)
{
    auto [aBundle, bBundle] = AddSaPairs({a, aAddress, aNetwork, aMask},
                                         {b, bAddress, bNetwork, bMask},
                                         suite,
                                         IpsecMode::TUNNEL);
    // Each tunnel gets a /30 from 169.254.0.0/16 (link-local, like unnumbered vti links).
    uint32_t base = 0xa9fe0000 + 4 * (m_tunnels++ % 16384);
    Ipv4Mask slash30("255.255.255.252");
    Ptr<IpsecTunnelInterface> aTunnel
        = Get(a)->AddTunnelInterface(aAddress,
                                     bAddress,
                                     Ipv4InterfaceAddress(Ipv4Address(base + 1), slash30));
    Ptr<IpsecTunnelInterface> bTunnel
        = Get(b)->AddTunnelInterface(bAddress,
                                     aAddress,
                                     Ipv4InterfaceAddress(Ipv4Address(base + 2), slash30));
    // The protection for everything routed into the tunnel, and the routes that do so.
    Ipv4Address any = Ipv4Address::GetAny();
    Ipv4Mask none = Ipv4Mask::GetZero();
    aTunnel->GetSpd()->Add(SecurityPolicy::Networks(any, none, any, none, aBundle));
    bTunnel->GetSpd()->Add(SecurityPolicy::Networks(any, none, any, none, bBundle));
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(a->GetObject<Ipv4>())
        ->AddNetworkRouteTo(bNetwork.CombineMask(bMask), bMask, aTunnel->GetInterface());
    routing.GetStaticRouting(b->GetObject<Ipv4>())
        ->AddNetworkRouteTo(aNetwork.CombineMask(aMask), aMask, bTunnel->GetInterface());
    return {aTunnel, bTunnel};
}

std::pair<std::vector<IpsecProtectionRequest>, std::vector<IpsecProtectionRequest>>
IpsecHelper::AddSaPairs(const Side& a,
                        const Side& b,
                        const Suite& suite,
                        IpsecMode mode,
                        uint32_t aPolicyId)
{
    // Tunnel mode: the first protocol (ESP, else AH) is the tunnel; AH with ESP then covers
    // the outer header between the same endpoints: [outer IP][AH][ESP][inner IP].
    std::vector<IpsecProtectionRequest> aBundle;
    std::vector<IpsecProtectionRequest> bBundle;
    for (IpsecProtocol protocol : {IpsecProtocol::ESP, IpsecProtocol::AH})
    {
        bool esp = protocol == IpsecProtocol::ESP;
        if ((esp && !suite.esp) || (!esp && !suite.ah))
        {
            continue;
        }
        IpsecMode layerMode = aBundle.empty() ? mode : IpsecMode::TRANSPORT;
        for (auto [side, peer, bundle] :
             {std::make_tuple(&a, &b, &aBundle), std::make_tuple(&b, &a, &bBundle)})
        {
            IpsecProtectionRequest request;
            request.protocol = protocol;
            request.level = suite.level;
            request.mode = layerMode;
            if (layerMode == IpsecMode::TUNNEL)
            {
                request.tunnelSource = side->address;
                request.tunnelDestination = peer->address;
            }
            bundle->push_back(request);
        }
        for (auto [from, to] : {std::make_pair(&a, &b), std::make_pair(&b, &a)})
        {
            uint32_t spi = NewSpi(to->node, protocol, to->address);
            IpsecBytes encrKey;
            IpsecBytes authKey;
            std::string authName = esp ? suite.authentication : suite.ahAuthentication;
            if (esp)
            {
                encrKey = GenerateKey(suite.encryption);
            }
            if (authName != "none")
            {
                authKey = GenerateKey(authName);
            }
            // The same SA (identity, keys) goes into both SADBs: the sender uses it outbound,
            // the receiver inbound.
            for (Ptr<Node> node : {from->node, to->node})
            {
                Ptr<SecurityAssociation> sa
                    = Create<SecurityAssociation>(protocol, spi, from->address, to->address);
                if (esp)
                {
                    sa->SetEncryption(suite.encryption, encrKey);
                }
                if (authName != "none")
                {
                    sa->SetAuthentication(authName, authKey);
                }
                sa->SetMode(layerMode);
                sa->SetReplayWindow(suite.replayWindow);
                sa->SetExtendedSequenceNumbers(suite.extendedSequenceNumbers);
                sa->SetPolicyId(from == &a ? aPolicyId : 0);
                AddSa(node, sa);
            }
        }
    }
    return {aBundle, bBundle};
}

int64_t
IpsecHelper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    int64_t current = stream;
    m_random->SetStream(current++);
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<IpsecL3Protocol> ipsec = (*it)->GetObject<IpsecL3Protocol>();
        if (ipsec)
        {
            current += ipsec->AssignStreams(current);
        }
    }
    return current - stream;
}

void
IpsecHelper::EnableCleartextPcap(const std::string& prefix, NodeContainer nodes)
{
    PcapHelper pcap;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<IpsecL3Protocol> ipsec = Get(*it);
        // Named like ns-3's own PCAP files: the node's name when it has one, else its id.
        std::string node = Names::FindName(*it);
        std::string name
            = prefix + "-" + (node.empty() ? std::to_string((*it)->GetId()) : node) + "-enc.pcap";
        Ptr<PcapFileWrapper> file = pcap.CreateFile(name, std::ios::out, PcapHelper::DLT_RAW);
        ipsec->TraceConnectWithoutContext("CleartextOut", MakeBoundCallback(&WriteDatagram, file));
        ipsec->TraceConnectWithoutContext("CleartextIn", MakeBoundCallback(&WriteDatagram, file));
    }
}

void
IpsecHelper::PrintStats(std::ostream& os, NodeContainer nodes)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<IpsecL3Protocol> ipsec = (*it)->GetObject<IpsecL3Protocol>();
        if (ipsec)
        {
            std::string name = Names::FindName(*it);
            os << "--- node " << (*it)->GetId() << (name.empty() ? "" : " (" + name + ")")
               << " ---\n";
            ipsec->GetStats().Print(os);
        }
    }
}

IpsecConfigResult
IpsecHelper::LoadConfigFile(Ptr<Node> node, IpsecConfigFormat format, const std::string& path)
{
    Ptr<IpsecL3Protocol> ipsec = Get(node);
    NS_ABORT_MSG_IF(!ipsec, "IpsecHelper::LoadConfigFile: install IPsec on the node first");
    return IpsecConfig::LoadFile(ipsec, format, path);
}

IpsecConfigResult
IpsecHelper::LoadConfigText(Ptr<Node> node, IpsecConfigFormat format, const std::string& text)
{
    Ptr<IpsecL3Protocol> ipsec = Get(node);
    NS_ABORT_MSG_IF(!ipsec, "IpsecHelper::LoadConfigText: install IPsec on the node first");
    return IpsecConfig::Load(ipsec, format, text, "text");
}

} // namespace ns3
