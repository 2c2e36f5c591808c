/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The NAPT (NaptBox, NaptHelper, NaptMappingTable): its table alone, then end to end through
 *
 *   in1 10.0.1.1 ---\                                  /--- out1 198.51.100.2
 *                    nat 203.0.113.1 ----- r (router)
 *   in2 10.0.2.1 ---/    (public)                      \--- out2 192.0.2.2
 *
 * where r and the outside hosts have no route to 10.0.0.0/8: only translated packets come back.
 * Every end-to-end test runs with ns-3's checksums off and on (ChecksumsOff, ChecksumsOn): with
 * them on, ns-3 drops a TCP or UDP segment whose checksum is wrong, so byte counts catch a bad
 * update, and the NAT's output on the wire is checked too (ICMP's checksum, which ns-3 does not
 * verify, included); with them off, a UDP checksum of zero stays zero.
 */
#include "test-util.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <deque>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const Ipv4Address kIn1("10.0.1.1");
const Ipv4Address kIn2("10.0.2.1");
const Ipv4Address kPublic("203.0.113.1");
const Ipv4Address kOut1("198.51.100.2");
const Ipv4Address kOut2("192.0.2.2");

// ------------------------------------------------------------------------ the table alone

TEST(NaptMappingTable, PortPreservationThenNextFreePort)
{
    NaptMappingTable table;
    NaptMappingTable::Config config;
    config.portMin = 5000;
    config.portMax = 5002;
    table.Configure(config);
    NaptMappingTable::Outcome outcome;
    auto* a = table.Outbound(17, kIn1, 5001, kOut1, 9, Seconds(1), outcome);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(outcome, NaptMappingTable::Outcome::CREATED);
    EXPECT_EQ(a->publicPort, 5001); // preserved
    auto* b = table.Outbound(17, kIn2, 5001, kOut1, 9, Seconds(1), outcome);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->publicPort, 5000); // taken: the next free one from the cursor
    auto* c = table.Outbound(17, kIn2, 40000, kOut1, 9, Seconds(1), outcome);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->publicPort, 5002); // outside the range: not preserved
    EXPECT_EQ(table.Outbound(17, kIn2, 40001, kOut1, 9, Seconds(1), outcome), nullptr);
    EXPECT_EQ(outcome, NaptMappingTable::Outcome::EXHAUSTED);
    // TCP has its own ports.
    auto* t = table.Outbound(6, kIn2, 40001, kOut1, 9, Seconds(1), outcome);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->publicPort, 5000);
    // The same inside endpoint finds its mapping again.
    EXPECT_EQ(table.Outbound(17, kIn1, 5001, kOut2, 7, Seconds(2), outcome), a);
    EXPECT_EQ(outcome, NaptMappingTable::Outcome::FOUND);
    EXPECT_EQ(table.Inbound(17, 5000, Seconds(2)), b);
    EXPECT_EQ(table.Inbound(17, 4999, Seconds(2)), nullptr);
}

TEST(NaptMappingTable, ExpiryIsOldestFirstAndFreesThePort)
{
    NaptMappingTable table;
    NaptMappingTable::Config config;
    config.udpTimeout = Seconds(10);
    table.Configure(config);
    std::vector<uint16_t> expired;
    table.SetExpiredCallback(
        [&](const NaptMappingTable::Mapping& m) { expired.push_back(m.insidePort); });
    NaptMappingTable::Outcome outcome;
    auto* a = table.Outbound(17, kIn1, 2000, kOut1, 9, Seconds(0), outcome);
    auto* b = table.Outbound(17, kIn1, 2001, kOut1, 9, Seconds(1), outcome);
    ASSERT_TRUE(a && b);
    table.NoteOutbound(*a, kOut1, 9, 0, Seconds(5)); // a refreshed: b is now the older
    EXPECT_EQ(table.GetLiveCount(Seconds(11)), 1u);
    EXPECT_EQ(table.Expire(Seconds(11)), 1u);
    EXPECT_EQ(expired, std::vector<uint16_t>({2001}));
    EXPECT_EQ(table.Inbound(17, 2001, Seconds(11)), nullptr);
    // Lazy expiry on lookup.
    EXPECT_EQ(table.Inbound(17, 2000, Seconds(15)), nullptr);
    EXPECT_EQ(expired, std::vector<uint16_t>({2001, 2000}));
    EXPECT_EQ(table.GetSize(), 0u);
    // The ports are free again.
    auto* c = table.Outbound(17, kIn2, 2001, kOut1, 9, Seconds(16), outcome);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->publicPort, 2001);
}

TEST(NaptMappingTable, FilteringBehaviours)
{
    for (auto filtering : {NaptMappingTable::ENDPOINT_INDEPENDENT,
                           NaptMappingTable::ADDRESS_DEPENDENT,
                           NaptMappingTable::ADDRESS_AND_PORT_DEPENDENT})
    {
        NaptMappingTable table;
        NaptMappingTable::Config config;
        config.filtering = filtering;
        table.Configure(config);
        NaptMappingTable::Outcome outcome;
        auto* m = table.Outbound(17, kIn1, 4000, kOut1, 9, Seconds(0), outcome);
        ASSERT_NE(m, nullptr);
        table.NoteOutbound(*m, kOut1, 9, 0, Seconds(0));
        EXPECT_TRUE(table.Permits(*m, kOut1, 9));
        EXPECT_EQ(table.Permits(*m, kOut1, 10),
                  filtering != NaptMappingTable::ADDRESS_AND_PORT_DEPENDENT);
        EXPECT_EQ(table.Permits(*m, kOut2, 9), filtering == NaptMappingTable::ENDPOINT_INDEPENDENT);
    }
}

