#!/bin/bash
# A svcsim sweep in K shards run by GNU parallel, J at a time, then merged.
# Locally as is; over machines with `--sshloginfile nodes.txt --return
# shards/{}.json --cleanup` added to the parallel line (svcsim and scenarios/
# must be on every machine). Running it again after a failure re-runs only the
# shards that failed (--joblog + --resume-failed), then merges.
# Usage: K=8 J=4 parallel-sweep.sh   (from the folder that holds scenarios/)
set -euo pipefail
K=${K:-8}
J=${J:-2}
SVCSIM=${SVCSIM:-svcsim}
mkdir -p shards
parallel -j "$J" --joblog shards/jobs.log --resume-failed \
  "$SVCSIM" sweep scenarios/mm1.yaml --vary workloads.req.rate=500/s,700/s,900/s --replications 4 --duration 20s \
  --shard {}/"$K" --json shards/{}.json ::: $(seq 0 $((K - 1)))
"$SVCSIM" merge shards/*.json --json sweep.json --csv sweep.csv --html sweep.html
