/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-config.h"

#include "ipsec-config-writer.h"
#include "ipsec-l3-protocol.h"
#include "ipsecconf-reader.h"
#include "ipseckey-reader.h"
#include "setkey-reader.h"

#include "ns3/log.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecConfig");

std::string
ToString(IpsecConfigFormat format)
{
    switch (format)
    {
        case IpsecConfigFormat::IPSECCONF:
            return "ipsecconf";
        case IpsecConfigFormat::IPSECKEY:
            return "ipseckey";
        default:
            return "setkey";
    }
}

namespace
{

using Kind = IpsecConfigOperation::Kind;
using SaKey = std::tuple<uint8_t, uint32_t, uint32_t>;

SaKey
KeyOf(IpsecProtocol protocol, Ipv4Address destination, uint32_t spi)
{
    return SaKey(static_cast<uint8_t>(protocol), destination.Get(), spi);
}

std::string
SaText(IpsecProtocol protocol, Ipv4Address destination, uint32_t spi)
{
    std::ostringstream oss;
    oss << ToString(protocol) << " SA dst " << destination << " spi 0x" << std::hex << spi;
    return oss.str();
}

/// Same selectors and direction: what spddelete matches and what makes a duplicate.
bool
SameSelectors(const SecurityPolicy& a, const SecurityPolicy& b)
{
    return a.localAddress.CombineMask(a.localMask) == b.localAddress.CombineMask(b.localMask)
        && a.localMask == b.localMask
        && a.remoteAddress.CombineMask(a.remoteMask) == b.remoteAddress.CombineMask(b.remoteMask)
        && a.remoteMask == b.remoteMask && a.localPortMin == b.localPortMin
        && a.localPortMax == b.localPortMax && a.remotePortMin == b.remotePortMin
        && a.remotePortMax == b.remotePortMax && a.protocol == b.protocol
        && a.icmpTypeMin == b.icmpTypeMin && a.icmpTypeMax == b.icmpTypeMax
        && a.icmpCodeMin == b.icmpCodeMin && a.icmpCodeMax == b.icmpCodeMax
        && a.direction == b.direction;
}

Ptr<IpsecTunnelInterface>
FindTunnel(Ptr<IpsecL3Protocol> ipsec, const std::string& name)
{
    for (const auto& t : ipsec->GetTunnelInterfaces())
    {
        if (t->GetName() == name)
        {
            return t;
        }
    }
    return nullptr;
}

Ptr<SecurityPolicyDatabase>
SpdFor(Ptr<IpsecL3Protocol> ipsec, const std::string& tunnel)
{
    return tunnel.empty() ? ipsec->GetSpd() : FindTunnel(ipsec, tunnel)->GetSpd();
}

/// The node's databases as the file would leave them, for checking without applying.
class DryRun
{
  public:
    explicit DryRun(Ptr<IpsecL3Protocol> ipsec)
        : m_ipsec(ipsec)
    {
        for (const auto& sa : ipsec->GetSadb()->Dump())
        {
            m_sas[KeyOf(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi())] = sa;
        }
        for (const auto& p : ipsec->GetSpd()->Dump())
        {
            m_policies.emplace_back("", p);
        }
        for (const auto& t : ipsec->GetTunnelInterfaces())
        {
            for (const auto& p : t->GetSpd()->Dump())
            {
                m_policies.emplace_back(t->GetName(), p);
            }
        }
    }

