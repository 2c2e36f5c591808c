/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Small helpers shared by the test suites.
 */
#ifndef IPSEC_TEST_UTIL_H
#define IPSEC_TEST_UTIL_H

#include "ns3/ipsec-crypto.h"

#include <gtest/gtest.h>
#include <string>

namespace ns3
{
namespace test
{
/// Hex text (spaces allowed) to bytes; fails the test on bad hex.
inline IpsecBytes
Hex(const std::string& text)
{
    IpsecBytes out;
    EXPECT_TRUE(ipsec_crypto::ParseHex(text, out)) << text;
    return out;
}

/// Bytes to lower-case hex.
inline std::string
Hex(const IpsecBytes& bytes)
{
    return ipsec_crypto::ToHex(bytes);
}
} // namespace test
} // namespace ns3

#endif
