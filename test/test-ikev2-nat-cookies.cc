/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IKEv2 NAT detection (RFC 7296 §2.23; the NAT-D vectors of doc/plans/issue19-plan.md §9.1,
 * recomputed with Python hashlib), stateless cookies (§2.6), the retransmission schedule (§2.1)
 * and the responder cache (§2.2).
 */
#include "test-util.h"

#include "ns3/ikev2-cookie-jar.h"
#include "ns3/ikev2-nat-detection.h"
#include "ns3/ikev2-responder-cache.h"
#include "ns3/ikev2-retransmitter.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::test;

namespace
{
constexpr uint64_t SPI_I = 0x0123456789abcdefULL;
constexpr uint64_t SPI_R = 0xfedcba9876543210ULL;

/// A deterministic random source: 1, 2, 3, ... from a start value.
Ikev2CookieJar::RandomSource
Counter(uint8_t start)
{
    return [next = start]() mutable {
        return next++;
    };
}

const IpsecBytes&
Ni()
{
    static const IpsecBytes ni = Hex("00112233445566778899aabbccddeeff");
    return ni;
}

IpsecAddress
InitiatorV4()
{
    return Ipv4Address("192.0.2.1");
}

using Action = Ikev2Retransmitter::Action;
using Verdict = Ikev2ResponderCache::Verdict;
} // namespace

// ---- NAT detection ----

TEST(Ikev2NatDetection, RequestVectorWithZeroSpiR)
{
    EXPECT_EQ(Hex(Ikev2NatDetection::Hash(SPI_I, 0, Ipv4Address("192.0.2.1"), 500)),
              "9426429034924268452f8e3ff79fb69e2a8d71eb");
}

TEST(Ikev2NatDetection, ResponseVectorWithBothSpis)
{
    EXPECT_EQ(Hex(Ikev2NatDetection::Hash(SPI_I, SPI_R, Ipv4Address("198.51.100.2"), 4500)),
              "5435c325e98adc4b2d963227566e9ade0766e4ca");
}

TEST(Ikev2NatDetection, Ipv6Vector)
{
    // SHA-1(SPIi | SPIr | 2001:db8::1 (16 bytes) | 500), Python hashlib.
    EXPECT_EQ(Hex(Ikev2NatDetection::Hash(SPI_I, SPI_R, Ipv6Address("2001:db8::1"), 500)),
              "b1e6b208b64aca4ee062c3003af05ce0dac5e902");
}

TEST(Ikev2NatDetection, MatchesOnlyTheSameInput)
{
    const IpsecAddress a = Ipv4Address("192.0.2.1");
    const IpsecBytes h = Ikev2NatDetection::Hash(SPI_I, 0, a, 500);
    EXPECT_TRUE(Ikev2NatDetection::Matches(h, SPI_I, 0, a, 500));
    EXPECT_FALSE(Ikev2NatDetection::Matches(h, SPI_I, 0, a, 4500));
    EXPECT_FALSE(Ikev2NatDetection::Matches(h, SPI_I, SPI_R, a, 500));
    EXPECT_FALSE(Ikev2NatDetection::Matches(h, SPI_I, 0, Ipv4Address("192.0.2.2"), 500));
    IpsecBytes shortened(h.begin(), h.end() - 1);
    EXPECT_FALSE(Ikev2NatDetection::Matches(shortened, SPI_I, 0, a, 500));
    EXPECT_FALSE(Ikev2NatDetection::Matches({}, SPI_I, 0, a, 500));
}

TEST(Ikev2NatDetection, NoNatWhenBothHashesMatch)
{
    const IpsecAddress peer = Ipv4Address("192.0.2.1");
    const IpsecAddress self = Ipv4Address("198.51.100.2");
    auto r = Ikev2NatDetection::Check(SPI_I,
                                      0,
                                      {Ikev2NatDetection::Hash(SPI_I, 0, peer, 500)},
                                      {Ikev2NatDetection::Hash(SPI_I, 0, self, 500)},
                                      peer,
                                      500,
                                      self,
                                      500);
    EXPECT_TRUE(r.present);
    EXPECT_FALSE(r.peerBehindNat);
    EXPECT_FALSE(r.selfBehindNat);
}

