#!/bin/sh
# The CTest test validation.table: renders the rows the validation tests just
# wrote (ROWS, through SVCSIM_VALIDATION_TABLE) and fails when docs/validation.md
# differs, saying which command rewrites it. Exit 77 (skipped) without python3.
# Usage: check_table.sh ROWS DOC OUT_DIR
set -eu
rows=$1 doc=$2 out_dir=$3
here=$(dirname "$0")
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
if [ ! -s "$rows" ]; then
  echo "no rows in $rows: the validation tests did not run in this ctest invocation" >&2
  echo "(validation.table needs them: run it through ctest, which runs them first)" >&2
  exit 1
fi
mkdir -p "$out_dir"
python3 "$here/make_table.py" "$rows" > "$out_dir/validation.md"
if ! diff -u "$doc" "$out_dir/validation.md"; then
  echo >&2
  echo "docs/validation.md is not what this build's validation runs give (diff above; this build's table: $out_dir/validation.md)." >&2
  echo "If the change meant to alter random draws or event order, rewrite it with" >&2
  echo "    tests/validation/update_table.sh BUILD_DIR" >&2
  echo "and commit it; if not, the figures moved for a reason to find first." >&2
  exit 1
fi
echo "docs/validation.md matches the validation runs ($(grep -c '^| ' "$doc") table lines)"
