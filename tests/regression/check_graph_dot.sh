#!/usr/bin/env bash
# Graphviz accepts `svcsim graph`'s DOT text (CTest `graph.dot`): every
# shipped scenario's architecture goes through `dot -Tsvg`, which must exit 0
# and draw an SVG with a node per box of the DOT text.
# Skipped (exit 77, CTest SKIP_RETURN_CODE) when Graphviz is not installed:
# `apt-get install -y graphviz` to run it (.ci/run does).
# Usage: check_graph_dot.sh SVCSIM SCENARIOS_DIR WORKDIR
set -uo pipefail
svcsim=$1 scenarios=$2 workdir=$3
if ! command -v dot >/dev/null 2>&1; then
  echo "SKIP: Graphviz (dot) is not installed; apt-get install -y graphviz to run this test"
  exit 77
fi
mkdir -p "$workdir"
fail=0
for scenario in "$scenarios"/*.yaml; do
  name=$(basename "$scenario" .yaml)
  "$svcsim" graph "$scenario" >"$workdir/$name.dot" || { echo "FAIL: svcsim graph $name" >&2; fail=1; continue; }
  if ! dot -Tsvg "$workdir/$name.dot" -o "$workdir/$name.svg" 2>"$workdir/$name.err" || [ -s "$workdir/$name.err" ]; then
    echo "FAIL: dot rejected or warned about $name.dot:" >&2; cat "$workdir/$name.err" >&2; fail=1; continue
  fi
  boxes=$(grep -c '^  "[^"]*" \[shape' "$workdir/$name.dot")
  drawn=$(grep -c '<g id="node' "$workdir/$name.svg")
  [ "$boxes" -eq "$drawn" ] || { echo "FAIL: $name: $boxes boxes in the DOT text, $drawn drawn" >&2; fail=1; }
done
exit $fail
