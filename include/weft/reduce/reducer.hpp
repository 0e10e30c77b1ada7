#pragma once
// Reduction objects: weft::sum, prod, min, max, argmin, argmax, any, all,
// count_nonzero (and, in statistics.hpp, mean, var, std and the nan* ones).
// Each is called like NumPy's function:
//   weft::sum(x)                      a scalar
//   weft::sum(x, axis)                an array of rank N - 1
//   weft::sum(x, {0, 2})              rank N - 2
//   weft::sum(x, axis, weft::keepdims) rank N, extent 1 along the axis
//   weft::sum(x, weft::keepdims)      rank N, all extents 1
// with an execution policy as the last argument if wanted. x is any
// expression: weft::sum(a * b) reads a and b once and builds nothing.
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/array/ndarray.hpp"
#include "weft/core/errors.hpp"
#include "weft/core/policy.hpp"
#include "weft/expr/expression.hpp"
#include "weft/reduce/axes.hpp"
#include "weft/reduce/engine.hpp"
#include "weft/reduce/ops.hpp"
#include "weft/array/strided_copy.hpp"
#include "weft/expr/ops/integer_math.hpp"

namespace weft {
namespace detail {

struct take_position {
  template <class V>
  constexpr index_t operator()(const arg_acc<V>& a) const {
    return a.position;
  }
};

template <class Op>
[[noreturn]] void throw_empty_reduction() {
  const std::string name = Op::name;
  if (name.rfind("arg", 0) == 0) throw value_error("attempt to get " + name + " of an empty sequence");
  throw value_error("zero-size array to reduction operation " + name + " which has no identity");
}

template <class Node, std::size_t N>
index_t reduced_count(const Node& node, const axis_mask<N>& mask) {
  index_t n = 1;
  for (std::size_t k = 0; k < N; ++k)
    if (mask.reduced[k]) n *= node.shape()[k];
  return n;
}

// The whole node folded into one value of type Out.
template <class Op, class Out, class Node, class Finish>
Out reduce_whole(const Node& node, Finish finish, const execution_policy& policy) {
  constexpr std::size_t N = Node::rank;
  if constexpr (!Op::has_identity)
    if (size_of(node.shape()) == 0) throw_empty_reduction<Op>();
  Out result{};
  reduction_input<Op, Node> in(node, all_axes<N>());
  if constexpr (N == 1) {
    using engine = reduction_engine<typename Op::acc_type, 1>;
    if (engine::try_small_whole(in.extents[0], in.leaves, in.kernels, policy, result, finish)) return result;
  }
  in.run(&result, strides_t<N>{}, finish, policy);
  return result;
}

// The node folded along the axes of `mask`, into a new array of rank M
// (N - reduced axes, or N with keepdims).
template <std::size_t M, class Op, class Out, class Node, class Finish>
ndarray<Out, M> reduce_along(const Node& node, const axis_mask<Node::rank>& mask, Finish finish,
                            const execution_policy& policy) {
  constexpr std::size_t N = Node::rank;
  ndarray<Out, M> out(reduced_shape<M>(node.shape(), mask), uninitialized);
  if constexpr (!Op::has_identity)
    if (out.size() > 0 && reduced_count(node, mask) == 0) throw_empty_reduction<Op>();
  const strides_t<N> st = output_strides_in_input<N>(out.strides(), mask);
  reduction_input<Op, Node> in(node, mask);
  in.run(out.data(), st, finish, policy);
  return out;
}

// The result stored into another element type (out= of another dtype):
// NumPy's reductions cast to out unsafely; float to integer without UB.
template <class T, class Finish>
struct store_as {
  Finish finish;
  template <class A>
  T operator()(const A& a) const {
    return safe_cast<T>(finish(a));
  }
};

// NumPy's checks on a reduction's out=: exactly the result's shape (the rank
// is checked at compile time), and no zero stride, where results would
// overwrite each other (and race between threads).
template <std::size_t N, std::size_t M>
void check_reduction_out(const shape<N>& in, const shape<M>& want, const shape<M>& got, const strides_t<M>& st) {
  if (got != want)
    throw shape_error("weft: out has shape " + to_string(got) + " but this reduction of an array of shape " +
                      to_string(in) + " gives shape " + to_string(want));
  for (std::size_t k = 0; k < M; ++k)
    if (got[k] > 1 && st[k] == 0)
      throw value_error("weft: out has stride 0 along axis " + std::to_string(k) +
                        " (a broadcast view): its results would overwrite each other");
}

// Whether out shares memory with one of the node's leaves.
template <class Node, class T, std::size_t M>
bool out_overlaps_input(const Node& node, const view<T, M>& out) {
  const address_span mine = span_of(out.data(), out.shape(), out.strides());
  bool hit = false;
  node.for_each_leaf([&](const auto* data, const auto& s, const auto& st) { hit = hit || overlaps(mine, span_of(data, s, st)); });
  return hit;
}

// The node folded along the axes of `mask` into an existing array or view
// (NumPy's out=), without allocating unless out overlaps the input.
template <class Op, class Out, class T, std::size_t M, class Node, class Finish>
view<T, M> reduce_into(const Node& node, const axis_mask<Node::rank>& mask, Finish finish,
                       const execution_policy& policy, const view<T, M>& out) {
  constexpr std::size_t N = Node::rank;
  check_reduction_out(node.shape(), reduced_shape<M>(node.shape(), mask), out.shape(), out.strides());
  if constexpr (!Op::has_identity)
    if (out.size() > 0 && reduced_count(node, mask) == 0) throw_empty_reduction<Op>();
  if (out.size() == 0) return out;
  if (out_overlaps_input(node, out)) {  // sum(m, 0, m(0, all)): fold aside, then copy
    ndarray<T, M> aside(out.shape(), uninitialized);
    reduce_into<Op, Out>(node, mask, finish, policy, aside.as_view());
    out.assign(aside.as_view());
    return out;
  }
  const strides_t<N> st = output_strides_in_input<N>(out.strides(), mask);
  reduction_input<Op, Node> in(node, mask);
  if constexpr (std::is_same_v<T, Out>) in.run(out.data(), st, finish, policy);
  else in.run(out.data(), st, store_as<T, Finish>{finish}, policy);
  return out;
}

// A reduction defined by one operator per element type: OpFor<V>.
// Result types: the accumulator, or a position for argmin/argmax.
template <template <class> class OpFor, class ResultFor = void>
struct fold_kind {
  template <class Node>
  using op_t = OpFor<std::remove_const_t<typename Node::value_type>>;
  template <class Node>
  using result_t = std::conditional_t<std::is_void_v<ResultFor>, typename op_t<Node>::acc_type, index_t>;
  template <class Node>
  using finish_t = std::conditional_t<std::is_void_v<ResultFor>, keep_value<result_t<Node>>, take_position>;

