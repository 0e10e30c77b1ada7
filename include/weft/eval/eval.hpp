#pragma once
#include <cstddef>
#include <ostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/array/print.hpp"
#include "weft/eval/evaluate.hpp"
#include "weft/eval/repeats.hpp"
#include "weft/expr/expression.hpp"

namespace weft {

// The values of an expression as a new array: weft::eval(a + b).
template <expression E>
auto eval(E&& expr, const execution_policy& policy = auto_policy) {
  auto node = detail::to_node(std::forward<E>(expr));
  using Node = decltype(node);
  using Out = ndarray<std::remove_const_t<typename Node::value_type>, Node::rank>;
  if constexpr (detail::lazy_expression<E> && !std::is_lvalue_reference_v<E>) {
    return Out(std::move(node), policy);  // evaluated in its temporary operand's memory when it can be
  } else {
    Out out(node.shape(), uninitialized);
    detail::evaluate_node(out.as_view(), node, policy);
    return out;
  }
}

namespace detail {
// explain's text for a planned loop (ev) of an expression of shape `from`
// into a destination of shape `into`.
template <std::size_t M, std::size_t N, std::size_t R>
void describe_plan(std::ostream& os, const weft::shape<M>& from, const weft::shape<N>& into, const traversal<R>& ev,
                   const execution_policy& policy) {
  const auto& p = ev.summary();
  os << "expression shape " << to_string(from) << " into " << to_string(into) << "\n";
  os << "loop shape after collapsing: " << to_string(ev.loop_shape()) << "\n";
  os << "inner loop: " << detail::to_string(p.kind);
  if (p.kind == detail::inner_loop::simd) os << " (" << detail::simd::arch_name() << ", " << p.simd_width << " lanes)";
  else if (p.simd_width > 1)  // tiles on SIMD lanes
    os << " (SIMD: " << detail::simd::arch_name() << ", " << p.simd_width
       << " lanes; operands strided along the row are gathered)";
  else os << " (no SIMD: " << p.why_not_simd << ")";
  os << "\n";
  if (p.threads) os << "threads: " << p.num_threads << ", chunks of " << p.grain << "\n";
  else
    os << "threads: 1 ("
       << (p.why_serial ? p.why_serial : policy.threads ? "work below the threshold" : "the policy is serial") << ")\n";
  os << "stores: "
     << (p.streaming ? "streaming (non-temporal: the destination is at least the last-level cache)" : "ordinary")
     << "\n";
  os << "temporary: " << (p.temporary ? std::string("yes, ") + p.why_temporary : std::string("none")) << "\n";
}
} // namespace detail

// dst = expr (broadcast to dst's shape) under a chosen policy:
// weft::assign(out, a * b + c, weft::par_simd).
template <class Dst, expression E>
  requires requires(Dst& d) { d.as_view(); }
void assign(Dst&& dst, E&& expr, const execution_policy& policy = auto_policy) {
  auto node = detail::to_node(std::forward<E>(expr));
  detail::evaluate_node(dst.as_view(), node, policy);
}

// How `dst = expr` would run, as text: the shapes before and after
// collapsing, the inner loop (SIMD architecture and width, or why not),
// threads and chunk size, whether a temporary is needed, and which
// sub-expressions are computed more than once per element.
template <class Dst, expression E>
  requires requires(Dst& d) { d.as_view(); }
std::string explain(Dst&& dst, E&& expr, const execution_policy& policy = auto_policy) {
  auto node = detail::to_node(std::forward<E>(expr));
  auto v = dst.as_view();
  using T = std::remove_const_t<typename decltype(v)::value_type>;
  detail::assignment<T, decltype(v)::rank, decltype(node)> a(v, node);
  std::ostringstream os;
  detail::describe_plan(os, node.shape(), v.shape(), a.plan(policy), policy);
  detail::describe_repeats(os, node);
  return os.str();
}

// How weft::eval(expr) would run.
template <expression E>
std::string explain(E&& expr, const execution_policy& policy = auto_policy) {
  auto node = detail::to_node(std::forward<E>(expr));
  ndarray<std::remove_const_t<typename decltype(node)::value_type>, decltype(node)::rank> out(node.shape(),
                                                                                           uninitialized);
  return explain(out, node, policy);
}

namespace detail {
// Printing an expression prints its values.
template <lazy_expression E>
std::ostream& operator<<(std::ostream& os, const E& expr) {
  return os << weft::eval(expr);
}
} // namespace detail

} // namespace weft
