/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief Fuzz harnesses `config-ipsecconf`, `config-ipseckey` and `config-setkey`: the input is
 * a configuration file in one format (FUZZ_CONFIG_FORMAT, one executable per format) loaded into
 * a node through IpsecConfig::Load().
 *
 * The node starts every input from the same databases: SAs of several kinds (paired, with
 * lifetimes, selectors, a policy id, ESN, tunnel mode, a larval one), host policies and a
 * route-based tunnel with its own SPD, on a LAN whose nodes have names in ns3::Names (those of
 * the ipsecconf, ipseckey and setkey manual pages and test/test-config-files.cc). The invariants
 * (IpsecConfig's contract, model/ipsec-config.h):
 *  1. a check-only load changes nothing: SADB, SPD and tunnel SPDs stay byte-identical
 *     (IpsecConfig::Write in all three formats, and a dump of every field of every SA and policy);
 *  2. a rejected load changes nothing either, and its error reads `fuzz.conf:LINE:COLUMN: ...`;
 *  3. the check-only load accepts exactly what the real load accepts;
 *  4. after an accepted load, what Write produces in each format reads back: loaded into the
 *     node with its databases flushed, it is accepted and Write gives the identical text.
 *
 * The world is built once per process; every input starts by flushing the databases and adding
 * fresh copies of the baseline SAs and policies, and the harness checks that this reproduces the
 * baseline exactly, so no input sees what an earlier one left behind.
 */
#include "fuzz-input.h"
#include "inspectable-scheduler.h"
#include "sa-copy.h"
#include "text-mutator.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#ifndef FUZZ_CONFIG_FORMAT
#error "define FUZZ_CONFIG_FORMAT as IPSECCONF, IPSECKEY or SETKEY"
#endif

using namespace ns3;

namespace
{
const IpsecConfigFormat kFormat = IpsecConfigFormat::FUZZ_CONFIG_FORMAT;
const IpsecConfigFormat kAllFormats[]
    = {IpsecConfigFormat::IPSECCONF, IpsecConfigFormat::IPSECKEY, IpsecConfigFormat::SETKEY};

[[noreturn]] void
Fail(const std::string& what, const std::string& text, const std::string& detail = "")
{
    std::fprintf(stderr,
                 "config-%s invariant violated: %s\n--- input ---\n%s\n--- detail ---\n%s\n",
                 ToString(kFormat).c_str(),
                 what.c_str(),
                 text.c_str(),
                 detail.c_str());
    std::abort();
}

std::string
Hex(const IpsecBytes& b)
{
    return ipsec_crypto::ToHex(b);
}

/// Every field of an SA, without anything that depends on earlier inputs.
std::string
DescribeSa(const SecurityAssociation& sa)
{
    std::ostringstream o;
    const auto& s = sa.GetSoftLifetime();
    const auto& h = sa.GetHardLifetime();
    const auto& sel = sa.GetSelectors();
    o << sa.Describe() << " ekey " << Hex(sa.GetEncryptionKey()) << " akey "
      << Hex(sa.GetAuthenticationKey()) << " replay " << sa.GetReplayWindowSize() << " esn "
      << sa.HasExtendedSequenceNumbers() << " cyclic " << sa.IsCyclic() << " soft " << s.bytes
      << "/" << s.addTime << "/" << s.useTime << "/" << s.allocations << " hard " << h.bytes << "/"
      << h.addTime << "/" << h.useTime << "/" << h.allocations << " sel " << sel.source << "/"
      << sel.sourceMask.GetPrefixLength() << " " << sel.destination << "/"
      << sel.destinationMask.GetPrefixLength() << " p" << sel.protocol << " " << sel.sourcePort
      << ">" << sel.destinationPort << " has " << sa.HasSelectors() << " pid " << sa.GetPolicyId()
      << " pair " << sa.GetPairSpi() << " seq " << sa.GetLastSequence() << " created "
      << sa.GetCreationTime().GetTimeStep() << " used " << sa.HasBeenUsed() << " "
      << sa.GetPackets() << "/" << sa.GetBytes();
    return o.str();
}

/// Every field of a policy; the SPD's id (which grows across inputs) left out.
std::string
DescribePolicy(const SecurityPolicy& p)
{
    std::ostringstream o;
    std::string text = p.ToString();
    size_t brace = text.find(" {");
    o << (brace == std::string::npos ? text : text.substr(brace + 1)) << " | " << p.localAddress
      << "/" << p.localMask.GetPrefixLength() << " " << p.remoteAddress << "/"
      << p.remoteMask.GetPrefixLength() << " " << p.localPortMin << "-" << p.localPortMax << " "
      << p.remotePortMin << "-" << p.remotePortMax << " p" << p.protocol << " t" << p.icmpTypeMin
      << "-" << p.icmpTypeMax << " c" << p.icmpCodeMin << "-" << p.icmpCodeMax << " d"
      << int(p.direction) << " a" << int(p.action) << " u" << p.uniqueSa << " '" << p.comment
      << "'";
    for (const auto& bundle : p.alternatives)
    {
        o << " |";
        for (const auto& r : bundle)
        {
            o << " " << r.ToString() << " " << r.tunnelSource << "-" << r.tunnelDestination << " [";
            for (auto* a : r.encryption)
            {
                o << a->name << ",";
            }
            o << "/";
            for (auto* a : r.authentication)
            {
                o << a->name << ",";
            }
            o << "] " << r.encryptionKeyBitsMin << ".." << r.encryptionKeyBitsMax << " "
              << r.authenticationKeyBitsMin << ".." << r.authenticationKeyBitsMax << " ra"
              << r.requireAuthentication << " id" << r.policyId;
        }
    }
    return o.str();
}

/// The node's databases as text: Write() in every format and a dump of every field.
std::string
Snapshot(Ptr<IpsecL3Protocol> ipsec)
{
    std::ostringstream o;
    for (IpsecConfigFormat f : kAllFormats)
    {
        o << "== Write " << ToString(f) << "\n" << IpsecConfig::Write(ipsec, f);
    }
    o << "== SADB " << ipsec->GetSadb()->GetN() << "\n";
    for (const auto& sa : ipsec->GetSadb()->Dump())
    {
        o << DescribeSa(*sa) << "\n";
    }
    o << "== SPD " << ipsec->GetSpd()->GetN() << "\n";
    for (const auto& p : ipsec->GetSpd()->Dump())
    {
        o << DescribePolicy(*p) << "\n";
    }
    for (const auto& tunnel : ipsec->GetTunnelInterfaces())
    {
        o << "== tunnel " << tunnel->GetName() << " SPD " << tunnel->GetSpd()->GetN() << "\n";
        for (const auto& p : tunnel->GetSpd()->Dump())
        {
            o << DescribePolicy(*p) << "\n";
        }
    }
    return o.str();
}

/// A fresh SA equal to \p sa (same keys, parameters, state), built through the public setters.
Ptr<SecurityAssociation>
CopySa(const SecurityAssociation& sa)
{
    Ptr<SecurityAssociation> c = ipsecfuzz::CopySaParameters(sa);
    c->SetLastSequence(sa.GetLastSequence());
    std::string error = c->Initialize();
    if (!error.empty())
    {
        Fail("harness: a baseline SA does not copy: " + error, sa.Describe());
    }
    c->SetState(sa.GetState());
    return c;
}

// The baseline: one of everything the readers can refer to (pairs, lifetimes, selectors, ESN,
// policy ids, tunnel mode, bypass and tunnel policies, a per-tunnel SPD).
const char* const kBaselineSetkey
    = "add 10.1.1.9 10.1.1.1 esp 0x7777 -m transport -E aes-gcm-16 "
      "0x0101010101010101010101010101010101010101;\n"
      "add 10.1.1.1 10.1.1.2 esp 0x2000 -m transport -r 4 -u 7 -lh 60 -bs 1000 -E aes-cbc "
      "0x000102030405060708090a0b0c0d0e0f -A hmac-sha1 "
      "0xbde359723576fdea08e56cbe876e24ad01020304;\n"
      "add 10.1.1.1 172.16.0.2 esp 0x2002 -m tunnel -f esn -E chacha20-poly1305 "
      "0x101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f01020304;\n"
      "spdadd 10.1.1.1/32[any] 10.1.1.2/32[80] tcp -P out ipsec esp/transport//unique:7 "
      "ah/transport//require;\n"
      "spdadd 10.5.0.0/16[any] 10.6.0.0/16[any] any -P out ipsec "
      "esp/tunnel/10.1.1.1-172.16.0.2/require;\n"
      "spdadd 0.0.0.0/0[22] 0.0.0.0/0[any] any -P out none;\n";
const char* const kBaselineIpseckey
    = "add esp spi 0x1000 src 10.1.1.1 dst 10.1.1.2 encr_alg aes encrkey "
      "000102030405060708090a0b0c0d0e0f auth_alg sha256 authkey "
      "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f replay 64 soft_bytes 100 "
      "hard_addtime 60 hard_usetime 30\n"
      "add esp spi 0x1001 src 10.1.1.2 dst 10.1.1.1 encr_alg aes-gcm encrkey "
      "000102030405060708090a0b0c0d0e0f01020304 pair-spi 0x1000\n"
      "add ah spi 0x1002 dst 10.1.1.2 auth_alg md5 authkey bde359723576fdea08e56cbe876e24ad proto "
      "udp dport 53\n"
      "add esp spi 0x1003 src 10.1.1.1 dst 172.16.0.3 encr_alg 3des encrkey "
      "000102030405060708090a0b0c0d0e0f0011223344556677 auth_alg sha1 authkey "
      "bde359723576fdea08e56cbe876e24ad01020304 proto 4 isrc 10.5.0.0/16 idst 10.6.0.0/16\n"
      "add esp spi 0x1004 src 10.1.1.3 dst 10.1.1.1 encr_alg aes encrkey "
      "000102030405060708090a0b0c0d0e0f auth_alg sha1 authkey "
      "bde359723576fdea08e56cbe876e24ad01020304 state dying\n";
const char* const kBaselineIpsecconf
    = "{laddr 10.1.1.1 raddr 10.1.1.2 ulp udp} ipsec {encr_algs aes encr_auth_algs sha256 sa "
      "shared}\n"
      "{raddr 10.2.0.0/16} ipsec {encr_algs 3des encr_auth_algs sha1} or ipsec {encr_algs aes "
      "encr_auth_algs sha1}\n"
      "{ulp icmp type 3 code 0-4 dir in} bypass {}\n"
      "{laddr 10.1.1.1 dir in} drop {}\n"
      "{tunnel ip.tun0 negotiate tunnel raddr 10.9.0.7/32 laddr 0.0.0.0/0} ipsec {encr_algs aes "
      "encr_auth_algs sha1}\n";

/// The node under test and the baseline it returns to before every input.
struct World
{
    NodeContainer nodes;
    Ptr<IpsecL3Protocol> ipsec;
    std::vector<Ptr<SecurityAssociation>> sas;    //!< baseline SAs (copied again for each input)
    std::vector<Ptr<SecurityAssociation>> larval; //!< baseline larval SAs
    std::vector<Ptr<SecurityPolicy>> policies;    //!< baseline host SPD
    std::vector<std::vector<Ptr<SecurityPolicy>>> tunnel; //!< baseline tunnel SPDs
    std::string snapshot;                                 //!< Snapshot() of the baseline

    void Build()
    {
        // The LAN of test/test-config-files.cc: 10.1.1.1 upwards, each node named.
        const char* names[] = {"me.example.com",
                               "you.example.com",
                               "spiderweb",
                               "arachnid",
                               "that_system",
                               "host-B",
                               "network-B",
                               "network-b",
                               "network-c"};
        nodes.Create(std::size(names));
        CsmaHelper lan;
        NetDeviceContainer devices = lan.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
        addresses.Assign(devices);
        IpsecHelper helper;
        helper.Install(nodes);
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            Names::Add(names[i], nodes.Get(i));
        }
        helper.AddRouteBasedTunnel(nodes.Get(0),
                                   Ipv4Address("10.1.1.1"),
                                   Ipv4Address("10.8.0.0"),
                                   Ipv4Mask("255.255.255.0"),
                                   nodes.Get(1),
                                   Ipv4Address("10.1.1.2"),
                                   Ipv4Address("10.9.0.0"),
                                   Ipv4Mask("255.255.255.0"),
                                   IpsecHelper::Suite());
        helper.AssignStreams(nodes, 1);
        ipsec = IpsecHelper::Get(nodes.Get(0));
        for (auto [format, text] :
             {std::make_pair(IpsecConfigFormat::SETKEY, kBaselineSetkey),
              std::make_pair(IpsecConfigFormat::IPSECKEY, kBaselineIpseckey),
              std::make_pair(IpsecConfigFormat::IPSECCONF, kBaselineIpsecconf)})
        {
            IpsecConfigResult r = IpsecConfig::Load(ipsec, format, text, "baseline");
            if (!r.ok)
            {
                Fail("harness: the baseline does not load: " + r.error, text);
            }
        }
        std::string error = ipsec->GetSadb()->AddLarval(IpsecProtocol::ESP,
                                                        Ipv4Address("10.1.1.2"),
                                                        Ipv4Address("10.1.1.1"),
                                                        0x4444);
        if (!error.empty())
        {
            Fail("harness: the baseline larval SA: " + error, "");
        }
        for (const auto& sa : ipsec->GetSadb()->Dump())
        {
            if (sa->GetState() == SecurityAssociation::State::LARVAL)
            {
                larval.push_back(sa);
            }
            else
            {
                sas.push_back(CopySa(*sa));
            }
        }
        for (const auto& p : ipsec->GetSpd()->Dump())
        {
            policies.push_back(Create<SecurityPolicy>(*p));
        }
        for (const auto& t : ipsec->GetTunnelInterfaces())
        {
            tunnel.emplace_back();
            for (const auto& p : t->GetSpd()->Dump())
            {
                tunnel.back().push_back(Create<SecurityPolicy>(*p));
            }
        }
        snapshot = Snapshot(ipsec);
    }

    /// Empty databases (the "fresh node" of the round trip).
    void Flush()
    {
        ipsec->GetSadb()->Flush();
        ipsec->GetSpd()->Flush();
        for (const auto& t : ipsec->GetTunnelInterfaces())
        {
            t->GetSpd()->Flush();
        }
    }

    /// Back to the baseline, with fresh objects.
    void Reset()
    {
        Flush();
        for (const auto& sa : sas)
        {
            std::string error = ipsec->GetSadb()->Add(CopySa(*sa));
            if (!error.empty())
            {
                Fail("harness: a baseline SA is refused: " + error, sa->Describe());
            }
        }
        for (const auto& sa : larval)
        {
            ipsec->GetSadb()->AddLarval(sa->GetProtocol(),
                                        sa->GetSource(),
                                        sa->GetDestination(),
                                        sa->GetSpi());
        }
        for (const auto& p : policies)
        {
            ipsec->GetSpd()->Add(Create<SecurityPolicy>(*p));
        }
        const auto& tunnels = ipsec->GetTunnelInterfaces();
        for (size_t i = 0; i < tunnels.size(); ++i)
        {
            for (const auto& p : tunnel[i])
            {
                tunnels[i]->GetSpd()->Add(Create<SecurityPolicy>(*p));
            }
        }
    }
};

World*
TheWorld()
{
    static World* world = [] {
        auto* w = new World;
        w->Build();
        return w;
    }();
    return world;
}

/// `fuzz.conf:LINE:COLUMN: message`
bool
WellFormedError(const std::string& error)
{
    const std::string prefix = "fuzz.conf:";
    if (error.rfind(prefix, 0) != 0)
    {
        return false;
    }
    size_t i = prefix.size();
    for (int field = 0; field < 2; ++field)
    {
        size_t start = i;
        while (i < error.size() && std::isdigit(static_cast<unsigned char>(error[i])))
        {
            ++i;
        }
        if (i == start || i >= error.size() || error[i] != ':')
        {
            return false;
        }
        ++i;
    }
    return error.compare(i, 1, " ") == 0 && error.size() > i + 1;
}

/**
 * \brief The words of the format's libFuzzer dictionary (fuzz/dict/config-FORMAT.dict, found
 * through FUZZ_DICT_DIR, the source directory at build time), for the custom mutator.
 */
std::vector<std::string>
DictionaryWords()
{
    std::vector<std::string> words;
    std::ifstream file(std::string(FUZZ_DICT_DIR) + "/config-" + ToString(kFormat) + ".dict");
    std::string line;
    while (std::getline(file, line))
    {
        size_t open = line.find('"');
        size_t close = line.rfind('"');
        if (line.empty() || line[0] == '#' || open == std::string::npos || close <= open)
        {
            continue;
        }
        std::string word;
        for (size_t i = open + 1; i < close; ++i)
        {
            if (line[i] == '\\' && i + 3 < close && line[i + 1] == 'x')
            {
                word += static_cast<char>(std::stoi(line.substr(i + 2, 2), nullptr, 16));
                i += 3;
            }
            else if (line[i] == '\\' && i + 1 < close)
            {
                word += line[++i];
            }
            else
            {
                word += line[i];
            }
        }
        words.push_back(word);
    }
    return words;
}
} // namespace

