#!/bin/sh
# Compile-fail tests: each .cpp here must compile with -DWEFT_COMPILE_FAIL_CONTROL
# (so the failure is not a broken include path or a typo) and must fail
# without it, with the text of its "// expect:" line among the first 40 lines
# of the compiler's errors (an extended regular expression).
#   usage: tests/compile_fail/check.sh [compiler] (default: g++), from the repository root
CXX=${1:-g++}
DIR=$(dirname "$0")
INCLUDE="$DIR/../../include"
status=0
for src in "$DIR"/*.cpp; do
  expect=$(sed -n 's|^// expect: ||p' "$src")
  if ! $CXX -std=c++20 -fsyntax-only -I"$INCLUDE" -DWEFT_COMPILE_FAIL_CONTROL "$src" 2>/dev/null; then
    echo "FAIL $src: the control variant does not compile"; status=1; continue
  fi
  if out=$($CXX -std=c++20 -fsyntax-only -I"$INCLUDE" "$src" 2>&1); then
    echo "FAIL $src: compiled, but must not"; status=1; continue
  fi
  if printf '%s\n' "$out" | head -n 40 | grep -qE -- "$expect"; then
    echo "ok   $src: rejected with \"$expect\""
  else
    echo "FAIL $src: rejected, but \"$expect\" is not in the first 40 lines:"; printf '%s\n' "$out" | head -n 40
    status=1
  fi
done
exit $status
