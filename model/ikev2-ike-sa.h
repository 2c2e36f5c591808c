/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IKEV2_IKE_SA_H
#define IKEV2_IKE_SA_H

/**
 * \file
 * \ingroup ipsec
 * One IKE SA of the IKEv2 daemon: its state, keys, message IDs, endpoints and children.
 */

#include "ikev2-child-sa.h"
#include "ikev2-diffie-hellman.h"
#include "ikev2-ike-suite.h"
#include "ikev2-key-derivation.h"
#include "ikev2-message.h"
#include "ikev2-prf.h"
#include "ikev2-responder-cache.h"
#include "ikev2-retransmitter.h"
#include "ikev2-sk-cipher.h"
#include "ipsec-address.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief An IKE SA (RFC 7296 §1): the keys that protect IKE messages, the message-ID state of
 * both directions (a window of one), the endpoints (after NAT detection and floating) and the
 * Child SAs it negotiated.
 *
 * It holds state and does the IKE SA's own cryptography (key derivation, sealing and opening
 * messages); the daemon runs the exchanges on it.
 */
class Ikev2IkeSa : public SimpleRefCount<Ikev2IkeSa>
{
  public:
    /// The IKE SA state machine (the doc's IKEv2 section draws it).
    enum class State : uint8_t
    {
        INIT_SENT,     //!< initiator: IKE_SA_INIT request sent
        INIT_RECEIVED, //!< responder: IKE_SA_INIT answered (half-open)
        AUTH_SENT,     //!< initiator: IKE_AUTH request sent
        ESTABLISHED,   //!< authenticated: Child SAs can be made
        REKEYED,       //!< replaced by a newer IKE SA, waiting for its deletion
        DELETING,      //!< our Delete of it is under way
        DEAD           //!< gone (failed, deleted or the peer is dead)
    };

    /// A request of ours waiting for its response (the window is one).
    struct Outstanding
    {
        bool active{false};                                         //!< a request is outstanding
        uint32_t messageId{0};                                      //!< its message ID
        Ikev2ExchangeType exchange{Ikev2ExchangeType::IKE_SA_INIT}; //!< its exchange
        IpsecBytes wire;                                            //!< the bytes sent (no marker)
        Time firstSent;                                             //!< when first sent
        Ikev2Retransmitter retransmitter;                           //!< its back-off
        EventId timer;                                              //!< the next timeout
        /// what to do with its response (null: nothing beyond the message-ID bookkeeping)
        std::function<void(const Ikev2Message&)> onResponse;
    };

    /**
     * \param initiator true when this node started the IKE SA
     * \param spiI the initiator's SPI
     * \param retransmitter the back-off for requests (a template: copied per request)
     */
    Ikev2IkeSa(bool initiator, uint64_t spiI, const Ikev2Retransmitter& retransmitter);

    /**
     * \brief Derive SKEYSEED and the seven keys from the exchange (§2.14), or from the SA it
     * rekeys (§2.18), and build the two SK ciphers.
     * \param shared g^ir
     * \param oldPrf the rekeyed SA's PRF, or nullptr for a new SA
     * \param oldSkD the rekeyed SA's SK_d (with oldPrf)
     * \return "" or why the suite cannot be used
     */
    std::string DeriveKeys(const IpsecBytes& shared,
                           const Ikev2Prf* oldPrf = nullptr,
                           const IpsecBytes& oldSkD = {});

    /**
     * \brief Encode a protected message with the sending direction's keys.
     * \param m the message (header fields set except lengths)
     * \param iv the IV to use (random for AES-CBC; ignored for AES-GCM, which uses a counter)
     * \return the bytes
     */
    IpsecBytes Seal(const Ikev2Message& m, const IpsecBytes& iv);

    /**
     * \brief Verify and decrypt a protected message with the receiving direction's keys.
     * \param data the bytes (no marker)
     * \param n their number
     * \param out the message
     * \return NONE, or why it must be dropped
     */
    Ikev2Message::ProtectedResult Open(const uint8_t* data, size_t n, Ikev2Message& out);

    /// \return the IV size of the sending cipher (0 before keys exist)
    size_t IvBytes() const;

    /// \return true when this node is the original initiator (the I flag it sends)
    bool IsInitiator() const;

    /// \return "gw[2] 192.0.2.1[4500]...203.0.113.1[4500] 0123456789abcdef_i fedcba..._r
    /// ESTABLISHED"
    std::string ToString() const;

