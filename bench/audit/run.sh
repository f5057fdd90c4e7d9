#!/usr/bin/env bash
# Audit benchmark: `pledge audit verify` on a trail of N entries (default 1,000,000), generated
# with correct hashes in SQL behind a running server; prints the wall time of verify (context
# start included) and of the start-up alone (a two-entry trail). Needs psql, hyperfine and GNU
# time; takes about three minutes.
# Usage: N=1000000 bench/audit/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
n="${N:-1000000}"; port=18901; data="$(mktemp -d /tmp/pledge-audit-XXXX)"
"$root/pledge" serve --port "$port" --data-dir "$data" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 90); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 1; done
pgport=$(grep -o 'Embedded PostgreSQL on port [0-9]*' "$data/server.log" | grep -o '[0-9]*$')
export PGPASSFILE="$data/postgres.pgpass" PGDATABASE=postgres   # the embedded database's passwords (0600)
q() { psql -h 127.0.0.1 -p "$pgport" -U pledge_app -tAq "$@"; }
# The server appends its start-up entries once it is ready: generate after them, not beside them.
for _ in $(seq 60); do [ "$(q -c 'select count(*) from audit_checkpoint')" -gt 0 ] && break; sleep 1; done
echo "start-up entries only:"
hyperfine -N -w 1 -r 5 "$root/pledge audit verify --data-dir $data" 2>&1 | grep -E 'Time|Range'
start=$(date +%s.%N)
PGOPTIONS="-c bench.n=$n" q -f "$root/bench/audit/generate.sql"
echo "generated $n entries in $(echo "$(date +%s.%N) - $start" | bc) s"
/usr/bin/time -f "%e s wall, %M KiB peak RSS" "$root/pledge" audit verify --data-dir "$data"
echo "the same with the optimising JIT (the launcher runs audit with C1 only, for start-up):"
PLEDGE_JAVA_OPTS=-XX:TieredStopAtLevel=4 /usr/bin/time -f "%e s wall, %M KiB peak RSS" \
  "$root/pledge" audit verify --data-dir "$data"
echo "$n more entries:"
hyperfine -N -w 1 -r 3 "$root/pledge audit verify --data-dir $data" 2>&1 | grep -E 'Time|Range'
