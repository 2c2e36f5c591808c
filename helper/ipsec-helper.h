/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_HELPER_H
#define IPSEC_HELPER_H

#include "ns3/ipsec-config.h"
#include "ns3/ipsec-l3-protocol.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Installs IPsec on nodes and configures their SPDs and SADBs.
 *
 * Misuse (a bad suite, the same node at both ends, an address the node does not own, a pair
 * protected twice, a refused SA or policy) throws std::invalid_argument before anything is
 * changed. Keys and SPIs come from a random stream the helper fixes when it is constructed (the
 * n-th helper of a simulation always uses the same one), so they depend on RngSeed, RngRun and
 * the order of the helper's calls only: not on when AssignStreams() is called, nor on other
 * random variables, and every rank of a distributed simulation draws the same ones.
 *
 * \code
 *   InternetStackHelper().Install(nodes);        // first the internet stack
 *   IpsecHelper ipsec;
 *   ipsec.Install(nodes);
 *   IpsecHelper::Suite suite;                     // ESP aes-cbc + hmac-sha256-128, require
 *   ipsec.ProtectPair(nodes.Get(0), a, nodes.Get(1), b, suite);
 * \endcode
 */
class IpsecHelper
{
  public:
    /// A named protection suite for ProtectPair().
    struct Suite
    {
        bool esp = true;                                  //!< use ESP
        bool ah = false;                                  //!< use AH (outside ESP when both)
        std::string encryption = "aes-cbc";               //!< ESP cipher or AEAD
        std::string authentication = "hmac-sha256-128";   //!< ESP integrity ("none" for AEAD)
        std::string ahAuthentication = "hmac-sha256-128"; //!< AH integrity
        IpsecLevel level = IpsecLevel::REQUIRE;           //!< policy level
        uint32_t replayWindow = 64;                       //!< anti-replay window (packets)
        bool extendedSequenceNumbers = false;             //!< ESN

        /**
         * \brief Build a suite from command-line words.
         * \param protocol "esp", "ah" or "esp+ah"
         * \param encryption ESP cipher/AEAD name
         * \param authentication integrity name (ignored for AEAD ciphers; used by AH)
         * \return the suite; throws std::invalid_argument with a clear message on bad input
         */
        static Suite Parse(const std::string& protocol,
                           const std::string& encryption,
                           const std::string& authentication);
        /**
         * \brief Check that the suite makes valid SAs (known algorithms that go together, a
         * replay window within bounds, at least one protocol).
         * \throws std::invalid_argument naming the problem
         */
        void Check() const;
    };

    IpsecHelper();

    /**
     * \brief Set an attribute of the IpsecL3Protocol objects Install() creates.
     * \param name attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Install IPsec on a node (the internet stack must be installed first).
     * \param node the node
     * \return its IPsec layer
     */
    Ptr<IpsecL3Protocol> Install(Ptr<Node> node) const;
    /// \param nodes nodes to install IPsec on
    void Install(NodeContainer nodes) const;
    /**
     * \param node a node with IPsec installed
     * \return its IPsec layer (fatal error when there is none)
     */
    static Ptr<IpsecL3Protocol> Get(Ptr<Node> node);

    /**
     * \brief SPDADD on a node.
     * \param node the node
     * \param policy the entry
     * \return the entry's id
     * \throws std::invalid_argument when the SPD has an entry with the same selectors
     */
    static uint32_t AddPolicy(Ptr<Node> node, Ptr<SecurityPolicy> policy);
    /**
     * \brief ADD an SA to a node's SADB.
     * \param node the node
     * \param sa the SA
     * \throws std::invalid_argument with the SADB's reason when it refuses the SA
     */
    static void AddSa(Ptr<Node> node, Ptr<SecurityAssociation> sa);

    /**
     * \brief Protect all traffic between two addresses: an SA pair per protocol with fresh random
     * keys and SPIs installed on both nodes, and mirrored host-pair policies.
     * \param a first node
     * \param aAddress its address (IPv4, or IPv6 for ESP in transport mode)
     * \param b second node
     * \param bAddress its address, of the same family
     * \param suite what protection
     */
    void ProtectPair(Ptr<Node> a,
                     const IpsecAddress& aAddress,
                     Ptr<Node> b,
                     const IpsecAddress& bAddress,
                     const Suite& suite);

    /**
     * \brief Keys only: an SA pair per protocol between two hosts, with fresh random keys and
     * SPIs on both nodes, and no policy. Per-socket policy (IpsecSocketPolicy) and `use`-level
     * host policies then decide what uses them.
     * \param a first node
     * \param aAddress its address
     * \param b second node
     * \param bAddress its address
     * \param suite what protection
     * \param mode TRANSPORT, or TUNNEL for self-encapsulation (an outer header between the same
     *        two addresses, Solaris ipsr_self_encap_req)
     * \param aPolicyId policy id of the SAs \p a sends with: a socket's
     *        IpsecSocketPolicy::GetUniqueId() for its UNIQUE SAs, 0 for shared ones
     */
    void KeyPair(Ptr<Node> a,
                 const IpsecAddress& aAddress,
                 Ptr<Node> b,
                 const IpsecAddress& bAddress,
                 const Suite& suite,
                 IpsecMode mode = IpsecMode::TRANSPORT,
                 uint32_t aPolicyId = 0);

