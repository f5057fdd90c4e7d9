#!/usr/bin/env bash
# Database unreachable for a minute (issue 18). The embedded PostgreSQL is a child the server
# starts once: killed, it is not started again until the server restarts (bench/crash/run.sh).
# So this runs `pledge demo` on an EXTERNAL PostgreSQL that the script starts from the Debian
# binaries (initdb/pg_ctl as the postgres user, a throw-away cluster), then stops it with
# `pg_ctl stop -m immediate` (the postmaster quits without a checkpoint, as in a crash), keeps it
# down for DOWN_SECONDS, and starts it again. Throughout, every 5 s it asks:
#   /actuator/health                      must say DOWN (503) while the database is down
#   POST /api/event                       a page view: must be 503 with Retry-After, no stack trace
#   GET  /api/v1/images (studio API key)  must be 503 JSON, no stack trace
#   GET  /p/image-studio/images (signed in) the studio library: must be 503 HTML, no stack trace
#   GET  /console/requests (signed in)    a console page: the same
# Then, with no restart of the server: health UP again and each of the above answered normally,
# and the seconds it took after PostgreSQL accepted connections again.
# Usage: bench/faults/db-down.sh   DOWN_SECONDS=60 PORT=18673 SMTP_PORT=18674 IMAP_PORT=18675 PG_PORT=18676
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
down="${DOWN_SECONDS:-60}"
port="${PORT:-18673}"; smtp_port="${SMTP_PORT:-18674}"; imap_port="${IMAP_PORT:-18675}"; pg_port="${PG_PORT:-18676}"
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/pg_ctl" ] || { echo "needs Debian's PostgreSQL 15 (apt-get install postgresql-15)" >&2; exit 2; }
"$root/pledge" --version >/dev/null
work="$(mktemp -d /tmp/pledge-faults-db-XXXX)"; chmod 755 "$work"
source "$root/bench/faults/lib.sh"
pgdata="$work/pg"; data="$work/data"; log="$work/server.log"
as_pg() { runuser -u postgres -- "$@"; }
cleanup() {
  stop_demo
  as_pg "$bin/pg_ctl" -D "$pgdata" stop -m fast >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$pgdata" "$work/pglog"; chown postgres "$pgdata" "$work/pglog"
echo postgres-pw > "$work/pwfile"; chown postgres "$work/pwfile"
as_pg "$bin/initdb" -D "$pgdata" -A scram-sha-256 --pwfile="$work/pwfile" -U postgres >/dev/null
pg_start() { as_pg "$bin/pg_ctl" -D "$pgdata" -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" -l "$work/pglog/pg.log" -w start >/dev/null; }
pg_start
export PGPASSWORD=postgres-pw
psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
  -c "create role pledge login password 'pledge-pw'" -c "create database pledge owner pledge"
unset PGPASSWORD

echo "== database unreachable for ${down}s, $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   external PostgreSQL $("$bin/postgres" --version | cut -d' ' -f3) on 127.0.0.1:$pg_port (Debian package, started by this script)"
PLEDGE_DATABASE_URL="jdbc:postgresql://127.0.0.1:$pg_port/pledge" PLEDGE_DATABASE_USER=pledge \
  PLEDGE_DATABASE_PASSWORD=pledge-pw start_demo "$data" "$log"
for _ in $(seq 60); do grep -q '^API key:' "$log" && break; sleep 1; done
key=$(grep '^API key:' "$log" | tail -1 | cut -d' ' -f3)
base="http://127.0.0.1:$port"
console_login
studio_jar="$work/studio-cookies"
c=$(curl -s -c "$studio_jar" "$base/p/image-studio/sign-in" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$studio_jar" -c "$studio_jar" -o /dev/null "$base/p/image-studio/sign-in" \
  --data-urlencode login=dana@studio.example.com --data-urlencode password=lilac-harbour-42 --data-urlencode _csrf="$c"

probe() { # NAME: prints "status content-type stacktrace?" for one request
  local out="$work/probe.body" code ct
  case "$1" in
    health) read -r code ct < <(curl -s -o "$out" -w '%{http_code} %{content_type}\n' --max-time 45 "$base/actuator/health") ;;
    event) read -r code ct < <(curl -s -o "$out" -D "$work/probe.head" -w '%{http_code} %{content_type}\n' --max-time 45 \
      -H 'Content-Type: application/json' -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' \
      "$base/api/event" -d '{"n":"pageview","u":"http://reference.example.org/faults","d":"reference.example.org"}') ;;
    api) read -r code ct < <(curl -s -o "$out" -w '%{http_code} %{content_type}\n' --max-time 45 \
      -H "Authorization: Bearer $key" "$base/p/image-studio/api/v1/images") ;;
    studio) read -r code ct < <(curl -s -H 'Accept: text/html' -o "$out" -w '%{http_code} %{content_type}\n' --max-time 45 -b "$studio_jar" "$base/p/image-studio/images") ;;
    console) read -r code ct < <(curl -s -H 'Accept: text/html' -o "$out" -w '%{http_code} %{content_type}\n' --max-time 45 -b "$jar" "$base/console/requests") ;;
  esac
  local trace=clean
  grep -qE 'Exception|\bat [a-z]+\.[a-z]+\.|org\.postgresql|Hikari|SQLState' "$out" 2>/dev/null && trace=STACKTRACE
  local retry=""; [ "$1" = event ] && retry="retry-after=$(grep -i '^retry-after:' "$work/probe.head" | tr -d '\r' | cut -d' ' -f2)"
  echo "$code ${ct%%;*} $trace $retry"
}
probe_all() { for p in health event api studio console; do printf '%s=%s  ' "$p" "$(probe $p | tr ' ' ,)"; done; echo; }

