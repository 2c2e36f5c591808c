/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-transform.h"

#include "ah-transform.h"
#include "esp-transform.h"
#include "replay-window.h"
#include "security-association.h"

namespace ns3
{

namespace
{
/// The drop reason of each anti-replay verdict but OK.
IpsecDropReason
ReplayDropReason(ReplayWindow::Verdict verdict)
{
    switch (verdict)
    {
        case ReplayWindow::Verdict::ZERO:
            return IpsecDropReason::SEQUENCE_ZERO;
        case ReplayWindow::Verdict::TOO_OLD:
            return IpsecDropReason::REPLAY_TOO_OLD;
        case ReplayWindow::Verdict::DUPLICATE:
        case ReplayWindow::Verdict::OK:
            break;
    }
    return IpsecDropReason::REPLAY;
}
} // namespace

const IpsecTransform&
IpsecTransform::Of(IpsecProtocol protocol)
{
    static const EspTransform esp;
    static const AhTransform ah;
    return protocol == IpsecProtocol::ESP ? static_cast<const IpsecTransform&>(esp) : ah;
}

IpsecTransform::Result
IpsecTransform::Input(SecurityAssociation& sa,
                      const IpsecIpHeader& outer,
                      const IpsecSettings& settings,
                      IpsecBytes& bytes) const
{
    Result r;
    if (bytes.size() < GetHeaderMinimum() || !CheckShape(sa, bytes))
    {
        return r; // MALFORMED
    }
    ReplayWindow& window = sa.GetReplayWindow();
    uint64_t sequence = window.InferSequence(ReadSequence(bytes.data()));
    ReplayWindow::Verdict verdict = window.Check(sequence);
    if (verdict != ReplayWindow::Verdict::OK)
    {
        r.reason = ReplayDropReason(verdict);
        return r;
    }
    r = Open(sa, outer, settings, bytes, sequence);
    if (r.ok)
    {
        window.Accept(sequence);
        r.sequence = sequence;
    }
    return r;
}

} // namespace ns3
