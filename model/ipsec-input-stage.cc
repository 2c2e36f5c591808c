/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-input-stage.h"

#include "ipsec-ipv6-extension-tag.h"
#include "ipsec-packet-bytes.h"
#include "ipsec-transform.h"
#include "ipsec-tunnel-header.h"
#include "ipsec-udp-encapsulation.h"

#include "ns3/ipv6-interface.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecInputStage");

using namespace ipsec_proto;

IpsecInputStage::IpsecInputStage(Ptr<IpsecState> state,
                                 Ptr<IpsecIpv4Adapter> l3,
                                 IpsecPolicyEngine& engine,
                                 IpsecTunnelTable& tunnels)
    : m_state(state)
    , m_l3(l3)
    , m_engine(engine)
    , m_tunnels(tunnels)
{
}

bool
IpsecInputStage::AcceptTransit(Ptr<Packet> packet,
                               const Ipv4Header& header,
                               bool viaTunnelInterface)
{
    return CheckInbound(packet,
                        header.GetSource(),
                        header.GetDestination(),
                        header.GetProtocol(),
                        true,
                        viaTunnelInterface);
}

void
IpsecInputStage::SetIpv6(Ptr<IpsecIpv6Adapter> l3)
{
    m_l3v6 = l3;
}

bool
IpsecInputStage::Verify(IpsecProtocol protocol,
                        Ptr<Packet> packet,
                        const IpsecIpHeader& outer,
                        Verified& out,
                        bool udpEncapsulated)
{
    uint32_t outerLength = outer.IsIpv4() ? outer.GetSerializedSize() : IPV4_HEADER_MINIMUM;
    if (outerLength < IPV4_HEADER_MINIMUM)
    {
        // ns-3's IPv4 input takes a header length field below 5 at its word: the packet's
        // header and payload disagree, and AH's ICV and the re-entry would write a 20-byte
        // header into less room.
        m_state->drops.Drop(
            packet,
            IpsecDropReason::MALFORMED,
            IpsecDirection::INBOUND,
            0,
            &protocol,
            IpsecDropDetail(IpsecDropDetail::Text::IPV4_HEADER_TOO_SHORT).Numbers(outerLength));
        return false;
    }
    out.outerOptions = outerLength > IPV4_HEADER_MINIMUM;
    IpsecBytes& bytes = m_state->payload;
    IpsecPacketBytes::Read(packet, bytes);
    const IpsecTransform& transform = IpsecTransform::Of(protocol);
    if (bytes.size() < transform.GetHeaderMinimum())
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::MALFORMED,
                            IpsecDirection::INBOUND,
                            0,
                            &protocol);
        return false;
    }
    uint32_t spi = transform.ReadSpi(bytes.data());
    Ptr<SecurityAssociation> sa = m_state->sadb->Get(protocol, outer.GetDestination(), spi);
    if (!sa || sa->GetState() == SecurityAssociation::State::LARVAL || !sa->IsReady())
    {
        // No SA, or one without keys yet (larval, or changed in place and not updated).
        m_state->drops.Drop(packet,
                            IpsecDropReason::UNKNOWN_SPI,
                            IpsecDirection::INBOUND,
                            spi,
                            &protocol);
        return false;
    }
    if (!sa->IsUsable())
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::SA_EXPIRED,
                            IpsecDirection::INBOUND,
                            spi,
                            &protocol);
        return false;
    }

    if (sa->IsUdpEncapsulated() != udpEncapsulated)
    {
        // As Linux' xfrm_input: ESP must arrive the way its SA says, in UDP or not.
        m_state->drops.Drop(packet,
                            IpsecDropReason::ENCAP_MISMATCH,
                            IpsecDirection::INBOUND,
                            spi,
                            &protocol,
                            IpsecDropDetail(udpEncapsulated
                                                ? IpsecDropDetail::Text::ESP_IN_UDP_FOR_PLAIN_SA
                                                : IpsecDropDetail::Text::PLAIN_ESP_FOR_UDP_SA)
                                .Sa(sa));
        return false;
    }

    IpsecTransform::Result r = transform.Input(*sa, outer, m_state->settings, bytes);
    if (!r.ok)
    {
        m_state->drops.Drop(packet, r.reason, IpsecDirection::INBOUND, spi, &protocol);
        return false;
    }
    size_t length = r.payloadLength;
    if (udpEncapsulated && sa->GetMode() == IpsecMode::TRANSPORT && m_state->settings.checksums)
    {
        switch (IpsecUdpEncapsulation::FixTransportChecksum(*sa,
                                                            outer.GetSource(),
                                                            outer.GetDestination(),
                                                            r.nextHeader,
                                                            bytes.data() + r.payloadOffset,
                                                            length))
        {
            case IpsecUdpEncapsulation::Fix::ADJUSTED:
                ++m_state->stats.natt.checksumsAdjusted;
                break;
            case IpsecUdpEncapsulation::Fix::RECOMPUTED:
                ++m_state->stats.natt.checksumsRecomputed;
                break;
            case IpsecUdpEncapsulation::Fix::NONE:
                break;
        }
    }
    IpsecStats::Protocol& stats = m_state->stats.Of(protocol);
    m_state->sadb->RecordUse(sa, length);
    if (r.dummy)
    {
        ++stats.dummyIn; // RFC 4303 §2.6: verified, then silently discarded
        return false;
    }
    ++stats.packetsIn;
    stats.bytesIn += length;

    IpsecPacketBytes::Write(packet,
                            bytes.data() + r.payloadOffset,
                            length,
                            IpsecPacketBytes::Bytes::CLEAR);
    IpsecInboundTag& history = out.history;
    if (!packet->RemovePacketTag(history) || history.GetNode() != m_state->nodeId
        || history.IsIntraMachine())
    {
        history = IpsecInboundTag(); // nothing verified here yet
        history.SetNode(m_state->nodeId);
    }
    if (!history.Add({protocol, sa->GetMode(), spi, sa->GetDestination()}))
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::MALFORMED,
                            IpsecDirection::INBOUND,
                            spi,
                            &protocol,
                            IpsecDropDetail(IpsecDropDetail::Text::NESTED_TOO_DEEPLY));
        return false;
    }
    out.sa = sa;
    out.spi = spi;
    out.next = r.nextHeader;
    out.length = length;
    out.payloadOffset = r.payloadOffset;
    return true;
}

