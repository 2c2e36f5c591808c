/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SA lifecycle and key management: lifetimes enforced in simulated time, state transitions,
 * outbound choice after soft expiry, GETSPI and the PF_KEY-style errors, ACQUIRE rate limit
 * and hold queue, and rekeying without loss through the teaching key manager.
 */
#include "two-hosts.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>
#include <set>
#include <sstream>

using namespace ns3;

namespace
{
using Limit = SecurityAssociation::Limit;
using State = SecurityAssociation::State;

const Ipv4Address A("10.0.0.1");
const Ipv4Address B("10.0.0.2");

Ptr<SecurityAssociation>
Sa(uint32_t spi,
   SecurityAssociation::Lifetime soft = {},
   SecurityAssociation::Lifetime hard = {},
   Ipv4Address src = A,
   Ipv4Address dst = B)
{
    Ptr<SecurityAssociation> sa = Create<SecurityAssociation>(IpsecProtocol::ESP, spi, src, dst);
    sa->SetEncryption("aes-gcm-16", IpsecBytes(20, 7));
    sa->SetSoftLifetime(soft);
    sa->SetHardLifetime(hard);
    return sa;
}

SecurityAssociation::Lifetime
AddTime(uint64_t seconds)
{
    SecurityAssociation::Lifetime l;
    l.addTime = seconds;
    return l;
}

/// One SaExpired / SaRemoved event.
struct Event
{
    double time;
    uint32_t spi;
    std::string what; // "soft:addtime", "hard:bytes", "removed", ...
    uint64_t bytes;
    uint64_t packets;
};

/// An SADB with its events recorded.
class SadbLifetimes : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        db = CreateObject<SecurityAssociationDatabase>();
        db->TraceConnectWithoutContext("SaExpired", MakeCallback(&SadbLifetimes::OnExpired, this));
        db->TraceConnectWithoutContext("SaRemoved", MakeCallback(&SadbLifetimes::OnRemoved, this));
    }

    void TearDown() override
    {
        db->Dispose();
        Simulator::Destroy();
    }

    void OnExpired(Ptr<const SecurityAssociation> sa, bool hard, Limit limit)
    {
        events.push_back({Simulator::Now().GetSeconds(),
                          sa->GetSpi(),
                          std::string(hard ? "hard:" : "soft:") + ToString(limit),
                          sa->GetBytes(),
                          sa->GetPackets()});
    }

    void OnRemoved(Ptr<const SecurityAssociation> sa)
    {
        events.push_back({Simulator::Now().GetSeconds(), sa->GetSpi(), "removed", 0, 0});
    }

    /// Run a function at a time.
    template <class F>
    void At(double seconds, F f)
    {
        Simulator::Schedule(Seconds(seconds), f);
    }

    void RunUntil(double seconds)
    {
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
    }

    Ptr<SecurityAssociationDatabase> db;
    std::vector<Event> events;
};

TEST_F(SadbLifetimes, AddTimeExpiresAtExactTimesAndDeletesOnHard)
{
    Ptr<SecurityAssociation> sa = Sa(0x1000, AddTime(10), AddTime(12));
    State at10{}, at11{}, at12{};
    At(1, [&] { EXPECT_EQ(db->Add(sa), ""); });
    At(10.999999, [&] { at10 = sa->GetState(); });
    At(11.000001, [&] { at11 = sa->GetState(); });
    At(12.9, [&] { at12 = sa->GetState(); });
    RunUntil(20);
    EXPECT_EQ(sa->GetCreationTime(), Seconds(1));
    EXPECT_EQ(at10, State::MATURE);
    EXPECT_EQ(at11, State::DYING);
    EXPECT_EQ(at12, State::DYING);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_DOUBLE_EQ(events[0].time, 11);
    EXPECT_EQ(events[0].what, "soft:addtime");
    EXPECT_DOUBLE_EQ(events[1].time, 13);
    EXPECT_EQ(events[1].what, "hard:addtime");
    EXPECT_DOUBLE_EQ(events[2].time, 13);
    EXPECT_EQ(events[2].what, "removed");
    EXPECT_EQ(sa->GetState(), State::DEAD);
    EXPECT_EQ(db->GetN(), 0u);
}

TEST_F(SadbLifetimes, UseTimeCountsFromTheFirstPacket)
{
    SecurityAssociation::Lifetime soft, hard;
    soft.useTime = 5;
    hard.useTime = 8;
    Ptr<SecurityAssociation> sa = Sa(0x1000, soft, hard);
    At(0, [&] { db->Add(sa); });
    At(2, [&] { db->RecordUse(sa, 100); });
    At(4, [&] { db->RecordUse(sa, 100); }); // later uses do not restart the clock
    RunUntil(30);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_DOUBLE_EQ(events[0].time, 7);
    EXPECT_EQ(events[0].what, "soft:usetime");
    EXPECT_DOUBLE_EQ(events[1].time, 10);
    EXPECT_EQ(events[1].what, "hard:usetime");
    EXPECT_EQ(sa->GetFirstUseTime(), Seconds(2));
}

TEST_F(SadbLifetimes, UnusedSaNeverReachesItsUseTime)
{
    SecurityAssociation::Lifetime hard;
    hard.useTime = 1;
    Ptr<SecurityAssociation> sa = Sa(0x1000, {}, hard);
    db->Add(sa);
    RunUntil(100);
    EXPECT_TRUE(events.empty());
    EXPECT_EQ(sa->GetState(), State::MATURE);
}

