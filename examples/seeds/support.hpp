#pragma once
// What the seed examples share: the best wall time of a few runs, and a
// count of failed checks (the exit status).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>

namespace seeds {

// Best wall time of `reps` runs of fn, in milliseconds.
template <class F>
double best_ms(int reps, F&& fn) {
  double best = std::numeric_limits<double>::infinity();
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

// Failed checks so far; main returns non-zero when there are any.
inline int failures = 0;

inline void check(bool ok, const char* what) {
  if (!ok) {
    ++failures;
    std::printf("  FAILED: %s\n", what);
  }
}

} // namespace seeds
