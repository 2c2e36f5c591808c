/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-teaching-key-manager.h"

#include "ipsec-address-resolver.h"
#include "ipsec-l3-protocol.h"
#include "ipsec-socket-policy.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecTeachingKeyManager");
NS_OBJECT_ENSURE_REGISTERED(IpsecTeachingKeyManager);

namespace
{

std::string
KeyText(const IpsecBytes& key)
{
    return key.empty() ? "-" : ipsec_crypto::ToHex(key);
}

bool
ParseKey(const std::string& text, IpsecBytes& key)
{
    key.clear();
    return text == "-" || ipsec_crypto::ParseHex(text, key);
}

/// \return true when \p text is an IPv4 or IPv6 address, put into \p address
bool
ParseAddress(const std::string& text, IpsecAddress& address)
{
    Ipv4Address v4;
    if (IpsecAddressResolver::ParseDottedQuad(text, v4))
    {
        address = v4;
        return true;
    }
    Ipv6Address v6;
    if (IpsecAddressResolver::ParseIpv6(text, v6))
    {
        address = v6;
        return true;
    }
    return false;
}
} // namespace

TypeId
IpsecTeachingKeyManager::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::IpsecTeachingKeyManager")
              .SetParent<Application>()
              .SetGroupName("Ipsec")
              .AddConstructor<IpsecTeachingKeyManager>()
              .AddAttribute("Port",
                            "UDP port of the control channel (same on every node; policy must "
                            "bypass it).",
                            UintegerValue(7500),
                            MakeUintegerAccessor(&IpsecTeachingKeyManager::m_port),
                            MakeUintegerChecker<uint16_t>(1))
              .AddAttribute("Encryption",
                            "ESP cipher or AEAD when the ACQUIRE's policy accepts any.",
                            StringValue("aes-gcm-16"),
                            MakeStringAccessor(&IpsecTeachingKeyManager::m_encryption),
                            MakeStringChecker())
              .AddAttribute("Authentication",
                            "ESP integrity algorithm for non-AEAD ciphers when the policy accepts "
                            "any (\"none\" with an AEAD).",
                            StringValue("hmac-sha256-128"),
                            MakeStringAccessor(&IpsecTeachingKeyManager::m_authentication),
                            MakeStringChecker())
              .AddAttribute("AhAuthentication",
                            "AH algorithm when the policy accepts any.",
                            StringValue("hmac-sha256-128"),
                            MakeStringAccessor(&IpsecTeachingKeyManager::m_ahAuthentication),
                            MakeStringChecker())
              .AddAttribute("SoftLifetime",
                            "Soft add-time lifetime of the SAs it makes (whole seconds, 0 = none): "
                            "when an outbound SA reaches it, a rekey starts.",
                            TimeValue(Seconds(0)),
                            MakeTimeAccessor(&IpsecTeachingKeyManager::m_softLifetime),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("HardLifetime",
                            "Hard add-time lifetime of the SAs it makes (whole seconds, 0 = none).",
                            TimeValue(Seconds(0)),
                            MakeTimeAccessor(&IpsecTeachingKeyManager::m_hardLifetime),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("SoftBytes",
                            "Soft byte lifetime of the SAs it makes (0 = none).",
                            UintegerValue(0),
                            MakeUintegerAccessor(&IpsecTeachingKeyManager::m_softBytes),
                            MakeUintegerChecker<uint64_t>())
              .AddAttribute("HardBytes",
                            "Hard byte lifetime of the SAs it makes (0 = none).",
                            UintegerValue(0),
                            MakeUintegerAccessor(&IpsecTeachingKeyManager::m_hardBytes),
                            MakeUintegerChecker<uint64_t>())
              .AddAttribute("ReplayWindow",
                            "Anti-replay window of the SAs it makes (IKE uses 64).",
                            UintegerValue(64),
                            MakeUintegerAccessor(&IpsecTeachingKeyManager::m_replayWindow),
                            MakeUintegerChecker<uint32_t>(0, 4096))
              .AddAttribute("RetransmitTimeout",
                            "Wait for ACCEPT before sending PROPOSE again.",
                            TimeValue(Seconds(1)),
                            MakeTimeAccessor(&IpsecTeachingKeyManager::m_retransmitTimeout),
                            MakeTimeChecker(MilliSeconds(1)))
              .AddAttribute("MaxRetransmits",
                            "PROPOSE retransmissions before the exchange is abandoned.",
                            UintegerValue(3),
                            MakeUintegerAccessor(&IpsecTeachingKeyManager::m_maxRetransmits),
                            MakeUintegerChecker<uint32_t>())
              .AddTraceSource("Installed",
                              "An exchange finished: the new inbound and outbound SAs, and "
                              "whether this node initiated it.",
                              MakeTraceSourceAccessor(&IpsecTeachingKeyManager::m_installedTrace),
                              "ns3::IpsecTeachingKeyManager::InstalledTracedCallback")
              .AddTraceSource("Message",
                              "A control message sent or received, as text (\"> ...\" sent, "
                              "\"< ...\" received).",
                              MakeTraceSourceAccessor(&IpsecTeachingKeyManager::m_messageTrace),
                              "ns3::IpsecL3Protocol::PolicyLogTracedCallback");
    return tid;
}

IpsecTeachingKeyManager::IpsecTeachingKeyManager()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

void
IpsecTeachingKeyManager::DoDispose()
{
    for (auto& [id, pending] : m_pending)
    {
        pending.timer.Cancel();
    }
    m_pending.clear();
    m_keys = nullptr;
    m_socket = nullptr;
    m_socket6 = nullptr;
    m_random = nullptr;
    Application::DoDispose();
}

int64_t
IpsecTeachingKeyManager::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

uint32_t
IpsecTeachingKeyManager::GetInitiated() const
{
    return m_initiated;
}

uint32_t
IpsecTeachingKeyManager::GetResponded() const
{
    return m_responded;
}

uint32_t
IpsecTeachingKeyManager::GetFailed() const
{
    return m_failed;
}

uint32_t
IpsecTeachingKeyManager::GetCollisions() const
{
    return m_collisions;
}

void
IpsecTeachingKeyManager::StartApplication()
{
    Ptr<IpsecL3Protocol> ipsec = GetNode()->GetObject<IpsecL3Protocol>();
    NS_ABORT_MSG_IF(!ipsec,
                    "IpsecTeachingKeyManager on node " << GetNode()->GetId()
                                                       << " needs IPsec installed first");
    m_keys = ipsec->GetKeyManagement();
    for (IpsecProtocol p : {IpsecProtocol::ESP, IpsecProtocol::AH})
    {
        m_registrations.push_back(
            m_keys
                ->Register(p,
                           MakeCallback(&IpsecTeachingKeyManager::OnAcquire, this),
                           MakeCallback(&IpsecTeachingKeyManager::OnExpire, this))
                .id);
    }
    // Like in.iked's sockets, ours bypass IPsec (a privileged per-socket policy): its own
    // messages must not need the SAs they negotiate. No port number bypasses policy. One
    // socket per family the node has.
    IpsecSocketRequest bypass;
    bypass.ahRequest = IpsecSocketRequest::PREF_NEVER;
    bypass.espRequest = IpsecSocketRequest::PREF_NEVER;
    auto open = [this, &bypass](const Address& local) {
        Ptr<Socket> socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        IpsecKeyResult r = IpsecSocketPolicy::Attach(socket, true)->SetRequest(bypass);
        NS_ABORT_MSG_IF(!r.Ok(), "IpsecTeachingKeyManager: socket bypass refused: " << r.message);
        socket->Bind(local);
        socket->SetRecvCallback(MakeCallback(&IpsecTeachingKeyManager::Receive, this));
        return socket;
    };
    m_socket = open(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    if (GetNode()->GetObject<Ipv6>())
    {
        m_socket6 = open(Inet6SocketAddress(Ipv6Address::GetAny(), m_port));
    }
}

void
IpsecTeachingKeyManager::StopApplication()
{
    for (uint32_t id : m_registrations)
    {
        m_keys->Unregister(id);
    }
    m_registrations.clear();
    for (auto& [id, pending] : m_pending)
    {
        pending.timer.Cancel();
    }
    for (Ptr<Socket> socket : {m_socket, m_socket6})
    {
        if (socket)
        {
            socket->Close();
            socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        }
    }
}

void
IpsecTeachingKeyManager::OnAcquire(const IpsecAcquire& acquire)
{
    Initiate(acquire.protocol,
             acquire.mode,
             acquire.source,
             acquire.destination,
             &acquire.proposal,
             nullptr,
             acquire.perFlow ? &acquire.flow : nullptr);
}

void
IpsecTeachingKeyManager::OnExpire(const IpsecExpire& expire)
{
    Ptr<const SecurityAssociation> sa = expire.sa;
    Ptr<IpsecL3Protocol> ipsec = GetNode()->GetObject<IpsecL3Protocol>();
    if (expire.hard || ipsec->IsLocalAddress(sa->GetDestination()))
    {
        return; // rekey on the soft expiry of an outbound SA only
    }
    // An SA made for one flow (`sa unique`) is replaced by one for the same flow.
    const SecurityAssociation::Selectors& selectors = sa->GetSelectors();
    bool bound = selectors.protocol >= 0;
    IpsecFlow flow; // the flow the SA names (addresses as its selectors give them)
    flow.local = selectors.source;
    flow.remote = selectors.destination;
    flow.protocol = static_cast<uint8_t>(std::max<int16_t>(selectors.protocol, 0));
    flow.localPort = selectors.sourcePort;
    flow.remotePort = selectors.destinationPort;
    Ptr<SecurityAssociation> current = ipsec->GetSadb()->FindOutbound(sa->GetProtocol(),
                                                                      sa->GetSource(),
                                                                      sa->GetDestination(),
                                                                      sa->GetMode(),
                                                                      sa->GetPolicyId(),
                                                                      bound ? &flow : nullptr,
                                                                      bound);
    if (current && current != sa && current->GetState() == SecurityAssociation::State::MATURE)
    {
        return; // the peer already rekeyed this pair
    }
    Initiate(sa->GetProtocol(),
             sa->GetMode(),
             sa->GetSource(),
             sa->GetDestination(),
             nullptr,
             sa,
             bound ? &flow : nullptr);
}

IpsecBytes
IpsecTeachingKeyManager::RandomKey(const IpsecAlgorithm* algorithm,
                                   uint16_t minBits,
                                   uint16_t maxBits)
{
    uint32_t bits = algorithm->keyBitsDefault;
    if (minBits && bits < minBits)
    {
        bits = minBits;
    }
    if (maxBits && bits > maxBits)
    {
        bits = maxBits;
    }
    IpsecBytes key(bits / 8 + algorithm->saltBytes);
    for (auto& b : key)
    {
        b = static_cast<uint8_t>(m_random->GetInteger(0, 255));
    }
    return key;
}

void
IpsecTeachingKeyManager::Initiate(IpsecProtocol protocol,
                                  IpsecMode mode,
                                  const IpsecAddress& self,
                                  const IpsecAddress& peer,
                                  const IpsecProtectionRequest* request,
                                  Ptr<const SecurityAssociation> previous,
                                  const IpsecFlow* boundFlow)
{
    // A UNIQUE socket's ACQUIRE (or the rekey of its SA) asks for an SA reserved for it.
    // The pair's identity first: it names the exchange.
    Pending pending;
    Proposal& p = pending.proposal;
    p.protocol = protocol;
    p.mode = mode;
    p.initiator = self;
    p.responder = peer;
    p.initiatorPolicyId = previous ? previous->GetPolicyId() : request ? request->policyId : 0;
    if (boundFlow)
    {
        p.flowProtocol = boundFlow->protocol;
        p.initiatorPort = boundFlow->localPort;
        p.responderPort = boundFlow->remotePort;
    }
    PairKey key = KeyOf(p, true);
    if (m_pendingByPair.count(key))
    {
        return; // an exchange for this pair is under way
    }
    // Algorithms: those of the SA being replaced, else the policy's first choice, else ours.
    const IpsecAlgorithm* encr = nullptr;
    const IpsecAlgorithm* auth = nullptr;
    uint16_t encrMin = 0, encrMax = 0, authMin = 0, authMax = 0;
    if (previous)
    {
        encr = previous->GetEncryptionAlgorithm();
        auth = previous->GetAuthenticationAlgorithm();
        if (encr)
        {
            encrMin = encrMax = (previous->GetEncryptionKey().size() - encr->saltBytes) * 8;
        }
        if (auth)
        {
            authMin = authMax = (previous->GetAuthenticationKey().size() - auth->saltBytes) * 8;
        }
    }
    else
    {
        if (protocol == IpsecProtocol::ESP)
        {
            encr = request && !request->encryption.empty()
                     ? request->encryption.front()
                     : IpsecAlgorithmRegistry::FindEncryption(m_encryption);
        }
        if (!encr || !encr->IsCombined() || protocol == IpsecProtocol::AH)
        {
            std::string fallback
                = protocol == IpsecProtocol::AH ? m_ahAuthentication : m_authentication;
            auth = request && !request->authentication.empty()
                     ? request->authentication.front()
                     : IpsecAlgorithmRegistry::FindIntegrity(fallback);
        }
        if (request)
        {
            encrMin = request->encryptionKeyBitsMin;
            encrMax = request->encryptionKeyBitsMax;
            authMin = request->authenticationKeyBitsMin;
            authMax = request->authenticationKeyBitsMax;
        }
    }
    if ((protocol == IpsecProtocol::ESP && !encr) || (protocol == IpsecProtocol::AH && !auth))
    {
        NS_LOG_WARN("no usable algorithm for " << ToString(protocol) << " to " << peer);
        ++m_failed;
        return;
    }

    IpsecKeyResult spi = m_keys->GetSpi(protocol, peer, self);
    if (!spi.Ok())
    {
        NS_LOG_WARN("GETSPI failed: " << spi.message);
        ++m_failed;
        return;
    }
    pending.id = m_nextId++;
    p.initiatorSpi = spi.spi;
    p.encryption = encr ? encr->name : "-";
    p.authentication = auth ? auth->name : "-";
    if (encr)
    {
        p.encrToResponder = RandomKey(encr, encrMin, encrMax);
        p.encrToInitiator = RandomKey(encr, encrMin, encrMax);
    }
    if (auth)
    {
        p.authToResponder = RandomKey(auth, authMin, authMax);
        p.authToInitiator = RandomKey(auth, authMin, authMax);
    }
    p.soft.addTime = static_cast<uint64_t>(std::llround(m_softLifetime.GetSeconds()));
    p.hard.addTime = static_cast<uint64_t>(std::llround(m_hardLifetime.GetSeconds()));
    p.soft.bytes = m_softBytes;
    p.hard.bytes = m_hardBytes;
    p.replayWindow = m_replayWindow;

    // Our inbound SA first: the responder may use it as soon as it has our PROPOSE.
    IpsecKeyResult inbound = m_keys->Update(MakeSa(p, false, p.initiatorSpi));
    if (!inbound.Ok())
    {
        NS_LOG_WARN("UPDATE failed: " << inbound.message);
        m_keys->Delete(protocol, self, p.initiatorSpi);
        ++m_failed;
        return;
    }
    uint32_t id = pending.id;
    m_pending[id] = pending;
    m_pendingByPair[key] = id;
    SendPropose(id);
}

IpsecTeachingKeyManager::PairKey
IpsecTeachingKeyManager::KeyOf(const Proposal& p, bool asInitiator)
{
    const IpsecAddress& self = asInitiator ? p.initiator : p.responder;
    const IpsecAddress& peer = asInitiator ? p.responder : p.initiator;
    uint16_t ourPort = asInitiator ? p.initiatorPort : p.responderPort;
    uint16_t theirPort = asInitiator ? p.responderPort : p.initiatorPort;
    return PairKey{uint8_t(p.protocol),
                   uint8_t(p.mode),
                   self,
                   peer,
                   asInitiator ? p.initiatorPolicyId : 0,
                   p.flowProtocol,
                   (uint32_t(ourPort) << 16) | theirPort};
}

Ptr<SecurityAssociation>
IpsecTeachingKeyManager::MakeSa(const Proposal& p, bool towardsResponder, uint32_t spi) const
{
    const IpsecAddress& source = towardsResponder ? p.initiator : p.responder;
    const IpsecAddress& destination = towardsResponder ? p.responder : p.initiator;
    Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(p.protocol, spi, source, destination);
    sa->SetMode(p.mode);
    if (p.encryption != "-")
    {
        sa->SetEncryption(p.encryption, towardsResponder ? p.encrToResponder : p.encrToInitiator);
    }
    if (p.authentication != "-")
    {
        sa->SetAuthentication(p.authentication,
                              towardsResponder ? p.authToResponder : p.authToInitiator);
    }
    sa->SetSoftLifetime(p.soft);
    sa->SetHardLifetime(p.hard);
    sa->SetReplayWindow(p.replayWindow);
    sa->SetPolicyId(towardsResponder ? p.initiatorPolicyId : 0); // 0 unless we asked for it
    if (p.flowProtocol >= 0)
    {
        // `sa unique`: the pair serves one flow only; each SA names it from its own direction.
        SecurityAssociation::Selectors selectors;
        selectors.protocol = p.flowProtocol;
        selectors.sourcePort = towardsResponder ? p.initiatorPort : p.responderPort;
        selectors.destinationPort = towardsResponder ? p.responderPort : p.initiatorPort;
        sa->SetSelectors(selectors);
    }
    return sa;
}

std::string
IpsecTeachingKeyManager::Encode(const Proposal& p)
{
    std::ostringstream out;
    out << ToString(p.protocol) << " " << ToString(p.mode) << " " << p.initiator << " "
        << p.responder << " " << p.initiatorSpi << " " << p.encryption << " " << p.authentication
        << " " << KeyText(p.encrToResponder) << " " << KeyText(p.authToResponder) << " "
        << KeyText(p.encrToInitiator) << " " << KeyText(p.authToInitiator) << " " << p.soft.addTime
        << " " << p.hard.addTime << " " << p.soft.bytes << " " << p.hard.bytes << " "
        << p.replayWindow << " flow " << p.flowProtocol << " " << p.initiatorPort << " "
        << p.responderPort;
    return out.str();
}

bool
IpsecTeachingKeyManager::Decode(std::istringstream& in, Proposal& p)
{
    std::string protocol, mode, initiator, responder, k1, k2, k3, k4, flow;
    in >> protocol >> mode >> initiator >> responder >> p.initiatorSpi >> p.encryption
        >> p.authentication >> k1 >> k2 >> k3 >> k4 >> p.soft.addTime >> p.hard.addTime
        >> p.soft.bytes >> p.hard.bytes >> p.replayWindow >> flow >> p.flowProtocol
        >> p.initiatorPort >> p.responderPort;
    if (!in || (protocol != "esp" && protocol != "ah") || (mode != "transport" && mode != "tunnel")
        || flow != "flow" || p.flowProtocol < -1 || p.flowProtocol > 255)
    {
        return false;
    }
    p.protocol = protocol == "esp" ? IpsecProtocol::ESP : IpsecProtocol::AH;
    p.mode = mode == "tunnel" ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT;
    if (!ParseAddress(initiator, p.initiator) || !ParseAddress(responder, p.responder)
        || p.initiator.GetFamily() != p.responder.GetFamily())
    {
        return false;
    }
    return ParseKey(k1, p.encrToResponder) && ParseKey(k2, p.authToResponder)
        && ParseKey(k3, p.encrToInitiator) && ParseKey(k4, p.authToInitiator);
}

void
IpsecTeachingKeyManager::Send(const std::string& text, const IpsecAddress& to)
{
    m_messageTrace("> " + text);
    Ptr<Packet> packet = Create<Packet>(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    if (to.IsIpv6())
    {
        if (m_socket6)
        {
            m_socket6->SendTo(packet, 0, Inet6SocketAddress(to.GetIpv6(), m_port));
        }
        return;
    }
    m_socket->SendTo(packet, 0, InetSocketAddress(to.GetIpv4(), m_port));
}

void
IpsecTeachingKeyManager::SendPropose(uint32_t id)
{
    Pending& pending = m_pending.at(id);
    Send("PROPOSE " + std::to_string(id) + " " + Encode(pending.proposal),
         pending.proposal.responder);
    pending.timer
        = Simulator::Schedule(m_retransmitTimeout, &IpsecTeachingKeyManager::Retransmit, this, id);
}

void
IpsecTeachingKeyManager::Retransmit(uint32_t id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return;
    }
    Pending& pending = it->second;
    if (++pending.retransmits > m_maxRetransmits)
    {
        const Proposal& p = pending.proposal;
        NS_LOG_WARN("exchange " << id << " with " << p.responder << " abandoned");
        m_keys->Delete(p.protocol, p.initiator, p.initiatorSpi);
        m_pendingByPair.erase(KeyOf(p, true));
        m_pending.erase(it);
        ++m_failed;
        return;
    }
    SendPropose(id);
}

void
IpsecTeachingKeyManager::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        std::string text(packet->GetSize(), '\0');
        packet->CopyData(reinterpret_cast<uint8_t*>(text.data()), text.size());
        m_messageTrace("< " + text);
        std::istringstream in(text);
        std::string verb;
        in >> verb;
        IpsecAddress peer = Inet6SocketAddress::IsMatchingType(from)
                              ? IpsecAddress(Inet6SocketAddress::ConvertFrom(from).GetIpv6())
                              : IpsecAddress(InetSocketAddress::ConvertFrom(from).GetIpv4());
        if (verb == "PROPOSE")
        {
            OnPropose(in, peer);
        }
        else if (verb == "ACCEPT" || verb == "REJECT")
        {
            OnAnswer(verb == "ACCEPT", in);
        }
        else
        {
            NS_LOG_WARN("unknown control message from " << peer << ": " << text);
        }
    }
}