TEST_F(SadbLifetimes, ByteLimitsCountThePacketThatReachesThem)
{
    SecurityAssociation::Lifetime soft, hard;
    soft.bytes = 1000;
    hard.bytes = 2500;
    Ptr<SecurityAssociation> sa = Sa(0x1000, soft, hard);
    db->Add(sa);
    std::vector<State> states;
    for (int i = 0; i < 7; ++i)
    {
        db->RecordUse(sa, 400);
        states.push_back(sa->GetState());
    }
    EXPECT_EQ(states[1], State::MATURE); // 800 bytes
    EXPECT_EQ(states[2], State::DYING);  // 1200 >= 1000: soft
    EXPECT_EQ(states[5], State::DYING);  // 2400 < 2500
    EXPECT_EQ(states[6], State::DEAD);   // 2800 >= 2500: hard
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].what, "soft:bytes");
    EXPECT_EQ(events[0].bytes, 1200u);
    EXPECT_EQ(events[0].packets, 3u);
    EXPECT_EQ(events[1].what, "hard:bytes");
    EXPECT_EQ(events[1].bytes, 2800u);
    EXPECT_EQ(events[1].packets, 7u);
    EXPECT_FALSE(db->Get(IpsecProtocol::ESP, B, 0x1000));
}

TEST_F(SadbLifetimes, AllocationLimitsCountPackets)
{
    SecurityAssociation::Lifetime soft, hard;
    soft.allocations = 3;
    hard.allocations = 5;
    Ptr<SecurityAssociation> sa = Sa(0x1000, soft, hard);
    db->Add(sa);
    for (int i = 0; i < 5; ++i)
    {
        db->RecordUse(sa, 1);
    }
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].what, "soft:allocations");
    EXPECT_EQ(events[0].packets, 3u);
    EXPECT_EQ(events[1].what, "hard:allocations");
    EXPECT_EQ(events[1].packets, 5u);
}

TEST_F(SadbLifetimes, SoftLimitAboveHardIsRefused)
{
    Ptr<SecurityAssociation> sa = Sa(0x1000, AddTime(20), AddTime(10));
    EXPECT_EQ(db->Add(sa), "soft addtime lifetime (20) exceeds the hard one (10)");
    EXPECT_EQ(db->GetN(), 0u);
    SecurityAssociation::Lifetime soft, hard;
    soft.bytes = 10;
    hard.bytes = 10; // equal is fine: both fire on the same packet
    EXPECT_EQ(db->Add(Sa(0x1001, soft, hard)), "");
}

TEST_F(SadbLifetimes, SequenceExhaustionIsAHardExpiry)
{
    Ptr<SecurityAssociation> sa = Sa(0x1000);
    db->Add(sa);
    sa->SetLastSequence(0xffffffffULL);
    uint64_t seq;
    EXPECT_FALSE(sa->NextSequence(seq));
    db->Expire(sa, true, Limit::SEQUENCE);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].what, "hard:sequence");
    EXPECT_EQ(sa->GetState(), State::DEAD);
    db->Expire(sa, true, Limit::SEQUENCE); // already gone: nothing more
    EXPECT_EQ(events.size(), 2u);
}

TEST_F(SadbLifetimes, OutboundMovesToTheNewerSaAfterSoftExpiry)
{
    Ptr<SecurityAssociation> old = Sa(0x1000, AddTime(5), AddTime(10));
    Ptr<SecurityAssociation> fresh = Sa(0x1001, AddTime(5), AddTime(10));
    std::map<double, uint32_t> chosen;
    auto probe = [&](double t) {
        At(t, [&, t] {
            auto sa = db->FindOutbound(IpsecProtocol::ESP, A, B, IpsecMode::TRANSPORT);
            chosen[t] = sa ? sa->GetSpi() : 0;
        });
    };
    At(0, [&] { db->Add(old); });
    At(6, [&] { db->Add(fresh); });
    for (double t : {1.0, 5.5, 6.5, 10.5, 16.5})
    {
        probe(t);
    }
    RunUntil(20);
    EXPECT_EQ(chosen[1.0], 0x1000u);  // mature
    EXPECT_EQ(chosen[5.5], 0x1000u);  // dying, but the only one: still usable
    EXPECT_EQ(chosen[6.5], 0x1001u);  // a newer mature SA exists: use it
    EXPECT_EQ(chosen[10.5], 0x1001u); // the old one is dead
    EXPECT_EQ(chosen[16.5], 0u);      // both dead (the new one at 6 + 10 s)
}

TEST_F(SadbLifetimes, PreferOldSaKeepsTheDyingSaUntilItDies)
{
    db->SetAttribute("PreferOldSa", BooleanValue(true));
    Ptr<SecurityAssociation> old = Sa(0x1000, AddTime(5), AddTime(10));
    Ptr<SecurityAssociation> fresh = Sa(0x1001);
    std::map<double, uint32_t> chosen;
    At(0, [&] { db->Add(old); });
    At(6, [&] { db->Add(fresh); });
    for (double t : {6.5, 9.9, 10.5})
    {
        At(t, [&, t] {
            chosen[t] = db->FindOutbound(IpsecProtocol::ESP, A, B, IpsecMode::TRANSPORT)->GetSpi();
        });
    }
    RunUntil(20);
    EXPECT_EQ(chosen[6.5], 0x1000u);
    EXPECT_EQ(chosen[9.9], 0x1000u);
    EXPECT_EQ(chosen[10.5], 0x1001u);
}

