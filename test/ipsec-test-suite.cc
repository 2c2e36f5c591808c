/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Inside an ns-3 source tree, the module's GoogleTest suites run as one ns-3 test suite, "ipsec",
 * with ns-3's own tools (./test.py -s ipsec, or test-runner --suite=ipsec). Standalone, CTest runs
 * them directly.
 */
#include "ns3/ipsec-ns3-compat.h"
#include "ns3/test.h"

#include <gtest/gtest.h>

namespace ns3
{
namespace test
{

/// Runs every GoogleTest test linked into the module's test library.
class IpsecGoogleTestCase : public TestCase
{
  public:
    IpsecGoogleTestCase()
        : TestCase("the module's GoogleTest suites")
    {
    }

  private:
    void DoRun() override
    {
        int argc = 1;
        char name[] = "ipsec";
        char* argv[] = {name, nullptr};
        ::testing::InitGoogleTest(&argc, argv);
        int failed = RUN_ALL_TESTS();
        NS_TEST_ASSERT_MSG_EQ(failed, 0, "GoogleTest failures: see the output above");
    }
};

/// The module's test suite in ns-3's test framework.
class IpsecTestSuite : public TestSuite
{
  public:
    IpsecTestSuite()
        : TestSuite("ipsec", IPSEC_TEST_SUITE_UNIT)
    {
        AddTestCase(new IpsecGoogleTestCase, IPSEC_TEST_CASE_QUICK);
    }
};

/// The suite's registration.
static IpsecTestSuite g_ipsecTestSuite;

} // namespace test
} // namespace ns3
