/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "napt-box.h"

#include "ipsec-checksum.h"
#include "ipsec-enum-checker.h"
#include "ipsec-ip-header.h"
#include "ipsec-types.h"
#include "napt-inbound-hook.h"
#include "napt-routing-shim.h"

#include "ns3/boolean.h"
#include "ns3/header.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NaptBox");
NS_OBJECT_ENSURE_REGISTERED(NaptBox);

namespace
{
constexpr uint8_t kIcmp = 1;                     //!< ICMP's protocol number
constexpr uint8_t kTcp = 6;                      //!< TCP's protocol number
constexpr uint8_t kUdp = 17;                     //!< UDP's protocol number
constexpr uint8_t kIcmpEchoReply = 0;            //!< ICMP echo reply type
constexpr uint8_t kIcmpEcho = 8;                 //!< ICMP echo request type
constexpr uint32_t kMaxRewritten = 20;           //!< the most transport header bytes rewritten
constexpr int16_t kShimPriority = INT16_MAX - 1; //!< below IpsecForwardingShim (INT16_MAX)

/**
 * \brief The first bytes of a transport segment, rewritten: put back in front of the rest of
 * the segment in place of the original bytes (the packet object, its tags and byte tags stay).
 */
class NaptRewrittenBytes : public Header
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::NaptRewrittenBytes")
                                .SetParent<Header>()
                                .SetGroupName("Ipsec")
                                .AddConstructor<NaptRewrittenBytes>();
        return tid;
    }

    NaptRewrittenBytes() = default;

    /**
     * \param data the bytes
     * \param length their number (at most kMaxRewritten)
     */
    NaptRewrittenBytes(const uint8_t* data, uint32_t length)
        : m_length(length)
    {
        std::copy(data, data + length, m_bytes);
    }

    TypeId GetInstanceTypeId() const override { return GetTypeId(); }

    uint32_t GetSerializedSize() const override { return m_length; }

    void Serialize(Buffer::Iterator start) const override { start.Write(m_bytes, m_length); }

    uint32_t Deserialize(Buffer::Iterator start) override
    {
        // Only packet printing deserializes it; it cannot know the length: take what fits.
        m_length = std::min(kMaxRewritten, start.GetRemainingSize());
        start.Read(m_bytes, m_length);
        return m_length;
    }

    void Print(std::ostream& os) const override
    {
        os << "NAPT-rewritten transport header (" << m_length << " bytes)";
    }

  private:
    uint8_t m_bytes[kMaxRewritten]{}; //!< the bytes
    uint32_t m_length{0};             //!< how many
};

/**
 * \param p where
 * \return the 16-bit value in network byte order there
 */
uint16_t
Get16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

/**
 * \param p where
 * \param v the 16-bit value to write in network byte order
 */
void
Put16(uint8_t* p, uint16_t v)
{
    p[0] = static_cast<uint8_t>(v >> 8);
    p[1] = static_cast<uint8_t>(v);
}

/**
 * \param protocol 6, 17 or 1
 * \return how many bytes of its header the NAT reads and rewrites
 */
uint32_t
RewrittenLength(uint8_t protocol)
{
    return protocol == kTcp ? 20 : 8;
}

/**
 * \brief Rewrite one port (or ICMP identifier) and, for TCP and UDP, one address of the pseudo
 * header, updating the checksum.
 * \param protocol 6, 17 or 1
 * \param bytes the transport header's first bytes
 * \param portOffset where the port is
 * \param newPort its new value
 * \param oldAddress the address of the pseudo header before
 * \param newAddress and after
 */
void
Rewrite(uint8_t protocol,
        uint8_t* bytes,
        uint32_t portOffset,
        uint16_t newPort,
        Ipv4Address oldAddress,
        Ipv4Address newAddress)
{
    uint16_t oldPort = Get16(bytes + portOffset);
    Put16(bytes + portOffset, newPort);
    uint8_t* field = bytes + IpsecChecksum::FieldOffset(protocol);
    if (protocol == kUdp && Get16(field) == 0)
    {
        // No checksum (RFC 768): what ns-3 sends when its checksums are off, and what ESP in
        // UDP carries (RFC 3948 §2.1). A real NAT leaves it so. (ns-3 also writes a computed
        // checksum of 0 as 0 instead of 0xffff; such a datagram, 1 in 65536, then fails the
        // receiver's check, as it would behind a real NAT.)
        return;
    }
    IpsecChecksum::Adjust16(field, oldPort, newPort);
    if (protocol != kIcmp)
    {
        IpsecChecksum::Adjust(field, oldAddress.Get(), newAddress.Get());
    }
    if (protocol == kUdp && Get16(field) == 0)
    {
        Put16(field, 0xffff); // a computed zero is sent as all ones (RFC 768)
    }
}

