#!/usr/bin/env bash
# Quick start, second command (and what CI runs): build and run every test
# suite and every example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)

# run_config NAME CMAKE_ARGS...: configure, build and run one configuration.
run_config() {
  local name=$1; shift
  echo "== weft: $name"
  cmake -S . -B "build/$name" -DWEFT_BUILD_TESTS=ON -DWEFT_BUILD_EXAMPLES=ON "$@" >/dev/null
  cmake --build "build/$name" -j"$jobs"
  (cd "build/$name" && ctest --output-on-failure -j"$jobs")
}

run_config release -DCMAKE_BUILD_TYPE=Release
