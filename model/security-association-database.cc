/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-association-database.h"

#include "ipsec-config-generation.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SecurityAssociationDatabase");
NS_OBJECT_ENSURE_REGISTERED(SecurityAssociationDatabase);

TypeId
SecurityAssociationDatabase::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::SecurityAssociationDatabase")
              .SetParent<Object>()
              .SetGroupName("Ipsec")
              .AddConstructor<SecurityAssociationDatabase>()
              .AddAttribute("PreferOldSa",
                            "Outbound SA choice when several serve the same traffic: false (the "
                            "default, like Linux and illumos) takes the newest MATURE SA, so "
                            "traffic moves to a rekeyed SA as soon as it exists; true is the BSD "
                            "net.key.preferred_oldsa choice: the oldest SA, DYING first, until "
                            "it hard-expires.",
                            BooleanValue(false),
                            MakeBooleanAccessor(&SecurityAssociationDatabase::SetPreferOldSa,
                                                &SecurityAssociationDatabase::GetPreferOldSa),
                            MakeBooleanChecker())
              .AddAttribute("LarvalLifetime",
                            "How long a larval SA (GETSPI) waits for the UPDATE that gives it "
                            "keys before it is deleted (KAME's key_larval_lifetime).",
                            TimeValue(Seconds(30)),
                            MakeTimeAccessor(&SecurityAssociationDatabase::m_larvalLifetime),
                            MakeTimeChecker(Seconds(0)))
              .AddTraceSource("SaAdded",
                              "An SA was added or updated.",
                              MakeTraceSourceAccessor(&SecurityAssociationDatabase::m_addedTrace),
                              "ns3::SecurityAssociationDatabase::SaTracedCallback")
              .AddTraceSource("SaRemoved",
                              "An SA was deleted, flushed or replaced.",
                              MakeTraceSourceAccessor(&SecurityAssociationDatabase::m_removedTrace),
                              "ns3::SecurityAssociationDatabase::SaTracedCallback")
              .AddTraceSource("SaExpired",
                              "A lifetime limit was reached: soft (the SA is now DYING) or hard "
                              "(the SA is dead and is deleted right after this trace).",
                              MakeTraceSourceAccessor(&SecurityAssociationDatabase::m_expiredTrace),
                              "ns3::SecurityAssociationDatabase::ExpireTracedCallback");
    return tid;
}

SecurityAssociationDatabase::SecurityAssociationDatabase() = default;

void
SecurityAssociationDatabase::SetPreferOldSa(bool preferOld)
{
    IpsecConfigGeneration::Bump();
    m_preferOld = preferOld;
}

bool
SecurityAssociationDatabase::GetPreferOldSa() const
{
    return m_preferOld;
}

void
SecurityAssociationDatabase::DoDispose()
{
    for (auto& [key, timers] : m_timers)
    {
        timers.Cancel();
    }
    m_timers.clear();
    m_byIdentity.clear();
    m_encapEndpoints.clear();
    m_byPair.clear();
    m_order.clear();
    Object::DoDispose();
}

Ptr<SecurityAssociationDatabase>
SecurityAssociationDatabase::Snapshot() const
{
    Ptr<SecurityAssociationDatabase> copy = CreateObject<SecurityAssociationDatabase>();
    copy->m_preferOld = m_preferOld;
    copy->m_larvalLifetime = m_larvalLifetime;
    copy->m_inert = true;
    for (const auto& sa : m_order)
    {
        copy->Index(sa->Clone());
    }
    return copy;
}

SecurityAssociationDatabase::Identity
SecurityAssociationDatabase::IdentityKey(IpsecProtocol protocol,
                                         const IpsecAddress& address,
                                         uint32_t spi)
{
    return Identity{static_cast<uint8_t>(protocol), address, spi};
}

SecurityAssociationDatabase::Pair
SecurityAssociationDatabase::PairKey(IpsecProtocol protocol,
                                     const IpsecAddress& source,
                                     const IpsecAddress& destination)
{
    return Pair{static_cast<uint8_t>(protocol), source, destination};
}

void
SecurityAssociationDatabase::CountEndpoint(Ptr<SecurityAssociation> sa)
{
    if (sa->IsUdpEncapsulated())
    {
        auto endpoint
            = std::make_pair(sa->GetDestination(), sa->GetEncapsulation().destinationPort);
        ++m_encapEndpoints[endpoint];
        sa->m_countedEndpoint = endpoint;
    }
}

void
SecurityAssociationDatabase::UncountEndpoint(Ptr<SecurityAssociation> sa)
{
    if (!sa->m_countedEndpoint)
    {
        return;
    }
    auto it = m_encapEndpoints.find(*sa->m_countedEndpoint);
    if (it != m_encapEndpoints.end() && --it->second == 0)
    {
        m_encapEndpoints.erase(it);
    }
    sa->m_countedEndpoint.reset();
}

