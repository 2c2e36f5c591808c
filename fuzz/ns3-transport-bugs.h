/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_FUZZ_NS3_TRANSPORT_BUGS_H
#define IPSEC_FUZZ_NS3_TRANSPORT_BUGS_H

/**
 * \file
 * \brief The transport payloads that Debian's ns-3.37 itself mishandles, shared by the
 * `node-receive` and `node-receive6` harnesses, which keep them from ns-3's transports.
 *
 * None of these is the IPsec module's doing: the module hands the transports exactly what
 * arrived. ns-3's transports deserialize their headers without checking the length first, and
 * Debian builds ns-3 without asserts, so a short payload makes them read past the end of the
 * packet's buffer: stale bytes of earlier packets, which makes runs irreproducible, or memory
 * beyond the allocation, which crashes where the allocation happens to end a mapping (found on a
 * CI machine: ASan saw a SEGV inside libns3-internet, valgrind showed
 * TcpOptionSack::Deserialize reading the blocks its length announces past the packet's end).
 * Malformed headers go further:
 *  - TcpHeader::Deserialize loops forever on an option of unknown kind with length 0
 *    (TcpOptionUnknown::Deserialize returns 0 and GetSerializedSize() is then 0 as well);
 *  - TcpOptionMSS::Deserialize aborts the simulation (NS_ABORT_IF, compiled in release
 *    builds too) on an MSS option whose length is not 4;
 *  - every TCP option's Deserialize reads what its kind and length announce before
 *    TcpHeader::Deserialize checks that against the option space;
 *  - Icmpv4Echo::Deserialize of an echo request shorter than 8 bytes computes its data size as
 *    GetSize() - 4, which wraps, and allocates 4 GiB (HandleEcho on every ICMP echo).
 */

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ipsecfuzz
{

/**
 * \brief Why ns-3.37's TCP would misbehave on this segment, or "" when it is fine.
 *
 * Walks the options as TcpHeader::Deserialize does (ns-3.37 src/internet/model/tcp-header.cc
 * and tcp-option-*.cc): each option's Deserialize() reads some bytes and returns what it
 * consumed; the loop stops when that differs from the option's GetSerializedSize() or exceeds
 * the option space, and otherwise advances by it.
 *
 * \param b the TCP header and payload
 * \return the reason to keep it from ns-3, or ""
 */
inline std::string
Ns3TcpBug(const std::vector<uint8_t>& b)
{
    size_t n = b.size();
    if (n < 20 || size_t(b[12] >> 4) * 4 > n)
    {
        return "tcp-short-header"; // TcpL4Protocol::PacketReceived peeks unchecked
    }
    size_t dataOffset = b[12] >> 4;
    if (dataOffset < 5 || (dataOffset - 5) * 4 > 40)
    {
        return ""; // TcpHeader::Deserialize skips the options
    }
    size_t at = 20;
    size_t left = (dataOffset - 5) * 4;
    while (left > 0)
    {
        uint8_t kind = b[at];
        if (kind <= 1) // END (the rest is padding) or NOP
        {
            if (kind == 0)
            {
                return "";
            }
            ++at;
            --left;
            continue;
        }
        if (at + 1 >= n)
        {
            return "tcp-short-header";
        }
        uint8_t length = b[at + 1];
        size_t read = 2; // what Deserialize reads, kind and length included
        size_t consumed = 0;
        size_t serialized = 0;
        switch (kind)
        {
            case 2: // MSS: NS_ABORT_IF(size != 4), active in release builds
                if (length != 4)
                {
                    return "tcp-mss-length-abort";
                }
                read = consumed = serialized = 4;
                break;
            case 3: // window scale
                serialized = 3;
                read = consumed = length == 3 ? 3 : 0;
                break;
            case 4: // SACK permitted
                serialized = 2;
                consumed = length == 2 ? 2 : 0;
                break;
            case 5: // SACK: (size - 2) / 8 blocks, in int, truncated, read whatever the space
                read = consumed = serialized = 2 + 8 * size_t(uint8_t((int(length) - 2) / 8));
                break;
            case 8: // timestamps
                serialized = 10;
                consumed = length == 10 ? 10 : 0;
                read = length == 10 ? 10 : 2;
                break;
            default: // TcpOptionUnknown: 0 unless 2 <= size <= 40; the size it then reports is
                     // the length byte, so a length of 0 matches and the loop never advances
                serialized = length;
                consumed = length >= 2 && length <= 40 ? length : 0;
                read = consumed == 0 ? 2 : consumed;
                break;
        }
        if (at + std::max<size_t>(read, 2) > n)
        {
            return "tcp-option-past-end"; // read before the loop looks at the option space
        }
        if (consumed != serialized || consumed > left)
        {
            return ""; // the loop breaks
        }
        if (consumed == 0)
        {
            return "tcp-option-length-0"; // the endless loop
        }
        at += consumed;
        left -= consumed;
    }
    return "";
}

/**
 * \brief Why ns-3.37 itself would misbehave on this UDP, TCP or ICMP payload, or "" when it is
 * fine (see the file's description).
 *
 * \param protocol IP protocol number
 * \param b the transport header and payload
 * \return the reason to keep it from ns-3, or ""
 */
inline std::string
Ns3TransportBug(uint8_t protocol, const std::vector<uint8_t>& b)
{
    size_t n = b.size();
    switch (protocol)
    {
        case 17:
            return n < 8 ? "udp-short-header" : ""; // UdpL4Protocol::Receive peeks 8 bytes
        case 6:
            return Ns3TcpBug(b);
        case 1:
            if (n < 4)
            {
                return "icmp-short-header"; // Icmpv4L4Protocol::Receive removes 4 bytes
            }
            if (b[0] == 8 && n < 8)
            {
                return "icmp-echo-4gib"; // the wrapped size and the 4 GiB allocation
            }
            if ((b[0] == 3 || b[0] == 11) && n < 36)
            {
                // Icmpv4DestinationUnreachable / Icmpv4TimeExceeded::Deserialize read 4 + 20 + 8
                // bytes (the quoted IPv4 header and 8 bytes of its payload) unchecked.
                return "icmp-error-short";
            }
            return "";
        default:
            return "";
    }
}

} // namespace ipsecfuzz

#endif // IPSEC_FUZZ_NS3_TRANSPORT_BUGS_H
