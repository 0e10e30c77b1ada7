#!/usr/bin/env bash
# The instruction set chosen at run time, against -march=native: runs
# bench_dispatch (default flags: the host's best set, then WEFT_SIMD=sse2
# and avx2) and bench_dispatch_native in alternation, ROUNDS times, and
# prints the median time of each workload per variant.
#
#   benchmarks/dispatch/run.sh [BUILD_DIR] [ROUNDS]   (build/bench, 3)
#
# BUILD_DIR is a build with WEFT_BUILD_BENCHMARKS=ON where the targets
# bench_dispatch and bench_dispatch_native are built.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/bench}
rounds=${2:-3}
bin="$build/benchmarks/dispatch"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

variants="native dispatched sse2"
grep -qw avx2 /proc/cpuinfo && grep -qw avx512f /proc/cpuinfo && variants+=" avx2"
for round in $(seq "$rounds"); do
  for v in $variants; do
    case $v in
      native) cmd=("$bin/bench_dispatch_native") ;;
      dispatched) cmd=("$bin/bench_dispatch") ;;
      *) cmd=(env "WEFT_SIMD=$v" "$bin/bench_dispatch") ;;
    esac
    "${cmd[@]}" --benchmark_format=csv --benchmark_min_time=0.2 2>/dev/null |
      awk -F, -v v="$v" 'NR > 1 { gsub(/"/, "", $1); sub(/\/real_time/, "", $1); print v "," $1 "," $3 "," $5 }' \
      >> "$out/times.csv"
  done
  echo "round $round of $rounds done" >&2
done

python3 - "$out/times.csv" "$variants" <<'PY'
import collections, statistics, sys
times = collections.defaultdict(lambda: collections.defaultdict(list))
units = {}
for line in open(sys.argv[1]):
    v, name, t, unit = line.strip().split(",")
    times[name][v].append(float(t))
    units[name] = unit
variants = sys.argv[2].split()
print("| workload | " + " | ".join(variants) + " | dispatched / native |")
print("|---|" + "---:|" * (len(variants) + 1))
for name, per in times.items():
    med = {v: statistics.median(per[v]) for v in variants if per[v]}
    cells = [f"{med[v]:.3g} {units[name]}" if v in med else "" for v in variants]
    ratio = med["dispatched"] / med["native"] if "dispatched" in med and "native" in med else float("nan")
    print(f"| {name} | " + " | ".join(cells) + f" | {ratio:.3f} |")
PY
