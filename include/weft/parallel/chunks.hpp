#pragma once
// weft::parallel_for_chunks(n, grain, body [, policy]): the 1-D primitive under
// prange and the evaluator. It calls body(begin, end) on disjoint chunks that
// together cover [0, n), possibly on several threads at once.
//
//   grain   largest chunk that is not split further (oneTBB's grainsize);
//           <= 0 lets weft choose. A grain in the policy wins over this one.
//   seq, simd          one call body(0, n) on the calling thread
//   par, par_simd      always handed to oneTBB, which may split down to grain
//   auto_policy        times the first chunks (sizes grain, 2 grain, 4 grain,
//                      ...; see cost_model.hpp) and keeps the loop serial when
//                      the rest is cheap; otherwise the rest goes to oneTBB
//
// An exception thrown by body reaches the caller (oneTBB cancels the other
// chunks and rethrows it). With one thread or WEFT_USE_TBB=0 every policy
// runs on the calling thread.
#include <concepts>
#include <cstddef>

#include "weft/config.hpp"
#include "weft/core/function_ref.hpp"
#include "weft/core/index.hpp"
#include "weft/core/policy.hpp"
#include "weft/parallel/cost_model.hpp"
#include "weft/parallel/threads.hpp"
#include "weft/parallel/tsan.hpp"

#if WEFT_USE_TBB
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>
#endif

namespace weft {

// A chunk body: body(begin, end) runs the items of [begin, end).
template <class B>
concept chunk_body = std::invocable<B&, index_t, index_t>;

namespace detail {

#if WEFT_USE_TBB
template <class B>
void chunks_on_tbb(tbb::task_arena& arena, index_t begin, index_t end, index_t grain, B& body) {
  const tbb::blocked_range<index_t> range(begin, end, static_cast<std::size_t>(grain));
  auto chunk = [&body](const tbb::blocked_range<index_t>& r) {
    [[maybe_unused]] task_scope task;
    body(r.begin(), r.end());
  };
  auto run = [&] {
    [[maybe_unused]] task_scope task;
    tbb::parallel_for(range, chunk, tbb::auto_partitioner{});
  };
  [[maybe_unused]] fork_join fj;  // after everything the tasks read
  arena.execute(run);
}
#endif

} // namespace detail

template <chunk_body B>
void parallel_for_chunks(index_t n, index_t grain, B&& body, execution_policy policy = auto_policy) {
  if (n <= 0) return;
#if WEFT_USE_TBB
  if (policy.grain > 0) grain = policy.grain;
  if (policy.threads) {
    if (auto arena = detail::parallel_arena()) {
      index_t begin = 0;
      if (policy.automatic) {
        index_t batch = grain > 0 ? grain : 1;
        const auto cost = detail::probe_cost(n, [&] {
          const index_t b = begin, e = n - b > batch ? b + batch : n;
          body(b, e);
          begin = e;
          batch = batch > n / 2 ? n : 2 * batch;
          return e - b;
        });
        if (begin == n) return;
        if (!cost.worth_threads(n - begin)) {
          body(begin, n);
          return;
        }
        if (grain <= 0) grain = cost.grain();
      }
      detail::chunks_on_tbb(*arena, begin, n, grain > 0 ? grain : 1, body);
      return;
    }
  }
#else
  (void)grain;  // without oneTBB every policy makes one chunk
  (void)policy;
#endif
  body(index_t{0}, n);
}

namespace detail {
// parallel_for_chunks for weft's own loops (assignment, reductions): the body
// behind a function_ref, so that oneTBB's templates are instantiated once.
inline void for_chunks(index_t n, index_t grain, function_ref<void(index_t, index_t)> body,
                       execution_policy policy) {
  parallel_for_chunks(n, grain, body, policy);
}
} // namespace detail

} // namespace weft
