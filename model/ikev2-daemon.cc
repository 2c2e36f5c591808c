/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ikev2-daemon.h"

#include "ikev2-config-reader.h"
#include "ikev2-cookie-jar.h"
#include "ikev2-nat-detection.h"
#include "ikev2-proposal-selector.h"
#include "ipsec-l3-protocol.h"
#include "ipsec-socket-policy.h"
#include "swanctl-reader.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-packet-info-tag.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-packet-info-tag.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ikev2Daemon");
NS_OBJECT_ENSURE_REGISTERED(Ikev2Daemon);

namespace
{

/// The non-ESP marker before IKE messages on port 4500 (RFC 3948 §2.2).
constexpr size_t MARKER_BYTES = 4;
/// The most cookie answers followed for one IKE SA (§2.6).
constexpr uint32_t MAX_COOKIE_RETRIES = 2;
/// Base of the policy ids (unique:N) of the SPD entries the daemon installs.
constexpr uint32_t REQID_BASE = 0x10000;

IpsecBytes
SpiBytes(uint32_t spi)
{
    return {uint8_t(spi >> 24), uint8_t(spi >> 16), uint8_t(spi >> 8), uint8_t(spi)};
}

uint32_t
SpiValue(const IpsecBytes& b)
{
    return b.size() == 4
             ? (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | b[3]
             : 0;
}

IpsecBytes
SpiBytes64(uint64_t spi)
{
    IpsecBytes b(8);
    for (int i = 7; i >= 0; --i, spi >>= 8)
    {
        b[i] = uint8_t(spi);
    }
    return b;
}

uint64_t
SpiValue64(const IpsecBytes& b)
{
    uint64_t v = 0;
    for (uint8_t x : b)
    {
        v = (v << 8) | x;
    }
    return b.size() == 8 ? v : 0;
}

IpsecBytes
AddressBytes(const IpsecAddress& a)
{
    return IpsecBytes(a.GetBytes(), a.GetBytes() + a.GetLength());
}

Ikev2TrafficSelector
HostSelector(const IpsecAddress& a)
{
    IpsecBytes bytes = AddressBytes(a);
    return Ikev2TrafficSelector(a.IsIpv6() ? Ikev2TsType::IPV6_ADDR_RANGE
                                           : Ikev2TsType::IPV4_ADDR_RANGE,
                                0,
                                0,
                                65535,
                                bytes,
                                bytes);
}

/// The IKE SA that holds what `sa` held: its successor after IKE SA rekeys, or itself.
Ptr<Ikev2IkeSa>
Current(Ptr<Ikev2IkeSa> sa)
{
    while (sa->successor)
    {
        sa = sa->successor;
    }
    return sa;
}

/// The selector of an SPD side (address/mask, protocol, ports).
Ikev2TrafficSelector
PolicySelector(const IpsecAddress& address,
               const IpsecMask& mask,
               int16_t protocol,
               uint16_t portMin,
               uint16_t portMax)
{
    IpsecAddress family = address.IsNone() ? IpsecAddress(Ipv4Address::GetAny()) : address;
    IpsecBytes start = AddressBytes(family);
    IpsecBytes end = start;
    uint16_t prefix = mask.GetFamily() == family.GetFamily() ? mask.GetPrefixLength() : 0;
    for (size_t bit = 0; bit < start.size() * 8; ++bit)
    {
        if (bit >= prefix)
        {
            uint8_t m = uint8_t(0x80 >> (bit % 8));
            start[bit / 8] &= uint8_t(~m);
            end[bit / 8] |= m;
        }
    }
    return Ikev2TrafficSelector(family.IsIpv6() ? Ikev2TsType::IPV6_ADDR_RANGE
                                                : Ikev2TsType::IPV4_ADDR_RANGE,
                                protocol < 0 ? 0 : uint8_t(protocol),
                                portMin,
                                portMax,
                                start,
                                end);
}

/// A selector as an SPD side, when its range is a prefix.
bool
SelectorPrefix(const Ikev2TrafficSelector& ts, IpsecAddress& address, IpsecMask& mask)
{
    const IpsecBytes& s = ts.GetStartAddress();
    const IpsecBytes& e = ts.GetEndAddress();
    size_t bits = s.size() * 8;
    size_t prefix = 0;
    while (prefix < bits && ((s[prefix / 8] ^ e[prefix / 8]) & (0x80 >> (prefix % 8))) == 0)
    {
        ++prefix;
    }
    for (size_t bit = prefix; bit < bits; ++bit)
    {
        uint8_t m = uint8_t(0x80 >> (bit % 8));
        if ((s[bit / 8] & m) || !(e[bit / 8] & m))
        {
            return false; // not a prefix: the SPD cannot express the range
        }
    }
    if (s.size() == 4)
    {
        address = Ipv4Address((uint32_t(s[0]) << 24) | (uint32_t(s[1]) << 16)
                              | (uint32_t(s[2]) << 8) | s[3]);
        mask = IpsecMask::FromPrefixLength(IpsecAddress::Family::IPV4, uint8_t(prefix));
    }
    else
    {
        uint8_t raw[16];
        std::copy(s.begin(), s.end(), raw);
        address = Ipv6Address(raw);
        mask = IpsecMask::FromPrefixLength(IpsecAddress::Family::IPV6, uint8_t(prefix));
    }
    return true;
}

/// Every notify of a type.
std::vector<IpsecBytes>
NotifyData(const Ikev2Message& m, uint16_t type)
{
    std::vector<IpsecBytes> out;
    for (const Ikev2Payload& p : m.payloads)
    {
        if (const auto* n = std::get_if<Ikev2NotifyBody>(&p.body);
            n && p.type == Ikev2PayloadType::NOTIFY && n->type == type)
        {
            out.push_back(n->data);
        }
    }
    return out;
}

template <typename T>
const T*
BodyOf(const Ikev2Message& m, Ikev2PayloadType type)
{
    const Ikev2Payload* p = m.Find(type);
    return p ? std::get_if<T>(&p->body) : nullptr;
}

/// The first unknown payload marked critical (RFC 7296 §2.5), or NONE.
Ikev2PayloadType
UnsupportedCritical(const Ikev2Message& m)
{
    for (const Ikev2Payload& p : m.payloads)
    {
        if (p.critical && !Ikev2IsKnownPayload(p.type))
        {
            return p.type;
        }
    }
    return Ikev2PayloadType::NONE;
}

/// Every selector of `narrowed` lies within one of `proposed`.
bool
WithinProposal(const std::vector<Ikev2TrafficSelector>& narrowed,
               const std::vector<Ikev2TrafficSelector>& proposed)
{
    if (narrowed.empty())
    {
        return false;
    }
    for (const auto& n : narrowed)
    {
        bool inside = false;
        for (const auto& p : proposed)
        {
            inside = inside || p.Contains(n);
        }
        if (!inside)
        {
            return false;
        }
    }
    return true;
}

uint64_t
WholeSeconds(Time t)
{
    return t.IsStrictlyPositive() ? std::max<uint64_t>(1, uint64_t(std::llround(t.GetSeconds())))
                                  : 0;
}

std::string
Hex16(uint64_t v)
{
    std::ostringstream out;
    out << std::hex << std::setfill('0') << std::setw(16) << v;
    return out.str();
}

/// Cancel an IKE SA's timers and let go of their events: each event holds the SA it was
/// scheduled for, and the SA holds the event, so a cancelled timer kept would keep both alive.
void
StopTimers(Ikev2IkeSa& sa)
{
    for (EventId* timer : {&sa.outstanding.timer,
                           &sa.halfOpenTimer,
                           &sa.dpdTimer,
                           &sa.keepaliveTimer,
                           &sa.rekeyTimer,
                           &sa.hardTimer})
    {
        timer->Cancel();
        *timer = EventId();
    }
}

} // namespace

TypeId
Ikev2Daemon::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::Ikev2Daemon")
              .SetParent<Application>()
              .SetGroupName("Ipsec")
              .AddConstructor<Ikev2Daemon>()
              .AddAttribute("ConfigFormat",
                            "Format of the configuration: \"swanctl\" (strongSwan swanctl.conf) or "
                            "\"solaris\" (ikev2.config, with ikev2.preshared in SecretsText or "
                            "SecretsFile).",
                            StringValue("swanctl"),
                            MakeStringAccessor(&Ikev2Daemon::m_configFormat),
                            MakeStringChecker())
              .AddAttribute("ConfigText",
                            "The configuration, as text (takes precedence over ConfigFile).",
                            StringValue(""),
                            MakeStringAccessor(&Ikev2Daemon::m_configText),
                            MakeStringChecker())
              .AddAttribute("ConfigFile",
                            "The configuration file.",
                            StringValue(""),
                            MakeStringAccessor(&Ikev2Daemon::m_configFile),
                            MakeStringChecker())
              .AddAttribute("SecretsText",
                            "Solaris ikev2.preshared, as text (takes precedence over SecretsFile).",
                            StringValue(""),
                            MakeStringAccessor(&Ikev2Daemon::m_secretsText),
                            MakeStringChecker())
              .AddAttribute("SecretsFile",
                            "Solaris ikev2.preshared file.",
                            StringValue(""),
                            MakeStringAccessor(&Ikev2Daemon::m_secretsFile),
                            MakeStringChecker())
              .AddAttribute("IkePort",
                            "UDP port of IKE.",
                            UintegerValue(500),
                            MakeUintegerAccessor(&Ikev2Daemon::m_ikePort),
                            MakeUintegerChecker<uint16_t>(1))
              .AddAttribute("NattPort",
                            "UDP port of IKE and ESP after NAT detection (RFC 3948).",
                            UintegerValue(4500),
                            MakeUintegerAccessor(&Ikev2Daemon::m_nattPort),
                            MakeUintegerChecker<uint16_t>(1))
              .AddAttribute("RetransmitTimeout",
                            "Wait for a response before the first retransmission "
                            "(strongSwan retransmit_timeout).",
                            TimeValue(Seconds(4)),
                            MakeTimeAccessor(&Ikev2Daemon::m_retransmitTimeout),
                            MakeTimeChecker(MilliSeconds(1)))
              .AddAttribute("RetransmitBase",
                            "Back-off factor of the retransmissions (strongSwan retransmit_base).",
                            DoubleValue(1.8),
                            MakeDoubleAccessor(&Ikev2Daemon::m_retransmitBase),
                            MakeDoubleChecker<double>(1.0, 10.0))
              .AddAttribute("RetransmitTries",
                            "Retransmissions before the peer is declared unreachable "
                            "(strongSwan retransmit_tries).",
                            UintegerValue(5),
                            MakeUintegerAccessor(&Ikev2Daemon::m_retransmitTries),
                            MakeUintegerChecker<uint32_t>(0, 100))
              .AddAttribute("HalfOpenTimeout",
                            "How long a responder keeps an IKE SA that IKE_AUTH never completes.",
                            TimeValue(Seconds(30)),
                            MakeTimeAccessor(&Ikev2Daemon::m_halfOpenTimeout),
                            MakeTimeChecker(MilliSeconds(1)))
              .AddAttribute("CookieThreshold",
                            "Half-open IKE SAs from which IKE_SA_INIT needs a cookie (RFC 7296 "
                            "§2.6; 0: always).",
                            UintegerValue(10),
                            MakeUintegerAccessor(&Ikev2Daemon::m_cookieThreshold),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("CookieSecretLifetime",
                            "How long a cookie secret is used; the previous one is accepted for "
                            "as long again (RFC 7296 §2.6).",
                            TimeValue(Seconds(60)),
                            MakeTimeAccessor(&Ikev2Daemon::m_cookieSecretLifetime),
                            MakeTimeChecker(Seconds(1)))
              .AddAttribute("NonceBytes",
                            "Size of the nonces sent (16..256).",
                            UintegerValue(32),
                            MakeUintegerAccessor(&Ikev2Daemon::m_nonceBytes),
                            MakeUintegerChecker<uint32_t>(16, 256))
              .AddAttribute("NatKeepalive",
                            "Interval of NAT keepalives sent when this node is behind a NAT "
                            "(0: none).",
                            TimeValue(Seconds(20)),
                            MakeTimeAccessor(&Ikev2Daemon::m_natKeepalive),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("RekeyDeleteDelay",
                            "After a Child SA rekey, how long the old inbound SA is kept for "
                            "packets in flight.",
                            TimeValue(MilliSeconds(500)),
                            MakeTimeAccessor(&Ikev2Daemon::m_rekeyDeleteDelay),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("ReplayWindow",
                            "Anti-replay window of Child SAs made for Solaris rules.",
                            UintegerValue(64),
                            MakeUintegerAccessor(&Ikev2Daemon::m_replayWindow),
                            MakeUintegerChecker<uint32_t>(0, 4096))
              .AddAttribute("SolarisChildLifetime",
                            "Hard lifetime of Child SAs made for Solaris rules that do not set "
                            "childsa_lifetime_secs (rekeyed at 90 %).",
                            TimeValue(Hours(8)),
                            MakeTimeAccessor(&Ikev2Daemon::m_solarisChildLifetime),
                            MakeTimeChecker(Seconds(2)))
              .AddAttribute("MaxInvalidKeRetries",
                            "INVALID_KE_PAYLOAD answers followed per exchange.",
                            UintegerValue(3),
                            MakeUintegerAccessor(&Ikev2Daemon::m_maxInvalidKeRetries),
                            MakeUintegerChecker<uint32_t>(0, 10))
              .AddTraceSource("Message",
                              "An IKE message sent (\"> \") or received (\"< \"), summarized as "
                              "charon logs it.",
                              MakeTraceSourceAccessor(&Ikev2Daemon::m_messageTrace),
                              "ns3::Ikev2Daemon::TextTracedCallback")
              .AddTraceSource("State",
                              "An IKE SA changed state, or a Child SA was installed, rekeyed or "
                              "deleted.",
                              MakeTraceSourceAccessor(&Ikev2Daemon::m_stateTrace),
                              "ns3::Ikev2Daemon::TextTracedCallback")
              .AddTraceSource("Error",
                              "A datagram was dropped or an exchange failed, with the reason.",
                              MakeTraceSourceAccessor(&Ikev2Daemon::m_errorTrace),
                              "ns3::Ikev2Daemon::TextTracedCallback");
    return tid;
}

Ikev2Daemon::Ikev2Daemon()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

Ikev2Daemon::~Ikev2Daemon() = default;

void
Ikev2Daemon::DoDispose()
{
    for (auto& [spi, sa] : m_byOurSpi)
    {
        StopTimers(*sa);
        sa->queued.clear();
        sa->outstanding.onResponse = nullptr;
    }
    m_byOurSpi.clear();
    m_byPeer.clear();
    m_halfOpen.clear();
    m_keys = nullptr;
    m_ike = nullptr;
    m_natt = nullptr;
    m_ike6 = nullptr;
    m_natt6 = nullptr;
    m_random = nullptr;
    m_cookies.reset();
    Application::DoDispose();
}

int64_t
Ikev2Daemon::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

uint8_t
Ikev2Daemon::RandomByte()
{
    return static_cast<uint8_t>(m_random->GetInteger(0, 255));
}

IpsecBytes
Ikev2Daemon::RandomBytes(size_t n)
{
    IpsecBytes b(n);
    for (auto& x : b)
    {
        x = RandomByte();
    }
    return b;
}

uint64_t
Ikev2Daemon::NewIkeSpi()
{
    while (true)
    {
        uint64_t spi = 0;
        for (int i = 0; i < 8; ++i)
        {
            spi = (spi << 8) | RandomByte();
        }
        if (spi != 0 && !m_byOurSpi.count(spi))
        {
            return spi;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration

Ikev2ConfigResult
Ikev2Daemon::LoadConfiguration()
{
    Ikev2Config config;
    Ikev2ConfigResult r;
    auto readFile = [](const std::string& path, std::string& text) {
        std::ifstream in(path, std::ios::binary);
        if (!in)
        {
            return false;
        }
        std::ostringstream s;
        s << in.rdbuf();
        text = s.str();
        return true;
    };
    std::string text = m_configText;
    std::string source = "ConfigText";
    if (text.empty() && !m_configFile.empty())
    {
        if (!readFile(m_configFile, text))
        {
            return {false, m_configFile + ": cannot read the file"};
        }
        source = m_configFile;
    }
    if (text.empty())
    {
        return {false, "Ikev2Daemon: no configuration (set ConfigText or ConfigFile)"};
    }
    if (m_configFormat == "swanctl")
    {
        r = SwanctlReader::Read(text, source, config);
    }
    else if (m_configFormat == "solaris")
    {
        std::string secrets = m_secretsText;
        std::string secretsSource = "SecretsText";
        if (secrets.empty() && !m_secretsFile.empty())
        {
            if (!readFile(m_secretsFile, secrets))
            {
                return {false, m_secretsFile + ": cannot read the file"};
            }
            secretsSource = m_secretsFile;
        }
        r = Ikev2ConfigReader::Read(text, source, secrets, secretsSource, config);
    }
    else
    {
        return {false,
                "Ikev2Daemon: ConfigFormat must be \"swanctl\" or \"solaris\", not \""
                    + m_configFormat + "\""};
    }
    if (!r.ok)
    {
        return r;
    }
    return Adopt(config);
}

Ikev2ConfigResult
Ikev2Daemon::SetConfig(const Ikev2Config& config)
{
    return Adopt(config);
}

const Ikev2Config&
Ikev2Daemon::GetConfig() const
{
    return m_config;
}

Ikev2ConfigResult
Ikev2Daemon::Adopt(const Ikev2Config& config)
{
    if (m_keys)
    {
        return {false, "Ikev2Daemon: the configuration cannot change once the daemon runs"};
    }
    Ikev2ConfigResult valid = config.Validate();
    if (!valid.ok)
    {
        return valid;
    }
    auto at = [&config](const Ikev2Config::Position& where, const std::string& message) {
        return Ikev2ConfigResult{false,
                                 config.source + ":" + std::to_string(where.line) + ":"
                                     + std::to_string(where.column) + ": " + message};
    };
    std::vector<PeerRuntime> peers;
    uint32_t reqid = REQID_BASE;
    for (const Ikev2Config::Peer& peer : config.peers)
    {
        PeerRuntime rt;
        // Both readers keep IKE proposals in strongSwan's syntax (the Solaris reader converts
        // each ikesa_xform block to it).
        for (const Ikev2Config::Proposal& p : peer.ikeProposals)
        {
            Ikev2ProposalSpec::Error e
                = Ikev2ProposalSpec::ParseStrongswan(p.text, Ikev2ProtocolId::IKE, rt.ike);
            if (!e.Ok())
            {
                return at(p.where, e.message);
            }
        }
        if (rt.ike.empty())
        {
            rt.ike = Ikev2ProposalSpec::Default(Ikev2ProtocolId::IKE);
        }
        for (const Ikev2Config::Child& child : peer.children)
        {
            std::vector<Ikev2ProposalSpec> esp;
            for (const Ikev2Config::Proposal& p : child.espProposals)
            {
                Ikev2ProposalSpec::Error e
                    = Ikev2ProposalSpec::ParseStrongswan(p.text, Ikev2ProtocolId::ESP, esp);
                if (!e.Ok())
                {
                    return at(p.where, e.message);
                }
            }
            if (esp.empty())
            {
                esp = Ikev2ProposalSpec::Default(Ikev2ProtocolId::ESP);
            }
            for (const auto& ts : child.localTs)
            {
                IpsecAddress a;
                IpsecMask m;
                if (!SelectorPrefix(ts, a, m))
                {
                    return at(child.where,
                              "local_ts " + ts.ToString()
                                  + " is a range the SPD cannot hold: use a subnet");
                }
            }
            for (const auto& ts : child.remoteTs)
            {
                IpsecAddress a;
                IpsecMask m;
                if (!SelectorPrefix(ts, a, m))
                {
                    return at(child.where,
                              "remote_ts " + ts.ToString()
                                  + " is a range the SPD cannot hold: use a subnet");
                }
            }
            rt.esp.push_back(esp);
            rt.reqids.push_back(++reqid);
            rt.spdIds.emplace_back();
            rt.live.push_back(0);
        }
        for (const auto& list : {peer.localAddrs, peer.remoteAddrs})
        {
            for (const IpsecAddressPrefix& a : list)
            {
                if (a.address.IsIpv6() && peer.forceEncap)
                {
                    return at(peer.where,
                              "encap = yes over IPv6: ESP in UDP is implemented for IPv4 only");
                }
            }
        }
        peers.push_back(rt);
    }
    m_config = config;
    m_peers = peers;
    m_peerIndex.Build(m_config);
    m_secretOf = m_config.PskOfEachPeer();
    m_reqidOwner.clear();
    for (uint32_t p = 0; p < m_peers.size(); ++p)
    {
        for (uint32_t c = 0; c < m_peers[p].reqids.size(); ++c)
        {
            m_reqidOwner[m_peers[p].reqids[c]] = {p, int32_t(c)};
        }
    }
    m_configured = true;
    return {};
}

// ---------------------------------------------------------------------------------------------
// Start and stop

Ptr<Socket>
Ikev2Daemon::OpenSocket(uint16_t port, bool ipv6)
{
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    // Like charon's and in.ikev2d's sockets, ours bypass IPsec by a per-socket policy: the
    // messages that negotiate SAs must not need them. No port number bypasses policy.
    IpsecSocketRequest bypass;
    bypass.ahRequest = IpsecSocketRequest::PREF_NEVER;
    bypass.espRequest = IpsecSocketRequest::PREF_NEVER;
    IpsecKeyResult r = IpsecSocketPolicy::Attach(socket, true)->SetRequest(bypass);
    NS_ABORT_MSG_IF(!r.Ok(), "Ikev2Daemon: socket bypass refused: " << r.message);
    int bound = ipv6 ? socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), port))
                     : socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    NS_ABORT_MSG_IF(bound != 0,
                    "Ikev2Daemon on node " << GetNode()->GetId() << ": cannot bind UDP port "
                                           << port << (ipv6 ? " (IPv6)" : ""));
    socket->SetRecvPktInfo(true);
    socket->SetRecvCallback(MakeCallback(&Ikev2Daemon::Receive, this));
    return socket;
}

void
Ikev2Daemon::StartApplication()
{
    Ptr<IpsecL3Protocol> ipsec = GetNode()->GetObject<IpsecL3Protocol>();
    NS_ABORT_MSG_IF(!ipsec,
                    "Ikev2Daemon on node " << GetNode()->GetId()
                                           << " needs IPsec installed first (IpsecHelper)");
    if (!m_configured)
    {
        Ikev2ConfigResult r = LoadConfiguration();
        NS_ABORT_MSG_IF(!r.ok, "Ikev2Daemon on node " << GetNode()->GetId() << ": " << r.error);
    }
    m_keys = ipsec->GetKeyManagement();
    m_registration = m_keys
                         ->Register(IpsecProtocol::ESP,
                                    MakeCallback(&Ikev2Daemon::OnAcquire, this),
                                    MakeCallback(&Ikev2Daemon::OnExpire, this))
                         .id;
    m_cookies = std::make_unique<Ikev2CookieJar>([this]() { return RandomByte(); },
                                                 m_cookieSecretLifetime,
                                                 m_cookieThreshold);
    m_cookies->Rotate(Simulator::Now());
    m_cookieRotated = Simulator::Now();
    NS_ABORT_MSG_IF(m_ikePort == m_nattPort,
                    "Ikev2Daemon on node " << GetNode()->GetId()
                                           << ": IkePort and NattPort are both " << m_ikePort);
    if (GetNode()->GetObject<Ipv4>())
    {
        m_ike = OpenSocket(m_ikePort, false);
        m_natt = OpenSocket(m_nattPort, false);
    }
    if (GetNode()->GetObject<Ipv6>())
    {
        m_ike6 = OpenSocket(m_ikePort, true);
        m_natt6 = OpenSocket(m_nattPort, true);
    }
    for (uint32_t p = 0; p < m_config.peers.size(); ++p)
    {
        const Ikev2Config::Peer& peer = m_config.peers[p];
        for (uint32_t c = 0; c < peer.children.size(); ++c)
        {
            const Ikev2Config::Child& child = peer.children[c];
            if (child.startAction == Ikev2Config::StartAction::TRAP)
            {
                ChildRequest request;
                if (BuildRequest(p, int32_t(c), nullptr, request))
                {
                    Ikev2ChildSa trap;
                    trap.peerIndex = p;
                    trap.childIndex = int32_t(c);
                    trap.mode = request.mode;
                    trap.reqid = request.reqid;
                    trap.local = request.local;
                    trap.remote = request.remote;
                    Ikev2IkeSa endpoints(true, 0, Ikev2Retransmitter());
                    ResolveAddresses(p, endpoints.local, endpoints.remote);
                    InstallPolicies(endpoints, trap);
                }
            }
            else if (child.startAction == Ikev2Config::StartAction::START)
            {
                Simulator::ScheduleNow(&Ikev2Daemon::Initiate, this, peer.name, child.name);
            }
        }
    }
}

void
Ikev2Daemon::StopApplication()
{
    // Best effort, like charon at shutdown: delete every established IKE SA (the Delete is
    // sent once, without waiting for the answer), then forget everything.
    std::vector<Ptr<Ikev2IkeSa>> all;
    for (auto& [spi, sa] : m_byOurSpi)
    {
        if ((sa->initiator ? sa->spiI : sa->spiR) == spi)
        {
            all.push_back(sa);
        }
    }
    for (Ptr<Ikev2IkeSa> sa : all)
    {
        DeleteAtOnce(sa, "daemon stopped");
    }
    if (m_keys)
    {
        // The SPD entries of our children go with us (trap policies included), as charon's do.
        for (PeerRuntime& rt : m_peers)
        {
            for (std::vector<uint32_t>& ids : rt.spdIds)
            {
                for (uint32_t id : ids)
                {
                    m_keys->SpdDelete(id);
                }
                ids.clear();
            }
        }
        m_keys->Unregister(m_registration);
        m_registration = 0;
        m_keys = nullptr;
    }
    m_pendingChildren.clear();
    for (Ptr<Socket> socket : {m_ike, m_natt, m_ike6, m_natt6})
    {
        if (socket)
        {
            socket->Close();
            socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sending and receiving

void
Ikev2Daemon::SendBytes(const IpsecBytes& wire,
                       const IpsecAddress& to,
                       uint16_t toPort,
                       bool encap,
                       Ikev2ExchangeType exchange)
{
    IpsecBytes datagram;
    if (encap)
    {
        datagram.assign(MARKER_BYTES, 0); // the non-ESP marker (RFC 3948 §2.2)
    }
    datagram.insert(datagram.end(), wire.begin(), wire.end());
    Ptr<Packet> packet = Create<Packet>(datagram.data(), datagram.size());
    Ptr<Socket> socket = SocketFor(to, encap);
    if (!socket)
    {
        ErrorEvent("no " + std::string(to.IsIpv6() ? "IPv6" : "IPv4") + " on this node to reach "
                   + to.ToString());
        return;
    }
    if (to.IsIpv6())
    {
        socket->SendTo(packet, 0, Inet6SocketAddress(to.GetIpv6(), toPort));
    }
    else
    {
        socket->SendTo(packet, 0, InetSocketAddress(to.GetIpv4(), toPort));
    }
    m_stats.Of(exchange).bytesOut += datagram.size();
}

Ptr<Socket>
Ikev2Daemon::SocketFor(const IpsecAddress& to, bool natt) const
{
    if (to.IsIpv6())
    {
        return natt ? m_natt6 : m_ike6;
    }
    return natt ? m_natt : m_ike;
}

void
Ikev2Daemon::SendToPeer(Ptr<Ikev2IkeSa> sa, const IpsecBytes& wire, Ikev2ExchangeType exchange)
{
    SendBytes(wire, sa->remote, sa->remotePort, sa->encap, exchange);
}

void
Ikev2Daemon::TraceMessage(bool sent,
                          const Ikev2Message& m,
                          const IpsecAddress& peer,
                          uint16_t port,
                          size_t bytes)
{
    if (m_messageTrace.IsEmpty() && !g_log.IsEnabled(LOG_LEVEL_INFO))
    {
        return;
    }
    std::ostringstream out;
    out << (sent ? "> " : "< ") << m.Summary() << (sent ? " to " : " from ") << peer << "[" << port
        << "] (" << bytes << " bytes)";
    NS_LOG_INFO("node " << GetNode()->GetId() << " " << out.str());
    m_messageTrace(out.str());
}

void
Ikev2Daemon::Drop(Ikev2DropReason reason, const std::string& detail)
{
    ++m_stats.drops[static_cast<size_t>(reason)];
    ErrorEvent("drop " + ToString(reason) + ": " + detail);
}

void
Ikev2Daemon::ErrorEvent(const std::string& what)
{
    NS_LOG_WARN("node " << GetNode()->GetId() << " " << what);
    m_errorTrace(what);
}

void
Ikev2Daemon::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        PacketInfo info;
        if (InetSocketAddress::IsMatchingType(from))
        {
            InetSocketAddress source = InetSocketAddress::ConvertFrom(from);
            info.remote = source.GetIpv4();
            info.remotePort = source.GetPort();
            Ipv4PacketInfoTag tag;
            info.local = packet->RemovePacketTag(tag) ? tag.GetAddress() : Ipv4Address::GetAny();
        }
        else if (Inet6SocketAddress::IsMatchingType(from))
        {
            Inet6SocketAddress source = Inet6SocketAddress::ConvertFrom(from);
            info.remote = source.GetIpv6();
            info.remotePort = source.GetPort();
            Ipv6PacketInfoTag tag;
            info.local = packet->RemovePacketTag(tag) ? tag.GetAddress() : Ipv6Address::GetAny();
        }
        else
        {
            continue;
        }
        bool natt = socket == m_natt || socket == m_natt6;
        info.localPort = natt ? m_nattPort : m_ikePort;
        IpsecBytes data(packet->GetSize());
        packet->CopyData(data.data(), data.size());
        const uint8_t* p = data.data();
        size_t n = data.size();
        if (natt)
        {
            if (n == 1 && p[0] == 0xff)
            {
                continue; // a NAT keepalive that reached the socket: nothing to do
            }
            if (n < MARKER_BYTES || p[0] || p[1] || p[2] || p[3])
            {
                Drop(Ikev2DropReason::BAD_MARKER,
                     "datagram on port " + std::to_string(m_nattPort) + " from "
                         + info.remote.ToString() + " without the non-ESP marker");
                continue;
            }
            p += MARKER_BYTES;
            n -= MARKER_BYTES;
        }
        Dispatch(p, n, info);
    }
}

void
Ikev2Daemon::Dispatch(const uint8_t* data, size_t n, const PacketInfo& info)
{
    Ikev2Header h;
    Ikev2ParseResult pr = Ikev2Header::Read(data, n, h);
    if (!pr.Ok())
    {
        Drop(pr.error == Ikev2ParseError::BAD_MAJOR_VERSION ? Ikev2DropReason::BAD_VERSION
                                                            : Ikev2DropReason::MALFORMED,
             "from " + info.remote.ToString() + ": " + pr.ToString());
        return;
    }
    uint32_t exchange = static_cast<uint32_t>(h.exchange);
    if (exchange < 34 || exchange > 37)
    {
        Drop(Ikev2DropReason::MALFORMED,
             "from " + info.remote.ToString() + ": exchange type " + std::to_string(exchange));
        return;
    }
    m_stats.Of(h.exchange).bytesIn += n + (info.localPort == m_nattPort ? MARKER_BYTES : 0);
    if (h.exchange == Ikev2ExchangeType::IKE_SA_INIT)
    {
        if (h.IsResponse())
        {
            OnInitResponse(data, n, h, info);
        }
        else
        {
            OnInitRequest(data, n, h, info);
        }
        return;
    }
    // The I flag says who sent it: the original initiator's messages carry our SPI as SPIr.
    uint64_t ours = h.IsInitiator() ? h.spiR : h.spiI;
    auto it = m_byOurSpi.find(ours);
    if (it == m_byOurSpi.end() || it->second->initiator == h.IsInitiator()
        || it->second->spiI != h.spiI || it->second->spiR != h.spiR || !it->second->recvCipher)
    {
        Drop(Ikev2DropReason::UNKNOWN_IKE_SPI,
             "from " + info.remote.ToString() + ": no IKE SA " + Hex16(h.spiI) + "_i "
                 + Hex16(h.spiR) + "_r");
        return;
    }
    Ptr<Ikev2IkeSa> sa = it->second;
    if (sa->state == Ikev2IkeSa::State::DEAD)
    {
        Drop(Ikev2DropReason::UNKNOWN_IKE_SPI, "for the dead IKE SA " + sa->ToString());
        return;
    }
    // A retransmitted request is answered from the cache before anything is decrypted.
    if (!h.IsResponse()
        && sa->responses.Classify(h.messageId) == Ikev2ResponderCache::Verdict::RETRANSMISSION)
    {
        ++m_stats.Of(h.exchange).duplicateRequestsIn;
        ++m_stats.Of(h.exchange).responsesOut;
        SendBytes(sa->responses.GetCachedResponse(),
                  info.remote,
                  info.remotePort,
                  info.localPort == m_nattPort,
                  h.exchange);
        return;
    }
    Ikev2Message m;
    Ikev2Message::ProtectedResult r = sa->Open(data, n, m);
    if (!r.Ok())
    {
        Ikev2DropReason reason = r.error == Ikev2Message::ProtectedError::INTEGRITY_FAILED
                                   ? Ikev2DropReason::INTEGRITY_FAILED
                               : r.error == Ikev2Message::ProtectedError::DECRYPT_FAILED
                                   ? Ikev2DropReason::DECRYPT_FAILED
                                   : Ikev2DropReason::MALFORMED;
        Drop(reason,
             "from " + info.remote.ToString() + " on " + sa->ToString() + ": " + r.ToString());
        return;
    }
    TraceMessage(false, m, info.remote, info.remotePort, n);
    if (h.IsResponse())
    {
        if (!sa->outstanding.active || h.messageId != sa->outstanding.messageId
            || h.exchange != sa->outstanding.exchange)
        {
            Drop(Ikev2DropReason::UNEXPECTED_RESPONSE,
                 "response " + std::to_string(h.messageId) + " on " + sa->ToString());
            return;
        }
        sa->lastHeard = Simulator::Now();
        ++m_stats.Of(h.exchange).responsesIn;
        for (const Ikev2NotifyBody* e : m.ErrorNotifies())
        {
            ++m_stats.notifiesReceived[e->type];
        }
        sa->outstanding.active = false;
        sa->outstanding.timer.Cancel();
        sa->outstanding.retransmitter.Stop();
        auto handler = std::move(sa->outstanding.onResponse);
        sa->outstanding.onResponse = nullptr;
        Time took = Simulator::Now() - sa->outstanding.firstSent;
        if (h.exchange == Ikev2ExchangeType::IKE_AUTH)
        {
            m_stats.ikeAuth.Add(took);
        }
        else if (h.exchange == Ikev2ExchangeType::CREATE_CHILD_SA)
        {
            m_stats.childCreate.Add(took);
        }
        if (handler)
        {
            handler(m);
        }
        if (sa->state != Ikev2IkeSa::State::DEAD)
        {
            NextQueued(sa);
        }
        return;
    }
    if (sa->responses.Classify(h.messageId) != Ikev2ResponderCache::Verdict::NEW)
    {
        Drop(Ikev2DropReason::BAD_MESSAGE_ID,
             "request " + std::to_string(h.messageId) + " on " + sa->ToString() + ", expected "
                 + std::to_string(sa->responses.GetExpectedId()));
        return;
    }
    ++m_stats.Of(h.exchange).requestsIn;
    for (const Ikev2NotifyBody* e : m.ErrorNotifies())
    {
        ++m_stats.notifiesReceived[e->type];
    }
    sa->lastHeard = Simulator::Now();
    // The peer's current address (RFC 7296 §2.23: a NAT may rebind it): replies go there.
    if (info.localPort == m_nattPort)
    {
        sa->encap = true; // the peer floated to 4500 after finding a NAT
    }
    sa->localPort = info.localPort;
    sa->remote = info.remote;
    sa->remotePort = info.remotePort;
    std::vector<Ikev2Payload> reply;
    if (Ikev2PayloadType critical = UnsupportedCritical(m); critical != Ikev2PayloadType::NONE)
    {
        Drop(Ikev2DropReason::UNSUPPORTED_CRITICAL,
             "payload " + std::to_string(int(critical)) + " on " + sa->ToString());
        reply.push_back(Ikev2Payload::Notify(Ikev2NotifyType::UNSUPPORTED_CRITICAL_PAYLOAD,
                                             {static_cast<uint8_t>(critical)}));
        SendResponse(sa, h.exchange, h.messageId, reply);
        return;
    }
    switch (h.exchange)
    {
        case Ikev2ExchangeType::IKE_AUTH:
            reply = OnAuthRequest(sa, m);
            break;
        case Ikev2ExchangeType::CREATE_CHILD_SA:
            reply = OnCreateChildRequest(sa, m);
            break;
        case Ikev2ExchangeType::INFORMATIONAL:
            reply = OnInformationalRequest(sa, m);
            break;
        default:
            break;
    }
    bool dying = sa->state == Ikev2IkeSa::State::DEAD;
    SendResponse(sa, h.exchange, h.messageId, reply);
    if (dying)
    {
        Kill(sa, "closed", false);
    }
}

// ---------------------------------------------------------------------------------------------
// Requests, responses, retransmission

void
Ikev2Daemon::SendRequest(Ptr<Ikev2IkeSa> sa,
                         Ikev2ExchangeType exchange,
                         std::vector<Ikev2Payload> payloads,
                         std::function<void(const Ikev2Message&)> onResponse)
{
    if (sa->state == Ikev2IkeSa::State::DEAD)
    {
        return;
    }
    if (sa->outstanding.active)
    {
        sa->queued.emplace_back([this, sa, exchange, payloads, onResponse]() {
            SendRequest(sa, exchange, payloads, onResponse);
        });
        return;
    }
    Ikev2Message m;
    m.header.spiI = sa->spiI;
    m.header.spiR = sa->spiR;
    m.header.exchange = exchange;
    m.header.flags = sa->initiator ? Ikev2Header::FLAG_INITIATOR : 0;
    m.header.messageId = sa->nextRequestId++;
    m.payloads = std::move(payloads);
    IpsecBytes iv = RandomBytes(sa->IvBytes());
    Ikev2IkeSa::Outstanding& o = sa->outstanding;
    o.active = true;
    o.messageId = m.header.messageId;
    o.exchange = exchange;
    o.wire = sa->Seal(m, iv);
    o.firstSent = Simulator::Now();
    o.onResponse = std::move(onResponse);
    ++m_stats.Of(exchange).requestsOut;
    TraceMessage(true, m, sa->remote, sa->remotePort, o.wire.size());
    Transmit(sa);
}

void
Ikev2Daemon::Transmit(Ptr<Ikev2IkeSa> sa)
{
    Ikev2IkeSa::Outstanding& o = sa->outstanding;
    SendToPeer(sa, o.wire, o.exchange);
    o.timer.Cancel();
    o.timer
        = Simulator::Schedule(o.retransmitter.Start(), &Ikev2Daemon::RetransmitTimeout, this, sa);
}

void
Ikev2Daemon::RetransmitTimeout(Ptr<Ikev2IkeSa> sa)
{
    Ikev2IkeSa::Outstanding& o = sa->outstanding;
    if (!o.active)
    {
        return;
    }
    Ikev2Retransmitter::Step step = o.retransmitter.OnTimeout();
    if (step.action == Ikev2Retransmitter::Action::RESEND)
    {
        ++m_stats.Of(o.exchange).retransmissions;
        NS_LOG_INFO("node " << GetNode()->GetId() << " retransmit " << ToString(o.exchange)
                            << " request " << o.messageId << " on " << sa->ToString());
        SendToPeer(sa, o.wire, o.exchange);
        o.timer = Simulator::Schedule(step.nextDelay, &Ikev2Daemon::RetransmitTimeout, this, sa);
        return;
    }
    o.active = false;
    bool wasEstablished
        = sa->state == Ikev2IkeSa::State::ESTABLISHED || sa->state == Ikev2IkeSa::State::DELETING;
    if (wasEstablished)
    {
        ++m_stats.dpdFailures;
    }
    ErrorEvent("peer " + sa->remote.ToString() + " does not answer " + ToString(o.exchange)
               + " request " + std::to_string(o.messageId) + " after "
               + std::to_string(o.retransmitter.GetRetransmissions()) + " retransmissions");
    Kill(sa, "peer unreachable", wasEstablished);
}

void
Ikev2Daemon::SendResponse(Ptr<Ikev2IkeSa> sa,
                          Ikev2ExchangeType exchange,
                          uint32_t messageId,
                          const std::vector<Ikev2Payload>& payloads)
{
    Ikev2Message m;
    m.header.spiI = sa->spiI;
    m.header.spiR = sa->spiR;
    m.header.exchange = exchange;
    m.header.flags = Ikev2Header::FLAG_RESPONSE | (sa->initiator ? Ikev2Header::FLAG_INITIATOR : 0);
    m.header.messageId = messageId;
    m.payloads = payloads;
    for (const Ikev2Payload& p : payloads)
    {
        if (const auto* n = std::get_if<Ikev2NotifyBody>(&p.body);
            n && Ikev2NotifyType::IsError(n->type))
        {
            ++m_stats.notifiesSent[n->type];
        }
    }
    IpsecBytes wire = sa->Seal(m, RandomBytes(sa->IvBytes()));
    sa->responses.Store(messageId, wire);
    ++m_stats.Of(exchange).responsesOut;
    TraceMessage(true, m, sa->remote, sa->remotePort, wire.size());
    SendToPeer(sa, wire, exchange);
}

void
Ikev2Daemon::SendUnprotected(const Ikev2Header& request,
                             const PacketInfo& info,
                             const std::vector<Ikev2Payload>& payloads)
{
    Ikev2Message m;
    m.header.spiI = request.spiI;
    m.header.spiR = 0;
    m.header.exchange = request.exchange;
    m.header.flags = Ikev2Header::FLAG_RESPONSE;
    m.header.messageId = request.messageId;
    m.payloads = payloads;
    for (const Ikev2Payload& p : payloads)
    {
        if (const auto* n = std::get_if<Ikev2NotifyBody>(&p.body);
            n && Ikev2NotifyType::IsError(n->type))
        {
            ++m_stats.notifiesSent[n->type];
        }
    }
    IpsecBytes wire = m.Encode();
    ++m_stats.Of(request.exchange).responsesOut;
    TraceMessage(true, m, info.remote, info.remotePort, wire.size());
    SendBytes(wire, info.remote, info.remotePort, info.localPort == m_nattPort, request.exchange);
}

void
Ikev2Daemon::NextQueued(Ptr<Ikev2IkeSa> sa)
{
    while (!sa->outstanding.active && !sa->queued.empty() && sa->state != Ikev2IkeSa::State::DEAD)
    {
        auto next = std::move(sa->queued.front());
        sa->queued.pop_front();
        next();
    }
}

// ---------------------------------------------------------------------------------------------
// IKE_SA_INIT

bool
Ikev2Daemon::ResolveAddresses(uint32_t peerIndex, IpsecAddress& local, IpsecAddress& remote) const
{
    const Ikev2Config::Peer& peer = m_config.peers[peerIndex];
    bool found = false;
    for (const IpsecAddressPrefix& a : peer.remoteAddrs)
    {
        if (a.IsHost() && !a.address.IsNone())
        {
            remote = a.address;
            found = true;
            break;
        }
    }
    if (!found)
    {
        return false;
    }
    for (const IpsecAddressPrefix& a : peer.localAddrs)
    {
        if (a.IsHost() && a.address.GetFamily() == remote.GetFamily())
        {
            local = a.address;
            return true;
        }
    }
    // The source address the route to the peer takes, as the kernel would choose it.
    Socket::SocketErrno error;
    if (remote.IsIpv6())
    {
        Ptr<Ipv6> ipv6 = GetNode()->GetObject<Ipv6>();
        if (!ipv6 || !ipv6->GetRoutingProtocol())
        {
            return false;
        }
        Ipv6Header header;
        header.SetDestination(remote.GetIpv6());
        header.SetNextHeader(17);
        Ptr<Ipv6Route> route
            = ipv6->GetRoutingProtocol()->RouteOutput(nullptr, header, nullptr, error);
        if (!route)
        {
            return false;
        }
        local = route->GetSource();
        return true;
    }
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    if (!ipv4 || !ipv4->GetRoutingProtocol())
    {
        return false;
    }
    Ipv4Header header;
    header.SetDestination(remote.GetIpv4());
    header.SetProtocol(17);
    Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(nullptr, header, nullptr, error);
    if (!route)
    {
        return false;
    }
    local = route->GetSource();
    return true;
}

int32_t
Ikev2Daemon::FindPeer(const IpsecAddress& local,
                      const IpsecAddress& remote,
                      const Ikev2Identity* remoteId) const
{
    return m_peerIndex.Find(m_config, local, remote, remoteId);
}

const IpsecBytes*
Ikev2Daemon::PeerKey(uint32_t peerIndex, Ikev2Config::KeyUse use) const
{
    return Ikev2Config::KeyOf(m_secretOf[peerIndex], use);
}

std::vector<Ikev2Payload>
Ikev2Daemon::NatDetectionPayloads(const Ikev2IkeSa& sa, bool force) const
{
    // swanctl `encap = yes`: a source hash that cannot match makes the peer see a NAT, so both
    // sides encapsulate (strongSwan does the same).
    IpsecBytes source = force ? IpsecBytes(Ikev2NatDetection::HASH_BYTES, 0x5a)
                              : Ikev2NatDetection::Hash(sa.spiI, sa.spiR, sa.local, sa.localPort);
    IpsecBytes destination = Ikev2NatDetection::Hash(sa.spiI, sa.spiR, sa.remote, sa.remotePort);
    return {Ikev2Payload::Notify(Ikev2NotifyType::NAT_DETECTION_SOURCE_IP, source),
            Ikev2Payload::Notify(Ikev2NotifyType::NAT_DETECTION_DESTINATION_IP, destination)};
}

Ptr<Ikev2IkeSa>
Ikev2Daemon::StartIkeSa(uint32_t peerIndex)
{
    const Ikev2Config::Peer& peer = m_config.peers[peerIndex];
    Ptr<Ikev2IkeSa> sa = Create<Ikev2IkeSa>(
        true,
        NewIkeSpi(),
        Ikev2Retransmitter(m_retransmitTimeout, m_retransmitBase, m_retransmitTries));
    if (!ResolveAddresses(peerIndex, sa->local, sa->remote))
    {
        ErrorEvent("connection " + peer.name + ": no single peer address or no route to it");
        return nullptr;
    }
    sa->id = m_nextIkeSaId++;
    sa->peerIndex = peerIndex;
    sa->name = peer.name;
    sa->localPort = m_ikePort;
    sa->remotePort = peer.remotePort;
    sa->dpdDelay = peer.dpdDelay;
    sa->created = Simulator::Now();
    sa->ni = RandomBytes(m_nonceBytes);
    for (const Ikev2ProposalSpec& spec : m_peers[peerIndex].ike)
    {
        sa->offered.push_back(spec.ToProposal(uint8_t(sa->offered.size() + 1), {}));
    }
    std::vector<Ikev2Transform> groups = m_peers[peerIndex].ike.front().Of(Ikev2TransformType::DH);
    uint16_t group = groups.empty() ? 0 : groups.front().id;
    sa->dh = Ikev2DiffieHellman::Create(group, [this]() { return RandomByte(); });
    if (!sa->dh)
    {
        ErrorEvent("connection " + peer.name + ": DH group " + std::to_string(group)
                   + " is not implemented");
        return nullptr;
    }
    m_byOurSpi[sa->spiI] = sa;
    m_byPeer.emplace(peerIndex, sa);
    m_stateTrace(sa->ToString() + " created");
    SendInitRequest(sa);
    return sa;
}

void
Ikev2Daemon::SendInitRequest(Ptr<Ikev2IkeSa> sa)
{
    Ikev2Message m;
    m.header.spiI = sa->spiI;
    m.header.exchange = Ikev2ExchangeType::IKE_SA_INIT;
    m.header.flags = Ikev2Header::FLAG_INITIATOR;
    m.header.messageId = 0;
    if (!sa->cookie.empty())
    {
        m.payloads.push_back(
            Ikev2Payload::Notify(Ikev2NotifyType::COOKIE, sa->cookie)); // first (§2.6)
    }
    Ikev2SaBody proposals;
    proposals.proposals = sa->offered;
    m.payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::SA, proposals));
    Ikev2KeBody ke;
    ke.group = sa->dh->GetGroup();
    ke.data = sa->dh->GetPublicValue();
    m.payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::KE, ke));
    Ikev2NonceBody nonce;
    nonce.nonce = sa->ni;
    m.payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::NONCE, nonce));
    for (Ikev2Payload& p : NatDetectionPayloads(*sa, m_config.peers[sa->peerIndex].forceEncap))
    {
        m.payloads.push_back(p);
    }
    sa->initRequest = m.Encode();
    sa->nextRequestId = 1;
    Ikev2IkeSa::Outstanding& o = sa->outstanding;
    bool first
        = !o.active && o.firstSent.IsZero() && sa->cookieRetries == 0 && sa->invalidKeRetries == 0;
    o.active = true;
    o.messageId = 0;
    o.exchange = Ikev2ExchangeType::IKE_SA_INIT;
    o.wire = sa->initRequest;
    if (first)
    {
        o.firstSent = Simulator::Now();
    }
    o.onResponse = nullptr;
    o.retransmitter.Stop();
    ++m_stats.Of(Ikev2ExchangeType::IKE_SA_INIT).requestsOut;
    TraceMessage(true, m, sa->remote, sa->remotePort, o.wire.size());
    Transmit(sa);
}

