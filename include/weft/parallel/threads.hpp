#pragma once
// Thread-count control, like Numba's NUMBA_NUM_THREADS / set_num_threads /
// get_thread_id.
//
//   weft::num_threads()       how many threads weft's parallel loops may use
//   weft::set_num_threads(k)  change it (k from 1 to weft::max_num_threads)
//   weft::thread_id()         which of them runs the calling code
//
// The initial count comes from the environment variable WEFT_NUM_THREADS,
// read once at first use, else from the hardware (oneTBB's default
// concurrency, which respects the process's CPU affinity). A bad value throws
// weft::value_error at first use and again at every later use until
// set_num_threads() gives a count.
//
// With oneTBB, every weft parallel algorithm runs inside one tbb::task_arena of
// num_threads() slots, so the count is a real limit. A count above the
// hardware's is honoured too (oversubscription): weft then raises oneTBB's
// process-wide worker limit (a tbb::global_control) while that count is in
// effect. With WEFT_USE_TBB=0 the count is only reported (default 1) and every
// loop runs on the calling thread.
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

#include "weft/config.hpp"
#include "weft/core/errors.hpp"

#if WEFT_USE_TBB
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>
#endif

namespace weft {

// Largest count accepted from WEFT_NUM_THREADS or set_num_threads(): anything
// above is surely a typo, and each arena slot costs memory.
inline constexpr int max_num_threads = 4096;

namespace detail {

// Parses a WEFT_NUM_THREADS value: a whole number from 1 to max_num_threads,
// optionally surrounded by blanks. Anything else ("abc", "0", "-2", "3x", "",
// "+3", "1e3") throws value_error quoting the text.
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_bad_num_threads(const std::string& s, const char* why) {
  throw value_error("WEFT_NUM_THREADS=\"" + s + "\" is not a valid thread count (" + why +
                    "): expected a whole number from 1 to " + std::to_string(max_num_threads));
}

// (Read once per process: out of line, and small in every source.)
[[gnu::cold, gnu::noinline]] inline int parse_num_threads(const char* text) {
  const std::string s = text ? text : "";
  const auto bad = [&](const char* why) { throw_bad_num_threads(s, why); };
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  if (b == e) bad("empty");
  long long value = 0;
  for (std::size_t k = b; k < e; ++k) {
    if (!std::isdigit(static_cast<unsigned char>(s[k]))) bad("not a number");
    value = value * 10 + (s[k] - '0');
    if (value > max_num_threads) bad("too large");  // also stops any overflow
  }
  if (value < 1) bad("must be at least 1");
  return static_cast<int>(value);
}

// The count a program starts with, given the value of WEFT_NUM_THREADS
// (nullptr when it is not set).
inline int initial_num_threads(const char* env_value) {
  if (env_value) return parse_num_threads(env_value);
#if WEFT_USE_TBB
  const int hw = tbb::info::default_concurrency();
  return hw < 1 ? 1 : (hw > max_num_threads ? max_num_threads : hw);
#else
  return 1;
#endif
}

// The process-wide state. `count` is 0 until the first use has read the
// environment; it is atomic so that thread_id() can read it without the lock.
struct thread_state {
  std::mutex mutex;
  std::atomic<int> count{0};
#if WEFT_USE_TBB
  std::shared_ptr<tbb::task_arena> arena;      // recreated when the count changes
  std::unique_ptr<tbb::global_control> limit;  // only for counts above the hardware's
#endif
};

// (In namespace process, which weft_dispatch_sources keeps shared by the
// copies of weft it compiles per instruction set: see simd/dispatch.hpp.)
namespace process {
inline thread_state& threads() {
  static thread_state state;
  return state;
}
} // namespace process
using process::threads;

// Sets the count; the caller holds the lock. Builds everything first, so a
// failure leaves the old count in place.
inline void set_count_locked(thread_state& st, int k) {
  if (st.count.load(std::memory_order_relaxed) == k) return;
#if WEFT_USE_TBB
  // oneTBB starts at most default_concurrency() - 1 workers unless told more.
  std::unique_ptr<tbb::global_control> limit;
  if (k > tbb::info::default_concurrency())
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(k));
  // One thread needs no arena: loops then run on the calling thread.
  std::shared_ptr<tbb::task_arena> arena;
  if (k > 1) {
    arena = std::make_shared<tbb::task_arena>(k);
    arena->initialize();
  }
  // Loops already running keep their own reference to the old arena.
  st.arena = std::move(arena);
  st.limit = std::move(limit);
#endif
  st.count.store(k, std::memory_order_release);
}

inline void ensure_initialized_locked(thread_state& st) {
  if (st.count.load(std::memory_order_relaxed) == 0)
    set_count_locked(st, initial_num_threads(std::getenv("WEFT_NUM_THREADS")));
}

#if WEFT_USE_TBB
// The arena weft's loops run in, or nullptr when there is only one thread
// (then a loop simply runs on the calling thread).
inline std::shared_ptr<tbb::task_arena> parallel_arena() {
  thread_state& st = threads();
  std::lock_guard lock(st.mutex);
  ensure_initialized_locked(st);
  return st.arena;
}
#endif

} // namespace detail

// The number of threads weft's parallel loops may use.
inline int num_threads() {
  detail::thread_state& st = detail::threads();
  if (int k = st.count.load(std::memory_order_acquire); k > 0) return k;
  std::lock_guard lock(st.mutex);
  detail::ensure_initialized_locked(st);
  return st.count.load(std::memory_order_relaxed);
}

// Changes the number of threads for the loops started afterwards; loops
// already running finish with the count they started with.
inline void set_num_threads(int k) {
  if (k < 1 || k > max_num_threads)
    throw value_error("set_num_threads(" + std::to_string(k) +
                      "): the thread count must be from 1 to " + std::to_string(max_num_threads));
  detail::thread_state& st = detail::threads();
  std::lock_guard lock(st.mutex);
  detail::set_count_locked(st, k);
}

// The index of the calling thread among weft's threads, in [0, num_threads()),
// unique among the threads running one weft parallel loop. Outside parallel
// loops it is 0 on the thread that started them. (Should set_num_threads
// lower the count while a loop runs, that loop's threads above the new count
// report 0.)
inline int thread_id() {
#if WEFT_USE_TBB
  const int id = tbb::this_task_arena::current_thread_index();
  // Negative: the thread never joined an arena. Too large: it runs in another
  // arena than weft's (a user's own TBB code), where weft's ids do not apply.
  if (id < 0 || id >= num_threads()) return 0;
  return id;
#else
  return 0;
#endif
}

} // namespace weft
