/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-child-suite.h"

#include "ikev2-proposal-spec.h"

#include <array>

namespace ns3
{

namespace
{
/// The PFS groups this module implements (Ikev2DiffieHellman).
const std::array<uint16_t, 3> GROUPS{14, 19, 31};

bool
IsGroup(uint16_t id)
{
    for (uint16_t g : GROUPS)
    {
        if (g == id)
        {
            return true;
        }
    }
    return false;
}

/// \return true when the algorithm takes one key size only, so no Key Length attribute
bool
HasFixedKeySize(const IpsecAlgorithm& a)
{
    return a.keyBitsMin == a.keyBitsMax;
}

/// \return the key size an ENCR transform stands for, 0 when it is not valid for the row
uint16_t
KeyBitsOf(const IpsecAlgorithm& a, uint16_t keyLength)
{
    if (HasFixedKeySize(a))
    {
        return keyLength == 0 ? a.keyBitsMin : 0;
    }
    if (keyLength == 0 || !a.CheckKeyLength(keyLength / 8 + a.saltBytes).empty()
        || keyLength % 8 != 0)
    {
        return 0;
    }
    return keyLength;
}
} // namespace

bool
Ikev2ChildSuite::IsSupported(Ikev2TransformType type, uint16_t id, uint16_t keyBits)
{
    switch (type)
    {
        case Ikev2TransformType::ENCR: {
            const IpsecAlgorithm* a = IpsecAlgorithmRegistry::FindByIkev2Id(true, id);
            return a && (KeyBitsOf(*a, keyBits) != 0 || (HasFixedKeySize(*a) && keyBits == 0));
        }
        case Ikev2TransformType::INTEG:
            return id == 0 || IpsecAlgorithmRegistry::FindByIkev2Id(false, id) != nullptr;
        case Ikev2TransformType::DH:
            return id == 0 || IsGroup(id);
        case Ikev2TransformType::ESN:
            return id <= 1;
        default:
            return false;
    }
}

std::optional<Ikev2ChildSuite>
Ikev2ChildSuite::FromProposal(const Ikev2Proposal& proposal, std::string* error)
{
    auto fail = [error](const std::string& why) -> std::optional<Ikev2ChildSuite> {
        if (error)
        {
            *error = why;
        }
        return std::nullopt;
    };
    if (proposal.protocol != Ikev2ProtocolId::ESP)
    {
        return fail("not an ESP proposal (protocol " + ns3::ToString(proposal.protocol) + ")");
    }
    Ikev2ChildSuite suite;
    std::array<int, 6> count{};
    for (const Ikev2Transform& t : proposal.transforms)
    {
        size_t type = static_cast<size_t>(t.type);
        if (type >= count.size() || type == 0 || t.type == Ikev2TransformType::PRF)
        {
            return fail("transform type " + std::to_string(type) + " does not belong to ESP");
        }
        if (++count[type] > 1)
        {
            return fail("more than one transform of type " + ns3::ToString(t.type));
        }
        if (!IsSupported(t.type, t.id, t.keyLength))
        {
            return fail("transform " + ns3::ToString(t.type) + " " + std::to_string(t.id)
                        + (t.keyLength ? " (" + std::to_string(t.keyLength) + " bits)" : "")
                        + " is not implemented for ESP");
        }
        switch (t.type)
        {
            case Ikev2TransformType::ENCR:
                suite.encr = IpsecAlgorithmRegistry::FindByIkev2Id(true, t.id);
                suite.encrKeyBits = KeyBitsOf(*suite.encr, t.keyLength);
                break;
            case Ikev2TransformType::INTEG:
                suite.integ = t.id ? IpsecAlgorithmRegistry::FindByIkev2Id(false, t.id) : nullptr;
                break;
            case Ikev2TransformType::DH:
                suite.dh = t.id;
                break;
            default:
                suite.esn = t.id == 1;
                break;
        }
    }
    if (count[static_cast<size_t>(Ikev2TransformType::ENCR)] == 0)
    {
        return fail("no ENCR transform");
    }
    std::string why = suite.Validate();
    if (!why.empty())
    {
        return fail(why);
    }
    return suite;
}

std::string
Ikev2ChildSuite::Validate() const
{
    if (!encr || encr->kind == IpsecAlgorithmKind::INTEGRITY)
    {
        return "no encryption algorithm";
    }
    std::string keyError = encr->CheckKeyLength(encrKeyBits / 8 + encr->saltBytes);
    if (!keyError.empty())
    {
        return keyError;
    }
    if (IsAead() && integ)
    {
        return encr->name + " is an AEAD and takes no integrity algorithm (got " + integ->name
             + ")";
    }
    if (!IsAead() && (!integ || integ->kind != IpsecAlgorithmKind::INTEGRITY))
    {
        return encr->name + " needs an integrity algorithm";
    }
    if (dh != 0 && !IsGroup(dh))
    {
        return "DH group " + std::to_string(dh) + " is not implemented (14, 19, 31 are)";
    }
    return "";
}

bool
Ikev2ChildSuite::IsAead() const
{
    return encr && encr->IsCombined();
}

Ikev2KeyLengths
Ikev2ChildSuite::KeyLengths() const
{
    Ikev2KeyLengths lengths;
    lengths.encrBytes = encr ? encrKeyBits / 8 + encr->saltBytes : 0;
    lengths.integBytes = integ ? integ->keyBitsMax / 8 : 0;
    return lengths;
}

size_t
Ikev2ChildSuite::KeymatBytes() const
{
    Ikev2KeyLengths lengths = KeyLengths();
    return 2 * (lengths.encrBytes + lengths.integBytes);
}

std::string
Ikev2ChildSuite::ToString() const
{
    std::string text;
    for (const Ikev2Transform& t : ToProposal(1, {}).transforms)
    {
        text += (text.empty() ? "" : "-") + Ikev2ProposalSpec::Keyword(t);
    }
    return text;
}

Ikev2Proposal
Ikev2ChildSuite::ToProposal(uint8_t number, const IpsecBytes& spi) const
{
    Ikev2Proposal p;
    p.number = number;
    p.protocol = Ikev2ProtocolId::ESP;
    p.spi = spi;
    if (encr)
    {
        p.transforms.push_back({Ikev2TransformType::ENCR,
                                encr->ikev2Id,
                                HasFixedKeySize(*encr) ? uint16_t(0) : encrKeyBits});
    }
    if (integ)
    {
        p.transforms.push_back({Ikev2TransformType::INTEG, integ->ikev2Id, 0});
    }
    if (dh != 0)
    {
        p.transforms.push_back({Ikev2TransformType::DH, dh, 0});
    }
    p.transforms.push_back({Ikev2TransformType::ESN, uint16_t(esn ? 1 : 0), 0});
    return p;
}

bool
Ikev2ChildSuite::operator==(const Ikev2ChildSuite& other) const
{
    return encr == other.encr && encrKeyBits == other.encrKeyBits && integ == other.integ
        && esn == other.esn && dh == other.dh;
}

} // namespace ns3
