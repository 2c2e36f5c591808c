/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_SA_RESOLVER_H
#define IPSEC_SA_RESOLVER_H

#include "ipsec-acquire-table.h"
#include "ipsec-drop-detail.h"
#include "ipsec-fixed-list.h"
#include "ipsec-flow.h"
#include "ipsec-inbound-tag.h"
#include "ipsec-state.h"
#include "security-association.h"
#include "security-policy.h"

#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Turns a protecting policy into the SAs to apply, and handles the SAs that do not exist
 * (ACQUIRE, hold, drop) in one place for every outbound path: local packets, transit packets at
 * a gateway and packets routed into a tunnel interface.
 *
 * Like the kernels' bundle resolution (Linux `xfrm_resolve_and_create_bundle()`, KAME
 * `ipsec_get_reqlevel()` + `key_allocsa_policy()`): for each alternative of the policy, in
 * order, each request gets the SADB's best SA between the endpoints it protects; the first
 * alternative all of whose non-`use` requests have an SA wins. Missing SAs are ACQUIREd (at most
 * once per AcquireInterval, IpsecAcquireTable), and a packet whose `require` SA is missing is
 * held for a registered key manager (AcquireHoldLimit) or dropped (no-sa).
 */
class IpsecSaResolver
{
  public:
    /// The SAs to apply to a packet, in application order (innermost first); no heap.
    using Bundle = IpsecFixedList<Ptr<SecurityAssociation>, IpsecInboundTag::MAX_LAYERS>;

    /// An SA a policy asks for that does not exist: what an ACQUIRE asks for.
    struct MissingSa
    {
        const IpsecProtectionRequest* request = nullptr; //!< the request (in the policy)
        IpsecAddress source;                             //!< SA source
        IpsecAddress destination;                        //!< SA destination
        bool perFlow = false; //!< `sa unique`: an SA bound to the packet's flow
    };

    /// The SAs a resolution lacks; no heap.
    using MissingSas = IpsecFixedList<MissingSa, IpsecInboundTag::MAX_LAYERS>;

    /// What Obtain() found.
    enum class Outcome : uint8_t
    {
        PROTECT, //!< the bundle is complete and not empty: protect with it
        CLEAR,   //!< only `use` requests, none with an SA: send in the clear
        MISSING  //!< a required SA is missing: HoldOrDrop() the packet
    };

    /**
     * \param state the datapath's shared state (databases, settings, counters, drops); it
     *        outlives the resolver
     */
    explicit IpsecSaResolver(IpsecState& state);

    /**
     * \brief The bundle of a policy for a flow; pure (no ACQUIRE, no counter).
     * \param policy a policy whose action is ipsec
     * \param flow the packet's flow
     * \param bundle receives the SAs of the chosen alternative
     * \param missing receives the `use` requests of the chosen alternative without an SA when
     *        complete, else what the first alternative lacks; may be null
     * \return true when an alternative is complete (all its non-`use` requests have an SA)
     */
    bool Resolve(const SecurityPolicy& policy,
                 const IpsecFlow& flow,
                 Bundle& bundle,
                 MissingSas* missing) const;

    /**
     * \brief Resolve, then ACQUIRE the `use` SAs the chosen alternative lacks.
     * \param policy a policy whose action is ipsec
     * \param flow the packet's flow
     * \param emptyIsMissing true where a packet cannot go in the clear (a tunnel interface): an
     *        empty complete bundle is then MISSING too
     * \param bundle receives the SAs
     * \param missing receives what is missing (for HoldOrDrop())
     * \return what to do with the packet
     */
    Outcome Obtain(const SecurityPolicy& policy,
                   const IpsecFlow& flow,
                   bool emptyIsMissing,
                   Bundle& bundle,
                   MissingSas& missing);

    /**
     * \brief The SAs that protect an echo reply like its request was protected (same protocols
     * and modes, outermost last), IcmpAcceptClear's mirror.
     * \param request the request's verified layers
     * \param flow the reply's flow
     * \param bundle receives the SAs
     * \return false when an SA back is missing (policy decides then)
     */
    bool ResolveMirror(const IpsecInboundTag& request, const IpsecFlow& flow, Bundle& bundle) const;

    /**
     * \brief ACQUIRE missing SAs (each at most once per AcquireInterval).
     * \param missing the SAs
     * \param flow the packet's flow
     * \param policy the policy asking for them
     * \return true when a key manager registered for the first one's protocol will answer
     */
    bool RaiseAcquires(const MissingSas& missing,
                       const IpsecFlow& flow,
                       const SecurityPolicy& policy);

    /**
     * \brief A packet whose required SA is missing: ACQUIRE, then hold it for the key manager
     * (AcquireHoldLimit) or drop it (no-sa, or acquire-queue-full).
     * \param missing what is missing (not empty)
     * \param flow the packet's flow
     * \param policy the policy asking for it
     * \param packet the packet
     * \param retry what to do with the packet once its SA arrives
     * \param detail the drop's text when it is dropped for lack of an SA
     */
    void HoldOrDrop(const MissingSas& missing,
                    const IpsecFlow& flow,
                    const SecurityPolicy& policy,
                    Ptr<Packet> packet,
                    IpsecAcquireTable::Retry retry,
                    const IpsecDropDetail& detail);

    /**
     * \brief An SA arrived (SADB SaAdded): send the packets held for it.
     * \param sa the SA
     */
    void ReleaseHeld(Ptr<const SecurityAssociation> sa);

    /// \return packets held for SAs being acquired
    size_t GetHeld() const;

    /// Forget held packets and ACQUIRE records.
    void Clear();

  private:
    /**
     * \param missing a missing SA
     * \param flow the packet's flow
     * \return its acquire-table record
     */
    static IpsecAcquireTable::Key KeyOf(const MissingSa& missing, const IpsecFlow& flow);

    IpsecState& m_state;          //!< databases, settings, counters, drops
    IpsecAcquireTable m_acquires; //!< ACQUIREs raised and packets held
};

} // namespace ns3

#endif /* IPSEC_SA_RESOLVER_H */
