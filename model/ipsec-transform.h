/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_TRANSFORM_H
#define IPSEC_TRANSFORM_H

#include "ipsec-crypto.h"
#include "ipsec-drop-reason.h"
#include "ipsec-ip-header.h"
#include "ipsec-types.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

class SecurityAssociation;
class IpsecSettings;
class UniformRandomVariable;

/**
 * \ingroup ipsec
 * \brief What the datapath asks of a security protocol (ESP, AH): build it, verify it, size it.
 *
 * The datapath never branches on the protocol: an SA's transform (SecurityAssociation::
 * GetTransform(), looked up once in Of()) does the protocol's part, like OpenBSD's `xformsw[]`
 * entries called through `tdb->tdb_xform` and Linux's `xfrm_type` registered per protocol.
 * What every protocol shares is written once, here and in the stages, as Linux does it
 * (`xfrm_input()`): Input() checks the packet's shape, checks the sequence number against the
 * anti-replay window, lets the protocol verify and open the packet (Open()), and only then
 * advances the window. The mode step (the tunnel header) is the datapath's, not the transform's.
 */
class IpsecTransform
{
  public:
    /// Outcome of Input() and Open().
    struct Result
    {
        bool ok = false;                                     //!< true when the packet verified
        IpsecDropReason reason = IpsecDropReason::MALFORMED; //!< why not, when !ok
        uint8_t nextHeader = 0;                              //!< protocol of the payload
        size_t payloadOffset = 0;                            //!< where the payload starts
        size_t payloadLength = 0;                            //!< payload bytes (no padding/ICV)
        uint64_t sequence = 0;                               //!< full sequence number
        bool dummy = false; //!< an ESP dummy packet (RFC 4303 §2.6): verified, to be discarded
    };

    virtual ~IpsecTransform() = default;

    /**
     * \param protocol ESP or AH
     * \return that protocol's transform (the transform table)
     */
    static const IpsecTransform& Of(IpsecProtocol protocol);

    /// \return the bytes a packet needs before its SPI and sequence number can be read
    virtual uint32_t GetHeaderMinimum() const = 0;

    /**
     * \param bytes the protocol header (at least GetHeaderMinimum() bytes)
     * \return the SPI
     */
    virtual uint32_t ReadSpi(const uint8_t* bytes) const = 0;

    /**
     * \param bytes the protocol header (at least GetHeaderMinimum() bytes)
     * \return the low 32 bits of the sequence number
     */
    virtual uint32_t ReadSequence(const uint8_t* bytes) const = 0;

    /**
     * \brief The structural checks that come before anti-replay and the ICV (sizes, lengths).
     * \param sa the inbound SA
     * \param bytes the protocol header and what follows
     * \return true when the packet has the SA's shape
     */
    virtual bool CheckShape(const SecurityAssociation& sa, const IpsecBytes& bytes) const = 0;

    /**
     * \brief Verify (ICV, AEAD tag), decrypt and check the padding; never touches the replay
     * window.
     * \param sa the inbound SA
     * \param outer the IP header the packet came with (AH covers it)
     * \param settings the node's tunables (CheckPadding, AhClearTos, AhOffsetMask)
     * \param bytes the protocol header and what follows; decrypted in place
     * \param sequence the full sequence number (for ESN and the AAD)
     * \return where the payload is, or why the packet fails
     */
    virtual Result Open(SecurityAssociation& sa,
                        const IpsecIpHeader& outer,
                        const IpsecSettings& settings,
                        IpsecBytes& bytes,
                        uint64_t sequence) const = 0;

    /**
     * \brief Protect one layer: `data` becomes the protocol's bytes and `header` says so.
     * \param sa the outbound SA
     * \param sequence the sequence number the datapath allocated
     * \param header in: the datagram's header (protocol of `data`); out: protocol and length of
     *        the protected datagram
     * \param data in: the payload; out: the protocol header, payload and trailer
     * \param spare a work buffer (swapped with data)
     * \param settings the node's tunables
     * \param random the node's stream for CBC IVs
     */
    virtual void Output(SecurityAssociation& sa,
                        uint64_t sequence,
                        IpsecIpHeader& header,
                        IpsecBytes& data,
                        IpsecBytes& spare,
                        const IpsecSettings& settings,
                        UniformRandomVariable& random) const = 0;

    /**
     * \param sa an SA of this protocol
     * \param payload bytes the layer protects
     * \return the bytes Output() adds to them
     */
    virtual uint32_t GetOverhead(const SecurityAssociation& sa, uint32_t payload) const = 0;

    /**
     * \brief The inbound step every protocol shares: shape, anti-replay check, Open(), and the
     * window advanced only for a packet that verified (RFC 4303 §3.4.3, RFC 4302 §3.4.3).
     * \param sa the inbound SA
     * \param outer the IP header the packet came with
     * \param settings the node's tunables
     * \param bytes the protocol header and what follows
     * \return where the payload is, or why the packet fails
     */
    Result Input(SecurityAssociation& sa,
                 const IpsecIpHeader& outer,
                 const IpsecSettings& settings,
                 IpsecBytes& bytes) const;
};

} // namespace ns3

#endif /* IPSEC_TRANSFORM_H */