/**
 * \param p a transport segment
 * \param bytes its rewritten first bytes
 * \param length their number
 */
void
ReplaceFront(Ptr<Packet> p, const uint8_t* bytes, uint32_t length)
{
    p->RemoveAtStart(length);
    p->AddHeader(NaptRewrittenBytes(bytes, length));
}
} // namespace

TypeId
NaptBox::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::NaptBox")
              .SetParent<Object>()
              .SetGroupName("Ipsec")
              .AddConstructor<NaptBox>()
              .AddAttribute("UdpTimeout",
                            "Idle timeout of a UDP mapping (RFC 4787 REQ-5: at least 2 minutes, "
                            "5 minutes recommended).",
                            TimeValue(Seconds(300)),
                            MakeTimeAccessor(&NaptBox::m_udpTimeout),
                            MakeTimeChecker(TimeStep(1)))
              .AddAttribute("TcpEstablishedTimeout",
                            "Idle timeout of an established TCP mapping (RFC 5382 REQ-5: at least "
                            "2 hours 4 minutes).",
                            TimeValue(Seconds(7440)),
                            MakeTimeAccessor(&NaptBox::m_tcpEstablishedTimeout),
                            MakeTimeChecker(TimeStep(1)))
              .AddAttribute("TcpTransitoryTimeout",
                            "Idle timeout of a partially open or closing TCP mapping (RFC 5382 "
                            "REQ-5: at least 4 minutes).",
                            TimeValue(Seconds(240)),
                            MakeTimeAccessor(&NaptBox::m_tcpTransitoryTimeout),
                            MakeTimeChecker(TimeStep(1)))
              .AddAttribute("IcmpTimeout",
                            "Idle timeout of an ICMP echo mapping (RFC 5508 REQ-1: at least 60 "
                            "seconds).",
                            TimeValue(Seconds(60)),
                            MakeTimeAccessor(&NaptBox::m_icmpTimeout),
                            MakeTimeChecker(TimeStep(1)))
              .AddAttribute("PortRangeMin",
                            "Lowest public port of dynamic mappings (at most PortRangeMax, checked "
                            "at install time).",
                            UintegerValue(1024),
                            MakeUintegerAccessor(&NaptBox::m_portMin),
                            MakeUintegerChecker<uint16_t>(1, 65535))
              .AddAttribute("PortRangeMax",
                            "Highest public port of dynamic mappings.",
                            UintegerValue(65535),
                            MakeUintegerAccessor(&NaptBox::m_portMax),
                            MakeUintegerChecker<uint16_t>(1, 65535))
              .AddAttribute("PortPreservation",
                            "Keep the inside port as the public port when it is in the range and "
                            "free (RFC 4787 section 4.2.1); otherwise take the next free port.",
                            BooleanValue(true),
                            MakeBooleanAccessor(&NaptBox::m_portPreservation),
                            MakeBooleanChecker())
              .AddAttribute(
                  "Mapping",
                  "Mapping behaviour (RFC 4787 section 4.1): EndpointIndependent (REQ-1), "
                  "AddressDependent, or AddressAndPortDependent (a symmetric NAT).",
                  EnumValue(NaptMappingTable::ENDPOINT_INDEPENDENT),
                  IPSEC_ENUM_ACCESSOR(Behavior, &NaptBox::m_mapping),
                  MakeIpsecEnumChecker<Behavior>(
                      {{NaptMappingTable::ENDPOINT_INDEPENDENT, "EndpointIndependent"},
                       {NaptMappingTable::ADDRESS_DEPENDENT, "AddressDependent"},
                       {NaptMappingTable::ADDRESS_AND_PORT_DEPENDENT, "AddressAndPortDependent"}}))
              .AddAttribute(
                  "Filtering",
                  "Filtering behaviour (RFC 4787 section 5): AddressAndPortDependent, "
                  "AddressDependent, or EndpointIndependent (inbound packets from any remote).",
                  EnumValue(NaptMappingTable::ADDRESS_AND_PORT_DEPENDENT),
                  IPSEC_ENUM_ACCESSOR(Behavior, &NaptBox::m_filtering),
                  MakeIpsecEnumChecker<Behavior>(
                      {{NaptMappingTable::ADDRESS_AND_PORT_DEPENDENT, "AddressAndPortDependent"},
                       {NaptMappingTable::ADDRESS_DEPENDENT, "AddressDependent"},
                       {NaptMappingTable::ENDPOINT_INDEPENDENT, "EndpointIndependent"}}))
              .AddTraceSource("MappingCreated",
                              "A dynamic mapping was made (protocol, inside address, inside "
                              "port, public port).",
                              MakeTraceSourceAccessor(&NaptBox::m_mappingCreatedTrace),
                              "ns3::NaptBox::MappingTracedCallback")
              .AddTraceSource("MappingExpired",
                              "A dynamic mapping was removed after its idle timeout (protocol, "
                              "inside address, inside port, public port).",
                              MakeTraceSourceAccessor(&NaptBox::m_mappingExpiredTrace),
                              "ns3::NaptBox::MappingTracedCallback")
              .AddTraceSource("Drop",
                              "A datagram the NAT did not translate (datagram, reason).",
                              MakeTraceSourceAccessor(&NaptBox::m_dropTrace),
                              "ns3::NaptBox::DropTracedCallback");
    return tid;
}

