/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The algorithm registry: one table that drives names, sizes and engines, for the algorithms of
 * RFC 8221 and the older ones illumos ipsecalgs(8) and KAME setkey(8) still name.
 */
#ifndef IPSEC_ALGORITHMS_H
#define IPSEC_ALGORITHMS_H

#include "ipsec-crypto.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief What an algorithm does.
 */
enum class IpsecAlgorithmKind
{
    INTEGRITY, //!< authentication only (AH, or ESP's separate integrity)
    CIPHER,    //!< encryption only (ESP), needs a separate integrity algorithm to be safe
    AEAD       //!< combined mode (ESP; AES-GMAC also in AH)
};

/**
 * \ingroup ipsec
 * \brief One row of the algorithm registry.
 *
 * Key material as configured (setkey `-E`, ipseckey `encrkey`, the Wireshark table) is the key
 * followed by the salt or nonce when the algorithm has one (RFC 3686, 4106, 4309, 4543, 7634).
 */
struct IpsecAlgorithm
{
    std::string name;                 //!< canonical name, e.g. "aes-cbc"
    IpsecAlgorithmKind kind;          //!< integrity, cipher or AEAD
    std::vector<std::string> aliases; //!< illumos ipsecalgs, setkey and other spellings
    uint16_t ikev2Id;                 //!< IANA IKEv2 transform id (ENCR_* or AUTH_*)
    uint8_t sadbId;                   //!< PF_KEY SADB_*ALG_* number
    uint16_t keyBitsMin;              //!< smallest key, without salt
    uint16_t keyBitsMax;              //!< largest key, without salt
    uint16_t keyBitsDefault;          //!< key size used when generating keys
    uint16_t keyBitsStep;             //!< key sizes go from min to max in these steps
    uint8_t saltBytes;                //!< salt/nonce bytes appended to the key material
    uint8_t ivBytes;                  //!< explicit IV carried in each packet
    uint8_t blockBytes;               //!< cipher block size (1 for stream modes)
    uint8_t icvBytes;                 //!< ICV (truncated MAC or tag) size
    bool confidentiality;             //!< false for NULL encryption and GMAC
    bool usableInAh;                  //!< may be AH's authentication algorithm
    std::string wiresharkName;        //!< value in Wireshark's esp_sa table, empty if none
    std::string setkeyName;           //!< name in setkey(8) statements
    std::string rfc;                  //!< defining document
    ipsec_crypto::IntegrityFactory makeIntegrity; //!< engine, for INTEGRITY
    ipsec_crypto::CipherFactory makeCipher;       //!< engine, for CIPHER
    ipsec_crypto::AeadFactory makeAead;           //!< engine, for AEAD

    /**
     * \brief Check a key length in bytes (key plus salt).
     * \param keyMaterialBytes total length of the key material
     * \return an empty string when fine, else the error message
     */
    std::string CheckKeyLength(size_t keyMaterialBytes) const;
    /// \return the default key material length in bytes, salt included
    size_t DefaultKeyMaterialBytes() const;
    /// \return true for AES-GCM, AES-CCM and ChaCha20-Poly1305 (and GMAC)
    bool IsCombined() const { return kind == IpsecAlgorithmKind::AEAD; }
};

/**
 * \ingroup ipsec
 * \brief Lookups in the algorithm registry table.
 */
class IpsecAlgorithmRegistry
{
  public:
    /// \return every algorithm, in table order
    static const std::vector<IpsecAlgorithm>& All();
    /**
     * \brief Find by canonical name or any alias, case-insensitively.
     * \param name the name
     * \return the row, or nullptr when unknown
     */
    static const IpsecAlgorithm* Find(const std::string& name);
    /**
     * \brief Find an encryption-side (cipher or AEAD) algorithm by name.
     * \param name the name
     * \return the row, or nullptr when unknown or not an encryption algorithm
     */
    static const IpsecAlgorithm* FindEncryption(const std::string& name);
    /**
     * \brief Find an authentication-side algorithm by name.
     * \param name the name
     * \return the row, or nullptr when unknown or not an authentication algorithm
     */
    static const IpsecAlgorithm* FindIntegrity(const std::string& name);
    /**
     * \brief Find by IKEv2 transform id.
     * \param encryption true for ENCR_* ids, false for AUTH_* ids
     * \param id the id
     * \return the row, or nullptr
     */
    static const IpsecAlgorithm* FindByIkev2Id(bool encryption, uint16_t id);
    /**
     * \brief Find by PF_KEY number (the numbers of illumos ipsecalgs, ipsecconf and ipseckey).
     * \param encryption true for SADB_EALG_* numbers, false for SADB_AALG_* numbers
     * \param id the number
     * \return the row, or nullptr
     */
    static const IpsecAlgorithm* FindBySadbId(bool encryption, uint64_t id);
    /**
     * \brief The names of all algorithms of a kind, for error messages.
     * \param encryption true for what ESP may use as encryption (ciphers and AEADs), false for
     *        what may authenticate (MACs, and AEADs usable in AH)
     * \return the canonical names, separated by ", "
     */
    static std::string NamesOf(bool encryption);
};

} // namespace ns3

#endif /* IPSEC_ALGORITHMS_H */
