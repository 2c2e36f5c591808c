/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-packet-bytes.h"

#include "ns3/header.h"
#include "ns3/tag.h"

#include <memory>
#include <vector>

namespace ns3
{

namespace
{
/// Serializes borrowed bytes in place: adding it to an emptied packet reuses that packet's buffer.
class OpaqueBytes : public Header
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::IpsecOpaqueBytes")
                                .SetParent<Header>()
                                .SetGroupName("Ipsec")
                                .AddConstructor<OpaqueBytes>();
        return tid;
    }

    OpaqueBytes() = default;

    OpaqueBytes(const uint8_t* data, size_t length)
        : m_data(data)
        , m_length(length)
    {
    }

    TypeId GetInstanceTypeId() const override { return GetTypeId(); }

    uint32_t GetSerializedSize() const override { return static_cast<uint32_t>(m_length); }

    void Serialize(Buffer::Iterator start) const override
    {
        start.Write(m_data, static_cast<uint32_t>(m_length));
    }

    uint32_t Deserialize(Buffer::Iterator start) override
    {
        // Only packet printing deserializes it: the chunk runs to the end of the packet.
        return Deserialize(start, start.GetRemainingSize());
    }

    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override
    {
        return Deserialize(start, start.GetDistanceFrom(end));
    }

    void Print(std::ostream& os) const override
    {
        os << "IPsec payload (" << m_length << " bytes)";
    }

  private:
    uint32_t Deserialize(Buffer::Iterator start, uint32_t length)
    {
        m_owned.resize(length);
        start.Read(m_owned.data(), length);
        m_data = m_owned.data();
        m_length = length;
        return length;
    }

    const uint8_t* m_data{nullptr};
    size_t m_length{0};
    IpsecBytes m_owned;
};

/// Reserves buffer space: added and removed again before the payload goes in, it leaves room in
/// front of the payload. It writes nothing, as its bytes never stay in a packet.
class BufferReservation : public Header
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::IpsecBufferReservation")
                                .SetParent<Header>()
                                .SetGroupName("Ipsec")
                                .AddConstructor<BufferReservation>();
        return tid;
    }

    BufferReservation() = default;

    explicit BufferReservation(uint32_t size)
        : m_size(size)
    {
    }

    TypeId GetInstanceTypeId() const override { return GetTypeId(); }

    uint32_t GetSerializedSize() const override { return m_size; }

    void Serialize(Buffer::Iterator) const override {}

    uint32_t Deserialize(Buffer::Iterator) override { return m_size; }

    void Print(std::ostream& os) const override { os << "reserved " << m_size << " bytes"; }

  private:
    uint32_t m_size{0};
};

/**
 * Room kept in front of new bytes for the headers still to come (outer IPv4, link layer).
 * Without it every later header makes ns-3 copy the whole packet into a bigger buffer.
 */
constexpr uint32_t HEADROOM = 128;

/**
 * Buffer sizes are rounded up to this, so that buffers of a flow's packets have one size and
 * ns-3's buffer free list (which only keeps buffers of the largest size seen) reuses them.
 */
constexpr uint32_t BUFFER_GRANULE = 1024;
} // namespace

void
IpsecPacketBytes::Read(Ptr<const Packet> packet, IpsecBytes& bytes)
{
    bytes.resize(packet->GetSize());
    if (!bytes.empty())
    {
        packet->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
    }
}

void
IpsecPacketBytes::Write(Ptr<Packet> packet, const uint8_t* data, size_t length)
{
    // Byte tags (FlowMonitor's flow and packet ids, for one) would vanish with the bytes they
    // cover: carry them over to the new bytes.
    std::vector<std::unique_ptr<Tag>> byteTags;
    ByteTagIterator it = packet->GetByteTagIterator();
    while (it.HasNext())
    {
        ByteTagIterator::Item item = it.Next();
        Callback<ObjectBase*> constructor = item.GetTypeId().GetConstructor();
        if (constructor.IsNull())
        {
            continue; // a tag type without a constructor cannot be copied generically
        }
        std::unique_ptr<ObjectBase> object(constructor());
        if (Tag* tag = dynamic_cast<Tag*>(object.get()))
        {
            object.release();
            item.GetTag(*tag);
            byteTags.emplace_back(tag);
        }
    }
    packet->RemoveAtStart(packet->GetSize());
    uint32_t capacity = static_cast<uint32_t>(length) + HEADROOM;
    capacity = (capacity + BUFFER_GRANULE - 1) / BUFFER_GRANULE * BUFFER_GRANULE;
    BufferReservation reservation(capacity);
    packet->AddHeader(reservation);
    packet->RemoveHeader(reservation);
    packet->AddHeader(OpaqueBytes(data, length));
    for (const auto& tag : byteTags)
    {
        packet->AddByteTag(*tag);
    }
}

} // namespace ns3
