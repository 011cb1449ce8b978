#!/bin/sh
# Builds the fuzz targets, then runs each for SECONDS (default 60) starting
# from its checked-in seed corpus (tests/fuzz/corpus/<target>/). SECONDS=0
# only replays the corpus (a quick regression check).
#
#   tests/fuzz/run.sh [SECONDS]
#
# Environment: FUZZ_BUILD (build and work directory, default build-fuzz/),
# FUZZ_JOBS (targets run at once, default 1), FUZZ_TARGETS (names, default
# all: "money words template csv").
# New inputs found go to $FUZZ_BUILD/corpus/<target>/, never into the tree. A
# crash leaves $FUZZ_BUILD/artifacts/<target>-crash-*, its log in
# $FUZZ_BUILD/<target>.log, and the script exits 1: minimise it with
#   $FUZZ_BUILD/fuzz_<target> -minimize_crash=1 -runs=100000 CRASHFILE
# and add the result to the corpus (and a test) once the bug is fixed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
seconds=${1:-60}
out=${FUZZ_BUILD:-$top/build-fuzz}
jobs=${FUZZ_JOBS:-1}
targets=${FUZZ_TARGETS:-money words template csv}

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
    if [ "$seconds" = 0 ]; then
        set -- -runs=0
    else
        set -- -max_total_time="$seconds"
    fi
    # -timeout: one input taking 25 s is a hang. -rss_limit_mb: the reader
    # must stay bounded whatever the input (csvio.h).
    if TMPDIR="$tmp" "$out/fuzz_$t" "$@" -timeout=25 -rss_limit_mb=1024 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
        "$out/corpus/$t" "$here/corpus/$t" >"$out/$t.log" 2>&1; then
        rm -rf "$tmp"
        echo "fuzz_$t: ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$t.log" | grep -o '[0-9]*$') runs in ${seconds}s)"
        return 0
    fi
    echo "fuzz_$t: FAILED; see $out/$t.log and $out/artifacts/" >&2
    grep -E 'ERROR|SUMMARY|Test unit written' "$out/$t.log" >&2 || true
    return 1
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
