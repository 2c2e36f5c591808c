/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-output-stage.h"

#include "ipsec-address.h"
#include "ipsec-packet-bytes.h"
#include "ipsec-transform.h"
#include "ipsec-udp-encapsulation.h"

#include "ns3/log.h"
#include "ns3/socket.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecOutputStage");

IpsecOutputStage::IpsecOutputStage(Ptr<IpsecState> state,
                                   Ptr<IpsecIpv4Adapter> l3,
                                   IpsecPolicyEngine& engine,
                                   IpsecSaResolver& resolver)
    : m_state(state)
    , m_l3(l3)
    , m_engine(engine)
    , m_resolver(resolver)
{
}

void
IpsecOutputStage::SetIpv6(Ptr<IpsecIpv6Adapter> l3)
{
    m_l3v6 = l3;
}

void
IpsecOutputStage::CreditIntraMachine(Ptr<Packet> packet, const IpsecInboundTag& credited)
{
    // Policy is enforced, no mechanism applied: the inbound check takes the credit as if it
    // had been applied.
    IpsecInboundTag credit = credited;
    credit.SetNode(m_state->nodeId);
    credit.SetIntraMachine(true);
    IpsecInboundTag stale; // one history per packet
    packet->RemovePacketTag(stale);
    packet->AddPacketTag(credit);
    ++m_state->stats.policy.intraMachineOut;
}

void
IpsecOutputStage::CountPass(Ptr<Packet> packet, const IpsecVerdict& verdict, const IpsecFlow& flow)
{
    if (verdict.Counts(IpsecVerdict::COUNT_INTRA_MACHINE))
    {
        CreditIntraMachine(packet, IpsecPolicyEngine::CreditOf(verdict.GetPolicy(), flow.remote));
    }
    else if (verdict.Counts(IpsecVerdict::COUNT_BYPASS_OUT))
    {
        ++m_state->stats.policy.bypassOut;
    }
}

bool
IpsecOutputStage::InTheClearAlways(Ipv4Address destination)
{
    // Broadcast/multicast: no SAs for them. Key management daemons are not a port number: their
    // sockets bypass IPsec through their per-socket policy.
    return IsIpv4BroadcastOrMulticast(destination);
}

bool
IpsecOutputStage::InTheClearAlways(Ipv6Address destination)
{
    return destination.IsMulticast(); // no SAs for it
}

void
IpsecOutputStage::SendClear(const Ptr<Packet>& packet,
                            Ipv4Address source,
                            Ipv4Address destination,
                            uint8_t protocol,
                            const Ptr<Ipv4Route>& route)
{
    m_l3->SendClear(packet, source, destination, protocol, route);
}

void
IpsecOutputStage::SendClear(const Ptr<Packet>& packet,
                            Ipv6Address source,
                            Ipv6Address destination,
                            uint8_t protocol,
                            const Ptr<Ipv6Route>& route)
{
    m_l3v6->SendClear(packet, source, destination, protocol, route);
}

IpsecAddress::Family
IpsecOutputStage::FamilyOf(Ipv4Address)
{
    return IpsecAddress::Family::IPV4;
}

IpsecAddress::Family
IpsecOutputStage::FamilyOf(Ipv6Address)
{
    return IpsecAddress::Family::IPV6;
}

bool
IpsecOutputStage::IsLocalAddress(Ipv4Address address) const
{
    return m_l3->IsLocalAddress(address);
}

bool
IpsecOutputStage::IsLocalAddress(Ipv6Address address) const
{
    return m_l3v6->IsLocalAddress(address);
}

void
IpsecOutputStage::AnnounceLocal(Ptr<Packet> packet,
                                Ipv4Address source,
                                Ipv4Address destination,
                                uint8_t protocol)
{
    if (m_state->traces.clearSend.IsEmpty())
    {
        return;
    }
    Ipv4Header header;
    header.SetSource(source);
    header.SetDestination(destination);
    header.SetProtocol(protocol);
    header.SetPayloadSize(packet->GetSize());
    m_state->traces.clearSend(header, packet);
}

void
IpsecOutputStage::AnnounceLocal(Ptr<Packet> packet,
                                Ipv6Address source,
                                Ipv6Address destination,
                                uint8_t protocol)
{
    if (m_state->traces.clearSend6.IsEmpty())
    {
        return;
    }
    Ipv6Header header;
    header.SetSource(source);
    header.SetDestination(destination);
    header.SetNextHeader(protocol);
    header.SetPayloadLength(packet->GetSize());
    m_state->traces.clearSend6(header, packet);
}

