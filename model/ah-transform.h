/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef AH_TRANSFORM_H
#define AH_TRANSFORM_H

#include "ipsec-drop-reason.h"
#include "ipsec-transform.h"
#include "security-association.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief AH processing on bytes (RFC 4302): the ICV covers the IPv4 header with its mutable fields
 * zeroed, the AH header with a zero ICV field, and the payload.
 *
 * Mutable fields (RFC 4302 §3.3.3.1.1.1): TTL and header checksum always; TOS when `clearTos`
 * (BSD `ah_cleartos`, RFC-conformant default); flags and fragment offset are ANDed with
 * `offsetMask` (BSD `ah_offsetmask`, 0 by default).
 */
class AhTransform : public IpsecTransform
{
  public:
    /// Outcome of Decapsulate().
    using Result = IpsecTransform::Result;

    /**
     * \brief Build the AH header bytes for a packet.
     * \param sa outbound SA
     * \param sequence full sequence number
     * \param ipHeader the IPv4 or IPv6 header that goes on the wire (protocol 51, final length)
     * \param payload the bytes after AH
     * \param length their count
     * \param nextHeader protocol of the payload
     * \param clearTos zero TOS in the ICV computation (IPv4)
     * \param offsetMask mask ANDed with flags+fragment offset in the ICV computation
     * \return the AH header bytes
     */
    static IpsecBytes Encapsulate(SecurityAssociation& sa,
                                  uint64_t sequence,
                                  const IpsecIpHeader& ipHeader,
                                  const uint8_t* payload,
                                  size_t length,
                                  uint8_t nextHeader,
                                  bool clearTos,
                                  uint16_t offsetMask);
    /**
     * \brief Verify an AH packet: sequence inference, replay check, ICV, replay update.
     * \param sa inbound SA
     * \param ipHeader the received IPv4 or IPv6 header (after reassembly; IPv6: next header 51)
     * \param packet AH header followed by the payload
     * \param clearTos as for Encapsulate()
     * \param offsetMask as for Encapsulate()
     * \return the result
     */
    static Result Decapsulate(SecurityAssociation& sa,
                              const IpsecIpHeader& ipHeader,
                              const IpsecBytes& packet,
                              bool clearTos,
                              uint16_t offsetMask);
    /**
     * \brief Bytes AH adds to a datagram.
     * \param sa the SA
     * \return AH header bytes for this SA (ICV, GMAC IV and alignment included)
     */
    static uint32_t Overhead(const SecurityAssociation& sa);

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

  private:
    /**
     * \brief Write the AH header (ICV included) for a payload.
     * \param sa outbound SA
     * \param sequence full sequence number
     * \param ipHeader the IPv4 or IPv6 header as it will be sent (protocol 51, final length)
     * \param payload the payload the ICV covers
     * \param length payload bytes
     * \param nextHeader protocol of the payload
     * \param clearTos zero TOS in the ICV computation (IPv4)
     * \param offsetMask mask for flags/fragment offset in the ICV computation
     * \param out receives Overhead() bytes; must not overlap the payload
     */
    static void WriteHeader(SecurityAssociation& sa,
                            uint64_t sequence,
                            const IpsecIpHeader& ipHeader,
                            const uint8_t* payload,
                            size_t length,
                            uint8_t nextHeader,
                            bool clearTos,
                            uint16_t offsetMask,
                            uint8_t* out);
};

} // namespace ns3

#endif /* AH_TRANSFORM_H */
