/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-helper.h"

#include "ns3/abort.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/simulator.h"
#include "ns3/trace-helper.h"

#include <sstream>
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
        bool none = authentication.empty() || authentication == "none" || authentication == "null";
        s.authentication = none ? "none" : authentication;
        if (e->IsCombined() && !none && !s.ah)
        {
            throw std::invalid_argument(e->name
                                        + " is a combined-mode algorithm: it authenticates "
                                          "by itself, so the authentication must be "
                                          "'none', not '"
                                        + authentication + "'");
        }
        if (e->IsCombined())
        {
            s.authentication = "none"; // with AH, the authentication names AH's
        }
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
    s.Check();
    return s;
}

void
IpsecHelper::Suite::Check() const
{
    if (!esp && !ah)
    {
        throw std::invalid_argument("the suite has neither ESP nor AH");
    }
    // What an SA of the suite would say about it: the SA's checks are the rules.
    for (IpsecProtocol protocol : {IpsecProtocol::ESP, IpsecProtocol::AH})
    {
        bool isEsp = protocol == IpsecProtocol::ESP;
        if ((isEsp && !esp) || (!isEsp && !ah))
        {
            continue;
        }
        SecurityAssociation probe(protocol, 0x100, Ipv4Address::GetAny(), Ipv4Address::GetAny());
        std::string auth = isEsp ? authentication : ahAuthentication;
        if (isEsp)
        {
            const IpsecAlgorithm* e = IpsecAlgorithmRegistry::FindEncryption(encryption);
            probe.SetEncryption(encryption, IpsecBytes(e ? e->DefaultKeyMaterialBytes() : 0, 1));
        }
        if (auth != "none")
        {
            const IpsecAlgorithm* a = IpsecAlgorithmRegistry::FindIntegrity(auth);
            probe.SetAuthentication(auth, IpsecBytes(a ? a->DefaultKeyMaterialBytes() : 0, 1));
        }
        probe.SetReplayWindow(replayWindow);
        probe.SetExtendedSequenceNumbers(extendedSequenceNumbers);
        std::string error = probe.Check();
        if (!error.empty())
        {
            throw std::invalid_argument(ToString(protocol) + " suite: " + error);
        }
    }
}

namespace
{
/// Helpers constructed in this simulation: the n-th one draws its keys from stream KEY_STREAM + n.
int64_t g_helpers = 0;
/// Far above the streams scripts assign by hand ("IPSEC" in ASCII, shifted).
constexpr int64_t KEY_STREAM = int64_t(0x4950534543) << 16;

void
ForgetHelpers()
{
    g_helpers = 0;
}
} // namespace

IpsecHelper::IpsecHelper()
    : m_random(CreateObject<UniformRandomVariable>())
{
    m_factory.SetTypeId(IpsecL3Protocol::GetTypeId());
    if (g_helpers == 0)
    {
        Simulator::ScheduleDestroy(&ForgetHelpers); // the next simulation starts over
    }
    m_random->SetStream(KEY_STREAM + g_helpers++);
}

