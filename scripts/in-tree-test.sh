#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make test-in-tree`: the module as contrib/ipsec of a real ns-3 source tree, built and tested
# with ns-3's own tools, the way researchers use it.
#
#   scripts/in-tree-test.sh [VERSION [PROFILE]]     VERSION 3.48 (default) or 3.37,
#                                                   PROFILE debug (default) or release
#
#  - ns-3.48 comes from ../shared/ns-3/ns-3.48.tar.xz, ns-3.37 from Debian's source package
#    (`apt-get source ns3`, with a deb-src twin of the Debian sources added when missing).
#  - The tree and its build live outside the clone, in $IPSEC_NS3_TREES (default
#    /var/tmp/ns3-ipsec-trees), one per version and profile, and are reused: ccache and Ninja
#    make a second run rebuild only what changed. contrib/ipsec is a symbolic link to this
#    clone, so its compiler command lines (and ccache's keys) are the same from any clone.
#  - Configured with the options users use: --enable-examples --enable-tests --enable-mpi
#    --filter-module-examples-and-tests=ipsec, warnings as errors (-Werror) in both profiles,
#    only the modules the module needs.
#  - Then ./test.py runs the module's test suite "ipsec" (its GoogleTest suites) and the examples
#    of test/examples-to-run.py, and test/test_mpi.py runs ipsec-vpn-mpi sequentially and on two
#    MPI ranks with both of ns-3's distributed simulators and compares the counters.
set -euo pipefail

version=${1:-3.48}
profile=${2:-debug}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${IPSEC_SHARED:-$here/../shared}
trees=${IPSEC_NS3_TREES:-/var/tmp/ns3-ipsec-trees}
jobs=${JOBS:-$(nproc)}
modules="ipsec;internet;point-to-point;csma;applications;flow-monitor;internet-apps;virtual-net-device;mpi;fd-net-device"
start=$SECONDS

case "$profile" in
debug | release) ;;
*)
    echo "profile must be debug or release, not '$profile'" >&2
    exit 2
    ;;
esac

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

# What an ns-3 source build needs beyond `make test`'s packages: Ninja, ccache, MPI.
bash "$here/scripts/install-deps.sh"
bash "$here/scripts/install-packages.sh" ninja-build ccache libopenmpi-dev openmpi-bin python3-pytest dpkg-dev

mkdir -p "$trees"
case "$version" in
3.48)
    archive="$shared/ns-3/ns-3.48.tar.xz"
    [ -f "$archive" ] || { echo "no $archive: see ../shared/ns-3/README.md" >&2; exit 1; }
    tree="$trees/ns-3.48-$profile"
    stamp="$(sha256sum "$archive" | cut -c1-16)"
    if [ ! -f "$tree/.unpacked-$stamp" ]; then
        echo "== unpacking $archive into $tree"
        rm -rf "$tree"
        mkdir -p "$tree"
        tar -xJf "$archive" -C "$tree"
        touch "$tree/.unpacked-$stamp"
    fi
    ;;
3.37)
    source_dir="$trees/debian-source-3.37"
    tree="$trees/ns-3.37-$profile"
    if [ ! -f "$tree/.unpacked" ]; then
        if ! compgen -G "$source_dir/ns3_3.37*.dsc" > /dev/null; then
            if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
                echo "== adding the deb-src twin of Debian's sources"
                sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
                    $SUDO tee /etc/apt/sources.list.d/debian-src.sources > /dev/null
            fi
            $SUDO apt-get update -qq
            mkdir -p "$source_dir"
            (cd "$source_dir" && apt-get source -qq --download-only ns3)
        fi
        echo "== unpacking Debian's ns-3.37 source package into $tree"
        rm -rf "$tree" "$source_dir/unpacked"
        (cd "$source_dir" && dpkg-source -q -x ns3_3.37*.dsc unpacked)
        mv "$source_dir/unpacked/ns-3.37" "$tree"
        rm -rf "$source_dir/unpacked"
        touch "$tree/.unpacked"
    fi
    ;;
*)
    echo "version must be 3.48 or 3.37, not '$version'" >&2
    exit 2
    ;;
esac

ln -sfn "$here" "$tree/contrib/ipsec"
cd "$tree"

step() {
    local name=$1
    shift
    local t=$SECONDS
    echo "== $name"
    "$@"
    echo "== $name: $((SECONDS - t)) s"
}

# Reconfigure only when the options change: a configure run re-globs and costs a minute.
options=(-G Ninja -d "$profile" --enable-werror --enable-examples --enable-tests --enable-mpi
    "--enable-modules=$modules" --filter-module-examples-and-tests=ipsec)
if [ "$(cat .ipsec-configured 2> /dev/null)" != "${options[*]}" ] || [ ! -f cmake-cache/build.ninja ]; then
    step "configure ns-$version ($profile)" ./ns3 configure "${options[@]}"
    echo "${options[*]}" > .ipsec-configured
fi
export CCACHE_DIR=${CCACHE_DIR:-$trees/ccache}
step "build" ./ns3 build -j "$jobs"
# With the filter, test.py's whole run is the module's: its suite and its examples-to-run.
# (--verbose-failed, the output of what failed, is newer than ns-3.37's test.py.)
verbose=()
if ./test.py --help 2> /dev/null | grep -q -- --verbose-failed; then
    verbose=(--verbose-failed)
fi
step "test.py (suite ipsec and the examples of examples-to-run.py)" \
    ./test.py --no-build "${verbose[@]}"
mpi_example=$(ls build/contrib/ipsec/examples/ns"$version"-ipsec-vpn-mpi* 2> /dev/null | head -1)
step "MPI: ipsec-vpn-mpi on 1 and 2 ranks" \
    env IPSEC_MPI_EXAMPLE="$tree/$mpi_example" /usr/bin/python3 -m pytest -q "$here/test/test_mpi.py"
echo "== in-tree ns-$version ($profile): all passed in $((SECONDS - start)) s"
