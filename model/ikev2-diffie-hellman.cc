/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-diffie-hellman.h"

#include <cryptopp/cryptlib.h>
#include <cryptopp/dh.h>
#include <cryptopp/eccrypto.h>
#include <cryptopp/ecp.h>
#include <cryptopp/integer.h>
#include <cryptopp/misc.h>
#include <cryptopp/oids.h>
#include <cryptopp/secblock.h>
#include <cryptopp/xed25519.h>

namespace ns3
{

namespace
{
/// IANA "Transform Type 4" ids.
constexpr uint16_t MODP_2048 = 14;
constexpr uint16_t ECP_256 = 19;
constexpr uint16_t CURVE25519 = 31;

/// RFC 3526 §3: the 2048-bit MODP group's prime (Crypto++ reads the trailing 'h' as hex).
const char* const MODP_2048_PRIME
    = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22"
      "514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6"
      "F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
      "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
      "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E8603"
      "9B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
      "15728E5A8AACAA68FFFFFFFFFFFFFFFFh";

/// Random bytes drawn for a MODP-2048 exponent: 256 bits (RFC 3526 §8).
constexpr size_t MODP_EXPONENT_BYTES = 32;
/// Random bytes drawn for an ECP-256 scalar: 64 bits more than the order, so that the reduction
/// into [1, n-1] is unbiased in practice.
constexpr size_t ECP_SCALAR_DRAW_BYTES = 40;
/// The uncompressed point marker of SEC 1 §2.3.3, which RFC 5903's KE data leaves out.
constexpr uint8_t UNCOMPRESSED_POINT = 0x04;

IpsecBytes
Draw(const Ikev2DiffieHellman::RandomByteSource& randomByte, size_t count)
{
    IpsecBytes bytes(count);
    for (auto& b : bytes)
    {
        b = randomByte();
    }
    return bytes;
}

/// \return 1 + (random mod (order - 1)): a uniform-enough value in [1, order-1]
CryptoPP::Integer
ReduceIntoRange(const IpsecBytes& random, const CryptoPP::Integer& order)
{
    CryptoPP::Integer r(random.data(), random.size());
    return r % (order - CryptoPP::Integer::One()) + CryptoPP::Integer::One();
}

/// A domain of Crypto++'s DL_SimpleKeyAgreementDomainBase family (DH, ECDH) with its private
/// key: what MODP and ECP share.
template <class Domain>
class DiscreteLogExchange : public Ikev2DiffieHellman
{
  public:
    bool SetPrivateKeyForTest(const IpsecBytes& privateKey) override
    {
        if (privateKey.empty() || privateKey.size() > m_domain.PrivateKeyLength())
        {
            return false;
        }
        CryptoPP::Integer x(privateKey.data(), privateKey.size());
        if (x.IsZero() || x >= Order())
        {
            return false;
        }
        SetPrivateKey(x);
        return true;
    }

  protected:
    /// \param domain the group's Crypto++ domain
    explicit DiscreteLogExchange(const Domain& domain)
        : m_domain(domain)
    {
    }

    /// \return the order of the subgroup the private key is an exponent of
    CryptoPP::Integer Order() const { return m_domain.GetGroupParameters().GetSubgroupOrder(); }

    /**
     * \param encoded a public value in Crypto++'s encoding
     * \return the KE data that carries it
     */
    virtual IpsecBytes KeData(const IpsecBytes& encoded) const = 0;

    /// Set the private key and compute the public value.
    void SetPrivateKey(const CryptoPP::Integer& x)
    {
        m_private.New(m_domain.PrivateKeyLength());
        x.Encode(m_private, m_private.size());
        IpsecBytes encoded(m_domain.PublicKeyLength());
        // GeneratePublicKey ignores its generator: NullRNG throws if that ever changes.
        m_domain.GeneratePublicKey(CryptoPP::NullRNG(), m_private, encoded.data());
        m_publicValue = KeData(encoded);
    }

