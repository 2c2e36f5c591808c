/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SECURITY_ASSOCIATION_H
#define SECURITY_ASSOCIATION_H

#include "ipsec-algorithms.h"
#include "ipsec-crypto.h"
#include "ipsec-flow.h"
#include "ipsec-types.h"
#include "replay-window.h"

#include "ns3/nstime.h"
#include "ns3/simple-ref-count.h"

#include <memory>
#include <optional>
#include <string>

namespace ns3
{

class IpsecTransform;

/**
 * \ingroup ipsec
 * \brief One security association: `<protocol, destination, SPI>` with its algorithms, keys,
 * mode, sequence counter, anti-replay window, lifetimes and counters (an SAD entry, RFC 4301
 * §4.4.2; its PF_KEY form, RFC 2367 §2.3.3).
 *
 * Configure with the setters, then Initialize() checks everything and builds the crypto
 * engines; the SADB only accepts initialized SAs. An SA is unidirectional.
 */
class SecurityAssociation : public SimpleRefCount<SecurityAssociation>
{
  public:
    /// SA state (RFC 2367 §2.3.3 / SADB_SASTATE_*).
    enum class State : uint8_t
    {
        LARVAL, //!< SPI reserved, no keys yet
        MATURE, //!< usable
        DYING,  //!< soft lifetime reached: usable, a newer SA is preferred
        DEAD    //!< hard lifetime reached: unusable
    };

    /// Lifetime limits; 0 means no limit (RFC 2367 sadb_lifetime).
    struct Lifetime
    {
        uint64_t bytes = 0;       //!< bytes protected or verified
        uint64_t addTime = 0;     //!< seconds since creation
        uint64_t useTime = 0;     //!< seconds since first use
        uint64_t allocations = 0; //!< packets, in this model
    };

    /// Which limit ended (soft) or killed (hard) an SA: the field of an EXPIRE.
    enum class Limit : uint8_t
    {
        BYTES,       //!< byte count reached
        ADD_TIME,    //!< seconds since creation reached
        USE_TIME,    //!< seconds since first use reached
        ALLOCATIONS, //!< packet count reached
        SEQUENCE     //!< the outbound sequence counter is exhausted (always hard)
    };

    /// Optional selectors the SA itself carries (ipseckey `proto sport dport isrc idst`).
    struct Selectors
    {
        IpsecAddress source = Ipv4Address::GetAny();      //!< inner/packet source
        IpsecMask sourceMask = Ipv4Mask::GetZero();       //!< its mask
        IpsecAddress destination = Ipv4Address::GetAny(); //!< inner/packet destination
        IpsecMask destinationMask = Ipv4Mask::GetZero();  //!< its mask
        int16_t protocol = -1;                            //!< -1 = any
        uint16_t sourcePort = 0;                          //!< 0 = any
        uint16_t destinationPort = 0;                     //!< 0 = any
    };

    /**
     * \brief UDP encapsulation of ESP for NAT traversal (RFC 3948): ipseckey's `encap udp`,
     * `nat_loc`, `nat_rem`, `nat_lport`, `nat_rport`; setkey's `esp-udp` with `address[port]`.
     *
     * The NAT-T addresses serve transport mode only, to fix the checksum of a TCP or UDP segment
     * that crossed a NAT inside ESP (RFC 3948 §3.1.2): the peer computed it over the addresses
     * it knew. Unknown (the "any" address), the checksum is computed again instead.
     */
    struct Encapsulation
    {
        bool udp = false;                //!< ESP travels in UDP
        uint16_t sourcePort = 4500;      //!< UDP source port of this SA's packets (nat_lport)
        uint16_t destinationPort = 4500; //!< UDP destination port (nat_rport)
        /// nat_loc: this node's address as the peer's packets carry it in their checksum
        IpsecAddress natLocal = Ipv4Address::GetAny();
        /// nat_rem: the peer's own address, before its NAT translated it
        IpsecAddress natRemote = Ipv4Address::GetAny();
    };

    /**
     * \param protocol AH or ESP
     * \param spi the SPI (0x100 and up; 1-255 reserved, 0 invalid)
     * \param source source address (tunnel mode: the outer source)
     * \param destination destination address (tunnel mode: the outer destination)
     */
    SecurityAssociation(IpsecProtocol protocol,
                        uint32_t spi,
                        const IpsecAddress& source,
                        const IpsecAddress& destination);

