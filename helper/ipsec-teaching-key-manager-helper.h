/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_TEACHING_KEY_MANAGER_HELPER_H
#define IPSEC_TEACHING_KEY_MANAGER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Installs IpsecTeachingKeyManager on nodes that have IPsec, with a policy entry on each
 * that bypasses its UDP control port in both directions (key managers must not need the SAs
 * they make).
 *
 * Install it before adding protection policies when the SPD uses first-match precedence; with
 * the default illumos precedence the bypass entry wins wherever it is.
 *
 * \code
 *   IpsecTeachingKeyManagerHelper keys;
 *   keys.SetAttribute("SoftLifetime", TimeValue(Seconds(10)));
 *   keys.SetAttribute("HardLifetime", TimeValue(Seconds(12)));
 *   ApplicationContainer managers = keys.Install(hosts);
 *   managers.Start(Seconds(0));
 * \endcode
 */
class IpsecTeachingKeyManagerHelper
{
  public:
    IpsecTeachingKeyManagerHelper();
    /**
     * \brief Set an attribute of the key managers Install() creates.
     * \param name attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param nodes nodes with IPsec installed
     * \return the applications (start them before traffic needs SAs)
     */
    ApplicationContainer Install(NodeContainer nodes) const;
    /**
     * \brief Use fixed random streams for the keys.
     * \param apps applications from Install()
     * \param stream first stream index
     * \return number of streams used
     */
    static int64_t AssignStreams(ApplicationContainer apps, int64_t stream);

  private:
    ObjectFactory m_factory;
};

} // namespace ns3

#endif /* IPSEC_TEACHING_KEY_MANAGER_HELPER_H */
