#pragma once
#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>

#include "weft/core/errors.hpp"
#include "weft/core/shape.hpp"

namespace weft {

namespace detail {
// The extents of one shape, as the broadcasting errors below see them.
struct extents_ref {
  const index_t* dims;
  std::size_t rank;
};
template <std::size_t N>
extents_ref extents_of(const shape<N>& s) {
  return {s.dims.data(), N};
}

// The errors of broadcasting, out of line and shared by every rank.
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_not_broadcastable(std::initializer_list<extents_ref> shapes) {
  std::string msg = "operands could not be broadcast together with shapes";
  for (const extents_ref& s : shapes) msg += " " + format_extents(s.dims, s.rank);
  throw shape_error(msg);
}
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_cannot_broadcast(extents_ref from, extents_ref to) {
  throw shape_error("could not broadcast input array from shape " + format_extents(from.dims, from.rank) +
                    " into shape " + format_extents(to.dims, to.rank));
}

// Broadcasts `out` (the shape so far) with `a`, aligned on the right; false
// when an extent pair is neither equal nor has a 1.
template <std::size_t R, std::size_t A>
constexpr bool broadcast_into(shape<R>& out, const shape<A>& a) {
  static_assert(A <= R);
  for (std::size_t k = 0; k < A; ++k) {
    index_t& o = out[k + R - A];
    if (a[k] == o || a[k] == 1) continue;
    if (o != 1) return false;
    o = a[k];
  }
  return true;
}
} // namespace detail

// NumPy's broadcasting of two shapes: align on the right; each pair of
// extents must be equal or one of them 1. Throws shape_error naming both.
template <std::size_t A, std::size_t B>
constexpr shape<std::max(A, B)> broadcast_shapes(const shape<A>& a, const shape<B>& b) {
  shape<std::max(A, B)> out;
  for (auto& d : out) d = 1;
  if (!detail::broadcast_into(out, a) || !detail::broadcast_into(out, b))
    detail::throw_not_broadcastable({detail::extents_of(a), detail::extents_of(b)});
  return out;
}

// The broadcast shape (of rank R) of several operands. On a mismatch the
// message names every operand's own shape, like NumPy's (not the shape
// broadcast so far, padded to rank R).
template <std::size_t R, class... S>
shape<R> broadcast_operands(const S&... shapes) {
  shape<R> out;
  for (auto& d : out) d = 1;
  if (!(detail::broadcast_into(out, shapes) && ...)) detail::throw_not_broadcastable({detail::extents_of(shapes)...});
  return out;
}

// The strides that let an operand of shape `from` be read as if it had shape
// `to` (stride 0 along broadcast dimensions). Extra leading dimensions of
// `from` are allowed only when they are 1. Throws shape_error naming both.
template <std::size_t M, std::size_t N>
constexpr strides_t<N> broadcast_strides(const shape<M>& from, const strides_t<M>& from_strides,
                                         const shape<N>& to) {
  const auto fail = [&] { detail::throw_cannot_broadcast(detail::extents_of(from), detail::extents_of(to)); };
  strides_t<N> out{};
  for (std::size_t k = 0; k < M; ++k) {
    const bool inside = k + N >= M;  // dimension k of `from` lines up with one of `to`
    if (!inside) {
      if (from[k] != 1) fail();
      continue;
    }
    const std::size_t t = k + N - M;
    if (from[k] == to[t]) out[t] = from_strides[k];
    else if (from[k] == 1) out[t] = 0;
    else fail();
  }
  return out;  // leading dimensions of `to` missing in `from` keep stride 0
}

} // namespace weft