void
Ikev2Daemon::OnInitRequest(const uint8_t* data,
                           size_t n,
                           const Ikev2Header& h,
                           const PacketInfo& info)
{
    Ikev2Message m;
    Ikev2ParseResult pr = Ikev2Message::Decode(data, n, m);
    if (!pr.Ok())
    {
        Drop(Ikev2DropReason::MALFORMED,
             "IKE_SA_INIT from " + info.remote.ToString() + ": " + pr.ToString());
        return;
    }
    TraceMessage(false, m, info.remote, info.remotePort, n);
    if (h.spiR != 0 || h.messageId != 0 || !h.IsInitiator() || m.encrypted)
    {
        Drop(Ikev2DropReason::MALFORMED,
             "IKE_SA_INIT request from " + info.remote.ToString()
                 + " with SPIr, message ID, flags or SK payload out of place");
        return;
    }
    auto key = std::make_tuple(info.remote, info.remotePort, h.spiI);
    if (auto it = m_halfOpen.find(key); it != m_halfOpen.end())
    {
        Ptr<Ikev2IkeSa> sa = it->second;
        if (IpsecBytes(data, data + n) == sa->initRequest)
        {
            ++m_stats.Of(Ikev2ExchangeType::IKE_SA_INIT).duplicateRequestsIn;
            ++m_stats.Of(Ikev2ExchangeType::IKE_SA_INIT).responsesOut;
            SendBytes(sa->initResponse,
                      info.remote,
                      info.remotePort,
                      sa->encap,
                      Ikev2ExchangeType::IKE_SA_INIT);
        }
        else
        {
            Drop(Ikev2DropReason::BAD_MESSAGE_ID,
                 "a second, different IKE_SA_INIT for " + sa->ToString());
        }
        return;
    }
    ++m_stats.Of(Ikev2ExchangeType::IKE_SA_INIT).requestsIn;
    int32_t peerIndex = FindPeer(info.local, info.remote, nullptr);
    if (peerIndex < 0)
    {
        Drop(Ikev2DropReason::NO_CONFIG,
             "no connection for " + info.local.ToString() + " <- " + info.remote.ToString());
        SendUnprotected(h, info, {Ikev2Payload::Notify(Ikev2NotifyType::NO_PROPOSAL_CHOSEN)});
        return;
    }
    const auto* saBody = BodyOf<Ikev2SaBody>(m, Ikev2PayloadType::SA);
    const auto* keBody = BodyOf<Ikev2KeBody>(m, Ikev2PayloadType::KE);
    const auto* nonceBody = BodyOf<Ikev2NonceBody>(m, Ikev2PayloadType::NONCE);
    if (!saBody || !keBody || !nonceBody)
    {
        Drop(Ikev2DropReason::MALFORMED,
             "IKE_SA_INIT from " + info.remote.ToString() + " without SA, KE or Nonce");
        SendUnprotected(h, info, {Ikev2Payload::Notify(Ikev2NotifyType::INVALID_SYNTAX)});
        return;
    }
    // Cookies (§2.6): stateless, before any state or Diffie-Hellman work. The secret changes
    // every CookieSecretLifetime (the previous one stays valid for as long again).
    if (Simulator::Now() - m_cookieRotated >= m_cookieSecretLifetime)
    {
        m_cookies->Rotate(Simulator::Now());
        m_cookieRotated = Simulator::Now();
    }
    uint32_t halfOpen = static_cast<uint32_t>(m_halfOpen.size());
    if (m_cookies->IsCookieRequired(halfOpen))
    {
        const Ikev2NotifyBody* cookie = !m.payloads.empty()
                                          ? std::get_if<Ikev2NotifyBody>(&m.payloads.front().body)
                                          : nullptr;
        bool valid = cookie && cookie->type == Ikev2NotifyType::COOKIE
                  && m_cookies->Verify(cookie->data,
                                       nonceBody->nonce,
                                       info.remote,
                                       h.spiI,
                                       Simulator::Now());
        if (!valid)
        {
            if (cookie && cookie->type == Ikev2NotifyType::COOKIE)
            {
                Drop(Ikev2DropReason::BAD_COOKIE, "from " + info.remote.ToString());
            }
            ++m_stats.cookiesSent;
            SendUnprotected(
                h,
                info,
                {Ikev2Payload::Notify(Ikev2NotifyType::COOKIE,
                                      m_cookies->Make(nonceBody->nonce, info.remote, h.spiI))});
            return;
        }
    }
    const PeerRuntime& rt = m_peers[peerIndex];
    Ikev2ProposalSelector::Selection chosen
        = Ikev2ProposalSelector::Choose(saBody->proposals, rt.ike);
    if (!chosen.Ok())
    {
        ErrorEvent("IKE_SA_INIT from " + info.remote.ToString() + ": no acceptable proposal");
        SendUnprotected(h, info, {Ikev2Payload::Notify(Ikev2NotifyType::NO_PROPOSAL_CHOSEN)});
        return;
    }
    if (uint16_t wanted = Ikev2ProposalSelector::InvalidKeGroup(*chosen.chosen, keBody->group))
    {
        SendUnprotected(h,
                        info,
                        {Ikev2Payload::Notify(Ikev2NotifyType::INVALID_KE_PAYLOAD,
                                              {uint8_t(wanted >> 8), uint8_t(wanted)})});
        return;
    }
    std::string why;
    std::optional<Ikev2IkeSuite> suite = Ikev2IkeSuite::FromProposal(*chosen.chosen, &why);
    if (!suite)
    {
        ErrorEvent("IKE_SA_INIT from " + info.remote.ToString() + ": " + why);
        SendUnprotected(h, info, {Ikev2Payload::Notify(Ikev2NotifyType::NO_PROPOSAL_CHOSEN)});
        return;
    }
    Ptr<Ikev2IkeSa> sa = Create<Ikev2IkeSa>(
        false,
        h.spiI,
        Ikev2Retransmitter(m_retransmitTimeout, m_retransmitBase, m_retransmitTries));
    sa->dh = Ikev2DiffieHellman::Create(suite->dh, [this]() { return RandomByte(); });
    IpsecBytes shared;
    Ikev2DiffieHellman::PeerValueError keError
        = sa->dh ? sa->dh->ComputeShared(keBody->data, shared)
                 : Ikev2DiffieHellman::PeerValueError::WRONG_LENGTH;
    if (keError != Ikev2DiffieHellman::PeerValueError::NONE)
    {
        Drop(Ikev2DropReason::BAD_KE,
             "from " + info.remote.ToString() + ": " + Ikev2DiffieHellman::ToString(keError));
        SendUnprotected(h, info, {Ikev2Payload::Notify(Ikev2NotifyType::INVALID_SYNTAX)});
        return;
    }
    sa->id = m_nextIkeSaId++;
    sa->peerIndex = uint32_t(peerIndex);
    sa->name = m_config.peers[peerIndex].name;
    sa->spiR = NewIkeSpi();
    sa->local = info.local;
    sa->localPort = info.localPort;
    sa->remote = info.remote;
    sa->remotePort = info.remotePort;
    sa->encap = info.localPort == m_nattPort;
    sa->dpdDelay = m_config.peers[peerIndex].dpdDelay;
    sa->created = Simulator::Now();
    sa->suite = *suite;
    sa->ni = nonceBody->nonce;
    sa->nr = RandomBytes(m_nonceBytes);
    std::string keyError = sa->DeriveKeys(shared);
    if (!keyError.empty())
    {
        ErrorEvent("IKE_SA_INIT from " + info.remote.ToString() + ": " + keyError);
        SendUnprotected(h, info, {Ikev2Payload::Notify(Ikev2NotifyType::NO_PROPOSAL_CHOSEN)});
        return;
    }
    Ikev2NatDetection::Result nat
        = Ikev2NatDetection::Check(h.spiI,
                                   0,
                                   NotifyData(m, Ikev2NotifyType::NAT_DETECTION_SOURCE_IP),
                                   NotifyData(m, Ikev2NotifyType::NAT_DETECTION_DESTINATION_IP),
                                   info.remote,
                                   info.remotePort,
                                   info.local,
                                   info.localPort);
    sa->peerBehindNat = nat.peerBehindNat;
    sa->selfBehindNat = nat.selfBehindNat;
    if (nat.present && (nat.peerBehindNat || nat.selfBehindNat))
    {
        if (sa->remote.IsIpv6())
        {
            NatOverIpv6(sa);
            return;
        }
        sa->encap = true; // the initiator floats to 4500 for IKE_AUTH
        ++m_stats.natDetected;
    }
    Ikev2Message r;
    r.header.spiI = sa->spiI;
    r.header.spiR = sa->spiR;
    r.header.exchange = Ikev2ExchangeType::IKE_SA_INIT;
    r.header.flags = Ikev2Header::FLAG_RESPONSE;
    r.header.messageId = 0;
    Ikev2SaBody answer;
    answer.proposals.push_back(*chosen.chosen);
    r.payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::SA, answer));
    Ikev2KeBody ke;
    ke.group = sa->dh->GetGroup();
    ke.data = sa->dh->GetPublicValue();
    r.payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::KE, ke));
    Ikev2NonceBody nonce;
    nonce.nonce = sa->nr;
    r.payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::NONCE, nonce));
    if (nat.present)
    {
        for (Ikev2Payload& p : NatDetectionPayloads(*sa, m_config.peers[peerIndex].forceEncap))
        {
            r.payloads.push_back(p);
        }
    }
    sa->initRequest.assign(data, data + n);
    sa->initResponse = r.Encode();
    sa->responses.Store(0, sa->initResponse);
    sa->dh.reset();
    m_byOurSpi[sa->spiR] = sa;
    m_byPeer.emplace(sa->peerIndex, sa);
    m_halfOpen[key] = sa;
    sa->halfOpenKey = key;
    sa->halfOpen = true;
    sa->halfOpenTimer = Simulator::Schedule(m_halfOpenTimeout, [this, sa]() {
        if (sa->state == Ikev2IkeSa::State::INIT_RECEIVED)
        {
            ErrorEvent("half-open " + sa->ToString() + " timed out");
            Kill(sa, "half-open timeout", false);
        }
    });
    m_stateTrace(sa->ToString() + " created");
    LogKeys(*sa);
    ++m_stats.Of(Ikev2ExchangeType::IKE_SA_INIT).responsesOut;
    TraceMessage(true, r, info.remote, info.remotePort, sa->initResponse.size());
    SendBytes(sa->initResponse,
              info.remote,
              info.remotePort,
              info.localPort == m_nattPort,
              Ikev2ExchangeType::IKE_SA_INIT);
}

