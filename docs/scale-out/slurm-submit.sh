#!/bin/bash
# Submits the shards as one job array of K tasks, then the merge after all of
# them succeeded, and waits for the merge (exit code: the merge's).
# Usage: slurm-submit.sh [K]   (from the folder that holds scenarios/)
set -euo pipefail
K=${1:-8}
here=$(dirname "$0")
array=$(sbatch --parsable --array="0-$((K - 1))" "$here/slurm-shards.sbatch")
sbatch --wait --dependency="afterok:${array%%;*}" "$here/slurm-merge.sbatch"
