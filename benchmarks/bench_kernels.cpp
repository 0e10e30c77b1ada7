// Custom kernels beside what they replace, in one binary so ratios come from
// one run (benchmarks/report.py pairs <x>_weft with <x>_hand*):
//   w1_vectorize   W1 as a vectorize'd sinacos; hand: the built-in
//                  expression weft::sin(a) * weft::cos(b) and an OpenMP loop
//   heat_stencil   one explicit heat-equation step on 2000 x 2000 as a
//                  weft::stencil (Numba's constant border); hand: OpenMP rows
//                  with an omp simd inner loop
//   w11_<n>        naive C = A @ B (i-k-j) as a guvectorize "(n),(n,p)->(p)"
//                  over the rows of A; hand: OpenMP over rows. And the
//                  prange version as w11_<n>_prange_weft.
//   w13            Black-Scholes call and put for 10M options: the
//                  multi-output vectorize kernel the README teaches (one
//                  pass, shared work once); the same written as lazy array
//                  expressions (w13_lazy_weft: every use of d1 recomputes
//                  it, two passes) and through weft::outputs (one pass,
//                  recomputed); hand: an OpenMP loop over libm. (xtensor
//                  and the other peers: benchmarks/compare/.)
#include <benchmark/benchmark.h>
#include <omp.h>

#include <cmath>
#include <weft/weft.hpp>
#if WEFT_BENCH_EIGEN
#include <Eigen/Dense>
#endif

#include "black_scholes.hpp"
#include "support.hpp"

