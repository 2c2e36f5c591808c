/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * UDP encapsulation of ESP (RFC 3948) in the datapath, the SADB and the configuration files:
 * what goes on the wire, what the receiver accepts and refuses, NAT keepalives and IKE's
 * non-ESP marker, the transport-mode checksum fix, and the ipseckey and setkey forms.
 * (Across a real NAT: test-napt.cc builds the NAT; the IKEv2 daemon's tests use both.)
 */
#include "two-hosts.h"

#include "ns3/ipsec-module.h"

#include <gtest/gtest.h>

using namespace ns3;
using ns3::test::TwoHosts;

namespace
{

const std::string kGcmKey = "0x3ffe050148193ffe050148193ffe050148193ffe"; // AES-128 + salt

/// ESP AES-GCM transport SAs both ways between 10.1.1.1 and 10.1.1.2, and policies requiring
/// them, in setkey form; `esp` is "esp-udp" (with ports) or "esp".
std::string
TransportSetkey(const std::string& esp,
                const std::string& portA = "",
                const std::string& portB = "",
                const std::string& policy = "esp/transport//require")
{
    return "add 10.1.1.1" + portA + " 10.1.1.2" + portB + " " + esp + " 0x1001 -m transport -r 8 "
         + "-E aes-gcm-16 " + kGcmKey + ";\n" + "add 10.1.1.2" + portB + " 10.1.1.1" + portA + " "
         + esp + " 0x1002 -m transport -r 8 -E aes-gcm-16 " + kGcmKey + ";\n"
         + "spdadd 10.1.1.1 10.1.1.2 udp -P out ipsec " + policy + ";\n"
         + "spdadd 10.1.1.2 10.1.1.1 udp -P out ipsec " + policy + ";\n"
         + "spdadd 10.1.1.2 10.1.1.1 udp -P in ipsec " + policy + ";\n"
         + "spdadd 10.1.1.1 10.1.1.2 udp -P in ipsec " + policy + ";\n";
}

/// Two hosts whose UDP traffic goes in ESP, in UDP or not as each host's SAs say.
class NatTraversal : public TwoHosts
{
  protected:
    /// Load setkey text into host i.
    void Load(uint32_t i, const std::string& text)
    {
        IpsecConfigResult r = IpsecConfig::Load(IpsecHelper::Get(nodes.Get(i)),
                                                IpsecConfigFormat::SETKEY,
                                                text,
                                                "t");
        ASSERT_TRUE(r.ok) << r.error;
    }

    /// \return a UDP socket on port 4500 that bypasses IPsec, as an IKE daemon's does
    static Ptr<Socket> IkeSocket(Ptr<Node> node)
    {
        Ptr<Socket> socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        IpsecSocketRequest bypass;
        bypass.ahRequest = IpsecSocketRequest::PREF_NEVER;
        bypass.espRequest = IpsecSocketRequest::PREF_NEVER;
        EXPECT_TRUE(IpsecSocketPolicy::Attach(socket, true)->SetRequest(bypass).Ok());
        EXPECT_EQ(socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 4500)), 0);
        return socket;
    }

    /// \return the wire datagrams from host a that are UDP to port, and those that are ESP
    std::pair<uint32_t, uint32_t> WireKinds(uint16_t port = 4500) const
    {
        uint32_t udp = 0;
        uint32_t esp = 0;
        for (const auto& p : wire)
        {
            uint8_t b[28] = {};
            p->CopyData(b, std::min<uint32_t>(p->GetSize(), sizeof(b)));
            if (b[9] == 17 && ((b[22] << 8) | b[23]) == port)
            {
                ++udp;
                EXPECT_EQ((b[26] << 8) | b[27], 0) << "RFC 3948 §2.1: UDP checksum 0 over IPv4";
            }
            esp += b[9] == 50;
        }
        return {udp, esp};
    }
};

