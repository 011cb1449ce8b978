#!/bin/sh
# Regenerates the expected stdout, stderr and status of the named e2e cases
# from the built binary, under C.UTF-8 and, for what differs in Chinese, as
# PART.zh_CN under zh_CN.UTF-8:
#
#   tests/e2e/regen.sh build/outlay CASE...
#
# Only the cases named are written; there is no "all". Each case runs exactly
# as the test runner runs it (run-case.sh). Review `git diff` before
# committing: a golden file is a claim that the output is right. Exits
# non-zero, naming the case, when a case cannot be run.
set -eu
usage="usage: $0 path/to/outlay CASE..."
if [ $# -lt 2 ]; then
    echo "$usage" >&2
    echo "(name the cases to regenerate; each is a directory of $(dirname "$0"))" >&2
    exit 2
fi
bin=$(dirname "$1")
shift
e2e=$(cd "$(dirname "$0")" && pwd)
failed=0
for c in "$@"; do
    c=${c%/}
    c=${c##*/}
    if "$e2e/run-case.sh" "$bin" "$c" "$e2e/$c"; then
        echo "$c: status $(cat "$e2e/$c/status")"
    else
        echo "$c: could not be run (run-case.sh exit $?); its golden files are not trustworthy" >&2
        failed=1
        continue
    fi
    # The same case in Chinese: a part that differs is kept as PART.zh_CN.
    zh=$(mktemp -d "${TMPDIR:-/tmp}/outlay-regen-XXXXXX")
    if "$e2e/run-case.sh" "$bin" "$c" "$zh" zh_CN.UTF-8; then
        for part in stdout stderr status; do
            if cmp -s "$zh/$part" "$e2e/$c/$part"; then
                rm -f "$e2e/$c/$part.zh_CN"
            else
                cp "$zh/$part" "$e2e/$c/$part.zh_CN"
            fi
        done
        echo "$c (zh_CN): status $(cat "$zh/status")"
    else
        echo "$c: could not be run in zh_CN.UTF-8; its golden files are not trustworthy" >&2
        failed=1
    fi
    rm -rf "$zh"
done
exit $failed
