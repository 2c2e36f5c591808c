/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_CONSTANTS_H
#define IKEV2_CONSTANTS_H

/**
 * \file
 * \ingroup ipsec
 * The IKEv2 numbers of the IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" registry
 * (RFC 7296 §3) the module uses, in one place, with their names: the registry's names
 * (ToString) and the short names strongSwan's charon logs in its message summaries
 * (`N(NATD_S_IP)`, `No`, `TSi`).
 */

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief IKEv2 exchange types (RFC 7296 §3.1).
 */
enum class Ikev2ExchangeType : uint8_t
{
    IKE_SA_INIT = 34,     //!< the first exchange: SA, KE, nonces
    IKE_AUTH = 35,        //!< the second exchange: identities, AUTH, first Child SA
    CREATE_CHILD_SA = 36, //!< new or rekeyed Child SA, IKE SA rekey
    INFORMATIONAL = 37    //!< delete, notify, liveness
};

/**
 * \ingroup ipsec
 * \brief IKEv2 payload types, the values of a Next Payload field (RFC 7296 §3.2).
 */
enum class Ikev2PayloadType : uint8_t
{
    NONE = 0,       //!< no next payload
    SA = 33,        //!< Security Association
    KE = 34,        //!< Key Exchange
    IDI = 35,       //!< Identification, initiator
    IDR = 36,       //!< Identification, responder
    CERT = 37,      //!< Certificate
    CERTREQ = 38,   //!< Certificate Request
    AUTH = 39,      //!< Authentication
    NONCE = 40,     //!< Nonce
    NOTIFY = 41,    //!< Notify
    DELETE = 42,    //!< Delete
    VENDOR_ID = 43, //!< Vendor ID
    TSI = 44,       //!< Traffic Selector, initiator
    TSR = 45,       //!< Traffic Selector, responder
    SK = 46,        //!< Encrypted and Authenticated
    CP = 47,        //!< Configuration
    EAP = 48,       //!< Extensible Authentication
    SKF = 53        //!< Encrypted and Authenticated Fragment (RFC 7383)
};

/**
 * \ingroup ipsec
 * \brief IKEv2 transform types (RFC 7296 §3.3.2).
 */
enum class Ikev2TransformType : uint8_t
{
    ENCR = 1,  //!< encryption algorithm
    PRF = 2,   //!< pseudo-random function
    INTEG = 3, //!< integrity algorithm
    DH = 4,    //!< Diffie-Hellman group
    ESN = 5    //!< extended sequence numbers
};

/**
 * \ingroup ipsec
 * \brief IKEv2 security protocol identifiers (RFC 7296 §3.3.1).
 */
enum class Ikev2ProtocolId : uint8_t
{
    NONE = 0, //!< no protocol (a notify about no SA)
    IKE = 1,  //!< the IKE SA
    AH = 2,   //!< Authentication Header
    ESP = 3   //!< Encapsulating Security Payload
};

/**
 * \ingroup ipsec
 * \brief IKEv2 identification types (RFC 7296 §3.5).
 */
enum class Ikev2IdType : uint8_t
{
    IPV4_ADDR = 1,    //!< a 4-byte IPv4 address
    FQDN = 2,         //!< a fully qualified domain name, no terminator
    RFC822_ADDR = 3,  //!< an e-mail address (user\@host), no terminator
    IPV6_ADDR = 5,    //!< a 16-byte IPv6 address
    DER_ASN1_DN = 9,  //!< a DER-encoded X.500 distinguished name
    DER_ASN1_GN = 10, //!< a DER-encoded X.500 general name
    KEY_ID = 11       //!< opaque bytes
};

/**
 * \ingroup ipsec
 * \brief IKEv2 authentication methods (RFC 7296 §3.8, RFC 7427).
 */
enum class Ikev2AuthMethod : uint8_t
{
    RSA_DIGITAL_SIGNATURE = 1, //!< RSA signature with SHA-1
    SHARED_KEY_MIC = 2,        //!< pre-shared key message integrity code
    DSS_DIGITAL_SIGNATURE = 3, //!< DSS signature
    DIGITAL_SIGNATURE = 14     //!< RFC 7427 digital signature
};

/**
 * \ingroup ipsec
 * \brief IKEv2 traffic selector types (RFC 7296 §3.13.1).
 */
enum class Ikev2TsType : uint8_t
{
    IPV4_ADDR_RANGE = 7, //!< an IPv4 address range
    IPV6_ADDR_RANGE = 8  //!< an IPv6 address range
};

/**
 * \ingroup ipsec
 * \brief IKEv2 notify message types (RFC 7296 §3.10.1 and later RFCs): values of the 16-bit
 * Notify Message Type field. Types below 16384 are errors, the others status.
 */