void
Ikev2Daemon::OnInitResponse(const uint8_t* data,
                            size_t n,
                            const Ikev2Header& h,
                            const PacketInfo& info)
{
    auto it = m_byOurSpi.find(h.spiI);
    if (it == m_byOurSpi.end() || !it->second->initiator
        || it->second->state != Ikev2IkeSa::State::INIT_SENT || h.messageId != 0 || h.IsInitiator())
    {
        Drop(Ikev2DropReason::UNEXPECTED_RESPONSE,
             "IKE_SA_INIT response from " + info.remote.ToString() + " for no request");
        return;
    }
    Ptr<Ikev2IkeSa> sa = it->second;
    Ikev2Message m;
    Ikev2ParseResult pr = Ikev2Message::Decode(data, n, m);
    if (!pr.Ok() || m.encrypted)
    {
        Drop(Ikev2DropReason::MALFORMED,
             "IKE_SA_INIT response from " + info.remote.ToString() + ": "
                 + (pr.Ok() ? std::string("SK payload") : pr.ToString()));
        return; // keep waiting: it may be forged
    }
    TraceMessage(false, m, info.remote, info.remotePort, n);
    ++m_stats.Of(Ikev2ExchangeType::IKE_SA_INIT).responsesIn;
    for (const Ikev2NotifyBody* e : m.ErrorNotifies())
    {
        ++m_stats.notifiesReceived[e->type];
    }
    if (const Ikev2NotifyBody* cookie = m.FindNotify(Ikev2NotifyType::COOKIE))
    {
        if (sa->cookieRetries >= MAX_COOKIE_RETRIES
            || !Ikev2CookieJar::IsValidLength(cookie->data.size()))
        {
            ErrorEvent("too many or malformed COOKIE answers from " + sa->remote.ToString());
            Kill(sa, "cookie", false);
            return;
        }
        ++sa->cookieRetries;
        ++m_stats.cookieRetries;
        sa->cookie = cookie->data;
        SendInitRequest(sa);
        return;
    }
    if (const Ikev2NotifyBody* ke = m.FindNotify(Ikev2NotifyType::INVALID_KE_PAYLOAD))
    {
        uint16_t group = ke->data.size() == 2 ? uint16_t((ke->data[0] << 8) | ke->data[1]) : 0;
        if (sa->invalidKeRetries >= m_maxInvalidKeRetries || group == sa->dh->GetGroup()
            || !Ikev2ProposalSelector::MayRetryWithGroup(group, sa->offered))
        {
            ErrorEvent("peer " + sa->remote.ToString() + " wants DH group " + std::to_string(group)
                       + ", which was not offered");
            Kill(sa, "INVALID_KE_PAYLOAD", false);
            return;
        }
        ++sa->invalidKeRetries;
        ++m_stats.invalidKeRetries;
        sa->dh = Ikev2DiffieHellman::Create(group, [this]() { return RandomByte(); });
        SendInitRequest(sa);
        return;
    }
    if (!m.ErrorNotifies().empty())
    {
        ErrorEvent("IKE_SA_INIT refused by " + sa->remote.ToString() + ": "
                   + Ikev2NotifyTypeName(m.ErrorNotifies().front()->type));
        Kill(sa, "refused", false);
        return;
    }
    const auto* saBody = BodyOf<Ikev2SaBody>(m, Ikev2PayloadType::SA);
    const auto* keBody = BodyOf<Ikev2KeBody>(m, Ikev2PayloadType::KE);
    const auto* nonceBody = BodyOf<Ikev2NonceBody>(m, Ikev2PayloadType::NONCE);
    std::string why;
    std::optional<Ikev2IkeSuite> suite;
    if (!saBody || !keBody || !nonceBody || h.spiR == 0)
    {
        why = "no SA, KE, Nonce or SPIr";
    }
    else if (auto e = Ikev2ProposalSelector::CheckReply(saBody->proposals, sa->offered);
             e != Ikev2ProposalSelector::ReplyError::NONE)
    {
        why = "the proposal chosen is not one offered: " + Ikev2ProposalSelector::ToString(e);
    }
    else if (!(suite = Ikev2IkeSuite::FromProposal(saBody->proposals.front(), &why)))
    {
    }
    else if (suite->dh != sa->dh->GetGroup() || keBody->group != suite->dh)
    {
        why = "KE group " + std::to_string(keBody->group) + " is not the group offered";
    }
    if (!why.empty())
    {
        Drop(Ikev2DropReason::BAD_PROTOCOL,
             "IKE_SA_INIT response from " + sa->remote.ToString() + ": " + why);
        Kill(sa, why, false);
        return;
    }
    IpsecBytes shared;
    Ikev2DiffieHellman::PeerValueError keError = sa->dh->ComputeShared(keBody->data, shared);
    if (keError != Ikev2DiffieHellman::PeerValueError::NONE)
    {
        Drop(Ikev2DropReason::BAD_KE,
             "from " + sa->remote.ToString() + ": " + Ikev2DiffieHellman::ToString(keError));
        Kill(sa, "bad KE", false);
        return;
    }
    sa->outstanding.active = false;
    sa->outstanding.timer.Cancel();
    sa->outstanding.retransmitter.Stop();
    m_stats.ikeSaInit.Add(Simulator::Now() - sa->outstanding.firstSent);
    sa->spiR = h.spiR;
    sa->suite = *suite;
    sa->nr = nonceBody->nonce;
    sa->initResponse.assign(data, data + n);
    sa->dh.reset();
    std::string keyError = sa->DeriveKeys(shared);
    if (!keyError.empty())
    {
        ErrorEvent(keyError);
        Kill(sa, keyError, false);
        return;
    }
    if (!info.local.IsNone() && !info.local.IsAny())
    {
        sa->local = info.local;
    }
    Ikev2NatDetection::Result nat
        = Ikev2NatDetection::Check(sa->spiI,
                                   sa->spiR,
                                   NotifyData(m, Ikev2NotifyType::NAT_DETECTION_SOURCE_IP),
                                   NotifyData(m, Ikev2NotifyType::NAT_DETECTION_DESTINATION_IP),
                                   info.remote,
                                   info.remotePort,
                                   sa->local,
                                   sa->localPort);
    sa->peerBehindNat = nat.peerBehindNat;
    sa->selfBehindNat = nat.selfBehindNat;
    bool force = m_config.peers[sa->peerIndex].forceEncap;
    if (nat.present && (nat.peerBehindNat || nat.selfBehindNat || force))
    {
        if (sa->remote.IsIpv6())
        {
            NatOverIpv6(sa);
            return;
        }
        // Float (RFC 7296 §2.23): IKE_AUTH and everything after go from and to port 4500.
        sa->encap = true;
        sa->localPort = m_nattPort;
        if (sa->remotePort == m_ikePort)
        {
            sa->remotePort = m_nattPort;
        }
        ++m_stats.natDetected;
    }
    LogKeys(*sa);
    SendAuthRequest(sa);
}

