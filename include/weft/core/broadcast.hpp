#pragma once
#include <algorithm>
#include <cstddef>
#include <string>

#include "weft/core/errors.hpp"
#include "weft/core/shape.hpp"

namespace weft {

// NumPy's broadcasting of two shapes: align on the right; each pair of
// extents must be equal or one of them 1. Throws shape_error naming both.
template <std::size_t A, std::size_t B>
constexpr shape<std::max(A, B)> broadcast_shapes(const shape<A>& a, const shape<B>& b) {
  constexpr std::size_t R = std::max(A, B);
  shape<R> out;
  for (std::size_t k = 0; k < R; ++k) {
    const index_t da = k + A >= R ? a[k + A - R] : 1;
    const index_t db = k + B >= R ? b[k + B - R] : 1;
    if (da != db && da != 1 && db != 1)
      throw shape_error("operands could not be broadcast together with shapes " + to_string(a) + " " +
                        to_string(b));
    out[k] = da == 1 ? db : da;
  }
  return out;
}

// The broadcast shape (of rank R) of several operands. On a mismatch the
// message names every operand's own shape, like NumPy's (not the shape
// broadcast so far, padded to rank R).
template <std::size_t R, class... S>
shape<R> broadcast_operands(const S&... shapes) {
  shape<R> out;
  for (auto& d : out) d = 1;
  try {
    ((out = broadcast_shapes(out, shapes)), ...);
  } catch (const shape_error&) {
    std::string msg = "operands could not be broadcast together with shapes";
    ((msg += " " + to_string(shapes)), ...);
    throw shape_error(msg);
  }
  return out;
}

// The strides that let an operand of shape `from` be read as if it had shape
// `to` (stride 0 along broadcast dimensions). Extra leading dimensions of
// `from` are allowed only when they are 1. Throws shape_error naming both.
template <std::size_t M, std::size_t N>
constexpr strides_t<N> broadcast_strides(const shape<M>& from, const strides_t<M>& from_strides,
                                         const shape<N>& to) {
  auto fail = [&] {
    return shape_error("could not broadcast input array from shape " + to_string(from) + " into shape " +
                       to_string(to));
  };
  strides_t<N> out{};
  for (std::size_t k = 0; k < M; ++k) {
    const bool inside = k + N >= M;  // dimension k of `from` lines up with one of `to`
    if (!inside) {
      if (from[k] != 1) throw fail();
      continue;
    }
    const std::size_t t = k + N - M;
    if (from[k] == to[t]) out[t] = from_strides[k];
    else if (from[k] == 1) out[t] = 0;
    else throw fail();
  }
  return out;  // leading dimensions of `to` missing in `from` keep stride 0
}

} // namespace weft
