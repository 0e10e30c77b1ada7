#pragma once
// What a stencil kernel receives: an accessor `a` read with offsets relative
// to the element being computed, a(-1, 0) + a(1, 0) + a(0, -1) + a(0, 1).
// One accessor per situation: recording (finds the neighbourhood by calling
// the kernel once), interior (plain strided reads), interior on SIMD lanes
// (a batch of consecutive elements along the last axis), and border (reads
// mapped by the border mode).
#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>

#include "weft/config.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/index.hpp"
#include "weft/core/shape.hpp"
#include "weft/kernel/stencil_border.hpp"
#include "weft/simd/batch.hpp"

namespace weft::detail {

template <std::size_t N, class... I>
concept stencil_offsets = sizeof...(I) == N && (std::integral<I> && ...);

// The smallest and largest offset read along each axis.
template <std::size_t N>
struct stencil_extent {
  std::array<index_t, N> lo{}, hi{};  // lo <= 0 <= hi
};

// With WEFT_BOUNDS_CHECK, a read outside the neighbourhood (one the
// recording missed, or a too small explicit one) throws instead of reading
// outside the array.
template <std::size_t N>
void check_in_neighbourhood([[maybe_unused]] const std::array<index_t, N>& d,
                            [[maybe_unused]] const stencil_extent<N>* e) {
#if WEFT_BOUNDS_CHECK
  for (std::size_t k = 0; k < N; ++k)
    if (d[k] < e->lo[k] || d[k] > e->hi[k])
      throw index_error("stencil: offset " + format_tuple(d) + " is outside the neighbourhood " +
                        format_tuple(e->lo) + " to " + format_tuple(e->hi) +
                        " (WEFT_BOUNDS_CHECK); give it with with_neighbourhood");
#endif
}

// Records the offsets a kernel reads. A kernel may read some offsets only
// for some values (g(0) > g(-1) && g(0) > g(1) reads g(1) only when the
// first test holds), so it is called once per value pattern below and the
// offsets are merged; kernels whose reads depend on values in other ways
// must give their neighbourhood explicitly.
inline constexpr int recording_patterns = 6;

template <class T, std::size_t N>
struct recording_accessor {
  stencil_extent<N>* extent;
  int pattern = 0;
  template <class... I>
    requires stencil_offsets<N, I...>
  T operator()(I... offsets) const {
    const std::array<index_t, N> d{static_cast<index_t>(offsets)...};
    index_t sum = 0, distance = 0;
    for (std::size_t k = 0; k < N; ++k) {
      extent->lo[k] = std::min(extent->lo[k], d[k]);
      extent->hi[k] = std::max(extent->hi[k], d[k]);
      sum += d[k];
      distance += d[k] < 0 ? -d[k] : d[k];
    }
    switch (pattern) {
      case 1: return static_cast<T>(1);
      case 2: return static_cast<T>(sum);        // rising along every axis
      case 3: return static_cast<T>(-sum);       // falling
      case 4: return static_cast<T>(-distance);  // a peak at the centre
      case 5: return static_cast<T>(distance);   // a valley
      default: return T{};
    }
  }
};

template <class T, std::size_t N>
struct interior_accessor {
  const T* center;
  const strides_t<N>* strides;
  const stencil_extent<N>* extent;
  template <class... I>
    requires stencil_offsets<N, I...>
  T operator()(I... offsets) const {
    const std::array<index_t, N> d{static_cast<index_t>(offsets)...};
    check_in_neighbourhood(d, extent);
    index_t off = 0;
    for (std::size_t k = 0; k < N; ++k) off += d[k] * (*strides)[k];
    return center[off];
  }
};

#if WEFT_USE_XSIMD
// Lanes are consecutive elements along the last axis (its stride is 1).
template <class T, std::size_t N>
struct lanes_accessor {
  const T* center;
  const strides_t<N>* strides;
  const stencil_extent<N>* extent;
  template <class... I>
    requires stencil_offsets<N, I...>
  simd::batch<T> operator()(I... offsets) const {
    const std::array<index_t, N> d{static_cast<index_t>(offsets)...};
    check_in_neighbourhood(d, extent);
    index_t off = d[N - 1];
    for (std::size_t k = 0; k + 1 < N; ++k) off += d[k] * (*strides)[k];
    return simd::load(center + off);
  }
};
#endif

template <class T, std::size_t N>
struct border_accessor {
  const T* data;
  const shape<N>* extents;
  const strides_t<N>* strides;
  std::array<index_t, N> at;
  stencil_border mode;
  const stencil_extent<N>* extent;
  template <class... I>
    requires stencil_offsets<N, I...>
  T operator()(I... offsets) const {
    const std::array<index_t, N> d{static_cast<index_t>(offsets)...};
    check_in_neighbourhood(d, extent);
    index_t off = 0;
    for (std::size_t k = 0; k < N; ++k) {
      const index_t i = at[k] + d[k], n = (*extents)[k];
      if ((i < 0 || i >= n) && mode.kind == border_kind::padded) return static_cast<T>(mode.value);
      off += border_index(i, n, mode.kind) * (*strides)[k];
    }
    return data[off];
  }
};

} // namespace weft::detail
