/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-key-derivation.h"

#include "ipsec-byte-order.h"

#include <algorithm>
#include <initializer_list>

namespace ns3
{

namespace
{
/// \return a | b | ...
IpsecBytes
Concat(std::initializer_list<const IpsecBytes*> parts)
{
    IpsecBytes out;
    for (const IpsecBytes* p : parts)
    {
        out.insert(out.end(), p->begin(), p->end());
    }
    return out;
}

/// \return SPIi | SPIr, 8 bytes each, network byte order
IpsecBytes
SpiPair(uint64_t spiI, uint64_t spiR)
{
    IpsecBytes out(16);
    ipsec_bytes::PutU32(&out[0], static_cast<uint32_t>(spiI >> 32));
    ipsec_bytes::PutU32(&out[4], static_cast<uint32_t>(spiI));
    ipsec_bytes::PutU32(&out[8], static_cast<uint32_t>(spiR >> 32));
    ipsec_bytes::PutU32(&out[12], static_cast<uint32_t>(spiR));
    return out;
}

/// Hands out consecutive slices of KEYMAT.
class KeymatCursor
{
  public:
    explicit KeymatCursor(const IpsecBytes& keymat)
        : m_keymat(keymat)
    {
    }

    IpsecBytes Next(size_t bytes)
    {
        IpsecBytes slice(m_keymat.begin() + m_offset, m_keymat.begin() + m_offset + bytes);
        m_offset += bytes;
        return slice;
    }

  private:
    const IpsecBytes& m_keymat;
    size_t m_offset = 0;
};
} // namespace

IpsecBytes
Ikev2KeyDerivation::Skeyseed(const Ikev2Prf& prf,
                             const IpsecBytes& ni,
                             const IpsecBytes& nr,
                             const IpsecBytes& gir)
{
    if (prf.FixedKeyBytes() == 0)
    {
        return prf.Compute(Concat({&ni, &nr}), gir);
    }
    const size_t half = prf.FixedKeyBytes() / 2;
    IpsecBytes key(ni.begin(), ni.begin() + std::min(half, ni.size()));
    key.insert(key.end(), nr.begin(), nr.begin() + std::min(half, nr.size()));
    return prf.Compute(key, gir);
}

IpsecBytes
Ikev2KeyDerivation::RekeySkeyseed(const Ikev2Prf& oldPrf,
                                  const IpsecBytes& oldSkD,
                                  const IpsecBytes& gir,
                                  const IpsecBytes& ni,
                                  const IpsecBytes& nr)
{
    return oldPrf.Compute(oldSkD, Concat({&gir, &ni, &nr}));
}

Ikev2IkeKeys
Ikev2KeyDerivation::IkeKeys(const Ikev2Prf& prf,
                            const Ikev2KeyLengths& lengths,
                            const IpsecBytes& skeyseed,
                            const IpsecBytes& ni,
                            const IpsecBytes& nr,
                            uint64_t spiI,
                            uint64_t spiR)
{
    const size_t prfKey = prf.PreferredKeyBytes();
    const IpsecBytes spis = SpiPair(spiI, spiR);
    const IpsecBytes keymat = prf.Plus(skeyseed,
                                       Concat({&ni, &nr, &spis}),
                                       3 * prfKey + 2 * lengths.integBytes + 2 * lengths.encrBytes);
    KeymatCursor cursor(keymat);
    Ikev2IkeKeys keys;
    keys.skD = cursor.Next(prfKey);
    keys.skAi = cursor.Next(lengths.integBytes);
    keys.skAr = cursor.Next(lengths.integBytes);
    keys.skEi = cursor.Next(lengths.encrBytes);
    keys.skEr = cursor.Next(lengths.encrBytes);
    keys.skPi = cursor.Next(prfKey);
    keys.skPr = cursor.Next(prfKey);
    return keys;
}

Ikev2ChildKeys
Ikev2KeyDerivation::ChildKeys(const Ikev2Prf& prf,
                              const Ikev2KeyLengths& lengths,
                              const IpsecBytes& skD,
                              const IpsecBytes& girOrEmpty,
                              const IpsecBytes& ni,
                              const IpsecBytes& nr)
{
    const IpsecBytes keymat = prf.Plus(skD,
                                       Concat({&girOrEmpty, &ni, &nr}),
                                       2 * (lengths.encrBytes + lengths.integBytes));
    KeymatCursor cursor(keymat);
    Ikev2ChildKeys keys;
    keys.encrI2R = cursor.Next(lengths.encrBytes);
    keys.integI2R = cursor.Next(lengths.integBytes);
    keys.encrR2I = cursor.Next(lengths.encrBytes);
    keys.integR2I = cursor.Next(lengths.integBytes);
    return keys;
}

IpsecBytes
Ikev2KeyDerivation::PskAuth(const Ikev2Prf& prf,
                            const IpsecBytes& psk,
                            const IpsecBytes& realMessage,
                            const IpsecBytes& peerNonce,
                            const IpsecBytes& skP,
                            const IpsecBytes& idBody)
{
    const IpsecBytes keyPad(KEY_PAD, KEY_PAD + sizeof(KEY_PAD) - 1);
    const IpsecBytes macedId = prf.Compute(skP, idBody);
    return prf.Compute(prf.Compute(psk, keyPad), Concat({&realMessage, &peerNonce, &macedId}));
}

bool
Ikev2KeyDerivation::AuthMatches(const IpsecBytes& received, const IpsecBytes& expected)
{
    return received.size() == expected.size()
        && ipsec_crypto::ConstantTimeEqual(received.data(), expected.data(), expected.size());
}

} // namespace ns3
