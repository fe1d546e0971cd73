#!/usr/bin/env bash
# Issue 14: memory follows what is used. 10,000 nodes in chains of 50 (200
# workloads, 1 s) ran in about 5 GB before (fixed histograms per node, dense
# tail-attribution rows, per-instance counters for every program); under a
# 1 GiB address-space cap it must now finish normally (exit 0).
# Usage: check_many_nodes.sh SVCSIM GEN_CHAINS
set -uo pipefail
svcsim=$1 gen=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$gen" 10000 50 50/s 1s >"$dir/chains.yaml"
prlimit --as=$((1024 * 1024 * 1024)) "$svcsim" run "$dir/chains.yaml" --quiet --no-progress --json "$dir/out.json"
code=$?
[ "$code" = 0 ] || { echo "FAIL: exit $code, expected 0"; exit 1; }
grep -q '"c199n49"' "$dir/out.json" || { echo "FAIL: the last node is missing from the results"; exit 1; }
echo "ok: 10,000 nodes under a 1 GiB cap"
