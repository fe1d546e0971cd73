#!/usr/bin/env bash
# Cross-compiler determinism: every shipped scenario (and a replicated run,
# which exercises the Student-t half-widths, and one with warmup: auto) gives the same results file from
# two svcsim binaries, e.g. built with g++ and with clang++, apart from the
# wall-clock fields. Exit 1 and show the first differences otherwise.
# Usage: tests/regression/compare_compilers.sh SVCSIM_A SVCSIM_B
set -uo pipefail
a=$1 b=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

without_wall_clock() { grep -v -e '"wall_s"' -e '"events_per_s"' "$1"; }

# NAME SCENARIO [run options...]
check() {
  local name=$1 scenario=$2
  shift 2
  for binary in a b; do
    "${!binary}" run "$scenario" --quiet --no-progress --json "$work/$name.$binary.json" "$@"
    if [ $? -ge 2 ]; then
      echo "FAIL $name: svcsim ($binary) could not run it" >&2
      return 1
    fi
  done
  if diff <(without_wall_clock "$work/$name.a.json") <(without_wall_clock "$work/$name.b.json") >"$work/$name.diff"; then
    echo "same  $name"
  else
    echo "DIFFERENT $name:" >&2
    head -20 "$work/$name.diff" >&2
    return 1
  fi
}

status=0
for scenario in "$root"/scenarios/*.yaml; do
  check "$(basename "$scenario" .yaml)" "$scenario" || status=1
done
check mm1-replicated "$root/scenarios/mm1.yaml" --replications 4 -j 2 --duration 30s || status=1
# warmup: auto (MSER-5 over batch means, then a second run) with a burst at the start.
check mm1-warmup-auto "$root/scenarios/mm1.yaml" --set warmup=auto --replications 2 --duration 30s \
  --set 'workloads.req.schedule=[{at: 0s, rate: 1500/s}, {at: 1s, rate: 900/s}]' || status=1
exit $status