TEST(NaptMappingTable, TcpTimersFollowTheFlags)
{
    NaptMappingTable table;
    NaptMappingTable::Config config;
    config.tcpTransitoryTimeout = Seconds(240);
    config.tcpEstablishedTimeout = Seconds(7440);
    table.Configure(config);
    NaptMappingTable::Outcome outcome;
    auto* m = table.Outbound(6, kIn1, 3000, kOut1, 80, Seconds(0), outcome);
    ASSERT_NE(m, nullptr);
    table.NoteOutbound(*m, kOut1, 80, NaptMappingTable::TCP_SYN, Seconds(0));
    EXPECT_EQ(m->timer, NaptMappingTable::TCP_TRANSITORY_TIMER);
    table.NoteInbound(*m, NaptMappingTable::TCP_SYN | NaptMappingTable::TCP_ACK, Seconds(0));
    EXPECT_EQ(m->timer, NaptMappingTable::TCP_ESTABLISHED_TIMER);
    // Established: alive long after the transitory timeout.
    EXPECT_EQ(table.Inbound(6, 3000, Seconds(1000)), m);
    table.NoteOutbound(*m,
                       kOut1,
                       80,
                       NaptMappingTable::TCP_FIN | NaptMappingTable::TCP_ACK,
                       Seconds(1000));
    EXPECT_EQ(m->timer, NaptMappingTable::TCP_TRANSITORY_TIMER);
    EXPECT_EQ(table.Inbound(6, 3000, Seconds(1239)), m);
    EXPECT_EQ(table.Inbound(6, 3000, Seconds(1239) + Seconds(241)), nullptr);
}

TEST(NaptMappingTable, StaticMappingsAndBadInput)
{
    NaptMappingTable table;
    NaptMappingTable::Config config;
    config.portMin = 2000;
    config.portMax = 2001;
    config.mapping = NaptMappingTable::ADDRESS_AND_PORT_DEPENDENT;
    table.Configure(config);
    table.AddStatic(6, 80, kIn1, 8080, Seconds(0));
    table.AddStatic(17, 2000, kIn1, 53, Seconds(0)); // inside the dynamic range: taken from it
    EXPECT_THROW(table.AddStatic(6, 80, kIn2, 80, Seconds(0)), std::invalid_argument);
    EXPECT_THROW(table.AddStatic(6, 81, kIn1, 8080, Seconds(0)), std::invalid_argument);
    EXPECT_THROW(table.AddStatic(50, 81, kIn1, 1, Seconds(0)), std::invalid_argument);
    EXPECT_THROW(table.AddStatic(6, 0, kIn1, 1, Seconds(0)), std::invalid_argument);
    NaptMappingTable::Outcome outcome;
    // The inside server's own outbound packets use its static mapping, whatever the remote.
    auto* s = table.Outbound(6, kIn1, 8080, kOut2, 5555, Seconds(1), outcome);
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->isStatic);
    EXPECT_EQ(s->publicPort, 80);
    EXPECT_TRUE(table.Permits(*s, kOut1, 1234)); // anyone may reach it
    auto* d = table.Outbound(17, kIn1, 2000, kOut1, 9, Seconds(1), outcome);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->publicPort, 2001);
    EXPECT_EQ(table.Outbound(17, kIn1, 2000, kOut1, 10, Seconds(1), outcome), nullptr);
    EXPECT_EQ(outcome, NaptMappingTable::Outcome::EXHAUSTED);
    // Static mappings never expire.
    EXPECT_EQ(table.Inbound(6, 80, Seconds(1e6)), s);
    EXPECT_THROW(table.Configure(config), std::invalid_argument); // not empty
    NaptMappingTable empty;
    config.portMin = 3;
    config.portMax = 2;
    EXPECT_THROW(empty.Configure(config), std::invalid_argument);
    config.portMin = 0;
    EXPECT_THROW(empty.Configure(config), std::invalid_argument);
}

// ------------------------------------------------------------------ checksums on the wire

/// One's complement sum of 16-bit words (an odd last byte padded with zero).
uint32_t
Sum(const uint8_t* data, size_t length, uint32_t sum = 0)
{
    for (size_t i = 0; i + 1 < length; i += 2)
    {
        sum += static_cast<uint32_t>((data[i] << 8) | data[i + 1]);
    }
    if (length % 2)
    {
        sum += static_cast<uint32_t>(data[length - 1] << 8);
    }
    return sum;
}

/// \return true when a one's complement sum folds to all ones (a valid checksum)
bool
FoldsToOnes(uint32_t sum)
{
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum == 0xffff;
}

/// The checksums of one IPv4 datagram as seen on the wire.
struct WireVerdict
{
    uint8_t protocol{0};     //!< IP protocol
    bool checked{false};     //!< a whole datagram of TCP, UDP or ICMP
    bool headerOk{false};    //!< IPv4 header checksum valid
    bool transportOk{false}; //!< transport checksum valid
    bool udpZero{false};     //!< a UDP checksum field of zero
};

