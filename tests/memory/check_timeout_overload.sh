#!/usr/bin/env bash
# Issue 14: an overload whose client gives up (`timeout`) must not escape
# --max-in-flight. Timed-out requests leave, but their calls keep queueing at
# the server; before the fix the count ignored them and a 2 h run grew to
# 1.9 GB and exited 0. Under a 1 GiB address-space cap the run must stop with
# exit 3 and a message naming the saturated node and the calls in flight.
# Usage: check_timeout_overload.sh SVCSIM
set -uo pipefail
svcsim=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
prlimit --as=$((1024 * 1024 * 1024)) "$svcsim" run "$(dirname "$0")/timeout_overload.yaml" --quiet --no-progress \
  --json "$dir/out.json" 2>"$dir/err"
code=$?
cat "$dir/err"
fail=0
[ "$code" = 3 ] || { echo "FAIL: exit $code, expected 3"; fail=1; }
grep -q "calls in flight" "$dir/err" || { echo "FAIL: the message does not count calls in flight"; fail=1; }
grep -q "node 'server' is saturated" "$dir/err" || { echo "FAIL: the message does not name node 'server'"; fail=1; }
grep -q '"stopped": "in_flight_limit"' "$dir/out.json" 2>/dev/null || { echo "FAIL: no stopped results file"; fail=1; }
[ $fail = 0 ] && echo "ok: exit 3 under a 1 GiB cap"
exit $fail
