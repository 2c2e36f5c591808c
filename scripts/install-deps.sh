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
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "Installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer before installing.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections || true
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
