/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-crypto.h"

#include <functional>
#include <optional>

#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include <cctype>
#include <cryptopp/aes.h>
#include <cryptopp/blowfish.h>
#include <cryptopp/camellia.h>
#include <cryptopp/ccm.h>
#include <cryptopp/chachapoly.h>
#include <cryptopp/des.h>
#include <cryptopp/gcm.h>
#include <cryptopp/hmac.h>
#include <cryptopp/md5.h>
#include <cryptopp/misc.h>
#include <cryptopp/modes.h>
#include <cryptopp/sha.h>
#include <stdexcept>

namespace ns3
{
namespace ipsec_crypto
{
namespace
{

/// HMAC with any Crypto++ hash; the key is processed once.
template <class Hash>
class HmacIntegrity : public IpsecIntegrity
{
  public:
    explicit HmacIntegrity(const IpsecBytes& key)
        : m_mac(key.data(), key.size())
    {
    }

    void Update(const uint8_t* data, size_t length) override { m_mac.Update(data, length); }

    void Final(uint8_t* icv, size_t icvLength) override { m_mac.TruncatedFinal(icv, icvLength); }

  private:
    CryptoPP::HMAC<Hash> m_mac;
};

/**
 * AES-XCBC-MAC-96 (RFC 3566 §4): K1, K2, K3 derived with AES under the SA key, then CBC-MAC
 * under K1 with the last block masked by K2 (complete) or padded 10* and masked by K3.
 */
class AesXcbcIntegrity : public IpsecIntegrity
{
  public:
    explicit AesXcbcIntegrity(const IpsecBytes& key)
    {
        CryptoPP::AES::Encryption master(key.data(), key.size());
        uint8_t k1[16];
        for (uint8_t i = 0; i < 16; ++i)
        {
            m_k2[i] = 0x02;
            m_k3[i] = 0x03;
            k1[i] = 0x01;
        }
        master.ProcessBlock(k1);
        master.ProcessBlock(m_k2);
        master.ProcessBlock(m_k3);
        m_k1.SetKey(k1, sizeof(k1));
    }

    void Update(const uint8_t* data, size_t length) override
    {
        m_buffer.insert(m_buffer.end(), data, data + length);
    }

    void Final(uint8_t* icv, size_t icvLength) override
    {
        uint8_t e[16] = {0};
        size_t n = m_buffer.size();
        size_t fullBlocksBeforeLast = (n == 0) ? 0 : (n - 1) / 16;
        for (size_t b = 0; b < fullBlocksBeforeLast; ++b)
        {
            CryptoPP::xorbuf(e, &m_buffer[b * 16], 16);
            m_k1.ProcessBlock(e);
        }
        size_t rest = n - fullBlocksBeforeLast * 16;
        uint8_t last[16] = {0};
        if (rest == 16)
        {
            std::copy_n(&m_buffer[fullBlocksBeforeLast * 16], 16, last);
            CryptoPP::xorbuf(last, m_k2, 16);
        }
        else
        {
            if (rest > 0)
            {
                std::copy_n(&m_buffer[fullBlocksBeforeLast * 16], rest, last);
            }
            last[rest] = 0x80;
            CryptoPP::xorbuf(last, m_k3, 16);
        }
        CryptoPP::xorbuf(e, last, 16);
        m_k1.ProcessBlock(e);
        std::copy_n(e, std::min<size_t>(icvLength, 16), icv);
        m_buffer.clear();
    }

  private:
    CryptoPP::AES::Encryption m_k1;
    uint8_t m_k2[16];
    uint8_t m_k3[16];
    IpsecBytes m_buffer;
};

/// The NULL cipher (RFC 2410): the identity.
class NullCipher : public IpsecCipher
{
  public:
    void Encrypt(const uint8_t*, uint8_t*, size_t) override {}

    void Decrypt(const uint8_t*, uint8_t*, size_t) override {}
};

/**
 * A keyed Crypto++ object whose key schedule is computed the first time it is used. An SA is
 * unidirectional: it only ever protects (outbound) or only verifies (inbound), so of an engine's
 * encryption and decryption objects one would never run, and keyed objects are large (Crypto++'s
 * AES keeps about 4 KB next to its schedule).
 */
template <class T>
class KeyedOnFirstUse
{
  public:
    /// \param keying sets the key of a fresh object
    explicit KeyedOnFirstUse(std::function<void(T&)> keying)
        : m_keying(std::move(keying))
    {
    }

