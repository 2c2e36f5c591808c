# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# The ipsec module for waf-based ns-3 (<= 3.35): copy this folder to contrib/ipsec.
import os

MODEL = ['ah-header', 'ah-transform', 'esp-header', 'ipsec-packet-bytes', 'esp-transform', 'icmp-echo-client',
         'ipsec-algorithms', 'ipsec-crypto', 'ikev2-prf', 'ikev2-diffie-hellman', 'ikev2-key-derivation', 'ikev2-sk-cipher', 'ipsec-drop-reason', 'ipsec-drop-detail', 'ipsec-drop-sink', 'ipsec-settings', 'ipsec-state', 'ipsec-sa-resolver', 'ipsec-config-generation', 'ipsec-flow-cache', 'ipsec-output-stage', 'ipsec-input-stage', 'ipsec-gateway-stage', 'ipsec-verdict', 'ipsec-policy-engine', 'ipsec-echo-memory', 'ipsec-inbound-matcher', 'ipsec-socket-registry', 'ipsec-transform', 'ipsec-address', 'ipsec-flow', 'ipsec-flow-probe', 'ipv4-transit-hook', 'ipsec-forwarding-shim',
         'delegating-l4-protocol', 'ipsec-inbound-guard', 'ipsec-inbound-tag', 'ipsec-l3-protocol', 'ipsec-l4-handler', 'ipsec-icmpv6-guard', 'ipsec-ipv6-extension-tag', 'ipsec-ipv6-extension-recorder', 'ipsec-ip-header', 'ipsec-ipv4-adapter', 'ipsec-ipv6-adapter', 'ipsec-ipv6-forwarding-shim',
         'ipsec-stack-hooks', 'ipsec-stats', 'ipsec-tunnel-header', 'ipsec-tunnel-interface', 'ipsec-tunnel-table', 'ipsec-checksum', 'ipsec-udp-encapsulation', 'replay-window', 'security-association',
         'security-association-database', 'security-policy', 'security-policy-database',
         'security-policy-pair-index', 'ipsec-address-resolver', 'ipsec-config', 'ipsec-config-error', 'ipsec-config-lexer', 'ipsec-config-names', 'ipsec-config-writer', 'ipseckey-reader', 'ipsecconf-reader', 'setkey-reader',
         'ikev2-config', 'strongswan-settings', 'swanctl-reader', 'ikev2-config-reader', 'ikev2-preshared-reader',
         'ipsec-acquire-table', 'ipsec-key-management', 'ipsec-teaching-key-manager',
         'ipsec-socket-policy', 'ipsec-socket-policy-index', 'ipsec-connection-latches',
         'napt-mapping-table', 'napt-box', 'napt-routing-shim', 'napt-inbound-hook',
         'ikev2-constants', 'ikev2-header', 'ikev2-traffic-selector', 'ikev2-identity', 'ikev2-payload', 'ikev2-message', 'ikev2-ike-suite', 'ikev2-child-suite', 'ikev2-proposal-spec', 'ikev2-proposal-selector', 'ikev2-nat-detection', 'ikev2-cookie-jar', 'ikev2-peer-index', 'ikev2-retransmitter', 'ikev2-responder-cache',
         'ikev2-child-sa', 'ikev2-ike-sa', 'ikev2-stats', 'ikev2-daemon']
HEADER_ONLY = ['ipsec-types', 'ipsec-down-targets', 'ipsec-traces', 'ipsec-fixed-list', 'ipsec-byte-order', 'ipsec-enum-checker', 'ipsec-ns3-compat', 'ipsec-config-operation', 'ipsec-key-events', 'ipsec-key-result',
               'ipsec-socket-request', 'ikev2-bytes', 'ikev2-parse-result',
               'ikev2-config-result', 'ikev2-key-record']
HELPER = ['icmp-echo-client-helper', 'ipsec-helper', 'ipsec-key-export', 'ipsec-teaching-key-manager-helper', 'napt-helper', 'ikev2-helper', 'ikev2-key-export']
MPI_EXAMPLES = ['ipsec-vpn-mpi']  # need ns-3's mpi module (--enable-mpi)
EMULATION_EXAMPLES = ['ipsec-ikev2-live']  # need ns-3's fd-net-device module
EXAMPLES = ['ipsec-vpn-gateway', 'ipsec-vpn-ipv6', 'ipsec-transport', 'ipsec-policy-effects', 'ipsec-config-files', 'ipsec-rekey',
            'ipsec-socket-policy', 'ipsec-nat-traversal', 'ipsec-ikev2-vpn']


def configure(conf):
    conf.env['CXXFLAGS'] = conf.env['CXXFLAGS'] + ['-std=c++17']
    # model/ipsec-ns3-compat.h: major * 100 + minor of the tree (waf-based ns-3 ends with 3.35).
    version = 335
    try:
        major, minor = open(os.path.join(conf.path.abspath(), '..', '..', 'VERSION')).read().split('.')[:2]
        version = int(major) * 100 + int(''.join(c for c in minor if c.isdigit()))
    except (OSError, ValueError):
        pass
    conf.env.append_value('DEFINES', 'IPSEC_NS3_VERSION=%d' % version)
    conf.check_cfg(package='libcrypto++', uselib_store='CRYPTOPP', args=['--cflags', '--libs'],
                   mandatory=True)


def build(bld):
    module = bld.create_ns3_module('ipsec', ['internet', 'applications', 'network', 'core',
                                           'virtual-net-device', 'flow-monitor'])
    module.source = ['model/%s.cc' % m for m in MODEL] + ['helper/%s.cc' % h for h in HELPER]
    module.use.append('CRYPTOPP')
    headers = bld(features='ns3header')
    headers.module = 'ipsec'
    headers.source = (['model/%s.h' % m for m in MODEL + HEADER_ONLY] +
                      ['helper/%s.h' % h for h in HELPER])
    if bld.env.ENABLE_EXAMPLES:
        for name in EXAMPLES:
            obj = bld.create_ns3_program(name, ['ipsec', 'point-to-point', 'csma', 'applications',
                                                'internet-apps', 'flow-monitor'])
            obj.source = 'examples/%s.cc' % name
        if 'ns3-fd-net-device' in bld.env['NS3_ENABLED_MODULES']:
            for name in EMULATION_EXAMPLES:
                obj = bld.create_ns3_program(name, ['ipsec', 'fd-net-device', 'point-to-point',
                                                    'applications', 'internet-apps'])
                obj.source = 'examples/%s.cc' % name
        if bld.env.ENABLE_MPI:
            for name in MPI_EXAMPLES:
                obj = bld.create_ns3_program(name, ['ipsec', 'mpi', 'point-to-point', 'internet',
                                                    'applications'])
                obj.source = 'examples/%s.cc' % name
