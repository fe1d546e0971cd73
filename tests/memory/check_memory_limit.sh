#!/usr/bin/env bash
# Issue 14: where memory would still run out, the run stops with exit 3 and a
# message naming what grew, never the kernel's kill. An overload with the
# in-flight limit lifted grows without bound; under a 1 GiB address-space cap
# the default --max-memory (derived from the cap) stops it, or, when a pool's
# doubling asks for more than the cap at once, the failed allocation does:
# either way exit 3, the results up to there, and what grew.
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
[ $fail = 0 ] && echo "ok: exit 3 under a 1 GiB cap"
exit $fail