    /// \return the keyed object
    T& Get()
    {
        if (!m_object)
        {
            m_object.emplace();
            m_keying(*m_object);
        }
        return *m_object;
    }

  private:
    std::function<void(T&)> m_keying;
    std::optional<T> m_object;
};

/// CBC with a block cipher whose key schedules are computed once, when first needed.
template <class Block>
class CbcCipher : public IpsecCipher
{
  public:
    explicit CbcCipher(const IpsecBytes& key)
        : m_enc([key](typename Block::Encryption& e) { e.SetKey(key.data(), key.size()); })
        , m_dec([key](typename Block::Decryption& d) { d.SetKey(key.data(), key.size()); })
    {
    }

    void Encrypt(const uint8_t* iv, uint8_t* data, size_t length) override
    {
        typename CryptoPP::CBC_Mode_ExternalCipher::Encryption mode(m_enc.Get(), iv);
        mode.ProcessData(data, data, length);
    }

    void Decrypt(const uint8_t* iv, uint8_t* data, size_t length) override
    {
        typename CryptoPP::CBC_Mode_ExternalCipher::Decryption mode(m_dec.Get(), iv);
        mode.ProcessData(data, data, length);
    }

  private:
    KeyedOnFirstUse<typename Block::Encryption> m_enc;
    KeyedOnFirstUse<typename Block::Decryption> m_dec;
};

/// AES-CTR per RFC 3686: counter block = nonce(4) || IV(8) || counter(4), counter from 1.
class AesCtrCipher : public IpsecCipher
{
  public:
    explicit AesCtrCipher(const IpsecBytes& keyAndNonce)
    {
        if (keyAndNonce.size() < 4 + 16)
        {
            throw std::invalid_argument("AES-CTR key material must end with a 4-byte nonce");
        }
        size_t keyLength = keyAndNonce.size() - 4;
        m_aes.SetKey(keyAndNonce.data(), keyLength);
        std::copy_n(keyAndNonce.data() + keyLength, 4, m_nonce);
    }

    void Encrypt(const uint8_t* iv, uint8_t* data, size_t length) override
    {
        uint8_t counterBlock[16];
        std::copy_n(m_nonce, 4, counterBlock);
        std::copy_n(iv, 8, counterBlock + 4);
        counterBlock[12] = 0;
        counterBlock[13] = 0;
        counterBlock[14] = 0;
        counterBlock[15] = 1;
        CryptoPP::CTR_Mode_ExternalCipher::Encryption mode(m_aes, counterBlock);
        mode.ProcessData(data, data, length);
    }

    void Decrypt(const uint8_t* iv, uint8_t* data, size_t length) override
    {
        Encrypt(iv, data, length);
    }

  private:
    CryptoPP::AES::Encryption m_aes;
    uint8_t m_nonce[4];
};

/// Any Crypto++ authenticated cipher pair; the nonce is salt || IV.
template <class Enc, class Dec>
class AuthenticatedCipher : public IpsecAead
{
  public:
    AuthenticatedCipher(const IpsecBytes& key,
                        const IpsecBytes& salt,
                        size_t tagLength,
                        bool encrypts)
        // Key schedule (and GHASH tables) once per SA and direction, when first needed; each
        // packet only resynchronizes the nonce.
        : m_enc([key, salt](Enc& e) { Keyed(e, key, salt); })
        , m_dec([key, salt](Dec& d) { Keyed(d, key, salt); })
        , m_salt(salt)
        , m_tagLength(tagLength)
        , m_encrypts(encrypts)
    {
        m_nonce.resize(salt.size() + 8);
        std::copy(salt.begin(), salt.end(), m_nonce.begin());
    }