void
IpsecInputStage::ReceiveProtected6(IpsecProtocol protocol,
                                   Ptr<Packet> packet,
                                   const Ipv6Header& header,
                                   Ptr<Ipv6Interface> incoming)
{
    NS_LOG_FUNCTION(this << packet);
    // Ipv6L3Protocol hands over what follows the extension headers in front of ESP/AH; the
    // recorders in its extension demux kept their bytes (IpsecIpv6ExtensionTag), which AH's ICV
    // covers (RFC 4302 §3.3.3.1.2) with the IPv6 header whose next header names the first of
    // them. A fragment header is not among them: the ICV covers the reassembled datagram. The
    // tag is consumed here, whatever comes next, so that it never reaches an inner datagram.
    IpsecIpv6ExtensionTag extensions;
    bool recorded = packet->RemovePacketTag(extensions) && extensions.Describes(packet->GetSize());
    uint8_t first = header.GetNextHeader();
    bool knownChain = first == static_cast<uint8_t>(protocol)
                   || first == Ipv6Header::IPV6_EXT_FRAGMENTATION
                   || (recorded && first == extensions.GetFirstType());
    if (protocol == IpsecProtocol::AH && (!knownChain || (recorded && extensions.IsInvalid())))
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::MALFORMED,
                            IpsecDirection::INBOUND,
                            0,
                            &protocol,
                            IpsecDropDetail(IpsecDropDetail::Text::IPV6_AH_AFTER_EXTENSIONS));
        return;
    }
    Ipv6Header outer = header;
    outer.SetNextHeader(static_cast<uint8_t>(protocol));
    outer.SetPayloadLength(packet->GetSize());
    IpsecIpHeader covered = outer;
    if (protocol == IpsecProtocol::AH && recorded)
    {
        Ipv6Header withExtensions = outer;
        withExtensions.SetNextHeader(extensions.GetFirstType());
        withExtensions.SetPayloadLength(extensions.GetBytes().size() + packet->GetSize());
        covered = withExtensions;
        covered.SetIpv6Extensions(&extensions.GetBytes());
    }
    Verified v;
    if (!Verify(protocol, packet, covered, v))
    {
        return; // dropped and counted, or a dummy packet
    }
    if (v.sa->GetMode() == IpsecMode::TUNNEL || v.next == IPIP || v.next == IPV6)
    {
        packet->AddPacketTag(v.history);
        m_state->traces.inboundVerified(packet, v.sa);
        Decapsulate(protocol, packet, header.GetTrafficClass(), v, incoming->GetDevice());
        return;
    }
    // The history goes with the packet as a tag: the guard's check (AcceptForDelivery6) reads
    // and removes it, and so does the inner ESP/AH's verification; ICMPv6, which has no guard,
    // ignores it.
    packet->AddPacketTag(v.history);
    m_state->traces.inboundVerified(packet, v.sa);
    Ipv6Header inner = outer;
    inner.SetNextHeader(v.next);
    inner.SetPayloadLength(v.length);
    if (v.next == static_cast<uint8_t>(IpsecProtocol::ESP)
        || v.next == static_cast<uint8_t>(IpsecProtocol::AH))
    {
        ReceiveProtected6(static_cast<IpsecProtocol>(v.next), packet, inner, incoming);
        return;
    }
    if (!m_state->traces.cleartextIn.IsEmpty())
    {
        Ptr<Packet> view = packet->Copy();
        view->AddHeader(inner);
        m_state->traces.cleartextIn(view);
    }
    Ptr<IpL4Protocol> transport = v.next == TCP || v.next == UDP || v.next == ICMPV6
                                    ? m_l3v6->TransportFor(v.next)
                                    : nullptr;
    if (transport)
    {
        m_state->traces.clearDeliver6(inner, packet);
        transport->Receive(packet, inner, incoming);
        return;
    }
    // Other next headers re-enter IPv6 input, which answers those it has no handler for.
    packet->AddHeader(inner);
    m_l3v6->Reinject(packet, incoming->GetDevice());
}

