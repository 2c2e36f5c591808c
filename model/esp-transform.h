/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ESP_TRANSFORM_H
#define ESP_TRANSFORM_H

#include "ipsec-drop-reason.h"
#include "ipsec-transform.h"
#include "security-association.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief ESP processing on bytes (RFC 4303): `SPI | Seq | IV | payload | padding | PadLen |
 * NextHdr | ICV`, for ciphers with a separate MAC and for combined-mode (AEAD) algorithms.
 */
class EspTransform : public IpsecTransform
{
  public:
    /// Outcome of Decapsulate().
    using Result = IpsecTransform::Result;

    /**
     * \brief Build an ESP packet.
     * \param sa outbound SA
     * \param sequence full sequence number (low 32 bits go on the wire)
     * \param iv the IV (the cipher's IV size; ignored for NULL)
     * \param payload upper-layer bytes (transport) or inner IP packet (tunnel)
     * \param length payload bytes
     * \param nextHeader protocol of the payload (59 = dummy packet)
     * \return the ESP bytes
     */
    static IpsecBytes Encapsulate(SecurityAssociation& sa,
                                  uint64_t sequence,
                                  const uint8_t* iv,
                                  const uint8_t* payload,
                                  size_t length,
                                  uint8_t nextHeader);
    /**
     * \brief Build an ESP packet into a caller's buffer (the datapath reuses one per node).
     * \param sa outbound SA
     * \param sequence full sequence number (low 32 bits go on the wire)
     * \param iv the IV (the cipher's IV size; ignored for NULL)
     * \param payload upper-layer bytes (transport) or inner IP packet (tunnel); must not
     *        overlap \p out
     * \param length payload bytes
     * \param nextHeader protocol of the payload (59 = dummy packet)
     * \param out receives the ESP bytes
     */
    static void Encapsulate(SecurityAssociation& sa,
                            uint64_t sequence,
                            const uint8_t* iv,
                            const uint8_t* payload,
                            size_t length,
                            uint8_t nextHeader,
                            IpsecBytes& out);
    /**
     * \brief Verify and decrypt in place: sequence inference (ESN), anti-replay check before the
     * ICV, ICV/tag, decryption, padding checks, then the replay window update.
     * \param sa inbound SA (found by the packet's SPI)
     * \param packet the ESP bytes; decrypted in place on success
     * \param checkPadBytes verify that padding bytes are 1, 2, 3, ...
     * \return the result
     */
    static Result Decapsulate(SecurityAssociation& sa, IpsecBytes& packet, bool checkPadBytes);
    /**
     * \brief Bytes ESP adds to a payload of a given size.
     * \param sa the SA
     * \param length payload bytes
     * \return header + IV + padding + trailer + ICV bytes
     */
    static uint32_t Overhead(const SecurityAssociation& sa, uint32_t length);
    /**
     * \param sa the SA
     * \return IV bytes carried per packet for this SA
     */
    static uint32_t IvSize(const SecurityAssociation& sa);
    /**
     * \param sa the SA
     * \return padding alignment: max(4, cipher block size)
     */
    static uint32_t Alignment(const SecurityAssociation& sa);

    /**
     * \brief Fill an outbound IV: random for CBC (RFC 3602 §3), the 64-bit sequence number for
     * counter and combined modes (RFC 4106 §3.1), nothing for NULL.
     * \param sa the outbound SA
     * \param sequence the packet's sequence number
     * \param random the node's stream for CBC IVs
     * \param iv receives IvSize() bytes
     */
    static void FillIv(const SecurityAssociation& sa,
                       uint64_t sequence,
                       UniformRandomVariable& random,
                       uint8_t* iv);

    uint32_t GetHeaderMinimum() const override;
    uint32_t ReadSpi(const uint8_t* bytes) const override;
    uint32_t ReadSequence(const uint8_t* bytes) const override;
    bool CheckShape(const SecurityAssociation& sa, const IpsecBytes& bytes) const override;
    Result Open(SecurityAssociation& sa,
                const IpsecIpHeader& outer,
                const IpsecSettings& settings,
                IpsecBytes& bytes,
                uint64_t sequence) const override;
    void Output(SecurityAssociation& sa,
                uint64_t sequence,
                IpsecIpHeader& header,
                IpsecBytes& data,
                IpsecBytes& spare,
                const IpsecSettings& settings,
                UniformRandomVariable& random) const override;
    uint32_t GetOverhead(const SecurityAssociation& sa, uint32_t payload) const override;
};

} // namespace ns3

#endif /* ESP_TRANSFORM_H */
