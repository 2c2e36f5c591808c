/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Per-socket policy (Solaris IP_SEC_OPT, OpenBSD levels), privileges, latching and
 * intra-machine traffic, on real sockets and topologies.
 */
#include "two-hosts.h"

#include <cerrno>
#include <gtest/gtest.h>
#include <map>
#include <tuple>

using namespace ns3;

namespace
{
using R = IpsecSocketRequest;
using P = IpsecSocketPolicy;

// PF_KEY numbers (net/pfkeyv2.h)
constexpr uint8_t SADB_EALG_3DESCBC = 3;
constexpr uint8_t SADB_EALG_AESCBC = 12;
constexpr uint8_t SADB_EALG_AES_GCM_ICV16 = 20;
constexpr uint8_t SADB_AALG_SHA1HMAC = 3;
constexpr uint8_t SADB_AALG_SHA256HMAC = 5;

/// Two hosts with UDP sockets of our own: server sockets on b count (and may echo) datagrams.
class Sockets : public test::TwoHosts
{
  protected:
    void SetUp() override
    {
        TwoHosts::SetUp();
        devices.Get(1)->TraceConnectWithoutContext("MacTx", MakeCallback(&Sockets::OnBack, this));
        for (uint32_t i = 0; i < 2; ++i)
        {
            IpsecHelper::Get(nodes.Get(i))
                ->TraceConnectWithoutContext("OutboundProtected",
                                             MakeCallback(&Sockets::OnProtected, this));
        }
    }

    void OnBack(Ptr<const Packet> p)
    {
        Ptr<Packet> datagram = p->Copy();
        datagram->RemoveAtStart(2);
        back.push_back(datagram);
    }

    void OnProtected(Ptr<const Packet>, Ptr<const SecurityAssociation> sa)
    {
        usedSas.push_back(sa);
    }

    Ptr<Socket> Udp(uint32_t node)
    {
        return Socket::CreateSocket(nodes.Get(node), UdpSocketFactory::GetTypeId());
    }

    /// A UDP server socket on node 1 counting datagrams per port, echoing them when asked.
    Ptr<Socket> Server(uint16_t port, bool echo = false, uint32_t node = 1)
    {
        Ptr<Socket> s = Udp(node);
        s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        s->SetRecvCallback(MakeBoundCallback(&Sockets::OnServer, this, port, echo));
        return s;
    }

    static void OnServer(Sockets* self, uint16_t port, bool echo, Ptr<Socket> s)
    {
        Address from;
        while (Ptr<Packet> p = s->RecvFrom(from))
        {
            ++self->received[port];
            if (echo)
            {
                s->SendTo(Create<Packet>(p->GetSize()), 0, from);
            }
        }
    }

    /// A UDP client socket on node 0 connected to b:port; replies are counted as port+10000.
    Ptr<Socket> Client(uint16_t port, Ipv4Address to = Ipv4Address::GetAny(), uint32_t node = 0)
    {
        Ptr<Socket> s = Udp(node);
        s->Bind();
        s->Connect(InetSocketAddress(to == Ipv4Address::GetAny() ? b : to, port));
        s->SetRecvCallback(
            MakeBoundCallback(&Sockets::OnServer, this, uint16_t(port + 10000), false));
        return s;
    }

    void SendEvery(Ptr<Socket> s, uint32_t count, double start = 1.0)
    {
        for (uint32_t i = 0; i < count; ++i)
        {
            Simulator::Schedule(Seconds(start + 0.01 * i), [s]() { s->Send(Create<Packet>(200)); });
        }
    }

    void Run(double seconds = 3.0)
    {
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
    }

    static uint8_t ProtocolOf(Ptr<const Packet> datagram)
    {
        Ipv4Header h;
        datagram->PeekHeader(h);
        return h.GetProtocol();
    }

    /// \return how many captured datagrams carry an IP protocol
    static size_t Count(const std::vector<Ptr<Packet>>& capture, uint8_t protocol)
    {
        size_t n = 0;
        for (const auto& p : capture)
        {
            n += ProtocolOf(p) == protocol;
        }
        return n;
    }

    IpsecHelper::Suite Esp() const { return IpsecHelper::Suite(); }

    IpsecHelper::Suite Ah() const
    {
        IpsecHelper::Suite s;
        s.esp = false;
        s.ah = true;
        return s;
    }