    void Check(const IpsecConfigOperation& op)
    {
        switch (op.kind)
        {
            case Kind::ADD_SA: {
                SaKey key = KeyOf(*op.protocol, op.destination, op.spi);
                if (m_sas.count(key))
                {
                    throw op.ErrorHere("SPI in use: " + SaText(*op.protocol, op.destination, op.spi)
                                       + " already exists (delete it first)");
                }
                if (op.pairSpi)
                {
                    Pair(op, op.source);
                }
                m_sas[key] = op.sa;
                break;
            }
            case Kind::UPDATE_SA: {
                Ptr<SecurityAssociation> sa = Existing(op);
                std::string error = op.checkUpdate ? op.checkUpdate(*sa) : "";
                if (!error.empty())
                {
                    throw op.ErrorHere("invalid argument: " + error);
                }
                if (op.pairSpi)
                {
                    Pair(op, sa->GetSource());
                }
                if (op.alsoPair && !sa->GetPairSpi() && !op.pairSpi)
                {
                    throw op.ErrorHere(SaText(*op.protocol, op.destination, op.spi)
                                       + " has no paired SA");
                }
                break;
            }
            case Kind::DELETE_SA:
            case Kind::GET_SA: {
                Ptr<SecurityAssociation> sa = Existing(op);
                if (op.kind == Kind::DELETE_SA)
                {
                    m_sas.erase(KeyOf(*op.protocol, op.destination, op.spi));
                }
                break;
            }
            case Kind::DELETE_SA_PAIR: {
                Ptr<SecurityAssociation> sa = Existing(op);
                m_sas.erase(KeyOf(*op.protocol, op.destination, op.spi));
                if (sa->GetPairSpi())
                {
                    m_sas.erase(KeyOf(*op.protocol, sa->GetSource(), sa->GetPairSpi()));
                }
                break;
            }
            case Kind::DELETE_ALL_SA:
            case Kind::FLUSH_SA:
                for (auto it = m_sas.begin(); it != m_sas.end();)
                {
                    const auto& sa = it->second;
                    bool match = !op.protocol || sa->GetProtocol() == *op.protocol;
                    if (op.kind == Kind::DELETE_ALL_SA)
                    {
                        match = match && sa->GetSource() == op.source
                             && sa->GetDestination() == op.destination;
                    }
                    it = match ? m_sas.erase(it) : std::next(it);
                }
                break;
            case Kind::ADD_POLICY: {
                if (!op.tunnel.empty() && !FindTunnel(m_ipsec, op.tunnel))
                {
                    throw op.ErrorHere(
                        "no tunnel interface \"" + op.tunnel
                        + "\" on this node (route-based tunnels are named ip.tunN, or "
                          "by their device's name in ns3::Names)");
                }
                for (const auto& [spd, p] : m_policies)
                {
                    if (spd == op.tunnel && SameSelectors(*p, *op.policy))
                    {
                        throw op.ErrorHere("duplicate policy: an entry with the same selectors and "
                                           "direction exists ("
                                           + p->ToString() + ")");
                    }
                }
                m_policies.emplace_back(op.tunnel, op.policy);
                break;
            }
            case Kind::DELETE_POLICY: {
                auto it = std::find_if(m_policies.begin(), m_policies.end(), [&](const auto& e) {
                    return e.first == op.tunnel && SameSelectors(*e.second, *op.policy);
                });
                if (it == m_policies.end())
                {
                    throw op.ErrorHere("no such policy: " + op.policy->ToString());
                }
                m_policies.erase(it);
                break;
            }
            case Kind::FLUSH_POLICY:
                m_policies.erase(std::remove_if(m_policies.begin(),
                                                m_policies.end(),
                                                [](const auto& e) { return e.first.empty(); }),
                                 m_policies.end());
                break;
            default:
                break;
        }
    }

  private:
    Ptr<SecurityAssociation> Existing(const IpsecConfigOperation& op) const
    {
        auto it = m_sas.find(KeyOf(*op.protocol, op.destination, op.spi));
        if (it == m_sas.end())
        {
            throw op.ErrorHere("no such SA: " + SaText(*op.protocol, op.destination, op.spi));
        }
        return it->second;
    }

    void Pair(const IpsecConfigOperation& op, Ipv4Address source) const
    {
        if (!m_sas.count(KeyOf(*op.protocol, source, op.pairSpi)))
        {
            throw op.ErrorHere("pair-spi: no " + SaText(*op.protocol, source, op.pairSpi)
                               + " to pair with (pairs are opposite directions)");
        }
    }

