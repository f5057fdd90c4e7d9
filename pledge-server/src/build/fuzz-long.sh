#!/usr/bin/env bash
# A longer fuzzing run of one target than `./pledge test` gives it (B-13): Jazzer's own driver runs
# the target's @FuzzTest method for as long as asked, after building the test classes. Findings go
# to pledge-server/fuzz-findings/; copy one into the target's *FuzzTestInputs/ folder as a
# regression test once fixed.
# Usage: pledge-server/src/build/fuzz-long.sh CLASS METHOD [SECONDS]
#   e.g. pledge-server/src/build/fuzz-long.sh dev.pledge.server.rights.IncomingMailFuzzTest incomingMail 1800
set -euo pipefail
module="$(cd "$(dirname "$0")/../.." && pwd)"
class="$1" method="$2" seconds="${3:-600}"
cp_file="$module/target/fuzz-classpath.txt"
# test-compile first: the reactor then resolves pledge-policy to its classes.
(cd "$module/.." && mvn -q -B -pl pledge-server -am test-compile dependency:build-classpath \
  -Dspotless.check.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2)
mkdir -p "$module/fuzz-findings" "$module/.cifuzz-corpus/$class/$method"
cd "$module"
exec java -Djdk.attach.allowAttachSelf=true \
  -cp "$module/target/test-classes:$module/target/classes:$(cat "$cp_file")" \
  com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
  --instrumentation_includes='dev.pledge.**' \
  -artifact_prefix="$module/fuzz-findings/" -max_total_time="$seconds" \
  "$module/.cifuzz-corpus/$class/$method"
