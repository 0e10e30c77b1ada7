#pragma once
// Shared by the kernel suites: deterministic inputs, the policies, and
// element-wise comparison of N-D arrays with a reference given per index.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include "../expr/helpers.hpp"
#include "weft/weft.hpp"

namespace kt {

using weft::index_t;
using wt::all_policies;

// Values in [0.1, 1.1) for floats, small mixed-sign integers otherwise.
template <class T>
T value(index_t i, unsigned seed = 1) {
  const std::uint64_t h = (std::uint64_t(i) + 1) * 0x9E3779B97F4A7C15ull ^ (std::uint64_t(seed) * 0xBF58476D1CE4E5B9ull);
  const std::uint64_t m = h ^ (h >> 29);
  if constexpr (std::is_floating_point_v<T>) return static_cast<T>(0.1 + double((m >> 11) % 1000003) / 1000003.0);
  else return static_cast<T>(static_cast<int>((m >> 11) % 21) - 10);
}

template <class T, std::size_t N>
weft::ndarray<T, N> make(const weft::shape<N>& s, unsigned seed = 1) {
  weft::ndarray<T, N> a(s);
  for (index_t i = 0; i < a.size(); ++i) a.data()[i] = value<T>(i, seed);
  return a;
}

template <std::size_t N>
std::array<index_t, N> unravel(index_t flat, const weft::shape<N>& s) {
  std::array<index_t, N> idx{};
  for (std::size_t k = N; k-- > 0;) idx[k] = flat % s[k], flat /= s[k];
  return idx;
}

template <class T, std::size_t N>
T at(const weft::view<T, N>& v, const std::array<index_t, N>& idx) {
  index_t off = 0;
  for (std::size_t k = 0; k < N; ++k) off += idx[k] * v.strides()[k];
  return v.data()[off];
}

// Every element of `got` against want(idx), within max_ulp; one assertion.
template <class A, class Want>
void check_all(const A& got, Want&& want, std::uint64_t max_ulp, const std::string& what) {
  const auto v = got.as_view();
  using T = std::remove_const_t<typename decltype(v)::value_type>;
  constexpr std::size_t N = decltype(v)::rank;
  index_t bad = 0;
  std::string first;
  for (index_t f = 0; f < v.size(); ++f) {
    const auto idx = unravel<N>(f, v.shape());
    const T g = at(v, idx);
    const T w = static_cast<T>(want(idx));
    if (!wt::close(g, w, max_ulp) && ++bad <= 4)
      first += "\n  [" + weft::format_tuple(idx) + "] got " + wt::repr(g) + ", want " + wt::repr(w);
  }
  CHECK_MESSAGE(bad == 0, what << ": " << bad << " of " << v.size() << " differ" << first);
}

} // namespace kt
