/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Crypto++ adapters behind three small interfaces: cipher, integrity and AEAD.
 */
#ifndef IPSEC_CRYPTO_H
#define IPSEC_CRYPTO_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/// Raw bytes: keys, IVs, packet contents.
using IpsecBytes = std::vector<uint8_t>;

/**
 * \ingroup ipsec
 * \brief A keyed message authentication code (HMAC, AES-XCBC-MAC).
 *
 * Feed the authenticated data with Update(), then Final() writes the MAC truncated to the ICV
 * length and makes the object ready for the next message.
 */
class IpsecIntegrity
{
  public:
    virtual ~IpsecIntegrity() = default;
    /**
     * \brief Add data to the MAC computation.
     * \param data bytes
     * \param length number of bytes
     */
    virtual void Update(const uint8_t* data, size_t length) = 0;
    /**
     * \brief Finish the MAC and restart for the next message.
     * \param icv where to write the truncated MAC
     * \param icvLength how many leading bytes of the MAC to write
     */
    virtual void Final(uint8_t* icv, size_t icvLength) = 0;
};

/**
 * \ingroup ipsec
 * \brief A block or stream cipher mode with an explicit per-packet IV (CBC, CTR).
 *
 * The key is scheduled once; each call takes the packet's IV. Data is processed in place and its
 * length must be a multiple of the algorithm's block size.
 */
class IpsecCipher
{
  public:
    virtual ~IpsecCipher() = default;
    /**
     * \brief Encrypt in place.
     * \param iv the packet's IV (the algorithm's IV size)
     * \param data buffer
     * \param length bytes
     */
    virtual void Encrypt(const uint8_t* iv, uint8_t* data, size_t length) = 0;
    /**
     * \brief Decrypt in place.
     * \param iv the packet's IV
     * \param data buffer
     * \param length bytes
     */
    virtual void Decrypt(const uint8_t* iv, uint8_t* data, size_t length) = 0;
};

/**
 * \ingroup ipsec
 * \brief A combined-mode (AEAD) algorithm: AES-GCM, AES-CCM, ChaCha20-Poly1305, AES-GMAC.
 *
 * The nonce is salt || IV (RFC 4106 §4); the salt is part of the SA's key material.
 */
class IpsecAead
{
  public:
    virtual ~IpsecAead() = default;
    /**
     * \brief Encrypt in place and compute the tag.
     * \param iv the 8-byte explicit IV
     * \param aad additional authenticated data
     * \param aadLength its length
     * \param data plaintext, replaced by ciphertext (GMAC: left as is)
     * \param length its length
     * \param tag where to write the tag (the algorithm's ICV size)
     */
    virtual void Seal(const uint8_t* iv,
                      const uint8_t* aad,
                      size_t aadLength,
                      uint8_t* data,
                      size_t length,
                      uint8_t* tag)
        = 0;
    /**
     * \brief Verify the tag and decrypt in place.
     * \param iv the IV from the packet
     * \param aad additional authenticated data
     * \param aadLength its length
     * \param data ciphertext, replaced by plaintext on success (unspecified after a failure:
     *        callers discard it)
     * \param length its length
     * \param tag the received tag
     * \return true when the tag verifies
     */
    virtual bool Open(const uint8_t* iv,
                      const uint8_t* aad,
                      size_t aadLength,
                      uint8_t* data,
                      size_t length,
                      const uint8_t* tag)
        = 0;
};

/**
 * \ingroup ipsec
 * \brief Factories that build the Crypto++ engines named in the algorithm registry.
 *
 * Every cryptographic operation of the module goes through these; nothing is written by hand
 * except AES-XCBC-MAC's key derivation and chaining (RFC 3566), which Crypto++ lacks and which is
 * composed from Crypto++'s AES.
 */
