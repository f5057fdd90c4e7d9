#!/usr/bin/env bash
# Dashboard benchmark: 3 years of daily rollups + 10 million raw events (111k of them today) for
# the reference site, then the console's real requests timed with curl (signed in as the first
# operator). Usage: bench/dashboard/run.sh   (needs psql and curl; takes about two minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
port=18900; data="$(mktemp -d /tmp/pledge-dash-XXXX)"; B="http://127.0.0.1:$port"
"$root/pledge" serve --port "$port" --data-dir "$data" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 60); do curl -sf "$B/actuator/health" >/dev/null && break; sleep 1; done
pgport=$(grep -o 'Embedded PostgreSQL on port [0-9]*' "$data/server.log" | grep -o '[0-9]*$')
psql -h 127.0.0.1 -p "$pgport" -U postgres -q -f "$root/bench/dashboard/generate.sql"
psql -h 127.0.0.1 -p "$pgport" -U postgres -q -f "$root/bench/dashboard/generate-raw.sql" 2>/dev/null

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
  for _ in $(seq "$3"); do curl -s -o /dev/null -w "%{time_total}\n" -H "Cookie: $c" "$2"; sleep "$4"; done |
    sort -n | awk -v l="$1" '{a[NR]=$1} END {p95=a[int(NR*0.95+0.5)]; if (p95=="") p95=a[NR];
      printf "%-56s n=%d p50=%.0f ms p95=%.0f ms\n", l, NR, a[int(NR*0.5+0.5)]*1000, p95*1000}'
}
y=$(date -u -d yesterday +%F); f3=$(date -u -d "1094 days ago" +%F)
for _ in 1 2 3 4 5; do curl -s -o /dev/null -H "Cookie: $c" "$B/console/reference-site/analytics?period=custom&from=$f3&to=$y"; done
measure "3 years of rollups: whole dashboard page" "$B/console/reference-site/analytics?period=custom&from=$f3&to=$y" 20 0
measure "3 years of rollups: pages table (CSV)" "$B/console/reference-site/analytics.csv?table=pages&from=$f3&to=$y" 20 0
measure "3 years of rollups: sources table (CSV)" "$B/console/reference-site/analytics.csv?table=sources&from=$f3&to=$y" 20 0
measure "12 months incl. today: page, today's numbers cached" "$B/console/reference-site/analytics?period=12mo" 20 0
measure "30 days incl. today: page, today recomputed each time" "$B/console/reference-site/analytics?period=30d" 5 6
