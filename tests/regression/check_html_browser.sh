#!/usr/bin/env bash
# The HTML pages in a real browser (CTest `html.browser`): `run --html` on the
# CDN outage scenario and `sweep --html` on M/M/1 are opened by headless
# Chromium (--dump-dom: the DOM after parsing), and the SVG the page promises
# must be in it: the architecture diagram with a box per node (the faulted
# one marked with its window) and an arrow per call, the latency charts with the fault window shaded, the utilisation
# chart, and the sweep's objective lines. The page must load nothing from a
# network (checked on the file itself).
# Skipped (exit 77, CTest SKIP_RETURN_CODE) when no browser is installed
# (`apt-get install -y chromium` to run it; .ci/run installs it).
# Usage: check_html_browser.sh SVCSIM SCENARIOS_DIR WORKDIR
set -uo pipefail
svcsim=$1 scenarios=$2 workdir=$3

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser=$(command -v "$candidate"); break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: no headless browser (chromium) installed; apt-get install -y chromium to run this test"
  exit 77
fi

mkdir -p "$workdir"
fail=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if ! "$@"; then echo "FAIL: $what" >&2; fail=1; fi
}
count() { grep -o -- "$1" "$2" | wc -l; }

dump() {  # dump PAGE OUT: the DOM as the browser built it
  # A private profile directory, so parallel runs and a user's browser never share state.
  timeout 120 "$browser" --headless --disable-gpu --no-sandbox --no-first-run --user-data-dir="$workdir/profile" \
    --dump-dom "file://$1" >"$2" 2>"$2.stderr"
}

page="$workdir/cdn.html" dom="$workdir/cdn.dom.html"
"$svcsim" run "$scenarios/netflix-cdn-outage.yaml" --quiet --no-progress --duration 90s \
  --set faults.cdn-outage.at=30s --set faults.cdn-outage.duration=30s --html "$page"
code=$?
check "svcsim run --html exited $code" [ "$code" -le 1 ]
check "no external resource in the page" bash -c "! grep -E -q '(src|href)=\"(https?:)?//|@import|<script|<link' '$page'"
dump "$page" "$dom"
check "browser produced a DOM" [ -s "$dom" ]
# Boxes of the DOT output: every node and the clients.
boxes=$("$svcsim" graph "$scenarios/netflix-cdn-outage.yaml" | grep -c '^  "[^"]*" \[shape')
calls=$("$svcsim" graph "$scenarios/netflix-cdn-outage.yaml" | grep -o '^  "[^"]*" -> "[^"]*"' | sort -u | wc -l)
check "one diagram" [ "$(count '<svg class="diagram"' "$dom")" -eq 1 ]
check "a box per node and the clients ($boxes)" [ "$(count '<g class="node[ "]' "$dom")" -eq "$boxes" ]
check "the CDN outlined as struck by the outage, with its window" grep -q '<g class="node faulted"><title>cdn: cdn-outage: outage 30s[^<]*1m</title>' "$dom"
check "an arrow per distinct call ($calls)" [ "$(count '<g class="call">' "$dom")" -eq "$calls" ]
check "latency charts (2 workloads) and the utilisation chart" [ "$(count '<svg class="chart"' "$dom")" -eq 3 ]
check "the fault window shaded on each chart" [ "$(count '<title>cdn-outage</title>' "$dom")" -eq 3 ]
check "objectives table with results" grep -q 'class="pass name"' "$dom"
check "plotted lines" grep -q '<path d="M' "$dom"

page="$workdir/sweep.html" dom="$workdir/sweep.dom.html"
mm1=$workdir/mm1-slo.yaml
cat >"$mm1" <<'YAML'
name: mm1-sweep
duration: 20s
warmup: 2s
nodes:
  server:
    concurrency: 1
    service_time: {dist: exponential, mean: 10ms}
workloads:
  - {name: load, call: server, rate: 50/s}
slo:
  - load p99 < 100ms
YAML
"$svcsim" sweep "$mm1" --vary workloads.load.rate=20/s..80/s:20/s --quiet --no-progress --html "$page" 2>/dev/null
code=$?
# 80/s (utilisation 0.8) misses the objective, so the sweep exits 1, as a run would.
check "svcsim sweep --html exited $code" [ "$code" -eq 1 ]
dump "$page" "$dom"
check "sweep: objective chart with its limit line" grep -q '<g class="objective"><title>limit &lt; 100ms</title>' "$dom"
check "sweep: a marker per point on the objective chart and more" [ "$(count '<circle' "$dom")" -ge 4 ]
check "sweep: x ticks are the rates" grep -q '>80</text>' "$dom"

exit $fail
