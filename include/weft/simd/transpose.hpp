#pragma once
// Four rows out of four columns, transposed in registers: how a tile stages
// an operand of 8-byte elements that is contiguous down the columns (a.T in
// a.T + b; eval/leaves.hpp). Each column's four elements are one 32-byte
// load, so every cache line read serves four rows. Written with AVX
// intrinsics whatever the SIMD width the kernels use (it only moves bytes);
// without AVX, has_transpose_4x4 is false and such operands are gathered.
#include "weft/core/index.hpp"

#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace weft::detail::simd {

inline constexpr bool has_transpose_4x4 =
#if defined(__AVX__)
    true;
#else
    false;
#endif

// out[r][j] = the 8 bytes at col + j * step + 8 r, for r < 4 and j below len
// rounded down to a multiple of 4; returns how many j it did.
inline index_t transpose_4_rows([[maybe_unused]] const char* col, [[maybe_unused]] index_t step,
                                [[maybe_unused]] char* const out[4], [[maybe_unused]] index_t len) {
  index_t j = 0;
#if defined(__AVX__)
  for (; j + 4 <= len; j += 4) {
    const char* at = col + j * step;
    const __m256d r0 = _mm256_loadu_pd(reinterpret_cast<const double*>(at));
    const __m256d r1 = _mm256_loadu_pd(reinterpret_cast<const double*>(at + step));
    const __m256d r2 = _mm256_loadu_pd(reinterpret_cast<const double*>(at + 2 * step));
    const __m256d r3 = _mm256_loadu_pd(reinterpret_cast<const double*>(at + 3 * step));
    const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    _mm256_storeu_pd(reinterpret_cast<double*>(out[0] + 8 * j), _mm256_permute2f128_pd(t0, t2, 0x20));
    _mm256_storeu_pd(reinterpret_cast<double*>(out[1] + 8 * j), _mm256_permute2f128_pd(t1, t3, 0x20));
    _mm256_storeu_pd(reinterpret_cast<double*>(out[2] + 8 * j), _mm256_permute2f128_pd(t0, t2, 0x31));
    _mm256_storeu_pd(reinterpret_cast<double*>(out[3] + 8 * j), _mm256_permute2f128_pd(t1, t3, 0x31));
  }
#endif
  return j;
}

} // namespace weft::detail::simd
