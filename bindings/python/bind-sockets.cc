/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python bindings: UDP/TCP sockets (enough to drive them from a script) and per-socket IPsec
 * policy (Solaris IP_SEC_OPT requests, OpenBSD levels).
 */
#include "bindings.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-l3-protocol.h"
#include "ns3/ipsec-socket-policy.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"

#include <map>

using namespace ns3;

namespace ns3ipsec
{
namespace
{
/// Bytes and datagrams each socket received (sockets created by Socket.udp/tcp).
struct Received
{
    uint64_t packets = 0;
    uint64_t bytes = 0;
    bool echo = false;
};

std::map<Socket*, Received> g_received;
std::map<Socket*, Socket*> g_listener; //!< accepted TCP socket -> its listening socket

void
OnReceive(Ptr<Socket> socket)
{
    // An accepted connection counts for the listening socket the script holds.
    auto parent = g_listener.find(PeekPointer(socket));
    Received& r = g_received[parent == g_listener.end() ? PeekPointer(socket) : parent->second];
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        ++r.packets;
        r.bytes += p->GetSize();
        if (r.echo)
        {
            socket->SendTo(Create<Packet>(p->GetSize()), 0, from);
        }
    }
}

void
OnAccept(Socket* listener, Ptr<Socket> socket, const Address&)
{
    g_received.erase(PeekPointer(socket));
    g_listener[PeekPointer(socket)] = listener;
    socket->SetRecvCallback(MakeCallback(&OnReceive));
}

Ptr<Socket>
NewSocket(Ptr<Node> node, TypeId factory, const std::string& who)
{
    RequireSocketFactory(LiveNode(node), factory, who);
    Ptr<Socket> s = Socket::CreateSocket(node, factory);
    // Forget whatever an earlier socket at the same address left (counts are by pointer).
    g_received[PeekPointer(s)] = Received{};
    g_listener.erase(PeekPointer(s));
    s->SetRecvCallback(MakeCallback(&OnReceive));
    return s;
}

/// The socket, or TypeError for None / ValueError when Simulator.Destroy() ended its node.
Ptr<Socket>
Live(Ptr<Socket> socket)
{
    NotNone(socket, "socket");
    Ptr<Node> node = socket->GetNode();
    if (!node)
    {
        throw py::value_error("the socket belongs to a simulation that Simulator.Destroy() ended");
    }
    LiveNode(node, "the socket's node");
    return socket;
}

/// "udp" or "tcp"
std::string
ProtocolOf(Ptr<Socket> socket)
{
    return DynamicCast<TcpSocket>(socket) ? "tcp" : "udp";
}

void
Check(int rc, Ptr<Socket> socket, const std::string& what)
{
    if (rc != 0)
    {
        throw py::value_error(what + " failed (socket error " + std::to_string(socket->GetErrno())
                              + ")");
    }
}
} // namespace

