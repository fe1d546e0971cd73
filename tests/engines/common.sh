# Shared by the engine tests (sourced): skipping, a workspace where the job
# files of docs/scale-out/ run as a user runs them, and the unsharded sweep
# they must reproduce. Needs SVCSIM (the binary), REPO (the source tree) and
# WORK (a folder of the test's own) set by the caller.

# CTest's SKIP_RETURN_CODE: a missing tool is a skip with a reason, never a pass.
skip() {
  echo "SKIPPED: $*"
  exit 77
}

# need TOOL REASON: skips the test when TOOL is not on PATH.
need() {
  command -v "$1" >/dev/null || skip "$2"
}

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

# A fresh $WORK/ws with scenarios/ and bin/svcsim on PATH; prints its path.
make_workspace() {
  local ws=$WORK/ws
  rm -rf "$ws"
  mkdir -p "$ws/bin"
  ln -s "$REPO/scenarios" "$ws/scenarios"
  ln -s "$SVCSIM" "$ws/bin/svcsim"
  echo "$ws"
}

# make_workspace, then the unsharded sweep in it; prints the workspace's path.
sweep_workspace() {
  local ws
  ws=$(make_workspace)
  unsharded_sweep "$ws"
  echo "$ws"
}

# The sweep every job file of docs/scale-out/ shards (keep them in step).
SWEEP_ARGS=(sweep scenarios/mm1.yaml --vary workloads.req.rate=500/s,700/s,900/s --replications 4 --duration 20s)

# Runs the unsharded sweep in folder $1: whole.json, whole.csv, whole.html, whole.out.
unsharded_sweep() {
  (cd "$1" && "$SVCSIM" "${SWEEP_ARGS[@]}" --json whole.json --csv whole.csv --html whole.html > whole.out) ||
    fail "the unsharded sweep failed"
}

# Folder $1 holds sweep.{json,csv,html} from a merge and whole.* from the
# unsharded sweep; $2 is the merge's terminal report. Sweep files have no
# wall-clock field, so they must be identical bytes.
check_same_as_unsharded() {
  local dir=$1 report=$2 ext
  for ext in json csv html; do
    [ -s "$dir/sweep.$ext" ] || fail "the merge wrote no sweep.$ext"
    cmp "$dir/whole.$ext" "$dir/sweep.$ext" || fail "merged sweep.$ext differs from the unsharded sweep's"
  done
  diff "$dir/whole.out" "$report" || fail "the merge's terminal report differs from the unsharded sweep's"
  echo "merged files and report identical to the unsharded sweep's"
}
