#!/usr/bin/env bash
# Analytics ingest benchmark: starts Pledge as `pledge serve` starts it (plus a dedicated ingest
# listener), drives POST /api/event with wrk on loopback, and checks after every run that each
# event answered "202 accepted" is stored exactly once.
#
# Targets, each measured RUNS times in turn (so a busy spell of the shared machine hits all alike):
#   main       the server's own port: the default configuration, the front door answering events
#   dedicated  the dedicated listener (pledge.analytics.ingest-port)
#   tomcat     Tomcat's loopback port behind the front door: the lean servlet filter that answers
#              events when the front door is off (pledge.analytics.front-door=false)
#
# The numbers are only worth having when every 202 is durable: the script reads SHOW fsync and
# SHOW synchronous_commit from the server's database and stops if either is off
# (ALLOW_NOT_DURABLE=1 runs anyway and says so in every row).
#
# Usage: bench/analytics/run.sh [duration=30s] [connections=64]
#        RUNS=3 TARGETS="main dedicated tomcat" WARMUP=10s bench/analytics/run.sh 20s 64
#        EXTRA_JAVA_OPTS="-Dpledge.analytics.writers=2" bench/analytics/run.sh   (other settings)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
duration="${1:-30s}"; connections="${2:-64}"
runs="${RUNS:-3}"; targets="${TARGETS:-main dedicated tomcat}"; warmup="${WARMUP:-10s}"
port="${PORT:-18480}"; ingest="${INGEST_PORT:-18481}"
data="$(mktemp -d /tmp/pledge-bench-XXXX)"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
command -v psql >/dev/null || { echo "needs psql (apt-get install postgresql-client)" >&2; exit 2; }
"$root/pledge" --version >/dev/null   # builds the jar if needed

PLEDGE_JAVA_OPTS="-Xmx2g -Dpledge.analytics.ingest-port=$ingest \
  -Dpledge.analytics.trusted-proxies=127.0.0.1/32 \
  -Dpledge.analytics.events-per-second-per-client=1000 -Dpledge.analytics.burst-per-client=1000 \
  ${EXTRA_JAVA_OPTS:-}" \
  "$root/pledge" serve --port "$port" --data-dir "$data" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 1; done
pgport=$(grep -o 'Embedded PostgreSQL on port [0-9]*' "$data/server.log" | grep -o '[0-9]*$')
export PGPASSFILE="$data/postgres.pgpass" PGDATABASE=postgres   # the embedded database's passwords (0600)
tomcat=$(grep -o 'Tomcat started on port [0-9]*' "$data/server.log" | grep -o '[0-9]*$')
sql() { psql -h 127.0.0.1 -p "$pgport" -U pledge_app -d postgres -tAc "$1"; }
count() { sql "select count(*) from analytics_event"; }
# WAL flushes (fsync of the log, PostgreSQL 14+): group commit shows as many events per flush.
flushes() { sql "select wal_sync from pg_stat_wal"; }

fsync=$(sql "show fsync"); sync_commit=$(sql "show synchronous_commit")
durable="fsync=$fsync synchronous_commit=$sync_commit"
echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "== database: $durable (SHOW fsync; SHOW synchronous_commit)"
if [ "$fsync" != on ] || [ "$sync_commit" != on ]; then
  if [ "${ALLOW_NOT_DURABLE:-0}" != 1 ]; then
    echo "the database does not make commits durable ($durable): a 202 would not survive a crash," \
      "so these numbers would flatter. Set ALLOW_NOT_DURABLE=1 to measure anyway." >&2
    exit 1
  fi
  durable="NOT DURABLE: $durable"
fi

url() {
  case "$1" in
    main) echo "http://127.0.0.1:$port" ;;
    dedicated) echo "http://127.0.0.1:$ingest" ;;
    tomcat) echo "http://127.0.0.1:$tomcat" ;;
  esac
}

echo "== warm-up ($warmup per target, not counted)"
for t in $targets; do
  wrk -t2 -c"$connections" -d"$warmup" -s "$root/bench/analytics/events.lua" "$(url "$t")" >/dev/null
done
sleep 2

secs=$(echo "$duration" | tr -dc '0-9')
echo
echo "| target | run | requests/s | stored events/s | p50 | p90 | p99 | events per WAL flush | load (1 min) | check |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
status=0
for run in $(seq "$runs"); do
  for t in $targets; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    before=$(count); syncs=$(flushes)
    out=$(wrk -t2 -c"$connections" -d"$duration" --latency -s "$root/bench/analytics/events.lua" "$(url "$t")")
    sleep 2
    after=$(count); syncs=$(( $(flushes) - syncs ))
    stored=$((after - before))
    per_flush=$(awk -v e="$stored" -v f="$syncs" 'BEGIN{ if (f > 0) printf "%.1f", e / f; else print "-" }')
    accepted=$(echo "$out" | grep -o 'accepted=[0-9]*' | cut -d= -f2)
    rps=$(echo "$out" | awk '/Requests\/sec/{printf "%.0f", $2}')
    p50=$(echo "$out" | awk '/^ +50%/{print $2}'); p90=$(echo "$out" | awk '/^ +90%/{print $2}')
    p99=$(echo "$out" | awk '/^ +99%/{print $2}')
    # wrk stops with up to one request in flight per connection: those may be stored without
    # their answer being counted. Fewer stored than accepted would be a lost event.
    if [ "$stored" -lt "$accepted" ] || [ "$((stored - accepted))" -gt "$connections" ]; then
      check="MISMATCH: stored $stored, accepted $accepted"; status=1
    else
      check="ok: $accepted accepted, $stored stored"
    fi
    echo "| $t | $run | $rps | $((stored / secs)) | $p50 | $p90 | $p99 | $per_flush | $load | $check |"
  done
done
echo
echo "($durable; wrk -t2 -c$connections -d$duration; 20 % of requests are bots, answered 202 with"
echo " X-Pledge-Dropped and not stored; stored events/s = rows added during the run / $secs s)"
exit $status
