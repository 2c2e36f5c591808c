/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The IKEv2 daemon end to end: two nodes negotiate IKE and Child SAs over the simulated
 * network, protect traffic with them, rekey, detect a dead peer and delete; and the errors:
 * wrong pre-shared key, no common proposal, unacceptable traffic selectors, replayed and
 * forged messages.
 */
#include "two-hosts.h"

#include "ns3/ipsec-module.h"

#include <gtest/gtest.h>

using namespace ns3;
using ns3::test::TwoHosts;

namespace
{

/// A swanctl.conf for host `self` talking to `peer`, with one child.
std::string
Swanctl(const std::string& self,
        const std::string& peer,
        const std::string& selfId,
        const std::string& peerId,
        const std::string& childBody,
        const std::string& connectionExtra = "",
        const std::string& secret = "0x000102030405060708090a0b0c0d0e0f")
{
    return "connections {\n host {\n  local_addrs = " + self + "\n  remote_addrs = " + peer + "\n"
         + connectionExtra + "\n  local { auth = psk\n id = " + selfId
         + " }\n  remote { auth = psk\n id = " + peerId + " }\n  children {\n   net {\n" + childBody
         + "\n   }\n  }\n }\n}\nsecrets { ike-1 { id-a = " + selfId + "\n id-b = " + peerId
         + "\n secret = " + secret + " } }\n";
}

/// Two hosts, each with an IKEv2 daemon.
class Ikev2Daemons : public TwoHosts
{
  protected:
    /// Install a daemon on host i with this configuration.
    Ptr<Ikev2Daemon> Daemon(uint32_t i, const std::string& config)
    {
        Ptr<Ikev2Daemon> d = CreateObject<Ikev2Daemon>();
        d->SetAttribute("ConfigText", StringValue(config));
        Ikev2ConfigResult r = d->LoadConfiguration();
        EXPECT_TRUE(r.ok) << r.error;
        d->AssignStreams(100 + i);
        nodes.Get(i)->AddApplication(d);
        d->SetStartTime(Seconds(0.1));
        d->TraceConnectWithoutContext("Error", MakeCallback(&Ikev2Daemons::OnError, this));
        d->TraceConnectWithoutContext("Message", MakeCallback(&Ikev2Daemons::OnMessage, this));
        daemons.push_back(d);
        return d;
    }

    void OnError(const std::string& e) { errors.push_back(e); }

    void OnMessage(const std::string& m) { messages.push_back(m); }

    std::string Errors() const
    {
        std::string out;
        for (const auto& e : errors)
        {
            out += e + "\n";
        }
        return out;
    }

    /**
     * \brief Daemons on both hosts: A (10.1.1.1, a.example) and B (10.1.1.2, b.example).
     * \param childA A's child settings
     * \param childB B's child settings
     * \param extraA lines added to A's connection
     * \param extraB lines added to B's connection
     * \param secretB B's pre-shared key (A's is the default one)
     * \return A's and B's daemons
     */
    std::pair<Ptr<Ikev2Daemon>, Ptr<Ikev2Daemon>> Pair(const std::string& childA,
                                                       const std::string& childB,
                                                       const std::string& extraA = "",
                                                       const std::string& extraB = "",
                                                       const std::string& secretB
                                                       = "0x000102030405060708090a0b0c0d0e0f")
    {
        Ptr<Ikev2Daemon> a
            = Daemon(0, Swanctl("10.1.1.1", "10.1.1.2", "a.example", "b.example", childA, extraA));
        Ptr<Ikev2Daemon> b = Daemon(
            1,
            Swanctl("10.1.1.2", "10.1.1.1", "b.example", "a.example", childB, extraB, secretB));
        return {a, b};
    }

    std::vector<Ptr<Ikev2Daemon>> daemons;
    std::vector<std::string> errors;
    std::vector<std::string> messages;
};

const std::string kTransportInitiator = "    mode = transport\n    start_action = start\n"
                                        "    esp_proposals = aes128gcm16";
const std::string kTransportResponder = "    mode = transport\n    esp_proposals = aes128gcm16";

} // namespace

