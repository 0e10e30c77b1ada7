#pragma once
// The instruction set chosen at run time, for code compiled once per set.
//
// xsimd gives a translation unit the lanes of the instruction set it is
// compiled for (it reads __AVX2__ and the like, which no target attribute
// or pragma defines), so a program built with default flags runs on SSE2
// lanes. CMake's weft_dispatch_sources(target file.cpp...) compiles the
// given sources once per set (SSE2, AVX2 + FMA, AVX-512), each copy in its
// own namespace and with every inline function it instantiates made local
// to its object file (weft's, the standard library's, the user's), so the
// copies never mix. WEFT_DISPATCH declares a function defined in such a
// source and calls the copy for the set in use:
//
//   // kernels.hpp
//   #include <weft/simd/dispatch.hpp>
//   WEFT_DISPATCH(double, energy, (const weft::ndarray<double, 1>& x))
//
//   // kernels.cpp, listed in weft_dispatch_sources(app kernels.cpp)
//   #include <weft/weft.hpp>
//   #include "kernels.hpp"
//   namespace WEFT_TARGET_NAMESPACE {
//   double energy(const weft::ndarray<double, 1>& x) { return weft::sum(x * x); }
//   }
//
//   energy(x);  // anywhere: runs the host's best copy
//
// The set in use is the host's best among those compiled, lowered by
// WEFT_SIMD=sse2|avx2|avx512 in the environment or by weft::set_simd_set.
// With fixed instruction-set flags (-march=native, -mavx2, ...) the sources
// are compiled once and the call goes straight to that copy.
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "weft/core/errors.hpp"

namespace weft {

enum class simd_set { sse2 = 0, avx2 = 1, avx512 = 2 };

inline const char* to_string(simd_set s) {
  switch (s) {
  case simd_set::sse2: return "sse2";
  case simd_set::avx2: return "avx2";
  case simd_set::avx512: return "avx512";
  }
  return "?";
}

// Whether this CPU, and the operating system's saving of its registers,
// runs the set (AVX2 with FMA; AVX-512 F, CD, BW, DQ and VL, as xsimd's
// avx512bw lanes use them).
inline bool host_supports(simd_set s) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  switch (s) {
  case simd_set::sse2: return true;
  case simd_set::avx2: return avx2;
  case simd_set::avx512:
    return avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl");
  }
  return false;
#else
  return false;
#endif
}

// The host's best set (asked once).
inline simd_set host_simd_set() {
  static const simd_set best = host_supports(simd_set::avx512) ? simd_set::avx512
                               : host_supports(simd_set::avx2) ? simd_set::avx2
                                                               : simd_set::sse2;
  return best;
}

namespace detail {

inline simd_set parse_simd_set(const char* text) {
  const std::string s = text ? text : "";
  if (s == "sse2") return simd_set::sse2;
  if (s == "avx2") return simd_set::avx2;
  if (s == "avx512") return simd_set::avx512;
  throw value_error("WEFT_SIMD=\"" + s + "\" is not an instruction set: expected sse2, avx2 or avx512");
}

// Shared by every copy of weft in the program (namespace process: see
// cmake/weftDispatch.cmake), so that a choice made anywhere holds everywhere.
namespace process {
// -1: no call has chosen; else the simd_set forced by set_simd_set.
inline std::atomic<int>& forced_simd_set() {
  static std::atomic<int> forced{-1};
  return forced;
}
// The cap read from WEFT_SIMD (-1 when unset), read once.
inline int environment_simd_set() {
  static const int cap = [] {
    const char* v = std::getenv("WEFT_SIMD");
    return v ? static_cast<int>(parse_simd_set(v)) : -1;
  }();
  return cap;
}
} // namespace process

} // namespace detail

// Runs dispatched code on `s` (and lower sets where a function was not
// compiled for `s`) until reset_simd_set(); throws value_error when the host
// cannot run it.
inline void set_simd_set(simd_set s) {
  if (!host_supports(s))
    throw value_error(std::string("weft::set_simd_set: this CPU does not run ") + to_string(s) +
                      " (its best is " + to_string(host_simd_set()) + ")");
  detail::process::forced_simd_set().store(static_cast<int>(s), std::memory_order_relaxed);
}
inline void reset_simd_set() { detail::process::forced_simd_set().store(-1, std::memory_order_relaxed); }

// The set dispatched code runs on: set_simd_set's, else the host's best
// lowered to WEFT_SIMD's (a WEFT_SIMD above the host's best is the best).
inline simd_set simd_set_in_use() {
  const int forced = detail::process::forced_simd_set().load(std::memory_order_relaxed);
  if (forced >= 0) return static_cast<simd_set>(forced);
  const simd_set best = host_simd_set();
  const int cap = detail::process::environment_simd_set();
  return cap >= 0 && cap < static_cast<int>(best) ? static_cast<simd_set>(cap) : best;
}

