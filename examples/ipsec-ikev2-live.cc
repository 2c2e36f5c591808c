/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A security gateway simulated in real time and attached to a real network: its IKEv2 daemon
 * negotiates a tunnel with a real IKEv2 implementation (strongSwan's charon, for example) on the
 * other end of a Linux interface, and a host behind it talks through that tunnel.
 *
 *   ns-3:  host 10.1.0.2 --- 10.1.0.1 gw 192.0.2.2 (--local)  [emulated device on --device]
 *   real:                               | veth / bridge / NIC |
 *          charon 192.0.2.1 (--remote), its protected network 10.2.0.0/24 (10.2.0.1 echoes UDP 7)
 *
 * The gateway's IKEv2 daemon reads a swanctl.conf (--swanctl; without it, the one built from
 * --role, --local, --remote, --ike and --esp below). The host sends a UDP echo request to
 * --echoTarget every 100 ms from --echoStart to --echoStop and answers UDP echo requests on
 * port 9 (so the real side can reach into the simulation through the tunnel). --rekeyChildAt,
 * --rekeyIkeAt and --terminateAt make the ns-3 side rekey its Child SA, rekey its IKE SA and
 * delete the IKE SA at those times. The last line of the output is "SUMMARY {json}": what the
 * daemon and the IPsec layer counted, for a harness (test/test_strongswan_interop.py).
 *
 * Needs root (a PF_PACKET socket) and a network interface up, in promiscuous mode, without an
 * IP address of its own (the simulated gateway owns --local). Checksums are on: turn transmit
 * checksum offload off on the real peer's interface (ethtool -K DEV tx off) or the kernel's
 * partial checksums are dropped as corrupt. See the IKEv2 section of doc/ipsec.rst.
 *
 *   sudo ./build/examples/ipsec-ikev2-live --device=veth-ns3 --role=initiator --duration=20
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <linux/if_ether.h>
#include <net/if.h>
#include <sstream>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecIkev2LiveExample");