TEST_F(NatTraversal, TransportModeEspTravelsInUdp)
{
    Load(0, TransportSetkey("esp-udp", "[4500]", "[4500]"));
    Load(1, TransportSetkey("esp-udp", "[4500]", "[4500]"));
    EXPECT_EQ(Udp(20, 500), 20u);
    auto [udp, esp] = WireKinds();
    EXPECT_EQ(udp, 20u) << "every datagram in UDP to 4500";
    EXPECT_EQ(esp, 0u) << "no plain ESP on the wire";
    EXPECT_EQ(Stats(0).natt.encapsulatedOut, 20u);
    EXPECT_EQ(Stats(1).natt.encapsulatedIn, 20u);
    EXPECT_EQ(Stats(1).Of(IpsecProtocol::ESP).packetsIn, 20u);
    EXPECT_EQ(Stats(1).TotalDrops(), 0u);
    // No NAT-T addresses: with checksums on, each UDP checksum is computed again (here to the
    // same value, as no NAT changed the addresses); without them there is none to fix.
    EXPECT_EQ(Stats(1).natt.checksumsRecomputed, Node::ChecksumEnabled() ? 20u : 0u);
    // 8 bytes more per packet than plain ESP: the UDP header counts as overhead.
    const auto& out = Stats(0).Of(IpsecProtocol::ESP);
    EXPECT_EQ(out.overheadOut / out.packetsOut, 8u + 8u + 16u + 8u + 2u + 2u)
        << "UDP 8 + ESP header 8 + ICV 16 + IV 8 + pad + trailer 2 for 508-byte payloads";
}

TEST_F(NatTraversal, NonStandardPortsAndTunnelMode)
{
    // The SA's own ports, as a NAT mapping makes them: a sends from 4500 to 31000, b the reverse.
    std::string text
        = "add 10.1.1.1[4500] 10.1.1.2[31000] esp-udp 0x2001 -m tunnel -E aes-gcm-16 " + kGcmKey
        + ";\nadd 10.1.1.2[31000] 10.1.1.1[4500] esp-udp 0x2002 -m tunnel -E aes-gcm-16 " + kGcmKey
        + ";\nspdadd 10.1.1.1 10.1.1.2 any -P out ipsec esp/tunnel/10.1.1.1-10.1.1.2/require;\n"
          "spdadd 10.1.1.2 10.1.1.1 any -P out ipsec esp/tunnel/10.1.1.2-10.1.1.1/require;\n"
          "spdadd 10.1.1.2 10.1.1.1 any -P in ipsec esp/tunnel/10.1.1.2-10.1.1.1/require;\n"
          "spdadd 10.1.1.1 10.1.1.2 any -P in ipsec esp/tunnel/10.1.1.1-10.1.1.2/require;\n";
    Load(0, text);
    Load(1, text);
    EXPECT_EQ(Udp(10, 300), 10u);
    EXPECT_EQ(WireKinds(31000).first, 10u);
    EXPECT_EQ(Stats(1).natt.encapsulatedIn, 10u);
    EXPECT_EQ(Stats(0).natt.encapsulatedIn, 0u);
    EXPECT_TRUE(IpsecHelper::Get(nodes.Get(1))
                    ->GetSadb()
                    ->IsEncapsulationEndpoint(Ipv4Address("10.1.1.2"), 31000));
    EXPECT_FALSE(IpsecHelper::Get(nodes.Get(1))
                     ->GetSadb()
                     ->IsEncapsulationEndpoint(Ipv4Address("10.1.1.2"), 4500));
}

TEST_F(NatTraversal, TcpInTransportModeThroughUdp)
{
    std::string text = TransportSetkey("esp-udp", "[4500]", "[4500]");
    for (std::string* t : {&text})
    {
        size_t at;
        while ((at = t->find(" udp -P")) != std::string::npos)
        {
            t->replace(at, 7, " tcp -P");
        }
    }
    Load(0, text);
    Load(1, text);
    EXPECT_EQ(Tcp(100000), 100000u);
    EXPECT_GT(Stats(1).natt.encapsulatedIn, 60u);
    EXPECT_EQ(Stats(0).TotalDrops() + Stats(1).TotalDrops(), 0u);
}