WireVerdict
Verify(const std::vector<uint8_t>& d)
{
    WireVerdict v;
    if (d.size() < 20)
    {
        return v;
    }
    size_t ihl = (d[0] & 0x0f) * 4u;
    size_t total = (static_cast<size_t>(d[2]) << 8) | d[3];
    v.protocol = d[9];
    bool fragment = (d[6] & 0x20) || ((d[6] & 0x1f) << 8 | d[7]);
    if (total > d.size() || ihl > total || fragment)
    {
        return v;
    }
    v.headerOk = FoldsToOnes(Sum(d.data(), ihl));
    const uint8_t* segment = d.data() + ihl;
    size_t length = total - ihl;
    if (v.protocol == 17 || v.protocol == 6)
    {
        uint8_t pseudo[12] = {d[12],
                              d[13],
                              d[14],
                              d[15],
                              d[16],
                              d[17],
                              d[18],
                              d[19],
                              0,
                              v.protocol,
                              static_cast<uint8_t>(length >> 8),
                              static_cast<uint8_t>(length)};
        v.transportOk = FoldsToOnes(Sum(segment, length, Sum(pseudo, 12)));
        v.udpZero = v.protocol == 17 && length >= 8 && segment[6] == 0 && segment[7] == 0;
        v.checked = true;
    }
    else if (v.protocol == 1)
    {
        v.transportOk = FoldsToOnes(Sum(segment, length));
        v.checked = true;
    }
    return v;
}

// --------------------------------------------------------------------------- end to end

/// A UDP socket that records what it receives and may echo it back.
struct UdpEndpoint
{
    /// One datagram received.
    struct Received
    {
        Ipv4Address from; //!< source address
        uint16_t port;    //!< source port
        uint32_t size;    //!< payload bytes
    };

    Ptr<Socket> socket;             //!< the socket
    bool echo{false};               //!< send each datagram back
    std::vector<Received> received; //!< what arrived
    uint64_t bytes{0};              //!< payload bytes received

    void OnRead(Ptr<Socket> s)
    {
        Ptr<Packet> p;
        Address from;
        while ((p = s->RecvFrom(from)))
        {
            InetSocketAddress a = InetSocketAddress::ConvertFrom(from);
            received.push_back({a.GetIpv4(), a.GetPort(), p->GetSize()});
            bytes += p->GetSize();
            if (echo)
            {
                s->SendTo(p, 0, from);
            }
        }
    }
};

