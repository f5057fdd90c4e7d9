#!/usr/bin/env bash
# Jobs killed mid-way (issue 18): four jobs are caught in flight at once, then a process is killed.
#
#   server    kill -9 of the server's JVM (and of its orphaned PostgreSQL, as in a power cut of the
#             process tree), then `pledge demo` again on the same data directory
#   postgres  kill -9 of the embedded PostgreSQL (postmaster and backends) while the server runs;
#             15 s later the server is stopped and started again on the same data directory
#
# Each scenario runs on a fresh `pledge demo` data directory, driven as a user would:
#   edit      the studio API: upload a PNG, POST /api/v1/edits (built-in rotate)
#   erasure   the console API: open an erasure request, confirm it through the link in the
#             acknowledgement (read from the demo's mail page), POST …/erase (a db-scheduler job)
#   export    the same for an access request, then the console's "Prepare export" button
#   sweep     the console's "Sweep now" on the compliance page, after the demo's own image
#             versions were made 400 days old in the database (so the sweep has rows to expire)
# "In flight" is made certain, not timed: a psql session holds an EXCLUSIVE lock (reads pass,
# writes wait) on image_version before the edit is submitted, and on audit_entry once the erasure
# is scheduled; the script waits until four server backends wait for a lock (the edit job to record
# its version; the erasure job, the export and the sweep to write the audit entry that commits
# with their work, or the sweep to delete image versions), and only then kills.
#
# After the restart: the edit job finishes on its own; the erasure job is taken up again by
# db-scheduler (its dead-execution check, or its retry); the export and the sweep, whose HTTP
# requests died with the process, are pressed again as an operator would. Then, for each, the
# checks below print PASS or FAIL — the job's own rows and the audit trail show it done once —
# and `pledge audit verify` must pass. Exit 1 on any FAIL.
#
# db-scheduler's heartbeat is set to 5 s here (default 5 min: a job whose JVM died is taken up again
# after 6 missed heartbeats, 30 min by default; 30 s here).
#
# Usage: bench/faults/jobs.sh [server|postgres|both]   PORT=18670 SMTP_PORT=18671 IMAP_PORT=18672
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
scenarios="${1:-both}"; [ "$scenarios" = both ] && scenarios="server postgres"
port="${PORT:-18670}"; smtp_port="${SMTP_PORT:-18671}"; imap_port="${IMAP_PORT:-18672}"
for tool in psql curl convert; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
"$root/pledge" --version >/dev/null   # builds the jar if needed
work="$(mktemp -d /tmp/pledge-faults-jobs-XXXX)"
source "$root/bench/faults/lib.sh"
JOB_JAVA_OPTS="-Ddb-scheduler.heartbeat-interval=5s"
holders=""
cleanup() {
  for p in $holders; do kill "$p" 2>/dev/null || true; done
  stop_demo; [ -n "${data:-}" ] && pg_kill TERM
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

hold_lock() { # TABLE: a psql session takes an EXCLUSIVE lock and keeps it until killed
  printf 'begin;\nlock table %s in exclusive mode;\nselect pg_sleep(3600);\n' "$1" \
    | PGPASSFILE="$data/postgres.pgpass" psql -X -q -h 127.0.0.1 -p "$(sed -n 4p "$data/postgres/postmaster.pid")" \
      -U pledge_app -d postgres >/dev/null 2>&1 &
  holders="$holders $!"
  for _ in $(seq 50); do
    [ "$(sql "select count(*) from pg_locks l join pg_class c on c.oid = l.relation
      where c.relname = '$1' and l.mode = 'ExclusiveLock' and l.granted")" -ge 1 ] && return 0
    sleep 0.2
  done
  echo "could not lock $1" >&2; exit 1
}
waiting() { # how many backends wait for any lock
  sql "select count(distinct pid) from pg_locks where not granted"
}
waiting_on() { # TABLE: how many backends wait for a lock on it
  sql "select count(*) from pg_locks l join pg_class c on c.oid = l.relation
    where c.relname = '$1' and not l.granted"
}
wait_for() { # SECONDS SHELL-CONDITION (evaluated again every second)
  local n="$1"; shift
  for _ in $(seq "$n"); do eval "$1" >/dev/null 2>&1 && return 0; sleep 1; done
  return 1
}
audit_ok() { "$root/pledge" audit verify --data-dir "$data" >/dev/null 2>&1; }
eq() { [ "$1" = "$2" ] || { echo "     (expected $2, found $1)"; return 1; }; }

for scenario in $scenarios; do
  data="$work/$scenario"; log="$work/$scenario.log"
  echo "== scenario: kill -9 $scenario during four jobs, $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  start_demo "$data" "$log"
  for _ in $(seq 60); do grep -q '^API key:' "$log" && break; sleep 1; done
  key=$(grep '^API key:' "$log" | tail -1 | cut -d' ' -f3)
  api="http://127.0.0.1:$port/p/image-studio/api/v1"
  # The demo's own edits finish first.
  wait_for 120 'eq "$(sql "select count(*) from image_job where state in ('"'queued', 'running'"')")" 0' || true
  console_login

  # Prepared before any lock: requests opened and confirmed (each writes audit entries).
  erasure_ref=$(open_request erasure "erase-me-$scenario@example.org")
  export_ref=$(open_request access "export-me-$scenario@example.org")
  convert -size 64x48 gradient:skyblue-navy "$work/small.png"
  image=$(curl -s -H "Authorization: Bearer $key" -F file=@"$work/small.png" "$api/images" \
    | sed 's/.*"id":"\([0-9a-f-]*\)".*/\1/')
  account=$(sql "select account_id from api_key order by created_at desc limit 1")
  sql "update billing_credit_balance set balance = balance + 100 where account_id = '$account'" >/dev/null
  swept=$(sql "with u as (update image_version set created_at = created_at - interval '400 days'
    where image_id <> '$image' returning 1) select count(*) from u")
  log_line "prepared: erasure $erasure_ref, export $export_ref, image $image, $swept image versions made due"

  # 1. The edit: image_version locked, then submitted; its runner does the work and waits to record.
  hold_lock image_version
  job=$(curl -s -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$api/edits" \
    -d "{\"image\": \"$image\", \"provider\": \"builtin\", \"operation\": \"rotate\", \"angle\": 90}" \
    | sed -n 's/.*"job":"\([0-9a-f-]*\)".*/\1/p')
  wait_for 120 'eq "$(waiting_on image_version)" 1' \
    || { echo "the edit job $job never reached its last write" >&2; exit 1; }
  log_line "edit job $job: $(sql "select state from image_job where job_id = '$job'"), waiting to record its version"
  # 2. The erasure: scheduled (its claim commits), then audit_entry locked before the job writes.
  console_post "/console/api/requests/$erasure_ref/erase" '' | tail -1 | grep -qx 202
  hold_lock audit_entry
  # 3. The export and 4. the sweep: their requests wait on the lock.
  curl -s -o /dev/null -b "$jar" -w '%{http_code}' "http://127.0.0.1:$port/console/requests/$export_ref/export" \
    --data-urlencode _csrf="$csrf" > "$work/export.status" 2>/dev/null &
  pending="$!"
  curl -s -o /dev/null -b "$jar" -w '%{http_code}' "http://127.0.0.1:$port/console/compliance/sweep" \
    --data-urlencode _csrf="$csrf" > "$work/sweep.status" 2>/dev/null &
  pending="$pending $!"
  waited=0
  for _ in $(seq 120); do waited=$(waiting); [ "$waited" -ge 4 ] && break; sleep 1; done
  log_line "in flight: $waited server backends wait for a lock ($(sql "select string_agg(distinct coalesce(c.relname, l.locktype), ', ')
    from pg_locks l left join pg_class c on c.oid = l.relation where not l.granted")); erasure runs=$(sql "select runs from rights_request_erasure e
    join rights_request r on r.id = e.request_id where r.reference = '$erasure_ref'"), export files on disk: $(ls "$data/exports" 2>/dev/null | wc -l)"
  [ "$waited" -ge 4 ] || { echo "not all four jobs reached a write that waits" >&2; exit 1; }

  if [ "$scenario" = server ]; then
    log_line "kill -9 the server JVM ($server) and its orphaned PostgreSQL ($(pg_pid))"
    kill -KILL "$server"; wait "$server" 2>/dev/null || true; server=""
    pg_kill KILL
  else
    log_line "kill -9 PostgreSQL (postmaster $(pg_pid) and its backends)"
    pg_kill KILL
    sleep 15
    log_line "the server ran 15 s without its database; stopping it"
    stop_demo
  fi
  for p in $pending; do wait "$p" || true; done   # the two console requests, answered or cut off
  holders=""
  log_line "export request answered: '$(cat "$work/export.status")', sweep request answered: '$(cat "$work/sweep.status")' (000 = cut off)"
  log_line "restart on the same data directory"
  start_demo "$data" "$log"
  console_login

  # The edit finishes by itself (its lease runs out, the runner claims it again).
  wait_for 300 'eq "$(sql "select state from image_job where job_id = '"'$job'"'")" succeeded' || true
  # The erasure is taken up again by db-scheduler.
  wait_for 300 'eq "$(sql "select finished_at is not null from rights_request_erasure e
    join rights_request r on r.id = e.request_id where r.reference = '"'$erasure_ref'"'")" t' || true
  # The export and the sweep, pressed again (what an operator does after a failed page).
  status=$(curl -s -o /dev/null -b "$jar" -w '%{http_code}' "http://127.0.0.1:$port/console/requests/$export_ref/export" --data-urlencode _csrf="$csrf")
  log_line "export pressed again: $status"
  status=$(curl -s -o /dev/null -b "$jar" -w '%{http_code}' "http://127.0.0.1:$port/console/compliance/sweep" --data-urlencode _csrf="$csrf")
  log_line "sweep pressed again: $status"
  # The mail job sends the export link and the erasure receipt.
  wait_for 120 'eq "$(sql "select count(*) from rights_notice n join rights_request r on r.id = n.request_id
    where r.reference in ('"'$erasure_ref', '$export_ref'"') and n.sent_at is null")" 0' || true

  audit_count() { # ACTION REFERENCE
    sql "select count(*) from audit_entry where action = '$1' and details like '%\"request\":\"$2\"%'"
  }
  echo "   -- $scenario: results"
  check "$scenario edit: job succeeded" eq "$(sql "select state from image_job where job_id = '$job'")" succeeded
  check "$scenario edit: attempts ($(sql "select attempts from image_job where job_id = '$job'")) > 1, it ran again" \
    test "$(sql "select attempts from image_job where job_id = '$job'")" -gt 1
  check "$scenario edit: one version made by the job" eq "$(sql "select count(*) from image_version where job_id = '$job'")" 1
  check "$scenario edit: charged once, not refunded" eq "$(sql "select string_agg(kind || ' ' || credits, ',') from billing_credit_entry where reference = '$job'")" "charge -1"
  check "$scenario edit: every blob row has its file and every file its row" eq \
    "$(ls -R "$data/blobs" | grep -c '^[0-9a-f]\{8\}-' || true)" "$(sql "select count(*) from personal_blob")"
  check "$scenario erasure: finished" eq "$(sql "select finished_at is not null from rights_request_erasure e join rights_request r on r.id = e.request_id where r.reference = '$erasure_ref'")" t
  check "$scenario erasure: the job ran again after the fault (runs $(sql "select runs from rights_request_erasure e join rights_request r on r.id = e.request_id where r.reference = '$erasure_ref'"))" \
    test "$(sql "select runs from rights_request_erasure e join rights_request r on r.id = e.request_id where r.reference = '$erasure_ref'")" -ge 2
  check "$scenario erasure: one erasure.finished audit entry" eq "$(audit_count erasure.finished "$erasure_ref")" 1
  check "$scenario erasure: one request.completed audit entry" eq "$(audit_count request.completed "$erasure_ref")" 1
  check "$scenario erasure: one receipt mailed" eq "$(sql "select count(*) from rights_notice n join rights_request r on r.id = n.request_id where r.reference = '$erasure_ref' and n.kind = 'erasure-receipt' and n.sent_at is not null")" 1
  check "$scenario erasure: no task left" eq "$(sql "select count(*) from scheduled_tasks where task_name = 'rights-erasure' and task_instance = '$erasure_ref'")" 0
  check "$scenario export: one export recorded" eq "$(sql "select count(*) from rights_request_export x join rights_request r on r.id = x.request_id where r.reference = '$export_ref'")" 1
  check "$scenario export: one export.prepared audit entry" eq "$(audit_count export.prepared "$export_ref")" 1
  check "$scenario export: one link mailed" eq "$(sql "select count(*) from rights_notice n join rights_request r on r.id = n.request_id where r.reference = '$export_ref' and n.kind = 'export-link' and n.sent_at is not null")" 1
  # The ZIP of the killed attempt is named by no record. The hourly cleanup deletes such a file once
  # it is an hour old: the hour is simulated (its mtime set back 2 h, the task's next run moved
  # to now) rather than waited for.
  recorded=$(sql "select x.file_name from rights_request_export x join rights_request r on r.id = x.request_id where r.reference = '$export_ref'")
  zips=$(ls "$data/exports" | wc -l)
  for f in "$data"/exports/*.zip; do [ "$(basename "$f")" = "$recorded" ] || touch -d '2 hours ago' "$f"; done
  sql "update scheduled_tasks set execution_time = now() where task_name = 'rights-export-cleanup'" >/dev/null
  wait_for 60 '[ "$(ls "$data/exports")" = "$recorded" ]' || true
  log_line "export files: $zips after the second export (one with its record), $(ls "$data/exports" | wc -l) after the cleanup"
  check "$scenario export: only the recorded ZIP remains after the cleanup (the killed attempt's file is deleted)" \
    eq "$(ls "$data/exports")" "$recorded"
  check "$scenario sweep: the $swept due versions are gone" eq "$(sql "select count(*) from image_version where created_at < now() - interval '300 days'")" 0
  check "$scenario sweep: audited once ($swept items in retention.expired entries of studio.image-versions)" eq \
    "$(sql "select coalesce(sum(item_count), 0) from audit_entry where action = 'retention.expired' and store = 'studio.image-versions'")" "$swept"
  verify="$("$root/pledge" audit verify --data-dir "$data" 2>&1 | tail -2 | tr '\n' ' ')"
  echo "     pledge audit verify: $verify"
  check "$scenario pledge audit verify passes" audit_ok
  stop_demo
done
echo "== $failures check(s) failed"
[ "$failures" -eq 0 ]
