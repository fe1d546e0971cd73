#!/usr/bin/env bash
# Runs a test only where the tool it needs is installed: exit 77 (CTest
# SKIP_RETURN_CODE: reported as skipped, never as passed) when TOOL is not on
# PATH, else runs COMMAND and exits with its code.
# Usage: skip_without.sh TOOL COMMAND [ARGS…]
set -uo pipefail
tool=$1; shift
if ! command -v "$tool" >/dev/null 2>&1; then
  echo "SKIP: '$tool' is not installed"
  exit 77
fi
exec "$@"
