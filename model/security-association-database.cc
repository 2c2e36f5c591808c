/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-association-database.h"

#include "ns3/log.h"
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
              .AddTraceSource("SaAdded",
                              "An SA was added or updated.",
                              MakeTraceSourceAccessor(&SecurityAssociationDatabase::m_addedTrace),
                              "ns3::SecurityAssociationDatabase::SaTracedCallback")
              .AddTraceSource("SaRemoved",
                              "An SA was deleted, flushed or replaced.",
                              MakeTraceSourceAccessor(&SecurityAssociationDatabase::m_removedTrace),
                              "ns3::SecurityAssociationDatabase::SaTracedCallback");
    return tid;
}

SecurityAssociationDatabase::SecurityAssociationDatabase() = default;

void
SecurityAssociationDatabase::DoDispose()
{
    m_byIdentity.clear();
    m_byPair.clear();
    m_order.clear();
    Object::DoDispose();
}

SecurityAssociationDatabase::Key
SecurityAssociationDatabase::IdentityKey(IpsecProtocol protocol, Ipv4Address address, uint32_t spi)
{
    return Key{static_cast<uint8_t>(protocol), address.Get(), spi};
}

SecurityAssociationDatabase::Key
SecurityAssociationDatabase::PairKey(IpsecProtocol protocol,
                                     Ipv4Address source,
                                     Ipv4Address destination)
{
    return Key{static_cast<uint8_t>(protocol), source.Get(), destination.Get()};
}

void
SecurityAssociationDatabase::Index(Ptr<SecurityAssociation> sa)
{
    m_byIdentity[IdentityKey(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi())] = sa;
    m_byPair[PairKey(sa->GetProtocol(), sa->GetSource(), sa->GetDestination())].push_back(sa);
    m_order.push_back(sa);
}

void
SecurityAssociationDatabase::Unindex(Ptr<SecurityAssociation> sa)
{
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

std::string
SecurityAssociationDatabase::Add(Ptr<SecurityAssociation> sa)
{
    NS_LOG_FUNCTION(this << sa->Describe());
    if (Contains(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi()))
    {
        return "SPI in use: " + sa->Describe();
    }
    std::string error = sa->Initialize();
    if (!error.empty())
    {
        return error;
    }
    Index(sa);
    m_addedTrace(sa);
    return "";
}

std::string
SecurityAssociationDatabase::Update(Ptr<SecurityAssociation> sa)
{
    Ptr<SecurityAssociation> old = Get(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi());
    if (!old)
    {
        return "no such SA: " + sa->Describe();
    }
    std::string error = sa->Initialize();
    if (!error.empty())
    {
        return error;
    }
    Unindex(old);
    m_removedTrace(old);
    Index(sa);
    m_addedTrace(sa);
    return "";
}

bool
SecurityAssociationDatabase::Delete(IpsecProtocol protocol, Ipv4Address destination, uint32_t spi)
{
    Ptr<SecurityAssociation> sa = Get(protocol, destination, spi);
    if (!sa)
    {
        return false;
    }
    sa->SetState(SecurityAssociation::State::DEAD);
    Unindex(sa);
    m_removedTrace(sa);
    return true;
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::Get(IpsecProtocol protocol,
                                 Ipv4Address destination,
                                 uint32_t spi) const
{
    auto it = m_byIdentity.find(IdentityKey(protocol, destination, spi));
    return it == m_byIdentity.end() ? nullptr : it->second;
}

bool
SecurityAssociationDatabase::Contains(IpsecProtocol protocol,
                                      Ipv4Address destination,
                                      uint32_t spi) const
{
    return m_byIdentity.count(IdentityKey(protocol, destination, spi)) > 0;
}

void
SecurityAssociationDatabase::Flush(std::optional<IpsecProtocol> protocol)
{
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
        sa->SetState(SecurityAssociation::State::DEAD);
        Unindex(sa);
        m_removedTrace(sa);
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
                                          Ipv4Address source,
                                          Ipv4Address destination,
                                          IpsecMode mode,
                                          uint32_t policyId) const
{
    Ptr<SecurityAssociation> dying;
    for (Ipv4Address from : {source, Ipv4Address::GetAny()})
    {
        auto it = m_byPair.find(PairKey(protocol, from, destination));
        if (it == m_byPair.end())
        {
            continue;
        }
        // Newest first: the last added MATURE SA wins (KAME/illumos prefer the newest).
        for (auto sa = it->second.rbegin(); sa != it->second.rend(); ++sa)
        {
            if ((*sa)->GetMode() != mode || (policyId != 0 && (*sa)->GetPolicyId() != policyId))
            {
                continue;
            }
            if ((*sa)->GetState() == SecurityAssociation::State::MATURE)
            {
                return *sa;
            }
            if (!dying && (*sa)->GetState() == SecurityAssociation::State::DYING)
            {
                dying = *sa;
            }
        }
        if (dying || source == Ipv4Address::GetAny())
        {
            break;
        }
    }
    return dying;
}

} // namespace ns3