  template <class E>
  auto whole(E&& e, const execution_policy& policy) const {
    auto node = to_node(std::forward<E>(e));
    using Node = decltype(node);
    return reduce_whole<op_t<Node>, result_t<Node>>(node, finish_t<Node>{}, policy);
  }
  template <std::size_t M, class E>
  auto along(E&& e, const axis_mask<node_t<E>::rank>& mask, const execution_policy& policy) const {
    auto node = to_node(std::forward<E>(e));
    using Node = decltype(node);
    return reduce_along<M, op_t<Node>, result_t<Node>>(node, mask, finish_t<Node>{}, policy);
  }
  template <class E, class T, std::size_t M>
  view<T, M> into(E&& e, const axis_mask<node_t<E>::rank>& mask, const view<T, M>& out,
                  const execution_policy& policy) const {
    static_assert(std::is_void_v<ResultFor> || (std::is_integral_v<T> && !std::is_same_v<T, bool>),
                  "weft: argmin and argmax write positions: out must hold an integer type (as in NumPy)");
    auto node = to_node(std::forward<E>(e));
    using Node = decltype(node);
    return reduce_into<op_t<Node>, result_t<Node>>(node, mask, finish_t<Node>{}, policy, out);
  }
};

template <class V>
using sum_op_for = sum_reduction<sum_acc_t<V>>;
template <class V>
using prod_op_for = prod_reduction<sum_acc_t<V>>;
template <class V>
using min_op_for = extremum_reduction<V, false>;
template <class V>
using max_op_for = extremum_reduction<V, true>;
template <class V>
using argmin_op_for = arg_reduction<V, false>;
template <class V>
using argmax_op_for = arg_reduction<V, true>;
template <class V>
using any_op_for = logical_reduction<false>;
template <class V>
using all_op_for = logical_reduction<true>;
template <class V>
using count_op_for = count_nonzero_reduction;

template <class E, std::size_t K>
concept reducible_along = expression<E> && (node_t<E>::rank >= K);

template <class O>
using out_view_t = std::remove_cvref_t<decltype(std::declval<O&>().as_view())>;

} // namespace detail

// An array or a view whose elements may be written: the out= of reductions.
// (A const array, or a view of const elements, is not one.)
template <class O>
concept writable_array = detail::is_array_or_view<std::remove_cvref_t<O>>::value &&
                         !std::is_const_v<typename detail::out_view_t<O>::element_type>;

// A reduction object (weft::sum, weft::max, ...): see the top of this file.
// Kind supplies whole(e, policy) and along<M>(e, mask, policy).
template <class Kind>
struct reducer {
  Kind kind{};

