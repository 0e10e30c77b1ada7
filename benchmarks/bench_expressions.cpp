// W1, W2, W3, W6, W7, W9, W12 of shared/WORKLOADS.md: weft beside hand-written
// -O3 -march=native loops (serial and 2-thread OpenMP) and a STREAM-style
// bandwidth reference, all in one binary so ratios come from one run.
// benchmarks/report.py turns the JSON output into the table of ratios.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <cmath>
#include <weft/weft.hpp>

#include "support.hpp"

namespace {

using weft::index_t;
using bench::bytes;
using bench::input;
using bench::set_threads;
constexpr index_t n10m = 10'000'000;

struct vectors {
  weft::ndarray<double, 1> a = input(n10m, 0.1), b = input(n10m, 0.2), c = input(n10m, 0.3), out = input(n10m, 0.4);
};
vectors& v10m() {
  static vectors v;
  return v;
}

// --- the bandwidth reference: STREAM triad a = b + s * c -------------------
void stream_triad(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  double* o = v.out.data();
  const double *b = v.b.data(), *c = v.c.data();
  for (auto _ : state) {
#pragma omp parallel for simd schedule(static)
    for (index_t i = 0; i < n10m; ++i) o[i] = b[i] + 3.0 * c[i];
    benchmark::ClobberMemory();
  }
  bytes(state, 3.0 * 8 * n10m);
}
BENCHMARK(stream_triad)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W1 sin(a) * cos(b) ------------------------------------------------------
void w1_weft(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    weft::assign(v.out, weft::sin(v.a) * weft::cos(v.b));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w1_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w1_hand(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  double* o = v.out.data();
  const double *a = v.a.data(), *b = v.b.data();
  for (auto _ : state) {
#pragma omp parallel for schedule(static)
    for (index_t i = 0; i < n10m; ++i) o[i] = std::sin(a[i]) * std::cos(b[i]);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w1_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W2 a * b + c --------------------------------------------------------------
void w2_weft(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    weft::assign(v.out, v.a * v.b + v.c);
    benchmark::ClobberMemory();
  }
  bytes(state, 4.0 * 8 * n10m);
}
BENCHMARK(w2_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w2_hand(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  double* o = v.out.data();
  const double *a = v.a.data(), *b = v.b.data(), *c = v.c.data();
  for (auto _ : state) {
#pragma omp parallel for simd schedule(static)
    for (index_t i = 0; i < n10m; ++i) o[i] = a[i] * b[i] + c[i];
    benchmark::ClobberMemory();
  }
  bytes(state, 4.0 * 8 * n10m);
}
BENCHMARK(w2_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W3 2a + 3b^2 - sqrt(|c|) ------------------------------------------------
void w3_weft(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    weft::assign(v.out, 2 * v.a + 3 * v.b * v.b - weft::sqrt(weft::abs(v.c)));
    benchmark::ClobberMemory();
  }
  bytes(state, 4.0 * 8 * n10m);
}
BENCHMARK(w3_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w3_hand(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  double* o = v.out.data();
  const double *a = v.a.data(), *b = v.b.data(), *c = v.c.data();
  for (auto _ : state) {
#pragma omp parallel for simd schedule(static)
    for (index_t i = 0; i < n10m; ++i) o[i] = 2 * a[i] + 3 * b[i] * b[i] - std::sqrt(std::fabs(c[i]));
    benchmark::ClobberMemory();
  }
  bytes(state, 4.0 * 8 * n10m);
}
BENCHMARK(w3_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W6 x + sum(tanh(diag(x))) ----------------------------------------------------
void w6_weft(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  auto x = weft::eval(weft::linspace(0.1, 1.1, 1000 * 1000).reshape({1000, 1000}));
  weft::ndarray<double, 2> out(x.shape());
  for (auto _ : state) {
    double trace = 0;
    for (double d : weft::eval(weft::tanh(x.diagonal()))) trace += d;
    weft::assign(out, x + trace);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w6_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();

void w6_hand(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  auto x = weft::eval(weft::linspace(0.1, 1.1, 1000 * 1000).reshape({1000, 1000}));
  weft::ndarray<double, 2> out(x.shape());
  const double* xp = x.data();
  double* o = out.data();
  for (auto _ : state) {
    double trace = 0;
    for (index_t i = 0; i < 1000; ++i) trace += std::tanh(xp[i * 1001]);
#pragma omp parallel for simd schedule(static)
    for (index_t i = 0; i < 1000 * 1000; ++i) o[i] = xp[i] + trace;
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w6_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();

// --- W7 a.T + b (4000x4000) beside a contiguous a + b of the same size --------
struct squares {
  weft::ndarray<double, 2> a = input(4000 * 4000, 0.5).reshape({4000, 4000});
  weft::ndarray<double, 2> b = input(4000 * 4000, 0.6).reshape({4000, 4000});
  weft::ndarray<double, 2> out = weft::zeros<double>({4000, 4000});
};
squares& sq() {
  static squares s;
  return s;
}

void w7_transposed_weft(benchmark::State& state) {
  auto& s = sq();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    weft::assign(s.out, s.a.T() + s.b);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w7_transposed_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w7_contiguous_weft(benchmark::State& state) {
  auto& s = sq();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    weft::assign(s.out, s.a + s.b);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w7_contiguous_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w7_transposed_hand(benchmark::State& state) {
  auto& s = sq();
  set_threads(state, int(state.range(0)));
  const double *a = s.a.data(), *b = s.b.data();
  double* o = s.out.data();
  constexpr index_t n = 4000, t = 32;
  for (auto _ : state) {
#pragma omp parallel for schedule(static)
    for (index_t ib = 0; ib < n; ib += t)
      for (index_t jb = 0; jb < n; jb += t)
        for (index_t i = ib; i < std::min(n, ib + t); ++i)
          for (index_t j = jb; j < std::min(n, jb + t); ++j) o[i * n + j] = a[j * n + i] + b[i * n + j];
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w7_transposed_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W7 a[::2] * 2.0 from 20M ---------------------------------------------------
void w7_stride2_weft(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  static auto a = input(2 * n10m, 0.7);
  auto& v = v10m();
  for (auto _ : state) {
    weft::assign(v.out, a(weft::range(0, 2 * n10m, 2)) * 2.0);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w7_stride2_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W9 M + row[newaxis, :] * col[:, newaxis], 4000x2500 -------------------------
void w9_weft(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  static auto m = input(4000 * 2500, 0.8).reshape({4000, 2500});
  static auto row = input(2500, 0.1), col = input(4000, 0.2);
  static weft::ndarray<double, 2> out(weft::shape{4000, 2500});
  for (auto _ : state) {
    weft::assign(out, m + row(weft::newaxis, weft::all) * col(weft::all, weft::newaxis));
    benchmark::ClobberMemory();
  }
  bytes(state, 2.0 * 8 * 4000 * 2500);
}
BENCHMARK(w9_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w9_hand(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  static auto m = input(4000 * 2500, 0.8);
  static auto row = input(2500, 0.1), col = input(4000, 0.2);
  static weft::ndarray<double, 1> out(weft::shape{4000 * 2500});
  const double *mp = m.data(), *r = row.data(), *c = col.data();
  double* o = out.data();
  for (auto _ : state) {
#pragma omp parallel for schedule(static)
    for (index_t i = 0; i < 4000; ++i)
#pragma omp simd
      for (index_t j = 0; j < 2500; ++j) o[i * 2500 + j] = mp[i * 2500 + j] + r[j] * c[i];
    benchmark::ClobberMemory();
  }
  bytes(state, 2.0 * 8 * 4000 * 2500);
}
BENCHMARK(w9_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W12 a + b, n = 1000, per call ------------------------------------------------
// Both sides use the same arrays. At this size, where the destination lies
// relative to the operands modulo 4 KiB moves either loop's time by up to
// 2x (store-to-load aliasing and the memory-dependence predictor), so the
// destination is placed at several offsets (the second argument, in
// elements) and weft and the hand loop are compared at each.
struct small_vectors {
  weft::ndarray<double, 1> a = input(1000, 0.1), b = input(1000, 0.2);
  weft::ndarray<double, 1> space = weft::zeros<double>({1000 + 512});
};
small_vectors& w12_data() {
  static small_vectors s;
  return s;
}
void w12_offsets(benchmark::internal::Benchmark* b, int max_threads) {
  for (int offset : {0, 4, 16, 36, 100, 260})
    for (int t = 1; t <= max_threads; ++t) b->Args({t, offset});
}

void w12_weft(benchmark::State& state) {
  set_threads(state, int(state.range(0)));
  auto& [a, b, space] = w12_data();
  auto out = space(weft::range(state.range(1), state.range(1) + 1000));
  for (auto _ : state) {
    out = a + b;
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w12_weft)->Apply([](auto* b) { w12_offsets(b, 2); });

void w12_hand(benchmark::State& state) {
  set_threads(state, 1);
  auto& [a, b, space] = w12_data();
  for (auto _ : state) {
    const double *ap = a.data(), *bp = b.data();
    double* o = space.data() + state.range(1);
    for (index_t i = 0; i < 1000; ++i) o[i] = ap[i] + bp[i];
    benchmark::DoNotOptimize(o);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w12_hand)->Apply([](auto* b) { w12_offsets(b, 1); });

} // namespace

BENCHMARK_MAIN();
