#!/usr/bin/env bash
# Issue 14: where memory would still run out, the run stops with exit 3 and a
# message naming what grew, never the kernel's kill. An overload with the
# in-flight limit lifted grows without bound; under a 1 GiB address-space cap
# the default --max-memory (derived from the cap) stops it, or, when a pool's
# doubling asks for more than the cap at once, the failed allocation does:
# either way exit 3, the results up to there, and what grew. A sweep's point
# (sweep --max-memory, the same default) stops alike and fails: exit 1.
# Usage: check_memory_limit.sh SVCSIM
set -uo pipefail
svcsim=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
prlimit --as=$((1024 * 1024 * 1024)) "$svcsim" run "$(dirname "$0")/timeout_overload.yaml" --duration 10h --quiet --no-progress \
  --max-in-flight 1000000000 --json "$dir/out.json" 2>"$dir/err"
code=$?
cat "$dir/err"
fail=0
[ "$code" = 3 ] || { echo "FAIL: exit $code, expected 3"; fail=1; }
grep -Eq "(\(--max-memory\)|an allocation failed\)); what grew: [0-9]+ calls in flight" "$dir/err" ||
  { echo "FAIL: the message does not say what grew"; fail=1; }
grep -q "node 'server' is saturated" "$dir/err" || { echo "FAIL: the message does not name node 'server'"; fail=1; }
grep -q '"stopped": "memory_limit"' "$dir/out.json" 2>/dev/null || { echo "FAIL: no stopped results file"; fail=1; }
[ $fail = 0 ] && echo "ok: run: exit 3 under a 1 GiB cap"

# A sweep's point that would run out of memory stops the same way and fails
# (it does not take the sweep down): exit 1, the point named with the reason.
# Once under the cap alone (the default limit or a failed allocation), once
# with --max-memory 300M, whose own limit must be the one named.
for limit in "" 300M; do
  prlimit --as=$((1024 * 1024 * 1024)) "$svcsim" sweep "$(dirname "$0")/timeout_overload.yaml" --duration 10h \
    --vary nodes.server.concurrency=1 --quiet --no-progress --max-in-flight 1000000000 \
    ${limit:+--max-memory "$limit"} 2>"$dir/sweep-err"
  code=$?
  cat "$dir/sweep-err"
  [ "$code" = 1 ] || { echo "FAIL: sweep ${limit:+--max-memory $limit }exit $code, expected 1"; fail=1; }
  want="(\(--max-memory\)|an allocation failed\)); what grew"
  [ -n "$limit" ] && want="passed the limit of 315 MB \(--max-memory\); what grew"
  grep -Eq "point nodes.server.concurrency=1: .*$want" "$dir/sweep-err" ||
    { echo "FAIL: the sweep does not name the point stopped for memory${limit:+ at --max-memory $limit}"; fail=1; }
done
[ $fail = 0 ] && echo "ok: sweep: the point stopped for memory, exit 1"
exit $fail
