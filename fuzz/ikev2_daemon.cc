/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief Fuzz harness `ikev2-daemon`: datagrams into a running Ikev2Daemon (B) that has an
 * established IKE SA and Child SA with a peer (A), then Simulator::Run for whatever they set
 * off (answers, retransmissions, timeouts, Child SAs installed and deleted, A's reactions).
 *
 * World: two nodes on a point-to-point link, A 10.1.1.1 and B 10.1.1.2, IPsec on both
 * (IpsecHelper) and an Ikev2Daemon on each (swanctl). A's connection `host` has a transport-mode
 * child `net` with start_action = start; B answers it (cookies always required,
 * CookieThreshold 0), and has a tunnel-mode child `net2` (10.2.0.0/16 === 10.3.0.0/16, PFS-less
 * CBC/HMAC, close_action = trap), `net` has close_action = start and a PFS proposal first, and a
 * second connection `ghost` to 10.1.1.1 port 5000, where nothing listens: when B initiates it,
 * only the harness answers. No lifetimes and no DPD, so a world at rest has no timers. The world
 * is built on the first input and run until both IKE SAs and Child SAs are established
 * (World::Build fails the run otherwise).
 *
 * Datagrams are injected at B's IP layer (Ipv4L3Protocol::Receive of its device), as if A had
 * sent them: from 10.1.1.1 port 500 (or 4500, or 5000 for the ghost connection), UDP, no
 * checksum. Keys for protected messages are read from B's own Ikev2IkeSa objects (the peer's
 * sending keys: SK_ei/SK_ai when B is the responder, SK_er/SK_ar for B's own ghost initiation),
 * with an Ikev2SkCipher the harness builds from them (Ikev2IkeSuite::CreateCipher): the SK
 * payload then verifies and the fuzzed inner payload chain reaches the daemon's handlers. The
 * harness knows the pre-shared keys, so it can also put a valid ID + AUTH pair in front of the
 * chain (IKE_AUTH), and it sees what B sends (a trace on B's device): it echoes B's COOKIE,
 * and answers B's own requests with B's proposal and selectors.
 *
 * Input: up to four records, each `mode(1) fields tail`. Mode bits 0-2 pick the kind; bit 7:
 * another record follows (the tail is then a 16-bit length-prefixed blob; otherwise the tail is
 * the rest of the input); bits 3-6 are flags of the kind.
 *  - 0 (a) raw datagram to B's UDP 500: src(1) tail. Bit 3: set the header's version and Length
 *    to fit (so that size-changing mutations reach the payload decoders).
 *  - 1 (b) raw datagram to B's UDP 4500: src(1) tail. Bit 3: as for 0; bit 4: no non-ESP
 *    marker in front (a marker is prepended otherwise).
 *  - 2 (c) a protected request on B's established IKE SA with A: sel(1) tmpl(1) first(1) tail,
 *    the tail being the cleartext payload chain (first = its first payload type), sealed with
 *    the A->B keys. sel bits 0-1: exchange IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL, or a byte
 *    that follows; bits 2-3: message ID B's expected one (0, 1), one below it (2: a
 *    retransmission), or expected + a 32-bit delta that follows (3); bit 4: flags XOR a byte
 *    that follows; bit 5: over UDP 4500 with the marker; bit 6: the SA template proposes the IKE
 *    SA's own suite with an 8-byte SPI (an IKE SA rekey) when the answer is not B's own proposal.
 *    tmpl (Protected payloads, below): what the harness puts in front of the tail.
 *  - 3 (c) the same on any IKE SA of B: index(1) first, then as 2 (half-open SAs of an earlier
 *    record, B's ghost SA).
 *  - 4 (c) a protected response: action(1) sel(1) tmpl(1) first(1) tail. B first sends a request
 *    of its own (action % 7: rekey the child `net`, a new `net` child, a new `net2` child,
 *    terminate `host`, nothing, initiate `ghost`, rekey the IKE SA `host` where the daemon can),
 *    then gets this answer before A's real one.
 *    Message ID and exchange are those of B's outstanding request unless sel says otherwise.
 *  - 5 (d) an IKE_SA_INIT request to B: spiI(8) init(1) [flags(1) id(4)] [group(1)] [ke blob]
 *    first(1) chain.
 *    init bits 0-1: proposal template (none, aes128-sha256-curve25519, aes128gcm16-prfsha256-
 *    ecp256, aes256-sha512-modp2048); bit 2: the KE data from the input (a blob) instead of a
 *    valid public value; bit 3: KE group from a byte; bits 4-5: NAT-D notifies (none, matching,
 *    source changed, destination changed); bit 6: cookie round trip (send, take B's COOKIE, send
 *    again with it in front); bit 7: flags XOR a byte and message ID from the input. Mode bit
 *    6: go on with IKE_AUTH on the half-open SA B made: the chain is then a blob and tmpl(1)
 *    first(1) tail follow (an IKE_AUTH request, with the ID + AUTH template a valid login).
 *  - 6 (e) B initiates `ghost`; its IKE_SA_INIT request is answered with spiR(8) init(1)
 *    [flags(1) id(4)] [ke blob] first(1) chain: init bit 0: B's proposal, a KE of its group
 *    and a nonce in front of the chain; bit 2: KE data from the input; bits 4-5: NAT-D as for
 *    5; bit 7: flags and message ID from the input. Mode bit 6: go on with a protected IKE_AUTH
 *    response: tmpl(1) first(1) tail.
 *  - 7: as 2.
 *
 * Protected payloads (tmpl, followed by spi(2) when bit 1 is set), in this order, before the
 * fuzzed tail: bit 0 ID + AUTH (valid, for the SA's connection and the sender's role); bit 2
 * (without bit 3) N(USE_TRANSPORT_MODE); bit 6 N(REKEY_SA) for the SA's first Child SA; bit 1 SA
 * (ESP: B's own proposal when answering B, else `net`'s or, bit 3, `net2`'s, with a DH transform
 * when bit 5); bit 4 Nonce; bit 5 KE; bit 2 TSi + TSr (A and B, or with bit 3 the net2 subnets; B's
 * own when answering B); bit 7 Delete of the SA's first Child SA.
 *
 * Checked beyond the sanitizers and the module's NS_ASSERTs, after each input: Dump() of both
 * daemons; at most 8 IKE SAs on B and 32 SAs and policies in each node's databases; the
 * daemons' counts of dropped and processed messages (Ikev2Stats drops, requestsIn,
 * responsesIn, duplicateRequestsIn) only grow, B's by at least one per datagram injected (every
 * datagram is either dropped or processed); no DEAD IKE SA left, and no half-open or
 * initiating one older than its timeout; every SA in a node's SADB belongs to a Child SA of
 * its daemon, and every installed Child SA's inbound SA is in it; no input runs more than
 * 200,000 simulator events (an endless exchange).
 *
 * One world serves many inputs (building one takes some 20 ms, a few inputs): each input starts
 * with the daemons' and IPsec's random streams restarted, and a world that an input leaves
 * different from how it was built (World::IsClean: other IKE SAs, Child SAs, SAs or policies, B or
 * A having sent a request, the peer's address or port changed, events pending) is replaced before
 * the next input. What may differ between inputs on a reused world: the simulated time, the
 * statistics, and B's next expected message ID from A (forged requests consume IDs; A never sends
 * a request on a world at rest, so this does not break the world, and the input takes message
 * IDs relative to B's expectation). IPSEC_FUZZ_FRESH_WORLD=1 builds a world for every input, for
 * a crash that does not reproduce alone; IPSEC_FUZZ_VERBOSE=1 prints what the daemons did.
 */
#include "fuzz-input.h"
#include "inspectable-scheduler.h"
#include "world-cache.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

using namespace ns3;
using ipsecfuzz::FuzzInput;

namespace
{
[[noreturn]] void
Fail(const std::string& what)
{
    std::fprintf(stderr, "ikev2-daemon invariant violated: %s\n", what.c_str());
    std::abort();
}

// ------------------------------------------------------------------------ event limit

/// Events run in the current input, and whether Simulator::Run is under way.
uint64_t g_events = 0;
bool g_counting = false;
/// Most events one input may run: a few hundred is usual.
constexpr uint64_t kEventLimit = 200000;

/// The inspectable event queue, stopping the simulator after kEventLimit events.
class CountingScheduler : public ipsecfuzz::InspectableScheduler
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::IpsecFuzzIkev2CountingScheduler")
                                .SetParent<ipsecfuzz::InspectableScheduler>()
                                .AddConstructor<CountingScheduler>();
        return tid;
    }

    Event RemoveNext() override
    {
        if (g_counting && ++g_events == kEventLimit)
        {
            Simulator::Stop(); // after this event; the input then fails
        }
        return InspectableScheduler::RemoveNext();
    }
};

