/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-gateway-stage.h"

#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecGatewayStage");

namespace
{
/// The smallest MTU every IPv6 link has (RFC 8200 §5).
constexpr uint32_t IPV6_MINIMUM_MTU = 1280;
} // namespace

IpsecGatewayStage::IpsecGatewayStage(Ptr<IpsecState> state,
                                     Ptr<IpsecIpv4Adapter> l3,
                                     IpsecPolicyEngine& engine,
                                     IpsecSaResolver& resolver,
                                     IpsecTunnelTable& tunnels,
                                     IpsecOutputStage& output,
                                     IpsecInputStage& input)
    : m_state(state)
    , m_l3(l3)
    , m_engine(engine)
    , m_resolver(resolver)
    , m_tunnels(tunnels)
    , m_output(output)
    , m_input(input)
{
}

void
IpsecGatewayStage::SetIpv6(Ptr<IpsecIpv6Adapter> l3)
{
    m_l3v6 = l3;
}

bool
IpsecGatewayStage::RouteForwarded(Ptr<const Packet> p,
                                  const Ipv4Header& header,
                                  Ptr<const NetDevice> idev)
{
    NS_LOG_FUNCTION(this << p << header);
    IpsecInboundTag history;
    if (m_state->spd->GetN() == 0
        && !(p->PeekPacketTag(history) && history.GetNode() == m_state->nodeId))
    {
        return false; // no policy and nothing decapsulated here: plain forwarding
    }
    Ptr<Packet> packet = p->Copy();
    uint32_t headerLength = header.GetSerializedSize();
    if (headerLength < IPV4_HEADER_MINIMUM)
    {
        // RFC 1812 §5.2.2: a router discards a header length below 5 (ns-3's IPv4 input takes
        // it); it cannot be encapsulated whole.
        m_state->drops.Drop(
            packet,
            IpsecDropReason::MALFORMED,
            IpsecDirection::INBOUND,
            0,
            nullptr,
            IpsecDropDetail(IpsecDropDetail::Text::IPV4_HEADER_TOO_SHORT).Numbers(headerLength));
        return true;
    }
    if (!m_input.AcceptTransit(packet,
                               header,
                               m_tunnels.FindByDevice(PeekPointer(idev)) != nullptr))
    {
        return true; // dropped and counted: no route for it
    }
    IpsecFlow flow = IpsecFlow::Parse(packet,
                                      header.GetSource(),
                                      header.GetDestination(),
                                      header.GetProtocol(),
                                      true);
    // ns-3 kept none of the header's options: a tunnel carries the datagram with a 20-byte
    // header (Ipv4Header would write 20 bytes into the room of the options too).
    return ForwardProtected(
        packet,
        headerLength > IPV4_HEADER_MINIMUM ? IpsecIpHeader::WithoutOptions(header) : header,
        flow,
        m_engine.DecideOutbound(flow, IpsecPolicyEngine::Origin::FORWARDED));
}

bool
IpsecGatewayStage::RouteForwarded6(Ptr<const Packet> p,
                                   const Ipv6Header& header,
                                   Ptr<const NetDevice> idev)
{
    NS_LOG_FUNCTION(this << p);
    if (m_state->spd->GetN() == 0)
    {
        return false; // no policy: plain forwarding
    }
    Ptr<Packet> packet = p->Copy();
    uint8_t protocol = header.GetNextHeader();
    if (!m_input.AcceptTransit6(packet,
                                header,
                                m_tunnels.FindByDevice(PeekPointer(idev)) != nullptr))
    {
        return true; // dropped and counted
    }
    IpsecFlow flow
        = IpsecFlow::Parse(packet, header.GetSource(), header.GetDestination(), protocol, true);
    return ForwardProtected(packet,
                            header,
                            flow,
                            m_engine.DecideOutbound(flow, IpsecPolicyEngine::Origin::FORWARDED));
}