TEST_F(SadbLifetimes, InPlaceUpdateRearmsLifetimesFromCreation)
{
    Ptr<SecurityAssociation> sa = Sa(0x1000, {}, AddTime(100));
    At(1, [&] { db->Add(sa); });
    At(5, [&] {
        sa->SetHardLifetime(AddTime(10)); // ipseckey update ... hard_addtime 10
        EXPECT_EQ(db->Update(sa), "");
    });
    At(20, [&] {
        sa = Sa(0x2000, {}, AddTime(100));
        db->Add(sa);
    });
    At(30, [&] {
        sa->SetHardLifetime(AddTime(5)); // already past: expires at once
        db->Update(sa);
    });
    RunUntil(200);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_DOUBLE_EQ(events[0].time, 11); // 1 + 10, not 5 + 10
    EXPECT_EQ(events[0].spi, 0x1000u);
    EXPECT_DOUBLE_EQ(events[2].time, 30);
    EXPECT_EQ(events[2].spi, 0x2000u);
}

/// The key management interface of a node, without traffic.
class KeyManagement : public SadbLifetimes
{
  protected:
    void SetUp() override
    {
        SadbLifetimes::SetUp();
        spd = CreateObject<SecurityPolicyDatabase>();
        keys = CreateObject<IpsecKeyManagement>();
        keys->SetDatabases(db, spd);
        keys->AssignStreams(3);
    }

    void TearDown() override
    {
        keys->Dispose();
        SadbLifetimes::TearDown();
    }

    Ptr<SecurityPolicyDatabase> spd;
    Ptr<IpsecKeyManagement> keys;
    std::vector<std::string> expireLog;
};

void
LogExpire(std::vector<std::string>* log, const IpsecExpire& e)
{
    log->push_back(std::string(e.hard ? "hard " : "soft ") + std::to_string(e.sa->GetSpi()));
}

TEST_F(KeyManagement, GetSpiGivesUniqueSpisFromTheRange)
{
    std::set<uint32_t> spis;
    for (int i = 0; i < 500; ++i)
    {
        IpsecKeyResult r = keys->GetSpi(IpsecProtocol::ESP, B, A, 0x1000, 0x1000 + 599);
        ASSERT_TRUE(r.Ok()) << r.message;
        EXPECT_GE(r.spi, 0x1000u);
        EXPECT_LE(r.spi, 0x1000u + 599);
        EXPECT_EQ(r.sa->GetState(), State::LARVAL);
        spis.insert(r.spi);
    }
    EXPECT_EQ(spis.size(), 500u);
    // The rest of the range, found by scanning once random tries fail; then nothing is left.
    for (int i = 0; i < 100; ++i)
    {
        ASSERT_TRUE(keys->GetSpi(IpsecProtocol::ESP, B, A, 0x1000, 0x1000 + 599).Ok());
    }
    IpsecKeyResult full = keys->GetSpi(IpsecProtocol::ESP, B, A, 0x1000, 0x1000 + 599);
    EXPECT_EQ(full.error, IpsecKeyError::INVALID_ARGUMENT);
    EXPECT_EQ(full.message, "no free SPI in 0x1000-0x1257");
    EXPECT_EQ(db->GetN(), 600u);
    // Another SA type or destination is another identity space.
    EXPECT_TRUE(keys->GetSpi(IpsecProtocol::AH, B, A, 0x1000, 0x1000).Ok());
    EXPECT_TRUE(keys->GetSpi(IpsecProtocol::ESP, A, B, 0x1000, 0x1000).Ok());
}

TEST_F(KeyManagement, GetSpiRangeErrors)
{
    IpsecKeyResult one = keys->GetSpi(IpsecProtocol::ESP, B, A, 0x5000, 0x5000);
    ASSERT_TRUE(one.Ok());
    EXPECT_EQ(one.spi, 0x5000u);
    IpsecKeyResult again = keys->GetSpi(IpsecProtocol::ESP, B, A, 0x5000, 0x5000);
    EXPECT_EQ(again.error, IpsecKeyError::SPI_IN_USE);
    EXPECT_EQ(again.Errno(), EEXIST);
    IpsecKeyResult backwards = keys->GetSpi(IpsecProtocol::ESP, B, A, 0x6000, 0x5000);
    EXPECT_EQ(backwards.error, IpsecKeyError::INVALID_ARGUMENT);
    EXPECT_EQ(backwards.Errno(), EINVAL);
    IpsecKeyResult reserved = keys->GetSpi(IpsecProtocol::ESP, B, A, 1, 0x100);
    ASSERT_TRUE(reserved.Ok()); // the range starts at 0x100, as in KAME
    EXPECT_EQ(reserved.spi, 0x100u);
    EXPECT_EQ(keys->GetSpi(IpsecProtocol::ESP, B, A, 1, 0xff).error,
              IpsecKeyError::INVALID_ARGUMENT);
    EXPECT_EQ(db->GetN(), 2u);
}

