/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-l3-protocol.h"

#include "ipsec-config.h"
#include "ipsec-drop-detail.h"
#include "ipsec-enum-checker.h"
#include "ipsec-forwarding-shim.h"
#include "ipsec-inbound-guard.h"
#include "ipsec-l4-handler.h"
#include "ipsec-packet-bytes.h"
#include "ipsec-transform.h"
#include "ipsec-tunnel-header.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-socket.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <array>
#include <iostream>
#include <sstream>
#include <tuple>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecL3Protocol");
NS_OBJECT_ENSURE_REGISTERED(IpsecL3Protocol);

/// The setter and getter of the IpsecSettings member `field` (of type T), for an attribute.
#define IPSEC_SETTING(T, field)                             \
    &IpsecL3Protocol::SetSetting<T, &IpsecSettings::field>, \
        &IpsecL3Protocol::GetSetting<T, &IpsecSettings::field>

namespace
{
constexpr uint8_t ICMP = 1;
constexpr uint8_t IGMP = 2;
constexpr uint8_t IPIP = 4;
constexpr uint8_t TCP = 6;
constexpr uint8_t UDP = 17;
constexpr uint8_t PIM = 103;
constexpr size_t ECHO_MEMORY = 4096;

/// \return the checker of the per-socket level attributes (OpenBSD names)
Ptr<const AttributeChecker>
SocketLevelChecker()
{
    return MakeIpsecEnumChecker<IpsecSocketPolicy::Level>(
        {{IpsecSocketPolicy::LEVEL_BYPASS, "Bypass"},
         {IpsecSocketPolicy::LEVEL_AVAIL, "Avail"},
         {IpsecSocketPolicy::LEVEL_USE, "Use"},
         {IpsecSocketPolicy::LEVEL_REQUIRE, "Require"},
         {IpsecSocketPolicy::LEVEL_UNIQUE, "Unique"}});
}
} // namespace

TypeId
IpsecL3Protocol::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::IpsecL3Protocol")
              .SetParent<Object>()
              .SetGroupName("Ipsec")
              .AddConstructor<IpsecL3Protocol>()
              .AddAttribute("Spd",
                            "The security policy database.",
                            PointerValue(),
                            MakePointerAccessor(&IpsecL3Protocol::SetSpd, &IpsecL3Protocol::GetSpd),
                            MakePointerChecker<SecurityPolicyDatabase>())
              .AddAttribute(
                  "Sadb",
                  "The security association database.",
                  PointerValue(),
                  MakePointerAccessor(&IpsecL3Protocol::SetSadb, &IpsecL3Protocol::GetSadb),
                  MakePointerChecker<SecurityAssociationDatabase>())
              .AddAttribute(
                  "DefaultPolicy",
                  "What happens to traffic no SPD entry matches: Pass or Discard (BSD "
                  "net.inet.ipsec.def_policy).",
                  EnumValue(DefaultPolicy::PASS),
                  IPSEC_ENUM_ACCESSOR(DefaultPolicy, IPSEC_SETTING(DefaultPolicy, defaultPolicy)),
                  MakeIpsecEnumChecker<DefaultPolicy>(
                      {{DefaultPolicy::PASS, "Pass"}, {DefaultPolicy::DISCARD, "Discard"}}))
              .AddAttribute("EspTransDefLev",
                            "Level of 'default' ESP transport requests: 1 use, 2 require.",
                            UintegerValue(1),
                            MakeUintegerAccessor(IPSEC_SETTING(uint8_t, espTransDefLev)),
                            MakeUintegerChecker<uint8_t>(1, 2))
              .AddAttribute("EspNetDefLev",
                            "Level of 'default' ESP tunnel requests: 1 use, 2 require.",
                            UintegerValue(1),
                            MakeUintegerAccessor(IPSEC_SETTING(uint8_t, espNetDefLev)),
                            MakeUintegerChecker<uint8_t>(1, 2))
              .AddAttribute("AhTransDefLev",
                            "Level of 'default' AH transport requests: 1 use, 2 require.",
                            UintegerValue(1),
                            MakeUintegerAccessor(IPSEC_SETTING(uint8_t, ahTransDefLev)),
                            MakeUintegerChecker<uint8_t>(1, 2))
              .AddAttribute("AhNetDefLev",
                            "Level of 'default' AH tunnel requests: 1 use, 2 require.",
                            UintegerValue(1),
                            MakeUintegerAccessor(IPSEC_SETTING(uint8_t, ahNetDefLev)),
                            MakeUintegerChecker<uint8_t>(1, 2))
              .AddAttribute("AhClearTos",
                            "Zero the IPv4 TOS field in the AH ICV computation (RFC-conformant; "
                            "BSD ah_cleartos).",
                            BooleanValue(true),
                            MakeBooleanAccessor(IPSEC_SETTING(bool, ahClearTos)),
                            MakeBooleanChecker())
              .AddAttribute("AhOffsetMask",
                            "Mask ANDed with the IPv4 flags and fragment offset in the AH ICV "
                            "computation (0 is RFC-conformant; BSD ah_offsetmask).",
                            UintegerValue(0),
                            MakeUintegerAccessor(IPSEC_SETTING(uint16_t, ahOffsetMask)),
                            MakeUintegerChecker<uint16_t>())
              .AddAttribute("CheckPadding",
                            "Verify that ESP padding bytes are 1, 2, 3, ... (RFC 4303 §2.4).",
                            BooleanValue(true),
                            MakeBooleanAccessor(IPSEC_SETTING(bool, checkPadding)),
                            MakeBooleanChecker())
              .AddAttribute("DfBit",
                            "DF bit of a tunnel-mode outer header: Clear, Set or Copy from the "
                            "inner header, like BSD's net.inet.ipsec.dfbit 0, 1 and 2.",
                            EnumValue(IpsecTunnelHeader::DF_CLEAR),
                            IPSEC_ENUM_ACCESSOR(IpsecTunnelHeader::DfBit,
                                                IPSEC_SETTING(IpsecTunnelHeader::DfBit, dfBit)),
                            MakeIpsecEnumChecker<IpsecTunnelHeader::DfBit>(
                                {{IpsecTunnelHeader::DF_CLEAR, "Clear"},
                                 {IpsecTunnelHeader::DF_SET, "Set"},
                                 {IpsecTunnelHeader::DF_COPY, "Copy"}}))
              .AddAttribute("Ecn",
                            "RFC 6040 normal mode for tunnels: copy the inner ECN field to the "
                            "outer header and propagate an outer CE mark on decapsulation. Off: "
                            "the outer header is Not-ECT (compatibility mode) and the outer ECN "
                            "field is ignored.",
                            BooleanValue(false),
                            MakeBooleanAccessor(IPSEC_SETTING(bool, ecn)),
                            MakeBooleanChecker())
              .AddAttribute("IcmpAcceptClear",
                            "Let certain cleartext ICMP messages (errors, replies) bypass inbound "
                            "policy, and protect echo replies like their request (illumos "
                            "icmp_accept_clear_messages).",
                            BooleanValue(true),
                            MakeBooleanAccessor(IPSEC_SETTING(bool, icmpAcceptClear)),
                            MakeBooleanChecker())
              .AddAttribute("IgmpAcceptClear",
                            "Let cleartext IGMP bypass inbound policy (illumos "
                            "igmp_accept_clear_messages).",
                            BooleanValue(true),
                            MakeBooleanAccessor(IPSEC_SETTING(bool, igmpAcceptClear)),
                            MakeBooleanChecker())
              .AddAttribute("PimAcceptClear",
                            "Let cleartext PIM bypass inbound policy (illumos "
                            "pim_accept_clear_messages).",
                            BooleanValue(true),
                            MakeBooleanAccessor(IPSEC_SETTING(bool, pimAcceptClear)),
                            MakeBooleanChecker())
              .AddAttribute("PersockRequirePriv",
                            "Require privilege to choose per-socket algorithms the system policy "
                            "does not allow for the socket's traffic (Solaris "
                            "persock-require-priv). Bypassing always needs privilege.",
                            BooleanValue(true),
                            MakeBooleanAccessor(IPSEC_SETTING(bool, persockRequirePriv)),
                            MakeBooleanChecker())
              .AddAttribute(
                  "SocketAuthLevel",
                  "Default IP_AUTH_LEVEL of sockets (OpenBSD ipsec_auth_default_level); "
                  "unprivileged sockets cannot go below it.",
                  EnumValue(IpsecSocketPolicy::LEVEL_AVAIL),
                  IPSEC_ENUM_ACCESSOR(IpsecSocketPolicy::Level,
                                      IPSEC_SETTING(IpsecSocketPolicy::Level, socketAuthLevel)),
                  SocketLevelChecker())
              .AddAttribute(
                  "SocketEspTransLevel",
                  "Default IP_ESP_TRANS_LEVEL of sockets; unprivileged sockets cannot go "
                  "below it.",
                  EnumValue(IpsecSocketPolicy::LEVEL_AVAIL),
                  IPSEC_ENUM_ACCESSOR(IpsecSocketPolicy::Level,
                                      IPSEC_SETTING(IpsecSocketPolicy::Level, socketEspTransLevel)),
                  SocketLevelChecker())
              .AddAttribute("SocketEspNetworkLevel",
                            "Default IP_ESP_NETWORK_LEVEL of sockets; unprivileged sockets cannot "
                            "go below it.",
                            EnumValue(IpsecSocketPolicy::LEVEL_AVAIL),
                            IPSEC_ENUM_ACCESSOR(
                                IpsecSocketPolicy::Level,
                                IPSEC_SETTING(IpsecSocketPolicy::Level, socketEspNetworkLevel)),
                            SocketLevelChecker())
              .AddAttribute("PolicyLogInterval",
                            "At most one policy failure message per interval (illumos "
                            "ipsec_policy_log_interval, in ms).",
                            TimeValue(MilliSeconds(1000)),
                            MakeTimeAccessor(IPSEC_SETTING(Time, policyLogInterval)),
                            MakeTimeChecker(Time(0)))
              .AddAttribute("KeyFile",
                            "SAs to load when the simulation starts (ipseckey -f or setkey -f "
                            "file, see KeyFileFormat). Host names resolve through ns3::Names. A "
                            "bad file stops the simulation with file:line:column: message.",
                            StringValue(""),
                            MakeStringAccessor(&IpsecL3Protocol::m_keyFile),
                            MakeStringChecker())
              .AddAttribute("KeyText",
                            "SA statements to load when the simulation starts, in "
                            "KeyFileFormat, after KeyFile.",
                            StringValue(""),
                            MakeStringAccessor(&IpsecL3Protocol::m_keyText),
                            MakeStringChecker())
              .AddAttribute("KeyFileFormat",
                            "Format of KeyFile and KeyText.",
                            EnumValue(IpsecL3Protocol::IPSECKEY_FORMAT),
                            IPSEC_ENUM_ACCESSOR(ConfigFormat, &IpsecL3Protocol::m_keyFormat),
                            MakeIpsecEnumChecker<ConfigFormat>(
                                {{IpsecL3Protocol::IPSECKEY_FORMAT, "ipseckey"},
                                 {IpsecL3Protocol::SETKEY_FORMAT, "setkey"}}))
              .AddAttribute("PolicyFile",
                            "Policy to load when the simulation starts, after the keys "
                            "(ipsecinit.conf / ipsecconf -a file, or setkey -f file, see "
                            "PolicyFileFormat). A bad file stops the simulation with "
                            "file:line:column: message.",
                            StringValue(""),
                            MakeStringAccessor(&IpsecL3Protocol::m_policyFile),
                            MakeStringChecker())
              .AddAttribute("PolicyText",
                            "Policy entries to load when the simulation starts, in "
                            "PolicyFileFormat, after PolicyFile.",
                            StringValue(""),
                            MakeStringAccessor(&IpsecL3Protocol::m_policyText),
                            MakeStringChecker())
              .AddAttribute("PolicyFileFormat",
                            "Format of PolicyFile and PolicyText.",
                            EnumValue(IpsecL3Protocol::IPSECCONF_FORMAT),
                            IPSEC_ENUM_ACCESSOR(ConfigFormat, &IpsecL3Protocol::m_policyFormat),
                            MakeIpsecEnumChecker<ConfigFormat>(
                                {{IpsecL3Protocol::IPSECCONF_FORMAT, "ipsecconf"},
                                 {IpsecL3Protocol::SETKEY_FORMAT, "setkey"}}))
              .AddAttribute("AcquireInterval",
                            "At most one ACQUIRE per missing SA per interval, however many "
                            "packets need it (the kernels' pending-acquire rate limit).",
                            TimeValue(Seconds(15)),
                            MakeTimeAccessor(IPSEC_SETTING(Time, acquireInterval)),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("AcquireHoldLimit",
                            "Packets a `require` policy may hold per missing SA while a "
                            "registered key manager acquires it; they are sent when the SA "
                            "arrives. 0 (the BSD behaviour) drops them at once (no-sa).",
                            UintegerValue(0),
                            MakeUintegerAccessor(IPSEC_SETTING(uint32_t, acquireHoldLimit)),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("AcquireHoldTime",
                            "How long a held packet waits for its SA before it is dropped "
                            "(acquire-timeout).",
                            TimeValue(Seconds(3)),
                            MakeTimeAccessor(IPSEC_SETTING(Time, acquireHoldTime)),
                            MakeTimeChecker(Seconds(0)))
              .AddTraceSource("OutboundProtected",
                              "A packet was protected with an SA (ESP/AH bytes, SA).",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_protectedTrace),
                              "ns3::IpsecL3Protocol::SaPacketTracedCallback")
              .AddTraceSource("InboundVerified",
                              "A packet verified with an SA (cleartext payload, SA).",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_verifiedTrace),
                              "ns3::IpsecL3Protocol::SaPacketTracedCallback")
              .AddTraceSource("Drop",
                              "The IPsec layer dropped a packet (packet, reason, direction, SPI or "
                              "0).",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_dropTrace),
                              "ns3::IpsecL3Protocol::DropTracedCallback")
              .AddTraceSource("CleartextOut",
                              "A datagram about to be protected, as an enc0 interface shows it.",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_cleartextOutTrace),
                              "ns3::IpsecL3Protocol::DatagramTracedCallback")
              .AddTraceSource("CleartextIn",
                              "A datagram after verification, as an enc0 interface shows it.",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_cleartextInTrace),
                              "ns3::IpsecL3Protocol::DatagramTracedCallback")
              .AddTraceSource("ClearSend",
                              "A datagram the IPsec layer takes over, before protection: its "
                              "header and the payload packet itself, so tags added here travel "
                              "with it (IpsecFlowProbe's FlowMonitor marks). Fired for "
                              "datagrams protected (sent or forwarded into a tunnel), and for "
                              "local ones held for an SA or dropped before protection.",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_clearSendTrace),
                              "ns3::IpsecL3Protocol::ClearTracedCallback")
              .AddTraceSource("ClearDeliver",
                              "A verified transport-mode datagram handed to its transport: its "
                              "inner header and the payload packet itself. IP input never sees "
                              "it (Ipv4L3Protocol's LocalDeliver fired for the ESP/AH packet); "
                              "tunnel-mode datagrams re-enter IP input instead.",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_clearDeliverTrace),
                              "ns3::IpsecL3Protocol::ClearTracedCallback")
              .AddTraceSource("PolicyLog",
                              "Policy failure messages, at most one per PolicyLogInterval.",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_policyLogTrace),
                              "ns3::IpsecL3Protocol::PolicyLogTracedCallback");
    return tid;
}

