#pragma once
#include <limits>
#include <concepts>

#include "weft/core/errors.hpp"
#include "weft/core/index.hpp"

namespace weft {

// `weft::none` leaves a bound of a range open, like an empty slot in a[::2].
struct none_t {
  explicit constexpr none_t(int) {}
};
inline constexpr none_t none{0};

// A Python-style range: start, stop, step. It is both a slice in indexing
// (`a(weft::range(1, -1, 2))`, bounds clip and may be negative) and the
// iteration space of `weft::prange`. Open bounds mean "from the beginning"
// and "to the end" in the direction of the step.
struct range {
  index_t start = 0;
  index_t stop = 0;
  index_t step = 1;
  bool has_start = true;
  bool has_stop = true;

  constexpr range(index_t start_, index_t stop_, index_t step_ = 1)
      : start(start_), stop(stop_), step(step_) {}
  constexpr range(none_t, index_t stop_, index_t step_ = 1)
      : stop(stop_), step(step_), has_start(false) {}
  constexpr range(index_t start_, none_t, index_t step_ = 1)
      : start(start_), step(step_), has_stop(false) {}
  constexpr range(none_t, none_t, index_t step_ = 1)
      : step(step_), has_start(false), has_stop(false) {}
};

// A slice resolved against one dimension of extent n: first index, count, step.
struct resolved_range {
  index_t first;
  index_t count;
  index_t step;
};

// Python's slice.indices(n): clips the bounds, never throws except on step 0.
constexpr resolved_range resolve(const range& r, index_t n) {
  if (r.step == 0) throw value_error("slice step cannot be zero");
  // Python clamps the step to [-max, max]: -step must not overflow.
  const index_t step = r.step == std::numeric_limits<index_t>::min() ? -std::numeric_limits<index_t>::max() : r.step;
  index_t lo, hi;  // clipped start and stop
  if (step > 0) {
    lo = r.has_start ? r.start : 0;
    hi = r.has_stop ? r.stop : n;
    if (lo < 0) lo = lo + n < 0 ? 0 : lo + n;
    else if (lo > n) lo = n;
    if (hi < 0) hi = hi + n < 0 ? 0 : hi + n;
    else if (hi > n) hi = n;
    const index_t count = hi > lo ? (hi - lo - 1) / step + 1 : 0;  // (no overflow for a huge step)
    return {lo, count, step};
  }
  lo = r.has_start ? r.start : n - 1;
  hi = r.has_stop ? r.stop : -1;  // -1 here means "before index 0"
  if (r.has_start) {
    if (lo < 0) lo = lo + n < 0 ? -1 : lo + n;
    else if (lo >= n) lo = n - 1;
  }
  if (r.has_stop) {
    if (hi < 0) hi = hi + n < 0 ? -1 : hi + n;
    else if (hi >= n) hi = n - 1;
  }
  const index_t count = lo > hi ? (lo - hi - 1) / (-step) + 1 : 0;
  return {lo, count, step};
}

// The iteration count of a range used as a loop (prange): Python's
// len(range(start, stop, step)); open bounds are not allowed there.
constexpr index_t loop_count(const range& r) {
  if (r.step == 0) throw value_error("range step cannot be zero");
  if (!r.has_start || !r.has_stop) throw value_error("a loop range needs both a start and a stop");
  if (r.step > 0) return r.stop > r.start ? (r.stop - r.start + r.step - 1) / r.step : 0;
  return r.start > r.stop ? (r.start - r.stop - r.step - 1) / (-r.step) : 0;
}

} // namespace weft
