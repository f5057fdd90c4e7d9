#!/usr/bin/env bash
# Rights-request benchmarks (issue 6). Usage: bench/erasure/run.sh   (needs ~15 GB of disk; 15-30 min)
#  1. Erasing one person among 1,000,000 people and 50,000,000 rows in stores shaped like the image
#     studio's (generate.sql), timed around RetentionEngine.erase inside the server.
#  2. An access export of a person with 1,000 encrypted blobs of ~200 KB, timed around
#     SubjectExporter.export.
# Smaller runs: -Derased=N -DexportBlobs=N -DblobSize=BYTES via BENCH_OPTS.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$root/pledge" --version >/dev/null   # builds when sources changed
cd "$root"
java ${BENCH_OPTS:-} -Dgenerator="$root/bench/erasure/generate.sql" \
  -cp "$root/pledge-server/target/pledge/pledge-server.jar" "$root/bench/erasure/ErasureBench.java" 2>&1 |
  grep -Ev '^SLF4J|^\s+at '