IpsecL3Protocol::IpsecL3Protocol()
    : m_state(Create<IpsecState>(m_dropTrace, m_policyLogTrace, g_log))
    , m_resolver(*m_state)
{
    NS_LOG_FUNCTION(this);
    m_state->settings.checksums = Node::ChecksumEnabled();
    m_state->sadb->TraceConnectWithoutContext(
        "SaAdded",
        MakeCallback(&IpsecSaResolver::ReleaseHeld, &m_resolver));
}

IpsecL3Protocol::~IpsecL3Protocol() = default;

void
IpsecL3Protocol::DoDispose()
{
    m_node = nullptr;
    m_ipv4 = nullptr;
    m_resolver.Clear();
    m_state->keyManagement->Dispose();
    m_state->keyManagement = nullptr;
    m_state->sadb->Dispose();
    m_state->spd = nullptr;
    m_state->sadb = nullptr;
    m_state->ivRandom = nullptr;
    m_l3 = nullptr;
    for (IpsecSocketPolicy* policy : m_sockets.GetAll())
    {
        policy->m_ipsec = nullptr; // the sockets may outlive the node's IPsec layer
    }
    m_sockets.Clear();
    m_socketDefaults = nullptr;
    m_latches.Clear();
    m_tunnels.Clear();
    Object::DoDispose();
}

void
IpsecL3Protocol::DoInitialize()
{
    m_state->settings.checksums = Node::ChecksumEnabled();
    IpsecConfigResult loaded = LoadConfiguredFiles();
    NS_ABORT_MSG_IF(!loaded.ok,
                    "IpsecL3Protocol on node " << (m_node ? m_node->GetId() : 0) << ": "
                                               << loaded.error);
    std::cout << loaded.output; // what get/dump statements printed
    Object::DoInitialize();
}

