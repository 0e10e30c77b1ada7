#pragma once
#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "weft/expr/leaf.hpp"

namespace weft {

// An array, a view or a lazy expression node: something with an element
// type, a rank and a shape that the evaluator can read. (A C++ scalar is an
// operand too, but not an expression on its own.)
template <class E>
concept expression = detail::is_array_or_view<std::remove_cvref_t<E>>::value || detail::lazy_expression<E>;

// What may stand beside an expression in an operator or ufunc: an
// expression or an arithmetic scalar.
template <class E>
concept operand = expression<E> || std::is_arithmetic_v<std::remove_cvref_t<E>>;

namespace detail {

// The node that stands for an operand inside an expression tree: lvalue
// arrays by view, temporary arrays by value, nodes by value (they are small:
// views, scalars and functors), scalars as weak scalar nodes.
template <class E>
auto to_node(E&& e) {
  using D = std::remove_cvref_t<E>;
  if constexpr (lazy_expression<D>) {
    return D(std::forward<E>(e));
  } else if constexpr (std::is_arithmetic_v<D>) {
    return scalar_node<D>(e);
  } else if constexpr (is_array_or_view<D>::value) {
    using T = std::remove_const_t<typename D::value_type>;
    constexpr std::size_t N = D::rank;
    if constexpr (std::is_same_v<D, ndarray<T, N>> && !std::is_lvalue_reference_v<E>) {
      return array_leaf<T, N, ndarray<T, N>>(std::move(e));
    } else {
      return array_leaf<T, N, view<const T, N>>(view<const T, N>(e.as_view()));
    }
  } else {
    static_assert(sizeof(E) == 0, "weft: an operand must be a weft::expression or an arithmetic scalar");
  }
}

template <class E>
using node_t = decltype(to_node(std::declval<E>()));

} // namespace detail
} // namespace weft
