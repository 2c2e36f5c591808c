/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-nat-detection.h"

#include "ns3/abort.h"

#include <cryptopp/misc.h>
#include <cryptopp/sha.h>

namespace ns3
{

namespace
{

/**
 * \brief Append a number in network order.
 * \param out the buffer
 * \param value the number
 * \param bytes how many low-order bytes of it to append
 */
void
AppendBigEndian(IpsecBytes& out, uint64_t value, size_t bytes)
{
    for (size_t i = bytes; i > 0; --i)
    {
        out.push_back(static_cast<uint8_t>(value >> (8 * (i - 1))));
    }
}

/**
 * \brief Whether any of the received hashes is the hash of an address and port.
 * \param hashes the received notify data
 * \param spiI the initiator's IKE SPI
 * \param spiR the responder's IKE SPI
 * \param address the address
 * \param port the port
 * \return true on a match
 */
bool
AnyMatches(const std::vector<IpsecBytes>& hashes,
           uint64_t spiI,
           uint64_t spiR,
           const IpsecAddress& address,
           uint16_t port)
{
    bool found = false;
    for (const auto& data : hashes)
    {
        found = Ikev2NatDetection::Matches(data, spiI, spiR, address, port) || found;
    }
    return found;
}

} // namespace

IpsecBytes
Ikev2NatDetection::Hash(uint64_t spiI, uint64_t spiR, const IpsecAddress& address, uint16_t port)
{
    NS_ABORT_MSG_IF(address.IsNone(), "Ikev2NatDetection::Hash needs an IPv4 or IPv6 address");
    IpsecBytes input;
    AppendBigEndian(input, spiI, 8);
    AppendBigEndian(input, spiR, 8);
    input.insert(input.end(), address.GetBytes(), address.GetBytes() + address.GetLength());
    AppendBigEndian(input, port, 2);

    IpsecBytes digest(HASH_BYTES);
    CryptoPP::SHA1 sha1;
    sha1.CalculateDigest(digest.data(), input.data(), input.size());
    return digest;
}

bool
Ikev2NatDetection::Matches(const IpsecBytes& data,
                           uint64_t spiI,
                           uint64_t spiR,
                           const IpsecAddress& address,
                           uint16_t port)
{
    if (data.size() != HASH_BYTES)
    {
        return false;
    }
    const IpsecBytes expected = Hash(spiI, spiR, address, port);
    return CryptoPP::VerifyBufsEqual(data.data(), expected.data(), HASH_BYTES);
}

Ikev2NatDetection::Result
Ikev2NatDetection::Check(uint64_t spiI,
                         uint64_t spiR,
                         const std::vector<IpsecBytes>& sourceHashes,
                         const std::vector<IpsecBytes>& destinationHashes,
                         const IpsecAddress& source,
                         uint16_t sourcePort,
                         const IpsecAddress& destination,
                         uint16_t destinationPort)
{
    Result result;
    if (sourceHashes.empty() || destinationHashes.empty())
    {
        return result;
    }
    result.present = true;
    result.peerBehindNat = !AnyMatches(sourceHashes, spiI, spiR, source, sourcePort);
    result.selfBehindNat = !AnyMatches(destinationHashes, spiI, spiR, destination, destinationPort);
    return result;
}

} // namespace ns3
