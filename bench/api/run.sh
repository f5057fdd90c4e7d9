#!/usr/bin/env bash
# Developer API load (issue 15): wrk against a running `pledge demo` with the demo user's printed
# key. Usage: bench/api/run.sh [SECONDS] (default 10 per endpoint). Needs wrk, curl, psql,
# ImageMagick (convert). Ports: PORT (8480), SMTP_PORT (3480), IMAP_PORT (3481).
#  1. GET /api/v1/images/{id}: key lookup (SHA-256, one indexed row), rate-limit upserts (two rows
#     in PostgreSQL), the image and its latest version, the usage row; 2 threads, 8 connections.
#  2. POST /api/v1/edits (builtin rotate of a 64x48 PNG, no Idempotency-Key): the same, plus the
#     edit's checks, the job, its credit charge in one transaction; 2 threads, 4 connections. The
#     jobs then run in the worker process on the same 2 cores while wrk still sends, as they would.
# Rate limits are counted and their headers sent as always, but not enforced
# (PLEDGE_API_ENFORCE_RATE_LIMITS=false): the free plan's 30 a minute would otherwise make every
# request after the 30th a 429. Credits for the edits are granted through psql first.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
secs="${1:-10}"
port="${PORT:-8480}"
"$root/pledge" --version >/dev/null   # builds when sources changed
work="$(mktemp -d /tmp/pledge-api-bench-XXXX)"
data="$work/demo"
PLEDGE_API_ENFORCE_RATE_LIMITS=false "$root/pledge" demo --port "$port" --data-dir "$data" \
  --mail-smtp-port "${SMTP_PORT:-3480}" --mail-imap-port "${IMAP_PORT:-3481}" > "$work/server.log" 2>&1 &
server=$!
trap 'rc=$?; kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"; exit $rc' EXIT
for _ in $(seq 180); do grep -q '^API key:' "$work/server.log" && break; sleep 1; done
key=$(grep '^API key:' "$work/server.log" | cut -d' ' -f3)
api="http://127.0.0.1:$port/p/image-studio/api/v1"
pg=$(grep -o 'Embedded PostgreSQL on port [0-9]*' "$work/server.log" | grep -o '[0-9]*$')
sql() { PGPASSFILE="$data/postgres.pgpass" psql -h 127.0.0.1 -p "$pg" -U pledge_app -d postgres -tAc "$1"; }
# The demo's own edits finish first.
for _ in $(seq 120); do
  [ "$(sql "select count(*) from image_job where state in ('queued', 'running')")" = 0 ] && break; sleep 1
done
convert -size 64x48 gradient:skyblue-navy "$work/small.png"
image=$(curl -s -H "Authorization: Bearer $key" -F file=@"$work/small.png" "$api/images" \
  | sed 's/.*"id":"\([0-9a-f-]*\)".*/\1/')
account=$(sql "select account_id from api_key where key_id = (select key_id from api_key order by created_at desc limit 1)")
sql "update billing_credit_balance set balance = balance + 1000000 where account_id = '$account'" >/dev/null
echo "== machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); $(java -version 2>&1 | head -1); $(wrk --version 2>&1 | head -1)"
echo "== database durability: fsync=$(sql 'show fsync'), synchronous_commit=$(sql 'show synchronous_commit')"
cat > "$work/edit.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"image": "$image", "provider": "builtin", "operation": "rotate", "angle": 90}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
LUA
echo "== warm-up: GET 5 s"
wrk -t2 -c8 -d5s -H "Authorization: Bearer $key" "$api/images/$image" >/dev/null
echo "== load before: $(cat /proc/loadavg)"
echo "== 1. GET /api/v1/images/{id}, ${secs}s, 2 threads, 8 connections"
wrk -t2 -c8 -d"${secs}s" --latency -H "Authorization: Bearer $key" "$api/images/$image" \
  | grep -E 'Requests/sec|Latency|99%|50%|Non-2xx|requests in'
echo "== load after: $(cat /proc/loadavg)"
echo "== 2. POST /api/v1/edits, ${secs}s, 2 threads, 4 connections"
wrk -t2 -c4 -d"${secs}s" --latency -s "$work/edit.lua" "$api/edits" \
  | grep -E 'Requests/sec|Latency|99%|50%|Non-2xx|requests in'
echo "== load after: $(cat /proc/loadavg)"
echo "== jobs made: $(sql "select count(*) from image_job where image_id = '$image'"), statuses of POST /edits in api_request:"
sql "select status, count(*) from api_request where route = '/api/v1/edits' group by status order by status"
