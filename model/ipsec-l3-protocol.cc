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
    , m_engine(*m_state, m_resolver, m_tunnels, this)
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
    m_engine.Clear();
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
    return m_engine.GetSockets().Attach(socket, privileged);
}

void
IpsecL3Protocol::DetachSocket(IpsecSocketPolicy* policy)
{
    m_engine.GetSockets().Detach(policy);
}

size_t
IpsecL3Protocol::GetSocketPolicyCount() const
{
    return m_engine.GetSockets().GetCount();
}

bool
IpsecL3Protocol::IsLatched(Ipv4Address local,
                           uint16_t localPort,
                           Ipv4Address remote,
                           uint16_t remotePort) const
{
    return m_engine.IsLatched(local, localPort, remote, remotePort);
}

size_t
IpsecL3Protocol::GetLatchedConnections() const
{
    return m_engine.GetLatchedConnections();
}

bool
IpsecL3Protocol::GetPersockRequirePriv() const
{
    return m_state->settings.persockRequirePriv;
}

void
IpsecL3Protocol::SendIntraMachine(Ptr<Packet> packet,
                                  const IpsecFlow& flow,
                                  const IpsecInboundTag& credited,
                                  Ptr<Ipv4Route> route)
{
    // Policy is enforced, no mechanism applied: the inbound check takes the credit as if it
    // had been applied.
    IpsecInboundTag credit = credited;
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
    // Broadcast/multicast go in the clear (no SAs for them). Key management daemons are not a
    // port number: their sockets bypass IPsec through their per-socket policy.
    if (destination.IsBroadcast() || destination.IsMulticast())
    {
        m_l3->SendClear(packet, source, destination, protocol, route);
        return;
    }
    IpsecFlow flow = IpsecFlow::Parse(packet, source, destination, protocol, true);
    bool local = !m_l3->IsLocalAddress(destination);
    IpsecVerdict verdict = m_engine.DecideOutbound(
        flow,
        local ? IpsecPolicyEngine::Origin::LOCAL : IpsecPolicyEngine::Origin::INTRA_MACHINE);
    switch (verdict.GetAction())
    {
        case IpsecVerdict::Action::PASS:
            if (verdict.Counts(IpsecVerdict::COUNT_INTRA_MACHINE))
            {
                SendIntraMachine(packet, flow, verdict.GetCredit(), route);
                return;
            }
            if (verdict.Counts(IpsecVerdict::COUNT_BYPASS_OUT))
            {
                ++m_state->stats.policy.bypassOut;
            }
            m_l3->SendClear(packet, source, destination, protocol, route);
            return;
        case IpsecVerdict::Action::DROP:
            if (local)
            {
                AnnounceLocal(packet, source, destination, protocol);
            }
            verdict.DropWith(m_state->drops, packet, IpsecDirection::OUTBOUND);
            return;
        case IpsecVerdict::Action::ACQUIRE:
            AnnounceLocal(packet, source, destination, protocol); // held or dropped, not sent
            m_resolver.HoldOrDrop(
                verdict.GetMissing(),
                flow,
                *verdict.GetPolicy(),
                packet,
                [this, packet, source, destination, protocol, route]() {
                    Send(packet, source, destination, protocol, route);
                },
                verdict.GetDetail());
            return;
        case IpsecVerdict::Action::PROTECT:
            ProtectAndSend(packet, source, destination, protocol, route, verdict.GetBundle());
            return;
    }
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
    return ForwardProtected(packet,
                            header,
                            flow,
                            m_engine.DecideOutbound(flow, IpsecPolicyEngine::Origin::FORWARDED));
}