/// The topology above; the parameter says whether ns-3's checksums are on.
class NaptEndToEnd : public ::testing::TestWithParam<bool>
{
  protected:
    void SetUp() override
    {
        BooleanValue previous;
        GlobalValue::GetValueByName("ChecksumEnabled", previous);
        m_previousChecksums = previous.Get();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(GetParam()));
        RngSeedManager::SetSeed(5);
    }

    void TearDown() override
    {
        Simulator::Destroy();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(m_previousChecksums));
    }

    /// Build the topology and install the NAT that `helper` makes (inside: in1, then in2).
    void Build(const NaptHelper& helper = NaptHelper())
    {
        in1 = CreateObject<Node>();
        in2 = CreateObject<Node>();
        nat = CreateObject<Node>();
        r = CreateObject<Node>();
        out1 = CreateObject<Node>();
        out2 = CreateObject<Node>();
        InternetStackHelper().Install(NodeContainer(NodeContainer(in1, in2, nat), r, out1, out2));
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        link.SetChannelAttribute("Delay", StringValue("1ms"));
        Ipv4AddressHelper ip;
        ip.SetBase("10.0.1.0", "255.255.255.0");
        ip.Assign(link.Install(in1, nat)); // nat interface 1
        ip.SetBase("10.0.2.0", "255.255.255.0");
        ip.Assign(link.Install(in2, nat)); // nat interface 2
        ip.SetBase("203.0.113.0", "255.255.255.0");
        ip.Assign(link.Install(nat, r)); // nat interface 3
        ip.SetBase("198.51.100.0", "255.255.255.0", "0.0.0.1");
        ip.Assign(link.Install(r, out1));
        ip.SetBase("192.0.2.0", "255.255.255.0", "0.0.0.1");
        ip.Assign(link.Install(r, out2));
        Ipv4StaticRoutingHelper routing;
        auto route = [&](Ptr<Node> n, const char* gateway) {
            routing.GetStaticRouting(n->GetObject<Ipv4>())
                ->SetDefaultRoute(Ipv4Address(gateway), 1);
        };
        route(in1, "10.0.1.2");
        route(in2, "10.0.2.2");
        routing.GetStaticRouting(nat->GetObject<Ipv4>())
            ->SetDefaultRoute(Ipv4Address("203.0.113.2"), 3);
        route(out1, "198.51.100.1");
        route(out2, "192.0.2.1");

        box = helper.Install(nat, 1, 3);
        box->SetInside(2);
        box->TraceConnectWithoutContext("MappingCreated",
                                        MakeCallback(&NaptEndToEnd::OnCreated, this));
        box->TraceConnectWithoutContext("MappingExpired",
                                        MakeCallback(&NaptEndToEnd::OnExpired, this));
        box->TraceConnectWithoutContext("Drop", MakeCallback(&NaptEndToEnd::OnDrop, this));
        for (uint32_t i = 1; i < nat->GetNDevices(); ++i) // 0 is the loopback
        {
            nat->GetDevice(i)->TraceConnectWithoutContext(
                "MacTx",
                MakeCallback(&NaptEndToEnd::OnNatTx, this));
        }
    }

    /// A UDP socket on `node`, bound to `port`.
    UdpEndpoint& Udp(Ptr<Node> node, uint16_t port, bool echo = false)
    {
        m_endpoints.emplace_back();
        UdpEndpoint& e = m_endpoints.back();
        e.echo = echo;
        e.socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        EXPECT_EQ(e.socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)), 0);
        e.socket->SetRecvCallback(MakeCallback(&UdpEndpoint::OnRead, &e));
        return e;
    }

    /// Send `count` datagrams of `size` bytes from `e` to `to`:`port`, from time `t`, 10 ms apart.
    void Send(UdpEndpoint& e,
              double t,
              Ipv4Address to,
              uint16_t port,
              uint32_t size = 100,
              uint32_t count = 1)
    {
        Ptr<Socket> s = e.socket;
        for (uint32_t i = 0; i < count; ++i)
        {
            Simulator::Schedule(Seconds(t + 0.01 * i), [s, to, port, size]() {
                s->SendTo(Create<Packet>(size), 0, InetSocketAddress(to, port));
            });
        }
    }

    void Run(double seconds)
    {
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
    }

    void OnCreated(uint8_t protocol, Ipv4Address inside, uint16_t insidePort, uint16_t publicPort)
    {
        created.push_back({protocol, inside, insidePort, publicPort});
    }

    void OnExpired(uint8_t protocol, Ipv4Address inside, uint16_t insidePort, uint16_t publicPort)
    {
        expired.push_back({protocol, inside, insidePort, publicPort});
    }

    void OnDrop(Ptr<const Packet> datagram, const std::string& reason)
    {
        Ipv4Header header;
        datagram->PeekHeader(header);
        drops.push_back({header.GetProtocol(), reason});
    }

    /// \return the IPv4 datagram in a point-to-point frame, or an empty vector
    static std::vector<uint8_t> Datagram(Ptr<const Packet> frame)
    {
        std::vector<uint8_t> bytes(frame->GetSize());
        frame->CopyData(bytes.data(), bytes.size());
        if (bytes.size() < 22 || bytes[0] != 0x00 || bytes[1] != 0x21)
        {
            return {};
        }
        return std::vector<uint8_t>(bytes.begin() + 2, bytes.end());
    }

    /// Record the senders of what a PacketSink receives (in sinkSenders).
    void WatchSink(Ptr<Application> sink)
    {
        sink->TraceConnectWithoutContext("Rx", MakeCallback(&NaptEndToEnd::OnSinkRx, this));
    }

    void OnSinkRx(Ptr<const Packet> p, const Address& from)
    {
        sinkSenders.insert(InetSocketAddress::ConvertFrom(from).GetIpv4());
    }

    void OnNatTx(Ptr<const Packet> frame)
    {
        std::vector<uint8_t> d = Datagram(frame);
        if (!d.empty())
        {
            natTx.push_back(d);
        }
    }

    /// Check the checksums of what the NAT sent of `protocol`; return how many were checked.
    size_t CheckNatOutput(uint8_t protocol)
    {
        size_t checked = 0;
        for (const auto& d : natTx)
        {
            WireVerdict v = Verify(d);
            if (!v.checked || v.protocol != protocol)
            {
                continue;
            }
            ++checked;
            if (GetParam())
            {
                EXPECT_TRUE(v.headerOk);
                EXPECT_TRUE(v.transportOk) << "protocol " << +protocol;
            }
            else if (protocol == 17)
            {
                EXPECT_TRUE(v.udpZero) << "a UDP checksum of zero stays zero";
            }
        }
        return checked;
    }

    /// Number of drops traced for `reason`.
    size_t DropsFor(const std::string& reason) const
    {
        size_t n = 0;
        for (const auto& d : drops)
        {
            n += d.second == reason;
        }
        return n;
    }

    /// A traced mapping.
    struct Traced
    {
        uint8_t protocol;    //!< protocol
        Ipv4Address inside;  //!< inside address
        uint16_t insidePort; //!< inside port
        uint16_t publicPort; //!< public port
    };

    Ptr<Node> in1;
    Ptr<Node> in2;
    Ptr<Node> nat;
    Ptr<Node> r;
    Ptr<Node> out1;
    Ptr<Node> out2;
    Ptr<NaptBox> box;
    std::vector<Traced> created;
    std::vector<Traced> expired;
    std::vector<std::pair<uint8_t, std::string>> drops;
    std::vector<std::vector<uint8_t>> natTx; //!< datagrams the NAT sent
    std::set<Ipv4Address> sinkSenders;       //!< sources a PacketSink received from

  private:
    bool m_previousChecksums{false};
    std::deque<UdpEndpoint> m_endpoints;
};

TEST_P(NaptEndToEnd, UdpEchoThroughNat)
{
    Build();
    UdpEndpoint& server = Udp(out1, 9, true);
    UdpEndpoint& client = Udp(in1, 5555);
    Send(client, 1, kOut1, 9, 500, 10);
    Run(3);
    ASSERT_EQ(server.received.size(), 10u);
    EXPECT_EQ(server.bytes, 5000u);
    for (const auto& rx : server.received)
    {
        EXPECT_EQ(rx.from, kPublic); // the server sees the public address...
        EXPECT_EQ(rx.port, 5555);    // ...and the mapped (here preserved) port
    }
    ASSERT_EQ(client.received.size(), 10u); // the replies come back to the inside host
    EXPECT_EQ(client.bytes, 5000u);
    EXPECT_EQ(client.received[0].from, kOut1);
    EXPECT_EQ(client.received[0].port, 9);
    const NaptBox::Stats& s = box->GetStats();
    EXPECT_EQ(s.mappingsCreated, 1u);
    EXPECT_EQ(s.translatedOut, 10u);
    EXPECT_EQ(s.translatedIn, 10u);
    EXPECT_EQ(s.droppedNoMapping + s.droppedFiltered + s.droppedProtocol, 0u);
    EXPECT_EQ(box->GetMappingCount(), 1u);
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].protocol, 17);
    EXPECT_EQ(created[0].inside, kIn1);
    EXPECT_EQ(created[0].insidePort, 5555);
    EXPECT_EQ(created[0].publicPort, 5555);
    EXPECT_NE(box->Dump().find("udp 10.0.1.1:5555 <-> 203.0.113.1:5555"), std::string::npos)
        << box->Dump();
    EXPECT_EQ(CheckNatOutput(17), 20u);
}