namespace
{

/**
 * \brief An emulated device on a raw PF_PACKET socket opened by this process.
 *
 * ns-3's EmuFdNetDeviceHelper asks a setuid helper binary for the socket; Debian's packaged
 * ns-3 points at a path of its build tree, so running as root, the socket is opened here.
 */
class PacketSocketEmuHelper : public EmuFdNetDeviceHelper
{
  protected:
    int CreateFileDescriptor() const override
    {
        int fd = socket(PF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
        if (fd < 0)
        {
            NS_FATAL_ERROR("cannot open a PF_PACKET socket (root needed): " << strerror(errno));
        }
        return fd;
    }
};

/**
 * \param device a network interface name
 * \return why the device cannot carry the simulated gateway, or "" when it can
 */
std::string
CheckDevice(const std::string& device)
{
    if (device.empty() || device.size() >= IFNAMSIZ)
    {
        return "--device must name a network interface";
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
    {
        return std::string("cannot open a socket: ") + strerror(errno);
    }
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, device.c_str(), IFNAMSIZ - 1);
    int rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
    close(fd);
    if (rc < 0)
    {
        return "no network interface " + device + " here";
    }
    if ((ifr.ifr_flags & IFF_UP) == 0)
    {
        return device + " is down (ip link set " + device + " up)";
    }
    if ((ifr.ifr_flags & IFF_PROMISC) == 0)
    {
        return device + " is not in promiscuous mode (ip link set " + device + " promisc on)";
    }
    return "";
}

/// The gateway's swanctl.conf when --swanctl is not given.
std::string
DefaultSwanctl(const std::string& role,
               const std::string& local,
               const std::string& remote,
               const std::string& ike,
               const std::string& esp)
{
    std::ostringstream s;
    s << "connections {\n"
      << "  live {\n"
      << "    local_addrs = " << local << "\n"
      << "    remote_addrs = " << remote << "\n"
      << "    proposals = " << ike << "\n"
      << "    local { auth = psk\n id = ns3.example }\n"
      << "    remote { auth = psk\n id = strongswan.example }\n"
      << "    children {\n"
      << "      net {\n"
      << "        local_ts = 10.1.0.0/24\n"
      << "        remote_ts = 10.2.0.0/24\n"
      << "        esp_proposals = " << esp << "\n"
      << "        start_action = " << (role == "initiator" ? "start" : "none") << "\n"
      << "      }\n"
      << "    }\n"
      << "  }\n"
      << "}\n"
      << "secrets {\n"
      << "  ike-live {\n"
      << "    id-ns3 = ns3.example\n"
      << "    id-peer = strongswan.example\n"
      << "    secret = \"ns-3 meets strongSwan\"\n"
      << "  }\n"
      << "}\n";
    return s.str();
}

/// Appends "name": value to a JSON object under construction.
void
Field(std::ostringstream& json, const std::string& name, uint64_t value)
{
    json << (json.tellp() > 1 ? ", " : "") << "\"" << name << "\": " << value;
}

/// Appends "name": value (milliseconds) to a JSON object under construction.
void
FieldMs(std::ostringstream& json, const std::string& name, const Ikev2Stats::Latency& l)
{
    json << (json.tellp() > 1 ? ", " : "") << "\"" << name << "\": ";
    if (l.count == 0)
    {
        json << "null";
    }
    else
    {
        json << std::fixed << std::setprecision(3) << l.Mean().GetSeconds() * 1000;
    }
}

/// Prints a trace line with the simulated time, flushed (a harness reads it as it comes).
void
Print(const std::string& what, const std::string& text)
{
    std::cout << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds() << " " << what
              << " " << text << std::endl;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string device = "veth-ns3";
    std::string mac = "02:00:00:00:00:01";
    std::string local = "192.0.2.2";
    std::string remote = "192.0.2.1";
    std::string role = "initiator";
    std::string swanctl;
    std::string ike = "aes128gcm16-prfsha256-curve25519";
    std::string esp = "aes128gcm16";
    std::string echoTarget = "10.2.0.1";
    double duration = 20;
    double echoStart = 1;
    double echoStop = 0;
    double rekeyChildAt = 0;
    double rekeyIkeAt = 0;
    double terminateAt = 0;
    std::string pcap;
    std::string keys;
    bool verbose = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("device", "the network interface the gateway is attached to", device);
    cmd.AddValue("mac", "the gateway's MAC address on it", mac);
    cmd.AddValue("local", "the gateway's IPv4 address on it (/24)", local);
    cmd.AddValue("remote", "the real peer's IPv4 address (the gateway's default route)", remote);
    cmd.AddValue("role", "initiator (start_action = start) or responder", role);
    cmd.AddValue("swanctl", "the gateway's swanctl.conf (replaces the built-in one)", swanctl);
    cmd.AddValue("ike", "IKE proposal of the built-in swanctl.conf", ike);
    cmd.AddValue("esp", "ESP proposal of the built-in swanctl.conf", esp);
    cmd.AddValue("echoTarget", "where the host sends its UDP echo requests (port 7)", echoTarget);
    cmd.AddValue("duration", "seconds to run (real time)", duration);
    cmd.AddValue("echoStart", "first echo request at this time (s)", echoStart);
    cmd.AddValue("echoStop", "no echo request from this time (s; 0: 1 s before the end)", echoStop);
    cmd.AddValue("rekeyChildAt", "rekey the Child SA at this time (s; 0: never)", rekeyChildAt);
    cmd.AddValue("rekeyIkeAt", "rekey the IKE SA at this time (s; 0: never)", rekeyIkeAt);
    cmd.AddValue("terminateAt", "delete the IKE SA at this time (s; 0: never)", terminateAt);
    cmd.AddValue("pcap", "PCAP prefix: the gateway's device and its cleartext view", pcap);
    cmd.AddValue("keys", "write PATH.ikev2 (ikev2_decryption_table) and PATH.esp (esp_sa)", keys);
    cmd.AddValue("verbose", "print the daemon's messages, state changes and errors", verbose);
    cmd.Parse(argc, argv);

    if (role != "initiator" && role != "responder")
    {
        std::cerr << "--role must be initiator or responder\n";
        return 1;
    }
    if (!(duration >= 1 && duration <= 86400))
    {
        std::cerr << "--duration must be 1..86400 seconds\n";
        return 1;
    }
    if (echoStop == 0)
    {
        echoStop = duration - 1;
    }
    for (double t : {echoStart, echoStop, rekeyChildAt, rekeyIkeAt, terminateAt})
    {
        if (!(t >= 0 && t <= duration))
        {
            std::cerr << "the times must be within 0..--duration\n";
            return 1;
        }
    }
    Ipv4Address localAddress;
    Ipv4Address remoteAddress;
    Ipv4Address echoAddress;
    if (!IpsecAddressResolver::ParseDottedQuad(local, localAddress)
        || !IpsecAddressResolver::ParseDottedQuad(remote, remoteAddress)
        || !IpsecAddressResolver::ParseDottedQuad(echoTarget, echoAddress))
    {
        std::cerr << "--local, --remote and --echoTarget must be IPv4 addresses\n";
        return 1;
    }
    std::string config;
    if (swanctl.empty())
    {
        config = DefaultSwanctl(role, local, remote, ike, esp);
        swanctl = "built-in swanctl.conf";
    }
    else
    {
        std::ifstream in(swanctl);
        if (!in)
        {
            std::cerr << "cannot read " << swanctl << "\n";
            return 1;
        }
        std::ostringstream text;
        text << in.rdbuf();
        config = text.str();
    }
    if (geteuid() != 0)
    {
        std::cerr << "ipsec-ikev2-live needs root (a PF_PACKET socket on " << device << ")\n";
        return 1;
    }
    std::string problem = CheckDevice(device);
    if (!problem.empty())
    {
        std::cerr << problem << "\n";
        return 1;
    }

    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    Ptr<Node> gw = CreateObject<Node>();
    Ptr<Node> host = CreateObject<Node>();
    InternetStackHelper().Install(NodeContainer(gw, host));

    PacketSocketEmuHelper emu;
    emu.SetDeviceName(device);
    NetDeviceContainer wire = emu.Install(gw);
    wire.Get(0)->SetAddress(Mac48Address(mac.c_str()));
    PointToPointHelper lan;
    lan.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    lan.SetChannelAttribute("Delay", StringValue("100us"));
    NetDeviceContainer lanDevices = lan.Install(gw, host);

    Ptr<Ipv4> ip = gw->GetObject<Ipv4>();
    uint32_t wireIf = ip->AddInterface(wire.Get(0));
    ip->AddAddress(wireIf, Ipv4InterfaceAddress(localAddress, Ipv4Mask("/24")));
    ip->SetUp(wireIf);
    Ipv4AddressHelper addresses("10.1.0.0", "255.255.255.0");
    Ipv4InterfaceContainer lanIf = addresses.Assign(lanDevices);
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(ip)->SetDefaultRoute(remoteAddress, wireIf);
    routing.GetStaticRouting(host->GetObject<Ipv4>())->SetDefaultRoute(lanIf.GetAddress(0), 1);

    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(gw));
    ipsec.AssignStreams(NodeContainer(gw), 1);
    Ikev2Helper ikev2;
    Ptr<Ikev2Daemon> daemon;
    try
    {
        daemon = DynamicCast<Ikev2Daemon>(ikev2.Install(gw, config, swanctl).Get(0));
    }
    catch (const std::exception& e)
    {
        std::cerr << e.what() << "\n";
        return 1;
    }
    Ikev2Helper::AssignStreams(NodeContainer(gw), 10);
    // A trace prints its lines with the time and what they are (lambdas: ns-3.37's bound
    // callbacks trip UBSan's vptr check inside ns-3's own callback.h).
    auto printer = [](const std::string& what) {
        return Callback<void, const std::string&>(
            [what](const std::string& text) { Print(what, text); });
    };
    daemon->TraceConnectWithoutContext("State", printer("state"));
    daemon->TraceConnectWithoutContext("Error", printer("error"));
    if (verbose)
    {
        daemon->TraceConnectWithoutContext("Message", printer("ike"));
    }