bool
IpsecL3Protocol::ForwardProtected(Ptr<Packet> packet,
                                  const Ipv4Header& header,
                                  const IpsecFlow& flow,
                                  const IpsecVerdict& verdict)
{
    switch (verdict.GetAction())
    {
        case IpsecVerdict::Action::PASS:
            return false; // ordinary forwarding ('use' without SA too)
        case IpsecVerdict::Action::DROP:
            verdict.DropWith(m_state->drops, packet, IpsecDirection::OUTBOUND);
            return true;
        case IpsecVerdict::Action::ACQUIRE: {
            Ptr<SecurityPolicy> policy = verdict.GetPolicy();
            IpsecDropDetail detail = verdict.GetDetail();
            m_resolver.HoldOrDrop(
                verdict.GetMissing(),
                flow,
                *policy,
                packet,
                [this, packet, header, flow, policy, detail]() {
                    IpsecVerdict again = m_engine.Resolve(policy,
                                                          flow,
                                                          IpsecPolicyEngine::Origin::FORWARDED,
                                                          detail);
                    if (!ForwardProtected(packet, header, flow, again))
                    {
                        m_state->drops.Drop(packet,
                                            IpsecDropReason::NO_SA,
                                            IpsecDirection::OUTBOUND,
                                            0,
                                            nullptr,
                                            IpsecDropDetail(IpsecDropDetail::Text::HELD_NO_LONGER));
                    }
                },
                detail);
            return true;
        }
        case IpsecVerdict::Action::PROTECT:
            break;
    }
    if (header.GetTtl() <= 1)
    {
        return false; // TTL expiry: IP forwarding answers it
    }
    // The inner datagram is forwarded: its TTL drops by one (RFC 4301 §5.1.2.1).
    Ipv4Header inner = header;
    inner.SetTtl(header.GetTtl() - 1);
    if (m_state->settings.checksums)
    {
        inner.EnableChecksum();
    }
    SendForwarded(packet, header, inner, verdict.GetBundle());
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
    if (tunnel->GetSpd()->GetN() == 0)
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
    IpsecVerdict verdict = m_engine.DecideTunnelInbound(*tunnel, flow, spi);
    if (verdict.GetAction() == IpsecVerdict::Action::DROP)
    {
        verdict.DropWith(m_state->drops, datagram, IpsecDirection::INBOUND, &protocol);
        return false;
    }
    return true;
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
    IpsecVerdict verdict = m_engine.DecideOutbound(flow,
                                                   IpsecPolicyEngine::Origin::TUNNEL_INTERFACE,
                                                   PeekPointer(tunnel));
    switch (verdict.GetAction())
    {
        case IpsecVerdict::Action::PASS: // a tunnel interface never sends in the clear
        case IpsecVerdict::Action::DROP:
            verdict.DropWith(m_state->drops, datagram, IpsecDirection::OUTBOUND);
            return true;
        case IpsecVerdict::Action::ACQUIRE: {
            Ptr<Packet> original = datagram->Copy();
            original->AddHeader(inner);
            m_resolver.HoldOrDrop(
                verdict.GetMissing(),
                flow,
                *verdict.GetPolicy(),
                datagram,
                [this, tunnel, original]() { SendThroughTunnel(tunnel, original->Copy()); },
                verdict.GetDetail());
            return true;
        }
        case IpsecVerdict::Action::PROTECT:
            break;
    }
    // IP forwarding already decremented the TTL; the path MTU rules are the gateway's. The
    // header read off the datagram serializes its checksum only when told to.
    if (m_state->settings.checksums)
    {
        inner.EnableChecksum();
    }
    SendForwarded(datagram, inner, inner, verdict.GetBundle());
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
    IpsecVerdict verdict = m_engine.DecideInbound(flow,
                                                  layers,
                                                  intraMachine,
                                                  forwarded ? IpsecPolicyEngine::Origin::FORWARDED
                                                            : IpsecPolicyEngine::Origin::LOCAL);
    if (verdict.GetAction() == IpsecVerdict::Action::DROP)
    {
        verdict.DropWith(m_state->drops, packet, IpsecDirection::INBOUND);
        return false;
    }
    if (verdict.Counts(IpsecVerdict::COUNT_CLEAR_IN))
    {
        ++m_state->stats.policy.clearAcceptedIn;
    }
    if (verdict.Counts(IpsecVerdict::COUNT_INTRA_MACHINE))
    {
        ++m_state->stats.policy.intraMachineIn;
    }
    return true;
}

} // namespace ns3