// Why simd_set_in_use() is what it is, for explain().
inline std::string simd_set_reason() {
  if (detail::process::forced_simd_set().load(std::memory_order_relaxed) >= 0) return "weft::set_simd_set";
  const int cap = detail::process::environment_simd_set();
  if (cap >= 0 && cap < static_cast<int>(host_simd_set()))
    return std::string("WEFT_SIMD=") + to_string(static_cast<simd_set>(cap));
  return "the host's best";
}

namespace detail {

// The copy for the set in use, or the best lower one compiled.
template <class F>
F* dispatched(F* sse2, F* avx2, F* avx512) {
  switch (simd_set_in_use()) {
  case simd_set::avx512:
    if (avx512) return avx512;
    [[fallthrough]];
  case simd_set::avx2:
    if (avx2) return avx2;
    [[fallthrough]];
  case simd_set::sse2:
    if (sse2) return sse2;
  }
  throw value_error(std::string("weft: no copy of this function runs on this CPU (its best set is ") +
                    to_string(host_simd_set()) + "): add sse2 to weft_dispatch_sources' SETS");
}

} // namespace detail
} // namespace weft

// Which copies the build has: weft_dispatch_sources defines
// WEFT_DISPATCH_SSE2/AVX2/AVX512 (=1 each, for the sets it compiled) or
// WEFT_DISPATCH_NATIVE (one copy, for fixed instruction-set flags) on the
// target.
#if defined(WEFT_DISPATCH_SSE2) && WEFT_DISPATCH_SSE2
#define WEFT_DISPATCH_DECLARE_SSE2_(ret, name, params) namespace weft_target_sse2 { ret name params; }
#define WEFT_DISPATCH_COPY_SSE2_(name) &weft_target_sse2::name
#else
#define WEFT_DISPATCH_DECLARE_SSE2_(ret, name, params)
#define WEFT_DISPATCH_COPY_SSE2_(name) nullptr
#endif
#if defined(WEFT_DISPATCH_AVX2) && WEFT_DISPATCH_AVX2
#define WEFT_DISPATCH_DECLARE_AVX2_(ret, name, params) namespace weft_target_avx2 { ret name params; }
#define WEFT_DISPATCH_COPY_AVX2_(name) &weft_target_avx2::name
#else
#define WEFT_DISPATCH_DECLARE_AVX2_(ret, name, params)
#define WEFT_DISPATCH_COPY_AVX2_(name) nullptr
#endif
#if defined(WEFT_DISPATCH_AVX512) && WEFT_DISPATCH_AVX512
#define WEFT_DISPATCH_DECLARE_AVX512_(ret, name, params) namespace weft_target_avx512 { ret name params; }
#define WEFT_DISPATCH_COPY_AVX512_(name) &weft_target_avx512::name
#else
#define WEFT_DISPATCH_DECLARE_AVX512_(ret, name, params)
#define WEFT_DISPATCH_COPY_AVX512_(name) nullptr
#endif

#if defined(WEFT_DISPATCH_NATIVE) && WEFT_DISPATCH_NATIVE
// WEFT_DISPATCH(ret, name, (params)): `name`, calling weft_target_native::name.
#define WEFT_DISPATCH(ret, name, params)                                       \
  namespace weft_target_native { ret name params; }                           \
  template <class... WeftArgs>                                                 \
  ret name(WeftArgs&&... weft_args) {                                          \
    return weft_target_native::name(std::forward<WeftArgs>(weft_args)...);     \
  }
#elif (defined(WEFT_DISPATCH_SSE2) && WEFT_DISPATCH_SSE2) || (defined(WEFT_DISPATCH_AVX2) && WEFT_DISPATCH_AVX2) || \
    (defined(WEFT_DISPATCH_AVX512) && WEFT_DISPATCH_AVX512)
// WEFT_DISPATCH(ret, name, (params)): `name`, calling the copy of
// weft_target_<set>::name for the set in use (one relaxed atomic load and a
// switch per call).
#define WEFT_DISPATCH(ret, name, params)                                                          \
  WEFT_DISPATCH_DECLARE_SSE2_(ret, name, params)                                                  \
  WEFT_DISPATCH_DECLARE_AVX2_(ret, name, params)                                                  \
  WEFT_DISPATCH_DECLARE_AVX512_(ret, name, params)                                                \
  template <class... WeftArgs>                                                                    \
  ret name(WeftArgs&&... weft_args) {                                                             \
    return ::weft::detail::dispatched<ret params>(WEFT_DISPATCH_COPY_SSE2_(name), WEFT_DISPATCH_COPY_AVX2_(name), \
                                                  WEFT_DISPATCH_COPY_AVX512_(name))(                 \
        std::forward<WeftArgs>(weft_args)...);                                                    \
  }
#else
#define WEFT_DISPATCH(ret, name, params) \
  static_assert(sizeof(#name) == 0, "WEFT_DISPATCH: the target was not set up by weft_dispatch_sources() in CMake");
#endif
