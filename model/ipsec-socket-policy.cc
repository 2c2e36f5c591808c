/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-socket-policy.h"

#include "ipsec-algorithms.h"
#include "ipsec-l3-protocol.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/tcp-socket.h"
#include "ns3/udp-socket.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecSocketPolicy");
NS_OBJECT_ENSURE_REGISTERED(IpsecSocketPolicy);

using namespace ipsec_proto;

namespace
{

/// The socket's bound and peer endpoints (no address and port 0 when unknown), either family.
struct Endpoints
{
    IpsecAddress local; //!< bound address: none when unbound, the family's any when wildcard
    uint16_t localPort = 0;
    IpsecAddress peer;
    uint16_t peerPort = 0;
    bool connected = false;
};

/// \return true for no address or the unspecified address of its family (a wildcard bind)
bool
IsWildcard(const IpsecAddress& address)
{
    return address.IsNone() || address == IpsecAddress::GetAny(address.GetFamily());
}

/**
 * \param address a socket address
 * \param ip receives its IP address
 * \param port receives its port
 * \return false unless it is an IPv4 or IPv6 socket address
 */
bool
ReadSocketAddress(const Address& address, IpsecAddress& ip, uint16_t& port)
{
    if (InetSocketAddress::IsMatchingType(address))
    {
        InetSocketAddress inet = InetSocketAddress::ConvertFrom(address);
        ip = inet.GetIpv4();
        port = inet.GetPort();
        return true;
    }
    if (Inet6SocketAddress::IsMatchingType(address))
    {
        Inet6SocketAddress inet6 = Inet6SocketAddress::ConvertFrom(address);
        ip = inet6.GetIpv6();
        port = inet6.GetPort();
        return true;
    }
    return false;
}

/// The socket's bound address and port into \p e.
void
ReadLocal(Ptr<Socket> socket, Endpoints& e)
{
    Address address;
    if (socket->GetSockName(address) == 0)
    {
        ReadSocketAddress(address, e.local, e.localPort);
    }
}

/// The socket's peer, if connected, into \p e.
void
ReadPeer(Ptr<Socket> socket, Endpoints& e)
{
    Address address;
    if (socket->GetPeerName(address) == 0)
    {
        e.connected = ReadSocketAddress(address, e.peer, e.peerPort);
    }
}

Endpoints
EndpointsOf(Ptr<Socket> socket)
{
    Endpoints e;
    ReadLocal(socket, e);
    ReadPeer(socket, e);
    return e;
}

IpsecKeyResult
Invalid(const std::string& message)
{
    return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT, message);
}

IpsecKeyResult
Denied(const std::string& message)
{
    return IpsecKeyResult::Fail(IpsecKeyError::PERMISSION_DENIED, message);
}

bool
Listed(const std::vector<const IpsecAlgorithm*>& list, const IpsecAlgorithm* algorithm)
{
    return list.empty() || std::find(list.begin(), list.end(), algorithm) != list.end();
}
} // namespace

std::string
ToString(IpsecSocketPolicy::Level level)
{
    switch (level)
    {
        case IpsecSocketPolicy::LEVEL_BYPASS:
            return "bypass";
        case IpsecSocketPolicy::LEVEL_AVAIL:
            return "avail";
        case IpsecSocketPolicy::LEVEL_USE:
            return "use";
        case IpsecSocketPolicy::LEVEL_REQUIRE:
            return "require";
        case IpsecSocketPolicy::LEVEL_UNIQUE:
            return "unique";
    }
    return "?";
}

TypeId
IpsecSocketPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecSocketPolicy")
                            .SetParent<Object>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecSocketPolicy>();
    return tid;
}

IpsecSocketPolicy::IpsecSocketPolicy() = default;

void
IpsecSocketPolicy::DoDispose()
{
    if (m_ipsec)
    {
        m_ipsec->DetachSocket(this); // the socket is gone: the node forgets its policy
    }
    m_ipsec = nullptr;
    m_socket = nullptr;
    Object::DoDispose();
}