TEST(Ikev2NatDetection, PeerBehindNapt)
{
    // The peer hashed its private 10.0.0.2:500; the NAPT made it 203.0.113.5:61000.
    const IpsecAddress self = Ipv4Address("198.51.100.2");
    auto r = Ikev2NatDetection::Check(
        SPI_I,
        0,
        {Ikev2NatDetection::Hash(SPI_I, 0, Ipv4Address("10.0.0.2"), 500)},
        {Ikev2NatDetection::Hash(SPI_I, 0, self, 500)},
        Ipv4Address("203.0.113.5"),
        61000,
        self,
        500);
    EXPECT_TRUE(r.present);
    EXPECT_TRUE(r.peerBehindNat);
    EXPECT_FALSE(r.selfBehindNat);
}

TEST(Ikev2NatDetection, SelfBehindNat)
{
    // The responder's answer: it addressed our public 203.0.113.5:61000, we are 10.0.0.2:500.
    const IpsecAddress peer = Ipv4Address("198.51.100.2");
    auto r = Ikev2NatDetection::Check(
        SPI_I,
        SPI_R,
        {Ikev2NatDetection::Hash(SPI_I, SPI_R, peer, 500)},
        {Ikev2NatDetection::Hash(SPI_I, SPI_R, Ipv4Address("203.0.113.5"), 61000)},
        peer,
        500,
        Ipv4Address("10.0.0.2"),
        500);
    EXPECT_TRUE(r.present);
    EXPECT_FALSE(r.peerBehindNat);
    EXPECT_TRUE(r.selfBehindNat);
}

TEST(Ikev2NatDetection, AnyOfSeveralSourceHashesMatches)
{
    const IpsecAddress peer = Ipv6Address("2001:db8::1");
    const IpsecAddress self = Ipv6Address("2001:db8:1::2");
    auto r = Ikev2NatDetection::Check(
        SPI_I,
        0,
        {Ikev2NatDetection::Hash(SPI_I, 0, Ipv6Address("2001:db8::9"), 500),
         Ikev2NatDetection::Hash(SPI_I, 0, peer, 500)},
        {Ikev2NatDetection::Hash(SPI_I, 0, self, 500)},
        peer,
        500,
        self,
        500);
    EXPECT_TRUE(r.present);
    EXPECT_FALSE(r.peerBehindNat);
    EXPECT_FALSE(r.selfBehindNat);
}

TEST(Ikev2NatDetection, AbsentNotifiesSayNothing)
{
    const IpsecAddress a = Ipv4Address("192.0.2.1");
    auto onlySource = Ikev2NatDetection::Check(SPI_I,
                                               0,
                                               {Ikev2NatDetection::Hash(SPI_I, 0, a, 1)},
                                               {},
                                               a,
                                               500,
                                               a,
                                               500);
    EXPECT_FALSE(onlySource.present);
    EXPECT_FALSE(onlySource.peerBehindNat);
    EXPECT_FALSE(onlySource.selfBehindNat);
    EXPECT_FALSE(Ikev2NatDetection::Check(SPI_I, 0, {}, {}, a, 500, a, 500).present);
}

// ---- cookies ----

TEST(Ikev2CookieJar, ValidCookieHasVersionAndSha256)
{
    Ikev2CookieJar jar(Counter(0), Seconds(5), 10);
    const IpsecBytes cookie = jar.Make(Ni(), InitiatorV4(), SPI_I);
    ASSERT_EQ(cookie.size(), Ikev2CookieJar::COOKIE_BYTES);
    EXPECT_EQ(Hex(IpsecBytes(cookie.begin(), cookie.begin() + 4)), "00000001");
    EXPECT_TRUE(jar.Verify(cookie, Ni(), InitiatorV4(), SPI_I, Seconds(0)));
    EXPECT_EQ(jar.Make(Ni(), InitiatorV4(), SPI_I), cookie) << "stateless: the same inputs";
}

