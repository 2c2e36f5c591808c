/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_DOC_H
#define IPSEC_DOC_H

/**
 * \defgroup ipsec IPsec
 *
 * This section documents the API of the ns-3 ipsec module: an IPsec layer between
 * Ipv4L3Protocol and the transport protocols (ESP and AH, RFC 4301, 4302 and 4303), its security
 * policy and association databases, a PF_KEY-style key management interface (RFC 2367),
 * per-socket policy, security gateways, and readers and writers of the configuration files of
 * illumos ipsecconf(8) and ipseckey(8) and KAME setkey(8). For a functional description, see
 * the module's chapter (doc/ipsec.rst).
 */

#endif /* IPSEC_DOC_H */