TEST_F(NatTraversal, EncapsulationMismatchIsDroppedWithItsReason)
{
    // a sends ESP in UDP; b's SA for it says plain ESP: b has no endpoint on 4500, so the
    // datagram is plain UDP to a closed port (not ESP); then the reverse: plain ESP for an SA
    // that expects UDP.
    Load(0, TransportSetkey("esp-udp", "[4500]", "[4500]"));
    Load(1,
         "add 10.1.1.1 10.1.1.2 esp 0x1001 -m transport -r 8 -E aes-gcm-16 " + kGcmKey
             + ";\nadd 10.1.1.2[4500] 10.1.1.1[4500] esp-udp 0x1002 -m transport -E aes-gcm-16 "
             + kGcmKey + ";\nadd 10.1.1.9[4500] 10.1.1.2[4500] esp-udp 0x1003 -m transport "
             + "-E aes-gcm-16 " + kGcmKey
             + ";\nspdadd 10.1.1.1 10.1.1.2 udp -P in ipsec esp/transport//require;\n");
    EXPECT_EQ(Udp(5, 100), 0u);
    // b has an endpoint on 4500 (SA 0x1003): the datagrams are ESP in UDP, for SA 0x1001
    // which is plain ESP.
    EXPECT_EQ(drops[IpsecDropReason::ENCAP_MISMATCH], 5u);
    EXPECT_EQ(Stats(1).Of(IpsecProtocol::ESP).drops[size_t(IpsecDropReason::ENCAP_MISMATCH)], 5u);

    // Plain ESP into an SA that is UDP-encapsulated.
    Ptr<SecurityAssociation> sa
        = IpsecHelper::Get(nodes.Get(0))->GetSadb()->Get(IpsecProtocol::ESP, b, 0x1001);
    ASSERT_TRUE(sa);
    SecurityAssociation::Encapsulation none;
    sa->SetEncapsulation(none);
    ASSERT_EQ(IpsecHelper::Get(nodes.Get(0))->GetSadb()->Update(sa), "");
    Ptr<SecurityAssociation> in
        = IpsecHelper::Get(nodes.Get(1))->GetSadb()->Get(IpsecProtocol::ESP, b, 0x1001);
    SecurityAssociation::Encapsulation udp;
    udp.udp = true;
    in->SetEncapsulation(udp);
    ASSERT_EQ(IpsecHelper::Get(nodes.Get(1))->GetSadb()->Update(in), "");
    drops.clear();
    UdpClientHelper client(b, 9);
    client.SetAttribute("MaxPackets", UintegerValue(3));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
    client.Install(nodes.Get(0)).Start(Simulator::Now() + Seconds(1));
    Simulator::Stop(Simulator::Now() + Seconds(3));
    Simulator::Run();
    EXPECT_EQ(drops[IpsecDropReason::ENCAP_MISMATCH], 3u);
}

TEST_F(NatTraversal, KeepalivesAreConsumedAndIkeReachesItsSocket)
{
    Load(1, TransportSetkey("esp-udp", "[4500]", "[4500]"));
    // An "IKE daemon" on b's port 4500 (its socket bypasses IPsec, as in.iked's and charon's
    // do: b's policy requires ESP for UDP from a), and a sender on a.
    Ptr<Socket> ike = IkeSocket(nodes.Get(1));
    std::vector<uint32_t> received;
    ike->SetRecvCallback(MakeBoundCallback(
        +[](std::vector<uint32_t>* r, Ptr<Socket> s) {
            while (Ptr<Packet> p = s->Recv())
            {
                r->push_back(p->GetSize());
            }
        },
        &received));
    Ptr<Socket> peer = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    peer->Bind(InetSocketAddress(Ipv4Address::GetAny(), 4500));
    uint8_t keepalive = 0xff;
    uint8_t ikeMessage[40] = {}; // non-ESP marker (4 zero octets) then the IKE header
    ikeMessage[4] = 0x12;
    Simulator::Schedule(Seconds(1), [&]() {
        peer->SendTo(Create<Packet>(&keepalive, 1), 0, InetSocketAddress(b, 4500));
        peer->SendTo(Create<Packet>(ikeMessage, sizeof(ikeMessage)), 0, InetSocketAddress(b, 4500));
    });
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(Stats(1).natt.keepalivesIn, 1u);
    ASSERT_EQ(received.size(), 1u) << "the keepalive is the IPsec layer's, IKE the socket's";
    EXPECT_EQ(received[0], sizeof(ikeMessage)) << "with its marker, as on Linux";
    EXPECT_EQ(Stats(1).TotalDrops(), 0u);
}