    std::map<uint16_t, uint32_t> received;
    std::vector<Ptr<Packet>> back;
    std::vector<Ptr<const SecurityAssociation>> usedSas;
};

// ------------------------------------------------------------------------- Solaris IP_SEC_OPT

struct BadRequest
{
    const char* why;
    IpsecSocketRequest request;
};

void
PrintTo(const BadRequest& c, std::ostream* os)
{
    *os << c.why;
}

class SolarisBadRequests
    : public Sockets
    , public ::testing::WithParamInterface<BadRequest>
{
};

TEST_P(SolarisBadRequests, FailWithEinvalAndChangeNothing)
{
    Ptr<IpsecSocketPolicy> policy = P::Attach(Udp(0), true);
    R before;
    before.espRequest = R::PREF_REQUIRED;
    ASSERT_TRUE(policy->SetRequest(before).Ok());
    IpsecKeyResult r = policy->SetRequest(GetParam().request);
    EXPECT_FALSE(r.Ok());
    EXPECT_EQ(r.Errno(), EINVAL) << r.message;
    EXPECT_FALSE(r.message.empty());
    EXPECT_TRUE(policy->GetRequest() == before);
}

R
Req(uint32_t ah, uint32_t esp, uint32_t se, uint8_t auth = 0, uint8_t encr = 0, uint8_t eauth = 0)
{
    R r;
    r.ahRequest = ah;
    r.espRequest = esp;
    r.selfEncapRequest = se;
    r.authAlgorithm = auth;
    r.espAlgorithm = encr;
    r.espAuthAlgorithm = eauth;
    return r;
}

INSTANTIATE_TEST_SUITE_P(
    Requests,
    SolarisBadRequests,
    ::testing::Values(
        BadRequest{"unknown bits", Req(0x10, 0, 0)},
        BadRequest{"NEVER with REQUIRED", Req(R::PREF_NEVER | R::PREF_REQUIRED, 0, 0)},
        BadRequest{"UNIQUE without REQUIRED", Req(0, R::PREF_UNIQUE, 0)},
        BadRequest{"self-encap alone", Req(0, 0, R::PREF_REQUIRED)},
        BadRequest{"self-encap UNIQUE",
                   Req(0, R::PREF_REQUIRED, R::PREF_REQUIRED | R::PREF_UNIQUE)},
        BadRequest{"NEVER against REQUIRED", Req(R::PREF_NEVER, R::PREF_REQUIRED, 0)},
        BadRequest{"AH algorithm without AH", Req(0, R::PREF_REQUIRED, 0, SADB_AALG_SHA1HMAC)},
        BadRequest{"ESP algorithm without ESP", Req(R::PREF_REQUIRED, 0, 0, 0, SADB_EALG_AESCBC)},
        BadRequest{"unknown cipher", Req(0, R::PREF_REQUIRED, 0, 0, 250)},
        BadRequest{"unknown MAC", Req(R::PREF_REQUIRED, 0, 0, 250)},
        BadRequest{"MAC with an AEAD",
                   Req(0, R::PREF_REQUIRED, 0, 0, SADB_EALG_AES_GCM_ICV16, SADB_AALG_SHA1HMAC)}),
    [](const ::testing::TestParamInfo<BadRequest>& info) {
        std::string name = info.param.why;
        for (char& c : name)
        {
            c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        }
        return name;
    });

TEST_F(Sockets, SolarisRequestsReadBack)
{
    Ptr<IpsecSocketPolicy> policy = P::Attach(Udp(0), true);
    for (R r :
         {Req(R::PREF_REQUIRED, 0, 0, SADB_AALG_SHA256HMAC),
          Req(0, R::PREF_REQUIRED | R::PREF_UNIQUE, 0, 0, SADB_EALG_AESCBC, SADB_AALG_SHA1HMAC),
          Req(R::PREF_REQUIRED, R::PREF_REQUIRED, R::PREF_REQUIRED),
          Req(R::PREF_REQUIRED | R::PREF_UNIQUE, 0, R::PREF_REQUIRED),
          Req(R::PREF_NEVER, R::PREF_NEVER, 0)})
    {
        ASSERT_TRUE(policy->SetRequest(r).Ok());
        EXPECT_TRUE(policy->GetRequest() == r);
    }
    // All zero clears the socket's policy.
    EXPECT_TRUE(policy->SetRequest(R()).Ok());
    EXPECT_TRUE(policy->GetRequest().IsEmpty());
    for (int c = 0; c < 3; ++c)
    {
        EXPECT_EQ(policy->GetLevel(P::Category(c)), P::LEVEL_AVAIL);
    }
}

TEST_F(Sockets, SolarisNeverNeedsPrivilege)
{
    Ptr<IpsecSocketPolicy> user = P::Attach(Udp(0), false);
    R never = Req(R::PREF_NEVER, R::PREF_NEVER, R::PREF_NEVER);
    IpsecKeyResult r = user->SetRequest(never);
    EXPECT_EQ(r.error, IpsecKeyError::PERMISSION_DENIED);
    EXPECT_EQ(r.Errno(), EACCES);
    EXPECT_TRUE(user->GetRequest().IsEmpty());
    EXPECT_FALSE(user->BypassesAll());
    // An unprivileged user can still ask for more protection.
    EXPECT_TRUE(user->SetRequest(Req(0, R::PREF_REQUIRED, 0)).Ok());

    Ptr<IpsecSocketPolicy> root = P::Attach(Udp(0), true);
    EXPECT_TRUE(root->SetRequest(never).Ok());
    EXPECT_TRUE(root->BypassesAll());
    // Attach again: the same object, with the credentials it was created with.
    EXPECT_EQ(P::Attach(root->GetSocket(), false), root);
    EXPECT_TRUE(root->IsPrivileged());
}

TEST_F(Sockets, PersockRequirePrivGovernsAlgorithms)
{
    // The system policy protects the host pair with ESP aes-cbc.
    IpsecConfigResult loaded = IpsecHelper::LoadConfigText(
        nodes.Get(0),
        IpsecConfigFormat::IPSECCONF,
        "{laddr 10.1.1.1 raddr 10.1.1.2} ipsec {encr_algs aes encr_auth_algs sha256}\n");
    ASSERT_TRUE(loaded.ok) << loaded.error;
    auto request = [](uint8_t encr) {
        return Req(0, R::PREF_REQUIRED, 0, 0, encr);
    };
    Ptr<Socket> s = Client(9);
    Ptr<IpsecSocketPolicy> user = P::Attach(s, false);
    EXPECT_TRUE(user->SetRequest(request(SADB_EALG_AESCBC)).Ok());
    IpsecKeyResult r = user->SetRequest(request(SADB_EALG_3DESCBC));
    EXPECT_EQ(r.Errno(), EACCES) << r.message;
    EXPECT_EQ(user->GetRequest().espAlgorithm, SADB_EALG_AESCBC); // unchanged
    // A privileged socket may choose freely.
    Ptr<IpsecSocketPolicy> root = P::Attach(Client(10), true);
    EXPECT_TRUE(root->SetRequest(request(SADB_EALG_3DESCBC)).Ok());
    // With persock-require-priv off, so may everyone.
    IpsecHelper::Get(nodes.Get(0))->SetAttribute("PersockRequirePriv", BooleanValue(false));
    EXPECT_TRUE(user->SetRequest(request(SADB_EALG_3DESCBC)).Ok());
}

// ------------------------------------------------------------------------------ OpenBSD levels

TEST_F(Sockets, OpenBsdLevelsReadBackAndBadValues)
{
    Ptr<IpsecSocketPolicy> root = P::Attach(Udp(0), true);
    for (int c = 0; c < 3; ++c)
    {
        EXPECT_EQ(root->GetLevel(P::Category(c)), P::LEVEL_AVAIL); // the system default
        for (int l = P::LEVEL_BYPASS; l <= P::LEVEL_UNIQUE; ++l)
        {
            ASSERT_TRUE(root->SetLevel(c, l).Ok());
            EXPECT_EQ(root->GetLevel(P::Category(c)), l);
        }
    }
    for (auto [c, l] :
         {std::make_pair(3, 1), std::make_pair(-1, 1), std::make_pair(0, 5), std::make_pair(1, -1)})
    {
        IpsecKeyResult r = root->SetLevel(c, l);
        EXPECT_EQ(r.Errno(), EINVAL);
    }
    EXPECT_EQ(root->GetLevel(P::AUTH_LEVEL), P::LEVEL_UNIQUE); // unchanged by the failures
}

TEST_F(Sockets, UnprivilegedCannotGoBelowTheSystemDefault)
{
    Ptr<IpsecL3Protocol> node0 = IpsecHelper::Get(nodes.Get(0));
    node0->SetAttribute("SocketEspTransLevel", EnumValue(P::LEVEL_REQUIRE));
    Ptr<IpsecSocketPolicy> user = P::Attach(Udp(0), false);
    EXPECT_EQ(user->GetLevel(P::ESP_TRANS_LEVEL), P::LEVEL_REQUIRE);
    EXPECT_EQ(user->GetLevel(P::AUTH_LEVEL), P::LEVEL_AVAIL);
    for (int lower : {P::LEVEL_BYPASS, P::LEVEL_AVAIL, P::LEVEL_USE})
    {
        IpsecKeyResult r = user->SetLevel(P::ESP_TRANS_LEVEL, lower);
        EXPECT_EQ(r.Errno(), EACCES) << lower;
    }
    EXPECT_EQ(user->SetLevel(P::AUTH_LEVEL, P::LEVEL_BYPASS).Errno(), EACCES);
    EXPECT_TRUE(user->SetLevel(P::ESP_TRANS_LEVEL, P::LEVEL_UNIQUE).Ok());
    EXPECT_TRUE(user->SetLevel(P::ESP_TRANS_LEVEL, P::LEVEL_REQUIRE).Ok());
    Ptr<IpsecSocketPolicy> root = P::Attach(Udp(0), true);
    EXPECT_TRUE(root->SetLevel(P::ESP_TRANS_LEVEL, P::LEVEL_USE).Ok());
}

TEST_F(Sockets, NodeDefaultLevelAppliesToSocketsWithoutPolicy)
{
    // ESP transport required by default for every socket of both hosts: plain apps get ESP.
    for (uint32_t i = 0; i < 2; ++i)
    {
        IpsecHelper::Get(nodes.Get(i))
            ->SetAttribute("SocketEspTransLevel", EnumValue(P::LEVEL_REQUIRE));
    }
    ipsec.KeyPair(nodes.Get(0), a, nodes.Get(1), b, Esp());
    Server(9, true);
    SendEvery(Client(9), 10);
    Run();
    EXPECT_EQ(received[9], 10u);
    EXPECT_EQ(received[10009], 10u);
    EXPECT_EQ(Count(wire, 50), wire.size());
    EXPECT_EQ(Count(back, 50), back.size());
}

/// One category at one level on the client socket (privileged), the server socket alike.
class LevelCases
    : public Sockets
    , public ::testing::WithParamInterface<std::tuple<int, int, bool>>
{
};

TEST_P(LevelCases, WireAndDeliveryFollowTheLevel)
{
    auto [category, level, keyed] = GetParam();
    IpsecMode mode = category == P::ESP_NETWORK_LEVEL ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT;
    Ptr<Socket> server = Server(9, true);
    Ptr<Socket> client = Client(9);
    for (Ptr<Socket> s : {server, client})
    {
        ASSERT_TRUE(P::Attach(s, true)->SetLevel(category, level).Ok());
    }
    if (keyed)
    {
        IpsecHelper::Suite suite = category == P::AUTH_LEVEL ? Ah() : Esp();
        bool unique = level == P::LEVEL_UNIQUE;
        // UNIQUE: each socket sends with SAs reserved for it.
        ipsec.KeyPair(nodes.Get(0),
                      a,
                      nodes.Get(1),
                      b,
                      suite,
                      mode,
                      unique ? P::Find(client)->GetUniqueId() : 0);
        if (unique)
        {
            ipsec.KeyPair(nodes.Get(1),
                          b,
                          nodes.Get(0),
                          a,
                          suite,
                          mode,
                          P::Find(server)->GetUniqueId());
        }
    }
    SendEvery(client, 10);
    Run();
    uint8_t protocol = category == P::AUTH_LEVEL ? 51 : 50;
    bool protects = level >= P::LEVEL_USE && keyed;
    bool delivers = protects || level <= P::LEVEL_USE;
    EXPECT_EQ(received[9], delivers ? 10u : 0u);
    EXPECT_EQ(received[10009], delivers ? 10u : 0u);
    EXPECT_EQ(Count(wire, protocol), protects ? 10u : 0u);
    EXPECT_EQ(Count(back, protocol), protects ? 10u : 0u);
    if (!delivers)
    {
        EXPECT_EQ(drops[IpsecDropReason::NO_SA], 10u); // REQUIRE/UNIQUE without SA
    }
    for (const auto& sa : usedSas)
    {
        EXPECT_EQ(sa->GetMode(), mode);
        if (mode == IpsecMode::TUNNEL)
        {
            // Self-encapsulation: the outer header runs between the same two hosts.
            EXPECT_TRUE((sa->GetSource() == a && sa->GetDestination() == b)
                        || (sa->GetSource() == b && sa->GetDestination() == a));
        }
    }
}

std::string
LevelCaseName(const ::testing::TestParamInfo<std::tuple<int, int, bool>>& info)
{
    const char* categories[] = {"Auth", "EspTrans", "EspNetwork"};
    return std::string(categories[std::get<0>(info.param)]) + "_"
         + ToString(P::Level(std::get<1>(info.param)))
         + (std::get<2>(info.param) ? "_keyed" : "_nokeys");
}

INSTANTIATE_TEST_SUITE_P(
    EveryCategoryAndLevel,
    LevelCases,
    ::testing::Combine(::testing::Values(P::AUTH_LEVEL, P::ESP_TRANS_LEVEL, P::ESP_NETWORK_LEVEL),
                       ::testing::Values(P::LEVEL_BYPASS,
                                         P::LEVEL_AVAIL,
                                         P::LEVEL_USE,
                                         P::LEVEL_REQUIRE,
                                         P::LEVEL_UNIQUE),
                       ::testing::Bool()),
    LevelCaseName);

// -------------------------------------------------------------- overriding the system policy

TEST_F(Sockets, ServerSocketRequiresEspOverPermissiveHostPolicy)
{
    ipsec.KeyPair(nodes.Get(0), a, nodes.Get(1), b, Esp());
    Ptr<Socket> strict = Server(9);
    Ptr<Socket> relaxed = Server(10);
    ASSERT_TRUE(P::Attach(strict, false)->SetRequest(Req(0, R::PREF_REQUIRED, 0)).Ok());
    SendEvery(Client(9), 10);  // plain client: cleartext, refused by the socket
    SendEvery(Client(10), 10); // plain client to the other port: accepted
    Ptr<Socket> protectedClient = Client(9);
    ASSERT_TRUE(P::Attach(protectedClient, false)->SetRequest(Req(0, R::PREF_REQUIRED, 0)).Ok());
    SendEvery(protectedClient, 10, 2.0); // the socket asks for ESP: accepted
    Run();
    EXPECT_EQ(received[9], 10u);
    EXPECT_EQ(received[10], 10u);
    EXPECT_EQ(drops[IpsecDropReason::POLICY_VIOLATION], 10u);
    EXPECT_EQ(Count(wire, 50), 10u);
    EXPECT_EQ(Count(wire, 17), 20u);
}

TEST_F(Sockets, PrivilegedBypassOverridesRequireBothWays)
{
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, Esp()); // system: require ESP
    Ptr<Socket> management = Server(161, true);
    ASSERT_TRUE(P::Attach(management, true)->SetRequest(Req(R::PREF_NEVER, R::PREF_NEVER, 0)).Ok());
    Ptr<Socket> admin = Client(161);
    ASSERT_TRUE(P::Attach(admin, true)->SetLevel(P::AUTH_LEVEL, P::LEVEL_BYPASS).Ok());
    ASSERT_TRUE(P::Attach(admin, true)->SetLevel(P::ESP_TRANS_LEVEL, P::LEVEL_BYPASS).Ok());
    ASSERT_TRUE(P::Attach(admin, true)->SetLevel(P::ESP_NETWORK_LEVEL, P::LEVEL_BYPASS).Ok());
    Ptr<Socket> user = Client(9);
    Server(9, true);
    EXPECT_EQ(P::Attach(user, false)->SetRequest(Req(R::PREF_NEVER, R::PREF_NEVER, 0)).Errno(),
              EACCES);
    SendEvery(admin, 10);
    SendEvery(user, 10, 2.0);
    Run();
    EXPECT_EQ(received[161], 10u);
    EXPECT_EQ(received[10161], 10u); // the cleartext replies pass the client's bypass
    EXPECT_EQ(received[9], 10u);
    EXPECT_EQ(received[10009], 10u);
    EXPECT_EQ(Count(wire, 17), 10u); // the management exchange, in the clear
    EXPECT_EQ(Count(back, 17), 10u);
    EXPECT_EQ(Count(wire, 50), 10u); // the user's traffic stays protected
    EXPECT_EQ(Count(back, 50), 10u);
    EXPECT_EQ(Stats(0).TotalDrops() + Stats(1).TotalDrops(), 0u);
}

