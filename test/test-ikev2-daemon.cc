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
    return "connections {\n host {\n  local_addrs = " + self + "\n  remote_addrs = " + peer +
           "\n" + connectionExtra + "\n  local { auth = psk\n id = " + selfId +
           " }\n  remote { auth = psk\n id = " + peerId + " }\n  children {\n   net {\n" +
           childBody + "\n   }\n  }\n }\n}\nsecrets { ike-1 { id-a = " + selfId +
           "\n id-b = " + peerId + "\n secret = " + secret + " } }\n";
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
    Ptr<Ikev2Daemon> da =
        Daemon(0, Swanctl("10.1.1.1", "10.1.1.2", "a.example", "b.example", kTransportInitiator));
    Ptr<Ikev2Daemon> db =
        Daemon(1, Swanctl("10.1.1.2", "10.1.1.1", "b.example", "a.example", kTransportResponder));
    uint32_t received = Udp(50, 500);
    EXPECT_EQ(received, 50u) << Errors();
    EXPECT_EQ(da->GetStats().ikeSasEstablished, 1u) << Errors();
    EXPECT_EQ(db->GetStats().ikeSasEstablished, 1u);
    EXPECT_EQ(da->GetStats().childSasInstalled, 1u);
    EXPECT_EQ(db->GetStats().childSasInstalled, 1u);
    EXPECT_EQ(Stats(1).Of(IpsecProtocol::ESP).packetsIn, 50u);
    EXPECT_TRUE(errors.empty()) << Errors();
    for (const auto& m : messages)
    {
        std::cout << m << "\n";
    }
    std::cout << da->Dump() << db->Dump();
}
