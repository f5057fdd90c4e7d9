#!/usr/bin/env bash
# Crash test: is every event answered 202 still there after a crash?
#
#   postgres  kill -9 the embedded PostgreSQL (the postmaster and every backend) while events
#             arrive; then stop the server, start it again on the same data directory
#   server    kill -9 the server's JVM while events arrive; its PostgreSQL, orphaned, is killed
#             with -9 too (both die, as in a power cut of the process tree); then start again
#
# Load: bench/crash/load.py, CONNECTIONS keep-alive connections posting page views whose paths
# carry a unique number, logging every number answered 202 (without X-Pledge-Dropped). After the
# restart the script reads every stored path from the database and reports each accepted event
# that is missing (there must be none). Events sent but not answered may or may not be stored.
#
# What it proves and what not: a killed process loses what was in its memory, so this checks that
# a 202 is only given after the commit reached PostgreSQL's WAL. Surviving an OS crash or power
# loss needs the WAL flushed to disk too (fsync=on, synchronous_commit=on), which the script
# reports from SHOW but cannot test by killing processes.
#
# Usage: bench/crash/run.sh [postgres|server|both]   LOAD_SECONDS=20 KILL_AFTER=8 CONNECTIONS=64
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
scenarios="${1:-both}"; [ "$scenarios" = both ] && scenarios="postgres server"
seconds="${LOAD_SECONDS:-20}"; kill_after="${KILL_AFTER:-8}"
connections="${CONNECTIONS:-64}"; port="${PORT:-18580}"
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 2; }
command -v psql >/dev/null || { echo "needs psql (apt-get install postgresql-client)" >&2; exit 2; }
"$root/pledge" --version >/dev/null   # builds the jar if needed

work="$(mktemp -d /tmp/pledge-crash-XXXX)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  pg_kill TERM
  rm -rf "$work"
}
trap cleanup EXIT

start_server() { # DATA_DIR LOG
  PLEDGE_JAVA_OPTS="-Xmx1g -Dpledge.analytics.trusted-proxies=127.0.0.1/32 \
    -Dpledge.analytics.events-per-second-per-client=1000 -Dpledge.analytics.burst-per-client=1000" \
    "$root/pledge" serve --port "$port" --data-dir "$1" >> "$2" 2>&1 &
  server=$!
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 1
  done
  echo "the server did not start; its log:" >&2; tail -30 "$2" >&2; exit 1
}
pg_pid() { [ -f "$data/postgres/postmaster.pid" ] && head -1 "$data/postgres/postmaster.pid" || true; }
pg_kill() { # SIGNAL: the postmaster of this data directory and its backends
  local pid; pid="$(pg_pid 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  local children; children="$(pgrep -P "$pid" || true)"
  kill "-$1" "$pid" $children 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}
pg_port() { sed -n 4p "$data/postgres/postmaster.pid"; }
# The embedded database asks for a password (0600 file in the data directory).
pgpass() { export PGPASSFILE="$data/postgres.pgpass"; }

status=0
for scenario in $scenarios; do
  data="$work/$scenario"; log="$work/$scenario.log"; accepted="$work/$scenario.accepted"
  echo "== scenario: kill -9 $scenario, $(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1 /proc/loadavg)"
  start_server "$data" "$log"
  pgport="$(pg_port)"; pgpass
  echo "   database: fsync=$(psql -h 127.0.0.1 -p "$pgport" -U pledge_app -d postgres -tAc 'show fsync')" \
    "synchronous_commit=$(psql -h 127.0.0.1 -p "$pgport" -U pledge_app -d postgres -tAc 'show synchronous_commit')"
  # Warm-up, not counted: the first events of a fresh server load the user-agent parser and
  # create today's partition, which takes seconds on a busy machine.
  python3 "$root/bench/crash/load.py" "http://127.0.0.1:$port" "warm-up" 10 4 "$work/warm-up" >/dev/null
  python3 "$root/bench/crash/load.py" "http://127.0.0.1:$port" "$scenario" "$seconds" \
    "$connections" "$accepted" > "$work/load.out" &
  load=$!
  sleep "$kill_after"
  if [ "$scenario" = postgres ]; then
    echo "   $(date -u +%T) kill -9 PostgreSQL (postmaster $(pg_pid) and its backends)"
    pg_kill KILL
  else
    echo "   $(date -u +%T) kill -9 the server JVM ($server)"
    kill -KILL "$server"; wait "$server" 2>/dev/null || true; server=""
    echo "   $(date -u +%T) kill -9 its orphaned PostgreSQL ($(pg_pid))"
    pg_kill KILL
  fi
  wait "$load"
  echo "   load: $(cat "$work/load.out")"
  if [ -n "$server" ]; then # the postgres scenario: the server survived its database; stop it
    kill "$server" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$server" 2>/dev/null || break; sleep 1; done
    kill -KILL "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""
    pg_kill KILL
  fi
  echo "   $(date -u +%T) restart on the same data directory"
  start_server "$data" "$log"
  pgport="$(pg_port)"; pgpass
  psql -h 127.0.0.1 -p "$pgport" -U pledge_app -d postgres -tAc \
    "select path from analytics_event where path like '/crash/$scenario/%'" | sort > "$work/stored"
  sort "$accepted" | grep . > "$work/accepted.sorted" || true
  missing=$(comm -23 "$work/accepted.sorted" "$work/stored" | wc -l)
  extra=$(comm -13 "$work/accepted.sorted" "$work/stored" | wc -l)
  dupes=$(uniq -d "$work/stored" | wc -l)
  echo "   after restart: $(wc -l < "$work/accepted.sorted") accepted (202), $(wc -l < "$work/stored") stored;" \
    "accepted but missing: $missing; stored twice: $dupes; stored without a 202 (in flight at the kill): $extra"
  if [ "$missing" -ne 0 ] || [ "$dupes" -ne 0 ]; then
    echo "   FAILED: events answered 202 were lost or doubled" >&2; status=1
  else
    echo "   PASSED: every event answered 202 is stored, once"
  fi
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
exit $status