void
IpsecHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<IpsecL3Protocol>
IpsecHelper::Install(Ptr<Node> node) const
{
    NS_ABORT_MSG_IF(!node->GetObject<Ipv4L3Protocol>() && !node->GetObject<Ipv6L3Protocol>(),
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
    Ptr<SecurityPolicyDatabase> spd = Get(node)->GetSpd();
    uint32_t id = spd->Add(policy);
    if (id == 0)
    {
        throw std::invalid_argument("node " + std::to_string(node->GetId())
                                    + " already has a policy with these selectors: "
                                    + spd->FindSameSelectors(*policy)->ToString());
    }
    return id;
}

void
IpsecHelper::AddSa(Ptr<Node> node, Ptr<SecurityAssociation> sa)
{
    std::string error = Get(node)->GetSadb()->Add(sa);
    if (!error.empty())
    {
        throw std::invalid_argument("cannot add SA on node " + std::to_string(node->GetId()) + ": "
                                    + error);
    }
}

void
IpsecHelper::CheckEnds(const Side& a, const Side& b, const std::string& what)
{
    if (!a.node || !b.node)
    {
        throw std::invalid_argument(what + ": a node is null");
    }
    if (a.node == b.node)
    {
        throw std::invalid_argument(what + ": both ends are node "
                                    + std::to_string(a.node->GetId()));
    }
    if (a.address.GetFamily() != b.address.GetFamily() || a.address.IsNone())
    {
        std::ostringstream oss;
        oss << what << ": " << a.address << " and " << b.address
            << " are not addresses of one family";
        throw std::invalid_argument(oss.str());
    }
    // Whether a node owns an address of either family.
    auto owns = [](Ptr<Node> node, const IpsecAddress& address) {
        if (address.IsIpv4())
        {
            Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
            return ipv4 && ipv4->GetInterfaceForAddress(address.GetIpv4()) >= 0;
        }
        Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
        return ipv6 && ipv6->GetInterfaceForAddress(address.GetIpv6()) >= 0;
    };
    for (const Side* side : {&a, &b})
    {
        if (!side->node->GetObject<IpsecL3Protocol>())
        {
            throw std::invalid_argument(what + ": node " + std::to_string(side->node->GetId())
                                        + " has no IPsec (call IpsecHelper::Install first)");
        }
        if (!owns(side->node, side->address))
        {
            const Side* other = side == &a ? &b : &a;
            bool swapped = owns(other->node, side->address);
            std::ostringstream oss;
            oss << what << ": " << side->address << " is not an address of node "
                << side->node->GetId() << (swapped ? " (it is the other node's: swapped?)" : "");
            throw std::invalid_argument(oss.str());
        }
    }
}

IpsecBytes
IpsecHelper::GenerateKey(const std::string& algorithm)
{
    const IpsecAlgorithm* alg = IpsecAlgorithmRegistry::Find(algorithm);
    if (!alg)
    {
        throw std::invalid_argument("unknown algorithm '" + algorithm + "'");
    }
    IpsecBytes key(alg->DefaultKeyMaterialBytes());
    for (auto& b : key)
    {
        b = static_cast<uint8_t>(m_random->GetInteger(0, 255));
    }
    return key;
}

uint32_t
IpsecHelper::NewSpi(Ptr<Node> destinationNode,
                    IpsecProtocol protocol,
                    const IpsecAddress& destination)
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
                         const IpsecAddress& aAddress,
                         Ptr<Node> b,
                         const IpsecAddress& bAddress,
                         const Suite& suite)
{
    Side sa{a, aAddress, aAddress, IpsecMask::Host(aAddress.GetFamily())};
    Side sb{b, bAddress, bAddress, IpsecMask::Host(bAddress.GetFamily())};
    CheckEnds(sa, sb, "ProtectPair");
    suite.Check();
    for (auto [node, local, remote] :
         {std::make_tuple(a, aAddress, bAddress), std::make_tuple(b, bAddress, aAddress)})
    {
        Ptr<SecurityPolicy> probe = SecurityPolicy::HostPair(local, remote, {});
        if (Ptr<SecurityPolicy> existing = Get(node)->GetSpd()->FindSameSelectors(*probe))
        {
            throw std::invalid_argument("ProtectPair: node " + std::to_string(node->GetId())
                                        + " already has a policy for this pair: "
                                        + existing->ToString());
        }
    }
    auto [aBundle, bBundle] = AddSaPairs(sa, sb, suite, IpsecMode::TRANSPORT);
    AddPolicy(a, SecurityPolicy::HostPair(aAddress, bAddress, aBundle));
    AddPolicy(b, SecurityPolicy::HostPair(bAddress, aAddress, bBundle));
}

void
IpsecHelper::KeyPair(Ptr<Node> a,
                     const IpsecAddress& aAddress,
                     Ptr<Node> b,
                     const IpsecAddress& bAddress,
                     const Suite& suite,
                     IpsecMode mode,
                     uint32_t aPolicyId)
{
    Side sa{a, aAddress, aAddress, IpsecMask::Host(aAddress.GetFamily())};
    Side sb{b, bAddress, bAddress, IpsecMask::Host(bAddress.GetFamily())};
    CheckEnds(sa, sb, "KeyPair");
    suite.Check();
    AddSaPairs(sa, sb, suite, mode, aPolicyId);
}