bool
IpsecGatewayStage::ForwardProtected(Ptr<Packet> packet,
                                    const IpsecIpHeader& header,
                                    const IpsecFlow& flow,
                                    const IpsecVerdict& verdict)
{
    switch (verdict.GetAction())
    {
        case IpsecVerdict::Action::PASS:
            return false; // ordinary forwarding ('use' without SA too)
        case IpsecVerdict::Action::DROP:
            verdict.DropWith(m_state->drops, packet, IpsecDirection::OUTBOUND);
            return true;
        case IpsecVerdict::Action::ACQUIRE: {
            Ptr<SecurityPolicy> policy = verdict.GetPolicy();
            IpsecDropDetail detail = verdict.GetDetail();
            m_resolver.HoldOrDrop(
                verdict.GetMissing(),
                flow,
                *policy,
                packet,
                [this, packet, header, flow, policy, detail]() {
                    IpsecVerdict again = m_engine.Resolve(policy,
                                                          flow,
                                                          IpsecPolicyEngine::Origin::FORWARDED,
                                                          detail);
                    if (!ForwardProtected(packet, header, flow, again))
                    {
                        m_state->drops.Drop(packet,
                                            IpsecDropReason::NO_SA,
                                            IpsecDirection::OUTBOUND,
                                            0,
                                            nullptr,
                                            IpsecDropDetail(IpsecDropDetail::Text::HELD_NO_LONGER));
                    }
                },
                detail);
            return true;
        }
        case IpsecVerdict::Action::PROTECT:
            break;
    }
    if (header.GetHopLimit() <= 1)
    {
        return false; // TTL or hop limit expiry: IP forwarding answers it
    }
    // The inner datagram is forwarded: its TTL or hop limit drops by one (RFC 4301 §5.1.2).
    IpsecIpHeader inner = header;
    inner.SetHopLimit(header.GetHopLimit() - 1);
    if (m_state->settings.checksums)
    {
        inner.EnableChecksum();
    }
    SendForwarded(packet, header, inner, verdict.GetBundle());
    return true;
}

void
IpsecGatewayStage::SendForwarded(Ptr<Packet> packet,
                                 const IpsecIpHeader& received,
                                 const IpsecIpHeader& inner,
                                 const IpsecSaResolver::Bundle& bundle)
{
    // The route to the tunnel peer, in the tunnel's family.
    const SecurityAssociation& outermost = *bundle.back();
    const IpsecAddress& peer = outermost.GetDestination();
    IpsecOutputStage::Route route{nullptr, nullptr, peer};
    Ptr<NetDevice> device;
    if (peer.IsIpv4() && m_l3)
    {
        Ipv4Header probe;
        probe.SetSource(outermost.GetSource().GetIpv4());
        probe.SetDestination(peer.GetIpv4());
        probe.SetProtocol(static_cast<uint8_t>(outermost.GetProtocol()));
        if ((route.v4 = m_l3->RouteTo(packet, probe)))
        {
            device = route.v4->GetOutputDevice();
        }
    }
    else if (peer.IsIpv6() && m_l3v6)
    {
        Ipv6Header probe;
        probe.SetSource(outermost.GetSource().GetIpv6());
        probe.SetDestination(peer.GetIpv6());
        probe.SetNextHeader(static_cast<uint8_t>(outermost.GetProtocol()));
        if ((route.v6 = m_l3v6->RouteTo(packet, probe)))
        {
            device = route.v6->GetOutputDevice();
        }
    }
    if (!device)
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::NO_ROUTE,
                            IpsecDirection::OUTBOUND,
                            outermost.GetSpi(),
                            nullptr,
                            IpsecDropDetail(IpsecDropDetail::Text::NO_ROUTE_TO_PEER)
                                .Between(outermost.GetSource(), peer));
        return;
    }

    // Path MTU: the protected datagram must fit the tunnel's first hop.
    uint32_t datagram = inner.GetSerializedSize() + packet->GetSize();
    uint32_t overhead
        = m_output.ProtectedSize(bundle, inner.GetSerializedSize(), datagram) - datagram;
    uint32_t mtu = device->GetMtu();
    if (datagram + overhead > mtu)
    {
        if (!inner.IsIpv4())
        {
            // IPv6 is never fragmented on its way: tell the sender what fits (RFC 4301 §8.2),
            // unless that is below the IPv6 minimum MTU; then the outer datagram is fragmented.
            if (mtu >= overhead + IPV6_MINIMUM_MTU)
            {
                m_l3v6->SendPacketTooBig(received.GetIpv6(), packet, mtu - overhead);
                m_state->drops.Drop(packet,
                                    IpsecDropReason::TOO_BIG,
                                    IpsecDirection::OUTBOUND,
                                    outermost.GetSpi(),
                                    nullptr,
                                    IpsecDropDetail(IpsecDropDetail::Text::PACKET_TOO_BIG)
                                        .Numbers(datagram, mtu - overhead));
                return;
            }
            m_output.Protect(packet, inner, bundle, route);
            return;
        }
        const Ipv4Header& inner4 = inner.GetIpv4();
        bool outerDf
            = m_state->settings.dfBit == IpsecTunnelHeader::DF_SET
           || (m_state->settings.dfBit == IpsecTunnelHeader::DF_COPY && inner4.IsDontFragment());
        if (inner4.IsDontFragment())
        {
            // Like a real gateway: tell the sender the MTU left after IPsec's overhead.
            if (mtu > overhead)
            {
                m_l3->SendFragmentationNeeded(received.GetIpv4(), packet, mtu - overhead);
            }
            m_state->drops.Drop(packet,
                                IpsecDropReason::TOO_BIG,
                                IpsecDirection::OUTBOUND,
                                outermost.GetSpi(),
                                nullptr,
                                IpsecDropDetail(IpsecDropDetail::Text::DF_TOO_BIG)
                                    .Numbers(datagram, mtu > overhead ? mtu - overhead : 0));
            return;
        }
        if (outerDf)
        {
            // The outer header may not be fragmented: fragment the inner datagram instead.
            uint32_t room = mtu > overhead + inner4.GetSerializedSize()
                              ? mtu - overhead - inner4.GetSerializedSize()
                              : 0;
            room -= room % 8;
            if (room == 0)
            {
                m_state->drops.Drop(packet, IpsecDropReason::TOO_BIG, IpsecDirection::OUTBOUND);
                return;
            }
            uint32_t size = packet->GetSize();
            for (uint32_t offset = 0; offset < size; offset += room)
            {
                uint32_t length = std::min(room, size - offset);
                Ptr<Packet> fragment = packet->CreateFragment(offset, length);
                Ipv4Header fh = inner4;
                fh.SetFragmentOffset(inner4.GetFragmentOffset() + offset);
                if (offset + length < size || !inner4.IsLastFragment())
                {
                    fh.SetMoreFragments();
                }
                else
                {
                    fh.SetLastFragment();
                }
                fh.SetPayloadSize(length);
                m_output.Protect(fragment, fh, bundle, route);
            }
            return;
        }
        // Otherwise IP output fragments the outer datagram.
    }
    m_output.Protect(packet, inner, bundle, route);
}

