# Shared by the fault scripts (sourced): start and stop a `pledge demo` on a data directory, kill
# its embedded PostgreSQL, run SQL as the server's own user, sign in to the console.
# Needs: root (the script's directory), port, smtp_port, imap_port, work (a temporary directory).
server=""
log_line() { echo "   $(date -u +%T) $*"; }
check() { # NAME CONDITION...: prints PASS/FAIL, counts failures
  local name="$1"; shift
  if "$@"; then echo "PASS $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}
failures=0

start_demo() { # DATA_DIR LOG [extra JVM options]
  local data="$1" log="$2"; shift 2
  PLEDGE_JAVA_OPTS="-Xmx1g ${JOB_JAVA_OPTS:-} $*" "$root/pledge" demo --port "$port" \
    --mail-smtp-port "$smtp_port" --mail-imap-port "$imap_port" --data-dir "$data" >> "$log" 2>&1 &
  server=$!
  for _ in $(seq 240); do
    curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 1
  done
  echo "the server did not start; its log:" >&2; tail -30 "$log" >&2; exit 1
}
stop_demo() { # graceful stop, then -9 after 60 s
  [ -n "$server" ] || return 0
  kill "$server" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$server" 2>/dev/null || break; sleep 1; done
  kill -KILL "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""
}
pg_pid() { [ -f "$data/postgres/postmaster.pid" ] && head -1 "$data/postgres/postmaster.pid" || true; }
pg_kill() { # SIGNAL: the postmaster of $data and its backends
  local pid; pid="$(pg_pid 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  local children; children="$(pgrep -P "$pid" || true)"
  kill "-$1" "$pid" $children 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}
sql() { # the server's own database user, password from the data directory's 0600 file
  PGPASSFILE="$data/postgres.pgpass" psql -X -q -h 127.0.0.1 -p "$(sed -n 4p "$data/postgres/postmaster.pid")" \
    -U pledge_app -d postgres -v ON_ERROR_STOP=1 -tAc "$1"
}
console_login() { # signs in as the demo operator; sets $jar and $csrf
  jar="$work/cookies"; rm -f "$jar"
  local base="http://127.0.0.1:$port" c
  c=$(curl -s -c "$jar" "$base/console/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -b "$jar" -c "$jar" -o /dev/null "$base/console/login" \
    --data-urlencode username=demo --data-urlencode password=demo-operator --data-urlencode _csrf="$c"
  csrf=$(curl -s -b "$jar" "$base/console/requests" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  [ -n "$csrf" ] || { echo "could not sign in to the console" >&2; exit 1; }
}
console_post() { # PATH JSON-BODY: prints the body, then the status on its own line
  curl -s -b "$jar" -H "X-CSRF-TOKEN: $csrf" -H 'Content-Type: application/json' \
    -w '\n%{http_code}\n' "http://127.0.0.1:$port$1" -d "$2"
}
audit_verify() { # the CLI against the running server's database
  "$root/pledge" audit verify --data-dir "$data" 2>&1 | tail -3
}
open_request() { # KIND EMAIL: opens a request through the console API, confirms it as the requester
  # would (the link in the acknowledgement, read from the demo's mailbox page); prints its reference
  local out ref token
  out=$(console_post /console/api/requests \
    "{\"property\": \"reference-site\", \"kind\": \"$1\", \"channel\": \"support\", \"email\": \"$2\", \"law\": \"gdpr\"}")
  ref=$(echo "$out" | sed -n 's/.*"reference":"\([^"]*\)".*/\1/p')
  [ -n "$ref" ] || { echo "could not open a request: $out" >&2; return 1; }
  for _ in $(seq 90); do
    token=$(curl -s -b "$jar" "http://127.0.0.1:$port/console/demo-mail" \
      | awk -v r="$ref" '/data-field="subject"/ { mine = index($0, r) > 0 } mine && /verify#t=/' \
      | sed -n 's/.*verify#t=\([0-9a-f]*\).*/\1/p' | head -1)
    [ -n "$token" ] && break; sleep 1
  done
  [ -n "$token" ] || { echo "no acknowledgement for $ref on the demo mail page" >&2; return 1; }
  curl -s -o /dev/null -H "Origin: http://127.0.0.1:$port" \
    "http://127.0.0.1:$port/p/reference-site/privacy/requests/verify" --data-urlencode token="$token"
  echo "$ref"
}
