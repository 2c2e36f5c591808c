/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-drop-reason.h"

namespace ns3
{

std::string
ToString(IpsecDropReason reason)
{
    switch (reason)
    {
        case IpsecDropReason::NO_SA:
            return "no-sa";
        case IpsecDropReason::UNKNOWN_SPI:
            return "unknown-spi";
        case IpsecDropReason::REPLAY:
            return "replay";
        case IpsecDropReason::REPLAY_TOO_OLD:
            return "replay-too-old";
        case IpsecDropReason::SEQUENCE_ZERO:
            return "sequence-zero";
        case IpsecDropReason::AUTH_FAILED:
            return "auth-failed";
        case IpsecDropReason::DECRYPT_FAILED:
            return "decrypt-failed";
        case IpsecDropReason::POLICY_VIOLATION:
            return "policy-violation";
        case IpsecDropReason::POLICY_MISMATCH:
            return "policy-mismatch";
        case IpsecDropReason::POLICY_DROP:
            return "policy-drop";
        case IpsecDropReason::NO_POLICY_MATCH:
            return "no-policy-match";
        case IpsecDropReason::SA_EXPIRED:
            return "sa-expired";
        case IpsecDropReason::SEQUENCE_OVERFLOW:
            return "sequence-overflow";
        case IpsecDropReason::MALFORMED:
            return "malformed";
        case IpsecDropReason::NO_ROUTE:
            return "no-route";
        case IpsecDropReason::TOO_BIG:
            return "too-big";
        case IpsecDropReason::ACQUIRE_QUEUE_FULL:
            return "acquire-queue-full";
        case IpsecDropReason::ACQUIRE_TIMEOUT:
            return "acquire-timeout";
        case IpsecDropReason::ENCAP_MISMATCH:
            return "encap-mismatch";
        case IpsecDropReason::COUNT:
            break;
    }
    return "unknown";
}

std::string
ToString(IpsecDirection direction)
{
    return direction == IpsecDirection::INBOUND ? "in" : "out";
}

} // namespace ns3
