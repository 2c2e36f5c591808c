/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The IKEv2 daemon's lookups that must not scan the whole configuration: which connection an
 * IKE SA belongs to (Ikev2PeerIndex) and which secret authenticates each connection
 * (Ikev2Config::PskOfEachPeer). Each is checked against the plain definition (a scan in file
 * order) on random configurations, and for the cases the definitions spell out.
 */
#include "ns3/ikev2-config.h"
#include "ns3/ikev2-peer-index.h"
#include "ns3/ipsec-address-resolver.h"

#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// \return an FQDN identity
Ikev2Identity
Fqdn(const std::string& name)
{
    return Ikev2Identity(Ikev2IdType::FQDN, IpsecBytes(name.begin(), name.end()));
}

/// \return 10.0.0.n
IpsecAddress
Addr(uint32_t n)
{
    return Ipv4Address(0x0a000000 + n);
}

/// \return a prefix
IpsecAddressPrefix
Prefix(uint32_t n, uint8_t length)
{
    return IpsecAddressPrefix{Addr(n), length};
}

/// The definition: the first connection, in file order, that Matches().
int32_t
LinearFind(const Ikev2Config& config,
           const IpsecAddress& local,
           const IpsecAddress& remote,
           const Ikev2Identity* id)
{
    for (uint32_t i = 0; i < config.peers.size(); ++i)
    {
        if (Ikev2PeerIndex::Matches(config.peers[i], local, remote, id))
        {
            return int32_t(i);
        }
    }
    return -1;
}

/// The definition: the secret naming most of the connection's identities, the first of equals.
const Ikev2Config::Secret*
LinearPsk(const Ikev2Config& config, const Ikev2Config::Peer& peer)
{
    if (peer.solaris)
    {
        for (const auto& s : config.secrets)
        {
            for (const auto& label : s.labels)
            {
                if (label == peer.name)
                {
                    return &s;
                }
            }
        }
        return nullptr;
    }
    Ikev2Identity local = peer.EffectiveLocalId();
    const Ikev2Config::Secret* best = nullptr;
    int bestScore = 0;
    for (const auto& s : config.secrets)
    {
        bool l = false;
        bool r = false;
        for (const auto& id : s.ids)
        {
            l = l || (!local.IsAny() && id == local);
            r = r || (!peer.remoteId.IsAny() && id == peer.remoteId);
        }
        if (int(l) + int(r) > bestScore)
        {
            bestScore = int(l) + int(r);
            best = &s;
        }
    }
    return best;
}

TEST(Ikev2PeerIndex, MatchesAddressesAndIdentity)
{
    Ikev2Config::Peer p;
    p.localAddrs = {Prefix(1, 32)};
    p.remoteAddrs = {Prefix(256, 24)};
    p.remoteId = Fqdn("peer.example");
    Ikev2Identity right = Fqdn("peer.example");
    Ikev2Identity wrong = Fqdn("other.example");
    EXPECT_TRUE(Ikev2PeerIndex::Matches(p, Addr(1), Addr(300), nullptr));
    EXPECT_TRUE(Ikev2PeerIndex::Matches(p, Addr(1), Addr(300), &right));
    EXPECT_FALSE(Ikev2PeerIndex::Matches(p, Addr(1), Addr(300), &wrong));
    EXPECT_FALSE(Ikev2PeerIndex::Matches(p, Addr(2), Addr(300), nullptr));
    EXPECT_FALSE(Ikev2PeerIndex::Matches(p, Addr(1), Addr(600), nullptr));
    Ikev2Identity any;
    EXPECT_FALSE(Ikev2PeerIndex::Matches(p, Addr(1), Addr(300), &any))
        << "a named identity accepts only itself";
    p.remoteId = Ikev2Identity();
    p.localAddrs.clear();
    p.remoteAddrs = {IpsecAddressPrefix::Any(IpsecAddress::Family::NONE)};
    EXPECT_TRUE(Ikev2PeerIndex::Matches(p, Addr(9), Addr(9999), &wrong));
}

