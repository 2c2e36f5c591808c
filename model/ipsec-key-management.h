/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_KEY_MANAGEMENT_H
#define IPSEC_KEY_MANAGEMENT_H

#include "ipsec-key-events.h"
#include "ipsec-key-result.h"
#include "security-association-database.h"
#include "security-policy-database.h"

#include "ns3/callback.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <map>
#include <optional>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The key management interface of one node: the messages of PF_KEY v2 (RFC 2367) as
 * method calls, for key managers written as ns-3 applications.
 *
 * | PF_KEY message | method |
 * | --- | --- |
 * | SADB_REGISTER | Register() (returns the supported algorithms) |
 * | SADB_GETSPI | GetSpi() (a LARVAL SA with a unique SPI from a range) |
 * | SADB_UPDATE | Update() (keys for a larval SA; lifetimes only for a mature one) |
 * | SADB_ADD, SADB_DELETE, SADB_GET | Add(), Delete(), Get() |
 * | SADB_FLUSH, SADB_DUMP | Flush(), Dump() |
 * | SADB_X_SPDADD, SPDDELETE, SPDGET, SPDFLUSH, SPDDUMP | SpdAdd(), SpdDelete(), SpdGet(),
 * SpdFlush(), SpdDump() | | SADB_ACQUIRE, SADB_EXPIRE | callbacks given to Register(), and the
 * Acquire/Expire traces |
 *
 * Every method returns an IpsecKeyResult whose error mirrors the kernel's errno (ESRCH, EEXIST,
 * EINVAL, ENOENT); nothing changes when a message fails. IpsecL3Protocol owns one per node
 * (IpsecL3Protocol::GetKeyManagement) and raises ACQUIRE through it; EXPIRE comes from the
 * SADB's lifetime enforcement.
 */
class IpsecKeyManagement : public Object
{
  public:
    /// Delivery of SADB_ACQUIRE to a registered key manager.
    using AcquireCallback = Callback<void, const IpsecAcquire&>;
    /// Delivery of SADB_EXPIRE to a registered key manager.
    using ExpireCallback = Callback<void, const IpsecExpire&>;

    /// The reply to SADB_REGISTER.
    struct Registration
    {
        uint32_t id = 0;                         //!< pass to Unregister()
        std::vector<std::string> encryption;     //!< supported ESP ciphers and AEADs (ESP only)
        std::vector<std::string> authentication; //!< supported authentication algorithms
    };

    /// \return the TypeId
    static TypeId GetTypeId();
    IpsecKeyManagement();

    /**
     * \brief Attach to the databases it manages (IpsecL3Protocol does this).
     * \param sadb the node's SADB
     * \param spd the node's SPD
     */
    void SetDatabases(Ptr<SecurityAssociationDatabase> sadb, Ptr<SecurityPolicyDatabase> spd);

    /**
     * \brief SADB_REGISTER: receive ACQUIRE and EXPIRE for one SA type.
     * \param protocol AH or ESP
     * \param acquire called for each ACQUIRE of that type (may be null)
     * \param expire called for each EXPIRE of an SA of that type (may be null)
     * \return the registration, with the algorithms this node supports for that type
     */
    Registration Register(IpsecProtocol protocol, AcquireCallback acquire, ExpireCallback expire);
    /**
     * \brief Close a registration.
     * \param id from Register()
     * \return false when there is no such registration
     */
    bool Unregister(uint32_t id);
    /**
     * \param protocol AH or ESP
     * \return true when some key manager is registered for that SA type
     */
    bool IsRegistered(IpsecProtocol protocol) const;

