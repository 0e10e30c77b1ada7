#pragma once
// How `auto_policy` decides between one thread and many: it runs the first
// items of a loop serially in doubling batches (1, 2, 4, ... items), timing
// them, until probe_time has passed or the loop is done. From the measured
// cost per item it estimates the rest: below serial_cutoff the rest runs
// serially too (threads would cost more than they save: waking oneTBB's
// workers and joining them takes microseconds), above it the rest goes to
// oneTBB in chunks of about chunk_time each. Nothing here changes which values
// a loop computes, only where it runs.
#include <chrono>
#include <limits>

#include "weft/core/index.hpp"

namespace weft::detail {

inline constexpr std::chrono::nanoseconds probe_time{2'000};
inline constexpr std::chrono::nanoseconds serial_cutoff{30'000};
inline constexpr std::chrono::nanoseconds chunk_time{5'000};

struct cost_estimate {
  index_t done = 0;          // items the probe already ran
  double ns_per_item = 0.0;  // their average cost

  // True when the remaining items are worth handing to threads.
  bool worth_threads(index_t remaining) const {
    return ns_per_item * static_cast<double>(remaining) >= static_cast<double>(serial_cutoff.count());
  }
  // Items per chunk so that one chunk takes about chunk_time.
  index_t grain() const {
    const double g = static_cast<double>(chunk_time.count()) / ns_per_item;  // inf when 0
    if (!(g < static_cast<double>(std::numeric_limits<index_t>::max() / 2))) return std::numeric_limits<index_t>::max() / 2;
    return g < 1.0 ? 1 : static_cast<index_t>(g);
  }
};

// Calls `step()` until probe_time has passed or `total` items are done. Each
// call runs the next batch serially and returns how many items it ran (at
// least one while items remain); the caller makes the batches double.
template <class Step>
cost_estimate probe_cost(index_t total, Step&& step) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  cost_estimate est;
  clock::duration elapsed{};
  while (est.done < total) {
    est.done += step();
    elapsed = clock::now() - t0;
    if (elapsed >= probe_time) break;
  }
  if (est.done > 0)
    est.ns_per_item = static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()) /
                      static_cast<double>(est.done);
  return est;
}

} // namespace weft::detail
