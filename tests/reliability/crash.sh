#!/bin/sh
# Crash safety, the long version (issue 7; `make check-deep`): SIGKILL
# `outlay import expenses` of a 200,000-row file at 20 moments spread over the
# import's duration (measured first; fixed seed), and after each kill demand
# that `outlay check` passes and that the ledger holds none or all of every
# import. Then the same for `outlay export -o FILE`: after each kill FILE is
# absent or a complete zip (`unzip -tq`), never a truncated workbook.
# The short version (3 kills of 20,000 rows) is in tests/test_reliability.c.
#
#   tests/reliability/crash.sh [OUTLAY] [KILLS] [ROWS]
#
# OUTLAY defaults to build/outlay; KILLS to 20; ROWS to 200000.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
O=${1:-$top/build/outlay}
KILLS=${2:-20}
ROWS=${3:-200000}
case $O in /*) ;; *) O=$(pwd)/$O ;; esac
[ -x "$O" ] || { echo "crash.sh: no outlay binary at $O (make build first)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/outlay-crash-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 2
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

now() { date +%s.%N; }

# Kill moments: the i-th in [i/K, (i+1)/K) of the duration, from a
# Park-Miller generator (exact in any awk) so every run uses the same ones.
moments() { # duration seed
    awk -v d="$1" -v x="$2" -v k="$KILLS" 'BEGIN {
        for (i = 0; i < k; i++) {
            x = (x * 16807) % 2147483647
            printf "%.4f\n", d * (i + x / 2147483647) / k
        }
    }'
}

expenses() { # rows in the ledger $1
    n=$("$O" -L "$1" expense list t --csv | wc -l)
    echo $((n - 1))
}

# Runs outlay in the background, kills it after $1 s; prints its exit code.
kill_after() {
    t=$1
    shift
    "$O" "$@" >/dev/null 2>&1 &
    pid=$!
    sleep "$t"
    kill -KILL "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
    echo $?
}

awk -v n="$ROWS" 'BEGIN {
    print "category,amount,date,item,payee"
    for (i = 1; i <= n; i++)
        printf "c%d,%d.%02d,2026-05-%02d,needle-%06d,payee %d\n", i % 13, i % 997, i % 100, 1 + i % 28, i, i % 50
}' >rows.csv

for db in m.db l.db; do
    "$O" -L $db init >/dev/null 2>&1 && "$O" -L $db activity add t --title Trip || exit 2
done

# --- import --------------------------------------------------------------
t0=$(now)
"$O" -L m.db import expenses t rows.csv >/dev/null || { echo "crash.sh: import failed" >&2; exit 2; }
d=$(echo "$t0 $(now)" | awk '{ printf "%.3f", $2 - $1 }')
echo "import of $ROWS rows takes $d s; $KILLS kills"
have=0
killed=0
i=0
for t in $(moments "$d" 20260308); do
    code=$(kill_after "$t" -L l.db import expenses t rows.csv)
    case $code in
    0) ;;
    137) killed=$((killed + 1)) ;;
    *) fail "import killed at $t s exited $code" ;;
    esac
    "$O" -L l.db check >check.out 2>&1 || fail "check after the kill at $t s: $(cat check.out)"
    n=$(expenses l.db)
    if [ "$n" -ne "$have" ] && [ "$n" -ne $((have + ROWS)) ]; then
        fail "kill $i at $t s: $n rows, want $have or $((have + ROWS))"
    fi
    [ "$code" = 0 ] && [ "$n" -ne $((have + ROWS)) ] && fail "a finished import left $n rows"
    have=$n
    i=$((i + 1))
done
audits=$("$O" -L l.db log t --csv | grep -c ',import expenses,t,')
[ $((audits * ROWS)) -eq "$have" ] || fail "$audits import audit rows for $have rows"
echo "import: $killed of $KILLS runs killed, ledger holds $have rows"

# --- export --------------------------------------------------------------
t0=$(now)
"$O" -L m.db export t -o measure.xlsx >/dev/null 2>&1 || { echo "crash.sh: export failed" >&2; exit 2; }
d=$(echo "$t0 $(now)" | awk '{ printf "%.3f", $2 - $1 }')
unzip -tq measure.xlsx >/dev/null || fail "a finished export is not a valid zip"
echo "export of $ROWS expenses takes $d s; $KILLS kills"
killed=0
for t in $(moments "$d" 20260309); do
    code=$(kill_after "$t" -L m.db export t -o out.xlsx)
    case $code in
    0) ;;
    137) killed=$((killed + 1)) ;;
    *) fail "export killed at $t s exited $code" ;;
    esac
    if [ "$code" = 0 ] || [ -e out.xlsx ]; then
        unzip -tq out.xlsx >/dev/null 2>&1 || fail "export killed at $t s left a broken out.xlsx"
    fi
done
"$O" -L m.db check >/dev/null 2>&1 || fail "check after the export kills"
left=0
for f in out.xlsx.tmp-*; do
    [ -e "$f" ] && left=$((left + 1))
done
echo "export: $killed of $KILLS runs killed; $left temporary files left behind by killed runs"

if [ "$failures" -gt 0 ]; then
    echo "crash.sh: $failures failure(s)" >&2
    exit 1
fi
echo "crash.sh: ok"