TEST_P(NaptEndToEnd, TcpBulkTransferThroughNat)
{
    Build();
    const uint64_t total = 300000;
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), 80));
    ApplicationContainer sinkApps = sinkHelper.Install(out1);
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(kOut1, 80));
    bulk.SetAttribute("MaxBytes", UintegerValue(total));
    bulk.Install(in1).Start(Seconds(1));
    WatchSink(sinkApps.Get(0));
    std::string during;
    Simulator::Schedule(Seconds(1.05), [&]() { during = box->Dump(); });
    Run(20);
    Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkApps.Get(0));
    EXPECT_EQ(sink->GetTotalRx(), total);                     // every byte arrived
    EXPECT_EQ(sinkSenders, std::set<Ipv4Address>({kPublic})); // from the public address
    EXPECT_EQ(box->GetStats().mappingsCreated, 1u);
    EXPECT_GT(box->GetStats().translatedIn, 0u);
    EXPECT_NE(during.find("tcp-established"), std::string::npos) << during;
    // Both sides closed (FIN): the mapping is transitory now.
    EXPECT_NE(box->Dump().find("tcp-transitory"), std::string::npos) << box->Dump();
    EXPECT_GT(CheckNatOutput(6), 200u);
}

TEST_P(NaptEndToEnd, IcmpEchoThroughNat)
{
    Build();
    IcmpEchoClientHelper ping(kOut1);
    ping.SetAttribute("Count", UintegerValue(5));
    ping.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
    ApplicationContainer apps = ping.Install(in1);
    apps.Start(Seconds(1));
    Run(3);
    EXPECT_EQ(DynamicCast<IcmpEchoClient>(apps.Get(0))->GetReceived(), 5u);
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].protocol, 1);
    EXPECT_EQ(created[0].insidePort, 0x4242); // the identifier plays the port
    EXPECT_EQ(box->GetStats().translatedOut, 5u);
    EXPECT_EQ(box->GetStats().translatedIn, 5u);
    EXPECT_EQ(CheckNatOutput(1), 10u);
}

TEST_P(NaptEndToEnd, IcmpEchoIdentifierTranslatedWithoutPortPreservation)
{
    NaptHelper helper;
    helper.SetAttribute("PortPreservation", BooleanValue(false));
    Build(helper);
    IcmpEchoClientHelper ping(kOut1);
    ping.SetAttribute("Count", UintegerValue(3));
    ApplicationContainer apps = ping.Install(in1);
    apps.Start(Seconds(1));
    Run(5);
    // The client counts only replies carrying its own identifier: translated back.
    EXPECT_EQ(DynamicCast<IcmpEchoClient>(apps.Get(0))->GetReceived(), 3u);
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].publicPort, 1024);
    EXPECT_EQ(CheckNatOutput(1), 6u);
}

TEST_P(NaptEndToEnd, PortPreservationOnAndOff)
{
    for (bool preserve : {true, false})
    {
        SCOPED_TRACE(preserve ? "preservation on" : "preservation off");
        NaptHelper helper;
        helper.SetAttribute("PortPreservation", BooleanValue(preserve));
        Build(helper);
        UdpEndpoint& server = Udp(out1, 9);
        UdpEndpoint& a = Udp(in1, 5555);
        UdpEndpoint& b = Udp(in2, 5555); // the same inside port on another host
        Send(a, 1, kOut1, 9);
        Send(b, 1.1, kOut1, 9);
        Run(2);
        ASSERT_EQ(server.received.size(), 2u);
        if (preserve)
        {
            EXPECT_EQ(server.received[0].port, 5555);
            EXPECT_EQ(server.received[1].port, 1024); // taken: the next free one of the range
        }
        else
        {
            EXPECT_EQ(server.received[0].port, 1024);
            EXPECT_EQ(server.received[1].port, 1025);
        }
        CheckNatOutput(17);
        Simulator::Destroy();
        created.clear();
        natTx.clear();
    }
}

TEST_P(NaptEndToEnd, MappingExpiresAfterUdpTimeout)
{
    NaptHelper helper;
    helper.SetAttribute("UdpTimeout", TimeValue(Seconds(30)));
    Build(helper);
    UdpEndpoint& server = Udp(out1, 9, true);
    UdpEndpoint& client = Udp(in1, 5555);
    Send(client, 1, kOut1, 9);       // the mapping; the echo comes back
    Send(server, 20, kPublic, 5555); // refreshes it (inbound refresh): idle until 50 s
    size_t countAt45 = 0;
    Simulator::Schedule(Seconds(45), [&]() { countAt45 = box->GetMappingCount(); });
    Send(server, 51, kPublic, 5555); // after the timeout: refused
    Run(55);
    EXPECT_EQ(countAt45, 1u);
    EXPECT_EQ(client.received.size(), 2u); // the echo and the packet of 20 s only
    EXPECT_EQ(box->GetStats().droppedNoMapping, 1u);
    EXPECT_EQ(DropsFor("no-mapping"), 1u);
    EXPECT_EQ(box->GetStats().mappingsExpired, 1u);
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].protocol, 17);
    EXPECT_EQ(expired[0].inside, kIn1);
    EXPECT_EQ(expired[0].insidePort, 5555);
    EXPECT_EQ(expired[0].publicPort, 5555);
    EXPECT_EQ(box->GetMappingCount(), 0u);
    EXPECT_EQ(box->Dump(), "");
}