TEST_F(Ikev2Daemons, TransportModeNegotiatesAndProtects)
{
    auto [da, db] = Pair(kTransportInitiator, kTransportResponder);
    uint32_t received = Udp(50, 500);
    EXPECT_EQ(received, 50u) << Errors();
    EXPECT_EQ(da->GetStats().ikeSasEstablished, 1u) << Errors();
    EXPECT_EQ(db->GetStats().ikeSasEstablished, 1u);
    EXPECT_EQ(da->GetStats().childSasInstalled, 1u);
    EXPECT_EQ(db->GetStats().childSasInstalled, 1u);
    EXPECT_EQ(Stats(1).Of(IpsecProtocol::ESP).packetsIn, 50u);
    EXPECT_TRUE(errors.empty()) << Errors();
    EXPECT_EQ(da->GetStats().Of(Ikev2ExchangeType::IKE_SA_INIT).requestsOut, 1u);
    EXPECT_EQ(da->GetStats().Of(Ikev2ExchangeType::IKE_AUTH).responsesIn, 1u);
    EXPECT_EQ(db->GetStats().Of(Ikev2ExchangeType::IKE_AUTH).responsesOut, 1u);
    EXPECT_EQ(da->GetStats().setup.count, 1u);
    EXPECT_EQ(da->GetKeyLog().size(), 1u);
    EXPECT_EQ(da->GetChildSaLog().size(), 2u);
    // The messages charon would log, in order.
    ASSERT_GE(messages.size(), 8u);
    EXPECT_EQ(messages[0].substr(0, 62),
              "> IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]");
    EXPECT_NE(messages[4].find("IKE_AUTH request 1 [ IDi IDr AUTH N(INIT_CONTACT) N(USE_TRANSP) "
                               "SA TSi TSr ]"),
              std::string::npos);
    EXPECT_NE(da->Dump().find("ESTABLISHED"), std::string::npos);
    // Both SADBs hold the pair the daemons negotiated, keyed alike.
    Ptr<SecurityAssociation> out = da->GetChildSaLog()[0]; // outbound, then inbound
    Ptr<SecurityAssociation> in
        = IpsecHelper::Get(nodes.Get(1))
              ->GetSadb()
              ->Get(IpsecProtocol::ESP, out->GetDestination(), out->GetSpi());
    ASSERT_TRUE(in);
    EXPECT_EQ(in->GetEncryptionKey(), out->GetEncryptionKey());
}

/// Every IKE and ESP suite the daemon implements, end to end, with tunnel-mode Child SAs.
class Ikev2Suites
    : public Ikev2Daemons
    , public ::testing::WithParamInterface<std::pair<std::string, std::string>>
{
};

TEST_P(Ikev2Suites, NegotiateAndProtect)
{
    auto [ike, esp] = GetParam();
    std::string child = "    mode = tunnel\n    esp_proposals = " + esp;
    std::string extra = "  proposals = " + ike;
    auto [da, db] = Pair(child + "\n    start_action = start", child, extra, extra);
    EXPECT_EQ(Udp(20, 300), 20u) << Errors();
    ASSERT_EQ(da->GetIkeSas().size(), 1u);
    EXPECT_EQ(da->GetIkeSas().front()->suite.ToString(), ike);
    ASSERT_EQ(da->GetIkeSas().front()->children.size(), 1u);
    std::string childSuite = da->GetIkeSas().front()->children.front()->suite.ToString();
    EXPECT_EQ(childSuite.substr(0, childSuite.find("-noesn")),
              esp.substr(0, esp.find("-modp")).substr(0, esp.find("-ecp")));
    EXPECT_EQ(da->GetIkeSas().front()->children.front()->mode, IpsecMode::TUNNEL);
    EXPECT_EQ(Stats(1).Of(IpsecProtocol::ESP).packetsIn, 20u);
    EXPECT_TRUE(errors.empty()) << Errors();
}

INSTANTIATE_TEST_SUITE_P(
    Ikev2,
    Ikev2Suites,
    ::testing::Values(std::make_pair("aes128-sha256-modp2048", "aes128-sha256"),
                      std::make_pair("aes256-sha512-ecp256", "aes256-sha512"),
                      std::make_pair("aes128gcm16-prfsha256-curve25519", "aes128gcm16"),
                      std::make_pair("aes256gcm16-prfsha384-ecp256", "aes256gcm16"),
                      std::make_pair("aes192-sha384-curve25519", "aes128-sha1"),
                      std::make_pair("aes128-sha1-modp2048", "aes256gcm16-modp2048")));

TEST_F(Ikev2Daemons, WrongPreSharedKeyFailsOnBothSides)
{
    auto [da, db] = Pair(kTransportInitiator,
                         kTransportResponder,
                         "",
                         "",
                         "0xffeeddccbbaa99887766554433221100");
    Udp(5, 100);
    EXPECT_EQ(da->GetStats().ikeSasEstablished, 0u);
    EXPECT_EQ(db->GetStats().ikeSasEstablished, 0u);
    EXPECT_EQ(da->GetStats().ikeSasFailed, 1u);
    EXPECT_EQ(db->GetStats().ikeSasFailed, 1u);
    EXPECT_EQ(db->GetStats().notifiesSent.at(Ikev2NotifyType::AUTHENTICATION_FAILED), 1u);
    EXPECT_EQ(da->GetStats().notifiesReceived.at(Ikev2NotifyType::AUTHENTICATION_FAILED), 1u);
    EXPECT_EQ(da->GetStats().childFailures, 1u);
    EXPECT_TRUE(da->GetIkeSas().empty());
    EXPECT_TRUE(db->GetIkeSas().empty());
    // Nothing was installed: the larval SA of the proposed child is gone too.
    for (uint32_t i = 0; i < 2; ++i)
    {
        EXPECT_TRUE(IpsecHelper::Get(nodes.Get(i))->GetSadb()->Dump().empty());
        EXPECT_TRUE(IpsecHelper::Get(nodes.Get(i))->GetSpd()->Dump().empty());
    }
}