// ------------------------------------------------------------------------ configuration

const Ipv4Address kA("10.1.1.1");
const Ipv4Address kB("10.1.1.2");
const char* const kPskHost = "0x000102030405060708090a0b0c0d0e0f";
const char* const kPskGhost = "0x101112131415161718191a1b1c1d1e1f";
const uint16_t kGhostPort = 5000;

std::string
ConfigA()
{
    return std::string(
               "connections {\n host {\n  local_addrs = 10.1.1.1\n  remote_addrs = 10.1.1.2\n"
               "  local { auth = psk\n id = a.example }\n"
               "  remote { auth = psk\n id = b.example }\n"
               "  children {\n   net {\n    mode = transport\n    start_action = start\n"
               "    esp_proposals = aes128gcm16\n    rekey_time = 0\n   }\n  }\n }\n}\n"
               "secrets { ike-1 { id-a = a.example\n id-b = b.example\n secret = ")
         + kPskHost + " } }\n";
}

std::string
ConfigB()
{
    return std::string(
               "connections {\n host {\n  local_addrs = 10.1.1.2\n  remote_addrs = 10.1.1.1\n"
               "  local { auth = psk\n id = b.example }\n"
               "  remote { auth = psk\n id = a.example }\n"
               "  children {\n"
               "   net {\n    mode = transport\n"
               "    esp_proposals = aes128gcm16-curve25519-ecp256,aes128gcm16\n"
               "    rekey_time = 0\n    close_action = start\n   }\n"
               "   net2 {\n    mode = tunnel\n    local_ts = 10.2.0.0/16\n"
               "    remote_ts = 10.3.0.0/16\n    esp_proposals = aes256-sha512\n"
               "    rekey_time = 0\n    close_action = trap\n   }\n  }\n }\n"
               " ghost {\n  local_addrs = 10.1.1.2\n  remote_addrs = 10.1.1.1\n"
               "  remote_port = 5000\n  proposals = aes128-sha256-curve25519\n"
               "  local { auth = psk\n id = b.example }\n"
               "  remote { auth = psk\n id = ghost.example }\n"
               "  children {\n   gnet {\n    mode = transport\n    esp_proposals = aes128gcm16\n"
               "    rekey_time = 0\n   }\n  }\n }\n}\n"
               "secrets {\n ike-1 { id-a = b.example\n id-b = a.example\n secret = ")
         + kPskHost + " }\n ike-2 { id-a = b.example\n id-b = ghost.example\n secret = " + kPskGhost
         + " }\n}\n";
}

IpsecBytes
HexBytes(const char* hex)
{
    IpsecBytes out;
    std::string s(hex + 2);
    for (size_t i = 0; i + 1 < s.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(std::stoul(s.substr(i, 2), nullptr, 16)));
    }
    return out;
}

Ikev2Identity
Fqdn(const std::string& name)
{
    return Ikev2Identity(Ikev2IdType::FQDN, IpsecBytes(name.begin(), name.end()));
}

std::vector<Ikev2ProposalSpec>
Specs(const std::string& text, Ikev2ProtocolId protocol)
{
    std::vector<Ikev2ProposalSpec> out;
    Ikev2ProposalSpec::Error e = Ikev2ProposalSpec::ParseStrongswan(text, protocol, out);
    if (!e.Ok() || out.empty())
    {
        Fail("harness: proposal " + text + ": " + e.message);
    }
    return out;
}

Ikev2TrafficSelector
Range(const Ipv4Address& first, const Ipv4Address& last)
{
    uint8_t s[4];
    uint8_t e[4];
    first.Serialize(s);
    last.Serialize(e);
    return Ikev2TrafficSelector(Ikev2TsType::IPV4_ADDR_RANGE,
                                0,
                                0,
                                65535,
                                IpsecBytes(s, s + 4),
                                IpsecBytes(e, e + 4));
}

IpsecBytes
SpiBytes(uint32_t spi)
{
    return {uint8_t(spi >> 24), uint8_t(spi >> 16), uint8_t(spi >> 8), uint8_t(spi)};
}

/// Payloads, then a fuzzed chain: the payloads' Next Payload fields lead into it.
IpsecBytes
Chain(const std::vector<Ikev2Payload>& payloads, uint8_t tailFirst, const IpsecBytes& tail)
{
    Ikev2Writer w;
    for (size_t i = 0; i < payloads.size(); ++i)
    {
        auto next = i + 1 < payloads.size() ? payloads[i + 1].type
                                            : static_cast<Ikev2PayloadType>(tailFirst);
        payloads[i].Encode(next, w);
    }
    IpsecBytes out = w.Data();
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
}

/// The first payload type of Chain(payloads, tailFirst, ...).
uint8_t
ChainFirst(const std::vector<Ikev2Payload>& payloads, uint8_t tailFirst)
{
    return payloads.empty() ? tailFirst : static_cast<uint8_t>(payloads.front().type);
}

