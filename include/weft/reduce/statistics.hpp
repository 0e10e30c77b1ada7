#pragma once
// Statistics over reductions: mean, var, std (with ddof), and NumPy's
// nan-ignoring nansum, nanmean, nanmin, nanmax. Called like weft::sum
// (reducer.hpp); var and std also take weft::ddof{k}:
//   weft::var(x, weft::ddof{1}), weft::std(x, 0, weft::keepdims, weft::ddof{1})
// mean, var and std of integers are double; float stays float. var is
// NumPy's two-pass formula: mean(|x - mean(x)|^2) * n / (n - ddof), so it
// reads the input twice. An empty reduction gives NaN, as in NumPy.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "weft/expr/expr.hpp"
#include "weft/reduce/reducer.hpp"

namespace weft {

// Delta degrees of freedom for var and std: the divisor is n - ddof.
struct ddof {
  index_t value = 0;
};

namespace detail {

template <class A>
struct divide_by {
  A divisor;
  constexpr A operator()(A a) const { return a / divisor; }
};
template <class A>
struct divide_then_sqrt {
  A divisor;
  A operator()(A a) const { return std::sqrt(a / divisor); }
};

template <class E>
using mean_of_t = mean_acc_t<std::remove_const_t<typename node_t<E>::value_type>>;

struct mean_kind {
  static constexpr bool several_axes = true;
  template <class Node>
  using op_t = sum_reduction<mean_acc_t<std::remove_const_t<typename Node::value_type>>>;
  template <class E>
  auto whole(E&& e, const execution_policy& policy) const {
    auto node = to_node(std::forward<E>(e));
    using A = mean_of_t<E>;
    const A n = static_cast<A>(size_of(node.shape()));
    return reduce_whole<sum_reduction<A>, A>(node, divide_by<A>{n}, policy);
  }
  template <std::size_t M, class E>
  auto along(E&& e, const axis_mask<node_t<E>::rank>& mask, const execution_policy& policy) const {
    auto node = to_node(std::forward<E>(e));
    using A = mean_of_t<E>;
    const A n = static_cast<A>(reduced_count(node, mask));
    return reduce_along<M, sum_reduction<A>, A>(node, mask, divide_by<A>{n}, policy);
  }
  template <class E, class T, std::size_t M>
  view<T, M> into(E&& e, const axis_mask<node_t<E>::rank>& mask, const view<T, M>& out,
                  const execution_policy& policy) const {
    auto node = to_node(std::forward<E>(e));
    using A = mean_of_t<E>;
    const A n = static_cast<A>(reduced_count(node, mask));
    return reduce_into<sum_reduction<A>, A>(node, mask, divide_by<A>{n}, policy, out);
  }
};

// var (Sqrt = false) and std (Sqrt = true).
template <bool Sqrt>
struct spread_kind {
  static constexpr bool several_axes = true;
  index_t ddof = 0;

