/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ikev2-stats.h"

namespace ns3
{

std::string
ToString(Ikev2DropReason reason)
{
    switch (reason)
    {
        case Ikev2DropReason::MALFORMED:
            return "MALFORMED";
        case Ikev2DropReason::BAD_VERSION:
            return "BAD_VERSION";
        case Ikev2DropReason::UNKNOWN_IKE_SPI:
            return "UNKNOWN_IKE_SPI";
        case Ikev2DropReason::BAD_MESSAGE_ID:
            return "BAD_MESSAGE_ID";
        case Ikev2DropReason::UNEXPECTED_RESPONSE:
            return "UNEXPECTED_RESPONSE";
        case Ikev2DropReason::INTEGRITY_FAILED:
            return "INTEGRITY_FAILED";
        case Ikev2DropReason::DECRYPT_FAILED:
            return "DECRYPT_FAILED";
        case Ikev2DropReason::UNSUPPORTED_CRITICAL:
            return "UNSUPPORTED_CRITICAL";
        case Ikev2DropReason::BAD_COOKIE:
            return "BAD_COOKIE";
        case Ikev2DropReason::BAD_KE:
            return "BAD_KE";
        case Ikev2DropReason::NO_CONFIG:
            return "NO_CONFIG";
        case Ikev2DropReason::BAD_MARKER:
            return "BAD_MARKER";
        case Ikev2DropReason::PFKEY_ERROR:
            return "PFKEY_ERROR";
        case Ikev2DropReason::BAD_PROTOCOL:
            return "BAD_PROTOCOL";
        case Ikev2DropReason::COUNT:
            break;
    }
    return "?";
}

} // namespace ns3
