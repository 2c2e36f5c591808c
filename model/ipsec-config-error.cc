/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-config-error.h"

namespace ns3
{

IpsecConfigError::IpsecConfigError(uint32_t line, uint32_t column, const std::string& message)
    : std::runtime_error(std::to_string(line) + ":" + std::to_string(column) + ": " + message)
    , m_line(line)
    , m_column(column)
    , m_message(message)
{
}

uint32_t
IpsecConfigError::GetLine() const
{
    return m_line;
}

uint32_t
IpsecConfigError::GetColumn() const
{
    return m_column;
}

const std::string&
IpsecConfigError::GetMessage() const
{
    return m_message;
}

std::string
IpsecConfigError::Format(const std::string& source) const
{
    return source + ":" + std::to_string(m_line) + ":" + std::to_string(m_column) + ": "
         + m_message;
}

} // namespace ns3
