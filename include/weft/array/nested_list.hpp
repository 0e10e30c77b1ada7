#pragma once
#include <cstddef>
#include <initializer_list>
#include <string>

#include "weft/core/errors.hpp"
#include "weft/core/shape.hpp"

namespace weft {

namespace detail {
template <class T, std::size_t N>
struct nested_list_of {
  using type = std::initializer_list<typename nested_list_of<T, N - 1>::type>;
};
template <class T>
struct nested_list_of<T, 0> {
  using type = T;
};
} // namespace detail

// N levels of braces around T: nested_list<double, 2> is {{1, 2}, {3, 4}}.
template <class T, std::size_t N>
using nested_list = typename detail::nested_list_of<T, N>::type;

namespace detail {

// The shape of a nested list; a ragged list throws shape_error.
template <std::size_t K = 0, class T, std::size_t N>
void nested_extents(const nested_list<T, N - K>& list, shape<N>& s, bool first) {
  if constexpr (K < N) {
    const auto n = static_cast<index_t>(list.size());
    if (first) s[K] = n;
    else if (s[K] != n)
      throw shape_error("ragged nested list: a row at depth " + std::to_string(K) + " has " + std::to_string(n) +
                        " elements where the first had " + std::to_string(s[K]));
    bool f = first;
    for (const auto& sub : list) {
      nested_extents<K + 1, T, N>(sub, s, f);
      f = false;
    }
  }
}

// Copies the leaves in row-major order.
template <std::size_t K = 0, class T, std::size_t N>
T* nested_copy(const nested_list<T, N - K>& list, T* out) {
  if constexpr (K == N) {
    *out = list;
    return out + 1;
  } else {
    for (const auto& sub : list) out = nested_copy<K + 1, T, N>(sub, out);
    return out;
  }
}

} // namespace detail
} // namespace weft
