#!/usr/bin/env bash
# Scale-out figures (bench/README.md, "Scale-out"), in three parts:
#  1. per-run CPU time of the seed architecture (scenarios/netflix.yaml), and
#     what a 40-point x 10-replication sweep (400 runs) costs on 1, 8 and 64
#     machines: per-run CPU time x runs / machines (docs/scale-out.md's table);
#  2. GNU parallel with 2 jobs finishing a 16-shard replication set of the
#     seed architecture (shards and merge) against one process with -j 1, as
#     a ratio of wall times (target <= 0.6; best of 3 interleaved repeats; on
#     a shared machine other users' load pushes it towards 1, so the load
#     average and the CPU times are printed too);
#  3. `svcsim merge` of 1,000 shard files: wall time (target < 5 s) and peak
#     memory, for two request rates (memory must not grow with the requests).
# Usage: bench/scale_out.sh [SVCSIM]   (default build/svcsim; needs GNU parallel)
set -euo pipefail
svcsim=$(realpath "${1:-build/svcsim}")
repo=$(cd "$(dirname "$0")/.." && pwd)
command -v parallel >/dev/null || { echo "scale_out.sh: GNU parallel is not installed" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$repo"

now_ns() { date +%s%N; }
# Runs "$@" quietly; prints "WALL_S CPU_S" (CPU: user + system of the command and its children).
measure() {
  local start end cpu
  start=$(now_ns)
  cpu=$( { TIMEFORMAT='%U %S'; time "$@" > /dev/null 2>&1; } 2>&1 )
  end=$(now_ns)
  awk -v w=$((end - start)) -v c="$cpu" 'BEGIN { split(c, p, " "); printf "%.3f %.3f\n", w / 1e9, p[1] + p[2] }'
}

echo "scale_out.sh: $(nproc) logical CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

echo
echo "1. Per-run CPU time: svcsim run scenarios/netflix.yaml --replications 4 -j 1"
read -r wall cpu < <(measure "$svcsim" run scenarios/netflix.yaml --replications 4 -j 1 --quiet)
per_run=$(awk -v c="$cpu" 'BEGIN { printf "%.3f", c / 4 }')
echo "   4 runs: ${cpu} CPU-s, ${per_run} CPU-s per run"
echo "   a sweep of 40 points x 10 replications = 400 runs:"
for machines in 1 8 64; do
  awk -v t="$per_run" -v m="$machines" 'BEGIN { s = t * 400 / m; printf "   %2d machine%s: %7.1f s (%.1f min)\n", m, m == 1 ? " " : "s", s, s / 60 }'
done

echo
echo "2. A 16-run replication set (scenarios/netflix.yaml --replications 16), best of 3 by wall time:"
set16=(run scenarios/netflix.yaml --replications 16)
sharded() {
  rm -rf "$tmp/p" && mkdir "$tmp/p"
  parallel -j2 "$svcsim" "${set16[@]}" --shard {}/16 --json "$tmp/p/{}.json" --quiet ::: $(seq 0 15) &&
    "$svcsim" merge "$tmp"/p/*.json --json "$tmp/merged.json" --quiet
}
: > "$tmp/one" && : > "$tmp/par"
for repeat in 1 2 3; do
  measure "$svcsim" "${set16[@]}" -j 1 --quiet --json "$tmp/one.json" >> "$tmp/one"
  measure sharded >> "$tmp/par"
done
read -r one one_cpu < <(sort -n "$tmp/one" | head -1)
read -r par par_cpu < <(sort -n "$tmp/par" | head -1)
echo "   one process, -j 1:                    ${one} s wall, ${one_cpu} CPU-s"
echo "   GNU parallel -j2, 16 shards + merge:  ${par} s wall, ${par_cpu} CPU-s"
echo "   load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v a="$par" -v b="$one" 'BEGIN { r = a / b; printf "   ratio: %.2f  (target <= 0.6)  %s\n", r, r <= 0.6 ? "PASS" : "FAIL" }'

echo
echo "3. svcsim merge of 1,000 shard files (scenarios/mm1.yaml --duration 20s --replications 1000, one run each):"
for rate in 450/s 900/s; do
  rm -rf "$tmp/m" && mkdir "$tmp/m"
  parallel -j2 "$svcsim" run scenarios/mm1.yaml --duration 20s --set workloads.req.rate=$rate --replications 1000 \
    --shard {}/1000 --json "$tmp/m/{}.json" --quiet ::: $(seq 0 999)
  size=$(du -sm "$tmp/m" | cut -f1)
  read -r wall cpu < <(measure "$svcsim" merge "$tmp"/m/*.json --json "$tmp/m1000.json" --quiet)
  rss=$(/usr/bin/time -f %M "$svcsim" merge "$tmp"/m/*.json --json "$tmp/m1000.json" --quiet 2>&1 >/dev/null | tail -1)
  requests=$(grep -m1 '"requests"' "$tmp/m1000.json" | tr -dc '0-9.')
  awk -v w="$wall" -v r="$rss" -v q="$rate" -v s="$size" -v n="$requests" 'BEGIN {
    printf "   rate %s: %d MB of shards, mean %.0f requests per run; merge %.2f s wall (target < 5 s) %s, peak memory %.0f MB\n",
           q, s, n, w, w < 5 ? "PASS" : "FAIL", r / 1024 }'
done
