#!/usr/bin/env bash
# GNU parallel after a failure (CTest engines.parallel_resume): one shard is
# killed (SIGKILL, as a lost machine would), so parallel-sweep.sh stops
# before merging and its joblog records the failure; running the script again
# re-runs only that shard (--resume-failed), and the merge equals the
# unsharded sweep.
# Usage: parallel_resume.sh SVCSIM REPO WORKDIR
set -uo pipefail
SVCSIM=$1 REPO=$2 WORK=$3
. "$REPO/tests/engines/common.sh"
need parallel "GNU parallel is not installed (apt-get install parallel)"
ws=$(sweep_workspace) || fail "could not prepare the workspace"
# svcsim as the jobs see it: shard 2/4 is killed the first time it starts.
rm "$ws/bin/svcsim"
cat > "$ws/bin/svcsim" <<WRAPPER
#!/usr/bin/env bash
if [[ " \$* " == *" --shard 2/4 "* && ! -e "$ws/killed-once" ]]; then
  touch "$ws/killed-once"
  "$SVCSIM" "\$@" & pid=\$!
  kill -KILL \$pid
  wait \$pid
  exit \$?
fi
exec "$SVCSIM" "\$@"
WRAPPER
chmod +x "$ws/bin/svcsim"

run_script() { (cd "$ws" && PATH="$ws/bin:$PATH" K=4 J=2 "$REPO/docs/scale-out/parallel-sweep.sh" > "$1" 2>&1); }
run_script first.out && fail "the first run should fail: shard 2 was killed"
[ -e "$ws/killed-once" ] || fail "the wrapper did not kill shard 2"
[ ! -e "$ws/shards/2.json" ] || fail "a killed shard left a shard file"
[ ! -e "$ws/sweep.json" ] || fail "the script merged despite a failed shard"
# The joblog (Seq Host Starttime JobRuntime Send Receive Exitval Signal Command):
# job 3 (shard 2/4) exited 137 (128 + SIGKILL), the others 0.
awk -F'\t' 'NR > 1 && $1 == 3 && $7 == 137 { killed++ } NR > 1 && $1 != 3 && $7 == 0 { ok++ }
            END { exit !(killed == 1 && ok == 3) }' "$ws/shards/jobs.log" ||
  { cat "$ws/shards/jobs.log" >&2; fail "the joblog does not show shard 2 killed and the other 3 done"; }
# Merging what is there names the missing runs and writes nothing.
(cd "$ws" && "$SVCSIM" merge shards/*.json --json partial.json > /dev/null 2> partial.err)
[ $? = 2 ] || fail "merging 3 of 4 shards should exit 2"
grep -q "error: runs 2,6,10 of 12 are missing" "$ws/partial.err" || { cat "$ws/partial.err" >&2; fail "missing runs not listed"; }
[ ! -e "$ws/partial.json" ] || fail "a partial merge wrote a file"

run_script second.out || { cat "$ws/second.out" >&2; fail "the resumed run failed"; }
# Only the failed job ran again: the joblog gained exactly one line.
[ "$(wc -l < "$ws/shards/jobs.log")" = 6 ] || { cat "$ws/shards/jobs.log" >&2; fail "expected header + 4 jobs + 1 re-run"; }
grep -v '^svcsim: ' "$ws/second.out" > "$ws/merge.out"
check_same_as_unsharded "$ws" "$ws/merge.out"
