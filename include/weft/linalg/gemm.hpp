#pragma once
// The matrix product kernel weft::matmul uses when no BLAS is: C = A B over
// strided matrices, blocked for the caches in the way of GotoBLAS and BLIS.
//
//   for each block of kc rows of B (kc = 256):
//     pack B[p0 : p0 + kc, :] into panels of nr columns, zero-padded
//     for each block of mc rows of A (one task each, on threads):
//       pack A[i0 : i0 + mc, p0 : p0 + kc] into panels of mr rows
//       for each B panel, for each A panel: one mr x nr tile of C kept in
//       registers through the kc steps, then added into C
//
// Packing reads any layout (transposed, negative or zero strides) and
// converts to the product's type, so the kernel sees one dense format.
//
// Every element of C is the same sum whatever the policy, the thread count
// or the tile shape: within a block of kc, the k terms in ascending order,
// each one fused multiply-add when the target has FMA (a multiply and an add
// otherwise); the blocks then added into C in ascending order. Threads split
// the rows of C, never k.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <vector>

#include "weft/core/index.hpp"
#include "weft/core/policy.hpp"
#include "weft/parallel/prange.hpp"
#include "weft/parallel/threads.hpp"
#include "weft/simd/batch.hpp"
#include "weft/simd/math.hpp"

namespace weft::detail::gemm {

// A strided rows x cols matrix: element (i, j) at data[i * row_stride + j * col_stride].
template <class T>
struct matrix_ref {
  T* data = nullptr;
  index_t rows = 0, cols = 0, row_stride = 0, col_stride = 0;