TEST_F(Ikev2Daemons, NoCommonIkeProposal)
{
    auto [da, db] = Pair(kTransportInitiator,
                         kTransportResponder,
                         "  proposals = aes128-sha256-modp2048",
                         "  proposals = aes256gcm16-prfsha256-curve25519");
    Udp(5, 100);
    EXPECT_EQ(db->GetStats().notifiesSent.at(Ikev2NotifyType::NO_PROPOSAL_CHOSEN), 1u);
    EXPECT_EQ(da->GetStats().notifiesReceived.at(Ikev2NotifyType::NO_PROPOSAL_CHOSEN), 1u);
    EXPECT_EQ(da->GetStats().ikeSasFailed, 1u);
    EXPECT_EQ(db->GetStats().ikeSasEstablished, 0u);
    EXPECT_TRUE(db->GetIkeSas().empty()); // the responder kept no state
}

TEST_F(Ikev2Daemons, NoCommonEspProposalKeepsTheIkeSa)
{
    auto [da, db]
        = Pair("    mode = transport\n    start_action = start\n    esp_proposals = aes128-sha1",
               "    mode = transport\n    esp_proposals = aes256gcm16");
    Udp(5, 100);
    EXPECT_EQ(da->GetStats().ikeSasEstablished, 1u);
    EXPECT_EQ(db->GetStats().notifiesSent.at(Ikev2NotifyType::NO_PROPOSAL_CHOSEN), 1u);
    EXPECT_EQ(da->GetStats().childFailures, 1u);
    EXPECT_EQ(da->GetStats().childSasInstalled, 0u);
    EXPECT_TRUE(IpsecHelper::Get(nodes.Get(0))->GetSadb()->Dump().empty());
}

TEST_F(Ikev2Daemons, TrafficSelectorsOutsideThePolicyAreRefused)
{
    auto [da, db]
        = Pair("    start_action = start\n    local_ts = 10.9.0.0/16\n    remote_ts = 10.8.0.0/16",
               "    local_ts = 10.7.0.0/16\n    remote_ts = 10.9.0.0/16");
    Udp(5, 100);
    EXPECT_EQ(da->GetStats().ikeSasEstablished, 1u);
    EXPECT_EQ(db->GetStats().notifiesSent.at(Ikev2NotifyType::TS_UNACCEPTABLE), 1u);
    EXPECT_EQ(da->GetStats().notifiesReceived.at(Ikev2NotifyType::TS_UNACCEPTABLE), 1u);
    EXPECT_EQ(da->GetStats().childSasInstalled, 0u);
}

TEST_F(Ikev2Daemons, NarrowedTrafficSelectorsAreInstalledAsPolicies)
{
    // The initiator asks for two /16s; the responder allows one /24 inside them.
    auto [da, db]
        = Pair("    start_action = start\n    local_ts = 10.9.0.0/16\n    remote_ts = 10.8.0.0/16",
               "    local_ts = 10.8.3.0/24\n    remote_ts = 10.9.0.0/16");
    Udp(1, 100);
    ASSERT_EQ(da->GetStats().childSasInstalled, 1u) << Errors();
    Ptr<const Ikev2ChildSa> child = da->GetIkeSas().front()->children.front();
    ASSERT_EQ(child->remote.size(), 1u);
    EXPECT_EQ(child->remote.front().ToString(), "10.8.3.0/24");
    std::vector<Ptr<SecurityPolicy>> policies = IpsecHelper::Get(nodes.Get(0))->GetSpd()->Dump();
    ASSERT_EQ(policies.size(), 1u);
    EXPECT_NE(policies.front()->ToString().find("10.8.3.0"), std::string::npos)
        << policies.front()->ToString();
}

TEST_F(Ikev2Daemons, InvalidKePayloadMakesTheInitiatorRetryWithTheWantedGroup)
{
    // The initiator's first guess is ECP-256; the responder only takes Curve25519.
    auto [da, db] = Pair(kTransportInitiator,
                         kTransportResponder,
                         "  proposals = aes128-sha256-ecp256-curve25519",
                         "  proposals = aes128-sha256-curve25519");
    EXPECT_EQ(Udp(10, 100), 10u) << Errors();
    EXPECT_EQ(da->GetStats().invalidKeRetries, 1u);
    EXPECT_EQ(db->GetStats().notifiesSent.at(Ikev2NotifyType::INVALID_KE_PAYLOAD), 1u);
    EXPECT_EQ(da->GetIkeSas().front()->suite.dh, 31u);
}

TEST_F(Ikev2Daemons, CookiesUnderLoad)
{
    auto [da, db] = Pair(kTransportInitiator, kTransportResponder);
    db->SetAttribute("CookieThreshold", UintegerValue(0)); // always under attack
    EXPECT_EQ(Udp(10, 100), 10u) << Errors();
    EXPECT_EQ(db->GetStats().cookiesSent, 1u);
    EXPECT_EQ(da->GetStats().cookieRetries, 1u);
    EXPECT_EQ(db->GetStats().ikeSasEstablished, 1u);
}