bool
IpsecInputStage::ReceiveUdpEncapsulated(Ptr<Packet> packet,
                                        const Ipv4Header& header,
                                        Ptr<Ipv4Interface> incoming)
{
    uint32_t length = 0; // the UDP length
    switch (IpsecUdpEncapsulation::Inspect(*m_state->sadb, header.GetDestination(), packet, length))
    {
        case IpsecUdpEncapsulation::Content::OTHER:
            return false; // IKE behind the non-ESP marker: for the socket
        case IpsecUdpEncapsulation::Content::KEEPALIVE:
            ++m_state->stats.natt.keepalivesIn;
            return true;
        case IpsecUdpEncapsulation::Content::ESP:
            break;
    }
    ++m_state->stats.natt.encapsulatedIn;
    if (length < packet->GetSize())
    {
        packet->RemoveAtEnd(packet->GetSize() - length);
    }
    packet->RemoveAtStart(IpsecUdpEncapsulation::HEADER);
    Ipv4Header esp = header;
    esp.SetProtocol(static_cast<uint8_t>(IpsecProtocol::ESP));
    esp.SetPayloadSize(packet->GetSize());
    ReceiveProtected(IpsecProtocol::ESP, packet, esp, incoming, true);
    return true;
}

void
IpsecInputStage::ReceiveProtected(IpsecProtocol protocol,
                                  Ptr<Packet> packet,
                                  const Ipv4Header& header,
                                  Ptr<Ipv4Interface> incoming,
                                  bool udpEncapsulated)
{
    NS_LOG_FUNCTION(this << packet << header);
    Verified v;
    if (!Verify(protocol, packet, header, v, udpEncapsulated))
    {
        return; // dropped and counted, or a dummy packet
    }
    Ptr<SecurityAssociation> sa = v.sa;
    uint8_t next = v.next;
    size_t length = v.length;
    IpsecInboundTag& history = v.history;
    // A transport-mode payload for UDP, TCP and the like goes straight to its transport in this
    // call: its history is handed over directly (m_delivering) instead of as a packet tag, unless
    // an InboundVerified listener wants to see the tag.
    bool direct = sa->GetMode() == IpsecMode::TRANSPORT && next != IPIP && next != IPV6
               && next != ICMP && next != static_cast<uint8_t>(IpsecProtocol::ESP)
               && next != static_cast<uint8_t>(IpsecProtocol::AH);
    bool tagged = !direct || !m_state->traces.inboundVerified.IsEmpty();
    if (tagged)
    {
        packet->AddPacketTag(history);
    }
    m_state->traces.inboundVerified(packet, sa);

    if (sa->GetMode() == IpsecMode::TUNNEL || next == IPIP || next == IPV6)
    {
        Decapsulate(protocol, packet, header.GetTos(), v, incoming->GetDevice());
        return;
    }
    // ns-3 kept none of the outer header's options: the header written back has 20 bytes.
    Ipv4Header inner = v.outerOptions ? IpsecIpHeader::WithoutOptions(header) : header;
    inner.SetProtocol(next);
    inner.SetPayloadSize(length);
    inner.SetFragmentOffset(0);
    inner.SetLastFragment();
    if (m_state->settings.checksums)
    {
        inner.EnableChecksum();
    }
    Ptr<IpL4Protocol> transport = next == ICMP ? nullptr : m_l3->TransportFor(next, incoming);
    if (transport)
    {
        // Like BSD's ipsec4_common_input_cb: a transport-mode payload goes straight to its
        // protocol (through the inbound guard) instead of through IP input a second time.
        if (!m_state->traces.cleartextIn.IsEmpty())
        {
            Ptr<Packet> view = packet->Copy();
            view->AddHeader(inner);
            m_state->traces.cleartextIn(view);
        }
        m_state->traces.clearDeliver(inner, packet);
        Delivery outer = m_delivering;
        m_delivering = Delivery{PeekPointer(packet), &history, tagged};
        transport->Receive(packet, inner, incoming);
        m_delivering = outer;
        return;
    }
    // ICMP (raw sockets see it in IP input) and protocols without a handler (IP input answers
    // protocol-unreachable): re-enter IP input.
    if (!tagged)
    {
        packet->AddPacketTag(history);
    }
    packet->AddHeader(inner);
    Reinject(packet, incoming->GetDevice());
}