extern "C" size_t
LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t maxSize, unsigned int seed)
{
    static ipsecfuzz::TextMutator mutator(DictionaryWords());
    return mutator.Mutate(data, size, maxSize, seed);
}

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    GlobalValue::Bind("SchedulerType", TypeIdValue(ipsecfuzz::InspectableScheduler::GetTypeId()));
    TheWorld()->Reset();
    ipsecfuzz::InspectableScheduler::Current()->PurgeCancelled();
    return 0;
}

namespace
{
void
CheckInput(const uint8_t* data, size_t size)
{
    World& world = *TheWorld();
    std::string text(reinterpret_cast<const char*>(data), size);
    // The previous input ended with Reset() (below), so that every input frees what it
    // allocated and libFuzzer's leak check stays quiet unless something really leaks.
    std::string before = Snapshot(world.ipsec);
    if (before != world.snapshot)
    {
        Fail("harness: the reset does not reproduce the baseline", text, before);
    }

    IpsecConfigResult check = IpsecConfig::Load(world.ipsec, kFormat, text, "fuzz.conf", true);
    std::string afterCheck = Snapshot(world.ipsec);
    if (afterCheck != before)
    {
        Fail("a check-only load changed the databases", text, afterCheck);
    }
    if (!check.ok && !WellFormedError(check.error))
    {
        Fail("check-only error not as file:line:column: message: \"" + check.error + "\"", text);
    }

    IpsecConfigResult load = IpsecConfig::Load(world.ipsec, kFormat, text, "fuzz.conf", false);
    if (!load.ok)
    {
        std::string after = Snapshot(world.ipsec);
        if (after != before)
        {
            Fail("a rejected load changed the databases (" + load.error + ")", text, after);
        }
        if (!WellFormedError(load.error))
        {
            Fail("error not as file:line:column: message: \"" + load.error + "\"", text);
        }
    }
    if (check.ok != load.ok)
    {
        Fail(std::string("the check-only load ") + (check.ok ? "accepted" : "rejected")
                 + " what the load " + (load.ok ? "accepted" : "rejected"),
             text,
             check.error + "\n" + load.error);
    }
    if (!load.ok)
    {
        return;
    }

    // Round trip: Write's output in each format reads back into emptied databases and writes
    // the same text again.
    std::vector<std::pair<IpsecConfigFormat, std::string>> written;
    for (IpsecConfigFormat f : kAllFormats)
    {
        std::vector<std::string> notes;
        written.emplace_back(f, IpsecConfig::Write(world.ipsec, f, &notes));
    }
    for (const auto& [f, w] : written)
    {
        world.Flush();
        IpsecConfigResult again = IpsecConfig::Load(world.ipsec, f, w, "written");
        if (!again.ok)
        {
            Fail("Write(" + ToString(f) + ") does not read back: " + again.error, text, w);
        }
        std::string rewritten = IpsecConfig::Write(world.ipsec, f);
        if (rewritten != w)
        {
            Fail("Write(" + ToString(f) + ") read back writes different text",
                 text,
                 "first:\n" + w + "\nsecond:\n" + rewritten);
        }
    }
}
} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    CheckInput(data, size);
    TheWorld()->Reset();
    ipsecfuzz::InspectableScheduler::Current()->PurgeCancelled();
    return 0;
}
