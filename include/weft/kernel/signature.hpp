#pragma once
// Typed kernel signatures, as in Numba's @vectorize([float64(float64, float64)]):
// weft::vectorize<double(double, double), float(float, float)>(fn). A call
// takes the first signature whose parameters every argument's dtype casts to
// safely (NumPy's can_cast(..., "safe")), as Numba and NumPy pick a loop.
#include <cstddef>
#include <tuple>
#include <type_traits>

#include "weft/core/element.hpp"
#include "weft/core/promotion.hpp"

namespace weft {
namespace detail {

// NumPy's can_cast(From, To, casting="safe"): To holds every From value.
template <class From, class To>
inline constexpr bool casts_safely = std::is_same_v<promote_t<From, To>, dtype_t<To>>;

template <class Sig>
struct signature_traits {
  static constexpr bool valid = false;
};
template <element R, element... P>
struct signature_traits<R(P...)> {
  static constexpr bool valid = true;
  using result = R;
  using params = std::tuple<P...>;
  static constexpr std::size_t arity = sizeof...(P);

  template <class... A>
  static constexpr bool accepts() {
    if constexpr (sizeof...(A) != sizeof...(P)) return false;
    else return (casts_safely<A, P> && ...);
  }
};

// A kernel with several outputs: std::tuple<double, double>(double, double).
template <element... R, element... P>
  requires(sizeof...(R) >= 2)
struct signature_traits<std::tuple<R...>(P...)> : signature_traits<double(P...)> {
  using result = std::tuple<R...>;
};

// The first of Sigs that accepts argument dtypes A..., or void.
template <class Args, class... Sigs>
struct first_accepting {
  using type = void;
};
template <class... A, class Sig, class... Rest>
struct first_accepting<std::tuple<A...>, Sig, Rest...> {
  using type = std::conditional_t<signature_traits<Sig>::template accepts<A...>(), Sig,
                                  typename first_accepting<std::tuple<A...>, Rest...>::type>;
};

} // namespace detail

// A function type that can be a kernel signature: arithmetic result (or a
// std::tuple of them, for several outputs) and parameters, e.g.
// double(double, double) or float(float, std::int32_t).
template <class Sig>
concept kernel_signature = detail::signature_traits<Sig>::valid;

} // namespace weft
