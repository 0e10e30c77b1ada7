#pragma once
// SIMD lanes for the build's architecture: the only place weft includes xsimd.
// With WEFT_USE_XSIMD=0 nothing here is SIMD-capable and every loop is scalar.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/config.hpp"
#include "weft/core/index.hpp"
#if defined(WEFT_DISPATCH_COPY) && WEFT_DISPATCH_COPY
#include "weft/simd/dispatch.hpp"
#endif

#if WEFT_USE_XSIMD
// GCC 12 warns -Wmaybe-uninitialized inside its own AVX-512 intrinsics as
// xsimd inlines them (a known false positive); keep it out of users' builds.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <xsimd/xsimd.hpp>
#pragma GCC diagnostic pop
#else
#include <xsimd/xsimd.hpp>
#endif
#endif

namespace weft::detail::simd {

#if WEFT_USE_XSIMD
using arch = xsimd::default_arch;

// Element types xsimd has batches for on this architecture.
template <class T>
inline constexpr bool lane_type =
    std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, std::int32_t> ||
    std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint32_t> || std::is_same_v<T, std::uint64_t>;

template <class T>
using batch = xsimd::batch<T, arch>;

template <class T>
inline constexpr index_t width = index_t(batch<T>::size);

// The lanes' instruction set, and in a copy compiled by
// weft_dispatch_sources, how it was chosen.
inline std::string arch_name() {
#if defined(WEFT_DISPATCH_COPY) && WEFT_DISPATCH_COPY
  return std::string(arch::name()) + " [chosen at run time: " + simd_set_reason() + "]";
#else
  return arch::name();
#endif
}

template <class T>
batch<T> load(const T* p) {
  return batch<T>::load_unaligned(p);
}
template <class T>
void store(T* p, const batch<T>& b) {
  b.store_unaligned(p);
}
template <class T>
batch<T> broadcast(T value) {
  return batch<T>(value);
}

template <class B>
inline constexpr bool is_batch = false;
template <class T, class A>
inline constexpr bool is_batch<xsimd::batch<T, A>> = true;
#else
template <class T>
inline constexpr bool lane_type = false;
template <class B>
inline constexpr bool is_batch = false;
inline std::string arch_name() { return "none (WEFT_USE_XSIMD=0)"; }
#endif

// What the loops compiled once per rank depend on besides the rank: the
// lanes and the thread backend. They take it as a template argument, so
// that code built for other lanes never links against them (with
// WEFT_SEPARATE_COMPILATION, a mismatch is an undefined reference naming
// the lanes the code was built for).
template <class Lanes, bool Threads>
struct build {};
#if WEFT_USE_XSIMD
using this_build = build<arch, WEFT_USE_TBB != 0>;
#else
using this_build = build<void, WEFT_USE_TBB != 0>;
#endif

} // namespace weft::detail::simd