TEST(Ikev2CookieJar, KnownAnswer)
{
    // SHA-256(Ni | 192.0.2.1 | SPIi | 00 01 .. 1f), Python hashlib.
    Ikev2CookieJar jar(Counter(0), Seconds(5), 10);
    EXPECT_EQ(Hex(jar.Make(Ni(), InitiatorV4(), SPI_I)),
              "00000001"
              "1a9a85de7f6f9241f87423e81f9cf62f"
              "03a07506d0ebc00777522f8689d4147f");
}

TEST(Ikev2CookieJar, TamperedCookieRefused)
{
    Ikev2CookieJar jar(Counter(0), Seconds(5), 10);
    const IpsecBytes cookie = jar.Make(Ni(), InitiatorV4(), SPI_I);
    for (size_t i = 0; i < cookie.size(); ++i)
    {
        IpsecBytes bad = cookie;
        bad[i] ^= 0x01;
        EXPECT_FALSE(jar.Verify(bad, Ni(), InitiatorV4(), SPI_I, Seconds(0))) << "byte " << i;
    }
}

TEST(Ikev2CookieJar, WrongSpiNonceOrAddressRefused)
{
    Ikev2CookieJar jar(Counter(0), Seconds(5), 10);
    const IpsecBytes cookie = jar.Make(Ni(), InitiatorV4(), SPI_I);
    EXPECT_FALSE(jar.Verify(cookie, Ni(), InitiatorV4(), SPI_I + 1, Seconds(0)));
    EXPECT_FALSE(jar.Verify(cookie, Ni(), Ipv4Address("192.0.2.2"), SPI_I, Seconds(0)));
    EXPECT_FALSE(jar.Verify(cookie, Hex("00"), InitiatorV4(), SPI_I, Seconds(0)));

    const IpsecAddress v6 = Ipv6Address("2001:db8::1");
    const IpsecBytes cookie6 = jar.Make(Ni(), v6, SPI_I);
    EXPECT_TRUE(jar.Verify(cookie6, Ni(), v6, SPI_I, Seconds(0)));
    EXPECT_FALSE(jar.Verify(cookie6, Ni(), Ipv6Address("2001:db8::2"), SPI_I, Seconds(0)));
    EXPECT_NE(cookie6, cookie);
}

TEST(Ikev2CookieJar, OtherSecretRefused)
{
    Ikev2CookieJar jar(Counter(0), Seconds(5), 10);
    Ikev2CookieJar other(Counter(100), Seconds(5), 10);
    EXPECT_FALSE(
        other.Verify(jar.Make(Ni(), InitiatorV4(), SPI_I), Ni(), InitiatorV4(), SPI_I, Seconds(0)));
}

TEST(Ikev2CookieJar, RotatedSecretAcceptedDuringGraceThenRefused)
{
    Ikev2CookieJar jar(Counter(0), Seconds(5), 10);
    const IpsecBytes old = jar.Make(Ni(), InitiatorV4(), SPI_I);
    jar.Rotate(Seconds(60));
    EXPECT_EQ(jar.GetSecretVersion(), 2U);
    const IpsecBytes fresh = jar.Make(Ni(), InitiatorV4(), SPI_I);
    EXPECT_NE(fresh, old);
    EXPECT_EQ(Hex(IpsecBytes(fresh.begin(), fresh.begin() + 4)), "00000002");
    EXPECT_TRUE(jar.Verify(old, Ni(), InitiatorV4(), SPI_I, Seconds(64)));
    EXPECT_FALSE(jar.Verify(old, Ni(), InitiatorV4(), SPI_I, Seconds(65))) << "grace over";
    EXPECT_TRUE(jar.Verify(fresh, Ni(), InitiatorV4(), SPI_I, Seconds(65)));

    jar.Rotate(Seconds(61)); // a second rotation forgets version 1 even within its grace
    EXPECT_FALSE(jar.Verify(old, Ni(), InitiatorV4(), SPI_I, Seconds(62)));
    EXPECT_TRUE(jar.Verify(fresh, Ni(), InitiatorV4(), SPI_I, Seconds(62)));
}