TEST_F(KeyManagement, LarvalSaTimesOutUnlessUpdated)
{
    db->SetAttribute("LarvalLifetime", TimeValue(Seconds(30)));
    uint32_t forgotten = 0;
    uint32_t kept = 0;
    At(1, [&] { forgotten = keys->GetSpi(IpsecProtocol::ESP, B, A).spi; });
    At(2, [&] { kept = keys->GetSpi(IpsecProtocol::ESP, B, A).spi; });
    At(5, [&] {
        EXPECT_FALSE(db->FindOutbound(IpsecProtocol::ESP, B, A, IpsecMode::TRANSPORT));
        IpsecKeyResult r = keys->Update(Sa(kept, {}, AddTime(100), B, A));
        EXPECT_TRUE(r.Ok()) << r.message;
        EXPECT_EQ(r.sa->GetState(), State::MATURE);
        EXPECT_EQ(r.sa->GetCreationTime(), Seconds(5)); // add-time starts with the keys
    });
    At(30.9, [&] { EXPECT_TRUE(keys->Get(IpsecProtocol::ESP, A, forgotten).Ok()); });
    RunUntil(60);
    EXPECT_EQ(keys->Get(IpsecProtocol::ESP, A, forgotten).error, IpsecKeyError::NO_SUCH_SA);
    EXPECT_TRUE(keys->Get(IpsecProtocol::ESP, A, kept).Ok());
    // The larval timeout is a removal at exactly 1 + 30 s, not an EXPIRE.
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].what, "removed");
    EXPECT_DOUBLE_EQ(events[0].time, 31);
    EXPECT_EQ(events[0].spi, forgotten);
}

TEST_F(KeyManagement, ErrorsAreValuesAndChangeNothing)
{
    EXPECT_EQ(keys->Delete(IpsecProtocol::ESP, B, 0x1234).Errno(), ESRCH);
    EXPECT_EQ(keys->Get(IpsecProtocol::ESP, B, 0x1234).error, IpsecKeyError::NO_SUCH_SA);
    EXPECT_EQ(keys->Update(Sa(0x1234)).error, IpsecKeyError::NO_SUCH_SA);
    ASSERT_TRUE(keys->Add(Sa(0x1234)).Ok());
    IpsecKeyResult dup = keys->Add(Sa(0x1234));
    EXPECT_EQ(dup.error, IpsecKeyError::SPI_IN_USE);
    EXPECT_EQ(dup.message, "SPI in use: esp SA 0x1234 to 10.0.0.2");
    Ptr<SecurityAssociation> bad = Sa(0x2000);
    bad->SetEncryption("aes-gcm-16", IpsecBytes(3));
    EXPECT_EQ(keys->Add(bad).error, IpsecKeyError::INVALID_ARGUMENT);
    EXPECT_EQ(keys->Add(Sa(0x99)).error, IpsecKeyError::INVALID_ARGUMENT); // reserved SPI
    EXPECT_EQ(db->GetN(), 1u);

    // A mature SA takes new lifetimes only.
    Ptr<SecurityAssociation> rekeyed = Sa(0x1234);
    rekeyed->SetEncryption("aes-gcm-16", IpsecBytes(20, 9));
    IpsecKeyResult keysChanged = keys->Update(rekeyed);
    EXPECT_EQ(keysChanged.error, IpsecKeyError::INVALID_ARGUMENT);
    EXPECT_EQ(keysChanged.message,
              "only the lifetimes of a mature SA can be updated, not the encryption algorithm or "
              "key");
    EXPECT_EQ(keys->Get(IpsecProtocol::ESP, B, 0x1234).sa->GetEncryptionKey(), IpsecBytes(20, 7));
    EXPECT_TRUE(keys->Update(Sa(0x1234, AddTime(5), AddTime(9))).Ok());
    EXPECT_EQ(keys->Get(IpsecProtocol::ESP, B, 0x1234).sa->GetHardLifetime().addTime, 9u);
    EXPECT_EQ(keys->Update(Sa(0x1234, AddTime(9), AddTime(5))).error,
              IpsecKeyError::INVALID_ARGUMENT);

    // SPD messages.
    EXPECT_EQ(keys->SpdDelete(77).Errno(), ENOENT);
    EXPECT_EQ(keys->SpdGet(77).error, IpsecKeyError::NO_SUCH_POLICY);
    Ptr<SecurityPolicy> empty = Create<SecurityPolicy>();
    empty->action = SecurityPolicy::Action::IPSEC;
    EXPECT_EQ(keys->SpdAdd(empty).error, IpsecKeyError::INVALID_ARGUMENT);
    IpsecKeyResult added = keys->SpdAdd(SecurityPolicy::HostPair(A, B, {IpsecProtectionRequest()}));
    ASSERT_TRUE(added.Ok());
    EXPECT_EQ(keys->SpdGet(added.policyId).policies.size(), 1u);
    EXPECT_EQ(keys->SpdDump().policies.size(), 1u);
    EXPECT_TRUE(keys->SpdDelete(added.policyId).Ok());
    EXPECT_TRUE(keys->SpdFlush().Ok());
    EXPECT_EQ(keys->Dump(IpsecProtocol::AH).sas.size(), 0u);
    EXPECT_EQ(keys->Dump().sas.size(), 1u);
    EXPECT_TRUE(keys->Flush(IpsecProtocol::ESP).Ok());
    EXPECT_EQ(db->GetN(), 0u);
}

