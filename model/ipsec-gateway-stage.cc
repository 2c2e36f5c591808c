/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-gateway-stage.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecGatewayStage");

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
    return ForwardProtected(packet,
                            header,
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
    if (!m_input.AcceptTransit6(packet, header))
    {
        return true; // dropped and counted
    }
    IpsecFlow flow
        = IpsecFlow::Parse(packet, header.GetSource(), header.GetDestination(), protocol, true);
    IpsecVerdict verdict = m_engine.DecideOutbound(flow, IpsecPolicyEngine::Origin::FORWARDED);
    switch (verdict.GetAction())
    {
        case IpsecVerdict::Action::PASS:
            return false;
        case IpsecVerdict::Action::DROP:
            verdict.DropWith(m_state->drops, packet, IpsecDirection::OUTBOUND);
            return true;
        case IpsecVerdict::Action::ACQUIRE:
        case IpsecVerdict::Action::PROTECT:
            break;
    }
    IpsecVerdict::Drop(IpsecDropReason::POLICY_VIOLATION,
                       0,
                       IpsecDropDetail(IpsecDropDetail::Text::IPV6_UNPROTECTABLE)
                           .Between(flow.local, flow.remote)
                           .Policy(verdict.GetPolicy()))
        .DropWith(m_state->drops, packet, IpsecDirection::OUTBOUND);
    return true;
}

bool
IpsecGatewayStage::ForwardProtected(Ptr<Packet> packet,
                                    const Ipv4Header& header,
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
    if (header.GetTtl() <= 1)
    {
        return false; // TTL expiry: IP forwarding answers it
    }
    // The inner datagram is forwarded: its TTL drops by one (RFC 4301 §5.1.2.1).
    Ipv4Header inner = header;
    inner.SetTtl(header.GetTtl() - 1);
    if (m_state->settings.checksums)
    {
        inner.EnableChecksum();
    }
    SendForwarded(packet, header, inner, verdict.GetBundle());
    return true;
}

void
IpsecGatewayStage::SendForwarded(Ptr<Packet> packet,
                                 const Ipv4Header& received,
                                 const Ipv4Header& inner,
                                 const IpsecSaResolver::Bundle& bundle)
{
    Ipv4Header probe;
    probe.SetSource(bundle.back()->GetSource().GetIpv4());
    probe.SetDestination(bundle.back()->GetDestination().GetIpv4());
    probe.SetProtocol(static_cast<uint8_t>(bundle.back()->GetProtocol()));
    Ptr<Ipv4Route> route = m_l3->RouteTo(packet, probe);
    if (!route)
    {
        m_state->drops.Drop(packet,
                            IpsecDropReason::NO_ROUTE,
                            IpsecDirection::OUTBOUND,
                            bundle.back()->GetSpi(),
                            nullptr,
                            IpsecDropDetail(IpsecDropDetail::Text::NO_ROUTE_TO_PEER)
                                .Between(probe.GetSource(), probe.GetDestination()));
        return;
    }

    // Path MTU: the protected datagram must fit the tunnel's first hop.
    uint32_t datagram = inner.GetSerializedSize() + packet->GetSize();
    uint32_t overhead = m_output.ProtectedSize(bundle, datagram) - datagram;
    uint32_t mtu = route->GetOutputDevice()->GetMtu();
    if (datagram + overhead > mtu)
    {
        bool outerDf
            = m_state->settings.dfBit == IpsecTunnelHeader::DF_SET
           || (m_state->settings.dfBit == IpsecTunnelHeader::DF_COPY && inner.IsDontFragment());
        if (inner.IsDontFragment())
        {
            // Like a real gateway: tell the sender the MTU left after IPsec's overhead.
            if (mtu > overhead)
            {
                m_l3->SendFragmentationNeeded(received, packet, mtu - overhead);
            }
            m_state->drops.Drop(packet,
                                IpsecDropReason::TOO_BIG,
                                IpsecDirection::OUTBOUND,
                                bundle.back()->GetSpi(),
                                nullptr,
                                IpsecDropDetail(IpsecDropDetail::Text::DF_TOO_BIG)
                                    .Numbers(datagram, mtu > overhead ? mtu - overhead : 0));
            return;
        }
        if (outerDf)
        {
            // The outer header may not be fragmented: fragment the inner datagram instead.
            uint32_t room = mtu > overhead + inner.GetSerializedSize()
                              ? mtu - overhead - inner.GetSerializedSize()
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
                Ipv4Header fh = inner;
                fh.SetFragmentOffset(inner.GetFragmentOffset() + offset);
                if (offset + length < size || !inner.IsLastFragment())
                {
                    fh.SetMoreFragments();
                }
                else
                {
                    fh.SetLastFragment();
                }
                fh.SetPayloadSize(length);
                m_output.Protect(fragment, fh, bundle, route, probe.GetDestination());
            }
            return;
        }
        // Otherwise IP output fragments the outer datagram.
    }
    m_output.Protect(packet, inner, bundle, route, probe.GetDestination());
}

bool
IpsecGatewayStage::SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel, Ptr<Packet> datagram)
{
    Ipv4Header inner;
    datagram->RemoveHeader(inner);
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
            original->AddHeader(inner);
            m_resolver.HoldOrDrop(
                verdict.GetMissing(),
                flow,
                *verdict.GetPolicy(),
                datagram,
                [this, tunnel, original]() { SendThroughTunnel(tunnel, original->Copy()); },
                verdict.GetDetail());
            return true;
        }
        case IpsecVerdict::Action::PROTECT:
            break;
    }
    // IP forwarding already decremented the TTL; the path MTU rules are the gateway's. The
    // header read off the datagram serializes its checksum only when told to.
    if (m_state->settings.checksums)
    {
        inner.EnableChecksum();
    }
    SendForwarded(datagram, inner, inner, verdict.GetBundle());
    return true;
}

} // namespace ns3