TEST_F(Sockets, UnprivilegedBypassOfOneCategoryFailsAndTheSystemStillApplies)
{
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, Esp());
    Ptr<Socket> client = Client(9);
    Server(9);
    Ptr<IpsecSocketPolicy> user = P::Attach(client, false);
    EXPECT_EQ(user->SetLevel(P::ESP_TRANS_LEVEL, P::LEVEL_BYPASS).Errno(), EACCES);
    EXPECT_EQ(user->GetLevel(P::ESP_TRANS_LEVEL), P::LEVEL_AVAIL);
    // Asking for USE where the system requires is no lowering without privilege: still ESP.
    EXPECT_TRUE(user->SetLevel(P::ESP_TRANS_LEVEL, P::LEVEL_USE).Ok());
    SendEvery(client, 5);
    Run();
    EXPECT_EQ(received[9], 5u);
    EXPECT_EQ(Count(wire, 50), 5u);
}

TEST_F(Sockets, SocketAlgorithmChoiceSelectsTheSa)
{
    // Two ESP SA pairs between the hosts: aes-cbc (helper default) and 3des-cbc.
    ipsec.KeyPair(nodes.Get(0), a, nodes.Get(1), b, Esp());
    IpsecHelper::Suite tdes = Esp();
    tdes.encryption = "3des-cbc";
    tdes.authentication = "hmac-sha1-96";
    ipsec.KeyPair(nodes.Get(0), a, nodes.Get(1), b, tdes);
    Server(9);
    Ptr<Socket> client = Client(9);
    ASSERT_TRUE(
        P::Attach(client, true)
            ->SetRequest(Req(0, R::PREF_REQUIRED, 0, 0, SADB_EALG_3DESCBC, SADB_AALG_SHA1HMAC))
            .Ok());
    SendEvery(client, 5);
    Run();
    EXPECT_EQ(received[9], 5u);
    ASSERT_EQ(usedSas.size(), 5u);
    for (const auto& sa : usedSas)
    {
        EXPECT_EQ(sa->GetEncryptionAlgorithm()->name, "3des-cbc");
    }
}