bool
SecurityAssociationDatabase::IsEncapsulationEndpoint(const IpsecAddress& address,
                                                     uint16_t port) const
{
    return m_encapEndpoints.count(std::make_pair(address, port)) > 0;
}

bool
SecurityAssociationDatabase::HasEncapsulatedSas() const
{
    return !m_encapEndpoints.empty();
}

void
SecurityAssociationDatabase::Index(Ptr<SecurityAssociation> sa)
{
    CountEndpoint(sa);
    m_byIdentity[IdentityKey(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi())] = sa;
    m_byPair[PairKey(sa->GetProtocol(), sa->GetSource(), sa->GetDestination())].push_back(sa);
    m_order.push_back(sa);
}

void
SecurityAssociationDatabase::Unindex(Ptr<SecurityAssociation> sa)
{
    UncountEndpoint(sa);
    m_byIdentity.erase(IdentityKey(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi()));
    auto it = m_byPair.find(PairKey(sa->GetProtocol(), sa->GetSource(), sa->GetDestination()));
    if (it != m_byPair.end())
    {
        auto& v = it->second;
        v.erase(std::remove(v.begin(), v.end(), sa), v.end());
        if (v.empty())
        {
            m_byPair.erase(it);
        }
    }
    m_order.erase(std::remove(m_order.begin(), m_order.end(), sa), m_order.end());
}

void
SecurityAssociationDatabase::Timers::Cancel()
{
    for (EventId* e : {&softAdd, &hardAdd, &softUse, &hardUse, &larval})
    {
        e->Cancel();
    }
}

std::string
SecurityAssociationDatabase::Add(Ptr<SecurityAssociation> sa)
{
    IpsecConfigGeneration::Bump();
    NS_LOG_FUNCTION(this << sa->Describe());
    if (Contains(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi()))
    {
        return "SPI in use: " + sa->Describe();
    }
    if (sa->GetState() == SecurityAssociation::State::DEAD)
    {
        return "a dead SA cannot be added: " + sa->Describe();
    }
    if (m_inert)
    {
        sa = sa->Clone(); // a snapshot keeps the caller's SA as it is
    }
    std::string error = sa->IsReady() ? sa->Check() : sa->Initialize();
    if (!error.empty())
    {
        return error;
    }
    if (sa->GetState() == SecurityAssociation::State::LARVAL)
    {
        sa->SetState(SecurityAssociation::State::MATURE); // SADB_ADD makes an SA mature
    }
    sa->SetCreationTime(Simulator::Now());
    Index(sa);
    m_addedTrace(sa);
    Arm(sa);
    return "";
}

std::string
SecurityAssociationDatabase::AddLarval(IpsecProtocol protocol,
                                       const IpsecAddress& source,
                                       const IpsecAddress& destination,
                                       uint32_t spi)
{
    IpsecConfigGeneration::Bump();
    Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(protocol, spi, source, destination);
    NS_LOG_FUNCTION(this << sa->Describe());
    if (spi < 256)
    {
        return spi == 0 ? "SPI 0 is invalid" : "SPI " + std::to_string(spi) + " is reserved";
    }
    if (Contains(protocol, destination, spi))
    {
        return "SPI in use: " + sa->Describe();
    }
    sa->SetState(SecurityAssociation::State::LARVAL);
    Index(sa);
    m_addedTrace(sa);
    Arm(sa);
    return "";
}

std::string
SecurityAssociationDatabase::Update(Ptr<SecurityAssociation> sa)
{
    IpsecConfigGeneration::Bump();
    Ptr<SecurityAssociation> old = Get(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi());
    if (!old)
    {
        return "no such SA: " + sa->Describe();
    }
    Identity key = IdentityKey(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi());
    if (old == sa)
    {
        // Changed in place: check the changes; a larval SA that got its keys starts its life now.
        if (sa->GetState() == SecurityAssociation::State::DEAD)
        {
            Remove(sa); // set dead: deleted now
            return "";
        }
        if (sa->GetState() != SecurityAssociation::State::LARVAL)
        {
            std::string error = sa->IsReady() ? sa->Check() : sa->Initialize();
            if (!error.empty())
            {
                return error;
            }
        }
        UncountEndpoint(sa); // its encapsulation may have changed in place
        CountEndpoint(sa);
        Timers& timers = m_timers[key];
        if (!timers.larval.IsExpired() && sa->GetState() != SecurityAssociation::State::LARVAL)
        {
            sa->SetCreationTime(Simulator::Now());
        }
        if (sa->GetState() == SecurityAssociation::State::LARVAL)
        {
            m_addedTrace(sa);
            return ""; // still waiting for keys: the larval deadline stands
        }
        m_addedTrace(sa);
        Arm(sa);
        return "";
    }
    if (sa->GetState() == SecurityAssociation::State::DEAD)
    {
        return "an SA cannot be replaced by a dead one: " + sa->Describe();
    }
    if (m_inert)
    {
        sa = sa->Clone(); // a snapshot keeps the caller's SA as it is
    }
    std::string error = sa->Initialize();
    if (!error.empty())
    {
        return error;
    }
    // A larval SA maturing is the same SA getting its keys, not a removal.
    Remove(old, old->GetState() != SecurityAssociation::State::LARVAL);
    sa->SetCreationTime(Simulator::Now());
    Index(sa);
    m_addedTrace(sa);
    Arm(sa);
    return "";
}

