/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAPT_HELPER_H
#define NAPT_HELPER_H

#include "ns3/napt-box.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Installs a NaptBox (a NAPT) on a node with an IPv4 stack.
 *
 * \code
 *   NaptHelper napt;
 *   napt.SetAttribute("Mapping", StringValue("AddressAndPortDependent"));
 *   auto nat = napt.Install(natNode, 1, 2); // inside interface 1, outside 2
 *   nat->SetInside(3);                      // a second inside interface
 *   nat->AddStaticMapping(6, 8080, Ipv4Address("10.0.1.1"), 80);
 * \endcode
 *
 * Misuse is an std::invalid_argument saying what is wrong, and leaves the node unchanged.
 */
class NaptHelper
{
  public:
    NaptHelper();

    /**
     * \brief Set an attribute of the NATs to create (see NaptBox::GetTypeId()).
     * \param name attribute name
     * \param value value
     * \throws std::invalid_argument for an unknown attribute or a value its checker refuses
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Make a node a NAT.
     * \param nat the node (with an IPv4 stack)
     * \param insideIf the IPv4 interface index of the inside (more with NaptBox::SetInside())
     * \param outsideIf the IPv4 interface index of the outside; its first address is the public
     *        address
     * \return the NAT, aggregated to the node
     * \throws std::invalid_argument for a node without IPv4, an interface index out of range,
     *         insideIf equal to outsideIf, a node that already has a NAT, an outside interface
     *         without an address, or PortRangeMin greater than PortRangeMax
     */
    Ptr<NaptBox> Install(Ptr<Node> nat, uint32_t insideIf, uint32_t outsideIf) const;

    /**
     * \param node a node
     * \return its NAT, or nullptr
     */
    static Ptr<NaptBox> Get(Ptr<Node> node);

  private:
    ObjectFactory m_factory; //!< makes the NATs
};

} // namespace ns3

#endif /* NAPT_HELPER_H */