template <class Address, class IpRoute>
void
IpsecOutputStage::SendLocal(const Ptr<Packet>& packet,
                            Address source,
                            Address destination,
                            uint8_t protocol,
                            const Ptr<IpRoute>& route)
{
    NS_LOG_FUNCTION(this << packet << source << destination << uint32_t(protocol));
    if (InTheClearAlways(destination))
    {
        SendClear(packet, source, destination, protocol, route);
        return;
    }
    bool local = !IsLocalAddress(destination);
    if (local && m_engine.PassesThrough(protocol, FamilyOf(destination)))
    {
        ++m_state->stats.policy.bypassOut; // nothing configured: what policy would say
        SendClear(packet, source, destination, protocol, route);
        return;
    }
    IpsecFlow flow = IpsecFlow::Parse(packet, source, destination, protocol, true);
    IpsecVerdict verdict = m_engine.DecideOutbound(
        flow,
        local ? IpsecPolicyEngine::Origin::LOCAL : IpsecPolicyEngine::Origin::INTRA_MACHINE);
    switch (verdict.GetAction())
    {
        case IpsecVerdict::Action::PASS:
            CountPass(packet, verdict, flow);
            SendClear(packet, source, destination, protocol, route);
            return;
        case IpsecVerdict::Action::DROP:
            if (local)
            {
                AnnounceLocal(packet, source, destination, protocol);
            }
            verdict.DropWith(m_state->drops, packet, IpsecDirection::OUTBOUND);
            return;
        case IpsecVerdict::Action::ACQUIRE:
            AnnounceLocal(packet, source, destination, protocol); // held or dropped, not sent
            m_resolver.HoldOrDrop(
                verdict.GetMissing(),
                flow,
                *verdict.GetPolicy(),
                packet,
                [this, packet, source, destination, protocol, route]() {
                    SendLocal(packet, source, destination, protocol, route);
                },
                verdict.GetDetail());
            return;
        case IpsecVerdict::Action::PROTECT:
            ProtectLocal(packet, source, destination, protocol, route, verdict.GetBundle());
            return;
    }
}

void
IpsecOutputStage::Send(const Ptr<Packet>& packet,
                       Ipv4Address source,
                       Ipv4Address destination,
                       uint8_t protocol,
                       const Ptr<Ipv4Route>& route)
{
    SendLocal(packet, source, destination, protocol, route);
}

void
IpsecOutputStage::Send6(const Ptr<Packet>& packet,
                        Ipv6Address source,
                        Ipv6Address destination,
                        uint8_t protocol,
                        const Ptr<Ipv6Route>& route)
{
    SendLocal(packet, source, destination, protocol, route);
}

void
IpsecOutputStage::ProtectLocal(Ptr<Packet> packet,
                               Ipv6Address source,
                               Ipv6Address destination,
                               uint8_t protocol,
                               Ptr<Ipv6Route> route,
                               const IpsecSaResolver::Bundle& bundle)
{
    Ipv6Header header;
    header.SetSource(source);
    header.SetDestination(destination);
    header.SetNextHeader(protocol);
    header.SetPayloadLength(packet->GetSize());
    SocketIpv6HopLimitTag hopLimit;
    header.SetHopLimit(packet->PeekPacketTag(hopLimit) ? hopLimit.GetHopLimit()
                                                       : m_l3v6->GetDefaultHopLimit());
    SocketIpv6TclassTag tclass;
    header.SetTrafficClass(packet->PeekPacketTag(tclass) ? tclass.GetTclass()
                                                         : m_l3v6->GetDefaultTrafficClass());
    Protect(packet, header, bundle, {nullptr, route, destination});
}

