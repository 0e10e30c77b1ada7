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

inline std::string arch_name() { return arch::name(); }

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

// W batches of W lanes, transposed in registers (row r of the result holds
// lane r of every input): how a tile stages an operand that is contiguous
// down the columns (a.T in a.T + b; eval/leaves.hpp). Written for 4 x 64-bit
// lanes on AVX; elsewhere has_block_transpose is false and such operands
// are gathered.
template <class T>
inline constexpr bool has_block_transpose =
#if defined(__AVX__)
    sizeof(T) == 8 && width<T> == 4 && sizeof(batch<T>) == 32;
#else
    false;
#endif

// (Declared on every architecture so that callers compile everywhere; only
// callable where has_block_transpose holds.)
template <class T>
void transpose_block([[maybe_unused]] std::array<batch<T>, 4>& v)
  requires has_block_transpose<T>
{
#if defined(__AVX__)
  auto as_pd = [](const batch<T>& b) {
    if constexpr (std::is_same_v<T, double>) return static_cast<__m256d>(b);
    else return _mm256_castsi256_pd(static_cast<__m256i>(b));
  };
  const __m256d r0 = as_pd(v[0]), r1 = as_pd(v[1]), r2 = as_pd(v[2]), r3 = as_pd(v[3]);
  const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
  const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
  const __m256d out[4] = {_mm256_permute2f128_pd(t0, t2, 0x20), _mm256_permute2f128_pd(t1, t3, 0x20),
                          _mm256_permute2f128_pd(t0, t2, 0x31), _mm256_permute2f128_pd(t1, t3, 0x31)};
  for (int k = 0; k < 4; ++k) {
    if constexpr (std::is_same_v<T, double>) v[k] = batch<T>(out[k]);
    else v[k] = batch<T>(_mm256_castpd_si256(out[k]));
  }
#endif
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

} // namespace weft::detail::simd
