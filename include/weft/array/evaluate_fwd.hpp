#pragma once
// The array layer's door to the evaluator (include/weft/eval), which sits
// further down the ladder: arrays accept any lazy expression node and hand it
// to evaluate_into, declared here and defined in weft/eval/evaluate.hpp
// (included by weft/weft.hpp). An "undefined reference to evaluate_into"
// means that header was not included.
#include <cstddef>

#include "weft/core/element.hpp"
#include "weft/core/policy.hpp"

namespace weft {

template <element Elem, std::size_t N>
class view;
template <element Elem, std::size_t N>
class ndarray;

namespace detail {

// Expression nodes (not arrays, views or scalars) carry this tag.
template <class E>
concept lazy_expression = requires { typename std::remove_cvref_t<E>::weft_expression_node; };

// Writes `expr`, broadcast to dst's shape, into dst; handles overlap.
template <class T, std::size_t N, class E>
void evaluate_into(const view<T, N>& dst, const E& expr, const execution_policy& policy);

// The temporary array an expression owns as its only operand, when it has
// the expression's element type and shape (weft::sqrt(weft::sum(x, 1))):
// an rvalue expression may be evaluated into it. Null otherwise.
template <class T, std::size_t N, class E>
ndarray<T, N>* reusable_operand(E& expr);

} // namespace detail
} // namespace weft