    // State, public: the daemon runs the exchanges on it.
    uint32_t id{0};            //!< unique number in the daemon (swanctl's "#n")
    uint32_t peerIndex{0};     //!< the connection (Ikev2Config::peers index)
    std::string name;          //!< the connection's name
    State state;               //!< where it is
    bool initiator;            //!< the original initiator (I flag)
    uint64_t spiI;             //!< initiator's SPI
    uint64_t spiR{0};          //!< responder's SPI (0 until known)
    IpsecAddress local;        //!< our address
    uint16_t localPort{500};   //!< our port (4500 after floating)
    IpsecAddress remote;       //!< the peer's address as we see it (the NAT's when there is one)
    uint16_t remotePort{500};  //!< the peer's port as we see it
    bool encap{false};         //!< IKE and ESP go over port 4500 (NAT found or forced)
    bool selfBehindNat{false}; //!< our address is translated (we send keepalives)
    bool peerBehindNat{false}; //!< the peer's address is translated
    Ikev2IkeSuite suite;       //!< negotiated transforms
    std::unique_ptr<Ikev2Prf> prf;             //!< the negotiated PRF
    Ikev2IkeKeys keys;                         //!< SK_d, SK_a*, SK_e*, SK_p*
    std::unique_ptr<Ikev2SkCipher> sendCipher; //!< seals what we send
    std::unique_ptr<Ikev2SkCipher> recvCipher; //!< opens what we receive
    uint64_t gcmCounter{0};                    //!< AES-GCM IV counter of the sending direction
    std::unique_ptr<Ikev2DiffieHellman> dh;    //!< our DH key pair (initiator until keys exist)
    std::vector<Ikev2Proposal> offered;        //!< initiator: the IKE proposals sent
    IpsecBytes ni;                             //!< initiator's nonce
    IpsecBytes nr;                             //!< responder's nonce
    IpsecBytes cookie;                         //!< initiator: the responder's cookie to echo
    IpsecBytes initRequest;                    //!< the IKE_SA_INIT request (RealMessage1)
    IpsecBytes initResponse;                   //!< the IKE_SA_INIT response (RealMessage2)
    uint32_t cookieRetries{0};                 //!< COOKIE answers followed
    uint32_t invalidKeRetries{0};              //!< INVALID_KE_PAYLOAD answers followed
    uint32_t nextRequestId{0};                 //!< our next request's message ID
    Ikev2ResponderCache responses;             //!< the peer's requests: expected ID, last response
    Outstanding outstanding;                   //!< our request in flight
    std::deque<std::function<void()>> queued;  //!< our requests waiting for the window
    std::vector<Ptr<Ikev2ChildSa>> children;   //!< its Child SAs
    Ptr<Ikev2ChildSa> firstChild;              //!< initiator: the child proposed in IKE_AUTH
    /// Child SAs proposed in our CREATE_CHILD_SA requests (sent or queued) not yet answered
    std::vector<Ptr<Ikev2ChildSa>> creating;
    Time created;               //!< when the first message was sent or received
    Time established;           //!< when it became ESTABLISHED
    Time lastHeard;             //!< last authenticated message (or ESP) from the peer
    uint64_t inboundPackets{0}; //!< ESP packets its Child SAs had received
    EventId halfOpenTimer;      //!< responder: drop it if IKE_AUTH never comes
    bool halfOpen{false};       //!< responder: in the daemon's half-open table
    /// its key in that table (peer address, peer port, SPIi)
    std::tuple<IpsecAddress, uint16_t, uint64_t> halfOpenKey;
    EventId dpdTimer;          //!< liveness check
    EventId keepaliveTimer;    //!< NAT keepalives
    EventId rekeyTimer;        //!< IKE SA rekey (soft)
    EventId hardTimer;         //!< IKE SA hard limit: rekey_time + over_time
    bool rekeying{false};      //!< our CREATE_CHILD_SA rekeying it is under way
    uint64_t reservedSpi{0};   //!< our SPI for that rekey's new IKE SA, held meanwhile (0: none)
    bool replaced{false};      //!< a rekey made its successor
    Ptr<Ikev2IkeSa> successor; //!< the IKE SA its rekey made
    Time dpdDelay;             //!< the connection's dpd_delay
};

/**
 * \param state an IKE SA state
 * \return its name ("ESTABLISHED")
 */
std::string ToString(Ikev2IkeSa::State state);

} // namespace ns3

#endif /* IKEV2_IKE_SA_H */
