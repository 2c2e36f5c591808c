#!/usr/bin/env bash
# Installs the Debian packages of the robustness targets (`make sanitize`, `make fuzz`), only
# those that are missing, on top of what scripts/install-deps.sh installs. Uses sudo when not
# root. Safe to run repeatedly.
set -euo pipefail

packages=(
    clang libclang-rt-14-dev   # clang++ with libFuzzer and its ASan/UBSan runtimes (fuzz/)
    llvm-14                    # llvm-symbolizer: file:line in the fuzzers' reports
    libasan8 libubsan1         # GCC's ASan/UBSan runtimes (make sanitize builds with g++)
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