TEST(Ikev2PeerIndex, FirstInFileOrderAcrossHostsSubnetsAndIdentities)
{
    Ikev2Config config;
    config.peers.resize(5);
    config.peers[0].remoteAddrs = {Prefix(256, 24)}; // subnet, any identity
    config.peers[0].localAddrs = {Prefix(2, 32)};    // ... but only on local 10.0.0.2
    config.peers[1].remoteAddrs = {Prefix(300, 32)}; // host
    config.peers[1].remoteId = Fqdn("a.example");
    config.peers[2].remoteAddrs = {Prefix(300, 32), Prefix(301, 32)}; // two hosts
    config.peers[3].remoteId = Fqdn("b.example");                     // any address, an identity
    config.peers[4].remoteAddrs = {Prefix(256, 24)};                  // subnet, any identity
    Ikev2PeerIndex index;
    index.Build(config);
    Ikev2Identity a = Fqdn("a.example");
    Ikev2Identity b = Fqdn("b.example");
    Ikev2Identity c = Fqdn("c.example");
    EXPECT_EQ(index.Find(config, Addr(2), Addr(300), nullptr), 0);
    EXPECT_EQ(index.Find(config, Addr(1), Addr(300), nullptr), 1);
    EXPECT_EQ(index.Find(config, Addr(1), Addr(300), &a), 1);
    EXPECT_EQ(index.Find(config, Addr(1), Addr(300), &b), 2);
    EXPECT_EQ(index.Find(config, Addr(1), Addr(301), &c), 2);
    EXPECT_EQ(index.Find(config, Addr(1), Addr(900), &b), 3);
    EXPECT_EQ(index.Find(config, Addr(1), Addr(900), &c), -1);
    EXPECT_EQ(index.Find(config, Addr(1), Addr(257), &c), 4);
    EXPECT_EQ(index.Find(config, Addr(1), Addr(900), nullptr), 3);
}

TEST(Ikev2PeerIndex, AgreesWithTheScanOnRandomConfigurations)
{
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round)
    {
        Ikev2Config config;
        uint32_t n = 1 + rng() % 40;
        for (uint32_t i = 0; i < n; ++i)
        {
            Ikev2Config::Peer p;
            p.name = "p" + std::to_string(i);
            auto addresses = [&rng]() {
                std::vector<IpsecAddressPrefix> list;
                uint32_t k = rng() % 3;
                for (uint32_t j = 0; j < k; ++j)
                {
                    switch (rng() % 4)
                    {
                        case 0:
                            list.push_back(Prefix(rng() % 16, 30));
                            break;
                        case 1:
                            list.push_back(IpsecAddressPrefix::Any(IpsecAddress::Family::IPV4));
                            break;
                        default:
                            list.push_back(Prefix(rng() % 16, 32));
                    }
                }
                return list;
            };
            p.localAddrs = addresses();
            p.remoteAddrs = addresses();
            if (rng() % 2)
            {
                p.remoteId = Fqdn("id" + std::to_string(rng() % 4));
            }
            config.peers.push_back(p);
        }
        Ikev2PeerIndex index;
        index.Build(config);
        for (int q = 0; q < 100; ++q)
        {
            IpsecAddress local = Addr(rng() % 16);
            IpsecAddress remote = Addr(rng() % 16);
            Ikev2Identity id
                = rng() % 5 == 0 ? Ikev2Identity() : Fqdn("id" + std::to_string(rng() % 5));
            const Ikev2Identity* query = rng() % 3 == 0 ? nullptr : &id;
            ASSERT_EQ(index.Find(config, local, remote, query),
                      LinearFind(config, local, remote, query))
                << "round " << round << " query " << q;
        }
    }
}

