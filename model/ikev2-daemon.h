/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IKEV2_DAEMON_H
#define IKEV2_DAEMON_H

/**
 * \file
 * \ingroup ipsec
 * The IKEv2 daemon (RFC 7296): an ns-3 Application that negotiates IKE and Child SAs with its
 * peers over UDP 500/4500 and installs them through the PF_KEY-style interface.
 */

#include "ikev2-config.h"
#include "ikev2-ike-sa.h"
#include "ikev2-key-record.h"
#include "ikev2-peer-index.h"
#include "ikev2-proposal-spec.h"
#include "ikev2-stats.h"
#include "ipsec-key-events.h"
#include "ipsec-key-management.h"

#include "ns3/application.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

class Ikev2CookieJar;

/**
 * \ingroup ipsec
 * \brief An IKEv2 daemon for one node, like strongSwan's charon or Solaris's in.ikev2d.
 *
 * It talks to the node's IPsec only through IpsecKeyManagement (REGISTER, ACQUIRE, GETSPI,
 * UPDATE, ADD, DELETE, EXPIRE, SPDADD), as real daemons do over PF_KEY, and its two UDP
 * sockets (IkePort, NattPort) bypass IPsec through a per-socket policy. Configuration is a
 * swanctl.conf (connections with children, which get their own SPD entries) or a Solaris
 * ikev2.config with ikev2.preshared (rules only: the node's SPD, from ipsecinit.conf, decides
 * what is protected, and Child SAs are negotiated on ACQUIRE).
 *
 * Exchanges: IKE_SA_INIT (cookies, INVALID_KE_PAYLOAD, NAT detection), IKE_AUTH with pre-shared
 * keys and the first Child SA, CREATE_CHILD_SA for new and rekeyed Child SAs (with PFS when the
 * proposal has a DH group), INFORMATIONAL for Delete and liveness. Requests are retransmitted
 * with back-off; the responder answers retransmitted requests from its cache.
 */
