#pragma once
// The bridge to a CBLAS library (OpenBLAS, BLIS, MKL, the reference BLAS)
// for float and double products, when weft is built with WEFT_USE_BLAS=1
// (CMake's WEFT_USE_BLAS, on by default, finds one). It hands cblas_?gemm the
// operands in place when each has one unit stride and the other at least its
// extent (row-major as they are, column-major as transposed); anything else
// (reversed, zero or doubly strided views, mixed element types, extents
// beyond BLAS's int) is first copied into a dense array, or goes to weft's
// own kernel (gemm.hpp) when a dimension does not fit BLAS's int at all.
#include <algorithm>
#include <atomic>
#include <climits>
#include <string>
#include <type_traits>
#include <vector>

#include "weft/config.hpp"
#include "weft/core/index.hpp"
#include "weft/linalg/gemm.hpp"

#if WEFT_USE_BLAS
#include <cblas.h>

// OpenBLAS's name for the kernels it chose at load time; weak, so that other
// CBLAS libraries (which do not have it) leave it null.
extern "C" char* openblas_get_corename(void) __attribute__((weak));
#endif

namespace weft::detail::blas {

// Whether a BLAS whose kernels are named `core` runs far below what a host
// with AVX2 can do: OpenBLAS picks its kernels by CPU model at load time,
// and a release older than the CPU takes it for a generic x86-64
// ("Prescott": SSE3 kernels, 4x slower than weft's own at n = 512 on an
// AVX-512 Xeon with Debian 12's OpenBLAS 0.3.21). OPENBLAS_CORETYPE=Haswell
// (or SkylakeX) makes it choose again.
inline bool generic_core(const char* core, bool host_has_avx2) {
  if (core == nullptr || !host_has_avx2) return false;
  std::string name(core);
  for (char& ch : name) ch = char(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  for (const char* old : {"prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine",
                          "northwood", "banias", "athlon", "opteron", "barcelona", "bobcat", "unknown", "generic"})
    if (name == old) return true;
  return false;
}

inline bool host_has_avx2() {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

#if WEFT_USE_BLAS
inline constexpr bool available = true;

// The kernels OpenBLAS runs ("Haswell", "SkylakeX", ...), or null for
// another CBLAS.
inline const char* core_name() { return openblas_get_corename ? openblas_get_corename() : nullptr; }

// True: use the BLAS even when it runs generic kernels (weft's tests, so
// that the bridge is exercised on every host).
inline std::atomic<bool> keep_generic_blas{false};

// When the BLAS runs generic kernels on a host with AVX2, weft's own
// kernel takes its products (matmul_backend() says so). The core is asked once.
inline bool detuned() {
  static const bool generic = generic_core(core_name(), host_has_avx2());
  return generic && !keep_generic_blas.load(std::memory_order_relaxed);
}

// How BLAS reads a matrix in place: as stored row-major, or transposed.
struct blas_view {
  bool usable = false;
  bool transposed = false;
  index_t leading = 1;
};

inline bool fits_int(index_t v) { return v >= 0 && v <= INT_MAX; }

// A dimension of extent 1 may have any stride: it is never stepped over.
inline blas_view blas_view_of(index_t rows, index_t cols, index_t row_stride, index_t col_stride) {
  if ((cols <= 1 || col_stride == 1) && (rows <= 1 || row_stride >= std::max<index_t>(1, cols))) {
    const index_t ld = rows <= 1 ? std::max<index_t>(1, cols) : row_stride;
    if (fits_int(ld)) return {true, false, ld};
  }
  if ((rows <= 1 || row_stride == 1) && (cols <= 1 || col_stride >= std::max<index_t>(1, rows))) {
    const index_t ld = cols <= 1 ? std::max<index_t>(1, rows) : col_stride;
    if (fits_int(ld)) return {true, true, ld};
  }
  return {};
}

template <class T>
blas_view blas_view_of(const gemm::matrix_ref<T>& m) {
  return blas_view_of(m.rows, m.cols, m.row_stride, m.col_stride);
}

template <class T>
void call_gemm(const blas_view& va, const T* a, const blas_view& vb, const T* b, T* c, index_t ldc, index_t m,
               index_t n, index_t k) {
  const auto ta = va.transposed ? CblasTrans : CblasNoTrans;
  const auto tb = vb.transposed ? CblasTrans : CblasNoTrans;
  if constexpr (std::is_same_v<T, double>)
    cblas_dgemm(CblasRowMajor, ta, tb, int(m), int(n), int(k), 1.0, a, int(va.leading), b, int(vb.leading), 0.0, c,
                int(ldc));
  else
    cblas_sgemm(CblasRowMajor, ta, tb, int(m), int(n), int(k), 1.0f, a, int(va.leading), b, int(vb.leading), 0.0f, c,
                int(ldc));
}

// A dense row-major copy of m in T.
template <class T, class S>
std::vector<T> dense_copy(const gemm::matrix_ref<const S>& m) {
  std::vector<T> out(static_cast<std::size_t>(m.rows * m.cols));
  for (index_t i = 0; i < m.rows; ++i)
    for (index_t j = 0; j < m.cols; ++j) out[static_cast<std::size_t>(i * m.cols + j)] = static_cast<T>(m.at(i, j));
  return out;
}

// C = A B through BLAS; T is float or double. C must not share memory with A
// or B.
template <class T, class SA, class SB>
void product(const gemm::matrix_ref<const SA>& a, const gemm::matrix_ref<const SB>& b, const gemm::matrix_ref<T>& c,
             const execution_policy& policy) {
  const index_t m = c.rows, n = c.cols, k = a.cols;
  if (!fits_int(m) || !fits_int(n) || !fits_int(k) || detuned()) {
    gemm::own_product(a, b, c, policy);
    return;
  }
  // A column-major C is the row-major C^T = B^T A^T.
  const blas_view vc = blas_view_of(c);
  if (vc.usable && vc.transposed && !(m <= 1 && n <= 1)) {
    product<T>(b.transposed(), a.transposed(), c.transposed(), policy);
    return;
  }
  std::vector<T> dense_a, dense_b, dense_c;
  const T* pa = nullptr;
  const T* pb = nullptr;
  blas_view va, vb;
  if constexpr (std::is_same_v<SA, T>) {
    va = blas_view_of(a);
    pa = a.data;
  }
  if (!va.usable) {
    dense_a = dense_copy<T>(a);
    va = {true, false, std::max<index_t>(1, k)};
    pa = dense_a.data();
  }
  if constexpr (std::is_same_v<SB, T>) {
    vb = blas_view_of(b);
    pb = b.data;
  }
  if (!vb.usable) {
    dense_b = dense_copy<T>(b);
    vb = {true, false, std::max<index_t>(1, n)};
    pb = dense_b.data();
  }
  if (vc.usable && !vc.transposed) {
    call_gemm<T>(va, pa, vb, pb, c.data, vc.leading, m, n, k);
    return;
  }
  dense_c.resize(static_cast<std::size_t>(m * n));
  call_gemm<T>(va, pa, vb, pb, dense_c.data(), std::max<index_t>(1, n), m, n, k);
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) c.at(i, j) = dense_c[static_cast<std::size_t>(i * n + j)];
}
#else
inline constexpr bool available = false;

// Without a BLAS the bridge is weft's own kernel.
template <class T, class SA, class SB>
void product(const gemm::matrix_ref<const SA>& a, const gemm::matrix_ref<const SB>& b, const gemm::matrix_ref<T>& c,
             const execution_policy& policy) {
  gemm::own_product(a, b, c, policy);
}
#endif

} // namespace weft::detail::blas
