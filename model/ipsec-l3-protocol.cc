/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-l3-protocol.h"

#include "ipsec-config.h"
#include "ipsec-drop-detail.h"
#include "ipsec-enum-checker.h"
#include "ipsec-packet-bytes.h"
#include "ipsec-transform.h"
#include "ipsec-tunnel-header.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv6-interface.h"
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

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecL3Protocol");
NS_OBJECT_ENSURE_REGISTERED(IpsecL3Protocol);

/// The setter and getter of the IpsecSettings member `field` (of type T), for an attribute.
#define IPSEC_SETTING(T, field)                             \
    &IpsecL3Protocol::SetSetting<T, &IpsecSettings::field>, \
        &IpsecL3Protocol::GetSetting<T, &IpsecSettings::field>

using namespace ipsec_proto;

namespace
{

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
              .AddAttribute(
                  "Ipv6DefaultPolicy",
                  "What happens to IPv6 traffic no SPD entry matches: Inherit (as "
                  "DefaultPolicy says), Pass or Discard (BSD "
                  "net.inet6.ipsec6.def_policy).",
                  EnumValue(IpsecSettings::INHERIT),
                  IPSEC_ENUM_ACCESSOR(DefaultPolicy, IPSEC_SETTING(DefaultPolicy, defaultPolicy6)),
                  MakeIpsecEnumChecker<DefaultPolicy>({{IpsecSettings::INHERIT, "Inherit"},
                                                       {DefaultPolicy::PASS, "Pass"},
                                                       {DefaultPolicy::DISCARD, "Discard"}}))
              .AddAttribute("Ipv6EspTransDefLev",
                            "Level of 'default' ESP transport requests for IPv6 traffic: 0 as for "
                            "IPv4, 1 use, 2 require (BSD net.inet6.ipsec6).",
                            UintegerValue(0),
                            MakeUintegerAccessor(IPSEC_SETTING(uint8_t, espTransDefLev6)),
                            MakeUintegerChecker<uint8_t>(0, 2))
              .AddAttribute("Ipv6EspNetDefLev",
                            "Level of 'default' ESP tunnel requests for IPv6 traffic: 0 as for "
                            "IPv4, 1 use, 2 require (BSD net.inet6.ipsec6).",
                            UintegerValue(0),
                            MakeUintegerAccessor(IPSEC_SETTING(uint8_t, espNetDefLev6)),
                            MakeUintegerChecker<uint8_t>(0, 2))
              .AddAttribute("Ipv6AhTransDefLev",
                            "Level of 'default' AH transport requests for IPv6 traffic: 0 as for "
                            "IPv4, 1 use, 2 require (BSD net.inet6.ipsec6).",
                            UintegerValue(0),
                            MakeUintegerAccessor(IPSEC_SETTING(uint8_t, ahTransDefLev6)),
                            MakeUintegerChecker<uint8_t>(0, 2))
              .AddAttribute("Ipv6AhNetDefLev",
                            "Level of 'default' AH tunnel requests for IPv6 traffic: 0 as for "
                            "IPv4, 1 use, 2 require (BSD net.inet6.ipsec6).",
                            UintegerValue(0),
                            MakeUintegerAccessor(IPSEC_SETTING(uint8_t, ahNetDefLev6)),
                            MakeUintegerChecker<uint8_t>(0, 2))
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
              .AddAttribute("FlowCache",
                            "Reuse the policy verdict of a recent flow (its SPD entry, socket "
                            "policy and SA bundle) while the IPsec configuration has not changed, "
                            "like Linux' cached bundles. Off: every packet is decided from "
                            "scratch (same verdicts, more work).",
                            BooleanValue(true),
                            MakeBooleanAccessor(IPSEC_SETTING(bool, flowCache)),
                            MakeBooleanChecker())
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
              .AddTraceSource("ClearSend6",
                              "ClearSend for IPv6 datagrams (an IPv6 header).",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_clearSend6Trace),
                              "ns3::IpsecL3Protocol::Clear6TracedCallback")
              .AddTraceSource("ClearDeliver6",
                              "ClearDeliver for IPv6 datagrams (an IPv6 header).",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_clearDeliver6Trace),
                              "ns3::IpsecL3Protocol::Clear6TracedCallback")
              .AddTraceSource("PolicyLog",
                              "Policy failure messages, at most one per PolicyLogInterval.",
                              MakeTraceSourceAccessor(&IpsecL3Protocol::m_policyLogTrace),
                              "ns3::IpsecL3Protocol::PolicyLogTracedCallback");
    return tid;
}