void
IpsecInputStage::Decapsulate(IpsecProtocol protocol,
                             Ptr<Packet> packet,
                             uint8_t outerTrafficClass,
                             const Verified& v,
                             Ptr<NetDevice> device)
{
    // The payload must be the datagram the next header names, whole: an IPv4 header within
    // its total length, or an IPv6 header within its payload length (no jumbograms).
    const uint8_t* ip = m_state->payload.data() + v.payloadOffset;
    const size_t length = v.length;
    uint32_t total = 0;
    if (v.next == IPIP && length >= 20 && (ip[0] >> 4) == 4 && m_l3)
    {
        uint32_t headerLength = (ip[0] & 0x0f) * 4u;
        uint32_t totalLength = (uint32_t(ip[2]) << 8) | ip[3];
        total = headerLength >= 20 && totalLength >= headerLength ? totalLength : 0;
    }
    else if (v.next == IPV6 && length >= 40 && (ip[0] >> 4) == 6 && m_l3v6)
    {
        total = 40 + ((uint32_t(ip[4]) << 8) | ip[5]);
    }
    if (total == 0 || total > length)
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::MALFORMED,
                            IpsecDirection::INBOUND,
                            v.spi,
                            &protocol,
                            IpsecDropDetail(IpsecDropDetail::Text::NOT_IP_INSIDE));
        return;
    }
    if (total < length)
    {
        packet->RemoveAtEnd(length - total); // TFC padding (RFC 4303 §2.7)
    }
    if (m_state->settings.ecn)
    {
        // RFC 6040 §4.2, whatever the families outside and inside.
        bool ok;
        if (v.next == IPIP)
        {
            Ipv4Header inner;
            packet->RemoveHeader(inner);
            ok = IpsecTunnelHeader::DecapsulateEcn(outerTrafficClass, inner);
            if (m_state->settings.checksums)
            {
                inner.EnableChecksum();
            }
            packet->AddHeader(inner);
        }
        else
        {
            Ipv6Header inner;
            packet->RemoveHeader(inner);
            uint8_t tclass = inner.GetTrafficClass();
            ok = IpsecTunnelHeader::DecapsulateEcn(outerTrafficClass, tclass);
            inner.SetTrafficClass(tclass);
            packet->AddHeader(inner);
        }
        if (!ok)
        {
            m_state->drops.Drop(packet,
                                IpsecDropReason::MALFORMED,
                                IpsecDirection::INBOUND,
                                v.spi,
                                &protocol,
                                IpsecDropDetail(IpsecDropDetail::Text::ECN_CE_ON_NOT_ECT));
            return;
        }
    }
    IpsecAddress::Family family
        = v.next == IPV6 ? IpsecAddress::Family::IPV6 : IpsecAddress::Family::IPV4;
    if (Ptr<IpsecTunnelInterface> tunnel = m_tunnels.FindForInboundSa(*v.sa))
    {
        // Route-based: the inner datagram re-enters IP on the tunnel interface, if it carries
        // the inner datagram's family.
        bool carries = family == IpsecAddress::Family::IPV6 ? tunnel->HasIpv6() : tunnel->HasIpv4();
        if (!carries)
        {
            m_state->drops.Drop(packet,
                                IpsecDropReason::POLICY_VIOLATION,
                                IpsecDirection::INBOUND,
                                v.spi,
                                &protocol,
                                IpsecDropDetail(IpsecDropDetail::Text::TUNNEL_FAMILY_NOT_CARRIED)
                                    .Numbers(family == IpsecAddress::Family::IPV6 ? 6 : 4)
                                    .Between(tunnel->GetRemote(), tunnel->GetLocal()));
            return;
        }
        if (CheckTunnelInbound(tunnel, packet, family, v.spi, protocol))
        {
            if (!m_state->traces.cleartextIn.IsEmpty())
            {
                m_state->traces.cleartextIn(packet->Copy());
            }
            tunnel->Receive(packet, family);
        }
        return;
    }
    // The inner datagram re-enters IP on the device it arrived on, which must carry its family
    // (a tunnel interface of another tunnel may carry one family only).
    bool six = family == IpsecAddress::Family::IPV6;
    if (six ? !m_l3v6->Carries(device) : !m_l3->Carries(device))
    {
        m_state->drops.Drop(
            packet,
            IpsecDropReason::POLICY_VIOLATION,
            IpsecDirection::INBOUND,
            v.spi,
            &protocol,
            IpsecDropDetail(IpsecDropDetail::Text::DEVICE_FAMILY_NOT_CARRIED).Numbers(six ? 6 : 4));
        return;
    }
    if (six)
    {
        if (!m_state->traces.cleartextIn.IsEmpty())
        {
            m_state->traces.cleartextIn(packet->Copy());
        }
        m_l3v6->Reinject(packet, device);
        return;
    }
    Reinject(packet, device); // the inner datagram carries its own header
}

