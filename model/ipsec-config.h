/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_CONFIG_H
#define IPSEC_CONFIG_H

#include "ipsec-config-operation.h"

#include "ns3/ptr.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{

class IpsecL3Protocol;

/**
 * \ingroup ipsec
 * \brief What loading a configuration file did.
 */
struct IpsecConfigResult
{
    bool ok{true};                     //!< false: the file was rejected and nothing applied
    std::string error;                 //!< `file:line:column: message` when !ok
    std::vector<std::string> warnings; //!< `file:line:column: warning: message`
    std::string output;                //!< what get/dump/spddump statements printed
    size_t operations{0};              //!< database operations applied
};

/**
 * \ingroup ipsec
 * \brief One configuration text to load, in its format, with the name errors carry.
 */
struct IpsecConfigInput
{
    IpsecConfigFormat format; //!< the text's format
    std::string text;         //!< the contents
    std::string source;       //!< the file name, or e.g. "PolicyText"
};

/**
 * \ingroup ipsec
 * \brief A configuration given as a file and/or inline text (the KeyFile/KeyText and
 * PolicyFile/PolicyText attributes): the file is read first, then the text.
 */
struct IpsecConfigSource
{
    IpsecConfigFormat format; //!< the format of both
    std::string path;         //!< the file, or empty
    std::string text;         //!< inline statements, or empty
    std::string textName;     //!< the name errors in the text carry, e.g. "PolicyText"
};

/**
 * \ingroup ipsec
 * \brief Loads and writes, for one node, the configuration files of the real tools: illumos
 * ipsecconf(8) policy (ipsecinit.conf), illumos ipseckey(8) SAs, and KAME setkey(8) SAs and
 * policy.
 *
 * Loading is all or nothing, like a transaction: the file is parsed whole (syntax, names,
 * algorithms, keys), then every statement is carried out on snapshots of the node's databases
 * (SecurityAssociationDatabase::Snapshot(), SecurityPolicyDatabase::Snapshot()), so each is
 * checked against the databases as the earlier statements left them (an `add` of an SPI in use,
 * a `delete` of a missing SA or policy, an update to a deleted pair, an unknown tunnel
 * interface), and only then are the same statements, by the same code, carried out on the node.
 * Any error rejects the file with `file:line:column: message` and leaves the databases
 * untouched.
 */
class IpsecConfig
{
  public:
    /**
     * \brief Read a configuration text into a node's databases.
     * \param ipsec the node's IPsec layer
     * \param format the text's format
     * \param text the contents
     * \param source the name errors carry (the file name, or e.g. "PolicyText")
     * \param checkOnly parse and check but apply nothing (ipsecconf -c, ipseckey -c)
     * \return the result
     */
    static IpsecConfigResult Load(Ptr<IpsecL3Protocol> ipsec,
                                  IpsecConfigFormat format,
                                  const std::string& text,
                                  const std::string& source,
                                  bool checkOnly = false);
    /**
     * \brief Read several texts into a node's databases as one transaction: all of them are
     * applied, in order, or none.
     * \param ipsec the node's IPsec layer
     * \param inputs the texts
     * \param checkOnly parse and check but apply nothing
     * \return the result (the error names the input it comes from)
     */
    static IpsecConfigResult Load(Ptr<IpsecL3Protocol> ipsec,
                                  const std::vector<IpsecConfigInput>& inputs,
                                  bool checkOnly = false);
    /**
     * \brief Read files and texts into a node's databases as one transaction.
     * \param ipsec the node's IPsec layer
     * \param sources the sources, in order (each one's file before its text)
     * \param checkOnly parse and check but apply nothing
     * \return the result (an unreadable file is an error at 0:0 and applies nothing)
     */
    static IpsecConfigResult LoadSources(Ptr<IpsecL3Protocol> ipsec,
                                         const std::vector<IpsecConfigSource>& sources,
                                         bool checkOnly = false);
    /**
     * \brief Read a whole file.
     * \param path the file
     * \param text where to put its contents
     * \param error where to put `path:0:0: cannot open the file` on failure
     * \return false when the file cannot be read
     */
    static bool ReadFile(const std::string& path, std::string& text, std::string& error);
    /**
     * \brief Read a configuration file into a node's databases.
     * \param ipsec the node's IPsec layer
     * \param format the file's format
     * \param path the file
     * \param checkOnly parse and check but apply nothing
     * \return the result (an unreadable file is an error at 0:0)
     */
    static IpsecConfigResult LoadFile(Ptr<IpsecL3Protocol> ipsec,
                                      IpsecConfigFormat format,
                                      const std::string& path,
                                      bool checkOnly = false);
    /**
     * \brief Write a node's databases in a format: ipsecconf writes the SPD (host and
     * per-tunnel), ipseckey the SADB, setkey both.
     * \param ipsec the node's IPsec layer
     * \param format the format
     * \param notes if not null, receives what the format could not express
     * \return the text; reading it into empty databases gives the same databases
     */
    static std::string Write(Ptr<IpsecL3Protocol> ipsec,
                             IpsecConfigFormat format,
                             std::vector<std::string>* notes = nullptr);
    /**
     * \param name "ipsecconf", "ipseckey" or "setkey"
     * \return the format, if the name is one
     */
    static std::optional<IpsecConfigFormat> ParseFormat(const std::string& name);
    /**
     * \brief Parse without a node (names still resolve through ns3::Names).
     * \param format the format
     * \param text the contents
     * \return the operations (throws IpsecConfigError)
     */
    static IpsecConfigParse Parse(IpsecConfigFormat format, const std::string& text);
};

} // namespace ns3

#endif /* IPSEC_CONFIG_H */
