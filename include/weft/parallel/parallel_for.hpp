#pragma once
// weft::parallel_for(extents, f [, policy]): a parallel loop over every index
// of an N-dimensional box [0, extents), cut into tiles (box_range.hpp). The
// body takes the index either as N arguments or as one array:
//
//   weft::parallel_for(weft::shape{rows, cols}, [&](weft::index_t i, weft::index_t j) { ... });
//   weft::parallel_for(weft::shape{rows, cols}, [&](const std::array<weft::index_t, 2>& ij) { ... });
//
// (When a generic body accepts both, it gets N arguments.) Within a tile the
// indices run in row-major order. Policies as for prange: seq/simd serial,
// par/par_simd always on oneTBB (tiles down to policy.grain indices, default
// 1), auto_policy serial when the total work is cheap (see cost_model.hpp).
// A negative extent throws value_error; an exception thrown by f reaches the
// caller.
#include <array>
#include <concepts>
#include <cstddef>
#include <utility>

#include "weft/config.hpp"
#include "weft/core/index.hpp"
#include "weft/core/policy.hpp"
#include "weft/core/shape.hpp"
#include "weft/parallel/box_range.hpp"
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

namespace detail {
template <std::size_t>
using index_for = index_t;

template <class F, class Seq>
inline constexpr bool invocable_with_indices = false;
template <class F, std::size_t... I>
inline constexpr bool invocable_with_indices<F, std::index_sequence<I...>> = std::invocable<F&, index_for<I>...>;
} // namespace detail

// f(i, j, ...) with N index arguments.
template <class F, std::size_t N>
concept nd_indices_body = detail::invocable_with_indices<F, std::make_index_sequence<N>>;

// f(idx) with one const std::array<index_t, N>&.
template <class F, std::size_t N>
concept nd_array_body = std::invocable<F&, const std::array<index_t, N>&>;

// A body for an N-dimensional parallel_for. An error naming this concept
// means the body takes neither N weft::index_t nor one std::array of them.
template <class F, std::size_t N>
concept nd_body = nd_indices_body<F, N> || nd_array_body<F, N>;

namespace detail {

template <std::size_t N, class F>
void call_at(F& f, const std::array<index_t, N>& idx) {
  if constexpr (nd_indices_body<F, N>)
    [&]<std::size_t... I>(std::index_sequence<I...>) { f(idx[I]...); }(std::make_index_sequence<N>{});
  else
    f(idx);
}

template <std::size_t D, std::size_t N, class F>
void walk_box(const box_range<N>& box, F& f, std::array<index_t, N>& idx) {
  const index_t hi = box.hi(D);
  for (idx[D] = box.lo(D); idx[D] < hi; ++idx[D]) {
    if constexpr (D + 1 == N)
      call_at<N>(f, idx);
    else
      walk_box<D + 1>(box, f, idx);
  }
}

// Runs f at every index of the box, in row-major order, on this thread.
template <std::size_t N, class F>
void for_each_in_box(const box_range<N>& box, F& f) {
  if (box.empty()) return;
  std::array<index_t, N> idx{};
  walk_box<0>(box, f, idx);
}

#if WEFT_USE_TBB
// Runs `count` disjoint boxes on oneTBB, each split into tiles of at most
// `grain` indices.
template <std::size_t N, class F>
void boxes_on_tbb(tbb::task_arena& arena, const box_range<N>* boxes, std::size_t count, index_t grain, F& f) {
  auto tile_body = [&f](const box_range<N>& tile) {
    [[maybe_unused]] task_scope task;
    for_each_in_box(tile, f);
  };
  auto one = [&](const box_range<N>& box) {
    tbb::parallel_for(box.with_grain(grain), tile_body, tbb::auto_partitioner{});
  };
  auto each_box = [&](const tbb::blocked_range<std::size_t>& r) {
    [[maybe_unused]] task_scope task;
    for (std::size_t k = r.begin(); k != r.end(); ++k) one(boxes[k]);
  };
  auto run = [&] {
    [[maybe_unused]] task_scope task;
    if (count == 1)
      one(boxes[0]);
    else
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 1), each_box, tbb::simple_partitioner{});
  };
  [[maybe_unused]] fork_join fj;  // after everything the tasks read
  arena.execute(run);
}

// auto_policy: halve the box again and again, keeping the upper halves;
// running the smallest lower half, then the upper halves from the smallest
// up, gives batches that double in size, all of them boxes. Whatever the
// probe leaves is a list of boxes for oneTBB.
template <std::size_t N, class F>
void auto_boxes(tbb::task_arena& arena, const box_range<N>& whole, index_t grain, F& f) {
  // Each split at least halves the volume, which fits in 63 bits.
  std::array<box_range<N>, 64> upper{};
  std::size_t pending = 0;
  box_range<N> lower = whole.with_grain(1);
  while (lower.is_divisible()) upper[pending++] = box_range<N>(lower, split_tag{});
  bool lower_done = false;
  const index_t total = whole.volume();
  const auto cost = probe_cost(total, [&]() -> index_t {
    if (!lower_done) {
      lower_done = true;
      for_each_in_box(lower, f);
      return lower.volume();
    }
    const box_range<N>& next = upper[--pending];
    for_each_in_box(next, f);
    return next.volume();
  });
  if (pending == 0) return;
  if (!cost.worth_threads(total - cost.done)) {
    while (pending > 0) for_each_in_box(upper[--pending], f);
    return;
  }
  boxes_on_tbb(arena, upper.data(), pending, grain > 0 ? grain : cost.grain(), f);
}
#endif

} // namespace detail

template <std::size_t N, class F>
  requires nd_body<F, N>
void parallel_for(const shape<N>& extents, F&& f, execution_policy policy = auto_policy) {
  if (checked_size(extents) == 0) return;
  const box_range<N> whole(extents);
#if WEFT_USE_TBB
  if (policy.threads) {
    if (auto arena = detail::parallel_arena()) {
      if (policy.automatic)
        detail::auto_boxes(*arena, whole, policy.grain, f);
      else
        detail::boxes_on_tbb(*arena, &whole, 1, policy.grain > 0 ? policy.grain : 1, f);
      return;
    }
  }
#else
  (void)policy;  // every policy runs serially without oneTBB
#endif
  detail::for_each_in_box(whole, f);
}

} // namespace weft
