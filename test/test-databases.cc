/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SADB operations and SPD matching/precedence.
 */
#include "test-util.h"

#include "ns3/security-association-database.h"
#include "ns3/security-policy-database.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{
Ptr<SecurityAssociation>
Sa(uint32_t spi, const char* dst = "10.0.0.2", const char* src = "10.0.0.1")
{
    Ptr<SecurityAssociation> sa
        = Create<SecurityAssociation>(IpsecProtocol::ESP, spi, Ipv4Address(src), Ipv4Address(dst));
    sa->SetEncryption("aes-gcm-16", IpsecBytes(20, 1));
    return sa;
}

IpsecFlow
Udp(const char* local, const char* remote, uint16_t lport, uint16_t rport)
{
    IpsecFlow f;
    f.local = Ipv4Address(local);
    f.remote = Ipv4Address(remote);
    f.protocol = 17;
    f.localPort = lport;
    f.remotePort = rport;
    return f;
}
} // namespace

TEST(Sadb, AddGetUpdateDeleteFlushDump)
{
    Ptr<SecurityAssociationDatabase> db = CreateObject<SecurityAssociationDatabase>();
    EXPECT_EQ(db->Add(Sa(0x1000)), "");
    EXPECT_NE(db->Add(Sa(0x1000)).find("SPI in use"), std::string::npos);
    EXPECT_EQ(db->Add(Sa(0x1000, "10.0.0.3")), ""); // same SPI, other destination: distinct SA
    Ptr<SecurityAssociation> bad = Sa(0x2000);
    bad->SetEncryption("aes-gcm-16", IpsecBytes(3));
    EXPECT_NE(db->Add(bad), "");
    EXPECT_EQ(db->GetN(), 2u); // nothing of the bad SA was added
    EXPECT_TRUE(db->Get(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x1000));
    EXPECT_FALSE(db->Get(IpsecProtocol::AH, Ipv4Address("10.0.0.2"), 0x1000));
    EXPECT_NE(db->Update(Sa(0x5555)).find("no such SA"), std::string::npos);
    EXPECT_EQ(db->Update(Sa(0x1000)), "");
    EXPECT_EQ(db->GetN(), 2u);
    EXPECT_TRUE(db->Delete(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x1000));
    EXPECT_FALSE(db->Delete(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x1000));
    EXPECT_EQ(db->Dump().size(), 1u);
    db->Flush(IpsecProtocol::AH);
    EXPECT_EQ(db->GetN(), 1u);
    db->Flush();
    EXPECT_EQ(db->GetN(), 0u);
}

TEST(Sadb, OutboundPrefersNewestMatureOverDying)
{
    Ptr<SecurityAssociationDatabase> db = CreateObject<SecurityAssociationDatabase>();
    Ptr<SecurityAssociation> old = Sa(0x1000);
    Ptr<SecurityAssociation> fresh = Sa(0x1001);
    db->Add(old);
    db->Add(fresh);
    Ipv4Address a("10.0.0.1");
    Ipv4Address b("10.0.0.2");
    EXPECT_EQ(db->FindOutbound(IpsecProtocol::ESP, a, b, IpsecMode::TRANSPORT), fresh);
    fresh->SetState(SecurityAssociation::State::DYING);
    EXPECT_EQ(db->FindOutbound(IpsecProtocol::ESP, a, b, IpsecMode::TRANSPORT), old);
    old->SetState(SecurityAssociation::State::DEAD);
    EXPECT_EQ(db->FindOutbound(IpsecProtocol::ESP, a, b, IpsecMode::TRANSPORT), fresh);
    EXPECT_FALSE(db->FindOutbound(IpsecProtocol::ESP, a, b, IpsecMode::TUNNEL));
}

