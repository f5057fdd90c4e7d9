#!/usr/bin/env bash
# Offline text detection, reading and replacement (issue 14): PP-OCRv4 through ONNX Runtime on a
# generated 2-megapixel image. Usage: bench/images-text/run.sh [timed runs, default 10]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$root/pledge" --version >/dev/null   # builds the jar (with the models and the font) when sources changed
echo "date $(date -u +%FT%TZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$root/pledge-server/target/pledge/pledge-server.jar" "$root/bench/images-text/TextBench.java" "${1:-10}" 2>&1 |
  grep -Ev '^SLF4J|^\s+at '