TEST_F(NatTraversal, UnknownSpiInUdpIsCountedNotDeliveredToTheSocket)
{
    Load(1, TransportSetkey("esp-udp", "[4500]", "[4500]"));
    Ptr<Socket> ike = IkeSocket(nodes.Get(1));
    uint32_t toSocket = 0;
    ike->SetRecvCallback(MakeBoundCallback(
        +[](uint32_t* n, Ptr<Socket> s) {
            while (s->Recv())
            {
                ++*n;
            }
        },
        &toSocket));
    uint8_t esp[64] = {0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1}; // SPI 0xdeadbeef, sequence 1
    Inject(Datagram(a, b, 17, UdpPorts(4500, 4500), 0));    // a bare UDP header: for UDP
    Ptr<Packet> p = Create<Packet>(esp, sizeof(esp));
    UdpHeader udp = UdpPorts(4500, 4500);
    udp.EnableChecksums();
    udp.InitializeChecksum(a, b, 17);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(a);
    ip.SetDestination(b);
    ip.SetProtocol(17);
    ip.SetPayloadSize(p->GetSize());
    ip.SetTtl(64);
    ip.EnableChecksum();
    p->AddHeader(ip);
    Inject(p);
    EXPECT_EQ(drops[IpsecDropReason::UNKNOWN_SPI], 1u);
    EXPECT_EQ(Stats(1).natt.encapsulatedIn, 1u);
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(toSocket, 1u) << "the empty datagram is UDP's";
}

TEST_F(NatTraversal, EncapsulatedSaMustBeOutermost)
{
    // ESP in UDP inside AH: nothing may follow UDP encapsulation (RFC 3948).
    std::string ah = "0x" + std::string(64, '1');
    Load(0,
         "add 10.1.1.1[4500] 10.1.1.2[4500] esp-udp 0x3001 -m transport -E aes-gcm-16 " + kGcmKey
             + ";\nadd 10.1.1.1 10.1.1.2 ah 0x3002 -m transport -A hmac-sha256 " + ah
             + ";\nspdadd 10.1.1.1 10.1.1.2 udp -P out ipsec esp/transport//require "
               "ah/transport//require;\n");
    EXPECT_EQ(Udp(3, 100), 0u);
    EXPECT_EQ(drops[IpsecDropReason::POLICY_VIOLATION], 3u);
    EXPECT_EQ(Stats(0).natt.encapsulatedOut, 0u);
}

TEST_F(NatTraversal, ChecksumFixFollowsTheNatAddresses)
{
    // No NAT between the hosts, so the right NAT-T addresses are the real ones (the fix is then
    // the identity), and wrong ones break the checksum: with ns-3's checksums on, UDP drops the
    // datagram, which shows the fix is applied.
    Load(0, TransportSetkey("esp-udp", "[4500]", "[4500]"));
    Load(1, TransportSetkey("esp-udp", "[4500]", "[4500]"));
    Ptr<SecurityAssociation> in
        = IpsecHelper::Get(nodes.Get(1))->GetSadb()->Get(IpsecProtocol::ESP, b, 0x1001);
    ASSERT_TRUE(in);
    SecurityAssociation::Encapsulation e = in->GetEncapsulation();
    e.natRemote = a;
    e.natLocal = b;
    in->SetEncapsulation(e);
    ASSERT_EQ(IpsecHelper::Get(nodes.Get(1))->GetSadb()->Update(in), "");
    uint32_t delivered = Udp(5, 200);
    EXPECT_EQ(delivered, 5u);
    if (Node::ChecksumEnabled())
    {
        EXPECT_EQ(Stats(1).natt.checksumsAdjusted, 5u);
    }
}