void
IpsecSocketPolicy::NotifyNewAggregate()
{
    if (!m_socket)
    {
        m_socket = PeekPointer(GetObject<Socket>());
    }
    Object::NotifyNewAggregate();
}

Ptr<IpsecSocketPolicy>
IpsecSocketPolicy::Attach(Ptr<Socket> socket, bool privileged)
{
    NS_ABORT_MSG_IF(!socket, "IpsecSocketPolicy::Attach: null socket");
    Ptr<IpsecSocketPolicy> existing = Find(socket);
    if (existing)
    {
        return existing;
    }
    Ptr<Node> node = socket->GetNode();
    Ptr<IpsecL3Protocol> ipsec = node ? node->GetObject<IpsecL3Protocol>() : nullptr;
    NS_ABORT_MSG_IF(!ipsec,
                    "IpsecSocketPolicy::Attach: the socket's node has no IPsec (install it with "
                    "IpsecHelper first)");
    return ipsec->AttachSocket(socket, privileged);
}

Ptr<IpsecSocketPolicy>
IpsecSocketPolicy::Find(Ptr<Socket> socket)
{
    return socket ? socket->GetObject<IpsecSocketPolicy>() : nullptr;
}

void
IpsecSocketPolicy::Setup(Ptr<IpsecL3Protocol> ipsec,
                         uint8_t protocol,
                         bool privileged,
                         const std::array<Level, CATEGORIES>& defaults,
                         uint32_t uniqueId)
{
    m_ipsec = ipsec;
    m_protocol = protocol;
    m_privileged = privileged;
    m_defaults = defaults;
    m_uniqueId = uniqueId;
    m_state = State{};
    m_state.levels = defaults;
}

bool
IpsecSocketPolicy::IsPrivileged() const
{
    return m_privileged;
}

uint32_t
IpsecSocketPolicy::GetUniqueId() const
{
    return m_uniqueId;
}

Ptr<Socket>
IpsecSocketPolicy::GetSocket() const
{
    return Ptr<Socket>(m_socket);
}

uint8_t
IpsecSocketPolicy::GetProtocol() const
{
    return m_protocol;
}

IpsecSocketPolicy::Level
IpsecSocketPolicy::GetLevel(Category category) const
{
    return m_state.levels.at(category);
}

bool
IpsecSocketPolicy::BypassesAll() const
{
    return std::all_of(m_state.levels.begin(), m_state.levels.end(), [](Level l) {
        return l == LEVEL_BYPASS;
    });
}

bool
IpsecSocketPolicy::Overrides() const
{
    return m_state.ahAuthentication || m_state.espEncryption || m_state.espAuthentication
        || std::any_of(m_state.levels.begin(), m_state.levels.end(), [](Level l) {
               return l != LEVEL_AVAIL;
           });
}

bool
IpsecSocketPolicy::Latched() const
{
    Ptr<Socket> socket = GetSocket();
    if (!socket || m_protocol != TCP || !m_ipsec)
    {
        return false;
    }
    Endpoints e = EndpointsOf(socket);
    return e.connected && m_ipsec->IsLatched(e.local, e.localPort, e.peer, e.peerPort);
}

// -------------------------------------------------------------------------- Solaris IP_SEC_OPT

