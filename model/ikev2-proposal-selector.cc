/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-proposal-selector.h"

#include <algorithm>
#include <array>

namespace ns3
{

namespace
{
using T = Ikev2TransformType;

/// The transform types a proposal can carry, in wire order.
const std::array<T, 5> TYPES{T::ENCR, T::PRF, T::INTEG, T::DH, T::ESN};

/// \return true when "none" is a valid value of the type (a NONE id or an absent type)
bool
HasNone(T type)
{
    return type == T::INTEG || type == T::DH;
}

/**
 * The choices a list of transforms stands for, for one type: the transforms in order, where
 * `nullopt` means "none" (NONE or absent INTEG/DH); an absent ESN is "no ESN" in ESP.
 */
std::vector<std::optional<Ikev2Transform>>
Choices(const Ikev2Proposal& proposal, T type)
{
    const std::vector<Ikev2Transform>& transforms = proposal.transforms;
    std::vector<std::optional<Ikev2Transform>> choices;
    for (const Ikev2Transform& t : transforms)
    {
        if (t.type != type)
        {
            continue;
        }
        if (HasNone(type) && t.id == 0)
        {
            choices.emplace_back(std::nullopt);
        }
        else
        {
            choices.emplace_back(t);
        }
    }
    if (choices.empty())
    {
        if (type == T::ESN && proposal.protocol == Ikev2ProtocolId::ESP)
        {
            choices.emplace_back(Ikev2Transform{T::ESN, 0, 0});
        }
        else if (HasNone(type))
        {
            choices.emplace_back(std::nullopt);
        }
    }
    return choices;
}

/// \return the proposal to send back when `offered` is acceptable to `ours`
std::optional<Ikev2Proposal>
Match(const Ikev2Proposal& offered, const Ikev2ProposalSpec& ours)
{
    if (offered.protocol != ours.protocol)
    {
        return std::nullopt;
    }
    Ikev2Proposal configured = ours.ToProposal(offered.number, offered.spi);
    Ikev2Proposal chosen;
    chosen.number = offered.number;
    chosen.protocol = offered.protocol;
    chosen.spi = offered.spi;
    for (T type : TYPES)
    {
        auto theirs = Choices(offered, type);
        auto mine = Choices(configured, type);
        if (theirs.empty() && mine.empty())
        {
            continue;
        }
        auto it = std::find_if(theirs.begin(), theirs.end(), [&mine](const auto& choice) {
            return std::find(mine.begin(), mine.end(), choice) != mine.end();
        });
        if (it == theirs.end())
        {
            return std::nullopt;
        }
        if (it->has_value())
        {
            chosen.transforms.push_back(**it);
        }
    }
    return chosen;
}
} // namespace

std::string
Ikev2ProposalSelector::ToString(ReplyError error)
{
    switch (error)
    {
        case ReplyError::NONE:
            return "NONE";
        case ReplyError::NOT_ONE_PROPOSAL:
            return "NOT_ONE_PROPOSAL";
        case ReplyError::UNKNOWN_NUMBER:
            return "UNKNOWN_NUMBER";
        case ReplyError::TRANSFORM_NOT_OFFERED:
            return "TRANSFORM_NOT_OFFERED";
        case ReplyError::DUPLICATE_TYPE:
            return "DUPLICATE_TYPE";
        case ReplyError::MISSING_TYPE:
            return "MISSING_TYPE";
    }
    return "UNKNOWN";
}

Ikev2ProposalSelector::Selection
Ikev2ProposalSelector::Choose(const std::vector<Ikev2Proposal>& offered,
                              const std::vector<Ikev2ProposalSpec>& configured)
{
    for (size_t i = 0; i < offered.size(); ++i)
    {
        for (size_t j = 0; j < configured.size(); ++j)
        {
            std::optional<Ikev2Proposal> chosen = Match(offered[i], configured[j]);
            if (chosen)
            {
                return Selection{chosen, i, j};
            }
        }
    }
    return Selection{};
}

Ikev2ProposalSelector::ReplyError
Ikev2ProposalSelector::CheckReply(const std::vector<Ikev2Proposal>& reply,
                                  const std::vector<Ikev2Proposal>& sent)
{
    if (reply.size() != 1)
    {
        return ReplyError::NOT_ONE_PROPOSAL;
    }
    const Ikev2Proposal& r = reply.front();
    auto s = std::find_if(sent.begin(), sent.end(), [&r](const Ikev2Proposal& p) {
        return p.number == r.number && p.protocol == r.protocol;
    });
    if (s == sent.end())
    {
        return ReplyError::UNKNOWN_NUMBER;
    }
    for (T type : TYPES)
    {
        size_t count = std::count_if(r.transforms.begin(),
                                     r.transforms.end(),
                                     [type](const Ikev2Transform& t) { return t.type == type; });
        if (count > 1)
        {
            return ReplyError::DUPLICATE_TYPE;
        }
        auto offered = Choices(*s, type);
        auto answered = Choices(r, type);
        if (offered.empty() && answered.empty())
        {
            continue;
        }
        if (answered.empty())
        {
            return ReplyError::MISSING_TYPE;
        }
        if (std::find(offered.begin(), offered.end(), answered.front()) == offered.end())
        {
            return count != 0 ? ReplyError::TRANSFORM_NOT_OFFERED : ReplyError::MISSING_TYPE;
        }
    }
    for (const Ikev2Transform& t : r.transforms)
    {
        if (std::find(TYPES.begin(), TYPES.end(), t.type) == TYPES.end())
        {
            return ReplyError::TRANSFORM_NOT_OFFERED;
        }
    }
    return ReplyError::NONE;
}

uint16_t
Ikev2ProposalSelector::InvalidKeGroup(const Ikev2Proposal& chosen, uint16_t keGroup)
{
    for (const Ikev2Transform& t : chosen.transforms)
    {
        if (t.type == T::DH && t.id != 0)
        {
            return t.id == keGroup ? 0 : t.id;
        }
    }
    return 0;
}

bool
Ikev2ProposalSelector::MayRetryWithGroup(uint16_t requested, const std::vector<Ikev2Proposal>& sent)
{
    if (requested == 0)
    {
        return false;
    }
    for (const Ikev2Proposal& p : sent)
    {
        for (const Ikev2Transform& t : p.transforms)
        {
            if (t.type == T::DH && t.id == requested)
            {
                return true;
            }
        }
    }
    return false;
}

} // namespace ns3