// ---------------------------------------------------------------------------------------------
// IKE_AUTH

Ikev2Identity
Ikev2Daemon::LocalIdentity(const Ikev2IkeSa& sa) const
{
    Ikev2Identity id = m_config.peers[sa.peerIndex].EffectiveLocalId();
    if (id.IsAny())
    {
        id = Ikev2Identity(Ikev2IdType::IPV4_ADDR, AddressBytes(sa.local));
    }
    return id;
}

void
Ikev2Daemon::SendAuthRequest(Ptr<Ikev2IkeSa> sa)
{
    const Ikev2Config::Peer& peer = m_config.peers[sa->peerIndex];
    const IpsecBytes* psk = PeerKey(sa->peerIndex, Ikev2Config::KeyUse::LOCAL_AUTH);
    if (!psk)
    {
        ErrorEvent("connection " + peer.name + ": no pre-shared key");
        Kill(sa, "no PSK", false);
        return;
    }
    SetState(sa, Ikev2IkeSa::State::AUTH_SENT);
    Ikev2Identity id = LocalIdentity(*sa);
    std::vector<Ikev2Payload> payloads;
    payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::IDI, id));
    if (!peer.remoteId.IsAny())
    {
        payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::IDR, peer.remoteId));
    }
    Ikev2AuthBody auth;
    auth.method = Ikev2AuthMethod::SHARED_KEY_MIC;
    auth.data = Ikev2KeyDerivation::PskAuth(*sa->prf,
                                            *psk,
                                            sa->initRequest,
                                            sa->nr,
                                            sa->keys.skPi,
                                            id.AuthInput());
    payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::AUTH, auth));
    payloads.push_back(Ikev2Payload::Notify(Ikev2NotifyType::INITIAL_CONTACT));
    auto first = m_firstRequests.find(sa->id);
    if (first != m_firstRequests.end())
    {
        Ptr<Ikev2ChildSa> child = Create<Ikev2ChildSa>();
        if (ProposeChild(sa, first->second, child, false, payloads))
        {
            sa->firstChild = child;
            AppendSelectors(*child, payloads);
        }
    }
    SendRequest(sa, Ikev2ExchangeType::IKE_AUTH, payloads, [this, sa](const Ikev2Message& m) {
        OnAuthResponse(sa, m);
    });
}

void
Ikev2Daemon::OnAuthResponse(Ptr<Ikev2IkeSa> sa, const Ikev2Message& m)
{
    const Ikev2Config::Peer& peer = m_config.peers[sa->peerIndex];
    Ptr<Ikev2ChildSa> child = sa->firstChild;
    sa->firstChild = nullptr;
    const auto* idr = BodyOf<Ikev2Identity>(m, Ikev2PayloadType::IDR);
    const auto* auth = BodyOf<Ikev2AuthBody>(m, Ikev2PayloadType::AUTH);
    std::string why;
    if (m.FindNotify(Ikev2NotifyType::AUTHENTICATION_FAILED))
    {
        why = "the peer refused our authentication (AUTHENTICATION_FAILED)";
    }
    else if (!idr || !auth)
    {
        why = m.ErrorNotifies().empty()
                ? std::string("IKE_AUTH response without IDr or AUTH")
                : "IKE_AUTH refused: " + Ikev2NotifyTypeName(m.ErrorNotifies().front()->type);
    }
    else if (!peer.remoteId.IsAny() && !peer.remoteId.Matches(*idr))
    {
        why = "the peer is " + idr->ToText() + ", not " + peer.remoteId.ToText();
    }
    else
    {
        const IpsecBytes* psk = PeerKey(sa->peerIndex, Ikev2Config::KeyUse::REMOTE_AUTH);
        IpsecBytes expected = psk ? Ikev2KeyDerivation::PskAuth(*sa->prf,
                                                                *psk,
                                                                sa->initResponse,
                                                                sa->ni,
                                                                sa->keys.skPr,
                                                                idr->AuthInput())
                                  : IpsecBytes();
        if (auth->method != Ikev2AuthMethod::SHARED_KEY_MIC
            || !Ikev2KeyDerivation::AuthMatches(auth->data, expected))
        {
            why = "the responder's AUTH does not verify (wrong pre-shared key?)";
            // Tell the peer (RFC 7296 §2.21.2), then forget the IKE SA.
            SendRequest(sa,
                        Ikev2ExchangeType::INFORMATIONAL,
                        {Ikev2Payload::Notify(Ikev2NotifyType::AUTHENTICATION_FAILED)},
                        nullptr);
            ++m_stats.notifiesSent[Ikev2NotifyType::AUTHENTICATION_FAILED];
        }
    }
    if (!why.empty())
    {
        ErrorEvent("connection " + peer.name + ": " + why);
        if (child)
        {
            ChildFailed(sa, child, why);
        }
        Kill(sa, why, false);
        return;
    }
    Established(sa);
    if (child)
    {
        CompleteChild(sa, child, m, sa->ni, sa->nr, {});
    }
}

std::vector<Ikev2Payload>
Ikev2Daemon::OnAuthRequest(Ptr<Ikev2IkeSa> sa, const Ikev2Message& m)
{
    if (sa->state != Ikev2IkeSa::State::INIT_RECEIVED)
    {
        Drop(Ikev2DropReason::BAD_PROTOCOL, "IKE_AUTH on " + sa->ToString());
        return {Ikev2Payload::Notify(Ikev2NotifyType::INVALID_SYNTAX)};
    }
    const auto* idi = BodyOf<Ikev2Identity>(m, Ikev2PayloadType::IDI);
    const auto* idr = BodyOf<Ikev2Identity>(m, Ikev2PayloadType::IDR);
    const auto* auth = BodyOf<Ikev2AuthBody>(m, Ikev2PayloadType::AUTH);
    auto fail = [this, sa](const std::string& why, uint16_t notify) {
        ErrorEvent("IKE_AUTH from " + sa->remote.ToString() + ": " + why);
        SetState(sa, Ikev2IkeSa::State::DEAD); // Dispatch kills it after the answer
        return std::vector<Ikev2Payload>{Ikev2Payload::Notify(notify)};
    };
    if (!idi || !auth)
    {
        Drop(Ikev2DropReason::MALFORMED, "IKE_AUTH without IDi or AUTH");
        return fail("no IDi or AUTH", Ikev2NotifyType::INVALID_SYNTAX);
    }
    // The connection: the first whose addresses and remote identity fit (charon picks by
    // identities too, after IKE_SA_INIT chose by addresses).
    int32_t peerIndex = FindPeer(sa->local, sa->remote, idi);
    if (peerIndex >= 0 && idr)
    {
        Ikev2IkeSa probe(false, 0, Ikev2Retransmitter());
        probe.peerIndex = uint32_t(peerIndex);
        probe.local = sa->local;
        if (!LocalIdentity(probe).Matches(*idr))
        {
            peerIndex = -1;
        }
    }
    if (peerIndex < 0)
    {
        ++m_stats.drops[size_t(Ikev2DropReason::NO_CONFIG)];
        return fail("no connection for the identity " + idi->ToText(),
                    Ikev2NotifyType::AUTHENTICATION_FAILED);
    }
    if (sa->peerIndex != uint32_t(peerIndex))
    {
        for (auto [p, end] = m_byPeer.equal_range(sa->peerIndex); p != end; ++p)
        {
            if (p->second == sa)
            {
                m_byPeer.erase(p);
                break;
            }
        }
        m_byPeer.emplace(uint32_t(peerIndex), sa);
    }
    sa->peerIndex = uint32_t(peerIndex);
    sa->name = m_config.peers[peerIndex].name;
    sa->dpdDelay = m_config.peers[peerIndex].dpdDelay;
    const IpsecBytes* remoteKey = PeerKey(uint32_t(peerIndex), Ikev2Config::KeyUse::REMOTE_AUTH);
    const IpsecBytes* localKey = PeerKey(uint32_t(peerIndex), Ikev2Config::KeyUse::LOCAL_AUTH);
    IpsecBytes expected = remoteKey ? Ikev2KeyDerivation::PskAuth(*sa->prf,
                                                                  *remoteKey,
                                                                  sa->initRequest,
                                                                  sa->nr,
                                                                  sa->keys.skPi,
                                                                  idi->AuthInput())
                                    : IpsecBytes();
    if (!localKey || auth->method != Ikev2AuthMethod::SHARED_KEY_MIC
        || !Ikev2KeyDerivation::AuthMatches(auth->data, expected))
    {
        return fail("the initiator's AUTH does not verify (wrong pre-shared key?)",
                    Ikev2NotifyType::AUTHENTICATION_FAILED);
    }
    Ikev2Identity id = LocalIdentity(*sa);
    std::vector<Ikev2Payload> reply;
    reply.push_back(Ikev2Payload::Make(Ikev2PayloadType::IDR, id));
    Ikev2AuthBody ours;
    ours.method = Ikev2AuthMethod::SHARED_KEY_MIC;
    ours.data = Ikev2KeyDerivation::PskAuth(*sa->prf,
                                            *localKey,
                                            sa->initResponse,
                                            sa->ni,
                                            sa->keys.skPr,
                                            id.AuthInput());
    reply.push_back(Ikev2Payload::Make(Ikev2PayloadType::AUTH, ours));
    if (m.FindNotify(Ikev2NotifyType::INITIAL_CONTACT))
    {
        // §2.4: the peer has no other IKE SA with us (it restarted): forget ours, with their
        // Child SAs, without asking it (it would not know them).
        std::vector<Ptr<Ikev2IkeSa>> stale;
        for (auto [p, end] = m_byPeer.equal_range(sa->peerIndex); p != end; ++p)
        {
            Ptr<Ikev2IkeSa> other = p->second;
            if (other != sa && other->remote == sa->remote
                && other->state == Ikev2IkeSa::State::ESTABLISHED)
            {
                stale.push_back(other);
            }
        }
        for (Ptr<Ikev2IkeSa> other : stale)
        {
            Kill(other, "INITIAL_CONTACT from the peer", false);
        }
    }
    Established(sa);
    if (m.Find(Ikev2PayloadType::SA))
    {
        RespondChild(sa, m, false, nullptr, reply);
    }
    return reply;
}

// ---------------------------------------------------------------------------------------------
// Child SAs