namespace Ikev2NotifyType
{
constexpr uint16_t UNSUPPORTED_CRITICAL_PAYLOAD = 1;     //!< an unknown payload had C set
constexpr uint16_t INVALID_IKE_SPI = 4;                  //!< no IKE SA for the SPIs
constexpr uint16_t INVALID_MAJOR_VERSION = 5;            //!< major version not 2
constexpr uint16_t INVALID_SYNTAX = 7;                   //!< malformed message
constexpr uint16_t INVALID_MESSAGE_ID = 9;               //!< message ID out of the window
constexpr uint16_t INVALID_SPI = 11;                     //!< ESP/AH SPI unknown
constexpr uint16_t NO_PROPOSAL_CHOSEN = 14;              //!< no acceptable proposal
constexpr uint16_t INVALID_KE_PAYLOAD = 17;              //!< another DH group is wanted
constexpr uint16_t AUTHENTICATION_FAILED = 24;           //!< AUTH did not verify
constexpr uint16_t SINGLE_PAIR_REQUIRED = 34;            //!< only one pair of selectors
constexpr uint16_t NO_ADDITIONAL_SAS = 35;               //!< no more Child SAs accepted
constexpr uint16_t INTERNAL_ADDRESS_FAILURE = 36;        //!< no internal address to assign
constexpr uint16_t FAILED_CP_REQUIRED = 37;              //!< a CP request was expected
constexpr uint16_t TS_UNACCEPTABLE = 38;                 //!< traffic selectors refused
constexpr uint16_t INVALID_SELECTORS = 39;               //!< ESP packet outside its SA's selectors
constexpr uint16_t TEMPORARY_FAILURE = 43;               //!< try again later (RFC 7296 §2.25)
constexpr uint16_t CHILD_SA_NOT_FOUND = 44;              //!< REKEY_SA for an unknown Child SA
constexpr uint16_t INITIAL_CONTACT = 16384;              //!< forget older IKE SAs with this peer
constexpr uint16_t SET_WINDOW_SIZE = 16385;              //!< window size offered
constexpr uint16_t ADDITIONAL_TS_POSSIBLE = 16386;       //!< selectors were narrowed
constexpr uint16_t IPCOMP_SUPPORTED = 16387;             //!< IPComp offered
constexpr uint16_t NAT_DETECTION_SOURCE_IP = 16388;      //!< NAT-D hash of the source
constexpr uint16_t NAT_DETECTION_DESTINATION_IP = 16389; //!< NAT-D hash of the destination
constexpr uint16_t COOKIE = 16390;                       //!< stateless cookie (§2.6)
constexpr uint16_t USE_TRANSPORT_MODE = 16391;           //!< transport mode asked for
constexpr uint16_t HTTP_CERT_LOOKUP_SUPPORTED = 16392;   //!< certificates by URL
constexpr uint16_t REKEY_SA = 16393;                     //!< this exchange rekeys the SA of the SPI
constexpr uint16_t ESP_TFC_PADDING_NOT_SUPPORTED = 16394; //!< no TFC padding wanted
constexpr uint16_t NON_FIRST_FRAGMENTS_ALSO = 16395;      //!< non-first fragments on the SA
constexpr uint16_t MOBIKE_SUPPORTED = 16396;              //!< RFC 4555
constexpr uint16_t MULTIPLE_AUTH_SUPPORTED = 16404;       //!< RFC 4739
constexpr uint16_t REDIRECT_SUPPORTED = 16406;            //!< RFC 5685
constexpr uint16_t CHILDLESS_IKEV2_SUPPORTED = 16418;     //!< RFC 6023
constexpr uint16_t IKEV2_FRAGMENTATION_SUPPORTED = 16430; //!< RFC 7383
constexpr uint16_t SIGNATURE_HASH_ALGORITHMS = 16431;     //!< RFC 7427
/**
 * \param type a notify message type
 * \return true for the error types (below 16384)
 */
constexpr bool
IsError(uint16_t type)
{
    return type < INITIAL_CONTACT;
}
} // namespace Ikev2NotifyType

/**
 * \param type an exchange type
 * \return its registry name ("IKE_SA_INIT"), or the number for an unassigned value
 */
std::string ToString(Ikev2ExchangeType type);
/**
 * \param type a payload type
 * \return its registry name ("Nonce"), or the number for an unassigned value
 */
std::string ToString(Ikev2PayloadType type);
/**
 * \param type a transform type
 * \return its registry name ("ENCR"), or the number
 */
std::string ToString(Ikev2TransformType type);
/**
 * \param protocol a security protocol identifier
 * \return its name ("ESP"), or the number
 */
std::string ToString(Ikev2ProtocolId protocol);
/**
 * \param type an identification type
 * \return its registry name ("ID_FQDN"), or the number
 */
std::string ToString(Ikev2IdType type);
/**
 * \param method an authentication method
 * \return its name ("SHARED_KEY_MIC"), or the number
 */
std::string ToString(Ikev2AuthMethod method);
/**
 * \param type a traffic selector type
 * \return its registry name ("TS_IPV4_ADDR_RANGE"), or the number
 */
std::string ToString(Ikev2TsType type);

/**
 * \param type a notify message type
 * \return its registry name ("NAT_DETECTION_SOURCE_IP"), or the number
 */
std::string Ikev2NotifyTypeName(uint16_t type);
/**
 * \param type a notify message type
 * \return charon's short name ("NATD_S_IP"), or the number
 */
std::string Ikev2NotifyShortName(uint16_t type);
/**
 * \param type a payload type
 * \return charon's short name ("SA", "No", "IDi", "E"), or the number
 */
std::string Ikev2PayloadShortName(Ikev2PayloadType type);
/**
 * \param type a payload type
 * \return true for the types this module knows the layout or the meaning of (RFC 7296 §3.2,
 *         RFC 7383): an unknown payload with its critical bit set makes a message unsupported
 */
bool Ikev2IsKnownPayload(Ikev2PayloadType type);

} // namespace ns3

#endif /* IKEV2_CONSTANTS_H */
