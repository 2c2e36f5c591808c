/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * End-to-end suites run twice under CTest: as they are, and with ns-3's checksums on
 * (IPSEC_TEST_CHECKSUMS=1), where a header serialized without its checksum is a lost packet.
 */
#ifndef IPSEC_TEST_CHECKSUMS_FROM_ENVIRONMENT_H
#define IPSEC_TEST_CHECKSUMS_FROM_ENVIRONMENT_H

#include "ns3/boolean.h"
#include "ns3/global-value.h"

#include <cstdlib>
#include <string>

namespace ns3
{
namespace test
{
/// Binds the ChecksumEnabled global before any test builds a node, when the environment asks.
inline const bool g_checksumsFromEnvironment = [] {
    const char* value = std::getenv("IPSEC_TEST_CHECKSUMS");
    bool on = value && std::string(value) == "1";
    if (on)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }
    return on;
}();
} // namespace test
} // namespace ns3

#endif
