#!/usr/bin/env bash
# Issue 14: where memory would still run out, the run stops with exit 3 and a
# message naming what grew, never the kernel's kill. An overload with the
# in-flight limit lifted grows without bound; under a 1 GiB address-space cap
# the default --max-memory (derived from the cap) stops it, or, when a pool's
# doubling asks for more than the cap at once, the failed allocation does:
# either way exit 3, the results up to there, and what grew. Replications run
# at once, and a sweep (sweep --max-memory, the same default), stop whole:
# exit 3, nothing written.
# Usage: check_memory_limit.sh SVCSIM
set -uo pipefail
svcsim=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
prlimit --as=$((1024 * 1024 * 1024)) "$svcsim" run "$(dirname "$0")/timeout_overload.yaml" --duration 10h --quiet --no-progress \
  --max-in-flight 1000000000 --json "$dir/out.json" 2>"$dir/err"
code=$?
cat "$dir/err"
fail=0
[ "$code" = 3 ] || { echo "FAIL: exit $code, expected 3"; fail=1; }
grep -Eq "(\(--max-memory\)|an allocation failed\)); what grew: [0-9]+ calls in flight" "$dir/err" ||
  { echo "FAIL: the message does not say what grew"; fail=1; }
grep -q "node 'server' is saturated" "$dir/err" || { echo "FAIL: the message does not name node 'server'"; fail=1; }
grep -q '"stopped": "memory_limit"' "$dir/out.json" 2>/dev/null || { echo "FAIL: no stopped results file"; fail=1; }
[ $fail = 0 ] && echo "ok: run: exit 3 under a 1 GiB cap"

# Replications run at once share the limit too: which one reaches it first
# depends on the threads, so the set stops whole, as a sweep does: exit 3, no
# results file, the replication and what grew named (the first by index: both
# overload alike, so both stop). expect_whole_stop NAME ARGS...: run with ARGS.
expect_whole_stop() {
  local name=$1 running=$2
  shift 2
  prlimit --as=$((1024 * 1024 * 1024)) "$svcsim" run "$(dirname "$0")/timeout_overload.yaml" --duration 10h --quiet \
    --no-progress --max-in-flight 1000000000 "$@" --json "$dir/$name.json" 2>"$dir/$name-err"
  local code=$?
  cat "$dir/$name-err"
  [ "$code" = 3 ] || { echo "FAIL: $name: exit $code, expected 3"; fail=1; }
  grep -Eq "passed its memory limit in replication 0 \($running running at once\): .*what grew" "$dir/$name-err" ||
    { echo "FAIL: $name does not name the replication and what grew"; fail=1; }
  # What grew is weighed against each run's share of the process: every one
  # of them holds its own calls.
  grep -Eq "what grew: [0-9]+ calls in flight in this run, one of $running at once" "$dir/$name-err" ||
    { echo "FAIL: $name does not say that the calls of each of $running runs grew"; fail=1; }
  [ ! -e "$dir/$name.json" ] || { echo "FAIL: $name wrote its results file"; fail=1; }
}
# run --replications 2 -j 2; its JUnit file still says why.
expect_whole_stop replications 2 --replications 2 -j 2 --junit "$dir/reps.xml"
grep -q '<error type="run stopped" message="error: run stopped: the process passed its memory limit' "$dir/reps.xml" ||
  { echo "FAIL: replications: the JUnit file does not say the run stopped"; fail=1; }
# One shard of the set under warmup: auto, whose pilots of every replication
# run at once (2 of them with -j 2) though it keeps one.
expect_whole_stop warmup-auto-shard 2 --set warmup=auto --replications 2 --runs 0 -j 2 --max-memory 250M
# Six at once: each holds a sixth of the calls, less than a quarter of the
# process, which the message once took for the scenario's own state.
expect_whole_stop six-at-once 6 --replications 6 -j 6 --max-memory 300M
[ $fail = 0 ] && echo "ok: replications at once: stopped whole for memory, exit 3, nothing written"

# A sweep whose point would run out of memory stops whole, as an interrupted
# one does: exit 3, nothing written, the point and what grew named. (The limit
# is on the process, which holds every point running at once: which point
# reaches it first depends on the threads, so it must not decide a point's
# result.) Under the cap alone (the default limit or a failed allocation);
# with --max-memory 300M, whose own limit must be the one named; and with a
# second, healthy point beside it at -j 2.
for variant in "1|" "1|300M" "1,4|300M"; do
  values=${variant%%|*} limit=${variant##*|}
  prlimit --as=$((1024 * 1024 * 1024)) "$svcsim" sweep "$(dirname "$0")/timeout_overload.yaml" --duration 10h \
    --vary nodes.server.concurrency="$values" -j 2 --quiet --no-progress --max-in-flight 1000000000 \
    --json "$dir/sweep.json" ${limit:+--max-memory "$limit"} 2>"$dir/sweep-err"
  code=$?
  cat "$dir/sweep-err"
  [ "$code" = 3 ] || { echo "FAIL: sweep $values ${limit:+--max-memory $limit }exit $code, expected 3"; fail=1; }
  want="(\(--max-memory\)|an allocation failed\)); what grew"
  [ -n "$limit" ] && want="passed the limit of 315 MB \(--max-memory\); what grew"
  [ "$values" = 1,4 ] && want="$want: [0-9]+ calls in flight in this run, one of 2 at once"
  grep -Eq "sweep stopped: the process passed its memory limit at point nodes.server.concurrency=1: .*$want" \
    "$dir/sweep-err" || { echo "FAIL: the sweep $values does not name the point and what grew"; fail=1; }
  [ ! -e "$dir/sweep.json" ] || { echo "FAIL: the sweep $values wrote its results file"; fail=1; }
done
[ $fail = 0 ] && echo "ok: sweep: stopped whole for memory, exit 3, nothing written"
exit $fail
