/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_FLOW_CACHE_H
#define IPSEC_FLOW_CACHE_H

#include "ipsec-flow.h"
#include "ipsec-inbound-tag.h"
#include "ipsec-verdict.h"

#include <array>
#include <cstdint>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The policy engine's memory of recent flows: the verdict a flow got, trusted while the
 * IPsec configuration has not changed since (IpsecConfigGeneration), like Linux' cached bundles
 * checked against their genids.
 *
 * Only verdicts that are a pure function of the flow and the configuration are stored (see
 * IpsecPolicyEngine): passes and protections with every SA present. What must happen per packet
 * (TCP latches, ACQUIREs, echo requests, drops) never comes from here.
 */
class IpsecFlowCache
{
  public:
    /// Which decision an entry is for.
    enum class Lane : uint8_t
    {
        OUTBOUND_LOCAL, //!< a local packet going out
        INBOUND_LOCAL,  //!< a packet about to reach a transport
        INBOUND_TRANSIT //!< a transit packet, checked before forwarding
    };

    /// Entries at most; a full cache starts over (a simulation's active flows are few).
    static constexpr size_t CAPACITY = 4096;

    /**
     * \param lane the decision
     * \param flow the packet's flow
     * \param layers what protected it (inbound; empty outbound)
     * \return the verdict stored for them at the current generation, or null
     */
    const IpsecVerdict* Find(Lane lane, const IpsecFlow& flow, const IpsecInboundTag& layers) const;

    /**
     * \param lane the decision
     * \param flow the packet's flow
     * \param layers what protected it (inbound; empty outbound)
     * \param verdict the verdict, valid at the current generation
     */
    void Insert(Lane lane,
                const IpsecFlow& flow,
                const IpsecInboundTag& layers,
                const IpsecVerdict& verdict);

    /// \return entries stored
    size_t GetN() const;

    /// Forget every entry.
    void Clear();

  private:
    /// A flow, its lane and its layers.
    struct Key
    {
        IpsecAddress local;  //!< local address
        IpsecAddress remote; //!< remote address
        uint16_t localPort;  //!< local port
        uint16_t remotePort; //!< remote port
        uint8_t protocol;    //!< transport protocol
        Lane lane;           //!< decision
        uint8_t layerCount;  //!< layers used
        /// Each layer's SA destination.
        std::array<IpsecAddress, IpsecInboundTag::MAX_LAYERS> destinations;
        /// Each layer's SPI.
        std::array<uint32_t, IpsecInboundTag::MAX_LAYERS> spis;
        /// Each layer's protocol, mode and credited algorithms, packed (exact).
        std::array<uint32_t, IpsecInboundTag::MAX_LAYERS> kinds;

        /**
         * \param o another key
         * \return true when equal
         */
        bool operator==(const Key& o) const;
    };

    /// Hash of a key.
    struct KeyHash
    {
        /**
         * \param k a key
         * \return its hash
         */
        size_t operator()(const Key& k) const;
    };

    /// A stored verdict and the generation it was made at.
    struct Entry
    {
        uint64_t generation;  //!< IpsecConfigGeneration when stored
        IpsecVerdict verdict; //!< the verdict
    };

    /**
     * \param lane the decision
     * \param flow the flow
     * \param layers its layers
     * \return the key
     */
    static Key KeyOf(Lane lane, const IpsecFlow& flow, const IpsecInboundTag& layers);

    std::unordered_map<Key, Entry, KeyHash> m_entries; //!< by flow
};

} // namespace ns3

#endif /* IPSEC_FLOW_CACHE_H */
