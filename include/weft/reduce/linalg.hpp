#pragma once
// weft::dot and weft::norm, as reductions over fused products.
//   dot(a, b)   1-D . 1-D: a scalar, sum(a * b) in the promoted type (NumPy
//               does not widen here: int32 . int32 is int32)
//               2-D . 1-D, 1-D . 2-D, 2-D . 2-D: matrix-vector and matrix
//               products, as sums of broadcast products along the shared axis
//   norm(x)            sqrt(sum(x^2)) over every element (the 2-norm of a
//                      vector, Frobenius for a matrix)
//   norm(x, ord)       vector norms of a 1-D x: 1, 2, weft::inf, -weft::inf,
//                      0 (nonzero count) and any other p: sum(|x|^p)^(1/p)
//   norm(x, ord, axis) the same along one axis
// Integers are converted to double first, as NumPy's norm does.
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/core/promotion.hpp"
#include "weft/eval/eval.hpp"
#include "weft/expr/expr.hpp"
#include "weft/reduce/reducer.hpp"

namespace weft {

inline constexpr double inf = std::numeric_limits<double>::infinity();

namespace detail {

// An operand that can be sliced: arrays and views as views, lazy
// expressions evaluated once into an array.
template <class E>
auto sliceable(E&& e) {
  if constexpr (lazy_expression<std::remove_cvref_t<E>>) return weft::eval(std::forward<E>(e));
  else return e.as_view();
}

template <std::size_t NA, std::size_t NB>
void check_dot_shapes(const shape<NA>& a, const shape<NB>& b) {
  const index_t ka = a[NA - 1], kb = b[NB == 1 ? 0 : NB - 2];
  if (ka != kb)
    throw shape_error("shapes " + to_string(a) + " and " + to_string(b) + " not aligned: " + std::to_string(ka) +
                      " (dim " + std::to_string(NA - 1) + ") != " + std::to_string(kb) + " (dim " +
                      std::to_string(NB == 1 ? 0 : NB - 2) + ")");
}

template <class E>
using element_of = std::remove_const_t<typename node_t<E>::value_type>;

} // namespace detail

template <expression A, expression B>
  requires(detail::node_t<A>::rank >= 1 && detail::node_t<A>::rank <= 2 && detail::node_t<B>::rank >= 1 &&
           detail::node_t<B>::rank <= 2)
auto dot(A&& a, B&& b, const execution_policy& policy = auto_policy) {
  using P = promote_t<detail::element_of<A>, detail::element_of<B>>;
  using Op = detail::sum_reduction<P>;
  constexpr std::size_t NA = detail::node_t<A>::rank, NB = detail::node_t<B>::rank;
  detail::check_dot_shapes(a.shape(), b.shape());
  if constexpr (NA == 1 && NB == 1) {
    return detail::reduce_whole<Op, P>(detail::to_node(std::forward<A>(a) * std::forward<B>(b)),
                                       detail::keep_value<P>{}, policy);
  } else if constexpr (NA == 2 && NB == 1) {  // (m, n) . (n,): b broadcasts along the rows
    auto product = detail::to_node(std::forward<A>(a) * std::forward<B>(b));
    return detail::reduce_along<1, Op, P>(product, detail::make_axis_mask<2>(std::array<int, 1>{1}),
                                          detail::keep_value<P>{}, policy);
  } else {
    // (n,) . (n, p) and (m, n) . (n, p): the sum over n of b[newaxis] *
    // a[..., newaxis], b first so that the engine reads b's rows
    // contiguously and builds a row of results at a time.
    const auto sa = detail::sliceable(std::forward<A>(a));
    const auto sb = detail::sliceable(std::forward<B>(b));
    if constexpr (NA == 1) {
      auto product = detail::to_node(sb.as_view() * sa.as_view()(all, newaxis));
      return detail::reduce_along<1, Op, P>(product, detail::make_axis_mask<2>(std::array<int, 1>{0}),
                                            detail::keep_value<P>{}, policy);
    } else {
      auto product = detail::to_node(sb.as_view()(newaxis, all, all) * sa.as_view()(all, all, newaxis));
      return detail::reduce_along<2, Op, P>(product, detail::make_axis_mask<3>(std::array<int, 1>{1}),
                                            detail::keep_value<P>{}, policy);
    }
  }
}

namespace detail {

template <class E>
auto as_inexact(E&& e) {
  if constexpr (std::is_floating_point_v<element_of<E>>) return to_node(std::forward<E>(e));
  else return to_node(weft::astype<double>(std::forward<E>(e)));
}

// The norm along the axes of `mask` (all of them for the whole array):
// Reduce(node, op_tag) does one reduction of a node.
template <class E, class Reduce>
auto vector_norm(E&& e, double ord, Reduce&& reduce) {
  auto x = as_inexact(std::forward<E>(e));
  using F = std::remove_const_t<typename decltype(x)::value_type>;
  const F p = static_cast<F>(ord);
  if (ord == inf) return reduce(weft::abs(x), extremum_reduction<F, true>{}, [](F v) { return v; });
  if (ord == -inf) return reduce(weft::abs(x), extremum_reduction<F, false>{}, [](F v) { return v; });
  if (ord == 0) return reduce(astype<F>(x != F(0)), sum_reduction<F>{}, [](F v) { return v; });
  if (ord == 1) return reduce(weft::abs(x), sum_reduction<F>{}, [](F v) { return v; });
  if (ord == 2) return reduce(weft::square(x), sum_reduction<F>{}, [](F v) { return std::sqrt(v); });
  return reduce(weft::pow(weft::abs(x), p), sum_reduction<F>{}, [p](F v) { return std::pow(v, F(1) / p); });
}

} // namespace detail

template <expression E>
auto norm(E&& e, const execution_policy& policy = auto_policy) {
  auto x = detail::as_inexact(std::forward<E>(e));
  using F = std::remove_const_t<typename decltype(x)::value_type>;
  auto sq = detail::to_node(weft::square(std::move(x)));
  return std::sqrt(detail::reduce_whole<detail::sum_reduction<F>, F>(sq, detail::keep_value<F>{}, policy));
}

template <expression E>
auto norm(E&& e, double ord, const execution_policy& policy = auto_policy) {
  static_assert(detail::node_t<E>::rank == 1,
                "weft::norm(x, ord): vector norms take a 1-D x; pass an axis for N-D, or use norm(x) for Frobenius");
  return detail::vector_norm(std::forward<E>(e), ord, [&](auto&& expr, auto op, auto finish) {
    using Op = decltype(op);
    using F = typename Op::acc_type;
    auto node = detail::to_node(std::forward<decltype(expr)>(expr));
    return detail::reduce_whole<Op, F>(node, finish, policy);
  });
}

template <expression E>
  requires(detail::node_t<E>::rank >= 1)
auto norm(E&& e, double ord, int axis, const execution_policy& policy = auto_policy) {
  constexpr std::size_t N = detail::node_t<E>::rank;
  const auto mask = detail::make_axis_mask<N>(std::array<int, 1>{axis});
  return detail::vector_norm(std::forward<E>(e), ord, [&](auto&& expr, auto op, auto finish) {
    using Op = decltype(op);
    using F = typename Op::acc_type;
    auto node = detail::to_node(std::forward<decltype(expr)>(expr));
    return detail::reduce_along<N - 1, Op, F>(node, mask, finish, policy);
  });
}

} // namespace weft
