/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-packet-bytes.h"

#include "ns3/header.h"
#include "ns3/tag.h"

#include <algorithm>
#include <memory>
#include <string>
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

    /**
     * \param data the bytes
     * \param length their number
     * \param lead room in front of them, left unwritten (removed again by the caller)
     */
    OpaqueBytes(const uint8_t* data, size_t length, uint32_t lead)
        : m_data(data)
        , m_length(length)
        , m_lead(lead)
    {
    }

    TypeId GetInstanceTypeId() const override { return GetTypeId(); }

    uint32_t GetSerializedSize() const override { return m_lead + static_cast<uint32_t>(m_length); }

    void Serialize(Buffer::Iterator start) const override
    {
        start.Next(m_lead);
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
    uint32_t m_lead{0};
    IpsecBytes m_owned;
};

/// A byte tag hidden while its datagram is protected: its type and serialized bytes.
class HiddenByteTag : public Tag
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::IpsecHiddenByteTag")
                                .SetParent<Tag>()
                                .SetGroupName("Ipsec")
                                .AddConstructor<HiddenByteTag>();
        return tid;
    }

    HiddenByteTag() = default;

    /// \param tag the tag to hide
    explicit HiddenByteTag(const Tag& tag)
        : m_type(tag.GetInstanceTypeId().GetName())
    {
        m_bytes.resize(tag.GetSerializedSize());
        tag.Serialize(TagBuffer(m_bytes.data(), m_bytes.data() + m_bytes.size()));
    }

    TypeId GetInstanceTypeId() const override { return GetTypeId(); }

    uint32_t GetSerializedSize() const override
    {
        return 2 + static_cast<uint32_t>(m_type.size()) + 2 + static_cast<uint32_t>(m_bytes.size());
    }

    void Serialize(TagBuffer buffer) const override
    {
        buffer.WriteU16(static_cast<uint16_t>(m_type.size()));
        buffer.Write(reinterpret_cast<const uint8_t*>(m_type.data()),
                     static_cast<uint32_t>(m_type.size()));
        buffer.WriteU16(static_cast<uint16_t>(m_bytes.size()));
        buffer.Write(m_bytes.data(), static_cast<uint32_t>(m_bytes.size()));
    }

    void Deserialize(TagBuffer buffer) override
    {
        m_type.resize(buffer.ReadU16());
        buffer.Read(reinterpret_cast<uint8_t*>(m_type.data()),
                    static_cast<uint32_t>(m_type.size()));
        m_bytes.resize(buffer.ReadU16());
        buffer.Read(m_bytes.data(), static_cast<uint32_t>(m_bytes.size()));
    }

    void Print(std::ostream& os) const override { os << "hidden " << m_type; }

    /// \return the hidden tag, or null when its type is unknown here
    std::unique_ptr<Tag> Reveal() const
    {
        TypeId type;
        if (!TypeId::LookupByNameFailSafe(m_type, &type) || type.GetConstructor().IsNull())
        {
            return nullptr;
        }
        std::unique_ptr<ObjectBase> object(type.GetConstructor()());
        Tag* tag = dynamic_cast<Tag*>(object.get());
        if (!tag || tag->GetSerializedSize() != m_bytes.size())
        {
            return nullptr;
        }
        object.release();
        std::vector<uint8_t> copy(m_bytes);
        tag->Deserialize(TagBuffer(copy.data(), copy.data() + copy.size()));
        return std::unique_ptr<Tag>(tag);
    }

  private:
    std::string m_type;           //!< the hidden tag's TypeId name
    std::vector<uint8_t> m_bytes; //!< its serialized bytes
};

NS_OBJECT_ENSURE_REGISTERED(HiddenByteTag);

/// Names of the byte tags hidden while their datagram is protected (see IpsecPacketBytes).
constexpr const char* HIDDEN_WHILE_PROTECTED[] = {"ns3::Ipv6FlowProbeTag"};

/// \return whether a byte tag of \p type is hidden while its datagram is protected
bool
HiddenWhileProtected(TypeId type)
{
    // Looked up once: per packet only TypeIds are compared.
    static const std::vector<TypeId> hidden = []() {
        std::vector<TypeId> types;
        for (const char* name : HIDDEN_WHILE_PROTECTED)
        {
            TypeId t;
            if (TypeId::LookupByNameFailSafe(name, &t))
            {
                types.push_back(t);
            }
        }
        return types;
    }();
    return std::find(hidden.begin(), hidden.end(), type) != hidden.end();
}

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
IpsecPacketBytes::Write(Ptr<Packet> packet, const uint8_t* data, size_t length, Bytes what)
{
    // Byte tags (FlowMonitor's flow and packet ids, for one) would vanish with the bytes they
    // cover: carry them over to the new bytes, hidden or shown again as the bytes are.
    std::vector<std::unique_ptr<Tag>> byteTags;
    ByteTagIterator it = packet->GetByteTagIterator();
    while (it.HasNext())
    {
        ByteTagIterator::Item item = it.Next();
        TypeId type = item.GetTypeId();
        Callback<ObjectBase*> constructor = type.GetConstructor();
        if (constructor.IsNull())
        {
            continue; // a tag type without a constructor cannot be copied generically
        }
        std::unique_ptr<ObjectBase> object(constructor());
        Tag* tag = dynamic_cast<Tag*>(object.get());
        if (!tag)
        {
            continue;
        }
        object.release();
        item.GetTag(*tag);
        std::unique_ptr<Tag> owned(tag);
        if (what == Bytes::PROTECTED && HiddenWhileProtected(type))
        {
            owned = std::make_unique<HiddenByteTag>(*owned);
        }
        else if (what == Bytes::CLEAR && type == HiddenByteTag::GetTypeId())
        {
            owned = static_cast<HiddenByteTag&>(*owned).Reveal();
        }
        if (owned)
        {
            byteTags.push_back(std::move(owned));
        }
    }
    packet->RemoveAtStart(packet->GetSize());
    // One header of the whole capacity, the bytes at its end; the room in front of them is
    // removed again (a pointer move), so the headers still to come fit without a copy.
    uint32_t capacity = static_cast<uint32_t>(length) + HEADROOM;
    capacity = (capacity + BUFFER_GRANULE - 1) / BUFFER_GRANULE * BUFFER_GRANULE;
    uint32_t lead = capacity - static_cast<uint32_t>(length);
    packet->AddHeader(OpaqueBytes(data, length, lead));
    packet->RemoveAtStart(lead);
    for (const auto& tag : byteTags)
    {
        packet->AddByteTag(*tag);
    }
}

} // namespace ns3