IpsecKeyResult
IpsecSocketPolicy::SetRequest(const IpsecSocketRequest& r)
{
    using R = IpsecSocketRequest;
    const uint32_t known = R::PREF_NEVER | R::PREF_REQUIRED | R::PREF_UNIQUE;
    for (auto [value, field] : {std::make_pair(r.ahRequest, "ipsr_ah_req"),
                                std::make_pair(r.espRequest, "ipsr_esp_req"),
                                std::make_pair(r.selfEncapRequest, "ipsr_self_encap_req")})
    {
        if (value & ~known)
        {
            return Invalid(std::string(field) + ": unknown bits");
        }
        if ((value & R::PREF_NEVER) && (value & (R::PREF_REQUIRED | R::PREF_UNIQUE)))
        {
            return Invalid(std::string(field) + ": NEVER cannot be combined with REQUIRED/UNIQUE");
        }
        if ((value & R::PREF_UNIQUE) && !(value & R::PREF_REQUIRED))
        {
            return Invalid(std::string(field) + ": UNIQUE is OR-ed to REQUIRED");
        }
    }
    if (r.selfEncapRequest & R::PREF_UNIQUE)
    {
        return Invalid("ipsr_self_encap_req: UNIQUE applies to AH and ESP requests only");
    }
    bool never = (r.ahRequest | r.espRequest | r.selfEncapRequest) & R::PREF_NEVER;
    bool ah = r.ahRequest & R::PREF_REQUIRED;
    bool esp = r.espRequest & R::PREF_REQUIRED;
    bool selfEncap = r.selfEncapRequest & R::PREF_REQUIRED;
    if (never && (ah || esp || selfEncap))
    {
        return Invalid("NEVER in one field contradicts REQUIRED in another");
    }
    if (r.selfEncapRequest != 0 && r.ahRequest == 0 && r.espRequest == 0)
    {
        return Invalid("self-encapsulation needs an AH or ESP request");
    }
    if (r.authAlgorithm && !ah)
    {
        return Invalid("ipsr_auth_alg given without an AH request");
    }
    if ((r.espAlgorithm || r.espAuthAlgorithm) && !esp)
    {
        return Invalid("ESP algorithms given without an ESP request");
    }

    State state;
    state.levels = m_defaults;
    if (r.IsEmpty())
    {
        // Solaris: an all-zero request removes the per-socket policy.
        if (Latched())
        {
            return Invalid("the connection's policy is latched");
        }
        return Store(state);
    }
    if (never)
    {
        state.levels = {LEVEL_BYPASS, LEVEL_BYPASS, LEVEL_BYPASS};
        return Store(state);
    }
    if (r.authAlgorithm)
    {
        state.ahAuthentication = IpsecAlgorithmRegistry::FindBySadbId(false, r.authAlgorithm);
        if (!state.ahAuthentication || !state.ahAuthentication->usableInAh)
        {
            return Invalid("ipsr_auth_alg " + std::to_string(r.authAlgorithm)
                           + " is no AH authentication algorithm");
        }
    }
    if (r.espAlgorithm)
    {
        state.espEncryption = IpsecAlgorithmRegistry::FindBySadbId(true, r.espAlgorithm);
        if (!state.espEncryption)
        {
            return Invalid("ipsr_esp_alg " + std::to_string(r.espAlgorithm)
                           + " is no ESP encryption algorithm");
        }
    }
    if (r.espAuthAlgorithm)
    {
        state.espAuthentication = IpsecAlgorithmRegistry::FindBySadbId(false, r.espAuthAlgorithm);
        if (!state.espAuthentication)
        {
            return Invalid("ipsr_esp_auth_alg " + std::to_string(r.espAuthAlgorithm)
                           + " is no authentication algorithm");
        }
        if (state.espEncryption && state.espEncryption->IsCombined())
        {
            return Invalid("ipsr_esp_auth_alg with the combined-mode " + state.espEncryption->name
                           + ", which authenticates by itself");
        }
    }
    auto levelOf = [](uint32_t request) {
        return (request & IpsecSocketRequest::PREF_UNIQUE) ? LEVEL_UNIQUE : LEVEL_REQUIRE;
    };
    if (ah)
    {
        state.levels[AUTH_LEVEL] = levelOf(r.ahRequest);
        state.ahTunnel = selfEncap && !esp;
    }
    if (esp)
    {
        state.levels[selfEncap ? ESP_NETWORK_LEVEL : ESP_TRANS_LEVEL] = levelOf(r.espRequest);
    }
    return Store(state);
}

