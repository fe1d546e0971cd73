#!/usr/bin/env bash
# How far issue 15's M/M/1 target (svcsim >= 0.5 x the minimal loop) is from
# what this engine's request path can reach: builds the committed HEAD's
# svcsim_bench three ways (bench/scratch_build.sh) and times them, interleaved,
# against the minimal loop on the same model:
#   as is       - the engine as committed
#   no figures  - bench/ceiling/figures_off.patch: no tail attribution, no node
#                 latency or wait histograms, no time-weighted integrals (the
#                 results file would lose what SPEC section 5 asks for)
#   cheap log   - also bench/ceiling/cheap_log.patch: exponential draws take a
#                 ~10-instruction approximation instead of std::log (every
#                 result changes; the minimal loop keeps std::log)
# Neither patch is meant to land: they measure a ceiling (bench/README.md,
# "What 0.5 would take").
# Usage, from anywhere in the repository: bench/ceiling.sh [N=2000000] [RUNS=5]
set -euo pipefail
n=${1:-2000000}
runs=${2:-5}
here=$(dirname "$(realpath "$0")")
bins=$(mktemp -d)
trap 'rm -rf "$bins"' EXIT

echo "building HEAD ($(git rev-parse --short HEAD)) three ways ..."
"$here/scratch_build.sh" "$bins/as_is"
"$here/scratch_build.sh" "$bins/no_figures" figures_off.patch
"$here/scratch_build.sh" "$bins/cheap_log" figures_off.patch cheap_log.patch

cpu_s() { "$bins/$1" --only "$2" "$n" | sed -E 's/.* events, ([0-9.]+) CPU s.*/\1/'; }
declare -A times
for _ in $(seq "$runs"); do
  times[minimal]+="$(cpu_s as_is minimal) "
  for v in as_is no_figures cheap_log; do times[$v]+="$(cpu_s "$v" mm1) "; done
done
best() { printf '%s\n' ${times[$1]} | sort -g | head -1; }
minimal=$(best minimal)
echo "M/M/1 rho=0.9, $n requests, best of $runs interleaved runs (CPU s):"
printf '  %-36s %6s s\n' "minimal loop" "$minimal"
for v in as_is no_figures cheap_log; do
  case $v in
    as_is) label="svcsim as is" ;;
    no_figures) label="svcsim, no figures" ;;
    cheap_log) label="svcsim, no figures, cheap logarithm" ;;
  esac
  t=$(best "$v")
  printf '  %-36s %6s s   ratio to the minimal loop %s  (runs: %s)\n' "$label" "$t" \
    "$(awk -v m="$minimal" -v t="$t" 'BEGIN { printf "%.3f", m / t }')" "${times[$v]% }"
done
