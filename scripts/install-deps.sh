#!/usr/bin/env bash
# Installs the Debian packages the ipsec module needs, only those that are missing.
# Uses sudo when not root. Safe to run repeatedly.
set -euo pipefail

packages=(
    cmake make g++ pkg-config
    libns3-dev ns3 libgsl-dev libsqlite3-dev libxml2-dev python3-dev   # ns-3.37 and what its CMake targets reference (ns3: the helper binaries)
    libcrypto++-dev                                                 # every cryptographic operation
    libgtest-dev                                                    # unit and end-to-end tests
    pybind11-dev python3-pybind11 python3-pytest                    # Python bindings and their tests
    tshark                                                          # interop test: Wireshark decrypts our PCAPs
    strongswan-charon strongswan-swanctl                            # live IKEv2/ESP interop test: a real, independent peer
    libcharon-extra-plugins libstrongswan-standard-plugins          #   (kernel-libipsec: userspace ESP; openssl: GCM, curve25519)
    iproute2 ethtool                                                #   network namespaces, veth, checksum offload off
)

exec bash "$(dirname "$0")/install-packages.sh" "${packages[@]}"