TEST_F(NatTraversal, WrongNatAddressBreaksTheChecksumWhenChecksumsAreOn)
{
    Load(0, TransportSetkey("esp-udp", "[4500]", "[4500]"));
    Load(1, TransportSetkey("esp-udp", "[4500]", "[4500]"));
    Ptr<SecurityAssociation> in
        = IpsecHelper::Get(nodes.Get(1))->GetSadb()->Get(IpsecProtocol::ESP, b, 0x1001);
    SecurityAssociation::Encapsulation e = in->GetEncapsulation();
    e.natRemote = Ipv4Address("192.168.7.7"); // not the address a computed its checksum with
    in->SetEncapsulation(e);
    ASSERT_EQ(IpsecHelper::Get(nodes.Get(1))->GetSadb()->Update(in), "");
    uint32_t delivered = Udp(5, 200);
    EXPECT_EQ(delivered, Node::ChecksumEnabled() ? 0u : 5u);
}

// ------------------------------------------------------------------- SA checks and files

TEST(NatTraversalConfig, SaChecks)
{
    auto sa = [](IpsecProtocol p, IpsecAddress dst) {
        Ptr<SecurityAssociation> s
            = Create<SecurityAssociation>(p, 0x1000, Ipv4Address("10.0.0.1"), dst);
        if (p == IpsecProtocol::ESP)
        {
            s->SetEncryption("aes-gcm-16", IpsecBytes(20, 1));
        }
        else
        {
            s->SetAuthentication("hmac-sha256", IpsecBytes(32, 1));
        }
        return s;
    };
    SecurityAssociation::Encapsulation udp;
    udp.udp = true;
    Ptr<SecurityAssociation> ah = sa(IpsecProtocol::AH, Ipv4Address("10.0.0.2"));
    ah->SetEncapsulation(udp);
    EXPECT_EQ(ah->Check(), "UDP encapsulation applies to ESP only (RFC 3948), not to AH");
    Ptr<SecurityAssociation> esp = sa(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"));
    SecurityAssociation::Encapsulation zero = udp;
    zero.destinationPort = 0;
    esp->SetEncapsulation(zero);
    EXPECT_EQ(esp->Check(), "a UDP encapsulation port must be 1-65535, not 0");
    SecurityAssociation::Encapsulation natOnly;
    natOnly.natRemote = Ipv4Address("192.168.1.1");
    esp->SetEncapsulation(natOnly);
    EXPECT_EQ(esp->Check(),
              "NAT-T addresses (nat_loc, nat_rem) need UDP encapsulation (encap udp)");
    esp->SetEncapsulation(udp);
    EXPECT_EQ(esp->Check(), "");
    EXPECT_NE(esp->Describe().find("udp-encap 4500->4500"), std::string::npos);
}

/// Configuration files on a node of their own.
class NatTraversalFiles : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        node = CreateObject<Node>();
        InternetStackHelper().Install(node);
        IpsecHelper().Install(NodeContainer(node));
        ipsec = IpsecHelper::Get(node);
    }

    void TearDown() override { Simulator::Destroy(); }

    IpsecConfigResult Load(IpsecConfigFormat f, const std::string& text)
    {
        return IpsecConfig::Load(ipsec, f, text, "t.conf");
    }

    Ptr<SecurityAssociation> Sa(uint32_t spi, const char* dst = "10.0.0.2")
    {
        return ipsec->GetSadb()->Get(IpsecProtocol::ESP, Ipv4Address(dst), spi);
    }

    Ptr<Node> node;
    Ptr<IpsecL3Protocol> ipsec;
};

