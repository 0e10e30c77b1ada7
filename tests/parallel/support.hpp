#pragma once
// Shared by the parallel suites: the policies every loop is run under and a
// guard that restores the thread count a test changed.
#include <array>

#include <weft/core/policy.hpp>
#include <weft/parallel/threads.hpp>

namespace weft_test {

// Restores the thread count in effect when it was made.
struct threads_guard {
  int saved = weft::num_threads();
  threads_guard() = default;
  threads_guard(const threads_guard&) = delete;
  threads_guard& operator=(const threads_guard&) = delete;
  ~threads_guard() { weft::set_num_threads(saved); }
};

struct named_policy {
  const char* name;
  weft::execution_policy policy;
};

inline const std::array<named_policy, 7> all_policies{{
    {"seq", weft::seq},
    {"simd", weft::simd},
    {"par", weft::par},
    {"par_simd", weft::par_simd},
    {"auto", weft::auto_policy},
    {"par grain 7", weft::par.with_grain(7)},
    {"auto grain 100", weft::auto_policy.with_grain(100)},
}};

inline constexpr std::array<int, 2> thread_counts{1, 2};

} // namespace weft_test
