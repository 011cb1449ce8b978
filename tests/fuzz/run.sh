#!/bin/sh
# Builds the fuzz targets, then runs each for SECONDS (default 60) starting
# from its checked-in seed corpus (tests/fuzz/corpus/<target>/): the corpus
# is replayed first, then the fuzzer mutates it until the time is up.
# SECONDS=0 only replays the corpus (a quick regression check).
#
#   tests/fuzz/run.sh [SECONDS]
#
# `make test` runs it for 8 s a target, `make check-deep` for 60 s, `make
# fuzz` for 600 s.
#
# Environment: FUZZ_BUILD (build and work directory, default build-fuzz/),
# FUZZ_JOBS (targets run at once, default 1), FUZZ_TARGETS (names, default
# all: "money words template csv text xlsxin bills serve").
# New inputs that only add coverage go to $FUZZ_BUILD/corpus/<target>/, not
# into the tree. An input that makes a target fail (crash, leak, timeout,
# out of memory) is kept: copied into the tree as
# tests/fuzz/corpus/<target>/<kind>-<sha1>, where every later run replays
# it, so it fails `make test` until the bug is fixed; its log is
# $FUZZ_BUILD/<target>.log and the script exits 1. Minimise it with
#   $FUZZ_BUILD/fuzz_<target> -minimize_crash=1 -runs=100000 FILE
# and, once the bug is fixed, keep it as a regression input (git add, a name
# saying what it was, a line in docs/reliability.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
seconds=${1:-60}
out=${FUZZ_BUILD:-$top/build-fuzz}
jobs=${FUZZ_JOBS:-1}
targets=${FUZZ_TARGETS:-money words template csv text xlsxin bills serve}

"$here/build.sh" "$out"
mkdir -p "$out/artifacts"

run_one() {
    t=$1
    mkdir -p "$out/corpus/$t"
    # The targets keep their scratch files (a ledger, a CSV) in $TMPDIR;
    # libFuzzer ends without running atexit(), so give each run its own
    # directory and remove it afterwards.
    tmp="$out/tmp/$t"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    # This run's failing inputs only: earlier ones were kept in the tree.
    art="$out/artifacts/$t"
    rm -rf "$art"
    mkdir -p "$art"
    if [ "$seconds" = 0 ]; then
        set -- -runs=0
    else
        set -- -max_total_time="$seconds"
    fi
    # -timeout: one input taking 25 s is a hang. -rss_limit_mb: the reader
    # must stay bounded whatever the input (csvio.h).
    if TMPDIR="$tmp" "$out/fuzz_$t" "$@" -timeout=25 -rss_limit_mb=1024 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$art/" \
        "$out/corpus/$t" "$here/corpus/$t" >"$out/$t.log" 2>&1; then
        rm -rf "$tmp"
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
        seed=$(sed -n 's/^INFO: Seed: //p' "$out/$t.log")
        echo "fuzz_$t: ok ($runs runs in ${seconds}s, seed $seed)"
        return 0
    fi
    echo "fuzz_$t: FAILED; log: $out/$t.log" >&2
    grep -E 'ERROR|SUMMARY|Test unit written' "$out/$t.log" >&2 || true
    keep "$t"
    return 1
}

# Copies the failing inputs of target $1 into its corpus in the tree, unless
# the corpus already holds the same bytes (a kept crasher replayed again).
keep() {
    kept=0
    for f in "$art"/*; do
        [ -f "$f" ] || continue
        known=
        for g in "$here/corpus/$1"/*; do
            if cmp -s "$f" "$g"; then
                known=$g
                break
            fi
        done
        if [ -n "$known" ]; then
            echo "fuzz_$1: the failing input is tests/fuzz/corpus/$1/${known##*/}, already kept" >&2
            continue
        fi
        cp "$f" "$here/corpus/$1/${f##*/}"
        kept=1
        echo "fuzz_$1: failing input kept as tests/fuzz/corpus/$1/${f##*/}" >&2
    done
    if [ "$kept" = 1 ]; then
        echo "fuzz_$1: every run replays it until the bug is fixed. Reproduce with" >&2
        echo "  $out/fuzz_$1 tests/fuzz/corpus/$1/FILE" >&2
        echo "then fix the bug and keep the input (git add), renamed to say what it" >&2
        echo "caught, with a line in docs/reliability.md" >&2
    fi
}

status=0
running=0
pids=
for t in $targets; do
    run_one "$t" &
    pids="$pids $!"
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        for p in $pids; do wait "$p" || status=1; done
        pids=
        running=0
    fi
done
for p in $pids; do wait "$p" || status=1; done
exit $status