IpsecConfigResult
IpsecL3Protocol::LoadConfiguredFiles()
{
    IpsecConfigResult result;
    if (m_filesLoaded)
    {
        return result;
    }
    auto format = [](ConfigFormat f) {
        return f == IPSECCONF_FORMAT ? IpsecConfigFormat::IPSECCONF
             : f == IPSECKEY_FORMAT  ? IpsecConfigFormat::IPSECKEY
                                     : IpsecConfigFormat::SETKEY;
    };
    std::vector<IpsecConfigInput> inputs;
    for (const auto& [path, text, f, name] :
         {std::make_tuple(m_keyFile, m_keyText, m_keyFormat, std::string("KeyText")),
          std::make_tuple(m_policyFile, m_policyText, m_policyFormat, std::string("PolicyText"))})
    {
        if (!path.empty())
        {
            IpsecConfigInput input{format(f), "", path};
            if (!IpsecConfig::ReadFile(path, input.text, result.error))
            {
                result.ok = false;
                return result;
            }
            inputs.push_back(input);
        }
        if (!text.empty())
        {
            inputs.push_back(IpsecConfigInput{format(f), text, name});
        }
    }
    result = IpsecConfig::Load(this, inputs);
    m_filesLoaded = result.ok;
    return result;
}

void
IpsecL3Protocol::NotifyNewAggregate()
{
    if (!m_hooked)
    {
        Ptr<Node> node = GetObject<Node>();
        Ptr<Ipv4L3Protocol> ipv4 = GetObject<Ipv4L3Protocol>();
        if (node && ipv4)
        {
            m_node = node;
            m_ipv4 = ipv4;
            m_state->drops.SetNodeId(node->GetId());
            Hook();
        }
    }
    Object::NotifyNewAggregate();
}

void
IpsecL3Protocol::Hook()
{
    NS_LOG_FUNCTION(this);
    m_hooked = true;
    m_l3 = Create<IpsecIpv4Adapter>(m_node, m_ipv4, m_state->settings);

    for (uint8_t number : {ICMP, IGMP, TCP, UDP, PIM})
    {
        Ptr<IpL4Protocol> l4 = m_ipv4->GetProtocol(number);
        if (!l4)
        {
            continue;
        }
        if (number == ICMP || number == TCP || number == UDP)
        {
            m_l3->SaveDownTarget(number, l4->GetDownTarget());
            l4->SetDownTarget(MakeCallback(&IpsecL3Protocol::Send, this));
        }
        Ptr<IpsecInboundGuard> guard = CreateObject<IpsecInboundGuard>(l4, this);
        m_ipv4->Insert(guard); // replaces the protocol in the local delivery table
        if (number == ICMP)
        {
            // Ipv4L3Protocol::GetIcmp() looks up protocol 1 and asks it for the
            // Icmpv4L4Protocol aggregated to it: join the guard to the node's aggregate so that
            // lookup still finds the real ICMP (used for unreachable and TTL messages).
            l4->AggregateObject(guard);
        }
    }
    m_ipv4->Insert(CreateObject<IpsecL4Handler>(static_cast<uint8_t>(IpsecProtocol::ESP), this));
    m_ipv4->Insert(CreateObject<IpsecL4Handler>(static_cast<uint8_t>(IpsecProtocol::AH), this));

    // Security gateway: see transit packets before the node's routing protocols do.
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(m_ipv4->GetRoutingProtocol());
    if (list)
    {
        list->AddRoutingProtocol(CreateObject<IpsecForwardingShim>(this), INT16_MAX);
    }
    else
    {
        NS_LOG_WARN("node " << m_node->GetId()
                            << " has no Ipv4ListRouting: tunnel policy will "
                               "not apply to forwarded packets");
    }
}

void
IpsecL3Protocol::SetSpd(Ptr<SecurityPolicyDatabase> spd)
{
    m_state->spd = spd;
}

void
IpsecL3Protocol::SetSadb(Ptr<SecurityAssociationDatabase> sadb)
{
    m_state->sadb = sadb;
}

Ptr<SecurityPolicyDatabase>
IpsecL3Protocol::GetSpd() const
{
    return m_state->spd;
}

Ptr<SecurityAssociationDatabase>
IpsecL3Protocol::GetSadb() const
{
    return m_state->sadb;
}

Ptr<IpsecKeyManagement>
IpsecL3Protocol::GetKeyManagement() const
{
    return m_state->keyManagement;
}

size_t
IpsecL3Protocol::GetHeldPackets() const
{
    return m_resolver.GetHeld();
}

const IpsecStats&
IpsecL3Protocol::GetStats() const
{
    return m_state->stats;
}

void
IpsecL3Protocol::ResetStats()
{
    m_state->stats.Reset();
}

Ptr<Node>
IpsecL3Protocol::GetNode() const
{
    return m_node;
}

int64_t
IpsecL3Protocol::AssignStreams(int64_t stream)
{
    m_state->ivRandom->SetStream(stream);
    m_state->keyManagement->AssignStreams(stream + 1);
    return 2;
}

bool
IpsecL3Protocol::IsLocalAddress(Ipv4Address address) const
{
    return m_l3 ? m_l3->IsLocalAddress(address) : address.IsLocalhost();
}

IpsecLevel
IpsecL3Protocol::EffectiveLevel(const IpsecProtectionRequest& request) const
{
    return m_state->settings.EffectiveLevel(request);
}

// --------------------------------------------------------------- per-socket policy and latches

Ptr<IpsecSocketPolicy>
IpsecL3Protocol::AttachSocket(Ptr<Socket> socket, bool privileged)
{
    NS_ABORT_MSG_IF(!socket || socket->GetNode() != m_node,
                    "IpsecL3Protocol::AttachSocket: the socket belongs to another node");
    if (Ptr<IpsecSocketPolicy> existing = IpsecSocketPolicy::Find(socket))
    {
        return existing;
    }
    uint8_t protocol = DynamicCast<UdpSocket>(socket) ? UDP
                     : DynamicCast<TcpSocket>(socket) ? TCP
                                                      : 0;
    NS_ABORT_MSG_IF(protocol == 0,
                    "per-socket IPsec policy applies to UDP and TCP sockets only (raw sockets "
                    "bypass the IPsec layer); got a "
                        << socket->GetInstanceTypeId().GetName());
    Ptr<IpsecSocketPolicy> policy = CreateObject<IpsecSocketPolicy>();
    policy->Setup(this, protocol, privileged, m_state->settings.SocketDefaults(), m_nextUniqueId++);
    socket->AggregateObject(policy);
    m_sockets.Add(PeekPointer(policy));
    return policy;
}

void
IpsecL3Protocol::DetachSocket(IpsecSocketPolicy* policy)
{
    m_sockets.Remove(policy);
}

size_t
IpsecL3Protocol::GetSocketPolicyCount() const
{
    m_sockets.Prune();
    return m_sockets.GetN();
}

bool
IpsecL3Protocol::IsLatched(Ipv4Address local,
                           uint16_t localPort,
                           Ipv4Address remote,
                           uint16_t remotePort) const
{
    IpsecFlow flow;
    flow.local = local;
    flow.remote = remote;
    flow.protocol = TCP;
    flow.localPort = localPort;
    flow.remotePort = remotePort;
    return m_latches.Find(flow) != nullptr;
}

size_t
IpsecL3Protocol::GetLatchedConnections() const
{
    return m_latches.GetN();
}

bool
IpsecL3Protocol::GetPersockRequirePriv() const
{
    return m_state->settings.persockRequirePriv;
}

Ptr<IpsecSocketPolicy>
IpsecL3Protocol::SocketPolicyOf(const IpsecFlow& flow) const
{
    if (flow.protocol != TCP && flow.protocol != UDP)
    {
        return nullptr;
    }
    if (IpsecSocketPolicy* own = m_sockets.Find(flow))
    {
        return Ptr<IpsecSocketPolicy>(own);
    }
    if (!m_state->settings.SocketDefaultsRaised())
    {
        return nullptr;
    }
    auto defaults = m_state->settings.SocketDefaults();
    // Sockets without a policy object of their own have the default levels.
    if (!m_socketDefaults || m_socketDefaults->m_defaults != defaults)
    {
        m_socketDefaults = CreateObject<IpsecSocketPolicy>();
        m_socketDefaults->Setup(const_cast<IpsecL3Protocol*>(this),
                                flow.protocol,
                                false,
                                defaults,
                                IpsecSocketPolicy::UNIQUE_ID_BASE - 1);
    }
    return m_socketDefaults;
}

IpsecPolicyDecision
IpsecL3Protocol::DecideUnlatched(const IpsecFlow& flow, SecurityPolicy::Direction direction) const
{
    Ptr<SecurityPolicy> system = m_state->spd->Lookup(flow, direction);
    Ptr<IpsecSocketPolicy> socket = SocketPolicyOf(flow);
    if (!socket || !socket->Overrides())
    {
        return IpsecPolicyDecision{system, false};
    }
    if (socket->BypassesAll())
    {
        return IpsecPolicyDecision{nullptr, true};
    }
    return IpsecPolicyDecision{socket->Apply(system, flow, direction), false};
}

