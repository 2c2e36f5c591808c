/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_ENUM_CHECKER_H
#define IPSEC_ENUM_CHECKER_H

#include "ns3/enum.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief An EnumChecker that refuses names it does not know.
 *
 * ns-3.37's EnumValue::DeserializeFromString() turns an unknown name into an arbitrary value
 * (with asserts off, the size of its list: `KeyFileFormat=foo` silently selected setkey). Values
 * made by this checker refuse an unknown name instead, and say which names are valid, so a typo
 * on the command line or in Config::SetDefault is an error naming the choices.
 */
class IpsecEnumChecker : public EnumChecker
{
  public:
    /**
     * \param values the enum values and their names; the first is the default
     */
    explicit IpsecEnumChecker(const std::vector<std::pair<int, std::string>>& values);

    /**
     * \param name a name
     * \param value where to put its value
     * \return false when the name is not one of the checker's
     */
    bool Find(const std::string& name, int& value) const;
    /// \return the valid names, separated by '|'
    std::string GetNames() const;

    /**
     * \brief Make a value for this checker's attributes: an EnumValue whose text form must be
     * one of the checker's names (an unknown name prints the valid ones and is refused).
     * \return the value
     */
    Ptr<AttributeValue> Create() const override;

  private:
    std::vector<std::pair<int, std::string>> m_values; //!< value and name, default first
};

/**
 * \ingroup ipsec
 * \brief Make an IpsecEnumChecker.
 * \param values the enum values and their names; the first is the default
 * \return the checker
 */
Ptr<const AttributeChecker> MakeIpsecEnumChecker(
    const std::vector<std::pair<int, std::string>>& values);

} // namespace ns3

#endif /* IPSEC_ENUM_CHECKER_H */
