/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-verdict.h"

namespace ns3
{

IpsecVerdict
IpsecVerdict::Pass(uint8_t counts, Ptr<SecurityPolicy> policy)
{
    IpsecVerdict v;
    v.m_counts = counts;
    v.m_policy = policy;
    return v;
}

IpsecVerdict
IpsecVerdict::Drop(IpsecDropReason reason, uint32_t spi, const IpsecDropDetail& detail)
{
    IpsecVerdict v;
    v.m_action = Action::DROP;
    v.m_reason = reason;
    v.m_spi = spi;
    v.m_detail = detail;
    return v;
}

IpsecVerdict
IpsecVerdict::Protect(Ptr<SecurityPolicy> policy, const IpsecSaResolver::Bundle& bundle)
{
    IpsecVerdict v;
    v.m_action = Action::PROTECT;
    v.m_policy = policy;
    v.m_bundle = bundle;
    return v;
}

IpsecVerdict
IpsecVerdict::Acquire(Ptr<SecurityPolicy> policy,
                      const IpsecSaResolver::MissingSas& missing,
                      const IpsecDropDetail& detail)
{
    IpsecVerdict v;
    v.m_action = Action::ACQUIRE;
    v.m_policy = policy;
    v.m_missing = missing;
    v.m_detail = detail;
    return v;
}

IpsecVerdict::Action
IpsecVerdict::GetAction() const
{
    return m_action;
}

bool
IpsecVerdict::Counts(Count count) const
{
    return m_action == Action::PASS && (m_counts & count) != 0;
}

IpsecDropReason
IpsecVerdict::GetReason() const
{
    return m_reason;
}

uint32_t
IpsecVerdict::GetSpi() const
{
    return m_spi;
}

const IpsecDropDetail&
IpsecVerdict::GetDetail() const
{
    return m_detail;
}

Ptr<SecurityPolicy>
IpsecVerdict::GetPolicy() const
{
    return m_policy;
}

const IpsecSaResolver::Bundle&
IpsecVerdict::GetBundle() const
{
    return m_bundle;
}

const IpsecSaResolver::MissingSas&
IpsecVerdict::GetMissing() const
{
    return m_missing;
}

void
IpsecVerdict::SetMissing(const IpsecSaResolver::MissingSas& missing)
{
    m_missing = missing;
}

void
IpsecVerdict::AddCount(Count count)
{
    m_counts |= count;
}

void
IpsecVerdict::DropWith(IpsecDropSink& sink,
                       Ptr<const Packet> packet,
                       IpsecDirection direction,
                       const IpsecProtocol* protocol) const
{
    sink.Drop(packet, m_reason, direction, m_spi, protocol, m_detail);
}

} // namespace ns3