void
IpsecOutputStage::ProtectLocal(Ptr<Packet> packet,
                               Ipv4Address source,
                               Ipv4Address destination,
                               uint8_t protocol,
                               Ptr<Ipv4Route> route,
                               const IpsecSaResolver::Bundle& bundle)
{
    // The socket's TTL and TOS tags go into the header (and off the packet). One look at the
    // packet's tags first: most datagrams carry neither, and removing is a search each.
    bool ttlTagged = false;
    bool tosTagged = false;
    for (PacketTagIterator it = packet->GetPacketTagIterator(); it.HasNext();)
    {
        TypeId type = it.Next().GetTypeId();
        ttlTagged = ttlTagged || type == SocketIpTtlTag::GetTypeId();
        tosTagged = tosTagged || type == SocketIpTosTag::GetTypeId();
    }
    uint8_t ttl = m_l3->GetDefaultTtl();
    SocketIpTtlTag ttlTag;
    if (ttlTagged && packet->RemovePacketTag(ttlTag))
    {
        ttl = ttlTag.GetTtl();
    }
    uint8_t tos = 0;
    SocketIpTosTag tosTag;
    if (tosTagged && packet->RemovePacketTag(tosTag))
    {
        tos = tosTag.GetTos();
    }
    Ipv4Header header
        = m_l3->BuildHeader(source, destination, protocol, packet->GetSize(), ttl, tos);
    Protect(packet, header, bundle, {route, nullptr, destination});
}

void
IpsecOutputStage::Protect(Ptr<Packet> packet,
                          const IpsecIpHeader& header,
                          const IpsecSaResolver::Bundle& bundle,
                          const Route& route)
{
    if (header.IsIpv4())
    {
        m_state->traces.clearSend(header.GetIpv4(), packet);
    }
    else
    {
        m_state->traces.clearSend6(header.GetIpv6(), packet);
    }
    if (!m_state->traces.cleartextOut.IsEmpty())
    {
        Ptr<Packet> view = packet->Copy(); // the enc0 view: the datagram before protection
        header.AddTo(view);
        m_state->traces.cleartextOut(view);
    }

    // Each SA wraps the datagram described by (header, data): transport mode keeps the header
    // and protects the payload; tunnel mode makes the whole datagram the payload of a new header.
    IpsecBytes& data = m_state->payload;
    IpsecPacketBytes::Read(packet, data);
    const uint32_t clearSize = header.GetSerializedSize() + data.size();
    IpsecIpHeader ip(header);
    if (!ApplyBundle(packet, ip, data, bundle))
    {
        return; // dropped and counted
    }
    IpsecPacketBytes::Write(packet, data.data(), data.size(), IpsecPacketBytes::Bytes::PROTECTED);
    for (const auto& sa : bundle)
    {
        m_state->traces.outboundProtected(packet, sa);
    }
    Emit(packet, ip, bundle, clearSize, route);
}

void
IpsecOutputStage::Emit(Ptr<Packet> packet,
                       const IpsecIpHeader& out,
                       const IpsecSaResolver::Bundle& bundle,
                       uint32_t clearSize,
                       const Route& route)
{
    auto noRoute = [&]() {
        m_state->drops.Drop(packet,
                            IpsecDropReason::NO_ROUTE,
                            IpsecDirection::OUTBOUND,
                            bundle.back()->GetSpi(),
                            nullptr,
                            IpsecDropDetail(IpsecDropDetail::Text::NO_ROUTE)
                                .Between(out.GetSource(), out.GetDestination()));
    };
    const uint32_t wireSize = out.GetSerializedSize() + packet->GetSize();
    if (out.IsIpv4())
    {
        const Ipv4Header& header = out.GetIpv4();
        Ptr<Ipv4Route> r = route.v4;
        if (!r || route.to != out.GetDestination())
        {
            if (!(r = m_l3->RouteTo(packet, header)))
            {
                noRoute();
                return;
            }
        }
        m_state->stats.CountWire(clearSize, wireSize, r->GetOutputDevice()->GetMtu());
        m_l3->SendWithHeader(packet, header, r);
        return;
    }
    const Ipv6Header& header = out.GetIpv6();
    Ptr<Ipv6Route> r = route.v6;
    if (!r || route.to != out.GetDestination())
    {
        if (!(r = m_l3v6->RouteTo(packet, header)))
        {
            noRoute();
            return;
        }
    }
    m_state->stats.CountWire(clearSize, wireSize, r->GetOutputDevice()->GetMtu());
    // A tunnel's outer header has the IPsec layer's hop limit and traffic class; a transport-mode
    // header keeps the socket's (its tags are still on the packet).
    bool tunnel = std::any_of(bundle.begin(), bundle.end(), [](const auto& sa) {
        return sa->GetMode() == IpsecMode::TUNNEL;
    });
    m_l3v6->Send(packet, header, r, tunnel);
}