    void Seal(const uint8_t* iv,
              const uint8_t* aad,
              size_t aadLength,
              uint8_t* data,
              size_t length,
              uint8_t* tag) override
    {
        SetIv(iv);
        if (m_encrypts)
        {
            m_enc.Get().EncryptAndAuthenticate(data,
                                               tag,
                                               m_tagLength,
                                               m_nonce.data(),
                                               static_cast<int>(m_nonce.size()),
                                               aad,
                                               aadLength,
                                               data,
                                               length);
        }
        else
        {
            // GMAC: everything is authenticated data, nothing is encrypted (RFC 4543 §3).
            m_enc.Get().EncryptAndAuthenticate(nullptr,
                                               tag,
                                               m_tagLength,
                                               m_nonce.data(),
                                               static_cast<int>(m_nonce.size()),
                                               aad,
                                               aadLength,
                                               nullptr,
                                               0);
        }
    }

    bool Open(const uint8_t* iv,
              const uint8_t* aad,
              size_t aadLength,
              uint8_t* data,
              size_t length,
              const uint8_t* tag) override
    {
        SetIv(iv);
        if (!m_encrypts)
        {
            return m_dec.Get().DecryptAndVerify(nullptr,
                                                tag,
                                                m_tagLength,
                                                m_nonce.data(),
                                                static_cast<int>(m_nonce.size()),
                                                aad,
                                                aadLength,
                                                nullptr,
                                                0);
        }
        // In place: the caller works on a copy of the packet's bytes, so a failed check (after
        // which the plaintext is garbage) loses nothing.
        return m_dec.Get().DecryptAndVerify(data,
                                            tag,
                                            m_tagLength,
                                            m_nonce.data(),
                                            static_cast<int>(m_nonce.size()),
                                            aad,
                                            aadLength,
                                            data,
                                            length);
    }

  private:
    void SetIv(const uint8_t* iv) { std::copy_n(iv, 8, m_nonce.begin() + m_salt.size()); }

    template <class Cipher>
    static void Keyed(Cipher& cipher, const IpsecBytes& key, const IpsecBytes& salt)
    {
        IpsecBytes nonce(salt);
        nonce.resize(salt.size() + 8);
        cipher.SetKeyWithIV(key.data(), key.size(), nonce.data(), nonce.size());
    }

