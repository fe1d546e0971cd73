#!/usr/bin/env bash
# CTest `fuzz.smoke`: builds the libFuzzer targets with clang++ in their own
# folder (-DSVCSIM_FUZZ=ON: ASan + UBSan + coverage) and runs each for a
# bounded number of executions (2,000, and 60 s at most) on its seed corpus
# (make_corpus.sh) with the scenario dictionary. A crash, a leak, a sanitizer report or an input slower
# than 10 s fails the test and leaves the input in BUILD_DIR/artifacts.
# Exits 77 (CTest: skipped) when clang++ or its fuzzer runtime
# (libclang-rt-14-dev on Debian) is missing: never passes without running.
# Usage: fuzz_smoke.sh SOURCE_DIR BUILD_DIR [RUNS]
set -uo pipefail
src=$1 build=$2 runs=${3:-${SVCSIM_FUZZ_RUNS:-2000}}
here="$src/tests/fuzz"

if ! command -v clang++ >/dev/null 2>&1; then
  echo "SKIPPED: clang++ is not installed (apt-get install clang libclang-rt-14-dev)"
  exit 77
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }\n' >"$probe/p.cpp"
if ! clang++ -fsanitize=fuzzer,address,undefined "$probe/p.cpp" -o "$probe/p" >"$probe/log" 2>&1; then
  cat "$probe/log"
  echo "SKIPPED: clang++ has no fuzzer runtime (apt-get install libclang-rt-14-dev)"
  exit 77
fi

targets=(scenario overrides trace_arrivals import_otlp import_jaeger import_zipkin)
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
mkdir -p "$build"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only" -DSVCSIM_FUZZ=ON -DSVCSIM_TESTS=OFF \
        "${launcher[@]}" >"$build/configure.log" 2>&1 ||
    { cat "$build/configure.log"; echo "FAIL: cannot configure the fuzz build"; exit 1; }
fi
if ! cmake --build "$build" -j "${SVCSIM_FUZZ_BUILD_JOBS:-2}" --target "${targets[@]/#/fuzz_}" >"$build/build.log" 2>&1; then
  tail -40 "$build/build.log"
  echo "FAIL: the fuzz targets do not build"
  exit 1
fi

rm -rf "$build/corpus" "$build/artifacts"
mkdir -p "$build/artifacts"
bash "$here/make_corpus.sh" "$src" "$build/corpus"
status=0
for t in "${targets[@]}"; do
  dict=()
  case $t in scenario | overrides) dict=(-dict="$here/scenario.dict") ;; esac
  # New inputs go to a scratch folder; the seeds are read only.
  mkdir -p "$build/new/$t"
  if "$build/tests/fuzz/fuzz_$t" -runs="$runs" -max_total_time=60 -seed=1 -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -artifact_prefix="$build/artifacts/$t-" "${dict[@]}" "$build/new/$t" "$build/corpus/$t" \
       >"$build/$t.log" 2>&1; then
    echo "fuzz_$t: $(grep -E '^Done' "$build/$t.log" | tail -1)"
  else
    tail -60 "$build/$t.log"
    echo "FAIL: fuzz_$t found an input (in $build/artifacts/); add it to tests/fuzz/regressions/$t/"
    status=1
  fi
done
exit $status
