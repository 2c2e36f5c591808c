/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief The SA configurations the transform harnesses choose from: every algorithm of the
 * registry (model/ipsec-algorithms.cc) in every role it can play.
 *
 * ESP: each cipher (NULL, the CBC ciphers, AES-CTR) alone and with each integrity algorithm
 * (the HMACs, AES-XCBC-MAC), and each combined-mode algorithm (AES-GCM, AES-CCM,
 * ChaCha20-Poly1305, AES-GMAC) alone. AH: each integrity algorithm and AES-GMAC. The list is
 * built from the registry, so an algorithm added there is fuzzed without touching this file.
 */
#ifndef IPSEC_FUZZ_SA_CONFIGS_H
#define IPSEC_FUZZ_SA_CONFIGS_H

#include "ns3/ipsec-algorithms.h"
#include "ns3/security-association.h"

#include <string>
#include <vector>

namespace ipsecfuzz
{

/// One SA shape: protocol and algorithms.
struct SaConfig
{
    ns3::IpsecProtocol protocol;           //!< ESP or AH
    const ns3::IpsecAlgorithm* encryption; //!< ESP cipher or AEAD; nullptr for AH
    const ns3::IpsecAlgorithm* integrity; //!< ESP integrity or AH algorithm; may be nullptr for ESP

    /// \return e.g. "esp aes-cbc/hmac-sha1-96"
    std::string Name() const
    {
        return ns3::ToString(protocol) + " " + (encryption ? encryption->name : "-") + "/"
             + (integrity ? integrity->name : "none");
    }
};

/// Anti-replay window sizes worth trying: off, tiny, around the 64-bit words of the bitmap,
/// common sizes, and values near 2^32 whose bitmap size computation must not overflow.
inline const std::vector<uint32_t>&
WindowSizes()
{
    static const std::vector<uint32_t> sizes{0,
                                             1,
                                             2,
                                             31,
                                             32,
                                             33,
                                             63,
                                             64,
                                             65,
                                             127,
                                             128,
                                             129,
                                             1000,
                                             1024,
                                             4096,
                                             0xffffffc1,
                                             0xffffffff};
    return sizes;
}

/**
 * \param algorithm an algorithm
 * \param variant picks one of its key sizes
 * \param seed varies the key bytes
 * \return key material of a size the algorithm accepts (salt included)
 */
inline ns3::IpsecBytes
KeyFor(const ns3::IpsecAlgorithm& algorithm, uint8_t variant, uint8_t seed)
{
    uint32_t sizes = algorithm.keyBitsMax == algorithm.keyBitsMin
                       ? 1
                       : (algorithm.keyBitsMax - algorithm.keyBitsMin) / algorithm.keyBitsStep + 1;
    uint32_t bits = algorithm.keyBitsMin + (variant % sizes) * algorithm.keyBitsStep;
    ns3::IpsecBytes key(bits / 8 + algorithm.saltBytes);
    for (size_t i = 0; i < key.size(); ++i)
    {
        key[i] = static_cast<uint8_t>(seed + 0x3b * i + (i >> 3));
    }
    return key;
}

/// The parameters of one SA built by MakeSa().
struct SaParameters
{
    uint32_t spi = 0x1000;                           //!< SPI
    uint8_t keyVariant = 0;                          //!< which key size (KeyFor())
    uint8_t keySeed = 0;                             //!< key bytes (KeyFor())
    bool esn = false;                                //!< extended sequence numbers
    uint32_t window = 64;                            //!< anti-replay window
    ns3::Ipv4Address source{"10.0.0.1"};             //!< SA source
    ns3::Ipv4Address destination{"10.0.0.2"};        //!< SA destination
    ns3::IpsecMode mode = ns3::IpsecMode::TRANSPORT; //!< mode
};

/**
 * \param config the shape
 * \param p the parameters
 * \return the SA, initialized (nullptr if Initialize() refused it)
 */
inline ns3::Ptr<ns3::SecurityAssociation>
MakeSa(const SaConfig& config, const SaParameters& p)
{
    auto sa
        = ns3::Create<ns3::SecurityAssociation>(config.protocol, p.spi, p.source, p.destination);
    if (config.encryption)
    {
        sa->SetEncryption(config.encryption->name,
                          KeyFor(*config.encryption, p.keyVariant, p.keySeed));
    }
    if (config.integrity)
    {
        sa->SetAuthentication(config.integrity->name,
                              KeyFor(*config.integrity, p.keyVariant >> 4, p.keySeed ^ 0x5a));
    }
    sa->SetMode(p.mode);
    sa->SetReplayWindow(p.window);
    sa->SetExtendedSequenceNumbers(p.esn);
    if (!sa->Initialize().empty())
    {
        return nullptr;
    }
    return sa;
}

/// \return every SA shape the registry allows (those MakeSa() initializes)
inline const std::vector<SaConfig>&
AllSaConfigs()
{
    static const std::vector<SaConfig> configs = [] {
        using ns3::IpsecAlgorithmKind;
        std::vector<SaConfig> candidates;
        std::vector<const ns3::IpsecAlgorithm*> integrity;
        for (const auto& a : ns3::IpsecAlgorithmRegistry::All())
        {
            if (a.kind == IpsecAlgorithmKind::INTEGRITY)
            {
                integrity.push_back(&a);
            }
        }
        for (const auto& a : ns3::IpsecAlgorithmRegistry::All())
        {
            if (a.kind == IpsecAlgorithmKind::CIPHER)
            {
                candidates.push_back({ns3::IpsecProtocol::ESP, &a, nullptr});
                for (const auto* i : integrity)
                {
                    candidates.push_back({ns3::IpsecProtocol::ESP, &a, i});
                }
            }
            else if (a.kind == IpsecAlgorithmKind::AEAD)
            {
                candidates.push_back({ns3::IpsecProtocol::ESP, &a, nullptr});
            }
            if (a.usableInAh)
            {
                candidates.push_back({ns3::IpsecProtocol::AH, nullptr, &a});
            }
        }
        std::vector<SaConfig> usable;
        for (const auto& c : candidates)
        {
            if (MakeSa(c, SaParameters()))
            {
                usable.push_back(c);
            }
        }
        return usable;
    }();
    return configs;
}

} // namespace ipsecfuzz

#endif /* IPSEC_FUZZ_SA_CONFIGS_H */
