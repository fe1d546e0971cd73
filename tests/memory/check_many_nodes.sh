#!/usr/bin/env bash
# Issue 14: memory follows what is used, and time grows with the scenario, not
# faster. 10,000 nodes in chains of 50 (200 workloads, 1 s) ran in about 5 GB
# before (fixed histograms per node, dense tail-attribution rows, per-instance
# counters for every program); under a 1 GiB address-space cap it must now
# finish normally (exit 0). Its CPU time must stay within 24 times that of
# 1,250 nodes (8 times the size: linear is 8; the analysis's visits per node,
# nodes x workloads x programs, made it about 60 and a 50,000-node run never
# ended), and so must a 10,000-node call chain's against a 1,250-node one
# (tail attribution searched a request's cells per node it passed: k^2).
# Times under 0.1 s count as 0.1 s, so a fast small run cannot fail the ratio.
# Usage: check_many_nodes.sh SVCSIM GEN_CHAINS
set -uo pipefail
svcsim=$1 gen=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
TIMEFORMAT='%3U %3S'

# Runs SCENARIO (under the cap), checks exit 0, prints its CPU seconds (user + system).
cpu_run() {
  { time prlimit --as=$((1024 * 1024 * 1024)) "$svcsim" run "$1" --quiet --no-progress --json "$dir/out.json" \
      2>"$dir/err"; } 2>"$dir/time"
  local code=$?
  [ "$code" = 0 ] || { echo "FAIL: $1: exit $code, expected 0" >&2; cat "$dir/err" >&2; return 1; }
  awk '{ s = $1 + $2; print (s < 0.1 ? 0.1 : s) }' "$dir/time"
}

# Fails unless BIG's CPU time is within 24 times SMALL's.
scales() {
  local what=$1 small big
  small=$(cpu_run "$2") || exit 1
  big=$(cpu_run "$3") || exit 1
  awk -v s="$small" -v b="$big" -v w="$what" 'BEGIN {
    printf "%s: 1,250 nodes %.2f CPU-s, 10,000 nodes %.2f CPU-s (x%.1f; linear x8)\n", w, s, b, b / s
    exit !(b / s < 24) }' || { echo "FAIL: $what: time grows faster than the number of nodes"; exit 1; }
}

"$gen" 1250 50 50/s 1s >"$dir/chains-small.yaml"
"$gen" 10000 50 50/s 1s >"$dir/chains.yaml"
scales "chains of 50" "$dir/chains-small.yaml" "$dir/chains.yaml"
grep -q '"c199n49"' "$dir/out.json" || { echo "FAIL: the last node is missing from the results"; exit 1; }
"$gen" 1250 1250 50/s 1s >"$dir/chain-small.yaml"
"$gen" 10000 10000 50/s 1s >"$dir/chain.yaml"
scales "one call chain" "$dir/chain-small.yaml" "$dir/chain.yaml"
echo "ok: 10,000 nodes under a 1 GiB cap, in time linear in the nodes"
