#!/usr/bin/env bash
# Analytics ingest benchmark: starts Pledge with the lean ingest listener, drives it with wrk on
# loopback, then checks that every event answered "202 accepted" is stored exactly once.
# Usage: bench/analytics/run.sh [duration=30s] [connections=64]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
duration="${1:-30s}"; connections="${2:-64}"
port=18480; ingest=18481
data="$(mktemp -d /tmp/pledge-bench-XXXX)"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
"$root/pledge" --version >/dev/null   # builds the jar if needed

PLEDGE_JAVA_OPTS="-Xmx2g -Dpledge.analytics.ingest-port=$ingest \
  -Dpledge.analytics.trusted-proxies=127.0.0.1/32 \
  -Dpledge.analytics.events-per-second-per-client=1000 -Dpledge.analytics.burst-per-client=1000" \
  "$root/pledge" serve --port "$port" --data-dir "$data" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 1; done
pgport=$(grep -o 'Embedded PostgreSQL on port [0-9]*' "$data/server.log" | grep -o '[0-9]*$')
export PGPASSFILE="$data/postgres.pgpass" PGDATABASE=postgres   # the embedded database's passwords (0600)
count() { psql -h 127.0.0.1 -p "$pgport" -U pledge_app -d postgres -tAc "select count(*) from analytics_event"; }

echo "== warm-up (10s, not counted)"
wrk -t2 -c"$connections" -d10s -s "$root/bench/analytics/events.lua" "http://127.0.0.1:$ingest" >/dev/null
sleep 2
before=$(count)
echo "== ingest: wrk -t2 -c$connections -d$duration, lean listener on :$ingest"
out=$(wrk -t2 -c"$connections" -d"$duration" --latency -s "$root/bench/analytics/events.lua" "http://127.0.0.1:$ingest")
echo "$out"
sleep 2
after=$(count)
accepted=$(echo "$out" | grep -o 'accepted=[0-9]*' | cut -d= -f2)
secs=$(echo "$duration" | tr -dc '0-9')
echo "stored during the run: $((after - before)); answered accepted: $accepted"
echo "stored events/s: $(( (after - before) / secs ))"
# wrk stops with up to one request in flight per connection: those may be stored without their
# answer being counted. Fewer stored than accepted would be a lost event.
stored=$((after - before))
if [ "$stored" -lt "$accepted" ] || [ "$((stored - accepted))" -gt "$connections" ]; then
  echo "MISMATCH: stored $stored, accepted $accepted (at most $connections in flight at the end)" >&2; exit 1
fi
echo "check: every accepted event stored; $((stored - accepted)) stored while in flight at the cut-off"

echo "== the same through the main port (Tomcat + Spring MVC), for comparison"
wrk -t2 -c"$connections" -d10s --latency -s "$root/bench/analytics/events.lua" "http://127.0.0.1:$port" | grep -E "Requests/sec|answers|latency"
