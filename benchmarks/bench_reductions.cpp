// W4, W5, W8, W14 of shared/WORKLOADS.md: weft's reductions beside hand-written
// -O3 -march=native loops (serial and 2-thread OpenMP) and a read-bandwidth
// reference, all in one binary so ratios come from one run.
// benchmarks/report.py turns the JSON output into the table of ratios.
//
// Every benchmark first checks, once, that weft's result equals the hand
// loop's within 1e-9 relative (SkipWithError otherwise).
#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <weft/weft.hpp>

#include "support.hpp"

namespace {

using weft::index_t;
using bench::bytes;
using bench::input;
using bench::set_threads;
constexpr index_t n10m = 10'000'000;
constexpr index_t rows = 4000, cols = 2500;

struct vectors {
  weft::ndarray<double, 1> a = input(n10m, 0.1), b = input(n10m, 0.2);
};
vectors& v10m() {
  static vectors v;
  return v;
}
const weft::ndarray<double, 2>& matrix() {
  static const weft::ndarray<double, 2> m = input(rows * cols, 0.8).reshape({rows, cols});
  return m;
}

// The one-time check: weft's value against the hand loop's.
bool same(double weft_value, double hand_value) {
  return std::abs(weft_value - hand_value) <= 1e-9 * std::max(std::abs(hand_value), 1e-300);
}
bool check(benchmark::State& state, double weft_value, double hand_value) {
  if (same(weft_value, hand_value)) return true;
  state.SkipWithError(("weft " + std::to_string(weft_value) + " != hand " + std::to_string(hand_value)).c_str());
  return false;
}
template <class W>
bool check(benchmark::State& state, const W& weft_values, const weft::ndarray<double, 1>& hand_values) {
  if (weft_values.size() != hand_values.size()) {
    state.SkipWithError("weft and hand results differ in size");
    return false;
  }
  for (index_t i = 0; i < hand_values.size(); ++i)
    if (!same(weft_values(i), hand_values(i))) {
      state.SkipWithError(("at " + std::to_string(i) + ": weft " + std::to_string(weft_values(i)) + " != hand " +
                           std::to_string(hand_values(i)))
                              .c_str());
      return false;
    }
  return true;
}

// --- the hand-written loops (OpenMP threads as set by omp_set_num_threads) ---
double hand_sum(const double* a, index_t n) {
  double s = 0;
#pragma omp parallel for simd reduction(+:s) schedule(static)
  for (index_t i = 0; i < n; ++i) s += a[i];
  return s;
}

double hand_dot(const double* a, const double* b, index_t n) {
  double s = 0;
#pragma omp parallel for simd reduction(+:s) schedule(static)
  for (index_t i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

// Column sums: each thread owns one block of columns and adds every row's
// segment into it (the block stays in L1; one block per thread reads the
// longest contiguous runs, faster here than smaller blocks).
void hand_sum_axis0(const double* m, double* o) {
  const index_t blocks = omp_get_max_threads();
  const index_t cb = ((cols + blocks - 1) / blocks + 7) / 8 * 8;
#pragma omp parallel for schedule(static)
  for (index_t j0 = 0; j0 < cols; j0 += cb) {
    const index_t j1 = std::min(cols, j0 + cb);
    for (index_t j = j0; j < j1; ++j) o[j] = 0;
    for (index_t i = 0; i < rows; ++i)
#pragma omp simd
      for (index_t j = j0; j < j1; ++j) o[j] += m[i * cols + j];
  }
}

// Row sums, parallel over rows.
void hand_sum_axis1(const double* m, double* o) {
#pragma omp parallel for schedule(static)
  for (index_t i = 0; i < rows; ++i) {
    double s = 0;
#pragma omp simd reduction(+:s)
    for (index_t j = 0; j < cols; ++j) s += m[i * cols + j];
    o[i] = s;
  }
}

// --- the bandwidth reference: read one 10M array -----------------------------
// Sixteen independent accumulators, so the loop waits on memory, not on the
// latency of one chain of additions.
double read_all(const double* a, index_t n) {
  double s = 0;
#pragma omp parallel reduction(+:s)
  {
    double acc[16] = {};
#pragma omp for schedule(static)
    for (index_t i = 0; i < n / 16 * 16; i += 16)
#pragma omp simd
      for (index_t k = 0; k < 16; ++k) acc[k] += a[i + k];
    for (double x : acc) s += x;
  }
  for (index_t i = n / 16 * 16; i < n; ++i) s += a[i];
  return s;
}

void read_bandwidth(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  const double* a = v.a.data();
  if (!check(state, weft::sum(v.a), read_all(a, n10m))) return;
  for (auto _ : state) {
    double s = read_all(a, n10m);
    benchmark::DoNotOptimize(s);
  }
  bytes(state, 8.0 * n10m);
}
BENCHMARK(read_bandwidth)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W4 sum(a), 10M ------------------------------------------------------------
void w4_weft(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  if (!check(state, weft::sum(v.a), hand_sum(v.a.data(), n10m))) return;
  for (auto _ : state) {
    double s = weft::sum(v.a);
    benchmark::DoNotOptimize(s);
  }
  bytes(state, 8.0 * n10m);
}
BENCHMARK(w4_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w4_hand(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  const double* a = v.a.data();
  if (!check(state, weft::sum(v.a), hand_sum(a, n10m))) return;
  for (auto _ : state) {
    double s = hand_sum(a, n10m);
    benchmark::DoNotOptimize(s);
  }
  bytes(state, 8.0 * n10m);
}
BENCHMARK(w4_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W4 (1000): sum(arange(1000.0)), per call ------------------------------------
// The array is made once; each iteration sums it again (DoNotOptimize on the
// data pointer and ClobberMemory keep the sum inside the loop). The hand
// versions are serial; report.py compares weft with the fastest of them.
template <class Sum>
void per_call(benchmark::State& state, const weft::ndarray<double, 1>& x, Sum sum) {
  if (!check(state, weft::sum(x), sum(x.data()))) return;
  const double* p = x.data();
  for (auto _ : state) {
    benchmark::DoNotOptimize(p);
    double s = sum(p);
    benchmark::DoNotOptimize(s);
    benchmark::ClobberMemory();
  }
  bytes(state, 8.0 * double(x.size()));
}

void w4_1000_weft(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  const auto x = weft::arange(1000.0);
  per_call(state, x, [&](const double*) { return weft::sum(x); });
}
BENCHMARK(w4_1000_weft)->Arg(1)->Arg(2);

// One SIMD chain: #pragma omp simd reduction.
void w4_1000_hand(benchmark::State& state) {
  set_threads(state, 1);
  per_call(state, weft::arange(1000.0), [](const double* p) {
    double s = 0;
#pragma omp simd reduction(+:s)
    for (index_t i = 0; i < 1000; ++i) s += p[i];
    return s;
  });
}
BENCHMARK(w4_1000_hand);

// Four scalar accumulators.
void w4_1000_hand_acc4(benchmark::State& state) {
  set_threads(state, 1);
  per_call(state, weft::arange(1000.0), [](const double* p) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (index_t i = 0; i < 1000; i += 4) {
      s0 += p[i];
      s1 += p[i + 1];
      s2 += p[i + 2];
      s3 += p[i + 3];
    }
    return (s0 + s1) + (s2 + s3);
  });
}
BENCHMARK(w4_1000_hand_acc4);

// Sixteen accumulators held in SIMD registers (several independent chains).
void w4_1000_hand_acc16(benchmark::State& state) {
  set_threads(state, 1);
  per_call(state, weft::arange(1000.0), [](const double* p) {
    double acc[16] = {};
    for (index_t i = 0; i < 1000 / 16 * 16; i += 16)
#pragma omp simd
      for (index_t k = 0; k < 16; ++k) acc[k] += p[i + k];
    for (index_t i = 1000 / 16 * 16, k = 0; i < 1000; ++i, ++k) acc[k] += p[i];
    double s = 0;
    for (double a : acc) s += a;
    return s;
  });
}
BENCHMARK(w4_1000_hand_acc16);

// --- W5 sum(a * b), 10M ------------------------------------------------------------
void w5_weft(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  if (!check(state, weft::sum(v.a * v.b), hand_dot(v.a.data(), v.b.data(), n10m))) return;
  for (auto _ : state) {
    double s = weft::sum(v.a * v.b);
    benchmark::DoNotOptimize(s);
  }
  bytes(state, 2.0 * 8 * n10m);
}
BENCHMARK(w5_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w5_hand(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  const double *a = v.a.data(), *b = v.b.data();
  if (!check(state, weft::sum(v.a * v.b), hand_dot(a, b, n10m))) return;
  for (auto _ : state) {
    double s = hand_dot(a, b, n10m);
    benchmark::DoNotOptimize(s);
  }
  bytes(state, 2.0 * 8 * n10m);
}
BENCHMARK(w5_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W8 sum(M, axis=0) and sum(M, axis=1), M 4000x2500 -----------------------------
void w8_axis0_weft(benchmark::State& state) {
  const auto& m = matrix();
  set_threads(state, int(state.range(0)));
  weft::ndarray<double, 1> hand(weft::shape{cols});
  hand_sum_axis0(m.data(), hand.data());
  if (!check(state, weft::sum(m, 0), hand)) return;
  for (auto _ : state) {
    auto s = weft::sum(m, 0);
    benchmark::DoNotOptimize(s.data());
    benchmark::ClobberMemory();
  }
  bytes(state, 8.0 * rows * cols);
}
BENCHMARK(w8_axis0_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w8_axis0_hand(benchmark::State& state) {
  const auto& m = matrix();
  set_threads(state, int(state.range(0)));
  weft::ndarray<double, 1> out(weft::shape{cols});
  hand_sum_axis0(m.data(), out.data());
  if (!check(state, weft::sum(m, 0), out)) return;
  for (auto _ : state) {
    hand_sum_axis0(m.data(), out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  bytes(state, 8.0 * rows * cols);
}
BENCHMARK(w8_axis0_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w8_axis1_weft(benchmark::State& state) {
  const auto& m = matrix();
  set_threads(state, int(state.range(0)));
  weft::ndarray<double, 1> hand(weft::shape{rows});
  hand_sum_axis1(m.data(), hand.data());
  if (!check(state, weft::sum(m, 1), hand)) return;
  for (auto _ : state) {
    auto s = weft::sum(m, 1);
    benchmark::DoNotOptimize(s.data());
    benchmark::ClobberMemory();
  }
  bytes(state, 8.0 * rows * cols);
}
BENCHMARK(w8_axis1_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w8_axis1_hand(benchmark::State& state) {
  const auto& m = matrix();
  set_threads(state, int(state.range(0)));
  weft::ndarray<double, 1> out(weft::shape{rows});
  hand_sum_axis1(m.data(), out.data());
  if (!check(state, weft::sum(m, 1), out)) return;
  for (auto _ : state) {
    hand_sum_axis1(m.data(), out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  bytes(state, 8.0 * rows * cols);
}
BENCHMARK(w8_axis1_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W14 pairwise distances, X 2000x64 -> D 2000x2000 (direct sums) ---------------
constexpr index_t points = 2000, dims = 64;
const weft::ndarray<double, 2>& points_x() {
  static const weft::ndarray<double, 2> x = input(points * dims, 1.4).reshape({points, dims});
  return x;
}
// The triple loop, rows of D on OpenMP threads, the inner sum vectorized.
void hand_distances(const double* x, double* d) {
#pragma omp parallel for schedule(static)
  for (index_t i = 0; i < points; ++i)
    for (index_t j = 0; j < points; ++j) {
      double s = 0;
#pragma omp simd reduction(+:s)
      for (index_t k = 0; k < dims; ++k) {
        const double t = x[i * dims + k] - x[j * dims + k];
        s += t * t;
      }
      d[i * points + j] = std::sqrt(s);
    }
}
weft::ndarray<double, 2> weft_distances(const weft::ndarray<double, 2>& x) {
  return weft::sqrt(weft::sum(weft::square(x(weft::all, weft::newaxis, weft::all) - x(weft::newaxis, weft::all, weft::all)), 2));
}
bool check_distances(benchmark::State& state) {
  const auto& x = points_x();
  weft::ndarray<double, 2> hand(weft::shape{points, points});
  hand_distances(x.data(), hand.data());
  const auto w = weft_distances(x);
  if (!check(state, w.ravel(), weft::ndarray<double, 1>(hand.ravel()))) return false;
  return true;
}

void w14_weft(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  if (!check_distances(state)) return;
  const auto& x = points_x();
  for (auto _ : state) {
    auto d = weft_distances(x);
    benchmark::DoNotOptimize(d.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w14_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// NumPy's idiom, np.linalg.norm(x[:, None] - x[None], axis=-1): the square
// root is the reduction's finish, applied as each result is stored.
void w14_weft_norm(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  if (!check_distances(state)) return;
  const auto& x = points_x();
  for (auto _ : state) {
    auto d = weft::norm(x(weft::all, weft::newaxis, weft::all) - x(weft::newaxis, weft::all, weft::all), 2, 2);
    benchmark::DoNotOptimize(d.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w14_weft_norm)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The squared distances alone (no square root pass), for what the root costs.
void w14_weft_squared(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  const auto& x = points_x();
  for (auto _ : state) {
    auto d = weft::sum(weft::square(x(weft::all, weft::newaxis, weft::all) - x(weft::newaxis, weft::all, weft::all)), 2);
    benchmark::DoNotOptimize(d.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w14_weft_squared)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same with weft's cache of freed large arrays off: each call's 32 MB
// result is fresh pages, faulted in and zeroed by the kernel.
void w14_weft_fresh_pages(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  if (!check_distances(state)) return;
  const auto& x = points_x();
  const auto limit = weft::array_cache_limit();
  weft::set_array_cache_limit(0);
  for (auto _ : state) {
    auto d = weft_distances(x);
    benchmark::DoNotOptimize(d.data());
    benchmark::ClobberMemory();
  }
  weft::set_array_cache_limit(limit);
}
BENCHMARK(w14_weft_fresh_pages)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w14_hand(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  if (!check_distances(state)) return;
  weft::ndarray<double, 2> d(weft::shape{points, points});
  for (auto _ : state) {
    hand_distances(points_x().data(), d.data());
    benchmark::DoNotOptimize(d.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w14_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
