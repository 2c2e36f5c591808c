#!/usr/bin/env bash
# Installs the Debian packages of the documentation build (`make docs`, `make doxygen`), only
# those that are missing: Sphinx for doc/ipsec.rst, Doxygen for the API reference. The module
# itself does not need them. Uses sudo when not root. Safe to run repeatedly.
set -euo pipefail

packages=(
    python3-sphinx   # sphinx-build: the module chapter (doc/ipsec.rst, doc/conf.py)
    doxygen          # the API reference of model/ and helper/ (doc/Doxyfile)
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
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