NaptBox::NaptBox()
{
    NS_LOG_FUNCTION(this);
    m_table.SetExpiredCallback([this](const NaptMappingTable::Mapping& m) { OnExpired(m); });
}

NaptBox::~NaptBox() = default;

void
NaptBox::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_ipv4 = nullptr;
    m_outsideDevice = nullptr;
    Object::DoDispose();
}

bool
NaptBox::IsInside(uint32_t ifIndex) const
{
    return ifIndex < m_inside.size() && m_inside[ifIndex];
}

void
NaptBox::SetInside(uint32_t ifIndex)
{
    NS_LOG_FUNCTION(this << ifIndex);
    if (m_installed)
    {
        if (ifIndex >= m_ipv4->GetNInterfaces())
        {
            throw std::invalid_argument("NaptBox::SetInside: the node has no IPv4 interface "
                                        + std::to_string(ifIndex));
        }
        if (static_cast<int64_t>(ifIndex) == m_outside)
        {
            throw std::invalid_argument("NaptBox::SetInside: interface " + std::to_string(ifIndex)
                                        + " is the outside interface");
        }
    }
    if (ifIndex >= m_inside.size())
    {
        m_inside.resize(ifIndex + 1, false);
    }
    m_inside[ifIndex] = true;
}

void
NaptBox::SetOutside(uint32_t ifIndex)
{
    NS_LOG_FUNCTION(this << ifIndex);
    if (m_installed)
    {
        throw std::invalid_argument("NaptBox::SetOutside: the NAT is installed; its outside "
                                    "interface cannot change");
    }
    m_outside = ifIndex;
}