bool
IpsecGatewayStage::SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel,
                                     Ptr<Packet> datagram,
                                     uint16_t protocol)
{
    // The header read off the datagram serializes its checksum only when told to.
    auto readHeader = [this, datagram, protocol]() -> IpsecIpHeader {
        if (protocol == Ipv6L3Protocol::PROT_NUMBER)
        {
            Ipv6Header header;
            datagram->RemoveHeader(header);
            return header;
        }
        Ipv4Header header;
        datagram->RemoveHeader(header);
        if (m_state->settings.checksums)
        {
            header.EnableChecksum();
        }
        return header;
    };
    IpsecIpHeader inner = readHeader();
    IpsecFlow flow = IpsecFlow::Parse(datagram,
                                      inner.GetSource(),
                                      inner.GetDestination(),
                                      inner.GetProtocol(),
                                      true);
    IpsecVerdict verdict = m_engine.DecideOutbound(flow,
                                                   IpsecPolicyEngine::Origin::TUNNEL_INTERFACE,
                                                   PeekPointer(tunnel));
    switch (verdict.GetAction())
    {
        case IpsecVerdict::Action::PASS: // a tunnel interface never sends in the clear
        case IpsecVerdict::Action::DROP:
            verdict.DropWith(m_state->drops, datagram, IpsecDirection::OUTBOUND);
            return true;
        case IpsecVerdict::Action::ACQUIRE: {
            Ptr<Packet> original = datagram->Copy();
            inner.AddTo(original);
            m_resolver.HoldOrDrop(
                verdict.GetMissing(),
                flow,
                *verdict.GetPolicy(),
                datagram,
                [this, tunnel, original, protocol]() {
                    SendThroughTunnel(tunnel, original->Copy(), protocol);
                },
                verdict.GetDetail());
            return true;
        }
        case IpsecVerdict::Action::PROTECT:
            break;
    }
    // IP forwarding already lowered the TTL or hop limit; the path MTU rules are the gateway's.
    SendForwarded(datagram, inner, inner, verdict.GetBundle());
    return true;
}

} // namespace ns3
