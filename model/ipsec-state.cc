/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-state.h"

namespace ns3
{

IpsecState::IpsecState(const IpsecTraces& traces,
                       IpsecDropSink::DropTrace& dropTrace,
                       IpsecDropSink::PolicyLogTrace& policyLogTrace,
                       const LogComponent& log)
    : spd(CreateObject<SecurityPolicyDatabase>())
    , sadb(CreateObject<SecurityAssociationDatabase>())
    , keyManagement(CreateObject<IpsecKeyManagement>())
    , ivRandom(CreateObject<UniformRandomVariable>())
    , drops(stats, dropTrace, policyLogTrace, settings.policyLogInterval, log, nodeId)
    , traces(traces)
{
    keyManagement->SetDatabases(sadb, spd);
}

} // namespace ns3