TEST_F(KeyManagement, RegisterListsAlgorithmsAndReceivesItsExpires)
{
    IpsecKeyManagement::Registration esp
        = keys->Register(IpsecProtocol::ESP,
                         MakeNullCallback<void, const IpsecAcquire&>(),
                         MakeBoundCallback(&LogExpire, &expireLog));
    auto has = [](const std::vector<std::string>& v, const std::string& name) {
        return std::find(v.begin(), v.end(), name) != v.end();
    };
    EXPECT_TRUE(has(esp.encryption, "aes-gcm-16"));
    EXPECT_TRUE(has(esp.encryption, "aes-cbc"));
    EXPECT_TRUE(has(esp.authentication, "hmac-sha256-128"));
    EXPECT_FALSE(has(esp.authentication, "aes-cbc"));
    IpsecKeyManagement::Registration ah
        = keys->Register(IpsecProtocol::AH, {}, MakeNullCallback<void, const IpsecExpire&>());
    EXPECT_TRUE(ah.encryption.empty());
    EXPECT_TRUE(has(ah.authentication, "hmac-sha1-96"));
    EXPECT_TRUE(keys->IsRegistered(IpsecProtocol::ESP));

    keys->Add(Sa(0x1000, AddTime(1), AddTime(2)));
    Ptr<SecurityAssociation> ahSa = Create<SecurityAssociation>(IpsecProtocol::AH, 0x1001, A, B);
    ahSa->SetAuthentication("hmac-sha1-96", IpsecBytes(20, 1));
    ahSa->SetHardLifetime(AddTime(1));
    keys->Add(ahSa);
    At(3, [&] {
        EXPECT_TRUE(keys->Unregister(esp.id));
        EXPECT_FALSE(keys->Unregister(esp.id));
        keys->Add(Sa(0x1002, {}, AddTime(1)));
    });
    RunUntil(10);
    // ESP's soft and hard, not AH's, and nothing after unregistering.
    EXPECT_EQ(expireLog, (std::vector<std::string>{"soft 4096", "hard 4096"}));
}

/// Two hosts on a slower link with IPsec and no SAs; node 0's ACQUIREs are recorded.
class LifecycleTwoHosts : public test::TwoHosts
{
  public:
    LifecycleTwoHosts()
        : test::TwoHosts(5, "10Mbps", "5ms")
    {
    }

    void SetUp() override
    {
        test::TwoHosts::SetUp();
        IpsecHelper::Get(nodes.Get(0))
            ->GetKeyManagement()
            ->TraceConnectWithoutContext("Acquire",
                                         MakeCallback(&LifecycleTwoHosts::OnAcquire, this));
    }

    void Require(IpsecLevel level = IpsecLevel::REQUIRE)
    {
        IpsecProtectionRequest esp;
        esp.level = level;
        IpsecHelper::AddPolicy(nodes.Get(0), SecurityPolicy::HostPair(a, b, {esp}));
        IpsecHelper::AddPolicy(nodes.Get(1), SecurityPolicy::HostPair(b, a, {esp}));
    }

    /// An ESP SA pair with fixed keys on both nodes.
    void AddPair(uint32_t spiAb, uint32_t spiBa, SecurityAssociation::Lifetime hard = {})
    {
        for (uint32_t i = 0; i < 2; ++i)
        {
            for (auto [spi, src, dst] :
                 {std::make_tuple(spiAb, a, b), std::make_tuple(spiBa, b, a)})
            {
                Ptr<SecurityAssociation> sa
                    = Create<SecurityAssociation>(IpsecProtocol::ESP, spi, src, dst);
                sa->SetEncryption("aes-gcm-16", IpsecBytes(20, uint8_t(spi)));
                sa->SetHardLifetime(hard);
                IpsecHelper::AddSa(nodes.Get(i), sa);
            }
        }
    }

    /// A key manager that needs 95 ms to make the SA pair.
    void AnswerAfter95Ms(const IpsecAcquire&)
    {
        Simulator::Schedule(MilliSeconds(95),
                            &LifecycleTwoHosts::AddPair,
                            this,
                            0x1000,
                            0x1001,
                            SecurityAssociation::Lifetime());
    }

    void OnAcquire(const IpsecAcquire& acquire) { acquires.push_back(acquire); }

    void OnUdp(Ptr<const Packet> packet)
    {
        SeqTsHeader seqTs;
        packet->Copy()->RemoveHeader(seqTs);
        received.push_back(seqTs.GetSeq());
    }

    /// UDP from a to b: packets at start, start + interval, ...
    void Udp(uint32_t packets, double interval, double start = 1.0, double stop = 0)
    {
        UdpServerHelper server(9);
        ApplicationContainer s = server.Install(nodes.Get(1));
        s.Get(0)->TraceConnectWithoutContext(IPSEC_UDP_SERVER_RX_TRACE,
                                             MakeCallback(&LifecycleTwoHosts::OnUdp, this));
        UdpClientHelper client(b, 9);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(Seconds(interval)));
        client.SetAttribute("PacketSize", UintegerValue(200));
        client.Install(nodes.Get(0)).Start(Seconds(start));
        Simulator::Stop(Seconds(stop > 0 ? stop : start + packets * interval + 5));
        Simulator::Run();
    }

    Ptr<IpsecL3Protocol> L3(uint32_t i) { return IpsecHelper::Get(nodes.Get(i)); }

    std::vector<IpsecAcquire> acquires;
    std::vector<uint32_t> received;
};