    /**
     * \brief SADB_GETSPI: reserve a unique SPI as a LARVAL SA.
     * \param protocol AH or ESP
     * \param source the SA's source
     * \param destination the SA's destination (normally this node)
     * \param minSpi lowest acceptable SPI (raised to 0x100: 1-255 are reserved)
     * \param maxSpi highest acceptable SPI
     * \return the SPI and the larval SA, or EINVAL (bad range, none free) / EEXIST (a range of
     * one SPI that is taken)
     */
    IpsecKeyResult GetSpi(IpsecProtocol protocol,
                          const IpsecAddress& source,
                          const IpsecAddress& destination,
                          uint32_t minSpi = 0x100,
                          uint32_t maxSpi = 0xffffffff);
    /**
     * \brief SADB_UPDATE. A larval SA takes the keys, algorithms and everything else of \p sa
     * and becomes MATURE (its add-time starts now). A mature or dying SA only takes new
     * lifetimes: any other difference is EINVAL, as in KAME and illumos.
     * \param sa the SA as it should be (same protocol, destination and SPI)
     * \return the stored SA, or ESRCH / EINVAL
     */
    IpsecKeyResult Update(Ptr<SecurityAssociation> sa);
    /**
     * \brief SADB_ADD.
     * \param sa a complete SA
     * \return the SA, or EEXIST / EINVAL
     */
    IpsecKeyResult Add(Ptr<SecurityAssociation> sa);
    /**
     * \brief SADB_DELETE.
     * \param protocol AH or ESP
     * \param destination destination address
     * \param spi SPI
     * \return success or ESRCH
     */
    IpsecKeyResult Delete(IpsecProtocol protocol, const IpsecAddress& destination, uint32_t spi);
    /**
     * \brief SADB_GET.
     * \param protocol AH or ESP
     * \param destination destination address
     * \param spi SPI
     * \return the SA or ESRCH
     */
    IpsecKeyResult Get(IpsecProtocol protocol, const IpsecAddress& destination, uint32_t spi) const;
    /**
     * \brief SADB_FLUSH.
     * \param protocol only this SA type, when given
     * \return success
     */
    IpsecKeyResult Flush(std::optional<IpsecProtocol> protocol = std::nullopt);
    /**
     * \brief SADB_DUMP.
     * \param protocol only this SA type, when given
     * \return the SAs, larval ones included
     */
    IpsecKeyResult Dump(std::optional<IpsecProtocol> protocol = std::nullopt) const;

    /**
     * \brief SADB_X_SPDADD.
     * \param policy the entry
     * \return its id, or EINVAL (an IPsec entry without protection requests)
     */
    IpsecKeyResult SpdAdd(Ptr<SecurityPolicy> policy);
    /**
     * \brief SADB_X_SPDDELETE2 (by id).
     * \param id the entry's id
     * \return success or ENOENT
     */
    IpsecKeyResult SpdDelete(uint32_t id);
    /**
     * \brief SADB_X_SPDGET.
     * \param id the entry's id
     * \return the entry (in `policies`) or ENOENT
     */
    IpsecKeyResult SpdGet(uint32_t id) const;
    /// \return SADB_X_SPDFLUSH: success
    IpsecKeyResult SpdFlush();
    /// \return SADB_X_SPDDUMP: the entries in precedence order
    IpsecKeyResult SpdDump() const;

    /**
     * \brief Kernel side: send SADB_ACQUIRE to the key managers registered for its SA type.
     * IpsecL3Protocol calls this, rate-limited; it is public for key-manager tests.
     * \param acquire the message; its sequence number is assigned here
     * \return the sequence number
     */
    uint32_t Acquire(IpsecAcquire acquire);

    /**
     * \brief Use a fixed random stream for SPIs.
     * \param stream the stream index
     * \return number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /// Signature of the Acquire trace.
    typedef void (*AcquireTracedCallback)(const IpsecAcquire& acquire);
    /// Signature of the Expire trace.
    typedef void (*ExpireTracedCallback)(const IpsecExpire& expire);

  protected:
    /// Detach from the databases and forget the registered key managers: later calls fail.
    void DoDispose() override;

  private:
    /// \return the failure of a message sent after the IPsec layer was disposed
    static IpsecKeyResult Detached();
    /// One SADB_REGISTER.
    struct Registered
    {
        IpsecProtocol protocol;
        AcquireCallback acquire;
        ExpireCallback expire;
    };

    void SaExpired(Ptr<const SecurityAssociation> sa, bool hard, SecurityAssociation::Limit limit);
    static std::string SameKeying(const SecurityAssociation& a, const SecurityAssociation& b);

    Ptr<SecurityAssociationDatabase> m_sadb;
    Ptr<SecurityPolicyDatabase> m_spd;
    Ptr<UniformRandomVariable> m_spiRandom;
    std::map<uint32_t, Registered> m_registered;
    uint32_t m_nextRegistration{1};
    uint32_t m_nextSequence{1};
    TracedCallback<const IpsecAcquire&> m_acquireTrace;
    TracedCallback<const IpsecExpire&> m_expireTrace;
};

} // namespace ns3

#endif /* IPSEC_KEY_MANAGEMENT_H */
