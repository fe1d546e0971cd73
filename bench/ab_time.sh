#!/usr/bin/env bash
# Compares two builds' CPU time on one benchmark model, A and B interleaved
# (so a busy neighbour slows both alike), and prints the best of R runs each
# and B/A. The way bench/README.md's before/after figures of one change are
# measured: build the old commit's svcsim_bench elsewhere (a git worktree),
# then, from the repository root,
#   bench/ab_time.sh /path/to/old/svcsim_bench build/bench/svcsim_bench mm1 2000000 5
# MODEL and N are those of `svcsim_bench --only MODEL N`.
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: bench/ab_time.sh A_BENCH B_BENCH MODEL N [RUNS=5]" >&2
  exit 2
fi
a=$1 b=$2 model=$3 n=$4 runs=${5:-5}
cpu_s() { "$1" --only "$model" "$n" | sed -E 's/.* events, ([0-9.]+) CPU s.*/\1/'; }
ta=() tb=()
for _ in $(seq "$runs"); do
  ta+=("$(cpu_s "$a")")
  tb+=("$(cpu_s "$b")")
done
best_a=$(printf '%s\n' "${ta[@]}" | sort -g | head -1)
best_b=$(printf '%s\n' "${tb[@]}" | sort -g | head -1)
echo "$model $n: A best $best_a s, B best $best_b s, B/A $(awk -v a="$best_a" -v b="$best_b" 'BEGIN { printf "%.3f", b / a }')"
echo "  A: ${ta[*]}"
echo "  B: ${tb[*]}"
