/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-ike-suite.h"

#include "ikev2-prf.h"
#include "ikev2-proposal-spec.h"
#include "ipsec-algorithms.h"

#include <array>

namespace ns3
{

namespace
{
/// An encryption transform of an IKE SA and its name in Wireshark's ikev2_decryption_table.
struct EncrRow
{
    uint16_t id;           //!< ENCR_* id
    uint16_t keyBits;      //!< Key Length attribute
    const char* wireshark; //!< Wireshark's name
};

/// An integrity transform of an IKE SA, its Wireshark name and the PRF of the same hash.
struct IntegRow
{
    uint16_t id;           //!< AUTH_* id
    const char* wireshark; //!< Wireshark's name
    uint16_t samePrf;      //!< PRF_* id of the same hash, which strongSwan implies
};

// Wireshark's names are those of packet-isakmp.c's ikev2 encryption and integrity tables, as
// tshark 4.0.17 accepted them (doc/plans/issue19-plan.md §4.15).
const std::array<EncrRow, 6> ENCRS{{
    {12, 128, "AES-CBC-128 [RFC3602]"},
    {12, 192, "AES-CBC-192 [RFC3602]"},
    {12, 256, "AES-CBC-256 [RFC3602]"},
    {20, 128, "AES-GCM-128 with 16 octet ICV [RFC5282]"},
    {20, 192, "AES-GCM-192 with 16 octet ICV [RFC5282]"},
    {20, 256, "AES-GCM-256 with 16 octet ICV [RFC5282]"},
}};
const std::array<IntegRow, 4> INTEGS{{
    {2, "HMAC_SHA1_96 [RFC2404]", 2},
    {12, "HMAC_SHA2_256_128 [RFC4868]", 5},
    {13, "HMAC_SHA2_384_192 [RFC4868]", 6},
    {14, "HMAC_SHA2_512_256 [RFC4868]", 7},
}};
const std::array<uint16_t, 5> PRFS{2, 4, 5, 6, 7};
const std::array<uint16_t, 3> GROUPS{14, 19, 31};
/// Wireshark's name of "no integrity algorithm".
const char* const WIRESHARK_NO_INTEG = "NONE [RFC4306]";

const EncrRow*
FindEncr(uint16_t id, uint16_t keyBits)
{
    for (const EncrRow& row : ENCRS)
    {
        if (row.id == id && row.keyBits == keyBits)
        {
            return &row;
        }
    }
    return nullptr;
}

const IntegRow*
FindInteg(uint16_t id)
{
    for (const IntegRow& row : INTEGS)
    {
        if (row.id == id)
        {
            return &row;
        }
    }
    return nullptr;
}

template <size_t N>
bool
Contains(const std::array<uint16_t, N>& ids, uint16_t id)
{
    for (uint16_t candidate : ids)
    {
        if (candidate == id)
        {
            return true;
        }
    }
    return false;
}

/// The registry row of an ENCR id (null when unknown).
const IpsecAlgorithm*
EncrAlgorithm(uint16_t id)
{
    return IpsecAlgorithmRegistry::FindByIkev2Id(true, id);
}

/// The registry row of an INTEG id (null when unknown or none).
const IpsecAlgorithm*
IntegAlgorithm(uint16_t id)
{
    return id == 0 ? nullptr : IpsecAlgorithmRegistry::FindByIkev2Id(false, id);
}
} // namespace

bool
Ikev2IkeSuite::IsSupported(Ikev2TransformType type, uint16_t id, uint16_t keyBits)
{
    switch (type)
    {
        case Ikev2TransformType::ENCR:
            return FindEncr(id, keyBits) != nullptr;
        case Ikev2TransformType::PRF:
            return Contains(PRFS, id);
        case Ikev2TransformType::INTEG:
            return FindInteg(id) != nullptr;
        case Ikev2TransformType::DH:
            return Contains(GROUPS, id);
        default:
            return false;
    }
}

std::optional<Ikev2IkeSuite>
Ikev2IkeSuite::FromProposal(const Ikev2Proposal& proposal, std::string* error)
{
    auto fail = [error](const std::string& why) -> std::optional<Ikev2IkeSuite> {
        if (error)
        {
            *error = why;
        }
        return std::nullopt;
    };
    if (proposal.protocol != Ikev2ProtocolId::IKE)
    {
        return fail("not an IKE proposal (protocol " + ns3::ToString(proposal.protocol) + ")");
    }
    Ikev2IkeSuite suite;
    std::array<int, 6> count{};
    for (const Ikev2Transform& t : proposal.transforms)
    {
        size_t type = static_cast<size_t>(t.type);
        if (type >= count.size() || type == 0 || t.type == Ikev2TransformType::ESN)
        {
            return fail("transform type " + std::to_string(type) + " does not belong to IKE");
        }
        ++count[type];
        switch (t.type)
        {
            case Ikev2TransformType::ENCR:
                suite.encr = t.id;
                suite.encrKeyBits = t.keyLength;
                break;
            case Ikev2TransformType::PRF:
                suite.prf = t.id;
                break;
            case Ikev2TransformType::INTEG:
                suite.integ = t.id;
                break;
            default:
                suite.dh = t.id;
                break;
        }
    }
    for (Ikev2TransformType type : {Ikev2TransformType::ENCR,
                                    Ikev2TransformType::PRF,
                                    Ikev2TransformType::INTEG,
                                    Ikev2TransformType::DH})
    {
        int n = count[static_cast<size_t>(type)];
        if (n > 1 || (n == 0 && type != Ikev2TransformType::INTEG))
        {
            return fail(std::to_string(n) + " transforms of type " + ns3::ToString(type)
                        + " (exactly one wanted)");
        }
    }
    std::string why = suite.Validate();
    if (!why.empty())
    {
        return fail(why);
    }
    return suite;
}

std::string
Ikev2IkeSuite::Validate() const
{
    if (!FindEncr(encr, encrKeyBits))
    {
        return "encryption " + std::to_string(encr) + " with a " + std::to_string(encrKeyBits)
             + "-bit key is not implemented for IKE (AES-CBC 12, AES-GCM-16 20; 128, 192, 256)";
    }
    if (!Contains(PRFS, prf))
    {
        return "PRF " + std::to_string(prf) + " is not implemented (2, 4, 5, 6, 7 are)";
    }
    if (IsAead() && integ != 0)
    {
        return "AES-GCM is an AEAD and takes no integrity algorithm (got " + std::to_string(integ)
             + ")";
    }
    if (!IsAead() && !FindInteg(integ))
    {
        return "integrity " + std::to_string(integ)
             + " is not implemented for IKE (2, 12, 13, 14 are; AES-CBC needs one)";
    }
    if (!Contains(GROUPS, dh))
    {
        return "DH group " + std::to_string(dh) + " is not implemented (14, 19, 31 are)";
    }
    return "";
}

bool
Ikev2IkeSuite::IsAead() const
{
    const IpsecAlgorithm* a = EncrAlgorithm(encr);
    return a && a->IsCombined();
}

size_t
Ikev2IkeSuite::EncrKeyBytes() const
{
    const IpsecAlgorithm* a = EncrAlgorithm(encr);
    return a ? encrKeyBits / 8 + a->saltBytes : 0;
}

size_t
Ikev2IkeSuite::IntegKeyBytes() const
{
    const IpsecAlgorithm* a = IsAead() ? nullptr : IntegAlgorithm(integ);
    return a ? a->keyBitsMax / 8 : 0;
}

size_t
Ikev2IkeSuite::PrfKeyBytes() const
{
    std::unique_ptr<Ikev2Prf> p = Ikev2Prf::Create(prf);
    return p ? p->PreferredKeyBytes() : 0;
}

Ikev2KeyLengths
Ikev2IkeSuite::KeyLengths() const
{
    return Ikev2KeyLengths{EncrKeyBytes(), IntegKeyBytes()};
}

size_t
Ikev2IkeSuite::IcvBytes() const
{
    const IpsecAlgorithm* a = IsAead() ? EncrAlgorithm(encr) : IntegAlgorithm(integ);
    return a ? a->icvBytes : 0;
}

size_t
Ikev2IkeSuite::IvBytes() const
{
    const IpsecAlgorithm* a = EncrAlgorithm(encr);
    return a ? a->ivBytes : 0;
}

size_t
Ikev2IkeSuite::BlockBytes() const
{
    const IpsecAlgorithm* a = EncrAlgorithm(encr);
    return a ? a->blockBytes : 0;
}

std::string
Ikev2IkeSuite::ToString() const
{
    using T = Ikev2TransformType;
    std::string text = Ikev2ProposalSpec::Keyword({T::ENCR, encr, encrKeyBits});
    const IntegRow* integRow = IsAead() ? nullptr : FindInteg(integ);
    if (integRow)
    {
        text += "-" + Ikev2ProposalSpec::Keyword({T::INTEG, integ, 0});
    }
    if (!integRow || integRow->samePrf != prf)
    {
        text += "-" + Ikev2ProposalSpec::Keyword({T::PRF, prf, 0});
    }
    return text + "-" + Ikev2ProposalSpec::Keyword({T::DH, dh, 0});
}

std::string
Ikev2IkeSuite::WiresharkEncr() const
{
    const EncrRow* row = FindEncr(encr, encrKeyBits);
    return row && Validate().empty() ? row->wireshark : "";
}

std::string
Ikev2IkeSuite::WiresharkInteg() const
{
    if (!Validate().empty())
    {
        return "";
    }
    return IsAead() ? WIRESHARK_NO_INTEG : FindInteg(integ)->wireshark;
}

Ikev2Proposal
Ikev2IkeSuite::ToProposal(uint8_t number, const IpsecBytes& spi) const
{
    Ikev2Proposal p;
    p.number = number;
    p.protocol = Ikev2ProtocolId::IKE;
    p.spi = spi;
    p.transforms.push_back({Ikev2TransformType::ENCR, encr, encrKeyBits});
    p.transforms.push_back({Ikev2TransformType::PRF, prf, 0});
    if (!IsAead())
    {
        p.transforms.push_back({Ikev2TransformType::INTEG, integ, 0});
    }
    p.transforms.push_back({Ikev2TransformType::DH, dh, 0});
    return p;
}

std::unique_ptr<Ikev2SkCipher>
Ikev2IkeSuite::CreateCipher(const IpsecBytes& encrKey, const IpsecBytes& integKey) const
{
    if (!Validate().empty())
    {
        return nullptr;
    }
    if (encrKey.size() != EncrKeyBytes() || integKey.size() != IntegKeyBytes())
    {
        return nullptr;
    }
    return Ikev2SkCipher::Create(encr, IsAead() ? 0 : integ, encrKey, integKey);
}

bool
Ikev2IkeSuite::operator==(const Ikev2IkeSuite& other) const
{
    return encr == other.encr && encrKeyBits == other.encrKeyBits && prf == other.prf
        && integ == other.integ && dh == other.dh;
}

} // namespace ns3
