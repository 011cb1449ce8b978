#!/bin/sh
# outlay serve under bad input and load (issue 19), by hand or `make
# check-serve`; not part of `make test` (a load test wants a quiet machine).
# Prints what it measured:
#   - a 10 MB POST (413, nothing written);
#   - 200 slow clients from 127.0.0.1 holding connections (slowloris) while
#     a client from 127.0.0.2 is answered;
#   - ab (apache2-utils) for 10 s, 8 at a time, against an activity of
#     N expenses (default 10,000) while another client is answered;
#   - a brute-forced token (refused after 10).
# usage: tests/serve-hostile.sh [OUTLAY] [N]
set -eu
OUTLAY=${1:-build/outlay}
N=${2:-10000}
command -v ab >/dev/null || { echo "needs ab: apt-get install apache2-utils"; exit 1; }
command -v curl >/dev/null || { echo "needs curl"; exit 1; }
command -v python3 >/dev/null || { echo "needs python3"; exit 1; }
dir=$(mktemp -d /tmp/outlay-hostile-XXXXXX)
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
L="$dir/l.db"
"$OUTLAY" -L "$L" activity add trip --title Trip --headcount 3 --deposit 300 >/dev/null
for n in A B C; do "$OUTLAY" -L "$L" participant add trip $n; done
awk -v n="$N" 'BEGIN { print "category,amount,date,item";
  for (i = 1; i <= n; i++) printf "transport,%d.25,2026-05-01,item %d\n", i % 500 + 1, i }' >"$dir/e.csv"
"$OUTLAY" -L "$L" import expenses trip "$dir/e.csv" >/dev/null
"$OUTLAY" -L "$L" serve --port 0 >"$dir/url" 2>"$dir/err" &
pid=$!
i=0
while [ ! -s "$dir/url" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
url=$(cat "$dir/url")
base=${url%%/\?*}
token=${url##*token=}
port=${base##*:}
C="Cookie: outlay_token=$token"

echo "== 10 MB POST"
head -c 10485760 /dev/zero | tr '\0' a >"$dir/big"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$C" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-binary @"$dir/big" "$base/a/trip/expense")
rows=$("$OUTLAY" -L "$L" expense list trip --csv | wc -l)
echo "status $code; expenses still $((rows - 1))"

echo "== slowloris: 200 connections from 127.0.0.1 sending a header line every 5 s"
python3 - "$port" "$token" <<'EOF'
import socket, subprocess, sys, time
port, tok = int(sys.argv[1]), sys.argv[2]
socks = []
for i in range(200):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.send(b"GET /a/trip HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    except OSError:
        pass
for t in range(3):
    r = subprocess.run(["curl", "--interface", "127.0.0.2", "-s", "-m", "5", "-o", "/dev/null",
                        "-w", "%{http_code} %{time_total}", "-H", "Cookie: outlay_token=" + tok,
                        "http://127.0.0.1:%d/a/trip" % port], capture_output=True, text=True)
    alive = 0
    for s in socks:
        try:
            s.send(b"X-Slow: 1\r\n")
            alive += 1
        except OSError:
            pass
    print("t=%2ds: another address answered %s s; slow connections held %d (per-address limit)"
          % (t * 5, r.stdout, alive))
    time.sleep(5)
for s in socks:
    s.close()
EOF

echo "== ab -t 10 -c 8 /a/trip ($N expenses) while another client reads /"
(for i in $(seq 1 20); do
   curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "$C" "$base/"; sleep 0.5
 done >"$dir/side") &
side=$!
ab -q -t 10 -n 1000000 -c 8 -C "outlay_token=$token" "$base/a/trip" 2>&1 |
  grep -E 'Complete requests|Failed requests|Requests per second|  50%|  95%|  99%|100%'
wait $side
echo "the other client: $(awk '$1 == 200' "$dir/side" | wc -l)/20 answered 200, slowest $(sort -k2 -n "$dir/side" | tail -1 | cut -d' ' -f2) s"

echo "== brute force"
for i in $(seq 1 10); do
  curl -s -o /dev/null "$base/?token=$(printf '%064d' "$i")"
done
echo "the right token after 10 wrong ones: $(curl -s -o /dev/null -w '%{http_code}' "$base/?token=$token")"
"$OUTLAY" -L "$L" check >/dev/null && echo "outlay check: clean"
kill -TERM $pid
wait $pid && echo "SIGTERM: exit 0"