    Ptr<IpsecL3Protocol> m_ipsec;
    std::map<SaKey, Ptr<SecurityAssociation>> m_sas;
    std::vector<std::pair<std::string, Ptr<SecurityPolicy>>> m_policies;
};

std::string
DumpSas(const std::vector<Ptr<SecurityAssociation>>& sas, IpsecConfigFormat format)
{
    std::vector<std::string> notes;
    return format == IpsecConfigFormat::SETKEY ? IpsecConfigWriter::SetkeySas(sas, notes)
                                               : IpsecConfigWriter::Ipseckey(sas, notes);
}

void
Apply(Ptr<IpsecL3Protocol> ipsec,
      const IpsecConfigOperation& op,
      IpsecConfigFormat format,
      const std::string& source,
      std::string& output)
{
    Ptr<SecurityAssociationDatabase> sadb = ipsec->GetSadb();
    switch (op.kind)
    {
        case Kind::ADD_SA:
            sadb->Add(op.sa);
            if (op.pairSpi)
            {
                if (auto pair = sadb->Get(*op.protocol, op.source, op.pairSpi))
                {
                    pair->SetPairSpi(op.spi);
                }
            }
            break;
        case Kind::UPDATE_SA: {
            Ptr<SecurityAssociation> sa = sadb->Get(*op.protocol, op.destination, op.spi);
            op.update(*sa);
            sadb->Update(sa); // in place: re-arms its lifetimes (a larval SA matures now)
            if (op.pairSpi)
            {
                sadb->Get(*op.protocol, sa->GetSource(), op.pairSpi)->SetPairSpi(op.spi);
            }
            if (op.alsoPair)
            {
                if (auto pair = sadb->Get(*op.protocol, sa->GetSource(), sa->GetPairSpi()))
                {
                    op.update(*pair);
                    pair->SetPairSpi(op.spi);
                    sadb->Update(pair);
                }
            }
            break;
        }
        case Kind::DELETE_SA:
        case Kind::DELETE_SA_PAIR: {
            Ptr<SecurityAssociation> sa = sadb->Get(*op.protocol, op.destination, op.spi);
            uint32_t pairSpi = sa->GetPairSpi();
            Ipv4Address pairDestination = sa->GetSource();
            sadb->Delete(*op.protocol, op.destination, op.spi);
            if (auto pair = pairSpi ? sadb->Get(*op.protocol, pairDestination, pairSpi) : nullptr)
            {
                if (op.kind == Kind::DELETE_SA_PAIR)
                {
                    sadb->Delete(*op.protocol, pairDestination, pairSpi);
                }
                else
                {
                    pair->SetPairSpi(0); // now unpaired
                }
            }
            break;
        }
        case Kind::DELETE_ALL_SA:
            for (const auto& sa : sadb->Dump())
            {
                if (sa->GetProtocol() == *op.protocol && sa->GetSource() == op.source
                    && sa->GetDestination() == op.destination)
                {
                    sadb->Delete(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi());
                }
            }
            break;
        case Kind::GET_SA:
            output += DumpSas({sadb->Get(*op.protocol, op.destination, op.spi)}, format);
            break;
        case Kind::FLUSH_SA:
            sadb->Flush(op.protocol);
            break;
        case Kind::DUMP_SA: {
            std::vector<Ptr<SecurityAssociation>> sas;
            for (const auto& sa : sadb->Dump())
            {
                if (!op.protocol || sa->GetProtocol() == *op.protocol)
                {
                    sas.push_back(sa);
                }
            }
            output += DumpSas(sas, format);
            break;
        }
        case Kind::ADD_POLICY:
            op.policy->comment = source + ":" + std::to_string(op.line);
            SpdFor(ipsec, op.tunnel)->Add(op.policy);
            break;
        case Kind::DELETE_POLICY: {
            Ptr<SecurityPolicyDatabase> spd = SpdFor(ipsec, op.tunnel);
            for (const auto& p : spd->Dump())
            {
                if (SameSelectors(*p, *op.policy))
                {
                    spd->Remove(p->GetId());
                    break;
                }
            }
            break;
        }
        case Kind::FLUSH_POLICY:
            ipsec->GetSpd()->Flush();
            break;
        case Kind::DUMP_POLICY: {
            std::vector<std::string> notes;
            output += IpsecConfigWriter::SetkeyPolicies(ipsec->GetSpd()->Dump(), notes);
            break;
        }
    }
}

} // namespace

