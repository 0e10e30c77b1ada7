// W1-W9, W12 and W13 through WEFT_DISPATCH: built once with default flags
// (bench_dispatch: the set chosen at run time, or forced with WEFT_SIMD)
// and once with -march=native (bench_dispatch_native). run.sh runs them in
// alternation and prints the table.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

#include <weft/weft.hpp>

#include "workloads.hpp"

namespace {

using weft::index_t;

vec input(index_t n, double phase) {
  vec a(weft::shape{n});
  for (index_t i = 0; i < n; ++i) a(i) = 0.1 + std::fmod(phase + 0.6180339887 * double(i), 1.0);
  return a;
}
mat input2(index_t r, index_t c, double phase) { return input(r * c, phase).reshape({r, c}); }

constexpr index_t ten_m = 10'000'000;
struct data {
  vec a = input(ten_m, 0.1), b = input(ten_m, 0.2), c = input(ten_m, 0.3), out = vec(weft::shape{ten_m});
  mat x6 = input2(1000, 1000, 0.4), out6 = mat(weft::shape{1000, 1000});
  mat a7 = input2(4000, 4000, 0.5), b7 = input2(4000, 4000, 0.6), out7 = mat(weft::shape{4000, 4000});
  mat m8 = input2(4000, 2500, 0.7), out9 = mat(weft::shape{4000, 2500});
  vec cols = vec(weft::shape{2500}), rows = vec(weft::shape{4000});
  vec row9 = input(2500, 0.8), col9 = input(4000, 0.9);
  vec a12 = input(1000, 0.1), b12 = input(1000, 0.2), out12 = vec(weft::shape{1000});
  vec S = input(ten_m, 0.3) * 40.0 + 6.0, K = input(ten_m, 0.7) * 40.0 + 6.0, T = input(ten_m, 0.5) * 1.9 - 0.09;
  vec call = vec(weft::shape{ten_m}), put = vec(weft::shape{ten_m});
};
data& d() {
  static data instance;
  return instance;
}

template <class F>
void run(benchmark::State& state, F&& f) {
  state.SetLabel(weft::to_string(weft::simd_set_in_use()));
  for (auto _ : state) {
    f();
    benchmark::ClobberMemory();
  }
}

void W1(benchmark::State& s) { run(s, [] { w1(d().a, d().b, d().out); }); }
void W2(benchmark::State& s) { run(s, [] { w2(d().a, d().b, d().c, d().out); }); }
void W3(benchmark::State& s) { run(s, [] { w3(d().a, d().b, d().c, d().out); }); }
void W4(benchmark::State& s) { run(s, [] { benchmark::DoNotOptimize(w4(d().a)); }); }
void W5(benchmark::State& s) { run(s, [] { benchmark::DoNotOptimize(w5(d().a, d().b)); }); }
void W6(benchmark::State& s) { run(s, [] { w6(d().x6, d().out6); }); }
void W7(benchmark::State& s) { run(s, [] { w7(d().a7, d().b7, d().out7); }); }
void W8_axis0(benchmark::State& s) { run(s, [] { w8_axis0(d().m8, d().cols); }); }
void W8_axis1(benchmark::State& s) { run(s, [] { w8_axis1(d().m8, d().rows); }); }
void W9(benchmark::State& s) { run(s, [] { w9(d().m8, d().row9, d().col9, d().out9); }); }
void W12(benchmark::State& s) { run(s, [] { w12(d().a12, d().b12, d().out12); }); }
void W13(benchmark::State& s) { run(s, [] { w13(d().S, d().K, d().T, d().call, d().put); }); }

}  // namespace

BENCHMARK(W1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W4)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W5)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W6)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(W7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W8_axis0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W8_axis1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W9)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W12)->Unit(benchmark::kNanosecond);
BENCHMARK(W13)->Unit(benchmark::kMillisecond)->UseRealTime();
int main(int argc, char** argv) {
  d();  // the inputs, before any timing
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
