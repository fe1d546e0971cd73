#!/usr/bin/env bash
# Replication seeds survive JSON tools (CTest `seeds.jq`): a replicated run's
# `run.replication_seeds`, read with jq (1.6 reads every number as a double),
# rerun one by one with --seed, give back the replicated figures: the mean of
# the single runs' request counts and p99s is the replicated mean. A seed at
# or above 2^53 comes out of jq changed, and its rerun simulates another run.
# Skipped (exit 77, CTest SKIP_RETURN_CODE) when jq is not installed
# (`apt-get install -y jq`).
# Usage: check_seeds_jq.sh SVCSIM SCENARIO WORKDIR
set -uo pipefail
svcsim=$1 scenario=$2 workdir=$3

if ! command -v jq >/dev/null 2>&1; then
  echo "SKIP: jq is not installed; apt-get install -y jq to run this test"
  exit 77
fi
rm -rf "$workdir" && mkdir -p "$workdir" || exit 1
fail=0
replications=4
"$svcsim" run "$scenario" --quiet --no-progress --duration 15s --replications "$replications" \
  --json "$workdir/replicated.json" || { echo "FAIL: the replicated run"; exit 1; }
for k in $(seq 0 $((replications - 1))); do
  seed=$(jq ".run.replication_seeds[$k]" "$workdir/replicated.json")
  # The seed as written in the file: jq must print it unchanged.
  written=$(tr -d ' \n' <"$workdir/replicated.json" | grep -o '"replication_seeds":\[[0-9,]*\]' | tr -d '"a-z_:[]' |
            cut -d, -f$((k + 1)))
  if [ "$seed" != "$written" ]; then
    echo "FAIL: replication $k: jq reads seed $written as $seed"
    fail=1
  fi
  "$svcsim" run "$scenario" --quiet --no-progress --duration 15s --seed "$seed" --json "$workdir/single-$k.json" ||
    { echo "FAIL: the rerun of replication $k with --seed $seed"; fail=1; }
done
[ "$fail" = 0 ] || exit 1
# The replicated figure is the mean over replications, summed in replication order.
for figure in '.workloads.req.requests' '.workloads.req.latency_ms.p99' '.nodes.server.utilization'; do
  same=$(jq -n --argjson n "$replications" "
    [inputs] as \$files | (\$files[0] | $figure) as \$replicated |
    (reduce \$files[1:][] as \$f (0; . + (\$f | $figure)) / \$n) as \$mean |
    ((\$replicated - \$mean) | fabs) <= 1e-9 * ((\$replicated | fabs) + 1)" \
    "$workdir/replicated.json" "$workdir"/single-*.json)
  if [ "$same" != "true" ]; then
    echo "FAIL: $figure: the replicated mean is not the mean of the reruns with jq's seeds"
    jq "$figure" "$workdir/replicated.json" "$workdir"/single-*.json
    fail=1
  fi
done
[ "$fail" = 0 ] && echo "ok: $replications seeds read by jq rerun the replicated figures"
exit "$fail"