namespace {

using weft::index_t;
using bench::bytes;
using bench::input;
using bench::set_threads;

// --- the bandwidth reference: STREAM triad ------------------------------------
constexpr index_t n10m = 10'000'000;
struct vectors {
  weft::ndarray<double, 1> a = input(n10m, 0.1), b = input(n10m, 0.2), out = input(n10m, 0.4);
};
vectors& v10m() {
  static vectors v;
  return v;
}

void stream_triad(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  double* o = v.out.data();
  const double *a = v.a.data(), *b = v.b.data();
  for (auto _ : state) {
#pragma omp parallel for simd schedule(static)
    for (index_t i = 0; i < n10m; ++i) o[i] = a[i] + 3.0 * b[i];
    benchmark::ClobberMemory();
  }
  bytes(state, 3.0 * 8 * n10m);
}
BENCHMARK(stream_triad)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W1 through vectorize ------------------------------------------------------
const auto sinacos = weft::vectorize<double(double, double)>([](auto x, auto y) { return weft::sin(x) * weft::cos(y); });

void w1_vectorize_weft(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    weft::assign(v.out, sinacos(v.a, v.b));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w1_vectorize_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w1_vectorize_hand_expression(benchmark::State& state) {
  auto& v = v10m();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    weft::assign(v.out, weft::sin(v.a) * weft::cos(v.b));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(w1_vectorize_hand_expression)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w1_vectorize_hand_loop(benchmark::State& state) {
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
BENCHMARK(w1_vectorize_hand_loop)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- one heat-equation step ------------------------------------------------------
constexpr index_t grid = 2000;
constexpr double rate = 0.2;
struct grids {
  weft::ndarray<double, 2> u = input(grid * grid, 0.5).reshape({grid, grid});
  weft::ndarray<double, 2> next = weft::zeros<double>({grid, grid});
};
grids& heat() {
  static grids g;
  return g;
}

const auto heat_step = weft::stencil(
    [](const auto& a) { return a(0, 0) + rate * (a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1) - 4.0 * a(0, 0)); });

void heat_stencil_weft(benchmark::State& state) {
  auto& g = heat();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    heat_step(g.u, g.next);
    benchmark::ClobberMemory();
  }
  bytes(state, 2.0 * 8 * grid * grid);
}
BENCHMARK(heat_stencil_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void heat_stencil_hand(benchmark::State& state) {
  auto& g = heat();
  set_threads(state, int(state.range(0)));
  const double* u = g.u.data();
  double* o = g.next.data();
  const index_t n = grid;
  for (auto _ : state) {
#pragma omp parallel for schedule(static)
    for (index_t i = 0; i < n; ++i) {
      double* row = o + i * n;
      if (i == 0 || i == n - 1) {
        for (index_t j = 0; j < n; ++j) row[j] = 0;
        continue;
      }
      const double* c = u + i * n;
      row[0] = row[n - 1] = 0;
#pragma omp simd
      for (index_t j = 1; j < n - 1; ++j)
        row[j] = c[j] + rate * (c[j - n] + c[j + n] + c[j - 1] + c[j + 1] - 4.0 * c[j]);
    }
    benchmark::ClobberMemory();
  }
  bytes(state, 2.0 * 8 * grid * grid);
}
BENCHMARK(heat_stencil_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- W11 naive matrix multiply -----------------------------------------------------
struct matrices {
  index_t n;
  weft::ndarray<double, 2> a, b, c;
  explicit matrices(index_t size)
      : n(size), a(input(size * size, 0.3).reshape({size, size})), b(input(size * size, 0.7).reshape({size, size})),
        c(weft::shape{size, size}) {}
};
matrices& mats(index_t n) {
  static matrices m256(256), m512(512);
  return n == 256 ? m256 : m512;
}

// One row of C: out = x @ y, i-k-j order, on rows of y read as pointers.
void row_times(weft::view<const double, 1> x, weft::view<const double, 2> y, weft::view<double, 1> out) {
  const index_t p = out.size();
  double* o = out.data();
  for (index_t j = 0; j < p; ++j) o[j * out.strides()[0]] = 0;
  if (out.strides()[0] == 1 && y.strides()[1] == 1) {
    for (index_t k = 0; k < x.size(); ++k) {
      const double xk = x(k);
      const double* yk = y.data() + k * y.strides()[0];
      for (index_t j = 0; j < p; ++j) o[j] += xk * yk[j];
    }
  } else {
    for (index_t k = 0; k < x.size(); ++k)
      for (index_t j = 0; j < p; ++j) out(j) += x(k) * y(k, j);
  }
}
const auto matmul_rows = weft::guvectorize<"(n),(n,p)->(p)">(row_times);

void w11_weft(benchmark::State& state, index_t n) {
  auto& m = mats(n);
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    matmul_rows(m.a, m.b, m.c);
    benchmark::ClobberMemory();
  }
}
void w11_prange_weft(benchmark::State& state, index_t n) {
  auto& m = mats(n);
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    weft::prange(n, [&](index_t i) { row_times(m.a(i, weft::all), m.b, m.c(i, weft::all)); });
    benchmark::ClobberMemory();
  }
}
void w11_hand(benchmark::State& state, index_t n) {
  auto& m = mats(n);
  set_threads(state, int(state.range(0)));
  const double *a = m.a.data(), *b = m.b.data();
  double* c = m.c.data();
  for (auto _ : state) {
#pragma omp parallel for schedule(static)
    for (index_t i = 0; i < n; ++i) {
      double* ci = c + i * n;
      for (index_t j = 0; j < n; ++j) ci[j] = 0;
      for (index_t k = 0; k < n; ++k) {
        const double aik = a[i * n + k];
        const double* bk = b + k * n;
        for (index_t j = 0; j < n; ++j) ci[j] += aik * bk[j];
      }
    }
    benchmark::ClobberMemory();
  }
}
// weft::matmul on the configured backend (a CBLAS when found), weft's own
// blocked kernel called directly, and Eigen's GEMM when Eigen is installed.
void flop_rate(benchmark::State& state, index_t n) {
  state.counters["flops"] = benchmark::Counter(2.0 * double(n) * double(n) * double(n),
                                               benchmark::Counter::kIsIterationInvariantRate);
}
void w11_matmul_weft(benchmark::State& state, index_t n) {
  auto& m = mats(n);
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    weft::matmul(m.a, m.b, m.c);
    benchmark::ClobberMemory();
  }
  flop_rate(state, n);
  state.SetLabel(weft::matmul_backend());
}
void w11_matmul_own_kernel(benchmark::State& state, index_t n) {
  namespace g = weft::detail::gemm;
  auto& m = mats(n);
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    g::own_product(g::matrix_ref<const double>{m.a.data(), n, n, n, 1}, g::matrix_ref<const double>{m.b.data(), n, n, n, 1},
                   g::matrix_ref<double>{m.c.data(), n, n, n, 1}, weft::auto_policy);
    benchmark::ClobberMemory();
  }
  flop_rate(state, n);
}
#if WEFT_BENCH_EIGEN
void w11_eigen(benchmark::State& state, index_t n) {
  auto& m = mats(n);
  set_threads(state, int(state.range(0)));
  Eigen::setNbThreads(int(state.range(0)));
  using matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const matrix> a(m.a.data(), n, n), b(m.b.data(), n, n);
  Eigen::Map<matrix> c(m.c.data(), n, n);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::ClobberMemory();
  }
  flop_rate(state, n);
}
#endif
BENCHMARK_CAPTURE(w11_weft, 256, 256)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Name("w11_256_weft");
BENCHMARK_CAPTURE(w11_prange_weft, 256, 256)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Name("w11_256_prange_weft");
BENCHMARK_CAPTURE(w11_hand, 256, 256)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Name("w11_256_hand");
BENCHMARK_CAPTURE(w11_weft, 512, 512)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Name("w11_512_weft");
BENCHMARK_CAPTURE(w11_prange_weft, 512, 512)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Name("w11_512_prange_weft");
BENCHMARK_CAPTURE(w11_hand, 512, 512)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Name("w11_512_hand");
BENCHMARK_CAPTURE(w11_matmul_weft, 512, 512)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Name("w11_512_matmul_weft");
BENCHMARK_CAPTURE(w11_matmul_own_kernel, 512, 512)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Name("w11_512_matmul_own_kernel");
#if WEFT_BENCH_EIGEN
BENCHMARK_CAPTURE(w11_eigen, 512, 512)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Name("w11_512_eigen");
#endif

