/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NS3_COMPAT_H
#define IPSEC_NS3_COMPAT_H

/**
 * \file
 * \ingroup ipsec
 * The differences between the ns-3 releases the module builds with, in one place.
 *
 * IPSEC_NS3_VERSION is major * 100 + minor of the ns-3 being built against (337 for 3.37); the
 * build defines it (CMakeLists.txt from find_package or the tree's VERSION file, wscript from
 * waf's). What differs:
 *  - ns-3.39: Ipv4RoutingProtocol::RouteInput takes its callbacks by const reference;
 *  - ns-3.41: EnumValue and EnumChecker are templates on the enum type, and MakeEnumAccessor
 *    names it (MakeEnumAccessor<T>(&member)).
 *  - ns-3.42: TestSuite::Type and TestCase::Duration are enum classes (the module's in-tree test
 *    suite uses them).
 *  - ns-3.48: UdpServer's "Rx" trace source (from SinkApplication) passes the sender's address
 *    too; "RxWithoutAddress" has the old (Ptr<const Packet>) signature.
 * Code that compiles everywhere needs nothing here: EventId::IsExpired() (IsRunning() went in
 * 3.42), CreateObject for Object subclasses (3.4x refuses Create<>), DynamicCast of an
 * application instead of UdpServerHelper::GetServer() (gone in 3.4x).
 */

#include "ns3/enum.h"

#ifndef IPSEC_NS3_VERSION
/// major * 100 + minor of the ns-3 built against; the build defines it (3.37 if it did not).
#define IPSEC_NS3_VERSION 337
#endif

namespace ns3
{

#if IPSEC_NS3_VERSION >= 339
/// A RouteInput() callback parameter of type T (const reference since ns-3.39).
#define IPSEC_ROUTE_INPUT_CALLBACK(T) const T&
#else
/// A RouteInput() callback parameter of type T (by value before ns-3.39).
#define IPSEC_ROUTE_INPUT_CALLBACK(T) T
#endif

#if IPSEC_NS3_VERSION >= 341
/// The EnumValue of enum type T.
template <typename T>
using IpsecEnumValueOf = EnumValue<T>;
/// The EnumChecker of enum type T.
template <typename T>
using IpsecEnumCheckerOf = EnumChecker<T>;
/// MakeEnumAccessor of an attribute of enum type T.
#define IPSEC_ENUM_ACCESSOR(T, ...) MakeEnumAccessor<T>(__VA_ARGS__)
#else
/// The EnumValue of enum type T (one class for every enum before ns-3.41).
template <typename T>
using IpsecEnumValueOf = EnumValue;
/// The EnumChecker of enum type T (one class for every enum before ns-3.41).
template <typename T>
using IpsecEnumCheckerOf = EnumChecker;
/// MakeEnumAccessor of an attribute of enum type T.
#define IPSEC_ENUM_ACCESSOR(T, ...) MakeEnumAccessor(__VA_ARGS__)
#endif

#if IPSEC_NS3_VERSION >= 342
/// TestSuite's unit-test type.
#define IPSEC_TEST_SUITE_UNIT TestSuite::Type::UNIT
/// TestCase's quick duration.
#define IPSEC_TEST_CASE_QUICK TestCase::Duration::QUICK
#else
/// TestSuite's unit-test type.
#define IPSEC_TEST_SUITE_UNIT TestSuite::UNIT
/// TestCase's quick duration.
#define IPSEC_TEST_CASE_QUICK TestCase::QUICK
#endif

#if IPSEC_NS3_VERSION >= 348
/// UdpServer's trace source of received packets whose callback takes (Ptr<const Packet>).
#define IPSEC_UDP_SERVER_RX_TRACE "RxWithoutAddress"
#else
/// UdpServer's trace source of received packets whose callback takes (Ptr<const Packet>).
#define IPSEC_UDP_SERVER_RX_TRACE "Rx"
#endif

} // namespace ns3

#endif /* IPSEC_NS3_COMPAT_H */