IpsecL3Protocol::IpsecL3Protocol()
    : m_state(Create<IpsecState>(IpsecTraces{m_protectedTrace,
                                             m_verifiedTrace,
                                             m_cleartextOutTrace,
                                             m_cleartextInTrace,
                                             m_clearSendTrace,
                                             m_clearDeliverTrace,
                                             m_clearSend6Trace,
                                             m_clearDeliver6Trace},
                                 m_dropTrace,
                                 m_policyLogTrace,
                                 g_log))
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
    // The stages hold the IPv4 adapter, which holds the node: release them all.
    m_gateway.reset();
    m_input.reset();
    m_output.reset();
    if (m_l3)
    {
        m_l3->WatchAddresses(nullptr); // the routing protocol's shim holds the adapter
    }
    m_l3 = nullptr;
    m_l3v6 = nullptr;
    m_hooks.Clear();
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
    if (m_filesLoaded)
    {
        return IpsecConfigResult();
    }
    auto format = [](ConfigFormat f) {
        return f == IPSECCONF_FORMAT ? IpsecConfigFormat::IPSECCONF
             : f == IPSECKEY_FORMAT  ? IpsecConfigFormat::IPSECKEY
                                     : IpsecConfigFormat::SETKEY;
    };
    IpsecConfigResult result = IpsecConfig::LoadSources(
        this,
        {{format(m_keyFormat), m_keyFile, m_keyText, "KeyText"},
         {format(m_policyFormat), m_policyFile, m_policyText, "PolicyText"}});
    m_filesLoaded = result.ok;
    return result;
}

void
IpsecL3Protocol::NotifyNewAggregate()
{
    if (!m_hooked)
    {
        // Dual-stack, IPv4-only and IPv6-only nodes: the layer attaches to what the node has.
        Ptr<Node> node = GetObject<Node>();
        Ptr<Ipv4L3Protocol> ipv4 = GetObject<Ipv4L3Protocol>();
        if (node && (ipv4 || GetObject<Ipv6L3Protocol>()))
        {
            m_node = node;
            m_ipv4 = ipv4;
            m_state->nodeId = node->GetId();
            AttachToStack();
        }
    }
    if (m_hooked && !m_hooked6)
    {
        if (Ptr<Ipv6L3Protocol> ipv6 = GetObject<Ipv6L3Protocol>())
        {
            AttachToIpv6(ipv6);
        }
    }
    Object::NotifyNewAggregate();
}

void
IpsecL3Protocol::AttachToStack()
{
    NS_LOG_FUNCTION(this);
    m_hooked = true;
    if (m_ipv4)
    {
        m_l3 = Create<IpsecIpv4Adapter>(m_node, m_ipv4, m_state->settings);
    }
    m_output = std::make_unique<IpsecOutputStage>(m_state, m_l3, m_engine, m_resolver);
    m_input = std::make_unique<IpsecInputStage>(m_state, m_l3, m_engine, m_tunnels);
    m_gateway = std::make_unique<IpsecGatewayStage>(m_state,
                                                    m_l3,
                                                    m_engine,
                                                    m_resolver,
                                                    m_tunnels,
                                                    *m_output,
                                                    *m_input);
    if (!m_ipv4)
    {
        return; // an IPv6-only node
    }
    Ptr<IpsecL3Protocol> self(this);
    m_hooks.AttachIpv4(m_ipv4,
                       *m_l3,
                       {MakeCallback(&IpsecL3Protocol::Send, this),
                        MakeCallback(&IpsecL3Protocol::AcceptInbound, self),
                        MakeCallback(&IpsecL3Protocol::ReceiveProtected, self),
                        MakeCallback(&IpsecL3Protocol::RouteForwarded, self),
                        MakeCallback(&IpsecIpv4Adapter::AddressesChanged, m_l3)});
}

void
IpsecL3Protocol::AttachToIpv6(Ptr<Ipv6L3Protocol> ipv6)
{
    NS_LOG_FUNCTION(this << ipv6);
    m_hooked6 = true;
    m_l3v6 = Create<IpsecIpv6Adapter>(ipv6, m_state->settings);
    m_output->SetIpv6(m_l3v6);
    m_input->SetIpv6(m_l3v6);
    m_gateway->SetIpv6(m_l3v6);
    Ptr<IpsecL3Protocol> self(this);
    m_hooks.AttachIpv6(ipv6,
                       *m_l3v6,
                       {MakeCallback(&IpsecL3Protocol::Send6, this),
                        MakeCallback(&IpsecL3Protocol::AcceptInbound6, self),
                        MakeCallback(&IpsecL3Protocol::ReceiveProtected6, self),
                        MakeCallback(&IpsecL3Protocol::RouteForwarded6, self)});
}

void
IpsecL3Protocol::SetSpd(Ptr<SecurityPolicyDatabase> spd)
{
    m_state->spd = spd;
    IpsecConfigGeneration::Bump();
}