    /**
     * Crypto++'s agreement with validation of the peer's value.
     * \param encodedPeer the peer's value in Crypto++'s encoding
     * \param shared receives the agreed value
     * \return false when Crypto++ refuses the peer's value
     */
    bool Agree(const IpsecBytes& encodedPeer, IpsecBytes& shared) const
    {
        IpsecBytes agreed(m_domain.AgreedValueLength());
        try
        {
            if (!m_domain.Agree(agreed.data(), m_private, encodedPeer.data(), true))
            {
                return false;
            }
        }
        catch (const CryptoPP::Exception&)
        {
            return false;
        }
        shared = std::move(agreed);
        return true;
    }

    Domain m_domain;                  //!< the group
    CryptoPP::SecByteBlock m_private; //!< the private key, Crypto++'s fixed-length encoding
};

/// 2048-bit MODP group (RFC 3526 §3), group 14.
class Modp2048 : public DiscreteLogExchange<CryptoPP::DH>
{
  public:
    explicit Modp2048(const RandomByteSource& randomByte)
        : DiscreteLogExchange(
            CryptoPP::DH(CryptoPP::Integer(MODP_2048_PRIME), CryptoPP::Integer::Two()))
    {
        SetPrivateKey(ReduceIntoRange(Draw(randomByte, MODP_EXPONENT_BYTES), Order()));
    }

    uint16_t GetGroup() const override { return MODP_2048; }

    size_t PublicValueBytes() const override { return m_domain.PublicKeyLength(); }

    size_t SharedSecretBytes() const override { return m_domain.AgreedValueLength(); }

    PeerValueError ComputeShared(const IpsecBytes& peerValue, IpsecBytes& shared) const override
    {
        shared.clear();
        if (peerValue.size() != PublicValueBytes())
        {
            return PeerValueError::WRONG_LENGTH;
        }
        // RFC 6989 §2.2: 1 < y < p-1.
        const CryptoPP::Integer& p = m_domain.GetGroupParameters().GetModulus();
        CryptoPP::Integer y(peerValue.data(), peerValue.size());
        if (y <= CryptoPP::Integer::One() || y >= p - CryptoPP::Integer::One())
        {
            return PeerValueError::OUT_OF_RANGE;
        }
        return Agree(peerValue, shared) ? PeerValueError::NONE : PeerValueError::NOT_IN_GROUP;
    }

  private:
    IpsecBytes KeData(const IpsecBytes& encoded) const override { return encoded; }
};

/// 256-bit random ECP group (RFC 5903, NIST P-256), group 19.
class Ecp256 : public DiscreteLogExchange<CryptoPP::ECDH<CryptoPP::ECP>::Domain>
{
  public:
    explicit Ecp256(const RandomByteSource& randomByte)
        : DiscreteLogExchange(CryptoPP::ECDH<CryptoPP::ECP>::Domain(CryptoPP::ASN1::secp256r1()))
    {
        SetPrivateKey(ReduceIntoRange(Draw(randomByte, ECP_SCALAR_DRAW_BYTES), Order()));
    }

    uint16_t GetGroup() const override { return ECP_256; }

    size_t PublicValueBytes() const override { return m_domain.PublicKeyLength() - 1; }

    size_t SharedSecretBytes() const override { return m_domain.AgreedValueLength(); }

    PeerValueError ComputeShared(const IpsecBytes& peerValue, IpsecBytes& shared) const override
    {
        shared.clear();
        if (peerValue.size() != PublicValueBytes())
        {
            return PeerValueError::WRONG_LENGTH;
        }
        IpsecBytes encoded{UNCOMPRESSED_POINT};
        encoded.insert(encoded.end(), peerValue.begin(), peerValue.end());
        const CryptoPP::ECP& curve = m_domain.GetGroupParameters().GetCurve();
        CryptoPP::ECP::Point point;
        if (!curve.DecodePoint(point, encoded.data(), encoded.size()) || !curve.VerifyPoint(point))
        {
            return PeerValueError::NOT_IN_GROUP;
        }
        return Agree(encoded, shared) ? PeerValueError::NONE : PeerValueError::NOT_IN_GROUP;
    }

