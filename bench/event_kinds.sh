#!/usr/bin/env bash
# What a run's events are, kind by kind: builds the committed HEAD's
# svcsim_bench with bench/ceiling/event_kinds.patch (a counter per EventKind in
# the loop, printed on standard error; never meant to land: it costs every
# event an increment) and runs one bench model. For issue 15's "events per
# request" (bench/README.md, "Why an event cannot be saved").
# Usage, from anywhere in the repository: bench/event_kinds.sh [MODEL=netflix] [N=1000000]
# (MODEL and N as in `svcsim_bench --only MODEL N`).
set -euo pipefail
model=${1:-netflix}
n=${2:-1000000}
here=$(dirname "$(realpath "$0")")
bins=$(mktemp -d)
trap 'rm -rf "$bins"' EXIT

"$here/scratch_build.sh" "$bins/counting" event_kinds.patch
"$bins/counting" --only "$model" "$n" 2> "$bins/kinds" > "$bins/summary" ||
  { cat "$bins/kinds" >&2; echo "bench/event_kinds.sh: svcsim_bench --only $model $n failed" >&2; exit 1; }
cat "$bins/summary"
# Per request: over the workload arrivals of the whole run (warmup included,
# like the events), and over the requests of the measured window (the bench's
# events per request).
requests=$(sed -E 's/^[^:]*: ([0-9]+) requests.*/\1/' "$bins/summary")
arrivals=$(awk '$3 == "open_arrival:" || $3 == "user_wake:" { s += $4 } END { print s + 0 }' "$bins/kinds")
awk -v req="$requests" -v arr="$arrivals" '
  { kind = $3; sub(":", "", kind); count[kind] = $4; order[++n] = kind; total += $4 }
  END {
    printf "  %-15s %12s %14s %16s\n", "event kind", "events", "per arrival", "per request"
    for (i = 1; i <= n; ++i)
      printf "  %-15s %12d %14.3f %16.3f\n", order[i], count[order[i]], count[order[i]] / arr, count[order[i]] / req
    printf "  %-15s %12d %14.3f %16.3f\n", "all", total, total / arr, total / req
  }' "$bins/kinds"
