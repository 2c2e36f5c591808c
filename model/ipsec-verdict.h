/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_VERDICT_H
#define IPSEC_VERDICT_H

#include "ipsec-drop-detail.h"
#include "ipsec-drop-reason.h"
#include "ipsec-inbound-tag.h"
#include "ipsec-sa-resolver.h"
#include "security-policy.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief What IpsecPolicyEngine decided for one packet, in one type for every direction and
 * origin: pass, drop (with its reason), protect (with the SA bundle), or acquire (a required SA
 * is missing: hold or drop the packet while it is acquired).
 *
 * The datapath acts on the verdict with one switch; nothing downstream reads an SPD entry's
 * action again. A verdict is a value: the bundle and the missing SAs are stored inline.
 *
 * Counters about what happens to the packet travel with the verdict (Counts()) and are bumped
 * by the stage that acts on it; the engine's own bookkeeping (latches, ACQUIREs) counts itself.
 */
class IpsecVerdict
{
  public:
    /// What to do with the packet.
    enum class Action : uint8_t
    {
        PASS,    //!< send or accept as it is (cleartext, or already verified)
        DROP,    //!< drop it: GetReason(), GetSpi(), GetDetail()
        PROTECT, //!< protect it with GetBundle()
        ACQUIRE  //!< hold or drop it while GetMissing() is acquired (IpsecSaResolver)
    };

    /// Counters a PASS bumps (flags).
    enum Count : uint8_t
    {
        COUNT_NONE = 0,          //!< nothing (broadcast, transit, accepted with protection)
        COUNT_BYPASS_OUT = 1,    //!< outbound in the clear by policy: policy.bypassOut
        COUNT_CLEAR_IN = 2,      //!< inbound cleartext accepted: policy.clearAcceptedIn
        COUNT_INTRA_MACHINE = 4, //!< to or from the node itself: policy.intraMachine{Out,In}
    };

    /// A pass that counts nothing.
    IpsecVerdict() = default;

    /**
     * \param counts the counters it bumps (Count flags)
     * \param policy the policy that let it pass (an intra-machine packet is credited with what
     *        it asks for), or null
     * \return a pass
     */
    static IpsecVerdict Pass(uint8_t counts = COUNT_NONE, Ptr<SecurityPolicy> policy = nullptr);

    /**
     * \param reason why
     * \param spi the SPI concerned, 0 if none
     * \param detail the drop's text
     * \return a drop
     */
    static IpsecVerdict Drop(IpsecDropReason reason,
                             uint32_t spi = 0,
                             const IpsecDropDetail& detail = IpsecDropDetail());

    /**
     * \param policy the policy (null for an echo reply mirroring its request)
     * \param bundle the SAs, not empty
     * \return a protection
     */
    static IpsecVerdict Protect(Ptr<SecurityPolicy> policy, const IpsecSaResolver::Bundle& bundle);

    /**
     * \param policy the policy asking for the SAs
     * \param missing what is missing (not empty)
     * \param detail the drop's text if the packet cannot be held
     * \return an acquisition
     */
    static IpsecVerdict Acquire(Ptr<SecurityPolicy> policy,
                                const IpsecSaResolver::MissingSas& missing,
                                const IpsecDropDetail& detail);

    /// \return what to do
    Action GetAction() const;
    /**
     * \param count a Count flag
     * \return true when a pass bumps that counter
     */
    bool Counts(Count count) const;
    /// \return the drop reason (DROP)
    IpsecDropReason GetReason() const;
    /// \return the SPI of a drop, 0 if none
    uint32_t GetSpi() const;
    /// \return the drop's text (DROP, and ACQUIRE if the packet cannot be held)
    const IpsecDropDetail& GetDetail() const;
    /// \return the policy (PROTECT, ACQUIRE, intra-machine PASS), or null
    Ptr<SecurityPolicy> GetPolicy() const;
    /// \return the SAs to apply, innermost first (PROTECT)
    const IpsecSaResolver::Bundle& GetBundle() const;
    /// \return the missing SAs: what ACQUIRE waits for, or the `use` SAs a PROTECT or PASS
    /// went without
    const IpsecSaResolver::MissingSas& GetMissing() const;
    /**
     * \param missing the `use` SAs a protection or pass goes without (ACQUIREd per packet)
     */
    void SetMissing(const IpsecSaResolver::MissingSas& missing);
    /**
     * \param count a counter a pass bumps as well
     */
    void AddCount(Count count);
    /**
     * \brief Drop a packet as this DROP (or unheld ACQUIRE) verdict says.
     * \param sink where drops go
     * \param packet the packet
     * \param direction its direction
     * \param protocol the protocol whose counters count it, or null for the policy counters
     */
    void DropWith(IpsecDropSink& sink,
                  Ptr<const Packet> packet,
                  IpsecDirection direction,
                  const IpsecProtocol* protocol = nullptr) const;

  private:
    Action m_action{Action::PASS};                    //!< what to do
    uint8_t m_counts{COUNT_NONE};                     //!< Count flags of a pass
    IpsecDropReason m_reason{IpsecDropReason::NO_SA}; //!< DROP
    uint32_t m_spi{0};                                //!< DROP
    IpsecDropDetail m_detail;                         //!< DROP, ACQUIRE
    Ptr<SecurityPolicy> m_policy;                     //!< PROTECT, ACQUIRE
    IpsecSaResolver::Bundle m_bundle;                 //!< PROTECT
    IpsecSaResolver::MissingSas m_missing;            //!< ACQUIRE, `use` without SA
};

} // namespace ns3

#endif /* IPSEC_VERDICT_H */