TEST_F(NatTraversalFiles, IpseckeyEncapAndNatExtensions)
{
    IpsecConfigResult r
        = Load(IpsecConfigFormat::IPSECKEY,
               "add esp spi 0x100 src 10.0.0.1 dst 10.0.0.2 encr_alg aes encrkey "
               "000102030405060708090a0b0c0d0e0f auth_alg sha256 authkey "
               "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f encap udp\n"
               "add esp spi 0x101 src 10.0.0.1 dst 10.0.0.2 encr_alg aes encrkey "
               "000102030405060708090a0b0c0d0e0f auth_alg sha256 authkey "
               "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f encap udp "
               "inbound nat_lport 4500 nat_rport 31000 nat_rem 192.168.1.5 nat_loc 203.0.113.9\n");
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_TRUE(Sa(0x100) && Sa(0x101));
    EXPECT_TRUE(Sa(0x100)->IsUdpEncapsulated());
    EXPECT_EQ(Sa(0x100)->GetEncapsulation().sourcePort, 4500);
    const SecurityAssociation::Encapsulation e = Sa(0x101)->GetEncapsulation();
    EXPECT_EQ(e.sourcePort, 31000) << "inbound: the remote port is the SA's source port";
    EXPECT_EQ(e.destinationPort, 4500);
    EXPECT_EQ(e.natRemote, IpsecAddress(Ipv4Address("192.168.1.5")));
    EXPECT_EQ(e.natLocal, IpsecAddress(Ipv4Address("203.0.113.9")));
    // What the writer makes of them reads back into the same SAs, and writes the same text.
    std::string text = IpsecConfig::Write(ipsec, IpsecConfigFormat::IPSECKEY);
    EXPECT_NE(text.find("encap udp outbound nat_lport 31000 nat_loc 203.0.113.9 nat_rem "
                        "192.168.1.5"),
              std::string::npos)
        << text;
    ipsec->GetSadb()->Flush();
    ASSERT_TRUE(Load(IpsecConfigFormat::IPSECKEY, text).ok);
    EXPECT_EQ(Sa(0x101)->GetEncapsulation().sourcePort, 31000);
    EXPECT_EQ(Sa(0x101)->GetEncapsulation().natLocal, e.natLocal);
    EXPECT_EQ(IpsecConfig::Write(ipsec, IpsecConfigFormat::IPSECKEY), text);
}

TEST_F(NatTraversalFiles, IpseckeyErrors)
{
    const std::string add = "add esp spi 0x100 dst 10.0.0.2 encr_alg aes encrkey "
                            "000102030405060708090a0b0c0d0e0f auth_alg sha256 authkey "
                            "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f ";
    struct Case
    {
        std::string tail;
        std::string error;
    };
    const size_t at = add.size() + 1;
    for (const Case& c :
         {Case{"encap tcp",
               "t.conf:1:" + std::to_string(at + 6)
                   + ": Unknown encapsulation "
                     "\"tcp\": the only one is \"udp\" (NAT traversal, RFC 3948)"},
          Case{"nat_lport 4500",
               "t.conf:1:" + std::to_string(at)
                   + ": Must specify 'encap udp' with any NAT-T port."},
          Case{"nat_rem 10.9.9.9",
               "t.conf:1:" + std::to_string(at)
                   + ": Must specify 'encap udp' with any NAT-T address."},
          Case{"encap udp nat_rport 31000",
               "t.conf:1:" + std::to_string(at + 10)
                   + ": nat_lport 4500 and nat_rport 31000 differ: add \"inbound\" or "
                     "\"outbound\" to say whether this node receives or sends on the SA"},
          Case{"encap udp nat_lport 0",
               "t.conf:1:" + std::to_string(at + 20)
                   + ": Unknown NAT-T port \"0\": expected 1-65535 or a service name"},
          Case{"encap udp nat_loc ::1",
               "t.conf:1:" + std::to_string(at + 18)
                   + ": IPv6 address ::1 where nat_loc asks for IPv4 only"}})
    {
        IpsecConfigResult r = Load(IpsecConfigFormat::IPSECKEY, add + c.tail + "\n");
        EXPECT_FALSE(r.ok) << c.tail;
        EXPECT_EQ(r.error.substr(0, c.error.size()), c.error) << r.error;
        EXPECT_EQ(ipsec->GetSadb()->GetN(), 0u) << "atomic";
    }
    IpsecConfigResult r
        = Load(IpsecConfigFormat::IPSECKEY,
               "add ah spi 0x100 dst 10.0.0.2 auth_alg sha256 authkey "
               "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f encap udp\n");
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("Don't use extension for \"encap\" for add ah."), std::string::npos)
        << r.error;
}