    // The host: echo requests into the tunnel, an echo server for the other side.
    UdpEchoServerHelper echoServer(9);
    ApplicationContainer server = echoServer.Install(host);
    uint64_t served = 0;
    server.Get(0)->TraceConnectWithoutContext(
        "Rx",
        Callback<void, Ptr<const Packet>>([&served](Ptr<const Packet>) { ++served; }));
    UdpEchoClientHelper echo(echoAddress, 7);
    uint32_t requests
        = echoStop > echoStart ? static_cast<uint32_t>((echoStop - echoStart) * 10) : 0;
    uint64_t sent = 0;
    uint64_t replies = 0;
    if (requests > 0)
    {
        echo.SetAttribute("MaxPackets", UintegerValue(requests));
        echo.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
        echo.SetAttribute("PacketSize", UintegerValue(200));
        ApplicationContainer client = echo.Install(host);
        client.Start(Seconds(echoStart));
        client.Get(0)->TraceConnectWithoutContext(
            "Tx",
            Callback<void, Ptr<const Packet>>([&sent](Ptr<const Packet>) { ++sent; }));
        client.Get(0)->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>>([&replies](Ptr<const Packet>) { ++replies; }));
    }

    // What the ns-3 side does on its own, for the harness to see the peer follow.
    const std::vector<Ikev2Config::Peer>& peers = daemon->GetConfig().peers;
    std::string connection = peers.empty() ? "" : peers.front().name;
    std::string child = peers.empty() || peers.front().children.empty()
                          ? ""
                          : peers.front().children.front().name;
    auto act = [daemon](const std::string& what, bool ok) {
        Print("action", what + (ok ? "" : " (refused: no such SA)"));
    };
    if (rekeyChildAt > 0)
    {
        Simulator::Schedule(Seconds(rekeyChildAt), [daemon, child, act]() {
            act("rekey child " + child, daemon->RekeyChild(child));
        });
    }
    if (rekeyIkeAt > 0)
    {
        Simulator::Schedule(Seconds(rekeyIkeAt), [daemon, connection, act]() {
            act("rekey ike " + connection, daemon->RekeyIke(connection));
        });
    }
    if (terminateAt > 0)
    {
        Simulator::Schedule(Seconds(terminateAt), [daemon, connection, act]() {
            act("terminate " + connection, daemon->Terminate(connection));
        });
    }
    Simulator::ScheduleNow([]() { Print("ready", "simulation running in real time"); });

