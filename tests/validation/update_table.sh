#!/bin/sh
# Rewrites docs/validation.md from the validation tests of a build: runs
# BUILD_DIR/tests/svcsim_test_validation (every case; it stops on a failing
# one) with SVCSIM_VALIDATION_TABLE set, then renders the rows with
# make_table.py. The CTest test validation.table checks the result.
# Usage: tests/validation/update_table.sh [BUILD_DIR]   (default: build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build}
binary=$build/tests/svcsim_test_validation
[ -x "$binary" ] || { echo "no $binary: build first (cmake --build $build)" >&2; exit 2; }
rows=$(mktemp)
trap 'rm -f "$rows" "$rows.md"' EXIT
SVCSIM_VALIDATION_TABLE=$rows "$binary"
python3 "$here/make_table.py" "$rows" > "$rows.md"
mv "$rows.md" "$root/docs/validation.md"
echo "wrote $root/docs/validation.md ($(wc -l < "$rows") figures)"
