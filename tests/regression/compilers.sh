#!/usr/bin/env bash
# CTest `determinism.compilers`: builds svcsim with the other compiler (clang++
# when this build uses g++, g++ when it uses clang++) into its own folder, then
# checks with compare_compilers.sh that both binaries write the same results
# file for every shipped scenario. Exits 77 (CTest: skipped) when the other
# compiler is not installed (`.ci/run` installs both).
# Usage: compilers.sh SOURCE_DIR BUILD_DIR THIS_SVCSIM OTHER_CXX BUILD_TYPE
set -uo pipefail
source_dir=$1 build_dir=$2 this_svcsim=$3 other_cxx=$4 build_type=$5

if ! command -v "$other_cxx" >/dev/null 2>&1; then
  echo "SKIPPED: '$other_cxx' is not installed, so results cannot be compared across compilers" \
       "(apt-get install clang g++)"
  exit 77
fi

launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S "$source_dir" -B "$build_dir" "${generator[@]}" -DCMAKE_CXX_COMPILER="$other_cxx" \
        -DCMAKE_BUILD_TYPE="$build_type" -DSVCSIM_TESTS=OFF "${launcher[@]}" >"$build_dir.configure.log" 2>&1 ||
    { cat "$build_dir.configure.log"; echo "FAIL: cannot configure a build with $other_cxx"; exit 1; }
fi
if ! cmake --build "$build_dir" --target svcsim >"$build_dir.build.log" 2>&1; then
  tail -40 "$build_dir.build.log"
  echo "FAIL: svcsim does not build with $other_cxx"
  exit 1
fi
echo "$("$this_svcsim" --version) (this build) against $("$build_dir/svcsim" --version) built with $other_cxx:"
exec "$(dirname "$0")/compare_compilers.sh" "$this_svcsim" "$build_dir/svcsim"
