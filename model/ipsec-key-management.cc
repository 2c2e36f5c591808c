/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-key-management.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecKeyManagement");
NS_OBJECT_ENSURE_REGISTERED(IpsecKeyManagement);

namespace
{

/// How many random SPIs GETSPI tries before scanning the range (KAME's key_spi_trycnt).
constexpr uint32_t SPI_RANDOM_TRIES = 1000;
/// Ranges up to this size are scanned in full when random tries fail.
constexpr uint64_t SPI_SCAN_LIMIT = 1 << 20;

std::string
SaText(IpsecProtocol protocol, const IpsecAddress& destination, uint32_t spi)
{
    std::ostringstream oss;
    oss << ToString(protocol) << " SA 0x" << std::hex << spi << std::dec << " to " << destination;
    return oss.str();
}

} // namespace

TypeId
IpsecKeyManagement::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::IpsecKeyManagement")
              .SetParent<Object>()
              .SetGroupName("Ipsec")
              .AddConstructor<IpsecKeyManagement>()
              .AddTraceSource("Acquire",
                              "SADB_ACQUIRE: outbound traffic needs an SA that does not exist "
                              "(rate-limited by IpsecL3Protocol::AcquireInterval).",
                              MakeTraceSourceAccessor(&IpsecKeyManagement::m_acquireTrace),
                              "ns3::IpsecKeyManagement::AcquireTracedCallback")
              .AddTraceSource("Expire",
                              "SADB_EXPIRE: an SA reached a soft or hard lifetime limit.",
                              MakeTraceSourceAccessor(&IpsecKeyManagement::m_expireTrace),
                              "ns3::IpsecKeyManagement::ExpireTracedCallback");
    return tid;
}

IpsecKeyManagement::IpsecKeyManagement()
    : m_spiRandom(CreateObject<UniformRandomVariable>())
{
}

void
IpsecKeyManagement::DoDispose()
{
    if (m_sadb)
    {
        m_sadb->TraceDisconnectWithoutContext("SaExpired",
                                              MakeCallback(&IpsecKeyManagement::SaExpired, this));
    }
    m_sadb = nullptr;
    m_spd = nullptr;
    m_spiRandom = nullptr;
    m_registered.clear();
    Object::DoDispose();
}

void
IpsecKeyManagement::SetDatabases(Ptr<SecurityAssociationDatabase> sadb,
                                 Ptr<SecurityPolicyDatabase> spd)
{
    m_sadb = sadb;
    m_spd = spd;
    m_sadb->TraceConnectWithoutContext("SaExpired",
                                       MakeCallback(&IpsecKeyManagement::SaExpired, this));
}

int64_t
IpsecKeyManagement::AssignStreams(int64_t stream)
{
    m_spiRandom->SetStream(stream);
    return 1;
}

IpsecKeyResult
IpsecKeyManagement::Detached()
{
    return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT,
                                "the node's IPsec layer is gone (disposed)");
}

IpsecKeyManagement::Registration
IpsecKeyManagement::Register(IpsecProtocol protocol, AcquireCallback acquire, ExpireCallback expire)
{
    Registration r;
    r.id = m_nextRegistration++;
    m_registered[r.id] = Registered{protocol, acquire, expire};
    for (const auto& alg : IpsecAlgorithmRegistry::All())
    {
        if (protocol == IpsecProtocol::ESP && IpsecAlgorithmRegistry::FindEncryption(alg.name))
        {
            r.encryption.push_back(alg.name);
        }
        if (protocol == IpsecProtocol::AH ? alg.usableInAh
                                          : alg.kind == IpsecAlgorithmKind::INTEGRITY)
        {
            r.authentication.push_back(alg.name);
        }
    }
    NS_LOG_INFO("registration " << r.id << " for " << ToString(protocol));
    return r;
}

bool
IpsecKeyManagement::Unregister(uint32_t id)
{
    return m_registered.erase(id) > 0;
}

bool
IpsecKeyManagement::IsRegistered(IpsecProtocol protocol) const
{
    for (const auto& [id, r] : m_registered)
    {
        if (r.protocol == protocol)
        {
            return true;
        }
    }
    return false;
}