void
NaptBox::Install(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    // Everything is checked before anything changes.
    const std::string where = "NaptBox::Install: ";
    if (m_installed)
    {
        throw std::invalid_argument(where + "this NAT is already installed");
    }
    if (!node)
    {
        throw std::invalid_argument(where + "no node");
    }
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    if (!ipv4)
    {
        throw std::invalid_argument(where + "node " + std::to_string(node->GetId())
                                    + " has no IPv4 stack (InternetStackHelper)");
    }
    if (node->GetObject<NaptBox>())
    {
        throw std::invalid_argument(where + "node " + std::to_string(node->GetId())
                                    + " already has a NAT");
    }
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
    if (!list)
    {
        throw std::invalid_argument(where + "node " + std::to_string(node->GetId())
                                    + " routes without an Ipv4ListRouting (InternetStackHelper "
                                      "installs one)");
    }
    const uint32_t n = ipv4->GetNInterfaces();
    if (m_outside < 0)
    {
        throw std::invalid_argument(where + "no outside interface (SetOutside)");
    }
    if (m_outside >= n)
    {
        throw std::invalid_argument(where + "outside interface " + std::to_string(m_outside)
                                    + " out of range (the node has " + std::to_string(n)
                                    + " IPv4 interfaces)");
    }
    if (std::find(m_inside.begin(), m_inside.end(), true) == m_inside.end())
    {
        throw std::invalid_argument(where + "no inside interface (SetInside)");
    }
    for (uint32_t i = 0; i < m_inside.size(); ++i)
    {
        if (!m_inside[i])
        {
            continue;
        }
        if (i >= n)
        {
            throw std::invalid_argument(where + "inside interface " + std::to_string(i)
                                        + " out of range (the node has " + std::to_string(n)
                                        + " IPv4 interfaces)");
        }
        if (i == m_outside)
        {
            throw std::invalid_argument(where + "interface " + std::to_string(i)
                                        + " cannot be both inside and outside");
        }
    }
    const uint32_t outside = static_cast<uint32_t>(m_outside);
    if (ipv4->GetNAddresses(outside) == 0)
    {
        throw std::invalid_argument(where + "outside interface " + std::to_string(outside)
                                    + " has no IPv4 address (the public address)");
    }
    if (m_portMin > m_portMax)
    {
        throw std::invalid_argument(where + "PortRangeMin (" + std::to_string(m_portMin)
                                    + ") is greater than PortRangeMax (" + std::to_string(m_portMax)
                                    + ")");
    }
    NaptMappingTable::Config config;
    config.mapping = m_mapping;
    config.filtering = m_filtering;
    config.portPreservation = m_portPreservation;
    config.portMin = m_portMin;
    config.portMax = m_portMax;
    config.udpTimeout = m_udpTimeout;
    config.icmpTimeout = m_icmpTimeout;
    config.tcpTransitoryTimeout = m_tcpTransitoryTimeout;
    config.tcpEstablishedTimeout = m_tcpEstablishedTimeout;
    NaptMappingTable table;
    table.Configure(config); // throws before anything changes
    for (const PendingStatic& s : m_pending)
    {
        table.AddStatic(s.protocol, s.publicPort, s.inside, s.insidePort, Simulator::Now());
    }

    // Hook in.
    m_table = std::move(table);
    m_table.SetExpiredCallback([this](const NaptMappingTable::Mapping& m) { OnExpired(m); });
    m_pending.clear();
    m_ipv4 = ipv4;
    m_outsideDevice = ipv4->GetNetDevice(outside);
    m_public = ipv4->GetAddress(outside, 0).GetLocal();
    node->AggregateObject(this);
    for (uint8_t number : {kUdp, kTcp, kIcmp})
    {
        Ptr<IpL4Protocol> l4 = ipv4->GetProtocol(number);
        if (!l4)
        {
            continue;
        }
        Ptr<NaptInboundHook> hook = CreateObject<NaptInboundHook>(l4, this);
        ipv4->Insert(hook); // replaces the protocol in the local delivery table
        if (number == kIcmp)
        {
            // Ipv4L3Protocol::GetIcmp() asks protocol 1 for the Icmpv4L4Protocol aggregated to
            // it: join the hook to the node's aggregate so that it still finds the real ICMP.
            l4->AggregateObject(hook);
        }
    }
    list->AddRoutingProtocol(CreateObject<NaptRoutingShim>(this), kShimPriority);
    m_installed = true;
    NS_LOG_INFO("NAT on node " << node->GetId() << ": public address " << m_public
                               << " on interface " << outside);
}

void
NaptBox::AddStaticMapping(uint8_t protocol,
                          uint16_t publicPort,
                          Ipv4Address inside,
                          uint16_t insidePort)
{
    NS_LOG_FUNCTION(this << +protocol << publicPort << inside << insidePort);
    if (m_installed)
    {
        m_table.AddStatic(protocol, publicPort, inside, insidePort, Simulator::Now());
        return;
    }
    // Checked now as far as possible; conflicts when Install() adds it.
    if (!NaptMappingTable::IsSupported(protocol))
    {
        throw std::invalid_argument("NAPT static mapping: protocol " + std::to_string(protocol)
                                    + " is not mapped (only TCP 6, UDP 17 and ICMP echo 1)");
    }
    if (publicPort == 0)
    {
        throw std::invalid_argument("NAPT static mapping: the public port cannot be 0");
    }
    m_pending.push_back(PendingStatic{protocol, publicPort, inside, insidePort});
}

int64_t
NaptBox::AssignStreams(int64_t stream)
{
    return 0;
}

const NaptBox::Stats&
NaptBox::GetStats() const
{
    return m_stats;
}

size_t
NaptBox::GetMappingCount() const
{
    return m_table.GetLiveCount(Simulator::Now());
}

std::string
NaptBox::Dump() const
{
    return m_installed ? m_table.Dump(Simulator::Now(), m_public) : std::string();
}