TEST_F(Ikev2Daemons, TrapPolicyAcquiresOnTraffic)
{
    auto [da, db] = Pair("    mode = transport\n    start_action = trap", "    mode = transport");
    // Before any traffic: the trap policy is in, no SA.
    Simulator::Schedule(Seconds(0.5), [this]() {
        EXPECT_EQ(IpsecHelper::Get(nodes.Get(0))->GetSpd()->Dump().size(), 1u);
        EXPECT_TRUE(IpsecHelper::Get(nodes.Get(0))->GetSadb()->Dump().empty());
    });
    // Packets wait for the SA while the exchange runs (1 ms apart: several of them).
    IpsecHelper::Get(nodes.Get(0))->SetAttribute("AcquireHoldLimit", UintegerValue(32));
    uint32_t received = Udp(20, 100);
    EXPECT_EQ(received, 20u) << Errors();
    EXPECT_GE(Stats(0).policy.held, 3u);
    EXPECT_EQ(Stats(0).policy.released, Stats(0).policy.held);
    EXPECT_EQ(da->GetStats().acquires, 1u);
    EXPECT_EQ(da->GetStats().acquiresCoalesced, 0u);
    EXPECT_EQ(da->GetStats().setup.count, 1u);
    EXPECT_GT(da->GetStats().setup.min, Seconds(0));
    EXPECT_LT(da->GetStats().setup.max, MilliSeconds(100));
    EXPECT_EQ(Stats(1).Of(IpsecProtocol::ESP).packetsIn, received);
}

TEST_F(Ikev2Daemons, ChildSasAreRekeyedWithoutLoss)
{
    std::string ini = "    mode = transport\n    start_action = start\n    rekey_time = 4s\n"
                      "    life_time = 6s\n    esp_proposals = aes128gcm16-curve25519";
    std::string res = "    mode = transport\n    rekey_time = 4s\n    life_time = 6s\n"
                      "    esp_proposals = aes128gcm16-curve25519";
    auto [da, db] = Pair(ini, res);
    // 20 s of traffic: several rekeys, every packet delivered.
    UdpServerHelper server(9);
    ApplicationContainer s = server.Install(nodes.Get(1));
    UdpClientHelper client(b, 9);
    client.SetAttribute("MaxPackets", UintegerValue(2000));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
    client.SetAttribute("PacketSize", UintegerValue(200));
    client.Install(nodes.Get(0)).Start(Seconds(1));
    Simulator::Stop(Seconds(22));
    Simulator::Run();
    EXPECT_EQ(DynamicCast<UdpServer>(s.Get(0))->GetReceived(), 2000u) << Errors();
    EXPECT_GE(da->GetStats().childRekeys, 3u);
    EXPECT_EQ(da->GetStats().childRekeys, db->GetStats().childRekeys);
    EXPECT_GE(da->GetStats().Of(Ikev2ExchangeType::CREATE_CHILD_SA).requestsOut, 3u);
    EXPECT_EQ(db->GetStats().Of(Ikev2ExchangeType::CREATE_CHILD_SA).requestsOut, 0u);
    // One Child SA is left on each side, the newest, and the old SAs are gone.
    ASSERT_EQ(da->GetIkeSas().size(), 1u);
    EXPECT_EQ(da->GetIkeSas().front()->children.size(), 1u);
    EXPECT_EQ(IpsecHelper::Get(nodes.Get(0))->GetSadb()->Dump().size(), 2u);
    EXPECT_EQ(IpsecHelper::Get(nodes.Get(1))->GetSadb()->Dump().size(), 2u);
    EXPECT_EQ(Stats(1).Of(IpsecProtocol::ESP).drops[size_t(IpsecDropReason::NO_SA)], 0u);
}

TEST_F(Ikev2Daemons, DeadPeerIsDetectedAndTheTunnelRestarted)
{
    std::string dpd = "  dpd_delay = 2s\n";
    auto [da, db] = Pair("    mode = transport\n    start_action = start\n    dpd_action = restart",
                         "    mode = transport",
                         dpd,
                         "");
    for (const auto& d : daemons)
    {
        d->SetAttribute("RetransmitTimeout", TimeValue(Seconds(1)));
        d->SetAttribute("RetransmitTries", UintegerValue(2));
        d->SetAttribute("HalfOpenTimeout", TimeValue(Seconds(5)));
    }
    // B drops off the network from 5 s to 13.5 s and comes back knowing nothing (a reboot).
    // A's probes go unanswered from 6.1 s; it gives up at 12.1 s and negotiates again, and
    // a retransmission of that IKE_SA_INIT (14.9 s) reaches B.
    Ptr<Ipv4> ipv4 = nodes.Get(1)->GetObject<Ipv4>();
    Simulator::Schedule(Seconds(5), [ipv4]() { ipv4->SetDown(1); });
    Simulator::Schedule(Seconds(13.5), [ipv4, responder = db]() {
        responder->Terminate("host"); // forget the IKE SA the peer lost (no message gets through)
        ipv4->SetUp(1);
    });
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    EXPECT_GE(da->GetStats().dpdProbes, 1u);
    EXPECT_EQ(da->GetStats().dpdFailures, 1u) << Errors();
    EXPECT_EQ(da->GetStats().dpdRestarts, 1u);
    EXPECT_EQ(da->GetStats().ikeSasEstablished, 2u) << Errors();
    ASSERT_EQ(da->GetIkeSas().size(), 1u);
    EXPECT_EQ(da->GetIkeSas().front()->state, Ikev2IkeSa::State::ESTABLISHED);
}