TEST(Spd, SelectorsAndDirections)
{
    Ptr<SecurityPolicy> p = Create<SecurityPolicy>();
    p->remoteAddress = Ipv4Address("10.2.0.0");
    p->remoteMask = Ipv4Mask("255.255.0.0");
    p->protocol = 6;
    p->remotePortMin = p->remotePortMax = 23;
    p->direction = SecurityPolicy::Direction::OUTBOUND;
    IpsecFlow f = Udp("10.1.0.1", "10.2.3.4", 1000, 23);
    EXPECT_FALSE(p->Matches(f, SecurityPolicy::Direction::OUTBOUND)); // UDP, rule says TCP
    f.protocol = 6;
    EXPECT_TRUE(p->Matches(f, SecurityPolicy::Direction::OUTBOUND));
    EXPECT_FALSE(p->Matches(f, SecurityPolicy::Direction::INBOUND));
    f.remote = Ipv4Address("10.3.0.1");
    EXPECT_FALSE(p->Matches(f, SecurityPolicy::Direction::OUTBOUND));

    Ptr<SecurityPolicy> icmp = Create<SecurityPolicy>();
    icmp->protocol = 1;
    icmp->icmpTypeMin = 3;
    icmp->icmpTypeMax = 3;
    icmp->icmpCodeMin = 0;
    icmp->icmpCodeMax = 4;
    IpsecFlow e;
    e.protocol = 1;
    e.icmpType = 3;
    e.icmpCode = 4;
    EXPECT_TRUE(icmp->Matches(e, SecurityPolicy::Direction::INBOUND));
    e.icmpCode = 5;
    EXPECT_FALSE(icmp->Matches(e, SecurityPolicy::Direction::INBOUND));
}

TEST(Spd, IllumosPrecedenceBypassWinsFirstMatchOtherwise)
{
    Ptr<SecurityPolicyDatabase> spd = CreateObject<SecurityPolicyDatabase>();
    IpsecProtectionRequest esp;
    Ptr<SecurityPolicy> protect
        = SecurityPolicy::HostPair(Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.2"), {esp});
    Ptr<SecurityPolicy> drop = Create<SecurityPolicy>();
    drop->action = SecurityPolicy::Action::DROP;
    Ptr<SecurityPolicy> bypass22 = Create<SecurityPolicy>();
    bypass22->protocol = 17;
    bypass22->localPortMin = bypass22->localPortMax = 22;
    bypass22->action = SecurityPolicy::Action::BYPASS;
    spd->Add(drop);     // 1st in file order
    spd->Add(protect);  // 2nd
    spd->Add(bypass22); // last, but bypass wins under illumos rules
    IpsecFlow ssh = Udp("10.0.0.1", "10.0.0.2", 22, 5000);
    IpsecFlow web = Udp("10.0.0.1", "10.0.0.2", 80, 5000);
    EXPECT_EQ(spd->Lookup(ssh, SecurityPolicy::Direction::OUTBOUND), bypass22);
    EXPECT_EQ(spd->Lookup(web, SecurityPolicy::Direction::OUTBOUND), protect); // ESP before drop
    spd->SetPrecedence(SecurityPolicyDatabase::FIRST_MATCH);
    EXPECT_EQ(spd->Lookup(ssh, SecurityPolicy::Direction::OUTBOUND), drop);
    EXPECT_EQ(spd->Lookup(web, SecurityPolicy::Direction::OUTBOUND), drop);
    EXPECT_TRUE(spd->Remove(drop->GetId()));
    EXPECT_FALSE(spd->Remove(drop->GetId()));
    EXPECT_EQ(spd->Lookup(web, SecurityPolicy::Direction::OUTBOUND), protect);
    EXPECT_EQ(spd->Lookup(Udp("10.9.9.9", "10.8.8.8", 1, 2), SecurityPolicy::Direction::OUTBOUND),
              nullptr);
    spd->Flush();
    EXPECT_EQ(spd->GetN(), 0u);
}

TEST(Spd, HostPairIndexMatchesLinearOrder)
{
    Ptr<SecurityPolicyDatabase> spd = CreateObject<SecurityPolicyDatabase>();
    Ptr<SecurityPolicy> wildcardFirst = Create<SecurityPolicy>();
    wildcardFirst->remoteAddress = Ipv4Address("10.0.0.0");
    wildcardFirst->remoteMask = Ipv4Mask("255.255.255.0");
    wildcardFirst->action = SecurityPolicy::Action::DROP;
    spd->SetPrecedence(SecurityPolicyDatabase::FIRST_MATCH);
    spd->Add(wildcardFirst);
    for (uint32_t i = 0; i < 1000; ++i)
    {
        spd->Add(
            SecurityPolicy::HostPair(Ipv4Address("192.168.0.1"), Ipv4Address(0x0a000000 + i), {}));
    }
    // An earlier wildcard entry still wins over an indexed host pair.
    EXPECT_EQ(
        spd->Lookup(Udp("192.168.0.1", "10.0.0.5", 1, 2), SecurityPolicy::Direction::OUTBOUND),
        wildcardFirst);
    Ptr<SecurityPolicy> hit
        = spd->Lookup(Udp("192.168.0.1", "10.0.3.7", 1, 2), SecurityPolicy::Direction::OUTBOUND);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->remoteAddress, Ipv4Address("10.0.3.7"));
}