/// A deterministic source of DH private keys for the harness's own KE payloads.
uint8_t
HarnessRandomByte()
{
    static uint32_t state = 1;
    state = state * 1103515245u + 12345u;
    return static_cast<uint8_t>(state >> 16);
}

// ------------------------------------------------------------------------ the world

/// A datagram B sent, as seen on its device.
struct Sent
{
    uint16_t sourcePort;
    uint16_t destinationPort;
    IpsecBytes ike; //!< the IKE message (marker removed); empty for ESP and keepalives
};

struct World
{
    Ptr<Node> a;
    Ptr<Node> b;
    NetDeviceContainer devices;
    Ptr<Ikev2Daemon> da;
    Ptr<Ikev2Daemon> db;
    IpsecHelper ipsec;
    // The established state as built.
    uint64_t spiI = 0;
    uint64_t spiR = 0;
    uint32_t aNextRequest = 0;
    uint32_t bNextRequest = 0;
    uint32_t childInA = 0;
    uint32_t childInB = 0;
    size_t spdA = 0;
    size_t spdB = 0;
    size_t liveEvents = 0;
    // What B sent during the current input.
    std::vector<Sent> sent;

    void OnBTx(Ptr<const Packet> packet)
    {
        IpsecBytes d(packet->GetSize());
        packet->CopyData(d.data(), d.size());
        // PPP (2) | IPv4 | UDP | [marker] IKE
        if (d.size() < 2 + 20 + 8)
        {
            return;
        }
        size_t ip = 2;
        size_t ihl = (d[ip] & 0x0f) * 4u;
        if (d[ip + 9] != 17 || d.size() < ip + ihl + 8)
        {
            return;
        }
        size_t udp = ip + ihl;
        Sent s;
        s.sourcePort = uint16_t((d[udp] << 8) | d[udp + 1]);
        s.destinationPort = uint16_t((d[udp + 2] << 8) | d[udp + 3]);
        size_t ike = udp + 8;
        if (s.sourcePort == 4500)
        {
            if (d.size() < ike + 4 || d[ike] || d[ike + 1] || d[ike + 2] || d[ike + 3])
            {
                return; // ESP in UDP, or a keepalive
            }
            ike += 4;
        }
        s.ike.assign(d.begin() + ike, d.end());
        sent.push_back(s);
    }

    /// IPSEC_FUZZ_VERBOSE: a trace event, printed at once (an input may end in a crash).
    static void OnTrace(std::string who, const std::string& text)
    {
        std::cerr << who << ": " << text << "\n";
    }

    Ptr<Ikev2Daemon> Daemon(Ptr<Node> node, const std::string& config, bool responder)
    {
        Ptr<Ikev2Daemon> d = CreateObject<Ikev2Daemon>();
        d->SetAttribute("ConfigText", StringValue(config));
        d->SetAttribute("RetransmitTimeout", TimeValue(Seconds(1)));
        d->SetAttribute("RetransmitTries", UintegerValue(2));
        d->SetAttribute("HalfOpenTimeout", TimeValue(Seconds(5)));
        d->SetAttribute("RekeyDeleteDelay", TimeValue(MilliSeconds(100)));
        if (responder)
        {
            d->SetAttribute("CookieThreshold", UintegerValue(0)); // always cookies
        }
        Ikev2ConfigResult r = d->LoadConfiguration();
        if (!r.ok)
        {
            Fail("harness: configuration refused: " + r.error);
        }
        node->AddApplication(d);
        d->SetStartTime(Seconds(0.1));
        if (std::getenv("IPSEC_FUZZ_VERBOSE"))
        {
            std::string who = responder ? "B" : "A";
            for (const char* source : {"Error", "State", "Message"})
            {
                d->TraceConnectWithoutContext(
                    source,
                    Callback<void, const std::string&>(
                        [who](const std::string& t) { OnTrace(who, t); }));
            }
        }
        return d;
    }

    void Build()
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        a = CreateObject<Node>();
        b = CreateObject<Node>();
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        link.SetChannelAttribute("Delay", StringValue("1ms"));
        devices = link.Install(a, b);
        InternetStackHelper internet;
        internet.Install(NodeContainer(a, b));
        Ipv4AddressHelper ip("10.1.1.0", "255.255.255.0");
        ip.Assign(devices);
        ipsec.Install(NodeContainer(a, b));
        da = Daemon(a, ConfigA(), false);
        db = Daemon(b, ConfigB(), true);
        AssignStreams();
        devices.Get(1)->TraceConnectWithoutContext("MacTx", MakeCallback(&World::OnBTx, this));
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        auto as = da->GetIkeSas();
        auto bs = db->GetIkeSas();
        if (as.size() != 1 || bs.size() != 1 || as[0]->state != Ikev2IkeSa::State::ESTABLISHED
            || bs[0]->state != Ikev2IkeSa::State::ESTABLISHED || as[0]->children.size() != 1
            || bs[0]->children.size() != 1 || as[0]->spiR != bs[0]->spiR)
        {
            Fail("harness: the daemons do not establish:\nA:\n" + da->Dump() + "B:\n" + db->Dump());
        }
        spiI = bs[0]->spiI;
        spiR = bs[0]->spiR;
        aNextRequest = as[0]->nextRequestId;
        bNextRequest = bs[0]->nextRequestId;
        childInA = as[0]->children[0]->inboundSpi;
        childInB = bs[0]->children[0]->inboundSpi;
        spdA = IpsecHelper::Get(a)->GetSpd()->Dump().size();
        spdB = IpsecHelper::Get(b)->GetSpd()->Dump().size();
        liveEvents = ipsecfuzz::InspectableScheduler::Current()->Live();
        sent.clear();
    }

    void AssignStreams()
    {
        ipsec.AssignStreams(NodeContainer(a, b), 10);
        da->AssignStreams(100);
        db->AssignStreams(101);
    }

    /// \return true when the world is as Build() left it (but for B's expected message ID)
    bool IsClean() const
    {
        auto* scheduler = ipsecfuzz::InspectableScheduler::Current();
        if (!scheduler || scheduler->Live() > liveEvents)
        {
            return false;
        }
        for (auto [d, childIn, next] : {std::make_tuple(da, childInA, aNextRequest),
                                        std::make_tuple(db, childInB, bNextRequest)})
        {
            auto sas = d->GetIkeSas();
            if (sas.size() != 1)
            {
                return false;
            }
            const Ikev2IkeSa& sa = *sas[0];
            if (sa.spiI != spiI || sa.spiR != spiR || sa.state != Ikev2IkeSa::State::ESTABLISHED
                || sa.outstanding.active || !sa.queued.empty() || sa.nextRequestId != next
                || sa.encap || sa.localPort != 500 || sa.remotePort != 500
                || sa.children.size() != 1 || sa.children[0]->inboundSpi != childIn
                || sa.children[0]->state != Ikev2ChildSa::State::INSTALLED)
            {
                return false;
            }
        }
        return IpsecHelper::Get(a)->GetSadb()->GetN() == 2
            && IpsecHelper::Get(b)->GetSadb()->GetN() == 2
            && IpsecHelper::Get(a)->GetSpd()->Dump().size() == spdA
            && IpsecHelper::Get(b)->GetSpd()->Dump().size() == spdB;
    }
};

