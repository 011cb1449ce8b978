#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests (SPEC §17): made in a
# temporary directory, run as the postgres user, listening on a socket in
# that directory and on 127.0.0.1 (a free port), stopped and removed at the
# end. Roles: outlay (logs in, a member of outlay_admin: may read every
# branch), east and west (two branches' treasurers; passwords as their
# names, over TCP only), and the database outlay owned by outlay.
#
#   tests/pg/cluster.sh start DIR    # prints the URL of the database
#   tests/pg/cluster.sh restart DIR  # kills the server (as a crash would) and starts it again
#   tests/pg/cluster.sh stop DIR
set -euo pipefail
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|restart|stop DIR" >&2; exit 2; }
[ "$cmd" != start ] || mkdir -p "$dir"
[ ! -d "$dir" ] || dir=$(cd "$dir" && pwd)
# the postgres user may not enter the caller's directory (pg_ctl would say so)
cd /
bin=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }
server_start() { # port
  as_pg $bin/pg_ctl -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -p $1 -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 3; }
}

case $cmd in
start)
  [ -x $bin/initdb ] || { echo "PostgreSQL 15 is not installed (apt-get install postgresql-15)" >&2; exit 3; }
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_pg $bin/initdb -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 3; }
  # a free port: ask the kernel for one, then give it to the server
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  server_start "$port"
  as_pg $bin/psql -q -X -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres <<SQL >/dev/null
CREATE ROLE outlay_admin NOLOGIN;
CREATE ROLE outlay LOGIN PASSWORD 'outlay' IN ROLE outlay_admin;
CREATE ROLE east LOGIN PASSWORD 'east';
CREATE ROLE west LOGIN PASSWORD 'west';
CREATE DATABASE outlay OWNER outlay;
SQL
  echo "$port" >"$dir/port"
  echo "postgresql://outlay@/outlay?host=$dir&port=$port"
  ;;
restart)
  as_pg $bin/pg_ctl -D "$dir/data" -m immediate -w stop >/dev/null
  server_start "$(cat "$dir/port")"
  ;;
stop)
  [ -d "$dir/data" ] && as_pg $bin/pg_ctl -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|restart|stop DIR" >&2; exit 2 ;;
esac
