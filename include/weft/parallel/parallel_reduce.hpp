#pragma once
// weft::parallel_reduce(n_or_range, init, body, combine [, policy]): a
// reduction over iterations 0..n-1 (or over a weft::range's values) into a
// value of any copyable type T: a number, a std::tuple, a whole array.
//
//   double s = weft::parallel_reduce(n, 0.0,
//       [&](double& acc, weft::index_t i) { acc += x[i]; },      // body
//       [](double a, double b) { return a + b; });               // combine
//
//   body(T& acc, index_t i)           adds iteration i into acc, in place
//   combine(T& a, const T& b)         a = a ∘ b in place, returning void, or
//   combine(const T&, const T&) -> T returns a ∘ b
//
// As in oneTBB, `init` is the identity of ∘ (0 for +, 1 for *): it seeds
// every chunk, so a non-identity init is counted once per chunk.
//
// The result is reproducible, bit for bit, even for floating point: it does
// not depend on the thread count, the policy, the backend or the timing.
// The iterations are cut into a tree fixed by n and the grain alone: a chunk
// of more than `grain` iterations is split at its middle, begin + (end -
// begin) / 2; each leaf starts from a copy of init and runs body in order;
// each node combines its left result with its right one. The grain is
// policy.grain if set, else ceil(n / reduce_max_leaves), so at most 64
// leaves. Threads only decide which leaves run where. auto_policy times the
// first iterations of the leftmost leaf and keeps the whole tree on the
// calling thread when the work is cheap. An empty loop returns init.
#include <concepts>
#include <optional>
#include <type_traits>
#include <utility>

#include "weft/config.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/index.hpp"
#include "weft/core/policy.hpp"
#include "weft/core/range.hpp"
#include "weft/parallel/cost_model.hpp"
#include "weft/parallel/threads.hpp"
#include "weft/parallel/tsan.hpp"

#if WEFT_USE_TBB
#include <oneapi/tbb/parallel_invoke.h>
#include <oneapi/tbb/task_arena.h>
#endif

namespace weft {

// Most leaves of a reduction tree when the policy sets no grain.
inline constexpr index_t reduce_max_leaves = 64;

// body(acc, i): adds iteration i into the accumulator acc.
template <class B, class T>
concept reduce_body = std::invocable<B&, T&, index_t>;

// combine(a, b): either a ∘= b in place (returning void) or a ∘ b returned
// as a value convertible to T. An error naming this concept means combine
// cannot be called as combine(T&, const T&) or returns something else.
template <class C, class T>
concept reduce_combine =
    std::invocable<C&, T&, const T&> &&
    (std::is_void_v<std::invoke_result_t<C&, T&, const T&>> ||
     std::convertible_to<std::invoke_result_t<C&, T&, const T&>, T>);

namespace detail {

inline index_t reduce_grain(index_t n, index_t policy_grain) {
  if (policy_grain > 0) return policy_grain;
  return n / reduce_max_leaves + (n % reduce_max_leaves != 0 ? 1 : 0);
}

// The reduction tree over [0, n); `index(k)` maps position k to the value
// the body sees.
template <class T, class Index, class B, class C>
struct reduce_tree {
  reduce_tree(index_t grain_, const T& init_, Index index_, B& body_, C& combine_)
      : grain(grain_), init(init_), index(index_), body(body_), combine(combine_) {}

  index_t grain;
  const T& init;
  Index index;
  B& body;
  C& combine;
  // The leftmost leaf [0, e) when the auto policy's probe has begun it:
  // its accumulator so far and the next position to run.
  std::optional<T> first_acc{};
  index_t first_next = 0;

  void run(T& acc, index_t begin, index_t end) {
    for (index_t k = begin; k < end; ++k) body(acc, index(k));
  }

  T leaf(index_t begin, index_t end) {
    if (begin == 0 && first_acc) {
      T acc = std::move(*first_acc);
      run(acc, first_next, end);
      return acc;
    }
    T acc = init;
    run(acc, begin, end);
    return acc;
  }

