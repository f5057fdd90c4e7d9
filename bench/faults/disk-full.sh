#!/usr/bin/env bash
# Out of space (issue 18): `pledge demo` on a data directory that is a tmpfs of SIZE (default
# 512m: the embedded PostgreSQL, the blob store, keys and logs all on it), filled up with a file
# while the server runs. Needs root (mount). Then, every 5 s for FULL_SECONDS:
#   POST /api/v1/images (an upload, to the blob store)   clear error, 507 or 503, no stack trace
#   POST /api/event                                      503, no stack trace
#   /actuator/health                                     reported
# Then the file is removed (space returns) and the script waits for the server to answer again by
# itself; if it does not within 60 s it is restarted on the same data directory (and says so).
# Checks that nothing stored before was damaged: every blob file's SHA-256 as before, the rows of
# analytics_event, image_version and personal_blob as before (plus what was answered as stored
# while full), and `pledge audit verify`.
# Usage: bench/faults/disk-full.sh   SIZE=512m FULL_SECONDS=30 PORT=18677 SMTP_PORT=18678 IMAP_PORT=18679
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
size="${SIZE:-512m}"; full="${FULL_SECONDS:-30}"
port="${PORT:-18677}"; smtp_port="${SMTP_PORT:-18678}"; imap_port="${IMAP_PORT:-18679}"
[ "$(id -u)" = 0 ] || { echo "needs root (mounts a tmpfs)" >&2; exit 2; }
for tool in psql curl convert; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }; done
"$root/pledge" --version >/dev/null
work="$(mktemp -d /tmp/pledge-faults-disk-XXXX)"
source "$root/bench/faults/lib.sh"
data="$work/data"; log="$work/server.log"
mkdir -p "$data"; mount -t tmpfs -o "size=$size,mode=700" pledge-faults "$data"
cleanup() {
  stop_demo; pg_kill TERM
  umount "$data" 2>/dev/null || umount -l "$data" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
echo "== out of space, $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg); data directory: tmpfs of $size"
start_demo "$data" "$log"
for _ in $(seq 60); do grep -q '^API key:' "$log" && break; sleep 1; done
key=$(grep '^API key:' "$log" | tail -1 | cut -d' ' -f3)
base="http://127.0.0.1:$port"; api="$base/p/image-studio/api/v1"
convert -size 640x480 plasma:fractal "$work/photo.png"
ua='Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0'
event() { # N: one page view; prints the status
  curl -s -o "$work/event.body" -w '%{http_code}' --max-time 30 -H 'Content-Type: text/plain' -H "User-Agent: $ua" \
    "$base/api/event" -d "{\"n\":\"pageview\",\"u\":\"https://reference.example.org/disk-full/$1\",\"d\":\"reference.example.org\"}"
}
upload() { # prints status and content type; the body in $work/upload.body
  curl -s -o "$work/upload.body" -w '%{http_code} %{content_type}\n' --max-time 60 \
    -H "Authorization: Bearer $key" -F file=@"$work/photo.png" "$api/images"
}
traced() { grep -qE 'Exception|\bat [a-z]+\.[a-z]+\.[A-Za-z]|org\.postgresql|SQLState' "$1" && echo STACKTRACE || echo clean; }
for i in 1 2 3; do upload >/dev/null; done
for i in $(seq 20); do event "before-$i" >/dev/null; done
snapshot() { # FILE: what is stored
  {
    sql "select 'analytics_event ' || count(*) from analytics_event"
    sql "select 'image_version ' || count(*) from image_version"
    sql "select 'personal_blob ' || count(*) from personal_blob"
    (cd "$data/blobs" && find . -type f -exec sha256sum {} + | sort)
  } > "$1"
}
snapshot "$work/before"
echo "   before: $(df -h --output=used,avail "$data" | tail -1 | xargs) used/free; $(head -3 "$work/before" | tr '\n' ' ')"

dd if=/dev/zero of="$data/filler" bs=1M 2>/dev/null || true
echo "   $(date -u +%T) filled: $(df -h --output=avail "$data" | tail -1 | xargs) free"
samples="$work/samples"; : > "$samples"; accepted_while_full=0
start=$(date +%s); n=0
while [ $(( $(date +%s) - start )) -lt "$full" ]; do
  n=$((n + 1))
  read -r code ct < <(upload); echo "upload $code ${ct%%;*} $(traced "$work/upload.body")" >> "$samples"
  code=$(event "full-$n"); echo "event $code $(traced "$work/event.body")" >> "$samples"
  [ "$code" = 202 ] && accepted_while_full=$((accepted_while_full + 1))
  echo "health $(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$base/actuator/health")" >> "$samples"
  sleep 5
done
echo "   while full, by request: status content-type trace"
sort "$samples" | uniq -c | sed 's/^/     /'
echo "   an upload's answer while full: $(head -c 300 "$work/upload.body")"
echo "   server log while full: $(grep -c -i 'no space left' "$log") lines naming 'No space left'"
rm -f "$data/filler"
echo "   $(date -u +%T) space back: $(df -h --output=avail "$data" | tail -1 | xargs) free"
recovered=""
for s in $(seq 60); do
  [ "$(event "after-$s")" = 202 ] && [ "$(upload | cut -d' ' -f1)" = 201 ] && { recovered=$s; break; }
  sleep 1
done
restarted=no
if [ -z "$recovered" ]; then
  echo "   not answering normally 60 s after space returned; restarting the server"
  stop_demo; pg_kill KILL; restarted=yes
  start_demo "$data" "$log"
fi
echo "   recovered by itself: ${recovered:+yes, in ${recovered} s}${recovered:-no (restarted)}"
snapshot "$work/after"
# Blobs stored before must be byte-identical; rows may only have grown.
check "every blob file stored before is unchanged (SHA-256)" \
  bash -c "comm -23 <(grep '^[0-9a-f]\{64\}' '$work/before') <(grep '^[0-9a-f]\{64\}' '$work/after') | wc -l | grep -qx 0"
for t in analytics_event image_version personal_blob; do
  b=$(awk -v t=$t '$1 == t {print $2}' "$work/before"); a=$(awk -v t=$t '$1 == t {print $2}' "$work/after")
  check "$t rows kept ($b before, $a after)" test "$a" -ge "$b"
done
check "every personal_blob row has its file" test \
  "$(sql "select count(*) from personal_blob")" -le "$(find "$data/blobs" -type f | wc -l)"
check "uploads while full answered 507 or 503, without a stack trace" \
  bash -c "! grep '^upload ' '$samples' | grep -vqE '^upload (507|503) [a-z/+]+ clean'"
check "events while full answered 503 (or 202 if stored), without a stack trace" \
  bash -c "! grep '^event ' '$samples' | grep -vqE '^event (503|202) clean'"
check "pledge audit verify passes" bash -c "'$root/pledge' audit verify --data-dir '$data' >/dev/null 2>&1"
echo "   audit verify: $("$root/pledge" audit verify --data-dir "$data" 2>&1 | tail -1)"
echo "== $failures check(s) failed (restarted: $restarted)"
[ "$failures" -eq 0 ]
