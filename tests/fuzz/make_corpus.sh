#!/usr/bin/env bash
# Gathers the seed corpus of every fuzz target into OUT/<target>/: the
# committed seeds (tests/fuzz/seeds), the shipped scenarios, every ```yaml
# block of docs/ and the --set arguments shown there, the trace fixtures of
# tests/data, and the inputs of earlier findings (tests/fuzz/regressions).
# Usage: make_corpus.sh SOURCE_DIR OUT
set -euo pipefail
src=$1 out=$2
here="$src/tests/fuzz"
targets=(scenario overrides trace_arrivals import_otlp import_jaeger import_zipkin)
for t in "${targets[@]}"; do
  mkdir -p "$out/$t"
  for d in "$here/seeds/$t" "$here/regressions/$t"; do
    if [ -d "$d" ]; then cp -r "$d/." "$out/$t/"; fi
  done
done
cp "$src"/scenarios/*.yaml "$out/scenario/"
cp "$src"/tests/data/roundtrip/*.yaml "$out/scenario/" 2>/dev/null || true
# Each ```yaml block of the docs as a file of its own.
for md in "$src"/docs/*.md "$src"/docs/*/*.md; do
  [ -f "$md" ] || continue
  awk -v prefix="$out/scenario/doc-$(basename "$md" .md)-" '
    /^```yaml/ { n++; inside = 1; file = prefix n ".yaml"; next }
    /^```/ { inside = 0; next }
    inside { print > file }' "$md"
done
# --set PATH=VALUE arguments shown in the docs, one per line, all in one input.
grep -ohE -- "--set '?[a-z_.A-Z0-9-]+=[^' ]+" "$src"/docs/*.md "$src"/README.md 2>/dev/null |
  sed -E "s/^--set '?//" >"$out/overrides/docs.txt" || true
for t in import_otlp import_jaeger import_zipkin; do
  cp "$src"/tests/data/traces/*.json* "$out/$t/"
done
