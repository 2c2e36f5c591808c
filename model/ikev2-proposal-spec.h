/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_PROPOSAL_SPEC_H
#define IKEV2_PROPOSAL_SPEC_H

/**
 * \file
 * \ingroup ipsec
 * A configured IKEv2 proposal: read from strongSwan's proposal notation (swanctl.conf
 * `proposals`, `esp_proposals`) or a Solaris `ikesa_xform`, and turned into the wire proposal.
 */

#include "ikev2-constants.h"
#include "ikev2-payload.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief One configured proposal: for each transform type, the acceptable transforms in
 * order of preference.
 *
 * strongSwan notation (swanctl.conf(5), docs.strongswan.org "Algorithm Proposals"): keywords
 * separated by `-`, in any order, several of one type allowed; proposals separated by `,`.
 * Keywords: encryption `aes128 aes192 aes256 aes128gcm16 ... aes256gcm16` (also `gcm8`, `gcm12`,
 * `ctr`, `ccm`, `gmac`, `3des`, `null`, `chacha20poly1305`, `camellia128...` for ESP);
 * integrity `sha1 sha256 sha384 sha512` (and `md5`, `aesxcbc` for ESP); PRF `prfsha1
 * prfaesxcbc prfsha256 prfsha384 prfsha512`; DH `modp2048 ecp256 curve25519` (`x25519` too); ESN
 * `esn noesn`. Other registered keywords (`ecp384`, `modp3072`, ...) are known and refused as not
 * implemented. Rules:
 * - IKE: a DH group is required; no PRF means the PRFs of the integrity algorithms (sha256 gives
 *   prfsha256); an AEAD-only proposal takes no integrity algorithm: integrity keywords given
 *   with it only name the PRFs (strongSwan does the same) and, with none, the PRF is
 *   PRF_HMAC_SHA2_256. ESN keywords are refused.
 * - ESP: no PRF; a DH group means PFS; no ESN keyword means `noesn`; an AEAD-only proposal
 *   drops integrity keywords.
 * - AEAD and non-AEAD encryption in one proposal are refused (RFC 7296 §3.3: use two).
 * - `default` stands alone and expands to Default().
 */
class Ikev2ProposalSpec
{
  public:
    /// A refused proposal: what is wrong, and where.
    struct Error
    {
        size_t position = 0; //!< offset of the offending token in the text given, from 0
        std::string message; //!< the message, naming the token and the proposal

        /// \return true when there is no error
        bool Ok() const { return message.empty(); }
    };

    Ikev2ProtocolId protocol = Ikev2ProtocolId::IKE; //!< IKE or ESP
    /// The transforms in wire order (ENCR, PRF, INTEG, DH, ESN), each type by preference.
    std::vector<Ikev2Transform> transforms;

    /**
     * \brief Read a strongSwan proposal list: `aes128-sha256-modp2048,
     * aes256gcm16-prfsha384-ecp256`. \param text the value of `proposals` or `esp_proposals` \param
     * protocol IKE or ESP \param out receives the proposals, appended in order \return no error, or
     * the first error (then `out` is left as it was)
     */
    static Error ParseStrongswan(const std::string& text,
                                 Ikev2ProtocolId protocol,
                                 std::vector<Ikev2ProposalSpec>& out);

    /**
     * \brief Read a Solaris ikev2.config `ikesa_xform` block:
     * `{ encr_alg aes(128..256) auth_alg sha256 dh_group 14 }` (braces optional).
     *
     * `encr_alg`: `aes` or `aes-cbc` (AES-CBC), `aes-gcm` (AES-GCM-16, a model extension) with an
     * optional key size or range in bits, `(256)` or `(128..256)`; without one, 128, 192 and 256
     * are offered; `3des` is known and refused. `auth_alg`: `sha1`, `sha256`, `sha384`, `sha512`
     * (`md5` known, refused): the integrity algorithm and the PRF of the same hash (with
     * aes-gcm, the PRF only). `dh_group`: 14, 19 or 31. All three are required, each once.
     * \param text the block
     * \param out receives the IKE proposal
     * \return no error, or the first error (offset into `text`)
     */
    static Error ParseSolarisXform(const std::string& text, Ikev2ProposalSpec& out);

    /**
     * \param protocol IKE or ESP
     * \return what `default` stands for. IKE: `aes128-aes192-aes256-sha256-sha384-sha512-
     *         curve25519-ecp256-modp2048` then `aes128gcm16-aes192gcm16-aes256gcm16-prfsha256-
     *         prfsha384-prfsha512-curve25519-ecp256-modp2048`. ESP: `aes128gcm16-aes256gcm16`
     *         then `aes128-aes256-sha256-sha384-sha512` (both noesn): strongSwan's defaults
     *         reduced to what this module implements
     */
    static std::vector<Ikev2ProposalSpec> Default(Ikev2ProtocolId protocol);

    /**
     * \brief A received proposal as a spec, its transforms sorted into wire order (for logs,
     * and to compare with the configuration).
     * \param proposal the proposal
     * \return the spec
     */
    static Ikev2ProposalSpec FromProposal(const Ikev2Proposal& proposal);

    /**
     * \param t a transform
     * \return its strongSwan keyword ("aes256gcm16", "prfsha256", "curve25519", "noesn"), or
     *         the type and the number ("encr99") when it has none
     */
    static std::string Keyword(const Ikev2Transform& t);

    /**
     * \param type a transform type
     * \return the transforms of that type, by preference
     */
    std::vector<Ikev2Transform> Of(Ikev2TransformType type) const;

    /**
     * \return the spec without its DH groups: an ESP proposal as IKE_AUTH carries it (RFC 7296
     *         §1.2: the Child SA created with the IKE SA takes its keys from it, no PFS)
     */
    Ikev2ProposalSpec WithoutDh() const;

    /**
     * \param t a transform
     * \return true when the spec lists it (type, id and key length)
     */
    bool Contains(const Ikev2Transform& t) const;

    /**
     * \brief The wire proposal.
     * \param number the proposal number (from 1)
     * \param spi the SPI (none in IKE_SA_INIT, 4 bytes for ESP, 8 for an IKE rekey)
     * \return the proposal with every transform
     */
    Ikev2Proposal ToProposal(uint8_t number, const IpsecBytes& spi) const;

    /// \return the spec in strongSwan notation, every transform spelled out
    /// ("aes128-prfsha256-sha256-modp2048")
    std::string ToString() const;

    /**
     * \param other another spec
     * \return true when protocol and transforms are equal
     */
    bool operator==(const Ikev2ProposalSpec& other) const;
};

} // namespace ns3

#endif /* IKEV2_PROPOSAL_SPEC_H */
