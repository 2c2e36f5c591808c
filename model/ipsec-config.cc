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

std::string
SaText(IpsecProtocol protocol, const IpsecAddress& destination, uint32_t spi)
{
    std::ostringstream oss;
    oss << ToString(protocol) << " SA dst " << destination << " spi 0x" << std::hex << spi;
    return oss.str();
}

/**
 * The databases a configuration acts on: a node's own, or snapshots of them. A file is first
 * executed on snapshots, where any failing statement rejects it, and only then on the node, by
 * the same code: the check cannot disagree with what applying does.
 */
struct Databases
{
    Ptr<SecurityAssociationDatabase> sadb;
    Ptr<SecurityPolicyDatabase> spd;
    std::map<std::string, Ptr<SecurityPolicyDatabase>> tunnelSpds; //!< by tunnel name

    static Databases Of(Ptr<IpsecL3Protocol> ipsec)
    {
        Databases d{ipsec->GetSadb(), ipsec->GetSpd(), {}};
        for (const auto& t : ipsec->GetTunnelInterfaces())
        {
            d.tunnelSpds.emplace(t->GetName(), t->GetSpd());
        }
        return d;
    }

    Databases Snapshot() const
    {
        Databases d{sadb->Snapshot(), spd->Snapshot(), {}};
        for (const auto& [name, tunnelSpd] : tunnelSpds)
        {
            d.tunnelSpds.emplace(name, tunnelSpd->Snapshot());
        }
        return d;
    }

    void Dispose()
    {
        sadb->Dispose();
        spd->Dispose();
        for (auto& [name, tunnelSpd] : tunnelSpds)
        {
            tunnelSpd->Dispose();
        }
    }

    Ptr<SecurityPolicyDatabase> SpdFor(const IpsecConfigOperation& op) const
    {
        if (op.tunnel.empty())
        {
            return spd;
        }
        auto it = tunnelSpds.find(op.tunnel);
        if (it == tunnelSpds.end())
        {
            throw op.ErrorHere("no tunnel interface \"" + op.tunnel
                               + "\" on this node (route-based tunnels are named ip.tunN, or by "
                                 "their device's name in ns3::Names)");
        }
        return it->second;
    }

    Ptr<SecurityAssociation> Existing(const IpsecConfigOperation& op) const
    {
        Ptr<SecurityAssociation> sa = sadb->Get(*op.protocol, op.destination, op.spi);
        if (!sa)
        {
            throw op.ErrorHere("no such SA: " + SaText(*op.protocol, op.destination, op.spi));
        }
        return sa;
    }

    /// \return the SA pair-spi names: the opposite direction (destination = the SA's source)
    Ptr<SecurityAssociation> PairOf(const IpsecConfigOperation& op,
                                    const IpsecAddress& source,
                                    uint32_t pairSpi) const
    {
        Ptr<SecurityAssociation> pair = sadb->Get(*op.protocol, source, pairSpi);
        if (!pair)
        {
            throw op.ErrorHere("pair-spi: no " + SaText(*op.protocol, source, pairSpi)
                               + " to pair with (pairs are opposite directions)");
        }
        return pair;
    }
};

std::string
DumpSas(const std::vector<Ptr<SecurityAssociation>>& sas, IpsecConfigFormat format)
{
    std::vector<std::string> notes;
    return format == IpsecConfigFormat::SETKEY ? IpsecConfigWriter::SetkeySas(sas, notes)
                                               : IpsecConfigWriter::Ipseckey(sas, notes);
}

/// Apply a change to an SA in place (UPDATE), throwing what the SADB refuses.
void
UpdateInPlace(Databases& db, const IpsecConfigOperation& op, Ptr<SecurityAssociation> sa)
{
    std::string error = op.checkUpdate ? op.checkUpdate(*sa) : "";
    if (error.empty())
    {
        op.update(*sa);
        error = db.sadb->Update(sa);
    }
    if (!error.empty())
    {
        throw op.ErrorHere("invalid argument: " + error);
    }
}