void
SecurityAssociationDatabase::Remove(Ptr<SecurityAssociation> sa, bool notify)
{
    IpsecConfigGeneration::Bump();
    Identity key = IdentityKey(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi());
    auto it = m_byIdentity.find(key);
    if (it == m_byIdentity.end() || it->second != sa)
    {
        return; // already gone (e.g. deleted by an EXPIRE listener)
    }
    auto timers = m_timers.find(key);
    if (timers != m_timers.end())
    {
        timers->second.Cancel();
        m_timers.erase(timers);
    }
    sa->SetState(SecurityAssociation::State::DEAD);
    Unindex(sa);
    if (notify)
    {
        m_removedTrace(sa);
    }
}

void
SecurityAssociationDatabase::Schedule(EventId& event,
                                      Time from,
                                      uint64_t seconds,
                                      Ptr<SecurityAssociation> sa,
                                      bool hard,
                                      SecurityAssociation::Limit limit)
{
    if (m_inert)
    {
        return; // a snapshot: no simulated time passes while changes are tried on it
    }
    // SecurityAssociation::Check() bounds lifetimes by the clock's range; one that would end
    // beyond it cannot be reached in this simulation.
    Time lifetime = Time::FromInteger(seconds, Time::S);
    if (lifetime > Time::Max() - from)
    {
        return;
    }
    Time delay = std::max(from + lifetime - Simulator::Now(), Time(0));
    event = Simulator::Schedule(delay, &SecurityAssociationDatabase::Expire, this, sa, hard, limit);
}

void
SecurityAssociationDatabase::Arm(Ptr<SecurityAssociation> sa)
{
    Timers& timers = m_timers[IdentityKey(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi())];
    timers.Cancel();
    if (sa->GetState() == SecurityAssociation::State::LARVAL)
    {
        if (!m_inert)
        {
            timers.larval = Simulator::Schedule(m_larvalLifetime,
                                                &SecurityAssociationDatabase::LarvalTimeout,
                                                this,
                                                sa);
        }
        return;
    }
    const auto& soft = sa->GetSoftLifetime();
    const auto& hard = sa->GetHardLifetime();
    using Limit = SecurityAssociation::Limit;
    if (soft.addTime != 0)
    {
        Schedule(timers.softAdd, sa->GetCreationTime(), soft.addTime, sa, false, Limit::ADD_TIME);
    }
    if (hard.addTime != 0)
    {
        Schedule(timers.hardAdd, sa->GetCreationTime(), hard.addTime, sa, true, Limit::ADD_TIME);
    }
    if (sa->HasBeenUsed())
    {
        ArmUseTime(sa, timers);
    }
    CheckVolume(sa);
}

void
SecurityAssociationDatabase::ArmUseTime(Ptr<SecurityAssociation> sa, Timers& timers)
{
    using Limit = SecurityAssociation::Limit;
    if (sa->GetSoftLifetime().useTime != 0)
    {
        Schedule(timers.softUse,
                 sa->GetFirstUseTime(),
                 sa->GetSoftLifetime().useTime,
                 sa,
                 false,
                 Limit::USE_TIME);
    }
    if (sa->GetHardLifetime().useTime != 0)
    {
        Schedule(timers.hardUse,
                 sa->GetFirstUseTime(),
                 sa->GetHardLifetime().useTime,
                 sa,
                 true,
                 Limit::USE_TIME);
    }
}

void
SecurityAssociationDatabase::CheckVolume(Ptr<SecurityAssociation> sa)
{
    SecurityAssociation::Limit limit;
    if (sa->VolumeLimitReached(sa->GetHardLifetime(), limit))
    {
        Expire(sa, true, limit);
    }
    else if (sa->GetState() == SecurityAssociation::State::MATURE
             && sa->VolumeLimitReached(sa->GetSoftLifetime(), limit))
    {
        Expire(sa, false, limit);
    }
}

void
SecurityAssociationDatabase::RecordUse(Ptr<SecurityAssociation> sa, uint32_t bytes)
{
    if (sa->RecordUse(bytes))
    {
        auto timers
            = m_timers.find(IdentityKey(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi()));
        if (timers != m_timers.end())
        {
            ArmUseTime(sa, timers->second);
        }
    }
    CheckVolume(sa);
}

