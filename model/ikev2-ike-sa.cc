/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ikev2-ike-sa.h"

#include <iomanip>
#include <sstream>

namespace ns3
{

Ikev2IkeSa::Ikev2IkeSa(bool isInitiator,
                       uint64_t initiatorSpi,
                       const Ikev2Retransmitter& retransmitter)
    : state(isInitiator ? State::INIT_SENT : State::INIT_RECEIVED)
    , initiator(isInitiator)
    , spiI(initiatorSpi)
{
    outstanding.retransmitter = retransmitter;
}

std::string
Ikev2IkeSa::DeriveKeys(const IpsecBytes& shared, const Ikev2Prf* oldPrf, const IpsecBytes& oldSkD)
{
    std::string invalid = suite.Validate();
    if (!invalid.empty())
    {
        return invalid;
    }
    prf = Ikev2Prf::Create(suite.prf);
    if (!prf)
    {
        return "PRF " + std::to_string(suite.prf) + " is not implemented";
    }
    IpsecBytes skeyseed = oldPrf
                            ? Ikev2KeyDerivation::RekeySkeyseed(*oldPrf, oldSkD, shared, ni, nr)
                            : Ikev2KeyDerivation::Skeyseed(*prf, ni, nr, shared);
    keys = Ikev2KeyDerivation::IkeKeys(*prf, suite.KeyLengths(), skeyseed, ni, nr, spiI, spiR);
    // The original initiator sends with SK_ei/SK_ai and receives with SK_er/SK_ar.
    sendCipher = initiator ? suite.CreateCipher(keys.skEi, keys.skAi)
                           : suite.CreateCipher(keys.skEr, keys.skAr);
    recvCipher = initiator ? suite.CreateCipher(keys.skEr, keys.skAr)
                           : suite.CreateCipher(keys.skEi, keys.skAi);
    if (!sendCipher || !recvCipher)
    {
        return "no SK cipher for " + suite.ToString();
    }
    return "";
}

IpsecBytes
Ikev2IkeSa::Seal(const Ikev2Message& m, const IpsecBytes& iv)
{
    if (suite.IsAead())
    {
        // RFC 5282 §3: the IV must not repeat under a key; a counter guarantees it.
        IpsecBytes counter(sendCipher->IvBytes());
        uint64_t value = ++gcmCounter;
        for (size_t i = counter.size(); i-- > 0 && value;)
        {
            counter[i] = static_cast<uint8_t>(value);
            value >>= 8;
        }
        return m.EncodeProtected(*sendCipher, counter);
    }
    return m.EncodeProtected(*sendCipher, iv);
}

Ikev2Message::ProtectedResult
Ikev2IkeSa::Open(const uint8_t* data, size_t n, Ikev2Message& out)
{
    return Ikev2Message::DecodeProtected(data, n, *recvCipher, out);
}

size_t
Ikev2IkeSa::IvBytes() const
{
    return sendCipher ? sendCipher->IvBytes() : 0;
}

bool
Ikev2IkeSa::IsInitiator() const
{
    return initiator;
}

std::string
Ikev2IkeSa::ToString() const
{
    std::ostringstream out;
    out << name << "[" << id << "] " << local << "[" << localPort << "]..." << remote << "["
        << remotePort << "] " << std::hex << std::setfill('0') << std::setw(16) << spiI << "_i "
        << std::setw(16) << spiR << "_r" << std::dec << " " << ns3::ToString(state);
    if (sendCipher)
    {
        out << " " << suite.ToString();
    }
    if (encap)
    {
        out << (selfBehindNat ? " NAT(local)" : "") << (peerBehindNat ? " NAT(remote)" : "")
            << " encap";
    }
    return out.str();
}

std::string
ToString(Ikev2IkeSa::State state)
{
    switch (state)
    {
        case Ikev2IkeSa::State::INIT_SENT:
            return "INIT_SENT";
        case Ikev2IkeSa::State::INIT_RECEIVED:
            return "INIT_RECEIVED";
        case Ikev2IkeSa::State::AUTH_SENT:
            return "AUTH_SENT";
        case Ikev2IkeSa::State::ESTABLISHED:
            return "ESTABLISHED";
        case Ikev2IkeSa::State::REKEYED:
            return "REKEYED";
        case Ikev2IkeSa::State::DELETING:
            return "DELETING";
        case Ikev2IkeSa::State::DEAD:
            return "DEAD";
    }
    return "?";
}

} // namespace ns3
