#!/usr/bin/env bash
# catch_discover_tests splits a Catch2 test name at ';' (a CMake list), and
# each half then matches no test: CTest reports it passed having run nothing.
# Fails naming every TEST_CASE whose name holds a ';'.
if hits=$(grep -rn 'TEST_CASE("[^"]*;' "$1/tests"); then
  echo "error: test names with ';' never run under CTest (write ', and' instead):"
  echo "$hits"
  exit 1
fi
echo "test names: none holds a ';'"