TEST_P(NaptEndToEnd, EndpointIndependentVersusAddressAndPortDependentMapping)
{
    for (const char* mapping :
         {"EndpointIndependent", "AddressDependent", "AddressAndPortDependent"})
    {
        SCOPED_TRACE(mapping);
        NaptHelper helper;
        helper.SetAttribute("Mapping", StringValue(mapping));
        Build(helper);
        UdpEndpoint& s1 = Udp(out1, 9);
        UdpEndpoint& s1b = Udp(out1, 10);
        UdpEndpoint& s2 = Udp(out2, 9);
        UdpEndpoint& client = Udp(in1, 5555);
        Send(client, 1, kOut1, 9);
        Send(client, 1.1, kOut1, 10);
        Send(client, 1.2, kOut2, 9);
        Run(2);
        ASSERT_EQ(s1.received.size(), 1u);
        ASSERT_EQ(s1b.received.size(), 1u);
        ASSERT_EQ(s2.received.size(), 1u);
        uint16_t p1 = s1.received[0].port;
        uint16_t p1b = s1b.received[0].port;
        uint16_t p2 = s2.received[0].port;
        EXPECT_EQ(p1, 5555);
        if (std::string(mapping) == "EndpointIndependent")
        {
            EXPECT_EQ(p1b, p1); // one public port for every remote
            EXPECT_EQ(p2, p1);
            EXPECT_EQ(box->GetStats().mappingsCreated, 1u);
        }
        else if (std::string(mapping) == "AddressDependent")
        {
            EXPECT_EQ(p1b, p1); // same remote address
            EXPECT_NE(p2, p1);
            EXPECT_EQ(box->GetStats().mappingsCreated, 2u);
        }
        else
        {
            EXPECT_NE(p1b, p1); // symmetric: one per remote address and port
            EXPECT_NE(p2, p1);
            EXPECT_NE(p2, p1b);
            EXPECT_EQ(box->GetStats().mappingsCreated, 3u);
        }
        CheckNatOutput(17);
        Simulator::Destroy();
        natTx.clear();
    }
}

TEST_P(NaptEndToEnd, FilteringOfUnsolicitedInbound)
{
    struct Case
    {
        const char* filtering;
        size_t fromOut1OtherPort; // delivered of the datagram from out1:10
        size_t fromOut2;          // delivered of the datagram from out2:9
    };

    for (const Case& c : {Case{"AddressAndPortDependent", 0, 0},
                          Case{"AddressDependent", 1, 0},
                          Case{"EndpointIndependent", 1, 1}})
    {
        SCOPED_TRACE(c.filtering);
        NaptHelper helper;
        helper.SetAttribute("Filtering", StringValue(c.filtering));
        Build(helper);
        UdpEndpoint& s1 = Udp(out1, 9, true);
        UdpEndpoint& s1b = Udp(out1, 10);
        UdpEndpoint& s2 = Udp(out2, 9);
        UdpEndpoint& client = Udp(in1, 5555);
        Send(client, 1, kOut1, 9); // the mapping, towards out1:9 only
        Send(s1b, 1.5, kPublic, 5555);
        Send(s2, 1.6, kPublic, 5555);
        Run(2);
        size_t fromOut1b = 0;
        size_t fromOut2 = 0;
        for (const auto& rx : client.received)
        {
            fromOut1b += rx.from == kOut1 && rx.port == 10;
            fromOut2 += rx.from == kOut2;
        }
        EXPECT_EQ(s1.received.size(), 1u);
        EXPECT_EQ(fromOut1b, c.fromOut1OtherPort);
        EXPECT_EQ(fromOut2, c.fromOut2);
        size_t filtered = 2 - c.fromOut1OtherPort - c.fromOut2;
        EXPECT_EQ(box->GetStats().droppedFiltered, filtered);
        EXPECT_EQ(DropsFor("filtered"), filtered);
        CheckNatOutput(17);
        Simulator::Destroy();
        drops.clear();
        natTx.clear();
    }
}

TEST_P(NaptEndToEnd, StaticMappingForwardsAPort)
{
    Build();
    box->AddStaticMapping(6, 8080, kIn1, 80);
    box->AddStaticMapping(17, 5353, kIn2, 53);
    const uint64_t total = 100000;
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), 80));
    ApplicationContainer sinkApps = sinkHelper.Install(in1);
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(kPublic, 8080));
    bulk.SetAttribute("MaxBytes", UintegerValue(total));
    bulk.Install(out1).Start(Seconds(1));
    UdpEndpoint& dns = Udp(in2, 53, true);
    UdpEndpoint& resolver = Udp(out2, 7000);
    Send(resolver, 1, kPublic, 5353, 60, 3);
    WatchSink(sinkApps.Get(0));
    Run(10);
    Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkApps.Get(0));
    EXPECT_EQ(sink->GetTotalRx(), total); // an outside host reached the inside server
    EXPECT_EQ(sinkSenders, std::set<Ipv4Address>({kOut1}));
    ASSERT_EQ(dns.received.size(), 3u);
    EXPECT_EQ(dns.received[0].from, kOut2);
    ASSERT_EQ(resolver.received.size(), 3u); // replies leave from the forwarded port
    EXPECT_EQ(resolver.received[0].from, kPublic);
    EXPECT_EQ(resolver.received[0].port, 5353);
    EXPECT_EQ(box->GetStats().mappingsCreated, 0u);
    EXPECT_EQ(box->GetMappingCount(), 2u);
    EXPECT_NE(box->Dump().find("tcp 10.0.1.1:80 <-> 203.0.113.1:8080 static"), std::string::npos)
        << box->Dump();
    EXPECT_GT(CheckNatOutput(6), 50u);
    EXPECT_EQ(CheckNatOutput(17), 6u);
}

