#pragma once
// weft::cumsum and weft::cumprod, as NumPy's:
//   cumsum(x)         the running sum of x flattened in row-major order (1-D)
//   cumsum(x, axis)   running sums along one axis, same shape as x
// Integers and bool accumulate in int64 (uint64 when unsigned), floats in
// their own type, in plain order (as NumPy), so every thread count gives the
// same bits: lines along the axis are independent and never split.
#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "weft/eval/eval.hpp"
#include "weft/expr/expr.hpp"
#include "weft/parallel/chunks.hpp"
#include "weft/reduce/axes.hpp"
#include "weft/reduce/ops.hpp"
#include "weft/reduce/reducer.hpp"

namespace weft {
namespace detail {

// Runs the scan in place on a C-contiguous array along `axis`, seen as
// (outer, n, inner); tasks are an outer position and a block of columns.
template <class Op, class T, std::size_t N>
void scan_in_place(T* p, const shape<N>& s, std::size_t axis, const execution_policy& policy) {
  index_t outer = 1, inner = 1;
  for (std::size_t k = 0; k < axis; ++k) outer *= s[k];
  for (std::size_t k = axis + 1; k < N; ++k) inner *= s[k];
  const index_t n = s[axis];
  if (n <= 1 || outer * inner == 0) return;
  constexpr index_t block = 1024;
  const index_t blocks = (inner + block - 1) / block;
  auto task = [=](index_t k) {
    const index_t o = k / blocks, j0 = k % blocks * block, j1 = std::min(inner, j0 + block);
    T* line = p + o * n * inner;
    for (index_t i = 1; i < n; ++i) {
      const T* prev = line + (i - 1) * inner;
      T* cur = line + i * inner;
      for (index_t j = j0; j < j1; ++j) cur[j] = Op::combine(prev[j], cur[j]);
    }
  };
  const index_t per_task = n * std::min(inner, block);
  parallel_for_chunks(outer * blocks, std::max<index_t>(1, parallel_cost_threshold / 4 / per_task),
                      [&](index_t b, index_t e) {
                        for (index_t k = b; k < e; ++k) task(k);
                      },
                      policy);
}

template <class Op, class E>
auto scan_along(E&& e, int axis, const execution_policy& policy) {
  using A = typename Op::acc_type;
  constexpr std::size_t N = node_t<E>::rank;
  const auto mask = make_axis_mask<N>(std::array<int, 1>{axis});  // checks the axis
  std::size_t k = 0;
  while (!mask.reduced[k]) ++k;
  auto t = weft::eval(weft::astype<A>(std::forward<E>(e)), policy);
  scan_in_place<Op>(t.data(), t.shape(), k, policy);
  return t;
}

template <class Op, class E>
auto scan_flat(E&& e, const execution_policy& policy) {
  using A = typename Op::acc_type;
  auto t = weft::eval(weft::astype<A>(std::forward<E>(e)), policy);
  auto flat = std::move(t).reshape(weft::shape<1>{t.size()});
  scan_in_place<Op>(flat.data(), flat.shape(), 0, policy);
  return flat;
}

// The scan into an existing array or view (NumPy's out=) of the input's
// shape (flattened: of its size). In place, without allocating, when out is
// contiguous and of the accumulator's type (evaluate_into takes care of an
// out that overlaps the input); otherwise computed aside and cast, as NumPy
// casts to out.
template <class Op, bool Flat, class E, class T, std::size_t M>
view<T, M> scan_into(E&& e, int axis, const view<T, M>& out, const execution_policy& policy) {
  using A = typename Op::acc_type;
  constexpr std::size_t N = node_t<E>::rank;
  const auto in_shape = e.shape();
  const shape<M> want = [&] {
    if constexpr (Flat) return shape<1>{size_of(in_shape)};
    else return in_shape;
  }();
  if (out.shape() != want)
    throw shape_error("weft: out has shape " + to_string(out.shape()) + " but this scan of an array of shape " +
                      to_string(in_shape) + " gives shape " + to_string(want));
  std::size_t k = 0;
  if constexpr (!Flat) {
    const auto mask = make_axis_mask<N>(std::array<int, 1>{axis});
    while (!mask.reduced[k]) ++k;
  }
  if constexpr (std::is_same_v<T, A>) {
    if (out.is_contiguous()) {
      const shape<N> as_input = in_shape;
      evaluate_into(view<T, N>(out.data(), as_input, row_major_strides(as_input)), weft::astype<A>(std::forward<E>(e)), policy);
      if constexpr (Flat) scan_in_place<Op>(out.data(), want, 0, policy);
      else scan_in_place<Op>(out.data(), in_shape, k, policy);
      return out;
    }
  }
  if constexpr (Flat) out.assign(scan_flat<Op>(std::forward<E>(e), policy).as_view());
  else out.assign(scan_along<Op>(std::forward<E>(e), axis, policy).as_view());
  return out;
}

template <class E>
using scan_acc_t = sum_acc_t<std::remove_const_t<typename node_t<E>::value_type>>;

} // namespace detail

template <expression E>
auto cumsum(E&& e, const execution_policy& policy = auto_policy) {
  return detail::scan_flat<detail::sum_reduction<detail::scan_acc_t<E>>>(std::forward<E>(e), policy);
}
template <expression E>
  requires(detail::node_t<E>::rank >= 1)
auto cumsum(E&& e, int axis, const execution_policy& policy = auto_policy) {
  return detail::scan_along<detail::sum_reduction<detail::scan_acc_t<E>>>(std::forward<E>(e), axis, policy);
}
template <expression E>
auto cumprod(E&& e, const execution_policy& policy = auto_policy) {
  return detail::scan_flat<detail::prod_reduction<detail::scan_acc_t<E>>>(std::forward<E>(e), policy);
}
template <expression E>
  requires(detail::node_t<E>::rank >= 1)
auto cumprod(E&& e, int axis, const execution_policy& policy = auto_policy) {
  return detail::scan_along<detail::prod_reduction<detail::scan_acc_t<E>>>(std::forward<E>(e), axis, policy);
}

// Into an existing array or view (NumPy's out=): of the input's shape with
// an axis, of its size (1-D) without. Returns a view of out.
template <expression E, writable_array O>
  requires(detail::node_t<E>::rank >= 1)
auto cumsum(E&& e, int axis, O&& out, const execution_policy& policy = auto_policy) {
  return detail::scan_into<detail::sum_reduction<detail::scan_acc_t<E>>, false>(std::forward<E>(e), axis,
                                                                              out.as_view(), policy);
}
template <expression E, writable_array O>
auto cumsum(E&& e, O&& out, const execution_policy& policy = auto_policy) {
  return detail::scan_into<detail::sum_reduction<detail::scan_acc_t<E>>, true>(std::forward<E>(e), 0, out.as_view(),
                                                                             policy);
}
template <expression E, writable_array O>
  requires(detail::node_t<E>::rank >= 1)
auto cumprod(E&& e, int axis, O&& out, const execution_policy& policy = auto_policy) {
  return detail::scan_into<detail::prod_reduction<detail::scan_acc_t<E>>, false>(std::forward<E>(e), axis,
                                                                               out.as_view(), policy);
}
template <expression E, writable_array O>
auto cumprod(E&& e, O&& out, const execution_policy& policy = auto_policy) {
  return detail::scan_into<detail::prod_reduction<detail::scan_acc_t<E>>, true>(std::forward<E>(e), 0, out.as_view(),
                                                                              policy);
}

} // namespace weft
