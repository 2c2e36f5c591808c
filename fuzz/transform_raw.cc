/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief Fuzz harness `transform-raw`: raw bytes into EspTransform::Decapsulate and
 * AhTransform::Decapsulate, and into the ESP and AH header parsers.
 *
 * The input picks an SA (any algorithm combination of sa-configs.h, key size, ESN, anti-replay
 * window and an already received sequence number), for AH the received IPv4 header and the
 * mutable-field settings, and the rest of the input is the packet. Almost every packet fails
 * its ICV: this harness explores the length, alignment, sequence-number and replay checks that
 * run before and around the ICV, on every algorithm. transform-valid reaches what lies behind a
 * correct ICV.
 *
 * Checked beyond the sanitizers: a verified result never points outside the packet.
 *
 * Input: config(1) flags(1) window(1) keyVariant(1) keySeed(1) [top(8)] [AH: header(16)]
 * [offsetMask(2)] packet(rest).
 */
#include "fuzz-input.h"
#include "sa-configs.h"

#include "ns3/ah-header.h"
#include "ns3/ah-transform.h"
#include "ns3/esp-header.h"
#include "ns3/esp-transform.h"
#include "ns3/packet.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

using namespace ns3;
using ipsecfuzz::FuzzInput;

namespace
{
[[noreturn]] void
Fail(const std::string& what)
{
    std::fprintf(stderr, "transform-raw invariant violated: %s\n", what.c_str());
    std::abort();
}

/// Parses the bytes as an ESP or AH header the way the node's PCAP and printing paths do.
void
ParseHeaders(const IpsecBytes& bytes, bool ah)
{
    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    std::ostringstream text;
    if (ah)
    {
        if (bytes.size() >= AhHeader::FIXED_SIZE)
        {
            AhHeader h;
            p->PeekHeader(h);
            h.Print(text);
        }
    }
    else if (bytes.size() >= EspHeader::SIZE)
    {
        EspHeader h;
        p->PeekHeader(h);
        h.Print(text);
    }
}
} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzInput in(data, size);
    const auto& configs = ipsecfuzz::AllSaConfigs();
    const ipsecfuzz::SaConfig& config = configs[in.Index(configs.size())];
    uint8_t flags = in.U8();
    ipsecfuzz::SaParameters p;
    p.window = ipsecfuzz::WindowSizes()[in.Index(ipsecfuzz::WindowSizes().size())];
    p.keyVariant = in.U8();
    p.keySeed = in.U8();
    p.esn = (flags & 0x01) != 0;
    bool checkPadBytes = (flags & 0x02) != 0;
    bool clearTos = (flags & 0x04) != 0;
    Ptr<SecurityAssociation> sa = ipsecfuzz::MakeSa(config, p);
    if (!sa)
    {
        return 0;
    }
    if (flags & 0x08)
    {
        sa->GetReplayWindow().Accept(in.U64()); // a receiver that has seen traffic already
    }
    bool ah = config.protocol == IpsecProtocol::AH;
    Ipv4Header header;
    uint16_t offsetMask = 0;
    if (ah)
    {
        header.SetSource(Ipv4Address(in.U32()));
        header.SetDestination(Ipv4Address(in.U32()));
        header.SetTos(in.U8());
        header.SetTtl(in.U8());
        header.SetIdentification(in.U16());
        uint16_t fragment = in.U16();
        if (fragment & 0x4000)
        {
            header.SetDontFragment();
        }
        if (fragment & 0x2000)
        {
            header.SetMoreFragments();
        }
        header.SetFragmentOffset((fragment & 0x1fff) * 8);
        header.SetProtocol(51);
        header.SetPayloadSize(in.U16());
        offsetMask = (flags & 0x10) ? in.U16() : 0;
    }
    IpsecBytes packet = in.Rest();
    ParseHeaders(packet, ah);
    size_t length = packet.size();
    if (ah)
    {
        AhTransform::Result r = AhTransform::Decapsulate(*sa, header, packet, clearTos, offsetMask);
        if (r.ok && r.payloadOffset > length)
        {
            Fail("AH payload offset beyond the packet");
        }
    }
    else
    {
        EspTransform::Result r = EspTransform::Decapsulate(*sa, packet, checkPadBytes);
        if (r.ok && (r.payloadOffset + r.payloadLength > length || packet.size() != length))
        {
            Fail("ESP payload beyond the packet");
        }
    }
    return 0;
}