void
IpsecHelper::ProtectNetworks(Ptr<Node> a,
                             const IpsecAddress& aAddress,
                             const IpsecAddress& aNetwork,
                             const IpsecMask& aMask,
                             Ptr<Node> b,
                             const IpsecAddress& bAddress,
                             const IpsecAddress& bNetwork,
                             const IpsecMask& bMask,
                             const Suite& suite)
{
    Side sa{a, aAddress, aNetwork, aMask};
    Side sb{b, bAddress, bNetwork, bMask};
    CheckEnds(sa, sb, "ProtectNetworks");
    CheckNetworks(sa, sb, "ProtectNetworks");
    suite.Check();
    for (auto [node, local, localMask, remote, remoteMask] :
         {std::make_tuple(a, aNetwork, aMask, bNetwork, bMask),
          std::make_tuple(b, bNetwork, bMask, aNetwork, aMask)})
    {
        Ptr<SecurityPolicy> probe
            = SecurityPolicy::Networks(local, localMask, remote, remoteMask, {});
        if (Ptr<SecurityPolicy> existing = Get(node)->GetSpd()->FindSameSelectors(*probe))
        {
            throw std::invalid_argument("ProtectNetworks: node " + std::to_string(node->GetId())
                                        + " already has a policy for these networks: "
                                        + existing->ToString());
        }
    }
    auto [aBundle, bBundle] = AddSaPairs(sa, sb, suite, IpsecMode::TUNNEL);
    AddPolicy(a, SecurityPolicy::Networks(aNetwork, aMask, bNetwork, bMask, aBundle));
    AddPolicy(b, SecurityPolicy::Networks(bNetwork, bMask, aNetwork, aMask, bBundle));
}

