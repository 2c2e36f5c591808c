#!/usr/bin/env bash
# Installs the Debian packages of the robustness targets (`make sanitize`, `make fuzz`), only
# those that are missing, on top of what scripts/install-deps.sh installs. Uses sudo when not
# root. Safe to run repeatedly.
set -euo pipefail

packages=(
    clang libclang-rt-14-dev   # clang++ with libFuzzer and its ASan/UBSan runtimes (fuzz/)
    llvm-14                    # llvm-symbolizer: file:line in the fuzzers' reports
    valgrind                   # make fuzz-valgrind
    libasan8 libubsan1         # GCC's ASan/UBSan runtimes (make sanitize builds with g++)
)

exec bash "$(dirname "$0")/install-packages.sh" "${packages[@]}"