TEST_F(NatTraversalFiles, SetkeyEspUdp)
{
    IpsecConfigResult r = Load(
        IpsecConfigFormat::SETKEY,
        "add 10.0.0.1[4500] 10.0.0.2[31000] esp-udp 0x1000 -m tunnel -E aes-gcm-16 " + kGcmKey
            + ";\nadd 10.0.0.1 10.0.0.2 esp-udp 0x1001 -E aes-gcm-16 " + kGcmKey + ";\n");
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_TRUE(Sa(0x1000) && Sa(0x1001));
    EXPECT_EQ(Sa(0x1000)->GetEncapsulation().destinationPort, 31000);
    EXPECT_EQ(Sa(0x1001)->GetEncapsulation().destinationPort, 4500) << "the default port";
    std::string text = IpsecConfig::Write(ipsec, IpsecConfigFormat::SETKEY);
    EXPECT_NE(text.find("add 10.0.0.1[4500] 10.0.0.2[31000] esp-udp 0x00001000 -m tunnel"),
              std::string::npos)
        << text;
    ipsec->GetSadb()->Flush();
    ASSERT_TRUE(Load(IpsecConfigFormat::SETKEY, text).ok);
    EXPECT_EQ(IpsecConfig::Write(ipsec, IpsecConfigFormat::SETKEY), text);
    // get and delete name esp-udp SAs with or without their ports.
    r = Load(IpsecConfigFormat::SETKEY, "delete 10.0.0.1[4500] 10.0.0.2[31000] esp-udp 0x1000;\n");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_FALSE(Sa(0x1000));
    for (const auto& [text, error] :
         {std::make_pair("add 10.0.0.1[4500] 10.0.0.2 esp 0x1002 -E aes-gcm-16 " + kGcmKey + ";\n",
                         "t.conf:1:5: a port in \"10.0.0.1[4500]\" is for esp-udp SAs "
                         "(UDP-encapsulated ESP) only"),
          std::make_pair("add 10.0.0.1[0] 10.0.0.2 esp-udp 0x1002 -E aes-gcm-16 " + kGcmKey + ";\n",
                         "t.conf:1:5: bad port \"0\" (1-65535)"),
          std::make_pair(std::string("add 10.0.0.1[4500 10.0.0.2 esp-udp 0x1002 -E null;\n"),
                         "t.conf:1:5: missing ']' after the port in \"10.0.0.1[4500\""),
          std::make_pair(
              std::string("flush esp-udp;\n"),
              "t.conf:1:7: esp-udp is for add, get and delete (flush and dump take esp)"),
          std::make_pair("add 2001:db8::1 2001:db8::2 esp-udp 0x1002 -E aes-gcm-16 " + kGcmKey
                             + ";\n",
                         "t.conf:1:1: add failed: UDP encapsulation of ESP is defined for IPv4 "
                         "(RFC 3948); this SA is IPv6")})
    {
        size_t before = ipsec->GetSadb()->GetN();
        IpsecConfigResult bad = Load(IpsecConfigFormat::SETKEY, text);
        EXPECT_FALSE(bad.ok) << text;
        EXPECT_EQ(bad.error, error);
        EXPECT_EQ(ipsec->GetSadb()->GetN(), before) << "atomic";
    }
}

TEST_F(NatTraversalFiles, KeyExportMatchesEncapsulatedSasBySpi)
{
    ASSERT_TRUE(Load(IpsecConfigFormat::SETKEY,
                     "add 10.0.0.1 10.0.0.2 esp-udp 0x1000 -E aes-gcm-16 " + kGcmKey
                         + ";\nadd 10.0.0.1 10.0.0.2 esp 0x1001 -E aes-gcm-16 " + kGcmKey + ";\n")
                    .ok);
    std::string table
        = IpsecKeyExport::WiresharkEspSa(IpsecKeyExport::Collect(NodeContainer(node)));
    EXPECT_NE(table.find("\"IPv4\",\"*\",\"*\",\"0x00001000\""), std::string::npos) << table;
    EXPECT_NE(table.find("\"IPv4\",\"10.0.0.1\",\"10.0.0.2\",\"0x00001001\""), std::string::npos);
}

} // namespace
