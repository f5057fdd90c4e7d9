#!/usr/bin/env bash
# Retention benchmarks (issue 5). Usage: bench/retention/run.sh   (needs psql; a few minutes)
#  1. 10 million raw analytics events in 30 daily partitions past the 90-day retention, expired by
#     `pledge retention run` against a running server's database (partition drops).
#  2. 1 million rows of an ordinary table expired by TableRetentionStore in batches while 4
#     writers insert one row per transaction (TableExpiryBench.java).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$root/pledge" --version >/dev/null   # builds when sources changed
port=18950; data="$(mktemp -d /tmp/pledge-ret-XXXX)"; B="http://127.0.0.1:$port"
"$root/pledge" serve --port "$port" --data-dir "$data" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 90); do curl -sf "$B/actuator/health" >/dev/null && break; sleep 1; done
pgport=$(grep -o 'Embedded PostgreSQL on port [0-9]*' "$data/server.log" | grep -o '[0-9]*$')
export PGPASSFILE="$data/postgres.pgpass" PGDATABASE=postgres   # the embedded database's passwords (0600)
echo "== 1. partitioned: generating 10 M expired raw events"
psql -h 127.0.0.1 -p "$pgport" -U pledge_app -q -f "$root/bench/retention/generate-expired.sql"
echo "== pledge retention plan"
"$root/pledge" retention plan --data-dir "$data"
echo "== pledge retention run"
/usr/bin/time -f "command wall time %e s" "$root/pledge" retention run --data-dir "$data"
psql -h 127.0.0.1 -p "$pgport" -U pledge_app -Atc \
  "select 'raw events left past retention: ' || count(*) from analytics_event where property_id = 'reference-site' and day < current_date - 90"
kill $server; wait $server 2>/dev/null || true
echo "== 2. ordinary table: 1 M rows expired under concurrent inserts"
java -cp "$root/pledge-server/target/pledge/pledge-server.jar" "$root/bench/retention/TableExpiryBench.java" 2>&1 |
  grep -Ev '^SLF4J|^[0-9:.]+ \[|^\s+at '
