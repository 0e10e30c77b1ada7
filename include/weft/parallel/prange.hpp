#pragma once
// weft::prange: Numba's prange. The iterations of the loop may run on several
// threads at once, in any order, so they must not depend on each other.
//
//   weft::prange(n, [&](weft::index_t i) { out[i] = a[i] * a[i]; });
//   weft::prange(weft::range(10, 0, -3), f);   // i = 10, 7, 4, 1
//   weft::prange(n, f, weft::par);             // threads even for small n
//
// The policy (default auto_policy, which keeps cheap loops serial) and the
// grain behave as in parallel_for_chunks (chunks.hpp). An exception thrown
// by f reaches the caller. A prange inside a prange body is fine.
#include <concepts>

#include "weft/core/index.hpp"
#include "weft/core/policy.hpp"
#include "weft/core/range.hpp"
#include "weft/parallel/chunks.hpp"

namespace weft {

// A loop body: f(i) runs iteration i. An error naming this concept means the
// body cannot be called with one weft::index_t.
template <class F>
concept loop_body = std::invocable<F&, index_t>;

// Iterations i = 0, 1, ..., n - 1 (none when n <= 0).
template <loop_body F>
void prange(index_t n, F&& f, execution_policy policy = auto_policy) {
  parallel_for_chunks(
      n, 0,
      [&f](index_t begin, index_t end) {
        for (index_t i = begin; i < end; ++i) f(i);
      },
      policy);
}

// Iterations over Python's range(start, stop, step), negative steps
// included; f gets the values themselves. A zero step throws value_error.
template <loop_body F>
void prange(const range& r, F&& f, execution_policy policy = auto_policy) {
  const index_t count = loop_count(r);
  const index_t start = r.start, step = r.step;
  parallel_for_chunks(
      count, 0,
      [&f, start, step](index_t begin, index_t end) {
        for (index_t k = begin; k < end; ++k) f(start + k * step);
      },
      policy);
}

} // namespace weft