IpsecPolicyDecision
IpsecL3Protocol::Decide(const IpsecFlow& flow, SecurityPolicy::Direction direction) const
{
    if (flow.protocol == TCP && !flow.IsTcpOpen())
    {
        if (const IpsecConnectionLatches::Latch* latch = m_latches.Find(flow))
        {
            return direction == SecurityPolicy::Direction::OUTBOUND ? latch->outbound
                                                                    : latch->inbound;
        }
    }
    return DecideUnlatched(flow, direction);
}

void
IpsecL3Protocol::Track(const IpsecFlow& flow, bool outbound)
{
    if (flow.protocol != TCP)
    {
        return;
    }
    Time now = Simulator::Now();
    if (flow.IsTcpOpen())
    {
        IpsecConnectionLatches::Latch latch;
        latch.outbound = DecideUnlatched(flow, SecurityPolicy::Direction::OUTBOUND);
        latch.inbound = DecideUnlatched(flow, SecurityPolicy::Direction::INBOUND);
        if (!IsLatched(flow.local, flow.localPort, flow.remote, flow.remotePort))
        {
            ++m_state->stats.policy.latched;
        }
        m_latches.Set(flow, latch, now);
        return;
    }
    m_latches.Observe(flow, outbound, now);
}

void
IpsecL3Protocol::SendIntraMachine(Ptr<Packet> packet,
                                  const IpsecFlow& flow,
                                  const IpsecPolicyDecision& decision,
                                  Ptr<Ipv4Route> route)
{
    // Policy is enforced, no mechanism applied: what the outbound policy asks for is credited
    // to the packet, and the inbound check takes the credit as if it had been applied.
    IpsecInboundTag credit;
    Ptr<SecurityPolicy> policy = decision.socketBypass ? nullptr : decision.policy;
    if (!policy && !decision.socketBypass
        && m_state->settings.defaultPolicy == DefaultPolicy::DISCARD)
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::NO_POLICY_MATCH,
                            IpsecDirection::OUTBOUND,
                            0,
                            nullptr,
                            IpsecDropDetail(IpsecDropDetail::Text::NO_POLICY_INTRA)
                                .Between(flow.local, flow.remote));
        return;
    }
    if (policy && policy->action == SecurityPolicy::Action::DROP)
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::POLICY_DROP,
                            IpsecDirection::OUTBOUND,
                            0,
                            nullptr,
                            IpsecDropDetail(IpsecDropDetail::Text::POLICY_INTRA)
                                .Between(flow.local, flow.remote)
                                .Policy(policy));
        return;
    }
    if (policy && policy->action == SecurityPolicy::Action::IPSEC)
    {
        for (const auto& request : policy->alternatives.front())
        {
            IpsecInboundTag::Layer layer{request.protocol, request.mode, 0, flow.remote};
            layer.encryption = request.encryption.empty() ? 0 : request.encryption.front()->sadbId;
            layer.authentication
                = request.authentication.empty() ? 0 : request.authentication.front()->sadbId;
            credit.Add(layer);
        }
    }
    credit.SetNode(m_node->GetId());
    credit.SetIntraMachine(true);
    IpsecInboundTag stale; // one history per packet
    packet->RemovePacketTag(stale);
    packet->AddPacketTag(credit);
    ++m_state->stats.policy.intraMachineOut;
    m_l3->SendClear(packet, flow.local, flow.remote, flow.protocol, route);
}

// ------------------------------------------------------------------------------------ outbound

void
IpsecL3Protocol::AnnounceLocal(Ptr<Packet> packet,
                               Ipv4Address source,
                               Ipv4Address destination,
                               uint8_t protocol)
{
    if (m_clearSendTrace.IsEmpty())
    {
        return;
    }
    Ipv4Header header;
    header.SetSource(source);
    header.SetDestination(destination);
    header.SetProtocol(protocol);
    header.SetPayloadSize(packet->GetSize());
    m_clearSendTrace(header, packet);
}

void
IpsecL3Protocol::Send(Ptr<Packet> packet,
                      Ipv4Address source,
                      Ipv4Address destination,
                      uint8_t protocol,
                      Ptr<Ipv4Route> route)
{
    NS_LOG_FUNCTION(this << packet << source << destination << uint32_t(protocol));
    IpsecFlow flow = IpsecFlow::Parse(packet, source, destination, protocol, true);

    // Broadcast/multicast go in the clear (no SAs for them). Key management daemons are not a
    // port number: their sockets bypass IPsec through their per-socket policy.
    if (destination.IsBroadcast() || destination.IsMulticast())
    {
        m_l3->SendClear(packet, source, destination, protocol, route);
        return;
    }
    if (IsLocalAddress(destination))
    {
        IpsecPolicyDecision decision = Decide(flow, SecurityPolicy::Direction::OUTBOUND);
        Track(flow, true);
        SendIntraMachine(packet, flow, decision, route);
        return;
    }

    IpsecSaResolver::Bundle bundle;
    if (protocol == ICMP && flow.icmpType == 0 && m_state->settings.icmpAcceptClear)
    {
        if (EchoReplyBundle(flow, bundle))
        {
            if (bundle.empty())
            {
                ++m_state->stats.policy.bypassOut;
                m_l3->SendClear(packet, source, destination, protocol, route);
            }
            else
            {
                ProtectAndSend(packet, source, destination, protocol, route, bundle);
            }
            return;
        }
    }

    IpsecPolicyDecision decision = Decide(flow, SecurityPolicy::Direction::OUTBOUND);
    Track(flow, true);
    if (decision.socketBypass)
    {
        ++m_state->stats.policy.bypassOut;
        m_l3->SendClear(packet, source, destination, protocol, route);
        return;
    }
    Ptr<SecurityPolicy> policy = decision.policy;
    if (!policy)
    {
        if (m_state->settings.defaultPolicy == DefaultPolicy::DISCARD)
        {
            AnnounceLocal(packet, source, destination, protocol);
            m_state->drops.Drop(
                packet,
                IpsecDropReason::NO_POLICY_MATCH,
                IpsecDirection::OUTBOUND,
                0,
                nullptr,
                IpsecDropDetail(IpsecDropDetail::Text::NO_POLICY_OUT).Between(source, destination));
            return;
        }
        ++m_state->stats.policy.bypassOut;
        m_l3->SendClear(packet, source, destination, protocol, route);
        return;
    }
    switch (policy->action)
    {
        case SecurityPolicy::Action::BYPASS:
            ++m_state->stats.policy.bypassOut;
            m_l3->SendClear(packet, source, destination, protocol, route);
            return;
        case SecurityPolicy::Action::DROP:
            AnnounceLocal(packet, source, destination, protocol);
            m_state->drops.Drop(packet,
                                IpsecDropReason::POLICY_DROP,
                                IpsecDirection::OUTBOUND,
                                0,
                                nullptr,
                                IpsecDropDetail(IpsecDropDetail::Text::POLICY_OUT).Policy(policy));
            return;
        case SecurityPolicy::Action::IPSEC:
            break;
    }
    IpsecSaResolver::MissingSas missing;
    switch (m_resolver.Obtain(*policy, flow, false, bundle, missing))
    {
        case IpsecSaResolver::Outcome::MISSING:
            AnnounceLocal(packet, source, destination, protocol); // held or dropped, not sent
            m_resolver.HoldOrDrop(
                missing,
                flow,
                *policy,
                packet,
                [this, packet, source, destination, protocol, route]() {
                    Send(packet, source, destination, protocol, route);
                },
                IpsecDropDetail(IpsecDropDetail::Text::NO_SA)
                    .Between(source, destination)
                    .Policy(policy));
            return;
        case IpsecSaResolver::Outcome::CLEAR:
            ++m_state->stats.policy.bypassOut; // 'use' level and no SA: in the clear
            m_l3->SendClear(packet, source, destination, protocol, route);
            return;
        case IpsecSaResolver::Outcome::PROTECT:
            ProtectAndSend(packet, source, destination, protocol, route, bundle);
            return;
    }
}

bool
IpsecL3Protocol::EchoReplyBundle(const IpsecFlow& flow, IpsecSaResolver::Bundle& bundle) const
{
    auto it = m_echoProtection.find(EchoKey{flow.remote.Get(), flow.icmpId, flow.icmpSeq});
    // No SA back: let policy decide.
    return it != m_echoProtection.end() && m_resolver.ResolveMirror(it->second, flow, bundle);
}