void
NaptBox::Expire()
{
    m_table.Expire(Simulator::Now());
}

Ipv4Address
NaptBox::GetPublicAddress() const
{
    return m_public;
}

void
NaptBox::OnExpired(const NaptMappingTable::Mapping& m)
{
    NS_LOG_INFO("expired: " << NaptMappingTable::ProtocolName(m.protocol) << " " << m.insideAddress
                            << ":" << m.insidePort << " <-> " << m_public << ":" << m.publicPort);
    ++m_stats.mappingsExpired;
    m_mappingExpiredTrace(m.protocol, m.insideAddress, m.insidePort, m.publicPort);
}

bool
NaptBox::DropsHeaderLength(Ptr<const Packet> p, const Ipv4Header& header)
{
    if (header.GetSerializedSize() >= IPV4_HEADER_MINIMUM)
    {
        return false;
    }
    // RFC 1812 section 5.2.2: ns-3's IPv4 input takes a length field of 0-4 words, and its
    // ports would be read from inside the header.
    ++m_stats.droppedHeaderLength;
    TraceDrop(p, header, "header-length");
    return true;
}

Ipv4Header
NaptBox::Writable(const Ipv4Header& header)
{
    // ns-3 kept none of the options, and writes 20 bytes whatever the length field says.
    return header.GetSerializedSize() == IPV4_HEADER_MINIMUM
             ? header
             : IpsecIpHeader::WithoutOptions(header);
}

void
NaptBox::TraceDrop(Ptr<const Packet> p, const Ipv4Header& header, const std::string& reason)
{
    NS_LOG_LOGIC("drop (" << reason << "): " << header);
    if (m_dropTrace.IsEmpty())
    {
        return;
    }
    Ptr<Packet> datagram = p->Copy();
    datagram->AddHeader(Writable(header)); // 20 bytes whatever its length field says
    m_dropTrace(datagram, reason);
}

bool
NaptBox::TranslateOutbound(Ptr<const Packet> p,
                           const Ipv4Header& header,
                           Ptr<const NetDevice> idev,
                           const Ipv4RoutingProtocol::UnicastForwardCallback& ucb)
{
    if (!m_installed)
    {
        return false;
    }
    int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    Ipv4Address destination = header.GetDestination();
    if (iif < 0 || !IsInside(static_cast<uint32_t>(iif)) || destination.IsMulticast()
        || destination.IsBroadcast() || header.GetTtl() <= 1)
    {
        // Not from inside, or not unicast; or its TTL runs out here: forwarded untranslated,
        // the ICMP time exceeded goes back to the inside source.
        return false;
    }
    Ptr<Packet> copy = p->Copy();
    Socket::SocketErrno error;
    Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(copy, header, nullptr, error);
    if (!route || route->GetOutputDevice() != m_outsideDevice)
    {
        return false; // not leaving by the outside interface: ordinary forwarding
    }
    if (DropsHeaderLength(p, header))
    {
        return true;
    }

    const uint8_t protocol = header.GetProtocol();
    if (header.GetFragmentOffset() != 0)
    {
        ++m_stats.droppedFragment;
        TraceDrop(p, header, "fragment");
        return true;
    }
    if (!NaptMappingTable::IsSupported(protocol))
    {
        // ESP (50) and AH (51) among them: NAT traversal (RFC 3948) puts ESP in UDP instead.
        ++m_stats.droppedProtocol;
        TraceDrop(p, header, "protocol");
        return true;
    }
    const uint32_t length = RewrittenLength(protocol);
    uint8_t bytes[kMaxRewritten];
    if (p->GetSize() < length)
    {
        ++m_stats.droppedProtocol;
        TraceDrop(p, header, "truncated");
        return true;
    }
    p->CopyData(bytes, length);
    if (protocol == kIcmp && bytes[0] != kIcmpEcho && bytes[0] != kIcmpEchoReply)
    {
        // ICMP errors would need their payload translated (RFC 5508 section 4.2): not modelled.
        ++m_stats.droppedProtocol;
        TraceDrop(p, header, "protocol");
        return true;
    }
    const uint32_t portOffset = protocol == kIcmp ? 4 : 0;
    const uint16_t insidePort = Get16(bytes + portOffset);
    const uint16_t remotePort = protocol == kIcmp ? 0 : Get16(bytes + 2);
    const uint8_t tcpFlags = protocol == kTcp ? bytes[13] : 0;

    const Time now = Simulator::Now();
    m_table.Expire(now); // amortized: only the expired mappings are visited
    NaptMappingTable::Outcome outcome;
    NaptMappingTable::Mapping* mapping = m_table.Outbound(protocol,
                                                          header.GetSource(),
                                                          insidePort,
                                                          destination,
                                                          remotePort,
                                                          now,
                                                          outcome);
    if (!mapping)
    {
        ++m_stats.droppedPortsExhausted;
        TraceDrop(p, header, "ports-exhausted");
        return true;
    }
    if (outcome == NaptMappingTable::Outcome::CREATED)
    {
        ++m_stats.mappingsCreated;
        NS_LOG_INFO("new mapping: " << NaptMappingTable::ProtocolName(protocol) << " "
                                    << header.GetSource() << ":" << insidePort << " <-> "
                                    << m_public << ":" << mapping->publicPort);
        m_mappingCreatedTrace(protocol, header.GetSource(), insidePort, mapping->publicPort);
    }
    m_table.NoteOutbound(*mapping, destination, remotePort, tcpFlags, now);

    Rewrite(protocol, bytes, portOffset, mapping->publicPort, header.GetSource(), m_public);
    ReplaceFront(copy, bytes, length);
    Ipv4Header translated = Writable(header);
    translated.SetSource(m_public);
    ++m_stats.translatedOut;
    ucb(route, copy, translated);
    return true;
}