void
IpsecL3Protocol::SetSadb(Ptr<SecurityAssociationDatabase> sadb)
{
    m_state->sadb = sadb;
    IpsecConfigGeneration::Bump();
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
IpsecL3Protocol::IsLocalAddress(const IpsecAddress& address) const
{
    if (address.IsIpv6())
    {
        return m_l3v6 ? m_l3v6->IsLocalAddress(address) : address.GetIpv6().IsLocalhost();
    }
    if (m_l3)
    {
        return m_l3->IsLocalAddress(address);
    }
    return address.IsIpv4() && address.GetIpv4().IsLocalhost();
}

IpsecLevel
IpsecL3Protocol::EffectiveLevel(const IpsecProtectionRequest& request,
                                IpsecAddress::Family family) const
{
    return m_state->settings.EffectiveLevel(request, family);
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
IpsecL3Protocol::IsLatched(const IpsecAddress& local,
                           uint16_t localPort,
                           const IpsecAddress& remote,
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

// --------------------------------------------------------------------- route-based tunnels

Ptr<IpsecTunnelInterface>
IpsecL3Protocol::AddTunnelInterface(const IpsecAddress& local, const IpsecAddress& remote)
{
    uint32_t node = m_node ? m_node->GetId() : 0;
    NS_ABORT_MSG_IF(local.IsNone() || local.GetFamily() != remote.GetFamily(),
                    "AddTunnelInterface: node " << node << ": endpoints " << local << " and "
                                                << remote << " are not of one family");
    NS_ABORT_MSG_IF(local.IsIpv4() ? !m_ipv4 : !m_l3v6,
                    "AddTunnelInterface: node " << node << " has no "
                                                << (local.IsIpv4() ? "IPv4" : "IPv6")
                                                << " for the endpoint " << local);
    for (const auto& existing : m_tunnels.GetAll())
    {
        NS_ABORT_MSG_IF(existing->GetLocal() == local && existing->GetRemote() == remote,
                        "AddTunnelInterface: node " << node << " already has tunnel interface "
                                                    << existing->GetName() << " from " << local
                                                    << " to " << remote
                                                    << " (one interface carries both families)");
    }
    Ptr<IpsecTunnelInterface> tunnel = CreateObject<IpsecTunnelInterface>();
    tunnel->Setup(m_node,
                  local,
                  remote,
                  MakeCallback(&IpsecL3Protocol::SendThroughTunnel, Ptr<IpsecL3Protocol>(this)));
    tunnel->SetDefaultName("ip.tun" + std::to_string(m_tunnels.GetAll().size()));
    m_tunnels.Add(tunnel);
    return tunnel;
}

Ptr<IpsecTunnelInterface>
IpsecL3Protocol::AddTunnelInterface(Ipv4Address local,
                                    Ipv4Address remote,
                                    Ipv4InterfaceAddress address)
{
    Ptr<IpsecTunnelInterface> tunnel
        = AddTunnelInterface(IpsecAddress(local), IpsecAddress(remote));
    tunnel->AddAddress(address);
    return tunnel;
}

const std::vector<Ptr<IpsecTunnelInterface>>&
IpsecL3Protocol::GetTunnelInterfaces() const
{
    return m_tunnels.GetAll();
}

// ----------------------------------------------------------------- entry points of the stages

void
IpsecL3Protocol::Send6(Ptr<Packet> packet,
                       Ipv6Address source,
                       Ipv6Address destination,
                       uint8_t protocol,
                       Ptr<Ipv6Route> route)
{
    if (m_output)
    {
        m_output->Send6(packet, source, destination, protocol, route);
    }
}

void
IpsecL3Protocol::ReceiveProtected6(IpsecProtocol protocol,
                                   Ptr<Packet> packet,
                                   const Ipv6Header& header,
                                   Ptr<Ipv6Interface> incoming)
{
    if (m_input)
    {
        m_input->ReceiveProtected6(protocol, packet, header, incoming);
    }
}

bool
IpsecL3Protocol::RouteForwarded6(Ptr<const Packet> p,
                                 const Ipv6Header& header,
                                 Ptr<const NetDevice> idev)
{
    return m_gateway && m_gateway->RouteForwarded6(p, header, idev);
}

bool
IpsecL3Protocol::AcceptInbound6(Ptr<Packet> packet,
                                const Ipv6Header& header,
                                uint8_t protocol,
                                Ptr<Ipv6Interface> incoming)
{
    return !m_input || m_input->AcceptForDelivery6(packet, header, protocol, incoming);
}

void
IpsecL3Protocol::Send(Ptr<Packet> packet,
                      Ipv4Address source,
                      Ipv4Address destination,
                      uint8_t protocol,
                      Ptr<Ipv4Route> route)
{
    if (m_output) // not once disposed
    {
        m_output->Send(packet, source, destination, protocol, route);
    }
}

void
IpsecL3Protocol::ReceiveProtected(IpsecProtocol protocol,
                                  Ptr<Packet> packet,
                                  const Ipv4Header& header,
                                  Ptr<Ipv4Interface> incoming)
{
    if (m_input)
    {
        m_input->ReceiveProtected(protocol, packet, header, incoming);
    }
}

bool
IpsecL3Protocol::AcceptInbound(Ptr<Packet> packet,
                               const Ipv4Header& header,
                               Ptr<Ipv4Interface> incoming)
{
    return !m_input || m_input->AcceptForDelivery(packet, header, incoming);
}

bool
IpsecL3Protocol::RouteForwarded(Ptr<const Packet> p,
                                const Ipv4Header& header,
                                Ptr<const NetDevice> idev)
{
    return m_gateway && m_gateway->RouteForwarded(p, header, idev);
}

bool
IpsecL3Protocol::SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel,
                                   Ptr<Packet> datagram,
                                   uint16_t protocol)
{
    return m_gateway && m_gateway->SendThroughTunnel(tunnel, datagram, protocol);
}

} // namespace ns3