void
BindSockets(py::module_& m)
{
    py::class_<Socket, Object, Ptr<Socket>>(
        m,
        "Socket",
        "A UDP or TCP socket. It counts what it receives (received_packets/bytes), echoes it back "
        "when asked, and accepted TCP connections do the same.")
        .def_static(
            "udp",
            [](Ptr<Node> node) {
                return NewSocket(node, UdpSocketFactory::GetTypeId(), "Socket.udp");
            },
            py::arg("node"))
        .def_static(
            "tcp",
            [](Ptr<Node> node) {
                return NewSocket(node, TcpSocketFactory::GetTypeId(), "Socket.tcp");
            },
            py::arg("node"))
        .def_static(
            "CreateSocket",
            [](Ptr<Node> node, const TypeId& factory) {
                if (factory != UdpSocketFactory::GetTypeId()
                    && factory != TcpSocketFactory::GetTypeId())
                {
                    throw py::value_error("Socket.CreateSocket: the bindings' sockets are "
                                          "ns3::UdpSocketFactory or ns3::TcpSocketFactory, not "
                                          + factory.GetName());
                }
                return NewSocket(node, factory, "Socket.CreateSocket");
            },
            py::arg("node"),
            py::arg("tid"),
            "Socket.CreateSocket(node, TypeId.LookupByName('ns3::UdpSocketFactory')).")
        .def(
            "Bind",
            [](Ptr<Socket> s, uint16_t port) {
                Live(s);
                ClaimPorts(NodeContainer(s->GetNode()),
                           ProtocolOf(s),
                           port,
                           "a Python socket",
                           PortFamilies::IPV4);
                Check(s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)), s, "Bind");
            },
            py::arg("port") = 0,
            "Bind to a port of IPv4's any address (0: any port).")
        .def(
            "Bind",
            [](Ptr<Socket> s, const AddressArg& local) {
                Live(s);
                Address address = AddressOf(local, "Socket.Bind");
                bool ipv6 = Inet6SocketAddress::IsMatchingType(address);
                if (!ipv6 && !InetSocketAddress::IsMatchingType(address))
                {
                    throw py::value_error("Socket.Bind: a port, or a socket address "
                                          "(InetSocketAddress, Inet6SocketAddress), not "
                                          + py::repr(local.value).cast<std::string>());
                }
                uint16_t port = ipv6 ? Inet6SocketAddress::ConvertFrom(address).GetPort()
                                     : InetSocketAddress::ConvertFrom(address).GetPort();
                ClaimPorts(NodeContainer(s->GetNode()),
                           ProtocolOf(s),
                           port,
                           "a Python socket",
                           ipv6 ? PortFamilies::IPV6 : PortFamilies::IPV4);
                Check(s->Bind(address), s, "Bind");
            },
            py::arg("address"),
            "Bind to a socket address: Inet6SocketAddress(Ipv6Address.GetAny(), 9) listens on "
            "IPv6.")
        .def(
            "Listen",
            [](Ptr<Socket> s) {
                Live(s);
                s->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                     MakeBoundCallback(&OnAccept, PeekPointer(s)));
                Check(s->Listen(), s, "Listen");
            },
            "TCP: accept connections; what they receive counts (and echoes) as this socket's.")
        .def(
            "ConnectAt",
            [](Ptr<Socket> s, const py::object& when, const AddressArg& address, uint16_t port) {
                Live(s);
                IpsecAddress ip = IpOf(address, "Socket.ConnectAt address");
                Address to = ip.IsIpv6() ? Address(Inet6SocketAddress(ip.GetIpv6(), port))
                                         : Address(InetSocketAddress(ip.GetIpv4(), port));
                Simulator::Schedule(ToTime(when, "Socket.ConnectAt time"),
                                    [s, to]() { s->Connect(to); });
            },
            py::arg("time"),
            py::arg("address"),
            py::arg("port"),
            "Connect at a simulation time (TCP cannot connect before the simulation runs).")
        .def(
            "SendAt",
            [](Ptr<Socket> s, const py::object& when, uint32_t size) {
                Live(s);
                Simulator::Schedule(ToTime(when, "Socket.SendAt time"),
                                    [s, size]() { s->Send(Create<Packet>(size)); });
            },
            py::arg("time"),
            py::arg("size"))
        .def(
            "SetEcho",
            [](Ptr<Socket> s, bool echo) { g_received[PeekPointer(s)].echo = echo; },
            py::arg("echo") = true)
        .def_property_readonly("received_packets",
                               [](Ptr<Socket> s) { return g_received[PeekPointer(s)].packets; })
        .def_property_readonly("received_bytes",
                               [](Ptr<Socket> s) { return g_received[PeekPointer(s)].bytes; });

    py::class_<IpsecSocketRequest> request(m,
                                           "SocketRequest",
                                           "Solaris ipsec_req_t for IP_SEC_OPT: request fields "
                                           "take PREF_NEVER, PREF_REQUIRED (| PREF_UNIQUE); "
                                           "algorithms are PF_KEY numbers, 0 for any.");
    request
        .def(py::init([](uint32_t ah,
                         uint32_t esp,
                         uint32_t selfEncap,
                         uint8_t auth,
                         uint8_t encr,
                         uint8_t espAuth) {
                 IpsecSocketRequest r;
                 r.ahRequest = ah;
                 r.espRequest = esp;
                 r.selfEncapRequest = selfEncap;
                 r.authAlgorithm = auth;
                 r.espAlgorithm = encr;
                 r.espAuthAlgorithm = espAuth;
                 return r;
             }),
             py::arg("ah") = 0,
             py::arg("esp") = 0,
             py::arg("self_encap") = 0,
             py::arg("auth_alg") = 0,
             py::arg("esp_alg") = 0,
             py::arg("esp_auth_alg") = 0)
        .def_readwrite("ah", &IpsecSocketRequest::ahRequest)
        .def_readwrite("esp", &IpsecSocketRequest::espRequest)
        .def_readwrite("self_encap", &IpsecSocketRequest::selfEncapRequest)
        .def_readwrite("auth_alg", &IpsecSocketRequest::authAlgorithm)
        .def_readwrite("esp_alg", &IpsecSocketRequest::espAlgorithm)
        .def_readwrite("esp_auth_alg", &IpsecSocketRequest::espAuthAlgorithm)
        .def("__eq__", &IpsecSocketRequest::operator==);
    request.attr("PREF_NEVER") = IpsecSocketRequest::PREF_NEVER;
    request.attr("PREF_REQUIRED") = IpsecSocketRequest::PREF_REQUIRED;
    request.attr("PREF_UNIQUE") = IpsecSocketRequest::PREF_UNIQUE;

    py::class_<IpsecSocketPolicy, Object, Ptr<IpsecSocketPolicy>> policy(
        m,
        "SocketPolicy",
        "Per-socket IPsec policy. Attach(socket, privileged) once; errors come back as KeyResult "
        "(EINVAL, EACCES).");
    policy
        .def_static(
            "Attach",
            [](Ptr<Socket> socket, bool privileged) {
                Live(socket);
                if (!socket->GetNode()->GetObject<IpsecL3Protocol>())
                {
                    throw py::value_error("SocketPolicy.Attach: node "
                                          + std::to_string(socket->GetNode()->GetId())
                                          + " has no IPsec: call IpsecHelper.Install first");
                }
                return Handed(IpsecSocketPolicy::Attach(socket, privileged));
            },
            py::arg("socket"),
            py::arg("privileged") = false)
        .def("SetRequest",
             Alive(&IpsecSocketPolicy::SetRequest, "the socket policy"),
             py::arg("request"))
        .def("GetRequest", Alive(&IpsecSocketPolicy::GetRequest, "the socket policy"))
        .def("SetLevel",
             Alive(&IpsecSocketPolicy::SetLevel, "the socket policy"),
             py::arg("category"),
             py::arg("level"))
        .def(
            "GetLevel",
            [](const IpsecSocketPolicy& p, int category) {
                CheckAlive(p, "the socket policy");
                if (category < 0 || category >= int(IpsecSocketPolicy::CATEGORIES))
                {
                    throw py::value_error("unknown category " + std::to_string(category));
                }
                return int(p.GetLevel(IpsecSocketPolicy::Category(category)));
            },
            py::arg("category"))
        .def("IsPrivileged", &IpsecSocketPolicy::IsPrivileged)
        .def("GetUniqueId", &IpsecSocketPolicy::GetUniqueId);
    policy.attr("AUTH_LEVEL") = int(IpsecSocketPolicy::AUTH_LEVEL);
    policy.attr("ESP_TRANS_LEVEL") = int(IpsecSocketPolicy::ESP_TRANS_LEVEL);
    policy.attr("ESP_NETWORK_LEVEL") = int(IpsecSocketPolicy::ESP_NETWORK_LEVEL);
    policy.attr("LEVEL_BYPASS") = int(IpsecSocketPolicy::LEVEL_BYPASS);
    policy.attr("LEVEL_AVAIL") = int(IpsecSocketPolicy::LEVEL_AVAIL);
    policy.attr("LEVEL_USE") = int(IpsecSocketPolicy::LEVEL_USE);
    policy.attr("LEVEL_REQUIRE") = int(IpsecSocketPolicy::LEVEL_REQUIRE);
    policy.attr("LEVEL_UNIQUE") = int(IpsecSocketPolicy::LEVEL_UNIQUE);
    m.attr("IpsecSocketPolicy") = m.attr("SocketPolicy");
    m.attr("IpsecSocketRequest") = m.attr("SocketRequest");
}

} // namespace ns3ipsec