IpsecKeyResult
IpsecKeyManagement::GetSpi(IpsecProtocol protocol,
                           const IpsecAddress& source,
                           const IpsecAddress& destination,
                           uint32_t minSpi,
                           uint32_t maxSpi)
{
    if (!m_sadb)
    {
        return Detached();
    }
    minSpi = std::max<uint32_t>(minSpi, 0x100);
    if (minSpi > maxSpi)
    {
        return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT,
                                    "empty SPI range (SPIs below 0x100 are reserved)");
    }
    auto free = [&](uint32_t spi) {
        return !m_sadb->Contains(protocol, destination, spi);
    };
    std::optional<uint32_t> chosen;
    if (minSpi == maxSpi)
    {
        if (!free(minSpi))
        {
            return IpsecKeyResult::Fail(IpsecKeyError::SPI_IN_USE,
                                        "SPI in use: " + SaText(protocol, destination, minSpi));
        }
        chosen = minSpi;
    }
    for (uint32_t i = 0; !chosen && i < SPI_RANDOM_TRIES; ++i)
    {
        uint32_t spi = m_spiRandom->GetInteger(minSpi, maxSpi);
        if (free(spi))
        {
            chosen = spi;
        }
    }
    if (!chosen && uint64_t(maxSpi) - minSpi < SPI_SCAN_LIMIT)
    {
        for (uint64_t spi = minSpi; !chosen && spi <= maxSpi; ++spi)
        {
            if (free(spi))
            {
                chosen = static_cast<uint32_t>(spi);
            }
        }
    }
    if (!chosen)
    {
        std::ostringstream oss;
        oss << "no free SPI in 0x" << std::hex << minSpi << "-0x" << maxSpi;
        return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT, oss.str());
    }
    std::string error = m_sadb->AddLarval(protocol, source, destination, *chosen);
    if (!error.empty())
    {
        return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT, error);
    }
    IpsecKeyResult r;
    r.spi = *chosen;
    r.sa = m_sadb->Get(protocol, destination, *chosen);
    return r;
}

std::string
IpsecKeyManagement::SameKeying(const SecurityAssociation& a, const SecurityAssociation& b)
{
    if (a.GetSource() != b.GetSource())
    {
        return "the source address";
    }
    if (a.GetMode() != b.GetMode())
    {
        return "the mode";
    }
    if (a.GetEncryptionAlgorithm() != b.GetEncryptionAlgorithm()
        || a.GetEncryptionKey() != b.GetEncryptionKey())
    {
        return "the encryption algorithm or key";
    }
    if (a.GetAuthenticationAlgorithm() != b.GetAuthenticationAlgorithm()
        || a.GetAuthenticationKey() != b.GetAuthenticationKey())
    {
        return "the authentication algorithm or key";
    }
    if (a.GetReplayWindowSize() != b.GetReplayWindowSize()
        || a.HasExtendedSequenceNumbers() != b.HasExtendedSequenceNumbers())
    {
        return "the replay window or ESN";
    }
    const SecurityAssociation::Encapsulation& x = a.GetEncapsulation();
    const SecurityAssociation::Encapsulation& y = b.GetEncapsulation();
    if (x.udp != y.udp || x.sourcePort != y.sourcePort || x.destinationPort != y.destinationPort
        || x.natLocal != y.natLocal || x.natRemote != y.natRemote)
    {
        return "the UDP encapsulation (a changed NAT mapping is a DELETE and an ADD)";
    }
    return "";
}

IpsecKeyResult
IpsecKeyManagement::Update(Ptr<SecurityAssociation> sa)
{
    if (!m_sadb)
    {
        return Detached();
    }
    Ptr<SecurityAssociation> stored
        = m_sadb->Get(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi());
    if (!stored)
    {
        return IpsecKeyResult::Fail(
            IpsecKeyError::NO_SUCH_SA,
            "no such SA: " + SaText(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi()));
    }
    if (stored == sa)
    {
        return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT,
                                    "UPDATE needs a new SA object, not the stored one");
    }
    std::string error = sa->Initialize();
    if (!error.empty())
    {
        return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT, error);
    }
    if (stored->GetState() == SecurityAssociation::State::LARVAL)
    {
        if (stored->GetSource() != sa->GetSource() && !stored->GetSource().IsAny())
        {
            return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT,
                                        "the source address differs from the larval SA's");
        }
        m_sadb->Update(sa);
        IpsecKeyResult r;
        r.sa = sa;
        r.spi = sa->GetSpi();
        return r;
    }
    // A mature SA: only its lifetimes may change.
    std::string differs = SameKeying(*stored, *sa);
    if (!differs.empty())
    {
        return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT,
                                    "only the lifetimes of a " + ToString(stored->GetState())
                                        + " SA can be updated, not " + differs);
    }
    stored->SetSoftLifetime(sa->GetSoftLifetime());
    stored->SetHardLifetime(sa->GetHardLifetime());
    m_sadb->Update(stored);
    IpsecKeyResult r;
    r.sa = stored;
    r.spi = stored->GetSpi();
    return r;
}

IpsecKeyResult
IpsecKeyManagement::Add(Ptr<SecurityAssociation> sa)
{
    if (!m_sadb)
    {
        return Detached();
    }
    if (m_sadb->Contains(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi()))
    {
        return IpsecKeyResult::Fail(
            IpsecKeyError::SPI_IN_USE,
            "SPI in use: " + SaText(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi()));
    }
    std::string error = m_sadb->Add(sa);
    if (!error.empty())
    {
        return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT, error);
    }
    IpsecKeyResult r;
    r.sa = sa;
    r.spi = sa->GetSpi();
    return r;
}

IpsecKeyResult
IpsecKeyManagement::Delete(IpsecProtocol protocol, const IpsecAddress& destination, uint32_t spi)
{
    if (!m_sadb)
    {
        return Detached();
    }
    if (!m_sadb->Delete(protocol, destination, spi))
    {
        return IpsecKeyResult::Fail(IpsecKeyError::NO_SUCH_SA,
                                    "no such SA: " + SaText(protocol, destination, spi));
    }
    return IpsecKeyResult();
}

