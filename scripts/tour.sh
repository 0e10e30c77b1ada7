#!/usr/bin/env bash
# Quick start, first command: install what is missing (a compiler, CMake,
# xsimd and oneTBB from Debian's packages), build and run the tour.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh tour
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release \
  -DWEFT_BUILD_TESTS=OFF -DWEFT_BUILD_EXAMPLES=ON -DWEFT_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/release --target tour -j"$(nproc)"
build/release/examples/tour