TEST(Ikev2CookieJar, ThresholdOfHalfOpenSas)
{
    Ikev2CookieJar jar(Counter(0), Seconds(5), 3);
    EXPECT_FALSE(jar.IsCookieRequired(0));
    EXPECT_FALSE(jar.IsCookieRequired(2));
    EXPECT_TRUE(jar.IsCookieRequired(3));
    EXPECT_TRUE(jar.IsCookieRequired(1000));
    Ikev2CookieJar always(Counter(0), Seconds(5), 0);
    EXPECT_TRUE(always.IsCookieRequired(0));
}

TEST(Ikev2CookieJar, Lengths)
{
    EXPECT_FALSE(Ikev2CookieJar::IsValidLength(0));
    EXPECT_TRUE(Ikev2CookieJar::IsValidLength(1));
    EXPECT_TRUE(Ikev2CookieJar::IsValidLength(36));
    EXPECT_TRUE(Ikev2CookieJar::IsValidLength(64));
    EXPECT_FALSE(Ikev2CookieJar::IsValidLength(65));

    Ikev2CookieJar jar(Counter(0), Seconds(5), 10);
    const IpsecBytes cookie = jar.Make(Ni(), InitiatorV4(), SPI_I);
    EXPECT_FALSE(jar.Verify({}, Ni(), InitiatorV4(), SPI_I, Seconds(0)));
    EXPECT_FALSE(jar.Verify(IpsecBytes(cookie.begin(), cookie.end() - 1),
                            Ni(),
                            InitiatorV4(),
                            SPI_I,
                            Seconds(0)));
    IpsecBytes longer = cookie;
    longer.push_back(0);
    EXPECT_FALSE(jar.Verify(longer, Ni(), InitiatorV4(), SPI_I, Seconds(0)));
    EXPECT_FALSE(jar.Verify(IpsecBytes(65, 0), Ni(), InitiatorV4(), SPI_I, Seconds(0)));
}

TEST(Ikev2CookieJar, SecretsComeFromTheRandomSource)
{
    size_t calls = 0;
    Ikev2CookieJar jar(
        [&calls]() {
            ++calls;
            return uint8_t(7);
        },
        Seconds(5),
        10);
    EXPECT_EQ(calls, Ikev2CookieJar::SECRET_BYTES);
    jar.Rotate(Seconds(1));
    EXPECT_EQ(calls, 2 * Ikev2CookieJar::SECRET_BYTES);
}

// ---- retransmitter ----

TEST(Ikev2Retransmitter, StrongswanDefaultSchedule)
{
    Ikev2Retransmitter r;
    const std::vector<int64_t> waitsNs
        = {4000000000LL, 7200000000LL, 12960000000LL, 23328000000LL, 41990400000LL, 75582720000LL};
    EXPECT_FALSE(r.IsActive());
    Time wait = r.Start();
    EXPECT_TRUE(r.IsActive());
    Time now(0);
    std::vector<Time> sends = {now};
    for (size_t i = 0; i < waitsNs.size(); ++i)
    {
        EXPECT_EQ(wait.GetNanoSeconds(), waitsNs[i]) << "wait " << i;
        now += wait;
        auto step = r.OnTimeout();
        if (i + 1 < waitsNs.size())
        {
            ASSERT_EQ(step.action, Action::RESEND) << "timeout " << i;
            sends.push_back(now);
            wait = step.nextDelay;
        }
        else
        {
            EXPECT_EQ(step.action, Action::GIVE_UP);
            EXPECT_TRUE(step.nextDelay.IsZero());
        }
    }
    EXPECT_FALSE(r.IsActive());
    EXPECT_EQ(r.GetRetransmissions(), 5U);
    ASSERT_EQ(sends.size(), 6U);
    EXPECT_EQ(sends[2].GetNanoSeconds(), 11200000000LL);
    EXPECT_EQ(sends[5].GetNanoSeconds(), 89478400000LL);
    EXPECT_EQ(now.GetNanoSeconds(), 165061120000LL) << "give-up time";
}