IpsecKeyResult
IpsecKeyManagement::Get(IpsecProtocol protocol, const IpsecAddress& destination, uint32_t spi) const
{
    if (!m_sadb)
    {
        return Detached();
    }
    Ptr<SecurityAssociation> sa = m_sadb->Get(protocol, destination, spi);
    if (!sa)
    {
        return IpsecKeyResult::Fail(IpsecKeyError::NO_SUCH_SA,
                                    "no such SA: " + SaText(protocol, destination, spi));
    }
    IpsecKeyResult r;
    r.sa = sa;
    r.spi = spi;
    return r;
}

IpsecKeyResult
IpsecKeyManagement::Flush(std::optional<IpsecProtocol> protocol)
{
    if (!m_sadb)
    {
        return Detached();
    }
    m_sadb->Flush(protocol);
    return IpsecKeyResult();
}

IpsecKeyResult
IpsecKeyManagement::Dump(std::optional<IpsecProtocol> protocol) const
{
    if (!m_sadb)
    {
        return Detached();
    }
    IpsecKeyResult r;
    for (const auto& sa : m_sadb->Dump())
    {
        if (!protocol || sa->GetProtocol() == *protocol)
        {
            r.sas.push_back(sa);
        }
    }
    return r;
}

IpsecKeyResult
IpsecKeyManagement::SpdAdd(Ptr<SecurityPolicy> policy)
{
    if (!m_sadb)
    {
        return Detached();
    }
    if (!policy)
    {
        return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT, "no policy");
    }
    if (policy->action == SecurityPolicy::Action::IPSEC && policy->alternatives.empty())
    {
        return IpsecKeyResult::Fail(IpsecKeyError::INVALID_ARGUMENT,
                                    "an ipsec policy needs at least one protection request");
    }
    IpsecKeyResult r;
    r.policyId = m_spd->Add(policy);
    if (r.policyId == 0)
    {
        return IpsecKeyResult::Fail(IpsecKeyError::POLICY_EXISTS,
                                    "a policy with the same selectors exists: "
                                        + m_spd->FindSameSelectors(*policy)->ToString());
    }
    r.policies.push_back(policy);
    return r;
}

IpsecKeyResult
IpsecKeyManagement::SpdDelete(uint32_t id)
{
    if (!m_sadb)
    {
        return Detached();
    }
    if (!m_spd->Remove(id))
    {
        return IpsecKeyResult::Fail(IpsecKeyError::NO_SUCH_POLICY,
                                    "no policy with id " + std::to_string(id));
    }
    return IpsecKeyResult();
}

IpsecKeyResult
IpsecKeyManagement::SpdGet(uint32_t id) const
{
    if (!m_sadb)
    {
        return Detached();
    }
    for (const auto& p : m_spd->Dump())
    {
        if (p->GetId() == id)
        {
            IpsecKeyResult r;
            r.policyId = id;
            r.policies.push_back(p);
            return r;
        }
    }
    return IpsecKeyResult::Fail(IpsecKeyError::NO_SUCH_POLICY,
                                "no policy with id " + std::to_string(id));
}

IpsecKeyResult
IpsecKeyManagement::SpdFlush()
{
    if (!m_sadb)
    {
        return Detached();
    }
    m_spd->Flush();
    return IpsecKeyResult();
}

IpsecKeyResult
IpsecKeyManagement::SpdDump() const
{
    if (!m_sadb)
    {
        return Detached();
    }
    IpsecKeyResult r;
    r.policies = m_spd->Dump();
    return r;
}

uint32_t
IpsecKeyManagement::Acquire(IpsecAcquire acquire)
{
    acquire.sequence = m_nextSequence++;
    acquire.time = Simulator::Now();
    NS_LOG_INFO("ACQUIRE " << acquire.sequence << " " << ToString(acquire.protocol) << " "
                           << acquire.source << "->" << acquire.destination);
    m_acquireTrace(acquire);
    // Copy: a callback may register or unregister.
    std::map<uint32_t, Registered> targets = m_registered;
    for (const auto& [id, r] : targets)
    {
        if (r.protocol == acquire.protocol && !r.acquire.IsNull())
        {
            r.acquire(acquire);
        }
    }
    return acquire.sequence;
}

void
IpsecKeyManagement::SaExpired(Ptr<const SecurityAssociation> sa,
                              bool hard,
                              SecurityAssociation::Limit limit)
{
    IpsecExpire expire;
    expire.sa = sa;
    expire.hard = hard;
    expire.limit = limit;
    expire.time = Simulator::Now();
    m_expireTrace(expire);
    std::map<uint32_t, Registered> targets = m_registered;
    for (const auto& [id, r] : targets)
    {
        if (r.protocol == sa->GetProtocol() && !r.expire.IsNull())
        {
            r.expire(expire);
        }
    }
}

} // namespace ns3