TEST_P(NaptEndToEnd, EspCannotCrossButUdpEncapsulatedEspDoes)
{
    Build();
    // Plain ESP (IP protocol 50) from inside: dropped, nothing of it leaves.
    Ptr<Socket> raw = Socket::CreateSocket(in1, Ipv4RawSocketFactory::GetTypeId());
    raw->SetAttribute("Protocol", UintegerValue(50));
    Simulator::Schedule(Seconds(1), [raw]() {
        raw->SendTo(Create<Packet>(120), 0, InetSocketAddress(kOut1, 0));
    });
    // ESP in UDP on port 4500 (RFC 3948): translated like any UDP.
    UdpEndpoint& responder = Udp(out1, 4500, true);
    UdpEndpoint& initiator = Udp(in1, 4500);
    Send(initiator, 1.1, kOut1, 4500, 120, 2);
    Run(2);
    EXPECT_EQ(box->GetStats().droppedProtocol, 1u);
    ASSERT_EQ(drops.size(), 1u);
    EXPECT_EQ(drops[0].first, 50);
    EXPECT_EQ(drops[0].second, "protocol");
    for (const auto& d : natTx)
    {
        EXPECT_NE(d[9], 50) << "ESP left the NAT";
    }
    ASSERT_EQ(responder.received.size(), 2u);
    EXPECT_EQ(responder.received[0].from, kPublic);
    EXPECT_EQ(responder.received[0].port, 4500);
    EXPECT_EQ(initiator.received.size(), 2u);
}

TEST_P(NaptEndToEnd, PortsExhausted)
{
    NaptHelper helper;
    helper.SetAttribute("PortRangeMin", UintegerValue(2000));
    helper.SetAttribute("PortRangeMax", UintegerValue(2000));
    helper.SetAttribute("UdpTimeout", TimeValue(Seconds(30)));
    Build(helper);
    UdpEndpoint& server = Udp(out1, 9);
    UdpEndpoint& a = Udp(in1, 5555);
    UdpEndpoint& b = Udp(in2, 5555);
    Send(a, 1, kOut1, 9);
    Send(b, 1.1, kOut1, 9); // no port left
    Send(b, 40, kOut1, 9);  // the first mapping has expired: its port is free again
    Run(41);
    EXPECT_EQ(box->GetStats().droppedPortsExhausted, 1u);
    EXPECT_EQ(DropsFor("ports-exhausted"), 1u);
    ASSERT_EQ(server.received.size(), 2u);
    EXPECT_EQ(server.received[0].port, 2000);
    EXPECT_EQ(server.received[1].port, 2000);
    EXPECT_EQ(box->GetStats().mappingsExpired, 1u);
    ASSERT_EQ(created.size(), 2u);
    EXPECT_EQ(created[1].inside, kIn2);
}

TEST_P(NaptEndToEnd, NonFirstFragmentsDropped)
{
    Build();
    UdpEndpoint& server = Udp(out1, 9);
    UdpEndpoint& client = Udp(in1, 5555);
    Send(client, 1, kOut1, 9, 3000); // three fragments on a 1500-byte link
    Run(2);
    EXPECT_EQ(box->GetStats().droppedFragment, 2u);
    EXPECT_EQ(DropsFor("fragment"), 2u);
    EXPECT_EQ(server.received.size(), 0u);
}

TEST_P(NaptEndToEnd, HeaderLengthBelowFiveWordsIsDroppedAndOptionsAreNotKept)
{
    // ns-3's IPv4 input takes a header length field of 0-4 words, and its Ipv4Header writes 20
    // bytes whatever the room: such a datagram is dropped before translation (RFC 1812 section
    // 5.2.2). Options, which ns-3 does not keep, leave the NAT as a 20-byte header.
    Build();
    UdpEndpoint& server = Udp(out1, 9);
    Ipv4Header h;
    h.SetSource(kIn1);
    h.SetDestination(kOut1);
    h.SetProtocol(17);
    h.SetTtl(64);
    h.SetPayloadSize(108);
    h.EnableChecksum();
    Ptr<NetDevice> inside = nat->GetDevice(1);
    for (uint8_t words = 2; words < 5; ++words)
    {
        h.SetIdentification(words);
        Ptr<Packet> p = Create<Packet>(108);
        p->AddHeader(h);
        test::DeliverOffLink(inside, test::WithIpv4HeaderLength(p, words), 1.0);
    }
    Ipv4Header in = h; // and one from outside to the public address
    in.SetSource(kOut1);
    in.SetDestination(kPublic);
    Ptr<Packet> back = Create<Packet>(108);
    back->AddHeader(in);
    test::DeliverOffLink(nat->GetDevice(3), test::WithIpv4HeaderLength(back, 3), 1.0);
    UdpHeader udp;
    udp.SetSourcePort(5555);
    udp.SetDestinationPort(9);
    if (GetParam())
    {
        udp.EnableChecksums();
        udp.InitializeChecksum(kIn1, kOut1, 17);
    }
    Ptr<Packet> p = Create<Packet>(100);
    p->AddHeader(udp);
    h.SetIdentification(9);
    p->AddHeader(h);
    test::DeliverOffLink(inside, test::WithIpv4Options(p, 1), 1.5);
    Run(3);
    EXPECT_EQ(box->GetStats().droppedHeaderLength, 4u);
    EXPECT_EQ(DropsFor("header-length"), 4u);
    EXPECT_EQ(box->GetStats().translatedOut, 1u);
    ASSERT_EQ(server.received.size(), 1u);
    EXPECT_EQ(server.received[0].from, kPublic);
    ASSERT_EQ(natTx.size(), 1u);
    EXPECT_EQ(natTx[0][0], 0x45);
    EXPECT_EQ(natTx[0].size(), 20u + 8 + 100);
}

