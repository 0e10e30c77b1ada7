#!/usr/bin/env bash
# Compile time is part of the product: how long one translation unit with a
# dozen expressions and reductions takes to compile against weft, and the
# same unit against xtensor (Debian's xtensor-dev, installed here).
#
#   scripts/compile-time.sh [RUNS]   the fastest of RUNS compiles (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh tour xtensor-dev
runs=${1:-1}
cxx=${CXX:-g++}
flags=(-std=c++20 -O2 -march=native -DNDEBUG)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# fastest SOURCE ARGS...: the fastest of $runs compiles, in seconds.
fastest() {
  local source=$1; shift
  local best=""
  for _ in $(seq "$runs"); do
    local start end t
    start=$(date +%s.%N)
    "$cxx" "${flags[@]}" "$@" -c "$source" -o "$out/unit.o"
    end=$(date +%s.%N)
    t=$(awk "BEGIN { print $end - $start }")
    if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then best=$t; fi
  done
  printf '%.1f' "$best"
}

echo "weft: compile time of one unit with a dozen expressions ($cxx ${flags[*]}, fastest of $runs)"
echo "  #include <weft/weft.hpp> alone: $(echo '#include <weft/weft.hpp>' > "$out/include.cpp"; fastest "$out/include.cpp" -Iinclude) s"
echo "  weft:    $(fastest benchmarks/compile_time/dozen_weft.cpp -Iinclude) s"
if [ -f /usr/include/xtensor/xtensor.hpp ]; then
  echo "  xtensor: $(fastest benchmarks/compile_time/dozen_xtensor.cpp) s"
else
  echo "  xtensor: not installed (apt-get install xtensor-dev)"
fi
