#!/usr/bin/env bash
# Compile time is part of the product. Reports, for one translation unit at
# a time (g++ -O2 -march=native, the fastest of RUNS compiles):
#   - what #include <weft/weft.hpp> alone costs, and its dependencies alone
#     (xsimd, oneTBB, the standard headers weft includes);
#   - a dozen expressions and two reductions (dozen_*.cpp), against weft and
#     xtensor (with and without xtensor's xsimd support), and what each
#     expression adds to weft's include cost;
#   - the fourteen reference workloads written as a user would
#     (fourteen_*.cpp), against weft, xtensor and Eigen;
#   - weft's units again with WEFT_SEPARATE_COMPILATION=1 (the loops shared
#     by all expressions compiled once, elsewhere), and that one unit.
#
#   scripts/compile-time.sh [RUNS]   (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh tour xtensor-dev libeigen3-dev
runs=${1:-1}
cxx=${CXX:-g++}
flags=(-std=c++20 -O2 -march=native -DNDEBUG)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
units=benchmarks/compile_time

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
  printf '%.2f' "$best"
}

# header_cost LINES...: a unit that only includes the given lines.
header_cost() {
  printf '%s\n' "$@" > "$out/headers.cpp"
  fastest "$out/headers.cpp" -Iinclude
}

echo "weft: compile time ($cxx ${flags[*]}, fastest of $runs)"
mapfile -t std_lines < <(grep -rhoE '^#include <[a-z_]+>' include/weft | sort -u)
mapfile -t tbb_lines < <(grep -rhoE '^#include <oneapi/tbb/[a-z_]+\.h>' include/weft | sort -u)
include_all=$(header_cost '#include <weft/weft.hpp>')
echo "  #include <weft/weft.hpp> alone:  $include_all s"
echo "    xsimd alone:                   $(header_cost '#include <xsimd/xsimd.hpp>') s"
echo "    oneTBB alone (weft's headers): $(header_cost "${tbb_lines[@]}") s"
echo "    the standard headers weft uses: $(header_cost "${std_lines[@]}") s (${#std_lines[@]} headers)"

dozen=$(fastest $units/dozen_weft.cpp -Iinclude)
echo "  a dozen expressions and two reductions:"
echo "    weft:            $dozen s ($(awk "BEGIN { printf \"%.2f\", ($dozen - $include_all) / 14 }") s each above the include)"
dozen_separate=$(fastest $units/dozen_weft.cpp -Iinclude -DWEFT_SEPARATE_COMPILATION=1)
echo "    weft, separate:  $dozen_separate s ($(awk "BEGIN { printf \"%.2f\", ($dozen_separate - $include_all) / 14 }") s each above the include)"
grep '^#include' $units/dozen_xtensor.cpp > "$out/xtensor_headers.cpp"
echo "    xtensor:         $(fastest $units/dozen_xtensor.cpp) s (its includes alone: $(fastest "$out/xtensor_headers.cpp") s)"
echo "    xtensor + xsimd: $(fastest $units/dozen_xtensor.cpp -DXTENSOR_USE_XSIMD) s"

echo "  the fourteen reference workloads:"
echo "    weft:            $(fastest $units/fourteen_weft.cpp -Iinclude) s"
echo "    xtensor:         $(fastest $units/fourteen_xtensor.cpp) s"
echo "    xtensor + xsimd: $(fastest $units/fourteen_xtensor.cpp -DXTENSOR_USE_XSIMD) s"
echo "    Eigen:           $(fastest $units/fourteen_eigen.cpp -I/usr/include/eigen3) s"
echo "    weft, separate:  $(fastest $units/fourteen_weft.cpp -Iinclude -DWEFT_SEPARATE_COMPILATION=1) s"
printf '#include <weft/separate_compilation.hpp>\n' > "$out/loops.cpp"
echo "  the shared loops, compiled once for WEFT_SEPARATE_COMPILATION: $(fastest "$out/loops.cpp" -Iinclude) s"
