#pragma once
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "weft/array/ndarray.hpp"
#include "weft/core/errors.hpp"

// NumPy's array factories. Shapes are written `{3, 4}`, `weft::shape{3, 4}`,
// or a single integer for 1-D: weft::zeros<double>({3, 4}), weft::ones<int>(5).
// Without an element type, empty, zeros and ones give double, as NumPy.
namespace weft {

namespace detail {
// Anything with an element type and a shape: arrays, views (and expressions).
template <class A>
concept shaped = requires(const A& a) {
  typename std::remove_cvref_t<A>::value_type;
  a.shape();
};
template <class T, class V>
using full_element = std::conditional_t<std::is_void_v<T>, V, T>;
} // namespace detail

template <element T = double, std::size_t N>
ndarray<T, N> empty(const shape<N>& s) {
  return ndarray<T, N>(s, uninitialized);
}
template <element T = double, std::size_t N>
ndarray<T, N> empty(const weft::extent (&s)[N]) {
  return empty<T>(detail::to_shape(s));
}
template <element T = double, std::integral I>
ndarray<T, 1> empty(I n) {
  return empty<T>(shape{n});
}

// full's element type is the value's unless one is given, as numpy.full:
// full({3, 4}, 0.5) holds double, full<float>({3, 4}, 1) float.
template <class T = void, std::size_t N, class V>
  requires element<detail::full_element<T, V>>
ndarray<detail::full_element<T, V>, N> full(const shape<N>& s, const V& value) {
  using E = detail::full_element<T, V>;
  return ndarray<E, N>(s, static_cast<E>(value));
}
template <class T = void, std::size_t N, class V>
  requires element<detail::full_element<T, V>>
ndarray<detail::full_element<T, V>, N> full(const weft::extent (&s)[N], const V& value) {
  return full<T>(detail::to_shape(s), value);
}
template <class T = void, std::integral I, class V>
  requires element<detail::full_element<T, V>>
ndarray<detail::full_element<T, V>, 1> full(I n, const V& value) {
  return full<T>(shape{n}, value);
}

template <element T = double, std::size_t N>
ndarray<T, N> zeros(const shape<N>& s) {
  return full<T>(s, T(0));
}
template <element T = double, std::size_t N>
ndarray<T, N> zeros(const weft::extent (&s)[N]) {
  return full<T>(detail::to_shape(s), T(0));
}
template <element T = double, std::integral I>
ndarray<T, 1> zeros(I n) {
  return full<T>(shape{n}, T(0));
}

template <element T = double, std::size_t N>
ndarray<T, N> ones(const shape<N>& s) {
  return full<T>(s, T(1));
}
template <element T = double, std::size_t N>
ndarray<T, N> ones(const weft::extent (&s)[N]) {
  return full<T>(detail::to_shape(s), T(1));
}
template <element T = double, std::integral I>
ndarray<T, 1> ones(I n) {
  return full<T>(shape{n}, T(1));
}

// Same shape as `like`, with its element type unless one is given.
template <class T = void, detail::shaped A>
auto empty_like(const A& like) {
  using V = std::conditional_t<std::is_void_v<T>, typename std::remove_cvref_t<A>::value_type, T>;
  return empty<V>(like.shape());
}
template <class T = void, detail::shaped A>
auto zeros_like(const A& like) {
  using V = std::conditional_t<std::is_void_v<T>, typename std::remove_cvref_t<A>::value_type, T>;
  return zeros<V>(like.shape());
}
template <class T = void, detail::shaped A>
auto ones_like(const A& like) {
  using V = std::conditional_t<std::is_void_v<T>, typename std::remove_cvref_t<A>::value_type, T>;
  return ones<V>(like.shape());
}
template <class T = void, detail::shaped A, class V>
auto full_like(const A& like, const V& value) {
  using E = std::conditional_t<std::is_void_v<T>, typename std::remove_cvref_t<A>::value_type, T>;
  return full<E>(like.shape(), static_cast<E>(value));
}

// Values start, start + step, ... below stop (above it for a negative
// step), like numpy.arange: integer arguments give integers, any floating
// argument gives double (or ask for a type: arange<float>(0, 1, 0.1)).
template <class T = void, class A, class B, class S>
  requires(std::is_arithmetic_v<A> && std::is_arithmetic_v<B> && std::is_arithmetic_v<S>)
auto arange(A start, B stop, S step) {
  using Common = std::conditional_t<
      std::is_floating_point_v<A> || std::is_floating_point_v<B> || std::is_floating_point_v<S>, double,
      std::int64_t>;
  using V = std::conditional_t<std::is_void_v<T>, Common, T>;
  if (step == S(0)) throw value_error("arange: step cannot be zero");
  index_t n = 0;
  if constexpr (std::is_floating_point_v<Common>) {
    const double len = std::ceil((double(stop) - double(start)) / double(step));
    if (!std::isfinite(len)) throw value_error("arange: the length is not finite");
    n = len > 0 ? static_cast<index_t>(len) : 0;
  } else {
    const auto a = static_cast<std::int64_t>(start), b = static_cast<std::int64_t>(stop),
               s = static_cast<std::int64_t>(step);
    n = s > 0 ? (b > a ? (b - a + s - 1) / s : 0) : (a > b ? (a - b - s - 1) / (-s) : 0);
  }
  auto out = empty<V>(shape{n});
  for (index_t i = 0; i < n; ++i) out(i) = static_cast<V>(static_cast<Common>(start) + static_cast<Common>(i) * static_cast<Common>(step));
  return out;
}
template <class T = void, class A, class B>
  requires(std::is_arithmetic_v<A> && std::is_arithmetic_v<B>)
auto arange(A start, B stop) {
  return arange<T>(start, stop, 1);
}
template <class T = void, class B>
  requires std::is_arithmetic_v<B>
auto arange(B stop) {
  return arange<T>(0, stop, 1);
}

// num evenly spaced values from start to stop (stop included unless
// endpoint is false), like numpy.linspace.
template <class T = double>
  requires std::is_floating_point_v<T>
ndarray<T, 1> linspace(double start, double stop, index_t num = 50, bool endpoint = true) {
  if (num < 0) throw value_error("linspace: number of samples must be non-negative, got " + std::to_string(num));
  auto out = empty<T>(shape{num});
  const index_t div = endpoint ? num - 1 : num;
  const double step = div > 0 ? (stop - start) / double(div) : 0.0;
  for (index_t i = 0; i < num; ++i) out(i) = static_cast<T>(start + double(i) * step);
  if (endpoint && num > 1) out(num - 1) = static_cast<T>(stop);
  return out;
}

// An n x m matrix with ones on the k-th diagonal, like numpy.eye.
template <element T = double>
ndarray<T, 2> eye(index_t n, index_t m = -1, index_t k = 0) {
  if (m == -1) m = n;  // the default: square
  auto out = zeros<T>(shape{n, m});
  out.diagonal(k).fill(T(1));
  return out;
}

} // namespace weft
