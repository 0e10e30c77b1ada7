#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "weft/core/broadcast.hpp"
#include "weft/core/promotion.hpp"
#include "weft/core/weak_integer.hpp"
#include "weft/expr/expression.hpp"
#include "weft/core/unpack.hpp"

// The n-ary map node: applies an element-wise operation to broadcast
// operands. Every operator, ufunc, cast and where() is one of these.
namespace weft::detail {

// NumPy's promotion over operand nodes: the strong (array) types promote by
// the table; weak scalars then join without widening (NEP 50). Scalars
// alone follow C++'s usual arithmetic conversions.
// join<Strong, Node>: Strong after meeting Node's type (void: none yet).
template <class Strong, class Node, bool Weak = Node::is_weak>
struct join_strong {
  using type = Strong;  // weak scalars wait for the second pass
};
template <class Node>
struct join_strong<void, Node, false> {
  using type = typename Node::value_type;
};
template <class Strong, class Node>
  requires(!std::is_void_v<Strong>)
struct join_strong<Strong, Node, false> {
  using type = promote_t<Strong, typename Node::value_type>;
};
template <class Strong, class Node, bool Weak = Node::is_weak>
struct join_weak {
  using type = Strong;
};
template <class Strong, class Node>
struct join_weak<Strong, Node, true> {
  using type = promote_weak_t<Strong, typename Node::value_type>;
};

template <class Strong, class... Nodes>
struct promote_nodes {
  using type = Strong;
};
template <class Strong, class Node, class... Rest>
struct promote_nodes<Strong, Node, Rest...> {
  using type = typename promote_nodes<typename join_strong<Strong, Node>::type, Rest...>::type;
};
template <class Strong, class... Nodes>
struct apply_weak {
  using type = Strong;
};
template <class Strong, class Node, class... Rest>
struct apply_weak<Strong, Node, Rest...> {
  using type = typename apply_weak<typename join_weak<Strong, Node>::type, Rest...>::type;
};

template <class... Nodes>
struct promote_operands {
  using strong = typename promote_nodes<void, Nodes...>::type;
  using type = typename std::conditional_t<std::is_void_v<strong>,
                                           std::common_type<typename Nodes::value_type...>,
                                           apply_weak<strong, Nodes...>>::type;
};
template <class... Nodes>
using promote_operands_t = typename promote_operands<Nodes...>::type;

// The type operands are converted to before the operation: by default the
// promoted type; an op may say otherwise (true division, float ufuncs...).
template <class Op, class... Nodes>
struct compute_type {
  using type = promote_operands_t<Nodes...>;
};
template <class Op, class... Nodes>
  requires requires { typename Op::template compute_t<promote_operands_t<Nodes...>>; }
struct compute_type<Op, Nodes...> {
  using type = typename Op::template compute_t<promote_operands_t<Nodes...>>;
};

// Ops that have only floating loops and several operands (arctan2, hypot):
// NumPy picks the smallest float type that every operand casts to safely, so
// int8 with uint16 computes in float32 (float_result_t of their promoted
// type, int32, would be float64). A weak scalar counts as the type it takes
// beside the others (a float scalar with integers: float64).
template <class Strong, class Node, bool Weak = Node::is_weak>
struct effective_operand {
  using type = typename Node::value_type;
};
template <class Strong, class Node>
  requires(!std::is_void_v<Strong>)
struct effective_operand<Strong, Node, true> {
  using type = promote_weak_t<Strong, typename Node::value_type>;
};
template <class Op, class... Nodes>
  requires(Op::float_loops)
struct compute_type<Op, Nodes...> {
  using strong = typename promote_nodes<void, Nodes...>::type;
  using type = typename promote_fold<float_result_t<typename effective_operand<strong, Nodes>::type>...>::type;
};

// Comparisons and logical operations on integers compare values exactly, as
// NumPy 2 does, where the promoted type would not: beside a weak integer
// scalar (int8_array < 1000 is all true, uint64_array < -1 all false) and
// between uint64 and a signed type (promoted to float64). Their operands then
// reach the op in their own types (own_types), which compares them exactly.
// Not beside bool arrays only: NumPy then gives the scalar int64, which must
// hold it (bool_array == 2**63 is an OverflowError).
struct own_types {};
template <class... Nodes>
inline constexpr bool has_strong_operand = !std::is_void_v<typename promote_nodes<void, Nodes...>::type>;
template <class... Nodes>
inline constexpr bool has_weak_integer = ((Nodes::is_weak && is_weak_integer_type<typename Nodes::value_type>) || ...);
template <class Op, class... Nodes>
  requires(Op::exact_with_weak_integers && (std::is_integral_v<typename Nodes::value_type> && ...) &&
           has_strong_operand<Nodes...> && !std::is_same_v<typename promote_nodes<void, Nodes...>::type, bool> &&
           (has_weak_integer<Nodes...> || std::is_floating_point_v<promote_operands_t<Nodes...>>))
struct compute_type<Op, Nodes...> {
  using type = own_types;
};

template <class Op, class Compute, class... Nodes>
struct op_result {
  template <class Node>
  using arg = std::conditional_t<std::is_same_v<Compute, own_types>, typename Node::value_type, Compute>;
  using invoked = std::invoke_result<const Op&, arg<Nodes>...>;
  static constexpr bool valid = requires { typename invoked::type; };
  // An error here means the operation has no loop for the element types its
  // operands promote to, and NumPy refuses it too (TypeError): - or
  // weft::negative on bool arrays (use ! or ^), bit operations and shifts on
  // floats, weft::sign on bool. The notes below name the op and the type.
  static_assert(valid, "weft: this operation is not defined for these element types (as in NumPy)");
  using type = typename std::conditional_t<valid, invoked, std::type_identity<void>>::type;
};

// Operand i of a cursor in the compute type C (a weak scalar converts its own way).
template <class C, class Cursor>
C operand_as(const Cursor& c, index_t i) {
  if constexpr (requires { c.template as<C>(); })
    return c.template as<C>();
  else
    return static_cast<C>(c.get(i));
}

template <class Op, class Compute, class... Cursors>
struct map_cursor {
  static constexpr std::size_t leaf_count = (std::size_t{0} + ... + Cursors::leaf_count);
  Op op;
  std::tuple<Cursors...> children;

