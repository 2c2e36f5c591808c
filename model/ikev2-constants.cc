/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev2-constants.h"

namespace ns3
{

namespace
{
/// One registry entry: a value, its registry name and, for payloads and notifies, charon's short
/// name.
struct Ikev2Name
{
    uint16_t value;                  //!< the number
    const char* name;                //!< the registry's name
    const char* shortName = nullptr; //!< charon's short name in its summaries
};

/// Exchange types (RFC 7296 §3.1).
constexpr Ikev2Name EXCHANGE_NAMES[] = {
    {34, "IKE_SA_INIT"},
    {35, "IKE_AUTH"},
    {36, "CREATE_CHILD_SA"},
    {37, "INFORMATIONAL"},
};

/// Payload types (RFC 7296 §3.2, RFC 7383).
constexpr Ikev2Name PAYLOAD_NAMES[] = {
    {0, "No Next Payload", "NONE"},
    {33, "Security Association", "SA"},
    {34, "Key Exchange", "KE"},
    {35, "Identification - Initiator", "IDi"},
    {36, "Identification - Responder", "IDr"},
    {37, "Certificate", "CERT"},
    {38, "Certificate Request", "CERTREQ"},
    {39, "Authentication", "AUTH"},
    {40, "Nonce", "No"},
    {41, "Notify", "N"},
    {42, "Delete", "D"},
    {43, "Vendor ID", "V"},
    {44, "Traffic Selector - Initiator", "TSi"},
    {45, "Traffic Selector - Responder", "TSr"},
    {46, "Encrypted and Authenticated", "E"},
    {47, "Configuration", "CP"},
    {48, "Extensible Authentication", "EAP"},
    {53, "Encrypted and Authenticated Fragment", "EF"},
};

/// Transform types (RFC 7296 §3.3.2).
constexpr Ikev2Name TRANSFORM_TYPE_NAMES[] = {
    {1, "ENCR"},
    {2, "PRF"},
    {3, "INTEG"},
    {4, "D-H"},
    {5, "ESN"},
};

/// Security protocol identifiers (RFC 7296 §3.3.1).
constexpr Ikev2Name PROTOCOL_NAMES[] = {
    {0, "NONE"},
    {1, "IKE"},
    {2, "AH"},
    {3, "ESP"},
};

/// Identification types (RFC 7296 §3.5).
constexpr Ikev2Name ID_TYPE_NAMES[] = {
    {1, "ID_IPV4_ADDR"},
    {2, "ID_FQDN"},
    {3, "ID_RFC822_ADDR"},
    {5, "ID_IPV6_ADDR"},
    {9, "ID_DER_ASN1_DN"},
    {10, "ID_DER_ASN1_GN"},
    {11, "ID_KEY_ID"},
};

/// Authentication methods (RFC 7296 §3.8, RFC 7427).
constexpr Ikev2Name AUTH_METHOD_NAMES[] = {
    {1, "RSA_DIGITAL_SIGNATURE"},
    {2, "SHARED_KEY_MIC"},
    {3, "DSS_DIGITAL_SIGNATURE"},
    {14, "DIGITAL_SIGNATURE"},
};

/// Traffic selector types (RFC 7296 §3.13.1).
constexpr Ikev2Name TS_TYPE_NAMES[] = {
    {7, "TS_IPV4_ADDR_RANGE"},
    {8, "TS_IPV6_ADDR_RANGE"},
};

/// Notify message types (RFC 7296 §3.10.1 and the RFCs named in Ikev2NotifyType).
constexpr Ikev2Name NOTIFY_NAMES[] = {
    {1, "UNSUPPORTED_CRITICAL_PAYLOAD", "CRIT"},
    {4, "INVALID_IKE_SPI", "INVAL_IKE_SPI"},
    {5, "INVALID_MAJOR_VERSION", "INVAL_MAJOR"},
    {7, "INVALID_SYNTAX", "INVAL_SYN"},
    {9, "INVALID_MESSAGE_ID", "INVAL_MID"},
    {11, "INVALID_SPI", "INVAL_SPI"},
    {14, "NO_PROPOSAL_CHOSEN", "NO_PROP"},
    {17, "INVALID_KE_PAYLOAD", "INVAL_KE"},
    {24, "AUTHENTICATION_FAILED", "AUTH_FAILED"},
    {34, "SINGLE_PAIR_REQUIRED", "SINGLE_PAIR"},
    {35, "NO_ADDITIONAL_SAS", "NO_ADD_SAS"},
    {36, "INTERNAL_ADDRESS_FAILURE", "INT_ADDR_FAIL"},
    {37, "FAILED_CP_REQUIRED", "FAIL_CP_REQ"},
    {38, "TS_UNACCEPTABLE", "TS_UNACCEPT"},
    {39, "INVALID_SELECTORS", "INVAL_SEL"},
    {43, "TEMPORARY_FAILURE", "TEMP_FAIL"},
    {44, "CHILD_SA_NOT_FOUND", "NO_CHILD_SA"},
    {16384, "INITIAL_CONTACT", "INIT_CONTACT"},
    {16385, "SET_WINDOW_SIZE", "SET_WINSIZE"},
    {16386, "ADDITIONAL_TS_POSSIBLE", "ADD_TS_POSS"},
    {16387, "IPCOMP_SUPPORTED", "IPCOMP_SUP"},
    {16388, "NAT_DETECTION_SOURCE_IP", "NATD_S_IP"},
    {16389, "NAT_DETECTION_DESTINATION_IP", "NATD_D_IP"},
    {16390, "COOKIE", "COOKIE"},
    {16391, "USE_TRANSPORT_MODE", "USE_TRANSP"},
    {16392, "HTTP_CERT_LOOKUP_SUPPORTED", "HTTP_CERT_LOOK"},
    {16393, "REKEY_SA", "REKEY_SA"},
    {16394, "ESP_TFC_PADDING_NOT_SUPPORTED", "ESP_TFC_PAD_N"},
    {16395, "NON_FIRST_FRAGMENTS_ALSO", "NON_FIRST_FRAG"},
    {16396, "MOBIKE_SUPPORTED", "MOBIKE_SUP"},
    {16404, "MULTIPLE_AUTH_SUPPORTED", "MULT_AUTH"},
    {16406, "REDIRECT_SUPPORTED", "REDIR_SUP"},
    {16418, "CHILDLESS_IKEV2_SUPPORTED", "CHDLESS_SUP"},
    {16430, "IKEV2_FRAGMENTATION_SUPPORTED", "FRAG_SUP"},
    {16431, "SIGNATURE_HASH_ALGORITHMS", "HASH_ALG"},
};

/**
 * \param table a registry table
 * \param value a number
 * \return the entry for the number, or nullptr
 */
template <size_t N>
const Ikev2Name*
Lookup(const Ikev2Name (&table)[N], uint16_t value)
{
    for (const Ikev2Name& entry : table)
    {
        if (entry.value == value)
        {
            return &entry;
        }
    }
    return nullptr;
}

/**
 * \param table a registry table
 * \param value a number
 * \return the registry name, or the number in decimal
 */
template <size_t N>
std::string
NameOf(const Ikev2Name (&table)[N], uint16_t value)
{
    const Ikev2Name* entry = Lookup(table, value);
    return entry ? entry->name : std::to_string(value);
}

/**
 * \param table a registry table
 * \param value a number
 * \return charon's short name, or the number in decimal
 */
template <size_t N>
std::string
ShortNameOf(const Ikev2Name (&table)[N], uint16_t value)
{
    const Ikev2Name* entry = Lookup(table, value);
    return entry ? entry->shortName : std::to_string(value);
}
} // namespace

std::string
ToString(Ikev2ExchangeType type)
{
    return NameOf(EXCHANGE_NAMES, static_cast<uint8_t>(type));
}

std::string
ToString(Ikev2PayloadType type)
{
    return NameOf(PAYLOAD_NAMES, static_cast<uint8_t>(type));
}

std::string
ToString(Ikev2TransformType type)
{
    return NameOf(TRANSFORM_TYPE_NAMES, static_cast<uint8_t>(type));
}

std::string
ToString(Ikev2ProtocolId protocol)
{
    return NameOf(PROTOCOL_NAMES, static_cast<uint8_t>(protocol));
}

std::string
ToString(Ikev2IdType type)
{
    return NameOf(ID_TYPE_NAMES, static_cast<uint8_t>(type));
}

std::string
ToString(Ikev2AuthMethod method)
{
    return NameOf(AUTH_METHOD_NAMES, static_cast<uint8_t>(method));
}

std::string
ToString(Ikev2TsType type)
{
    return NameOf(TS_TYPE_NAMES, static_cast<uint8_t>(type));
}

std::string
Ikev2NotifyTypeName(uint16_t type)
{
    return NameOf(NOTIFY_NAMES, type);
}

std::string
Ikev2NotifyShortName(uint16_t type)
{
    return ShortNameOf(NOTIFY_NAMES, type);
}

std::string
Ikev2PayloadShortName(Ikev2PayloadType type)
{
    return ShortNameOf(PAYLOAD_NAMES, static_cast<uint8_t>(type));
}

bool
Ikev2IsKnownPayload(Ikev2PayloadType type)
{
    return type != Ikev2PayloadType::NONE
        && Lookup(PAYLOAD_NAMES, static_cast<uint8_t>(type)) != nullptr;
}

} // namespace ns3