// --- W13: Black-Scholes call and put ---------------------------------------------
constexpr index_t n_options = 10'000'000;
using bench::bs_rate, bench::vol, bench::inv_sqrt2, bench::black_scholes;
struct options {
  weft::ndarray<double, 1> S = input(n_options, 0.3) * 40.0 + 6.0, K = input(n_options, 0.7) * 40.0 + 6.0,
                           T = input(n_options, 0.5) * 1.9 - 0.09;  // [10, 50), [10, 50), [0.1, 2)
  weft::ndarray<double, 1> call = weft::zeros<double>({n_options}), put = weft::zeros<double>({n_options});
};
options& w13_data() {
  static options o;
  return o;
}
void w13_bytes(benchmark::State& state) { bytes(state, 5.0 * 8 * n_options); }

// As the README teaches it: one kernel, two outputs (black_scholes.hpp).
void w13_weft(benchmark::State& state) {
  auto& o = w13_data();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    weft::assign(std::tie(o.call, o.put), black_scholes(o.S, o.K, o.T));
    benchmark::ClobberMemory();
  }
  w13_bytes(state);
  // The values against a libm loop: the largest difference relative to the option's price scale (S).
  double worst = 0;
  for (index_t i = 0; i < n_options; i += 97) {
    const double S = o.S(i), K = o.K(i), T = o.T(i), sqrtT = std::sqrt(T);
    const double d1 = (std::log(S / K) + (bs_rate + 0.5 * vol * vol) * T) / (vol * sqrtT), d2 = d1 - vol * sqrtT;
    const double cnd1 = 0.5 * (1.0 + std::erf(d1 * inv_sqrt2)), cnd2 = 0.5 * (1.0 + std::erf(d2 * inv_sqrt2));
    const double discounted = K * std::exp(-bs_rate * T);
    worst = std::max({worst, std::abs(o.call(i) - (S * cnd1 - discounted * cnd2)) / S,
                      std::abs(o.put(i) - (discounted * (1.0 - cnd2) - S * (1.0 - cnd1))) / S});
  }
  state.counters["max_diff_vs_libm"] = worst;
}
BENCHMARK(w13_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The natural lazy form: d1 and the cnds are recomputed at each use.
auto cnd(const auto& x) { return 0.5 * (1.0 + weft::erf(x * inv_sqrt2)); }
auto lazy_black_scholes(const options& o) {
  auto sqrtT = weft::sqrt(o.T);
  auto d1 = (weft::log(o.S / o.K) + (bs_rate + 0.5 * vol * vol) * o.T) / (vol * sqrtT);
  auto d2 = d1 - vol * sqrtT;
  auto discounted = o.K * weft::exp(-bs_rate * o.T);
  return std::pair(o.S * cnd(d1) - discounted * cnd(d2), discounted * (1.0 - cnd(d2)) - o.S * (1.0 - cnd(d1)));
}
void w13_lazy_weft(benchmark::State& state) {
  auto& o = w13_data();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    auto [call, put] = lazy_black_scholes(o);
    o.call = call;
    o.put = put;
    benchmark::ClobberMemory();
  }
  w13_bytes(state);
}
BENCHMARK(w13_lazy_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w13_outputs_weft(benchmark::State& state) {
  auto& o = w13_data();
  set_threads(state, int(state.range(0)));
  for (auto _ : state) {
    auto [call, put] = lazy_black_scholes(o);
    weft::assign(std::tie(o.call, o.put), weft::outputs(call, put));
    benchmark::ClobberMemory();
  }
  w13_bytes(state);
}
BENCHMARK(w13_outputs_weft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void w13_hand(benchmark::State& state) {
  auto& o = w13_data();
  set_threads(state, int(state.range(0)));
  const double *S = o.S.data(), *K = o.K.data(), *T = o.T.data();
  double *call = o.call.data(), *put = o.put.data();
  for (auto _ : state) {
#pragma omp parallel for schedule(static)
    for (index_t i = 0; i < n_options; ++i) {
      const double sqrtT = std::sqrt(T[i]);
      const double d1 = (std::log(S[i] / K[i]) + (bs_rate + 0.5 * vol * vol) * T[i]) / (vol * sqrtT);
      const double d2 = d1 - vol * sqrtT;
      const double cnd1 = 0.5 * (1.0 + std::erf(d1 * inv_sqrt2)), cnd2 = 0.5 * (1.0 + std::erf(d2 * inv_sqrt2));
      const double discounted = K[i] * std::exp(-bs_rate * T[i]);
      call[i] = S[i] * cnd1 - discounted * cnd2;
      put[i] = discounted * (1.0 - cnd2) - S[i] * (1.0 - cnd1);
    }
    benchmark::ClobberMemory();
  }
  w13_bytes(state);
}
BENCHMARK(w13_hand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();


} // namespace

BENCHMARK_MAIN();