  void bind(const leaf_rows& at, std::size_t& k) {
    unpack(children, [&](auto&... c) { (c.bind(at, k), ...); });
  }
  auto get(index_t i) const {
    if constexpr (std::is_same_v<Compute, own_types>)
      return unpack(children, [&](const auto&... c) { return op(c.get(i)...); });
    else
      return unpack(children, [&](const auto&... c) { return op(operand_as<Compute>(c, i)...); });
  }
#if WEFT_USE_XSIMD
  template <class L, bool Unit = false>
  simd::batch<L> load(index_t i) const {
    return unpack(children, [&](const auto&... c) { return op.simd(c.template load<L, Unit>(i)...); });
  }
#endif
};

template <class Op, class... Nodes>
class map_node {
public:
  using weft_expression_node = void;
  using compute = typename compute_type<Op, Nodes...>::type;
  using value_type = typename op_result<Op, compute, Nodes...>::type;
  static constexpr std::size_t rank = std::max({Nodes::rank...});
  static constexpr bool is_weak = false;
  // Rough cost of one element, in units of an add: decides threading.
  static constexpr int cost = Op::cost + (0 + ... + Nodes::cost);

  map_node(Op op, Nodes... nodes) : op_(std::move(op)), nodes_(std::move(nodes)...) {
    shape_ = unpack(nodes_, [](const auto&... n) { return broadcast_operands<rank>(n.shape()...); });
    if constexpr (has_weak_integer<Nodes...> && has_strong_operand<Nodes...> && is_weak_integer_type<compute>)
      check_weak_integers(std::index_sequence_for<Nodes...>{});
  }

  const weft::shape<rank>& shape() const { return shape_; }
  const Op& op() const { return op_; }
  const Op& operation() const { return op_; }
  const std::tuple<Nodes...>& operands() const { return nodes_; }

  auto cursor() const {
    return unpack(nodes_, [&](const auto&... n) { return map_cursor<Op, compute, decltype(n.cursor())...>{op_, {n.cursor()...}}; });
  }

  template <class F>
  void for_each_leaf(F&& f) const {
    unpack(nodes_, [&](const auto&... n) { (n.for_each_leaf(f), ...); });
  }
  template <class F>
  void for_each_owned_leaf(F&& f) {
    unpack(nodes_, [&](auto&... n) { (n.for_each_owned_leaf(f), ...); });
  }

  // Whether the whole subtree runs on SIMD lanes of type L.
  template <class L>
  static constexpr bool simd_ok = [] {
    if constexpr (!simd::lane_type<L> || !std::is_same_v<compute, L> || !std::is_same_v<value_type, L>) {
      return false;
    } else {
#if WEFT_USE_XSIMD
      return requires(const Op& op, simd::batch<L> b) { op.simd((void(sizeof(Nodes)), b)...); } &&
             (Nodes::template simd_ok<L> && ...);
#else
      return false;
#endif
    }
  }();

private:
  // NEP 50's range check of weak integer scalars (core/weak_integer.hpp).
  template <std::size_t... I>
  void check_weak_integers(std::index_sequence<I...>) {
    (check_weak_integer<I>(std::get<I>(nodes_)), ...);
  }
  template <std::size_t I, class Node>
  void check_weak_integer(Node& node) {
    if constexpr (Node::is_weak && is_weak_integer_type<typename Node::value_type>) {
      // clip's bounds saturate, except beside a bool array: NumPy takes
      // them as int64s there, and one beyond int64 is an OverflowError.
      using clipped = typename std::tuple_element_t<0, std::tuple<Nodes...>>::value_type;
      if constexpr (requires { Op::bounds_from_operand; } && I >= 1 && !std::is_same_v<clipped, bool>)
        node = Node(weak_integer_bound<compute, I == Op::bounds_from_operand>(node.value(), Op::name));
      else
        node = Node(weak_integer_that_fits<compute>(node.value(), Op::name));
    }
  }

  Op op_;
  std::tuple<Nodes...> nodes_;
  weft::shape<rank> shape_;
};

// Builds the node for op(operands...).
template <class Op, class... E>
auto make_map(Op op, E&&... operands) {
  return map_node<Op, node_t<E>...>(std::move(op), to_node(std::forward<E>(operands))...);
}

} // namespace weft::detail