class Ikev2Daemon : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    Ikev2Daemon();
    ~Ikev2Daemon() override;

    /**
     * \brief Read the configuration named by the attributes (ConfigFormat, ConfigText or
     * ConfigFile, SecretsText or SecretsFile), check it and its proposals, and make it the
     * daemon's. Nothing changes on an error.
     * \return ok, or the first error as `source:line:column: message`
     */
    Ikev2ConfigResult LoadConfiguration();

    /**
     * \brief Use a configuration built in code (or read by the caller). It is checked like a
     * file's; nothing changes on an error. Must be called before the application starts.
     * \param config the configuration
     * \return ok, or the first error
     */
    Ikev2ConfigResult SetConfig(const Ikev2Config& config);

    /// \return the configuration in use
    const Ikev2Config& GetConfig() const;

    /**
     * \brief Assign a fixed random stream (SPIs, nonces, DH keys, IVs, cookies, jitter).
     * \param stream the first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Negotiate a connection now (swanctl --initiate).
     * \param connection its name
     * \param child the child to create with it ("" = the first, none for a Solaris rule)
     * \return false when there is no such connection or child, or no single peer address
     */
    bool Initiate(const std::string& connection, const std::string& child = "");

    /**
     * \brief Delete every IKE SA of a connection, with its children (swanctl --terminate).
     * \param connection its name
     * \return false when no IKE SA of it exists
     */
    bool Terminate(const std::string& connection);

    /**
     * \brief Rekey the established IKE SAs of a connection now (swanctl --rekey --ike).
     * \param connection its name
     * \return false when none is established
     */
    bool RekeyIke(const std::string& connection);

    /**
     * \brief Rekey the installed Child SAs of a name now (swanctl --rekey --child).
     * \param child the child's name
     * \return false when none is installed
     */
    bool RekeyChild(const std::string& child);

    /// \return the counters
    const Ikev2Stats& GetStats() const;
    /// Zero the counters.
    void ResetStats();
    /// \return the IKE SAs that exist now (not the dead ones)
    std::vector<Ptr<const Ikev2IkeSa>> GetIkeSas() const;
    /// \return the keys of every IKE SA established, in order (for Ikev2KeyExport)
    const std::vector<Ikev2KeyRecord>& GetKeyLog() const;
    /// \return every ESP SA the daemon installed, rekeyed-away ones included
    const std::vector<Ptr<SecurityAssociation>>& GetChildSaLog() const;
    /// \return the IKE SAs and their children, like `swanctl --list-sas`
    std::string Dump() const;

    /**
     * TracedCallback signature for text events (messages, state changes, errors).
     * \param text the event
     */
    typedef void (*TextTracedCallback)(const std::string& text);

  protected:
    /// Cancel every timer and drop every reference.
    void DoDispose() override;

  private:
    /// Where a datagram came from and went to.
    struct PacketInfo
    {
        IpsecAddress local;     //!< its destination (ours)
        uint16_t localPort{0};  //!< its destination port
        IpsecAddress remote;    //!< its source (the peer, or its NAT)
        uint16_t remotePort{0}; //!< its source port
    };

    /// The daemon's view of one connection: parsed proposals, policy ids, SPD entries.
    struct PeerRuntime
    {
        std::vector<Ikev2ProposalSpec> ike;              //!< IKE proposals
        std::vector<std::vector<Ikev2ProposalSpec>> esp; //!< ESP proposals per child
        std::vector<uint32_t> reqids;                    //!< policy id (unique:N) per child
        std::vector<std::vector<uint32_t>> spdIds;       //!< SPD entries installed per child
        std::vector<uint32_t> live;                      //!< installed Child SAs per child
        uint32_t restarts{0};                            //!< initiation attempts so far
    };

    /// What a new Child SA is to be made for (from the configuration or an ACQUIRE).
    struct ChildRequest
    {
        uint32_t peerIndex{0};                    //!< the connection
        int32_t childIndex{-1};                   //!< the child, -1 for a Solaris rule
        std::vector<Ikev2TrafficSelector> local;  //!< TSi (ours)
        std::vector<Ikev2TrafficSelector> remote; //!< TSr (the peer's)
        IpsecMode mode{IpsecMode::TUNNEL};        //!< its mode
        std::vector<Ikev2ProposalSpec> esp;       //!< ESP proposals (with DH for PFS)
        uint32_t reqid{0};                        //!< the policy id its SAs serve
        uint32_t spdEntry{0};                     //!< Solaris: the SPD entry that asked
        bool restart{false};                      //!< a restart: failures are retried (keyingtries)
        Time requested;                           //!< when asked for
        bool measureSetup{false};                 //!< counts in Ikev2Stats::setup
    };

    void StartApplication() override;
    void StopApplication() override;

    Ikev2ConfigResult Adopt(const Ikev2Config& config);
    uint8_t RandomByte();
    IpsecBytes RandomBytes(size_t n);
    uint64_t NewIkeSpi();

    // Sockets and dispatch
    Ptr<Socket> OpenSocket(uint16_t port, bool ipv6);
    Ptr<Socket> SocketFor(const IpsecAddress& to, bool natt) const;
    void Receive(Ptr<Socket> socket);
    void Dispatch(const uint8_t* data, size_t n, const PacketInfo& info);
    void SendBytes(const IpsecBytes& wire,
                   const IpsecAddress& to,
                   uint16_t toPort,
                   bool encap,
                   Ikev2ExchangeType exchange);
    void SendToPeer(Ptr<Ikev2IkeSa> sa, const IpsecBytes& wire, Ikev2ExchangeType exchange);
    void Drop(Ikev2DropReason reason, const std::string& detail);
    void ErrorEvent(const std::string& what);
    void TraceMessage(bool sent,
                      const Ikev2Message& m,
                      const IpsecAddress& peer,
                      uint16_t port,
                      size_t bytes);

    // Requests and responses on an IKE SA (a window of one)
    void SendRequest(Ptr<Ikev2IkeSa> sa,
                     Ikev2ExchangeType exchange,
                     std::vector<Ikev2Payload> payloads,
                     std::function<void(const Ikev2Message&)> onResponse);
    void Transmit(Ptr<Ikev2IkeSa> sa);
    void RetransmitTimeout(Ptr<Ikev2IkeSa> sa);
    void SendResponse(Ptr<Ikev2IkeSa> sa,
                      Ikev2ExchangeType exchange,
                      uint32_t messageId,
                      const std::vector<Ikev2Payload>& payloads);
    void SendUnprotected(const Ikev2Header& request,
                         const PacketInfo& info,
                         const std::vector<Ikev2Payload>& payloads);
    void NextQueued(Ptr<Ikev2IkeSa> sa);

    // IKE_SA_INIT
    bool ResolveAddresses(uint32_t peerIndex, IpsecAddress& local, IpsecAddress& remote) const;
    int32_t FindPeer(const IpsecAddress& local,
                     const IpsecAddress& remote,
                     const Ikev2Identity* remoteId) const;
    const IpsecBytes* PeerKey(uint32_t peerIndex, Ikev2Config::KeyUse use) const;
    std::vector<Ikev2Payload> NatDetectionPayloads(const Ikev2IkeSa& sa, bool force) const;
    Ptr<Ikev2IkeSa> StartIkeSa(uint32_t peerIndex);
    void SendInitRequest(Ptr<Ikev2IkeSa> sa);
    void OnInitRequest(const uint8_t* data, size_t n, const Ikev2Header& h, const PacketInfo& info);
    void OnInitResponse(const uint8_t* data,
                        size_t n,
                        const Ikev2Header& h,
                        const PacketInfo& info);

    // IKE_AUTH
    Ikev2Identity LocalIdentity(const Ikev2IkeSa& sa) const;
    void SendAuthRequest(Ptr<Ikev2IkeSa> sa);
    void OnAuthResponse(Ptr<Ikev2IkeSa> sa, const Ikev2Message& m);
    std::vector<Ikev2Payload> OnAuthRequest(Ptr<Ikev2IkeSa> sa, const Ikev2Message& m);

    // Child SAs
    static std::pair<uint32_t, int64_t> PendingKey(uint32_t peerIndex,
                                                   int32_t childIndex,
                                                   uint32_t spdEntry);
    bool BuildRequest(uint32_t peerIndex,
                      int32_t childIndex,
                      const IpsecAcquire* acquire,
                      ChildRequest& out);
    void RequestChild(const ChildRequest& request);
    bool ProposeChild(Ptr<Ikev2IkeSa> sa,
                      const ChildRequest& request,
                      Ptr<Ikev2ChildSa> child,
                      bool withDh,
                      std::vector<Ikev2Payload>& payloads);
    static void AppendSelectors(const Ikev2ChildSa& child, std::vector<Ikev2Payload>& payloads);
    bool CompleteChild(Ptr<Ikev2IkeSa> sa,
                       Ptr<Ikev2ChildSa> child,
                       const Ikev2Message& response,
                       const IpsecBytes& ni,
                       const IpsecBytes& nr,
                       const IpsecBytes& gir);
    void RespondChild(Ptr<Ikev2IkeSa> sa,
                      const Ikev2Message& m,
                      bool createChild,
                      Ptr<Ikev2ChildSa> rekeyed,
                      std::vector<Ikev2Payload>& out);
    Ptr<SecurityAssociation> MakeSa(const Ikev2IkeSa& ike,
                                    const Ikev2ChildSa& child,
                                    bool inbound,
                                    const Ikev2ChildKeys& keys) const;
    bool InstallChild(Ptr<Ikev2IkeSa> sa,
                      Ptr<Ikev2ChildSa> child,
                      const Ikev2ChildKeys& keys,
                      bool addOutbound,
                      std::string& error);
    void InstallPolicies(const Ikev2IkeSa& sa, const Ikev2ChildSa& child);
    void RemovePolicies(uint32_t peerIndex, int32_t childIndex);
    void CreateChild(Ptr<Ikev2IkeSa> sa, const ChildRequest& request);
    void SendChildRequest(Ptr<Ikev2IkeSa> sa,
                          Ptr<Ikev2ChildSa> child,
                          Ptr<Ikev2ChildSa> old,
                          std::vector<Ikev2Payload> payloads);
    void RekeyChildSa(Ptr<Ikev2IkeSa> sa, Ptr<Ikev2ChildSa> old);
    std::vector<Ikev2Payload> OnCreateChildRequest(Ptr<Ikev2IkeSa> sa, const Ikev2Message& m);
    void ChildFailed(Ptr<Ikev2IkeSa> sa, Ptr<Ikev2ChildSa> child, const std::string& why);
    void DeleteChildSas(Ptr<Ikev2IkeSa> sa, Ptr<Ikev2ChildSa> child, bool keepPolicies = false);
    void SendDeleteChild(Ptr<Ikev2IkeSa> sa, Ptr<Ikev2ChildSa> child);

    // INFORMATIONAL, liveness, the life of an IKE SA
    std::vector<Ikev2Payload> OnInformationalRequest(Ptr<Ikev2IkeSa> sa, const Ikev2Message& m);
    void DeleteIkeSa(Ptr<Ikev2IkeSa> sa);
    void SendIkeDelete(Ptr<Ikev2IkeSa> sa, std::function<void(const Ikev2Message&)> onResponse);
    void DeleteAtOnce(Ptr<Ikev2IkeSa> sa, const std::string& why);
    void ScheduleDpd(Ptr<Ikev2IkeSa> sa);
    void DpdCheck(Ptr<Ikev2IkeSa> sa);
    void SendKeepalive(Ptr<Ikev2IkeSa> sa);
    void Established(Ptr<Ikev2IkeSa> sa);
    void Kill(Ptr<Ikev2IkeSa> sa, const std::string& why, bool peerDead);
    void SetState(Ptr<Ikev2IkeSa> sa, Ikev2IkeSa::State state);

    // IKE SA rekey
    Ptr<Ikev2IkeSa> Successor(Ptr<Ikev2IkeSa> old, bool initiator, uint64_t spiI, uint64_t spiR);
    void TakeOver(Ptr<Ikev2IkeSa> old, Ptr<Ikev2IkeSa> sa);
    void NatOverIpv6(Ptr<Ikev2IkeSa> sa);
    void ScheduleIkeRekey(Ptr<Ikev2IkeSa> sa);
    void IkeSaHardLimit(Ptr<Ikev2IkeSa> sa);
    void RekeyIkeSa(Ptr<Ikev2IkeSa> old);
    std::vector<Ikev2Payload> RespondIkeRekey(Ptr<Ikev2IkeSa> old, const Ikev2Message& m);

    // PF_KEY events
    void OnAcquire(const IpsecAcquire& acquire);
    void OnExpire(const IpsecExpire& expire);

    Ptr<Ikev2IkeSa> FindEstablished(uint32_t peerIndex) const;
    Ptr<Ikev2IkeSa> FindNegotiating(uint32_t peerIndex) const;
    void LogKeys(const Ikev2IkeSa& sa);

    // Attributes
    std::string m_configFormat;     //!< "swanctl" or "solaris"
    std::string m_configText;       //!< the configuration text
    std::string m_configFile;       //!< or its file
    std::string m_secretsText;      //!< Solaris ikev2.preshared text
    std::string m_secretsFile;      //!< or its file
    uint16_t m_ikePort;             //!< IKE port (500)
    uint16_t m_nattPort;            //!< NAT-T port (4500)
    Time m_retransmitTimeout;       //!< first retransmission timeout
    double m_retransmitBase;        //!< back-off factor
    uint32_t m_retransmitTries;     //!< retransmissions before giving up
    Time m_halfOpenTimeout;         //!< half-open IKE SA lifetime
    uint32_t m_cookieThreshold;     //!< half-open SAs from which cookies are required
    Time m_cookieSecretLifetime;    //!< how long a cookie secret is used
    Time m_cookieRotated;           //!< when the cookie secret last changed
    uint32_t m_nonceBytes;          //!< nonce size
    Time m_natKeepalive;            //!< keepalive interval (0 = none)
    Time m_rekeyDeleteDelay;        //!< delay before an old inbound SA is deleted
    uint32_t m_replayWindow;        //!< replay window for Solaris Child SAs
    Time m_solarisChildLifetime;    //!< default hard lifetime for Solaris Child SAs
    uint32_t m_maxInvalidKeRetries; //!< INVALID_KE_PAYLOAD retries

    bool m_configured{false};                           //!< a configuration was adopted
    Ikev2Config m_config;                               //!< the configuration
    Ikev2PeerIndex m_peerIndex;                         //!< its connections, indexed
    std::vector<const Ikev2Config::Secret*> m_secretOf; //!< each connection's secret
    std::vector<PeerRuntime> m_peers;                   //!< parsed per connection
    Ptr<IpsecKeyManagement> m_keys;                     //!< the node's PF_KEY interface
    uint32_t m_registration{0};                         //!< our REGISTER id
    Ptr<Socket> m_ike;                                  //!< UDP IkePort
    Ptr<Socket> m_natt;                                 //!< UDP NattPort
    Ptr<Socket> m_ike6;                                 //!< UDP IkePort, IPv6 (if the node has it)
    Ptr<Socket> m_natt6;                                //!< UDP NattPort, IPv6
    Ptr<UniformRandomVariable> m_random;                //!< every random number
    std::unique_ptr<Ikev2CookieJar> m_cookies;          //!< responder cookies
    std::map<uint64_t, Ptr<Ikev2IkeSa>> m_byOurSpi;     //!< IKE SAs by our SPI
    std::multimap<uint32_t, Ptr<Ikev2IkeSa>> m_byPeer;  //!< IKE SAs by connection
    /// half-open responder SAs by (peer, port, SPIi)
    std::map<std::tuple<IpsecAddress, uint16_t, uint64_t>, Ptr<Ikev2IkeSa>> m_halfOpen;
    std::map<uint32_t, std::pair<uint32_t, int32_t>> m_reqidOwner; //!< reqid -> (peer, child)
    /// Child SA negotiations under way, by (connection, child or Solaris policy id)
    std::map<std::pair<uint32_t, int64_t>, Time> m_pendingChildren;
    std::map<uint32_t, ChildRequest> m_firstRequests; //!< IKE SA id -> child for IKE_AUTH
    /// our Child SAs by (SA destination, SPI): inbound and outbound
    std::map<std::pair<IpsecAddress, uint32_t>, Ptr<Ikev2ChildSa>> m_childBySa;
    uint32_t m_nextIkeSaId{1};                          //!< IKE SA numbering
    Ikev2Stats m_stats;                                 //!< counters
    std::vector<Ikev2KeyRecord> m_keyLog;               //!< IKE keys for Wireshark
    std::vector<Ptr<SecurityAssociation>> m_childSaLog; //!< ESP SAs for Wireshark
    TracedCallback<const std::string&> m_messageTrace;  //!< messages sent and received
    TracedCallback<const std::string&> m_stateTrace;    //!< IKE SA and Child SA events
    TracedCallback<const std::string&> m_errorTrace;    //!< drops and failures
};

} // namespace ns3

#endif /* IKEV2_DAEMON_H */