TEST_F(Ikev2Daemons, TerminateDeletesEverythingOnBothSides)
{
    auto [da, db] = Pair(kTransportInitiator, kTransportResponder);
    Simulator::Schedule(Seconds(2),
                        [initiator = da]() { EXPECT_TRUE(initiator->Terminate("host")); });
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(da->GetStats().ikeSasDeleted, 1u);
    EXPECT_EQ(db->GetStats().ikeSasDeleted, 1u);
    EXPECT_EQ(db->GetStats().deletesReceived, 1u);
    EXPECT_TRUE(da->GetIkeSas().empty());
    EXPECT_TRUE(db->GetIkeSas().empty());
    for (uint32_t i = 0; i < 2; ++i)
    {
        EXPECT_TRUE(IpsecHelper::Get(nodes.Get(i))->GetSadb()->Dump().empty());
        EXPECT_TRUE(IpsecHelper::Get(nodes.Get(i))->GetSpd()->Dump().empty());
    }
}

TEST_F(Ikev2Daemons, RetransmissionsRecoverALostMessage)
{
    // The first IKE_SA_INIT request and the first IKE_AUTH response are lost on the wire.
    Ptr<ReceiveListErrorModel> lossAtB = CreateObject<ReceiveListErrorModel>();
    lossAtB->SetList({0});
    devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(lossAtB));
    Ptr<ReceiveListErrorModel> lossAtA = CreateObject<ReceiveListErrorModel>();
    lossAtA->SetList({1});
    devices.Get(0)->SetAttribute("ReceiveErrorModel", PointerValue(lossAtA));
    auto [da, db] = Pair(kTransportInitiator, kTransportResponder);
    for (const auto& d : daemons)
    {
        d->SetAttribute("RetransmitTimeout", TimeValue(Seconds(1)));
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(da->GetStats().Of(Ikev2ExchangeType::IKE_SA_INIT).retransmissions, 1u);
    EXPECT_EQ(da->GetStats().Of(Ikev2ExchangeType::IKE_AUTH).retransmissions, 1u);
    // The retransmitted IKE_AUTH was answered from the cache, not processed twice.
    EXPECT_EQ(db->GetStats().Of(Ikev2ExchangeType::IKE_AUTH).duplicateRequestsIn, 1u);
    EXPECT_EQ(db->GetStats().childSasInstalled, 1u);
    EXPECT_EQ(da->GetStats().childSasInstalled, 1u);
    EXPECT_GE(da->GetStats().ikeSaInit.min, Seconds(1));
}

