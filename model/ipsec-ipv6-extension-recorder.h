/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_IPV6_EXTENSION_RECORDER_H
#define IPSEC_IPV6_EXTENSION_RECORDER_H

/**
 * \file
 * \ingroup ipsec
 * Keeps the IPv6 extension headers a received datagram had, for AH's ICV.
 */

#include "ns3/ipv6-extension-demux.h"
#include "ns3/ipv6-extension.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Stands in the node's Ipv6ExtensionDemux for ns-3's hop-by-hop, routing or destination
 * options extension: on local delivery it appends the header's bytes, as received, to the
 * datagram's IpsecIpv6ExtensionTag, then lets ns-3's extension process it as before.
 *
 * ns-3 walks a received datagram's extension headers and hands the upper layer what follows
 * them; AH's ICV covers those headers (RFC 4302 §3.3.3.1.2), so without their bytes a datagram
 * with AH behind them could not be verified. The first header of a datagram (offset 0) starts
 * a new chain, which also holds the datagram's payload length; a header that does not start
 * where the chain so far ends makes the chain invalid. The pass Ipv6L3Protocol::Receive makes over
 * a hop-by-hop header before routing (no next-header output) is not recorded: local delivery walks
 * it again.
 */
class IpsecIpv6ExtensionRecorder : public Ipv6Extension
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    /// An empty recorder: Wrap() makes the working ones (the TypeId has no constructor).
    IpsecIpv6ExtensionRecorder();

    /**
     * \brief Replace a node's extension of this number by a recorder around it (nothing when
     * the node has no such extension, or already a recorder).
     * \param demux the node's Ipv6ExtensionDemux
     * \param number 0 (hop-by-hop), 43 (routing) or 60 (destination options)
     */
    static void Wrap(Ptr<Ipv6ExtensionDemux> demux, uint8_t number);

    /// \return the wrapped extension's number (0 for an empty recorder)
    uint8_t GetExtensionNumber() const override;

    /**
     * \brief Record the header's bytes (on local delivery), then let ns-3's extension process it.
     * \param packet the datagram after its IPv6 header
     * \param offset where this extension header starts in it
     * \param ipv6Header the datagram's IPv6 header
     * \param dst its destination
     * \param nextHeader set to the header's next header (nullptr: Ipv6L3Protocol::Receive's
     *        hop-by-hop pass, which is not recorded)
     * \param stopProcessing set by ns-3's extension
     * \param isDropped set by ns-3's extension
     * \param dropReason set by ns-3's extension
     * \return the header's size, as ns-3's extension returns it
     */
    uint8_t Process(Ptr<Packet>& packet,
                    uint8_t offset,
                    const Ipv6Header& ipv6Header,
                    Ipv6Address dst,
                    uint8_t* nextHeader,
                    bool& stopProcessing,
                    bool& isDropped,
                    Ipv6L3Protocol::DropReason& dropReason) override;

  protected:
    /// Dispose ns-3's extension too (it is no longer in the demux, which disposes its own)
    void DoDispose() override;

  private:
    Ptr<Ipv6Extension> m_inner; //!< ns-3's extension, which does the processing
};

} // namespace ns3

#endif /* IPSEC_IPV6_EXTENSION_RECORDER_H */