TEST_P(NaptEndToEnd, NoHairpinningAndPingsOfTheNatAnswered)
{
    Build();
    // An outside host pings the public address: the NAT answers as a host.
    IcmpEchoClientHelper ping(kPublic);
    ping.SetAttribute("Count", UintegerValue(2));
    ApplicationContainer apps = ping.Install(out1);
    apps.Start(Seconds(1));
    // An inside host sends to the public address: delivered to the NAT node, not translated.
    UdpEndpoint& client = Udp(in1, 5555);
    Send(client, 1, kPublic, 9);
    Run(4);
    EXPECT_EQ(DynamicCast<IcmpEchoClient>(apps.Get(0))->GetReceived(), 2u);
    EXPECT_EQ(box->GetStats().translatedOut, 0u);
    EXPECT_EQ(box->GetStats().translatedIn, 0u);
    EXPECT_EQ(box->GetStats().droppedNoMapping, 0u);
    EXPECT_EQ(box->GetMappingCount(), 0u);
}

std::string
ChecksumsName(const ::testing::TestParamInfo<bool>& info)
{
    return info.param ? "ChecksumsOn" : "ChecksumsOff";
}

INSTANTIATE_TEST_SUITE_P(Checksums, NaptEndToEnd, ::testing::Values(false, true), ChecksumsName);

// ---------------------------------------------------------------------------- misuse

/// Run `f`, expect std::invalid_argument whose message contains `part`.
void
ExpectInvalid(const std::function<void()>& f, const std::string& part)
{
    try
    {
        f();
        ADD_FAILURE() << "no std::invalid_argument (expected one about \"" << part << "\")";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

TEST(NaptHelperMisuse, ClearErrors)
{
    NodeContainer nodes;
    nodes.Create(3);
    Ptr<Node> bare = CreateObject<Node>(); // no IPv4
    InternetStackHelper().Install(nodes);
    PointToPointHelper link;
    Ipv4AddressHelper ip("10.9.1.0", "255.255.255.0");
    ip.Assign(link.Install(nodes.Get(0), nodes.Get(1)));
    ip.SetBase("10.9.2.0", "255.255.255.0");
    ip.Assign(link.Install(nodes.Get(1), nodes.Get(2)));
    // Interface 3 of node 1: up, but without an address.
    NetDeviceContainer extra = link.Install(nodes.Get(1), nodes.Get(2));
    Ptr<Ipv4> ipv4 = nodes.Get(1)->GetObject<Ipv4>();
    uint32_t bareIf = ipv4->AddInterface(extra.Get(0));
    ipv4->SetUp(bareIf);
    Ptr<Node> nat = nodes.Get(1);

    NaptHelper helper;
    ExpectInvalid([&] { helper.Install(bare, 1, 2); }, "no IPv4");
    ExpectInvalid([&] { helper.Install(nullptr, 1, 2); }, "no node");
    ExpectInvalid([&] { helper.Install(nat, 1, 9); }, "out of range");
    ExpectInvalid([&] { helper.Install(nat, 7, 2); }, "out of range");
    ExpectInvalid([&] { helper.Install(nat, 1, 1); }, "both 1");
    ExpectInvalid([&] { helper.Install(nat, 1, bareIf); }, "no IPv4 address");
    ExpectInvalid([&] { helper.SetAttribute("NoSuchAttribute", UintegerValue(1)); },
                  "no attribute");
    ExpectInvalid([&] { helper.SetAttribute("PortRangeMin", UintegerValue(0)); }, "PortRangeMin");
    ExpectInvalid([&] { helper.SetAttribute("PortRangeMax", UintegerValue(70000)); },
                  "PortRangeMax");
    ExpectInvalid([&] { helper.SetAttribute("Mapping", StringValue("FullCone")); }, "Mapping");
    NaptHelper inverted;
    inverted.SetAttribute("PortRangeMin", UintegerValue(5000));
    inverted.SetAttribute("PortRangeMax", UintegerValue(4000));
    ExpectInvalid([&] { inverted.Install(nat, 1, 2); }, "PortRangeMin (5000)");
    EXPECT_EQ(NaptHelper::Get(nat), nullptr); // nothing was installed by the failures

    Ptr<NaptBox> box = helper.Install(nat, 1, 2);
    ASSERT_NE(box, nullptr);
    EXPECT_EQ(NaptHelper::Get(nat), box);
    EXPECT_EQ(box->GetPublicAddress(), Ipv4Address("10.9.2.1"));
    ExpectInvalid([&] { helper.Install(nat, 1, 2); }, "already has a NAT");
    ExpectInvalid([&] { box->SetInside(2); }, "outside interface");
    ExpectInvalid([&] { box->SetInside(42); }, "no IPv4 interface 42");
    ExpectInvalid([&] { box->SetOutside(1); }, "installed");
    ExpectInvalid([&] { box->AddStaticMapping(50, 500, Ipv4Address("10.9.1.1"), 500); },
                  "protocol 50");
    box->AddStaticMapping(17, 500, Ipv4Address("10.9.1.1"), 500);
    ExpectInvalid([&] { box->AddStaticMapping(17, 500, Ipv4Address("10.9.1.2"), 501); },
                  "already mapped");
    EXPECT_EQ(box->AssignStreams(7), 0);
    Simulator::Destroy();
}

} // namespace