void
IpsecL3Protocol::ProtectAndSend(Ptr<Packet> packet,
                                Ipv4Address source,
                                Ipv4Address destination,
                                uint8_t protocol,
                                Ptr<Ipv4Route> route,
                                const IpsecSaResolver::Bundle& bundle)
{
    uint8_t ttl = m_l3->GetDefaultTtl();
    SocketIpTtlTag ttlTag;
    if (packet->RemovePacketTag(ttlTag))
    {
        ttl = ttlTag.GetTtl();
    }
    uint8_t tos = 0;
    SocketIpTosTag tosTag;
    if (packet->RemovePacketTag(tosTag))
    {
        tos = tosTag.GetTos();
    }
    Ipv4Header header
        = m_l3->BuildHeader(source, destination, protocol, packet->GetSize(), ttl, tos);
    ProtectDatagram(packet, header, bundle, route, destination);
}

void
IpsecL3Protocol::ProtectDatagram(Ptr<Packet> packet,
                                 Ipv4Header header,
                                 const IpsecSaResolver::Bundle& bundle,
                                 Ptr<Ipv4Route> route,
                                 Ipv4Address routedTo)
{
    m_clearSendTrace(header, packet);
    if (!m_cleartextOutTrace.IsEmpty())
    {
        Ptr<Packet> view = packet->Copy(); // the enc0 view: the datagram before protection
        view->AddHeader(header);
        m_cleartextOutTrace(view);
    }

    // Each SA wraps the datagram described by (header, data): transport mode keeps the header
    // and protects the payload; tunnel mode makes the whole datagram the payload of a new header.
    IpsecBytes& data = m_state->payload;
    IpsecPacketBytes::Read(packet, data);
    const uint32_t clearSize = header.GetSerializedSize() + data.size();
    for (const auto& sa : bundle)
    {
        if (!sa->IsUsable())
        {
            m_state->drops.Drop(packet,
                                IpsecDropReason::SA_EXPIRED,
                                IpsecDirection::OUTBOUND,
                                sa->GetSpi());
            return;
        }
        uint64_t seq;
        if (!sa->NextSequence(seq))
        {
            m_state->sadb->Expire(sa, true, SecurityAssociation::Limit::SEQUENCE);
            IpsecProtocol p = sa->GetProtocol();
            m_state->drops.Drop(packet,
                                IpsecDropReason::SEQUENCE_OVERFLOW,
                                IpsecDirection::OUTBOUND,
                                sa->GetSpi(),
                                &p,
                                IpsecDropDetail(IpsecDropDetail::Text::SEQUENCE_EXHAUSTED).Sa(sa));
            return;
        }
        if (sa->GetMode() == IpsecMode::TUNNEL)
        {
            header.SetPayloadSize(data.size());
            uint32_t innerSize = header.GetSerializedSize();
            data.insert(data.begin(), innerSize, 0);
            Buffer b;
            b.AddAtStart(innerSize);
            header.Serialize(b.Begin());
            b.CopyData(data.data(), innerSize);
            header = m_l3->OuterHeader(header, *sa);
        }
        uint32_t before = data.size();
        IpsecStats::Protocol& stats = m_state->stats.Of(sa->GetProtocol());
        sa->GetTransform()
            .Output(*sa, seq, header, data, m_state->spare, m_state->settings, *m_state->ivRandom);
        m_state->sadb->RecordUse(sa, before);
        ++stats.packetsOut;
        stats.bytesOut += before;
        stats.overheadOut += data.size() - before;
    }

    IpsecPacketBytes::Write(packet, data.data(), data.size());
    for (const auto& sa : bundle)
    {
        m_protectedTrace(packet, sa);
    }

    if (!route || routedTo != header.GetDestination())
    {
        route = m_l3->RouteTo(packet, header);
        if (!route)
        {
            m_state->drops.Drop(packet,
                                IpsecDropReason::NO_ROUTE,
                                IpsecDirection::OUTBOUND,
                                bundle.back()->GetSpi(),
                                nullptr,
                                IpsecDropDetail(IpsecDropDetail::Text::NO_ROUTE)
                                    .Between(header.GetSource(), header.GetDestination()));
            return;
        }
    }
    m_state->stats.CountWire(clearSize,
                             header.GetSerializedSize() + packet->GetSize(),
                             route->GetOutputDevice()->GetMtu());
    m_l3->SendWithHeader(packet, header, route);
}

// ----------------------------------------------------------------------------------- forwarded

bool
IpsecL3Protocol::RouteForwarded(Ptr<const Packet> p,
                                const Ipv4Header& header,
                                Ptr<const NetDevice> idev)
{
    NS_LOG_FUNCTION(this << p << header);
    IpsecInboundTag history;
    if (m_state->spd->GetN() == 0
        && !(p->PeekPacketTag(history) && history.GetNode() == m_node->GetId()))
    {
        return false; // no policy and nothing decapsulated here: plain forwarding
    }
    Ptr<Packet> packet = p->Copy();
    if (!CheckInbound(packet, header, true, m_tunnels.FindByDevice(PeekPointer(idev)) != nullptr))
    {
        return true; // dropped and counted: no route for it
    }
    IpsecFlow flow = IpsecFlow::Parse(packet,
                                      header.GetSource(),
                                      header.GetDestination(),
                                      header.GetProtocol(),
                                      true);
    Ptr<SecurityPolicy> policy
        = m_state->spd->Lookup(flow, SecurityPolicy::Direction::OUTBOUND, true);
    if (!policy || policy->action == SecurityPolicy::Action::BYPASS)
    {
        return false; // ordinary forwarding
    }
    if (policy->action == SecurityPolicy::Action::DROP)
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::POLICY_DROP,
                            IpsecDirection::OUTBOUND,
                            0,
                            nullptr,
                            IpsecDropDetail(IpsecDropDetail::Text::FORWARD_POLICY).Policy(policy));
        return true;
    }
    return ForwardProtected(packet, header, flow, policy);
}

bool
IpsecL3Protocol::ForwardProtected(Ptr<Packet> packet,
                                  const Ipv4Header& header,
                                  const IpsecFlow& flow,
                                  Ptr<SecurityPolicy> policy)
{
    IpsecSaResolver::Bundle bundle;
    IpsecSaResolver::MissingSas missing;
    IpsecSaResolver::Outcome outcome = m_resolver.Obtain(*policy, flow, false, bundle, missing);
    if (outcome == IpsecSaResolver::Outcome::MISSING)
    {
        m_resolver.HoldOrDrop(
            missing,
            flow,
            *policy,
            packet,
            [this, packet, header, flow, policy]() {
                if (!ForwardProtected(packet, header, flow, policy))
                {
                    m_state->drops.Drop(packet,
                                        IpsecDropReason::NO_SA,
                                        IpsecDirection::OUTBOUND,
                                        0,
                                        nullptr,
                                        IpsecDropDetail(IpsecDropDetail::Text::HELD_NO_LONGER));
                }
            },
            IpsecDropDetail(IpsecDropDetail::Text::NO_TUNNEL_SA)
                .Between(header.GetSource(), header.GetDestination())
                .Policy(policy));
        return true;
    }
    if (outcome == IpsecSaResolver::Outcome::CLEAR || header.GetTtl() <= 1)
    {
        return false; // 'use' without SA: in the clear; TTL expiry: IP forwarding answers it
    }

    // The inner datagram is forwarded: its TTL drops by one (RFC 4301 §5.1.2.1).
    Ipv4Header inner = header;
    inner.SetTtl(header.GetTtl() - 1);
    if (m_state->settings.checksums)
    {
        inner.EnableChecksum();
    }
    SendForwarded(packet, header, inner, bundle);
    return true;
}