    /**
     * \brief Set the encryption algorithm (ESP) and its key material (key then salt).
     * \param name algorithm name or alias
     * \param keyMaterial key bytes
     */
    void SetEncryption(const std::string& name, const IpsecBytes& keyMaterial);
    /**
     * \brief Set the authentication algorithm and key (AH, or ESP's integrity).
     * \param name algorithm name or alias
     * \param key key bytes (GMAC: key then salt)
     */
    void SetAuthentication(const std::string& name, const IpsecBytes& key);
    void SetMode(IpsecMode mode);              //!< \param mode transport or tunnel
    void SetReplayWindow(uint32_t packets);    //!< \param packets window size, 0 = off
    void SetExtendedSequenceNumbers(bool esn); //!< \param esn 64-bit sequence numbers
    void SetCyclic(bool cyclic);               //!< \param cyclic allow the 32-bit counter to wrap
    void SetSoftLifetime(const Lifetime& l);   //!< \param l soft limits
    void SetHardLifetime(const Lifetime& l);   //!< \param l hard limits
    void SetSelectors(const Selectors& s);     //!< \param s the SA's own selectors
    void SetState(State state);                //!< \param state new state
    void SetPolicyId(uint32_t id); //!< \param id setkey `-u`: serves only `unique:id` policy
    void SetPairSpi(uint32_t spi); //!< \param spi ipseckey `pair-spi`: the reverse SA, 0 = none
    void SetEncapsulation(const Encapsulation& e); //!< \param e UDP encapsulation (NAT-T)

    /**
     * \brief Check the configuration and build the crypto engines; a LARVAL SA becomes MATURE
     * (as SADB_ADD and SADB_UPDATE make it). The anti-replay window starts afresh.
     * \return an empty string on success, else a message naming the problem
     */
    std::string Initialize();
    /**
     * \brief Check the configuration without changing anything: SPI, algorithms and key
     * lengths, their combination, the replay window (at most ReplayWindow::MAX_SIZE), the
     * lifetimes (soft within hard; times within MaxLifetimeSeconds()) and the UDP encapsulation
     * (ESP over IPv4 only, ports 1-65535, NAT-T addresses only with it).
     * \return an empty string when Initialize() would succeed, else the problem
     */
    std::string Check() const;
    /**
     * \return true when the crypto engines match the algorithms and keys (Initialize() ran
     * after the last change of algorithm, key, replay window or ESN). Only a ready SA is usable.
     */
    bool IsReady() const;
    /**
     * \return the longest time lifetime (add-time, use-time) ns-3's clock can represent, in
     * seconds (about 292 years at the default nanosecond resolution)
     */
    static uint64_t MaxLifetimeSeconds();

    /// \return AH or ESP
    IpsecProtocol GetProtocol() const;
    /// \return the transform of this SA's protocol (ESP or AH), fixed at construction
    const IpsecTransform& GetTransform() const;
    /// \return the SPI
    uint32_t GetSpi() const;
    /// \return the source address (tunnel mode: the outer source; any: serves every source)
    const IpsecAddress& GetSource() const;
    /// \return the destination address (tunnel mode: the outer destination)
    const IpsecAddress& GetDestination() const;
    /// \return transport or tunnel
    IpsecMode GetMode() const;
    /// \return the state (LARVAL, MATURE, DYING or DEAD)
    State GetState() const;
    uint32_t GetPolicyId() const;                  //!< \return setkey `-u` id, 0 = none
    uint32_t GetPairSpi() const;                   //!< \return the paired SA's SPI, 0 = none
    const Encapsulation& GetEncapsulation() const; //!< \return the UDP encapsulation (NAT-T)
    bool IsUdpEncapsulated() const; //!< \return true when ESP travels in UDP (RFC 3948)
    bool IsUsable() const;          //!< \return true when MATURE or DYING, and ready (has its keys)
    const IpsecAlgorithm* GetEncryptionAlgorithm() const;     //!< \return nullptr for AH
    const IpsecAlgorithm* GetAuthenticationAlgorithm() const; //!< \return nullptr if none
    /// \return the encryption key material (key then salt), empty for AH
    const IpsecBytes& GetEncryptionKey() const;
    /// \return the authentication key (GMAC: key then salt), empty if none
    const IpsecBytes& GetAuthenticationKey() const;
    /// \return the anti-replay window in packets, 0 when anti-replay is off
    uint32_t GetReplayWindowSize() const;
    /// \return true with 64-bit extended sequence numbers (ESN)
    bool HasExtendedSequenceNumbers() const;
    /// \return true when the 32-bit outbound counter may wrap instead of killing the SA
    bool IsCyclic() const;
    /// \return the soft lifetime limits (0 = no limit)
    const Lifetime& GetSoftLifetime() const;
    /// \return the hard lifetime limits (0 = no limit)
    const Lifetime& GetHardLifetime() const;
    /// \return the SA's own selectors (all "any" when it has none)
    const Selectors& GetSelectors() const;
    /// \return when the SA got its keys (ADD, or UPDATE of a larval SA): add-time counts from it
    Time GetCreationTime() const;
    /// \param t the creation time (the SADB sets it when the SA becomes mature)
    void SetCreationTime(Time t);
    /// \return true once a packet has been protected or verified with the SA
    bool HasBeenUsed() const;
    /// \return when the SA was first used (use-time counts from it); meaningless before
    Time GetFirstUseTime() const;
    /**
     * \brief The volume limit (bytes or allocations) of \p lifetime the counters have reached.
     * \param lifetime soft or hard limits
     * \param limit where to put the limit reached
     * \return true when one is reached (a counter at or above a non-zero limit)
     */
    bool VolumeLimitReached(const Lifetime& lifetime, Limit& limit) const;
    /// \return true when the SA carries selectors of its own (any field narrower than "any")
    bool HasSelectors() const;
    /**
     * \param flow an outbound flow (local = this SA's source side)
     * \return true when the SA's selectors name exactly the flow's protocol and ports: an SA
     * made for that flow alone (ipsecconf `sa unique`)
     */
    bool IsBoundTo(const IpsecFlow& flow) const;
    /**
     * \brief Do a packet's fields match the SA's own selectors?
     * \param source the packet's source address
     * \param destination its destination address
     * \param protocol its protocol
     * \param sourcePort its source port (0 when it has none)
     * \param destinationPort its destination port (0 when it has none)
     * \return true when every selector the SA carries admits the packet
     */
    bool SelectorsMatch(const IpsecAddress& source,
                        const IpsecAddress& destination,
                        uint8_t protocol,
                        uint16_t sourcePort,
                        uint16_t destinationPort) const;

