/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_SOCKET_POLICY_H
#define IPSEC_SOCKET_POLICY_H

#include "ipsec-flow.h"
#include "ipsec-key-result.h"
#include "ipsec-socket-request.h"
#include "security-policy.h"

#include "ns3/object.h"
#include "ns3/socket.h"

#include <array>

namespace ns3
{

class IpsecL3Protocol;

/**
 * \ingroup ipsec
 * \brief Per-socket IPsec policy: what `setsockopt()` gives applications on Solaris and OpenBSD.
 *
 * ns-3 sockets have no setsockopt, so the policy is an object aggregated to the socket
 * (Attach()). It speaks both vocabularies of the seeds:
 *  - Solaris `IP_SEC_OPT` with an ipsec_req_t (SetRequest(), GetRequest()): AH/ESP requests
 *    NEVER, REQUIRED, REQUIRED|UNIQUE, algorithm choices and self-encapsulation;
 *  - OpenBSD `IP_AUTH_LEVEL`, `IP_ESP_TRANS_LEVEL`, `IP_ESP_NETWORK_LEVEL` (SetLevel(),
 *    GetLevel()) with the levels BYPASS, AVAIL, USE, REQUIRE, UNIQUE.
 * Both set the same three category levels; AVAIL in a category means "as the system policy
 * says". A socket starts with the node's default levels (IpsecL3Protocol attributes
 * SocketAuthLevel, SocketEspTransLevel, SocketEspNetworkLevel; AVAIL unless changed).
 *
 * The policy covers the socket's traffic in both directions and overrides the system policy
 * (SPD) for it: a category at USE/REQUIRE/UNIQUE adds or raises that protection, BYPASS removes
 * it, and all three at BYPASS (Solaris NEVER) bypass IPsec altogether. A listening TCP socket's
 * policy covers the connections it accepts. Unprivileged sockets can only add protection:
 * bypassing or lowering a level below the node default fails with EACCES, and with
 * PersockRequirePriv (default on) so does naming algorithms the system policy does not allow
 * for the socket's traffic. A bad value fails with EINVAL. A failed call changes nothing.
 *
 * Once a TCP connection is established its policy is latched (see IpsecL3Protocol): changing
 * the policy of a connected TCP socket fails with EINVAL, as on illumos.
 *
 * UNIQUE gives the socket outbound SAs of its own: only SAs whose policy id (setkey `-u`,
 * SecurityAssociation::SetPolicyId) is GetUniqueId() serve it, and no other traffic uses them.
 */
class IpsecSocketPolicy : public Object
{
  public:
    /// The OpenBSD categories (`IP_AUTH_LEVEL`, `IP_ESP_TRANS_LEVEL`, `IP_ESP_NETWORK_LEVEL`).
    enum Category
    {
        AUTH_LEVEL = 0,       //!< authentication: AH
        ESP_TRANS_LEVEL = 1,  //!< ESP in transport mode
        ESP_NETWORK_LEVEL = 2 //!< ESP in tunnel mode (to the peer itself unless policy names one)
    };

    /// The OpenBSD levels, ordered from lowest to highest (`IPSEC_LEVEL_*`).
    enum Level
    {
        LEVEL_BYPASS = 0,  //!< bypass the system policy (privileged only)
        LEVEL_AVAIL = 1,   //!< as the system policy says (the usual default)
        LEVEL_USE = 2,     //!< protect outbound when an SA exists; accept cleartext inbound
        LEVEL_REQUIRE = 3, //!< protect outbound or drop; refuse cleartext inbound
        LEVEL_UNIQUE = 4   //!< like REQUIRE, with outbound SAs used by this socket only
    };

    /// Number of categories.
    static constexpr size_t CATEGORIES = 3;
    /// Policy ids from here up are reserved for sockets' unique SAs.
    static constexpr uint32_t UNIQUE_ID_BASE = IPSEC_SOCKET_UNIQUE_ID_BASE;

    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecSocketPolicy();

    /**
     * \brief Give a UDP or TCP socket its per-socket policy object (once; later calls return
     * the same object and ignore \p privileged, like a socket's credentials).
     *
     * Aborts with a message when the socket's node has no IPsec or the socket is neither UDP
     * nor TCP (raw sockets bypass the IPsec layer).
     * \param socket the socket
     * \param privileged whether the application holds the privilege to bypass (root, or
     *        PRIV_SYS_IP_CONFIG on Solaris)
     * \return the policy object, aggregated to the socket
     */
    static Ptr<IpsecSocketPolicy> Attach(Ptr<Socket> socket, bool privileged);
    /**
     * \param socket a socket
     * \return its policy object, or null when none was attached
     */
    static Ptr<IpsecSocketPolicy> Find(Ptr<Socket> socket);

