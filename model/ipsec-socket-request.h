/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_SOCKET_REQUEST_H
#define IPSEC_SOCKET_REQUEST_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Solaris/illumos `ipsec_req_t`, the argument of the `IP_SEC_OPT` socket option.
 *
 * The request fields take IPSEC_PREF_NEVER (bypass all policy, privileged only),
 * IPSEC_PREF_REQUIRED, or IPSEC_PREF_REQUIRED | IPSEC_PREF_UNIQUE (a unique SA for this socket);
 * 0 means no request. The algorithm fields hold PF_KEY numbers (`SADB_EALG_*`, `SADB_AALG_*`,
 * as in `<net/pfkeyv2.h>` and ipsecalgs), 0 for any. An all-zero request clears the socket's
 * policy, as on Solaris.
 */
struct IpsecSocketRequest
{
    static constexpr uint32_t PREF_NEVER = 0x01;    //!< IPSEC_PREF_NEVER
    static constexpr uint32_t PREF_REQUIRED = 0x02; //!< IPSEC_PREF_REQUIRED
    static constexpr uint32_t PREF_UNIQUE = 0x04;   //!< IPSEC_PREF_UNIQUE (OR-ed to REQUIRED)

    uint32_t ahRequest = 0;        //!< ipsr_ah_req
    uint32_t espRequest = 0;       //!< ipsr_esp_req
    uint32_t selfEncapRequest = 0; //!< ipsr_self_encap_req: an extra outer IP header
    uint8_t authAlgorithm = 0;     //!< ipsr_auth_alg: AH's SADB_AALG_*
    uint8_t espAlgorithm = 0;      //!< ipsr_esp_alg: ESP's SADB_EALG_*
    uint8_t espAuthAlgorithm = 0;  //!< ipsr_esp_auth_alg: ESP's SADB_AALG_*

    /// \return true when every field is zero (the request that clears per-socket policy)
    bool IsEmpty() const
    {
        return ahRequest == 0 && espRequest == 0 && selfEncapRequest == 0 && authAlgorithm == 0
            && espAlgorithm == 0 && espAuthAlgorithm == 0;
    }

    /// \param o another request \return true when all fields are equal
    bool operator==(const IpsecSocketRequest& o) const
    {
        return ahRequest == o.ahRequest && espRequest == o.espRequest
            && selfEncapRequest == o.selfEncapRequest && authAlgorithm == o.authAlgorithm
            && espAlgorithm == o.espAlgorithm && espAuthAlgorithm == o.espAuthAlgorithm;
    }
};

} // namespace ns3

#endif /* IPSEC_SOCKET_REQUEST_H */