/// Carry out one statement; throws IpsecConfigError (with its position) when it cannot be done.
void
Execute(Databases& db,
        const IpsecConfigOperation& op,
        IpsecConfigFormat format,
        const std::string& source,
        std::string& output)
{
    Ptr<SecurityAssociationDatabase> sadb = db.sadb;
    switch (op.kind)
    {
        case Kind::ADD_SA: {
            if (sadb->Contains(*op.protocol, op.destination, op.spi))
            {
                throw op.ErrorHere("SPI in use: " + SaText(*op.protocol, op.destination, op.spi)
                                   + " already exists (delete it first)");
            }
            Ptr<SecurityAssociation> pair
                = op.pairSpi ? db.PairOf(op, op.source, op.pairSpi) : nullptr;
            // The node's SADB takes the parsed SA itself; a snapshot takes a copy.
            std::string error = sadb->Add(op.sa);
            if (!error.empty())
            {
                throw op.ErrorHere(error);
            }
            if (pair)
            {
                pair->SetPairSpi(op.spi);
            }
            break;
        }
        case Kind::UPDATE_SA: {
            Ptr<SecurityAssociation> sa = db.Existing(op);
            Ptr<SecurityAssociation> pair;
            if (op.pairSpi)
            {
                pair = db.PairOf(op, sa->GetSource(), op.pairSpi);
            }
            else if (op.alsoPair)
            {
                if (!sa->GetPairSpi())
                {
                    throw op.ErrorHere(SaText(*op.protocol, op.destination, op.spi)
                                       + " has no paired SA");
                }
                pair = db.PairOf(op, sa->GetSource(), sa->GetPairSpi());
            }
            UpdateInPlace(db, op, sa);
            if (pair)
            {
                if (op.alsoPair)
                {
                    UpdateInPlace(db, op, pair);
                }
                pair->SetPairSpi(op.spi);
            }
            break;
        }
        case Kind::DELETE_SA:
        case Kind::DELETE_SA_PAIR: {
            Ptr<SecurityAssociation> sa = db.Existing(op);
            Ptr<SecurityAssociation> pair
                = sa->GetPairSpi() ? sadb->Get(*op.protocol, sa->GetSource(), sa->GetPairSpi())
                                   : nullptr;
            sadb->Delete(*op.protocol, op.destination, op.spi);
            if (pair && op.kind == Kind::DELETE_SA_PAIR)
            {
                sadb->Delete(*op.protocol, pair->GetDestination(), pair->GetSpi());
            }
            else if (pair)
            {
                pair->SetPairSpi(0); // now unpaired
            }
            break;
        }
        case Kind::DELETE_ALL_SA:
            for (const auto& sa : sadb->Dump())
            {
                if ((!op.protocol || sa->GetProtocol() == *op.protocol)
                    && sa->GetSource() == op.source && sa->GetDestination() == op.destination)
                {
                    sadb->Delete(sa->GetProtocol(), sa->GetDestination(), sa->GetSpi());
                }
            }
            break;
        case Kind::GET_SA:
            output += DumpSas({db.Existing(op)}, format);
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
        case Kind::ADD_POLICY: {
            Ptr<SecurityPolicyDatabase> spd = db.SpdFor(op);
            Ptr<SecurityPolicy> policy = Create<SecurityPolicy>(*op.policy);
            policy->comment = source + ":" + std::to_string(op.line);
            if (spd->Add(policy) == 0)
            {
                throw op.ErrorHere("duplicate policy: an entry with the same selectors and "
                                   "direction exists ("
                                   + spd->FindSameSelectors(*policy)->ToString() + ")");
            }
            break;
        }
        case Kind::DELETE_POLICY: {
            Ptr<SecurityPolicyDatabase> spd = db.SpdFor(op);
            Ptr<SecurityPolicy> existing = spd->FindSameSelectors(*op.policy);
            if (!existing)
            {
                throw op.ErrorHere("no such policy: " + op.policy->ToString());
            }
            spd->Remove(existing->GetId());
            break;
        }
        case Kind::FLUSH_POLICY:
            db.spd->Flush();
            break;
        case Kind::DUMP_POLICY: {
            std::vector<std::string> notes;
            output += IpsecConfigWriter::SetkeyPolicies(db.spd->Dump(), notes);
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
    return Load(ipsec, {IpsecConfigInput{format, text, source}}, checkOnly);
}

IpsecConfigResult
IpsecConfig::Load(Ptr<IpsecL3Protocol> ipsec,
                  const std::vector<IpsecConfigInput>& inputs,
                  bool checkOnly)
{
    IpsecConfigResult result;
    std::vector<IpsecConfigParse> parses;
    Databases trial = Databases::Of(ipsec).Snapshot();
    const IpsecConfigInput* current = nullptr;
    try
    {
        for (const auto& input : inputs)
        {
            current = &input;
            parses.push_back(Parse(input.format, input.text));
            std::string ignored;
            for (const auto& op : parses.back().operations)
            {
                Execute(trial, op, input.format, input.source, ignored);
            }
        }
    }
    catch (const IpsecConfigError& e)
    {
        trial.Dispose();
        result.ok = false;
        result.error = e.Format(current->source);
        NS_LOG_WARN(ToString(current->format) << ": " << result.error);
        return result;
    }
    trial.Dispose();
    for (size_t i = 0; i < inputs.size(); ++i)
    {
        for (const auto& w : parses[i].warnings)
        {
            std::string text = inputs[i].source + ":" + std::to_string(w.GetLine()) + ":"
                             + std::to_string(w.GetColumn()) + ": warning: " + w.GetMessage();
            NS_LOG_WARN(text);
            result.warnings.push_back(text);
        }
    }
    if (checkOnly)
    {
        return result;
    }
    Databases node = Databases::Of(ipsec);
    for (size_t i = 0; i < inputs.size(); ++i)
    {
        for (const auto& op : parses[i].operations)
        {
            try
            {
                Execute(node, op, inputs[i].format, inputs[i].source, result.output);
            }
            catch (const IpsecConfigError& e)
            {
                // The same statements just succeeded on snapshots of these databases.
                NS_FATAL_ERROR("IpsecConfig: applying disagreed with checking at "
                               << e.Format(inputs[i].source));
            }
            ++result.operations;
        }
    }
    return result;
}

bool
IpsecConfig::ReadFile(const std::string& path, std::string& text, std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        error = path + ":0:0: cannot open the file";
        return false;
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    text = contents.str();
    return true;
}

IpsecConfigResult
IpsecConfig::LoadFile(Ptr<IpsecL3Protocol> ipsec,
                      IpsecConfigFormat format,
                      const std::string& path,
                      bool checkOnly)
{
    return LoadSources(ipsec, {{format, path, "", ""}}, checkOnly);
}

IpsecConfigResult
IpsecConfig::LoadSources(Ptr<IpsecL3Protocol> ipsec,
                         const std::vector<IpsecConfigSource>& sources,
                         bool checkOnly)
{
    std::vector<IpsecConfigInput> inputs;
    IpsecConfigResult result;
    for (const IpsecConfigSource& source : sources)
    {
        if (!source.path.empty())
        {
            IpsecConfigInput input{source.format, "", source.path};
            if (!ReadFile(source.path, input.text, result.error))
            {
                result.ok = false;
                return result;
            }
            inputs.push_back(std::move(input));
        }
        if (!source.text.empty())
        {
            inputs.push_back(IpsecConfigInput{source.format, source.text, source.textName});
        }
    }
    return Load(ipsec, inputs, checkOnly);
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