bool
IpsecInputStage::CheckTunnelInbound(Ptr<IpsecTunnelInterface> tunnel,
                                    Ptr<Packet> datagram,
                                    IpsecAddress::Family family,
                                    uint32_t spi,
                                    IpsecProtocol protocol)
{
    if (tunnel->GetSpd()->GetN() == 0)
    {
        return true;
    }
    Ptr<Packet> copy = datagram->Copy();
    IpsecAddress source;
    IpsecAddress destination;
    uint8_t next;
    if (family == IpsecAddress::Family::IPV6)
    {
        Ipv6Header inner;
        copy->RemoveHeader(inner);
        source = inner.GetSource();
        destination = inner.GetDestination();
        next = inner.GetNextHeader();
    }
    else
    {
        Ipv4Header inner;
        copy->RemoveHeader(inner);
        source = inner.GetSource();
        destination = inner.GetDestination();
        next = inner.GetProtocol();
    }
    IpsecFlow flow = IpsecFlow::Parse(copy, destination, source, next, false);
    IpsecVerdict verdict = m_engine.DecideTunnelInbound(*tunnel, flow, spi);
    if (verdict.GetAction() == IpsecVerdict::Action::DROP)
    {
        verdict.DropWith(m_state->drops, datagram, IpsecDirection::INBOUND, &protocol);
        return false;
    }
    return true;
}

void
IpsecInputStage::Reinject(Ptr<Packet> datagram, Ptr<NetDevice> device)
{
    if (!m_state->traces.cleartextIn.IsEmpty())
    {
        m_state->traces.cleartextIn(datagram->Copy());
    }
    m_l3->Reinject(datagram, device);
}

bool
IpsecInputStage::AcceptForDelivery(const Ptr<Packet>& packet,
                                   const Ipv4Header& header,
                                   const Ptr<Ipv4Interface>& incoming)
{
    uint8_t protocol = header.GetProtocol(); // out of line in ns-3, and logged
    if (protocol == 17 && m_state->sadb->HasEncapsulatedSas()
        && m_delivering.packet != PeekPointer(packet)
        && ReceiveUdpEncapsulated(packet, header, incoming))
    {
        return false; // ESP in UDP, or a NAT keepalive: the IPsec layer's, not the socket's
    }
    if (PassesUnchecked(*packet, protocol, IpsecAddress::Family::IPV4))
    {
        return true;
    }
    bool viaTunnelInterface
        = incoming && m_tunnels.FindByDevice(PeekPointer(incoming->GetDevice()));
    if (m_delivering.packet == PeekPointer(packet))
    {
        // Straight from ReceiveProtected: the history comes with the call.
        if (!CheckInbound(packet,
                          header.GetSource(),
                          header.GetDestination(),
                          header.GetProtocol(),
                          false,
                          viaTunnelInterface,
                          nullptr,
                          m_delivering.history))
        {
            return false;
        }
        if (m_delivering.tagged)
        {
            IpsecInboundTag history;
            packet->RemovePacketTag(history);
        }
        return true;
    }
    return AcceptWithTag(packet,
                         header.GetSource(),
                         header.GetDestination(),
                         header.GetProtocol(),
                         viaTunnelInterface);
}