TEST_F(LifecycleTwoHosts, AcquireOncePerIntervalAndRequireDrops)
{
    Require();
    L3(0)->SetAttribute("AcquireInterval", TimeValue(Seconds(1)));
    Udp(100, 0.02); // 1.00 .. 2.98 s
    ASSERT_EQ(acquires.size(), 2u);
    EXPECT_EQ(acquires[0].time, Seconds(1));
    EXPECT_EQ(acquires[1].time, Seconds(2)); // the first packet after the window
    EXPECT_EQ(acquires[0].sequence + 1, acquires[1].sequence);
    const IpsecAcquire& q = acquires[0];
    EXPECT_EQ(q.protocol, IpsecProtocol::ESP);
    EXPECT_EQ(q.mode, IpsecMode::TRANSPORT);
    EXPECT_EQ(q.source, a);
    EXPECT_EQ(q.destination, b);
    EXPECT_EQ(q.proposal.level, IpsecLevel::REQUIRE);
    EXPECT_EQ(q.flow.protocol, 17);
    EXPECT_EQ(q.flow.remotePort, 9);
    EXPECT_NE(q.policyId, 0u);
    EXPECT_TRUE(received.empty());
    EXPECT_EQ(drops[IpsecDropReason::NO_SA], 100u); // BSD: require drops while acquiring
    EXPECT_EQ(L3(0)->GetStats().policy.acquires, 2u);
}

TEST_F(LifecycleTwoHosts, UseLevelSendsInTheClearAndAcquires)
{
    Require(IpsecLevel::USE);
    Udp(50, 0.01);
    EXPECT_EQ(received.size(), 50u);
    EXPECT_EQ(acquires.size(), 1u); // one window (15 s by default)
    EXPECT_EQ(L3(0)->GetStats().policy.bypassOut, 50u);
}

TEST_F(LifecycleTwoHosts, HeldPacketsGoOutWhenTheSaArrives)
{
    Require();
    L3(0)->SetAttribute("AcquireHoldLimit", UintegerValue(5));
    // The SAs appear at 1.095 s.
    L3(0)->GetKeyManagement()->Register(IpsecProtocol::ESP,
                                        MakeCallback(&LifecycleTwoHosts::AnswerAfter95Ms, this),
                                        MakeNullCallback<void, const IpsecExpire&>());
    Udp(20, 0.01); // 1.00 .. 1.19 s: ten before the SA, five of them held
    EXPECT_EQ(acquires.size(), 1u);
    EXPECT_EQ(drops[IpsecDropReason::ACQUIRE_QUEUE_FULL], 5u); // 1.05 .. 1.09
    EXPECT_EQ(L3(0)->GetStats().policy.held, 5u);
    EXPECT_EQ(L3(0)->GetStats().policy.released, 5u);
    // The held ones arrive first, in order, then the rest.
    std::vector<uint32_t> expected{0, 1, 2, 3, 4};
    for (uint32_t seq = 10; seq < 20; ++seq)
    {
        expected.push_back(seq);
    }
    EXPECT_EQ(received, expected);
    EXPECT_EQ(L3(0)->GetHeldPackets(), 0u);
}

TEST_F(LifecycleTwoHosts, HeldPacketsTimeOut)
{
    Require();
    L3(0)->SetAttribute("AcquireHoldLimit", UintegerValue(10));
    L3(0)->SetAttribute("AcquireHoldTime", TimeValue(MilliSeconds(500)));
    L3(0)->GetKeyManagement()->Register(IpsecProtocol::ESP,
                                        MakeNullCallback<void, const IpsecAcquire&>(),
                                        MakeNullCallback<void, const IpsecExpire&>());
    std::vector<double> dropTimes;
    L3(0)->TraceConnectWithoutContext("Drop",
                                      MakeBoundCallback(
                                          +[](std::vector<double>* times,
                                              Ptr<const Packet>,
                                              IpsecDropReason reason,
                                              IpsecDirection,
                                              uint32_t) {
                                              if (reason == IpsecDropReason::ACQUIRE_TIMEOUT)
                                              {
                                                  times->push_back(Simulator::Now().GetSeconds());
                                              }
                                          },
                                          &dropTimes));
    Udp(3, 0.1);
    EXPECT_EQ(dropTimes, (std::vector<double>{1.5, 1.6, 1.7})); // each waited 500 ms
    EXPECT_TRUE(received.empty());
}

TEST_F(LifecycleTwoHosts, WithoutAKeyManagerNothingIsHeld)
{
    Require();
    L3(0)->SetAttribute("AcquireHoldLimit", UintegerValue(10));
    Udp(5, 0.1);
    EXPECT_EQ(drops[IpsecDropReason::NO_SA], 5u);
    EXPECT_EQ(L3(0)->GetStats().policy.held, 0u);
}

TEST_F(LifecycleTwoHosts, HardExpiryDropsTrafficThatNeedsTheSa)
{
    Require();
    AddPair(0x1000, 0x1001, AddTime(2)); // added at 0 s: dead at 2 s
    std::vector<IpsecExpire> expires;
    L3(0)->GetKeyManagement()->TraceConnectWithoutContext(
        "Expire",
        MakeBoundCallback(
            +[](std::vector<IpsecExpire>* v, const IpsecExpire& e) { v->push_back(e); },
            &expires));
    Udp(20, 0.1);                    // 1.0 .. 2.9 s
    EXPECT_EQ(received.size(), 10u); // 1.0 .. 1.9
    EXPECT_EQ(drops[IpsecDropReason::NO_SA], 10u);
    ASSERT_EQ(expires.size(), 2u); // both of n0's SAs
    EXPECT_TRUE(expires[0].hard);
    EXPECT_EQ(expires[0].time, Seconds(2));
    EXPECT_EQ(L3(0)->GetSadb()->GetN(), 0u);
}