// ---------------------------------------------------------------------------------- UNIQUE SAs

TEST_F(Sockets, UniqueSocketHasItsOwnSa)
{
    Server(9);
    Ptr<Socket> shared = Client(9);
    Ptr<Socket> unique = Client(9);
    ASSERT_TRUE(P::Attach(shared, false)->SetRequest(Req(0, R::PREF_REQUIRED, 0)).Ok());
    Ptr<IpsecSocketPolicy> own = P::Attach(unique, false);
    ASSERT_TRUE(own->SetRequest(Req(0, R::PREF_REQUIRED | R::PREF_UNIQUE, 0)).Ok());
    EXPECT_GE(own->GetUniqueId(), P::UNIQUE_ID_BASE);

    // Only a shared SA at first: the unique socket's datagrams cannot go.
    ipsec.KeyPair(nodes.Get(0), a, nodes.Get(1), b, Esp());
    SendEvery(unique, 5, 1.0);
    // At 1.5 s the socket's own SA arrives.
    Simulator::Schedule(Seconds(1.5), [this, own]() {
        ipsec.KeyPair(nodes.Get(0),
                      a,
                      nodes.Get(1),
                      b,
                      Esp(),
                      IpsecMode::TRANSPORT,
                      own->GetUniqueId());
    });
    SendEvery(unique, 10, 2.0);
    SendEvery(shared, 10, 2.0);
    Run();
    EXPECT_EQ(drops[IpsecDropReason::NO_SA], 5u);
    EXPECT_EQ(received[9], 20u);
    std::map<uint32_t, std::pair<uint32_t, uint32_t>> bySpi; // spi -> (policy id, packets)
    for (const auto& sa : usedSas)
    {
        auto& entry = bySpi[sa->GetSpi()];
        entry.first = sa->GetPolicyId();
        ++entry.second;
    }
    ASSERT_EQ(bySpi.size(), 2u); // two SAs, 10 packets each, never mixed
    for (const auto& [spi, entry] : bySpi)
    {
        EXPECT_EQ(entry.second, 10u);
        EXPECT_TRUE(entry.first == 0 || entry.first == own->GetUniqueId());
    }
}

