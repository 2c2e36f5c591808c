/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IKEV2_KEY_EXPORT_H
#define IKEV2_KEY_EXPORT_H

/**
 * \file
 * \ingroup ipsec
 * Writes the keys of IKEv2 daemons in Wireshark's formats.
 */

#include "ns3/ikev2-key-record.h"
#include "ns3/node-container.h"
#include "ns3/security-association.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief The keys the IKEv2 daemons of a simulation negotiated, for Wireshark and tshark:
 * `ikev2_decryption_table` (every IKE SA: SPIs, SK_e and SK_a keys) and `esp_sa` (every Child
 * SA ever installed, rekeyed ones included), so that captures decrypt from the first IKE_AUTH
 * to the last ESP packet.
 *
 * \code
 *   tshark -r cap.pcap -o "uat:ikev2_decryption_table:$(sed -n 2p keys.ikev2)" \
 *          -o esp.enable_encryption_decode:TRUE -o "uat:esp_sa:$(sed -n 2p keys.esp)"
 * \endcode
 */
class Ikev2KeyExport
{
  public:
    /**
     * \param nodes nodes running Ikev2Daemon
     * \return the key records of their IKE SAs, each pair of SPIs once
     */
    static std::vector<Ikev2KeyRecord> CollectIke(NodeContainer nodes);

    /**
     * \param nodes nodes running Ikev2Daemon
     * \return every ESP SA their daemons installed, each (destination, SPI) once
     */
    static std::vector<Ptr<SecurityAssociation>> CollectChild(NodeContainer nodes);

    /**
     * \param records IKE SA keys
     * \return the `ikev2_decryption_table` file: a comment line, then one line per IKE SA
     *         (`spii,spir,sk_ei,sk_er,"encr",sk_ai,sk_ar,"integ"`); an algorithm Wireshark
     *         lacks becomes a `#` line that says so
     */
    static std::string DecryptionTable(const std::vector<Ikev2KeyRecord>& records);

    /**
     * \brief Write PREFIX.ikev2 (ikev2_decryption_table) and PREFIX.esp (esp_sa).
     * \param prefix the path prefix
     * \param nodes nodes running Ikev2Daemon
     * \throw std::runtime_error when a file cannot be written
     */
    static void Write(const std::string& prefix, NodeContainer nodes);
};

} // namespace ns3

#endif /* IKEV2_KEY_EXPORT_H */
