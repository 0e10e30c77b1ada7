#pragma once
// What every benchmark binary shares: the WORKLOADS.md inputs, the thread
// count for weft and OpenMP alike, and bytes per iteration for bandwidth.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <cmath>
#include <cstdint>
#include <weft/weft.hpp>

namespace bench {

using weft::index_t;

// Inputs in [0.1, 1.1), deterministic, as WORKLOADS.md asks.
inline weft::ndarray<double, 1> input(index_t n, double phase) {
  weft::ndarray<double, 1> a(weft::shape{n});
  for (index_t i = 0; i < n; ++i) a(i) = 0.1 + std::fmod(phase + 0.6180339887 * double(i), 1.0);
  return a;
}

// The same thread count for weft and for the hand-written OpenMP loops.
inline void set_threads(benchmark::State& state, int k) {
  weft::set_num_threads(k);
  omp_set_num_threads(k);
  state.counters["threads"] = k;
}

// Bytes moved per iteration, so Google Benchmark reports bandwidth.
inline void bytes(benchmark::State& state, double per_iteration) {
  state.SetBytesProcessed(static_cast<std::int64_t>(per_iteration * double(state.iterations())));
}

} // namespace bench
