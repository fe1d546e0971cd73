#!/usr/bin/env bash
# CTest `otlp.proto`: `svcsim run --traces` output parsed strictly with the
# official OpenTelemetry protobuf definitions (tests/data/otlp-proto), every
# line of runs of shipped scenarios with parallel calls, optional calls,
# timeouts, retries and faults. Skipped (exit 77) when protoc or Python's
# protobuf module is missing (Debian: protobuf-compiler, python3-protobuf).
# Usage: check_otlp_proto.sh SVCSIM SOURCE_DIR WORKDIR
set -uo pipefail
svcsim=$1 source=$2 workdir=$3

if ! command -v protoc >/dev/null; then
  echo "otlp.proto: SKIPPED: protoc not found (apt-get install protobuf-compiler)"
  exit 77
fi
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c "import google.protobuf" 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "otlp.proto: SKIPPED: no python3 with the protobuf module (apt-get install python3-protobuf)"
  exit 77
fi

set -e
rm -rf "$workdir" && mkdir -p "$workdir/generated"
(cd "$source/tests/data/otlp-proto" && protoc -I . --python_out="$workdir/generated" \
  opentelemetry/proto/common/v1/common.proto opentelemetry/proto/resource/v1/resource.proto \
  opentelemetry/proto/trace/v1/trace.proto opentelemetry/proto/collector/trace/v1/trace_service.proto)
"$svcsim" run "$source/scenarios/netflix.yaml" --duration 30s --quiet --no-progress \
  --traces "$workdir/netflix.jsonl" --trace-sample 5% --trace-slower-than 300ms
"$svcsim" run "$source/scenarios/retry-storm.yaml" --duration 45s --quiet --no-progress \
  --traces "$workdir/retry-storm.jsonl" --trace-sample 5% --trace-slower-than 200ms ||
  [ $? -eq 1 ]  # cut short after its slowdown, the run misses its error objective: traces are written all the same
"$svcsim" run "$source/tests/data/roundtrip/media.yaml" --duration 10s --quiet --no-progress \
  --traces "$workdir/media.jsonl" --trace-sample 20% --trace-start 2031-02-03T04:05:06.789+01:00
"$python" "$source/tests/regression/check_otlp_proto.py" "$workdir/generated" \
  "$workdir/netflix.jsonl" "$workdir/retry-storm.jsonl" "$workdir/media.jsonl"