namespace
{

/// ESP proposals from what an SPD entry accepts (a Solaris rule: the policy decides).
std::vector<Ikev2ProposalSpec>
SpecsFromRequest(const IpsecProtectionRequest& request, uint16_t pfs)
{
    std::vector<Ikev2ProposalSpec> out;
    auto add = [&out, pfs](Ikev2ChildSuite suite) {
        suite.dh = pfs;
        out.push_back(Ikev2ProposalSpec::FromProposal(suite.ToProposal(1, {})));
    };
    if (request.encryption.empty())
    {
        for (Ikev2ProposalSpec spec : Ikev2ProposalSpec::Default(Ikev2ProtocolId::ESP))
        {
            if (pfs)
            {
                spec.transforms.push_back({Ikev2TransformType::DH, pfs, 0});
            }
            out.push_back(spec);
        }
        return out;
    }
    std::vector<const IpsecAlgorithm*> integrity = request.authentication;
    if (integrity.empty())
    {
        integrity.push_back(IpsecAlgorithmRegistry::FindIntegrity("hmac-sha256-128"));
    }
    for (const IpsecAlgorithm* encr : request.encryption)
    {
        if (!encr || encr->ikev2Id == 0)
        {
            continue;
        }
        Ikev2ChildSuite suite;
        suite.encr = encr;
        suite.encrKeyBits = request.encryptionKeyBitsMax ? request.encryptionKeyBitsMax
                                                         : uint16_t(encr->keyBitsDefault);
        if (encr->IsCombined())
        {
            add(suite);
            continue;
        }
        for (const IpsecAlgorithm* integ : integrity)
        {
            if (integ && integ->ikev2Id != 0)
            {
                suite.integ = integ;
                add(suite);
            }
        }
    }
    return out;
}

} // namespace

std::pair<uint32_t, int64_t>
Ikev2Daemon::PendingKey(uint32_t peerIndex, int32_t childIndex, uint32_t spdEntry)
{
    return {peerIndex, childIndex >= 0 ? int64_t(childIndex) : -1 - int64_t(spdEntry)};
}

bool
Ikev2Daemon::BuildRequest(uint32_t peerIndex,
                          int32_t childIndex,
                          const IpsecAcquire* acquire,
                          ChildRequest& out)
{
    IpsecAddress local;
    IpsecAddress remote;
    if (!ResolveAddresses(peerIndex, local, remote))
    {
        ErrorEvent("connection " + m_config.peers[peerIndex].name
                   + ": no single peer address or no route to it");
        return false;
    }
    out.peerIndex = peerIndex;
    out.childIndex = childIndex;
    out.requested = Simulator::Now();
    if (childIndex >= 0)
    {
        const Ikev2Config::Child& c = m_config.peers[peerIndex].children[childIndex];
        out.local = c.localTs.empty() ? std::vector<Ikev2TrafficSelector>{HostSelector(local)}
                                      : c.localTs;
        out.remote = c.remoteTs.empty() ? std::vector<Ikev2TrafficSelector>{HostSelector(remote)}
                                        : c.remoteTs;
        out.mode = c.mode;
        out.esp = m_peers[peerIndex].esp[childIndex];
        out.reqid = m_peers[peerIndex].reqids[childIndex];
        return true;
    }
    if (!acquire)
    {
        return false;
    }
    IpsecKeyResult policy = m_keys->SpdGet(acquire->policyId);
    if (!policy.Ok() || policy.policies.empty())
    {
        ErrorEvent("ACQUIRE for SPD entry " + std::to_string(acquire->policyId)
                   + ", which is gone");
        return false;
    }
    const SecurityPolicy& p = *policy.policies.front();
    // TSi[0]/TSr[0]: the packet that raised the ACQUIRE, so that the responder finds the
    // policy it hit (RFC 7296 §2.9); then the policy's own ranges.
    const IpsecFlow& f = acquire->flow;
    auto packet = [&f](const IpsecAddress& a, uint16_t port) {
        IpsecBytes bytes = AddressBytes(a);
        return Ikev2TrafficSelector(a.IsIpv6() ? Ikev2TsType::IPV6_ADDR_RANGE
                                               : Ikev2TsType::IPV4_ADDR_RANGE,
                                    f.protocol,
                                    port,
                                    port ? port : 65535,
                                    bytes,
                                    bytes);
    };
    out.local
        = {packet(f.local, f.localPort),
           PolicySelector(p.localAddress, p.localMask, p.protocol, p.localPortMin, p.localPortMax)};
    out.remote = {packet(f.remote, f.remotePort),
                  PolicySelector(p.remoteAddress,
                                 p.remoteMask,
                                 p.protocol,
                                 p.remotePortMin,
                                 p.remotePortMax)};
    out.spdEntry = acquire->policyId;
    out.mode = acquire->mode;
    out.esp = SpecsFromRequest(acquire->proposal, m_config.peers[peerIndex].childPfs);
    out.reqid = acquire->proposal.policyId;
    if (out.esp.empty())
    {
        ErrorEvent("ACQUIRE: the policy accepts no algorithm IKEv2 can negotiate");
        return false;
    }
    return true;
}

void
Ikev2Daemon::RequestChild(const ChildRequest& request)
{
    auto key = PendingKey(request.peerIndex, request.childIndex, request.spdEntry);
    if (m_pendingChildren.count(key))
    {
        ++m_stats.acquiresCoalesced;
        return;
    }
    m_pendingChildren[key] = request.requested;
    if (Ptr<Ikev2IkeSa> sa = FindEstablished(request.peerIndex))
    {
        CreateChild(sa, request);
        return;
    }
    if (Ptr<Ikev2IkeSa> sa = FindNegotiating(request.peerIndex))
    {
        sa->queued.emplace_back([this, sa, request]() { CreateChild(sa, request); });
        return;
    }
    Ptr<Ikev2IkeSa> sa = StartIkeSa(request.peerIndex);
    if (!sa)
    {
        m_pendingChildren.erase(key);
        return;
    }
    m_firstRequests[sa->id] = request;
}

bool
Ikev2Daemon::ProposeChild(Ptr<Ikev2IkeSa> sa,
                          const ChildRequest& request,
                          Ptr<Ikev2ChildSa> child,
                          bool withDh,
                          std::vector<Ikev2Payload>& payloads)
{
    const Ikev2Config::Peer& peer = m_config.peers[request.peerIndex];
    child->peerIndex = request.peerIndex;
    child->childIndex = request.childIndex;
    child->name = request.childIndex >= 0 ? peer.children[request.childIndex].name : peer.name;
    child->reqid = request.reqid;
    child->spdEntry = request.spdEntry;
    child->mode = request.mode;
    child->local = request.local;
    child->remote = request.remote;
    child->requested = request.requested;
    child->measureSetup = request.measureSetup;
    child->initiator = true;
    IpsecKeyResult spi = m_keys->GetSpi(IpsecProtocol::ESP, sa->remote, sa->local);
    if (!spi.Ok())
    {
        Drop(Ikev2DropReason::PFKEY_ERROR, "GETSPI: " + spi.message);
        ChildFailed(sa, child, "GETSPI failed");
        return false;
    }
    child->inboundSpi = spi.spi;
    child->offered.clear();
    for (const Ikev2ProposalSpec& spec : request.esp)
    {
        child->offered.push_back(
            (withDh ? spec : spec.WithoutDh())
                .ToProposal(uint8_t(child->offered.size() + 1), SpiBytes(spi.spi)));
    }
    if (child->mode == IpsecMode::TRANSPORT)
    {
        payloads.push_back(Ikev2Payload::Notify(Ikev2NotifyType::USE_TRANSPORT_MODE));
    }
    Ikev2SaBody body;
    body.proposals = child->offered;
    payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::SA, body));
    return true;
}

void
Ikev2Daemon::AppendSelectors(const Ikev2ChildSa& child, std::vector<Ikev2Payload>& payloads)
{
    Ikev2TsBody tsi;
    tsi.selectors = child.local;
    Ikev2TsBody tsr;
    tsr.selectors = child.remote;
    payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::TSI, tsi));
    payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::TSR, tsr));
}

bool
Ikev2Daemon::CompleteChild(Ptr<Ikev2IkeSa> sa,
                           Ptr<Ikev2ChildSa> child,
                           const Ikev2Message& response,
                           const IpsecBytes& ni,
                           const IpsecBytes& nr,
                           const IpsecBytes& gir)
{
    const auto* body = BodyOf<Ikev2SaBody>(response, Ikev2PayloadType::SA);
    const auto* tsi = BodyOf<Ikev2TsBody>(response, Ikev2PayloadType::TSI);
    const auto* tsr = BodyOf<Ikev2TsBody>(response, Ikev2PayloadType::TSR);
    std::string why;
    std::optional<Ikev2ChildSuite> suite;
    for (const Ikev2NotifyBody* e : response.ErrorNotifies())
    {
        why = "refused: " + Ikev2NotifyTypeName(e->type);
        break;
    }
    if (!why.empty())
    {
    }
    else if (!body || !tsi || !tsr)
    {
        why = "no SA or traffic selectors in the answer";
    }
    else if (auto e = Ikev2ProposalSelector::CheckReply(body->proposals, child->offered);
             e != Ikev2ProposalSelector::ReplyError::NONE)
    {
        why = "the proposal chosen is not one offered: " + Ikev2ProposalSelector::ToString(e);
    }
    else if (!(suite = Ikev2ChildSuite::FromProposal(body->proposals.front(), &why)))
    {
    }
    else if (SpiValue(body->proposals.front().spi) == 0)
    {
        why = "the peer's SPI is not 4 octets or is 0";
    }
    else if (!WithinProposal(tsi->selectors, child->local)
             || !WithinProposal(tsr->selectors, child->remote))
    {
        why = "the narrowed traffic selectors are not within those proposed";
    }
    else if (child->mode == IpsecMode::TRANSPORT
             && !response.FindNotify(Ikev2NotifyType::USE_TRANSPORT_MODE))
    {
        why = "the peer refused transport mode";
    }
    if (!why.empty())
    {
        ChildFailed(sa, child, why);
        return false;
    }
    child->suite = *suite;
    child->outboundSpi = SpiValue(body->proposals.front().spi);
    child->local = tsi->selectors;
    child->remote = tsr->selectors;
    Ikev2ChildKeys keys
        = Ikev2KeyDerivation::ChildKeys(*sa->prf, suite->KeyLengths(), sa->keys.skD, gir, ni, nr);
    std::string error;
    if (!InstallChild(sa, child, keys, true, error))
    {
        ChildFailed(sa, child, error);
        // The peer installed its SAs: ask it to remove them.
        Ikev2DeleteBody d;
        d.protocol = Ikev2ProtocolId::ESP;
        d.spis.push_back(SpiBytes(child->inboundSpi));
        SendRequest(sa,
                    Ikev2ExchangeType::INFORMATIONAL,
                    {Ikev2Payload::Make(Ikev2PayloadType::DELETE, d)},
                    nullptr);
        ++m_stats.deletesSent;
        return false;
    }
    return true;
}

void
Ikev2Daemon::RespondChild(Ptr<Ikev2IkeSa> sa,
                          const Ikev2Message& m,
                          bool createChild,
                          Ptr<Ikev2ChildSa> rekeyed,
                          std::vector<Ikev2Payload>& out)
{
    const auto* body = BodyOf<Ikev2SaBody>(m, Ikev2PayloadType::SA);
    const auto* tsi = BodyOf<Ikev2TsBody>(m, Ikev2PayloadType::TSI);
    const auto* tsr = BodyOf<Ikev2TsBody>(m, Ikev2PayloadType::TSR);
    const auto* nonce = BodyOf<Ikev2NonceBody>(m, Ikev2PayloadType::NONCE);
    const auto* ke = BodyOf<Ikev2KeBody>(m, Ikev2PayloadType::KE);
    auto refuse
        = [this, sa, &out](uint16_t notify, const std::string& why, const IpsecBytes& data = {}) {
              ++m_stats.childFailures;
              ErrorEvent("Child SA for " + sa->ToString() + " refused: " + why);
              out.push_back(Ikev2Payload::Notify(notify, data));
          };
    if (!body || !tsi || !tsr || (createChild && !nonce))
    {
        refuse(Ikev2NotifyType::INVALID_SYNTAX, "no SA, TSi, TSr or nonce");
        return;
    }
    bool transport = m.FindNotify(Ikev2NotifyType::USE_TRANSPORT_MODE) != nullptr;
    const Ikev2Config::Peer& peer = m_config.peers[sa->peerIndex];
    Ptr<Ikev2ChildSa> child = Create<Ikev2ChildSa>();
    child->peerIndex = sa->peerIndex;
    child->requested = Simulator::Now();
    std::vector<Ikev2ProposalSpec> specs;
    std::vector<Ikev2TrafficSelector> narrowedI;
    std::vector<Ikev2TrafficSelector> narrowedR;
    if (rekeyed)
    {
        child->childIndex = rekeyed->childIndex;
        child->name = rekeyed->name;
        child->reqid = rekeyed->reqid;
        child->mode = rekeyed->mode;
        child->rekeyedSpi = rekeyed->inboundSpi;
        narrowedI = Ikev2TrafficSelector::Narrow(tsi->selectors, rekeyed->remote);
        narrowedR = Ikev2TrafficSelector::Narrow(tsr->selectors, rekeyed->local);
        specs = rekeyed->childIndex >= 0
                  ? m_peers[sa->peerIndex].esp[rekeyed->childIndex]
                  : std::vector<Ikev2ProposalSpec>{
                      Ikev2ProposalSpec::FromProposal(rekeyed->suite.ToProposal(1, {}))};
        if ((rekeyed->mode == IpsecMode::TRANSPORT) != transport)
        {
            refuse(Ikev2NotifyType::NO_PROPOSAL_CHOSEN, "the rekey changes the mode");
            return;
        }
    }
    else if (!peer.solaris)
    {
        for (uint32_t c = 0; c < peer.children.size(); ++c)
        {
            const Ikev2Config::Child& cfg = peer.children[c];
            if ((cfg.mode == IpsecMode::TRANSPORT) != transport)
            {
                continue;
            }
            std::vector<Ikev2TrafficSelector> allowedLocal
                = cfg.localTs.empty() ? std::vector<Ikev2TrafficSelector>{HostSelector(sa->local)}
                                      : cfg.localTs;
            // `dynamic` is the peer's address; behind a NAT, the address it proposes for
            // itself (its private one), as charon accepts it.
            std::vector<Ikev2TrafficSelector> allowedRemote
                = !cfg.remoteTs.empty() ? cfg.remoteTs
                : sa->peerBehindNat     ? std::vector<Ikev2TrafficSelector>{tsi->selectors.front()}
                                    : std::vector<Ikev2TrafficSelector>{HostSelector(sa->remote)};
            narrowedI = Ikev2TrafficSelector::Narrow(tsi->selectors, allowedRemote);
            narrowedR = Ikev2TrafficSelector::Narrow(tsr->selectors, allowedLocal);
            if (!narrowedI.empty() && !narrowedR.empty())
            {
                child->childIndex = int32_t(c);
                child->name = cfg.name;
                child->reqid = m_peers[sa->peerIndex].reqids[c];
                child->mode = cfg.mode;
                specs = m_peers[sa->peerIndex].esp[c];
                break;
            }
        }
        if (child->childIndex < 0)
        {
            refuse(Ikev2NotifyType::TS_UNACCEPTABLE,
                   "no child of " + peer.name + " allows these traffic selectors");
            return;
        }
    }
    else
    {
        // A Solaris rule: the node's SPD (ipsecinit.conf) decides. The first selectors
        // proposed (the packet that raised the peer's ACQUIRE) must hit an `ipsec` entry.
        const Ikev2TrafficSelector& ti = tsi->selectors.front();
        const Ikev2TrafficSelector& tr = tsr->selectors.front();
        IpsecFlow flow;
        bool ok = ti.GetStartAddress().size() == 4 && tr.GetStartAddress().size() == 4;
        if (ok)
        {
            auto v4 = [](const IpsecBytes& b) {
                return Ipv4Address((uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16)
                                   | (uint32_t(b[2]) << 8) | b[3]);
            };
            flow.local = v4(tr.GetStartAddress());
            flow.remote = v4(ti.GetStartAddress());
            flow.protocol = tr.GetIpProtocol();
            flow.localPort = tr.GetStartPort();
            flow.remotePort = ti.GetStartPort();
        }
        Ptr<SecurityPolicy> match;
        for (Ptr<SecurityPolicy> p :
             ok ? m_keys->SpdDump().policies : std::vector<Ptr<SecurityPolicy>>())
        {
            if (p->action == SecurityPolicy::Action::IPSEC && !p->alternatives.empty()
                && !p->alternatives.front().empty()
                && p->Matches(flow, SecurityPolicy::Direction::OUTBOUND))
            {
                match = p;
                break;
            }
        }
        if (!match)
        {
            refuse(Ikev2NotifyType::TS_UNACCEPTABLE,
                   "no IPsec policy covers " + ti.ToString() + " === " + tr.ToString());
            return;
        }
        const IpsecProtectionRequest& request = match->alternatives.front().front();
        if ((request.mode == IpsecMode::TRANSPORT) != transport
            || request.protocol != IpsecProtocol::ESP)
        {
            refuse(Ikev2NotifyType::NO_PROPOSAL_CHOSEN, "the policy wants another mode or AH");
            return;
        }
        child->childIndex = -1;
        child->name = peer.name;
        child->reqid = request.policyId;
        child->mode = request.mode;
        // What the policy covers of what was proposed (after the packet's own selectors).
        auto rest = [](const std::vector<Ikev2TrafficSelector>& v) {
            return v.size() > 1 ? std::vector<Ikev2TrafficSelector>(v.begin() + 1, v.end()) : v;
        };
        narrowedI = Ikev2TrafficSelector::Narrow(rest(tsi->selectors),
                                                 {PolicySelector(match->remoteAddress,
                                                                 match->remoteMask,
                                                                 match->protocol,
                                                                 match->remotePortMin,
                                                                 match->remotePortMax)});
        narrowedR = Ikev2TrafficSelector::Narrow(rest(tsr->selectors),
                                                 {PolicySelector(match->localAddress,
                                                                 match->localMask,
                                                                 match->protocol,
                                                                 match->localPortMin,
                                                                 match->localPortMax)});
        if (narrowedI.empty() || narrowedR.empty())
        {
            refuse(Ikev2NotifyType::TS_UNACCEPTABLE, "the policy covers none of the proposal");
            return;
        }
        specs = SpecsFromRequest(request, peer.childPfs);
    }
    if (!createChild)
    {
        for (auto& s : specs)
        {
            s = s.WithoutDh();
        }
    }
    Ikev2ProposalSelector::Selection chosen = Ikev2ProposalSelector::Choose(body->proposals, specs);
    if (!chosen.Ok())
    {
        refuse(Ikev2NotifyType::NO_PROPOSAL_CHOSEN, "no acceptable ESP proposal");
        return;
    }
    std::string why;
    std::optional<Ikev2ChildSuite> suite = Ikev2ChildSuite::FromProposal(*chosen.chosen, &why);
    if (!suite || SpiValue(chosen.chosen->spi) == 0)
    {
        refuse(Ikev2NotifyType::NO_PROPOSAL_CHOSEN, suite ? "bad SPI" : why);
        return;
    }
    IpsecBytes ni = createChild ? nonce->nonce : sa->ni;
    IpsecBytes nr = createChild ? RandomBytes(m_nonceBytes) : sa->nr;
    IpsecBytes gir;
    std::unique_ptr<Ikev2DiffieHellman> dh;
    if (createChild && suite->dh)
    {
        uint16_t wanted
            = ke ? Ikev2ProposalSelector::InvalidKeGroup(*chosen.chosen, ke->group) : suite->dh;
        if (wanted)
        {
            refuse(Ikev2NotifyType::INVALID_KE_PAYLOAD,
                   "KE group " + std::to_string(ke ? ke->group : 0) + ", want "
                       + std::to_string(wanted),
                   {uint8_t(wanted >> 8), uint8_t(wanted)});
            return;
        }
        dh = Ikev2DiffieHellman::Create(suite->dh, [this]() { return RandomByte(); });
        if (!dh || dh->ComputeShared(ke->data, gir) != Ikev2DiffieHellman::PeerValueError::NONE)
        {
            Drop(Ikev2DropReason::BAD_KE, "CREATE_CHILD_SA KE from " + sa->remote.ToString());
            refuse(Ikev2NotifyType::INVALID_SYNTAX, "bad KE");
            return;
        }
    }
    IpsecKeyResult spi = m_keys->GetSpi(IpsecProtocol::ESP, sa->remote, sa->local);
    if (!spi.Ok())
    {
        Drop(Ikev2DropReason::PFKEY_ERROR, "GETSPI: " + spi.message);
        refuse(Ikev2NotifyType::TEMPORARY_FAILURE, "GETSPI failed");
        return;
    }
    child->inboundSpi = spi.spi;
    child->outboundSpi = SpiValue(chosen.chosen->spi);
    child->suite = *suite;
    child->local = narrowedR;
    child->remote = narrowedI;
    child->initiator = false;
    Ikev2ChildKeys keys
        = Ikev2KeyDerivation::ChildKeys(*sa->prf, suite->KeyLengths(), sa->keys.skD, gir, ni, nr);
    std::string error;
    if (!InstallChild(sa, child, keys, !rekeyed, error))
    {
        m_keys->Delete(IpsecProtocol::ESP, sa->local, spi.spi);
        Drop(Ikev2DropReason::PFKEY_ERROR, error);
        refuse(Ikev2NotifyType::TEMPORARY_FAILURE, error);
        return;
    }
    if (rekeyed)
    {
        rekeyed->state = Ikev2ChildSa::State::REKEYED;
        ++m_stats.childRekeys;
    }
    if (child->mode == IpsecMode::TRANSPORT)
    {
        out.push_back(Ikev2Payload::Notify(Ikev2NotifyType::USE_TRANSPORT_MODE));
    }
    Ikev2SaBody answer;
    answer.proposals.push_back(*chosen.chosen);
    answer.proposals.front().spi = SpiBytes(spi.spi);
    out.push_back(Ikev2Payload::Make(Ikev2PayloadType::SA, answer));
    if (createChild)
    {
        Ikev2NonceBody n;
        n.nonce = nr;
        out.push_back(Ikev2Payload::Make(Ikev2PayloadType::NONCE, n));
        if (dh)
        {
            Ikev2KeBody k;
            k.group = dh->GetGroup();
            k.data = dh->GetPublicValue();
            out.push_back(Ikev2Payload::Make(Ikev2PayloadType::KE, k));
        }
    }
    Ikev2TsBody i;
    i.selectors = narrowedI;
    Ikev2TsBody r;
    r.selectors = narrowedR;
    out.push_back(Ikev2Payload::Make(Ikev2PayloadType::TSI, i));
    out.push_back(Ikev2Payload::Make(Ikev2PayloadType::TSR, r));
}

