#!/usr/bin/env bash
# weft beside NumPy, numexpr, Numba, xtensor, Eigen and hand-written loops,
# on the reference workloads (../shared/WORKLOADS.md), with the bandwidth
# limit measured in the same run. Writes docs/benchmarks.md and its charts
# (docs/img/*.png). On a fresh Debian 12, from the repository root:
#
#   benchmarks/compare/run.sh [--rounds R] [--reps N] [--threads 1,2] [--only W1,W2] [--no-compile-time]
#
# Installs what it needs (Debian packages; NumPy, Numba, numexpr and SciPy
# from PyPI into build/compare-venv), builds the C++ peers in build/compare,
# then runs every peer one at a time in rotated rounds (compare.py). A peer
# whose library is missing is skipped and named in the report. On 2 cores:
# about 23 minutes with --rounds 3, about 35 with the default 5.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=5 reps=3 threads=1,2 only="" compile_time=1
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --no-compile-time) compile_time=0; shift ;;
    *) echo "usage: $0 [--rounds R] [--reps N] [--threads 1,2] [--only W1,W2] [--no-compile-time]" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh tour libbenchmark-dev xtensor-dev libeigen3-dev libopenblas-dev \
  python3 python3-venv python3-matplotlib

build=build/compare
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DWEFT_BUILD_TESTS=OFF -DWEFT_BUILD_EXAMPLES=OFF \
  -DWEFT_BUILD_BENCHMARKS=ON >/dev/null
targets=$(cmake --build "$build" --target help | sed -n 's/^\.\.\. \(compare_[a-z]*\).*/\1/p')
for t in $targets; do cmake --build "$build" --target "$t"; done

# Debian's Python (python3-matplotlib draws the charts), whatever else is on PATH.
python=/usr/bin/python3
venv=build/compare-venv
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -c "import numpy, numba, numexpr, scipy" 2>/dev/null ||
  "$venv/bin/pip" install -q numpy numba numexpr scipy

compile_args=()
if [ "$compile_time" = 1 ]; then
  scripts/compile-time.sh | tee "$build/compile-time.txt"
  compile_args=(--compile-times "$build/compile-time.txt")
fi

only_args=()
[ -z "$only" ] || only_args=(--only "$only")
"$python" benchmarks/compare/compare.py --build "$build" --python "$venv/bin/python" --rounds "$rounds" --reps "$reps" \
  --threads "$threads" "${only_args[@]}" "${compile_args[@]}" --json docs/benchmarks.json \
  --markdown docs/benchmarks.md --charts docs/img
echo "weft: wrote docs/benchmarks.md, docs/img/ and the raw results, docs/benchmarks.json"
