#!/usr/bin/env bash
# Twice the measured capacity (issue 18), on a fresh `pledge demo` with -Xmx1g:
#   /api/event  page views offered at 2x the ingest's measured capacity (BENCHMARKS.md, "Analytics
#               ingest": 24,800 events/s on a quiet machine; EVENT_RATE overrides), each with its
#               own path, from rotating client addresses; wrk paces every connection with delay()
#               so the offered rate does not fall to what the server answers (as long as answers
#               come back). Every event answered 202 must be stored, once.
#   /api/v1     the demo user's API key as shipped (rate limits enforced): GET /api/v1/images/{id}
#               at 2x its measured 399/s and POST /api/v1/edits at 2x its 193/s (BENCHMARKS.md,
#               "Developer API"); every edit answered 202 must have its job.
# The excess must be shed with 429 or 503 (no other error status, no connection errors), and the
# JVM's resident memory (VmRSS from /proc/PID/status, sampled every second) must stay under
# RSS_LIMIT_MB (default 1,800 MB: the 1 GiB heap plus the JVM's own).
# The ingest holds up to pledge.analytics.queue-capacity events (200,000) before it answers 503, and
# answers 503 after 10 s without a commit: wrk's connections (a closed loop) cannot keep that many
# waiting on this machine, so EVENT_QUEUE=256 runs the server with a queue smaller than the
# connections, to see the shedding itself.
# Usage: bench/faults/overload.sh [SECONDS=20]   CONNECTIONS=512 EVENT_QUEUE= PORT=18677 SMTP_PORT=18678 IMAP_PORT=18679
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
secs="${1:-20}"; connections="${CONNECTIONS:-512}"
event_rate=$(( 2 * ${EVENT_RATE:-24800} )); get_rate=$(( 2 * 399 )); edit_rate=$(( 2 * 193 ))
rss_limit="${RSS_LIMIT_MB:-1800}"
port="${PORT:-18677}"; smtp_port="${SMTP_PORT:-18678}"; imap_port="${IMAP_PORT:-18679}"
for tool in wrk psql curl convert; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }; done
"$root/pledge" --version >/dev/null
work="$(mktemp -d /tmp/pledge-faults-overload-XXXX)"
source "$root/bench/faults/lib.sh"
data="$work/data"; log="$work/server.log"
cleanup() { stop_demo; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
start_demo "$data" "$log" -Dpledge.analytics.trusted-proxies=127.0.0.1/32 \
  ${EVENT_QUEUE:+-Dpledge.analytics.queue-capacity=$EVENT_QUEUE}
for _ in $(seq 60); do grep -q '^API key:' "$log" && break; sleep 1; done
key=$(grep '^API key:' "$log" | tail -1 | cut -d' ' -f3)
jvm=$(pgrep -f "pledge-server.jar demo --port $port" | head -1)
rss() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$jvm/status"; }
sample_rss() { # FILE: VmRSS every second until killed
  while kill -0 "$jvm" 2>/dev/null; do rss >> "$1"; sleep 1; done
}
status_of() { awk -v s="$2" '$1 == "status" && $2 == s {n += $3} END {print n + 0}' "$1"; }
echo "== 2x capacity, $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "   server JVM $jvm, -Xmx1g, event queue ${EVENT_QUEUE:-200000 (default)}; RSS after start $(rss) MB"

# --- /api/event
wrk -t2 -c64 -d5s -s "$root/bench/analytics/events.lua" "http://127.0.0.1:$port/api/event" >/dev/null 2>&1
pause=$(( connections * 1000 / event_rate )); [ "$pause" -ge 1 ] || pause=1
run="run$(echo "$RANDOM$RANDOM" | tr 0-9 a-j)"   # letters: a long number would be scrubbed to :id
: > "$work/rss.event"; sample_rss "$work/rss.event" & sampler=$!
wrk -t2 -c"$connections" -d"${secs}s" --timeout 30s -s "$root/bench/faults/paced-events.lua" \
  "http://127.0.0.1:$port/api/event" -- "$run" "$pause" > "$work/event.out" 2>&1
sleep 15   # answers still in flight when wrk stopped
kill "$sampler" 2>/dev/null || true
sent=$(awk '/requests in/ {print $1}' "$work/event.out")
accepted=$(status_of "$work/event.out" 202); dropped=$(status_of "$work/event.out" 202-dropped)
r429=$(status_of "$work/event.out" 429); r503=$(status_of "$work/event.out" 503)
others=$(awk '$1 == "status" && $2 !~ /^(202|202-dropped|429|503)$/ {n += $3} END {print n + 0}' "$work/event.out")
stored=$(sql "select count(*) from analytics_event where path like '/overload/$run/%'")
distinct=$(sql "select count(distinct path) from analytics_event where path like '/overload/$run/%'")
echo "   /api/event: offered $event_rate/s over $connections connections (delay ${pause} ms each) for ${secs}s;" \
  "answered $sent ($(( sent / secs ))/s): 202 $accepted, 202-dropped $dropped, 429 $r429, 503 $r503, other $others;" \
  "$(grep '^errors' "$work/event.out"); $(grep '^latency' "$work/event.out")"
echo "   stored $stored ($distinct distinct paths); RSS max $(sort -n "$work/rss.event" | tail -1) MB over $(wc -l < "$work/rss.event") samples"
check "/api/event: excess shed (429 or 503 answered: $(( r429 + r503 )))" test $(( r429 + r503 )) -gt 0
check "/api/event: no answer other than 202, 429, 503 ($others)" test "$others" -eq 0
check "/api/event: every 202 stored ($accepted answered, $distinct stored)" test "$distinct" -ge "$accepted"
check "/api/event: none stored twice" test "$stored" -eq "$distinct"
check "/api/event: RSS stayed under $rss_limit MB" test "$(sort -n "$work/rss.event" | tail -1)" -lt "$rss_limit"

# --- /api/v1
api="http://127.0.0.1:$port/p/image-studio/api/v1"
convert -size 64x48 gradient:skyblue-navy "$work/small.png"
image=$(curl -s -H "Authorization: Bearer $key" -F file=@"$work/small.png" "$api/images" \
  | sed 's/.*"id":"\([0-9a-f-]*\)".*/\1/')
account=$(sql "select account_id from api_key order by created_at desc limit 1")
sql "update billing_credit_balance set balance = balance + 100000 where account_id = '$account'" >/dev/null
: > "$work/rss.api"; sample_rss "$work/rss.api" & sampler=$!
c=16; pause=$(( c * 1000 / get_rate ))
wrk -t2 -c"$c" -d"${secs}s" -s "$root/bench/faults/paced-api.lua" "$api/images/$image" \
  -- "$pause" GET "/p/image-studio/api/v1/images/$image" "$key" > "$work/get.out" 2>&1
c=8; pause=$(( c * 1000 / edit_rate ))
wrk -t2 -c"$c" -d"${secs}s" -s "$root/bench/faults/paced-api.lua" "$api/edits" \
  -- "$pause" POST "/p/image-studio/api/v1/edits" "$key" \
  "{\"image\": \"$image\", \"provider\": \"builtin\", \"operation\": \"rotate\", \"angle\": 90}" > "$work/edit.out" 2>&1
kill "$sampler" 2>/dev/null || true
for kind in get edit; do
  f="$work/$kind.out"
  echo "   /api/v1 $kind: $(awk '/requests in/ {print $1}' "$f") answered in ${secs}s:" \
    "$(awk '$1 == "status" {printf "%s %s, ", $2, $3}' "$f")$(grep '^retry-after' "$f"); $(grep '^errors' "$f"); $(grep '^latency' "$f")"
done
get_other=$(awk '$1 == "status" && $2 !~ /^(200|429|503)$/ {n += $3} END {print n + 0}' "$work/get.out")
edit_other=$(awk '$1 == "status" && $2 !~ /^(202|429|503)$/ {n += $3} END {print n + 0}' "$work/edit.out")
edits_202=$(status_of "$work/edit.out" 202)
jobs=$(sql "select count(*) from image_job where image_id = '$image'")
echo "   edit jobs made: $jobs; RSS max $(sort -n "$work/rss.api" | tail -1) MB"
check "/api/v1 GET: excess shed with 429" test "$(status_of "$work/get.out" 429)" -gt 0
check "/api/v1 GET: no answer other than 200, 429, 503 ($get_other)" test "$get_other" -eq 0
check "/api/v1 edits: excess shed with 429" test "$(status_of "$work/edit.out" 429)" -gt 0
check "/api/v1 edits: no answer other than 202, 429, 503 ($edit_other)" test "$edit_other" -eq 0
check "/api/v1 edits: one job for every 202 ($edits_202 answered, $jobs jobs)" test "$jobs" -eq "$edits_202"
check "/api/v1: RSS stayed under $rss_limit MB" test "$(sort -n "$work/rss.api" | tail -1)" -lt "$rss_limit"
check "/api/v1: every 429 carries Retry-After" test "$(grep '^retry-after' "$work/get.out" | cut -d' ' -f2)" -ge "$(status_of "$work/get.out" 429)"
echo "== $failures check(s) failed"
[ "$failures" -eq 0 ]
