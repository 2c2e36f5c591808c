/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-drop-detail.h"

#include "ns3/assert.h"

#include <array>
#include <cstring>
#include <sstream>

namespace ns3
{

namespace
{
/// The templates, in the order of IpsecDropDetail::Text.
constexpr std::array<const char*, static_cast<size_t>(IpsecDropDetail::Text::COUNT)> TEMPLATES{
    "",
    "no policy for outbound {from}->{to}",
    "outbound packet dropped by policy {policy}",
    "no policy for intra-machine {from}->{to}",
    "intra-machine packet {from}->{to} dropped by policy {policy}",
    "no SA for {from}->{to} required by {policy}",
    "no tunnel SA for {from}->{to} required by {policy}",
    "held packet: no SA arrived within AcquireHoldTime",
    "held transit packet: its policy no longer asks for protection",
    "acquire hold queue full (AcquireHoldLimit {n})",
    "sequence number exhausted: {sa}",
    "no route to {to}",
    "no route to tunnel peer {to}",
    "DF datagram of {n} bytes exceeds the tunnel MTU {m}",
    "forwarded packet dropped by policy {policy}",
    "tunnel interface {n}: no policy for {from}->{to}",
    "tunnel interface {n}: dropped by policy {policy}",
    "tunnel interface {n}: no SA to {to}",
    "tunnel interface {n}: inner packet {from}->{to} dropped by its policy",
    "tunnel interface {n}: inner packet {from}->{to} matches none of its policies",
    "nested too deeply",
    "no IPv4 or IPv6 datagram (the one its next header names) inside the tunnel",
    "outer CE mark on a Not-ECT inner packet (RFC 6040)",
    "packet does not match the selectors of {sa}",
    "tunnelled packet {from}->{to} matches no tunnel policy",
    "no policy for inbound {from}->{to}",
    "inbound packet dropped by policy {policy}",
    "cleartext packet {from}->{to} refused by policy {policy}",
    "wrongly protected packet {from}->{to} refused by policy {policy}",
    "AH behind IPv6 extension headers that cannot be verified (not all kept, or too long)",
    "a tunnel with endpoints of a family the node has no IP stack for",
    "IPv6 datagram of {n} bytes exceeds the tunnel MTU {m}: packet too big",
    "IPv{n} datagram from {from} on a tunnel interface to {to} that carries no IPv{n}",
    "decapsulated IPv{n} datagram arrived on a device without IPv{n}",
    "UDP-encapsulated {sa} must be the outermost SA of its bundle (RFC 3948)",
    "ESP in UDP for {sa}, which has no UDP encapsulation",
    "ESP without UDP for {sa}, which is UDP-encapsulated",
    "IPv4 header length {n} bytes, below the 20 of a header without options",
};

/// \return true if `text` starts with `word` (a placeholder)
bool
StartsWith(const char* text, const char* word)
{
    return std::strncmp(text, word, std::strlen(word)) == 0;
}
} // namespace

IpsecDropDetail::IpsecDropDetail(Text text)
    : m_text(text)
{
    NS_ASSERT(text < Text::COUNT);
}

IpsecDropDetail&
IpsecDropDetail::Between(const IpsecAddress& from, const IpsecAddress& to)
{
    m_from = from;
    m_to = to;
    return *this;
}

IpsecDropDetail&
IpsecDropDetail::Policy(Ptr<const SecurityPolicy> policy)
{
    m_policy = policy;
    return *this;
}

IpsecDropDetail&
IpsecDropDetail::Sa(Ptr<const SecurityAssociation> sa)
{
    m_sa = sa;
    return *this;
}

IpsecDropDetail&
IpsecDropDetail::Numbers(uint64_t n, uint64_t m)
{
    m_n = n;
    m_m = m;
    return *this;
}

bool
IpsecDropDetail::IsEmpty() const
{
    return m_text == Text::NONE;
}

const char*
IpsecDropDetail::TemplateOf(Text text)
{
    return text < Text::COUNT ? TEMPLATES[static_cast<size_t>(text)] : "";
}

void
IpsecDropDetail::Print(std::ostream& os) const
{
    for (const char* p = TemplateOf(m_text); *p != '\0';)
    {
        if (*p != '{')
        {
            os << *p++;
        }
        else if (StartsWith(p, "{from}"))
        {
            os << m_from;
            p += 6;
        }
        else if (StartsWith(p, "{to}"))
        {
            os << m_to;
            p += 4;
        }
        else if (StartsWith(p, "{policy}"))
        {
            NS_ASSERT_MSG(m_policy, "drop detail without its policy");
            os << (m_policy ? m_policy->ToString() : std::string("?"));
            p += 8;
        }
        else if (StartsWith(p, "{sa}"))
        {
            NS_ASSERT_MSG(m_sa, "drop detail without its SA");
            os << (m_sa ? m_sa->Describe() : std::string("?"));
            p += 4;
        }
        else if (StartsWith(p, "{n}"))
        {
            os << m_n;
            p += 3;
        }
        else if (StartsWith(p, "{m}"))
        {
            os << m_m;
            p += 3;
        }
        else
        {
            os << *p++;
        }
    }
}

std::string
IpsecDropDetail::ToString() const
{
    std::ostringstream oss;
    Print(oss);
    return oss.str();
}

std::ostream&
operator<<(std::ostream& os, const IpsecDropDetail& detail)
{
    detail.Print(os);
    return os;
}

} // namespace ns3