    /**
     * \brief A VPN: protect all traffic between two networks with tunnel-mode SAs between two
     * security gateways (fresh random keys and SPIs on both) and mirrored network policies.
     *
     * The hosts behind the gateways need no IPsec. For remote access, make one side a host
     * that is its own gateway: its address as gateway address and as a /32 network. With
     * ESP and AH both in the suite, ESP is the tunnel and AH covers the outer header. The
     * networks may be IPv4 or IPv6, and so may the gateway addresses, independently: IPv6 LANs
     * over an IPv4 core (6-in-4), and the reverse (4-in-6), work as 4-in-4 and 6-in-6 do.
     *
     * \param a first gateway (or remote-access host)
     * \param aAddress its tunnel endpoint address
     * \param aNetwork the network behind it
     * \param aMask that network's mask
     * \param b second gateway
     * \param bAddress its tunnel endpoint address
     * \param bNetwork the network behind it
     * \param bMask that network's mask
     * \param suite what protection
     */
    void ProtectNetworks(Ptr<Node> a,
                         const IpsecAddress& aAddress,
                         const IpsecAddress& aNetwork,
                         const IpsecMask& aMask,
                         Ptr<Node> b,
                         const IpsecAddress& bAddress,
                         const IpsecAddress& bNetwork,
                         const IpsecMask& bMask,
                         const Suite& suite);

    /**
     * \brief A route-based VPN: a tunnel interface on each gateway (IpsecTunnelInterface),
     * tunnel-mode SAs between them, a per-tunnel policy protecting everything routed in, and a
     * static route to the far network through it.
     *
     * The endpoints are of one family, the networks of one family, which may differ (6-in-4,
     * 4-in-6). For IPv4 networks the interfaces are addressed from 169.254.0.0/16 (a /30 each
     * pair), for IPv6 networks from fd00:a9fe::/32 (a /64 each pair). Each gateway needs an IP
     * stack of both families it uses.
     *
     * \param a first gateway
     * \param aAddress its tunnel endpoint address
     * \param aNetwork the network behind it
     * \param aMask that network's mask (of the network's family)
     * \param b second gateway
     * \param bAddress its tunnel endpoint address
     * \param bNetwork the network behind it
     * \param bMask that network's mask
     * \param suite what protection
     * \return the two tunnel interfaces (a's, b's)
     * \throws std::invalid_argument for bad ends (see ProtectNetworks) or a gateway without
     * the networks' IP stack
     */
    std::pair<Ptr<IpsecTunnelInterface>, Ptr<IpsecTunnelInterface>> AddRouteBasedTunnel(
        Ptr<Node> a,
        const IpsecAddress& aAddress,
        const IpsecAddress& aNetwork,
        const IpsecMask& aMask,
        Ptr<Node> b,
        const IpsecAddress& bAddress,
        const IpsecAddress& bNetwork,
        const IpsecMask& bMask,
        const Suite& suite);

    /**
     * \brief Random key material of an algorithm's default size, from the helper's key stream.
     * \param algorithm name
     * \return the bytes (salt included)
     * \throws std::invalid_argument for an unknown algorithm
     */
    IpsecBytes GenerateKey(const std::string& algorithm);

    /**
     * \brief Fix the random streams of the nodes' IPsec layers (IVs, GETSPI, key management).
     * Keys and SPIs the helper makes come from its own fixed stream (see the class
     * description), whenever this is called.
     * \param nodes nodes with IPsec installed
     * \param stream first stream
     * \return streams used
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream);

    /**
     * \brief The enc0 view: PCAP files (raw IPv4) of every datagram before protection and after
     * verification, one file per node: `<prefix>-<node>-enc.pcap`.
     * \param prefix file name prefix
     * \param nodes the nodes
     */
    static void EnableCleartextPcap(const std::string& prefix, NodeContainer nodes);

    /**
     * \brief Print every node's statistics (`netstat -p esp` style).
     * \param os the stream
     * \param nodes the nodes
     */
    static void PrintStats(std::ostream& os, NodeContainer nodes);
    /**
     * \brief Load a configuration file into a node's databases (all or nothing).
     * \param node a node with IPsec installed
     * \param format ipsecconf, ipseckey or setkey
     * \param path the file
     * \return the result: ok, or the error as file:line:column: message
     */
    static IpsecConfigResult LoadConfigFile(Ptr<Node> node,
                                            IpsecConfigFormat format,
                                            const std::string& path);
    /**
     * \brief Load configuration text into a node's databases (all or nothing).
     * \param node a node with IPsec installed
     * \param format ipsecconf, ipseckey or setkey
     * \param text the statements
     * \return the result: ok, or the error as text:line:column: message
     */
    static IpsecConfigResult LoadConfigText(Ptr<Node> node,
                                            IpsecConfigFormat format,
                                            const std::string& text);

  private:
    /// One end of a protected relationship.
    struct Side
    {
        Ptr<Node> node;       //!< the node holding the SAs (host or gateway)
        IpsecAddress address; //!< its address (the SA / tunnel endpoint)
        IpsecAddress network; //!< what it protects: itself (a host mask) or the network behind it
        IpsecMask mask;       //!< the network's mask
    };

    /// Throw unless the two networks and their masks are of one family (\p what names the call).
    static void CheckNetworks(const Side& a, const Side& b, const std::string& what);

    /// SA pairs (fresh keys, SPIs) on both sides; returns each side's policy bundle.
    std::pair<std::vector<IpsecProtectionRequest>, std::vector<IpsecProtectionRequest>> AddSaPairs(
        const Side& a,
        const Side& b,
        const Suite& suite,
        IpsecMode mode,
        uint32_t aPolicyId = 0);
    uint32_t NewSpi(Ptr<Node> destinationNode,
                    IpsecProtocol protocol,
                    const IpsecAddress& destination);
    static void CheckEnds(const Side& a, const Side& b, const std::string& what);

    ObjectFactory m_factory;
    uint32_t m_tunnels{0}; //!< route-based tunnels created (for their /30 addresses)
    Ptr<UniformRandomVariable> m_random;
};

} // namespace ns3

#endif /* IPSEC_HELPER_H */