TEST_F(Sockets, KeyManagerMakesUniqueSasOnAcquire)
{
    IpsecTeachingKeyManagerHelper managers;
    ApplicationContainer apps = managers.Install(nodes);
    IpsecTeachingKeyManagerHelper::AssignStreams(apps, 50);
    apps.Start(Seconds(0));
    IpsecHelper::Get(nodes.Get(0))->SetAttribute("AcquireHoldLimit", UintegerValue(100));
    Server(9);
    Ptr<Socket> shared = Client(9);
    Ptr<Socket> unique = Client(9);
    ASSERT_TRUE(P::Attach(shared, false)->SetRequest(Req(0, R::PREF_REQUIRED, 0)).Ok());
    Ptr<IpsecSocketPolicy> own = P::Attach(unique, false);
    ASSERT_TRUE(own->SetRequest(Req(0, R::PREF_REQUIRED | R::PREF_UNIQUE, 0)).Ok());
    SendEvery(unique, 10, 1.0);
    SendEvery(shared, 10, 2.0);
    Run(4.0);
    EXPECT_EQ(received[9], 20u); // held during each exchange, none lost
    EXPECT_EQ(Stats(0).policy.acquires, 2u);
    std::map<uint32_t, uint32_t> byPolicyId;
    for (const auto& sa : usedSas)
    {
        ++byPolicyId[sa->GetPolicyId()];
    }
    EXPECT_EQ(byPolicyId[own->GetUniqueId()], 10u);
    EXPECT_EQ(byPolicyId[0], 10u);
}

