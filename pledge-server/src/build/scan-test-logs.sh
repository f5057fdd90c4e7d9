#!/usr/bin/env bash
# B-13: no secret, address or e-mail in any log line of the test run. After the tests, reads every
# line the server logged (its pattern: "HH:mm:ss.SSS LEVEL logger - message") in the tests' captured
# output, and fails the build on one that holds a value the tests planted — their accounts'
# passwords, the mail server's passwords, an API key, a webhook signing secret, a session or
# single-use token in a link — or any e-mail address. A log line's exception counts as part of it:
# the exception's headline, its "Caused by:"/"Suppressed:" lines and its indented message lines
# (PostgreSQL's "Detail: Key (email)=(…)") are read too; its "at …" frames are not.
# Usage: scan-test-logs.sh DIR...   (target/surefire-reports, target/fuzz-reports)
set -euo pipefail
planted=(
  'quiet meadow lantern 42'          # StudioTestAccounts.PASSWORD
  'correct horse battery staple'     # ConsoleLoginTest.PASSWORD
  'a passphrase for the csp test'    # ContentSecurityPolicyBrowserTest
  'editor-secret' 'support-secret'   # TestMailServer's mailboxes
  'pst_live_[A-Za-z0-9_-]{16}'       # an API key's secret
  'whsec_[A-Za-z0-9_-]{4}'           # a webhook signing secret
  'verify#t=[0-9a-f]{16}'            # a verification link's token
  '[0-9a-f]{64}'                     # a single-use link's token (256 bits as hex: studio, rights)
  '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}'   # an e-mail address
)
pattern="$(IFS='|'; echo "${planted[*]}")"
files=()
for d in "$@"; do
  [ -d "$d" ] && while IFS= read -r f; do files+=("$f"); done < <(find "$d" -name '*-output.txt')
done
if [ ${#files[@]} -eq 0 ]; then
  echo "scan-test-logs: no captured test output under $* (tests skipped?)"
  exit 0
fi
# Every log line, and the lines of the exception logged with it, as FILE:LINE:TEXT. (mawk: no {n}.)
entries() {
  awk '
    /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9] +[A-Z]+ / { inlog = 1; print FILENAME ":" FNR ":" $0; next }
    inlog && /^[ \t]+at [A-Za-z_$]/ { next }
    inlog && /^[ \t]*\.\.\. [0-9]+ (more|common frames omitted)/ { next }
    inlog && (/^[ \t]*(Caused by|Suppressed): / || /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z0-9_$]+)+(: |$)/ || /^[ \t]+[^ \t]/) { print FILENAME ":" FNR ":" $0; next }
    { inlog = 0 }
  ' "$@"
}
lines=$(entries "${files[@]}" | wc -l)
found=$(entries "${files[@]}" | grep -aE "$pattern" || true)
if [ -n "$found" ]; then
  echo "scan-test-logs: log lines of the test run hold a secret or an e-mail address (B-13):" >&2
  echo "$found" | head -40 >&2
  exit 1
fi
echo "scan-test-logs: $lines log lines in ${#files[@]} captured outputs, none holds a planted secret or an e-mail address"
