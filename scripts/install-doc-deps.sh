#!/usr/bin/env bash
# Installs the Debian packages of the documentation build (`make docs`, `make doxygen`), only
# those that are missing: Sphinx for doc/ipsec.rst, Doxygen for the API reference. The module
# itself does not need them. Uses sudo when not root. Safe to run repeatedly.
set -euo pipefail

packages=(
    python3-sphinx   # sphinx-build: the module chapter (doc/ipsec.rst, doc/conf.py)
    doxygen          # the API reference of model/ and helper/ (doc/Doxyfile)
)

exec bash "$(dirname "$0")/install-packages.sh" "${packages[@]}"
