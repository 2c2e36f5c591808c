/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The state a node's IPsec layer shares (IpsecState), with trace sources of its own: what the
 * datapath's parts need to be tested without a node or a simulation.
 */
#ifndef IPSEC_TEST_STANDALONE_STATE_H
#define IPSEC_TEST_STANDALONE_STATE_H

#include "ns3/ipsec-state.h"

namespace ns3
{
namespace test
{

/// Trace sources and an IpsecState firing them.
struct StandaloneState
{
    /// \param log the test's log component
    explicit StandaloneState(const LogComponent& log)
        : state(Create<IpsecState>(IpsecTraces{outboundProtected,
                                               inboundVerified,
                                               cleartextOut,
                                               cleartextIn,
                                               clearSend,
                                               clearDeliver,
                                               clearSend6,
                                               clearDeliver6},
                                   drop,
                                   policyLog,
                                   log))
    {
    }

    IpsecTraces::SaPacket outboundProtected; //!< OutboundProtected
    IpsecTraces::SaPacket inboundVerified;   //!< InboundVerified
    IpsecTraces::Datagram cleartextOut;      //!< CleartextOut
    IpsecTraces::Datagram cleartextIn;       //!< CleartextIn
    IpsecTraces::Clear clearSend;            //!< ClearSend
    IpsecTraces::Clear clearDeliver;         //!< ClearDeliver
    IpsecTraces::Clear6 clearSend6;          //!< ClearSend6
    IpsecTraces::Clear6 clearDeliver6;       //!< ClearDeliver6
    IpsecDropSink::DropTrace drop;           //!< Drop
    IpsecDropSink::PolicyLogTrace policyLog; //!< PolicyLog
    Ptr<IpsecState> state;                   //!< the state
};

} // namespace test
} // namespace ns3

#endif /* IPSEC_TEST_STANDALONE_STATE_H */