TEST(Ikev2PeerIndex, PskOfEachPeerAgreesWithTheScoring)
{
    std::mt19937 rng(11);
    for (int round = 0; round < 200; ++round)
    {
        Ikev2Config config;
        uint32_t secrets = rng() % 12;
        for (uint32_t s = 0; s < secrets; ++s)
        {
            Ikev2Config::Secret secret;
            secret.name = "s" + std::to_string(s);
            uint32_t ids = rng() % 4;
            for (uint32_t j = 0; j < ids; ++j)
            {
                secret.ids.push_back(rng() % 6 == 0 ? Ikev2Identity()
                                                    : Fqdn("id" + std::to_string(rng() % 6)));
            }
            if (rng() % 4 == 0)
            {
                secret.labels.push_back("p" + std::to_string(rng() % 8));
            }
            secret.key = {1, 2, 3};
            config.secrets.push_back(secret);
        }
        for (uint32_t i = 0; i < 8; ++i)
        {
            Ikev2Config::Peer p;
            p.name = "p" + std::to_string(i);
            p.solaris = rng() % 5 == 0;
            if (rng() % 3)
            {
                p.localId = Fqdn("id" + std::to_string(rng() % 6));
            }
            else if (rng() % 2)
            {
                p.localAddrs = {Prefix(rng() % 4, 32)}; // the IKE address is the identity
            }
            if (rng() % 3)
            {
                p.remoteId = Fqdn("id" + std::to_string(rng() % 6));
            }
            config.peers.push_back(p);
        }
        std::vector<const Ikev2Config::Secret*> all = config.PskOfEachPeer();
        ASSERT_EQ(all.size(), config.peers.size());
        for (size_t i = 0; i < config.peers.size(); ++i)
        {
            ASSERT_EQ(all[i], LinearPsk(config, config.peers[i]))
                << "round " << round << " peer " << i;
            ASSERT_EQ(config.PskFor(config.peers[i]), all[i]);
        }
    }
}

TEST(Ikev2PeerIndex, ValidatesAHundredThousandConnectionsEachWithItsSecret)
{
    // A responder with a connection and a secret per peer, all secrets also naming the
    // gateway: loading must not score every secret for every connection (10^10 steps).
    Ikev2Config config;
    const uint32_t n = 100000;
    Ikev2Config::Child child;
    child.name = "c";
    for (uint32_t i = 0; i < n; ++i)
    {
        Ikev2Config::Peer p;
        p.name = "p" + std::to_string(i);
        p.localAddrs = {Prefix(0, 32)};
        p.remoteAddrs = {Prefix(1000 + i, 32)};
        p.localId = Fqdn("gw.example");
        p.remoteId = Fqdn("p" + std::to_string(i) + ".example");
        p.children = {child};
        config.peers.push_back(p);
        Ikev2Config::Secret s;
        s.name = "ike-" + p.name;
        s.ids = {Fqdn("gw.example"), p.remoteId};
        s.key = {uint8_t(i), uint8_t(i >> 8), uint8_t(i >> 16)};
        config.secrets.push_back(s);
    }
    ASSERT_TRUE(config.Validate().ok) << config.Validate().error;
    std::vector<const Ikev2Config::Secret*> psk = config.PskOfEachPeer();
    for (uint32_t i : {0u, 1u, n / 2, n - 1})
    {
        EXPECT_EQ(psk[i], &config.secrets[i]) << "the secret naming both, not the first naming gw";
    }
    Ikev2PeerIndex index;
    index.Build(config);
    Ikev2Identity id = Fqdn("p99999.example");
    EXPECT_EQ(index.Find(config, Addr(0), Addr(1000 + n - 1), nullptr), int32_t(n - 1));
    EXPECT_EQ(index.Find(config, Addr(0), Addr(1000 + n - 1), &id), int32_t(n - 1));
    EXPECT_EQ(index.Find(config, Addr(0), Addr(1000 + n), nullptr), -1);
}

} // namespace
