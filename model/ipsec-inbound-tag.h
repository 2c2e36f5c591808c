/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_INBOUND_TAG_H
#define IPSEC_INBOUND_TAG_H

#include "ipsec-types.h"

#include "ns3/ipv4-address.h"
#include "ns3/tag.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Packet tag with the decapsulation history of an inbound packet: every SA that verified
 * it, outermost first. Inbound policy checks read it, so a packet's protection is judged on all
 * the layers it came through (the KAME caveat of SPEC.md does not apply).
 */
class IpsecInboundTag : public Tag
{
  public:
    /// One verified layer.
    struct Layer
    {
        IpsecProtocol protocol; //!< AH or ESP
        IpsecMode mode;         //!< transport or tunnel
        uint32_t spi;           //!< the SA's SPI
        Ipv4Address destination; //!< the SA's destination (with protocol and SPI: its identity)
    };

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer i) const override;
    void Deserialize(TagBuffer i) override;
    void Print(std::ostream& os) const override;

    /// \param layer a layer to append (inner to the existing ones)
    void Add(const Layer& layer);
    /// \return the layers, outermost first
    const std::vector<Layer>& GetLayers() const;

  private:
    std::vector<Layer> m_layers;
};

} // namespace ns3

#endif /* IPSEC_INBOUND_TAG_H */
