#pragma once
#include <type_traits>
#include <utility>

#include "weft/expr/map.hpp"
#include "weft/simd/batch.hpp"

namespace weft {

namespace detail {
template <class A>
inline constexpr bool is_batch_v = simd::is_batch<std::remove_cvref_t<A>>;

template <class A>
inline constexpr bool is_scalar_v = std::is_arithmetic_v<std::remove_cvref_t<A>>;

#if WEFT_USE_XSIMD
// In a kernel running on lanes, scalars beside a batch become batches.
template <class B, class A>
decltype(auto) as_batch_like(A&& a) {
  if constexpr (is_batch_v<A>) return std::forward<A>(a);
  else return B(static_cast<typename B::value_type>(a));
}
template <class... A>
struct first_batch;
template <class A, class... R>
struct first_batch<A, R...> {
  using type = std::conditional_t<is_batch_v<A>, std::remove_cvref_t<A>, typename first_batch<R...>::type>;
};
template <>
struct first_batch<> {
  using type = void;
};
#endif
} // namespace detail

// An element-wise function in NumPy's sense, usable three ways:
//   on expressions (arrays, views, lazy nodes, with scalars beside them):
//     builds a lazy, broadcasting node, nothing is computed yet;
//   on C++ scalars: computes at once, with NumPy's result type;
//   on SIMD batches (inside weft::vectorize kernels): computes on lanes.
template <class Op>
struct ufunc {
  template <operand... A>
    requires((expression<A> || ...))
  auto operator()(A&&... args) const {
    return detail::make_map(Op{}, std::forward<A>(args)...);
  }

  template <class... S>
    requires((detail::is_scalar_v<S> && ...) && sizeof...(S) > 0)
  auto operator()(S... args) const {
    using C = typename detail::compute_type<Op, detail::scalar_node<S>...>::type;
    if constexpr (std::is_same_v<C, detail::own_types>) return Op{}(args...);
    else return Op{}(static_cast<C>(args)...);
  }

#if WEFT_USE_XSIMD
  template <class... A>
    requires((detail::is_batch_v<A> || ...) && ((detail::is_batch_v<A> || detail::is_scalar_v<A>) && ...))
  auto operator()(A&&... args) const {
    using B = typename detail::first_batch<A...>::type;
    return Op{}.simd(detail::as_batch_like<B>(std::forward<A>(args))...);
  }
#endif
};

} // namespace weft
