#pragma once
#include <cstddef>
#include <cstdint>

#include "weft/core/shape.hpp"

namespace weft::detail {

// dst[i...] = static_cast<D>(src[i...]) over a shape, both strided. Plain
// nested loops over pointers; the expression evaluator has the fast paths.
template <std::size_t K = 0, std::size_t N, class D, class S>
void strided_copy(D* dst, const strides_t<N>& ds, const S* src, const strides_t<N>& ss, const shape<N>& s) {
  if constexpr (N == 0) {
    *dst = static_cast<D>(*src);
  } else if constexpr (K + 1 == N) {
    const index_t n = s[K], a = ds[K], b = ss[K];
    if (a == 1 && b == 1) {
      for (index_t i = 0; i < n; ++i) dst[i] = static_cast<D>(src[i]);
    } else {
      for (index_t i = 0; i < n; ++i) dst[i * a] = static_cast<D>(src[i * b]);
    }
  } else {
    for (index_t i = 0; i < s[K]; ++i) strided_copy<K + 1>(dst + i * ds[K], ds, src + i * ss[K], ss, s);
  }
}

// dst[i...] = value over a strided shape.
template <std::size_t K = 0, std::size_t N, class D>
void strided_fill(D* dst, const strides_t<N>& ds, const shape<N>& s, const D& value) {
  if constexpr (N == 0) {
    *dst = value;
  } else if constexpr (K + 1 == N) {
    for (index_t i = 0; i < s[K]; ++i) dst[i * ds[K]] = value;
  } else {
    for (index_t i = 0; i < s[K]; ++i) strided_fill<K + 1>(dst + i * ds[K], ds, s, value);
  }
}

// The lowest and highest element addresses a strided layout touches, as
// byte addresses; used to tell whether two arrays may share memory.
struct address_span {
  std::uintptr_t lo = 0;
  std::uintptr_t hi = 0;  // one past the last byte; lo == hi: touches nothing
};

template <std::size_t N>
address_span span_of(const void* data, std::size_t element_size, const shape<N>& s, const strides_t<N>& st) {
  index_t lo = 0, hi = 0;
  for (std::size_t k = 0; k < N; ++k) {
    if (s[k] == 0) return {};
    const index_t reach = (s[k] - 1) * st[k];
    (reach < 0 ? lo : hi) += reach;
  }
  const auto base = reinterpret_cast<std::uintptr_t>(data);
  const auto size = static_cast<std::uintptr_t>(element_size);
  return {base + static_cast<std::uintptr_t>(lo) * size, base + static_cast<std::uintptr_t>(hi + 1) * size};
}
template <std::size_t N, class T>
address_span span_of(const T* data, const shape<N>& s, const strides_t<N>& st) {
  return span_of(static_cast<const void*>(data), sizeof(T), s, st);
}

inline bool overlaps(address_span a, address_span b) {
  return a.lo != a.hi && b.lo != b.hi && a.lo < b.hi && b.lo < a.hi;
}

} // namespace weft::detail