// ---------------------------------------------------------------------------- self-encapsulation

TEST_F(Sockets, SelfEncapsulationAddsAnOuterHeaderOnTheWire)
{
    // ESP in transport mode first, then the same with self-encapsulation: 20 bytes more.
    ipsec.KeyPair(nodes.Get(0), a, nodes.Get(1), b, Esp());
    ipsec.KeyPair(nodes.Get(0), a, nodes.Get(1), b, Esp(), IpsecMode::TUNNEL);
    ipsec.KeyPair(nodes.Get(0), a, nodes.Get(1), b, Ah(), IpsecMode::TUNNEL);
    Server(9);
    Server(10);
    Server(11);
    Ptr<Socket> plain = Client(9);
    Ptr<Socket> encap = Client(10);
    Ptr<Socket> ahEncap = Client(11);
    ASSERT_TRUE(P::Attach(plain, false)->SetRequest(Req(0, R::PREF_REQUIRED, 0)).Ok());
    ASSERT_TRUE(
        P::Attach(encap, false)->SetRequest(Req(0, R::PREF_REQUIRED, R::PREF_REQUIRED)).Ok());
    ASSERT_TRUE(
        P::Attach(ahEncap, false)->SetRequest(Req(R::PREF_REQUIRED, 0, R::PREF_REQUIRED)).Ok());
    SendEvery(plain, 1, 1.0);
    SendEvery(encap, 1, 1.5);
    SendEvery(ahEncap, 1, 2.0);
    Run();
    EXPECT_EQ(received[9] + received[10] + received[11], 3u);
    ASSERT_EQ(wire.size(), 3u);
    Ipv4Header outer;
    for (const auto& p : wire)
    {
        p->PeekHeader(outer);
        EXPECT_EQ(outer.GetSource(), a); // the outer header runs between the same hosts
        EXPECT_EQ(outer.GetDestination(), b);
    }
    // aes-cbc pads to 16 bytes: 200 B UDP + 8 in transport vs + 20 B inner header in tunnel.
    EXPECT_EQ(ProtocolOf(wire[0]), 50);
    EXPECT_EQ(ProtocolOf(wire[1]), 50);
    EXPECT_GT(wire[1]->GetSize(), wire[0]->GetSize());
    EXPECT_EQ(usedSas[0]->GetMode(), IpsecMode::TRANSPORT);
    EXPECT_EQ(usedSas[1]->GetMode(), IpsecMode::TUNNEL);
    // AH with self-encapsulation: AH's next header is IP-in-IP (4), the inner header follows.
    Ptr<Packet> ah = wire[2]->Copy();
    ah->RemoveHeader(outer);
    EXPECT_EQ(outer.GetProtocol(), 51);
    uint8_t next = 0;
    ah->CopyData(&next, 1);
    EXPECT_EQ(next, 4);
}

// ------------------------------------------------------------------------------------ latching

/// A TCP connection: PacketSink on b, BulkSend from a.
class Latching : public Sockets
{
  protected:
    Ptr<PacketSink> Sink(uint16_t port)
    {
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), port));
        ApplicationContainer apps = sink.Install(nodes.Get(1));
        return DynamicCast<PacketSink>(apps.Get(0));
    }

    void Bulk(uint16_t port, double start, uint64_t bytes)
    {
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(b, port));
        bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
        bulk.Install(nodes.Get(0)).Start(Seconds(start));
    }

    /// Datagrams a sent, per protocol, to a TCP port (cleartext) or as ESP.
    size_t ClearTcpTo(uint16_t port) const
    {
        size_t n = 0;
        for (const auto& p : wire)
        {
            Ptr<Packet> q = p->Copy();
            Ipv4Header h;
            q->RemoveHeader(h);
            if (h.GetProtocol() != 6)
            {
                continue;
            }
            TcpHeader t;
            q->PeekHeader(t);
            n += t.GetDestinationPort() == port;
        }
        return n;
    }
};

TEST_F(Latching, NewPolicyAppliesToNewConnectionsOnly)
{
    Ptr<PacketSink> old = Sink(9);
    Ptr<PacketSink> fresh = Sink(10);
    Bulk(9, 1.0, 3000000); // about 3 s at 10 Mb/s: still running when policy changes
    // At 1.5 s both hosts get SAs and policies requiring ESP for everything between them.
    Simulator::Schedule(Seconds(1.5),
                        [this]() { ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, Esp()); });
    Bulk(10, 2.0, 500000);
    Simulator::Stop(Seconds(20));
    Simulator::Run();
    EXPECT_EQ(old->GetTotalRx(), 3000000u);  // the latched connection ran to the end in the clear
    EXPECT_EQ(fresh->GetTotalRx(), 500000u); // the new one under the new policy
    EXPECT_GT(ClearTcpTo(9), 1000u);
    EXPECT_EQ(ClearTcpTo(10), 0u);
    EXPECT_GT(Stats(0).Of(IpsecProtocol::ESP).packetsOut, 300u);
    EXPECT_EQ(Stats(0).policy.latched, 2u);
    EXPECT_EQ(Stats(1).policy.latched, 2u);
    EXPECT_EQ(Stats(0).TotalDrops() + Stats(1).TotalDrops(), 0u);
}