  template <class A>
  auto finisher(index_t n) const {
    const A divisor = static_cast<A>(std::max<index_t>(n - ddof, 0));
    if constexpr (Sqrt) return divide_then_sqrt<A>{divisor};
    else return divide_by<A>{divisor};
  }
  // e is used twice (mean, then the squared deviations): as an lvalue, so an
  // array operand is read through a view both times, never copied.
  template <class E>
  auto whole(E&& e, const execution_policy& policy) const {
    using A = mean_of_t<E>;
    const A m = mean_kind{}.whole(e, policy);
    auto node = to_node(weft::square(e - m));
    return reduce_whole<sum_reduction<A>, A>(node, finisher<A>(size_of(node.shape())), policy);
  }
  template <std::size_t M, class E>
  auto along(E&& e, const axis_mask<node_t<E>::rank>& mask, const execution_policy& policy) const {
    using A = mean_of_t<E>;
    constexpr std::size_t N = node_t<E>::rank;
    const auto m = mean_kind{}.template along<N>(e, mask, policy);  // keepdims: broadcasts against e
    auto node = to_node(weft::square(e - m));
    return reduce_along<M, sum_reduction<A>, A>(node, mask, finisher<A>(reduced_count(node, mask)), policy);
  }
};

template <class V>
using nansum_op_for = nan_sum_reduction<sum_acc_t<V>>;
template <class V>
using nanmin_op_for = std::conditional_t<std::is_floating_point_v<V>, nan_extremum_reduction<V, false>,
                                         extremum_reduction<V, false>>;
template <class V>
using nanmax_op_for = std::conditional_t<std::is_floating_point_v<V>, nan_extremum_reduction<V, true>,
                                         extremum_reduction<V, true>>;

// nanmean: the sum of the non-NaN elements over their count (two passes).
struct nanmean_kind {
  static constexpr bool several_axes = true;
  template <class E>
  auto whole(E&& e, const execution_policy& policy) const {
    using A = mean_of_t<E>;
    if constexpr (!std::is_floating_point_v<std::remove_const_t<typename node_t<E>::value_type>>) {
      return mean_kind{}.whole(std::forward<E>(e), policy);
    } else {
      const A s = reduce_whole<nan_sum_reduction<A>, A>(to_node(e), keep_value<A>{}, policy);
      const index_t c = reduce_whole<count_nonzero_reduction, index_t>(to_node(!weft::isnan(e)),
                                                                      keep_value<index_t>{}, policy);
      return s / static_cast<A>(c);
    }
  }
  template <std::size_t M, class E>
  auto along(E&& e, const axis_mask<node_t<E>::rank>& mask, const execution_policy& policy) const {
    using A = mean_of_t<E>;
    if constexpr (!std::is_floating_point_v<std::remove_const_t<typename node_t<E>::value_type>>) {
      return mean_kind{}.template along<M>(std::forward<E>(e), mask, policy);
    } else {
      auto s = reduce_along<M, nan_sum_reduction<A>, A>(to_node(e), mask, keep_value<A>{}, policy);
      const auto c =
          reduce_along<M, count_nonzero_reduction, index_t>(to_node(!weft::isnan(e)), mask, keep_value<index_t>{}, policy);
      A* out = s.data();
      const index_t* count = c.data();
      for (index_t i = 0; i < s.size(); ++i) out[i] = out[i] / static_cast<A>(count[i]);
      return s;
    }
  }
};

// Adds the ddof forms to var and std.
template <bool Sqrt>
struct spread_reducer : reducer<spread_kind<Sqrt>> {
  using reducer<spread_kind<Sqrt>>::operator();
  template <expression E>
  auto operator()(E&& e, weft::ddof d, const execution_policy& policy = auto_policy) const {
    return reducer<spread_kind<Sqrt>>{{d.value}}(std::forward<E>(e), policy);
  }
  template <expression E>
    requires reducible_along<E, 1>
  auto operator()(E&& e, int axis, weft::ddof d, const execution_policy& policy = auto_policy) const {
    return reducer<spread_kind<Sqrt>>{{d.value}}(std::forward<E>(e), axis, policy);
  }
  template <expression E>
    requires reducible_along<E, 1>
  auto operator()(E&& e, int axis, keepdims_t k, weft::ddof d, const execution_policy& policy = auto_policy) const {
    return reducer<spread_kind<Sqrt>>{{d.value}}(std::forward<E>(e), axis, k, policy);
  }
  template <expression E, std::size_t K>
    requires reducible_along<E, K>
  auto operator()(E&& e, const int (&axes)[K], weft::ddof d, const execution_policy& policy = auto_policy) const {
    return reducer<spread_kind<Sqrt>>{{d.value}}(std::forward<E>(e), axes, policy);
  }
};

} // namespace detail

inline constexpr reducer<detail::mean_kind> mean{};
inline constexpr detail::spread_reducer<false> var{};
inline constexpr detail::spread_reducer<true> std{};
inline constexpr reducer<detail::multi_axis_fold<detail::nansum_op_for>> nansum{};
inline constexpr reducer<detail::multi_axis_fold<detail::nanmin_op_for>> nanmin{};
inline constexpr reducer<detail::multi_axis_fold<detail::nanmax_op_for>> nanmax{};
inline constexpr reducer<detail::nanmean_kind> nanmean{};

} // namespace weft