    /**
     * \brief Solaris setsockopt(IP_SEC_OPT).
     * \param request the ipsec_req_t
     * \return success, EINVAL (malformed or contradictory request, unknown algorithm, latched
     *         connection) or EACCES (NEVER, lowering, or algorithms without privilege)
     */
    IpsecKeyResult SetRequest(const IpsecSocketRequest& request);
    /**
     * \brief Solaris getsockopt(IP_SEC_OPT).
     * \return the request the current levels amount to (USE and AVAIL read as 0)
     */
    IpsecSocketRequest GetRequest() const;
    /**
     * \brief OpenBSD setsockopt(IP_*_LEVEL).
     * \param category a Category (other values: EINVAL)
     * \param level a Level (other values: EINVAL)
     * \return success, EINVAL or EACCES (BYPASS, or below the node default, without privilege)
     */
    IpsecKeyResult SetLevel(int category, int level);
    /**
     * \brief OpenBSD getsockopt(IP_*_LEVEL).
     * \param category the category
     * \return its level
     */
    Level GetLevel(Category category) const;

    /// \return whether the socket's owner is privileged
    bool IsPrivileged() const;
    /// \return the policy id of SAs reserved for this socket (UNIQUE)
    uint32_t GetUniqueId() const;
    /// \return the socket (null for a node's template of default levels)
    Ptr<Socket> GetSocket() const;
    /// \return the socket's upper-layer protocol (6 or 17)
    uint8_t GetProtocol() const;
    /// \return the port the socket is bound to, 0 when it has none (not bound yet, or closed)
    uint16_t GetBoundPort() const;

    /// \return true when every category is BYPASS (Solaris NEVER)
    bool BypassesAll() const;
    /// \return true when some category is not AVAIL, or algorithms are chosen
    bool Overrides() const;

    /**
     * \brief How specifically the socket owns a flow, like the transport's demultiplexer.
     * \param flow a flow seen from this node
     * \return -1 when not the socket's; 0 wildcard-bound, 1 bound to the address, 2 connected
     */
    int Match(const IpsecFlow& flow) const;

    /**
     * \brief The policy the socket's traffic gets: the system decision with the socket's
     * categories applied. Only meaningful when Overrides() and not BypassesAll().
     * \param system the SPD's entry for the flow (null when none matched)
     * \param flow the flow
     * \param direction OUTBOUND or INBOUND (UNIQUE binds only outbound SAs)
     * \return the policy to enforce (a DROP entry stays; empty protection reads as BYPASS)
     */
    Ptr<SecurityPolicy> Apply(Ptr<SecurityPolicy> system,
                              const IpsecFlow& flow,
                              SecurityPolicy::Direction direction) const;

  private:
    friend class IpsecSocketRegistry;

    /// Everything a request sets, validated before any of it is stored.
    struct State
    {
        std::array<Level, CATEGORIES> levels{LEVEL_AVAIL, LEVEL_AVAIL, LEVEL_AVAIL};
        const IpsecAlgorithm* ahAuthentication = nullptr;  //!< chosen AH MAC, null = any
        const IpsecAlgorithm* espEncryption = nullptr;     //!< chosen ESP cipher, null = any
        const IpsecAlgorithm* espAuthentication = nullptr; //!< chosen ESP MAC, null = any
        bool ahTunnel = false; //!< Solaris self-encapsulation with AH only: AH in tunnel mode
    };

    /**
     * \brief Set up for a socket of a node (called by IpsecL3Protocol).
     * \param ipsec the node's IPsec layer
     * \param protocol 6 or 17
     * \param privileged the owner's privilege
     * \param defaults the node's default levels
     * \param uniqueId the policy id reserved for the socket
     */
    void Setup(Ptr<IpsecL3Protocol> ipsec,
               uint8_t protocol,
               bool privileged,
               const std::array<Level, CATEGORIES>& defaults,
               uint32_t uniqueId);
    IpsecKeyResult Store(const State& state);
    IpsecKeyResult CheckAlgorithmsAllowed(const State& state) const;
    bool SystemAllows(IpsecProtocol protocol,
                      const IpsecAlgorithm* algorithm,
                      bool encryption) const;
    bool Latched() const;
    IpsecProtectionRequest Request(Category category,
                                   const IpsecProtectionRequest* existing,
                                   const IpsecFlow& flow,
                                   SecurityPolicy::Direction direction) const;
    static Category CategoryOf(const IpsecProtectionRequest& request);
    static Level LevelOf(IpsecLevel level);
    void DoDispose() override;
    void NotifyNewAggregate() override;

    Ptr<IpsecL3Protocol> m_ipsec; //!< the node's IPsec layer (the socket is our aggregate)
    /// The socket we are aggregated to, kept when aggregated: asking the aggregate for it on
    /// every packet costs more than the rest of the match. Not a reference: we share its life.
    Socket* m_socket{nullptr};
    uint8_t m_protocol{17};
    bool m_privileged{false};
    uint32_t m_uniqueId{0};
    std::array<Level, CATEGORIES> m_defaults{LEVEL_AVAIL, LEVEL_AVAIL, LEVEL_AVAIL};
    State m_state;
};

/// \param level a level \return "bypass", "avail", "use", "require" or "unique"
std::string ToString(IpsecSocketPolicy::Level level);

} // namespace ns3

#endif /* IPSEC_SOCKET_POLICY_H */
