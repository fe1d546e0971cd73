#!/usr/bin/env bash
# Builds the committed HEAD's svcsim_bench (Release) with scratch patches
# applied, in a throw-away git worktree, and copies the binary to OUT. For
# measurements of code that is never meant to land (bench/ceiling.sh,
# bench/event_kinds.sh): the patches live in bench/ceiling/.
# Usage, from anywhere in the repository: bench/scratch_build.sh OUT [PATCH ...]
# (PATCH: a file name in bench/ceiling/, applied in the order given).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: bench/scratch_build.sh OUT [PATCH ...]" >&2
  exit 2
fi
out=$(realpath -m "$1")
shift
root=$(git rev-parse --show-toplevel)
scratch=$(mktemp -d)
tree="$scratch/tree"
cleanup() {
  git -C "$root" worktree remove --force "$tree" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

git -C "$root" worktree add --quiet --detach "$tree" HEAD
for patch in "$@"; do
  git -C "$tree" apply "$root/bench/ceiling/$patch" ||
    { echo "bench/scratch_build.sh: bench/ceiling/$patch no longer applies to HEAD; bring it up to date" >&2; exit 1; }
done
launcher=()
if command -v ccache > /dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# The binary reads netflix.yaml from the repository, not from the worktree it is built in.
cmake -S "$tree" -B "$tree/build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" \
  -DSVCSIM_BENCH_SCENARIOS_DIR="$root/scenarios" > /dev/null
cmake --build "$tree/build" -j2 --target svcsim_bench > "$scratch/build.log" 2>&1 ||
  { cat "$scratch/build.log" >&2; echo "bench/scratch_build.sh: the build failed (patches: $*)" >&2; exit 1; }
cp "$tree/build/bench/svcsim_bench" "$out"
