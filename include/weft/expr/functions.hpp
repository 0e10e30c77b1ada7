#pragma once
#include <type_traits>
#include <utility>

#include "weft/expr/ops/arithmetic.hpp"
#include "weft/expr/ops/compare_logic.hpp"
#include "weft/expr/ops/float_math.hpp"
#include "weft/expr/ops/special.hpp"
#include "weft/expr/ufunc.hpp"

// NumPy's ufuncs by name. Each works on expressions (lazily), on scalars
// (at once) and on SIMD batches (in kernels); see weft::ufunc.
namespace weft {

inline constexpr ufunc<ops::absolute> abs{};
inline constexpr ufunc<ops::sign> sign{};
inline constexpr ufunc<ops::sqrt> sqrt{};
inline constexpr ufunc<ops::cbrt> cbrt{};
inline constexpr ufunc<ops::square> square{};
inline constexpr ufunc<ops::reciprocal> reciprocal{};
inline constexpr ufunc<ops::negative> negative{};
inline constexpr ufunc<ops::exp> exp{};
inline constexpr ufunc<ops::exp2> exp2{};
inline constexpr ufunc<ops::expm1> expm1{};
inline constexpr ufunc<ops::log> log{};
inline constexpr ufunc<ops::log2> log2{};
inline constexpr ufunc<ops::log10> log10{};
inline constexpr ufunc<ops::log1p> log1p{};
inline constexpr ufunc<ops::sin> sin{};
inline constexpr ufunc<ops::cos> cos{};
inline constexpr ufunc<ops::tan> tan{};
inline constexpr ufunc<ops::arcsin> asin{};
inline constexpr ufunc<ops::arccos> acos{};
inline constexpr ufunc<ops::arctan> atan{};
inline constexpr ufunc<ops::arctan2> atan2{};
inline constexpr ufunc<ops::sinh> sinh{};
inline constexpr ufunc<ops::cosh> cosh{};
inline constexpr ufunc<ops::tanh> tanh{};
inline constexpr ufunc<ops::arcsinh> asinh{};
inline constexpr ufunc<ops::arccosh> acosh{};
inline constexpr ufunc<ops::arctanh> atanh{};
inline constexpr ufunc<ops::erf> erf{};
inline constexpr ufunc<ops::erfc> erfc{};
inline constexpr ufunc<ops::tgamma> tgamma{};
inline constexpr ufunc<ops::tgamma> gamma{};  // SciPy's name for tgamma
inline constexpr ufunc<ops::lgamma> lgamma{};
inline constexpr ufunc<ops::expit> expit{};
inline constexpr ufunc<ops::logaddexp> logaddexp{};
inline constexpr ufunc<ops::power> pow{};
inline constexpr ufunc<ops::hypot> hypot{};
inline constexpr ufunc<ops::floor> floor{};
inline constexpr ufunc<ops::ceil> ceil{};
inline constexpr ufunc<ops::round> round{};
inline constexpr ufunc<ops::rint> rint{};
inline constexpr ufunc<ops::trunc> trunc{};
inline constexpr ufunc<ops::fmod> fmod{};
inline constexpr ufunc<ops::floor_divide> floor_divide{};
inline constexpr ufunc<ops::remainder> mod{};
inline constexpr ufunc<ops::remainder> remainder{};
inline constexpr ufunc<ops::true_divide> true_divide{};
inline constexpr ufunc<ops::minimum> minimum{};
inline constexpr ufunc<ops::maximum> maximum{};
inline constexpr ufunc<ops::fmin> fmin{};
inline constexpr ufunc<ops::fmax> fmax{};
inline constexpr ufunc<ops::clip> clip{};
inline constexpr ufunc<ops::fused_multiply_add> fma{};
inline constexpr ufunc<ops::isnan> isnan{};
inline constexpr ufunc<ops::isinf> isinf{};
inline constexpr ufunc<ops::isfinite> isfinite{};
inline constexpr ufunc<ops::logical_and> logical_and{};
inline constexpr ufunc<ops::logical_or> logical_or{};
inline constexpr ufunc<ops::logical_not> logical_not{};

// where(cond, x, y): x where cond is true (non-zero), else y; broadcasts all
// three. The condition is read as bool, so it does not take part in the
// promotion of x and y.
template <operand C, operand X, operand Y>
  requires(expression<C> || expression<X> || expression<Y>)
auto where(C&& cond, X&& x, Y&& y) {
  if constexpr (std::is_same_v<typename detail::node_t<C>::value_type, bool>) {
    return detail::make_map(ops::where{}, std::forward<C>(cond), std::forward<X>(x), std::forward<Y>(y));
  } else {
    return detail::make_map(ops::where{}, detail::make_map(ops::cast_to<bool>{}, std::forward<C>(cond)),
                            std::forward<X>(x), std::forward<Y>(y));
  }
}

// The elements converted to U (NumPy's astype, unsafe casting): float to
// integer truncates; NaN and out-of-range values give what x86 gives.
template <element U, expression E>
auto astype(E&& e) {
  return detail::make_map(ops::cast_to<U>{}, std::forward<E>(e));
}

} // namespace weft