void
IpsecTeachingKeyManager::OnPropose(std::istringstream& in, const IpsecAddress& from)
{
    uint32_t id = 0;
    in >> id;
    auto answered = m_answered.find({from, id});
    if (answered != m_answered.end())
    {
        Send(answered->second, from); // a retransmitted PROPOSE: same answer
        return;
    }
    Proposal p;
    std::string reply;
    bool decoded = Decode(in, p);
    // Both ends started an exchange for the same pair (their SAs soft-expired together, or
    // traffic both ways raised ACQUIRE on both): the lower address wins and refuses the other
    // PROPOSE; the loser accepts the winner's and drops its own when the refusal arrives.
    bool collision = decoded && m_pendingByPair.count(KeyOf(p, false)) && p.responder < p.initiator;
    if (!decoded)
    {
        reply = "REJECT " + std::to_string(id) + " malformed";
    }
    else if (collision)
    {
        reply = "REJECT " + std::to_string(id) + " collision";
    }
    else
    {
        IpsecKeyResult spi = m_keys->GetSpi(p.protocol, p.initiator, p.responder);
        IpsecKeyResult inbound;
        IpsecKeyResult outbound;
        if (spi.Ok())
        {
            inbound = m_keys->Update(MakeSa(p, true, spi.spi));
        }
        if (spi.Ok() && inbound.Ok())
        {
            outbound = m_keys->Add(MakeSa(p, false, p.initiatorSpi));
        }
        if (spi.Ok() && inbound.Ok() && outbound.Ok())
        {
            reply = "ACCEPT " + std::to_string(id) + " " + std::to_string(spi.spi);
            ++m_responded;
            m_installedTrace(inbound.sa, outbound.sa, false);
        }
        else
        {
            std::string why = !spi.Ok()     ? spi.message
                            : !inbound.Ok() ? inbound.message
                                            : outbound.message;
            if (spi.Ok())
            {
                m_keys->Delete(p.protocol, p.responder, spi.spi);
            }
            reply = "REJECT " + std::to_string(id) + " " + why;
        }
    }
    m_answered[{from, id}] = reply;
    Send(reply, from);
}

