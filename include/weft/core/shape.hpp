#pragma once
#include <array>
#include <concepts>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/core/errors.hpp"
#include "weft/core/index.hpp"

namespace weft {

// The extents of an N-dimensional array. Rank is static, sizes are runtime.
// `weft::shape{3, 4}` deduces the rank; it is written with explicit braces or
// a name so that `ndarray<double, 1>{5}` (data) and `shape{5}` never mix up.
template <std::size_t N>
struct shape {
  std::array<index_t, N> dims{};

  constexpr shape() = default;
  constexpr shape(const std::array<index_t, N>& d) : dims(d) {}
  template <std::integral... I>
    requires(sizeof...(I) == N && N > 0)
  constexpr explicit shape(I... d) : dims{static_cast<index_t>(d)...} {}

  static constexpr std::size_t rank() { return N; }
  constexpr index_t& operator[](std::size_t k) { return dims[k]; }
  constexpr const index_t& operator[](std::size_t k) const { return dims[k]; }
  constexpr auto begin() const { return dims.begin(); }
  constexpr auto end() const { return dims.end(); }
  constexpr auto begin() { return dims.begin(); }
  constexpr auto end() { return dims.end(); }
  friend constexpr bool operator==(const shape&, const shape&) = default;
};

template <std::integral... I>
shape(I...) -> shape<sizeof...(I)>;

// One extent in a shape written as braces, f({rows, cols}): any integer type,
// so that int, std::size_t and index_t mix without casts. A value index_t
// cannot hold (a std::size_t above 2^63) is a value_error, not a wrap.
struct extent {
  index_t value;
  template <std::integral I>
    requires(!std::same_as<I, bool>)
  constexpr extent(I v) : value(static_cast<index_t>(v)) {  // NOLINT: implicit on purpose
    if (!std::in_range<index_t>(v)) throw value_error("weft: extent " + std::to_string(v) + " does not fit index_t");
  }
};

namespace detail {
// Shapes written as braces: f({3, 4}) deduces N from a built-in array.
template <std::size_t N>
constexpr shape<N> to_shape(const extent (&dims)[N]) {
  shape<N> s;
  for (std::size_t k = 0; k < N; ++k) s[k] = dims[k].value;
  return s;
}
} // namespace detail

// Strides are counted in elements, not bytes, and may be negative or zero.
template <std::size_t N>
using strides_t = std::array<index_t, N>;

namespace detail {
// NumPy's tuple spelling: "(3, 4)", "(5,)", "()". One function for every
// rank (error messages are cold paths, and each rank's copy would be
// compiled in every source).
[[gnu::cold, gnu::noinline]] inline std::string format_extents(const index_t* dims, std::size_t n) {
  std::string out = "(";
  for (std::size_t k = 0; k < n; ++k) out += (k ? ", " : "") + std::to_string(dims[k]);
  return out + (n == 1 ? ",)" : ")");
}
} // namespace detail

// An index, strides or axes in NumPy's tuple spelling.
template <std::integral I, std::size_t N>
std::string format_tuple(const std::array<I, N>& values) {
  if constexpr (std::is_same_v<I, index_t>) {
    return detail::format_extents(values.data(), N);
  } else {
    std::array<index_t, N> v{};
    for (std::size_t k = 0; k < N; ++k) v[k] = static_cast<index_t>(values[k]);
    return detail::format_extents(v.data(), N);
  }
}

template <std::size_t N>
std::string to_string(const shape<N>& s) {
  return detail::format_extents(s.dims.data(), N);
}

// Number of elements; throws when a dimension is negative or the product
// does not fit index_t (a size no array could have).
template <std::size_t N>
constexpr index_t checked_size(const shape<N>& s) {
  index_t total = 1;
  for (index_t d : s.dims)
    if (d < 0) throw value_error("negative dimensions are not allowed: shape " + to_string(s));
  for (index_t d : s.dims) {
    if (d == 0) return 0;
  }
  for (index_t d : s.dims) {
    if (total > std::numeric_limits<index_t>::max() / d)
      throw value_error("array is too big: shape " + to_string(s) + " has more elements than index_t can count");
    total *= d;
  }
  return total;
}

// Number of elements of a shape already known to be valid.
template <std::size_t N>
constexpr index_t size_of(const shape<N>& s) {
  index_t total = 1;
  for (index_t d : s.dims) total *= d;
  return total;
}

// Row-major (C order) strides of a contiguous array.
template <std::size_t N>
constexpr strides_t<N> row_major_strides(const shape<N>& s) {
  strides_t<N> st{};
  index_t step = 1;
  for (std::size_t k = N; k-- > 0;) {
    st[k] = step;
    step *= s[k] > 0 ? s[k] : 1;
  }
  return st;
}

// True when an array of this shape and these strides covers a dense block in
// row-major order (dimensions of extent 1 may have any stride).
template <std::size_t N>
constexpr bool is_row_major_contiguous(const shape<N>& s, const strides_t<N>& st) {
  index_t step = 1;
  for (std::size_t k = N; k-- > 0;) {
    if (s[k] == 1) continue;
    if (s[k] == 0) return true;
    if (st[k] != step) return false;
    step *= s[k];
  }
  return true;
}

} // namespace weft
