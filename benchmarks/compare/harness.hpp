#pragma once
// The timing harness every C++ peer of benchmarks/compare/ shares (weft,
// hand-written loops, xtensor, Eigen): the WORKLOADS.md inputs, a workload
// table, and one JSON line per workload on stdout, which compare.py reads.
// Each peer is its own program, built with its own library's recommended
// switches, and compare.py runs them one at a time in rotated rounds.
//
//   compare_<peer> --threads K [--reps R] [--only W1,W2]
//
// Each workload runs once to warm up, then R times; the line holds every
// time (seconds per call) and a checksum of the result, which compare.py
// checks against the other peers'.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace cmp {

using i64 = long;  // (sizes and indices)

// WORKLOADS.md's inputs: deterministic, in [0.1, 1.1). NumPy computes the
// same bits (peers.py): the same three double operations per element.
inline double input_value(i64 i, double phase) { return 0.1 + std::fmod(phase + 0.6180339887 * double(i), 1.0); }
inline std::vector<double> input(i64 n, double phase) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (i64 i = 0; i < n; ++i) v[std::size_t(i)] = input_value(i, phase);
  return v;
}

// The sizes of WORKLOADS.md.
constexpr i64 n10m = 10'000'000;
constexpr i64 w6_side = 1000;
constexpr i64 w7_side = 4000;
constexpr i64 w8_rows = 4000, w8_cols = 2500;
constexpr i64 w11_side = 512;
constexpr i64 w12_n = 1000;
constexpr i64 w13_n = 10'000'000;
constexpr i64 w14_points = 2000, w14_dims = 64;
// Inner calls per timed sample for the per-call workloads (W4 of 1000, W12).
constexpr int small_calls = 20000;

inline double sum_of(const double* p, i64 n) {
  double s = 0;
  for (i64 i = 0; i < n; ++i) s += p[i];
  return s;
}

// One workload of a peer: run() does the work once (the harness times it),
// checksum() sums its result afterwards. calls: run() does this many calls
// (the per-call workloads), so a sample is divided by it.
struct workload {
  std::string id;
  std::function<void()> run;
  std::function<double()> checksum;
  int calls = 1;
};

struct options {
  int threads = 1;
  int reps = 5;
  std::vector<std::string> only;
  options(int argc, char** argv) {
    for (int k = 1; k < argc; ++k) {
      const std::string a = argv[k];
      if (a == "--threads" && k + 1 < argc) threads = std::atoi(argv[++k]);
      else if (a == "--reps" && k + 1 < argc) reps = std::atoi(argv[++k]);
      else if (a == "--only" && k + 1 < argc) {
        std::string list = argv[++k];
        for (std::size_t from = 0; from <= list.size();) {
          const std::size_t comma = std::min(list.find(',', from), list.size());
          only.push_back(list.substr(from, comma - from));
          from = comma + 1;
        }
      } else {
        std::fprintf(stderr, "usage: %s --threads K [--reps R] [--only W1,W2,...]\n", argv[0]);
        std::exit(2);
      }
    }
  }
  bool wanted(const std::string& id) const {
    return only.empty() || std::find(only.begin(), only.end(), id) != only.end();
  }
};

// Times every wanted workload and prints one JSON line each.
inline void run_all(const char* peer, const std::vector<workload>& all, const options& o) {
  using clock = std::chrono::steady_clock;
  for (const workload& w : all) {
    if (!o.wanted(w.id)) continue;
    w.run();  // warm up: pages touched, code and caches loaded
    std::vector<double> times;
    for (int r = 0; r < o.reps; ++r) {
      const auto t0 = clock::now();
      w.run();
      times.push_back(std::chrono::duration<double>(clock::now() - t0).count() / w.calls);
    }
    std::printf("{\"peer\": \"%s\", \"workload\": \"%s\", \"threads\": %d, \"checksum\": %.17g, \"times\": [", peer,
                w.id.c_str(), o.threads, w.checksum());
    for (std::size_t k = 0; k < times.size(); ++k) std::printf("%s%.9g", k ? ", " : "", times[k]);
    std::printf("]}\n");
    std::fflush(stdout);
  }
}

// Keeps a value alive so the compiler cannot drop the work that made it.
template <class T>
inline void keep(const T& value) {
  asm volatile("" : : "g"(&value) : "memory");
}

} // namespace cmp