    if (!pcap.empty())
    {
        emu.EnablePcap(pcap, wire.Get(0), true);
        IpsecHelper::EnableCleartextPcap(pcap, NodeContainer(gw));
    }

    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    const Ikev2Stats& s = daemon->GetStats();
    const IpsecStats& st = IpsecHelper::Get(gw)->GetStats();
    const IpsecStats::Protocol& e = st.Of(IpsecProtocol::ESP);
    std::cout << "\nIKEv2 live (" << role << "), " << duration << " s on " << device << "\n"
              << "  UDP echo host -> " << echoTarget << ": " << replies << " replies to " << sent
              << " requests; echo requests served: " << served << "\n"
              << "  IKE SAs established " << s.ikeSasEstablished << ", rekeyed " << s.ikeRekeys
              << ", deleted " << s.ikeSasDeleted << "; Child SAs installed " << s.childSasInstalled
              << ", rekeyed " << s.childRekeys << ", deleted " << s.childSasDeleted << "\n"
              << "  ESP " << e.packetsOut << " packets out, " << e.packetsIn << " in ("
              << st.natt.encapsulatedOut << " out in UDP), drops " << st.TotalDrops() << "; IKE "
              << s.TotalMessagesOut() << " messages, " << s.TotalBytesOut() << " bytes out, drops "
              << s.TotalDrops() << "\n";
    std::cout << daemon->Dump();

    int status = 0;
    if (!keys.empty())
    {
        try
        {
            Ikev2KeyExport::Write(keys, NodeContainer(gw));
        }
        catch (const std::exception& ex)
        {
            std::cerr << ex.what() << "\n";
            status = 1;
        }
    }

    std::ostringstream json;
    json << "{";
    Field(json, "echoRequests", sent);
    Field(json, "echoReplies", replies);
    Field(json, "echoServed", served);
    Field(json, "ikeSasEstablished", s.ikeSasEstablished);
    Field(json, "ikeSasFailed", s.ikeSasFailed);
    Field(json, "ikeRekeys", s.ikeRekeys);
    Field(json, "ikeSasDeleted", s.ikeSasDeleted);
    Field(json, "ikeSasNow", daemon->GetIkeSas().size());
    Field(json, "childSasInstalled", s.childSasInstalled);
    Field(json, "childRekeys", s.childRekeys);
    Field(json, "childSasDeleted", s.childSasDeleted);
    Field(json, "childFailures", s.childFailures);
    Field(json, "natDetected", s.natDetected);
    Field(json, "ikeMessagesOut", s.TotalMessagesOut());
    Field(json, "ikeBytesOut", s.TotalBytesOut());
    Field(json, "ikeDrops", s.TotalDrops());
    Field(json, "espPacketsOut", e.packetsOut);
    Field(json, "espPacketsIn", e.packetsIn);
    Field(json, "espInUdpOut", st.natt.encapsulatedOut);
    Field(json, "espInUdpIn", st.natt.encapsulatedIn);
    Field(json, "ipsecDrops", st.TotalDrops());
    FieldMs(json, "setupMs", s.setup);
    FieldMs(json, "ikeSaInitMs", s.ikeSaInit);
    FieldMs(json, "ikeAuthMs", s.ikeAuth);
    FieldMs(json, "childCreateMs", s.childCreate);
    json << "}";
    std::cout << "SUMMARY " << json.str() << std::endl;
    Simulator::Destroy();
    return status;
}