IpsecConfigParse
IpsecConfig::Parse(IpsecConfigFormat format, const std::string& text)
{
    switch (format)
    {
        case IpsecConfigFormat::IPSECCONF:
            return IpsecconfReader::Parse(text);
        case IpsecConfigFormat::IPSECKEY:
            return IpseckeyReader::Parse(text);
        default:
            return SetkeyReader::Parse(text);
    }
}

IpsecConfigResult
IpsecConfig::Load(Ptr<IpsecL3Protocol> ipsec,
                  IpsecConfigFormat format,
                  const std::string& text,
                  const std::string& source,
                  bool checkOnly)
{
    IpsecConfigResult result;
    IpsecConfigParse parse;
    try
    {
        parse = Parse(format, text);
        DryRun dry(ipsec);
        for (const auto& op : parse.operations)
        {
            dry.Check(op);
        }
    }
    catch (const IpsecConfigError& e)
    {
        result.ok = false;
        result.error = e.Format(source);
        NS_LOG_WARN(ToString(format) << ": " << result.error);
        return result;
    }
    for (const auto& w : parse.warnings)
    {
        std::string text = source + ":" + std::to_string(w.GetLine()) + ":"
                         + std::to_string(w.GetColumn()) + ": warning: " + w.GetMessage();
        NS_LOG_WARN(text);
        result.warnings.push_back(text);
    }
    if (checkOnly)
    {
        return result;
    }
    for (const auto& op : parse.operations)
    {
        Apply(ipsec, op, format, source, result.output);
        ++result.operations;
    }
    return result;
}

IpsecConfigResult
IpsecConfig::LoadFile(Ptr<IpsecL3Protocol> ipsec,
                      IpsecConfigFormat format,
                      const std::string& path,
                      bool checkOnly)
{
    std::ifstream in(path);
    if (!in)
    {
        IpsecConfigResult result;
        result.ok = false;
        result.error = path + ":0:0: cannot open the file";
        return result;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return Load(ipsec, format, text.str(), path, checkOnly);
}

std::string
IpsecConfig::Write(Ptr<IpsecL3Protocol> ipsec,
                   IpsecConfigFormat format,
                   std::vector<std::string>* notes)
{
    std::vector<std::string> lost;
    std::ostringstream out;
    switch (format)
    {
        case IpsecConfigFormat::IPSECCONF:
            out << IpsecConfigWriter::Ipsecconf(ipsec->GetSpd()->Dump(), "", lost);
            for (const auto& t : ipsec->GetTunnelInterfaces())
            {
                out << IpsecConfigWriter::Ipsecconf(t->GetSpd()->Dump(), t->GetName(), lost);
            }
            break;
        case IpsecConfigFormat::IPSECKEY:
            out << IpsecConfigWriter::Ipseckey(ipsec->GetSadb()->Dump(), lost);
            break;
        case IpsecConfigFormat::SETKEY:
            out << IpsecConfigWriter::SetkeySas(ipsec->GetSadb()->Dump(), lost);
            out << IpsecConfigWriter::SetkeyPolicies(ipsec->GetSpd()->Dump(), lost);
            if (!ipsec->GetTunnelInterfaces().empty())
            {
                lost.push_back("setkey has no per-tunnel policy; tunnel SPDs are not written");
            }
            break;
    }
    if (notes)
    {
        *notes = lost;
    }
    return out.str();
}

std::optional<IpsecConfigFormat>
IpsecConfig::ParseFormat(const std::string& name)
{
    for (auto f :
         {IpsecConfigFormat::IPSECCONF, IpsecConfigFormat::IPSECKEY, IpsecConfigFormat::SETKEY})
    {
        if (ToString(f) == name)
        {
            return f;
        }
    }
    return std::nullopt;
}

} // namespace ns3
