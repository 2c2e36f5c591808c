/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ICMP_ECHO_CLIENT_HELPER_H
#define ICMP_ECHO_CLIENT_HELPER_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Installs IcmpEchoClient (a ping that host IPsec policy applies to) on nodes.
 */
class IcmpEchoClientHelper
{
  public:
    /// \param remote the address to ping
    explicit IcmpEchoClientHelper(Ipv4Address remote);
    /**
     * \brief Set an attribute of the clients to create.
     * \param name attribute name
     * \param value value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param nodes where to install
     * \return the applications
     */
    ApplicationContainer Install(NodeContainer nodes) const;

  private:
    ObjectFactory m_factory;
};

} // namespace ns3

#endif /* ICMP_ECHO_CLIENT_HELPER_H */