echo "   before: $(probe_all)"
for p in health event api studio console; do
  case "$(probe $p)" in 2*|302*) ;; *) echo "   not healthy before the fault: $p $(probe $p)" >&2; exit 1 ;; esac
done
echo "   $(date -u +%T) PostgreSQL stopped (pg_ctl stop -m immediate)"
as_pg "$bin/pg_ctl" -D "$pgdata" stop -m immediate >/dev/null
start=$(date +%s); samples="$work/samples"; : > "$samples"
while [ $(( $(date +%s) - start )) -lt "$down" ]; do
  for p in health event api studio console; do echo "$p $(probe $p)" >> "$samples"; done
  sleep 5
done
echo "   while down ($(wc -l < "$samples") answers), by route: status content-type trace [retry-after]"
sort "$samples" | uniq -c | sed 's/^/     /'
echo "   $(date -u +%T) PostgreSQL started again"
pg_start; back=$(date +%s)
recovered=""
for _ in $(seq 120); do
  ok=1
  for p in health event api studio console; do
    case "$(probe $p)" in 2*|302*) ;; *) ok=0 ;; esac
  done
  [ "$ok" = 1 ] && { recovered=$(( $(date +%s) - back )); break; }
  sleep 1
done
echo "   after: $(probe_all)"
echo "   recovered without a restart in ${recovered:-(not within 120)} s after PostgreSQL was back; server pid $server still the same: $(kill -0 "$server" && echo yes)"
eq_all() { # ROUTE REGEX: every sample of the route matches, and there was one
  grep -q "^$1 " "$samples" && ! grep "^$1 " "$samples" | cut -d' ' -f2- | grep -vqE "$2"
}
check "health says DOWN with 503 while the database is down" eq_all health '^503 application/(vnd.spring-boot.actuator.v3\+)?json clean'
check "/api/event answers 503 with Retry-After, no stack trace" eq_all event '^503 [a-z/+.]* clean retry-after=[0-9]+'
check "studio API answers 503 JSON, no stack trace" eq_all api '^503 application/json clean'
check "studio page answers 503 HTML, no stack trace" eq_all studio '^503 text/html clean'
check "console page answers 503 HTML, no stack trace" eq_all console '^503 text/html clean'
check "recovered by itself within 120 s" test -n "$recovered"
grep -c 'Exception' "$log" | sed 's/^/   log lines with "Exception" in the server log: /'
echo "== $failures check(s) failed"
[ "$failures" -eq 0 ]
