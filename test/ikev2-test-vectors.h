/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_TEST_VECTORS_H
#define IKEV2_TEST_VECTORS_H

/**
 * \file
 * \ingroup ipsec
 * The two SK-protected IKEv2 messages of doc/plans/issue19-plan.md §9.1 (decrypted and their
 * ICVs checked by tshark 4.0.17) and the keys they were sealed with, shared by the IKEv2 tests.
 */

namespace ns3
{
namespace test
{
/// The DPD request (empty INFORMATIONAL, MID 2, from the initiator) with AES-GCM-16-256.
const char* const GCM_DPD = "0123456789abcdeffedcba98765432102e20250800000002000000390000001d"
                            "00000000000000014714aacf805cb6c126a38442a938acb878";
/// The same with AES-CBC-128 and HMAC-SHA2-256-128, IV 00..0f.
const char* const CBC_DPD = "0123456789abcdeffedcba98765432102e202508000000020000005000000034"
                            "000102030405060708090a0b0c0d0e0fe33f52529ac9352da8d2edf428d7ddac"
                            "71d2d357929dda89840928996c5b8fef";
/// SK_ei of the GCM suite (key | salt).
const char* const GCM_SK_EI
    = "99b6afedcf007cff0721d605633cd0053153a93036a54524e24532ac6507263c234caf8f";
/// SK_er of the GCM suite (key | salt).
const char* const GCM_SK_ER
    = "1b6bf283efe991ac9debd9653b500aa5b6cfe0eaea86ab11dc3e26ecfe05f3c6949afce8";
/// SK_ei of the CBC suite.
const char* const CBC_SK_EI = "fe05f3c6949afce853a1c0fbf9c332f8";
/// SK_ai of the CBC suite.
const char* const CBC_SK_AI = "99b6afedcf007cff0721d605633cd0053153a93036a54524e24532ac6507263c";
} // namespace test
} // namespace ns3

#endif /* IKEV2_TEST_VECTORS_H */