bool
NaptBox::TranslateInbound(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incoming)
{
    if (!m_installed || !incoming || incoming->GetDevice() != m_outsideDevice
        || header.GetDestination() != m_public)
    {
        return false; // not from outside to the public address: the node's own (no hairpinning)
    }
    if (DropsHeaderLength(p, header))
    {
        return true;
    }
    const uint8_t protocol = header.GetProtocol();
    if (!NaptMappingTable::IsSupported(protocol))
    {
        return false;
    }
    const uint32_t length = RewrittenLength(protocol);
    uint8_t bytes[kMaxRewritten];
    if (p->GetSize() < length)
    {
        return false; // the transport deals with it
    }
    p->CopyData(bytes, length);
    if (protocol == kIcmp && bytes[0] != kIcmpEchoReply && bytes[0] != kIcmpEcho)
    {
        return false; // ICMP errors are not translated (RFC 5508 section 4.2): the node's
    }
    const uint32_t portOffset = protocol == kIcmp ? 4 : 2;
    const uint16_t publicPort = Get16(bytes + portOffset);
    const uint16_t remotePort = protocol == kIcmp ? 0 : Get16(bytes);
    const uint8_t tcpFlags = protocol == kTcp ? bytes[13] : 0;

    const Time now = Simulator::Now();
    m_table.Expire(now);
    NaptMappingTable::Mapping* mapping = m_table.Inbound(protocol, publicPort, now);
    if (protocol == kIcmp && bytes[0] == kIcmpEcho && (!mapping || !mapping->isStatic))
    {
        return false; // a ping of the NAT itself (only static ICMP mappings forward requests)
    }
    if (!mapping)
    {
        ++m_stats.droppedNoMapping;
        TraceDrop(p, header, "no-mapping");
        return false; // the node's own transport answers as a host would
    }
    if (!m_table.Permits(*mapping, header.GetSource(), remotePort))
    {
        ++m_stats.droppedFiltered;
        TraceDrop(p, header, "filtered");
        return true; // silently dropped
    }
    m_table.NoteInbound(*mapping, tcpFlags, now);

    Rewrite(protocol, bytes, portOffset, mapping->insidePort, m_public, mapping->insideAddress);
    ReplaceFront(p, bytes, length);
    Ipv4Header translated = Writable(header);
    translated.SetDestination(mapping->insideAddress);
    // Local delivery reassembled the datagram: it is whole again.
    translated.SetFragmentOffset(0);
    translated.SetLastFragment();
    translated.SetPayloadSize(p->GetSize());
    if (Node::ChecksumEnabled())
    {
        translated.EnableChecksum();
    }
    p->AddHeader(translated);
    ++m_stats.translatedIn;
    // Into IPv4 again on the outside device: forwarded inside by the node's routing.
    m_ipv4->Receive(m_outsideDevice,
                    p,
                    Ipv4L3Protocol::PROT_NUMBER,
                    m_outsideDevice->GetAddress(),
                    m_outsideDevice->GetAddress(),
                    NetDevice::PACKET_HOST);
    return true;
}

} // namespace ns3