TEST_F(Ikev2Daemons, ForgedAndMalformedDatagramsAreCountedDrops)
{
    auto [da, db] = Pair(kTransportInitiator, kTransportResponder);
    // Capture what A sends to B's port 500, then replay it tampered and whole.
    std::vector<IpsecBytes> sent;
    Simulator::Schedule(Seconds(2), [&]() {
        Ptr<Socket> s = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        IpsecSocketRequest bypass;
        bypass.ahRequest = IpsecSocketRequest::PREF_NEVER;
        bypass.espRequest = IpsecSocketRequest::PREF_NEVER;
        IpsecSocketPolicy::Attach(s, true)->SetRequest(bypass);
        s->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
        auto send = [s, this](const IpsecBytes& bytes) {
            s->SendTo(Create<Packet>(bytes.data(), bytes.size()), 0, InetSocketAddress(b, 500));
        };
        send({1, 2, 3});         // too short
        send(IpsecBytes(28, 0)); // a header of zeros
        IpsecBytes v1(40, 0);    // IKEv1
        v1[17] = 0x10;
        send(v1);
        Ptr<const Ikev2IkeSa> ike = db->GetIkeSas().front(); // an SK message with a bad ICV
        Ikev2Message m;
        m.header.spiI = ike->spiI;
        m.header.spiR = ike->spiR;
        m.header.exchange = Ikev2ExchangeType::INFORMATIONAL;
        m.header.flags = Ikev2Header::FLAG_INITIATOR;
        m.header.messageId = 2;
        Ikev2Message::Encrypted sk;
        sk.body = IpsecBytes(64, 0xab);
        m.encrypted = sk;
        send(m.Encode());
        m.header.spiR ^= 1; // unknown SPI
        send(m.Encode());
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    const Ikev2Stats& st = db->GetStats();
    EXPECT_EQ(st.Drops(Ikev2DropReason::MALFORMED), 1u) << Errors();
    EXPECT_EQ(st.Drops(Ikev2DropReason::BAD_VERSION), 2u); // version 0, then IKEv1
    EXPECT_EQ(st.Drops(Ikev2DropReason::INTEGRITY_FAILED), 1u);
    EXPECT_EQ(st.Drops(Ikev2DropReason::UNKNOWN_IKE_SPI), 1u);
    // The IKE SA is unharmed.
    ASSERT_EQ(db->GetIkeSas().size(), 1u);
    EXPECT_EQ(db->GetIkeSas().front()->state, Ikev2IkeSa::State::ESTABLISHED);
    EXPECT_EQ(errors.size(), 5u) << Errors();
}

TEST_F(Ikev2Daemons, BadConfigurationsAreRefusedWithTheirPosition)
{
    Ptr<Ikev2Daemon> d = CreateObject<Ikev2Daemon>();
    d->SetAttribute(
        "ConfigText",
        StringValue(
            Swanctl("10.1.1.1", "10.1.1.2", "a", "b", "    esp_proposals = aes128-nosuchthing")));
    Ikev2ConfigResult r = d->LoadConfiguration();
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("ConfigText:"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("nosuchthing"), std::string::npos) << r.error;
    d->SetAttribute("ConfigFormat", StringValue("racoon"));
    EXPECT_FALSE(d->LoadConfiguration().ok);
    d->SetAttribute("ConfigFormat", StringValue("swanctl"));
    d->SetAttribute("ConfigText", StringValue(""));
    d->SetAttribute("ConfigFile", StringValue("/nonexistent/swanctl.conf"));
    r = d->LoadConfiguration();
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("/nonexistent/swanctl.conf"), std::string::npos);
    // Through the helper: an exception, and no daemon on the node.
    Ikev2Helper helper;
    EXPECT_THROW(helper.Install(nodes.Get(0), "connections { x { version = 1 } }"),
                 std::invalid_argument);
    EXPECT_FALSE(Ikev2Helper::Get(nodes.Get(0)));
    EXPECT_THROW(helper.SetAttribute("NoSuch", UintegerValue(1)), std::invalid_argument);
    EXPECT_THROW(helper.SetAttribute("NonceBytes", UintegerValue(8)), std::invalid_argument);
    Ptr<Node> bare = CreateObject<Node>();
    EXPECT_THROW(helper.Install(bare, Swanctl("10.1.1.1", "10.1.1.2", "a", "b", "")),
                 std::invalid_argument);
}

TEST_F(Ikev2Daemons, SolarisRulesKeyWhatTheNodesPolicyAsks)
{
    // in.ikev2d's way: ipsecinit.conf (here setkey) owns the SPD; ikev2.config only says how to
    // talk to the peer. The first packet raises an ACQUIRE; the Child SA takes the policy's
    // algorithms.
    for (uint32_t i = 0; i < 2; ++i)
    {
        std::string self = i == 0 ? "10.1.1.1" : "10.1.1.2";
        std::string peer = i == 0 ? "10.1.1.2" : "10.1.1.1";
        IpsecConfigResult r = IpsecConfig::Load(
            IpsecHelper::Get(nodes.Get(i)),
            IpsecConfigFormat::SETKEY,
            "spdadd " + self + " " + peer + " udp -P out ipsec esp/transport//require;\n"
                + "spdadd " + peer + " " + self + " udp -P in ipsec esp/transport//require;\n",
            "ipsecinit");
        ASSERT_TRUE(r.ok) << r.error;
        IpsecHelper::Get(nodes.Get(i))->SetAttribute("AcquireHoldLimit", UintegerValue(16));
        std::string config = "{ label \"r\"\n  auth_method preshared\n  local_addr " + self
                           + "\n  remote_addr " + peer
                           + "\n  ikesa_xform { encr_alg aes(128..128) auth_alg sha256 "
                             "dh_group 19 }\n}\n";
        Ptr<Ikev2Daemon> d = CreateObject<Ikev2Daemon>();
        d->SetAttribute("ConfigFormat", StringValue("solaris"));
        d->SetAttribute("ConfigText", StringValue(config));
        d->SetAttribute("SecretsText",
                        StringValue("{ label \"r\" key 0x0123456789abcdef0123456789abcdef }\n"));
        Ikev2ConfigResult loaded = d->LoadConfiguration();
        ASSERT_TRUE(loaded.ok) << loaded.error;
        nodes.Get(i)->AddApplication(d);
        d->TraceConnectWithoutContext(
            "Error",
            Callback<void, const std::string&>([this](const std::string& e) { OnError(e); }));
        daemons.push_back(d);
    }
    EXPECT_EQ(Udp(20, 100), 20u) << Errors();
    const Ikev2Stats& a = daemons[0]->GetStats();
    EXPECT_EQ(a.acquires, 1u);
    EXPECT_EQ(a.ikeSasEstablished, 1u);
    EXPECT_EQ(a.childSasInstalled, 1u);
    EXPECT_EQ(daemons[0]->GetIkeSas().front()->suite.ToString(), "aes128-sha256-ecp256");
    // The SPD is the node's: the daemon added nothing to it.
    EXPECT_EQ(IpsecHelper::Get(nodes.Get(0))->GetSpd()->Dump().size(), 2u);
    EXPECT_EQ(IpsecHelper::Get(nodes.Get(1))->GetSpd()->Dump().size(), 2u);
    // The Child SA's selectors: the responder narrowed to what its policy covers.
    Ptr<const Ikev2ChildSa> child = daemons[0]->GetIkeSas().front()->children.front();
    ASSERT_FALSE(child->local.empty());
    EXPECT_EQ(child->local.front().ToString().substr(0, 8), "10.1.1.1");
    EXPECT_TRUE(errors.empty()) << Errors();
}

TEST_F(Ikev2Daemons, IkeSasAreRekeyedAndTheirChildSasMoveAlong)
{
    // IKE SA every 5 s, Child SA every 7 s: each kind of rekey happens on an IKE SA that was
    // itself made by a rekey.
    std::string child = "    mode = transport\n    rekey_time = 7s\n    life_time = 9s\n"
                        "    esp_proposals = aes128gcm16";
    std::string ike = "  rekey_time = 5s\n  over_time = 2s\n  dpd_delay = 3s\n"
                      "  proposals = aes256-sha256-curve25519\n";
    auto [da, db] = Pair(child + "\n    start_action = start", child, ike, ike);
    UdpServerHelper server(9);
    ApplicationContainer s = server.Install(nodes.Get(1));
    UdpClientHelper client(b, 9);
    client.SetAttribute("MaxPackets", UintegerValue(2500));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
    client.SetAttribute("PacketSize", UintegerValue(200));
    client.Install(nodes.Get(0)).Start(Seconds(1));
    Simulator::Stop(Seconds(27));
    Simulator::Run();
    EXPECT_EQ(DynamicCast<UdpServer>(s.Get(0))->GetReceived(), 2500u) << Errors();
    EXPECT_GE(da->GetStats().ikeRekeys, 4u);
    EXPECT_EQ(da->GetStats().ikeRekeys, db->GetStats().ikeRekeys);
    EXPECT_GE(da->GetStats().childRekeys, 3u);
    EXPECT_EQ(da->GetStats().ikeSasDeleted, 0u); // rekeyed, not deleted
    EXPECT_EQ(da->GetStats().ikeSasExpired + db->GetStats().ikeSasExpired, 0u);
    EXPECT_EQ(da->GetStats().ikeSasFailed, 0u);
    // One IKE SA on each side, the newest, with the one Child SA.
    ASSERT_EQ(da->GetIkeSas().size(), 1u) << da->Dump();
    ASSERT_EQ(db->GetIkeSas().size(), 1u) << db->Dump();
    EXPECT_EQ(da->GetIkeSas().front()->spiI, db->GetIkeSas().front()->spiI);
    EXPECT_EQ(da->GetIkeSas().front()->children.size(), 1u) << da->Dump();
    EXPECT_EQ(db->GetIkeSas().front()->children.size(), 1u) << db->Dump();
    EXPECT_EQ(da->GetKeyLog().size(), 1 + da->GetStats().ikeRekeys);
    // The new IKE SAs were derived from the old ones' SK_d: they still talk (DPD answered).
    EXPECT_EQ(da->GetStats().dpdFailures, 0u);
    EXPECT_TRUE(errors.empty()) << Errors();
    // And on demand (swanctl --rekey --ike), from the responder's side.
    uint64_t before = db->GetStats().ikeRekeys;
    EXPECT_TRUE(db->RekeyIke("host"));
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(db->GetStats().ikeRekeys, before + 1);
    ASSERT_EQ(db->GetIkeSas().size(), 1u);
    EXPECT_TRUE(db->GetIkeSas().front()->initiator) << "the rekey's initiator is the new SA's";
    EXPECT_FALSE(db->RekeyIke("nosuch"));
}

TEST_F(Ikev2Daemons, AnIkeSaNotRekeyedByItsHardLimitIsClosed)
{
    // A rekeys its IKE SA at 3-5 s (rekey_time 5 s minus up to over_time 2 s); B has dropped off
    // the network at 2.5 s, so the rekey is never answered (its retransmissions would go on for
    // a minute, and there is no DPD). At rekey_time + over_time (7 s after the IKE SA was made)
    // A closes the IKE SA and its Child SA anyway.
    auto [da, db]
        = Pair(kTransportInitiator, kTransportResponder, "  rekey_time = 5s\n  over_time = 2s\n");
    Ptr<Ipv4> ipv4 = nodes.Get(1)->GetObject<Ipv4>();
    Simulator::Schedule(Seconds(2.5), [ipv4]() { ipv4->SetDown(1); });
    Ptr<SecurityAssociationDatabase> sadbA = IpsecHelper::Get(nodes.Get(0))->GetSadb();
    size_t sasBefore = 0;
    size_t ikeSasBefore = 0;
    Simulator::Schedule(Seconds(7), [&]() {
        sasBefore = sadbA->Dump().size();
        ikeSasBefore = da->GetIkeSas().size();
    });
    Simulator::Stop(Seconds(8));
    Simulator::Run();
    EXPECT_EQ(ikeSasBefore, 1u) << "still up just before its hard limit (7.1 s)";
    EXPECT_EQ(sasBefore, 2u);
    EXPECT_EQ(da->GetStats().ikeSasExpired, 1u) << Errors();
    EXPECT_EQ(da->GetStats().ikeSasDeleted, 1u);
    EXPECT_EQ(da->GetStats().ikeRekeys, 0u);
    EXPECT_TRUE(da->GetIkeSas().empty()) << da->Dump();
    EXPECT_TRUE(sadbA->Dump().empty()) << "its Child SA's SAs are gone too";
    EXPECT_EQ(db->GetStats().ikeSasExpired, 0u)
        << "B's own limit: 4 h (default rekey_time) + 24 min";
    ASSERT_FALSE(errors.empty());
    EXPECT_NE(errors.back().find("hard lifetime"), std::string::npos) << Errors();
}

TEST_F(Ikev2Daemons, IkeOverIpv6NegotiatesAndProtectsIpv6)
{
    // IKE itself over IPv6 (UDP 500 on IPv6 sockets), a transport-mode Child SA whose selectors
    // are the IPv6 IKE addresses, and UDP over IPv6 protected by it.
    Ipv6AddressHelper v6;
    v6.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer i6 = v6.Assign(devices);
    std::ostringstream a6;
    std::ostringstream b6;
    a6 << i6.GetAddress(0, 1);
    b6 << i6.GetAddress(1, 1);
    Ptr<Ikev2Daemon> da
        = Daemon(0, Swanctl(a6.str(), b6.str(), "a.example", "b.example", kTransportInitiator, ""));
    Ptr<Ikev2Daemon> db
        = Daemon(1, Swanctl(b6.str(), a6.str(), "b.example", "a.example", kTransportResponder, ""));
    for (const auto& d : daemons)
    {
        d->SetStartTime(Seconds(2)); // after duplicate address detection
    }
    UdpServerHelper server(9);
    ApplicationContainer s = server.Install(nodes.Get(1));
    UdpClientHelper client(i6.GetAddress(1, 1), 9);
    client.SetAttribute("MaxPackets", UintegerValue(20));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(50)));
    client.Install(nodes.Get(0)).Start(Seconds(3));
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    EXPECT_TRUE(errors.empty()) << Errors();
    EXPECT_EQ(da->GetStats().ikeSasEstablished, 1u);
    EXPECT_EQ(db->GetStats().childSasInstalled, 1u);
    ASSERT_EQ(da->GetIkeSas().size(), 1u);
    EXPECT_TRUE(da->GetIkeSas().front()->remote.IsIpv6());
    EXPECT_EQ(da->GetIkeSas().front()->remote.ToString(), b6.str());
    EXPECT_EQ(DynamicCast<UdpServer>(s.Get(0))->GetReceived(), 20u);
    EXPECT_GE(IpsecHelper::Get(nodes.Get(0))->GetStats().Of(IpsecProtocol::ESP).packetsOut, 20u);
    std::vector<Ptr<SecurityAssociation>> sas = IpsecHelper::Get(nodes.Get(1))->GetSadb()->Dump();
    ASSERT_EQ(sas.size(), 2u);
    for (const auto& sa : sas)
    {
        EXPECT_TRUE(sa->GetDestination().IsIpv6() && sa->GetSource().IsIpv6());
    }
    // ESP in UDP is IPv4's: encap = yes with IPv6 addresses is refused when loaded.
    Ptr<Ikev2Daemon> bad = CreateObject<Ikev2Daemon>();
    bad->SetAttribute("ConfigText",
                      StringValue(Swanctl(a6.str(),
                                          b6.str(),
                                          "a.example",
                                          "b.example",
                                          kTransportResponder,
                                          "  encap = yes\n")));
    Ikev2ConfigResult r = bad->LoadConfiguration();
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("encap = yes over IPv6"), std::string::npos) << r.error;
}