IpsecSocketRequest
IpsecSocketPolicy::GetRequest() const
{
    IpsecSocketRequest r;
    if (BypassesAll())
    {
        r.ahRequest = IpsecSocketRequest::PREF_NEVER;
        r.espRequest = IpsecSocketRequest::PREF_NEVER;
        return r;
    }
    auto request = [](Level l) -> uint32_t {
        return l >= LEVEL_REQUIRE ? IpsecSocketRequest::PREF_REQUIRED
                                        | (l == LEVEL_UNIQUE ? IpsecSocketRequest::PREF_UNIQUE : 0)
                                  : 0;
    };
    const auto& levels = m_state.levels;
    r.ahRequest = request(levels[AUTH_LEVEL]);
    r.espRequest = request(std::max(levels[ESP_TRANS_LEVEL], levels[ESP_NETWORK_LEVEL]));
    if ((r.espRequest && levels[ESP_NETWORK_LEVEL] >= LEVEL_REQUIRE)
        || (r.ahRequest && m_state.ahTunnel))
    {
        r.selfEncapRequest = IpsecSocketRequest::PREF_REQUIRED;
    }
    r.authAlgorithm = m_state.ahAuthentication ? m_state.ahAuthentication->sadbId : 0;
    r.espAlgorithm = m_state.espEncryption ? m_state.espEncryption->sadbId : 0;
    r.espAuthAlgorithm = m_state.espAuthentication ? m_state.espAuthentication->sadbId : 0;
    return r;
}

// ------------------------------------------------------------------------- OpenBSD IP_*_LEVEL

IpsecKeyResult
IpsecSocketPolicy::SetLevel(int category, int level)
{
    if (category < AUTH_LEVEL || category > ESP_NETWORK_LEVEL)
    {
        return Invalid("unknown category " + std::to_string(category));
    }
    if (level < LEVEL_BYPASS || level > LEVEL_UNIQUE)
    {
        return Invalid("unknown security level " + std::to_string(level));
    }
    State state = m_state;
    state.levels[category] = static_cast<Level>(level);
    if (category == AUTH_LEVEL && level < LEVEL_USE)
    {
        state.ahTunnel = false;
    }
    return Store(state);
}

// ------------------------------------------------------------------------------ common checks

IpsecKeyResult
IpsecSocketPolicy::Store(const State& state)
{
    if (Latched())
    {
        return Invalid("the connection's policy is latched; it applies to new connections only");
    }
    if (!m_privileged)
    {
        for (size_t c = 0; c < CATEGORIES; ++c)
        {
            if (state.levels[c] < m_defaults[c])
            {
                return Denied(state.levels[c] == LEVEL_BYPASS
                                  ? "only privileged sockets may bypass IPsec"
                                  : "only privileged sockets may lower a level below the "
                                    "system default ("
                                        + ToString(m_defaults[c]) + ")");
            }
        }
        IpsecKeyResult algorithms = CheckAlgorithmsAllowed(state);
        if (!algorithms.Ok())
        {
            return algorithms;
        }
    }
    m_state = state;
    return IpsecKeyResult{};
}

IpsecKeyResult
IpsecSocketPolicy::CheckAlgorithmsAllowed(const State& state) const
{
    if (!m_ipsec || !m_ipsec->GetPersockRequirePriv())
    {
        return IpsecKeyResult{};
    }
    struct Choice
    {
        const IpsecAlgorithm* algorithm;
        IpsecProtocol protocol;
        bool encryption;
    };

    for (const Choice& c : {Choice{state.ahAuthentication, IpsecProtocol::AH, false},
                            Choice{state.espEncryption, IpsecProtocol::ESP, true},
                            Choice{state.espAuthentication, IpsecProtocol::ESP, false}})
    {
        if (c.algorithm && !SystemAllows(c.protocol, c.algorithm, c.encryption))
        {
            return Denied(ToString(c.protocol) + " algorithm " + c.algorithm->name
                          + " differs from the system policy for this socket's traffic "
                            "(PersockRequirePriv)");
        }
    }
    return IpsecKeyResult{};
}