TEST(Ikev2Retransmitter, GiveUpAfterNTriesAndLimit)
{
    Ikev2Retransmitter r(Seconds(1), 2.0, 2, Seconds(3));
    EXPECT_EQ(r.Start(), Seconds(1));
    auto s1 = r.OnTimeout();
    EXPECT_EQ(s1.action, Action::RESEND);
    EXPECT_EQ(s1.nextDelay, Seconds(2));
    auto s2 = r.OnTimeout();
    EXPECT_EQ(s2.action, Action::RESEND);
    EXPECT_EQ(s2.nextDelay, Seconds(3)) << "4 s capped at the limit";
    EXPECT_EQ(r.OnTimeout().action, Action::GIVE_UP);
    EXPECT_EQ(r.GetRetransmissions(), 2U);

    Ikev2Retransmitter never(Seconds(2), 1.0, 0);
    EXPECT_EQ(never.Start(), Seconds(2));
    EXPECT_EQ(never.OnTimeout().action, Action::GIVE_UP);
}

TEST(Ikev2Retransmitter, ResponseResets)
{
    Ikev2Retransmitter r;
    r.Start();
    r.OnTimeout();
    r.OnTimeout();
    EXPECT_EQ(r.GetRetransmissions(), 2U);
    r.Stop();
    EXPECT_FALSE(r.IsActive());
    EXPECT_EQ(r.Start(), Seconds(4)) << "the next request starts the schedule again";
    EXPECT_EQ(r.GetRetransmissions(), 0U);
    EXPECT_EQ(r.OnTimeout().nextDelay, MilliSeconds(7200));
}

TEST(Ikev2Retransmitter, HugeBackOffSaturates)
{
    Ikev2Retransmitter r(Seconds(4), 10.0, 100);
    EXPECT_EQ(r.GetDelay(60), Time::Max());
}

// ---- responder cache ----

TEST(Ikev2ResponderCache, RetransmittedRequestGetsTheSameBytes)
{
    Ikev2ResponderCache cache;
    EXPECT_EQ(cache.Classify(0), Verdict::NEW);
    EXPECT_EQ(cache.Classify(1), Verdict::INVALID);
    const IpsecBytes response0 = Hex("deadbeef00");
    cache.Store(0, response0);
    EXPECT_EQ(cache.GetExpectedId(), 1U);
    EXPECT_EQ(cache.Classify(0), Verdict::RETRANSMISSION);
    EXPECT_EQ(cache.GetCachedResponse(), response0);
    EXPECT_EQ(cache.Classify(1), Verdict::NEW);

    const IpsecBytes response1 = Hex("0102");
    cache.Store(1, response1);
    EXPECT_EQ(cache.Classify(1), Verdict::RETRANSMISSION);
    EXPECT_EQ(cache.GetCachedResponse(), response1);
}

TEST(Ikev2ResponderCache, StaleAndFutureIdsRefused)
{
    Ikev2ResponderCache cache;
    EXPECT_EQ(cache.Classify(0xffffffffU), Verdict::INVALID) << "nothing cached yet";
    cache.Store(0, Hex("aa"));
    cache.Store(1, Hex("bb"));
    cache.Store(2, Hex("cc"));
    EXPECT_EQ(cache.Classify(0), Verdict::INVALID);
    EXPECT_EQ(cache.Classify(1), Verdict::INVALID);
    EXPECT_EQ(cache.Classify(2), Verdict::RETRANSMISSION);
    EXPECT_EQ(cache.Classify(3), Verdict::NEW);
    EXPECT_EQ(cache.Classify(4), Verdict::INVALID);
}

TEST(Ikev2ResponderCache, StartsAtAGivenId)
{
    Ikev2ResponderCache cache(1);
    EXPECT_EQ(cache.Classify(0), Verdict::INVALID);
    EXPECT_EQ(cache.Classify(1), Verdict::NEW);
}
