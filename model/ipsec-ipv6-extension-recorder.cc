/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-ipv6-extension-recorder.h"

#include "ipsec-ipv6-extension-tag.h"

#include "ns3/ipv6-extension-demux.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecIpv6ExtensionRecorder");
NS_OBJECT_ENSURE_REGISTERED(IpsecIpv6ExtensionRecorder);

TypeId
IpsecIpv6ExtensionRecorder::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecIpv6ExtensionRecorder")
                            .SetParent<Ipv6Extension>()
                            .SetGroupName("Ipsec");
    return tid;
}

IpsecIpv6ExtensionRecorder::IpsecIpv6ExtensionRecorder() = default;

void
IpsecIpv6ExtensionRecorder::Wrap(Ptr<Ipv6ExtensionDemux> demux, uint8_t number)
{
    Ptr<Ipv6Extension> inner = demux->GetExtension(number);
    if (!inner || DynamicCast<IpsecIpv6ExtensionRecorder>(inner))
    {
        return;
    }
    Ptr<IpsecIpv6ExtensionRecorder> recorder = CreateObject<IpsecIpv6ExtensionRecorder>();
    recorder->m_inner = inner;
    recorder->SetNode(inner->GetNode());
    demux->Remove(inner);
    demux->Insert(recorder);
}

void
IpsecIpv6ExtensionRecorder::DoDispose()
{
    if (m_inner)
    {
        m_inner->Dispose(); // out of the demux, which disposes only what it holds
    }
    m_inner = nullptr;
    Ipv6Extension::DoDispose();
}

uint8_t
IpsecIpv6ExtensionRecorder::GetExtensionNumber() const
{
    return m_inner ? m_inner->GetExtensionNumber() : 0;
}

uint8_t
IpsecIpv6ExtensionRecorder::Process(Ptr<Packet>& packet,
                                    uint8_t offset,
                                    const Ipv6Header& ipv6Header,
                                    Ipv6Address dst,
                                    uint8_t* nextHeader,
                                    bool& stopProcessing,
                                    bool& isDropped,
                                    Ipv6L3Protocol::DropReason& dropReason)
{
    NS_LOG_FUNCTION(this << packet << unsigned(offset));
    // The header's length: (Hdr Ext Len + 1) * 8 octets (RFC 8200 §4.3-4.6). A truncated one is
    // left to ns-3's extension, which drops it.
    // The header's length: (Hdr Ext Len + 1) * 8 octets (RFC 8200 §4.3-4.6). A truncated one is
    // left to ns-3's extension, which drops it.
    uint32_t size = packet->GetSize();
    if (nextHeader && size >= uint32_t(offset) + 2)
    {
        Ptr<Packet> rest = packet->CreateFragment(offset, std::min<uint32_t>(size - offset, 2048));
        IpsecBytes bytes(rest->GetSize());
        rest->CopyData(bytes.data(), bytes.size());
        uint32_t length = (uint32_t(bytes[1]) + 1) * 8;
        if (bytes.size() >= length)
        {
            IpsecIpv6ExtensionTag tag;
            bool had = packet->RemovePacketTag(tag);
            if (offset == 0)
            {
                tag.Start(ipv6Header.GetPayloadLength()); // a datagram's first header
            }
            else if (!had || tag.GetChainLength() != offset)
            {
                // Out of step with ns-3's walk (its 8-bit offset wraps after 255 bytes, or a
                // header in front was not recorded): what follows cannot be verified.
                tag.Invalidate(offset);
            }
            tag.Append(GetExtensionNumber(), bytes.data(), length);
            packet->AddPacketTag(tag);
        }
    }
    return m_inner->Process(packet,
                            offset,
                            ipv6Header,
                            dst,
                            nextHeader,
                            stopProcessing,
                            isDropped,
                            dropReason);
}

} // namespace ns3
