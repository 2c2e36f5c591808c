#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs the libFuzzer harnesses built in a build directory (see README.md here).
#
#   fuzz/run.sh regressions BUILD_DIR [HARNESS...]        every saved reproducer, once
#   fuzz/run.sh fuzz BUILD_DIR SECONDS [JOBS] [HARNESS...] fuzz each harness for SECONDS
#   fuzz/run.sh valgrind BUILD_DIR RUNS [HARNESS...]       the seeds and RUNS mutations of each
#                                                        harness under valgrind (a build
#                                                        configured with IPSEC_FUZZ_SANITIZERS=OFF)
#
# The harnesses are every executable BUILD_DIR/fuzz-<harness> (fuzz/CMakeLists.txt makes them).
#
# Both fail (exit 1) when any harness crashes, and say which and where the input is.
# Fuzzing starts from fuzz/corpus/<harness> (read only) and keeps what it finds in
# BUILD_DIR/corpus/<harness>; crashes land in BUILD_DIR/artifacts/<harness>/.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
mode=${1:?usage: run.sh regressions|fuzz BUILD_DIR ...}
build=$(cd "${2:?BUILD_DIR}" && pwd)
shift 2

harnesses() {
    for exe in "$build"/fuzz-*; do
        [ -x "$exe" ] && basename "$exe" | sed 's/^fuzz-//'
    done
}

status=0
case "$mode" in
regressions)
    selected=("$@")
    [ ${#selected[@]} -eq 0 ] && mapfile -t selected < <(harnesses)
    failed=()
    total=0
    for h in "${selected[@]}"; do
        dir="$here/regressions/$h"
        [ -d "$dir" ] || continue
        for input in "$dir"/*; do
            [ -f "$input" ] || continue
            [ "$(basename "$input")" = README.md ] && continue
            total=$((total + 1))
            log="$build/logs/regression-$h-$(basename "$input").log"
            mkdir -p "$build/logs"
            if "$build/fuzz-$h" -timeout=60 -runs=1 "$input" > "$log" 2>&1; then
                echo "pass  $h/$(basename "$input")"
            else
                echo "FAIL  $h/$(basename "$input")   ($(grep -m1 -E 'invariant violated|ERROR: |runtime error|node-receive6?:' "$log" | cut -c1-150))"
                failed+=("$h/$(basename "$input")")
            fi
        done
    done
    echo "regressions: $total run, ${#failed[@]} failing${failed:+ (logs in $build/logs)}"
    [ ${#failed[@]} -eq 0 ] || status=1
    ;;
fuzz)
    seconds=${1:?SECONDS}
    jobs=${2:-1}
    shift 2 || shift $#
    selected=("$@")
    [ ${#selected[@]} -eq 0 ] && mapfile -t selected < <(harnesses)
    mkdir -p "$build/logs"
    printf '%-18s %10s %10s %8s  %s\n' harness executions "exec/s" seconds result
    for h in "${selected[@]}"; do
        corpus="$build/corpus/$h"
        artifacts="$build/artifacts/$h"
        mkdir -p "$corpus" "$artifacts"
        seeds=()
        [ -d "$here/corpus/$h" ] && seeds=("$here/corpus/$h")
        options=(-max_total_time="$seconds" -timeout=25 -print_final_stats=1
                 -artifact_prefix="$artifacts/")
        [ -f "$here/dict/$h.dict" ] && options+=(-dict="$here/dict/$h.dict")
        [ "$jobs" -gt 1 ] && options+=(-fork="$jobs")
        log="$build/logs/fuzz-$h.log"
        start=$(date +%s)
        if "$build/fuzz-$h" "${options[@]}" "$corpus" "${seeds[@]}" > "$log" 2>&1; then
            result=ok
        else
            result="CRASH: $(ls -t "$artifacts" | head -1 | sed "s|^|$artifacts/|")"
            status=1
        fi
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
        if [ -z "$execs" ]; then # fork mode prints its own progress lines
            execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
            rate=$(( ${execs:-0} / (seconds > 0 ? seconds : 1) ))
        fi
        printf '%-18s %10s %10s %8s  %s\n' "$h" "${execs:-?}" "${rate:-?}" "$(( $(date +%s) - start ))" "$result"
        if [ "$result" != ok ]; then
            grep -m1 -E 'invariant violated|ERROR: |runtime error|node-receive6?:' "$log" | cut -c1-200 | sed 's/^/    /'
        fi
    done
    ;;
valgrind)
    # ASan instruments the module only: an over-read inside Debian's ns-3 or Crypto++ goes
    # unseen until it happens to cross into unmapped memory, and uninitialized bytes are never
    # seen. Valgrind sees both. A fixed libFuzzer seed makes the mutations the same every run.
    runs=${1:?RUNS}
    shift
    selected=("$@")
    [ ${#selected[@]} -eq 0 ] && mapfile -t selected < <(harnesses)
    mkdir -p "$build/logs"
    printf '%-18s %10s %8s  %s\n' harness executions seconds result
    for h in "${selected[@]}"; do
        scratch=$(mktemp -d)
        seeds=()
        [ -d "$here/corpus/$h" ] && seeds=("$here/corpus/$h")
        [ -d "$here/regressions/$h" ] && seeds+=("$here/regressions/$h")
        log="$build/logs/valgrind-$h.log"
        start=$(date +%s)
        if valgrind --error-exitcode=9 --track-origins=yes -q "$build/fuzz-$h" -seed=1 \
            -runs="$runs" -timeout=600 -print_final_stats=1 "$scratch" "${seeds[@]}" > "$log" 2>&1; then
            result=ok
        else
            result="FAILED (log: $log)"
            status=1
        fi
        rm -rf "$scratch"
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        printf '%-18s %10s %8s  %s\n' "$h" "${execs:-?}" "$(( $(date +%s) - start ))" "$result"
        if [ "$result" != ok ]; then
            grep -m1 -A3 -E '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|Source)' "$log" \
                | cut -c1-200 | sed 's/^/    /'
        fi
    done
    ;;
*)
    echo "usage: run.sh regressions|fuzz|valgrind BUILD_DIR ..." >&2
    exit 2
    ;;
esac
exit $status
