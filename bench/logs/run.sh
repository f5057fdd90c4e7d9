#!/usr/bin/env bash
# Access-log anonymiser benchmark (issue 4): single-threaded lines per second and peak memory of
#   cat                        the floor: reading and writing the bytes, nothing else
#   anonip                     Debian's anonip with its default masks (what operators use today)
#   pledge logs anonymise      mask mode (default) and --hash mode
# on realistic combined-format logs of two sizes (to show that memory stays flat).
#
# Method: each log is generated once under $WORK (never in the repository) by generate.py, seeded.
# Every tool reads the log on standard input and writes standard output to /dev/null; GNU time
# reports wall time, CPU time and peak RSS. cat and pledge run $REPEAT times and the fastest run
# counts (the machine is shared, the fastest run is the least disturbed); anonip runs once per
# size, as it takes minutes. JVM start-up and JIT warm-up are included in pledge's times.
#
# Needs: python3, java 17, GNU time (apt-get install -y time) and anonip
# (apt-get update && apt-get install -y anonip). Builds the classes if they are missing.
#
# Usage: bench/logs/run.sh            SIZES="2000000 5000000" REPEAT=5 WORK=/tmp/pledge-logs-bench
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes="${SIZES:-2000000 5000000}"
repeat="${REPEAT:-5}"
work="${WORK:-/tmp/pledge-logs-bench}"
mkdir -p "$work"

need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: '$1' is missing. $2" >&2; exit 2; }; }
need python3 "apt-get install -y python3"
need java "apt-get install -y openjdk-17-jdk"
need anonip "apt-get update && apt-get install -y anonip"
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing. apt-get install -y time" >&2; exit 2; }

classes="$root/pledge-server/target/classes"
if [ ! -f "$classes/dev/pledge/cli/LogsCommand.class" ]; then
  echo "bench: building pledge-server ..." >&2
  (cd "$root" && mvn -B -q -o -DskipTests install) \
    || (cd "$root" && mvn -B -q -o compile -pl pledge-server -am)
fi
# A private copy of the classes: a build running beside the benchmark must not swap them mid-run.
rm -rf "$work/classes"
cp -r "$classes" "$work/classes"
classes="$work/classes"
picocli="$(find "$HOME/.m2/repository/info/picocli/picocli" -name 'picocli-4.7.7.jar' | head -1)"
[ -n "$picocli" ] || { echo "bench: picocli 4.7.7 is not in ~/.m2; run mvn -DskipTests install" >&2; exit 2; }
pledge=(java -cp "$classes:$picocli" dev.pledge.cli.LogsCommand anonymise --quiet)
key="$work/bench.key"

# run NAME LINES TIMES INPUT COMMAND...: prints one result row, keeping the fastest of TIMES runs;
# leaves that run's lines per second in $rate.
run() {
  local name="$1" lines="$2" times="$3" input="$4"
  shift 4
  local best="" bestline=""
  for _ in $(seq "$times"); do
    local load start end wall
    load="$(cut -d' ' -f1 /proc/loadavg)"
    start="$(date +%s%N)"
    /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$@" < "$input" > /dev/null
    end="$(date +%s%N)"
    wall="$(awk -v a="$start" -v b="$end" 'BEGIN{ printf "%.3f", (b - a) / 1e9 }')"
    read -r user sys rss < "$work/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then
      best="$wall"
      seconds="$wall"
      rate="$(awk -v l="$lines" -v w="$wall" 'BEGIN{ printf "%.0f", l / w }')"
      bestline="$(awk -v n="$name" -v l="$lines" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v ld="$load" \
        'BEGIN{ printf "| %s | %d | %.2f | %.2f | %.0f | %.1f | %s |", n, l, w, u+s, l/w, r/1024, ld }')"
    fi
  done
  echo "$bestline"
}

echo "# pledge logs anonymise benchmark"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "- machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/.*: *//'), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "- java: $(java -version 2>&1 | head -1)"
echo "- anonip: $(dpkg-query -W -f='${Version}' anonip 2>/dev/null || echo unknown), default masks (IPv4 /20, IPv6 /44)"
echo "- pledge: default masks (IPv4 /24, IPv6 /48), auto format, whole-line address scan"
echo
ratios=""
pledge_points=""
echo "| tool | lines | wall s | cpu s | lines/s (wall) | peak RSS MiB | load at start |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
  log="$work/access-$n.log"
  if [ ! -s "$log" ]; then
    echo "bench: generating $n lines into $log ..." >&2
    python3 "$root/bench/logs/generate.py" "$n" > "$log"
  fi
  run "cat" "$n" "$repeat" "$log" cat
  run "pledge logs anonymise" "$n" "$repeat" "$log" "${pledge[@]}"
  pledge_rate="$rate"
  pledge_points+="$n $seconds"$'\n'
  run "pledge logs anonymise --hash" "$n" "$repeat" "$log" "${pledge[@]}" --hash --key-file "$key"
  hash_rate="$rate"
  run "anonip" "$n" 1 "$log" anonip
  ratios+="- $n lines: pledge is $(awk -v a="$pledge_rate" -v b="$rate" 'BEGIN{ printf "%.1f", a / b }')x anonip"
  ratios+=" (--hash: $(awk -v a="$hash_rate" -v b="$rate" 'BEGIN{ printf "%.1f", a / b }')x)"$'\n'
done
echo
printf '%s' "$ratios"
# JVM start-up and JIT warm-up cost the same for both sizes; the difference between them is the
# steady-state rate.
if [ "$(printf '%s' "$pledge_points" | wc -l)" -ge 2 ]; then
  printf '%s' "$pledge_points" | awk 'NR==1{n1=$1; t1=$2} END{ if ($2 > t1) printf "- steady state (lines %d..%d): pledge %.0f lines/s; fixed start-up cost %.2f s\n", n1, $1, ($1-n1)/($2-t1), t1 - n1*($2-t1)/($1-n1) }'
fi
# A sanity check that the run measured real work: same line count, no client address left whole.
n="${sizes%% *}"
out_lines="$("${pledge[@]}" < "$work/access-$n.log" | wc -l)"
echo
echo "pledge wrote $out_lines lines for $n; first client fields: $("${pledge[@]}" < "$work/access-$n.log" | sed -n '1,3p' | cut -d' ' -f1 | tr '\n' ' ')"