  T& at(index_t i, index_t j) const { return data[i * row_stride + j * col_stride]; }
  matrix_ref transposed() const { return {data, cols, rows, col_stride, row_stride}; }
};

// Whether a * b + c is one rounding on this target (the scalar and the SIMD
// tiles must agree, so both ask this).
#if defined(__FMA__)
inline constexpr bool fused_multiply_add = true;
#else
inline constexpr bool fused_multiply_add = false;
#endif

inline constexpr index_t block_k = 256;   // rows of B per packed block (fixes the sums' grouping)
inline constexpr index_t block_m = 120;   // rows of A per task, at most (a multiple of every mr)

template <class T>
T multiply_add(T a, T b, T c) {
  if constexpr (fused_multiply_add && std::is_floating_point_v<T>) return std::fma(a, b, c);
  else return a * b + c;
}

// The tile a target computes: mr rows by nr columns of C. On SIMD lanes nr is
// two batches and mr = 6: 12 accumulators, 2 loads of B and one broadcast of
// A fit the 16 vector registers of SSE2 and AVX2.
template <class T, bool Lanes>
struct tile_shape {
  static constexpr index_t mr = 4, nr = 4, lanes = 1;
};
#if WEFT_USE_XSIMD
template <class T>
  requires(simd::lane_type<T> && std::is_floating_point_v<T>)
struct tile_shape<T, true> {
  static constexpr index_t lanes = simd::width<T>;
  static constexpr index_t mr = 6, nr = 2 * lanes;
};
#endif

// tile[mr x nr] = sum over kc steps of a's column times b's row.
template <class T, bool Lanes>
void tile_product(index_t kc, const T* a, const T* b, T* tile) {
  using shape = tile_shape<T, Lanes>;
  constexpr index_t mr = shape::mr, nr = shape::nr;
#if WEFT_USE_XSIMD
  if constexpr (shape::lanes > 1) {
    using batch = simd::batch<T>;
    constexpr index_t lanes = shape::lanes, per_row = nr / lanes;
    batch acc[mr][per_row];
    for (index_t r = 0; r < mr; ++r)
      for (index_t c = 0; c < per_row; ++c) acc[r][c] = batch(T(0));
    for (index_t k = 0; k < kc; ++k, a += mr, b += nr) {
      batch row[per_row];
      for (index_t c = 0; c < per_row; ++c) row[c] = simd::load(b + c * lanes);
      for (index_t r = 0; r < mr; ++r) {
        const batch ar(a[r]);
        for (index_t c = 0; c < per_row; ++c) {
          if constexpr (fused_multiply_add) acc[r][c] = simd::fused_multiply_add(ar, row[c], acc[r][c]);
          else acc[r][c] = ar * row[c] + acc[r][c];
        }
      }
    }
    for (index_t r = 0; r < mr; ++r)
      for (index_t c = 0; c < per_row; ++c) simd::store(tile + r * nr + c * lanes, acc[r][c]);
    return;
  }
#endif
  T acc[mr][nr] = {};
  for (index_t k = 0; k < kc; ++k, a += mr, b += nr)
    for (index_t r = 0; r < mr; ++r)
      for (index_t c = 0; c < nr; ++c) acc[r][c] = multiply_add(a[r], b[c], acc[r][c]);
  for (index_t r = 0; r < mr; ++r)
    for (index_t c = 0; c < nr; ++c) tile[r * nr + c] = acc[r][c];
}

// B[p0 : p0 + kc, j0 : j0 + nc] into panels of nr columns: panel q holds, for
// each k, the nr values B(p0 + k, j0 + q nr + c), zeros past the edge.
template <index_t NR, class T, class S>
void pack_b_panel(const matrix_ref<const S>& b, index_t p0, index_t kc, index_t j, index_t width, T* out) {
  for (index_t k = 0; k < kc; ++k, out += NR) {
    const S* row = &b.at(p0 + k, j);
    for (index_t c = 0; c < width; ++c) out[c] = static_cast<T>(row[c * b.col_stride]);
    for (index_t c = width; c < NR; ++c) out[c] = T(0);
  }
}

// A[i0 : i0 + mc, p0 : p0 + kc] into panels of mr rows: for each k the mr
// values of a column, zeros past the edge.
template <index_t MR, class T, class S>
void pack_a_block(const matrix_ref<const S>& a, index_t i0, index_t mc, index_t p0, index_t kc, T* out) {
  for (index_t r0 = 0; r0 < mc; r0 += MR) {
    const index_t height = std::min(MR, mc - r0);
    for (index_t k = 0; k < kc; ++k, out += MR) {
      const S* column = &a.at(i0 + r0, p0 + k);
      for (index_t r = 0; r < height; ++r) out[r] = static_cast<T>(column[r * a.row_stride]);
      for (index_t r = height; r < MR; ++r) out[r] = T(0);
    }
  }
}

// C[i : i + h, j : j + w] = tile (the first block of k) or += tile.
template <index_t NR, class T>
void add_tile(const matrix_ref<T>& c, index_t i, index_t j, index_t h, index_t w, const T* tile, bool first) {
  for (index_t r = 0; r < h; ++r) {
    T* row = &c.at(i + r, j);
    const T* t = tile + r * NR;
    if (first)
      for (index_t q = 0; q < w; ++q) row[q * c.col_stride] = t[q];
    else
      for (index_t q = 0; q < w; ++q) row[q * c.col_stride] += t[q];
  }
}

// Whether a product of this size is worth threads: below about 2^18
// multiply-adds (tens of microseconds) waking oneTBB's workers costs more
// than it saves.
inline bool worth_threads(index_t m, index_t n, index_t k, const execution_policy& policy) {
  if (!policy.threads || num_threads() < 2 || m < 2) return false;
  if (!policy.automatic) return true;
  return static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) >= double(1 << 18);
}

template <class T>
std::vector<T>& a_block_buffer() {
  thread_local std::vector<T> buffer;
  return buffer;
}

