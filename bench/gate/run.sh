#!/usr/bin/env bash
# The processing gate (issue 6): the database side of ProcessingRestrictions.permits — one probe of
# the partial unique index — over 1.1 million restriction rows, with pgbench (needs psql, pgbench).
# Usage: bench/gate/run.sh   (about two minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$root/pledge" --version >/dev/null   # builds when sources changed
port=18960; data="$(mktemp -d /tmp/pledge-gate-XXXX)"; B="http://127.0.0.1:$port"
"$root/pledge" serve --port "$port" --data-dir "$data" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 90); do curl -sf "$B/actuator/health" >/dev/null && break; sleep 1; done
pgport=$(grep -o 'Embedded PostgreSQL on port [0-9]*' "$data/server.log" | grep -o '[0-9]*$')
export PGPASSFILE="$data/postgres.pgpass" PGDATABASE=postgres   # the embedded database's passwords (0600)
echo "== generating 1.1 M restriction rows"
psql -h 127.0.0.1 -p "$pgport" -U pledge_app -q -f "$root/bench/gate/generate.sql"
echo "== plan"
psql -h 127.0.0.1 -p "$pgport" -U pledge_app -Atc "explain (analyze, costs off, timing on)
  select stops from processing_restriction where property_id = 'image-studio'
  and subject_ref = md5('subject-10') || md5('x10') and lifted_at is null"
for clients in 1 4; do
  echo "== pgbench: $clients client(s), 20 s"
  pgbench -h 127.0.0.1 -p "$pgport" -U pledge_app -n -M prepared -c "$clients" -j "$clients" -T 20 \
    -f "$root/bench/gate/gate.pgbench" postgres 2>&1 | grep -E "latency average|tps =|error|ERROR"
done
