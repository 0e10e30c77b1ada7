#!/usr/bin/env bash
# Quick start, first command: install what is missing, build and run the tour.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DWEFT_BUILD_TESTS=OFF >/dev/null
cmake --build build/release --target tour -j"$(nproc)"
build/release/examples/tour
