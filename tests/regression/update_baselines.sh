#!/usr/bin/env bash
# Rewrites the committed baselines (tests/regression/baselines/<name>.json) of
# every shipped scenario from the current build, on purpose: after a change
# that is meant to move the figures. Review `git diff` before committing.
# Usage: tests/regression/update_baselines.sh [path/to/svcsim]   (default build/svcsim)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
svcsim=${1:-$root/build/svcsim}
baselines="$root/tests/regression/baselines"
for scenario in "$root"/scenarios/*.yaml; do
  name=$(basename "$scenario" .yaml)
  tmp="$baselines/.$name.json.tmp"
  # Exit code 1 (an objective failed) still writes the file; 2 and 3 write none.
  "$svcsim" run "$scenario" --quiet --no-progress --json "$tmp" || [ $? -eq 1 ]
  # The wall clock is not part of a baseline: fixed values keep `git diff` quiet.
  sed -E -e 's/"wall_s": [^,]*/"wall_s": 0.0/' -e 's/"events_per_s": [^,]*/"events_per_s": null/' "$tmp" \
    >"$baselines/$name.json"
  rm -f "$tmp"
  echo "updated $baselines/$name.json"
done
