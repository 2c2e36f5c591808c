/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_STATE_H
#define IPSEC_STATE_H

#include "ipsec-drop-sink.h"
#include "ipsec-key-management.h"
#include "ipsec-settings.h"
#include "ipsec-stats.h"
#include "ipsec-traces.h"
#include "security-association-database.h"
#include "security-policy-database.h"

#include "ns3/random-variable-stream.h"
#include "ns3/simple-ref-count.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief What every part of a node's IPsec datapath shares: settings, counters, databases, work
 * buffers and the drop sink.
 *
 * Like ns-3's TcpSocketState for the pluggable congestion controls, this object holds data and
 * no behaviour: IpsecL3Protocol owns it and its attributes write it; the parts that decide and
 * process packets read it.
 */
class IpsecState : public SimpleRefCount<IpsecState>
{
  public:
    /**
     * \param traces the layer's trace sources the datapath fires
     * \param dropTrace the layer's Drop trace source
     * \param policyLogTrace the layer's PolicyLog trace source
     * \param log the layer's log component
     */
    IpsecState(const IpsecTraces& traces,
               IpsecDropSink::DropTrace& dropTrace,
               IpsecDropSink::PolicyLogTrace& policyLogTrace,
               const LogComponent& log);

    IpsecSettings settings;                //!< the attributes' values
    IpsecStats stats;                      //!< counters (IpsecL3Protocol::GetStats)
    Ptr<SecurityPolicyDatabase> spd;       //!< the SPD
    Ptr<SecurityAssociationDatabase> sadb; //!< the SADB
    Ptr<IpsecKeyManagement> keyManagement; //!< the PF_KEY-style interface
    Ptr<UniformRandomVariable> ivRandom;   //!< CBC IVs
    IpsecBytes payload;                    //!< per-packet work buffer, reused
    IpsecBytes spare;                      //!< second work buffer, swapped with payload
    uint32_t nodeId{0};                    //!< the node's id (histories and drop lines name it)
    IpsecDropSink drops;                   //!< where every drop goes
    IpsecTraces traces;                    //!< the other trace sources
};

} // namespace ns3

#endif /* IPSEC_STATE_H */
