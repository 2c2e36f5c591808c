/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_KEY_DERIVATION_H
#define IKEV2_KEY_DERIVATION_H

/**
 * \file
 * \ingroup ipsec
 * IKEv2 key derivation: SKEYSEED, the IKE SA keys, Child SA KEYMAT, IKE SA rekey, PSK AUTH.
 */

#include "ikev2-prf.h"
#include "ipsec-crypto.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Key lengths of a negotiated suite, in bytes, as its KEYMAT is split.
 */
struct Ikev2KeyLengths
{
    size_t encrBytes = 0;  //!< encryption key plus salt (AES-GCM: key + 4, RFC 5282 §7.1)
    size_t integBytes = 0; //!< integrity key (0 for an AEAD)
};

/**
 * \ingroup ipsec
 * \brief The seven keys of an IKE SA (RFC 7296 §2.14).
 */
struct Ikev2IkeKeys
{
    IpsecBytes skD;  //!< derives Child SA keys (prf output size)
    IpsecBytes skAi; //!< integrity, initiator to responder
    IpsecBytes skAr; //!< integrity, responder to initiator
    IpsecBytes skEi; //!< encryption (+ salt), initiator to responder
    IpsecBytes skEr; //!< encryption (+ salt), responder to initiator
    IpsecBytes skPi; //!< the initiator's AUTH payload (prf output size)
    IpsecBytes skPr; //!< the responder's AUTH payload (prf output size)
};

/**
 * \ingroup ipsec
 * \brief The keys of a Child SA pair (RFC 7296 §2.17): one SA each way.
 */
struct Ikev2ChildKeys
{
    IpsecBytes encrI2R;  //!< encryption key (+ salt) of the initiator-to-responder SA
    IpsecBytes integI2R; //!< integrity key of the initiator-to-responder SA (empty for AEAD)
    IpsecBytes encrR2I;  //!< encryption key (+ salt) of the responder-to-initiator SA
    IpsecBytes integR2I; //!< integrity key of the responder-to-initiator SA (empty for AEAD)
};

/**
 * \ingroup ipsec
 * \brief The key derivation formulas of RFC 7296 §2.14, §2.15, §2.17 and §2.18.
 *
 * Nonces and shared secrets are taken as they are; checking their lengths belongs to the
 * message parser.
 */
class Ikev2KeyDerivation
{
  public:
    /// "Key Pad for IKEv2": 17 ASCII bytes, no NUL (RFC 7296 §2.15).
    static constexpr char KEY_PAD[] = "Key Pad for IKEv2";

    /**
     * \brief SKEYSEED = prf(Ni | Nr, g^ir) (RFC 7296 §2.14).
     *
     * A PRF with a fixed key size (AES-XCBC-PRF-128) takes the first half of its key from Ni
     * and the second half from Nr, the first bytes of each.
     * \param prf the negotiated PRF
     * \param ni the initiator's nonce
     * \param nr the responder's nonce
     * \param gir the Diffie-Hellman shared secret
     * \return SKEYSEED
     */
    static IpsecBytes Skeyseed(const Ikev2Prf& prf,
                               const IpsecBytes& ni,
                               const IpsecBytes& nr,
                               const IpsecBytes& gir);

    /**
     * \brief SKEYSEED of a new IKE SA created by a rekey: prf(SK_d (old), g^ir (new) | Ni | Nr)
     *        (RFC 7296 §2.18), with the old IKE SA's PRF.
     * \param oldPrf the PRF of the IKE SA being rekeyed
     * \param oldSkD its SK_d
     * \param gir the shared secret of the rekey's exchange
     * \param ni the nonce of the rekey's initiator
     * \param nr the nonce of the rekey's responder
     * \return the new SKEYSEED
     */
    static IpsecBytes RekeySkeyseed(const Ikev2Prf& oldPrf,
                                    const IpsecBytes& oldSkD,
                                    const IpsecBytes& gir,
                                    const IpsecBytes& ni,
                                    const IpsecBytes& nr);

    /**
     * \brief {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi
     *        | SPIr) (RFC 7296 §2.14).
     * \param prf the negotiated PRF (SK_d, SK_pi, SK_pr are its preferred key size long)
     * \param lengths the IKE SA's encryption (with salt) and integrity key lengths
     * \param skeyseed SKEYSEED
     * \param ni the initiator's nonce
     * \param nr the responder's nonce
     * \param spiI the initiator's IKE SPI
     * \param spiR the responder's IKE SPI
     * \return the seven keys
     */
    static Ikev2IkeKeys IkeKeys(const Ikev2Prf& prf,
                                const Ikev2KeyLengths& lengths,
                                const IpsecBytes& skeyseed,
                                const IpsecBytes& ni,
                                const IpsecBytes& nr,
                                uint64_t spiI,
                                uint64_t spiR);

    /**
     * \brief KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr) (RFC 7296 §2.17), split into the
     *        initiator-to-responder keys first, each SA's encryption key (with salt) before its
     *        integrity key.
     * \param prf the IKE SA's PRF
     * \param lengths the Child SA's encryption (with salt) and integrity key lengths
     * \param skD the IKE SA's SK_d
     * \param girOrEmpty the shared secret of a CREATE_CHILD_SA exchange with PFS, empty without
     * \param ni the nonce of the exchange's initiator
     * \param nr the nonce of the exchange's responder
     * \return the keys of both SAs
     */
    static Ikev2ChildKeys ChildKeys(const Ikev2Prf& prf,
                                    const Ikev2KeyLengths& lengths,
                                    const IpsecBytes& skD,
                                    const IpsecBytes& girOrEmpty,
                                    const IpsecBytes& ni,
                                    const IpsecBytes& nr);

    /**
     * \brief The AUTH data of a pre-shared key (RFC 7296 §2.15):
     *        prf(prf(Shared Secret, "Key Pad for IKEv2"), SignedOctets), where SignedOctets =
     *        RealMessage | peer's nonce | prf(SK_p, ID body).
     *
     * For the initiator: its last IKE_SA_INIT request as sent (without the non-ESP marker), Nr,
     * SK_pi and IDi. For the responder: its IKE_SA_INIT response, Ni, SK_pr and IDr.
     * \param prf the negotiated PRF
     * \param psk the pre-shared key
     * \param realMessage the first message of the signer
     * \param peerNonce the other side's nonce data
     * \param skP SK_pi or SK_pr
     * \param idBody the ID payload's body: ID Type, 3 reserved bytes, identification data
     * \return the AUTH data (prf output size)
     */
    static IpsecBytes PskAuth(const Ikev2Prf& prf,
                              const IpsecBytes& psk,
                              const IpsecBytes& realMessage,
                              const IpsecBytes& peerNonce,
                              const IpsecBytes& skP,
                              const IpsecBytes& idBody);

    /**
     * \brief Check received PSK AUTH data, in constant time.
     * \param received the AUTH payload's data
     * \param expected PskAuth() computed for the peer
     * \return true when they are equal
     */
    static bool AuthMatches(const IpsecBytes& received, const IpsecBytes& expected);
};

} // namespace ns3

#endif /* IKEV2_KEY_DERIVATION_H */