  template <expression E>
  auto operator()(E&& e, const execution_policy& policy = auto_policy) const {
    return kind.whole(std::forward<E>(e), policy);
  }
  template <expression E>
  auto operator()(E&& e, keepdims_t, const execution_policy& policy = auto_policy) const {
    constexpr std::size_t N = detail::node_t<E>::rank;
    return kind.template along<N>(std::forward<E>(e), detail::all_axes<N>(), policy);
  }
  template <expression E>
    requires detail::reducible_along<E, 1>
  auto operator()(E&& e, int axis, const execution_policy& policy = auto_policy) const {
    constexpr std::size_t N = detail::node_t<E>::rank;
    return kind.template along<N - 1>(std::forward<E>(e), detail::make_axis_mask<N>(std::array<int, 1>{axis}),
                                      policy);
  }
  template <expression E>
    requires detail::reducible_along<E, 1>
  auto operator()(E&& e, int axis, keepdims_t, const execution_policy& policy = auto_policy) const {
    constexpr std::size_t N = detail::node_t<E>::rank;
    return kind.template along<N>(std::forward<E>(e), detail::make_axis_mask<N>(std::array<int, 1>{axis}), policy);
  }
  template <expression E, std::size_t K>
    requires detail::reducible_along<E, K> && Kind::several_axes
  auto operator()(E&& e, const int (&axes)[K], const execution_policy& policy = auto_policy) const {
    constexpr std::size_t N = detail::node_t<E>::rank;
    return kind.template along<N - K>(std::forward<E>(e), detail::make_axis_mask<N>(std::to_array(axes)), policy);
  }
  template <expression E, std::size_t K>
    requires detail::reducible_along<E, K> && Kind::several_axes
  auto operator()(E&& e, const int (&axes)[K], keepdims_t, const execution_policy& policy = auto_policy) const {
    constexpr std::size_t N = detail::node_t<E>::rank;
    return kind.template along<N>(std::forward<E>(e), detail::make_axis_mask<N>(std::to_array(axes)), policy);
  }

