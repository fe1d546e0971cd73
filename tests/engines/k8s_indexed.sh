#!/usr/bin/env bash
# Kubernetes Indexed Jobs (CTest engines.k8s): runs the command lines of
# docs/scale-out/k8s-shards-job.yaml and k8s-merge-job.yaml as the pods
# would, with JOB_COMPLETION_INDEX set by hand for each of `completions`
# indices (no cluster needed), the container's /scenarios and /shards mapped
# to folders here; the merged files and report equal the unsharded sweep's.
# Also checks the manifest's promises: Indexed, and K in --shard equal to
# `completions`.
# Usage: k8s_indexed.sh SVCSIM REPO WORKDIR
set -uo pipefail
SVCSIM=$1 REPO=$2 WORK=$3
. "$REPO/tests/engines/common.sh"
shards_job=$REPO/docs/scale-out/k8s-shards-job.yaml
merge_job=$REPO/docs/scale-out/k8s-merge-job.yaml
ws=$(sweep_workspace) || fail "could not prepare the workspace"

grep -q '^  completionMode: Indexed$' "$shards_job" || fail "the Job is not completionMode: Indexed"
completions=$(sed -n 's/^  completions: \([0-9]*\)$/\1/p' "$shards_job")
[ -n "$completions" ] || fail "no completions in $shards_job"
# The container's command line: the list item after `args:`.
args_line() { sed -n '/^ *args:$/{n;s/^ *- //p}' "$1"; }
shard_line=$(args_line "$shards_job")
merge_line=$(args_line "$merge_job")
[[ $shard_line == *'--shard "$JOB_COMPLETION_INDEX/'"$completions"'"'* ]] ||
  fail "the shard command does not take --shard \$JOB_COMPLETION_INDEX/$completions: $shard_line"
# The pod's paths, here.
mkdir -p "$ws/shards"
as_here() { sed -e "s|/scenarios/|$ws/scenarios/|g" -e "s|/shards|$ws/shards|g" <<< "$1"; }
for i in $(seq 0 $((completions - 1))); do
  (cd "$ws" && PATH="$ws/bin:$PATH" JOB_COMPLETION_INDEX=$i sh -c "$(as_here "$shard_line")") ||
    fail "pod $i failed: $shard_line"
done
[ "$(ls "$ws"/shards/*.json | wc -l)" = "$completions" ] || fail "expected $completions shard files"
(cd "$ws" && PATH="$ws/bin:$PATH" sh -c "$(as_here "$merge_line")" > merge.out) || fail "the merge pod failed: $merge_line"
for ext in json csv html; do cp "$ws/shards/merged/sweep.$ext" "$ws/sweep.$ext"; done
check_same_as_unsharded "$ws" "$ws/merge.out"
