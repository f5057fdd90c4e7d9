#!/usr/bin/env bash
# The anonymiser on a real log: `./pledge logs anonymise` (the launcher, as an operator runs it,
# JVM start-up included) against Debian's anonip, on a real public Apache combined log repeated to
# LINES lines.
#
# The log: "apache_logs" from Elastic's examples repository (elastic/examples, path
# "Common Data Formats/apache_logs/apache_logs"; Apache License 2.0, the repository's licence):
# 10,000 lines of a real web server's combined log from May 2015, 2.3 MB. It is not kept in this
# repository. Give its path in REAL_LOG, or let the script download it from
#   https://raw.githubusercontent.com/elastic/examples/master/Common%20Data%20Formats/apache_logs/apache_logs
# Either way it must be that exact file: sha256 f15c31e905f86c7b4b6ab44aee74d0a2086dce89f010187d983edea7ef0364ef
# (git blob 94bf224f30abf42f3707db4fc02c90362e0ba338).
#
# Method: every tool reads the log on standard input and writes to /dev/null; GNU time gives wall,
# CPU (user + system, all threads) and peak RSS. pledge runs REPEAT times and the fastest run counts
# (the machine is shared); anonip runs once. The one-minute load average is printed beside each row.
# For comparison: pledge on one core (--threads 1, as before it used every core) and with the
# optimising compiler (C2) instead of the launcher's C1 only.
#
# Needs: java 17, GNU time (apt-get install -y time), anonip (apt-get install -y anonip), curl or
# REAL_LOG. Usage: bench/logs/real.sh    LINES=1000000 REPEAT=5 WORK=/tmp/pledge-logs-real
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
lines="${LINES:-1000000}"; repeat="${REPEAT:-5}"; work="${WORK:-/tmp/pledge-logs-real}"
sha=f15c31e905f86c7b4b6ab44aee74d0a2086dce89f010187d983edea7ef0364ef
mkdir -p "$work"
need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: '$1' is missing. $2" >&2; exit 2; }; }
need anonip "apt-get update && apt-get install -y anonip"
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing. apt-get install -y time" >&2; exit 2; }

source_log="$work/apache_logs"
if [ -n "${REAL_LOG:-}" ]; then
  [ "$(readlink -f "$REAL_LOG")" = "$(readlink -f "$source_log")" ] || cp "$REAL_LOG" "$source_log"
elif [ ! -s "$source_log" ]; then
  need curl "apt-get install -y curl, or give the file in REAL_LOG"
  curl -fsSL -o "$source_log" \
    "https://raw.githubusercontent.com/elastic/examples/master/Common%20Data%20Formats/apache_logs/apache_logs"
fi
echo "$sha  $source_log" | sha256sum -c --quiet - \
  || { echo "bench: $source_log is not the expected apache_logs (sha256 differs)" >&2; exit 2; }
log="$work/real-$lines.log"
if [ "$( (wc -l < "$log") 2>/dev/null || echo 0)" != "$lines" ]; then
  src_lines=$(wc -l < "$source_log")
  : > "$log"
  for _ in $(seq $(( (lines + src_lines - 1) / src_lines ))); do cat "$source_log" >> "$log"; done
  head -n "$lines" "$log" > "$log.tmp" && mv "$log.tmp" "$log"
fi

"$root/pledge" --version >/dev/null # builds and extracts the jar, makes the class-data archive
app="$root/pledge-server/target/pledge"
archive="$(ls "$app"/cli-*.jsa | head -1)"

# run NAME TIMES COMMAND...: one row, the fastest of TIMES runs; leaves its wall seconds in $best
run() {
  local name="$1" times="$2"; shift 2
  best=""; local row=""
  for _ in $(seq "$times"); do
    local load start end wall user sys rss
    load="$(cut -d' ' -f1 /proc/loadavg)"
    start="$(date +%s%N)"
    /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$@" < "$log" > /dev/null
    end="$(date +%s%N)"
    wall="$(awk -v a="$start" -v b="$end" 'BEGIN{ printf "%.3f", (b - a) / 1e9 }')"
    read -r user sys rss < "$work/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then
      best="$wall"
      row="$(awk -v n="$name" -v l="$lines" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v ld="$load" \
        'BEGIN{ printf "| %s | %d | %.2f | %.2f | %.0f | %.1f | %s |", n, l, w, u+s, l/w, r/1024, ld }')"
    fi
  done
  echo "$row"
}

echo "# pledge logs anonymise on a real log ($lines lines of elastic/examples apache_logs)"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores; $(java -version 2>&1 | head -1);" \
  "anonip $(dpkg-query -W -f='${Version}' anonip 2>/dev/null || echo '?')"
echo
echo "| tool | lines | wall s | cpu s | lines/s (wall) | peak RSS MiB | load at start |"
echo "|---|---:|---:|---:|---:|---:|---:|"
run "./pledge logs anonymise (C1, every core)" "$repeat" "$root/pledge" logs anonymise --quiet
pledge="$best"
run "./pledge logs anonymise --threads 1 (C1, one core: as before)" "$repeat" \
  "$root/pledge" logs anonymise --quiet --threads 1
one="$best"
run "the same with C2 (PLEDGE_JAVA_OPTS=-XX:TieredStopAtLevel=4)" "$repeat" \
  env PLEDGE_JAVA_OPTS=-XX:TieredStopAtLevel=4 "$root/pledge" logs anonymise --quiet
c2="$best"
run "anonip (defaults)" 1 anonip
echo
ratio() { awk -v a="$best" -v b="$1" 'BEGIN{printf "%.1f", a/b}'; }
echo "- against anonip, start-up included: ./pledge logs anonymise $(ratio "$pledge")x;" \
  "one core $(ratio "$one")x; with C2 $(ratio "$c2")x"
