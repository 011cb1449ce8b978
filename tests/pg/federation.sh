#!/usr/bin/env bash
# SPEC §17 on a throw-away cluster (tests/pg/cluster.sh): the branch wall
# held by the database itself (psql as a branch's role), 16 writers of 16
# branches at once, an import killed halfway, a wrong password and an
# unreachable host. Exits non-zero on the first thing that is not so.
#
#   tests/pg/federation.sh OUTLAY DIR     # DIR: the cluster's directory
set -euo pipefail
outlay=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$2
port=$(cat "$dir/port")
admin="postgresql://outlay@/outlay?host=$dir&port=$port"
tcp() { echo "postgresql://$1:$1@127.0.0.1:$port/outlay"; }
here=$(cd "$(dirname "$0")" && pwd)
templates=$(cd "$here/../.." && pwd)/templates
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "federation: FAIL: $*" >&2; exit 1; }
ok() { echo "federation: ok: $*"; }
psql_as() { PGPASSWORD=$1 psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$1" -d outlay "${@:2}"; }
export OUTLAY_USER=federation-test OUTLAY_TODAY=2026-03-08
export OUTLAY_TEMPLATES="$templates"

# --- branches: the administrator makes the schema and names the branches
"$outlay" -L "$admin" init 2>/dev/null

# --- an older schema (9: before the year's figures) is brought up to date
# by the tables' owner; a treasurer's command before that changes nothing;
# the activity it had gets its row of the year (schema 11), with its branch
"$outlay" -L "$admin" activity add old-main --title "Made at schema 9" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 "$admin" >/dev/null <<'SQL'
BEGIN;
DROP TABLE activity_year;
ALTER TABLE activity DROP CONSTRAINT activity_id_branch_key;
DROP POLICY branch ON activity;
DROP POLICY branch ON audit;
DROP FUNCTION outlay_visible();
CREATE POLICY branch ON activity USING (branch = outlay_branch());
CREATE POLICY branch ON audit USING (branch = outlay_branch());
ALTER TABLE activity DROP CONSTRAINT activity_branch_check;
ALTER TABLE activity ADD CHECK (branch <> '');
ALTER TABLE outlay_branches DROP CONSTRAINT outlay_branches_branch_check;
UPDATE outlay_meta SET value = '9' WHERE key = 'schema_version';
COMMIT;
SQL
psql -X -q "$admin" -c "INSERT INTO outlay_branch_role(role, branch) VALUES ('east', 'east')" >/dev/null
set +e
"$outlay" -L "$(tcp east)" activity list 2>err.txt >/dev/null; rc=$?
set -e
[ $rc = 3 ] && grep -q "owner" err.txt || fail "a treasurer upgrading the schema: exit $rc, $(cat err.txt)"
[ "$(psql -X -q -t -A "$admin" -c "SELECT value FROM outlay_meta WHERE key = 'schema_version'")" = 9 ] ||
  fail "a treasurer's failed upgrade changed the schema"
"$outlay" -L "$admin" activity list >/dev/null
[ "$(psql -X -q -t -A "$admin" -c "SELECT value FROM outlay_meta WHERE key = 'schema_version'")" = 11 ] ||
  fail "the administrator's command did not upgrade schema 9"
[ "$(psql -X -q -t -A "$admin" -c "SELECT string_agg(a.slug || ' ' || y.branch || ' ' || y.kept || ' ' || y.void, ';') FROM activity_year y JOIN activity a ON a.id = y.activity_id")" = "old-main main 0 0" ] ||
  fail "the upgrade gave the older activity no row of the year: $(psql -X -q -t -A "$admin" -c "TABLE activity_year")"
[ "$(psql -X -q -t -A "$admin" -c "SELECT relforcerowsecurity FROM pg_class WHERE relname IN ('activity', 'activity_year')" | sort -u)" = t ] ||
  fail "the upgrade left the wall lifted for the tables' owner"
"$outlay" -L "$admin" check >/dev/null || fail "check after the upgrade"
ok "schema 9 upgraded to 11 by the tables' owner, the older activity given its row of the year; a treasurer's command before that fails and changes nothing"
psql -X -q -v ON_ERROR_STOP=1 "$admin" -c \
  "INSERT INTO outlay_branch_role(role, branch) VALUES ('east', 'east'), ('west', 'west') ON CONFLICT DO NOTHING"
for b in east west; do
  "$outlay" -L "$(tcp $b)" activity add "trip-$b" --title "Trip of $b" --deposit 100 >/dev/null
  "$outlay" -L "$(tcp $b)" participant add "trip-$b" "Wang $b" >/dev/null
  "$outlay" -L "$(tcp $b)" expense add "trip-$b" --category meals --amount 12.50 >/dev/null
done
[ "$("$outlay" -L "$(tcp east)" activity list --csv | tail -n +2 | cut -d, -f1)" = trip-east ] ||
  fail "east sees other activities"
ok "each branch's treasurer sees only their activity through outlay"

# --- the wall is the database's: psql as west
east_id=$(psql -X -q -t -A "$admin" -c "SET outlay.branch = 'east'; SELECT id FROM activity WHERE slug = 'trip-east'")
[ -n "$east_id" ] || fail "the administrator cannot read branch east"
[ "$(psql_as west -c "SELECT count(*) FROM activity")" = 1 ] || fail "west reads another branch's activity"
[ "$(psql_as west -c "SELECT count(*) FROM expense")" = 1 ] || fail "west reads another branch's expenses"
[ "$(psql_as west -c "SELECT count(*) FROM audit")" -ge 1 ] || fail "west cannot read its own audit"
[ "$(psql_as west -c "SELECT count(*) FROM audit WHERE activity = 'trip-east'")" = 0 ] ||
  fail "west reads east's audit"
if psql_as west -c "INSERT INTO expense(activity_id, category, amount, funded_by, no) VALUES ($east_id, 'meals', 1, 'participants', 99)" 2>err.txt; then
  fail "west wrote an expense into east's activity"
fi
grep -q "row-level security" err.txt || fail "the refusal is not the database's: $(cat err.txt)"
[ "$(psql_as west -c "UPDATE activity SET title = 'x' WHERE id = $east_id RETURNING id" | wc -l)" = 0 ] ||
  fail "west changed east's activity"
if psql_as west -c "UPDATE activity SET branch = 'east' WHERE slug = 'trip-west'" 2>err.txt; then
  fail "west moved its activity to east"
fi
if psql_as west -c "INSERT INTO outlay_branch_role VALUES ('west', 'east')" 2>/dev/null; then
  fail "west changed its own branch"
fi
[ "$(psql_as west -c "SET outlay.branch = 'east'; SELECT count(*) FROM activity WHERE slug = 'trip-east'")" = 0 ] ||
  fail "west chose branch east with the setting"
[ "$(psql_as west -c "CREATE TEMP TABLE outlay_branch_role(role text, branch text); INSERT INTO outlay_branch_role VALUES ('west', 'east'); SELECT count(*) FROM activity WHERE slug = 'trip-east'")" = 0 ] ||
  fail "a temporary table stood in for outlay_branch_role"
# the year's figures carry the branch (schema 11) and are walled by it
[ "$(psql_as west -c "SELECT count(*) FROM activity_year WHERE activity_id = $east_id")" = 0 ] ||
  fail "west reads east's figures of the year"
for b in west east; do
  if psql_as west -c "INSERT INTO activity_year VALUES ($east_id, 1, 0, 0, 0, 0, 0, 0, '$b', 0)" 2>err.txt; then
    fail "west wrote figures of the year for east's activity as branch $b"
  fi
done
[ "$(psql_as west -c "UPDATE activity_year SET branch = 'east' RETURNING activity_id" 2>/dev/null | wc -l)" = 0 ] ||
  fail "west moved its figures of the year to east"
ok "psql as west: east's rows unseen, writes refused by row-level security, no way round it"

# --- the federation's year: every branch for outlay_admin, refused to a treasurer
"$outlay" -L "$admin" rollup --csv >rollup.csv
grep -qx 'east,1,0.00,12.50,-12.50,,0.00,0.00,0.00' rollup.csv || { cat rollup.csv >&2; fail "rollup: east"; }
grep -qx 'west,1,0.00,12.50,-12.50,,0.00,0.00,0.00' rollup.csv || { cat rollup.csv >&2; fail "rollup: west"; }
grep -q '^TOTAL,' rollup.csv || fail "rollup: no TOTAL"
# (into a file: grep -q leaving early would close outlay's output under it)
"$outlay" -L "$admin" rollup --activities --csv >rollup-a.csv
grep -qx 'east,trip-east,Trip of east,open,0.00,12.50,-12.50,,0.00,0.00,0.00' rollup-a.csv ||
  fail "rollup --activities: east"
set +e
"$outlay" -L "$(tcp east)" rollup 2>err.txt >/dev/null; rc=$?
set -e
[ $rc != 0 ] && grep -q outlay_admin err.txt || fail "a treasurer's rollup: exit $rc, $(cat err.txt)"
ok "rollup: every branch for the administrator; a treasurer is told it needs outlay_admin"

# --- the year's figures are kept with each activity (schema 10) and read
# in one statement as branch '*'; worked out afresh they are the same
[ "$(psql -X -q -t -A "$admin" -c "SET outlay.branch = '*'; SELECT count(*) FROM activity_year WHERE kept = 1")" = 2 ] ||
  fail "the two activities' figures are not kept"
"$outlay" -L "$admin" rollup --activities --csv >kept.csv
"$outlay" -L "$admin" rollup --csv >kept-sums.csv # summed by the server
psql -X -q "$admin" -c "SET outlay.branch = '*'; UPDATE activity_year SET kept = 0" >/dev/null
"$outlay" -L "$admin" rollup --activities --csv >fresh.csv
"$outlay" -L "$admin" rollup --csv >fresh-sums.csv
cmp -s kept.csv fresh.csv || { diff kept.csv fresh.csv >&2; fail "kept and fresh figures differ"; }
cmp -s kept-sums.csv fresh-sums.csv && cmp -s kept-sums.csv rollup.csv ||
  { diff kept-sums.csv fresh-sums.csv >&2; fail "the server's sums and the fresh ones differ"; }
# a branch whose kept figures add up past int64: added one by one, the
# activity that takes the total out of range named
"$outlay" -L "$(tcp west)" activity add extra-west --title "Extra" >/dev/null
psql -X -q "$admin" -c "SET outlay.branch = '*'; UPDATE activity_year SET kept = 1, budgeted = 9000000000000000000, variance = 9000000000000000000 WHERE activity_id IN (SELECT id FROM activity WHERE branch = 'west')" >/dev/null
set +e
"$outlay" -L "$admin" rollup --csv >big.csv 2>err.txt; rc=$?
set -e
[ $rc = 1 ] && grep -q "activity 'extra-west' takes the year's budgeted total out of range" err.txt &&
  grep -q '^west,2,,' big.csv || { cat big.csv err.txt >&2; fail "a branch's sums past int64: exit $rc"; }
psql -X -q "$admin" -c "SET outlay.branch = '*'; UPDATE activity_year SET kept = 0" >/dev/null
"$outlay" -L "$(tcp west)" activity void extra-west --reason "a test" >/dev/null
[ "$(psql_as west -c "SELECT y.void FROM activity_year y JOIN activity a ON a.id = y.activity_id WHERE a.slug = 'extra-west'")" = 1 ] ||
  fail "the void activity's row of the year is not void"
"$outlay" -L "$(tcp west)" check >/dev/null || fail "check of west after a void activity"
"$outlay" -L "$(tcp west)" expense add trip-west --category meals --amount 7.25 >/dev/null
"$outlay" -L "$admin" rollup --csv >rollup-w.csv
grep -qx 'west,1,0.00,19.75,-19.75,,0.00,0.00,0.00' rollup-w.csv ||
  fail "rollup after west's expense"
[ "$(psql_as west -c "SET outlay.branch = '*'; SELECT count(*) FROM activity WHERE branch <> 'west'")" = 0 ] ||
  fail "a treasurer read every branch as '*'"
set +e
"$outlay" -L "$admin&options=-c%20outlay.branch%3D*" report 2>err.txt >/dev/null; rc=$?
"$outlay" -L "$admin&options=-c%20outlay.branch%3D*" expense add trip-west --category x --amount 1 2>err2.txt >/dev/null; rc2=$?
set -e
[ $rc = 1 ] && grep -q "only rollup reads" err.txt || fail "a report as '*': exit $rc, $(cat err.txt)"
[ $rc2 = 1 ] && grep -q "only rollup reads" err2.txt || fail "a write as '*': exit $rc2, $(cat err2.txt)"
ok "the year's figures kept with each activity, equal to those worked out afresh; '*' reads only, for rollup only"

# --- a wrong password, an unreachable host: exit 3, a clear message, no hang
set +e
"$outlay" -L "postgresql://east:wrong@127.0.0.1:$port/outlay" activity list 2>err.txt; rc=$?
set -e
[ $rc = 3 ] || fail "a wrong password exits $rc"
grep -q "cannot connect to the ledger postgresql://east@127.0.0.1:$port/outlay: .*password" err.txt ||
  fail "wrong password: $(cat err.txt)"
grep -q wrong err.txt && fail "the password is printed"
start=$(date +%s)
set +e
"$outlay" -L "postgresql://east@192.0.2.1:5432/outlay?connect_timeout=2" activity list 2>err.txt; rc=$?
set -e
took=$(( $(date +%s) - start ))
[ $rc = 3 ] || fail "an unreachable host exits $rc"
[ $took -le 5 ] || fail "an unreachable host took ${took}s with connect_timeout=2"
grep -q "cannot connect to the ledger" err.txt || fail "unreachable: $(cat err.txt)"
ok "wrong password and unreachable host: exit 3, named, ${took}s"

# --- 16 writers of 16 branches at once: nothing lost, no error
for i in $(seq 1 16); do
  (
    url="$admin&options=-c%20outlay.branch%3Dw$i"
    "$outlay" -L "$url" activity add "w" --title "Writer $i" >/dev/null
    for k in $(seq 1 25); do
      "$outlay" -L "$url" expense add w --category c --amount "$k" >/dev/null || exit 1
    done
  ) >"w$i.log" 2>&1 &
done
bad=0
for job in $(jobs -p); do wait "$job" || bad=$((bad + 1)); done
[ $bad = 0 ] || { cat w*.log >&2; fail "$bad of 16 writers failed"; }
for i in $(seq 1 16); do
  n=$("$outlay" -L "$admin&options=-c%20outlay.branch%3Dw$i" expense list w --csv | tail -n +2 | wc -l)
  [ "$n" = 25 ] || fail "branch w$i has $n expenses, not 25"
done
ok "16 writers of 16 branches: 400 expenses, none lost, none failed"

# --- an import killed halfway leaves nothing of it
url="$admin&options=-c%20outlay.branch%3Dkilled"
"$outlay" -L "$url" activity add big --title Big >/dev/null
awk 'BEGIN { print "date,category,item,amount"; for (i = 1; i <= 300000; i++) printf "2026-03-08,c,item %d,1.00\n", i }' >big.csv
"$outlay" -L "$url" import expenses big big.csv >/dev/null 2>&1 &
pid=$!
sleep 1.5
kill -9 $pid 2>/dev/null || fail "the import ended before it could be killed (make the file bigger)"
wait $pid 2>/dev/null || true
sleep 0.5
n=$("$outlay" -L "$url" expense list big --csv | tail -n +2 | wc -l)
[ "$n" = 0 ] || fail "the killed import left $n expenses"
"$outlay" -L "$url" check >/dev/null || fail "check after the killed import"
ok "an import killed halfway: nothing of it, check clean"
# --- the server refuses a batch outlay did not wait for (the INSERT of an
# 8 MiB batch runs while outlay reads the next): the import fails with the
# server's reason, nothing of it is kept, and the next import is whole
url="$admin&options=-c%20outlay.branch%3Drefused"
"$outlay" -L "$url" activity add big --title Big >/dev/null
psql -X -q -v ON_ERROR_STOP=1 "$admin" -c "ALTER TABLE expense ADD CONSTRAINT federation_test_boom CHECK (item IS DISTINCT FROM 'item 1000') NOT VALID" >/dev/null
set +e
"$outlay" -L "$url" import expenses big big.csv >/dev/null 2>err.txt; rc=$?
set -e
psql -X -q -v ON_ERROR_STOP=1 "$admin" -c "ALTER TABLE expense DROP CONSTRAINT federation_test_boom" >/dev/null
# (the first batch, refused while outlay reads the second: one error, the
# command's, naming no row of the file)
[ $rc = 1 ] && [ "$(wc -l <err.txt)" = 1 ] &&
  grep -q "refused a record: new row for relation \"expense\" violates check constraint \"federation_test_boom\"; nothing was imported" err.txt ||
  fail "a refused batch: exit $rc, $(cat err.txt)"
n=$("$outlay" -L "$url" expense list big --csv | tail -n +2 | wc -l)
[ "$n" = 0 ] || fail "a refused batch left $n expenses"
"$outlay" -L "$url" import expenses big big.csv >/dev/null
n=$("$outlay" -L "$url" expense list big --csv | tail -n +2 | wc -l)
[ "$n" = 300000 ] || fail "the import after a refused batch wrote $n expenses, not 300,000"
"$outlay" -L "$url" check >/dev/null || fail "check after a refused batch"
ok "a batch the server refused while outlay read on: exit $rc, the server's reason, nothing of it; the next import whole"
# --- the database server killed in the middle of an import: nothing of it
url="$admin&options=-c%20outlay.branch%3Dcrashed"
"$outlay" -L "$url" activity add big --title Big >/dev/null
"$outlay" -L "$url" import expenses big big.csv >/dev/null 2>crash.err &
pid=$!
sleep 1.5
kill -0 $pid 2>/dev/null || fail "the import ended before the server could be killed"
"$here/cluster.sh" restart "$dir"
set +e
wait $pid; rc=$?
set -e
[ $rc = 3 ] || fail "the import whose server died exits $rc: $(cat crash.err)"
grep -q "ledger" crash.err || fail "the import whose server died says: $(cat crash.err)"
n=$("$outlay" -L "$url" expense list big --csv | tail -n +2 | wc -l)
[ "$n" = 0 ] || fail "the server's crash left $n expenses"
"$outlay" -L "$url" import expenses big big.csv >/dev/null
n=$("$outlay" -L "$url" expense list big --csv | tail -n +2 | wc -l)
[ "$n" = 300000 ] || fail "the import again: $n expenses"
"$outlay" -L "$url" check >/dev/null || fail "check after the server's crash"
ok "the server killed in an import: exit 3, nothing of it, the import again whole, check clean"
echo "federation: all ok"
