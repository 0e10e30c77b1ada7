#pragma once
// Which axes a reduction runs over, and the shape it leaves.
//   weft::sum(x)                   all axes: a scalar
//   weft::sum(x, 1)                one axis (negative counts from the end)
//   weft::sum(x, {0, 2})           several axes
//   weft::sum(x, 1, weft::keepdims) reduced axes stay, with extent 1, so the
//                                   result broadcasts against x
#include <array>
#include <cstddef>
#include <string>

#include "weft/core/errors.hpp"
#include "weft/core/shape.hpp"

namespace weft {

struct keepdims_t {
  explicit constexpr keepdims_t() = default;
};
inline constexpr keepdims_t keepdims{};

namespace detail {

// reduced[k]: axis k of an N-D input is reduced.
template <std::size_t N>
struct axis_mask {
  std::array<bool, N> reduced{};
};

template <std::size_t N>
axis_mask<N> all_axes() {
  axis_mask<N> m;
  m.reduced.fill(true);
  return m;
}

// NumPy's normalize_axis_tuple: negative axes wrap, out-of-range and repeated
// axes throw (index_error and value_error, with NumPy's messages).
template <std::size_t N, std::size_t K>
axis_mask<N> make_axis_mask(const std::array<int, K>& axes) {
  axis_mask<N> m;
  for (int a : axes) {
    const int n = static_cast<int>(N);
    if (a < -n || a >= n)
      throw index_error("axis " + std::to_string(a) + " is out of bounds for array of dimension " + std::to_string(N));
    const auto k = static_cast<std::size_t>(a < 0 ? a + n : a);
    if (m.reduced[k]) throw value_error("duplicate value in 'axis'");
    m.reduced[k] = true;
  }
  return m;
}

// The shape of the result: reduced axes dropped (M = N - K) or, with
// keepdims (M = N), kept with extent 1.
template <std::size_t M, std::size_t N>
shape<M> reduced_shape(const shape<N>& in, const axis_mask<N>& m) {
  shape<M> out;
  std::size_t j = 0;
  for (std::size_t k = 0; k < N; ++k) {
    if (!m.reduced[k]) out[j++] = in[k];
    else if constexpr (M == N) out[j++] = 1;
  }
  return out;
}

// Strides, in the input's N dimensions, of an output array laid out as
// `out_strides` (M dimensions): 0 along the reduced axes.
template <std::size_t N, std::size_t M>
strides_t<N> output_strides_in_input(const strides_t<M>& out_strides, const axis_mask<N>& m) {
  strides_t<N> st{};
  std::size_t j = 0;
  for (std::size_t k = 0; k < N; ++k) {
    if (!m.reduced[k]) st[k] = out_strides[j++];
    else {
      st[k] = 0;
      if constexpr (M == N) ++j;
    }
  }
  return st;
}

} // namespace detail
} // namespace weft