  // The same into an existing array or view (NumPy's out=), which must have
  // the result's shape; any element type (cast as NumPy casts), an integer
  // one for argmin/argmax. Returns a view of out.
  template <expression E, writable_array O>
    requires detail::reducible_along<E, 1>
  auto operator()(E&& e, int axis, O&& out, const execution_policy& policy = auto_policy) const {
    constexpr std::size_t N = detail::node_t<E>::rank;
    return into<N - 1>(std::forward<E>(e), detail::make_axis_mask<N>(std::array<int, 1>{axis}), out.as_view(), policy);
  }
  template <expression E, writable_array O>
    requires detail::reducible_along<E, 1>
  auto operator()(E&& e, int axis, keepdims_t, O&& out, const execution_policy& policy = auto_policy) const {
    constexpr std::size_t N = detail::node_t<E>::rank;
    return into<N>(std::forward<E>(e), detail::make_axis_mask<N>(std::array<int, 1>{axis}), out.as_view(), policy);
  }
  template <expression E, std::size_t K, writable_array O>
    requires detail::reducible_along<E, K> && Kind::several_axes
  auto operator()(E&& e, const int (&axes)[K], O&& out, const execution_policy& policy = auto_policy) const {
    constexpr std::size_t N = detail::node_t<E>::rank;
    return into<N - K>(std::forward<E>(e), detail::make_axis_mask<N>(std::to_array(axes)), out.as_view(), policy);
  }
  template <expression E, std::size_t K, writable_array O>
    requires detail::reducible_along<E, K> && Kind::several_axes
  auto operator()(E&& e, const int (&axes)[K], keepdims_t, O&& out, const execution_policy& policy = auto_policy) const {
    constexpr std::size_t N = detail::node_t<E>::rank;
    return into<N>(std::forward<E>(e), detail::make_axis_mask<N>(std::to_array(axes)), out.as_view(), policy);
  }

private:
  // Kinds with an into() fold straight into out; the others (var, std,
  // nanmean, which fold twice) compute the result, then copy it.
  template <std::size_t M, class E, class T, std::size_t R>
  view<T, R> into(E&& e, const detail::axis_mask<detail::node_t<E>::rank>& mask, const view<T, R>& out,
                  const execution_policy& policy) const {
    static_assert(R == M, "weft: out must have the rank of the result (the input's rank less the reduced axes, "
                          "or the input's rank with keepdims)");
    if constexpr (requires { kind.into(std::forward<E>(e), mask, out, policy); }) {
      return kind.into(std::forward<E>(e), mask, out, policy);
    } else {
      const auto in_shape = e.shape();
      auto result = kind.template along<M>(std::forward<E>(e), mask, policy);
      detail::check_reduction_out(in_shape, result.shape(), out.shape(), out.strides());
      out.assign(result.as_view());
      return out;
    }
  }
};

namespace detail {
template <template <class> class OpFor>
struct multi_axis_fold : fold_kind<OpFor> {
  static constexpr bool several_axes = true;
};
// NumPy's argmin/argmax take one axis or none.
template <template <class> class OpFor>
struct single_axis_position : fold_kind<OpFor, index_t> {
  static constexpr bool several_axes = false;
};
} // namespace detail

inline constexpr reducer<detail::multi_axis_fold<detail::sum_op_for>> sum{};
inline constexpr reducer<detail::multi_axis_fold<detail::prod_op_for>> prod{};
inline constexpr reducer<detail::multi_axis_fold<detail::min_op_for>> min{};
inline constexpr reducer<detail::multi_axis_fold<detail::max_op_for>> max{};
inline constexpr reducer<detail::multi_axis_fold<detail::min_op_for>> amin{};
inline constexpr reducer<detail::multi_axis_fold<detail::max_op_for>> amax{};
inline constexpr reducer<detail::single_axis_position<detail::argmin_op_for>> argmin{};
inline constexpr reducer<detail::single_axis_position<detail::argmax_op_for>> argmax{};
inline constexpr reducer<detail::multi_axis_fold<detail::any_op_for>> any{};
// weft::all is also the slice argument (array/slicing.hpp); its calls land here.
template <class E>
struct detail::all_reduction : reducer<detail::multi_axis_fold<detail::all_op_for>> {};
inline constexpr reducer<detail::multi_axis_fold<detail::count_op_for>> count_nonzero{};

} // namespace weft
