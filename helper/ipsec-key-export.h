/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_KEY_EXPORT_H
#define IPSEC_KEY_EXPORT_H

#include "ns3/node-container.h"
#include "ns3/security-association.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Writes the SAs of nodes so that other tools can read the simulated wire: Wireshark's
 * `esp_sa` table (decrypts the ESP in the PCAPs) and setkey(8) `add` statements (AH included).
 *
 * Each SA appears once even though both of its ends hold a copy.
 */
class IpsecKeyExport
{
  public:
    /**
     * \brief The distinct SAs with keys of a set of nodes.
     * \param nodes nodes with IPsec
     * \return one entry per SA identity
     */
    static std::vector<Ptr<SecurityAssociation>> Collect(NodeContainer nodes);
    /**
     * \brief Lines of Wireshark's `esp_sa` UAT file, one per ESP SA that Wireshark can decrypt;
     * the others become `#` comment lines naming the algorithm Wireshark lacks. Each identity
     * (protocol, destination, SPI) is written once, the first SA given with it; SAs without
     * keys are left out.
     * \param sas the SAs
     * \return the file content
     */
    static std::string WiresharkEspSa(const std::vector<Ptr<SecurityAssociation>>& sas);
    /**
     * \brief setkey(8) `add` statements for the SAs, each identity once (a file `setkey -f`
     * loads: adding an SA twice would be EEXIST).
     * \param sas the SAs
     * \return the file content
     */
    static std::string Setkey(const std::vector<Ptr<SecurityAssociation>>& sas);
    /**
     * \brief Write both files: `path` (esp_sa) and `path + ".setkey"`.
     * \param path the esp_sa file
     * \param nodes nodes with IPsec
     * \throws std::runtime_error when a file cannot be written
     */
    static void Write(const std::string& path, NodeContainer nodes);
};

} // namespace ns3

#endif /* IPSEC_KEY_EXPORT_H */
