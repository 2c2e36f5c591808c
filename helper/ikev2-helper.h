/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IKEV2_HELPER_H
#define IKEV2_HELPER_H

/**
 * \file
 * \ingroup ipsec
 * Installs IKEv2 daemons on nodes.
 */

#include "ns3/application-container.h"
#include "ns3/ikev2-config.h"
#include "ns3/ikev2-daemon.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Install an Ikev2Daemon on a node with its configuration: a swanctl.conf, a Solaris
 * ikev2.config with ikev2.preshared, or an Ikev2Config built in code.
 *
 * The configuration is read and checked at Install, which throws std::invalid_argument with
 * `file:line:column: message` on an error and then installs nothing. The node needs IPsec
 * (IpsecHelper::Install) first.
 */
class Ikev2Helper
{
  public:
    Ikev2Helper();

    /**
     * \brief Set an attribute of the daemons installed from now on (RetransmitTimeout, ...).
     * \param name the attribute of ns3::Ikev2Daemon
     * \param value its value
     * \throw std::invalid_argument for an unknown attribute or an invalid value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install a daemon configured by a swanctl.conf text.
     * \param node the node
     * \param swanctl the swanctl.conf text
     * \param source its name in error messages
     * \return the daemon, in a container
     */
    ApplicationContainer Install(Ptr<Node> node,
                                 const std::string& swanctl,
                                 const std::string& source = "swanctl.conf") const;

    /**
     * \brief Install a daemon configured by a swanctl.conf file.
     * \param node the node
     * \param path the file
     * \return the daemon, in a container
     */
    ApplicationContainer InstallFile(Ptr<Node> node, const std::string& path) const;

    /**
     * \brief Install a daemon configured like Solaris's in.ikev2d.
     * \param node the node
     * \param config the ikev2.config text
     * \param preshared the ikev2.preshared text
     * \return the daemon, in a container
     */
    ApplicationContainer InstallSolaris(Ptr<Node> node,
                                        const std::string& config,
                                        const std::string& preshared) const;

    /**
     * \brief Install a daemon with a configuration built in code.
     * \param node the node
     * \param config the configuration (checked like a file's)
     * \return the daemon, in a container
     */
    ApplicationContainer Install(Ptr<Node> node, const Ikev2Config& config) const;

    /**
     * \param node a node
     * \return its first IKEv2 daemon, or nullptr
     */
    static Ptr<Ikev2Daemon> Get(Ptr<Node> node);

    /**
     * \brief Fix the random streams of the daemons on these nodes.
     * \param nodes the nodes
     * \param stream the first stream index
     * \return the number of streams used
     */
    static int64_t AssignStreams(NodeContainer nodes, int64_t stream);

  private:
    /**
     * \param node the node
     * \param daemon a configured daemon
     * \param what the caller, for errors
     * \return the daemon, installed
     */
    ApplicationContainer Add(Ptr<Node> node,
                             Ptr<Ikev2Daemon> daemon,
                             const std::string& what) const;

    /**
     * \param node the node
     * \param what the caller, for errors
     * \throw std::invalid_argument when the node cannot run a daemon
     */
    static void CheckNode(Ptr<Node> node, const std::string& what);

    ObjectFactory m_factory; //!< makes the daemons
};

} // namespace ns3

#endif /* IKEV2_HELPER_H */
