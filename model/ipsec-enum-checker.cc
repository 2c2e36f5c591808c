/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-enum-checker.h"

#include <iostream>

namespace ns3
{

namespace
{
/// An EnumValue whose text form must be one of its checker's names.
class StrictEnumValue : public EnumValue
{
  public:
    StrictEnumValue() = default;

    Ptr<AttributeValue> Copy() const override { return ns3::Create<StrictEnumValue>(*this); }

    bool DeserializeFromString(std::string text, Ptr<const AttributeChecker> checker) override
    {
        const auto* known = dynamic_cast<const IpsecEnumChecker*>(PeekPointer(checker));
        int value;
        if (!known || !known->Find(text, value))
        {
            // The attribute system only reports failure: say what the valid names are.
            std::cerr << "invalid value \"" << text << "\": expected one of "
                      << (known ? known->GetNames() : std::string("the enum's names")) << std::endl;
            return false;
        }
        Set(value);
        return true;
    }
};
} // namespace

IpsecEnumChecker::IpsecEnumChecker(const std::vector<std::pair<int, std::string>>& values)
    : m_values(values)
{
    for (size_t i = 0; i < values.size(); ++i)
    {
        if (i == 0)
        {
            AddDefault(values[i].first, values[i].second);
        }
        else
        {
            Add(values[i].first, values[i].second);
        }
    }
}

bool
IpsecEnumChecker::Find(const std::string& name, int& value) const
{
    for (const auto& [v, n] : m_values)
    {
        if (n == name)
        {
            value = v;
            return true;
        }
    }
    return false;
}

std::string
IpsecEnumChecker::GetNames() const
{
    std::string names;
    for (const auto& [v, n] : m_values)
    {
        names += (names.empty() ? "" : "|") + n;
    }
    return names;
}

Ptr<AttributeValue>
IpsecEnumChecker::Create() const
{
    return ns3::Create<StrictEnumValue>();
}

Ptr<const AttributeChecker>
MakeIpsecEnumChecker(const std::vector<std::pair<int, std::string>>& values)
{
    return ns3::Create<IpsecEnumChecker>(values);
}

} // namespace ns3
