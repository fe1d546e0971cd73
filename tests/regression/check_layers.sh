#!/usr/bin/env bash
# The pipeline's layering rule (ARCHITECTURE.md: load -> build -> run): the
# analytic view and the build stage read no file of the runtime (src/sim/),
# and the loader reads neither. Fails naming each include that breaks it.
set -u
src="$1/src"
status=0
check() {  # check FOLDER FORBIDDEN-PREFIX...
  local folder="$1"; shift
  for prefix in "$@"; do
    if hits=$(grep -rn "#include \"${prefix}/" "$src/$folder"); then
      echo "error: src/$folder must not include src/$prefix/ files:"
      echo "$hits"
      status=1
    fi
  done
}
check analysis sim
check program sim analysis
check scenario sim program analysis
[ $status -eq 0 ] && echo "layers: analysis, program and scenario include nothing of the runtime"
exit $status