    KeyedOnFirstUse<Enc> m_enc;
    KeyedOnFirstUse<Dec> m_dec;
    IpsecBytes m_salt;
    IpsecBytes m_nonce;
    size_t m_tagLength;
    bool m_encrypts;
};

template <class Enc, class Dec>
std::unique_ptr<IpsecAead>
MakeAuthenticated(const IpsecBytes& key, const IpsecBytes& salt, size_t tagLength, bool encrypts)
{
    return std::make_unique<AuthenticatedCipher<Enc, Dec>>(key, salt, tagLength, encrypts);
}

} // namespace

std::unique_ptr<IpsecIntegrity>
MakeHmacMd5(const IpsecBytes& key)
{
    return std::make_unique<HmacIntegrity<CryptoPP::Weak::MD5>>(key);
}

std::unique_ptr<IpsecIntegrity>
MakeHmacSha1(const IpsecBytes& key)
{
    return std::make_unique<HmacIntegrity<CryptoPP::SHA1>>(key);
}

std::unique_ptr<IpsecIntegrity>
MakeHmacSha256(const IpsecBytes& key)
{
    return std::make_unique<HmacIntegrity<CryptoPP::SHA256>>(key);
}

std::unique_ptr<IpsecIntegrity>
MakeHmacSha384(const IpsecBytes& key)
{
    return std::make_unique<HmacIntegrity<CryptoPP::SHA384>>(key);
}

std::unique_ptr<IpsecIntegrity>
MakeHmacSha512(const IpsecBytes& key)
{
    return std::make_unique<HmacIntegrity<CryptoPP::SHA512>>(key);
}

std::unique_ptr<IpsecIntegrity>
MakeAesXcbcMac(const IpsecBytes& key)
{
    return std::make_unique<AesXcbcIntegrity>(key);
}

std::unique_ptr<IpsecCipher>
MakeNullCipher(const IpsecBytes&)
{
    return std::make_unique<NullCipher>();
}

std::unique_ptr<IpsecCipher>
MakeDesCbc(const IpsecBytes& key)
{
    return std::make_unique<CbcCipher<CryptoPP::DES>>(key);
}

std::unique_ptr<IpsecCipher>
MakeTripleDesCbc(const IpsecBytes& key)
{
    return std::make_unique<CbcCipher<CryptoPP::DES_EDE3>>(key);
}

std::unique_ptr<IpsecCipher>
MakeBlowfishCbc(const IpsecBytes& key)
{
    return std::make_unique<CbcCipher<CryptoPP::Blowfish>>(key);
}

std::unique_ptr<IpsecCipher>
MakeAesCbc(const IpsecBytes& key)
{
    return std::make_unique<CbcCipher<CryptoPP::AES>>(key);
}

std::unique_ptr<IpsecCipher>
MakeCamelliaCbc(const IpsecBytes& key)
{
    return std::make_unique<CbcCipher<CryptoPP::Camellia>>(key);
}

std::unique_ptr<IpsecCipher>
MakeAesCtr(const IpsecBytes& key)
{
    return std::make_unique<AesCtrCipher>(key);
}

std::unique_ptr<IpsecAead>
MakeAesGcm(const IpsecBytes& key, const IpsecBytes& salt, size_t tagLength)
{
    return MakeAuthenticated<CryptoPP::GCM<CryptoPP::AES>::Encryption,
                             CryptoPP::GCM<CryptoPP::AES>::Decryption>(key, salt, tagLength, true);
}

std::unique_ptr<IpsecAead>
MakeAesCcm(const IpsecBytes& key, const IpsecBytes& salt, size_t tagLength)
{
    switch (tagLength)
    {
        case 8:
            return MakeAuthenticated<CryptoPP::CCM<CryptoPP::AES, 8>::Encryption,
                                     CryptoPP::CCM<CryptoPP::AES, 8>::Decryption>(key,
                                                                                  salt,
                                                                                  tagLength,
                                                                                  true);
        case 12:
            return MakeAuthenticated<CryptoPP::CCM<CryptoPP::AES, 12>::Encryption,
                                     CryptoPP::CCM<CryptoPP::AES, 12>::Decryption>(key,
                                                                                   salt,
                                                                                   tagLength,
                                                                                   true);
        case 16:
            return MakeAuthenticated<CryptoPP::CCM<CryptoPP::AES, 16>::Encryption,
                                     CryptoPP::CCM<CryptoPP::AES, 16>::Decryption>(key,
                                                                                   salt,
                                                                                   tagLength,
                                                                                   true);
        default:
            throw std::invalid_argument("AES-CCM tag length must be 8, 12 or 16");
    }
}

std::unique_ptr<IpsecAead>
MakeChaCha20Poly1305(const IpsecBytes& key, const IpsecBytes& salt, size_t tagLength)
{
    return MakeAuthenticated<CryptoPP::ChaCha20Poly1305::Encryption,
                             CryptoPP::ChaCha20Poly1305::Decryption>(key, salt, tagLength, true);
}

std::unique_ptr<IpsecAead>
MakeAesGmac(const IpsecBytes& key, const IpsecBytes& salt, size_t tagLength)
{
    return MakeAuthenticated<CryptoPP::GCM<CryptoPP::AES>::Encryption,
                             CryptoPP::GCM<CryptoPP::AES>::Decryption>(key, salt, tagLength, false);
}

bool
ConstantTimeEqual(const uint8_t* a, const uint8_t* b, size_t length)
{
    return CryptoPP::VerifyBufsEqual(a, b, length);
}

bool
ParseHex(const std::string& text, IpsecBytes& out)
{
    out.clear();
    std::string digits;
    size_t start = 0;
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    {
        start = 2;
    }
    for (size_t i = start; i < text.size(); ++i)
    {
        char c = text[i];
        if (c == ' ' || c == ':' || c == '_')
        {
            continue;
        }
        if (!std::isxdigit(static_cast<unsigned char>(c)))
        {
            return false;
        }
        digits.push_back(c);
    }
    if (digits.size() % 2 != 0)
    {
        return false;
    }
    out.reserve(digits.size() / 2);
    for (size_t i = 0; i < digits.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
    }
    return true;
}

std::string
ToHex(const IpsecBytes& bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string s;
    s.reserve(bytes.size() * 2);
    for (uint8_t b : bytes)
    {
        s.push_back(digits[b >> 4]);
        s.push_back(digits[b & 0xf]);
    }
    return s;
}

} // namespace ipsec_crypto
} // namespace ns3
