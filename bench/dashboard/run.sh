#!/usr/bin/env bash
# Dashboard benchmark: 3 years of daily and monthly rollups + 10 million raw events (111k of them
# today) for the reference site, then the console's real requests timed with curl (signed in as the
# first operator). Usage: bench/dashboard/run.sh   (needs psql and curl; takes about three minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
port=18900; data="$(mktemp -d /tmp/pledge-dash-XXXX)"; B="http://127.0.0.1:$port"
LOGGING_LEVEL_DEV_PLEDGE_SERVER_ANALYTICS=DEBUG \
  "$root/pledge" serve --port "$port" --data-dir "$data" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 60); do curl -sf "$B/actuator/health" >/dev/null && break; sleep 1; done
pgport=$(grep -o 'Embedded PostgreSQL on port [0-9]*' "$data/server.log" | grep -o '[0-9]*$')
export PGPASSFILE="$data/postgres.pgpass" PGDATABASE=postgres   # the embedded database's passwords (0600)
psql -h 127.0.0.1 -p "$pgport" -U pledge_app -q -f "$root/bench/dashboard/generate.sql"
psql -h 127.0.0.1 -p "$pgport" -U pledge_app -q -f "$root/bench/dashboard/generate-raw.sql" 2>/dev/null

# sign in (the session cookie is Secure, so it is passed by hand over plain http on loopback)
curl -s -D "$data/h1" "$B/console/login" -o "$data/login.html"
c1=$(grep -i '^set-cookie' "$data/h1" | sed 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/' | head -1)
tok=$(grep -o 'name="_csrf" value="[^"]*"' "$data/login.html" | sed 's/.*value="//;s/"$//')
curl -s -D "$data/h2" -o /dev/null -H "Cookie: $c1" --data-urlencode username=admin \
  --data-urlencode "password=$(cat "$data/initial-operator-password")" \
  --data-urlencode "_csrf=$tok" "$B/console/login"
c=$(grep -i '^set-cookie' "$data/h2" | sed 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/' | head -1)
c=${c:-$c1}

measure() { # label url samples pause
  echo "  (load average before: $(uptime | sed 's/.*load average[s]*: //'))" >&2
  for _ in $(seq "$3"); do curl -s -o /dev/null -w "%{time_total}\n" -H "Cookie: $c" "$2"; sleep "$4"; done |
    sort -n | awk -v l="$1" '{a[NR]=$1} END {p95=a[int(NR*0.95+0.5)]; if (p95=="") p95=a[NR];
      printf "%-56s n=%d p50=%.0f ms p95=%.0f ms\n", l, NR, a[int(NR*0.5+0.5)]*1000, p95*1000}'
}
y=$(date -u -d yesterday +%F); f3=$(date -u -d "1094 days ago" +%F)
# warm-up: a running server has compiled its hot paths; 30 pages (and CSVs) get the JIT there
for _ in $(seq 30); do
  curl -s -o /dev/null -H "Cookie: $c" "$B/console/reference-site/analytics?period=custom&from=$f3&to=$y"
  curl -s -o /dev/null -H "Cookie: $c" "$B/console/reference-site/analytics.csv?table=sources&from=$f3&to=$y"
done
measure "3 years of rollups: whole dashboard page" "$B/console/reference-site/analytics?period=custom&from=$f3&to=$y" 40 0
measure "3 years of rollups: pages table (CSV)" "$B/console/reference-site/analytics.csv?table=pages&from=$f3&to=$y" 20 0
measure "3 years of rollups: sources table (CSV)" "$B/console/reference-site/analytics.csv?table=sources&from=$f3&to=$y" 20 0
# Today is a snapshot per property, computed at start and then in the background after new events.
# The raw events above were inserted behind the server's back (it counts only the events it stores
# itself), so a page view arrives every half second from here on and the snapshot is awaited; the
# pages are then timed while it keeps being recomputed.
( while true; do
    curl -s -o /dev/null -A "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0" \
      -H 'Content-Type: text/plain' -d '{"n":"pageview","u":"http://localhost/p/reference-site/guide/page-1","d":"reference.example.org"}' \
      "$B/p/reference-site/api/event"
    sleep 0.5
  done ) &
feeder=$!
trap 'kill $feeder $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
todays_views() {
  curl -s -H "Cookie: $c" "$B/console/reference-site/analytics?period=today" |
    grep -o 'data-figure="pageviews" data-value="[^"]*"' | sed 's/.*value="//;s/"//;s/[^0-9]//g'
}
waited=0
until [ "$(todays_views)" -gt 100000 ] 2>/dev/null || [ $waited -ge 120 ]; do sleep 1; waited=$((waited + 1)); done
echo "today's snapshot counted the bulk-inserted events after about ${waited} s"
measure "12 months incl. today: whole page, events arriving" "$B/console/reference-site/analytics?period=12mo" 40 0.5
measure "30 days incl. today: whole page, events arriving" "$B/console/reference-site/analytics?period=30d" 40 0.5
measure "today: pages table (CSV), events arriving" "$B/console/reference-site/analytics.csv?table=pages&period=today" 20 0.5
# (the computation at start ran before the raw events were inserted: left out)
grep -o "Computed today's analytics of reference-site in [0-9]* ms" "$data/server.log" | sed 1d |
  grep -o '[0-9]* ms$' | sort -n | awk '{a[NR]=$1} END {if (NR) printf "background computations of today (111k events): n=%d median=%d ms max=%d ms\n", NR, a[int(NR*0.5+0.5)], a[NR]}'
