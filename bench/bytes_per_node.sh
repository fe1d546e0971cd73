#!/usr/bin/env bash
# Memory per node (issue 14): peak resident memory of `svcsim run` on chains of
# 50 nodes (tests/memory/gen_chains.sh: load balancers ending in a one-worker
# service, one 50/s workload per chain, 2 s), divided by the number of nodes.
# Usage: bench/bytes_per_node.sh SVCSIM [NODES...]   (default 2000 5000 10000)
set -euo pipefail
svcsim=$1
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 5000 10000)
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "bytes_per_node.sh: $svcsim, chains of 50 nodes, 50/s per chain, 2s simulated"
for n in "${sizes[@]}"; do
  "$here/../tests/memory/gen_chains.sh" "$n" 50 50/s 2s >"$dir/s.yaml"
  /usr/bin/time -f "%M %e %U %S" -o "$dir/time" "$svcsim" run "$dir/s.yaml" --quiet --no-progress \
    --json "$dir/out.json" || true
  read -r kib secs user sys <"$dir/time"
  # CPU time besides wall time: on a shared machine the wall time also counts the others' load.
  printf '  %7d nodes: peak %8.1f MB, %8.0f bytes per node, %6.1f s wall, %6.1f s CPU\n' "$n" \
    "$(echo "$kib / 1024" | bc -l)" "$(echo "$kib * 1024 / $n" | bc -l)" "$secs" "$(echo "$user + $sys" | bc -l)"
done