bool
IpsecSocketPolicy::SystemAllows(IpsecProtocol protocol,
                                const IpsecAlgorithm* algorithm,
                                bool encryption) const
{
    Ptr<Socket> socket = GetSocket();
    Endpoints e = socket ? EndpointsOf(socket) : Endpoints{};
    for (const auto& policy : m_ipsec->GetSpd()->Dump())
    {
        // Entries that can match some of the socket's traffic (unknown fields match anything).
        bool protocolOk = policy->protocol < 0 || policy->protocol == m_protocol;
        bool localOk
            = IsWildcard(e.local) || policy->localMask.IsMatch(e.local, policy->localAddress);
        bool portOk = e.localPort == 0
                   || (e.localPort >= policy->localPortMin && e.localPort <= policy->localPortMax);
        bool peerOk = !e.connected || policy->remoteMask.IsMatch(e.peer, policy->remoteAddress);
        if (policy->action != SecurityPolicy::Action::IPSEC || !protocolOk || !localOk || !portOk
            || !peerOk)
        {
            continue;
        }
        for (const auto& alternative : policy->alternatives)
        {
            for (const auto& request : alternative)
            {
                if (request.protocol == protocol
                    && Listed(encryption ? request.encryption : request.authentication, algorithm))
                {
                    return true;
                }
            }
        }
    }
    return false;
}

// ----------------------------------------------------------------------------------- datapath

int
IpsecSocketPolicy::Match(const IpsecFlow& flow) const
{
    Ptr<Socket> socket = GetSocket();
    if (!socket || flow.protocol != m_protocol)
    {
        return -1;
    }
    // The bound port first: most attached sockets are ruled out without asking for the peer.
    Endpoints e;
    ReadLocal(socket, e);
    if (e.localPort == 0 || e.localPort != flow.localPort)
    {
        return -1;
    }
    // A socket is of one family: a wildcard bind matches that family's flows only.
    if (e.local.GetFamily() != flow.local.GetFamily()
        || (!IsWildcard(e.local) && e.local != flow.local))
    {
        return -1;
    }
    ReadPeer(socket, e);
    if (e.connected)
    {
        return e.peer == flow.remote && e.peerPort == flow.remotePort ? 2 : -1;
    }
    return IsWildcard(e.local) ? 0 : 1;
}

uint16_t
IpsecSocketPolicy::GetBoundPort() const
{
    Ptr<Socket> socket = GetSocket();
    if (!socket)
    {
        return 0;
    }
    Endpoints e;
    ReadLocal(socket, e);
    return e.localPort;
}

IpsecSocketPolicy::Category
IpsecSocketPolicy::CategoryOf(const IpsecProtectionRequest& request)
{
    if (request.protocol == IpsecProtocol::AH)
    {
        return AUTH_LEVEL;
    }
    return request.mode == IpsecMode::TRANSPORT ? ESP_TRANS_LEVEL : ESP_NETWORK_LEVEL;
}

IpsecSocketPolicy::Level
IpsecSocketPolicy::LevelOf(IpsecLevel level)
{
    switch (level)
    {
        case IpsecLevel::USE:
            return LEVEL_USE;
        case IpsecLevel::UNIQUE:
            return LEVEL_UNIQUE;
        default:
            return LEVEL_REQUIRE;
    }
}