void
SecurityAssociationDatabase::Expire(Ptr<SecurityAssociation> sa,
                                    bool hard,
                                    SecurityAssociation::Limit limit)
{
    IpsecConfigGeneration::Bump();
    if (Get(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi()) != sa)
    {
        return; // no longer in this SADB
    }
    if (!hard)
    {
        if (sa->GetState() != SecurityAssociation::State::MATURE)
        {
            return;
        }
        NS_LOG_INFO("soft expire (" << ToString(limit) << ") " << sa->Describe());
        sa->SetState(SecurityAssociation::State::DYING);
        m_expiredTrace(sa, false, limit);
        return;
    }
    NS_LOG_INFO("hard expire (" << ToString(limit) << ") " << sa->Describe());
    sa->SetState(SecurityAssociation::State::DEAD);
    m_expiredTrace(sa, true, limit);
    Remove(sa);
}

void
SecurityAssociationDatabase::LarvalTimeout(Ptr<SecurityAssociation> sa)
{
    NS_LOG_INFO("larval SA timed out: " << sa->Describe());
    Remove(sa);
}

bool
SecurityAssociationDatabase::Delete(IpsecProtocol protocol,
                                    const IpsecAddress& destination,
                                    uint32_t spi)
{
    Ptr<SecurityAssociation> sa = Get(protocol, destination, spi);
    if (!sa)
    {
        return false;
    }
    Remove(sa);
    return true;
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::Get(IpsecProtocol protocol,
                                 const IpsecAddress& destination,
                                 uint32_t spi) const
{
    auto it = m_byIdentity.find(IdentityKey(protocol, destination, spi));
    return it == m_byIdentity.end() ? nullptr : it->second;
}

bool
SecurityAssociationDatabase::Contains(IpsecProtocol protocol,
                                      const IpsecAddress& destination,
                                      uint32_t spi) const
{
    return m_byIdentity.count(IdentityKey(protocol, destination, spi)) > 0;
}

void
SecurityAssociationDatabase::Flush(std::optional<IpsecProtocol> protocol)
{
    IpsecConfigGeneration::Bump();
    std::vector<Ptr<SecurityAssociation>> victims;
    for (const auto& sa : m_order)
    {
        if (!protocol || sa->GetProtocol() == *protocol)
        {
            victims.push_back(sa);
        }
    }
    for (const auto& sa : victims)
    {
        Remove(sa);
    }
}

std::vector<Ptr<SecurityAssociation>>
SecurityAssociationDatabase::Dump() const
{
    return m_order;
}

size_t
SecurityAssociationDatabase::GetN() const
{
    return m_order.size();
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::FindOutbound(IpsecProtocol protocol,
                                          const IpsecAddress& source,
                                          const IpsecAddress& destination,
                                          IpsecMode mode,
                                          uint32_t policyId,
                                          const IpsecFlow* flow,
                                          bool perFlow) const
{
    using State = SecurityAssociation::State;
    // Newest MATURE first (Linux, illumos), or the BSD preferred_oldsa order: oldest, DYING first.
    const State first = m_preferOld ? State::DYING : State::MATURE;
    const State second = m_preferOld ? State::MATURE : State::DYING;
    Ptr<SecurityAssociation> fallback;
    const IpsecAddress any = IpsecAddress::GetAny(destination.GetFamily());
    for (const IpsecAddress& from : {source, any})
    {
        auto it = m_byPair.find(PairKey(protocol, from, destination));
        if (it == m_byPair.end())
        {
            continue;
        }
        const auto& candidates = it->second;
        for (size_t i = 0; i < candidates.size(); ++i)
        {
            const auto& sa = candidates[m_preferOld ? i : candidates.size() - 1 - i];
            // A socket's unique SA (IpsecSocketPolicy) serves that socket only.
            bool reserved = sa->GetPolicyId() >= IPSEC_SOCKET_UNIQUE_ID_BASE;
            if (sa->GetMode() != mode || (policyId != 0 && sa->GetPolicyId() != policyId)
                || (policyId == 0 && reserved) || !sa->IsReady())
            {
                continue;
            }
            if (perFlow && !(flow && sa->IsBoundTo(*flow)))
            {
                continue;
            }
            if (flow && sa->HasSelectors()
                && !sa->SelectorsMatch(flow->local,
                                       flow->remote,
                                       flow->protocol,
                                       flow->localPort,
                                       flow->remotePort))
            {
                continue;
            }
            if (sa->GetState() == first)
            {
                return sa;
            }
            if (!fallback && sa->GetState() == second)
            {
                fallback = sa;
            }
        }
        if (fallback || source == any)
        {
            break;
        }
    }
    return fallback;
}

} // namespace ns3