  private:
    /// \return x | y: RFC 5903 §7's KE data, from Crypto++'s 04 | x | y
    IpsecBytes KeData(const IpsecBytes& encoded) const override
    {
        return IpsecBytes(encoded.begin() + 1, encoded.end());
    }
};

/// Curve25519 (RFC 8031, X25519 of RFC 7748), group 31.
class Curve25519 : public Ikev2DiffieHellman
{
  public:
    explicit Curve25519(const RandomByteSource& randomByte)
    {
        SetPrivateKeyForTest(Draw(randomByte, CryptoPP::x25519::SECRET_KEYLENGTH));
    }

    uint16_t GetGroup() const override { return CURVE25519; }

    size_t PublicValueBytes() const override { return CryptoPP::x25519::PUBLIC_KEYLENGTH; }

    size_t SharedSecretBytes() const override { return CryptoPP::x25519::SHARED_KEYLENGTH; }

    bool SetPrivateKeyForTest(const IpsecBytes& privateKey) override
    {
        if (privateKey.size() != CryptoPP::x25519::SECRET_KEYLENGTH)
        {
            return false;
        }
        m_private.Assign(privateKey.data(), privateKey.size());
        m_x25519.ClampKey(m_private);
        m_publicValue.assign(CryptoPP::x25519::PUBLIC_KEYLENGTH, 0);
        // GeneratePublicKey ignores its generator: NullRNG throws if that ever changes.
        m_x25519.GeneratePublicKey(CryptoPP::NullRNG(), m_private, m_publicValue.data());
        return true;
    }

    PeerValueError ComputeShared(const IpsecBytes& peerValue, IpsecBytes& shared) const override
    {
        shared.clear();
        if (peerValue.size() != PublicValueBytes())
        {
            return PeerValueError::WRONG_LENGTH;
        }
        IpsecBytes agreed(SharedSecretBytes());
        // Agree refuses the small-order points; RFC 8031 §2 also wants an all-zero result
        // refused.
        if (!m_x25519.Agree(agreed.data(), m_private, peerValue.data(), true)
            || CryptoPP::VerifyBufsEqual(agreed.data(),
                                         IpsecBytes(agreed.size(), 0).data(),
                                         agreed.size()))
        {
            return PeerValueError::WEAK_RESULT;
        }
        shared = std::move(agreed);
        return PeerValueError::NONE;
    }

  private:
    CryptoPP::x25519 m_x25519; //!< the Crypto++ domain (its own key pair is not used)
    CryptoPP::FixedSizeSecBlock<CryptoPP::byte, CryptoPP::x25519::SECRET_KEYLENGTH>
        m_private; //!< the clamped private key
};
} // namespace

std::string
Ikev2DiffieHellman::ToString(PeerValueError error)
{
    switch (error)
    {
        case PeerValueError::NONE:
            return "accepted";
        case PeerValueError::WRONG_LENGTH:
            return "wrong KE data length for the group";
        case PeerValueError::OUT_OF_RANGE:
            return "public value out of range (0, 1, p-1 or not below p)";
        case PeerValueError::NOT_IN_GROUP:
            return "public value not in the group (not a point of the curve, or not in the "
                   "subgroup)";
        case PeerValueError::WEAK_RESULT:
            return "small-order public value (all-zero shared secret)";
    }
    return "unknown";
}

std::unique_ptr<Ikev2DiffieHellman>
Ikev2DiffieHellman::Create(uint16_t group, const RandomByteSource& randomByte)
{
    switch (group)
    {
        case MODP_2048:
            return std::make_unique<Modp2048>(randomByte);
        case ECP_256:
            return std::make_unique<Ecp256>(randomByte);
        case CURVE25519:
            return std::make_unique<Curve25519>(randomByte);
        default:
            return nullptr;
    }
}

const IpsecBytes&
Ikev2DiffieHellman::GetPublicValue() const
{
    return m_publicValue;
}

} // namespace ns3