Ptr<SecurityAssociation>
Ikev2Daemon::MakeSa(const Ikev2IkeSa& ike,
                    const Ikev2ChildSa& child,
                    bool inbound,
                    const Ikev2ChildKeys& keys) const
{
    // The keys of the exchange's initiator-to-responder direction come first (§2.17).
    bool fromExchangeInitiator = inbound != child.initiator;
    const IpsecBytes& encr = fromExchangeInitiator ? keys.encrI2R : keys.encrR2I;
    const IpsecBytes& integ = fromExchangeInitiator ? keys.integI2R : keys.integR2I;
    Ptr<SecurityAssociation> sa
        = Create<SecurityAssociation>(IpsecProtocol::ESP,
                                      inbound ? child.inboundSpi : child.outboundSpi,
                                      inbound ? ike.remote : ike.local,
                                      inbound ? ike.local : ike.remote);
    sa->SetMode(child.mode);
    sa->SetEncryption(child.suite.encr->name, encr);
    if (child.suite.integ)
    {
        sa->SetAuthentication(child.suite.integ->name, integ);
    }
    sa->SetExtendedSequenceNumbers(child.suite.esn);
    const Ikev2Config::Peer& peer = m_config.peers[child.peerIndex];
    Time rekey;
    Time life;
    Time jitter;
    uint64_t rekeyBytes = 0;
    uint64_t lifeBytes = 0;
    uint64_t rekeyPackets = 0;
    uint64_t lifePackets = 0;
    uint32_t window = m_replayWindow;
    if (child.childIndex >= 0)
    {
        const Ikev2Config::Child& c = peer.children[child.childIndex];
        rekey = c.rekeyTime;
        life = c.EffectiveLifeTime();
        jitter = c.randTime.IsStrictlyPositive() ? c.randTime : life - rekey;
        rekeyBytes = c.rekeyBytes;
        lifeBytes = c.lifeBytes ? c.lifeBytes : rekeyBytes + rekeyBytes / 10;
        rekeyPackets = c.rekeyPackets;
        lifePackets = c.lifePackets ? c.lifePackets : rekeyPackets + rekeyPackets / 10;
        window = c.replayWindow;
    }
    else
    {
        life
            = peer.childLifeTime.IsStrictlyPositive() ? peer.childLifeTime : m_solarisChildLifetime;
        rekey = life * 0.9;
        jitter = life * 0.05;
        lifeBytes = peer.childLifeKilobytes * 1024;
        rekeyBytes = lifeBytes - lifeBytes / 10;
    }
    SecurityAssociation::Lifetime soft;
    SecurityAssociation::Lifetime hard;
    // The Child SA's initiator rekeys first, jittered as charon does; the responder's soft
    // limit lies halfway to the hard one, a fallback should the initiator be silent.
    if (rekey.IsStrictlyPositive())
    {
        Time early = child.initiator
                       ? Seconds(m_random->GetValue(0, std::max(0.0, jitter.GetSeconds())))
                       : Time(0) - (life - rekey) / 2;
        soft.addTime = WholeSeconds(std::max(Seconds(1), rekey - early));
    }
    hard.addTime = WholeSeconds(life);
    if (hard.addTime && soft.addTime >= hard.addTime)
    {
        soft.addTime = hard.addTime > 1 ? hard.addTime - 1 : 0;
    }
    soft.bytes = child.initiator ? rekeyBytes : (rekeyBytes + lifeBytes) / 2;
    hard.bytes = lifeBytes;
    soft.allocations = child.initiator ? rekeyPackets : (rekeyPackets + lifePackets) / 2;
    hard.allocations = lifePackets;
    sa->SetSoftLifetime(soft);
    sa->SetHardLifetime(hard);
    sa->SetReplayWindow(window);
    sa->SetPolicyId(child.reqid); // strongSwan's reqid: only this child's policies use them
    if (ike.encap && ike.local.IsIpv4())
    {
        SecurityAssociation::Encapsulation e;
        e.udp = true;
        e.sourcePort = inbound ? ike.remotePort : ike.localPort;
        e.destinationPort = inbound ? ike.localPort : ike.remotePort;
        sa->SetEncapsulation(e);
    }
    return sa;
}

bool
Ikev2Daemon::InstallChild(Ptr<Ikev2IkeSa> sa,
                          Ptr<Ikev2ChildSa> child,
                          const Ikev2ChildKeys& keys,
                          bool addOutbound,
                          std::string& error)
{
    IpsecKeyResult in = m_keys->Update(MakeSa(*sa, *child, true, keys));
    if (!in.Ok())
    {
        error = "UPDATE of the inbound SA: " + in.message;
        Drop(Ikev2DropReason::PFKEY_ERROR, error);
        return false;
    }
    Ptr<SecurityAssociation> outbound = MakeSa(*sa, *child, false, keys);
    if (addOutbound)
    {
        IpsecKeyResult out = m_keys->Add(outbound);
        if (!out.Ok())
        {
            m_keys->Delete(IpsecProtocol::ESP, sa->local, child->inboundSpi);
            error = "ADD of the outbound SA: " + out.message;
            Drop(Ikev2DropReason::PFKEY_ERROR, error);
            return false;
        }
        child->outbound = out.sa;
        m_childSaLog.push_back(out.sa);
        m_childBySa[{sa->remote, child->outboundSpi}] = child;
    }
    else
    {
        child->pendingOutbound = outbound; // added when the peer deletes the old Child SA
    }
    child->inbound = in.sa;
    m_childSaLog.push_back(in.sa);
    m_childBySa[{sa->local, child->inboundSpi}] = child;
    child->state = Ikev2ChildSa::State::INSTALLED;
    child->installed = Simulator::Now();
    Ptr<Ikev2IkeSa> owner = Current(sa); // the IKE SA may have been rekeyed meanwhile
    owner->children.push_back(child);
    child->owner = PeekPointer(owner);
    ++m_stats.childSasInstalled;
    m_pendingChildren.erase(PendingKey(child->peerIndex, child->childIndex, child->spdEntry));
    if (child->measureSetup)
    {
        m_stats.setup.Add(Simulator::Now() - child->requested);
    }
    if (child->childIndex >= 0)
    {
        ++m_peers[child->peerIndex].live[child->childIndex];
    }
    InstallPolicies(*sa, *child);
    m_stateTrace("child " + child->ToString() + " installed on " + sa->ToString());
    return true;
}

void
Ikev2Daemon::InstallPolicies(const Ikev2IkeSa& sa, const Ikev2ChildSa& child)
{
    if (child.childIndex < 0 || !m_peers[child.peerIndex].spdIds[child.childIndex].empty())
    {
        return; // a Solaris rule never touches the SPD; a swanctl child's entries exist
    }
    std::vector<uint32_t>& ids = m_peers[child.peerIndex].spdIds[child.childIndex];
    IpsecProtectionRequest request;
    request.protocol = IpsecProtocol::ESP;
    request.mode = child.mode;
    request.level = IpsecLevel::UNIQUE;
    request.policyId = child.reqid;
    if (child.mode == IpsecMode::TUNNEL)
    {
        request.tunnelSource = sa.local;
        request.tunnelDestination = sa.remote;
    }
    for (const Ikev2TrafficSelector& l : child.local)
    {
        for (const Ikev2TrafficSelector& r : child.remote)
        {
            IpsecAddress la;
            IpsecAddress ra;
            IpsecMask lm;
            IpsecMask rm;
            if (l.GetType() != r.GetType() || !SelectorPrefix(l, la, lm)
                || !SelectorPrefix(r, ra, rm))
            {
                ErrorEvent("traffic selectors " + l.ToString() + " === " + r.ToString()
                           + " cannot be an SPD entry");
                continue;
            }
            Ptr<SecurityPolicy> policy = SecurityPolicy::Networks(la, lm, ra, rm, {request});
            uint8_t protocol = l.GetIpProtocol() ? l.GetIpProtocol() : r.GetIpProtocol();
            policy->protocol = protocol ? int16_t(protocol) : int16_t(-1);
            policy->localPortMin = l.GetStartPort();
            policy->localPortMax = l.GetEndPort();
            policy->remotePortMin = r.GetStartPort();
            policy->remotePortMax = r.GetEndPort();
            policy->comment = "ikev2 " + m_config.peers[child.peerIndex].name + "/" + child.name;
            IpsecKeyResult added = m_keys->SpdAdd(policy);
            if (added.Ok())
            {
                ids.push_back(added.policyId);
            }
            else
            {
                Drop(Ikev2DropReason::PFKEY_ERROR,
                     "SPDADD " + policy->ToString() + ": " + added.message);
            }
        }
    }
}

void
Ikev2Daemon::RemovePolicies(uint32_t peerIndex, int32_t childIndex)
{
    if (childIndex < 0)
    {
        return;
    }
    const Ikev2Config::Child& c = m_config.peers[peerIndex].children[childIndex];
    if (c.startAction == Ikev2Config::StartAction::TRAP)
    {
        return; // trap policies stay: the next packet raises an ACQUIRE
    }
    if (m_peers[peerIndex].live[childIndex] > 0)
    {
        return; // another Child SA of the configuration still uses them
    }
    for (uint32_t id : m_peers[peerIndex].spdIds[childIndex])
    {
        m_keys->SpdDelete(id);
    }
    m_peers[peerIndex].spdIds[childIndex].clear();
}

void
Ikev2Daemon::CreateChild(Ptr<Ikev2IkeSa> sa, const ChildRequest& request)
{
    if (sa->state != Ikev2IkeSa::State::ESTABLISHED)
    {
        m_pendingChildren.erase(
            PendingKey(request.peerIndex, request.childIndex, request.spdEntry));
        return;
    }
    Ptr<Ikev2ChildSa> child = Create<Ikev2ChildSa>();
    std::vector<Ikev2Payload> payloads;
    if (!ProposeChild(sa, request, child, true, payloads))
    {
        return;
    }
    SendChildRequest(sa, child, nullptr, payloads);
}

void
Ikev2Daemon::SendChildRequest(Ptr<Ikev2IkeSa> sa,
                              Ptr<Ikev2ChildSa> child,
                              Ptr<Ikev2ChildSa> old,
                              std::vector<Ikev2Payload> payloads)
{
    sa->creating.push_back(child); // failed with the IKE SA should it die first
    child->nonce = RandomBytes(m_nonceBytes);
    Ikev2NonceBody nonce;
    nonce.nonce = child->nonce;
    payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::NONCE, nonce));
    std::vector<Ikev2Transform> groups
        = Ikev2ProposalSpec::FromProposal(child->offered.front()).Of(Ikev2TransformType::DH);
    if (!groups.empty())
    {
        child->dh
            = Ikev2DiffieHellman::Create(groups.front().id, [this]() { return RandomByte(); });
        Ikev2KeBody ke;
        ke.group = child->dh->GetGroup();
        ke.data = child->dh->GetPublicValue();
        payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::KE, ke));
    }
    AppendSelectors(*child, payloads);
    SendRequest(sa,
                Ikev2ExchangeType::CREATE_CHILD_SA,
                payloads,
                [this, sa, child, old](const Ikev2Message& m) {
                    sa->creating.erase(std::remove(sa->creating.begin(), sa->creating.end(), child),
                                       sa->creating.end());
                    const auto* nonce = BodyOf<Ikev2NonceBody>(m, Ikev2PayloadType::NONCE);
                    const auto* ke = BodyOf<Ikev2KeBody>(m, Ikev2PayloadType::KE);
                    IpsecBytes gir;
                    std::string why;
                    if (m.ErrorNotifies().empty())
                    {
                        if (!nonce)
                        {
                            why = "no nonce in the answer";
                        }
                        else if (child->dh
                                 && (!ke || ke->group != child->dh->GetGroup()
                                     || child->dh->ComputeShared(ke->data, gir)
                                            != Ikev2DiffieHellman::PeerValueError::NONE))
                        {
                            why = "no or a bad KE in the answer";
                        }
                    }
                    child->dh.reset();
                    bool done = false;
                    if (why.empty())
                    {
                        // An error answer (NO_PROPOSAL_CHOSEN...) need not carry a nonce.
                        IpsecBytes nr = nonce ? nonce->nonce : IpsecBytes();
                        done = CompleteChild(sa, child, m, child->nonce, nr, gir);
                    }
                    else
                    {
                        ChildFailed(sa, child, why);
                    }
                    if (!old)
                    {
                        return;
                    }
                    if (!done)
                    {
                        // TEMPORARY_FAILURE: the peer is rekeying it too and its rekey wins.
                        if (old->state == Ikev2ChildSa::State::REKEYING)
                        {
                            old->state = Ikev2ChildSa::State::INSTALLED;
                        }
                        return;
                    }
                    ++m_stats.childRekeys;
                    // Make-before-break: the new SAs are in; stop sending on the old outbound
                    // SA now, and delete the old pair (its inbound SA after a delay).
                    m_childBySa.erase({sa->remote, old->outboundSpi});
                    m_keys->Delete(IpsecProtocol::ESP, sa->remote, old->outboundSpi);
                    old->state = Ikev2ChildSa::State::REKEYED;
                    m_stateTrace("child " + old->ToString() + " rekeyed by " + child->ToString());
                    SendDeleteChild(sa, old);
                });
}

void
Ikev2Daemon::RekeyChildSa(Ptr<Ikev2IkeSa> sa, Ptr<Ikev2ChildSa> old)
{
    sa = Current(sa);
    if (old->state != Ikev2ChildSa::State::INSTALLED || sa->state != Ikev2IkeSa::State::ESTABLISHED)
    {
        return;
    }
    old->state = Ikev2ChildSa::State::REKEYING;
    ChildRequest request;
    request.peerIndex = old->peerIndex;
    request.childIndex = old->childIndex;
    request.local = old->local;
    request.remote = old->remote;
    request.mode = old->mode;
    request.reqid = old->reqid;
    request.requested = Simulator::Now();
    request.esp = old->childIndex >= 0
                    ? m_peers[old->peerIndex].esp[old->childIndex]
                    : std::vector<Ikev2ProposalSpec>{
                        Ikev2ProposalSpec::FromProposal(old->suite.ToProposal(1, {}))};
    Ptr<Ikev2ChildSa> child = Create<Ikev2ChildSa>();
    std::vector<Ikev2Payload> payloads;
    payloads.push_back(Ikev2Payload::Notify(Ikev2NotifyType::REKEY_SA,
                                            {},
                                            Ikev2ProtocolId::ESP,
                                            SpiBytes(old->inboundSpi)));
    if (!ProposeChild(sa, request, child, true, payloads))
    {
        old->state = Ikev2ChildSa::State::INSTALLED;
        return;
    }
    child->name = old->name;
    child->rekeyedSpi = old->inboundSpi;
    SendChildRequest(sa, child, old, payloads);
}

std::vector<Ikev2Payload>
Ikev2Daemon::OnCreateChildRequest(Ptr<Ikev2IkeSa> sa, const Ikev2Message& m)
{
    std::vector<Ikev2Payload> reply;
    if (sa->state != Ikev2IkeSa::State::ESTABLISHED)
    {
        reply.push_back(Ikev2Payload::Notify(Ikev2NotifyType::TEMPORARY_FAILURE));
        return reply;
    }
    const auto* saBody = BodyOf<Ikev2SaBody>(m, Ikev2PayloadType::SA);
    if (saBody && !saBody->proposals.empty()
        && saBody->proposals.front().protocol == Ikev2ProtocolId::IKE)
    {
        return RespondIkeRekey(sa, m);
    }
    Ptr<Ikev2ChildSa> rekeyed;
    if (const Ikev2NotifyBody* rekey = m.FindNotify(Ikev2NotifyType::REKEY_SA))
    {
        auto it = m_childBySa.find({sa->remote, SpiValue(rekey->spi)});
        if (it == m_childBySa.end() || it->second->state == Ikev2ChildSa::State::DELETED
            || it->second->outboundSpi != SpiValue(rekey->spi))
        {
            reply.push_back(Ikev2Payload::Notify(Ikev2NotifyType::CHILD_SA_NOT_FOUND,
                                                 {},
                                                 Ikev2ProtocolId::ESP,
                                                 rekey->spi));
            return reply;
        }
        rekeyed = it->second;
        if (rekeyed->state == Ikev2ChildSa::State::REKEYING && sa->initiator)
        {
            // A rekey collision (§2.8.1), resolved without a redundant Child SA: the IKE SA's
            // original initiator's rekey goes ahead, the peer's is refused.
            reply.push_back(Ikev2Payload::Notify(Ikev2NotifyType::TEMPORARY_FAILURE));
            return reply;
        }
        if (rekeyed->state != Ikev2ChildSa::State::INSTALLED
            && rekeyed->state != Ikev2ChildSa::State::REKEYING)
        {
            reply.push_back(Ikev2Payload::Notify(Ikev2NotifyType::TEMPORARY_FAILURE));
            return reply;
        }
    }
    RespondChild(sa, m, true, rekeyed, reply);
    return reply;
}