void
IpsecL3Protocol::SendForwarded(Ptr<Packet> packet,
                               const Ipv4Header& received,
                               const Ipv4Header& inner,
                               const IpsecSaResolver::Bundle& bundle)
{
    Ipv4Header probe;
    probe.SetSource(bundle.back()->GetSource());
    probe.SetDestination(bundle.back()->GetDestination());
    probe.SetProtocol(static_cast<uint8_t>(bundle.back()->GetProtocol()));
    Ptr<Ipv4Route> route = m_l3->RouteTo(packet, probe);
    if (!route)
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::NO_ROUTE,
                            IpsecDirection::OUTBOUND,
                            bundle.back()->GetSpi(),
                            nullptr,
                            IpsecDropDetail(IpsecDropDetail::Text::NO_ROUTE_TO_PEER)
                                .Between(probe.GetSource(), probe.GetDestination()));
        return;
    }

    // Path MTU: the protected datagram must fit the tunnel's first hop.
    uint32_t datagram = inner.GetSerializedSize() + packet->GetSize();
    uint32_t overhead = ProtectedSize(bundle, datagram) - datagram;
    uint32_t mtu = route->GetOutputDevice()->GetMtu();
    if (datagram + overhead > mtu)
    {
        bool outerDf
            = m_state->settings.dfBit == IpsecTunnelHeader::DF_SET
           || (m_state->settings.dfBit == IpsecTunnelHeader::DF_COPY && inner.IsDontFragment());
        if (inner.IsDontFragment())
        {
            // Like a real gateway: tell the sender the MTU left after IPsec's overhead.
            if (mtu > overhead)
            {
                m_l3->SendFragmentationNeeded(received, packet, mtu - overhead);
            }
            m_state->drops.Drop(packet,
                                IpsecDropReason::TOO_BIG,
                                IpsecDirection::OUTBOUND,
                                bundle.back()->GetSpi(),
                                nullptr,
                                IpsecDropDetail(IpsecDropDetail::Text::DF_TOO_BIG)
                                    .Numbers(datagram, mtu > overhead ? mtu - overhead : 0));
            return;
        }
        if (outerDf)
        {
            // The outer header may not be fragmented: fragment the inner datagram instead.
            uint32_t room = mtu > overhead + inner.GetSerializedSize()
                              ? mtu - overhead - inner.GetSerializedSize()
                              : 0;
            room -= room % 8;
            if (room == 0)
            {
                m_state->drops.Drop(packet, IpsecDropReason::TOO_BIG, IpsecDirection::OUTBOUND);
                return;
            }
            uint32_t size = packet->GetSize();
            for (uint32_t offset = 0; offset < size; offset += room)
            {
                uint32_t length = std::min(room, size - offset);
                Ptr<Packet> fragment = packet->CreateFragment(offset, length);
                Ipv4Header fh = inner;
                fh.SetFragmentOffset(inner.GetFragmentOffset() + offset);
                if (offset + length < size || !inner.IsLastFragment())
                {
                    fh.SetMoreFragments();
                }
                else
                {
                    fh.SetLastFragment();
                }
                fh.SetPayloadSize(length);
                ProtectDatagram(fragment, fh, bundle, route, probe.GetDestination());
            }
            return;
        }
        // Otherwise IP output fragments the outer datagram.
    }
    ProtectDatagram(packet, inner, bundle, route, probe.GetDestination());
}

uint32_t
IpsecL3Protocol::ProtectedSize(const IpsecSaResolver::Bundle& bundle, uint32_t datagram) const
{
    // Mirrors ProtectDatagram: (header, payload) grows layer by layer.
    uint32_t header = 20;
    uint32_t payload = datagram - header;
    for (const auto& sa : bundle)
    {
        if (sa->GetMode() == IpsecMode::TUNNEL)
        {
            payload += header;
            header = 20;
        }
        payload += sa->GetTransform().GetOverhead(*sa, payload);
    }
    return header + payload;
}

// --------------------------------------------------------------------- route-based tunnels

Ptr<IpsecTunnelInterface>
IpsecL3Protocol::AddTunnelInterface(Ipv4Address local,
                                    Ipv4Address remote,
                                    Ipv4InterfaceAddress address)
{
    Ptr<IpsecTunnelInterface> tunnel = CreateObject<IpsecTunnelInterface>();
    tunnel->Setup(this, local, remote, address);
    tunnel->SetDefaultName("ip.tun" + std::to_string(m_tunnels.GetAll().size()));
    m_tunnels.Add(tunnel);
    return tunnel;
}

const std::vector<Ptr<IpsecTunnelInterface>>&
IpsecL3Protocol::GetTunnelInterfaces() const
{
    return m_tunnels.GetAll();
}

bool
IpsecL3Protocol::CheckTunnelInbound(Ptr<IpsecTunnelInterface> tunnel,
                                    Ptr<Packet> datagram,
                                    uint32_t spi,
                                    IpsecProtocol protocol)
{
    Ptr<SecurityPolicyDatabase> spd = tunnel->GetSpd();
    if (spd->GetN() == 0)
    {
        return true;
    }
    Ptr<Packet> copy = datagram->Copy();
    Ipv4Header inner;
    copy->RemoveHeader(inner);
    IpsecFlow flow = IpsecFlow::Parse(copy,
                                      inner.GetDestination(),
                                      inner.GetSource(),
                                      inner.GetProtocol(),
                                      false);
    Ptr<SecurityPolicy> policy = spd->Lookup(flow, SecurityPolicy::Direction::INBOUND);
    if (policy && policy->action == SecurityPolicy::Action::IPSEC)
    {
        return true;
    }
    m_state->drops.Drop(datagram,
                        policy ? IpsecDropReason::POLICY_DROP : IpsecDropReason::NO_POLICY_MATCH,
                        IpsecDirection::INBOUND,
                        spi,
                        &protocol,
                        IpsecDropDetail(policy ? IpsecDropDetail::Text::TUNNEL_INNER_DROPPED
                                               : IpsecDropDetail::Text::TUNNEL_INNER_UNMATCHED)
                            .Between(inner.GetSource(), inner.GetDestination())
                            .Numbers(tunnel->GetInterface()));
    return false;
}

bool
IpsecL3Protocol::SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel, Ptr<Packet> datagram)
{
    Ipv4Header inner;
    datagram->RemoveHeader(inner);
    IpsecFlow flow = IpsecFlow::Parse(datagram,
                                      inner.GetSource(),
                                      inner.GetDestination(),
                                      inner.GetProtocol(),
                                      true);
    Ptr<SecurityPolicyDatabase> spd = tunnel->GetSpd();
    Ptr<SecurityPolicy> policy = spd->Lookup(flow, SecurityPolicy::Direction::OUTBOUND);
    if (!policy && spd->GetN() > 0)
    {
        m_state->drops.Drop(datagram,
                            IpsecDropReason::NO_POLICY_MATCH,
                            IpsecDirection::OUTBOUND,
                            0,
                            nullptr,
                            IpsecDropDetail(IpsecDropDetail::Text::TUNNEL_NO_POLICY)
                                .Between(inner.GetSource(), inner.GetDestination())
                                .Numbers(tunnel->GetInterface()));
        return true;
    }
    if (policy && policy->action != SecurityPolicy::Action::IPSEC)
    {
        // A tunnel interface carries protected traffic only: bypass has nowhere to go.
        m_state->drops.Drop(datagram,
                            IpsecDropReason::POLICY_DROP,
                            IpsecDirection::OUTBOUND,
                            0,
                            nullptr,
                            IpsecDropDetail(IpsecDropDetail::Text::TUNNEL_POLICY)
                                .Policy(policy)
                                .Numbers(tunnel->GetInterface()));
        return true;
    }
    Ptr<SecurityPolicy> effective = m_tunnels.EffectivePolicy(*tunnel, policy);
    IpsecSaResolver::Bundle bundle;
    IpsecSaResolver::MissingSas missing;
    if (m_resolver.Obtain(*effective, flow, true, bundle, missing)
        == IpsecSaResolver::Outcome::MISSING)
    {
        Ptr<Packet> original = datagram->Copy();
        original->AddHeader(inner);
        m_resolver.HoldOrDrop(
            missing,
            flow,
            *effective,
            datagram,
            [this, tunnel, original]() { SendThroughTunnel(tunnel, original->Copy()); },
            IpsecDropDetail(IpsecDropDetail::Text::TUNNEL_NO_SA)
                .Between(tunnel->GetLocal(), tunnel->GetRemote())
                .Numbers(tunnel->GetInterface()));
        return true;
    }
    // IP forwarding already decremented the TTL; the path MTU rules are the gateway's. The
    // header read off the datagram serializes its checksum only when told to.
    if (m_state->settings.checksums)
    {
        inner.EnableChecksum();
    }
    SendForwarded(datagram, inner, inner, bundle);
    return true;
}

// ------------------------------------------------------------------------------------- inbound

