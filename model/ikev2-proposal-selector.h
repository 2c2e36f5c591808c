/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_PROPOSAL_SELECTOR_H
#define IKEV2_PROPOSAL_SELECTOR_H

/**
 * \file
 * \ingroup ipsec
 * SA negotiation (RFC 7296 §2.7, §3.3.6): the responder's choice among the initiator's
 * proposals, the initiator's check of the reply, and the key exchange group check.
 */

#include "ikev2-payload.h"
#include "ikev2-proposal-spec.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Chooses and checks proposals.
 *
 * Matching rules, per transform type: a transform matches when type, id and Key Length are
 * equal. For INTEG and DH, a NONE transform (id 0) or the absence of the type means "none"
 * (an AEAD has no INTEG; an ESP proposal without PFS has no DH); for ESN, absence means
 * "no ESN" (id 0). A type matches when both sides list a common transform, or both accept
 * none. The responder takes the initiator's proposals in their order, and in each the
 * initiator's transforms in their order: the first acceptable one to any configured proposal
 * wins (RFC 7296 §2.7 leaves the preference to the responder; strongSwan by default prefers its
 * own order instead). In IKE_AUTH both sides' ESP proposals carry no DH (RFC 7296 §1.2): the
 * caller passes Ikev2ProposalSpec::WithoutDh() of its configuration there.
 */
class Ikev2ProposalSelector
{
  public:
    /// The responder's outcome.
    struct Selection
    {
        /// The proposal to send back: the initiator's number, protocol and SPI (the caller puts
        /// its own SPI in for ESP and for an IKE rekey), one transform per type. Empty when
        /// nothing is acceptable: answer N(NO_PROPOSAL_CHOSEN).
        std::optional<Ikev2Proposal> chosen;
        size_t offeredIndex = 0; //!< which of the initiator's proposals
        size_t configIndex = 0;  //!< which configured proposal accepted it

        /// \return true when a proposal was chosen
        bool Ok() const { return chosen.has_value(); }
    };

    /// Why an initiator refuses the responder's SA payload.
    enum class ReplyError
    {
        NONE,                  //!< the reply is one of the proposals sent, narrowed properly
        NOT_ONE_PROPOSAL,      //!< zero or several proposals
        UNKNOWN_NUMBER,        //!< no proposal of that number and protocol was sent
        TRANSFORM_NOT_OFFERED, //!< a transform that was not in the proposal sent
        DUPLICATE_TYPE,        //!< two transforms of one type
        MISSING_TYPE           //!< a type the proposal sent requires is absent
    };

    /**
     * \param error a reply error
     * \return its name ("TRANSFORM_NOT_OFFERED")
     */
    static std::string ToString(ReplyError error);

    /**
     * \brief The responder's choice.
     * \param offered the initiator's proposals, in order
     * \param configured ours, in order (all of the protocol wanted)
     * \return the chosen proposal, or none (NO_PROPOSAL_CHOSEN)
     */
    static Selection Choose(const std::vector<Ikev2Proposal>& offered,
                            const std::vector<Ikev2ProposalSpec>& configured);

    /**
     * \brief The initiator's check of the responder's SA payload.
     * \param reply the proposals of the reply
     * \param sent the proposals of the request
     * \return NONE when the reply is acceptable
     */
    static ReplyError CheckReply(const std::vector<Ikev2Proposal>& reply,
                                 const std::vector<Ikev2Proposal>& sent);

    /**
     * \brief The responder's key exchange check, once a proposal is chosen (RFC 7296 §1.2,
     * §1.3): the KE payload must be of the chosen group.
     * \param chosen the chosen proposal
     * \param keGroup the group of the initiator's KE payload (0: no KE payload)
     * \return 0 when they agree (or no DH was chosen and there is no KE), else the group to
     *         ask for in N(INVALID_KE_PAYLOAD)
     */
    static uint16_t InvalidKeGroup(const Ikev2Proposal& chosen, uint16_t keGroup);

    /**
     * \brief The initiator's check of an N(INVALID_KE_PAYLOAD) it received: retry only with a
     * group it offered.
     * \param requested the group the responder asked for
     * \param sent the proposals of the request
     * \return true when a retry with that group is allowed
     */
    static bool MayRetryWithGroup(uint16_t requested, const std::vector<Ikev2Proposal>& sent);
};

} // namespace ns3

#endif /* IKEV2_PROPOSAL_SELECTOR_H */
