#!/usr/bin/env bash
# Slurm (CTest engines.slurm): starts a one-node cluster of its own (munged,
# slurmctld, slurmd from a generated slurm.conf: proctrack/linuxproc,
# task/none, no cgroups, no systemd; its own key, socket, ports and state
# folder), submits docs/scale-out/slurm-submit.sh (an `sbatch --array` job of
# shards using $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT, then a merge job
# with --dependency=afterok, `sbatch --wait`), checks the merged files and
# report against the unsharded sweep, and stops every daemon it started, by
# pid, however it ends. Runs as root (CI); skipped elsewhere or without Slurm.
# Usage: slurm_array.sh SVCSIM REPO WORKDIR
set -uo pipefail
SVCSIM=$1 REPO=$2 WORK=$3
. "$REPO/tests/engines/common.sh"
for tool in sbatch sinfo /usr/sbin/slurmctld /usr/sbin/slurmd /usr/sbin/munged /usr/sbin/mungekey runuser; do
  need "$tool" "$tool not found (apt-get install slurm-wlm)"
done
[ "$(id -u)" = 0 ] || skip "needs root to start slurmd and munged (CI runs as root)"
id munge >/dev/null 2>&1 || skip "no 'munge' user (apt-get install munge)"

ws=$(sweep_workspace) || fail "could not prepare the workspace"

# A short path: a Unix socket's path must stay under 108 bytes.
D=$(mktemp -d /tmp/svcsim-slurm-XXXXXX)
chmod 755 "$D"
daemon_pids=()
stop_daemons() {
  local pid i
  for pid in "${daemon_pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${daemon_pids[@]}"; do
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  rm -rf "$D"
}
trap stop_daemons EXIT
# Starts a daemon that writes its pid to $1 (then the rest is its command); remembers the pid.
start_daemon() {
  local pidfile=$1 i
  shift
  "$@" || fail "could not start: $*"
  for i in $(seq 1 50); do [ -s "$pidfile" ] && break; sleep 0.1; done
  [ -s "$pidfile" ] || fail "no pid file from: $*"
  daemon_pids+=("$(cat "$pidfile")")
}
show_logs() { tail -n 20 "$D"/*.log "$D"/munge/*.log >&2 2>/dev/null; }

# munged with its own key (a private folder) and socket (a folder all may enter, as munged requires).
mkdir -p "$D/munge" "$D/munge-run" "$D/state" "$D/spool"
chown munge:munge "$D/munge" "$D/munge-run"
chmod 700 "$D/munge"
chmod 755 "$D/munge-run"
runuser -u munge -- /usr/sbin/mungekey --create --keyfile="$D/munge/munge.key" || fail "mungekey failed"
start_daemon "$D/munge-run/munged.pid" runuser -u munge -- /usr/sbin/munged --socket="$D/munge-run/socket" \
  --key-file="$D/munge/munge.key" --pid-file="$D/munge-run/munged.pid" --seed-file="$D/munge/seed" \
  --log-file="$D/munge/munged.log"

host=$(hostname -s)
port=$((20000 + RANDOM % 20000))
cat > "$D/slurm.conf" <<CONF
ClusterName=svcsimtest
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$D/munge-run/socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MaxArraySize=1001
NodeName=$host CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$D/slurm.conf
start_daemon "$D/slurmctld.pid" /usr/sbin/slurmctld -f "$D/slurm.conf"
start_daemon "$D/slurmd.pid" /usr/sbin/slurmd -f "$D/slurm.conf"
for i in $(seq 1 60); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 0.5; done
sinfo -h -o %t | grep -q idle || { show_logs; fail "the node did not become idle"; }
echo "slurm up: node $host, port $port"

# The user's commands: 4 shards as an array, the merge after them.
(cd "$ws" && PATH="$ws/bin:$PATH" timeout 300 "$REPO/docs/scale-out/slurm-submit.sh" 4 > submit.out 2>&1) ||
  { cat "$ws/submit.out" >&2; show_logs; fail "slurm-submit.sh failed"; }
[ "$(ls "$ws"/shards/*.json | wc -l)" = 4 ] || fail "expected 4 shard files"
[ "$(ls "$ws"/svcsim-shard-*.log | wc -l)" = 4 ] || fail "expected 4 array task logs"
grep -q "(shard 3/4: 3,7,11)" "$ws/svcsim-shard-3.log" || { cat "$ws/svcsim-shard-3.log" >&2; fail "task 3 is not shard 3/4"; }
check_same_as_unsharded "$ws" "$ws/svcsim-merge.log"

# A failed task resubmitted alone (docs/scale-out.md): an array of one task,
# so K comes from SHARDS; merged again, the files are still the unsharded ones.
rm "$ws/shards/2.json" "$ws"/sweep.json "$ws"/sweep.csv "$ws"/sweep.html
(cd "$ws" && PATH="$ws/bin:$PATH" timeout 300 sbatch --wait --array=2 --export=ALL,SHARDS=4 \
  "$REPO/docs/scale-out/slurm-shards.sbatch" > resubmit.out 2>&1) ||
  { cat "$ws/resubmit.out" "$ws"/svcsim-shard-2.log >&2; show_logs; fail "the task resubmitted alone failed"; }
grep -q "(shard 2/4: 2,6,10)" "$ws/svcsim-shard-2.log" ||
  { cat "$ws/svcsim-shard-2.log" >&2; fail "the task resubmitted alone is not shard 2/4"; }
(cd "$ws" && PATH="$ws/bin:$PATH" timeout 300 sbatch --wait "$REPO/docs/scale-out/slurm-merge.sbatch" > remerge.out 2>&1) ||
  { cat "$ws/remerge.out" >&2; show_logs; fail "the merge after the resubmitted task failed"; }
check_same_as_unsharded "$ws" "$ws/svcsim-merge.log"