void
IpsecL3Protocol::ReceiveProtected(IpsecProtocol protocol,
                                  Ptr<Packet> packet,
                                  const Ipv4Header& header,
                                  Ptr<Ipv4Interface> incoming)
{
    NS_LOG_FUNCTION(this << packet << header);
    IpsecBytes& bytes = m_state->payload;
    IpsecPacketBytes::Read(packet, bytes);
    const IpsecTransform& transform = IpsecTransform::Of(protocol);
    if (bytes.size() < transform.GetHeaderMinimum())
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::MALFORMED,
                            IpsecDirection::INBOUND,
                            0,
                            &protocol);
        return;
    }
    uint32_t spi = transform.ReadSpi(bytes.data());
    Ptr<SecurityAssociation> sa = m_state->sadb->Get(protocol, header.GetDestination(), spi);
    if (!sa || sa->GetState() == SecurityAssociation::State::LARVAL || !sa->IsReady())
    {
        // No SA, or one without keys yet (larval, or changed in place and not updated).
        m_state->drops.Drop(packet,
                            IpsecDropReason::UNKNOWN_SPI,
                            IpsecDirection::INBOUND,
                            spi,
                            &protocol);
        return;
    }
    if (!sa->IsUsable())
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::SA_EXPIRED,
                            IpsecDirection::INBOUND,
                            spi,
                            &protocol);
        return;
    }

    IpsecTransform::Result r = transform.Input(*sa, header, m_state->settings, bytes);
    if (!r.ok)
    {
        m_state->drops.Drop(packet, r.reason, IpsecDirection::INBOUND, spi, &protocol);
        return;
    }
    uint8_t next = r.nextHeader;
    size_t length = r.payloadLength;
    IpsecStats::Protocol& stats = m_state->stats.Of(protocol);
    m_state->sadb->RecordUse(sa, length);
    if (r.dummy)
    {
        ++stats.dummyIn; // RFC 4303 §2.6: verified, then silently discarded
        return;
    }
    ++stats.packetsIn;
    stats.bytesIn += length;

    IpsecPacketBytes::Write(packet, bytes.data() + r.payloadOffset, length);
    IpsecInboundTag history;
    if (!packet->RemovePacketTag(history) || history.GetNode() != m_node->GetId()
        || history.IsIntraMachine())
    {
        history = IpsecInboundTag(); // nothing verified here yet
        history.SetNode(m_node->GetId());
    }
    if (!history.Add({protocol, sa->GetMode(), spi, sa->GetDestination()}))
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::MALFORMED,
                            IpsecDirection::INBOUND,
                            spi,
                            &protocol,
                            IpsecDropDetail(IpsecDropDetail::Text::NESTED_TOO_DEEPLY));
        return;
    }
    packet->AddPacketTag(history);
    m_verifiedTrace(packet, sa);

    if (sa->GetMode() == IpsecMode::TUNNEL || next == IPIP)
    {
        const uint8_t* ip = bytes.data() + r.payloadOffset;
        uint32_t headerLength = length >= 20 ? (ip[0] & 0x0f) * 4u : 0;
        uint32_t totalLength = length >= 20 ? (uint32_t(ip[2]) << 8) | ip[3] : 0;
        if (next != IPIP || length < 20 || (ip[0] >> 4) != 4 || headerLength < 20
            || totalLength < headerLength || totalLength > length)
        {
            m_state->drops.Drop(packet,
                                IpsecDropReason::MALFORMED,
                                IpsecDirection::INBOUND,
                                spi,
                                &protocol,
                                IpsecDropDetail(IpsecDropDetail::Text::NOT_IPV4_INSIDE));
            return;
        }
        if (totalLength < length)
        {
            packet->RemoveAtEnd(length - totalLength); // TFC padding (RFC 4303 §2.7)
        }
        if (m_state->settings.ecn)
        {
            Ipv4Header inner;
            packet->RemoveHeader(inner);
            if (!IpsecTunnelHeader::DecapsulateEcn(header.GetTos(), inner))
            {
                m_state->drops.Drop(packet,
                                    IpsecDropReason::MALFORMED,
                                    IpsecDirection::INBOUND,
                                    spi,
                                    &protocol,
                                    IpsecDropDetail(IpsecDropDetail::Text::ECN_CE_ON_NOT_ECT));
                return;
            }
            if (m_state->settings.checksums)
            {
                inner.EnableChecksum();
            }
            packet->AddHeader(inner);
        }
        if (Ptr<IpsecTunnelInterface> tunnel = m_tunnels.FindForInboundSa(*sa))
        {
            // Route-based: the inner datagram re-enters IP on the tunnel interface.
            if (CheckTunnelInbound(tunnel, packet, spi, protocol))
            {
                if (!m_cleartextInTrace.IsEmpty())
                {
                    m_cleartextInTrace(packet->Copy());
                }
                m_l3->ReceiveOnTunnel(packet, *tunnel);
            }
            return;
        }
        Reinject(packet, incoming); // the inner datagram carries its own header
        return;
    }
    Ipv4Header inner = header;
    inner.SetProtocol(next);
    inner.SetPayloadSize(length);
    inner.SetFragmentOffset(0);
    inner.SetLastFragment();
    if (m_state->settings.checksums)
    {
        inner.EnableChecksum();
    }
    Ptr<IpL4Protocol> transport = next == ICMP ? nullptr : m_l3->TransportFor(next, incoming);
    if (transport)
    {
        // Like BSD's ipsec4_common_input_cb: a transport-mode payload goes straight to its
        // protocol (through the inbound guard) instead of through IP input a second time.
        if (!m_cleartextInTrace.IsEmpty())
        {
            Ptr<Packet> view = packet->Copy();
            view->AddHeader(inner);
            m_cleartextInTrace(view);
        }
        m_clearDeliverTrace(inner, packet);
        transport->Receive(packet, inner, incoming);
        return;
    }
    // ICMP (raw sockets see it in IP input) and protocols without a handler (IP input answers
    // protocol-unreachable): re-enter IP input.
    packet->AddHeader(inner);
    Reinject(packet, incoming);
}

void
IpsecL3Protocol::Reinject(Ptr<Packet> datagram, Ptr<Ipv4Interface> incoming)
{
    if (!m_cleartextInTrace.IsEmpty())
    {
        m_cleartextInTrace(datagram->Copy());
    }
    m_l3->Reinject(datagram, incoming);
}

bool
IpsecL3Protocol::ClearAcceptable(const IpsecFlow& flow) const
{
    if (flow.protocol == IGMP)
    {
        return m_state->settings.igmpAcceptClear;
    }
    if (flow.protocol == PIM)
    {
        return m_state->settings.pimAcceptClear;
    }
    if (flow.protocol != ICMP || !m_state->settings.icmpAcceptClear)
    {
        return false;
    }
    // illumos ipsec_inbound_accept_clear(): replies and some errors may come in the clear;
    // requests may not (a cleartext request must not elicit a protected reply).
    switch (flow.icmpType)
    {
        case 0:  // echo reply
        case 14: // timestamp reply
        case 16: // information reply
        case 9:  // router advertisement
        case 4:  // source quench
        case 11: // time exceeded
            return true;
        case 3: // destination unreachable
            return flow.icmpCode == 4 /* fragmentation needed */ || flow.icmpCode == 0 /* net */
                || flow.icmpCode == 1 /* host */;
        default:
            return false;
    }
}

void
IpsecL3Protocol::RememberEchoRequest(const IpsecFlow& flow, const IpsecInboundTag& layers)
{
    EchoKey key{flow.remote.Get(), flow.icmpId, flow.icmpSeq};
    if (m_echoProtection.emplace(key, layers).second)
    {
        m_echoOrder.push_back(key);
        if (m_echoOrder.size() > ECHO_MEMORY)
        {
            m_echoProtection.erase(m_echoOrder.front());
            m_echoOrder.pop_front();
        }
    }
    else
    {
        m_echoProtection[key] = layers;
    }
}

bool
IpsecL3Protocol::InboundSatisfies(const SecurityPolicy& policy,
                                  const IpsecInboundTag& layers,
                                  const LayerSas& sas) const
{
    for (const auto& alternative : policy.alternatives)
    {
        bool satisfied = true;
        for (const auto& request : alternative)
        {
            if (m_state->settings.EffectiveLevel(request) == IpsecLevel::USE)
            {
                continue;
            }
            bool found = false;
            for (uint32_t i = 0; i < layers.GetN() && !found; ++i)
            {
                found = LayerSatisfies(request, layers.begin()[i], sas[i]);
            }
            if (!found)
            {
                satisfied = false;
                break;
            }
        }
        if (satisfied && TunnelLayersCovered(alternative, layers, sas))
        {
            return true;
        }
    }
    return false;
}

bool
IpsecL3Protocol::LayerSatisfies(const IpsecProtectionRequest& request,
                                const IpsecInboundTag::Layer& layer,
                                const Ptr<SecurityAssociation>& sa) const
{
    if (layer.protocol != request.protocol || layer.mode != request.mode)
    {
        return false;
    }
    if (layer.IsCredit())
    {
        // Intra-machine: the outbound request's first algorithm choice stands for the SA.
        auto listed = [](const std::vector<const IpsecAlgorithm*>& list, uint8_t id, bool encr) {
            return id == 0 || list.empty()
                || std::find(list.begin(),
                             list.end(),
                             IpsecAlgorithmRegistry::FindBySadbId(encr, id))
                       != list.end();
        };
        return listed(request.encryption, layer.encryption, true)
            && listed(request.authentication, layer.authentication, false);
    }
    return sa && request.Accepts(*sa)
        && (request.mode != IpsecMode::TUNNEL || TunnelEndpointsMatch(request, *sa));
}

