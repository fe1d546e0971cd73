#!/usr/bin/env bash
# svcsim's JUnit XML against the Jenkins xunit plugin's JUnit schema
# (tests/data/junit/junit-10.xsd, MIT licence in its header and in
# tests/data/junit/LICENSE), CTest `junit.schema`: the file of a run whose
# objectives pass, one that fails an objective, one with an objective that
# cannot be evaluated, a run refused before it ran (an unknown subject) and a
# run stopped by the in-flight limit. Each must validate with xmllint.
# Skipped (exit 77, CTest SKIP_RETURN_CODE) when xmllint is not installed
# (`apt-get install -y libxml2-utils`).
# Usage: check_junit_schema.sh SVCSIM SCHEMA WORKDIR
set -uo pipefail
svcsim=$1 schema=$2 workdir=$3

if ! command -v xmllint >/dev/null 2>&1; then
  echo "SKIP: xmllint is not installed; apt-get install -y libxml2-utils to run this test"
  exit 77
fi
rm -rf "$workdir" && mkdir -p "$workdir" || exit 1
cd "$workdir" || exit 1

scenario() {  # scenario NAME SERVICE_TIME RATE TIMEOUT OBJECTIVES…
  local name=$1 service=$2 rate=$3 timeout=$4; shift 4
  {
    echo "name: $name"
    echo "duration: 5s"
    echo "nodes:"
    echo "  server: {service_time: $service, concurrency: unlimited}"
    echo "workloads:"
    echo "  - {name: req, call: server, rate: $rate, timeout: $timeout}"
    echo "slo:"
    for objective in "$@"; do echo "  - \"$objective\""; done
  } >"$name.yaml"
}
# Every objective holds "<", which XML must escape.
scenario passing 1ms 500/s 10s "req p99 < 1s" "req error_rate <= 1%"
scenario failing 1ms 500/s 10s "req p99 < 1s" "req p50 < 0.1ms"
# Every request times out: no latency to compare.
scenario unevaluable 5ms 10/s 1ms "req p99 < 1s"
scenario refused 1ms 500/s 10s "nothing p99 < 1s"
scenario stopped 100ms 5000/s 10s "req p99 < 1s"

fail=0
expect() {  # expect NAME EXIT [OPTIONS…]
  local name=$1 code=$2; shift 2
  "$svcsim" run "$name.yaml" --quiet --no-progress --junit "$name.xml" "$@" 2>"$name.err"
  local got=$?
  if [ "$got" != "$code" ]; then
    echo "FAIL: $name: exit $got, expected $code"; cat "$name.err"; fail=1
  fi
  if ! xmllint --noout --schema "$schema" "$name.xml"; then
    echo "FAIL: $name.xml does not validate against $(basename "$schema")"; cat "$name.xml"; fail=1
  fi
}
expect passing 0
expect failing 1
expect unevaluable 2
expect refused 2
expect stopped 3 --max-in-flight 500
[ "$fail" = 0 ] && echo "ok: 5 JUnit files validate against $(basename "$schema")"
exit "$fail"
