#!/bin/sh
# Regenerates the expected stdout/stderr/status of e2e cases from the built
# binary: tests/e2e/regen.sh build/outlay [CASE...]. Review `git diff` before
# committing: a golden file is a claim that the output is right.
set -eu
bin=$(cd "$(dirname "$1")" && pwd)
shift
e2e=$(cd "$(dirname "$0")" && pwd)
tests=$(dirname "$e2e")
cases=${*:-$(ls "$e2e" | grep -v '\.sh$')}
for c in $cases; do
    d=$(mktemp -d /tmp/outlay-regen-XXXXXX)
    (cd "$d" && env -i PATH="$bin:/usr/bin:/bin" HOME="$d" LANG=C LC_ALL=C.UTF-8 \
        OUTLAY_TODAY=2026-03-08 OUTLAY_TEMPLATES="$tests/../templates" \
        OUTLAY_EXAMPLES="$tests/../examples" OUTLAY_TESTDATA="$tests/data" \
        sh -e "$e2e/$c/cmd" >"$e2e/$c/stdout" 2>"$e2e/$c/stderr"; echo $? >"$e2e/$c/status") || true
    rm -rf "$d"
    echo "$c: status $(cat "$e2e/$c/status")"
done
