/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_CONFIG_ERROR_H
#define IPSEC_CONFIG_ERROR_H

#include <cstdint>
#include <stdexcept>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A configuration file error at a line and column (1-based).
 *
 * The readers throw it; IpsecConfig catches it and reports `file:line:column: message`, having
 * applied nothing of the file.
 */
class IpsecConfigError : public std::runtime_error
{
  public:
    /**
     * \param line 1-based line
     * \param column 1-based column
     * \param message what is wrong, without the position
     */
    IpsecConfigError(uint32_t line, uint32_t column, const std::string& message);

    uint32_t GetLine() const;              //!< \return the 1-based line
    uint32_t GetColumn() const;            //!< \return the 1-based column
    const std::string& GetMessage() const; //!< \return the message without the position
    /**
     * \param source the file name (or "<PolicyText>" and the like)
     * \return `source:line:column: message`
     */
    std::string Format(const std::string& source) const;

  private:
    uint32_t m_line;
    uint32_t m_column;
    std::string m_message;
};

} // namespace ns3

#endif /* IPSEC_CONFIG_ERROR_H */