std::pair<Ptr<IpsecTunnelInterface>, Ptr<IpsecTunnelInterface>>
IpsecHelper::AddRouteBasedTunnel(Ptr<Node> a,
                                 const IpsecAddress& aAddress,
                                 const IpsecAddress& aNetwork,
                                 const IpsecMask& aMask,
                                 Ptr<Node> b,
                                 const IpsecAddress& bAddress,
                                 const IpsecAddress& bNetwork,
                                 const IpsecMask& bMask,
                                 const Suite& suite)
{
    Side sa{a, aAddress, aNetwork, aMask};
    Side sb{b, bAddress, bNetwork, bMask};
    CheckEnds(sa, sb, "AddRouteBasedTunnel");
    CheckNetworks(sa, sb, "AddRouteBasedTunnel");
    bool inner6 = aNetwork.IsIpv6();
    for (const Side* side : {&sa, &sb})
    {
        std::string node = "AddRouteBasedTunnel: node " + std::to_string(side->node->GetId());
        bool routes = inner6
                        ? Ipv6StaticRoutingHelper().GetStaticRouting(side->node->GetObject<Ipv6>())
                              != nullptr
                        : Ipv4StaticRoutingHelper().GetStaticRouting(side->node->GetObject<Ipv4>())
                              != nullptr;
        if (!routes)
        {
            throw std::invalid_argument(node + " has no " + (inner6 ? "IPv6" : "IPv4")
                                        + " static routing for the networks " + aNetwork.ToString()
                                        + " and " + bNetwork.ToString());
        }
        if (IpsecMask::FromPrefixLength(side->mask.GetFamily(), side->mask.GetPrefixLength())
            != side->mask)
        {
            throw std::invalid_argument(node + ": the mask of " + side->network.ToString()
                                        + " is not a prefix (routes need one)");
        }
        const Side* peer = side == &sa ? &sb : &sa;
        for (const auto& tunnel : Get(side->node)->GetTunnelInterfaces())
        {
            if (tunnel->GetLocal() == side->address && tunnel->GetRemote() == peer->address)
            {
                throw std::invalid_argument(
                    node + " already has tunnel interface " + tunnel->GetName() + " from "
                    + side->address.ToString() + " to " + peer->address.ToString()
                    + " (one interface carries both families: AddAddress or EnableIpv6 on it)");
            }
        }
    }
    suite.Check();
    auto [aBundle, bBundle] = AddSaPairs(sa, sb, suite, IpsecMode::TUNNEL);
    Ptr<IpsecTunnelInterface> aTunnel = Get(a)->AddTunnelInterface(aAddress, bAddress);
    Ptr<IpsecTunnelInterface> bTunnel = Get(b)->AddTunnelInterface(bAddress, aAddress);
    // The protection for everything of the networks' family routed into the tunnel.
    IpsecAddress any = IpsecAddress::GetAny(aNetwork.GetFamily());
    IpsecMask none = IpsecMask::FromPrefixLength(aNetwork.GetFamily(), 0);
    aTunnel->GetSpd()->Add(SecurityPolicy::Networks(any, none, any, none, aBundle));
    bTunnel->GetSpd()->Add(SecurityPolicy::Networks(any, none, any, none, bBundle));
    if (inner6)
    {
        // Each tunnel pair gets a /64 from fd00:a9fe::/32 (unique local; ns-3's static routing
        // needs an address of the route's scope on the interface to give the gateway's own
        // datagrams a source), and each route goes to the peer's address through the interface.
        uint32_t pair = m_tunnels++ % 65536;
        uint8_t bytes[16] = {0xfd, 0x00, 0xa9, 0xfe, 0, 0, uint8_t(pair >> 8), uint8_t(pair)};
        bytes[15] = 1;
        Ipv6Address aInner(bytes);
        bytes[15] = 2;
        Ipv6Address bInner(bytes);
        aTunnel->AddAddress(Ipv6InterfaceAddress(aInner, Ipv6Prefix(64)));
        bTunnel->AddAddress(Ipv6InterfaceAddress(bInner, Ipv6Prefix(64)));
        Ipv6StaticRoutingHelper routing;
        routing.GetStaticRouting(a->GetObject<Ipv6>())
            ->AddNetworkRouteTo(bMask.Combine(bNetwork).GetIpv6(),
                                Ipv6Prefix(bMask.GetPrefixLength()),
                                bInner,
                                aTunnel->GetInterface6());
        routing.GetStaticRouting(b->GetObject<Ipv6>())
            ->AddNetworkRouteTo(aMask.Combine(aNetwork).GetIpv6(),
                                Ipv6Prefix(aMask.GetPrefixLength()),
                                aInner,
                                bTunnel->GetInterface6());
        return {aTunnel, bTunnel};
    }
    // Each tunnel gets a /30 from 169.254.0.0/16 (link-local, like unnumbered vti links).
    uint32_t base = 0xa9fe0000 + 4 * (m_tunnels++ % 16384);
    Ipv4Mask slash30("255.255.255.252");
    aTunnel->AddAddress(Ipv4InterfaceAddress(Ipv4Address(base + 1), slash30));
    bTunnel->AddAddress(Ipv4InterfaceAddress(Ipv4Address(base + 2), slash30));
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(a->GetObject<Ipv4>())
        ->AddNetworkRouteTo(bMask.Combine(bNetwork).GetIpv4(),
                            Ipv4Mask(("/" + std::to_string(bMask.GetPrefixLength())).c_str()),
                            aTunnel->GetInterface());
    routing.GetStaticRouting(b->GetObject<Ipv4>())
        ->AddNetworkRouteTo(aMask.Combine(aNetwork).GetIpv4(),
                            Ipv4Mask(("/" + std::to_string(aMask.GetPrefixLength())).c_str()),
                            bTunnel->GetInterface());
    return {aTunnel, bTunnel};
}

void
IpsecHelper::CheckNetworks(const Side& a, const Side& b, const std::string& what)
{
    // The networks are of one family, which may differ from the tunnel's (4-in-6, 6-in-4).
    if (a.network.GetFamily() != b.network.GetFamily() || a.network.IsNone()
        || a.mask.GetFamily() != a.network.GetFamily()
        || b.mask.GetFamily() != b.network.GetFamily())
    {
        std::ostringstream oss;
        oss << what << ": the networks " << a.network << " and " << b.network
            << " and their masks are not of one family";
        throw std::invalid_argument(oss.str());
    }
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