TEST_F(Latching, RemovedPolicyStillProtectsLatchedConnections)
{
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, Esp());
    Ptr<PacketSink> sink = Sink(9);
    Bulk(9, 1.0, 2000000);
    Simulator::Schedule(Seconds(1.5), [this]() {
        for (uint32_t i = 0; i < 2; ++i)
        {
            IpsecHelper::Get(nodes.Get(i))->GetSpd()->Flush();
        }
    });
    Simulator::Stop(Seconds(20));
    Simulator::Run();
    EXPECT_EQ(sink->GetTotalRx(), 2000000u);
    EXPECT_EQ(ClearTcpTo(9), 0u); // every segment stayed ESP after the SPD was flushed
}

TEST_F(Latching, ConnectedSocketPolicyCannotChange)
{
    Ptr<PacketSink> sink = Sink(9);
    Ptr<Socket> client = Socket::CreateSocket(nodes.Get(0), TcpSocketFactory::GetTypeId());
    Ptr<IpsecSocketPolicy> policy = P::Attach(client, true);
    EXPECT_TRUE(policy->SetRequest(Req(0, R::PREF_REQUIRED, 0)).Ok()); // before connect: fine
    IpsecHelper::Suite permissive = Esp();
    permissive.level = IpsecLevel::USE; // host policy: ESP when possible, cleartext accepted
    ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, permissive);
    Simulator::Schedule(Seconds(0.5),
                        [this, client]() { client->Connect(InetSocketAddress(b, 9)); });
    IpsecKeyResult later;
    Simulator::Schedule(Seconds(1), [&]() {
        client->Send(Create<Packet>(1000));
        later = policy->SetLevel(P::ESP_TRANS_LEVEL, P::LEVEL_BYPASS);
    });
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(later.Errno(), EINVAL) << later.message;
    EXPECT_EQ(policy->GetLevel(P::ESP_TRANS_LEVEL), P::LEVEL_REQUIRE);
    EXPECT_EQ(sink->GetTotalRx(), 1000u);
    EXPECT_EQ(Count(wire, 6), 0u); // the whole connection in ESP, handshake included
}

// ------------------------------------------------------------------------ intra-machine traffic

/// Traffic from node 0 to itself, over loopback and to its own interface address.
class IntraMachine
    : public Sockets
    , public ::testing::WithParamInterface<bool>
{
  protected:
    Ipv4Address Self() const { return GetParam() ? Ipv4Address::GetLoopback() : a; }

    Ptr<SecurityPolicy> PortPolicy(SecurityPolicy::Direction direction,
                                   SecurityPolicy::Action action,
                                   uint8_t protocol = 17)
    {
        Ptr<SecurityPolicy> p = Create<SecurityPolicy>();
        p->protocol = protocol;
        if (direction == SecurityPolicy::Direction::OUTBOUND)
        {
            p->remotePortMin = p->remotePortMax = 9;
        }
        else if (direction == SecurityPolicy::Direction::INBOUND)
        {
            p->localPortMin = p->localPortMax = 9;
        }
        p->direction = direction;
        p->action = action;
        if (action == SecurityPolicy::Action::IPSEC)
        {
            p->alternatives = {{IpsecProtectionRequest()}}; // ESP transport, require
        }
        IpsecHelper::AddPolicy(nodes.Get(0), p);
        return p;
    }

    void Exchange()
    {
        Server(9, false, 0);
        SendEvery(Client(9, Self(), 0), 10);
        Run();
    }
};

TEST_P(IntraMachine, OutboundProtectionIsCreditedWithoutTransform)
{
    PortPolicy(SecurityPolicy::Direction::OUTBOUND, SecurityPolicy::Action::IPSEC);
    PortPolicy(SecurityPolicy::Direction::INBOUND, SecurityPolicy::Action::IPSEC);
    Exchange(); // no SA exists at all: no mechanism is applied, none is needed
    EXPECT_EQ(received[9], 10u);
    EXPECT_EQ(Stats(0).Of(IpsecProtocol::ESP).packetsOut, 0u);
    EXPECT_EQ(Stats(0).policy.intraMachineOut, 10u);
    EXPECT_EQ(Stats(0).policy.intraMachineIn, 10u);
    EXPECT_EQ(Stats(0).TotalDrops(), 0u);
    EXPECT_TRUE(wire.empty());
}

TEST_P(IntraMachine, InboundRequireRefusesUncreditedPackets)
{
    PortPolicy(SecurityPolicy::Direction::INBOUND, SecurityPolicy::Action::IPSEC);
    Exchange(); // the outbound side asked for nothing
    EXPECT_EQ(received[9], 0u);
    EXPECT_EQ(drops[IpsecDropReason::POLICY_VIOLATION], 10u);
}

