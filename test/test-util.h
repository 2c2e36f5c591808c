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

/// Skips a death test that re-runs its own test binary: in an ns-3 tree that binary is ns-3's
/// test-runner (the module's tests run as its suite "ipsec"), which would not understand it.
#ifdef IPSEC_IN_NS3_TREE
#define IPSEC_SKIP_IF_RUN_BY_NS3_TEST_RUNNER() \
    GTEST_SKIP() << "a threadsafe death test re-runs the test binary: ns-3's test-runner here"
#else
#define IPSEC_SKIP_IF_RUN_BY_NS3_TEST_RUNNER() (void) 0
#endif

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
