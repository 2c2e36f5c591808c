/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_CONFIG_OPERATION_H
#define IPSEC_CONFIG_OPERATION_H

#include "ipsec-config-error.h"
#include "ipsec-types.h"
#include "security-association.h"
#include "security-policy.h"

#include "ns3/ipv4-address.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The configuration file formats the module reads and writes: those of illumos
 * ipsecconf(8) and ipseckey(8), and of KAME setkey(8).
 */
enum class IpsecConfigFormat : uint8_t
{
    IPSECCONF, //!< Solaris/illumos ipsecconf(8) / ipsecinit.conf: policy
    IPSECKEY,  //!< Solaris/illumos ipseckey(8): manual SAs
    SETKEY     //!< KAME/BSD/macOS setkey(8): SAs and policy
};

/// \return "ipsecconf", "ipseckey" or "setkey"
std::string ToString(IpsecConfigFormat format);

/**
 * \ingroup ipsec
 * \brief One database operation a configuration statement asks for, with its position.
 *
 * Readers turn a whole file into a list of these; IpsecConfigTransaction checks the whole list
 * against the node's databases and applies it only when every operation can succeed.
 */
struct IpsecConfigOperation
{
    /// The PF_KEY / PF_POLICY message the statement amounts to.
    enum class Kind : uint8_t
    {
        ADD_SA,         //!< SADB_ADD
        UPDATE_SA,      //!< SADB_UPDATE
        DELETE_SA,      //!< SADB_DELETE
        DELETE_SA_PAIR, //!< ipseckey delete-pair: the SA and its paired SA
        DELETE_ALL_SA,  //!< setkey deleteall: every SA from source to destination
        GET_SA,         //!< SADB_GET (prints the SA)
        FLUSH_SA,       //!< SADB_FLUSH
        DUMP_SA,        //!< SADB_DUMP (prints the SAs)
        ADD_POLICY,     //!< SPDADD
        DELETE_POLICY,  //!< SPDDELETE (same selectors and direction)
        FLUSH_POLICY,   //!< SPDFLUSH
        DUMP_POLICY     //!< SPDDUMP (prints the policy)
    };

    Kind kind{Kind::ADD_SA};                          //!< what to do
    uint32_t line{0};                                 //!< where the statement starts
    uint32_t column{0};                               //!< where the statement starts
    Ptr<SecurityAssociation> sa;                      //!< ADD_SA: the SA, initialized
    std::optional<IpsecProtocol> protocol;            //!< SA operations; none = all
    IpsecAddress source = Ipv4Address::GetAny();      //!< SA source (any = unspecified)
    IpsecAddress destination = Ipv4Address::GetAny(); //!< SA destination
    uint32_t spi{0};                                  //!< SA identity
    uint32_t pairSpi{0};                              //!< ipseckey pair-spi, 0 = none
    bool alsoPair{false}; //!< ipseckey update-pair: apply to the paired SA as well
    std::function<void(SecurityAssociation&)> update; //!< UPDATE_SA: set the given fields
    std::function<std::string(const SecurityAssociation&)> checkUpdate; //!< UPDATE_SA: "" if OK
    Ptr<SecurityPolicy> policy; //!< ADD_POLICY / DELETE_POLICY
    std::string tunnel;         //!< ipsecconf `tunnel NAME`, "" = host

    /**
     * \param message what is wrong
     * \return an error at the statement's position
     */
    IpsecConfigError ErrorHere(const std::string& message) const
    {
        return IpsecConfigError(line, column, message);
    }
};

/**
 * \ingroup ipsec
 * \brief What a reader makes of a whole file: the operations and the warnings.
 */
struct IpsecConfigParse
{
    std::vector<IpsecConfigOperation> operations; //!< in file order
    std::vector<IpsecConfigError> warnings;       //!< positions and messages of warnings
};

} // namespace ns3

#endif /* IPSEC_CONFIG_OPERATION_H */
