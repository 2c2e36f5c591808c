/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_TEACHING_KEY_MANAGER_H
#define IPSEC_TEACHING_KEY_MANAGER_H

#include "ipsec-key-management.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <sstream>
#include <string>
#include <tuple>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A teaching key manager: answers ACQUIRE and soft EXPIRE by agreeing a fresh SA pair
 * with the same application on the peer, over a UDP control channel. It is NOT IKE.
 *
 * It exists to show how a key manager drives the PF_KEY-style interface
 * (IpsecKeyManagement) and to let experiments run traffic across many rekeys. The exchange is
 * two messages, in readable text:
 *
 *  1. The initiator (the node that got the ACQUIRE, or whose outbound SA soft-expired) reserves
 *     its inbound SPI with GETSPI, draws keys for both directions, UPDATEs its larval SA into a
 *     mature inbound SA, and sends `PROPOSE` with the SPI, algorithms, keys and lifetimes.
 *  2. The responder reserves its own inbound SPI (GETSPI), UPDATEs it with the initiator's
 *     keys, ADDs its outbound SA towards the initiator and answers `ACCEPT` with its SPI; the
 *     initiator then ADDs its outbound SA.
 *
 * Each side installs its inbound SA before the peer can use it, so no packet meets an SA that is
 * not there yet; old SAs stay until their hard lifetime. `PROPOSE` is retransmitted until
 * `ACCEPT` arrives (`RetransmitTimeout`, `MaxRetransmits`). When both ends start an exchange
 * for the same pair at once (SAs made together soft-expire together), the end with the lower
 * address wins: it answers the other's `PROPOSE` with `REJECT collision`, and only its pair is
 * made.
 *
 * \warning The keys cross the control channel in the clear: anyone on the path can read them,
 * and nothing authenticates the peer. Real key exchange (IKEv2: Diffie-Hellman, authentication,
 * cookies, rekey collision rules) is a later model.
 *
 * The control port must be bypassed by policy on both nodes; IpsecTeachingKeyManagerHelper adds
 * that entry.
 */
class IpsecTeachingKeyManager : public Application
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecTeachingKeyManager();

    /**
     * \brief Use fixed random streams for keys.
     * \param stream the stream index
     * \return number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);
    /// \return exchanges completed as initiator
    uint32_t GetInitiated() const;
    /// \return exchanges completed as responder
    uint32_t GetResponded() const;
    /// \return exchanges that failed (no answer after MaxRetransmits, refused, bad SA)
    uint32_t GetFailed() const;
    /// \return exchanges this node gave up because the peer started one for the same pair
    uint32_t GetCollisions() const;

    /// Signature of the Installed trace: inbound and outbound SA of a new pair, and the role.
    typedef void (*InstalledTracedCallback)(Ptr<const SecurityAssociation> inbound,
                                            Ptr<const SecurityAssociation> outbound,
                                            bool initiator);

  protected:
    /// Cancel the pending exchanges' timers and release the socket and the key interface.
    void DoDispose() override;

  private:
    /// What an exchange agrees on.
    struct Proposal
    {
        IpsecProtocol protocol = IpsecProtocol::ESP;
        IpsecMode mode = IpsecMode::TRANSPORT;
        IpsecAddress initiator; //!< the initiator's SA endpoint
        IpsecAddress responder; //!< the responder's SA endpoint
        uint32_t initiatorSpi = 0;
        std::string encryption;     //!< ESP only, "-" for AH
        std::string authentication; //!< "-" for none
        IpsecBytes encrToResponder;
        IpsecBytes authToResponder;
        IpsecBytes encrToInitiator;
        IpsecBytes authToInitiator;
        SecurityAssociation::Lifetime soft;
        SecurityAssociation::Lifetime hard;
        uint32_t replayWindow = 64;
        uint32_t initiatorPolicyId = 0; //!< initiator only (not sent): its outbound SA's policy id
        int16_t flowProtocol = -1;      //!< `sa unique`: the flow the pair serves; -1 = shared
        uint16_t initiatorPort = 0;     //!< `sa unique`: the flow's port at the initiator
        uint16_t responderPort = 0;     //!< `sa unique`: the flow's port at the responder
    };

    /// An exchange this node started and has not finished.
    struct Pending
    {
        uint32_t id;
        Proposal proposal;
        uint32_t retransmits = 0;
        EventId timer;
    };

    /// Identity of the SA pair an exchange makes: protocol, mode, our end, their end, the
    /// policy id of our outbound SA (a UNIQUE socket's SAs are a pair of their own), and for
    /// `sa unique` the flow's protocol and ports (ours, theirs): each flow has its own pair.
    using PairKey
        = std::tuple<uint8_t, uint8_t, IpsecAddress, IpsecAddress, uint32_t, int16_t, uint32_t>;

    void StartApplication() override;
    void StopApplication() override;
    void OnAcquire(const IpsecAcquire& acquire);
    void OnExpire(const IpsecExpire& expire);
    void Initiate(IpsecProtocol protocol,
                  IpsecMode mode,
                  const IpsecAddress& self,
                  const IpsecAddress& peer,
                  const IpsecProtectionRequest* request,
                  Ptr<const SecurityAssociation> previous,
                  const IpsecFlow* boundFlow);
    void SendPropose(uint32_t id);
    void Retransmit(uint32_t id);
    void Receive(Ptr<Socket> socket);
    void OnPropose(std::istringstream& in, const IpsecAddress& from);
    void OnAnswer(bool accepted, std::istringstream& in);
    void Send(const std::string& text, const IpsecAddress& to);
    IpsecBytes RandomKey(const IpsecAlgorithm* algorithm, uint16_t minBits, uint16_t maxBits);
    Ptr<SecurityAssociation> MakeSa(const Proposal& p, bool towardsResponder, uint32_t spi) const;
    static PairKey KeyOf(const Proposal& p, bool asInitiator);
    static std::string Encode(const Proposal& p);
    static bool Decode(std::istringstream& in, Proposal& p);

    uint16_t m_port;
    std::string m_encryption;
    std::string m_authentication;
    std::string m_ahAuthentication;
    Time m_softLifetime;
    Time m_hardLifetime;
    uint64_t m_softBytes;
    uint64_t m_hardBytes;
    uint32_t m_replayWindow;
    Time m_retransmitTimeout;
    uint32_t m_maxRetransmits;

    Ptr<IpsecKeyManagement> m_keys;
    Ptr<Socket> m_socket;  //!< the IPv4 control socket
    Ptr<Socket> m_socket6; //!< the IPv6 control socket, on nodes with IPv6
    Ptr<UniformRandomVariable> m_random;
    std::vector<uint32_t> m_registrations;
    std::map<uint32_t, Pending> m_pending;                               //!< by exchange id
    std::map<PairKey, uint32_t> m_pendingByPair;                         //!< exchange id by SA pair
    std::map<std::pair<IpsecAddress, uint32_t>, std::string> m_answered; //!< (peer, id) -> reply
    uint32_t m_nextId{1};
    uint32_t m_initiated{0};
    uint32_t m_responded{0};
    uint32_t m_failed{0};
    uint32_t m_collisions{0};
    TracedCallback<Ptr<const SecurityAssociation>, Ptr<const SecurityAssociation>, bool>
        m_installedTrace;
    TracedCallback<const std::string&> m_messageTrace;
};

} // namespace ns3

#endif /* IPSEC_TEACHING_KEY_MANAGER_H */