  void join(T& left, const T& right) {
    if constexpr (std::is_void_v<std::invoke_result_t<C&, T&, const T&>>)
      combine(left, right);
    else
      left = combine(left, right);
  }

  // The same tree, whether `parallel` or not.
  T node(index_t begin, index_t end, [[maybe_unused]] bool parallel) {
    if (end - begin <= grain) return leaf(begin, end);
    const index_t mid = begin + (end - begin) / 2;
#if WEFT_USE_TBB
    if (parallel) {
      std::optional<T> left, right;
      // `self`, not a captured `this`: clang reads a captured `this` on
      // entry, before the task_scope (tsan.hpp) could order that read.
      reduce_tree* self = this;
      auto do_left = [self, &left, begin, mid] {
        [[maybe_unused]] task_scope task;
        left.emplace(self->node(begin, mid, true));
      };
      auto do_right = [self, &right, mid, end] {
        [[maybe_unused]] task_scope task;
        right.emplace(self->node(mid, end, true));
      };
      {
        [[maybe_unused]] fork_join fj;  // after everything the tasks read
        tbb::parallel_invoke(do_left, do_right);
      }
      // When a task elsewhere in the tree throws, oneTBB cancels the tasks
      // not yet started: parallel_invoke then returns normally with a half
      // never computed. That exception reaches the caller on its own (oneTBB
      // drops this one, thrown in a cancelled group): leave, combine nothing.
      if (!left || !right) throw error("parallel_reduce: cancelled");
      join(*left, *right);
      return std::move(*left);
    }
#endif
    T left = node(begin, mid, false);
    const T right = node(mid, end, false);
    join(left, right);
    return left;
  }

  // The end of the leftmost leaf.
  index_t first_leaf_end(index_t n) const {
    index_t end = n;
    while (end > grain) end /= 2;
    return end;
  }
};

template <class T, class Index, class B, class C>
T reduce(index_t n, const T& init, Index index, B& body, C& combine, execution_policy policy) {
  if (n <= 0) return init;
  reduce_tree<T, Index, B, C> tree(reduce_grain(n, policy.grain), init, index, body, combine);
#if WEFT_USE_TBB
  if (policy.threads && n > tree.grain) {
    if (auto arena = parallel_arena()) {
      bool parallel = true;
      if (policy.automatic) {
        const index_t first_end = tree.first_leaf_end(n);
        tree.first_acc.emplace(init);
        index_t batch = 1;
        const auto cost = probe_cost(first_end, [&] {
          const index_t b = tree.first_next, e = first_end - b > batch ? b + batch : first_end;
          tree.run(*tree.first_acc, b, e);
          tree.first_next = e;
          batch = batch > first_end / 2 ? first_end : 2 * batch;
          return e - b;
        });
        parallel = cost.worth_threads(n - cost.done);
      }
      if (parallel) {
        auto root = [&] {
          [[maybe_unused]] task_scope task;
          return tree.node(0, n, true);
        };
        [[maybe_unused]] fork_join fj;  // after everything the tasks read
        return arena->execute(root);
      }
    }
  }
#endif
  return tree.node(0, n, false);
}

} // namespace detail

// Reduces iterations i = 0, 1, ..., n - 1 (returns init when n <= 0).
template <class T, class B, class C>
  requires std::copyable<T> && reduce_body<B, T> && reduce_combine<C, T>
T parallel_reduce(index_t n, T init, B&& body, C&& combine, execution_policy policy = auto_policy) {
  return detail::reduce(n, init, [](index_t k) { return k; }, body, combine, policy);
}

// Reduces over the values of Python's range(start, stop, step); a zero step
// throws value_error.
template <class T, class B, class C>
  requires std::copyable<T> && reduce_body<B, T> && reduce_combine<C, T>
T parallel_reduce(const range& r, T init, B&& body, C&& combine, execution_policy policy = auto_policy) {
  const index_t n = loop_count(r);
  const index_t start = r.start, step = r.step;
  return detail::reduce(n, init, [start, step](index_t k) { return start + k * step; }, body, combine, policy);
}

} // namespace weft