TEST_F(LifecycleTwoHosts, SequenceExhaustionRaisesAHardExpire)
{
    Require();
    AddPair(0x1000, 0x1001);
    L3(0)->GetSadb()->Get(IpsecProtocol::ESP, b, 0x1000)->SetLastSequence(0xffffffffULL - 2);
    std::vector<IpsecExpire> expires;
    L3(0)->GetKeyManagement()->TraceConnectWithoutContext(
        "Expire",
        MakeBoundCallback(
            +[](std::vector<IpsecExpire>* v, const IpsecExpire& e) { v->push_back(e); },
            &expires));
    Udp(5, 0.1);
    EXPECT_EQ(received.size(), 2u);
    EXPECT_EQ(drops[IpsecDropReason::SEQUENCE_OVERFLOW], 1u);
    ASSERT_EQ(expires.size(), 1u);
    EXPECT_TRUE(expires[0].hard);
    EXPECT_EQ(expires[0].limit, Limit::SEQUENCE);
    EXPECT_EQ(acquires.size(), 1u); // the next packet needs a new SA
}

/// Traffic across many rekeys made by the teaching key manager on both hosts.
class Rekey : public LifecycleTwoHosts
{
  protected:
    void Managers(double soft,
                  double hard,
                  uint64_t softBytes = 0,
                  uint64_t hardBytes = 0,
                  bool requirePolicy = true)
    {
        IpsecTeachingKeyManagerHelper helper;
        helper.SetAttribute("SoftLifetime", TimeValue(Seconds(soft)));
        helper.SetAttribute("HardLifetime", TimeValue(Seconds(hard)));
        helper.SetAttribute("SoftBytes", UintegerValue(softBytes));
        helper.SetAttribute("HardBytes", UintegerValue(hardBytes));
        managers = helper.Install(nodes);
        IpsecTeachingKeyManagerHelper::AssignStreams(managers, 50);
        managers.Start(Seconds(0));
        for (uint32_t i = 0; i < 2; ++i)
        {
            L3(i)->SetAttribute("AcquireHoldLimit", UintegerValue(100));
            L3(i)->GetSadb()->TraceConnectWithoutContext("SaExpired",
                                                         MakeCallback(&Rekey::OnExpired, this));
        }
        if (requirePolicy)
        {
            Require();
        }
    }

    /// ipsecconf policy for UDP between the hosts, on both, with `sa shared` or `sa unique`.
    void UdpPolicy(const std::string& sa)
    {
        for (auto [node, self, peer] : {std::make_tuple(0u, a, b), std::make_tuple(1u, b, a)})
        {
            std::ostringstream text;
            text << "{laddr " << self << " raddr " << peer << " ulp udp} ipsec "
                 << "{encr_algs aes encr_auth_algs sha256 sa " << sa << "}\n";
            IpsecConfigResult r = IpsecHelper::LoadConfigText(nodes.Get(node),
                                                              IpsecConfigFormat::IPSECCONF,
                                                              text.str());
            ASSERT_TRUE(r.ok) << r.error;
        }
        L3(0)->TraceConnectWithoutContext("OutboundProtected",
                                          MakeCallback(&Rekey::OnProtected, this));
    }

    void OnProtected(Ptr<const Packet>, Ptr<const SecurityAssociation> sa)
    {
        const SecurityAssociation::Selectors& s = sa->GetSelectors();
        ++protectedByPort[s.protocol == 17 ? s.destinationPort : 0];
    }

    /// Two UDP flows from a to b, to ports 9 and 10, 100 packets a second each from 1 s.
    std::pair<uint32_t, uint32_t> TwoFlows(uint32_t packets, double stop)
    {
        std::vector<Ptr<UdpServer>> servers;
        for (uint16_t port : {9, 10})
        {
            servers.push_back(
                DynamicCast<UdpServer>(UdpServerHelper(port).Install(nodes.Get(1)).Get(0)));
            UdpClientHelper client(b, port);
            client.SetAttribute("MaxPackets", UintegerValue(packets));
            client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
            client.SetAttribute("PacketSize", UintegerValue(200));
            client.Install(nodes.Get(0)).Start(Seconds(1));
        }
        Simulator::Stop(Seconds(stop));
        Simulator::Run();
        return {servers[0]->GetReceived(), servers[1]->GetReceived()};
    }

    void OnExpired(Ptr<const SecurityAssociation>, bool hard, Limit)
    {
        ++(hard ? hardExpiries : softExpiries);
    }

    uint64_t TcpBToA(double start, double stop)
    {
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), 5001));
        tcpSink = sink.Install(nodes.Get(0));
        BulkSendHelper source("ns3::TcpSocketFactory", InetSocketAddress(a, 5001));
        ApplicationContainer app = source.Install(nodes.Get(1));
        app.Start(Seconds(start));
        app.Stop(Seconds(stop));
        return 0;
    }

    uint32_t Exchanges() const
    {
        uint32_t n = 0;
        for (uint32_t i = 0; i < managers.GetN(); ++i)
        {
            n += DynamicCast<IpsecTeachingKeyManager>(managers.Get(i))->GetInitiated();
        }
        return n;
    }

    ApplicationContainer managers;
    ApplicationContainer tcpSink;
    std::map<uint16_t, uint32_t> protectedByPort; //!< by the SA's port selector, 0 = none
    uint32_t softExpiries{0};
    uint32_t hardExpiries{0};
};