void
IpsecTeachingKeyManager::OnAnswer(bool accepted, std::istringstream& in)
{
    uint32_t id = 0;
    in >> id;
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return; // a duplicate answer
    }
    Pending pending = it->second;
    pending.timer.Cancel();
    m_pending.erase(it);
    const Proposal& p = pending.proposal;
    m_pendingByPair.erase(KeyOf(p, true));
    uint32_t responderSpi = 0;
    in >> responderSpi;
    IpsecKeyResult outbound;
    if (accepted && in)
    {
        outbound = m_keys->Add(MakeSa(p, true, responderSpi));
    }
    if (!accepted || !in || !outbound.Ok())
    {
        m_keys->Delete(p.protocol, p.initiator, p.initiatorSpi);
        std::string reason;
        if (!accepted)
        {
            std::istringstream rest(in.str());
            std::string verb, number;
            rest >> verb >> number;
            std::getline(rest >> std::ws, reason);
        }
        if (reason == "collision")
        {
            ++m_collisions; // the peer's exchange for this pair went ahead instead
            return;
        }
        NS_LOG_WARN("exchange " << id << " with " << p.responder
                                << " failed: " << (outbound.Ok() ? reason : outbound.message));
        ++m_failed;
        return;
    }
    ++m_initiated;
    m_installedTrace(m_keys->Get(p.protocol, p.initiator, p.initiatorSpi).sa, outbound.sa, true);
}

} // namespace ns3
