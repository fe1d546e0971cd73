#!/usr/bin/env bash
# GNU parallel (CTest engines.parallel): docs/scale-out/parallel-sweep.sh
# shards the docs' sweep 4 ways, 2 jobs at a time, and merges; the merged
# files and report equal the unsharded sweep's.
# Usage: parallel_sweep.sh SVCSIM REPO WORKDIR
set -uo pipefail
SVCSIM=$1 REPO=$2 WORK=$3
. "$REPO/tests/engines/common.sh"
need parallel "GNU parallel is not installed (apt-get install parallel)"
ws=$(sweep_workspace) || fail "could not prepare the workspace"
(cd "$ws" && PATH="$ws/bin:$PATH" K=4 J=2 "$REPO/docs/scale-out/parallel-sweep.sh" > merge.out 2> run.err) ||
  { cat "$ws/run.err" >&2; fail "parallel-sweep.sh failed"; }
[ "$(ls "$ws"/shards/*.json | wc -l)" = 4 ] || fail "expected 4 shard files"
check_same_as_unsharded "$ws" "$ws/merge.out"