TEST_F(Rekey, LosslessAcrossRekeysByTime)
{
    Managers(4, 6);
    TcpBToA(1, 31);
    Udp(3000, 0.01, 1, 33); // 30 s of UDP, n0 -> n1, while TCP runs n1 -> n0
    EXPECT_EQ(received.size(), 3000u);
    for (uint32_t i = 0; i < received.size(); ++i)
    {
        ASSERT_EQ(received[i], i) << "UDP out of order or lost";
    }
    uint64_t tcpBytes = DynamicCast<PacketSink>(tcpSink.Get(0))->GetTotalRx();
    EXPECT_GT(tcpBytes, 25'000'000u); // about 8.5 Mb/s for 30 s
    EXPECT_EQ(L3(0)->GetStats().TotalDrops() + L3(1)->GetStats().TotalDrops(), 0u);
    EXPECT_EQ(Exchanges(), 8u); // ACQUIRE at 1 s, then a rekey every 4 s up to 29 s
    EXPECT_GE(hardExpiries, 4u * 6);
    for (uint32_t i = 0; i < 2; ++i)
    {
        EXPECT_EQ(DynamicCast<IpsecTeachingKeyManager>(managers.Get(i))->GetFailed(), 0u);
    }
}

TEST_F(Rekey, LosslessAcrossRekeysByBytes)
{
    Managers(0, 0, 1'000'000, 1'500'000);
    TcpBToA(1, 11);
    Udp(1000, 0.01, 1, 13);
    EXPECT_EQ(received.size(), 1000u);
    EXPECT_EQ(L3(0)->GetStats().TotalDrops() + L3(1)->GetStats().TotalDrops(), 0u);
    EXPECT_GE(Exchanges(), 9u); // ~10 MB of TCP through 1 MB SAs
    EXPECT_GE(softExpiries, 9u);
}

TEST_F(Rekey, SaSharedCarriesBothFlowsOnOnePair)
{
    Managers(100, 120, 0, 0, false);
    UdpPolicy("shared");
    EXPECT_EQ(TwoFlows(300, 6), std::make_pair(300u, 300u));
    EXPECT_EQ(Exchanges(), 1u);
    EXPECT_EQ(protectedByPort[0], 600u); // one SA without selectors
}

TEST_F(Rekey, SaUniqueGivesEachFlowItsOwnPairAcrossRekeys)
{
    // ipsecconf `sa unique`: each flow's ACQUIRE makes an SA pair bound to that flow (its
    // protocol and ports as SA selectors), a flow never uses another's SA, and rekeys keep the
    // binding. 10 s per flow with SAs that soft-expire after 4 s.
    Managers(4, 6, 0, 0, false);
    UdpPolicy("unique");
    // A shared pair the policy's algorithms accept is there from the start: unique flows must
    // not take it.
    for (uint32_t i = 0; i < 2; ++i)
    {
        for (auto [spi, src, dst] : {std::make_tuple(0x700u, a, b), std::make_tuple(0x701u, b, a)})
        {
            Ptr<SecurityAssociation> shared
                = Create<SecurityAssociation>(IpsecProtocol::ESP, spi, src, dst);
            shared->SetEncryption("aes-cbc", IpsecBytes(16, 7));
            shared->SetAuthentication("hmac-sha256-128", IpsecBytes(32, 8));
            IpsecHelper::AddSa(nodes.Get(i), shared);
        }
    }
    EXPECT_EQ(TwoFlows(1000, 13), std::make_pair(1000u, 1000u));
    EXPECT_EQ(L3(0)->GetStats().TotalDrops() + L3(1)->GetStats().TotalDrops(), 0u);
    EXPECT_EQ(protectedByPort[9], 1000u);
    EXPECT_EQ(protectedByPort[10], 1000u);
    EXPECT_EQ(protectedByPort[0], 0u); // never a shared SA
    // Per flow: the ACQUIRE at 1 s, then rekeys at about 5 s and 9 s (soft expiry after 4 s).
    EXPECT_EQ(Exchanges(), 6u);
    for (uint32_t i = 0; i < 2; ++i)
    {
        EXPECT_EQ(DynamicCast<IpsecTeachingKeyManager>(managers.Get(i))->GetFailed(), 0u);
        for (const auto& sa : L3(i)->GetSadb()->Dump())
        {
            EXPECT_TRUE(sa->HasSelectors() || sa->GetSpi() == 0x700 || sa->GetSpi() == 0x701)
                << sa->Describe();
        }
    }
}

TEST_F(Rekey, NoRoomBetweenSoftAndHardLosesPackets)
{
    Managers(4, 4); // the SA dies as its rekey starts
    TcpBToA(1, 11);
    Udp(1000, 0.01, 1, 13);
    EXPECT_GT(L3(0)->GetStats().TotalDrops() + L3(1)->GetStats().TotalDrops(), 0u);
    EXPECT_LT(received.size(), 1000u);
}
} // namespace