/// Drops and processed messages of a daemon (what every received datagram adds to).
uint64_t
Counted(const Ikev2Daemon& d)
{
    const Ikev2Stats& s = d.GetStats();
    uint64_t n = s.TotalDrops();
    for (const auto& e : s.exchanges)
    {
        n += e.requestsIn + e.responsesIn + e.duplicateRequestsIn;
    }
    return n;
}

// ------------------------------------------------------------------------ building datagrams

/// A UDP/IPv4 datagram from src to B (no UDP checksum: ns-3 checksums are off).
IpsecBytes
Udp(Ipv4Address src, uint16_t sport, uint16_t dport, const IpsecBytes& payload)
{
    Ipv4Header h;
    h.SetSource(src);
    h.SetDestination(kB);
    h.SetProtocol(17);
    h.SetTtl(64);
    h.SetPayloadSize(static_cast<uint16_t>(payload.size() + 8));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    IpsecBytes out(p->GetSize());
    p->CopyData(out.data(), out.size());
    uint16_t length = static_cast<uint16_t>(payload.size() + 8);
    for (uint16_t v : {sport, dport, length, uint16_t(0)})
    {
        out.push_back(uint8_t(v >> 8));
        out.push_back(uint8_t(v));
    }
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

void
Deliver(Ptr<Node> node, Ptr<NetDevice> device, IpsecBytes bytes)
{
    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    node->GetObject<Ipv4L3Protocol>()->Receive(device,
                                               p,
                                               Ipv4L3Protocol::PROT_NUMBER,
                                               device->GetAddress(),
                                               device->GetAddress(),
                                               NetDevice::PACKET_HOST);
}

IpsecBytes
Header(uint64_t spiI,
       uint64_t spiR,
       uint8_t next,
       uint8_t exchange,
       uint8_t flags,
       uint32_t messageId)
{
    Ikev2Header h;
    h.spiI = spiI;
    h.spiR = spiR;
    h.next = static_cast<Ikev2PayloadType>(next);
    h.exchange = static_cast<Ikev2ExchangeType>(exchange);
    h.flags = flags;
    h.messageId = messageId;
    Ikev2Writer w;
    h.Write(w);
    return w.Data();
}

void
FixLength(IpsecBytes& m)
{
    if (m.size() >= Ikev2Header::SIZE)
    {
        m[Ikev2Header::VERSION_OFFSET] = Ikev2Header::VERSION;
        uint32_t n = static_cast<uint32_t>(m.size());
        for (int i = 0; i < 4; ++i)
        {
            m[Ikev2Header::LENGTH_OFFSET + i] = static_cast<uint8_t>(n >> (24 - 8 * i));
        }
    }
}

class Input
{
  public:
    Input(FuzzInput& in, World& world)
        : m_in(in)
        , m_w(world)
    {
    }

    /// Runs one record; \return false when the input has no more records.
    bool Record()
    {
        uint8_t mode = m_in.U8();
        m_more = (mode & 0x80) != 0;
        switch (mode & 7)
        {
            case 0:
            case 1:
                Raw(mode);
                break;
            case 3: {
                auto sas = m_w.db->GetIkeSas();
                uint8_t index = m_in.U8();
                Request(sas.empty() ? nullptr : sas[index % sas.size()]);
                break;
            }
            case 4:
                Response();
                break;
            case 5:
                InitRequest(mode);
                break;
            case 6:
                Ghost(mode);
                break;
            default:
                Request(EstablishedSa());
                break;
        }
        return m_more && !m_in.Empty();
    }

    /// Datagrams injected that B's daemon must count (dropped or processed).
    uint64_t Injected() const { return m_injected; }

  private:
    IpsecBytes Tail() { return m_more ? m_in.Blob(4096) : m_in.Rest(); }

    /// Let what is scheduled so far happen (B's answers leave at once).
    void Step(Time t = MicroSeconds(200))
    {
        Simulator::Stop(t);
        g_counting = true;
        Simulator::Run();
        g_counting = false;
    }

    void Inject(Ipv4Address src, uint16_t sport, uint16_t dport, IpsecBytes ike, bool marker)
    {
        if (marker)
        {
            ike.insert(ike.begin(), 4, 0);
        }
        // Every datagram reaches the daemon, but for a keepalive on 4500, and ESP in UDP
        // (4500 without the marker) once B has UDP-encapsulated SAs: the IPsec layer takes it.
        bool zeroPrefix = ike.size() >= 4 && !ike[0] && !ike[1] && !ike[2] && !ike[3];
        bool counted
            = dport != 4500
           || (!(ike.size() == 1 && ike[0] == 0xff)
               && (zeroPrefix || !IpsecHelper::Get(m_w.b)->GetSadb()->HasEncapsulatedSas()));
        m_injected += counted ? 1 : 0;
        Simulator::ScheduleWithContext(m_w.b->GetId(),
                                       MicroSeconds(50),
                                       &Deliver,
                                       m_w.b,
                                       m_w.devices.Get(1),
                                       Udp(src, sport, dport, ike));
        Step();
    }

    Ptr<const Ikev2IkeSa> EstablishedSa() const
    {
        for (const auto& sa : m_w.db->GetIkeSas())
        {
            if (sa->name == "host" && sa->state == Ikev2IkeSa::State::ESTABLISHED)
            {
                return sa;
            }
        }
        return nullptr;
    }

    /// (a), (b): raw bytes to 500 or 4500.
    void Raw(uint8_t mode)
    {
        uint8_t src = m_in.U8();
        IpsecBytes bytes = Tail();
        if (mode & 0x08)
        {
            FixLength(bytes);
        }
        Ipv4Address from = (src & 0x80) ? Ipv4Address("10.1.1.3") : kA;
        const uint16_t ports[] = {500, 4500, kGhostPort, 1024};
        uint16_t sport = ports[src & 3];
        if ((mode & 7) == 0)
        {
            Inject(from, sport, 500, bytes, false);
        }
        else
        {
            Inject(from, sport, 4500, bytes, (mode & 0x10) == 0);
        }
    }

    /// The peer's sending cipher of one of B's IKE SAs (nullptr before its keys exist).
    static std::unique_ptr<Ikev2SkCipher> PeerCipher(const Ikev2IkeSa& sa)
    {
        if (!sa.recvCipher)
        {
            return nullptr;
        }
        bool peerIsInitiator = !sa.initiator;
        return sa.suite.CreateCipher(peerIsInitiator ? sa.keys.skEi : sa.keys.skEr,
                                     peerIsInitiator ? sa.keys.skAi : sa.keys.skAr);
    }

    /// B's sending cipher of one of its IKE SAs.
    static std::unique_ptr<Ikev2SkCipher> OwnCipher(const Ikev2IkeSa& sa)
    {
        if (!sa.sendCipher)
        {
            return nullptr;
        }
        return sa.suite.CreateCipher(sa.initiator ? sa.keys.skEi : sa.keys.skEr,
                                     sa.initiator ? sa.keys.skAi : sa.keys.skAr);
    }

    /// B's last request on an SA, decrypted (what the harness answers), if it can be found.
    bool LastRequestOf(const Ikev2IkeSa& sa, Ikev2Message& out) const
    {
        auto cipher = OwnCipher(sa);
        for (auto it = m_w.sent.rbegin(); cipher && it != m_w.sent.rend(); ++it)
        {
            Ikev2Header h;
            if (!Ikev2Header::Read(it->ike.data(), it->ike.size(), h).Ok() || h.IsResponse()
                || h.spiI != sa.spiI || h.spiR != sa.spiR
                || h.messageId != sa.outstanding.messageId)
            {
                continue;
            }
            return Ikev2Message::DecodeProtected(it->ike.data(), it->ike.size(), *cipher, out).Ok();
        }
        return false;
    }

    /**
     * \brief The template payloads (tmpl bits, see the file comment) for a message from the
     * peer of B's IKE SA \p sa.
     * \param answering B's request being answered, or nullptr for a request to B
     */
    std::vector<Ikev2Payload> Template(uint8_t tmpl,
                                       const Ikev2IkeSa& sa,
                                       const Ikev2Message* answering,
                                       bool ikeRekey)
    {
        std::vector<Ikev2Payload> out;
        bool ghost = sa.name == "ghost";
        bool peerIsInitiator = !sa.initiator; // of the IKE SA
        if (tmpl & 0x01)
        {
            // A valid ID + AUTH for the sender's role (RFC 7296 §2.15).
            Ikev2Identity id = Fqdn(ghost ? "ghost.example" : "a.example");
            IpsecBytes psk = HexBytes(ghost ? kPskGhost : kPskHost);
            std::unique_ptr<Ikev2Prf> prf = Ikev2Prf::Create(sa.suite.prf);
            if (prf)
            {
                Ikev2AuthBody auth;
                auth.method = Ikev2AuthMethod::SHARED_KEY_MIC;
                auth.data = peerIsInitiator ? Ikev2KeyDerivation::PskAuth(*prf,
                                                                          psk,
                                                                          sa.initRequest,
                                                                          sa.nr,
                                                                          sa.keys.skPi,
                                                                          id.AuthInput())
                                            : Ikev2KeyDerivation::PskAuth(*prf,
                                                                          psk,
                                                                          sa.initResponse,
                                                                          sa.ni,
                                                                          sa.keys.skPr,
                                                                          id.AuthInput());
                out.push_back(Ikev2Payload::Make(peerIsInitiator ? Ikev2PayloadType::IDI
                                                                 : Ikev2PayloadType::IDR,
                                                 id));
                out.push_back(Ikev2Payload::Make(Ikev2PayloadType::AUTH, auth));
            }
        }
        bool tunnel = (tmpl & 0x08) != 0;
        if ((tmpl & 0x04) && !tunnel)
        {
            out.push_back(Ikev2Payload::Notify(Ikev2NotifyType::USE_TRANSPORT_MODE));
        }
        uint32_t childOut = sa.children.empty() ? 0 : sa.children.front()->outboundSpi;
        if (tmpl & 0x40)
        {
            out.push_back(Ikev2Payload::Notify(Ikev2NotifyType::REKEY_SA,
                                               {},
                                               Ikev2ProtocolId::ESP,
                                               SpiBytes(childOut)));
        }
        const Ikev2SaBody* theirSa = nullptr;
        const Ikev2KeBody* theirKe = nullptr;
        const Ikev2TsBody* theirTsi = nullptr;
        const Ikev2TsBody* theirTsr = nullptr;
        if (answering)
        {
            for (const Ikev2Payload& p : answering->payloads)
            {
                theirSa = theirSa ? theirSa : std::get_if<Ikev2SaBody>(&p.body);
                theirKe = theirKe ? theirKe : std::get_if<Ikev2KeBody>(&p.body);
                if (p.type == Ikev2PayloadType::TSI && !theirTsi)
                {
                    theirTsi = std::get_if<Ikev2TsBody>(&p.body);
                }
                if (p.type == Ikev2PayloadType::TSR && !theirTsr)
                {
                    theirTsr = std::get_if<Ikev2TsBody>(&p.body);
                }
            }
        }
        uint16_t group = theirKe ? theirKe->group : ikeRekey ? sa.suite.dh : 31;
        if (tmpl & 0x02)
        {
            IpsecBytes spi = SpiBytes(0xc0000000u | m_in.U16());
            Ikev2SaBody body;
            if (theirSa && !theirSa->proposals.empty())
            {
                // B's first proposal, one transform of each type (an answer chooses).
                Ikev2Proposal chosen = theirSa->proposals.front();
                std::vector<Ikev2Transform> one;
                for (const Ikev2Transform& t : chosen.transforms)
                {
                    bool seen = false;
                    for (const Ikev2Transform& o : one)
                    {
                        seen = seen || o.type == t.type;
                    }
                    if (!seen)
                    {
                        one.push_back(t);
                    }
                }
                chosen.transforms = one;
                // Ours in B's size: 8 bytes answering an IKE SA rekey, 4 for a Child SA.
                chosen.spi = chosen.spi.size() == 8
                               ? IpsecBytes{0xd0, 0, 0, 0, 0, 0, spi[2], spi[3]}
                               : spi;
                body.proposals.push_back(chosen);
            }
            else if (ikeRekey)
            {
                // An IKE SA rekey (RFC 7296 §2.18): the SA's own suite, a new 8-byte SPI.
                IpsecBytes ikeSpi{0xd0, 0, 0, 0, 0, 0, spi[2], spi[3]};
                body.proposals.push_back(sa.suite.ToProposal(1, ikeSpi));
            }
            else
            {
                std::string text = tunnel ? "aes256-sha512" : "aes128gcm16";
                if (tmpl & 0x20)
                {
                    text += "-curve25519";
                }
                body.proposals.push_back(
                    Specs(text, Ikev2ProtocolId::ESP).front().ToProposal(1, spi));
            }
            out.push_back(Ikev2Payload::Make(Ikev2PayloadType::SA, body));
        }
        if (tmpl & 0x10)
        {
            Ikev2NonceBody nonce;
            nonce.nonce = IpsecBytes(32, 0x4e);
            out.push_back(Ikev2Payload::Make(Ikev2PayloadType::NONCE, nonce));
        }
        if (tmpl & 0x20)
        {
            auto dh = Ikev2DiffieHellman::Create(group, &HarnessRandomByte);
            Ikev2KeBody ke;
            ke.group = group;
            ke.data = dh ? dh->GetPublicValue() : IpsecBytes(32, 0x09);
            out.push_back(Ikev2Payload::Make(Ikev2PayloadType::KE, ke));
        }
        if (tmpl & 0x04)
        {
            Ikev2TsBody tsi;
            Ikev2TsBody tsr;
            if (theirTsi && theirTsr)
            {
                tsi = *theirTsi;
                tsr = *theirTsr;
            }
            else
            {
                // The exchange initiator's selectors first: the peer's when it asks.
                bool peerAsks = answering == nullptr;
                Ikev2TrafficSelector peer
                    = tunnel ? Range(Ipv4Address("10.3.0.0"), Ipv4Address("10.3.255.255"))
                             : Range(kA, kA);
                Ikev2TrafficSelector ours
                    = tunnel ? Range(Ipv4Address("10.2.0.0"), Ipv4Address("10.2.255.255"))
                             : Range(kB, kB);
                tsi.selectors = {peerAsks ? peer : ours};
                tsr.selectors = {peerAsks ? ours : peer};
            }
            out.push_back(Ikev2Payload::Make(Ikev2PayloadType::TSI, tsi));
            out.push_back(Ikev2Payload::Make(Ikev2PayloadType::TSR, tsr));
        }
        if (tmpl & 0x80)
        {
            Ikev2DeleteBody d;
            d.protocol = Ikev2ProtocolId::ESP;
            d.spis.push_back(SpiBytes(childOut));
            out.push_back(Ikev2Payload::Make(Ikev2PayloadType::DELETE, d));
        }
        return out;
    }

    /**
     * \brief Seal a message from the peer of \p sa and inject it.
     * \param answering B's request being answered (nullptr: a request to B)
     */
    void SendProtected(const Ikev2IkeSa& sa,
                       uint8_t sel,
                       uint8_t exchange,
                       uint32_t expectedId,
                       bool response,
                       const Ikev2Message* answering)
    {
        uint8_t flags = (sa.initiator ? 0 : Ikev2Header::FLAG_INITIATOR)
                      | (response ? Ikev2Header::FLAG_RESPONSE : 0);
        switch ((sel >> 2) & 3)
        {
            case 2:
                expectedId -= 1;
                break;
            case 3:
                expectedId += m_in.U32();
                break;
            default:
                break;
        }
        if (sel & 0x10)
        {
            flags ^= m_in.U8();
        }
        uint8_t tmpl = m_in.U8();
        std::vector<Ikev2Payload> payloads = Template(tmpl, sa, answering, (sel & 0x40) != 0);
        uint8_t first = m_in.U8();
        IpsecBytes inner = Chain(payloads, first, Tail());
        auto cipher = PeerCipher(sa);
        if (!cipher)
        {
            return; // no keys yet (an IKE SA still in IKE_SA_INIT)
        }
        IpsecBytes message = Header(sa.spiI,
                                    sa.spiR,
                                    static_cast<uint8_t>(Ikev2PayloadType::SK),
                                    exchange,
                                    flags,
                                    expectedId);
        message.push_back(ChainFirst(payloads, first));
        message.push_back(0);
        message.push_back(0);
        message.push_back(0);
        IpsecBytes iv(cipher->IvBytes());
        for (size_t i = 0; i < iv.size(); ++i)
        {
            iv[i] = static_cast<uint8_t>(++m_iv + i);
        }
        cipher->Seal(message, inner, iv);
        bool natt = (sel & 0x20) != 0;
        uint16_t port = natt ? 4500 : sa.name == "ghost" ? kGhostPort : 500;
        Inject(kA, port, natt ? 4500 : 500, message, natt);
    }

    /// The exchange type a sel byte names (a byte from the input for 3).
    uint8_t Exchange(uint8_t sel, uint8_t fallback)
    {
        switch (sel & 3)
        {
            case 0:
                return fallback;
            case 1:
                return static_cast<uint8_t>(Ikev2ExchangeType::CREATE_CHILD_SA);
            case 2:
                return static_cast<uint8_t>(Ikev2ExchangeType::INFORMATIONAL);
            default:
                return m_in.U8();
        }
    }

    /// (c): a protected request on one of B's IKE SAs.
    void Request(Ptr<const Ikev2IkeSa> sa)
    {
        uint8_t sel = m_in.U8();
        if (!sa)
        {
            Tail();
            return;
        }
        uint8_t exchange = Exchange(sel, static_cast<uint8_t>(Ikev2ExchangeType::IKE_AUTH));
        SendProtected(*sa, sel, exchange, sa->responses.GetExpectedId(), false, nullptr);
    }

    /// (c): B sends a request of its own, which gets a fuzzed answer.
    void Response()
    {
        uint8_t action = m_in.U8() % 7;
        Ptr<Ikev2Daemon> db = m_w.db;
        Simulator::ScheduleWithContext(m_w.b->GetId(), Seconds(0), [db, action]() {
            switch (action)
            {
                case 0:
                    db->RekeyChild("net");
                    break;
                case 1:
                    db->Initiate("host", "net");
                    break;
                case 2:
                    db->Initiate("host", "net2");
                    break;
                case 3:
                    db->Terminate("host");
                    break;
                case 5:
                    db->Initiate("ghost");
                    break;
                case 6:
                    db->RekeyIke("host");
                    break;
                default:
                    break;
            }
        });
        Step(MicroSeconds(20));
        uint8_t sel = m_in.U8();
        Ptr<const Ikev2IkeSa> target;
        for (const auto& sa : m_w.db->GetIkeSas())
        {
            if (sa->outstanding.active && sa->recvCipher)
            {
                target = sa;
                break;
            }
        }
        if (!target)
        {
            target = EstablishedSa();
        }
        if (!target)
        {
            Tail();
            return;
        }
        Ikev2Message request;
        bool echo = LastRequestOf(*target, request);
        uint8_t exchange = Exchange(sel, static_cast<uint8_t>(target->outstanding.exchange));
        SendProtected(*target,
                      sel,
                      exchange,
                      target->outstanding.messageId,
                      true,
                      echo ? &request : nullptr);
    }

    /// NAT-D notifies for a message from A's \p port (mode 1: as seen, 2, 3: one hash off).
    static std::vector<Ikev2Payload> NatD(uint8_t mode, uint64_t spiI, uint64_t spiR, uint16_t port)
    {
        if (mode == 0)
        {
            return {};
        }
        IpsecBytes source = Ikev2NatDetection::Hash(spiI, spiR, kA, port);
        IpsecBytes destination = Ikev2NatDetection::Hash(spiI, spiR, kB, 500);
        if (mode == 2)
        {
            source[0] ^= 1;
        }
        if (mode == 3)
        {
            destination[0] ^= 1;
        }
        return {Ikev2Payload::Notify(Ikev2NotifyType::NAT_DETECTION_SOURCE_IP, source),
                Ikev2Payload::Notify(Ikev2NotifyType::NAT_DETECTION_DESTINATION_IP, destination)};
    }

    /// A KE payload of \p group: a valid public value, or bytes from the input.
    Ikev2Payload Ke(uint16_t group, bool fuzzed)
    {
        Ikev2KeBody ke;
        ke.group = group;
        if (fuzzed)
        {
            ke.data = m_in.Blob(600);
        }
        else
        {
            auto dh = Ikev2DiffieHellman::Create(group, &HarnessRandomByte);
            ke.data = dh ? dh->GetPublicValue() : IpsecBytes(32, 0x09);
        }
        return Ikev2Payload::Make(Ikev2PayloadType::KE, ke);
    }

    /// The last COOKIE B sent, if any.
    bool LastCookie(IpsecBytes& cookie) const
    {
        for (auto it = m_w.sent.rbegin(); it != m_w.sent.rend(); ++it)
        {
            Ikev2Message m;
            if (Ikev2Message::Decode(it->ike.data(), it->ike.size(), m).Ok())
            {
                if (const Ikev2NotifyBody* n = m.FindNotify(Ikev2NotifyType::COOKIE))
                {
                    cookie = n->data;
                    return true;
                }
            }
        }
        return false;
    }

    /// (d): an IKE_SA_INIT request to B, then perhaps IKE_AUTH on the half-open SA it made.
    void InitRequest(uint8_t mode)
    {
        uint64_t spiI = m_in.U64();
        uint8_t init = m_in.U8();
        uint8_t flags = Ikev2Header::FLAG_INITIATOR;
        uint32_t messageId = 0;
        if (init & 0x80)
        {
            flags ^= m_in.U8();
            messageId = m_in.U32();
        }
        std::vector<Ikev2Payload> payloads;
        static const char* const kProposals[] = {"aes128-sha256-curve25519",
                                                 "aes128gcm16-prfsha256-ecp256",
                                                 "aes256-sha512-modp2048"};
        if (init & 0x03)
        {
            Ikev2ProposalSpec spec
                = Specs(kProposals[(init & 3) - 1], Ikev2ProtocolId::IKE).front();
            Ikev2SaBody sa;
            sa.proposals.push_back(spec.ToProposal(1, {}));
            payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::SA, sa));
            auto groups = spec.Of(Ikev2TransformType::DH);
            uint16_t group = groups.empty() ? 31 : groups.front().id;
            if (init & 0x08)
            {
                group = m_in.U8();
            }
            payloads.push_back(Ke(group, (init & 0x04) != 0));
            Ikev2NonceBody nonce;
            nonce.nonce = IpsecBytes(32, 0x6e);
            payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::NONCE, nonce));
        }
        for (Ikev2Payload& p : NatD((init >> 4) & 3, spiI, 0, 500))
        {
            payloads.push_back(p);
        }
        uint8_t first = m_in.U8();
        bool auth = (mode & 0x40) != 0;
        IpsecBytes tail = auth ? m_in.Blob(4096) : Tail();
        auto message = [&](const IpsecBytes& cookie) {
            std::vector<Ikev2Payload> all;
            if (!cookie.empty())
            {
                all.push_back(Ikev2Payload::Notify(Ikev2NotifyType::COOKIE, cookie));
            }
            all.insert(all.end(), payloads.begin(), payloads.end());
            IpsecBytes m = Header(spiI,
                                  0,
                                  ChainFirst(all, first),
                                  static_cast<uint8_t>(Ikev2ExchangeType::IKE_SA_INIT),
                                  flags,
                                  messageId);
            IpsecBytes chain = Chain(all, first, tail);
            m.insert(m.end(), chain.begin(), chain.end());
            FixLength(m);
            return m;
        };
        Inject(kA, 500, 500, message({}), false);
        IpsecBytes cookie;
        if ((init & 0x40) && LastCookie(cookie))
        {
            Inject(kA, 500, 500, message(cookie), false);
        }
        if (!auth)
        {
            return;
        }
        // IKE_AUTH on the half-open SA, as its initiator.
        Ptr<const Ikev2IkeSa> halfOpen;
        for (const auto& sa : m_w.db->GetIkeSas())
        {
            if (!sa->initiator && sa->spiI == spiI && sa->state == Ikev2IkeSa::State::INIT_RECEIVED)
            {
                halfOpen = sa;
            }
        }
        if (!halfOpen)
        {
            Tail();
            return;
        }
        SendProtected(*halfOpen,
                      0,
                      static_cast<uint8_t>(Ikev2ExchangeType::IKE_AUTH),
                      halfOpen->responses.GetExpectedId(),
                      false,
                      nullptr);
    }

    /// (e): B initiates `ghost`; the harness answers its IKE_SA_INIT, then perhaps IKE_AUTH.
    void Ghost(uint8_t mode)
    {
        Ptr<Ikev2Daemon> db = m_w.db;
        Simulator::ScheduleWithContext(m_w.b->GetId(), Seconds(0), [db]() {
            db->Initiate("ghost");
        });
        Step(MicroSeconds(20));
        uint64_t spiR = m_in.U64();
        uint8_t init = m_in.U8();
        uint8_t flags = Ikev2Header::FLAG_RESPONSE;
        uint32_t messageId = 0;
        if (init & 0x80)
        {
            flags ^= m_in.U8();
            messageId = m_in.U32();
        }
        Ptr<const Ikev2IkeSa> sa;
        for (const auto& s : m_w.db->GetIkeSas())
        {
            if (s->initiator && s->name == "ghost" && s->state == Ikev2IkeSa::State::INIT_SENT)
            {
                sa = s;
            }
        }
        std::vector<Ikev2Payload> payloads;
        if (sa && (init & 0x01) && !sa->offered.empty())
        {
            Ikev2SaBody body;
            body.proposals.push_back(sa->offered.front());
            payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::SA, body));
            auto groups
                = Ikev2ProposalSpec::FromProposal(sa->offered.front()).Of(Ikev2TransformType::DH);
            payloads.push_back(Ke(groups.empty() ? 31 : groups.front().id, (init & 0x04) != 0));
            Ikev2NonceBody nonce;
            nonce.nonce = IpsecBytes(32, 0x72);
            payloads.push_back(Ikev2Payload::Make(Ikev2PayloadType::NONCE, nonce));
        }
        uint64_t spiI = sa ? sa->spiI : 0;
        for (Ikev2Payload& p : NatD((init >> 4) & 3, spiI, spiR, kGhostPort))
        {
            payloads.push_back(p);
        }
        uint8_t first = m_in.U8();
        bool auth = (mode & 0x40) != 0;
        IpsecBytes tail = auth ? m_in.Blob(4096) : Tail();
        IpsecBytes m = Header(spiI,
                              spiR,
                              ChainFirst(payloads, first),
                              static_cast<uint8_t>(Ikev2ExchangeType::IKE_SA_INIT),
                              flags,
                              messageId);
        IpsecBytes chain = Chain(payloads, first, tail);
        m.insert(m.end(), chain.begin(), chain.end());
        FixLength(m);
        Inject(kA, kGhostPort, 500, m, false);
        if (!auth)
        {
            return;
        }
        Ptr<const Ikev2IkeSa> authSent;
        for (const auto& s : m_w.db->GetIkeSas())
        {
            if (s->initiator && s->name == "ghost" && s->state == Ikev2IkeSa::State::AUTH_SENT
                && s->outstanding.active)
            {
                authSent = s;
            }
        }
        if (!authSent)
        {
            Tail();
            return;
        }
        Ikev2Message request;
        bool echo = LastRequestOf(*authSent, request);
        SendProtected(*authSent,
                      0,
                      static_cast<uint8_t>(Ikev2ExchangeType::IKE_AUTH),
                      authSent->outstanding.messageId,
                      true,
                      echo ? &request : nullptr);
    }

    FuzzInput& m_in;
    World& m_w;
    bool m_more = false;
    uint64_t m_injected = 0;
    uint32_t m_iv = 0;
};

