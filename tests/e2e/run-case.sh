#!/bin/sh
# Runs one end-to-end case and writes what it printed:
#
#   tests/e2e/run-case.sh BINDIR CASE OUTDIR [LOCALE]
#
# The case's `cmd` runs in a fresh temporary directory, with `outlay` from
# BINDIR first on PATH, a fixed environment (LOCALE, C.UTF-8 by default; today
# 2026-03-08; the audit log's who is "treasurer"), under `bash -e -u -o pipefail`: a command that fails, an unset
# variable or a failing stage of a pipeline ends the script with its status.
# Its stdout, stderr and exit status go to OUTDIR/stdout, OUTDIR/stderr and
# OUTDIR/status. The test runner (tests/test_e2e.c) compares them with the
# case's golden files; regen.sh writes them over the golden files.
#
# Exits 0 when the case ran, whatever its status; 2 when it could not be run
# (no such case, no binary, no temporary directory).
set -eu
if [ $# -ne 3 ] && [ $# -ne 4 ]; then
    echo "usage: $0 BINDIR CASE OUTDIR [LOCALE]" >&2
    exit 2
fi
bin=$(cd "$1" && pwd)
case=$2
out=$3
locale=${4:-C.UTF-8}
e2e=$(cd "$(dirname "$0")" && pwd)
tests=$(dirname "$e2e")
if [ ! -x "$bin/outlay" ]; then
    echo "$0: no outlay binary in '$bin'; build first (make build)" >&2
    exit 2
fi
if [ ! -f "$e2e/$case/cmd" ]; then
    echo "$0: no case '$case' (no file $e2e/$case/cmd)" >&2
    exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/outlay-e2e-XXXXXX")
trap 'rm -rf "$work"' EXIT
# SPEC §17: with OUTLAY_TEST_PG (the URL of a PostgreSQL database, as
# tests/pg/cluster.sh prints it) the case's default ledger is a branch of
# its own in that database instead of ./outlay.db, and the URL is written
# as outlay.db in what it printed, so the same golden files hold. A case
# about files themselves (its directory has a file `sqlite-only` saying
# why) keeps ./outlay.db.
ledger=
if [ -n "${OUTLAY_TEST_PG:-}" ] && [ ! -f "$e2e/$case/sqlite-only" ]; then
    branch=$(printf 'e2e_%s_%s_%s' "$case" "${locale%%.*}" "$$" | tr -c 'A-Za-z0-9_\n' _)
    ledger="$OUTLAY_TEST_PG&options=-c%20outlay.branch%3D$branch"
fi
status=0
(cd "$work" && env -i PATH="$bin:/usr/bin:/bin" HOME="$work" LANG=C LC_ALL="$locale" \
    OUTLAY_TODAY=2026-03-08 OUTLAY_USER=treasurer OUTLAY_TEMPLATES="$tests/../templates" \
    OUTLAY_EXAMPLES="$tests/../examples" OUTLAY_TESTDATA="$tests/data" OUTLAY_E2E="$e2e" \
    ${ledger:+OUTLAY_LEDGER="$ledger"} \
    bash -e -u -o pipefail "$e2e/$case/cmd") >"$out/stdout" 2>"$out/stderr" || status=$?
echo "$status" >"$out/status"
if [ -n "$ledger" ]; then
    for f in "$out/stdout" "$out/stderr"; do
        sed "s#$ledger#outlay.db#g" "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    done
fi
