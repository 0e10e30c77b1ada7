#pragma once
// Fork-join for recursive algorithms whose shape must not depend on the
// thread count (weft's reductions): the caller decides where the tree splits,
// these only decide whether the two halves may run at once.
//
//   in_parallel_region(f)  runs f() inside weft's task arena (on the calling
//                          thread when there is one thread or no oneTBB)
//   fork_both(f, g)        runs f() and g(), possibly on two threads; call it
//                          from inside in_parallel_region
#include <utility>

#include "weft/config.hpp"
#include "weft/core/function_ref.hpp"
#include "weft/parallel/threads.hpp"
#include "weft/parallel/tsan.hpp"

#if WEFT_USE_TBB
#include <oneapi/tbb/parallel_invoke.h>
#include <oneapi/tbb/task_arena.h>
#endif

namespace weft::detail {

template <class F>
decltype(auto) in_parallel_region(F&& f) {
#if WEFT_USE_TBB
  if (auto arena = parallel_arena()) {
    auto root = [&f]() -> decltype(auto) {
      [[maybe_unused]] task_scope task;
      return f();
    };
    [[maybe_unused]] fork_join fj;  // after everything the tasks read
    return arena->execute(root);
  }
#endif
  return f();
}

template <class F, class G>
void fork_both(F&& f, G&& g) {
#if WEFT_USE_TBB
  auto left = [&f] {
    [[maybe_unused]] task_scope task;
    f();
  };
  auto right = [&g] {
    [[maybe_unused]] task_scope task;
    g();
  };
  [[maybe_unused]] fork_join fj;
  tbb::parallel_invoke(left, right);
#else
  f();
  g();
#endif
}

// The same for weft's reductions, through function_refs (one instantiation
// of oneTBB's templates for all of them).
inline void run_in_parallel_region(function_ref<void()> f) { in_parallel_region(f); }
inline void fork_both_ref(function_ref<void()> f, function_ref<void()> g) { fork_both(f, g); }

} // namespace weft::detail
