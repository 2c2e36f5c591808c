#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make sanitize`, after the build: the whole test suite (CTest) of a build made with
# -fsanitize=address,undefined, clean or failing.
#
#   fuzz/sanitize/run-tests.sh BUILD_DIR [JOBS]
#
# Every test runs with the options below. The Python bindings' tests run in a second CTest pass:
# /usr/bin/python3 is not instrumented, and the ASan runtime must be the first library of a
# process, so it is preloaded there (and only there: the instrumented executables link it
# themselves, and tshark, which tshark-interop runs, is better left alone).
set -euo pipefail

build=${1:?usage: run-tests.sh BUILD_DIR [JOBS]}
jobs=${2:-$(nproc)}
here=$(cd "$(dirname "$0")" && pwd)
cd "$build"

# Stop at the first report, with a stack; the non-default checks are cheap here.
#  - detect_stack_use_after_return, check_initialization_order, strict_init_order,
#    strict_string_checks: more bugs found, no false positives expected in our code.
#  - detect_container_overflow is left on: it only fires with annotated containers, which
#    libstdc++ has only under _GLIBCXX_SANITIZE_VECTOR (not defined here), so the mix of our
#    instrumented code with Debian's uninstrumented ns-3 cannot produce its false positives.
#  - LSan stays on for the C++ tests; lsan.supp lists the third-party leaks it may report.
asan_common="halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:strict_string_checks=1"
export ASAN_OPTIONS="$asan_common:detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$here/ubsan.supp"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"

status=0
echo "== sanitized tests (all but the Python bindings' suites)"
ctest --output-on-failure -j "$jobs" -E '^python-(bindings|ns3-api|ipv6|napt|ikev2)$' || status=1

# The runtimes the instrumented module needs, from the compiler that built it.
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' CMakeCache.txt)
if "$compiler" --version | grep -qi clang; then
    preload="$("$compiler" -print-file-name=libclang_rt.asan-x86_64.so)"
else
    preload="$("$compiler" -print-file-name=libasan.so) $("$compiler" -print-file-name=libubsan.so)"
fi
echo "== python-bindings, python-ns3-api, python-ipv6, python-napt and python-ikev2, with LD_PRELOAD=$preload"
# CPython does not free its heap at exit (interned strings, type objects, module state) and
# pybind11 keeps its registered types for the life of the process, by design: leak reports from
# the interpreter would be noise, so LSan is off for this process only. The bindings' C++ code
# is the module's, whose leaks the C++ tests check.
LD_PRELOAD="$preload" ASAN_OPTIONS="$asan_common:detect_leaks=0" \
    ctest --output-on-failure -R '^python-(bindings|ns3-api|ipv6|napt|ikev2)$' || status=1
exit $status