namespace ipsec_crypto
{
/// Factory of a MAC engine from its key.
using IntegrityFactory = std::unique_ptr<IpsecIntegrity> (*)(const IpsecBytes& key);
/// Factory of a cipher engine from its key.
using CipherFactory = std::unique_ptr<IpsecCipher> (*)(const IpsecBytes& key);
/// Factory of an AEAD engine from its key, salt and tag length.
using AeadFactory = std::unique_ptr<IpsecAead> (*)(const IpsecBytes& key,
                                                   const IpsecBytes& salt,
                                                   size_t tagLength);

/**
 * \brief HMAC-MD5 (RFC 2403).
 * \param key the key
 * \return the MAC engine
 */
std::unique_ptr<IpsecIntegrity> MakeHmacMd5(const IpsecBytes& key);
/**
 * \brief HMAC-SHA-1 (RFC 2404).
 * \param key the key
 * \return the MAC engine
 */
std::unique_ptr<IpsecIntegrity> MakeHmacSha1(const IpsecBytes& key);
/**
 * \brief HMAC-SHA-256 (RFC 4868).
 * \param key the key
 * \return the MAC engine
 */
std::unique_ptr<IpsecIntegrity> MakeHmacSha256(const IpsecBytes& key);
/**
 * \brief HMAC-SHA-384 (RFC 4868).
 * \param key the key
 * \return the MAC engine
 */
std::unique_ptr<IpsecIntegrity> MakeHmacSha384(const IpsecBytes& key);
/**
 * \brief HMAC-SHA-512 (RFC 4868).
 * \param key the key
 * \return the MAC engine
 */
std::unique_ptr<IpsecIntegrity> MakeHmacSha512(const IpsecBytes& key);
/**
 * \brief AES-XCBC-MAC (RFC 3566), composed from Crypto++'s AES.
 * \param key the 16-byte key
 * \return the MAC engine
 */
std::unique_ptr<IpsecIntegrity> MakeAesXcbcMac(const IpsecBytes& key);

/**
 * \brief The NULL cipher (RFC 2410): data is left as it is.
 * \param key ignored (NULL has no key)
 * \return the cipher engine
 */
std::unique_ptr<IpsecCipher> MakeNullCipher(const IpsecBytes& key);
/**
 * \brief DES-CBC (RFC 2405).
 * \param key the key
 * \return the cipher engine
 */
std::unique_ptr<IpsecCipher> MakeDesCbc(const IpsecBytes& key);
/**
 * \brief 3DES-CBC (RFC 2451).
 * \param key the key
 * \return the cipher engine
 */
std::unique_ptr<IpsecCipher> MakeTripleDesCbc(const IpsecBytes& key);
/**
 * \brief Blowfish-CBC (RFC 2451).
 * \param key the key
 * \return the cipher engine
 */
std::unique_ptr<IpsecCipher> MakeBlowfishCbc(const IpsecBytes& key);
/**
 * \brief AES-CBC (RFC 3602).
 * \param key the key
 * \return the cipher engine
 */
std::unique_ptr<IpsecCipher> MakeAesCbc(const IpsecBytes& key);
/**
 * \brief Camellia-CBC (RFC 4312).
 * \param key the key
 * \return the cipher engine
 */
std::unique_ptr<IpsecCipher> MakeCamelliaCbc(const IpsecBytes& key);
/**
 * \brief AES-CTR (RFC 3686).
 * \param key the key material: the AES key followed by the 4-byte nonce
 * \return the cipher engine
 */
std::unique_ptr<IpsecCipher> MakeAesCtr(const IpsecBytes& key);

/**
 * \brief AES-GCM (RFC 4106).
 * \param key the AES key
 * \param salt the 4-byte salt (the end of the SA's key material)
 * \param tagLength ICV bytes (8, 12 or 16)
 * \return the AEAD engine
 */
std::unique_ptr<IpsecAead> MakeAesGcm(const IpsecBytes& key,
                                      const IpsecBytes& salt,
                                      size_t tagLength);
/**
 * \brief AES-CCM (RFC 4309).
 * \param key the AES key
 * \param salt the 3-byte salt (the end of the SA's key material)
 * \param tagLength ICV bytes (8, 12 or 16)
 * \return the AEAD engine
 */
std::unique_ptr<IpsecAead> MakeAesCcm(const IpsecBytes& key,
                                      const IpsecBytes& salt,
                                      size_t tagLength);
/**
 * \brief ChaCha20-Poly1305 (RFC 7634, RFC 8439).
 * \param key the 32-byte key
 * \param salt the 4-byte salt (the end of the SA's key material)
 * \param tagLength ICV bytes (16)
 * \return the AEAD engine
 */
std::unique_ptr<IpsecAead> MakeChaCha20Poly1305(const IpsecBytes& key,
                                                const IpsecBytes& salt,
                                                size_t tagLength);
/**
 * \brief AES-GMAC (RFC 4543): authentication only, the data is not encrypted.
 * \param key the AES key
 * \param salt the 4-byte salt (the end of the SA's key material)
 * \param tagLength ICV bytes (16)
 * \return the AEAD engine
 */
std::unique_ptr<IpsecAead> MakeAesGmac(const IpsecBytes& key,
                                       const IpsecBytes& salt,
                                       size_t tagLength);

/**
 * \brief Constant-time comparison of two byte strings of the same length.
 * \param a first
 * \param b second
 * \param length bytes to compare
 * \return true when equal
 */
bool ConstantTimeEqual(const uint8_t* a, const uint8_t* b, size_t length);

/**
 * \brief Parse a hex string ("0x" prefix, spaces and colons allowed).
 * \param text the hex text
 * \param out the bytes
 * \return false on a non-hex character or an odd number of digits
 */
bool ParseHex(const std::string& text, IpsecBytes& out);

/**
 * \brief Format bytes as lower-case hex without prefix.
 * \param bytes the bytes
 * \return the hex text
 */
std::string ToHex(const IpsecBytes& bytes);
} // namespace ipsec_crypto

} // namespace ns3

#endif /* IPSEC_CRYPTO_H */