// ------------------------------------------------------------------------ checks

/// The IKE SA of a daemon that owns an SADB entry, through its Child SAs.
bool
Owned(const Ikev2Daemon& d, const SecurityAssociation& sa)
{
    for (const auto& ike : d.GetIkeSas())
    {
        for (const auto& child : ike->children)
        {
            for (const auto& s : {child->inbound, child->outbound})
            {
                if (s && s->GetSpi() == sa.GetSpi() && s->GetDestination() == sa.GetDestination())
                {
                    return true;
                }
            }
        }
    }
    return false;
}

void
Check(World& w, uint64_t injected, uint64_t countedA, uint64_t countedB)
{
    std::string dumpA;
    std::string dumpB;
    try
    {
        dumpA = w.da->Dump();
        dumpB = w.db->Dump();
    }
    catch (const std::exception& e)
    {
        Fail(std::string("Dump() threw: ") + e.what());
    }
    std::string where = "\nA:\n" + dumpA + "B:\n" + dumpB;
    if (Counted(*w.da) < countedA)
    {
        Fail("A's drop and message counts went down" + where);
    }
    if (Counted(*w.db) < countedB + injected)
    {
        Fail("B counted " + std::to_string(Counted(*w.db) - countedB) + " drops and messages for "
             + std::to_string(injected) + " datagrams injected" + where);
    }
    if (w.db->GetIkeSas().size() > 8)
    {
        Fail(std::to_string(w.db->GetIkeSas().size()) + " IKE SAs on B" + where);
    }
    for (auto [name, d, node] : {std::make_tuple("A", w.da, w.a), std::make_tuple("B", w.db, w.b)})
    {
        Ptr<IpsecL3Protocol> ipsec = IpsecHelper::Get(node);
        std::vector<Ptr<SecurityAssociation>> sas = ipsec->GetSadb()->Dump();
        if (sas.size() > 32 || ipsec->GetSpd()->Dump().size() > 32)
        {
            Fail(std::string(name) + " holds " + std::to_string(sas.size()) + " SAs and "
                 + std::to_string(ipsec->GetSpd()->Dump().size()) + " policies" + where);
        }
        Time now = Simulator::Now();
        for (const auto& ike : d->GetIkeSas())
        {
            Time age = now - ike->created;
            bool stale = ike->state == Ikev2IkeSa::State::DEAD
                      || (ike->state == Ikev2IkeSa::State::INIT_RECEIVED && age > Seconds(6))
                      || ((ike->state == Ikev2IkeSa::State::INIT_SENT
                           || ike->state == Ikev2IkeSa::State::AUTH_SENT)
                          && age > Seconds(8));
            if (stale)
            {
                Fail(std::string(name) + " keeps " + ike->ToString() + " created "
                     + std::to_string(age.GetSeconds()) + " s ago" + where);
            }
            for (const auto& child : ike->children)
            {
                if (child->state == Ikev2ChildSa::State::INSTALLED
                    && (!child->inbound
                        || !ipsec->GetSadb()->Get(IpsecProtocol::ESP,
                                                  child->inbound->GetDestination(),
                                                  child->inbound->GetSpi())))
                {
                    Fail(std::string(name) + "'s installed child " + child->ToString()
                         + " has no inbound SA in the SADB" + where);
                }
            }
        }
        for (const auto& sa : sas)
        {
            if (!Owned(*d, *sa))
            {
                Fail(std::string(name) + "'s SADB holds " + sa->Describe()
                     + ", which no Child SA of its daemon owns" + where);
            }
        }
    }
}

