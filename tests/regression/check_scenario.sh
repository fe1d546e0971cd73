#!/usr/bin/env bash
# One shipped scenario as a CI gate (CTest `baseline.<name>`): it runs twice,
# the second time also writing traces, with identical results files (apart
# from the wall clock), and its results
# do not regress against the committed baseline (`svcsim compare`, exit 0).
# Usage: check_scenario.sh SVCSIM SCENARIO.yaml BASELINE.json WORKDIR
set -uo pipefail
svcsim=$1 scenario=$2 baseline=$3 workdir=$4
name=$(basename "$scenario" .yaml)
mkdir -p "$workdir"
first="$workdir/$name.first.json" second="$workdir/$name.second.json"

# The second run also writes traces (SPEC 8.1: writing them changes no other
# result), so the comparison below checks that on every shipped scenario.
traces="$workdir/$name.traces.jsonl"
for out in "$first" "$second"; do
  extra=()
  [ "$out" = "$second" ] && extra=(--traces "$traces" --trace-sample 2%)
  "$svcsim" run "$scenario" --quiet --no-progress --json "$out" "${extra[@]}"
  code=$?
  # 0 and 1 (an objective failed: the scenario.<name> test reports it) leave a results file.
  if [ "$code" -ge 2 ]; then
    echo "check_scenario: 'svcsim run $scenario' exited $code" >&2
    exit 1
  fi
done

rm -f "$traces"  # (large; its content is checked by test_cli_traces and otlp.proto)

without_wall_clock() { grep -v -e '"wall_s"' -e '"events_per_s"' "$1"; }
if ! diff <(without_wall_clock "$first") <(without_wall_clock "$second") >"$workdir/$name.diff"; then
  echo "check_scenario: two runs of $scenario differ (not deterministic, or --traces changed a result):" >&2
  head -40 "$workdir/$name.diff" >&2
  exit 1
fi

if [ ! -f "$baseline" ]; then
  echo "check_scenario: no baseline '$baseline'; create it with tests/regression/update_baselines.sh" >&2
  exit 1
fi
"$svcsim" compare "$baseline" "$first"