bool
IpsecOutputStage::ApplyBundle(Ptr<Packet> packet,
                              IpsecIpHeader& ip,
                              IpsecBytes& data,
                              const IpsecSaResolver::Bundle& bundle)
{
    for (size_t i = 0; i + 1 < bundle.size(); ++i)
    {
        if (bundle[i]->IsUdpEncapsulated())
        {
            // UDP goes around the outermost ESP only (RFC 3948): nothing can follow it.
            IpsecProtocol p = bundle[i]->GetProtocol();
            m_state->drops.Drop(
                packet,
                IpsecDropReason::POLICY_VIOLATION,
                IpsecDirection::OUTBOUND,
                bundle[i]->GetSpi(),
                &p,
                IpsecDropDetail(IpsecDropDetail::Text::ENCAP_NOT_OUTERMOST).Sa(bundle[i]));
            return false;
        }
    }
    for (const auto& sa : bundle)
    {
        if (!sa->IsUsable())
        {
            m_state->drops.Drop(packet,
                                IpsecDropReason::SA_EXPIRED,
                                IpsecDirection::OUTBOUND,
                                sa->GetSpi());
            return false;
        }
        uint64_t seq;
        if (!sa->NextSequence(seq))
        {
            m_state->sadb->Expire(sa, true, SecurityAssociation::Limit::SEQUENCE);
            IpsecProtocol p = sa->GetProtocol();
            m_state->drops.Drop(packet,
                                IpsecDropReason::SEQUENCE_OVERFLOW,
                                IpsecDirection::OUTBOUND,
                                sa->GetSpi(),
                                &p,
                                IpsecDropDetail(IpsecDropDetail::Text::SEQUENCE_EXHAUSTED).Sa(sa));
            return false;
        }
        if (sa->GetMode() == IpsecMode::TUNNEL)
        {
            // The datagram so far becomes the payload of an outer header of the tunnel's
            // family: 4-in-4, 6-in-4, 4-in-6 or 6-in-6.
            bool outer6 = sa->GetDestination().IsIpv6();
            if (outer6 ? !m_l3v6 : !m_l3)
            {
                m_state->drops.Drop(packet,
                                    IpsecDropReason::POLICY_VIOLATION,
                                    IpsecDirection::OUTBOUND,
                                    sa->GetSpi(),
                                    nullptr,
                                    IpsecDropDetail(IpsecDropDetail::Text::NO_STACK_FOR_TUNNEL));
                return false;
            }
            uint32_t innerHeader = ip.GetSerializedSize();
            ip.SetPayloadSize(data.size());
            data.insert(data.begin(), innerHeader, 0);
            ip.Serialize(data.data());
            if (outer6)
            {
                ip = m_l3v6->OuterHeader(ip, data.size(), *sa);
            }
            else
            {
                ip = m_l3->OuterHeader(ip, data.size(), *sa);
            }
        }
        uint32_t before = data.size();
        IpsecStats::Protocol& stats = m_state->stats.Of(sa->GetProtocol());
        sa->GetTransform()
            .Output(*sa, seq, ip, data, m_state->spare, m_state->settings, *m_state->ivRandom);
        if (sa->IsUdpEncapsulated())
        {
            IpsecUdpEncapsulation::Encapsulate(*sa, ip, data);
            ++m_state->stats.natt.encapsulatedOut;
        }
        m_state->sadb->RecordUse(sa, before);
        ++stats.packetsOut;
        stats.bytesOut += before;
        stats.overheadOut += data.size() - before;
    }
    return true;
}

uint32_t
IpsecOutputStage::ProtectedSize(const IpsecSaResolver::Bundle& bundle,
                                uint32_t headerSize,
                                uint32_t datagram) const
{
    // Mirrors ApplyBundle: (header, payload) grows layer by layer.
    uint32_t header = headerSize;
    uint32_t payload = datagram - header;
    for (const auto& sa : bundle)
    {
        if (sa->GetMode() == IpsecMode::TUNNEL)
        {
            payload += header;
            header = sa->GetDestination().IsIpv6() ? 40 : 20;
        }
        payload += sa->GetTransform().GetOverhead(*sa, payload);
        if (sa->IsUdpEncapsulated())
        {
            payload += IpsecUdpEncapsulation::HEADER;
        }
    }
    return header + payload;
}

} // namespace ns3
