/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_KEY_RESULT_H
#define IPSEC_KEY_RESULT_H

#include "security-association.h"
#include "security-policy.h"

#include "ns3/ptr.h"

#include <cerrno>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The errors of the key management interface, as PF_KEY reports them in `sadb_msg_errno`.
 */
enum class IpsecKeyError : uint8_t
{
    NONE,              //!< success
    NO_SUCH_SA,        //!< ESRCH: no SA with that identity
    SPI_IN_USE,        //!< EEXIST: an SA with that identity exists
    INVALID_ARGUMENT,  //!< EINVAL: bad parameters (keys, algorithms, lifetimes, SPI range)
    NO_SUCH_POLICY,    //!< ENOENT: no SPD entry with that id
    PERMISSION_DENIED, //!< EACCES: needs privilege (per-socket bypass, lowering, algorithms)
    POLICY_EXISTS      //!< EEXIST: an SPD entry with the same selectors and direction exists
};

/**
 * \ingroup ipsec
 * \brief The reply to one key management message: an error as a value (never an exception),
 * plus what the message returns (an SPI, an SA, a dump, a policy id).
 */
struct IpsecKeyResult
{
    IpsecKeyError error = IpsecKeyError::NONE; //!< NONE on success
    std::string message;                       //!< what went wrong, for people
    uint32_t spi = 0;                          //!< GETSPI: the SPI reserved
    Ptr<SecurityAssociation> sa;               //!< GET, GETSPI, ADD, UPDATE: the SA
    std::vector<Ptr<SecurityAssociation>> sas; //!< DUMP
    uint32_t policyId = 0;                     //!< SPDADD: the new entry's id
    std::vector<Ptr<SecurityPolicy>> policies; //!< SPDDUMP, SPDGET

    /// \return true on success
    bool Ok() const { return error == IpsecKeyError::NONE; }

    /// \return the errno value PF_KEY would report (0 on success)
    int Errno() const
    {
        switch (error)
        {
            case IpsecKeyError::NONE:
                return 0;
            case IpsecKeyError::NO_SUCH_SA:
                return ESRCH;
            case IpsecKeyError::SPI_IN_USE:
            case IpsecKeyError::POLICY_EXISTS:
                return EEXIST;
            case IpsecKeyError::INVALID_ARGUMENT:
                return EINVAL;
            case IpsecKeyError::NO_SUCH_POLICY:
                return ENOENT;
            case IpsecKeyError::PERMISSION_DENIED:
                return EACCES;
        }
        return EINVAL;
    }

    /**
     * \brief A failed result.
     * \param error the error
     * \param message the explanation
     * \return the result
     */
    static IpsecKeyResult Fail(IpsecKeyError error, const std::string& message)
    {
        IpsecKeyResult r;
        r.error = error;
        r.message = message;
        return r;
    }
};

} // namespace ns3

#endif /* IPSEC_KEY_RESULT_H */