IpsecProtectionRequest
IpsecSocketPolicy::Request(Category category,
                           const IpsecProtectionRequest* existing,
                           const IpsecFlow& flow,
                           SecurityPolicy::Direction direction) const
{
    IpsecProtectionRequest r;
    if (existing)
    {
        r = *existing; // keep the system's mode, tunnel endpoints and algorithm choices
    }
    else
    {
        r.protocol = category == AUTH_LEVEL ? IpsecProtocol::AH : IpsecProtocol::ESP;
        bool tunnel = category == ESP_NETWORK_LEVEL || (category == AUTH_LEVEL && m_state.ahTunnel);
        r.mode = tunnel ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT;
        if (tunnel)
        {
            // Self-encapsulation: an outer header between the same two hosts.
            r.tunnelSource = flow.local;
            r.tunnelDestination = flow.remote;
        }
        r.policyId = 0;
    }
    Level level = m_state.levels[category];
    if (existing)
    {
        Level system = LevelOf(m_ipsec ? m_ipsec->EffectiveLevel(*existing, flow.local.GetFamily())
                                       : existing->level);
        if (level == LEVEL_AVAIL || !m_privileged)
        {
            level = std::max(level, system); // AVAIL keeps it; without privilege, only raise
        }
    }
    r.level = level == LEVEL_USE    ? IpsecLevel::USE
            : level == LEVEL_UNIQUE ? IpsecLevel::UNIQUE
                                    : IpsecLevel::REQUIRE;
    bool unique = level == LEVEL_UNIQUE && direction == SecurityPolicy::Direction::OUTBOUND;
    if (unique)
    {
        r.policyId = m_uniqueId;
    }
    else if (r.policyId >= UNIQUE_ID_BASE || direction == SecurityPolicy::Direction::INBOUND)
    {
        r.policyId = 0; // inbound: the peer's SA serves whatever its own policy is
    }
    if (r.protocol == IpsecProtocol::AH && m_state.ahAuthentication)
    {
        r.authentication = {m_state.ahAuthentication};
    }
    if (r.protocol == IpsecProtocol::ESP && m_state.espEncryption)
    {
        r.encryption = {m_state.espEncryption};
    }
    if (r.protocol == IpsecProtocol::ESP && m_state.espAuthentication)
    {
        r.authentication = {m_state.espAuthentication};
    }
    return r;
}

Ptr<SecurityPolicy>
IpsecSocketPolicy::Apply(Ptr<SecurityPolicy> system,
                         const IpsecFlow& flow,
                         SecurityPolicy::Direction direction) const
{
    if (system && system->action == SecurityPolicy::Action::DROP)
    {
        return system; // socket policy adds protection; it never lets dropped traffic through
    }
    Ptr<SecurityPolicy> policy = Create<SecurityPolicy>();
    policy->localAddress = flow.local;
    policy->localMask = IpsecMask::Host(flow.local.GetFamily());
    policy->remoteAddress = flow.remote;
    policy->remoteMask = IpsecMask::Host(flow.remote.GetFamily());
    policy->protocol = flow.protocol;
    policy->localPortMin = policy->localPortMax = flow.localPort;
    policy->remotePortMin = policy->remotePortMax = flow.remotePort;
    policy->direction = SecurityPolicy::Direction::BOTH;
    policy->uniqueSa = system && system->uniqueSa; // `sa unique` still binds SAs to the flow
    // Logs name the SPD entry underneath by its id: its full text is too slow to build per packet.
    policy->comment
        = system ? "socket policy over #" + std::to_string(system->GetId()) : "socket policy";

    std::vector<std::vector<IpsecProtectionRequest>> bases;
    if (system && system->action == SecurityPolicy::Action::IPSEC)
    {
        bases = system->alternatives;
    }
    else
    {
        bases.emplace_back(); // no system protection to build on
    }
    for (const auto& base : bases)
    {
        // Order the result inner to outer: ESP transport, ESP tunnel, then AH.
        std::vector<IpsecProtectionRequest> bundle;
        for (Category c : {ESP_TRANS_LEVEL, ESP_NETWORK_LEVEL, AUTH_LEVEL})
        {
            const IpsecProtectionRequest* existing = nullptr;
            for (const auto& request : base)
            {
                if (CategoryOf(request) == c)
                {
                    existing = &request;
                    break;
                }
            }
            Level level = m_state.levels[c];
            if (level == LEVEL_BYPASS || (level == LEVEL_AVAIL && !existing))
            {
                continue;
            }
            bool algorithmsChosen = existing && existing->protocol == IpsecProtocol::AH
                                      ? m_state.ahAuthentication != nullptr
                                      : m_state.espEncryption || m_state.espAuthentication;
            if (level == LEVEL_AVAIL && !algorithmsChosen)
            {
                bundle.push_back(*existing); // as the system says
                continue;
            }
            bundle.push_back(Request(c, existing, flow, direction));
        }
        if (!bundle.empty())
        {
            policy->alternatives.push_back(std::move(bundle));
        }
    }
    policy->action = policy->alternatives.empty() ? SecurityPolicy::Action::BYPASS
                                                  : SecurityPolicy::Action::IPSEC;
    return policy;
}

} // namespace ns3
