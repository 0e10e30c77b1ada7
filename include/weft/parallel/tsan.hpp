#pragma once
// ThreadSanitizer support. oneTBB orders a parallel algorithm's work after
// what its caller did before it, and before what the caller does after it
// returns; but a packaged libtbb is not built with -fsanitize=thread, so
// ThreadSanitizer cannot see those orderings and reports every loop as a
// race. Under ThreadSanitizer weft states them itself: a fork_join object
// lives across one parallel algorithm, and each task body starts with a
// task_scope. Races between two tasks of one loop are still reported.
// Outside ThreadSanitizer builds these are empty structs.
//
// oneTBB's own inline code (and box_range, whose copies oneTBB hands between
// threads) must then be left uninstrumented: build the tests with clang and
// -fsanitize-ignorelist=tests/parallel/tsan_ignorelist.txt.
#if defined(__SANITIZE_THREAD__)
#define WEFT_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WEFT_TSAN 1
#endif
#endif
#ifndef WEFT_TSAN
#define WEFT_TSAN 0
#endif

#if WEFT_TSAN
#include <atomic>

extern "C" void __tsan_acquire(void* addr) noexcept;
extern "C" void __tsan_release(void* addr) noexcept;
#endif

namespace weft::detail {

// Both orderings go through one address each, shared by all loops: a task
// can state its ordering before it reads anything the caller prepared (even
// its own captures). Nested loops thus get a little more ordering than
// oneTBB promises, which can only hide a race, never invent one.
#if WEFT_TSAN
inline char tsan_fork_token = 0;
inline char tsan_join_token = 0;

// Lives across one parallel algorithm, on the calling thread. Make it last,
// after everything the tasks will read (the task closures included), right
// before handing the work to oneTBB.
struct fork_join {
  fork_join() {
    std::atomic_signal_fence(std::memory_order_seq_cst);  // nothing written sinks below
    __tsan_release(&tsan_fork_token);
  }
  ~fork_join() {
    __tsan_acquire(&tsan_join_token);
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
  fork_join(const fork_join&) = delete;
  fork_join& operator=(const fork_join&) = delete;
};
// The first statement of every task body.
struct task_scope {
  task_scope() {
    __tsan_acquire(&tsan_fork_token);
    // Keeps the compiler from reading the task's captures before the
    // acquire (it does hoist them, the acquire being an ordinary call).
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
  ~task_scope() {
    std::atomic_signal_fence(std::memory_order_seq_cst);
    __tsan_release(&tsan_join_token);
  }
  task_scope(const task_scope&) = delete;
  task_scope& operator=(const task_scope&) = delete;
};
#else
struct fork_join {};
struct task_scope {};
#endif

} // namespace weft::detail
