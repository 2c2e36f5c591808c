/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_CONFIG_WRITER_H
#define IPSEC_CONFIG_WRITER_H

#include "security-association.h"
#include "security-policy.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Writes SPD and SADB contents in the three configuration formats, so that reading the
 * output back gives the same databases.
 *
 * What a format cannot express (ipsecconf has no levels or tunnel endpoints, setkey has no
 * algorithm restrictions in policy, ipseckey has no ESN flag, ...) is left out and described
 * in `notes`, one line per loss, so a caller can tell an exact dump from a lossy one.
 */
class IpsecConfigWriter
{
  public:
    /**
     * \param policies SPD entries in precedence order
     * \param tunnel the tunnel interface's name for per-tunnel entries, "" for host policy
     * \param notes receives what could not be written
     * \return ipsecconf lines
     */
    static std::string Ipsecconf(const std::vector<Ptr<SecurityPolicy>>& policies,
                                 const std::string& tunnel,
                                 std::vector<std::string>& notes);
    /**
     * \param sas the SAs
     * \param notes receives what could not be written
     * \return ipseckey `add` commands
     */
    static std::string Ipseckey(const std::vector<Ptr<SecurityAssociation>>& sas,
                                std::vector<std::string>& notes);
    /**
     * \param sas the SAs
     * \param notes receives what could not be written
     * \return setkey `add` statements
     */
    static std::string SetkeySas(const std::vector<Ptr<SecurityAssociation>>& sas,
                                 std::vector<std::string>& notes);
    /**
     * \param policies SPD entries in precedence order
     * \param notes receives what could not be written
     * \return setkey `spdadd` statements (an entry for both directions gives two)
     */
    static std::string SetkeyPolicies(const std::vector<Ptr<SecurityPolicy>>& policies,
                                      std::vector<std::string>& notes);
};

} // namespace ns3

#endif /* IPSEC_CONFIG_WRITER_H */
