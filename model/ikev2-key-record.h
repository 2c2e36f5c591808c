/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IKEV2_KEY_RECORD_H
#define IKEV2_KEY_RECORD_H

/**
 * \file
 * \ingroup ipsec
 * The keys of one IKE SA, as Wireshark's ikev2_decryption_table needs them.
 */

#include "ipsec-crypto.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The SPIs and SK_e / SK_a keys of one IKE SA, with Wireshark's names of its
 * algorithms: one line of the `ikev2_decryption_table` (Ikev2KeyExport).
 */
struct Ikev2KeyRecord
{
    Time created;               //!< when the IKE SA's keys were derived
    uint64_t spiI{0};           //!< initiator's SPI
    uint64_t spiR{0};           //!< responder's SPI
    IpsecBytes skEi;            //!< encryption key (+ salt), initiator to responder
    IpsecBytes skEr;            //!< encryption key (+ salt), responder to initiator
    IpsecBytes skAi;            //!< integrity key, initiator to responder (empty for AEAD)
    IpsecBytes skAr;            //!< integrity key, responder to initiator (empty for AEAD)
    std::string wiresharkEncr;  //!< "AES-CBC-128 [RFC3602]"; "" when Wireshark lacks it
    std::string wiresharkInteg; //!< "HMAC_SHA2_256_128 [RFC4868]", "NONE [RFC4306]"
    std::string suite;          //!< strongSwan's name of the suite
};

} // namespace ns3

#endif /* IKEV2_KEY_RECORD_H */