// ------------------------------------------------------------------------ driver

/// Inputs one world serves at most (its key log and statistics grow).
const uint64_t kInputsPerWorld = 20000;

ipsecfuzz::WorldCache<World> g_worlds(kInputsPerWorld);

void
RunInput(FuzzInput& in)
{
    static bool verbose = std::getenv("IPSEC_FUZZ_VERBOSE") != nullptr;
    World& world = g_worlds.Next();
    world.AssignStreams();
    world.sent.clear();
    g_events = 0;
    uint64_t countedA = Counted(*world.da);
    uint64_t countedB = Counted(*world.db);
    Input input(in, world);
    for (int record = 0; record < 4 && input.Record(); ++record)
    {
    }
    // Long enough for every retransmission (1 + 1.8 + 3.24 s), half-open timeouts (5 s) and
    // delayed deletes.
    Simulator::Stop(Seconds(12));
    g_counting = true;
    Simulator::Run();
    g_counting = false;
    if (verbose)
    {
        std::cerr << "A:\n" << world.da->Dump() << "B:\n" << world.db->Dump();
        IpsecHelper::PrintStats(std::cerr, NodeContainer(world.a, world.b));
    }
    if (g_events >= kEventLimit)
    {
        Fail("more than " + std::to_string(kEventLimit) + " simulator events for one input");
    }
    Check(world, input.Injected(), countedA, countedB);
    if (!world.IsClean())
    {
        g_worlds.Drop(); // the next input gets a new world
    }
}

/// IPSEC_FUZZ_STATS: the worlds built.
void
PrintStats()
{
    std::fprintf(stderr,
                 "ikev2-daemon: %llu worlds built\n",
                 (unsigned long long) g_worlds.Built());
}
} // namespace

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    return ipsecfuzz::InitializeHarness<CountingScheduler>(&RunInput, &PrintStats);
}

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzInput in(data, size);
    RunInput(in);
    return 0;
}
