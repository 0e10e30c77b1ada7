#!/usr/bin/env bash
# Quick start, second command (and what CI runs): build and run every test
# suite and every example, in every configuration below, then the compile
# time report, the package tests and the fresh-machine test.
#
#   scripts/test.sh                everything
#   scripts/test.sh --suite NAME   one suite (a CTest name), built as the
#                                  release configuration builds it; installs
#                                  only what that needs
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

# run_config NAME [--only "TARGETS"] CMAKE_ARGS...: configure, build and run
# one configuration (only the named test targets with --only).
run_config() {
  local name=$1; shift
  local only=""
  if [ "${1:-}" = "--only" ]; then only=$2; shift 2; fi
  echo "== weft: $name${only:+ ($only)}"
  local started=$SECONDS
  cmake -S . -B "build/$name" -DWEFT_BUILD_TESTS=ON -DWEFT_BUILD_EXAMPLES=ON "$@" >/dev/null
  if [ -n "$only" ]; then
    # shellcheck disable=SC2086
    cmake --build "build/$name" -j"$jobs" --target $only
    (cd "build/$name" && ctest --output-on-failure -j"$jobs" -R "^(${only// /|})\$")
  else
    cmake --build "build/$name" -j"$jobs"
    (cd "build/$name" && ctest --output-on-failure -j"$jobs")
  fi
  echo "== weft: $name took $((SECONDS - started)) s"
}

# (The benchmarks are built by whoever runs them: CI time goes to the tests.)
release=(-DCMAKE_BUILD_TYPE=Release -DWEFT_BUILD_BENCHMARKS=OFF -DWEFT_USE_TBB=ON)

if [ "${1:-}" = "--suite" ]; then
  scripts/install-deps.sh tests
  run_config release --only "${2:?usage: scripts/test.sh --suite NAME}" "${release[@]}"
  exit 0
fi

# clang for the TSan, serial-scalar and libFuzzer builds (its runtimes are
# in libclang-rt-14-dev); Open MPI for weft::mpi's tests and examples.
scripts/install-deps.sh tests mpi clang libclang-rt-14-dev libopenblas-dev

# Every suite at the host's own width (-march=native).
run_config release "${release[@]}"

# The evaluator, reduction and kernel suites at every other SIMD width the
# host runs, so that no test depends on the CPU CI happens to get: AVX2+FMA
# when the native build is wider (AVX-512), and SSE2 (a default build's
# lanes) everywhere. At -O1: these builds test the width-dependent paths,
# the release build above the optimizer (-O1 halves the build time of -O3).
width_build=(-DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" -DWEFT_BUILD_BENCHMARKS=OFF -DWEFT_USE_TBB=ON)
cpu_has() { grep -qw "$1" /proc/cpuinfo; }
width_suites="test_eval test_reduce test_reduce_threads test_kernel test_linalg"
if cpu_has avx512bw; then widths="native (avx512)"; elif cpu_has avx2; then widths="native (avx2)"; else widths="native"; fi
if cpu_has avx512f && cpu_has avx2 && cpu_has fma; then
  widths+=", avx2"
  run_config avx2 --only "$width_suites" "${width_build[@]}" "-DWEFT_ARCH_FLAGS=-mavx2 -mfma"
fi
widths+=", sse2"
run_config sse2 --only "$width_suites" "${width_build[@]}" -DWEFT_NATIVE=OFF

# Address and undefined-behaviour sanitizers (test_expr, test_kernel and
# test_reduce, the slowest suites to compile, run in the Release
# configuration only, to keep CI short; the reduction engine runs here through
# test_reduce_threads, the stencils through test_kernel_checked, and the
# differential tester on two dtypes). Line tables only (-g1): reports still
# name file and line, and the build is quicker.
run_config asan-ubsan --only "test_core test_array test_parallel test_eval test_reduce_threads test_kernel_checked test_linalg test_dispatch slicing_fuzz expr_diff" -DCMAKE_BUILD_TYPE=Debug -DWEFT_BUILD_BENCHMARKS=OFF \
  -DWEFT_DIFF_SUBSET=ON -DWEFT_DIFF_CASES=3000 \
  "-DCMAKE_CXX_FLAGS=-O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
  -DCMAKE_CXX_FLAGS_DEBUG=-g1

# ThreadSanitizer on the parallel paths, with clang: Debian's libtbb is not
# built with TSan, so TBB's own inline code is left uninstrumented
# (tests/parallel/tsan_ignorelist.txt says why, and tsan_suppressions.txt
# why reads of oneTBB's task context are not reported); weft's code and the loop
# bodies are checked, also in the differential tester's random trees (on two
# dtypes, random policies with grains down to 1 element).
TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/tests/parallel/tsan_suppressions.txt" run_config tsan --only "test_parallel test_eval test_reduce_threads expr_diff" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
  -DWEFT_BUILD_BENCHMARKS=OFF -DWEFT_BUILD_EXAMPLES=OFF -DWEFT_USE_TBB=ON -DWEFT_DIFF_SUBSET=ON -DWEFT_DIFF_CASES=3000 \
  "-DCMAKE_CXX_FLAGS=-O1 -fsanitize=thread -fsanitize-ignorelist=$PWD/tests/parallel/tsan_ignorelist.txt"

# The serial and scalar backends give the same results; built with clang, so
# the suites run under both compilers (TSan above is clang too).
run_config clang-serial-scalar --only "test_core test_array test_parallel test_eval test_reduce_threads test_linalg test_dispatch slicing_fuzz slicing_fuzz_libfuzzer" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ -DWEFT_USE_TBB=OFF -DWEFT_USE_XSIMD=OFF \
  -DWEFT_BUILD_BENCHMARKS=OFF

# The newest xsimd and oneTBB (Debian 12 has xsimd 8.1 and oneTBB 2021.8),
# from PyPI wheels (scripts/newest-deps.sh); test_eval covers the evaluator's
# intrinsics (streaming stores, transposed tiles) against the newest xsimd.
newest=$(scripts/newest-deps.sh build/newest-deps-pkg)
# shellcheck disable=SC2086
run_config newest-deps --only "test_parallel test_reduce_threads test_eval" "${release[@]}" $newest

echo "== weft: SIMD widths tested: $widths"

# Compile time: the include, a dozen expressions, the fourteen reference workloads, beside xtensor and Eigen (a report, not a gate).
scripts/compile-time.sh

# Packaging: install, find_package, add_subdirectory, FetchContent, pkg-config, conan create.
scripts/package-test.sh

# The Quick start on a fresh Debian 12 root (debootstrap), as a new user meets it.
scripts/fresh-machine-test.sh