    /**
     * \brief Take the next outbound sequence number.
     * \param seq where to put it
     * \return false when the counter is exhausted: the SA must be hard-expired (SEQUENCE)
     */
    bool NextSequence(uint64_t& seq);
    /// \return the last sequence number sent
    uint64_t GetLastSequence() const;
    /**
     * \brief Start the outbound counter mid-life (experiments on sequence exhaustion and ESN
     * roll-over without sending four billion packets first).
     * \param seq the last sequence number "already sent"
     */
    void SetLastSequence(uint64_t seq);
    /// \return the receiver's anti-replay window
    ReplayWindow& GetReplayWindow();

    /// \return ICV bytes on the wire (ESP: integrity or AEAD tag; AH: includes GMAC's IV)
    uint32_t GetIcvSize() const;
    IpsecCipher* GetCipher() const;       //!< \return ESP cipher engine or nullptr
    IpsecAead* GetAead() const;           //!< \return ESP/AH AEAD engine or nullptr
    IpsecIntegrity* GetIntegrity() const; //!< \return integrity engine or nullptr

    /**
     * \brief Account a packet processed with this SA (SecurityAssociationDatabase::RecordUse
     * also checks the lifetimes).
     * \param bytes its size
     * \return true when this was the SA's first use
     */
    bool RecordUse(uint32_t bytes);
    uint64_t GetPackets() const; //!< \return packets processed (the allocations counter)
    uint64_t GetBytes() const;   //!< \return bytes processed

    /// \return a one-line description like `esp spi 0x1000 10.1.1.1->10.1.1.2
    /// aes-cbc/hmac-sha256-128`
    std::string Describe() const;

  private:
    friend class SecurityAssociationDatabase;

    /// \return the problem with the UDP encapsulation (see Check()), or ""
    std::string CheckEncapsulation() const;
    /// Build the crypto engines of the (checked) algorithms and keys.
    void BuildEngines();
    /**
     * \brief A copy for SecurityAssociationDatabase::Snapshot(): configuration, state, counters,
     * sequence number and anti-replay window, sharing this SA's crypto engines (a snapshot
     * never processes packets). Changing the copy's settings leaves this SA as it is.
     * \return the copy
     */
    Ptr<SecurityAssociation> Clone() const;

    IpsecProtocol m_protocol;
    const IpsecTransform* m_transform; //!< IpsecTransform::Of(m_protocol)
    uint32_t m_spi;
    IpsecAddress m_source;
    IpsecAddress m_destination;
    IpsecMode m_mode{IpsecMode::TRANSPORT};
    State m_state{State::LARVAL};
    std::string m_encrName;
    std::string m_authName;
    const IpsecAlgorithm* m_encr{nullptr};
    const IpsecAlgorithm* m_auth{nullptr};
    IpsecBytes m_encrKey;
    IpsecBytes m_authKey;
    uint32_t m_replaySize{0};
    bool m_esn{false};
    bool m_cyclic{false};
    Lifetime m_soft;
    Lifetime m_hard;
    Selectors m_selectors;
    bool m_hasSelectors{false}; //!< any selector narrower than "any"
    uint32_t m_policyId{0};
    uint32_t m_pairSpi{0};
    Encapsulation m_encap;
    /// The endpoint the SADB counted for this SA (SecurityAssociationDatabase::CountEndpoint)
    std::optional<std::pair<IpsecAddress, uint16_t>> m_countedEndpoint;
    uint64_t m_seq{0};
    ReplayWindow m_replay;
    std::shared_ptr<IpsecCipher> m_cipher;
    std::shared_ptr<IpsecAead> m_aead;
    std::shared_ptr<IpsecIntegrity> m_integrity;
    bool m_ready{false}; //!< the engines match the algorithms and keys
    Time m_created;
    Time m_firstUse;
    uint64_t m_packets{0};
    uint64_t m_bytes{0};
};

/// \return "larval", "mature", "dying" or "dead"
std::string ToString(SecurityAssociation::State state);
/// \return "bytes", "addtime", "usetime", "allocations" or "sequence"
std::string ToString(SecurityAssociation::Limit limit);

} // namespace ns3

#endif /* SECURITY_ASSOCIATION_H */
