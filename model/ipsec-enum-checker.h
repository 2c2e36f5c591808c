/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_ENUM_CHECKER_H
#define IPSEC_ENUM_CHECKER_H

#include "ipsec-ns3-compat.h"

#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief An EnumChecker that refuses names it does not know.
 *
 * ns-3's EnumValue::DeserializeFromString() turns an unknown name into an arbitrary value (3.37,
 * asserts off: the size of its list, so `KeyFileFormat=foo` silently selected setkey) or an
 * assertion. Values made by this checker refuse an unknown name instead, and say which names are
 * valid, so a typo on the command line or in Config::SetDefault is an error naming the choices.
 * \tparam T the enum type
 */
template <typename T>
class IpsecEnumChecker : public IpsecEnumCheckerOf<T>
{
  public:
    /// \param values the enum values and their names; the first is the default
    explicit IpsecEnumChecker(const std::vector<std::pair<T, std::string>>& values)
        : m_values(values)
    {
        for (size_t i = 0; i < values.size(); ++i)
        {
            if (i == 0)
            {
                this->AddDefault(values[i].first, values[i].second);
            }
            else
            {
                this->Add(values[i].first, values[i].second);
            }
        }
    }

    /**
     * \param name a name
     * \param value where to put its value
     * \return false when the name is not one of the checker's
     */
    bool Find(const std::string& name, T& value) const
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

    /// \return the valid names, separated by '|'
    std::string GetNames() const
    {
        std::string names;
        for (const auto& [v, n] : m_values)
        {
            names += (names.empty() ? "" : "|") + n;
        }
        return names;
    }

    /// \return a value that refuses names this checker does not know
    Ptr<AttributeValue> Create() const override { return ns3::Create<StrictValue>(); }

  private:
    /// An EnumValue whose text form must be one of its checker's names.
    class StrictValue : public IpsecEnumValueOf<T>
    {
      public:
        /// \return a copy
        Ptr<AttributeValue> Copy() const override { return ns3::Create<StrictValue>(*this); }

        /**
         * \param text a name
         * \param checker the IpsecEnumChecker
         * \return false (with the valid names on std::cerr) when the name is unknown
         */
        bool DeserializeFromString(std::string text, Ptr<const AttributeChecker> checker) override
        {
            const auto* known = dynamic_cast<const IpsecEnumChecker*>(PeekPointer(checker));
            T value;
            if (!known || !known->Find(text, value))
            {
                // The attribute system only reports failure: say what the valid names are.
                std::cerr << "invalid value \"" << text << "\": expected one of "
                          << (known ? known->GetNames() : std::string("the enum's names"))
                          << std::endl;
                return false;
            }
            this->Set(value);
            return true;
        }
    };

    std::vector<std::pair<T, std::string>> m_values; //!< value and name, default first
};

/**
 * \ingroup ipsec
 * \brief Make an IpsecEnumChecker.
 * \tparam T the enum type
 * \param values the enum values and their names; the first is the default
 * \return the checker
 */
template <typename T>
Ptr<const AttributeChecker>
MakeIpsecEnumChecker(const std::vector<std::pair<T, std::string>>& values)
{
    return Create<IpsecEnumChecker<T>>(values);
}

} // namespace ns3

#endif /* IPSEC_ENUM_CHECKER_H */
