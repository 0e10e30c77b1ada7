#pragma once
// Expressions with several outputs, computed together in one fused pass:
//
//   auto black_scholes = weft::vectorize([](auto S, auto K, auto T) {
//     auto d1 = ...;                      // computed once per element
//     return std::tuple(call, put);       // several results
//   });
//   weft::assign(std::tie(call, put), black_scholes(S, K, T));    // into existing arrays
//   auto [c, p] = weft::eval(black_scholes(S, K, T));              // into new ones
//
// A vectorize kernel whose function returns a std::tuple of scalars (of
// batches, on SIMD lanes) gives a multi-output node; so does
// weft::outputs(e1, e2, ...), several expressions evaluated in one pass.
// Such a node is not an expression (it has no single value type): it is
// assigned (eval/outputs.hpp), not combined with other operators.
//
// The loop (eval/traverse.hpp) knows one destination; the outputs after the
// first ride along as extra leaves with the first's strides, which the
// kernels write through (the assignment checks that this is safe, or goes
// through temporaries).
#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "weft/core/broadcast.hpp"
#include "weft/core/element.hpp"
#include "weft/expr/expression.hpp"
#include "weft/expr/user_function.hpp"
#include "weft/simd/batch.hpp"
#include "weft/core/unpack.hpp"

namespace weft::detail {

// A std::tuple of at least two arithmetic values: what a multi-output
// kernel returns.
template <class T>
inline constexpr bool is_result_tuple = false;
template <class... R>
inline constexpr bool is_result_tuple<std::tuple<R...>> = sizeof...(R) >= 2 && (std::is_arithmetic_v<R> && ...);

// Whether fn runs on SIMD lanes of L: every parameter and result is L, and
// fn called with batches returns a std::tuple of batches of L.
template <class Fn, class L, class Results, class... P>
constexpr bool multi_kernel_runs_on_lanes() {
#if WEFT_USE_XSIMD
  if constexpr (!std::is_floating_point_v<L> || !simd::lane_type<L>) {
    return false;
  } else {
    using B = simd::batch<L>;
    if constexpr (!(std::is_same_v<P, L> && ...) || !std::is_invocable_v<const Fn&, std::conditional_t<true, B, P>...>)
      return false;
    else
      return unpack(Results{}, [](auto... r) {
        return (std::is_same_v<decltype(r), L> && ...) &&
               std::is_same_v<std::remove_cvref_t<std::invoke_result_t<const Fn&, std::conditional_t<true, B, P>...>>,
                              std::tuple<std::conditional_t<true, B, decltype(r)>...>>;
      });
  }
#else
  return false;
#endif
}

// What weft::outputs computes per element: its operands' values, as a tuple.
struct values_as_tuple {
  template <class... V>
  auto operator()(V... v) const {
    return std::tuple<V...>(v...);
  }
};

template <class Fn, bool Lanes, class Results, class Params, class... Cursors>
struct multi_cursor;

// The cursor binds its operands' leaves, then one leaf per output after the
// first: where those outputs' rows are and their strides (outputs[k - 1]).
template <class Fn, bool Lanes, class... R, class... P, class... Cursors>
struct multi_cursor<Fn, Lanes, std::tuple<R...>, std::tuple<P...>, Cursors...> {
  static constexpr std::size_t output_count = sizeof...(R);
  static constexpr std::size_t input_leaves = (std::size_t{0} + ... + Cursors::leaf_count);
  static constexpr std::size_t leaf_count = input_leaves + output_count - 1;
  fn_holder<Fn> fn;
  std::tuple<Cursors...> children;
  std::array<char*, output_count - 1> rows{};
  std::array<index_t, output_count - 1> strides{};

  void bind(const leaf_rows& at, std::size_t& k) {
    unpack(children, [&](auto&... c) { (c.bind(at, k), ...); });
    for (std::size_t j = 0; j + 1 < output_count; ++j, ++k) {
      rows[j] = static_cast<char*>(const_cast<void*>(at.row[k]));
      strides[j] = at.inner[k];
    }
  }
  std::tuple<R...> get(index_t i) const {
    return unpack(children, [&](const auto&... c) { return std::tuple<R...>(fn.get()(static_cast<P>(c.get(i))...)); });
  }
#if WEFT_USE_XSIMD
  template <class L, bool Unit = false>
  auto load(index_t i) const {
    return unpack(children, [&](const auto&... c) { return fn.get()(c.template load<L, Unit>(i)...); });
  }
#endif
};

// fn applied element by element to broadcast operands, with several results.
template <class Fn, bool Lanes, class Results, class Params, class... Nodes>
class multi_output_node;

template <class Fn, bool Lanes, class... R, class... P, class... Nodes>
class multi_output_node<Fn, Lanes, std::tuple<R...>, std::tuple<P...>, Nodes...> {
public:
  using weft_multi_output_node = void;
  using value_types = std::tuple<R...>;
  static constexpr std::size_t output_count = sizeof...(R);
  static constexpr std::size_t rank = std::max({std::size_t{0}, Nodes::rank...});
  static constexpr int cost = (std::is_same_v<Fn, values_as_tuple> ? 1 : user_kernel_cost) + (0 + ... + Nodes::cost);

  multi_output_node(Fn fn, Nodes... nodes) : fn_(std::move(fn)), nodes_(std::move(nodes)...) {
    shape_ = unpack(nodes_, [](const auto&... n) { return broadcast_operands<rank>(n.shape()...); });
  }

  const weft::shape<rank>& shape() const { return shape_; }
  const Fn& operation() const { return fn_; }
  const std::tuple<Nodes...>& operands() const { return nodes_; }

  auto cursor() const {
    return unpack(nodes_, [&](const auto&... n) {
      using C = multi_cursor<Fn, Lanes, std::tuple<R...>, std::tuple<P...>, decltype(n.cursor())...>;
      return C{fn_holder<Fn>::of(fn_), {n.cursor()...}};
    });
  }

  // The operands' leaves (not the outputs': the assignment adds those).
  template <class F>
  void for_each_leaf(F&& f) const {
    unpack(nodes_, [&](const auto&... n) { (n.for_each_leaf(f), ...); });
  }

  template <class L>
  static constexpr bool simd_ok = [] {
    if constexpr (!Lanes) return false;
    else if constexpr (!multi_kernel_runs_on_lanes<Fn, L, std::tuple<R...>, P...>()) return false;
    else return (Nodes::template simd_ok<L> && ...);
  }();

private:
  Fn fn_;
  std::tuple<Nodes...> nodes_;
  weft::shape<rank> shape_;
};

template <class E>
concept multi_output_expression = requires { typename std::remove_cvref_t<E>::weft_multi_output_node; };

} // namespace weft::detail

namespace weft {

// Several expressions evaluated together, in one pass over their (broadcast)
// shape: weft::assign(std::tie(lo, hi), weft::outputs(m - d, m + d)). Each
// output is computed from its own expression; a sub-expression they share
// is computed for each (a vectorize kernel returning a tuple computes it
// once).
template <expression... E>
  requires(sizeof...(E) >= 2)
auto outputs(E&&... exprs) {
  using node = detail::multi_output_node<detail::values_as_tuple, true,
                                         std::tuple<std::remove_const_t<typename detail::node_t<E>::value_type>...>,
                                         std::tuple<std::remove_const_t<typename detail::node_t<E>::value_type>...>,
                                         detail::node_t<E>...>;
  return node(detail::values_as_tuple{}, detail::to_node(std::forward<E>(exprs))...);
}

} // namespace weft