bool
IpsecInputStage::PassesUnchecked(const Packet& packet,
                                 uint8_t protocol,
                                 IpsecAddress::Family family)
{
    if (m_engine.PassesThrough(protocol, family) && !IpsecInboundTag::IsOn(packet))
    {
        ++m_state->stats.policy.clearAcceptedIn; // nothing configured: what policy would say
        return true;
    }
    return false;
}

bool
IpsecInputStage::AcceptWithTag(Ptr<Packet> packet,
                               const IpsecAddress& source,
                               const IpsecAddress& destination,
                               uint8_t protocol,
                               bool viaTunnelInterface)
{
    bool carriesHistory = false;
    if (!CheckInbound(packet,
                      source,
                      destination,
                      protocol,
                      false,
                      viaTunnelInterface,
                      &carriesHistory))
    {
        return false;
    }
    if (carriesHistory)
    {
        IpsecInboundTag history;
        packet->RemovePacketTag(history);
    }
    return true;
}

bool
IpsecInputStage::AcceptTransit6(Ptr<Packet> packet,
                                const Ipv6Header& header,
                                bool viaTunnelInterface)
{
    return CheckInbound(packet,
                        header.GetSource(),
                        header.GetDestination(),
                        header.GetNextHeader(),
                        true,
                        viaTunnelInterface);
}

bool
IpsecInputStage::AcceptForDelivery6(Ptr<Packet> packet,
                                    const Ipv6Header& header,
                                    uint8_t protocol,
                                    Ptr<Ipv6Interface> incoming)
{
    if (PassesUnchecked(*packet, protocol, IpsecAddress::Family::IPV6))
    {
        return true;
    }
    bool viaTunnelInterface
        = incoming && m_tunnels.FindByDevice(PeekPointer(incoming->GetDevice()));
    return AcceptWithTag(packet,
                         header.GetSource(),
                         header.GetDestination(),
                         protocol,
                         viaTunnelInterface);
}

bool
IpsecInputStage::CheckInbound(Ptr<Packet> packet,
                              const IpsecAddress& source,
                              const IpsecAddress& destination,
                              uint8_t protocol,
                              bool forwarded,
                              bool viaTunnelInterface,
                              bool* carriesHistory,
                              const IpsecInboundTag* delivered)
{
    IpsecFlow flow = IpsecFlow::Parse(packet, destination, source, protocol, false);
    // Only layers verified by this node count (a forwarded inner packet keeps no credit).
    IpsecInboundTag layers;
    IpsecInboundTag tag;
    const IpsecInboundTag* history = delivered;
    if (!history && packet->PeekPacketTag(tag))
    {
        history = &tag;
    }
    if (carriesHistory)
    {
        *carriesHistory = history && !delivered;
    }
    bool verifiedHere = history && history->GetNode() == m_state->nodeId;
    if (verifiedHere)
    {
        for (const auto& layer : *history)
        {
            // A tunnel interface already applied its own policy to its tunnel layers: from
            // here on the packet is as if it arrived in the clear on that interface.
            if (!(viaTunnelInterface && layer.mode == IpsecMode::TUNNEL))
            {
                layers.Add(layer);
            }
        }
    }

    // Intra-machine traffic carries no mechanism, only what its outbound policy credited.
    bool intraMachine = !forwarded && verifiedHere && history->IsIntraMachine();
    IpsecVerdict verdict = m_engine.DecideInbound(flow,
                                                  layers,
                                                  intraMachine,
                                                  forwarded ? IpsecPolicyEngine::Origin::FORWARDED
                                                            : IpsecPolicyEngine::Origin::LOCAL);
    if (verdict.GetAction() == IpsecVerdict::Action::DROP)
    {
        verdict.DropWith(m_state->drops, packet, IpsecDirection::INBOUND);
        return false;
    }
    if (verdict.Counts(IpsecVerdict::COUNT_CLEAR_IN))
    {
        ++m_state->stats.policy.clearAcceptedIn;
    }
    if (verdict.Counts(IpsecVerdict::COUNT_INTRA_MACHINE))
    {
        ++m_state->stats.policy.intraMachineIn;
    }
    return true;
}

} // namespace ns3