TEST_F(Ikev2Daemons, AnIkeSaRekeyUsesTheGroupTheSaWasMadeWith)
{
    // The initiator's first group is ECP-256, which the responder refuses: the IKE SA is made
    // with Curve25519 after INVALID_KE_PAYLOAD. Its rekeys (every 5 s) must offer Curve25519 too,
    // or each would be refused and the hard limit (7 s) would close the IKE SA.
    auto [da, db] = Pair(kTransportInitiator,
                         kTransportResponder,
                         "  proposals = aes128-sha256-ecp256-curve25519\n  rekey_time = 5s\n"
                         "  over_time = 2s\n",
                         "  proposals = aes128-sha256-curve25519");
    Simulator::Stop(Seconds(12));
    Simulator::Run();
    EXPECT_GE(da->GetStats().ikeRekeys, 2u) << Errors();
    EXPECT_EQ(da->GetStats().ikeSasExpired, 0u) << Errors();
    EXPECT_EQ(db->GetStats().notifiesSent.at(Ikev2NotifyType::INVALID_KE_PAYLOAD), 1u)
        << "only IKE_SA_INIT's first guess";
    ASSERT_EQ(da->GetIkeSas().size(), 1u);
    EXPECT_EQ(da->GetIkeSas().front()->suite.dh, 31u);
    EXPECT_TRUE(errors.empty()) << Errors();
}
