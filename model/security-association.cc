/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-association.h"

#include "ipsec-config-generation.h"
#include "ipsec-transform.h"

#include "ns3/simulator.h"

#include <iomanip>
#include <sstream>
#include <tuple>

namespace ns3
{

SecurityAssociation::SecurityAssociation(IpsecProtocol protocol,
                                         uint32_t spi,
                                         const IpsecAddress& source,
                                         const IpsecAddress& destination)
    : m_protocol(protocol)
    , m_transform(&IpsecTransform::Of(protocol))
    , m_spi(spi)
    , m_source(source)
    , m_destination(destination)
    , m_created(Simulator::Now())
{
}

const IpsecTransform&
SecurityAssociation::GetTransform() const
{
    return *m_transform;
}

void
SecurityAssociation::SetEncryption(const std::string& name, const IpsecBytes& keyMaterial)
{
    IpsecConfigGeneration::Bump();
    m_encrName = name;
    m_encrKey = keyMaterial;
    m_ready = false; // the engines and window no longer match
}

void
SecurityAssociation::SetAuthentication(const std::string& name, const IpsecBytes& key)
{
    IpsecConfigGeneration::Bump();
    m_authName = name;
    m_authKey = key;
    m_ready = false; // the engines and window no longer match
}

void
SecurityAssociation::SetMode(IpsecMode mode)
{
    IpsecConfigGeneration::Bump();
    m_mode = mode;
}

void
SecurityAssociation::SetReplayWindow(uint32_t packets)
{
    IpsecConfigGeneration::Bump();
    if (packets != m_replaySize)
    {
        m_replaySize = packets;
        m_ready = false; // the window no longer matches
    }
}

void
SecurityAssociation::SetExtendedSequenceNumbers(bool esn)
{
    IpsecConfigGeneration::Bump();
    if (esn != m_esn)
    {
        m_esn = esn;
        m_ready = false; // the window no longer matches
    }
}

void
SecurityAssociation::SetCyclic(bool cyclic)
{
    IpsecConfigGeneration::Bump();
    m_cyclic = cyclic;
}

void
SecurityAssociation::SetSoftLifetime(const Lifetime& l)
{
    IpsecConfigGeneration::Bump();
    m_soft = l;
}

void
SecurityAssociation::SetHardLifetime(const Lifetime& l)
{
    IpsecConfigGeneration::Bump();
    m_hard = l;
}

void
SecurityAssociation::SetSelectors(const Selectors& s)
{
    IpsecConfigGeneration::Bump();
    m_selectors = s;
    m_hasSelectors = !s.sourceMask.IsZero() || !s.destinationMask.IsZero() || s.protocol >= 0
                  || s.sourcePort != 0 || s.destinationPort != 0;
}

void
SecurityAssociation::SetState(State state)
{
    IpsecConfigGeneration::Bump();
    m_state = state;
}

uint64_t
SecurityAssociation::MaxLifetimeSeconds()
{
    return static_cast<uint64_t>(Time::Max().ToInteger(Time::S));
}

std::string
SecurityAssociation::Check() const
{
    std::ostringstream err;
    if (m_spi == 0)
    {
        return "SPI 0 is invalid";
    }
    if (m_spi < 256)
    {
        err << "SPI " << m_spi << " is reserved (1-255)";
        return err.str();
    }
    const IpsecAlgorithm* encr = nullptr;
    const IpsecAlgorithm* auth = nullptr;
    if (m_encrName.empty() && m_authName.empty())
    {
        return "the SA has no algorithms or keys (" + ToString(m_protocol) + " needs "
             + (m_protocol == IpsecProtocol::ESP ? "an encryption algorithm"
                                                 : "an authentication "
                                                   "algorithm")
             + " and its key)";
    }
    if (m_protocol == IpsecProtocol::ESP)
    {
        std::string encrName = m_encrName.empty() ? "null" : m_encrName;
        encr = IpsecAlgorithmRegistry::FindEncryption(encrName);
        if (!encr)
        {
            return "unknown encryption algorithm '" + encrName
                 + "' (known: " + IpsecAlgorithmRegistry::NamesOf(true) + ")";
        }
        std::string keyError = encr->CheckKeyLength(m_encrKey.size());
        if (!keyError.empty())
        {
            return keyError;
        }
        if (!m_authName.empty() && m_authName != "none" && m_authName != "null")
        {
            auth = IpsecAlgorithmRegistry::FindIntegrity(m_authName);
            if (!auth || auth->kind != IpsecAlgorithmKind::INTEGRITY)
            {
                return "unknown ESP authentication algorithm '" + m_authName + "'";
            }
            if (encr->IsCombined())
            {
                return "combined-mode algorithm " + encr->name
                     + " cannot be used with a separate authentication algorithm (" + auth->name
                     + ")";
            }
        }
        if (encr->name == "null" && !auth)
        {
            return "ESP with NULL encryption needs an authentication algorithm";
        }
    }
    else
    {
        if (!m_encrName.empty() && m_encrName != "null" && m_encrName != "none")
        {
            return "AH has no encryption algorithm";
        }
        auth = IpsecAlgorithmRegistry::FindIntegrity(m_authName);
        if (!auth)
        {
            return "unknown AH authentication algorithm '" + m_authName
                 + "' (known: " + IpsecAlgorithmRegistry::NamesOf(false) + ")";
        }
    }
    if (auth)
    {
        std::string keyError = auth->CheckKeyLength(m_authKey.size());
        if (!keyError.empty())
        {
            return keyError;
        }
    }
    if (m_esn && m_cyclic)
    {
        return "an SA with extended sequence numbers cannot be cyclic";
    }
    std::string encapError = CheckEncapsulation();
    if (!encapError.empty())
    {
        return encapError;
    }
    if (m_replaySize > ReplayWindow::MAX_SIZE)
    {
        err << "replay window of " << m_replaySize << " packets is too large (at most "
            << ReplayWindow::MAX_SIZE << ", Linux's limit)";
        return err.str();
    }
    const uint64_t maxSeconds = MaxLifetimeSeconds();
    for (auto [what, soft, hard] :
         {std::make_tuple("bytes", m_soft.bytes, m_hard.bytes),
          std::make_tuple("addtime", m_soft.addTime, m_hard.addTime),
          std::make_tuple("usetime", m_soft.useTime, m_hard.useTime),
          std::make_tuple("allocations", m_soft.allocations, m_hard.allocations)})
    {
        if (soft != 0 && hard != 0 && soft > hard)
        {
            err << "soft " << what << " lifetime (" << soft << ") exceeds the hard one (" << hard
                << ")";
            return err.str();
        }
        bool seconds = std::string(what).find("time") != std::string::npos;
        for (auto [kind, value] : {std::make_pair("soft", soft), std::make_pair("hard", hard)})
        {
            if (seconds && value > maxSeconds)
            {
                err << kind << " " << what << " lifetime of " << value
                    << " s is beyond the simulator's clock (at most " << maxSeconds << " s)";
                return err.str();
            }
        }
    }
    return "";
}

std::string
SecurityAssociation::CheckEncapsulation() const
{
    const Encapsulation& e = m_encap;
    bool natAddresses = !e.natLocal.IsAny() || !e.natRemote.IsAny();
    if (!e.udp)
    {
        return natAddresses
                 ? "NAT-T addresses (nat_loc, nat_rem) need UDP encapsulation (encap udp)"
                 : "";
    }
    if (m_protocol != IpsecProtocol::ESP)
    {
        return "UDP encapsulation applies to ESP only (RFC 3948), not to AH";
    }
    if (m_destination.IsIpv6())
    {
        return "UDP encapsulation of ESP is defined for IPv4 (RFC 3948); this SA is IPv6";
    }
    if (e.sourcePort == 0 || e.destinationPort == 0)
    {
        return "a UDP encapsulation port must be 1-65535, not 0";
    }
    for (const IpsecAddress* a : {&e.natLocal, &e.natRemote})
    {
        if (!a->IsAny() && a->IsIpv6())
        {
            return "NAT-T address " + a->ToString() + " is IPv6; UDP encapsulation is IPv4";
        }
    }
    return "";
}

std::string
SecurityAssociation::Initialize()
{
    IpsecConfigGeneration::Bump();
    std::string error = Check();
    if (!error.empty())
    {
        return error;
    }
    BuildEngines();
    m_replay = ReplayWindow(m_replaySize, m_esn);
    if (m_state == State::LARVAL)
    {
        m_state = State::MATURE;
    }
    return "";
}

void
SecurityAssociation::BuildEngines()
{
    const IpsecAlgorithm* encr = nullptr;
    const IpsecAlgorithm* auth = nullptr;
    if (m_protocol == IpsecProtocol::ESP)
    {
        encr = IpsecAlgorithmRegistry::FindEncryption(m_encrName.empty() ? "null" : m_encrName);
    }
    if (!m_authName.empty() && m_authName != "none" && m_authName != "null")
    {
        auth = IpsecAlgorithmRegistry::FindIntegrity(m_authName);
    }
    m_encr = encr;
    m_auth = auth;
    m_cipher.reset();
    m_aead.reset();
    m_integrity.reset();
    const IpsecAlgorithm* aeadAlg = (encr && encr->IsCombined()) ? encr : nullptr;
    const IpsecBytes* aeadKey = &m_encrKey;
    if (auth && auth->IsCombined())
    {
        aeadAlg = auth; // GMAC in AH
        aeadKey = &m_authKey;
    }
    if (aeadAlg)
    {
        IpsecBytes key(aeadKey->begin(), aeadKey->end() - aeadAlg->saltBytes);
        IpsecBytes salt(aeadKey->end() - aeadAlg->saltBytes, aeadKey->end());
        m_aead = aeadAlg->makeAead(key, salt, aeadAlg->icvBytes);
    }
    else if (encr)
    {
        m_cipher = encr->makeCipher(m_encrKey);
    }
    if (auth && auth->kind == IpsecAlgorithmKind::INTEGRITY)
    {
        m_integrity = auth->makeIntegrity(m_authKey);
    }
    m_ready = true;
}

bool
SecurityAssociation::IsReady() const
{
    return m_ready;
}

Ptr<SecurityAssociation>
SecurityAssociation::Clone() const
{
    Ptr<SecurityAssociation> copy
        = Create<SecurityAssociation>(m_protocol, m_spi, m_source, m_destination);
    copy->m_mode = m_mode;
    copy->m_state = m_state;
    copy->m_encrName = m_encrName;
    copy->m_authName = m_authName;
    copy->m_encrKey = m_encrKey;
    copy->m_authKey = m_authKey;
    copy->m_replaySize = m_replaySize;
    copy->m_esn = m_esn;
    copy->m_cyclic = m_cyclic;
    copy->m_soft = m_soft;
    copy->m_hard = m_hard;
    copy->SetSelectors(m_selectors);
    copy->m_policyId = m_policyId;
    copy->m_pairSpi = m_pairSpi;
    copy->m_encap = m_encap;
    copy->m_seq = m_seq;
    copy->m_encr = m_encr;
    copy->m_auth = m_auth;
    copy->m_cipher = m_cipher;
    copy->m_aead = m_aead;
    copy->m_integrity = m_integrity;
    copy->m_ready = m_ready;
    copy->m_replay = m_replay;
    copy->m_created = m_created;
    copy->m_firstUse = m_firstUse;
    copy->m_packets = m_packets;
    copy->m_bytes = m_bytes;
    return copy;
}

void
SecurityAssociation::SetPolicyId(uint32_t id)
{
    IpsecConfigGeneration::Bump();
    m_policyId = id;
}

void
SecurityAssociation::SetPairSpi(uint32_t spi)
{
    m_pairSpi = spi;
}

uint32_t
SecurityAssociation::GetPolicyId() const
{
    return m_policyId;
}

uint32_t
SecurityAssociation::GetPairSpi() const
{
    return m_pairSpi;
}

void
SecurityAssociation::SetEncapsulation(const Encapsulation& e)
{
    IpsecConfigGeneration::Bump();
    m_encap = e;
}

const SecurityAssociation::Encapsulation&
SecurityAssociation::GetEncapsulation() const
{
    return m_encap;
}

bool
SecurityAssociation::IsUdpEncapsulated() const
{
    return m_encap.udp;
}

IpsecProtocol
SecurityAssociation::GetProtocol() const
{
    return m_protocol;
}

uint32_t
SecurityAssociation::GetSpi() const
{
    return m_spi;
}

const IpsecAddress&
SecurityAssociation::GetSource() const
{
    return m_source;
}

const IpsecAddress&
SecurityAssociation::GetDestination() const
{
    return m_destination;
}

IpsecMode
SecurityAssociation::GetMode() const
{
    return m_mode;
}

SecurityAssociation::State
SecurityAssociation::GetState() const
{
    return m_state;
}

bool
SecurityAssociation::IsUsable() const
{
    return (m_state == State::MATURE || m_state == State::DYING) && m_ready;
}

const IpsecAlgorithm*
SecurityAssociation::GetEncryptionAlgorithm() const
{
    return m_encr;
}

const IpsecAlgorithm*
SecurityAssociation::GetAuthenticationAlgorithm() const
{
    return m_auth;
}

const IpsecBytes&
SecurityAssociation::GetEncryptionKey() const
{
    return m_encrKey;
}

const IpsecBytes&
SecurityAssociation::GetAuthenticationKey() const
{
    return m_authKey;
}

uint32_t
SecurityAssociation::GetReplayWindowSize() const
{
    return m_replaySize;
}

bool
SecurityAssociation::HasExtendedSequenceNumbers() const
{
    return m_esn;
}

bool
SecurityAssociation::IsCyclic() const
{
    return m_cyclic;
}

const SecurityAssociation::Lifetime&
SecurityAssociation::GetSoftLifetime() const
{
    return m_soft;
}

const SecurityAssociation::Lifetime&
SecurityAssociation::GetHardLifetime() const
{
    return m_hard;
}

const SecurityAssociation::Selectors&
SecurityAssociation::GetSelectors() const
{
    return m_selectors;
}

Time
SecurityAssociation::GetCreationTime() const
{
    return m_created;
}

void
SecurityAssociation::SetCreationTime(Time t)
{
    IpsecConfigGeneration::Bump();
    m_created = t;
}

bool
SecurityAssociation::HasBeenUsed() const
{
    return m_packets > 0;
}

Time
SecurityAssociation::GetFirstUseTime() const
{
    return m_firstUse;
}

bool
SecurityAssociation::VolumeLimitReached(const Lifetime& lifetime, Limit& limit) const
{
    if (lifetime.bytes != 0 && m_bytes >= lifetime.bytes)
    {
        limit = Limit::BYTES;
        return true;
    }
    if (lifetime.allocations != 0 && m_packets >= lifetime.allocations)
    {
        limit = Limit::ALLOCATIONS;
        return true;
    }
    return false;
}

bool
SecurityAssociation::HasSelectors() const
{
    return m_hasSelectors;
}

bool
SecurityAssociation::IsBoundTo(const IpsecFlow& flow) const
{
    const Selectors& s = m_selectors;
    // Named exactly (a selector of "any" does not bind), and matched like any packet.
    return s.protocol == flow.protocol && s.sourcePort == flow.localPort
        && s.destinationPort == flow.remotePort
        && SelectorsMatch(flow.local, flow.remote, flow.protocol, flow.localPort, flow.remotePort);
}

bool
SecurityAssociation::SelectorsMatch(const IpsecAddress& source,
                                    const IpsecAddress& destination,
                                    uint8_t protocol,
                                    uint16_t sourcePort,
                                    uint16_t destinationPort) const
{
    const Selectors& s = m_selectors;
    // A zero mask selects no address, of either family (as HasSelectors() counts it): the
    // default selectors of an IPv6 SA given only ports or a protocol match its IPv6 packets.
    auto matches = [](const IpsecMask& mask, const IpsecAddress& selector, const IpsecAddress& a) {
        return mask.IsZero() || mask.IsMatch(selector, a);
    };
    if (!matches(s.sourceMask, s.source, source)
        || !matches(s.destinationMask, s.destination, destination))
    {
        return false;
    }
    if (s.protocol >= 0 && s.protocol != protocol)
    {
        return false;
    }
    if (s.sourcePort != 0 && s.sourcePort != sourcePort)
    {
        return false;
    }
    return s.destinationPort == 0 || s.destinationPort == destinationPort;
}

bool
SecurityAssociation::NextSequence(uint64_t& seq)
{
    if (!m_esn && m_seq >= 0xffffffffULL)
    {
        if (!m_cyclic)
        {
            return false; // RFC 4303 §3.3.3: no wrap, the SA must be replaced
        }
        m_seq = 0;
    }
    if (m_esn && m_seq == UINT64_MAX)
    {
        return false;
    }
    seq = ++m_seq;
    return true;
}

uint64_t
SecurityAssociation::GetLastSequence() const
{
    return m_seq;
}

void
SecurityAssociation::SetLastSequence(uint64_t seq)
{
    m_seq = seq;
}

ReplayWindow&
SecurityAssociation::GetReplayWindow()
{
    return m_replay;
}

uint32_t
SecurityAssociation::GetIcvSize() const
{
    if (m_encr && m_encr->IsCombined())
    {
        return m_encr->icvBytes;
    }
    if (!m_auth)
    {
        return 0;
    }
    return m_auth->icvBytes + (m_auth->IsCombined() ? m_auth->ivBytes : 0);
}

IpsecCipher*
SecurityAssociation::GetCipher() const
{
    return m_cipher.get();
}

IpsecAead*
SecurityAssociation::GetAead() const
{
    return m_aead.get();
}

IpsecIntegrity*
SecurityAssociation::GetIntegrity() const
{
    return m_integrity.get();
}

bool
SecurityAssociation::RecordUse(uint32_t bytes)
{
    bool first = m_packets == 0;
    if (first)
    {
        m_firstUse = Simulator::Now();
    }
    ++m_packets;
    m_bytes += bytes;
    return first;
}

uint64_t
SecurityAssociation::GetPackets() const
{
    return m_packets;
}

uint64_t
SecurityAssociation::GetBytes() const
{
    return m_bytes;
}

std::string
SecurityAssociation::Describe() const
{
    std::ostringstream oss;
    oss << ToString(m_protocol) << " spi 0x" << std::hex << m_spi << std::dec << " " << m_source
        << "->" << m_destination << " " << ToString(m_mode) << " ";
    if (m_protocol == IpsecProtocol::ESP)
    {
        oss << (m_encr ? m_encr->name : m_encrName);
        if (m_auth)
        {
            oss << "/" << m_auth->name;
        }
    }
    else
    {
        oss << (m_auth ? m_auth->name : m_authName);
    }
    if (m_encap.udp)
    {
        oss << " udp-encap " << m_encap.sourcePort << "->" << m_encap.destinationPort;
    }
    oss << " " << ToString(m_state);
    return oss.str();
}

std::string
ToString(SecurityAssociation::State state)
{
    switch (state)
    {
        case SecurityAssociation::State::LARVAL:
            return "larval";
        case SecurityAssociation::State::MATURE:
            return "mature";
        case SecurityAssociation::State::DYING:
            return "dying";
        case SecurityAssociation::State::DEAD:
            return "dead";
    }
    return "unknown";
}

std::string
ToString(SecurityAssociation::Limit limit)
{
    switch (limit)
    {
        case SecurityAssociation::Limit::BYTES:
            return "bytes";
        case SecurityAssociation::Limit::ADD_TIME:
            return "addtime";
        case SecurityAssociation::Limit::USE_TIME:
            return "usetime";
        case SecurityAssociation::Limit::ALLOCATIONS:
            return "allocations";
        case SecurityAssociation::Limit::SEQUENCE:
            return "sequence";
    }
    return "unknown";
}

} // namespace ns3