void
Ikev2Daemon::ChildFailed(Ptr<Ikev2IkeSa> sa, Ptr<Ikev2ChildSa> child, const std::string& why)
{
    ++m_stats.childFailures;
    ErrorEvent("Child SA " + child->name + " with " + sa->remote.ToString() + " failed: " + why);
    if (child->inboundSpi && !child->inbound)
    {
        m_keys->Delete(IpsecProtocol::ESP, sa->local, child->inboundSpi); // the larval SA
    }
    child->state = Ikev2ChildSa::State::DELETED;
    m_pendingChildren.erase(PendingKey(child->peerIndex, child->childIndex, child->spdEntry));
}

void
Ikev2Daemon::DeleteChildSas(Ptr<Ikev2IkeSa> sa, Ptr<Ikev2ChildSa> child, bool keepPolicies)
{
    if (child->state == Ikev2ChildSa::State::DELETED)
    {
        return;
    }
    bool replaced = child->state == Ikev2ChildSa::State::REKEYED;
    child->state = Ikev2ChildSa::State::DELETED;
    for (auto [at, spi] : {std::make_pair(sa->remote, child->outboundSpi),
                           std::make_pair(sa->local, child->inboundSpi)})
    {
        auto it = m_childBySa.find({at, spi});
        if (it != m_childBySa.end() && it->second == child)
        {
            m_childBySa.erase(it);
            m_keys->Delete(IpsecProtocol::ESP, at, spi);
        }
    }
    for (Ptr<Ikev2IkeSa> holder : {sa, Current(sa)})
    {
        holder->children.erase(std::remove(holder->children.begin(), holder->children.end(), child),
                               holder->children.end());
    }
    child->owner = nullptr;
    ++m_stats.childSasDeleted;
    m_stateTrace("child " + child->ToString() + " deleted");
    if (child->childIndex >= 0)
    {
        --m_peers[child->peerIndex].live[child->childIndex];
        if (!replaced && !keepPolicies)
        {
            RemovePolicies(child->peerIndex, child->childIndex);
        }
    }
}

void
Ikev2Daemon::SendDeleteChild(Ptr<Ikev2IkeSa> sa, Ptr<Ikev2ChildSa> child)
{
    sa = Current(sa);
    if (child->state != Ikev2ChildSa::State::REKEYED)
    {
        child->state = Ikev2ChildSa::State::DELETING;
    }
    Ikev2DeleteBody d;
    d.protocol = Ikev2ProtocolId::ESP;
    d.spis.push_back(SpiBytes(child->inboundSpi));
    ++m_stats.deletesSent;
    SendRequest(sa,
                Ikev2ExchangeType::INFORMATIONAL,
                {Ikev2Payload::Make(Ikev2PayloadType::DELETE, d)},
                [this, sa, child](const Ikev2Message&) {
                    // Packets the peer sent on the old SA before it saw our Delete are still
                    // in flight after a rekey: its inbound SA lives a little longer.
                    if (child->state == Ikev2ChildSa::State::REKEYED)
                    {
                        Simulator::Schedule(m_rekeyDeleteDelay,
                                            &Ikev2Daemon::DeleteChildSas,
                                            this,
                                            sa,
                                            child,
                                            false);
                    }
                    else
                    {
                        DeleteChildSas(sa, child);
                    }
                });
}

// ---------------------------------------------------------------------------------------------
// INFORMATIONAL, liveness, the life of an IKE SA

std::vector<Ikev2Payload>
Ikev2Daemon::OnInformationalRequest(Ptr<Ikev2IkeSa> sa, const Ikev2Message& m)
{
    std::vector<Ikev2Payload> reply;
    Ikev2DeleteBody ours;
    ours.protocol = Ikev2ProtocolId::ESP;
    for (const Ikev2Payload& p : m.payloads)
    {
        if (const auto* d = std::get_if<Ikev2DeleteBody>(&p.body);
            d && p.type == Ikev2PayloadType::DELETE)
        {
            ++m_stats.deletesReceived;
            if (d->protocol == Ikev2ProtocolId::IKE)
            {
                m_stateTrace(sa->ToString() + " deleted by the peer");
                SetState(sa, Ikev2IkeSa::State::DEAD); // Dispatch kills it after the answer
                return {};
            }
            for (const IpsecBytes& spi : d->spis)
            {
                auto it = m_childBySa.find({sa->remote, SpiValue(spi)});
                if (it == m_childBySa.end() || it->second->outboundSpi != SpiValue(spi))
                {
                    continue; // already gone (RFC 7296 §1.4.1: not an error)
                }
                Ptr<Ikev2ChildSa> child = it->second;
                if (child->state == Ikev2ChildSa::State::REKEYED)
                {
                    // We answered the peer's rekey: switch to the new outbound SA now.
                    for (Ptr<Ikev2ChildSa> other : sa->children)
                    {
                        if (other->rekeyedSpi == child->inboundSpi && other->pendingOutbound)
                        {
                            IpsecKeyResult added = m_keys->Add(other->pendingOutbound);
                            if (added.Ok())
                            {
                                other->outbound = added.sa;
                                m_childSaLog.push_back(added.sa);
                                m_childBySa[{sa->remote, other->outboundSpi}] = other;
                            }
                            else
                            {
                                Drop(Ikev2DropReason::PFKEY_ERROR, "ADD: " + added.message);
                            }
                            other->pendingOutbound = nullptr;
                        }
                    }
                }
                ours.spis.push_back(SpiBytes(child->inboundSpi));
                bool wasInstalled = child->state == Ikev2ChildSa::State::INSTALLED;
                bool trap = child->childIndex >= 0
                         && m_config.peers[child->peerIndex].children[child->childIndex].closeAction
                                == Ikev2Config::CloseAction::TRAP;
                DeleteChildSas(sa, child, trap);
                if (wasInstalled && child->childIndex >= 0
                    && m_config.peers[child->peerIndex].children[child->childIndex].closeAction
                           == Ikev2Config::CloseAction::START)
                {
                    ChildRequest request;
                    if (BuildRequest(child->peerIndex, child->childIndex, nullptr, request))
                    {
                        Simulator::ScheduleNow(&Ikev2Daemon::RequestChild, this, request);
                    }
                }
            }
        }
    }
    if (m.FindNotify(Ikev2NotifyType::AUTHENTICATION_FAILED))
    {
        ErrorEvent("the initiator refused our authentication (AUTHENTICATION_FAILED)");
        SetState(sa, Ikev2IkeSa::State::DEAD);
        return {};
    }
    if (!ours.spis.empty())
    {
        reply.push_back(Ikev2Payload::Make(Ikev2PayloadType::DELETE, ours));
    }
    return reply;
}

void
Ikev2Daemon::DeleteIkeSa(Ptr<Ikev2IkeSa> sa)
{
    if (sa->state != Ikev2IkeSa::State::ESTABLISHED)
    {
        Kill(sa, "terminated", false);
        return;
    }
    SetState(sa, Ikev2IkeSa::State::DELETING);
    sa->queued.clear(); // nothing else will be negotiated on it
    auto send = [this, sa]() {
        SendIkeDelete(sa, [this, sa](const Ikev2Message&) { Kill(sa, "deleted", false); });
    };
    if (sa->outstanding.active)
    {
        sa->queued.emplace_back(send);
    }
    else
    {
        send();
    }
}

void
Ikev2Daemon::SendIkeDelete(Ptr<Ikev2IkeSa> sa, std::function<void(const Ikev2Message&)> onResponse)
{
    Ikev2DeleteBody d;
    d.protocol = Ikev2ProtocolId::IKE;
    d.spiSize = 0;
    ++m_stats.deletesSent;
    SendRequest(sa,
                Ikev2ExchangeType::INFORMATIONAL,
                {Ikev2Payload::Make(Ikev2PayloadType::DELETE, d)},
                std::move(onResponse));
}

void
Ikev2Daemon::DeleteAtOnce(Ptr<Ikev2IkeSa> sa, const std::string& why)
{
    // Like charon's forced delete: the peer is told when the window is free, nobody waits.
    if (sa->state == Ikev2IkeSa::State::ESTABLISHED && !sa->outstanding.active)
    {
        SendIkeDelete(sa, nullptr);
    }
    Kill(sa, why, false);
}

void
Ikev2Daemon::ScheduleDpd(Ptr<Ikev2IkeSa> sa)
{
    if (!sa->dpdDelay.IsStrictlyPositive() || sa->state != Ikev2IkeSa::State::ESTABLISHED)
    {
        return;
    }
    sa->dpdTimer.Cancel();
    Time due = sa->lastHeard + sa->dpdDelay - Simulator::Now();
    sa->dpdTimer
        = Simulator::Schedule(std::max(due, MilliSeconds(1)), &Ikev2Daemon::DpdCheck, this, sa);
}

void
Ikev2Daemon::DpdCheck(Ptr<Ikev2IkeSa> sa)
{
    if (sa->state != Ikev2IkeSa::State::ESTABLISHED)
    {
        return;
    }
    // ESP from the peer proves it alive as well as IKE does (charon asks the kernel for the
    // inbound SAs' last use): no probe while traffic arrives.
    uint64_t inbound = 0;
    for (Ptr<Ikev2ChildSa> child : sa->children)
    {
        inbound += child->inbound ? child->inbound->GetPackets() : 0;
    }
    if (inbound != sa->inboundPackets)
    {
        sa->inboundPackets = inbound;
        sa->lastHeard = Simulator::Now();
    }
    if (Simulator::Now() - sa->lastHeard >= sa->dpdDelay && !sa->outstanding.active
        && sa->queued.empty())
    {
        // Liveness check (§1.4): an empty INFORMATIONAL request. Its retransmissions decide.
        ++m_stats.dpdProbes;
        SendRequest(sa, Ikev2ExchangeType::INFORMATIONAL, {}, nullptr);
        sa->dpdTimer = Simulator::Schedule(sa->dpdDelay, &Ikev2Daemon::DpdCheck, this, sa);
        return;
    }
    ScheduleDpd(sa);
}

void
Ikev2Daemon::SendKeepalive(Ptr<Ikev2IkeSa> sa)
{
    if (sa->state == Ikev2IkeSa::State::DEAD)
    {
        return;
    }
    // RFC 3948 §2.3: one 0xFF octet, from our 4500 to the peer's, keeps the NAT's mapping.
    uint8_t keepalive = 0xff;
    if (!sa->remote.IsIpv4() || !m_natt)
    {
        return; // NAT traversal is IPv4's
    }
    m_natt->SendTo(Create<Packet>(&keepalive, 1),
                   0,
                   InetSocketAddress(sa->remote.GetIpv4(), sa->remotePort));
    ++m_stats.keepalivesSent;
    sa->keepaliveTimer = Simulator::Schedule(m_natKeepalive, &Ikev2Daemon::SendKeepalive, this, sa);
}

void
Ikev2Daemon::Established(Ptr<Ikev2IkeSa> sa)
{
    SetState(sa, Ikev2IkeSa::State::ESTABLISHED);
    sa->established = Simulator::Now();
    sa->lastHeard = Simulator::Now();
    sa->halfOpenTimer.Cancel();
    if (sa->halfOpen)
    {
        m_halfOpen.erase(sa->halfOpenKey);
        sa->halfOpen = false;
    }
    ++m_stats.ikeSasEstablished;
    ScheduleIkeRekey(sa);
    m_firstRequests.erase(sa->id);
    m_peers[sa->peerIndex].restarts = 0;
    ScheduleDpd(sa);
    if (sa->encap && sa->selfBehindNat && m_natKeepalive.IsStrictlyPositive())
    {
        sa->keepaliveTimer
            = Simulator::Schedule(m_natKeepalive, &Ikev2Daemon::SendKeepalive, this, sa);
    }
    // Child SAs asked for while the IKE SA was being made go out on it now.
    Simulator::ScheduleNow(&Ikev2Daemon::NextQueued, this, sa);
}

void
Ikev2Daemon::Kill(Ptr<Ikev2IkeSa> sa, const std::string& why, bool peerDead)
{
    uint64_t ours = sa->initiator ? sa->spiI : sa->spiR;
    auto it = m_byOurSpi.find(ours);
    if (it == m_byOurSpi.end() || it->second != sa)
    {
        return; // already gone
    }
    m_byOurSpi.erase(it);
    if (sa->halfOpen)
    {
        m_halfOpen.erase(sa->halfOpenKey);
        sa->halfOpen = false;
    }
    for (auto [p, end] = m_byPeer.equal_range(sa->peerIndex); p != end; ++p)
    {
        if (p->second == sa)
        {
            m_byPeer.erase(p);
            break;
        }
    }
    bool wasEstablished = !sa->established.IsZero() || sa->state == Ikev2IkeSa::State::ESTABLISHED;
    if (sa->reservedSpi != 0)
    {
        auto reserved = m_byOurSpi.find(sa->reservedSpi); // for its rekey under way
        if (reserved != m_byOurSpi.end() && reserved->second == sa)
        {
            m_byOurSpi.erase(reserved);
        }
        sa->reservedSpi = 0;
    }
    if (sa->replaced)
    {
        // replaced by its successor: not a deletion
    }
    else if (wasEstablished)
    {
        ++m_stats.ikeSasDeleted;
    }
    else
    {
        ++m_stats.ikeSasFailed;
    }
    StopTimers(*sa);
    sa->outstanding.active = false;
    sa->outstanding.onResponse = nullptr;
    sa->queued.clear();
    if (sa->firstChild)
    {
        ChildFailed(sa, sa->firstChild, why);
        sa->firstChild = nullptr;
    }
    // Children of CREATE_CHILD_SA requests that will never be answered: their larval SAs
    // (GETSPI) would stay in the SADB for ever.
    for (Ptr<Ikev2ChildSa> child : std::vector<Ptr<Ikev2ChildSa>>(sa->creating))
    {
        ChildFailed(sa, child, why);
    }
    sa->creating.clear();
    // dpd_action: restart negotiates again, trap keeps the policies so that traffic raises an
    // ACQUIRE, clear removes them. Restart keeps them too: nothing leaks in the clear meanwhile.
    std::vector<std::pair<uint32_t, int32_t>> restart;
    for (Ptr<Ikev2ChildSa> child : std::vector<Ptr<Ikev2ChildSa>>(sa->children))
    {
        // Wanted: installed, or going because of its lifetime (a rekey or hard expiry that the
        // dead peer never answered), not replaced.
        bool live = child->state != Ikev2ChildSa::State::REKEYED
                 && child->state != Ikev2ChildSa::State::DELETED;
        bool keep = false;
        if (peerDead && live && child->childIndex >= 0)
        {
            const Ikev2Config::Peer& peer = m_config.peers[child->peerIndex];
            Ikev2Config::DpdAction action = peer.children[child->childIndex].dpdAction;
            keep = action != Ikev2Config::DpdAction::CLEAR;
            if (action == Ikev2Config::DpdAction::RESTART
                && (peer.keyingTries == 0 || m_peers[child->peerIndex].restarts < peer.keyingTries))
            {
                restart.emplace_back(child->peerIndex, child->childIndex);
            }
        }
        DeleteChildSas(sa, child, keep);
    }
    for (auto p = m_pendingChildren.begin(); p != m_pendingChildren.end();)
    {
        p = p->first.first == sa->peerIndex ? m_pendingChildren.erase(p) : std::next(p);
    }
    auto first = m_firstRequests.find(sa->id);
    if (first != m_firstRequests.end())
    {
        // keyingtries: a restart (after a dead peer) that fails is made again after a
        // RetransmitTimeout, up to keyingtries attempts in all (0: forever).
        const Ikev2Config::Peer& peer = m_config.peers[sa->peerIndex];
        PeerRuntime& rt = m_peers[sa->peerIndex];
        bool restartable = first->second.childIndex >= 0 && first->second.restart;
        if (!wasEstablished && restartable
            && (peer.keyingTries == 0 || rt.restarts < peer.keyingTries))
        {
            ++rt.restarts;
            Simulator::Schedule(m_retransmitTimeout,
                                &Ikev2Daemon::RequestChild,
                                this,
                                first->second);
        }
        m_firstRequests.erase(first);
    }
    SetState(sa, Ikev2IkeSa::State::DEAD);
    m_stateTrace(sa->ToString() + " closed: " + why);
    for (auto [peerIndex, childIndex] : restart)
    {
        ++m_peers[peerIndex].restarts;
        ++m_stats.dpdRestarts;
        ChildRequest request;
        if (BuildRequest(peerIndex, childIndex, nullptr, request))
        {
            request.restart = true;
            Simulator::ScheduleNow(&Ikev2Daemon::RequestChild, this, request);
        }
    }
}

void
Ikev2Daemon::SetState(Ptr<Ikev2IkeSa> sa, Ikev2IkeSa::State state)
{
    if (sa->state == state)
    {
        return;
    }
    Ikev2IkeSa::State from = sa->state;
    sa->state = state;
    m_stateTrace(sa->ToString() + " (was " + ToString(from) + ")");
}

// ---------------------------------------------------------------------------------------------
// IKE SA rekey (RFC 7296 §2.18)

Ptr<Ikev2IkeSa>
Ikev2Daemon::Successor(Ptr<Ikev2IkeSa> old, bool initiator, uint64_t spiI, uint64_t spiR)
{
    Ptr<Ikev2IkeSa> sa = Create<Ikev2IkeSa>(
        initiator,
        spiI,
        Ikev2Retransmitter(m_retransmitTimeout, m_retransmitBase, m_retransmitTries));
    sa->spiR = spiR;
    sa->id = m_nextIkeSaId++;
    sa->peerIndex = old->peerIndex;
    sa->name = old->name;
    sa->local = old->local;
    sa->localPort = old->localPort;
    sa->remote = old->remote;
    sa->remotePort = old->remotePort;
    sa->encap = old->encap;
    sa->selfBehindNat = old->selfBehindNat;
    sa->peerBehindNat = old->peerBehindNat;
    sa->dpdDelay = old->dpdDelay;
    sa->created = Simulator::Now();
    sa->inboundPackets = old->inboundPackets;
    return sa;
}

void
Ikev2Daemon::TakeOver(Ptr<Ikev2IkeSa> old, Ptr<Ikev2IkeSa> sa)
{
    // The Child SAs move to the new IKE SA (§2.18); the old one only waits for its Delete.
    sa->children = old->children;
    old->children.clear();
    m_byOurSpi[sa->initiator ? sa->spiI : sa->spiR] = sa;
    m_byPeer.emplace(sa->peerIndex, sa);
    for (Ptr<Ikev2ChildSa> child : sa->children)
    {
        child->owner = PeekPointer(sa);
    }
    old->dpdTimer.Cancel();
    old->keepaliveTimer.Cancel();
    old->rekeyTimer.Cancel();
    old->hardTimer.Cancel();
    SetState(old, Ikev2IkeSa::State::REKEYED);
    old->replaced = true;
    old->successor = sa;
    ++m_stats.ikeRekeys;
    LogKeys(*sa);
    SetState(sa, Ikev2IkeSa::State::ESTABLISHED);
    sa->established = Simulator::Now();
    sa->lastHeard = Simulator::Now();
    ScheduleDpd(sa);
    ScheduleIkeRekey(sa);
    if (sa->encap && sa->selfBehindNat && m_natKeepalive.IsStrictlyPositive())
    {
        sa->keepaliveTimer
            = Simulator::Schedule(m_natKeepalive, &Ikev2Daemon::SendKeepalive, this, sa);
    }
    m_stateTrace(sa->ToString() + " replaces " + old->ToString());
}