bool
IpsecL3Protocol::TunnelLayersCovered(const std::vector<IpsecProtectionRequest>& alternative,
                                     const IpsecInboundTag& layers,
                                     const LayerSas& sas) const
{
    for (uint32_t i = 0; i < layers.GetN(); ++i)
    {
        const IpsecInboundTag::Layer& layer = layers.begin()[i];
        if (layer.mode != IpsecMode::TUNNEL)
        {
            continue;
        }
        bool covered = std::any_of(alternative.begin(),
                                   alternative.end(),
                                   [this, &layer, &sas, i](const IpsecProtectionRequest& request) {
                                       return LayerSatisfies(request, layer, sas[i]);
                                   });
        if (!covered)
        {
            return false;
        }
    }
    return true;
}

bool
IpsecL3Protocol::TunnelEndpointsMatch(const IpsecProtectionRequest& request,
                                      const SecurityAssociation& sa)
{
    // The request names the endpoints as seen outbound; an inbound SA runs the other way.
    Ipv4Address any = Ipv4Address::GetAny();
    bool outbound
        = (request.tunnelSource == any || request.tunnelSource == sa.GetSource())
       && (request.tunnelDestination == any || request.tunnelDestination == sa.GetDestination());
    bool inbound
        = (request.tunnelSource == any || request.tunnelSource == sa.GetDestination())
       && (request.tunnelDestination == any || request.tunnelDestination == sa.GetSource());
    return outbound || inbound;
}

bool
IpsecL3Protocol::AcceptInbound(Ptr<Packet> packet,
                               const Ipv4Header& header,
                               Ptr<Ipv4Interface> incoming)
{
    bool carriesHistory = false;
    if (!CheckInbound(packet,
                      header,
                      false,
                      incoming && m_tunnels.FindByDevice(PeekPointer(incoming->GetDevice())),
                      &carriesHistory))
    {
        return false;
    }
    if (carriesHistory)
    {
        IpsecInboundTag history;
        packet->RemovePacketTag(history);
    }
    return true;
}

bool
IpsecL3Protocol::CheckInbound(Ptr<Packet> packet,
                              const Ipv4Header& header,
                              bool forwarded,
                              bool viaTunnelInterface,
                              bool* carriesHistory)
{
    IpsecFlow flow = IpsecFlow::Parse(packet,
                                      header.GetDestination(),
                                      header.GetSource(),
                                      header.GetProtocol(),
                                      false);
    // Only layers verified by this node count (a forwarded inner packet keeps no credit).
    IpsecInboundTag layers;
    IpsecInboundTag history;
    bool tagged = packet->PeekPacketTag(history);
    if (carriesHistory)
    {
        *carriesHistory = tagged;
    }
    bool verifiedHere = tagged && history.GetNode() == m_node->GetId();
    if (verifiedHere)
    {
        for (const auto& layer : history)
        {
            // A tunnel interface already applied its own policy to its tunnel layers: from
            // here on the packet is as if it arrived in the clear on that interface.
            if (!(viaTunnelInterface && layer.mode == IpsecMode::TUNNEL))
            {
                layers.Add(layer);
            }
        }
    }

    // Intra-machine traffic carries no mechanism, only what its outbound policy credited.
    bool intraMachine = !forwarded && verifiedHere && history.IsIntraMachine();
    if (!forwarded)
    {
        IpsecPolicyDecision decision = Decide(flow, SecurityPolicy::Direction::INBOUND);
        if (!CheckInboundPolicy(packet, header, flow, layers, decision, false))
        {
            return false;
        }
        Track(flow, false);
        if (intraMachine)
        {
            ++m_state->stats.policy.intraMachineIn;
        }
        return true;
    }
    IpsecPolicyDecision decision{
        m_state->spd->Lookup(flow, SecurityPolicy::Direction::INBOUND, true)};
    return CheckInboundPolicy(packet, header, flow, layers, decision, true);
}

bool
IpsecL3Protocol::CheckInboundPolicy(Ptr<Packet> packet,
                                    const Ipv4Header& header,
                                    const IpsecFlow& flow,
                                    const IpsecInboundTag& layers,
                                    const IpsecPolicyDecision& decision,
                                    bool forwarded)
{
    // The SA of each verified layer, looked up once (credits have none).
    LayerSas sas;
    for (uint32_t i = 0; i < layers.GetN(); ++i)
    {
        const IpsecInboundTag::Layer& layer = layers.begin()[i];
        sas[i] = layer.IsCredit()
                   ? nullptr
                   : m_state->sadb->Get(layer.protocol, layer.destination, layer.spi);
    }
    // The packet must match the selectors of every SA that protected it.
    for (uint32_t i = 0; i < layers.GetN(); ++i)
    {
        const IpsecInboundTag::Layer& layer = layers.begin()[i];
        const Ptr<SecurityAssociation>& sa = sas[i];
        if (sa && sa->HasSelectors()
            && !sa->SelectorsMatch(header.GetSource(),
                                   header.GetDestination(),
                                   header.GetProtocol(),
                                   flow.remotePort,
                                   flow.localPort))
        {
            m_state->drops.Drop(
                packet,
                IpsecDropReason::POLICY_MISMATCH,
                IpsecDirection::INBOUND,
                layer.spi,
                nullptr,
                IpsecDropDetail(IpsecDropDetail::Text::OUTSIDE_SA_SELECTORS).Sa(sa));
            return false;
        }
    }

    // Self-encapsulation (an outer header between the same two hosts as the inner one) cannot
    // smuggle foreign packets in, so only real tunnels count here.
    bool tunnelled = false;
    for (uint32_t i = 0; i < layers.GetN(); ++i)
    {
        const IpsecInboundTag::Layer& l = layers.begin()[i];
        tunnelled = tunnelled
                 || (l.mode == IpsecMode::TUNNEL && !l.IsCredit()
                     && !(sas[i] && sas[i]->GetSource() == header.GetSource()
                          && sas[i]->GetDestination() == header.GetDestination()));
    }
    if (!forwarded && flow.protocol == ICMP && flow.icmpType == 8)
    {
        RememberEchoRequest(flow, layers);
    }
    if (layers.IsEmpty() && ClearAcceptable(flow))
    {
        ++m_state->stats.policy.clearAcceptedIn;
        return true;
    }

    if (decision.socketBypass)
    {
        if (layers.IsEmpty())
        {
            ++m_state->stats.policy.clearAcceptedIn;
        }
        return true; // a privileged socket bypasses all policy
    }
    Ptr<SecurityPolicy> policy = decision.policy;
    if (tunnelled && (!policy || policy->action != SecurityPolicy::Action::IPSEC))
    {
        // Like Linux' xfrm policy check: what comes out of a tunnel must be covered by a
        // tunnel policy, or a peer could inject any inner packet through its SA.
        m_state->drops.Drop(packet,
                            IpsecDropReason::POLICY_MISMATCH,
                            IpsecDirection::INBOUND,
                            (layers.end() - 1)->spi,
                            nullptr,
                            IpsecDropDetail(IpsecDropDetail::Text::TUNNELLED_UNCOVERED)
                                .Between(header.GetSource(), header.GetDestination()));
        return false;
    }
    if (!policy)
    {
        if (m_state->settings.defaultPolicy == DefaultPolicy::DISCARD && !forwarded)
        {
            m_state->drops.Drop(packet,
                                IpsecDropReason::NO_POLICY_MATCH,
                                IpsecDirection::INBOUND,
                                0,
                                nullptr,
                                IpsecDropDetail(IpsecDropDetail::Text::NO_POLICY_IN)
                                    .Between(header.GetSource(), header.GetDestination()));
            return false;
        }
        if (layers.IsEmpty())
        {
            ++m_state->stats.policy.clearAcceptedIn;
        }
        return true;
    }
    switch (policy->action)
    {
        case SecurityPolicy::Action::BYPASS:
            if (layers.IsEmpty())
            {
                ++m_state->stats.policy.clearAcceptedIn;
            }
            return true;
        case SecurityPolicy::Action::DROP:
            m_state->drops.Drop(packet,
                                IpsecDropReason::POLICY_DROP,
                                IpsecDirection::INBOUND,
                                0,
                                nullptr,
                                IpsecDropDetail(IpsecDropDetail::Text::POLICY_IN).Policy(policy));
            return false;
        case SecurityPolicy::Action::IPSEC:
            break;
    }
    if (!InboundSatisfies(*policy, layers, sas))
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::POLICY_VIOLATION,
                            IpsecDirection::INBOUND,
                            layers.IsEmpty() ? 0 : (layers.end() - 1)->spi,
                            nullptr,
                            IpsecDropDetail(layers.IsEmpty()
                                                ? IpsecDropDetail::Text::CLEARTEXT_REFUSED
                                                : IpsecDropDetail::Text::WRONGLY_PROTECTED)
                                .Between(header.GetSource(), header.GetDestination())
                                .Policy(policy));
        return false;
    }
    if (layers.IsEmpty())
    {
        ++m_state->stats.policy.clearAcceptedIn; // satisfied by 'use' only
    }
    return true;
}

} // namespace ns3