TEST_P(IntraMachine, DropPolicyIsEnforced)
{
    PortPolicy(SecurityPolicy::Direction::OUTBOUND, SecurityPolicy::Action::DROP);
    Exchange();
    EXPECT_EQ(received[9], 0u);
    EXPECT_EQ(drops[IpsecDropReason::POLICY_DROP], 10u);
}

TEST_P(IntraMachine, SocketPoliciesApply)
{
    Ptr<Socket> server = Server(9, false, 0);
    ASSERT_TRUE(P::Attach(server, false)->SetRequest(Req(0, R::PREF_REQUIRED, 0)).Ok());
    Ptr<Socket> plain = Client(9, Self(), 0);
    Ptr<Socket> asking = Client(9, Self(), 0);
    ASSERT_TRUE(P::Attach(asking, false)->SetRequest(Req(0, R::PREF_REQUIRED, 0)).Ok());
    SendEvery(plain, 10, 1.0);
    SendEvery(asking, 10, 2.0);
    Run();
    EXPECT_EQ(received[9], 10u);
    EXPECT_EQ(drops[IpsecDropReason::POLICY_VIOLATION], 10u);
}

TEST_P(IntraMachine, TcpToItselfUnderRequirePolicy)
{
    // All TCP of the node, both ways, needs ESP: both directions of the connection are credited.
    PortPolicy(SecurityPolicy::Direction::BOTH, SecurityPolicy::Action::IPSEC, 6);
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer s = sink.Install(nodes.Get(0));
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(Self(), 9));
    // ns-3.37 itself stalls TCP to a node's own non-loopback address after about 27 kB (with
    // or without IPsec), so the transfer stays below that.
    bulk.SetAttribute("MaxBytes", UintegerValue(20000));
    bulk.Install(nodes.Get(0)).Start(Seconds(1));
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(DynamicCast<PacketSink>(s.Get(0))->GetTotalRx(), 20000u);
    EXPECT_GT(Stats(0).policy.intraMachineIn, 20u);
    EXPECT_EQ(Stats(0).policy.latched, 2u); // both ends of the connection live on this node
    EXPECT_EQ(Stats(0).TotalDrops(), 0u);
}

INSTANTIATE_TEST_SUITE_P(LoopbackAndOwnAddress,
                         IntraMachine,
                         ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                             return std::string(info.param ? "Loopback" : "OwnAddress");
                         });

TEST_F(Sockets, AddressesAddedAndRemovedAtRunTimeChangeWhatIsIntraMachine)
{
    // ESP required for UDP port 9 both ways, and no SA: only intra-machine datagrams (credited
    // without a transform) arrive. The IPsec layer remembers the node's addresses; adding and
    // removing one through Ipv4L3Protocol must change its answer at once.
    for (auto direction : {SecurityPolicy::Direction::OUTBOUND, SecurityPolicy::Direction::INBOUND})
    {
        Ptr<SecurityPolicy> p = Create<SecurityPolicy>();
        p->protocol = 17;
        (direction == SecurityPolicy::Direction::OUTBOUND ? p->remotePortMax : p->localPortMax) = 9;
        (direction == SecurityPolicy::Direction::OUTBOUND ? p->remotePortMin : p->localPortMin) = 9;
        p->direction = direction;
        p->action = SecurityPolicy::Action::IPSEC;
        p->alternatives = {{IpsecProtectionRequest()}};
        IpsecHelper::AddPolicy(nodes.Get(0), p);
    }
    Ptr<Ipv4> ipv4 = nodes.Get(0)->GetObject<Ipv4>();
    const uint32_t interface = ipv4->GetInterfaceForAddress(a);
    // An address of another network, and a host route to it on the link that outlives it (its
    // network route goes with it).
    const Ipv4Address added("10.9.9.9");
    Ipv4StaticRoutingHelper().GetStaticRouting(ipv4)->AddHostRouteTo(added, interface);
    Server(9, false, 0);
    SendEvery(Client(9, a, 0), 5, 1.0); // own address: intra-machine (and the answer remembered)
    Simulator::Schedule(Seconds(1.5), [ipv4, interface, added]() {
        ipv4->AddAddress(interface, Ipv4InterfaceAddress(added, Ipv4Mask("255.255.255.0")));
    });
    Ptr<Socket> toAdded = Client(9, added, 0);
    SendEvery(toAdded, 5, 2.0); // now an own address too
    Simulator::Schedule(Seconds(2.5),
                        [ipv4, interface, added]() { ipv4->RemoveAddress(interface, added); });
    SendEvery(toAdded, 5, 3.0); // no longer: needs an SA, which does not exist
    Run(4.0);
    EXPECT_EQ(received[9], 10u);
    EXPECT_EQ(Stats(0).policy.intraMachineOut, 10u);
    EXPECT_EQ(Stats(0).policy.intraMachineIn, 10u);
    EXPECT_EQ(Stats(0).Of(IpsecProtocol::ESP).packetsOut, 0u);
    EXPECT_EQ(Stats(0).policy.acquires, 1u); // the last five wait for an SA that never comes
    EXPECT_EQ(Stats(0).TotalDrops() + Stats(0).policy.held, 5u);
}

// ------------------------------------------------------------------------------------- misuse

TEST_F(Sockets, RawSocketsCannotHaveSocketPolicy)
{
    Ptr<Socket> raw = Socket::CreateSocket(nodes.Get(0), Ipv4RawSocketFactory::GetTypeId());
    EXPECT_DEATH(P::Attach(raw, true), "UDP and TCP sockets only");
}

} // namespace