void
Ikev2Daemon::NatOverIpv6(Ptr<Ikev2IkeSa> sa)
{
    // The datapath's ESP in UDP (RFC 3948) is IPv4's: Child SAs the peer would encapsulate
    // could not be received. Give the IKE SA up rather than install SAs that cannot work.
    ErrorEvent(sa->ToString()
               + ": a NAT was detected over IPv6, and ESP in UDP is implemented for IPv4 only");
    Kill(sa, "NAT over IPv6", false);
}

void
Ikev2Daemon::ScheduleIkeRekey(Ptr<Ikev2IkeSa> sa)
{
    const Ikev2Config::Peer& peer = m_config.peers[sa->peerIndex];
    if (!peer.rekeyTime.IsStrictlyPositive())
    {
        return;
    }
    // As for Child SAs: the original initiator rekeys, jittered by rand_time (over_time when
    // 0); the responder's attempt comes halfway through over_time, should the initiator not.
    Time over = peer.overTime.IsStrictlyPositive() ? peer.overTime : peer.rekeyTime / 10;
    Time jitter = peer.randTime.IsStrictlyPositive() ? peer.randTime : over;
    Time when = sa->initiator ? peer.rekeyTime - Seconds(m_random->GetValue(0, jitter.GetSeconds()))
                              : peer.rekeyTime + over / 2;
    // A failed attempt is retried before the hard limit, halfway to it each time.
    Time deadline = sa->established + peer.rekeyTime + over;
    if (Simulator::Now() + when > deadline)
    {
        when = (deadline - Simulator::Now()) / 2;
    }
    sa->rekeyTimer.Cancel();
    sa->rekeyTimer
        = Simulator::Schedule(std::max(when, Seconds(1)), &Ikev2Daemon::RekeyIkeSa, this, sa);
    if (sa->hardTimer.IsExpired())
    {
        // Counted from the IKE SA's establishment, whatever rekey attempts fail meanwhile.
        Time hard = sa->established + peer.rekeyTime + over - Simulator::Now();
        sa->hardTimer = Simulator::Schedule(std::max(hard, Seconds(1)),
                                            &Ikev2Daemon::IkeSaHardLimit,
                                            this,
                                            sa);
    }
}

void
Ikev2Daemon::IkeSaHardLimit(Ptr<Ikev2IkeSa> sa)
{
    // swanctl over_time: an IKE SA not rekeyed by rekey_time + over_time ends, with its Child
    // SAs (RFC 7296 §2.8: an SA not rekeyed before its lifetime expires MUST be deleted). The
    // peer is told with a Delete when no exchange holds the window; nobody waits for its answer.
    if (sa->replaced || sa->state != Ikev2IkeSa::State::ESTABLISHED)
    {
        return;
    }
    ++m_stats.ikeSasExpired;
    ErrorEvent(sa->ToString() + ": hard lifetime (rekey_time + over_time) reached, not rekeyed");
    DeleteAtOnce(sa, "hard lifetime reached");
}

void
Ikev2Daemon::RekeyIkeSa(Ptr<Ikev2IkeSa> old)
{
    if (old->state != Ikev2IkeSa::State::ESTABLISHED || old->rekeying)
    {
        return;
    }
    old->rekeying = true;
    const PeerRuntime& rt = m_peers[old->peerIndex];
    uint64_t ourSpi = NewIkeSpi();
    auto offered = std::make_shared<std::vector<Ikev2Proposal>>();
    for (const Ikev2ProposalSpec& spec : rt.ike)
    {
        offered->push_back(spec.ToProposal(uint8_t(offered->size() + 1), SpiBytes64(ourSpi)));
    }
    // The KE is for the group the IKE SA has (the peer accepted it, possibly after an
    // INVALID_KE_PAYLOAD), as charon does; the first configured group otherwise.
    std::vector<Ikev2Transform> groups = rt.ike.front().Of(Ikev2TransformType::DH);
    uint16_t group = old->suite.dh != 0 ? old->suite.dh : groups.front().id;
    auto dh = std::shared_ptr<Ikev2DiffieHellman>(
        Ikev2DiffieHellman::Create(group, [this]() { return RandomByte(); }));
    IpsecBytes ni = RandomBytes(m_nonceBytes);
    Ikev2SaBody body;
    body.proposals = *offered;
    Ikev2NonceBody nonce;
    nonce.nonce = ni;
    Ikev2KeBody ke;
    ke.group = dh->GetGroup();
    ke.data = dh->GetPublicValue();
    // Reserve our new SPI now, so that no other IKE SA draws it.
    m_byOurSpi[ourSpi] = old;
    old->reservedSpi = ourSpi;
    SendRequest(
        old,
        Ikev2ExchangeType::CREATE_CHILD_SA,
        {Ikev2Payload::Make(Ikev2PayloadType::SA, body),
         Ikev2Payload::Make(Ikev2PayloadType::NONCE, nonce),
         Ikev2Payload::Make(Ikev2PayloadType::KE, ke)},
        [this, old, ourSpi, offered, dh, ni](const Ikev2Message& m) {
            m_byOurSpi.erase(ourSpi);
            old->reservedSpi = 0;
            old->rekeying = false;
            const auto* sa = BodyOf<Ikev2SaBody>(m, Ikev2PayloadType::SA);
            const auto* nr = BodyOf<Ikev2NonceBody>(m, Ikev2PayloadType::NONCE);
            const auto* ke = BodyOf<Ikev2KeBody>(m, Ikev2PayloadType::KE);
            std::string why;
            std::optional<Ikev2IkeSuite> suite;
            IpsecBytes shared;
            if (!m.ErrorNotifies().empty())
            {
                why = "refused: " + Ikev2NotifyTypeName(m.ErrorNotifies().front()->type);
            }
            else if (!sa || !nr || !ke)
            {
                why = "no SA, Nonce or KE in the answer";
            }
            else if (Ikev2ProposalSelector::CheckReply(sa->proposals, *offered)
                     != Ikev2ProposalSelector::ReplyError::NONE)
            {
                why = "the proposal chosen is not one offered";
            }
            else if (!(suite = Ikev2IkeSuite::FromProposal(sa->proposals.front(), &why)))
            {
            }
            else if (sa->proposals.front().spi.size() != 8
                     || SpiValue64(sa->proposals.front().spi) == 0)
            {
                why = "the peer's new SPI is not 8 octets or is 0";
            }
            else if (ke->group != dh->GetGroup() || suite->dh != dh->GetGroup()
                     || dh->ComputeShared(ke->data, shared)
                            != Ikev2DiffieHellman::PeerValueError::NONE)
            {
                why = "no or a bad KE in the answer";
            }
            if (!why.empty())
            {
                // TEMPORARY_FAILURE: the peer rekeys it too and its rekey wins (collision).
                ErrorEvent("IKE SA rekey of " + old->ToString() + ": " + why);
                ScheduleIkeRekey(old);
                return;
            }
            Ptr<Ikev2IkeSa> next
                = Successor(old, true, ourSpi, SpiValue64(sa->proposals.front().spi));
            next->suite = *suite;
            next->ni = ni;
            next->nr = nr->nonce;
            std::string error = next->DeriveKeys(shared, old->prf.get(), old->keys.skD);
            if (!error.empty())
            {
                ErrorEvent("IKE SA rekey: " + error);
                ScheduleIkeRekey(old);
                return;
            }
            TakeOver(old, next);
            // The rekey's initiator deletes the old IKE SA (§2.18).
            SendIkeDelete(old, [this, old](const Ikev2Message&) { Kill(old, "rekeyed", false); });
        });
}

std::vector<Ikev2Payload>
Ikev2Daemon::RespondIkeRekey(Ptr<Ikev2IkeSa> old, const Ikev2Message& m)
{
    const auto* body = BodyOf<Ikev2SaBody>(m, Ikev2PayloadType::SA);
    const auto* ni = BodyOf<Ikev2NonceBody>(m, Ikev2PayloadType::NONCE);
    const auto* ke = BodyOf<Ikev2KeBody>(m, Ikev2PayloadType::KE);
    if (!body || !ni || !ke)
    {
        return {Ikev2Payload::Notify(Ikev2NotifyType::INVALID_SYNTAX)};
    }
    if (old->rekeying && old->initiator)
    {
        // Both ends rekey at once (§2.8.2): the original initiator's exchange goes ahead.
        return {Ikev2Payload::Notify(Ikev2NotifyType::TEMPORARY_FAILURE)};
    }
    Ikev2ProposalSelector::Selection chosen
        = Ikev2ProposalSelector::Choose(body->proposals, m_peers[old->peerIndex].ike);
    if (!chosen.Ok() || chosen.chosen->spi.size() != 8 || SpiValue64(chosen.chosen->spi) == 0)
    {
        return {Ikev2Payload::Notify(Ikev2NotifyType::NO_PROPOSAL_CHOSEN)};
    }
    if (uint16_t wanted = Ikev2ProposalSelector::InvalidKeGroup(*chosen.chosen, ke->group))
    {
        return {Ikev2Payload::Notify(Ikev2NotifyType::INVALID_KE_PAYLOAD,
                                     {uint8_t(wanted >> 8), uint8_t(wanted)})};
    }
    std::string why;
    std::optional<Ikev2IkeSuite> suite = Ikev2IkeSuite::FromProposal(*chosen.chosen, &why);
    std::unique_ptr<Ikev2DiffieHellman> dh
        = suite ? Ikev2DiffieHellman::Create(suite->dh, [this]() { return RandomByte(); })
                : nullptr;
    IpsecBytes shared;
    if (!dh || dh->ComputeShared(ke->data, shared) != Ikev2DiffieHellman::PeerValueError::NONE)
    {
        Drop(Ikev2DropReason::BAD_KE, "IKE SA rekey KE from " + old->remote.ToString());
        return {Ikev2Payload::Notify(Ikev2NotifyType::INVALID_SYNTAX)};
    }
    uint64_t ourSpi = NewIkeSpi();
    Ptr<Ikev2IkeSa> next = Successor(old, false, SpiValue64(chosen.chosen->spi), ourSpi);
    next->suite = *suite;
    next->ni = ni->nonce;
    next->nr = RandomBytes(m_nonceBytes);
    std::string error = next->DeriveKeys(shared, old->prf.get(), old->keys.skD);
    if (!error.empty())
    {
        ErrorEvent("IKE SA rekey: " + error);
        return {Ikev2Payload::Notify(Ikev2NotifyType::NO_PROPOSAL_CHOSEN)};
    }
    TakeOver(old, next);
    Ikev2SaBody answer;
    answer.proposals.push_back(*chosen.chosen);
    answer.proposals.front().spi = SpiBytes64(ourSpi);
    Ikev2NonceBody nr;
    nr.nonce = next->nr;
    Ikev2KeBody kr;
    kr.group = dh->GetGroup();
    kr.data = dh->GetPublicValue();
    return {Ikev2Payload::Make(Ikev2PayloadType::SA, answer),
            Ikev2Payload::Make(Ikev2PayloadType::NONCE, nr),
            Ikev2Payload::Make(Ikev2PayloadType::KE, kr)};
}

bool
Ikev2Daemon::RekeyIke(const std::string& connection)
{
    std::vector<Ptr<Ikev2IkeSa>> matching;
    for (const auto& [spi, sa] : m_byOurSpi)
    {
        if (sa->name == connection && sa->state == Ikev2IkeSa::State::ESTABLISHED
            && (sa->initiator ? sa->spiI : sa->spiR) == spi)
        {
            matching.push_back(sa);
        }
    }
    for (Ptr<Ikev2IkeSa> sa : matching)
    {
        RekeyIkeSa(sa);
    }
    return !matching.empty();
}

// ---------------------------------------------------------------------------------------------
// PF_KEY events

void
Ikev2Daemon::OnAcquire(const IpsecAcquire& acquire)
{
    if (acquire.protocol != IpsecProtocol::ESP)
    {
        return;
    }
    ++m_stats.acquires;
    uint32_t peerIndex = 0;
    int32_t childIndex = -1;
    auto owner = m_reqidOwner.find(acquire.proposal.policyId);
    if (owner != m_reqidOwner.end())
    {
        std::tie(peerIndex, childIndex) = owner->second;
    }
    else
    {
        // A policy of the node's own (ipsecinit.conf): a Solaris rule for the peer, or a
        // swanctl connection to it (strongSwan's trap policies name their child; here the
        // peer's address must).
        int32_t found = FindPeer(acquire.source, acquire.destination, nullptr);
        if (found < 0 || acquire.destination.IsAny())
        {
            ErrorEvent("ACQUIRE for " + acquire.destination.ToString()
                       + ": no IKEv2 connection for this peer");
            return;
        }
        peerIndex = uint32_t(found);
        if (!m_config.peers[peerIndex].solaris)
        {
            if (m_config.peers[peerIndex].children.empty())
            {
                return;
            }
            childIndex = 0;
        }
    }
    ChildRequest request;
    if (!BuildRequest(peerIndex, childIndex, &acquire, request))
    {
        return;
    }
    request.requested = acquire.time;
    request.measureSetup = true;
    RequestChild(request);
}

void
Ikev2Daemon::OnExpire(const IpsecExpire& expire)
{
    ++m_stats.expires;
    Ptr<const SecurityAssociation> expired = expire.sa;
    auto it = m_childBySa.find({expired->GetDestination(), expired->GetSpi()});
    if (it == m_childBySa.end())
    {
        return; // not one of ours
    }
    Ptr<Ikev2ChildSa> child = it->second;
    Ptr<Ikev2IkeSa> ike = child->owner;
    if (!ike)
    {
        return;
    }
    if (!expire.hard)
    {
        if (child->state == Ikev2ChildSa::State::INSTALLED)
        {
            RekeyChildSa(ike, child); // make-before-break: the old SAs serve until then
        }
        return;
    }
    // Hard: the IPsec layer deleted the SA. Without a replacement, delete the Child SA (the
    // peer's half too); traffic raises an ACQUIRE for a new one.
    m_childBySa.erase(it);
    if (child->state == Ikev2ChildSa::State::INSTALLED
        || child->state == Ikev2ChildSa::State::REKEYING)
    {
        SendDeleteChild(ike, child);
    }
}

// ---------------------------------------------------------------------------------------------
// Lookups, keys, public interface

Ptr<Ikev2IkeSa>
Ikev2Daemon::FindEstablished(uint32_t peerIndex) const
{
    for (auto [p, end] = m_byPeer.equal_range(peerIndex); p != end; ++p)
    {
        if (p->second->state == Ikev2IkeSa::State::ESTABLISHED)
        {
            return p->second;
        }
    }
    return nullptr;
}

Ptr<Ikev2IkeSa>
Ikev2Daemon::FindNegotiating(uint32_t peerIndex) const
{
    for (auto [p, end] = m_byPeer.equal_range(peerIndex); p != end; ++p)
    {
        if (p->second->initiator
            && (p->second->state == Ikev2IkeSa::State::INIT_SENT
                || p->second->state == Ikev2IkeSa::State::AUTH_SENT))
        {
            return p->second;
        }
    }
    return nullptr;
}

void
Ikev2Daemon::LogKeys(const Ikev2IkeSa& sa)
{
    Ikev2KeyRecord r;
    r.created = Simulator::Now();
    r.spiI = sa.spiI;
    r.spiR = sa.spiR;
    r.skEi = sa.keys.skEi;
    r.skEr = sa.keys.skEr;
    r.skAi = sa.keys.skAi;
    r.skAr = sa.keys.skAr;
    r.wiresharkEncr = sa.suite.WiresharkEncr();
    r.wiresharkInteg = sa.suite.WiresharkInteg();
    r.suite = sa.suite.ToString();
    m_keyLog.push_back(r);
}

bool
Ikev2Daemon::Initiate(const std::string& connection, const std::string& child)
{
    for (uint32_t p = 0; p < m_config.peers.size(); ++p)
    {
        const Ikev2Config::Peer& peer = m_config.peers[p];
        if (peer.name != connection)
        {
            continue;
        }
        if (!m_keys)
        {
            return false; // not started
        }
        int32_t c = -1;
        for (uint32_t i = 0; i < peer.children.size(); ++i)
        {
            if (child.empty() || peer.children[i].name == child)
            {
                c = int32_t(i);
                break;
            }
        }
        if (c < 0 && !child.empty())
        {
            return false;
        }
        if (c < 0)
        {
            // A Solaris rule: an IKE SA alone; the policy's ACQUIREs make the Child SAs.
            if (FindEstablished(p) || FindNegotiating(p))
            {
                return true;
            }
            return StartIkeSa(p) != nullptr;
        }
        ChildRequest request;
        if (!BuildRequest(p, c, nullptr, request))
        {
            return false;
        }
        request.measureSetup = true;
        RequestChild(request);
        return true;
    }
    return false;
}

bool
Ikev2Daemon::Terminate(const std::string& connection)
{
    std::vector<Ptr<Ikev2IkeSa>> matching;
    for (const auto& [spi, sa] : m_byOurSpi)
    {
        if (sa->name == connection && (sa->initiator ? sa->spiI : sa->spiR) == spi)
        {
            matching.push_back(sa);
        }
    }
    for (Ptr<Ikev2IkeSa> sa : matching)
    {
        DeleteIkeSa(sa);
    }
    return !matching.empty();
}

bool
Ikev2Daemon::RekeyChild(const std::string& child)
{
    std::vector<std::pair<Ptr<Ikev2IkeSa>, Ptr<Ikev2ChildSa>>> matching;
    for (const auto& [spi, sa] : m_byOurSpi)
    {
        if ((sa->initiator ? sa->spiI : sa->spiR) != spi)
        {
            continue;
        }
        for (Ptr<Ikev2ChildSa> c : sa->children)
        {
            if (c->name == child && c->state == Ikev2ChildSa::State::INSTALLED)
            {
                matching.emplace_back(sa, c);
            }
        }
    }
    for (auto& [sa, c] : matching)
    {
        RekeyChildSa(sa, c);
    }
    return !matching.empty();
}

const Ikev2Stats&
Ikev2Daemon::GetStats() const
{
    return m_stats;
}

void
Ikev2Daemon::ResetStats()
{
    m_stats = Ikev2Stats();
}

std::vector<Ptr<const Ikev2IkeSa>>
Ikev2Daemon::GetIkeSas() const
{
    std::vector<Ptr<const Ikev2IkeSa>> out;
    for (const auto& [spi, sa] : m_byOurSpi)
    {
        if ((sa->initiator ? sa->spiI : sa->spiR) == spi) // not a rekey's reserved SPI
        {
            out.push_back(sa);
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
    return out;
}

const std::vector<Ikev2KeyRecord>&
Ikev2Daemon::GetKeyLog() const
{
    return m_keyLog;
}

const std::vector<Ptr<SecurityAssociation>>&
Ikev2Daemon::GetChildSaLog() const
{
    return m_childSaLog;
}

std::string
Ikev2Daemon::Dump() const
{
    std::ostringstream out;
    for (Ptr<const Ikev2IkeSa> sa : GetIkeSas())
    {
        out << sa->ToString() << "\n";
        for (Ptr<const Ikev2ChildSa> child : sa->children)
        {
            out << "  " << child->ToString();
            if (child->inbound && child->outbound)
            {
                out << ", " << child->inbound->GetBytes() << " bytes_i, "
                    << child->outbound->GetBytes() << " bytes_o";
            }
            out << "\n";
        }
    }
    return out.str();
}

} // namespace ns3