// C = A B for a floating-point T; A and B of any element types (converted
// while packed). C must not share memory with A or B.
template <class T, bool Lanes, class SA, class SB>
void product(const matrix_ref<const SA>& a, const matrix_ref<const SB>& b, const matrix_ref<T>& c,
             const execution_policy& policy) {
  using shape = tile_shape<T, Lanes>;
  constexpr index_t mr = shape::mr, nr = shape::nr;
  const index_t m = c.rows, n = c.cols, k = a.cols;
  const bool threads = worth_threads(m, n, k, policy);
  const execution_policy loop = threads ? par : seq;
  const index_t panels = (n + nr - 1) / nr;
  // Rows per task: all of them in blocks of block_m on one thread; on
  // threads about four tasks per thread, so that they even out.
  index_t mc = block_m;
  if (threads) {
    const index_t share = (m + 4 * num_threads() - 1) / (4 * num_threads());
    mc = std::clamp((share + mr - 1) / mr * mr, mr, block_m);
  }
  const index_t tasks = (m + mc - 1) / mc;
  std::vector<T> packed_b(static_cast<std::size_t>(std::min(k, block_k) * panels * nr));

  for (index_t p0 = 0; p0 < k; p0 += block_k) {
    const index_t kc = std::min(block_k, k - p0);
    const bool first = p0 == 0;
    prange(
        panels,
        [&](index_t q) {
          pack_b_panel<nr>(b, p0, kc, q * nr, std::min(nr, n - q * nr), packed_b.data() + q * kc * nr);
        },
        loop);
    prange(
        tasks,
        [&](index_t task) {
          const index_t i0 = task * mc, rows = std::min(mc, m - i0);
          const index_t row_panels = (rows + mr - 1) / mr;
          std::vector<T>& packed_a = a_block_buffer<T>();
          packed_a.resize(static_cast<std::size_t>(row_panels * mr * kc));
          pack_a_block<mr>(a, i0, rows, p0, kc, packed_a.data());
          alignas(64) T tile[mr * nr];
          for (index_t q = 0; q < panels; ++q) {
            const T* bp = packed_b.data() + q * kc * nr;
            const index_t j = q * nr, width = std::min(nr, n - j);
            for (index_t r = 0; r < row_panels; ++r) {
              tile_product<T, Lanes>(kc, packed_a.data() + r * mr * kc, bp, tile);
              add_tile<nr>(c, i0 + r * mr, j, std::min(mr, rows - r * mr), width, tile, first);
            }
          }
        },
        loop);
  }
}

// The sum of a * b over k in T, wrapping as NumPy's integer loops do (in the
// unsigned type, where C++ defines the wrap); for bool, any(a and b).
template <class T>
T wrapping_multiply_add(T acc, T a, T b) {
  if constexpr (std::is_same_v<T, bool>) return acc || (a && b);
  else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<decltype(a * b)>;
    return static_cast<T>(static_cast<U>(acc) + static_cast<U>(a) * static_cast<U>(b));
  } else return acc + a * b;
}

// C = A B for integer and bool T: a row of C at a time, i-k-j, rows on threads.
template <class T, class SA, class SB>
void integer_product(const matrix_ref<const SA>& a, const matrix_ref<const SB>& b, const matrix_ref<T>& c,
                     const execution_policy& policy) {
  const index_t n = c.cols, k = a.cols;
  prange(
      c.rows,
      [&](index_t i) {
        for (index_t j = 0; j < n; ++j) c.at(i, j) = T(0);
        for (index_t p = 0; p < k; ++p) {
          const T aip = static_cast<T>(a.at(i, p));
          const SB* brow = &b.at(p, 0);
          T* crow = &c.at(i, 0);
          for (index_t j = 0; j < n; ++j)
            crow[j * c.col_stride] = wrapping_multiply_add(crow[j * c.col_stride], aip, static_cast<T>(brow[j * b.col_stride]));
        }
      },
      worth_threads(c.rows, n, k, policy) ? par : seq);
}

// C = A B with weft's own kernels (the BLAS bridge calls this when it cannot
// take the operands).
template <class T, class SA, class SB>
void own_product(const matrix_ref<const SA>& a, const matrix_ref<const SB>& b, const matrix_ref<T>& c,
                 const execution_policy& policy) {
  if (c.rows == 0 || c.cols == 0) return;
  if (a.cols == 0) {
    for (index_t i = 0; i < c.rows; ++i)
      for (index_t j = 0; j < c.cols; ++j) c.at(i, j) = T(0);
    return;
  }
  if constexpr (std::is_floating_point_v<T>) {
    if (policy.simd) product<T, true>(a, b, c, policy);
    else product<T, false>(a, b, c, policy);
  } else {
    integer_product(a, b, c, policy);
  }
}

} // namespace weft::detail::gemm
