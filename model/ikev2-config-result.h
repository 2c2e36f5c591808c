/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_CONFIG_RESULT_H
#define IKEV2_CONFIG_RESULT_H

/**
 * \file
 * \ingroup ipsec
 * The outcome of reading or checking an IKEv2 configuration.
 */

#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief What reading or validating an IKEv2 configuration gave: success, or the first error.
 *
 * Like IpsecConfigResult: when ok is false nothing of the file was loaded.
 */
struct Ikev2ConfigResult
{
    bool ok{true};     //!< false: the configuration was refused
    std::string error; //!< `file:line:column: message` when !ok
};

} // namespace ns3

#endif /* IKEV2_CONFIG_RESULT_H */
