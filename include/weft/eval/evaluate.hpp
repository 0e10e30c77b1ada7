#pragma once
// Assignment: writes an expression into a destination in one fused pass.
// What is compiled per expression is only what depends on it: collecting
// its leaves and its row kernels (eval/kernel.hpp). The loop around them,
// from the overlap check to threads, is eval/traverse.hpp's, compiled once
// per rank.
#include <array>
#include <cstddef>
#include <span>
#include <type_traits>
#include <utility>

#include "weft/array/evaluate_fwd.hpp"
#include "weft/array/ndarray.hpp"
#include "weft/eval/kernel.hpp"
#include "weft/eval/traverse.hpp"
#include "weft/expr/expression.hpp"

namespace weft::detail {

// What an assignment of `node` into dst hands the loop: the destination and
// the leaves in the loop's dimensions, and the node's kernels for T (which
// point at `cursor`: an assignment is never copied).
template <class T, std::size_t N, class Node>
struct assignment {
  static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8,
                "weft: element types are 1, 2, 4 or 8 bytes (the loop copies temporaries by size)");
  static constexpr std::size_t R = N == 0 ? 1 : N;
  using cursor_type = decltype(std::declval<const Node&>().cursor());

  destination<R> dst;
  cursor_type cursor;
  std::array<leaf_layout<R>, cursor_type::leaf_count> leaves;
  row_kernels kernels;

  assignment(const view<T, N>& d, const Node& node) : cursor(node.cursor()), kernels(row_kernels_for<T, Node>(cursor)) {
    // Broadcast the expression into the destination's shape (throws on mismatch).
    (void)broadcast_strides(node.shape(), strides_t<Node::rank>{}, d.shape());
    dst.data = reinterpret_cast<char*>(d.data());
    dst.element_size = sizeof(T);
    for (std::size_t k = 0; k < R; ++k) dst.extents[k] = 1;
    for (std::size_t k = 0; k < N; ++k) dst.extents[k + R - N] = d.shape()[k], dst.strides[k + R - N] = d.strides()[k];
    node.for_each_leaf(leaf_collector<R>{leaves.data(), &dst.extents});
  }
  assignment(const assignment&) = delete;
  assignment& operator=(const assignment&) = delete;

  traversal<R> plan(const execution_policy& policy) { return traversal<R>(dst, leaves, kernels, policy); }
};

// Runs `node` into dst (through a temporary when they overlap).
template <class T, std::size_t N, class Node>
void evaluate_node(const view<T, N>& dst, const Node& node, const execution_policy& policy) {
  assignment<T, N, Node> a(dst, node);
  assignment_loop<assignment<T, N, Node>::R>::run(a.dst, a.leaves, a.kernels, policy);
}

template <class T, std::size_t N, class E>
void evaluate_into(const view<T, N>& dst, const E& expr, const execution_policy& policy) {
  static_assert(lazy_expression<E>, "weft: evaluate_into takes expression nodes");
  evaluate_node(dst, expr, policy);
}

// Only with one leaf is the evaluation in place element by element: each
// element of the result reads the same element of the operand (nodes are
// element-wise, and the operand has the result's shape, so no broadcast).
template <class T, std::size_t N, class E>
ndarray<T, N>* reusable_operand(E& expr) {
  int leaves = 0;
  expr.for_each_leaf([&](const auto*, const auto&, const auto&) { ++leaves; });
  if (leaves != 1) return nullptr;
  ndarray<T, N>* found = nullptr;
  expr.for_each_owned_leaf([&](auto& array) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(array)>, ndarray<T, N>>) found = &array;
  });
  return found != nullptr && found->shape() == expr.shape() ? found : nullptr;
}

} // namespace weft::detail
