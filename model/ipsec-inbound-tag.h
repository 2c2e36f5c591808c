/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_INBOUND_TAG_H
#define IPSEC_INBOUND_TAG_H

#include "ipsec-address.h"
#include "ipsec-types.h"

#include "ns3/ptr.h"
#include "ns3/tag.h"

#include <array>

namespace ns3
{

class Packet;

/**
 * \ingroup ipsec
 * \brief Packet tag with the decapsulation history of an inbound packet: every SA that verified
 * it, outermost first. Inbound policy checks read it, so a packet's protection is judged on all
 * the layers it came through (KAME-derived stacks judge the inner packet alone: the BUGS section
 * of FreeBSD's ipsec(4) warns that an inbound `require` on AH over a tunnel rejects it).
 *
 * Intra-machine packets carry credits instead: the mechanisms their outbound policy asked
 * for (SPI 0, no SA), which the inbound check accepts as if applied (illumos loopback rule).
 *
 * ns-3 packet tags travel with a packet from node to node, so the tag names the node whose IPsec
 * layer wrote it: a history written elsewhere (a forwarding gateway's, say) means nothing here.
 */
class IpsecInboundTag : public Tag
{
  public:
    /// One verified layer.
    struct Layer
    {
        IpsecProtocol protocol;     //!< AH or ESP
        IpsecMode mode;             //!< transport or tunnel
        uint32_t spi;               //!< the SA's SPI
        IpsecAddress destination;   //!< the SA's destination (with protocol and SPI: its identity)
        uint8_t encryption = 0;     //!< credited layer: PF_KEY id of the cipher, 0 = any
        uint8_t authentication = 0; //!< credited layer: PF_KEY id of the MAC, 0 = any

        /// \return true for an intra-machine credit (outbound policy, no SA, SPI 0)
        bool IsCredit() const { return spi == 0; }
    };

    /// \return the TypeId
    static TypeId GetTypeId();
    /**
     * \param packet a packet
     * \return true when it carries an IpsecInboundTag (a look at the tags' types: nothing is
     *         copied out)
     */
    static bool IsOn(const Packet& packet);
    /// \return the TypeId of this object (IpsecInboundTag)
    TypeId GetInstanceTypeId() const override;
    /// \return the tag's size: layer count, node, intra-machine flag, 12 bytes per layer
    uint32_t GetSerializedSize() const override;
    /**
     * \brief Write the node, the intra-machine flag and the layers.
     * \param i the tag buffer
     */
    void Serialize(TagBuffer i) const override;
    /**
     * \brief Read what Serialize() wrote.
     * \param i the tag buffer
     */
    void Deserialize(TagBuffer i) override;
    /**
     * \brief Print the node and each layer's protocol, mode and SPI.
     * \param os output stream
     */
    void Print(std::ostream& os) const override;

    /// Deepest nesting kept (Linux' XFRM_MAX_DEPTH); deeper packets are dropped as malformed.
    static constexpr uint32_t MAX_LAYERS = 6;

    /**
     * \param layer a layer to append (inner to the existing ones)
     * \return false, and nothing changes, when MAX_LAYERS are already recorded
     */
    bool Add(const Layer& layer);
    /// \return number of layers
    uint32_t GetN() const;
    /// \param node id of the node whose IPsec layer writes this history
    void SetNode(uint32_t node);
    /// \return id of the node that wrote this history
    uint32_t GetNode() const;
    /// \param intraMachine whether the packet was sent by this node to itself
    void SetIntraMachine(bool intraMachine);
    /// \return true for a packet the node sent to itself (its layers are credits)
    bool IsIntraMachine() const;
    /// \return true without layers
    bool IsEmpty() const;
    /// \return the first (outermost) layer
    const Layer* begin() const;
    /// \return past the last (innermost) layer
    const Layer* end() const;

  private:
    std::array<Layer, MAX_LAYERS> m_layers{};
    uint8_t m_count{0};
    uint32_t m_node{0};
    bool m_intraMachine{false};
};

} // namespace ns3

#endif /* IPSEC_INBOUND_TAG_H */
