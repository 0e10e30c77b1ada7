#pragma once
// The expression node of a weft::vectorize kernel applied to operands: like
// the built-in map node (expr/map.hpp), but each operand is converted to its
// own parameter type (a typed signature may mix them, double(std::int64_t,
// double)), and the operation is a user function held in the node.
#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "weft/core/broadcast.hpp"
#include "weft/core/errors.hpp"
#include "weft/expr/expression.hpp"
#include "weft/simd/batch.hpp"
#include "weft/core/unpack.hpp"
#include "weft/expr/user_function.hpp"

namespace weft::detail {

// Whether fn runs on SIMD lanes of L for every operand at once: all
// parameters and the result are L (a floating lane type) and fn, called with
// batches, returns a batch of L.
template <class Fn, class L, class Result, class... P>
constexpr bool kernel_runs_on_lanes() {
#if WEFT_USE_XSIMD
  if constexpr (!std::is_floating_point_v<L> || !simd::lane_type<L> || !std::is_same_v<Result, L> ||
                !(std::is_same_v<P, L> && ...)) {
    return false;
  } else {
    using B = simd::batch<L>;
    if constexpr (!std::is_invocable_v<const Fn&, std::conditional_t<true, B, P>...>) return false;
    else return std::is_same_v<std::remove_cvref_t<std::invoke_result_t<const Fn&, std::conditional_t<true, B, P>...>>, B>;
  }
#else
  return false;
#endif
}

template <class Fn, bool Lanes, class Result, class Params, class... Cursors>
struct kernel_cursor;

template <class Fn, bool Lanes, class Result, class... P, class... Cursors>
struct kernel_cursor<Fn, Lanes, Result, std::tuple<P...>, Cursors...> {
  static constexpr std::size_t leaf_count = (std::size_t{0} + ... + Cursors::leaf_count);
  fn_holder<Fn> fn;
  std::tuple<Cursors...> children;

  void bind(const leaf_rows& at, std::size_t& k) {
    unpack(children, [&](auto&... c) { (c.bind(at, k), ...); });
  }
  Result get(index_t i) const {
    return unpack(children, [&](const auto&... c) { return static_cast<Result>(fn.get()(static_cast<P>(c.get(i))...)); });
  }
#if WEFT_USE_XSIMD
  template <class L, bool Unit = false>
    requires Lanes
  simd::batch<L> load(index_t i) const {
    return unpack(children, [&](const auto&... c) { return fn.get()(c.template load<L, Unit>(i)...); });
  }
#endif
};

// fn applied element by element to broadcast operands. Lanes: fn may be
// called with SIMD batches (a generic kernel); otherwise only with P... .
template <class Fn, bool Lanes, class Result, class Params, class... Nodes>
class kernel_node;

template <class Fn, bool Lanes, class Result, class... P, class... Nodes>
class kernel_node<Fn, Lanes, Result, std::tuple<P...>, Nodes...> {
public:
  using weft_expression_node = void;
  using value_type = Result;
  static constexpr std::size_t rank = std::max({std::size_t{0}, Nodes::rank...});
  static constexpr bool is_weak = false;
  static constexpr int cost = user_kernel_cost + (0 + ... + Nodes::cost);

  kernel_node(Fn fn, Nodes... nodes) : fn_(std::move(fn)), nodes_(std::move(nodes)...) {
    shape_ = unpack(nodes_, [](const auto&... n) { return broadcast_operands<rank>(n.shape()...); });
  }

  const weft::shape<rank>& shape() const { return shape_; }
  const Fn& operation() const { return fn_; }
  const std::tuple<Nodes...>& operands() const { return nodes_; }

  auto cursor() const {
    return unpack(nodes_, [&](const auto&... n) {
          using C = kernel_cursor<Fn, Lanes, Result, std::tuple<P...>, decltype(n.cursor())...>;
          return C{fn_holder<Fn>::of(fn_), {n.cursor()...}};
        });
  }

  template <class F>
  void for_each_leaf(F&& f) const {
    unpack(nodes_, [&](const auto&... n) { (n.for_each_leaf(f), ...); });
  }
  template <class F>
  void for_each_owned_leaf(F&& f) {
    unpack(nodes_, [&](auto&... n) { (n.for_each_owned_leaf(f), ...); });
  }

  template <class L>
  static constexpr bool simd_ok = [] {
    if constexpr (!Lanes) return false;
    else if constexpr (!kernel_runs_on_lanes<Fn, L, Result, P...>()) return false;
    else return (Nodes::template simd_ok<L> && ...);
  }();

private:
  Fn fn_;
  std::tuple<Nodes...> nodes_;
  weft::shape<rank> shape_;
};

} // namespace weft::detail
