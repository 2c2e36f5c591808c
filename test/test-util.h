/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Small helpers shared by the test suites.
 */
#ifndef IPSEC_TEST_UTIL_H
#define IPSEC_TEST_UTIL_H

#include "ns3/ipsec-crypto.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

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

/// Write the header checksum of the first \p words words of \p b into the 16 bits at \p field.
inline void
SetIpv4HeaderChecksum(std::vector<uint8_t>& b, size_t field, size_t words)
{
    b[field] = b[field + 1] = 0;
    uint32_t sum = 0;
    for (size_t i = 0; i < words * 4u; i += 2)
    {
        sum += uint32_t(b[i]) << 8 | b[i + 1];
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    b[field] = static_cast<uint8_t>(~sum >> 8);
    b[field + 1] = static_cast<uint8_t>(~sum);
}

/**
 * A copy of an IPv4 datagram whose header length field says \p words (below 5: a malformed
 * header, which ns-3's IPv4 input takes at its word), with the header checksum over that many
 * words made good where a field inside them can carry it: the identification for 2 words, the
 * checksum for 3 and 4 (0 and 1 words only pass with ns-3's checksums off).
 */
inline Ptr<Packet>
WithIpv4HeaderLength(Ptr<const Packet> datagram, uint8_t words)
{
    std::vector<uint8_t> b(datagram->GetSize());
    datagram->CopyData(b.data(), b.size());
    b[0] = 0x40 | (words & 0x0f);
    if (words >= 2)
    {
        SetIpv4HeaderChecksum(b, words >= 3 ? 10 : 4, words);
    }
    return Create<Packet>(b.data(), b.size());
}

/**
 * A copy of an IPv4 datagram (20-byte header) with \p words words of options (NOPs) after its
 * header: the header length field, the total length and the header checksum say so.
 */
inline Ptr<Packet>
WithIpv4Options(Ptr<const Packet> datagram, uint8_t words)
{
    std::vector<uint8_t> in(datagram->GetSize());
    datagram->CopyData(in.data(), in.size());
    std::vector<uint8_t> b(in.begin(), in.begin() + 20);
    b.insert(b.end(), words * 4u, 0x01); // NOP
    b.insert(b.end(), in.begin() + 20, in.end());
    b[0] = static_cast<uint8_t>(0x40 | (5 + words));
    b[2] = static_cast<uint8_t>(b.size() >> 8);
    b[3] = static_cast<uint8_t>(b.size());
    SetIpv4HeaderChecksum(b, 10, 5 + words);
    return Create<Packet>(b.data(), b.size());
}

/// A whole IPv4 datagram arrives at a device after delay t, as if off its link.
inline void
DeliverOffLink(Ptr<NetDevice> device, Ptr<Packet> datagram, double t)
{
    Simulator::Schedule(Seconds(t), [device, datagram]() {
        device->GetNode()->GetObject<Ipv4L3Protocol>()->Receive(device,
                                                                datagram,
                                                                Ipv4L3Protocol::PROT_NUMBER,
                                                                device->GetAddress(),
                                                                device->GetAddress(),
                                                                NetDevice::PACKET_HOST);
    });
}
} // namespace test
} // namespace ns3

#endif
